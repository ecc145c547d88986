"""Where words sit on a page: rectangles for a character range, and the character at a point.

Works on the character boxes of ``desktop.pages.render.PageText`` (display
points, origin top left), so a mark drawn on the page covers exactly the
characters pdfium indexes for the same range: the range the text view's span
maps to. No Qt and no pdfium here: the window calls these on the GUI thread
with boxes the render thread read once per page.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop.pages.render import Box, PageText

# Two character boxes sit on the same line when they overlap vertically by at
# least this share of the smaller one: low, because a comma or a "y" hangs below
# the line's other letters, yet the next line never overlaps at all.
_SAME_LINE_OVERLAP = 0.25


def _same_line(line: Box, last: Box, b: Box) -> bool:
    """``b`` continues the line so far (compared with the whole line, so an apostrophe or a
    superscript stays on it) and does not jump back left of the last character."""
    overlap = min(line[3], b[3]) - max(line[1], b[1])
    smaller = max(min(line[3] - line[1], b[3] - b[1]), 0.01)
    return overlap >= _SAME_LINE_OVERLAP * smaller and b[0] >= last[0] - smaller


def line_rects(boxes: Sequence[Box | None], start: int, end: int) -> list[Box]:
    """The characters ``start``..``end`` as one rectangle per line they run over."""
    rects: list[Box] = []
    current: Box | None = None
    last: Box | None = None
    for box in boxes[max(0, start):max(0, end)]:
        if box is None:
            continue
        if current is not None and last is not None and _same_line(current, last, box):
            current = (min(current[0], box[0]), min(current[1], box[1]),
                       max(current[2], box[2]), max(current[3], box[3]))
        else:
            if current is not None:
                rects.append(current)
            current = box
        last = box
    if current is not None:
        rects.append(current)
    return rects


def char_at(page: PageText, x: float, y: float, *, nearest: bool = False) -> int | None:
    """The character whose box holds (x, y); with ``nearest``, the closest one on that line
    (or on the page), so a drag that starts in a margin still catches the line's first word."""
    best, best_distance = None, float("inf")
    for index, box in enumerate(page.boxes):
        if box is None:
            continue
        if box[0] <= x <= box[2] and box[1] <= y <= box[3]:
            return index
        if nearest:
            dx = max(box[0] - x, 0.0, x - box[2])
            dy = max(box[1] - y, 0.0, y - box[3])
            distance = dx + dy * 4  # another line is further than a wide gap on this one
            if distance < best_distance:
                best, best_distance = index, distance
    return best


def selected_range(page: PageText, first: int, last: int) -> tuple[int, int]:
    """Characters ``first``..``last`` (inclusive, either order) widened to whole words."""
    if last < first:
        first, last = last, first
    text = page.text
    while first > 0 and _word_char(text[first - 1]):
        first -= 1
    end = last + 1
    while end < len(text) and _word_char(text[end]):
        end += 1
    return first, end


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "'’-"


def find_all(text: str, needle: str) -> list[tuple[int, int]]:
    """Every place ``needle`` occurs in ``text``, ignoring case."""
    if not needle:
        return []
    hay, wanted = text.casefold(), needle.casefold()
    if len(hay) != len(text):  # casefold changed lengths (ß): fall back to lower()
        hay, wanted = text.lower(), needle.lower()
        if len(hay) != len(text):
            return []
    found, at = [], hay.find(wanted)
    while at >= 0:
        found.append((at, at + len(wanted)))
        at = hay.find(wanted, at + max(1, len(wanted)))
    return found
