"""The statutory clocks: working days in England and the action-plan deadlines (issue 13)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from desktop.domain.documents import DocType
from desktop.domain.working_days import OutsideCalendar, england
from desktop.paths import resources_dir
from desktop.services.clocks import plan_clocks
from tests.evidence_fixtures import add_document


def test_the_shipped_bank_holidays_cover_2012_to_2030_and_name_their_source():
    data = json.loads((resources_dir() / "calendars" / "bank_holidays_england.json").read_text("utf-8"))
    assert "gov.uk/bank-holidays" in data["source"]
    years = {int(e["date"][:4]) for e in data["events"]}
    assert years == set(range(2012, 2031))
    days = {e["date"] for e in data["events"]}
    # Christmas on a Sunday (2016, 2022): the substitute day is Tuesday 27 December.
    assert {"2016-12-26", "2016-12-27", "2022-12-26", "2022-12-27"} <= days
    assert {"2019-04-19", "2019-04-22"} <= days  # Good Friday, Easter Monday 2019
    assert {"2020-05-08", "2022-09-19", "2023-05-08"} <= days  # VE Day, the funeral, the coronation
    assert "2020-05-04" not in days  # moved to 8 May that year


def test_working_days_skip_weekends_and_bank_holidays():
    cal = england()
    assert cal.add_working_days(date(2018, 12, 20), 5) == date(2018, 12, 31)  # over Christmas
    assert cal.add_working_days(date(2019, 4, 18), 1) == date(2019, 4, 23)  # over Easter
    assert cal.add_working_days(date(2017, 6, 13), 70) == date(2017, 9, 20)  # over 28 August
    assert cal.working_days_between(date(2017, 9, 20), date(2017, 9, 30)) == 7
    with pytest.raises(OutsideCalendar):
        cal.add_working_days(date(2030, 12, 1), 70)


def test_clocks_for_an_inspection_and_a_focused_visit(workspace):
    add_document(workspace, title="Inspection", doc_type=DocType.INSPECTION_REPORT,
                          authority="Gloucestershire", when=date(2017, 6, 13), paragraphs=["Inadequate."])
    visit = add_document(workspace, title="Focused visit", doc_type=DocType.FOCUSED_VISIT,
                         authority="Barnsley", when=date(2023, 3, 1), paragraphs=["Priority action."])
    add_document(workspace, title="Focused visit without", doc_type=DocType.FOCUSED_VISIT,
                 authority="Barnsley", when=date(2022, 3, 1), paragraphs=["Fine."])
    with workspace.write():
        workspace.conn.execute(
            "INSERT INTO recommendations (document_id, label, text, kind, authority, issued, status, "
            "created_at, updated_at) VALUES (?, '1', 'Act now', 'priority_action', 'Barnsley', "
            "'2023-03-01', 'not_started', '2023-03-01', '2023-03-01')", (visit,))
    add_document(workspace, title="Improvement plan", doc_type=DocType.IMPROVEMENT_PLAN,
                 authority="Gloucestershire", when=date(2017, 10, 2), paragraphs=["Our plan."])
    clocks = plan_clocks(workspace, as_at=date(2023, 3, 10))
    assert [(c.authority, c.due) for c in clocks] == [
        ("Gloucestershire", date(2017, 9, 20)), ("Barnsley", date(2023, 3, 29))]
    glos, barnsley = clocks
    assert glos.plan == "Improvement plan, 2 October 2017"
    assert glos.verdict == "Plan held, dated 8 working days after the deadline"
    assert barnsley.verdict == "Not yet due" and barnsley.rule.startswith("20 working days")
    assert plan_clocks(workspace, as_at=date(2023, 4, 1))[1].verdict == "No plan paper held"
    # Known on an earlier date: the plan paper dated later is not counted, the visit not yet held.
    early = plan_clocks(workspace, as_at=date(2017, 9, 25))
    assert [c.verdict for c in early] == ["No plan paper held"]


def test_clocks_on_the_command_line(workspace, capsys):
    from desktop.cli import main

    add_document(workspace, title="Inspection", doc_type=DocType.INSPECTION_REPORT,
                 authority="Gloucestershire", when=date(2017, 6, 13), paragraphs=["Inadequate."])
    path = str(workspace.path)
    workspace.close()
    assert main(["clocks", "--workspace", path, "--json", "--as-at", "2018-01-01"]) == 0
    [clock] = json.loads(capsys.readouterr().out)
    assert clock["due"] == "2017-09-20" and clock["verdict"] == "No plan paper held"
    assert main(["clocks", "--workspace", path]) == 0
    assert "Action plan due 20 September 2017" in capsys.readouterr().out
