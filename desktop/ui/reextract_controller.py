"""Edit > Read papers again for recommendations: the window's `recommendations extract`.

Runs on the window's TaskRunner (its own connection, a backup first), then says what
changed: recommendations are updated in place, so the user's work on them stays.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot

from desktop.domain.errors import UserFacingError
from desktop.services.findings import extract_again
from desktop.ui.dialogs import messages


def _job(context):
    return extract_again(context.workspace)


class ReExtractController(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.handle = None

    def start(self) -> None:
        window = self.window
        if window.workspace is None or window.workspace.read_only or self.handle is not None:
            return
        window.statusBar().showMessage("Reading the papers again for recommendations…")
        self.handle = window.runner.submit("re-reading papers", _job, window.workspace,
                                           on_result=self._done, on_error=self._failed)

    @Slot(object)
    def _done(self, report) -> None:
        self.handle = None
        self.window.reload_documents()
        text = (f"Recommendations: {report.describe()}. Quotes, notes, links and statuses stay "
                "with them.")
        self.window.statusBar().showMessage(text, 15000)
        messages.show_about(self.window, "Papers read again", text)

    @Slot(object)
    def _failed(self, error) -> None:
        self.handle = None
        self.window.statusBar().clearMessage()
        text = str(error) if isinstance(error, UserFacingError) else (
            f"Something went wrong while reading the papers again: {error or type(error).__name__}. "
            "Nothing was changed.")
        messages.show_error(self.window, "Cannot read the papers again", text)
