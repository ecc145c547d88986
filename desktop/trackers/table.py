"""What the tracker readers share: limits, the table and error types, the raw grid.

:class:`TrackerTable` (what :func:`desktop.trackers.read.read_table` returns) and
:class:`UnreadableTracker` live here so that the CSV reader (``csv_files``), the
XLSX reader (``xlsx``) and the header finder (``header_row``) can use them without
importing ``read``, which re-exports them. ``_Grid`` is a sheet as read, before
its header is found.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from desktop.domain.errors import Cancelled, UnreadableFile

HEADER_SEARCH_ROWS = 30  # the header is looked for among the first 30 non-blank rows
# Above this much worksheet XML a workbook is streamed in read-only mode to bound time
# and memory, and its merged cells are then not filled.
NORMAL_MODE_MAX_XML_BYTES = 80 * 1024 * 1024
# Sheet XML beyond this (twice it for the whole package) is refused: 100,000 rows of a
# real tracker take well under half of it.
MAX_SHEET_XML_BYTES = 250 * 1024 * 1024
MAX_FILE_BYTES = 300 * 1024 * 1024
MAX_CSV_BYTES = 150 * 1024 * 1024  # 100,000 rows of a wordy tracker are a small part of it
MAX_COLUMNS = 1000  # a tracker has tens of columns; anything past this is not read
NORMAL_MODE_MAX_CELLS = 3_000_000  # rows x columns a sheet may span to be read in normal mode


class UnreadableTracker(UnreadableFile):
    """A tracker file that cannot be read; the message says why and what to do."""


@dataclass
class TrackerTable:
    """A tracker's table: header texts and data rows, every cell as text.

    ``header_row`` is the spreadsheet row number (1-based) of the header; for a
    header over two rows it is the first of them. ``rows`` pairs each data row's
    spreadsheet row number with its cells, one per header. ``dropped`` lists rows
    deliberately left out (headings across the table, notes under it) as
    ``(row number, reason)``; blank rows are simply not there.
    """

    sheet: str | None
    header_row: int
    headers: list[str]
    rows: list[tuple[int, list[str]]]
    dropped: list[tuple[int, str]] = field(default_factory=list)
    # The lines above the header (the title block: "Position as at 30 September 2017").
    title_lines: list[str] = field(default_factory=list)

    def sample(self, count: int = 50) -> list[list[str]]:
        """The first ``count`` rows' cells, for previews and mapping guesses."""
        return [cells for _number, cells in self.rows[:count]]


# --------------------------------------------------------------------------- grids

@dataclass
class _Grid:
    """A sheet as read: rows of text, merged ranges, and colours of empty cells."""

    rows: list[tuple[int, list[str]]]  # non-blank rows only, with their row numbers
    # (min_row, min_col, max_row, max_col), 1-based as openpyxl gives them
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    # (row number, 0-based column) -> "RRGGBB" of an empty cell's fill
    fills: dict[tuple[int, int], str] = field(default_factory=dict)


class _NoHeader(Exception):
    pass


class _NeedsStreaming(Exception):
    """The sheet is too vast for openpyxl's normal mode; read it again streaming."""


class _EmptySheet(Exception):
    pass


def _too_many_rows(path: Path, sheet: str | None, max_rows: int) -> UnreadableTracker:
    where = f" (sheet \u201c{sheet}\u201d)" if sheet else ""
    return UnreadableTracker(
        f"\u201c{path.name}\u201d{where} has more than {max_rows:,} rows; an improvement plan is "
        f"imported {max_rows:,} rows at most. Delete the rows that are not actions, or split the "
        "tracker, and import again.")


def _check_cancel(cancel: Callable[[], bool] | None) -> None:
    if cancel is not None and cancel():
        raise Cancelled()
