"""Actions: the improvement plan as a filtered, sortable table and the selected action in full.

The tab only shows and asks; the ActionsController stores changes.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.actions import Action, ActionStatus, Rag
from desktop.domain.dates import uk_date
from desktop.ui.models.actions_model import (
    COL_DUE,
    COL_OWNER,
    COL_RAG,
    COL_RECOMMENDATIONS,
    COL_REFERENCE,
    COL_SLIPPED,
    COL_STATUS,
    COL_TITLE,
    ActionFilters,
    ActionIdRole,
    ActionsFilterModel,
    ActionsModel,
    RecommendationName,
    due_view,
    natural_key,
)
from desktop.ui.widgets import id_table
from desktop.ui.widgets.action_detail import ActionDetailPanel
from desktop.ui.widgets.id_table import ALL, filter_combo
from desktop.ui.widgets.splitters import readable_splitter, restore_splitter
from desktop.ui.widgets.tooltips import plain_tooltip

SPLITTER_DEFAULTS = (0.62, 0.38)  # the table, the selected action
MIN_TABLE_FRACTION = 0.3
NO_OWNER = ""  # the owner filter's value for actions nobody owns
WHEN_CHOICES = (("Any due date", ALL), ("Overdue", "overdue"), ("Due in the next 30 days", "soon"),
                ("Slipped", "slipped"), ("Flagged for checking", "flagged"))


class ActionsTab(QWidget):
    add_requested = Signal()
    edit_requested = Signal(int)
    delete_requested = Signal(list)
    import_requested = Signal()
    current_changed = Signal(object)  # action id or None

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.model = ActionsModel(self)
        self.proxy = ActionsFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self._writable = False
        self._build_filters()
        self._build_table()
        self._build_buttons()
        self.detail = ActionDetailPanel()
        self.count_label = id_table.count_label("Number of actions shown")
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(id_table.table_panel(self.buttons, self.view, self.count_label))
        self.splitter.addWidget(self.detail)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        readable_splitter(self.splitter, SPLITTER_DEFAULTS, MIN_TABLE_FRACTION)
        layout = QVBoxLayout(self)
        layout.addLayout(self.filters)
        layout.addWidget(self.splitter, 1)
        self.set_writable(False)
        self._update_count()

    # -- building --------------------------------------------------------
    def _build_filters(self) -> None:
        self.when_filter = QComboBox()
        self.when_filter.setAccessibleName("Only actions that are")
        for text, value in WHEN_CHOICES:
            self.when_filter.addItem(text, value)
        self.owner_filter = filter_combo("Only actions owned by", "All owners", 12)
        self.status_filter = filter_combo("Only actions with status", "All statuses", 10)
        for status in ActionStatus:
            self.status_filter.addItem(status.label, status.value)
        self.rag_filter = filter_combo("Only actions rated", "Any RAG", 8)
        for rag in Rag:
            self.rag_filter.addItem(rag.label, rag.value)
        self.rag_filter.addItem("No RAG given", "none")
        self.recommendation_filter = filter_combo("Only actions answering", "All recommendations", 16)
        self.text_filter = id_table.words_filter("Only actions containing",
                                                 "Words in the action, owner or update")
        self._combos = (self.when_filter, self.owner_filter, self.status_filter, self.rag_filter,
                        self.recommendation_filter)
        self.filters = id_table.filter_bar("Fil&ter:", self.text_filter, self._combos,
                                           self.apply_filters)
        # Overdue as at a past date: a briefing for a 2019 meeting asks what was late then.
        self.as_at_edit = QLineEdit()
        self.as_at_edit.setAccessibleName("Overdue as at")
        self.as_at_edit.setPlaceholderText("as at: today")
        self.as_at_edit.setClearButtonEnabled(True)
        self.as_at_edit.setToolTip(plain_tooltip(
            "Overdue and due soon as the actions stood on this date (e.g. 17/01/2019): later "
            "updates are left out. Empty: today."))
        self.as_at_edit.setMaximumWidth(self.fontMetrics().horizontalAdvance("30 September 2026") + 40)
        self.as_at_edit.textChanged.connect(self.apply_filters)
        self.as_at_label = QLabel("&as at:")
        self.as_at_label.setBuddy(self.as_at_edit)
        self.filters.insertWidget(self.filters.indexOf(self.when_filter) + 1, self.as_at_edit)
        self.filters.insertWidget(self.filters.indexOf(self.as_at_edit), self.as_at_label)

    def _build_table(self) -> None:
        self.view = id_table.record_table("Actions", self.proxy)  # first in the plan's numbering
        header = self.view.horizontalHeader()
        width = self.fontMetrics().horizontalAdvance
        for column, sample in ((COL_REFERENCE, "⚑ 10.12"), (COL_TITLE, "Ensure every child has a plan"),
                               (COL_OWNER, "Head of Service"), (COL_DUE, "Overdue · 31/03/2024"),
                               (COL_STATUS, "Not started"), (COL_RAG, "Amber"),
                               (COL_SLIPPED, "2× · 120 days"), (COL_RECOMMENDATIONS, "1, 3 (2017)")):
            heading = self.model.headerData(column, Qt.Orientation.Horizontal)
            header.resizeSection(column, max(width(sample), width(heading)) + 24)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.view.doubleClicked.connect(lambda _index: self._emit_for_current(self.edit_requested))

    def _build_buttons(self) -> None:
        self.add_button = QPushButton("&New…")
        self.edit_button = QPushButton("Ed&it…")
        self.delete_button = QPushButton("&Delete…")
        self.import_button = QPushButton("I&mport tracker…")
        tips = {self.add_button: "Add an action by hand",
                self.edit_button: "Edit the selected action",
                self.delete_button: "Delete the selected actions (asks first)",
                self.import_button: "Import the council's action tracker (CSV or Excel)"}
        self.buttons = id_table.button_row(tips)
        self.buttons.insertStretch(3, 1)
        self.add_button.clicked.connect(self.add_requested)
        self.edit_button.clicked.connect(lambda: self._emit_for_current(self.edit_requested))
        self.delete_button.clicked.connect(lambda: self.delete_requested.emit(self.selected_ids()))
        self.import_button.clicked.connect(self.import_requested)

    def restore_layout(self, splitter_state) -> None:
        restore_splitter(self.splitter, splitter_state)

    # -- showing ---------------------------------------------------------
    def set_actions(self, actions: list[Action], names: dict[int, RecommendationName],
                    today: date | None = None) -> None:
        """Show ``actions``, keeping filters and the selection where the actions still exist."""
        selected = self.selected_ids()
        self._fill_choices(actions, names)
        self.model.set_actions(actions, names, today)
        self.apply_filters(emit=False)
        self.select_ids(selected)

    def _fill_choices(self, actions: list[Action], names: dict[int, RecommendationName]) -> None:
        owners: dict[str, str] = {}
        for action in actions:
            owners.setdefault(action.owner.casefold(), action.owner)
        items = [(o, o) for k, o in sorted(owners.items()) if k]
        if "" in owners:
            items.append(("(no owner)", NO_OWNER))
        id_table.refill_combo(self.owner_filter, items)
        linked = {i for action in actions for i in action.recommendation_ids}
        recs = sorted(((names[i].short, i) for i in linked if i in names),
                      key=lambda pair: natural_key(pair[0]))
        id_table.refill_combo(self.recommendation_filter,
                              [(f"Recommendation {short}", rec_id) for short, rec_id in recs])
        for index, (_short, rec_id) in enumerate(recs, start=1):
            self.recommendation_filter.setItemData(index, plain_tooltip(names[rec_id].full),
                                                   Qt.ItemDataRole.ToolTipRole)

    def filters_now(self) -> ActionFilters:
        owner = self.owner_filter.currentData() if self.owner_filter.currentIndex() > 0 else None
        return ActionFilters(when=self.when_filter.currentData(), owner=owner,
                             status=self.status_filter.currentData(), rag=self.rag_filter.currentData(),
                             recommendation_id=self.recommendation_filter.currentData(),
                             text=self.text_filter.text(), as_at=self.as_at())

    def as_at(self) -> date | None:
        """The "as at" date typed (None when empty or not yet a date; the tooltip says why)."""
        from desktop.domain.dates import parse_user_date

        try:
            found = parse_user_date(self.as_at_edit.text())
        except ValueError as error:
            self.as_at_edit.setToolTip(plain_tooltip(str(error)))
            return None
        self.as_at_edit.setToolTip(plain_tooltip(
            "Overdue and due soon as the actions stood on this date (e.g. 17/01/2019): later "
            "updates are left out. Empty: today."))
        return found

    def apply_filters(self, *_args, emit: bool = True) -> None:
        self.proxy.set_filters(self.filters_now())
        self._update_count()
        if emit:
            self._selection_changed()

    def show_recommendation(self, rec_id: int) -> None:
        """Filter the table to the actions answering one recommendation."""
        found = self.recommendation_filter.findData(rec_id)
        if found >= 0:
            self.recommendation_filter.setCurrentIndex(found)

    def clear_filters(self) -> None:
        for combo in self._combos:
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        for box in (self.text_filter, self.as_at_edit):
            box.blockSignals(True)
            box.clear()
            box.blockSignals(False)
        self.apply_filters()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        as_at = self.as_at()
        when = as_at or self.model.today
        overdue = sum(1 for a in self.model.actions() if due_view(a, as_at).overdue(when))
        text = id_table.count_text(shown, total, "action")
        if overdue:
            text += f" · {overdue} overdue" + (f" on {uk_date(as_at)}" if as_at else "")
        self.count_label.setText(text)

    def set_writable(self, writable: bool) -> None:
        self._writable = writable
        self._update_buttons()

    def _update_buttons(self) -> None:
        count = len(self.selected_ids())
        self.add_button.setEnabled(self._writable)
        self.import_button.setEnabled(self._writable)
        self.edit_button.setEnabled(self._writable and count == 1)
        self.delete_button.setEnabled(self._writable and count >= 1)

    # -- selection -------------------------------------------------------
    def selected_ids(self) -> list[int]:
        return id_table.selected_ids(self.view, ActionIdRole)

    def current_id(self) -> int | None:
        return id_table.single_id(self.selected_ids())

    def select_ids(self, action_ids: list[int]) -> None:
        id_table.select_ids(self.view, self.model, self.proxy, action_ids)
        self._selection_changed()

    def reveal(self, action_id: int) -> bool:
        """Select an action, clearing filters that hide it; False when it is not listed."""
        row = self.model.row_of(action_id)
        if row is None:
            return False
        if not self.proxy.mapFromSource(self.model.index(row, 0)).isValid():
            self.clear_filters()
        self.select_ids([action_id])
        self.view.setFocus()
        return True

    def _selection_changed(self, *_args) -> None:
        self._update_buttons()
        self.current_changed.emit(self.current_id())

    def _emit_for_current(self, signal) -> None:
        action_id = self.current_id()
        if action_id is not None:
            signal.emit(action_id)
