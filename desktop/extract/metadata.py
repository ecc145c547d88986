"""What a document is: type, authority, date, period and title, in one call.

Reads only the opening of the text (``_text.HEAD_CHARS``): every paper
states what it is, whom it is about and when on its first pages, so the
cost does not grow with a 300-page pack.
"""

from __future__ import annotations

from desktop.domain.documents import DocType, DocumentMetadata
from desktop.extract import _text
from desktop.extract.authority import best_authority
from desktop.extract.dating import date_document
from desktop.extract.doctype import classify_with_signature
from desktop.extract.title import detect_title


def detect_metadata(text: str, title_hint: str | None = None) -> DocumentMetadata:
    """Detect type, authority, date, period and title of one document."""
    text = text or ""
    flat = _text.head(text)
    doc_type, signature = classify_with_signature(flat)
    title_at = signature.start() if signature else None
    authority = best_authority(flat)
    dating = date_document(flat, doc_type, title_at or 0)
    title = detect_title(text, flat, doc_type, title_at, authority, title_hint)
    return DocumentMetadata(
        doc_type=doc_type,
        authority=authority,
        date=dating.date,
        period_start=dating.period_start,
        period_end=dating.period_end,
        title=title,
    )


__all__ = ["detect_metadata", "DocType", "DocumentMetadata"]
