"""The window's side of backups and of sharing the workspace with other processes:
File > Back up now, File > Restore from backup…, notices from opening (a -wal set
aside, damage found), and noticing changes another window or the command line made.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction

from desktop.domain.errors import WorkspaceError
from desktop.services import backups as backup_service
from desktop.services import workspaces as workspaces_service
from desktop.ui.dialogs import messages

# PRAGMA data_version is answered from memory: polling it is cheap.
CHANGE_POLL_MS = 2000
STATUS_MS = 8000


class BackupController(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.back_up_now = QAction("&Back up now", window)
        self.back_up_now.setStatusTip("Take a backup of this workspace into the Backups folder")
        self.back_up_now.triggered.connect(self.take_backup)
        self.restore = QAction("&Restore from backup…", window)
        self.restore.setStatusTip("Restore one of this workspace's backups")
        self.restore.triggered.connect(self.show_restore)
        save_copy = window.actions_.save_copy
        for menu in save_copy.associatedObjects():
            if hasattr(menu, "insertAction") and menu is not window:
                following = _action_after(menu, save_copy)
                menu.insertActions(following, [self.back_up_now, self.restore])
        self._seen_version: int | None = None
        self._seen_background = 0
        self.timer = QTimer(self)
        self.timer.setInterval(CHANGE_POLL_MS)
        self.timer.timeout.connect(self.check_for_outside_changes)

    # -- opening -----------------------------------------------------------
    def workspace_opened(self, workspace) -> None:
        self.back_up_now.setEnabled(True)
        self.restore.setEnabled(True)
        self._seen_version = self._version(workspace)
        self._seen_background = self._background_commits(workspace)
        self.timer.start()
        for notice in workspace.notices:
            if notice == workspace.damaged:
                self.offer_restore(damaged=True)
            else:
                messages.show_error(self.window, "About this workspace", notice)

    # -- changes made elsewhere ---------------------------------------------
    @staticmethod
    def _background_commits(workspace) -> int:
        """Writes this process made on connections other than the window's own (its jobs)."""
        return workspaces_service.own_commits() - workspace.commits

    @staticmethod
    def _version(workspace) -> int | None:
        try:
            return workspace.data_version()
        except Exception:  # a closed or damaged connection: nothing to compare
            return None

    def check_for_outside_changes(self) -> None:
        ws = self.window.workspace
        if ws is None or self.window.runner.busy:
            return  # our own job is writing; its end reloads the window anyway
        version, background = self._version(ws), self._background_commits(ws)
        if version is not None and self._seen_version is not None and version != self._seen_version:
            self.window.reload_documents()
            if background == self._seen_background:  # not (only) this window's background jobs
                self.window.statusBar().showMessage(
                    "Changes made in another window or on the command line are now shown.", STATUS_MS)
        self._seen_version, self._seen_background = version, background

    # -- backing up ----------------------------------------------------------
    def take_backup(self) -> None:
        ws = self.window.workspace
        if ws is None:
            return
        self.window.runner.submit("Back up", lambda context: backup_service.back_up_now(
            context.workspace), ws, on_result=self._backed_up, on_error=self._failed)

    def _backed_up(self, path) -> None:
        self.window.statusBar().showMessage(f"Backed up the workspace as {path.name}", STATUS_MS)

    def _failed(self, error) -> None:
        text = str(error) if isinstance(error, WorkspaceError) else "The backup could not be written."
        messages.show_error(self.window, "Cannot back up", text)

    # -- restoring -----------------------------------------------------------
    def show_restore(self) -> None:
        self.offer_restore(damaged=False)

    def offer_restore(self, *, damaged: bool) -> None:
        from desktop.ui.dialogs.file_dialogs import choose_new_workspace
        from desktop.ui.dialogs.restore_backup_dialog import OVER_CURRENT, TO_NEW_FILE, RestoreBackupDialog

        ws = self.window.workspace
        if ws is None:
            return
        dialog = RestoreBackupDialog(backup_service.backups_of(ws.path),
                                     ws.damaged if damaged else None, self.window)
        if not dialog.exec() or dialog.backup is None:
            return
        try:
            if dialog.choice == TO_NEW_FILE:
                target = choose_new_workspace(self.window)
                if target is None:
                    return
                restored = backup_service.restore_to_new_file(dialog.backup.path, target)
                self.window.open_workspace_path(restored)
            elif dialog.choice == OVER_CURRENT:
                if not messages.confirm(
                        self.window, "Restore over this workspace",
                        f"Replace what is in {ws.path.name} now with the backup of "
                        f"{dialog.backup.taken_at:%d %B %Y %H:%M}? A backup of it as it is now is "
                        "taken first.", "Restore"):
                    return
                self.restore_over_current(dialog.backup.path)
        except WorkspaceError as error:
            messages.show_error(self.window, "Cannot restore the backup", str(error))

    def restore_over_current(self, backup) -> None:
        window = self.window
        if window.imports.running:
            window.imports.cancel_and_wait()
        window.runner.wait()
        ws = window.workspace
        window.workspace = None  # closed by the restore; reopened below
        self.timer.stop()
        try:
            reopened, safety = backup_service.restore_over_current(ws, backup)
        except WorkspaceError:
            window.open_workspace_path(ws.path)
            raise
        window._switch_to(reopened)
        window.statusBar().showMessage(
            f"Restored the backup; the workspace as it was is kept as {safety.name}.", STATUS_MS)


def _action_after(menu, action):
    actions = menu.actions()
    index = actions.index(action)
    return actions[index + 1] if index + 1 < len(actions) else None
