"""Reading a tracker spreadsheet (CSV or XLSX) into a table of text cells.

Trackers come as officers make them: a title and "last updated" above the
header, headers merged over two rows ("Progress update" over "Q1" and "Q2"),
a recommendation merged down over the actions that answer it, section headings
merged across the table, blank rows, a key and notes under the table, and RAG
columns that are only cell colours. :func:`read_table` finds the header row,
fills merged cells, combines two-row headers, reads colour-only RAG cells as
their hex colour (``values.parse_rag`` understands it) and returns the rows
with their spreadsheet row numbers. Rows it leaves out on purpose (section
headings, notes) are listed in ``TrackerTable.dropped`` with the reason, so the
import summary can say so.

XLSX is read with openpyxl: streamed in read-only mode, unless the workbook has
merged cells, which only its (slower) normal mode knows; very large sheets are
always streamed, their merges then left unfilled. CSV is read with pandas. Files
that are not spreadsheets, password-protected or damaged, or far too big, get a
plain message saying what they are and what to do.

This module holds the public entry points (:func:`read_table`, :func:`list_sheets`)
and the check of what kind of file it is. The rest is split by concern:
``table`` (limits, :class:`TrackerTable`, :class:`UnreadableTracker`, re-exported
here), ``csv_files`` (CSV to grid), ``xlsx`` (workbook to grid, fill colours) and
``header_row`` (finding the header and the table in a grid).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from desktop.trackers.csv_files import _csv_grid
from desktop.trackers.header_row import _table_or_error

# Re-exported: other modules import the table type, the error and the limits from here.
from desktop.trackers.table import (
    HEADER_SEARCH_ROWS,
    MAX_COLUMNS,
    MAX_CSV_BYTES,
    MAX_FILE_BYTES,
    MAX_SHEET_XML_BYTES,
    NORMAL_MODE_MAX_CELLS,
    NORMAL_MODE_MAX_XML_BYTES,
    TrackerTable,
    UnreadableTracker,
)
from desktop.trackers.xlsx import _open_workbook, _read_workbook

__all__ = ["TrackerTable", "UnreadableTracker", "list_sheets", "read_table",
           # the limits, still importable from here
           "HEADER_SEARCH_ROWS", "MAX_COLUMNS", "MAX_CSV_BYTES", "MAX_FILE_BYTES",
           "MAX_SHEET_XML_BYTES", "NORMAL_MODE_MAX_CELLS", "NORMAL_MODE_MAX_XML_BYTES"]

_OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")


# --------------------------------------------------------------------------- what kind of file

def _kind(path: Path) -> str:
    """"csv" or "xlsx", judged by content (not the name); raises for anything else."""
    name = path.name
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(8192)
    except FileNotFoundError:
        raise UnreadableTracker(f"\u201c{name}\u201d could not be found. It may have been moved "
                                "or deleted.") from None
    except IsADirectoryError:
        raise UnreadableTracker(f"\u201c{name}\u201d is a folder, not a spreadsheet.") from None
    except OSError as error:
        raise UnreadableTracker(f"\u201c{name}\u201d could not be opened ({error.strerror or error})."
                                ) from error
    if size == 0:
        raise UnreadableTracker(f"\u201c{name}\u201d is empty (0 bytes): there is no tracker in it.")
    if size > MAX_FILE_BYTES:
        raise UnreadableTracker(f"\u201c{name}\u201d is {size // (1024 * 1024)} MB, too large to be "
                                "an improvement-plan tracker. Save just the plan's sheet as .xlsx "
                                "or CSV and import that.")
    if head.startswith(_ZIP_SIGNATURES):
        return "xlsx"
    if head.startswith(_OLE_SIGNATURE):
        raise UnreadableTracker(_ole_message(path))
    if head.startswith(b"%PDF"):
        raise UnreadableTracker(f"\u201c{name}\u201d is a PDF document, not a spreadsheet. Ask for "
                                "the tracker as an Excel (.xlsx) or CSV file, or import the PDF "
                                "as a paper instead.")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "csv"  # UTF-16 text, as Excel's "Unicode Text" saves it
    if b"\x00" in head or head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"{\\rtf")):
        raise UnreadableTracker(f"\u201c{name}\u201d is not a spreadsheet. Save the tracker from "
                                "Excel as .xlsx or CSV and import that.")
    text_start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text_start.startswith((b"<html", b"<!doctype", b"<table", b"<?xml")):
        raise UnreadableTracker(f"\u201c{name}\u201d is a web page or XML file with a spreadsheet "
                                "name, not a real spreadsheet. Open it in Excel, save it as an "
                                "Excel Workbook (.xlsx) or CSV, and import that.")
    if not head.strip(b"\xef\xbb\xbf \t\r\n,;|"):
        raise UnreadableTracker(f"\u201c{name}\u201d has no rows: the file is blank.")
    return "csv"


def _ole_message(path: Path) -> str:
    """Excel writes both password-protected XLSX and old .xls files as OLE compound files."""
    name = path.name
    try:
        with open(path, "rb") as handle:
            data = handle.read(2 * 1024 * 1024)
    except OSError:
        data = b""
    encrypted = "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode(
        "utf-16-le") in data
    old_excel = "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data
    suffix = path.suffix.lower()
    if encrypted or (suffix in (".xlsx", ".xlsm") and not old_excel):
        return (f"\u201c{name}\u201d is password-protected, so it cannot be read. Open it in Excel, "
                "remove the password (File \u203a Info \u203a Protect Workbook \u203a Encrypt with "
                "Password, then clear it) and save it, or save a copy without a password, then "
                "import that copy.")
    if old_excel or suffix == ".xls":
        return (f"\u201c{name}\u201d is in the old Excel 97\u20132003 format (.xls), which cannot be "
                "read. Open it in Excel and save it as an Excel Workbook (.xlsx) or as CSV, then "
                "import that.")
    return (f"\u201c{name}\u201d is an old-style Microsoft Office file, not a spreadsheet that can "
            "be read. Save the tracker from Excel as .xlsx or CSV and import that.")


# --------------------------------------------------------------------------- public API

def list_sheets(path: str | Path) -> list[str]:
    """The names of a workbook's worksheets, in order; ``[]`` for a CSV (one table, no sheets)."""
    path = Path(path)
    if _kind(path) == "csv":
        return []
    book = _open_workbook(path, read_only=True)
    try:
        return [ws.title for ws in book.worksheets]
    finally:
        book.close()


def read_table(path: str | Path, sheet: str | None = None, *, max_rows: int = 100_000,
               header_row: int | None = None,
               cancel: Callable[[], bool] | None = None) -> TrackerTable:
    """Read a tracker's table from a CSV or XLSX file.

    ``sheet`` picks a worksheet (by default the first one with a recognisable
    header). ``header_row`` (1-based) overrides where the header is. More than
    ``max_rows`` data rows is refused with a message. ``cancel`` is polled while
    reading and raises :class:`Cancelled` when it returns True.
    Raises :class:`UnreadableTracker` with a plain message when the file cannot be read.
    """
    path = Path(path)
    if _kind(path) == "csv":
        if sheet:
            raise UnreadableTracker(f"\u201c{path.name}\u201d is a CSV file, which has no sheets "
                                    f"(asked for sheet \u201c{sheet}\u201d).")
        grid = _csv_grid(path, max_rows, cancel)
        return _table_or_error(path, None, grid, header_row, max_rows)
    return _read_workbook(path, sheet, max_rows, header_row, cancel)
