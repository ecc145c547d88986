"""The Library's documents as a two-level tree: packs hold their papers.

All rows are loaded at once from ``list_documents`` (one query), so opening a
workspace of 10,000 documents costs one pass, with no query per row.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont

from desktop.domain.dates import short_uk_date
from desktop.domain.documents import Document
from desktop.ui.widgets.tooltips import plain_tooltip

COL_TITLE, COL_TYPE, COL_AUTHORITY, COL_DATE, COL_PAGES, COL_PASSAGES = range(6)
HEADERS = ("Title", "Type", "Authority", "Date", "Pages", "Passages")

DocumentIdRole = Qt.ItemDataRole.UserRole + 1
DocumentRole = Qt.ItemDataRole.UserRole + 2
SortRole = Qt.ItemDataRole.UserRole + 3
DuplicateOfRole = Qt.ItemDataRole.UserRole + 4  # title of the original, or None

_TOP = 0  # internalId of a top-level row; a child's is its pack's row + 1


def _display(doc: Document, column: int) -> str:
    if column == COL_TITLE:
        return doc.title
    if column == COL_TYPE:
        return doc.doc_type.label
    if column == COL_AUTHORITY:
        return doc.authority or ""
    if column == COL_DATE:
        return short_uk_date(doc.date)
    if column == COL_PAGES:
        return str(doc.pages) if doc.pages else ""
    if doc.child_ids and not doc.passage_count:
        return ""  # a pack's text is held by its papers
    return str(doc.passage_count)


def _sort_key(doc: Document, column: int) -> object:
    if column == COL_PAGES:
        return doc.pages
    if column == COL_PASSAGES:
        return doc.passage_count
    if column == COL_DATE:
        return doc.date.isoformat() if doc.date else ""
    return _display(doc, column).casefold()


class DocumentsModel(QAbstractItemModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._top: list[Document] = []
        self._children: dict[int, list[Document]] = {}
        self._by_id: dict[int, Document] = {}
        self._row_of: dict[int, int] = {}  # document id -> row under its parent
        self._top_row_of_pack: dict[int, int] = {}
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # -- loading ---------------------------------------------------------
    def set_documents(self, documents: list[Document]) -> None:
        self.beginResetModel()
        self._by_id = {d.id: d for d in documents}
        self._children = {}
        self._top = []
        for doc in documents:
            if doc.parent_id is not None and doc.parent_id in self._by_id:
                self._children.setdefault(doc.parent_id, []).append(doc)
            else:
                self._top.append(doc)
        if self._sort is not None:
            self._sort_rows(*self._sort)
        self._index_rows()
        self.endResetModel()

    def _index_rows(self) -> None:
        self._row_of = {doc.id: row for row, doc in enumerate(self._top)}
        self._top_row_of_pack = dict(self._row_of)
        for papers in self._children.values():
            self._row_of.update({doc.id: row for row, doc in enumerate(papers)})

    def _sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        reverse = order == Qt.SortOrder.DescendingOrder
        key = lambda doc: (_sort_key(doc, column), doc.id)  # noqa: E731 - stable ties
        self._top.sort(key=key, reverse=reverse)
        for papers in self._children.values():
            papers.sort(key=key, reverse=reverse)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in Python with a key (fast for 10,000 rows), keeping selections valid."""
        if not 0 <= column < len(HEADERS):
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        remembered = [(self._doc_at(i).id, i.column()) for i in persistent]
        self._sort_rows(column, order)
        self._index_rows()
        self.changePersistentIndexList(
            persistent, [self._index_for(doc_id, col) for doc_id, col in remembered])
        self.layoutChanged.emit()
    def document(self, doc_id: int) -> Document | None:
        return self._by_id.get(doc_id)

    def document_count(self) -> int:
        return len(self._by_id)

    def index_of(self, doc_id: int) -> QModelIndex:
        return self._index_for(doc_id, 0)

    def _index_for(self, doc_id: int, column: int) -> QModelIndex:
        doc = self._by_id.get(doc_id)
        if doc is None:
            return QModelIndex()
        if doc.parent_id is not None and doc.parent_id in self._by_id:
            parent_row = self._top_row_of_pack[doc.parent_id]
            return self.createIndex(self._row_of[doc_id], column, parent_row + 1)
        return self.createIndex(self._row_of[doc_id], column, _TOP)

    # -- structure -------------------------------------------------------
    def _rows_under(self, parent: QModelIndex) -> list[Document]:
        if not parent.isValid():
            return self._top
        if parent.internalId() != _TOP:
            return []  # papers have no children
        return self._children.get(self._top[parent.row()].id, [])

    def _doc_at(self, index: QModelIndex) -> Document:
        if index.internalId() == _TOP:
            return self._top[index.row()]
        pack = self._top[index.internalId() - 1]
        return self._children[pack.id][index.row()]

    def index(self, row, column, parent=QModelIndex()):
        if column < 0 or column >= len(HEADERS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _TOP) if row < len(self._top) else QModelIndex()
        if parent.internalId() != _TOP:
            return QModelIndex()
        if row >= len(self._children.get(self._top[parent.row()].id, [])):
            return QModelIndex()
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index=QModelIndex()):
        if not index.isValid() or index.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _TOP)

    def rowCount(self, parent=QModelIndex()):
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._rows_under(parent))

    def columnCount(self, parent=QModelIndex()):
        return len(HEADERS)

    def hasChildren(self, parent=QModelIndex()):
        return self.rowCount(parent) > 0

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        doc = self._doc_at(index)
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            text = _display(doc, column)
            if column == COL_TITLE and doc.duplicate_of is not None:
                text += f"  (duplicate of “{self._original_title(doc)}”)"
            return text
        if role == DocumentIdRole:
            return doc.id
        if role == DocumentRole:
            return doc
        if role == SortRole:
            return _sort_key(doc, column)
        if role == DuplicateOfRole:
            return self._original_title(doc) if doc.duplicate_of is not None else None
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_TITLE:
            tip = f"{doc.title}\nFrom {doc.source}"
            if doc.duplicate_of is not None:
                tip += f"\nA copy of “{self._original_title(doc)}”, held already."
            return plain_tooltip(tip)
        if role == Qt.ItemDataRole.FontRole and doc.duplicate_of is not None:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_PAGES, COL_PASSAGES):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _original_title(self, doc: Document) -> str:
        original = self._by_id.get(doc.duplicate_of or -1)
        return original.title if original else f"document {doc.duplicate_of}"


class DocumentsFilterModel(QSortFilterProxyModel):
    """Text, type and authority filters; a pack stays visible when one of its papers matches."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._doc_type: str | None = None
        self._authority: str | None = None
        self.setRecursiveFilteringEnabled(True)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The source model sorts (by key, far faster than pairwise lessThan in Python);
        the proxy only filters and keeps the source's order."""
        self.sourceModel().sort(column, order)

    def _filtering(self) -> bool:
        return bool(self._needle or self._doc_type or self._authority)

    def _refilter(self, name: str, value: object) -> None:
        # Qt 6.10 replaced invalidateFilter() with begin/endFilterChange().
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            setattr(self, name, value)
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            setattr(self, name, value)
            self.invalidateFilter()

    def set_text(self, text: str) -> None:
        self._refilter("_needle", " ".join(text.split()).casefold())

    def set_doc_type(self, doc_type: str | None) -> None:
        self._refilter("_doc_type", doc_type or None)

    def set_authority(self, authority: str | None) -> None:
        self._refilter("_authority", authority or None)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not self._filtering():
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        doc: Document = index.data(DocumentRole)
        if doc is None:
            return False
        if self._doc_type and str(doc.doc_type) != self._doc_type:
            return False
        if self._authority and (doc.authority or "") != self._authority:
            return False
        if self._needle:
            haystack = f"{doc.title} {doc.authority or ''} {doc.doc_type.label}".casefold()
            return all(word in haystack for word in self._needle.split())
        return True
