"""Edit > Trash: deleting a report keeps the recommendation holding a quote unless ticked;
the trash lists the paper, restores it exactly, deletes for good and empties (confirmed)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from desktop.services import documents as documents_service
from desktop.services import evidence as evidence_service
from desktop.services import recommendations as rec_service
from desktop.services import trash as trash_service
from tests.ui.test_ui_evidence import _link, seeded  # noqa: F401  (fixture)


def _answer_recommendations_question(monkeypatch, tick: bool, seen: list) -> None:
    """Answer the 'they are kept' box: tick (or not) its checkbox, press Delete document."""
    def exec_(box):
        seen.append(box.text() + " | " + box.checkBox().text())
        box.checkBox().setChecked(tick)
        [go] = [b for b in box.buttons() if b.text() == "&Delete document"]
        go.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)


def _dialog(window, monkeypatch):
    from desktop.ui.dialogs import trash_dialog

    opened = []
    monkeypatch.setattr(trash_dialog.TrashDialog, "exec", lambda self: opened.append(self) or 0)
    window.actions_.trash.trigger()
    return opened[0]


def test_deleting_a_report_keeps_worked_on_recommendations_and_the_trash_restores_it(
        make_window, seeded, monkeypatch, no_modal):  # noqa: F811
    path, docs, rec_ids, letter = seeded
    window = make_window(path)
    ws = window.workspace
    quote = _link(ws, letter[2], rec_ids[0], "progress", note="Keep me")
    window.reload_documents()
    seen: list = []
    _answer_recommendations_question(monkeypatch, False, seen)

    window.delete_current(docs["report"])

    assert "1 of its recommendations holds your work" in seen[0] and "1 quote" in seen[0]
    assert "restored from Edit > Trash" in no_modal["confirm"][0]
    remaining = {r.id: r for r in rec_service.list_recommendations(ws)}
    assert set(remaining) == {rec_ids[0]}
    assert "since removed" in remaining[rec_ids[0]].source_citation
    assert [e.id for e in evidence_service.list_evidence(ws, recommendation_id=rec_ids[0])] == [quote.id]
    window.recommendations_tab.select_ids([rec_ids[0]])
    assert "since removed" in window.recommendations_tab.detail.source_label.text()

    dialog = _dialog(window, monkeypatch)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text() == "Paper"
    assert dialog.table.item(0, 1).text() == "Inspection of Wexcombe children's services"
    assert dialog.restore_button.isEnabled()
    dialog.restore_selected()
    assert dialog.table.rowCount() == 0 and not dialog.empty_button.isEnabled()
    assert {r.id for r in rec_service.list_recommendations(ws)} == set(rec_ids)
    assert documents_service.get_document(ws, docs["report"]).title.startswith("Inspection")


def test_ticking_the_box_deletes_them_too_and_the_trash_deletes_for_good_and_empties(
        make_window, seeded, monkeypatch, no_modal):  # noqa: F811
    path, docs, rec_ids, letter = seeded
    window = make_window(path)
    ws = window.workspace
    _link(ws, letter[2], rec_ids[0])
    seen: list = []
    _answer_recommendations_question(monkeypatch, True, seen)
    window.delete_current(docs["report"])
    assert rec_service.list_recommendations(ws) == [] and evidence_service.list_evidence(ws) == []
    window.delete_current(docs["other"])

    dialog = _dialog(window, monkeypatch)
    assert dialog.table.rowCount() == 2
    no_modal["answer"] = False
    dialog.delete_selected()
    assert dialog.table.rowCount() == 2  # said no: nothing went
    no_modal["answer"] = True
    dialog.select_item(next(i.id for i in dialog.items if i.item_id == docs["other"]))
    dialog.delete_selected()
    assert [i.item_id for i in trash_service.list_trash(ws)] == [docs["report"]]
    dialog.empty()
    assert trash_service.list_trash(ws) == [] and dialog.table.rowCount() == 0
    assert "for good" in no_modal["confirm"][-1] and "backup" in no_modal["confirm"][-1]


def test_the_trash_cannot_change_a_read_only_workspace(make_window, seeded, monkeypatch,  # noqa: F811
                                                       no_modal):
    path, docs, _rec_ids, _letter = seeded
    window = make_window(path)
    window.delete_current(docs["other"])
    dialog = _dialog(window, monkeypatch)
    dialog.workspace.read_only = True
    dialog.refresh()
    assert not dialog.restore_button.isEnabled() and not dialog.empty_button.isEnabled()


def test_reading_papers_again_in_the_window_keeps_ids_and_says_what_changed(
        make_window, monkeypatch, no_modal, workspace_path, qtbot):
    from desktop.services.importing import import_file
    from desktop.storage.workspace import open_workspace
    from desktop.ui.dialogs import messages
    from tests.samples import sample

    with open_workspace(workspace_path) as ws:
        import_file(ws, sample("000"))
    window = make_window(workspace_path)
    ws = window.workspace
    before = [r.id for r in rec_service.list_recommendations(ws)]
    rec_service.add_note(ws, before[2], "Asked in June")
    shown = []
    monkeypatch.setattr(messages, "show_about", lambda parent, title, text: shown.append(text))
    window.reextract.start()
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert "0 added" in shown[0] and f"{len(before)} unchanged" in shown[0]
    assert [r.id for r in rec_service.list_recommendations(ws)] == before
    assert rec_service.recommendation_detail(ws, before[2]).notes[0].text == "Asked in June"
