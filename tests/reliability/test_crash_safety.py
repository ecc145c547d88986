"""Kill the app (SIGKILL) at random moments while it imports and edits; nothing saved is lost.

A child process (crash_child.py) imports generated PDFs and text files and
edits documents and recommendations through the real services, reporting
each change before it starts and after it is committed. The parent kills it
after a random delay, then checks the workspace: it opens, SQLite and FTS5
find no damage, every document is whole, every committed change is there and
the change in flight is all there or not at all. The same workspace goes
through every trial, so damage would accumulate and show.

Reproduce or soak:
    SCRUTINY_RELIABILITY_SEED=... SCRUTINY_RELIABILITY_TRIALS=200 pytest tests/reliability/test_crash_safety.py -s
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import sys
import time
from pathlib import Path

import pytest

from tests.reliability import checks, papers
from tests.samples import REPO

CHILD = Path(__file__).with_name("crash_child.py")
SEED = int(os.environ.get("SCRUTINY_RELIABILITY_SEED", "20240611"))
TRIALS = int(os.environ.get("SCRUTINY_RELIABILITY_TRIALS", "24"))
MAX_DELAY_S = 1.6  # after the child says it is ready; long enough for several changes
READY_TIMEOUT_S = 60
PAPER_NUMBER = re.compile(r"paper-(\d+)\.")

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")]


class Ledger:
    """What the child said it began and finished, across all trials."""

    def __init__(self) -> None:
        self.next_paper = 0
        self.markers: dict[str, int] = {}         # marker -> paper number, for every import begun
        self.imported: dict[str, list[int]] = {}  # marker -> document ids, imports committed
        self.titles: dict[int, str] = {}          # document id -> last committed title
        self.recommendations: dict[int, str] = {}  # id -> last committed text
        self.pending: dict | None = None          # the change begun and not reported done

    def read(self, lines: list[str]) -> None:
        self.pending = None
        for line in lines:
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue  # the kill cut this line short: its change counts as pending
            if "begin" in record:
                self.pending = record
                if record["begin"] == "import":
                    self.markers[record["marker"]] = record["paper"]
                    self.next_paper = max(self.next_paper, record["paper"] + 1)
            elif "done" in record:
                self.pending = None
                kind = record["done"]
                if kind == "import":
                    self.imported[papers.marker(record["paper"])] = record["ids"]
                elif kind == "edit_document":
                    self.titles[record["id"]] = record["title"]
                elif kind in ("add_recommendation", "edit_recommendation"):
                    self.recommendations[record["id"]] = record["text"]

    def settle(self, conn) -> None:
        """The change in flight either made it or not: record which, for the next trials."""
        pending, self.pending = self.pending, None
        if not pending or "begin" not in pending:
            return
        kind = pending["begin"]
        if kind == "import":
            ids = [row[0] for row in conn.execute("SELECT id FROM documents WHERE source LIKE ?",
                                                  (f"%paper-{pending['paper']:05d}.%",))]
            if ids:
                self.imported[pending["marker"]] = ids
        elif kind == "edit_document":
            held = conn.execute("SELECT title FROM documents WHERE id = ?", (pending["id"],)).fetchone()
            if held and held[0] == pending["title"]:
                self.titles[pending["id"]] = pending["title"]
        elif kind == "edit_recommendation":
            held = conn.execute("SELECT text FROM recommendations WHERE id = ?", (pending["id"],)).fetchone()
            if held and held[0] == pending["text"]:
                self.recommendations[pending["id"]] = pending["text"]
        elif kind == "add_recommendation":
            for (rec_id,) in conn.execute("SELECT id FROM recommendations WHERE text = ?", (pending["text"],)):
                self.recommendations[rec_id] = pending["text"]

    def pending_is(self, kind: str, **fields) -> bool:
        return bool(self.pending and self.pending.get("begin") == kind
                    and all(self.pending.get(k) == v for k, v in fields.items()))


def _run_child(workspace: Path, folder: Path, first_paper: int, seed: int, delay: float) -> tuple[list[str], str, bool]:
    """Start the child, kill it ``delay`` seconds after it is ready; (stdout lines, stderr, was killed)."""
    return checks.kill_after_ready([sys.executable, str(CHILD), str(workspace), str(folder), str(first_paper),
                                    str(seed)], delay, REPO, READY_TIMEOUT_S)


def _check(workspace: Path, ledger: Ledger) -> list[str]:
    from desktop.storage.workspace import open_workspace

    ws = open_workspace(workspace, create=False)  # recovers the WAL, as the app would
    try:
        conn = ws.conn
        problems = checks.integrity_problems(conn) + checks.whole_document_problems(conn)
        held: dict[int, list[int]] = {}  # paper number -> its documents
        for doc_id, source in conn.execute("SELECT id, source FROM documents"):
            held.setdefault(int(PAPER_NUMBER.search(source).group(1)), []).append(doc_id)
        for marker, paper in ledger.markers.items():
            committed = marker in ledger.imported
            in_flight = ledger.pending_is("import", marker=marker)
            docs = held.get(paper, [])
            if committed and not docs:
                problems.append(f"paper {paper} was imported but is gone")
            if not committed and not in_flight and docs:
                problems.append(f"paper {paper} is held but its import never started")
            for doc_id in docs:
                problems += checks.marker_problems(conn, doc_id, marker)
        titles = dict(conn.execute("SELECT id, title FROM documents"))
        for doc_id, title in ledger.titles.items():
            if titles.get(doc_id) != title and not ledger.pending_is("edit_document", id=doc_id,
                                                                        title=titles.get(doc_id)):
                problems.append(f"document {doc_id}: title {titles.get(doc_id)!r}, saved {title!r}")
        texts = dict(conn.execute("SELECT id, text FROM recommendations"))
        for rec_id, text in ledger.recommendations.items():
            if texts.get(rec_id) != text and not ledger.pending_is("edit_recommendation", id=rec_id,
                                                                      text=texts.get(rec_id)):
                problems.append(f"recommendation {rec_id}: {texts.get(rec_id)!r}, saved {text!r}")
        if ledger.pending_is("add_recommendation"):
            matching = [t for t in texts.values() if t == ledger.pending["text"]]
            if len(matching) > 1:
                problems.append("the recommendation in flight was added twice")
        ledger.settle(conn)
        return problems
    finally:
        ws.close()


def test_sigkill_at_random_moments_loses_nothing_saved(tmp_path):
    rng = random.Random(SEED)
    print(f"\ncrash safety: seed {SEED}, {TRIALS} trials (SCRUTINY_RELIABILITY_SEED to repeat)")
    workspace = tmp_path / "crash.sqlite"
    folder = tmp_path / "papers"
    folder.mkdir()
    from desktop.storage.workspace import open_workspace

    open_workspace(workspace).close()
    ledger = Ledger()
    killed_in_flight = {}
    checking = 0.0
    started = time.monotonic()
    for trial in range(TRIALS):
        delay = rng.uniform(0.0, MAX_DELAY_S)
        lines, stderr, killed = _run_child(workspace, folder, ledger.next_paper, rng.randrange(10**9), delay)
        assert killed, f"trial {trial}: the child stopped by itself:\n{stderr[-3000:]}"
        assert "Traceback" not in stderr, stderr[-3000:]
        ledger.read(lines)
        if ledger.pending:
            killed_in_flight[ledger.pending["begin"]] = killed_in_flight.get(ledger.pending["begin"], 0) + 1
        checked = time.monotonic()
        problems = _check(workspace, ledger)
        checking += time.monotonic() - checked
        assert not problems, f"trial {trial} (seed {SEED}, killed after {delay:.2f} s): {problems}"
    elapsed = time.monotonic() - started
    print(f"crash safety: {TRIALS} kills in {elapsed:.0f} s; {len(ledger.imported)} imports, "
          f"{len(ledger.titles)} documents retitled, {len(ledger.recommendations)} recommendations "
          f"committed; killed during a change: {killed_in_flight or 'never'}; "
          f"checking took {checking:.0f} s")
    assert len(ledger.imported) >= TRIALS // 2  # the kills did not all land before any work
