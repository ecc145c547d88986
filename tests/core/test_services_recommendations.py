"""Recommendations typed, corrected, merged, split, deleted and put back."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.recommendations import RecommendationStatus
from desktop.services import recommendations as service
from desktop.services.recommendations import InvalidRecommendation


@pytest.fixture
def three(workspace):
    return [service.add_recommendation(workspace, text, authority="rutland", issued="2022-03-01")
            for text in ("Improve the timeliness of strategy meetings.",
                         "Strengthen management oversight of casework.",
                         "Ensure care leavers have suitable accommodation.")]


def _texts(ws):
    return [r.text for r in service.list_recommendations(ws)]


def test_add_fills_label_and_canonical_authority(workspace, three):
    assert [r.label for r in three] == ["1", "2", "3"]
    assert {r.authority for r in three} == {"Rutland"}
    assert three[0].issued == date(2022, 3, 1) and three[0].origin == "manual"


@pytest.mark.parametrize("changes, message", [
    ({"text": "  "}, "needs some text"), ({"status": "done"}, "not a status"),
    ({"kind": "idea"}, "not a kind"), ({"issued": "31/4/2022"}, "not a date"),
    ({"colour": "red"}, "not something"),
])
def test_bad_edits_are_refused_with_a_reason(workspace, three, changes, message):
    with pytest.raises(InvalidRecommendation, match=message):
        service.edit_recommendation(workspace, three[0].id, changes)


def test_status_edit(workspace, three):
    rec = service.edit_recommendation(workspace, three[1].id, {"status": "concern"})
    assert rec.status is RecommendationStatus.CONCERN


def test_delete_and_restore_bring_back_notes(workspace, three):
    service.add_note(workspace, three[0].id, "Ask about the backlog.", "question")
    snap = service.delete_recommendation(workspace, three[0].id)
    assert len(service.list_recommendations(workspace)) == 2
    service.restore(workspace, [snap])
    detail = service.recommendation_detail(workspace, three[0].id)
    assert detail.recommendation.text == three[0].text
    assert [(n.kind, n.text) for n in detail.notes] == [("question", "Ask about the backlog.")]


def test_merge_joins_text_and_notes_and_undoes(workspace, three):
    service.add_note(workspace, three[1].id, "Seen in May papers.")
    merged, snaps = service.merge_recommendations(workspace, [three[0].id, three[1].id])
    assert "strategy meetings" in merged.text and "management oversight" in merged.text
    assert [n.text for n in service.recommendation_detail(workspace, merged.id).notes] == [
        "Seen in May papers."]
    assert len(service.list_recommendations(workspace)) == 2
    service.restore(workspace, snaps)
    assert _texts(workspace) == [r.text for r in three]
    assert service.recommendation_detail(workspace, three[1].id).notes[0].text == "Seen in May papers."


def test_split_and_undo(workspace, three):
    ids, snap = service.split_recommendation(workspace, three[2].id, [
        "Ensure care leavers have suitable accommodation.", "Ensure care leavers feel safe."])
    assert len(ids) == 2 and len(service.list_recommendations(workspace)) == 4
    assert service.get_recommendation(workspace, ids[1]).label == "3a"
    service.restore(workspace, [snap], remove_ids=tuple(ids[1:]))
    assert _texts(workspace) == [r.text for r in three]


def test_merge_and_split_need_enough_parts(workspace, three):
    with pytest.raises(InvalidRecommendation):
        service.merge_recommendations(workspace, [three[0].id])
    with pytest.raises(InvalidRecommendation):
        service.split_recommendation(workspace, three[0].id, ["only one", "  "])


def test_notes_must_say_something(workspace, three):
    with pytest.raises(InvalidRecommendation, match="empty"):
        service.add_note(workspace, three[0].id, "   ")
    with pytest.raises(InvalidRecommendation):
        service.add_note(workspace, three[0].id, "x", kind="todo")
