"""Finding the table in a raw grid: the header row, merged cells, headings and notes.

The header is the row among the first ``HEADER_SEARCH_ROWS`` that names the most
known fields; a header over two rows ("Progress update" over "Q1" and "Q2") is
combined; merged cells are filled; headings across the table and notes under it
are dropped with a reason; colour-only RAG cells get their hex colour. Also the
messages for a grid with no header or no rows, and the row limit check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from desktop.trackers.mapping import header_field
from desktop.trackers.table import (
    HEADER_SEARCH_ROWS,
    TrackerTable,
    UnreadableTracker,
    _EmptySheet,
    _Grid,
    _NoHeader,
    _too_many_rows,
)


def _checked_size(path: Path, table: TrackerTable, max_rows: int) -> TrackerTable:
    if len(table.rows) > max_rows:
        raise _too_many_rows(path, table.sheet, max_rows)
    return table


def _table_or_error(path: Path, sheet: str | None, grid: _Grid, header_row: int | None,
                    max_rows: int) -> TrackerTable:
    try:
        table, _strong = _build_table(grid, sheet, header_row)
    except (_NoHeader, _EmptySheet) as error:
        raise _sheet_failure(path, [(sheet, error)], [], True) from None
    return _checked_size(path, table, max_rows)


def _sheet_failure(path: Path, failures: list[tuple[str | None, Exception]], names: list[str],
                   one: bool) -> UnreadableTracker:
    if failures and all(isinstance(e, _EmptySheet) for _n, e in failures):
        if one and failures[0][0]:
            return UnreadableTracker(f"Sheet \u201c{failures[0][0]}\u201d of \u201c{path.name}\u201d "
                                     "is empty.")
        return UnreadableTracker(f"\u201c{path.name}\u201d has no rows in it.")
    detail = next((str(e) for _n, e in failures if isinstance(e, _NoHeader) and str(e)), "")
    where = ""
    if one and failures and failures[0][0]:
        where = f" (sheet \u201c{failures[0][0]}\u201d)"
    elif len(names) > 1:
        where = " (in any of its sheets: " + ", ".join(f"\u201c{n}\u201d" for n in names) + ")"
    return UnreadableTracker(
        f"No header row was found in \u201c{path.name}\u201d{where}. "
        + (detail or f"None of the first {HEADER_SEARCH_ROWS} rows names its columns, such as "
           "\u201cAction\u201d, \u201cOwner\u201d or \u201cTarget date\u201d.")
        + " Add a header row to the tracker, or say which row holds the headers.")


# --------------------------------------------------------------------------- finding the table

_DATA_LIKE = re.compile(r"\d{4}-\d\d-\d\d|[\d.,:/\-\s%£]+")
_NOTE_START = re.compile(r"^\s*(?:key|notes?|nb|n\.b\.|legend|source|last updated|updated|"
                         r"prepared by|please|\*|version|date of last)\b", re.IGNORECASE)
_RAG_HEADER = re.compile(r"\b(?:b?rag|rating|colou?r|status)\b", re.IGNORECASE)


def _header_score(cells: Iterable[str]) -> tuple[int, float]:
    """(cells naming known fields, overall score) for a candidate header row."""
    known, score, seen = 0, 0.0, set()
    for cell in cells:
        text = " ".join(cell.split())
        if not text or text in seen:
            continue
        seen.add(text)
        if header_field(text):
            known += 1
            score += 3
        elif len(text) > 60 or _DATA_LIKE.fullmatch(text):
            score -= 1
        elif len(text) <= 40:
            score += 0.5
    return known, score


def _apply_merges(grid: _Grid) -> dict[int, list[tuple[int, int]]]:
    """Copy each merged range's value into all its cells; return single-row spans by row."""
    by_number = {number: cells for number, cells in grid.rows}
    spans: dict[int, list[tuple[int, int]]] = {}
    for min_row, min_col, max_row, max_col in grid.merges:
        top = by_number.get(min_row)
        value = top[min_col - 1] if top is not None and min_col - 1 < len(top) else ""
        if min_row == max_row and max_col > min_col:
            spans.setdefault(min_row, []).append((min_col - 1, max_col - 1))
        if not value:
            continue
        for number in range(min_row, max_row + 1):
            cells = by_number.get(number)
            if cells is None:
                continue
            if len(cells) < max_col:
                cells.extend([""] * (max_col - len(cells)))
            for column in range(min_col - 1, max_col):
                cells[column] = value
    return spans


def _find_header(rows: list[tuple[int, list[str]]]) -> tuple[int, bool]:
    """Index (in ``rows``) of the header, and whether it names at least two known fields."""
    best: tuple[float, int] | None = None
    for index, (_number, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        known, score = _header_score(cells)
        if known >= 2 and (best is None or score > best[0]):
            best = (score, index)
    if best is not None:
        return best[1], True
    # No row names the usual fields: take the first row of short labels with rows under it.
    for index, (_number, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        texts = [c for c in cells if c]
        if (len(set(texts)) >= 2 and index + 1 < len(rows)
                and all(len(t) <= 60 and not _DATA_LIKE.fullmatch(t) for t in texts)):
            return index, False
    raise _NoHeader()


def _is_group_header(upper: list[str], lower: list[str], spans: list[tuple[int, int]],
                     width: int) -> bool:
    """True when ``upper`` groups columns of ``lower`` ("Progress update" over "Q1", "Q2")."""
    # A title merged across the table (or over its first columns, or long) is not a group.
    groups = [(a, b) for a, b in spans
              if b - a + 1 < width and a > 0 and len(_at(upper, a)) <= 40]
    if not groups:
        return False
    inside = {c for a, b in groups for c in range(a, b + 1)}
    if not any(_at(lower, c) for c in inside):
        return False
    if any(len(_at(lower, c)) > 40 for c in inside):
        return False
    for column in range(width):
        if column in inside:
            continue
        up, low = _at(upper, column), _at(lower, column)
        if up and low and up != low:
            return False  # the lower row has its own text here: it is data, not a sub-header
    return True


def _at(cells: list[str], column: int) -> str:
    return cells[column] if column < len(cells) else ""


def _combine(parts: list[str]) -> str:
    words: list[str] = []
    for part in parts:
        part = " ".join(part.split())
        if part and (not words or words[-1] != part):
            words.append(part)
    return " ".join(words)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _build_table(grid: _Grid, sheet: str | None, header_row: int | None) -> tuple[TrackerTable, bool]:
    spans = _apply_merges(grid)
    filled = [(n, cells) for n, cells in grid.rows if any(cells)]
    if not filled:
        raise _EmptySheet()
    width = max(len(cells) for _n, cells in filled)
    if header_row is not None:
        positions = [i for i, (n, _c) in enumerate(filled) if n == header_row]
        if not positions:
            raise _NoHeader(f"Row {header_row} is empty or beyond the end of the table.")
        index, strong = positions[0], True
    else:
        index, strong = _find_header(filled)

    first = last = index
    number = filled[index][0]
    if (index > 0 and filled[index - 1][0] == number - 1
            and _is_group_header(filled[index - 1][1], filled[index][1], spans.get(number - 1, []), width)):
        first = index - 1
    elif (index + 1 < len(filled) and filled[index + 1][0] == number + 1
          and _is_group_header(filled[index][1], filled[index + 1][1], spans.get(number, []), width)):
        last = index + 1
    header_cells = [_combine([_at(filled[i][1], c) for i in range(first, last + 1)])
                    for c in range(width)]

    data, dropped = _data_rows(filled[last + 1:], spans, width)
    _colour_cells(data, header_cells, grid.fills)
    keep = [c for c in range(width)
            if header_cells[c] or any(_at(cells, c) for _n, cells in data)]
    keep = _drop_merged_duplicates(keep, header_cells, data, spans.get(filled[last][0], []),
                                   first == last)
    headers = [header_cells[c] or f"Column {_column_letter(c)}" for c in keep]
    rows = [(n, [_at(cells, c) for c in keep]) for n, cells in data]
    title_lines = [" ".join(c for c in cells if c) for _n, cells in filled[:first]]
    return TrackerTable(sheet, filled[first][0], headers, rows, dropped, title_lines), strong


def _data_rows(rows: list[tuple[int, list[str]]], spans: dict[int, list[tuple[int, int]]],
               width: int) -> tuple[list[tuple[int, list[str]]], list[tuple[int, str]]]:
    """The action rows under the header, without headings across the table or notes under it."""
    dropped: list[tuple[int, str]] = []
    kept: list[tuple[int, list[str]]] = []
    for number, cells in rows:
        heading = _section_heading(cells, spans.get(number, []), width)
        if heading:
            dropped.append((number, f"\u201c{_short(heading)}\u201d is a heading across the table, "
                                    "not an action"))
        else:
            kept.append((number, cells))
    wide = [i for i, (_n, cells) in enumerate(kept) if sum(1 for c in cells if c) >= 2]
    if not wide:
        return kept, dropped
    body, tail = kept[: wide[-1] + 1], kept[wide[-1] + 1:]
    previous = body[-1][0]
    in_notes = False
    for number, cells in tail:
        texts = [(c, t) for c, t in enumerate(cells) if t]
        text = texts[0][1]
        in_notes = in_notes or number > previous + 1 or bool(_NOTE_START.match(text)) or (
            texts[0][0] == 0 and len(text) > 60)
        if in_notes:
            dropped.append((number, f"\u201c{_short(text)}\u201d is a note under the table, "
                                    "not an action"))
        else:
            body.append((number, cells))
        previous = number
    return body, dropped


def _section_heading(cells: list[str], spans: list[tuple[int, int]], width: int) -> str:
    """The heading's text when a row is one merged cell across much of the table."""
    for start, end in spans:
        size = end - start + 1
        if size < max(3, (width + 1) // 2):
            continue
        outside = [t for c, t in enumerate(cells) if t and not start <= c <= end]
        if not outside and _at(cells, start):
            return _at(cells, start)
    return ""


def _colour_cells(data: list[tuple[int, list[str]]], headers: list[str],
                  fills: dict[tuple[int, int], str]) -> None:
    """Put the fill colour into empty cells of RAG-like columns, as hex ("00B050")."""
    if not fills:
        return
    columns = [c for c, h in enumerate(headers) if not h or _RAG_HEADER.search(h)]
    for number, cells in data:
        for column in columns:
            colour = fills.get((number, column))
            if colour and not _at(cells, column):
                if len(cells) <= column:
                    cells.extend([""] * (column + 1 - len(cells)))
                cells[column] = colour


def _drop_merged_duplicates(keep: list[int], headers: list[str], data: list[tuple[int, list[str]]],
                            spans: list[tuple[int, int]], single_row_header: bool) -> list[int]:
    """A header merged over two columns with no sub-headers is one column, not two."""
    if not single_row_header:
        return keep
    redundant: set[int] = set()
    for start, end in spans:
        for column in range(start + 1, end + 1):
            if all(not _at(cells, column) or _at(cells, column) == _at(cells, start)
                   for _n, cells in data):
                redundant.add(column)
    return [c for c in keep if c not in redundant]


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
