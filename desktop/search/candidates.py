"""Queries behind evidence suggestions: a council's later passages matching a query, ranked.

FTS5 cannot narrow a search to some rows (a rowid range or list makes it read the
whole index once per range), and its bm25() costs several times what matching
does. So the council's papers are a subquery SQLite materialises once and tests
each match against (the "+" stops it being used as thousands of separate index
lookups into the full-text table), and bm25 is computed only for the passages
that pass.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date

from desktop.storage.workspace import Workspace, id_chunks

_RANKED_SQL = (
    "SELECT rowid, -bm25(passages_fts) FROM passages_fts WHERE passages_fts MATCH ? "
    "AND +rowid IN (SELECT p.id FROM passages p JOIN documents d ON d.id = p.document_id "
    "LEFT JOIN documents pk ON pk.id = d.parent_id "
    "WHERE d.authority IN ({spellings}) AND d.duplicate_of IS NULL "
    "AND coalesce(d.date, pk.date) >= ? AND d.id NOT IN ({not_in}) AND p.kind <> 'heading') "
    "ORDER BY bm25(passages_fts) LIMIT ?"
)
_DETAILS_SQL = (
    "SELECT p.id, p.document_id, p.seq, p.kind, p.label, p.page, p.text, d.title, "
    "coalesce(d.date, pk.date) FROM passages p JOIN documents d ON d.id = p.document_id "
    "LEFT JOIN documents pk ON pk.id = d.parent_id WHERE p.id IN ({ids})"
)
_STRETCHES_SQL = (
    "SELECT p.id, p.seq, p.kind, p.label, p.text, p.document_id FROM json_each(?) j "
    "JOIN passages p ON p.document_id = json_extract(j.value, '$[0]') "
    "AND p.seq BETWEEN json_extract(j.value, '$[1]') AND json_extract(j.value, '$[2]') "
    "ORDER BY p.document_id, p.seq"
)


def authority_spellings(ws: Workspace, authority: str) -> list[str]:
    """The ways documents spell the council ("Gloucestershire", a hand-typed "gloucestershire"):
    matched exactly afterwards, the search can use the index on documents' authority."""
    found = [r[0] for r in ws.conn.execute(
        "SELECT DISTINCT authority FROM documents WHERE authority = ? COLLATE NOCASE", (authority,))]
    return found or [authority]


def ranked_passages(ws: Workspace, match: str, *, authority: str, dated_from: date | None,
                    not_in: Iterable[int | None] = (), limit: int = 200) -> dict[int, float]:
    """passage id -> bm25 (higher is better) of the best ``limit`` passages matching ``match``
    in papers about ``authority`` dated on or after ``dated_from`` (a paper in a pack takes
    the pack's date when it has none), leaving out copies, headings and the documents
    ``not_in``. Raises sqlite3.OperationalError for a MATCH expression FTS5 rejects."""
    spellings = authority_spellings(ws, authority)
    excluded = [i for i in not_in if i is not None] or [-1]
    sql = _RANKED_SQL.format(spellings=",".join("?" * len(spellings)),
                             not_in=",".join("?" * len(excluded)))
    params = (match, *spellings, dated_from.isoformat() if dated_from else "0000", *excluded,
              max(1, int(limit)))
    return dict(ws.conn.execute(sql, params).fetchall())


def passage_details(ws: Workspace, ids: list[int]) -> list[tuple]:
    """(id, document id, seq, kind, label, page, text, document title, date) of each passage."""
    rows: list[tuple] = []
    for part, marks in id_chunks(ids):
        rows += ws.conn.execute(_DETAILS_SQL.format(ids=marks), part).fetchall()
    return rows


def stretches(ws: Workspace, wanted: list[tuple[int, int, int]]) -> list[tuple]:
    """(id, seq, kind, label, text, document id) of the passages of each (document, first
    seq, last seq), in order: the lines around candidates, in one query."""
    if not wanted:
        return []
    return ws.conn.execute(_STRETCHES_SQL, (json.dumps([list(w) for w in wanted]),)).fetchall()
