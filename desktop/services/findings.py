"""Store what an imported paper says an inspection found, without counting anything twice.

A recommendation can reach the workspace three ways: from the inspection
report itself, from a paper that quotes it (an officer report listing Ofsted's
recommendations), or from a reprint of the report inside an agenda pack. They
are one recommendation: matched by authority, kind, date (within a few months)
and wording, and the report itself wins as the source when it arrives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from desktop.domain.recommendations import Findings, Recommendation, RecommendationDraft
from desktop.storage import recommendations as recs
from desktop.storage.workspace import Workspace

SAME_INSPECTION_DAYS = 150  # a report and the papers quoting it name dates months apart
SAME_WORDING = 0.5  # Jaccard overlap of words for "the same recommendation"
_WORD = re.compile(r"[a-z]{3,}")


def _similarity(a: str, b: str) -> float:
    left, right = set(_WORD.findall(a.lower())), set(_WORD.findall(b.lower()))
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


def _matching(draft: RecommendationDraft, held: list[Recommendation]) -> Recommendation | None:
    scored = [(_similarity(draft.text, r.text), r) for r in held if r.kind == draft.kind]
    scored = [(score, r) for score, r in scored if score >= SAME_WORDING]
    return max(scored, key=lambda pair: pair[0])[1] if scored else None


def _copies_of(ws: Workspace, doc_id: int) -> set[int]:
    return {r[0] for r in ws.conn.execute("SELECT id FROM documents WHERE duplicate_of = ?", (doc_id,))}


def record_findings(ws: Workspace, doc_id: int, authority: str | None, doc_date: date | None,
                    findings: Findings) -> None:
    """Write a paper's findings (call inside the import's transaction)."""
    if not findings.recommendations and not findings.judgements:
        return
    passage_ids = recs.passage_ids_in_order(ws, doc_id)

    def pid(seq: int | None) -> int | None:
        return passage_ids[seq] if seq is not None and 0 <= seq < len(passage_ids) else None

    issued = findings.cited_inspection_date or doc_date
    copies = _copies_of(ws, doc_id)
    held = recs.near_recommendations(ws, authority, issued, SAME_INSPECTION_DAYS)
    for position, draft in enumerate(findings.recommendations):
        source = pid(draft.source_passages[0]) if draft.source_passages else None
        support = tuple(p for p in map(pid, draft.supporting_passages) if p is not None)
        match = _matching(draft, held)
        if match is not None:
            held.remove(match)
            if findings.cited:
                continue  # already known, from the report or an earlier paper quoting it
            if match.document_id in (None, doc_id) or match.document_id in copies:
                # The report arrives after a paper that quoted it (or after its reprint), or
                # is read again: it becomes the source; the user's status and notes stay.
                recs.update_recommendation(ws, match.id, {
                    "document_id": doc_id, "source_passage_id": source, "label": draft.label,
                    "text": draft.text, "position": position, "issued": issued,
                    "source_citation": ""})  # a removed report imported again is its source again
                recs.set_support(ws, match.id, support)
                continue
        recs.insert_recommendation(ws, recs.NewRecommendation(
            label=draft.label, text=draft.text, kind=draft.kind.value, authority=authority,
            issued=issued, document_id=None if findings.cited else doc_id,
            cited_in_document_id=doc_id if findings.cited else None, source_passage_id=source,
            supporting_passage_ids=support, position=position, addressed_to=draft.group))
    _record_judgements(ws, doc_id, authority, issued, findings, copies, pid)


def _record_judgements(ws: Workspace, doc_id: int, authority: str | None, when: date | None,
                       findings: Findings, copies: set[int], pid) -> None:
    if not findings.judgements:
        return
    near = recs.near_judgements(ws, authority, when, SAME_INSPECTION_DAYS)
    if findings.cited and near:
        return  # the inspection's grades are already held
    if not findings.cited:
        superseded = [jid for jid, cited, _area in near if cited]
        superseded += [r[0] for r in ws.conn.execute(
            f"SELECT id FROM judgements WHERE document_id IN ({','.join('?' * len(copies))})",
            tuple(copies))] if copies else []
        recs.delete_judgements(ws, superseded)
    for position, judgement in enumerate(findings.judgements):
        recs.insert_judgement(ws, document_id=doc_id, position=position, authority=authority,
                              when=when, area=judgement.area, grade=judgement.grade,
                              cited=findings.cited, source_passage_id=pid(judgement.source_passage))


def hand_findings_to(ws: Workspace, old_doc: int, new_doc: int) -> None:
    """Before ``old_doc`` is deleted, its copy ``new_doc`` takes over its findings.

    Passage links move to the passage of the copy with the same label and text start.
    """
    moved = ws.conn.execute(
        "SELECT id, source_passage_id FROM recommendations WHERE document_id = ?", (old_doc,)).fetchall()
    if not moved and not ws.conn.execute(
            "SELECT 1 FROM judgements WHERE document_id = ?", (old_doc,)).fetchone():
        return
    new_passages: dict[tuple[str | None, str], int] = {}
    for pid, label, text in ws.conn.execute(
            "SELECT id, label, text FROM passages WHERE document_id = ? ORDER BY seq", (new_doc,)):
        new_passages.setdefault((label, text[:60]), pid)

    def counterpart(passage_id: int | None) -> int | None:
        if passage_id is None:
            return None
        row = ws.conn.execute("SELECT label, text FROM passages WHERE id = ?", (passage_id,)).fetchone()
        return new_passages.get((row[0], row[1][:60])) if row else None

    for rec_id, source in moved:
        support = tuple(p for p in (counterpart(s) for (s,) in ws.conn.execute(
            "SELECT passage_id FROM recommendation_support WHERE recommendation_id = ?", (rec_id,)))
            if p is not None)
        recs.update_recommendation(ws, rec_id, {"document_id": new_doc,
                                                "source_passage_id": counterpart(source)})
        recs.set_support(ws, rec_id, support)
    for jid, source in ws.conn.execute(
            "SELECT id, source_passage_id FROM judgements WHERE document_id = ?", (old_doc,)).fetchall():
        ws.conn.execute("UPDATE judgements SET document_id = ?, source_passage_id = ? WHERE id = ?",
                        (new_doc, counterpart(source), jid))


@dataclass
class ReExtraction:
    """What reading papers again changed, by recommendation id."""

    documents: int = 0  # documents that gave any recommendations or judgements
    added: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    no_longer_found: list[int] = field(default_factory=list)

    def describe(self) -> str:
        return (f"{len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} "
                f"unchanged, {len(self.no_longer_found)} no longer found in their paper (kept)")


def _best_held(draft: RecommendationDraft, held: list[Recommendation],
               reworded: set[int]) -> Recommendation | None:
    """The held recommendation a draft is: same kind, and the same words, or the same label
    and words that overlap (any words, when the user reworded it: ``reworded``)."""
    best, best_score = None, 0.0
    for rec in held:
        if rec.kind != draft.kind:
            continue
        score = _similarity(draft.text, rec.text)
        same_label = bool(draft.label) and rec.label == draft.label
        if score < SAME_WORDING and not (same_label and (score >= SAME_WORDING / 2
                                                         or rec.id in reworded)):
            continue
        score += 0.5 if same_label else 0.0
        if score > best_score:
            best, best_score = rec, score
    return best


def _update_in_place(ws: Workspace, doc_id: int, authority: str | None, doc_date: date | None,
                     findings: Findings, report: ReExtraction) -> None:
    passage_ids = recs.passage_ids_in_order(ws, doc_id)

    def pid(seq: int | None) -> int | None:
        return passage_ids[seq] if seq is not None and 0 <= seq < len(passage_ids) else None

    held = [r for r in recs.list_recommendations(ws, document_id=doc_id) if r.origin == "extracted"
            and (r.document_id == doc_id or (r.document_id is None and r.cited_in_document_id == doc_id))]
    issued = findings.cited_inspection_date or doc_date
    reworded = {r.id for r in held if "text" in recs.edited_fields(ws, r.id)}
    for position, draft in enumerate(findings.recommendations):
        source = pid(draft.source_passages[0]) if draft.source_passages else None
        support = tuple(p for p in map(pid, draft.supporting_passages) if p is not None)
        match = _best_held(draft, held, reworded)
        if match is None:
            report.added.append(recs.insert_recommendation(ws, recs.NewRecommendation(
                label=draft.label, text=draft.text, kind=draft.kind.value, authority=authority,
                issued=issued, document_id=None if findings.cited else doc_id,
                cited_in_document_id=doc_id if findings.cited else None, source_passage_id=source,
                supporting_passage_ids=support, position=position, addressed_to=draft.group)))
            continue
        held.remove(match)
        edited = recs.edited_fields(ws, match.id)
        wanted = {"label": draft.label, "text": draft.text, "position": position,
                  "source_passage_id": source, "addressed_to": draft.group}
        changes = {k: v for k, v in wanted.items()
                   if k not in edited and getattr(match, k) != v}
        if changes:
            recs.update_recommendation(ws, match.id, changes)
        if set(match.supporting_passage_ids) != set(support):
            recs.set_support(ws, match.id, support)
        if match.gone_from_source:
            recs.set_gone_from_source(ws, match.id, False)
        meaningful = {"label", "text", "source_passage_id"} & set(changes)
        (report.updated if meaningful or match.gone_from_source else report.unchanged).append(match.id)
    for rec in held:  # its words are gone from the paper: kept, and marked for the user
        if not rec.gone_from_source:
            recs.set_gone_from_source(ws, rec.id, True)
        report.no_longer_found.append(rec.id)
    copies = _copies_of(ws, doc_id)
    _record_judgements(ws, doc_id, authority, issued, findings, copies, pid)


def extract_again(ws: Workspace, document_ids: list[int] | None = None) -> ReExtraction:
    """Read held documents for recommendations and judgements once more. For workspaces
    filled before extraction existed, or after it improved.

    Recommendations are updated in place (same ids, so every quote, note, link and
    override stays): matched by document, label and wording; text the user edited is
    left alone; new ones are added; one whose words are gone is kept and marked.
    A backup is taken first.
    """
    from desktop.domain.documents import DocumentMetadata, PassageDraft
    from desktop.extract.findings import extract_findings
    from desktop.services.backups import backup_before
    from desktop.storage import documents as doc_store

    ids = document_ids if document_ids is not None else [r[0] for r in ws.conn.execute(
        "SELECT id FROM documents WHERE duplicate_of IS NULL AND passage_count > 0 "
        "AND doc_type != 'agenda_pack' ORDER BY id")]
    report = ReExtraction()
    if ids:
        backup_before(ws, "re-extraction")
    for doc_id in ids:
        doc = doc_store.get_document(ws, doc_id)
        if doc is None or doc.duplicate_of is not None:
            continue
        passages = [PassageDraft(p.label, p.kind, p.page, p.start, p.end, p.text)
                    for p in doc_store.list_passages(ws, doc_id)]
        metadata = DocumentMetadata(doc.doc_type, doc.authority, doc.date, doc.period_start,
                                    doc.period_end, doc.title)
        findings = extract_findings(passages, metadata)
        with ws.write():
            recs.delete_judgements(ws, recs.judgement_ids_of(ws, doc_id))  # read again below
            _update_in_place(ws, doc_id, doc.authority, doc.date, findings, report)
        report.documents += bool(findings.recommendations or findings.judgements)
    return report
