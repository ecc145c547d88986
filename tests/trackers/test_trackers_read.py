"""Reading tracker files of realistic shapes, and refusing bad ones plainly."""

from __future__ import annotations

import time

import pytest

from desktop.domain.errors import Cancelled, UserFacingError
from desktop.trackers.read import UnreadableTracker, list_sheets, read_table
from tests import tracker_files as tf


def test_simple_csv_one_column_per_field(tmp_path):
    table = read_table(tf.write_simple_csv(tmp_path / "plan.csv"))
    assert table.sheet is None
    assert table.header_row == 1
    assert table.headers == tf.SIMPLE_HEADERS
    assert [n for n, _ in table.rows] == [2, 3, 4, 5, 6, 7, 8]
    first = dict(zip(table.headers, table.rows[0][1], strict=False))
    assert first["Action"].startswith("Strengthen management oversight")
    assert first["Target date"] == "31/03/2024"
    assert table.dropped == []
    assert list_sheets(tmp_path / "plan.csv") == []


def test_simple_xlsx(tmp_path):
    path = tf.write_simple_xlsx(tmp_path / "plan.xlsx")
    assert list_sheets(path) == ["Action plan"]
    table = read_table(path)
    assert table.sheet == "Action plan"
    assert table.headers == tf.SIMPLE_HEADERS
    assert len(table.rows) == 7
    # An empty RAG cell stays empty (not "None").
    assert dict(zip(table.headers, table.rows[3][1], strict=False))["RAG"] == ""


def test_council_layout_title_rows_merged_headers_headings_and_notes(tmp_path):
    path = tf.write_council_xlsx(tmp_path / "council.xlsx")
    assert list_sheets(path) == ["Improvement Plan", "Key"]
    table = read_table(path)
    assert table.sheet == "Improvement Plan"
    assert table.header_row == 4
    assert table.headers == ["Ref", "Ofsted recommendation", "Action", "Lead officer", "Target date",
                             "RAG", "Progress update Q1", "Progress update Q2"]
    rows = {n: dict(zip(table.headers, cells, strict=False)) for n, cells in table.rows}
    assert list(rows) == [7, 8, 10, 12]  # blank row 9 gone, headings and notes left out
    # The recommendation merged over rows 7-8 belongs to both actions.
    assert rows[8]["Ofsted recommendation"] == "Rec 1"
    # Excel date cells come through as ISO dates; text dates stay as written.
    assert rows[7]["Target date"] == "2024-03-31"
    assert rows[8]["Target date"] == "end of June 2024"
    # The RAG column has only fill colours.
    assert [rows[n]["RAG"] for n in (7, 8, 10, 12)] == ["00B050", "FFC000", "FF0000", "0070C0"]
    assert rows[10]["Progress update Q2"] == ""
    dropped = dict(table.dropped)
    assert "heading across the table" in dropped[6] and "Theme 1" in dropped[6]
    assert "Theme 2" in dropped[11]
    assert "note under the table" in dropped[15] and "Key" in dropped[15]
    assert 16 in dropped


def test_other_sheets_can_be_chosen(tmp_path):
    path = tf.write_council_xlsx(tmp_path / "council.xlsx")
    table = read_table(path, "Key")
    assert table.headers == ["Colour", "Meaning"]
    assert len(table.rows) == 4
    assert read_table(path, "key").sheet == "Key"  # case does not matter


def test_first_sheet_without_a_table_is_passed_over(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Contents"
    book.active["A1"] = "Children's services improvement plan: contents"
    plan = book.create_sheet("Plan")
    plan.append(["Action", "Owner", "Deadline"])
    plan.append(["Audit supervision", "PSW", "31/03/2024"])
    book.save(tmp_path / "plan.xlsx")
    table = read_table(tmp_path / "plan.xlsx")
    assert table.sheet == "Plan" and table.rows == [(2, ["Audit supervision", "PSW", "31/03/2024"])]


def test_rag_column_of_colours_only(tmp_path):
    table = read_table(tf.write_colour_rag_xlsx(tmp_path / "rag.xlsx"))
    assert table.headers == ["No.", "Action", "Owner", "Deadline", "RAG rating"]
    assert [cells[4] for _, cells in table.rows] == ["FF0000", "FFC000", "00B050", "0070C0", ""]


def test_theme_colour_fills_are_read_through_the_theme(tmp_path):
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill
    from openpyxl.styles.colors import Color

    book = Workbook()
    ws = book.active
    ws.append(["Action", "Owner", "RAG"])
    ws.append(["Audit supervision", "PSW", None])
    ws.append(["Refresh guidance", "Head of MASH", None])
    # openpyxl saves the Office 2007 theme: accent 3 (index 6) is 9BBB59, a green, and
    # accent 6 (index 9) is F79646, an orange. Other themes give other colours.
    ws["C2"].fill = PatternFill(fill_type="solid", fgColor=Color(theme=6))
    ws["C3"].fill = PatternFill(fill_type="solid", fgColor=Color(theme=9))
    book.save(tmp_path / "theme.xlsx")
    from desktop.trackers.values import parse_rag

    rows = read_table(tmp_path / "theme.xlsx").rows
    assert rows[0][1][2] == "9BBB59" and parse_rag(rows[0][1][2]) == "green"
    assert rows[1][1][2] == "F79646" and parse_rag(rows[1][1][2]) == "amber"


def test_highlighted_rows_do_not_put_colours_in_text_columns(tmp_path):
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    book = Workbook()
    ws = book.active
    ws.append(["Action", "Owner", "Comments"])
    ws.append(["Audit supervision", "PSW", None])
    for cell in ws[2]:
        cell.fill = PatternFill(fill_type="solid", fgColor="FF00B050")
    book.save(tmp_path / "highlight.xlsx")
    assert read_table(tmp_path / "highlight.xlsx").rows[0][1] == ["Audit supervision", "PSW", ""]


def test_cp1252_semicolon_csv(tmp_path):
    table = read_table(tf.write_cp1252_csv(tmp_path / "plan.csv"))
    assert table.headers == ["Action ref", "Action required", "Responsible", "By when", "Update",
                             "Rec ref"]
    first = table.rows[0][1]
    assert first[1] == "Review children\u2019s plans \u2013 all teams"
    assert first[4] == "\u00a3120k agreed for extra capacity"


def test_utf8_bom_and_utf16_csv(tmp_path):
    tf.write_simple_csv(tmp_path / "bom.csv", encoding="utf-8-sig")
    assert read_table(tmp_path / "bom.csv").headers[0] == "Ref"
    tf.write_simple_csv(tmp_path / "u16.txt", encoding="utf-16", delimiter="\t")
    table = read_table(tmp_path / "u16.txt")
    assert table.headers == tf.SIMPLE_HEADERS and len(table.rows) == 7


def test_csv_with_title_lines_blank_rows_and_notes(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text(
        "Improvement plan 2024,,,\n"
        "Updated 1 May 2024,,,\n"
        ",,,\n"
        "Action,Lead officer,Target date,RAG\n"
        "Audit supervision,PSW,31/03/2024,Green\n"
        ",,,\n"
        "\"Refresh threshold\nguidance\",Head of MASH,Q1 2024,Amber\n"
        ",,,\n"
        "Key: G = on track,,,\n", encoding="utf-8")
    table = read_table(path)
    assert table.header_row == 4
    assert table.headers == ["Action", "Lead officer", "Target date", "RAG"]
    assert [n for n, _ in table.rows] == [5, 7]
    assert table.rows[1][1][0] == "Refresh threshold\nguidance"
    assert [n for n, _ in table.dropped] == [9]


def test_a_header_row_can_be_given(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("Thing,Person,When\nAudit,PSW,31/03/2024\n", encoding="utf-8")
    assert read_table(path).headers == ["Thing", "Person", "When"]
    assert read_table(path, header_row=2).rows == []


def test_columns_without_headers_get_letters(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("Action,Owner,\nAudit,PSW,extra note\n", encoding="utf-8")
    assert read_table(path).headers == ["Action", "Owner", "Column C"]


# ---------------------------------------------------------------- bad files

def _message(path, **kwargs) -> str:
    with pytest.raises(UnreadableTracker) as caught:
        read_table(path, **kwargs)
    assert isinstance(caught.value, UserFacingError)
    return str(caught.value)


def test_not_a_spreadsheet(tmp_path):
    message = _message(tf.write_not_a_spreadsheet(tmp_path / "plan.xlsx"))
    assert "plan.xlsx" in message and "PDF" in message and "not a spreadsheet" in message
    (tmp_path / "pic.csv").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    assert "not a spreadsheet" in _message(tmp_path / "pic.csv")


def test_empty_file(tmp_path):
    assert "empty" in _message(tf.write_empty(tmp_path / "plan.csv"))
    assert "empty" in _message(tf.write_empty(tmp_path / "plan.xlsx"))
    (tmp_path / "blank.csv").write_text("\n\n  \n", encoding="utf-8")
    assert "no rows" in _message(tmp_path / "blank.csv")


def test_password_protected_xlsx(tmp_path):
    path = tf.write_password_protected_xlsx(tmp_path / "plan.xlsx")
    message = _message(path)
    assert "password-protected" in message and "without a password" in message
    with pytest.raises(UnreadableTracker, match="password"):
        list_sheets(path)


def test_old_xls(tmp_path):
    message = _message(tf.write_old_xls(tmp_path / "plan.xls"))
    assert ".xls" in message and "save it as" in message and ".xlsx" in message


def test_truncated_xlsx(tmp_path):
    message = _message(tf.write_truncated_xlsx(tmp_path / "plan.xlsx"))
    assert "damaged" in message


def test_word_document_named_xlsx(tmp_path):
    assert "Word document" in _message(tf.write_word_document_as_xlsx(tmp_path / "plan.xlsx"))


def test_missing_sheet_lists_the_sheets(tmp_path):
    path = tf.write_council_xlsx(tmp_path / "council.xlsx")
    message = _message(path, sheet="Actions")
    assert "no sheet called \u201cActions\u201d" in message
    assert "\u201cImprovement Plan\u201d" in message and "\u201cKey\u201d" in message
    assert "no sheets" in _message(tf.write_simple_csv(tmp_path / "p.csv"), sheet="Actions")


def test_no_header_row(tmp_path):
    path = tmp_path / "numbers.csv"
    path.write_text("\n".join(str(n) for n in range(50)), encoding="utf-8")
    assert "No header row" in _message(path)


def test_missing_file(tmp_path):
    assert "could not be found" in _message(tmp_path / "gone.xlsx")


def test_too_many_rows(tmp_path):
    rows = tf.tracker_rows() * 3
    csv_path = tf.write_simple_csv(tmp_path / "plan.csv", rows)
    assert "more than 10 rows" in _message(csv_path, max_rows=10)
    xlsx_path = tf.write_simple_xlsx(tmp_path / "plan.xlsx", rows)
    assert "more than 10 rows" in _message(xlsx_path, max_rows=10)
    assert len(read_table(xlsx_path, max_rows=21).rows) == 21


def test_cancel(tmp_path):
    path = tf.write_simple_xlsx(tmp_path / "plan.xlsx")
    with pytest.raises(Cancelled):
        read_table(path, cancel=lambda: True)


@pytest.mark.slow
def test_fifty_thousand_rows_in_a_sane_time(tmp_path):
    path = tf.write_large_xlsx(tmp_path / "big.xlsx", 50_000)
    started = time.perf_counter()
    table = read_table(path)
    elapsed = time.perf_counter() - started
    assert len(table.rows) == 50_000
    assert table.rows[-1][0] == 50_001
    assert table.rows[-1][1][2] == "Action number 50000 for the plan"
    assert elapsed < 90, f"reading 50,000 rows took {elapsed:.0f} s"
    # Over the limit, the refusal comes quickly (streaming stops at the limit).
    started = time.perf_counter()
    with pytest.raises(UnreadableTracker, match="more than 1,000 rows"):
        read_table(path, max_rows=1000)
    assert time.perf_counter() - started < elapsed


# ---------------------------------------------------------------- hostile input

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_csv_text = st.lists(
    st.lists(st.one_of(st.text(max_size=30), st.sampled_from(
        ["Action", "Owner", "Target date", "RAG", "Status", '"', '""', "\r", "\n", ";", "\t"])),
        max_size=8),
    max_size=25)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_csv_text, st.sampled_from([",", ";", "\t", "|"]), st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_any_text_file_reads_or_is_refused_plainly(tmp_path, rows, delimiter, encoding):
    from desktop.trackers.mapping import guess_mapping
    from desktop.trackers.rows import parse_rows

    path = tmp_path / "fuzz.csv"
    text = "\n".join(delimiter.join(cells) for cells in rows)
    path.write_bytes(text.encode(encoding, errors="replace"))
    try:
        table = read_table(path)
    except UnreadableTracker as error:
        assert str(error)
        return
    assert all(len(cells) == len(table.headers) for _, cells in table.rows)
    parse_rows(table, guess_mapping(table.headers, table.sample()))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=3000), st.sampled_from(["x.xlsx", "x.csv", "x.xls"]))
def test_any_bytes_read_or_are_refused_plainly(tmp_path, data, name):
    path = tmp_path / name
    path.write_bytes(data)
    try:
        read_table(path)
    except UnreadableTracker as error:
        assert str(error)


@pytest.fixture(scope="module")
def council_bytes(tmp_path_factory):
    return tf.write_council_xlsx(tmp_path_factory.mktemp("good") / "good.xlsx").read_bytes()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(min_value=1, max_value=10_000), st.binary(min_size=1, max_size=64))
def test_damaged_workbooks_are_refused_plainly(tmp_path, council_bytes, cut, junk):
    good = council_bytes
    path = tmp_path / "bad.xlsx"
    position = cut % len(good)
    path.write_bytes(good[:position] + junk + good[position + len(junk):])
    try:
        read_table(path)
    except UnreadableTracker as error:
        assert str(error)


def test_a_title_merged_over_the_first_columns_is_not_part_of_the_header(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws["A1"] = "Children's Services Improvement Plan 2024/25"
    ws.merge_cells("A1:C1")
    ws.append(["Ref", "Action", "Owner", "Deadline", "RAG"])
    ws.append(["1.1", "Audit supervision", "PSW", "31/03/2024", "Green"])
    book.save(tmp_path / "title.xlsx")
    table = read_table(tmp_path / "title.xlsx")
    assert table.header_row == 2
    assert table.headers == ["Ref", "Action", "Owner", "Deadline", "RAG"]


def test_quarter_groups_over_rag_and_update(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.append(["Ref", "Action", "Quarter 1", None, "Quarter 2", None])
    ws.merge_cells("C1:D1")
    ws.merge_cells("E1:F1")
    ws.append([None, None, "RAG", "Update", "RAG", "Update"])
    ws.merge_cells("A1:A2")
    ws.merge_cells("B1:B2")
    ws.append(["1.1", "Audit supervision", "Amber", "Started", "Green", "Done half"])
    book.save(tmp_path / "groups.xlsx")
    table = read_table(tmp_path / "groups.xlsx")
    assert table.headers == ["Ref", "Action", "Quarter 1 RAG", "Quarter 1 Update", "Quarter 2 RAG",
                             "Quarter 2 Update"]
    assert table.rows == [(3, ["1.1", "Audit supervision", "Amber", "Started", "Green", "Done half"])]


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path):
    import zipfile

    path = tf.write_simple_xlsx(tmp_path / "plan.xlsx")
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path) as good, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for info in good.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                out.writestr(info.filename, good.read(info.filename))
        with out.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"<row><c><v>1</v></c></row>" * 40_000
            for _ in range(260 * 1024 * 1024 // len(chunk) + 1):
                member.write(chunk)
    started = time.perf_counter()
    assert "MB of data once unpacked" in _message(bomb)
    with pytest.raises(UnreadableTracker, match="once unpacked"):
        list_sheets(bomb)
    assert time.perf_counter() - started < 5
