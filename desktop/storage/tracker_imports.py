"""Queries on the record of tracker imports and the action history they leave.

Each import is a ``tracker_imports`` row (file, SHA-256, plan, position date,
counts); each thing it did to an action is an ``action_history`` row: a field
changed (old and new value as stored), an action created, an update, a
due-date move or a link it added. Undo reads them back (newest first) and
marks them undone. Schema: db/migrations/0007_tracker_imports.sql.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from desktop.domain.dates import stored_date
from desktop.domain.dates import timestamp_now as now
from desktop.storage.action_rows import ACTION_COLUMNS, _iso, dump_list
from desktop.storage.workspace import Row, Workspace, id_chunks, inserted_id

# Columns of ``actions`` an import may change and undo may put back; created_at and
# updated_at are the app's own bookkeeping.
TRACKED = ("reference", "title", "description", "owner", "authority", "due", "due_text",
           "original_due", "original_due_text", "status", "rag", "flags", "edited_fields",
           "plan_id", "position", "source_row")
_LISTS = ("flags", "edited_fields")


def stored_form(name: str, value: object) -> object:
    """A value as the ``actions`` column holds it (ISO dates, JSON lists)."""
    if name in _LISTS and not isinstance(value, str):
        return dump_list(value or ())
    return _iso(value)


@dataclass(frozen=True, slots=True)
class ImportRecord:
    id: int
    plan_id: int | None
    file_name: str
    source_file: str | None
    sha256: str
    sheet: str | None
    as_at: date | None
    against_document_id: int | None
    imported_at: str
    imported: int
    updated: int
    unchanged: int
    flagged: int
    skipped: int
    plan_created: bool
    plan_before: dict | None
    undone_at: str | None
    undo_report: str


@dataclass(frozen=True, slots=True)
class HistoryRow:
    id: int
    action_id: int
    action_created_at: str
    import_id: int | None
    kind: str
    field: str
    old_value: object
    new_value: object
    row_id: int | None
    changed_at: str
    undone_at: str | None


_IMPORT_COLUMNS = ("id, plan_id, file_name, source_file, sha256, sheet, as_at, against_document_id, "
                   "imported_at, imported, updated, unchanged, flagged, skipped, plan_created, "
                   "plan_before, undone_at, undo_report")
_HISTORY_COLUMNS = ("id, action_id, action_created_at, import_id, kind, field, old_value, "
                    "new_value, row_id, changed_at, undone_at")


def _record(r: tuple) -> ImportRecord:
    return ImportRecord(r[0], r[1], r[2], r[3], r[4], r[5], stored_date(r[6]), r[7], r[8], r[9],
                        r[10], r[11], r[12], r[13], bool(r[14]),
                        json.loads(r[15]) if r[15] else None, r[16], r[17])


def _history(r: tuple) -> HistoryRow:
    return HistoryRow(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6]) if r[6] else None,
                      json.loads(r[7]) if r[7] else None, r[8], r[9], r[10])


# -- the import record ------------------------------------------------------------

def insert_import(ws: Workspace, *, plan_id: int, file_name: str, source_file: str | None,
                  sha256: str, sheet: str | None, as_at: date | None,
                  against_document_id: int | None, plan_created: bool,
                  plan_before: dict | None) -> int:
    return inserted_id(ws.conn.execute(
        "INSERT INTO tracker_imports (plan_id, file_name, source_file, sha256, sheet, as_at, "
        "against_document_id, imported_at, plan_created, plan_before) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (plan_id, file_name, source_file, sha256, sheet, _iso(as_at), against_document_id, now(),
         int(plan_created), json.dumps(plan_before) if plan_before else None)))


def set_import_counts(ws: Workspace, import_id: int, *, imported: int, updated: int,
                      unchanged: int, flagged: int, skipped: int) -> None:
    ws.conn.execute("UPDATE tracker_imports SET imported = ?, updated = ?, unchanged = ?, "
                    "flagged = ?, skipped = ? WHERE id = ?",
                    (imported, updated, unchanged, flagged, skipped, import_id))


def mark_import_undone(ws: Workspace, import_id: int, report: str) -> None:
    ws.conn.execute("UPDATE tracker_imports SET undone_at = ?, undo_report = ? WHERE id = ?",
                    (now(), report, import_id))


def get_import(ws: Workspace, import_id: int) -> ImportRecord | None:
    row = ws.conn.execute(f"SELECT {_IMPORT_COLUMNS} FROM tracker_imports WHERE id = ?",
                          (import_id,)).fetchone()
    return _record(row) if row else None


def list_imports(ws: Workspace) -> list[ImportRecord]:
    """Newest first."""
    return [_record(r) for r in ws.conn.execute(
        f"SELECT {_IMPORT_COLUMNS} FROM tracker_imports ORDER BY id DESC")]


def plan_row(ws: Workspace, plan_id: int) -> dict | None:
    cursor = ws.conn.execute("SELECT * FROM action_plans WHERE id = ?", (plan_id,))
    row = cursor.fetchone()
    return dict(zip([d[0] for d in cursor.description], row, strict=True)) if row else None


def restore_plan_row(ws: Workspace, row: dict) -> None:
    names = [n for n in row if n != "id"]
    ws.conn.execute(f"UPDATE action_plans SET {', '.join(f'{n} = ?' for n in names)} WHERE id = ?",
                    [row[n] for n in names] + [row["id"]])


def later_imports_of_plan(ws: Workspace, plan_id: int, import_id: int) -> list[int]:
    """Imports into the same plan after this one that are not undone."""
    return [r[0] for r in ws.conn.execute(
        "SELECT id FROM tracker_imports WHERE plan_id = ? AND id > ? AND undone_at IS NULL",
        (plan_id, import_id))]


def delete_plan_if_empty(ws: Workspace, plan_id: int) -> bool:
    if ws.conn.execute("SELECT 1 FROM actions WHERE plan_id = ? LIMIT 1", (plan_id,)).fetchone():
        return False
    ws.conn.execute("DELETE FROM action_plans WHERE id = ?", (plan_id,))
    return True


# -- history rows -----------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class NewHistory:
    action_id: int
    kind: str
    field: str = ""
    old_value: object = None
    new_value: object = None
    row_id: int | None = None


def insert_history(ws: Workspace, import_id: int | None, entries: list[NewHistory],
                   created: dict[int, str]) -> None:
    """``created``: each action's created_at, which tells it from a later one given its id."""
    stamp = now()
    ws.conn.executemany(
        "INSERT INTO action_history (action_id, action_created_at, import_id, kind, field, "
        "old_value, new_value, row_id, changed_at) VALUES (?,?,?,?,?,?,?,?,?)",
        [(e.action_id, created.get(e.action_id, ""), import_id, e.kind, e.field,
          None if e.old_value is None else json.dumps(e.old_value, ensure_ascii=False),
          None if e.new_value is None else json.dumps(e.new_value, ensure_ascii=False),
          e.row_id, stamp) for e in entries])


def history_of_import(ws: Workspace, import_id: int) -> list[HistoryRow]:
    """Newest first: the order undo takes them back in."""
    return [_history(r) for r in ws.conn.execute(
        f"SELECT {_HISTORY_COLUMNS} FROM action_history WHERE import_id = ? ORDER BY id DESC",
        (import_id,))]


def history_of_action(ws: Workspace, action_id: int, created_at: str | None = None) -> list[HistoryRow]:
    """Oldest first; with ``created_at`` only the rows of that action (not an earlier one
    whose id it reuses)."""
    clause, params = ("", [action_id]) if created_at is None else (
        " AND action_created_at IN (?, '')", [action_id, created_at])
    return [_history(r) for r in ws.conn.execute(
        f"SELECT {_HISTORY_COLUMNS} FROM action_history WHERE action_id = ?{clause} ORDER BY id",
        params)]


def later_field_change(ws: Workspace, row: HistoryRow) -> int | None:
    """The import that changed the same field of the same action after ``row`` (not undone)."""
    found = ws.conn.execute(
        "SELECT import_id FROM action_history WHERE action_id = ? AND action_created_at = ? "
        "AND kind = 'field' AND field = ? AND id > ? AND undone_at IS NULL "
        "AND import_id IS NOT NULL ORDER BY id LIMIT 1",
        (row.action_id, row.action_created_at, row.field, row.id)).fetchone()
    return found[0] if found else None


def later_imports_touching(ws: Workspace, row: HistoryRow) -> list[int]:
    """Other imports, after ``row``, that changed this action and are not undone."""
    return [r[0] for r in ws.conn.execute(
        "SELECT DISTINCT import_id FROM action_history WHERE action_id = ? AND action_created_at = ? "
        "AND id > ? AND import_id <> ? AND undone_at IS NULL", (
            row.action_id, row.action_created_at, row.id, row.import_id))]


def mark_history_undone(ws: Workspace, ids: list[int]) -> None:
    stamp = now()
    for part, marks in id_chunks(ids):
        ws.conn.execute(f"UPDATE action_history SET undone_at = ? WHERE id IN ({marks})",
                        [stamp, *part])


# -- whole action rows, before and after ------------------------------------------

def action_rows(ws: Workspace, ids: list[int]) -> dict[int, Row]:
    """Every stored column of these actions, by id (read once before an import changes them)."""
    found: dict[int, Row] = {}
    for part, marks in id_chunks(ids):
        cursor = ws.conn.execute(f"SELECT {ACTION_COLUMNS} FROM actions WHERE id IN ({marks})", part)
        names = [d[0] for d in cursor.description]
        for row in cursor.fetchall():
            found[row[0]] = dict(zip(names, row, strict=True))
    return found


def set_action_column(ws: Workspace, action_id: int, name: str, value: object) -> None:
    if name not in TRACKED:
        raise ValueError(f"cannot restore {name}")
    ws.conn.execute(f"UPDATE actions SET {name} = ?, updated_at = ? WHERE id = ?",
                    (value, now(), action_id))


def action_has_user_work(ws: Workspace, action_id: int) -> list[str]:
    """What the user has added to an action: quotes, notes (updates typed in), edits."""
    found = []
    if ws.conn.execute("SELECT 1 FROM evidence WHERE action_id = ? LIMIT 1", (action_id,)).fetchone():
        found.append("evidence")
    if ws.conn.execute("SELECT 1 FROM action_updates WHERE action_id = ? AND source = 'manual' "
                       "LIMIT 1", (action_id,)).fetchone():
        found.append("a progress note you wrote")
    row = ws.conn.execute("SELECT edited_fields FROM actions WHERE id = ?", (action_id,)).fetchone()
    if row and row[0] not in (None, "", "[]"):
        found.append("your edits")
    return found


def delete_row(ws: Workspace, table: str, row_id: int) -> bool:
    if table not in ("action_updates", "action_due_changes"):
        raise ValueError(table)
    return ws.conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,)).rowcount > 0


def remove_link(ws: Workspace, action_id: int, rec_id: int) -> bool:
    return ws.conn.execute("DELETE FROM action_recommendations WHERE action_id = ? AND "
                           "recommendation_id = ?", (action_id, rec_id)).rowcount > 0


def plan_action_ids(ws: Workspace, plan_id: int) -> list[int]:
    return [r[0] for r in ws.conn.execute("SELECT id FROM actions WHERE plan_id = ?", (plan_id,))]


def delete_action_row(ws: Workspace, action_id: int) -> None:
    """Its links, updates and due-date moves go with it (a snapshot is in the trash)."""
    ws.conn.execute("DELETE FROM actions WHERE id = ?", (action_id,))


def last_due_change_id(ws: Workspace) -> int:
    return ws.conn.execute("SELECT coalesce(max(id), 0) FROM action_due_changes").fetchone()[0]


def update_ids_after(ws: Workspace, after_id: int) -> list[tuple[int, int]]:
    """(update id, action id) of the updates added after ``after_id``."""
    return [(r[0], r[1]) for r in ws.conn.execute(
        "SELECT id, action_id FROM action_updates WHERE id > ? ORDER BY id", (after_id,))]


def last_update_id(ws: Workspace) -> int:
    return ws.conn.execute("SELECT coalesce(max(id), 0) FROM action_updates").fetchone()[0]


def due_changes_after(ws: Workspace, after_id: int) -> list[tuple[int, int]]:
    return [(r[0], r[1]) for r in ws.conn.execute(
        "SELECT id, action_id FROM action_due_changes WHERE id > ? ORDER BY id", (after_id,))]
