"""No cap on how many recommendations one list, action or delete can hold (SQLite allows at
most 999 bound parameters in old builds; every IN (...) list is cut into slices)."""

from __future__ import annotations

import json

from desktop.cli import EXIT_OK, main


def test_an_action_answers_1500_recommendations_and_they_list_and_go_to_the_trash(tmp_path, capsys):
    from desktop.services import recommendations as rec_service
    from desktop.services.actions import add_action, get_action
    from desktop.storage import trash as trash_store
    from desktop.storage.workspace import open_workspace

    path = tmp_path / "many.sqlite"
    with open_workspace(path) as ws:
        with ws.write():
            ws.conn.executemany(
                "INSERT INTO recommendations (label, text, created_at, updated_at) VALUES (?,?,?,?)",
                [(str(n), f"Recommendation number {n}", "n", "n") for n in range(1500)])
        ids = [r.id for r in rec_service.list_recommendations(ws)]
        action = add_action(ws, "Everything at once", recommendation_ids=ids)
        assert len(get_action(ws, action.id).recommendation_ids) == 1500
        assert len(trash_store.holding_user_work(ws, ids)) == 1500
    assert main(["recommendations", "--json", "--workspace", str(path)]) == EXIT_OK
    assert len(json.loads(capsys.readouterr().out)) == 1500
