"""The Reader's selection as a recommendation, priority action or area for improvement."""

from __future__ import annotations

from desktop.services import recommendations as recs
from desktop.ui.dialogs import recommendation_dialogs
from tests.ui.test_ui_evidence import seeded, select_words  # noqa: F401 - the fixture is used by name


def _menu_entry(window, passage):
    from PySide6.QtGui import QTextCursor

    reader = window.reader
    start, _ = reader.layout_.spans[passage.id]
    cursor = QTextCursor(reader.text_view.document())
    cursor.setPosition(start + 3)
    menu = reader.build_text_menu(reader.text_view.cursorRect(cursor).center())
    found = [a for a in menu.actions() if a.text().replace("&", "").startswith("Add selection as")]
    return menu, found


def test_selected_item_becomes_a_priority_action_linked_to_its_passage_and_undoes(
        make_window, seeded, monkeypatch, no_modal):  # noqa: F811
    path, docs, _rec_ids, letter = seeded
    window = make_window(path)
    assert window.open_document(docs["letter"])
    passage = letter[3]
    words = passage.text  # "3. Some care leavers still live in unsuitable accommodation ..."
    select_words(window, passage, words.split(" <b>")[0])
    seen = {}

    def fill(parent, title, initial, authorities, apply, new=False):
        seen.update(initial)
        assert apply(dict(initial, kind="priority_action")) is None
        return True

    monkeypatch.setattr(recommendation_dialogs, "edit_recommendation", fill)
    menu, found = _menu_entry(window, passage)
    assert len(found) == 1 and found[0].shortcut().toString() == "Ctrl+Shift+R"
    found[0].trigger()
    menu.deleteLater()

    assert seen["label"] == "3" and seen["text"].startswith("Some care leavers still live")
    added = max(recs.list_recommendations(window.workspace), key=lambda r: r.id)
    assert (added.kind.value, added.label, added.source_passage_id, added.document_id) == (
        "priority_action", "3", passage.id, docs["letter"])
    assert added.authority == "Wexcombe"
    window.undo_stack.undo()
    assert added.id not in {r.id for r in recs.list_recommendations(window.workspace)}


def test_library_details_say_what_was_found_in_the_paper(make_window, seeded):  # noqa: F811
    path, docs, _rec_ids, _letter = seeded
    window = make_window(path)
    assert window.library.select_document(docs["report"])
    assert window.library.details.fields["found"].text() == "2 recommendations (1-2)"
    assert window.library.select_document(docs["letter"])
    assert window.library.details.fields["found"].text() == "no recommendations found"


def test_recommendations_tab_says_which_numbers_a_list_skips_and_links_to_the_place(
        make_window, tmp_path, monkeypatch):
    from desktop.services.importing import import_paths
    from desktop.storage.workspace import open_workspace
    from tests.samples import sample

    path = tmp_path / "gap.sqlite"
    with open_workspace(path) as ws:
        [doc_id] = import_paths(ws, [sample("000")]).document_ids
        ws.conn.execute("DELETE FROM recommendations WHERE label IN ('3', '4')")
        before_gap = ws.conn.execute("SELECT source_passage_id FROM recommendations WHERE label = '2' "
                                     "AND document_id = ?", (doc_id,)).fetchone()[0]
    window = make_window(path)
    label = window.recommendations_tab.gaps_label
    assert not label.isHidden() and "items 3-4 may be missing: check the report" in label.text()
    window.recommendations_tab.gaps_label.linkActivated.emit(f"passage:{doc_id}:{before_gap}")
    assert window.tabs.currentWidget() is window.reader
    assert window.reader.current_passage_id() == before_gap
