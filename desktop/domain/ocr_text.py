"""Text read by OCR: which pages, how sure the engine was, and which words it doubted."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

# Tesseract's word confidence (0-100) under which a word is shown faintly. Measured on
# scans of the corpus (benchmarks/bench_ocr_faint.py, 6,014 words): below 70 catches
# about a quarter of the misread words for 1 right word in 500; a higher line greys
# right words faster than it catches misread ones (many misreads are read confidently).
FAINT_BELOW = 70.0

_WORD = re.compile(r"\S+")


# A word read by OCR and its box: (word, left, top, right, bottom), in points from the
# page's top left as drawn, or in pixels of the image read before it is placed.
WordBox = tuple[str, float, float, float, float]
Lines = tuple[tuple[WordBox, ...], ...]  # a page's words, line by line in reading order


class OcrPage(NamedTuple):
    """A page read by OCR: its number (1-based, as passages hold it), the engine's mean
    word confidence (0-100), the words it was least sure of, in reading order, and
    where its words are on the page (points), line by line."""

    page: int
    confidence: float
    faint_words: tuple[str, ...] = ()
    lines: Lines = ()


def lines_in_points(lines: Lines, pixels_per_point: float) -> Lines:
    """Boxes the engine gave in pixels of the page image, in points."""
    scale = 1.0 / max(pixels_per_point, 1e-6)
    return tuple(tuple((word, round(left * scale, 2), round(top * scale, 2), round(right * scale, 2),
                        round(bottom * scale, 2)) for word, left, top, right, bottom in line)
                 for line in lines)


def faint_spans(texts: Sequence[str], faint_words: Sequence[str]) -> list[list[tuple[int, int]]]:
    """Where the doubted words of one page fall in its passages (given in reading order).

    Each doubted word is matched to its next occurrence after the previous match, so a
    word read well in one place and badly in another is faint only where it was doubted
    (as long as the reading order holds). Returns, per text, (start, end) spans.
    """
    spans: list[list[tuple[int, int]]] = [[] for _ in texts]
    pending = iter(faint_words)
    wanted = next(pending, None)
    for index, text in enumerate(texts):
        if wanted is None:
            break
        for match in _WORD.finditer(text):
            if match.group() == wanted:
                spans[index].append(match.span())
                wanted = next(pending, None)
                if wanted is None:
                    break
    return spans
