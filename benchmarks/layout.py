"""Lay generated documents out on A4 pages and draw them as PDF (reportlab canvas).

The layout is computed before drawing so that the generator knows how many
pages a document fills (it stops adding paragraphs at the page count it chose)
and so that every footer can say "Page n of N". Paragraphs run across page
breaks, as they do in real reports; a heading is never left alone at the foot
of a page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 22 * mm
TOP = PAGE_HEIGHT - MARGIN - 8 * mm  # below the running header
BOTTOM = MARGIN + 8 * mm  # above the running footer
LABEL_INDENT = 12 * mm
BODY_FONT, BOLD_FONT = "Helvetica", "Helvetica-Bold"


@dataclass(frozen=True, slots=True)
class Block:
    """A unit of content: a title line, a heading or a (numbered) paragraph."""

    kind: str  # "title" | "meta" | "heading" | "paragraph"
    text: str
    label: str | None = None

    def as_text(self) -> str:
        return f"{self.label} {self.text}" if self.label else self.text


_STYLE = {  # kind -> (font, size, leading, space after)
    "title": (BOLD_FONT, 15, 19, 6),
    "meta": (BODY_FONT, 10, 13, 2),
    "heading": (BOLD_FONT, 12, 15, 4),
    "paragraph": (BODY_FONT, 10, 13.5, 7),
}


@dataclass(frozen=True, slots=True)
class Line:
    x: float
    y: float
    font: str
    size: float
    text: str


@dataclass
class PageLayout:
    """Lines placed on pages; ``mark()``/``undo()`` let the caller take a block back."""

    pages: list[list[Line]] = field(default_factory=lambda: [[]])
    y: float = TOP

    def mark(self) -> tuple[int, int, float]:
        return len(self.pages), len(self.pages[-1]), self.y

    def undo(self, mark: tuple[int, int, float]) -> None:
        page_count, line_count, y = mark
        del self.pages[page_count:]
        del self.pages[-1][line_count:]
        self.y = y

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def _new_page(self) -> None:
        self.pages.append([])
        self.y = TOP

    def add(self, block: Block) -> None:
        font, size, leading, space_after = _STYLE[block.kind]
        indent = LABEL_INDENT if block.label else 0.0
        width = PAGE_WIDTH - 2 * MARGIN - indent
        wrapped = simpleSplit(block.text, font, size, width) or [""]
        if block.kind == "heading" and self.y - leading * (len(wrapped) + 3) < BOTTOM:
            self._new_page()  # keep a heading with the lines that follow it
        for index, text in enumerate(wrapped):
            if self.y - leading < BOTTOM:
                self._new_page()
            self.y -= leading
            if index == 0 and block.label:
                self.pages[-1].append(Line(MARGIN, self.y, font, size, block.label))
            self.pages[-1].append(Line(MARGIN + indent, self.y, font, size, text))
        self.y -= space_after


def draw_pdf(layout: PageLayout, path: Path, *, header_left: str, header_right: str,
             footer_left: str, title: str) -> None:
    """Write the laid-out pages with a running header, footer and "Page n of N"."""
    canvas = Canvas(str(path), pagesize=A4, invariant=1)  # invariant: same bytes every run
    canvas.setTitle(title)
    total = layout.page_count
    for number, lines in enumerate(layout.pages, start=1):
        _draw_header(canvas, header_left, header_right)
        for line in lines:
            canvas.setFont(line.font, line.size)
            canvas.drawString(line.x, line.y, line.text)
        _draw_footer(canvas, footer_left, f"Page {number} of {total}")  # last, as most writers do
        canvas.showPage()
    canvas.save()


def _draw_header(canvas: Canvas, left: str, right: str) -> None:
    canvas.setFillGray(0.35)
    canvas.setFont(BODY_FONT, 8)
    header_y = PAGE_HEIGHT - MARGIN
    canvas.drawString(MARGIN, header_y, left)
    canvas.drawRightString(PAGE_WIDTH - MARGIN, header_y, right)
    canvas.setLineWidth(0.4)
    canvas.line(MARGIN, header_y - 2 * mm, PAGE_WIDTH - MARGIN, header_y - 2 * mm)
    canvas.setFillGray(0)


def _draw_footer(canvas: Canvas, left: str, right: str) -> None:
    canvas.setFillGray(0.35)
    canvas.setFont(BODY_FONT, 8)
    canvas.drawString(MARGIN, MARGIN, left)
    canvas.drawRightString(PAGE_WIDTH - MARGIN, MARGIN, right)
    canvas.setFillGray(0)
