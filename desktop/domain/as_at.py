"""An action as it stood on a past date, from its dated updates and due-date moves.

A briefing for a January 2019 meeting must not count a December 2020 update,
nor measure "overdue" from the day it is printed. The action row holds only the
newest values; the dated updates (each carrying the status, RAG and due date
reported with it) and the dated due-date moves say what was known on any day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from itertools import pairwise

from desktop.domain.actions import Action, ActionStatus


@dataclass(frozen=True, slots=True)
class DueMove:
    """One move of an action's due date, dated when it was recorded."""

    old_due: date | None
    old_due_text: str
    new_due: date | None
    new_due_text: str
    changed_on: date | None


def action_as_at(action: Action, as_at: date, moves: Iterable[DueMove] = ()) -> Action:
    """The action as known on ``as_at``: later updates, statuses and due-date moves left out.

    Where every status the action has ever reported is dated after ``as_at``,
    nothing was reported by then, so it counts as not started. An action with no
    dated status at all (typed in by hand) keeps its current status: there is
    nothing better to go on.
    """
    updates = tuple(u for u in action.updates if u.date is None or u.date <= as_at)
    ever_reported = [u for u in action.updates if u.status is not None or u.rag is not None]
    status, rag = action.status, action.rag
    if ever_reported:
        known = [u.status for u in updates if u.status is not None]
        status = known[0] if known else (
            ActionStatus.NOT_STARTED if any(u.status for u in ever_reported) else action.status)
        rags = [u for u in updates if u.rag is not None]
        rag = rags[0].rag if rags else (None if any(u.rag for u in ever_reported) else action.rag)
    due, due_text, slips = action.due, action.due_text, 0
    ordered = [_dated_by_update(m, action) for m in moves]
    later = [m for m in ordered if m.changed_on is not None and m.changed_on > as_at]
    if later:  # the due date before the first move we should not know about yet
        due, due_text = later[0].old_due, later[0].old_due_text
    applied = [m for m in ordered if m not in later]
    for move in applied:
        if move.old_due is not None and (move.new_due is None or move.new_due > move.old_due):
            slips += 1
    # Tracker rows report the due date with each update: the newest reported by then says it.
    reported = [u for u in updates if u.due is not None or u.due_text]
    last_move = max((m.changed_on for m in applied if m.changed_on), default=None)
    if reported and (last_move is None or reported[0].date is None or reported[0].date >= last_move):
        due, due_text = reported[0].due, reported[0].due_text or due_text
    if not ordered:  # no moves given: count the slips the updates show
        dues: list[date] = [u.due for u in reversed(reported) if u.due is not None]
        slips = sum(1 for a, b in pairwise(dues) if b > a)
        if not reported:
            slips = action.slips if not any(u.due for u in action.updates) else 0
    original = action.original_due
    slipped = (due - original).days if due and original and due > original else 0
    return replace(action, updates=updates, status=status, rag=rag, due=due, due_text=due_text,
                   slips=slips, slipped_days=slipped)


def _dated_by_update(move: DueMove, action: Action) -> DueMove:
    """A move reported in a dated update (a tracker's row) took effect on the update's date.

    The move itself is stamped when it was recorded, which for an old tracker
    imported today is today; the update that carried the new due date knows better.
    """
    reported = [u.date for u in action.updates if u.date is not None and (
        (move.new_due is not None and u.due == move.new_due)
        or (move.new_due_text and u.due_text == move.new_due_text))]
    if not reported:
        return move
    earliest = min(reported)
    if move.changed_on is not None and move.changed_on <= earliest:
        return move
    return replace(move, changed_on=earliest)


def days_overdue(action: Action, as_at: date) -> int:
    """Whole days past the due date on ``as_at`` (0 when not overdue)."""
    return (as_at - action.due).days if action.overdue(as_at) and action.due else 0


def became_overdue_within(action: Action, since: date, as_at: date) -> bool:
    """Overdue on ``as_at`` but not yet on ``since``: its due date fell in (since, as_at]."""
    return action.overdue(as_at) and action.due is not None and since <= action.due < as_at
