"""Shared paths and loaders for the extract tests (no fixtures that cannot fail)."""

from __future__ import annotations

from functools import cache

from tests.samples import REPO
from tests.samples import SAMPLE_PDFS as PDFS
from tests.samples import SAMPLES as CORPUS

FIXTURES = REPO / "tests" / "fixtures" / "extract"


def corpus_text(prefix: str) -> str:
    """A sample corpus text by its number, e.g. "002"."""
    (path,) = CORPUS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@cache
def pdf_text(stem: str) -> str:
    """Text of a real Ofsted PDF, pages joined by newlines (pypdfium2)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(PDFS / f"{stem}.pdf"))
    try:
        return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()
