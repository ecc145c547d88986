"""The code keeps the style rules of pyproject.toml's [tool.ruff] (imports sorted,
no unused names, bugbear's traps, modern syntax)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_the_code_is_clean_under_ruff():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "desktop", "tests", "benchmarks"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_finds_a_broken_rule(tmp_path):
    # The check above must be able to fail: an unused import under the same settings.
    probe = ROOT / "desktop" / "_lint_probe.py"
    probe.write_text('"""Probe."""\n\nimport os\n', encoding="utf-8")
    try:
        result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", str(probe)],
                                cwd=ROOT, capture_output=True, text=True, timeout=300)
    finally:
        probe.unlink()
    assert result.returncode == 1
    assert "F401" in result.stdout


@pytest.mark.slow  # about a minute on two cores
def test_the_core_is_clean_under_mypy():
    """Every package but ui/ type-checks ([tool.mypy] in pyproject.toml)."""
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True,
                            timeout=900)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
