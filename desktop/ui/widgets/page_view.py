"""The Reader's page view: a paper's pages as printed, with our marks drawn on them.

Pages are drawn by the render thread (``desktop.ui.page_renderer``) and painted
here from a cache bounded by memory; a page not drawn yet is a blank sheet of
the right size, so the scroll bar is right from the start. Only the pages in
view and their neighbours are asked for. Marks (linked quotes, recommendations,
the passage you came to, find matches) are translucent rectangles over the
words, worked out from pdfium's character boxes; the selection is made of the
same boxes, so what is dragged over is exactly the characters linked.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QKeySequence, QPainter, QPalette, QPen
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip

from desktop.pages import marks as page_marks
from desktop.pages.render import PageText, RenderedPage
from desktop.ui.page_renderer import OpenedFile, PageRenderer
from desktop.ui.widgets.tooltips import plain_tooltip

GAP = 12  # pixels between pages and round them
MIN_ZOOM, MAX_ZOOM = 0.2, 6.0  # pixels per point
ZOOM_STEP = 1.2
NEIGHBOURS = 1  # pages drawn beyond those in view, each way
CACHE_BYTES = 192 << 20  # drawn pages kept; about 25 A4 pages at fit width on a large screen
BOXES_KEPT = 32  # pages whose character boxes are kept
SCALE_TOLERANCE = 0.03  # a drawing within 3% of the wanted size is sharp enough
SELECTION_COLOUR = QColor(40, 110, 220, 80)
DRAG_PIXELS = 4


@dataclass(frozen=True, slots=True)
class PageMark:
    """Words to mark on a sheet: pdfium characters ``start``..``end``."""

    sheet: int
    start: int
    end: int
    colour: QColor
    tip: str  # what the mark is, shown on hover
    passage_id: int | None = None
    outline: bool = False  # drawn as a frame (the passage you came to) rather than filled
    underline: bool = False  # a linked quote, underlined in its stance colour as in the text view


class PageCache:
    """Drawn pages, least recently used dropped first once over ``limit`` bytes."""

    def __init__(self, limit: int = CACHE_BYTES) -> None:
        self.limit = limit
        self._images: OrderedDict[int, tuple[QImage, float]] = OrderedDict()
        self.bytes = 0

    def get(self, sheet: int) -> tuple[QImage, float] | None:
        found = self._images.get(sheet)
        if found is not None:
            self._images.move_to_end(sheet)
        return found

    def put(self, sheet: int, image: QImage, scale: float) -> None:
        old = self._images.pop(sheet, None)
        if old is not None:
            self.bytes -= old[0].sizeInBytes()
        self._images[sheet] = (image, scale)
        self.bytes += image.sizeInBytes()
        while self.bytes > self.limit and len(self._images) > 1:
            _, (dropped, _) = self._images.popitem(last=False)
            self.bytes -= dropped.sizeInBytes()

    def clear(self) -> None:
        self._images.clear()
        self.bytes = 0

    def __len__(self) -> int:
        return len(self._images)


def _image(page: RenderedPage) -> QImage:
    # QImage does not own foreign memory: copy() makes it hold its own pixels.
    return QImage(page.pixels, page.width, page.height, page.stride, QImage.Format.Format_RGB32).copy()


class PageView(QAbstractScrollArea):
    selection_made = Signal(int, int, int)  # sheet, first char, end char: words dragged over
    clicked = Signal(int, int)  # sheet, char index (-1: not on a word): a click without a drag
    menu_wanted = Signal(object, int, int)  # global position, sheet, char index (-1: none)
    sheet_changed = Signal(int)  # the sheet at the top of the view
    zoom_changed = Signal()
    first_painted = Signal(int)  # generation: the file's first drawn page is on screen

    def __init__(self, renderer: PageRenderer, parent=None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Pages of the document")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.viewport().setMouseTracking(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)
        self.renderer = renderer
        renderer.rendered.connect(self._page_drawn)
        renderer.boxes_read.connect(self._boxes_arrived)
        self.cache = PageCache()
        self.file: OpenedFile | None = None
        self.generation = -1
        self.message = ""
        self.mode = "width"  # width | page | fixed
        self.zoom = 1.0
        self._tops: list[float] = []
        self._boxes: OrderedDict[int, PageText] = OrderedDict()
        self._marks: dict[int, list[PageMark]] = {}
        self._rects: dict[int, list[tuple[PageMark, list[tuple[float, float, float, float]]]]] = {}
        self._selection: list[tuple[int, int, int]] = []
        self._anchor: tuple[int, int] | None = None
        self._press = None
        self._dragging = False
        self._pending_scroll: tuple[int, int, int, bool] | None = None
        self._top_sheet = -1
        self._painted = False
        self._ask = QTimer(self)
        self._ask.setSingleShot(True)
        self._ask.setInterval(0)
        self._ask.timeout.connect(self._ask_for_visible)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.horizontalScrollBar().valueChanged.connect(lambda _: self.viewport().update())

    # -- the file ---------------------------------------------------------------
    def show_file(self, generation: int, opened: OpenedFile) -> None:
        self.generation, self.file, self.message = generation, opened, ""
        self.cache.clear()
        self._boxes.clear()
        self._rects.clear()
        self._selection = []
        self._top_sheet = -1
        self._painted = False
        self._relayout(keep_place=False)
        self.verticalScrollBar().setValue(0)
        self._ask.start()
        self._scrolled(0)

    def show_message(self, text: str) -> None:
        self.file, self.message, self.generation = None, text, -1
        self.cache.clear()
        self._boxes.clear()
        self._rects.clear()
        self._tops = []
        self._relayout(keep_place=False)
        self.viewport().update()

    @property
    def sheets(self) -> range:
        return self.file.sheets if self.file else range(0)

    def page_text(self, sheet: int) -> PageText | None:
        return self._boxes.get(sheet)

    # -- geometry ---------------------------------------------------------------
    def _size_of(self, sheet: int) -> tuple[float, float]:
        return self.file.sizes[sheet - self.file.sheets.start]

    def _fit_zoom(self) -> float:
        if not self.file or not self.file.sizes:
            return 1.0
        width = max(w for w, _ in self.file.sizes)
        room_w = max(50, self.viewport().width() - 2 * GAP)
        zoom = room_w / width
        if self.mode == "page":
            sheet = self.current_sheet()
            height = self._size_of(sheet)[1] if sheet in self.sheets else max(h for _, h in self.file.sizes)
            zoom = min(zoom, max(50, self.viewport().height() - 2 * GAP) / height)
        return min(MAX_ZOOM, max(MIN_ZOOM, zoom))

    def first_scale(self):
        """A function of a file's page sizes giving the scale its first page will be shown at
        (plain numbers only: the render thread calls it)."""
        ratio, room = self.devicePixelRatioF(), max(50, self.viewport().width() - 2 * GAP)
        fixed = self.zoom if self.mode == "fixed" else None

        def scale(sizes) -> float:
            zoom = fixed if fixed is not None else room / max(w for w, _ in sizes)
            return min(MAX_ZOOM, max(MIN_ZOOM, zoom)) * ratio

        return scale

    def _relayout(self, keep_place: bool = True) -> None:
        """Page positions at the zoom; keeps the same place of the same page in view."""
        place = self._place() if keep_place else None
        if self.mode != "fixed":
            self.zoom = self._fit_zoom()
        tops, y = [], float(GAP)
        if self.file:
            for _, height in self.file.sizes:
                tops.append(y)
                y += height * self.zoom + GAP
        self._tops = tops
        widest = max((w for w, _ in self.file.sizes), default=0) * self.zoom if self.file else 0
        bar = self.verticalScrollBar()
        bar.setRange(0, max(0, int(y - self.viewport().height())))
        bar.setPageStep(max(1, self.viewport().height() - 40))
        bar.setSingleStep(40)
        hbar = self.horizontalScrollBar()
        hbar.setRange(0, max(0, int(widest + 2 * GAP - self.viewport().width())))
        hbar.setPageStep(max(1, self.viewport().width()))
        if place is not None:
            sheet, fraction = place
            index = sheet - self.sheets.start
            if 0 <= index < len(tops):
                bar.setValue(int(tops[index] + fraction * self._size_of(sheet)[1] * self.zoom))
        self.viewport().update()
        self._ask.start()

    def _place(self) -> tuple[int, float] | None:
        """The sheet at the top of the view and how far down it the view starts."""
        if not self._tops:
            return None
        sheet = self.current_sheet()
        index = sheet - self.sheets.start
        height = self._size_of(sheet)[1] * self.zoom
        return sheet, (self.verticalScrollBar().value() - self._tops[index]) / max(1.0, height)

    def page_rect(self, sheet: int) -> QRectF:
        """Where the sheet is drawn, in viewport pixels."""
        index = sheet - self.sheets.start
        width, height = self._size_of(sheet)
        w, h = width * self.zoom, height * self.zoom
        full = max(self.viewport().width(), self.horizontalScrollBar().maximum() + self.viewport().width())
        left = max(GAP, (full - w) / 2) - self.horizontalScrollBar().value()
        return QRectF(left, self._tops[index] - self.verticalScrollBar().value(), w, h)

    def visible_sheets(self) -> list[int]:
        if not self._tops:
            return []
        top = self.verticalScrollBar().value()
        bottom = top + self.viewport().height()
        return [self.sheets.start + i for i, t in enumerate(self._tops)
                if t < bottom and t + self.file.sizes[i][1] * self.zoom > top]

    def current_sheet(self) -> int:
        """The sheet that fills most of the top of the view."""
        if not self._tops:
            return self.sheets.start if self.file else -1
        y = self.verticalScrollBar().value() + min(self.viewport().height() / 3, 200)
        index = 0
        for i, t in enumerate(self._tops):
            if t <= y:
                index = i
            else:
                break
        return self.sheets.start + index

    def _to_page(self, sheet: int, point: QPointF) -> tuple[float, float]:
        rect = self.page_rect(sheet)
        return ((point.x() - rect.left()) / self.zoom, (point.y() - rect.top()) / self.zoom)

    def sheet_at(self, point: QPointF) -> int | None:
        for sheet in self.visible_sheets():
            rect = self.page_rect(sheet).adjusted(-GAP / 2, -GAP / 2, GAP / 2, GAP / 2)
            if rect.contains(point):
                return sheet
        return None

    def view_point(self, sheet: int, x: float, y: float) -> QPointF:
        """A point of the sheet (display points) in viewport pixels."""
        rect = self.page_rect(sheet)
        return QPointF(rect.left() + x * self.zoom, rect.top() + y * self.zoom)

    # -- zoom and moving ------------------------------------------------------------
    def set_zoom(self, zoom: float) -> None:
        self.mode, self.zoom = "fixed", min(MAX_ZOOM, max(MIN_ZOOM, zoom))
        self._relayout()
        self.zoom_changed.emit()

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom / ZOOM_STEP)

    def fit_width(self) -> None:
        self.mode = "width"
        self._relayout()
        self.zoom_changed.emit()

    def fit_page(self) -> None:
        self.mode = "page"
        self._relayout()
        self.zoom_changed.emit()

    def go_to_sheet(self, sheet: int) -> bool:
        if sheet not in self.sheets or not self._tops:
            return False
        self.verticalScrollBar().setValue(int(self._tops[sheet - self.sheets.start] - GAP / 2))
        return True

    def scroll_to_chars(self, sheet: int, start: int, end: int, at_top: bool = False) -> None:
        """Bring the characters into the middle (or near the top) of the view, once their
        boxes are known."""
        text = self._boxes.get(sheet)
        if text is None:
            self._pending_scroll = (sheet, start, end, at_top)
            if not self.go_to_sheet(sheet):
                return
            self.renderer.want_boxes([sheet])
            return
        self._pending_scroll = None
        rects = page_marks.line_rects(text.boxes, start, end)
        if not rects:
            self.go_to_sheet(sheet)
            return
        top = min(r[1] for r in rects)
        bottom = max(r[3] for r in rects)
        index = sheet - self.sheets.start
        middle = self._tops[index] + (top + bottom) / 2 * self.zoom
        span = (bottom - top) * self.zoom
        offset = middle - self.viewport().height() / 2 if span < self.viewport().height() * 0.8 and not at_top \
            else self._tops[index] + top * self.zoom - 40
        self.verticalScrollBar().setValue(int(offset))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._relayout()

    def _scrolled(self, _value: int) -> None:
        self.viewport().update()
        self._ask.start()
        sheet = self.current_sheet()
        if sheet != self._top_sheet:
            self._top_sheet = sheet
            self.sheet_changed.emit(sheet)

    # -- drawing ----------------------------------------------------------------------
    def _scale(self) -> float:
        return self.zoom * self.devicePixelRatioF()

    def _ask_for_visible(self) -> None:
        if not self.file:
            return
        visible = self.visible_sheets()
        if not visible:
            return
        around = list(visible)
        for step in range(1, NEIGHBOURS + 1):
            around += [s for s in (visible[0] - step, visible[-1] + step) if s in self.sheets]
        scale = self._scale()
        wanted = []
        for sheet in around:
            held = self.cache.get(sheet)
            if held is None or abs(held[1] - scale) > SCALE_TOLERANCE * scale:
                wanted.append((sheet, scale))
        self.renderer.want_pages(wanted)
        missing = [s for s in around if s not in self._boxes]
        if missing:
            self.renderer.want_boxes(missing)

    def _page_drawn(self, generation: int, page: RenderedPage) -> None:
        if generation != self.generation:
            return
        self.cache.put(page.index, _image(page), page.scale)
        if page.index in self.visible_sheets():
            self.viewport().update()

    def _boxes_arrived(self, generation: int, text: PageText) -> None:
        if generation != self.generation:
            return
        self._boxes[text.index] = text
        self._boxes.move_to_end(text.index)
        while len(self._boxes) > BOXES_KEPT:
            dropped, _ = self._boxes.popitem(last=False)
            self._rects.pop(dropped, None)
        self._rects.pop(text.index, None)
        if self._pending_scroll and self._pending_scroll[0] == text.index:
            self.scroll_to_chars(*self._pending_scroll)
        self.viewport().update()

    def set_marks(self, marks: Iterable[PageMark]) -> None:
        self._marks = {}
        for mark in marks:
            self._marks.setdefault(mark.sheet, []).append(mark)
        self._rects.clear()
        self.viewport().update()

    def marks(self) -> list[PageMark]:
        return [m for items in self._marks.values() for m in items]

    def mark_rects(self, sheet: int) -> list[tuple[PageMark, list[tuple[float, float, float, float]]]]:
        """Each mark of the sheet with its rectangles (display points); empty until the
        sheet's boxes are read."""
        if sheet in self._rects:
            return self._rects[sheet]
        text = self._boxes.get(sheet)
        if text is None:
            return []
        found = [(mark, page_marks.line_rects(text.boxes, mark.start, mark.end))
                 for mark in self._marks.get(sheet, [])]
        self._rects[sheet] = found
        return found

    def set_selection(self, ranges: list[tuple[int, int, int]]) -> None:
        self._selection = list(ranges)
        self.viewport().update()

    def selection(self) -> list[tuple[int, int, int]]:
        return list(self._selection)

    def paintEvent(self, event) -> None:
        painter = QPainter(self.viewport())
        palette = self.palette()
        painter.fillRect(self.viewport().rect(), palette.color(QPalette.ColorRole.Dark))
        if not self.file:
            painter.setPen(palette.color(QPalette.ColorRole.BrightText))
            painter.drawText(self.viewport().rect().adjusted(24, 24, -24, -24),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.message)
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        for sheet in self.visible_sheets():
            rect = self.page_rect(sheet)
            held = self.cache.get(sheet)
            if held is not None:
                painter.drawImage(rect, held[0])
                if not self._painted:
                    self._painted = True
                    QTimer.singleShot(0, lambda g=self.generation: self.first_painted.emit(g))
            else:
                painter.fillRect(rect, QColor(255, 255, 255))
                painter.setPen(QColor(150, 150, 150))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"Page {sheet + 1}")
            self._paint_marks(painter, sheet, rect)
        painter.end()

    def _paint_marks(self, painter: QPainter, sheet: int, page: QRectF) -> None:
        z = self.zoom

        def to_view(box) -> QRectF:
            return QRectF(page.left() + box[0] * z - 1, page.top() + box[1] * z - 1,
                          (box[2] - box[0]) * z + 2, (box[3] - box[1]) * z + 2)

        for mark, rects in self.mark_rects(sheet):
            if mark.outline:
                painter.setPen(QPen(mark.colour, 2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                for box in rects:
                    painter.drawRect(to_view(box).adjusted(-2, -1, 2, 1))
                continue
            fill = QColor(mark.colour)
            painter.setPen(Qt.PenStyle.NoPen)
            for box in rects:
                view = to_view(box)
                painter.fillRect(view, fill)
                if mark.underline:
                    line = QColor(mark.colour)
                    line.setAlpha(255)
                    painter.fillRect(QRectF(view.left(), view.bottom() - 1.5, view.width(), 1.5), line)
        text = self._boxes.get(sheet)
        if text is not None:
            for sel_sheet, start, end in self._selection:
                if sel_sheet == sheet:
                    for box in page_marks.line_rects(text.boxes, start, end):
                        painter.fillRect(to_view(box), SELECTION_COLOUR)

    # -- the mouse ----------------------------------------------------------------------
    def char_at(self, point: QPointF, *, nearest: bool = False) -> tuple[int, int] | None:
        sheet = self.sheet_at(point)
        if sheet is None or sheet not in self._boxes:
            return None
        x, y = self._to_page(sheet, point)
        index = page_marks.char_at(self._boxes[sheet], x, y, nearest=nearest)
        return None if index is None else (sheet, index)

    def marks_at(self, point: QPointF) -> list[PageMark]:
        sheet = self.sheet_at(point)
        if sheet is None:
            return []
        x, y = self._to_page(sheet, point)
        return [mark for mark, rects in self.mark_rects(sheet)
                if any(b[0] - 1 <= x <= b[2] + 1 and b[1] - 1 <= y <= b[3] + 1 for b in rects)]

    def mousePressEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self._press = event.position()
        self._dragging = False
        self._anchor = self.char_at(event.position(), nearest=True)

    def mouseMoveEvent(self, event) -> None:
        if self._press is None or self._anchor is None:
            return
        if not self._dragging and (event.position() - self._press).manhattanLength() < DRAG_PIXELS:
            return
        self._dragging = True
        sheet = self._anchor[0]
        if sheet not in self._boxes:
            return
        x, y = self._to_page(sheet, event.position())
        index = page_marks.char_at(self._boxes[sheet], x, y, nearest=True)
        if index is not None:
            start, end = page_marks.selected_range(self._boxes[sheet], self._anchor[1], index)
            self.set_selection([(sheet, start, end)])

    def mouseReleaseEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            super().mouseReleaseEvent(event)
            return
        dragged, self._press = self._dragging, None
        self._dragging = False
        if dragged and self._selection:
            self.selection_made.emit(*self._selection[0])
            return
        found = self.char_at(event.position())
        self.set_selection([])
        sheet = self.sheet_at(event.position())
        if sheet is not None:
            self.clicked.emit(sheet, found[1] if found else -1)

    def contextMenuEvent(self, event) -> None:
        point = QPointF(event.pos())
        found = self.char_at(point)
        sheet = self.sheet_at(point)
        self.menu_wanted.emit(event.globalPos(), -1 if sheet is None else sheet, found[1] if found else -1)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and self._zoom_key(event) is not None:
            event.accept()  # Ctrl+plus/minus zoom the pages here, whatever the menus say
            return True
        return super().event(event)

    def tooltip_text(self, point: QPointF) -> str:
        """What the marks under ``point`` (viewport pixels) are."""
        return "\n".join(dict.fromkeys(m.tip for m in self.marks_at(point)))

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            text = self.tooltip_text(QPointF(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), plain_tooltip(text, limit=2000), self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.set_zoom(self.zoom * (ZOOM_STEP ** steps))
            event.accept()
            return
        super().wheelEvent(event)

    # -- keys ------------------------------------------------------------------------
    @staticmethod
    def _zoom_key(event) -> str | None:
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            return None
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier and event.key() not in (Qt.Key.Key_Plus,):
            return None
        return {Qt.Key.Key_Plus: "in", Qt.Key.Key_Equal: "in", Qt.Key.Key_Minus: "out",
                Qt.Key.Key_0: "fit"}.get(Qt.Key(event.key()))

    def keyPressEvent(self, event) -> None:
        zoom = self._zoom_key(event)
        if zoom == "in":
            self.zoom_in()
        elif zoom == "out":
            self.zoom_out()
        elif zoom == "fit":
            self.fit_width()
        elif event.matches(QKeySequence.StandardKey.MoveToStartOfDocument) or event.key() == Qt.Key.Key_Home:
            self.verticalScrollBar().setValue(0)
        elif event.matches(QKeySequence.StandardKey.MoveToEndOfDocument) or event.key() == Qt.Key.Key_End:
            self.verticalScrollBar().setValue(self.verticalScrollBar().maximum())
        elif event.key() == Qt.Key.Key_PageDown:
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() + self.verticalScrollBar().pageStep())
        elif event.key() == Qt.Key.Key_PageUp:
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - self.verticalScrollBar().pageStep())
        else:
            super().keyPressEvent(event)
