"""File -> clean text with pages -> passages.

``read_document`` picks a reader by suffix, checks the content is what the
name says, and returns normalised text with page offsets; ``split_passages``
cuts that text into labelled passages. Every problem with a file comes out as
UnreadableFile with a sentence fit to show the user; Cancelled when asked.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from desktop.domain.documents import ExtractedText
from desktop.domain.errors import Cancelled, UnreadableFile
from desktop.ingest.normalise import clean_characters
from desktop.ingest.passages import MAX_PASSAGE_CHARS, split_passages
from desktop.ingest.sniff import (
    MAX_TEXT_CHARS,
    SUPPORTED_SUFFIXES,
    disk_errors_explained,
    file_size,
    unsupported_type,
)

__all__ = [
    "MAX_PASSAGE_CHARS",
    "MAX_TEXT_CHARS",
    "SUPPORTED_SUFFIXES",
    "read_document",
    "split_passages",
]


def _read(path: Path, cancel: Callable[[], bool] | None,
          on_page: Callable[[int, int], None] | None) -> ExtractedText:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise unsupported_type(path)
    file_size(path)  # missing, folder, empty: say so before any reader tries
    if cancel is not None and cancel():
        raise Cancelled()
    if suffix == ".pdf":
        from desktop.ingest.pdf_reader import read_pdf

        return read_pdf(path, cancel=cancel, on_page=on_page)
    if suffix == ".docx":
        from desktop.ingest.docx_reader import read_docx

        return read_docx(path)
    if suffix in (".html", ".htm"):
        from desktop.ingest.html_reader import read_html_file

        return read_html_file(path)
    from desktop.ingest.text_reader import read_text_file

    return read_text_file(path)


def read_document(path: Path, *, cancel: Callable[[], bool] | None = None,
                  on_page: Callable[[int, int], None] | None = None) -> ExtractedText:
    """Read one file into clean text; raises UnreadableFile or Cancelled only."""
    path = Path(path)
    try:
        with disk_errors_explained(path, when="while it was being read"):
            extracted = _read(path, cancel, on_page)
    except (UnreadableFile, Cancelled):
        raise
    except MemoryError as error:
        raise UnreadableFile(f"{path.name} is too large to read into memory.") from error
    except (zipfile.BadZipFile, UnicodeError) as error:
        raise UnreadableFile(f"{path.name} is damaged and cannot be read.") from error
    except Exception as error:  # noqa: BLE001 - a third-party reader choking on a bad file
        # pdfium, python-docx and lxml raise many types for malformed input; the
        # caller's contract is UnreadableFile for any bad file, never a crash.
        raise UnreadableFile(
            f"{path.name} could not be read: the file appears to be damaged."
        ) from error
    # A title from the file's metadata or <title> gets the same cleaning as its text.
    title = " ".join(clean_characters(extracted.title_hint or "").split()) or None
    return replace(extracted, title_hint=title)
