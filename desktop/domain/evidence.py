"""Evidence linked to recommendations and actions, suggestions, and the roll-up of progress."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from desktop.domain.recommendations import RecommendationStatus


class Stance(StrEnum):
    PROGRESS = "progress"
    CONCERN = "concern"
    CONTEXT = "context"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass(frozen=True, slots=True)
class Evidence:
    id: int
    recommendation_id: int | None
    action_id: int | None
    passage_id: int | None  # None once its document was deleted and the quote kept
    document_id: int | None
    quote: str
    span_start: int | None  # within the passage's text
    span_end: int | None
    page: int | None
    label: str | None  # the passage's paragraph label
    citation: str  # "Monitoring visit letter, 8 June 2018, page 3, paragraph 12"
    document_title: str
    document_type: str | None
    document_date: date | None
    stance: Stance
    note: str
    origin: str  # "manual" or "suggestion"
    needs_review: bool  # its document was replaced and the words were not found again
    created: str  # ISO timestamp


@dataclass(frozen=True, slots=True)
class Suggestion:
    passage_id: int
    document_id: int
    score: float  # higher is better
    snippet: str
    reason: str  # why it matched: "shares: care leavers, pathway plans"
    document_title: str
    document_date: date | None
    page: int | None
    label: str | None


@dataclass(frozen=True, slots=True)
class RollUp:
    recommendation_id: int
    status: RecommendationStatus  # the status shown: the user's when overridden
    source: str  # "rolled_up" or "user"
    reason: str  # the user's reason when overridden
    rule: str  # which rule gave the rolled-up status, in words
    rolled_up_status: RecommendationStatus  # what the rule gives, even when overridden
    last_evidence: date | None
    stale: bool  # no evidence dated within 12 months
    council_status: str | None  # what the council reports (tracker RAG, officer report)
    disagreement: str | None  # e.g. "The plan says complete, but the newest independent evidence is a concern"
    # what the status means here when the bare label would mislead, e.g. "actions complete,
    # impact not yet evidenced" beside In progress
    qualifier: str = ""
