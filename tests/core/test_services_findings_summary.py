"""What the user is told was found per paper, and a hand-added item linked to its passage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import EXIT_FAILED, EXIT_OK, main
from desktop.services.findings_summary import summarise_findings
from desktop.services.importing import import_paths
from tests.samples import SAMPLE_PDFS, sample

LETTERS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "letters"


def test_report_with_its_lscb_list_is_summarised_with_ranges(workspace):
    [doc_id] = import_paths(workspace, [sample("000")]).document_ids
    found = summarise_findings(workspace, doc_id)
    assert found.describe() == "19 recommendations (1-19), 6 for the LSCB (111-116)"
    assert found.gaps == ()


def test_priority_actions_first_then_recommendations(workspace):
    [doc_id] = import_paths(workspace, [SAMPLE_PDFS / "isle-of-wight-2014-11-19.pdf"]).document_ids
    assert summarise_findings(workspace, doc_id).describe() == (
        "4 priority actions, 17 recommendations (5-21), 12 for the LSCB (131-142)")


def test_a_list_that_skips_numbers_is_reported_as_a_gap(workspace):
    [doc_id] = import_paths(workspace, [sample("000")]).document_ids
    workspace.conn.execute("DELETE FROM recommendations WHERE document_id = ? AND label IN ('3', '4', '5')",
                           (doc_id,))
    found = summarise_findings(workspace, doc_id)
    assert found.counts == {"recommendation": 22}
    [gap] = found.gaps
    assert (gap.first, gap.last, gap.describe()) == (3, 5, "items 3-5 may be missing: check the report")
    assert gap.passage_id is not None  # where the Reader opens: the item before the gap
    assert found.as_json()["gaps"][0]["text"] == gap.describe()


@pytest.mark.skipif(not LETTERS.exists(), reason="the shared corpus is not here")
def test_cli_import_and_show_say_what_was_found(capsys, tmp_path):
    ws = ["--workspace", str(tmp_path / "w.sqlite")]
    assert main(["import", str(LETTERS / "plymouth-focused-visit-2023-01-30.pdf"), *ws]) == EXIT_OK
    out = capsys.readouterr().out
    assert "document 1: 2 priority actions, 6 areas for improvement" in out
    assert main(["show", "1", *ws]) == EXIT_OK
    assert "Found: 2 priority actions, 6 areas for improvement" in capsys.readouterr().out


def test_cli_add_with_passage_links_it_to_that_passage_and_its_report(capsys, tmp_path):
    ws = ["--workspace", str(tmp_path / "w.sqlite")]
    assert main(["import", str(sample("000")), *ws]) == EXIT_OK
    capsys.readouterr()
    assert main(["recommendations", "add", "Ensure that every child has a dentist.", "--kind",
                 "priority_action", "--label", "P1", "--passage", "30", "--json", *ws]) == EXIT_OK
    added = json.loads(capsys.readouterr().out)
    assert (added["source_passage_id"], added["document_id"], added["kind"], added["label"]) == (
        30, 1, "priority_action", "P1")
    assert added["authority"] == "Gloucestershire"
    assert main(["recommendations", "add", "Text.", "--passage", "999999", *ws]) == EXIT_FAILED
    assert "no passage 999999" in capsys.readouterr().err


def test_cli_documents_json_gains_findings_and_keeps_its_fields(capsys, tmp_path):
    ws = ["--workspace", str(tmp_path / "w.sqlite")]
    assert main(["import", str(sample("000")), *ws]) == EXIT_OK
    capsys.readouterr()
    assert main(["documents", "--json", *ws]) == EXIT_OK
    [doc] = json.loads(capsys.readouterr().out)
    assert {"id", "title", "type", "authority", "date"} <= set(doc)
    assert doc["findings"]["counts"] == {"recommendation": 25}
    assert doc["findings"]["text"] == "19 recommendations (1-19), 6 for the LSCB (111-116)"
    assert doc["findings"]["gaps"] == []
