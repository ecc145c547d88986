"""What the action queries share: column lists, small SQL helpers, whole rows for undo.

The column lists, ``now()``, JSON list columns, ``IN (...)`` chunking, reading a
progress-update row, and the generic whole-row copy and restore used by undo.
Everything public here is re-exported from :mod:`desktop.storage.actions`.
"""

from __future__ import annotations

import json
from datetime import date

from desktop.domain.actions import ActionStatus, ProgressUpdate, Rag
from desktop.domain.dates import stored_date
from desktop.storage.workspace import Row, Workspace

ACTION_COLUMNS = ("id, reference, title, description, owner, authority, due, due_text, "
                  "original_due, original_due_text, status, rag, flags, edited_fields, origin, "
                  "plan_id, position, source_row, created_at, updated_at")
UPDATE_COLUMNS = "id, action_id, date, text, status, rag, due, due_text, source, passage_id, created_at"
EDITABLE = ("reference", "title", "description", "owner", "authority", "due", "due_text",
            "original_due", "original_due_text", "status", "rag", "flags", "edited_fields",
            "plan_id", "position", "source_row", "origin")


def _enum(kind, value):
    try:
        return kind(value) if value else None
    except ValueError:
        return None


def _json_list(text: str | None) -> tuple[str, ...]:
    """A JSON list column; anything unreadable (a file edited elsewhere) reads as empty."""
    if not text or text == "[]":
        return ()
    try:
        value = json.loads(text)
    except ValueError:
        return ()
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def dump_list(values) -> str:
    values = list(values)
    return json.dumps(values, ensure_ascii=False) if values else "[]"


def _marks(part: list) -> str:
    return ",".join("?" * len(part))


def _iso(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def _update_from_row(r: tuple) -> ProgressUpdate:
    return ProgressUpdate(id=r[0], action_id=r[1], date=stored_date(r[2]), text=r[3],
                          status=_enum(ActionStatus, r[4]), rag=_enum(Rag, r[5]),
                          due=stored_date(r[6]), due_text=r[7] or "", source=r[8],
                          passage_id=r[9])


# -- whole rows, for undo ----------------------------------------------------------

def rows_where(ws: Workspace, table: str, column: str, value: object) -> list[Row]:
    """Every column of the rows of ``table`` that point at an action, as stored.

    Used for tables other parts of the app own (evidence), so that an undone
    deletion puts them back exactly whatever columns they have by then.
    """
    cursor = ws.conn.execute(f"SELECT * FROM {table} WHERE {column} = ? ORDER BY rowid", (value,))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def insert_rows(ws: Workspace, table: str, rows: list[dict[str, object]]) -> None:
    for row in rows:
        names = list(row)
        ws.conn.execute(f"INSERT OR REPLACE INTO {table} ({', '.join(names)}) "
                        f"VALUES ({_marks(names)})", [row[n] for n in names])
