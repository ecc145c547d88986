"""Evidence through the window: link from the Reader, list, edit, undo, suggest, roll up, delete."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor

from desktop.domain.documents import DocType
from desktop.domain.evidence import RollUp, Stance
from desktop.domain.recommendations import RecommendationStatus
from desktop.services import documents as documents_service
from desktop.services import evidence as evidence_service
from desktop.services import rollup as rollup_service
from desktop.services import suggestions as suggestions_service
from desktop.ui.dialogs import evidence_dialogs, messages
from desktop.ui.dialogs.link_evidence_dialog import LinkEvidenceDialog, LinkTarget
from desktop.ui.main_window import READER_TAB
from desktop.ui.widgets.rollup_panel import RollUpPanel

REPORT = [
    "Inspection of Wexcombe Borough Council children's services",
    "Recommendations",
    "1. Improve the timeliness of strategy meetings for children at risk of harm.",
    "2. Make sure that every care leaver has suitable accommodation and a pathway plan.",
]
LETTER = [
    "Monitoring visit to Wexcombe children's services",
    "1. Inspectors 🚸 met leaders, social workers and care leavers during the visit.",
    "2. Strategy meetings for children at risk of harm now happen promptly; the timeliness of "
    "strategy meetings has improved since the inspection.",
    "3. Some care leavers still live in unsuitable accommodation and their pathway plans are "
    "out of date <b>not bold</b>.",
    "4. Leaders know where practice is weak and have a credible plan to improve it.",
]
OTHER_COUNCIL = [
    "Monitoring visit to Eastshire children's services",
    "1. In Eastshire the timeliness of strategy meetings for children at risk of harm has "
    "improved considerably.",
]


@pytest.fixture
def seeded(workspace_path, add_document, add_recommendations):
    """A 2022 report with two recommendations, a 2023 letter about the same council, and a
    2023 letter about another council that uses the same words."""
    from desktop.storage.workspace import open_workspace

    with open_workspace(workspace_path) as ws:
        report = add_document(ws, "Inspection of Wexcombe children's services", REPORT,
                              doc_type=DocType.INSPECTION_REPORT, authority="Wexcombe",
                              when=date(2022, 5, 20))
        letter = add_document(ws, "Monitoring visit to Wexcombe", LETTER,
                              doc_type=DocType.MONITORING_VISIT, authority="Wexcombe",
                              when=date(2023, 6, 8), pages_per_passage=2)
        other = add_document(ws, "Monitoring visit to Eastshire", OTHER_COUNCIL,
                             doc_type=DocType.MONITORING_VISIT, authority="Eastshire",
                             when=date(2023, 7, 1))
        rec_ids = add_recommendations(ws, report, (2, 3))
        letter_passages = documents_service.document_passages(ws, letter)
    return workspace_path, {"report": report, "letter": letter, "other": other}, rec_ids, letter_passages


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def select_words(window, passage, words: str) -> None:
    """Select ``words`` of ``passage`` in the Reader, as a user dragging the mouse would."""
    reader = window.reader
    start, _end = reader.layout_.spans[passage.id]
    shown = reader.text_view.toPlainText()
    at = utf16(shown[:shown.index(words)])  # Qt counts UTF-16 units: the emoji takes two
    assert at >= start
    cursor = QTextCursor(reader.text_view.document())
    cursor.setPosition(at)
    cursor.setPosition(at + utf16(words), QTextCursor.MoveMode.KeepAnchor)
    reader.text_view.setTextCursor(cursor)


def drive_link_dialog(monkeypatch, *, filter_text: str, stance: Stance, note: str = "",
                      seen: dict | None = None):
    """Replace the dialog's exec with what a user does: type, tick the first match, stance, OK."""
    def exec_(dialog: LinkEvidenceDialog) -> int:
        if seen is not None:
            seen["quote"] = dialog.quote_view.toPlainText()
            seen["citation"] = dialog.citation_label.text()
            seen["titles"] = [t.title for t in dialog.visible_targets()]
            seen["notice"] = dialog.notice_label.text()
        dialog.filter_edit.setText(filter_text)
        first = dialog.visible_targets()[0]
        assert dialog.set_checked(first.kind, first.id)
        dialog.set_stance(stance)
        dialog.note_edit.setPlainText(note)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(LinkEvidenceDialog, "exec", exec_)


def link_menu_action(window, passage):
    """The Reader's context menu over ``passage``, and its link entry."""
    reader = window.reader
    start, _ = reader.layout_.spans[passage.id]
    cursor = QTextCursor(reader.text_view.document())
    cursor.setPosition(start + 3)
    rect = reader.text_view.cursorRect(cursor)
    menu = reader.build_text_menu(rect.center())
    found = [a for a in menu.actions() if a.text().replace("&", "") == "Link to recommendation or action…"]
    return menu, found


def highlighted_texts(window) -> list[str]:
    full_width = 0x06000  # QTextFormat.FullWidthSelection: the current passage's mark
    return [s.cursor.selectedText() for s in window.reader.text_view.extraSelections()
            if not s.format.boolProperty(full_width)]


def test_link_selected_words_from_the_context_menu_stores_the_exact_quote_and_undoes(
        make_window, seeded, monkeypatch, no_modal):
    path, docs, rec_ids, letter = seeded
    window = make_window(path)
    assert window.open_document(docs["letter"])
    assert window.tabs.currentIndex() == READER_TAB
    passage = letter[2]  # after a passage holding an emoji: UTF-16 positions must still match
    words = "the timeliness of strategy meetings has improved"
    select_words(window, passage, words)
    seen: dict = {}
    drive_link_dialog(monkeypatch, filter_text="timeliness strategy", stance=Stance.CONCERN,
                      note="Check the figures", seen=seen)

    menu, found = link_menu_action(window, passage)
    assert len(found) == 1 and found[0].shortcut().toString() == "Ctrl+L"
    found[0].trigger()
    menu.deleteLater()

    stored = evidence_service.list_evidence(window.workspace, recommendation_id=rec_ids[0])
    assert len(stored) == 1
    item = stored[0]
    assert item.quote == words
    assert (item.span_start, item.span_end) == (passage.text.index(words),
                                               passage.text.index(words) + len(words))
    assert item.passage_id == passage.id and item.page == passage.page == 2
    assert item.stance is Stance.CONCERN and item.note == "Check the figures"
    assert seen["quote"] == words
    assert seen["citation"].startswith("Monitoring visit letter, 8 June 2023, page 2")
    assert seen["titles"][0].startswith("Recommendation 1 (Wexcombe, 2022)")

    assert highlighted_texts(window) == [words]
    tooltip = window.evidence._tooltips
    start = window.reader.layout_.spans[passage.id][0] + utf16(passage.text[:passage.text.index(words)])
    cursor = QTextCursor(window.reader.text_view.document())
    cursor.setPosition(start + 4)
    hover = tooltip.text_at(window.reader.text_view.cursorRect(cursor).center())
    assert "Concern for Recommendation 1" in hover and "Check the figures" in hover

    window.undo_stack.undo()
    assert evidence_service.list_evidence(window.workspace) == []
    assert highlighted_texts(window) == []
    window.undo_stack.redo()
    again = evidence_service.list_evidence(window.workspace)
    assert [(e.id, e.quote) for e in again] == [(item.id, words)]
    assert highlighted_texts(window) == [words]


def test_ctrl_l_with_nothing_selected_links_the_passage_under_the_cursor(
        make_window, seeded, monkeypatch, qtbot, no_modal):
    path, docs, rec_ids, letter = seeded
    window = make_window(path)
    window.open_document(docs["letter"])
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    passage = letter[3]
    cursor = QTextCursor(window.reader.text_view.document())
    cursor.setPosition(window.reader.layout_.spans[passage.id][0] + 10)
    window.reader.text_view.setTextCursor(cursor)
    window.reader.text_view.setFocus()
    seen: dict = {}
    drive_link_dialog(monkeypatch, filter_text="care leaver", stance=Stance.CONCERN, seen=seen)
    qtbot.keyClick(window.reader.text_view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    stored = evidence_service.list_evidence(window.workspace, recommendation_id=rec_ids[1])
    assert [e.quote for e in stored] == [passage.text]
    assert seen["quote"] == passage.text  # "<b>not bold</b>" shown as typed
    assert "<b>not bold</b>" in seen["quote"]


def test_a_selection_over_two_passages_quotes_the_first_and_says_so(make_window, seeded, monkeypatch,
                                                                   no_modal):
    path, docs, rec_ids, letter = seeded
    window = make_window(path)
    window.open_document(docs["letter"])
    reader = window.reader
    start = reader.layout_.spans[letter[3].id][0] + len("3. Some ")
    end = reader.layout_.spans[letter[4].id][0] + 10
    cursor = QTextCursor(reader.text_view.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    reader.text_view.setTextCursor(cursor)
    seen: dict = {}
    drive_link_dialog(monkeypatch, filter_text="", stance=Stance.CONTEXT, seen=seen)
    window.actions_.link_evidence.trigger()
    assert "runs over 2 passages" in seen["notice"]
    stored = evidence_service.list_evidence(window.workspace)
    assert [e.quote for e in stored] == [letter[3].text[len("3. Some "):]]


def test_link_dialog_filters_lists_recent_first_and_insists_on_a_target(qtbot):
    calls = []
    targets = [LinkTarget("recommendation", 1, "Recommendation 1: strategy meetings"),
               LinkTarget("recommendation", 2, "Recommendation 2: care leavers", "pathway plans"),
               LinkTarget("action", 7, "Action A3: recruit social workers", recent=True)]
    dialog = LinkEvidenceDialog("<i>quoted</i>", "Letter, page 1", targets,
                                lambda choice: calls.append(choice), None)
    qtbot.addWidget(dialog)
    assert [t.id for t in dialog.visible_targets()] == [7, 1, 2]  # recent first
    assert dialog.quote_view.toPlainText() == "<i>quoted</i>"
    dialog.filter_edit.setText("pathway")
    assert [t.id for t in dialog.visible_targets()] == [2]
    dialog.accept()
    assert not calls and "Tick at least one" in dialog.error_label.text()
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Down)
    assert dialog.target_list.hasFocus() or dialog.target_list.currentItem().text().endswith("care leavers")
    assert dialog.set_checked("recommendation", 2)
    assert dialog.set_checked("action", 7)
    dialog.set_stance(Stance.PROGRESS)
    dialog.accept()
    assert len(calls) == 1
    assert calls[0].recommendation_ids == (2,) and calls[0].action_ids == (7,)
    assert calls[0].stance is Stance.PROGRESS


def _link(ws, passage, rec_id, stance="progress", note="", words=None):
    return evidence_service.link_evidence(ws, passage_id=passage.id, stance=stance,
                                          recommendation_ids=[rec_id], quote=words, note=note)[0]


def test_detail_lists_evidence_newest_first_and_edits_restances_unlinks_with_undo(
        make_window, seeded, monkeypatch, no_modal):
    path, docs, rec_ids, letter = seeded
    window = make_window(path)
    ws = window.workspace
    report_passages = documents_service.document_passages(ws, docs["report"])
    older = _link(ws, report_passages[0], rec_ids[0], "context")
    newer = _link(ws, letter[2], rec_ids[0], "progress", note="Promising <b>start</b>",
                  words="Strategy meetings for children at risk of harm now happen promptly")
    window.reload_documents()
    window.recommendations_tab.select_ids([rec_ids[0]])
    panel = window.recommendations_tab.detail.evidence_list
    shown = panel.evidence()
    assert [e.id for e in shown] == [newer.id, older.id]  # the 2023 letter before the 2022 report
    first = panel.list.item(0).text()
    assert first.startswith("▲ Progress · Monitoring visit letter, 8 June 2023, page 2")
    assert "“Strategy meetings for children at risk of harm now happen promptly”" in first
    assert "Note: Promising <b>start</b>" in first  # plain text
    assert "2 documents" not in first
    assert panel.caption.text() == "Evidence (1 progress, 1 context):"

    panel.list.item(0).setSelected(True)
    panel._restance_selected(Stance.CONCERN)
    assert evidence_service.get_evidence(ws, newer.id).stance is Stance.CONCERN
    window.undo_stack.undo()
    assert evidence_service.get_evidence(ws, newer.id).stance is Stance.PROGRESS

    def edit_exec(dialog):
        dialog.note_edit.setPlainText("Figures checked")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(evidence_dialogs.EditEvidenceDialog, "exec", edit_exec)
    panel.select_ids([newer.id])
    panel.edit_button.click()
    assert evidence_service.get_evidence(ws, newer.id).note == "Figures checked"

    panel.select_ids([newer.id, older.id])
    panel.unlink_button.click()
    assert evidence_service.list_evidence(ws, recommendation_id=rec_ids[0]) == []
    assert panel.evidence() == []
    window.undo_stack.undo()
    assert {e.id for e in panel.evidence()} == {newer.id, older.id}
    window.undo_stack.undo()  # the note edit
    assert evidence_service.get_evidence(ws, newer.id).note == "Promising <b>start</b>"

    panel.select_ids([newer.id])
    panel.list.itemDoubleClicked.emit(panel.list.selectedItems()[0])
    assert window.tabs.currentIndex() == READER_TAB
    assert window.reader.text_view.textCursor().selectedText() == \
        "Strategy meetings for children at risk of harm now happen promptly"


def test_suggestions_exclude_other_councils_and_accept_or_dismiss(make_window, seeded, qtbot,
                                                                  no_modal):
    path, docs, rec_ids, letter = seeded
    window = make_window(path)
    window.recommendations_tab.select_ids([rec_ids[0]])
    panel = window.recommendations_tab.suggestions
    qtbot.waitUntil(lambda: bool(panel.suggestions()), timeout=3000)
    found = panel.suggestions()
    assert all(s.document_id == docs["letter"] for s in found)  # never Eastshire's letter
    assert found[0].passage_id == letter[2].id
    assert "Monitoring visit to Wexcombe · 8 Jun 2023" in panel.list.item(0).text()
    assert "Why: " in panel.list.item(0).text()
    assert window.evidence.last_suggest_ms is not None and window.evidence.last_suggest_ms < 1000

    panel.select_passage(letter[2].id)
    panel.accept_current(Stance.PROGRESS)
    stored = evidence_service.list_evidence(window.workspace, recommendation_id=rec_ids[0])
    assert [(e.passage_id, e.origin, e.stance) for e in stored] == \
        [(letter[2].id, "suggestion", Stance.PROGRESS)]
    assert letter[2].id not in [s.passage_id for s in panel.suggestions()]

    left = panel.suggestions()
    if left:
        panel.select_passage(left[0].passage_id)
        panel.dismiss_button.click()
        assert left[0].passage_id not in [s.passage_id for s in
                                          suggestions_service.suggest(window.workspace, rec_ids[0])]
        window.undo_stack.undo()
        assert left[0].passage_id in [s.passage_id for s in
                                      suggestions_service.suggest(window.workspace, rec_ids[0])]
    window.undo_stack.undo()  # ... back to before the accepted suggestion
    window.undo_stack.undo()
    assert evidence_service.list_evidence(window.workspace) == []


def test_dismissed_suggestion_is_remembered_across_sessions(make_window, seeded, qtbot, no_modal):
    path, docs, rec_ids, letter = seeded
    window = make_window(path)
    window.recommendations_tab.select_ids([rec_ids[0]])
    panel = window.recommendations_tab.suggestions
    qtbot.waitUntil(lambda: bool(panel.suggestions()), timeout=3000)
    first = panel.suggestions()[0]
    panel.select_passage(first.passage_id)
    panel.dismiss_button.click()
    assert first.passage_id not in [s.passage_id for s in panel.suggestions()]
    window.close()
    again = make_window(path)
    again.recommendations_tab.select_ids([rec_ids[0]])
    again.evidence.show_suggestions()
    assert first.passage_id not in [s.passage_id for s in again.recommendations_tab.suggestions.suggestions()]


def test_suggest_for_all_runs_in_the_background_and_can_be_cancelled(make_window, seeded, qtbot,
                                                                     no_modal):
    path, docs, rec_ids, letter = seeded
    window = make_window(path)
    panel = window.recommendations_tab.suggestions
    window.recommendations_tab.select_ids([rec_ids[0]])

    # Hold the single worker so the job is still queued when Cancel is pressed.
    gate = threading.Event()
    window.runner.submit("hold", lambda _context: gate.wait(5))
    panel.all_button.click()
    assert panel.progress.isVisibleTo(panel) and panel.cancel_button.isEnabled()
    assert not panel.all_button.isEnabled()
    panel.cancel_button.click()
    gate.set()
    qtbot.waitUntil(lambda: window.evidence._suggest_handle is None, timeout=5000)
    assert "Stopped suggesting" in window.statusBar().currentMessage()
    assert panel.all_button.isEnabled() and not panel.progress.isVisibleTo(panel)

    panel.all_button.click()
    qtbot.waitUntil(lambda: window.evidence._suggest_handle is None, timeout=10000)
    assert window.statusBar().currentMessage().startswith("Found ")
    assert set(window.evidence._suggested) >= set(rec_ids)
    assert panel.suggestions()[0].passage_id == letter[2].id


def test_override_with_a_reason_shows_it_and_clear_and_undo_put_it_back(
        make_window, seeded, monkeypatch, no_modal):
    path, docs, rec_ids, letter = seeded
    window = make_window(path)
    ws = window.workspace
    _link(ws, letter[2], rec_ids[0], "progress")
    window.reload_documents()
    window.recommendations_tab.select_ids([rec_ids[0]])
    rollup_panel = window.recommendations_tab.detail.rollup_panel
    assert rollup_panel.status_label.text() == "Evidence of progress — rolled up from actions and evidence"
    assert "The latest evidence shows progress" in rollup_panel.rule_label.text()
    assert rollup_panel.evidence_label.text() == "Latest evidence: 8 June 2023."
    assert not rollup_panel.clear_button.isEnabled()

    def override_exec(dialog):
        dialog.accept()  # no reason yet: refused
        assert "Say why" in dialog.error_label.text()
        dialog.status_combo.setCurrentIndex(dialog.status_combo.findData("complete"))
        dialog.reason_edit.setPlainText("The 2024 inspection found it fully met.")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(evidence_dialogs.OverrideDialog, "exec", override_exec)
    rollup_panel.override_button.click()
    stored = rollup_service.rollups(ws, [rec_ids[0]])[rec_ids[0]]
    assert (stored.source, stored.status, stored.reason) == \
        ("user", RecommendationStatus.COMPLETE, "The 2024 inspection found it fully met.")
    assert rollup_panel.status_label.text() == "Complete — set by you"
    assert "Your reason: The 2024 inspection found it fully met." in rollup_panel.rule_label.text()
    model = window.recommendations_tab.view.model()
    row = [r for r in range(model.rowCount())
           if model.index(r, 0).data(Qt.ItemDataRole.UserRole + 2) == rec_ids[0]][0]
    assert model.index(row, 6).data() == "Complete (set by you)"

    rollup_panel.clear_button.click()
    assert rollup_service.rollups(ws, [rec_ids[0]])[rec_ids[0]].source == "rolled_up"
    assert model.index(row, 6).data().startswith("Evidence of progress")
    assert "set by you" not in model.index(row, 6).data()
    window.undo_stack.undo()
    assert rollup_service.rollups(ws, [rec_ids[0]])[rec_ids[0]].source == "user"
    window.undo_stack.undo()
    assert rollup_service.rollups(ws, [rec_ids[0]])[rec_ids[0]].source == "rolled_up"

    shown = []
    monkeypatch.setattr(messages, "show_about", lambda parent, title, text: shown.append(text))
    rollup_panel.explain_button.click()
    assert shown and shown[0].startswith(rollup_service.ROLL_UP_RULES)
    assert "Here: Rule that applied: The latest evidence shows progress." in shown[0]


def test_rollup_panel_flags_stale_evidence_and_disagreement_in_words(qtbot):
    panel = RollUpPanel()
    qtbot.addWidget(panel)
    panel.show()
    rollup = RollUp(recommendation_id=3, status=RecommendationStatus.CONCERN, source="rolled_up",
                    reason="", rule="The latest evidence is a concern",
                    rolled_up_status=RecommendationStatus.CONCERN, last_evidence=date(2021, 1, 5),
                    stale=True, council_status="green",
                    disagreement="The council reports green, but the newest independent evidence, "
                                 "a monitoring visit letter (5 January 2021), is a concern.")
    panel.show_rollup(rollup)
    assert panel.stale_label.isVisible() and panel.stale_label.text() == "⚠ No evidence for 12 months."
    assert panel.council_label.text() == "The council reports: green."
    assert panel.disagreement_label.isVisible()
    assert panel.disagreement_label.text().startswith("⚠ Disagreement: The council reports green")
    assert panel.override_button.isEnabled() and not panel.clear_button.isEnabled()
    panel.show_rollup(rollup, writable=False)
    assert not panel.override_button.isEnabled()


def test_read_only_workspace_disables_linking(make_window, seeded, monkeypatch, no_modal):
    from desktop.storage.workspace import open_workspace
    from desktop.ui import main_window

    path, docs, rec_ids, letter = seeded
    with open_workspace(path) as ws:
        _link(ws, letter[2], rec_ids[0])
    # chmod is no use when tests run as root, so open it read-only as the core would
    monkeypatch.setattr(main_window, "open_workspace",
                        lambda p, create=False: open_workspace(p, create=create, read_only=True))
    window = make_window(path)
    assert window.workspace.read_only
    assert not window.actions_.link_evidence.isEnabled()
    assert window.actions_.suggest_all.isEnabled()  # suggesting only reads
    window.recommendations_tab.select_ids([rec_ids[0]])
    panel = window.recommendations_tab.detail.evidence_list
    panel.list.item(0).setSelected(True)
    assert not panel.unlink_button.isEnabled() and panel.open_button.isEnabled()
    assert not window.recommendations_tab.detail.rollup_panel.override_button.isEnabled()
    window.evidence.link_from_reader()  # e.g. from the context menu: says why, changes nothing
    assert no_modal["errors"] == ["This workspace is open read-only, so nothing can be linked."]
    assert len(evidence_service.list_evidence(window.workspace)) == 1


def test_hovering_or_moving_into_a_linked_quote_says_what_it_is_linked_to(make_window, seeded,
                                                                          no_modal):
    path, docs, rec_ids, letter = seeded
    window = make_window(path)
    _link(window.workspace, letter[4], rec_ids[1], "context", note="Leaders' plan")
    window.open_document(docs["letter"])
    marks = window.evidence.marks()
    assert len(marks) == 1 and marks[0].evidence.passage_id == letter[4].id
    cursor = QTextCursor(window.reader.text_view.document())
    cursor.setPosition(marks[0].start + 2)
    window.reader.text_view.setTextCursor(cursor)
    message = window.statusBar().currentMessage()
    assert message.startswith("Linked as evidence: • Context for Recommendation 2 (Wexcombe, 2022)")
    assert "Leaders' plan" in message
    point = window.reader.text_view.cursorRect(cursor).center()
    assert "Context for Recommendation 2" in window.evidence._tooltips.text_at(point)
    assert window.evidence._tooltips.text_at(QPoint(1, 1)) == ""


def _answer_keep_quotes(monkeypatch, button_text: str, seen: list):
    """Drive the real question box: note its text, press the button named ``button_text``."""
    from PySide6.QtWidgets import QMessageBox

    def exec_(box):
        seen.append(box.text())
        assert box.textFormat() == Qt.TextFormat.PlainText
        assert box.defaultButton().text() != "&Keep the quotes"  # Enter never deletes
        [button] = [b for b in box.buttons() if b.text().replace("&", "") == button_text]
        button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)


def test_deleting_a_document_with_evidence_offers_to_keep_or_delete_the_quotes(
        make_window, seeded, monkeypatch, no_modal):
    path, docs, rec_ids, letter = seeded
    window = make_window(path)
    ws = window.workspace
    kept = _link(ws, letter[2], rec_ids[0], "progress", note="Keep me")
    window.reload_documents()

    seen: list = []
    _answer_keep_quotes(monkeypatch, "Cancel", seen)
    window.delete_current(docs["letter"])
    assert "1 quote" in seen[0] and "Keep its quote" in seen[0]
    assert documents_service.get_document(ws, docs["letter"])  # nothing deleted
    assert no_modal["confirm"] == []  # this question replaces the plain confirmation

    _answer_keep_quotes(monkeypatch, "Keep the quotes", seen)
    window.delete_current(docs["letter"])
    assert docs["letter"] not in [d.id for d in documents_service.list_documents(ws)]
    [quote] = evidence_service.list_evidence(ws, recommendation_id=rec_ids[0])
    assert (quote.id, quote.quote, quote.note) == (kept.id, kept.quote, "Keep me")
    assert quote.passage_id is None and quote.citation == kept.citation
    window.recommendations_tab.select_ids([rec_ids[0]])
    panel = window.recommendations_tab.detail.evidence_list
    assert "The document was deleted; the quote and its citation were kept." in panel.list.item(0).text()
    panel.list.item(0).setSelected(True)
    assert not panel.open_button.isEnabled()
    window.evidence.open_evidence(quote)
    assert no_modal["errors"] and "Its document was deleted" in no_modal["errors"][-1]


def test_deleting_a_document_can_delete_its_quotes_and_without_quotes_asks_as_before(
        make_window, seeded, monkeypatch, no_modal):
    path, docs, rec_ids, letter = seeded
    window = make_window(path)
    ws = window.workspace
    _link(ws, letter[2], rec_ids[0])
    seen: list = []
    _answer_keep_quotes(monkeypatch, "Delete the quotes too", seen)
    window.delete_current(docs["letter"])
    assert evidence_service.list_evidence(ws) == []
    assert docs["letter"] not in [d.id for d in documents_service.list_documents(ws)]

    window.delete_current(docs["other"])  # holds no evidence: the usual confirmation
    assert len(no_modal["confirm"]) == 1 and "restored from Edit > Trash" in no_modal["confirm"][0]
    assert docs["other"] not in [d.id for d in documents_service.list_documents(ws)]


def test_quote_spans_survive_emoji_and_windows_line_breaks():
    from desktop.domain.documents import Passage, PassageKind
    from desktop.ui.widgets.passage_text import layout_passages
    from desktop.ui.widgets.reader_evidence import quote_target, reader_marks

    texts = ["Intro 🚸🚸 line", "Leaders\r\nhave a plan 🚸 to recruit social workers.", "Last one."]
    passages = [Passage(id=10 + n, document_id=1, seq=n, label=None, kind=PassageKind.PARAGRAPH,
                        page=1, start=0, end=len(t), text=t) for n, t in enumerate(texts)]
    layout = layout_passages(passages)
    shown = layout.text
    words = "to recruit social workers"
    at = utf16(shown[:shown.index(words)])
    target = quote_target(layout, passages, at - 1, at + utf16(words))  # a space before: trimmed
    assert target.passage.id == 11 and target.quote == words
    assert texts[1][target.start:target.end] == words

    whole = quote_target(layout, passages, at, at, position=at)  # nothing selected
    assert whole.quote == texts[1] and whole.whole

    assert quote_target(layout, passages, 0, 0, position=len(shown) + 5) is None

    class Item:  # the fields reader_marks reads
        def __init__(self, start, end):
            self.span_start, self.span_end = start, end

    [mark] = reader_marks(layout, passages, {11: [Item(target.start, target.end)]}, lambda e: "R1")
    assert mark.end - mark.start == utf16(words)
    assert utf16(shown[:shown.index(words)]) == mark.start


def test_evidence_items_are_plain_text_and_newest_first():
    from desktop.domain.evidence import Evidence
    from desktop.ui.widgets.evidence_list import evidence_lines, newest_first

    def item(id_, when, stance=Stance.PROGRESS, created="2024-01-01T00:00:00", quote="q"):
        return Evidence(id=id_, recommendation_id=1, action_id=None, passage_id=5, document_id=2,
                        quote=quote, span_start=0, span_end=1, page=3, label="12",
                        citation="Monitoring visit letter, 8 June 2018, page 3, paragraph 12",
                        document_title="Letter", document_type="monitoring_visit",
                        document_date=when, stance=stance, note="", origin="manual",
                        needs_review=False, created=created)

    items = [item(1, date(2018, 6, 8)), item(2, None), item(3, date(2023, 1, 1)),
             item(4, date(2023, 1, 1), created="2025-01-01T00:00:00")]
    assert [e.id for e in newest_first(items)] == [4, 3, 1, 2]
    lines = evidence_lines(item(9, None, Stance.CONCERN, quote="<script>x</script>"))
    assert lines[0] == "▼ Concern · Monitoring visit letter, 8 June 2018, page 3, paragraph 12"
    assert lines[1] == "“<script>x</script>”"


def test_a_quote_to_check_after_a_revision_says_so_and_can_be_marked_checked(make_window, seeded,
                                                                            no_modal):
    path, docs, rec_ids, letter = seeded
    window = make_window(path)
    ws = window.workspace
    item = _link(ws, letter[2], rec_ids[0])
    evidence_service.edit_evidence(ws, item.id, needs_review=True)  # as a revision leaves it
    window.reload_documents()
    window.recommendations_tab.select_ids([rec_ids[0]])
    panel = window.recommendations_tab.detail.evidence_list
    assert "⚠ Check this: the document was replaced" in panel.list.item(0).text()
    window.evidence.mark_checked(panel.evidence())
    assert not evidence_service.get_evidence(ws, item.id).needs_review
    assert "Check this" not in panel.list.item(0).text()
    window.undo_stack.undo()
    assert evidence_service.get_evidence(ws, item.id).needs_review


def test_link_dialog_is_usable_from_the_keyboard(qtbot):
    targets = [LinkTarget("recommendation", 1, "Recommendation 1: strategy meetings"),
               LinkTarget("recommendation", 2, "Recommendation 2: care leavers")]
    chosen = []
    dialog = LinkEvidenceDialog("quote", "Letter", targets, lambda c: chosen.append(c), None)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    dialog.filter_edit.setFocus()
    qtbot.keyClicks(dialog.filter_edit, "care")
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Down)
    assert dialog.target_list.hasFocus()
    qtbot.keyClick(dialog.target_list, Qt.Key.Key_Space)
    assert [t.id for t in dialog.chosen_targets()] == [2]
    qtbot.keyClick(dialog, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)  # C&oncern
    from desktop.ui.dialogs.link_evidence_dialog import checked_stance

    qtbot.waitUntil(lambda: checked_stance(dialog.stance_group) is Stance.CONCERN)  # animated click
    qtbot.keyClick(dialog.target_list, Qt.Key.Key_Return)
    assert len(chosen) == 1 and chosen[0].stance is Stance.CONCERN
    assert chosen[0].recommendation_ids == (2,)


def test_a_quote_can_be_linked_to_an_action_and_a_recommendation_at_once(make_window, seeded,
                                                                         monkeypatch, no_modal):
    from desktop.services import actions as actions_service

    path, docs, rec_ids, letter = seeded
    window = make_window(path)
    action = actions_service.add_action(window.workspace, "Recruit permanent social workers",
                                        reference="A3", owner="Head of service",
                                        recommendation_ids=[rec_ids[0]])
    window.open_document(docs["letter"])
    select_words(window, letter[4], "a credible plan to improve it")

    def exec_(dialog):
        dialog.filter_edit.setText("A3")
        assert [t.title for t in dialog.visible_targets()] == \
            ["Action A3 (Head of service): Recruit permanent social workers"]
        assert dialog.set_checked("action", action.id)
        dialog.filter_edit.clear()
        assert dialog.set_checked("recommendation", rec_ids[1])
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(LinkEvidenceDialog, "exec", exec_)
    window.actions_.link_evidence.trigger()
    on_action = evidence_service.list_evidence(window.workspace, action_id=action.id)
    on_rec = evidence_service.list_evidence(window.workspace, recommendation_id=rec_ids[1])
    assert [e.quote for e in on_action] == [e.quote for e in on_rec] == ["a credible plan to improve it"]
    hover = [m.description for m in window.evidence.marks()]
    assert sorted(hover)[0].startswith("Action A3") and sorted(hover)[1].startswith("Recommendation 2")
    window.undo_stack.undo()  # one step undoes both links
    assert evidence_service.list_evidence(window.workspace) == []


def test_quotes_move_to_a_revised_version_chosen_in_the_window(
        make_window, seeded, add_document, monkeypatch, no_modal):
    from PySide6.QtWidgets import QInputDialog

    path, docs, rec_ids, letter = seeded
    window = make_window(path)
    ws = window.workspace
    kept = _link(ws, letter[0], rec_ids[0])
    revised = add_document(ws, "Monitoring visit to Wexcombe (corrected)", LETTER,
                           doc_type=DocType.MONITORING_VISIT, authority="Wexcombe",
                           when=date(2023, 6, 20))
    window.reload_documents()
    offered = []

    def choose(parent, title, label, names, current, editable):
        offered.extend(names)
        return next(n for n in names if "(corrected)" in n), True

    monkeypatch.setattr(QInputDialog, "getItem", choose)
    window.tabs.setCurrentWidget(window.library)
    window.library.select_document(docs["letter"])
    window.actions_.move_quotes.trigger()
    assert not any("Eastshire" in n for n in offered)  # another council's paper is not offered
    moved = evidence_service.get_evidence(ws, kept.id)
    assert moved.document_id == revised and moved.quote == kept.quote and not moved.needs_review
    assert "Moved 1 quote" in window.statusBar().currentMessage()


def test_link_dialog_keeps_other_councils_behind_a_tick_and_asks_before_crossing(qtbot, monkeypatch):
    from desktop.ui.dialogs import link_evidence_dialog

    calls, asked = [], []
    targets = [LinkTarget("recommendation", 1, "Recommendation 1 (Birmingham)", authority="Birmingham"),
               LinkTarget("recommendation", 2, "Recommendation 2 (Gloucestershire)",
                          authority="Gloucestershire"),
               LinkTarget("action", 7, "Action B1 (Birmingham)", recent=True, authority="Birmingham"),
               LinkTarget("action", 8, "Action with no council")]
    dialog = LinkEvidenceDialog("quoted", "Letter, page 1", targets, lambda c: calls.append(c), None,
                                authority="Gloucestershire")
    qtbot.addWidget(dialog)
    assert [t.id for t in dialog.visible_targets()] == [2, 8]  # own council first, others hidden
    assert not dialog.others_box.isHidden()
    dialog.others_box.setChecked(True)
    assert [t.id for t in dialog.visible_targets()] == [2, 8, 7, 1]
    dialog.set_checked("recommendation", 1)
    monkeypatch.setattr(link_evidence_dialog, "confirm_other_councils",
                        lambda parent, authority, others: asked.append((authority, others)) or False)
    dialog.accept()
    assert asked == [("Gloucestershire", ["Birmingham"])] and not calls  # declined: nothing linked
    monkeypatch.setattr(link_evidence_dialog, "confirm_other_councils", lambda *args: True)
    dialog.accept()
    assert calls[0].recommendation_ids == (1,) and calls[0].other_authority


def test_link_dialog_for_a_council_alone_does_not_ask(qtbot, monkeypatch):
    from desktop.ui.dialogs import link_evidence_dialog

    calls = []
    monkeypatch.setattr(link_evidence_dialog, "confirm_other_councils",
                        lambda *args: pytest.fail("asked without need"))
    dialog = LinkEvidenceDialog("quoted", "Letter", [LinkTarget("recommendation", 2, "Rec 2",
                                                                authority="Gloucestershire")],
                                lambda c: calls.append(c), None, authority="gloucestershire")
    qtbot.addWidget(dialog)
    assert dialog.others_box.isHidden()
    dialog.set_checked("recommendation", 2)
    dialog.accept()
    assert calls and not calls[0].other_authority
