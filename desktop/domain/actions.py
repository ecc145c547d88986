"""The council's improvement-plan actions, their progress updates, and tracker rows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class ActionStatus(StrEnum):
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    COMPLETE = "complete"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Rag(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    BLUE = "blue"  # councils use blue for "complete"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass(frozen=True, slots=True)
class ProgressUpdate:
    id: int
    action_id: int
    date: datetime.date | None
    text: str
    status: ActionStatus | None  # the status reported with it, when it changed
    rag: Rag | None
    due: datetime.date | None
    due_text: str
    source: str  # "manual", or the tracker's file name
    passage_id: int | None  # a passage the update cites


@dataclass(frozen=True, slots=True)
class Action:
    id: int
    reference: str
    title: str
    description: str
    owner: str
    authority: str | None
    due: date | None  # understood from due_text; None for "ongoing" or unreadable
    due_text: str  # as written
    original_due: date | None  # the first due date held
    original_due_text: str
    status: ActionStatus
    rag: Rag | None
    recommendation_ids: tuple[int, ...]
    updates: tuple[ProgressUpdate, ...]  # newest first
    slips: int  # times the due date moved later
    slipped_days: int  # original due to current due, in days (0 when not slipped)
    flags: tuple[str, ...]  # what an import could not read, for the user to check
    edited_fields: tuple[str, ...]  # fields changed in the app since import
    origin: str  # "manual" or "imported"
    plan_id: int | None

    def overdue(self, today: date) -> bool:
        return self.due is not None and self.due < today and self.status is not ActionStatus.COMPLETE

    def due_soon(self, today: date, days: int = 30) -> bool:
        return (self.due is not None and today <= self.due <= today + timedelta(days=days)
                and self.status is not ActionStatus.COMPLETE)


@dataclass(frozen=True, slots=True)
class TrackerRow:
    """One row of an improvement-plan spreadsheet, read as far as it can be.

    Whatever could not be understood is kept as written and explained in ``flags``;
    a flagged row is still imported.
    """

    row_number: int  # as the spreadsheet numbers it (1-based, like the row headers in Excel)
    reference: str = ""
    title: str = ""
    description: str = ""
    owner: str = ""
    due_text: str = ""
    due: date | None = None
    status: ActionStatus | None = None
    status_text: str = ""  # the status as written, kept when it is not understood
    rag: Rag | None = None
    update_text: str = ""
    update_date: date | None = None
    recommendation_refs: tuple[str, ...] = ()  # labels: "Rec 3, R5" gives ("3", "5")
    recommendation_quote: str = ""  # a cell quoting the recommendation's words
    flags: tuple[str, ...] = ()
