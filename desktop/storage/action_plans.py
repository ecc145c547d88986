"""Queries on plans (one per tracker import) and what re-import matches against.

:func:`insert_plan` records each tracker import; :class:`MatchRow` and
:func:`match_rows` give re-import the actions it may match without loading their
history. Re-exported from :mod:`desktop.storage.actions`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.domain.dates import stored_date
from desktop.domain.dates import timestamp_now as now
from desktop.storage.action_rows import _json_list
from desktop.storage.workspace import Workspace, inserted_id

# -- plans (tracker imports) -------------------------------------------------------

def insert_plan(ws: Workspace, *, name: str, source_file: str | None, sheet: str | None,
                authority: str | None, against_document_id: int | None) -> int:
    return inserted_id(ws.conn.execute(
        "INSERT INTO action_plans (name, source_file, sheet, authority, against_document_id, "
        "imported_at) VALUES (?,?,?,?,?,?)",
        (name, source_file, sheet, authority, against_document_id, now())))


def reuse_plan(ws: Workspace, plan_id: int, *, name: str, source_file: str | None,
               sheet: str | None, authority: str | None, against_document_id: int | None) -> None:
    """A re-import of a plan already held: the plan keeps its id, with the newest file's details."""
    ws.conn.execute(
        "UPDATE action_plans SET name = ?, source_file = ?, sheet = ?, "
        "authority = coalesce(?, authority), "
        "against_document_id = coalesce(?, against_document_id), imported_at = ? WHERE id = ?",
        (name, source_file, sheet, authority, against_document_id, now(), plan_id))


def plan_choices(ws: Workspace) -> list[tuple[int, str, str | None]]:
    """(id, name, council) of every plan held, newest import first: what a tracker may update."""
    return [(row[0], row[1], row[2]) for row in ws.conn.execute(
        "SELECT id, name, authority FROM action_plans ORDER BY imported_at DESC, id DESC")]


def plan_exists(ws: Workspace, plan_id: int) -> bool:
    return ws.conn.execute("SELECT 1 FROM action_plans WHERE id = ?", (plan_id,)).fetchone() \
        is not None


def plan_against(ws: Workspace, plan_id: int) -> int | None:
    """The inspection the plan's references were last read against."""
    row = ws.conn.execute("SELECT against_document_id FROM action_plans WHERE id = ?",
                          (plan_id,)).fetchone()
    return row[0] if row else None


def plan_size(ws: Workspace, plan_id: int) -> int:
    return ws.conn.execute("SELECT count(*) FROM actions WHERE plan_id = ?", (plan_id,)).fetchone()[0]


def plan_last_imported_from(ws: Workspace, file_name: str) -> int | None:
    """The plan a file of this name was last imported as (its newest import)."""
    row = ws.conn.execute("SELECT id FROM action_plans WHERE name = ? COLLATE NOCASE "
                          "ORDER BY imported_at DESC, id DESC LIMIT 1", (file_name,)).fetchone()
    return row[0] if row else None


def plan_keys(ws: Workspace, authority: str | None) -> dict[int, list[tuple[str, str]]]:
    """Each plan's actions as (reference, title), for the plans a tracker of ``authority`` may be."""
    clause, params = ("a.authority IS NULL", []) if not authority else (
        "(a.authority IS NULL OR a.authority = ? COLLATE NOCASE)", [authority])
    found: dict[int, list[tuple[str, str]]] = {}
    for plan_id, reference, title in ws.conn.execute(
            f"SELECT a.plan_id, a.reference, a.title FROM actions a WHERE a.plan_id IS NOT NULL "
            f"AND {clause}", params):
        found.setdefault(plan_id, []).append((reference, title))
    return found


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


def match_rows(ws: Workspace, authority: str | None, plan_id: int | None = None,
               *, any_plan: bool = False) -> list[MatchRow]:
    """Actions a tracker for ``authority`` may match: that authority's and those with none.

    A tracker whose authority is not known matches only actions with none: guessing
    could overwrite another council's actions that happen to share a reference like "1.1".
    Unless ``any_plan``, only actions of plan ``plan_id`` (and those in no plan) are
    offered: another plan's "1.1" is another action.
    """
    params: list[object] = [] if not authority else [authority]
    clause = "WHERE (authority IS NULL)" if not authority else \
        "WHERE (authority IS NULL OR authority = ? COLLATE NOCASE)"
    if not any_plan:
        if plan_id is None:
            clause += " AND plan_id IS NULL"
        else:
            clause += " AND (plan_id IS NULL OR plan_id = ?)"
            params.append(plan_id)
    rows = ws.conn.execute(
        "SELECT id, reference, title, description, owner, authority, due, due_text, original_due, "
        f"status, rag, flags, edited_fields, origin, plan_id FROM actions {clause} "
        "ORDER BY plan_id IS NULL, plan_id DESC, id", params).fetchall()
    return [MatchRow(r[0], r[1], r[2], r[3], r[4], r[5], stored_date(r[6]), r[7], stored_date(r[8]),
                     r[9], r[10], _json_list(r[11]), _json_list(r[12]), r[13], r[14]) for r in rows]
