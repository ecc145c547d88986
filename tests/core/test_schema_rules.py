"""The schema's rule (db/migrations/0006): no ON DELETE CASCADE from a document, a passage or a
recommendation may reach a row the user made. Walks every table's foreign keys."""

from __future__ import annotations

from collections import defaultdict

import pytest

# Rows the user made; everything else the app derives again by itself.
USER_MADE = {"evidence", "recommendation_notes", "action_recommendations", "suggestion_dismissals",
             "actions", "action_updates", "action_due_changes", "recommendations", "trash"}
STARTS = ("documents", "passages", "recommendations")


def _cascades(conn) -> dict[str, set[str]]:
    """parent table -> child tables a delete of a parent row deletes rows of."""
    edges: dict[str, set[str]] = defaultdict(set)
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'")]
    for table in tables:
        for fk in conn.execute(f"PRAGMA foreign_key_list({table})"):
            parent, on_delete = fk[2], fk[6]
            if on_delete == "CASCADE":
                edges[parent].add(table)
    return edges


def test_no_cascade_from_a_paper_or_recommendation_reaches_user_work(workspace):
    edges = _cascades(workspace.conn)
    reached: set[str] = set()
    for start in STARTS:
        todo = list(edges[start])
        while todo:
            table = todo.pop()
            if table not in reached:
                reached.add(table)
                todo += edges[table]
    assert not reached & USER_MADE, f"a delete cascades into user work: {sorted(reached & USER_MADE)}"


def test_the_walk_would_catch_a_cascade(workspace):
    workspace.conn.execute("CREATE TABLE bad_notes (rec INTEGER REFERENCES recommendations(id) "
                           "ON DELETE CASCADE)")
    assert "bad_notes" in _cascades(workspace.conn)["recommendations"]


@pytest.mark.parametrize("index", ["recommendations_source_passage", "judgements_source_passage",
                                   "action_updates_passage", "suggestion_dismissals_passage"])
def test_foreign_keys_that_deleting_a_passage_looks_up_are_indexed(workspace, index):
    assert workspace.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?",
                                  (index,)).fetchone()


def test_migrating_a_0005_workspace_keeps_every_row_index_and_trigger(tmp_path, monkeypatch):
    from desktop.storage import workspace as module

    every = module.migration_files()
    monkeypatch.setattr(module, "migration_files", lambda: [f for f in every if f.name[:4] <= "0005"])
    ws = module.open_workspace(tmp_path / "old.sqlite")
    c = ws.conn
    with ws.write():
        c.execute("INSERT INTO documents (id, title, sha256, source, source_format, imported_at) "
                  "VALUES (1, 'Report', 'x', 's', 'text', 'now')")
        c.execute("INSERT INTO passages (id, document_id, seq, kind, start, \"end\", text) "
                  "VALUES (5, 1, 0, 'paragraph', 0, 5, 'supervision is weak')")
        c.execute("INSERT INTO passages_fts (rowid, text, label) VALUES (5, 'supervision is weak', NULL)")
        c.execute("INSERT INTO recommendations (id, document_id, label, text, created_at, updated_at, "
                  "source_passage_id, status_source) VALUES (3, 1, '3', 'Improve supervision', "
                  "'n', 'n', 5, 'user')")
        c.execute("INSERT INTO recommendation_support VALUES (3, 5)")
        c.execute("INSERT INTO recommendation_notes (recommendation_id, text, created_at) "
                  "VALUES (3, 'ask', 'n')")
        c.execute("INSERT INTO actions (id, title, created_at, updated_at) VALUES (7, 'A', 'n', 'n')")
        c.execute("INSERT INTO action_recommendations VALUES (7, 3)")
        c.execute("INSERT INTO evidence (recommendation_id, passage_id, document_id, quote, stance, "
                  "created_at, updated_at) VALUES (3, 5, 1, 'weak', 'concern', 'n', 'n')")
        c.execute("INSERT INTO suggestion_dismissals VALUES (3, 5, 'n')")
    old_indexes = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type IN "
                                           "('index', 'trigger')")}
    ws.close()
    monkeypatch.setattr(module, "migration_files", lambda: every)

    ws = module.open_workspace(tmp_path / "old.sqlite")
    c = ws.conn
    for table in ("recommendations", "recommendation_support", "recommendation_notes",
                  "action_recommendations", "evidence", "suggestion_dismissals"):
        assert c.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 1, table
    assert c.execute("SELECT status_source FROM recommendations").fetchone()[0] == "user"
    new_indexes = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type IN "
                                           "('index', 'trigger')")}
    assert old_indexes <= new_indexes
    assert c.execute("PRAGMA foreign_key_check").fetchall() == []
    assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    c.execute("INSERT INTO passages_fts(passages_fts) VALUES ('integrity-check')")
    assert c.execute("SELECT rowid FROM passages_fts WHERE passages_fts MATCH 'supervision'"
                     ).fetchall() == [(5,)]
    ws.close()
