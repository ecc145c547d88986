"""A recommendation's evidence, newest first: stance, quote, citation and note.

Each item is plain text (quotes come from papers and may hold markup) with a
stance colour swatch that never stands alone: the stance is also written out.
Double-click or Enter opens the Reader at the passage; the buttons and the
context menu edit the note and stance, re-stance, or unlink.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.dates import short_uk_date
from desktop.domain.evidence import Evidence, Stance
from desktop.ui.widgets.tooltips import plain_tooltip

EvidenceRole = Qt.ItemDataRole.UserRole + 1
QUOTE_CHARS = 420  # in the list; the tooltip and the Reader hold the rest
TOOLTIP_QUOTE_CHARS = 1500
MIN_LINES = 9  # about two pieces of evidence in sight, however crowded the detail is
NO_EVIDENCE = "No evidence linked yet. Select text in the Reader and press Ctrl+L, or accept a suggestion."

# Opaque enough to see on light and dark palettes; the word is always written too.
STANCE_COLOURS = {Stance.PROGRESS: QColor(0, 140, 100), Stance.CONCERN: QColor(205, 45, 45),
                  Stance.CONTEXT: QColor(90, 95, 215)}
STANCE_SYMBOLS = {Stance.PROGRESS: "▲", Stance.CONCERN: "▼", Stance.CONTEXT: "●"}


def stance_icon(stance: Stance, size: int = 12) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(STANCE_COLOURS[stance])
    return QIcon(pixmap)


def stance_text(stance: Stance) -> str:
    return f"{STANCE_SYMBOLS[stance]} {stance.label}"


def newest_first(evidence: Sequence[Evidence]) -> list[Evidence]:
    """By the date of the paper quoted, newest first; undated papers last; then newest link."""
    def key(item: Evidence):
        when = item.document_date or date.min
        return (item.document_date is not None, when, item.created, item.id)
    return sorted(evidence, key=key, reverse=True)


def citation_of(item: Evidence) -> str:
    """The frozen citation; built from the frozen parts if an old row has none."""
    if item.citation:
        return item.citation
    parts = [item.document_title or "Document not known"]
    if item.document_date:
        parts.append(short_uk_date(item.document_date))
    if item.page:
        parts.append(f"page {item.page}")
    if item.label:
        parts.append(f"paragraph {item.label}")
    return ", ".join(parts)


def clipped(text: str, limit: int) -> str:
    words = " ".join(text.split())
    return words if len(words) <= limit else words[:limit].rstrip() + "…"


def evidence_lines(item: Evidence, target: str = "") -> list[str]:
    """What a list item says, line by line."""
    first = f"{stance_text(item.stance)} · {citation_of(item)}"
    lines = [first]
    if target:
        lines.append(target)
    lines.append(f"“{clipped(item.quote, QUOTE_CHARS)}”")
    if item.note:
        lines.append(f"Note: {clipped(item.note, QUOTE_CHARS)}")
    if item.passage_id is None:
        lines.append("The document was deleted; the quote and its citation were kept.")
    if item.needs_review:
        lines.append("⚠ Check this: the document was replaced and these words were not found in "
                     "the new version.")
    return lines


def evidence_tooltip(item: Evidence, target: str = "") -> str:
    lines = [item.document_title or "Document not known", citation_of(item)]
    if target:
        lines.append(target)
    lines += ["", f"“{clipped(item.quote, TOOLTIP_QUOTE_CHARS)}”"]
    if item.note:
        lines += ["", f"Note: {item.note}"]
    origin = "accepted from a suggestion" if item.origin == "suggestion" else "linked by hand"
    lines += ["", f"{item.stance.label}, {origin} on {item.created[:10]}."]
    return plain_tooltip("\n".join(lines), limit=None)


class EvidenceListPanel(QWidget):
    open_requested = Signal(object)  # Evidence
    edit_requested = Signal(object)  # Evidence
    restance_requested = Signal(list, str)  # [Evidence], stance value
    unlink_requested = Signal(list)  # [Evidence]
    checked_requested = Signal(list)  # [Evidence] whose re-attachment the user has checked

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Evidence")
        self._writable = True
        self._describe: Callable[[Evidence], str] | None = None
        self.caption = QLabel("Evidence:")
        self.caption.setStyleSheet("font-weight: bold")
        self.list = QListWidget()
        self.list.setAccessibleName("Evidence, newest first")
        self.list.setWordWrap(True)
        self.list.setIconSize(QSize(12, 12))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._context_menu)
        self.list.itemDoubleClicked.connect(self._open_item)
        self.list.itemActivated.connect(self._open_item)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.list.setMinimumHeight(self.fontMetrics().lineSpacing() * MIN_LINES)

        self.open_button = QPushButton("Sho&w in Reader")
        self.edit_button = QPushButton("Ed&it…")
        self.stance_button = QToolButton()
        self.stance_button.setText("Re-s&tance")
        self.stance_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.stance_button.setMenu(self._stance_menu(self.stance_button))
        self.unlink_button = QPushButton("&Unlink")
        for button, tip in ((self.open_button, "Open the Reader at the quoted passage"),
                            (self.edit_button, "Edit the note and stance of the selected evidence"),
                            (self.stance_button, "Mark the selected evidence as progress, concern "
                                                 "or context"),
                            (self.unlink_button, "Unlink the selected evidence (Edit > Undo brings "
                                                 "it back)")):
            button.setToolTip(tip)
            button.setAccessibleName(tip)
        self.open_button.clicked.connect(lambda: self._emit_current(self.open_requested))
        self.edit_button.clicked.connect(lambda: self._emit_current(self.edit_requested))
        self.unlink_button.clicked.connect(self._unlink_selected)

        buttons = QHBoxLayout()
        for button in (self.open_button, self.edit_button, self.stance_button, self.unlink_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.set_evidence([])

    def _stance_menu(self, parent) -> QMenu:
        menu = QMenu(parent)
        for stance in Stance:
            action = menu.addAction(stance_icon(stance), f"Mark as {stance.label.lower()}")
            action.triggered.connect(lambda _c=False, s=stance: self._restance_selected(s))
        return menu

    # -- showing ---------------------------------------------------------
    def set_evidence(self, evidence: Sequence[Evidence], writable: bool = True,
                     describe: Callable[[Evidence], str] | None = None) -> None:
        """Show ``evidence`` newest first; ``describe`` names what each is linked to, if useful."""
        self._writable, self._describe = writable, describe
        selected = {e.id for e in self.selected()}
        self.list.clear()
        items = newest_first(evidence)
        for item in items:
            target = describe(item) if describe else ""
            widget_item = QListWidgetItem(stance_icon(item.stance), "\n".join(evidence_lines(item, target)))
            widget_item.setToolTip(evidence_tooltip(item, target))
            widget_item.setData(EvidenceRole, item)
            self.list.addItem(widget_item)
            if item.id in selected:
                widget_item.setSelected(True)
        if not items:
            placeholder = QListWidgetItem(NO_EVIDENCE)
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(placeholder)
        counts = {s: sum(1 for e in items if e.stance is s) for s in Stance}
        summary = ", ".join(f"{n} {s.value}" for s, n in counts.items() if n)
        self.caption.setText(f"Evidence ({summary}):" if summary else "Evidence:")
        self._update_buttons()

    def evidence(self) -> list[Evidence]:
        return [e for e in (self.list.item(r).data(EvidenceRole) for r in range(self.list.count())) if e]

    def selected(self) -> list[Evidence]:
        return [e for e in (item.data(EvidenceRole) for item in self.list.selectedItems()) if e]

    def select_ids(self, evidence_ids: Sequence[int]) -> None:
        wanted = set(evidence_ids)
        for row in range(self.list.count()):
            item = self.list.item(row)
            data = item.data(EvidenceRole)
            item.setSelected(bool(data) and data.id in wanted)

    def _update_buttons(self) -> None:
        count = len(self.selected())
        one = count == 1
        self.open_button.setEnabled(one and self.selected()[0].passage_id is not None)
        self.edit_button.setEnabled(one and self._writable)
        self.stance_button.setEnabled(count >= 1 and self._writable)
        self.unlink_button.setEnabled(count >= 1 and self._writable)

    # -- asking ----------------------------------------------------------
    def _emit_current(self, signal) -> None:
        chosen = self.selected()
        if len(chosen) == 1:
            signal.emit(chosen[0])

    def _open_item(self, item: QListWidgetItem) -> None:
        evidence = item.data(EvidenceRole)
        if evidence is not None:
            self.open_requested.emit(evidence)

    def _restance_selected(self, stance: Stance) -> None:
        changing = [e for e in self.selected() if e.stance is not stance]
        if changing:
            self.restance_requested.emit(changing, stance.value)

    def _unlink_selected(self) -> None:
        chosen = self.selected()
        if chosen:
            self.unlink_requested.emit(chosen)

    def _context_menu(self, pos) -> None:
        item = self.list.itemAt(pos)
        if item is None or item.data(EvidenceRole) is None:
            return
        if not item.isSelected():
            self.list.setCurrentItem(item)
        menu = QMenu(self)
        open_action = menu.addAction("Open in Reader", lambda: self._emit_current(self.open_requested))
        open_action.setEnabled(self.open_button.isEnabled())
        if self._writable:
            menu.addAction("Edit note and stance…", lambda: self._emit_current(self.edit_requested))
            for stance in Stance:
                menu.addAction(stance_icon(stance), f"Mark as {stance.label.lower()}",
                               lambda s=stance: self._restance_selected(s))
            review = [e for e in self.selected() if e.needs_review]
            if review:
                menu.addAction("Mark as checked (the quote is right)",
                               lambda: self.checked_requested.emit(review))
            menu.addSeparator()
            menu.addAction("Unlink", self._unlink_selected)
        menu.exec(self.list.viewport().mapToGlobal(pos))
