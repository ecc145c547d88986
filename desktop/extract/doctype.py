"""What kind of paper a text is.

Each kind announces itself near the top: an Ofsted report or letter by its
title ("Monitoring visit of X children's services"), minutes by "Minutes of
the meeting of ... held on", an officer report by its header fields
("Meeting date", "Purpose of report"). Papers also *mention* other kinds
(minutes discuss an inspection, an inspection recalls a focused visit), so
the signature that appears *first* in the opening wins, not the loudest.
Performance reports and improvement plans are only recognised by a title
in their first lines, or failing any signature, by their table vocabulary.
"""

from __future__ import annotations

import re

from desktop.domain.documents import DocType
from desktop.extract import _text

RACE_CHARS = 5_000  # signatures further in are mentions, not titles
TITLE_CHARS = 400  # where a performance report or plan names itself

# Patterns are written in lower case and run on a lower-cased copy of the
# text: case-insensitive regexes lose the engine's fast literal search and
# cost ~10x more on a 5,000-character opening.


def _rx(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


def lowered(flat: str) -> str:
    """``flat.lower()`` with every offset kept (a few characters grow when lowered)."""
    low = flat.lower()
    if len(low) == len(flat):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in flat)


SIGNATURES: dict[DocType, tuple[re.Pattern[str], ...]] = {
    DocType.JOINT_INSPECTION: _rx(
        r"\bjoint targeted area inspection (?:of|in|into)\b",
        r"\bjoint (?:area )?inspection of (?:the )?multi-agency\b",
        r"\b(?:joint )?(?:local )?area send inspection (?:of|in)\b",
    ),
    DocType.INSPECTION_REPORT: _rx(
        r"\b(?:re-? ?)?inspection of services for children in need of help and protection",
        r"\binspection of (?:the )?[\w ,&.'-]{0,70}?children's (?:social care )?services\b",
        r"\binspection of local authority children's services\b",
    ),
    DocType.MONITORING_VISIT: _rx(r"\bmonitoring visit (?:of|to)\b"),
    DocType.FOCUSED_VISIT: _rx(r"\bfocused visit (?:of|to)\b"),
    DocType.COMMITTEE_MINUTES: _rx(
        r"\bminutes of (?:a|an|the) (?!previous|last)(?:[\w-]+ ){0,2}meeting\b",
        r"\bminutes of (?:a|an|the) [\w ,&'-]{0,90}?(?:committee|panel|board|council|cabinet|forum)\b[^.]{0,40}?\bheld\b",
    ),
    DocType.COMMITTEE_REPORT: _rx(
        r"\breport to\s*:",
        r"\b(?:date of (?:the )?meeting|meeting date)\b",
        r"\bpurpose of (?:the |this )?report\b",
        r"(?<![\d.])1\.? purpose(?: of (?:the |this )?report)?\b",
        r"\breport (?:author|sponsor|of the [\w ]{0,40}?director)\b",
        r"\b(?:lead )?officer contact\b",
        r"\brecommendations? to (?:the )?(?:committee|cabinet|panel|board)\b",
        r"\bkey decision\s*:",
        r"\bwards? affected\b",
    ),
}

_PERFORMANCE_TITLE = re.compile(
    r"\b(?:scorecards?|performance (?:report|scorecard|summary|dashboard|update|digest|indicators|"
    r"information|monitoring report|overview)|quarterly performance|key performance indicators|"
    r"\d{4}/\d{2,4} performance|performance (?:and|&) (?:risk|improvement))\b",
)
_PLAN_TITLE = re.compile(r"\b(?:improvement|action|recovery|development|transformation) plan\b|\baction tracker\b")
_PLAN_COLUMNS = re.compile(
    r"\b(?:owner|lead officer|responsible officer|due date|target date|timescales?|deadline|"
    r"rag|status|milestones?|progress to date|completed|on track|impact measures?)\b",
)
_SCORECARD_WORDS = re.compile(
    r"\b(?:tolerance|direction of travel|dot|bigger is better|smaller is better|target|"
    r"ytd|year to date|benchmark|statistical neighbours?|outturn|rag)\b",
)
_PRESENT = re.compile(r"\b(?:present|members present)\s*:")
_APOLOGIES = re.compile(r"\bapologies\b")


def signature_positions(flat: str) -> dict[DocType, re.Match[str]]:
    """The earliest match of each kind's signature in the opening.

    Matches are against the lower-cased text; their offsets hold in ``flat``.
    """
    window = lowered(flat[:RACE_CHARS])
    found: dict[DocType, re.Match[str]] = {}
    for doc_type, patterns in SIGNATURES.items():
        for pattern in patterns:
            match = pattern.search(window)
            if match and (doc_type not in found or match.start() < found[doc_type].start()):
                found[doc_type] = match
    title = window[:TITLE_CHARS]
    performance = _PERFORMANCE_TITLE.search(title)
    if performance:
        found[DocType.PERFORMANCE_REPORT] = performance
    plan = _PLAN_TITLE.search(title)
    if plan and _distinct(_PLAN_COLUMNS, window) >= 3:
        found[DocType.IMPROVEMENT_PLAN] = plan
    return found


def _distinct(pattern: re.Pattern[str], text: str) -> int:
    return len({m.group().lower() for m in pattern.finditer(text)})


def classify_flat(flat: str) -> DocType:
    """Document type from flattened text (see module docstring)."""
    return classify_with_signature(flat)[0]


def classify_with_signature(flat: str) -> tuple[DocType, re.Match[str] | None]:
    """Document type, and the match of its signature when it has one."""
    found = signature_positions(flat)
    if found:
        winner = min(found, key=lambda t: found[t].start())
        if winner is DocType.COMMITTEE_REPORT and DocType.PERFORMANCE_REPORT in found:
            # An officer report *titled* as performance is a performance report.
            winner = DocType.PERFORMANCE_REPORT
        return winner, found[winner]
    return _classify_by_vocabulary(lowered(flat[:RACE_CHARS])), None


def _classify_by_vocabulary(window: str) -> DocType:
    if _PRESENT.search(window) and _APOLOGIES.search(window):
        return DocType.COMMITTEE_MINUTES
    if _distinct(_SCORECARD_WORDS, window) >= 4:
        return DocType.PERFORMANCE_REPORT
    if _distinct(_PLAN_COLUMNS, window) >= 5:
        return DocType.IMPROVEMENT_PLAN
    return DocType.OTHER


def detect_doc_type(text: str) -> DocType:
    """The type of a single document (never AGENDA_PACK: see agenda.py)."""
    return classify_flat(_text.head(text))
