"""Suggest passages that speak to a recommendation, in later papers about the same council.

Ranking starts from FTS5's bm25 over a query of the recommendation's distinctive
terms (desktop/extract/terms.py: domain phrases with their synonyms; the genre's
stock words are left out), run on the council's later papers only
(desktop/search/candidates.py). Candidates are then looked at with their
context: a paragraph that a PDF broke into lines is scored as one paragraph and
offered once, by its best line; a paragraph that speaks to more of the
recommendation's subjects ranks higher. Page furniture, headings, contents
lines and tables of figures are never offered; nor are passages already linked
or dismissed (a dismissal is remembered for good).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from desktop.domain.dates import stored_date
from desktop.domain.errors import Cancelled, UserFacingError
from desktop.domain.evidence import Evidence, Suggestion
from desktop.domain.recommendations import Recommendation
from desktop.extract.terms import Concept, concepts, fts_query, matched, said
from desktop.search import candidates
from desktop.services.evidence import link_evidence
from desktop.storage import documents as doc_store
from desktop.storage import evidence as store
from desktop.storage import recommendations as rec_store
from desktop.storage.workspace import Workspace

CANDIDATES = 200  # best bm25 rows looked at again with their context
MIN_CHARS = 40  # shorter passages are headings, captions or furniture
MAX_RUN = 8  # lines of one paragraph a PDF broke apart, looked for on each side
SNIPPET_CHARS = 320
COVERAGE_BONUS = 0.35  # each further subject of the recommendation a paragraph speaks to
RUN_SCORE = sum  # a paragraph's lines' bm25 add up
MIN_SHARED = 2  # one domain phrase, or two distinctive words
LONGEST_SENTENCE = 400  # characters; longer "sentences" are lists that lost their bullets
LIST_PENALTY = 0.3  # a list of the topics a paper covers is context at best

_DOT_LEADERS = re.compile(r"(?:\.\s?){4,}|…{2,}|_{4,}")
_ENDS_IN_PAGE_NUMBER = re.compile(r"[A-Za-z][^.!?]{0,80}?[\t ]+(?:page\s+)?\d{1,3}\s*$", re.IGNORECASE)
_PAGE_LINE = re.compile(r"^\s*(?:p\s?age|page)\s+\d{1,4}\b", re.IGNORECASE)
_FIGURES = re.compile(r"[\d%£,.\-]")
_SPACES = re.compile(r"\s")
FIGURES_SAMPLE = 400
_SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]]*\s*$")


@dataclass
class _Candidate:
    passage_id: int
    document_id: int
    seq: int
    kind: str
    label: str | None
    page: int | None
    text: str
    bm25: float  # positive: higher is better
    title: str
    doc_date: date | None


def _page_furniture(stripped: str) -> bool:
    """A contents line, a page number or a running footer ("Care leavers 12", "Page 4")."""
    if _DOT_LEADERS.search(stripped) or _PAGE_LINE.match(stripped):
        return True
    return len(stripped) < 120 and bool(_ENDS_IN_PAGE_NUMBER.match(stripped)) \
        and not _SENTENCE_END.search(stripped)


def is_furniture(text: str, kind: str) -> bool:
    """Headings, page numbers, contents lines and rows of figures are not evidence."""
    stripped = text.strip()
    if kind == "heading" or len(stripped) < MIN_CHARS or _page_furniture(stripped):
        return True
    head = stripped[:FIGURES_SAMPLE]  # a table row shows itself at once
    visible = len(head) - len(_SPACES.findall(head))
    return len(_FIGURES.findall(head)) > 0.3 * visible  # a row of a table of figures


# -- the query ------------------------------------------------------------------

def _scope(ws: Workspace, rec: Recommendation) -> tuple[str, date | None]:
    """The authority and date a suggestion's document must share, from the recommendation
    or, where it has none, from its report."""
    authority, issued = rec.authority, rec.issued
    source_id = rec.document_id or rec.cited_in_document_id
    if (authority is None or issued is None) and source_id:
        source = doc_store.get_document(ws, source_id)
        if source is not None:
            authority = authority or source.authority
            issued = issued or source.date
    if not authority:
        raise UserFacingError(
            f"Recommendation {rec.label or rec.id} has no local authority, so there is no telling "
            "which papers are about the same council. Set its authority first.")
    return authority, issued


def _candidates(ws: Workspace, rec: Recommendation, query: str) -> list[_Candidate]:
    """The best-matching passages (by bm25) of the council's papers dated on or after the
    recommendation, other than its own report and the paper citing it; no copies, no headings."""
    authority, issued = _scope(ws, rec)
    try:
        ranked = candidates.ranked_passages(
            ws, query, authority=authority, dated_from=issued,
            not_in=(rec.document_id, rec.cited_in_document_id), limit=CANDIDATES)
    except sqlite3.OperationalError as error:  # the query is built from words only; say so plainly
        raise UserFacingError(f"Suggestions could not be searched for ({error}).") from error
    return [_Candidate(r[0], r[1], r[2], r[3], r[4], r[5], r[6], ranked[r[0]], r[7],
                       stored_date(r[8])) for r in candidates.passage_details(ws, list(ranked))]


# -- context: paragraphs a PDF broke into lines ----------------------------------------

def _continues(previous: tuple, current: tuple) -> bool:
    """Is ``current`` (id, seq, kind, label, text) the next line of ``previous``'s paragraph?

    A line that does not end a sentence, followed by an unlabelled paragraph line:
    what a PDF (or text copied from one) leaves of a paragraph broken at line ends.
    """
    prev_kind, prev_text = previous[2], previous[4]
    kind, label, text = current[2], current[3], current[4]
    if prev_kind == "heading" or kind != "paragraph" or label:
        return False
    if _page_furniture(prev_text.strip()) or _page_furniture(text.strip()):
        return False  # a footer or contents line between two lines is not part of either
    return not _SENTENCE_END.search(prev_text)


@dataclass
class _Run:
    """A paragraph: one passage, or the lines of one a PDF broke apart."""

    document_id: int
    first_seq: int
    lines: list[tuple]  # (id, seq, kind, label, text) in order

    @property
    def text(self) -> str:
        return " ".join(line[4].strip() for line in self.lines)

    @property
    def passage_ids(self) -> set[int]:
        return {line[0] for line in self.lines}


def _runs(ws: Workspace, chosen: list[_Candidate]) -> dict[tuple[int, int], _Run]:
    """For each candidate (document id, seq): the paragraph it is part of.

    The lines around every candidate come in one query (each document's stretch of seqs).
    """
    by_doc: dict[int, list[int]] = {}
    for c in chosen:
        by_doc.setdefault(c.document_id, []).append(c.seq)
    stretches = [(doc_id, min(seqs) - MAX_RUN, max(seqs) + MAX_RUN) for doc_id, seqs in by_doc.items()]
    lines: dict[int, list[tuple]] = {}
    for row in candidates.stretches(ws, stretches):
        lines.setdefault(row[5], []).append(row[:5])
    found: dict[tuple[int, int], _Run] = {}
    for doc_id, seqs in by_doc.items():
        rows = lines.get(doc_id, [])
        index = {row[1]: n for n, row in enumerate(rows)}
        for seq in seqs:
            at = index.get(seq)
            if at is None:
                continue
            first = last = at
            while first > 0 and at - first < MAX_RUN and _continues(rows[first - 1], rows[first]):
                first -= 1
            while last + 1 < len(rows) and last - at < MAX_RUN and _continues(rows[last], rows[last + 1]):
                last += 1
            found[(doc_id, seq)] = _Run(doc_id, rows[first][1], rows[first:last + 1])
    return found


# -- ranking -------------------------------------------------------------------------

def _reason(shared: list[Concept], text: str) -> str:
    """"shares: care leavers, pathway plans (“pathway planning”)"."""
    labels = []
    for concept in shared:
        words = said(concept, text)
        labels.append(concept.label if words == concept.label else f"{concept.label} (“{words}”)")
    return "shares: " + ", ".join(labels)


def _snippet(text: str, found: list[Concept]) -> str:
    """The paragraph, cut to a readable length around its first shared words."""
    flat = " ".join(text.split())
    if len(flat) <= SNIPPET_CHARS:
        return flat
    lower = flat.lower()
    starts = [lower.find(p.split()[0]) for c in found for p in c.phrases if p.split()]
    starts = [s for s in starts if s >= 0]
    begin = max(0, min(starts) - 80) if starts else 0
    if begin:
        space = flat.find(" ", begin)
        begin = space + 1 if 0 <= space < begin + 30 else begin
    piece = flat[begin:begin + SNIPPET_CHARS]
    return ("…" if begin else "") + piece.rstrip() + ("…" if begin + SNIPPET_CHARS < len(flat) else "")


_SENTENCE_BREAK = re.compile(r"[.!?;:](?:\s|$)|\s[-•–]\s")


def _reads_as_a_list(text: str) -> bool:
    """Lines that never end a sentence: the topics a paper lists ("the quality of ... the
    effectiveness of ..."), not what it found."""
    return any(len(piece) > LONGEST_SENTENCE for piece in _SENTENCE_BREAK.split(text))


def _representative(run: _Run, members: list[_Candidate]) -> _Candidate | None:
    """The line a suggestion points at: its best-scoring line long enough to quote."""
    quotable = [c for c in members if len(c.text.strip()) >= MIN_CHARS]
    return max(quotable, key=lambda c: (c.bm25, -c.seq)) if quotable else None


def rank(ws: Workspace, rec: Recommendation, *, limit: int = 10,
         excluded: set[int] | None = None) -> list[Suggestion]:
    """Score each paragraph (its lines' bm25, more for each further subject it shares),
    best first; a paragraph holding an excluded passage is left out whole."""
    found = concepts(rec.text, rec.authority)
    query = fts_query(found)
    if query is None:
        return []
    skip = excluded or set()
    pool = _candidates(ws, rec, query)
    runs = _runs(ws, pool)
    members: dict[tuple[int, int], list[_Candidate]] = {}
    for c in pool:
        run = runs.get((c.document_id, c.seq))
        if run is not None:
            members.setdefault((c.document_id, run.first_seq), []).append(c)
    scored: list[tuple[float, int, _Candidate, str, list[Concept]]] = []
    for lines in members.values():
        run = runs[(lines[0].document_id, lines[0].seq)]
        text = run.text
        if run.passage_ids & skip or is_furniture(text, run.lines[0][2]):
            continue
        shared = matched(found, text)
        best = _representative(run, lines)
        # Nothing shared: FTS5's stemmer matched another word ("permanent" for "permanence");
        # one stray word ("partners", "measured") is too little to offer as evidence.
        if sum(c.weight for c in shared) < MIN_SHARED or best is None:
            continue
        score = RUN_SCORE(c.bm25 for c in lines) * (1 + COVERAGE_BONUS * (len(shared) - 1))
        if _reads_as_a_list(text):
            score *= LIST_PENALTY
        scored.append((score, best.passage_id, best, text, shared))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [Suggestion(passage_id=best.passage_id, document_id=best.document_id,
                       score=round(score, 4), snippet=_snippet(text, shared),
                       reason=_reason(shared, text), document_title=best.title,
                       document_date=best.doc_date, page=best.page, label=best.label)
            for score, _pid, best, text, shared in scored[:max(1, int(limit))]]


def _get_recommendation(ws: Workspace, recommendation_id: int) -> Recommendation:
    rec = rec_store.get_recommendation(ws, recommendation_id)
    if rec is None:
        raise UserFacingError(f"There is no recommendation {recommendation_id} in this workspace.")
    return rec


def suggest(ws: Workspace, recommendation_id: int, *, limit: int = 10) -> list[Suggestion]:
    """Passages of later papers about the same council that may be evidence, best first."""
    return _suggest_for(ws, _get_recommendation(ws, recommendation_id), limit)


def _suggest_for(ws: Workspace, rec: Recommendation, limit: int) -> list[Suggestion]:
    excluded = store.dismissed_passage_ids(ws, rec.id) | store.linked_passage_ids(ws, rec.id)
    return rank(ws, rec, limit=limit, excluded=excluded)


def dismiss(ws: Workspace, recommendation_id: int, passage_id: int) -> None:
    """Never suggest this passage for this recommendation again."""
    _get_recommendation(ws, recommendation_id)
    if doc_store.get_passage(ws, passage_id) is None:
        raise UserFacingError(f"There is no passage {passage_id} in this workspace.")
    with ws.write():
        store.dismiss(ws, recommendation_id, passage_id)


def undismiss(ws: Workspace, recommendation_id: int, passage_id: int) -> None:
    """Undo of a dismissal."""
    with ws.write():
        store.undismiss(ws, recommendation_id, passage_id)


def accept(ws: Workspace, recommendation_id: int, passage_id: int, stance: str,
           note: str = "") -> Evidence:
    """A suggestion becomes evidence (the whole passage quoted).

    Only a passage about the recommendation's council can be accepted, as only those are
    suggested: a mistyped passage id must not make another council's paper evidence.
    """
    authority, _issued = _scope(ws, _get_recommendation(ws, recommendation_id))
    passage = doc_store.get_passage(ws, passage_id)
    document = doc_store.get_document(ws, passage.document_id) if passage else None
    if document is not None and (document.authority or "").casefold() != authority.casefold():
        raise UserFacingError(
            f"Passage {passage_id} is from a paper about {document.authority or 'no known council'}, "
            f"not {authority}, so it is not a suggestion for this recommendation. To link it "
            "anyway, use “evidence link”.")
    return link_evidence(ws, passage_id=passage_id, stance=stance,
                         recommendation_ids=[recommendation_id], note=note, origin="suggestion")[0]


def suggest_all(ws: Workspace, *, limit: int = 10,
                progress: Callable[[int, int], None] | None = None,
                cancel: Callable[[], bool] | None = None) -> dict[int, list[Suggestion]]:
    """Suggestions for every recommendation that has an authority; ``progress(done, total)``.

    Reads only, so Cancel (raises Cancelled) leaves nothing half-done.
    """
    recs = rec_store.list_recommendations(ws)
    results: dict[int, list[Suggestion]] = {}
    for done, rec in enumerate(recs):
        if cancel and cancel():
            raise Cancelled()
        if progress:
            progress(done, len(recs))
        try:
            results[rec.id] = _suggest_for(ws, rec, limit)
        except UserFacingError:
            results[rec.id] = []  # no authority: nothing can be suggested safely
    if progress:
        progress(len(recs), len(recs))
    return results
