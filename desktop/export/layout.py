"""Pages of an exported PDF: running header and footer, bookmarks, contents, "page X of Y".

Everything is laid out in ONE pass. Numbers that are only known later — the
total page count and the page each contents entry points to — are PDF form
objects: a page draws "Page 3 of " followed by the form ``page-total``, and the
form itself is written when the document is saved. That keeps an export about
as fast as plain reportlab (a two-pass build would double the time) while the
contents and footers stay exact.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
)

from desktop.domain.dates import uk_date
from desktop.domain.errors import Cancelled
from desktop.export import fonts
from desktop.export import styles as st
from desktop.export.text import ELLIPSIS, one_line

PAGE_TOTAL_FORM = "page-total"
NUMBER_BOX = 40  # width of the contents' page-number column, in points


def _toc_form(key: str) -> str:
    return f"toc-{key}"


class ExportCanvas(Canvas):
    """A canvas that embeds our font from the first operator and fills in late numbers at save."""

    def __init__(self, *args, **kwargs):
        # BaseDocTemplate passes None for these, which would mean Helvetica (not embedded).
        kwargs["initialFontName"] = kwargs.get("initialFontName") or fonts.register_fonts()
        kwargs["initialFontSize"] = kwargs.get("initialFontSize") or st.BODY_SIZE
        super().__init__(*args, **kwargs)
        self.pending_forms: set[str] = set()  # referenced, not yet written
        self.written_forms: set[str] = set()

    def write_number_form(self, name: str, text: str, *, right_aligned: bool,
                          size: float = st.BODY_SIZE, color=st.INK) -> None:
        """Define form ``name`` as ``text`` drawn at the form's origin (mid-page is fine)."""
        if name in self.written_forms:
            return
        self.beginForm(name, -NUMBER_BOX, -4, NUMBER_BOX, 16)
        self.setFont(fonts.REGULAR, size)
        self.setFillColor(color)
        (self.drawRightString if right_aligned else self.drawString)(0, 0, text)
        self.endForm()
        self.written_forms.add(name)
        self.pending_forms.discard(name)

    def use_form(self, name: str, x: float, y: float) -> None:
        if name not in self.written_forms:
            self.pending_forms.add(name)
        self.saveState()
        self.translate(x, y)
        self.doForm(name)
        self.restoreState()

    def save(self) -> None:
        self.write_number_form(PAGE_TOTAL_FORM, str(self.getPageNumber() - 1), right_aligned=False,
                               size=st.SMALL_SIZE, color=st.MUTED)
        for name in sorted(self.pending_forms):  # an entry whose section never came: no number
            self.write_number_form(name, "", right_aligned=True)
        # Streams are only compressed, not also ASCII85-encoded (reportlab's default): the
        # file is a fifth smaller and saving takes less time. The setting is global in
        # reportlab, so it is set for this save only; either way the PDF is valid.
        previous = rl_config.useA85
        rl_config.useA85 = 0
        try:
            super().save()
        finally:
            rl_config.useA85 = previous


@dataclass(frozen=True)
class PageDecor:
    """What every page carries: title and authority in the header, marking, date, page numbers."""

    title: str
    prepared_on: date
    authority: str | None = None
    marking: str = ""
    prepared_by: str = ""
    position_as_at: date | None = None  # looking back: the footer gives the position date instead

    def _marking(self, canv: Canvas, y: float) -> None:
        if self.marking:
            canv.setFont(fonts.BOLD, 9.5)
            canv.setFillColor(st.INK)
            canv.drawCentredString(st.PAGE_WIDTH / 2, y, _fit(self.marking.upper(), fonts.BOLD, 9.5,
                                                               st.FRAME_WIDTH))

    def cover(self, canv: Canvas, doc) -> None:
        canv.saveState()
        canv.setFillColor(st.ACCENT)
        canv.rect(0, 0, 9 * st.mm, st.PAGE_HEIGHT, stroke=0, fill=1)
        self._marking(canv, st.PAGE_HEIGHT - 12 * st.mm)
        self._marking(canv, 10 * st.mm)
        canv.restoreState()

    def body(self, canv: Canvas, doc) -> None:
        canv.saveState()
        left, right = st.MARGIN_X, st.PAGE_WIDTH - st.MARGIN_X
        top = st.PAGE_HEIGHT - 15 * st.mm
        self._marking(canv, st.PAGE_HEIGHT - 9 * st.mm)
        canv.setFont(fonts.REGULAR, st.SMALL_SIZE)
        canv.setFillColor(st.MUTED)
        authority = one_line(self.authority or "")
        room = st.FRAME_WIDTH - (canv.stringWidth(authority, fonts.REGULAR, st.SMALL_SIZE) + 16
                                 if authority else 0)
        canv.drawString(left, top, _fit(self.title, fonts.REGULAR, st.SMALL_SIZE, room))
        if authority:
            canv.drawRightString(right, top, authority)
        canv.setStrokeColor(st.RULE)
        canv.setLineWidth(0.6)
        canv.line(left, top - 4, right, top - 4)
        bottom = 13 * st.mm
        canv.line(left, bottom + 10, right, bottom + 10)
        prepared = (f"Position as at {uk_date(self.position_as_at)}" if self.position_as_at
                    else f"Prepared {uk_date(self.prepared_on)}")
        if self.prepared_by:
            prepared += f" by {one_line(self.prepared_by)}"
        canv.drawString(left, bottom, _fit(prepared, fonts.REGULAR, st.SMALL_SIZE, st.FRAME_WIDTH / 2 - 30))
        label = f"Page {canv.getPageNumber()} of "
        x = right - 62
        canv.drawString(x, bottom, label)
        canv.use_form(PAGE_TOTAL_FORM, x + canv.stringWidth(label, fonts.REGULAR, st.SMALL_SIZE), bottom)
        self._marking(canv, 6 * st.mm)
        canv.restoreState()


@lru_cache(maxsize=256)  # the running header fits the same title on every page
def _fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` on one line, cut with an ellipsis to fit ``width`` points."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    text = one_line(text)
    if stringWidth(text, font, size) <= width:
        return text
    low, high = 0, len(text)
    while low < high:  # longest prefix that fits with the ellipsis
        middle = (low + high + 1) // 2
        if stringWidth(text[:middle] + ELLIPSIS, font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + ELLIPSIS


class Heading(Flowable):
    """A heading that is also a bookmark, an outline entry and a contents target.

    It never splits (headings are short); when it does not fit it moves on with
    the next flowable (keepWithNext).
    """

    def __init__(self, markup_text: str, style, *, key: str, outline: str, level: int,
                 in_contents: bool = True, keep_with_next: bool = True):
        super().__init__()
        self.para = Paragraph(markup_text, style)
        self.style = style
        self.key, self.outline, self.level, self.in_contents = key, outline, level, in_contents
        self.keepWithNext = keep_with_next

    def wrap(self, available_width, available_height):
        self.width, self.height = self.para.wrap(available_width, available_height)
        return self.width, self.height

    def split(self, available_width, available_height):
        return []

    def draw(self):
        canv = self.canv
        canv.bookmarkHorizontal(self.key, 0, self.height + self.style.spaceBefore)
        canv.addOutlineEntry(one_line(self.outline), self.key, level=self.level, closed=self.level >= 1)
        if self.in_contents:
            canv.write_number_form(_toc_form(self.key), str(canv.getPageNumber()), right_aligned=True)
        self.para.drawOn(canv, 0, 0)


def subheading(markup_text: str, style, room: float = 90) -> list:
    """A heading that starts a new page rather than sit alone at the foot of one.

    (keepWithNext would glue it to a whole table and push both to the next page.)
    """
    return [CondPageBreak(room), Paragraph(markup_text, style)]


class Ruled(Flowable):
    """A paragraph with a rule down its left side (quotes); splits across pages like the paragraph."""

    def __init__(self, para: Paragraph, color=st.RULE, indent: float = 14, width: float = 2.5):
        super().__init__()
        self.para, self.color, self.indent, self.rule_width = para, color, indent, width

    def wrap(self, available_width, available_height):
        w, self.height = self.para.wrap(available_width - self.indent, available_height)
        self.width = w + self.indent
        return self.width, self.height

    def split(self, available_width, available_height):
        parts = self.para.split(available_width - self.indent, available_height)
        return [Ruled(part, self.color, self.indent, self.rule_width) for part in parts]

    def getSpaceBefore(self):
        return self.para.getSpaceBefore()

    def getSpaceAfter(self):
        return self.para.getSpaceAfter()

    def draw(self):
        canv = self.canv
        canv.saveState()
        canv.setStrokeColor(self.color)
        canv.setLineWidth(self.rule_width)
        canv.line(self.indent / 3, 1, self.indent / 3, self.height - 1)
        canv.restoreState()
        self.para.drawOn(canv, self.indent, 0)


class ContentsLine(Flowable):
    """One line of the contents: title, dot leader, page number; the whole line is a link."""

    def __init__(self, text: str, key: str, level: int = 0):
        super().__init__()
        self.text, self.key, self.level = text, key, level
        self.font = fonts.BOLD if level == 0 else fonts.REGULAR
        self.size = st.BODY_SIZE if level < 2 else 10
        self.height = self.size * 1.75 if level == 0 else self.size * 1.5
        self.spaceBefore = 6 if level == 0 else 0

    def wrap(self, available_width, available_height):
        self.width = available_width
        return self.width, self.height

    def draw(self):
        canv = self.canv
        indent = 16 * self.level
        baseline = self.height * 0.3
        room = self.width - indent - NUMBER_BOX - 12
        text = _fit(self.text, self.font, self.size, room)
        canv.setFont(self.font, self.size)
        canv.setFillColor(st.ACCENT if self.level == 0 else st.INK)
        canv.drawString(indent, baseline, text)
        start = indent + canv.stringWidth(text, self.font, self.size) + 6
        end = self.width - NUMBER_BOX
        if end - start > 6:  # dot leader: one dotted line (round dots 3 pt apart)
            canv.saveState()
            canv.setStrokeColor(st.MUTED)
            canv.setLineWidth(0.9)
            canv.setLineCap(1)
            canv.setDash([0.01, 3])
            canv.line(start, baseline + 1, end - 4, baseline + 1)
            canv.restoreState()
        canv.setFillColor(st.INK)
        canv.use_form(_toc_form(self.key), self.width, baseline)
        canv.linkRect("", self.key, (indent, 0, self.width, self.height), relative=1, thickness=0)


@dataclass
class BuildProgress:
    """Reports layout progress and honours Cancel while reportlab lays out the story."""

    report: Callable[[float, str], None] | None = None
    cancel: Callable[[], bool] | None = None
    start: float = 0.0
    end: float = 1.0
    message: str = "Laying out pages"
    total: int = 1
    done: int = field(default=0)

    def step(self) -> None:
        self.done += 1
        if self.done % 25:
            return
        if self.cancel and self.cancel():
            raise Cancelled()
        if self.report:
            share = min(1.0, self.done / max(1, self.total))
            self.report(self.start + (self.end - self.start) * share, self.message)


class ExportDoc(BaseDocTemplate):
    """A4 document with a cover template and a body template."""

    def __init__(self, target, decor: PageDecor, *, subject: str, progress: BuildProgress,
                 with_cover: bool = True):
        super().__init__(
            target, pagesize=(st.PAGE_WIDTH, st.PAGE_HEIGHT), leftMargin=st.MARGIN_X,
            rightMargin=st.MARGIN_X, topMargin=st.MARGIN_TOP, bottomMargin=st.MARGIN_BOTTOM,
            title=one_line(decor.title), author=one_line(decor.prepared_by) or "Scrutiny Desk",
            subject=one_line(subject), creator="Scrutiny Desk", lang="en-GB",
            keywords=[k for k in ("children's services", "scrutiny", one_line(decor.authority or "")) if k])
        self.progress = progress
        body_frame = Frame(st.MARGIN_X, st.MARGIN_BOTTOM, st.FRAME_WIDTH,
                           st.PAGE_HEIGHT - st.MARGIN_TOP - st.MARGIN_BOTTOM, id="body",
                           leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        templates = [PageTemplate("body", [body_frame], onPage=decor.body)]
        if with_cover:
            cover_frame = Frame(st.MARGIN_X + 12 * st.mm, 22 * st.mm, st.FRAME_WIDTH - 12 * st.mm,
                                st.PAGE_HEIGHT - 60 * st.mm, id="cover", leftPadding=0,
                                rightPadding=0, topPadding=0, bottomPadding=0)
            templates.insert(0, PageTemplate("cover", [cover_frame], onPage=decor.cover))
        self.addPageTemplates(templates)

    def afterFlowable(self, flowable) -> None:
        self.progress.step()

    def render(self, story: list) -> None:
        self.progress.total = max(1, len(story))
        # reportlab allocates millions of short-lived objects and frees them without cycles;
        # the cyclic collector only re-scans them (about a tenth of the time). Peak memory
        # is the same with it paused (measured at 300 recommendations: 129 MB either way).
        collecting = gc.isenabled()
        gc.disable()
        try:
            self.build(story, canvasmaker=ExportCanvas)
        finally:
            if collecting:
                gc.enable()


def after_cover() -> NextPageTemplate:
    return NextPageTemplate("body")
