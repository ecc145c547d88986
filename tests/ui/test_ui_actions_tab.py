"""The Actions tab through the window: the table, its filters, the detail editor,
undo and redo of every change, and the actions listed in a recommendation's detail."""

from __future__ import annotations

import time
from datetime import date

import pytest
from PySide6.QtCore import Qt

from desktop.domain.documents import DocType
from desktop.services import actions as actions_service
from desktop.services import documents as documents_service
from desktop.ui.dialogs import action_dialogs
from desktop.ui.main_window import ACTIONS_TAB, RECOMMENDATIONS_TAB
from desktop.ui.models.actions_model import (
    COL_DUE,
    COL_OWNER,
    COL_RAG,
    COL_RECOMMENDATIONS,
    COL_REFERENCE,
    COL_SLIPPED,
    COL_STATUS,
    COL_TITLE,
    COL_UPDATE,
    OVERDUE_TINT,
)

TODAY = date(2024, 6, 1)
REPORT = [
    "Inspection of Wexcombe Borough Council children's services",
    "Recommendations",
    "1. Improve the timeliness of strategy meetings.",
    "2. Make sure that every care leaver has a suitable home.",
    "3. Strengthen supervision of social workers.",
]


@pytest.fixture
def seeded(workspace_path, add_document, add_recommendations):
    """Three recommendations and four actions: overdue, due soon, ongoing, complete."""
    from desktop.storage.workspace import open_workspace

    with open_workspace(workspace_path) as ws:
        doc_id = add_document(ws, "Inspection of Wexcombe children's services", REPORT,
                              doc_type=DocType.INSPECTION_REPORT, authority="Wexcombe",
                              when=date(2022, 5, 20))
        recs = dict(zip(("1", "2", "3"), add_recommendations(ws, doc_id, (2, 3, 4)), strict=True))
        add = actions_service.add_action
        ids = {
            "1.1": add(ws, "Audit strategy meetings every month", reference="1.1",
                       owner="Head of MASH", due_text="31/03/2024", status="at_risk", rag="amber",
                       recommendation_ids=[recs["1"]]).id,
            "1.10": add(ws, "Publish the <b>threshold</b> guidance", reference="1.10",
                        owner="Head of MASH", due_text="20/06/2024", status="on_track", rag="green",
                        recommendation_ids=[recs["1"], recs["3"]]).id,
            "2.1": add(ws, "Open two more children's homes", reference="2.1",
                       owner="Director", due_text="ongoing", status="off_track", rag="red",
                       recommendation_ids=[recs["2"]]).id,
            "1.2": add(ws, "Train managers in supervision", reference="1.2", owner="PSW",
                       due_text="31/01/2024", status="complete", rag="blue").id,
        }
        actions_service.add_update(ws, ids["1.1"], "Audits started in April.", date=date(2024, 4, 2))
        actions_service.add_update(ws, ids["1.1"], "Half the teams audited.", date=date(2024, 5, 20),
                                   status="at_risk")
        actions_service.edit_action(ws, ids["1.1"], {"due_text": "30/04/2024"}, today=TODAY)
        actions_service.edit_action(ws, ids["2.1"], {"flags": ["“Delayed” is not a status the "
                                                               "plan defines; kept as off track"]})
    return workspace_path, recs, ids


def open_window(make_window, path):
    window = make_window(path)
    window.actions_controller.today = TODAY
    window.actions_controller.reload()
    return window


def shown(window, column=COL_REFERENCE, role=Qt.ItemDataRole.DisplayRole) -> list:
    model = window.actions_tab.view.model()
    return [model.index(r, column).data(role) for r in range(model.rowCount())]


def row_of(window, reference: str) -> int:
    return [r.split()[-1] for r in shown(window)].index(reference)


def cell(window, reference: str, column: int, role=Qt.ItemDataRole.DisplayRole):
    model = window.actions_tab.view.model()
    return model.index(row_of(window, reference), column).data(role)


def titles(window) -> list[str]:
    return sorted(a.title for a in actions_service.list_actions(window.workspace))


def test_the_tab_sits_between_recommendations_and_search_and_lists_the_plan(make_window, seeded):
    path, _, _ = seeded
    window = open_window(make_window, path)
    assert window.tabs.widget(ACTIONS_TAB) is window.actions_tab
    window.actions_.show_actions.trigger()
    assert window.tabs.currentIndex() == ACTIONS_TAB
    assert window.actions_.show_actions.shortcut().toString() == "Ctrl+4"
    # The plan's numbering: 1.2 before 1.10.
    assert shown(window) == ["1.1", "1.2", "1.10", "⚑ 2.1"]
    assert cell(window, "1.1", COL_OWNER) == "Head of MASH"
    assert cell(window, "1.1", COL_STATUS) == "At risk"
    assert cell(window, "1.1", COL_RAG) == "Amber"
    assert cell(window, "1.10", COL_RECOMMENDATIONS) == "1, 3"
    assert cell(window, "1.1", COL_UPDATE) == "20 May 2024: Half the teams audited."
    assert window.actions_tab.count_label.text() == "4 actions · 1 overdue"


def test_overdue_rows_say_so_in_words_and_colour(make_window, seeded):
    path, _, _ = seeded
    window = open_window(make_window, path)
    assert cell(window, "1.1", COL_DUE) == "Overdue · 30 Apr 2024"
    tip = cell(window, "1.1", COL_DUE, Qt.ItemDataRole.ToolTipRole)
    assert "Understood as 30 April 2024" in tip and "Overdue by 32 days" in tip
    assert cell(window, "1.1", COL_TITLE, Qt.ItemDataRole.BackgroundRole) == OVERDUE_TINT
    assert cell(window, "1.10", COL_DUE) == "Due soon · 20 Jun 2024"
    assert cell(window, "1.10", COL_TITLE, Qt.ItemDataRole.BackgroundRole) is None
    # Complete actions are never late; "ongoing" is not a date.
    assert cell(window, "1.2", COL_DUE) == "31 Jan 2024"
    assert cell(window, "2.1", COL_DUE) == "ongoing"
    assert "never counted as overdue" in cell(window, "2.1", COL_DUE, Qt.ItemDataRole.ToolTipRole)


def test_slippage_and_flags_are_visible(make_window, seeded):
    path, _, _ = seeded
    window = open_window(make_window, path)
    assert cell(window, "1.1", COL_SLIPPED) == "1× · 30 days"
    assert "Originally due 31 Mar 2024" in cell(window, "1.1", COL_SLIPPED, Qt.ItemDataRole.ToolTipRole)
    assert cell(window, "1.2", COL_SLIPPED) == ""
    tip = cell(window, "2.1", COL_REFERENCE, Qt.ItemDataRole.ToolTipRole)
    assert "“Delayed” is not a status" in tip.replace("&quot;", "“")
    assert cell(window, "2.1", COL_REFERENCE, Qt.ItemDataRole.AccessibleTextRole).startswith(
        "Needs checking")


def test_every_filter_narrows_the_table(make_window, seeded):
    path, recs, _ = seeded
    window = open_window(make_window, path)
    tab = window.actions_tab

    def choose(combo, data):
        combo.setCurrentIndex(combo.findData(data))

    choose(tab.when_filter, "overdue")
    assert shown(window) == ["1.1"] and tab.count_label.text().startswith("1 of 4 actions shown")
    choose(tab.when_filter, "soon")
    assert shown(window) == ["1.10"]
    choose(tab.when_filter, "flagged")
    assert shown(window) == ["⚑ 2.1"]
    choose(tab.when_filter, "slipped")
    assert shown(window) == ["1.1"]
    choose(tab.when_filter, None)
    choose(tab.owner_filter, "Head of MASH")
    assert shown(window) == ["1.1", "1.10"]
    choose(tab.status_filter, "on_track")
    assert shown(window) == ["1.10"]
    choose(tab.owner_filter, None)
    choose(tab.status_filter, None)
    choose(tab.rag_filter, "red")
    assert shown(window) == ["⚑ 2.1"]
    choose(tab.rag_filter, None)
    choose(tab.recommendation_filter, recs["1"])
    assert shown(window) == ["1.1", "1.10"]
    choose(tab.recommendation_filter, None)
    tab.text_filter.setText("homes")
    assert shown(window) == ["⚑ 2.1"]
    tab.text_filter.setText("half the teams")  # words of the latest update
    assert shown(window) == ["1.1"]


def test_columns_sort_by_what_they_mean(make_window, seeded):
    path, _, _ = seeded
    window = open_window(make_window, path)
    view = window.actions_tab.view
    view.sortByColumn(COL_DUE, Qt.SortOrder.AscendingOrder)
    assert shown(window) == ["1.2", "1.1", "1.10", "⚑ 2.1"]  # dates in order, "ongoing" last
    view.sortByColumn(COL_RAG, Qt.SortOrder.AscendingOrder)
    assert shown(window) == ["⚑ 2.1", "1.1", "1.10", "1.2"]  # red, amber, green, blue
    view.sortByColumn(COL_SLIPPED, Qt.SortOrder.DescendingOrder)
    assert shown(window)[0] == "1.1"
    window.actions_tab.select_ids([window.actions_tab.model.actions()[0].id])
    selected = window.actions_tab.current_id()
    view.sortByColumn(COL_STATUS, Qt.SortOrder.AscendingOrder)
    assert window.actions_tab.current_id() == selected  # the selection follows the sort


def test_document_text_shows_as_plain_text(make_window, seeded):
    path, _, ids = seeded
    window = open_window(make_window, path)
    assert cell(window, "1.10", COL_TITLE) == "Publish the <b>threshold</b> guidance"
    tip = cell(window, "1.10", COL_TITLE, Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;" in tip  # escaped: Qt shows the characters, not bold
    window.actions_tab.select_ids([ids["1.10"]])
    heading = window.actions_tab.detail.heading
    assert heading.textFormat() == Qt.TextFormat.PlainText and "<b>threshold</b>" in heading.text()


def test_detail_shows_the_selected_action_in_full(make_window, seeded):
    path, _, ids = seeded
    window = open_window(make_window, path)
    tab, detail = window.actions_tab, window.actions_tab.detail
    tab.select_ids([ids["1.1"]])
    assert detail.fields.title_edit.text() == "Audit strategy meetings every month"
    assert detail.due_label.text() == \
        "Due 30/04/2024 (understood as 30 April 2024) — Overdue, by 32 days."
    updates = [detail.updates_list.item(i).text() for i in range(detail.updates_list.count())]
    assert updates[0].startswith("20 May 2024 · At risk") and "Half the teams" in updates[0]
    assert updates[1].startswith("2 Apr 2024") and "Audits started" in updates[1]  # newest first
    recs = [detail.recommendations_list.item(i).text() for i in range(detail.recommendations_list.count())]
    assert recs == ["Recommendation 1 (Wexcombe, 2022): Improve the timeliness of strategy meetings."]
    assert detail.slippage_list.count() == 1 and "31 Mar 2024 → 30 Apr 2024" in detail.slippage_list.item(0).text()
    assert "moved later once" in detail.slippage_label.text()
    tab.select_ids([ids["2.1"]])
    assert detail.flags_frame.isVisibleTo(detail) and "Delayed" in detail.flags_label.text()
    tab.select_ids([])
    assert detail.action is None and not detail.fields.isVisibleTo(detail)


def test_add_through_the_dialog_then_undo_and_redo(make_window, seeded, monkeypatch):
    path, recs, _ = seeded
    window = open_window(make_window, path)
    before = titles(window)
    window.actions_tab.recommendation_filter.setCurrentIndex(
        window.actions_tab.recommendation_filter.findData(recs["2"]))

    def fill(parent, title, initial, owners, authorities, apply, new=False):
        assert new and "Head of MASH" in owners and "Wexcombe" in authorities
        assert apply(dict(initial, title="", reference="2.2")) is not None  # a title is needed
        values = dict(initial, title="Recruit a placements officer", reference="2.2",
                      owner="Director", due_text="Q3 2024", status="not_started", rag="amber")
        assert apply(values) is None
        return True

    monkeypatch.setattr(action_dialogs, "edit_action", fill)
    window.actions_tab.add_button.click()
    after = sorted(before + ["Recruit a placements officer"])
    assert titles(window) == after
    added = next(a for a in actions_service.list_actions(window.workspace) if a.reference == "2.2")
    assert added.due == date(2024, 9, 30) and added.recommendation_ids == (recs["2"],)
    assert window.actions_tab.current_id() == added.id  # shown, as the filter lets it
    window.undo_stack.undo()
    assert titles(window) == before
    window.undo_stack.redo()
    assert titles(window) == after
    assert actions_service.get_action(window.workspace, added.id).reference == "2.2"  # same id


def test_editing_in_the_detail_pane_records_slippage_and_undo_removes_it(qtbot, make_window, seeded):
    path, _, ids = seeded
    window = open_window(make_window, path)
    tab, detail = window.actions_tab, window.actions_tab.detail
    tab.select_ids([ids["1.10"]])
    assert not detail.save_button.isEnabled()
    detail.fields.due_edit.setText("31/07/2024")
    detail.fields.owner_combo.setCurrentText("Head of Early Help")
    assert detail.fields.due_hint.text() == "Understood as 31 July 2024."
    assert detail.save_button.isEnabled()
    detail.save_button.click()
    action = actions_service.get_action(window.workspace, ids["1.10"])
    assert (action.owner, action.due, action.slips, action.original_due) == \
        ("Head of Early Help", date(2024, 7, 31), 1, date(2024, 6, 20))
    assert cell(window, "1.10", COL_SLIPPED) == "1× · 41 days"
    assert window.undo_stack.undoText() == "edit action 1.10"
    window.undo_stack.undo()
    action = actions_service.get_action(window.workspace, ids["1.10"])
    assert (action.owner, action.due, action.slips) == ("Head of MASH", date(2024, 6, 20), 0)
    assert actions_service.due_history(window.workspace, ids["1.10"]) == []
    assert detail.fields.due_edit.text() == "20/06/2024"  # the pane follows the undo
    window.undo_stack.redo()
    assert actions_service.get_action(window.workspace, ids["1.10"]).slips == 1


def test_a_refused_edit_says_why_and_stores_nothing(make_window, seeded, no_modal):
    path, _, ids = seeded
    window = open_window(make_window, path)
    window.actions_tab.select_ids([ids["1.10"]])
    detail = window.actions_tab.detail
    detail.fields.title_edit.setText("   ")
    detail.save_button.click()
    assert no_modal["errors"] and "title" in no_modal["errors"][0]
    assert window.undo_stack.count() == 0
    assert actions_service.get_action(window.workspace, ids["1.10"]).title.startswith("Publish")


def test_flags_can_be_marked_as_checked_and_that_is_undoable(make_window, seeded):
    path, _, ids = seeded
    window = open_window(make_window, path)
    window.actions_tab.select_ids([ids["2.1"]])
    window.actions_tab.detail.clear_flags_button.click()
    assert actions_service.get_action(window.workspace, ids["2.1"]).flags == ()
    assert "⚑ 2.1" not in shown(window)
    window.undo_stack.undo()
    assert actions_service.get_action(window.workspace, ids["2.1"]).flags


def test_delete_asks_then_undo_brings_back_the_action_with_its_updates(make_window, seeded, no_modal):
    path, _, ids = seeded
    window = open_window(make_window, path)
    tab = window.actions_tab
    start = titles(window)
    tab.select_ids([ids["1.1"], ids["1.2"]])
    no_modal["answer"] = False
    tab.delete_button.click()
    assert titles(window) == start and len(no_modal["confirm"]) == 1
    no_modal["answer"] = True
    tab.delete_button.click()
    assert len(titles(window)) == 2 and tab.model.rowCount() == 2
    window.undo_stack.undo()
    assert titles(window) == start
    back = actions_service.get_action(window.workspace, ids["1.1"])
    assert [u.text for u in back.updates] == ["Half the teams audited.", "Audits started in April."]
    assert back.slips == 1
    window.undo_stack.redo()
    assert len(titles(window)) == 2


def test_link_and_unlink_are_undoable(make_window, seeded, monkeypatch):
    path, recs, ids = seeded
    window = open_window(make_window, path)
    detail = window.actions_tab.detail
    seen = {}

    def pick(parent, choices, linked):
        seen["choices"], seen["linked"] = choices, linked
        return [recs["2"], recs["3"]]

    monkeypatch.setattr(action_dialogs, "choose_recommendations", pick)
    window.actions_tab.select_ids([ids["1.1"]])
    detail.link_button.click()
    assert seen["linked"] == {recs["1"]} and len(seen["choices"]) == 3
    linked = lambda: set(actions_service.get_action(window.workspace, ids["1.1"]).recommendation_ids)  # noqa: E731
    assert linked() == {recs["1"], recs["2"], recs["3"]}
    assert cell(window, "1.1", COL_RECOMMENDATIONS) == "1, 2, 3"
    window.undo_stack.undo()
    assert linked() == {recs["1"]}
    window.undo_stack.redo()
    assert linked() == {recs["1"], recs["2"], recs["3"]}

    items = detail.recommendations_list
    for row in range(items.count()):
        items.item(row).setSelected(items.item(row).text().startswith("Recommendation 2"))
    assert detail.unlink_button.isEnabled()
    detail.unlink_button.click()
    assert linked() == {recs["1"], recs["3"]}
    window.undo_stack.undo()
    assert linked() == {recs["1"], recs["2"], recs["3"]}


def test_progress_updates_are_added_newest_first_and_deleted_undoably(make_window, seeded, monkeypatch):
    path, _, ids = seeded
    window = open_window(make_window, path)
    detail = window.actions_tab.detail

    def report(parent, action, apply, citable=None):
        assert citable is None  # nothing open in the Reader
        return apply({"text": "All teams audited.", "date": date(2024, 5, 31), "status": "complete",
                      "rag": "blue", "passage_id": None}) is None

    monkeypatch.setattr(action_dialogs, "add_update", report)
    window.actions_tab.select_ids([ids["1.1"]])
    detail.add_update_button.click()
    action = actions_service.get_action(window.workspace, ids["1.1"])
    assert [u.text for u in action.updates][0] == "All teams audited."
    assert action.status.value == "complete" and action.rag.value == "blue"
    assert cell(window, "1.1", COL_DUE) == "30 Apr 2024"  # complete: no longer overdue
    assert detail.updates_list.item(0).text().startswith("31 May 2024 · Complete, RAG blue")
    window.undo_stack.undo()
    action = actions_service.get_action(window.workspace, ids["1.1"])
    assert len(action.updates) == 2 and action.status.value == "at_risk"

    detail.updates_list.item(1).setSelected(True)  # "Audits started in April."
    detail.delete_update_button.click()
    assert [u.text for u in actions_service.get_action(window.workspace, ids["1.1"]).updates] == \
        ["Half the teams audited."]
    window.undo_stack.undo()
    assert len(actions_service.get_action(window.workspace, ids["1.1"]).updates) == 2


def test_ctrl_z_and_ctrl_shift_z_work_from_the_table(qtbot, make_window, seeded):
    path, _, ids = seeded
    window = open_window(make_window, path)
    window.actions_tab.select_ids([ids["1.2"]])
    window.actions_tab.detail.fields.owner_combo.setCurrentText("Principal Social Worker")
    window.actions_tab.detail.save_button.click()
    owner = lambda: actions_service.get_action(window.workspace, ids["1.2"]).owner  # noqa: E731
    window.show_tab(ACTIONS_TAB)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    table = window.actions_tab.view
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert owner() == "PSW"
    qtbot.keyClick(table, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert owner() == "Principal Social Worker"


def test_the_recommendation_detail_lists_its_actions_and_opens_them(make_window, seeded):
    path, recs, ids = seeded
    window = open_window(make_window, path)
    window.show_tab(RECOMMENDATIONS_TAB)
    window.recommendations_tab.select_ids([recs["1"]])
    section = window.recommendations_tab.detail.actions_section
    lines = [section.list.item(i).text() for i in range(section.list.count())]
    assert lines == ["1.1 · Audit strategy meetings every month — At risk, RAG amber, "
                     "Overdue: due 30 Apr 2024",
                     "1.10 · Publish the <b>threshold</b> guidance — On track, RAG green, "
                     "due 20 Jun 2024 (soon)"]
    window.actions_tab.when_filter.setCurrentIndex(window.actions_tab.when_filter.findData("flagged"))
    section.list.itemActivated.emit(section.list.item(0))
    assert window.tabs.currentIndex() == ACTIONS_TAB
    assert window.actions_tab.current_id() == ids["1.1"]  # the filter that hid it was cleared
    window.recommendations_tab.select_ids([recs["3"]])
    assert section.action_ids() == [ids["1.10"]]
    # ... and from an action's detail back to its recommendation.
    window.actions_tab.detail.open_recommendation.emit(recs["3"])
    assert window.tabs.currentIndex() == RECOMMENDATIONS_TAB
    assert window.recommendations_tab.current_id() == recs["3"]


def test_a_read_only_workspace_can_be_read_not_changed(make_window, seeded, monkeypatch):
    from desktop.storage.workspace import open_workspace
    from desktop.ui import main_window

    path, _, ids = seeded
    monkeypatch.setattr(main_window, "open_workspace",
                        lambda p, create=False: open_workspace(p, create=create, read_only=True))
    window = open_window(make_window, path)
    tab = window.actions_tab
    assert tab.model.rowCount() == 4
    tab.select_ids([ids["1.1"]])
    assert not tab.add_button.isEnabled() and not tab.delete_button.isEnabled()
    assert not tab.import_button.isEnabled() and not window.actions_.import_tracker.isEnabled()
    detail = tab.detail
    assert detail.fields.title_edit.isReadOnly() and not detail.link_button.isEnabled()
    assert not detail.add_update_button.isEnabled()


def test_a_busy_workspace_says_why_instead_of_raising(make_window, seeded, monkeypatch, no_modal):
    from desktop.domain.errors import UserFacingError

    path, _, ids = seeded
    window = open_window(make_window, path)

    def busy(*args, **kwargs):
        raise UserFacingError("The workspace is busy with an import; try again when it finishes.")

    monkeypatch.setattr(actions_service, "delete_action", busy)
    window.actions_tab.select_ids([ids["1.1"]])
    window.actions_tab.delete_button.click()
    assert no_modal["errors"] == ["The workspace is busy with an import; try again when it finishes."]
    assert window.undo_stack.count() == 0 and len(titles(window)) == 4


def test_the_dialogs_check_what_was_typed(qtbot):
    from desktop.domain.actions import Action, ActionStatus

    stored = []
    dialog = action_dialogs.ActionDialog("Add action", dict(action_dialogs.BLANK), ["PSW"], [],
                                         lambda values: stored.append(values), new=True)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert not stored and "title" in dialog.error_label.text()
    dialog.fields.title_edit.setText("Audit supervision")
    dialog.fields.due_edit.setText("31/13/2023")
    assert dialog.fields.due_hint.text().startswith("Kept as written")
    dialog.fields.due_edit.setText("ongoing")
    assert "never counted as overdue" in dialog.fields.due_hint.text()
    dialog.accept()
    assert stored and stored[0]["title"] == "Audit supervision" and stored[0]["due_text"] == "ongoing"

    action = Action(id=1, reference="1", title="Audit", description="", owner="", authority=None,
                    due=None, due_text="", original_due=None, original_due_text="",
                    status=ActionStatus.NOT_STARTED, rag=None, recommendation_ids=(), updates=(),
                    slips=0, slipped_days=0, flags=(), edited_fields=(), origin="manual", plan_id=None)
    reported = []
    update = action_dialogs.UpdateDialog(action, lambda v: reported.append(v), None,
                                         today=date(2024, 6, 1))
    qtbot.addWidget(update)
    update.accept()
    assert not reported and "Write what was reported" in update.error_label.text()
    assert not update.cite_check.isEnabled()
    update.status_combo.setCurrentIndex(update.status_combo.findData("on_track"))
    update.accept()
    assert reported == [{"text": "", "date": date(2024, 6, 1), "status": "on_track", "rag": None,
                         "passage_id": None}]


def test_a_few_thousand_actions_load_and_sort_quickly(make_window, workspace_path):
    from desktop.storage import actions as store
    from desktop.storage.workspace import open_workspace

    with open_workspace(workspace_path) as ws, ws.write():
        store.insert_actions(ws, [store.NewAction(
            title=f"Action number {n} of the plan", reference=f"{n // 10}.{n % 10}",
            description="", owner=f"Officer {n % 40}", authority=None,
            due=date(2024, n % 12 + 1, 1), due_text=f"01/{n % 12 + 1:02d}/2024",
            original_due=date(2024, n % 12 + 1, 1), original_due_text="",
            status=("on_track", "at_risk", "complete")[n % 3], rag=("green", "amber", "blue")[n % 3],
            origin="manual", position=n) for n in range(3000)])
    window = open_window(make_window, workspace_path)
    started = time.perf_counter()
    window.actions_controller.reload()
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    window.actions_tab.view.sortByColumn(COL_DUE, Qt.SortOrder.DescendingOrder)
    window.actions_tab.when_filter.setCurrentIndex(1)
    sorted_and_filtered = time.perf_counter() - started
    assert window.actions_tab.model.rowCount() == 3000
    assert loaded < 1.5 and sorted_and_filtered < 0.5, (loaded, sorted_and_filtered)


def test_edits_typed_in_the_pane_are_saved_when_moving_to_another_action(qtbot, make_window,
                                                                       seeded):
    path, _, ids = seeded
    window = open_window(make_window, path)
    tab, detail = window.actions_tab, window.actions_tab.detail
    tab.select_ids([ids["1.2"]])
    detail.fields.owner_combo.setCurrentText("Principal Social Worker")
    tab.select_ids([ids["2.1"]])  # not lost: saved, undoably
    qtbot.waitUntil(lambda: window.undo_stack.count() == 1)
    assert actions_service.get_action(window.workspace, ids["1.2"]).owner == "Principal Social Worker"
    assert tab.current_id() == ids["2.1"] and detail.action.id == ids["2.1"]
    assert detail.fields.owner_combo.currentText() == "Director"
    window.undo_stack.undo()
    assert actions_service.get_action(window.workspace, ids["1.2"]).owner == "PSW"
    assert tab.current_id() == ids["1.2"]


def test_a_recommendation_deleted_elsewhere_leaves_the_table_when_it_is_next_shown(
        make_window, seeded, no_modal):
    path, recs, _ = seeded
    window = open_window(make_window, path)
    assert cell(window, "1.10", COL_RECOMMENDATIONS) == "1, 3"
    window.show_tab(RECOMMENDATIONS_TAB)
    window.recommendations_tab.select_ids([recs["3"]])
    window.recommendations_tab.delete_button.click()
    window.undo_stack.undo()
    window.undo_stack.redo()
    window.show_tab(ACTIONS_TAB)
    assert cell(window, "1.10", COL_RECOMMENDATIONS) == "1"


def test_an_update_can_cite_the_passage_open_in_the_reader_and_opens_it(make_window, seeded,
                                                                        monkeypatch):
    from desktop.ui.main_window import READER_TAB

    path, _, ids = seeded
    window = open_window(make_window, path)
    doc = documents_service.list_documents(window.workspace)[0]
    passage = documents_service.document_passages(window.workspace, doc.id)[3]
    assert window.open_passage(doc.id, passage.id)
    offered = {}

    def report(parent, action, apply, citable=None):
        offered["citable"] = citable
        return apply({"text": "The letter says care leavers now have suitable homes.",
                      "date": date(2024, 5, 30), "status": None, "rag": None,
                      "passage_id": citable.passage_id}) is None

    monkeypatch.setattr(action_dialogs, "add_update", report)
    window.show_tab(ACTIONS_TAB)
    window.actions_tab.select_ids([ids["2.1"]])
    window.actions_tab.detail.add_update_button.click()
    citable = offered["citable"]
    assert citable.passage_id == passage.id and citable.text == passage.text
    assert citable.description.startswith("Inspection of Wexcombe children's services (20 May 2022)")
    update = actions_service.get_action(window.workspace, ids["2.1"]).updates[0]
    assert update.passage_id == passage.id
    window.reader.clear()
    first = window.actions_tab.detail.updates_list.item(0)
    window.actions_tab.detail.updates_list.itemActivated.emit(first)
    assert window.tabs.currentIndex() == READER_TAB
    assert window.reader.current_passage_id() == passage.id


def test_the_split_between_table_and_detail_is_remembered(make_window, seeded):
    path, _, _ = seeded
    window = open_window(make_window, path)
    window.show()
    window.resize(760, 560)
    window.show_tab(ACTIONS_TAB)
    splitter = window.actions_tab.splitter
    splitter.setSizes([500, 240])
    splitter.splitterMoved.emit(500, 1)  # as when the user drags the handle
    sizes = splitter.sizes()
    window.close()
    again = open_window(make_window, path)
    again.show()
    again.resize(760, 560)
    again.show_tab(ACTIONS_TAB)
    assert again.actions_tab.splitter.sizes() == sizes


def test_the_overdue_filter_as_at_a_past_date(make_window, seeded):
    path, recs, _ = seeded
    from desktop.storage.workspace import open_workspace

    with open_workspace(path) as ws:
        late = actions_service.add_action(ws, "Recruit permanent managers", reference="3.1",
                                          due_text="31/12/2023", recommendation_ids=[recs["3"]])
        actions_service.add_update(ws, late.id, "Two posts filled", date="2023-11-01",
                                   status="on_track")
        actions_service.add_update(ws, late.id, "All posts filled", date="2024-05-01",
                                   status="complete")
    window = open_window(make_window, path)
    tab = window.actions_tab
    tab.when_filter.setCurrentIndex(tab.when_filter.findData("overdue"))
    assert [r.split()[-1] for r in shown(window)] == ["1.1"]  # 3.1 is complete today
    tab.as_at_edit.setText("15/01/2024")
    assert [r.split()[-1] for r in shown(window)] == ["3.1"]  # late then; 1.1 was not yet due
    assert tab.count_label.text().endswith("1 overdue on 15 January 2024")
    tab.as_at_edit.setText("31/02/2024")  # not a date: today's list, and the tooltip says why
    assert [r.split()[-1] for r in shown(window)] == ["1.1"]
    assert "31" in tab.as_at_edit.toolTip()
    tab.clear_filters()
    assert tab.as_at_edit.text() == ""
