"""A councillor can use the window without help: date fields, shortcuts, guide, toolbar."""

from __future__ import annotations

import re
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QMenu

from desktop.ui.widgets.date_field import DateField

INPUTS = {"1/1/18": date(2018, 1, 1), "1 Jan 2018": date(2018, 1, 1), "2018-01-01": date(2018, 1, 1)}


def _type(qtbot, field: DateField, text: str) -> None:
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


@pytest.mark.parametrize("typed", list(INPUTS))
def test_a_date_field_reads_what_is_typed_and_shows_a_uk_date(qtbot, typed):
    field = DateField(name="Date")
    qtbot.addWidget(field)
    field.show()
    _type(qtbot, field, typed)
    assert field.value() == INPUTS[typed]
    assert field.text() == "1 Jan 2018"
    assert field.iso_text() == "2018-01-01"


def test_a_date_field_refuses_an_impossible_date_and_says_why(qtbot):
    field = DateField(date(2018, 1, 1), allow_empty=False, name="Date")
    qtbot.addWidget(field)
    field.show()
    _type(qtbot, field, "31/2/2018")
    assert "there is no 31 February 2018" in field.problem()
    assert field.date().toPython() == date(2018, 1, 1)  # the last good date is kept


def test_a_calendar_pops_up_and_picking_sets_the_date(qtbot):
    from PySide6.QtCore import QDate

    field = DateField(date(2018, 1, 1), name="Date")
    qtbot.addWidget(field)
    field.show()
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: field.calendar is not None and field.calendar.isVisible())
    field.calendar.activated.emit(QDate(2019, 3, 8))
    assert field.value() == date(2019, 3, 8) and field.text() == "8 Mar 2019"


def test_every_date_entry_of_the_window_is_a_date_field(make_window, workspace_path, add_document):
    """The document and recommendation dialogs, the search filters, the briefing, updates."""
    from desktop.domain.documents import DocType
    from desktop.services.documents import get_document
    from desktop.storage.workspace import open_workspace
    from desktop.ui.dialogs.edit_document import EditDocumentDialog
    from desktop.ui.dialogs.recommendation_dialogs import BLANK, RecommendationDialog

    with open_workspace(workspace_path) as ws:
        doc_id = add_document(ws, "Inspection of Fenmarsh", ["1. Text."],
                              doc_type=DocType.INSPECTION_REPORT, authority="Fenmarsh",
                              when=date(2022, 10, 7))
        document = get_document(ws, doc_id)
    window = make_window(workspace_path)
    edit = EditDocumentDialog(document, [], lambda changes: None, window)
    assert edit.date_edits["date"].text() == "7 Oct 2022"
    rec = RecommendationDialog("Add", dict(BLANK), [], lambda values: None, window, new=True)
    fields = list(edit.date_edits.values()) + [
        rec.issued_edit, window.search_tab.date_from, window.search_tab.date_to,
        window.briefing_tab.since_edit]
    assert all(isinstance(f, DateField) for f in fields)
    for field in fields:
        for typed, meant in INPUTS.items():
            field.setText(typed)
            field.editingFinished.emit()
            assert field.value() == meant, (field.accessibleName(), typed)
    again = EditDocumentDialog(document, [], lambda changes: None, window)
    again.date_edits["date"].setText("1/1/18")
    assert again.changes() == {"date": "2018-01-01"}


def test_shortcuts_list_is_every_menu_shortcut(make_window):
    from desktop.ui.window_help import ShortcutsDialog, shortcut_rows

    window = make_window()
    listed = {(item, keys) for _menu, item, keys in shortcut_rows(window)}
    found = set()

    def walk(menu: QMenu) -> None:
        for action in menu.actions():
            if action.menu():
                walk(action.menu())
            elif action.shortcut() and not action.shortcut().isEmpty():
                found.add(action)

    for top in window.menuBar().actions():
        walk(top.menu())
    assert found
    for action in found:
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        assert any(k.startswith(keys) or keys in k for item, k in listed
                   if item == action.text().replace("&", "").rstrip("…")), action.text()
    dialog = ShortcutsDialog(window)
    assert dialog.table.rowCount() == len(shortcut_rows(window))
    assert "Ctrl+Shift+F" in {dialog.table.item(r, 2).text() for r in range(dialog.table.rowCount())}


def test_no_two_shortcuts_share_keys(make_window):
    from desktop.ui.window_help import shortcut_rows

    keys = [k for _m, _i, ks in shortcut_rows(make_window()) for k in ks.split(", ")
            if "letter" not in k]
    assert len(keys) == len(set(keys)), sorted(keys)


def _mnemonic(text: str) -> str | None:
    match = re.search(r"&([^&])", text)
    return match.group(1).lower() if match else None


def test_no_two_mnemonics_clash_on_the_welcome_screen(make_window, workspace_path):
    window = make_window(workspace_path)
    window.resize(1200, 760)
    window.show()
    assert window.library.welcome.isVisible()
    letters = [_mnemonic(a.text()) for a in window.menuBar().actions()]
    letters += [_mnemonic(window.tabs.tabText(i)) for i in range(window.tabs.count())]
    for widget in window.library.findChildren(QAbstractButton) + window.library.findChildren(QLabel):
        if widget.isVisible():
            letters.append(_mnemonic(widget.text()))
    letters = [x for x in letters if x]
    assert len(letters) == len(set(letters)), sorted(letters)
    assert _mnemonic(window.menuBar().actions()[0].text()) == "f"  # Alt+F is the File menu


def test_the_user_guide_opens_with_f1_and_covers_each_task(make_window, qtbot):
    from desktop.ui.window_help import GuideDialog

    window = make_window()
    f1 = [a for a in window.actions() if QKeySequence("F1") in a.shortcuts()]
    assert [a.text() for a in f1] == ["User &guide"]
    assert f1[0] in window.menuBar().actions()[-1].menu().actions()  # Help > User guide
    f1[0].trigger()
    guides = [d for d in window.findChildren(GuideDialog) if d.isVisible()]
    assert guides
    text = guides[0].browser.toPlainText()
    for task in ("Import papers", "Check what was found", "Track the plan", "Link evidence",
                 "Prepare a briefing"):
        assert task in text
    guides[0].close()


def test_ctrl_f_finds_in_the_view_shown(make_window, workspace_path, qtbot):
    window = make_window(workspace_path)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.tabs.setCurrentWidget(window.recommendations_tab)
    window.actions_.find.trigger()
    assert window.tabs.currentWidget() is window.recommendations_tab
    assert window.focusWidget() is window.recommendations_tab.text_filter


def test_toolbar_search_box_searches_every_paper(make_window, workspace_path, add_document):
    from desktop.storage.workspace import open_workspace

    with open_workspace(workspace_path) as ws:
        add_document(ws, "Minutes of the panel", ["Members asked about care leavers."])
    window = make_window(workspace_path)
    window.show()
    assert [a.iconText() for a in window.main_toolbar.actions() if a.iconText()][:1] == ["Import"]
    window.search_everything.trigger()
    assert window.focusWidget() is window.search_box
    window.search_box.setText("care leavers")
    window.search_box.returnPressed.emit()
    assert window.tabs.currentWidget() is window.search_tab
    assert window.search_tab.model.rowCount() == 1


def test_text_size_scales_and_is_remembered(make_window):
    from desktop.ui import settings

    window = make_window()
    before = window.library.font().pointSizeF()
    larger = next(a for a in window.actions() if a.text() == "&Larger")
    larger.trigger()
    larger.trigger()
    QApplication.processEvents()
    assert window.library.font().pointSizeF() == pytest.approx(before + 2)
    assert settings.text_size() == 2
    normal = next(a for a in window.actions() if a.text() == "&Normal size")
    normal.trigger()
    QApplication.processEvents()
    assert window.library.font().pointSizeF() == pytest.approx(before)
    assert settings.text_size() == 0


def test_text_size_moves_every_font_once(make_window):
    window = make_window()
    label = window.count_label
    parent_size, child_size = window.tabs.font().pointSizeF(), label.font().pointSizeF()
    next(a for a in window.actions() if a.text() == "&Larger").trigger()
    assert window.tabs.font().pointSizeF() == pytest.approx(parent_size + 1)
    assert label.font().pointSizeF() == pytest.approx(child_size + 1)
    next(a for a in window.actions() if a.text() == "&Normal size").trigger()


def test_no_button_is_cut_off_in_any_tab_at_the_default_size(make_window, workspace_path,
                                                             add_document, qtbot):
    from PySide6.QtWidgets import QPushButton

    from desktop.storage.workspace import open_workspace

    with open_workspace(workspace_path) as ws:
        add_document(ws, "Minutes of the panel", ["Members asked about care leavers."])
    window = make_window(workspace_path)
    window.resize(1200, 760)
    window.show()
    qtbot.waitExposed(window)
    clipped = []
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        for button in window.tabs.currentWidget().findChildren(QPushButton):
            if not button.isVisible() or button.toolTip() and not button.text():
                continue
            text = button.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
            needed = button.fontMetrics().horizontalAdvance(text) + 8
            if needed > button.width():
                clipped.append((window.tabs.tabText(index), text, needed, button.width()))
    assert not clipped


def test_keyboard_only_search_and_open_a_hit(make_window, workspace_path, add_document, qtbot):
    """Ctrl+Shift+F, type, Enter, Enter: the hit opens in the Reader with no mouse."""
    from desktop.storage.workspace import open_workspace

    with open_workspace(workspace_path) as ws:
        add_document(ws, "Minutes of the panel", ["Members asked about care leavers."])
    window = make_window(workspace_path)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is window.search_box
    qtbot.keyClicks(window.search_box, "care leavers")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert window.tabs.currentWidget() is window.search_tab
    qtbot.keyClick(window.search_tab.view, Qt.Key.Key_Return)
    assert window.tabs.currentWidget() is window.reader
    assert window.reader.document is not None and window.reader.document.title == "Minutes of the panel"


def test_judgement_history_follows_the_selected_recommendations_council(make_window, workspace_path):
    from desktop.services import recommendations as recs
    from desktop.services.recommendations import InspectionGrades
    from desktop.storage.workspace import open_workspace

    with open_workspace(workspace_path) as ws:
        recs.add_recommendation(ws, "Improve the front door.", label="1", authority="Amberton")
        zed = recs.add_recommendation(ws, "Improve care leavers' homes.", label="1", authority="Zedford")
    window = make_window(workspace_path)
    tab = window.recommendations_tab
    tab.history.set_history([
        InspectionGrades("Amberton", date(2019, 1, 1), 1, {"Overall effectiveness": "Good"}, False),
        InspectionGrades("Zedford", date(2018, 1, 1), 2,
                         {"Overall effectiveness": "Inadequate",
                          "Review of the Local Safeguarding Children Board": "Requires improvement"},
                         False)])
    assert tab.history.authority_combo.currentText() == "Amberton"
    tab.select_ids([zed.id if hasattr(zed, "id") else zed])
    assert tab.history.authority_combo.currentText() == "Zedford"
    assert "Safeguarding children board" in tab.history.model.areas()  # the LSCB's grade too


def test_library_count_agrees_with_the_status_bar(make_window, workspace_path, add_document):
    from desktop.domain.documents import DocType
    from desktop.storage.workspace import open_workspace

    with open_workspace(workspace_path) as ws:
        pack = add_document(ws, "Panel pack", [], doc_type=DocType.AGENDA_PACK)
        add_document(ws, "Paper one", ["Text one."], parent_id=pack, position=1)
        add_document(ws, "Paper two", ["Text two."], parent_id=pack, position=2)
        add_document(ws, "Minutes", ["Minutes text."])
    window = make_window(workspace_path)
    assert window.count_label.text() == "4 documents"
    window.library.filter_edit.setText("Minutes")
    assert window.library.count_label.text() == "1 of 2 entries shown (4 documents in all)"


def _keys_in_next_modal(qtbot, steps) -> None:
    """Once a modal dialog is up, type into it: ``steps`` is a list of (key, modifiers) or text."""
    from PySide6.QtCore import QTimer

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(50, act)
            return
        for step in steps:
            target = QApplication.focusWidget() or dialog
            if isinstance(step, str):
                qtbot.keyClicks(target, step)
            else:
                qtbot.keyClick(target, *step)
    QTimer.singleShot(50, act)


def test_keyboard_only_journey_import_search_link_and_export(make_window, workspace_path, qtbot,
                                                              monkeypatch, tmp_path):
    """Open, import, search, open a hit, link it, export a briefing: all from the keyboard.
    (The system's file choosers are the only thing replaced: they are the platform's own.)"""
    from desktop.services import evidence as evidence_service
    from desktop.ui.dialogs import file_dialogs
    from tests.samples import sample

    report = sample("000")
    out = tmp_path / "briefing.pdf"
    monkeypatch.setattr(file_dialogs, "choose_files_to_import", lambda parent: [report])
    monkeypatch.setattr(file_dialogs, "choose_export_target", lambda *args, **kwargs: out)
    monkeypatch.setattr("desktop.ui.briefing_controller.offer_open", lambda *args: False)
    window = make_window(workspace_path)
    window.resize(1200, 760)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier

    qtbot.keyClick(window, Qt.Key.Key_I, ctrl)  # File > Import files…
    qtbot.waitUntil(lambda: getattr(window, "last_import_dialog", None) is not None, timeout=60_000)
    results = window.last_import_dialog  # what was imported: read, then Esc
    qtbot.waitUntil(results.isVisible)
    qtbot.keyClick(results, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not results.isVisible())
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_F, ctrl | shift)  # search every paper
    qtbot.keyClicks(window.search_box, "return home interviews")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.search_tab.view.model().rowCount() > 0, timeout=10_000)
    qtbot.keyClick(window.search_tab.view, Qt.Key.Key_Return)
    assert window.tabs.currentWidget() is window.reader
    passage_id = window.reader.current_passage_id()
    assert passage_id is not None

    # Ctrl+L: type to find the recommendation, Down into the list, Space ticks it, Alt+P, Enter.
    _keys_in_next_modal(qtbot, ["return home", (Qt.Key.Key_Down,), (Qt.Key.Key_Space,),
                                (Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier), (Qt.Key.Key_Return,)])
    qtbot.keyClick(window, Qt.Key.Key_L, ctrl)
    qtbot.waitUntil(lambda: bool(evidence_service.list_evidence(window.workspace)), timeout=10_000)
    [quote] = evidence_service.list_evidence(window.workspace)
    assert quote.passage_id == passage_id and quote.stance.value == "progress"

    window.activateWindow()  # the dialog has gone: the window manager gives the window back focus
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_E, ctrl)  # File > Export > Briefing (PDF)…
    qtbot.waitUntil(lambda: out.exists() and out.stat().st_size > 0 and not window.briefing.running,
                    timeout=60_000)
    assert out.read_bytes().startswith(b"%PDF")


def test_no_label_is_cut_off_in_any_tab_at_the_default_size(make_window, workspace_path, add_document, qtbot):
    """A one-line label either fits at 1200x760 or says the whole text on hover."""
    from desktop.storage.workspace import open_workspace

    with open_workspace(workspace_path) as ws:
        doc_id = add_document(ws, "Inspection of services for children in need of help and protection, children "
                              "looked after and care leavers", ["Members asked about care leavers."])
    window = make_window(workspace_path)
    window.resize(1200, 760)
    window.show()
    qtbot.waitExposed(window)
    window.open_document(doc_id)
    clipped = []
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        for label in window.tabs.currentWidget().findChildren(QLabel):
            if not label.isVisible() or label.wordWrap() or label.toolTip() \
                    or label.textFormat() == Qt.TextFormat.RichText:
                continue
            text = label.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
            widest = max((label.fontMetrics().horizontalAdvance(line) for line in text.split("\n")), default=0)
            if widest > label.width() + 1:
                clipped.append((window.tabs.tabText(index), text[:60], widest, label.width()))
    assert not clipped
