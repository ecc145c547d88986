"""Near-duplicate fingerprints, tuned on the sample corpus and real PDFs."""

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_extract_support import corpus_text, pdf_text

from desktop.extract.duplicates import (
    BANDS,
    DUPLICATE_THRESHOLD,
    band_keys,
    fingerprint,
    is_duplicate,
    similarity,
)


@pytest.fixture(scope="module")
def prints():
    texts = {p: corpus_text(p) for p in ("000", "001", "002", "003", "004")}
    texts["pdf-2017"] = pdf_text("gloucestershire-2017-06-13")
    texts["pdf-2022"] = pdf_text("gloucestershire-2022-04-01")
    texts["pdf-iow-2014"] = pdf_text("isle-of-wight-2014-11-19")
    texts["pdf-banes"] = pdf_text("bath-and-north-east-somerset-2017-07-07")
    return {name: fingerprint(text) for name, text in texts.items()}


def test_same_report_extracted_twice_is_a_duplicate(prints):
    # 000 is the corpus text; the PDF gives other line breaks, page numbers, footnotes.
    assert similarity(prints["000"], prints["pdf-2017"]) > 0.8
    assert is_duplicate(prints["000"], prints["pdf-2017"])
    assert set(band_keys(prints["000"])) & set(band_keys(prints["pdf-2017"]))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("000", "003"),  # same authority, report vs letter
        ("001", "003"),  # two monitoring letters from the same template, different LAs
        ("000", "pdf-2022"),  # same authority, the next inspection
        ("000", "pdf-iow-2014"),  # same framework and template, another LA
        ("000", "pdf-banes"),
        ("004", "pdf-2022"),  # the officer report quotes the 2022 report
    ],
)
def test_different_documents_are_not_duplicates(prints, a, b):
    assert similarity(prints[a], prints[b]) < 0.15
    assert not is_duplicate(prints[a], prints[b])


def test_a_pack_is_not_a_duplicate_of_a_report_it_contains(prints):
    # 002 holds a full copy of 000 plus minutes, performance and budget papers.
    assert similarity(prints["000"], prints["002"]) < DUPLICATE_THRESHOLD - 0.1
    assert not is_duplicate(prints["000"], prints["002"])


def test_fingerprint_is_compact_and_stable():
    text = corpus_text("001")
    fp = fingerprint(text)
    assert fp == fingerprint(text)
    assert len(fp) <= 600
    assert similarity(fp, fp) == 1.0


def test_band_keys_are_strings_per_band():
    keys = band_keys(fingerprint(corpus_text("003")))
    assert len(keys) == BANDS
    assert all(isinstance(k, str) and len(k) < 40 for k in keys)
    assert len(set(keys)) == BANDS


def test_small_edit_stays_duplicate_large_edit_does_not():
    text = corpus_text("003")
    edited = text.replace("Overview", "Summary").replace("inspectors", "HMI", 3)
    assert is_duplicate(fingerprint(text), fingerprint(edited))
    half = text[: len(text) // 3]
    assert not is_duplicate(fingerprint(text), fingerprint(half + corpus_text("001")))


def test_markup_and_whitespace_do_not_matter():
    text = corpus_text("001")
    noisy = "<p>" + text.replace(" ", "  \n").replace(". ", ".</p> <p>")
    assert similarity(fingerprint(text), fingerprint(noisy)) > 0.95


def test_empty_and_tiny_texts():
    assert similarity(fingerprint(""), fingerprint("")) == 0.0
    assert not is_duplicate(fingerprint(""), fingerprint(""))
    assert band_keys(fingerprint("")) == []
    short = fingerprint("Agenda item five")
    assert is_duplicate(short, fingerprint("Agenda  item\nfive"))
    assert not is_duplicate(short, fingerprint("Something else entirely"))


def test_garbage_fingerprints_do_not_raise():
    assert similarity(b"", b"xyz") == 0.0
    assert band_keys(b"\x09" * 10) == []


def test_fingerprint_speed_on_300k_characters():
    text = (corpus_text("000") * 3)[:300_000]
    started = time.perf_counter()
    for _ in range(10):
        fingerprint(text)
    # Measured ~30 ms on the shared 2-core machine (whole text is read).
    assert (time.perf_counter() - started) / 10 < 0.15


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=3000), st.text(max_size=3000))
def test_never_raises(a, b):
    fa, fb = fingerprint(a), fingerprint(b)
    assert 0.0 <= similarity(fa, fb) <= 1.0
    band_keys(fa)


def _reference_word_ids(text):
    """The word ids as first specified: each [A-Za-z]+ word lower-cased, UTF-8 encoded, CRC-32."""
    import re
    import zlib

    return [zlib.crc32(w.lower().encode()) for w in re.findall(r"[A-Za-z]+", text)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abzAZ -'9\u212a\u0130\u00e9\u00c9\u2019\n\ud800")), max_size=60))
def test_word_ids_on_bytes_equal_the_per_word_definition(text):
    # Kelvin sign and dotted capital I lower-case to ASCII letters: they must
    # still split words, as they did when words were lower-cased one by one.
    from desktop.extract.duplicates import _word_ids

    assert _word_ids(text) == _reference_word_ids(text)


def test_fingerprint_bytes_are_stable():
    # Stored fingerprints must keep matching new ones: pin one to its known value.
    import hashlib

    from desktop.extract.duplicates import VERSION

    if VERSION != 1:
        pytest.skip("pinned value is for the tuple-hash fingerprint (version 1)")
    text = " ".join(f"Paragraph {i} the Westshire panel reviewed case {i * 7} of children in care." for i in range(60))
    assert hashlib.sha256(fingerprint(text)).hexdigest() == EXPECTED_FINGERPRINT_SHA256


# Computed with the per-word implementation this replaced (tuple-hash version 1).
EXPECTED_FINGERPRINT_SHA256 = "3ba5c00f43153bd1cc18d2cc17f5e7d2ab386bc78c1abbc73acc17961aa76bc2"
