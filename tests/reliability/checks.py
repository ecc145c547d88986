"""What "the workspace is intact" means, checked the same way by every reliability test."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """SQLite's own checks: the file, the foreign keys and the full-text index."""
    problems = []
    result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    if result != ["ok"]:
        problems.append(f"integrity_check: {result[:5]}")
    broken_links = conn.execute("PRAGMA foreign_key_check").fetchall()
    if broken_links:
        problems.append(f"foreign_key_check: {broken_links[:5]}")
    try:
        # rank=1 also compares the index with its content table (passages).
        conn.execute("INSERT INTO passages_fts(passages_fts, rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError as error:
        problems.append(f"passages_fts integrity-check: {error}")
    return problems


def whole_document_problems(conn: sqlite3.Connection) -> list[str]:
    """Every document is all there: its text and as many passages as it says it has.

    Whether the passages are all in the search index is integrity_problems'
    job (FTS5's integrity-check compares the index with the passages table).
    """
    problems = []
    rows = conn.execute(
        "SELECT d.id, d.parent_id, d.passage_count, "
        "(SELECT count(*) FROM passages p WHERE p.document_id = d.id), "
        "(SELECT count(*) FROM document_text t WHERE t.document_id = d.id), "
        "(SELECT count(*) FROM documents c WHERE c.parent_id = d.id), "
        "(SELECT coalesce(sum(c.passage_count), 0) FROM documents c WHERE c.parent_id = d.id) "
        "FROM documents d").fetchall()
    for doc_id, _parent, stored_count, passages, texts, children, children_count in rows:
        expected = children_count if children else passages
        if stored_count != expected:
            problems.append(f"document {doc_id}: passage_count {stored_count}, holds {expected}")
        if texts != 1:
            problems.append(f"document {doc_id}: {texts} text rows")
        if not children and passages == 0:
            problems.append(f"document {doc_id}: no passages")
    return problems


def marker_problems(conn: sqlite3.Connection, doc_id: int, word: str) -> list[str]:
    """Searching for ``word`` finds every passage of the document that holds it (asks the index itself)."""
    holding = conn.execute("SELECT count(*) FROM passages WHERE document_id = ? AND instr(text, ?) > 0",
                           (doc_id, word)).fetchone()[0]
    found = conn.execute(
        "SELECT count(*) FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid "
        "WHERE passages_fts MATCH ? AND p.document_id = ?", (f'"{word}"', doc_id)).fetchone()[0]
    if holding == 0:
        return [f"document {doc_id}: no passage holds {word}"]
    if found != holding:
        return [f"document {doc_id}: {holding} passages hold {word}, the index finds {found}"]
    return []


def snapshot(path: Path) -> dict:
    """Everything a user saved, in a form two snapshots can be compared with ==.

    Reads a closed workspace without leaving -wal/-shm files behind (immutable),
    unless changes still wait in its -wal file.
    """
    wal = path.with_name(path.name + "-wal")
    mode = "mode=ro" if wal.exists() and wal.stat().st_size else "immutable=1"
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True)
    try:
        return {
            "documents": conn.execute(
                "SELECT id, title, doc_type, authority, date, passage_count, sha256 FROM documents "
                "ORDER BY id").fetchall(),
            "passages": conn.execute(
                "SELECT count(*), coalesce(sum(length(text)), 0) FROM passages").fetchone(),
            "recommendations": conn.execute(
                "SELECT id, label, text, status FROM recommendations ORDER BY id").fetchall(),
        }
    finally:
        conn.close()


def child_env(*first: str, **extra: str) -> dict[str, str]:
    """os.environ for a child Python that imports this checkout (``first`` folders before it)."""
    import os

    repo = str(Path(__file__).resolve().parents[2])
    inherited = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    return dict(os.environ, PYTHONPATH=os.pathsep.join([*first, repo, *inherited]), **extra)


def ready_line(child) -> str:
    """The child's first line, read byte by byte from its pipe (started with text=False).

    A buffered readline() may read ahead past the line, and communicate() would never
    see what it took: the lines a child printed right after "ready" would be lost.
    """
    import os

    line = b""
    while not line.endswith(b"\n"):
        byte = os.read(child.stdout.fileno(), 1)
        if not byte:
            break
        line += byte
    return line.decode("utf-8", "replace")


def kill_after_ready(command: list[str], delay: float, cwd: Path, timeout: float = 60.0
                     ) -> tuple[list[str], str, bool]:
    """Start a child, SIGKILL it ``delay`` seconds after it says "ready" (unless it ended);
    returns its complete stdout lines (a line cut by the kill is dropped), stderr, and
    whether it was killed."""
    import signal
    import subprocess
    import time

    import pytest

    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_env(), cwd=cwd)
    deadline = time.monotonic() + timeout
    ready = ready_line(child)  # unbuffered: communicate() below must see every later line
    if '"ready"' not in ready:
        child.kill()
        out, err = child.communicate()
        pytest.fail(f"the child did not start: {ready}{out.decode()}{err.decode()}")
    time.sleep(delay)
    killed = child.poll() is None
    if killed:
        child.send_signal(signal.SIGKILL)
    out, err = (part.decode("utf-8", "replace")
                for part in child.communicate(timeout=max(5.0, deadline - time.monotonic())))
    return [line for line in out.splitlines(keepends=True) if line.endswith("\n")], err, killed
