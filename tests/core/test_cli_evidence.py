"""Evidence, suggestions and status overrides from the command line: JSON shapes and exit codes."""

from __future__ import annotations

import json
from datetime import date

import pytest

from desktop.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, main
from desktop.domain.documents import DocType
from desktop.services.recommendations import add_recommendation
from desktop.storage.workspace import open_workspace
from tests.evidence_fixtures import add_action, add_document, passage_ids

EVIDENCE_KEYS = {"id", "recommendation_id", "action_id", "passage_id", "document_id", "quote",
                 "stance", "note", "page", "label", "created"}
SUGGESTION_KEYS = {"passage_id", "document_id", "score", "snippet", "reason"}


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def setup(tmp_path):
    path = tmp_path / "e.sqlite"
    ws = open_workspace(path)
    try:
        letter = add_document(ws, title="Monitoring visit of Gloucestershire",
                              doc_type=DocType.MONITORING_VISIT, authority="Gloucestershire",
                              when=date(2018, 6, 8), pages_per_paragraph=1, paragraphs=[
                                  ("12", "numbered", "12. Pathway plans for care leavers are now "
                                                     "completed on time, and care leavers help write them."),
                                  ("13", "numbered", "13. Supervision is regular but rarely challenging.")])
        rec = add_recommendation(ws, "Ensure that the quality of pathway plans for care leavers is "
                                 "consistently good.", label="16", authority="Gloucestershire",
                                 issued="2017-06-13")
        action = add_action(ws, "Pathway plan audit", recommendation_ids=(rec.id,))
        ids = passage_ids(ws, letter)
    finally:
        ws.close()
    return {"ws": ["--workspace", str(path)], "rec": rec.id, "action": action, "passages": ids,
            "letter": letter}


def test_link_list_edit_and_delete(capsys, setup):
    ws, rec, (first, second) = setup["ws"], setup["rec"], setup["passages"]
    code, out, _ = run(capsys, "evidence", "link", "--recommendation", str(rec), "--passage",
                       str(first), "--quote", "Pathway plans for care leavers are now completed on time",
                       "--stance", "progress", "--note", "Good", "--json", *ws)
    assert code == EXIT_OK
    [made] = json.loads(out)
    assert set(made) >= EVIDENCE_KEYS
    assert made["quote"] == "Pathway plans for care leavers are now completed on time"
    assert (made["recommendation_id"], made["action_id"], made["passage_id"]) == (rec, None, first)
    assert (made["document_id"], made["page"], made["label"]) == (setup["letter"], 1, "12")
    assert made["citation"] == "Monitoring visit letter, 8 June 2018, page 1, paragraph 12"
    code, out, _ = run(capsys, "evidence", "link", "--action", str(setup["action"]), "--passage",
                       str(second), "--stance", "concern", *ws)
    assert code == EXIT_OK and "Supervision is regular" in out
    code, out, _ = run(capsys, "evidence", "--json", "--recommendation", str(rec), *ws)
    assert [e["id"] for e in json.loads(out)] == [made["id"]]
    code, out, _ = run(capsys, "evidence", "--json", "--action", str(setup["action"]), *ws)
    assert [e["stance"] for e in json.loads(out)] == ["concern"]
    code, out, _ = run(capsys, "evidence", "edit", str(made["id"]), "--stance", "context", "--json", *ws)
    assert json.loads(out)["stance"] == "context" and json.loads(out)["note"] == "Good"
    assert run(capsys, "evidence", "delete", str(made["id"]), *ws)[0] == EXIT_OK
    code, out, _ = run(capsys, "evidence", "--json", *ws)
    assert len(json.loads(out)) == 1


@pytest.mark.parametrize("args, code, message", [
    (["evidence", "link", "--passage", "1", "--stance", "progress"], EXIT_USAGE, "--recommendation"),
    (["evidence", "link", "--recommendation", "1", "--passage", "1", "--stance", "maybe"], EXIT_USAGE,
     "invalid choice"),
    (["evidence", "link", "--recommendation", "1", "--passage", "999", "--stance", "progress"],
     EXIT_FAILED, "no passage 999"),
    (["evidence", "link", "--recommendation", "1", "--passage", "1", "--stance", "progress",
      "--quote", "not in it"], EXIT_FAILED, "not in passage"),
    (["evidence", "edit", "1"], EXIT_USAGE, "Nothing to change"),
    (["evidence", "delete", "77"], EXIT_FAILED, "no evidence 77"),
    (["suggest", "--recommendation", "1", "--accept", "1"], EXIT_USAGE, "stance"),
    (["suggest", "--recommendation", "1", "--limit", "0"], EXIT_USAGE, "1 or more"),
    (["suggest", "--recommendation", "42"], EXIT_FAILED, "no recommendation 42"),
    (["recommendations", "override", "1", "complete"], EXIT_USAGE, "--reason"),
])
def test_mistakes_get_a_plain_message_and_the_right_exit_code(capsys, setup, args, code, message):
    got, out, err = run(capsys, *args, *setup["ws"])
    assert got == code
    assert message in err + out


def test_suggest_dismiss_and_accept(capsys, setup):
    ws, rec, first = setup["ws"], setup["rec"], setup["passages"][0]
    code, out, _ = run(capsys, "suggest", "--recommendation", str(rec), "--json", *ws)
    found = json.loads(out)
    assert code == EXIT_OK and [s["passage_id"] for s in found] == [first]
    assert set(found[0]) >= SUGGESTION_KEYS and "care leavers" in found[0]["reason"]
    assert isinstance(found[0]["score"], float) and found[0]["document_id"] == setup["letter"]
    code, out, _ = run(capsys, "suggest", "--recommendation", str(rec), "--dismiss", str(first), *ws)
    assert code == EXIT_OK and "will not be suggested again" in out
    assert json.loads(run(capsys, "suggest", "--recommendation", str(rec), "--json", *ws)[1]) == []
    code, out, _ = run(capsys, "suggest", "--recommendation", str(rec), "--accept", str(first),
                       "--stance", "progress", "--json", *ws)
    accepted = json.loads(out)
    assert code == EXIT_OK and accepted["origin"] == "suggestion" and accepted["passage_id"] == first
    code, out, _ = run(capsys, "suggest", "--recommendation", str(rec), *ws)
    assert "No suggestions" in out


def test_recommendations_show_the_rolled_up_status_and_the_users_override(capsys, setup):
    ws, rec, first = setup["ws"], setup["rec"], setup["passages"][0]
    [listed] = json.loads(run(capsys, "recommendations", "--json", *ws)[1])
    assert (listed["status"], listed["status_source"], listed["status_reason"],
            listed["last_evidence"]) == ("not_started", "rolled_up", "", None)
    run(capsys, "evidence", "link", "--recommendation", str(rec), "--passage", str(first),
        "--stance", "progress", *ws)
    [listed] = json.loads(run(capsys, "recommendations", "--json", *ws)[1])
    assert (listed["status"], listed["last_evidence"]) == ("evidence_of_progress", "2018-06-08")
    code, out, _ = run(capsys, "recommendations", "override", str(rec), "complete", "--reason",
                       "Signed off by the improvement board", *ws)
    assert code == EXIT_OK and "set by hand" in out
    [listed] = json.loads(run(capsys, "recommendations", "--json", *ws)[1])
    assert (listed["status"], listed["status_source"], listed["status_reason"]) == \
        ("complete", "user", "Signed off by the improvement board")
    assert listed["rolled_up_status"] == "evidence_of_progress"
    code, out, _ = run(capsys, "recommendations", "override", str(rec), "--clear", *ws)
    assert code == EXIT_OK and "rolled-up" in out
    [listed] = json.loads(run(capsys, "recommendations", "--json", *ws)[1])
    assert (listed["status"], listed["status_source"]) == ("evidence_of_progress", "rolled_up")
    code, out, _ = run(capsys, "recommendations", "edit", str(rec), "--status", "concern",
                       "--reason", "Committee not assured", "--json", *ws)
    edited = json.loads(out)
    assert (edited["status"], edited["status_source"], edited["status_reason"]) == \
        ("concern", "user", "Committee not assured")


def test_deleting_a_document_keeps_its_quotes_from_the_command_line(capsys, setup):
    ws, rec, first = setup["ws"], setup["rec"], setup["passages"][0]
    run(capsys, "evidence", "link", "--recommendation", str(rec), "--passage", str(first),
        "--stance", "progress", *ws)
    code, _out, err = run(capsys, "delete", str(setup["letter"]), *ws)
    assert code == EXIT_USAGE and "holds 1 quote linked as evidence" in err
    assert run(capsys, "delete", str(setup["letter"]), "--yes", *ws)[0] == EXIT_OK
    [kept] = json.loads(run(capsys, "evidence", "--json", *ws)[1])
    assert kept["passage_id"] is None and kept["citation"].startswith("Monitoring visit letter")


def test_deleting_a_document_can_delete_its_quotes_from_the_command_line(capsys, setup):
    ws, rec, first = setup["ws"], setup["rec"], setup["passages"][0]
    run(capsys, "evidence", "link", "--recommendation", str(rec), "--passage", str(first),
        "--stance", "progress", *ws)
    assert "--delete-quotes" in run(capsys, "delete", str(setup["letter"]), *ws)[2]
    assert run(capsys, "delete", str(setup["letter"]), "--yes", "--delete-quotes", *ws)[0] == EXIT_OK
    assert json.loads(run(capsys, "evidence", "--json", *ws)[1]) == []


def test_quotes_move_to_a_revised_version_of_their_document(capsys, setup, tmp_path):
    ws, rec, (first, second) = setup["ws"], setup["rec"], setup["passages"]
    for pid in (first, second):
        run(capsys, "evidence", "link", "--recommendation", str(rec), "--passage", str(pid),
            "--stance", "progress", *ws)
    with open_workspace(setup["ws"][1]) as held:  # the corrected letter: paragraph 13 rewritten
        revised = add_document(held, title="Monitoring visit of Gloucestershire (corrected)",
                               doc_type=DocType.MONITORING_VISIT, authority="Gloucestershire",
                               when=date(2018, 6, 20), pages_per_paragraph=1, paragraphs=[
                                   ("12", "numbered", "12. Pathway plans for care leavers are now "
                                                      "completed on time, and care leavers help write them."),
                                   ("13", "numbered", "13. Supervision is now reflective.")])
    code, out, _ = run(capsys, "evidence", "move", str(setup["letter"]), str(revised), "--json", *ws)
    assert code == EXIT_OK and json.loads(out) == {"reattached": 1, "needs_review": 1}
    quotes = {e["quote"]: e for e in json.loads(run(capsys, "evidence", "--json", *ws)[1])}
    moved = quotes["12. Pathway plans for care leavers are now completed on time, and care "
                   "leavers help write them."]
    assert moved["document_id"] == revised and moved["needs_review"] is False
    left = quotes["13. Supervision is regular but rarely challenging."]
    assert left["document_id"] == setup["letter"] and left["needs_review"] is True
    assert run(capsys, "evidence", "move", str(revised), str(revised), *ws)[0] == EXIT_FAILED
    assert run(capsys, "evidence", "move", str(revised), "999", *ws)[0] == EXIT_FAILED
