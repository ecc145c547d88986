"""Every change a tracker import makes is in the action's history, and can be undone
(issue 11: "trackers of different plans"); rows that would change the user's edits or
another plan's actions wait for the user's word."""

from __future__ import annotations

import hashlib
import json
from datetime import date

import pytest

from desktop.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, main
from desktop.domain.errors import UserFacingError
from desktop.services import actions as actions_service
from desktop.services import tracker_history as history
from desktop.services import tracker_import as importer
from desktop.services import tracker_undo as undo
from desktop.services import trash as trash_service
from desktop.storage.workspace import open_workspace
from tests import tracker_files

COUNCIL = "Gloucestershire"
TODAY = date(2026, 12, 3)


@pytest.fixture
def ws(tmp_path):
    workspace = open_workspace(tmp_path / "ws.sqlite")
    yield workspace
    workspace.close()


def load(ws, path, as_at, **options):
    confirmed = options.pop("confirmed", None)
    plan = importer.plan_tracker_import(ws, path, authority=COUNCIL, as_at=as_at, today=TODAY,
                                        **options)
    return importer.apply_tracker_import(ws, plan, today=TODAY, confirmed=confirmed,
                                         overwrite_conflicts=options.get("overwrite_conflicts",
                                                                         False))


def by_ref(ws):
    return {a.reference: a for a in actions_service.list_actions(ws)}


def changed_rows():
    """Quarter 2, with a new owner and title for 2.1 too: every kind of field moves."""
    rows = tracker_files.tracker_rows(2)
    for row in rows:
        if row["Ref"] == "2.1":
            row["Lead officer"] = "Head of Quality Assurance"
            row["Action"] = "Audit the quality of supervision on children's files"
    return rows


@pytest.fixture
def two_quarters(ws, tmp_path):
    q1 = tracker_files.write_simple_csv(tmp_path / "plan_q1.csv")
    first = load(ws, q1, date(2024, 6, 30))
    before = {a.id: a for a in actions_service.list_actions(ws)}
    q2 = tracker_files.write_simple_csv(tmp_path / "plan_q2.csv", changed_rows())
    second = load(ws, q2, date(2024, 9, 30))
    return first, second, before, q2


def test_every_field_an_import_changes_is_in_the_history_with_old_and_new(ws, two_quarters):
    first, second, before, q2 = two_quarters
    record = {r.id: r for r in history.list_imports(ws)}[second.import_id]
    assert record.file_name == "plan_q2.csv" and record.plan_id == second.plan_id
    assert record.sha256 == hashlib.sha256(q2.read_bytes()).hexdigest()
    assert record.as_at == date(2024, 9, 30)
    assert (record.imported, record.updated, record.unchanged) == (1, 5, 2)

    old = {a.reference: a for a in before.values()}
    now = by_ref(ws)
    fields = {(h.field, h.old_value, h.new_value) for h in
              history.history_of_action(ws, now["2.1"].id)
              if h.import_id == second.import_id and h.kind == "field"}
    assert ("owner", old["2.1"].owner, "Head of Quality Assurance") in fields
    assert ("title", old["2.1"].title, now["2.1"].title) in fields
    one = {h.field: (h.old_value, h.new_value) for h in history.history_of_action(ws, now["1.1"].id)
           if h.import_id == second.import_id and h.kind == "field"}
    assert one["status"] == ("on_track", "complete") and one["rag"] == ("green", "blue")
    due = {h.field: (h.old_value, h.new_value) for h in history.history_of_action(ws, now["1.2"].id)
           if h.import_id == second.import_id and h.kind == "field"}
    assert due["due_text"] == ("30-6-24", "30/09/2024")
    kinds = {h.kind for h in history.history_of_action(ws, now["1.1"].id)
             if h.import_id == second.import_id}
    assert "update" in kinds  # the update text it brought


def test_undo_puts_fields_back_removes_what_it_added_and_keeps_later_edits(ws, two_quarters):
    first, second, before, _ = two_quarters
    now = by_ref(ws)
    added = now["6.1"]  # the action quarter 2 brought
    actions_service.edit_action(ws, now["2.1"].id, {"owner": "Ann Jones"})  # after the import
    report = undo.undo_tracker_import(ws, second.import_id)

    after = by_ref(ws)
    assert "6.1" not in after and added.id in report.removed
    assert any(t.kind == "action" and t.item_id == added.id for t in trash_service.list_trash(ws))
    for ref in ("1.1", "1.2", "3.1"):
        was = next(a for a in before.values() if a.reference == ref)
        a = after[ref]
        assert (a.title, a.owner, a.status, a.rag, a.due_text, a.due, a.plan_id) == (
            was.title, was.owner, was.status, was.rag, was.due_text, was.due, was.plan_id)
        assert [u.text for u in a.updates] == [u.text for u in was.updates]
        assert a.slips == was.slips
    assert after["2.1"].owner == "Ann Jones"  # edited after the import: never overwritten
    assert after["2.1"].title == next(a.title for a in before.values() if a.reference == "2.1")
    assert any("action" in s and "owner" in s and "you changed it since" in s
               for s in report.skipped), report.skipped
    assert "1 field left as it is, because it changed after the import" in report.describe()
    with pytest.raises(UserFacingError, match="undone already"):
        undo.undo_tracker_import(ws, second.import_id)
    with pytest.raises(UserFacingError, match="no tracker import 99"):
        undo.undo_tracker_import(ws, 99)


def test_an_added_action_the_user_worked_on_is_kept_and_said_so(ws, two_quarters):
    _, second, _, _ = two_quarters
    added = by_ref(ws)["6.1"]
    actions_service.add_update(ws, added.id, "Asked the DCS about this at committee.",
                               date="2024-10-02")
    report = undo.undo_tracker_import(ws, second.import_id)
    kept = by_ref(ws)["6.1"]
    assert kept.id == added.id and any(u.source == "manual" for u in kept.updates)
    assert any(f"action {added.id}" in k and "note" in k for k in report.kept), report.kept


def test_undoing_an_earlier_import_leaves_what_a_later_one_changed(ws, two_quarters):
    first, second, _, _ = two_quarters
    report = undo.undo_tracker_import(ws, first.import_id)
    now = by_ref(ws)
    # Quarter 1's actions were all changed or listed by quarter 2: they stay.
    assert "1.1" in now and now["1.1"].status.value == "complete"
    assert any(f"tracker import {second.import_id}" in k for k in report.kept), report.kept


def test_undo_brings_back_an_edit_the_tracker_overwrote_and_its_mark(ws, tmp_path):
    q1 = tracker_files.write_simple_csv(tmp_path / "plan_q1.csv")
    load(ws, q1, date(2024, 6, 30))
    one = by_ref(ws)["1.1"]
    actions_service.edit_action(ws, one.id, {"owner": "Ann Jones"})
    q2 = tracker_files.write_simple_csv(tmp_path / "plan_q2.csv", changed_rows())
    second = load(ws, q2, date(2024, 9, 30), overwrite_conflicts=True)
    assert by_ref(ws)["1.1"].owner == "Head of MASH" and "owner" not in by_ref(ws)["1.1"].edited_fields
    undo.undo_tracker_import(ws, second.import_id)
    back = by_ref(ws)["1.1"]
    assert back.owner == "Ann Jones" and "owner" in back.edited_fields


def test_undo_of_a_first_import_empties_its_plan_and_restore_from_trash_works(ws, tmp_path):
    q1 = tracker_files.write_simple_csv(tmp_path / "plan_q1.csv")
    first = load(ws, q1, date(2024, 6, 30))
    report = undo.undo_tracker_import(ws, first.import_id)
    assert len(report.removed) == 7 and actions_service.list_actions(ws) == []
    item = next(t for t in trash_service.list_trash(ws) if t.kind == "action")
    trash_service.restore_from_trash(ws, item.id)  # the plan is gone: it comes back in none
    assert [a.plan_id for a in actions_service.list_actions(ws)] == [None]
    again = importer.plan_tracker_import(ws, q1, authority=COUNCIL, as_at=date(2024, 6, 30))
    assert not again.warnings or "plan that holds" not in " ".join(again.warnings)


# -- rows that need the user's word ------------------------------------------------

def test_a_hand_edited_field_changes_only_when_that_row_and_field_are_confirmed(ws, tmp_path):
    q1 = tracker_files.write_simple_csv(tmp_path / "plan_q1.csv")
    load(ws, q1, date(2024, 6, 30))
    held = by_ref(ws)
    actions_service.edit_action(ws, held["1.1"].id, {"status": "at_risk", "owner": "Ann Jones"})
    q2 = tracker_files.write_simple_csv(tmp_path / "plan_q2.csv", changed_rows())
    plan = importer.plan_tracker_import(ws, q2, authority=COUNCIL, as_at=date(2024, 9, 30))
    asked = {(d.row.row_number, name) for d, name, _a, _t in plan.to_confirm}
    assert {(2, "status"), (2, "owner")} <= asked
    summary = importer.apply_tracker_import(ws, plan, confirmed=frozenset({(2, "status")}))
    one = by_ref(ws)["1.1"]
    assert one.status.value == "complete" and one.owner == "Ann Jones"
    assert summary.conflicts_kept == 1
    assert any("kept your owner “Ann Jones”" in r for r in summary.reasons)
    assert any("replaces your status" in r for r in summary.reasons)


def test_another_plans_action_is_held_back_unless_confirmed(ws, tmp_path):
    """A tracker saved over another's file name goes to the wrong plan; rows that are
    clearly the other plan's actions do not change them (or duplicate them) unasked."""
    q1 = tracker_files.write_simple_csv(tmp_path / "plan_q1.csv")
    improvement = load(ws, q1, date(2024, 6, 30))
    send_rows = tracker_files.tracker_rows()[:2]
    for row, ref, title in zip(send_rows, ["S1", "S2"], ["Publish the local offer",
                                                         "Cut EHC waits"], strict=True):
        row.update({"Ref": ref, "Action": title})
    send = load(ws, tracker_files.write_simple_csv(tmp_path / "tracker.csv", send_rows),
                date(2024, 6, 30))
    assert send.plan_id != improvement.plan_id
    # The improvement plan's quarter 2, saved as "tracker.csv": it would go to the SEND plan.
    q2 = tracker_files.write_simple_csv(tmp_path / "tracker.csv", tracker_files.tracker_rows(2))
    plan = importer.plan_tracker_import(ws, q2, authority=COUNCIL, as_at=date(2024, 9, 30))
    assert plan.plan_id == send.plan_id and len(plan.held_back) == 7 and len(plan.new) == 1
    assert any(name == "plan" for _d, name, _a, _t in plan.to_confirm)
    summary = importer.apply_tracker_import(ws, plan)
    assert summary.held_back == 7 and any("another plan" in r for r in summary.reasons)
    one = [a for a in actions_service.list_actions(ws) if a.reference == "1.1"]
    assert {a.status.value for a in one if a.plan_id == improvement.plan_id} == {"on_track"}
    row_11 = next(d.row.row_number for d in plan.decisions if d.row.reference == "1.1")
    plan = importer.plan_tracker_import(ws, q2, authority=COUNCIL, as_at=date(2024, 9, 30))
    importer.apply_tracker_import(ws, plan, confirmed=frozenset({(row_11, "plan")}))
    mine = next(a for a in actions_service.list_actions(ws)
                if a.reference == "1.1" and a.title.startswith("Strengthen"))
    assert mine.status.value == "complete" and mine.plan_id == improvement.plan_id


# -- the command line -----------------------------------------------------------------

def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_lists_and_undoes_imports_with_exit_codes(capsys, ws, tmp_path):
    path = str(ws.path)
    ws.close()
    args = ["--workspace", path]
    q1 = tracker_files.write_simple_csv(tmp_path / "plan_q1.csv")
    code, out, err = run(capsys, "actions", "import", str(q1), "--as-at", "2024-06-30", "--json",
                         *args)
    assert code == EXIT_OK, err
    import_id = json.loads(out)["import_id"]
    code, out, _ = run(capsys, "actions", "imports", "--json", *args)
    listed = json.loads(out)
    assert code == EXIT_OK and listed[0]["id"] == import_id and listed[0]["imported"] == 7
    assert listed[0]["as_at"] == "2024-06-30" and len(listed[0]["sha256"]) == 64
    code, out, _ = run(capsys, "actions", "imports", *args)
    assert "plan_q1.csv, as at 30 June 2024: 7 imported" in out
    code, out, _ = run(capsys, "actions", "show", "1", "--json", *args)
    assert json.loads(out)["history"][0]["kind"] == "created"
    code, out, _ = run(capsys, "actions", "undo-import", str(import_id), "--json", *args)
    assert code == EXIT_OK and len(json.loads(out)["removed_action_ids"]) == 7
    code, _, err = run(capsys, "actions", "undo-import", str(import_id), *args)
    assert code == EXIT_FAILED and "undone already" in err and "Traceback" not in err
    code, _, err = run(capsys, "actions", "undo-import", "42", *args)
    assert code == EXIT_FAILED and "no tracker import 42" in err
    code, _, _ = run(capsys, "actions", "undo-import", "many", *args)
    assert code == EXIT_USAGE


def test_cli_refuses_a_tracker_naming_no_council_without_against(capsys, tmp_path):
    """Issue 13: with inspections held, "Rec 3" could mean any of them: exit 2, name it."""
    from tests.samples import sample

    path = tmp_path / "ws.sqlite"
    open_workspace(path).close()
    args = ["--workspace", str(path)]
    run(capsys, "import", *args, str(sample("000")))
    tracker = tracker_files.write_simple_csv(tmp_path / "plan.csv")
    code, _, err = run(capsys, "actions", "import", str(tracker), "--as-at", "2024-06-30", *args)
    assert code == EXIT_USAGE and "does not name its council" in err and "--against" in err
    code, out, _ = run(capsys, "actions", "--json", *args)
    assert json.loads(out) == []
    code, out, err = run(capsys, "actions", "import", str(tracker), "--as-at", "2024-06-30",
                         "--against", "1", *args)
    assert code == EXIT_OK, err
