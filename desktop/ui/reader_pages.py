"""The Reader's Page | Text switch and everything that keeps the page view in step.

The text view stays the Reader's one source of truth: its cursor and selection
are what Ctrl+L, the context menu's actions and the evidence controller read.
So the page view works by translation: words dragged over on a page become the
same words selected in the (hidden) text view, and the text view's selection
(a jump from Search, a quote opened, a find match) is shown on the page. The
translation goes through each passage's ranges on its pages (services/pages.py)
and a letter-by-letter match of the passage with those ranges (pages/align.py).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication, QKeySequence, QPalette, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QStackedWidget,
    QToolButton,
    QWidget,
)

from desktop.domain.documents import Passage
from desktop.pages.align import PageRange, PassageOnPages
from desktop.pages.labels import sheet_for_printed
from desktop.pages.marks import find_all
from desktop.services.pages import compute_ranges
from desktop.ui import settings
from desktop.ui.page_renderer import OpenedFile, PageRenderer
from desktop.ui.widgets.highlight import HIT_BACKGROUND
from desktop.ui.widgets.page_view import PageMark, PageView
from desktop.ui.widgets.passage_text import clean
from desktop.ui.widgets.reader_evidence import cleaned_to_original, original_to_utf16, utf16_to_index

RECOMMENDATION_TINT = QColor(60, 170, 90, 60)
EVIDENCE_ALPHA = 70
MAX_FIND_MARKS = 400
NO_PAGES_YET = "Opening the pages…"
RANGES_AT_LATEST_MS = 400


class ReaderPages(QObject):
    """Owns the page view of a ``ReaderTab`` and the switch between it and the text."""

    ranges_computed = Signal(object, object)  # passages, list[PageRange]: to be kept in the workspace
    ranges_wanted = Signal(int)  # generation: time to read the stored ranges (after the first page)

    def __init__(self, reader) -> None:
        super().__init__(reader)
        self.reader = reader
        self.renderer = PageRenderer(self)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.renderer.shutdown)
        self.view = PageView(self.renderer)
        self.stack = QStackedWidget()
        self.stack.addWidget(reader.text_view)
        self.stack.addWidget(self.view)
        self.describe_evidence: Callable[[int], str] | None = None  # Reader text position -> links

        self.page_button = QToolButton(text="Page", checkable=True)
        self.text_button = QToolButton(text="Text", checkable=True)
        self.page_button.setAccessibleName("Show the pages")
        self.text_button.setAccessibleName("Show the text")
        group = QButtonGroup(self)
        group.setExclusive(True)
        group.addButton(self.page_button)
        group.addButton(self.text_button)
        self.text_button.setChecked(True)
        self.page_button.clicked.connect(lambda: self.choose("page"))
        self.text_button.clicked.connect(lambda: self.choose("text"))
        self.note = QLabel()
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.zoom_out_button = QToolButton(text="−")
        self.zoom_out_button.setToolTip("Smaller (Ctrl+minus)")
        self.zoom_out_button.clicked.connect(self.view.zoom_out)
        self.zoom_in_button = QToolButton(text="+")
        self.zoom_in_button.setToolTip("Larger (Ctrl+plus)")
        self.zoom_in_button.clicked.connect(self.view.zoom_in)
        self.fit_width_button = QToolButton(text="Fit width")
        self.fit_width_button.clicked.connect(self.view.fit_width)
        self.fit_page_button = QToolButton(text="Fit page")
        self.fit_page_button.clicked.connect(self.view.fit_page)
        self.page_field = QLineEdit()
        self.page_field.setAccessibleName("Go to page")
        self.page_field.setToolTip("Type a page number as printed and press Enter (Ctrl+G); "
                                   "“s 12” goes to the file's 12th page whatever is printed on it")
        self.page_field.setMaximumWidth(self.page_field.fontMetrics().horizontalAdvance("00000") + 16)
        self.page_field.returnPressed.connect(self._go_to_typed_page)
        self.page_count_label = QLabel()
        self.tools = QWidget()
        tools = QHBoxLayout(self.tools)
        tools.setContentsMargins(0, 0, 0, 0)
        for widget in (self.zoom_out_button, self.zoom_in_button, self.fit_width_button, self.fit_page_button,
                       QLabel("Page"), self.page_field, self.page_count_label):
            tools.addWidget(widget)
        self.bar = QWidget()
        bar = QHBoxLayout(self.bar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.page_button)
        bar.addWidget(self.text_button)
        bar.addWidget(self.tools)
        bar.addWidget(self.note, 1)
        go = QShortcut(QKeySequence("Ctrl+G"), reader, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        go.activated.connect(self._focus_page_field)
        copy = QShortcut(QKeySequence.StandardKey.Copy, self.view, context=Qt.ShortcutContext.WidgetShortcut)
        copy.activated.connect(self.copy_selection)

        self.renderer.opened.connect(self._opened)
        self.renderer.failed.connect(self._failed)
        self.renderer.texts_read.connect(self._texts_read)
        self.renderer.aligned.connect(self._aligned)
        self.view.selection_made.connect(self._dragged)
        self.view.clicked.connect(self._clicked)
        self.view.menu_wanted.connect(self._menu)
        self.view.sheet_changed.connect(self._sheet_changed)
        self.view.first_painted.connect(self._want_ranges)
        self._ranges_asked = -1
        reader.text_view.selectionChanged.connect(self._text_selection_changed)
        self._reset()
        self._show("text")

    # -- state ---------------------------------------------------------------------------
    def _reset(self) -> None:
        self.available = False
        self.generation = -1
        self.ranges: dict[int, list[PageRange]] = {}
        self.ranges_known = False
        self._must_align = False
        self.texts: dict[int, str] = {}
        self.printed: dict[int, int] = {}  # sheet -> page number printed on it, where one is
        self._placers: dict[int, PassageOnPages | None] = {}
        self._indexed = None
        self._syncing = False
        self._find_text = ""
        self._started = False  # the view was put at the paper's first words

    def document_changed(self) -> None:
        """A new paper in the Reader: nothing known about its pages until ``set_source``."""
        self._reset()
        self.renderer.close_file()
        self.view.show_message(NO_PAGES_YET)
        self.view.set_marks([])
        self.page_button.setEnabled(False)
        self.tools.setVisible(False)
        self.note.clear()
        self._show("text")

    def set_source(self, source, reason: str = "") -> None:
        """The shown paper's original (a ``PageSource``), or why there is none. Its passages'
        ranges follow by ``set_ranges``, once the first page is on its way."""
        if source is None:
            self.page_button.setEnabled(False)
            self.page_button.setToolTip(reason)
            self.note.setText(reason if settings.reader_view() == "page" else "")
            self._show("text")
            return
        self.available = True
        self.page_button.setEnabled(True)
        self.page_button.setToolTip("The pages as printed (Ctrl+plus/minus zoom, Ctrl+G go to page)")
        self.note.setText("Pages read from the file where it was imported: import it again to keep "
                          "them in the workspace." if source.from_source_path else "")
        self.generation = self.renderer.open_file(source.data, source.first_sheet, source.sheet_count,
                                                  sweep=True, first_scale=self.view.first_scale(),
                                                  scanned=source.ocr_texts())
        self._show(settings.reader_view())
        # The stored ranges (thousands of rows for a pack) are read once the first page is on
        # screen, or at once when it will not be soon (the text shown, the window hidden).
        soon = self.showing_pages() and self.view.isVisible()
        QTimer.singleShot(RANGES_AT_LATEST_MS if soon else 0, lambda g=self.generation: self._want_ranges(g))

    def _want_ranges(self, generation: int) -> None:
        if generation == self.generation and self._ranges_asked != generation:
            self._ranges_asked = generation
            self.renderer.start_sweep(generation)
            self.ranges_wanted.emit(generation)

    def set_ranges(self, ranges: list[PageRange] | None) -> None:
        """The passages' stored ranges; None: none are stored, so they are worked out from the
        pages' text (off the GUI thread) once it has been read."""
        if not self.available:
            return
        if ranges is not None:
            self._set_ranges(ranges)
            self._rebuild_marks()
            self._text_selection_changed()
            return
        self._must_align = True
        self._align_if_due()

    def _align_if_due(self) -> None:
        if self._must_align and self.texts and not self.ranges_known:
            self._must_align = False
            passages = list(self.reader.outline_model.passages())
            self.renderer.align_in_background(self.generation, _aligner(passages), sorted(self.texts.items()))

    def _set_ranges(self, ranges: list[PageRange]) -> None:
        self.ranges = {}
        for item in ranges:
            self.ranges.setdefault(item.passage_id, []).append(item)
        for items in self.ranges.values():
            items.sort(key=lambda r: r.sheet)
        self.ranges_known = True
        self._placers = {}

    def showing_pages(self) -> bool:
        return self.stack.currentWidget() is self.view

    def choose(self, view: str) -> None:
        """The user's choice of view: remembered for the next paper."""
        settings.set_reader_view(view)
        self._show(view)

    def _show(self, view: str) -> None:
        pages = view == "page" and self.available
        was_pages = self.showing_pages()
        self.page_button.setChecked(pages)
        self.text_button.setChecked(not pages)
        self.tools.setVisible(pages)
        self.stack.setCurrentWidget(self.view if pages else self.reader.text_view)
        if pages and not was_pages:
            self._text_selection_changed()
        elif was_pages and not pages:
            self._text_to_page_place()

    # -- the render thread's answers -------------------------------------------------------
    def _opened(self, generation: int, opened: OpenedFile) -> None:
        if generation != self.generation:
            return
        self.view.show_file(generation, opened)
        self._sheet_changed(self.view.current_sheet())
        self._rebuild_marks()
        self._text_selection_changed()

    def _failed(self, generation: int, message: str) -> None:
        if generation != self.generation:
            return
        self.available = False
        self.page_button.setEnabled(False)
        self.page_button.setToolTip(message)
        self.note.setText(message)
        self.view.show_message(message)
        self._show("text")

    def _texts_read(self, generation: int, swept) -> None:
        if generation != self.generation:
            return
        texts, self.printed = swept
        self.texts = dict(texts)
        self._sheet_changed(self.view.current_sheet())
        self._placers = {}
        self._align_if_due()
        if self.ranges_known:
            self._rebuild_marks()
            self._text_selection_changed()

    def _aligned(self, generation: int, ranges: list[PageRange]) -> None:
        if generation != self.generation:
            return
        self._set_ranges(ranges)
        self.ranges_computed.emit(list(self.reader.outline_model.passages()), ranges)
        self._rebuild_marks()
        self._text_selection_changed()

    # -- translating between the text and the pages ------------------------------------------
    def ready(self) -> bool:
        return self.ranges_known and bool(self.texts) and self.view.file is not None

    def _placer(self, passage_id: int) -> PassageOnPages | None:
        if passage_id in self._placers:
            return self._placers[passage_id]
        passage = self._passage(passage_id)
        ranges = self.ranges.get(passage_id)
        placer = None
        if passage is not None and ranges and all(r.sheet in self.texts for r in ranges):
            placer = PassageOnPages(passage.text, [(r.sheet, r.start, self.texts[r.sheet][r.start:r.end])
                                                   for r in ranges])
        self._placers[passage_id] = placer
        return placer

    def _index(self) -> tuple[dict[int, Passage], list[tuple[int, int, int]], list[int]]:
        """The shown passages by id, and their spans in the Reader's text in order (for bisect),
        worked out once per layout: a pack has thousands of passages."""
        layout = self.reader.layout_
        if self._indexed is None or self._indexed[0] is not layout:
            by_id = {p.id: p for p in self.reader.outline_model.passages()}
            spans = sorted((span[0], span[1], pid) for pid, span in layout.spans.items() if pid in by_id)
            self._indexed = (layout, by_id, spans, [span[0] for span in spans])
        return self._indexed[1:]

    def _passage(self, passage_id: int) -> Passage | None:
        return self._index()[0].get(passage_id)

    def text_to_page(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """A span of the Reader's text (UTF-16 positions), within one passage, as (sheet, first
        char, end char); an empty span means the passage there."""
        by_id, spans, starts = self._index()
        at = bisect_right(starts, start) - 1
        if at < 0 or spans[at][1] < start:
            at += 1  # in the gap before a passage: the passage the span runs into
            if at >= len(spans) or spans[at][0] >= max(end, start + 1):
                return []
        first, last, passage_id = spans[at]
        passage = by_id[passage_id]
        placer = self._placer(passage_id)
        if placer is None:
            return []
        if end <= start:
            return placer.to_page(0, len(passage.text))
        shown = clean(passage.text)
        local = [cleaned_to_original(passage.text, utf16_to_index(shown, min(max(pos, first), last) - first))
                 for pos in (start, end)]
        return placer.to_page(*local) if local[0] < local[1] else []

    def passage_on_page(self, passage_id: int) -> list[tuple[int, int, int]]:
        return [(r.sheet, r.start, r.end) for r in self.ranges.get(passage_id, [])]

    def passage_at(self, sheet: int, char: int) -> int | None:
        """The passage whose range on ``sheet`` holds ``char`` (the narrowest when nested)."""
        best = None
        for passage_id, items in self.ranges.items():
            for r in items:
                if r.sheet == sheet and r.start <= char < r.end and (best is None or r.end - r.start < best[1]):
                    best = (passage_id, r.end - r.start)
        return best[0] if best else None

    def page_to_text(self, sheet: int, start: int, end: int) -> tuple[int, int] | None:
        """Page characters as a span of the Reader's text, within the first passage they touch."""
        touched = []
        for passage_id, items in self.ranges.items():
            if any(r.sheet == sheet and r.start < end and start < r.end for r in items):
                passage = self._passage(passage_id)
                if passage is not None:
                    touched.append(passage)
        for passage in sorted(touched, key=lambda p: p.seq):
            placer = self._placer(passage.id)
            local = placer.to_passage(sheet, start, end) if placer else None
            span = self.reader.layout_.spans.get(passage.id)
            if local is None or span is None:
                continue
            return (span[0] + original_to_utf16(passage.text, local[0]),
                    span[0] + original_to_utf16(passage.text, local[1]))
        return None

    # -- marks ---------------------------------------------------------------------------
    def _rebuild_marks(self) -> None:
        if not self.ready():
            self.view.set_marks([])
            return
        marks: list[PageMark] = []
        reader = self.reader
        for passage_id, (_, tip) in reader.recommendation_marks.items():
            marks += [PageMark(s, a, b, RECOMMENDATION_TINT, tip, passage_id)
                      for s, a, b in self.passage_on_page(passage_id)]
        for selection in reader._evidence_marks:
            cursor = selection.cursor
            colour = QColor(selection.format.background().color())
            colour.setAlpha(EVIDENCE_ALPHA)
            start = cursor.selectionStart()
            describe = self.describe_evidence
            tip = (describe(start) if describe else "") or "A linked quote"
            marks += [PageMark(s, a, b, colour, tip, underline=True)
                      for s, a, b in self.text_to_page(start, cursor.selectionEnd())]
        current = reader.current_passage_id()
        if current is not None:
            frame = QColor(reader.palette().color(QPalette.ColorRole.Highlight))
            marks += [PageMark(s, a, b, frame, "The passage you opened", current, outline=True)
                      for s, a, b in self.passage_on_page(current)]
        if self._find_text:
            found = find_all(reader.layout_.text, self._find_text)[:MAX_FIND_MARKS]
            for a, b in found:
                marks += [PageMark(s, x, y, HIT_BACKGROUND, f"Found: {self._find_text}")
                          for s, x, y in self.text_to_page(a, b)]
        self.view.set_marks(marks)

    def marks_changed(self) -> None:
        self._rebuild_marks()

    def find_changed(self, text: str) -> None:
        if text != self._find_text:
            self._find_text = text
            self._rebuild_marks()

    # -- in step with the text -------------------------------------------------------------
    def _text_selection_changed(self) -> None:
        """Show the text view's selection (or current passage) on the page, and scroll to it."""
        if self._syncing or not self.showing_pages() or not self.ready():
            return
        self._start_at_first_words()
        cursor = self.reader.text_view.textCursor()
        if cursor.hasSelection():
            ranges = self.text_to_page(cursor.selectionStart(), cursor.selectionEnd())
            whole = self.reader.current_passage_id()
            span = self.reader.layout_.spans.get(whole) if whole is not None else None
            is_passage = span is not None and (cursor.selectionStart(), cursor.selectionEnd()) == span
            self.view.set_selection([] if is_passage else ranges)
            if ranges:
                self.view.scroll_to_chars(*ranges[0])
        elif self.reader.current_passage_id() is not None:
            ranges = self.passage_on_page(self.reader.current_passage_id())
            if ranges:
                self.view.scroll_to_chars(*ranges[0])

    def _start_at_first_words(self) -> None:
        """A paper of a pack may start part-way down a page the paper before ends on:
        open at its own first words rather than at the other paper's."""
        if self._started:
            return
        self._started = True
        if self.view.sheets.start == 0 or self.reader.current_passage_id() is not None:
            return
        for passage in self.reader.outline_model.passages():
            ranges = self.passage_on_page(passage.id)
            if ranges:
                self.view.scroll_to_chars(*ranges[0], at_top=True)
                return

    def passage_opened(self) -> None:
        self._rebuild_marks()

    def _text_to_page_place(self) -> None:
        """Leaving the page view: the text view shows the first passage of the page in view."""
        sheet = self.view.current_sheet()
        first = None
        for passage in self.reader.outline_model.passages():
            if any(r.sheet == sheet for r in self.ranges.get(passage.id, [])):
                first = passage
                break
        span = self.reader.layout_.spans.get(first.id) if first else None
        if span is not None and not self.reader.text_view.textCursor().hasSelection():
            cursor = QTextCursor(self.reader.text_view.document())
            cursor.setPosition(span[0])
            self.reader.text_view.setTextCursor(cursor)
            self.reader.text_view.centerCursor()

    def _select_text(self, start: int, end: int) -> None:
        cursor = QTextCursor(self.reader.text_view.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self._syncing = True
        try:
            self.reader.text_view.setTextCursor(cursor)
        finally:
            self._syncing = False

    def _dragged(self, sheet: int, start: int, end: int) -> None:
        span = self.page_to_text(sheet, start, end)
        if span is None:
            self.note.setText("Those words are not in the paper's text (a header, footer or "
                              "picture), so they cannot be linked.")
            return
        self.note.clear()
        self._select_text(*span)

    def _clicked(self, sheet: int, char: int) -> None:
        passage_id = self.passage_at(sheet, char) if char >= 0 else None
        if passage_id is None:
            # the page's selection was cleared: so is the text's, or Ctrl+L would link unseen words
            cursor = self.reader.text_view.textCursor()
            if cursor.hasSelection():
                cursor.clearSelection()
                self._syncing = True
                try:
                    self.reader.text_view.setTextCursor(cursor)
                finally:
                    self._syncing = False
            return
        self._syncing = True
        try:
            self.reader.open_passage(passage_id)
        finally:
            self._syncing = False

    def _menu(self, global_pos, sheet: int, char: int) -> None:
        menu = self.build_page_menu(sheet, char)
        menu.exec(global_pos)
        menu.deleteLater()

    def build_page_menu(self, sheet: int, char: int) -> QMenu:
        """Copy, then the Reader's own actions (link as evidence, add as recommendation): with
        no words selected on the page, they take the passage under the pointer, as in the text."""
        if not self.view.selection() and char >= 0:
            passage_id = self.passage_at(sheet, char)
            span = self.reader.layout_.spans.get(passage_id) if passage_id is not None else None
            if span is not None:
                self._syncing = True
                try:
                    cursor = QTextCursor(self.reader.text_view.document())
                    cursor.setPosition(span[0])
                    self.reader.text_view.setTextCursor(cursor)
                finally:
                    self._syncing = False
        menu = QMenu(self.view)
        copy = menu.addAction("Copy", self.copy_selection)
        copy.setEnabled(bool(self.view.selection()))
        if self.reader.context_actions:
            menu.addSeparator()
            menu.addActions(self.reader.context_actions)
        self.reader.menu_position = None
        return menu

    def copy_selection(self) -> None:
        parts = []
        for sheet, start, end in self.view.selection():
            text = self.texts.get(sheet) or (self.view.page_text(sheet).text if self.view.page_text(sheet) else "")
            parts.append(text[start:end].replace("\r\n", "\n").replace("\r", "\n"))
        if parts:
            QGuiApplication.clipboard().setText("\n".join(parts))

    def page_label(self, sheet: int) -> str:
        """The number to show for a sheet: the printed one, else its place in the file."""
        return str(self.printed.get(sheet, sheet + 1))

    def _sheet_changed(self, sheet: int) -> None:
        sheets = self.view.sheets
        if sheet not in sheets:
            return
        if not self.page_field.hasFocus():
            self.page_field.setText(self.page_label(sheet))
        count = f"of {sheets.stop}" if sheets.start == 0 else f"· the pack's pages {sheets.start + 1}–{sheets.stop}"
        if sheet in self.printed and self.printed[sheet] != sheet + 1:
            count = f"· page {sheet + 1} of the file {count}"
        self.page_count_label.setText(count)

    def _focus_page_field(self) -> None:
        if self.showing_pages():
            self.page_field.setFocus()
            self.page_field.selectAll()

    def _go_to_typed_page(self) -> None:
        text = self.page_field.text().strip().lower()
        as_sheet = text[:1] == "s"
        digits = text.removeprefix("sheet").removeprefix("s").strip() if as_sheet else text
        if digits.isdigit() and self.go_to_page(int(digits), sheet=as_sheet):
            self.view.setFocus()
        else:
            self.page_field.setText(self.page_label(self.view.current_sheet()))

    def go_to_page(self, number: int, *, sheet: bool = False) -> bool:
        """The page printed ``number`` (or, with ``sheet`` or when nothing is printed, the
        file's ``number``th page: for a pack, the pack's page number)."""
        if not sheet:
            printed = sheet_for_printed({s: n for s, n in self.printed.items() if s in self.view.sheets}, number,
                                        self.view.current_sheet())
            if printed is not None:
                return self.view.go_to_sheet(printed)
        return self.view.go_to_sheet(number - 1)


def _aligner(passages: list[Passage]):
    """A job for the render thread: place the passages on the swept pages' text."""
    return lambda texts: compute_ranges(passages, texts)
