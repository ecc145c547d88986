"""Reading a CSV tracker into a raw grid of text cells.

The bytes are decoded (UTF-8 with or without BOM, UTF-16, else Windows-1252), the
delimiter is sniffed, and pandas reads every line, title lines above the header
included, as text; :mod:`desktop.trackers.header_row` then finds the table in it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from desktop.trackers.table import (
    HEADER_SEARCH_ROWS,
    MAX_COLUMNS,
    MAX_CSV_BYTES,
    UnreadableTracker,
    _check_cancel,
    _Grid,
    _too_many_rows,
)


def _decode(data: bytes) -> str:
    """Text of a CSV: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")  # every byte is a character: never fails


def _delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:200])[:50_000]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in ",;\t|"}
        best = max(counts, key=counts.__getitem__)
        return best if counts[best] else ","


def _csv_grid(path: Path, max_rows: int, cancel: Callable[[], bool] | None) -> _Grid:
    import pandas as pd

    if path.stat().st_size > MAX_CSV_BYTES:
        raise UnreadableTracker(f"\u201c{path.name}\u201d is {path.stat().st_size // (1024 * 1024)} "
                                "MB of text, far more than an improvement-plan tracker.")
    text = _decode(path.read_bytes())
    _check_cancel(cancel)
    if not text.strip():
        raise UnreadableTracker(f"\u201c{path.name}\u201d has no rows: the file is blank.")
    delimiter = _delimiter(text)
    limit = max_rows + HEADER_SEARCH_ROWS + 2
    # Title lines above the header have fewer fields than the table: give pandas enough
    # column names for the widest line (a delimiter inside quotes only adds an empty column).
    width = 1
    for count, line in enumerate(io.StringIO(text)):
        if count > limit:
            break
        width = max(width, line.count(delimiter) + 1)
    if width > MAX_COLUMNS:
        raise UnreadableTracker(f"\u201c{path.name}\u201d has more than {MAX_COLUMNS} columns; "
                                "it does not look like an improvement-plan tracker.")
    try:
        frame = pd.read_csv(io.StringIO(text), sep=delimiter, header=None, names=range(width),
                            dtype=str, keep_default_na=False, na_filter=False,
                            skip_blank_lines=False, nrows=limit + 1, engine="c")
    except pd.errors.EmptyDataError:
        raise UnreadableTracker(f"\u201c{path.name}\u201d has no rows: the file is blank.") from None
    except (pd.errors.ParserError, ValueError) as error:
        raise UnreadableTracker(f"\u201c{path.name}\u201d could not be read as CSV ({error}). Open "
                                "it in Excel and save it again as CSV or .xlsx.") from error
    if len(frame) > limit:
        raise _too_many_rows(path, None, max_rows)
    _check_cancel(cancel)
    rows = [(number, ["" if v is None else str(v).strip() for v in values])
            for number, values in enumerate(frame.itertuples(index=False, name=None), start=1)]
    return _Grid(rows)
