"""Actions from the command line: JSON shape, filters, verbs, tracker import, exit codes."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from desktop.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, main
from tests import tracker_files
from tests.samples import sample

LIST_KEYS = {"id", "reference", "title", "owner", "due", "due_text", "status", "rag",
             "recommendation_ids", "overdue", "updates", "original_due", "slips", "slipped_days",
             "flags"}


@pytest.fixture
def ws(tmp_path):
    from desktop.storage.workspace import open_workspace

    path = tmp_path / "actions.sqlite"
    open_workspace(path).close()
    return ["--workspace", str(path)]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_add_list_json_shape_and_filters(capsys, ws):
    past = (date.today() - timedelta(days=10)).strftime("%d/%m/%Y")
    soon = (date.today() + timedelta(days=10)).isoformat()
    code, out, _ = run(capsys, "actions", "add", "Audit supervision", "--reference", "1.1",
                       "--owner", "PSW", "--due", past, "--status", "on track", "--rag", "amber",
                       "--json", *ws)
    late = json.loads(out)
    assert code == EXIT_OK and late["due_text"] == past and late["overdue"] is True
    assert late["status"] == "on_track" and late["rag"] == "amber"
    run(capsys, *ws, "actions", "add", "Recruit managers", "--owner", "HR", "--due", soon)
    run(capsys, "actions", "add", "Keep going", "--due", "ongoing", *ws)

    code, out, _ = run(capsys, "actions", "--json", *ws)
    listed = json.loads(out)
    assert code == EXIT_OK and len(listed) == 3
    assert all(set(a) >= LIST_KEYS for a in listed)
    assert listed[2]["due"] is None and listed[2]["due_text"] == "ongoing"
    code, out, _ = run(capsys, "actions", "--json", "--overdue", *ws)
    assert [a["title"] for a in json.loads(out)] == ["Audit supervision"]
    code, out, _ = run(capsys, "actions", "--json", "--due-within", "30", *ws)
    assert [a["title"] for a in json.loads(out)] == ["Recruit managers"]
    code, out, _ = run(capsys, *ws, "actions", "--json", "--owner", "hr")
    assert [a["title"] for a in json.loads(out)] == ["Recruit managers"]
    code, out, _ = run(capsys, "actions", "--json", "--status", "on_track", *ws)
    assert [a["title"] for a in json.loads(out)] == ["Audit supervision"]

    code, out, _ = run(capsys, "actions", *ws)
    lines = out.splitlines()
    assert code == EXIT_OK and len(lines) == 3
    assert "OVERDUE" in lines[0] and "OVERDUE" not in lines[1] + lines[2]


def test_edit_update_link_show_delete(capsys, ws, tmp_path):
    run(capsys, "import", *ws, str(sample("000")))
    code, out, _ = run(capsys, "recommendations", "--json", *ws)
    recs = {r["label"]: r["id"] for r in json.loads(out) if r["document_id"] == 1}
    code, out, _ = run(capsys, "actions", "add", "Threshold training", "--due", "31/03/2024",
                       "--recommendation", str(recs["1"]), "--json", *ws)
    action = json.loads(out)
    assert action["recommendation_ids"] == [recs["1"]] and action["authority"] == "Gloucestershire"
    aid = str(action["id"])

    code, out, _ = run(capsys, "actions", "edit", aid, "--due", "30/06/2024", "--owner", "Head of MASH",
                       "--json", *ws)
    edited = json.loads(out)
    assert (edited["slips"], edited["slipped_days"], edited["original_due"]) == (1, 91, "2024-03-31")
    code, out, _ = run(capsys, "actions", "update", aid, "Training delivered to 80% of staff",
                       "--date", "2024-05-01", "--status", "complete", "--rag", "blue", *ws)
    assert code == EXIT_OK and "Added update" in out
    run(capsys, "actions", "link", aid, str(recs["2"]), *ws)
    code, out, _ = run(capsys, "actions", "unlink", aid, str(recs["1"]), *ws)
    assert code == EXIT_OK
    code, out, _ = run(capsys, "actions", "show", aid, "--json", *ws)
    shown = json.loads(out)
    assert shown["status"] == "complete" and shown["recommendation_ids"] == [recs["2"]]
    assert shown["updates"][0]["date"] == "2024-05-01"
    assert shown["updates"][0]["text"] == "Training delivered to 80% of staff"
    code, out, _ = run(capsys, "actions", "show", aid, *ws)
    assert "Originally due: 31/03/2024; slipped 1 time, 91 days" in out
    code, out, _ = run(capsys, "actions", "--json", "--recommendation", str(recs["2"]), *ws)
    assert [a["id"] for a in json.loads(out)] == [action["id"]]

    code, _, err = run(capsys, "actions", "delete", aid, *ws)
    assert code == EXIT_USAGE and "--yes" in err
    assert run(capsys, "actions", "delete", aid, "--yes", *ws)[0] == EXIT_OK
    code, out, _ = run(capsys, "actions", "--json", *ws)
    assert json.loads(out) == []


def test_errors_and_exit_codes(capsys, ws):
    code, _, err = run(capsys, "actions", "add", "  ", *ws)
    assert code == EXIT_FAILED and "needs a title" in err
    code, _, err = run(capsys, "actions", "add", "A", "--status", "finished-ish", *ws)
    assert code == EXIT_USAGE and "not an action status" in err
    code, _, err = run(capsys, "actions", "add", "A", "--recommendation", "99", *ws)
    assert code == EXIT_FAILED and "no recommendation 99" in err
    code, _, err = run(capsys, "actions", "show", "5", *ws)
    assert code == EXIT_FAILED and "no action 5" in err
    assert run(capsys, "actions", "edit", "5", *ws)[0] == EXIT_USAGE  # nothing to change
    assert run(capsys, "actions", "--due-within", "soon", *ws)[0] == EXIT_USAGE
    code, _, err = run(capsys, "actions", "update", "5", "text", "--date", "1/5/24", *ws)
    assert code == EXIT_FAILED


def test_import_tracker_and_reimport(capsys, ws, tmp_path):
    run(capsys, "import", *ws, str(sample("000")))
    first = tracker_files.write_simple_csv(tmp_path / "plan Q1.csv")
    code, _, err = run(capsys, "actions", "import", str(first), "--against", "1", *ws)
    assert code == EXIT_USAGE and "--as-at" in err  # no position date in the file: asked for
    code, out, err = run(capsys, "actions", "import", str(first), "--against", "1",
                         "--as-at", "2024-06-30", *ws)
    assert code == EXIT_OK, err
    assert "7 imported, 0 updated, 0 unchanged, 2 flagged, 0 skipped" in out
    assert "31/13/2023" in out  # the reason for a flag is given

    code, out, _ = run(capsys, "actions", "--json", *ws)
    listed = json.loads(out)
    assert [a["reference"] for a in listed] == ["1.1", "1.2", "2.1", "3.1", "4.1", "5.1", "5.2"]
    assert len(listed[3]["recommendation_ids"]) == 2
    assert listed[5]["flags"] and listed[0]["updates"][0]["text"].startswith("New audit tool")

    second = tracker_files.write_simple_xlsx(tmp_path / "plan Q2.xlsx", tracker_files.tracker_rows(2))
    code, out, _ = run(capsys, "actions", "import", str(second), "--against", "1", "--dry-run", *ws)
    assert code == EXIT_OK and "Would import 1, update 4" in out
    code, out, _ = run(capsys, "actions", "import", str(second), "--against", "1",
                       "--as-at", "2024-09-30", *ws)
    assert "1 imported, 4 updated, 3 unchanged" in out
    code, out, _ = run(capsys, "actions", "--json", *ws)
    assert len(json.loads(out)) == 8


def test_import_mapping_errors_are_usage_errors(capsys, ws, tmp_path):
    path = tracker_files.write_simple_csv(tmp_path / "plan.csv")
    code, _, err = run(capsys, "actions", "import", str(path), "--map", "colour=RAG", *ws)
    assert code == EXIT_USAGE and "recommendation_quote" in err  # lists the valid fields
    code, _, err = run(capsys, "actions", "import", str(path), "--map", "owner=Who", *ws)
    assert code == EXIT_USAGE and "Lead officer" in err  # lists the columns
    code, _, err = run(capsys, "actions", "import", str(path), "--map", "owner", *ws)
    assert code == EXIT_USAGE
    code, out, err = run(capsys, "actions", "import", str(path), "--map", "owner=4",
                         "--map", "title=Action", "--as-at", "2024-06-30", *ws)
    assert code == EXIT_OK, err
    code, out, _ = run(capsys, "actions", "--json", *ws)
    assert json.loads(out)[0]["owner"] == "Head of MASH"


def test_bad_tracker_fails_and_changes_nothing(capsys, ws, tmp_path):
    for writer in (tracker_files.write_not_a_spreadsheet, tracker_files.write_empty):
        path = writer(tmp_path / f"{writer.__name__}.xlsx")
        code, _, err = run(capsys, "actions", "import", str(path), *ws)
        assert code == EXIT_FAILED and err.startswith("scrutiny-desk: ") and "Traceback" not in err
    code, out, _ = run(capsys, "actions", "--json", *ws)
    assert json.loads(out) == []
