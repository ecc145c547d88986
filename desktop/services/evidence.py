"""Use cases on evidence: link a quoted passage to recommendations or actions, edit, unlink, undo.

A link freezes where the quote came from (document title, type, date, page,
paragraph and a written citation), so that a quote the user keeps after
deleting its document still says where it was found.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from desktop.domain.dates import uk_date
from desktop.domain.documents import DocType, Document, Passage, PassageKind
from desktop.domain.errors import UserFacingError
from desktop.domain.evidence import Evidence, Stance
from desktop.storage import documents as doc_store
from desktop.storage import evidence as store
from desktop.storage.workspace import Workspace

MAX_NOTE = 10_000
ORIGINS = ("manual", "suggestion")
# Types whose label says nothing a reader can find the paper by: their title is used instead.
_UNHELPFUL_TYPES = {DocType.OTHER, DocType.AGENDA_PACK}


class InvalidEvidence(UserFacingError):
    """A link or change to evidence that cannot be stored as given."""


# -- citations ---------------------------------------------------------------

# Passages counted as the page's paragraphs when the paper prints no numbers.
_COUNTED_KINDS = (PassageKind.PARAGRAPH, PassageKind.NUMBERED)


def paragraph_on_page(passages: Iterable[Passage], passage: Passage) -> int | None:
    """Which paragraph of its page an unnumbered passage is (1 for the first), counted.

    Letters rarely number their paragraphs; "page 2, paragraph 3" lets a reader
    find the words in the printed letter. None where a number is printed, or
    where the paper has no pages.
    """
    if passage.label or passage.page is None or passage.kind is not PassageKind.PARAGRAPH:
        return None
    on_page = [p for p in passages if p.page == passage.page and p.kind in _COUNTED_KINDS
               and p.seq <= passage.seq]
    return len(on_page) or None


def _where_in_paper(passage: Passage, counted: int | None = None) -> str:
    if not passage.label:
        return f"paragraph {counted}" if counted else ""
    if passage.kind is PassageKind.NUMBERED:
        return f"paragraph {passage.label}"
    if passage.kind is PassageKind.BULLET:
        return f"bullet {passage.label}"
    return ""


def citation_for(document: Document, passage: Passage | None, *, pack: Document | None = None,
                 counted: int | None = None) -> str:
    """"Monitoring visit letter, 8 June 2018, page 3, paragraph 12".

    A paper inside an agenda pack is cited by its own page and, so that the
    printed pack can be opened at it, the pack's page: "..., page 2, paragraph 5
    (agenda pack of 13 July 2017, page 9)". Pack papers' passages hold the pack's
    page numbers (the file's pages); the paper's own page counts from its first.
    """
    kind = document.doc_type
    parts = [document.title if kind in _UNHELPFUL_TYPES or not kind.label else kind.label]
    if document.date:
        parts.append(uk_date(document.date))
    pack_page = None
    if passage is not None:
        page = passage.page
        if page is not None and document.pack_page_start:
            pack_page = page
            page = page - document.pack_page_start + 1
        if page is not None and page > 0:
            parts.append(f"page {page}")
        where = _where_in_paper(passage, counted)
        if where:
            parts.append(where)
    text = ", ".join(p for p in parts if p)
    of = f" of {uk_date(pack.date)}" if pack is not None and pack.date else ""
    if pack_page is not None:
        text += f" (agenda pack{of}, page {pack_page})"
    elif pack is not None:  # a pack without page numbers (a text file): still say where to look
        text += f" (in the agenda pack{of})"
    return text


# -- checks ------------------------------------------------------------------

def _stance(value: object) -> Stance:
    try:
        return Stance(str(value).strip().lower())
    except ValueError:
        raise InvalidEvidence(f"“{value}” is not a stance; use progress, concern or context.") from None


def _note(value: object) -> str:
    text = str(value or "").strip()
    if len(text) > MAX_NOTE:
        raise InvalidEvidence(f"The note is {len(text):,} characters long; keep it under {MAX_NOTE:,}.")
    return text


def _existing(ws: Workspace, table: str, ids: Iterable[int], what: str) -> list[int]:
    wanted = list(dict.fromkeys(int(i) for i in ids))
    for item in wanted:
        if not store.row_exists(ws, table, item):
            raise InvalidEvidence(f"There is no {what} {item} in this workspace.")
    return wanted


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _locate(passage_text: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` stands in the passage: exactly, else with spaces and line breaks ignored."""
    at = passage_text.find(quote)
    if at >= 0:
        return at, at + len(quote)
    words = quote.split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    match = re.search(pattern, passage_text)
    if match is None:
        match = re.search(pattern, passage_text, re.IGNORECASE)
    return (match.start(), match.end()) if match else None


def _quote_and_span(passage: Passage, quote: str | None, span_start: int | None,
                    span_end: int | None) -> tuple[str, int, int]:
    """The quote and its span in the passage, checked against the passage's text."""
    text = passage.text
    if span_start is not None or span_end is not None:
        if span_start is None or span_end is None:
            raise InvalidEvidence("Give both ends of the selection, or neither.")
        if not (0 <= span_start < span_end <= len(text)):
            raise InvalidEvidence(
                f"The selection {span_start}–{span_end} is outside the passage "
                f"(it has {len(text)} characters).")
        selected = text[span_start:span_end]
        if quote is not None and _collapse(quote) != _collapse(selected):
            raise InvalidEvidence("The quote does not match the words selected in the passage.")
        if not selected.strip():
            raise InvalidEvidence("The selection holds no words to quote.")
        return selected, span_start, span_end
    if quote is None or not quote.strip():
        return text, 0, len(text)
    found = _locate(text, quote.strip())
    if found is None:
        short = _collapse(quote)[:60]
        raise InvalidEvidence(f"“{short}” is not in passage {passage.id}; quote its words exactly.")
    return text[found[0]:found[1]], found[0], found[1]


def _frozen_source(ws: Workspace, passage: Passage) -> tuple[Document, str]:
    document = doc_store.get_document(ws, passage.document_id)
    if document is None:  # cannot happen with foreign keys on; a clear message if it does
        raise InvalidEvidence(f"The document of passage {passage.id} is no longer held.")
    pack = doc_store.get_document(ws, document.parent_id) if document.parent_id else None
    counted = None
    if not passage.label and passage.page is not None and passage.kind is PassageKind.PARAGRAPH:
        counted = paragraph_on_page(doc_store.list_passages(ws, document.id), passage)
    citation = citation_for(document, passage, pack=pack, counted=counted)
    return document, citation + _read_by_ocr(ws, document.id, passage.page)


def _read_by_ocr(ws: Workspace, document_id: int, page: int | None) -> str:
    """A quote from a scanned page says its words came from OCR, so a reader checks the scan."""
    from desktop.storage.ocr_pages import page_confidence

    confidence = page_confidence(ws, document_id, page)
    return "" if confidence is None else f" (read by OCR, {confidence:.0f}% confidence)"


def passage_citation(ws: Workspace, passage: Passage) -> str:
    """How a quote from ``passage`` will be cited (the words a link freezes)."""
    return _frozen_source(ws, passage)[1]


def get_passage(ws: Workspace, passage_id: int) -> Passage:
    passage = doc_store.get_passage(ws, passage_id)
    if passage is None:
        raise InvalidEvidence(f"There is no passage {passage_id} in this workspace.")
    return passage


# -- council boundaries ---------------------------------------------------------

class OtherAuthority(InvalidEvidence):
    """Evidence from one council's paper for another council's recommendation or action.

    Refused unless the user confirms (``other_authority=True``): a Gloucestershire
    letter is rarely evidence about Birmingham, and a wrong link skews a status.
    """

    def __init__(self, message: str, paper_authority: str, others: tuple[str, ...]):
        super().__init__(message)
        self.paper_authority, self.others = paper_authority, others


def _same_council(a: str | None, b: str | None) -> bool:
    return not a or not b or a.casefold() == b.casefold()  # unknown councils never clash


def target_authorities(ws: Workspace, recommendation_ids=(), action_ids=()) -> list[tuple[str, str]]:
    """(what, council) of each target that names a council: ("recommendation 3", "Birmingham")."""
    from desktop.services.actions import get_action
    from desktop.services.recommendations import get_recommendation

    found = []
    for rec_id in recommendation_ids:
        rec = get_recommendation(ws, rec_id)
        if rec.authority:
            found.append((f"{rec.kind.label.lower()} {rec.label} (id {rec.id})", rec.authority))
    for action_id in action_ids:
        action = get_action(ws, action_id)
        council = action.authority
        if not council and action.recommendation_ids:
            council = get_recommendation(ws, action.recommendation_ids[0]).authority
        if council:
            found.append((f"action {action.reference or action.id}", council))
    return found


def check_same_council(ws: Workspace, paper_authority: str | None, recommendation_ids=(),
                       action_ids=(), *, other_authority: bool = False) -> None:
    """Refuse targets of another council than the paper's, unless ``other_authority``."""
    if other_authority or not paper_authority:
        return
    clashes = [(what, council) for what, council in target_authorities(ws, recommendation_ids, action_ids)
               if not _same_council(paper_authority, council)]
    if not clashes:
        return
    named = "; ".join(f"{what} is {council}\u2019s" for what, council in clashes[:3])
    more = f" and {len(clashes) - 3} more" if len(clashes) > 3 else ""
    raise OtherAuthority(
        f"The paper is about {paper_authority}, but {named}{more}. Linking across councils needs "
        "confirming (on the command line, add --other-authority).",
        paper_authority, tuple(dict.fromkeys(c for _, c in clashes)))


# -- use cases ---------------------------------------------------------------

def link_evidence(ws: Workspace, *, passage_id: int, stance: str, recommendation_ids=(),
                  action_ids=(), quote: str | None = None, span_start: int | None = None,
                  span_end: int | None = None, note: str = "", origin: str = "manual",
                  other_authority: bool = False) -> list[Evidence]:
    """Link (part of) a passage to each recommendation and action given: one row per target.

    The quote defaults to the whole passage. A target already linked to the same
    words is left as it is; if every target already was, the user is told.
    """
    kind = _stance(stance)
    clean_note = _note(note)
    if origin not in ORIGINS:
        raise InvalidEvidence(f"“{origin}” is not an origin; use manual or suggestion.")
    recs = _existing(ws, "recommendations", recommendation_ids, "recommendation")
    acts = _existing(ws, "actions", action_ids, "action")
    if not recs and not acts:
        raise InvalidEvidence("Choose at least one recommendation or action to link the passage to.")
    passage = get_passage(ws, passage_id)
    words, start, end = _quote_and_span(passage, quote, span_start, span_end)
    document, citation = _frozen_source(ws, passage)
    check_same_council(ws, document.authority, recs, acts, other_authority=other_authority)
    targets = [(r, None) for r in recs] + [(None, a) for a in acts]
    new_ids: list[int] = []
    with ws.write():
        for rec_id, action_id in targets:
            if store.already_linked(ws, rec_id, action_id, passage.id, start, end):
                continue
            new_ids.append(store.insert_evidence(ws, store.NewEvidence(
                recommendation_id=rec_id, action_id=action_id, passage_id=passage.id,
                document_id=document.id, quote=words, span_start=start, span_end=end,
                page=passage.page, label=passage.label, citation=citation,
                document_title=document.title, document_type=document.doc_type.value,
                document_date=document.date, stance=kind.value, note=clean_note, origin=origin)))
    if not new_ids:
        raise InvalidEvidence("Those words are already linked to everything chosen.")
    return [get_evidence(ws, i) for i in new_ids]


def get_evidence(ws: Workspace, evidence_id: int) -> Evidence:
    found = store.get_evidence(ws, evidence_id)
    if found is None:
        raise InvalidEvidence(f"There is no evidence {evidence_id} in this workspace.")
    return found


def list_evidence(ws: Workspace, *, recommendation_id: int | None = None,
                  action_id: int | None = None, document_id: int | None = None,
                  needs_review: bool | None = None) -> list[Evidence]:
    """Evidence newest document first (kept quotes of deleted undated documents last)."""
    return store.list_evidence(ws, recommendation_id=recommendation_id, action_id=action_id,
                               document_id=document_id, needs_review=needs_review)


def evidence_for_passages(ws: Workspace, passage_ids: Iterable[int]) -> dict[int, list[Evidence]]:
    """The evidence quoting each passage, for highlights in the reader."""
    return store.evidence_for_passages(ws, passage_ids)


def edit_evidence(ws: Workspace, evidence_id: int, *, stance: str | None = None,
                  note: str | None = None, needs_review: bool | None = None) -> Evidence:
    """Re-stance, change the note, or (``needs_review=False``) mark a re-attached quote checked."""
    get_evidence(ws, evidence_id)
    changes: dict[str, object] = {}
    if stance is not None:
        changes["stance"] = _stance(stance).value
    if note is not None:
        changes["note"] = _note(note)
    if needs_review is not None:
        changes["needs_review"] = bool(needs_review)
    if changes:
        with ws.write():
            store.update_evidence(ws, evidence_id, changes)
    return get_evidence(ws, evidence_id)


def move_evidence(ws: Workspace, evidence_id: int, passage_id: int, *, quote: str | None = None,
                  span_start: int | None = None, span_end: int | None = None,
                  other_authority: bool = False) -> Evidence:
    """Point a quote at another passage (resolving one its document's revision lost)."""
    current = get_evidence(ws, evidence_id)
    passage = get_passage(ws, passage_id)
    words, start, end = _quote_and_span(passage, quote, span_start, span_end)
    document, citation = _frozen_source(ws, passage)
    check_same_council(ws, document.authority,
                       [current.recommendation_id] if current.recommendation_id else [],
                       [current.action_id] if current.action_id else [],
                       other_authority=other_authority)
    with ws.write():
        store.update_evidence(ws, evidence_id, {
            "quote": words, **_source_fields(document, passage, citation, start, end)})
    return get_evidence(ws, evidence_id)


def _source_fields(document: Document, passage: Passage, citation: str, start: int,
                   end: int) -> dict[str, object]:
    return {"passage_id": passage.id, "document_id": document.id, "span_start": start,
            "span_end": end, "page": passage.page, "label": passage.label, "citation": citation,
            "document_title": document.title, "document_type": document.doc_type.value,
            "document_date": document.date, "needs_review": False}


def delete_evidence(ws: Workspace, evidence_id: int) -> Evidence:
    """Unlink; returns what was deleted, to put back with ``restore_evidence`` (undo)."""
    from desktop.storage import trash as trash_store

    evidence = get_evidence(ws, evidence_id)
    with ws.write():
        trash_store.put(ws, "evidence", evidence_id, f"“{evidence.quote}”", {
            "rows": {"evidence": trash_store.rows_in(ws, "evidence", "id", [evidence_id])},
            "relink": {}})
        store.delete_evidence(ws, evidence_id)
    return evidence


def restore_evidence(ws: Workspace, evidence: Evidence) -> Evidence:
    """Put deleted evidence back with its id. A quote whose document went since is kept
    with its frozen citation; one whose recommendation or action went cannot come back."""
    if evidence.recommendation_id is not None and not store.row_exists(
            ws, "recommendations", evidence.recommendation_id):
        raise InvalidEvidence("The recommendation this evidence was linked to has been deleted.")
    if evidence.action_id is not None and not store.row_exists(ws, "actions", evidence.action_id):
        raise InvalidEvidence("The action this evidence was linked to has been deleted.")
    new = store.as_new(evidence)
    if new.passage_id is not None and doc_store.get_passage(ws, new.passage_id) is None:
        new = replace(new, passage_id=None, document_id=None)
    from desktop.storage import trash as trash_store

    with ws.write():
        trash_store.remove_for(ws, "evidence", evidence.id)
        store.delete_evidence(ws, evidence.id)  # redo of an undo: the row is put back whole
        store.insert_evidence(ws, new)
    return get_evidence(ws, evidence.id)


def evidence_count_in_document(ws: Workspace, document_id: int) -> int:
    """How many quotes a document holds (a pack: in all its papers)."""
    return store.count_in_document(ws, document_id)


# -- revised documents --------------------------------------------------------

def move_to_revision(ws: Workspace, old_document_id: int, new_document_id: int, *,
                     other_authority: bool = False) -> tuple[int, int]:
    """The user says ``new`` revises ``old``: its quotes move to the same words in it.

    The old document stays (its recommendations may carry notes and actions); the
    user deletes it when ready. Returns (re-attached, needing review). A revision
    about another council is refused unless ``other_authority``.
    """
    if old_document_id == new_document_id:
        raise InvalidEvidence("Choose a different document as the revised version.")
    docs = []
    for doc_id in (old_document_id, new_document_id):
        doc = doc_store.get_document(ws, doc_id)
        if doc is None:
            raise InvalidEvidence(f"There is no document {doc_id} in this workspace.")
        docs.append(doc)
    old, new = docs
    if not other_authority and not _same_council(old.authority, new.authority):
        raise OtherAuthority(
            f"Document {new.id} is about {new.authority}, but document {old.id} (and the evidence "
            f"quoting it) is about {old.authority}. Moving quotes across councils needs confirming "
            "(on the command line, add --other-authority).", new.authority or "", (old.authority or "",))
    return reattach_evidence(ws, old_document_id, new_document_id)


def reattach_evidence(ws: Workspace, old_document_id: int, new_document_id: int) -> tuple[int, int]:
    """Move quotes from a document to its revision, to the same words where they still stand.

    Runs inside the caller's transaction when there is one (the old document is
    usually deleted in it), else in its own. Each quote is looked for first in the passage with the same label, then
    in any passage of the new document. A quote not found is kept where it is and
    marked ``needs_review`` for the user to resolve (with its frozen citation, it
    survives the old document's deletion). Returns (re-attached, needing review).
    """
    if not ws.conn.in_transaction:
        with ws.write():
            return reattach_evidence(ws, old_document_id, new_document_id)
    moved = store.list_evidence(ws, document_id=old_document_id)
    moved = [e for e in moved if e.document_id == old_document_id]
    if not moved:
        return 0, 0
    new_document = doc_store.get_document(ws, new_document_id)
    passages = doc_store.list_passages(ws, new_document_id) if new_document else []
    pack = (doc_store.get_document(ws, new_document.parent_id)
            if new_document is not None and new_document.parent_id else None)
    reattached = review = 0
    for evidence in moved:
        found = _find_again(evidence, passages)
        if found is None or new_document is None:
            store.update_evidence(ws, evidence.id, {"needs_review": True})
            review += 1
            continue
        passage, start, end = found
        fields = _source_fields(new_document, passage,
                                citation_for(new_document, passage, pack=pack,
                                             counted=paragraph_on_page(passages, passage)),
                                start, end)
        store.update_evidence(ws, evidence.id, fields)
        reattached += 1
    return reattached, review


def _find_again(evidence: Evidence, passages: list[Passage]) -> tuple[Passage, int, int] | None:
    label = evidence.label
    for passage in sorted(passages, key=lambda p: not (label and p.label == label)):
        found = _locate(passage.text, evidence.quote)
        if found is not None:
            return passage, found[0], found[1]
    return None
