"""A find-in-document bar for the Reader (Ctrl+F, F3 next, Shift+F3 previous)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget


class FindBar(QWidget):
    find_next = Signal(str)
    find_previous = Signal(str)
    closed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.field = QLineEdit()
        self.field.setPlaceholderText("Find in this document")
        self.field.setAccessibleName("Find in document")
        self.field.setClearButtonEnabled(True)
        self.field.returnPressed.connect(self._next)
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName("Find result")
        previous = QPushButton("&Previous")
        previous.setAccessibleName("Find previous")
        previous.setToolTip("Find previous (Shift+F3)")
        previous.clicked.connect(self._previous)
        following = QPushButton("&Next")
        following.setAccessibleName("Find next")
        following.setToolTip("Find next (F3)")
        following.clicked.connect(self._next)
        close = QPushButton("Close")
        close.setAccessibleName("Close find bar")
        close.clicked.connect(self.close_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Find:"))
        layout.addWidget(self.field, 1)
        for widget in (previous, following, self.status, close):
            layout.addWidget(widget)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.field)
        escape.activated.connect(self.close_bar)
        self.setVisible(False)

    def open_bar(self, text: str = "") -> None:
        if text:
            self.field.setText(text)
        self.setVisible(True)
        self.field.setFocus()
        self.field.selectAll()

    def close_bar(self) -> None:
        self.setVisible(False)
        self.status.clear()
        self.closed.emit()

    def show_result(self, found: bool) -> None:
        self.status.setText("" if found else "Not found")

    def _next(self) -> None:
        if self.field.text():
            self.find_next.emit(self.field.text())

    def _previous(self) -> None:
        if self.field.text():
            self.find_previous.emit(self.field.text())
