"""The Recommendations tab through the window: listing, editing with undo/redo, the Reader."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from desktop.domain.documents import DocType
from desktop.services import documents as documents_service
from desktop.services import recommendations as recs
from desktop.storage import recommendations as rec_store
from desktop.ui.dialogs import recommendation_dialogs
from desktop.ui.main_window import READER_TAB, RECOMMENDATIONS_TAB
from desktop.ui.models.passages_model import MarkRole

REPORT = [
    "Inspection of Wexcombe Borough Council children's services",
    "1. Leaders have not ensured that strategy meetings happen quickly enough. (Recommendation)",
    "2. Care leavers told inspectors that <b>nobody</b> helped them find a home.",
    "Recommendations",
    "1. Improve the timeliness of strategy meetings.",
    "2. Make sure that every care leaver has a suitable home <img src=x>.",
    "3. Strengthen supervision of social workers.",
]


@pytest.fixture
def seeded(workspace_path, add_document, add_recommendations):
    """A report of a council the samples never mention, with three recommendations."""
    from desktop.storage.workspace import open_workspace

    with open_workspace(workspace_path) as ws:
        doc_id = add_document(ws, "Inspection of Wexcombe children's services", REPORT,
                              doc_type=DocType.INSPECTION_REPORT, authority="Wexcombe",
                              when=date(2022, 5, 20))
        passages = documents_service.document_passages(ws, doc_id)
        ids = dict(zip(("1", "2", "3"),
                       add_recommendations(ws, doc_id, (4, 5, 6), backing={4: (1,), 5: (2,)}), strict=True))
        with ws.write():
            for when, grade in ((date(2018, 2, 2), "Inadequate"), (date(2022, 5, 20), "Good")):
                rec_store.insert_judgement(ws, document_id=doc_id, position=0, authority="Wexcombe",
                                           when=when, area="Overall effectiveness", grade=grade,
                                           cited=False, source_passage_id=None)
    return workspace_path, doc_id, passages, ids


def texts(window) -> list[str]:
    """Every recommendation's text, oldest first."""
    return [r.text for r in sorted(recs.list_recommendations(window.workspace), key=lambda r: r.id)]


def select(window, *rec_ids):
    window.recommendations_tab.select_ids(list(rec_ids))


def undo_redo(window, after: list[str], before: list[str]):
    window.undo_stack.undo()
    assert texts(window) == before
    window.undo_stack.redo()
    assert texts(window) == after


def test_the_tab_lists_recommendations_between_reader_and_search(make_window, seeded):
    path, doc_id, _, _ = seeded
    window = make_window(path)
    assert window.tabs.widget(RECOMMENDATIONS_TAB) is window.recommendations_tab
    window.actions_.show_recommendations.trigger()
    assert window.tabs.currentIndex() == RECOMMENDATIONS_TAB
    tab = window.recommendations_tab
    model = tab.view.model()
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["1", "2", "3"]
    assert model.index(0, 2).data() == "Inspection of Wexcombe children's services"
    assert tab.count_label.text() == "3 recommendations"
    tab.source_filter.setCurrentIndex(tab.source_filter.findData(doc_id))
    tab.text_filter.setText("supervision")
    assert model.rowCount() == 1 and tab.count_label.text() == "1 of 3 recommendations shown"


def test_add_through_the_dialog_then_undo_and_redo(make_window, seeded, monkeypatch):
    path, _, _, _ = seeded
    window = make_window(path)
    before = texts(window)

    def fill(parent, title, initial, authorities, apply, new=False):
        assert new and "Wexcombe" in authorities
        values = dict(initial, text="Review the use of unregistered placements.", label="4",
                      authority="Wexcombe", issued="2022-05-20")
        assert apply(values) is None
        return True

    monkeypatch.setattr(recommendation_dialogs, "edit_recommendation", fill)
    window.recommendations_tab.add_button.click()
    after = before + ["Review the use of unregistered placements."]
    assert texts(window) == after
    added = max(recs.list_recommendations(window.workspace), key=lambda r: r.id)
    assert added.authority == "Wexcombe" and added.label == "4"
    assert window.recommendations_tab.current_id() == added.id
    undo_redo(window, after, before)
    assert recs.get_recommendation(window.workspace, added.id).label == "4"  # the same one back


def test_a_refused_edit_keeps_the_dialog_open_with_the_reason(make_window, seeded, monkeypatch):
    path, _, _, ids = seeded
    window = make_window(path)
    seen = []

    def fill(parent, title, initial, authorities, apply, new=False):
        seen.append(apply({"issued": "last spring"}))
        return False

    monkeypatch.setattr(recommendation_dialogs, "edit_recommendation", fill)
    select(window, ids["1"])
    window.recommendations_tab.edit_button.click()
    assert "not a date" in seen[0] and window.undo_stack.count() == 0


def test_edit_is_undoable_from_the_menu_and_the_keyboard(qtbot, make_window, seeded, monkeypatch):
    path, _, _, ids = seeded
    window = make_window(path)

    def fill(parent, title, initial, authorities, apply, new=False):
        assert initial["text"] == "Strengthen supervision of social workers."
        return apply({"text": "Strengthen the supervision of social workers and managers."}) is None

    monkeypatch.setattr(recommendation_dialogs, "edit_recommendation", fill)
    select(window, ids["3"])
    window.recommendations_tab.edit_button.click()
    before = ["Improve the timeliness of strategy meetings.",
              "Make sure that every care leaver has a suitable home <img src=x>.",
              "Strengthen supervision of social workers."]
    after = before[:2] + ["Strengthen the supervision of social workers and managers."]
    assert texts(window) == after
    undo_redo(window, after, before)

    # The same through the keyboard, as a user would undo it.
    window.show_tab(RECOMMENDATIONS_TAB)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    table = window.recommendations_tab.view
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert texts(window) == before
    qtbot.keyClick(table, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert texts(window) == after


def test_merge_split_and_delete_each_undone_and_redone(make_window, seeded, monkeypatch, no_modal):
    path, _, passages, ids = seeded
    window = make_window(path)
    tab = window.recommendations_tab
    start = texts(window)

    select(window, ids["1"], ids["2"])
    assert tab.merge_button.isEnabled() and not tab.split_button.isEnabled()
    tab.merge_button.click()
    merged = ["Improve the timeliness of strategy meetings.\n"
              "Make sure that every care leaver has a suitable home <img src=x>.",
              "Strengthen supervision of social workers."]
    assert texts(window) == merged
    kept = recs.get_recommendation(window.workspace, ids["1"])
    assert set(kept.supporting_passage_ids) == {passages[1].id, passages[2].id}
    undo_redo(window, merged, start)
    window.undo_stack.undo()
    assert recs.get_recommendation(window.workspace, ids["2"]).supporting_passage_ids == \
        (passages[2].id,)

    monkeypatch.setattr(recommendation_dialogs, "ask_split_parts",
                        lambda parent, text: ["Strengthen supervision.", "Audit case files."])
    select(window, ids["3"])
    tab.split_button.click()
    split = start[:2] + ["Strengthen supervision.", "Audit case files."]
    assert texts(window) == split
    assert [r.label for r in recs.list_recommendations(window.workspace)][2:] == ["3", "3a"]
    undo_redo(window, split, start)
    window.undo_stack.undo()

    recs.add_note(window.workspace, ids["2"], "Ask for the housing figures.", "question")
    select(window, ids["2"], ids["3"])
    no_modal["answer"] = False
    tab.delete_button.click()
    assert texts(window) == start and len(no_modal["confirm"]) == 1
    no_modal["answer"] = True
    tab.delete_button.click()
    assert texts(window) == start[:1]
    undo_redo(window, start[:1], start)
    window.undo_stack.undo()
    assert [n.text for n in rec_store.list_notes(window.workspace, ids["2"])] == \
        ["Ask for the housing figures."]  # the note came back with it
    assert not no_modal["errors"]


def test_notes_and_questions_are_dated_and_undoable(make_window, seeded):
    path, _, _, ids = seeded
    window = make_window(path)
    select(window, ids["1"])
    detail = window.recommendations_tab.detail
    detail.note_edit.setText("Ask when strategy meetings will be within 3 days.")
    detail.add_question_button.click()
    assert detail.note_edit.text() == ""
    item = detail.notes_list.item(0).text()
    assert item.startswith(date.today().isoformat()[:4]) and \
        "Question: Ask when strategy meetings will be within 3 days." in item
    notes = lambda: [n.text for n in rec_store.list_notes(window.workspace, ids["1"])]  # noqa: E731
    assert len(notes()) == 1
    detail.notes_list.setCurrentRow(0)
    detail.delete_note_button.click()
    assert notes() == []
    window.undo_stack.undo()
    assert len(notes()) == 1 and detail.notes_list.count() == 1


def test_opening_the_source_shows_the_passage_in_the_reader(make_window, seeded):
    path, doc_id, passages, ids = seeded
    window = make_window(path)
    select(window, ids["2"])
    detail = window.recommendations_tab.detail
    assert detail.source_button.isVisible() or not window.isVisible()
    detail.source_button.click()
    assert window.tabs.currentIndex() == READER_TAB
    assert window.reader.current_passage_id() == passages[5].id

    window.show_tab(RECOMMENDATIONS_TAB)
    backing = detail.backing_list.item(0)
    detail.backing_list.itemDoubleClicked.emit(backing)
    assert window.reader.current_passage_id() == passages[2].id


def test_the_reader_marks_recommendations_and_their_backing(make_window, seeded, no_modal):
    path, doc_id, passages, ids = seeded
    window = make_window(path)
    assert window.open_document(doc_id)
    outline = window.reader.outline_model
    marks = [outline.index(r).data(MarkRole) for r in range(outline.rowCount())]
    assert marks == [None, "[evidence for 1]", "[evidence for 2]", None, "[R 1]", "[R 2]", "[R 3]"]
    tip = outline.index(5).data(Qt.ItemDataRole.ToolTipRole)
    assert "Recommendation 2: Make sure" in tip and "&lt;img src=x&gt;" in tip and "<img" not in tip
    assert "&lt;b&gt;nobody&lt;/b&gt;" in outline.index(2).data(Qt.ItemDataRole.ToolTipRole)

    def tinted(passage) -> bool:
        start, end = window.reader.layout_.spans[passage.id]
        cursor = QTextCursor(window.reader.text_view.document())
        cursor.setPosition(start + 1)
        return cursor.charFormat().background().style() != Qt.BrushStyle.NoBrush

    assert [tinted(p) for p in passages] == [False, True, True, False, True, True, True]
    window.recommendations.delete([ids["3"]])  # the marks follow the change
    assert [tinted(p) for p in passages] == [False, True, True, False, True, True, False]
    assert outline.index(6).data(MarkRole) is None


def test_document_text_shows_literally_in_the_detail_and_tooltips(make_window, seeded):
    path, _, _, ids = seeded
    window = make_window(path)
    select(window, ids["2"])
    detail = window.recommendations_tab.detail
    assert detail.text_view.toPlainText() == \
        "Make sure that every care leaver has a suitable home <img src=x>."
    backing = detail.backing_list.item(0)
    assert "<b>nobody</b>" in backing.text()
    assert "&lt;b&gt;" in backing.toolTip() and "<b>" not in backing.toolTip()
    assert "&lt;img src=x&gt;" in detail.source_button.toolTip()
    assert detail.heading.textFormat() == Qt.TextFormat.PlainText
    model = window.recommendations_tab.view.model()
    tip = model.index(1, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;img src=x&gt;" in tip and "<img" not in tip


def test_the_judgement_history_writes_each_grade(make_window, seeded):
    path, _, _, _ = seeded
    window = make_window(path)
    history = window.recommendations_tab.history
    assert history.authority_combo.currentText() == "Wexcombe"
    model = history.view.model()
    assert [model.index(0, c).data() for c in range(model.columnCount())] == ["Inadequate", "Good"]
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(2)] == \
        ["2 Feb 2018", "20 May 2022"]


def test_a_busy_or_read_only_workspace_says_why_instead_of_raising(make_window, seeded, monkeypatch,
                                                                   no_modal):
    from desktop.domain.errors import UserFacingError

    path, _, _, ids = seeded
    window = make_window(path)

    def busy(*args, **kwargs):
        raise UserFacingError("The workspace is busy with an import; try again when it finishes.")

    monkeypatch.setattr(recs, "merge_recommendations", busy)
    select(window, ids["1"], ids["2"])
    window.recommendations_tab.merge_button.click()
    assert no_modal["errors"] == ["The workspace is busy with an import; try again when it finishes."]
    assert window.undo_stack.count() == 0 and len(texts(window)) == 3


def test_deleting_the_document_reloads_the_tab(make_window, seeded, no_modal):
    path, doc_id, _, _ = seeded
    window = make_window(path)
    assert window.recommendations_tab.model.rowCount() == 3
    window.delete_current(doc_id)
    assert window.recommendations_tab.model.rowCount() == 0
    assert window.recommendations_tab.history.model.columnCount() == 0


def test_the_judgement_history_says_when_the_action_plan_was_due(make_window, seeded):
    path, _, _, _ = seeded
    window = make_window(path)
    history = window.recommendations_tab.history
    assert not history.clocks_label.isHidden()
    # 70 working days from 20 May 2022, skipping 2 and 3 June (the moved spring holiday and
    # the Platinum Jubilee) and weekends.
    assert history.clocks_label.text() == (
        "Action plan deadlines\nInspection report, 20 May 2022: action plan due 31 August 2022 "
        "(70 working days after publication). No plan paper held.")


def test_the_detail_says_whom_an_item_is_for(make_window, seeded):
    path, _doc_id, _passages, ids = seeded
    from desktop.storage.workspace import open_workspace

    with open_workspace(path) as ws, ws.write():
        ws.conn.execute("UPDATE recommendations SET addressed_to = 'Wexcombe Integrated Care Board' "
                        "WHERE id = ?", (ids["2"],))
    window = make_window(path)
    select(window, ids["2"])
    heading = window.recommendations_tab.detail.heading.text()
    assert "for Wexcombe Integrated Care Board" in heading
    select(window, ids["1"])
    assert " for " not in window.recommendations_tab.detail.heading.text()
