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

RACE_CHARS = 5_000  # signatures further in are mentions, not titles
TITLE_CHARS = 400  # where a performance report or plan names itself

# Patterns are written in lower case and run on a lower-cased copy of the
# text: case-insensitive regexes lose the engine's fast literal search and
# cost ~10x more on a 5,000-character opening.


class _Signature:
    """One signature regex, with the plain substrings that make it cheap.

    ``gates`` must all occur in the window for the regex to have any chance;
    ``starts`` (when given) are literals one of which every match begins
    with. Python's regex engine has no fast scan for a pattern that opens
    with ``\\b``, so instead of trying the pattern at each of 5,000 offsets
    we try it only where ``str.find`` sees a start literal: leftmost match
    first, exactly what ``search`` would return.
    """

    __slots__ = ("pattern", "gates", "starts")

    def __init__(self, pattern: str, gates: tuple[str, ...] = (), starts: tuple[str, ...] = ()) -> None:
        self.pattern = re.compile(pattern)
        self.gates = gates
        self.starts = starts

    def search(self, window: str) -> re.Match[str] | None:
        for gate in self.gates:
            if gate not in window:
                return None
        if not self.starts:
            return self.pattern.search(window)
        for at in _occurrences(window, self.starts):
            match = self.pattern.match(window, at)
            if match:
                return match
        return None


def _occurrences(window: str, literals: tuple[str, ...]) -> list[int]:
    """Sorted offsets where any of ``literals`` occurs."""
    found: set[int] = set()
    for literal in literals:
        at = window.find(literal)
        while at >= 0:
            found.add(at)
            at = window.find(literal, at + 1)
    return sorted(found)


def lowered(flat: str) -> str:
    """``flat.lower()`` with every offset kept (a few characters grow when lowered)."""
    low = flat.lower()
    if len(low) == len(flat):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in flat)


S = _Signature
SIGNATURES: dict[DocType, tuple[_Signature, ...]] = {
    DocType.JOINT_INSPECTION: (
        S(r"\bjoint targeted area inspection (?:of|in|into)\b", starts=("joint targeted area inspection ",)),
        S(r"\bjoint (?:area )?inspection of (?:the )?multi-agency\b", ("multi-agency",), ("joint ",)),
        S(r"\b(?:joint )?(?:local )?area send inspection (?:of|in)\b", ("area send inspection ",)),
    ),
    DocType.INSPECTION_REPORT: (
        S(r"\b(?:re-? ?)?inspection of services for children in need of help and protection",
          ("inspection of services for children in need of help and protection",)),
        S(r"\binspection of (?:the )?[\w ,&.'-]{0,70}?children's (?:social care )?services\b",
          ("children's ",), ("inspection of ",)),
        S(r"\binspection of local authority children's services\b",
          starts=("inspection of local authority children's services",)),
    ),
    DocType.MONITORING_VISIT: (S(r"\bmonitoring visit (?:of|to)\b", starts=("monitoring visit ",)),),
    DocType.FOCUSED_VISIT: (S(r"\bfocused visit (?:of|to)\b", starts=("focused visit ",)),),
    DocType.COMMITTEE_MINUTES: (
        S(r"\bminutes of (?:a|an|the) (?!previous|last)(?:[\w-]+ ){0,2}meeting\b", ("meeting",), ("minutes of ",)),
        S(r"\bminutes of (?:a|an|the) [\w ,&'-]{0,90}?(?:committee|panel|board|council|cabinet|forum)\b"
          r"[^.]{0,40}?\bheld\b",
          ("held",), ("minutes of ",)),
    ),
    DocType.COMMITTEE_REPORT: (
        S(r"\breport to\s*:", starts=("report to",)),
        S(r"\b(?:date of (?:the )?meeting|meeting date)\b", ("meeting",), ("date of ", "meeting date")),
        S(r"\bpurpose of (?:the |this )?report\b", starts=("purpose of ",)),
        S(r"(?<![\d.])1\.? purpose(?: of (?:the |this )?report)?\b", starts=("1. purpose", "1 purpose")),
        S(r"\breport (?:author|sponsor|of the [\w ]{0,40}?director)\b", starts=("report ",)),
        S(r"\b(?:lead )?officer contact\b", ("officer contact",), ("lead officer contact", "officer contact")),
        S(r"\brecommendations? to (?:the )?(?:committee|cabinet|panel|board)\b", starts=("recommendation",)),
        S(r"\bkey decision\s*:", starts=("key decision",)),
        S(r"\bwards? affected\b", ("affected",), ("ward",)),
    ),
}
del S

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
    for doc_type, signatures in SIGNATURES.items():
        for signature in signatures:
            match = signature.search(window)
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
