"""read_document's refusals that do not depend on the format, and content sniffing."""

from __future__ import annotations

import pytest

from desktop.domain.errors import UnreadableFile
from desktop.ingest import SUPPORTED_SUFFIXES, read_document
from desktop.ingest.sniff import content_kind


def test_supported_suffixes():
    assert frozenset({".pdf", ".docx", ".txt", ".md", ".html", ".htm"}) == SUPPORTED_SUFFIXES


@pytest.mark.parametrize("name", ["report.pdf", "notes.txt", "plan.docx", "page.html"])
def test_empty_file(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    with pytest.raises(UnreadableFile, match=rf"^{name.replace('.', '[.]')} is empty \(0 bytes\)\.$"):
        read_document(path)


@pytest.mark.parametrize("name, says", [
    ("minutes.doc", "old-style Word document"), ("tracker.xls", "Excel spreadsheet"),
    ("setup.exe", "program"), ("archive.7z", "“.7z”"), ("README", "no file type"),
])
def test_unsupported_types_name_the_supported_ones(tmp_path, name, says):
    path = tmp_path / name
    path.write_bytes(b"something")
    with pytest.raises(UnreadableFile) as caught:
        read_document(path)
    message = str(caught.value)
    assert message.startswith(name) and says in message
    assert "PDF (.pdf)" in message and "Word (.docx)" in message and ".html" in message


def test_missing_file(tmp_path):
    with pytest.raises(UnreadableFile, match=r"gone\.pdf was moved or deleted"):
        read_document(tmp_path / "gone.pdf")


def test_folder_named_like_a_document(tmp_path):
    (tmp_path / "pack.pdf").mkdir()
    with pytest.raises(UnreadableFile, match=r"pack\.pdf is a folder"):
        read_document(tmp_path / "pack.pdf")


def test_file_vanishing_while_read(tmp_path, monkeypatch):
    from desktop.ingest import text_reader

    path = tmp_path / "notes.txt"
    path.write_text("Some notes.", encoding="utf-8")

    def vanish(_path):
        raise FileNotFoundError(2, "No such file or directory")

    monkeypatch.setattr(text_reader, "read_bytes_checked", vanish)
    with pytest.raises(UnreadableFile, match=r"notes\.txt was moved or deleted while it was being read"):
        read_document(path)


def test_unexpected_library_error_is_wrapped(tmp_path, monkeypatch):
    from desktop.ingest import html_reader

    path = tmp_path / "page.html"
    path.write_text("<p>x</p>", encoding="utf-8")
    monkeypatch.setattr(html_reader, "html_to_text", lambda markup: 1 / 0)
    with pytest.raises(UnreadableFile, match=r"page\.html could not be read: the file appears to be damaged"):
        read_document(path)


@pytest.mark.parametrize("head, kind", [
    (b"%PDF-1.7", "pdf"), (b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff\xe1", "jpeg"),
    (b"PK\x03\x04", "zip"), (b"<!DOCTYPE html><html>", "html"), (b"\n  <html lang=en>", "html"),
    (b"Minutes of the meeting", None),
])
def test_content_kind(head, kind):
    assert content_kind(head) == kind
