"""The page numbers printed on a paper's pages, read from the pages' text.

A printed number is a line that is only a number ("12", "Page 12", "12 of 40",
"- 12 -") among the first or last lines of a page. One such line alone proves
little (a table cell, a count), so a number is believed only when a nearby page
carries the number that goes with it: the same distance between printed number
and sheet. A pack whose papers each start again at 1 is read paper by paper.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_NUMBER_LINE = re.compile(r"^\s*(?:page\s+)?[-–—]?\s*(\d{1,4})\s*[-–—]?\s*(?:of\s+\d{1,4})?\s*$", re.IGNORECASE)
_EDGE_LINES = 3  # looked at, at the top and the bottom of the page's text
_NEARBY = 3  # sheets either way that can confirm a number


def _candidates(text: str) -> set[int]:
    lines = [line for line in re.split(r"[\r\n]+", text) if line.strip()]
    edge = lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]
    return {int(m.group(1)) for line in edge if (m := _NUMBER_LINE.match(line)) and int(m.group(1)) > 0}


def printed_page_numbers(pages: Sequence[tuple[int, str]]) -> dict[int, int]:
    """Sheet -> the page number printed on it, for the sheets where one can be trusted."""
    offsets = {sheet: {number - sheet for number in _candidates(text)} for sheet, text in pages}
    found: dict[int, int] = {}
    for sheet, mine in offsets.items():
        # the offset most nearby pages agree on (a footnote mark "2" agrees with few)
        support = {offset: sum(offset in offsets.get(other, ())
                               for other in range(sheet - _NEARBY, sheet + _NEARBY + 1) if other != sheet)
                   for offset in mine}
        best = max(sorted(support), key=lambda offset: support[offset], default=None)
        if best is not None and support[best] > 0:
            found[sheet] = sheet + best
    # a page between two numbered ones (a full-page table, a chart) takes the number between
    for sheet, _ in pages:
        before, after = found.get(sheet - 1), found.get(sheet + 1)
        if sheet not in found and before is not None and after == before + 2:
            found[sheet] = before + 1
    return found


def sheet_for_printed(numbers: dict[int, int], printed: int, near: int | None = None) -> int | None:
    """The sheet printed ``printed``; when several are (a pack's papers), the one nearest ``near``."""
    sheets = [sheet for sheet, number in numbers.items() if number == printed]
    if not sheets:
        return None
    return min(sheets, key=lambda s: (abs(s - near) if near is not None else s, s))
