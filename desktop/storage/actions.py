"""Queries on improvement-plan actions, their recommendation links, progress
updates, due-date moves and the tracker imports (plans) they came from.

This module holds reading and writing actions and their links. Progress updates
and due-date moves are in ``action_updates``, plans and re-import matching in
``action_plans``, and the shared helpers and whole-row undo copies in
``action_rows``; their public names are re-exported here, so callers keep using
``from desktop.storage import actions as store``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.domain.actions import Action, ActionStatus, ProgressUpdate, Rag
from desktop.domain.dates import stored_date
from desktop.domain.dates import timestamp_now as now
from desktop.storage.action_plans import (  # noqa: F401
    MatchRow,
    actions_with_an_authority,
    insert_plan,
    match_rows,
    plan_against,
    plan_exists,
    plan_keys,
    plan_last_imported_from,
    plan_size,
    reuse_plan,
)
from desktop.storage.action_rows import (
    ACTION_COLUMNS,
    EDITABLE,
    UPDATE_COLUMNS,
    _enum,
    _iso,
    _json_list,
    _marks,
    _update_from_row,
    dump_list,
    insert_rows,
    rows_where,
)
from desktop.storage.action_updates import (
    DueChange,
    NewUpdate,
    delete_update,
    due_change_rows,
    due_changes,
    get_update,
    insert_due_change,
    insert_update,
    insert_updates,
    latest_tracker_dates,  # noqa: F401
    update_rows,
    update_texts,
)
from desktop.storage.workspace import ID_CHUNK, Row, Workspace, id_chunks, inserted_id

__all__ = [
    # here
    "ActionFilter", "NewAction", "ORDER", "list_actions", "get_action", "action_row", "owners",
    "existing_recommendation_ids", "recommendation_authorities", "insert_action",
    "insert_actions", "next_position", "update_action", "touch_action", "place_action",
    "delete_action", "link", "link_many", "unlink", "link_sets",
    # action_rows
    "ACTION_COLUMNS", "UPDATE_COLUMNS", "EDITABLE", "dump_list", "rows_where",
    "insert_rows",
    # action_updates
    "NewUpdate", "insert_update", "insert_updates", "get_update", "delete_update", "update_rows",
    "update_texts", "insert_due_change", "due_change_rows", "DueChange", "due_changes",
    # action_plans
    "insert_plan", "MatchRow", "actions_with_an_authority", "match_rows",
]


# -- reading -----------------------------------------------------------------

def _links(ws: Workspace, ids: list[int]) -> dict[int, tuple[int, ...]]:
    found: dict[int, list[int]] = {}
    for part, marks in id_chunks(ids):
        for action_id, rec_id in ws.conn.execute(
                "SELECT action_id, recommendation_id FROM action_recommendations "
                f"WHERE action_id IN ({marks}) ORDER BY recommendation_id", part):
            found.setdefault(action_id, []).append(rec_id)
    return {k: tuple(v) for k, v in found.items()}


# Newest first: by the date reported, then by when it was recorded (undated last).
_UPDATE_ORDER = "ORDER BY date IS NULL, date DESC, created_at DESC, id DESC"


def _updates(ws: Workspace, ids: list[int]) -> dict[int, tuple[ProgressUpdate, ...]]:
    found: dict[int, list[ProgressUpdate]] = {}
    for part, marks in id_chunks(ids):
        for row in ws.conn.execute(
                f"SELECT {UPDATE_COLUMNS} FROM action_updates WHERE action_id IN ({marks}) "
                f"{_UPDATE_ORDER}", part):
            found.setdefault(row[1], []).append(_update_from_row(row))
    return {k: tuple(v) for k, v in found.items()}


def _slips(ws: Workspace, ids: list[int]) -> dict[int, int]:
    """How many recorded due-date moves went later (a move to "ongoing" or earlier is not a slip)."""
    found: dict[int, int] = {}
    for part, marks in id_chunks(ids):
        for action_id, count in ws.conn.execute(
                "SELECT action_id, count(*) FROM action_due_changes "
                f"WHERE action_id IN ({marks}) AND old_due IS NOT NULL "
                "AND new_due IS NOT NULL AND new_due > old_due GROUP BY action_id", part):
            found[action_id] = count
    return found


def _from_rows(ws: Workspace, rows: list[tuple]) -> list[Action]:
    ids = [r[0] for r in rows]
    links, updates, slips = _links(ws, ids), _updates(ws, ids), _slips(ws, ids)
    actions = []
    for r in rows:
        due, original = stored_date(r[6]), stored_date(r[8])
        slipped = (due - original).days if due and original and due > original else 0
        actions.append(Action(
            id=r[0], reference=r[1], title=r[2], description=r[3], owner=r[4], authority=r[5],
            due=due, due_text=r[7], original_due=original, original_due_text=r[9],
            status=_enum(ActionStatus, r[10]) or ActionStatus.NOT_STARTED, rag=_enum(Rag, r[11]),
            recommendation_ids=links.get(r[0], ()), updates=updates.get(r[0], ()),
            slips=slips.get(r[0], 0), slipped_days=slipped, flags=_json_list(r[12]),
            edited_fields=_json_list(r[13]), origin=r[14], plan_id=r[15]))
    return actions


ORDER = "ORDER BY a.plan_id IS NULL, a.plan_id, a.position, a.id"


@dataclass(frozen=True, slots=True)
class ActionFilter:
    """What to list; the date filters leave out completed actions (they are not late)."""

    owner: str | None = None
    status: str | None = None
    rag: str | None = None
    recommendation_id: int | None = None
    authority: str | None = None
    plan_id: int | None = None
    due_before: date | None = None  # overdue: due earlier than this
    due_until: tuple[date, date] | None = None  # due soon: due between these, inclusive
    ids: tuple[int, ...] | None = None


def list_actions(ws: Workspace, f: ActionFilter = ActionFilter()) -> list[Action]:
    clauses: list[str] = []
    params: list[object] = []
    if f.owner:
        clauses.append("a.owner = ? COLLATE NOCASE")
        params.append(f.owner)
    if f.status:
        clauses.append("a.status = ?")
        params.append(f.status)
    if f.rag:
        clauses.append("a.rag = ?")
        params.append(f.rag)
    if f.authority:
        clauses.append("a.authority = ? COLLATE NOCASE")
        params.append(f.authority)
    if f.plan_id is not None:
        clauses.append("a.plan_id = ?")
        params.append(f.plan_id)
    if f.recommendation_id is not None:
        clauses.append("a.id IN (SELECT action_id FROM action_recommendations "
                       "WHERE recommendation_id = ?)")
        params.append(f.recommendation_id)
    dated: list[str] = []
    if f.due_before is not None:
        dated.append("a.due < ?")
        params.append(f.due_before.isoformat())
    if f.due_until is not None:
        dated.append("a.due BETWEEN ? AND ?")
        params += [f.due_until[0].isoformat(), f.due_until[1].isoformat()]
    if dated:  # overdue and due soon together mean either
        clauses.append(f"a.due IS NOT NULL AND a.status <> 'complete' AND ({' OR '.join(dated)})")
    if f.ids is not None:
        if not f.ids:
            return []
        if len(f.ids) > ID_CHUNK:
            wanted = set(f.ids)
            return [a for a in list_actions(ws, ActionFilter(
                f.owner, f.status, f.rag, f.recommendation_id, f.authority, f.plan_id,
                f.due_before, f.due_until)) if a.id in wanted]
        clauses.append(f"a.id IN ({_marks(list(f.ids))})")
        params += list(f.ids)
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    rows = ws.conn.execute(f"SELECT {ACTION_COLUMNS} FROM actions a"
                           f"{where} {ORDER}", params).fetchall()
    return _from_rows(ws, rows)


def get_action(ws: Workspace, action_id: int) -> Action | None:
    rows = ws.conn.execute(f"SELECT {ACTION_COLUMNS} FROM actions WHERE id = ?",
                           (action_id,)).fetchall()
    found = _from_rows(ws, rows)
    return found[0] if found else None


def action_row(ws: Workspace, action_id: int) -> Row | None:
    """Every stored column of one action, as stored (for undo snapshots)."""
    cursor = ws.conn.execute(f"SELECT {ACTION_COLUMNS} FROM actions WHERE id = ?", (action_id,))
    row = cursor.fetchone()
    return dict(zip([d[0] for d in cursor.description], row, strict=True)) if row else None


def owners(ws: Workspace) -> list[str]:
    return [r[0] for r in ws.conn.execute(
        "SELECT owner FROM actions WHERE owner <> '' GROUP BY owner COLLATE NOCASE "
        "ORDER BY owner COLLATE NOCASE")]


def existing_recommendation_ids(ws: Workspace, ids: list[int]) -> set[int]:
    found: set[int] = set()
    for part, marks in id_chunks(ids):
        found.update(r[0] for r in ws.conn.execute(
            f"SELECT id FROM recommendations WHERE id IN ({marks})", part))
    return found


def recommendation_authorities(ws: Workspace, ids: list[int]) -> list[str]:
    """The authorities of these recommendations, most common first."""
    counts: dict[str, int] = {}
    for part, marks in id_chunks(ids):
        for (authority,) in ws.conn.execute(
                f"SELECT authority FROM recommendations WHERE id IN ({marks}) "
                "AND authority IS NOT NULL", part):
            counts[authority] = counts.get(authority, 0) + 1
    return sorted(counts, key=lambda a: -counts[a])


# -- writing -----------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class NewAction:
    title: str
    reference: str = ""
    description: str = ""
    owner: str = ""
    authority: str | None = None
    due: date | None = None
    due_text: str = ""
    original_due: date | None = None
    original_due_text: str = ""
    status: str = ActionStatus.NOT_STARTED.value
    rag: str | None = None
    flags: tuple[str, ...] = ()
    edited_fields: tuple[str, ...] = ()
    origin: str = "manual"
    plan_id: int | None = None
    position: int = 0
    source_row: int | None = None
    id: int | None = None  # given only when restoring a deleted one
    created_at: str | None = None
    updated_at: str | None = None


def _action_values(new: NewAction, stamp: str) -> tuple:
    return (new.id, new.plan_id, new.reference, new.title, new.description, new.owner,
            new.authority, _iso(new.due), new.due_text, _iso(new.original_due),
            new.original_due_text, new.status, new.rag, new.source_row, dump_list(new.flags),
            dump_list(new.edited_fields), new.origin, new.position,
            new.created_at or stamp, new.updated_at or stamp)


_INSERT_ACTION = (
    "INSERT INTO actions (id, plan_id, reference, title, description, owner, authority, due, "
    "due_text, original_due, original_due_text, status, rag, source_row, flags, edited_fields, "
    "origin, position, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")


def insert_action(ws: Workspace, new: NewAction) -> int:
    return inserted_id(ws.conn.execute(_INSERT_ACTION, _action_values(new, now())))


def insert_actions(ws: Workspace, news: list[NewAction]) -> list[int]:
    """Many actions at once (a tracker import); returns their ids in order."""
    stamp = now()
    ids = []
    for new in news:  # lastrowid per row: executemany does not report the ids
        ids.append(inserted_id(ws.conn.execute(_INSERT_ACTION, _action_values(new, stamp))))
    return ids


def next_position(ws: Workspace, plan_id: int | None) -> int:
    return ws.conn.execute("SELECT coalesce(max(position), -1) + 1 FROM actions WHERE plan_id IS ?",
                           (plan_id,)).fetchone()[0]


def update_action(ws: Workspace, action_id: int, changes: dict[str, object]) -> None:
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"cannot edit {sorted(unknown)}")
    if not changes:
        return
    values = [dump_list(v) if name in ("flags", "edited_fields") else _iso(v)
              for name, v in changes.items()]
    sets = ", ".join(f"{name} = ?" for name in changes)
    ws.conn.execute(f"UPDATE actions SET {sets}, updated_at = ? WHERE id = ?",
                    (*values, now(), action_id))


def touch_action(ws: Workspace, action_id: int) -> None:
    ws.conn.execute("UPDATE actions SET updated_at = ? WHERE id = ?", (now(), action_id))


def place_action(ws: Workspace, action_id: int, *, plan_id: int | None, position: int,
                 source_row: int | None, flags: tuple[str, ...] | None = None) -> None:
    """Move an action to a plan position (a re-import) without marking it changed."""
    if flags is None:
        ws.conn.execute("UPDATE actions SET plan_id = ?, position = ?, source_row = ? WHERE id = ?",
                        (plan_id, position, source_row, action_id))
    else:
        ws.conn.execute("UPDATE actions SET plan_id = ?, position = ?, source_row = ?, flags = ? "
                        "WHERE id = ?", (plan_id, position, source_row, dump_list(flags), action_id))


def delete_action(ws: Workspace, action_id: int) -> None:
    ws.conn.execute("DELETE FROM actions WHERE id = ?", (action_id,))


def link(ws: Workspace, action_id: int, rec_id: int) -> None:
    ws.conn.execute("INSERT OR IGNORE INTO action_recommendations (action_id, recommendation_id) "
                    "VALUES (?, ?)", (action_id, rec_id))


def link_many(ws: Workspace, pairs: list[tuple[int, int]]) -> None:
    ws.conn.executemany("INSERT OR IGNORE INTO action_recommendations (action_id, recommendation_id) "
                        "VALUES (?, ?)", pairs)


def unlink(ws: Workspace, action_id: int, rec_id: int) -> None:
    ws.conn.execute("DELETE FROM action_recommendations WHERE action_id = ? AND recommendation_id = ?",
                    (action_id, rec_id))


def link_sets(ws: Workspace, ids: list[int]) -> dict[int, set[int]]:
    return {k: set(v) for k, v in _links(ws, ids).items()}
