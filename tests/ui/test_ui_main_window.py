"""The window end to end: workspaces, editing with undo, deleting, searching, reading."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from PySide6.QtWidgets import QDialog

from desktop.domain.documents import DocType
from desktop.services import documents as documents_service
from desktop.ui import settings
from desktop.ui.dialogs import file_dialogs
from desktop.ui.dialogs.edit_document import EditDocumentDialog
from desktop.ui.main_window import READER_TAB, SEARCH_TAB


@pytest.fixture
def filled(workspace_path, add_document):
    """A workspace about councils the samples never mention."""
    from desktop.storage.workspace import open_workspace

    with open_workspace(workspace_path) as ws:
        report = add_document(ws, "Inspection of Fenmarsh children's services", [
            "1. Leaders have strengthened the front door since the last inspection.",
            "2. Too many care leavers live in unsuitable accommodation.",
            "3. Return home interviews are not offered to every child who goes missing.",
        ], doc_type=DocType.INSPECTION_REPORT, authority="Fenmarsh", when=date(2022, 10, 7))
        pack = add_document(ws, "Corporate Parenting Panel, 12 January 2023", [],
                            doc_type=DocType.AGENDA_PACK, authority="Fenmarsh",
                            when=date(2023, 1, 12))
        add_document(ws, "Minutes of 10 November 2022", [
            "4.1 Members asked why return home interviews were late.",
        ], doc_type=DocType.COMMITTEE_MINUTES, authority="Fenmarsh", when=date(2022, 11, 10),
            parent_id=pack)
    return workspace_path, report, pack


def test_title_and_status_bar_name_the_workspace(make_window, filled):
    path, _, _ = filled
    window = make_window(path)
    assert window.windowTitle().startswith("council-papers — Scrutiny Desk")
    assert window.workspace_label.text() == "council-papers.sqlite"
    assert window.count_label.text() == "3 documents"
    assert [window.tabs.tabText(i).replace("&", "") for i in range(window.tabs.count())] == \
        ["Library", "Reader", "Recommendations", "Actions", "Search", "Briefing"]
    assert settings.recent_workspaces()[0] == path.resolve()


def test_empty_workspace_shows_the_welcome_panel(make_window, workspace_path):
    window = make_window(workspace_path)
    assert window.library.stack.currentWidget() is window.library.welcome
    assert window.library.welcome.samples_button.isEnabled()


def test_a_file_that_is_not_a_workspace_keeps_the_current_one(make_window, filled, tmp_path,
                                                               no_modal, monkeypatch):
    path, _, _ = filled
    window = make_window(path)
    impostor = tmp_path / "minutes.sqlite"
    impostor.write_text("These are minutes, not a database.")
    monkeypatch.setattr(file_dialogs, "choose_workspace_to_open", lambda parent: impostor)
    window.choose_workspace()
    assert "not a Scrutiny Desk workspace" in no_modal["errors"][0]
    assert window.workspace.path == path
    assert window.library.model.document_count() == 3
    window.workspace.conn.execute("SELECT count(*) FROM documents")  # still open
    assert impostor.read_text() == "These are minutes, not a database."


def test_a_workspace_from_a_newer_version_is_refused(make_window, filled, tmp_path, no_modal):
    path, _, _ = filled
    window = make_window(path)
    newer = tmp_path / "newer.sqlite"
    from desktop.storage.workspace import open_workspace

    open_workspace(newer).close()
    with sqlite3.connect(newer) as conn:
        conn.execute("PRAGMA user_version = 999")
    conn.close()
    assert not window.open_workspace_path(newer)
    assert "newer version" in no_modal["errors"][0]
    assert window.workspace.path == path


def test_a_read_only_workspace_says_so(make_window, filled, monkeypatch):
    from desktop.storage.workspace import open_workspace
    from desktop.ui import main_window

    path, _, _ = filled
    # chmod is no use when tests run as root, so open it read-only as the core would
    monkeypatch.setattr(main_window, "open_workspace",
                        lambda p, create=False: open_workspace(p, create=create, read_only=True))
    window = make_window(path)
    assert "(read-only)" in window.windowTitle()
    assert "(read-only)" in window.workspace_label.text()
    for action in window.actions_.writing_actions():
        assert not action.isEnabled()
    assert window.import_paths([path]) is None


def _fake_edit(monkeypatch, **fields):
    def fake_exec(dialog):
        if "title" in fields:
            dialog.title_edit.setText(fields["title"])
        if "date" in fields:
            dialog.date_edits["date"].setText(fields["date"])
        if "authority" in fields:
            dialog.authority_combo.setCurrentText(fields["authority"])
        dialog.accept()
        fake_exec.last = dialog
        return dialog.result()

    monkeypatch.setattr(EditDocumentDialog, "exec", fake_exec)
    return fake_exec


def test_edit_details_then_undo_and_redo(make_window, filled, monkeypatch):
    path, report, _ = filled
    window = make_window(path)
    window.library.select_document(report)
    _fake_edit(monkeypatch, title="Inspection of Fenmarsh (ILACS)", date="2022-11-01",
               authority="Fenmarsh Borough")
    window.actions_.edit_details.trigger()
    doc = documents_service.get_document(window.workspace, report)
    assert (doc.title, doc.date, doc.authority) == \
        ("Inspection of Fenmarsh (ILACS)", date(2022, 11, 1), "Fenmarsh Borough")
    assert window.library.model.document(report).title == "Inspection of Fenmarsh (ILACS)"

    window.actions_.undo.trigger()
    doc = documents_service.get_document(window.workspace, report)
    assert (doc.title, doc.date, doc.authority) == \
        ("Inspection of Fenmarsh children's services", date(2022, 10, 7), "Fenmarsh")
    assert window.library.model.document(report).title == "Inspection of Fenmarsh children's services"

    window.actions_.redo.trigger()
    doc = documents_service.get_document(window.workspace, report)
    assert doc.title == "Inspection of Fenmarsh (ILACS)" and doc.date == date(2022, 11, 1)


def test_an_invalid_edit_keeps_the_dialog_open_with_the_reason(make_window, filled, monkeypatch):
    path, report, _ = filled
    window = make_window(path)
    window.library.select_document(report)
    fake = _fake_edit(monkeypatch, date="31/02/2022")
    window.edit_details()
    assert fake.last.result() != QDialog.DialogCode.Accepted
    assert "is not a date" in fake.last.error_label.text()
    assert documents_service.get_document(window.workspace, report).date == date(2022, 10, 7)
    assert not window.undo_stack.canUndo()


def test_delete_asks_with_what_goes_and_deletes(make_window, filled, no_modal):
    path, _, pack = filled
    window = make_window(path)
    window.open_document(pack)
    no_modal["answer"] = False
    window.library.select_document(pack)
    window.tabs.setCurrentIndex(0)
    window.actions_.delete_document.trigger()
    assert "its 1 paper " in no_modal["confirm"][0]
    assert window.library.model.document_count() == 3

    no_modal["answer"] = True
    window.actions_.delete_document.trigger()
    assert window.library.model.document_count() == 1
    assert window.count_label.text() == "1 document"
    assert window.reader.document is None  # it was showing the deleted pack


def test_delete_on_the_actions_tab_never_deletes_the_document_picked_in_the_library(
        make_window, filled, no_modal):
    path, _, pack = filled
    window = make_window(path)
    window.library.select_document(pack)
    window.tabs.setCurrentWidget(window.actions_tab)
    window.actions_.delete_document.trigger()
    assert no_modal["confirm"] == []
    assert window.library.model.document_count() == 3


def test_search_and_jump_to_the_passage(make_window, filled):
    path, report, _ = filled
    window = make_window(path)
    window.show_tab(SEARCH_TAB)
    tab = window.search_tab
    tab.query_edit.setText("return home")
    tab.query_edit.returnPressed.emit()
    assert tab.model.rowCount() == 2
    assert tab.status_label.text() == "2 passages found."
    row = next(r for r in range(tab.proxy.rowCount())
               if tab.proxy.index(r, 0).data() == "Inspection of Fenmarsh children's services")
    tab.view.doubleClicked.emit(tab.proxy.index(row, 4))
    assert window.tabs.currentIndex() == READER_TAB
    assert window.reader.document.id == report
    assert window.reader.text_view.textCursor().selectedText() == \
        "3. Return home interviews are not offered to every child who goes missing."


def test_search_messages_instead_of_errors(make_window, filled):
    path, _, _ = filled
    window = make_window(path)
    tab = window.search_tab
    for text in ("", '"""', "*** ---"):
        tab.query_edit.setText(text)
        tab.run_search()
        assert tab.model.rowCount() == 0
        assert "search for" in tab.status_label.text()
    for text in ("NOT OR AND", "(care", "leav* NEAR/3", "a' OR 1=1 --"):
        tab.query_edit.setText(text)
        tab.run_search()  # any input: results or a message, never an exception
        assert tab.status_label.text()
    tab.query_edit.setText("leavers")
    tab.date_from.setText("last spring")
    tab.run_search()
    assert "is not a date" in tab.status_label.text()
    tab.date_from.setText("2023-01-01")
    tab.run_search()
    assert tab.status_label.text() == "No passages match."


def test_library_enter_opens_the_reader(make_window, filled):
    path, report, _ = filled
    window = make_window(path)
    window.library.select_document(report)
    window.library.view.doubleClicked.emit(window.library.view.currentIndex())
    assert window.tabs.currentIndex() == READER_TAB
    assert window.reader.title_label.text() == "Inspection of Fenmarsh children's services"


def test_startup_with_ten_thousand_documents_reads_the_list_once(make_window, workspace_path,
                                                                 monkeypatch):
    """Start-up time itself is measured in benchmarks/bench_startup.py; here, that the
    window does not read the whole document list more than once while it opens."""
    from desktop.services import documents as documents_service
    from desktop.storage.workspace import open_workspace

    calls = []
    real = documents_service.list_documents
    monkeypatch.setattr(documents_service, "list_documents",
                        lambda ws: calls.append(1) or real(ws))

    with open_workspace(workspace_path) as ws, ws.db.atomic():
        ws.conn.executemany(
            "INSERT INTO documents (title, doc_type, authority, date, pages, passage_count, "
            "sha256, source, source_format, imported_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(f"Officer report {n}", "committee_report", f"Authority {n % 150}",
              f"{2010 + n % 15}-{1 + n % 12:02d}-{1 + n % 28:02d}", 12, 80, f"{n:064x}",
              f"/papers/{n}.pdf", "pdf", "2024-01-01") for n in range(10_000)])
    window = make_window()
    window.show()
    window.open_initial(workspace_path)
    assert window.library.proxy.rowCount() == 10_000
    assert len(calls) == 1


def test_opening_a_missing_workspace_keeps_the_current_one(make_window, filled, tmp_path,
                                                          no_modal):
    path, _, _ = filled
    window = make_window(path)
    gone = tmp_path / "moved-away.sqlite"
    settings.remember_workspace(gone)
    window.fill_recent_menu()
    recent = [a for a in window.actions_.recent_menu.actions() if "moved-away" in a.text()]
    recent[0].trigger()
    assert "There is no workspace at" in no_modal["errors"][0]
    assert not gone.exists()  # never made as a new empty workspace
    assert window.workspace.path == path and window.library.model.document_count() == 3
    assert gone.resolve() not in settings.recent_workspaces()
    assert path.resolve() in settings.recent_workspaces()


def test_busy_workspace_errors_are_shown_not_raised(make_window, filled, monkeypatch, no_modal):
    from desktop.domain.errors import WorkspaceError

    path, report, _ = filled
    window = make_window(path)
    window.library.select_document(report)
    _fake_edit(monkeypatch, title="Inspection of Fenmarsh (ILACS)")
    window.actions_.edit_details.trigger()

    def busy(*_args, **_kwargs):
        raise WorkspaceError("The workspace is busy with another change (perhaps an import).")

    monkeypatch.setattr("desktop.ui.commands.edit_document", busy)
    window.actions_.undo.trigger()  # must not raise out of the slot
    assert "busy with another change" in no_modal["errors"][-1]

    monkeypatch.setattr(documents_service, "delete_document", busy)
    window.tabs.setCurrentIndex(0)
    window.library.select_document(report)
    window.actions_.delete_document.trigger()
    assert "busy with another change" in no_modal["errors"][-1]
    assert window.library.model.document(report) is not None

    monkeypatch.setattr(documents_service, "get_document", busy)
    window.actions_.edit_details.trigger()
    assert len(no_modal["errors"]) == 3


def test_delete_waits_while_an_import_runs(make_window, filled, monkeypatch, no_modal):
    path, report, _ = filled
    window = make_window(path)
    window.library.select_document(report)
    assert window.actions_.delete_document.isEnabled()
    monkeypatch.setattr(type(window.imports), "running", property(lambda self: True))
    window._set_delete_allowed()
    assert not window.actions_.delete_document.isEnabled()
    assert not window.library.details.delete_button.isEnabled()
    window.delete_current(report)
    assert no_modal["confirm"] == [] and "import is running" in no_modal["errors"][0]
    assert window.library.model.document(report) is not None
    monkeypatch.setattr(type(window.imports), "running", property(lambda self: False))
    window._set_delete_allowed()
    assert window.library.details.delete_button.isEnabled()
