"""Queries on evidence (quoted passages linked to recommendations or actions) and dismissals."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from desktop.domain.dates import iso, stored_date
from desktop.domain.dates import timestamp_now as now
from desktop.domain.evidence import Evidence, Stance
from desktop.storage.workspace import Workspace, id_chunks, inserted_id

EVIDENCE_COLUMNS = (
    "e.id, e.recommendation_id, e.action_id, e.passage_id, e.document_id, e.quote, e.span_start, "
    "e.span_end, e.page, e.label, e.citation, e.document_title, e.document_type, e.document_date, "
    "e.stance, e.note, e.origin, e.needs_review, e.created_at"
)
# Newest document first; undated (and kept quotes of deleted documents with no date) last;
# within one document, in reading order, then as linked.
NEWEST_FIRST = ("ORDER BY e.document_date IS NULL, e.document_date DESC, e.document_id, "
                "coalesce(p.seq, 0), coalesce(e.span_start, 0), e.id")


def _from_row(row: tuple) -> Evidence:
    (id_, rec_id, action_id, passage_id, document_id, quote, span_start, span_end, page, label,
     citation, title, doc_type, doc_date, stance, note, origin, needs_review, created) = row
    try:
        kind = Stance(stance)
    except ValueError:  # a file edited by another tool: show it as context rather than fail
        kind = Stance.CONTEXT
    return Evidence(
        id=id_, recommendation_id=rec_id, action_id=action_id, passage_id=passage_id,
        document_id=document_id, quote=quote, span_start=span_start, span_end=span_end,
        page=page, label=label, citation=citation, document_title=title, document_type=doc_type,
        document_date=stored_date(doc_date), stance=kind, note=note, origin=origin,
        needs_review=bool(needs_review), created=created)


@dataclass(frozen=True, slots=True)
class NewEvidence:
    recommendation_id: int | None
    action_id: int | None
    passage_id: int | None
    document_id: int | None
    quote: str
    span_start: int | None
    span_end: int | None
    page: int | None
    label: str | None
    citation: str
    document_title: str
    document_type: str | None
    document_date: date | None
    stance: str
    note: str = ""
    origin: str = "manual"
    needs_review: bool = False
    id: int | None = None  # given only when restoring a deleted row (undo keeps the id)
    created_at: str | None = None


def insert_evidence(ws: Workspace, new: NewEvidence) -> int:
    stamp = now()
    return inserted_id(ws.conn.execute(
        "INSERT INTO evidence (id, recommendation_id, action_id, passage_id, document_id, quote, "
        "span_start, span_end, page, label, citation, document_title, document_type, "
        "document_date, stance, note, origin, needs_review, created_at, updated_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (new.id, new.recommendation_id, new.action_id, new.passage_id, new.document_id, new.quote,
         new.span_start, new.span_end, new.page, new.label, new.citation, new.document_title,
         new.document_type, iso(new.document_date), new.stance, new.note, new.origin,
         int(new.needs_review), new.created_at or stamp, stamp)))


def as_new(evidence: Evidence) -> NewEvidence:
    """A stored row as it would be inserted again (restore after delete, with the same id)."""
    return NewEvidence(
        recommendation_id=evidence.recommendation_id, action_id=evidence.action_id,
        passage_id=evidence.passage_id, document_id=evidence.document_id, quote=evidence.quote,
        span_start=evidence.span_start, span_end=evidence.span_end, page=evidence.page,
        label=evidence.label, citation=evidence.citation, document_title=evidence.document_title,
        document_type=evidence.document_type, document_date=evidence.document_date,
        stance=evidence.stance.value, note=evidence.note, origin=evidence.origin,
        needs_review=evidence.needs_review, id=evidence.id, created_at=evidence.created)


def list_evidence(ws: Workspace, *, recommendation_id: int | None = None,
                  action_id: int | None = None, document_id: int | None = None,
                  needs_review: bool | None = None) -> list[Evidence]:
    """Evidence filtered by what it is linked to (or held in), newest document first.

    ``document_id`` of a pack includes the evidence in its papers.
    """
    clauses, params = [], []
    if recommendation_id is not None:
        clauses.append("e.recommendation_id = ?")
        params.append(recommendation_id)
    if action_id is not None:
        clauses.append("e.action_id = ?")
        params.append(action_id)
    if document_id is not None:
        clauses.append("e.document_id IN (SELECT id FROM documents WHERE id = ? OR parent_id = ?)")
        params += [document_id, document_id]
    if needs_review is not None:
        clauses.append("e.needs_review = ?")
        params.append(int(needs_review))
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    rows = ws.conn.execute(
        f"SELECT {EVIDENCE_COLUMNS} FROM evidence e LEFT JOIN passages p ON p.id = e.passage_id"
        f"{where} {NEWEST_FIRST}", params).fetchall()
    return [_from_row(r) for r in rows]


def get_evidence(ws: Workspace, evidence_id: int) -> Evidence | None:
    row = ws.conn.execute(f"SELECT {EVIDENCE_COLUMNS} FROM evidence e WHERE e.id = ?",
                          (evidence_id,)).fetchone()
    return _from_row(row) if row else None


def evidence_for_passages(ws: Workspace, passage_ids: Iterable[int]) -> dict[int, list[Evidence]]:
    ids = list(dict.fromkeys(passage_ids))
    found: dict[int, list[Evidence]] = {}
    for part, marks in id_chunks(ids):
        rows = ws.conn.execute(
            f"SELECT {EVIDENCE_COLUMNS} FROM evidence e WHERE e.passage_id IN "
            f"({marks}) ORDER BY e.passage_id, coalesce(e.span_start, 0), e.id",
            part).fetchall()
        for row in rows:
            evidence = _from_row(row)
            if evidence.passage_id is not None:  # always: the query asked for these passages
                found.setdefault(evidence.passage_id, []).append(evidence)
    return found


def update_evidence(ws: Workspace, evidence_id: int, changes: dict[str, object]) -> None:
    allowed = {"quote", "stance", "note", "needs_review", "passage_id", "document_id", "span_start",
               "span_end", "page", "label", "citation", "document_title", "document_type",
               "document_date"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"cannot edit {sorted(unknown)}")
    if not changes:
        return
    values = [iso(v) if isinstance(v, date) else int(v) if isinstance(v, bool) else v
              for v in changes.values()]
    sets = ", ".join(f"{name} = ?" for name in changes)
    ws.conn.execute(f"UPDATE evidence SET {sets}, updated_at = ? WHERE id = ?",
                    (*values, now(), evidence_id))


def delete_evidence(ws: Workspace, evidence_id: int) -> None:
    ws.conn.execute("DELETE FROM evidence WHERE id = ?", (evidence_id,))


def count_in_document(ws: Workspace, document_id: int) -> int:
    """Evidence quoting a document, or (for a pack) any of its papers."""
    return ws.conn.execute(
        "SELECT count(*) FROM evidence WHERE document_id IN "
        "(SELECT id FROM documents WHERE id = ? OR parent_id = ?)",
        (document_id, document_id)).fetchone()[0]


def delete_in_document(ws: Workspace, document_id: int) -> int:
    """Delete the evidence quoting a document (and its pack's papers); returns how many."""
    return ws.conn.execute(
        "DELETE FROM evidence WHERE document_id IN "
        "(SELECT id FROM documents WHERE id = ? OR parent_id = ?)",
        (document_id, document_id)).rowcount


def linked_passage_ids(ws: Workspace, recommendation_id: int) -> set[int]:
    return {r[0] for r in ws.conn.execute(
        "SELECT passage_id FROM evidence WHERE recommendation_id = ? AND passage_id IS NOT NULL",
        (recommendation_id,))}


# -- dismissed suggestions ---------------------------------------------------

def dismiss(ws: Workspace, recommendation_id: int, passage_id: int) -> None:
    ws.conn.execute(
        "INSERT OR IGNORE INTO suggestion_dismissals (recommendation_id, passage_id, dismissed_at) "
        "VALUES (?,?,?)", (recommendation_id, passage_id, now()))


def undismiss(ws: Workspace, recommendation_id: int, passage_id: int) -> None:
    ws.conn.execute("DELETE FROM suggestion_dismissals WHERE recommendation_id = ? AND passage_id = ?",
                    (recommendation_id, passage_id))


def dismissed_passage_ids(ws: Workspace, recommendation_id: int) -> set[int]:
    return {r[0] for r in ws.conn.execute(
        "SELECT passage_id FROM suggestion_dismissals WHERE recommendation_id = ?",
        (recommendation_id,))}


def row_exists(ws: Workspace, table: str, row_id: int) -> bool:
    """Is there a row ``row_id`` in ``table`` (one of our own table names, never user text)?"""
    assert table in ("recommendations", "actions", "passages", "documents", "evidence")
    return ws.conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row_id,)).fetchone() is not None


def already_linked(ws: Workspace, rec_id: int | None, action_id: int | None, passage_id: int,
                   start: int, end: int) -> bool:
    return ws.conn.execute(
        "SELECT 1 FROM evidence WHERE recommendation_id IS ? AND action_id IS ? AND passage_id = ? "
        "AND span_start = ? AND span_end = ?", (rec_id, action_id, passage_id, start, end)
    ).fetchone() is not None


# -- roll-up: everything it needs, for many recommendations at once -----------------

_RECS = ("SELECT id, status, status_source, status_reason, council_status, issued "
         "FROM recommendations WHERE 1{where}")
_ACTIONS = ("SELECT ar.recommendation_id, a.status, a.rag FROM action_recommendations ar "
            "JOIN actions a ON a.id = ar.action_id WHERE 1{where}")
# A recommendation's evidence: linked to it, or to an action that answers it (counted once).
_EVIDENCE = (
    "SELECT rid, document_date, stance, document_type, document_title FROM ("
    " SELECT e.recommendation_id AS rid, e.id AS eid, e.document_date, e.stance, e.document_type,"
    " e.document_title FROM evidence e WHERE e.recommendation_id IS NOT NULL"
    " UNION"
    " SELECT ar.recommendation_id, e.id, e.document_date, e.stance, e.document_type, e.document_title"
    " FROM evidence e JOIN action_recommendations ar ON ar.action_id = e.action_id"
    ") WHERE 1{where}")


def _scoped(ws: Workspace, sql: str, ids: list[int] | None, column: str) -> list[tuple]:
    """Run ``sql`` for all recommendations, or for ``ids`` (in chunks) when given."""
    if ids is None:
        return ws.conn.execute(sql.format(where="")).fetchall()
    rows: list[tuple] = []
    for part, marks in id_chunks(ids):
        rows += ws.conn.execute(sql.format(where=f" AND {column} IN ({marks})"), part).fetchall()
    return rows


def rollup_recommendations(ws: Workspace, ids: list[int] | None) -> list[tuple]:
    """(id, status, status_source, status_reason, council_status, issued)."""
    return _scoped(ws, _RECS, ids, "id")


def rollup_actions(ws: Workspace, ids: list[int] | None) -> list[tuple]:
    """(recommendation_id, action status, action RAG) of each action answering them."""
    return _scoped(ws, _ACTIONS, ids, "ar.recommendation_id")


def rollup_evidence(ws: Workspace, ids: list[int] | None) -> list[tuple]:
    """(recommendation_id, document_date, stance, document_type, document_title), via actions too."""
    return _scoped(ws, _EVIDENCE, ids, "rid")


def set_status_source(ws: Workspace, rec_id: int, status: str, source: str, reason: str) -> None:
    ws.conn.execute(
        "UPDATE recommendations SET status = ?, status_source = ?, status_reason = ?, updated_at = ? "
        "WHERE id = ?", (status, source, reason, now(), rec_id))
