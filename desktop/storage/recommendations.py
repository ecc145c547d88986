"""Queries on recommendations, their backing passages, notes and judgements."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from desktop.domain.dates import iso, stored_date
from desktop.domain.dates import timestamp_now as now
from desktop.domain.recommendations import (
    Judgement,
    Recommendation,
    RecommendationKind,
    RecommendationStatus,
)
from desktop.storage.workspace import Workspace, id_chunks, inserted_id

REC_COLUMNS = ("id, document_id, cited_in_document_id, label, text, kind, authority, issued, "
               "status, source_passage_id, position, origin, gone_from_source, source_citation, addressed_to")
EDITABLE = ("label", "text", "kind", "authority", "issued", "status")


def _enum(kind, value, default):
    try:
        return kind(value)
    except ValueError:
        return default


def _support(ws: Workspace, ids: list[int]) -> dict[int, tuple[int, ...]]:
    if not ids:
        return {}
    found: dict[int, list[int]] = {}
    for part, marks in id_chunks(ids):
        rows = ws.conn.execute(
            "SELECT recommendation_id, passage_id FROM recommendation_support "
            f"WHERE recommendation_id IN ({marks}) ORDER BY passage_id", part)
        for rec_id, passage_id in rows:
            found.setdefault(rec_id, []).append(passage_id)
    return {k: tuple(v) for k, v in found.items()}


def _from_rows(ws: Workspace, rows: list[tuple]) -> list[Recommendation]:
    support = _support(ws, [r[0] for r in rows])
    return [Recommendation(
        id=r[0], document_id=r[1], cited_in_document_id=r[2], label=r[3], text=r[4],
        kind=_enum(RecommendationKind, r[5], RecommendationKind.RECOMMENDATION), authority=r[6],
        issued=stored_date(r[7]), status=_enum(RecommendationStatus, r[8], RecommendationStatus.NOT_STARTED),
        source_passage_id=r[9], supporting_passage_ids=support.get(r[0], ()), position=r[10],
        origin=r[11], gone_from_source=bool(r[12]), source_citation=r[13] or "", addressed_to=r[14]) for r in rows]


def list_recommendations(ws: Workspace, *, document_id: int | None = None,
                         authority: str | None = None) -> list[Recommendation]:
    clauses: list[str] = []
    params: list[object] = []
    if document_id is not None:
        clauses.append("(document_id = ? OR cited_in_document_id = ?)")
        params += [document_id, document_id]
    if authority:
        clauses.append("authority = ? COLLATE NOCASE")
        params.append(authority)
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    rows = ws.conn.execute(
        f"SELECT {REC_COLUMNS} FROM recommendations{where} "
        "ORDER BY authority IS NULL, authority, issued, "
        "coalesce(document_id, cited_in_document_id), position, id",
        params).fetchall()
    return _from_rows(ws, rows)


def get_recommendation(ws: Workspace, rec_id: int) -> Recommendation | None:
    rows = ws.conn.execute(f"SELECT {REC_COLUMNS} FROM recommendations WHERE id = ?",
                           (rec_id,)).fetchall()
    found = _from_rows(ws, rows)
    return found[0] if found else None


@dataclass(frozen=True, slots=True)
class NewRecommendation:
    label: str
    text: str
    kind: str
    authority: str | None
    issued: date | None
    document_id: int | None = None
    cited_in_document_id: int | None = None
    source_passage_id: int | None = None
    supporting_passage_ids: tuple[int, ...] = ()
    position: int = 0
    origin: str = "extracted"
    status: str = RecommendationStatus.NOT_STARTED.value
    id: int | None = None  # given only when restoring a deleted one
    addressed_to: str | None = None


def insert_recommendation(ws: Workspace, new: NewRecommendation) -> int:
    stamp = now()
    cursor = ws.conn.execute(
        "INSERT INTO recommendations (id, document_id, cited_in_document_id, position, label, "
        "text, kind, authority, issued, status, source_passage_id, origin, created_at, updated_at, "
        "addressed_to) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (new.id, new.document_id, new.cited_in_document_id, new.position, new.label, new.text,
         new.kind, new.authority, iso(new.issued), new.status,
         new.source_passage_id, new.origin, stamp, stamp, new.addressed_to))
    rec_id = inserted_id(cursor)
    set_support(ws, rec_id, new.supporting_passage_ids)
    return rec_id


def set_support(ws: Workspace, rec_id: int, passage_ids: tuple[int, ...]) -> None:
    ws.conn.execute("DELETE FROM recommendation_support WHERE recommendation_id = ?", (rec_id,))
    ws.conn.executemany(
        "INSERT OR IGNORE INTO recommendation_support (recommendation_id, passage_id) VALUES (?,?)",
        [(rec_id, pid) for pid in passage_ids])


def update_recommendation(ws: Workspace, rec_id: int, changes: dict[str, object]) -> None:
    unknown = set(changes) - set(EDITABLE) - {"document_id", "source_passage_id", "position", "addressed_to",
                                              "source_citation"}
    if unknown:
        raise ValueError(f"cannot edit {sorted(unknown)}")
    if not changes:
        return
    values = [v.isoformat() if isinstance(v, date) else v for v in changes.values()]
    sets = ", ".join(f"{name} = ?" for name in changes)
    ws.conn.execute(f"UPDATE recommendations SET {sets}, updated_at = ? WHERE id = ?",
                    (*values, now(), rec_id))


def mark_edited(ws: Workspace, rec_id: int, fields) -> None:
    """Remember the fields the user changed by hand, which re-reading the paper leaves alone."""
    row = ws.conn.execute("SELECT edited_fields FROM recommendations WHERE id = ?", (rec_id,)).fetchone()
    if row is None:
        return
    edited = sorted(set(json.loads(row[0] or "[]")) | set(fields))
    ws.conn.execute("UPDATE recommendations SET edited_fields = ? WHERE id = ?",
                    (json.dumps(edited), rec_id))


def edited_fields(ws: Workspace, rec_id: int) -> set[str]:
    row = ws.conn.execute("SELECT edited_fields FROM recommendations WHERE id = ?", (rec_id,)).fetchone()
    return set(json.loads(row[0] or "[]")) if row else set()


def set_gone_from_source(ws: Workspace, rec_id: int, gone: bool) -> None:
    ws.conn.execute("UPDATE recommendations SET gone_from_source = ? WHERE id = ?", (int(gone), rec_id))


def delete_recommendation(ws: Workspace, rec_id: int) -> None:
    """Delete one recommendation with what hangs on it (the caller keeps a snapshot)."""
    from desktop.storage.trash import delete_recommendation_rows

    delete_recommendation_rows(ws, [rec_id])


# -- notes -------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Note:
    id: int
    recommendation_id: int
    kind: str  # note | question
    text: str
    created_at: str


def list_notes(ws: Workspace, rec_id: int) -> list[Note]:
    return [Note(*row) for row in ws.conn.execute(
        "SELECT id, recommendation_id, kind, text, created_at FROM recommendation_notes "
        "WHERE recommendation_id = ? ORDER BY created_at, id", (rec_id,))]


def notes_by_recommendation(ws: Workspace) -> dict[int, list[Note]]:
    """Every note, grouped by recommendation (one query, for exports of many)."""
    grouped: dict[int, list[Note]] = {}
    for row in ws.conn.execute("SELECT id, recommendation_id, kind, text, created_at "
                               "FROM recommendation_notes ORDER BY created_at, id"):
        grouped.setdefault(row[1], []).append(Note(*row))
    return grouped


def insert_note(ws: Workspace, rec_id: int, kind: str, text: str, created_at: str | None = None,
                note_id: int | None = None) -> int:
    return inserted_id(ws.conn.execute(
        "INSERT INTO recommendation_notes (id, recommendation_id, kind, text, created_at) "
        "VALUES (?,?,?,?,?)", (note_id, rec_id, kind, text, created_at or now())))


def put_note_back(ws: Workspace, rec_id: int, note: Note) -> None:
    """Undo: the note is on ``rec_id`` again (moved back from a merge, or re-inserted)."""
    if not ws.conn.execute("UPDATE recommendation_notes SET recommendation_id = ? WHERE id = ?",
                           (rec_id, note.id)).rowcount:
        insert_note(ws, rec_id, note.kind, note.text, note.created_at, note_id=note.id)


def delete_note(ws: Workspace, note_id: int) -> None:
    ws.conn.execute("DELETE FROM recommendation_notes WHERE id = ?", (note_id,))


def move_notes(ws: Workspace, from_ids: list[int], to_id: int) -> None:
    """Notes, quotes, action links and dismissals of merged recommendations join the one kept."""
    pairs = [(to_id, other) for other in from_ids]
    ws.conn.executemany("UPDATE recommendation_notes SET recommendation_id = ? WHERE recommendation_id = ?",
                        pairs)
    ws.conn.executemany("UPDATE evidence SET recommendation_id = ? WHERE recommendation_id = ?", pairs)
    for table in ("action_recommendations", "suggestion_dismissals"):
        ws.conn.executemany(f"UPDATE OR IGNORE {table} SET recommendation_id = ? "
                            "WHERE recommendation_id = ?", pairs)


# -- judgements --------------------------------------------------------------

def insert_judgement(ws: Workspace, *, document_id: int, position: int, authority: str | None,
                     when: date | None, area: str, grade: str, cited: bool,
                     source_passage_id: int | None) -> None:
    ws.conn.execute(
        "INSERT INTO judgements (document_id, position, authority, date, area, grade, cited, "
        "source_passage_id) VALUES (?,?,?,?,?,?,?,?)",
        (document_id, position, authority, iso(when), area, grade,
         int(cited), source_passage_id))


def list_judgements(ws: Workspace, authority: str | None = None) -> list[Judgement]:
    clause, params = ("WHERE authority = ? COLLATE NOCASE", [authority]) if authority else ("", [])
    rows = ws.conn.execute(
        f"SELECT id, document_id, authority, date, area, grade, cited FROM judgements {clause} "
        "ORDER BY authority, date, document_id, position", params).fetchall()
    return [Judgement(id=r[0], document_id=r[1], authority=r[2], date=stored_date(r[3]), area=r[4],
                      grade=r[5], cited=bool(r[6])) for r in rows]


def near_judgements(ws: Workspace, authority: str | None, when: date | None,
                    days: int) -> list[tuple[int, int, str]]:
    """(id, cited, area) of judgements for the same authority dated within ``days``."""
    if not authority or when is None:
        return []
    return ws.conn.execute(
        "SELECT id, cited, area FROM judgements WHERE authority = ? COLLATE NOCASE AND date IS NOT NULL "
        "AND abs(julianday(date) - julianday(?)) <= ?", (authority, when.isoformat(), days)).fetchall()


def judgement_ids_of(ws: Workspace, doc_id: int) -> list[int]:
    return [r[0] for r in ws.conn.execute("SELECT id FROM judgements WHERE document_id = ?",
                                          (doc_id,))]


def delete_judgements(ws: Workspace, ids: list[int]) -> None:
    ws.conn.executemany("DELETE FROM judgements WHERE id = ?", [(i,) for i in ids])


def near_recommendations(ws: Workspace, authority: str | None, when: date | None,
                         days: int) -> list[Recommendation]:
    """Recommendations for the same authority issued within ``days`` of ``when``."""
    if not authority or when is None:
        return []
    rows = ws.conn.execute(
        f"SELECT {REC_COLUMNS} FROM recommendations WHERE authority = ? COLLATE NOCASE "
        "AND issued IS NOT NULL AND abs(julianday(issued) - julianday(?)) <= ? ORDER BY id",
        (authority, when.isoformat(), days)).fetchall()
    return _from_rows(ws, rows)


def passage_ids_in_order(ws: Workspace, document_id: int) -> list[int]:
    return [r[0] for r in ws.conn.execute(
        "SELECT id FROM passages WHERE document_id = ? ORDER BY seq", (document_id,))]



def next_position(ws: Workspace, document_id: int | None) -> int:
    """Where a recommendation added to ``document_id`` (None: typed in) goes: after the rest."""
    return ws.conn.execute("SELECT coalesce(max(position), -1) + 1 FROM recommendations "
                           "WHERE document_id IS ?", (document_id,)).fetchone()[0]


def made_or_listed_in(ws: Workspace) -> list[int]:
    """The documents that made or listed recommendations."""
    return [row[0] for row in ws.conn.execute(
        "SELECT DISTINCT coalesce(document_id, cited_in_document_id) FROM recommendations "
        "WHERE coalesce(document_id, cited_in_document_id) IS NOT NULL")]


def summary_rows(ws: Workspace, doc_id: int) -> list[tuple[str, str, int | None, int | None]]:
    """(kind, label, source passage id, its seq) of the recommendations taken from ``doc_id``."""
    return ws.conn.execute(
        "SELECT r.kind, r.label, r.source_passage_id, p.seq FROM recommendations r "
        "LEFT JOIN passages p ON p.id = r.source_passage_id "
        "WHERE r.document_id = ? OR (r.document_id IS NULL AND r.cited_in_document_id = ?) "
        "ORDER BY r.position, r.id", (doc_id, doc_id)).fetchall()
