"""The rows of the exported tables, read from a workspace through the services."""

from __future__ import annotations

from datetime import date

from desktop.domain.dates import stored_date
from desktop.export.tables import Column, TableData
from desktop.services.export_gather import rec_label, type_label
from desktop.storage.workspace import Workspace

MAX_TEXT_WIDTH = 60  # characters; longer text wraps in its cell


def _labels(ws: Workspace) -> dict[int, str]:
    from desktop.services.recommendations import list_recommendations

    return {r.id: rec_label(r) for r in list_recommendations(ws)}


def recommendations_table(ws: Workspace, *, authority: str | None = None,
                          today: date | None = None) -> TableData:
    from desktop.services.actions import list_actions
    from desktop.services.evidence import list_evidence
    from desktop.services.recommendations import list_recommendations
    from desktop.services.rollup import rollups
    from desktop.storage.documents import get_document
    from desktop.storage.recommendations import notes_by_recommendation

    today = today or date.today()
    recs = list_recommendations(ws, authority=authority)
    rolled = rollups(ws, [r.id for r in recs], today=today) if recs else {}
    done: dict[int, list[bool]] = {}
    for action in list_actions(ws, today=today):
        for rec_id in action.recommendation_ids:
            done.setdefault(rec_id, []).append(action.status.value == "complete")
    stances: dict[int, dict[str, int]] = {}
    for item in list_evidence(ws):
        if item.recommendation_id is not None:
            counts = stances.setdefault(item.recommendation_id, {})
            counts[item.stance.value] = counts.get(item.stance.value, 0) + 1
    notes_of = notes_by_recommendation(ws)
    titles: dict[int, str] = {}
    rows = []
    for rec in recs:
        doc_id = rec.document_id or rec.cited_in_document_id
        if doc_id and doc_id not in titles:
            doc = get_document(ws, doc_id)
            titles[doc_id] = doc.title if doc else ""
        roll = rolled.get(rec.id)
        notes = notes_of.get(rec.id, [])
        counts = stances.get(rec.id, {})
        rows.append({
            "id": rec.id, "label": rec.label, "kind": rec.kind.label, "text": rec.text,
            "authority": rec.authority, "issued": rec.issued, "source": titles.get(doc_id, "") if doc_id else "",
            "status": (roll.status if roll else rec.status).label,
            "status_source": "set by you" if roll and roll.source == "user" else "rolled up",
            "status_reason": roll.reason if roll else "", "rule": roll.rule if roll else "",
            "council_status": roll.council_status if roll else None,
            "disagreement": roll.disagreement if roll else None,
            "last_evidence": roll.last_evidence if roll else None,
            "stale": roll.stale if roll else False,
            "actions": len(done.get(rec.id, [])), "actions_complete": sum(done.get(rec.id, [])),
            "progress": counts.get("progress", 0), "concern": counts.get("concern", 0),
            "context": counts.get("context", 0),
            "notes": sum(1 for n in notes if n.kind == "note"),
            "questions": sum(1 for n in notes if n.kind == "question"),
        })
    return TableData("Recommendations", [
        Column("id", "ID", "number", 7), Column("label", "Label", width=9), Column("kind", "Kind"),
        Column("text", "Recommendation", width=MAX_TEXT_WIDTH), Column("authority", "Authority"),
        Column("issued", "Issued", "date"), Column("source", "Source document", width=40),
        Column("status", "Status"), Column("status_source", "Status from"),
        Column("status_reason", "Reason for status"), Column("rule", "Roll-up rule applied", width=40),
        Column("council_status", "Council reports"), Column("disagreement", "Disagreement", width=40),
        Column("last_evidence", "Latest evidence", "date"), Column("stale", "No evidence for 12 months", "bool"),
        Column("actions", "Actions", "number"), Column("actions_complete", "Actions complete", "number"),
        Column("progress", "Evidence: progress", "number"), Column("concern", "Evidence: concern", "number"),
        Column("context", "Evidence: context", "number"), Column("notes", "Notes", "number"),
        Column("questions", "Questions", "number"),
    ], rows)


def actions_table(ws: Workspace, *, authority: str | None = None, today: date | None = None) -> TableData:
    from desktop.services.actions import list_actions

    today = today or date.today()
    labels = _labels(ws)
    rows = []
    for action in list_actions(ws, today=today, authority=authority or None):
        latest = action.updates[0] if action.updates else None
        rows.append({
            "id": action.id, "reference": action.reference, "title": action.title,
            "description": action.description, "owner": action.owner, "authority": action.authority,
            "due": action.due, "due_text": action.due_text, "original_due": action.original_due,
            "original_due_text": action.original_due_text, "slips": action.slips,
            "slipped_days": action.slipped_days, "status": action.status.label,
            "rag": action.rag.label if action.rag else None, "overdue": action.overdue(today),
            "recommendations": ", ".join(labels.get(i, str(i)) for i in action.recommendation_ids),
            "latest_update_date": latest.date if latest else None,
            "latest_update": latest.text if latest else "", "updates": len(action.updates),
            "flags": "; ".join(action.flags),
        })
    return TableData("Actions", [
        Column("id", "ID", "number", 7), Column("reference", "Reference", width=11),
        Column("title", "Action", width=MAX_TEXT_WIDTH), Column("description", "Description", width=40),
        Column("owner", "Owner"), Column("authority", "Authority"), Column("due", "Due", "date"),
        Column("due_text", "Due as written"), Column("original_due", "Original due", "date"),
        Column("original_due_text", "Original due as written"), Column("slips", "Times moved", "number"),
        Column("slipped_days", "Days slipped", "number"), Column("status", "Status"), Column("rag", "RAG"),
        Column("overdue", "Overdue", "bool"), Column("recommendations", "Recommendations", width=30),
        Column("latest_update_date", "Latest update date", "date"),
        Column("latest_update", "Latest update", width=MAX_TEXT_WIDTH), Column("updates", "Updates", "number"),
        Column("flags", "Import flags", width=30),
    ], rows)


def evidence_table(ws: Workspace) -> TableData:
    from desktop.services.actions import list_actions
    from desktop.services.evidence import list_evidence

    labels = _labels(ws)
    references = {a.id: a.reference or a.title[:40] for a in list_actions(ws)}
    rows = []
    for item in list_evidence(ws):
        rows.append({
            "id": item.id,
            "recommendation": labels.get(item.recommendation_id, "") if item.recommendation_id else "",
            "recommendation_id": item.recommendation_id,
            "action": references.get(item.action_id, "") if item.action_id else "",
            "action_id": item.action_id, "stance": item.stance.label, "quote": item.quote,
            "note": item.note, "citation": item.citation, "document": item.document_title,
            "document_type": type_label(item.document_type), "document_date": item.document_date,
            "page": item.page, "paragraph": item.label, "needs_review": item.needs_review,
            "origin": item.origin, "linked_on": stored_date((item.created or "")[:10]),
        })
    return TableData("Evidence", [
        Column("id", "ID", "number", 7), Column("recommendation", "Recommendation", width=18),
        Column("recommendation_id", "Recommendation ID", "number"), Column("action", "Action", width=14),
        Column("action_id", "Action ID", "number"), Column("stance", "Stance"),
        Column("quote", "Quote", width=MAX_TEXT_WIDTH), Column("note", "Note", width=40),
        Column("citation", "Citation", width=45), Column("document", "Document", width=40),
        Column("document_type", "Document type"), Column("document_date", "Document date", "date"),
        Column("page", "Page", "number"), Column("paragraph", "Paragraph"),
        Column("needs_review", "Needs checking", "bool"), Column("origin", "Linked by"),
        Column("linked_on", "Linked on", "date"),
    ], rows)


def table(ws: Workspace, which: str, *, authority: str | None = None, today: date | None = None) -> TableData:
    if which == "recommendations":
        return recommendations_table(ws, authority=authority, today=today)
    if which == "actions":
        return actions_table(ws, authority=authority, today=today)
    return evidence_table(ws)
