"""Search: one box over every passage, filters, and highlighted snippets."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.dates import parse_user_date
from desktop.domain.documents import DocType
from desktop.domain.errors import UserFacingError
from desktop.search.fts import SearchFilters
from desktop.search.query import QueryError
from desktop.services.searching import search
from desktop.storage.workspace import Workspace
from desktop.ui.models.search_model import (
    COL_AUTHORITY,
    COL_DATE,
    COL_DOCUMENT,
    COL_PAGE,
    COL_PARA,
    COL_SNIPPET,
    DocumentIdRole,
    HighlightsRole,
    PassageIdRole,
    SearchResultsModel,
    SortRole,
)
from desktop.ui.widgets import id_table
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.highlight import HighlightDelegate

RESULT_LIMIT = 200


def _parse_date(text: str, which: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return parse_user_date(text)
    except ValueError as error:
        raise UserFacingError(f"The “{which}” date: {error}") from None


class SearchTab(QWidget):
    open_hit = Signal(int, int)  # document id, passage id

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.workspace: Workspace | None = None
        self.model = SearchResultsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)

        self.query_edit = id_table.words_filter(
            "Search for", 'Words or "a phrase"; OR between alternatives; -word to leave out')
        self.query_edit.returnPressed.connect(self.run_search)
        self.search_button = QPushButton("&Search")
        self.search_button.setAccessibleName("Search")
        self.search_button.clicked.connect(self.run_search)
        query_label = QLabel("Search &for:")
        query_label.setBuddy(self.query_edit)
        top = QHBoxLayout()
        top.addWidget(query_label)
        top.addWidget(self.query_edit, 1)
        top.addWidget(self.search_button)

        self.type_filter = QComboBox()
        self.type_filter.setAccessibleName("Only documents of type")
        self.type_filter.addItem("All types", None)
        for kind in DocType:
            self.type_filter.addItem(kind.label, str(kind))
        self.authority_filter = QComboBox()
        self.authority_filter.setAccessibleName("Only documents about authority")
        self.authority_filter.addItem("All authorities", None)
        self.date_from = self._date_edit("From date")
        self.date_to = self._date_edit("To date")
        self.duplicates_check = QCheckBox("Include &duplicates")
        self.duplicates_check.setAccessibleName("Include duplicates")
        filters = QHBoxLayout()
        for widget in (self.type_filter, self.authority_filter, QLabel("From"), self.date_from,
                       QLabel("to"), self.date_to, self.duplicates_check):
            filters.addWidget(widget)
        filters.addStretch(1)

        self.status_label = QLabel("Type words to search every document held.")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName("Search result count or message")

        self.view = QTableView()
        self.view.setAccessibleName("Search results")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicatorShown(False)  # rank order until clicked
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.setItemDelegateForColumn(COL_SNIPPET, HighlightDelegate(HighlightsRole, self.view))
        header = self.view.horizontalHeader()
        width = self.fontMetrics().horizontalAdvance
        header.resizeSection(COL_DOCUMENT, width("Inspection of local authority children's services") + 16)
        header.resizeSection(COL_AUTHORITY, width("North East Lincolnshire") + 24)
        for column in (COL_DATE, COL_PAGE, COL_PARA):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.view.doubleClicked.connect(self._open)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.view)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda: self._open(self.view.currentIndex()))

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.status_label)
        layout.addWidget(self.view, 1)

    def _date_edit(self, name: str) -> DateField:
        edit = DateField(name=name)
        edit.returnPressed.connect(self.run_search)
        return edit

    def set_workspace(self, workspace: Workspace | None, authorities: list[str]) -> None:
        self.workspace = workspace
        self.model.set_hits([])
        self.set_authorities(authorities)
        self.status_label.setText("Type words to search every document held.")

    def set_authorities(self, authorities: list[str]) -> None:
        current = self.authority_filter.currentData()
        self.authority_filter.clear()
        self.authority_filter.addItem("All authorities", None)
        for name in authorities:
            self.authority_filter.addItem(name, name)
        self.authority_filter.setCurrentIndex(max(0, self.authority_filter.findData(current))
                                              if current else 0)

    def filters(self) -> SearchFilters:
        return SearchFilters(
            doc_type=self.type_filter.currentData(),
            authority=self.authority_filter.currentData(),
            date_from=_parse_date(self.date_from.text(), "from"),
            date_to=_parse_date(self.date_to.text(), "to"),
            include_duplicates=self.duplicates_check.isChecked(),
        )

    def run_search(self) -> None:
        """Search now; a bad query or filter shows its message, never an exception."""
        if self.workspace is None:
            return
        try:
            result = search(self.workspace, self.query_edit.text(), self.filters(), RESULT_LIMIT)
        except (QueryError, UserFacingError) as error:
            self.model.set_hits([])
            self.status_label.setText(str(error))
            return
        self.proxy.sort(-1)  # back to rank order
        self.model.set_hits(result.hits)
        count = len(result.hits)
        if count == 0:
            text = "No passages match."
        elif count >= RESULT_LIMIT:
            text = f"The {count} best-matching passages are shown; add words to narrow the search."
        else:
            text = f"{count} passage{'s' if count != 1 else ''} found."
        if result.note:
            text += " " + result.note
        self.status_label.setText(text)
        if count:
            self.view.selectRow(0)

    def _open(self, index) -> None:
        if index.isValid():
            self.open_hit.emit(index.data(DocumentIdRole), index.data(PassageIdRole))

    def focus_query(self) -> None:
        self.query_edit.setFocus()
        self.query_edit.selectAll()
