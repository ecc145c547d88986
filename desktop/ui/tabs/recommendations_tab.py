"""Recommendations: a filtered table, the selected one in full, and judgement history.

The tab only shows and asks; the RecommendationController stores changes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.dates import short_uk_date
from desktop.domain.recommendations import RecommendationKind, RecommendationStatus
from desktop.ui.models.recommendations_model import (
    COL_AUTHORITY,
    COL_DATE,
    COL_KIND,
    COL_LABEL,
    COL_SOURCE,
    COL_STATUS,
    COL_TEXT,
    RecommendationIdRole,
    RecommendationRow,
    RecommendationsFilterModel,
    RecommendationsModel,
)
from desktop.ui.widgets import id_table
from desktop.ui.widgets.id_table import filter_combo
from desktop.ui.widgets.judgement_history import JudgementHistoryPanel
from desktop.ui.widgets.recommendation_detail import RecommendationDetailPanel
from desktop.ui.widgets.suggestions_panel import SuggestionsPanel


class RecommendationsTab(QWidget):
    add_requested = Signal()
    edit_requested = Signal(int)
    merge_requested = Signal(list)
    split_requested = Signal(int)
    delete_requested = Signal(list)
    current_changed = Signal(object)  # recommendation id or None
    gap_open_requested = Signal(int, int)  # document and passage ids: where a numbered list skips

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.model = RecommendationsModel(self)
        self.proxy = RecommendationsFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self._build_filters()
        self._build_table()
        self._build_buttons()
        self.detail = RecommendationDetailPanel()
        self.history = JudgementHistoryPanel()
        self.count_label = id_table.count_label("Number of recommendations shown")
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(id_table.table_panel(self.buttons, self.view, self.count_label))
        self.detail_scroll = QScrollArea()  # roll-up, evidence and actions: scroll, never squash
        self.detail_scroll.setWidgetResizable(True)
        self.detail_scroll.setWidget(self.detail)
        self.splitter.addWidget(self.detail_scroll)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.vertical = QSplitter(Qt.Orientation.Vertical)
        self.vertical.addWidget(self.splitter)
        self.suggestions = SuggestionsPanel()  # filled by the EvidenceController
        self.lower = QTabWidget()
        self.lower.setAccessibleName("Suggested evidence and judgement history")
        self.lower.addTab(self.suggestions, "Suggested evidence")
        self.lower.addTab(self.history, "Judgement history")
        self.vertical.addWidget(self.lower)
        self.vertical.setStretchFactor(0, 3)
        self.vertical.setStretchFactor(1, 1)
        self.vertical.setChildrenCollapsible(False)
        self.splitter.setSizes([640, 360])  # proportions until the user drags them
        self.vertical.setSizes([560, 200])
        # Lists whose numbering skips: "items 3-22 may be missing: check the report", with a link.
        self.gaps_label = QLabel()
        self.gaps_label.setAccessibleName("Numbers missing from a paper's list")
        self.gaps_label.setTextFormat(Qt.TextFormat.RichText)
        self.gaps_label.setWordWrap(True)
        self.gaps_label.linkActivated.connect(self._gap_link)
        self.gaps_label.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(self.filters)
        layout.addWidget(self.gaps_label)
        layout.addWidget(self.vertical, 1)
        self.set_writable(False)

    def set_gaps(self, gaps: list[tuple[int, str, str, int | None]]) -> None:
        """(document id, paper title, what may be missing, passage to open) per gap; hidden when none."""
        from html import escape

        lines = []
        for doc_id, title, message, passage_id in gaps:
            line = f"{escape(title)}: {escape(message)}"
            if passage_id is not None:
                line += f' (<a href="passage:{doc_id}:{passage_id}">show in the Reader</a>)'
            lines.append(line)
        self.gaps_label.setText("<br>".join(lines))
        self.gaps_label.setVisible(bool(lines))

    def _gap_link(self, link: str) -> None:
        parts = link.split(":")
        if len(parts) == 3 and parts[0] == "passage" and parts[1].isdigit() and parts[2].isdigit():
            self.gap_open_requested.emit(int(parts[1]), int(parts[2]))

    # -- building --------------------------------------------------------
    def _build_filters(self) -> None:
        self.authority_filter = filter_combo("Only recommendations to authority", "All authorities")
        self.source_filter = filter_combo("Only recommendations from document", "All sources")
        self.kind_filter = filter_combo("Only recommendations of kind", "All kinds")
        for kind in RecommendationKind:
            self.kind_filter.addItem(kind.label, kind.value)
        self.status_filter = filter_combo("Only recommendations with status", "All statuses")
        for status in RecommendationStatus:
            self.status_filter.addItem(status.label, status.value)
        self.text_filter = id_table.words_filter("Only recommendations containing", "Words in the text")
        self.filters = id_table.filter_bar(
            "Show &only:", self.text_filter,
            (self.authority_filter, self.source_filter, self.kind_filter, self.status_filter),
            self.apply_filters)

    def _build_table(self) -> None:
        self.view = id_table.record_table("Recommendations", self.proxy)  # in the inspection's order
        header = self.view.horizontalHeader()
        width = self.fontMetrics().horizontalAdvance
        for column in (COL_LABEL, COL_DATE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # Narrow enough that status stays in sight; the tooltips and the detail say it all.
        for column, sample in ((COL_TEXT, "Ensure that all work is allocated within"),
                               (COL_SOURCE, "Inspection of services"),
                               (COL_AUTHORITY, "Gloucestershire"),
                               (COL_KIND, "Area for improvement"),
                               (COL_STATUS, "Evidence of progress")):
            header.resizeSection(column, width(sample) + 16)
        header.setStretchLastSection(True)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.view.doubleClicked.connect(lambda _index: self._emit_for_current(self.edit_requested))

    def _build_buttons(self) -> None:
        self.add_button = QPushButton("Add &new…")
        self.edit_button = QPushButton("Ed&it…")
        self.merge_button = QPushButton("&Merge")
        self.split_button = QPushButton("S&plit…")
        self.delete_button = QPushButton("&Delete…")
        tips = {self.add_button: "Add a recommendation by hand",
                self.edit_button: "Edit the selected recommendation",
                self.merge_button: "Merge the selected recommendations into one",
                self.split_button: "Split the selected recommendation into several",
                self.delete_button: "Delete the selected recommendations (asks first)"}
        self.buttons = id_table.button_row(tips)
        self.buttons.addStretch(1)
        self.add_button.clicked.connect(self.add_requested)
        self.edit_button.clicked.connect(lambda: self._emit_for_current(self.edit_requested))
        self.split_button.clicked.connect(lambda: self._emit_for_current(self.split_requested))
        self.merge_button.clicked.connect(lambda: self.merge_requested.emit(self.selected_ids()))
        self.delete_button.clicked.connect(lambda: self.delete_requested.emit(self.selected_ids()))

    # -- showing ---------------------------------------------------------
    def set_rows(self, rows: list[RecommendationRow]) -> None:
        """Show ``rows``, keeping filters and the selection where the rows still exist."""
        selected = self.selected_ids()
        self._fill_choices(rows)
        self.model.set_rows(rows)
        self.select_ids(selected)
        self._update_count()

    def _fill_choices(self, rows: list[RecommendationRow]) -> None:
        authorities = sorted({r.recommendation.authority for r in rows if r.recommendation.authority},
                             key=str.casefold)
        sources: dict[int, str] = {}
        for row in rows:
            if row.source is not None:
                when = f" ({short_uk_date(row.source.date)})" if row.source.date else ""
                sources.setdefault(row.source.id, f"{row.source.title}{when}")
        id_table.refill_combo(self.authority_filter, [(a, a) for a in authorities])
        id_table.refill_combo(self.source_filter, sorted(((t, i) for i, t in sources.items()),
                                                key=lambda pair: pair[0].casefold()))

    def apply_filters(self) -> None:
        self.proxy.set_filters(
            authority=self.authority_filter.currentData(),
            document_id=self.source_filter.currentData(),
            kind=self.kind_filter.currentData(), status=self.status_filter.currentData(),
            text=self.text_filter.text())
        self.history.show_authority(self.authority_filter.currentData())
        self._update_count()
        self._selection_changed()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(id_table.count_text(shown, total, "recommendation"))

    def set_writable(self, writable: bool) -> None:
        self._writable = writable
        self._update_buttons()

    def _update_buttons(self) -> None:
        count = len(self.selected_ids())
        self.add_button.setEnabled(self._writable)
        self.edit_button.setEnabled(self._writable and count == 1)
        self.split_button.setEnabled(self._writable and count == 1)
        self.merge_button.setEnabled(self._writable and count >= 2)
        self.delete_button.setEnabled(self._writable and count >= 1)

    # -- selection -------------------------------------------------------
    def selected_ids(self) -> list[int]:
        return id_table.selected_ids(self.view, RecommendationIdRole)

    def current_id(self) -> int | None:
        return id_table.single_id(self.selected_ids())

    def select_ids(self, rec_ids: list[int]) -> None:
        id_table.select_ids(self.view, self.model, self.proxy, rec_ids)
        self._selection_changed()

    def _selection_changed(self, *_args) -> None:
        self._update_buttons()
        self._follow_council()
        self.current_changed.emit(self.current_id())

    def _follow_council(self) -> None:
        """The judgement history shows the selected recommendation's council."""
        if self.current_id() is None:
            return
        row = self.view.currentIndex().row()
        if row < 0:
            rows = self.view.selectionModel().selectedRows()
            row = rows[0].row() if rows else -1
        if row >= 0:
            self.history.show_authority(self.proxy.index(row, COL_AUTHORITY).data())

    def _emit_for_current(self, signal) -> None:
        rec_id = self.current_id()
        if rec_id is not None:
            signal.emit(rec_id)
