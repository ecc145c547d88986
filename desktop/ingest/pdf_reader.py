"""PDF -> text per page, with pypdfium2.

Every pdfium object (document, page, text page) is closed as soon as it is
done with, so importing a thousand files does not pile up native memory.
"""

from __future__ import annotations

import ctypes
import mmap
import re
import zlib
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from desktop.domain.documents import ExtractedText
from desktop.domain.errors import Cancelled, UnreadableFile
from desktop.ingest import ocr, sniff
from desktop.ingest.normalise import normalise_pages
from desktop.ingest.pdfium_lock import PDFIUM, serialised
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


# pdfium builds an object (about 1.4 KB) for every drawing instruction of a page,
# so a 700 KB file whose content stream inflates to 300 MB of tiny instructions
# asks for 20+ GB and aborts the process. Real papers' streams inflate a few
# times over and stay under a megabyte; refuse a stream that inflates past
# 4 MB at 100 times its packed size (a "compression bomb"), or past 256 MB.
_STREAM_START_RE = re.compile(rb"stream(?:\r\n|\n|\r)")
_IMAGE_RE = re.compile(rb"/Subtype\s*/Image")  # image data is not decoded to read text
_BOMB_MIN_BYTES = 4 << 20
_BOMB_RATIO = 100
_MAX_STREAM_BYTES = 256 << 20


_FLATE_RE = re.compile(rb"/Fl(?:ateDecode)?(?![A-Za-z])")


def _inflated(pieces, inflater):
    """What ``inflater`` makes of ``pieces``, a megabyte at a time (memory stays flat)."""
    for piece in pieces:
        while piece and not inflater.eof:  # after the end, the rest stays "unconsumed"
            yield inflater.decompress(piece, 1 << 20)
            piece = inflater.unconsumed_tail
        if inflater.eof:
            return


def _inflates_like_a_bomb(data, start: int, layers: int) -> bool:
    fed = 0  # bytes of the file read so far (an upper bound: the ratio errs low)

    def packed():
        nonlocal fed
        for offset in range(start, len(data), 1 << 16):
            fed = offset + (1 << 16) - start
            yield data[offset:offset + (1 << 16)]

    unpacked = packed()
    for _ in range(layers):  # [/FlateDecode /FlateDecode] packs a bomb twice
        unpacked = _inflated(unpacked, zlib.decompressobj())
    produced = 0
    try:
        for piece in unpacked:
            produced += len(piece)
            if produced > _MAX_STREAM_BYTES or (produced > _BOMB_MIN_BYTES and produced > _BOMB_RATIO * fed):
                return True
    except zlib.error:
        return False  # not a zlib stream here, or a damaged one: pdfium will judge
    return False


def _check_no_compression_bomb(path: Path) -> None:
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        for match in _STREAM_START_RE.finditer(data):
            dictionary = data[max(0, match.start() - 2048):match.start()]
            dictionary = dictionary[dictionary.rfind(b"obj"):]
            layers = len(_FLATE_RE.findall(dictionary))
            if not layers or _IMAGE_RE.search(dictionary):
                continue
            if _inflates_like_a_bomb(data, match.end(), min(layers, 4)):
                raise UnreadableFile(
                    f"{path.name} cannot be imported safely: part of it expands to hundreds of "
                    "megabytes when unpacked (a \"compression bomb\"), more than any real paper. "
                    "If you trust the file, open it in a PDF viewer and print it to a new PDF.")


@serialised
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


# Baseline and font size at both ends of a text line: (first_y, last_y,
# first_size, last_size). Plain tuples: this runs for every line of every page.
_LineGeometry = tuple[float, float, float, float]


def _line_geometry(textpage: pdfium.PdfTextPage, lines: list[str]) -> list[_LineGeometry | None]:
    """Both ends are needed: pdfium joins a line ending in a hyphen to the
    next one, so one text line can span two lines of the page."""
    x, y = ctypes.c_double(), ctypes.c_double()
    x_ref, y_ref = ctypes.byref(x), ctypes.byref(y)  # built once, not per call
    raw = textpage.raw
    char_origin = pdfium_c.FPDFText_GetCharOrigin
    font_size = pdfium_c.FPDFText_GetFontSize
    out: list[_LineGeometry | None] = []
    append = out.append
    offset = 0
    for line in lines:
        geometry = None
        end = len(line.rstrip())
        if end:
            first = offset + len(line) - len(line.lstrip())
            last = offset + end - 1
            if char_origin(raw, first, x_ref, y_ref):
                first_y = y.value
                if char_origin(raw, last, x_ref, y_ref):
                    geometry = (first_y, y.value, font_size(raw, first), font_size(raw, last))
        append(geometry)
        offset += len(line) + 2  # pdfium ends lines with "\r\n"
    return out


def _mark_paragraph_gaps(textpage: pdfium.PdfTextPage, text: str) -> str:
    """Insert a blank line where the vertical space between lines says a paragraph ends.

    The text alone cannot tell a paragraph that ends at a full line from one
    that goes on; the layout can, for a few calls per line. Line pitch is
    measured relative to font size, so a title in large type is not "spaced".
    """
    lines = text.split("\r\n")
    if len(lines) < 3 or len(text) != textpage.count_chars():
        return text  # indexes would not line up with pdfium's characters
    geometry = _line_geometry(textpage, lines)
    # (index of the lower line, drop from the line above to it, font size) per measurable pair
    steps = []
    ratios = []
    for index in range(1, len(geometry)):
        above, below = geometry[index - 1], geometry[index]
        if above and below:
            size = max(above[3], below[2], 1.0)
            step = above[1] - below[0]
            steps.append((index, step, size))
            if step > 0:
                ratios.append(step / size)
    if not ratios:
        return text
    usual = sorted(ratios)[len(ratios) // 2]
    breaks = [index for index, step, size in steps
              if step > usual * size * _GAP_FACTOR or step < -usual * size]
    if not breaks:
        return "\n".join(lines)
    out: list[str] = []
    previous = 0
    for index in breaks:
        out.extend(lines[previous:index])
        out.append("")
        previous = index
    out.extend(lines[previous:])
    return "\n".join(out)


@serialised
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
    with PDFIUM:
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


@serialised
def _metadata_title(pdf: pdfium.PdfDocument) -> str | None:
    try:
        return meaningful_title(pdf.get_metadata_value("Title"))
    except (pdfium.PdfiumError, UnicodeError, ValueError):
        return None


def read_pdf(path: Path, *, cancel: Callable[[], bool] | None = None,
             on_page: Callable[[int, int], None] | None = None) -> ExtractedText:
    _check_is_complete_pdf(path, sniff.read_head(path))
    _check_no_compression_bomb(path)
    with path.open("rb") as handle:
        pdf = _open(path, handle)
        try:
            pages = _extract_pages(path, pdf, cancel, on_page)
            # Scanned pages (no or garbage text layer) are read by OCR; others are untouched.
            pages, ocr_read, ocr_problems = ocr.read_scanned_pages(
                pdf, pages, cancel=cancel, on_page=on_page)
            title = _metadata_title(pdf)
        finally:
            with PDFIUM:
                pdf.close()
    if sum(len(page) - page.count(" ") - page.count("\n") - page.count("\r") for page in pages) < _MIN_TEXT_CHARS:
        if ocr.can_read_later(ocr_problems):  # no engine, or --no-ocr: held as "needs OCR"
            return ExtractedText(text="", page_starts=(0,) * len(pages), source_format="pdf",
                                 title_hint=title, needs_ocr=True)
        raise UnreadableFile(ocr.no_text_message(path.name, ocr_problems))
    text, page_starts = normalise_pages(pages)
    return ExtractedText(text=text, page_starts=page_starts, source_format="pdf", title_hint=title,
                         ocr_pages=tuple(ocr_read))
