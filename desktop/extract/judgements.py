"""The judgement table of an inspection: each area and its grade, and the overall judgement.

Reports print it near the start, as a table that text extraction turns into
lines: "1. Children who need help and protection<TAB>Inadequate", or the area
on one line and its grade on the next, or "Overall effectiveness Good". The
2013-17 reports state the overall judgement as a sentence instead ("Children's
services in Rutland are inadequate"). The first run of such lines is the
table; the same grades repeated above each later section are not read again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from desktop.domain.documents import PassageDraft
from desktop.domain.recommendations import JudgementDraft
from desktop.extract.list_items import clean, item_mark
from desktop.ingest.markers import ends_mid_sentence

_GRADE = (r"(?P<grade>outstanding|good|requires? improvement(?: to be good)?|inadequate|adequate"
          r"|not yet good enough)")
_ROW = re.compile(rf"(?P<area>.*?)[\s:\u2013\u2014-]*\b{_GRADE}['\u2019\"]?\.?", re.IGNORECASE)
_TABLE_HEADER = re.compile(r"(?:key )?judgements?(?:\s+(?:judgement\s+)?grades?)?|areas?\s+(?:judgement|grade)s?",
                           re.IGNORECASE)
_OVERALL = re.compile(
    r"(?:overall,? )?(?:the overall judgement is that )?"
    r"(?:children['\u2019]s services|services for children(?: and families)?(?: and young people)?)"
    r"(?: (?:in|at|for|provided by) .{1,80}?)? (?:(?:are|is|remain|remains|were|was) )?"
    rf"{_GRADE}\.?",
    re.IGNORECASE,
)
_AREA_WORDS = frozenset("""children child care leaders leadership adoption effectiveness protection
permanence fostering safeguarding management governance experiences impact services board lscb
leavers looked overall help""".split())
CANONICAL_GRADES = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires improvement to be good": "Requires improvement to be good",
    "require improvement to be good": "Requires improvement to be good",
    "requires improvement": "Requires improvement",
    "require improvement": "Requires improvement",
    "inadequate": "Inadequate",
    "adequate": "Adequate",
    "not yet good enough": "Not yet good enough",
}
OVERALL_AREA = "Overall effectiveness"
LSCB_AREA = "Local Safeguarding Children Board"
# 2013-17 reports review the LSCB in their last part, headed by its grade:
# "The Local Safeguarding Children Board is good", "... requires improvement".
_LSCB_GRADE = re.compile(
    rf"(?:the )?(?:local safeguarding children(?:'s)? board|lscb)(?: \(lscb\))? (?:is |are |was )?{_GRADE}\.?",
    re.IGNORECASE)
MAX_ROW_CHARS = 200
OPENING_PASSAGES = 80  # the overall sentence of a 2013-17 report is on its first page


def canonical_grade(text: str) -> str:
    return CANONICAL_GRADES[" ".join(text.lower().split())]


def find_judgements(passages: Sequence[PassageDraft]) -> list[JudgementDraft]:
    """The inspection's judgement table, overall judgement included; [] when there is none."""
    table = _first_table(passages)
    if not any(j.area.lower().startswith("overall") for j in table):
        overall = _overall_sentence(passages)
        if overall is not None and table:
            table.insert(0, overall)
    if table and not any(j.area == LSCB_AREA for j in table):
        lscb = _lscb_grade(passages, table[-1].source_passage or 0)
        if lscb is not None:
            table.append(lscb)
    return table


def _lscb_grade(passages: Sequence[PassageDraft], after: int) -> JudgementDraft | None:
    """The review grade of the LSCB, from the heading of its part of the report."""
    for seq in range(after + 1, len(passages)):
        text = passages[seq].text
        if len(text) > 100 or "oard" not in text and "LSCB" not in text:
            continue
        match = _LSCB_GRADE.fullmatch(clean(text).replace("\u2019", "'"))
        if match:
            return JudgementDraft(area=LSCB_AREA, grade=canonical_grade(match.group("grade")), source_passage=seq)
    return None


def _first_table(passages: Sequence[PassageDraft]) -> list[JudgementDraft]:
    rows: list[JudgementDraft] = []
    pending: tuple[str, int] | None = None
    for seq, passage in enumerate(passages):
        line = clean(passage.text) if len(passage.text) <= MAX_ROW_CHARS else ""
        area, grade, graded = _row(line)
        if graded and not grade:
            area = None  # a sentence that ends in a grade word is not a row
        elif grade and area:
            rows.append(JudgementDraft(area=area, grade=grade, source_passage=seq))
            pending = None
            continue
        if grade and pending is not None:
            rows.append(JudgementDraft(area=pending[0], grade=grade, source_passage=pending[1]))
            pending = None
            continue
        if line and _TABLE_HEADER.fullmatch(line):
            continue
        candidate = _area(line) if line and not graded else None
        if candidate is not None:
            pending = (candidate, seq)
            continue
        if len(rows) >= 2:
            break
        rows.clear()  # a lone graded line (a section's own grade) is not the table
        pending = None
    return _unique(rows) if len(rows) >= 2 else []


def _row(line: str) -> tuple[str | None, str | None, bool]:
    """(area, canonical grade, line ends in a grade) for one line of the table.

    A grade alone gives (None, grade, True); a sentence ending in a grade word
    whose start is no area gives (None, None, True).
    """
    overall = _OVERALL.fullmatch(line) if line and len(line) <= MAX_ROW_CHARS else None
    if overall is not None:
        return OVERALL_AREA, canonical_grade(overall.group("grade")), True
    match = _ROW.fullmatch(line) if line else None
    if match is None:
        return None, None, False
    grade = canonical_grade(match.group("grade"))
    if not match.group("area").strip():
        return None, grade, True
    area = _area(match.group("area"))
    return (area, grade, True) if area else (None, None, True)


def _area(text: str) -> str | None:
    """The area name as printed, tidied; None when the text is not an area of the table."""
    mark = item_mark(text)
    if mark is not None and mark.style == "numbered":
        text = text[mark.text_start:]
    text = text.strip().strip("\t:\u2013\u2014- ").strip()
    if not text or len(text) > 130 or text[-1] in ".;,!?" or ends_mid_sentence(text):
        return None
    if not text[0].isupper():
        return None
    words = set(re.findall(r"[a-z]+", text.lower()))
    if not words & _AREA_WORDS or _TABLE_HEADER.fullmatch(text):
        return None
    return text


def _overall_sentence(passages: Sequence[PassageDraft]) -> JudgementDraft | None:
    for seq, passage in enumerate(passages[:OPENING_PASSAGES]):
        if len(passage.text) > MAX_ROW_CHARS:
            continue
        match = _OVERALL.fullmatch(clean(passage.text))
        if match:
            return JudgementDraft(area=OVERALL_AREA, grade=canonical_grade(match.group("grade")),
                                  source_passage=seq)
    return None


def _unique(rows: list[JudgementDraft]) -> list[JudgementDraft]:
    seen: set[str] = set()
    kept = []
    for row in rows:
        key = row.area.lower()
        if key not in seen:
            seen.add(key)
            kept.append(row)
    return kept
