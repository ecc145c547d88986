"""Gives the Reader's page view the shown paper's original and keeps where its passages lie.

When a paper is shown, its original's bytes (held in the workspace, or at the
path it came from when that is still the same file) go to the render thread
with the passages' stored ranges; when there are none yet, the render thread
works them out and they are kept here on the write lane, so the next opening
has them at once and a re-extraction (a new signature) has them redone.
"""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QObject

from desktop.domain.errors import UserFacingError
from desktop.services import pages as pages_service
from desktop.ui.widgets import reader_evidence


class PageController(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.reader = window.reader
        self.pages = self.reader.pages
        self.reader.document_opening.connect(self.load)
        self.pages.ranges_computed.connect(self._keep)
        self.pages.ranges_wanted.connect(self._load_ranges)
        self.pages.describe_evidence = self._describe

    def _describe(self, position: int) -> str:
        found = reader_evidence.marks_at(self.window.evidence.marks(), position)
        return reader_evidence.describe_marks(found) if found else ""

    def load(self) -> None:
        ws, document = self.window.workspace, self.reader.document
        if ws is None or document is None:
            return
        try:
            source = pages_service.page_source(ws, document)
        except UserFacingError as error:
            self.pages.set_source(None, str(error))
            return
        except sqlite3.Error:
            self.pages.set_source(None, "The workspace could not be read, so the pages cannot be shown.")
            return
        self.pages.set_source(source, "")

    def _load_ranges(self, generation: int) -> None:
        ws = self.window.workspace
        if ws is None or generation != self.pages.generation:
            return
        try:
            ranges = pages_service.stored_ranges(ws, self.reader.outline_model.passages())
        except sqlite3.Error:
            ranges = None
        self.pages.set_ranges(ranges)

    def _keep(self, passages, ranges) -> None:
        ws = self.window.workspace
        if ws is None or ws.read_only or not passages:
            return

        def job(context) -> None:
            pages_service.save_ranges(context.workspace, passages, ranges)

        self.window.runner.submit("keep where passages lie on their pages", job, ws,
                                  on_error=self._not_kept)

    def _not_kept(self, _error) -> None:
        pass  # the ranges are worked out again next time: nothing the user needs to know
