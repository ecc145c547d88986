"""The Reader: one document's passages as plain text, with find and jump-to-passage."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPalette, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QListView,
    QPlainTextEdit,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.dates import uk_date
from desktop.domain.documents import Document, Passage
from desktop.ui.models.outline_model import HeadingsOutline
from desktop.ui.models.passages_model import PassageIdRole, PassagesModel
from desktop.ui.reader_pages import ReaderPages
from desktop.ui.widgets.find_bar import FindBar
from desktop.ui.widgets.highlight import passage_background
from desktop.ui.widgets.passage_text import PassageLayout, layout_passages
from desktop.ui.widgets.plain_labels import plain_label
from desktop.ui.widgets.splitters import readable_splitter, restore_splitter

SPLITTER_DEFAULTS = (0.32, 0.68)  # the outline shows page and first words of each passage
MIN_OUTLINE_FRACTION = 0.15
MIN_OUTLINE_WIDTH = 200
MARK_TINT = QColor(60, 170, 90, 45)  # translucent: reads on light and dark palettes
EMPTY_TEXT = "Open a document from the Library or a search result to read it here."


def describe_ocr(ocr_pages: dict[int, float], pages: int, doubted: bool = False) -> str:
    """"read by OCR (2 of 5 pages, 91% confidence)": scanned text may hold misread words."""
    confidence = sum(ocr_pages.values()) / len(ocr_pages)
    share = "all pages" if len(ocr_pages) >= pages else f"{len(ocr_pages)} of {pages} pages"
    unsure = "; faint words are ones it was unsure of" if doubted else ""
    return f"read by OCR ({share}, {confidence:.0f}% confidence{unsure})"


class ReaderTab(QWidget):
    document_shown = Signal()  # a new document is on screen: time to mark its passages
    document_opening = Signal()  # its passages are known, its text not laid out yet: start drawing pages

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.document: Document | None = None
        self.layout_: PassageLayout = PassageLayout()
        self._current_passage: int | None = None
        self._tinted: list[int] = []
        self.recommendation_marks: dict[int, tuple[str, str]] = {}

        self.title_label = plain_label("Document title")
        font = QFont(self.title_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title_label.setFont(font)
        self.meta_label = plain_label("Document type, authority and date")

        self.find_bar = FindBar()
        self.find_bar.find_next.connect(lambda text: self.find(text, backwards=False))
        self.find_bar.find_previous.connect(lambda text: self.find(text, backwards=True))

        self.outline_model = PassagesModel(self)  # every passage: quoting and marks use them all
        self.outline_headings = HeadingsOutline(self.outline_model, self)
        self.outline = QListView()
        self.outline.setAccessibleName("Outline of the document: its headings")
        self.outline.setModel(self.outline_headings)
        self.outline.setUniformItemSizes(True)
        self.outline.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.outline.clicked.connect(self._outline_chosen)
        self.outline.activated.connect(self._outline_chosen)

        self.text_view = QPlainTextEdit()
        self.text_view.setReadOnly(True)  # QPlainTextEdit never interprets markup
        self.text_view.setAccessibleName("Document text")
        self.text_view.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                               | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.text_view.setPlainText(EMPTY_TEXT)
        self.text_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.text_view.customContextMenuRequested.connect(self._text_menu)
        self.text_view.verticalScrollBar().valueChanged.connect(self._follow_scroll)
        self.context_actions: list = []  # added by controllers: "Link to recommendation or action…"
        self.menu_position: int | None = None  # where the open context menu was asked for
        self._evidence_marks: list = []  # linked quotes (extra selections), under the passage mark
        self.pages = ReaderPages(self)  # the Page | Text switch; its stack holds the text view

        self.outline.setMinimumWidth(MIN_OUTLINE_WIDTH)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.outline)
        self.splitter.addWidget(self.pages.stack)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 2)
        readable_splitter(self.splitter, SPLITTER_DEFAULTS, MIN_OUTLINE_FRACTION)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.meta_label)
        layout.addWidget(self.pages.bar)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.splitter, 1)

    def restore_layout(self, splitter_state) -> None:
        restore_splitter(self.splitter, splitter_state)

    # -- showing ---------------------------------------------------------
    def show_document(self, document: Document, passages: list[Passage],
                      paper_titles: dict[int, str] | None = None,
                      ocr_pages: dict[int, float] | None = None,
                      faint_words: dict[int, list[tuple[int, int]]] | None = None) -> None:
        """Show ``passages``; ``paper_titles`` (for a pack) puts a heading before each paper;
        ``ocr_pages`` (page -> confidence) says which pages were scanned and read by OCR;
        ``faint_words`` (passage id -> spans in its text) are words OCR was unsure of."""
        self.document = document
        self._current_passage = None
        self._tinted = []
        self.title_label.setText(document.title)
        parts = [document.doc_type.label, document.authority or "authority not known",
                 uk_date(document.date, "undated")]
        if document.pages:
            parts.append(f"{document.pages} pages")
        if ocr_pages:
            parts.append(describe_ocr(ocr_pages, document.pages, bool(faint_words)))
        self.meta_label.setText(" · ".join(parts))
        self.outline_model.set_passages(passages)
        self.outline_headings.refresh()
        self.pages.document_changed()  # the page controller gives it the original, if held:
        self.document_opening.emit()  # its first page is drawn while the text is laid out
        self.layout_ = layout_passages(passages, paper_titles)
        text = self.layout_.text or "This document has no text that could be read."
        self.text_view.setPlainText(text)  # always plain: "<b>" stays "<b>"
        self._format_headings()
        self._show_faintly(faint_words or {}, passages)
        self._evidence_marks = []
        self.text_view.setExtraSelections([])
        self.text_view.moveCursor(QTextCursor.MoveOperation.Start)
        self.document_shown.emit()

    def set_marks(self, marks: dict[int, tuple[str, str]]) -> None:
        """Badge the outline's passages that are recommendations or back one, and tint
        them in the text (the badge and its tooltip say which; the tint only helps find them)."""
        self.outline_model.set_marks(marks)
        self.recommendation_marks = dict(marks)
        cursor = QTextCursor(self.text_view.document())
        for passage_id, tint in ((pid, QBrush()) for pid in self._tinted):
            self._tint(cursor, passage_id, tint)
        self._tinted = [pid for pid in marks if pid in self.layout_.spans]
        for passage_id in self._tinted:
            self._tint(cursor, passage_id, QBrush(MARK_TINT))
        self.pages.marks_changed()

    def _tint(self, cursor: QTextCursor, passage_id: int, brush: QBrush) -> None:
        span = self.layout_.spans.get(passage_id)
        if span is None:
            return
        fmt = QTextCharFormat()
        fmt.setBackground(brush)
        cursor.setPosition(span[0])
        cursor.setPosition(span[1], QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(fmt)

    def clear(self) -> None:
        self.document = None
        self._current_passage = None
        self._tinted = []
        self.title_label.clear()
        self.meta_label.clear()
        self.outline_model.set_passages([])
        self.outline_headings.refresh()
        self.layout_ = PassageLayout()
        self.text_view.setPlainText(EMPTY_TEXT)
        self.recommendation_marks = {}
        self.pages.document_changed()

    def _show_faintly(self, faint_words: dict[int, list[tuple[int, int]]], passages: list[Passage]) -> None:
        """Grey the words OCR doubted, so a councillor checks them against the page before quoting."""
        if not faint_words:
            return
        fmt = QTextCharFormat()
        fmt.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText))
        fmt.setToolTip("OCR was unsure of this word: check it against the page")
        cursor = QTextCursor(self.text_view.document())
        texts = {p.id: p.text for p in passages if p.id in faint_words}
        for start, end in self.layout_.spans_within(faint_words, texts):
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)

    def _format_headings(self) -> None:
        """Bold paper headings and dim page marks: formats over plain text, not markup."""
        heading = QTextCharFormat()
        heading.setFontWeight(700)
        heading.setFontPointSize(self.text_view.font().pointSizeF() * 1.2)
        page = QTextCharFormat()
        page.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText))
        cursor = QTextCursor(self.text_view.document())
        for spans, fmt in ((self.layout_.headings, heading), (self.layout_.page_marks, page)):
            for start, end in spans:
                cursor.setPosition(start)
                cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
                cursor.mergeCharFormat(fmt)

    # -- passages --------------------------------------------------------
    def current_passage_id(self) -> int | None:
        return self._current_passage

    def open_passage(self, passage_id: int) -> bool:
        """Scroll to the passage, select it and mark it; False if it is not shown."""
        span = self.layout_.spans.get(passage_id)
        if span is None:
            return False
        self._current_passage = passage_id
        start, end = span
        cursor = QTextCursor(self.text_view.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        mark = QTextEdit.ExtraSelection()
        mark.cursor = QTextCursor(cursor)
        mark.format.setBackground(passage_background(self.palette()))
        mark.format.setProperty(QTextCharFormat.Property.FullWidthSelection, True)
        self.text_view.setExtraSelections(self._evidence_marks + [mark])
        self.text_view.setTextCursor(cursor)
        self.text_view.centerCursor()
        self._show_in_outline(passage_id)
        self.pages.passage_opened()
        return True

    def set_evidence_marks(self, selections: list) -> None:
        """Draw linked quotes (extra selections), keeping the current passage's mark on top."""
        self._evidence_marks = list(selections)
        full_width = QTextCharFormat.Property.FullWidthSelection
        current = [s for s in self.text_view.extraSelections() if s.format.boolProperty(full_width)]
        self.text_view.setExtraSelections(self._evidence_marks + current)
        self.pages.marks_changed()

    def build_text_menu(self, pos):
        """The text's context menu: Copy and Select All, then the controllers' actions."""
        self.menu_position = self.text_view.cursorForPosition(pos).position()
        menu = self.text_view.createStandardContextMenu(pos)
        if self.context_actions:
            menu.addSeparator()
            menu.addActions(self.context_actions)
        return menu

    def _text_menu(self, pos) -> None:
        menu = self.build_text_menu(pos)
        menu.exec(self.text_view.viewport().mapToGlobal(pos))
        menu.deleteLater()
        self.menu_position = None

    def _show_in_outline(self, passage_id: int) -> None:
        """Select the passage's heading in the outline (the passage itself when all are listed)."""
        index = self.outline_headings.index_for_passage(passage_id)
        if index.isValid():
            self.outline.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.outline.scrollTo(index, QListView.ScrollHint.PositionAtCenter)

    def _follow_scroll(self, *_args) -> None:
        """The outline follows the text: the heading of the passage at the top is selected."""
        if not self.layout_.spans:
            return
        top = self.text_view.cursorForPosition(self.text_view.viewport().rect().topLeft()).position()
        passage_id = self.layout_.passage_at(top)
        if passage_id is not None:
            index = self.outline_headings.index_for_passage(passage_id)
            if index.isValid() and index != self.outline.currentIndex():
                self.outline.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
                self.outline.scrollTo(index)

    def _outline_chosen(self, index) -> None:
        if index.isValid():
            self.open_passage(index.data(PassageIdRole))

    # -- find ------------------------------------------------------------
    def open_find(self) -> None:
        selected = self.text_view.textCursor().selectedText()
        self.find_bar.open_bar(selected if 0 < len(selected) < 80 else "")

    def find(self, text: str, backwards: bool = False) -> bool:
        """Find the next (or previous) occurrence, wrapping round the document."""
        if not text:
            return False
        flags = QTextDocument.FindFlag.FindBackward if backwards else QTextDocument.FindFlag(0)
        found = self.text_view.find(text, flags)
        if not found:
            cursor = self.text_view.textCursor()
            cursor.movePosition(QTextCursor.MoveOperation.End if backwards
                                else QTextCursor.MoveOperation.Start)
            self.text_view.setTextCursor(cursor)
            found = self.text_view.find(text, flags)
        self.find_bar.show_result(found)
        self.pages.find_changed(text if found else "")
        return found

    def find_next(self) -> bool:
        if not self.find_bar.field.text():
            self.open_find()
            return False
        return self.find(self.find_bar.field.text())

    def find_previous(self) -> bool:
        if not self.find_bar.field.text():
            self.open_find()
            return False
        return self.find(self.find_bar.field.text(), backwards=True)
