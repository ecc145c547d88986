"""PDF -> text per page, with pypdfium2.

Every pdfium object (document, page, text page) is closed as soon as it is
done with, so importing a thousand files does not pile up native memory.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from desktop.domain.documents import ExtractedText
from desktop.domain.errors import Cancelled, UnreadableFile
from desktop.ingest import sniff
from desktop.ingest.normalise import normalise_pages
from desktop.ingest.sniff import meaningful_title

# A real PDF ends with "%%EOF" (perhaps followed by a little padding); when it
# is missing the file was cut short, and pdfium would quietly read what is left.
_EOF_MARKER = b"%%EOF"
_TAIL_BYTES = 4096
# Fewer visible characters than this in the whole file means there is no text layer.
_MIN_TEXT_CHARS = 20

def _check_is_complete_pdf(path: Path, head: bytes) -> None:
    kind = sniff.content_kind(head)
    if kind != "pdf":
        if kind is None:
            raise UnreadableFile(
                f"{path.name} is not a PDF: its content does not start the way every PDF does. "
                "It may be damaged or another kind of file renamed .pdf."
            )
        raise sniff.mismatch_error(path, kind, head, "PDF")
    if _EOF_MARKER not in sniff.read_tail(path, _TAIL_BYTES):
        raise UnreadableFile(
            f"{path.name} is incomplete: the PDF ends before its last part, so the download or "
            "copy was probably cut short. Download or copy it again."
        )


def _open(path: Path, handle) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(handle)
    except pdfium.PdfiumError as error:
        code = getattr(error, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise UnreadableFile(
                f"{path.name} is protected by a password (encrypted), so its text cannot be read. "
                "Save an unprotected copy and import that."
            ) from error
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise UnreadableFile(
                f"{path.name} uses a kind of PDF security (encryption) that cannot be opened."
            ) from error
        raise UnreadableFile(
            f"{path.name} is damaged: its PDF structure cannot be read. Download or copy it again."
        ) from error


# Lines further apart than this many times the page's usual line pitch are
# separate paragraphs (Word puts space after paragraphs and around headings).
_GAP_FACTOR = 1.3


class _LineGeometry:
    """Baseline and font size at both ends of each text line on a page."""

    __slots__ = ("first_y", "last_y", "first_size", "last_size")

    def __init__(self, first_y: float, last_y: float, first_size: float, last_size: float) -> None:
        self.first_y, self.last_y = first_y, last_y
        self.first_size, self.last_size = first_size, last_size


def _line_geometry(textpage: pdfium.PdfTextPage, lines: list[str]) -> list[_LineGeometry | None]:
    """Both ends are needed: pdfium joins a line ending in a hyphen to the
    next one, so one text line can span two lines of the page."""
    x, y = ctypes.c_double(), ctypes.c_double()
    raw = textpage.raw
    out: list[_LineGeometry | None] = []
    offset = 0
    for line in lines:
        stripped = line.strip()
        geometry = None
        if stripped:
            first = offset + (len(line) - len(line.lstrip()))
            last = first + len(stripped) - 1
            if pdfium_c.FPDFText_GetCharOrigin(raw, first, x, y):
                first_y = y.value
                if pdfium_c.FPDFText_GetCharOrigin(raw, last, x, y):
                    geometry = _LineGeometry(first_y, y.value, pdfium_c.FPDFText_GetFontSize(raw, first),
                                             pdfium_c.FPDFText_GetFontSize(raw, last))
        out.append(geometry)
        offset += len(line) + 2  # pdfium ends lines with "\r\n"
    return out


def _mark_paragraph_gaps(textpage: pdfium.PdfTextPage, text: str) -> str:
    """Insert a blank line where the vertical space between lines says a paragraph ends.

    The text alone cannot tell a paragraph that ends at a full line from one
    that goes on; the layout can, for a few calls per line. Line pitch is
    measured relative to font size, so a title in large type is not "spaced".
    """
    lines = text.split("\r\n")
    if len(lines) < 3 or sum(map(len, lines)) + 2 * (len(lines) - 1) != textpage.count_chars():
        return text  # indexes would not line up with pdfium's characters
    geometry = _line_geometry(textpage, lines)
    pairs = list(zip(geometry, geometry[1:]))
    ratios = []
    for above, below in pairs:
        if above and below and above.last_y > below.first_y:
            size = max(above.last_size, below.first_size, 1.0)
            ratios.append((above.last_y - below.first_y) / size)
    if not ratios:
        return text
    usual = sorted(ratios)[len(ratios) // 2]
    out = [lines[0]]
    for (above, below), line in zip(pairs, lines[1:]):
        if above and below:
            size = max(above.last_size, below.first_size, 1.0)
            step = above.last_y - below.first_y
            if step > usual * size * _GAP_FACTOR or step < -usual * size:
                out.append("")
        out.append(line)
    return "\n".join(out)


def _page_text(pdf: pdfium.PdfDocument, index: int) -> str:
    page = pdf[index]
    try:
        textpage = page.get_textpage()
        try:
            return _mark_paragraph_gaps(textpage, textpage.get_text_range())
        finally:
            textpage.close()
    finally:
        page.close()


def _extract_pages(path: Path, pdf: pdfium.PdfDocument, cancel: Callable[[], bool] | None,
                   on_page: Callable[[int, int], None] | None) -> list[str]:
    total = len(pdf)
    pages: list[str] = []
    chars = 0
    for index in range(total):
        if cancel is not None and cancel():
            raise Cancelled()
        try:
            text = _page_text(pdf, index)
        except pdfium.PdfiumError as error:
            raise UnreadableFile(
                f"{path.name} is damaged: page {index + 1} of {total} cannot be read."
            ) from error
        chars += len(text)
        if chars > sniff.MAX_TEXT_CHARS:
            raise sniff.too_much_text(path)
        pages.append(text)
        if on_page is not None:
            on_page(index + 1, total)
    return pages


def _metadata_title(pdf: pdfium.PdfDocument) -> str | None:
    try:
        return meaningful_title(pdf.get_metadata_value("Title"))
    except (pdfium.PdfiumError, UnicodeError, ValueError):
        return None


def read_pdf(path: Path, *, cancel: Callable[[], bool] | None = None,
             on_page: Callable[[int, int], None] | None = None) -> ExtractedText:
    _check_is_complete_pdf(path, sniff.read_head(path))
    with path.open("rb") as handle:
        pdf = _open(path, handle)
        try:
            pages = _extract_pages(path, pdf, cancel, on_page)
            title = _metadata_title(pdf)
        finally:
            pdf.close()
    if sum(len(page) - page.count(" ") - page.count("\n") - page.count("\r") for page in pages) < _MIN_TEXT_CHARS:
        raise UnreadableFile(
            f"{path.name} has no text layer: it looks like a scanned paper (pictures of pages), "
            "so its text would need OCR (optical character recognition) first. "
            "Ask for an accessible PDF or run it through OCR, then import it."
        )
    text, page_starts = normalise_pages(pages)
    return ExtractedText(text=text, page_starts=page_starts, source_format="pdf", title_hint=title)
