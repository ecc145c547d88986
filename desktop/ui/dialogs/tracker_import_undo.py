"""Edit > Undo tracker import…: the imports held, newest first, and undoing one.

The undo runs on the window's TaskRunner (the write lane), with its own
connection; the dialog says what was put back, what was left because it changed
since, and which added actions were kept. Emits ``undone`` with the report so
the Actions tab can refresh.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from desktop.ui.tasks import TaskContext, TaskHandle, TaskRunner
from desktop.ui.widgets.plain_labels import error_label, plain_label


def import_line(record) -> str:
    from desktop.domain.dates import uk_date

    when = record.imported_at[:16].replace("T", " ")
    as_at = f", as at {uk_date(record.as_at)}" if record.as_at else ""
    undone = f" — undone {record.undone_at[:10]}" if record.undone_at else ""
    return (f"Import {record.id}, {when}: {record.file_name}{as_at} (plan {record.plan_id or '—'}): "
            f"{record.imported} added, {record.updated} updated, {record.unchanged} unchanged"
            f"{undone}")


def _undo_job(import_id: int):
    def job(context: TaskContext):
        from desktop.services.tracker_undo import undo_tracker_import

        return undo_tracker_import(context.workspace, import_id)
    return job


class UndoTrackerImportDialog(QDialog):
    undone = Signal(object)  # UndoReport

    def __init__(self, ws, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Undo tracker import")
        self.setAccessibleName("Undo tracker import")
        self._ws, self._runner = ws, runner
        self.handle: TaskHandle | None = None
        self.note = plain_label("About undoing an import")
        self.note.setText(
            "Choose an import to undo. Every field it changed goes back to what it was, unless "
            "you (or a later import) changed it since; the progress updates and links it added "
            "are removed; the actions it added go to the trash, except those you have added "
            "evidence, notes or edits to.")
        self.imports = QListWidget()
        self.imports.setAccessibleName("Tracker imports, newest first")
        self.imports.setWordWrap(True)
        self.imports.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.report = plain_label("What undoing did")
        self.report.setVisible(False)
        self.problem = error_label()
        self.undo_button = QPushButton("&Undo the chosen import")
        self.undo_button.setAccessibleName("Undo the chosen import")
        self.undo_button.clicked.connect(self.undo_chosen)
        self.close_button = QPushButton("&Close")
        self.close_button.setAccessibleName("Close")
        self.close_button.setDefault(True)  # undoing is never what Enter does
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.imports, 1)
        layout.addWidget(self.report)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)
        self.resize(760, 440)
        self.fill()

    def fill(self) -> None:
        from desktop.services.tracker_history import list_imports

        self.imports.clear()
        for record in list_imports(self._ws):  # a few rows: quick on the GUI thread
            item = QListWidgetItem(import_line(record))
            item.setData(Qt.ItemDataRole.UserRole, record.id)
            if record.undone_at:
                item.setFlags(Qt.ItemFlag.NoItemFlags)  # shown, not choosable
            self.imports.addItem(item)
        if not self.imports.count():
            self.imports.addItem("No tracker has been imported into this workspace.")
            self.imports.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        self._update_buttons()

    def chosen_id(self) -> int | None:
        item = self.imports.currentItem()
        if item is None or not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            return None
        return item.data(Qt.ItemDataRole.UserRole)

    def _update_buttons(self) -> None:
        self.undo_button.setEnabled(self.handle is None and self.chosen_id() is not None)
        self.close_button.setEnabled(self.handle is None)

    def undo_chosen(self) -> None:
        from desktop.ui.dialogs.tracker_import_dialog import confirm_undo

        import_id = self.chosen_id()
        if import_id is None or self.handle is not None or not confirm_undo(self):
            return
        self.problem.setVisible(False)
        self.handle = self._runner.submit(f"undo tracker import {import_id}", _undo_job(import_id),
                                          self._ws, on_result=self._done, on_error=self._failed)
        self.setCursor(Qt.CursorShape.BusyCursor)
        self._update_buttons()

    def _finish(self) -> None:
        self.handle = None
        self.unsetCursor()

    def _done(self, report) -> None:
        self._finish()
        self.report.setText(report.describe())
        self.report.setVisible(True)
        self.fill()
        self.undone.emit(report)

    def _failed(self, error) -> None:
        from desktop.domain.errors import UserFacingError

        self._finish()
        message = str(error) if isinstance(error, UserFacingError) else (
            f"Something went wrong ({error.__class__.__name__}: {error}).")
        self.problem.setText(message + " Nothing was changed.")
        self.problem.setVisible(True)
        self._update_buttons()

    def reject(self) -> None:
        if self.handle is None:  # an undo in progress finishes first (one short transaction)
            super().reject()
