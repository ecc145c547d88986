"""Use cases on improvement-plan actions: list, read, add, edit, delete (with undo),
progress updates, and links to the recommendations they answer.

Shared by the window and the command line. Every change is one transaction;
every problem with what the user gave is an ``InvalidAction`` whose message
says what to do.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, cast

from desktop.domain.actions import Action, ActionStatus, ProgressUpdate, Rag
from desktop.domain.dates import typed_date
from desktop.domain.errors import UserFacingError
from desktop.extract.authority import typed_authority
from desktop.storage import actions as store
from desktop.storage import documents as doc_store
from desktop.storage.workspace import Workspace
from desktop.trackers.values import parse_due

__all__ = [
    "ActionSnapshot", "InvalidAction", "actions_for_recommendation", "add_action", "add_update",
    "delete_action", "delete_update", "due_history", "edit_action", "get_action",
    "link_recommendation", "list_actions", "owners", "parse_due", "restore_action",
    "snapshot_action", "unlink_recommendation", "parse_status_value", "parse_rag_value",
]

# The fields a user edits; re-import asks before overwriting any of them once edited.
EDITABLE = ("reference", "title", "description", "owner", "due_text", "status", "rag", "authority")
MAX_TITLE = 2_000
MAX_TEXT = 20_000


class InvalidAction(UserFacingError):
    """A change to an action that cannot be stored as given."""


# -- reading -------------------------------------------------------------------

def get_action(ws: Workspace, action_id: int) -> Action:
    found = store.get_action(ws, action_id)
    if found is None:
        raise InvalidAction(f"There is no action {action_id} in this workspace.")
    return found


def list_actions(ws: Workspace, *, overdue: bool = False, due_within_days: int | None = None,
                 owner: str | None = None, status: object = None, rag: object = None,
                 recommendation_id: int | None = None, today: date | None = None,
                 authority: str | None = None, plan_id: int | None = None) -> list[Action]:
    """Actions in plan order. ``overdue`` and ``due_within_days`` given together mean
    "overdue or due soon"; both leave out completed actions."""
    today = today or date.today()
    if due_within_days is not None and due_within_days < 0:
        raise InvalidAction("The number of days ahead cannot be negative.")
    return store.list_actions(ws, store.ActionFilter(
        owner=owner.strip() if owner else None,
        status=parse_status_value(status).value if status else None,
        rag=rag_or_none(rag),
        recommendation_id=recommendation_id,
        authority=authority,
        plan_id=plan_id,
        due_before=today if overdue else None,
        due_until=(today, today + timedelta(days=due_within_days))
        if due_within_days is not None else None))


def actions_for_recommendation(ws: Workspace, recommendation_id: int) -> list[Action]:
    return store.list_actions(ws, store.ActionFilter(recommendation_id=recommendation_id))


def owners(ws: Workspace) -> list[str]:
    """Distinct owners (ignoring case), for filters."""
    return store.owners(ws)


def due_history(ws: Workspace, action_id: int) -> list[store.DueChange]:
    """Every move of the action's due date, oldest first (the slippage behind ``slips``)."""
    get_action(ws, action_id)
    return store.due_changes(ws, action_id)


# -- checking what the user gave ---------------------------------------------------

def _words(value: object) -> str:
    return " ".join(str(value or "").split())


def parse_status_value(value: object) -> ActionStatus:
    """A status by its name (on_track) or its label (On track)."""
    if isinstance(value, ActionStatus):
        return value
    wanted = _words(value).lower().replace("-", " ").replace("_", " ")
    for status in ActionStatus:
        if wanted in (status.value.replace("_", " "), status.label.lower()):
            return status
    names = ", ".join(s.value for s in ActionStatus)
    raise InvalidAction(f"“{value}” is not an action status; use one of {names}.")


def parse_rag_value(value: object) -> Rag:
    if isinstance(value, Rag):
        return value
    wanted = _words(value).lower()
    for rag in Rag:
        if wanted == rag.value:
            return rag
    names = ", ".join(r.value for r in Rag)
    raise InvalidAction(f"“{value}” is not a RAG rating; use one of {names} (or leave it empty).")


def rag_or_none(value: object) -> str | None:
    return parse_rag_value(value).value if _words(value) else None


def _clean(changes: dict[str, object]) -> dict[str, Any]:  # each value of its field's type
    """Plain values to store, or InvalidAction naming what is wrong."""
    clean: dict[str, object] = {}
    for name, value in changes.items():
        if name == "title":
            title = _words(value)
            if not title:
                raise InvalidAction("An action needs a title (what the council will do).")
            clean[name] = title[:MAX_TITLE]
        elif name in ("reference", "owner"):
            clean[name] = _words(value)[:200]
        elif name == "description":
            clean[name] = str(value or "").strip()[:MAX_TEXT]
        elif name in ("due_text", "due"):
            clean["due_text"] = _words(value)[:200]
        elif name == "status":
            clean[name] = parse_status_value(value).value
        elif name == "rag":
            clean[name] = rag_or_none(value)
        elif name == "authority":
            clean[name] = typed_authority(value)
        elif name == "flags":
            clean[name] = tuple(str(f) for f in cast("Iterable[object]", value or ()))
        else:
            allowed = ", ".join(EDITABLE)
            raise InvalidAction(f"“{name}” is not something an action has; use one of {allowed}.")
    return clean


def _check_recommendations(ws: Workspace, ids) -> tuple[int, ...]:
    wanted = tuple(dict.fromkeys(int(i) for i in ids))
    found = store.existing_recommendation_ids(ws, list(wanted))
    missing = [i for i in wanted if i not in found]
    if missing:
        listed = ", ".join(map(str, missing))
        raise InvalidAction(f"There is no recommendation {listed} in this workspace "
                            f"(see: scrutiny-desk recommendations).")
    return wanted


def _understood_due(text: str, today: date | None) -> date | None:
    return parse_due(text, today)[0] if text else None


# -- adding and editing -----------------------------------------------------------

def add_action(ws: Workspace, title: str, *, reference: str = "", description: str = "",
               owner: str = "", due_text: str = "", status: object = "not_started",
               rag: object = None, authority: str | None = None, recommendation_ids=(),
               today: date | None = None) -> Action:
    """An action typed in by hand. Without an authority it takes its recommendations'."""
    fields = _clean({"title": title, "reference": reference, "description": description,
                     "owner": owner, "due_text": due_text, "status": status or "not_started",
                     "rag": rag, "authority": authority})
    rec_ids = _check_recommendations(ws, recommendation_ids)
    if fields["authority"] is None and rec_ids:
        found = store.recommendation_authorities(ws, list(rec_ids))
        fields["authority"] = found[0] if found else None
    due = _understood_due(fields["due_text"], today)
    with ws.write():
        action_id = store.insert_action(ws, store.NewAction(
            title=fields["title"], reference=fields["reference"], description=fields["description"],
            owner=fields["owner"], authority=fields["authority"], due=due,
            due_text=fields["due_text"], original_due=due,
            original_due_text=fields["due_text"] if due else "", status=fields["status"],
            rag=fields["rag"], origin="manual", position=store.next_position(ws, None)))
        store.link_many(ws, [(action_id, r) for r in rec_ids])
    return get_action(ws, action_id)


def _current_value(action: Action, name: str) -> object:
    value = getattr(action, name)
    return value.value if isinstance(value, (ActionStatus, Rag)) else value


def _due_changes(ws: Workspace, action: Action, new_text: str,
                 today: date | None) -> dict[str, object]:
    """Store a move of the due date: the move itself (slippage), and the first date held."""
    new_due = _understood_due(new_text, today)
    moved = new_due != action.due or (new_due is None and new_text != action.due_text)
    extra: dict[str, object] = {"due": new_due}
    if moved and (action.due_text or action.due):
        store.insert_due_change(ws, action.id, action.due, action.due_text, new_due, new_text)
    if action.original_due is None and new_due is not None:
        extra.update(original_due=new_due, original_due_text=new_text)
    return extra


def _apply_edit(ws: Workspace, action: Action, clean: dict[str, Any],
                today: date | None, *, mark_edited: bool = True) -> list[str]:
    """Write the fields that differ; returns their names. Call inside ``ws.write()``."""
    changed = {name: value for name, value in clean.items()
               if value != _current_value(action, name)}
    if not changed:
        return []
    stored = dict(changed)
    if "due_text" in changed:
        stored.update(_due_changes(ws, action, changed["due_text"], today))
    edited = [n for n in changed if n in EDITABLE]
    if mark_edited and edited:
        stored["edited_fields"] = tuple(dict.fromkeys((*action.edited_fields, *edited)))
    store.update_action(ws, action.id, stored)
    return list(changed)


def edit_action(ws: Workspace, action_id: int, changes: dict[str, object], *,
                today: date | None = None) -> Action:
    """Change fields (keys: reference, title, description, owner, due_text (or due), status,
    rag, authority; also flags, to clear what an import flagged). A due change is recorded
    as slippage and the original due date is kept."""
    action = get_action(ws, action_id)
    clean = _clean(changes)
    with ws.write():
        _apply_edit(ws, action, clean, today)
    return get_action(ws, action_id)


# -- progress updates --------------------------------------------------------------

def _update_date(value: object) -> date:
    if value is None or value == "":
        return date.today()
    try:
        typed = typed_date(value, "update date")
    except ValueError as error:
        raise InvalidAction(str(error)) from None
    return typed or date.today()


def add_update(ws: Workspace, action_id: int, text: str, *, date: object = None,
               status: object = None, rag: object = None, passage_id: int | None = None,
               source: str = "manual") -> ProgressUpdate:
    """A dated progress report; a status or RAG given also becomes the action's current one."""
    action = get_action(ws, action_id)
    text = str(text or "").strip()[:MAX_TEXT]
    reported = _clean({k: v for k, v in (("status", status), ("rag", rag)) if _words(v)})
    if not text and not reported:
        raise InvalidAction("The update is empty: write what was reported, or give a status or RAG.")
    when = _update_date(date)
    if passage_id is not None and doc_store.passage_document(ws, passage_id) is None:
        raise InvalidAction(f"There is no passage {passage_id} in this workspace.")
    with ws.write():
        update_id = store.insert_update(ws, store.NewUpdate(
            action_id=action.id, text=text, date=when, status=reported.get("status"),
            rag=reported.get("rag"), source=source, passage_id=passage_id))
        _apply_edit(ws, action, reported, None)
    update = store.get_update(ws, update_id)
    if update is None:  # written just above, in this connection
        raise InvalidAction(f"Update {update_id} could not be read back.")
    return update


def delete_update(ws: Workspace, update_id: int) -> None:
    if store.get_update(ws, update_id) is None:
        raise InvalidAction(f"There is no progress update {update_id} in this workspace.")
    with ws.write():
        store.delete_update(ws, update_id)


# -- recommendations -------------------------------------------------------------

def link_recommendation(ws: Workspace, action_id: int, recommendation_id: int) -> None:
    """Say the action answers the recommendation (an action without an authority takes its)."""
    action = get_action(ws, action_id)
    _check_recommendations(ws, [recommendation_id])
    with ws.write():
        store.link(ws, action_id, recommendation_id)
        if action.authority is None:
            found = store.recommendation_authorities(ws, [recommendation_id])
            if found:
                store.update_action(ws, action_id, {"authority": found[0]})


def unlink_recommendation(ws: Workspace, action_id: int, recommendation_id: int) -> None:
    action = get_action(ws, action_id)
    if recommendation_id not in action.recommendation_ids:
        raise InvalidAction(f"Action {action_id} is not linked to recommendation {recommendation_id}.")
    with ws.write():
        store.unlink(ws, action_id, recommendation_id)


# -- undo ------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ActionSnapshot:
    """Everything about one action as stored, to put it back exactly (undo and redo).

    Evidence quoted for the action is kept too: deleting an action deletes it.
    """

    action: Action
    row: dict
    links: tuple[int, ...]
    updates: tuple[dict, ...]
    due_changes: tuple[dict, ...]
    evidence: tuple[dict, ...]


def snapshot_action(ws: Workspace, action_id: int) -> ActionSnapshot:
    action = get_action(ws, action_id)
    evidence = store.rows_where(ws, "evidence", "action_id", action_id)
    return ActionSnapshot(action, store.action_row(ws, action_id) or {}, action.recommendation_ids,
                          tuple(store.update_rows(ws, action_id)),
                          tuple(store.due_change_rows(ws, action_id)), tuple(evidence))


def delete_action(ws: Workspace, action_id: int) -> ActionSnapshot:
    """Delete an action with its updates, links and evidence; the snapshot undoes it."""
    from desktop.storage import trash as trash_store

    snap = snapshot_action(ws, action_id)
    with ws.write():
        # The trash keeps it too, for after the window (and its undo) has closed.
        trash_store.put(ws, "action", action_id, snap.action.title,
                        {"rows": trash_store.capture_action(ws, action_id), "relink": {}})
        store.delete_action(ws, action_id)
    return snap


def _insert_keeping_ids(ws: Workspace, table: str, rows) -> None:
    """Put rows back with their ids; a row whose id was taken since, or whose document or
    recommendation has gone, goes back without its id or not at all."""
    for row in rows:
        try:
            store.insert_rows(ws, table, [row]) if table == "evidence" else _insert_plain(ws, table, row)
        except sqlite3.IntegrityError:
            if table != "evidence":
                _insert_plain(ws, table, {k: v for k, v in row.items() if k != "id"})


def _insert_plain(ws: Workspace, table: str, row: dict) -> None:
    names = list(row)
    ws.conn.execute(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({','.join('?' * len(names))})",
                    [row[n] for n in names])


def restore_action(ws: Workspace, snapshot: ActionSnapshot) -> Action:
    """Put an action back exactly as snapshotted (same id), whether it was deleted or edited."""
    from desktop.storage import trash as trash_store

    row = dict(snapshot.row)
    action_id = row["id"]
    with ws.write():
        trash_store.remove_for(ws, "action", action_id)
        if store.action_row(ws, action_id) is None:
            _insert_plain(ws, "actions", row)
        else:
            names = [n for n in row if n != "id"]
            ws.conn.execute(f"UPDATE actions SET {', '.join(f'{n} = ?' for n in names)} WHERE id = ?",
                            [row[n] for n in names] + [action_id])
        ws.conn.execute("DELETE FROM action_recommendations WHERE action_id = ?", (action_id,))
        still_there = store.existing_recommendation_ids(ws, list(snapshot.links))
        store.link_many(ws, [(action_id, r) for r in snapshot.links if r in still_there])
        ws.conn.execute("DELETE FROM action_updates WHERE action_id = ?", (action_id,))
        _insert_keeping_ids(ws, "action_updates", snapshot.updates)
        ws.conn.execute("DELETE FROM action_due_changes WHERE action_id = ?", (action_id,))
        _insert_keeping_ids(ws, "action_due_changes", snapshot.due_changes)
        missing = [e for e in snapshot.evidence if ws.conn.execute(
            "SELECT 1 FROM evidence WHERE id = ?", (e["id"],)).fetchone() is None]
        _insert_keeping_ids(ws, "evidence", missing)
    return get_action(ws, action_id)
