"""Trackers of different improvement plans of one council stay apart (issue 11, loss 3)."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.services import actions as actions_service
from desktop.services import tracker_import as importer
from desktop.storage.workspace import open_workspace
from tests import tracker_files

COUNCIL = "Gloucestershire"


@pytest.fixture
def ws(tmp_path):
    workspace = open_workspace(tmp_path / "ws.sqlite")
    yield workspace
    workspace.close()


def other_plan_rows() -> list[dict[str, str]]:
    """A second plan of the same council (say, its SEND plan), numbered 1.1, 1.2 too."""
    rows = tracker_files.tracker_rows()[:3]
    titles = ["Publish the local offer for children with SEND",
              "Cut waits for EHC needs assessments to 20 weeks",
              "Train school SENCOs in the graduated approach"]
    for row, title in zip(rows, titles, strict=True):
        row.update({"Action": title, "Lead officer": "Head of SEND", "Target date": "31/01/2025",
                    "Status": "Not started", "RAG": "", "Progress update": ""})
    return rows


def load(ws, path, **options):
    plan = importer.plan_tracker_import(ws, path, authority=COUNCIL, today=date(2024, 7, 1),
                                        **options)
    return plan, importer.apply_tracker_import(ws, plan, today=date(2024, 7, 1))


def test_tracker_of_another_plan_leaves_this_plans_actions_alone(ws, tmp_path):
    first = tracker_files.write_simple_csv(tmp_path / "improvement_plan.csv")
    load(ws, first)
    before = {a.id: (a.reference, a.title, a.owner, a.plan_id, a.due_text)
              for a in actions_service.list_actions(ws)}
    send = tracker_files.write_simple_csv(tmp_path / "send_plan.csv", other_plan_rows())
    plan, summary = load(ws, send)

    assert summary.imported == 3 and summary.updated == 0
    after = {a.id: a for a in actions_service.list_actions(ws)}
    for action_id, held in before.items():  # not one field of the first plan moved
        a = after[action_id]
        assert (a.reference, a.title, a.owner, a.plan_id, a.due_text) == held
        assert all(u.source == "improvement_plan.csv" for u in a.updates)
    new = [a for i, a in after.items() if i not in before]
    assert {a.title for a in new} == {r["Action"] for r in other_plan_rows()}
    assert len({a.plan_id for a in new}) == 1 and new[0].plan_id not in {h[3] for h in before.values()}
    assert any("new plan" in note for note in plan.notes)


def test_reissue_of_a_plan_updates_it_and_keeps_its_id(ws, tmp_path):
    first = tracker_files.write_simple_csv(tmp_path / "plan_q1.csv")
    _, one = load(ws, first)
    second = tracker_files.write_simple_csv(tmp_path / "plan_q2.csv", tracker_files.tracker_rows(2))
    plan, two = load(ws, second)
    assert plan.plan_id == one.plan_id == two.plan_id
    assert (two.imported, two.updated) == (1, 4)


def test_naming_the_plan_sends_rows_to_it(ws, tmp_path):
    _, first = load(ws, tracker_files.write_simple_csv(tmp_path / "improvement_plan.csv"))
    _, send = load(ws, tracker_files.write_simple_csv(tmp_path / "send.csv", other_plan_rows()))
    # The same SEND file saved under another name: still the SEND plan when named.
    renamed = tracker_files.write_simple_csv(tmp_path / "renamed.csv", other_plan_rows())
    plan = importer.plan_tracker_import(ws, renamed, authority=COUNCIL, plan_id=send.plan_id)
    assert plan.plan_id == send.plan_id and len(plan.new) == 0
    # Its own file name brings it back to its plan without naming it.
    again = importer.plan_tracker_import(ws, tmp_path / "improvement_plan.csv", authority=COUNCIL)
    assert again.plan_id == first.plan_id and len(again.new) == 0


def test_a_new_plan_can_be_started_whatever_the_files_name(ws, tmp_path, capsys):
    from desktop.cli import main

    path = tracker_files.write_simple_csv(tmp_path / "improvement_plan.csv")
    _, first = load(ws, path)
    plan = importer.plan_tracker_import(ws, path, authority=COUNCIL, new_plan=True)
    assert plan.plan_id is None and "a new plan, as chosen" in " ".join(plan.notes)
    # Its rows are the first plan's actions: held back for the user to confirm, not changed.
    assert len(plan.held_back) == len(plan.rows) and not plan.changed
    workspace = str(ws.path)
    assert main(["actions", "import", str(path), "--workspace", workspace, "--against", "1", "--as-at",
                 "2024-07-01", "--plan", str(first.plan_id), "--new-plan"]) == 2  # one or the other
    capsys.readouterr()


# -- the position date ("as at") ------------------------------------------------------

def write_titled_xlsx(path, rows, title_lines):
    """A tracker as officers send it: a title block above the header."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Action plan"
    for line in title_lines:
        sheet.append([line])
    sheet.append([])
    headers = list(rows[0])
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h, "") or None for h in headers])
    book.save(path)
    return path


def undated(rows):
    """Rows whose update cells carry no date of their own, so the tracker's date applies."""
    return [dict(row) for row in rows]


SEPTEMBER = ["Gloucestershire children's services improvement plan",
             "Position as at 30 September 2017"]
DECEMBER = ["Gloucestershire children's services improvement plan", "Q3 2017/18 update"]


def test_position_date_is_read_from_the_title_block_or_the_file_name(ws, tmp_path):
    sept = write_titled_xlsx(tmp_path / "plan.xlsx", tracker_files.tracker_rows(), SEPTEMBER)
    plan = importer.plan_tracker_import(ws, sept, authority=COUNCIL)
    assert (plan.as_at, plan.as_at_source) == (date(2017, 9, 30), "title")
    updated = write_titled_xlsx(tmp_path / "plan2.xlsx", tracker_files.tracker_rows(),
                                ["Improvement plan", "Updated: 14/12/2017"])
    assert importer.plan_tracker_import(ws, updated).as_at == date(2017, 12, 14)
    no_date_title = write_titled_xlsx(tmp_path / "tracker_Q3_2017-18.xlsx",
                                      tracker_files.tracker_rows(), ["Plan agreed March 2016"])
    plan = importer.plan_tracker_import(ws, no_date_title)
    assert (plan.as_at, plan.as_at_source) == (date(2017, 12, 31), "file name")
    bare = tracker_files.write_simple_csv(tmp_path / "improvement_plan.csv")
    assert importer.plan_tracker_import(ws, bare).as_at is None
    assert importer.plan_tracker_import(ws, bare, as_at=date(2017, 6, 30)).as_at_source == "given"


def imported_updates(ws):
    return {a.reference: a for a in actions_service.list_actions(ws)}


@pytest.mark.parametrize("order", ["in order", "december first"])
def test_two_quarters_in_either_order_file_updates_by_date_and_keep_the_newest(ws, tmp_path,
                                                                               order):
    sept = write_titled_xlsx(tmp_path / "sept.xlsx", tracker_files.tracker_rows(1), SEPTEMBER)
    dec = write_titled_xlsx(tmp_path / "dec.xlsx", tracker_files.tracker_rows(2), DECEMBER)
    today = date(2026, 12, 3)
    for path in ([sept, dec] if order == "in order" else [dec, sept]):
        plan = importer.plan_tracker_import(ws, path, authority=COUNCIL, today=today)
        importer.apply_tracker_import(ws, plan, today=today)
    actions = imported_updates(ws)
    # December's values stand whichever came last.
    assert actions["1.1"].status.value == "complete"
    assert actions["1.2"].due == date(2024, 9, 30)
    assert actions["3.1"].status.value == "on_track"
    # Every update carries its tracker's date, never the day of the import.
    dates = {u.date for a in actions.values() for u in a.updates}
    assert dates <= {date(2017, 9, 30), date(2017, 12, 31)} and today not in dates
    texts = [(u.date, u.text) for u in actions["1.1"].updates]
    assert (date(2017, 12, 31), "Audit programme embedded; signed off by board.") in texts
    assert (date(2017, 9, 30), "New audit tool in place; 42 audits completed in Q1.") in texts
    assert sorted(texts, reverse=True) == texts  # newest first, in date order
