"""Recommendations and judgements from the command line."""

from __future__ import annotations

import json

from desktop.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_add_edit_note_merge_split_delete(capsys, tmp_path):
    ws = ["--workspace", str(tmp_path / "r.sqlite")]
    from desktop.storage.workspace import open_workspace

    open_workspace(ws[1]).close()
    code, out, _ = run(capsys, "recommendations", "add", "Improve strategy meetings.",
                       "--authority", "rutland", "--issued", "2022-02-18", "--json", *ws)
    first = json.loads(out)
    assert code == EXIT_OK and first["authority"] == "Rutland" and first["label"] == "1"
    run(capsys, "recommendations", "add", "Improve supervision.", *ws)
    code, out, _ = run(capsys, "recommendations", "edit", str(first["id"]), "--status", "in_progress",
                       "--json", *ws)
    assert json.loads(out)["status"] == "in_progress"
    code, _, err = run(capsys, "recommendations", "edit", str(first["id"]), "--issued", "30/02/2022", *ws)
    assert code == EXIT_FAILED and "not a date" in err
    assert run(capsys, "recommendations", "edit", str(first["id"]), *ws)[0] == EXIT_USAGE
    assert run(capsys, "recommendations", "note", str(first["id"]), "Why the delay?", "--question",
               *ws)[0] == EXIT_OK
    code, out, _ = run(capsys, "recommendations", "--json", *ws)
    listed = json.loads(out)
    assert [r["text"] for r in listed] == ["Improve strategy meetings.", "Improve supervision."]
    assert set(listed[0]) >= {"id", "document_id", "label", "text", "kind", "authority", "issued",
                              "status", "source_passage_id", "supporting_passage_ids"}
    run(capsys, "recommendations", "merge", str(listed[0]["id"]), str(listed[1]["id"]), *ws)
    code, out, _ = run(capsys, "recommendations", "--json", *ws)
    [merged] = json.loads(out)
    assert "supervision" in merged["text"]
    code, out, _ = run(capsys, "recommendations", "split", str(merged["id"]), "Part one.", "Part two.", *ws)
    assert code == EXIT_OK
    assert run(capsys, "recommendations", "delete", str(merged["id"]), *ws)[0] == EXIT_USAGE
    assert run(capsys, "recommendations", "delete", str(merged["id"]), "--yes", *ws)[0] == EXIT_OK
    code, out, _ = run(capsys, "recommendations", "--json", *ws)
    assert [r["text"] for r in json.loads(out)] == ["Part two."]
    code, out, _ = run(capsys, "judgements", "--json", *ws)
    assert json.loads(out) == []
