"""Checks of the benchmark tooling itself (no timings): ``pytest benchmarks/test_benchmarks.py``."""

from __future__ import annotations

import re
from collections import Counter

import pypdfium2 as pdfium
import pytest

from benchmarks import corpus_text as ct
from benchmarks.common import percentile, replace_section
from benchmarks.generate import DOC_TYPES, build_document, write_document


def _shingles(text: str, size: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z']+", text.lower())
    return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}


def test_the_same_index_and_seed_give_the_same_bytes(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = write_document(build_document(7, seed=3), tmp_path / "a", "pdf")
    second = write_document(build_document(7, seed=3), tmp_path / "b", "pdf")
    assert first.read_bytes() == second.read_bytes()
    assert build_document(7, seed=4).text() != build_document(7, seed=3).text()


def test_a_corpus_varies_kind_authority_year_and_length():
    docs = [build_document(i) for i in range(120)]
    assert set(Counter(d.doc_type for d in docs)) == set(DOC_TYPES)
    assert len({d.authority for d in docs}) >= 25
    assert len({d.date.year for d in docs}) >= 10
    assert all(2013 <= d.date.year <= 2025 for d in docs)
    assert {d.pages for d in docs} == {2, 3, 4, 5, 6}


def test_documents_are_not_near_duplicates_of_each_other():
    # Two long documents share ~10% of their 5-word shingles (the sentence pool is
    # ~1,100 sentences); near-duplicates, as the app counts them, share 70%.
    from desktop.extract import duplicates

    texts = [build_document(i).text() for i in range(40)]
    docs = [_shingles(text) for text in texts]
    worst = max(len(a & b) / len(a | b) for i, a in enumerate(docs) for b in docs[i + 1:])
    assert worst < 0.2
    prints = [duplicates.fingerprint(text) for text in texts]
    assert not any(duplicates.is_duplicate(a, b) for i, a in enumerate(prints) for b in prints[i + 1:])


def test_the_pdf_has_the_pages_furniture_and_numbered_paragraphs_it_was_laid_out_with(tmp_path):
    doc = next(d for d in (build_document(i) for i in range(50)) if d.doc_type == "inspection_report")
    pdf = pdfium.PdfDocument(str(write_document(doc, tmp_path, "pdf")))
    try:
        texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()
    assert len(texts) == doc.pages
    assert all(f"Page {n} of {doc.pages}" in text for n, text in enumerate(texts, start=1))
    assert all(f"{doc.authority} children's services" in text for text in texts)
    assert re.search(r"^2\. [A-Z]", "\n".join(texts), re.MULTILINE)


def test_sample_council_names_never_reach_generated_text():
    text = "".join(build_document(i).text() for i in range(60))
    assert "Gloucestershire" not in text
    assert ct.AUTHORITY_PLACEHOLDER not in text


def test_figures_are_redrawn_but_years_and_school_years_kept():
    import random

    sentence = "In Year 11, 66.1% of 78 children were seen in 2017."
    redrawn = ct.personalise(sentence, "Kent", random.Random(1))
    assert "Year 11" in redrawn and "2017" in redrawn and "66.1%" not in redrawn


def test_results_sections_are_replaced_in_place_and_appended_when_new():
    document = "# Results\n\n<!-- bench:a -->\nold\n<!-- /bench:a -->\n\ntail\n"
    replaced = replace_section(document, "a", "new")
    assert "new" in replaced and "old" not in replaced and replaced.endswith("tail\n")
    appended = replace_section(replaced, "b", "other")
    assert appended.index("new") < appended.index("other")


@pytest.mark.parametrize("fraction,expected", [(0.5, 5), (0.95, 10), (0.99, 10), (0.1, 1)])
def test_percentile_is_nearest_rank(fraction, expected):
    assert percentile(list(range(1, 11)), fraction) == expected
