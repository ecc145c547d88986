"""Where the tests find the sample papers and the bad-input fixtures."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "resources" / "sample_papers"
SAMPLE_PDFS = SAMPLES / "pdf"
BAD_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "bad"


def sample(name_prefix: str) -> Path:
    """A sample paper by the start of its neutral file name, e.g. sample("000")."""
    matches = sorted(SAMPLES.glob(f"{name_prefix}*"))
    assert matches, f"no sample paper starting {name_prefix}"
    return matches[0]
