"""Start-up: the app on a 10,000-document workspace to a shown window, against bare Qt.

    python -m benchmarks.bench_startup [--docs 10000] [--rounds 5]

Each start is a fresh child process (``python -c ...``) with Qt offscreen and
settings in a temporary folder. The child runs the app exactly as
``python -m desktop --workspace W`` does (``desktop.cli.main``), and a 1 ms
timer in its event loop notes when the main window is first exposed and when
the workspace is open with its documents listed; then it quits. The baseline
child imports PySide6.QtWidgets, shows a bare QWidget and stops at the same
moment. Times run from just before the parent starts the child (both sides
read the same monotonic clock). The workspace is the cached one built by
bench_search. Goal: first show under 1 s (absolute); the ratio is reported.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.common import REPO_ROOT, markdown_table, median, verdict, write_results_section

GOAL_SECONDS = 1.0

# Shared by both children: poll every millisecond until every check has passed, then
# print the monotonic times and quit. Kept tiny so the baseline pays nothing extra.
_PRELUDE = """
import json, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv[:1])
marks = {}
def start_watch(checks):
    def watch():
        for name, check in checks:
            if name not in marks and check():
                marks[name] = time.monotonic()
        if len(marks) == len(checks):
            print(json.dumps(marks), flush=True)
            app.quit()
    timer = QTimer(app)
    timer.timeout.connect(watch)
    timer.start(1)
def exposed(widget):
    return widget is not None and widget.windowHandle() is not None and widget.windowHandle().isExposed()
"""

_BARE = _PRELUDE + """
widget = QWidget()
start_watch([("shown", lambda: exposed(widget))])
widget.show()
app.exec()
"""

_APP = _PRELUDE + """
def main_window():
    from desktop.ui.main_window import MainWindow
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)), None)
def ready():
    window = main_window()
    return window is not None and window.workspace is not None and "document" in window.count_label.text()
start_watch([("shown", lambda: exposed(main_window())), ("ready", ready)])
from desktop.cli import main
main(["--workspace", sys.argv[1]])
"""


def start_child(script: str, args: Sequence[str], settings_dir: Path) -> dict[str, float]:
    """Seconds from spawning the child to each of its marks."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SCRUTINY_DESK_SETTINGS_DIR": str(settings_dir)}
    started = time.monotonic()
    completed = subprocess.run([sys.executable, "-c", script, *args], cwd=REPO_ROOT, env=env,
                               capture_output=True, text=True, timeout=120)
    lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
    if completed.returncode != 0 or not lines:
        raise RuntimeError(f"start-up child failed ({completed.returncode}):\n{completed.stderr[-3000:]}")
    return {name: at - started for name, at in json.loads(lines[-1]).items()}


def workspace_for(count: int, seed: int) -> Path:
    from benchmarks.bench_search import cached_workspace

    workspace, _, _ = cached_workspace(count, seed, rebuild=False)
    return workspace


def run(count: int, seed: int, rounds: int) -> None:
    source = workspace_for(count, seed)
    bare: list[float] = []
    shown: list[float] = []
    ready: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        # A copy, so that the app opening it (WAL, settings) never changes the cache.
        workspace = Path(tmp) / "workspace.sqlite"
        workspace.write_bytes(source.read_bytes())
        start_child(_BARE, [], Path(tmp))  # untimed: warm the file cache for Qt and Python
        start_child(_APP, [str(workspace)], Path(tmp))
        for round_number in range(rounds):
            order = ("bare", "app") if round_number % 2 == 0 else ("app", "bare")
            for kind in order:
                if kind == "bare":
                    bare.append(start_child(_BARE, [], Path(tmp))["shown"])
                else:
                    marks = start_child(_APP, [str(workspace)], Path(tmp))
                    shown.append(marks["shown"])
                    ready.append(marks["ready"])
            print(f"  round {round_number + 1}: bare {bare[-1]:.3f} s, app shown {shown[-1]:.3f} s, "
                  f"ready {ready[-1]:.3f} s", file=sys.stderr)
    report(count, rounds, bare, shown, ready)


def report(count: int, rounds: int, bare: list[float], shown: list[float], ready: list[float]) -> None:
    base, first, loaded = median(bare), median(shown), median(ready)
    rows = [
        ["window first shown (s)", f"{base:.3f}", f"{first:.3f}", f"{first / base:.2f}x",
         f"< {GOAL_SECONDS:.0f} s", verdict(first < GOAL_SECONDS)],
        ["workspace open, documents listed (s)", "", f"{loaded:.3f}", f"{loaded / base:.2f}x", "", ""],
    ]
    table = markdown_table(["measure", "baseline: bare QWidget", "ours: python -m desktop",
                            "ratio", "goal", "result"], rows)
    import PySide6

    details = (f"PySide6 {PySide6.__version__}. Workspace of {count} documents; "
               f"medians of {rounds} fresh starts per side, "
               f"alternating, Qt offscreen, measured from spawning the child process. "
               f"Per start: bare {[round(v, 3) for v in bare]}, shown {[round(v, 3) for v in shown]}, "
               f"ready {[round(v, 3) for v in ready]}.")
    print(table)
    print(details)
    write_results_section("startup", f"Start-up on {count} documents", f"{table}\n\n{details}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    run(args.docs, args.seed, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
