"""Use cases on documents held: list, read, correct metadata, delete."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.domain.dates import typed_date
from desktop.domain.documents import DocType, Document, Passage
from desktop.domain.errors import UserFacingError
from desktop.extract.authority import typed_authority
from desktop.services.findings import hand_findings_to
from desktop.storage import documents as store
from desktop.storage.workspace import Workspace


class InvalidEdit(UserFacingError):
    """A metadata correction that cannot be stored as given."""


def list_documents(ws: Workspace) -> list[Document]:
    return store.list_documents(ws)


def documents_by_id(ws: Workspace, doc_ids: set[int]) -> dict[int, Document]:
    return store.documents_by_id(ws, doc_ids)


def get_document(ws: Workspace, doc_id: int) -> Document:
    document = store.get_document(ws, doc_id)
    if document is None:
        raise UserFacingError(f"There is no document {doc_id} in this workspace.")
    return document


def document_passages(ws: Workspace, doc_id: int) -> list[Passage]:
    get_document(ws, doc_id)
    return store.list_passages(ws, doc_id)


def ocr_pages(ws: Workspace, doc_id: int) -> dict[int, float]:
    """Pages of the paper read by OCR (scanned pages) -> the engine's confidence, 0-100."""
    from desktop.storage.ocr_pages import ocr_pages_of

    return ocr_pages_of(ws, doc_id)


def faint_word_spans(ws: Workspace, passages: list[Passage]) -> dict[int, list[tuple[int, int]]]:
    """Passage id -> spans (within its text) of the words OCR doubted, shown faintly.

    ``passages`` are those of one paper, in reading order; passages of pages with a
    real text layer get nothing.
    """
    from desktop.domain.ocr_text import faint_spans
    from desktop.storage.ocr_pages import faint_words_of

    by_page: dict[tuple[int, int], list[Passage]] = {}
    for passage in passages:
        if passage.page is not None:
            by_page.setdefault((passage.document_id, passage.page), []).append(passage)
    doubted: dict[int, dict[int, tuple[str, ...]]] = {}
    spans: dict[int, list[tuple[int, int]]] = {}
    for (doc_id, page), on_page in by_page.items():
        if doc_id not in doubted:
            doubted[doc_id] = faint_words_of(ws, doc_id)
        words = doubted[doc_id].get(page)
        if not words:
            continue
        for passage, found in zip(on_page, faint_spans([p.text for p in on_page], words), strict=True):
            if found:
                spans[passage.id] = found
    return spans


def _as_date(name: str, value: object) -> date | None:
    try:
        return typed_date(value, name.replace("_", " "))
    except ValueError as error:
        raise InvalidEdit(str(error)) from None


def _clean_changes(changes: dict[str, object]) -> dict[str, object]:
    clean: dict[str, object] = {}
    for name, value in changes.items():
        if name not in store.EDITABLE_FIELDS:
            raise InvalidEdit(f"“{name}” is not something that can be edited.")
        if name == "title":
            title = " ".join(str(value or "").split())
            if not title:
                raise InvalidEdit("A document needs a title.")
            clean[name] = title[:500]
        elif name == "doc_type":
            try:
                clean[name] = str(DocType(str(value)))
            except ValueError as error:
                known = ", ".join(t.value for t in DocType)
                raise InvalidEdit(f"“{value}” is not a document type; use one of {known}.") from error
        elif name == "authority":
            # "leeds" or "BANES" becomes the council's usual name, so filters group them.
            clean[name] = typed_authority(value)
        else:
            clean[name] = _as_date(name, value)
    start, end = clean.get("period_start"), clean.get("period_end")
    if isinstance(start, date) and isinstance(end, date) and end < start:
        raise InvalidEdit("The period ends before it starts.")
    return clean


def edit_document(ws: Workspace, doc_id: int, changes: dict[str, object]) -> Document:
    """Correct a document's metadata; returns the document as now stored."""
    get_document(ws, doc_id)
    clean = _clean_changes(changes)
    with ws.write():
        store.update_fields(ws, doc_id, clean)
    return get_document(ws, doc_id)


@dataclass(frozen=True, slots=True)
class DeletionImpact:
    document: Document
    papers: int
    passages: int
    duplicates_released: int
    recommendations: int = 0
    evidence: int = 0  # quotes of it linked as evidence (kept with their citations, or deleted)
    recommendations_kept: int = 0  # hold the user's work, so stay with a frozen citation
    user_work: dict[str, int] | None = None  # what goes with the recommendations, when they go too

    def describe(self) -> str:
        parts = [f"“{self.document.title}”"]
        if self.papers:
            parts.append(f"its {self.papers} paper{'s' if self.papers != 1 else ''}")
        parts.append(f"{self.passages} passage{'s' if self.passages != 1 else ''} of text")
        if self.recommendations:
            parts.insert(-1, f"{self.recommendations} recommendation"
                             f"{'s' if self.recommendations != 1 else ''} nobody has worked on")
        text = "This moves to the trash " + ", ".join(parts[:-1]) + " and " + parts[-1] + "."
        if self.recommendations_kept:
            kept = self.recommendations_kept
            text += (f" {kept} recommendation{'s' if kept != 1 else ''} holding your work (quotes, "
                     "notes, action links, a status you set) will be kept, marked as from a paper "
                     "since removed, unless you choose to delete them too.")
        goes = {k: v for k, v in (self.user_work or {}).items() if v}
        if goes:
            text += " With the recommendations go " + ", ".join(
                f"{n} {k if n != 1 else k.rstrip('s')}" for k, n in goes.items()) + "."
        if self.duplicates_released:
            copies = "copy" if self.duplicates_released == 1 else "copies"
            text += (f" The {self.duplicates_released} {copies} of it held elsewhere will be kept"
                     " (one of them becomes the original).")
        if self.evidence:
            quotes = "quote" if self.evidence == 1 else "quotes"
            text += (f" It holds {self.evidence} {quotes} linked as evidence: they can be kept, with "
                     "their citations, or deleted with it.")
        return text


def deletion_impact(ws: Workspace, doc_id: int, *,
                    delete_recommendations: bool = False) -> DeletionImpact:
    """What deleting a document would take with it, to confirm with the user first."""
    from desktop.storage import trash as trash_store

    document = get_document(ws, doc_id)
    counts = store.deletion_counts(ws, doc_id)
    made = store.recommendations_made_by(ws, store.papers_of(ws, doc_id))
    kept = trash_store.holding_user_work(ws, made)
    if delete_recommendations:
        counts["recommendations"] = len(made)
        going_too = store.user_work_counts(ws, made)
    else:
        counts["recommendations"] = len(made) - len(kept)
        counts["recommendations_kept"] = len(kept)
        going_too = None
    return DeletionImpact(document=document, user_work=going_too, **counts)


def _source_citation(ws: Workspace, doc_id: int) -> str:
    document = store.get_document(ws, doc_id)
    if document is None:
        return ""
    when = f", {document.date.day} {document.date:%B %Y}" if document.date else ""
    return f"{document.title}{when} (a paper since removed)"


def delete_document(ws: Workspace, doc_id: int, *, keep_quotes: bool = True,
                    delete_recommendations: bool = False) -> DeletionImpact:
    """Move a document (a pack with its papers) to the trash; its copies keep one original.

    Evidence quoting it moves to a surviving copy where the same words stand there;
    the rest is kept with its frozen citation (``keep_quotes``) or goes with it.
    A recommendation it made that holds the user's work (quotes, notes, action links,
    a status override, dismissals, hand edits) stays, its source frozen as a citation,
    unless ``delete_recommendations``. What goes can be restored from the trash.
    """
    from desktop.services.evidence import reattach_evidence
    from desktop.storage import trash as trash_store

    impact = deletion_impact(ws, doc_id, delete_recommendations=delete_recommendations)
    with ws.write():
        heirs = store.promote_copies_of(ws, doc_id)
        for original, heir in heirs:
            hand_findings_to(ws, original, heir)
            reattach_evidence(ws, original, heir)
        doc_ids = store.papers_of(ws, doc_id)
        made = store.recommendations_made_by(ws, doc_ids)
        kept = set() if delete_recommendations else trash_store.holding_user_work(ws, made)
        doomed = [r for r in made if r not in kept]
        snapshot = trash_store.capture_document(ws, doc_ids, doomed, quotes_go=not keep_quotes)
        snapshot["heirs"] = heirs  # a copy took over as the original: restored, this is its copy
        trash_store.freeze_citations(ws, kept, lambda d: _source_citation(ws, d))
        trash_store.delete_recommendation_rows(ws, doomed)
        if not keep_quotes:
            store.delete_evidence_rows(ws, [e["id"] for e in snapshot["rows"]["evidence"]])
        store.delete_document(ws, doc_id)
        trash_store.put(ws, "document", doc_id, impact.document.title, snapshot)
        if impact.document.parent_id is not None:
            store.set_pack_passage_count(ws, impact.document.parent_id)
    return impact


def known_authorities(ws: Workspace) -> list[str]:
    return store.authorities(ws)
