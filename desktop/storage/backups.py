"""Automatic backups: consistent snapshots of the workspace, taken through SQLite.

A snapshot is written with SQLite's online backup API (never by copying the
live file, which would drop the process's locks on it), first to a hidden
partial file that is renamed into place, so a kill mid-backup leaves no
half-written backup under a real name. Backups are readable by the owner only.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from desktop.domain.errors import WorkspaceError
from desktop.paths import user_data_dir

BACKUP_SUFFIX = ".sqlite"
PARTIAL_SUFFIX = ".partial"


def backups_dir_for(workspace_path: Path) -> Path:
    """The `Backups` folder for a workspace: one sub-folder per workspace file name.

    Kept beside the default workspace (in the user's data folder), so a backup
    survives the loss of the folder the workspace itself lives in.
    """
    name = Path(workspace_path).stem or "workspace"
    return user_data_dir() / "Backups" / name


def _private_folder(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        os.chmod(folder, 0o700)
        os.chmod(folder.parent, 0o700)
    except OSError:
        pass


def snapshot_to(conn: sqlite3.Connection, target: Path) -> Path:
    """Write a consistent copy of ``conn``'s database to ``target`` (0600), atomically."""
    target = Path(target)
    tmp = target.with_name("." + target.name + PARTIAL_SUFFIX)
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    try:
        copy = sqlite3.connect(str(tmp))
        try:
            conn.backup(copy)
            # A lone file, readable anywhere (even read-only) without a -wal or -shm.
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except (OSError, sqlite3.Error) as error:
        tmp.unlink(missing_ok=True)
        reason = getattr(error, "strerror", None) or error
        raise WorkspaceError(f"Could not write a backup to {target.parent}: {reason}.") from error
    return target


def backup_name(reason: str, when: datetime | None = None) -> str:
    when = when or datetime.now()
    slug = "".join(ch if ch.isalnum() else "-" for ch in reason.lower()).strip("-") or "backup"
    return f"{when.strftime('%Y%m%d-%H%M%S-%f')}-{slug}{BACKUP_SUFFIX}"


def write_backup(conn: sqlite3.Connection, workspace_path: Path, reason: str,
                 folder: Path | None = None) -> Path:
    """A new backup of the workspace behind ``conn``, named by time and reason."""
    folder = folder or backups_dir_for(workspace_path)
    _private_folder(folder)
    stale_partials(folder)
    written = snapshot_to(conn, folder / backup_name(reason))
    prune_backups(folder)
    return written


# --- listing ---------------------------------------------------------------------------

COUNTED_TABLES = {"documents": "documents", "recommendations": "recommendations",
                  "actions": "actions", "quotes": "evidence"}


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    reason: str
    size: int
    counts: dict  # documents, recommendations, actions, quotes (None when unreadable)


def _parse_name(name: str) -> tuple[datetime, str] | None:
    if not name.endswith(BACKUP_SUFFIX) or name.startswith("."):
        return None
    stem = name[:-len(BACKUP_SUFFIX)]
    try:
        when = datetime.strptime(stem[:22], "%Y%m%d-%H%M%S-%f")
    except ValueError:
        return None
    return when, stem[23:].replace("-", " ") or "backup"


def read_counts(path: Path) -> dict:
    """How much a backup holds, read through SQLite read-only (never replaying anything)."""
    counts: dict = {}
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error:
        return {key: None for key in COUNTED_TABLES}
    try:
        for key, table in COUNTED_TABLES.items():
            try:
                counts[key] = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            except sqlite3.Error:
                counts[key] = None
    finally:
        conn.close()
    return counts


def list_backups(folder: Path, *, with_counts: bool = True) -> list[BackupInfo]:
    """The backups in ``folder``, newest first."""
    found: list[BackupInfo] = []
    if not folder.is_dir():
        return found
    for entry in folder.iterdir():
        parsed = _parse_name(entry.name)
        if parsed is None or not entry.is_file():
            continue
        found.append(BackupInfo(entry, parsed[0], parsed[1], entry.stat().st_size,
                                read_counts(entry) if with_counts else {}))
    return sorted(found, key=lambda info: info.taken_at, reverse=True)


# --- retention -------------------------------------------------------------------------

KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
RECENT = timedelta(days=1)


def backups_to_keep(taken: list[datetime]) -> set[datetime]:
    """Anki-like rolling retention: the newest backup of each of the last 7 days that have
    one, of the last 4 weeks and of the last 12 months; the newest backup always."""
    newest_first = sorted(taken, reverse=True)
    keep: set[datetime] = set(newest_first[:1])
    if newest_first:  # everything from the last day stays (each before a risky change)
        keep.update(t for t in newest_first if newest_first[0] - t < RECENT)
    for limit, bucket in ((KEEP_DAILY, lambda t: t.date()),
                          (KEEP_WEEKLY, lambda t: t.isocalendar()[:2]),
                          (KEEP_MONTHLY, lambda t: (t.year, t.month))):
        seen: list = []
        for when in newest_first:
            key = bucket(when)
            if key not in seen:
                if len(seen) == limit:
                    break
                seen.append(key)
                keep.add(when)
    return keep


def prune_backups(folder: Path) -> list[Path]:
    """Delete the backups the retention rule no longer keeps; returns what went."""
    backups = list_backups(folder, with_counts=False)
    keep = backups_to_keep([info.taken_at for info in backups])
    removed = []
    for info in backups:
        if info.taken_at not in keep:
            try:
                info.path.unlink()
                removed.append(info.path)
            except OSError:
                pass  # kept for now; the next backup tries again
    return removed


def stale_partials(folder: Path) -> None:
    """Half-written backups from a killed process (hidden names) go on the next backup."""
    if folder.is_dir():
        for entry in folder.glob("." + "*" + PARTIAL_SUFFIX):
            entry.unlink(missing_ok=True)


def restore_file(backup: Path, target: Path) -> Path:
    """Copy ``backup`` to ``target`` through SQLite (atomically, 0600)."""
    try:
        source = sqlite3.connect(f"{Path(backup).resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as error:
        raise WorkspaceError(f"Cannot read the backup {Path(backup).name}: {error}.") from error
    try:
        return snapshot_to(source, target)
    finally:
        source.close()
