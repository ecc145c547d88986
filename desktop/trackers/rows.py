"""Turning a tracker's table into tracker rows, as far as each row can be read.

A row is skipped only when it holds no action at all (no title, description or
reference), and the reason is given. Every other row is kept: what could not be
understood (a due date of "31/13/2023", a status nobody defined, a colour that
is not a RAG rating) stays as written and is explained in the row's flags.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from desktop.domain.actions import ActionStatus, Rag, TrackerRow
from desktop.domain.errors import UserFacingError
from desktop.trackers.mapping import FIELD_LABELS, FIELDS
from desktop.trackers.read import TrackerTable
from desktop.trackers.values import (
    parse_due,
    parse_rag,
    parse_recommendation_refs,
    parse_status,
)

__all__ = ["ParsedTracker", "parse_rows", "title_from_description"]

# Trackers repeat the same few statuses, ratings and dates down thousands of rows.
_due = lru_cache(maxsize=8192)(parse_due)
_status = lru_cache(maxsize=2048)(parse_status)
_rag = lru_cache(maxsize=2048)(parse_rag)
_refs = lru_cache(maxsize=4096)(parse_recommendation_refs)

TITLE_LIMIT = 120  # a title made from a description is its first sentence, this long at most
_LONG_TITLE = 200  # an "action" cell longer than this is a description with a title in it
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_HEX = re.compile(r"#?[0-9A-Fa-f]{6}")
_RAG_WORDS = {"red", "amber", "green", "blue", "r", "a", "g", "b"}


@dataclass
class ParsedTracker:
    """Rows read from a tracker, and the rows left out with the reason for each."""

    rows: list[TrackerRow] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (spreadsheet row, why)

    @property
    def flagged(self) -> int:
        """How many rows were read with something the user should check."""
        return sum(1 for row in self.rows if row.flags)


def parse_rows(table: TrackerTable, mapping: Mapping[str, int], *,
               today: date | None = None) -> ParsedTracker:
    """Read each data row of ``table`` with ``mapping`` (field -> column index).

    Rows that read left out (headings across the table, notes under it) are
    reported as skipped too, so the summary accounts for every row.
    ``today`` anchors relative due dates ("end of this month").
    """
    _check_mapping(table, mapping)
    earlier = {name: _earlier_in_series(table.headers, mapping[name])
               for name in _SERIES_FIELDS if name in mapping}
    parsed = ParsedTracker(skipped=list(table.dropped))
    for number, cells in table.rows:
        row, reason = _parse_row(number, cells, mapping, today, earlier)
        if row is None:
            parsed.skipped.append((number, reason))
        else:
            parsed.rows.append(row)
    parsed.skipped.sort()
    return parsed


def _check_mapping(table: TrackerTable, mapping: Mapping[str, int]) -> None:
    for name, column in mapping.items():
        if name not in FIELDS:
            known = ", ".join(FIELDS)
            raise UserFacingError(f"\u201c{name}\u201d is not a tracker field; the fields are {known}.")
        if not isinstance(column, int) or not 0 <= column < len(table.headers):
            raise UserFacingError(
                f"{FIELD_LABELS[name]} is mapped to column {column!r}, but the table has "
                f"{len(table.headers)} column{'' if len(table.headers) == 1 else 's'} "
                "(numbered from 0).")


def _clean(text: str) -> str:
    return _CONTROL.sub("", text).strip()


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def title_from_description(description: str, limit: int = TITLE_LIMIT) -> str:
    """The first sentence of a description, cut at a word to ``limit`` characters."""
    text = " ".join(description.split())
    first = re.split(r"(?<=[.!?;:])\s+(?=[A-Z0-9\u2018\u201c\"'(])|\s+\u2022\s+", text, maxsplit=1)[0]
    first = first.rstrip(" .;:")
    if len(first) <= limit:
        return first
    cut = first[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-\u2013")
    return (cut or first[: limit - 1]) + "\u2026"


# Trackers repeat these per period ("Progress update Q1", "Progress update Q2"). When
# the mapped (latest) column is empty in a row, the latest earlier one filled is used.
_SERIES_FIELDS = ("update", "status", "rag")
_PERIOD = re.compile(
    r"\b(?:q[1-4]|quarter\s*[1-4]|h[12]|(?:19|20)\d\d(?:\s*[/-]\s*\d{2,4})?"
    r"|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
    r"|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})\b|\s\d{1,2}\s*\)?$", re.IGNORECASE)
_PUNCTUATION = re.compile(r"[\s()\-\u2013:]+")


def _series_stem(header: str) -> str:
    """"Progress update Q2", "Quarter 2 RAG" -> the header without its period; "" if none."""
    plain = _PUNCTUATION.sub(" ", header.casefold()).strip()
    stem = _PUNCTUATION.sub(" ", _PERIOD.sub(" ", plain)).strip()
    return stem if stem and stem != plain else ""


def _earlier_in_series(headers: list[str], column: int) -> list[int]:
    """Columns left of ``column`` with the same header but an earlier period, nearest first."""
    stem = _series_stem(headers[column])
    if not stem:
        return []
    return [c for c in range(column - 1, -1, -1) if _series_stem(headers[c]) == stem]


def _parse_row(number: int, cells: list[str], mapping: Mapping[str, int],
               today: date | None, earlier: Mapping[str, list[int]]) -> tuple[TrackerRow | None, str]:
    def cell(column: int) -> str:
        return _clean(cells[column]) if column < len(cells) else ""

    def get(name: str) -> str:
        column = mapping.get(name)
        if column is None:
            return ""
        text = cell(column)
        for previous in earlier.get(name, ()):
            if text:
                break
            text = cell(previous)
        return text

    reference, title, description = get("reference"), get("title"), get("description")
    if not (title or description or reference):
        return None, _nothing_to_import(cells)
    others = [get(n) for n in FIELDS if n not in ("reference", "title", "description")]
    if reference and not title and not description and not any(others) and (
            len(reference.split()) >= 3 or reference.endswith(":")):
        return None, f"\u201c{_short(reference)}\u201d looks like a heading, not an action"

    flags: list[str] = []
    if not title and description:
        title = title_from_description(description)
    elif not title:
        title = reference
        flags.append("the row has no action text, so its reference is used as the title")
    elif len(title) > _LONG_TITLE and not description:
        description, title = title, title_from_description(title)

    due_text = get("due")
    due, due_flag = _due(due_text, today) if due_text else (None, None)
    if due_flag:
        flags.append(due_flag)

    status_cell, rag_cell = get("status"), get("rag")
    status, status_text, rag = _status_and_rag(status_cell, rag_cell, "status" in mapping, flags)

    update_date = None
    update_date_text = get("update_date")
    if update_date_text:
        update_date, date_flag = _due(update_date_text, today)
        if date_flag:
            flags.append(date_flag.replace("due date", "update date", 1))

    ref_text, quote = get("recommendation_ref"), get("recommendation_quote")
    refs = _refs(ref_text) if ref_text else ()
    if ref_text and not refs:
        if not quote and len(ref_text.split()) >= 4:
            quote = ref_text  # the column quotes the recommendation rather than numbering it
        else:
            flags.append(f"recommendation \u201c{_short(ref_text)}\u201d has no recommendation "
                         "number in it")

    row = TrackerRow(
        row_number=number, reference=reference, title=title, description=description,
        owner=get("owner"), due_text=due_text, due=due, status=status, status_text=status_text,
        rag=rag, update_text=get("update"), update_date=update_date, recommendation_refs=refs,
        recommendation_quote=quote, flags=tuple(flags))
    return row, ""


def _nothing_to_import(cells: list[str]) -> str:
    filled = [c for c in (_clean(c) for c in cells) if c]
    reason = "no action, description or reference"
    if filled:
        reason += f" (it has only \u201c{_short(' | '.join(filled), 80)}\u201d)"
    return reason


def _status_and_rag(status_cell: str, rag_cell: str, has_status_column: bool,
                    flags: list[str]) -> tuple[ActionStatus | None, str, Rag | None]:
    """Status, status as written (kept only when not understood), and RAG, with flags."""
    status = _status(status_cell) if status_cell else None
    status_text = ""
    if status_cell and status is None:
        status_text = status_cell
        flags.append(f"status \u201c{_short(status_cell)}\u201d is not one the app knows; "
                     "it is kept as written")
    rag = _rag(rag_cell) if rag_cell else None
    if rag_cell and rag is None:
        from_rag_column = _status(rag_cell)
        if from_rag_column is not None and not has_status_column:
            status = from_rag_column  # a "RAG status" column that says "Complete"
        elif _HEX.fullmatch(rag_cell):
            flags.append(f"the RAG cell\u2019s colour (#{rag_cell.lstrip('#').upper()}) is not red, "
                         "amber, green or blue")
        else:
            flags.append(f"RAG \u201c{_short(rag_cell)}\u201d is not red, amber, green or blue")
    if rag is None and not rag_cell and status_cell.lower() in _RAG_WORDS:
        rag = _rag(status_cell)  # a status column holding RAG words says both
    return status, status_text, rag
