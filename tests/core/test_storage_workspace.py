"""Opening, creating, migrating and refusing workspace files."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from desktop.domain.errors import WorkspaceError
from desktop.storage import workspace as workspace_module
from desktop.storage.workspace import APPLICATION_ID, open_workspace, save_copy, schema_version


def test_new_workspace_has_schema_wal_and_foreign_keys(tmp_path):
    ws = open_workspace(tmp_path / "new.sqlite")
    tables = set(ws.db.table_names())
    assert {"documents", "passages", "passages_fts", "document_text"} <= tables
    assert ws.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert ws.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert ws.conn.execute("PRAGMA user_version").fetchone()[0] == schema_version()
    assert ws.conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    ws.close()


def test_reopening_keeps_data_and_does_not_back_up(tmp_path):
    path = tmp_path / "w.sqlite"
    with open_workspace(path) as ws:
        ws.conn.execute("INSERT INTO documents (title, sha256, source, source_format, imported_at) "
                        "VALUES ('kept', 'x', 's', 'text', 'now')")
    with open_workspace(path) as ws:
        assert ws.conn.execute("SELECT title FROM documents").fetchone()[0] == "kept"
        assert ws.backup_path is None


def test_text_file_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("my notes, not a database")
    with pytest.raises(WorkspaceError, match="not a Scrutiny Desk workspace"):
        open_workspace(path)
    assert path.read_text() == "my notes, not a database"


def test_other_sqlite_database_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE budgets (id INTEGER)")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(WorkspaceError, match="not a Scrutiny Desk workspace"):
        open_workspace(path)
    assert path.read_bytes() == before


def test_newer_schema_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "future.sqlite"
    open_workspace(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {schema_version() + 5}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(WorkspaceError, match="newer version"):
        open_workspace(path)
    assert path.read_bytes() == before


def test_migration_copies_the_file_aside_first(tmp_path, monkeypatch):
    """A workspace at schema 1 meets a build with a second migration: backed up, then migrated."""
    path = tmp_path / "old.sqlite"
    with open_workspace(path) as ws:
        ws.conn.execute("INSERT INTO documents (title, sha256, source, source_format, imported_at) "
                        "VALUES ('before upgrade', 'x', 's', 'text', 'now')")
    migrations = tmp_path / "migrations"
    shutil.copytree(workspace_module.migrations_dir(), migrations)
    (migrations / "9999_test_upgrade.sql").write_text(
        "ALTER TABLE documents ADD COLUMN upgrade_marker TEXT;\n"
        "UPDATE documents SET upgrade_marker = 'migrated';\n")
    monkeypatch.setattr(workspace_module, "migrations_dir", lambda: migrations)
    with open_workspace(path) as ws:
        assert ws.conn.execute("SELECT upgrade_marker FROM documents").fetchone()[0] == "migrated"
        assert ws.conn.execute("PRAGMA user_version").fetchone()[0] == 9999
        backup = ws.backup_path
    assert backup is not None and backup.exists()
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT title FROM documents").fetchone()[0] == "before upgrade"
        assert "upgrade_marker" not in [r[1] for r in copy.execute("PRAGMA table_info(documents)")]


def test_a_lower_numbered_migration_arriving_later_keeps_the_version(tmp_path, monkeypatch):
    """Migrations are applied by name: one numbered below the newest already applied (work
    that landed later) is applied on open, and the recorded version does not go backwards."""
    path = tmp_path / "w.sqlite"
    with open_workspace(path) as ws:
        newest = ws.conn.execute("PRAGMA user_version").fetchone()[0]
    migrations = tmp_path / "migrations"
    shutil.copytree(workspace_module.migrations_dir(), migrations)
    (migrations / "0000_arrived_late.sql").write_text("CREATE TABLE arrived_late (x INTEGER);\n")
    monkeypatch.setattr(workspace_module, "migrations_dir", lambda: migrations)
    monkeypatch.setattr(workspace_module, "schema_version", lambda: newest)
    with open_workspace(path) as ws:
        assert "arrived_late" in ws.db.table_names()
        assert ws.conn.execute("PRAGMA user_version").fetchone()[0] == newest
    with open_workspace(path) as ws:  # and it is not a newer schema on the next open
        assert ws.conn.execute("PRAGMA user_version").fetchone()[0] == newest


def test_failed_migration_rolls_back_and_leaves_data(tmp_path, monkeypatch):
    path = tmp_path / "w.sqlite"
    with open_workspace(path) as ws:
        ws.conn.execute("INSERT INTO documents (title, sha256, source, source_format, imported_at) "
                        "VALUES ('safe', 'x', 's', 'text', 'now')")
    migrations = tmp_path / "migrations"
    shutil.copytree(workspace_module.migrations_dir(), migrations)
    (migrations / "9999_broken.sql").write_text(
        "ALTER TABLE documents ADD COLUMN half_done TEXT;\nTHIS IS NOT SQL;\n")
    monkeypatch.setattr(workspace_module, "migrations_dir", lambda: migrations)
    with pytest.raises(WorkspaceError):
        open_workspace(path)
    monkeypatch.undo()
    with open_workspace(path) as ws:
        columns = [r[1] for r in ws.conn.execute("PRAGMA table_info(documents)")]
        assert "half_done" not in columns
        assert ws.conn.execute("SELECT title FROM documents").fetchone()[0] == "safe"


def test_folder_and_missing_file_give_clear_errors(tmp_path):
    with pytest.raises(WorkspaceError, match="folder"):
        open_workspace(tmp_path)
    with pytest.raises(WorkspaceError, match="no workspace"):
        open_workspace(tmp_path / "absent.sqlite", create=False)


def test_read_only_workspace_opens_for_reading(tmp_path):
    path = tmp_path / "ro.sqlite"
    with open_workspace(path) as ws:
        ws.conn.execute("INSERT INTO documents (title, sha256, source, source_format, imported_at) "
                        "VALUES ('readable', 'x', 's', 'text', 'now')")
        ws.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path.chmod(0o444)
    try:
        with open_workspace(path, read_only=True) as ws:
            assert ws.read_only
            assert ws.conn.execute("SELECT title FROM documents").fetchone()[0] == "readable"
            with pytest.raises(sqlite3.OperationalError):
                ws.conn.execute("DELETE FROM documents")
    finally:
        path.chmod(0o644)


def test_save_copy_is_a_working_workspace(tmp_path):
    with open_workspace(tmp_path / "a.sqlite") as ws:
        ws.conn.execute("INSERT INTO documents (title, sha256, source, source_format, imported_at) "
                        "VALUES ('copied', 'x', 's', 'text', 'now')")
        target = save_copy(ws, tmp_path / "b.sqlite")
    with open_workspace(target) as copy:
        assert copy.conn.execute("SELECT title FROM documents").fetchone()[0] == "copied"
