"""The tracker import dialog: file and sheet, the column mapping with its live
preview, the inspection picker, the review of changes and conflicts, the
background import with Cancel, and the summary; and the same through the window."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from desktop.domain.documents import DocType
from desktop.services import actions as actions_service
from desktop.ui.dialogs import tracker_import_dialog as tid
from desktop.ui.dialogs.tracker_import_dialog import (
    NOT_USED,
    PAGE_COLUMNS,
    PAGE_FILE,
    PAGE_REVIEW,
    PAGE_SUMMARY,
    TrackerImportDialog,
)
from desktop.ui.tasks import TaskRunner
from tests import tracker_files

WAIT_MS = 30_000
REPORT = ["Inspection of Wexcombe Borough Council children's services", "Recommendations"] + [
    f"{n}. Recommendation number {n} about children's services in Wexcombe." for n in range(1, 7)]


@pytest.fixture
def ws(workspace_path, add_document, add_recommendations):
    """A workspace holding an inspection with recommendations 1 to 6 (and an older one)."""
    from desktop.storage.workspace import open_workspace

    workspace = open_workspace(workspace_path)
    ids = {}
    for when, title in ((date(2019, 1, 10), "Older inspection of Wexcombe"),
                        (date(2023, 3, 1), "Inspection of Wexcombe children's services")):
        doc_id = add_document(workspace, title, REPORT, doc_type=DocType.INSPECTION_REPORT,
                              authority="Wexcombe", when=when)
        rec_ids = add_recommendations(workspace, doc_id, range(2, len(REPORT)), issued=when)
        ids.update({(when.year, str(n)): rec_id for n, rec_id in enumerate(rec_ids, start=1)})
        ids[when.year] = doc_id
    workspace.test_ids = ids
    yield workspace
    workspace.close()


TYPED_POSITION = date.today()  # what the import dated undated rows with before it asked


@pytest.fixture
def make_dialog(qtbot):
    """Dialogs on the workspace; where a tracker gives no position date, the user types
    TYPED_POSITION on the columns page, as the dialog asks (``ask_date=False`` leaves it)."""
    runners = []

    def make(workspace, path=None, *, ask_date=True):
        runner = TaskRunner()
        runners.append(runner)
        dialog = TrackerImportDialog(workspace, runner, None, path=path)
        qtbot.addWidget(dialog)

        def typed(page: int) -> None:
            if ask_date and page == PAGE_COLUMNS and not dialog.position_field.text().strip():
                dialog.position_field.set_value(TYPED_POSITION)

        dialog.pages.currentChanged.connect(typed)
        return dialog

    yield make
    for runner in runners:
        runner.wait()


def wait_page(qtbot, dialog, page):
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == page and dialog.handle is None,
                    timeout=WAIT_MS)


def preview_column(dialog, column: int) -> list[str]:
    table = dialog.preview
    return [table.item(r, column).text() if table.item(r, column) else "" for r in range(table.rowCount())]


def go_to_columns(qtbot, dialog):
    assert dialog.next_button.isEnabled()
    dialog.next_button.click()
    wait_page(qtbot, dialog, PAGE_COLUMNS)


def test_mapping_is_guessed_shown_and_changeable_with_a_live_preview(qtbot, ws, make_dialog, tmp_path):
    path = tracker_files.write_simple_csv(tmp_path / "plan.csv")
    dialog = make_dialog(ws, path)
    assert dialog.pages.currentIndex() == PAGE_FILE and not dialog.sheet_combo.isEnabled()
    go_to_columns(qtbot, dialog)
    combos = dialog.field_combos
    assert combos["title"].currentText() == "C: Action"
    assert combos["owner"].currentText() == "D: Lead officer"
    assert combos["due"].currentText() == "E: Target date"
    assert combos["recommendation_ref"].currentText() == "B: Ofsted recommendation"
    assert "header in row 1" in dialog.table_note.text() and "7 rows" in dialog.table_note.text()
    # Unless the user picks an inspection, the service reads numbers against the newest one.
    assert dialog.against_document_id() is None and dialog.inspection_combo.count() == 3
    assert preview_column(dialog, 2) == ["1.1", "1.2", "2.1", "3.1", "4.1", "5.1", "5.2"]
    assert preview_column(dialog, 4)[0] == "Head of MASH"
    assert preview_column(dialog, 5)[0] == "31/03/2024 (2024-03-31)"
    checks = preview_column(dialog, 1)
    assert checks[0] == "OK" and checks[5].startswith("⚑") and checks[6].startswith("⚑")
    assert "31/13/2023" in dialog.preview.item(5, 1).toolTip()

    combos["owner"].setCurrentIndex(combos["owner"].findText(NOT_USED))  # the preview follows
    assert preview_column(dialog, 4) == [""] * 7
    combos["owner"].setCurrentIndex(combos["owner"].findText("F: Status"))
    assert preview_column(dialog, 4)[0] == "On track"
    combos["title"].setCurrentIndex(0)
    assert not dialog.next_button.isEnabled() and dialog.preview.rowCount() == 0
    assert "Choose the column that holds the action" in dialog.preview_note.text()


def test_a_first_import_links_numbers_to_the_chosen_inspection_and_sums_up(qtbot, ws, make_dialog,
                                                                           tmp_path):
    path = tracker_files.write_simple_csv(tmp_path / "plan.csv")
    dialog = make_dialog(ws, path)
    go_to_columns(qtbot, dialog)
    older = dialog.inspection_combo.findData(ws.test_ids[2019])
    dialog.inspection_combo.setCurrentIndex(older)
    dialog.next_button.click()
    wait_page(qtbot, dialog, PAGE_REVIEW)
    assert "7 new actions" in dialog.review_note.text()
    assert not dialog.conflicts_box.isVisibleTo(dialog)
    assert dialog.next_button.text().replace("&", "") == "Import"
    with qtbot.waitSignal(dialog.imported, timeout=WAIT_MS) as signal:
        dialog.next_button.click()
    wait_page(qtbot, dialog, PAGE_SUMMARY)
    summary = signal.args[0]
    assert (summary.imported, summary.flagged, summary.skipped) == (7, 2, 0)
    assert "7 imported" in dialog.summary_label.text()
    reasons = [dialog.reasons_list.item(i).text() for i in range(dialog.reasons_list.count())]
    assert any("31/13/2023" in r for r in reasons)
    assert dialog.close_button.text().replace("&", "") == "Close"
    actions = {a.reference: a for a in actions_service.list_actions(ws)}
    assert set(actions) == {"1.1", "1.2", "2.1", "3.1", "4.1", "5.1", "5.2"}
    assert actions["1.1"].recommendation_ids == (ws.test_ids[(2019, "1")],)
    assert set(actions["3.1"].recommendation_ids) == {ws.test_ids[(2019, "3")], ws.test_ids[(2019, "4")]}


def test_without_a_choice_numbers_are_read_against_the_newest_inspection(qtbot, ws, make_dialog,
                                                                        tmp_path):
    dialog = make_dialog(ws, tracker_files.write_simple_csv(tmp_path / "Wexcombe plan.csv"))
    go_to_columns(qtbot, dialog)
    dialog.next_button.click()
    wait_page(qtbot, dialog, PAGE_REVIEW)
    assert "read against “Inspection of Wexcombe children's services, 2023-03-01”" in \
        dialog.review_note.text()
    with qtbot.waitSignal(dialog.imported, timeout=WAIT_MS):
        dialog.next_button.click()
    actions = {a.reference: a for a in actions_service.list_actions(ws)}
    assert actions["1.1"].recommendation_ids == (ws.test_ids[(2023, "1")],)


def test_a_workbook_offers_every_sheet_and_finds_a_header_below_the_title(qtbot, ws, make_dialog,
                                                                         tmp_path):
    path = tracker_files.write_council_xlsx(tmp_path / "council plan.xlsx")
    dialog = make_dialog(ws, path)
    sheets = [dialog.sheet_combo.itemText(i) for i in range(dialog.sheet_combo.count())]
    assert sheets == ["Improvement Plan", "Key"] and dialog.sheet_combo.isEnabled()
    go_to_columns(qtbot, dialog)
    assert "sheet “Improvement Plan”" in dialog.table_note.text()
    assert "header in row 4" in dialog.table_note.text()
    checks = preview_column(dialog, 1)
    read = [n for n, check in enumerate(checks) if check != "Skipped"]
    assert [preview_column(dialog, 2)[n] for n in read] == ["1.1", "1.2", "2.1", "3.1"]
    assert dialog.field_combos["rag"].currentText() == "F: RAG"
    # from fill colours
    assert [preview_column(dialog, 7)[n] for n in read] == ["Green", "Amber", "Red", "Blue"]
    # The section headings across the table are shown as skipped, with the reason.
    skipped = [n for n, check in enumerate(checks) if check == "Skipped"]
    assert [preview_column(dialog, 0)[n] for n in skipped][:2] == ["6", "11"]
    assert "Theme 1" in preview_column(dialog, 3)[skipped[0]] or \
        "heading" in preview_column(dialog, 3)[skipped[0]]
    dialog.go_back()
    dialog.sheet_combo.setCurrentIndex(1)
    dialog.next_button.click()
    qtbot.waitUntil(lambda: dialog.handle is None, timeout=WAIT_MS)
    # The key sheet is not a plan: read as it is, or refused with a reason; never a crash.
    assert dialog.pages.currentIndex() in (PAGE_FILE, PAGE_COLUMNS)


@pytest.mark.parametrize("writer", [tracker_files.write_not_a_spreadsheet, tracker_files.write_empty,
                                    tracker_files.write_password_protected_xlsx,
                                    tracker_files.write_truncated_xlsx])
def test_a_bad_file_is_refused_with_a_reason_and_nothing_changes(qtbot, ws, make_dialog, tmp_path,
                                                                 writer):
    path = writer(tmp_path / "plan.xlsx")
    dialog = make_dialog(ws, path)
    dialog.next_button.click()
    qtbot.waitUntil(lambda: dialog.handle is None, timeout=WAIT_MS)
    assert dialog.pages.currentIndex() == PAGE_FILE
    assert dialog.problem.isVisibleTo(dialog) and "plan.xlsx" in dialog.problem.text()
    assert "Error" not in dialog.problem.text() and "Traceback" not in dialog.problem.text()
    assert actions_service.list_actions(ws) == []


def test_a_missing_file_is_named(qtbot, ws, make_dialog, tmp_path):
    dialog = make_dialog(ws, tmp_path / "nowhere.csv")
    dialog.next_button.click()
    assert dialog.pages.currentIndex() == PAGE_FILE and "nowhere.csv" in dialog.problem.text()


def test_reimport_lists_edits_the_tracker_would_replace_and_keeps_them_unless_asked(
        qtbot, ws, make_dialog, tmp_path):
    from desktop.services.tracker_import import apply_tracker_import, plan_tracker_import

    first = tracker_files.write_simple_csv(tmp_path / "plan Q1.csv")
    apply_tracker_import(ws, plan_tracker_import(ws, first, against_document_id=ws.test_ids[2023]))
    held = {a.reference: a for a in actions_service.list_actions(ws)}
    actions_service.edit_action(ws, held["1.2"].id, {"due_text": "31/10/2024"})  # typed in the app
    second = tracker_files.write_simple_csv(tmp_path / "plan Q2.csv", tracker_files.tracker_rows(2))
    dialog = make_dialog(ws, second)
    go_to_columns(qtbot, dialog)
    dialog.next_button.click()
    wait_page(qtbot, dialog, PAGE_REVIEW)
    assert "1 new action" in dialog.review_note.text()
    assert dialog.conflicts_box.isVisibleTo(dialog) and dialog.confirmed() == frozenset()
    conflicts = [dialog.conflicts_list.item(i).text() for i in range(dialog.conflicts_list.count())]
    assert any(c.startswith("1.2 · due date:") and "31/10/2024" in c and "30/09/2024" in c
               for c in conflicts), conflicts
    with qtbot.waitSignal(dialog.imported, timeout=WAIT_MS) as signal:
        dialog.next_button.click()
    assert signal.args[0].imported == 1 and signal.args[0].conflicts_kept >= 1
    after = {a.reference: a for a in actions_service.list_actions(ws)}
    assert after["1.2"].due_text == "31/10/2024"  # the user's edit was kept
    assert after["1.1"].status.value == "complete"  # the tracker's other news came in
    assert after["1.1"].updates[0].text.startswith("Audit programme embedded")
    assert len(after) == 8  # nothing duplicated


def test_cancel_during_the_import_changes_nothing_and_closes(qtbot, ws, make_dialog, tmp_path,
                                                            monkeypatch):
    import threading

    from desktop.domain.errors import Cancelled
    from desktop.services import tracker_import

    started = threading.Event()

    def slow_apply(ws_, plan, *, overwrite_conflicts=False, progress=None, cancel=None, **_):
        started.set()
        progress(0, len(plan.rows))
        while not cancel():
            threading.Event().wait(0.01)
        raise Cancelled()

    monkeypatch.setattr(tracker_import, "apply_tracker_import", slow_apply)
    dialog = make_dialog(ws, tracker_files.write_simple_csv(tmp_path / "plan.csv"))
    go_to_columns(qtbot, dialog)
    dialog.next_button.click()
    wait_page(qtbot, dialog, PAGE_REVIEW)
    dialog.show()
    dialog.warning_check.setChecked(True)  # "plan.csv" names no council: it links nothing
    dialog.next_button.click()
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: dialog.progress.maximum() == 7, timeout=WAIT_MS)
    dialog.close_button.click()  # Cancel
    assert "Stopping" in dialog.run_label.text()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    assert dialog.result() == TrackerImportDialog.DialogCode.Rejected
    assert actions_service.list_actions(ws) == []


def test_file_import_action_tracker_runs_through_the_window(qtbot, make_window, ws, tmp_path,
                                                           monkeypatch):
    path = tracker_files.write_simple_xlsx(tmp_path / "Wexcombe plan.xlsx")
    monkeypatch.setattr(tid, "choose_tracker_file", lambda parent: path)
    ws_path = ws.path
    ws.close()
    window = make_window(ws_path)
    window.actions_.import_tracker.trigger()
    dialog = window.actions_controller.last_import_dialog
    assert dialog is not None and dialog.isVisible() and dialog.parent() is window
    browse = [b for b in dialog.findChildren(type(dialog.next_button))
              if b.accessibleName() == "Choose the tracker file"][0]
    browse.click()
    assert dialog.path_edit.text() == str(path)
    assert [dialog.sheet_combo.itemText(i) for i in range(dialog.sheet_combo.count())] == ["Action plan"]
    go_to_columns(qtbot, dialog)
    dialog.position_field.setText("31/12/2024")  # the file gives no position date: the user types it
    dialog.next_button.click()
    wait_page(qtbot, dialog, PAGE_REVIEW)
    with qtbot.waitSignal(dialog.imported, timeout=WAIT_MS):
        dialog.next_button.click()
    assert window.tabs.currentWidget() is window.actions_tab
    assert window.actions_tab.model.rowCount() == 7
    assert "7 imported" in window.statusBar().currentMessage()
    dialog.close_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)


def test_cell_text_is_never_rendered_as_markup(qtbot, ws, make_dialog, tmp_path):
    rows = tracker_files.tracker_rows()
    rows[0]["Action"] = "<img src=x> <b>Strengthen</b> oversight"
    dialog = make_dialog(ws, tracker_files.write_simple_csv(tmp_path / "plan.csv", rows))
    go_to_columns(qtbot, dialog)
    item = dialog.preview.item(0, 3)
    assert item.text() == "<img src=x> <b>Strengthen</b> oversight"
    assert "&lt;img" in item.toolTip()
    assert dialog.preview.item(0, 3).data(Qt.ItemDataRole.DisplayRole).startswith("<img")


def test_thousands_of_reasons_are_summed_up_not_all_listed(qtbot, ws, make_dialog):
    from desktop.services.tracker_import import TrackerImportSummary

    summary = TrackerImportSummary(imported=1200, flagged=1200, file_name="plan.xlsx",
                                   reasons=[f"Row {n}: flagged, “Purple” is not a RAG rating"
                                            for n in range(2, 1202)])
    dialog = make_dialog(ws)
    with qtbot.waitSignal(dialog.imported):
        dialog._imported(summary)
    assert dialog.pages.currentIndex() == PAGE_SUMMARY
    assert dialog.summary_label.text().startswith("plan.xlsx: 1200 imported")
    assert "Row 2" not in dialog.summary_label.text()  # the reasons are listed below, once
    assert dialog.reasons_list.count() == tid.LIST_LIMIT + 1
    assert dialog.reasons_list.item(tid.LIST_LIMIT).text().startswith("… and 700 more")


def test_column_letters_name_spreadsheet_columns():
    assert [tid.column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == \
        ["A", "Z", "AA", "AB", "ZZ", "AAA"]
    assert tid.column_name(2, "  Lead \n officer ") == "C: Lead officer"
    assert tid.column_name(3, "") == "Column D"
    assert tid.shown_value("at_risk") == "At risk" and tid.shown_value(None) == "none"


# -- issue 13: a tracker that does not name its council cannot link wrongly by default --

def test_no_council_named_nothing_is_chosen_the_warning_must_be_ticked_and_the_choice_is_offered(
        qtbot, ws, make_dialog, tmp_path):
    from desktop.ui.dialogs.tracker_import_pages import LAST_TIME, PICK_ONE

    path = tracker_files.write_simple_csv(tmp_path / "plan.csv")
    dialog = make_dialog(ws, path)
    go_to_columns(qtbot, dialog)
    assert dialog.inspection_combo.currentText() == PICK_ONE and dialog.against_document_id() is None
    dialog.next_button.click()
    wait_page(qtbot, dialog, PAGE_REVIEW)
    assert "0 rows link to recommendations; 7 do not." in dialog.review_note.text()
    assert dialog.warning_box.isVisibleTo(dialog) and "No row links" in dialog.warning_label.text()
    # Import cannot be pressed (nor reached with Enter) until the warning is ticked.
    assert not dialog.next_button.isEnabled() and not dialog.next_button.isDefault()
    assert dialog.back_button.isDefault()
    dialog.warning_check.setChecked(True)
    assert dialog.next_button.isEnabled() and not dialog.next_button.isDefault()

    dialog.go_back()
    dialog.inspection_combo.setCurrentIndex(dialog.inspection_combo.findData(ws.test_ids[2019]))
    dialog.next_button.click()
    wait_page(qtbot, dialog, PAGE_REVIEW)
    assert "7 rows link to recommendations; 0 do not." in dialog.review_note.text()
    assert not dialog.warning_box.isVisibleTo(dialog)
    assert dialog.next_button.isEnabled() and dialog.next_button.isDefault()
    with qtbot.waitSignal(dialog.imported, timeout=WAIT_MS):
        dialog.next_button.click()

    # The next quarter's file (another name) is the same plan: the choice made is offered.
    again = make_dialog(ws, tracker_files.write_simple_csv(tmp_path / "plan Q2.csv",
                                                           tracker_files.tracker_rows(2)))
    go_to_columns(qtbot, again)
    assert again.against_document_id() == ws.test_ids[2019]
    assert again.inspection_combo.currentText().startswith(LAST_TIME)


def test_a_re_issue_adding_more_actions_than_its_plan_holds_must_be_confirmed(qtbot, ws,
                                                                             make_dialog, tmp_path):
    from desktop.services.tracker_import import apply_tracker_import, plan_tracker_import

    small = tracker_files.write_simple_csv(tmp_path / "Wexcombe plan.csv",
                                           tracker_files.tracker_rows()[:2])
    apply_tracker_import(ws, plan_tracker_import(ws, small))
    renumbered = tracker_files.tracker_rows()
    for n, row in enumerate(renumbered):
        row["Ref"] = f"A{n}"
        if n > 1:
            row["Action"] += " (renumbered)"
    path = tracker_files.write_simple_csv(tmp_path / "Wexcombe plan.csv", renumbered)
    dialog = make_dialog(ws, path)
    go_to_columns(qtbot, dialog)
    dialog.next_button.click()
    wait_page(qtbot, dialog, PAGE_REVIEW)
    assert "5 new actions to a plan that holds 2" in dialog.warning_label.text()
    assert not dialog.next_button.isEnabled() and not dialog.next_button.isDefault()


def test_ticking_one_edit_lets_the_tracker_replace_only_that_one(qtbot, ws, make_dialog, tmp_path):
    from desktop.services.tracker_import import apply_tracker_import, plan_tracker_import

    first = tracker_files.write_simple_csv(tmp_path / "plan Q1.csv")
    apply_tracker_import(ws, plan_tracker_import(ws, first, against_document_id=ws.test_ids[2023]))
    held = {a.reference: a for a in actions_service.list_actions(ws)}
    actions_service.edit_action(ws, held["1.2"].id, {"due_text": "31/10/2024"})
    actions_service.edit_action(ws, held["1.1"].id, {"owner": "Ann Jones"})
    second = tracker_files.write_simple_csv(tmp_path / "plan Q2.csv", tracker_files.tracker_rows(2))
    dialog = make_dialog(ws, second)
    go_to_columns(qtbot, dialog)
    dialog.next_button.click()
    wait_page(qtbot, dialog, PAGE_REVIEW)
    items = [dialog.conflicts_list.item(i) for i in range(dialog.conflicts_list.count())]
    assert all(i.checkState() == Qt.CheckState.Unchecked for i in items)
    due = next(i for i in items if i.text().startswith("1.2 · due date"))
    due.setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(dialog.imported, timeout=WAIT_MS):
        dialog.next_button.click()
    after = {a.reference: a for a in actions_service.list_actions(ws)}
    assert after["1.2"].due_text == "30/09/2024"  # ticked: the tracker's
    assert after["1.1"].owner == "Ann Jones"  # not ticked: the user's


# -- undo -------------------------------------------------------------------------------

def test_undo_from_the_summary_takes_the_import_back(qtbot, ws, make_dialog, tmp_path, monkeypatch):
    monkeypatch.setattr(tid, "confirm_undo", lambda parent: True)
    dialog = make_dialog(ws, tracker_files.write_simple_csv(tmp_path / "Wexcombe plan.csv"))
    go_to_columns(qtbot, dialog)
    dialog.next_button.click()
    wait_page(qtbot, dialog, PAGE_REVIEW)
    with qtbot.waitSignal(dialog.imported, timeout=WAIT_MS):
        dialog.next_button.click()
    wait_page(qtbot, dialog, PAGE_SUMMARY)
    assert len(actions_service.list_actions(ws)) == 7
    assert dialog.undo_button.isVisibleTo(dialog) and dialog.undo_button.isEnabled()
    with qtbot.waitSignal(dialog.undone, timeout=WAIT_MS) as signal:
        dialog.undo_button.click()
    qtbot.waitUntil(lambda: dialog.handle is None, timeout=WAIT_MS)
    assert len(signal.args[0].removed) == 7 and actions_service.list_actions(ws) == []
    assert "Undid tracker import" in dialog.undo_label.text()
    assert not dialog.undo_button.isVisibleTo(dialog)  # nothing left to undo


def test_edit_menu_lists_imports_and_undoes_the_chosen_one(qtbot, make_window, ws, tmp_path,
                                                          monkeypatch):
    from desktop.services.tracker_import import apply_tracker_import, plan_tracker_import

    monkeypatch.setattr(tid, "confirm_undo", lambda parent: True)
    path = tracker_files.write_simple_csv(tmp_path / "Wexcombe plan.csv")
    apply_tracker_import(ws, plan_tracker_import(ws, path))
    ws_path = ws.path
    ws.close()
    window = make_window(ws_path)
    assert window.actions_tab.model.rowCount() == 7
    edit_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    command = next(a for a in edit_menu.actions() if a.text().replace("&", "") == "Undo tracker import…")
    command.trigger()
    dialog = window.actions_controller.last_undo_dialog
    assert dialog is not None and dialog.imports.count() == 1
    assert "Wexcombe plan.csv" in dialog.imports.item(0).text()
    assert not dialog.undo_button.isEnabled()  # nothing chosen yet
    assert dialog.close_button.isDefault()
    dialog.imports.setCurrentRow(0)
    with qtbot.waitSignal(dialog.undone, timeout=WAIT_MS):
        dialog.undo_button.click()
    qtbot.waitUntil(lambda: window.actions_tab.model.rowCount() == 0, timeout=WAIT_MS)
    assert "undone" in dialog.imports.item(0).text() and not dialog.undo_button.isEnabled()
    assert "moved to the trash" in dialog.report.text()
    dialog.close_button.click()


def test_a_tracker_without_a_position_date_asks_for_one(qtbot, ws, make_dialog, tmp_path):
    """Every update and slip it records carries the date: none is made up for the user."""
    dialog = make_dialog(ws, tracker_files.write_simple_csv(tmp_path / "plan.csv"), ask_date=False)
    go_to_columns(qtbot, dialog)
    assert dialog.position_field.text() == "" and "Not in the file" in dialog.position_note.text()
    dialog.next_button.click()
    assert dialog.pages.currentIndex() == PAGE_COLUMNS and dialog.handle is None
    assert "position" in dialog.problem.text()
    dialog.position_field.setText("1/10/17")
    dialog.next_button.click()
    wait_page(qtbot, dialog, PAGE_REVIEW)
    assert dialog.plan.as_at == date(2017, 10, 1)


def test_a_position_date_in_the_title_is_offered_and_can_be_changed(qtbot, ws, make_dialog, tmp_path):
    path = tracker_files.write_simple_csv(tmp_path / "plan Position as at 30 September 2017.csv")
    dialog = make_dialog(ws, path, ask_date=False)
    go_to_columns(qtbot, dialog)
    assert dialog.position_field.value() == date(2017, 9, 30)
    assert "read from the file name" in dialog.position_note.text()
    dialog.next_button.click()
    wait_page(qtbot, dialog, PAGE_REVIEW)
    assert dialog.plan.as_at == date(2017, 9, 30) and dialog.plan.as_at_source == "file name"


def test_the_plan_can_be_chosen_or_a_new_one_started(qtbot, ws, make_dialog, tmp_path):
    from desktop.services.tracker_import import apply_tracker_import, plan_tracker_import

    first = tracker_files.write_simple_csv(tmp_path / "plan.csv")
    held = apply_tracker_import(ws, plan_tracker_import(ws, first, against_document_id=ws.test_ids[2023]))
    dialog = make_dialog(ws, first)
    go_to_columns(qtbot, dialog)
    combo = dialog.plan_combo
    assert combo.itemText(0).startswith(f"Chosen for you: Plan {held.plan_id}")
    assert combo.findData(held.plan_id) > 0
    dialog.next_button.click()
    wait_page(qtbot, dialog, PAGE_REVIEW)
    assert dialog.plan.plan_id == held.plan_id  # the plan this file was last imported as
    dialog.go_back()
    combo.setCurrentIndex(combo.findData("A new plan"))
    dialog.next_button.click()
    wait_page(qtbot, dialog, PAGE_REVIEW)
    assert dialog.plan.plan_id is None and "a new plan, as chosen" in " ".join(dialog.plan.notes)


def test_the_actions_tab_shows_what_each_tracker_import_changed(qtbot, make_window, ws, tmp_path):
    """Issue 11: every field a tracker changes is in the action's history, old and new."""
    from desktop.services.tracker_import import apply_tracker_import, plan_tracker_import

    first = tracker_files.write_simple_csv(tmp_path / "plan Q1.csv")
    apply_tracker_import(ws, plan_tracker_import(ws, first, against_document_id=ws.test_ids[2023],
                                                 as_at=date(2024, 6, 30)))
    rows = tracker_files.tracker_rows()
    rows[0]["Lead officer"] = "Service Manager, Front Door"
    second = tracker_files.write_simple_csv(tmp_path / "plan Q2.csv", rows)
    summary = apply_tracker_import(ws, plan_tracker_import(ws, second, against_document_id=ws.test_ids[2023],
                                                           as_at=date(2024, 9, 30)))
    changed = next(a for a in actions_service.list_actions(ws) if a.owner == "Service Manager, Front Door")
    path = ws.path
    ws.close()
    window = make_window(path)
    window.tabs.setCurrentWidget(window.actions_tab)
    window.actions_tab.select_ids([changed.id])
    detail = window.actions_tab.detail
    qtbot.waitUntil(lambda: detail.imports_list.count() > 0, timeout=WAIT_MS)
    lines = [detail.imports_list.item(i).text() for i in range(detail.imports_list.count())]
    assert any(line.startswith(f"import {summary.import_id}: owner") and "Service Manager, Front Door" in line
               for line in lines), lines
    assert detail.imports_list.isVisibleTo(detail)
