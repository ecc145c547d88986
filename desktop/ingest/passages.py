"""Clean text -> passages, each with the label its document gives it.

The normaliser leaves one paragraph, item, heading or table row per line, so
each non-blank line is a passage: "26. ..." is numbered paragraph 26, "5.3 ..."
is minute item 5.3, "(b) ..." is item b, a bullet is labelled by its position
in its list, a tab-separated line is a table row. A line too long to read as
one passage is cut at sentence ends into pieces of at most MAX_PASSAGE_CHARS.

Invariant (tested with hypothesis): ``text[p.start:p.end] == p.text``;
passages are in order, do not overlap and are never blank.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from desktop.domain.documents import PassageDraft, PassageKind
from desktop.ingest.markers import (
    BULLET_RE,
    LETTERED_RE,
    MD_HEADING_RE,
    NUMBERED_RE,
    looks_like_heading,
)

MAX_PASSAGE_CHARS = 4_000
_MIN_CUT = MAX_PASSAGE_CHARS // 4  # never cut a piece shorter than this at a sentence end

_LINE_RE = re.compile(r"[^\n]+")
_SENTENCE_END_RE = re.compile(r"[.!?][\"'”’)\]]*\s+")
_EDGE_SPACE = " \t\r\f\v\u00a0\u2028\u2029\x1c\x1d\x1e\x1f\x85"


class _BulletCounter:
    """Numbers bullets 1, 2, ... per list; a nested list (other marker) counts apart."""

    def __init__(self) -> None:
        self._stack: list[list] = []  # [marker, count]

    def reset(self) -> None:
        self._stack.clear()

    def next_label(self, marker: str) -> str:
        for depth in range(len(self._stack) - 1, -1, -1):
            if self._stack[depth][0] == marker:
                del self._stack[depth + 1:]
                self._stack[depth][1] += 1
                return str(self._stack[depth][1])
        self._stack.append([marker, 1])
        return "1"


def _classify(line: str, bullets: _BulletCounter) -> tuple[PassageKind, str | None]:
    """Kind and label of one stripped line."""
    match = BULLET_RE.match(line)
    if match:
        return PassageKind.BULLET, bullets.next_label(match.group("mark"))
    bullets.reset()
    match = NUMBERED_RE.match(line)
    if match:
        label = match.group("num") or match.group("one")
        rest = line[match.end():]
        kind = PassageKind.HEADING if looks_like_heading(rest, numbered=True) else PassageKind.NUMBERED
        return kind, label
    match = LETTERED_RE.match(line)
    if match:
        return PassageKind.NUMBERED, match.group("paren") or match.group("half")
    if "\t" in line:
        return PassageKind.TABLE_ROW, None
    if line[0] == "#" and MD_HEADING_RE.match(line):
        return PassageKind.HEADING, None
    if looks_like_heading(line):
        return PassageKind.HEADING, None
    return PassageKind.PARAGRAPH, None


def _cut_points(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split [start, end) into pieces of at most MAX_PASSAGE_CHARS.

    Prefer the last sentence end in the window, then the last space, then a
    hard cut. Each window is scanned once, so the whole line is linear.
    """
    pieces = []
    while end - start > MAX_PASSAGE_CHARS:
        limit = start + MAX_PASSAGE_CHARS
        cut = -1
        for match in _SENTENCE_END_RE.finditer(text, start + _MIN_CUT, limit):
            cut = match.end()
        if cut <= start:
            space = text.rfind(" ", start + _MIN_CUT, limit)
            cut = space + 1 if space > start else limit
        piece_end = cut
        while piece_end > start and text[piece_end - 1] in _EDGE_SPACE:
            piece_end -= 1
        if piece_end > start:
            pieces.append((start, piece_end))
        start = cut
        while start < end and text[start] in _EDGE_SPACE:
            start += 1
    if end > start:
        pieces.append((start, end))
    return pieces


def _page_of(page_starts: Sequence[int], offset: int) -> int | None:
    if not page_starts:
        return None
    return max(1, bisect_right(page_starts, offset))


def split_passages(text: str, page_starts: Sequence[int]) -> list[PassageDraft]:
    """Passages of ``text`` in order; ``page_starts`` as in ExtractedText."""
    passages: list[PassageDraft] = []
    bullets = _BulletCounter()
    for line_match in _LINE_RE.finditer(text):
        start, end = line_match.span()
        while start < end and text[start] in _EDGE_SPACE:
            start += 1
        while end > start and text[end - 1] in _EDGE_SPACE:
            end -= 1
        if start == end or text[start:end].isspace():
            continue
        line = text[start:end]
        kind, label = _classify(line, bullets)
        spans = [(start, end)] if end - start <= MAX_PASSAGE_CHARS else _cut_points(text, start, end)
        for piece_start, piece_end in spans:
            piece = text[piece_start:piece_end]
            if piece.isspace():
                continue
            passages.append(PassageDraft(
                label=label, kind=kind, page=_page_of(page_starts, piece_start),
                start=piece_start, end=piece_end, text=piece,
            ))
    return passages
