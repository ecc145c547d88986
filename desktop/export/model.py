"""What a briefing or note shows, as plain values: the renderers need no workspace.

``gather.py`` fills these from a workspace; tests and the benchmark can build
them directly. Statuses are the domain's string values (``"concern"``,
``"off_track"``...) so this module imports nothing from storage.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from desktop.domain.recommendations import short_addressee

# Every section a briefing can have, in the order they appear. The cover is always there.
SECTIONS = ("contents", "glance", "summary", "recommendations", "sources")
SECTION_TITLES = {
    "contents": "Contents",
    "glance": "At a glance",
    "summary": "Summary of recommendations",
    "recommendations": "Recommendations in detail",
    "sources": "Sources",
}
# Recommendation statuses, worst first: the order of the chart and of counts.
STATUS_ORDER = ("concern", "not_started", "in_progress", "evidence_of_progress", "complete")
STANCE_ORDER = ("progress", "concern", "context")


def status_label(value: str | None) -> str:
    return (value or "unknown").replace("_", " ").capitalize()


@dataclass(frozen=True, slots=True)
class SourceItem:
    """A document cited anywhere in the briefing, for the Sources list."""

    key: str  # "doc-12"; "kept-<n>" for a quote whose document was deleted
    title: str
    type_label: str
    date: datetime.date | None
    authority: str | None = None
    pack_title: str | None = None  # the agenda pack the paper was printed in
    pack_date: datetime.date | None = None
    pack_pages: tuple[int, int] | None = None  # first and last page of the paper in the pack


@dataclass(frozen=True, slots=True)
class ActionItem:
    reference: str
    title: str
    owner: str
    due_text: str
    due: date | None
    status: str  # not_started | on_track | at_risk | off_track | complete
    rag: str | None  # red | amber | green | blue
    latest_update: str = ""
    latest_update_date: date | None = None
    overdue: bool = False
    slips: int = 0
    slipped_days: int = 0
    original_due_text: str = ""
    recommendation_labels: tuple[str, ...] = ()  # "Rec 3" etc., for tables outside a recommendation
    remark: str = ""  # why it is listed (the pre-meeting note): "Due date moved from ... to ..."


@dataclass(frozen=True, slots=True)
class QuoteItem:
    stance: str  # progress | concern | context
    quote: str
    citation: str
    note: str = ""
    document_date: date | None = None
    source_key: str | None = None
    needs_review: bool = False
    about: str = ""  # what it is evidence for, when shown outside its recommendation
    action_reference: str = ""  # set when the quote is linked through one of the actions


@dataclass(frozen=True, slots=True)
class NoteItem:
    kind: str  # note | question
    text: str
    created: date | None = None


@dataclass(frozen=True, slots=True)
class RecommendationItem:
    id: int
    label: str
    text: str
    kind_label: str = "Recommendation"
    group: str = ""  # the inspection it came from: "Inspection report, 13 June 2017"
    authority: str | None = None
    issued: date | None = None
    source_citation: str = ""
    source_key: str | None = None
    addressed_to: str = ""  # the responsible body or agency the paper names for it
    status: str = "not_started"
    status_source: str = "rolled_up"  # rolled_up | user
    status_reason: str = ""
    rule: str = ""
    status_note: str = ""  # beside the label where it alone would mislead: "actions complete, ..."
    council_status: str | None = None
    disagreement: str | None = None
    stale: bool = False
    last_evidence: date | None = None
    actions: tuple[ActionItem, ...] = ()
    quotes: tuple[QuoteItem, ...] = ()
    notes: tuple[NoteItem, ...] = ()

    @property
    def heading(self) -> str:
        return f"{self.kind_label} {self.label}".strip() + short_addressee(self.addressed_to)

    @property
    def key(self) -> str:
        return f"rec-{self.id}"

    @property
    def actions_done(self) -> int:
        return sum(1 for a in self.actions if a.status == "complete")

    @property
    def stance_counts(self) -> Counter:
        return Counter(q.stance for q in self.quotes)


@dataclass(frozen=True, slots=True)
class InspectionGrades:
    """One inspection's grades, for the judgement history."""

    date: date | None
    source: str  # "Inspection report" or "Committee report, 12 January 2023 (quoting it)"
    grades: tuple[tuple[str, str], ...]  # (area, grade) as the report gives them


@dataclass(frozen=True, slots=True)
class BriefingData:
    title: str
    prepared_on: date
    authority: str | None = None
    committee: str = ""
    meeting: str = ""
    prepared_by: str = ""
    marking: str = ""
    scope: str = ""  # which recommendations are covered, in words
    recommendations: tuple[RecommendationItem, ...] = ()
    inspections: tuple[InspectionGrades, ...] = ()
    overdue_actions: tuple[ActionItem, ...] = ()
    sources: tuple[SourceItem, ...] = ()
    sections: frozenset[str] = field(default_factory=lambda: frozenset(SECTIONS))
    as_at: date | None = None  # the position is taken at this date (the cover says so)
    left_out: str = ""  # "3 quotes and 2 updates dated after 17 January 2019 are not included."
    clocks: tuple[ClockItem, ...] = ()  # statutory action-plan deadlines, for the glance page
    rules: tuple[tuple[str, str], ...] = ()  # the roll-up rule as (when, status) rows

    @property
    def position_date(self) -> date:
        return self.as_at or self.prepared_on

    @property
    def looking_back(self) -> bool:
        """Taken at a date before the day it was made: no later date is printed."""
        return self.as_at is not None and self.as_at < self.prepared_on

    def status_counts(self) -> dict[str, int]:
        counts = Counter(r.status for r in self.recommendations)
        return {status: counts.get(status, 0) for status in STATUS_ORDER}


@dataclass(frozen=True, slots=True)
class ClockItem:
    """When the council's action plan for one inspection or visit was due, and whether it came."""

    inspection: str  # "Inspection report, 13 June 2017"
    authority: str | None
    published: date | None
    rule: str  # "70 working days after publication"
    due: date | None
    plan: str = ""  # the plan paper held, "Action plan, 2 October 2017"; "" when none
    plan_date: date | None = None
    verdict: str = ""  # "In by the deadline", "Late (12 days)", "None held", "Not yet due"


@dataclass(frozen=True, slots=True)
class QuestionItem:
    about: str  # "Recommendation 3"
    text: str


@dataclass(frozen=True, slots=True)
class NoteData:
    """The short pre-meeting note: what changed or worries since a date."""

    title: str
    prepared_on: date
    since: date
    as_at: date | None = None
    authority: str | None = None
    meeting: str = ""
    committee: str = ""
    prepared_by: str = ""
    marking: str = ""
    concerns: tuple[RecommendationItem, ...] = ()  # status concern, or an action off track
    actions: tuple[ActionItem, ...] = ()  # overdue, or slipped since the date (remark says which)
    new_evidence: tuple[QuoteItem, ...] = ()
    questions: tuple[QuestionItem, ...] = ()
