"""Changing what a QSortFilterProxyModel lets through, on every Qt this app runs on.

Qt 6.10 replaced ``invalidateFilter()`` with ``beginFilterChange()`` before the
change and ``endFilterChange()`` after it; older Qt has only the first.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from PySide6.QtCore import QSortFilterProxyModel


@contextlib.contextmanager
def filter_change(proxy: QSortFilterProxyModel) -> Iterator[None]:
    """``with filter_change(self): self.words = ...``: the rows are filtered again after."""
    modern = hasattr(proxy, "beginFilterChange")
    if modern:
        proxy.beginFilterChange()
    try:
        yield
    finally:
        if modern:
            proxy.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            proxy.invalidateFilter()
