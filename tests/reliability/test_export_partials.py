"""A killed export leaves no hidden partial file behind for long: the next export clears it.

An export writes a hidden partial file beside its target and renames it into place
when complete; SIGKILL stops it before it can remove the partial. The next export
to the same file removes such leftovers, but never the partial of an export that is
still running in another process.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from desktop.services.exporting import PARTIAL_MARK, export_table
from tests.reliability import checks
from tests.samples import REPO

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")

EXPORTER = """
import sys, time
from pathlib import Path
from desktop.services.exporting import atomic_write
with atomic_write(Path(sys.argv[1]), overwrite=False) as tmp:
    tmp.write_bytes(b"half a table" * 1000)
    print("writing", flush=True)
    time.sleep(60)
"""


def _partials(folder):
    return sorted(p.name for p in folder.iterdir() if PARTIAL_MARK in p.name)


def _exporter(target):
    """An export in another process, stopped half-way (writing its partial)."""
    child = subprocess.Popen([sys.executable, "-c", EXPORTER, str(target)], stdout=subprocess.PIPE,
                             text=True, env=checks.child_env(), cwd=REPO)
    assert child.stdout.readline().strip() == "writing"
    return child


def test_the_partial_of_a_killed_export_goes_on_the_next_export(workspace, tmp_path):
    target = tmp_path / "recommendations.csv"
    child = _exporter(target)
    child.send_signal(signal.SIGKILL)
    child.wait()
    [left] = _partials(tmp_path)
    assert left.startswith(".recommendations.") and not target.exists()

    export_table(workspace, "recommendations", target)

    assert _partials(tmp_path) == [] and target.read_text(encoding="utf-8-sig").startswith("ID,Label")


def test_a_running_export_keeps_its_partial_and_old_nameless_ones_go_after_an_hour(workspace, tmp_path):
    target = tmp_path / "actions.xlsx"
    running = _exporter(target)
    try:
        old = tmp_path / ".actions.k3j2h1x0.partial.xlsx"  # no process id in the name
        recent = tmp_path / ".actions.q9w8e7r6.partial.xlsx"
        for path in (old, recent):
            path.write_bytes(b"x")
        hours_ago = time.time() - 2 * 3600
        os.utime(old, (hours_ago, hours_ago))
        unrelated = tmp_path / ".evidence.1.partial.xlsx"  # another file's export
        unrelated.write_bytes(b"x")

        export_table(workspace, "actions", target)

        kept = _partials(tmp_path)
        assert old.name not in kept and recent.name in kept and unrelated.name in kept
        assert any(name.startswith(f".actions.{running.pid}-") for name in kept)  # still being written
        assert target.stat().st_size > 0
    finally:
        running.kill()
        running.wait()
