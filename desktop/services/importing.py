"""Import files into a workspace: one transaction per file, all there or not there."""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path

from desktop.domain.documents import Document, DocumentMetadata, ExtractedText
from desktop.domain.errors import Cancelled, UnreadableFile, UserFacingError
from desktop.extract import agenda, duplicates
from desktop.extract.metadata import detect_metadata
from desktop.ingest import SUPPORTED_SUFFIXES, read_document, split_passages
from desktop.paths import sample_papers_dir
from desktop.storage import documents as store
from desktop.storage.workspace import Workspace

CancelCheck = Callable[[], bool]
logger = logging.getLogger(__name__)


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
        imported = self.count(Outcome.IMPORTED)
        documents = sum(len(o.document_ids) for o in self.outcomes if o.outcome is Outcome.IMPORTED)
        parts = [f"{imported} file{'s' if imported != 1 else ''} imported"
                 + (f" ({documents} documents)" if documents != imported else "")]
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


def _same_paper(new: DocumentMetadata, held: Document) -> bool:
    """Near-identical text is one paper only if authority and date do not disagree.

    Quarterly reports built on one template differ mostly in their figures; their
    dates tell them apart.
    """
    def agree(a: object, b: object) -> bool:
        return a is None or b is None or a == b

    return agree(new.authority, held.authority) and agree(new.date, held.date)


def _resolve_duplicate(ws: Workspace, new: store.NewDocument) -> tuple[int | None, int | None]:
    """Decide what a new document duplicates.

    Returns (the original for the new document, or a held pack paper that should
    become a copy of the new one). A standalone paper is preferred as the
    original over its reprint inside an agenda pack.
    """
    for cand_id, cand_fp, cand_parent in store.duplicate_candidates(ws, new.band_keys):
        if not duplicates.is_duplicate(new.fingerprint, cand_fp):
            continue
        held = store.get_document(ws, cand_id)
        if held is None or not _same_paper(new.metadata, held):
            continue
        if cand_parent is not None and new.parent_id is None and held.duplicate_of is None:
            return None, cand_id
        return held.duplicate_of or cand_id, None
    return None, None


def _insert_with_duplicates(ws: Workspace, new: store.NewDocument) -> int:
    original, superseded = _resolve_duplicate(ws, new)
    doc_id = store.insert_document(ws, replace(new, duplicate_of=original))
    if superseded is not None:
        store.make_copy_of(ws, superseded, doc_id)
    return doc_id


def _with_fallback_title(metadata: DocumentMetadata, fallback: str) -> DocumentMetadata:
    if metadata.title.strip():
        return metadata
    return replace(metadata, title=fallback)


def _paper(text: str, page_starts: tuple[int, ...], pages: int, metadata: DocumentMetadata,
           common: dict, **placement) -> store.NewDocument:
    """Everything about one paper that can be worked out before the transaction opens."""
    fingerprint = duplicates.fingerprint(text)
    return store.NewDocument(
        metadata=metadata, text=text, page_starts=page_starts, pages=pages,
        passages=split_passages(text, page_starts), fingerprint=fingerprint,
        band_keys=tuple(duplicates.band_keys(fingerprint)), **common, **placement)


def _prepare(path: Path, sha256: str, extracted: ExtractedText, cancel: CancelCheck | None
             ) -> tuple[store.NewDocument | None, list[store.NewDocument]]:
    """The pack (or None) and its papers, ready to write; the slow work happens here."""
    common = {"sha256": sha256, "source": display_path(path),
              "source_format": extracted.source_format}
    parts = agenda.split_agenda_pack(extracted.text)
    if not parts:
        metadata = detect_metadata(extracted.text, extracted.title_hint)
        return None, [_paper(extracted.text, extracted.page_starts, extracted.page_count,
                             _with_fallback_title(metadata, path.stem), common)]
    pack_meta = agenda.detect_pack_metadata(extracted.text, parts)
    pack = store.NewDocument(metadata=_with_fallback_title(pack_meta, path.stem),
                             pages=extracted.page_count, text="", page_starts=(), passages=[],
                             **common)
    papers = []
    for position, part in enumerate(parts):
        if cancel and cancel():
            raise Cancelled()
        text = extracted.text[part.start:part.end]
        first_page, pages = _page_span(extracted, part.start, part.end)
        metadata = detect_metadata(text)
        if metadata.authority is None:  # a paper in a pack is about the pack's council
            metadata = replace(metadata, authority=pack_meta.authority)
        papers.append(_paper(
            text, _child_page_starts(extracted.page_starts, part.start, part.end), pages,
            _with_fallback_title(metadata, f"{path.stem}, paper {position + 1}"), common,
            position=position, pack_page_start=first_page, parent_id=-1))
    return pack, papers


def _store(ws: Workspace, pack: store.NewDocument | None, papers: list[store.NewDocument],
           cancel: CancelCheck | None) -> tuple[int, ...]:
    """Write one file's documents in a single transaction; Cancel rolls it all back."""
    with ws.write():
        if pack is None:
            ids = tuple(_insert_with_duplicates(ws, paper) for paper in papers)
        else:
            pack_id = store.insert_document(ws, pack)
            ids = (pack_id,) + tuple(
                _insert_with_duplicates(ws, replace(paper, parent_id=pack_id)) for paper in papers)
            store.set_pack_passage_count(ws, pack_id)
        if cancel and cancel():
            raise Cancelled()
    return ids


def display_path(path: Path) -> str:
    """The path as text that can always be stored (undecodable bytes become �)."""
    return os.fsencode(path.absolute()).decode("utf-8", "replace")


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
        pack, papers = _prepare(path, sha256, extracted, cancel)
        ids = _store(ws, pack, papers, cancel)
    except Cancelled:
        return FileOutcome(path, Outcome.CANCELLED, "cancelled; nothing was kept from this file")
    except UserFacingError as error:  # unreadable file, or the workspace refused the write
        return FileOutcome(path, Outcome.FAILED, str(error))
    except Exception as error:  # a bug must cost one file, never the rest of the batch
        logger.exception("import of %s failed", display_path(path))
        return FileOutcome(path, Outcome.FAILED,
                           f"{path.name} could not be imported because of an unexpected "
                           f"problem ({type(error).__name__}: {error}); nothing was kept from it.")
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
    with ws.bulk_writes():
        _import_each(ws, files, summary, progress, cancel)
    if progress:
        progress(ImportProgress(len(files), len(files), 0, 0, ""))
    return summary


def _import_each(ws: Workspace, files: list[Path], summary: ImportSummary,
                 progress: Callable[[ImportProgress], None] | None,
                 cancel: CancelCheck | None) -> None:
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


def sample_paper_paths() -> list[Path]:
    """The bundled sample papers offered on an empty workspace."""
    folder = sample_papers_dir()
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in SUPPORTED_SUFFIXES)
