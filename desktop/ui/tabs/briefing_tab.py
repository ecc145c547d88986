"""Briefing: choose what a PDF briefing covers, preview its first pages, export it.

The tab only shows and asks; the BriefingController runs the exports in the
background and saves the files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QImage, QPalette, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.recommendations import RecommendationStatus
from desktop.ui.widgets.plain_labels import plain_label
from desktop.ui.widgets.tooltips import plain_tooltip

ALL_AUTHORITIES = None
NO_MARKING = "No marking"
MARKINGS = ("OFFICIAL", "OFFICIAL-SENSITIVE", NO_MARKING)
TABLES = (("recommendations", "Recommendations"), ("actions", "Actions"), ("evidence", "Evidence"))
FORMATS = (("xlsx", "XLSX"), ("csv", "CSV"))
DEFAULT_TITLE = "Progress on inspection recommendations"  # as desktop/services/exporting.py
NOTE_DEFAULT_DAYS = 90  # "since" starts a quarter back: the usual gap between committee meetings
SHORT_TEXT = 110  # characters of a recommendation shown in the list; the tooltip has it all
ID_ROLE = Qt.ItemDataRole.UserRole  # a recommendation's id (None on inspections)
DOCUMENT_ROLE = Qt.ItemDataRole.UserRole + 1  # an inspection's document id


@dataclass(frozen=True)
class RecommendationChoice:
    id: int
    label: str
    text: str
    authority: str | None


@dataclass(frozen=True)
class InspectionChoice:
    """An inspection (the document that made recommendations) and its recommendations.

    ``document_id`` is None for recommendations typed in by hand with no source.
    """

    document_id: int | None
    title: str
    when: date | None
    authority: str | None
    recommendations: list[RecommendationChoice] = field(default_factory=list)

    def chosen(self, authority: str | None) -> list[RecommendationChoice]:
        """Its recommendations to ``authority`` (matched as the export matches them: any case)."""
        if authority is ALL_AUTHORITIES:
            return list(self.recommendations)
        wanted = authority.casefold()
        return [r for r in self.recommendations if (r.authority or "").casefold() == wanted]


@dataclass(frozen=True)
class BriefingChoices:
    """What the user picks from; one per workspace state."""

    authorities: list[str] = field(default_factory=list)
    inspections: list[InspectionChoice] = field(default_factory=list)


def _short(text: str, limit: int = SHORT_TEXT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _named(widget, name: str, tip: str = ""):
    widget.setAccessibleName(name)
    if tip:
        widget.setToolTip(tip)
    return widget


class BriefingTab(QWidget):
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

    # -- building --------------------------------------------------------
    def _build_coverage(self) -> QGroupBox:
        box = QGroupBox("What to cover")
        self.authority_combo = _named(QComboBox(), "Authority",
                                      "The council the briefing is about")
        self.authority_combo.addItem("All authorities", ALL_AUTHORITIES)
        self.authority_combo.currentIndexChanged.connect(self._authority_changed)
        authority_label = QLabel("A&uthority:")
        authority_label.setBuddy(self.authority_combo)

        self.tree = QTreeWidget()
        _named(self.tree, "Inspections and recommendations to include",
               "Tick inspections or single recommendations; Space ticks the highlighted one")
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setMinimumHeight(200)
        self.tree.itemChanged.connect(self._item_changed)
        tree_label = QLabel("&Inspections and recommendations:")
        tree_label.setBuddy(self.tree)
        self.check_all_button = _named(QPushButton("Tick all"), "Tick every recommendation")
        self.check_none_button = _named(QPushButton("Tick none"), "Untick every recommendation")
        self.check_all_button.clicked.connect(lambda: self._check_everything(True))
        self.check_none_button.clicked.connect(lambda: self._check_everything(False))
        self.count_label = plain_label("Number of recommendations included", selectable=False)

        self.status_boxes: dict[str, QCheckBox] = {}
        statuses = QGridLayout()
        for index, status in enumerate(RecommendationStatus):
            check = _named(QCheckBox(status.label), f"Include recommendations with status {status.label}")
            check.setChecked(True)
            check.toggled.connect(self._changed)
            self.status_boxes[status.value] = check
            statuses.addWidget(check, index // 3, index % 3)

        buttons = QHBoxLayout()
        buttons.addWidget(self.check_all_button)
        buttons.addWidget(self.check_none_button)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)
        top = QHBoxLayout()
        top.addWidget(authority_label)
        top.addWidget(self.authority_combo, 1)
        layout = QVBoxLayout(box)
        layout.addLayout(top)
        layout.addWidget(tree_label)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        layout.addWidget(QLabel("Statuses to include:"))
        layout.addLayout(statuses)
        return box

    def _build_cover(self) -> QGroupBox:
        box = QGroupBox("Cover page")
        self.title_edit = _named(QLineEdit(), "Briefing title")
        self.title_edit.setPlaceholderText(DEFAULT_TITLE)  # what the cover says when left empty
        self.committee_edit = _named(QLineEdit(), "Committee")
        self.committee_edit.setPlaceholderText("e.g. Children and Families Scrutiny Committee")
        self.meeting_edit = _named(QLineEdit(), "Meeting date")
        self.meeting_edit.setPlaceholderText("e.g. 14 March 2024")
        self.prepared_edit = _named(QLineEdit(), "Prepared by")
        self.prepared_edit.setPlaceholderText("Your name and role")
        self.marking_combo = _named(QComboBox(), "Protective marking",
                                    "Printed at the top and bottom of every page")
        self.marking_combo.setEditable(True)
        self.marking_combo.addItems(MARKINGS)
        self.marking_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.marking_combo.lineEdit().setAccessibleName("Protective marking")
        for edit in (self.title_edit, self.committee_edit, self.meeting_edit, self.prepared_edit):
            edit.textChanged.connect(self._changed)
        self.marking_combo.currentTextChanged.connect(self._changed)
        form = QFormLayout(box)
        for text, widget in (("&Title:", self.title_edit), ("Co&mmittee:", self.committee_edit),
                             ("Meeting &date:", self.meeting_edit),
                             ("&Prepared by:", self.prepared_edit),
                             ("Protective mar&king:", self.marking_combo)):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        return box

    def _build_sections(self) -> QGroupBox:
        box = QGroupBox("Sections")
        self.sections_layout = QGridLayout(box)
        return box

    def _build_exports(self) -> QGroupBox:
        box = QGroupBox("Export")
        self.preview_button = _named(QPushButton("Previe&w"), "Preview the briefing's first pages")
        self.briefing_button = _named(QPushButton("Export briefin&g…"),
                                      "Save the briefing as a PDF")
        self.preview_button.clicked.connect(self.preview_requested)
        self.briefing_button.clicked.connect(self.briefing_requested)
        self.briefing_button.setDefault(True)

        self.since_edit = _named(QDateEdit(), "Changes since",
                                 "The note lists what changed after this date")
        self.since_edit.setCalendarPopup(True)
        self.since_edit.setDisplayFormat("d MMM yyyy")
        self.since_edit.setDate(QDate.currentDate().addDays(-NOTE_DEFAULT_DAYS))
        since_label = QLabel("Changes si&nce:")
        since_label.setBuddy(self.since_edit)
        self.note_button = _named(QPushButton("E&xport pre-meeting note…"),
                                  "Save a one-page note for the meeting as a PDF")
        self.note_button.clicked.connect(self.note_requested)

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
        grid.addWidget(self.since_edit, 1, 1, 1, 2)
        grid.addWidget(self.note_button, 1, 3)
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

    # -- choices ---------------------------------------------------------
    def set_choices(self, choices: BriefingChoices) -> None:
        """Show what the workspace holds, keeping the user's picks where they still exist."""
        self._choices = choices
        current = self.authority_combo.currentData()
        self.authority_combo.blockSignals(True)
        while self.authority_combo.count() > 1:
            self.authority_combo.removeItem(1)
        for name in choices.authorities:
            self.authority_combo.addItem(name, name)
        index = self.authority_combo.findData(current) if current is not None else -1
        if index < 0 and current is None and len(choices.authorities) == 1:
            index = 1  # one council: the briefing is about it
        self.authority_combo.setCurrentIndex(max(index, 0))
        self.authority_combo.blockSignals(False)
        known = {r.id for i in choices.inspections for r in i.recommendations}
        self._unchecked &= known
        self._fill_tree()

    def set_sections(self, sections: list[tuple[str, str]]) -> None:
        """The briefing's optional sections as (name, label); all on at first."""
        before = {name: box.isChecked() for name, box in self.section_boxes.items()}
        for box in self.section_boxes.values():
            self.sections_layout.removeWidget(box)
            box.deleteLater()
        self.section_boxes = {}
        for index, (name, label) in enumerate(sections):
            box = _named(QCheckBox(label), f"Include the section {label}")
            box.setChecked(before.get(name, True))
            box.toggled.connect(self._changed)
            self.section_boxes[name] = box
            self.sections_layout.addWidget(box, index // 2, index % 2)

    def _authority_changed(self) -> None:
        self._fill_tree()
        self._changed()

    def _fill_tree(self) -> None:
        authority = self.authority_combo.currentData()
        self._filling = True
        self.tree.clear()
        for inspection in self._choices.inspections:
            chosen = inspection.chosen(authority)
            if not chosen:
                continue
            when = f" ({inspection.when.day} {inspection.when:%B %Y})" if inspection.when else ""
            parent = QTreeWidgetItem([f"{inspection.title}{when}"])
            parent.setToolTip(0, plain_tooltip(f"{inspection.title}{when}", limit=None))
            parent.setFlags(parent.flags() | Qt.ItemFlag.ItemIsUserCheckable
                            | Qt.ItemFlag.ItemIsAutoTristate)
            parent.setData(0, DOCUMENT_ROLE, inspection.document_id)
            self.tree.addTopLevelItem(parent)
            for rec in chosen:
                prefix = f"{rec.label}. " if rec.label else ""
                child = QTreeWidgetItem([prefix + _short(rec.text)])
                child.setToolTip(0, plain_tooltip(prefix + rec.text))
                child.setFlags(child.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                child.setData(0, ID_ROLE, rec.id)
                checked = rec.id not in self._unchecked
                child.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                parent.addChild(child)
        if self.tree.topLevelItemCount() == 0:
            whose = f" to {authority}" if authority else ""
            empty = QTreeWidgetItem([f"No recommendations{whose} yet: import an inspection report "
                                     "or add them in the Recommendations tab."])
            empty.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(empty)
        self.tree.expandAll()
        self._filling = False
        self._update_count()

    def _recommendation_items(self) -> list[QTreeWidgetItem]:
        items = []
        for top in range(self.tree.topLevelItemCount()):
            parent = self.tree.topLevelItem(top)
            items += [parent.child(i) for i in range(parent.childCount())]
        return items

    def _item_changed(self, item: QTreeWidgetItem, _column: int) -> None:
        if self._filling:
            return
        rec_id = item.data(0, ID_ROLE)
        if rec_id is None:
            return  # an inspection: Qt ticks its children, which arrive here one by one
        if item.checkState(0) == Qt.CheckState.Checked:
            self._unchecked.discard(rec_id)
        else:
            self._unchecked.add(rec_id)
        self._update_count()
        self._changed()

    def _check_everything(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for item in self._recommendation_items():
            item.setCheckState(0, state)

    def _update_count(self) -> None:
        items = self._recommendation_items()
        ticked = sum(1 for item in items if item.checkState(0) == Qt.CheckState.Checked)
        self.count_label.setText(f"{ticked} of {len(items)} ticked")

    # -- reading the options ------------------------------------------------
    def authority(self) -> str | None:
        return self.authority_combo.currentData()

    def shown_recommendation_ids(self) -> list[int]:
        return [item.data(0, ID_ROLE) for item in self._recommendation_items()]

    def ticked_recommendation_ids(self) -> list[int]:
        return [item.data(0, ID_ROLE) for item in self._recommendation_items()
                if item.checkState(0) == Qt.CheckState.Checked]

    def ticked_inspection_ids(self) -> list[int]:
        """Documents whose recommendations are all ticked (a whole inspection chosen)."""
        ids = []
        for top in range(self.tree.topLevelItemCount()):
            parent = self.tree.topLevelItem(top)
            document_id = parent.data(0, DOCUMENT_ROLE)
            if document_id is not None and parent.childCount() \
                    and parent.checkState(0) == Qt.CheckState.Checked:
                ids.append(document_id)
        return ids

    def statuses(self) -> list[str]:
        return [value for value, box in self.status_boxes.items() if box.isChecked()]

    def sections(self) -> set[str]:
        return {name for name, box in self.section_boxes.items() if box.isChecked()}

    def marking(self) -> str:
        text = self.marking_combo.currentText().strip()
        return "" if text.casefold() in (NO_MARKING.casefold(), "none") else text

    def since(self) -> date:
        return self.since_edit.date().toPython()

    def table(self) -> str:
        return self.table_combo.currentData()

    def table_format(self) -> str:
        return self.format_combo.currentData()

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
