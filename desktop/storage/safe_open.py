"""Checks made before a workspace is opened: a -wal that is not this file's, and damage.

The app owns its -wal and -shm. A -wal left beside a workspace that was since replaced
(yesterday's copy put back by hand) would be replayed into it by SQLite on the first
open, even a read-only one, leaving it malformed for good; such a -wal is moved aside
(renamed with a time stamp, never deleted) before SQLite sees it. These checks read the
-wal and -shm with ordinary file I/O, so they run only while this process holds no
connection to the workspace (closing such a handle would drop SQLite's locks).
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import struct
from datetime import datetime
from pathlib import Path

WAL_HEADER_SIZE = 32
WAL_MAGICS = (0x377F0682, 0x377F0683)
SHM_DMS_BYTE = 128  # every connection in WAL mode holds a shared lock on this -shm byte
REPLACED_MARGIN_NS = 2_000_000_000  # a checkpoint touches the file within ms of the -wal


def wal_path(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def shm_path(path: Path) -> Path:
    return path.with_name(path.name + "-shm")


def held_by_another_process(path: Path) -> bool:
    """Whether some process has the workspace open, probed without disturbing it: F_GETLK
    asks who holds the -shm's "someone is connected" byte, and takes no lock itself."""
    shm = shm_path(path)
    if not shm.exists():
        return False
    try:
        fd = os.open(shm, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return True  # cannot tell: assume it is in use, and touch nothing
    try:
        request = struct.pack("hhqqi", fcntl.F_WRLCK, os.SEEK_SET, SHM_DMS_BYTE, 1, 0)
        answer = fcntl.fcntl(fd, fcntl.F_GETLK, request)
        return struct.unpack("hhqqi", answer)[0] != fcntl.F_UNLCK
    except OSError:
        return True
    finally:
        os.close(fd)


def _wal_has_frames(wal: Path) -> bool:
    try:
        with wal.open("rb") as handle:
            header = handle.read(WAL_HEADER_SIZE)
    except OSError:
        return False
    if len(header) < WAL_HEADER_SIZE:
        return False
    magic = struct.unpack(">I", header[:4])[0]
    return magic in WAL_MAGICS and wal.stat().st_size > WAL_HEADER_SIZE


def has_pending_wal(path: Path) -> bool:
    """A -wal with frames, and nobody holding it: the last session did not close cleanly."""
    wal = wal_path(path)
    return wal.exists() and _wal_has_frames(wal) and not held_by_another_process(path)


def wal_is_foreign(path: Path) -> bool:
    """The -wal beside ``path`` was not written for the file now there.

    Nobody holds it, it holds frames, and the workspace file was replaced or changed
    (its status-change time: set by a copy, a rename or a write) well after the -wal
    was last written. A crash leaves the file and its -wal within milliseconds of each
    other, since SQLite only writes the file when checkpointing from the -wal.
    """
    wal = wal_path(path)
    if not has_pending_wal(path):
        return False
    try:
        db_changed = os.stat(path).st_ctime_ns
        wal_written = os.stat(wal).st_mtime_ns
    except OSError:
        return False
    return db_changed > wal_written + REPLACED_MARGIN_NS


def move_wal_aside(path: Path) -> list[str]:
    """Rename a foreign -wal (and its -shm) out of SQLite's way; returns notices."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    from desktop.domain.file_names import shown_file_name

    moved = []
    for side in (wal_path(path), shm_path(path)):
        if side.exists():
            target = side.with_name(f"{side.name}.set-aside-{stamp}")
            try:
                os.replace(side, target)
            except OSError:
                return [f"{shown_file_name(path.name)} has a {side.name} file beside it from an "
                        "earlier copy of the workspace, and it could not be moved aside; it was "
                        "not used. Move it away by hand before changing this workspace."]
            moved.append(target.name)
    if not moved:
        return []
    return [f"{shown_file_name(path.name)} had changes beside it ({', '.join(moved)}) left over from "
            "an earlier copy of the workspace (the file was replaced since). They were set aside, "
            "not applied, so the workspace opens as it is now; nothing was deleted."]


def quick_check(conn: sqlite3.Connection) -> bool:
    """PRAGMA quick_check: True when the file reads as whole."""
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError:
        return False
    return rows == [("ok",)]
