"""Opening, creating and copying workspace files."""

from __future__ import annotations

import contextlib
from pathlib import Path

from desktop.domain.errors import WorkspaceError
from desktop.paths import WORKSPACE_SUFFIX, default_workspace_path
from desktop.storage import workspace as workspace_store
from desktop.storage.workspace import Workspace, open_workspace, save_copy


def open_named_or_default(path: Path | str | None, *, create: bool = True) -> Workspace:
    """The workspace the user named, else $SCRUTINY_DESK_WORKSPACE, else the default one.

    The default workspace is created on first use; a named file is created only
    with ``create`` (so a mistyped name is an error, not a new empty workspace).
    """
    ws = open_workspace(Path(path) if path else default_workspace_path(),
                        create=create if path else True)
    after_opening(ws)
    return ws


def after_opening(ws: Workspace) -> None:
    """What every opening does, window and command line: the daily backup (taken before
    anything else can change the file), then the trash's 30-day purge."""
    from desktop.services.backups import backup_if_due

    backup_if_due(ws)
    purge_old_trash(ws)


def purge_old_trash(ws: Workspace) -> None:
    """Items in the trash for over 30 days go for good on start (window and command line)."""
    from desktop.services.trash import purge_old_items

    with contextlib.suppress(WorkspaceError):  # busy in another window: the next start purges them
        purge_old_items(ws)


def create_workspace(path: Path | str) -> Workspace:
    """A new, empty workspace; an existing file is never overwritten."""
    path = Path(path).expanduser()
    if not path.suffix:
        path = path.with_suffix(WORKSPACE_SUFFIX)
    if path.exists():
        raise WorkspaceError(f"{path.name} already exists; choose a new name for the new workspace.")
    return open_workspace(path, create=True)


def save_workspace_copy(ws: Workspace, target: Path | str, *, overwrite: bool = False) -> Path:
    """A consistent copy of the open workspace, e.g. for a backup or to send on."""
    return save_copy(ws, target, overwrite=overwrite)



def own_commits() -> int:
    """Writes this process has committed (any thread): a change the window sees that is not
    one of these came from another window or the command line."""
    return workspace_store.own_commits()
