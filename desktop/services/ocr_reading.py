"""Read a scanned paper that was imported as "needs OCR" (no engine then, or --no-ocr).

The slow part (OCR of every page) runs before any transaction opens, so it never
holds the write lane; the write then adds the paper as an import would and
removes the text-less placeholder, carrying over what the user typed into it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from desktop.domain.errors import UserFacingError
from desktop.storage import documents as store
from desktop.storage import ocr_pages as ocr_store
from desktop.storage.workspace import Workspace


def papers_needing_ocr(ws: Workspace) -> list[int]:
    """Ids of the scanned papers held without their text."""
    return ocr_store.papers_waiting_for_ocr(ws)


def _hand_edits(ws: Workspace, doc_id: int) -> dict[str, object]:
    """What the user corrected on the placeholder, to be kept on the paper once read."""
    held = store.get_document(ws, doc_id)
    edits = {name: getattr(held, name) for name in ocr_store.hand_edited_fields(ws, doc_id)}
    if "doc_type" in edits:
        edits["doc_type"] = str(edits["doc_type"])
    return edits


def read_with_ocr(ws: Workspace, doc_id: int, *, cancel: Callable[[], bool] | None = None,
                  on_page: Callable[[int, int], None] | None = None) -> tuple[int, ...]:
    """OCR the file a "needs OCR" paper came from; returns the ids of the papers now held.

    Raises UserFacingError with a plain sentence (not waiting, no engine, the file
    moved or changed, nothing readable) and Cancelled; nothing changes then.
    """
    prepared = ocr_pending_paper(ws, doc_id, cancel=cancel, on_page=on_page)
    return store_ocr_reading(ws, doc_id, prepared, cancel)


def ocr_pending_paper(ws: Workspace, doc_id: int, *, cancel: Callable[[], bool] | None = None,
                      on_page: Callable[[int, int], None] | None = None):
    """The slow, read-only half: OCR the paper's file into a PreparedFile (no write)."""
    from desktop.ingest import ocr
    from desktop.services.importing import file_sha256
    from desktop.services.preparing import prepare_file

    held = store.get_document(ws, doc_id)
    if held is None:
        raise UserFacingError(f"There is no document {doc_id}.")
    if ocr_store.pending_title(ws, doc_id) is None:
        raise UserFacingError(f"Document {doc_id} (“{held.title}”) does not need OCR: its text is held.")
    if ocr.find_engine() is None:
        raise UserFacingError(f"The OCR engine (Tesseract) is not installed. {ocr.INSTALL_HINT}.")
    path = Path(held.source)
    if not path.is_file():
        raise UserFacingError(f"“{held.title}” was imported from {path}, which is no longer there. "
                              "Put the file back, or import the scanned file again.")
    if file_sha256(path, cancel) != held.sha256:
        raise UserFacingError(f"{path.name} has changed since it was imported; import it again.")
    with ocr.ocr_enabled():
        prepared = prepare_file(path, held.sha256, cancel=cancel, on_page=on_page)
    if any(paper.needs_ocr for paper in prepared.papers):
        raise UserFacingError(f"{path.name} could not be read by OCR.")
    return prepared


def store_ocr_reading(ws: Workspace, doc_id: int, prepared, cancel: Callable[[], bool] | None = None
                      ) -> tuple[int, ...]:
    """The quick write: the paper read replaces its placeholder, keeping the user's corrections."""
    from desktop.services.importing import _store

    if ocr_store.pending_title(ws, doc_id) is None:
        raise UserFacingError(f"Document {doc_id} has been read or removed meanwhile; nothing was changed.")
    edits = _hand_edits(ws, doc_id)
    # One transaction: the placeholder goes (its file's SHA-256 passes to the paper
    # read), the paper arrives, and the user's corrections move onto it.
    ids = _store(ws, prepared.pack, prepared.papers, cancel,
                 first=lambda: ocr_store.drop_placeholder(ws, doc_id))
    if edits:
        with ws.write():
            store.update_fields(ws, ids[0], edits)
    return ids
