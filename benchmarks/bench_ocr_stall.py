"""The window while OCR reads a 200-page scanned pack: GUI stalls, other work, Cancel.

    python -m benchmarks.bench_ocr_stall [--pages 200] [--seconds 45]

A pack of scanned pages (real corpus pages at 200 dpi, each with its own skew
and noise, so no page is a cached copy of another) is imported without OCR
("needs OCR"). In a child process with Qt offscreen the real window opens it
and starts Edit > Read scanned paper with OCR. For ``--seconds`` the GUI
thread's 10 ms heartbeat records every gap, and every 0.5 s a write job goes
through the window's write lane (what an edit or a quote does) and its wait is
timed. Then Cancel is pressed and the time until the OCR has stopped is
measured; the pages read by then are kept for a later resume.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import markdown_table, percentile, run_python_child, verdict, write_results_section

GOAL_MS = 100
PROBE_EVERY_MS = 500


def make_scanned_pack(out: Path, pages: int, seed: int = 5) -> None:
    """``pages`` scanned pages cycled from the corpus, JPEG-compressed as scanners save them."""
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from benchmarks.bench_ocr import CORPUS, _pages_with_text, _scan

    rng = random.Random(seed)
    pool = []
    for source in sorted(CORPUS.glob("*.pdf")):
        for index in _pages_with_text(source, 3):
            pool.append((source, index))
    sheet = canvas.Canvas(str(out))
    for number in range(pages):
        source, index = pool[number % len(pool)]
        pdf = pdfium.PdfDocument(str(source))
        try:
            page = pdf[index]
            width, height = page.get_size()
            buffer = io.BytesIO()
            _scan(page, rng).save(buffer, "JPEG", quality=70)
            page.close()
        finally:
            pdf.close()
        sheet.setPageSize((width, height))
        sheet.drawImage(ImageReader(buffer), 0, 0, width, height)
        sheet.showPage()
    sheet.save()


def gui_worker(workspace: Path, doc_id: int, seconds: float) -> dict:
    from PySide6.QtCore import QTimer

    from benchmarks.bench_gui_stall import Heartbeat, _wait_until
    from desktop.ui.app import create_application
    from desktop.ui.main_window import MainWindow

    app = create_application()
    window = MainWindow()
    window.show()
    if not window.open_workspace_path(workspace) or not window.open_document(doc_id):
        raise RuntimeError(f"could not open {workspace}")
    _wait_until(app, lambda: window.windowHandle() is not None and window.windowHandle().isExposed(), 30)
    pages_read: list[str] = []
    window.statusBar().messageChanged.connect(lambda text: pages_read.append(text) if "page" in text else None)
    heartbeat = Heartbeat(app)
    waits: list[float] = []
    marks: dict[str, float] = {}

    def probe() -> None:
        submitted = time.perf_counter()

        def job(context):
            with context.workspace.write():
                context.workspace.conn.execute("SELECT count(*) FROM documents").fetchone()

        window.runner.submit("probe", job, window.workspace,
                             on_result=lambda _r: waits.append(time.perf_counter() - submitted))

    prober = QTimer(app)
    prober.timeout.connect(probe)

    def start() -> None:
        marks["start"] = time.perf_counter()
        window.ocr.start()
        if window.ocr.handle is None:
            raise RuntimeError("the OCR did not start")
        prober.start(PROBE_EVERY_MS)
        QTimer.singleShot(int(seconds * 1000), cancel)

    def cancel() -> None:
        prober.stop()
        marks["cancel"] = time.perf_counter()
        window.ocr.cancel()

        def stopped() -> None:
            if window.ocr.handle is None:
                marks["stopped"] = time.perf_counter()
                app.quit()
            else:
                QTimer.singleShot(10, stopped)

        stopped()

    QTimer.singleShot(1000, start)
    app.exec()
    gaps = heartbeat.gaps_ms(marks["start"] + 0.05, marks["cancel"])
    last = next((text for text in reversed(pages_read) if "Reading scanned page" in text), "")
    return {"max_ms": max(gaps), "p99_ms": percentile(gaps, 0.99), "ticks": len(gaps),
            "over_100ms": sum(g > GOAL_MS for g in gaps), "probes": len(waits),
            "probe_max_ms": max(waits or [0]) * 1000, "probe_median_ms": percentile(waits or [0], 0.5) * 1000,
            "cancel_s": marks["stopped"] - marks["cancel"], "last_progress": last}


def run(pages: int, seconds: float) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-ocr-stall-") as tmp:
        folder = Path(tmp)
        pack = folder / "scanned agenda pack.pdf"
        make_scanned_pack(pack, pages)
        os.environ["SCRUTINY_DESK_NO_OCR"] = "1"
        from desktop.services.importing import import_paths
        from desktop.storage.workspace import open_workspace

        workspace = folder / "ocr.sqlite"
        ws = open_workspace(workspace)
        try:
            (doc_id,) = import_paths(ws, [pack]).outcomes[0].document_ids
        finally:
            ws.close()
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SCRUTINY_DESK_SETTINGS_DIR": tmp,
               "XDG_DATA_HOME": str(folder / "data"), "SCRUTINY_DESK_NO_OCR": ""}
        result = run_python_child(["-m", "benchmarks.bench_ocr_stall", "--worker", "--workspace", str(workspace),
                                   "--doc", str(doc_id), "--seconds", str(seconds)], env=env)
        result["pack_mb"] = pack.stat().st_size / 1e6
        return result


def report(pages: int, seconds: float, r: dict) -> str:
    rows = [["longest GUI gap", f"{r['max_ms']:.0f} ms", f"< {GOAL_MS} ms", verdict(r["max_ms"] < GOAL_MS)],
            ["99th percentile gap", f"{r['p99_ms']:.0f} ms", "", ""],
            ["gaps over 100 ms", f"{r['over_100ms']} of {r['ticks']} ticks", "", ""],
            ["write-lane job wait (median / max)", f"{r['probe_median_ms']:.0f} / {r['probe_max_ms']:.0f} ms "
             f"({r['probes']} jobs)", f"< {GOAL_MS} ms", verdict(r["probe_max_ms"] < GOAL_MS)],
            ["Cancel to stopped", f"{r['cancel_s']:.1f} s", "", ""]]
    table = markdown_table(["measure", f"OCR of a {pages}-page scanned pack, first {seconds:.0f} s", "goal",
                            "result"], rows)
    return (f"{table}\n\nPack {r['pack_mb']:.0f} MB. Progress when cancelled: \u201c{r['last_progress']}\u201d; "
            f"those pages stay cached, so reading again resumes after them.\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=45.0)
    parser.add_argument("--print-only", action="store_true", help="do not write RESULTS.md")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--workspace", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--doc", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(gui_worker(args.workspace, args.doc, args.seconds)), flush=True)
        os._exit(0)  # Qt's teardown is not measured
    body = report(args.pages, args.seconds, run(args.pages, args.seconds))
    print(body)
    if not args.print_only:
        write_results_section("ocr_stall", "The window while OCR reads a scanned pack", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
