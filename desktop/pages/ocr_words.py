"""A scanned page's text and character boxes made from the words OCR read on it.

Scanned pages have no text layer for pdfium to give boxes from, so the page view
uses the engine's word boxes instead: the page text is the words, a space
between words and a line break between lines, and each word's box is shared
out between its characters by their share of its width. Marks and selection then
work on a scanned page exactly as on a born-digital one. Pure Python.
"""

from __future__ import annotations

from desktop.domain.ocr_text import Lines
from desktop.pages.render import Box, PageText


def ocr_page_text(index: int, lines: Lines) -> PageText:
    """The page ``index`` (0-based sheet) as the OCR words in ``lines`` (points) give it."""
    chars: list[str] = []
    boxes: list[Box | None] = []
    for number, line in enumerate(lines):
        if number:
            chars.append("\n")
            boxes.append(None)
        for position, (word, left, top, right, bottom) in enumerate(line):
            if position:
                chars.append(" ")
                boxes.append(None)
            step = (right - left) / max(1, len(word))
            for offset, char in enumerate(word):
                chars.append(char)
                boxes.append((left + offset * step, top, left + (offset + 1) * step, bottom))
    return PageText(index, "".join(chars), tuple(boxes))
