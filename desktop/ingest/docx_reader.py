"""Word documents (.docx) -> text, with python-docx.

The body is read in order, paragraphs and tables interleaved as the reader
sees them; a table row becomes one tab-separated line; a list paragraph keeps
its bullet or number. Headers and footers are not part of the body.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from desktop.domain.documents import ExtractedText
from desktop.domain.errors import UnreadableFile
from desktop.ingest import sniff
from desktop.ingest.docx_numbering import ListNumbering
from desktop.ingest.normalise import normalise_plain

_P, _TBL = qn("w:p"), qn("w:tbl")
# A docx is a zip: guard against a zip that inflates to gigabytes.
_MAX_UNPACKED_BYTES = 40 * sniff.MAX_TEXT_CHARS
# Its XML is parsed whole, at about nine bytes of memory per byte: a 4 MB file
# whose document.xml unpacks to 600 MB took 5 GB and minutes. 100 MB of XML is
# several times a thousand-page report.
_MAX_XML_BYTES = 100_000_000


def _check_container(path: Path) -> None:
    head = sniff.read_head(path)
    kind = sniff.content_kind(head)
    if kind == "ole":
        raise UnreadableFile(
            f"{path.name} is an old-style Word document (.doc) with a .docx name. "
            "Open it in Word and save it as .docx or PDF, then import it."
        )
    if kind != "zip":
        if kind is None:
            raise UnreadableFile(
                f"{path.name} is not a Word document: its content is not a .docx package. "
                "It may be damaged or another kind of file renamed .docx."
            )
        raise sniff.mismatch_error(path, kind, head, "Word document")
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        if "word/document.xml" not in names:
            what = "a spreadsheet" if "xl/workbook.xml" in names else (
                "a presentation" if "ppt/presentation.xml" in names else "a zip archive")
            raise UnreadableFile(
                f"{path.name} is not a Word document: it is {what} with a .docx name."
            )
        if sum(info.file_size for info in archive.infolist()) > _MAX_UNPACKED_BYTES:
            raise sniff.too_much_text(path)
        xml_bytes = sum(info.file_size for info in archive.infolist() if info.filename.endswith(".xml"))
        if xml_bytes > _MAX_XML_BYTES:
            raise UnreadableFile(
                f"{path.name} is too large to import: its text and formatting unpack to "
                f"{xml_bytes / 1e6:,.0f} MB, more than Scrutiny Desk reads from one Word document "
                f"({_MAX_XML_BYTES / 1e6:,.0f} MB). Split it into smaller files, or save it as PDF.")


def _cell_text(cell) -> str:
    # A cell may hold several paragraphs; the row must stay on one line.
    return " ".join(" ".join(p.text.split()) for p in cell.paragraphs if p.text.strip())


def _table_lines(table: Table) -> list[str]:
    lines = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is repeated across its span
                continue
            seen.add(id(cell._tc))
            cells.append(_cell_text(cell))
        if any(cells):
            lines.append("\t".join(cells))
    return lines


def _paragraph_line(paragraph: Paragraph, numbering: ListNumbering) -> str:
    text = paragraph.text
    if not text.strip():
        return ""
    marker = numbering.marker(paragraph)
    return f"{marker} {text.strip()}" if marker else text


def _body_lines(document, path: Path) -> list[str]:
    numbering = ListNumbering(document)
    lines: list[str] = []
    chars = 0
    for child in document.element.body.iterchildren():
        if child.tag == _P:
            new = [_paragraph_line(Paragraph(child, document), numbering)]
        elif child.tag == _TBL:
            new = ["", *_table_lines(Table(child, document)), ""]
        else:
            continue
        lines.extend(new)
        chars += sum(len(line) + 1 for line in new)
        if chars > sniff.MAX_TEXT_CHARS:  # stop at the limit, not after reading the rest
            raise sniff.too_much_text(path)
    return lines


def read_docx(path: Path) -> ExtractedText:
    sniff.file_size(path)
    try:
        _check_container(path)
        document = docx.Document(str(path))
        lines = _body_lines(document, path)
        title = sniff.meaningful_title(document.core_properties.title)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, PackageNotFoundError, KeyError, EOFError) as error:
        raise UnreadableFile(
            f"{path.name} is damaged: it cannot be opened as a Word document."
        ) from error
    raw = "\n".join(lines)
    if len(raw) > sniff.MAX_TEXT_CHARS:
        raise sniff.too_much_text(path)
    text = normalise_plain(raw, join_wrapped_lines=False)
    if not text.strip():
        raise UnreadableFile(f"{path.name} is a Word document with no text in it.")
    return ExtractedText(text=text, page_starts=(), source_format="docx", title_hint=title)
