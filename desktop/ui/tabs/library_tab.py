"""The Library: every document held, packs with their papers, filters and details."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.dates import uk_date
from desktop.domain.documents import DocType, Document
from desktop.ui.models.documents_model import (
    COL_AUTHORITY,
    COL_DATE,
    COL_PAGES,
    COL_PASSAGES,
    COL_TITLE,
    COL_TYPE,
    DocumentIdRole,
    DocumentsFilterModel,
    DocumentsModel,
)
from desktop.ui.widgets import id_table
from desktop.ui.widgets.plain_labels import plain_label
from desktop.ui.widgets.splitters import readable_splitter, restore_splitter
from desktop.ui.widgets.welcome_panel import WelcomePanel

ALL_TYPES, ALL_AUTHORITIES = "All types", "All authorities"
SPLITTER_DEFAULTS = (0.7, 0.3)  # the list is what people scan; details are a glance
MIN_TREE_FRACTION = 0.45
MIN_TREE_WIDTH = 400  # title plus type, authority and date stay readable
MIN_DETAILS_WIDTH = 220


class DocumentDetails(QWidget):
    """The selected document's metadata, with the actions on it."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Document details")
        self.fields = {name: plain_label() for name in
                       ("title", "type", "authority", "date", "period", "size", "found", "source", "duplicate")}
        form = QFormLayout()
        captions = {"title": "Title", "type": "Type", "authority": "Authority", "date": "Date",
                    "period": "Period", "size": "Size", "found": "Found", "source": "Imported from",
                    "duplicate": "Duplicate"}
        for name, label in self.fields.items():
            label.setAccessibleName(captions[name])
            form.addRow(captions[name] + ":", label)
        self.open_button = QPushButton("Rea&d")
        self.edit_button = QPushButton("Ed&it details…")
        self.delete_button = QPushButton("Dele&te…")
        for button, name in ((self.open_button, "Open in the Reader"),
                             (self.edit_button, "Edit document details"),
                             (self.delete_button, "Delete document")):
            button.setAccessibleName(name)
        buttons = QHBoxLayout()
        for button in (self.open_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.delete_allowed = True
        self._shown: Document | None = None
        self.show_document(None, None)

    def allow_delete(self, allowed: bool) -> None:
        """Deleting waits while an import writes to the workspace."""
        self.delete_allowed = allowed
        self.delete_button.setEnabled(allowed and self._shown is not None)
        self.delete_button.setToolTip("" if allowed else "Wait for the import to finish to delete.")

    def show_document(self, doc: Document | None, original_title: str | None, found: str = "") -> None:
        """``found``: what was taken from the paper ("2 priority actions, 6 areas for improvement")."""
        self._shown = doc
        for button in (self.open_button, self.edit_button):
            button.setEnabled(doc is not None)
        self.delete_button.setEnabled(doc is not None and self.delete_allowed)
        if doc is None:
            for label in self.fields.values():
                label.clear()
            self.fields["title"].setText("Select a document to see its details.")
            return
        period = " to ".join(uk_date(d) if d else "?" for d in (doc.period_start, doc.period_end)) \
            if (doc.period_start or doc.period_end) else "—"
        size = f"{doc.passage_count} passages"
        if doc.pages:
            size = f"{doc.pages} pages, {size}"
        if doc.child_ids:
            size += f"; a pack of {len(doc.child_ids)} papers"
        values = {"title": doc.title, "type": doc.doc_type.label,
                  "authority": doc.authority or "not known",
                  "date": uk_date(doc.date, "not known"),
                  "period": period, "size": size, "found": found or "—", "source": doc.source,
                  "duplicate": f"a copy of “{original_title}”" if original_title else "no"}
        for name, value in values.items():
            self.fields[name].setText(value)


class LibraryTab(QWidget):
    open_document = Signal(int)
    edit_document = Signal(int)
    delete_document = Signal(int)
    current_changed = Signal(object)  # document id or None

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.model = DocumentsModel(self)
        self.proxy = DocumentsFilterModel(self)
        self.proxy.setSourceModel(self.model)

        self.welcome = WelcomePanel()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self._build_browser())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.stack.setCurrentWidget(self.welcome)

    # -- building --------------------------------------------------------
    def _build_filters(self) -> QHBoxLayout:
        self.filter_edit = id_table.words_filter("Filter documents", "Filter by title, authority or type")
        self.filter_edit.textChanged.connect(self.proxy.set_text)
        self.type_filter = QComboBox()
        self.type_filter.setAccessibleName("Show documents of type")
        self.type_filter.addItem(ALL_TYPES, None)
        for kind in DocType:
            self.type_filter.addItem(kind.label, str(kind))
        self.type_filter.currentIndexChanged.connect(
            lambda _i: self.proxy.set_doc_type(self.type_filter.currentData()))
        self.authority_filter = QComboBox()
        self.authority_filter.setAccessibleName("Show documents about authority")
        self.authority_filter.addItem(ALL_AUTHORITIES, None)
        self.authority_filter.currentIndexChanged.connect(
            lambda _i: self.proxy.set_authority(self.authority_filter.currentData()))
        self.count_label = id_table.count_label("Number of documents shown")
        filter_label = QLabel("Show &only:")
        filter_label.setBuddy(self.filter_edit)
        row = QHBoxLayout()
        row.addWidget(filter_label)
        row.addWidget(self.filter_edit, 2)
        row.addWidget(self.type_filter, 1)
        row.addWidget(self.authority_filter, 1)
        row.addWidget(self.count_label)
        for signal in (self.proxy.rowsInserted, self.proxy.rowsRemoved, self.proxy.modelReset,
                       self.proxy.layoutChanged):
            signal.connect(self._update_count)
        return row

    def _build_browser(self) -> QWidget:
        self.view = QTreeView()
        self.view.setAccessibleName("Documents")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(COL_DATE, Qt.SortOrder.DescendingOrder)
        self.view.setUniformRowHeights(True)  # keeps 10,000 rows quick
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.reset_columns()
        self.view.doubleClicked.connect(self._activate)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.view)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda: self._activate(self.view.currentIndex()))
        self.view.selectionModel().currentRowChanged.connect(self._on_current)

        self.details = DocumentDetails()
        # Set by the window: doc id -> what was found in it, in words (one small indexed query).
        self.describe_findings: Callable[[int], str] | None = None
        self.details.open_button.clicked.connect(self._open_current)
        self.details.edit_button.clicked.connect(self._edit_current)
        self.details.delete_button.clicked.connect(self._delete_current)

        self.view.setMinimumWidth(MIN_TREE_WIDTH)
        self.details.setMinimumWidth(MIN_DETAILS_WIDTH)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.details)
        self.splitter.setChildrenCollapsible(False)  # a dragged-shut list looks like no documents
        self.splitter.setStretchFactor(0, 7)
        self.splitter.setStretchFactor(1, 3)
        readable_splitter(self.splitter, SPLITTER_DEFAULTS, MIN_TREE_FRACTION)
        browser = QWidget()
        layout = QVBoxLayout(browser)
        layout.addLayout(self._build_filters())
        layout.addWidget(self.splitter, 1)
        return browser

    def reset_columns(self) -> None:
        """Title takes the spare width; the other columns fit their usual contents."""
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        width = self.fontMetrics().horizontalAdvance
        for column, sample in ((COL_TYPE, "Monitoring visit letter"), (COL_AUTHORITY, "North East Lincolnshire"),
                               (COL_DATE, "2024-12-31 "), (COL_PAGES, "Pages "),
                               (COL_PASSAGES, "Passages ")):
            header.setSectionHidden(column, False)
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width(sample) + 24)

    def restore_layout(self, splitter_state: QByteArray | None, header_state: QByteArray | None) -> None:
        """Saved splitter and column widths, unless they would hide the columns."""
        restore_splitter(self.splitter, splitter_state)
        header = self.view.header()
        if header_state is None or not header.restoreState(header_state):
            return
        hidden = any(header.isSectionHidden(c) or header.sectionSize(c) < 20
                     for c in range(header.count()))
        if hidden or header.sectionResizeMode(COL_TITLE) != QHeaderView.ResizeMode.Stretch:
            self.reset_columns()

    # -- data ------------------------------------------------------------
    def set_documents(self, documents: list[Document], authorities: list[str]) -> None:
        keep = self.selected_document_id()
        self.model.set_documents(documents)
        self._set_authorities(authorities)
        self.stack.setCurrentIndex(1 if documents else 0)
        self._update_count()
        if keep is not None and self.model.document(keep) is not None:
            self.select_document(keep)
        else:
            self._on_current()

    def _set_authorities(self, authorities: list[str]) -> None:
        current = self.authority_filter.currentData()
        self.authority_filter.blockSignals(True)
        self.authority_filter.clear()
        self.authority_filter.addItem(ALL_AUTHORITIES, None)
        for name in authorities:
            self.authority_filter.addItem(name, name)
        index = self.authority_filter.findData(current) if current else 0
        self.authority_filter.setCurrentIndex(max(0, index))
        self.authority_filter.blockSignals(False)
        self.proxy.set_authority(self.authority_filter.currentData())

    def _update_count(self, *_args) -> None:
        total = self.model.document_count()
        shown = self.proxy.rowCount()
        tops = self.model.rowCount()
        # The status bar counts every document, a pack's papers too; so does this.
        self.count_label.setText(f"{total} documents" if shown == tops
                                 else f"{shown} of {tops} entries shown ({total} documents in all)")

    # -- selection -------------------------------------------------------
    def selected_document_id(self) -> int | None:
        index = self.view.currentIndex()
        return index.data(DocumentIdRole) if index.isValid() else None

    def select_document(self, doc_id: int) -> bool:
        source = self.model.index_of(doc_id)
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            return False
        if index.parent().isValid():
            self.view.expand(index.parent())
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(index)
        return True

    def _on_current(self, *_args) -> None:
        doc_id = self.selected_document_id()
        doc = self.model.document(doc_id) if doc_id is not None else None
        original = None
        if doc is not None and doc.duplicate_of is not None:
            source = self.model.document(doc.duplicate_of)
            original = source.title if source else f"document {doc.duplicate_of}"
        found = ""
        if doc is not None and self.describe_findings is not None:
            found = self.describe_findings(doc.id)
        self.details.show_document(doc, original, found)
        self.current_changed.emit(doc_id)

    def _activate(self, index) -> None:
        if index.isValid():
            self.open_document.emit(index.data(DocumentIdRole))

    def _open_current(self) -> None:
        if (doc_id := self.selected_document_id()) is not None:
            self.open_document.emit(doc_id)

    def _edit_current(self) -> None:
        if (doc_id := self.selected_document_id()) is not None:
            self.edit_document.emit(doc_id)

    def _delete_current(self) -> None:
        if (doc_id := self.selected_document_id()) is not None:
            self.delete_document.emit(doc_id)

    def set_read_only(self, read_only: bool) -> None:
        self.welcome.set_read_only(read_only)
        self.details.edit_button.setVisible(not read_only)
        self.details.delete_button.setVisible(not read_only)
