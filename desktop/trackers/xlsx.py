"""Reading an XLSX tracker with openpyxl: checks, sheet choice, cells and fill colours.

The zip is checked first (cut off, a bomb, or not a workbook at all). A workbook
is read in openpyxl's normal mode only when it has merged cells and is small
enough; otherwise it is streamed in read-only mode and its merges are left
unfilled. Each sheet becomes a raw grid of text with the colours of its empty
cells (colour-only RAG columns), and :mod:`desktop.trackers.header_row` finds
the table in it.
"""

from __future__ import annotations

import colorsys
import re
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from desktop.domain.errors import Cancelled
from desktop.trackers.header_row import _build_table, _checked_size, _sheet_failure
from desktop.trackers.table import (
    HEADER_SEARCH_ROWS,
    MAX_COLUMNS,
    MAX_SHEET_XML_BYTES,
    NORMAL_MODE_MAX_CELLS,
    NORMAL_MODE_MAX_XML_BYTES,
    TrackerTable,
    UnreadableTracker,
    _check_cancel,
    _EmptySheet,
    _Grid,
    _NeedsStreaming,
    _NoHeader,
    _too_many_rows,
)
from desktop.trackers.values import cell_text


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
