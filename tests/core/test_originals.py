"""The original files kept in the workspace: once per file on import, found again for
workspaces made before, said when not held, written out, kept through the trash and
carried by a copy of the workspace."""

from __future__ import annotations

import hashlib
import json
import shutil
import stat

import pytest

from desktop.cli import EXIT_FAILED, EXIT_OK, main
from desktop.domain.errors import UserFacingError
from desktop.services import documents as documents_service
from desktop.services import originals
from desktop.services import trash as trash_service
from desktop.services.importing import Outcome, import_file, import_paths
from desktop.storage import originals as store
from desktop.storage.workspace import open_workspace, save_copy
from tests.samples import SAMPLE_PDFS, sample

PDF = SAMPLE_PDFS / "gloucestershire-2017-06-13.pdf"
PACK = "002"  # the agenda pack sample: five papers in one text file


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rows(ws) -> list[tuple[str, int]]:
    return ws.conn.execute("SELECT sha256, byte_count FROM originals ORDER BY sha256").fetchall()


def _copy(src, folder, name=None):
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (name or src.name)
    shutil.copyfile(src, target)
    return target


def _as_if_imported_before_originals(ws) -> None:
    """What a workspace from before this version holds: documents, no originals, and
    each imported file listed as wanted (as migration 0008 does)."""
    with ws.write():
        ws.conn.execute("DELETE FROM originals")
        ws.conn.execute("INSERT OR IGNORE INTO originals_wanted (sha256, source) "
                        "SELECT sha256, source FROM documents WHERE parent_id IS NULL")


def test_import_keeps_the_file_bytes_once_by_hash(workspace, tmp_path):
    path = _copy(PDF, tmp_path / "in")
    outcome = import_file(workspace, path)
    assert outcome.outcome is Outcome.IMPORTED
    assert _rows(workspace) == [(_digest(path), path.stat().st_size)]
    data, fmt = store.original_bytes(workspace, _digest(path))
    assert data == path.read_bytes() and fmt == "pdf"
    # The same bytes under another name are the same file: still one row.
    again = import_file(workspace, _copy(PDF, tmp_path / "other", "renamed.pdf"))
    assert again.outcome is Outcome.ALREADY_HELD
    assert len(_rows(workspace)) == 1


def test_a_pack_keeps_one_file_for_all_its_papers(workspace, tmp_path):
    path = _copy(sample(PACK), tmp_path)
    outcome = import_file(workspace, path)
    pack_id, *paper_ids = outcome.document_ids
    assert len(paper_ids) >= 4
    assert _rows(workspace) == [(_digest(path), path.stat().st_size)]
    for doc_id in (pack_id, *paper_ids):  # every paper of the pack opens the pack's file
        status = originals.original_status(workspace, doc_id)
        assert status.held and status.file_name == path.name and status.message == ""


def test_import_of_several_formats_keeps_each(workspace, tmp_path):
    files = [_copy(PDF, tmp_path), _copy(sample("003"), tmp_path)]
    summary = import_paths(workspace, files)
    assert summary.count(Outcome.IMPORTED) == 2
    formats = dict(workspace.conn.execute("SELECT sha256, source_format FROM originals"))
    assert formats == {_digest(files[0]): "pdf", _digest(files[1]): "text"}


def test_a_file_over_the_cap_is_imported_without_its_original(workspace, tmp_path, monkeypatch):
    monkeypatch.setattr(originals, "MAX_ORIGINAL_BYTES", 1000)
    path = _copy(sample("003"), tmp_path)
    outcome = import_file(workspace, path)
    assert outcome.outcome is Outcome.IMPORTED
    assert "original not held: the file is over" in outcome.message
    assert _rows(workspace) == []
    [doc_id] = outcome.document_ids
    assert originals.not_held_message(workspace, doc_id) == originals.NOT_HELD


def test_a_file_changed_after_hashing_is_not_kept_under_the_old_hash(workspace, tmp_path):
    path = _copy(sample("003"), tmp_path)
    right = _digest(path)
    path.write_bytes(path.read_bytes() + b"\nedited")
    with workspace.write():
        assert not originals.keep_original(workspace, path, right, "text")
    assert _rows(workspace) == []


def test_backfill_keeps_unchanged_drops_changed_and_waits_for_missing(workspace, tmp_path):
    unchanged = _copy(PDF, tmp_path / "a")
    changed = _copy(sample("003"), tmp_path / "b")
    missing = _copy(sample("001"), tmp_path / "c")
    import_paths(workspace, [unchanged, changed, missing])
    _as_if_imported_before_originals(workspace)
    changed.write_text(changed.read_text(encoding="utf-8") + "\nA late correction.", encoding="utf-8")
    hidden = missing.with_name("away.txt")
    missing.rename(hidden)

    found = originals.backfill_originals(workspace)
    assert found.kept == [str(unchanged)]
    assert found.changed == [str(changed)]
    assert found.missing == [str(missing)]
    assert store.is_held(workspace, _digest(unchanged))
    # The changed file is no longer looked for; the missing one still is.
    assert [source for _sha, source in store.wanted_originals(workspace)] == [str(missing)]
    assert originals.holdings(workspace).wanted == 1

    hidden.rename(missing)  # the drive is plugged in again
    again = originals.backfill_originals(workspace)
    assert again.kept == [str(missing)] and store.wanted_originals(workspace) == []
    assert {source for _id, _t, source in originals.holdings(workspace).not_held} == {str(changed)}


def test_the_window_backfill_goes_in_batches_and_ends(workspace, tmp_path, monkeypatch):
    monkeypatch.setattr(originals, "BACKFILL_BATCH", 2)
    files = [_copy(sample(p), tmp_path) for p in ("000", "001", "003", "004")]
    import_paths(workspace, files)
    _as_if_imported_before_originals(workspace)
    files[0].unlink()  # stays wanted, but is not looked at twice in one opening
    skip: set[str] = set()
    batches = [originals.backfill_batch(workspace, skip)]
    while batches[-1].remaining:
        batches.append(originals.backfill_batch(workspace, skip))
    assert len(batches) == 2
    assert sorted(k for b in batches for k in b.kept) == sorted(str(f) for f in files[1:])
    assert len(store.wanted_originals(workspace)) == 1


def test_not_held_says_so_and_importing_again_fills_it_in(workspace, tmp_path):
    path = _copy(PDF, tmp_path)
    [doc_id] = import_file(workspace, path).document_ids
    _as_if_imported_before_originals(workspace)
    assert originals.not_held_message(workspace, doc_id) == \
        "original not held; import the file again to see its pages"
    with pytest.raises(UserFacingError, match="original not held"):
        originals.save_original(workspace, doc_id, tmp_path / "out.pdf")

    again = import_file(workspace, path)
    assert again.outcome is Outcome.ALREADY_HELD and "original file is now kept" in again.message
    assert originals.not_held_message(workspace, doc_id) is None
    assert store.wanted_originals(workspace) == []
    # A third import changes nothing and says only "already held".
    assert "now kept" not in import_file(workspace, path).message


def test_save_original_writes_the_same_bytes_and_refuses_to_overwrite(workspace, tmp_path):
    path = _copy(PDF, tmp_path / "in")
    [doc_id] = import_file(workspace, path).document_ids
    path.unlink()  # the page view and the file survive the source going
    out = tmp_path / "out"
    out.mkdir()
    saved = originals.save_original(workspace, doc_id, out)
    assert saved == out / PDF.name and saved.read_bytes() == PDF.read_bytes()
    with pytest.raises(UserFacingError, match="already exists"):
        originals.save_original(workspace, doc_id, saved)
    saved.write_bytes(b"scribble")
    originals.save_original(workspace, doc_id, saved, overwrite=True)
    assert saved.read_bytes() == PDF.read_bytes()
    assert [p.name for p in out.iterdir()] == [PDF.name]  # no partial file left beside it


def test_private_copy_is_private_and_named_as_the_file(workspace, tmp_path):
    path = _copy(PDF, tmp_path / "in")
    [doc_id] = import_file(workspace, path).document_ids
    folder = tmp_path / "private"
    folder.mkdir(mode=0o700)
    copy = originals.private_copy(workspace, doc_id, folder)
    assert copy.name == PDF.name and copy.read_bytes() == PDF.read_bytes()
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert stat.S_IMODE(copy.parent.stat().st_mode) == 0o700
    assert originals.private_copy(workspace, doc_id, folder) == copy  # written once


def test_cli_original_save_and_not_held(capsys, tmp_path):
    ws_path = str(tmp_path / "cli.sqlite")
    path = _copy(PDF, tmp_path / "in")
    assert main(["import", "--workspace", ws_path, str(path)]) == EXIT_OK
    capsys.readouterr()
    target = tmp_path / "saved.pdf"
    assert main(["original", "1", "--save", str(target), "--workspace", ws_path]) == EXIT_OK
    assert target.read_bytes() == PDF.read_bytes()
    assert main(["original", "1", "--save", str(target), "--workspace", ws_path]) == EXIT_FAILED
    assert "already exists" in capsys.readouterr().err
    assert main(["original", "1", "--save", str(target), "--force", "--json",
                 "--workspace", ws_path]) == EXIT_OK
    shown = json.loads(capsys.readouterr().out)
    assert shown["held"] is True and shown["saved_to"] == str(target) and shown["bytes"] == PDF.stat().st_size

    with open_workspace(ws_path) as ws:
        _as_if_imported_before_originals(ws)
    assert main(["original", "1", "--workspace", ws_path]) == EXIT_FAILED
    assert "original not held; import the file again to see its pages" in capsys.readouterr().err
    assert main(["originals", "--json", "--workspace", ws_path]) == EXIT_OK
    listed = json.loads(capsys.readouterr().out)
    assert listed["held"] == 0 and [p["id"] for p in listed["not_held"]] == [1] and listed["wanted"] == 1
    assert main(["originals", "--backfill", "--json", "--workspace", ws_path]) == EXIT_OK
    listed = json.loads(capsys.readouterr().out)
    assert listed["backfill"]["kept"] == [str(path)] and listed["held"] == 1
    assert listed["held_bytes"] == PDF.stat().st_size and listed["not_held"] == []


def test_a_trashed_paper_keeps_its_original_until_the_trash_is_emptied(workspace, tmp_path):
    path = _copy(PDF, tmp_path / "in")
    [doc_id] = import_file(workspace, path).document_ids
    path.unlink()
    documents_service.delete_document(workspace, doc_id, keep_quotes=True)
    with workspace.write():
        assert store.forget_unused_originals(workspace) == 0  # the trash still names it
    [item] = trash_service.list_trash(workspace)
    trash_service.restore_from_trash(workspace, item.id)
    assert originals.original_status(workspace, doc_id).held  # its pages come back with it

    documents_service.delete_document(workspace, doc_id, keep_quotes=True)
    assert trash_service.empty_trash(workspace) == 1
    assert _rows(workspace) == []


def test_purging_one_item_keeps_a_file_another_paper_names(workspace, tmp_path):
    pdf = _copy(PDF, tmp_path / "in")
    text = _copy(sample("003"), tmp_path / "in")
    [pdf_id] = import_file(workspace, pdf).document_ids
    import_file(workspace, text)
    documents_service.delete_document(workspace, pdf_id, keep_quotes=True)
    [item] = trash_service.list_trash(workspace)
    trash_service.delete_for_good(workspace, item.id)
    assert [sha for sha, _n in _rows(workspace)] == [_digest(text)]


def test_save_a_copy_carries_the_originals(workspace, tmp_path):
    path = _copy(sample(PACK), tmp_path / "in")
    import_file(workspace, path)
    path.unlink()
    copy_path = save_copy(workspace, tmp_path / "copy.sqlite")
    with open_workspace(copy_path) as copy:
        data, fmt = store.original_bytes(copy, hashlib.sha256(sample(PACK).read_bytes()).hexdigest())
        assert data == sample(PACK).read_bytes() and fmt == "text"
        assert originals.holdings(copy).not_held == []


class _FailingHandle:
    """A file whose disk fails after the first megabyte."""

    def __init__(self) -> None:
        self.reads = 0

    def read(self, count: int) -> bytes:
        self.reads += 1
        if self.reads > 1:
            raise OSError(5, "Input/output error")
        return b"x" * count


def test_a_read_error_half_way_keeps_no_half_written_original(workspace):
    size = 3 * store.CHUNK_BYTES
    with workspace.write():
        assert not store.store_original_stream(workspace, "0" * 64, "pdf", _FailingHandle(), size)
    assert _rows(workspace) == []


def test_the_bytes_are_the_last_column_so_a_big_file_streams_in(workspace):
    # SQLite expands a zeroblob in memory unless it is the record's last column (0014).
    columns = [row[1] for row in workspace.conn.execute("PRAGMA table_info(originals)")]
    assert columns[-1] == "data"
