"""Undoable edits. Only metadata corrections are undoable for now."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from desktop.domain.documents import Document
from desktop.domain.errors import UserFacingError
from desktop.services.documents import edit_document
from desktop.storage.workspace import Workspace

Changed = Callable[[Document], None]
Failed = Callable[[str], None]


class EditDocumentCommand(QUndoCommand):
    """A metadata edit already applied once; undo puts the old values back.

    ``before`` and ``after`` hold only the fields that changed.
    """

    def __init__(self, ws: Workspace, doc_id: int, before: dict[str, object],
                 after: dict[str, object], title: str, on_changed: Changed,
                 on_failed: Failed) -> None:
        super().__init__(f"edit “{title}”")
        self._ws, self._doc_id = ws, doc_id
        self._before, self._after = before, after
        self._on_changed, self._on_failed = on_changed, on_failed
        self._applied = True  # pushed after the edit was stored, so skip the first redo

    def _store(self, values: dict[str, object]) -> None:
        try:
            document = edit_document(self._ws, self._doc_id, values)
        except UserFacingError as error:  # e.g. the document was deleted since
            self.setObsolete(True)
            self._on_failed(str(error))
            return
        self._on_changed(document)

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self._store(self._after)

    def undo(self) -> None:
        self._store(self._before)
