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
"""

from __future__ import annotations

import colorsys
import csv
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from desktop.domain.errors import Cancelled, UnreadableFile
from desktop.trackers.mapping import header_field
from desktop.trackers.values import cell_text

__all__ = ["TrackerTable", "UnreadableTracker", "list_sheets", "read_table"]

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

_OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")


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

    def sample(self, count: int = 50) -> list[list[str]]:
        """The first ``count`` rows' cells, for previews and mapping guesses."""
        return [cells for _number, cells in self.rows[:count]]


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


def _check_workbook_zip(path: Path) -> None:
    """Refuse a cut-off zip, a zip bomb, or a zip that is not a workbook, before openpyxl sees it."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:  # a cut-off download fails here
            infos = archive.infolist()
            names = {info.filename for info in infos}
    except (zipfile.BadZipFile, NotImplementedError, ValueError, EOFError, OSError):
        raise UnreadableTracker(f"\u201c{name}\u201d is damaged: the file is cut off or corrupt. "
                                "Ask for a fresh copy, or open it in Excel and save it again."
                                ) from None
    if "xl/workbook.xml" not in names and not any(n.endswith("/workbook.xml") for n in names):
        raise UnreadableTracker(_not_a_workbook_message(name, names))
    # Sizes as the zip declares them (a zip that lies fails its checksum when read), so a
    # bomb is refused before anything is inflated.
    inflated = sum(info.file_size for info in infos)
    sheets = sum(info.file_size for info in infos if info.filename.startswith("xl/worksheets/"))
    if sheets > MAX_SHEET_XML_BYTES or inflated > 2 * MAX_SHEET_XML_BYTES:
        raise UnreadableTracker(
            f"\u201c{name}\u201d holds {inflated // (1024 * 1024):,} MB of data once unpacked, far "
            "more than an improvement-plan tracker. Save just the plan's sheet as .xlsx or CSV "
            "and import that.")


def _open_workbook(path: Path, *, read_only: bool):
    from openpyxl import load_workbook

    name = path.name
    _check_workbook_zip(path)
    try:
        return load_workbook(path, read_only=read_only, data_only=True)
    except UnreadableTracker:
        raise
    except MemoryError:
        raise UnreadableTracker(f"\u201c{name}\u201d is too large to read on this computer."
                                ) from None
    except Exception as error:  # openpyxl raises many kinds on malformed parts
        raise UnreadableTracker(_damaged_message(name)) from error


def _damaged_message(name: str) -> str:
    return (f"\u201c{name}\u201d could not be read as an Excel workbook: it may be damaged. "
            "Open it in Excel and save it again as .xlsx, then import that.")


def _not_a_workbook_message(name: str, names: set[str]) -> str:
    if any(n.startswith("word/") for n in names):
        what = "a Word document"
    elif any(n.startswith("ppt/") for n in names):
        what = "a PowerPoint presentation"
    elif "mimetype" in names or "content.xml" in names:
        return (f"\u201c{name}\u201d is an OpenDocument file (LibreOffice). Open it and save it as "
                "an Excel Workbook (.xlsx) or CSV, then import that.")
    else:
        what = "a zip archive"
    return f"\u201c{name}\u201d is {what}, not a spreadsheet. Import the tracker as .xlsx or CSV."


def _read_workbook(path: Path, sheet: str | None, max_rows: int, header_row: int | None,
                   cancel: Callable[[], bool] | None) -> TrackerTable:
    # openpyxl's normal mode is needed only for merged cells, and is about twice as slow
    # as streaming. Stream when there are no merges, when the sheets are big, and when
    # there may be too many rows (streaming stops as soon as the limit is passed).
    _check_workbook_zip(path)
    has_merges, xml_bytes, row_count = _workbook_layout(path)
    too_big = xml_bytes > NORMAL_MODE_MAX_XML_BYTES or row_count > max_rows + HEADER_SEARCH_ROWS + 2
    try:
        return _read_book(path, sheet, max_rows, header_row, cancel, streamed=too_big or not has_merges)
    except _NeedsStreaming:
        return _read_book(path, sheet, max_rows, header_row, cancel, streamed=True)


def _read_book(path: Path, sheet: str | None, max_rows: int, header_row: int | None,
               cancel: Callable[[], bool] | None, *, streamed: bool) -> TrackerTable:
    book = _open_workbook(path, read_only=streamed)  # opened once: opening can scan every sheet
    try:
        names = [ws.title for ws in book.worksheets]
        if not names:
            raise UnreadableTracker(f"\u201c{path.name}\u201d has no worksheets.")
        if sheet is not None:
            chosen = _match_sheet(sheet, names)
            if chosen is None:
                listed = ", ".join(f"\u201c{n}\u201d" for n in names)
                raise UnreadableTracker(f"\u201c{path.name}\u201d has no sheet called "
                                        f"\u201c{sheet}\u201d. Its sheets are: {listed}.")
            order = [chosen]
        else:  # visible sheets first: a hidden sheet is usually a lookup list
            hidden = {ws.title for ws in book.worksheets
                      if getattr(ws, "sheet_state", "visible") != "visible"}
            order = [n for n in names if n not in hidden] + [n for n in names if n in hidden]
        themes = _theme_colours(book)
        weak: TrackerTable | None = None
        failures: list[tuple[str | None, Exception]] = []
        for name in order:
            _check_cancel(cancel)
            try:
                grid = _sheet_grid(book[name], path, name, max_rows, themes, cancel, streamed)
            except (UnreadableTracker, Cancelled, MemoryError, _NeedsStreaming):
                raise
            except Exception as error:  # a damaged sheet fails while it is streamed
                raise UnreadableTracker(_damaged_message(path.name)) from error
            try:
                table, strong = _build_table(grid, name, header_row)
            except (_NoHeader, _EmptySheet) as error:
                failures.append((name, error))
                continue
            if strong or sheet is not None:
                return _checked_size(path, table, max_rows)
            weak = weak or table
        if weak is not None:
            return _checked_size(path, weak, max_rows)
    finally:
        book.close()
    raise _sheet_failure(path, failures, names, sheet is not None)


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


def _match_sheet(wanted: str, names: list[str]) -> str | None:
    if wanted in names:
        return wanted
    folded = {n.strip().casefold(): n for n in names}
    return folded.get(wanted.strip().casefold())


def _workbook_layout(path: Path) -> tuple[bool, int, int]:
    """(any merged cells?, bytes of worksheet XML, rows in all worksheets) of a workbook.

    Counts the ``<row`` and ``<mergeCell`` elements openpyxl would read, without
    parsing the sheets, to choose how to read them.
    """
    merges, rows, total = False, 0, 0
    with zipfile.ZipFile(path) as archive:
        sheets = [info for info in archive.infolist()
                  if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")]
        total = sum(info.file_size for info in sheets)
        if total > NORMAL_MODE_MAX_XML_BYTES:
            return True, total, 0
        for info in sheets:
            try:
                with archive.open(info) as member:
                    tail = b""
                    while chunk := member.read(1 << 20):
                        window = tail + chunk
                        merges = merges or b"<mergeCell" in window
                        rows += chunk.count(b"<row ")  # one split across chunks may be missed: harmless
                        tail = chunk[-16:]
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError,
                    NotImplementedError, ValueError):  # corrupt, or a method zipfile lacks
                raise UnreadableTracker(_damaged_message(path.name)) from None
    return merges, total, rows


def _sheet_grid(ws, path: Path, name: str, max_rows: int, themes: list[str],
                cancel: Callable[[], bool] | None, streamed: bool) -> _Grid:
    """The sheet's non-blank rows as text, with fills of empty cells and merged ranges."""
    if streamed:
        ws.reset_dimensions()  # some writers record a wrong size; read every row there is
    elif (ws.max_row or 0) * (ws.max_column or 0) > NORMAL_MODE_MAX_CELLS:
        raise _NeedsStreaming()  # normal mode would make every cell of a vast, sparse sheet
    rows: list[tuple[int, list[str]]] = []
    fills: dict[tuple[int, int], str] = {}
    limit = max_rows + HEADER_SEARCH_ROWS + 2
    wide_rows = 0
    for number, cells in enumerate(ws.iter_rows(), start=1):
        if number % 2000 == 0:
            _check_cancel(cancel)
        if len(cells) > MAX_COLUMNS:
            # Nothing in a tracker lies beyond column ALL; a few stray far cells are ignored,
            # many mean the sheet is not a tracker (and would take ages to read).
            wide_rows += 1
            if wide_rows > 100:
                raise UnreadableTracker(f"\u201c{path.name}\u201d (sheet \u201c{name}\u201d) has "
                                        f"rows wider than {MAX_COLUMNS} columns; it does not look "
                                        "like an improvement-plan tracker.")
            cells = cells[:MAX_COLUMNS]
        texts: list[str] = []
        for column, cell in enumerate(cells):
            value = cell.value
            if value is None:
                colour = _fill_colour(getattr(cell, "fill", None), themes)
                if colour:
                    fills[(number, column)] = colour
                texts.append("")
            else:
                texts.append(cell_text(value))
        while texts and not texts[-1]:
            texts.pop()
        if texts:  # blank rows are not kept: the row numbers say where the gaps are
            rows.append((number, texts))
            if len(rows) > limit:
                raise _too_many_rows(path, name, max_rows)
    merges = []
    if not streamed:
        merges = [(r.min_row, r.min_col, r.max_row, r.max_col) for r in ws.merged_cells.ranges]
    return _Grid(rows, merges, fills)


# --------------------------------------------------------------------------- colours

_THEME_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _theme_colours(book) -> list[str]:
    """RGB of the workbook's theme colours in Excel's index order (lt1, dk1, lt2, dk2, accents)."""
    import xml.etree.ElementTree as ET

    theme = getattr(book, "loaded_theme", None)
    if not theme:
        return []
    try:
        root = ET.fromstring(theme)
    except ET.ParseError:
        return []
    scheme = root.find(f".//{_THEME_NS}clrScheme")
    if scheme is None:
        return []
    colours: list[str] = []
    for slot in scheme:
        value = ""
        for child in slot:
            value = child.get("val" if child.tag.endswith("srgbClr") else "lastClr") or ""
        colours.append(value.upper())
    if len(colours) >= 4:  # the file lists dk1, lt1, dk2, lt2; Excel indexes lt1, dk1, lt2, dk2
        colours[0], colours[1], colours[2], colours[3] = colours[1], colours[0], colours[3], colours[2]
    return colours


def _fill_colour(fill, themes: list[str]) -> str | None:
    """The RRGGBB of a solid cell fill that could be a rating colour (not white/grey/black)."""
    if fill is None or getattr(fill, "fill_type", None) != "solid":
        return None
    colour = getattr(fill, "fgColor", None)
    if colour is None:
        return None
    rgb: str | None = None
    try:
        if colour.type == "rgb" and isinstance(colour.rgb, str):
            rgb = colour.rgb[-6:]
        elif colour.type == "indexed" and colour.indexed is not None:
            from openpyxl.styles.colors import COLOR_INDEX

            if 0 <= colour.indexed < len(COLOR_INDEX):
                rgb = COLOR_INDEX[colour.indexed][-6:]
        elif colour.type == "theme" and colour.theme is not None and colour.theme < len(themes):
            rgb = themes[colour.theme]
    except (AttributeError, TypeError, ValueError):
        return None
    if not rgb or not re.fullmatch(r"[0-9A-Fa-f]{6}", rgb):
        return None
    red, green, blue = (int(rgb[i:i + 2], 16) / 255 for i in (0, 2, 4))
    _hue, saturation, value = colorsys.rgb_to_hsv(red, green, blue)
    if saturation < 0.15 or value < 0.2:
        return None
    return rgb.upper()


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
    return TrackerTable(sheet, filled[first][0], headers, rows, dropped), strong


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
