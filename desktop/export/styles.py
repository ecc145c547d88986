"""The look of the PDFs: page geometry, colours that survive grey-scale printing, type styles.

Colours only ever support words: a status chip is a tinted cell *with* the
status written in it, light enough that black text stays readable when printed
in grey.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from desktop.export import fonts

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 20 * mm
MARGIN_TOP = 24 * mm  # room for the running header and the marking line
MARGIN_BOTTOM = 22 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN_X

INK = colors.HexColor("#1A1A1A")
MUTED = colors.HexColor("#4D4D4D")  # still 9:1 contrast on white
ACCENT = colors.HexColor("#1F3A5F")  # headings and rules: dark navy prints near-black
RULE = colors.HexColor("#B8C2CC")
PANEL = colors.HexColor("#F1F4F7")
HEADER_FILL = colors.HexColor("#DDE4EC")
WHITE = colors.white

# Tints for recommendation statuses, action statuses, RAG ratings and grades.
CHIP_FILLS = {
    "concern": "#F4C7C3", "off_track": "#F4C7C3", "red": "#F4C7C3", "inadequate": "#F4C7C3",
    "at_risk": "#FCE3B0", "amber": "#FCE3B0", "in_progress": "#FCE3B0",
    "requires_improvement": "#FCE3B0",
    "evidence_of_progress": "#D3EBD5", "on_track": "#D3EBD5", "green": "#D3EBD5", "good": "#D3EBD5",
    "complete": "#C9DDF2", "blue": "#C9DDF2", "outstanding": "#C9DDF2",
    "not_started": "#E4E4E4",
    "progress": "#D3EBD5", "context": "#E4E4E4",  # evidence stances ("concern" is above)
}
# Solid colours for the chart's bars (each bar is also labelled with its status and count).
BAR_FILLS = {
    "concern": "#C0392B", "not_started": "#8C8C8C", "in_progress": "#D68910",
    "evidence_of_progress": "#2E8B57", "complete": "#2C5F8A",
}

# The rule beside a quote: mid-tones, so progress and concern differ in grey too.
STANCE_RULES = {"progress": "#2E8B57", "concern": "#C0392B", "context": "#A6A6A6"}

BODY_SIZE = 10.5
TABLE_SIZE = 9.5
SMALL_SIZE = 8.5


def chip_fill(value: str | None) -> colors.Color:
    key = (value or "").strip().lower().replace(" ", "_")
    if key.startswith("requires_improvement"):
        key = "requires_improvement"
    return colors.HexColor(CHIP_FILLS.get(key, "#E4E4E4"))


def stance_rule(stance: str) -> colors.Color:
    return colors.HexColor(STANCE_RULES.get(stance, "#A6A6A6"))


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    body_keep: ParagraphStyle
    body_muted: ParagraphStyle
    small: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    cover_line: ParagraphStyle
    cover_label: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    group: ParagraphStyle
    rec_text: ParagraphStyle
    quote: ParagraphStyle
    citation: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_muted: ParagraphStyle
    cell_head: ParagraphStyle
    cell_center: ParagraphStyle
    cell_right: ParagraphStyle
    empty: ParagraphStyle
    toc: ParagraphStyle
    bullet: ParagraphStyle


@lru_cache(maxsize=1)
def styles() -> Styles:
    fonts.register_fonts()
    regular, bold, italic = fonts.REGULAR, fonts.BOLD, fonts.ITALIC

    def style(name: str, **kw) -> ParagraphStyle:
        base = dict(fontName=regular, fontSize=BODY_SIZE, leading=BODY_SIZE * 1.28,
                    textColor=INK, alignment=TA_LEFT, splitLongWords=1, allowWidows=0,
                    allowOrphans=0, bulletFontName=regular)
        base.update(kw)
        return ParagraphStyle(name, **base)

    cell = style("cell", fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.3)
    return Styles(
        body=style("body", spaceAfter=6),
        body_keep=style("body_keep", spaceAfter=6, keepWithNext=1),
        body_muted=style("body_muted", textColor=MUTED, spaceAfter=4),
        small=style("small", fontSize=SMALL_SIZE, leading=SMALL_SIZE * 1.35, textColor=MUTED),
        title=style("title", fontName=bold, fontSize=28, leading=34, textColor=ACCENT, spaceAfter=10),
        subtitle=style("subtitle", fontSize=15, leading=20, textColor=ACCENT, spaceAfter=18),
        cover_line=style("cover_line", fontSize=12, leading=17, spaceAfter=2),
        cover_label=style("cover_label", fontName=bold, fontSize=11, leading=17, textColor=ACCENT),
        h1=style("h1", fontName=bold, fontSize=18, leading=23, textColor=ACCENT, spaceBefore=0,
                 spaceAfter=10),
        h2=style("h2", fontName=bold, fontSize=14, leading=18, textColor=ACCENT, spaceBefore=6,
                 spaceAfter=4),
        h3=style("h3", fontName=bold, fontSize=11.5, leading=15, textColor=ACCENT, spaceBefore=10,
                 spaceAfter=4),
        group=style("group", fontName=bold, fontSize=15.5, leading=20, textColor=INK, spaceBefore=4,
                    spaceAfter=10, keepWithNext=1),
        rec_text=style("rec_text", fontSize=11, leading=16, backColor=PANEL, borderPadding=(6, 8, 6, 8),
                       spaceBefore=6, spaceAfter=12, leftIndent=8, rightIndent=8),
        quote=style("quote", rightIndent=6, spaceBefore=6, spaceAfter=2),
        citation=style("citation", fontSize=9.5, leading=13, textColor=MUTED, leftIndent=14,
                       spaceAfter=8),
        cell=cell,
        cell_bold=style("cell_bold", parent=cell, fontName=bold, fontSize=TABLE_SIZE,
                        leading=TABLE_SIZE * 1.3),
        cell_muted=style("cell_muted", parent=cell, fontName=italic, fontSize=TABLE_SIZE,
                         leading=TABLE_SIZE * 1.3, textColor=MUTED),
        cell_head=style("cell_head", parent=cell, fontName=bold, fontSize=TABLE_SIZE,
                        leading=TABLE_SIZE * 1.3, textColor=ACCENT),
        cell_center=style("cell_center", parent=cell, fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.3,
                          alignment=TA_CENTER),
        cell_right=style("cell_right", parent=cell, fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.3,
                         alignment=TA_RIGHT),
        empty=style("empty", fontName=italic, textColor=MUTED, spaceAfter=8),
        toc=style("toc", spaceAfter=0),
        bullet=style("bullet", leftIndent=14, bulletIndent=2, spaceAfter=4),
    )
