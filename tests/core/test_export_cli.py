"""`scrutiny-desk export briefing|note|table` as a user types them."""

from __future__ import annotations

import json
import os

import openpyxl
import pytest

from desktop.cli import main
from desktop.storage.workspace import open_workspace
from tests.export_fixtures import flat, pdf_metadata, pdf_text, sample_workspace


@pytest.fixture
def ws_path(tmp_path):
    path = tmp_path / "w.sqlite"
    ws = open_workspace(path)
    made = sample_workspace(ws)
    ws.close()
    return path, made


def _run(ws_path, *args) -> int:
    return main(["export", *args, "--workspace", str(ws_path)])


def test_briefing_with_options(ws_path, tmp_path, capsys):
    path, made = ws_path
    out = tmp_path / "brief.pdf"
    ids = ",".join(str(r.id) for r in made["recommendations"][:3])
    code = _run(path, "briefing", "--out", str(out), "--authority", "Gloucestershire",
                "--recommendations", ids, "--title", "Ofsted recommendations: <progress>",
                "--meeting", "12 January 2024", "--marking", "OFFICIAL-SENSITIVE", "--without", "sources")
    assert code == 0
    assert capsys.readouterr().out.strip() == f"Saved {out}"
    text = flat("\n".join(pdf_text(out)))
    assert "Ofsted recommendations: <progress>" in text and "OFFICIAL-SENSITIVE" in text
    assert "Recommendation 3" in text and "Recommendation 4" not in text
    assert "Sources" not in text
    assert pdf_metadata(out)["Title"] == "Ofsted recommendations: <progress>"


def test_refuses_to_overwrite_without_force(ws_path, tmp_path, capsys):
    path, _ = ws_path
    out = tmp_path / "brief.pdf"
    out.write_bytes(b"keep me")
    assert _run(path, "briefing", "--out", str(out)) == 1
    assert "already exists" in capsys.readouterr().err
    assert out.read_bytes() == b"keep me"
    assert _run(path, "briefing", "--out", str(out), "--force", "--json") == 0
    assert json.loads(capsys.readouterr().out) == {"path": str(out)}
    assert out.read_bytes().startswith(b"%PDF")


def test_unwritable_or_missing_folder_fails_cleanly(ws_path, tmp_path, capsys):
    path, _ = ws_path
    assert _run(path, "table", "actions", "--out", str(tmp_path / "no" / "such" / "a.csv")) == 1
    err = capsys.readouterr().err
    assert err.startswith("scrutiny-desk: The folder") and "does not exist" in err
    if os.path.isdir("/sys/kernel"):  # not writable, even by root
        assert _run(path, "note", "--out", "/sys/kernel/note.pdf", "--since", "2018-01-01") == 1
        assert "permission denied" in capsys.readouterr().err


def test_note_and_tables(ws_path, tmp_path, capsys):
    path, _ = ws_path
    note = tmp_path / "note.pdf"
    assert _run(path, "note", "--out", str(note), "--since", "2017-01-01", "--authority", "Gloucestershire") == 0
    assert "Open questions" in flat("\n".join(pdf_text(note)))
    assert _run(path, "table", "evidence", "--out", str(tmp_path / "e.xlsx")) == 0
    sheet = openpyxl.load_workbook(tmp_path / "e.xlsx").active
    assert sheet.max_row == 5 and sheet.auto_filter.ref
    assert _run(path, "table", "recommendations", "--out", str(tmp_path / "r.csv")) == 0
    assert (tmp_path / "r.csv").read_bytes().startswith(b"\xef\xbb\xbfID,Label")


def test_usage_errors(ws_path, tmp_path, capsys):
    path, _ = ws_path
    assert _run(path) == 2
    assert "briefing, note or table" in capsys.readouterr().err
    assert _run(path, "note", "--out", str(tmp_path / "n.pdf"), "--since", "2018-13-01") == 2
    assert "not a date" in capsys.readouterr().err
    assert _run(path, "briefing", "--out", str(tmp_path / "b.pdf"), "--recommendations", "1,x") == 2
    assert _run(path, "table", "judgements", "--out", str(tmp_path / "j.csv")) == 2
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob("*.csv"))


def _second_council(path) -> None:
    from datetime import date

    from desktop.storage import recommendations as rec_store

    with open_workspace(path) as ws, ws.write():
        rec_store.insert_recommendation(ws, rec_store.NewRecommendation(
            label="1", text="Improve the timeliness of strategy meetings.", kind="recommendation",
            authority="Wexcombe", issued=date(2022, 5, 20), origin="manual"))


def test_a_briefing_of_several_councils_must_be_asked_for(ws_path, tmp_path, capsys):
    path, _ = ws_path
    _second_council(path)
    out = tmp_path / "brief.pdf"
    assert _run(path, "briefing", "--out", str(out)) == 2
    err = capsys.readouterr().err
    assert "2 councils (Gloucestershire, Wexcombe)" in err and "--authority" in err and "--all-councils" in err
    assert not out.exists()
    assert _run(path, "briefing", "--out", str(out), "--authority", "Wexcombe") == 0
    assert "Gloucestershire" not in flat("\n".join(pdf_text(out)))
    assert _run(path, "briefing", "--out", str(out), "--all-councils", "--force") == 0
    text = flat("\n".join(pdf_text(out)))
    assert "Gloucestershire" in text and "Wexcombe" in text


def test_a_briefing_is_marked_official_sensitive_unless_told(ws_path, tmp_path):
    path, _ = ws_path
    out = tmp_path / "brief.pdf"
    assert _run(path, "briefing", "--out", str(out)) == 0
    pages = pdf_text(out)
    assert all("OFFICIAL-SENSITIVE" in flat(page) for page in pages)
    assert _run(path, "briefing", "--out", str(out), "--force", "--marking", "") == 0
    assert not any("OFFICIAL" in flat(page) for page in pdf_text(out))
