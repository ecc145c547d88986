"""Judgement history: one authority's inspections side by side, grades by area."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services.recommendations import InspectionGrades
from desktop.ui.models.judgements_model import JudgementHistoryModel

NO_JUDGEMENTS = "No inspection judgements are held yet."


class JudgementHistoryPanel(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Judgement history")
        self._history: list[InspectionGrades] = []
        self.authority_combo = QComboBox()
        self.authority_combo.setAccessibleName("Judgement history of authority")
        self.authority_combo.currentIndexChanged.connect(self._show_current)
        self.model = JudgementHistoryModel(self)
        self.view = QTableView()
        self.view.setAccessibleName("Grades by area and inspection date")
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setWordWrap(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.horizontalHeader().setMinimumSectionSize(110)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.message = QLabel(NO_JUDGEMENTS)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAccessibleName("Judgement history message")
        caption = QLabel("&Judgement history of")
        caption.setStyleSheet("font-weight: bold")
        caption.setBuddy(self.authority_combo)
        top = QHBoxLayout()
        top.addWidget(caption)
        top.addWidget(self.authority_combo)
        top.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        # The statutory clocks of the same authority's inspections: when its action plan was due.
        self._clocks: list = []
        self.clocks_label = QLabel()
        self.clocks_label.setTextFormat(Qt.TextFormat.PlainText)
        self.clocks_label.setWordWrap(True)
        self.clocks_label.setAccessibleName("Action plan deadlines")
        self.clocks_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.clocks_label)

    def set_clocks(self, clocks: list) -> None:
        """The action-plan deadlines (``desktop.services.clocks.plan_clocks``) of every authority."""
        self._clocks = list(clocks)
        self._show_current()

    def clocks_text(self, authority: str) -> str:
        from desktop.domain.dates import uk_date

        lines = [f"{c.inspection}: action plan due {uk_date(c.due, 'on a date that cannot be worked out')} "
                 f"({c.rule}). {c.verdict}" + (f": {c.plan}." if c.plan else ".")
                 for c in self._clocks if (c.authority or "Authority not known") == authority]
        return ("Action plan deadlines\n" + "\n".join(lines)) if lines else ""

    def set_history(self, history: list[InspectionGrades]) -> None:
        """Every authority's inspections, oldest first; keeps the authority chosen."""
        self._history = list(history)
        current = self.authority_combo.currentText()
        names = sorted({g.authority or "Authority not known" for g in history}, key=str.casefold)
        self.authority_combo.blockSignals(True)
        self.authority_combo.clear()
        self.authority_combo.addItems(names)
        found = self.authority_combo.findText(current)
        self.authority_combo.setCurrentIndex(found if found >= 0 else 0)
        self.authority_combo.blockSignals(False)
        self.message.setText("" if names else NO_JUDGEMENTS)
        self._show_current()

    def show_authority(self, authority: str | None) -> None:
        """Follow the authority chosen elsewhere (e.g. the recommendations filter)."""
        if authority:
            found = self.authority_combo.findText(authority, Qt.MatchFlag.MatchFixedString)
            if found >= 0:
                self.authority_combo.setCurrentIndex(found)

    def _show_current(self) -> None:
        name = self.authority_combo.currentText()
        self.model.set_history([g for g in self._history
                                if (g.authority or "Authority not known") == name])
        text = self.clocks_text(name)
        self.clocks_label.setText(text)
        self.clocks_label.setVisible(bool(text))
