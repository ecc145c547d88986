"""Runs imports in the background, one after another, and shows their progress."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop.domain.errors import plain_reason
from desktop.storage.workspace import Workspace
from desktop.ui.tasks import TaskContext, TaskHandle, TaskRunner
from desktop.ui.widgets.import_status import ImportStatus


def _import_job(paths: list[Path]):
    def job(context: TaskContext):
        # Imported here, on the worker, so start-up never pays for the readers.
        from desktop.services.importing import import_paths

        def progress(p) -> None:
            context.report(p.files_done, p.files_total, p)

        return import_paths(context.workspace, paths, progress=progress,
                            cancel=context.cancelled)
    return job


class ImportController(QObject):
    """One import at a time; files asked for meanwhile wait their turn."""

    finished = Signal(object, object)  # ImportSummary, workspace path
    failed = Signal(str)

    def __init__(self, runner: TaskRunner, status: ImportStatus, parent=None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._status = status
        self._status.cancel_requested.connect(self.cancel)
        self.handle: TaskHandle | None = None
        self._workspace: Workspace | None = None
        self._pending: list[Path] = []

    @property
    def running(self) -> bool:
        return self.handle is not None

    def start(self, workspace: Workspace, paths: list[Path]) -> TaskHandle | None:
        """Import ``paths``; if an import is running they are queued after it."""
        paths = [Path(p) for p in paths]
        if not paths:
            return None
        if self.running:
            self._pending.extend(paths)
            return self.handle
        self._workspace = workspace
        count = len(paths)
        self._status.start(f"Preparing to import {count} item{'s' if count != 1 else ''}…")
        self.handle = self._runner.submit(
            "import", _import_job(paths), workspace, on_progress=self._on_progress,
            on_result=self._on_succeeded, on_error=self._on_failed)
        return self.handle

    def cancel(self) -> None:
        """Stop after the current step; what finished stays, the file in progress does not."""
        self._pending.clear()
        if self.handle is not None:
            self.handle.cancel()

    def cancel_and_wait(self) -> None:
        self.cancel()
        self._runner.wait()

    def _on_progress(self, done: int, total: int, detail) -> None:
        if detail is None:
            return
        self._status.show_progress(detail.files_done, detail.files_total, detail.pages_done,
                                   detail.pages_total, detail.current)

    def _ended(self) -> Path | None:
        self.handle = None
        self._status.finish()
        path = self._workspace.path if self._workspace else None
        return path

    def _start_pending(self) -> None:
        if self._pending and self._workspace is not None:
            paths, self._pending = self._pending, []
            self.start(self._workspace, paths)

    def _on_succeeded(self, summary) -> None:
        path = self._ended()
        self._start_pending()  # first, so listeners see whether another import runs
        self.finished.emit(summary, path)

    def _on_failed(self, error) -> None:
        self._ended()
        self._pending.clear()
        message = plain_reason(error)
        self.failed.emit(f"The import stopped: {message}")
