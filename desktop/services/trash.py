"""Use cases on the trash: what was deleted can be listed, restored exactly, or deleted for good.

Deleting a paper, recommendation, action or quote puts a snapshot of its rows
here (see storage/trash.py); items older than 30 days go when a workspace is
opened by the window or the command line.
"""

from __future__ import annotations

from desktop.domain.errors import UserFacingError
from desktop.storage import trash as store
from desktop.storage.workspace import Workspace

TrashItem = store.TrashItem
KIND_NAMES = {"document": "paper", "recommendation": "recommendation", "action": "action",
              "evidence": "quote"}


def list_trash(ws: Workspace) -> list[TrashItem]:
    return store.list_items(ws)


def _item(ws: Workspace, trash_id: int) -> tuple[TrashItem, dict]:
    found = store.get_item(ws, trash_id)
    if found is None:
        raise UserFacingError(f"There is no item {trash_id} in the trash.")
    return found


def restore_from_trash(ws: Workspace, trash_id: int) -> TrashItem:
    """Put a deleted item back with its ids, re-linking the quotes and recommendations that
    pointed into it. Refuses, changing nothing, when something made since holds its ids."""
    item, snapshot = _item(ws, trash_id)
    with ws.write():
        try:
            store.restore(ws, snapshot)
            _settle_restored_papers(ws, snapshot)
        except store.RestoreConflict as conflict:
            raise UserFacingError(
                f"Cannot restore the {KIND_NAMES.get(item.kind, item.kind)} “{item.label}”: "
                f"something made since it was deleted holds its place ({conflict}). "
                "Nothing was changed.") from None
        store.remove(ws, trash_id)
    return item


def _settle_restored_papers(ws: Workspace, snapshot: dict) -> None:
    """A restored paper of a pack counts in its pack again; one whose copy took over as the
    original while it was in the trash comes back as a copy of it (nothing counted twice)."""
    from desktop.storage import documents as doc_store

    for doc in snapshot.get("rows", {}).get("documents", []):
        if doc.get("parent_id") is not None:
            doc_store.set_pack_passage_count(ws, doc["parent_id"])
    for original, heir in snapshot.get("heirs", []):
        if doc_store.get_document(ws, heir) is not None:
            doc_store.make_copy_of(ws, original, heir)


def delete_for_good(ws: Workspace, trash_id: int) -> TrashItem:
    item, _snapshot = _item(ws, trash_id)
    with ws.write():
        store.remove(ws, trash_id)
        _forget_unused_originals(ws)
    return item


def _forget_unused_originals(ws: Workspace) -> None:
    """A paper gone for good takes its original file with it, unless another paper (or
    one still in the trash) names the same file. Call inside the same write."""
    from desktop.storage.originals import forget_unused_originals

    forget_unused_originals(ws)


def empty_trash(ws: Workspace) -> int:
    """Delete everything in the trash for good (after a backup); returns how many items."""
    from desktop.services.backups import backup_before

    if not store.list_items(ws):
        return 0
    backup_before(ws, "empty-trash")
    with ws.write():
        count = store.empty(ws)
        _forget_unused_originals(ws)
        return count


def purge_old_items(ws: Workspace) -> int:
    """Items deleted more than 30 days ago go for good (on start); returns how many."""
    if ws.read_only or not store.has_old_items(ws):
        return 0
    with ws.write():
        count = store.purge_older_than(ws)
        _forget_unused_originals(ws)
        return count


def trash_recommendations(ws: Workspace, rec_ids: list[int], label: str) -> int | None:
    """Move recommendations, with their notes, quotes, links and dismissals, to the trash
    (call inside a write). Returns the trash item's id."""
    if not rec_ids:
        return None
    snapshot = {"rows": store.capture_recommendations(ws, rec_ids), "relink": {}}
    store.delete_recommendation_rows(ws, rec_ids)
    return store.put(ws, "recommendation", rec_ids[0], label, snapshot)


def trash_rows(ws: Workspace, kind: str, item_id: int, label: str, rows: dict[str, list[dict]]) -> int:
    """Record rows the caller is about to delete (call inside the same write)."""
    return store.put(ws, kind, item_id, label, {"rows": rows, "relink": {}})
