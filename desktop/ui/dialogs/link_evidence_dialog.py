"""Link a quoted passage to recommendations or actions, as evidence with a stance.

The dialog shows the exact quote and where it comes from, a list of targets
(the passage's own council's first, recently used first among them; other
councils' behind "Show other councils") that typing filters, one stance and an
optional note. Linking to another council's target asks first.
OK hands the choice to ``apply``, which stores it; a refusal keeps the dialog
open with the reason. Quote, titles and note are shown as plain text only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.evidence import Stance
from desktop.ui.dialogs.checked_dialog import CheckedDialog
from desktop.ui.widgets.plain_labels import caption, plain_label
from desktop.ui.widgets.tooltips import plain_tooltip

TargetRole = Qt.ItemDataRole.UserRole + 1  # (kind, id)
QUOTE_LINES = 5

STANCE_MNEMONICS = {Stance.PROGRESS: "&Progress", Stance.CONCERN: "C&oncern",
                    Stance.CONTEXT: "Conte&xt"}
STANCE_HINTS = {Stance.PROGRESS: "shows the recommendation or action is being met",
                Stance.CONCERN: "shows it is not being met, or something has gone wrong",
                Stance.CONTEXT: "background worth keeping with it"}


@dataclass(frozen=True, slots=True)
class LinkTarget:
    """A recommendation or an action the quote can be linked to."""

    kind: str  # "recommendation" or "action"
    id: int
    title: str  # one line: "Recommendation 3 (Gloucestershire, 2017): Improve the…"
    detail: str = ""  # the whole text, for the tooltip
    recent: bool = False  # linked to recently: listed first
    authority: str | None = None  # the council it belongs to, when known

    @property
    def key(self) -> tuple[str, int]:
        return self.kind, self.id


@dataclass(frozen=True, slots=True)
class LinkChoice:
    recommendation_ids: tuple[int, ...]
    action_ids: tuple[int, ...]
    stance: Stance
    note: str
    other_authority: bool = False  # the user confirmed linking across councils


Apply = Callable[[LinkChoice], str | None]  # None when stored, else why not


def matches(target: LinkTarget, words: Sequence[str]) -> bool:
    """Every typed word appears in the target's title or text (case-insensitive)."""
    haystack = f"{target.title} {target.detail}".casefold()
    return all(word in haystack for word in words)


def order_targets(targets: Sequence[LinkTarget], authority: str | None = None) -> list[LinkTarget]:
    """The council's own first, then others'; recently used first within each (else as given)."""
    own = [t for t in targets if not is_other_council(t, authority)]
    others = [t for t in targets if is_other_council(t, authority)]
    return ([t for t in own if t.recent] + [t for t in own if not t.recent]
            + [t for t in others if t.recent] + [t for t in others if not t.recent])


def is_other_council(target: LinkTarget, authority: str | None) -> bool:
    """Another council's target than the passage's (unknown councils never count as other)."""
    return bool(authority and target.authority
                and target.authority.casefold() != authority.casefold())


def confirm_other_councils(parent: QWidget | None, authority: str, others: Sequence[str]) -> bool:
    """Ask before linking a paper about one council to another council's targets."""
    answer = QMessageBox.question(
        parent, "Link across councils?",
        f"The quote is from a paper about {authority}, but you ticked "
        f"{', '.join(others)}\u2019s recommendations or actions. Link it to them anyway?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def stance_buttons(parent_layout: QHBoxLayout, chosen: Stance) -> QButtonGroup:
    """Three radio buttons, one per stance; the group's checked button carries the stance."""
    group = QButtonGroup(parent_layout)
    for stance in Stance:
        button = QRadioButton(STANCE_MNEMONICS[stance])
        button.setAccessibleName(f"Stance: {stance.label}")
        button.setToolTip(f"{stance.label}: {STANCE_HINTS[stance]}")
        button.setProperty("stance", stance.value)
        button.setChecked(stance is chosen)
        group.addButton(button)
        parent_layout.addWidget(button)
    parent_layout.addStretch(1)
    return group


def checked_stance(group: QButtonGroup) -> Stance | None:
    button = group.checkedButton()
    return Stance(button.property("stance")) if button is not None else None


def quote_view(quote: str) -> QPlainTextEdit:
    """The quote, read-only and plain: markup in a paper stays visible as typed."""
    view = QPlainTextEdit()
    view.setReadOnly(True)
    view.setPlainText(quote)
    view.setAccessibleName("Quote")
    view.setTabChangesFocus(True)
    lines = view.fontMetrics().lineSpacing()
    view.setMaximumHeight(lines * QUOTE_LINES + 12)
    return view


class _FilterField(QLineEdit):
    """Down arrow moves into the list, so the keyboard goes type → pick → Space."""

    def __init__(self, target_list: QListWidget) -> None:
        super().__init__()
        self._list = target_list

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Down:
            self._list.setFocus()
            if self._list.currentItem() is None or self._list.currentItem().isHidden():
                first = next((self._list.item(r) for r in range(self._list.count())
                              if not self._list.item(r).isHidden()), None)
                if first is not None:
                    self._list.setCurrentItem(first)
            return
        super().keyPressEvent(event)


class LinkEvidenceDialog(CheckedDialog):
    """Pick targets, a stance and a note for one quote."""

    def __init__(self, quote: str, citation: str, targets: Sequence[LinkTarget], apply: Apply,
                 parent: QWidget | None = None, *, stance: Stance = Stance.PROGRESS,
                 notice: str = "", checked: Sequence[tuple[str, int]] = (),
                 authority: str | None = None) -> None:
        super().__init__(parent)
        self.authority = authority
        self.setWindowTitle("Link to recommendation or action")
        self._apply = apply
        self.choice: LinkChoice | None = None
        self.quote_view = quote_view(quote)
        self.citation_label = plain_label("Where the quote comes from")
        self.citation_label.setText(citation)
        self.notice_label = plain_label("About the selection", selectable=False)
        self.notice_label.setText(notice)
        self.notice_label.setVisible(bool(notice))

        self.target_list = QListWidget()
        self.target_list.setAccessibleName("Recommendations and actions to link to")
        self.target_list.setUniformItemSizes(True)
        # Long titles are cut with "…" (the tooltip holds the whole text), never scrolled sideways.
        self.target_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.target_list.itemChanged.connect(self._update_count)
        self.filter_edit = _FilterField(self.target_list)
        self.filter_edit.setAccessibleName("Filter recommendations and actions")
        self.filter_edit.setPlaceholderText("Type words or a number to filter")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.apply_filter)
        self.count_label = plain_label("Number chosen", selectable=False)
        self.others_box = QCheckBox("Show other &councils")
        self.others_box.setToolTip(plain_tooltip(
            f"The list shows {authority}\u2019s recommendations and actions; tick to show other "
            "councils\u2019 too." if authority else "Every council's are shown."))
        self.others_box.toggled.connect(lambda _on: self.apply_filter(self.filter_edit.text()))
        self._fill(order_targets(targets, authority), set(checked))
        self.others_box.setVisible(any(is_other_council(t, authority) for t in targets))
        self.apply_filter("")

        stance_row = QHBoxLayout()
        stance_row.addWidget(caption("Stance:"))
        self.stance_group = stance_buttons(stance_row, stance)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setAccessibleName("Note")
        self.note_edit.setPlaceholderText("Optional: why this passage matters")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setMaximumHeight(self.note_edit.fontMetrics().lineSpacing() * 3 + 14)

        targets_box = QVBoxLayout()
        targets_box.addWidget(caption("&Link to (tick one or more):", self.filter_edit))
        targets_box.addWidget(self.filter_edit)
        targets_box.addWidget(self.target_list, 1)
        targets_box.addWidget(self.others_box)
        targets_box.addWidget(self.count_label)
        holder = QWidget()
        holder.setLayout(targets_box)
        holder.layout().setContentsMargins(0, 0, 0, 0)
        self.finish(caption("Quote:"), self.quote_view, self.citation_label, self.notice_label,
                    holder, stance_row, caption("&Note:", self.note_edit), self.note_edit,
                    stretch=holder)
        self.resize(680, 600)
        self.filter_edit.setFocus()

    # -- the target list -------------------------------------------------
    def _fill(self, targets: list[LinkTarget], checked: set[tuple[str, int]]) -> None:
        self.target_list.blockSignals(True)
        for target in targets:
            prefix = "★ " if target.recent else ""
            item = QListWidgetItem(prefix + target.title)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                          | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if target.key in checked
                               else Qt.CheckState.Unchecked)
            item.setData(TargetRole, target)
            tip = target.detail or target.title
            item.setToolTip(plain_tooltip(("Recently linked to.\n" if target.recent else "") + tip))
            self.target_list.addItem(item)
        self.target_list.blockSignals(False)
        if not targets:
            self.count_label.setText("There are no recommendations or actions yet: add or "
                                     "import some first.")
        else:
            self._update_count()

    def items(self) -> list[QListWidgetItem]:
        return [self.target_list.item(row) for row in range(self.target_list.count())]

    def visible_targets(self) -> list[LinkTarget]:
        return [item.data(TargetRole) for item in self.items() if not item.isHidden()]

    def apply_filter(self, text: str) -> None:
        words = text.casefold().split()
        first_visible = None
        show_others = self.others_box.isChecked()
        for item in self.items():
            target = item.data(TargetRole)
            ticked = item.checkState() == Qt.CheckState.Checked
            hidden = not matches(target, words) or (
                not show_others and not ticked and is_other_council(target, self.authority))
            item.setHidden(hidden)
            if not hidden and first_visible is None:
                first_visible = item
        current = self.target_list.currentItem()
        if first_visible is not None and (current is None or current.isHidden()):
            self.target_list.setCurrentItem(first_visible)
        self._update_count()

    def set_checked(self, kind: str, target_id: int, checked: bool = True) -> bool:
        """Tick (or untick) a target; False when it is not in the list."""
        for item in self.items():
            if item.data(TargetRole).key == (kind, target_id):
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                return True
        return False

    def chosen_targets(self) -> list[LinkTarget]:
        return [item.data(TargetRole) for item in self.items()
                if item.checkState() == Qt.CheckState.Checked]

    def _update_count(self, *_args) -> None:
        chosen = len(self.chosen_targets())
        shown = len(self.visible_targets())
        total = self.target_list.count()
        parts = [f"{chosen} chosen"]
        if shown != total:
            parts.append(f"{shown} of {total} shown")
        self.count_label.setText(" · ".join(parts))

    # -- stance and OK ---------------------------------------------------
    def set_stance(self, stance: Stance) -> None:
        for button in self.stance_group.buttons():
            button.setChecked(button.property("stance") == stance.value)

    def current_choice(self) -> LinkChoice | None:
        stance = checked_stance(self.stance_group)
        chosen = self.chosen_targets()
        if stance is None or not chosen:
            return None
        return LinkChoice(
            recommendation_ids=tuple(t.id for t in chosen if t.kind == "recommendation"),
            action_ids=tuple(t.id for t in chosen if t.kind == "action"),
            stance=stance, note=self.note_edit.toPlainText().strip())

    def accept(self) -> None:
        if not self.chosen_targets():
            self.show_problem("Tick at least one recommendation or action to link the quote to.")
            self.target_list.setFocus()
            return
        choice = self.current_choice()
        if choice is None:
            self.show_problem("Choose a stance: progress, concern or context.")
            return
        others = list(dict.fromkeys(t.authority for t in self.chosen_targets()
                                    if is_other_council(t, self.authority)))
        if others:
            if not confirm_other_councils(self, self.authority or "", others):
                return
            choice = LinkChoice(choice.recommendation_ids, choice.action_ids, choice.stance,
                                choice.note, other_authority=True)
        if self.refused(lambda: self._apply(choice)):
            return
        self.choice = choice
        super().accept()


def ask_link(parent: QWidget | None, quote: str, citation: str, targets: Sequence[LinkTarget],
             apply: Apply, *, stance: Stance = Stance.PROGRESS, notice: str = "",
             checked: Sequence[tuple[str, int]] = (),
             authority: str | None = None) -> LinkChoice | None:
    """Show the dialog; the choice that was stored, or None when cancelled."""
    dialog = LinkEvidenceDialog(quote, citation, targets, apply, parent, stance=stance,
                                notice=notice, checked=checked, authority=authority)
    dialog.exec()
    return dialog.choice
