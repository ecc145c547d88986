"""The tracker import dialog's pages and the words it shows.

The constants the steps share (page numbers, preview columns, list limits), how
cells and stored values are put into words, and ``TrackerImportPages``: the
widgets of the five steps (file, columns, review, run, summary), built on the
dialog. What each step does lives in ``tracker_import_dialog``; the background
work in ``tracker_import_jobs``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.plain_labels import plain_label
from desktop.ui.widgets.tooltips import plain_tooltip

PREVIEW_ROWS = 20
NOT_USED = "(not in this tracker)"
CHOOSE_FOR_ME = "The newest inspection of the tracker's authority (chosen for you)"
# When the tracker does not name its council, guessing would link every "Rec 3" wrongly.
PICK_ONE = "(choose the inspection: this tracker does not name its council)"
LAST_TIME = "(chosen last time for this plan) "
PLAN_FOR_ME = "Chosen for you: the plan this file was last imported as, or the one its rows are"
NEW_PLAN = "A new plan"
NO_POSITION_DATE = "Not in the file: type the date the tracker reports the position at"
PAGE_FILE, PAGE_COLUMNS, PAGE_REVIEW, PAGE_RUN, PAGE_SUMMARY = range(5)
PREVIEW_FIELDS = ("reference", "title", "owner", "due", "status", "rag", "recommendation_ref")
PREVIEW_HEADERS = ("Row", "Check", "Ref.", "Action", "Owner", "Due", "Status", "RAG",
                   "Recommendations")
LIST_LIMIT = 500  # items listed on the review and summary pages


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: how a spreadsheet names its columns."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def column_name(index: int, header: str) -> str:
    header = " ".join(str(header or "").split())
    return f"{column_letter(index)}: {header}" if header else f"Column {column_letter(index)}"


def _plain_item(text: object, tooltip: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(str(text or ""))
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if tooltip:
        item.setToolTip(plain_tooltip(tooltip))
    return item


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


FIELD_WORDS = {"due_text": "due date", "due": "due date", "rag": "RAG rating", "title": "action"}


def shown_value(value: object) -> str:
    """A stored value as the window shows it: "at_risk" is "At risk", nothing is "none"."""
    from desktop.domain.actions import ActionStatus, Rag

    if value is None or value == "":
        return "none"
    for kind in (ActionStatus, Rag):
        try:
            return kind(value).label
        except ValueError:
            pass
    text = " ".join(str(value).split())
    return text if len(text) <= 80 else text[:79] + "…"


def summary_headline(summary) -> str:
    """The counts and notes of an import, without its row-by-row reasons (listed apart)."""
    lines = [line for line in summary.describe().splitlines() if not line.startswith("  ")]
    import_id = getattr(summary, "import_id", None)
    if import_id is not None:  # the window's way back is the button, not the command line
        lines = [f"Recorded as tracker import {import_id}: “Undo this import” below takes it back."
                 if line.startswith("Recorded as tracker import") else line for line in lines]
    return "\n".join(lines)


def _row_cells(row) -> list[str]:
    """What the preview shows of one TrackerRow, in PREVIEW_HEADERS order after Row/Check."""
    due = row.due_text
    if row.due is not None and row.due_text != row.due.isoformat():
        due = f"{row.due_text} ({row.due.isoformat()})" if row.due_text else row.due.isoformat()
    status = row.status.label if row.status is not None else (
        f"{row.status_text} (not understood)" if row.status_text else "")
    return [row.reference, row.title, row.owner, due, status,
            row.rag.label if row.rag is not None else "",
            ", ".join(row.recommendation_refs) or (row.recommendation_quote[:60] if
                                                   row.recommendation_quote else "")]


class TrackerImportPages:
    """The widgets of each step, built on the dialog (which holds them as attributes)."""

    # -- pages -----------------------------------------------------------
    def _build_file_page(self) -> QWidget:
        page = QWidget()
        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName("Tracker file")
        self.path_edit.setPlaceholderText("A CSV or Excel (.xlsx) file")
        self.path_edit.textChanged.connect(self._path_changed)
        browse = QPushButton("&Browse…")
        browse.setAccessibleName("Choose the tracker file")
        browse.clicked.connect(self.browse)
        self.sheet_combo = QComboBox()
        self.sheet_combo.setAccessibleName("Sheet")
        self.sheet_combo.setEnabled(False)
        self.file_note = plain_label("About the file")
        self.file_note.setText(
            "Choose the improvement plan spreadsheet officers circulate. The next step reads it, "
            "finds its header row and guesses which column is which; you can change the guess. "
            "Nothing is stored until you press Import.")
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        form = QFormLayout()
        file_caption = QLabel("&File:")
        file_caption.setBuddy(self.path_edit)
        sheet_caption = QLabel("&Sheet:")
        sheet_caption.setBuddy(self.sheet_combo)
        form.addRow(file_caption, path_row)
        form.addRow(sheet_caption, self.sheet_combo)
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(self.file_note)
        layout.addStretch(1)
        return page

    def _build_columns_page(self) -> QWidget:
        from desktop.trackers.mapping import FIELD_LABELS, FIELDS

        page = QWidget()
        self.table_note = plain_label("What was read")
        self.field_combos: dict[str, QComboBox] = {}
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        for n, field in enumerate(FIELDS):
            combo = QComboBox()
            label_text = FIELD_LABELS.get(field, field) if isinstance(FIELD_LABELS, dict) else field
            combo.setAccessibleName(f"Column for {label_text}")
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(14)
            combo.currentIndexChanged.connect(self.refresh_preview)
            caption = QLabel(f"{label_text}:")
            caption.setBuddy(combo)
            row, col = divmod(n, 2)
            grid.addWidget(caption, row, col * 2)
            grid.addWidget(combo, row, col * 2 + 1)
            self.field_combos[field] = combo
        self.inspection_combo = QComboBox()
        self.inspection_combo.setAccessibleName("Inspection the recommendation numbers refer to")
        # Report titles are long: they must not widen the dialog past the screen.
        self.inspection_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.inspection_combo.setMinimumContentsLength(30)
        self.inspection_combo.addItem(CHOOSE_FOR_ME, None)
        for document in self._inspections:
            when = f" ({document.date.isoformat()})" if document.date else ""
            who = f"{document.authority}: " if document.authority else ""
            self.inspection_combo.addItem(f"{who}{document.title}{when}", document.id)
            self.inspection_combo.setItemData(self.inspection_combo.count() - 1,
                                              plain_tooltip(document.title), Qt.ItemDataRole.ToolTipRole)
        inspection_caption = QLabel("Recommendation numbers refer to &inspection:")
        inspection_caption.setBuddy(self.inspection_combo)
        inspection_row = QHBoxLayout()
        inspection_row.addWidget(inspection_caption)
        inspection_row.addWidget(self.inspection_combo, 1)
        # Which plan it updates, and the date its position is as at: both decide what changes.
        self.plan_combo = QComboBox()
        self.plan_combo.setAccessibleName("Plan the tracker updates")
        self.plan_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.plan_combo.setMinimumContentsLength(24)
        plan_caption = QLabel("It updates p&lan:")
        plan_caption.setBuddy(self.plan_combo)
        self.position_field = DateField(name="Position as at")
        self.position_field.setPlaceholderText("e.g. 30 Sep 2017")
        self.position_field.setToolTip("The date the tracker reports its position at: every update "
                                       "and slip it records carries it.")
        position_caption = QLabel("Position as &at:")
        position_caption.setBuddy(self.position_field)
        self.position_note = plain_label("Where the position date was read")
        plan_row = QHBoxLayout()
        plan_row.addWidget(plan_caption)
        plan_row.addWidget(self.plan_combo, 1)
        plan_row.addSpacing(12)
        plan_row.addWidget(position_caption)
        plan_row.addWidget(self.position_field)
        plan_row.addWidget(self.position_note, 1)
        self.preview = QTableWidget(0, len(PREVIEW_HEADERS))
        self.preview.setAccessibleName("Preview of the first rows as they would be imported")
        self.preview.setHorizontalHeaderLabels(list(PREVIEW_HEADERS))
        self.preview.verticalHeader().setVisible(False)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.preview.setWordWrap(False)
        header = self.preview.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        width = self.fontMetrics().horizontalAdvance
        for column, sample in enumerate(("0000", "⚑ 2 flags", "10.12", "Strengthen management",
                                         "Head of Service", "31/03/2024 (2024-03-31)",
                                         "Not started", "Amber")):
            header.resizeSection(column, width(sample) + 16)
        self.preview_note = plain_label("Preview summary")
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.table_note)
        upper_layout.addLayout(grid)
        upper_layout.addLayout(inspection_row)
        upper_layout.addLayout(plan_row)
        upper_layout.addWidget(self.position_field.message)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        preview_caption = QLabel(f"&Preview (the first {PREVIEW_ROWS} rows):")
        preview_caption.setBuddy(self.preview)
        lower_layout.addWidget(preview_caption)
        lower_layout.addWidget(self.preview, 1)
        lower_layout.addWidget(self.preview_note)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        return page

    def _build_review_page(self) -> QWidget:
        page = QWidget()
        self.review_note = plain_label("What the import would do")
        self.changes_list = QListWidget()
        self.changes_list.setAccessibleName("What the import would change or skip")
        self.changes_list.setWordWrap(True)
        self.warning_box = QWidget()
        self.warning_label = plain_label("Warnings to check before importing")
        self.warning_label.setStyleSheet("color: #8a1c00; font-weight: bold")
        self.warning_check = QCheckBox("I have checked these warnings: import &anyway")
        self.warning_check.setAccessibleName("Import despite the warnings")
        self.warning_check.toggled.connect(self._update_buttons)
        warning_layout = QVBoxLayout(self.warning_box)
        warning_layout.setContentsMargins(0, 0, 0, 0)
        warning_layout.addWidget(self.warning_label)
        warning_layout.addWidget(self.warning_check)
        self.conflicts_box = QWidget()
        self.conflicts_note = plain_label("Changes that need your word")
        self.conflicts_list = QListWidget()
        self.conflicts_list.setAccessibleName("Changes to your edits or to another plan's actions: "
                                              "tick those to make")
        self.conflicts_list.setWordWrap(True)
        tick_all = QPushButton("&Tick all")
        tick_all.setAccessibleName("Tick every change listed")
        tick_all.clicked.connect(lambda: self._tick_all(True))
        untick_all = QPushButton("&Untick all")
        untick_all.setAccessibleName("Untick every change listed")
        untick_all.clicked.connect(lambda: self._tick_all(False))
        ticks = QHBoxLayout()
        ticks.addWidget(tick_all)
        ticks.addWidget(untick_all)
        ticks.addStretch(1)
        box_layout = QVBoxLayout(self.conflicts_box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        box_layout.addWidget(self.conflicts_note)
        box_layout.addWidget(self.conflicts_list, 1)
        box_layout.addLayout(ticks)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.review_note)
        layout.addWidget(self.warning_box)
        layout.addWidget(self.changes_list, 1)
        layout.addWidget(self.conflicts_box, 1)
        return page

    def _build_run_page(self) -> QWidget:
        page = QWidget()
        self.run_label = plain_label("What is happening")
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Import progress")
        self.progress.setRange(0, 0)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self.run_label)
        layout.addWidget(self.progress)
        layout.addStretch(1)
        return page

    def _tick_all(self, ticked: bool) -> None:
        state = Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        for index in range(self.conflicts_list.count()):
            item = self.conflicts_list.item(index)
            if item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                item.setCheckState(state)

    def _build_summary_page(self) -> QWidget:
        page = QWidget()
        self.summary_label = plain_label("What was imported")
        self.summary_label.setStyleSheet("font-weight: bold")
        self.undo_button = QPushButton("U&ndo this import…")
        self.undo_button.setAccessibleName("Undo this tracker import")
        self.undo_button.clicked.connect(self.undo_import)
        self.undo_label = plain_label("What undoing the import did")
        self.undo_label.setVisible(False)
        self.reasons_list = QListWidget()
        self.reasons_list.setAccessibleName("Rows flagged or skipped, and why")
        self.reasons_list.setWordWrap(True)
        caption = QLabel("&Rows to check, and rows skipped:")
        caption.setBuddy(self.reasons_list)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary_label)
        layout.addWidget(caption)
        layout.addWidget(self.reasons_list, 1)
        undo_row = QHBoxLayout()
        undo_row.addWidget(self.undo_button)
        undo_row.addStretch(1)
        layout.addLayout(undo_row)
        layout.addWidget(self.undo_label)
        return page
