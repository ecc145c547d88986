"""Improvement-plan actions as a table, and the proxy that filters them.

Overdue actions say so in words ("Overdue" in the Due column) and are tinted;
RAG cells carry the colour's name as well as the colour; flagged rows (an
import could not read everything) carry a marker whose tooltip says what to
check. Colours are translucent so the palette's own text stays readable on
light and dark themes.

Sorting is done in the source model on precomputed keys: with a few thousand
actions, asking Python for every comparison would make a header click slow.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QFont

from desktop.domain.actions import Action, ActionStatus, Rag
from desktop.domain.dates import short_uk_date, uk_date, written_with_date
from desktop.domain.recommendations import Recommendation
from desktop.ui.models.filter_change import filter_change
from desktop.ui.models.row_table import RowTableModel
from desktop.ui.widgets.tooltips import plain_tooltip

(COL_REFERENCE, COL_TITLE, COL_OWNER, COL_DUE, COL_STATUS, COL_RAG, COL_SLIPPED,
 COL_RECOMMENDATIONS, COL_UPDATE) = range(9)
HEADERS = ("Ref.", "Action", "Owner", "Due", "Status", "RAG", "Slipped", "Recommendations",
           "Latest update")

ActionRole = Qt.ItemDataRole.UserRole + 1
ActionIdRole = Qt.ItemDataRole.UserRole + 2

FLAG_MARK = "⚑"
OVERDUE_WORD = "Overdue"
DUE_SOON_DAYS = 30
SHORT_TEXT_CHARS = 120
ALPHA = 95
OVERDUE_TINT = QColor(220, 40, 40, 45)
RAG_COLOURS = {
    Rag.RED: QColor(220, 40, 40, ALPHA),
    Rag.AMBER: QColor(235, 150, 0, ALPHA),
    Rag.GREEN: QColor(30, 160, 70, ALPHA),
    Rag.BLUE: QColor(40, 110, 230, ALPHA),
}
RAG_ORDER = {rag: n for n, rag in enumerate(Rag)}
STATUS_ORDER = {status: n for n, status in enumerate(ActionStatus)}
_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class RecommendationName:
    """How an action's linked recommendation is named in the table and its tooltip."""

    short: str  # "3", or "3 (2017)" when several inspections number a "3"
    full: str  # "Recommendation 3 (Gloucestershire, 2017): Improve the …"


def recommendation_names(recommendations: Iterable[Recommendation]) -> dict[int, RecommendationName]:
    recs = list(recommendations)
    counts: dict[str, int] = {}
    for rec in recs:
        counts[rec.label] = counts.get(rec.label, 0) + 1
    names = {}
    for rec in recs:
        year = str(rec.issued.year) if rec.issued else ""
        short = rec.label or "?"
        if counts[rec.label] > 1 and year:
            short = f"{short} ({year})"
        context = ", ".join(part for part in (rec.authority or "", year) if part)
        heading = f"{rec.kind.label} {rec.label}".strip() + (f" ({context})" if context else "")
        names[rec.id] = RecommendationName(short, f"{heading}: {rec.text}")
    return names


def short_text(text: str, limit: int = SHORT_TEXT_CHARS) -> str:
    words = " ".join(text.split())
    return words if len(words) <= limit else words[:limit].rstrip() + "…"


def natural_key(text: str) -> str:
    """Numbers sort as numbers: "1.2" before "1.10", "A3" before "A12"."""
    return _NUMBER.sub(lambda m: m.group().zfill(8), text.casefold())


def due_state(action: Action, today: date) -> str:
    """"overdue", "soon" (within 30 days), or "" — complete actions are never late."""
    if action.overdue(today):
        return "overdue"
    if action.due_soon(today, DUE_SOON_DAYS):
        return "soon"
    return ""


def due_display(action: Action, today: date) -> str:
    written = written_with_date(action.due_text, action.due)
    state = due_state(action, today)
    # The word first, so that a narrow column still shows it.
    if state == "overdue":
        return f"{OVERDUE_WORD} · {written}" if written else OVERDUE_WORD
    if state == "soon":
        return f"Due soon · {written}"
    return written


def due_tooltip(action: Action, today: date) -> str:
    lines = []
    if action.due is not None:
        lines.append(f"Understood as {uk_date(action.due)}.")
        days = (action.due - today).days
        if action.status is not ActionStatus.COMPLETE:
            if days < 0:
                lines.append(f"Overdue by {-days} day{'s' if days != -1 else ''}.")
            elif days <= DUE_SOON_DAYS:
                lines.append("Due today." if days == 0 else f"Due in {days} day{'s' if days != 1 else ''}.")
    elif action.due_text:
        lines.append(f"“{action.due_text}” is not a single date, so it is never counted as overdue.")
    else:
        lines.append("No due date given.")
    if action.slips:
        lines.append(slip_sentence(action))
    return "\n".join(lines)


def slipped_display(action: Action) -> str:
    if not action.slips:
        return ""
    days = f" · {action.slipped_days} day{'s' if action.slipped_days != 1 else ''}" \
        if action.slipped_days else ""
    return f"{action.slips}×{days}"


def slip_sentence(action: Action) -> str:
    if not action.slips:
        return "The due date has not moved."
    original = written_with_date(action.original_due_text, action.original_due) or "no date"
    times = "once" if action.slips == 1 else ("twice" if action.slips == 2 else f"{action.slips} times")
    by = f", {action.slipped_days} days in all" if action.slipped_days else ""
    return f"Originally due {original}; the due date has moved later {times}{by}."


def latest_update(action: Action):
    return action.updates[0] if action.updates else None


def update_display(action: Action) -> str:
    update = latest_update(action)
    if update is None:
        return ""
    when = short_uk_date(update.date, "undated")
    text = short_text(update.text) if update.text else _update_changes(update) or "(no text)"
    return f"{when}: {text}"


def _update_changes(update) -> str:
    parts = []
    if update.status is not None:
        parts.append(f"status {update.status.label.lower()}")
    if update.rag is not None:
        parts.append(f"RAG {update.rag.label.lower()}")
    if update.due_text:
        parts.append(f"due {update.due_text}")
    return ", ".join(parts)


def flags_tooltip(action: Action) -> str:
    return "Check this action; the import could not read everything:\n" + "\n".join(
        f"• {flag}" for flag in action.flags)


class ActionsModel(RowTableModel):
    HEADERS = HEADERS

    def __init__(self, parent=None) -> None:
        super().__init__([], parent)
        self.today = date.today()
        self._names: dict[int, RecommendationName] = {}
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._row_of: dict[int, int] = {}

    # -- content ---------------------------------------------------------
    def set_actions(self, actions: list[Action], names: dict[int, RecommendationName],
                    today: date | None = None) -> None:
        self.beginResetModel()
        self.today = today or date.today()
        self._names = dict(names)
        self._rows = list(actions)
        if self._sort is not None:
            self._sort_rows(*self._sort)
        self._index_rows()
        self.endResetModel()

    def set_rows(self, rows: list) -> None:  # the RowTableModel entry point
        self.set_actions(rows, self._names, self.today)

    def actions(self) -> list[Action]:
        return list(self._rows)

    def action(self, action_id: int) -> Action | None:
        row = self._row_of.get(action_id)
        return self._rows[row] if row is not None else None

    def row_of(self, action_id: int) -> int | None:
        return self._row_of.get(action_id)

    def recommendation_name(self, rec_id: int) -> RecommendationName | None:
        return self._names.get(rec_id)

    def _index_rows(self) -> None:
        self._row_of = {action.id: n for n, action in enumerate(self._rows)}

    # -- cells -----------------------------------------------------------
    def _recommendations(self, action: Action) -> str:
        names = [self._names[i].short if i in self._names else f"#{i}" for i in action.recommendation_ids]
        return ", ".join(sorted(names, key=natural_key))

    def display(self, action: Action, column: int) -> str:
        if column == COL_REFERENCE:
            return f"{FLAG_MARK} {action.reference}".rstrip() if action.flags else action.reference
        if column == COL_TITLE:
            return short_text(action.title)
        if column == COL_OWNER:
            return action.owner
        if column == COL_DUE:
            return due_display(action, self.today)
        if column == COL_STATUS:
            return action.status.label
        if column == COL_RAG:
            return action.rag.label if action.rag else ""
        if column == COL_SLIPPED:
            return slipped_display(action)
        if column == COL_RECOMMENDATIONS:
            return self._recommendations(action)
        return update_display(action)

    def _tooltip(self, action: Action, column: int) -> str:
        if column == COL_REFERENCE and action.flags:
            return flags_tooltip(action)
        if column == COL_TITLE:
            text = action.title + (f"\n\n{action.description}" if action.description else "")
            return plain_tooltip(text, limit=2000)
        if column == COL_DUE:
            return plain_tooltip(due_tooltip(action, self.today))
        if column == COL_SLIPPED:
            return plain_tooltip(slip_sentence(action))
        if column == COL_RECOMMENDATIONS:
            lines = [self._names[i].full for i in action.recommendation_ids if i in self._names]
            return plain_tooltip("\n\n".join(lines) or "Not linked to a recommendation.", limit=2000)
        if column == COL_UPDATE:
            update = latest_update(action)
            if update is None:
                return plain_tooltip("No progress reported yet.")
            when = uk_date(update.date) if update.date else "Undated"
            changes = _update_changes(update)
            return plain_tooltip(f"{when}{' (' + changes + ')' if changes else ''}:\n{update.text}",
                                 limit=2000)
        return plain_tooltip(self.display(action, column))

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        action = self.row_at(index)
        if action is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(action, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(action, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if column == COL_REFERENCE and action.flags:
                return f"Needs checking. {action.reference}".strip()
            return self.display(action, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            if column == COL_RAG and action.rag is not None:
                return RAG_COLOURS[action.rag]
            if action.overdue(self.today):
                return OVERDUE_TINT
            return None
        if role == Qt.ItemDataRole.FontRole and column == COL_DUE and action.overdue(self.today):
            font = QFont()
            font.setBold(True)
            return font
        if role == ActionRole:
            return action
        if role == ActionIdRole:
            return action.id
        return None

    # -- sorting ---------------------------------------------------------
    def sort_key(self, action: Action, column: int):
        # Ties keep the plan's order: reference, then when it was added.
        tail = (natural_key(action.reference), action.id)
        if column == COL_REFERENCE:
            return (natural_key(action.reference), action.id)
        if column == COL_DUE:
            # Undated ("ongoing", unreadable) after every date.
            return (action.due is None, action.due or date.max, *tail)
        if column == COL_STATUS:
            return (STATUS_ORDER[action.status], *tail)
        if column == COL_RAG:
            return (action.rag is None, RAG_ORDER.get(action.rag, 9), *tail)
        if column == COL_SLIPPED:
            return (action.slips, action.slipped_days, *tail)
        if column == COL_UPDATE:
            update = latest_update(action)
            return ((update.date or date.min) if update else date.min, *tail)
        if column == COL_RECOMMENDATIONS:
            return (natural_key(self._recommendations(action)) or "\uffff", *tail)
        return (self.display(action, column).casefold(), *tail)

    def _sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        if column < 0:
            self._rows.sort(key=lambda a: self.sort_key(a, COL_REFERENCE))
            return
        self._rows.sort(key=lambda a: self.sort_key(a, column),
                        reverse=order == Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        remembered = [(self._rows[i.row()].id, i.column()) if 0 <= i.row() < len(self._rows)
                      else (None, 0) for i in persistent]
        self._sort_rows(column, order)
        self._index_rows()
        moved = [self.index(self._row_of[action_id], col) if action_id in self._row_of
                 else QModelIndex() for action_id, col in remembered]
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()


@dataclass
class ActionFilters:
    when: str | None = None  # "overdue", "soon", "flagged", "slipped"
    owner: str | None = None
    status: str | None = None
    rag: str | None = None  # a Rag value, or "none"
    recommendation_id: int | None = None
    text: str = ""
    as_at: date | None = None  # "overdue" and "due soon" as the actions stood on this date


def due_view(action: Action, as_at: date | None) -> Action:
    """The action as it stood on ``as_at`` (its updates say), or as it is now when None."""
    if as_at is None:
        return action
    from desktop.domain.as_at import action_as_at

    return action_as_at(action, as_at)


class ActionsFilterModel(QSortFilterProxyModel):
    """Filters by due state, owner, status, RAG, recommendation and words; the source sorts."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.filters = ActionFilters()
        self._words: list[str] = []

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)

    def set_filters(self, filters: ActionFilters) -> None:
        with filter_change(self):
            self.filters = filters
            self._words = filters.text.casefold().split()

    def filterAcceptsRow(self, source_row, source_parent) -> bool:
        model: ActionsModel = self.sourceModel()
        action = model.row_at(model.index(source_row, 0, source_parent))
        if action is None:
            return False
        f = self.filters
        when = f.as_at or model.today
        if f.when in ("overdue", "soon"):
            seen = due_view(action, f.as_at)
            if f.when == "overdue" and not seen.overdue(when):
                return False
            if f.when == "soon" and not seen.due_soon(when, DUE_SOON_DAYS):
                return False
        if f.when == "flagged" and not action.flags:
            return False
        if f.when == "slipped" and not action.slips:
            return False
        if f.owner is not None and action.owner.casefold() != f.owner.casefold():
            return False
        if f.status and action.status.value != f.status:
            return False
        if f.rag == "none" and action.rag is not None:
            return False
        if f.rag and f.rag != "none" and (action.rag is None or action.rag.value != f.rag):
            return False
        if f.recommendation_id is not None and f.recommendation_id not in action.recommendation_ids:
            return False
        if self._words:
            latest = latest_update(action)
            haystack = " ".join((action.reference, action.title, action.description, action.owner,
                                 action.due_text, latest.text if latest else "")).casefold()
            return all(word in haystack for word in self._words)
        return True
