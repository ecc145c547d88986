"""Losses 1 and 2 of issue 11: re-reading a paper and deleting a paper kept the user's work."""

from __future__ import annotations

import json

from desktop.cli import EXIT_OK, main
from tests.samples import sample


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _json(capsys, *argv):
    code, out, err = run(capsys, *argv, "--json")
    assert code == EXIT_OK, err
    return json.loads(out)


def _ws(tmp_path, capsys):
    ws = ["--workspace", str(tmp_path / "w.sqlite")]
    code, _, err = run(capsys, "import", str(sample("000")), str(sample("001")), *ws)
    assert code == EXIT_OK, err
    docs = _json(capsys, "documents", *ws)
    report = next(d for d in docs if "2017" in str(d.get("date")) and d["type"] == "inspection_report")
    letter = next(d for d in docs if d["id"] != report["id"])
    recs = _json(capsys, "recommendations", *ws)
    third = [r for r in recs if r["document_id"] == report["id"]][2]
    return ws, report, letter, third


def _passages(capsys, ws, doc_id):
    return _json(capsys, "show", str(doc_id), *ws)


def test_re_extraction_keeps_the_quote_on_the_same_recommendation(tmp_path, capsys):
    ws, _report, letter, third = _ws(tmp_path, capsys)
    passage = _passages(capsys, ws, letter["id"])[3]
    code, _, err = run(capsys, "evidence", "link", "--recommendation", str(third["id"]),
                       "--passage", str(passage["id"]), "--stance", "progress", "--other-authority", *ws)
    assert code == EXIT_OK, err
    before = _json(capsys, "recommendations", *ws)

    changes = _json(capsys, "recommendations", "extract", *ws)

    assert changes["added"] == [] and changes["no_longer_found"] == []
    assert third["id"] in changes["unchanged"] + changes["updated"]
    [quote] = _json(capsys, "evidence", "--recommendation", str(third["id"]), *ws)
    assert quote["passage_id"] == passage["id"]
    after = _json(capsys, "recommendations", *ws)
    assert [(r["id"], r["text"]) for r in after] == [(r["id"], r["text"]) for r in before]
    code, out, _ = run(capsys, "recommendations", "extract", *ws)
    assert code == EXIT_OK and "0 added" in out and "no longer found" in out


def test_deleting_the_report_keeps_other_papers_quotes_links_and_recommendation(tmp_path, capsys):
    ws, report, letter, third = _ws(tmp_path, capsys)
    passage = _passages(capsys, ws, letter["id"])[3]
    run(capsys, "evidence", "link", "--recommendation", str(third["id"]), "--passage",
        str(passage["id"]), "--stance", "concern", "--other-authority", *ws)
    code, out, err = run(capsys, "actions", "add", "Fix supervision", "--recommendation",
                         str(third["id"]), "--json", *ws)
    assert code == EXIT_OK, err
    action = json.loads(out)
    untouched = [r["id"] for r in _json(capsys, "recommendations", *ws)
                 if r["document_id"] == report["id"] and r["id"] != third["id"]]

    code, _, err = run(capsys, "delete", str(report["id"]), *ws)
    assert "kept" in err and "--delete-recommendations" in err
    assert run(capsys, "delete", str(report["id"]), "--yes", *ws)[0] == EXIT_OK

    recs = {r["id"]: r for r in _json(capsys, "recommendations", *ws)}
    assert third["id"] in recs and recs[third["id"]]["document_id"] is None
    assert "since removed" in recs[third["id"]]["source_citation"]
    assert not set(untouched) & set(recs), "recommendations nobody worked on went to the trash"
    [quote] = _json(capsys, "evidence", "--recommendation", str(third["id"]), *ws)
    assert quote["passage_id"] == passage["id"]
    assert third["id"] in _json(capsys, "actions", "show", str(action["id"]), *ws)["recommendation_ids"]

    [item] = _json(capsys, "trash", *ws)
    assert item["kind"] == "document" and item["item_id"] == report["id"]
    assert run(capsys, "trash", "restore", str(item["id"]), *ws)[0] == EXIT_OK
    restored = {r["id"]: r for r in _json(capsys, "recommendations", *ws)}
    assert set(untouched) <= set(restored)
    assert restored[third["id"]]["document_id"] == report["id"]
    assert restored[third["id"]]["source_citation"] == ""
    assert _json(capsys, "trash", *ws) == []
    assert report["id"] in {d["id"] for d in _json(capsys, "documents", *ws)}


def test_delete_recommendations_too_says_what_goes_and_trash_brings_it_back(tmp_path, capsys):
    ws, report, _letter, third = _ws(tmp_path, capsys)
    run(capsys, "recommendations", "note", str(third["id"]), "Ask in June", *ws)
    _code, _, err = run(capsys, "delete", str(report["id"]), "--delete-recommendations", *ws)
    assert "1 note" in err
    assert run(capsys, "delete", str(report["id"]), "--delete-recommendations", "--yes", *ws)[0] == 0
    assert third["id"] not in {r["id"] for r in _json(capsys, "recommendations", *ws)}
    [item] = _json(capsys, "trash", *ws)
    assert run(capsys, "trash", "restore", str(item["id"]), *ws)[0] == EXIT_OK
    assert third["id"] in {r["id"] for r in _json(capsys, "recommendations", *ws)}
    from desktop.storage.recommendations import list_notes
    from desktop.storage.workspace import open_workspace

    with open_workspace(ws[1]) as workspace:
        assert [n.text for n in list_notes(workspace, third["id"])] == ["Ask in June"]


def test_trash_empty_asks_then_empties(tmp_path, capsys):
    ws, report, _letter, _third = _ws(tmp_path, capsys)
    run(capsys, "delete", str(report["id"]), "--yes", *ws)
    code, _, err = run(capsys, "trash", "empty", *ws)
    assert code == 2 and "1 item" in err
    code, out, _ = run(capsys, "trash", *ws)
    assert "paper" in out and report["title"][:20] in out
    assert run(capsys, "trash", "empty", "--yes", *ws)[0] == EXIT_OK
    assert _json(capsys, "trash", *ws) == []
    code, _, err = run(capsys, "trash", "restore", "1", *ws)
    assert code == 1 and "no item 1" in err


def test_a_deleted_quote_and_a_deleted_action_come_back_from_the_trash_with_their_ids(tmp_path, capsys):
    ws, _report, letter, third = _ws(tmp_path, capsys)
    passage = _passages(capsys, ws, letter["id"])[5]
    code, out, err = run(capsys, "actions", "add", "Audit case files", "--recommendation",
                         str(third["id"]), "--json", *ws)
    action = json.loads(out)
    code, out, err = run(capsys, "evidence", "link", "--recommendation", str(third["id"]),
                         "--action", str(action["id"]), "--passage", str(passage["id"]),
                         "--stance", "context", "--other-authority", "--json", *ws)
    assert code == EXIT_OK, err
    quotes = _json(capsys, "evidence", *ws)
    on_rec = next(q for q in quotes if q["recommendation_id"] == third["id"])
    assert run(capsys, "evidence", "delete", str(on_rec["id"]), *ws)[0] == EXIT_OK
    assert run(capsys, "actions", "delete", str(action["id"]), "--yes", *ws)[0] == EXIT_OK
    assert _json(capsys, "evidence", *ws) == []
    items = _json(capsys, "trash", *ws)
    assert [i["kind"] for i in items] == ["action", "evidence"]
    code, out, _ = run(capsys, "trash", *ws)
    assert "quote" in out and "Audit case files" in out
    for item in items:
        assert run(capsys, "trash", "restore", str(item["id"]), *ws)[0] == EXIT_OK
    assert sorted(q["id"] for q in _json(capsys, "evidence", *ws)) == sorted(q["id"] for q in quotes)
    shown = _json(capsys, "actions", "show", str(action["id"]), *ws)
    assert shown["title"] == "Audit case files" and third["id"] in shown["recommendation_ids"]


def test_restoring_a_paper_whose_ids_were_taken_since_refuses_and_changes_nothing(tmp_path, capsys):
    ws, _report, letter, _third = _ws(tmp_path, capsys)
    assert run(capsys, "delete", str(letter["id"]), "--yes", *ws)[0] == EXIT_OK
    run(capsys, "import", str(sample("003")), *ws)  # takes the freed document and passage ids
    before = _json(capsys, "documents", *ws)
    assert letter["id"] in {d["id"] for d in before}
    [item] = _json(capsys, "trash", *ws)
    code, _, err = run(capsys, "trash", "restore", str(item["id"]), *ws)
    assert code == 1 and "Cannot restore" in err and "Nothing was changed" in err
    assert "Traceback" not in err
    assert _json(capsys, "documents", *ws) == before and len(_json(capsys, "trash", *ws)) == 1


def test_restoring_a_paper_imported_again_meanwhile_refuses(tmp_path, capsys):
    ws, report, _letter, _third = _ws(tmp_path, capsys)
    run(capsys, "delete", str(report["id"]), "--yes", *ws)
    run(capsys, "import", str(sample("000")), *ws)
    [item] = _json(capsys, "trash", *ws)
    code, _, err = run(capsys, "trash", "restore", str(item["id"]), *ws)
    assert code == 1 and "imported again" in err


def test_the_trash_forgets_items_after_30_days_when_a_workspace_is_opened(tmp_path, capsys):
    ws, report, _letter, third = _ws(tmp_path, capsys)
    run(capsys, "recommendations", "note", str(third["id"]), "Keep", *ws)
    run(capsys, "delete", str(report["id"]), "--yes", *ws)
    recs = {r["id"]: r for r in _json(capsys, "recommendations", *ws)}
    assert "since removed" in recs[third["id"]]["source_citation"]
    run(capsys, "import", str(sample("000")), *ws)  # the same report again: its source again
    recs = {r["id"]: r for r in _json(capsys, "recommendations", *ws)}
    assert recs[third["id"]]["source_citation"] == "" and recs[third["id"]]["document_id"]
    from desktop.storage.workspace import open_workspace

    with open_workspace(ws[1]) as workspace, workspace.write():
        workspace.conn.execute("UPDATE trash SET deleted_at = '2020-01-01T00:00:00+00:00'")
    assert len(_json(capsys, "documents", *ws)) == 2  # any command opens it: purged then
    with open_workspace(ws[1]) as workspace:
        assert workspace.conn.execute("SELECT count(*) FROM trash").fetchone()[0] == 0
