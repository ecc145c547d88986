"""Text read by OCR: which pages, how sure the engine was, and which words it doubted."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

# Tesseract's word confidence (0-100) under which a word is shown faintly. On the
# scanned corpus (benchmarks/bench_ocr.py) most misread words score below it and
# fewer than one correct word in fifty does.
FAINT_BELOW = 60.0

_WORD = re.compile(r"\S+")


class OcrPage(NamedTuple):
    """A page read by OCR: its number (1-based, as passages hold it), the engine's mean
    word confidence (0-100) and the words it was least sure of, in reading order."""

    page: int
    confidence: float
    faint_words: tuple[str, ...] = ()


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
