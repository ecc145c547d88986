"""Briefings, notes and the overdue list as at a date: nothing dated after it, nothing
measured from today (issue 13)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from desktop.domain.actions import ActionStatus
from desktop.domain.as_at import DueMove, action_as_at, became_overdue_within
from desktop.services import actions as actions_service
from desktop.services import evidence as evidence_service
from desktop.services.as_at import actions_as_at
from desktop.services.exporting import (
    BriefingOptions,
    briefing_data,
    export_briefing,
    note_data,
)
from desktop.services.recommendations import list_recommendations
from tests.export_fixtures import flat, import_samples, pdf_text

AS_AT = date(2019, 1, 17)
PRINTED = date(2026, 12, 3)


@pytest.fixture
def planned(workspace):
    """The sample papers, with a plan reported in September and December 2017 and a 2019 update."""
    import_samples(workspace)
    recs = [r for r in list_recommendations(workspace, authority="Gloucestershire")
            if r.issued == date(2017, 6, 13)]
    done = actions_service.add_action(workspace, "Monthly management oversight audits",
                                      reference="5.1", due_text="30/11/2017",
                                      recommendation_ids=(recs[4].id,))
    actions_service.add_update(workspace, done.id, "Piloted", date="2017-09-30", status="on_track")
    actions_service.add_update(workspace, done.id, "In place", date="2017-12-14", status="complete",
                               rag="blue")
    late = actions_service.add_action(workspace, "Clear unallocated cases", reference="2.1",
                                      due_text="31/12/2017", recommendation_ids=(recs[1].id,))
    actions_service.add_update(workspace, late.id, "60 cases left", date="2017-12-14", status="at_risk")
    actions_service.add_update(workspace, late.id, "All allocated", date="2019-03-31",
                               status="complete")
    # A committee report of 2023 says progress: after the as-at date, so left out.
    later = next(d for d in workspace.conn.execute(
        "SELECT id FROM documents WHERE doc_type = 'committee_report' AND date > '2019-12-31'"))
    passage = workspace.conn.execute("SELECT id FROM passages WHERE document_id = ? AND kind = "
                                     "'paragraph' LIMIT 1 OFFSET 8", (later[0],)).fetchone()[0]
    evidence_service.link_evidence(workspace, passage_id=passage, stance="progress",
                                   recommendation_ids=(recs[1].id,))
    return workspace, recs, done, late


def test_an_action_as_it_stood_on_a_date():
    from tests.as_at_fixtures import action_with

    action = action_with(updates=[("2019-03-31", "complete"), ("2017-12-14", "at_risk")],
                         due=date(2018, 3, 31), original_due=date(2017, 10, 31))
    then = action_as_at(action, AS_AT, [DueMove(date(2017, 10, 31), "31/10/2017", date(2018, 3, 31),
                                               "31/03/2018", date(2017, 12, 14))])
    assert then.status is ActionStatus.AT_RISK and len(then.updates) == 1
    assert then.overdue(AS_AT) and then.slips == 1 and then.slipped_days == 151
    before = action_as_at(action, date(2017, 11, 1), [DueMove(
        date(2017, 10, 31), "31/10/2017", date(2018, 3, 31), "31/03/2018", date(2017, 12, 14))])
    assert before.due == date(2017, 10, 31) and before.slips == 0
    assert before.status is ActionStatus.NOT_STARTED  # nothing reported by then
    assert became_overdue_within(then, date(2018, 1, 1), AS_AT)
    assert not became_overdue_within(then, date(2018, 6, 1), AS_AT)  # overdue before "since"


def test_the_overdue_list_as_at_a_date(planned):
    ws, *_ = planned
    then = actions_as_at(ws, AS_AT, overdue=True)
    assert [a.reference for a in then] == ["2.1"]  # complete only in March 2019
    assert actions_as_at(ws, date(2020, 1, 1), overdue=True) == []


def test_briefing_as_at_the_meeting_date(planned):
    ws, recs, *_ = planned
    data = briefing_data(ws, BriefingOptions(authority="Gloucestershire", meeting_date=AS_AT,
                                             prepared_on=PRINTED))
    assert data.as_at == AS_AT and data.looking_back
    assert data.left_out == "1 quote and 1 update dated after 17 January 2019 are not included."
    by_id = {i.id: i for i in data.recommendations}
    only_done = by_id[recs[4].id]  # its one action complete, the council reporting Complete (blue)
    assert (only_done.status, only_done.status_note) == (
        "in_progress", "actions complete, impact not yet evidenced")
    assert only_done.council_status == "complete" and only_done.actions_done == 1
    overdue = {a.reference: a for a in data.overdue_actions}
    assert set(overdue) == {"2.1"} and overdue["2.1"].status == "at_risk"
    assert all(q.document_date is None or q.document_date <= AS_AT
               for i in data.recommendations for q in i.quotes)
    assert all(i.issued is None or i.issued <= AS_AT for i in data.recommendations)


def test_the_briefing_pdf_says_the_position_date_and_nothing_later(planned, tmp_path):
    ws, *_ = planned
    path = export_briefing(ws, tmp_path / "b.pdf", BriefingOptions(
        authority="Gloucestershire", meeting="Children and Families O&S", meeting_date=AS_AT,
        prepared_on=PRINTED))
    text = flat("\n".join(pdf_text(path)))
    assert "Position as at 17 January 2019" in text
    assert "382 days overdue" in text  # 31 December 2017 to 17 January 2019, not to today
    assert "3 December 2026" not in text and "2023" not in text
    assert "Action plan due" in text or "Action plan deadlines" in text
    assert "How the status is worked out" in text
    assert "In progress (actions complete, impact not yet evidenced)" in text
    assert "Not part of an agenda pack" in text  # said in words, not a dash


def test_the_note_lists_only_what_became_overdue_or_slipped_in_the_window(planned):
    ws, *_ = planned
    inside = note_data(ws, since=date(2017, 12, 1), as_at=AS_AT, authority="Gloucestershire",
                       today=PRINTED)
    assert [a.reference for a in inside.actions] == ["2.1"]
    assert inside.actions[0].remark == "Overdue since 31 December 2017"
    after = note_data(ws, since=date(2018, 6, 1), as_at=AS_AT, authority="Gloucestershire",
                      today=PRINTED)
    assert after.actions == ()  # overdue before "since": not news at this meeting


def test_cli_as_at(planned, tmp_path, capsys):
    from desktop.cli import main

    ws, *_ = planned
    path = str(ws.path)
    ws.close()
    assert main(["actions", "--workspace", path, "--overdue", "--as-at", "2019-01-17", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [a["reference"] for a in listed] == ["2.1"] and listed[0]["overdue"] is True
    assert main(["export", "briefing", "--workspace", path, "--out", str(tmp_path / "b.pdf"),
                 "--authority", "Gloucestershire", "--as-at", "2019-01-17"]) == 0
    assert main(["export", "note", "--workspace", path, "--out", str(tmp_path / "n.pdf"),
                 "--since", "2017-12-01", "--as-at", "2019-01-17"]) == 0
    assert main(["actions", "--workspace", path, "--as-at", "17/13/2019"]) == 2
