"""Files and folders carried by a drag and drop."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData


def local_paths(mime_data: QMimeData | None) -> list[Path]:
    if mime_data is None or not mime_data.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime_data.urls() if url.isLocalFile()]
