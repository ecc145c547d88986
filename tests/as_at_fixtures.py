"""A plain Action value for the as-at tests (no workspace needed)."""

from __future__ import annotations

from datetime import date

from desktop.domain.actions import Action, ActionStatus, ProgressUpdate


def action_with(*, updates: list[tuple[str, str | None]], due: date | None,
                original_due: date | None) -> Action:
    made = tuple(ProgressUpdate(id=n, action_id=1, date=date.fromisoformat(when), text="",
                                status=ActionStatus(status) if status else None, rag=None, due=None,
                                due_text="", source="tracker.csv", passage_id=None)
                 for n, (when, status) in enumerate(updates))
    return Action(id=1, reference="1.1", title="Refresh thresholds", description="", owner="",
                  authority="Gloucestershire", due=due, due_text=due.strftime("%d/%m/%Y") if due else "",
                  original_due=original_due, original_due_text="", status=made[0].status,
                  rag=None, recommendation_ids=(), updates=made, slips=1, slipped_days=0, flags=(),
                  edited_fields=(), origin="imported", plan_id=None)
