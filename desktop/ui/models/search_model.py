"""Search hits as a table: document, authority, date, page, paragraph, snippet."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.domain.dates import short_uk_date
from desktop.search.fts import SearchHit
from desktop.ui.models.row_table import RowTableModel
from desktop.ui.widgets.tooltips import plain_tooltip

COL_DOCUMENT, COL_AUTHORITY, COL_DATE, COL_PAGE, COL_PARA, COL_SNIPPET = range(6)
HEADERS = ("Document", "Authority", "Date", "Page", "Para", "Snippet")

HitRole = Qt.ItemDataRole.UserRole + 1
PassageIdRole = Qt.ItemDataRole.UserRole + 2
DocumentIdRole = Qt.ItemDataRole.UserRole + 3
HighlightsRole = Qt.ItemDataRole.UserRole + 4  # ((start, end), ...) spans of the snippet
SortRole = Qt.ItemDataRole.UserRole + 5


def _display(hit: SearchHit, column: int) -> str:
    if column == COL_DOCUMENT:
        return hit.document_title
    if column == COL_AUTHORITY:
        return hit.authority or ""
    if column == COL_DATE:
        return short_uk_date(hit.date)
    if column == COL_PAGE:
        return str(hit.page) if hit.page else ""
    if column == COL_PARA:
        return hit.label or ""
    return hit.snippet


class SearchResultsModel(RowTableModel):
    HEADERS = HEADERS

    def __init__(self, parent=None) -> None:
        super().__init__([], parent)

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.set_rows(hits)

    def hits(self) -> list[SearchHit]:
        return self._rows

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        hit = self.row_at(index)
        if hit is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(hit, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(_display(hit, column))
        if role == HitRole:
            return hit
        if role == PassageIdRole:
            return hit.passage_id
        if role == DocumentIdRole:
            return hit.document_id
        if role == HighlightsRole:
            return hit.highlights if column == COL_SNIPPET else ()
        if role == SortRole:
            if column == COL_PAGE:
                return hit.page or 0
            return _display(hit, column).casefold()
        return None
