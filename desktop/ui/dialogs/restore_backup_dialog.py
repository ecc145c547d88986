"""File > Restore from backup…: the workspace's backups with dates, reasons and counts.

The user picks one and restores it into a new file, or over the current workspace
(confirmed; a backup of the current one is taken first). The list is a folder
listing plus four counts per backup, read from small files, so it is read here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop.domain.dates import uk_date

COLUMNS = ("Taken", "Why", "Size", "Papers", "Recommendations", "Actions", "Quotes")
TO_NEW_FILE, OVER_CURRENT = 1, 2


def _size(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB" if size >= 1_048_576 else f"{max(1, size // 1024)} KB"


class RestoreBackupDialog(QDialog):
    """Choose a backup and how to restore it; ``choice`` and ``backup`` say what was asked."""

    def __init__(self, backups, damaged_message: str | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        self.backups = list(backups)
        self.choice: int | None = None
        self.backup = None
        layout = QVBoxLayout(self)
        intro = QLabel(damaged_message or (
            "Backups are taken each day you open the workspace, before every upgrade, and "
            "before risky changes. Restoring never deletes a backup."))
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(intro)
        self.table = QTableWidget(len(self.backups), len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row, info in enumerate(self.backups):
            counts = info.counts
            cells = (f"{uk_date(info.taken_at.date())} {info.taken_at:%H:%M}", info.reason,
                     _size(info.size), *(("?" if counts.get(k) is None else str(counts[k]))
                                         for k in ("documents", "recommendations", "actions", "quotes")))
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        if self.backups:
            self.table.selectRow(0)
        self.table.resizeColumnsToContents()
        layout.addWidget(self.table)
        if not self.backups:
            layout.addWidget(QLabel("There are no backups of this workspace yet."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.to_new = QPushButton("Restore to a &new file…")
        self.over = QPushButton("Restore &over this workspace…")
        for button, choice in ((self.to_new, TO_NEW_FILE), (self.over, OVER_CURRENT)):
            button.setEnabled(bool(self.backups))
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
            button.clicked.connect(lambda _=False, c=choice: self._choose(c))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 380)

    def _choose(self, choice: int) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        self.choice, self.backup = choice, self.backups[rows[0].row()]
        self.accept()
