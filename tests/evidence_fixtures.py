"""Small workspaces for the evidence tests: documents written straight to storage, so each
test says exactly which council, date and passages a paper has."""

from __future__ import annotations

from datetime import UTC, date, datetime

from desktop.domain.documents import DocType, DocumentMetadata, PassageDraft, PassageKind
from desktop.storage import documents as doc_store


def add_document(ws, *, title: str, doc_type: DocType, authority: str | None, when: date | None,
                 paragraphs: list[str | tuple[str | None, str, str]], parent_id: int | None = None,
                 pack_page_start: int | None = None, duplicate_of: int | None = None,
                 pages_per_paragraph: int = 0, sha: str | None = None) -> int:
    """A document whose passages are ``paragraphs``: plain strings, or (label, kind, text).

    With ``pages_per_paragraph`` the n-th paragraph is on page n // it + (pack_page_start or 1).
    """
    drafts, text, offset = [], "", 0
    for n, item in enumerate(paragraphs):
        label, kind, body = (None, "paragraph", item) if isinstance(item, str) else item
        page = None
        if pages_per_paragraph:
            page = (pack_page_start or 1) + n // pages_per_paragraph
        drafts.append(PassageDraft(label, PassageKind(kind), page, offset, offset + len(body), body))
        text += body + "\n\n"
        offset = len(text)
    new = doc_store.NewDocument(
        metadata=DocumentMetadata(doc_type=doc_type, authority=authority, date=when, title=title),
        sha256=sha or f"{title}-{datetime.now(UTC).timestamp()}-{id(paragraphs)}",
        source=f"/papers/{title}.txt", source_format="text", pages=0, text=text,
        page_starts=(), passages=drafts, parent_id=parent_id, pack_page_start=pack_page_start,
        duplicate_of=duplicate_of)
    with ws.write():
        return doc_store.insert_document(ws, new)


def passage_ids(ws, document_id: int) -> list[int]:
    return [r[0] for r in ws.conn.execute(
        "SELECT id FROM passages WHERE document_id = ? ORDER BY seq", (document_id,))]


def add_action(ws, title: str, *, status: str = "not_started", rag: str | None = None,
               recommendation_ids: tuple[int, ...] = ()) -> int:
    """An action written straight to the table (the actions service has its own tests)."""
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    with ws.write():
        action_id = ws.conn.execute(
            "INSERT INTO actions (title, status, rag, created_at, updated_at) VALUES (?,?,?,?,?)",
            (title, status, rag, stamp, stamp)).lastrowid
        ws.conn.executemany(
            "INSERT INTO action_recommendations (action_id, recommendation_id) VALUES (?,?)",
            [(action_id, r) for r in recommendation_ids])
    return action_id
