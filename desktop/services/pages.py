"""A PDF paper's pages: where its original's bytes are, which sheets are its own, and
where each of its passages lies on them (the page view's marks and selections).

The page view draws with pdfium on a thread of its own; these functions give it
the bytes and take back the page texts it read, so every pdfium call stays on
that one thread. ``map_document_pages`` does the whole job on the caller's
thread, for the CLI and tests.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from desktop.domain.documents import Document, Passage
from desktop.domain.errors import UserFacingError
from desktop.domain.ocr_text import Lines
from desktop.pages.align import PageRange, align_passages
from desktop.pages.ocr_words import ocr_page_text
from desktop.pages.render import PagesUnavailable, PageText, PdfPages
from desktop.services.originals import NOT_HELD
from desktop.storage import documents as store
from desktop.storage import page_maps
from desktop.storage.originals import original_bytes
from desktop.storage.workspace import Workspace

_FORMAT_NAMES = {"docx": "a Word document", "text": "a text file", "html": "a web page"}
_MAX_SOURCE_BYTES = 1 << 30  # a "source" bigger than this is not read into memory to check it


class NoPages(UserFacingError):
    """This paper has no pages to show (not a PDF, or its original is not held)."""


@dataclass(frozen=True, slots=True)
class PageSource:
    """The bytes of a paper's original and which of its sheets (0-based) are the paper's."""

    data: bytes
    first_sheet: int
    sheet_count: int | None  # None: every sheet from first_sheet to the file's end
    from_source_path: bool = False  # read from where it was imported (not yet held in the workspace)
    ocr_lines: dict[int, Lines] = field(default_factory=dict)  # sheet -> its OCR words (scanned pages)

    def ocr_texts(self) -> dict[int, PageText]:
        """The scanned sheets' text and boxes, from the words OCR read on them."""
        return {sheet: ocr_page_text(sheet, lines) for sheet, lines in self.ocr_lines.items()}

    def sheets(self, page_count: int) -> range:
        last = page_count if self.sheet_count is None else min(page_count, self.first_sheet + self.sheet_count)
        return range(min(self.first_sheet, page_count), max(min(self.first_sheet, page_count), last))


def why_no_pages(document: Document) -> str | None:
    """Why the page view cannot show this paper whatever is held, or None when it can."""
    if document.source_format != "pdf":
        kind = _FORMAT_NAMES.get(document.source_format, "not a PDF")
        return f"This paper came from {kind}, which has no fixed pages: it is shown as text."
    return None


def _from_source(document: Document) -> bytes | None:
    """The file at the path it was imported from, when it is still the same file."""
    path = Path(document.source)
    try:
        if not path.is_file() or path.stat().st_size > _MAX_SOURCE_BYTES:
            return None
        data = path.read_bytes()
    except (OSError, ValueError):
        return None
    return data if hashlib.sha256(data).hexdigest() == document.sha256 else None


def page_source(ws: Workspace, document: Document) -> PageSource:
    """The original's bytes and the paper's sheets; NoPages says why there are none."""
    reason = why_no_pages(document)
    if reason:
        raise NoPages(reason)
    held = original_bytes(ws, document.sha256)
    data, from_path = (held[0], False) if held and held[1] == "pdf" else (None, False)
    if data is None:
        data, from_path = _from_source(document), True
    if data is None:
        raise NoPages(NOT_HELD[:1].upper() + NOT_HELD[1:] + ".")
    from desktop.storage.ocr_pages import word_boxes_of

    start = document.pack_page_start if document.parent_id is not None else None
    first = start - 1 if start else 0
    count = max(1, document.pages) if start else None
    # OCR pages are numbered as the passages are: pages of the file (of the pack, for its papers).
    scanned = {page - 1: lines for page, lines in word_boxes_of(ws, document.id).items()}
    return PageSource(data, first, count, from_path, scanned)


# -- passages on pages ------------------------------------------------------------------


def _papers_of(passages: Sequence[Passage]) -> list[int]:
    return sorted({p.document_id for p in passages})


def stored_ranges(ws: Workspace, passages: Sequence[Passage]) -> list[PageRange] | None:
    """The stored ranges of the shown passages, or None when any of their papers was read
    again since (or never mapped): then they are worked out afresh."""
    ranges: list[PageRange] = []
    for doc_id in _papers_of(passages):
        if page_maps.stored_page_map(ws, doc_id) != page_maps.passage_signature(ws, doc_id):
            return None
        ranges.extend(PageRange(pid, sheet, start, end)
                      for pid, sheet, start, end in page_maps.passage_sheets(ws, doc_id))
    return ranges


def compute_ranges(passages: Sequence[Passage], page_texts: Sequence[tuple[int, str]]) -> list[PageRange]:
    """Each passage's ranges on the sheets, from the sheets' pdfium text (pure: any thread)."""
    return align_passages([(p.id, p.text) for p in passages], page_texts)


def save_ranges(ws: Workspace, passages: Sequence[Passage], ranges: Sequence[PageRange]) -> None:
    """Keep the ranges, under each paper's signature, so they are redone after re-extraction."""
    by_paper: dict[int, list[tuple[int, int, int, int]]] = {d: [] for d in _papers_of(passages)}
    paper_of = {p.id: p.document_id for p in passages}
    for item in ranges:
        doc_id = paper_of.get(item.passage_id)
        if doc_id is not None:
            by_paper[doc_id].append((item.passage_id, item.sheet, item.start, item.end))
    with ws.write():
        for doc_id, rows in by_paper.items():
            page_maps.replace_passage_sheets(ws, doc_id, page_maps.passage_signature(ws, doc_id), rows)


def read_page_texts(pdf: PdfPages, sheets: range,
                    scanned: dict[int, PageText] | None = None) -> list[tuple[int, str]]:
    """The text of each sheet: pdfium's, or for a scanned sheet the words OCR read on it."""
    scanned = scanned or {}
    return [(sheet, scanned[sheet].text if sheet in scanned else pdf.plain_text(sheet)) for sheet in sheets]


def map_document_pages(ws: Workspace, doc_id: int) -> list[PageRange]:
    """Work out (or reuse) where the paper's passages lie on its pages, and keep it."""
    document = store.get_document(ws, doc_id)
    if document is None:
        raise UserFacingError(f"There is no document {doc_id}.")
    passages = store.list_passages(ws, doc_id)
    held = stored_ranges(ws, passages)
    if held is not None:
        return held
    source = page_source(ws, document)
    pdf = PdfPages(source.data)
    try:
        texts = read_page_texts(pdf, source.sheets(pdf.page_count), source.ocr_texts())
    finally:
        pdf.close()
    ranges = compute_ranges(passages, texts)
    if not ws.read_only:
        save_ranges(ws, passages, ranges)
    return ranges


__all__ = ["NOT_HELD", "NoPages", "PageSource", "PagesUnavailable", "compute_ranges", "map_document_pages",
           "page_source", "read_page_texts", "save_ranges", "stored_ranges", "why_no_pages"]
