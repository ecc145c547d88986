"""The passages of the document in the Reader, as an outline list."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt

from desktop.domain.documents import Passage
from desktop.ui.widgets.tooltips import TOOLTIP_CHARS, plain_tooltip

PassageRole = Qt.ItemDataRole.UserRole + 1
PassageIdRole = Qt.ItemDataRole.UserRole + 2
PageRole = Qt.ItemDataRole.UserRole + 3
MarkRole = Qt.ItemDataRole.UserRole + 4  # e.g. "[R 3]" or "[backs 3, 7]", or None

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
        self._marks: dict[int, tuple[str, str]] = {}

    def set_marks(self, marks: dict[int, tuple[str, str]]) -> None:
        """Passage id -> (badge, description), e.g. for passages that are recommendations."""
        self._marks = {pid: mark for pid, mark in marks.items() if pid in self._rows}
        if self._passages:
            self.dataChanged.emit(self.index(0), self.index(len(self._passages) - 1))

    def mark_of(self, passage_id: int) -> tuple[str, str] | None:
        return self._marks.get(passage_id)

    def set_passages(self, passages: list[Passage]) -> None:
        self.beginResetModel()
        self._passages = list(passages)
        self._rows = {p.id: row for row, p in enumerate(self._passages)}
        self._marks = {}
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
        mark = self._marks.get(passage.id)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{mark[0]} {outline_text(passage)}" if mark else outline_text(passage)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(f"{mark[1]}\n\n{passage.text}" if mark else passage.text,
                                 limit=3 * TOOLTIP_CHARS if mark else TOOLTIP_CHARS)
        if role == MarkRole:
            return mark[0] if mark else None
        if role == PassageRole:
            return passage
        if role == PassageIdRole:
            return passage.id
        if role == PageRole:
            return passage.page
        return None
