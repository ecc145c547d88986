"""Realistic improvement-plan trackers, written to a path for tests.

Councils circulate their Ofsted improvement plans as spreadsheets of many shapes.
Each ``write_*`` function writes one shape and returns the path it wrote, so any
test (trackers, the import service, the CLI, the window) can build the file it
needs in ``tmp_path``:

- :func:`write_simple_csv` / :func:`write_simple_xlsx`: one column per field
  (:data:`SIMPLE_HEADERS`), rows from :func:`tracker_rows`.
- :func:`write_council_xlsx`: what officers really send: title rows above the
  header, merged header cells ("Progress update" over "Q1"/"Q2"), a recommendation
  merged down over its actions, a section heading merged across the table, Excel
  date cells, blank rows, a RAG column of fill colours only, notes under the
  table, and a second sheet.
- :func:`write_colour_rag_xlsx`: a plain table whose RAG column is colours only.
- :func:`write_cp1252_csv`: a semicolon CSV saved by Excel in Windows-1252.
- :func:`write_large_xlsx`: many rows (50,000 by default) for timing tests.
- bad files: :func:`write_not_a_spreadsheet`, :func:`write_empty`,
  :func:`write_password_protected_xlsx`, :func:`write_truncated_xlsx`,
  :func:`write_old_xls`.

Quarter 2 of the same plan (:func:`tracker_rows` with ``quarter=2``) changes
statuses, a RAG rating, a due date and updates, and adds one action, for re-import
tests. The expected readings of the quarter 1 rows are spelt out in
:data:`EXPECTED_Q1`.
"""

from __future__ import annotations

import csv
import zipfile
from datetime import datetime
from pathlib import Path

# One column per field, as many councils lay out a simple tracker.
SIMPLE_HEADERS = ["Ref", "Ofsted recommendation", "Action", "Lead officer", "Target date",
                  "Status", "RAG", "Progress update"]

_Q1_ROWS: list[dict[str, str]] = [dict(zip(SIMPLE_HEADERS, values, strict=True)) for values in [
    ("1.1", "Rec 1", "Strengthen management oversight of contacts and referrals at the front door",
     "Head of MASH", "31/03/2024", "On track", "Green",
     "New audit tool in place; 42 audits completed in Q1."),
    ("1.2", "Rec 1", "Introduce weekly case mapping for teams with the highest caseloads",
     "Service Manager, Assessment", "30-6-24", "In progress", "Amber",
     "Recruitment of two practice leads is under way."),
    ("2.1", "R2", "Review the quality of supervision recorded on children\u2019s files",
     "Principal Social Worker", "Q2 2024/25", "At risk", "A/G",
     "Supervision policy rewritten; training dates set."),
    ("3.1", "Recs 3-4", "Ensure pathway plans for care leavers are up to date and written with them",
     "Head of Leaving Care", "Sept 2024", "Not started", "", ""),
    ("4.1", "3, 4", "Improve the sufficiency of local placements for children in care",
     "Director of Children\u2019s Services", "Ongoing", "Delayed", "Red",
     "Two homes opened; a third is delayed by planning consent."),
    ("5.1", "Recommendation 5", "Complete return home interviews within 72 hours",
     "Head of Exploitation", "31/13/2023", "Achieved", "Blue",
     "Completed and embedded; 96% within 72 hours."),
    ("5.2", "R5", "Train all social workers in contextual safeguarding",
     "Learning and Development Lead", "31 December 2024", "Awaiting panel", "Purple",
     "Course commissioned."),
]]

# What a reader of the quarter 1 rows should understand (status/RAG/due as values of
# desktop.domain.actions, refs as labels). "Awaiting panel" and "Purple" are not
# statuses or ratings anyone defined, and 31/13/2023 is not a date: those rows are
# imported with flags.
EXPECTED_Q1: list[dict[str, object]] = [
    {"reference": "1.1", "due": "2024-03-31", "status": "on_track", "rag": "green", "refs": ("1",)},
    {"reference": "1.2", "due": "2024-06-30", "status": "on_track", "rag": "amber", "refs": ("1",)},
    {"reference": "2.1", "due": "2024-09-30", "status": "at_risk", "rag": "amber", "refs": ("2",)},
    {"reference": "3.1", "due": "2024-09-30", "status": "not_started", "rag": None,
     "refs": ("3", "4")},
    {"reference": "4.1", "due": None, "status": "off_track", "rag": "red", "refs": ("3", "4")},
    {"reference": "5.1", "due": None, "status": "complete", "rag": "blue", "refs": ("5",)},
    {"reference": "5.2", "due": "2024-12-31", "status": None, "rag": None, "refs": ("5",)},
]


def tracker_rows(quarter: int = 1) -> list[dict[str, str]]:
    """The plan's rows keyed by :data:`SIMPLE_HEADERS`; quarter 2 is the next return.

    Quarter 2: 1.1 is complete (blue), 1.2's target date slipped to 30/09/2024,
    3.1 has started (on track, green, with an update), 4.1 has a new update, and
    a new action 6.1 answers recommendation 6.
    """
    rows = [dict(row) for row in _Q1_ROWS]
    if quarter == 1:
        return rows
    by_ref = {row["Ref"]: row for row in rows}
    by_ref["1.1"].update({"Status": "Complete", "RAG": "Blue",
                          "Progress update": "Audit programme embedded; signed off by board."})
    by_ref["1.2"].update({"Target date": "30/09/2024",
                          "Progress update": "Practice leads start in August; case mapping piloted."})
    by_ref["3.1"].update({"Status": "On track", "RAG": "Green",
                          "Progress update": "Pathway plan template co-produced with care leavers."})
    by_ref["4.1"].update({"Progress update": "Third home now has planning consent."})
    rows.append(dict(zip(SIMPLE_HEADERS, ("6.1", "Rec 6", "Publish a revised local offer for care "
                                          "leavers", "Head of Leaving Care", "Q4 2024/25",
                                          "Not started", "", ""), strict=True)))
    return rows


def write_simple_csv(path: Path, rows: list[dict[str, str]] | None = None, *,
                     encoding: str = "utf-8", delimiter: str = ",") -> Path:
    """A CSV with a header row then one row per action (quarter 1 rows by default)."""
    rows = tracker_rows() if rows is None else rows
    headers = list(rows[0]) if rows else SIMPLE_HEADERS
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=headers, delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return Path(path)


def write_simple_xlsx(path: Path, rows: list[dict[str, str]] | None = None, *,
                      sheet: str = "Action plan") -> Path:
    """An XLSX with the header in row 1 and one row per action; every cell is text."""
    from openpyxl import Workbook

    rows = tracker_rows() if rows is None else rows
    headers = list(rows[0]) if rows else SIMPLE_HEADERS
    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h, "") or None for h in headers])
    book.save(path)
    return Path(path)


# Fill colours as Excel's standard palette gives them (ARGB).
RED_FILL, AMBER_FILL, GREEN_FILL, BLUE_FILL = "FFFF0000", "FFFFC000", "FF00B050", "FF0070C0"


def _fill(colour: str):
    from openpyxl.styles import PatternFill

    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


def write_council_xlsx(path: Path) -> Path:
    """The plan as a council really lays it out (sheet "Improvement Plan", plus a "Key").

    Rows 1-3: a merged title, "Last updated ...", a blank row. Rows 4-5: the header,
    with "Progress update" merged over two columns whose sub-headers are "Q1" and
    "Q2", and the other headers merged down over both rows. Row 6 is a section
    heading merged across the table ("Theme 1: Help and protection"). The
    recommendation cell of actions 1.1 and 1.2 is merged down over both rows.
    Target dates are Excel date cells (one is an Excel date, one the text
    "end of June 2024", one a quarter). The RAG column has no text, only fill
    colours. A blank row sits inside the table, and two notes sit under it.

    Data rows (spreadsheet row numbers): 7 (1.1), 8 (1.2), 10 (2.1), 12 (3.1).
    Expected: headers are "Ref", "Ofsted recommendation", "Action", "Lead officer",
    "Target date", "RAG", "Progress update Q1", "Progress update Q2".
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    ws = book.active
    ws.title = "Improvement Plan"
    ws["A1"] = "Children\u2019s Services Improvement Plan 2024/25"
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:H1")
    ws["A2"] = "Last updated: 14 June 2024"
    headers = ["Ref", "Ofsted recommendation", "Action", "Lead officer", "Target date", "RAG"]
    for col, text in enumerate(headers, start=1):
        ws.cell(row=4, column=col, value=text).font = Font(bold=True)
        ws.merge_cells(start_row=4, start_column=col, end_row=5, end_column=col)
    ws.cell(row=4, column=7, value="Progress update").alignment = Alignment(horizontal="center")
    ws.merge_cells("G4:H4")
    ws["G5"], ws["H5"] = "Q1", "Q2"
    ws["A6"] = "Theme 1: Help and protection"
    ws.merge_cells("A6:H6")

    data = [
        (7, ["1.1", "Rec 1", "Strengthen management oversight at the front door", "Head of MASH",
             datetime(2024, 3, 31), GREEN_FILL, "Audit tool agreed.", "42 audits completed."]),
        (8, ["1.2", None, "Introduce weekly case mapping", "Service Manager, Assessment",
             "end of June 2024", AMBER_FILL, "Recruiting practice leads.", "Leads start in August."]),
        (10, ["2.1", "Recommendation 2", "Review the quality of supervision",
              "Principal Social Worker", datetime(2024, 9, 30), RED_FILL, "Policy drafted.", None]),
        (12, ["3.1", "R3", "Ensure pathway plans are up to date", "Head of Leaving Care",
              "Q3 2024/25", BLUE_FILL, "Complete.", "Embedded."]),
    ]
    for row_number, values in data:
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row_number, column=col)
            if col == 6:
                cell.fill = _fill(value)  # colour only, no text
            else:
                cell.value = value
                if isinstance(value, datetime):
                    cell.number_format = "DD/MM/YYYY"
    ws.merge_cells("B7:B8")  # one recommendation answered by two actions
    ws["A11"] = "Theme 2: Children in care and care leavers"
    ws.merge_cells("A11:H11")
    ws["A15"] = "Key: Blue = complete, Green = on track, Amber = at risk, Red = off track"
    ws["A16"] = "Notes: target dates agreed by the Improvement Board in March 2024."
    key = book.create_sheet("Key")
    key.append(["Colour", "Meaning"])
    for colour, meaning in [("Blue", "Complete"), ("Green", "On track"), ("Amber", "At risk"),
                            ("Red", "Off track")]:
        key.append([colour, meaning])
    book.save(path)
    return Path(path)


def write_colour_rag_xlsx(path: Path) -> Path:
    """Header in row 1 ("No.", "Action", "Owner", "Deadline", "RAG rating"); RAG by fill only.

    Rows 2-5 are filled red, amber (FFC000), green and blue; row 6 has no fill.
    """
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = "Tracker"
    ws.append(["No.", "Action", "Owner", "Deadline", "RAG rating"])
    rows = [("1", "Audit supervision", "PSW", "31/03/2024", RED_FILL),
            ("2", "Refresh threshold guidance", "Head of MASH", "30/04/2024", AMBER_FILL),
            ("3", "Recruit permanent managers", "HR Business Partner", "31/05/2024", GREEN_FILL),
            ("4", "Publish care leavers offer", "Head of Leaving Care", "30/06/2024", BLUE_FILL),
            ("5", "Launch family hubs", "Early Help Lead", "31/07/2024", None)]
    for number, (ref, action, owner, due, colour) in enumerate(rows, start=2):
        ws.append([ref, action, owner, due])
        if colour:
            ws.cell(row=number, column=5).fill = _fill(colour)
    book.save(path)
    return Path(path)


def write_cp1252_csv(path: Path) -> Path:
    """A semicolon-separated CSV in Windows-1252, as Excel saves it on a UK PC.

    Has curly apostrophes, an en dash and a pound sign, and dates in free text.
    """
    rows = [
        ["Action ref", "Action required", "Responsible", "By when", "Update", "Rec ref"],
        ["A1", "Review children\u2019s plans \u2013 all teams", "Head of Service",
         "by end of March 2024", "\u00a3120k agreed for extra capacity", "Rec 1"],
        ["A2", "Audit step-down to early help", "Early Help Lead", "Q1 2024",
         "Audit found 80% appropriate", "R2/R3"],
    ]
    with open(path, "w", encoding="cp1252", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    return Path(path)


def write_large_xlsx(path: Path, n_rows: int = 50_000) -> Path:
    """A plain tracker with ``n_rows`` data rows (header in row 1), written streaming."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    ws = book.create_sheet("Actions")
    ws.append(SIMPLE_HEADERS)
    statuses = ["On track", "At risk", "Complete", "Not started", "Delayed"]
    rags = ["Green", "Amber", "Blue", "", "Red"]
    for n in range(1, n_rows + 1):
        ws.append([f"{n // 10}.{n % 10}", f"Rec {n % 9 + 1}", f"Action number {n} for the plan",
                   f"Officer {n % 40}", datetime(2024, n % 12 + 1, 1), statuses[n % 5],
                   rags[n % 5], f"Update for action {n}"])
    book.save(path)
    return Path(path)


def write_not_a_spreadsheet(path: Path) -> Path:
    """A small PDF, whatever ``path`` is called (e.g. "plan.xlsx")."""
    Path(path).write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n")
    return Path(path)


def write_empty(path: Path) -> Path:
    """A file of zero bytes."""
    Path(path).write_bytes(b"")
    return Path(path)


def write_password_protected_xlsx(path: Path) -> Path:
    """What Excel writes for an XLSX with a password: an OLE compound file, not a zip.

    Starts with the compound-file signature D0CF11E0A1B11AE1; the rest is junk plus
    the UTF-16 stream name "EncryptionInfo" that encrypted workbooks carry.
    """
    signature = bytes.fromhex("D0CF11E0A1B11AE1")
    body = bytes(range(256)) * 8 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 512
    Path(path).write_bytes(signature + body)
    return Path(path)


def write_old_xls(path: Path) -> Path:
    """An Excel 97-2003 .xls (compound file with a "Workbook" stream), in outline only."""
    signature = bytes.fromhex("D0CF11E0A1B11AE1")
    Path(path).write_bytes(signature + b"\x00" * 1024 + "Workbook".encode("utf-16-le")
                           + b"\x00" * 512)
    return Path(path)


def write_truncated_xlsx(path: Path) -> Path:
    """A real XLSX cut off half way, as after a failed download or copy."""
    write_simple_xlsx(path)
    data = Path(path).read_bytes()
    Path(path).write_bytes(data[: len(data) // 2])
    return Path(path)


def write_word_document_as_xlsx(path: Path) -> Path:
    """A zip that is a Word document, not a workbook, saved with a spreadsheet name."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return Path(path)
