"""Doubted OCR words are found in the passages of their page, where they were doubted."""

from __future__ import annotations

from desktop.domain.ocr_text import faint_spans


def _words(texts, spans):
    return [[text[start:end] for start, end in found] for text, found in zip(texts, spans, strict=True)]


def test_doubted_words_are_marked_across_the_passages_of_a_page():
    texts = ["1. Ensure tirnely reviews", "of 0f plans for children"]
    spans = faint_spans(texts, ["tirnely", "0f"])
    assert _words(texts, spans) == [["tirnely"], ["0f"]]


def test_a_word_read_well_before_it_was_doubted_stays_plain():
    texts = ["the plan and the review", "the"]
    # Only the third "the" (in reading order, after "review") was doubted.
    spans = faint_spans(texts, ["review", "the"])
    assert spans == [[(17, 23)], [(0, 3)]]


def test_words_not_in_the_text_mark_nothing_and_never_fail():
    assert faint_spans(["Recommendations"], ["missing", "words"]) == [[]]
    assert faint_spans([], ["any"]) == []
    assert faint_spans(["some text"], []) == [[]]
