"""Correcting, listing and deleting documents."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.documents import DocType
from desktop.services.documents import (
    InvalidEdit,
    delete_document,
    deletion_impact,
    edit_document,
    get_document,
    list_documents,
)
from desktop.services.importing import import_file
from tests.samples import sample


def test_edit_metadata_is_stored_and_validated(workspace):
    [doc_id] = import_file(workspace, sample("001")).document_ids
    doc = edit_document(workspace, doc_id, {"title": "  Letter   from Ofsted ", "doc_type": "other",
                                            "date": "2018-03-01", "authority": "Bristol"})
    assert (doc.title, doc.doc_type, doc.date, doc.authority) == (
        "Letter from Ofsted", DocType.OTHER, date(2018, 3, 1), "Bristol")
    with pytest.raises(InvalidEdit, match="not a date"):
        edit_document(workspace, doc_id, {"date": "31/13/2023"})
    with pytest.raises(InvalidEdit, match="title"):
        edit_document(workspace, doc_id, {"title": "   "})
    with pytest.raises(InvalidEdit, match="document type"):
        edit_document(workspace, doc_id, {"doc_type": "memo"})
    with pytest.raises(InvalidEdit, match="ends before"):
        edit_document(workspace, doc_id, {"period_start": "2018-02-01", "period_end": "2018-01-01"})
    assert get_document(workspace, doc_id).date == date(2018, 3, 1)


def test_deleting_a_pack_says_what_goes_and_takes_its_papers(workspace):
    import_file(workspace, sample("000"))
    [pack_id, *children] = import_file(workspace, sample("002")).document_ids
    impact = deletion_impact(workspace, pack_id)
    assert impact.papers == len(children) and impact.passages > 100
    assert f"its {len(children)} papers" in impact.describe()
    delete_document(workspace, pack_id)
    remaining = list_documents(workspace)
    assert [d.doc_type for d in remaining] == [DocType.INSPECTION_REPORT]
    passages = workspace.conn.execute("SELECT count(*) FROM passages").fetchone()[0]
    indexed = workspace.conn.execute("SELECT count(*) FROM passages_fts").fetchone()[0]
    assert passages == indexed == remaining[0].passage_count


def test_deleting_the_original_promotes_a_copy(workspace):
    from tests.samples import SAMPLE_PDFS

    [report_id] = import_file(workspace, sample("000")).document_ids
    pack_ids = import_file(workspace, sample("002")).document_ids
    [pdf_id] = import_file(workspace, SAMPLE_PDFS / "gloucestershire-2017-06-13.pdf").document_ids
    impact = deletion_impact(workspace, report_id)
    assert impact.duplicates_released == 2
    delete_document(workspace, report_id)
    docs = {d.id: d for d in list_documents(workspace)}
    pack_copy = next(i for i in pack_ids[1:] if docs[i].doc_type is DocType.INSPECTION_REPORT)
    assert docs[pdf_id].duplicate_of is None  # the standalone copy becomes the original
    assert docs[pack_copy].duplicate_of == pdf_id


def test_deleting_a_pack_paper_updates_the_pack(workspace):
    pack_id, first, *_ = import_file(workspace, sample("002")).document_ids
    before = get_document(workspace, pack_id).passage_count
    removed = get_document(workspace, first).passage_count
    delete_document(workspace, first)
    assert get_document(workspace, pack_id).passage_count == before - removed
