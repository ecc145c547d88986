"""Each passage of an imported PDF is placed on its pages: the page text there is its text."""

from __future__ import annotations

import hashlib
import shutil
from difflib import SequenceMatcher

import pytest

from desktop.pages.align import PassageOnPages, align_passages, folded
from desktop.pages.render import PdfPages
from desktop.services import documents as documents_service
from desktop.services import pages as pages_service
from desktop.services.importing import import_file
from desktop.storage import page_maps
from desktop.storage.workspace import open_workspace
from tests.pages_fixtures import make_pack_pdf
from tests.samples import SAMPLE_PDFS, sample

REPORTS = ["gloucestershire-2017-06-13.pdf", "dorset-2021-11-19.pdf", "barnsley-2023-10-27.pdf"]


def _imported(ws, path):
    outcome = import_file(ws, path)
    assert outcome.document_ids, outcome.message
    return documents_service.get_document(ws, outcome.document_ids[0])


def _page_texts(ws, document) -> dict[int, str]:
    source = pages_service.page_source(ws, document)
    pdf = PdfPages(source.data)
    try:
        return {sheet: pdf.plain_text(sheet) for sheet in range(pdf.page_count)}
    finally:
        pdf.close()


@pytest.mark.parametrize("name", REPORTS)
def test_passages_of_a_real_report_lie_on_pages_holding_their_words(workspace, name):
    document = _imported(workspace, SAMPLE_PDFS / name)
    passages = documents_service.document_passages(workspace, document.id)
    ranges = pages_service.map_document_pages(workspace, document.id)
    texts = _page_texts(workspace, document)
    by_passage: dict[int, list] = {}
    for item in ranges:
        by_passage.setdefault(item.passage_id, []).append(item)
    placed = [p for p in passages if p.id in by_passage]
    assert len(placed) >= 0.97 * len(passages)
    exact = 0
    for passage in placed:
        on_page = "".join(texts[r.sheet][r.start:r.end] for r in sorted(by_passage[passage.id], key=lambda r: r.sheet))
        wanted, found = folded(passage.text)[0], folded(on_page)[0]
        assert SequenceMatcher(None, wanted, found, autojunk=False).ratio() > 0.9, passage.text[:80]
        exact += wanted == found
        # and the sheet is the page the importer said the passage is on
        assert passage.page is None or passage.page - 1 in {r.sheet for r in by_passage[passage.id]}
    assert exact >= 0.9 * len(placed)


def test_a_span_of_a_passage_is_the_same_words_on_the_page_and_back(workspace):
    document = _imported(workspace, SAMPLE_PDFS / REPORTS[0])
    passages = documents_service.document_passages(workspace, document.id)
    texts = _page_texts(workspace, document)
    ranges = pages_service.map_document_pages(workspace, document.id)
    passage = next(p for p in passages if p.text.startswith("19. Improve performance information"))
    mine = [r for r in ranges if r.passage_id == passage.id]
    placer = PassageOnPages(passage.text, [(r.sheet, r.start, texts[r.sheet][r.start:r.end]) for r in mine])
    start = passage.text.index("data is accurate")
    end = start + len("data is accurate")
    [(sheet, a, b)] = placer.to_page(start, end)
    assert texts[sheet][a:b] == "data is accurate"
    assert placer.to_passage(sheet, a, b) == (start, end)


def test_ranges_are_kept_and_redone_when_the_paper_is_read_again(workspace):
    document = _imported(workspace, SAMPLE_PDFS / REPORTS[1])
    passages = documents_service.document_passages(workspace, document.id)
    assert pages_service.stored_ranges(workspace, passages) is None  # never worked out yet
    ranges = pages_service.map_document_pages(workspace, document.id)
    assert sorted(pages_service.stored_ranges(workspace, passages)) == sorted(ranges)
    # re-extraction changes the passages: the stored ranges no longer count
    with workspace.db.atomic():
        workspace.conn.execute('UPDATE passages SET "end" = "end" + 1 WHERE id = ?', (passages[3].id,))
    assert page_maps.stored_page_map(workspace, document.id) != page_maps.passage_signature(workspace, document.id)
    assert pages_service.stored_ranges(workspace, passages) is None


def test_a_paper_of_a_pack_has_only_its_own_pages(workspace, tmp_path):
    pack_file = make_pack_pdf(tmp_path / "pack.pdf")
    outcome = import_file(workspace, pack_file)
    documents = documents_service.list_documents(workspace)
    papers = [d for d in documents if d.parent_id is not None]
    assert len(papers) >= 3, outcome.message
    pdf = PdfPages(pack_file.read_bytes())
    count = pdf.page_count
    pdf.close()
    for paper in papers:
        source = pages_service.page_source(workspace, paper)
        sheets = source.sheets(count)
        assert sheets.start == paper.pack_page_start - 1 and len(sheets) == paper.pages
        ranges = pages_service.map_document_pages(workspace, paper.id)
        passages = documents_service.document_passages(workspace, paper.id)
        assert len({r.passage_id for r in ranges}) >= 0.97 * len(passages)
        assert all(r.sheet in sheets for r in ranges)


def test_other_formats_and_missing_originals_say_why_there_are_no_pages(workspace, tmp_path):
    letter = _imported(workspace, sample("001"))
    with pytest.raises(pages_service.NoPages) as raised:
        pages_service.page_source(workspace, letter)
    assert "text file" in str(raised.value)
    # a PDF imported before originals were kept, whose file has since gone
    copy = tmp_path / "report.pdf"
    shutil.copy(SAMPLE_PDFS / REPORTS[2], copy)
    document = _imported(workspace, copy)
    with workspace.db.atomic():
        workspace.conn.execute("DELETE FROM originals")
    source = pages_service.page_source(workspace, document)  # still at its path, unchanged
    assert source.from_source_path and hashlib.sha256(source.data).hexdigest() == document.sha256
    copy.write_bytes(copy.read_bytes() + b"\n% changed since")
    with pytest.raises(pages_service.NoPages) as raised:
        pages_service.page_source(workspace, document)
    assert "original not held; import the file again to see its pages" in str(raised.value).lower()
    copy.unlink()
    with pytest.raises(pages_service.NoPages):
        pages_service.page_source(workspace, document)


def test_header_lines_the_importer_dropped_are_skipped_over():
    pages = [(0, "Ofsted report 2023\r\nThe council knows its children well.\r\n1"),
             (1, "Ofsted report 2023\r\nLeaders act on what audits\r\nshow. 2")]
    passages = [(10, "The council knows its children well."), (11, "Leaders act on what audits show.")]
    ranges = align_passages(passages, pages)
    found = {(r.passage_id, r.sheet): pages[r.sheet][1][r.start:r.end] for r in ranges}
    assert found == {(10, 0): "The council knows its children well",
                     (11, 1): "Leaders act on what audits\r\nshow"}


def test_a_passage_not_on_any_page_gets_no_range():
    assert align_passages([(1, "Words read by OCR from a scan")], [(0, "Something else entirely")]) == []


def test_a_read_only_workspace_still_maps_without_writing(tmp_path):
    path = tmp_path / "w.sqlite"
    ws = open_workspace(path)
    document = _imported(ws, SAMPLE_PDFS / REPORTS[1])
    ws.close()
    ro = open_workspace(path, create=False, read_only=True)
    try:
        assert pages_service.map_document_pages(ro, document.id)
        assert page_maps.stored_page_map(ro, document.id) is None
    finally:
        ro.close()


def test_printed_page_numbers_are_read_and_a_footnote_mark_is_not_one():
    from desktop.pages.labels import printed_page_numbers, sheet_for_printed

    pages = [(0, "Agenda\r\nItem 1"), (1, "Contents\r\n3")]  # a lone "3" proves nothing
    pages += [(sheet, f"{sheet - 1}\r\nText of the page\r\n2\r\nA footnote") for sheet in range(2, 6)]
    pages += [(sheet, f"Page {sheet - 5} of 3\r\nA second paper, numbered afresh") for sheet in range(6, 9)]
    numbers = printed_page_numbers(pages)
    assert numbers == {2: 1, 3: 2, 4: 3, 5: 4, 6: 1, 7: 2, 8: 3}
    assert sheet_for_printed(numbers, 2, near=7) == 7 and sheet_for_printed(numbers, 2, near=2) == 3
    assert sheet_for_printed(numbers, 9) is None


def test_the_real_reports_printed_numbers_are_their_page_numbers():
    from desktop.pages.labels import printed_page_numbers

    pdf = PdfPages((SAMPLE_PDFS / "isle-of-wight-2014-11-19.pdf").read_bytes())
    try:
        numbers = printed_page_numbers([(s, pdf.plain_text(s)) for s in range(pdf.page_count)])
    finally:
        pdf.close()
    assert len(numbers) >= 40 and all(n == s + 1 for s, n in numbers.items())
