"""Broken and hostile files end in a clean message or a clean import: never a crash, hang or traceback.

PDFs, DOCX (and XLSX once the tracker reader exists) are truncated at eight
points, bit-flipped, and crafted to attack: zip bombs, billion laughs,
external entities, 100,000-deep nesting, huge images and pages, lying
lengths. Each is read by the import's own code in a child process limited to
1.5 GB of memory, with 20 seconds per file.

Repeat with another seed: SCRUTINY_RELIABILITY_SEED=... pytest tests/reliability/test_hostile_files.py -s
"""

from __future__ import annotations

import collections
import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.reliability import checks, hostile_inputs
from tests.samples import REPO

CHILD = Path(__file__).with_name("hostile_child.py")
SEED = int(os.environ.get("SCRUTINY_RELIABILITY_SEED", "20240611"))
MEMORY_LIMIT = 1536 * 1024 * 1024
SECONDS_PER_FILE = 20.0
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(sys.platform == "win32", reason="uses POSIX resource limits")]


class Reader:
    """A child process reading files in turn; restarted after a crash or a hang."""

    def __init__(self) -> None:
        self.results: dict[str, dict] = {}

    def run(self, paths: list[Path]) -> None:
        pending = list(paths)
        while pending:
            done = self._run_batch(pending)
            pending = pending[done:]

    def _run_batch(self, paths: list[Path]) -> int:
        """Read until the end or the first crash/hang; returns how many files were settled."""
        env = checks.child_env(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
        child = subprocess.Popen([sys.executable, str(CHILD), str(MEMORY_LIMIT), *map(str, paths)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO)
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=lambda: [lines.put(line) for line in child.stdout] + [lines.put(None)],
                         daemon=True).start()
        errors: list[str] = []
        threading.Thread(target=lambda: errors.extend(child.stderr), daemon=True).start()
        settled = 0
        try:
            for path in paths:
                started = time.monotonic()
                first = lines.get(timeout=60)  # the first file also waits for imports
                if first is None:
                    return self._crashed(path, child, errors, settled)
                try:
                    line = lines.get(timeout=SECONDS_PER_FILE)
                except queue.Empty:
                    self.results[path.name] = {"result": "hang", "message":
                                               f"no answer after {SECONDS_PER_FILE:.0f} s"}
                    return settled + 1
                if line is None:
                    return self._crashed(path, child, errors, settled)
                record = json.loads(line)
                record["wall"] = time.monotonic() - started
                self.results[path.name] = record
                settled += 1
            return settled
        finally:
            if child.poll() is None:
                child.kill()
            child.wait()

    def _crashed(self, path: Path, child: subprocess.Popen, errors: list[str], settled: int) -> int:
        child.wait()
        time.sleep(0.1)  # let the stderr thread finish
        self.results[path.name] = {"result": "crash",
                                   "message": f"exit code {child.returncode}: {''.join(errors)[-2000:]}"}
        return settled + 1


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict[str, dict]:
    """Every input read once, in one child process (restarted after a crash or hang)."""
    started = time.monotonic()
    inputs = hostile_inputs.all_inputs(tmp_path_factory.mktemp("hostile"), SEED)
    generated = time.monotonic() - started
    reader = Reader()
    reader.run([path for _, path in inputs])
    results = reader.results
    assert len(results) == len(inputs)
    by_kind = collections.Counter((Path(name).suffix, r["result"]) for name, r in results.items())
    slowest = sorted(results.items(), key=lambda item: -item[1].get("seconds", SECONDS_PER_FILE))[:3]
    print(f"\nhostile files: seed {SEED}, {len(inputs)} inputs (made in {generated:.0f} s, read in "
          f"{time.monotonic() - started - generated:.0f} s); "
          + ", ".join(f"{suffix} {result}: {count}" for (suffix, result), count in sorted(by_kind.items()))
          + "; slowest: " + ", ".join(f"{name} {r.get('seconds', '-')} s" for name, r in slowest))
    return results


def _assert_clean(results: dict[str, dict], suffixes: tuple[str, ...]) -> None:
    chosen = {name: r for name, r in results.items() if Path(name).suffix in suffixes}
    assert chosen, suffixes
    bad = {name: r for name, r in chosen.items() if r["result"] not in ("ok", "refused")}
    assert not bad, json.dumps(bad, indent=1)[:6000]
    for name, r in chosen.items():
        if r["result"] == "refused":
            message = r["message"]
            # A message for a person: a sentence naming the file, no traceback or repr.
            assert Path(name).stem in message, (name, message)
            assert "Traceback" not in message and "Error:" not in message, (name, message)


def test_pdfs_end_cleanly(outcomes):
    _assert_clean(outcomes, (".pdf",))


def test_word_documents_end_cleanly(outcomes):
    _assert_clean(outcomes, (".docx",))


def test_text_files_and_web_pages_end_cleanly(outcomes):
    _assert_clean(outcomes, (".txt", ".html"))


def test_spreadsheets_end_cleanly(outcomes):
    _assert_clean(outcomes, (".xlsx",))


@pytest.mark.parametrize("name", [
    "content-stream-bomb.pdf", "double-flate-bomb.pdf", "zip-bomb-3gb.docx", "zip-bomb-600mb.docx",
    "zip-lies-about-size.docx", "billion-laughs.docx", "nested-100k.docx",
])
def test_attacks_are_refused_not_imported(outcomes, name):
    """Bombs, entity expansion and deep nesting are refused (quickly), not read as garbage."""
    assert outcomes[name]["result"] == "refused", outcomes[name]
    assert outcomes[name]["seconds"] < 5


def test_external_entities_are_not_resolved(outcomes):
    """A DOCX naming /etc/passwd as an entity: the child checks the text never holds it."""
    assert outcomes["external-entity.docx"]["result"] in ("ok", "refused")
