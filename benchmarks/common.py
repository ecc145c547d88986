"""Shared pieces of the benchmarks: where things go, the machine, RESULTS.md, statistics."""

from __future__ import annotations

import json
import os
import platform
import shlex
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "out"  # git-ignored: generated corpora and cached workspaces
RESULTS_FILE = BENCH_DIR / "RESULTS.md"
RESULTS_HEADER = (
    "# Benchmark results\n\n"
    "Each section is written by the script named in it (`python -m benchmarks.<name>`);\n"
    "rerunning a script replaces its own section only. Goals are ratios against a\n"
    "baseline measured in the same run, because the machine is shared and noisy.\n"
)


def machine_line() -> str:
    """One line saying where a figure was measured."""
    return (f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), "
            f"{platform.system()} {platform.machine()}, Python {platform.python_version()}, "
            f"SQLite {sqlite3.sqlite_version}")


def command_line() -> str:
    """The command that produced this run, as a user would type it from the repository root."""
    return shlex.join(["python", "-m", sys.modules["__main__"].__spec__.name, *sys.argv[1:]]) \
        if getattr(sys.modules["__main__"], "__spec__", None) else shlex.join(sys.argv)


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (no interpolation, so p95 is a value that was measured)."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    rank = max(1, min(len(ordered), int(-(-fraction * len(ordered) // 1))))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def verdict(passed: bool) -> str:
    return "**pass**" if passed else "**FAIL**"


def _markers(name: str) -> tuple[str, str]:
    return f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"


def replace_section(document: str, name: str, body: str) -> str:
    """``document`` with the section ``name`` set to ``body`` (appended when absent)."""
    start, end = _markers(name)
    block = f"{start}\n{body.rstrip()}\n{end}"
    head, found, rest = document.partition(start)
    if found and end in rest:
        return head + block + rest.split(end, 1)[1]
    return document.rstrip() + "\n\n" + block + "\n"


def write_results_section(name: str, title: str, body: str, results_file: Path = RESULTS_FILE) -> None:
    """Append or replace this benchmark's section of RESULTS.md, with command and machine."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = (f"## {title}\n\n{body.rstrip()}\n\n"
               f"Command: `{command_line()}`  \nMachine: {machine_line()}  \nMeasured: {stamp}\n")
    current = results_file.read_text(encoding="utf-8") if results_file.exists() else RESULTS_HEADER
    results_file.write_text(replace_section(current, name, section), encoding="utf-8")


def run_python_child(args: Sequence[str], *, env: dict[str, str] | None = None,
                     timeout: float | None = None) -> dict:
    """Run ``python -m ...`` in a child and return the JSON object on its last stdout line."""
    completed = subprocess.run([sys.executable, *args], cwd=REPO_ROOT, capture_output=True,
                               text=True, env=env, timeout=timeout)
    if completed.returncode != 0:
        raise RuntimeError(f"child {args} failed ({completed.returncode}):\n{completed.stderr[-4000:]}")
    lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"child {args} printed no result:\n{completed.stdout[-2000:]}")
    return json.loads(lines[-1])


def max_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports kilobytes)."""
    import resource

    kilobytes = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kilobytes / 1024 if sys.platform != "darwin" else kilobytes / (1024 * 1024)


class Stopwatch:
    """``with Stopwatch() as sw: ...`` then ``sw.seconds``."""

    def __enter__(self) -> Stopwatch:
        self._start = time.perf_counter()
        self.seconds = 0.0
        return self

    def __exit__(self, *exc) -> None:
        self.seconds = time.perf_counter() - self._start


def warm_file_cache(paths: Sequence[Path]) -> int:
    """Read every file once so the timed runs all start with them in the page cache."""
    total = 0
    for path in paths:
        total += len(path.read_bytes())
    return total
