"""The base of the window's undoable commands: pushed after the change was stored.

The change is made (and may be refused) before the command reaches the undo
stack, so the stack's first redo must do nothing. Undo and later redos run
the command's ``_backward`` and ``_forward``; one that fails (the workspace is
busy with an import, read-only, or the row was deleted since) says why and
drops itself, rather than leaving the stack out of step with the file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from desktop.domain.errors import UserFacingError

Changed = Callable[[list[int]], None]  # ids to select afterwards
Failed = Callable[[str], None]


class StoredOnceCommand(QUndoCommand):
    def __init__(self, text: str, on_changed: Changed, on_failed: Failed) -> None:
        super().__init__(text)
        self._on_changed, self._on_failed = on_changed, on_failed
        self._skip_redo = True

    def _run(self, change: Callable[[], list[int]]) -> None:
        try:
            selected = change()
        except (UserFacingError, sqlite3.Error) as error:
            self.setObsolete(True)
            self._on_failed(str(error))
            return
        self._on_changed(selected)

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self._run(self._forward)

    def undo(self) -> None:
        self._run(self._backward)

    def _forward(self) -> list[int]:
        raise NotImplementedError

    def _backward(self) -> list[int]:
        raise NotImplementedError
