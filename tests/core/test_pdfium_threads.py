"""pdfium is not thread-safe: the window reads PDFs on several threads (an import, the
page view, the briefing preview), so every pdfium call holds one lock.

The stress run happens in a child process: without the lock it can crash the
interpreter (heap corruption), which would take pytest down with it.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

ROOT = Path(__file__).resolve().parents[2]


def _pdf(path: Path, pages: int) -> Path:
    sheet = canvas.Canvas(str(path), pagesize=A4)
    for number in range(pages):
        y = 800
        for line in range(40):
            sheet.drawString(60, y, f"Page {number + 1}, line {line}: children's services improvement.")
            y -= 18
        sheet.showPage()
    sheet.save()
    return path


def test_reading_and_drawing_on_two_threads_at_once_is_safe(tmp_path):
    one, two = _pdf(tmp_path / "one.pdf", 12), _pdf(tmp_path / "two.pdf", 12)
    child = textwrap.dedent(f"""
        import sys, threading, time
        sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from desktop.ingest.pdf_reader import read_pdf
        from desktop.pages.render import PdfPages

        stop = time.monotonic() + 3.0
        failures = []

        def draw():
            pages = PdfPages(Path({str(two)!r}).read_bytes())
            try:
                while time.monotonic() < stop:
                    for index in range(pages.page_count):
                        pages.render(index, 0.5)
                        pages.page_text(index)
            except Exception as error:
                failures.append(repr(error))
            finally:
                pages.close()

        def read():
            try:
                while time.monotonic() < stop:
                    assert "line 20: children" in read_pdf(Path({str(one)!r})).text
            except Exception as error:
                failures.append(repr(error))

        threads = [threading.Thread(target=draw), threading.Thread(target=read)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        print("failures:", failures)
        sys.exit(1 if failures else 0)
    """)
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, timeout=120,
                          env={"SCRUTINY_DESK_NO_OCR": "1", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]


def test_the_lock_is_held_during_each_pdfium_call(tmp_path, monkeypatch):
    """A thread already inside pdfium makes the others wait (checked at the read's calls)."""
    from desktop.ingest import pdf_reader
    from desktop.ingest.pdfium_lock import PDFIUM

    seen: list[bool] = []
    real = pdf_reader._mark_paragraph_gaps

    def watching(textpage, text):
        seen.append(PDFIUM._is_owned())  # RLock: True when this thread holds it
        return real(textpage, text)

    monkeypatch.setattr(pdf_reader, "_mark_paragraph_gaps", watching)
    pdf_reader.read_pdf(_pdf(tmp_path / "a.pdf", 3))
    assert seen == [True, True, True]
    held = threading.Event()
    release = threading.Event()

    def hold():
        with PDFIUM:
            held.set()
            release.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(5)
    assert not PDFIUM.acquire(timeout=0.1)  # another thread's pdfium work waits
    release.set()
    holder.join()
