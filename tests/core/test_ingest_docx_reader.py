"""Word documents: body order, tables, list markers, damaged files."""

from __future__ import annotations

import zipfile

import docx
import pytest

from desktop.domain.documents import PassageKind
from desktop.domain.errors import UnreadableFile
from desktop.ingest import read_document, split_passages


def _report(path):
    document = docx.Document()
    document.core_properties.title = "Corporate parenting board – annual report"
    document.add_heading("Sufficiency of placements", level=1)
    document.add_paragraph("Eastvale has 412 children in care, up from 388 last year.")
    document.add_paragraph("Recruit more foster carers", style="List Number")
    document.add_paragraph("Open two small children’s homes", style="List Number")
    document.add_paragraph("Placements outside the county", style="List Bullet")
    document.add_paragraph("Placements within the county", style="List Bullet")
    table = document.add_table(rows=2, cols=3)
    for cell, value in zip(table.rows[0].cells, ["Measure", "Target", "Actual"], strict=True):
        cell.text = value
    for cell, value in zip(table.rows[1].cells, ["Children in care", "400", "412"], strict=True):
        cell.text = value
    document.add_paragraph("The board will review progress in June.")
    document.save(path)
    return path


def test_paragraphs_tables_and_lists_in_body_order(tmp_path):
    extracted = read_document(_report(tmp_path / "board report.docx"))
    assert extracted.source_format == "docx" and extracted.page_starts == ()
    assert extracted.title_hint == "Corporate parenting board – annual report"
    lines = [line for line in extracted.text.split("\n") if line]
    assert lines == [
        "Sufficiency of placements",
        "Eastvale has 412 children in care, up from 388 last year.",
        "1. Recruit more foster carers",
        "2. Open two small children’s homes",
        "• Placements outside the county",
        "• Placements within the county",
        "Measure\tTarget\tActual",
        "Children in care\t400\t412",
        "The board will review progress in June.",
    ]
    kinds = [(p.kind, p.label) for p in split_passages(extracted.text, ())]
    assert kinds[2:8] == [(PassageKind.NUMBERED, "1"), (PassageKind.NUMBERED, "2"),
                          (PassageKind.BULLET, "1"), (PassageKind.BULLET, "2"),
                          (PassageKind.TABLE_ROW, None), (PassageKind.TABLE_ROW, None)]


def test_merged_cells_are_not_repeated(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=1, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "Quarter 3"
    table.cell(0, 2).text = "Amber"
    path = tmp_path / "rag.docx"
    document.save(path)
    assert read_document(path).text == "Quarter 3\tAmber"


def test_corrupt_docx_says_damaged(tmp_path):
    good = _report(tmp_path / "good.docx").read_bytes()
    path = tmp_path / "broken.docx"
    path.write_bytes(good[: len(good) // 3])
    with pytest.raises(UnreadableFile, match=r"broken\.docx is damaged"):
        read_document(path)


def test_spreadsheet_named_docx(tmp_path):
    path = tmp_path / "tracker.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(UnreadableFile, match=r"tracker\.docx is not a Word document: it is a spreadsheet"):
        read_document(path)


def test_old_word_file_named_docx(tmp_path):
    path = tmp_path / "letter.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    with pytest.raises(UnreadableFile, match=r"letter\.docx is an old-style Word document \(\.doc\)"):
        read_document(path)


def test_docx_with_no_text(tmp_path):
    path = tmp_path / "blank.docx"
    docx.Document().save(path)
    with pytest.raises(UnreadableFile, match=r"blank\.docx is a Word document with no text"):
        read_document(path)
