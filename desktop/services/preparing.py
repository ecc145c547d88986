"""Turn a file into documents ready to write: the slow, database-free half of an import.

Everything here is pure (no workspace), so it can run in worker processes
while the importer writes earlier files, in order, on its own connection.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from desktop.domain.documents import DocumentMetadata, ExtractedText
from desktop.domain.errors import Cancelled, UserFacingError
from desktop.domain.ocr_text import OcrPage
from desktop.extract import agenda, duplicates
from desktop.extract.findings import extract_findings
from desktop.extract.metadata import detect_metadata
from desktop.ingest import read_document, split_passages
from desktop.storage.documents import NewDocument

CancelCheck = Callable[[], bool]


@dataclass(frozen=True, slots=True)
class PreparedFile:
    """One file's documents, ready to write: its pack (or None) and its papers."""

    sha256: str
    pack: NewDocument | None
    papers: list[NewDocument]
    page_count: int
    blank_pages: list[int]


def prepare_file(path: Path, sha256: str, *, cancel: CancelCheck | None = None,
                 on_page: Callable[[int, int], None] | None = None) -> PreparedFile:
    """Read, split and describe one file; raises UnreadableFile or Cancelled."""
    extracted = read_document(path, cancel=cancel, on_page=on_page)
    pack, papers = _prepare(path, sha256, extracted, cancel)
    return PreparedFile(sha256, pack, papers, extracted.page_count, pages_without_text(extracted))


def prepare_in_worker(path: str, sha256: str) -> PreparedFile | str:
    """``prepare_file`` for a worker process: a failure comes back as its message."""
    try:
        return prepare_file(Path(path), sha256)
    except UserFacingError as error:
        return str(error)
    except Exception as error:  # reported to the user as an unexpected problem in one file
        return unexpected_problem(Path(path), error)


def unexpected_problem(path: Path, error: Exception) -> str:
    return (f"{path.name} could not be imported because of an unexpected problem "
            "; nothing was kept from it.")


def _child_page_starts(page_starts: tuple[int, ...], start: int, end: int) -> tuple[int, ...]:
    """Page offsets relative to a slice, keeping absolute page numbers (see split_passages)."""
    return tuple(max(0, s - start) for s in page_starts if s < end)


def _page_span(extracted: ExtractedText, start: int, end: int) -> tuple[int | None, int]:
    first = extracted.page_at(start)
    if first is None:
        return None, 0
    last = extracted.page_at(max(start, end - 1)) or first
    return first, last - first + 1


def _with_fallback_title(metadata: DocumentMetadata, fallback: str) -> DocumentMetadata:
    if metadata.title.strip():
        return metadata
    return replace(metadata, title=fallback)


def _paper(text: str, page_starts: tuple[int, ...], pages: int, metadata: DocumentMetadata,
           common: dict, **placement) -> NewDocument:
    """Everything about one paper that can be worked out before the transaction opens."""
    fingerprint = duplicates.fingerprint(text)
    passages = split_passages(text, page_starts)
    return NewDocument(
        metadata=metadata, text=text, page_starts=page_starts, pages=pages,
        passages=passages, fingerprint=fingerprint,
        band_keys=tuple(duplicates.band_keys(fingerprint)),
        findings=extract_findings(passages, metadata), **common, **placement)


def _prepare(path: Path, sha256: str, extracted: ExtractedText, cancel: CancelCheck | None
             ) -> tuple[NewDocument | None, list[NewDocument]]:
    """The pack (or None) and its papers, ready to write; the slow work happens here."""
    common: dict[str, Any] = {"sha256": sha256, "source": display_path(path),
              "source_format": extracted.source_format}
    if extracted.needs_ocr:  # held with its pages, no text, until OCR reads it
        title = extracted.title_hint or path.stem
        return None, [NewDocument(metadata=DocumentMetadata(title=title), text="",
                                  page_starts=extracted.page_starts, pages=extracted.page_count,
                                  passages=[], needs_ocr=True, **common)]
    parts = agenda.split_agenda_pack(extracted.text)
    if not parts:
        metadata = detect_metadata(extracted.text, extracted.title_hint)
        return None, [_paper(extracted.text, extracted.page_starts, extracted.page_count,
                             _with_fallback_title(metadata, path.stem), common,
                             ocr_pages=extracted.ocr_pages)]
    pack_meta = agenda.detect_pack_metadata(extracted.text, parts)
    pack = NewDocument(metadata=_with_fallback_title(pack_meta, path.stem),
                       pages=extracted.page_count, text="", page_starts=(), passages=[],
                       ocr_pages=extracted.ocr_pages, **common)
    papers = []
    for position, part in enumerate(parts):
        if cancel and cancel():
            raise Cancelled()
        text = extracted.text[part.start:part.end]
        first_page, pages = _page_span(extracted, part.start, part.end)
        metadata = detect_metadata(text)
        if metadata.authority is None:  # a paper in a pack is about the pack's council
            metadata = replace(metadata, authority=pack_meta.authority)
        if metadata.date is None:  # undated in itself: it is the paper of the pack's meeting
            metadata = replace(metadata, date=pack_meta.date)
        papers.append(_paper(
            text, _child_page_starts(extracted.page_starts, part.start, part.end), pages,
            _with_fallback_title(metadata, f"{path.stem}, paper {position + 1}"), common,
            position=position, pack_page_start=first_page, parent_id=-1,
            ocr_pages=_pages_within(extracted.ocr_pages, first_page, pages)))
    return pack, papers


def _pages_within(ocr_pages: tuple[OcrPage, ...], first: int | None, count: int
                  ) -> tuple[OcrPage, ...]:
    """The OCR pages of one paper of a pack (pack page numbers, as its passages hold)."""
    if first is None:
        return ()
    return tuple(page for page in ocr_pages if first <= page.page < first + count)


def display_path(path: Path) -> str:
    """The path as text that can always be stored (undecodable bytes become �)."""
    return os.fsencode(path.absolute()).decode("utf-8", "replace")


def pages_without_text(extracted: ExtractedText) -> list[int]:
    """Pages that gave no text (an empty page starts where the next one does)."""
    ends = extracted.page_starts[1:] + (len(extracted.text),)
    return [number for number, (start, end) in enumerate(zip(extracted.page_starts, ends, strict=False), 1)
            if not extracted.text[start:end].strip()]
