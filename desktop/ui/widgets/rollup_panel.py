"""A recommendation's status and where it comes from: the roll-up rule, or the user.

Shows the status with its source (rolled up, with the rule that applied and a
"How is this worked out?" button showing every rule; or set by the user, with
their reason), the date of the latest evidence, a "no evidence for 12 months"
flag, and what the council reports beside it, with a warning where they
disagree. Flags are written out in words, never shown by colour alone.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from desktop.domain.dates import uk_date
from desktop.domain.evidence import RollUp
from desktop.ui.widgets.plain_labels import plain_label

WARNING_STYLE = "color: #b3261e; font-weight: bold"  # dark red: reads on light palettes
WARNING_STYLE_DARK = "color: #ff8a80; font-weight: bold"


def status_source_text(rollup: RollUp) -> str:
    if rollup.source == "user":
        return f"{rollup.status.label} — set by you"
    label = f"{rollup.status.label} ({rollup.qualifier})" if rollup.qualifier else rollup.status.label
    return f"{label} — rolled up from actions and evidence"


def rule_text(rollup: RollUp) -> str:
    if rollup.source == "user":
        return (f"Your reason: {rollup.reason or '(none given)'}\n"
                f"The rule would give “{rollup.rolled_up_status.label}”: {rollup.rule}.")
    return f"Rule that applied: {rollup.rule}."


def last_evidence_text(rollup: RollUp) -> str:
    if rollup.last_evidence is None:
        return "Latest evidence: none linked yet."
    return f"Latest evidence: {uk_date(rollup.last_evidence)}."


def council_text(rollup: RollUp) -> str:
    if not rollup.council_status:
        return "The council reports: nothing held."
    return f"The council reports: {rollup.council_status}."


def explanation(rollup: RollUp | None, rules: str) -> str:
    """Every rule in words, then which one applied here."""
    if rollup is None:
        return rules
    return f"{rules}\n\nHere: {rule_text(rollup)}"


class RollUpPanel(QFrame):
    override_requested = Signal(int)  # recommendation id
    clear_requested = Signal(int)
    explain_requested = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Status and how it is worked out")
        self.rollup: RollUp | None = None
        self._writable = True
        self.status_label = plain_label("Status and its source")
        self.status_label.setStyleSheet("font-weight: bold")
        self.rule_label = plain_label("Why this status")
        self.evidence_label = plain_label("Date of the latest evidence")
        self.stale_label = plain_label("No recent evidence", selectable=False)
        self.council_label = plain_label("What the council reports")
        self.disagreement_label = plain_label("Council and evidence disagree", selectable=False)
        self.explain_button = QPushButton("How is this wor&ked out?")
        self.override_button = QPushButton("Override…")
        self.clear_button = QPushButton("Clear override")
        for button, tip in ((self.explain_button, "Show the rule that rolls the status up"),
                            (self.override_button, "Set the status yourself, with a reason"),
                            (self.clear_button, "Go back to the rolled-up status")):
            button.setToolTip(tip)
            button.setAccessibleName(tip)
        self.explain_button.clicked.connect(lambda: self._emit(self.explain_requested))
        self.override_button.clicked.connect(lambda: self._emit(self.override_requested))
        self.clear_button.clicked.connect(lambda: self._emit(self.clear_requested))

        status_row = QHBoxLayout()
        caption = QLabel("Status:")
        caption.setStyleSheet("font-weight: bold")
        status_row.addWidget(caption)
        status_row.addWidget(self.status_label, 1)
        buttons = QHBoxLayout()
        for button in (self.explain_button, self.override_button, self.clear_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        layout.addLayout(status_row)
        for label in (self.rule_label, self.evidence_label, self.stale_label, self.council_label,
                      self.disagreement_label):
            layout.addWidget(label)
        layout.addLayout(buttons)
        self.show_rollup(None)

    def _warning_style(self) -> str:
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        return WARNING_STYLE_DARK if dark else WARNING_STYLE

    def show_rollup(self, rollup: RollUp | None, writable: bool = True) -> None:
        self.rollup, self._writable = rollup, writable
        has = rollup is not None
        for widget in (self.rule_label, self.evidence_label, self.council_label):
            widget.setVisible(has)
        self.explain_button.setEnabled(True)
        self.override_button.setEnabled(has and writable)
        self.clear_button.setEnabled(has and writable and rollup.source == "user")
        if rollup is None:
            self.status_label.setText("—")
            self.stale_label.setVisible(False)
            self.disagreement_label.setVisible(False)
            return
        self.status_label.setText(status_source_text(rollup))
        self.rule_label.setText(rule_text(rollup))
        self.evidence_label.setText(last_evidence_text(rollup))
        self.stale_label.setText("⚠ No evidence for 12 months.")
        self.stale_label.setStyleSheet(self._warning_style())
        self.stale_label.setVisible(rollup.stale)
        self.council_label.setText(council_text(rollup))
        self.disagreement_label.setText(f"⚠ Disagreement: {rollup.disagreement}"
                                        if rollup.disagreement else "")
        self.disagreement_label.setStyleSheet(self._warning_style())
        self.disagreement_label.setVisible(bool(rollup.disagreement))

    def _emit(self, signal) -> None:
        if self.rollup is not None:
            signal.emit(self.rollup.recommendation_id)
        elif signal is self.explain_requested:
            signal.emit(0)


def flag_words(rollup: RollUp | None) -> str:
    """Short flags for a table cell: the status column says what needs a look."""
    if rollup is None:
        return ""
    flags = []
    if rollup.source == "user":
        flags.append("set by you")
    if rollup.disagreement:
        flags.append("⚠ disagrees with council")
    if rollup.stale:
        flags.append("⚠ no evidence 12 months")
    return f" ({'; '.join(flags)})" if flags else ""


def status_tooltip(rollup: RollUp) -> str:
    lines = [status_source_text(rollup), rule_text(rollup), last_evidence_text(rollup)]
    if rollup.stale:
        lines.append("No evidence for 12 months.")
    lines.append(council_text(rollup))
    if rollup.disagreement:
        lines.append(f"Disagreement: {rollup.disagreement}")
    return "\n".join(lines)

