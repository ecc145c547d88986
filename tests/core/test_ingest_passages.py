"""Splitting clean text into labelled passages."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.documents import PassageKind
from desktop.ingest import read_document, split_passages
from desktop.ingest.passages import MAX_PASSAGE_CHARS
from tests.samples import SAMPLES as CORPUS


def _check_invariant(text, passages):
    last_end = 0
    for passage in passages:
        assert text[passage.start:passage.end] == passage.text
        assert passage.start >= last_end and passage.end > passage.start
        assert passage.text.strip()
        last_end = passage.end


def _kinds_and_labels(text, page_starts=()):
    return [(p.kind, p.label) for p in split_passages(text, page_starts)]


def test_ofsted_numbered_paragraphs_and_minutes_items():
    text = ("26. Social workers in Riverton visit children regularly.\n"
            "5.3 Members asked how many children were waiting for an assessment.\n"
            "1. ELECTION OF VICE CHAIR\n"
            "2. Apologies for Absence\n"
            "12) Ensure that return home interviews are timely.")
    assert _kinds_and_labels(text) == [
        (PassageKind.NUMBERED, "26"), (PassageKind.NUMBERED, "5.3"),
        (PassageKind.HEADING, "1"), (PassageKind.HEADING, "2"), (PassageKind.NUMBERED, "12"),
    ]


def test_lettered_and_roman_items():
    text = "(a) the sufficiency of placements;\nii) the timeliness of reviews;\n(iv) the voice of the child."
    assert _kinds_and_labels(text) == [
        (PassageKind.NUMBERED, "a"), (PassageKind.NUMBERED, "ii"), (PassageKind.NUMBERED, "iv"),
    ]


def test_bullets_are_numbered_by_position_restarting_per_list():
    text = ("Areas for improvement\n"
            "• The timeliness of initial health assessments.\n"
            "• Oversight of children missing education.\n"
            "– in primary schools\n"
            "– in secondary schools\n"
            "• Pathway plans for care leavers.\n"
            "The council accepted these findings.\n"
            "- first item of a new list\n"
            "* second item\n"
            "o third item\n"
            "▪ fourth item\n"
            "\uf0b7 fifth item")
    labels = [(p.kind, p.label) for p in split_passages(text, ())]
    assert labels[0] == (PassageKind.HEADING, None)
    assert labels[1:6] == [(PassageKind.BULLET, "1"), (PassageKind.BULLET, "2"), (PassageKind.BULLET, "1"),
                           (PassageKind.BULLET, "2"), (PassageKind.BULLET, "3")]
    assert labels[6] == (PassageKind.PARAGRAPH, None)
    assert [label for _, label in labels[7:11]] == ["1", "1", "1", "1"]


def test_headings_paragraphs_and_table_rows():
    text = ("Leadership and management\n"
            "Quality of Practice\n"
            "The director has been in post since 2019, and leaders know their services well.\n"
            "Indicator\tTarget\tActual\n"
            "Re-referrals within 12 months\t20%\t23.4%")
    assert _kinds_and_labels(text) == [
        (PassageKind.HEADING, None), (PassageKind.HEADING, None), (PassageKind.PARAGRAPH, None),
        (PassageKind.TABLE_ROW, None), (PassageKind.TABLE_ROW, None),
    ]


def test_page_numbers_follow_page_starts_even_with_leading_zeros():
    text = "1. First point.\n2. Second point.\n3. Third point."
    second = text.index("2.")
    third = text.index("3.")
    pages = [p.page for p in split_passages(text, (0, second, third))]
    assert pages == [1, 2, 3]
    # A slice of a longer document whose first pages lie before the slice.
    assert [p.page for p in split_passages(text, (0, 0, 0, third))] == [3, 3, 4]
    assert [p.page for p in split_passages(text, ())] == [None, None, None]


def test_very_long_line_is_cut_at_sentence_ends():
    sentence = "The partnership has agreed a new threshold document for early help. "
    text = "14. " + sentence * 15_000  # about 1 MB on one line
    passages = split_passages(text, ())
    _check_invariant(text, passages)
    assert len(passages) > 200
    assert all(len(p.text) <= MAX_PASSAGE_CHARS for p in passages)
    assert all(p.text.endswith("early help.") for p in passages)
    assert passages[0].label == "14"


def test_line_with_no_spaces_is_still_cut():
    text = "x" * (3 * MAX_PASSAGE_CHARS + 5)
    passages = split_passages(text, ())
    _check_invariant(text, passages)
    assert [len(p.text) for p in passages] == [MAX_PASSAGE_CHARS] * 3 + [5]


@pytest.mark.skipif(not (CORPUS / "000_gloucestershire-inspection-2017.txt").exists(), reason="corpus not present")
def test_corpus_inspection_report_has_its_recommendations():
    extracted = read_document(CORPUS / "000_gloucestershire-inspection-2017.txt")
    passages = split_passages(extracted.text, extracted.page_starts)
    _check_invariant(extracted.text, passages)
    labels = {p.label for p in passages if p.kind == PassageKind.NUMBERED}
    assert {str(n) for n in range(1, 20)} <= labels
    assert {"111", "112"} <= labels


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400),
       st.lists(st.integers(min_value=0, max_value=500), max_size=6))
def test_invariant_holds_for_any_text(text, starts):
    passages = split_passages(text, sorted(starts))
    _check_invariant(text, passages)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["26. ", "• ", "(a) ", "5.3 ", "\t", "\n", "\n\n", " ", "Care leavers",
                                 "said.", "ELECTION", "x" * 50, "- ", "o ", "#"]), max_size=60))
def test_invariant_holds_for_document_like_text(pieces):
    text = "".join(pieces)
    _check_invariant(text, split_passages(text, (0, len(text) // 2)))
