"""The status each recommendation shows: rolled up from actions and evidence, or the user's."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.documents import DocType
from desktop.domain.errors import UserFacingError
from desktop.domain.recommendations import RecommendationStatus as Status
from desktop.services import evidence as evidence_service
from desktop.services import rollup
from desktop.services.recommendations import add_recommendation
from tests.evidence_fixtures import add_action, add_document, passage_ids

TODAY = date(2019, 3, 1)


@pytest.fixture
def rec(workspace):
    return add_recommendation(workspace, "Ensure that supervision is strengthened.", label="5",
                              authority="Gloucestershire", issued="2017-06-13")


def _paper(ws, when: date, doc_type: DocType = DocType.MONITORING_VISIT) -> int:
    doc = add_document(ws, title=f"Paper of {when}", doc_type=doc_type, authority="Gloucestershire",
                       when=when, paragraphs=[f"Supervision was looked at on {when}."])
    return passage_ids(ws, doc)[0]


def _link(ws, rec_id: int, when: date, stance: str, doc_type: DocType = DocType.MONITORING_VISIT,
          action_id: int | None = None) -> None:
    pid = _paper(ws, when, doc_type)
    evidence_service.link_evidence(ws, passage_id=pid, stance=stance,
                                   recommendation_ids=[] if action_id else [rec_id],
                                   action_ids=[action_id] if action_id else [])


def _status(ws, rec_id: int) -> Status:
    return rollup.rollups(ws, [rec_id], today=TODAY)[rec_id].status


def test_nothing_yet_is_not_started_and_stale_once_a_year_old(workspace, rec):
    result = rollup.rollups(workspace, today=TODAY)[rec.id]
    assert result.status is Status.NOT_STARTED and result.source == "rolled_up"
    assert result.last_evidence is None and result.stale  # issued June 2017, nothing since
    fresh = rollup.rollups(workspace, today=date(2017, 12, 1))[rec.id]
    assert not fresh.stale


def test_actions_under_way_without_evidence_are_in_progress(workspace, rec):
    add_action(workspace, "Supervision policy", status="on_track", recommendation_ids=(rec.id,))
    add_action(workspace, "Training", status="not_started", recommendation_ids=(rec.id,))
    result = rollup.rollups(workspace, [rec.id], today=TODAY)[rec.id]
    assert result.status is Status.IN_PROGRESS
    assert result.rule == "Its actions are under way, with no evidence either way yet"


def test_progress_evidence_gives_evidence_of_progress(workspace, rec):
    _link(workspace, rec.id, date(2018, 6, 8), "progress")
    result = rollup.rollups(workspace, [rec.id], today=TODAY)[rec.id]
    assert result.status is Status.EVIDENCE_OF_PROGRESS
    assert result.last_evidence == date(2018, 6, 8) and not result.stale


def test_the_latest_evidence_decides_and_context_does_not_count(workspace, rec):
    _link(workspace, rec.id, date(2018, 1, 10), "progress")
    _link(workspace, rec.id, date(2018, 6, 8), "concern")
    assert _status(workspace, rec.id) is Status.CONCERN
    _link(workspace, rec.id, date(2018, 9, 1), "progress")
    assert _status(workspace, rec.id) is Status.EVIDENCE_OF_PROGRESS
    _link(workspace, rec.id, date(2018, 12, 1), "context")
    assert _status(workspace, rec.id) is Status.EVIDENCE_OF_PROGRESS
    assert rollup.rollups(workspace, today=TODAY)[rec.id].last_evidence == date(2018, 12, 1)


def test_concern_outweighs_progress_in_the_same_paper(workspace, rec):
    doc = add_document(workspace, title="Letter", doc_type=DocType.MONITORING_VISIT,
                       authority="Gloucestershire", when=date(2018, 6, 8),
                       paragraphs=["Supervision is regular.", "Supervision is not challenging."])
    ids = passage_ids(workspace, doc)
    evidence_service.link_evidence(workspace, passage_id=ids[0], stance="progress",
                                   recommendation_ids=[rec.id])
    evidence_service.link_evidence(workspace, passage_id=ids[1], stance="concern",
                                   recommendation_ids=[rec.id])
    assert _status(workspace, rec.id) is Status.CONCERN


def test_an_off_track_or_red_action_is_a_concern(workspace, rec):
    add_action(workspace, "Supervision audit", status="on_track", rag="red", recommendation_ids=(rec.id,))
    assert _status(workspace, rec.id) is Status.CONCERN
    other = add_recommendation(workspace, "Other", authority="Gloucestershire", issued="2017-06-13")
    add_action(workspace, "Late", status="off_track", recommendation_ids=(other.id,))
    _link(workspace, other.id, date(2018, 1, 1), "progress")
    assert _status(workspace, other.id) is Status.CONCERN


def test_complete_needs_every_action_done_and_progress_last(workspace, rec):
    first = add_action(workspace, "Policy", status="complete", recommendation_ids=(rec.id,))
    add_action(workspace, "Training", status="complete", recommendation_ids=(rec.id,))
    assert _status(workspace, rec.id) is Status.IN_PROGRESS  # done, says the plan; no evidence yet
    _link(workspace, rec.id, date(2018, 6, 8), "progress", action_id=first)  # evidence via an action
    result = rollup.rollups(workspace, [rec.id], today=TODAY)[rec.id]
    assert result.status is Status.COMPLETE
    assert result.rule == "All its actions are complete and inspectors' evidence since shows progress"
    assert not rollup.rollups(workspace, [rec.id], today=date(2030, 1, 1))[rec.id].stale


def test_the_plan_saying_done_against_an_inspectors_concern_is_flagged(workspace, rec):
    add_action(workspace, "Policy", status="complete", rag="green", recommendation_ids=(rec.id,))
    _link(workspace, rec.id, date(2018, 1, 10), "progress", DocType.COMMITTEE_REPORT)
    _link(workspace, rec.id, date(2018, 6, 8), "concern", DocType.MONITORING_VISIT)
    result = rollup.rollups(workspace, [rec.id], today=TODAY)[rec.id]
    assert result.council_status == "complete"
    assert result.disagreement == ("The council reports complete, but the newest independent "
                                   "evidence, a monitoring visit letter (8 June 2018), is a concern.")
    # A later concern in the council's own paper is not independent evidence against it.
    other = add_recommendation(workspace, "Other", authority="Gloucestershire", issued="2017-06-13")
    add_action(workspace, "Plan", status="on_track", rag="green", recommendation_ids=(other.id,))
    _link(workspace, other.id, date(2018, 6, 8), "concern", DocType.COMMITTEE_REPORT)
    assert rollup.rollups(workspace, [other.id], today=TODAY)[other.id].disagreement is None


def test_the_council_status_stored_on_the_recommendation_is_shown(workspace, rec):
    with workspace.write():
        workspace.conn.execute("UPDATE recommendations SET council_status = 'green', "
                               "council_status_source = 'officer report' WHERE id = ?", (rec.id,))
    _link(workspace, rec.id, date(2018, 6, 8), "concern", DocType.INSPECTION_REPORT)
    result = rollup.rollups(workspace, [rec.id], today=TODAY)[rec.id]
    assert result.council_status == "green" and "council reports green" in result.disagreement


def test_the_users_status_wins_and_is_kept_with_its_reason(workspace, rec):
    _link(workspace, rec.id, date(2018, 6, 8), "concern")
    result = rollup.override_status(workspace, rec.id, "evidence_of_progress",
                                    "Officers showed the new audit results at committee")
    assert (result.status, result.source) == (Status.EVIDENCE_OF_PROGRESS, "user")
    assert result.reason == "Officers showed the new audit results at committee"
    assert result.rolled_up_status is Status.CONCERN  # still shown beside it
    with pytest.raises(UserFacingError, match="reason"):
        rollup.override_status(workspace, rec.id, "complete", "  ")
    with pytest.raises(UserFacingError, match="not a status"):
        rollup.override_status(workspace, rec.id, "done", "because")
    cleared = rollup.clear_override(workspace, rec.id)
    assert (cleared.status, cleared.source, cleared.reason) == (Status.CONCERN, "rolled_up", "")
    back = rollup.restore_override(workspace, result)
    assert (back.status, back.reason) == (Status.EVIDENCE_OF_PROGRESS, result.reason)


def test_unknown_recommendation(workspace):
    with pytest.raises(UserFacingError, match="no recommendation 99"):
        rollup.override_status(workspace, 99, "complete", "why")
    assert rollup.rollups(workspace, [99]) == {}


def test_the_rules_in_words_are_the_rules_the_code_applies():
    for words, status in rollup.rules_table():
        assert f"{words}: {status.lower()}." in rollup.ROLL_UP_RULES
    assert rollup.RULES[-1].test(rollup.Facts())  # the last rule always applies


def test_hundreds_of_recommendations_take_a_few_queries(workspace):
    ids = [add_recommendation(workspace, f"Recommendation {n}", authority="Gloucestershire",
                              issued="2017-06-13").id for n in range(600)]
    add_action(workspace, "Shared", status="on_track", recommendation_ids=tuple(ids[:300]))
    statements = []
    workspace.conn.set_trace_callback(statements.append)
    try:
        everything = rollup.rollups(workspace, today=TODAY)
        chosen = rollup.rollups(workspace, ids, today=TODAY)  # chunked: more ids than one IN holds
    finally:
        workspace.conn.set_trace_callback(None)
    assert len(everything) == len(chosen) == 600
    # Each call: the actions in one set of queries (rows, links, updates, slips), then the
    # recommendations and their evidence (chunked for 600 ids): never a query per row.
    assert len(statements) <= (5 + 2) + (5 + 2 * 2)
    assert sum(r.status is Status.IN_PROGRESS for r in chosen.values()) == 300


def test_the_disagreement_names_an_inspection_report_in_plain_english(workspace, rec):
    add_action(workspace, "Policy", status="complete", rag="blue", recommendation_ids=(rec.id,))
    _link(workspace, rec.id, date(2022, 2, 18), "concern", DocType.INSPECTION_REPORT)
    result = rollup.rollups(workspace, [rec.id], today=TODAY)[rec.id]
    assert "the newest independent evidence, an inspection report (18 February 2022), is a " \
           "concern" in result.disagreement


# -- one test per row of the table the councillor reads -------------------------------

def _rule_of(ws, rec_id: int, **kw):
    return rollup.rollups(ws, [rec_id], today=TODAY, **kw)[rec_id]


def test_row_no_actions_and_no_evidence(workspace, rec):
    result = _rule_of(workspace, rec.id)
    assert (result.status, result.rule) == (Status.NOT_STARTED, "No actions and no evidence yet")


def test_row_actions_none_started(workspace, rec):
    add_action(workspace, "Audit", status="not_started", recommendation_ids=(rec.id,))
    result = _rule_of(workspace, rec.id)
    assert result.status is Status.NOT_STARTED and result.rule.startswith("It has actions, none started")


def test_row_only_action_complete_and_council_says_complete_is_not_a_bare_in_progress(workspace, rec):
    add_action(workspace, "Supervision policy", status="complete", rag="blue",
               recommendation_ids=(rec.id,))
    result = _rule_of(workspace, rec.id)
    assert result.status is Status.IN_PROGRESS
    assert result.qualifier == "actions complete, impact not yet evidenced"
    assert rollup.status_words(result.status, result.qualifier) == (
        "In progress (actions complete, impact not yet evidenced)")
    assert result.council_status == "complete"
    # The council's own paper saying so is not independent evidence of the difference made.
    _link(workspace, rec.id, date(2018, 6, 8), "progress", DocType.COMMITTEE_REPORT)
    assert _rule_of(workspace, rec.id).qualifier == "actions complete, impact not yet evidenced"


def test_row_complete_needs_inspectors_progress_dated_after_completion(workspace, rec):
    from desktop.services import actions as action_service

    action = add_action(workspace, "Policy", status="on_track", recommendation_ids=(rec.id,))
    action_service.add_update(workspace, action, "Signed off", date="2018-09-01", status="complete")
    _link(workspace, rec.id, date(2018, 6, 8), "progress")  # before it was complete
    assert _rule_of(workspace, rec.id).qualifier == "actions complete, impact not yet evidenced"
    _link(workspace, rec.id, date(2018, 11, 20), "progress")  # inspectors saw it since
    result = _rule_of(workspace, rec.id)
    assert result.status is Status.COMPLETE and result.qualifier == ""


def test_row_newer_concern_wins_and_names_its_source(workspace, rec):
    add_action(workspace, "Policy", status="complete", recommendation_ids=(rec.id,))
    _link(workspace, rec.id, date(2018, 6, 8), "progress")
    _link(workspace, rec.id, date(2018, 11, 20), "concern")
    result = _rule_of(workspace, rec.id)
    assert result.status is Status.CONCERN
    assert result.rule == "The latest evidence is a concern: Paper of 2018-11-20, 20 November 2018"


def test_as_at_leaves_out_later_evidence_and_updates(workspace, rec):
    from desktop.services import actions as action_service

    action = add_action(workspace, "Policy", status="on_track", recommendation_ids=(rec.id,))
    action_service.add_update(workspace, action, "Started", date="2017-09-30", status="on_track")
    action_service.add_update(workspace, action, "Done", date="2019-06-30", status="complete")
    _link(workspace, rec.id, date(2019, 9, 1), "concern")
    now = rollup.rollups(workspace, [rec.id], today=date(2020, 1, 1))[rec.id]
    assert now.status is Status.CONCERN
    then = rollup.rollups(workspace, [rec.id], as_at=date(2019, 1, 17))[rec.id]
    assert then.status is Status.IN_PROGRESS and then.qualifier == ""
    assert then.last_evidence is None and then.council_status == "on track"
    # Staleness is measured from the as-at date, not from today.
    assert then.stale  # issued June 2017, nothing linked by January 2019
    assert not rollup.rollups(workspace, [rec.id], as_at=date(2017, 12, 1))[rec.id].stale
