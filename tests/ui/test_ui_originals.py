"""File > Open original file and Save original as…, and keeping the files of papers
imported before originals were kept, in the background on opening."""

from __future__ import annotations

import shutil
import stat

from desktop.services import originals
from desktop.services.importing import import_file
from desktop.storage import originals as store
from desktop.storage.workspace import open_workspace
from desktop.ui import briefing_controller, original_controller
from desktop.ui.dialogs import messages
from tests.samples import SAMPLE_PDFS

PDF = SAMPLE_PDFS / "dorset-2021-11-19.pdf"


def _imported(workspace_path, tmp_path):
    source = tmp_path / "in" / PDF.name
    source.parent.mkdir()
    shutil.copyfile(PDF, source)
    with open_workspace(workspace_path) as ws:
        [doc_id] = import_file(ws, source).document_ids
    return source, doc_id


def test_open_original_writes_a_private_copy_and_opens_it(qtbot, make_window, workspace_path, tmp_path,
                                                          monkeypatch, no_modal):
    source, doc_id = _imported(workspace_path, tmp_path)
    source.unlink()  # opened from the workspace, not from where it came from
    opened = []
    monkeypatch.setattr(briefing_controller, "open_with_system_viewer", lambda p: opened.append(p) or True)
    window = make_window(workspace_path)
    assert window.open_document(doc_id)
    menu_texts = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "Open &original file" in menu_texts and "Save ori&ginal as…" in menu_texts
    window.originals.open_action.trigger()
    qtbot.waitUntil(lambda: bool(opened), timeout=5000)
    [path] = opened
    assert path.name == PDF.name and path.read_bytes() == PDF.read_bytes()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    folder = window.originals.private_folder()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700 and folder in path.parents
    assert no_modal["errors"] == []
    window.close()
    assert not folder.exists()  # the private copies go when the window closes


def test_save_original_as_from_the_library(qtbot, make_window, workspace_path, tmp_path, monkeypatch,
                                           no_modal):
    _source, doc_id = _imported(workspace_path, tmp_path)
    target = tmp_path / "kept copy.pdf"
    monkeypatch.setattr(original_controller, "choose_save_target", lambda parent, name: target)
    window = make_window(workspace_path)
    window.show_tab(0)
    monkeypatch.setattr(window.library, "selected_document_id", lambda: doc_id)
    window.originals.save_action.trigger()
    qtbot.waitUntil(lambda: target.exists() and target.stat().st_size == PDF.stat().st_size, timeout=5000)
    assert target.read_bytes() == PDF.read_bytes()


def test_a_paper_without_its_original_says_so(qtbot, make_window, workspace_path, tmp_path, monkeypatch,
                                             no_modal):
    source, doc_id = _imported(workspace_path, tmp_path)
    source.unlink()
    with open_workspace(workspace_path) as ws, ws.write():
        ws.conn.execute("DELETE FROM originals")
    told = []
    monkeypatch.setattr(messages, "show_about", lambda parent, title, text: told.append(text))
    opened = []
    monkeypatch.setattr(briefing_controller, "open_with_system_viewer", lambda p: opened.append(p) or True)
    window = make_window(workspace_path)
    window.open_document(doc_id)
    assert originals.NOT_HELD in window.statusBar().currentMessage()
    window.originals.open_action.trigger()
    assert told == [f"{PDF.name}: original not held; import the file again to see its pages."]
    qtbot.wait(100)
    assert opened == []


def test_opening_an_old_workspace_keeps_files_still_there_in_the_background(qtbot, make_window,
                                                                           workspace_path, tmp_path):
    source, doc_id = _imported(workspace_path, tmp_path)
    with open_workspace(workspace_path) as ws, ws.write():
        ws.conn.execute("DELETE FROM originals")
        ws.conn.execute("INSERT INTO originals_wanted (sha256, source) SELECT sha256, source FROM documents")
    window = make_window(workspace_path)
    qtbot.waitUntil(lambda: bool(window.originals.found.kept), timeout=10000)
    assert window.originals.found.kept == [str(source)]
    assert store.is_held(window.workspace, originals.original_status(window.workspace, doc_id).sha256)
    assert originals.holdings(window.workspace).wanted == 0
