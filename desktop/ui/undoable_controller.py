"""What the controllers that store changes undoably share.

The Recommendations, Evidence and Actions controllers each work on the window's
workspace, push their changes on its undo stack, and react the same way when an
undo or redo cannot be stored: read everything again and say why. Deleting or
changing several records one by one stops at the first failure, says why, and
keeps (for undo) what was done before it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from desktop.domain.errors import UserFacingError
from desktop.ui.dialogs import messages

STATUS_MESSAGE_MS = 8000


class UndoableController(QObject):
    """Subclasses provide ``reload()``."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window

    @property
    def ws(self):
        return self.window.workspace

    def writable(self) -> bool:
        return self.ws is not None and not self.ws.read_only

    def reload(self, *args) -> None:
        raise NotImplementedError

    def _changed(self, select: list[int]) -> None:
        """After an undo or redo: show the records it touched."""
        self.reload(select)

    def _failed(self, message: str) -> None:
        self.reload()
        self.window.statusBar().showMessage(message, STATUS_MESSAGE_MS)
        messages.show_error(self.window, "Cannot undo or redo the change", message)

    def _push(self, command) -> None:
        self.window.undo_stack.push(command)

    def _read_or_say(self, title: str, read):
        """``read()``; None after saying why (``title``) when the record cannot be read."""
        try:
            return read()
        except UserFacingError as error:
            messages.show_error(self.window, title, str(error))
            return None


def each_until_failure(window, title: str, items, change,
                       errors: tuple[type[Exception], ...] = (UserFacingError,)) -> list:
    """``change(item)`` for each item; at the first failure, say why (``title``) and stop.
    Returns what the changes returned before it, so that they can still be undone."""
    done = []
    try:
        for item in items:
            done.append(change(item))
    except errors as error:
        messages.show_error(window, title, str(error))
    return done


def confirm_and_delete(window, ids: list[int], noun: str, with_what: str, delete_one) -> list | None:
    """Ask before deleting ``ids`` (``noun`` records ``with_what`` they hold), then
    ``delete_one(id)`` each; None when the user said no, else the snapshots deleted."""
    count = len(ids)
    what = f"this {noun}" if count == 1 else f"these {count} {noun}s"
    if not messages.confirm(window, f"Delete {noun}s",
                            f"Delete {what}, with {with_what}? Edit > Undo brings them back.",
                            "&Delete"):
        return None
    return each_until_failure(window, "Cannot delete", ids, delete_one)
