"""Briefing: choose what a PDF briefing covers, preview its first pages, export it.

The tab only shows and asks; the BriefingController runs the exports in the
background and saves the files.

The options form (what to cover, the cover page, the sections) and the choices
it offers are in ``desktop.ui.widgets.briefing_options``.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QImage, QPalette, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.widgets.briefing_options import (
    ALL_AUTHORITIES,
    DEFAULT_TITLE,
    DOCUMENT_ROLE,
    ID_ROLE,
    MARKINGS,
    NO_MARKING,
    SHORT_TEXT,
    BriefingChoices,
    BriefingOptionsForm,
    InspectionChoice,
    RecommendationChoice,
    _named,
)
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.plain_labels import plain_label

# What callers and tests use from here, wherever it now lives.
__all__ = ["ALL_AUTHORITIES", "DEFAULT_TITLE", "DOCUMENT_ROLE", "FORMATS", "ID_ROLE", "MARKINGS",
           "NOTE_DEFAULT_DAYS", "NO_MARKING", "SHORT_TEXT", "TABLES", "BriefingChoices",
           "BriefingTab", "InspectionChoice", "RecommendationChoice"]

TABLES = (("recommendations", "Recommendations"), ("actions", "Actions"), ("evidence", "Evidence"))
FORMATS = (("xlsx", "XLSX"), ("csv", "CSV"))
NOTE_DEFAULT_DAYS = 90  # "since" starts a quarter back: the usual gap between committee meetings


class BriefingTab(BriefingOptionsForm, QWidget):
    preview_requested = Signal()
    briefing_requested = Signal()
    note_requested = Signal()
    table_requested = Signal()
    options_changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._choices = BriefingChoices()
        self._unchecked: set[int] = set()  # recommendations the user left out, kept across refreshes
        self._filling = False
        self.section_boxes: dict[str, QCheckBox] = {}

        options = QWidget()
        column = QVBoxLayout(options)
        column.setContentsMargins(0, 0, 4, 0)
        column.addWidget(self._build_coverage(), 1)
        column.addWidget(self._build_cover())
        column.addWidget(self._build_sections())
        self.options_scroll = QScrollArea()
        self.options_scroll.setWidget(options)
        self.options_scroll.setWidgetResizable(True)
        self.options_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.options_scroll.setAccessibleName("Briefing options")
        # The export buttons stay in sight below the options, however small the window.
        left = QWidget()
        left.setMinimumWidth(400)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.options_scroll, 1)
        left_layout.addWidget(self._build_exports())

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self._build_preview())
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([480, 720])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        self.set_busy(False)

    # -- building the exports and the preview ----------------------------
    def _build_exports(self) -> QGroupBox:
        box = QGroupBox("Export")
        self.preview_button = _named(QPushButton("Previe&w"), "Preview the briefing's first pages")
        self.briefing_button = _named(QPushButton("Export briefin&g…"),
                                      "Save the briefing as a PDF")
        self.preview_button.clicked.connect(self.preview_requested)
        self.briefing_button.clicked.connect(self.briefing_requested)
        self.briefing_button.setDefault(True)

        self.since_edit = _named(DateField(allow_empty=False, name="Changes since"), "Changes since",
                                 "The note lists what changed after this date")
        self.since_edit.setDate(QDate.currentDate().addDays(-NOTE_DEFAULT_DAYS))
        since_label = QLabel("Changes si&nce:")
        since_label.setBuddy(self.since_edit)
        self.note_button = _named(QPushButton("E&xport pre-meeting note…"),
                                  "Save a one-page note for the meeting as a PDF")
        self.note_button.clicked.connect(self.note_requested)
        self.note_button.setMinimumWidth(self.note_button.sizeHint().width())  # never clipped

        self.table_combo = _named(QComboBox(), "Table to export")
        for value, text in TABLES:
            self.table_combo.addItem(text, value)
        self.format_combo = _named(QComboBox(), "Table file format")
        for value, text in FORMATS:
            self.format_combo.addItem(text, value)
        table_label = QLabel("Table:")
        table_label.setBuddy(self.table_combo)
        self.table_button = _named(QPushButton("Exp&ort table…"),
                                   "Save the chosen table as a spreadsheet")
        self.table_button.clicked.connect(self.table_requested)

        grid = QGridLayout(box)
        grid.addWidget(self.preview_button, 0, 0)
        grid.addWidget(self.briefing_button, 0, 1, 1, 3)
        grid.addWidget(since_label, 1, 0)
        grid.addWidget(self.since_edit, 1, 1)
        grid.addWidget(self.note_button, 1, 2, 1, 2)  # two columns: its label is long
        grid.addWidget(table_label, 2, 0)
        grid.addWidget(self.table_combo, 2, 1)
        grid.addWidget(self.format_combo, 2, 2)
        grid.addWidget(self.table_button, 2, 3)
        grid.setColumnStretch(1, 1)
        return box

    def _build_preview(self) -> QWidget:
        self.preview_label = plain_label("Preview status", selectable=False)
        self.preview_label.setText("Press Preview to see the first pages of the briefing.")
        self.pages = QWidget()
        self.pages.setAccessibleName("Preview pages")
        self.pages_layout = QVBoxLayout(self.pages)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.pages_layout.setSpacing(12)
        self.preview_scroll = QScrollArea()
        self.preview_scroll.setAccessibleName("Briefing preview")
        self.preview_scroll.setWidget(self.pages)
        self.preview_scroll.setWidgetResizable(True)
        self.preview_scroll.setBackgroundRole(QPalette.ColorRole.Dark)  # pages stand out as paper
        self.preview_scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrow keys scroll it
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.preview_label)
        layout.addWidget(self.preview_scroll, 1)
        return panel

    # -- busy and preview -------------------------------------------------
    def _changed(self, *_args) -> None:
        if self.pages_layout.count() and not self._filling:
            self.preview_label.setText("The options have changed since this preview; "
                                       "press Preview to see the new pages.")
        self.options_changed.emit()

    def set_busy(self, busy: bool) -> None:
        """One export or preview at a time: the buttons wait for it."""
        for button in (self.preview_button, self.briefing_button, self.note_button,
                       self.table_button):
            button.setEnabled(not busy)

    def set_preview_message(self, text: str) -> None:
        self.preview_label.setText(text)

    def clear_preview(self, message: str) -> None:
        while self.pages_layout.count():
            widget = self.pages_layout.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.preview_label.setText(message)

    def show_preview(self, images: list[QImage], total_pages: int) -> None:
        """Show rendered pages one under the other, each with a plain caption."""
        self.clear_preview("")
        for number, image in enumerate(images, start=1):
            page = QLabel()
            page.setPixmap(QPixmap.fromImage(image))
            page.setAccessibleName(f"Preview of page {number}")
            page.setFrameShape(QLabel.Shape.Box)
            self.pages_layout.addWidget(page, 0, Qt.AlignmentFlag.AlignHCenter)
        shown = len(images)
        if total_pages > shown:
            text = f"The first {shown} of {total_pages} pages; export the briefing to see them all."
        else:
            text = f"All {total_pages} page{'s' if total_pages != 1 else ''} of the briefing."
        self.preview_label.setText(text)

    def preview_pages(self) -> list[QLabel]:
        labels = []
        for index in range(self.pages_layout.count()):
            widget = self.pages_layout.itemAt(index).widget()
            if isinstance(widget, QLabel) and widget.pixmap() is not None \
                    and not widget.pixmap().isNull():
                labels.append(widget)
        return labels
