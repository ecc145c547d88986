"""Workspace size when the original files are kept, and what keeping them costs an import.

    python -m benchmarks.bench_originals_size [--copies N] [--rounds 3]

The real published PDFs of the shared corpus (Ofsted reports and letters, the
"typical" paper a councillor imports) are imported into a fresh workspace with
the originals kept, and again with keeping them switched off, in alternating
rounds. Sizes are the workspace file after VACUUM (no free pages). The figure
per 1,000 PDFs is the measured size per file times 1,000; ``--copies N`` also
imports N distinct copies (each file with a different trailing comment after its
%%EOF, so each has its own SHA-256) to check that the figure scales as said.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from benchmarks.common import (
    OUT_DIR,
    REPO_ROOT,
    Stopwatch,
    markdown_table,
    verdict,
    warm_file_cache,
    write_results_section,
)

CORPUS = REPO_ROOT.parent / "shared" / "corpus"  # beside the checkout, as tests/samples.py expects
NOT_PDF = {"birmingham-2012-10-19.pdf"}  # a saved web page under a .pdf name: imports nothing
IMPORT_RATIO_GOAL = 1.1


def real_pdfs() -> list[Path]:
    files = sorted((CORPUS / "pdf").glob("*.pdf")) + sorted((CORPUS / "letters").glob("*.pdf"))
    return [f for f in files if f.name not in NOT_PDF]


def distinct_copies(files: list[Path], count: int, folder: Path) -> list[Path]:
    """``count`` files cycling over ``files``, each made a different file by a trailing comment."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for number in range(count):
        source = files[number % len(files)]
        target = folder / f"{number:05d}-{source.name}"
        if not target.exists():
            target.write_bytes(source.read_bytes() + f"\n%copy {number}\n".encode())
        made.append(target)
    return made


def _vacuumed_size(ws, folder: Path, name: str, *, drop_originals: bool = False) -> int:
    """Bytes of a VACUUMed copy of the workspace (optionally without its originals)."""
    import sqlite3

    target = folder / name
    target.unlink(missing_ok=True)
    ws.conn.execute("VACUUM INTO ?", (str(target),))
    if drop_originals:
        conn = sqlite3.connect(target)
        conn.execute("DELETE FROM originals")
        conn.commit()
        conn.execute("VACUUM")
        conn.close()
    return target.stat().st_size


def import_once(files: list[Path], folder: Path, *, keep: bool) -> tuple[float, object]:
    from desktop.services import importing, originals
    from desktop.storage.workspace import open_workspace

    path = folder / f"ws-{'kept' if keep else 'not-kept'}.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    real_keep = originals.keep_original
    if not keep:
        originals.keep_original = lambda *args, **kwargs: False
    try:
        ws = open_workspace(path)
        with Stopwatch() as watch:
            summary = importing.import_paths(ws, files)
    finally:
        originals.keep_original = real_keep
    return watch.seconds, (ws, summary)


def measure(files: list[Path], rounds: int) -> dict:
    from desktop.services.originals import holdings

    warm_file_cache(files)
    times = {True: [], False: []}
    with tempfile.TemporaryDirectory(dir=OUT_DIR) as tmp:
        folder = Path(tmp)
        sizes = {}
        for round_ in range(rounds):
            for keep in ((True, False) if round_ % 2 == 0 else (False, True)):
                seconds, (ws, summary) = import_once(files, folder, keep=keep)
                times[keep].append(seconds)
                if round_ == rounds - 1:
                    sizes[keep] = _vacuumed_size(ws, folder, f"vacuumed-{keep}.sqlite")
                    if keep:
                        held = holdings(ws)
                        sizes["kept_minus_originals"] = _vacuumed_size(ws, folder, "no-originals.sqlite",
                                                                       drop_originals=True)
                        sizes["held"], sizes["held_bytes"] = held.held, held.held_bytes
                        sizes["documents"] = len(summary.document_ids)
                ws.close()
    return {"times": times, "sizes": sizes, "file_bytes": sum(f.stat().st_size for f in files),
            "files": len(files)}


def _mb(value: float) -> str:
    return f"{value / 1_000_000:,.1f}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=0, help="also import N distinct copies")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--copy-rounds", type=int, default=2, help="rounds of the --copies import")
    args = parser.parse_args(argv)
    OUT_DIR.mkdir(exist_ok=True)
    files = real_pdfs()
    real = measure(files, args.rounds)
    per_file = real["sizes"][True] / real["files"]
    rows = [["real corpus PDFs", real["files"], _mb(real["file_bytes"]), _mb(real["sizes"][True]),
             _mb(real["sizes"][False]), _mb(per_file * 1000), _mb(real["sizes"][False] / real["files"] * 1000)]]
    copies = None
    if args.copies:
        copies = measure(distinct_copies(files, args.copies, OUT_DIR / "originals-copies"), args.copy_rounds)
        rows.append([f"{args.copies} distinct copies", copies["files"], _mb(copies["file_bytes"]),
                     _mb(copies["sizes"][True]), _mb(copies["sizes"][False]),
                     _mb(copies["sizes"][True] / copies["files"] * 1000),
                     _mb(copies["sizes"][False] / copies["files"] * 1000)])
    kept_t, bare_t = statistics.median(real["times"][True]), statistics.median(real["times"][False])
    ratio = kept_t / bare_t
    body = markdown_table(
        ["files imported", "files", "their bytes (MB)", "workspace, originals kept (MB)",
         "workspace, not kept (MB)", "per 1,000 PDFs, kept (MB)", "per 1,000 PDFs, not kept (MB)"], rows)
    timing = [[f"{real['files']} real PDFs, median of {args.rounds} rounds (s)", f"{bare_t:.2f}", f"{kept_t:.2f}",
               f"{ratio:.2f}x", f"<= {IMPORT_RATIO_GOAL}x", verdict(ratio <= IMPORT_RATIO_GOAL)]]
    if copies is not None:
        big_kept, big_bare = statistics.median(copies["times"][True]), statistics.median(copies["times"][False])
        timing.append([f"{copies['files']} distinct copies, median of {args.copy_rounds} rounds (s)",
                       f"{big_bare:.2f}", f"{big_kept:.2f}",
                       f"{big_kept / big_bare:.2f}x", f"<= {IMPORT_RATIO_GOAL}x",
                       verdict(big_kept / big_bare <= IMPORT_RATIO_GOAL)])
    body += "\n\n" + markdown_table(
        ["import time", "originals not kept", "originals kept", "ratio", "goal", "result"], timing)
    sizes = real["sizes"]
    body += (
        f"\n\n{real['files']} real published PDFs from the shared corpus (Ofsted reports and letters; the "
        f"not-a-PDF web page left out), {real['sizes']['documents']} documents, average file "
        f"{real['file_bytes'] / real['files'] / 1000:,.0f} kB. Sizes are VACUUMed workspace files. The "
        f"originals held: {sizes['held']} files, {_mb(sizes['held_bytes'])} MB, exactly the files' bytes "
        f"(SQLite adds {_mb(sizes[True] - sizes['kept_minus_originals'] - sizes['held_bytes'])} MB of "
        "pages around them). Keeping them makes a workspace about "
        f"{sizes[True] / sizes[False]:.1f}x the size without them. Per-round seconds: not kept "
        f"{[round(t, 2) for t in real['times'][False]]}, kept {[round(t, 2) for t in real['times'][True]]}"
        + (f"; the copies: not kept {[round(t, 1) for t in copies['times'][False]]}, kept "
           f"{[round(t, 1) for t in copies['times'][True]]}" if copies else "") + ". "
        "Every backup is a full copy (7 daily, 4 weekly, 12 monthly kept), so the backups folder grows "
        "with the same figure times the backups kept.")
    write_results_section("originals_size", "Workspace size with the original files kept", body)
    print(body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
