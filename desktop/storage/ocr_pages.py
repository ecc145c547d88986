"""Which pages of a document were read by OCR, and how sure the engine was (table ocr_pages)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from desktop.domain.ocr_text import Lines, OcrPage
from desktop.storage.workspace import Workspace


def record_ocr_pages(ws: Workspace, document_id: int, pages: Iterable[OcrPage]) -> None:
    """Store the pages read by OCR; call inside the caller's transaction."""
    ws.conn.executemany(
        "INSERT OR REPLACE INTO ocr_pages (document_id, page, confidence, faint_words, word_boxes) "
        "VALUES (?, ?, ?, ?, ?)",
        [(document_id, page.page, page.confidence, json.dumps(list(page.faint_words)),
          json.dumps([list(map(list, line)) for line in page.lines]))
         for page in pages])


def faint_words_of(ws: Workspace, document_id: int) -> dict[int, tuple[str, ...]]:
    """Page number -> the words OCR doubted on it, in reading order (pages with none left out)."""
    rows = ws.conn.execute(
        "SELECT page, faint_words FROM ocr_pages WHERE document_id = ? AND faint_words != '[]'",
        (document_id,))
    words: dict[int, tuple[str, ...]] = {}
    for page, stored in rows:
        try:
            words[page] = tuple(str(word) for word in json.loads(stored))
        except (ValueError, TypeError):
            continue  # an unreadable list only costs the faint marks of that page
    return words


def word_boxes_of(ws: Workspace, document_id: int) -> dict[int, Lines]:
    """Page number -> where its OCR words are (points), line by line; pages without left out."""
    rows = ws.conn.execute(
        "SELECT page, word_boxes FROM ocr_pages WHERE document_id = ? AND word_boxes != '[]'",
        (document_id,))
    found: dict[int, Lines] = {}
    for page, stored in rows:
        try:
            found[page] = tuple(tuple((str(w), float(a), float(b), float(c), float(d))
                                      for w, a, b, c, d in line) for line in json.loads(stored))
        except (ValueError, TypeError):
            continue  # unreadable boxes only cost that page its marks
    return found


def ocr_pages_of(ws: Workspace, document_id: int) -> dict[int, float]:
    """Page number -> confidence for the pages of ``document_id`` read by OCR (empty if none)."""
    rows = ws.conn.execute(
        "SELECT page, confidence FROM ocr_pages WHERE document_id = ? ORDER BY page", (document_id,))
    return {page: confidence for page, confidence in rows}


def page_confidence(ws: Workspace, document_id: int, page: int | None) -> float | None:
    """The OCR confidence of one page, or None when the page has a real text layer."""
    if page is None:
        return None
    row = ws.conn.execute("SELECT confidence FROM ocr_pages WHERE document_id = ? AND page = ?",
                          (document_id, page)).fetchone()
    return None if row is None else row[0]


def mark_needs_ocr(ws: Workspace, document_id: int, detected_title: str) -> None:
    """Record a scanned paper held without text; call inside the caller's transaction."""
    ws.conn.execute("INSERT OR REPLACE INTO ocr_pending (document_id, detected_title) VALUES (?, ?)",
                    (document_id, detected_title))


def pending_title(ws: Workspace, document_id: int) -> str | None:
    """The title the import gave a paper waiting for OCR, or None when it is not waiting."""
    row = ws.conn.execute("SELECT detected_title FROM ocr_pending WHERE document_id = ?",
                          (document_id,)).fetchone()
    return None if row is None else row[0]


def papers_waiting_for_ocr(ws: Workspace) -> list[int]:
    return [row[0] for row in ws.conn.execute(
        "SELECT document_id FROM ocr_pending ORDER BY document_id")]


def drop_placeholder(ws: Workspace, document_id: int) -> None:
    """Remove a text-less placeholder once its paper has been read (inside a transaction).
    It has no passages, so nothing the user made can hang from it but its metadata,
    which the caller carries over first."""
    ws.conn.execute("DELETE FROM documents WHERE id = ? AND id IN "
                    "(SELECT document_id FROM ocr_pending)", (document_id,))


def hand_edited_fields(ws: Workspace, document_id: int) -> list[str]:
    """The metadata fields the user corrected on a document (documents.edited_fields)."""
    row = ws.conn.execute("SELECT edited_fields FROM documents WHERE id = ?", (document_id,)).fetchone()
    return [name for name in (row[0] or "").split(",") if name] if row else []
