"""The Reader's page view on a 300-page agenda pack: first page, and scrolling.

    python -m benchmarks.bench_page_view [--pages 300] [--runs 5]

A pack PDF of about 300 pages is set from the sample pack's text (reportlab),
imported into a fresh workspace (its original kept), and opened in the real
main window (Qt offscreen, 1200x760). Measured in the same process:

* bare: pypdfium2 opening the bytes and drawing the first page at the scale the
  view uses (fit width), on this thread: the floor;
* first page: from ``open_document`` to the first page painted (workspace
  read, render thread, queued signal included); goals: within 1.5x of bare,
  and under 150 ms. The page is drawn on the render thread while the GUI
  thread still lays out the text view, so the part after ``open_document``
  returns is the page view's own cost;
* scrolling: the view moved down through 100 pages, a screen at a time every
  20 ms, with a 10 ms heartbeat on the GUI thread; goal: no gap over 50 ms;
  memory: the page cache's bytes at most (its bound is CACHE_BYTES).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.common import markdown_table, verdict, write_results_section  # noqa: E402

HEARTBEAT_MS = 10
FIRST_PAGE_GOAL_MS = 150
RATIO_GOAL = 1.5
STALL_GOAL_MS = 50


def make_pack(target: Path, pages: int) -> Path:
    from reportlab.pdfgen import canvas

    sample = sorted((Path(__file__).resolve().parents[1] / "resources" / "sample_papers").glob("002*"))[0]
    lines = sample.read_text(encoding="utf-8").splitlines()
    c = canvas.Canvas(str(target), pagesize=(595, 842))
    for page in range(pages):
        c.setFont("Helvetica", 7)
        y = 800.0
        for k in range(60):
            c.drawString(30, y, lines[(page * 60 + k) % len(lines)][:170])
            y -= 12.5
        c.drawCentredString(297, 30, str(page + 1))
        c.showPage()
    c.save()
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args(argv)

    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.pages.render import PdfPages
    from desktop.services.importing import import_file
    from desktop.storage.workspace import open_workspace
    from desktop.ui.app import create_application
    from desktop.ui.widgets.page_view import CACHE_BYTES

    folder = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    os.environ["SCRUTINY_DESK_SETTINGS_DIR"] = str(folder / "settings")
    pack = make_pack(folder / "pack.pdf", args.pages)
    with open_workspace(folder / "w.sqlite") as ws:
        pack_id = import_file(ws, pack).document_ids[0]
    data = pack.read_bytes()

    app = create_application()
    from desktop.ui.main_window import MainWindow

    window = MainWindow()
    window.resize(1200, 760)
    window.show()
    assert window.open_workspace_path(folder / "w.sqlite")

    def pump(until, timeout: float = 20.0) -> None:
        end = time.perf_counter() + timeout
        while not until() and time.perf_counter() < end:
            app.processEvents()
            time.sleep(0.0005)

    view = window.reader.pages.view
    firsts, opens = [], []
    for _ in range(args.runs + 1):  # the first run warms caches and imports
        window.reader.clear()
        app.processEvents()
        started = time.perf_counter()
        window.open_document(pack_id)
        opens.append(time.perf_counter() - started)
        pump(lambda: view.cache.get(view.sheets.start if view.file else 0) is not None)
        app.processEvents()  # painted
        firsts.append(time.perf_counter() - started)
    firsts, opens = firsts[1:], opens[1:]
    scale = view.zoom * view.devicePixelRatioF()

    pump(lambda: window.reader.pages.ready(), 60)  # the render thread is idle: pdfium is one thread's
    bare = []
    for _ in range(args.runs):
        started = time.perf_counter()
        pdf = PdfPages(data)
        pdf.render(0, scale)
        bare.append(time.perf_counter() - started)
        pdf.close()

    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    heartbeat = QTimer(app)
    heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
    heartbeat.timeout.connect(tick)
    heartbeat.start(HEARTBEAT_MS)
    idle_end = time.perf_counter() + 2.0  # the machine's own jitter, nothing drawn
    while time.perf_counter() < idle_end:
        app.processEvents()
        time.sleep(0.001)
    idle, gaps[:] = list(gaps), []
    bar = view.verticalScrollBar()
    target_top = view._tops[min(100, len(view._tops) - 1)]
    most_bytes = 0
    started = time.perf_counter()
    while bar.value() < target_top and time.perf_counter() - started < 60:
        bar.setValue(bar.value() + view.viewport().height())
        step_end = time.perf_counter() + 0.02
        while time.perf_counter() < step_end:
            app.processEvents()
            time.sleep(0.001)
        most_bytes = max(most_bytes, view.cache.bytes)
    scrolled = time.perf_counter() - started
    heartbeat.stop()
    window.reader.pages.renderer.shutdown()
    window.close()
    QApplication.processEvents()

    first_ms, bare_ms = statistics.median(firsts) * 1000, statistics.median(bare) * 1000
    open_ms = statistics.median(opens) * 1000
    after_ms = statistics.median(f - o for f, o in zip(firsts, opens, strict=True)) * 1000
    idle_worst = max(idle) * 1000 if idle else 0.0
    ratio = first_ms / bare_ms
    worst = max(gaps) * 1000 if gaps else 0.0
    rows = [
        ["first page shown (median)", f"{first_ms:.1f} ms",
         f"{verdict(first_ms < FIRST_PAGE_GOAL_MS)} under {FIRST_PAGE_GOAL_MS} ms"],
        ["of which open_document on the GUI thread (passages, text view, marks)", f"{open_ms:.1f} ms", ""],
        ["of which after open_document returned (page view's own)", f"{after_ms:.1f} ms",
         f"{verdict(after_ms < FIRST_PAGE_GOAL_MS)} under {FIRST_PAGE_GOAL_MS} ms"],
        ["bare pypdfium2: open + draw page 1 (median)", f"{bare_ms:.1f} ms", "baseline"],
        ["ratio", f"{ratio:.2f}x", f"{verdict(ratio <= RATIO_GOAL)} within {RATIO_GOAL}x"],
        ["idle heartbeat: longest gap (machine jitter)", f"{idle_worst:.1f} ms", "baseline"],
        ["scroll 100 pages: longest GUI gap", f"{worst:.1f} ms",
         f"{verdict(worst < STALL_GOAL_MS)} under {STALL_GOAL_MS} ms ({len(gaps)} ticks, {scrolled:.1f} s)"],
        ["page cache at most", f"{most_bytes / 2**20:.0f} MiB", f"bound {CACHE_BYTES / 2**20:.0f} MiB"],
    ]
    body = (f"{args.pages}-page pack PDF ({len(data) / 2**20:.1f} MiB), window 1200x760, drawn at "
            f"{scale:.2f} px/pt; {args.runs} runs.\n\n" + markdown_table(["measure", "value", "goal"], rows))
    print(body)
    if not args.no_write:
        write_results_section("page_view", "Page view: first page and scrolling", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
