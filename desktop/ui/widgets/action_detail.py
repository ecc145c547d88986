"""One action in full, for editing: its fields, what an import flagged, the
recommendations it answers, its progress updates (newest first) and how its due
date has slipped.

The panel only shows and asks; the ActionsController stores changes. Text from
trackers and users is shown as plain text everywhere (labels in PlainText
format, list items, tooltips through ``plain_tooltip``).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.actions import Action, ProgressUpdate
from desktop.domain.dates import short_uk_date, uk_date, written_with_date
from desktop.ui.dialogs.action_dialogs import ActionFields, changed_values, current_values
from desktop.ui.models.actions_model import (
    FLAG_MARK,
    OVERDUE_WORD,
    RecommendationName,
    due_state,
    slip_sentence,
)
from desktop.ui.widgets.plain_labels import caption, plain_label
from desktop.ui.widgets.tooltips import plain_tooltip

ItemIdRole = Qt.ItemDataRole.UserRole + 1
PassageIdRole = Qt.ItemDataRole.UserRole + 2
EMPTY_TEXT = "Select an action to see and edit it, or press Add to type one in."
FIELD_NAMES = {"reference": "reference", "title": "title", "description": "description",
               "owner": "owner", "due_text": "due date", "status": "status", "rag": "RAG",
               "authority": "authority"}


def _button(text: str, name: str, slot) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name)
    button.setToolTip(name)
    button.clicked.connect(slot)
    return button


def update_heading(update: ProgressUpdate) -> str:
    when = short_uk_date(update.date, "Undated")
    changes = []
    if update.status is not None:
        changes.append(update.status.label)
    if update.rag is not None:
        changes.append(f"RAG {update.rag.label.lower()}")
    if update.due_text:
        changes.append(f"due {update.due_text}")
    source = "" if update.source == "manual" else f" — from {update.source}"
    return f"{when}{' · ' + ', '.join(changes) if changes else ''}{source}"


def update_item(update: ProgressUpdate) -> QListWidgetItem:
    heading = update_heading(update)
    cites = "\n(cites a passage: double-click to open it)" if update.passage_id else ""
    item = QListWidgetItem(f"{heading}\n{update.text}".rstrip() if update.text else heading)
    item.setToolTip(plain_tooltip(f"{heading}\n{update.text}{cites}", limit=2000))
    item.setData(ItemIdRole, update.id)
    item.setData(PassageIdRole, update.passage_id)
    return item


def due_summary(action: Action, today: date) -> str:
    """The due date in words: as written, as understood, and whether it is late."""
    if not action.due_text and action.due is None:
        return "No due date."
    written = action.due_text or action.due.isoformat()
    parts = [f"Due {written}"]
    if action.due is not None and action.due_text != action.due.isoformat():
        parts.append(f"(understood as {uk_date(action.due)})")
    state = due_state(action, today)
    if state == "overdue":
        days = (today - action.due).days
        parts.append(f"— {OVERDUE_WORD}, by {days} day{'s' if days != 1 else ''}")
    elif state == "soon":
        days = (action.due - today).days
        parts.append("— due today" if days == 0 else f"— due in {days} day{'s' if days != 1 else ''}")
    return " ".join(parts) + "."


def slip_lines(history) -> list[str]:
    lines = []
    for change in history:
        old = written_with_date(change.old_due_text, change.old_due) or "none"
        new = written_with_date(change.new_due_text, change.new_due) or "none"
        lines.append(f"{change.changed_at[:10]}: {old} → {new}")
    return lines


class ActionDetailPanel(QWidget):
    save_requested = Signal(int, dict)  # action id, changed fields
    flags_cleared = Signal(int)  # action id
    link_requested = Signal(int)  # action id
    unlink_requested = Signal(int, list)  # action id, recommendation ids
    open_recommendation = Signal(int)
    add_update_requested = Signal(int)
    delete_update_requested = Signal(int, int)  # action id, update id
    open_passage = Signal(int)  # passage id

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Action details")
        self.action: Action | None = None
        self._shown: dict[str, object] = {}
        self._writable = False
        self.heading = plain_label("Action reference and title")
        self.heading.setStyleSheet("font-weight: bold")
        self.due_label = plain_label("Due date and whether it is late")
        self.flags_label = plain_label("What the import could not read")
        self.flags_frame = QFrame()
        self.flags_frame.setFrameShape(QFrame.Shape.StyledPanel)
        self.clear_flags_button = _button("Mark as checked", "Mark the flagged values as checked",
                                          self._clear_flags)
        self.edited_label = plain_label("Fields changed in the app")
        self.fields = ActionFields(compact=True)
        self.fields.edited.connect(self._update_buttons)
        self.save_button = _button("Save changes", "Save the changes to this action (Ctrl+Enter)",
                                   self._save)
        self.save_button.setShortcut(QKeySequence("Ctrl+Return"))
        self.revert_button = _button("Revert", "Put back the action as stored", self._revert)
        self.recommendations_list = QListWidget()
        self.recommendations_list.setAccessibleName("Recommendations it answers")
        self.recommendations_list.setWordWrap(True)
        self.recommendations_list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.recommendations_list.itemActivated.connect(self._open_recommendation)
        self.recommendations_list.itemSelectionChanged.connect(self._update_buttons)
        self.link_button = _button("Lin&k…", "Link to recommendations",
                                   lambda: self._emit_for_action(self.link_requested))
        self.unlink_button = _button("Unlink", "Unlink the selected recommendations", self._unlink)
        self.updates_list = QListWidget()
        self.updates_list.setAccessibleName("Progress updates, newest first")
        self.updates_list.setWordWrap(True)
        self.updates_list.setAlternatingRowColors(True)
        self.updates_list.itemActivated.connect(self._open_update_passage)
        self.updates_list.itemSelectionChanged.connect(self._update_buttons)
        self.add_update_button = _button("Add update…", "Report progress on this action",
                                         lambda: self._emit_for_action(self.add_update_requested))
        self.delete_update_button = _button("Delete update", "Delete the selected progress update",
                                            self._delete_update)
        self.slippage_label = plain_label("How the due date has slipped")
        self.slippage_list = QListWidget()
        self.imports_list = QListWidget()
        self.imports_list.setAccessibleName("What tracker imports changed on this action")
        self.imports_list.setToolTip("Each field a tracker import changed, with its old and new value; "
                                     "Edit > Undo tracker import… takes an import back")
        self.imports_list.setWordWrap(True)
        self.slippage_list.setAccessibleName("Due date changes, oldest first")
        self._build_layout()
        self.show_action(None)

    def _build_layout(self) -> None:
        flags_layout = QHBoxLayout(self.flags_frame)
        flags_layout.addWidget(self.flags_label, 1)
        flags_layout.addWidget(self.clear_flags_button, 0, Qt.AlignmentFlag.AlignTop)
        save_row = QHBoxLayout()
        save_row.addWidget(self.edited_label, 1)
        save_row.addStretch(0)
        save_row.addWidget(self.revert_button)
        save_row.addWidget(self.save_button)
        rec_row = QHBoxLayout()
        rec_row.addWidget(caption("Answers recommendations:", self.recommendations_list), 1)
        rec_row.addWidget(self.link_button)
        rec_row.addWidget(self.unlink_button)
        update_row = QHBoxLayout()
        update_row.addWidget(caption("Progress updates (newest first):", self.updates_list), 1)
        update_row.addWidget(self.add_update_button)
        update_row.addWidget(self.delete_update_button)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.heading)
        layout.addWidget(self.due_label)
        layout.addWidget(self.flags_frame)
        layout.addWidget(self.fields)
        layout.addLayout(save_row)
        layout.addLayout(rec_row)
        layout.addWidget(self.recommendations_list, 1)
        layout.addLayout(update_row)
        layout.addWidget(self.updates_list, 3)
        layout.addWidget(caption("Slippage:", self.slippage_list))
        layout.addWidget(self.slippage_label)
        layout.addWidget(self.slippage_list, 1)
        self.imports_caption = caption("Changed by tracker imports:", self.imports_list)
        layout.addWidget(self.imports_caption)
        layout.addWidget(self.imports_list, 1)
        line = self.fontMetrics().lineSpacing()
        self.imports_list.setMinimumHeight(line * 3)
        self.recommendations_list.setMinimumHeight(line * 4)
        self.recommendations_list.setMaximumHeight(line * 9)
        self.updates_list.setMinimumHeight(line * 6)
        self.slippage_list.setMinimumHeight(line * 3)
        # The panel scrolls rather than squashing its lists in a small window.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    # -- showing ---------------------------------------------------------
    def set_choices(self, owners: list[str], authorities: list[str]) -> None:
        self.fields.set_choices(owners, authorities)

    def show_action(self, action: Action | None, names: dict[int, RecommendationName] | None = None,
                    history=(), writable: bool = True, today: date | None = None,
                    imported: list[str] | tuple[str, ...] = ()) -> None:
        """Show ``action`` (None: nothing selected); ``history`` is its due-date moves,
        ``imported`` what tracker imports changed on it, a line each."""
        self.action = action
        self._writable = writable
        names = names or {}
        today = today or date.today()
        self.recommendations_list.clear()
        self.updates_list.clear()
        self.slippage_list.clear()
        self.imports_list.clear()
        self.imports_list.addItems(list(imported))
        self.imports_caption.setVisible(bool(imported))
        self.imports_list.setVisible(bool(imported))
        self.fields.setVisible(action is not None)
        if action is None:
            self.heading.setText(EMPTY_TEXT)
            for widget in (self.due_label, self.flags_frame, self.edited_label):
                widget.setVisible(False)
            self._shown = {}
            self.slippage_label.setText("")
            self._update_buttons()
            return
        self.heading.setText(" · ".join(p for p in (action.reference, action.title) if p))
        self.due_label.setVisible(True)
        self.due_label.setText(due_summary(action, today))
        self._show_flags(action)
        self._shown = current_values(action)
        self.fields.set_values(self._shown)
        self.fields.set_editable(writable)
        self._show_edited(action)
        for rec_id in action.recommendation_ids:
            name = names.get(rec_id)
            item = QListWidgetItem(name.full if name else f"Recommendation #{rec_id}")
            item.setToolTip(plain_tooltip((name.full if name else "") + "\n(double-click to open it)"))
            item.setData(ItemIdRole, rec_id)
            self.recommendations_list.addItem(item)
        if not action.recommendation_ids:
            self.recommendations_list.addItem("Not linked to a recommendation yet.")
        for update in action.updates:
            self.updates_list.addItem(update_item(update))
        if not action.updates:
            self.updates_list.addItem("No progress reported yet.")
        self.slippage_label.setText(slip_sentence(action))
        for line in slip_lines(history):
            self.slippage_list.addItem(line)
        self.slippage_list.setVisible(bool(history))
        self._update_buttons()

    def _show_flags(self, action: Action) -> None:
        self.flags_frame.setVisible(bool(action.flags))
        if action.flags:
            lines = "\n".join(f"• {flag}" for flag in action.flags)
            self.flags_label.setText(f"{FLAG_MARK} Check: the import could not read everything.\n{lines}")

    def _show_edited(self, action: Action) -> None:
        fields = [FIELD_NAMES.get(f, f) for f in action.edited_fields]
        self.edited_label.setVisible(bool(fields) and action.origin == "imported")
        if fields:
            self.edited_label.setText("Changed here since the import (a re-import asks before "
                                      f"replacing): {', '.join(fields)}.")

    def changes(self) -> dict[str, object]:
        return changed_values(self._shown, self.fields.values()) if self.action else {}

    def _update_buttons(self) -> None:
        shown, writable = self.action is not None, self._writable
        dirty = bool(self.changes())
        self.save_button.setEnabled(shown and writable and dirty)
        self.revert_button.setEnabled(shown and dirty)
        self.clear_flags_button.setEnabled(shown and writable)
        self.link_button.setEnabled(shown and writable)
        self.add_update_button.setEnabled(shown and writable)
        self.unlink_button.setEnabled(shown and writable and bool(self._selected(
            self.recommendations_list)))
        self.delete_update_button.setEnabled(shown and writable and bool(self._selected(
            self.updates_list)))
        for widget in (self.link_button, self.unlink_button, self.add_update_button,
                       self.delete_update_button, self.save_button, self.revert_button):
            widget.setVisible(shown)

    @staticmethod
    def _selected(widget: QListWidget) -> list[int]:
        return [i.data(ItemIdRole) for i in widget.selectedItems() if i.data(ItemIdRole) is not None]

    # -- asking ----------------------------------------------------------
    def _emit_for_action(self, signal) -> None:
        if self.action is not None:
            signal.emit(self.action.id)

    def _save(self) -> None:
        changes = self.changes()
        if self.action is not None and changes:
            self.save_requested.emit(self.action.id, changes)

    def _revert(self) -> None:
        self.fields.set_values(self._shown)
        self._update_buttons()

    def _clear_flags(self) -> None:
        self._emit_for_action(self.flags_cleared)

    def _unlink(self) -> None:
        ids = self._selected(self.recommendations_list)
        if self.action is not None and ids:
            self.unlink_requested.emit(self.action.id, ids)

    def _delete_update(self) -> None:
        ids = self._selected(self.updates_list)
        if self.action is not None and ids:
            self.delete_update_requested.emit(self.action.id, ids[0])

    def _open_recommendation(self, item: QListWidgetItem) -> None:
        if item.data(ItemIdRole) is not None:
            self.open_recommendation.emit(item.data(ItemIdRole))

    def _open_update_passage(self, item: QListWidgetItem) -> None:
        if item.data(PassageIdRole):
            self.open_passage.emit(item.data(PassageIdRole))
