"""What a tracker import did, recorded so it can be listed and undone.

:class:`ImportRecorder` is used inside the import's transaction: it reads the
actions the import may change before it changes them, and at the end writes the
import record (file, SHA-256, plan, position date, counts) and one history row
per field changed (old and new value as stored), per action created, and per
progress update, due-date move and recommendation link added.
:func:`list_imports` and :func:`history_of_action` read them back; undoing is
in :mod:`desktop.services.tracker_undo`.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from desktop.storage import tracker_imports as store
from desktop.storage.workspace import Workspace

# Fields shown to the user in words; position and source_row are bookkeeping.
FIELD_WORDS = {"reference": "reference", "title": "title", "description": "description",
               "owner": "owner", "authority": "council", "due": "due date (understood)",
               "due_text": "due date", "original_due": "original due date (understood)",
               "original_due_text": "original due date", "status": "status", "rag": "RAG rating",
               "flags": "things to check", "edited_fields": "fields marked as your edits",
               "plan_id": "plan", "position": "place in the plan", "source_row": "tracker row"}
SHOWN = ("reference", "title", "description", "owner", "authority", "due_text",
         "original_due_text", "status", "rag", "flags", "plan_id")


def shown(name: str, value: object) -> str:
    """A stored value in words: "on_track" is "On track", a JSON list its items, nothing "none"."""
    from desktop.domain.actions import ActionStatus, Rag

    if value is None or value == "" or value == "[]":
        return "none"
    if name in ("status", "rag"):
        try:
            return (ActionStatus if name == "status" else Rag)(str(value)).label
        except ValueError:
            pass
    if name in ("flags", "edited_fields") and isinstance(value, str):
        try:
            return "; ".join(json.loads(value)) or "none"
        except ValueError:
            return value
    if name == "plan_id":
        return f"plan {value}"
    text = " ".join(str(value).split())
    return text if len(text) <= 60 else text[:59] + "…"


def file_digest(path: Path) -> str:
    """SHA-256 of the tracker file ('' when it cannot be read again: it was read already)."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return ""
    return digest.hexdigest()


class ImportRecorder:
    """Call :meth:`start` once the plan id is known, :meth:`created` and :meth:`linked` as
    rows are applied, and :meth:`finish` last (all inside the import's ``ws.write()``)."""

    def __init__(self, ws: Workspace, plan, digest: str, reused_plan: bool,
                 action_ids: list[int]) -> None:
        self.ws, self.plan, self.digest = ws, plan, digest
        self.plan_before = store.plan_row(ws, plan.plan_id) if reused_plan else None
        self.before = store.action_rows(ws, action_ids)
        self.new_ids: list[int] = []
        self.links: list[tuple[int, int]] = []
        self.last_update = store.last_update_id(ws)
        self.last_due_change = store.last_due_change_id(ws)
        self.import_id: int | None = None

    def start(self, plan_id: int) -> None:
        self.import_id = store.insert_import(
            self.ws, plan_id=plan_id, file_name=self.plan.path.name,
            source_file=str(self.plan.path), sha256=self.digest, sheet=self.plan.sheet,
            as_at=self.plan.as_at, against_document_id=self.plan.against_document_id,
            plan_created=self.plan_before is None, plan_before=self.plan_before)

    def created(self, action_id: int) -> None:
        self.new_ids.append(action_id)

    def linked(self, action_id: int, rec_ids) -> None:
        self.links += [(action_id, r) for r in rec_ids]

    def finish(self, summary) -> int:
        """Write the history and the counts; returns the import's id."""
        ws, import_id = self.ws, self.import_id
        if import_id is None:
            raise RuntimeError("finish() before start(): the import was never recorded")
        after = store.action_rows(ws, list(self.before) + self.new_ids)
        entries: list[store.NewHistory] = []
        touched: set[int] = set()
        for action_id, old in self.before.items():
            new = after.get(action_id)
            if new is None:
                continue
            for name in store.TRACKED:
                if old[name] != new[name]:
                    entries.append(store.NewHistory(action_id, "field", name, old[name], new[name]))
                    touched.add(action_id)
        entries += [store.NewHistory(a, "created") for a in self.new_ids]
        created = set(self.new_ids)
        for update_id, action_id in store.update_ids_after(ws, self.last_update):
            entries.append(store.NewHistory(action_id, "update", row_id=update_id))
            touched.add(action_id)
        for change_id, action_id in store.due_changes_after(ws, self.last_due_change):
            entries.append(store.NewHistory(action_id, "due_change", row_id=change_id))
            touched.add(action_id)
        for action_id, rec_id in self.links:
            entries.append(store.NewHistory(action_id, "link", row_id=rec_id))
            touched.add(action_id)
        # What the user had marked as edited once the import was done: an edit made after
        # it shows as a field added to that list, and undo leaves such a field alone.
        entries += [store.NewHistory(a, "changed", new_value=list(
            json.loads(after[a]["edited_fields"] or "[]")))
            for a in sorted(touched - created) if a in after]
        store.insert_history(ws, import_id, entries,
                             {a: row["created_at"] for a, row in after.items()})
        store.set_import_counts(ws, import_id, imported=summary.imported,
                                updated=summary.updated, unchanged=summary.unchanged,
                                flagged=summary.flagged, skipped=summary.skipped)
        return import_id


def list_imports(ws: Workspace) -> list[store.ImportRecord]:
    """Every tracker import, newest first (`actions imports`, Edit > Undo tracker import)."""
    return store.list_imports(ws)


def history_of_action(ws: Workspace, action_id: int) -> list[store.HistoryRow]:
    """What tracker imports changed on one action, oldest first (only fields shown)."""
    row = store.action_rows(ws, [action_id]).get(action_id)
    created = row["created_at"] if row else None
    return [h for h in store.history_of_action(ws, action_id, created)
            if h.kind != "field" or h.field in SHOWN]


def import_json(record: store.ImportRecord) -> dict:
    from desktop.domain.dates import iso

    return {"id": record.id, "file": record.file_name, "source_file": record.source_file,
            "sha256": record.sha256, "sheet": record.sheet, "plan_id": record.plan_id,
            "as_at": iso(record.as_at), "against_document_id": record.against_document_id,
            "imported_at": record.imported_at, "imported": record.imported,
            "updated": record.updated, "unchanged": record.unchanged, "flagged": record.flagged,
            "skipped": record.skipped, "undone_at": record.undone_at,
            "undo_report": record.undo_report}


def history_lines(rows: list[store.HistoryRow]) -> list[str]:
    """What tracker imports changed on an action, a line each with old and new values:
    "import 3: owner “Head of MASH” → “Service Manager”" (window and command line alike)."""
    lines = []
    for h in rows:
        undone = " (undone)" if h.undone_at else ""
        if h.kind == "field":
            lines.append(f"import {h.import_id}: {FIELD_WORDS.get(h.field, h.field)} "
                         f"“{shown(h.field, h.old_value)}” → “{shown(h.field, h.new_value)}”{undone}")
        elif h.kind == "created":
            lines.append(f"import {h.import_id}: added this action{undone}")
    return lines


def history_json(row: store.HistoryRow) -> dict:
    return {"import_id": row.import_id, "kind": row.kind, "field": row.field,
            "old": row.old_value, "new": row.new_value, "row_id": row.row_id,
            "changed_at": row.changed_at, "undone": row.undone_at is not None}
