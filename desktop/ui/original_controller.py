"""The window's side of the original files kept in the workspace.

File > Open original file (Ctrl+Shift+O) writes the paper's file to a private
temporary folder (0700, files 0600, removed when the app closes) under the name it
had, and opens it in the system's viewer; File > Save original as… writes it where
the user says. Both read on a runner of their own, so a large pack never stalls the
window or waits behind an import.

On opening a workspace made before originals were kept, the files still where they
came from are taken in on the write lane (the window's runner), a few per job, each
in a short transaction, so an import or an edit queued meanwhile waits little.
"""

from __future__ import annotations

import atexit
import contextlib
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog

from desktop.domain.errors import Cancelled, UserFacingError, plain_reason
from desktop.services import originals as service
from desktop.ui import briefing_controller
from desktop.ui.dialogs import messages
from desktop.ui.tasks import TaskRunner

STATUS_MS = 8000
NO_PAPER = "Open a paper in the Reader, or choose one in the Library, first."


def _copy_job(doc_id: int, folder: Path):
    def job(context):
        return service.private_copy(context.workspace, doc_id, folder)
    return job


def _save_job(doc_id: int, target: Path):
    def job(context):
        return service.save_original(context.workspace, doc_id, target, overwrite=True)
    return job


def _backfill_job(skip: set[str]):
    def job(context):
        return service.backfill_batch(context.workspace, skip, context.cancelled)
    return job


def choose_save_target(parent, suggested: str) -> Path | None:
    """Where to save the original (the dialog asks before replacing a file)."""
    name, _ = QFileDialog.getSaveFileName(parent, "Save the original file", suggested, "All files (*)")
    return Path(name) if name else None


class OriginalController(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.readers = TaskRunner(self)  # not window.runner: that one is the write lane
        self.open_action = QAction("Open &original file", window)
        self.open_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.open_action.setStatusTip("Open the paper's original file (PDF, Word…) in the system's viewer")
        self.open_action.triggered.connect(self.open_original)
        self.save_action = QAction("Save ori&ginal as…", window)
        self.save_action.setStatusTip("Save a copy of the paper's original file")
        self.save_action.triggered.connect(self.save_original)
        window.addAction(self.open_action)  # the shortcut works with the menu bar hidden
        self._insert_in_file_menu()
        self._folder: Path | None = None
        self._backfill = None
        self._backfill_path: Path | None = None
        self._skip: set[str] = set()
        self.found = service.BackfillResult()
        self.last_opened: Path | None = None

    def _insert_in_file_menu(self) -> None:
        """After the import actions, before the Export submenu."""
        tracker = self.window.actions_.import_tracker
        for menu in tracker.associatedObjects():
            if hasattr(menu, "insertAction") and menu is not self.window:
                actions = menu.actions()
                following = actions[actions.index(tracker) + 1] if tracker in actions[:-1] else None
                menu.insertSeparator(following)
                menu.insertActions(following, [self.open_action, self.save_action])

    # -- which paper --------------------------------------------------------------
    def _held_paper(self, title: str) -> int | None:
        """The paper meant, when its original is held; otherwise say why and None."""
        window = self.window
        doc_id = window.current_document_id() if window.workspace is not None else None
        if doc_id is None:
            messages.show_about(window, title, NO_PAPER)
            return None
        try:
            status = service.original_status(window.workspace, doc_id)
        except UserFacingError as error:
            messages.show_error(window, title, str(error))
            return None
        if not status.held:
            messages.show_about(window, title, f"{status.file_name}: {service.NOT_HELD}.")
            return None
        return doc_id

    def say_if_not_held(self, doc_id: int) -> None:
        """Opening a paper whose file is not held says so in the status bar."""
        ws = self.window.workspace
        try:
            note = service.not_held_message(ws, doc_id) if ws is not None else None
        except UserFacingError:
            return
        if note:
            self.window.statusBar().showMessage(f"This paper's {note}.", STATUS_MS)

    # -- opening ------------------------------------------------------------------
    def private_folder(self) -> Path:
        if self._folder is None or not self._folder.is_dir():
            self._folder = Path(tempfile.mkdtemp(prefix="scrutiny-desk-originals-"))  # 0700
            atexit.register(shutil.rmtree, self._folder, True)  # also when closing is skipped
        return self._folder

    def open_original(self) -> None:
        doc_id = self._held_paper("Open original file")
        if doc_id is None:
            return
        self.window.statusBar().showMessage("Opening the original file…", STATUS_MS)
        self.readers.submit("writing the original to open it", _copy_job(doc_id, self.private_folder()),
                            self.window.workspace, on_result=self._written, on_error=self._failed)

    def _written(self, path) -> None:
        self.last_opened = Path(path)
        if not briefing_controller.open_with_system_viewer(self.last_opened):
            messages.show_error(self.window, "Cannot open the original file",
                                f"No program on this computer opened “{self.last_opened.name}”. "
                                "Use File > Save original as… to keep a copy and open it from there.")
            return
        self.window.statusBar().showMessage(f"Opened {self.last_opened.name} in the system's viewer.",
                                            STATUS_MS)

    def _failed(self, error) -> None:
        messages.show_error(self.window, "Cannot write the original file", plain_reason(error))

    # -- saving -------------------------------------------------------------------
    def save_original(self) -> None:
        doc_id = self._held_paper("Save original as")
        if doc_id is None:
            return
        status = service.original_status(self.window.workspace, doc_id)
        target = choose_save_target(self.window, status.file_name)
        if target is None:
            return
        self.readers.submit("saving the original", _save_job(doc_id, target), self.window.workspace,
                            on_result=self._saved, on_error=self._failed)

    def _saved(self, path) -> None:
        self.window.statusBar().showMessage(f"Saved the original as {path}", STATUS_MS)

    # -- workspaces made before originals were kept ---------------------------------
    def workspace_opened(self, workspace) -> None:
        self.cancel_backfill()
        self._skip = set()
        self.found = service.BackfillResult()
        if workspace.read_only:
            return
        try:
            wanted = service.wanted_count(workspace)
        except Exception:  # a damaged or older read: nothing to look for now
            return
        if wanted:
            self._backfill_path = workspace.path
            self._next_batch()

    def _next_batch(self) -> None:
        ws = self.window.workspace
        if ws is None or ws.path != self._backfill_path:
            return
        self._backfill = self.window.runner.submit(
            "keeping the original files", _backfill_job(self._skip), ws,
            on_result=self._batch_done, on_error=self._batch_failed)

    def _batch_done(self, result) -> None:
        self.found.add(result)
        handle, self._backfill = self._backfill, None
        if handle is not None and handle.cancel_requested:
            return
        if result.remaining:  # each batch takes files off the list or into _skip: this ends
            self._next_batch()
            return
        if self.found.kept:
            self.window.statusBar().showMessage(
                f"Kept the original files of papers imported earlier: {self.found.describe()}.", STATUS_MS)

    def _batch_failed(self, error) -> None:
        # Busy in another window, or the disk is full: the next opening tries again.
        self._backfill = None
        if not isinstance(error, Cancelled | UserFacingError):
            messages.show_error(self.window, "Could not keep the original files", plain_reason(error))

    def cancel_backfill(self) -> None:
        if self._backfill is not None:
            self._backfill.cancel()
        self._backfill_path = None

    def close(self) -> None:
        """On closing the window: stop looking, wait for copies, remove the private folder."""
        self.cancel_backfill()
        self.readers.wait()
        if self._folder is not None:
            with contextlib.suppress(OSError):
                shutil.rmtree(self._folder)
            self._folder = None
