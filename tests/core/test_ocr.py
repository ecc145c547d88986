"""Scanned papers are read by OCR (Tesseract) and then behave like any other paper."""

from __future__ import annotations

import io
import json
import os
import time

import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from desktop.domain.errors import UnreadableFile
from desktop.ingest import ocr, read_document
from desktop.services.importing import Outcome, import_paths
from desktop.services.recommendations import list_recommendations
from desktop.services.searching import search

needs_engine = pytest.mark.skipif(
    ocr.find_engine() is None,
    reason="Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng; "
           "python3 -m desktop.bootstrap test installs it when run as root, as CI does)")

LINES = [
    "Ofsted inspection of Gloucestershire children's services",
    "Inspection dates: 6 March 2017 to 30 March 2017",
    "",
    "Recommendations",
    "",
    "1. Ensure that thresholds for services are consistently understood",
    "and applied, so that all children receive a timely response.",
    "2. Ensure that all work is allocated within appropriate timescales",
    "and that managers review the capacity of every team each month.",
    "3. Improve the quality of return home interviews for children who",
    "go missing from home or care, and use what they say in planning.",
]


def _text_page(pdf: canvas.Canvas, lines: list[str]) -> None:
    y = A4[1] - 72
    for line in lines:
        pdf.setFont("Helvetica-Bold" if line == "Recommendations" else "Helvetica", 11)
        pdf.drawString(72, y, line)
        y -= 16
    pdf.showPage()


def _scanned_copy(born_digital: bytes, page: int, dpi: int = 200):
    """A picture of one page, as a scanner makes it (no text layer)."""
    doc = pdfium.PdfDocument(born_digital)
    try:
        return doc[page].render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        doc.close()


def _pdf(path, pages: list[list[str] | None], scanned: set[int]) -> None:
    """Pages of text; those in ``scanned`` become pictures of themselves."""
    buffer = io.BytesIO()
    source = canvas.Canvas(buffer, pagesize=A4)
    for lines in pages:
        _text_page(source, lines or [])
    source.save()
    out = canvas.Canvas(str(path), pagesize=A4)
    for index, lines in enumerate(pages):
        if index in scanned:
            out.drawImage(ImageReader(_scanned_copy(buffer.getvalue(), index)), 0, 0, *A4)
            out.showPage()
        else:
            _text_page(out, lines)
    out.save()


@pytest.fixture
def counted_engine(monkeypatch):
    calls = []
    real = ocr.run_engine

    def counting(engine, image, dpi=ocr.RENDER_DPI, **options):
        calls.append(len(image))
        return real(engine, image, dpi, **options)

    monkeypatch.setattr(ocr, "run_engine", counting)
    return calls


@needs_engine
def test_scanned_paper_is_read_end_to_end(tmp_path, counted_engine):
    from desktop.storage.workspace import open_workspace

    path = tmp_path / "scanned inspection.pdf"
    _pdf(path, [LINES], scanned={0})
    assert pdfium.PdfDocument(str(path))[0].get_textpage().get_text_range().strip() == ""
    ws = open_workspace(tmp_path / "ws.sqlite")
    try:
        summary = import_paths(ws, [path])
        assert summary.count(Outcome.IMPORTED) == 1, summary.outcomes
        texts = " ".join(r.text for r in list_recommendations(ws))
        assert "thresholds for services" in texts and "return home interviews" in texts
        hits = search(ws, "timescales").hits
        assert hits
        # OCR text is marked: its page's confidence is kept and a quote's citation says so.
        from desktop.services.documents import document_passages, ocr_pages
        from desktop.services.evidence import passage_citation

        doc_id = summary.document_ids[0]
        assert list(ocr_pages(ws, doc_id)) == [1] and ocr_pages(ws, doc_id)[1] > 50
        passage = next(p for p in document_passages(ws, doc_id) if "timescales" in p.text)
        assert "read by OCR" in passage_citation(ws, passage)
        # A copy costs no OCR: the page is found in the cache by its content.
        copy = tmp_path / "copy of scan.pdf"
        copy.write_bytes(path.read_bytes() + b"\n% a copy\n")
        assert len(counted_engine) == 1
        read_document(copy)
        assert len(counted_engine) == 1
    finally:
        ws.close()


@needs_engine
def test_mixed_pdf_reads_only_its_scanned_pages(tmp_path, counted_engine):
    born = ["Minutes of the Children and Young People Scrutiny Committee",
            "held on 13 June 2017 at Shire Hall, Gloucester.",
            "The committee noted the report on placement stability."]
    path = tmp_path / "mixed.pdf"
    _pdf(path, [born, LINES], scanned={1})
    extracted = read_document(path)
    assert len(counted_engine) == 1
    first = extracted.text[:extracted.page_starts[1]]
    assert "placement stability" in first
    second = extracted.text[extracted.page_starts[1]:]
    assert "return home interviews" in second
    assert [page.page for page in extracted.ocr_pages] == [2]


def test_without_an_engine_a_scan_is_held_as_needing_ocr_and_read_later(tmp_path, monkeypatch):
    from desktop.services import ocr_reading
    from desktop.services.documents import (
        document_passages,
        edit_document,
        get_document,
        list_documents,
    )
    from desktop.storage.workspace import open_workspace

    real_engine = ocr.find_engine()
    monkeypatch.setattr(ocr, "find_engine", lambda: None)
    path = tmp_path / "scan.pdf"
    _pdf(path, [LINES], scanned={0})
    ws = open_workspace(tmp_path / "ws.sqlite")
    try:
        summary = import_paths(ws, [path])
        outcome = summary.outcomes[0]
        assert outcome.outcome is Outcome.IMPORTED
        assert "needs OCR" in outcome.message and "apt-get install tesseract-ocr" in outcome.message
        (doc_id,) = outcome.document_ids
        assert get_document(ws, doc_id).pages == 1 and document_passages(ws, doc_id) == []
        assert ocr_reading.papers_needing_ocr(ws) == [doc_id]
        with pytest.raises(Exception, match="not installed"):
            ocr_reading.read_with_ocr(ws, doc_id)
        edit_document(ws, doc_id, {"title": "Gloucestershire ILACS 2017 (scan)"})
        if real_engine is None:
            pytest.skip("Tesseract is not installed, so the paper cannot be read later here")
        monkeypatch.setattr(ocr, "find_engine", lambda: real_engine)
        (new_id,) = ocr_reading.read_with_ocr(ws, doc_id)
        assert ocr_reading.papers_needing_ocr(ws) == []
        assert get_document(ws, new_id).title == "Gloucestershire ILACS 2017 (scan)"
        assert "thresholds for services" in " ".join(r.text for r in list_recommendations(ws))
        assert document_passages(ws, new_id)  # the paper now has its text
        assert len([d for d in list_documents(ws) if d.parent_id is None]) == 1  # no placeholder left
    finally:
        ws.close()


def test_no_ocr_option_skips_the_engine(tmp_path, monkeypatch, counted_engine):
    monkeypatch.setenv(ocr.NO_OCR_ENV, "1")
    path = tmp_path / "scan.pdf"
    _pdf(path, [LINES[:3]], scanned={0})
    assert read_document(path).needs_ocr
    assert counted_engine == []


def test_garbage_text_layer_needs_ocr_and_real_text_does_not():
    assert ocr.page_needs_ocr("   \n 12 \n")
    assert ocr.page_needs_ocr("\ue000\ue001\ue002" * 20 + " ab")
    assert not ocr.page_needs_ocr("The committee noted the report on placement stability (£2.3m).")


@needs_engine
def test_hostile_pages_end_with_a_message_in_bounded_time(tmp_path, monkeypatch):
    from PIL import Image

    monkeypatch.setattr(ocr, "PAGE_TIMEOUT_SECONDS", 4)
    rendered = []
    real_render = ocr._render_gray

    def measured(pdf, index):
        gray, width, height, scale = real_render(pdf, index)
        rendered.append(width * height)
        return gray, width, height, scale

    monkeypatch.setattr(ocr, "_render_gray", measured)
    noise = Image.frombytes("L", (1200, 1200), os.urandom(1200 * 1200))
    path = tmp_path / "hostile.pdf"
    huge = (14400, 14400)  # 200 inches square, pdfium's largest page
    out = canvas.Canvas(str(path), pagesize=huge)
    out.showPage()  # a huge blank page
    out.setPageSize(A4)
    out.drawImage(ImageReader(noise), 0, 0, *A4)  # a page of pure noise
    out.showPage()
    out.save()
    started = time.monotonic()
    with pytest.raises(UnreadableFile, match=r"hostile\.pdf") as raised:
        read_document(path)
    assert time.monotonic() - started < 60
    assert "Traceback" not in str(raised.value)
    assert rendered and max(rendered) <= ocr.MAX_PIXELS


def test_tesseract_tsv_becomes_lines_and_paragraphs():
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [("1", "1", "1", "1", "Recommendations", "96"),
            ("2", "1", "1", "1", "1.", "90"), ("2", "1", "1", "2", "Ensure", "80"),
            ("2", "1", "2", "1", "timely.", "70")]
    tsv = "\n".join([header] + [f"5\t1\t{b}\t{p}\t{line}\t{w}\t0\t0\t1\t1\t{c}\t{t}"
                                for b, p, line, w, t, c in rows])
    reading = ocr.parse_tsv(tsv)
    assert reading.text == "Recommendations\n\n1. Ensure\ntimely."
    assert reading.confidence == 84.0
    assert reading.faint_words == ()


def test_words_the_engine_doubts_are_kept_in_reading_order():
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [("1", "1", "1", "1", "Ensure", "95"), ("1", "1", "1", "2", "tirnely", "31"),
            ("1", "1", "1", "3", "reviews", "92"), ("1", "1", "2", "1", "0f", "12.5")]
    tsv = "\n".join([header] + [f"5\t1\t{b}\t{p}\t{line}\t{w}\t0\t0\t1\t1\t{c}\t{t}"
                                for b, p, line, w, t, c in rows])
    assert ocr.parse_tsv(tsv).faint_words == ("tirnely", "0f")


@needs_engine
def test_cli_import_no_ocr_then_ocr_command_reads_it(tmp_path, monkeypatch, capsys):
    from desktop.cli import EXIT_FAILED, EXIT_OK, main

    monkeypatch.setenv(ocr.NO_OCR_ENV, "")  # restored afterwards, whatever --no-ocr sets
    path = tmp_path / "scanned minutes.pdf"
    _pdf(path, [LINES], scanned={0})
    workspace = str(tmp_path / "cli.sqlite")
    assert main(["import", "--workspace", workspace, "--no-ocr", str(path)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "needs OCR" in out and "--no-ocr" in out
    assert main(["search", "--workspace", workspace, "thresholds"]) == EXIT_FAILED or \
        "thresholds" not in capsys.readouterr().out.lower()
    assert main(["ocr", "--list", "--workspace", workspace, "--json"]) == EXIT_OK
    assert json.loads(capsys.readouterr().out) == {"needs_ocr": [1]}
    assert main(["ocr", "1", "--workspace", workspace]) == EXIT_OK
    assert "Read by OCR" in capsys.readouterr().out
    assert main(["ocr", "1", "--workspace", workspace]) == EXIT_FAILED  # gone: read already
    capsys.readouterr()
    assert main(["search", "--workspace", workspace, "thresholds"]) == EXIT_OK
    assert "thresholds" in capsys.readouterr().out.lower()


@needs_engine
def test_cancelled_reading_keeps_finished_pages_and_resumes(tmp_path, monkeypatch):
    from desktop.domain.errors import Cancelled

    started, finished = [], []
    real = ocr.run_engine

    def engine(name, image, dpi=ocr.RENDER_DPI, **options):
        started.append(1)
        reading = real(name, image, dpi, **options)
        finished.append(1)
        return reading

    monkeypatch.setattr(ocr, "run_engine", engine)
    path = tmp_path / "three scanned pages.pdf"
    _pdf(path, [LINES, LINES[3:], LINES[:4]], scanned={0, 1, 2})
    with pytest.raises(Cancelled):  # Cancel pressed once one page is read
        read_document(path, cancel=lambda: len(finished) >= 1)
    kept = len(finished)
    assert kept >= 1
    before = len(started)
    extracted = read_document(path)  # resumed: the pages already read come from the cache
    assert len(started) - before == 3 - kept
    assert "return home interviews" in extracted.text


@needs_engine
def test_cancel_stops_the_engine_on_the_page_it_is_reading(tmp_path, counted_engine):
    """Cancel does not wait for the pages under way to be read (seconds each)."""
    from desktop.domain.errors import Cancelled

    path = tmp_path / "two scanned pages.pdf"
    _pdf(path, [LINES, LINES[3:]], scanned={0, 1})
    pressed: list[float] = []

    def cancel() -> bool:
        if counted_engine and not pressed:
            pressed.append(time.monotonic())
        return bool(pressed)

    with pytest.raises(Cancelled):
        read_document(path, cancel=cancel)
    assert time.monotonic() - pressed[0] < 1.0


def test_tsv_words_keep_their_boxes_line_by_line():
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = ["5\t1\t1\t1\t1\t1\t100\t200\t80\t20\t95\tEnsure", "5\t1\t1\t1\t1\t2\t190\t200\t40\t20\t93\tthat",
            "5\t1\t1\t1\t2\t1\t100\t230\t60\t20\t91\tplans"]
    reading = ocr.parse_tsv("\n".join([header, *rows]))
    assert reading.lines == ((("Ensure", 100, 200, 180, 220), ("that", 190, 200, 230, 220)),
                             (("plans", 100, 230, 160, 250),))


def test_a_scanned_pages_words_are_made_a_page_text_with_boxes():
    from desktop.domain.ocr_text import lines_in_points
    from desktop.pages import marks
    from desktop.pages.ocr_words import ocr_page_text

    lines = lines_in_points(((("Ensure", 100, 200, 180, 220), ("that", 190, 200, 230, 220)),
                             (("plans", 100, 230, 160, 250),)), 2.0)
    page = ocr_page_text(3, lines)
    assert page.text == "Ensure that\nplans" and len(page.boxes) == len(page.text)
    assert page.boxes[0] == (50.0, 100.0, 50.0 + 40 / 6, 110.0) and page.boxes[6] is None
    start = page.text.index("that")
    assert marks.line_rects(page.boxes, start, len(page.text)) == [(95.0, 100.0, 115.0, 110.0),
                                                                   (50.0, 115.0, 80.0, 125.0)]


@needs_engine
def test_passages_of_a_scanned_paper_are_placed_on_its_page(tmp_path):
    """The page view marks and selects on scanned pages with the engine's word boxes."""
    from desktop.pages import marks
    from desktop.services.documents import document_passages
    from desktop.services.pages import map_document_pages, page_source
    from desktop.storage.documents import get_document
    from desktop.storage.ocr_pages import word_boxes_of
    from desktop.storage.workspace import open_workspace

    path = tmp_path / "scanned inspection.pdf"
    _pdf(path, [LINES], scanned={0})
    ws = open_workspace(tmp_path / "ws.sqlite")
    try:
        (doc_id,) = import_paths(ws, [path]).document_ids
        lines = word_boxes_of(ws, doc_id)[1]
        assert any(word == "timescales" for line in lines for word, *_box in line)
        for line in lines:
            for _word, left, top, right, bottom in line:
                assert 0 <= left < right <= A4[0] + 1 and 0 <= top < bottom <= A4[1] + 1
        ranges = {r.passage_id: r for r in map_document_pages(ws, doc_id)}
        passage = next(p for p in document_passages(ws, doc_id) if "timescales" in p.text)
        placed = ranges[passage.id]
        assert placed.sheet == 0
        page = page_source(ws, get_document(ws, doc_id)).ocr_texts()[0]
        assert "timescales" in page.text[placed.start:placed.end]
        rects = marks.line_rects(page.boxes, placed.start, placed.end)
        # the item is the 2nd of 3 numbered ones, below the heading: in the page's upper half
        assert rects and all(r[0] >= 72 - 10 and r[3] < A4[1] / 2 for r in rects)
    finally:
        ws.close()
