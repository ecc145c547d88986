"""Passages the app suggests as evidence for the selected recommendation.

Each suggestion shows its snippet, the document and date, and why it matched.
Accept (choosing a stance) makes it evidence; Dismiss hides it for good.
"Suggest for all" runs in the background (the controller starts it) with a
progress bar and Cancel. The panel only shows and asks.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QProgressBar,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.dates import short_uk_date
from desktop.domain.evidence import Stance, Suggestion
from desktop.ui.widgets.evidence_list import clipped, stance_icon
from desktop.ui.widgets.plain_labels import plain_label
from desktop.ui.widgets.tooltips import plain_tooltip

SuggestionRole = Qt.ItemDataRole.UserRole + 1
SNIPPET_CHARS = 360
PICK_ONE = "Select one recommendation to see passages in later papers that may be evidence for it."


def where_text(suggestion: Suggestion) -> str:
    parts = [suggestion.document_title or "Untitled document"]
    if suggestion.document_date:
        parts.append(short_uk_date(suggestion.document_date))
    place = []
    if suggestion.page:
        place.append(f"p. {suggestion.page}")
    if suggestion.label:
        place.append(f"para {suggestion.label}")
    if place:
        parts.append(", ".join(place))
    return " · ".join(parts)


def suggestion_lines(suggestion: Suggestion) -> list[str]:
    lines = [clipped(suggestion.snippet, SNIPPET_CHARS), where_text(suggestion)]
    if suggestion.reason:
        lines.append(f"Why: {suggestion.reason}")
    return lines


class SuggestionsPanel(QWidget):
    refresh_requested = Signal(int)  # recommendation id
    accept_requested = Signal(int, object, str)  # recommendation id, Suggestion, stance value
    dismiss_requested = Signal(int, list)  # recommendation id, [Suggestion]
    open_requested = Signal(int, int)  # document id, passage id
    suggest_all_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Suggested evidence")
        self.recommendation_id: int | None = None
        self._writable = True
        self.heading = plain_label("Suggestions for", selectable=False)
        self.list = QListWidget()
        self.list.setAccessibleName("Suggested passages, best first")
        self.list.setWordWrap(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.list.itemDoubleClicked.connect(self._open_item)
        self.list.itemActivated.connect(self._open_item)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._context_menu)

        self.accept_button = QToolButton()
        self.accept_button.setText("Accept as…")
        self.accept_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.accept_button.setMenu(self._accept_menu(self.accept_button))
        self.dismiss_button = QPushButton("Dismiss")
        self.open_button = QPushButton("Open in Reader")
        self.refresh_button = QPushButton("Find again")
        self.all_button = QPushButton("Su&ggest for all")
        self.cancel_button = QPushButton("Cancel")
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Suggesting for all recommendations")
        self.progress.setMaximumWidth(220)
        for button, tip in (
                (self.accept_button, "Link the selected passage as evidence, choosing its stance"),
                (self.dismiss_button, "Never suggest the selected passages for this "
                                      "recommendation again"),
                (self.open_button, "Open the Reader at the selected passage"),
                (self.refresh_button, "Look for suggestions for this recommendation again"),
                (self.all_button, "Find suggestions for every recommendation, in the background"),
                (self.cancel_button, "Stop suggesting for all recommendations")):
            button.setToolTip(tip)
            button.setAccessibleName(tip)
        self.dismiss_button.clicked.connect(self._dismiss_selected)
        self.open_button.clicked.connect(self._open_current)
        self.refresh_button.clicked.connect(self._refresh)
        self.all_button.clicked.connect(self.suggest_all_requested)
        self.cancel_button.clicked.connect(self._cancel)

        buttons = QHBoxLayout()
        for button in (self.accept_button, self.dismiss_button, self.open_button, self.refresh_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.progress)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.all_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.show_running(False)
        self.show_suggestions(None, [])

    def _accept_menu(self, parent) -> QMenu:
        menu = QMenu(parent)
        for stance in Stance:
            action = menu.addAction(stance_icon(stance), f"Accept as {stance.label.lower()}")
            action.triggered.connect(lambda _c=False, s=stance: self.accept_current(s))
        return menu

    # -- showing ---------------------------------------------------------
    def show_message(self, rec_id: int | None, heading: str, message: str = "") -> None:
        """No list to show (nothing selected, searching, failed): say so in the list."""
        self.recommendation_id = rec_id
        self.heading.setText(heading)
        self.list.clear()
        if message:
            item = QListWidgetItem(message)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(item)
        self._update_buttons()

    def show_suggestions(self, rec_id: int | None, suggestions: Sequence[Suggestion],
                         heading: str = "", writable: bool = True) -> None:
        self._writable = writable
        if rec_id is None:
            self.show_message(None, "Suggested evidence", PICK_ONE)
            self.refresh_button.setEnabled(False)
            return
        self.recommendation_id = rec_id
        self.heading.setText(heading or "Suggested evidence")
        self.list.clear()
        for suggestion in suggestions:
            item = QListWidgetItem("\n".join(suggestion_lines(suggestion)))
            item.setToolTip(plain_tooltip(f"{where_text(suggestion)}\n\n{suggestion.snippet}\n\n"
                                          f"Why: {suggestion.reason}\nScore: {suggestion.score:.2f}",
                                          limit=None))
            item.setData(SuggestionRole, suggestion)
            self.list.addItem(item)
        if not suggestions:
            item = QListWidgetItem("No suggestions: no later paper about the same authority "
                                   "speaks to it, or every match was linked or dismissed.")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(item)
        elif self.list.count():
            self.list.setCurrentRow(0)
        self._update_buttons()

    def suggestions(self) -> list[Suggestion]:
        return [s for s in (self.list.item(r).data(SuggestionRole) for r in range(self.list.count())) if s]

    def selected(self) -> list[Suggestion]:
        return [s for s in (item.data(SuggestionRole) for item in self.list.selectedItems()) if s]

    def select_passage(self, passage_id: int) -> bool:
        for row in range(self.list.count()):
            data = self.list.item(row).data(SuggestionRole)
            if data and data.passage_id == passage_id:
                self.list.setCurrentRow(row)
                return True
        return False

    def show_running(self, running: bool, done: int = 0, total: int = 0) -> None:
        """The "Suggest for all" job: progress bar and Cancel while it runs."""
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)
        self.all_button.setEnabled(not running)
        if running:
            self.progress.setRange(0, max(total, 0))
            self.progress.setValue(min(done, total) if total else 0)
            self.progress.setFormat(f"{done} of {total}" if total else "starting…")

    def _update_buttons(self) -> None:
        count = len(self.selected())
        self.accept_button.setEnabled(count == 1 and self._writable)
        self.dismiss_button.setEnabled(count >= 1 and self._writable)
        self.open_button.setEnabled(count == 1)
        self.refresh_button.setEnabled(self.recommendation_id is not None)

    # -- asking ----------------------------------------------------------
    def accept_current(self, stance: Stance) -> None:
        chosen = self.selected()
        if self.recommendation_id is not None and len(chosen) == 1:
            self.accept_requested.emit(self.recommendation_id, chosen[0], stance.value)

    def _dismiss_selected(self) -> None:
        chosen = self.selected()
        if self.recommendation_id is not None and chosen:
            self.dismiss_requested.emit(self.recommendation_id, chosen)

    def _open_current(self) -> None:
        chosen = self.selected()
        if len(chosen) == 1:
            self.open_requested.emit(chosen[0].document_id, chosen[0].passage_id)

    def _open_item(self, item: QListWidgetItem) -> None:
        data = item.data(SuggestionRole)
        if data is not None:
            self.open_requested.emit(data.document_id, data.passage_id)

    def _refresh(self) -> None:
        if self.recommendation_id is not None:
            self.refresh_requested.emit(self.recommendation_id)

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.progress.setFormat("cancelling…")
        self.cancel_requested.emit()

    def _context_menu(self, pos) -> None:
        item = self.list.itemAt(pos)
        if item is None or item.data(SuggestionRole) is None:
            return
        if not item.isSelected():
            self.list.setCurrentItem(item)
        menu = QMenu(self)
        menu.addAction("Open in Reader", self._open_current)
        if self._writable:
            menu.addSeparator()
            for stance in Stance:
                menu.addAction(stance_icon(stance), f"Accept as {stance.label.lower()}",
                               lambda s=stance: self.accept_current(s))
            menu.addAction("Dismiss", self._dismiss_selected)
        menu.exec(self.list.viewport().mapToGlobal(pos))
