"""The Briefing tab's background work: exports, and previews rendered to images.

Each ``_*_job`` returns a job for the window's TaskRunner; it runs on the worker
thread with its own connection and reports progress. ``render_pages`` draws the
first pages of a PDF as QImages (safe off the GUI thread); a preview exports to a
temporary folder, renders, and deletes the folder.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtGui import QImage

from desktop.domain.errors import Cancelled
from desktop.ingest.pdfium_lock import serialised
from desktop.ui.tasks import TaskContext

PREVIEW_PAGES = 3
PREVIEW_WIDTH = 620  # logical pixels per preview page: readable, and two fit a laptop screen


@serialised  # pdfium: one thread at a time in the whole process (desktop/ingest/pdfium_lock.py)
def render_pages(pdf_path: Path, *, pages: int = PREVIEW_PAGES, width: int = PREVIEW_WIDTH,
                 pixel_ratio: float = 1.0,
                 cancel: Callable[[], bool] = lambda: False) -> tuple[list[QImage], int]:
    """The first ``pages`` pages of a PDF as images ``width`` logical pixels wide, and the page count.

    pypdfium2 renders into its own buffer in RGBX byte order, which QImage reads
    directly (no PIL); the image is copied so it outlives that buffer. Safe off
    the GUI thread: QImage, unlike QPixmap, is not tied to it.
    """
    import pypdfium2

    images = []
    document = pypdfium2.PdfDocument(str(pdf_path))
    try:
        total = len(document)
        for index in range(min(pages, total)):
            if cancel():
                raise Cancelled()
            page = document[index]
            try:
                scale = width * pixel_ratio / page.get_width()
                bitmap = page.render(scale=scale, rev_byteorder=True, prefer_bgrx=True)
                try:
                    image = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height,
                                   bitmap.stride, QImage.Format.Format_RGBX8888).copy()
                finally:
                    bitmap.close()
            finally:
                page.close()
            image.setDevicePixelRatio(pixel_ratio)
            images.append(image)
    finally:
        document.close()
    return images, total


# -- jobs (worker thread: they use only their own connection) ------------------------
PROGRESS_STEPS = 1000  # the export reports a fraction; the status bar counts in steps


def _progress(context: TaskContext):
    """The export's ``progress(fraction, words)`` as the task's ``report(done, total, detail)``."""
    def report(fraction: float, words: str = "") -> None:
        done = round(max(0.0, min(1.0, float(fraction))) * PROGRESS_STEPS)
        context.report(done, PROGRESS_STEPS, words or None)
    return report


def _briefing_job(path: Path, options):
    def job(context: TaskContext):
        from desktop.services.exporting import export_briefing

        return export_briefing(context.workspace, path, options, progress=_progress(context),
                               cancel=context.cancelled, overwrite=True)
    return job


def _note_job(path: Path, since: date, authority: str | None, details: dict[str, str],
              as_at: date | None = None):
    def job(context: TaskContext):
        from desktop.services.exporting import export_note

        return export_note(context.workspace, path, since=since, authority=authority,
                           overwrite=True, progress=_progress(context), cancel=context.cancelled,
                           as_at=as_at, **details)
    return job


def _table_job(which: str, path: Path, authority: str | None):
    def job(context: TaskContext):
        from desktop.services.exporting import export_table

        if context.cancelled():  # cancelled while waiting its turn; the table itself is quick
            raise Cancelled()
        return export_table(context.workspace, which, path, overwrite=True, authority=authority)
    return job


def _preview_job(options, pixel_ratio: float):
    def job(context: TaskContext):
        from desktop.services.exporting import export_briefing

        folder = Path(tempfile.mkdtemp(prefix="scrutiny-desk-preview-"))
        try:
            pdf = export_briefing(context.workspace, folder / "preview.pdf", options,
                                  progress=_progress(context), cancel=context.cancelled)
            context.report(PROGRESS_STEPS, PROGRESS_STEPS, "Drawing the preview…")
            return render_pages(Path(pdf), pixel_ratio=pixel_ratio, cancel=context.cancelled)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    return job
