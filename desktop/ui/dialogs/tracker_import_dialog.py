"""Import the council's action tracker (CSV or XLSX), one step at a time.

1. File and sheet: every sheet of a workbook is offered.
2. Columns: which column holds which field, the app's guess pre-filled and
   changeable; a live preview of the first rows as they would be read, with
   what each row's flags say; the inspection whose recommendations a reference
   column ("Rec 3", "R3") means.
3. Review: what the import would add, change and leave alone, and how many rows
   link to recommendations; a change to a field typed in the app, or to another
   plan's action, is listed with a tick box (unticked: kept as it is); an import
   that links nothing, or would add more actions than its plan holds, is a
   warning to tick before Import is possible (and Import is not the default).
4. Import: in the background (the window's TaskRunner) with progress and Cancel.
5. Summary: imported, updated, unchanged, flagged and skipped, with reasons, and
   "Undo this import" (on the write lane, like the import).

When the tracker does not name its council, no inspection is chosen for the
user: the combo asks for one, offering the inspection chosen last time for the
plan the file updates (remembered in the workspace, on the plan).

Reading the file, planning and importing all run on the worker thread, so the
window stays responsive with a 50,000-row tracker. Every cell shown is plain
text (table items and labels in PlainText format).

This module holds the dialog and its steps; the pages' widgets and wording are
in ``tracker_import_pages``, the background jobs in ``tracker_import_jobs``.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.dialogs.tracker_import_jobs import (
    TrackerImportJobs,
    _apply_job,
    _plan_job,
    _read_job,
    _undo_job,
)
from desktop.ui.dialogs.tracker_import_pages import (
    CHOOSE_FOR_ME,
    FIELD_WORDS,
    LAST_TIME,
    LIST_LIMIT,
    NEW_PLAN,
    NO_POSITION_DATE,
    NOT_USED,
    PAGE_COLUMNS,
    PAGE_FILE,
    PAGE_REVIEW,
    PAGE_RUN,
    PAGE_SUMMARY,
    PICK_ONE,
    PLAN_FOR_ME,
    PREVIEW_FIELDS,
    PREVIEW_HEADERS,
    PREVIEW_ROWS,
    TrackerImportPages,
    _plain_item,
    _plural,
    _row_cells,
    column_letter,
    column_name,
    shown_value,
    summary_headline,
)
from desktop.ui.tasks import TaskHandle, TaskRunner
from desktop.ui.widgets.plain_labels import error_label, plain_label

# The pages and their words, and the background jobs, live in sibling modules;
# what callers and tests use stays importable from here.
__all__ = [
    "CHOOSE_FOR_ME", "FIELD_WORDS", "LIST_LIMIT", "NOT_USED", "PAGE_COLUMNS", "PAGE_FILE",
    "PAGE_REVIEW", "PAGE_RUN", "PAGE_SUMMARY", "PREVIEW_FIELDS", "PREVIEW_HEADERS",
    "PREVIEW_ROWS", "TRACKER_FILTER", "TrackerImportDialog", "choose_tracker_file",
    "column_letter", "column_name", "shown_value", "summary_headline",
]

TRACKER_FILTER = "Action trackers (*.xlsx *.xlsm *.csv *.txt);;All files (*)"


def choose_tracker_file(parent: QWidget | None) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, "Import action tracker", "", TRACKER_FILTER)
    return Path(name) if name else None


def confirm_undo(parent: QWidget | None) -> bool:
    """Ask before undoing an import (tests replace this)."""
    from PySide6.QtWidgets import QMessageBox

    answer = QMessageBox.question(
        parent, "Undo tracker import",
        "Put back every field the import changed, remove the progress updates and links it "
        "added, and move the actions it added to the trash? Anything changed since the import "
        "is left as it is, and so are actions you have added evidence or notes to.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


class TrackerImportDialog(TrackerImportPages, TrackerImportJobs, QDialog):
    """The steps of a tracker import; emits ``imported`` with the summary when done."""

    imported = Signal(object)  # TrackerImportSummary
    undone = Signal(object)  # UndoReport: the import was taken back from the summary page

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
        self._found_position = None  # the position date read from the file, if any
        self.hint = None  # LinkingHint: does the tracker name its council, what was chosen last
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
        warned = page == PAGE_REVIEW and self.plan is not None and bool(self.plan.warnings)
        self.next_button.setVisible(page in (PAGE_FILE, PAGE_COLUMNS, PAGE_REVIEW))
        self.next_button.setText("&Import" if page == PAGE_REVIEW else "&Next >")
        self.next_button.setAccessibleName("Import" if page == PAGE_REVIEW else "Next step")
        ready = {PAGE_FILE: bool(self.path_edit.text().strip()),
                 PAGE_COLUMNS: self._title_chosen(),
                 PAGE_REVIEW: self.plan is not None and self._plan_has_work()
                 and (not warned or self.warning_check.isChecked())}.get(page, False)
        self.next_button.setEnabled(ready and not busy)
        # With a warning, Enter must not import: Back (to choose the inspection) is the default.
        self.next_button.setDefault(not warned)
        self.next_button.setAutoDefault(not warned)
        self.back_button.setDefault(warned)
        self.undo_button.setVisible(page == PAGE_SUMMARY and self.summary is not None
                                    and getattr(self.summary, "import_id", None) is not None)
        self.undo_button.setEnabled(not busy)
        if page == PAGE_SUMMARY:
            self.close_button.setText("&Close")
            self.close_button.setAccessibleName("Close")
        else:
            self.close_button.setText("Cancel")
            self.close_button.setAccessibleName("Cancel the import")
        # An undo is one short transaction with no Cancel: it finishes before the dialog closes.
        self.close_button.setEnabled(not (busy and (self.handle.cancel_requested
                                                    or self._job == "undo")))

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
        if self.handle is not None and self._job == "undo":
            return
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
                    self._ws, self._file_read)

    def _file_read(self, result) -> None:
        self._finished_job()
        sheets, table, hint = result
        self._set_sheets(sheets, table.sheet)
        self.table, self.hint = table, hint
        self._fill_mapping(table)
        self._offer_inspection(hint)
        self._offer_plans(hint)
        self._offer_position_date(hint)
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
        where = f" from sheet “{table.sheet}”" if table.sheet else ""
        dropped = len(getattr(table, "dropped", ()) or ())
        left_out = f" ({_plural(dropped, 'row')} left out: headings and notes)" if dropped else ""
        self.table_note.setText(
            f"Read {_plural(len(table.rows), 'row')}{where}, with the header in row "
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

    def _offer_inspection(self, hint) -> None:
        """Choose for the user only when the tracker names its council; else ask, offering
        what was chosen last time for this plan."""
        combo = self.inspection_combo
        names = hint is None or hint.names_council
        combo.setItemText(0, CHOOSE_FOR_ME if names else PICK_ONE)
        for index in range(1, combo.count()):
            combo.setItemText(index, combo.itemText(index).removeprefix(LAST_TIME))
        remembered = combo.findData(hint.remembered_against) if hint and hint.remembered_against \
            else -1
        if remembered > 0:
            combo.setItemText(remembered, LAST_TIME + combo.itemText(remembered))
        if remembered > 0 and not names:
            combo.setCurrentIndex(remembered)
        elif combo.currentIndex() < 0:
            combo.setCurrentIndex(0)

    def against_document_id(self) -> int | None:
        return self.inspection_combo.currentData()

    def _offer_plans(self, hint) -> None:
        """Every plan held, the one the tracker would update chosen; or a new one."""
        combo = self.plan_combo
        combo.clear()
        combo.addItem(PLAN_FOR_ME, None)
        for plan_id, name, council in (hint.plans if hint else ()):
            combo.addItem(f"Plan {plan_id}: {name}" + (f" ({council})" if council else ""), plan_id)
        combo.addItem(NEW_PLAN, NEW_PLAN)
        chosen = combo.findData(hint.plan_id) if hint and hint.plan_id is not None else -1
        if chosen > 0:
            combo.setItemText(0, f"Chosen for you: {combo.itemText(chosen)}")
            why = "the plan this file was last imported as, or the one whose actions it lists"
        else:
            combo.setItemText(0, "Chosen for you: a new plan")
            why = "no plan held is this tracker's"
        combo.setItemData(0, f"{combo.itemText(0)} ({why})", Qt.ItemDataRole.ToolTipRole)
        combo.setToolTip("The improvement plan this tracker updates: rows are matched only with "
                         "that plan's actions")

    def _offer_position_date(self, hint) -> None:
        found = hint.position_date if hint else None
        self._found_position = found
        self.position_field.set_value(found)
        self.position_note.setText(f"read from the {hint.position_source}" if found and hint
                                   else NO_POSITION_DATE)

    def _position_date(self) -> tuple[bool, object]:
        """(ok, the date to give the plan): None keeps the one read from the file."""
        try:
            typed = self.position_field.value()
        except ValueError as error:
            self.show_problem(f"Position as at: {error}")
            return False, None
        if typed is None:
            self.show_problem("Type the date the tracker reports its position at (it is not in the "
                              "file): every update and slip it records will carry that date.")
            self.position_field.setFocus()
            return False, None
        return True, (None if typed == self._found_position else typed)

    def make_plan(self) -> None:
        if not self._title_chosen():
            self.show_problem("Choose the column that holds the action.")
            return
        ok, as_at = self._position_date()
        if not ok:
            return
        chosen = self.plan_combo.currentData()
        self._start("plan", "Comparing the tracker with the actions held…",
                    _plan_job(self.path, self.chosen_sheet(), self.mapping(),
                              self.against_document_id(), plan_id=chosen if isinstance(chosen, int) else None,
                              new_plan=chosen == NEW_PLAN, as_at=as_at),
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
        held_back = len(plan.held_back)
        if held_back:
            parts.append(_plural(held_back, "row") + " of another plan's actions (tick to update)")
        note = "\n".join([*plan.notes, plan.link_line(),
                          "The import would bring: " + ", ".join(parts) + "."])
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
        self._show_warnings(plan)
        self._show_page(PAGE_REVIEW)

    def _show_warnings(self, plan) -> None:
        warnings = plan.warnings
        self.warning_box.setVisible(bool(warnings))
        self.warning_check.blockSignals(True)
        self.warning_check.setChecked(False)
        self.warning_check.blockSignals(False)
        self.warning_label.setText("\n".join(f"⚠ {w}" for w in warnings))

    @staticmethod
    def _describe_row(what: str, row, fields=(), flags=None) -> str:
        head = " · ".join(p for p in (row.reference, row.title[:80]) if p)
        changed = f" ({', '.join(str(f).replace('_text', '') for f in fields)})" if fields else ""
        row_flags = (flags or {}).get(row.row_number, row.flags)
        flags = f" — ⚑ {'; '.join(row_flags)}" if row_flags else ""
        return f"{what}: row {row.row_number}, {head}{changed}{flags}"

    def _show_conflicts(self, plan) -> None:
        """One tick box per change that needs the user's word, unticked: nothing the user
        typed, and no other plan's action, changes unless ticked."""
        asked = list(plan.to_confirm)
        self.conflicts_box.setVisible(bool(asked))
        self.conflicts_list.clear()
        if not asked:
            return
        refs = self._references(plan)
        edits = sum(1 for _d, name, _a, _t in asked if name != "plan")
        others = len(asked) - edits
        parts = ([_plural(edits, "value") + " you changed in the app"] if edits else []) + (
            [_plural(others, "row") + " that are another plan's actions"] if others else [])
        self.conflicts_note.setText(
            "The tracker would change " + " and ".join(parts) + ". Tick what it may change; "
            "anything unticked is left as it is:")
        for decision, name, app_value, tracker_value in asked[:LIST_LIMIT]:
            who = refs.get(decision.action_id, f"Action {decision.action_id}")
            if name == "plan":
                text = (f"{who} · row {decision.row.row_number} is action {decision.action_id} of "
                        f"plan {app_value}, another plan: update that action")
            else:
                label = FIELD_WORDS.get(str(name), str(name).replace("_", " "))
                text = (f"{who} · {label}: yours “{shown_value(app_value)}”, the tracker's "
                        f"“{shown_value(tracker_value)}”")
            item = QListWidgetItem(text)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, (decision.row.row_number, str(name)))
            self.conflicts_list.addItem(item)

    @staticmethod
    def _references(plan) -> dict[int, str]:
        """How to name the actions in conflicts: the tracker row's reference, else its title
        (from the plan itself: no reading on the GUI thread, however long the tracker)."""
        return {d.action_id: d.row.reference or d.row.title[:50]
                for d in plan.decisions if d.action_id is not None and d.to_confirm}

    def confirmed(self) -> frozenset:
        """(row number, field) of each change ticked."""
        found = set()
        for index in range(self.conflicts_list.count()):
            item = self.conflicts_list.item(index)
            if item.checkState() == Qt.CheckState.Checked:
                found.add(tuple(item.data(Qt.ItemDataRole.UserRole)))
        return frozenset(found)

    # -- step 4: import ------------------------------------------------------
    def start_import(self) -> None:
        if not self._plan_has_work():
            return
        if self.plan.warnings and not self.warning_check.isChecked():
            return
        self._start("apply", "Importing… (Cancel stops it; nothing is changed then)",
                    _apply_job(self.plan, self.confirmed()), self._ws, self._imported)
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
        self.undo_label.setVisible(False)
        self._show_page(PAGE_SUMMARY)
        self.imported.emit(summary)

    # -- undo, from the summary -------------------------------------------------
    def undo_import(self) -> None:
        import_id = getattr(self.summary, "import_id", None)
        if import_id is None or self.handle is not None or not confirm_undo(self):
            return
        self._start("undo", "Undoing the import…", _undo_job(import_id), self._ws, self._undone)

    def _undone(self, report) -> None:
        self._finished_job()
        self.summary = None  # undone: nothing left to undo here
        self.step_label.setText("Undone")
        self.undo_label.setText(report.describe())
        self.undo_label.setVisible(True)
        self._update_buttons()
        self.undone.emit(report)
