"""The window and the command line share one workspace: every write of both is kept.

The window (pytest-qt, a real MainWindow) and the command line (`python -m desktop`
in child processes) write the same file, first in turns and then at once, a few
hundred changes in all: notes, quotes, actions and papers from the command line;
notes (through the recommendations controller, as the detail pane does), action
fields (through the actions controller) and quotes from the window. Afterwards
every write of either side is there, and SQLite's integrity check, the foreign-key
check and FTS5's integrity-check pass. In turns, the window must notice each
command-line change by itself (PRAGMA data_version) and show it.

Also: two imports of the same file at once (one imports, the other says "already
held", no traceback), and a workspace whose write lock another process holds (the
command line and the window both say "busy in another window; try again" after a
bounded wait, and nothing is lost).

    SCRUTINY_TWO_PROCESS_TURNS=100 SCRUTINY_TWO_PROCESS_AT_ONCE=200 pytest -s tests/reliability/test_two_processes.py
"""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest

from tests.reliability import checks, papers
from tests.samples import REPO, sample

SEED = int(os.environ.get("SCRUTINY_RELIABILITY_SEED", "20240611"))
TURNS = int(os.environ.get("SCRUTINY_TWO_PROCESS_TURNS", "60"))  # command-line changes in turns
AT_ONCE = int(os.environ.get("SCRUTINY_TWO_PROCESS_AT_ONCE", "120"))  # command-line changes at once
CLI_THREADS = 2  # command-line processes running at the same moment, besides the window
BUSY = "The workspace is busy in another window; try again"
BUSY_TIMEOUT_S = 10  # the app's busy_timeout: the wait is bounded by it

pytestmark = [pytest.mark.slow]


def cli(path: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop", "--workspace", str(path), *args],
                          env=checks.child_env(), cwd=REPO, capture_output=True, text=True,
                          timeout=timeout)


class Expected:
    """Every write either side reported done (thread-safe: the command-line threads add)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.notes: list[str] = []
        self.evidence_notes: list[str] = []
        self.action_titles: list[str] = []
        self.owners: dict[int, str] = {}  # action id -> the last owner the window saved
        self.papers: list[int] = []  # generated paper numbers imported from the command line
        self.failures: list[str] = []
        self.unlinked: list[tuple[int, int]] = []  # (recommendation, passage) pairs not yet quoted

    def pair(self) -> tuple[int, int]:
        """A recommendation and a passage not linked yet (a second link of the same is refused)."""
        with self.lock:
            return self.unlinked.pop()

    def add(self, kind: str, value) -> None:
        with self.lock:
            getattr(self, kind).append(value)


class CommandLine:
    """Random command-line changes of the workspace, each one `python -m desktop` run."""

    def __init__(self, path: Path, folder: Path, rec_ids: list[int], passage_ids: list[int],
                 expected: Expected, seed: int, first_paper: int) -> None:
        self.path, self.folder = path, folder
        self.rec_ids, self.passage_ids = rec_ids, passage_ids
        self.expected, self.rng = expected, random.Random(seed)
        self.next_paper, self.count = first_paper, 0

    def one(self, tag: str) -> str:
        """One change; returns its kind. A failure is recorded, never raised (threads)."""
        self.count += 1
        word = f"{tag}-{self.count}"
        kind = self.rng.choice(("note", "note", "evidence", "action", "paper"))
        rec = str(self.rng.choice(self.rec_ids))
        if kind == "evidence":
            rec, passage = map(str, self.expected.pair())
        if kind == "note":
            done = cli(self.path, "recommendations", "note", rec, f"cli note {word}")
        elif kind == "evidence":
            done = cli(self.path, "evidence", "link", "--recommendation", rec, "--passage",
                       passage, "--stance", "progress",
                       "--note", f"cli quote {word}", "--json")
        elif kind == "action":
            done = cli(self.path, "actions", "add", f"cli action {word}", "--recommendation", rec,
                       "--json")
        else:
            number = self.next_paper
            self.next_paper += 1
            # Text papers: a generated PDF has a blank last page, which starts OCR (slow, and not
            # what this test is about).
            done = cli(self.path, "import", str(papers.write_txt(self.folder, number)))
        if done.returncode != 0 or "Traceback" in done.stderr:
            self.expected.add("failures", f"{kind} {word}: exit {done.returncode}: {done.stderr[-800:]}")
            return kind
        if kind == "paper":
            self.expected.add("papers", number)
        else:
            self.expected.add({"note": "notes", "evidence": "evidence_notes", "action": "action_titles"}[kind],
                              f"cli {'quote' if kind == 'evidence' else kind} {word}")
        return kind


class WindowSide:
    """Changes made in the window, the way its views make them."""

    def __init__(self, window, rec_ids, passage_ids, action_ids, expected, seed: int) -> None:
        self.window, self.rec_ids, self.passage_ids = window, rec_ids, passage_ids
        self.action_ids, self.expected = action_ids, expected
        self.rng, self.count = random.Random(seed), 0

    def one(self) -> None:
        from desktop.services import evidence as evidence_service

        self.count += 1
        word = f"win-{self.count}"
        window = self.window
        kind = self.rng.choice(("note", "owner", "evidence"))
        if kind == "note":  # the detail pane's "Add note" calls exactly this
            rec = self.rng.choice(self.rec_ids)
            window.recommendations.add_note(rec, "note", f"window note {word}")
            self.expected.add("notes", f"window note {word}")
        elif kind == "owner":  # the action detail's fields are saved through this
            action_id = self.rng.choice(self.action_ids)
            window.actions_controller.save_fields(action_id, {"owner": f"owner {word}"})
            with self.expected.lock:
                self.expected.owners[action_id] = f"owner {word}"
        else:
            rec, passage = self.expected.pair()
            evidence_service.link_evidence(window.workspace, passage_id=passage, stance="concern",
                                           recommendation_ids=[rec], note=f"window quote {word}")
            window.evidence.reload()
            self.expected.add("evidence_notes", f"window quote {word}")


@pytest.fixture
def shared(tmp_path):
    """A workspace holding the 2017 sample report (19 + 6 recommendations)."""
    from desktop.services import documents as documents_service
    from desktop.services import recommendations as rec_service
    from desktop.services.importing import import_file
    from desktop.storage.workspace import open_workspace

    path = tmp_path / "shared.sqlite"
    with open_workspace(path) as ws:
        doc_id = import_file(ws, sample("000")).document_ids[0]
        rec_ids = [r.id for r in rec_service.list_recommendations(ws)]
        passage_ids = [p.id for p in documents_service.document_passages(ws, doc_id)]
    folder = tmp_path / "papers"
    folder.mkdir()
    return path, folder, rec_ids, passage_ids


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("SCRUTINY_DESK_SETTINGS_DIR", str(tmp_path / "settings"))
    from desktop.ui.app import create_application
    from desktop.ui.dialogs import messages
    from desktop.ui.main_window import MainWindow

    create_application()
    errors: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda parent, title, text: errors.append(text))
    made = MainWindow()
    made.errors = errors
    qtbot.addWidget(made)
    made.show()
    yield made
    made.close()


def _final_check(path: Path, expected: Expected) -> list[str]:
    from desktop.storage.workspace import open_workspace

    assert not expected.failures, expected.failures[:5]
    with open_workspace(path, create=False) as ws:
        conn = ws.conn
        problems = checks.integrity_problems(conn) + checks.whole_document_problems(conn)
        notes = [r[0] for r in conn.execute("SELECT text FROM recommendation_notes")]
        evidence = [r[0] for r in conn.execute("SELECT note FROM evidence")]
        titles = [r[0] for r in conn.execute("SELECT title FROM actions")]
        owners = dict(conn.execute("SELECT id, owner FROM actions"))
        sources = "\n".join(r[0] for r in conn.execute("SELECT source FROM documents"))
    for kind, held in (("notes", notes), ("evidence_notes", evidence), ("action_titles", titles)):
        wanted = getattr(expected, kind)
        missing = [w for w in wanted if held.count(w) != 1]
        if missing:
            problems.append(f"{len(missing)} of {len(wanted)} {kind} missing or doubled: {missing[:5]}")
    for action_id, owner in expected.owners.items():
        if owners.get(action_id) != owner:
            problems.append(f"action {action_id}: owner {owners.get(action_id)!r}, saved {owner!r}")
    for number in expected.papers:
        if f"paper-{number:05d}." not in sources:
            problems.append(f"imported paper {number} is gone")
    return problems


def test_window_and_command_line_write_in_turns_and_at_once_and_nothing_is_lost(qtbot, window, shared):
    from desktop.services import actions as actions_service

    path, folder, rec_ids, passage_ids = shared
    assert window.open_workspace_path(path)
    expected = Expected()
    expected.unlinked = [(r, p) for r in rec_ids for p in passage_ids]
    random.Random(SEED).shuffle(expected.unlinked)
    action_ids = [actions_service.add_action(window.workspace, f"Window action {n}",
                                             recommendation_ids=[rec_ids[n]]).id for n in range(3)]
    expected.action_titles += [f"Window action {n}" for n in range(3)]
    window.reload_documents()
    # The window's own data_version poll does the noticing; polled faster than the app's 2 s
    # only so that the turns do not spend most of their time waiting for it.
    window.backups.timer.setInterval(200)
    rng = random.Random(SEED)
    side = WindowSide(window, rec_ids, passage_ids, action_ids, expected, rng.randrange(10**9))
    started = time.monotonic()

    # In turns: a command-line change, then the window must see it by itself, then a window change.
    line = CommandLine(path, folder, rec_ids, passage_ids, expected, rng.randrange(10**9), 0)
    noticed = 0
    for _turn in range(TURNS):
        window.statusBar().clearMessage()
        kind = line.one("turn")
        assert not expected.failures, expected.failures
        qtbot.waitUntil(lambda: "another window or on the command line" in window.statusBar().currentMessage(),
                        timeout=6000)
        held_actions = window.actions_tab.model.rowCount()
        held_documents = int(window.count_label.text().split()[0])
        with closing(sqlite3.connect(path)) as conn:
            assert held_actions == conn.execute("SELECT count(*) FROM actions").fetchone()[0], kind
            assert held_documents == conn.execute("SELECT count(*) FROM documents").fetchone()[0], kind
        noticed += 1
        side.one()
    turns_done = (line.count, side.count)

    # At once: command-line processes run back to back in threads while the window keeps writing.
    lines = [CommandLine(path, folder, rec_ids, passage_ids, expected, rng.randrange(10**9),
                         10_000 * (n + 1)) for n in range(CLI_THREADS)]
    threads = [threading.Thread(target=lambda cl=cl, n=n: [cl.one(f"once{n}") for _ in range(AT_ONCE // CLI_THREADS)])
               for n, cl in enumerate(lines)]
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        side.one()
        qtbot.wait(rng.randrange(1, 30))
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    assert not window.errors, window.errors[:5]
    window.close()

    problems = _final_check(path, expected)
    cli_ops = turns_done[0] + sum(cl.count for cl in lines)
    print(f"\ntwo processes: {cli_ops} command-line changes ({turns_done[0]} in turns, "
          f"{cli_ops - turns_done[0]} at once, {CLI_THREADS} at a time) and {side.count} window changes "
          f"({turns_done[1]} in turns) in {elapsed:.0f} s; the window noticed {noticed} of "
          f"{turns_done[0]} outside changes by itself; problems: {problems or 'none'}")
    assert not problems, problems


def test_two_imports_of_the_same_file_at_once_one_says_already_held(shared):
    path, folder, _rec_ids, _passage_ids = shared
    outcomes = []
    for number in range(6):  # text files and Word files, which take longer to read
        write = papers.write_docx if number % 2 else papers.write_txt
        paper = write(folder, 500 + number)
        procs = [subprocess.Popen([sys.executable, "-m", "desktop", "--workspace", str(path), "import",
                                   str(paper)], env=checks.child_env(), cwd=REPO, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(2)]
        results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
        for code, out, err in results:
            assert code == 0 and "Traceback" not in err and "Traceback" not in out, (out, err)
        said = sorted("already held" in out for _code, out, _err in results)
        assert said == [False, True], [out for _c, out, _e in results]
        with closing(sqlite3.connect(path)) as conn:
            held = conn.execute("SELECT count(*) FROM documents WHERE source LIKE ?",
                                (f"%{paper.name}",)).fetchone()[0]
        assert held == 1
        outcomes.append(paper.suffix)
    print(f"\ntwo imports at once: {len(outcomes)} files ({outcomes.count('.docx')} Word), "
          "each imported once and reported 'already held' once, no traceback")


def _hold_write_lock(path: Path, seconds: float) -> subprocess.Popen:
    """Another process that takes the workspace's write lock and keeps it."""
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sqlite3, sys, time\n"
        "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "conn.execute('BEGIN IMMEDIATE')\n"
        "print('held', flush=True)\n"
        "time.sleep(float(sys.argv[2]))\n"), str(path), str(seconds)],
        stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_a_busy_workspace_says_so_after_a_bounded_wait_in_the_window_and_on_the_command_line(
        qtbot, window, shared):
    from desktop.services import recommendations as rec_service

    path, _folder, rec_ids, _passage_ids = shared
    assert window.open_workspace_path(path)
    holder = _hold_write_lock(path, 60)
    try:
        started = time.monotonic()
        done = cli(path, "recommendations", "note", str(rec_ids[0]), "while busy")
        cli_wait = time.monotonic() - started
        started = time.monotonic()
        window.recommendations.add_note(rec_ids[1], "note", "window while busy")
        window_wait = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 1 and BUSY in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert window.errors and BUSY in window.errors[-1]
    for waited in (cli_wait, window_wait):
        assert BUSY_TIMEOUT_S - 1 < waited < BUSY_TIMEOUT_S + 8
    # Once the other process lets go, both work again and nothing was half-written.
    window.errors.clear()
    window.recommendations.add_note(rec_ids[1], "note", "window after busy")
    assert cli(path, "recommendations", "note", str(rec_ids[0]), "cli after busy").returncode == 0
    assert not window.errors
    notes = [n.text for r in rec_ids[:2] for n in rec_service.recommendation_detail(window.workspace, r).notes]
    assert sorted(notes) == ["cli after busy", "window after busy"]
    print(f"\nbusy: the command line said so after {cli_wait:.1f} s, the window after {window_wait:.1f} s")
