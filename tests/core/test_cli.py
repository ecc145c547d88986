"""The command line: the window's use cases, with JSON for scripts and honest exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from desktop.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, main
from tests.samples import BAD_FIXTURES, REPO, sample


@pytest.fixture
def ws_path(tmp_path):
    return str(tmp_path / "cli.sqlite")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_list_show_search_round_trip(capsys, ws_path):
    code, out, _ = run(capsys, "import", "--workspace", ws_path, str(sample("003")))
    assert code == EXIT_OK and "imported" in out
    code, out, _ = run(capsys, "documents", "--workspace", ws_path, "--json")
    [doc] = json.loads(out)
    assert set(doc) >= {"id", "title", "type", "authority", "date", "period_start", "period_end",
                        "pages", "passages", "parent_id", "duplicate_of", "sha256", "source"}
    assert doc["type"] == "monitoring_visit" and doc["date"] == "2018-06-08"
    code, out, _ = run(capsys, "show", str(doc["id"]), "--workspace", ws_path, "--json")
    passages = json.loads(out)
    assert len(passages) == doc["passages"]
    assert set(passages[0]) == {"id", "label", "page", "text"}
    code, out, _ = run(capsys, "search", "social workers", "--workspace", ws_path, "--json",
                       "--limit", "3")
    hits = json.loads(out)
    assert 0 < len(hits) <= 3
    assert {"passage_id", "document_id", "label", "page", "score", "snippet"} <= set(hits[0])
    assert hits[0]["document_id"] == doc["id"]


def test_import_reports_each_file_and_exits_1_when_one_failed(capsys, ws_path, tmp_path):
    broken = tmp_path / "broken file.pdf"
    broken.write_bytes(b"%PDF-1.7\n garbage")
    code, out, _ = run(capsys, "import", "--workspace", ws_path, str(sample("001")), str(broken),
                       str(BAD_FIXTURES / "not-really-a-pdf.pdf"))
    assert code == EXIT_FAILED
    lines = out.splitlines()
    assert any("001" in line and ": imported" in line for line in lines)
    assert sum(": failed:" in line for line in lines) == 2
    code, out, _ = run(capsys, "import", "--workspace", ws_path, str(sample("001")))
    assert code == EXIT_OK and "already held" in out


def test_usage_errors_exit_2(capsys, ws_path):
    assert run(capsys, "import", "--workspace", ws_path)[0] == EXIT_USAGE
    assert run(capsys, "show", "not-a-number", "--workspace", ws_path)[0] == EXIT_USAGE
    assert run(capsys, "no-such-command")[0] == EXIT_USAGE
    code, _, err = run(capsys, "search", "((", "--workspace", ws_path)
    assert code == EXIT_USAGE and "search" in err


def test_unknown_document_and_bad_workspace_fail_cleanly(capsys, ws_path, tmp_path):
    run(capsys, "import", "--workspace", ws_path, str(sample("001")))
    code, _, err = run(capsys, "show", "999", "--workspace", ws_path)
    assert code == EXIT_FAILED and "no document 999" in err
    not_ws = tmp_path / "essay.sqlite"
    not_ws.write_text("hello")
    code, _, err = run(capsys, "documents", "--workspace", str(not_ws))
    assert code == EXIT_FAILED and "not a Scrutiny Desk workspace" in err
    assert not_ws.read_text() == "hello"


def test_edit_and_delete(capsys, ws_path):
    run(capsys, "import", "--workspace", ws_path, str(sample("001")))
    code, out, _ = run(capsys, "edit", "1", "--workspace", ws_path, "--authority", "Bristol",
                       "--date", "2018-02-24", "--json")
    assert code == EXIT_OK and json.loads(out)["authority"] == "Bristol"
    # UK dates are what councillors type; an impossible one is refused with a reason.
    code, out, _ = run(capsys, "edit", "1", "--workspace", ws_path, "--date", "24/02/2018", "--json")
    assert code == EXIT_OK and json.loads(out)["date"] == "2018-02-24"
    code, _, err = run(capsys, "edit", "1", "--workspace", ws_path, "--date", "31/02/2018")
    assert code == EXIT_FAILED and "not a date" in err and "28 days" in err
    code, _, err = run(capsys, "delete", "1", "--workspace", ws_path)
    assert code == EXIT_USAGE and "--yes" in err
    assert run(capsys, "delete", "1", "--workspace", ws_path, "--yes")[0] == EXIT_OK
    code, out, _ = run(capsys, "documents", "--workspace", ws_path, "--json")
    assert json.loads(out) == []


def test_workspace_from_environment(capsys, monkeypatch, ws_path):
    monkeypatch.setenv("SCRUTINY_DESK_WORKSPACE", ws_path)
    run(capsys, "import", str(sample("001")))
    code, out, _ = run(capsys, "documents", "--workspace", ws_path, "--json")
    assert len(json.loads(out)) == 1


def test_console_entry_point_runs_as_a_module(ws_path):
    result = subprocess.run([sys.executable, "-m", "desktop", "--workspace", ws_path, "import",
                             str(sample("003"))], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert result.returncode == EXIT_OK
    assert "1 file imported" in result.stdout


def test_workspace_option_works_before_or_after_the_command(capsys, tmp_path):
    before, after = str(tmp_path / "before.sqlite"), str(tmp_path / "after.sqlite")
    assert run(capsys, "--workspace", before, "import", str(sample("001")))[0] == EXIT_OK
    assert run(capsys, "import", str(sample("003")), "--workspace", after)[0] == EXIT_OK
    for path, expected in ((before, "south gloucestershire"), (after, "gloucestershire")):
        code, out, _ = run(capsys, "--workspace", path, "documents", "--json")
        [doc] = json.loads(out)
        assert doc["authority"].lower() == expected


def test_a_mistyped_workspace_is_an_error_not_a_new_empty_one(capsys, tmp_path):
    typo = tmp_path / "no such folder" / "typo.sqlite"
    for command in (["documents"], ["search", "fostering"], ["show", "1"]):
        code, _, err = run(capsys, *command, "--workspace", str(typo))
        assert code == EXIT_FAILED and "no workspace" in err
    assert not typo.parent.exists()


def test_copy_refuses_to_overwrite_without_force(capsys, ws_path, tmp_path):
    run(capsys, "import", "--workspace", ws_path, str(sample("001")))
    other = tmp_path / "other.sqlite"
    run(capsys, "import", "--workspace", str(other), str(sample("003")))
    before = other.read_bytes()
    code, _, err = run(capsys, "copy", str(other), "--workspace", ws_path)
    assert code == EXIT_FAILED and "already exists" in err and other.read_bytes() == before
    code, _, err = run(capsys, "copy", str(tmp_path), "--workspace", ws_path)
    assert code == EXIT_FAILED and "folder" in err
    assert not list(tmp_path.parent.glob("*.partial"))
    assert run(capsys, "copy", str(other), "--force", "--workspace", ws_path)[0] == EXIT_OK
    code, out, _ = run(capsys, "documents", "--json", "--workspace", str(other))
    assert [d["authority"] for d in json.loads(out)] == ["South Gloucestershire"]


def test_output_into_a_closed_pipe_is_quiet(ws_path):
    subprocess.run([sys.executable, "-m", "desktop", "import", "--workspace", ws_path,
                    str(sample("000"))], capture_output=True, cwd=REPO, timeout=60)
    shell = (f"{sys.executable} -m desktop show 1 --workspace '{ws_path}' | head -1")
    result = subprocess.run(shell, shell=True, capture_output=True, text=True, cwd=REPO, timeout=60)
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr


def test_authority_filter_ignores_case(capsys, ws_path):
    run(capsys, "import", "--workspace", ws_path, str(sample("001")))
    code, out, _ = run(capsys, "search", "social workers", "--authority", "south gloucestershire",
                       "--json", "--workspace", ws_path)
    assert code == EXIT_OK and json.loads(out)


def test_window_without_a_display_says_so(capsys, monkeypatch, ws_path):
    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    code, _, err = run(capsys, "gui", "--workspace", ws_path)
    assert code == EXIT_FAILED and "no display" in err


def test_types_by_label_and_authorities_by_usual_name(capsys, ws_path):
    run(capsys, "import", "--workspace", ws_path, str(sample("001")))
    code, out, _ = run(capsys, "search", "social workers", "--type", "Monitoring visit letter",
                       "--json", "--workspace", ws_path)
    assert code == EXIT_OK and json.loads(out)
    code, _, err = run(capsys, "search", "x", "--type", "memo", "--workspace", ws_path)
    assert code == EXIT_USAGE and "inspection_report" in err
    code, out, _ = run(capsys, "edit", "1", "--authority", "  leeds ", "--json", "--workspace", ws_path)
    assert json.loads(out)["authority"] == "Leeds"
