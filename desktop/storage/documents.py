"""Queries on documents and passages, returning domain objects."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from desktop.domain.dates import iso, stored_date, timestamp_now
from desktop.domain.documents import (
    DocType,
    Document,
    DocumentMetadata,
    Passage,
    PassageDraft,
    PassageKind,
)
from desktop.domain.ocr_text import OcrPage
from desktop.domain.recommendations import Findings
from desktop.storage.workspace import Workspace, id_chunks, inserted_id

DOCUMENT_COLUMNS = (
    "id, title, doc_type, authority, date, period_start, period_end, pages, passage_count, "
    "parent_id, duplicate_of, sha256, source, source_format, imported_at, pack_page_start"
)
EDITABLE_FIELDS = ("title", "doc_type", "authority", "date", "period_start", "period_end")


def _document_from_row(row: tuple, child_ids: tuple[int, ...] = ()) -> Document:
    (id_, title, doc_type, authority, date_, p_start, p_end, pages, passage_count, parent_id,
     duplicate_of, sha256, source, source_format, imported_at, pack_page_start) = row
    try:
        kind = DocType(doc_type)
    except ValueError:
        kind = DocType.OTHER
    return Document(
        id=id_, title=title, doc_type=kind, authority=authority, date=stored_date(date_),
        period_start=stored_date(p_start), period_end=stored_date(p_end), pages=pages,
        passage_count=passage_count, parent_id=parent_id, duplicate_of=duplicate_of,
        sha256=sha256, source=source, source_format=source_format, imported_at=imported_at,
        pack_page_start=pack_page_start, child_ids=child_ids,
    )


@dataclass(frozen=True, slots=True)
class NewDocument:
    """Everything needed to write one document (one pack child, or a whole file)."""

    metadata: DocumentMetadata
    sha256: str
    source: str
    source_format: str
    pages: int
    text: str
    page_starts: tuple[int, ...]
    passages: list[PassageDraft]
    fingerprint: bytes | None = None
    band_keys: tuple[str, ...] = ()
    parent_id: int | None = None
    position: int = 0
    pack_page_start: int | None = None
    duplicate_of: int | None = None
    findings: Findings | None = None  # recommendations and judgements read from the text
    ocr_pages: tuple[OcrPage, ...] = ()  # its pages read by OCR
    needs_ocr: bool = False  # a scanned paper held without text until OCR reads it


def insert_document(ws: Workspace, new: NewDocument) -> int:
    """Write a document, its text and passages. Call inside the caller's transaction."""
    meta = new.metadata
    conn = ws.conn
    cursor = conn.execute(
        "INSERT INTO documents (parent_id, position, title, doc_type, authority, date, "
        "period_start, period_end, pages, passage_count, pack_page_start, sha256, source, "
        "source_format, duplicate_of, fingerprint, imported_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (new.parent_id, new.position, meta.title or "Untitled document", str(meta.doc_type),
         meta.authority, iso(meta.date), iso(meta.period_start), iso(meta.period_end),
         new.pages, len(new.passages), new.pack_page_start, new.sha256, new.source,
         new.source_format, new.duplicate_of, new.fingerprint, timestamp_now()),
    )
    doc_id = inserted_id(cursor)
    conn.execute(
        "INSERT INTO document_text (document_id, text, page_starts) VALUES (?,?,?)",
        (doc_id, new.text, json.dumps(list(new.page_starts))),
    )
    conn.executemany(
        'INSERT INTO passages (document_id, seq, label, kind, page, start, "end", text) '
        "VALUES (?,?,?,?,?,?,?,?)",
        [(doc_id, seq, p.label, str(p.kind), p.page, p.start, p.end, p.text)
         for seq, p in enumerate(new.passages)],
    )
    # Indexed here rather than by a per-row trigger: one statement is twice as fast.
    conn.execute("INSERT INTO passages_fts (rowid, text, label) "
                 "SELECT id, text, label FROM passages WHERE document_id = ?", (doc_id,))
    if new.band_keys:
        conn.executemany(
            "INSERT INTO duplicate_bands (band, document_id) VALUES (?, ?)",
            [(band, doc_id) for band in new.band_keys],
        )
    if new.ocr_pages:
        from desktop.storage.ocr_pages import record_ocr_pages
        record_ocr_pages(ws, doc_id, new.ocr_pages)
    if new.needs_ocr:
        from desktop.storage.ocr_pages import mark_needs_ocr
        mark_needs_ocr(ws, doc_id, meta.title or "Untitled document")
    return doc_id


def document_held_with_sha(ws: Workspace, sha256: str) -> Document | None:
    row = ws.conn.execute(
        f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE sha256 = ? AND parent_id IS NULL",
        (sha256,),
    ).fetchone()
    return _document_from_row(row) if row else None


def get_document(ws: Workspace, doc_id: int) -> Document | None:
    row = ws.conn.execute(
        f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = ?", (doc_id,)
    ).fetchone()
    if row is None:
        return None
    children = tuple(r[0] for r in ws.conn.execute(
        "SELECT id FROM documents WHERE parent_id = ? ORDER BY position", (doc_id,)))
    return _document_from_row(row, children)


def list_documents(ws: Workspace) -> list[Document]:
    """Every document, packs first then their children in order (no text loaded)."""
    rows = ws.conn.execute(
        f"SELECT {DOCUMENT_COLUMNS} FROM documents "
        "ORDER BY coalesce(parent_id, id), parent_id IS NOT NULL, position, id"
    ).fetchall()
    children: dict[int, list[int]] = {}
    for row in rows:
        if row[9] is not None:
            children.setdefault(row[9], []).append(row[0])
    return [_document_from_row(row, tuple(children.get(row[0], ()))) for row in rows]


def originals_of_types(ws: Workspace, doc_types: tuple[str, ...]) -> list[Document]:
    """The documents of these types that are not copies of another (without their
    children's ids): a few rows, where the whole list would be thousands."""
    marks = ",".join("?" * len(doc_types))
    rows = ws.conn.execute(
        f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE doc_type IN ({marks}) "
        "AND duplicate_of IS NULL ORDER BY id", doc_types).fetchall()
    return [_document_from_row(row) for row in rows]


def documents_by_id(ws: Workspace, doc_ids: set[int]) -> dict[int, Document]:
    """Just the documents asked for (without their children's ids), by id."""
    ids = sorted(i for i in doc_ids if i is not None)
    found: dict[int, Document] = {}
    for part, marks in id_chunks(ids):
        rows = ws.conn.execute(f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id IN ({marks})",
                               part)
        found.update((row[0], _document_from_row(row)) for row in rows)
    return found


def count_documents(ws: Workspace) -> int:
    return ws.conn.execute("SELECT count(*) FROM documents").fetchone()[0]


def _passage_from_row(row: tuple) -> Passage:
    id_, document_id, seq, label, kind, page, start, end, text = row
    return Passage(id=id_, document_id=document_id, seq=seq, label=label,
                   kind=PassageKind(kind), page=page, start=start, end=end, text=text)


PASSAGE_COLUMNS = 'id, document_id, seq, label, kind, page, start, "end", text'


def list_passages(ws: Workspace, doc_id: int) -> list[Passage]:
    """The passages of a document; for a pack, those of its papers in order."""
    rows = ws.conn.execute(
        f"SELECT {PASSAGE_COLUMNS} FROM passages WHERE document_id = ? ORDER BY seq", (doc_id,)
    ).fetchall()
    if not rows:
        rows = ws.conn.execute(
            f"SELECT p.{PASSAGE_COLUMNS.replace(', ', ', p.')} FROM passages p "
            "JOIN documents d ON d.id = p.document_id WHERE d.parent_id = ? "
            "ORDER BY d.position, p.seq", (doc_id,)
        ).fetchall()
    return [_passage_from_row(row) for row in rows]


def get_passage(ws: Workspace, passage_id: int) -> Passage | None:
    row = ws.conn.execute(
        f"SELECT {PASSAGE_COLUMNS} FROM passages WHERE id = ?", (passage_id,)
    ).fetchone()
    return _passage_from_row(row) if row else None


def duplicate_candidates(ws: Workspace, band_keys: tuple[str, ...]) -> list[tuple[int, bytes, int | None]]:
    """Documents sharing at least one band key: (id, fingerprint, parent_id), standalone first."""
    if not band_keys:
        return []
    placeholders = ",".join("?" * len(band_keys))
    return ws.conn.execute(
        "SELECT DISTINCT d.id, d.fingerprint, d.parent_id FROM duplicate_bands b "
        f"JOIN documents d ON d.id = b.document_id WHERE b.band IN ({placeholders}) "
        "AND d.fingerprint IS NOT NULL ORDER BY d.parent_id IS NOT NULL, d.id",
        band_keys,
    ).fetchall()


def set_pack_passage_count(ws: Workspace, pack_id: int) -> None:
    """A pack's passages are its papers' passages; store their total for the library."""
    ws.conn.execute(
        "UPDATE documents SET passage_count = (SELECT coalesce(sum(passage_count), 0) "
        "FROM documents WHERE parent_id = ?) WHERE id = ?", (pack_id, pack_id))


def make_copy_of(ws: Workspace, old_original: int, new_original: int) -> None:
    """``old_original`` and everything that pointed at it become copies of ``new_original``."""
    ws.conn.execute("UPDATE documents SET duplicate_of = ? WHERE id = ? OR duplicate_of = ?",
                    (new_original, old_original, old_original))


def update_fields(ws: Workspace, doc_id: int, changes: dict[str, object]) -> None:
    """Store user corrections and remember which fields were edited by hand."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Cannot edit {', '.join(sorted(unknown))}")
    if not changes:
        return
    values = {k: (iso(v) if isinstance(v, date) else v) for k, v in changes.items()}
    assignments = ", ".join(f"{name} = ?" for name in values)
    row = ws.conn.execute("SELECT edited_fields FROM documents WHERE id = ?", (doc_id,)).fetchone()
    edited = set(filter(None, (row[0] if row else "").split(","))) | set(values)
    ws.conn.execute(
        f"UPDATE documents SET {assignments}, edited_fields = ? WHERE id = ?",
        (*values.values(), ",".join(sorted(edited)), doc_id),
    )


def _with_papers(ws: Workspace, doc_id: int) -> list[int]:
    """The document and, for a pack, its papers."""
    return [doc_id] + [r[0] for r in ws.conn.execute(
        "SELECT id FROM documents WHERE parent_id = ?", (doc_id,))]


def deletion_counts(ws: Workspace, doc_id: int) -> dict[str, int]:
    """What deleting a document takes with it: its papers (for a pack), passages, the
    recommendations it made and the quotes of it linked as evidence."""
    ids = _with_papers(ws, doc_id)
    placeholders = ",".join("?" * len(ids))
    passages = ws.conn.execute(
        f"SELECT count(*) FROM passages WHERE document_id IN ({placeholders})", ids
    ).fetchone()[0]
    duplicates = ws.conn.execute(
        f"SELECT count(*) FROM documents WHERE duplicate_of IN ({placeholders}) "
        f"AND id NOT IN ({placeholders})", ids + ids
    ).fetchone()[0]
    recommendations = ws.conn.execute(
        f"SELECT count(*) FROM recommendations WHERE document_id IN ({placeholders}) "
        f"OR (document_id IS NULL AND cited_in_document_id IN ({placeholders}))", ids + ids
    ).fetchone()[0]
    evidence = ws.conn.execute(
        f"SELECT count(*) FROM evidence WHERE document_id IN ({placeholders})", ids).fetchone()[0]
    return {"papers": len(ids) - 1, "passages": passages, "duplicates_released": duplicates,
            "recommendations": recommendations, "evidence": evidence}


def delete_recommendations_only_cited_in(ws: Workspace, doc_id: int) -> None:
    """Recommendations known only because this paper (or its pack's papers) quoted them."""
    ws.conn.execute(
        "DELETE FROM recommendations WHERE document_id IS NULL AND origin = 'extracted' AND "
        "cited_in_document_id IN (SELECT id FROM documents WHERE id = ? OR parent_id = ?)",
        (doc_id, doc_id))


def promote_copies_of(ws: Workspace, doc_id: int) -> list[tuple[int, int]]:
    """Before deleting a document (or pack), make one surviving copy of each the original.

    A standalone copy is preferred to one inside a pack; the other copies then
    point at it, so nothing downstream counts the text twice. Returns the
    (original, heir) pairs.
    """
    heirs: list[tuple[int, int]] = []
    doomed = _with_papers(ws, doc_id)
    placeholders = ",".join("?" * len(doomed))
    for original in doomed:
        copies = [r[0] for r in ws.conn.execute(
            f"SELECT id FROM documents WHERE duplicate_of = ? AND id NOT IN ({placeholders}) "
            "AND coalesce(parent_id, -1) NOT IN (" + placeholders + ") "
            "ORDER BY parent_id IS NOT NULL, id", (original, *doomed, *doomed))]
        if not copies:
            continue
        heir, others = copies[0], copies[1:]
        ws.conn.execute("UPDATE documents SET duplicate_of = NULL WHERE id = ?", (heir,))
        ws.conn.executemany("UPDATE documents SET duplicate_of = ? WHERE id = ?",
                            [(heir, other) for other in others])
        heirs.append((original, heir))
    return heirs


def papers_of(ws: Workspace, doc_id: int) -> list[int]:
    """The document and, for a pack, its papers."""
    return _with_papers(ws, doc_id)


def recommendations_made_by(ws: Workspace, doc_ids: list[int]) -> list[int]:
    """Recommendations a document made, or is the only paper to have quoted."""
    marks = ",".join("?" * len(doc_ids))
    return [r[0] for r in ws.conn.execute(
        f"SELECT id FROM recommendations WHERE document_id IN ({marks}) OR (document_id IS NULL "
        f"AND origin = 'extracted' AND cited_in_document_id IN ({marks})) ORDER BY id",
        [*doc_ids, *doc_ids])]


def user_work_counts(ws: Workspace, rec_ids: list[int]) -> dict[str, int]:
    """The user's rows hanging on these recommendations, by what the user would call them."""
    counts = {}
    for name, table in (("quotes", "evidence"), ("notes", "recommendation_notes"),
                        ("action links", "action_recommendations"),
                        ("dismissed suggestions", "suggestion_dismissals")):
        total = 0
        for part, marks in id_chunks(rec_ids):
            total += ws.conn.execute(f"SELECT count(*) FROM {table} WHERE recommendation_id "
                                     f"IN ({marks})", part).fetchone()[0]
        counts[name] = total
    return counts


def delete_evidence_rows(ws: Workspace, evidence_ids: list[int]) -> None:
    for part, marks in id_chunks(evidence_ids):
        ws.conn.execute(f"DELETE FROM evidence WHERE id IN ({marks})", part)


def delete_document(ws: Workspace, doc_id: int) -> None:
    ws.conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))


def document_text(ws: Workspace, doc_id: int) -> tuple[str, tuple[int, ...]]:
    row = ws.conn.execute(
        "SELECT text, page_starts FROM document_text WHERE document_id = ?", (doc_id,)
    ).fetchone()
    if row is None:
        return "", ()
    return row[0], tuple(json.loads(row[1]))


def authorities(ws: Workspace) -> list[str]:
    return [r[0] for r in ws.conn.execute(
        "SELECT DISTINCT authority FROM documents WHERE authority IS NOT NULL ORDER BY authority")]


def passage_document(ws: Workspace, passage_id: int) -> int | None:
    """The document a passage belongs to, or None when there is no such passage."""
    row = ws.conn.execute("SELECT document_id FROM passages WHERE id = ?", (passage_id,)).fetchone()
    return row[0] if row else None


def short_passages_between(ws: Workspace, doc_id: int, after_seq: int, before_seq: int,
                           longest: int = 160) -> list[str]:
    """The texts of the short passages (headings, mostly) strictly between two positions."""
    return [row[0] for row in ws.conn.execute(
        "SELECT text FROM passages WHERE document_id = ? AND seq > ? AND seq < ? AND length(text) < ? "
        "ORDER BY seq", (doc_id, after_seq, before_seq, longest))]
