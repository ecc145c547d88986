"""Queries on improvement-plan actions, their recommendation links, progress
updates, due-date moves and the tracker imports (plans) they came from."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timezone

from desktop.domain.actions import Action, ActionStatus, ProgressUpdate, Rag
from desktop.domain.dates import stored_date
from desktop.storage.workspace import Workspace

CHUNK = 500  # SQLite's default limit on bound parameters is far above this; keep IN lists small

ACTION_COLUMNS = ("id, reference, title, description, owner, authority, due, due_text, "
                  "original_due, original_due_text, status, rag, flags, edited_fields, origin, "
                  "plan_id, position, source_row, created_at, updated_at")
UPDATE_COLUMNS = "id, action_id, date, text, status, rag, due, due_text, source, passage_id, created_at"
EDITABLE = ("reference", "title", "description", "owner", "authority", "due", "due_text",
            "original_due", "original_due_text", "status", "rag", "flags", "edited_fields",
            "plan_id", "position", "source_row", "origin")


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


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
        value = json.loads(text or "[]")
    except ValueError:
        return ()
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def dump_list(values) -> str:
    values = list(values)
    return json.dumps(values, ensure_ascii=False) if values else "[]"


def _chunks(ids: list[int]):
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def _marks(part: list) -> str:
    return ",".join("?" * len(part))


# -- reading -----------------------------------------------------------------

def _links(ws: Workspace, ids: list[int]) -> dict[int, tuple[int, ...]]:
    found: dict[int, list[int]] = {}
    for part in _chunks(ids):
        for action_id, rec_id in ws.conn.execute(
                "SELECT action_id, recommendation_id FROM action_recommendations "
                f"WHERE action_id IN ({_marks(part)}) ORDER BY recommendation_id", part):
            found.setdefault(action_id, []).append(rec_id)
    return {k: tuple(v) for k, v in found.items()}


def _update_from_row(r: tuple) -> ProgressUpdate:
    return ProgressUpdate(id=r[0], action_id=r[1], date=stored_date(r[2]), text=r[3],
                          status=_enum(ActionStatus, r[4]), rag=_enum(Rag, r[5]),
                          due=stored_date(r[6]), due_text=r[7] or "", source=r[8],
                          passage_id=r[9])


# Newest first: by the date reported, then by when it was recorded (undated last).
_UPDATE_ORDER = "ORDER BY date IS NULL, date DESC, created_at DESC, id DESC"


def _updates(ws: Workspace, ids: list[int]) -> dict[int, tuple[ProgressUpdate, ...]]:
    found: dict[int, list[ProgressUpdate]] = {}
    for part in _chunks(ids):
        for row in ws.conn.execute(
                f"SELECT {UPDATE_COLUMNS} FROM action_updates WHERE action_id IN ({_marks(part)}) "
                f"{_UPDATE_ORDER}", part):
            found.setdefault(row[1], []).append(_update_from_row(row))
    return {k: tuple(v) for k, v in found.items()}


def _slips(ws: Workspace, ids: list[int]) -> dict[int, int]:
    """How many recorded due-date moves went later (a move to "ongoing" or earlier is not a slip)."""
    found: dict[int, int] = {}
    for part in _chunks(ids):
        for action_id, count in ws.conn.execute(
                "SELECT action_id, count(*) FROM action_due_changes "
                f"WHERE action_id IN ({_marks(part)}) AND old_due IS NOT NULL "
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
        if len(f.ids) > CHUNK:
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


def action_row(ws: Workspace, action_id: int) -> dict[str, object] | None:
    """Every stored column of one action, as stored (for undo snapshots)."""
    cursor = ws.conn.execute(f"SELECT {ACTION_COLUMNS} FROM actions WHERE id = ?", (action_id,))
    row = cursor.fetchone()
    return dict(zip([d[0] for d in cursor.description], row)) if row else None


def owners(ws: Workspace) -> list[str]:
    return [r[0] for r in ws.conn.execute(
        "SELECT owner FROM actions WHERE owner <> '' GROUP BY owner COLLATE NOCASE "
        "ORDER BY owner COLLATE NOCASE")]


def existing_recommendation_ids(ws: Workspace, ids: list[int]) -> set[int]:
    found: set[int] = set()
    for part in _chunks(ids):
        found.update(r[0] for r in ws.conn.execute(
            f"SELECT id FROM recommendations WHERE id IN ({_marks(part)})", part))
    return found


def recommendation_authorities(ws: Workspace, ids: list[int]) -> list[str]:
    """The authorities of these recommendations, most common first."""
    counts: dict[str, int] = {}
    for part in _chunks(ids):
        for (authority,) in ws.conn.execute(
                f"SELECT authority FROM recommendations WHERE id IN ({_marks(part)}) "
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


def _iso(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


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
    return ws.conn.execute(_INSERT_ACTION, _action_values(new, now())).lastrowid


def insert_actions(ws: Workspace, news: list[NewAction]) -> list[int]:
    """Many actions at once (a tracker import); returns their ids in order."""
    stamp = now()
    ids = []
    for new in news:  # lastrowid per row: executemany does not report the ids
        ids.append(ws.conn.execute(_INSERT_ACTION, _action_values(new, stamp)).lastrowid)
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


# -- progress updates ----------------------------------------------------------

@dataclass(frozen=True, slots=True)
class NewUpdate:
    action_id: int
    text: str
    date: date | None = None
    status: str | None = None
    rag: str | None = None
    due: date | None = None
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
    return ws.conn.execute(_INSERT_UPDATE, _update_values(new, now())).lastrowid


def insert_updates(ws: Workspace, news: list[NewUpdate]) -> None:
    stamp = now()
    ws.conn.executemany(_INSERT_UPDATE, [_update_values(n, stamp) for n in news])


def get_update(ws: Workspace, update_id: int) -> ProgressUpdate | None:
    row = ws.conn.execute(f"SELECT {UPDATE_COLUMNS} FROM action_updates WHERE id = ?",
                          (update_id,)).fetchone()
    return _update_from_row(row) if row else None


def delete_update(ws: Workspace, update_id: int) -> None:
    ws.conn.execute("DELETE FROM action_updates WHERE id = ?", (update_id,))


def update_rows(ws: Workspace, action_id: int) -> list[dict[str, object]]:
    """The action's updates exactly as stored (with created_at), for undo snapshots."""
    cursor = ws.conn.execute(f"SELECT {UPDATE_COLUMNS} FROM action_updates WHERE action_id = ? "
                             "ORDER BY id", (action_id,))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def update_texts(ws: Workspace, ids: list[int]) -> dict[int, set[str]]:
    """Each action's update texts (whitespace collapsed), to tell a new tracker update from an old one."""
    found: dict[int, set[str]] = {}
    for part in _chunks(ids):
        for action_id, text in ws.conn.execute(
                f"SELECT action_id, text FROM action_updates WHERE action_id IN ({_marks(part)})",
                part):
            found.setdefault(action_id, set()).add(" ".join(text.split()))
    return found


def link_sets(ws: Workspace, ids: list[int]) -> dict[int, set[int]]:
    return {k: set(v) for k, v in _links(ws, ids).items()}


# -- due-date moves ------------------------------------------------------------

def insert_due_change(ws: Workspace, action_id: int, old_due: date | None, old_due_text: str,
                      new_due: date | None, new_due_text: str) -> None:
    ws.conn.execute(
        "INSERT INTO action_due_changes (action_id, old_due, old_due_text, new_due, new_due_text, "
        "changed_at) VALUES (?,?,?,?,?,?)",
        (action_id, _iso(old_due), old_due_text, _iso(new_due), new_due_text, now()))


def due_change_rows(ws: Workspace, action_id: int) -> list[dict[str, object]]:
    cursor = ws.conn.execute(
        "SELECT id, action_id, old_due, old_due_text, new_due, new_due_text, changed_at "
        "FROM action_due_changes WHERE action_id = ? ORDER BY id", (action_id,))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


@dataclass(frozen=True, slots=True)
class DueChange:
    old_due: date | None
    old_due_text: str
    new_due: date | None
    new_due_text: str
    changed_at: str


def due_changes(ws: Workspace, action_id: int) -> list[DueChange]:
    return [DueChange(stored_date(r["old_due"]), r["old_due_text"], stored_date(r["new_due"]),
                      r["new_due_text"], r["changed_at"]) for r in due_change_rows(ws, action_id)]


# -- whole rows, for undo ----------------------------------------------------------

def rows_where(ws: Workspace, table: str, column: str, value: object) -> list[dict[str, object]]:
    """Every column of the rows of ``table`` that point at an action, as stored.

    Used for tables other parts of the app own (evidence), so that an undone
    deletion puts them back exactly whatever columns they have by then.
    """
    cursor = ws.conn.execute(f"SELECT * FROM {table} WHERE {column} = ? ORDER BY rowid", (value,))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def insert_rows(ws: Workspace, table: str, rows: list[dict[str, object]]) -> None:
    for row in rows:
        names = list(row)
        ws.conn.execute(f"INSERT OR REPLACE INTO {table} ({', '.join(names)}) "
                        f"VALUES ({_marks(names)})", [row[n] for n in names])


def table_exists(ws: Workspace, table: str) -> bool:
    return ws.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                           (table,)).fetchone() is not None


# -- plans (tracker imports) -------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Plan:
    id: int
    name: str
    source_file: str | None
    sheet: str | None
    authority: str | None
    against_document_id: int | None
    imported_at: str


def insert_plan(ws: Workspace, *, name: str, source_file: str | None, sheet: str | None,
                authority: str | None, against_document_id: int | None) -> int:
    return ws.conn.execute(
        "INSERT INTO action_plans (name, source_file, sheet, authority, against_document_id, "
        "imported_at) VALUES (?,?,?,?,?,?)",
        (name, source_file, sheet, authority, against_document_id, now())).lastrowid


def list_plans(ws: Workspace) -> list[Plan]:
    return [Plan(*r) for r in ws.conn.execute(
        "SELECT id, name, source_file, sheet, authority, against_document_id, imported_at "
        "FROM action_plans ORDER BY id")]


def get_plan(ws: Workspace, plan_id: int) -> Plan | None:
    row = ws.conn.execute(
        "SELECT id, name, source_file, sheet, authority, against_document_id, imported_at "
        "FROM action_plans WHERE id = ?", (plan_id,)).fetchone()
    return Plan(*row) if row else None


@dataclass(frozen=True, slots=True)
class MatchRow:
    """What re-import needs of an existing action, without loading its whole history."""

    id: int
    reference: str
    title: str
    description: str
    owner: str
    authority: str | None
    due: date | None
    due_text: str
    original_due: date | None
    status: str
    rag: str | None
    flags: tuple[str, ...]
    edited_fields: tuple[str, ...]
    origin: str
    plan_id: int | None


def actions_with_an_authority(ws: Workspace) -> bool:
    return ws.conn.execute("SELECT 1 FROM actions WHERE authority IS NOT NULL LIMIT 1").fetchone() \
        is not None


def match_rows(ws: Workspace, authority: str | None) -> list[MatchRow]:
    """Actions a tracker for ``authority`` may match: that authority's and those with none.

    A tracker whose authority is not known matches only actions with none: guessing
    could overwrite another council's actions that happen to share a reference like "1.1".
    """
    clause, params = ("WHERE authority IS NULL", []) if not authority else (
        "WHERE authority IS NULL OR authority = ? COLLATE NOCASE", [authority])
    rows = ws.conn.execute(
        "SELECT id, reference, title, description, owner, authority, due, due_text, original_due, "
        f"status, rag, flags, edited_fields, origin, plan_id FROM actions {clause} "
        "ORDER BY plan_id IS NULL, plan_id DESC, id", params).fetchall()
    return [MatchRow(r[0], r[1], r[2], r[3], r[4], r[5], stored_date(r[6]), r[7], stored_date(r[8]),
                     r[9], r[10], _json_list(r[11]), _json_list(r[12]), r[13], r[14]) for r in rows]
