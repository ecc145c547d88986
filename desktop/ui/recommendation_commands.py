"""Undoable changes to recommendations, for the window's undo stack.

Each command is pushed after its change was stored once, so its first redo
does nothing. Field edits store old and new values; everything else (adding,
deleting, merging, splitting, notes) puts back whole snapshots, which restores
ids, backing passages and dated notes exactly.
"""

from __future__ import annotations

from desktop.services import recommendations as recs
from desktop.services.recommendations import Snapshot
from desktop.storage.workspace import Workspace
from desktop.ui.stored_command import Changed, Failed, StoredOnceCommand


class EditRecommendationCommand(StoredOnceCommand):
    """Changed fields of one recommendation (``before``/``after`` hold only those)."""

    def __init__(self, ws: Workspace, rec_id: int, before: dict[str, object],
                 after: dict[str, object], text: str, on_changed: Changed,
                 on_failed: Failed) -> None:
        super().__init__(text, on_changed, on_failed)
        self._ws, self._id = ws, rec_id
        self._before, self._after = before, after

    def _forward(self) -> list[int]:
        recs.edit_recommendation(self._ws, self._id, self._after)
        return [self._id]

    def _backward(self) -> list[int]:
        recs.edit_recommendation(self._ws, self._id, self._before)
        return [self._id]


class SnapshotCommand(StoredOnceCommand):
    """Recommendations as they were (``before``) and as they are now (``after``).

    A recommendation only in ``after`` was made by the change (add, split);
    one only in ``before`` was removed by it (delete, merge).
    """

    def __init__(self, ws: Workspace, before: list[Snapshot], after: list[Snapshot], text: str,
                 on_changed: Changed, on_failed: Failed) -> None:
        super().__init__(text, on_changed, on_failed)
        self._ws, self._before, self._after = ws, list(before), list(after)

    @staticmethod
    def _ids(snaps: list[Snapshot]) -> list[int]:
        return [s.recommendation.id for s in snaps]

    def _put(self, shown: list[Snapshot], gone: list[Snapshot]) -> list[int]:
        keep = set(self._ids(shown))
        recs.restore(self._ws, shown, remove_ids=tuple(i for i in self._ids(gone) if i not in keep))
        return self._ids(shown)

    def _forward(self) -> list[int]:
        return self._put(self._after, self._before)

    def _backward(self) -> list[int]:
        return self._put(self._before, self._after)
