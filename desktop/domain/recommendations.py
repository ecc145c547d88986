"""Recommendations inspectors made, and the judgements they gave."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

# Whom a 2013-18 report's second list is addressed to (its review of the Board).
LSCB = "Local Safeguarding Children Board"


def short_addressee(addressed_to: str | None) -> str:
    """What a heading adds for an item not addressed to the council itself: "(LSCB)"."""
    return " (LSCB)" if addressed_to == LSCB else ""


class RecommendationKind(StrEnum):
    RECOMMENDATION = "recommendation"
    PRIORITY_ACTION = "priority_action"  # focused visits: "areas for priority action"
    AREA_FOR_IMPROVEMENT = "area_for_improvement"  # focused visits, JTAIs

    @property
    def label(self) -> str:
        return {"recommendation": "Recommendation", "priority_action": "Priority action",
                "area_for_improvement": "Area for improvement"}[self.value]


class RecommendationStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    EVIDENCE_OF_PROGRESS = "evidence_of_progress"
    CONCERN = "concern"
    COMPLETE = "complete"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


@dataclass(frozen=True, slots=True)
class RecommendationDraft:
    """A recommendation found in a document, before it is stored.

    Passages are referred to by their position (``seq``) in the document's list
    of passages; storage turns them into passage ids.
    """

    label: str  # as printed: "1", "111", or the bullet's position "3"
    text: str  # the whole recommendation, without its number or bullet
    kind: RecommendationKind = RecommendationKind.RECOMMENDATION
    source_passages: tuple[int, ...] = ()  # the passage(s) the item's text is in; first = link target
    supporting_passages: tuple[int, ...] = ()  # finding paragraphs that back it
    group: str | None = None  # who it is addressed to, when the paper says: a responsible body, an agency


@dataclass(frozen=True, slots=True)
class JudgementDraft:
    area: str  # e.g. "Overall effectiveness"
    grade: str  # canonical: "Outstanding", "Good", "Requires improvement to be good", "Inadequate", ...
    source_passage: int | None = None  # seq of the passage it was read from


@dataclass(frozen=True, slots=True)
class Findings:
    """What one document says an inspection found.

    ``cited_inspection_date`` is set when the document reports the findings of an
    inspection published elsewhere (an officer report listing Ofsted's
    recommendations): they then belong to that inspection, not to this paper.
    """

    recommendations: list[RecommendationDraft] = field(default_factory=list)
    judgements: list[JudgementDraft] = field(default_factory=list)
    cited_inspection_date: date | None = None

    @property
    def cited(self) -> bool:
        return self.cited_inspection_date is not None


@dataclass(frozen=True, slots=True)
class Recommendation:
    id: int
    document_id: int | None  # the inspection report or letter that made it
    cited_in_document_id: int | None  # a paper that listed it (when the report itself is not held)
    label: str
    text: str
    kind: RecommendationKind
    authority: str | None
    issued: date | None
    status: RecommendationStatus
    source_passage_id: int | None
    supporting_passage_ids: tuple[int, ...]
    position: int
    origin: str  # "extracted" or "manual"
    gone_from_source: bool = False  # re-reading its paper no longer finds these words
    source_citation: str = ""  # frozen when its paper was deleted: "from a paper since removed"
    addressed_to: str | None = None  # the responsible body or agency the paper names for it


@dataclass(frozen=True, slots=True)
class Judgement:
    id: int
    document_id: int
    authority: str | None
    date: date | None
    area: str
    grade: str
    cited: bool
