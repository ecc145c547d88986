"""Actions typed in by hand: fields, slippage, overdue, progress updates, links and undo."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.actions import ActionStatus, Rag
from desktop.services import actions as service
from desktop.services.actions import InvalidAction
from desktop.storage import recommendations as rec_store

TODAY = date(2024, 6, 1)


def _recommendation(ws, label="3", text="Ensure that assessments are timely.",
                    authority="Gloucestershire") -> int:
    with ws.write():
        return rec_store.insert_recommendation(ws, rec_store.NewRecommendation(
            label=label, text=text, kind="recommendation", authority=authority,
            issued=date(2017, 6, 13), origin="manual"))


def _count(ws, table: str) -> int:
    return ws.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_add_keeps_due_as_written_and_understands_it(workspace):
    rec = _recommendation(workspace)
    action = service.add_action(workspace, "  Audit   all child protection plans ",
                                reference="1.2", owner="Head of Safeguarding",
                                due_text="Q2 2023/24", status="On track", rag="Amber",
                                recommendation_ids=[rec])
    assert action.title == "Audit all child protection plans"
    assert action.due_text == "Q2 2023/24" and action.due == date(2023, 9, 30)
    assert action.original_due == date(2023, 9, 30) and action.slips == 0
    assert action.status is ActionStatus.ON_TRACK and action.rag is Rag.AMBER
    assert action.recommendation_ids == (rec,)
    assert action.authority == "Gloucestershire"  # taken from the recommendation
    assert action.origin == "manual" and action.edited_fields == ()

    ongoing = service.add_action(workspace, "Keep the board informed", due_text="Ongoing")
    assert ongoing.due is None and ongoing.due_text == "Ongoing" and ongoing.original_due is None


def test_slippage_counts_moves_later_and_keeps_the_original(workspace):
    action = service.add_action(workspace, "Recruit permanent social workers", due_text="31/03/2024")
    action = service.edit_action(workspace, action.id, {"due_text": "30/06/2024"})
    action = service.edit_action(workspace, action.id, {"due_text": "Q3 2024"})
    assert (action.slips, action.slipped_days) == (2, (date(2024, 9, 30) - date(2024, 3, 31)).days)
    assert action.original_due == date(2024, 3, 31) and action.original_due_text == "31/03/2024"
    # Brought forward: recorded, but not a slip; and the days now count from the original.
    action = service.edit_action(workspace, action.id, {"due_text": "31 May 2024"})
    assert action.slips == 2 and action.slipped_days == 61
    # The same date written another way is not a move.
    action = service.edit_action(workspace, action.id, {"due_text": "31/05/2024"})
    history = service.due_history(workspace, action.id)
    assert [c.new_due_text for c in history] == ["30/06/2024", "Q3 2024", "31 May 2024"]
    assert action.edited_fields == ("due_text",)
    # Back before the original: no slippage shown.
    action = service.edit_action(workspace, action.id, {"due": "1 March 2024"})
    assert action.slipped_days == 0 and action.due == date(2024, 3, 1)


def test_first_understood_due_becomes_the_original(workspace):
    action = service.add_action(workspace, "Write the strategy", due_text="TBC")
    action = service.edit_action(workspace, action.id, {"due_text": "December 2023"})
    assert action.original_due == date(2023, 12, 31) and action.slips == 0
    action = service.edit_action(workspace, action.id, {"due_text": "March 2024"})
    assert action.slips == 1 and action.original_due == date(2023, 12, 31)


def test_overdue_and_due_soon_filters(workspace):
    late = service.add_action(workspace, "Late", due_text="01/05/2024", owner="Ann")
    soon = service.add_action(workspace, "Soon", due_text="20/06/2024", owner="ann")
    service.add_action(workspace, "Later", due_text="31/12/2024", owner="Bob")
    done = service.add_action(workspace, "Done late", due_text="01/01/2024", status="complete")
    service.add_action(workspace, "No date", due_text="ongoing")

    overdue = service.list_actions(workspace, overdue=True, today=TODAY)
    assert [a.id for a in overdue] == [late.id]
    assert late.overdue(TODAY) and not done.overdue(TODAY)
    due = service.list_actions(workspace, due_within_days=30, today=TODAY)
    assert [a.id for a in due] == [soon.id]
    both = service.list_actions(workspace, overdue=True, due_within_days=30, today=TODAY)
    assert {a.id for a in both} == {late.id, soon.id}
    assert {a.title for a in service.list_actions(workspace, owner="ANN")} == {"Late", "Soon"}
    assert [a.title for a in service.list_actions(workspace, status="Complete")] == ["Done late"]
    assert service.owners(workspace) == ["Ann", "Bob"]


def test_validation_messages_are_plain_and_change_nothing(workspace):
    with pytest.raises(InvalidAction, match="needs a title"):
        service.add_action(workspace, "   ")
    with pytest.raises(InvalidAction, match="“finished-ish” is not an action status"):
        service.add_action(workspace, "A", status="finished-ish")
    with pytest.raises(InvalidAction, match="“purple” is not a RAG rating"):
        service.add_action(workspace, "A", rag="purple")
    with pytest.raises(InvalidAction, match="no recommendation 999"):
        service.add_action(workspace, "A", recommendation_ids=[999])
    assert _count(workspace, "actions") == 0
    action = service.add_action(workspace, "Real")
    with pytest.raises(InvalidAction, match="needs a title"):
        service.edit_action(workspace, action.id, {"title": ""})
    with pytest.raises(InvalidAction, match="not something an action has"):
        service.edit_action(workspace, action.id, {"colour": "red"})
    with pytest.raises(InvalidAction, match="no action 42"):
        service.get_action(workspace, 42)
    with pytest.raises(InvalidAction, match="update is empty"):
        service.add_update(workspace, action.id, "  ")
    with pytest.raises(InvalidAction, match="not a date"):
        service.add_update(workspace, action.id, "Met", date="32/01/2024")
    with pytest.raises(InvalidAction, match="no passage 77"):
        service.add_update(workspace, action.id, "Met", passage_id=77)
    with pytest.raises(InvalidAction, match="not linked"):
        service.unlink_recommendation(workspace, action.id, 5)
    assert service.get_action(workspace, action.id).title == "Real"
    assert _count(workspace, "action_updates") == 0


def test_updates_are_newest_first_and_move_status(workspace):
    action = service.add_action(workspace, "Improve supervision")
    service.add_update(workspace, action.id, "Audit started", date=date(2024, 1, 10))
    service.add_update(workspace, action.id, "Audit finished", date="2024-03-02", status="complete",
                       rag="blue")
    service.add_update(workspace, action.id, "Board briefed", date=date(2024, 2, 1))
    action = service.get_action(workspace, action.id)
    assert [u.text for u in action.updates] == ["Audit finished", "Board briefed", "Audit started"]
    assert action.status is ActionStatus.COMPLETE and action.rag is Rag.BLUE
    assert action.updates[0].status is ActionStatus.COMPLETE and action.updates[1].status is None
    assert set(action.edited_fields) == {"status", "rag"}
    service.delete_update(workspace, action.updates[1].id)
    assert len(service.get_action(workspace, action.id).updates) == 2


def test_edit_records_only_what_changed(workspace):
    action = service.add_action(workspace, "Recruit", owner="Ann")
    action = service.edit_action(workspace, action.id, {"owner": "Ann", "title": "Recruit"})
    assert action.edited_fields == ()
    action = service.edit_action(workspace, action.id, {"owner": "Bob", "rag": "red"})
    assert action.edited_fields == ("owner", "rag") and action.rag is Rag.RED
    action = service.edit_action(workspace, action.id, {"rag": ""})
    assert action.rag is None


def test_links_and_actions_for_recommendation(workspace):
    first, second = _recommendation(workspace, "1"), _recommendation(workspace, "2")
    action = service.add_action(workspace, "Threshold training")
    assert action.authority is None
    service.link_recommendation(workspace, action.id, first)
    service.link_recommendation(workspace, action.id, second)
    service.link_recommendation(workspace, action.id, second)  # twice is once
    action = service.get_action(workspace, action.id)
    assert action.recommendation_ids == (first, second) and action.authority == "Gloucestershire"
    assert [a.id for a in service.actions_for_recommendation(workspace, second)] == [action.id]
    assert [a.id for a in service.list_actions(workspace, recommendation_id=first)] == [action.id]
    service.unlink_recommendation(workspace, action.id, first)
    assert service.actions_for_recommendation(workspace, first) == []
    with pytest.raises(InvalidAction, match="no recommendation 99"):
        service.link_recommendation(workspace, action.id, 99)


def test_delete_and_restore_round_trip_keeps_ids_and_history(workspace):
    rec = _recommendation(workspace)
    action = service.add_action(workspace, "Audit", due_text="31/03/2024", recommendation_ids=[rec])
    service.edit_action(workspace, action.id, {"due_text": "30/09/2024"})
    update = service.add_update(workspace, action.id, "Half done", date=date(2024, 5, 1))
    before = service.get_action(workspace, action.id)
    other = service.add_action(workspace, "Another")

    snap = service.delete_action(workspace, action.id)
    assert [a.id for a in service.list_actions(workspace)] == [other.id]
    assert _count(workspace, "action_updates") == 0 and _count(workspace, "action_due_changes") == 0
    restored = service.restore_action(workspace, snap)
    assert restored == before  # same id, fields, links, updates (same ids), slippage
    assert restored.updates[0].id == update.id
    assert service.due_history(workspace, action.id)[0].new_due_text == "30/09/2024"
    row = workspace.conn.execute("SELECT created_at, updated_at FROM actions WHERE id = ?",
                                 (action.id,)).fetchone()
    assert row == (snap.row["created_at"], snap.row["updated_at"])


def test_snapshot_undoes_edits_links_and_updates(workspace):
    rec = _recommendation(workspace)
    action = service.add_action(workspace, "Audit", owner="Ann", due_text="31/03/2024")
    snap = service.snapshot_action(workspace, action.id)
    service.edit_action(workspace, action.id, {"owner": "Bob", "due_text": "31/12/2024",
                                               "status": "at_risk"})
    service.link_recommendation(workspace, action.id, rec)
    service.add_update(workspace, action.id, "Slipping", rag="amber")
    restored = service.restore_action(workspace, snap)
    assert restored == snap.action
    assert restored.slips == 0 and restored.edited_fields == () and restored.updates == ()
    assert _count(workspace, "action_due_changes") == 0
    # and redo: a snapshot taken after the change puts it back again
    service.edit_action(workspace, action.id, {"owner": "Bob"})
    after = service.snapshot_action(workspace, action.id)
    service.restore_action(workspace, snap)
    assert service.restore_action(workspace, after).owner == "Bob"


def test_restore_keeps_evidence_quoted_for_the_action(workspace):
    action = service.add_action(workspace, "Audit")
    stamp = "2024-01-01T00:00:00+00:00"
    with workspace.write():
        workspace.conn.execute(
            "INSERT INTO evidence (action_id, quote, stance, created_at, updated_at) "
            "VALUES (?, 'Audits now happen monthly.', 'progress', ?, ?)", (action.id, stamp, stamp))
    snap = service.delete_action(workspace, action.id)
    assert _count(workspace, "evidence") == 0
    service.restore_action(workspace, snap)
    assert workspace.conn.execute("SELECT action_id, quote FROM evidence").fetchall() == [
        (action.id, "Audits now happen monthly.")]


def test_restore_skips_a_recommendation_deleted_since(workspace):
    rec = _recommendation(workspace)
    action = service.add_action(workspace, "Audit", recommendation_ids=[rec])
    snap = service.delete_action(workspace, action.id)
    with workspace.write():
        rec_store.delete_recommendation(workspace, rec)
    assert service.restore_action(workspace, snap).recommendation_ids == ()


def test_parse_due_is_reexported():
    assert service.parse_due("ongoing") == (None, None)
    assert service.parse_due("31/03/2024")[0] == date(2024, 3, 31)
    day, flag = service.parse_due("31/13/2023")
    assert day is None and "not a date" in flag
