"""Use case: the actions as they stood on a date (for briefings, the note and the overdue filter)."""

from __future__ import annotations

from datetime import date

from desktop.domain.actions import Action
from desktop.domain.as_at import DueMove, action_as_at
from desktop.domain.dates import stored_date
from desktop.storage.workspace import Workspace


def due_moves(ws: Workspace, action: Action) -> list[DueMove]:
    """The action's due-date moves, oldest first (none read when its due date never moved)."""
    from desktop.services.actions import due_history

    if not action.slips and action.due == action.original_due:
        return []
    return [DueMove(c.old_due, c.old_due_text, c.new_due, c.new_due_text,
                    stored_date((c.changed_at or "")[:10]))
            for c in due_history(ws, action.id)]


def actions_as_at(ws: Workspace, as_at: date | None, *, overdue: bool = False,
                  **filters) -> list[Action]:
    """Actions in plan order as known on ``as_at`` (today's values when None).

    ``overdue`` keeps those overdue on that date; other filters are those of
    ``list_actions`` (owner, status, rag, recommendation_id, authority, plan_id).
    """
    from desktop.services.actions import list_actions

    if as_at is None:
        return list_actions(ws, overdue=overdue, **filters)
    status = filters.pop("status", None)
    rag = filters.pop("rag", None)
    found = [action_as_at(a, as_at, due_moves(ws, a)) for a in list_actions(ws, **filters)]
    if status:
        from desktop.services.actions import parse_status_value
        wanted = parse_status_value(status)
        found = [a for a in found if a.status is wanted]
    if rag:
        from desktop.services.actions import rag_or_none
        found = [a for a in found if a.rag and a.rag.value == rag_or_none(rag)]
    if overdue:
        found = [a for a in found if a.overdue(as_at)]
    return found
