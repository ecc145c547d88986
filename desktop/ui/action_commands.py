"""Undoable changes to actions, for the window's undo stack.

Each command is pushed after its change was stored once, so its first redo
does nothing. Every change puts back whole snapshots (``restore_action``
replaces an action with its links, updates and due-date history, keeping its
id), so an undone due-date edit leaves no extra slip behind and an undone
deletion brings back the same action with its updates.
"""

from __future__ import annotations

import contextlib

from desktop.services import actions as actions_service
from desktop.services.actions import ActionSnapshot
from desktop.storage.workspace import Workspace
from desktop.ui.stored_command import Changed, Failed, StoredOnceCommand


class ActionSnapshotCommand(StoredOnceCommand):
    """Actions as they were (``before``) and as they are after the change (``after``).

    An action only in ``after`` was made by the change (add); one only in
    ``before`` was removed by it (delete); one in both was changed (edit, link,
    unlink, progress updates).
    """

    def __init__(self, ws: Workspace, before: list[ActionSnapshot], after: list[ActionSnapshot],
                 text: str, on_changed: Changed, on_failed: Failed) -> None:
        super().__init__(text, on_changed, on_failed)
        self._ws, self._before, self._after = ws, list(before), list(after)

    @staticmethod
    def _ids(snaps: list[ActionSnapshot]) -> list[int]:
        return [s.action.id for s in snaps]

    def _put(self, shown: list[ActionSnapshot], gone: list[ActionSnapshot]) -> list[int]:
        keep = set(self._ids(shown))
        for action_id in self._ids(gone):
            if action_id not in keep:
                with contextlib.suppress(actions_service.InvalidAction):  # gone already
                    actions_service.delete_action(self._ws, action_id)
        for snap in shown:
            actions_service.restore_action(self._ws, snap)
        return self._ids(shown)

    def _forward(self) -> list[int]:
        return self._put(self._after, self._before)

    def _backward(self) -> list[int]:
        return self._put(self._before, self._after)


def _label(snap: ActionSnapshot) -> str:
    action = snap.action
    return f"action {action.reference}".strip() if action.reference else f"“{action.title[:40]}”"


def add_command(ws, after: ActionSnapshot, on_changed: Changed, on_failed: Failed):
    return ActionSnapshotCommand(ws, [], [after], f"add {_label(after)}", on_changed, on_failed)


def edit_command(ws, before: ActionSnapshot, after: ActionSnapshot, on_changed: Changed,
                 on_failed: Failed, what: str = "edit"):
    return ActionSnapshotCommand(ws, [before], [after], f"{what} {_label(before)}",
                                 on_changed, on_failed)


def delete_command(ws, deleted: list[ActionSnapshot], on_changed: Changed, on_failed: Failed):
    text = f"delete {_label(deleted[0])}" if len(deleted) == 1 else f"delete {len(deleted)} actions"
    return ActionSnapshotCommand(ws, deleted, [], text, on_changed, on_failed)


def link_command(ws, before, after, on_changed, on_failed, count: int = 1):
    what = "link" if count == 1 else f"link {count} recommendations to"
    return edit_command(ws, before, after, on_changed, on_failed, what)


def unlink_command(ws, before, after, on_changed, on_failed, count: int = 1):
    what = "unlink" if count == 1 else f"unlink {count} recommendations from"
    return edit_command(ws, before, after, on_changed, on_failed, what)


def add_update_command(ws, before, after, on_changed, on_failed):
    return edit_command(ws, before, after, on_changed, on_failed, "report progress on")


def delete_update_command(ws, before, after, on_changed, on_failed):
    return edit_command(ws, before, after, on_changed, on_failed, "delete an update of")
