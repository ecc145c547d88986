"""The status bar's view of a running import: what, how far, and Cancel."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget


class ImportStatus(QWidget):
    cancel_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setAccessibleName("Import progress")
        self.files_bar = self._bar("Files imported")
        self.pages_bar = self._bar("Pages of the current file")
        self.cancel_button = QPushButton("&Cancel import")
        self.cancel_button.setAccessibleName("Cancel import")
        self.cancel_button.clicked.connect(self._on_cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.label, self.files_bar, self.pages_bar, self.cancel_button):
            layout.addWidget(widget)
        self.setVisible(False)

    def _bar(self, name: str) -> QProgressBar:
        bar = QProgressBar()
        bar.setAccessibleName(name)
        bar.setMaximumWidth(140)
        bar.setTextVisible(True)
        return bar

    def start(self, description: str) -> None:
        self.label.setText(description)
        self.files_bar.setRange(0, 0)
        self.files_bar.setFormat("files")
        self.pages_bar.setRange(0, 0)
        self.pages_bar.setFormat("pages")
        self.cancel_button.setEnabled(True)
        self.setVisible(True)

    def show_progress(self, files_done: int, files_total: int, pages_done: int,
                      pages_total: int, current: str) -> None:
        self.files_bar.setRange(0, max(files_total, 1))
        self.files_bar.setValue(min(files_done, files_total))
        self.files_bar.setFormat(f"{files_done} of {files_total} files")
        if pages_total:
            self.pages_bar.setRange(0, pages_total)
            self.pages_bar.setValue(min(pages_done, pages_total))
            self.pages_bar.setFormat(f"page {pages_done} of {pages_total}")
        else:
            self.pages_bar.setRange(0, 0)  # busy: pages unknown yet or not paged
            self.pages_bar.setFormat("")
        if current and self.cancel_button.isEnabled():
            self.label.setText(f"Importing {current}")

    def _on_cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.label.setText("Cancelling after the current step…")
        self.cancel_requested.emit()

    def finish(self) -> None:
        self.setVisible(False)
