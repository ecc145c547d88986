"""Plain text and Markdown files: encodings, binary files, sizes."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.domain.documents import PassageKind
from desktop.domain.errors import UnreadableFile
from desktop.ingest import read_document, sniff, split_passages
from tests.samples import SAMPLES as CORPUS

SAMPLE = "Budget pressure: £1.2m on placements – “significant” says the director’s report.\n"


def test_cp1252_with_pound_and_curly_quotes(tmp_path):
    path = tmp_path / "budget.txt"
    path.write_bytes(SAMPLE.encode("cp1252"))
    extracted = read_document(path)
    assert extracted.text == SAMPLE.strip()
    assert extracted.page_starts == () and extracted.source_format == "text"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-8", "utf-16-le"])
def test_unicode_encodings(tmp_path, encoding):
    path = tmp_path / f"note-{encoding}.txt"
    path.write_bytes(SAMPLE.encode(encoding))
    assert read_document(path).text == SAMPLE.strip()


def test_undecodable_bytes_never_crash(tmp_path):
    path = tmp_path / "odd.txt"
    path.write_bytes(b"Caseloads are high \x81\x8d\x9d and rising.\n")
    assert read_document(path).text.startswith("Caseloads are high")


def test_markdown_headings_and_lists(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("# Questions for the DCS\n\nWhy are re-referrals rising in\nthe east locality?\n\n"
                    "- Ask about agency staff\n- Ask about caseloads\n", encoding="utf-8")
    extracted = read_document(path)
    kinds = [(p.kind, p.label) for p in split_passages(extracted.text, extracted.page_starts)]
    assert kinds == [(PassageKind.HEADING, None), (PassageKind.PARAGRAPH, None),
                     (PassageKind.BULLET, "1"), (PassageKind.BULLET, "2")]
    assert "Why are re-referrals rising in the east locality?" in extracted.text


@pytest.mark.parametrize(("name", "content", "message"), [
    ("data.txt", bytes(range(256)) * 10, r"data\.txt is not a text file.*binary"),
    ("minutes.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", r"minutes\.txt is not a text file: it is really a PDF"),
    ("blank.txt", b"  \n\n \t\n", r"blank\.txt contains no text"),
], ids=["binary", "pdf-named-txt", "blank"])
def test_file_that_is_not_text_is_refused_saying_why(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableFile, match=message):
        read_document(path)


def test_huge_text_file_is_refused_without_reading_it(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: 100 MB on paper, nothing on disk
        handle.truncate(100_000_000)

    def must_not_read(*args, **kwargs):
        raise AssertionError("the whole file was read")

    monkeypatch.setattr(Path, "read_bytes", must_not_read)
    opened = []
    real_open = Path.open
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: opened.append(self) or real_open(self, *a, **k))
    with pytest.raises(UnreadableFile, match=r"huge\.txt is too large to import \(100 MB\).*20,000,000 characters"):
        read_document(path)
    assert opened == []


def test_text_over_the_character_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(sniff, "MAX_TEXT_CHARS", 1_000)
    path = tmp_path / "long.txt"
    path.write_text("Children’s services. " * 100, encoding="utf-8")
    with pytest.raises(UnreadableFile, match=r"long\.txt is too large.*1,000 characters"):
        read_document(path)


@pytest.mark.skipif(not CORPUS.exists(), reason="corpus not present")
def test_corpus_texts_read_and_keep_their_tables():
    report = read_document(CORPUS / "004_officer-report-to-scrutiny-2023.txt").text
    assert "<p>" not in report and "</p>" not in report
    assert "Purpose of Report:\tTo appraise Children and Families Overview and Scrutiny Committee" in report
    inspection = read_document(CORPUS / "000_gloucestershire-inspection-2017.txt").text
    assert "<http://eepurl.com/iTrDn>" in inspection


def test_garbage_behind_a_byte_order_mark_is_refused(tmp_path):
    from desktop.domain.errors import UnreadableFile
    from desktop.ingest import read_document

    path = tmp_path / "weird.txt"
    path.write_bytes(b"\xff\xfe\x00\x00" + b"garbage")
    with pytest.raises(UnreadableFile, match="could not be read as text"):
        read_document(path)
