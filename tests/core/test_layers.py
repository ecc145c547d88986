"""The layer contract of ARCHITECTURE.md, kept by import-linter.

The contracts live in pyproject.toml ([tool.importlinter]): the layers
(domain <- ingest, extract, trackers, export <- storage, search <- services
<- cli, ui) and "only desktop.ui imports Qt".
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _lint(monkeypatch, capsys) -> tuple[int, str]:
    from importlinter.cli import lint_imports

    monkeypatch.chdir(ROOT)
    monkeypatch.syspath_prepend(str(ROOT))
    code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    return code, capsys.readouterr().out


def test_every_layer_contract_is_kept(monkeypatch, capsys):
    code, report = _lint(monkeypatch, capsys)
    assert code == 0, report
    assert "2 kept, 0 broken" in report, report


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("desktop/domain/_layer_probe.py", "import PySide6.QtCore\n", "Only desktop.ui imports Qt"),
        ("desktop/storage/_layer_probe.py", "import desktop.services.documents\n", "Layers"),
    ],
)
def test_a_broken_rule_is_caught(monkeypatch, capsys, module, line, contract):
    """Guard against contracts that match nothing: a stray import is reported."""
    probe = ROOT / module
    probe.write_text(line, encoding="utf-8")
    try:
        code, report = _lint(monkeypatch, capsys)
    finally:
        os.remove(probe)
    assert code != 0
    assert f"{contract}" in report and "BROKEN" in report
    assert "_layer_probe" in report


# Services still holding SQL (issue 15 moves it into desktop/storage); the list only shrinks.
SQL_STILL_IN_SERVICES = {"actions.py", "findings.py"}


def test_sql_lives_in_storage():
    import re

    services = ROOT / "desktop" / "services"
    with_sql = {path.name for path in services.glob("*.py")
                if re.search(r"\.execute(?:many)?\(", path.read_text(encoding="utf-8"))}
    assert with_sql <= SQL_STILL_IN_SERVICES, f"SQL outside storage: {sorted(with_sql - SQL_STILL_IN_SERVICES)}"
