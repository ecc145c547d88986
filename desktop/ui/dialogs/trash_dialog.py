"""Edit > Trash…: what was deleted, to restore it or delete it for good.

The list is small (30 days of deletions) and read in one query, so it is read on
the GUI thread; restoring and deleting are one short transaction each.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.dates import uk_date
from desktop.domain.errors import UserFacingError
from desktop.services import trash as trash_service
from desktop.ui.dialogs import messages


def _deleted_on(stamp: str) -> str:
    try:
        return uk_date(datetime.fromisoformat(stamp).date())
    except ValueError:
        return stamp


class TrashDialog(QDialog):
    """Lists the trash; ``changed`` is emitted after anything came back."""

    changed = Signal()

    def __init__(self, workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.setWindowTitle("Trash")
        self.resize(640, 380)
        self.note = QLabel("Deleted papers, recommendations, actions and quotes stay here for 30 "
                           "days. Restoring one puts it back as it was, with its quotes and links.")
        self.note.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["What", "Name", "Deleted"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(1, self.table.horizontalHeader().ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.restore_button = QPushButton("&Restore")
        self.delete_button = QPushButton("&Delete for good…")
        self.empty_button = QPushButton("&Empty trash…")
        self.restore_button.clicked.connect(self.restore_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.empty_button.clicked.connect(self.empty)
        buttons = QHBoxLayout()
        for button in (self.restore_button, self.delete_button, self.empty_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(close)
        self.table.itemSelectionChanged.connect(self._enable)
        self.items: list = []
        self.refresh()

    def refresh(self) -> None:
        self.items = trash_service.list_trash(self.workspace)
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            kind = trash_service.KIND_NAMES.get(item.kind, item.kind).capitalize()
            for column, text in enumerate((kind, item.label, _deleted_on(item.deleted_at))):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                cell.setData(Qt.ItemDataRole.UserRole, item.id)
                self.table.setItem(row, column, cell)
        if self.items:
            self.table.selectRow(0)
        self._enable()

    def _enable(self) -> None:
        writable = not self.workspace.read_only
        chosen = self.selected() is not None
        self.restore_button.setEnabled(writable and chosen)
        self.delete_button.setEnabled(writable and chosen)
        self.empty_button.setEnabled(writable and bool(self.items))

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows else None

    def select_item(self, trash_id: int) -> None:
        for row, item in enumerate(self.items):
            if item.id == trash_id:
                self.table.selectRow(row)

    def restore_selected(self) -> None:
        item = self.selected()
        if item is None:
            return
        try:
            trash_service.restore_from_trash(self.workspace, item.id)
        except UserFacingError as error:
            messages.show_error(self, "Cannot restore", str(error))
            return
        self.refresh()
        self.changed.emit()

    def delete_selected(self) -> None:
        item = self.selected()
        if item is None or not messages.confirm(
                self, "Delete for good", f"Delete “{item.label}” for good? It cannot be restored "
                "after this (backups taken before today still hold it).", "&Delete for good"):
            return
        try:
            trash_service.delete_for_good(self.workspace, item.id)
        except UserFacingError as error:
            messages.show_error(self, "Cannot delete", str(error))
        self.refresh()

    def empty(self) -> None:
        count = len(self.items)
        if not count or not messages.confirm(
                self, "Empty trash", f"Delete the {count} item{'s' if count != 1 else ''} in the "
                "trash for good? A backup of the workspace is taken first.", "&Empty trash"):
            return
        try:
            trash_service.empty_trash(self.workspace)
        except UserFacingError as error:
            messages.show_error(self, "Cannot empty the trash", str(error))
        self.refresh()


def show_trash(parent, workspace, on_change) -> TrashDialog:
    dialog = TrashDialog(workspace, parent)
    dialog.changed.connect(on_change)
    dialog.exec()
    return dialog


def ask_recommendations_go_too(parent, impact, with_them) -> bool | None:
    """Deleting a paper whose recommendations hold the user's work: they stay unless the box
    is ticked. True: they go too; False: they stay; None: cancelled."""
    from PySide6.QtWidgets import QCheckBox, QMessageBox

    kept = impact.recommendations_kept
    goes = {k: v for k, v in (with_them.user_work or {}).items() if v}
    what = ", ".join(f"{n} {k if n != 1 else k.rstrip('s')}" for k, n in goes.items()) or "nothing else"
    box = QMessageBox(QMessageBox.Icon.Question, "Delete document",
                      f"{kept} of its recommendations hold{'s' if kept == 1 else ''} your work."
                      " They are kept, marked as from a paper since removed.",
                      QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    tick = QCheckBox(f"Delete them too, with {what} (to the trash)")
    box.setCheckBox(tick)
    go = box.addButton("&Delete document", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    if box.clickedButton() is not go:
        return None
    return tick.isChecked()
