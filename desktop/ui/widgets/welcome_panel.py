"""What an empty workspace shows instead of a blank table."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

WELCOME_TEXT = (
    "Keep the papers you are sent for children's services scrutiny in one place: "
    "Ofsted inspection reports and visit letters, committee minutes, officer reports "
    "and agenda packs. Scrutiny Desk reads PDF, Word, text and web pages, finds each "
    "paper's type, authority and date, splits agenda packs into their papers and makes "
    "every paragraph searchable. Everything stays on this computer."
)


class WelcomePanel(QWidget):
    import_samples = Signal()
    import_files = Signal()
    import_folder = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Welcome: this workspace has no documents yet")
        title = QLabel("This workspace has no papers yet")
        title.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        title.setWordWrap(True)
        intro = QLabel(WELCOME_TEXT)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)

        self.samples_button = self._button("Import sa&mple papers", self.import_samples,
                                           "Import the sample papers that come with the app")
        self.files_button = self._button("Im&port files…", self.import_files,
                                         "Choose papers to import")
        self.folder_button = self._button("Import a &whole folder…", self.import_folder,
                                          "Import every paper in a folder")
        self.samples_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.samples_button, self.files_button, self.folder_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        drop = QLabel("or drop papers here")
        drop.setTextFormat(Qt.TextFormat.PlainText)
        # A hint, marked by italics rather than by a dimmed colour: the palette's
        # disabled text falls below readable contrast on some light and dark themes.
        drop.setForegroundRole(QPalette.ColorRole.WindowText)
        hint_font = QFont(drop.font())
        hint_font.setItalic(True)
        drop.setFont(hint_font)
        drop.setAccessibleName("Or drop papers here")
        self.drop_hint = drop

        # A column of readable width, centred: word-wrapped labels get their full height.
        column = QWidget()
        column.setMaximumWidth(640)
        inner = QVBoxLayout(column)
        inner.addWidget(title)
        inner.addWidget(intro)
        inner.addSpacing(16)
        inner.addLayout(buttons)
        inner.addSpacing(8)
        inner.addWidget(drop, 0, Qt.AlignmentFlag.AlignHCenter)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column, 4)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addLayout(row)
        layout.addStretch(3)

    def _button(self, text: str, signal, description: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", ""))
        button.setAccessibleDescription(description)
        button.setToolTip(description)
        button.clicked.connect(signal.emit)
        return button

    def set_read_only(self, read_only: bool) -> None:
        for button in (self.samples_button, self.files_button, self.folder_button):
            button.setEnabled(not read_only)
