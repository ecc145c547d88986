"""The actions that answer one recommendation, listed in its detail panel.

Each line says the action's reference, title, status, RAG and due date, and
"Overdue" in words when it is late; activating a line opens the action in the
Actions tab. Filled by the ActionsController (the detail panel itself does not
read actions).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop.domain.actions import Action
from desktop.domain.dates import written_with_date
from desktop.ui.models.actions_model import (
    FLAG_MARK,
    OVERDUE_TINT,
    OVERDUE_WORD,
    due_state,
    natural_key,
    update_display,
)
from desktop.ui.widgets.tooltips import plain_tooltip

ActionIdRole = Qt.ItemDataRole.UserRole + 1


def action_line(action: Action, today: date) -> str:
    head = " · ".join(p for p in (action.reference, action.title) if p)
    facts = [action.status.label]
    if action.rag is not None:
        facts.append(f"RAG {action.rag.label.lower()}")
    written = written_with_date(action.due_text, action.due)
    state = due_state(action, today)
    if state == "overdue":
        facts.append(f"{OVERDUE_WORD}: due {written}")
    elif written:
        facts.append(f"due {written}" + (" (soon)" if state == "soon" else ""))
    flag = f"{FLAG_MARK} " if action.flags else ""
    return f"{flag}{head} — {', '.join(facts)}"


class RecommendationActionsList(QWidget):
    open_action = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Actions answering this recommendation")
        self.list = QListWidget()
        self.list.setAccessibleName("Actions answering it")
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(self._activated)
        self.list.itemDoubleClicked.connect(self._activated)
        caption = QLabel("Actions ans&wering it:")
        caption.setStyleSheet("font-weight: bold")
        caption.setBuddy(self.list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(caption)
        layout.addWidget(self.list, 1)
        self.list.setMinimumHeight(self.fontMetrics().lineSpacing() * 3)
        self.show_actions(None)

    def show_actions(self, actions: list[Action] | None, today: date | None = None) -> None:
        """``None``: no recommendation is selected."""
        today = today or date.today()
        self.list.clear()
        if actions is None:
            return
        for action in sorted(actions, key=lambda a: (natural_key(a.reference), a.id)):
            item = QListWidgetItem(action_line(action, today))
            latest = update_display(action)
            tip = action.title + (f"\nLatest update: {latest}" if latest else "")
            item.setToolTip(plain_tooltip(tip + "\n(open it in the Actions tab)"))
            item.setData(ActionIdRole, action.id)
            if action.overdue(today):
                item.setBackground(OVERDUE_TINT)
            self.list.addItem(item)
        if not actions:
            self.list.addItem("No actions answer it yet (link one in the Actions tab).")

    def action_ids(self) -> list[int]:
        return [self.list.item(r).data(ActionIdRole) for r in range(self.list.count())
                if self.list.item(r).data(ActionIdRole) is not None]

    def _activated(self, item: QListWidgetItem) -> None:
        if item.data(ActionIdRole) is not None:
            self.open_action.emit(item.data(ActionIdRole))
