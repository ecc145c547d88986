"""Importing files: what a user sees in the library afterwards, and what never changes."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from desktop.domain.documents import DocType
from desktop.services import importing
from desktop.services.documents import list_documents
from desktop.services.importing import Outcome, import_file, import_paths
from tests.samples import BAD_FIXTURES, SAMPLES, sample


def _table_counts(ws) -> dict[str, int]:
    return {t: ws.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("documents", "passages", "document_text", "duplicate_bands")}


def _by_source_prefix(docs, prefix):
    return [d for d in docs if d.parent_id is None and d.source.split("/")[-1].startswith(prefix)]


@pytest.fixture(scope="module")
def corpus_workspace(tmp_path_factory):
    """The five sample texts imported once, in file-name order."""
    from desktop.storage.workspace import open_workspace

    ws = open_workspace(tmp_path_factory.mktemp("corpus") / "corpus.sqlite")
    summary = import_paths(ws, sorted(SAMPLES.glob("*.txt")))
    assert summary.count(Outcome.IMPORTED) == 5, summary.outcomes
    yield ws
    ws.close()


@pytest.mark.parametrize("prefix, doc_type, authority, when", [
    ("000", DocType.INSPECTION_REPORT, "Gloucestershire", date(2017, 6, 13)),
    ("001", DocType.MONITORING_VISIT, "South Gloucestershire", date(2018, 2, 23)),
    ("003", DocType.MONITORING_VISIT, "Gloucestershire", date(2018, 6, 8)),
    ("004", DocType.COMMITTEE_REPORT, "Gloucestershire", date(2023, 1, 12)),
])
def test_sample_papers_are_recognised(corpus_workspace, prefix, doc_type, authority, when):
    [doc] = _by_source_prefix(list_documents(corpus_workspace), prefix)
    assert (doc.doc_type, doc.authority, doc.date) == (doc_type, authority, when)
    assert doc.title and len(doc.title) < 200
    assert doc.passage_count > 10
    assert doc.duplicate_of is None


def test_agenda_pack_is_split_into_its_papers(corpus_workspace):
    docs = list_documents(corpus_workspace)
    [pack] = _by_source_prefix(docs, "002")
    assert pack.doc_type is DocType.AGENDA_PACK
    children = [d for d in docs if d.parent_id == pack.id]
    types = [c.doc_type for c in children]
    assert DocType.COMMITTEE_MINUTES in types
    assert DocType.INSPECTION_REPORT in types
    assert types.count(DocType.PERFORMANCE_REPORT) >= 2
    minutes = next(c for c in children if c.doc_type is DocType.COMMITTEE_MINUTES)
    assert minutes.date == date(2017, 6, 15)
    [report] = _by_source_prefix(docs, "000")
    copy = next(c for c in children if c.doc_type is DocType.INSPECTION_REPORT)
    assert copy.duplicate_of == report.id
    assert [c.id for c in children] == list(pack.child_ids)


def test_pack_imported_before_the_report_still_marks_the_copy(workspace):
    import_file(workspace, sample("002"))
    outcome = import_file(workspace, sample("000"))
    assert outcome.outcome is Outcome.IMPORTED
    docs = list_documents(workspace)
    [report] = _by_source_prefix(docs, "000")
    copy = next(d for d in docs if d.parent_id and d.doc_type is DocType.INSPECTION_REPORT)
    assert report.duplicate_of is None
    assert copy.duplicate_of == report.id


def test_same_file_twice_is_recognised_by_its_hash(workspace, tmp_path):
    first = import_file(workspace, sample("001"))
    renamed = tmp_path / "another name.txt"
    shutil.copy(sample("001"), renamed)
    before = _table_counts(workspace)
    second = import_file(workspace, renamed)
    assert second.outcome is Outcome.ALREADY_HELD
    assert second.document_ids == first.document_ids
    assert _table_counts(workspace) == before


def test_a_bad_file_changes_nothing_and_the_others_still_import(workspace, tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    before = _table_counts(workspace)
    summary = import_paths(workspace, [empty, BAD_FIXTURES / "not-really-a-pdf.pdf", sample("003")])
    failed = [o for o in summary.outcomes if o.outcome is Outcome.FAILED]
    assert len(failed) == 2
    assert all(o.message and o.path.name in o.message for o in failed)
    assert summary.count(Outcome.IMPORTED) == 1
    after = _table_counts(workspace)
    assert after["documents"] == before["documents"] + 1


def test_missing_path_and_empty_folder_are_reported(workspace, tmp_path):
    (tmp_path / "empty folder").mkdir()
    summary = import_paths(workspace, [tmp_path / "nowhere.pdf", tmp_path / "empty folder"])
    assert [o.outcome for o in summary.outcomes] == [Outcome.FAILED, Outcome.FAILED]
    assert "does not exist" in summary.outcomes[0].message
    assert _table_counts(workspace)["documents"] == 0


def test_a_folder_imports_its_papers_recursively(workspace, tmp_path):
    folder = tmp_path / "Papers for Tuesday's meeting"
    (folder / "sub folder").mkdir(parents=True)
    shutil.copy(sample("001"), folder / "letter é.txt")
    shutil.copy(sample("003"), folder / "sub folder" / "visit.txt")
    (folder / "notes.xyz").write_text("not a paper")
    summary = import_paths(workspace, [folder])
    assert summary.count(Outcome.IMPORTED) == 2
    assert summary.count(Outcome.FAILED) == 0
    assert summary.skipped == 1 and "1 other file in the folders skipped" in summary.describe()


def test_a_crash_while_writing_leaves_nothing_half_written(workspace, monkeypatch):
    import_file(workspace, sample("001"))
    before = _table_counts(workspace)

    def fail_midway(ws, new):
        real_insert(ws, new)
        raise RuntimeError("power cut")

    real_insert = importing.store.insert_document
    monkeypatch.setattr(importing.store, "insert_document", fail_midway)
    outcome = import_file(workspace, sample("003"))
    assert outcome.outcome is Outcome.FAILED and "unexpected problem" in outcome.message
    assert _table_counts(workspace) == before
    fts_rows = workspace.conn.execute("SELECT count(*) FROM passages_fts").fetchone()[0]
    assert fts_rows == before["passages"]


def test_cancel_keeps_finished_files_and_rolls_back_the_current_one(workspace):
    calls = {"n": 0}
    files = [sample("001"), sample("002"), sample("003")]

    def cancel_during_second_file() -> bool:
        calls["n"] += 1
        docs = workspace.conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        return docs >= 2  # the pack has started writing its papers

    summary = import_paths(workspace, files, cancel=cancel_during_second_file)
    assert summary.cancelled
    outcomes = [o.outcome for o in summary.outcomes]
    assert outcomes[0] is Outcome.IMPORTED
    assert outcomes[1] is Outcome.CANCELLED
    docs = list_documents(workspace)
    assert len(docs) == 1 and docs[0].doc_type is DocType.MONITORING_VISIT


def test_progress_reports_files(workspace):
    seen = []
    import_paths(workspace, [sample("001"), sample("003")], progress=seen.append)
    assert seen[-1].files_done == seen[-1].files_total == 2
    assert any(p.current == sample("003").name for p in seen)


def test_passages_keep_paragraph_numbers(corpus_workspace):
    from desktop.services.documents import document_passages

    [report] = _by_source_prefix(list_documents(corpus_workspace), "000")
    labels = [p.label for p in document_passages(corpus_workspace, report.id)]
    for expected in ("1", "26", "111", "116"):
        assert expected in labels


def test_pages_without_text_are_named_in_the_outcome(workspace, tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "part scanned.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for page in range(1, 4):
        if page != 2:  # page 2 has only a drawing, as a scanned page has only an image
            pdf.drawString(72, 760, f"Monitoring visit to Rutland children's services, page {page}.")
            pdf.drawString(72, 740, "1. Inspectors found that children are seen regularly.")
        else:
            pdf.rect(72, 400, 300, 300, fill=1)
        pdf.showPage()
    pdf.save()
    outcome = import_file(workspace, path)
    assert outcome.outcome is Outcome.IMPORTED
    assert "1 of 3 pages have no text layer" in outcome.message and "page 2" in outcome.message


def test_an_unexpected_error_costs_one_file_not_the_batch(workspace, monkeypatch):
    from desktop.services import preparing

    real_detect = preparing.detect_metadata

    def explode_on_the_letter(text, title_hint=None):
        if "South Gloucestershire" in text[:3000]:
            raise ValueError("detector bug")
        return real_detect(text, title_hint)

    monkeypatch.setattr(preparing, "detect_metadata", explode_on_the_letter)
    summary = import_paths(workspace, [sample("001"), sample("003")])
    assert [o.outcome for o in summary.outcomes] == [Outcome.FAILED, Outcome.IMPORTED]


def test_an_undecodable_file_name_still_imports(workspace, tmp_path):
    import os

    folder = tmp_path / "odd"
    folder.mkdir()
    raw = os.path.join(os.fsencode(folder), b"caf\xe9 report.txt")
    with open(raw, "wb") as handle:
        handle.write(sample("003").read_bytes())
    summary = import_paths(workspace, [folder])
    assert summary.count(Outcome.IMPORTED) == 1
    [doc] = list_documents(workspace)
    assert doc.source.endswith("caf\ufffd report.txt")


def test_quarterly_reports_on_one_template_are_not_duplicates(workspace, tmp_path):
    body = "\n".join(f"{n}. Children in care placed within 20 miles of home: measure {n} remained "
                     f"steady against target and tolerance for the quarter." for n in range(1, 60))
    first, second = tmp_path / "q1.txt", tmp_path / "q2.txt"
    first.write_text(f"Performance scorecard, Rutland County Council, 30 June 2023\n{body}\n")
    second.write_text(f"Performance scorecard, Rutland County Council, 30 September 2023\n{body}\n")
    import_paths(workspace, [first, second])
    docs = list_documents(workspace)
    assert len(docs) == 2 and all(d.duplicate_of is None for d in docs)


def _copies_of_samples(folder, count):
    """``count`` distinct files (different bytes) made from the sample letters."""
    folder.mkdir()
    letters = [sample("001"), sample("003"), sample("004")]
    paths = []
    for n in range(count):
        path = folder / f"paper {n:02d}.txt"
        path.write_text(letters[n % 3].read_text(encoding="utf-8") + f"\nCopy number {n}.\n",
                        encoding="utf-8")
        paths.append(path)
    return paths


def test_a_large_batch_is_read_in_worker_processes_with_the_same_results(workspace, tmp_path,
                                                                         monkeypatch):
    from desktop.storage.workspace import open_workspace

    paths = _copies_of_samples(tmp_path / "batch", 8)
    broken = tmp_path / "batch" / "zz broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    twice = tmp_path / "batch" / "zz again.txt"
    twice.write_bytes(paths[0].read_bytes())
    monkeypatch.setattr(importing, "worker_count", lambda: 2)
    summary = import_paths(workspace, [tmp_path / "batch"])
    assert summary.count(Outcome.IMPORTED) == 8
    assert summary.count(Outcome.ALREADY_HELD) == 1
    [failed] = [o for o in summary.outcomes if o.outcome is Outcome.FAILED]
    assert failed.path == broken and "broken.pdf" in failed.message

    serial = open_workspace(tmp_path / "serial.sqlite")
    monkeypatch.setattr(importing, "worker_count", lambda: 1)
    import_paths(serial, paths)
    def describe(ws):
        return sorted((d.title, d.doc_type, d.authority, d.date, d.passage_count,
                                      d.duplicate_of is None) for d in list_documents(ws))
    assert describe(workspace) == describe(serial)
    serial.close()


def test_cancelling_a_parallel_import_keeps_what_was_written(workspace, tmp_path, monkeypatch):
    paths = _copies_of_samples(tmp_path / "batch", 10)
    monkeypatch.setattr(importing, "worker_count", lambda: 2)
    written = []

    def cancel_after_three() -> bool:
        written.append(None)
        return workspace.conn.execute("SELECT count(*) FROM documents").fetchone()[0] >= 3

    summary = import_paths(workspace, paths, cancel=cancel_after_three)
    assert summary.cancelled
    kept = list_documents(workspace)
    assert 2 <= len(kept) < 10  # the file being written when Cancel came is rolled back
    assert summary.count(Outcome.IMPORTED) == len(kept)
