"""Recommendations as a table, and the proxy that filters and sorts them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QSortFilterProxyModel, Qt

from desktop.domain.dates import short_uk_date
from desktop.domain.documents import Document
from desktop.domain.recommendations import Recommendation
from desktop.ui.models.filter_change import filter_change
from desktop.ui.models.row_table import RowTableModel
from desktop.ui.widgets.rollup_panel import flag_words, status_tooltip
from desktop.ui.widgets.tooltips import plain_tooltip

COL_LABEL, COL_TEXT, COL_SOURCE, COL_DATE, COL_AUTHORITY, COL_KIND, COL_STATUS = range(7)
HEADERS = ("No.", "Recommendation", "Source", "Date", "Authority", "Kind", "Status")

RecommendationRole = Qt.ItemDataRole.UserRole + 1
RecommendationIdRole = Qt.ItemDataRole.UserRole + 2
SourceDocumentIdRole = Qt.ItemDataRole.UserRole + 3
SortRole = Qt.ItemDataRole.UserRole + 4

SHORT_TEXT_CHARS = 140
TEXT_TOOLTIP_CHARS = 2000
_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class RecommendationRow:
    """A recommendation with the document it came from (or was cited in), if held."""

    recommendation: Recommendation
    source: Document | None

    @property
    def source_id(self) -> int | None:
        rec = self.recommendation
        return rec.document_id if rec.document_id is not None else rec.cited_in_document_id

    @property
    def source_title(self) -> str:
        rec = self.recommendation
        if self.source is None:
            if rec.source_citation:  # its paper was deleted; the user's work on it was kept
                return rec.source_citation
            return "typed in" if rec.origin == "manual" else "not held"
        title = f"cited in {self.source.title}" if rec.document_id is None else self.source.title
        # re-reading the paper no longer found these words: kept, and said so
        return f"{title} (no longer found in it)" if rec.gone_from_source else title

    @property
    def when(self) -> date | None:
        return self.recommendation.issued or (self.source.date if self.source else None)


def make_rows(recommendations: list[Recommendation],
              documents: dict[int, Document]) -> list[RecommendationRow]:
    rows = []
    for rec in recommendations:
        doc_id = rec.document_id if rec.document_id is not None else rec.cited_in_document_id
        rows.append(RecommendationRow(rec, documents.get(doc_id) if doc_id is not None else None))
    return rows


def short_text(text: str, limit: int = SHORT_TEXT_CHARS) -> str:
    words = " ".join(text.split())
    return words if len(words) <= limit else words[:limit].rstrip() + "…"


def label_sort_key(label: str) -> str:
    """Numbers in labels sort as numbers ("2" before "10", "111" after "19")."""
    return _NUMBER.sub(lambda m: m.group().zfill(8), label.casefold())


def _display(row: RecommendationRow, column: int) -> str:
    rec = row.recommendation
    if column == COL_LABEL:
        return rec.label
    if column == COL_TEXT:
        return short_text(rec.text)
    if column == COL_SOURCE:
        return row.source_title
    if column == COL_DATE:
        return short_uk_date(row.when)
    if column == COL_AUTHORITY:
        return rec.authority or ""
    if column == COL_KIND:
        return rec.kind.label
    return rec.status.label


def _sort_key(row: RecommendationRow, column: int, status=None) -> str:
    rec = row.recommendation
    # Ties keep the order of the inspection: authority, date, position.
    tail = f"|{rec.authority or ''}|{row.when or ''}|{rec.position:06d}|{rec.id:09d}"
    if column == COL_LABEL:
        return label_sort_key(rec.label) + tail
    if column == COL_DATE:
        return (row.when.isoformat() if row.when else "0000") + tail
    if column == COL_STATUS:
        status = status or rec.status
        order = list(type(status)).index(status)
        return f"{order:02d}" + tail
    return _display(row, column).casefold() + tail


class RecommendationsModel(RowTableModel):
    HEADERS = HEADERS

    def __init__(self, parent=None) -> None:
        super().__init__([], parent)
        self._rollups: dict = {}  # recommendation id -> RollUp, when the roll-up is known

    def set_rollups(self, rollups: dict) -> None:
        """Show statuses rolled up from actions and evidence (or the user's override) in the
        Status column; filtering and sorting by status follow them."""
        self._rollups = dict(rollups)
        if self._rows:
            self.dataChanged.emit(self.index(0, COL_STATUS), self.index(len(self._rows) - 1, COL_STATUS))

    def status_of(self, row: RecommendationRow):
        rollup = self._rollups.get(row.recommendation.id)
        return rollup.status if rollup is not None else row.recommendation.status

    def rows(self) -> list[RecommendationRow]:
        return self._rows

    def row_of(self, rec_id: int) -> int | None:
        for number, row in enumerate(self._rows):
            if row.recommendation.id == rec_id:
                return number
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        row = self.row_at(index)
        if row is None:
            return None
        column = index.column()
        rollup = self._rollups.get(row.recommendation.id) if column == COL_STATUS else None
        if rollup is not None and role == Qt.ItemDataRole.DisplayRole:
            return rollup.status.label + flag_words(rollup)
        if rollup is not None and role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(status_tooltip(rollup), limit=None)
        if rollup is not None and role == SortRole:
            return _sort_key(row, column, rollup.status)
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_TEXT:  # the whole recommendation, however long it runs
                return plain_tooltip(row.recommendation.text, limit=TEXT_TOOLTIP_CHARS)
            return plain_tooltip(_display(row, column))
        if role == RecommendationRole:
            return row.recommendation
        if role == RecommendationIdRole:
            return row.recommendation.id
        if role == SourceDocumentIdRole:
            return row.source_id
        if role == SortRole:
            return _sort_key(row, column)
        return None


class RecommendationsFilterModel(QSortFilterProxyModel):
    """Filters by authority, source document, kind, status and words in the text."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self._authority: str | None = None
        self._document_id: int | None = None
        self._kind: str | None = None
        self._status: str | None = None
        self._words: list[str] = []

    def set_filters(self, *, authority: str | None = None, document_id: int | None = None,
                    kind: str | None = None, status: str | None = None, text: str = "") -> None:
        with filter_change(self):
            self._authority = authority.casefold() if authority else None
            self._document_id = document_id
            self._kind, self._status = kind, status
            self._words = text.casefold().split()

    def filterAcceptsRow(self, source_row, source_parent) -> bool:
        model = self.sourceModel()
        row = model.row_at(model.index(source_row, 0, source_parent))
        if row is None:
            return False
        rec = row.recommendation
        if self._authority and (rec.authority or "").casefold() != self._authority:
            return False
        if self._document_id is not None and self._document_id not in (
                rec.document_id, rec.cited_in_document_id):
            return False
        if self._kind and rec.kind.value != self._kind:
            return False
        if self._status and model.status_of(row).value != self._status:
            return False
        if self._words:
            haystack = f"{rec.label} {rec.text} {row.source_title}".casefold()
            return all(word in haystack for word in self._words)
        return True
