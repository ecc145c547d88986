"""What was found in one paper, in words: "22 recommendations (1-22), 9 for the LSCB (131-139)".

Shown after an import, in the Library's details and by the command line's
`import` and `show`, so a councillor can compare it with the paper at a glance.
Numbered lists that skip numbers are reported as gaps, to be checked in the paper.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from desktop.domain.recommendations import RecommendationKind
from desktop.storage.documents import short_passages_between
from desktop.storage.recommendations import summary_rows
from desktop.storage.workspace import Workspace

_NOUNS = {RecommendationKind.PRIORITY_ACTION: ("priority action", "priority actions"),
          RecommendationKind.RECOMMENDATION: ("recommendation", "recommendations"),
          RecommendationKind.AREA_FOR_IMPROVEMENT: ("area for improvement", "areas for improvement")}
_LSCB_WORDS = ("safeguarding children board", "lscb")


@dataclass(frozen=True, slots=True)
class Gap:
    """Numbers a list skips: items ``first``-``last`` may be missing; ``passage_id`` is where to look."""

    kind: RecommendationKind
    first: int
    last: int
    passage_id: int | None

    def describe(self) -> str:
        items = f"item {self.first}" if self.first == self.last else f"items {self.first}-{self.last}"
        return f"{items} may be missing: check the report"


@dataclass(frozen=True, slots=True)
class FindingsSummary:
    counts: dict[str, int] = field(default_factory=dict)  # kind value -> number of items
    phrases: tuple[str, ...] = ()
    gaps: tuple[Gap, ...] = ()

    def describe(self) -> str:
        return ", ".join(self.phrases) if self.phrases else "no recommendations found"

    def as_json(self) -> dict:
        return {"counts": self.counts, "text": self.describe(),
                "gaps": [{"kind": g.kind.value, "first": g.first, "last": g.last, "passage_id": g.passage_id,
                          "text": g.describe()} for g in self.gaps]}


def _runs(numbers: list[tuple[int, int | None, int]]) -> list[list[tuple[int, int | None, int]]]:
    """(number, passage id, seq) items split where the numbering jumps by more than a few."""
    runs: list[list[tuple[int, int | None, int]]] = []
    for item in numbers:
        if runs and item[0] - runs[-1][-1][0] in range(1, 4):
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def _span(run) -> str:
    return str(run[0][0]) if len(run) == 1 else f"{run[0][0]}-{run[-1][0]}"


def _for_lscb(ws: Workspace, doc_id: int, after_seq: int, before_seq: int) -> bool:
    """True when a heading between two runs introduces the LSCB's part of the report."""
    texts = short_passages_between(ws, doc_id, after_seq, before_seq)
    return any(any(word in text.lower() for word in _LSCB_WORDS) for text in texts)


def summarise_findings(ws: Workspace, doc_id: int) -> FindingsSummary:
    """Counts per kind, label ranges and gaps of the recommendations taken from ``doc_id``."""
    rows = summary_rows(ws, doc_id)
    phrases: list[str] = []
    gaps: list[Gap] = []
    counts: dict[str, int] = {}
    for kind, (one, many) in _NOUNS.items():
        mine = [row for row in rows if row[0] == kind.value]
        if not mine:
            continue
        counts[kind.value] = len(mine)
        numbered = [(int(label), pid, seq if seq is not None else -1) for _k, label, pid, seq in mine
                    if label and label.isdigit()]
        runs = _runs(numbered) if len(numbered) == len(mine) else []
        if len(runs) <= 1:
            span = f" ({_span(runs[0])})" if runs and kind == RecommendationKind.RECOMMENDATION else ""
            phrases.append(f"{len(mine)} {one if len(mine) == 1 else many}{span}")
        else:
            main, rest = runs[0], runs[1:]
            phrases.append(f"{len(main)} {one if len(main) == 1 else many} ({_span(main)})")
            previous = main
            for run in rest:
                lscb = _for_lscb(ws, doc_id, previous[-1][2], run[0][2])
                who = "for the LSCB" if lscb else "more"
                phrases.append(f"{len(run)} {who} ({_span(run)})")
                if not lscb:
                    gaps.append(Gap(kind, previous[-1][0] + 1, run[0][0] - 1, previous[-1][1]))
                previous = run
        for run in runs:
            for (a, pid, _s), (b, _p, _t) in pairwise(run):
                if b - a > 1:
                    gaps.append(Gap(kind, a + 1, b - 1, pid))
    return FindingsSummary(counts, tuple(phrases), tuple(gaps))
