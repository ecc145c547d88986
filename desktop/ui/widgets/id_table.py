"""Tables of records chosen by id: a filter proxy over a model whose rows answer an id role.

The Actions and Recommendations tabs list their records the same way: a row of
buttons, a sortable multi-row table, a count, a filter bar of combos whose first
item means "all", and a selection kept by id across refreshes and filtering.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

ALL = None  # the data of a filter combo's first item: no filtering


def filter_combo(name: str, everything: str, width: int = 14) -> QComboBox:
    """A combo whose first item, ``everything``, filters nothing."""
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.addItem(everything, ALL)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(width)
    return combo


def refill_combo(combo: QComboBox, items: list[tuple[str, object]]) -> None:
    """Replace the choices after the first, keeping the chosen one if it is still there,
    without signalling (the caller filters once, afterwards)."""
    chosen = combo.currentIndex() > 0
    current = combo.currentData() if chosen else None
    combo.blockSignals(True)
    while combo.count() > 1:
        combo.removeItem(1)
    for text, data in items:
        combo.addItem(text, data)
    found = combo.findData(current) if chosen else 0
    combo.setCurrentIndex(max(found, 0))
    combo.blockSignals(False)


def filter_bar(caption: str, text_filter: QLineEdit, combos, on_change) -> QHBoxLayout:
    """The caption, the words box and the combos in a row; any change calls ``on_change``."""
    for combo in combos:
        combo.currentIndexChanged.connect(on_change)
    text_filter.textChanged.connect(on_change)
    label = QLabel(caption)
    label.setBuddy(text_filter)
    bar = QHBoxLayout()
    bar.addWidget(label)
    bar.addWidget(text_filter, 2)
    for combo in combos:
        bar.addWidget(combo, 1)
    return bar


def words_filter(name: str, placeholder: str) -> QLineEdit:
    box = QLineEdit()
    box.setAccessibleName(name)
    box.setPlaceholderText(placeholder)
    box.setClearButtonEnabled(True)
    return box


def record_table(name: str, proxy) -> QTableView:
    """Whole rows, several at once, read-only, sortable, first shown in the model's order."""
    view = QTableView()
    view.setAccessibleName(name)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the source's own order
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    return view


def button_row(tips: dict[QPushButton, str]) -> QHBoxLayout:
    """The buttons in a row, each told (tooltip and screen readers) by its tip."""
    row = QHBoxLayout()
    for button, tip in tips.items():
        button.setAccessibleName(tip)
        button.setToolTip(tip)
        row.addWidget(button)
    return row


def count_label(name: str) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAccessibleName(name)
    return label


def table_panel(buttons: QHBoxLayout, view: QTableView, count: QLabel) -> QWidget:
    """Buttons above the table, the count below it."""
    panel = QWidget()
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addLayout(buttons)
    layout.addWidget(view, 1)
    layout.addWidget(count)
    return panel


def count_text(shown: int, total: int, noun: str) -> str:
    """"3 actions", or "2 of 3 actions shown" while filters hide some."""
    if shown == total:
        return f"{total} {noun}{'s' if total != 1 else ''}"
    return f"{shown} of {total} {noun}s shown"


def selected_ids(view: QTableView, id_role) -> list[int]:
    """The ids of the selected rows, top to bottom as shown."""
    rows = sorted(view.selectionModel().selectedRows(), key=lambda i: i.row())
    return [index.data(id_role) for index in rows]


def single_id(ids: list[int]) -> int | None:
    """The id when exactly one row is selected."""
    return ids[0] if len(ids) == 1 else None


def select_ids(view: QTableView, model, proxy, ids: list[int]) -> None:
    """Select the rows of ``ids`` that are listed and not filtered out; show the first."""
    selection = QItemSelection()
    for record_id in ids:
        row = model.row_of(record_id)
        if row is None:
            continue
        index = proxy.mapFromSource(model.index(row, 0))
        if index.isValid():
            selection.select(index, index.siblingAtColumn(proxy.columnCount() - 1))
    view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    if not selection.isEmpty():
        first = selection.indexes()[0]
        view.selectionModel().setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
        view.scrollTo(first)
