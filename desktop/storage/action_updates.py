"""Queries on actions' progress updates and their recorded due-date moves.

Re-exported from :mod:`desktop.storage.actions`, where callers find them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from datetime import date
from typing import cast

from desktop.domain.actions import ProgressUpdate
from desktop.domain.dates import stored_date
from desktop.domain.dates import timestamp_now as now
from desktop.storage.action_rows import UPDATE_COLUMNS, _iso, _update_from_row
from desktop.storage.workspace import Row, Workspace, id_chunks, inserted_id

# -- progress updates ----------------------------------------------------------

@dataclass(frozen=True, slots=True)
class NewUpdate:
    action_id: int
    text: str
    date: date | None = None
    status: str | None = None
    rag: str | None = None
    due: datetime.date | None = None
    due_text: str | None = None
    source: str = "manual"
    passage_id: int | None = None
    id: int | None = None  # given only when restoring
    created_at: str | None = None


_INSERT_UPDATE = ("INSERT INTO action_updates (id, action_id, date, text, status, rag, due, "
                  "due_text, source, passage_id, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)")


def _update_values(new: NewUpdate, stamp: str) -> tuple:
    return (new.id, new.action_id, _iso(new.date), new.text, new.status, new.rag, _iso(new.due),
            new.due_text, new.source, new.passage_id, new.created_at or stamp)


def insert_update(ws: Workspace, new: NewUpdate) -> int:
    return inserted_id(ws.conn.execute(_INSERT_UPDATE, _update_values(new, now())))


def insert_updates(ws: Workspace, news: list[NewUpdate]) -> None:
    stamp = now()
    ws.conn.executemany(_INSERT_UPDATE, [_update_values(n, stamp) for n in news])


def get_update(ws: Workspace, update_id: int) -> ProgressUpdate | None:
    row = ws.conn.execute(f"SELECT {UPDATE_COLUMNS} FROM action_updates WHERE id = ?",
                          (update_id,)).fetchone()
    return _update_from_row(row) if row else None


def delete_update(ws: Workspace, update_id: int) -> None:
    ws.conn.execute("DELETE FROM action_updates WHERE id = ?", (update_id,))


def update_rows(ws: Workspace, action_id: int) -> list[Row]:
    """The action's updates exactly as stored (with created_at), for undo snapshots."""
    cursor = ws.conn.execute(f"SELECT {UPDATE_COLUMNS} FROM action_updates WHERE action_id = ? "
                             "ORDER BY id", (action_id,))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def update_texts(ws: Workspace, ids: list[int]) -> dict[int, set[str]]:
    """Each action's update texts (whitespace collapsed), to tell a new tracker update from an old one."""
    found: dict[int, set[str]] = {}
    for part, marks in id_chunks(ids):
        for action_id, text in ws.conn.execute(
                f"SELECT action_id, text FROM action_updates WHERE action_id IN ({marks})",
                part):
            found.setdefault(action_id, set()).add(" ".join(text.split()))
    return found


# -- due-date moves ------------------------------------------------------------

def insert_due_change(ws: Workspace, action_id: int, old_due: date | None, old_due_text: str,
                      new_due: date | None, new_due_text: str,
                      changed_on: date | None = None) -> None:
    """``changed_on``: the date the slip was reported (a tracker's position date), else now."""
    ws.conn.execute(
        "INSERT INTO action_due_changes (action_id, old_due, old_due_text, new_due, new_due_text, "
        "changed_at) VALUES (?,?,?,?,?,?)",
        (action_id, _iso(old_due), old_due_text, _iso(new_due), new_due_text,
         _iso(changed_on) if changed_on else now()))


def latest_tracker_dates(ws: Workspace, ids: list[int]) -> dict[int, date]:
    """Each action's newest update date from a tracker (not typed in the app)."""
    found: dict[int, date] = {}
    for part, marks in id_chunks(ids):
        for action_id, newest in ws.conn.execute(
                f"SELECT action_id, max(date) FROM action_updates WHERE action_id IN ({marks}) "
                "AND source <> 'manual' AND date IS NOT NULL GROUP BY action_id", part):
            value = stored_date(newest)
            if value:
                found[action_id] = value
    return found


def due_change_rows(ws: Workspace, action_id: int) -> list[Row]:
    cursor = ws.conn.execute(
        "SELECT id, action_id, old_due, old_due_text, new_due, new_due_text, changed_at "
        "FROM action_due_changes WHERE action_id = ? ORDER BY id", (action_id,))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@dataclass(frozen=True, slots=True)
class DueChange:
    old_due: date | None
    old_due_text: str
    new_due: date | None
    new_due_text: str
    changed_at: str


def due_changes(ws: Workspace, action_id: int) -> list[DueChange]:
    return [DueChange(stored_date(cast("str | None", r["old_due"])), str(r["old_due_text"]),
                      stored_date(cast("str | None", r["new_due"])), str(r["new_due_text"]),
                      str(r["changed_at"])) for r in due_change_rows(ws, action_id)]
