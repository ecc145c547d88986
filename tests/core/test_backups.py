"""Automatic backups: where, how private, which are kept, listing and restoring."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

import pytest

from desktop.cli import main as cli_main
from desktop.domain.errors import WorkspaceError
from desktop.services import backups as service
from desktop.services.workspaces import open_named_or_default
from desktop.storage.backups import backups_dir_for, backups_to_keep
from desktop.storage.workspace import open_workspace

SQL = ("INSERT INTO documents (title, sha256, source, source_format, imported_at) "
       "VALUES (?, ?, 's', 'text', 'now')")


def _add(ws, title):
    with ws.write():
        ws.conn.execute(SQL, (title, title))


def _titles(path):
    with sqlite3.connect(path) as conn:
        return {row[0] for row in conn.execute("SELECT title FROM documents")}


def test_backups_are_private_listed_with_counts_and_restorable(tmp_path):
    path = tmp_path / "council.sqlite"
    with open_workspace(path) as ws:
        _add(ws, "report")
        written = service.back_up_now(ws)
        _add(ws, "later")
    assert written.parent == backups_dir_for(path)
    assert written.stat().st_mode & 0o777 == 0o600
    assert written.parent.stat().st_mode & 0o777 == 0o700
    [info] = service.backups_of(path)
    assert info.reason == "by hand" and info.counts["documents"] == 1 and info.size > 0
    restored = service.restore_to_new_file(written, tmp_path / "restored.sqlite")
    assert _titles(restored) == {"report"}
    with pytest.raises(WorkspaceError, match="already exists"):
        service.restore_to_new_file(written, restored)


def test_restore_over_current_keeps_a_backup_of_what_was_there(tmp_path):
    path = tmp_path / "w.sqlite"
    ws = open_workspace(path)
    _add(ws, "old")
    backup = service.back_up_now(ws)
    _add(ws, "new")
    ws, safety = service.restore_over_current(ws, backup)
    try:
        assert {r[0] for r in ws.conn.execute("SELECT title FROM documents")} == {"old"}
        _add(ws, "after")  # the reopened workspace works
    finally:
        ws.close()
    assert _titles(safety) == {"old", "new"}
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_daily_backup_on_open_only_when_the_last_is_over_a_day_old(tmp_path):
    path = tmp_path / "w.sqlite"
    open_named_or_default(path).close()
    open_named_or_default(path).close()
    assert [b.reason for b in service.backups_of(path)] == ["daily"]
    with open_workspace(path) as ws:
        assert service.backup_if_due(ws, now=datetime.now() + timedelta(days=1, minutes=1))


def test_retention_keeps_7_daily_4_weekly_12_monthly_and_the_newest():
    now = datetime(2026, 12, 3, 12)
    taken = [now - timedelta(hours=6 * n) for n in range(4 * 400)]  # four a day for 400 days
    keep = backups_to_keep(taken)
    assert now in keep
    days = {t.date() for t in keep}
    assert all((now - timedelta(days=d)).date() in days for d in range(7))
    assert len(keep) <= 4 + 7 + 4 + 12 + 1  # the last day's four, then one per bucket
    assert min(keep) > now - timedelta(days=400)  # the oldest went
    assert min(keep) < now - timedelta(days=300)  # a monthly one from most of a year ago


def test_cli_backup_backups_restore(tmp_path, capsys):
    path = tmp_path / "w.sqlite"
    with open_workspace(path) as ws:
        _add(ws, "paper")
    assert cli_main(["--workspace", str(path), "backup", "--json"]) == 0
    assert cli_main(["--workspace", str(path), "backups"]) == 0
    out = capsys.readouterr().out
    assert "by hand" in out and "1 papers" in out
    target = tmp_path / "copy.sqlite"
    assert cli_main(["--workspace", str(path), "restore", "latest", "--to", str(target)]) == 0
    assert _titles(target) == {"paper"}
    assert cli_main(["--workspace", str(path), "restore", "latest", "--over-current"]) == 2
    assert cli_main(["--workspace", str(path), "restore", "latest", "--over-current", "--yes"]) == 0
    assert cli_main(["--workspace", str(path), "restore", "nonesuch", "--to", str(target)]) == 1
