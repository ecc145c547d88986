"""Import files into a workspace: one transaction per file, all there or not there."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path

from desktop.domain.documents import DocumentMetadata, ExtractedText
from desktop.domain.errors import Cancelled, UnreadableFile
from desktop.extract import agenda, duplicates
from desktop.extract.metadata import detect_metadata
from desktop.ingest import SUPPORTED_SUFFIXES, read_document, split_passages
from desktop.paths import sample_papers_dir
from desktop.storage import documents as store
from desktop.storage.workspace import Workspace

CancelCheck = Callable[[], bool]


class Outcome(StrEnum):
    IMPORTED = "imported"
    ALREADY_HELD = "already held"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class FileOutcome:
    path: Path
    outcome: Outcome
    message: str = ""
    document_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class ImportProgress:
    files_done: int
    files_total: int
    pages_done: int
    pages_total: int
    current: str


@dataclass
class ImportSummary:
    outcomes: list[FileOutcome] = field(default_factory=list)
    cancelled: bool = False

    def count(self, outcome: Outcome) -> int:
        return sum(1 for o in self.outcomes if o.outcome is outcome)

    @property
    def document_ids(self) -> list[int]:
        return [i for o in self.outcomes for i in o.document_ids]

    def describe(self) -> str:
        parts = [f"{self.count(Outcome.IMPORTED)} imported"]
        for outcome in (Outcome.ALREADY_HELD, Outcome.FAILED):
            if self.count(outcome):
                parts.append(f"{self.count(outcome)} {outcome}")
        if self.cancelled:
            parts.append("cancelled before the rest")
        return ", ".join(parts)


def collect_files(paths: Iterable[Path | str]) -> tuple[list[Path], list[FileOutcome]]:
    """Expand folders (recursively, supported types only, hidden files skipped).

    Files named explicitly are kept whatever their type, so that the reader can
    say why an unsupported one cannot be imported.
    """
    files: list[Path] = []
    problems: list[FileOutcome] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                problems.append(FileOutcome(path, Outcome.FAILED,
                                            f"The folder {path.name} holds no papers that can be imported."))
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            problems.append(FileOutcome(path, Outcome.FAILED, f"{path.name} does not exist."))
    return files, problems


def file_sha256(path: Path, cancel: CancelCheck | None = None) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
                if cancel and cancel():
                    raise Cancelled()
    except FileNotFoundError as error:
        raise UnreadableFile(f"{path.name} was moved or deleted before it could be read.") from error
    except PermissionError as error:
        raise UnreadableFile(f"{path.name} cannot be read: permission denied.") from error
    except IsADirectoryError as error:
        raise UnreadableFile(f"{path.name} is a folder, not a file.") from error
    except OSError as error:
        raise UnreadableFile(f"{path.name} cannot be read: {error.strerror or error}.") from error
    return digest.hexdigest()


def _child_page_starts(page_starts: tuple[int, ...], start: int, end: int) -> tuple[int, ...]:
    """Page offsets relative to a slice, keeping absolute page numbers (see split_passages)."""
    return tuple(max(0, s - start) for s in page_starts if s < end)


def _page_span(extracted: ExtractedText, start: int, end: int) -> tuple[int | None, int]:
    first = extracted.page_at(start)
    if first is None:
        return None, 0
    last = extracted.page_at(max(start, end - 1)) or first
    return first, last - first + 1


def _resolve_duplicate(ws: Workspace, fingerprint: bytes, bands: tuple[str, ...],
                       is_pack_child: bool) -> tuple[int | None, list[int]]:
    """Decide what a new document duplicates.

    Returns (original for the new document, existing pack children that should
    instead point at the new document). A standalone paper is preferred as the
    original over the copy of it inside an agenda pack.
    """
    for cand_id, cand_fp, cand_parent in store.duplicate_candidates(ws, bands):
        if not duplicates.is_duplicate(fingerprint, cand_fp):
            continue
        original = store.get_document(ws, cand_id)
        if original is None:
            continue
        if cand_parent is not None and not is_pack_child and original.duplicate_of is None:
            return None, [cand_id]
        return original.duplicate_of or cand_id, []
    return None, []


def _write_document(ws: Workspace, *, text: str, page_starts: tuple[int, ...], pages: int,
                    metadata: DocumentMetadata, sha256: str, source: str, source_format: str,
                    parent_id: int | None = None, position: int = 0,
                    pack_page_start: int | None = None) -> int:
    fingerprint = duplicates.fingerprint(text)
    bands = tuple(duplicates.band_keys(fingerprint))
    original, to_repoint = _resolve_duplicate(ws, fingerprint, bands, parent_id is not None)
    doc_id = store.insert_document(ws, store.NewDocument(
        metadata=metadata, sha256=sha256, source=source, source_format=source_format,
        pages=pages, text=text, page_starts=page_starts,
        passages=split_passages(text, page_starts), fingerprint=fingerprint, band_keys=bands,
        parent_id=parent_id, position=position, pack_page_start=pack_page_start,
        duplicate_of=original,
    ))
    for other in to_repoint:
        store.set_duplicate_of(ws, other, doc_id)
    return doc_id


def _with_fallback_title(metadata: DocumentMetadata, fallback: str) -> DocumentMetadata:
    if metadata.title.strip():
        return metadata
    return replace(metadata, title=fallback)


def _store_extracted(ws: Workspace, path: Path, sha256: str, extracted: ExtractedText,
                     cancel: CancelCheck | None) -> tuple[int, ...]:
    """Write one file's documents in a single transaction; Cancel rolls it all back."""
    parts = agenda.split_agenda_pack(extracted.text)
    source = str(path)
    with ws.db.atomic():
        if not parts:
            metadata = detect_metadata(extracted.text, extracted.title_hint)
            doc_id = _write_document(
                ws, text=extracted.text, page_starts=extracted.page_starts,
                pages=extracted.page_count, sha256=sha256, source=source,
                source_format=extracted.source_format,
                metadata=_with_fallback_title(metadata, path.stem))
            ids = (doc_id,)
        else:
            pack_meta = agenda.detect_pack_metadata(extracted.text, parts)
            pack_id = store.insert_document(ws, store.NewDocument(
                metadata=_with_fallback_title(pack_meta, path.stem), sha256=sha256,
                source=source, source_format=extracted.source_format,
                pages=extracted.page_count, text="", page_starts=(), passages=[]))
            ids = (pack_id,)
            for position, part in enumerate(parts):
                if cancel and cancel():
                    raise Cancelled()
                text = extracted.text[part.start:part.end]
                first_page, pages = _page_span(extracted, part.start, part.end)
                metadata = detect_metadata(text)
                if metadata.authority is None:  # a paper in a pack is about the pack's council
                    metadata = replace(metadata, authority=pack_meta.authority)
                ids += (_write_document(
                    ws, text=text,
                    page_starts=_child_page_starts(extracted.page_starts, part.start, part.end),
                    pages=pages, sha256=sha256, source=source,
                    source_format=extracted.source_format,
                    metadata=_with_fallback_title(metadata, f"{path.stem}, paper {position + 1}"),
                    parent_id=pack_id, position=position, pack_page_start=first_page),)
            store.set_pack_passage_count(ws, pack_id)
        if cancel and cancel():
            raise Cancelled()
    return ids


def import_file(ws: Workspace, path: Path, *, cancel: CancelCheck | None = None,
                on_page: Callable[[int, int], None] | None = None) -> FileOutcome:
    """Import one file. Never raises for a bad file: the outcome says what happened."""
    path = Path(path)
    try:
        sha256 = file_sha256(path, cancel)
        held = store.document_held_with_sha(ws, sha256)
        if held is not None:
            return FileOutcome(path, Outcome.ALREADY_HELD,
                               f"already held as “{held.title}”", (held.id,))
        extracted = read_document(path, cancel=cancel, on_page=on_page)
        ids = _store_extracted(ws, path, sha256, extracted, cancel)
    except Cancelled:
        return FileOutcome(path, Outcome.CANCELLED, "cancelled; nothing was kept from this file")
    except UnreadableFile as error:
        return FileOutcome(path, Outcome.FAILED, str(error))
    summary = f"{len(ids) - 1} papers" if len(ids) > 1 else "1 document"
    blank = pages_without_text(extracted)
    if blank:
        shown = ", ".join(map(str, blank[:10])) + (" …" if len(blank) > 10 else "")
        summary += (f"; {len(blank)} of {extracted.page_count} pages have no text layer "
                    f"(scanned?) and could not be read: page {shown}")
    return FileOutcome(path, Outcome.IMPORTED, summary, ids)


def pages_without_text(extracted: ExtractedText) -> list[int]:
    """Pages that gave no text (an empty page starts where the next one does)."""
    ends = extracted.page_starts[1:] + (len(extracted.text),)
    return [number for number, (start, end) in enumerate(zip(extracted.page_starts, ends), 1)
            if not extracted.text[start:end].strip()]


def import_paths(ws: Workspace, paths: Iterable[Path | str], *,
                 progress: Callable[[ImportProgress], None] | None = None,
                 cancel: CancelCheck | None = None) -> ImportSummary:
    """Import files and folders; finished files stay when a later one fails or is cancelled."""
    files, problems = collect_files(paths)
    summary = ImportSummary(outcomes=list(problems))
    for index, path in enumerate(files):
        if cancel and cancel():
            summary.cancelled = True
            break

        def on_page(done: int, total: int, index: int = index, name: str = path.name) -> None:
            if progress:
                progress(ImportProgress(index, len(files), done, total, name))

        on_page(0, 0)
        outcome = import_file(ws, path, cancel=cancel, on_page=on_page)
        summary.outcomes.append(outcome)
        if outcome.outcome is Outcome.CANCELLED:
            summary.cancelled = True
            break
    if progress:
        progress(ImportProgress(len(files), len(files), 0, 0, ""))
    return summary


def sample_paper_paths() -> list[Path]:
    """The bundled sample papers offered on an empty workspace."""
    folder = sample_papers_dir()
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in SUPPORTED_SUFFIXES)
