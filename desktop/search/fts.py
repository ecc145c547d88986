"""Ranked full-text search of passages with filters, and highlighted snippets."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date

from desktop.search.query import ParsedQuery, QueryError, parse_query
from desktop.storage.workspace import Workspace

HIT_START, HIT_END = "\x02", "\x03"  # snippet markers that no document text contains


@dataclass(frozen=True, slots=True)
class SearchFilters:
    doc_type: str | None = None
    authority: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    include_duplicates: bool = False


@dataclass(frozen=True, slots=True)
class SearchHit:
    passage_id: int
    document_id: int
    label: str | None
    page: int | None
    score: float
    snippet: str  # plain text
    highlights: tuple[tuple[int, int], ...]  # spans of `snippet` that matched
    document_title: str
    doc_type: str
    authority: str | None
    date: date | None


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: ParsedQuery
    hits: list[SearchHit] = field(default_factory=list)

    @property
    def note(self) -> str | None:
        return self.query.note


def split_highlights(marked: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Remove the hit markers from a snippet, returning plain text and the hit spans."""
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    length, start = 0, None
    for char in marked:
        if char == HIT_START:
            start = length
        elif char == HIT_END:
            if start is not None:
                spans.append((start, length))
            start = None
        else:
            plain.append(char)
            length += 1
    return "".join(plain), tuple(spans)


def _where(filters: SearchFilters) -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if filters.doc_type:
        clauses.append("d.doc_type = ?")
        params.append(filters.doc_type)
    if filters.authority:
        clauses.append("d.authority = ? COLLATE NOCASE")
        params.append(filters.authority)
    if filters.date_from:
        clauses.append("d.date >= ?")
        params.append(filters.date_from.isoformat())
    if filters.date_to:
        clauses.append("d.date <= ?")
        params.append(filters.date_to.isoformat())
    if not filters.include_duplicates:
        clauses.append("d.duplicate_of IS NULL")
    return "".join(" AND " + c for c in clauses), params


def search_passages(ws: Workspace, user_text: str, filters: SearchFilters | None = None,
                    limit: int = 100) -> SearchResult:
    """Search every passage; raises QueryError (with a message for the user) on empty input."""
    query = parse_query(user_text)
    where, params = _where(filters or SearchFilters())
    sql = (
        "SELECT p.id, p.document_id, p.label, p.page, f.rank, "
        f"snippet(passages_fts, 0, '{HIT_START}', '{HIT_END}', '…', 24), "
        "d.title, d.doc_type, d.authority, d.date "
        "FROM passages_fts f JOIN passages p ON p.id = f.rowid "
        "JOIN documents d ON d.id = p.document_id "
        f"WHERE passages_fts MATCH ?{where} ORDER BY f.rank LIMIT ?"
    )
    try:
        rows = ws.conn.execute(sql, [query.match, *params, max(1, int(limit))]).fetchall()
    except sqlite3.OperationalError as error:  # should not happen: the query is built safely
        raise QueryError(f"That search could not be run ({error}); try simpler words.") from error
    hits = []
    for pid, doc_id, label, page, rank, marked, title, doc_type, authority, date_ in rows:
        snippet, spans = split_highlights(marked)
        hits.append(SearchHit(
            passage_id=pid, document_id=doc_id, label=label, page=page, score=-rank,
            snippet=snippet, highlights=spans, document_title=title, doc_type=doc_type,
            authority=authority, date=date.fromisoformat(date_) if date_ else None,
        ))
    return SearchResult(query=query, hits=hits)
