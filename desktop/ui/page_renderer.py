"""The page view's render thread: the one thread that touches pdfium for the window.

pdfium is not thread-safe, so one Python thread owns the open ``PdfPages`` and
does every pdfium call: opening, drawing, reading the character boxes, and the
sweep over a paper's pages that places its passages. The GUI thread only asks
(``open_file``, ``want_pages``, ``want_boxes``) and gets answers as queued
signals. Requests for pages scrolled away are replaced by newer ones, so a
fast scroll never queues a backlog; every answer carries the generation of the
file it belongs to, and answers about a file no longer shown are dropped.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from desktop.domain.errors import UserFacingError
from desktop.pages.labels import printed_page_numbers
from desktop.pages.render import Bookmark, PageText, PdfPages

_MAX_PENDING_BOXES = 64
ScaleFor = Callable[[tuple[tuple[float, float], ...]], float]  # page sizes -> scale (pure Python)


@dataclass(frozen=True, slots=True)
class OpenedFile:
    page_count: int
    sheets: range  # the paper's own sheets of the file
    sizes: tuple[tuple[float, float], ...]  # display points, one per sheet of ``sheets``
    outline: tuple[Bookmark, ...]


@dataclass(frozen=True, slots=True)
class _OpenRequest:
    generation: int
    data: bytes
    first_sheet: int
    sheet_count: int | None
    sweep: bool  # read every sheet's text afterwards (to place the passages)
    first_scale: ScaleFor | None = None  # the first page is drawn at once, at this scale
    scanned: dict[int, PageText] | None = None  # sheet -> its text and boxes from OCR (no text layer)


class PageRenderer(QObject):
    """Owns the render thread; create on the GUI thread, ``shutdown`` before it goes."""

    opened = Signal(int, object)  # generation, OpenedFile
    failed = Signal(int, str)  # generation, a message for the user
    rendered = Signal(int, object)  # generation, RenderedPage
    boxes_read = Signal(int, object)  # generation, PageText
    texts_read = Signal(int, object)  # generation, ([(sheet, text)], {sheet: printed number}): the sweep
    aligned = Signal(int, object)  # generation, what ``align`` made of the sweep's texts

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Condition()
        self._generation = 0
        self._open: _OpenRequest | None = None
        self._renders: list[tuple[int, float]] = []  # (sheet, scale), most wanted first
        self._boxes: OrderedDict[int, None] = OrderedDict()
        self._stop = False
        self._sweep_go = -1  # the generation whose sweep may run (after its first page is shown)
        self._thread: threading.Thread | None = None

    # -- asking (GUI thread) ------------------------------------------------------
    def open_file(self, data: bytes, first_sheet: int = 0, sheet_count: int | None = None, *,
                  sweep: bool = False, first_scale: ScaleFor | None = None,
                  scanned: dict[int, PageText] | None = None) -> int:
        """Open ``data`` instead of the file shown; returns the new generation. With ``sweep``,
        every sheet's text is read once ``start_sweep`` says so, between drawing pages. With ``first_scale`` (page
        sizes -> scale; pure Python), the first page is drawn at once, before it is asked for."""
        with self._lock:
            self._generation += 1
            self._open = _OpenRequest(self._generation, data, first_sheet, sheet_count, sweep, first_scale,
                                      scanned)
            self._renders = []
            self._boxes.clear()
            self._start()
            self._lock.notify()
            return self._generation

    def close_file(self) -> None:
        """Forget the file shown (its answers still on the way are dropped)."""
        with self._lock:
            self._generation += 1
            self._open = _OpenRequest(self._generation, b"", 0, 0, False) if self._thread else None
            self._renders = []
            self._boxes.clear()
            self._lock.notify()

    @property
    def generation(self) -> int:
        return self._generation

    def want_pages(self, wanted: list[tuple[int, float]]) -> None:
        """Draw these (sheet, scale) next, in this order, instead of anything asked before."""
        with self._lock:
            self._renders = list(wanted)
            self._lock.notify()

    def want_boxes(self, sheets: list[int]) -> None:
        with self._lock:
            for sheet in sheets:
                self._boxes[sheet] = None
                self._boxes.move_to_end(sheet, last=False)
            while len(self._boxes) > _MAX_PENDING_BOXES:
                self._boxes.popitem()
            self._lock.notify()

    def start_sweep(self, generation: int) -> None:
        """Let the sweep of file ``generation`` begin: it waits for this, so that reading a
        pack's every page does not slow the drawing of its first."""
        with self._lock:
            self._sweep_go = generation
            self._lock.notify()

    def shutdown(self, timeout: float = 5.0) -> None:
        with self._lock:
            self._stop = True
            self._lock.notify()
        if self._thread is not None:
            self._thread.join(timeout)

    def _start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="page-render", daemon=True)
            self._thread.start()

    # -- the thread ---------------------------------------------------------------
    def _run(self) -> None:
        pdf: PdfPages | None = None
        scanned: dict[int, PageText] = {}  # the open file's scanned sheets: their words come from OCR
        generation = 0
        sweep: list[int] = []
        swept: list[tuple[int, str]] = []
        while True:
            with self._lock:
                while not (self._stop or self._open or self._renders or self._boxes
                           or (pdf and sweep and self._sweep_go == generation)):
                    self._lock.wait()
                if self._stop:
                    break
                request, self._open = self._open, None
                render = self._renders.pop(0) if (request is None and self._renders) else None
                boxes = self._boxes.popitem(last=False)[0] if (request is None and render is None
                                                               and self._boxes) else None
            try:
                if request is not None:
                    if pdf is not None:
                        pdf.close()
                        pdf = None
                    generation, sweep, swept = request.generation, [], []
                    scanned = request.scanned or {}
                    if not request.data:
                        continue
                    pdf = PdfPages(request.data)
                    sheets = range(min(request.first_sheet, pdf.page_count),
                                   pdf.page_count if request.sheet_count is None
                                   else min(pdf.page_count, request.first_sheet + request.sheet_count))
                    sizes = tuple(pdf.page_size(s) for s in sheets)
                    opened = OpenedFile(pdf.page_count, sheets, sizes, tuple(pdf.outline()))
                    if request.sweep:
                        sweep = list(sheets)
                    self.opened.emit(generation, opened)
                    if request.first_scale is not None and sheets:
                        # the window may be busy laying out the text: no need to wait to be asked
                        self.rendered.emit(generation, pdf.render(sheets.start, request.first_scale(sizes)))
                elif pdf is None:
                    continue
                elif render is not None:
                    self.rendered.emit(generation, pdf.render(*render))
                elif boxes is not None:
                    if 0 <= boxes < pdf.page_count:
                        self.boxes_read.emit(generation, scanned.get(boxes) or pdf.page_text(boxes))
                elif sweep and self._sweep_go == generation:
                    sheet = sweep.pop(0)
                    swept.append((sheet, scanned[sheet].text if sheet in scanned else pdf.plain_text(sheet)))
                    if not sweep:
                        self.texts_read.emit(generation, (swept, printed_page_numbers(swept)))
                        swept = []
            except UserFacingError as error:
                pdf = None
                sweep = []
                self.failed.emit(generation, str(error))
            except Exception:  # noqa: BLE001 - a page pdfium cannot draw must not end the thread
                if request is not None:
                    pdf = None
                    self.failed.emit(generation, "The original's pages could not be read: the file may "
                                                 "be damaged. The text view still works.")
        if pdf is not None:
            pdf.close()

    def align_in_background(self, generation: int, align: Callable[[list[tuple[int, str]]], object],
                            texts: list[tuple[int, str]]) -> None:
        """Run ``align`` (pure Python, no pdfium) on its own thread, so drawing goes on meanwhile;
        its result comes as ``aligned``."""
        threading.Thread(target=self._align, args=(generation, align, texts), name="page-align",
                         daemon=True).start()

    def _align(self, generation: int, align: Callable[[list[tuple[int, str]]], object],
               texts: list[tuple[int, str]]) -> None:
        try:
            result = align(texts)
        except Exception:  # noqa: BLE001 - no ranges: the marks are simply not drawn
            return
        if generation == self._generation:
            self.aligned.emit(generation, result)
