"""Findings from reports and from papers quoting them are stored once."""

from __future__ import annotations

from datetime import date

from desktop.domain.recommendations import Findings, JudgementDraft, RecommendationDraft
from desktop.services import recommendations as service
from desktop.services.findings import record_findings

TEXTS = ("The timeliness and application of consistent thresholds for child protection strategy meetings.",
         "The suitability of accommodation for care leavers to meet their needs.")


def _doc(ws, title: str) -> int:
    doc_id = ws.conn.execute(
        "INSERT INTO documents (title, sha256, source, source_format, imported_at, authority) "
        "VALUES (?, ?, 's', 'text', 'now', 'Rutland')", (title, title)).lastrowid
    for seq, text in enumerate(("Intro.",) + TEXTS):
        ws.conn.execute('INSERT INTO passages (document_id, seq, label, kind, page, start, "end", text) '
                        "VALUES (?, ?, ?, 'bullet', 1, 0, 1, ?)", (doc_id, seq, str(seq), text))
    ws.conn.execute("INSERT INTO passages_fts (rowid, text, label) "
                    "SELECT id, text, label FROM passages WHERE document_id = ?", (doc_id,))
    return doc_id


def _findings(cited: date | None = None) -> Findings:
    return Findings(
        recommendations=[RecommendationDraft(label=str(n + 1), text=t, source_passages=(n + 1,))
                         for n, t in enumerate(TEXTS)],
        judgements=[JudgementDraft("Overall effectiveness", "Requires improvement to be good")],
        cited_inspection_date=cited)


def test_a_quoting_paper_then_the_report_gives_one_set(workspace):
    with workspace.write():
        report_later = _doc(workspace, "officer report")
        record_findings(workspace, report_later, "Rutland", date(2023, 1, 12), _findings(date(2022, 2, 1)))
    [first, _] = service.list_recommendations(workspace)
    assert first.document_id is None and first.cited_in_document_id == report_later
    service.edit_recommendation(workspace, first.id, {"status": "concern"})
    with workspace.write():
        report = _doc(workspace, "inspection report")
        record_findings(workspace, report, "Rutland", date(2022, 2, 18), _findings())
    recs = service.list_recommendations(workspace)
    assert len(recs) == 2
    assert {r.document_id for r in recs} == {report}
    assert recs[0].status.value == "concern"  # the user's judgement survives
    assert {r.issued for r in recs} == {date(2022, 2, 18)}  # the report's own date
    judgements = service.list_judgements(workspace)
    assert [(j.document_id, j.cited) for j in judgements] == [(report, False)]


def test_the_report_then_a_quoting_paper_adds_nothing(workspace):
    with workspace.write():
        report = _doc(workspace, "inspection report")
        record_findings(workspace, report, "Rutland", date(2022, 2, 18), _findings())
        quoting = _doc(workspace, "officer report")
        record_findings(workspace, quoting, "Rutland", date(2023, 1, 12), _findings(date(2022, 2, 1)))
    assert len(service.list_recommendations(workspace)) == 2
    assert len(service.list_judgements(workspace)) == 1


def test_a_later_inspection_with_similar_words_is_kept_apart(workspace):
    with workspace.write():
        first = _doc(workspace, "2022 report")
        record_findings(workspace, first, "Rutland", date(2022, 2, 18), _findings())
        second = _doc(workspace, "2025 report")
        record_findings(workspace, second, "Rutland", date(2025, 3, 1), _findings())
    assert len(service.list_recommendations(workspace)) == 4
    history = service.judgement_history(workspace, "Rutland")
    assert [h.date for h in history] == [date(2022, 2, 18), date(2025, 3, 1)]


def test_deleting_papers_takes_or_hands_over_their_recommendations(workspace):
    from desktop.services.documents import delete_document, deletion_impact

    with workspace.write():
        quoting = _doc(workspace, "officer report")
        record_findings(workspace, quoting, "Rutland", date(2023, 1, 12), _findings(date(2022, 2, 1)))
    impact = deletion_impact(workspace, quoting)
    assert impact.recommendations == 2 and "2 recommendations" in impact.describe()
    delete_document(workspace, quoting)
    assert service.list_recommendations(workspace) == []

    with workspace.write():
        report = _doc(workspace, "inspection report")
        record_findings(workspace, report, "Rutland", date(2022, 2, 18), _findings())
        reprint = _doc(workspace, "reprint in a pack")
        workspace.conn.execute("UPDATE documents SET duplicate_of = ? WHERE id = ?", (report, reprint))
    service.add_note(workspace, service.list_recommendations(workspace)[0].id, "Keep me.")
    delete_document(workspace, report)
    recs = service.list_recommendations(workspace)
    assert len(recs) == 2 and {r.document_id for r in recs} == {reprint}
    reprint_passages = {r[0] for r in workspace.conn.execute(
        "SELECT id FROM passages WHERE document_id = ?", (reprint,))}
    assert {r.source_passage_id for r in recs} <= reprint_passages and all(r.source_passage_id for r in recs)
    assert service.recommendation_detail(workspace, recs[0].id).notes[0].text == "Keep me."
    assert [j.document_id for j in service.list_judgements(workspace)] == [reprint]


def test_extracting_again_keeps_what_the_user_changed_and_adds_nothing_twice(workspace):
    from desktop.services.findings import extract_again
    from desktop.services.importing import import_file
    from tests.samples import sample

    [doc_id] = import_file(workspace, sample("000")).document_ids
    before = service.list_recommendations(workspace, document_id=doc_id)
    service.edit_recommendation(workspace, before[0].id, {"status": "concern"})
    workspace.conn.execute("DELETE FROM judgements")
    assert extract_again(workspace).documents == 1
    after = service.list_recommendations(workspace, document_id=doc_id)
    assert len(after) == len(before) == 25
    assert [r.id for r in after] == [r.id for r in before]
    assert after[0].id == before[0].id and after[0].status.value == "concern"
    assert len(service.list_judgements(workspace)) == 7  # six areas and the LSCB review


def test_extracting_again_updates_in_place_and_keeps_what_is_no_longer_found(workspace):
    from desktop.services.findings import extract_again
    from desktop.services.importing import import_file
    from desktop.storage import recommendations as rec_store
    from tests.samples import sample

    [doc_id] = import_file(workspace, sample("000")).document_ids
    first, second, third, fourth = service.list_recommendations(workspace, document_id=doc_id)[:4]
    service.edit_recommendation(workspace, first.id, {"text": "My own wording of it."})
    with workspace.write():  # as if an older extractor had read these words differently
        workspace.conn.execute("UPDATE recommendations SET text = text || ' (old reading)' "
                               "WHERE id = ?", (second.id,))
        rec_store.delete_recommendation(workspace, third.id)
        gone = rec_store.insert_recommendation(workspace, rec_store.NewRecommendation(
            label="99", text="Arrange quarterly visits to every residential home in the county.",
            kind="recommendation", authority=first.authority, issued=first.issued,
            document_id=doc_id, position=99))
    service.add_note(workspace, gone, "Asked about this in March.")

    report = extract_again(workspace)

    assert report.updated == [second.id] and report.no_longer_found == [gone]
    assert len(report.added) == 1 and fourth.id in report.unchanged
    assert service.get_recommendation(workspace, first.id).text == "My own wording of it."
    assert service.get_recommendation(workspace, second.id).text == second.text
    [added] = report.added
    assert service.get_recommendation(workspace, added).text == third.text
    kept = service.get_recommendation(workspace, gone)
    assert kept.gone_from_source and service.recommendation_detail(workspace, gone).notes
    assert "1 added, 1 updated" in report.describe()
