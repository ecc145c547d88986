"""PDFs for the page view's tests: an agenda pack made from the sample pack's text."""

from __future__ import annotations

from pathlib import Path

from tests.samples import sample

LINES_PER_PAGE = 60
UNNUMBERED = 2  # the pack's first two pages (agenda, contents) carry no printed number


def make_pack_pdf(target: Path) -> Path:
    """The sample agenda pack (002) set as a PDF, 60 lines a page (77 pages), so that it
    splits into its five papers with their own page ranges, as a real pack does. Page
    numbers are printed at the foot from the third page on, starting at 1."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(target), pagesize=(595, 842))
    lines = sample("002").read_text(encoding="utf-8").splitlines()
    for first in range(0, len(lines), LINES_PER_PAGE):
        c.setFont("Helvetica", 7)
        y = 800.0
        for line in lines[first:first + LINES_PER_PAGE]:
            c.drawString(30, y, line[:170])
            y -= 12.5
        sheet = first // LINES_PER_PAGE
        if sheet >= UNNUMBERED:
            c.drawCentredString(297, 30, str(sheet - UNNUMBERED + 1))
        c.showPage()
    c.save()
    return target
