"""The original files held in the workspace, and where passages lie on their pages."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import BinaryIO

from desktop.domain.dates import timestamp_now
from desktop.storage.workspace import Workspace, inserted_id

CHUNK_BYTES = 1 << 20  # streamed a megabyte at a time, so a big pack never sits in memory whole


def store_original(ws: Workspace, sha256: str, source_format: str, data: bytes) -> bool:
    """Keep a file's bytes (once per hash). Call inside the caller's transaction.
    True when they were new."""
    cursor = ws.conn.execute(
        "INSERT OR IGNORE INTO originals (sha256, source_format, byte_count, data, stored_at) "
        "VALUES (?, ?, ?, ?, ?)", (sha256, source_format, len(data), data, timestamp_now()))
    ws.conn.execute("DELETE FROM originals_wanted WHERE sha256 = ?", (sha256,))
    return cursor.rowcount > 0


def store_original_stream(ws: Workspace, sha256: str, source_format: str, handle: BinaryIO,
                          size: int, cancel: Callable[[], bool] | None = None) -> bool:
    """Keep the ``size`` bytes read from ``handle`` as the file with this hash, streamed
    into the row (incremental blob I/O). Call inside the caller's transaction.

    True when they were new and hashed to ``sha256``; a file that changed since it was
    hashed (other bytes, another length) is not kept, so a held original always matches
    its hash. An original already held is left as it is.
    """
    if is_held(ws, sha256):
        stop_wanting(ws, sha256)
        return False
    cursor = ws.conn.execute(
        "INSERT INTO originals (sha256, source_format, byte_count, data, stored_at) "
        "VALUES (?, ?, ?, zeroblob(?), ?)", (sha256, source_format, size, size, timestamp_now()))
    digest, written, longer = hashlib.sha256(), 0, False
    try:
        with ws.conn.blobopen("originals", "data", inserted_id(cursor)) as blob:
            while written < size and (chunk := handle.read(min(CHUNK_BYTES, size - written))):
                blob.write(chunk)
                digest.update(chunk)
                written += len(chunk)
                if cancel and cancel():
                    break
        longer = bool(handle.read(1))
    except OSError:  # the file could not be read to the end: keep no half-written row
        written = -1
    if written != size or longer or digest.hexdigest() != sha256:
        ws.conn.execute("DELETE FROM originals WHERE rowid = ?", (cursor.lastrowid,))
        return False
    stop_wanting(ws, sha256)
    return True


def copy_original_to(ws: Workspace, sha256: str, handle: BinaryIO) -> int | None:
    """Write the held file into ``handle`` a chunk at a time; its byte count, or None when
    not held."""
    row = ws.conn.execute("SELECT rowid, byte_count FROM originals WHERE sha256 = ?", (sha256,)).fetchone()
    if row is None:
        return None
    rowid, size = row
    with ws.conn.blobopen("originals", "data", rowid, readonly=True) as blob:
        while chunk := blob.read(CHUNK_BYTES):
            handle.write(chunk)
    return size


def original_size(ws: Workspace, sha256: str) -> int | None:
    row = ws.conn.execute("SELECT byte_count FROM originals WHERE sha256 = ?", (sha256,)).fetchone()
    return row[0] if row else None


def held_hashes(ws: Workspace, hashes) -> set[str]:
    """Which of these hashes are held (one query per chunk of ids)."""
    from desktop.storage.workspace import id_chunks

    held: set[str] = set()
    for part, marks in id_chunks(list(hashes)):
        held |= {row[0] for row in ws.conn.execute(
            f"SELECT sha256 FROM originals WHERE sha256 IN ({marks})", part)}
    return held


def original_bytes(ws: Workspace, sha256: str) -> tuple[bytes, str] | None:
    """(bytes, source format) of the file with this hash, or None when not held."""
    row = ws.conn.execute("SELECT data, source_format FROM originals WHERE sha256 = ?",
                          (sha256,)).fetchone()
    return (bytes(row[0]), row[1]) if row else None


def is_held(ws: Workspace, sha256: str) -> bool:
    return ws.conn.execute("SELECT 1 FROM originals WHERE sha256 = ?", (sha256,)).fetchone() is not None


def held_sizes(ws: Workspace) -> tuple[int, int]:
    """(files held, their total bytes)."""
    count, total = ws.conn.execute("SELECT count(*), coalesce(sum(byte_count), 0) FROM originals").fetchone()
    return count, total


# --- files imported before originals were kept -----------------------------------


def wanted_originals(ws: Workspace) -> list[tuple[str, str]]:
    """(sha256, source path) of files to look for at the path they came from."""
    return ws.conn.execute(
        "SELECT w.sha256, w.source FROM originals_wanted w "
        "WHERE NOT EXISTS (SELECT 1 FROM originals o WHERE o.sha256 = w.sha256) ORDER BY w.rowid"
    ).fetchall()


def stop_wanting(ws: Workspace, sha256: str) -> None:
    ws.conn.execute("DELETE FROM originals_wanted WHERE sha256 = ?", (sha256,))


def wanted_count(ws: Workspace) -> int:
    """How many files are still looked for (cheap: the window asks on every opening)."""
    return ws.conn.execute(
        "SELECT count(*) FROM originals_wanted w "
        "WHERE NOT EXISTS (SELECT 1 FROM originals o WHERE o.sha256 = w.sha256)").fetchone()[0]


def papers_not_held(ws: Workspace) -> list[tuple[int, str, str]]:
    """(id, title, source) of each imported file (a pack, or a paper on its own) whose
    original is not held."""
    return ws.conn.execute(
        "SELECT id, title, source FROM documents d WHERE parent_id IS NULL "
        "AND NOT EXISTS (SELECT 1 FROM originals o WHERE o.sha256 = d.sha256) ORDER BY id").fetchall()


def forget_unused_originals(ws: Workspace) -> int:
    """Drop files no document names, in the workspace or in its trash (a trashed paper
    keeps its pages for when it is restored). Call inside the caller's transaction."""
    unused = [row[0] for row in ws.conn.execute(
        "SELECT sha256 FROM originals o WHERE NOT EXISTS "
        "(SELECT 1 FROM documents d WHERE d.sha256 = o.sha256)")]
    gone = 0
    for sha256 in unused:
        if not _named_in_trash(ws, sha256):
            ws.conn.execute("DELETE FROM originals WHERE sha256 = ?", (sha256,))
            gone += 1
    # A file still looked for whose papers have gone for good is no longer wanted either.
    for (sha256,) in ws.conn.execute(
            "SELECT sha256 FROM originals_wanted w WHERE NOT EXISTS "
            "(SELECT 1 FROM documents d WHERE d.sha256 = w.sha256)").fetchall():
        if not _named_in_trash(ws, sha256):
            stop_wanting(ws, sha256)
    return gone


def _named_in_trash(ws: Workspace, sha256: str) -> bool:
    # A trash snapshot is JSON text holding the document rows, hash included.
    return ws.conn.execute("SELECT 1 FROM trash WHERE kind = 'document' AND instr(snapshot, ?) LIMIT 1",
                           (sha256,)).fetchone() is not None
