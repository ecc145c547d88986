"""Undo a tracker import: put back what it changed, without undoing the user's work since.

From the import's history (newest first): each field it changed goes back to
its old value unless that field has changed since (by the user, or by a later
import: those are reported as skipped); the progress updates, due-date moves
and links it added go; actions it created are moved to the trash, except those
the user has since given evidence, notes or edits (kept, and said so) or a later
import changed. The plan's details go back as they were before it. One
transaction, after a backup. `scrutiny-desk actions undo-import ID` and the
window's Edit > Undo tracker import… both call :func:`undo_tracker_import`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import cast

from desktop.domain.errors import UserFacingError
from desktop.services.tracker_history import FIELD_WORDS
from desktop.services.tracker_history import shown as _show
from desktop.storage import tracker_imports as store
from desktop.storage import trash as trash_store
from desktop.storage.workspace import Workspace


class UndoRefused(UserFacingError):
    """No such import, or it was undone already."""


@dataclass
class UndoReport:
    import_id: int
    file_name: str
    restored: list[str] = field(default_factory=list)  # "action 3: owner back to “Ann”"
    skipped: list[str] = field(default_factory=list)  # fields left: changed since
    removed: list[int] = field(default_factory=list)  # actions it created, now in the trash
    kept: list[str] = field(default_factory=list)  # actions it created that stay, and why
    updates_removed: int = 0
    links_removed: int = 0

    def describe(self) -> str:
        lines = [f"Undid tracker import {self.import_id} ({self.file_name}): "
                 f"{len(self.restored)} field{'s' if len(self.restored) != 1 else ''} put back, "
                 f"{len(self.removed)} action{'s' if len(self.removed) != 1 else ''} it added "
                 f"moved to the trash, {self.updates_removed} progress "
                 f"update{'s' if self.updates_removed != 1 else ''} and {self.links_removed} "
                 f"link{'s' if self.links_removed != 1 else ''} removed."]
        if self.skipped:
            lines.append(f"{len(self.skipped)} field{'s' if len(self.skipped) != 1 else ''} left "
                         f"as {'they are' if len(self.skipped) != 1 else 'it is'}, because "
                         f"{'they' if len(self.skipped) != 1 else 'it'} changed after the import:")
            lines += [f"  {text}" for text in self.skipped]
        if self.kept:
            lines.append("Kept, though the import added them:")
            lines += [f"  {text}" for text in self.kept]
        if self.restored:
            lines.append("Put back:")
            lines += [f"  {text}" for text in self.restored]
        return "\n".join(lines)


def undo_json(report: UndoReport) -> dict:
    return {"import_id": report.import_id, "file": report.file_name, "restored": report.restored,
            "skipped": report.skipped, "removed_action_ids": report.removed, "kept": report.kept,
            "updates_removed": report.updates_removed, "links_removed": report.links_removed}


def _edited_after(rows: list[store.HistoryRow]) -> dict[int, set[str]]:
    return {r.action_id: set(cast("list[str]", r.new_value or ())) for r in rows if r.kind == "changed"}


def _alive(current: dict[int, dict], row: store.HistoryRow) -> bool:
    held = current.get(row.action_id)
    return held is not None and (not row.action_created_at
                                 or held["created_at"] == row.action_created_at)


def undo_tracker_import(ws: Workspace, import_id: int) -> UndoReport:
    record = store.get_import(ws, import_id)
    if record is None:
        raise UndoRefused(f"There is no tracker import {import_id} in this workspace (see: "
                          "scrutiny-desk actions imports).")
    if record.undone_at:
        raise UndoRefused(f"Tracker import {import_id} ({record.file_name}) was undone already, "
                          f"on {record.undone_at[:10]}.")
    from desktop.services.backups import backup_before

    backup_before(ws, "undo-tracker-import")
    report = UndoReport(import_id, record.file_name)
    with ws.write():
        rows = store.history_of_import(ws, import_id)
        current = store.action_rows(ws, sorted({r.action_id for r in rows}))
        edited_after = _edited_after(rows)
        going, staying = _created_fate(ws, rows, current, report)
        restored_fields: dict[int, set[str]] = {}
        for row in rows:
            if row.action_id in going or row.action_id in staying or row.kind in ("created",
                                                                                   "changed"):
                continue
            if row.kind == "field":
                if row.field == "edited_fields":
                    continue  # after the fields themselves, below
                if _restore_field(ws, row, current, edited_after, report):
                    restored_fields.setdefault(row.action_id, set()).add(row.field)
            elif row.row_id is None:
                continue  # the kinds below always name their row
            elif row.kind == "update":
                report.updates_removed += store.delete_row(ws, "action_updates", row.row_id)
            elif row.kind == "due_change":
                store.delete_row(ws, "action_due_changes", row.row_id)
            elif row.kind == "link":
                report.links_removed += store.remove_link(ws, row.action_id, row.row_id)
        for row in rows:
            if row.kind == "field" and row.field == "edited_fields" and row.action_id not in going \
                    and row.action_id not in staying and _alive(current, row):
                _restore_edit_marks(ws, row, restored_fields.get(row.action_id, set()))
        plan_goes = _plan_goes(ws, record, going)
        for action_id in sorted(going):
            snapshot = trash_store.capture_action(ws, action_id)
            if plan_goes:  # restored from the trash, it comes back in no plan
                for action_row in snapshot["actions"]:
                    action_row["plan_id"] = None
            trash_store.put(ws, "action", action_id, current[action_id]["title"],
                            {"rows": snapshot, "relink": {}})
            store.delete_action_row(ws, action_id)
            report.removed.append(action_id)
        _restore_plan(ws, record, plan_goes)
        store.mark_history_undone(ws, [r.id for r in rows])
        store.mark_import_undone(ws, import_id, report.describe())
    return report


def _created_fate(ws: Workspace, rows: list[store.HistoryRow], current: dict[int, dict],
                  report: UndoReport) -> tuple[set[int], set[int]]:
    """The actions the import created that go (to the trash), and those that stay."""
    going: set[int] = set()
    staying: set[int] = set()
    for row in rows:
        if row.kind != "created" or not _alive(current, row):
            continue
        title = current[row.action_id]["title"]
        later = store.later_imports_touching(ws, row)
        work = store.action_has_user_work(ws, row.action_id)
        if later:
            staying.add(row.action_id)
            report.kept.append(f"action {row.action_id} “{_show('title', title)}”: tracker import "
                               f"{later[0]} changed it since (undo that first to remove it)")
        elif work:
            staying.add(row.action_id)
            report.kept.append(f"action {row.action_id} “{_show('title', title)}”: you have since "
                               f"added {' and '.join(work)}")
        else:
            going.add(row.action_id)
    return going, staying


def _restore_field(ws: Workspace, row: store.HistoryRow, current: dict[int, dict],
                   edited_after: dict[int, set[str]], report: UndoReport) -> bool:
    name = FIELD_WORDS.get(row.field, row.field)
    where = f"action {row.action_id}"
    if not _alive(current, row):
        report.skipped.append(f"{where}: {name}: the action is no longer held")
        return False
    held = current[row.action_id]
    later = store.later_field_change(ws, row)
    if later is not None:
        report.skipped.append(f"{where}: {name}: tracker import {later} changed it since "
                              f"(now “{_show(row.field, held[row.field])}”)")
        return False
    marks = set(json.loads(held["edited_fields"] or "[]"))
    edited_since = row.field in marks - edited_after.get(row.action_id, marks)
    if held[row.field] != row.new_value or edited_since:
        report.skipped.append(f"{where}: {name}: you changed it since the import (now "
                              f"“{_show(row.field, held[row.field])}”, was "
                              f"“{_show(row.field, row.old_value)}”)")
        return False
    store.set_action_column(ws, row.action_id, row.field, row.old_value)
    held[row.field] = row.old_value
    if row.field not in ("position", "source_row", "due", "original_due"):
        report.restored.append(f"{where}: {name} back to “{_show(row.field, row.old_value)}”")
    return True


def _restore_edit_marks(ws: Workspace, row: store.HistoryRow, restored: set[str]) -> None:
    """The import's value replaced the user's edit and cleared its mark; with the user's
    value back, the mark comes back (other marks, made since, stay)."""
    before = set(json.loads(str(row.old_value or "[]")))
    after = set(json.loads(str(row.new_value or "[]")))
    back = {f for f in before - after if f in restored}
    if not back:
        return
    held = store.action_rows(ws, [row.action_id]).get(row.action_id)
    if held is None:  # the action is gone: no marks to put back
        return
    marks = list(json.loads(held["edited_fields"] or "[]"))
    marks += [f for f in sorted(back) if f not in marks]
    store.set_action_column(ws, row.action_id, "edited_fields", json.dumps(marks))


def _plan_goes(ws: Workspace, record: store.ImportRecord, going: set[int]) -> bool:
    """The import started the plan, no later import used it, and it will hold nothing."""
    if record.plan_id is None or not record.plan_created:
        return False
    if store.later_imports_of_plan(ws, record.plan_id, record.id):
        return False
    return set(store.plan_action_ids(ws, record.plan_id)) <= going


def _restore_plan(ws: Workspace, record: store.ImportRecord, plan_goes: bool) -> None:
    """The plan as it was before: removed if the import started it and it is empty now;
    its details (file, inspection) put back unless a later import set them."""
    if record.plan_id is None or store.later_imports_of_plan(ws, record.plan_id, record.id):
        return
    if plan_goes:
        store.delete_plan_if_empty(ws, record.plan_id)
    elif record.plan_before:
        store.restore_plan_row(ws, record.plan_before)
