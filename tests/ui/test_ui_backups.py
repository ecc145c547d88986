"""File > Back up now and File > Restore from backup…, and changes made outside the window.

The restore dialog lists the backups with dates, reasons and counts; restoring to a new
file opens that file; restoring over the workspace (confirmed) takes a backup of it first,
so what was replaced can be had back; the window sees changes made on the command line.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

from desktop.services import backups as backup_service
from desktop.services import documents as documents_service
from desktop.services import recommendations as rec_service
from desktop.ui.dialogs.restore_backup_dialog import OVER_CURRENT, TO_NEW_FILE, RestoreBackupDialog


def _titles(ws) -> set[str]:
    return {d.title for d in documents_service.list_documents(ws)}


def _answer_restore_dialog(monkeypatch, choice: int, seen: list, row: int = 0) -> None:
    """Replace the dialog's exec with a user picking row ``row`` and a restore button."""
    def exec_(dialog: RestoreBackupDialog) -> int:
        seen.append(dialog)
        dialog.table.selectRow(row)
        (dialog.to_new if choice == TO_NEW_FILE else dialog.over).click()
        return int(dialog.result())

    monkeypatch.setattr(RestoreBackupDialog, "exec", exec_)


def _back_up(window, qtbot) -> None:
    window.statusBar().clearMessage()
    window.backups.back_up_now.trigger()
    qtbot.waitUntil(lambda: "Backed up the workspace" in window.statusBar().currentMessage(), timeout=10000)


def test_back_up_now_then_restore_to_a_new_file_opens_the_old_state(
        make_window, workspace_path, add_document, monkeypatch, no_modal, qtbot, tmp_path):
    from desktop.ui.dialogs import file_dialogs

    window = make_window(workspace_path)
    ws = window.workspace
    add_document(ws, "Kept report", ["1. Ensure plans are clear."])
    _back_up(window, qtbot)
    add_document(ws, "Later letter", ["Leaders know the service."])
    window.reload_documents()

    target = tmp_path / "yesterday.sqlite"
    monkeypatch.setattr(file_dialogs, "choose_new_workspace", lambda parent: target)
    seen: list = []
    _answer_restore_dialog(monkeypatch, TO_NEW_FILE, seen)
    window.backups.restore.trigger()

    dialog = seen[0]
    row = [dialog.table.item(0, c).text() for c in range(dialog.table.columnCount())]
    assert row[1] == "by hand" and row[3] == "1"  # why, and how many papers it holds
    assert not no_modal["errors"], no_modal["errors"]
    assert window.workspace.path == target
    assert _titles(window.workspace) == {"Kept report"}
    with closing(sqlite3.connect(workspace_path)) as conn:  # the current file was not touched
        assert {r[0] for r in conn.execute("SELECT title FROM documents")} == {"Kept report", "Later letter"}


def test_restore_over_the_workspace_asks_first_and_keeps_a_backup_of_what_it_replaced(
        make_window, workspace_path, add_document, monkeypatch, no_modal, qtbot):
    window = make_window(workspace_path)
    add_document(window.workspace, "Kept report", ["1. Ensure plans are clear."])
    _back_up(window, qtbot)
    add_document(window.workspace, "Later letter", ["Leaders know the service."])
    window.reload_documents()
    seen: list = []
    _answer_restore_dialog(monkeypatch, OVER_CURRENT, seen)

    no_modal["answer"] = False  # the user says no: nothing changes
    window.backups.restore.trigger()
    assert "A backup of it as it is now is taken first" in no_modal["confirm"][-1]
    assert _titles(window.workspace) == {"Kept report", "Later letter"}

    no_modal["answer"] = True
    window.backups.restore.trigger()
    assert not no_modal["errors"], no_modal["errors"]
    assert window.workspace.path == workspace_path
    assert _titles(window.workspace) == {"Kept report"}
    assert window.count_label.text() == "1 document"
    assert "kept as" in window.statusBar().currentMessage()
    safety = [b for b in backup_service.backups_of(workspace_path) if b.reason == "before restore"]
    assert len(safety) == 1 and safety[0].counts["documents"] == 2  # what was replaced is kept
    # The restored workspace takes changes again, and the window still notices outside ones.
    doc_id = next(iter(d.id for d in documents_service.list_documents(window.workspace)))
    assert documents_service.get_document(window.workspace, doc_id).title == "Kept report"
    assert window.backups.timer.isActive()


def test_the_restore_dialog_says_when_there_are_no_backups(make_window, tmp_path, monkeypatch, no_modal):
    from desktop.storage.workspace import open_workspace

    path = tmp_path / "fresh.sqlite"
    open_workspace(path).close()
    window = make_window()
    monkeypatch.setattr("desktop.ui.main_window.after_opening", lambda ws: None)  # no daily backup
    assert window.open_workspace_path(path)
    seen: list = []
    monkeypatch.setattr(RestoreBackupDialog, "exec", lambda dialog: seen.append(dialog) or 0)
    window.backups.restore.trigger()
    assert seen[0].table.rowCount() == 0
    assert not seen[0].to_new.isEnabled() and not seen[0].over.isEnabled()


def test_the_window_shows_changes_made_on_the_command_line_by_itself(
        make_window, workspace_path, add_document, qtbot, capsys):
    import subprocess
    import sys

    window = make_window(workspace_path)
    add_document(window.workspace, "Report", ["1. Ensure plans are clear."])
    window.reload_documents()
    window.backups.timer.setInterval(100)
    window.statusBar().clearMessage()
    done = subprocess.run([sys.executable, "-m", "desktop", "--workspace", str(workspace_path), "recommendations",
                           "add", "Ensure that supervision is regular.", "--label", "R1"],
                          capture_output=True, text=True, timeout=120)  # the command line: another process
    assert done.returncode == 0, done.stderr

    qtbot.waitUntil(lambda: window.recommendations_tab.model.rowCount() == 1, timeout=5000)
    assert "another window or on the command line" in window.statusBar().currentMessage()
    assert [r.text for r in rec_service.list_recommendations(window.workspace)] == [
        "Ensure that supervision is regular."]


def test_the_windows_own_background_writes_are_not_called_another_windows(make_window, workspace_path):
    """A write on another of this process's connections (the page view keeping where passages
    lie, a backfill) changes data_version too, but is not "changes made in another window"."""
    from desktop.storage.workspace import open_workspace

    window = make_window(workspace_path)
    window.backups.check_for_outside_changes()
    background = open_workspace(workspace_path)  # as a job's own connection would
    with background.write():
        background.conn.execute("CREATE TABLE IF NOT EXISTS own_probe (x)")
    background.close()
    window.statusBar().clearMessage()
    window.backups.check_for_outside_changes()
    assert "another window" not in window.statusBar().currentMessage()
