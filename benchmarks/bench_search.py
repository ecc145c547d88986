"""Search latency on a 10,000-document workspace, against ripgrep over the same text.

    python -m benchmarks.bench_search [--docs 10000] [--repeats 5] [--rebuild]

The workspace is built once by the app's own import of generated text files
and cached in benchmarks/out/ (its build time is reported: that is a figure
too). Each query is run by our search (services.searching.search, limit 50, in
this process, as the window runs it) and by ``rg -i -l -F QUERY FOLDER`` over
the same text files as a child process, alternately, after one untimed warm-up
of each. Goal: our median latency below ripgrep's.

ripgrep is needed: ``sudo apt-get install ripgrep`` (Debian/Ubuntu),
``brew install ripgrep`` (macOS) or ``winget install BurntSushi.ripgrep.MSVC``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.common import (
    OUT_DIR,
    markdown_table,
    median,
    percentile,
    verdict,
    warm_file_cache,
    write_results_section,
)
from benchmarks.generate import GENERATOR_VERSION, ensure_corpus

SEARCH_LIMIT = 50
QUERIES = (
    "care leavers", "missing children return", "child protection plans", "return home interviews",
    "placement stability", "social work caseloads", "management oversight", "early help",
    "children in care", "sexual exploitation", "independent reviewing officers",
    "personal advisers", "foster carers recruitment", "adoption performance", "quality assurance",
    "strategy meetings", "children in need", "care proceedings", "pathway plans", "virtual school",
    "agency social workers", "corporate parenting", "unaccompanied asylum", "disabled children",
    "youth justice", "audit findings", "supervision records", "repeat referrals",
    "child protection conferences", "staying put", "performance scorecard", "budget overspend",
    "recruitment and retention", "neglect strategy", "domestic abuse", "permanence planning",
    "emotional health", "school attendance", "threshold decisions", "senior leaders",
)


def require_ripgrep() -> str:
    found = shutil.which("rg")
    if not found:
        sys.exit("ripgrep (rg) is not installed. Install it with `sudo apt-get install ripgrep` "
                 "(Debian/Ubuntu), `brew install ripgrep` (macOS) or "
                 "`winget install BurntSushi.ripgrep.MSVC` (Windows), then run this again.")
    return found


def cached_workspace(count: int, seed: int, rebuild: bool) -> tuple[Path, list[Path], dict]:
    """The workspace holding the text corpus, built by the app's import unless cached."""
    paths = ensure_corpus(count, "txt", seed=seed)
    workspace = OUT_DIR / f"search-{count}-seed{seed}.sqlite"
    manifest_path = workspace.with_suffix(".json")
    wanted = {"generator_version": GENERATOR_VERSION, "count": count, "seed": seed}
    if not rebuild and workspace.exists() and manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        if {k: manifest.get(k) for k in wanted} == wanted:
            return workspace, paths, manifest
    manifest = {**wanted, **build_workspace(paths, workspace)}
    manifest_path.write_text(json.dumps(manifest))
    return workspace, paths, manifest


def build_workspace(paths: Sequence[Path], workspace: Path) -> dict:
    from desktop.services.importing import Outcome, import_paths
    from desktop.storage.workspace import open_workspace

    partial = workspace.with_name(workspace.name + ".partial")
    for leftover in (partial, *partial.parent.glob(partial.name + "-*")):
        leftover.unlink(missing_ok=True)
    started = time.perf_counter()

    def progress(update) -> None:
        if update.pages_total == 0 and update.files_done and update.files_done % 1000 == 0:
            elapsed = time.perf_counter() - started
            print(f"  building workspace: {update.files_done}/{update.files_total} files, "
                  f"{elapsed:.0f} s", file=sys.stderr)

    ws = open_workspace(partial)
    try:
        summary = import_paths(ws, list(paths), progress=progress)
        ws.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        ws.close()
    seconds = time.perf_counter() - started
    partial.replace(workspace)
    print(f"  built in {seconds:.0f} s: {summary.describe()}", file=sys.stderr)
    return {"build_seconds": round(seconds, 1), "imported": summary.count(Outcome.IMPORTED),
            "failed": summary.count(Outcome.FAILED)}


def time_ours(ws, query: str) -> tuple[float, int]:
    from desktop.services.searching import search

    started = time.perf_counter()
    result = search(ws, query, limit=SEARCH_LIMIT)
    return time.perf_counter() - started, len(result.hits)


def time_rg(rg: str, query: str, folder: Path) -> tuple[float, int]:
    started = time.perf_counter()
    completed = subprocess.run([rg, "-i", "-l", "-F", "--", query, str(folder)],
                               capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if completed.returncode not in (0, 1):  # 1: no match
        raise RuntimeError(f"rg failed: {completed.stderr}")
    return seconds, len(completed.stdout.splitlines())


def run(count: int, seed: int, repeats: int, rebuild: bool) -> None:
    from desktop.storage.workspace import open_workspace

    rg = require_ripgrep()
    workspace, paths, manifest = cached_workspace(count, seed, rebuild)
    folder = paths[0].parent
    warm_file_cache(paths)
    ws = open_workspace(workspace, create=False)
    try:
        stats = ws.conn.execute("SELECT (SELECT count(*) FROM documents), "
                                "(SELECT count(*) FROM passages)").fetchone()
        for query in QUERIES:  # untimed warm-up of both sides
            time_ours(ws, query)
            time_rg(rg, query, folder)
        ours: dict[str, list[float]] = {q: [] for q in QUERIES}
        theirs: dict[str, list[float]] = {q: [] for q in QUERIES}
        hits: dict[str, tuple[int, int]] = {}
        for repeat in range(repeats):
            for query in QUERIES:
                first_ours = repeat % 2 == 0
                if first_ours:
                    ours_s, our_hits = time_ours(ws, query)
                rg_s, rg_files = time_rg(rg, query, folder)
                if not first_ours:
                    ours_s, our_hits = time_ours(ws, query)
                ours[query].append(ours_s)
                theirs[query].append(rg_s)
                hits[query] = (our_hits, rg_files)
    finally:
        ws.close()
    report(count, manifest, stats, repeats, ours, theirs, hits)


def report(count, manifest, stats, repeats, ours, theirs, hits) -> None:
    per_query_ours = {q: median(v) for q, v in ours.items()}
    per_query_rg = {q: median(v) for q, v in theirs.items()}
    ours_ms = [v * 1000 for v in per_query_ours.values()]
    rg_ms = [v * 1000 for v in per_query_rg.values()]
    ours_median, rg_median = median(ours_ms), median(rg_ms)
    rows = [
        ["median latency (ms)", f"{rg_median:.1f}", f"{ours_median:.1f}",
         f"{ours_median / rg_median:.2f}x", "ours < rg", verdict(ours_median < rg_median)],
        ["p95 latency (ms)", f"{percentile(rg_ms, 0.95):.1f}", f"{percentile(ours_ms, 0.95):.1f}",
         f"{percentile(ours_ms, 0.95) / percentile(rg_ms, 0.95):.2f}x", "", ""],
        ["slowest query (ms)", f"{max(rg_ms):.1f}", f"{max(ours_ms):.1f}", "", "", ""],
    ]
    table = markdown_table(["measure", "baseline: rg -i -l", "ours: search(limit=50)", "ratio",
                            "goal", "result"], rows)
    slowest = sorted(per_query_ours, key=per_query_ours.get, reverse=True)[:5]
    slow_rows = [[f"`{q}`", f"{per_query_ours[q] * 1000:.1f}", f"{per_query_rg[q] * 1000:.1f}",
                  hits[q][0], hits[q][1]] for q in slowest]
    slow_table = markdown_table(["our slowest queries", "ours (ms)", "rg (ms)", "our hits",
                                 "rg files"], slow_rows)
    build = manifest.get("build_seconds")
    details = (
        f"{count} generated text documents ({stats[0]} documents, {stats[1]} passages in the "
        f"workspace); {len(QUERIES)} queries of 2-3 words, each timed {repeats} times per side "
        f"(alternating which side goes first); per-query median, then median and p95 over queries. "
        f"rg is timed as a child process (what a user would run); ours in-process, as the window "
        f"calls it. rg matches the words as one phrase; ours matches all words in a passage, "
        f"ranked.")
    if build:
        details += (f" Building the workspace by the app's import took {build} s "
                    f"({count / build:.1f} documents/s).")
    print(table)
    print(slow_table)
    print(details)
    write_results_section("search", f"Search over {count} documents",
                          f"{table}\n\n{slow_table}\n\n{details}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached workspace")
    args = parser.parse_args(argv)
    run(args.docs, args.seed, args.repeats, args.rebuild)
    return 0


if __name__ == "__main__":
    sys.exit(main())
