"""Automatic backups of the workspace: when they are taken, listing them, restoring one.

The window and the command line both call these. Backups live in the Backups folder
beside the default workspace (see desktop.storage.backups), owner-only.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from desktop.domain.errors import WorkspaceError
from desktop.storage.backups import BackupInfo, backups_dir_for, list_backups, restore_file, write_backup
from desktop.storage.workspace import Workspace, display_name, open_workspace

DAILY = timedelta(days=1)


def backup_before(ws: Workspace, reason: str) -> Path | None:
    """A snapshot of the workspace before a risky change (re-extraction, a tracker import,
    emptying the trash). A read-only workspace cannot change, so it needs none."""
    if ws.read_only:
        return None
    return write_backup(ws.conn, ws.path, reason)


def back_up_now(ws: Workspace) -> Path:
    """File > Back up now, `scrutiny-desk backup`: also for a damaged or read-only file."""
    return write_backup(ws.conn, ws.path, "by hand")


def backup_if_due(ws: Workspace, *, now: datetime | None = None) -> Path | None:
    """On open: a backup when the newest is over a day old (or there is none)."""
    if ws.read_only:
        return None
    newest = list_backups(backups_dir_for(ws.path), with_counts=False)[:1]
    if newest and (now or datetime.now()) - newest[0].taken_at < DAILY:
        return None
    try:
        return write_backup(ws.conn, ws.path, "daily")
    except WorkspaceError:
        return None  # e.g. a full disk: opening still works; the next open tries again


def backups_of(workspace_path: Path) -> list[BackupInfo]:
    """The workspace's backups, newest first, with their counts."""
    return list_backups(backups_dir_for(Path(workspace_path)))


def find_backup(workspace_path: Path, name: str | Path) -> Path:
    """A backup named by path, by file name in the Backups folder, or 'latest'."""
    if str(name) == "latest":
        found = list_backups(backups_dir_for(Path(workspace_path)), with_counts=False)
        if not found:
            raise WorkspaceError(f"There are no backups of {display_name(workspace_path)} yet.")
        return found[0].path
    candidate = Path(name).expanduser()
    if candidate.is_file():
        return candidate
    inside = backups_dir_for(Path(workspace_path)) / str(name)
    if inside.is_file():
        return inside
    raise WorkspaceError(f"There is no backup called {display_name(Path(str(name)))}; "
                         "`scrutiny-desk backups` lists them.")


def _check_backup(backup: Path) -> None:
    """A backup must open as a workspace of ours before anything is replaced by it."""
    try:
        open_workspace(backup, create=False, read_only=True).close()
    except WorkspaceError as error:
        raise WorkspaceError(f"The backup {display_name(backup)} cannot be used: {error}") from error


def restore_to_new_file(backup: Path, target: Path, *, overwrite: bool = False) -> Path:
    """Restore a backup into a new file; an existing file is replaced only with ``overwrite``."""
    target = Path(target).expanduser()
    if target.exists() and not overwrite:
        raise WorkspaceError(f"{display_name(target)} already exists; choose another name "
                             "(or allow overwriting).")
    if target.is_dir() or (target.exists() and not target.is_file()):
        raise WorkspaceError(f"{display_name(target)} is not a file name for a workspace.")
    for side in ("-wal", "-shm"):
        if target.with_name(target.name + side).exists():
            raise WorkspaceError(f"{display_name(target)} is in use (it has a {side} file beside "
                                 "it); close it first or choose another name.")
    _check_backup(backup)
    return restore_file(backup, target)


def restore_over_current(ws: Workspace, backup: Path) -> tuple[Workspace, Path]:
    """Put a backup in place of the open workspace, after a backup of the current one.

    The current connection is closed, the backup is written into the workspace through
    SQLite's backup API (so other connections see one consistent change), and a fresh
    connection is returned. Returns (the reopened workspace, the safety backup).
    """
    import sqlite3

    _check_backup(backup)
    path = ws.path
    safety = write_backup(ws.conn, path, "before restore")
    ws.close()
    try:
        source = sqlite3.connect(f"{Path(backup).resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        target = sqlite3.connect(str(path), timeout=10)
        try:
            source.backup(target)  # one transaction on the live file: all or nothing
        finally:
            target.close()
            source.close()
    except sqlite3.Error as error:
        raise WorkspaceError(f"Could not restore {display_name(backup)} over {display_name(path)}: "
                             f"{error}. The workspace is as it was (a backup of it is "
                             f"{safety.name}).") from error
    return open_workspace(path, create=False), safety
