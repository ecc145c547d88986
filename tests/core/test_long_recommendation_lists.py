"""A list of recommendations does not stop at item 999 (it used to, without a word)."""

from __future__ import annotations

import json

import pytest

from desktop.cli import EXIT_OK, main
from desktop.domain.documents import DocType, DocumentMetadata
from desktop.extract.findings import extract_findings
from desktop.ingest import split_passages

COUNT = 1205


def _report(marker: str) -> str:
    lines = ["Inspection of Wexcombe local authority children's services", "",
             "Inspection dates: 6 to 17 March 2023", "", "Recommendations", ""]
    for n in range(1, COUNT + 1):
        lines += [f"{marker.format(n=n)} Ensure that plan number {n} has clear timescales.", ""]
    return "\n".join(lines + ["Main findings", "", "Leaders know the service well."])


@pytest.mark.parametrize(("marker", "last_label"), [
    ("{n}.", "1205"), ("({n})", "1205"), ("R{n}", "R1205"), ("Recommendation {n}:", "1205")])
def test_every_item_of_a_list_longer_than_999_is_read(marker, last_label):
    passages = split_passages(_report(marker), [0])
    recs = extract_findings(passages, DocumentMetadata(doc_type=DocType.INSPECTION_REPORT,
                                                       authority="Wexcombe")).recommendations
    assert len(recs) == COUNT
    assert recs[999].text == "Ensure that plan number 1000 has clear timescales."
    assert recs[-1].label == last_label
    assert recs[-1].text == f"Ensure that plan number {COUNT} has clear timescales."


def test_a_four_digit_number_after_item_999_that_does_not_follow_on_ends_the_list():
    text = _report("{n}.").replace("1000. Ensure", "2023. Ensure")
    passages = split_passages(text, [0])
    recs = extract_findings(passages, DocumentMetadata(doc_type=DocType.INSPECTION_REPORT,
                                                       authority="Wexcombe")).recommendations
    assert len(recs) == 999  # "2023." is not item 1000: the list ends there, as before


def test_importing_such_a_report_keeps_all_of_them(tmp_path, capsys):
    paper = tmp_path / "long-report.txt"
    paper.write_text(_report("{n}."), encoding="utf-8")
    workspace = str(tmp_path / "w.sqlite")
    assert main(["--workspace", workspace, "import", str(paper)]) == EXIT_OK
    capsys.readouterr()
    assert main(["--workspace", workspace, "recommendations", "--json"]) == EXIT_OK
    listed = json.loads(capsys.readouterr().out)
    assert len(listed) == COUNT and listed[-1]["label"] == str(COUNT)
