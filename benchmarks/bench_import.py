"""Import of N generated PDFs, against bare pypdfium2 text extraction of the same files.

    python -m benchmarks.bench_import [--docs 1000] [--rounds 2] [--profile]

Both sides run in child processes (so each child's peak memory is its own),
over the same files, after one untimed pass that puts them in the page cache.
Rounds alternate which side goes first. Timed: the work only; Python start-up
and module imports are outside the clock on both sides.

Goals: import time at most 1.5x the baseline; peak memory (ru_maxrss of the
importing child) under 400 MB.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from benchmarks.common import (
    OUT_DIR,
    Stopwatch,
    markdown_table,
    max_rss_mb,
    median,
    run_python_child,
    verdict,
    warm_file_cache,
    write_results_section,
)
from benchmarks.generate import ensure_corpus

TIME_RATIO_GOAL = 1.5
MEMORY_GOAL_MB = 400


def corpus_files(folder: Path, count: int) -> list[Path]:
    return [folder / f"doc_{i:05d}.pdf" for i in range(count)]


def baseline_extract(paths: Sequence[Path]) -> dict:
    """Open each PDF, take every page's text with pdfium, close it: the least any import does."""
    import pypdfium2 as pdfium

    pages = chars = 0
    with Stopwatch() as clock:
        for path in paths:
            pdf = pdfium.PdfDocument(str(path))
            try:
                for index in range(len(pdf)):
                    page = pdf[index]
                    textpage = page.get_textpage()
                    chars += len(textpage.get_text_range())
                    textpage.close()
                    page.close()
                    pages += 1
            finally:
                pdf.close()
    return {"seconds": clock.seconds, "pages": pages, "chars": chars, "max_rss_mb": max_rss_mb()}


def app_import(paths: Sequence[Path], workspace: Path, profile: Path | None = None) -> dict:
    """The app's own import (services.importing.import_paths) into a fresh workspace."""
    from desktop.services.importing import Outcome, import_paths
    from desktop.storage.workspace import open_workspace

    ws = open_workspace(workspace)
    try:
        profiler = None
        if profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        with Stopwatch() as clock:
            summary = import_paths(ws, list(paths))
        if profiler:
            profiler.disable()
            profiler.dump_stats(str(profile))
        documents = ws.conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        passages = ws.conn.execute("SELECT count(*) FROM passages").fetchone()[0]
    finally:
        ws.close()
    failures = [f"{o.path.name}: {o.message}" for o in summary.outcomes if o.outcome is Outcome.FAILED]
    from desktop.services.importing import worker_count

    return {"seconds": clock.seconds, "workers": worker_count(),
            "worker_max_rss_mb": _reaped_workers_peak_mb(), "imported": summary.count(Outcome.IMPORTED),
            "failed": len(failures), "first_failures": failures[:5], "documents": documents,
            "passages": passages, "max_rss_mb": max_rss_mb()}


def _reaped_workers_peak_mb() -> float:
    """Largest peak memory among this process's finished worker processes."""
    import multiprocessing
    import resource
    import time

    deadline = time.monotonic() + 10
    while multiprocessing.active_children() and time.monotonic() < deadline:  # reaps them
        time.sleep(0.05)
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _child(kind: str, folder: Path, count: int, workspace: Path | None = None,
           profile: Path | None = None) -> dict:
    args = ["-m", "benchmarks.bench_import", "--worker", kind, "--folder", str(folder),
            "--docs", str(count)]
    if workspace:
        args += ["--workspace", str(workspace)]
    if profile:
        args += ["--profile-to", str(profile)]
    return run_python_child(args)


def run(count: int, rounds: int, seed: int, profile: bool) -> None:
    paths = ensure_corpus(count, "pdf", seed=seed)
    folder = paths[0].parent
    megabytes = warm_file_cache(paths) / 1e6
    print(f"{count} PDFs, {megabytes:.1f} MB, in {folder}; page cache warmed", file=sys.stderr)
    baselines, ours = [], []
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        for round_number in range(rounds):
            order = ("baseline", "import") if round_number % 2 == 0 else ("import", "baseline")
            for kind in order:
                if kind == "baseline":
                    result = _child("baseline", folder, count)
                    baselines.append(result)
                else:
                    workspace = Path(tmp) / f"round{round_number}.sqlite"
                    result = _child("import", folder, count, workspace)
                    ours.append(result)
                print(f"  round {round_number + 1} {kind}: {result['seconds']:.2f} s, "
                      f"{result['max_rss_mb']:.0f} MB", file=sys.stderr)
        if profile:  # an extra, untimed import: cProfile slows what it watches
            prof = OUT_DIR / "import.prof"
            _child("import", folder, count, Path(tmp) / "profiled.sqlite", prof)
            print(f"profile of an extra import written to {prof} (python -m pstats {prof})")
    report(count, baselines, ours)


def report(count: int, baselines: list[dict], ours: list[dict]) -> None:
    base_s = median([r["seconds"] for r in baselines])
    ours_s = median([r["seconds"] for r in ours])
    ratio = ours_s / base_s
    peak = max(r["max_rss_mb"] for r in ours)
    base_peak = max(r["max_rss_mb"] for r in baselines)
    workers = max(r.get("workers", 0) for r in ours)
    worker_peak = max(r.get("worker_max_rss_mb", 0.0) for r in ours)
    total_peak = peak + workers * worker_peak  # all processes at their peaks at once: an upper bound
    last = ours[-1]
    rows = [
        ["time, median of rounds (s)", f"{base_s:.2f}", f"{ours_s:.2f}",
         f"{ratio:.2f}x", f"<= {TIME_RATIO_GOAL}x", verdict(ratio <= TIME_RATIO_GOAL)],
        ["files per second", f"{count / base_s:.0f}", f"{count / ours_s:.1f}", "", "", ""],
        ["peak memory, ru_maxrss (MB)", f"{base_peak:.0f}",
         f"{peak:.0f} + {workers} workers x {worker_peak:.0f} = {total_peak:.0f}", "",
         f"< {MEMORY_GOAL_MB} MB", verdict(total_peak < MEMORY_GOAL_MB)],
    ]
    table = markdown_table(["measure", "baseline: pypdfium2 text only", "ours: import_paths",
                            "ratio", "goal", "result"], rows)
    details = (f"{count} generated PDFs ({baselines[-1]['pages']} pages), {len(ours)} rounds each, "
               f"alternating which side runs first. Last import: {last['imported']} imported, "
               f"{last['failed']} failed, {last['documents']} documents, {last['passages']} passages. "
               f"Per-round seconds: baseline {[round(r['seconds'], 2) for r in baselines]}, "
               f"ours {[round(r['seconds'], 2) for r in ours]}.")
    details += (f" The import reads files in {workers} worker processes (one per core) while the "
                "importing process writes them; the baseline is one process, as bare extraction "
                "would be.")
    if last["first_failures"]:
        details += f" First failures: {last['first_failures']}."
    print(table)
    print(details)
    write_results_section("import", f"Import of {count} PDFs", f"{table}\n\n{details}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--profile", action="store_true", help="cProfile the first import")
    parser.add_argument("--worker", choices=("baseline", "import"), help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--workspace", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--profile-to", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        paths = corpus_files(args.folder, args.docs)
        result = (baseline_extract(paths) if args.worker == "baseline"
                  else app_import(paths, args.workspace, args.profile_to))
        print(json.dumps(result))
        return 0
    run(args.docs, args.rounds, args.seed, args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
