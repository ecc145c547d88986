"""The tracker import dialog's background work.

The jobs (read the file, plan the import, apply it) that run on the window's
TaskRunner with their own connection, and ``TrackerImportJobs``: how the dialog
starts one, follows its progress, and shows where it went wrong.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import Qt

from desktop.ui.dialogs.tracker_import_pages import (
    PAGE_COLUMNS,
    PAGE_FILE,
    PAGE_REVIEW,
    PAGE_SUMMARY,
    _plural,
)
from desktop.ui.tasks import TaskContext


def _read_job(path: Path, sheet: str | None):
    def job(context: TaskContext):
        from desktop.trackers.read import list_sheets, read_table

        sheets = list_sheets(path)
        chosen = sheet if sheet in sheets else None
        table = read_table(path, chosen, cancel=context.cancelled)
        hint = None
        if context.workspace is not None:  # which inspection to offer (a quick look)
            from desktop.domain.errors import UserFacingError
            from desktop.services.tracker_linking import linking_hint

            try:
                hint = linking_hint(context.workspace, path, table)
            except UserFacingError:
                hint = None
        return sheets, table, hint
    return job


def _plan_job(path: Path, sheet: str | None, mapping: dict[str, int], against: int | None, *,
              plan_id: int | None = None, new_plan: bool = False, as_at=None):
    def job(context: TaskContext):
        from desktop.services.tracker_import import plan_tracker_import

        return plan_tracker_import(context.workspace, path, sheet=sheet, mapping=mapping,
                                   against_document_id=against, plan_id=plan_id, new_plan=new_plan,
                                   as_at=as_at)
    return job


def _apply_job(plan, confirmed: frozenset):
    def job(context: TaskContext):
        from desktop.services.tracker_import import apply_tracker_import

        def progress(done, total=0, *_rest) -> None:
            context.report(int(done), int(total or 0), None)

        return apply_tracker_import(context.workspace, plan, confirmed=confirmed,
                                    progress=progress, cancel=context.cancelled)
    return job


def _undo_job(import_id: int):
    def job(context: TaskContext):
        from desktop.services.tracker_undo import undo_tracker_import

        return undo_tracker_import(context.workspace, import_id)
    return job


class TrackerImportJobs:
    """Starting, following and ending the dialog's background jobs."""

    def _start(self, job: str, message: str, work, workspace, on_result) -> None:
        self.problem.setVisible(False)
        self._job = job
        self.run_label.setText(message)
        self.progress.setRange(0, 0)
        self.setCursor(Qt.CursorShape.BusyCursor)
        self.handle = self._runner.submit(f"tracker {job}", work, workspace,
                                          on_progress=self._on_progress, on_result=on_result,
                                          on_error=self._on_error)
        self.step_label.setText(message if job != "apply" else self.step_label.text())
        self._update_buttons()

    def _drop_handle(self) -> None:
        handle = self.handle
        if handle is not None:
            for signal in (handle.signals.progress, handle.signals.succeeded, handle.signals.failed):
                with contextlib.suppress(RuntimeError, TypeError):
                    signal.disconnect()
        self._finished_job()

    def _finished_job(self) -> None:
        self.handle = None
        self._job = ""
        self.unsetCursor()

    def _on_progress(self, done: int, total: int, _detail) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
            self.run_label.setText(f"Importing… {done} of {_plural(total, 'row')}")

    def _on_error(self, error) -> None:
        from desktop.domain.errors import Cancelled, UserFacingError

        job = self._job
        self._finished_job()
        if isinstance(error, Cancelled):
            if job == "apply":
                super().reject()  # the user asked to stop; nothing was changed
            return
        if isinstance(error, UserFacingError):
            message = str(error)
        else:
            message = f"Something went wrong ({error.__class__.__name__}: {error})."
        page = {"read": PAGE_FILE, "plan": PAGE_COLUMNS, "apply": PAGE_REVIEW,
                "undo": PAGE_SUMMARY}.get(job, PAGE_FILE)
        if job in ("apply", "undo"):
            message += " Nothing was changed."
        self._show_page(page)
        self.show_problem(message)
