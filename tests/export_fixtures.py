"""Workspaces for the export tests, built through the services as a user would build them.

``sample_workspace`` imports the sample papers (Gloucestershire's 2017 inspection,
the 2018 monitoring letter, the 2017 agenda pack, the 2023 officer report...),
then adds actions, links passages as evidence and writes notes and questions.
"""

from __future__ import annotations

from datetime import date

from desktop.domain.documents import DocType
from desktop.services import actions as actions_service
from desktop.services import evidence as evidence_service
from desktop.services import recommendations as recs_service
from desktop.services.documents import document_passages, list_documents
from desktop.services.importing import Outcome, import_paths
from desktop.storage.workspace import Workspace
from tests.samples import SAMPLES

TODAY = date(2024, 1, 10)


def import_samples(ws: Workspace) -> None:
    summary = import_paths(ws, sorted(SAMPLES.glob("*.txt")))
    assert summary.count(Outcome.IMPORTED) == 5, summary.describe()


def letter_passages(ws: Workspace, authority: str = "Gloucestershire"):
    """Long passages of the 2018 monitoring letter to Gloucestershire, in order."""
    letter = next(d for d in list_documents(ws) if d.doc_type is DocType.MONITORING_VISIT
                  and d.authority == authority)
    return [p for p in document_passages(ws, letter.id) if len(p.text) > 200]


def sample_workspace(ws: Workspace) -> dict[str, object]:
    """The sample corpus plus a realistic plan: returns what the tests check for."""
    import_samples(ws)
    recs = [r for r in recs_service.list_recommendations(ws, authority="Gloucestershire")
            if r.issued == date(2017, 6, 13)]
    passages = letter_passages(ws)
    made_actions = []
    for n, rec in enumerate(recs[:6]):
        action = actions_service.add_action(
            ws, f"Action plan item for recommendation {rec.label}: review and relaunch guidance",
            reference=f"{n + 1}.1", owner="Head of Service, Safeguarding", due_text="31/03/2018",
            status=["on_track", "off_track", "complete", "at_risk", "not_started", "on_track"][n],
            rag=["green", "red", "blue", "amber", None, "green"][n], recommendation_ids=(rec.id,),
            today=TODAY)
        actions_service.add_update(ws, action.id, f"Update {n}: training delivered to 120 staff; £20k spent.",
                                   date="2018-05-02")
        made_actions.append(action)
    actions_service.edit_action(ws, made_actions[1].id, {"due_text": "30/09/2018"}, today=TODAY)
    linked = []
    for n, rec in enumerate(recs[:4]):
        stance = ["progress", "concern", "context", "progress"][n]
        linked += evidence_service.link_evidence(
            ws, passage_id=passages[n].id, stance=stance, recommendation_ids=(rec.id,),
            note=f"Note {n}: ask officers about this" if n % 2 else "")
    recs_service.add_note(ws, recs[0].id, "What is the average caseload now?", "question")
    recs_service.add_note(ws, recs[0].id, "Raised at the July meeting.", "note")
    return {"recommendations": recs, "actions": made_actions, "evidence": linked}


# -- reading exported PDFs back ------------------------------------------------------

def pdf_text(path) -> list[str]:
    """The text of each page, as a reader's copy-and-paste would give it."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()


def flat(text: str) -> str:
    """Text with line breaks and hyphenless wraps joined, for phrase checks."""
    return " ".join(text.replace("\r", " ").split())


def pdf_outline(path) -> list[tuple[int, str, int | None]]:
    """(level, title, page index) of every bookmark."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return [(item.level, item.get_title(), item.get_dest().get_index() if item.get_dest() else None)
                for item in pdf.get_toc()]
    finally:
        pdf.close()


def pdf_metadata(path) -> dict[str, str]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return pdf.get_metadata_dict()
    finally:
        pdf.close()


def font_names(path) -> list[str]:
    """The /BaseFont of every font the file uses; embedded subsets carry an 'ABCDEF+' prefix."""
    import re
    from pathlib import Path

    return [name.decode() for name in re.findall(rb"/BaseFont /([^\s/>]+)", Path(path).read_bytes())]


def embedded_font_files(path) -> int:
    """How many TrueType font programs are embedded (/FontFile2 streams)."""
    from pathlib import Path

    return Path(path).read_bytes().count(b"/FontFile2")


# -- briefings built from plain values (no workspace) ----------------------------------

def made_briefing(recs: int = 4, *, actions: int = 2, quotes: int = 3, quote_text: str | None = None,
                  text: str | None = None, groups: int = 2, notes: bool = True, **fields):
    """A BriefingData with ``recs`` recommendations, each with actions, quotes and notes."""
    from desktop.export.model import (
        ActionItem,
        BriefingData,
        InspectionGrades,
        NoteItem,
        QuoteItem,
        RecommendationItem,
        SourceItem,
    )

    statuses = ("concern", "in_progress", "evidence_of_progress", "complete", "not_started")
    stances = ("progress", "concern", "context")
    items = []
    for n in range(1, recs + 1):
        acts = tuple(ActionItem(
            reference=f"{n}.{a}", title=f"Relaunch the threshold guidance (£{a}0k) – “phase {a}”",
            owner="Head of Safeguarding", due_text="31/03/2018", due=date(2018, 3, 31),
            status=("on_track", "off_track", "complete")[a % 3], rag=("green", "red", "blue")[a % 3],
            latest_update=f"Training for 120 staff delivered (update {a}).",
            latest_update_date=date(2018, 5, 2), overdue=a % 3 == 1, slips=a % 2, slipped_days=45 * (a % 2))
            for a in range(actions))
        said = tuple(QuoteItem(
            stance=stances[q % 3],
            quote=quote_text or f"Leaders have taken effective action (quote {n}.{q}).",
            citation=f"Monitoring visit letter, 8 June 2018, page {q + 2}, paragraph {n}{q}",
            note="Ask about caseloads" if q == 1 else "", document_date=date(2018, 6, 8),
            source_key="doc-9") for q in range(quotes))
        items.append(RecommendationItem(
            id=n, label=str(n), text=text or f"Ensure that thresholds are understood and applied ({n}).",
            group=f"Inspection report, {13 + n % groups} June 2017" if groups else "",
            authority="Gloucestershire", issued=date(2017, 6, 13),
            source_citation=f"Inspection report, 13 June 2017, paragraph {n}", source_key="doc-1",
            status=statuses[n % 5], status_source="user" if n == 2 else "rolled_up",
            status_reason="Officers confirmed it in committee" if n == 2 else "",
            rule="The latest evidence is a concern", last_evidence=date(2018, 6, 8) if quotes else None,
            actions=acts, quotes=said,
            notes=(NoteItem("question", f"What is the caseload now ({n})?", date(2023, 7, 1)),
                   NoteItem("note", "Raised at the July meeting.", date(2023, 7, 12))) if notes else ()))
    items.sort(key=lambda r: r.group)
    values = dict(
        title="Progress on inspection recommendations", prepared_on=TODAY, authority="Gloucestershire",
        committee="Children and Families Overview and Scrutiny Committee", meeting="12 January 2024",
        prepared_by="Cllr Jane Smith", marking="OFFICIAL", scope=f"{recs} recommendations",
        recommendations=tuple(items),
        inspections=(InspectionGrades(date(2017, 6, 13), "Inspection report",
                                      (("Overall effectiveness", "Inadequate"), ("Adoption performance", "Good"))),),
        overdue_actions=tuple(a for r in items for a in r.actions if a.overdue),
        sources=(SourceItem("doc-1", "Inspection of services for children in need of help and protection",
                            "Inspection report", date(2017, 6, 13)),
                 SourceItem("doc-5", "Minutes of the committee", "Committee minutes", date(2017, 6, 15),
                            pack_title="Agenda pack", pack_date=date(2017, 7, 13), pack_pages=(5, 9))))
    values.update(fields)
    return BriefingData(**values)
