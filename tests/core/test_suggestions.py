"""Evidence suggestions: the right council, later papers only, no furniture, remembered
dismissals, and quality measured on the gold set of the sample papers."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.documents import DocType
from desktop.domain.errors import Cancelled, UserFacingError
from desktop.extract.terms import concepts, fts_query
from desktop.services import suggestions as service
from desktop.services.evidence import list_evidence
from desktop.services.recommendations import add_recommendation
from tests.evidence_fixtures import add_document, passage_ids

ABOUT_LEAVERS = ("Inspectors found that pathway plans for care leavers are now completed on time "
                 "and young people contribute to them.")


@pytest.fixture
def setting(workspace):
    """A 2017 recommendation for Gloucestershire, its report, and later papers of two councils."""
    report = add_document(workspace, title="Inspection of Gloucestershire", authority="Gloucestershire",
                          doc_type=DocType.INSPECTION_REPORT, when=date(2017, 6, 13),
                          paragraphs=["Ensure that the quality of pathway plans for care leavers is "
                                      "consistently good."])
    rec = add_recommendation(workspace, "Ensure that the quality of pathway plans is consistently "
                             "good and that care leavers are actively encouraged to contribute to "
                             "the content and development of these plans.", label="16",
                             authority="Gloucestershire", issued="2017-06-13", document_id=report)
    ours = add_document(workspace, title="Monitoring visit of Gloucestershire",
                        doc_type=DocType.MONITORING_VISIT, authority="Gloucestershire",
                        when=date(2018, 6, 8), paragraphs=[
                            ("", "heading", "Pathway plans for care leavers"),
                            ABOUT_LEAVERS,
                            "Care leavers 12",
                            "Pathway plans and care leavers ........................ 14",
                            "The authority has recruited more foster carers this year, and "
                            "placement stability has improved for older children."])
    theirs = add_document(workspace, title="Monitoring visit of South Gloucestershire",
                          doc_type=DocType.MONITORING_VISIT, authority="South Gloucestershire",
                          when=date(2018, 2, 23), paragraphs=[
                              "Pathway plans for care leavers in South Gloucestershire are "
                              "completed with care leavers and reviewed regularly."])
    older = add_document(workspace, title="Gloucestershire scorecard", doc_type=DocType.PERFORMANCE_REPORT,
                         authority="Gloucestershire", when=date(2017, 3, 31),
                         paragraphs=["Pathway plans for care leavers were late for most care leavers."])
    return {"rec": rec, "report": report, "ours": ours, "theirs": theirs, "older": older}


def _ids(found) -> list[int]:
    return [s.passage_id for s in found]


def test_only_later_papers_about_the_same_council_are_suggested(workspace, setting):
    found = service.suggest(workspace, setting["rec"].id)
    assert _ids(found) == [passage_ids(workspace, setting["ours"])[1]]
    best = found[0]
    assert best.document_id == setting["ours"] and best.document_date == date(2018, 6, 8)
    assert best.snippet == ABOUT_LEAVERS
    assert best.reason.startswith("shares: ") and "care leavers" in best.reason
    assert "pathway plans" in best.reason and best.score > 0


def test_south_gloucestershire_is_never_evidence_for_gloucestershire(workspace, setting):
    found = service.suggest(workspace, setting["rec"].id, limit=50)
    assert setting["theirs"] not in {s.document_id for s in found}
    theirs = add_recommendation(workspace, "Ensure that pathway plans for care leavers are good.",
                                authority="South Gloucestershire", issued="2018-01-01")
    assert {s.document_id for s in service.suggest(workspace, theirs.id)} == {setting["theirs"]}


def test_headings_contents_lines_and_page_furniture_are_never_suggested(workspace, setting):
    found = _ids(service.suggest(workspace, setting["rec"].id, limit=50))
    heading, _text, page_line, contents, _other = passage_ids(workspace, setting["ours"])
    assert not {heading, page_line, contents} & set(found)


@pytest.mark.parametrize("text, kind, furniture", [
    ("Contents ............................ 3", "paragraph", True),
    ("Care leavers and pathway plans 14", "paragraph", True),
    ("Page 52 of 60", "paragraph", True),
    ("24 25.3 29.2 23.8 25.9 26.5 22.9 25.2 26.4 20.4 19.1 31.0 18.2", "paragraph", True),
    ("Findings and evaluation of progress of care leavers", "heading", True),
    ("Pathway plans are now completed on time for 92% of care leavers.", "paragraph", False),
])
def test_what_counts_as_furniture(text, kind, furniture):
    assert service.is_furniture(text, kind) is furniture


def test_a_copy_of_a_paper_and_the_recommendations_own_report_are_not_suggested(workspace, setting):
    add_document(workspace, title="Copy of the letter", doc_type=DocType.MONITORING_VISIT,
                 authority="Gloucestershire", when=date(2018, 6, 8), paragraphs=[ABOUT_LEAVERS],
                 duplicate_of=setting["ours"])
    found = service.suggest(workspace, setting["rec"].id, limit=50)
    assert {s.document_id for s in found} == {setting["ours"]}


def test_a_dismissed_suggestion_never_comes_back(workspace, setting):
    [best] = service.suggest(workspace, setting["rec"].id)
    service.dismiss(workspace, setting["rec"].id, best.passage_id)
    assert service.suggest(workspace, setting["rec"].id) == []
    workspace.close()
    from desktop.storage.workspace import open_workspace

    again = open_workspace(workspace.path, create=False)  # remembered in the file, not in memory
    try:
        assert service.suggest(again, setting["rec"].id) == []
        service.undismiss(again, setting["rec"].id, best.passage_id)
        assert _ids(service.suggest(again, setting["rec"].id)) == [best.passage_id]
    finally:
        again.close()


def test_accepting_makes_evidence_and_it_is_not_suggested_again(workspace, setting):
    [best] = service.suggest(workspace, setting["rec"].id)
    made = service.accept(workspace, setting["rec"].id, best.passage_id, "progress", note="Good news")
    assert made.origin == "suggestion" and made.quote == ABOUT_LEAVERS and made.note == "Good news"
    assert [e.id for e in list_evidence(workspace, recommendation_id=setting["rec"].id)] == [made.id]
    assert service.suggest(workspace, setting["rec"].id) == []
    with pytest.raises(UserFacingError, match="not a stance"):
        service.accept(workspace, setting["rec"].id, best.passage_id, "maybe")


def test_another_councils_passage_cannot_be_accepted_as_a_suggestion(workspace, setting):
    [theirs] = passage_ids(workspace, setting["theirs"])
    with pytest.raises(UserFacingError, match="about South Gloucestershire, not Gloucestershire"):
        service.accept(workspace, setting["rec"].id, theirs, "progress")
    assert list_evidence(workspace, recommendation_id=setting["rec"].id) == []


def test_a_recommendation_without_a_council_cannot_be_matched_safely(workspace, setting):
    loose = add_recommendation(workspace, "Ensure that pathway plans for care leavers are good.")
    with pytest.raises(UserFacingError, match="no local authority"):
        service.suggest(workspace, loose.id)
    with pytest.raises(UserFacingError, match="no recommendation 999"):
        service.suggest(workspace, 999)
    with pytest.raises(UserFacingError, match="no passage 555"):
        service.dismiss(workspace, setting["rec"].id, 555)


def test_a_recommendation_of_only_stock_words_gets_nothing(workspace, setting):
    vague = add_recommendation(workspace, "Ensure that all children receive an effective and "
                               "timely service.", authority="Gloucestershire", issued="2017-06-13")
    assert service.suggest(workspace, vague.id) == []


def test_suggest_for_all_reports_progress_and_can_be_cancelled(workspace, setting):
    add_recommendation(workspace, "Ensure placement stability for older children.",
                       authority="Gloucestershire", issued="2017-06-13")
    add_recommendation(workspace, "No council given.")
    seen = []
    results = service.suggest_all(workspace, progress=lambda done, total: seen.append((done, total)))
    assert len(results) == 3 and seen[0] == (0, 3) and seen[-1] == (3, 3)
    assert _ids(results[setting["rec"].id]) == [passage_ids(workspace, setting["ours"])[1]]
    assert sum(1 for found in results.values() if found) == 2
    with pytest.raises(Cancelled):
        service.suggest_all(workspace, cancel=lambda: True)


def test_domain_phrases_and_their_synonyms_make_the_query():
    found = concepts("Ensure that the quality of management oversight and supervision are "
                     "strengthened in Gloucestershire.", "Gloucestershire")
    assert [c.label for c in found] == ["supervision"]
    assert "management oversight" in found[0].phrases
    query = fts_query(found)
    assert '"supervision"' in query and "gloucestershire" not in query.lower()
    assert "ensure" not in query and "quality" not in query
    assert fts_query(concepts("Ensure that all children receive a timely service.")) is None


# -- quality on the gold set (benchmarks/gold/suggestions.json) --------------------------------

# What the ranking reached when the gold set was judged (see benchmarks/RESULTS.md), less a
# small margin for harmless changes; a change to the ranking that loses more fails here.
PRECISION_AT_5_FLOOR = 0.47  # reached 0.505
RECALL_AT_10_FLOOR = 0.85  # reached 0.884


@pytest.fixture(scope="module")
def gold_quality(tmp_path_factory):
    from benchmarks.bench_suggestions import evaluate_quality, sample_workspace

    ws = sample_workspace(tmp_path_factory.mktemp("gold"))
    try:
        yield evaluate_quality(ws)
    finally:
        ws.close()


def test_suggestions_on_the_gold_set_stay_as_good_as_they_were(gold_quality):
    precision, recall, _rows = gold_quality["ours"]
    assert precision >= PRECISION_AT_5_FLOOR, f"precision at 5 fell to {precision:.3f}"
    assert recall >= RECALL_AT_10_FLOOR, f"recall at 10 fell to {recall:.3f}"


def test_suggestions_beat_plain_bm25_of_the_recommendations_words(gold_quality):
    precision, recall, _ = gold_quality["ours"]
    base_precision, base_recall, _ = gold_quality["baseline"]
    assert precision > base_precision and recall > base_recall


def test_the_gold_set_never_suggests_another_council(gold_quality, tmp_path):
    from benchmarks.bench_suggestions import sample_workspace

    ws = sample_workspace(tmp_path)
    try:
        south = {r[0] for r in ws.conn.execute(
            "SELECT id FROM documents WHERE authority = 'South Gloucestershire'")}
        assert south, "the sample's South Gloucestershire letter should be held"
        for (rec_id,) in ws.conn.execute("SELECT id FROM recommendations WHERE authority = "
                                         "'Gloucestershire'").fetchall():
            assert not {s.document_id for s in service.suggest(ws, rec_id, limit=20)} & south
    finally:
        ws.close()
