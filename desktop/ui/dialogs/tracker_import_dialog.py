"""Import the council's action tracker (CSV or XLSX), one step at a time.

1. File and sheet: every sheet of a workbook is offered.
2. Columns: which column holds which field, the app's guess pre-filled and
   changeable; a live preview of the first rows as they would be read, with
   what each row's flags say; the inspection whose recommendations a reference
   column ("Rec 3", "R3") means.
3. Review: what the import would add, change and leave alone; when the tracker
   would overwrite values typed in the app, they are listed and the user chooses.
4. Import: in the background (the window's TaskRunner) with progress and Cancel.
5. Summary: imported, updated, unchanged, flagged and skipped, with reasons.

Reading the file, planning and importing all run on the worker thread, so the
window stays responsive with a 50,000-row tracker. Every cell shown is plain
text (table items and labels in PlainText format).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.tasks import TaskContext, TaskHandle, TaskRunner
from desktop.ui.widgets.plain_labels import error_label, plain_label
from desktop.ui.widgets.tooltips import plain_tooltip

TRACKER_FILTER = "Action trackers (*.xlsx *.xlsm *.csv *.txt);;All files (*)"
PREVIEW_ROWS = 20
NOT_USED = "(not in this tracker)"
CHOOSE_FOR_ME = "The newest inspection of the tracker's authority (chosen for you)"
PAGE_FILE, PAGE_COLUMNS, PAGE_REVIEW, PAGE_RUN, PAGE_SUMMARY = range(5)
PREVIEW_FIELDS = ("reference", "title", "owner", "due", "status", "rag", "recommendation_ref")
PREVIEW_HEADERS = ("Row", "Check", "Ref.", "Action", "Owner", "Due", "Status", "RAG",
                   "Recommendations")
LIST_LIMIT = 500  # items listed on the review and summary pages


def choose_tracker_file(parent: QWidget | None) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, "Import action tracker", "", TRACKER_FILTER)
    return Path(name) if name else None


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
    return "\n".join(line for line in summary.describe().splitlines() if not line.startswith("  "))


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


def _read_job(path: Path, sheet: str | None):
    def job(context: TaskContext):
        from desktop.trackers.read import list_sheets, read_table

        sheets = list_sheets(path)
        chosen = sheet if sheet in sheets else None
        table = read_table(path, chosen, cancel=context.cancelled)
        return sheets, table
    return job


def _plan_job(path: Path, sheet: str | None, mapping: dict[str, int], against: int | None):
    def job(context: TaskContext):
        from desktop.services.tracker_import import plan_tracker_import

        return plan_tracker_import(context.workspace, path, sheet=sheet, mapping=mapping,
                                   against_document_id=against)
    return job


def _apply_job(plan, overwrite: bool):
    def job(context: TaskContext):
        from desktop.services.tracker_import import apply_tracker_import

        def progress(done, total=0, *_rest) -> None:
            context.report(int(done), int(total or 0), None)

        return apply_tracker_import(context.workspace, plan, overwrite_conflicts=overwrite,
                                    progress=progress, cancel=context.cancelled)
    return job


class TrackerImportDialog(QDialog):
    """The steps of a tracker import; emits ``imported`` with the summary when done."""

    imported = Signal(object)  # TrackerImportSummary

    def __init__(self, ws, runner: TaskRunner, parent: QWidget | None = None, *,
                 path: Path | str | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import action tracker")
        self.setAccessibleName("Import action tracker")
        self._ws, self._runner, self._today = ws, runner, today
        self.handle: TaskHandle | None = None
        self._job = ""  # "read", "plan" or "apply" while one runs
        self.path: Path | None = None
        self.sheets: list[str] = []
        self.table = None
        self.plan = None
        self._has_work = False
        self.summary = None
        self._inspections = self._load_inspections()
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_file_page())
        self.pages.addWidget(self._build_columns_page())
        self.pages.addWidget(self._build_review_page())
        self.pages.addWidget(self._build_run_page())
        self.pages.addWidget(self._build_summary_page())
        self.problem = error_label()
        self.back_button = QPushButton("< &Back")
        self.back_button.setAccessibleName("Back to the previous step")
        self.next_button = QPushButton("&Next >")
        self.next_button.setAccessibleName("Next step")
        self.next_button.setDefault(True)
        self.close_button = QPushButton("Cancel")
        self.close_button.setAccessibleName("Cancel the import")
        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.close_button):
            buttons.addWidget(button)
        self.step_label = plain_label("Step", selectable=False)
        self.step_label.setStyleSheet("font-weight: bold")
        layout = QVBoxLayout(self)
        layout.addWidget(self.step_label)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)
        self.resize(980, 640)
        self._show_page(PAGE_FILE)
        if path is not None:
            self.path_edit.setText(str(path))

    def _load_inspections(self) -> list:
        """Reports and letters with recommendations, newest first (a quick query)."""
        from desktop.domain.errors import UserFacingError
        from desktop.services.tracker_import import inspections_for_linking

        try:
            return inspections_for_linking(self._ws)
        except UserFacingError:
            return []

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
        self.conflicts_box = QWidget()
        self.conflicts_note = plain_label("Values you changed here that the tracker would replace")
        self.conflicts_list = QListWidget()
        self.conflicts_list.setAccessibleName("Your edits the tracker would replace")
        self.conflicts_list.setWordWrap(True)
        self.keep_radio = QRadioButton("&Keep my edits (the tracker's other changes are imported)")
        self.keep_radio.setAccessibleName("Keep my edits")
        self.overwrite_radio = QRadioButton("&Use the tracker's values, replacing my edits")
        self.overwrite_radio.setAccessibleName("Use the tracker's values")
        self.keep_radio.setChecked(True)
        group = QButtonGroup(page)
        group.addButton(self.keep_radio)
        group.addButton(self.overwrite_radio)
        box_layout = QVBoxLayout(self.conflicts_box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        box_layout.addWidget(self.conflicts_note)
        box_layout.addWidget(self.conflicts_list, 1)
        box_layout.addWidget(self.keep_radio)
        box_layout.addWidget(self.overwrite_radio)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.review_note)
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

    def _build_summary_page(self) -> QWidget:
        page = QWidget()
        self.summary_label = plain_label("What was imported")
        self.summary_label.setStyleSheet("font-weight: bold")
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
        return page

    # -- navigation ------------------------------------------------------
    def _show_page(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        self.problem.setVisible(False)
        titles = {PAGE_FILE: "Step 1 of 4: the tracker file",
                  PAGE_COLUMNS: "Step 2 of 4: which column is which",
                  PAGE_REVIEW: "Step 3 of 4: check what will change",
                  PAGE_RUN: "Step 4 of 4: importing",
                  PAGE_SUMMARY: "Done"}
        self.step_label.setText(titles[page])
        self._update_buttons()

    def _update_buttons(self) -> None:
        page, busy = self.pages.currentIndex(), self.handle is not None
        self.back_button.setVisible(page in (PAGE_COLUMNS, PAGE_REVIEW))
        self.back_button.setEnabled(not busy)
        self.next_button.setVisible(page in (PAGE_FILE, PAGE_COLUMNS, PAGE_REVIEW))
        self.next_button.setText("&Import" if page == PAGE_REVIEW else "&Next >")
        self.next_button.setAccessibleName("Import" if page == PAGE_REVIEW else "Next step")
        ready = {PAGE_FILE: bool(self.path_edit.text().strip()),
                 PAGE_COLUMNS: self._title_chosen(),
                 PAGE_REVIEW: self.plan is not None and self._plan_has_work()}.get(page, False)
        self.next_button.setEnabled(ready and not busy)
        if page == PAGE_SUMMARY:
            self.close_button.setText("&Close")
            self.close_button.setAccessibleName("Close")
        else:
            self.close_button.setText("Cancel")
            self.close_button.setAccessibleName("Cancel the import")
        self.close_button.setEnabled(not (busy and self.handle.cancel_requested))

    def show_problem(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.setVisible(True)

    def go_next(self) -> None:
        page = self.pages.currentIndex()
        if page == PAGE_FILE:
            self.read_file()
        elif page == PAGE_COLUMNS:
            self.make_plan()
        elif page == PAGE_REVIEW:
            self.start_import()

    def go_back(self) -> None:
        if self.handle is None:
            self._show_page(max(PAGE_FILE, self.pages.currentIndex() - 1))

    def reject(self) -> None:
        """Cancel: stops a running job first (an import rolls back: nothing is changed)."""
        if self.handle is not None:
            self.handle.cancel()
            if self._job == "apply":
                self.run_label.setText("Stopping… nothing will be changed.")
                self._update_buttons()
                return  # closes when the job has stopped
            self._drop_handle()  # reading and planning change nothing: just stop listening
        super().reject()

    # -- step 1: the file -------------------------------------------------
    def browse(self) -> None:
        path = choose_tracker_file(self)
        if path is not None:
            self.path_edit.setText(str(path))

    def _path_changed(self, _text: str) -> None:
        self.table, self.plan = None, None
        self.sheets = []
        self.sheet_combo.clear()
        self.sheet_combo.setEnabled(False)
        self._update_buttons()
        path = Path(self.path_edit.text().strip()).expanduser()
        if path.suffix.lower() in (".xlsx", ".xlsm") and path.is_file():
            self._offer_sheets(path)

    def _offer_sheets(self, path: Path) -> None:
        """List the workbook's sheets (quick: names only); a problem shows at Next."""
        from desktop.domain.errors import UserFacingError
        from desktop.trackers.read import list_sheets

        try:
            sheets = list_sheets(path)
        except (UserFacingError, OSError, ValueError):
            return
        self._set_sheets(sheets, None)

    def _set_sheets(self, sheets: list[str], chosen: str | None) -> None:
        self.sheets = list(sheets)
        current = chosen or self.sheet_combo.currentData()
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        for name in sheets:
            self.sheet_combo.addItem(name, name)
        if current in sheets:
            self.sheet_combo.setCurrentIndex(sheets.index(current))
        self.sheet_combo.setEnabled(len(sheets) > 1)
        self.sheet_combo.blockSignals(False)

    def chosen_sheet(self) -> str | None:
        return self.sheet_combo.currentData() if self.sheet_combo.count() else None

    def read_file(self) -> None:
        path = Path(self.path_edit.text().strip()).expanduser()
        if not path.is_file():
            self.show_problem(f"There is no file at {path}. Choose the tracker with Browse.")
            return
        self.path = path
        self._start("read", f"Reading {path.name}…", _read_job(path, self.chosen_sheet()),
                    None, self._file_read)

    def _file_read(self, result) -> None:
        self._finished_job()
        sheets, table = result
        self._set_sheets(sheets, table.sheet)
        self.table = table
        self._fill_mapping(table)
        self._show_page(PAGE_COLUMNS)
        self.refresh_preview()

    # -- step 2: columns -----------------------------------------------------
    def _fill_mapping(self, table) -> None:
        from desktop.trackers.mapping import guess_mapping

        guess = guess_mapping(table.headers, [cells for _, cells in table.rows[:200]])
        names = [column_name(i, h) for i, h in enumerate(table.headers)]
        for field, combo in self.field_combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(NOT_USED, None)
            for index, name in enumerate(names):
                combo.addItem(name, index)
            chosen = guess.get(field)
            combo.setCurrentIndex(chosen + 1 if chosen is not None and chosen < len(names) else 0)
            combo.blockSignals(False)
        where = f"sheet “{table.sheet}”, " if table.sheet else ""
        dropped = len(getattr(table, "dropped", ()) or ())
        left_out = f" ({_plural(dropped, 'row')} left out: headings and notes)" if dropped else ""
        self.table_note.setText(
            f"Read {_plural(len(table.rows), 'row')} from {where}with the header in row "
            f"{table.header_row}{left_out}. The columns are guessed from their headers; change "
            "any that are wrong. Choose “(not in this tracker)” for a field it does not have.")

    def mapping(self) -> dict[str, int]:
        return {field: combo.currentData() for field, combo in self.field_combos.items()
                if combo.currentData() is not None}

    def _title_chosen(self) -> bool:
        return "title" in self.mapping()

    def refresh_preview(self, *_args) -> None:
        """Read the first rows with the mapping as it stands (quick: only those rows)."""
        self._update_buttons()
        if self.table is None:
            return
        from desktop.trackers.rows import parse_rows

        mapping = self.mapping()
        if "title" not in mapping:
            self.preview.setRowCount(0)
            self.preview_note.setText("Choose the column that holds the action (what the council "
                                      "will do): every action needs one.")
            return
        head = dataclasses.replace(self.table, rows=list(self.table.rows[:PREVIEW_ROWS]))
        parsed = parse_rows(head, mapping)
        # Rows dropped under the table (notes) are not among the first rows shown.
        last = head.rows[-1][0] if len(self.table.rows) > PREVIEW_ROWS else None
        skipped = [(n, why) for n, why in parsed.skipped if last is None or n <= last]
        shown = sorted([(r.row_number, r, None) for r in parsed.rows]
                       + [(number, None, reason) for number, reason in skipped],
                       key=lambda entry: entry[0])
        self.preview.setRowCount(len(shown))
        flagged = 0
        for line, (number, row, reason) in enumerate(shown):
            self.preview.setItem(line, 0, _plain_item(number))
            if row is None:
                self.preview.setItem(line, 1, _plain_item("Skipped", reason))
                self.preview.setItem(line, 3, _plain_item(reason, reason))
                for column in (2, *range(4, len(PREVIEW_HEADERS))):
                    self.preview.setItem(line, column, _plain_item(""))
                continue
            flags = "\n".join(f"• {f}" for f in row.flags)
            flagged += bool(row.flags)
            mark = f"⚑ {_plural(len(row.flags), 'flag')}" if row.flags else "OK"
            self.preview.setItem(line, 1, _plain_item(mark, flags or "Read in full."))
            for column, text in enumerate(_row_cells(row), start=2):
                self.preview.setItem(line, column, _plain_item(text, text))
        rest = len(self.table.rows) - min(len(self.table.rows), PREVIEW_ROWS)
        self.preview_note.setText(
            f"Of these rows, {flagged} flagged and {len(skipped)} skipped."
            + (f" {_plural(rest, 'more row')} will be read when you go on." if rest else "")
            + " Flagged rows are imported with what could be read; hover over “⚑” to see why.")

    def against_document_id(self) -> int | None:
        return self.inspection_combo.currentData()

    def make_plan(self) -> None:
        if not self._title_chosen():
            self.show_problem("Choose the column that holds the action.")
            return
        self._start("plan", "Comparing the tracker with the actions held…",
                    _plan_job(self.path, self.chosen_sheet(), self.mapping(),
                              self.against_document_id()),
                    self._ws, self._planned)

    # -- step 3: review ------------------------------------------------------
    def _plan_has_work(self) -> bool:
        return self.plan is not None and self._has_work

    def _planned(self, plan) -> None:
        self._finished_job()
        # The plan's lists are worked out on each use: read them once (50,000 rows add up).
        new, changed, unchanged, flagged = plan.new, plan.changed, plan.unchanged, plan.flagged
        self.plan, self._has_work = plan, bool(new or changed)
        parts = [_plural(len(new), "new action"), _plural(len(changed), "changed action"),
                 f"{len(unchanged)} unchanged", f"{len(flagged)} flagged",
                 f"{_plural(len(plan.skipped), 'row')} skipped"]
        note = "\n".join([*plan.notes, "The import would bring: " + ", ".join(parts) + "."])
        if not self._has_work:
            note += " There is nothing new to import: the actions held already match this tracker."
        elif changed:
            note += (" Changed status, RAG, due date and update text are recorded as a new dated "
                     "progress update; a moved due date counts as slippage.")
        self.review_note.setText(note)
        self.changes_list.clear()
        listed = {r.row_number for r in new[:LIST_LIMIT]} | {r.row_number for _, r, _ in changed[:LIST_LIMIT]}
        flags = {d.row.row_number: d.flags for d in flagged if d.row.row_number in listed}
        for row in new[:LIST_LIMIT]:
            self.changes_list.addItem(self._describe_row("New", row, (), flags))
        for _action_id, row, fields in changed[:LIST_LIMIT]:
            self.changes_list.addItem(self._describe_row("Changes", row, fields, flags))
        for number, reason in plan.skipped[:LIST_LIMIT]:
            self.changes_list.addItem(f"Skipped row {number}: {reason}")
        hidden = sum(max(0, len(part) - LIST_LIMIT) for part in (new, changed, plan.skipped))
        if hidden:
            self.changes_list.addItem(f"… and {hidden:,} more rows like these.")
        self._show_conflicts(plan)
        self._show_page(PAGE_REVIEW)

    @staticmethod
    def _describe_row(what: str, row, fields=(), flags=None) -> str:
        head = " · ".join(p for p in (row.reference, row.title[:80]) if p)
        changed = f" ({', '.join(str(f).replace('_text', '') for f in fields)})" if fields else ""
        row_flags = (flags or {}).get(row.row_number, row.flags)
        flags = f" — ⚑ {'; '.join(row_flags)}" if row_flags else ""
        return f"{what}: row {row.row_number}, {head}{changed}{flags}"

    def _show_conflicts(self, plan) -> None:
        conflicts = list(plan.conflicts)
        self.conflicts_box.setVisible(bool(conflicts))
        self.conflicts_list.clear()
        self.keep_radio.setChecked(True)
        if not conflicts:
            return
        refs = self._references(plan)
        self.conflicts_note.setText(
            f"The tracker would replace {_plural(len(conflicts), 'value')} you changed in the app. "
            "Choose whether to keep your edits:")
        for action_id, field, app_value, tracker_value in conflicts[:LIST_LIMIT]:
            name = FIELD_WORDS.get(str(field), str(field).replace("_", " "))
            self.conflicts_list.addItem(
                f"{refs.get(action_id, f'Action {action_id}')} · {name}: yours “{shown_value(app_value)}”, "
                f"the tracker's “{shown_value(tracker_value)}”")

    @staticmethod
    def _references(plan) -> dict[int, str]:
        """How to name the actions in conflicts: the tracker row's reference, else its title
        (from the plan itself: no reading on the GUI thread, however long the tracker)."""
        return {d.action_id: d.row.reference or d.row.title[:50]
                for d in plan.decisions if d.action_id is not None and d.conflicts}

    def overwrite_chosen(self) -> bool:
        return self.overwrite_radio.isChecked()

    # -- step 4: import ------------------------------------------------------
    def start_import(self) -> None:
        if not self._plan_has_work():
            return
        self._start("apply", "Importing… (Cancel stops it; nothing is changed then)",
                    _apply_job(self.plan, self.overwrite_chosen()), self._ws, self._imported)
        self._show_page(PAGE_RUN)

    def _imported(self, summary) -> None:
        self._finished_job()
        self.summary = summary
        self.summary_label.setText(summary_headline(summary))
        self.reasons_list.clear()
        # Thousands of flagged rows would take seconds to list; the first ones show the pattern.
        for reason in summary.reasons[:LIST_LIMIT]:
            self.reasons_list.addItem(str(reason))
        if len(summary.reasons) > LIST_LIMIT:
            self.reasons_list.addItem(f"… and {len(summary.reasons) - LIST_LIMIT:,} more "
                                      "(scrutiny-desk actions import prints them all).")
        if not summary.reasons:
            self.reasons_list.addItem("Every row was read in full.")
        self._show_page(PAGE_SUMMARY)
        self.imported.emit(summary)

    # -- background jobs -----------------------------------------------------
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
                try:
                    signal.disconnect()
                except (RuntimeError, TypeError):
                    pass
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
        page = {"read": PAGE_FILE, "plan": PAGE_COLUMNS, "apply": PAGE_REVIEW}.get(job, PAGE_FILE)
        if job == "apply":
            message += " Nothing was changed."
        self._show_page(page)
        self.show_problem(message)
