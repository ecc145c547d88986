"""One PDF held in memory, its pages drawn and its characters located, with pypdfium2.

pdfium is not thread-safe, so a ``PdfPages`` belongs to one thread for its whole
life (the page view's render thread). All geometry is given in "display
points": 1/72 inch, origin at the top left of the page as shown (the page's
own rotation and crop box applied), so the window only has to multiply by its
zoom. Nothing here imports Qt.
"""

from __future__ import annotations

import contextlib
import ctypes
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from desktop.domain.errors import UserFacingError
from desktop.ingest.pdfium_lock import serialised

# A page is never drawn with more pixels than this (huge posters, hostile page
# sizes): it is drawn smaller and scaled up, so memory per page stays bounded.
MAX_PAGE_PIXELS = 12_000_000
MAX_SIDE_PIXELS = 8192
_POS_FACTOR = 100  # device units per point when measuring the page's transform: 0.01 pt precision
MAX_OUTLINE_ENTRIES = 2000

Box = tuple[float, float, float, float]  # left, top, right, bottom in display points


class PagesUnavailable(UserFacingError):
    """The held original cannot be shown as pages (damaged, encrypted)."""


@dataclass(frozen=True, slots=True)
class RenderedPage:
    """A page's pixels: 4 bytes a pixel, B G R x (QImage's RGB32 on little-endian machines)."""

    index: int
    width: int
    height: int
    stride: int
    pixels: bytes
    scale: float  # pixels per display point actually used (may be below the asked scale)


@dataclass(frozen=True, slots=True)
class PageText:
    """The characters of a page's text layer, as pdfium indexes them, with their boxes."""

    index: int
    text: str  # one character per pdfium character index
    boxes: tuple[Box | None, ...]  # None for characters with no ink (generated spaces, line ends)


@dataclass(frozen=True, slots=True)
class Bookmark:
    level: int
    title: str
    page_index: int | None  # index in the file


class _Affine:
    """Page space (PDF user units) -> display points, measured from pdfium itself."""

    def __init__(self, page: pdfium.PdfPage, width: float, height: float) -> None:
        size_x = max(1, int(round(width * _POS_FACTOR)))
        size_y = max(1, int(round(height * _POS_FACTOR)))
        args = (0, 0, size_x, size_y, 0)
        convert = pdfium.PdfPosConv(page, args)
        # Three points fix an affine map; use the page's own corners for precision.
        left, bottom, right, top = page.get_bbox()
        span_x = max(right - left, 1.0)
        span_y = max(top - bottom, 1.0)
        ox, oy = convert.to_bitmap(left, bottom)
        ax, ay = convert.to_bitmap(left + span_x, bottom)
        bx, by = convert.to_bitmap(left, bottom + span_y)
        f = float(_POS_FACTOR)
        self.origin = (ox / f, oy / f, left, bottom)
        self.dx = ((ax - ox) / f / span_x, (ay - oy) / f / span_x)
        self.dy = ((bx - ox) / f / span_y, (by - oy) / f / span_y)

    def box(self, left: float, bottom: float, right: float, top: float) -> Box:
        ox, oy, px, py = self.origin
        xs, ys = [], []
        for x, y in ((left, bottom), (right, top), (left, top), (right, bottom)):
            u, v = x - px, y - py
            xs.append(ox + u * self.dx[0] + v * self.dy[0])
            ys.append(oy + u * self.dx[1] + v * self.dy[1])
        return (min(xs), min(ys), max(xs), max(ys))


class PdfPages:
    """A PDF opened from bytes; use it from one thread only, and close it."""

    @serialised
    def __init__(self, data: bytes) -> None:
        self._data = data  # pdfium reads from this buffer for the document's life
        try:
            self._pdf = pdfium.PdfDocument(data)
            self.page_count = len(self._pdf)
        except pdfium.PdfiumError as error:
            code = getattr(error, "err_code", None)
            if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
                raise PagesUnavailable("The original is protected by a password, so its pages "
                                       "cannot be shown. The text view still works.") from error
            raise PagesUnavailable("The original file is damaged: its pages cannot be shown. "
                                   "The text view still works.") from error

    @serialised
    def close(self) -> None:
        with contextlib.suppress(Exception):  # closing twice or after a failure is harmless
            self._pdf.close()

    @serialised
    def page_size(self, index: int) -> tuple[float, float]:
        """(width, height) in display points; a page pdfium cannot size counts as A4."""
        try:
            width, height = self._pdf.get_page_size(index)
        except pdfium.PdfiumError:
            return (595.0, 842.0)
        if not (width > 0 and height > 0):
            return (595.0, 842.0)
        return (float(width), float(height))

    @serialised
    def render(self, index: int, scale: float) -> RenderedPage:
        """Draw page ``index`` at ``scale`` pixels per point (less if it would be too big)."""
        width, height = self.page_size(index)
        scale = max(0.01, scale)
        pixels = width * height * scale * scale
        if pixels > MAX_PAGE_PIXELS:
            scale *= (MAX_PAGE_PIXELS / pixels) ** 0.5
        if max(width, height) * scale > MAX_SIDE_PIXELS:
            scale = MAX_SIDE_PIXELS / max(width, height)
        page = self._pdf[index]
        try:
            bitmap = page.render(scale=scale, prefer_bgrx=True, fill_color=(255, 255, 255, 255))
            try:
                return RenderedPage(index, bitmap.width, bitmap.height, bitmap.stride,
                                    bytes(bitmap.buffer), scale)
            finally:
                bitmap.close()
        finally:
            page.close()

    @serialised
    def page_text(self, index: int) -> PageText:
        """Every character of the page's text layer and where it is drawn."""
        page = self._pdf[index]
        try:
            width, height = page.get_size()
            affine = _Affine(page, width, height)
            textpage = page.get_textpage()
            try:
                return _read_text(index, textpage, affine)
            finally:
                textpage.close()
        finally:
            page.close()

    @serialised
    def plain_text(self, index: int) -> str:
        """The page's text alone, indexed as ``page_text`` indexes it (about three times
        quicker: for reading every page of a paper to place its passages)."""
        page = self._pdf[index]
        try:
            textpage = page.get_textpage()
            try:
                raw = textpage.raw
                get_unicode = pdfium_c.FPDFText_GetUnicode
                return "".join(_char(get_unicode(raw, i))
                               for i in range(max(0, pdfium_c.FPDFText_CountChars(raw))))
            finally:
                textpage.close()
        finally:
            page.close()

    @serialised
    def outline(self) -> list[Bookmark]:
        """The PDF's own bookmarks (empty when it has none or they cannot be read)."""
        found: list[Bookmark] = []
        try:
            for item in self._pdf.get_toc():
                if len(found) >= MAX_OUTLINE_ENTRIES:
                    break
                title = " ".join((item.get_title() or "").split())
                if not title:
                    continue
                dest = item.get_dest()
                page_index = dest.get_index() if dest is not None else None
                found.append(Bookmark(item.level, title, page_index))
        except (pdfium.PdfiumError, ValueError, UnicodeError):
            return found
        return found


def _char(code: int) -> str:
    """pdfium's code for a character as the character (a replacement mark when it is none)."""
    return chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else "\ufffd"


def _read_text(index: int, textpage: pdfium.PdfTextPage, affine: _Affine) -> PageText:
    raw = textpage.raw
    count = max(0, pdfium_c.FPDFText_CountChars(raw))
    left, right = ctypes.c_double(), ctypes.c_double()
    bottom, top = ctypes.c_double(), ctypes.c_double()
    refs = (ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom), ctypes.byref(top))
    get_unicode, get_box = pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_GetCharBox
    chars: list[str] = []
    boxes: list[Box | None] = []
    for char_index in range(count):
        ch = _char(get_unicode(raw, char_index))
        chars.append(ch)
        if ch.isspace() or not get_box(raw, char_index, *refs) or right.value <= left.value:
            boxes.append(None)
            continue
        boxes.append(affine.box(left.value, bottom.value, right.value, top.value))
    return PageText(index, "".join(chars), tuple(boxes))
