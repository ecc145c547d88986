"""The Briefing tab's options form: what a briefing covers and what its cover says.

The choices a workspace offers (authorities, inspections and their
recommendations), and ``BriefingOptionsForm``: the part of ``BriefingTab`` that
builds the "What to cover", "Cover page" and "Sections" boxes, fills the tree of
inspections and recommendations (keeping the user's picks across refreshes),
and reads the options back for the controller.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from desktop.domain.recommendations import RecommendationStatus
from desktop.services.exporting import DEFAULT_MARKING
from desktop.ui.widgets.plain_labels import plain_label
from desktop.ui.widgets.tooltips import plain_tooltip

ALL_AUTHORITIES = None
NO_MARKING = "No marking"
MARKINGS = ("OFFICIAL", "OFFICIAL-SENSITIVE", NO_MARKING)
DEFAULT_TITLE = "Progress on inspection recommendations"  # as desktop/services/exporting.py
SHORT_TEXT = 110  # characters of a recommendation shown in the list; the tooltip has it all
ID_ROLE = Qt.ItemDataRole.UserRole  # a recommendation's id (None on inspections)
DOCUMENT_ROLE = Qt.ItemDataRole.UserRole + 1  # an inspection's document id


@dataclass(frozen=True)
class RecommendationChoice:
    id: int
    label: str
    text: str
    authority: str | None


@dataclass(frozen=True)
class InspectionChoice:
    """An inspection (the document that made recommendations) and its recommendations.

    ``document_id`` is None for recommendations typed in by hand with no source.
    """

    document_id: int | None
    title: str
    when: date | None
    authority: str | None
    recommendations: list[RecommendationChoice] = field(default_factory=list)

    def chosen(self, authority: str | None) -> list[RecommendationChoice]:
        """Its recommendations to ``authority`` (matched as the export matches them: any case)."""
        if authority is ALL_AUTHORITIES:
            return list(self.recommendations)
        wanted = authority.casefold()
        return [r for r in self.recommendations if (r.authority or "").casefold() == wanted]


@dataclass(frozen=True)
class BriefingChoices:
    """What the user picks from; one per workspace state."""

    authorities: list[str] = field(default_factory=list)
    inspections: list[InspectionChoice] = field(default_factory=list)


def _short(text: str, limit: int = SHORT_TEXT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _named(widget, name: str, tip: str = ""):
    widget.setAccessibleName(name)
    if tip:
        widget.setToolTip(tip)
    return widget


class BriefingOptionsForm:
    """The options boxes of the Briefing tab, built on the tab (which holds the widgets)."""

    # -- building --------------------------------------------------------
    def _build_coverage(self) -> QGroupBox:
        box = QGroupBox("What to cover")
        self.authority_combo = _named(QComboBox(), "Authority",
                                      "The council the briefing is about")
        self.authority_combo.addItem("All authorities", ALL_AUTHORITIES)
        self.authority_combo.currentIndexChanged.connect(self._authority_changed)
        authority_label = QLabel("A&uthority:")
        authority_label.setBuddy(self.authority_combo)

        self.tree = QTreeWidget()
        _named(self.tree, "Inspections and recommendations to include",
               "Tick inspections or single recommendations; Space ticks the highlighted one")
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setMinimumHeight(200)
        self.tree.itemChanged.connect(self._item_changed)
        tree_label = QLabel("&Inspections and recommendations:")
        tree_label.setBuddy(self.tree)
        self.check_all_button = _named(QPushButton("Tick all"), "Tick every recommendation")
        self.check_none_button = _named(QPushButton("Tick none"), "Untick every recommendation")
        self.check_all_button.clicked.connect(lambda: self._check_everything(True))
        self.check_none_button.clicked.connect(lambda: self._check_everything(False))
        self.count_label = plain_label("Number of recommendations included", selectable=False)

        self.status_boxes: dict[str, QCheckBox] = {}
        statuses = QGridLayout()
        for index, status in enumerate(RecommendationStatus):
            check = _named(QCheckBox(status.label), f"Include recommendations with status {status.label}")
            check.setChecked(True)
            check.toggled.connect(self._changed)
            self.status_boxes[status.value] = check
            statuses.addWidget(check, index // 3, index % 3)

        buttons = QHBoxLayout()
        buttons.addWidget(self.check_all_button)
        buttons.addWidget(self.check_none_button)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)
        top = QHBoxLayout()
        top.addWidget(authority_label)
        top.addWidget(self.authority_combo, 1)
        layout = QVBoxLayout(box)
        layout.addLayout(top)
        layout.addWidget(tree_label)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        layout.addWidget(QLabel("Statuses to include:"))
        layout.addLayout(statuses)
        return box

    def _build_cover(self) -> QGroupBox:
        box = QGroupBox("Cover page")
        self.title_edit = _named(QLineEdit(), "Briefing title")
        self.title_edit.setPlaceholderText(DEFAULT_TITLE)  # what the cover says when left empty
        self.committee_edit = _named(QLineEdit(), "Committee")
        self.committee_edit.setPlaceholderText("e.g. Children and Families Scrutiny Committee")
        self.meeting_edit = _named(QLineEdit(), "Meeting date")
        self.meeting_edit.setPlaceholderText("e.g. 14 March 2024")
        self.as_at_edit = _named(QLineEdit(), "Position as at",
                                 "The briefing and the note give the position on this date: later "
                                 "evidence and updates are left out, and overdue is measured from "
                                 "it. Empty: the meeting date, else today.")
        self.as_at_edit.setPlaceholderText("Empty: the meeting date, else today")
        self.prepared_edit = _named(QLineEdit(), "Prepared by")
        self.prepared_edit.setPlaceholderText("Your name and role")
        self.marking_combo = _named(QComboBox(), "Protective marking",
                                    "Printed at the top and bottom of every page")
        self.marking_combo.setEditable(True)
        self.marking_combo.addItems(MARKINGS)
        self.marking_combo.setCurrentText(DEFAULT_MARKING)
        self.marking_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.marking_combo.lineEdit().setAccessibleName("Protective marking")
        for edit in (self.title_edit, self.committee_edit, self.meeting_edit, self.as_at_edit,
                     self.prepared_edit):
            edit.textChanged.connect(self._changed)
        self.marking_combo.currentTextChanged.connect(self._changed)
        form = QFormLayout(box)
        for text, widget in (("&Title:", self.title_edit), ("Co&mmittee:", self.committee_edit),
                             ("Meeting &date:", self.meeting_edit),
                             ("Position &as at:", self.as_at_edit),
                             ("&Prepared by:", self.prepared_edit),
                             ("Protective mar&king:", self.marking_combo)):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        return box

    def _build_sections(self) -> QGroupBox:
        box = QGroupBox("Sections")
        self.sections_layout = QGridLayout(box)
        return box

    # -- choices ---------------------------------------------------------
    def set_choices(self, choices: BriefingChoices) -> None:
        """Show what the workspace holds, keeping the user's picks where they still exist."""
        self._choices = choices
        current = self.authority_combo.currentData()
        self.authority_combo.blockSignals(True)
        while self.authority_combo.count() > 1:
            self.authority_combo.removeItem(1)
        for name in choices.authorities:
            self.authority_combo.addItem(name, name)
        index = self.authority_combo.findData(current) if current is not None else -1
        if index < 0 and current is None and len(choices.authorities) == 1:
            index = 1  # one council: the briefing is about it
        self.authority_combo.setCurrentIndex(max(index, 0))
        self.authority_combo.blockSignals(False)
        known = {r.id for i in choices.inspections for r in i.recommendations}
        self._unchecked &= known
        self._fill_tree()

    def set_sections(self, sections: list[tuple[str, str]]) -> None:
        """The briefing's optional sections as (name, label); all on at first."""
        before = {name: box.isChecked() for name, box in self.section_boxes.items()}
        for box in self.section_boxes.values():
            self.sections_layout.removeWidget(box)
            box.deleteLater()
        self.section_boxes = {}
        for index, (name, label) in enumerate(sections):
            box = _named(QCheckBox(label), f"Include the section {label}")
            box.setChecked(before.get(name, True))
            box.toggled.connect(self._changed)
            self.section_boxes[name] = box
            self.sections_layout.addWidget(box, index // 2, index % 2)

    def _authority_changed(self) -> None:
        self._fill_tree()
        self._changed()

    def _fill_tree(self) -> None:
        authority = self.authority_combo.currentData()
        self._filling = True
        self.tree.clear()
        for inspection in self._choices.inspections:
            chosen = inspection.chosen(authority)
            if not chosen:
                continue
            when = f" ({inspection.when.day} {inspection.when:%B %Y})" if inspection.when else ""
            parent = QTreeWidgetItem([f"{inspection.title}{when}"])
            parent.setToolTip(0, plain_tooltip(f"{inspection.title}{when}", limit=None))
            parent.setFlags(parent.flags() | Qt.ItemFlag.ItemIsUserCheckable
                            | Qt.ItemFlag.ItemIsAutoTristate)
            parent.setData(0, DOCUMENT_ROLE, inspection.document_id)
            self.tree.addTopLevelItem(parent)
            for rec in chosen:
                prefix = f"{rec.label}. " if rec.label else ""
                child = QTreeWidgetItem([prefix + _short(rec.text)])
                child.setToolTip(0, plain_tooltip(prefix + rec.text))
                child.setFlags(child.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                child.setData(0, ID_ROLE, rec.id)
                checked = rec.id not in self._unchecked
                child.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                parent.addChild(child)
        if self.tree.topLevelItemCount() == 0:
            whose = f" to {authority}" if authority else ""
            empty = QTreeWidgetItem([f"No recommendations{whose} yet: import an inspection report "
                                     "or add them in the Recommendations tab."])
            empty.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(empty)
        self.tree.expandAll()
        self._filling = False
        self._update_count()

    def _recommendation_items(self) -> list[QTreeWidgetItem]:
        items = []
        for top in range(self.tree.topLevelItemCount()):
            parent = self.tree.topLevelItem(top)
            items += [parent.child(i) for i in range(parent.childCount())]
        return items

    def _item_changed(self, item: QTreeWidgetItem, _column: int) -> None:
        if self._filling:
            return
        rec_id = item.data(0, ID_ROLE)
        if rec_id is None:
            return  # an inspection: Qt ticks its children, which arrive here one by one
        if item.checkState(0) == Qt.CheckState.Checked:
            self._unchecked.discard(rec_id)
        else:
            self._unchecked.add(rec_id)
        self._update_count()
        self._changed()

    def _check_everything(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for item in self._recommendation_items():
            item.setCheckState(0, state)

    def _update_count(self) -> None:
        items = self._recommendation_items()
        ticked = sum(1 for item in items if item.checkState(0) == Qt.CheckState.Checked)
        self.count_label.setText(f"{ticked} of {len(items)} ticked")

    # -- reading the options ------------------------------------------------
    def authority(self) -> str | None:
        return self.authority_combo.currentData()

    def shown_recommendation_ids(self) -> list[int]:
        return [item.data(0, ID_ROLE) for item in self._recommendation_items()]

    def ticked_recommendation_ids(self) -> list[int]:
        return [item.data(0, ID_ROLE) for item in self._recommendation_items()
                if item.checkState(0) == Qt.CheckState.Checked]

    def ticked_inspection_ids(self) -> list[int]:
        """Documents whose recommendations are all ticked (a whole inspection chosen)."""
        ids = []
        for top in range(self.tree.topLevelItemCount()):
            parent = self.tree.topLevelItem(top)
            document_id = parent.data(0, DOCUMENT_ROLE)
            if document_id is not None and parent.childCount() \
                    and parent.checkState(0) == Qt.CheckState.Checked:
                ids.append(document_id)
        return ids

    def statuses(self) -> list[str]:
        return [value for value, box in self.status_boxes.items() if box.isChecked()]

    def sections(self) -> set[str]:
        return {name for name, box in self.section_boxes.items() if box.isChecked()}

    def marking(self) -> str:
        text = self.marking_combo.currentText().strip()
        return "" if text.casefold() in (NO_MARKING.casefold(), "none") else text

    def meeting_date(self) -> date | None:
        """The meeting field read as a date (it may hold words instead: then None)."""
        from desktop.domain.dates import parse_user_date

        try:
            return parse_user_date(self.meeting_edit.text())
        except ValueError:
            return None

    def as_at(self) -> date | None:
        """The position date typed; raises ValueError with a sentence when it is not a date."""
        from desktop.domain.dates import parse_user_date

        return parse_user_date(self.as_at_edit.text())

    def since(self) -> date:
        return self.since_edit.date().toPython()

    def table(self) -> str:
        return self.table_combo.currentData()

    def table_format(self) -> str:
        return self.format_combo.currentData()
