"""Splitting an agenda pack into its papers.

A pack is one file holding every paper of a meeting. Papers are found two
ways: "Agenda Item 5" stamps that many councils print at the top of each
item, and lines that open a paper (an Ofsted title, "Minutes of the meeting
of", "Purpose of the report", a scorecard title...). A candidate line is
walked back over the few short header lines above it (committee name, date)
and is kept only if the document type detector, reading from there, finds
that paper's signature right at its start: a paper that merely *mentions*
an inspection does not start a new part. Starts closer than ``MIN_PAPER``
characters are merged. Fewer than two papers means the text is not a pack.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from desktop.domain.documents import DocType, DocumentMetadata
from desktop.extract import _text
from desktop.extract.authority import best_authority
from desktop.extract.doctype import classify_with_signature
from desktop.extract.title import ARROW, MAX_TITLE

MIN_PAPER = 800  # characters; no real paper is shorter than this
MIN_PREAMBLE = 200  # non-space characters that make a front sheet worth keeping
SIGNATURE_REACH = 600  # a confirmed start has its signature this close
MAX_HEADER_LINES = 3
MAX_HEADER_CHARS = 300

_I = re.IGNORECASE
_ITEM_STAMP = re.compile(r"^\s*agenda\s+item\s*(?:no\.?\s*)?(?P<n>\d{1,3}[a-z]?(?:\.\d{1,2})?)\s*$", _I)
_OPENING_LINE = re.compile(
    r"^\s*(?:"
    r"(?:Re-? ?)?Inspection of\b|Monitoring visit (?:of|to)\b|Focused visit (?:of|to)\b|"
    r"Joint targeted area inspection\b|(?:Joint )?(?:local )?area SEND inspection\b|"
    r"MINUTES\b|Minutes of\b|Report to\s*:|Date of (?:the )?meeting\b|Meeting date\b|"
    r"Purpose of (?:the |this )?report\b|1\.?\s+Purpose\b|"
    # A scorecard title is capitalised; a sentence mentioning "the scorecard" is not.
    r"(?-i:[^.\n]{0,60}\b(?:Scorecard|SCORECARD|Performance (?:Report|Scorecard|Summary|Dashboard)|"
    r"PERFORMANCE (?:REPORT|SCORECARD|SUMMARY|DASHBOARD))\b[^.\n]{0,40})$"
    r")",
    _I,
)
# Ofsted repeats a report's title at the top of every page; only the title
# page is followed by its front matter.
_INSPECTION_FRONT = re.compile(
    r"\b(?:inspection dates?|report published|lead inspector|judgement|overall effectiveness)\b", _I
)
_STOP_LINE = re.compile(
    r"^(?:meeting (?:concluded|closed|ended|finished)|the meeting (?:closed|ended)|"
    r"chair(?:man|person)?\b|signed\b|\u00a9|crown copyright|page\s*\d+|yours (?:sincerely|faithfully)|"
    r"[wetf]\s*:|textphone|www\.|https?:|end of (?:report|document))",
    _I,
)
_LETTERS = {DocType.MONITORING_VISIT, DocType.FOCUSED_VISIT, DocType.JOINT_INSPECTION}
_LETTER_FURNITURE = re.compile(r"\b(?:dear|this letter|yours sincerely|summarises the findings)\b")
_ATTENDANCE = re.compile(r"\b(?:present|apologies|in attendance|attendees|members attending)\b")
_AGENDA_LIST_LINE = re.compile(r"^\d{1,3}(?:\.\d{1,2})*\.?\s|\(pages?\s*\d", _I)
_NUMBERED_PURPOSE = re.compile(r"^\s*1\.?\s+Purpose\b", _I)
_WORD = re.compile(r"[A-Za-z]{3,}")
_COMMITTEE = re.compile(
    r"\b[A-Z][\w&'-]*(?:\s+(?:[A-Z][\w&'-]*|and|&|of|for|on|the)){0,9}\s+"
    r"(?:Committee|Sub-Committee|Panel|Board|Cabinet|Forum)\b"
)
PAPER_TYPES = {DocType.COMMITTEE_REPORT, DocType.PERFORMANCE_REPORT, DocType.IMPROVEMENT_PLAN}


@dataclass(frozen=True)
class PackPart:
    """One paper of a pack: ``text[start:end]``."""

    start: int
    end: int


def _lines_with_offsets(text: str) -> list[tuple[int, str]]:
    offsets, position = [], 0
    for line in text.splitlines(keepends=True):
        offsets.append((position, line))
        position += len(line)
    return offsets


def _is_header_line(line: str) -> bool:
    """Could this line belong to the header block above a paper's title?

    Not an item stamp (it belongs to the stamp's own start), not a line of
    the agenda list ("4. Focused visit letter (Pages 5 - 9)").
    """
    stripped = line.strip()
    return (
        0 < len(stripped) <= 100
        and not stripped.endswith((".", ";", ","))
        and not _STOP_LINE.match(stripped)
        and not _ITEM_STAMP.match(stripped)
        and not _AGENDA_LIST_LINE.search(stripped)
        and _WORD.search(stripped) is not None
    )


def _walk_back(lines: list[tuple[int, str]], index: int) -> int:
    """Offset where the paper whose opening line is ``lines[index]`` begins."""
    start = lines[index][0]
    taken = 0
    for j in range(index - 1, max(-1, index - 12), -1):
        offset, line = lines[j]
        if not line.strip():
            continue
        if not _is_header_line(line) or taken >= MAX_HEADER_LINES or start - offset > MAX_HEADER_CHARS:
            break
        start, taken = offset, taken + 1
    return start


def _paper_opened_at(text: str, start: int) -> DocType | None:
    """The type of the paper whose signature appears right at ``start``, if any."""
    flat = _text.flatten(text[start : start + 4000])
    doc_type, signature = classify_with_signature(flat)
    if doc_type is DocType.OTHER or signature is None or signature.start() > SIGNATURE_REACH:
        return None
    after = flat[signature.end() : signature.end() + 2500].lower()
    if doc_type is DocType.INSPECTION_REPORT and not _INSPECTION_FRONT.search(after[:700]):
        return None
    if doc_type in _LETTERS and not _LETTER_FURNITURE.search(flat[: signature.end() + 1000].lower()):
        return None  # a heading inside a report that names a visit
    if doc_type is DocType.COMMITTEE_MINUTES and not _ATTENDANCE.search(after):
        return None  # "Minutes of the meeting ... are attached"
    return doc_type


def _candidate_starts(text: str) -> list[int]:
    lines = _lines_with_offsets(text)
    stamps_seen: set[str] = set()
    openings_seen: set[str] = set()
    starts: list[int] = []
    for index, (offset, line) in enumerate(lines):
        if len(line) > 200:
            continue
        stamp = _ITEM_STAMP.match(line)
        if stamp:
            # Some councils stamp every page of an item; its first page starts it.
            if stamp["n"].lower() not in stamps_seen:
                stamps_seen.add(stamp["n"].lower())
                starts.append(offset)
            continue
        if _OPENING_LINE.match(line) and not line.lstrip()[:1].islower():
            # A bare "1. Purpose" has no title block we can tell from table debris.
            start = offset if _NUMBERED_PURPOSE.match(line) else _walk_back(lines, index)
            doc_type = _paper_opened_at(text, start)
            if doc_type is DocType.PERFORMANCE_REPORT:
                # A scorecard's name repeated on each of its pages is a header.
                key = " ".join(_text.plain(line).lower().split())
                if key in openings_seen:
                    continue
                openings_seen.add(key)
            if doc_type is not None:
                starts.append(start)
    return sorted(set(starts))


def _merge_close(starts: list[int]) -> list[int]:
    merged: list[int] = []
    for start in starts:
        if not merged or start - merged[-1] >= MIN_PAPER:
            merged.append(start)
    return merged


def split_agenda_pack(text: str) -> list[PackPart]:
    """The papers of an agenda pack, in order; [] when fewer than two are found.

    Parts cover the text from the first paper to the end with no gap; a
    front sheet before the first paper becomes a part of its own when it
    has real content, otherwise it is folded into the first paper.
    """
    if not text:
        return []
    starts = _merge_close(_candidate_starts(text))
    if len(starts) < 2:
        return []
    preamble = text[: starts[0]]
    if len("".join(preamble.split())) >= MIN_PREAMBLE:
        starts.insert(0, 0)
    else:
        starts[0] = 0
    ends = starts[1:] + [len(text)]
    return [PackPart(s, e) for s, e in zip(starts, ends, strict=False) if text[s:e].strip()]


def _part_metadata(text: str, parts: list[PackPart]) -> list[DocumentMetadata]:
    from desktop.extract.metadata import detect_metadata  # metadata imports nothing from here

    return [detect_metadata(text[p.start : p.end]) for p in parts]


def _meeting_date(papers: list[DocumentMetadata]) -> date | None:
    """The meeting a pack is for: the date its own reports carry.

    Minutes in a pack are of the *previous* meeting and an inspection report
    predates it, so reports written for the meeting are asked first; failing
    them, the latest dated paper (a meeting follows all its papers).
    """
    written_for = Counter(m.date for m in papers if m.doc_type in PAPER_TYPES and m.date)
    if written_for:
        top = max(written_for.values())
        return max(d for d, n in written_for.items() if n == top)
    dated = [m.date for m in papers if m.date]
    return max(dated) if dated else None


def _committee_name(text: str) -> str | None:
    match = _COMMITTEE.search(_text.head(text, 3000))
    if not match:
        return None
    return re.sub(r"^(?:The|A|An)\s+", "", match.group())


def detect_pack_metadata(text: str, parts: list[PackPart]) -> DocumentMetadata:
    """Type AGENDA_PACK, with the pack's authority, meeting date and a title."""
    parts = parts or [PackPart(0, len(text))]
    papers = _part_metadata(text, parts)
    heads = " ".join(_text.head(text[p.start : p.end], 3000) for p in parts)
    authority = best_authority(heads)
    meeting = _meeting_date(papers)
    committee = _committee_name(text)
    title = f"{committee or 'Meeting'}{ARROW}agenda pack"
    if meeting:
        title += f", {meeting.day} {meeting:%B %Y}"
    elif authority:
        title += f" ({authority})"
    return DocumentMetadata(
        doc_type=DocType.AGENDA_PACK,
        authority=authority,
        date=meeting,
        title=_text.clip(title, MAX_TITLE),
    )
