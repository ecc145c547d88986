"""PDF import: real Ofsted reports and PDFs generated with reportlab."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas

from desktop.domain.errors import Cancelled, UnreadableFile
from desktop.ingest import read_document, split_passages
from desktop.ingest.pdf_reader import meaningful_title
from tests.samples import BAD_FIXTURES, SAMPLE_PDFS

GLOS_2017 = SAMPLE_PDFS / "gloucestershire-2017-06-13.pdf"
NOT_A_PDF = BAD_FIXTURES / "not-really-a-pdf.pdf"

needs_real = pytest.mark.skipif(not GLOS_2017.exists(), reason="sample PDFs not present")

WIDTH, HEIGHT = A4


def _wrap(text: str, chars: int = 88) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > chars:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines


_TOPICS = ["referrals", "assessments", "strategy meetings", "child protection plans", "private fostering",
           "missing children", "care proceedings", "placement stability", "adoption", "care leavers",
           "personal advisers", "the virtual school", "supervision", "performance data"]
PARAGRAPHS = [
    f"{n}. In Northvale, work on {topic} has improved since the last visit, and social "
    f"workers now record the views of children about {topic}. Managers check plans every "
    "month, although the quality of these checks varies between teams and some children "
    "wait too long for a decision about their care."
    for n, topic in enumerate(_TOPICS, 1)
]


def _paged_pdf(path: Path, paragraphs: list[str], *, header: str = "Northvale Council: "
               "inspection of children's services", encrypt: str | None = None) -> Path:
    """A multi-page report with a running header and "Page N of M" footers."""
    pdf = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt)
    pdf.setTitle("Inspection of Northvale children's services")
    # Lines flow from page to page, so paragraphs run over page breaks.
    flowing = [line for paragraph in paragraphs for line in _wrap(paragraph) + [""]]
    pages = [flowing[i:i + 26] for i in range(0, len(flowing), 26)]
    for number, lines in enumerate(pages, 1):
        pdf.setFont("Helvetica", 9)
        pdf.drawString(2 * cm, HEIGHT - 1.5 * cm, header)
        pdf.drawString(2 * cm, 1.2 * cm, f"Page {number} of {len(pages)}")
        pdf.setFont("Helvetica", 10)
        y = HEIGHT - 3 * cm
        for line in lines:
            if line:
                pdf.drawString(2 * cm, y, line)
            y -= 14 if line else 8
        pdf.showPage()
    pdf.save()
    return path


def test_real_report_has_all_its_pages_and_numbered_paragraphs():
    if not GLOS_2017.exists():
        pytest.skip("sample PDFs not present")
    pages_seen = []
    extracted = read_document(GLOS_2017, on_page=lambda done, total: pages_seen.append((done, total)))
    assert extracted.page_count == 41
    assert pages_seen[-1] == (41, 41) and len(pages_seen) == 41
    assert extracted.source_format == "pdf"
    passages = split_passages(extracted.text, extracted.page_starts)
    numbered = {p.label: p for p in passages if p.kind == "numbered"}
    assert numbered["26"].text.startswith("26. ")
    assert 12 <= numbered["26"].page <= 14
    assert numbered["26"].text.rstrip().endswith((".", ")"))  # the whole paragraph, not a line


@needs_real
def test_recommendations_survive_whole_across_a_page_break():
    extracted = read_document(GLOS_2017)
    passages = split_passages(extracted.text, extracted.page_starts)
    rec12 = next(p for p in passages if p.label == "12" and p.text.startswith("12. Ensure that the quality assurance"))
    # Recommendation 12 starts on page 8 and ends on page 9.
    assert rec12.page == 8
    assert "acted upon to improve outcomes for children." in rec12.text
    labels = [p.label for p in passages if p.page in (8, 9) and p.kind == "numbered"]
    assert labels == [str(n) for n in range(1, 20)]


@needs_real
def test_page_numbers_and_running_headers_are_gone():
    extracted = read_document(GLOS_2017)
    lines = extracted.text.split("\n")
    assert not any(line.strip().isdigit() and len(line.strip()) <= 2 for line in lines)
    barnsley = read_document(SAMPLE_PDFS / "barnsley-2023-10-27.pdf")
    assert barnsley.text.count("Inspection of Barnsley local authority children’s services") == 1
    assert "11 to 15 September 2023 4" not in barnsley.text
    # The first page's own title stays.
    assert barnsley.text.startswith("Inspection of Barnsley local authority children’s services")


@needs_real
def test_pdfium_line_end_hyphens_and_symbol_bullets_become_what_the_reader_sees():
    text = read_document(GLOS_2017).text
    assert "pre-proceedings work" in text
    assert "\ufffe" not in text and "\uf06e" not in text
    assert "• The director of children’s services (DCS) has been in post since August 2011." in text


@needs_real
def test_page_starts_point_at_each_page_text():
    extracted = read_document(GLOS_2017)
    starts = extracted.page_starts
    assert list(starts) == sorted(starts) and starts[0] == 0
    assert extracted.text[starts[7]:].startswith("Recommendations")  # page 8


@needs_real
def test_metadata_title_is_offered_as_a_hint():
    assert read_document(GLOS_2017).title_hint == "Gloucestershire - draft report"


def test_generated_report_drops_header_and_footer_and_keeps_paragraphs(tmp_path):
    path = _paged_pdf(tmp_path / "Northvale report.pdf", PARAGRAPHS)
    extracted = read_document(path)
    assert extracted.page_count >= 3
    assert "Northvale Council: inspection" not in extracted.text
    assert "Page 1 of" not in extracted.text and "Page 2 of" not in extracted.text
    passages = split_passages(extracted.text, extracted.page_starts)
    numbered = [p for p in passages if p.kind == "numbered"]
    assert [p.label for p in numbered] == [str(n) for n in range(1, 15)]
    assert all(p.text == PARAGRAPHS[int(p.label) - 1] for p in numbered)
    assert extracted.title_hint == "Inspection of Northvale children's services"


def test_paragraph_over_a_page_break_is_one_passage(tmp_path):
    long_one = ("7. " + "The council’s edge of care service works with families whose children "
                "might otherwise come into care, and it has prevented some moves. " * 20).strip()
    path = _paged_pdf(tmp_path / "long.pdf", PARAGRAPHS[:5] + [long_one] + PARAGRAPHS[7:9])
    extracted = read_document(path)
    passages = split_passages(extracted.text, extracted.page_starts)
    seven = [p for p in passages if p.label == "7"]
    assert len(seven) == 1 and seven[0].text == long_one
    assert seven[0].page == 1
    assert extracted.page_at(seven[0].end - 1) >= 2  # it really crosses a page break


def test_two_columns_are_read_column_by_column(tmp_path):
    path = tmp_path / "columns.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    left = _wrap("Eastmoor’s fostering service recruited twelve new households this year. " * 6, 40)
    right = _wrap("The youth justice team reduced first-time entrants for the third year. " * 6, 40)
    for column_x, lines in ((2 * cm, left), (11 * cm, right)):
        y = HEIGHT - 3 * cm
        for line in lines:
            pdf.drawString(column_x, y, line)
            y -= 14
    pdf.showPage()
    pdf.save()
    text = read_document(path).text
    assert "Eastmoor’s fostering service recruited twelve new households this year." in text
    assert "The youth justice team reduced first-time entrants for the third year." in text
    assert text.index("Eastmoor") < text.index("youth justice")


def _image_only_pdf(path: Path) -> Path:
    import io
    import struct
    import zlib

    from reportlab.lib.utils import ImageReader

    # A tiny grey PNG, drawn full page: what a scanner produces.
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\x80" * 8 for _ in range(8))
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 0, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.drawImage(ImageReader(io.BytesIO(png)), 0, 0, WIDTH, HEIGHT)
    pdf.showPage()
    pdf.save()
    return path


def test_scanned_pdf_says_ocr_is_needed(tmp_path):
    path = _image_only_pdf(tmp_path / "scan.pdf")
    with pytest.raises(UnreadableFile, match=r"scan\.pdf.*scanned.*OCR"):
        read_document(path)


def test_encrypted_pdf_says_password(tmp_path):
    path = _paged_pdf(tmp_path / "locked.pdf", PARAGRAPHS[:2], encrypt="s3cret")
    with pytest.raises(UnreadableFile, match=r"locked\.pdf.*password"):
        read_document(path)


def test_truncated_pdf_says_incomplete(tmp_path):
    whole = _paged_pdf(tmp_path / "whole.pdf", PARAGRAPHS)
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    with pytest.raises(UnreadableFile, match=r"cut\.pdf is incomplete"):
        read_document(cut)


def test_bit_flipped_pdf_never_crashes(tmp_path):
    data = bytearray(_paged_pdf(tmp_path / "whole.pdf", PARAGRAPHS).read_bytes())
    for step in (97, 389, 1021):
        damaged = bytearray(data)
        for index in range(200, len(damaged) - 200, step):
            damaged[index] ^= 0x5A
        path = tmp_path / f"flipped-{step}.pdf"
        path.write_bytes(bytes(damaged))
        try:
            read_document(path)
        except UnreadableFile as error:
            assert path.name in str(error)


def test_damaged_structure_says_damaged(tmp_path):
    path = tmp_path / "garbled.pdf"
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n")
    with pytest.raises(UnreadableFile, match=r"garbled\.pdf is damaged"):
        read_document(path)


def test_web_page_saved_as_pdf_says_so():
    with pytest.raises(UnreadableFile) as caught:
        read_document(NOT_A_PDF)
    message = str(caught.value)
    assert "not-really-a-pdf.pdf" in message
    assert "web page" in message and ".pdf name" in message
    assert "Report not found" in message


@pytest.mark.parametrize("magic, word", [(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "PNG"),
                                         (b"\xff\xd8\xff\xe0" + b"\x00" * 64, "JPEG")])
def test_image_saved_as_pdf_says_image(tmp_path, magic, word):
    path = tmp_path / "photo.pdf"
    path.write_bytes(magic)
    with pytest.raises(UnreadableFile, match=rf"photo\.pdf .*image \({word}\)"):
        read_document(path)


def test_cancel_between_pages(tmp_path):
    path = _paged_pdf(tmp_path / "report.pdf", PARAGRAPHS)
    seen = []
    with pytest.raises(Cancelled):
        read_document(path, cancel=lambda: len(seen) >= 1, on_page=lambda d, t: seen.append(d))
    assert seen == [1]


def test_odd_file_name_works(tmp_path):
    source = _paged_pdf(tmp_path / "plain.pdf", PARAGRAPHS[:3])
    odd = tmp_path / "Rapport é ü — 2024 (copy).pdf"
    shutil.copy(source, odd)
    assert "1. In Northvale, work on referrals" in read_document(odd).text


@pytest.mark.parametrize("raw, expected", [
    ("Microsoft Word - Scrutiny report.docx", None),
    ("Document1", None),
    ("untitled", None),
    ("CSC_report_v3", None),
    ("Microsoft Word - Annual report of the IRO service", "Annual report of the IRO service"),
    ("Focused visit to Westshire children’s services", "Focused visit to Westshire children’s services"),
    ("", None),
    (None, None),
])
def test_meaningful_title(raw, expected):
    assert meaningful_title(raw) == expected
