"""Pages drawn and characters located with pdfium, on real papers and hostile files."""

from __future__ import annotations

import io

import pytest

from desktop.pages import marks
from desktop.pages.render import MAX_PAGE_PIXELS, PagesUnavailable, PdfPages
from tests.samples import BAD_FIXTURES, SAMPLE_PDFS

REPORT = SAMPLE_PDFS / "gloucestershire-2017-06-13.pdf"


@pytest.fixture(scope="module")
def report():
    pdf = PdfPages(REPORT.read_bytes())
    yield pdf
    pdf.close()


def test_a_real_page_is_drawn_at_the_asked_size_with_ink_on_it(report):
    width, height = report.page_size(1)
    page = report.render(1, 1.5)
    assert abs(page.width - width * 1.5) <= 1 and abs(page.height - height * 1.5) <= 1
    assert page.stride >= page.width * 4 and len(page.pixels) == page.stride * page.height
    dark = sum(1 for i in range(0, len(page.pixels), 4 * 97) if page.pixels[i] < 128)
    assert dark > 50  # words were drawn, not a blank sheet
    assert page.pixels[:4] == b"\xff\xff\xff\xff"  # the top-left corner is white paper


def test_every_character_box_lies_on_its_page(report):
    for sheet in (0, 1, 8, report.page_count - 1):
        width, height = report.page_size(sheet)
        text = report.page_text(sheet)
        assert len(text.text) == len(text.boxes)
        inked = [b for b in text.boxes if b is not None]
        assert inked, f"sheet {sheet} has no characters"
        for left, top, right, bottom in inked:
            assert -1 <= left < right <= width + 1
            assert -1 <= top < bottom <= height + 1


def test_plain_text_is_the_same_characters_as_the_boxed_text(report):
    assert report.plain_text(8) == report.page_text(8).text


def test_a_phrase_on_one_line_is_one_rectangle_round_its_letters(report):
    text = report.page_text(1)
    start = text.text.index("Executive summary")
    end = start + len("Executive summary")
    [rect] = marks.line_rects(text.boxes, start, end)
    for box in text.boxes[start:end]:
        if box is not None:
            assert rect[0] <= box[0] and box[2] <= rect[2] and rect[1] <= box[1] and box[3] <= rect[3]
    # the heading sits near the top of the page, inside the text column
    assert 60 < rect[0] < 200 and rect[1] < 200


def test_a_sentence_over_several_lines_gets_one_rectangle_per_line(report):
    text = report.page_text(8)
    start = text.text.index("Improve performance information")
    end = text.text.index("robust planning for improvement") + len("robust planning for improvement")
    rects = marks.line_rects(text.boxes, start, end)
    assert len(rects) == 3  # the recommendation runs over three printed lines
    tops = [r[1] for r in rects]
    assert tops == sorted(tops) and all(b - a > 8 for a, b in zip(tops, tops[1:], strict=False))


def test_a_comma_below_the_line_keeps_the_line_whole(report):
    text = report.page_text(8)
    start = text.text.index("accommodation is used, these")
    assert len(marks.line_rects(text.boxes, start, start + len("accommodation is used, these"))) == 1


def test_the_character_under_a_point_and_the_nearest_one(report):
    text = report.page_text(1)
    index = text.text.index("Executive summary") + 3
    left, top, right, bottom = text.boxes[index]
    assert marks.char_at(text, (left + right) / 2, (top + bottom) / 2) == index
    # in the left margin, level with the heading: nothing exactly, the line's first letter nearest
    assert marks.char_at(text, 5, (top + bottom) / 2) is None
    nearest = marks.char_at(text, 5, (top + bottom) / 2, nearest=True)
    assert text.text[nearest] == "E"


def test_a_drag_is_widened_to_whole_words(report):
    text = report.page_text(1)
    at = text.text.index("Executive summary")
    start, end = marks.selected_range(text, at + 12, at + 3)  # backwards, mid-word both ends
    assert text.text[start:end] == "Executive summary"


def test_find_all_ignores_case_and_finds_every_one():
    assert marks.find_all("Care, care and CARE", "care") == [(0, 4), (6, 10), (15, 19)]
    assert marks.find_all("anything", "") == []


def test_the_outline_of_a_file_without_bookmarks_is_empty_not_an_error(report):
    assert isinstance(report.outline(), list)


def _reportlab_pdf(**kwargs) -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, **kwargs)
    c.drawString(72, 72, "Scrutiny of children's services")
    c.showPage()
    c.save()
    return out.getvalue()


def test_a_huge_page_is_drawn_smaller_never_with_unbounded_memory():
    pdf = PdfPages(_reportlab_pdf(pagesize=(14_400, 14_400)))  # 200 inches square
    try:
        page = pdf.render(0, 2.0)
        assert page.width * page.height <= MAX_PAGE_PIXELS * 1.01
        assert page.scale < 2.0
    finally:
        pdf.close()


@pytest.mark.parametrize("data", [
    b"",
    b"%PDF-1.7\n garbage that is not a PDF at all",
    REPORT.read_bytes()[:20_000],
    (BAD_FIXTURES / "not-really-a-pdf.pdf").read_bytes(),
], ids=["empty", "garbage", "cut short", "web page named .pdf"])
def test_damaged_bytes_give_a_plain_message(data):
    with pytest.raises(PagesUnavailable) as raised:
        PdfPages(data)
    assert "damaged" in str(raised.value) and "text view" in str(raised.value)


def test_a_password_protected_file_says_so():
    from reportlab.lib import pdfencrypt

    data = _reportlab_pdf(encrypt=pdfencrypt.StandardEncryption("secret", ownerPassword="owner"))
    with pytest.raises(PagesUnavailable) as raised:
        PdfPages(data)
    assert "password" in str(raised.value)


def test_thousands_of_pages_open_and_draw_quickly():
    import time

    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out)
    for n in range(3000):
        c.drawString(72, 72, f"Page {n + 1}")
        c.showPage()
    c.save()
    started = time.perf_counter()
    pdf = PdfPages(out.getvalue())
    try:
        sizes = [pdf.page_size(i) for i in range(pdf.page_count)]
        page = pdf.render(2999, 1.0)
        assert pdf.page_count == 3000 and len(set(sizes)) == 1 and page.width > 500
        assert "Page 3000" in pdf.plain_text(2999)
    finally:
        pdf.close()
    assert time.perf_counter() - started < 5
