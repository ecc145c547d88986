"""After an import: each file and what became of it, failures first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableView, QVBoxLayout

from desktop.services.importing import FileOutcome, ImportSummary, Outcome
from desktop.ui.models.row_table import RowTableModel
from desktop.ui.widgets.tooltips import plain_tooltip

COL_FILE, COL_OUTCOME, COL_MESSAGE = range(3)
HEADERS = ("File", "Result", "Details")
_ORDER = {Outcome.FAILED: 0, Outcome.CANCELLED: 1, Outcome.ALREADY_HELD: 2, Outcome.IMPORTED: 3}
OUTCOME_TEXT = {Outcome.FAILED: "Failed", Outcome.CANCELLED: "Cancelled",
                Outcome.ALREADY_HELD: "Already held", Outcome.IMPORTED: "Imported"}


def ordered_outcomes(summary: ImportSummary) -> list[FileOutcome]:
    """Failures first, then cancelled, already held and imported; stable within each."""
    return sorted(summary.outcomes, key=lambda o: _ORDER.get(o.outcome, 9))


def _cell_text(outcome: FileOutcome, column: int, full: bool) -> str:
    if column == COL_FILE:
        return str(outcome.path) if full else outcome.path.name
    if column == COL_OUTCOME:
        return OUTCOME_TEXT.get(outcome.outcome, str(outcome.outcome))
    return outcome.message or ""


class ImportOutcomesModel(RowTableModel):
    HEADERS = HEADERS

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        outcome = self.row_at(index)
        if outcome is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell_text(outcome, index.column(), full=False)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(_cell_text(outcome, index.column(), full=True), limit=None)
        if role == Qt.ItemDataRole.FontRole and outcome.outcome is Outcome.FAILED:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        return None


class ImportResultsDialog(QDialog):
    def __init__(self, summary: ImportSummary, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import results")
        self.summary = summary
        self.outcomes = ordered_outcomes(summary)
        heading = QLabel(self._heading(summary))
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        heading.setAccessibleName("Import summary")
        self.table = QTableView()
        self.table.setAccessibleName("Files imported and their results")
        self.table.setModel(ImportOutcomesModel(self.outcomes, self))
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        # Widths from the text, not ResizeToContents: that measures every row on each
        # layout, which a thousand-file import makes slow.
        width = self.table.fontMetrics().horizontalAdvance
        longest_name = max((o.path.name for o in self.outcomes), key=len, default="File")
        header.resizeSection(COL_FILE, min(320, width(longest_name) + 24))
        header.resizeSection(COL_OUTCOME, max(width(t) for t in OUTCOME_TEXT.values()) + 24)
        header.setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(760, 420)

    @staticmethod
    def _heading(summary: ImportSummary) -> str:
        text = summary.describe().capitalize() + "."
        failed = summary.count(Outcome.FAILED)
        if failed:
            text += f" {failed} file{'s' if failed != 1 else ''} could not be imported; see why below."
        return text
