"""The tables as CSV and XLSX: what Excel (or a colleague with pandas) will find in them."""

from __future__ import annotations

import csv
from datetime import date, datetime

import openpyxl
import pytest

from desktop.domain.errors import UserFacingError
from desktop.export.tables import Column, TableData, write_csv, write_xlsx
from desktop.services import recommendations as recs_service
from desktop.services.exporting import export_table
from tests.export_fixtures import TODAY, sample_workspace


@pytest.fixture
def sample(workspace, tmp_path):
    made = sample_workspace(workspace)
    out = tmp_path / "out"
    out.mkdir()
    return workspace, made, out


def _csv_rows(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_tables_have_a_header_and_one_row_each(sample):
    ws, made, out = sample
    recs = _csv_rows(export_table(ws, "recommendations", out / "recs.csv", today=TODAY))
    assert len(recs) == len(recs_service.list_recommendations(ws))
    first = next(r for r in recs if r["ID"] == str(made["recommendations"][0].id))
    assert first["Recommendation"] == made["recommendations"][0].text
    assert first["Issued"] == "2017-06-13" and first["Evidence: progress"] == "1" and first["Questions"] == "1"
    actions = _csv_rows(export_table(ws, "actions", out / "actions.csv", today=TODAY))
    assert len(actions) == 6
    slipped = next(a for a in actions if a["Reference"] == "2.1")
    assert slipped["Due"] == "2018-09-30" and slipped["Original due"] == "2018-03-31"
    assert slipped["Times moved"] == "1" and slipped["Overdue"] == "yes"
    assert "£20k" in slipped["Latest update"]
    evidence = _csv_rows(export_table(ws, "evidence", out / "evidence.csv"))
    assert len(evidence) == 4
    assert {e["Citation"] for e in evidence} == {e.citation for e in made["evidence"]}
    assert {e["Stance"] for e in evidence} == {"Progress", "Concern", "Context"}


def test_xlsx_has_real_dates_filters_frozen_header_and_sized_columns(sample):
    ws, made, out = sample
    path = export_table(ws, "actions", out / "actions.xlsx", today=TODAY)
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet.title == "Actions"
    headers = [c.value for c in sheet[1]]
    assert headers[:4] == ["ID", "Reference", "Action", "Description"]
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(headers)).column_letter}{sheet.max_row}"
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == 7
    due = sheet.cell(2, headers.index("Due") + 1)
    assert due.is_date and isinstance(due.value, datetime) and due.value.date() == date(2018, 3, 31)
    assert sheet.cell(1, 1).font.bold
    widths = {letter: dim.width for letter, dim in sheet.column_dimensions.items()}
    assert widths["C"] >= 40  # the action's title column is wide
    assert widths["A"] < 10
    evidence = openpyxl.load_workbook(export_table(ws, "evidence", out / "evidence.xlsx")).active
    headers = [c.value for c in evidence[1]]
    assert evidence.cell(2, headers.index("Document date") + 1).is_date


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    table = TableData("Evidence", [Column("quote", "Quote"), Column("when", "When", "date"),
                                   Column("n", "N", "number")],
                      [{"quote": "=HYPERLINK(\"http://x\",\"click\")", "when": date(2018, 6, 8), "n": 3},
                       {"quote": "+44 1452 425000 & <b>£5</b> – “quoted” \x07bell", "when": None, "n": None},
                       {"quote": "x" * 40_000, "when": None, "n": 1}])
    write_xlsx(table, tmp_path / "t.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    assert sheet["A2"].data_type == "s" and sheet["A2"].value.startswith("=HYPERLINK")
    assert sheet["A3"].value == "+44 1452 425000 & <b>£5</b> – “quoted” bell"
    assert len(sheet["A4"].value) == 32_767  # Excel's limit for a cell, with an ellipsis
    assert sheet["B2"].is_date and sheet["B3"].value is None
    write_csv(table, tmp_path / "t.csv")
    rows = _csv_rows(tmp_path / "t.csv")
    assert rows[0]["Quote"].startswith("'=HYPERLINK")  # Excel will not run it
    assert rows[1]["Quote"].startswith("'+44") and "£5" in rows[1]["Quote"]
    assert rows[0]["When"] == "2018-06-08"


def test_an_empty_workspace_gives_tables_with_headers_only(workspace, tmp_path):
    for which in ("recommendations", "actions", "evidence"):
        assert _csv_rows(export_table(workspace, which, tmp_path / f"{which}.csv")) == []
        sheet = openpyxl.load_workbook(export_table(workspace, which, tmp_path / f"{which}.xlsx")).active
        assert sheet.max_row == 1 and sheet.cell(1, 1).value == "ID"


def test_table_names_formats_and_overwriting(sample):
    ws, _, out = sample
    with pytest.raises(UserFacingError, match="not a table"):
        export_table(ws, "judgements", out / "x.csv")
    with pytest.raises(UserFacingError, match=r"\.csv or \.xlsx"):
        export_table(ws, "actions", out / "x.ods")
    target = out / "a.csv"
    target.write_text("mine")
    with pytest.raises(UserFacingError, match="already exists"):
        export_table(ws, "actions", target)
    assert target.read_text() == "mine"
    export_table(ws, "actions", target, overwrite=True)
    assert target.read_bytes().startswith(b"\xef\xbb\xbfID,")
    assert sorted(p.name for p in out.iterdir()) == ["a.csv"]
