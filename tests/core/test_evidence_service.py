"""Linking passages as evidence: quotes, spans, citations, undo, deletion and revised documents."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.documents import DocType
from desktop.domain.errors import UserFacingError
from desktop.domain.evidence import Stance
from desktop.services import documents as documents_service
from desktop.services import evidence as service
from desktop.services.recommendations import add_recommendation
from tests.evidence_fixtures import add_action, add_document, passage_ids

LETTER_PARAGRAPHS = [
    ("11", "numbered", "11. The local authority has developed its offer to attract and retain staff."),
    ("12", "numbered", "12. Managers’ oversight of practice and staff supervision is regular. However, "
                       "managers are not yet providing staff with sufficient challenge."),
    ("13", "numbered", "13. Life-story work continues to be an area for improvement."),
]


@pytest.fixture
def letter(workspace):
    return add_document(workspace, title="Monitoring visit of Gloucestershire children’s services",
                        doc_type=DocType.MONITORING_VISIT, authority="Gloucestershire",
                        when=date(2018, 6, 8), paragraphs=LETTER_PARAGRAPHS, pack_page_start=None,
                        pages_per_paragraph=1)


@pytest.fixture
def rec(workspace):
    return add_recommendation(workspace, "Ensure that management oversight and supervision are "
                              "strengthened.", label="5", authority="Gloucestershire",
                              issued="2017-06-13")


def test_a_whole_passage_is_quoted_with_a_frozen_citation(workspace, letter, rec):
    pid = passage_ids(workspace, letter)[1]
    [made] = service.link_evidence(workspace, passage_id=pid, stance="concern",
                                   recommendation_ids=[rec.id], note="Still no challenge")
    assert made.quote == LETTER_PARAGRAPHS[1][2]
    assert (made.span_start, made.span_end) == (0, len(LETTER_PARAGRAPHS[1][2]))
    assert made.citation == "Monitoring visit letter, 8 June 2018, page 2, paragraph 12"
    assert made.stance is Stance.CONCERN and made.note == "Still no challenge"
    assert made.document_date == date(2018, 6, 8) and made.page == 2 and made.label == "12"
    assert made.origin == "manual" and not made.needs_review


def test_a_quote_is_found_in_its_passage_even_across_line_breaks(workspace, letter, rec):
    pid = passage_ids(workspace, letter)[1]
    [made] = service.link_evidence(workspace, passage_id=pid, stance="concern",
                                   recommendation_ids=[rec.id],
                                   quote="managers are not yet\nproviding staff")
    text = LETTER_PARAGRAPHS[1][2]
    assert made.quote == "managers are not yet providing staff"
    assert text[made.span_start:made.span_end] == made.quote


def test_a_selection_is_checked_against_the_passage(workspace, letter, rec):
    pid = passage_ids(workspace, letter)[1]
    text = LETTER_PARAGRAPHS[1][2]
    start = text.index("Managers")
    [made] = service.link_evidence(workspace, passage_id=pid, stance="progress",
                                   recommendation_ids=[rec.id], span_start=start, span_end=start + 8)
    assert made.quote == "Managers"
    with pytest.raises(UserFacingError, match="outside the passage"):
        service.link_evidence(workspace, passage_id=pid, stance="progress",
                              recommendation_ids=[rec.id], span_start=5, span_end=5000)
    with pytest.raises(UserFacingError, match="does not match"):
        service.link_evidence(workspace, passage_id=pid, stance="progress",
                              recommendation_ids=[rec.id], span_start=start, span_end=start + 8,
                              quote="Something else")


@pytest.mark.parametrize("kwargs, message", [
    ({"stance": "good"}, "not a stance"),
    ({"stance": "progress", "recommendation_ids": []}, "at least one"),
    ({"stance": "progress", "recommendation_ids": [999]}, "no recommendation 999"),
    ({"stance": "progress", "action_ids": [77]}, "no action 77"),
    ({"stance": "progress", "quote": "words that are not there"}, "not in passage"),
    ({"stance": "progress", "note": "x" * 20_000}, "keep it under"),
])
def test_bad_links_are_refused_plainly_and_store_nothing(workspace, letter, rec, kwargs, message):
    pid = passage_ids(workspace, letter)[0]
    arguments = {"recommendation_ids": [rec.id], **kwargs}
    with pytest.raises(UserFacingError, match=message):
        service.link_evidence(workspace, passage_id=pid, **arguments)
    assert service.list_evidence(workspace) == []


def test_an_unknown_passage_is_refused(workspace, rec):
    with pytest.raises(UserFacingError, match="no passage 4242"):
        service.link_evidence(workspace, passage_id=4242, stance="progress", recommendation_ids=[rec.id])


def test_one_link_for_each_target_and_no_twin_links(workspace, letter, rec):
    other = add_recommendation(workspace, "Ensure life-story work is offered.", label="11",
                               authority="Gloucestershire", issued="2017-06-13")
    action = add_action(workspace, "Supervision policy")
    pid = passage_ids(workspace, letter)[1]
    made = service.link_evidence(workspace, passage_id=pid, stance="progress",
                                 recommendation_ids=[rec.id, other.id], action_ids=[action])
    assert [(e.recommendation_id, e.action_id) for e in made] == [(rec.id, None), (other.id, None),
                                                                  (None, action)]
    assert [e.id for e in service.list_evidence(workspace, action_id=action)] == [made[2].id]
    with pytest.raises(UserFacingError, match="already linked"):
        service.link_evidence(workspace, passage_id=pid, stance="concern", recommendation_ids=[rec.id])
    # A new target among old ones is linked; the old ones are left as they were.
    third = add_recommendation(workspace, "Third", authority="Gloucestershire")
    again = service.link_evidence(workspace, passage_id=pid, stance="concern",
                                  recommendation_ids=[rec.id, third.id])
    assert [e.recommendation_id for e in again] == [third.id]


def test_evidence_is_listed_newest_document_first(workspace, letter, rec):
    minutes = add_document(workspace, title="Minutes", doc_type=DocType.COMMITTEE_MINUTES,
                           authority="Gloucestershire", when=date(2017, 6, 15),
                           paragraphs=["5.5 Action has been taken to address the drift and delay."])
    report = add_document(workspace, title="Officer report", doc_type=DocType.COMMITTEE_REPORT,
                          authority="Gloucestershire", when=date(2023, 1, 12),
                          paragraphs=["The new supervision policy will be launched in January."])
    for doc in (minutes, letter, report):
        service.link_evidence(workspace, passage_id=passage_ids(workspace, doc)[0],
                              stance="progress", recommendation_ids=[rec.id])
    dates = [e.document_date for e in service.list_evidence(workspace, recommendation_id=rec.id)]
    assert dates == [date(2023, 1, 12), date(2018, 6, 8), date(2017, 6, 15)]


def test_edit_delete_and_restore_keep_the_same_row(workspace, letter, rec):
    pid = passage_ids(workspace, letter)[2]
    [made] = service.link_evidence(workspace, passage_id=pid, stance="progress",
                                   recommendation_ids=[rec.id])
    edited = service.edit_evidence(workspace, made.id, stance="concern", note="Not yet embedded")
    assert (edited.stance, edited.note) == (Stance.CONCERN, "Not yet embedded")
    with pytest.raises(UserFacingError, match="not a stance"):
        service.edit_evidence(workspace, made.id, stance="great")
    gone = service.delete_evidence(workspace, made.id)
    assert service.list_evidence(workspace) == []
    back = service.restore_evidence(workspace, gone)
    assert back == edited  # same id, same quote, same stance, same timestamps of creation


def test_highlights_for_the_reader(workspace, letter, rec):
    ids = passage_ids(workspace, letter)
    service.link_evidence(workspace, passage_id=ids[0], stance="context", recommendation_ids=[rec.id])
    service.link_evidence(workspace, passage_id=ids[2], stance="progress", recommendation_ids=[rec.id],
                          quote="Life-story work")
    found = service.evidence_for_passages(workspace, ids)
    assert set(found) == {ids[0], ids[2]}
    assert found[ids[2]][0].span_start == LETTER_PARAGRAPHS[2][2].index("Life-story work")


def test_a_pack_paper_is_cited_with_its_own_page_and_the_pack_page(workspace, rec):
    pack = add_document(workspace, title="Agenda pack, 13 July 2017", doc_type=DocType.AGENDA_PACK,
                        authority="Gloucestershire", when=date(2017, 7, 13), paragraphs=[])
    minutes = add_document(workspace, title="Minutes of 15 June 2017",
                           doc_type=DocType.COMMITTEE_MINUTES, authority="Gloucestershire",
                           when=date(2017, 6, 15), parent_id=pack, pack_page_start=5,
                           pages_per_paragraph=2,
                           paragraphs=[("5.1", "numbered", "5.1 The Chairman explained."),
                                       ("5.2", "numbered", "5.2 The DCS said."),
                                       ("5.3", "numbered", "5.3 An Improvement Board was set up.")])
    [made] = service.link_evidence(workspace, passage_id=passage_ids(workspace, minutes)[2],
                                   stance="context", recommendation_ids=[rec.id])
    assert made.citation == ("Committee minutes, 15 June 2017, page 2, paragraph 5.3 "
                             "(agenda pack of 13 July 2017, page 6)")
    assert service.evidence_count_in_document(workspace, pack) == 1
    assert service.evidence_count_in_document(workspace, minutes) == 1


def test_a_paper_in_a_pack_without_page_numbers_still_names_the_pack(workspace, rec):
    pack = add_document(workspace, title="Agenda pack, 13 July 2017", doc_type=DocType.AGENDA_PACK,
                        authority="Gloucestershire", when=date(2017, 7, 13), paragraphs=[])
    minutes = add_document(workspace, title="Minutes of 15 June 2017",
                           doc_type=DocType.COMMITTEE_MINUTES, authority="Gloucestershire",
                           when=date(2017, 6, 15), parent_id=pack,
                           paragraphs=[("1.1", "numbered", "1.1 The Chairman explained.")])
    [made] = service.link_evidence(workspace, passage_id=passage_ids(workspace, minutes)[0],
                                   stance="context", recommendation_ids=[rec.id])
    assert made.citation == ("Committee minutes, 15 June 2017, paragraph 1.1 "
                             "(in the agenda pack of 13 July 2017)")


def test_deleting_a_document_can_keep_its_quotes_with_their_citations(workspace, letter, rec):
    pid = passage_ids(workspace, letter)[1]
    [made] = service.link_evidence(workspace, passage_id=pid, stance="concern",
                                   recommendation_ids=[rec.id])
    impact = documents_service.deletion_impact(workspace, letter)
    assert impact.evidence == 1
    assert "holds 1 quote linked as evidence" in impact.describe()
    documents_service.delete_document(workspace, letter, keep_quotes=True)
    [kept] = service.list_evidence(workspace, recommendation_id=rec.id)
    assert kept.id == made.id and kept.passage_id is None and kept.document_id is None
    assert kept.quote == made.quote and kept.citation == made.citation
    assert kept.document_title == made.document_title


def test_deleting_a_document_can_delete_its_quotes(workspace, letter, rec):
    other_doc = add_document(workspace, title="Officer report", doc_type=DocType.COMMITTEE_REPORT,
                             authority="Gloucestershire", when=date(2023, 1, 12),
                             paragraphs=["The new supervision policy will be launched in January."])
    service.link_evidence(workspace, passage_id=passage_ids(workspace, letter)[1], stance="concern",
                          recommendation_ids=[rec.id])
    [stays] = service.link_evidence(workspace, passage_id=passage_ids(workspace, other_doc)[0],
                                    stance="progress", recommendation_ids=[rec.id])
    documents_service.delete_document(workspace, letter, keep_quotes=False)
    assert [e.id for e in service.list_evidence(workspace)] == [stays.id]


def test_a_restored_quote_whose_document_went_keeps_its_citation(workspace, letter, rec):
    [made] = service.link_evidence(workspace, passage_id=passage_ids(workspace, letter)[0],
                                   stance="progress", recommendation_ids=[rec.id])
    gone = service.delete_evidence(workspace, made.id)
    documents_service.delete_document(workspace, letter)
    back = service.restore_evidence(workspace, gone)
    assert back.passage_id is None and back.citation == made.citation


def test_evidence_moves_to_a_revised_copy_where_the_words_still_stand(workspace, letter, rec):
    revised = add_document(
        workspace, title="Monitoring visit of Gloucestershire children’s services (revised)",
        doc_type=DocType.MONITORING_VISIT, authority="Gloucestershire", when=date(2018, 6, 8),
        duplicate_of=letter, pages_per_paragraph=1,
        paragraphs=[("11", "numbered", "11. The local authority has developed its offer."),
                    ("12", "numbered", "12. Managers’ oversight of practice and staff supervision "
                                       "is regular. However, managers are not yet providing staff "
                                       "with sufficient challenge."),
                    ("14", "numbered", "14. Direct work is improving.")])
    ids = passage_ids(workspace, letter)
    [found] = service.link_evidence(workspace, passage_id=ids[1], stance="concern",
                                    recommendation_ids=[rec.id], quote="managers are not yet providing")
    [lost] = service.link_evidence(workspace, passage_id=ids[2], stance="concern",
                                   recommendation_ids=[rec.id])
    documents_service.delete_document(workspace, letter)
    moved = service.get_evidence(workspace, found.id)
    assert moved.passage_id == passage_ids(workspace, revised)[1] and moved.document_id == revised
    assert moved.quote == "managers are not yet providing" and not moved.needs_review
    assert "(revised)" in moved.document_title
    review = service.list_evidence(workspace, needs_review=True)
    assert [e.id for e in review] == [lost.id] and review[0].passage_id is None
    assert review[0].citation == lost.citation
    checked = service.edit_evidence(workspace, lost.id, needs_review=False)
    assert not checked.needs_review


def test_reattach_reports_what_moved_and_what_needs_review(workspace, letter, rec):
    copy = add_document(workspace, title="Copy", doc_type=DocType.MONITORING_VISIT,
                        authority="Gloucestershire", when=date(2018, 6, 8),
                        paragraphs=["Life-story work continues to be an area for improvement."])
    ids = passage_ids(workspace, letter)
    service.link_evidence(workspace, passage_id=ids[2], stance="concern", recommendation_ids=[rec.id],
                          quote="Life-story work continues")
    service.link_evidence(workspace, passage_id=ids[0], stance="progress", recommendation_ids=[rec.id])
    assert service.reattach_evidence(workspace, letter, copy) == (1, 1)  # its own transaction
    assert service.evidence_count_in_document(workspace, copy) == 1


def test_a_quote_can_be_pointed_at_another_passage(workspace, letter, rec):
    ids = passage_ids(workspace, letter)
    [made] = service.link_evidence(workspace, passage_id=ids[0], stance="progress",
                                   recommendation_ids=[rec.id])
    moved = service.move_evidence(workspace, made.id, ids[2], quote="Life-story work")
    assert (moved.passage_id, moved.quote, moved.label) == (ids[2], "Life-story work", "13")
    assert moved.citation.endswith("page 3, paragraph 13")
