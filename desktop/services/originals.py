"""The original files kept in the workspace: keeping them on import, finding them for
workspaces made before they were kept, saying when one is not held, and writing one out.

A file is held once, by its SHA-256 (a pack's file once for all its papers), so the
page view works after the source has been moved or deleted, and "Save a copy" of the
workspace carries everything.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from desktop.domain.documents import Document
from desktop.domain.errors import Cancelled, UserFacingError
from desktop.storage import documents as doc_store
from desktop.storage import originals as store
from desktop.storage.workspace import Workspace

# Above this a file is imported but its bytes are not kept ("original not held"): a
# real agenda pack with scanned appendices runs to tens of MB, so 256 MiB keeps every
# real paper while a hostile or mistaken file (a disk image renamed .pdf) cannot swell
# the workspace, and every backup of it, by gigabytes. SQLite refuses one value over
# 1,000,000,000 bytes anyway. Bytes are streamed in and out, so memory stays flat.
MAX_ORIGINAL_BYTES = 256 * 1024 * 1024
NOT_HELD = "original not held; import the file again to see its pages"
BACKFILL_BATCH = 10  # files per job in the window, so an import queued meanwhile waits little

CancelCheck = Callable[[], bool]


def keep_original(ws: Workspace, path: Path, sha256: str, source_format: str,
                  cancel: CancelCheck | None = None) -> bool:
    """Keep the file's bytes when they still hash to ``sha256`` and are not too big.
    Call inside the caller's transaction (the import's). Never raises for the file: a
    file that cannot be read is simply not kept, and the paper says so."""
    if store.is_held(ws, sha256):
        store.stop_wanting(ws, sha256)
        return False
    try:
        size = path.stat().st_size
        if size > MAX_ORIGINAL_BYTES:
            return False
        with path.open("rb") as handle:
            return store.store_original_stream(ws, sha256, source_format, handle, size, cancel)
    except OSError:
        return False


def keep_original_now(ws: Workspace, path: Path, sha256: str, source_format: str) -> bool:
    """``keep_original`` in a transaction of its own (a file imported again whose original
    was not held, or one found by the backfill)."""
    if store.is_held(ws, sha256):
        return False
    with ws.write():
        return keep_original(ws, path, sha256, source_format)


def not_kept_note(path: Path) -> str:
    """Why an import kept no original (said in its outcome)."""
    try:
        too_big = path.stat().st_size > MAX_ORIGINAL_BYTES
    except OSError:
        too_big = False
    if too_big:
        return f"original not held: the file is over {MAX_ORIGINAL_BYTES // (1024 * 1024)} MB"
    return "original not held: the file changed or could not be read while it was imported"


# --- what is held -----------------------------------------------------------------


def is_held(ws: Workspace, sha256: str) -> bool:
    return store.is_held(ws, sha256)


@dataclass(frozen=True, slots=True)
class OriginalStatus:
    document_id: int
    held: bool
    file_name: str
    sha256: str
    byte_count: int | None
    source: str

    @property
    def message(self) -> str:
        return "" if self.held else NOT_HELD


def _file_document(ws: Workspace, doc_id: int) -> Document:
    """The document; for a paper of a pack, its pack's file is the one held."""
    document = doc_store.get_document(ws, doc_id)
    if document is None:
        raise UserFacingError(f"There is no document {doc_id}.")
    return document


def file_name_for(document: Document) -> str:
    """The name the file had when it was imported, safe to create in a folder."""
    name = re.split(r"[\\/]", document.source)[-1].strip()
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).lstrip(".")
    if not name:
        suffix = {"pdf": ".pdf", "docx": ".docx", "html": ".html"}.get(document.source_format, ".txt")
        name = f"document-{document.id}{suffix}"
    return name[:200]


def original_status(ws: Workspace, doc_id: int) -> OriginalStatus:
    document = _file_document(ws, doc_id)
    size = store.original_size(ws, document.sha256)
    return OriginalStatus(doc_id, size is not None, file_name_for(document), document.sha256, size,
                          document.source)


def not_held_message(ws: Workspace, doc_id: int) -> str | None:
    """What the paper says where its pages would be: None when its original is held."""
    return original_status(ws, doc_id).message or None


@dataclass
class Holdings:
    held: int
    held_bytes: int
    not_held: list[tuple[int, str, str]]  # (document id, title, source) of each file not held
    wanted: int  # of those, still looked for at the path they came from


def wanted_count(ws: Workspace) -> int:
    """How many files imported before originals were kept are still looked for (cheap)."""
    return store.wanted_count(ws)


def holdings(ws: Workspace) -> Holdings:
    count, total = store.held_sizes(ws)
    return Holdings(count, total, store.papers_not_held(ws), store.wanted_count(ws))


# --- files imported before originals were kept -------------------------------------


@dataclass
class BackfillResult:
    kept: list[str] = field(default_factory=list)  # source paths now held
    changed: list[str] = field(default_factory=list)  # changed since import: no longer looked for
    missing: list[str] = field(default_factory=list)  # not there (yet): still looked for
    too_big: list[str] = field(default_factory=list)  # over MAX_ORIGINAL_BYTES: no longer looked for
    remaining: int = 0  # still to look at after this batch (the window's batches)

    def describe(self) -> str:
        parts = [f"kept {len(self.kept)} original file{'s' if len(self.kept) != 1 else ''}"]
        if self.changed:
            parts.append(f"{len(self.changed)} changed since import (import "
                         f"{'them' if len(self.changed) != 1 else 'it'} again)")
        if self.missing:
            parts.append(f"{len(self.missing)} not found where they came from (still looked for)")
        if self.too_big:
            parts.append(f"{len(self.too_big)} too big to keep")
        return ", ".join(parts)

    def add(self, other: BackfillResult) -> None:
        for name in ("kept", "changed", "missing", "too_big"):
            getattr(self, name).extend(getattr(other, name))
        self.remaining = other.remaining


def _format_of(ws: Workspace, sha256: str, path: Path) -> str:
    document = doc_store.document_held_with_sha(ws, sha256)
    if document is not None:
        return document.source_format
    # Only a paper in the trash names it: its file is kept for when it is restored.
    return {".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html"}.get(path.suffix.lower(), "text")


def _look_for(ws: Workspace, sha256: str, source: str, result: BackfillResult,
              cancel: CancelCheck | None) -> bool:
    """Look for one file; True when it stays on the list (not found, or unreadable now)."""
    from desktop.services.importing import file_sha256

    path = Path(source)
    try:
        size = path.stat().st_size if path.is_file() else None
    except OSError:
        size = None
    if size is None:
        result.missing.append(source)
        return True
    if size > MAX_ORIGINAL_BYTES:
        with ws.write():
            store.stop_wanting(ws, sha256)
        result.too_big.append(source)
        return False
    try:
        # Hashed before the write lock is taken: a changed file costs no one a wait.
        same = file_sha256(path, cancel) == sha256
    except UserFacingError:  # unreadable just now (permissions, a disk error): try next time
        result.missing.append(source)
        return True
    if same and keep_original_now(ws, path, sha256, _format_of(ws, sha256, path)):
        result.kept.append(source)
        return False
    # Changed since import (or between the hash and the copy): these bytes are another file.
    with ws.write():
        store.stop_wanting(ws, sha256)
    result.changed.append(source)
    return False


def backfill_originals(ws: Workspace, *, cancel: CancelCheck | None = None,
                       progress: Callable[[int, int], None] | None = None) -> BackfillResult:
    """Look for each wanted file at the path it came from: keep it when its SHA-256 still
    matches; a changed file is no longer looked for; a missing one stays on the list (a
    drive plugged in later still counts). One short transaction per file."""
    result = BackfillResult()
    if ws.read_only:
        return result
    _forget_deleted(ws)
    wanted = store.wanted_originals(ws)
    for done, (sha256, source) in enumerate(wanted):
        if cancel and cancel():
            raise Cancelled()
        if progress:
            progress(done, len(wanted))
        _look_for(ws, sha256, source, result, cancel)
    return result


def _forget_deleted(ws: Workspace) -> None:
    if store.wanted_count(ws):
        with ws.write():
            store.forget_unused_originals(ws)  # papers deleted for good are not looked for


def backfill_batch(ws: Workspace, skip: set[str], cancel: CancelCheck | None = None) -> BackfillResult:
    """One batch of the window's backfill: up to BACKFILL_BATCH files not in ``skip``, which
    gains those that stay on the list (looked at again on the next opening); ``remaining``
    says whether to go on."""
    result = BackfillResult()
    if ws.read_only:
        return result
    if not skip:
        _forget_deleted(ws)
    wanted = [(sha, source) for sha, source in store.wanted_originals(ws) if sha not in skip]
    for sha256, source in wanted[:BACKFILL_BATCH]:
        if cancel and cancel():
            break
        if _look_for(ws, sha256, source, result, cancel):
            skip.add(sha256)
    result.remaining = max(0, len(wanted) - BACKFILL_BATCH)
    return result


# --- writing the original out -------------------------------------------------------


def _require_held(ws: Workspace, doc_id: int) -> tuple[Document, OriginalStatus]:
    document = _file_document(ws, doc_id)
    status = original_status(ws, doc_id)
    if not status.held:
        raise UserFacingError(f"Document {doc_id} (“{document.title}”): {NOT_HELD}.")
    return document, status


def _write_new_file(ws: Workspace, sha256: str, target: Path) -> None:
    """Write the original to ``target``, which must not exist yet (created 0600)."""
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            store.copy_original_to(ws, sha256, handle)
    except BaseException:
        with contextlib.suppress(OSError):
            target.unlink()
        raise


def save_original(ws: Workspace, doc_id: int, target: Path | str, *, overwrite: bool = False) -> Path:
    """Write the paper's original file to ``target``. An existing file is replaced only with
    ``overwrite``; the bytes go beside it first, so a failure never leaves half a file."""
    _document, status = _require_held(ws, doc_id)
    meant_folder = str(target).endswith(("/", os.sep))  # Path() drops the slash that says so
    target = Path(target).expanduser()
    if meant_folder and not target.is_dir():
        raise UserFacingError(f"The folder {target} does not exist.")
    if target.is_dir():
        target = target / status.file_name
    if target.exists() and not overwrite:
        raise UserFacingError(f"{target} already exists; choose another name (or allow overwriting).")
    if target.exists() and not target.is_file():
        raise UserFacingError(f"{target} is not an ordinary file; choose a file name.")
    if not target.parent.is_dir():
        raise UserFacingError(f"The folder {target.parent} does not exist.")
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    try:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        _write_new_file(ws, status.sha256, partial)
        os.replace(partial, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise UserFacingError(f"Could not save the original to {target}: {error.strerror or error}.") from None
    return target


def private_copy(ws: Workspace, doc_id: int, folder: Path) -> Path:
    """The original written into ``folder`` (a private folder of the caller's) under the name
    it had, in a subfolder per file so two papers' same-named files never clash; a copy
    already written is used again."""
    _document, status = _require_held(ws, doc_id)
    subfolder = folder / status.sha256[:16]
    target = subfolder / status.file_name
    try:
        subfolder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if target.is_file() and target.stat().st_size == status.byte_count:
            return target
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
        _write_new_file(ws, status.sha256, target)
    except OSError as error:
        raise UserFacingError(f"Could not write the original to open it: {error.strerror or error}.") from None
    return target
