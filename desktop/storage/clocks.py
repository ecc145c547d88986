"""What the statutory clocks read: priority actions per document, and the tracker imports."""

from __future__ import annotations

from desktop.storage.workspace import Workspace


def priority_action_documents(ws: Workspace) -> set[int]:
    """Documents that made at least one priority action (focused visits)."""
    rows = ws.conn.execute("SELECT DISTINCT document_id FROM recommendations "
                           "WHERE kind = 'priority_action' AND document_id IS NOT NULL").fetchall()
    return {r[0] for r in rows}


def plan_imports(ws: Workspace) -> list[tuple[int, str, str]]:
    """(inspection document id, tracker name, date) of each tracker imported against an inspection.

    The date is the tracker's own position date where the import recorded one,
    else the earliest date its rows report, else the day it was imported.
    """
    columns = {r[1] for r in ws.conn.execute("PRAGMA table_info(action_plans)")}
    dated = next((c for c in ("as_at", "position_date", "as_at_date") if c in columns), None)
    reported = ("(SELECT min(u.date) FROM action_updates u JOIN actions a ON a.id = u.action_id "
                "WHERE a.plan_id = p.id AND u.source <> 'manual')")
    when = f"coalesce({dated + ', ' if dated else ''}{reported}, substr(p.imported_at, 1, 10))"
    return [tuple(r) for r in ws.conn.execute(
        f"SELECT p.against_document_id, p.name, {when} FROM action_plans p "
        "WHERE p.against_document_id IS NOT NULL").fetchall()]
