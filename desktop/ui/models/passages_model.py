"""The passages of the document in the Reader, as an outline list."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt

from desktop.domain.documents import Passage
from desktop.ui.widgets.tooltips import plain_tooltip

PassageRole = Qt.ItemDataRole.UserRole + 1
PassageIdRole = Qt.ItemDataRole.UserRole + 2
PageRole = Qt.ItemDataRole.UserRole + 3

PREVIEW_CHARS = 80


def outline_text(passage: Passage) -> str:
    """Page and the passage's first words; the words already start with its number."""
    where = f"p. {passage.page}" if passage.page else ""
    words = " ".join(passage.text.split())
    if len(words) > PREVIEW_CHARS:
        words = words[:PREVIEW_CHARS].rstrip() + "…"
    return f"{where}   {words}" if where else words


class PassagesModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._passages: list[Passage] = []
        self._rows: dict[int, int] = {}

    def set_passages(self, passages: list[Passage]) -> None:
        self.beginResetModel()
        self._passages = list(passages)
        self._rows = {p.id: row for row, p in enumerate(self._passages)}
        self.endResetModel()

    def passages(self) -> list[Passage]:
        return self._passages

    def row_of(self, passage_id: int) -> int | None:
        return self._rows.get(passage_id)

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self._passages)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._passages):
            return None
        passage = self._passages[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return outline_text(passage)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(passage.text)
        if role == PassageRole:
            return passage
        if role == PassageIdRole:
            return passage.id
        if role == PageRole:
            return passage.page
        return None
