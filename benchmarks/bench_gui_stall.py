"""GUI responsiveness while the window imports N PDFs in the background.

    python -m benchmarks.bench_gui_stall [--docs 1000]

In a child process with Qt offscreen, the real main window (desktop.ui) opens
a fresh workspace and imports the generated PDFs through its own import path
(MainWindow.import_paths -> ImportController -> TaskRunner). A 10 ms QTimer on
the GUI thread records every gap between its ticks. The longest gap during the
import is the stall a user would feel; goal under 100 ms. The same heartbeat
with nothing running (idle) is the machine's own jitter, measured first in the
same process; the second after the import ends (the library reloads, the
results dialog opens) is reported separately.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.common import markdown_table, percentile, run_python_child, verdict, write_results_section
from benchmarks.generate import ensure_corpus

HEARTBEAT_MS = 10
GOAL_MS = 100
IDLE_SECONDS = 2.0
AFTER_FINISH_SECONDS = 1.5


class Heartbeat:
    """Ticks every HEARTBEAT_MS on the GUI thread and keeps (time, gap) of each tick."""

    def __init__(self, app) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.ticks: list[tuple[float, float]] = []
        self._last = time.perf_counter()
        self._timer = QTimer(app)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)
        self._timer.start(HEARTBEAT_MS)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.ticks.append((now, now - self._last))
        self._last = now

    def gaps_ms(self, start: float, end: float) -> list[float]:
        return [gap * 1000 for at, gap in self.ticks if start < at <= end] or [0.0]


def _wait_until(app, condition, timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the window did not get there in time")
        app.processEvents()
        time.sleep(0.001)


def _count_documents(workspace: Path) -> int:
    import sqlite3

    with sqlite3.connect(workspace) as conn:
        return conn.execute("SELECT count(*) FROM documents").fetchone()[0]


def gui_worker(paths: Sequence[Path], workspace: Path) -> dict:
    """Runs in the child: the window, an idle heartbeat, then the import under the heartbeat."""
    from PySide6.QtCore import QTimer

    from desktop.services.workspaces import create_workspace
    from desktop.ui.app import create_application
    from desktop.ui.main_window import MainWindow

    create_workspace(workspace).close()  # File > Open only opens workspaces that exist
    app = create_application()
    window = MainWindow()
    window.show()
    if not window.open_workspace_path(workspace):
        raise RuntimeError(f"could not open {workspace}")
    _wait_until(app, lambda: window.windowHandle() is not None and window.windowHandle().isExposed(), 30)
    marks: dict[str, float] = {}
    heartbeat = Heartbeat(app)

    def start_import() -> None:
        marks["import_start"] = time.perf_counter()
        if window.import_paths(list(paths)) is None:
            raise RuntimeError("the window refused the import")

    def import_finished(*_args) -> None:
        marks["import_end"] = time.perf_counter()
        QTimer.singleShot(int(AFTER_FINISH_SECONDS * 1000), app.quit)

    window.imports.finished.connect(import_finished)
    window.imports.failed.connect(import_finished)
    marks["idle_start"] = time.perf_counter()
    QTimer.singleShot(int(IDLE_SECONDS * 1000), start_import)
    app.exec()
    marks["end"] = time.perf_counter()
    documents = _count_documents(workspace)
    idle = heartbeat.gaps_ms(marks["idle_start"] + 0.1, marks["import_start"])  # skip the first tick
    during = heartbeat.gaps_ms(marks["import_start"], marks["import_end"])
    after = heartbeat.gaps_ms(marks["import_end"], marks["end"])
    import PySide6

    return {
        "pyside6": PySide6.__version__, "documents": documents,
        "import_seconds": marks["import_end"] - marks["import_start"],
        "idle_max_ms": max(idle), "idle_p99_ms": percentile(idle, 0.99),
        "max_ms": max(during), "p99_ms": percentile(during, 0.99), "ticks": len(during),
        "over_50ms": sum(g > 50 for g in during), "over_100ms": sum(g > GOAL_MS for g in during),
        "worst_at_s": sorted(((g * 1000, at - marks["import_start"]) for at, g in heartbeat.ticks
                              if marks["import_start"] < at <= marks["import_end"]),
                             reverse=True)[:3],
        "after_max_ms": max(after),
    }


def run(count: int, seed: int) -> None:
    paths = ensure_corpus(count, "pdf", seed=seed)
    with tempfile.TemporaryDirectory(prefix="bench-gui-") as tmp:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SCRUTINY_DESK_SETTINGS_DIR": tmp}
        try:
            result = run_python_child(
                ["-m", "benchmarks.bench_gui_stall", "--worker", "--folder", str(paths[0].parent),
                 "--docs", str(count), "--workspace", str(Path(tmp) / "gui.sqlite")], env=env)
        except RuntimeError as error:  # the window crashed: that is the result to report
            report_crash(count, str(error))
            raise SystemExit(1) from error
    report(count, result)


def report_crash(count: int, error: str) -> None:
    fatal = [line for line in error.splitlines() if "Fatal" in line or "Error" in line][:2]
    body = (f"**FAIL**: the window's process crashed during the import of {count} PDFs, "
            f"so no stall figure exists. First error lines:\n\n```\n" + "\n".join(fatal) + "\n```")
    print(body)
    write_results_section("gui_stall", f"GUI stall during an import of {count} PDFs", body)


def report(count: int, r: dict) -> None:
    rows = [
        ["longest gap (ms)", f"{r['idle_max_ms']:.1f}", f"{r['max_ms']:.1f}",
         f"< {GOAL_MS} ms", verdict(r["max_ms"] < GOAL_MS)],
        ["99th percentile gap (ms)", f"{r['idle_p99_ms']:.1f}", f"{r['p99_ms']:.1f}", "", ""],
        ["gaps over 50 ms / over 100 ms", "", f"{r['over_50ms']} / {r['over_100ms']} "
                                              f"of {r['ticks']} ticks", "", ""],
    ]
    table = markdown_table(["measure", "idle (same process)", f"during import of {count} PDFs",
                            "goal", "result"], rows)
    worst = ", ".join(f"{gap:.0f} ms at {at:.1f} s" for gap, at in r["worst_at_s"])
    details = (f"PySide6 {r['pyside6']}. Heartbeat every {HEARTBEAT_MS} ms on the GUI thread, Qt offscreen. The import "
               f"through the window took {r['import_seconds']:.1f} s "
               f"({count / r['import_seconds']:.1f} files/s) and left {r['documents']} documents. "
               f"Worst gaps during it: {worst}. Longest gap in the {AFTER_FINISH_SECONDS} s after "
               f"it finished (library reload, results dialog): {r['after_max_ms']:.0f} ms.")
    print(table)
    print(details)
    write_results_section("gui_stall", f"GUI stall during an import of {count} PDFs",
                          f"{table}\n\n{details}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--workspace", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        paths = [args.folder / f"doc_{i:05d}.pdf" for i in range(args.docs)]
        print(json.dumps(gui_worker(paths, args.workspace)), flush=True)
        os._exit(0)  # skip Qt's teardown: only the figures above matter here
    run(args.docs, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
