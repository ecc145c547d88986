"""Evidence in the Reader: what a selection quotes, and where linked quotes are drawn.

The Reader shows passages laid out as one plain text, counted in UTF-16 units
(desktop.ui.widgets.passage_text). Evidence spans count code points within a
passage's own text. These helpers convert between the two exactly, so that a
quote after an emoji or a Windows line break is stored and highlighted on the
very words the user selected.

Linked quotes are drawn as extra selections (an overlay: the document's own
formats, such as recommendation tints, are untouched), coloured by stance and
underlined, so they differ from search hits (amber) and the current passage.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip

from desktop.domain.documents import Passage
from desktop.domain.evidence import Evidence
from desktop.ui.widgets.evidence_list import STANCE_COLOURS
from desktop.ui.widgets.passage_text import PassageLayout, clean
from desktop.ui.widgets.tooltips import plain_tooltip

HIGHLIGHT_ALPHA = 55


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def utf16_to_index(text: str, units: int) -> int:
    """The code-point index in ``text`` at ``units`` UTF-16 units (clamped to the text)."""
    if units <= 0:
        return 0
    count = 0
    for index, ch in enumerate(text):
        if count >= units:
            return index
        count += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def cleaned_to_original(original: str, index: int) -> int:
    """An index in ``clean(original)`` as an index in ``original`` (clean folds CR LF to LF)."""
    if "\r\n" not in original:
        return index
    at = done = 0
    while at < len(original) and done < index:
        at += 2 if original.startswith("\r\n", at) else 1
        done += 1
    return at


def original_to_utf16(original: str, index: int) -> int:
    """A code-point index in a passage's text as UTF-16 units into its laid-out (cleaned) text."""
    index = max(0, min(index, len(original)))
    return _utf16_len(clean(original[:index]))


@dataclass(frozen=True, slots=True)
class QuoteTarget:
    """The words to quote: exact text of one passage and their span within it."""

    passage: Passage
    start: int  # code points in passage.text
    end: int
    notice: str = ""  # e.g. the selection ran over several passages

    @property
    def quote(self) -> str:
        return self.passage.text[self.start:self.end]

    @property
    def whole(self) -> bool:
        return self.start == 0 and self.end == len(self.passage.text)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop spaces and line breaks at either end of the span."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _local_span(passage: Passage, span: tuple[int, int], sel_start: int, sel_end: int) -> tuple[int, int]:
    shown = clean(passage.text)
    first = utf16_to_index(shown, max(sel_start, span[0]) - span[0])
    last = utf16_to_index(shown, min(sel_end, span[1]) - span[0])
    start = cleaned_to_original(passage.text, first)
    end = cleaned_to_original(passage.text, last)
    return _trimmed(passage.text, start, end)


def quote_target(layout: PassageLayout, passages: Sequence[Passage], sel_start: int, sel_end: int,
                 position: int | None = None) -> QuoteTarget | None:
    """What to quote for a selection (``sel_start``..``sel_end`` in the Reader's text).

    With words selected: those words, within the first passage that holds any
    of them (the notice says when the selection ran on into other passages).
    With nothing selected: the whole passage at ``position``. None when the
    selection or position holds no passage text (a heading, a page mark).
    """
    by_id = {p.id: p for p in passages}
    if sel_end < sel_start:
        sel_start, sel_end = sel_end, sel_start
    if sel_start < sel_end:
        touched = []
        for passage_id, span in sorted(layout.spans.items(), key=lambda item: item[1][0]):
            if span[1] <= sel_start or span[0] >= sel_end or passage_id not in by_id:
                continue
            passage = by_id[passage_id]
            start, end = _local_span(passage, span, sel_start, sel_end)
            if start < end:
                touched.append((passage, start, end))
        if not touched:
            return None
        passage, start, end = touched[0]
        notice = ""
        if len(touched) > 1:
            notice = (f"The selection runs over {len(touched)} passages; only the words in the "
                      "first are quoted. Link the others one at a time.")
        return QuoteTarget(passage, start, end, notice)
    at = sel_start if position is None else position
    for passage_id, span in layout.spans.items():
        if span[0] <= at <= span[1] and passage_id in by_id:
            passage = by_id[passage_id]
            start, end = _trimmed(passage.text, 0, len(passage.text))
            return QuoteTarget(passage, start, end) if start < end else None
    return None


@dataclass(frozen=True, slots=True)
class Mark:
    """A linked quote as drawn in the Reader: its span there and what it is linked to."""

    start: int  # UTF-16 units in the Reader's text
    end: int
    evidence: Evidence
    description: str


def reader_marks(layout: PassageLayout, passages: Sequence[Passage],
                 evidence: dict[int, list[Evidence]],
                 describe: Callable[[Evidence], str]) -> list[Mark]:
    """Where each piece of evidence on the shown passages sits in the Reader's text."""
    by_id = {p.id: p for p in passages}
    marks = []
    for passage_id, items in evidence.items():
        span, passage = layout.spans.get(passage_id), by_id.get(passage_id)
        if span is None or passage is None:
            continue
        for item in items:
            first = 0 if item.span_start is None else item.span_start
            last = len(passage.text) if item.span_end is None else item.span_end
            start = span[0] + original_to_utf16(passage.text, first)
            end = span[0] + original_to_utf16(passage.text, last)
            if span[0] <= start < end <= span[1]:
                marks.append(Mark(start, end, item, describe(item)))
    return sorted(marks, key=lambda m: (m.start, m.end))


def marks_at(marks: Iterable[Mark], position: int) -> list[Mark]:
    return [m for m in marks if m.start <= position < m.end]


def describe_marks(marks: Sequence[Mark]) -> str:
    """"Linked as evidence:" and one line per link (the same words may serve several)."""
    lines = ["Linked as evidence:"]
    for mark in marks:
        note = f" — {mark.evidence.note}" if mark.evidence.note else ""
        lines.append(f"• {mark.evidence.stance.label} for {mark.description}{note}")
    return "\n".join(lines)


def highlight_format(colour: QColor) -> QTextCharFormat:
    fmt = QTextCharFormat()
    background = QColor(colour)
    background.setAlpha(HIGHLIGHT_ALPHA)
    fmt.setBackground(background)
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
    fmt.setUnderlineColor(colour)
    return fmt


def extra_selections(view: QPlainTextEdit, marks: Sequence[Mark]) -> list[QTextEdit.ExtraSelection]:
    document = view.document()
    selections = []
    for mark in marks:
        cursor = QTextCursor(document)
        cursor.setPosition(mark.start)
        cursor.setPosition(mark.end, QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        selection.format = highlight_format(STANCE_COLOURS[mark.evidence.stance])
        selections.append(selection)
    return selections


class MarkTooltips(QObject):
    """Hovering a linked quote in the Reader shows what it is linked to, as plain text."""

    def __init__(self, view: QPlainTextEdit, marks: Callable[[], Sequence[Mark]]) -> None:
        super().__init__(view)
        self._view, self._marks = view, marks
        view.viewport().installEventFilter(self)

    def text_at(self, viewport_pos) -> str:
        position = self._view.cursorForPosition(viewport_pos).position()
        found = marks_at(self._marks(), position)
        return describe_marks(found) if found else ""

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            text = self.text_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), plain_tooltip(text, limit=2000), self._view)
            else:
                QToolTip.hideText()
            return True
        return False
