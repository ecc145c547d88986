"""Workspace-file safety (issue 11, losses 4-6): locks kept, stale -wal set aside,
damage found and refused, FIFOs and devices refused, names shown escaped."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.cli import main as cli_main
from desktop.domain.errors import WorkspaceError
from desktop.domain.file_names import shown_file_name
from desktop.storage.workspace import open_workspace, save_copy

ROOT = Path(__file__).resolve().parents[2]
NOTE_SQL = ("INSERT INTO documents (title, sha256, source, source_format, imported_at) "
            "VALUES (?, ?, 's', 'text', 'now')")


def _add(ws, title):
    with ws.write():
        ws.conn.execute(NOTE_SQL, (title, title))


def _titles(path):
    with sqlite3.connect(path) as conn:
        return {row[0] for row in conn.execute("SELECT title FROM documents")}


def _other_process_writes(path: Path, title: str) -> None:
    code = ("import sqlite3,sys; c=sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10);"
            "c.execute(sys.argv[2], (sys.argv[3], sys.argv[3])); c.close()")
    subprocess.run([sys.executable, "-c", code, str(path), NOTE_SQL, title], check=True,
                   timeout=60)


def test_loss4_reopen_keeps_locks_so_another_process_cannot_lose_a_write(tmp_path):
    path = tmp_path / "w.sqlite"
    window = open_workspace(path)
    _add(window, "window 1")
    worker = window.reopen()  # what every background job does
    worker.close()
    _other_process_writes(path, "command line")  # closes: must not delete our -wal
    assert path.with_name("w.sqlite-wal").exists(), "the other process thought it was alone"
    _add(window, "window 2")  # no "disk I/O error"
    window.close()
    assert _titles(path) == {"window 1", "command line", "window 2"}
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _leave_wal_behind(path: Path, title: str) -> None:
    """A process killed with changes still in its -wal."""
    code = ("import sqlite3,sys,os; c=sqlite3.connect(sys.argv[1], isolation_level=None);"
            "c.execute('PRAGMA journal_mode=WAL'); c.execute('PRAGMA wal_autocheckpoint=0');"
            "c.execute(sys.argv[2], (sys.argv[3], sys.argv[3])); os._exit(0)")
    subprocess.run([sys.executable, "-c", code, str(path), NOTE_SQL, title], check=True, timeout=60)


def test_loss5_stale_wal_beside_a_restored_copy_is_set_aside_not_replayed(tmp_path):
    path = tmp_path / "w.sqlite"
    with open_workspace(path) as ws:
        _add(ws, "yesterday")
        save_copy(ws, tmp_path / "yesterday.sqlite")
    _leave_wal_behind(path, "today")
    wal = path.with_name("w.sqlite-wal")
    assert wal.stat().st_size > 32
    time.sleep(2.2)
    os.replace(tmp_path / "yesterday.sqlite", path)  # the user puts yesterday's file back
    for read_only in (True, False):
        with open_workspace(path, read_only=read_only) as ws:
            if read_only:  # the first opening, even a read-only one, sets it aside
                assert any("set aside" in n for n in ws.notices)
            assert ws.damaged is None
            titles = {r[0] for r in ws.conn.execute("SELECT title FROM documents")}
            assert titles == {"yesterday"}
    assert not wal.exists()
    aside = list(tmp_path.glob("w.sqlite-wal.set-aside-*"))
    assert len(aside) == 1 and aside[0].stat().st_size > 32  # kept, never deleted
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_wal_of_an_unclean_shutdown_is_replayed_not_set_aside(tmp_path):
    path = tmp_path / "w.sqlite"
    open_workspace(path).close()
    _leave_wal_behind(path, "kept")
    time.sleep(2.2)  # however long before the app is opened again
    with open_workspace(path) as ws:
        assert ws.notices == [] and ws.damaged is None
    assert _titles(path) == {"kept"}


def _corrupt_a_page(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        page = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'documents'").fetchone()[0]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    with path.open("r+b") as handle:  # no connection is open in this process
        handle.seek((page - 1) * size)
        handle.write(b"\xff" * 64)


def test_loss6_damaged_workspace_opens_read_only_and_an_import_says_so_plainly(tmp_path, capsys):
    path = tmp_path / "w.sqlite"
    with open_workspace(path) as ws:
        for n in range(50):
            _add(ws, f"paper {n}")
    _corrupt_a_page(path)
    with open_workspace(path) as ws:
        assert ws.read_only and ws.damaged and "damaged" in ws.damaged
        with pytest.raises(WorkspaceError, match="damaged"):
            _add(ws, "more")
    paper = tmp_path / "paper.txt"
    paper.write_text("Ofsted inspection of children's services.\nRecommendations\n1. Improve.\n")
    code = cli_main(["--workspace", str(path), "import", str(paper)])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert "damaged" in err


def test_recover_copies_what_reads_into_a_new_file(tmp_path, capsys):
    path = tmp_path / "w.sqlite"
    with open_workspace(path) as ws:
        _add(ws, "readable")
    assert cli_main(["--workspace", str(path), "recover", "--to", str(tmp_path / "new.sqlite")]) == 0
    assert _titles(tmp_path / "new.sqlite") == {"readable"}


def test_fifo_or_device_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe.sqlite"
    os.mkfifo(fifo)
    for target in (fifo, Path("/dev/null")):
        with pytest.raises(WorkspaceError, match="not an ordinary file"):
            open_workspace(target)


def test_copy_refuses_a_fifo_a_device_and_the_own_wal(tmp_path):
    path = tmp_path / "w.sqlite"
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with open_workspace(path) as ws:
        _add(ws, "x")
        for target in (fifo, Path("/dev/null"), path.with_name("w.sqlite-wal"),
                       path.with_name("w.sqlite-shm")):
            with pytest.raises(WorkspaceError):
                save_copy(ws, target, overwrite=True)
        copy = save_copy(ws, tmp_path / "copy.sqlite")
    assert _titles(path) == {"x"}
    assert copy.stat().st_mode & 0o777 == 0o600
    assert path.stat().st_mode & 0o077 == 0


def test_file_names_with_controls_and_bidi_overrides_are_shown_escaped(tmp_path):
    assert shown_file_name("report\u202egpj.exe") == "report\\u202egpj.exe"
    assert shown_file_name("a\nb\x1b[31m") == "a\\x0ab\\x1b[31m"
    odd = tmp_path / "evil\u202e\nname.sqlite"
    odd.write_text("not sqlite at all, just text")
    os.mkfifo(tmp_path / "fifo\u202e.sqlite")
    with pytest.raises(WorkspaceError) as error:
        open_workspace(tmp_path / "fifo\u202e.sqlite")
    assert "\u202e" not in str(error.value) and "\\u202e" in str(error.value)
