"""Where a paper's passages lie in its pages' text, matched letter by letter.

The passages were cut from text the importer read from the same pages, then
cleaned: lines joined, hyphens at line ends removed, ligatures unfolded,
running headers, footers and page numbers dropped. So the two texts agree on
their letters and digits in order, and differ in spaces, punctuation and the
lines the importer dropped. Both are reduced to letters and digits (NFKC,
case folded) and matched; a page line that is not in any passage (a running
header) is simply skipped over. Pure Python: no pdfium, no Qt, no storage.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

_ANCHOR = 24  # letters looked for to find where a passage starts
_SLACK = 64  # extra letters of page text compared beyond a passage's own length
_MIN_SHARE = 0.6  # a passage counts as found when this share of its letters matched
_LOOK_AHEAD = 40_000  # letters searched ahead for a passage's start before trying from the top


def folded(text: str) -> tuple[str, list[int]]:
    """``text`` reduced to letters and digits, and each one's index in ``text``."""
    out: list[str] = []
    where: list[int] = []
    for index, ch in enumerate(text):
        if ch.isascii():
            if ch.isalnum():
                out.append(ch.lower())
                where.append(index)
            continue
        for part in unicodedata.normalize("NFKC", ch).casefold():
            if part.isalnum():
                out.append(part)
                where.append(index)
    return "".join(out), where


@dataclass(frozen=True, slots=True, order=True)
class PageRange:
    passage_id: int
    sheet: int
    start: int  # pdfium character index on the sheet
    end: int


def _matched_pairs(small: str, big: str) -> list[tuple[int, int]]:
    """(index in small, index in big) for every letter the two have in common, in order."""
    pairs: list[tuple[int, int]] = []
    for a, b, size in SequenceMatcher(None, small, big, autojunk=False).get_matching_blocks():
        pairs.extend((a + k, b + k) for k in range(size))
    return pairs


def _find_start(stream: str, letters: str, cursor: int) -> int:
    """Where ``letters`` (a passage) probably starts in ``stream``, at or after ``cursor``
    if it can be found there, else anywhere; -1 when not found."""
    probes = [0]
    if len(letters) > 3 * _ANCHOR:
        probes += [len(letters) // 2, len(letters) - _ANCHOR]
    for offset in probes:
        anchor = letters[offset:offset + _ANCHOR]
        if not anchor:
            continue
        at = stream.find(anchor, cursor, cursor + _LOOK_AHEAD + len(letters))
        if at < 0:
            at = stream.find(anchor)
        if at >= 0:
            return max(0, at - offset)
    return -1


def align_passages(passages: Sequence[tuple[int, str]],
                   pages: Sequence[tuple[int, str]]) -> list[PageRange]:
    """Each passage's character range on each sheet it runs over.

    ``passages``: (id, text) in reading order; ``pages``: (sheet, pdfium page text)
    in order. A passage whose letters are not found (text read by OCR, a page with
    no text layer) gets no range.
    """
    parts: list[str] = []
    owner: list[tuple[int, int]] = []  # stream index -> (sheet, char index)
    for sheet, text in pages:
        letters, where = folded(text)
        parts.append(letters)
        owner.extend((sheet, index) for index in where)
    stream = "".join(parts)
    ranges: list[PageRange] = []
    cursor = 0
    for passage_id, text in passages:
        letters, _ = folded(text)
        if not letters:
            continue
        start = _find_start(stream, letters, cursor)
        if start < 0:
            continue
        window = stream[start:start + len(letters) + _SLACK]
        pairs = _matched_pairs(letters, window)
        if len(pairs) < _MIN_SHARE * len(letters):
            continue
        by_sheet: dict[int, list[int]] = {}
        for _, at in pairs:
            sheet, index = owner[start + at]
            by_sheet.setdefault(sheet, []).append(index)
        for sheet, indexes in by_sheet.items():
            ranges.append(PageRange(passage_id, sheet, min(indexes), max(indexes) + 1))
        cursor = start + pairs[-1][1] + 1
    return ranges


class PassageOnPages:
    """One passage matched with its ranges of page text, letter by letter, so a span of
    the passage becomes the same words on the page and back."""

    def __init__(self, passage_text: str, pieces: Sequence[tuple[int, int, str]]) -> None:
        """``pieces``: (sheet, first char index, page text of the range) in order."""
        letters, self._where = folded(passage_text)
        page_parts: list[str] = []
        self._owner: list[tuple[int, int]] = []
        for sheet, first, text in pieces:
            part, where = folded(text)
            page_parts.append(part)
            self._owner.extend((sheet, first + index) for index in where)
        self._pairs = _matched_pairs(letters, "".join(page_parts))
        self._length = len(passage_text)

    def to_page(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """(sheet, char start, char end) for the passage's characters ``start``..``end``."""
        by_sheet: dict[int, list[int]] = {}
        for a, b in self._pairs:
            if start <= self._where[a] < end:
                sheet, index = self._owner[b]
                by_sheet.setdefault(sheet, []).append(index)
        return [(sheet, min(found), max(found) + 1) for sheet, found in sorted(by_sheet.items())]

    def to_passage(self, sheet: int, start: int, end: int) -> tuple[int, int] | None:
        """The passage's characters for page characters ``start``..``end`` of ``sheet``."""
        found = [self._where[a] for a, b in self._pairs
                 if self._owner[b][0] == sheet and start <= self._owner[b][1] < end]
        if not found:
            return None
        return min(found), min(self._length, max(found) + 1)
