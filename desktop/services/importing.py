"""Import files into a workspace: one transaction per file, all there or not there."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import TypeVar

from desktop.domain.documents import Document, DocumentMetadata
from desktop.domain.errors import Cancelled, UserFacingError
from desktop.extract import duplicates
from desktop.ingest import SUPPORTED_SUFFIXES
from desktop.ingest.sniff import disk_errors_explained
from desktop.paths import sample_papers_dir
from desktop.services import originals
from desktop.services import parallel_import as parallel
from desktop.services.findings import record_findings
from desktop.services.preparing import (
    PreparedFile,
    display_path,
    prepare_file,
    unexpected_problem,
)
from desktop.storage import documents as store
from desktop.storage.workspace import Workspace

CancelCheck = Callable[[], bool]
logger = logging.getLogger(__name__)
PARALLEL_FROM_FILES = 6  # below this, starting worker processes costs more than it saves
MAX_WORKERS = 4
CANCELLED_MESSAGE = "cancelled; nothing was kept from this file"
T = TypeVar("T")


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
    skipped: int = 0  # files in the folders that are not papers the app reads

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
        if self.skipped:
            parts.append(f"{self.skipped} other file{'s' if self.skipped != 1 else ''} in the "
                         "folders skipped (not PDF, DOCX, TXT, MD or HTML)")
        if self.cancelled:
            parts.append("cancelled before the rest")
        return ", ".join(parts)


@dataclass
class CollectedFiles:
    files: list[Path] = field(default_factory=list)
    problems: list[FileOutcome] = field(default_factory=list)
    skipped: int = 0  # files in folders that are not of a type the app reads


def collect_files(paths: Iterable[Path | str]) -> CollectedFiles:
    """Expand folders (recursively; supported types only; hidden files left out).

    Files named explicitly are kept whatever their type, so that the reader can
    say why an unsupported one cannot be imported.
    """
    collected = CollectedFiles()
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            visible = [p for p in path.rglob("*") if p.is_file()
                       and not any(part.startswith(".") for part in p.relative_to(path).parts)]
            found = sorted(p for p in visible if p.suffix.lower() in SUPPORTED_SUFFIXES)
            collected.skipped += len(visible) - len(found)
            if not found:
                collected.problems.append(FileOutcome(
                    path, Outcome.FAILED, f"The folder {path.name} holds no papers that can be "
                    "imported (PDF, DOCX, TXT, MD or HTML)."))
            collected.files.extend(found)
        elif path.exists():
            collected.files.append(path)
        else:
            collected.problems.append(FileOutcome(path, Outcome.FAILED, f"{path.name} does not exist."))
    return collected


def file_sha256(path: Path, cancel: CancelCheck | None = None) -> str:
    digest = hashlib.sha256()
    with disk_errors_explained(path), path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            if cancel and cancel():
                raise Cancelled()
    return digest.hexdigest()


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
        if new.fingerprint is None or not duplicates.is_duplicate(new.fingerprint, cand_fp):
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
    if original is None and new.findings is not None:  # a copy's findings are its original's
        record_findings(ws, doc_id, new.metadata.authority, new.metadata.date, new.findings)
    return doc_id


def _store(ws: Workspace, pack: store.NewDocument | None, papers: list[store.NewDocument],
           cancel: CancelCheck | None, first: Callable[[], None] | None = None,
           original: Path | None = None) -> tuple[int, ...]:
    """Write one file's documents in a single transaction; Cancel rolls it all back.
    ``first`` runs inside the same transaction before them (`ocr` replacing a placeholder);
    the bytes of ``original`` are kept in it too, once for the whole file."""
    with ws.write():
        if first is not None:
            first()
        if pack is None:
            ids = tuple(_insert_with_duplicates(ws, paper) for paper in papers)
        else:
            pack_id = store.insert_document(ws, pack)
            ids = (pack_id,) + tuple(
                _insert_with_duplicates(ws, replace(paper, parent_id=pack_id)) for paper in papers)
            store.set_pack_passage_count(ws, pack_id)
        if original is not None:
            described = pack or papers[0]
            originals.keep_original(ws, original, described.sha256, described.source_format, cancel)
        if cancel and cancel():
            raise Cancelled()
    return ids


def _already_held(ws: Workspace, path: Path, sha256: str) -> FileOutcome | None:
    held = store.document_held_with_sha(ws, sha256)
    if held is None:
        return None
    message = f"already held as “{held.title}”"
    # Imported before originals were kept: this copy of the file fills it in.
    with contextlib.suppress(UserFacingError):  # busy just now: "already held" is still true
        if originals.keep_original_now(ws, path, sha256, held.source_format):
            message += "; its original file is now kept"
    return FileOutcome(path, Outcome.ALREADY_HELD, message, (held.id,))


def _check_held(ws: Workspace, path: Path, cancel: CancelCheck | None) -> str | FileOutcome:
    """The file's SHA-256, or the outcome when the file is already held."""
    sha256 = file_sha256(path, cancel)
    return _already_held(ws, path, sha256) or sha256


def _write_prepared(ws: Workspace, path: Path, prepared: PreparedFile,
                    cancel: CancelCheck | None) -> FileOutcome:
    try:
        ids = _store(ws, prepared.pack, prepared.papers, cancel, original=path)
    except sqlite3.IntegrityError:
        # Another window or command imported the same file between our check and our
        # write (the unique index on sha256 refused the second copy): it is held.
        held = _already_held(ws, path, prepared.sha256)
        if held is None:
            raise
        return held
    summary = f"{len(ids) - 1} papers" if len(ids) > 1 else "1 document"
    if not originals.is_held(ws, prepared.sha256):
        summary += "; " + originals.not_kept_note(path)
    blank = prepared.blank_pages
    if prepared.papers and prepared.papers[0].needs_ocr:
        from desktop.ingest.ocr import needs_ocr_note
        return FileOutcome(path, Outcome.IMPORTED, f"needs OCR: {needs_ocr_note()}", ids)
    if blank:
        shown = ", ".join(map(str, blank[:10])) + (" …" if len(blank) > 10 else "")
        summary += (f"; {len(blank)} of {prepared.page_count} pages have no text layer "
                    f"(scanned?) and could not be read: page {shown}")
    return FileOutcome(path, Outcome.IMPORTED, summary, ids)


def _guarded(path: Path, step: Callable[[], T]) -> T | FileOutcome:
    """Run one file's step; a bad file or a bug costs that file, never the batch."""
    try:
        return step()
    except Cancelled:
        return FileOutcome(path, Outcome.CANCELLED, CANCELLED_MESSAGE)
    except UserFacingError as error:  # unreadable file, or the workspace refused the write
        return FileOutcome(path, Outcome.FAILED, str(error))
    except Exception as error:
        logger.exception("import of %s failed", display_path(path))
        return FileOutcome(path, Outcome.FAILED, unexpected_problem(path, error))


def import_file(ws: Workspace, path: Path, *, cancel: CancelCheck | None = None,
                on_page: Callable[[int, int], None] | None = None) -> FileOutcome:
    """Import one file. Never raises for a bad file: the outcome says what happened."""
    path = Path(path)

    def step() -> FileOutcome:
        sha256 = _check_held(ws, path, cancel)
        if isinstance(sha256, FileOutcome):
            return sha256
        prepared = prepare_file(path, sha256, cancel=cancel, on_page=on_page)
        return _write_prepared(ws, path, prepared, cancel)

    return _guarded(path, step)


def import_paths(ws: Workspace, paths: Iterable[Path | str], *,
                 progress: Callable[[ImportProgress], None] | None = None,
                 cancel: CancelCheck | None = None) -> ImportSummary:
    """Import files and folders; finished files stay when a later one fails or is cancelled.

    Large batches are read in worker processes (one per core) while this
    process writes each file, in order, in its own transaction.
    """
    collected = collect_files(paths)
    files = collected.files
    summary = ImportSummary(outcomes=list(collected.problems), skipped=collected.skipped)
    report = progress or (lambda _progress: None)
    with ws.bulk_writes():
        if len(files) >= PARALLEL_FROM_FILES and worker_count() > 1:
            _import_in_workers(ws, files, summary, report, cancel)
        else:
            _import_one_by_one(ws, files, summary, report, cancel)
    report(ImportProgress(len(files), len(files), 0, 0, ""))
    return summary


def worker_count() -> int:
    return min(os.cpu_count() or 1, MAX_WORKERS)


def _import_in_workers(ws: Workspace, files: list[Path], summary: ImportSummary,
                       report: Callable[[ImportProgress], None],
                       cancel: CancelCheck | None) -> None:
    """Hash and check each file here, prepare the new ones in workers, write them in order."""
    jobs: list[tuple[Path, str]] = []
    early: dict[Path, FileOutcome] = {}
    for path in files:
        checked = _guarded(path, partial(_check_held, ws, path, cancel))
        if isinstance(checked, FileOutcome):
            early[path] = checked
        else:
            jobs.append((path, checked))
    if cancel and cancel():
        summary.cancelled = True
        return
    prepared = parallel.prepared_in_order(jobs, worker_count(), cancel)
    try:
        _write_in_order(ws, files, early, prepared, summary, report, cancel)
    finally:
        prepared.close()  # stops the workers, also when cancelled


def _write_in_order(ws: Workspace, files: list[Path], early: dict[Path, FileOutcome],
                    prepared: Iterator[tuple[Path, PreparedFile | str]], summary: ImportSummary,
                    report: Callable[[ImportProgress], None], cancel: CancelCheck | None) -> None:
    for index, path in enumerate(files):
        report(ImportProgress(index, len(files), 0, 0, path.name))
        if path in early:
            outcome = early[path]
        else:
            ready = next(prepared, None)
            if ready is None:  # cancelled while waiting for the workers
                summary.cancelled = True
                summary.outcomes.append(FileOutcome(
                    path, Outcome.CANCELLED, CANCELLED_MESSAGE))
                break
            outcome = _guarded(path, partial(_write_new, ws, ready[0], ready[1], cancel))
        summary.outcomes.append(outcome)
        if outcome.outcome is Outcome.CANCELLED:
            summary.cancelled = True
            break


def _write_new(ws: Workspace, path: Path, prepared: PreparedFile | str,
               cancel: CancelCheck | None) -> FileOutcome:
    if isinstance(prepared, str):
        return FileOutcome(path, Outcome.FAILED, prepared)
    # the same file twice in one batch
    return _already_held(ws, path, prepared.sha256) or _write_prepared(ws, path, prepared, cancel)


def _import_one_by_one(ws: Workspace, files: list[Path], summary: ImportSummary,
                       report: Callable[[ImportProgress], None],
                       cancel: CancelCheck | None) -> None:
    for index, path in enumerate(files):
        if cancel and cancel():
            summary.cancelled = True
            break

        def on_page(done: int, total: int, index: int = index, name: str = path.name) -> None:
            report(ImportProgress(index, len(files), done, total, name))

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
