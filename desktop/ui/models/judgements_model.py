"""One authority's inspection grades as a table: areas down, inspections across.

Every cell writes the grade word; the colour only repeats it. Colours are
translucent so that the palette's own text stays readable on light and dark
backgrounds alike.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from desktop.domain.dates import short_uk_date
from desktop.services.recommendations import InspectionGrades
from desktop.ui.widgets.tooltips import plain_tooltip

GRADE_ALPHA = 95
GRADE_COLOURS = (  # checked in this order: "requires improvement to be good" is not "good"
    ("inadequate", QColor(220, 40, 40, GRADE_ALPHA)),
    ("requires improvement", QColor(235, 150, 0, GRADE_ALPHA)),
    ("outstanding", QColor(40, 110, 230, GRADE_ALPHA)),
    ("good", QColor(30, 160, 70, GRADE_ALPHA)),
)
GradeRole = Qt.ItemDataRole.UserRole + 1

# Reports of different years word the same area differently; these themes put
# them on one row (the wording as printed stays in the tooltip).
AREA_THEMES = (
    ("overall", "Overall effectiveness"),
    ("safeguarding children board", "Safeguarding children board"),
    ("lscb", "Safeguarding children board"),
    ("leader", "Leadership and management"),
    ("leadership", "Leadership and management"),
    ("help and protection", "Help and protection"),
    ("adoption", "Adoption"),
    ("in care", "Children in care"),
    ("looked after", "Children in care"),
    ("care leaver", "Care leavers"),
)


def area_theme(area: str) -> str:
    lowered = area.casefold()
    for words, theme in AREA_THEMES:
        if words in lowered:
            return theme
    return " ".join(area.split())


def grade_colour(grade: str) -> QColor | None:
    lowered = grade.casefold()
    for words, colour in GRADE_COLOURS:
        if words in lowered:
            return colour
    return None


class JudgementHistoryModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._inspections: list[InspectionGrades] = []
        self._areas: list[str] = []
        self._cells: list[dict[str, tuple[str, str]]] = []  # per inspection: theme -> (area, grade)

    def set_history(self, inspections: list[InspectionGrades]) -> None:
        """``inspections`` of one authority, oldest first."""
        self.beginResetModel()
        self._inspections = list(inspections)
        self._cells, areas = [], {}
        for inspection in self._inspections:
            cells: dict[str, tuple[str, str]] = {}
            for area, grade in inspection.grades.items():
                theme = area_theme(area)
                cells.setdefault(theme, (area, grade))
                areas.setdefault(theme, None)
            self._cells.append(cells)
        overall = "Overall effectiveness"
        self._areas = [a for a in areas if a != overall] + ([overall] if overall in areas else [])
        self.endResetModel()

    def areas(self) -> list[str]:
        return list(self._areas)

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self._areas)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self._inspections)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole and section < len(self._areas):
                return self._areas[section]
            return None
        if section >= len(self._inspections):
            return None
        inspection = self._inspections[section]
        when = short_uk_date(inspection.date, "undated")
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{when}\n(cited)" if inspection.cited else when
        if role == Qt.ItemDataRole.ToolTipRole and inspection.cited:
            return plain_tooltip("Read from a paper that quotes this inspection's judgements.")
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._areas) \
                or index.column() >= len(self._inspections):
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        cell = self._cells[index.column()].get(self._areas[index.row()])
        if cell is None:
            if role == Qt.ItemDataRole.DisplayRole:
                return "—"
            if role == Qt.ItemDataRole.ToolTipRole:
                return plain_tooltip("This inspection gave no grade for this area.")
            return None
        area, grade = cell
        if role in (Qt.ItemDataRole.DisplayRole, GradeRole):
            return grade
        if role == Qt.ItemDataRole.BackgroundRole:
            return grade_colour(grade)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(f"{area}: {grade}")
        return None
