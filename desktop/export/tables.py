"""Writing a table (recommendations, actions, evidence) as CSV or XLSX with pandas and openpyxl.

CSV is UTF-8 with a byte-order mark so Excel reads £ and curly quotes; XLSX has
real dates, a bold frozen header row, filters on and columns sized to fit.
Text that a spreadsheet would run as a formula (=, +, -, @ first) is kept as
text: in CSV behind an apostrophe, in XLSX as a string cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from desktop.export.text import ELLIPSIS

EXCEL_CELL_LIMIT = 32_767  # characters Excel keeps in one cell
MAX_WIDTH = 60  # characters: wider text wraps instead
DATE_FORMAT = "d mmm yyyy"
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # openpyxl refuses these
_FORMULA_START = ("=", "+", "-", "@")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = "text"  # text | date | number | bool
    width: int | None = None  # characters; None sizes to the content


@dataclass
class TableData:
    name: str  # shown as the sheet name
    columns: list[Column]
    rows: list[dict[str, object]] = field(default_factory=list)


def _text(value: object) -> str:
    text = _ILLEGAL.sub("", "" if value is None else str(value))
    if len(text) > EXCEL_CELL_LIMIT:
        text = text[:EXCEL_CELL_LIMIT - 1] + ELLIPSIS
    return text


def _cell(column: Column, value: object) -> object:
    if value is None or value == "":
        return None
    if column.kind == "date":
        if isinstance(value, datetime):
            return value.date()
        return value if isinstance(value, date) else None
    if column.kind == "number":
        return value
    if column.kind == "bool":
        return "yes" if value else "no"
    return _text(value)


def frame(table: TableData):
    import pandas as pd

    data = {c.header: [_cell(c, row.get(c.key)) for row in table.rows] for c in table.columns}
    return pd.DataFrame(data, columns=[c.header for c in table.columns])


def _csv_safe(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_csv(table: TableData, path: Path) -> None:
    df = frame(table)
    for column in table.columns:
        if column.kind == "text":
            df[column.header] = df[column.header].map(_csv_safe)
        elif column.kind == "date":
            df[column.header] = df[column.header].map(lambda d: d.isoformat() if d else None)
    df.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\r\n")


def _width(column: Column, values: list[object]) -> float:
    if column.width:
        return column.width
    if column.kind == "date":
        return 13
    longest = max([len(column.header)] + [len(str(v)) for v in values[:2000] if v is not None])
    return min(MAX_WIDTH, max(8, longest + 2))


def write_xlsx(table: TableData, path: Path) -> None:
    import pandas as pd
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    df = frame(table)
    sheet = table.name[:31] or "Sheet1"
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        df.to_excel(writer, sheet_name=sheet, index=False)
        ws = writer.sheets[sheet]
        header_font = Font(bold=True)
        header_fill = PatternFill("solid", fgColor="DDE4EC")
        for n, column in enumerate(table.columns, start=1):
            letter = get_column_letter(n)
            head = ws.cell(row=1, column=n)
            head.font, head.fill = header_font, header_fill
            values = df[column.header].tolist()
            width = _width(column, values)
            ws.column_dimensions[letter].width = width
            for row in range(2, len(values) + 2):
                cell = ws.cell(row=row, column=n)
                if column.kind == "date" and cell.value is not None:
                    cell.number_format = DATE_FORMAT
                elif column.kind == "text" and isinstance(cell.value, str):
                    # openpyxl reads a leading "=" as a formula: document text is never run.
                    if cell.data_type == "f":
                        cell.data_type = "s"
                    if len(cell.value) > width:
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{max(1, len(df) + 1)}"


def write_table(table: TableData, path: Path) -> None:
    """CSV or XLSX by the file's suffix."""
    if path.suffix.lower() == ".xlsx":
        write_xlsx(table, path)
    else:
        write_csv(table, path)
