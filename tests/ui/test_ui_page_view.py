"""The Reader's page view: pages drawn in the background, zoom, go to page, marks on the
linked words, and words dragged over on the page linked as evidence."""

from __future__ import annotations

import re
import shutil
import time

import pytest
from PySide6.QtCore import QPoint, Qt

from desktop.domain.evidence import Stance
from desktop.pages import marks as page_marks
from desktop.pages.render import PdfPages
from desktop.services import documents as documents_service
from desktop.services import evidence as evidence_service
from desktop.services.importing import import_file
from desktop.storage.workspace import open_workspace
from desktop.ui import settings
from tests.pages_fixtures import UNNUMBERED, make_pack_pdf
from tests.samples import SAMPLE_PDFS
from tests.ui.test_ui_evidence import drive_link_dialog

REPORT = SAMPLE_PDFS / "gloucestershire-2017-06-13.pdf"
QUOTE = "prioritised or improved the quality of social work practice"


@pytest.fixture
def report(workspace_path, tmp_path):
    """The 2017 report imported, with one quote linked to its first recommendation."""
    source = tmp_path / "in" / REPORT.name
    source.parent.mkdir()
    shutil.copyfile(REPORT, source)
    with open_workspace(workspace_path) as ws:
        [doc_id] = import_file(ws, source).document_ids
        passages = documents_service.document_passages(ws, doc_id)
        passage = next(p for p in passages if p.text.startswith("Senior leaders have not sufficiently"))
        rec_id = ws.conn.execute("SELECT id FROM recommendations ORDER BY id LIMIT 1").fetchone()[0]
        at = passage.text.index(QUOTE)
        evidence_service.link_evidence(ws, passage_id=passage.id, stance="concern", recommendation_ids=[rec_id],
                                       quote=QUOTE, span_start=at, span_end=at + len(QUOTE))
    return workspace_path, doc_id, passages, source


def _ready(qtbot, window, timeout=10_000):
    pages = window.reader.pages
    qtbot.waitUntil(lambda: pages.ready() and len(pages.view.cache) > 0, timeout=timeout)
    return pages


def _pdfium_rects(sheet: int, words: str, occurrence: int = 0):
    pdf = PdfPages(REPORT.read_bytes())
    try:
        text = pdf.page_text(sheet)
    finally:
        pdf.close()
    # the page breaks lines with CR LF where the paper's text has a space
    found = list(re.finditer(r"\s+".join(map(re.escape, words.split())), text.text))[occurrence]
    return page_marks.line_rects(text.boxes, found.start(), found.end()), text, found.start()


def test_a_pdf_paper_opens_at_its_pages_drawn_in_the_background(qtbot, make_window, report, no_modal):
    path, doc_id, _passages, _source = report
    window = make_window(path)
    window.resize(1200, 760)
    window.show()
    started = time.perf_counter()
    assert window.open_document(doc_id)
    opened_in = time.perf_counter() - started
    pages = window.reader.pages
    assert pages.showing_pages() and pages.page_button.isChecked()
    assert len(pages.view.cache) == 0  # nothing drawn on the GUI thread while opening
    _ready(qtbot, window)
    assert opened_in < 1.0
    assert pages.view.sheets == range(0, 41)
    assert pages.page_count_label.text() == "of 41"
    image, _scale = pages.view.cache.get(0)
    assert image.width() > 400 and not image.isNull()
    assert no_modal["errors"] == []


def test_zoom_keys_and_going_to_a_page(qtbot, make_window, report):
    path, doc_id, _passages, _source = report
    window = make_window(path)
    window.resize(1200, 760)
    window.show()
    window.open_document(doc_id)
    pages = _ready(qtbot, window)
    view = pages.view
    view.setFocus()
    fit = view.zoom
    qtbot.keyClick(view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom == pytest.approx(fit * 1.2) and view.mode == "fixed"
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom == pytest.approx(fit / 1.2)
    qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.mode == "width" and view.zoom == pytest.approx(fit)
    view.fit_page()
    assert view.zoom < fit and view.page_rect(0).height() <= view.viewport().height()

    pages.page_field.setText("9")
    qtbot.keyClick(pages.page_field, Qt.Key.Key_Return)
    assert view.current_sheet() == 8
    qtbot.waitUntil(lambda: view.cache.get(8) is not None, timeout=5000)
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert view.current_sheet() == 9
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.current_sheet() == 40
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert view.current_sheet() == 0 and view.verticalScrollBar().value() == 0


def test_the_linked_quote_and_a_recommendation_are_marked_on_their_words(qtbot, make_window, report):
    path, doc_id, passages, _source = report
    window = make_window(path)
    window.resize(1200, 760)
    window.show()
    window.open_document(doc_id)
    pages = _ready(qtbot, window)
    view = pages.view
    quoted = [m for m in view.marks() if m.underline]
    assert len(quoted) == 1 and quoted[0].sheet == 1
    assert "Concern for Recommendation" in quoted[0].tip
    expected, _text, _at = _pdfium_rects(1, QUOTE)
    view.go_to_sheet(1)
    qtbot.waitUntil(lambda: view.page_text(1) is not None, timeout=5000)
    [(mark, rects)] = [(m, r) for m, r in view.mark_rects(1) if m.underline]
    assert rects == expected and len(rects) == 2  # the quote runs onto a second line
    # hovering the words says what they are linked to
    middle = view.view_point(1, (rects[0][0] + rects[0][2]) / 2, (rects[0][1] + rects[0][3]) / 2)
    assert "Concern for Recommendation" in view.tooltip_text(middle)

    # the recommendation's own passage (19, on page 9) is tinted where pdfium puts its words
    source = next(p for p in passages if p.text.startswith("19. Improve performance information"))
    [rec_mark] = [m for m in view.marks() if m.passage_id == source.id and not m.outline]
    assert rec_mark.sheet == 8 and "Improve performance information" in rec_mark.tip
    view.go_to_sheet(8)
    qtbot.waitUntil(lambda: view.page_text(8) is not None, timeout=5000)
    [(_, rects)] = [(m, r) for m, r in view.mark_rects(8) if m == rec_mark]
    expected, text, at = _pdfium_rects(8, "Improve performance information")
    assert rects[0][1] == pytest.approx(expected[0][1]) and rects[0][3] == pytest.approx(expected[0][3])
    assert rects[0][0] <= expected[0][0] and len(rects) >= 3


def test_words_dragged_over_on_the_page_are_linked_with_ctrl_l(qtbot, make_window, report, monkeypatch,
                                                               no_modal):
    path, doc_id, passages, _source = report
    window = make_window(path)
    window.resize(1200, 760)
    window.show()
    window.open_document(doc_id)
    pages = _ready(qtbot, window)
    view = pages.view
    view.go_to_sheet(8)
    qtbot.waitUntil(lambda: view.page_text(8) is not None and view.cache.get(8) is not None, timeout=5000)
    words = "data is accurate"
    _rects, text, at = _pdfium_rects(8, words)

    def point(index: int) -> QPoint:
        box = text.boxes[index]
        return view.view_point(8, (box[0] + box[2]) / 2, (box[1] + box[3]) / 2).toPoint()

    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=point(at + 1))
    qtbot.mouseMove(viewport, pos=point(at + 8))
    qtbot.mouseMove(viewport, pos=point(at + len(words) - 2))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=point(at + len(words) - 2))
    assert view.selection() == [(8, at, at + len(words))]  # widened to whole words
    assert window.reader.text_view.textCursor().selectedText() == words

    seen: dict = {}
    drive_link_dialog(monkeypatch, filter_text="", stance=Stance.PROGRESS, seen=seen)
    window.actions_.link_evidence.trigger()
    assert seen["quote"] == words
    source = next(p for p in passages if p.text.startswith("19. Improve performance information"))
    [item] = [e for e in evidence_service.list_evidence(window.workspace) if e.quote == words]
    assert item.passage_id == source.id and source.text[item.span_start:item.span_end] == words
    # and it is marked on the page at once
    qtbot.waitUntil(lambda: any(m.underline and m.sheet == 8 for m in view.marks()), timeout=5000)
    # a click in the margin drops the selection, on the page and in the text Ctrl+L reads
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=view.view_point(8, 8, 8).toPoint())
    assert view.selection() == [] and not window.reader.text_view.textCursor().hasSelection()
    # then the context menu over a word of another passage links that passage, as in the text view
    other = view.page_text(8).text.index("Implement a system so that findings")
    menu = pages.build_page_menu(8, other + 3)
    names = [a.text().replace("&", "") for a in menu.actions()]
    assert "Link to recommendation or action…" in names and "Copy" in names
    assert any(n.startswith("Add selection as recommendation") for n in names)
    target = window.evidence.quote_target()
    assert target.passage.text.startswith("18. Implement a system") and target.whole
    menu.deleteLater()
    assert no_modal["errors"] == []


def test_a_jump_to_a_passage_shows_it_on_its_page(qtbot, make_window, report):
    path, doc_id, passages, _source = report
    window = make_window(path)
    window.resize(1200, 760)
    window.show()
    window.open_document(doc_id)
    pages = _ready(qtbot, window)
    target = next(p for p in passages if p.text.startswith("19. Improve performance information"))
    window.show_tab(0)
    assert window.open_passage(doc_id, target.id)  # as from a search hit
    view = pages.view
    qtbot.waitUntil(lambda: 8 in view.visible_sheets(), timeout=5000)
    assert any(m.outline and m.passage_id == target.id for m in view.marks())
    # clicking a word of another passage selects that passage, as the outline does
    qtbot.waitUntil(lambda: view.page_text(8) is not None, timeout=5000)
    text = view.page_text(8)
    at = text.text.index("Implement a system so that findings")
    box = text.boxes[at + 2]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.view_point(8, (box[0] + box[2]) / 2, (box[1] + box[3]) / 2).toPoint())
    clicked = window.reader.current_passage_id()
    assert next(p for p in passages if p.id == clicked).text.startswith("18. Implement a system")


def test_the_choice_of_view_is_remembered_and_text_papers_say_why_there_are_no_pages(
        qtbot, make_window, report, workspace_path):
    path, doc_id, _passages, _source = report
    window = make_window(path)
    window.open_document(doc_id)
    pages = _ready(qtbot, window)
    pages.text_button.click()
    assert not pages.showing_pages() and settings.reader_view() == "text"
    pages.page_button.click()
    assert pages.showing_pages() and settings.reader_view() == "page"
    with open_workspace(path) as ws:
        [text_id] = import_file(ws, SAMPLE_PDFS.parent / sorted(p.name for p in SAMPLE_PDFS.parent.glob("001*"))[0]
                                ).document_ids
    window.reload_documents()
    window.open_document(text_id)
    assert not pages.showing_pages() and not pages.page_button.isEnabled()
    assert "text file" in pages.page_button.toolTip() and "text file" in pages.note.text()
    assert settings.reader_view() == "page"  # still wanted for the next PDF


def test_a_pdf_whose_original_is_gone_says_so_and_shows_the_text(qtbot, make_window, report):
    path, doc_id, _passages, source = report
    with open_workspace(path) as ws, ws.db.atomic():
        ws.conn.execute("DELETE FROM originals")
    source.unlink()
    window = make_window(path)
    window.open_document(doc_id)
    pages = window.reader.pages
    assert not pages.showing_pages() and not pages.page_button.isEnabled()
    assert pages.note.text() == "Original not held; import the file again to see its pages."


def test_a_paper_of_a_pack_opens_at_its_own_pages(qtbot, make_window, workspace_path, tmp_path):
    pack = make_pack_pdf(tmp_path / "pack.pdf")
    with open_workspace(workspace_path) as ws:
        import_file(ws, pack)
        papers = [d for d in documents_service.list_documents(ws) if d.parent_id is not None]
    paper = next(d for d in papers if d.doc_type.value == "inspection_report")
    window = make_window(workspace_path)
    window.resize(1200, 760)
    window.show()
    window.open_document(paper.id)
    pages = _ready(qtbot, window)
    first = paper.pack_page_start - 1
    assert pages.view.sheets == range(first, first + paper.pages)
    # it opens at its own first words, at the foot of the page the paper before ends on
    qtbot.waitUntil(lambda: pages.view.page_text(first) is not None, timeout=5000)
    assert first in pages.view.visible_sheets() and pages.view.verticalScrollBar().value() > 0
    # its pages as printed: the pack's first two pages carry no number
    qtbot.waitUntil(lambda: bool(pages.printed), timeout=5000)
    pages.go_to_page(first + 1, sheet=True)
    assert pages.page_field.text() == str(first + 1 - UNNUMBERED)
    assert "of the file" in pages.page_count_label.text()
    assert pages.go_to_page(first + 3 - UNNUMBERED) and pages.view.current_sheet() == first + 2
    pages.page_field.setText(f"s {first + 2}")  # the file's own page number
    qtbot.keyClick(pages.page_field, Qt.Key.Key_Return)
    assert pages.view.current_sheet() == first + 1
    assert not pages.go_to_page(1, sheet=True)  # the pack's first page is another paper's
