"""Reading a workspace into the plain values the briefing and the note render.

The one place the exports read a workspace (``desktop.export`` only renders); it does so
only through the services (recommendations, actions, evidence, roll-up), in a
few set queries rather than one query per row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from desktop.domain.actions import Action
from desktop.domain.dates import stored_date, uk_date
from desktop.domain.documents import Document
from desktop.domain.errors import Cancelled
from desktop.domain.evidence import Evidence
from desktop.domain.recommendations import Recommendation, short_addressee
from desktop.export.model import (
    ActionItem,
    InspectionGrades,
    NoteItem,
    QuoteItem,
    RecommendationItem,
    SourceItem,
)
from desktop.export.text import one_line
from desktop.storage.workspace import Workspace

Progress = Callable[[float, str], None]


@dataclass
class Scope:
    """Which recommendations a briefing covers (empty tuples mean "all")."""

    authority: str | None = None
    recommendation_ids: tuple[int, ...] = ()
    document_ids: tuple[int, ...] = ()


@dataclass
class Documents:
    """Documents looked up once each; a missing one (deleted) is remembered as None."""

    ws: Workspace
    known: dict[int, Document | None] = field(default_factory=dict)

    def get(self, doc_id: int | None) -> Document | None:
        if doc_id is None:
            return None
        if doc_id not in self.known:
            from desktop.storage.documents import get_document

            self.known[doc_id] = get_document(self.ws, doc_id)
        return self.known[doc_id]


def same_authority(a: str | None, b: str | None) -> bool:
    return (a or "").casefold() == (b or "").casefold()


def selected_recommendations(ws: Workspace, scope: Scope) -> list[Recommendation]:
    from desktop.services.recommendations import list_recommendations

    recs = list_recommendations(ws, authority=scope.authority or None)
    if scope.recommendation_ids:
        wanted = set(scope.recommendation_ids)
        recs = [r for r in recs if r.id in wanted]
    if scope.document_ids:
        docs = set(scope.document_ids)
        recs = [r for r in recs if r.document_id in docs or r.cited_in_document_id in docs]
    return recs


def known_by(recs: list[Recommendation], as_at: date | None, ws: Workspace) -> list[Recommendation]:
    """The recommendations already made on ``as_at``: none from a later inspection or paper."""
    if as_at is None:
        return recs
    documents = Documents(ws)

    def made(rec: Recommendation) -> date | None:
        doc = documents.get(rec.document_id) or documents.get(rec.cited_in_document_id)
        return rec.issued or (doc.date if doc else None)

    def quoted_in_time(rec: Recommendation) -> bool:  # known only through a later paper: not yet
        cited = documents.get(rec.cited_in_document_id) if rec.document_id is None else None
        return cited is None or cited.date is None or cited.date <= as_at

    return [r for r in recs if ((day := made(r)) is None or day <= as_at) and quoted_in_time(r)]


def group_label(rec: Recommendation, documents: Documents, *, with_authority: bool) -> str:
    """The inspection a recommendation came from, as a heading: "Inspection report, 13 June 2017"."""
    doc = documents.get(rec.document_id)
    cited = documents.get(rec.cited_in_document_id)
    if doc is not None:
        label = f"{doc.doc_type.label}, {uk_date(doc.date or rec.issued, 'undated')}"
    elif cited is not None:
        label = (f"Inspection of {uk_date(rec.issued, 'unknown date')} (as quoted in "
                 f"{cited.doc_type.label.lower()}, {uk_date(cited.date, 'undated')})")
    else:
        return f"{rec.authority}: typed in" if with_authority and rec.authority else ""
    return f"{rec.authority}: {label}" if with_authority and rec.authority else label


def source_citation(ws: Workspace, rec: Recommendation, documents: Documents) -> tuple[str, str | None]:
    """Where the recommendation is printed, and the key of that document in Sources."""
    from desktop.services.evidence import citation_for
    from desktop.storage.documents import get_passage

    doc = documents.get(rec.document_id) or documents.get(rec.cited_in_document_id)
    if doc is None:
        return ("Typed in by hand" if rec.origin == "manual" else ""), None
    passage = get_passage(ws, rec.source_passage_id) if rec.source_passage_id else None
    if passage is not None and passage.document_id != doc.id:
        passage = None
    text = citation_for(doc, passage, pack=documents.get(doc.parent_id))
    if doc.id == rec.cited_in_document_id and rec.document_id is None:
        text += f" (quoting the inspection of {uk_date(rec.issued, 'an unknown date')})"
    return f"{one_line(doc.title)} \u2014 {text}", f"doc-{doc.id}"


def action_item(action: Action, today: date, labels: dict[int, str], remark: str = "") -> ActionItem:
    latest = action.updates[0] if action.updates else None
    return ActionItem(
        reference=action.reference, title=action.title, owner=action.owner, due_text=action.due_text,
        due=action.due, status=action.status.value, rag=action.rag.value if action.rag else None,
        latest_update=latest.text if latest else "", latest_update_date=latest.date if latest else None,
        overdue=action.overdue(today), slips=action.slips, slipped_days=action.slipped_days,
        original_due_text=action.original_due_text,
        recommendation_labels=tuple(labels[i] for i in action.recommendation_ids if i in labels),
        remark=remark)


def quote_item(evidence: Evidence, *, about: str = "", action_reference: str = "") -> QuoteItem:
    citation = evidence.citation or ", ".join(
        p for p in (evidence.document_title, uk_date(evidence.document_date),
                    f"page {evidence.page}" if evidence.page else "") if p)
    return QuoteItem(stance=evidence.stance.value, quote=evidence.quote, citation=citation,
                     note=evidence.note, document_date=evidence.document_date,
                     source_key=source_key(evidence), needs_review=evidence.needs_review, about=about,
                     action_reference=action_reference)


def source_key(evidence: Evidence) -> str:
    if evidence.document_id is not None:
        return f"doc-{evidence.document_id}"
    return f"kept-{evidence.document_title}|{evidence.document_date}"


def rec_label(rec: Recommendation) -> str:
    """How tables and headings name a recommendation ("Recommendation 3")."""
    return f"{rec.kind.label} {rec.label}".strip() + short_addressee(rec.addressed_to)


def _evidence_by_target(ws: Workspace) -> tuple[dict[int, list[Evidence]], dict[int, list[Evidence]]]:
    from desktop.services.evidence import list_evidence

    by_rec: dict[int, list[Evidence]] = {}
    by_action: dict[int, list[Evidence]] = {}
    for item in list_evidence(ws):
        if item.recommendation_id is not None:
            by_rec.setdefault(item.recommendation_id, []).append(item)
        elif item.action_id is not None:
            by_action.setdefault(item.action_id, []).append(item)
    return by_rec, by_action


@dataclass
class LeftOut:
    """What an as-at briefing leaves out because it is dated after the as-at date."""

    quotes: int = 0
    updates: int = 0

    def words(self, as_at: date | None) -> str:
        from desktop.export.text import plural

        if as_at is None or not (self.quotes or self.updates):
            return ""
        parts = [plural(n, what) for n, what in ((self.quotes, "quote"), (self.updates, "update")) if n]
        verb = "is" if self.quotes + self.updates == 1 else "are"
        return f"{' and '.join(parts)} dated after {uk_date(as_at)} {verb} not included."


def _after(when: date | None, as_at: date | None) -> bool:
    return as_at is not None and when is not None and when > as_at


def recommendation_items(ws: Workspace, recs: list[Recommendation], *, today: date,
                         progress: Progress | None = None, cancel: Callable[[], bool] | None = None,
                         share: tuple[float, float] = (0.0, 1.0), as_at: date | None = None,
                         left_out: LeftOut | None = None) -> list[RecommendationItem]:
    """Everything each recommendation's section shows, read in a handful of set queries.

    With ``as_at``, the position on that date: actions as their updates then stood,
    quotes and updates dated after it left out (and counted in ``left_out``).
    """
    from desktop.services.actions import list_actions
    from desktop.services.as_at import actions_as_at
    from desktop.services.rollup import rollups
    from desktop.storage.recommendations import notes_by_recommendation

    left_out = left_out if left_out is not None else LeftOut()
    documents = Documents(ws)
    notes_of = notes_by_recommendation(ws)
    labels = {r.id: rec_label(r) for r in recs}
    rolled = rollups(ws, [r.id for r in recs], today=today, as_at=as_at) if recs else {}
    wanted = set(labels)
    actions_of: dict[int, list[Action]] = {}
    current = {a.id: a for a in list_actions(ws)} if as_at is not None else {}
    for action in actions_as_at(ws, as_at):
        if any(i in wanted for i in action.recommendation_ids) and action.id in current:
            left_out.updates += len(current[action.id].updates) - len(action.updates)
        for rec_id in action.recommendation_ids:
            if rec_id in wanted:
                actions_of.setdefault(rec_id, []).append(action)
    evidence_of, evidence_of_action = _evidence_by_target(ws)
    if as_at is not None:  # count what the briefing would have quoted, then leave it out
        would_show = {e.id: e for rec_id in wanted for e in evidence_of.get(rec_id, [])}
        would_show |= {e.id: e for rec_id in wanted for a in actions_of.get(rec_id, [])
                       for e in evidence_of_action.get(a.id, [])}
        left_out.quotes += sum(1 for e in would_show.values() if _after(e.document_date, as_at))
        for table in (evidence_of, evidence_of_action):
            for key in table:
                table[key] = [e for e in table[key] if not _after(e.document_date, as_at)]
    authorities = {(r.authority or "").casefold() for r in recs}
    items = []
    for n, rec in enumerate(recs):
        if cancel and cancel():
            raise Cancelled()
        if progress and n % 10 == 0:
            progress(share[0] + (share[1] - share[0]) * n / max(1, len(recs)),
                     f"Reading recommendation {n + 1:,} of {len(recs):,}")
        roll = rolled.get(rec.id)
        citation, source_key = source_citation(ws, rec, documents)
        actions = actions_of.get(rec.id, [])
        quotes = [quote_item(e) for e in evidence_of.get(rec.id, [])]
        for action in actions:
            quotes += [quote_item(e, action_reference=action.reference or action.title[:40])
                       for e in evidence_of_action.get(action.id, [])]
        quotes.sort(key=lambda q: q.document_date or date.min, reverse=True)  # newest first
        items.append(RecommendationItem(
            id=rec.id, label=rec.label, text=rec.text, kind_label=rec.kind.label,
            group=group_label(rec, documents, with_authority=len(authorities) > 1),
            authority=rec.authority, issued=rec.issued, source_citation=citation, source_key=source_key,
            addressed_to=rec.addressed_to or "",
            status=(roll.status.value if roll else rec.status.value),
            status_source=roll.source if roll else "user",
            status_reason=roll.reason if roll else "", rule=roll.rule if roll else "",
            status_note=roll.qualifier if roll else "",
            council_status=roll.council_status if roll else None,
            disagreement=roll.disagreement if roll else None, stale=roll.stale if roll else False,
            last_evidence=roll.last_evidence if roll else None,
            actions=tuple(action_item(a, today, labels) for a in actions),
            quotes=tuple(quotes),
            notes=tuple(NoteItem(n.kind, n.text, stored_date((n.created_at or "")[:10]))
                        for n in notes_of.get(rec.id, ()))))
    return items


def inspections(ws: Workspace, authority: str | None, authorities: Iterable[str | None]) -> list[InspectionGrades]:
    """The judgement history of the authority (or of every authority the briefing covers)."""
    from desktop.services.recommendations import judgement_history

    documents = Documents(ws)
    wanted = {(a or "").casefold() for a in authorities}
    history = judgement_history(ws, authority or None)
    several = len({(g.authority or "").casefold() for g in history}) > 1 and not authority
    result = []
    for grades in history:
        if not authority and wanted and (grades.authority or "").casefold() not in wanted:
            continue
        doc = documents.get(grades.document_id)
        source = doc.doc_type.label if doc is not None else "Document no longer held"
        if grades.cited and doc is not None:
            source = f"{source}, {uk_date(doc.date, 'undated')} (quoting it)"
        if several and grades.authority:
            source = f"{grades.authority}; {source}"
        result.append(InspectionGrades(grades.date, source, tuple(grades.grades.items())))
    return result


def overdue_actions(ws: Workspace, today: date, *, rec_ids: set[int] | None, authority: str | None,
                    labels: dict[int, str], as_at: date | None = None) -> list[ActionItem]:
    """Overdue actions of the briefing's recommendations (or of the authority), oldest due first.

    With ``as_at``, those overdue on that date, as their updates then stood.
    """
    from desktop.services.actions import list_actions
    from desktop.services.as_at import actions_as_at

    chosen = []
    found = (actions_as_at(ws, as_at, overdue=True) if as_at is not None
             else list_actions(ws, overdue=True, today=today))
    for action in found:
        linked = rec_ids is not None and bool(rec_ids.intersection(action.recommendation_ids))
        ours = authority is not None and same_authority(action.authority, authority)
        if rec_ids is not None and not linked and not ours:
            continue
        chosen.append(action)
    chosen.sort(key=lambda a: (a.due or date.max, a.reference, a.id))
    return [action_item(a, today, labels) for a in chosen]


def sources(ws: Workspace, items: list[RecommendationItem]) -> list[SourceItem]:
    """Every document cited by a recommendation or a quote, oldest first."""
    from desktop.services.evidence import list_evidence

    documents = Documents(ws)
    keys = {i.source_key for i in items if i.source_key}
    keys |= {q.source_key for i in items for q in i.quotes if q.source_key}
    kept: dict[str, Evidence] = {}
    if any(k.startswith("kept-") for k in keys):
        kept = {source_key(e): e for e in list_evidence(ws) if e.document_id is None}
    found = []
    for key in keys:
        if key.startswith("doc-"):
            doc = documents.get(int(key[4:]))
            if doc is None:
                continue
            pack = documents.get(doc.parent_id)
            pages = None
            if pack is not None and doc.pack_page_start:
                pages = (doc.pack_page_start, doc.pack_page_start + max(1, doc.pages) - 1)
            found.append(SourceItem(key, doc.title, doc.doc_type.label, doc.date, doc.authority,
                                    pack.title if pack else None, pack.date if pack else None, pages))
        elif key in kept:
            e = kept[key]
            found.append(SourceItem(key, f"{e.document_title} (no longer held; quotes kept)",
                                    type_label(e.document_type), e.document_date))
    return sorted(found, key=lambda s: (s.date or date.min, s.title.casefold()))


def type_label(value: str | None) -> str:
    from desktop.domain.documents import DocType

    try:
        return DocType(value).label if value else ""
    except ValueError:
        return value or ""
