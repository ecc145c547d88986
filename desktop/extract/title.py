"""A short human title for a document: never a paragraph, at most ~150 chars.

Ofsted papers are titled by their own title phrase ("Monitoring visit of
Leeds children's services"), with the authority added when the phrase does
not name it. Minutes take their "Minutes of the meeting of ... held on
<date>" line. Officer reports take a "Title:"/"Subject:" field, otherwise
the committee heading and the purpose. Anything else takes its first
heading lines, or a usable title hint (DOCX core title, HTML <title>).
"""

from __future__ import annotations

import re

from desktop.domain.documents import DocType
from desktop.extract import _text
from desktop.extract.dates import first_date

MAX_TITLE = 150
_I = re.IGNORECASE

_SIF_TITLE = re.compile(
    r"(?:re-? ?)?inspection of services for children in need of help and protection,? "
    r"children looked after and care leavers",
    _I,
)
_TITLE_END = re.compile(
    r"\s(?:This letter|Dear\b|Inspection dates?\b|Lead inspector|Report published|Judgement\b|"
    r"Children's services in\b|Between\b|From\b|Overall effectiveness|The local authority\b|"
    r"Introduction\b|During\b|Ofsted\b)|[.;:]\s",
)
_FIELD_TITLE = re.compile(
    r"^\s*(?:report title|title of report|title|subject|report subject|re)\s*:\s*(?P<v>\S.{2,})$", _I | re.M
)
_PURPOSE = re.compile(
    r"\b(?:purpose of (?:the |this )?report|1\.? purpose)\s*:?\s*(?P<v>.{10,400}?)(?:\.\s|$)", _I
)
_BRIEFING_VERB = re.compile(
    r"^to (?:appraise|inform|update|advise|brief|provide|give|present to)\b"
    r"[^.]{0,90}?\b(?:of|on|about|with)\s+(?:the\s+)?",
    _I,
)
# "To provide the budget outturn figures..." says what the paper is once its verb goes.
_PROVIDING_VERB = re.compile(
    r"^to (?:provide|present|give|set out|share|report|outline|summarise|summarize)\s+"
    r"(?:(?:members|the committee|councillors|the panel)\s+(?:with\s+)?)?(?:the\s+|an?\s+)?",
    _I,
)
_COMMITTEE_NAME = re.compile(r"\b(?:committee|panel|board|cabinet|council|forum)$", _I)
_HELD_DATE_END = re.compile(r"\bheld\b", _I)
_JUNK_HINT = re.compile(r"draft|microsoft|untitled|template|^document\s*\d*$|\.(?:docx?|pdf|txt|html?)$", _I)
_NOT_A_HEADING = re.compile(
    r"^(?:agenda item\b|item\s+\d|page\s+\d|\d+$|[ivx]+$|appendix\b|annex\b|part\s+[a-z]\b|"
    r"(?:date of meeting|meeting date|date)\s*:|public\b|not for publication|restricted|official\b)",
    _I,
)
_BODY_HEADING = re.compile(
    r"^(?:\d+\.?\s+)?(?:purpose|summary|background|introduction|recommendations?|executive summary|"
    r"contents|key points|context|present|apologies)\b",
    _I,
)
_SMALL_WORDS = {"and", "of", "the", "for", "to", "in", "on", "with", "at", "a", "an", "or", "by"}
ARROW = " \u2014 "


def smart_case(line: str) -> str:
    """Title-case a line written in capitals; leave others alone."""
    letters = [c for c in line if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) < 0.8 * len(letters):
        return line
    words = line.lower().split()
    return " ".join(
        w if (i and w in _SMALL_WORDS) else w[:1].upper() + w[1:] for i, w in enumerate(words)
    )


def _sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def usable_hint(hint: str | None) -> str | None:
    """A title hint that reads like a title, not a file name or a draft label."""
    if not hint:
        return None
    hint = " ".join(hint.split())
    if not 3 <= len(hint) <= 200 or len(hint.split()) < 2 or _JUNK_HINT.search(hint):
        return None
    return _text.clip(hint, MAX_TITLE)


def _with_authority(title: str, authority: str | None) -> str:
    if authority and authority.lower() not in title.lower():
        title = _text.clip(title, MAX_TITLE - len(authority) - 3) + ARROW + authority
    return _text.clip(title, MAX_TITLE)


def ofsted_title(flat: str, title_at: int, authority: str | None) -> str:
    sif = _SIF_TITLE.search(flat, title_at, title_at + 300)
    if sif:
        phrase = sif.group()
    else:
        rest = flat[title_at : title_at + 220]
        end = _TITLE_END.search(rest, 10)
        phrase = rest[: end.start()] if end else rest
    return _with_authority(_sentence_start(smart_case(phrase.strip(" ,-"))), authority)


def minutes_title(flat: str, title_at: int) -> str:
    rest = flat[title_at : title_at + 300]
    held = _HELD_DATE_END.search(rest)
    if held:
        date_span = first_date(rest[held.end() : held.end() + 80])
        end = held.end() + date_span.end if date_span else held.start()
        phrase = rest[:end]
    else:
        stop = _TITLE_END.search(rest, 10)
        phrase = rest[: stop.start()] if stop else rest
    phrase = phrase.strip(" ,-")
    # "MINUTES of a meeting..." -> "Minutes of a meeting..."
    first, _, tail = phrase.partition(" ")
    return _text.clip(f"{first.capitalize()} {tail}".strip(), MAX_TITLE)


def heading_lines(text: str, limit: int = 3) -> list[str]:
    """The first short lines that look like headings, in plain form."""
    lines: list[str] = []
    for raw in _text.plain(text[:4000]).splitlines()[:60]:
        line = " ".join(raw.split()).strip(" \u2022-*\u25aa|")
        if not line or _NOT_A_HEADING.match(line):
            continue
        if len(line) > 120 or line.endswith((".", ",", ";")) or ":" in line or _BODY_HEADING.match(line):
            break
        if line.count("|") >= 2 or "\t" in raw.strip():
            break  # a table header row, not a title
        dated = first_date(line)
        if dated and dated.end >= len(line) - 2:
            continue  # a date line belongs to the header, not the title
        lines.append(smart_case(line))
        if len(lines) >= limit or sum(len(x) for x in lines) > 90:
            break
    return lines


def report_title(text: str, flat: str) -> str:
    field = _FIELD_TITLE.search(_text.plain(text[:4000]))
    if field:
        return _text.clip(smart_case(" ".join(field["v"].split())), MAX_TITLE)
    heading = ARROW.join(heading_lines(text, limit=2))
    purpose = _PURPOSE.search(flat[:3000])
    if purpose:
        aim = _BRIEFING_VERB.sub("", purpose["v"].strip(" :"), count=1)
        aim = (_PROVIDING_VERB.sub("", aim, count=1) or aim).rstrip(" .")
        if not heading or _COMMITTEE_NAME.search(heading):
            # The committee is the audience, not the subject: the aim says more.
            return _text.clip(_sentence_start(aim), MAX_TITLE)
        return _text.clip(f"{heading}: {aim}", MAX_TITLE)
    return _text.clip(heading, MAX_TITLE)


def detect_title(
    text: str,
    flat: str,
    doc_type: DocType,
    title_at: int | None,
    authority: str | None,
    title_hint: str | None = None,
) -> str:
    """The title for a document of known type; ``title_at`` is its signature position."""
    ofsted = {DocType.INSPECTION_REPORT, DocType.MONITORING_VISIT, DocType.FOCUSED_VISIT, DocType.JOINT_INSPECTION}
    if doc_type in ofsted and title_at is not None:
        return ofsted_title(flat, title_at, authority)
    if doc_type is DocType.COMMITTEE_MINUTES and title_at is not None:
        return minutes_title(flat, title_at)
    hint = usable_hint(title_hint)
    if hint:
        return hint
    field = _FIELD_TITLE.search(_text.plain(text[:4000]))
    if field:
        return _text.clip(smart_case(" ".join(field["v"].split())), MAX_TITLE)
    if doc_type is DocType.COMMITTEE_REPORT:
        title = report_title(text, flat)
    else:
        title = ARROW.join(heading_lines(text)) or report_title(text, flat)
    return _text.clip(title or flat[:80], MAX_TITLE)
