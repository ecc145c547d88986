"""The Reader's outline: the paper's headings, not its hundreds of passages.

A filter over the passages model (which the Reader keeps whole: quoting and the
marks work on every passage). A paper with too few headings to steer by (a
letter, a short note) shows all its passages instead.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel

from desktop.domain.documents import PassageKind
from desktop.ui.models.filter_change import filter_change
from desktop.ui.models.passages_model import PassagesModel

MIN_HEADINGS = 3  # fewer than this and the headings are no outline: every passage is listed


class HeadingsOutline(QSortFilterProxyModel):
    def __init__(self, passages: PassagesModel, parent=None) -> None:
        super().__init__(parent)
        self.passages = passages
        self.headings_only = False
        self.setSourceModel(passages)

    def refresh(self) -> None:
        """Call after the passages change: decide whether the headings make an outline."""
        headings = sum(1 for p in self.passages.passages() if p.kind == PassageKind.HEADING)
        with filter_change(self):
            self.headings_only = headings >= MIN_HEADINGS

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:  # noqa: N802
        if not self.headings_only:
            return True
        passages = self.passages.passages()
        return 0 <= source_row < len(passages) and passages[source_row].kind == PassageKind.HEADING

    def index_for_passage(self, passage_id: int) -> QModelIndex:
        """The outline row for a passage: itself when shown, else the heading it sits under."""
        row = self.passages.row_of(passage_id)
        if row is None:
            return QModelIndex()
        while row >= 0:
            shown = self.mapFromSource(self.passages.index(row))
            if shown.isValid():
                return shown
            row -= 1
        return QModelIndex()
