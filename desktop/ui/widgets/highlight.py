"""Highlight colours and a delegate that draws plain text with hit words marked.

The text is never parsed as HTML: it goes into a QTextDocument with
``setPlainText`` and the highlights are character formats applied to spans.
The colours are translucent so they read on light and dark palettes alike.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QPalette, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

HIT_BACKGROUND = QColor(255, 196, 0, 110)  # translucent amber
PASSAGE_BACKGROUND_ALPHA = 70  # the palette's highlight colour, faded


def hit_format() -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setBackground(HIT_BACKGROUND)
    fmt.setFontWeight(700)
    return fmt


def passage_background(palette: QPalette) -> QColor:
    colour = QColor(palette.color(QPalette.ColorRole.Highlight))
    colour.setAlpha(PASSAGE_BACKGROUND_ALPHA)
    return colour


def utf16_offsets(text: str):
    """A function from code-point offsets in ``text`` to UTF-16 offsets.

    Hit spans count Python code points, but QTextDocument positions count UTF-16
    units: every character beyond the BMP (emoji, some CJK) takes two, so
    unconverted spans drift after one.
    """
    if text.isascii() or all(ord(ch) < 0x10000 for ch in text):
        return lambda offset: offset
    extra, total = [0], 0
    for ch in text:  # extra[i] = surrogate pairs before code point i
        total += ord(ch) > 0xFFFF
        extra.append(total)
    return lambda offset: offset + extra[offset]


def highlighted_document(text: str, spans, font) -> QTextDocument:
    """A one-line plain-text document with ``spans`` (code-point offsets) marked as hits."""
    document = QTextDocument()
    document.setDefaultFont(font)
    document.setDocumentMargin(2)
    document.setPlainText(text.replace("\n", " "))
    cursor = QTextCursor(document)
    length = len(text)
    to_qt = utf16_offsets(text)
    fmt = hit_format()
    for start, end in spans or ():
        start, end = max(0, start), min(length, end)
        if start >= end:
            continue
        cursor.setPosition(to_qt(start))
        cursor.setPosition(to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(fmt)
    return document


class HighlightDelegate(QStyledItemDelegate):
    """Draws a cell's plain text with the spans given by ``spans_role`` highlighted."""

    def __init__(self, spans_role: int, parent=None) -> None:
        super().__init__(parent)
        self._spans_role = spans_role

    def paint(self, painter, option, index) -> None:
        spans = index.data(self._spans_role)
        if not spans:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        document = highlighted_document(text, spans, opt.font)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        cursor = QTextCursor(document)
        cursor.select(QTextCursor.SelectionType.Document)
        colour = QTextCharFormat()
        colour.setForeground(opt.palette.color(role))
        cursor.mergeCharFormat(colour)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        painter.save()
        painter.setClipRect(rect)
        top = rect.top() + max(0.0, (rect.height() - document.size().height()) / 2)
        painter.translate(rect.left(), top)
        document.drawContents(painter, QRectF(0, 0, rect.width(), rect.height()))
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        return super().sizeHint(option, index)
