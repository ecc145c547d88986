"""Edit > Read scanned paper with OCR: the window's `ocr DOC_ID`, in the background.

The OCR runs on a runner of its own (its own thread and read connection), so a
long scanned pack never holds the write lane: imports, edits and quotes go on
meanwhile. Only the final write, quick, goes through the window's runner.
Progress shows per page in the status bar; Cancel keeps the pages already read
(cached), so starting again goes on from there.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot

from desktop.domain.errors import Cancelled, UserFacingError
from desktop.services import ocr_reading
from desktop.ui.dialogs import messages
from desktop.ui.tasks import TaskRunner


def _read_job(doc_id: int):
    def job(context):
        return ocr_reading.ocr_pending_paper(context.workspace, doc_id, cancel=context.cancelled,
                                             on_page=context.report)
    return job


def _store_job(doc_id: int, prepared):
    def job(context):
        return ocr_reading.store_ocr_reading(context.workspace, doc_id, prepared)
    return job


class OcrController(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.readers = TaskRunner(self)  # not window.runner: that one is the write lane
        self.handle = None
        self.doc_id: int | None = None

    def start(self) -> None:
        window = self.window
        if window.workspace is None or window.workspace.read_only or self.handle is not None:
            return
        doc_id = window.current_document_id()
        if doc_id is None or doc_id not in ocr_reading.papers_needing_ocr(window.workspace):
            messages.show_about(window, "Read scanned paper with OCR",
                                "Choose a paper imported as \u201cneeds OCR\u201d in the Library first.")
            return
        self.doc_id = doc_id
        window.statusBar().showMessage("Reading the scanned paper with OCR\u2026")
        self.handle = self.readers.submit("reading a scanned paper", _read_job(doc_id),
                                          window.workspace, on_progress=self._progress,
                                          on_result=self._read, on_error=self._failed)

    def cancel(self) -> None:
        if self.handle is not None:
            self.handle.cancel()

    def cancel_and_wait(self) -> None:
        """On closing the window: stop at the page being read (kept in the cache)."""
        self.readers.cancel_all()
        self.readers.wait()

    @Slot(int, int, object)
    def _progress(self, done: int, total: int, _detail) -> None:
        self.window.statusBar().showMessage(
            f"Reading scanned page {done} of {total} with OCR\u2026 (Edit > Cancel OCR stops; "
            "pages read are kept)")

    @Slot(object)
    def _read(self, prepared) -> None:
        self.handle = self.window.runner.submit(
            "saving a paper read by OCR", _store_job(self.doc_id, prepared), self.window.workspace,
            on_result=self._done, on_error=self._failed)

    @Slot(object)
    def _done(self, ids) -> None:
        self.handle = None
        self.window.reload_documents()
        self.window.statusBar().showMessage("The scanned paper was read by OCR; its text, "
                                            "recommendations and search are ready.", 15000)

    @Slot(object)
    def _failed(self, error) -> None:
        self.handle = None
        if isinstance(error, Cancelled):
            self.window.statusBar().showMessage(
                "OCR stopped. The pages read so far are kept; start it again to go on.", 15000)
            return
        self.window.statusBar().clearMessage()
        text = str(error) if isinstance(error, UserFacingError) else (
            f"Something went wrong while reading the scanned paper: {error or type(error).__name__}. "
            "Nothing was changed.")
        messages.show_error(self.window, "Cannot read the scanned paper", text)
