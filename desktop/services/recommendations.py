"""Use cases on recommendations: list, read, add, edit, merge, split, delete, notes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import cast

from desktop.domain.dates import typed_date
from desktop.domain.documents import Document, Passage
from desktop.domain.errors import UserFacingError
from desktop.domain.recommendations import (
    Judgement,
    Recommendation,
    RecommendationKind,
    RecommendationStatus,
)
from desktop.extract.authority import typed_authority
from desktop.storage import documents as doc_store
from desktop.storage import recommendations as store
from desktop.storage import trash as trash_store
from desktop.storage.workspace import Workspace

NOTE_KINDS = ("note", "question")


class InvalidRecommendation(UserFacingError):
    """A change to a recommendation that cannot be stored as given."""


def list_recommendations(ws: Workspace, *, document_id: int | None = None,
                         authority: str | None = None) -> list[Recommendation]:
    return store.list_recommendations(ws, document_id=document_id, authority=authority)


def get_recommendation(ws: Workspace, rec_id: int) -> Recommendation:
    found = store.get_recommendation(ws, rec_id)
    if found is None:
        raise UserFacingError(f"There is no recommendation {rec_id} in this workspace.")
    return found


@dataclass(frozen=True, slots=True)
class RecommendationDetail:
    recommendation: Recommendation
    document: Document | None  # the report that made it
    cited_in: Document | None  # the paper that quoted it, when the report is not held
    source: Passage | None
    supporting: list[Passage]
    notes: list[store.Note]


def recommendation_detail(ws: Workspace, rec_id: int) -> RecommendationDetail:
    rec = get_recommendation(ws, rec_id)

    def document(doc_id: int | None) -> Document | None:
        return doc_store.get_document(ws, doc_id) if doc_id else None

    supporting = [p for p in (doc_store.get_passage(ws, pid) for pid in rec.supporting_passage_ids)
                  if p is not None]
    source = doc_store.get_passage(ws, rec.source_passage_id) if rec.source_passage_id else None
    return RecommendationDetail(rec, document(rec.document_id), document(rec.cited_in_document_id),
                                source, supporting, store.list_notes(ws, rec_id))


def _clean(changes: dict[str, object]) -> dict[str, object]:
    clean: dict[str, object] = {}
    for name, value in changes.items():
        if name == "text":
            text = str(value or "").strip()
            if not text:
                raise InvalidRecommendation("A recommendation needs some text.")
            clean[name] = text[:20_000]
        elif name == "label":
            clean[name] = " ".join(str(value or "").split())[:20]
        elif name == "kind":
            try:
                clean[name] = RecommendationKind(str(value)).value
            except ValueError:
                kinds = ", ".join(k.value for k in RecommendationKind)
                raise InvalidRecommendation(f"“{value}” is not a kind; use one of {kinds}.") from None
        elif name == "status":
            try:
                clean[name] = RecommendationStatus(str(value)).value
            except ValueError:
                statuses = ", ".join(s.value for s in RecommendationStatus)
                raise InvalidRecommendation(f"“{value}” is not a status; use one of {statuses}.") from None
        elif name == "authority":
            clean[name] = typed_authority(value)
        elif name == "issued":
            clean[name] = _as_date(value)
        else:
            raise InvalidRecommendation(f"“{name}” is not something a recommendation has.")
    return clean


def _as_date(value: object) -> date | None:
    try:
        return typed_date(value, "issue date")
    except ValueError as error:
        raise InvalidRecommendation(str(error)) from None


def add_recommendation(ws: Workspace, text: str, *, label: str = "", kind: str = "recommendation",
                       authority: str | None = None, issued: object = None,
                       document_id: int | None = None, passage_id: int | None = None) -> Recommendation:
    """A recommendation typed in by hand (optionally attached to a held report), or taken from a
    passage the user selected in the Reader (``passage_id``: it belongs to that passage's paper)."""
    fields = _clean({"text": text, "label": label, "kind": kind, "authority": authority,
                     "issued": issued})
    if passage_id is not None:
        owner = doc_store.passage_document(ws, passage_id)
        if owner is None:
            raise InvalidRecommendation(f"There is no passage {passage_id} in this workspace.")
        if document_id is not None and document_id != owner:
            raise InvalidRecommendation(f"Passage {passage_id} is not in document {document_id}.")
        document_id = owner
    if document_id is not None:
        doc = doc_store.get_document(ws, document_id)
        if doc is None:
            raise InvalidRecommendation(f"There is no document {document_id} in this workspace.")
        fields["authority"] = fields["authority"] or doc.authority
        fields["issued"] = fields["issued"] or doc.date
    with ws.write():
        position = store.next_position(ws, document_id)
        rec_id = store.insert_recommendation(ws, store.NewRecommendation(
            label=str(fields["label"] or position + 1), text=str(fields["text"]), kind=str(fields["kind"]),
            authority=cast("str | None", fields["authority"]), issued=cast("date | None", fields["issued"]),
            document_id=document_id,
            source_passage_id=passage_id, position=position, origin="manual"))
    return get_recommendation(ws, rec_id)


def edit_recommendation(ws: Workspace, rec_id: int, changes: dict[str, object]) -> Recommendation:
    get_recommendation(ws, rec_id)
    clean = _clean(changes)
    with ws.write():
        store.update_recommendation(ws, rec_id, clean)
        store.mark_edited(ws, rec_id, {"label", "text", "kind"} & set(clean))
    return get_recommendation(ws, rec_id)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything about one recommendation, to put it back exactly (undo)."""

    recommendation: Recommendation
    notes: list[store.Note]
    trash_id: int | None = None  # set once deleted: the trash holds its quotes, links and notes


def snapshot(ws: Workspace, rec_id: int) -> Snapshot:
    return Snapshot(get_recommendation(ws, rec_id), store.list_notes(ws, rec_id))


def _restore(ws: Workspace, snap: Snapshot) -> None:
    rec = snap.recommendation
    held = trash_store.get_item(ws, snap.trash_id) if snap.trash_id is not None else None
    if held is not None and snap.trash_id is not None and store.get_recommendation(ws, rec.id) is None:
        trash_store.restore(ws, held[1])
        trash_store.remove(ws, snap.trash_id)
        return
    if store.get_recommendation(ws, rec.id) is not None:
        # Undo of an edit: put the fields back in place, so nothing hanging on it is touched.
        store.update_recommendation(ws, rec.id, {
            "label": rec.label, "text": rec.text, "kind": rec.kind.value,
            "authority": rec.authority, "issued": rec.issued, "status": rec.status.value,
            "document_id": rec.document_id, "source_passage_id": rec.source_passage_id,
            "position": rec.position})
        store.set_support(ws, rec.id, rec.supporting_passage_ids)
        for note in snap.notes:
            store.put_note_back(ws, rec.id, note)
        return
    store.insert_recommendation(ws, store.NewRecommendation(
        id=rec.id, label=rec.label, text=rec.text, kind=rec.kind.value, authority=rec.authority,
        issued=rec.issued, document_id=rec.document_id, cited_in_document_id=rec.cited_in_document_id,
        source_passage_id=rec.source_passage_id, supporting_passage_ids=rec.supporting_passage_ids,
        position=rec.position, origin=rec.origin, status=rec.status.value, addressed_to=rec.addressed_to))
    for note in snap.notes:
        store.put_note_back(ws, rec.id, note)


def restore(ws: Workspace, snapshots: list[Snapshot], remove_ids: tuple[int, ...] = ()) -> None:
    """Undo: put recommendations back as they were, removing any made since (``remove_ids``)."""
    from desktop.services.trash import trash_recommendations

    with ws.write():
        worked_on = trash_store.holding_user_work(ws, remove_ids, hand_made_counts=False)
        for rec_id in remove_ids:
            if rec_id in worked_on:  # work added since (a quote, a note) goes to the trash, not away
                rec = store.get_recommendation(ws, rec_id)
                label = f"Recommendation {rec.label}: {rec.text}" if rec else f"Recommendation {rec_id}"
                trash_recommendations(ws, [rec_id], label[:200])
            else:
                store.delete_recommendation(ws, rec_id)
        for snap in snapshots:
            _restore(ws, snap)


def delete_recommendation(ws: Workspace, rec_id: int) -> Snapshot:
    """Move a recommendation, with its notes, quotes, action links and dismissals, to the
    trash; the snapshot undoes it (from the trash, so all of that comes back)."""
    from desktop.services.trash import trash_recommendations

    snap = snapshot(ws, rec_id)
    rec = snap.recommendation
    label = f"Recommendation {rec.label}: {rec.text}" if rec.label else rec.text
    with ws.write():
        trash_id = trash_recommendations(ws, [rec_id], label[:200])
    return Snapshot(snap.recommendation, snap.notes, trash_id)


def merge_recommendations(ws: Workspace, rec_ids: list[int]) -> tuple[Recommendation, list[Snapshot]]:
    """One recommendation from several: the first keeps its place; texts, backing and notes join."""
    ids = list(dict.fromkeys(rec_ids))
    if len(ids) < 2:
        raise InvalidRecommendation("Choose two or more recommendations to merge.")
    snaps = [snapshot(ws, rec_id) for rec_id in ids]
    keep, others = snaps[0].recommendation, [s.recommendation for s in snaps[1:]]
    support = tuple(dict.fromkeys(p for s in snaps for p in s.recommendation.supporting_passage_ids))
    with ws.write():
        store.update_recommendation(ws, keep.id, {"text": "\n".join(
            [keep.text] + [r.text for r in others if r.text not in keep.text])})
        store.set_support(ws, keep.id, support)
        store.move_notes(ws, [r.id for r in others], keep.id)
        for other in others:
            store.delete_recommendation(ws, other.id)
    return get_recommendation(ws, keep.id), snaps


def split_recommendation(ws: Workspace, rec_id: int, parts: list[str]) -> tuple[list[int], Snapshot]:
    """Several recommendations from one: the first part keeps its id, notes and status."""
    texts = [p.strip() for p in parts if p and p.strip()]
    if len(texts) < 2:
        raise InvalidRecommendation("Give at least two parts to split a recommendation into.")
    snap = snapshot(ws, rec_id)
    rec = snap.recommendation
    with ws.write():
        store.update_recommendation(ws, rec.id, {"text": texts[0]})
        new_ids = [store.insert_recommendation(ws, store.NewRecommendation(
            label=f"{rec.label}{chr(ord('a') + n - 1)}" if rec.label else "", text=text,
            kind=rec.kind.value, authority=rec.authority, issued=rec.issued,
            document_id=rec.document_id, cited_in_document_id=rec.cited_in_document_id,
            source_passage_id=rec.source_passage_id, supporting_passage_ids=rec.supporting_passage_ids,
            position=rec.position, origin="manual", status=rec.status.value, addressed_to=rec.addressed_to))
            for n, text in enumerate(texts[1:], start=1)]
    return [rec.id, *new_ids], snap


def add_note(ws: Workspace, rec_id: int, text: str, kind: str = "note") -> store.Note:
    get_recommendation(ws, rec_id)
    if kind not in NOTE_KINDS:
        raise InvalidRecommendation(f"A note is a “note” or a “question”, not “{kind}”.")
    text = text.strip()
    if not text:
        raise InvalidRecommendation("The note is empty.")
    with ws.write():
        note_id = store.insert_note(ws, rec_id, kind, text)
    return next(n for n in store.list_notes(ws, rec_id) if n.id == note_id)


def delete_note(ws: Workspace, note_id: int) -> None:
    with ws.write():
        store.delete_note(ws, note_id)


def list_judgements(ws: Workspace, authority: str | None = None) -> list[Judgement]:
    return store.list_judgements(ws, authority)


@dataclass(frozen=True, slots=True)
class InspectionGrades:
    """One inspection's grades, for the judgement history of an authority."""

    authority: str | None
    date: date | None
    document_id: int
    grades: dict[str, str]  # area -> grade, in the order the report gives them
    cited: bool


def judgement_history(ws: Workspace, authority: str | None = None) -> list[InspectionGrades]:
    """Each inspection's grades by area, oldest first, per authority."""
    history: dict[tuple, InspectionGrades] = {}
    for j in store.list_judgements(ws, authority):
        key = (j.authority, j.date, j.document_id)
        if key not in history:
            history[key] = InspectionGrades(j.authority, j.date, j.document_id, {}, j.cited)
        history[key].grades.setdefault(j.area, j.grade)
    return sorted(history.values(), key=lambda g: ((g.authority or ""), g.date or date.min))
