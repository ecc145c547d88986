"""Files and folders carried by a drag and drop."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData


def local_paths(mime_data: QMimeData | None) -> list[Path]:
    if mime_data is None or not mime_data.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime_data.urls() if url.isLocalFile()]


class DropImportMixin:
    """Drag-and-drop import for the main window, which provides ``workspace`` and
    ``import_paths``. Listed before QMainWindow so that its event handlers win."""

    def dragEnterEvent(self, event) -> None:
        if local_paths(event.mimeData()) and self.workspace is not None \
                and not self.workspace.read_only:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:
        if self.handle_drop(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def handle_drop(self, mime_data) -> bool:
        """Import what a drop carries (the drop event's work, callable from tests)."""
        paths = local_paths(mime_data)
        return bool(paths) and self.import_paths(paths) is not None
