"""Small dialogs around evidence: edit a link, override a status, keep quotes on delete.

Each sits behind a function that tests replace or drive; all text is plain.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from desktop.domain.evidence import Evidence, Stance
from desktop.domain.recommendations import RecommendationStatus
from desktop.ui.dialogs.checked_dialog import CheckedDialog
from desktop.ui.dialogs.link_evidence_dialog import checked_stance, quote_view, stance_buttons
from desktop.ui.widgets.plain_labels import caption, plain_label

MAX_REASON_CHARS = 2000


@dataclass(frozen=True, slots=True)
class EvidenceEdit:
    stance: Stance
    note: str


class EditEvidenceDialog(CheckedDialog):
    """Change the stance and the note of one piece of evidence; the quote stays as it is."""

    def __init__(self, evidence: Evidence, target: str, apply: Callable[[EvidenceEdit], str | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit evidence")
        self._apply, self._evidence = apply, evidence
        self.result_edit: EvidenceEdit | None = None
        self.target_label = plain_label("Linked to")
        self.target_label.setText(f"Linked to {target}")
        self.citation_label = plain_label("Where the quote comes from")
        self.citation_label.setText(evidence.citation or evidence.document_title)
        stance_row = QHBoxLayout()
        stance_row.addWidget(caption("Stance:"))
        self.stance_group = stance_buttons(stance_row, evidence.stance)
        self.note_edit = QPlainTextEdit(evidence.note)
        self.note_edit.setAccessibleName("Note")
        self.note_edit.setTabChangesFocus(True)
        self.finish(self.target_label, caption("Quote:"), quote_view(evidence.quote),
                    self.citation_label, stance_row, caption("&Note:", self.note_edit),
                    self.note_edit, stretch=self.note_edit)
        self.resize(600, 420)

    def edit(self) -> EvidenceEdit:
        return EvidenceEdit(checked_stance(self.stance_group) or self._evidence.stance,
                            self.note_edit.toPlainText().strip())

    def accept(self) -> None:
        edit = self.edit()
        if (edit.stance, edit.note) != (self._evidence.stance, self._evidence.note) \
                and self.refused(lambda: self._apply(edit)):
            return
        self.result_edit = edit
        super().accept()


def ask_edit(parent: QWidget | None, evidence: Evidence, target: str,
             apply: Callable[[EvidenceEdit], str | None]) -> EvidenceEdit | None:
    dialog = EditEvidenceDialog(evidence, target, apply, parent)
    dialog.exec()
    return dialog.result_edit


@dataclass(frozen=True, slots=True)
class Override:
    status: RecommendationStatus
    reason: str


class OverrideDialog(CheckedDialog):
    """Set a recommendation's status by hand; a reason is required, so it can be shown later."""

    def __init__(self, heading: str, current: RecommendationStatus, rolled_up: RecommendationStatus,
                 reason: str, apply: Callable[[Override], str | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Override the status")
        self._apply = apply
        self.override: Override | None = None
        intro = plain_label("About overriding", selectable=False)
        intro.setText(f"{heading}\nThe rule gives “{rolled_up.label}”. Choose the status you "
                      "judge right and say why; the reason is kept and shown with the status.")
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName("Status")
        for status in RecommendationStatus:
            self.status_combo.addItem(status.label, status.value)
        self.status_combo.setCurrentIndex(self.status_combo.findData(current.value))
        self.reason_edit = QPlainTextEdit(reason)
        self.reason_edit.setAccessibleName("Reason for the override")
        self.reason_edit.setPlaceholderText("e.g. The 2023 inspection found this fully met.")
        self.reason_edit.setTabChangesFocus(True)
        row = QHBoxLayout()
        row.addWidget(caption("&Status:", self.status_combo))
        row.addWidget(self.status_combo)
        row.addStretch(1)
        self.finish(intro, row, caption("&Reason:", self.reason_edit), self.reason_edit,
                    stretch=self.reason_edit)
        self.resize(520, 320)
        self.reason_edit.setFocus()

    def accept(self) -> None:
        reason = " ".join(self.reason_edit.toPlainText().split())
        if not reason:
            self.show_problem("Say why you override the status; the reason is shown with it.")
            self.reason_edit.setFocus()
            return
        if len(reason) > MAX_REASON_CHARS:
            self.show_problem(f"Keep the reason under {MAX_REASON_CHARS} characters.")
            return
        override = Override(RecommendationStatus(self.status_combo.currentData()), reason)
        if self.refused(lambda: self._apply(override)):
            return
        self.override = override
        super().accept()


def ask_override(parent: QWidget | None, heading: str, current: RecommendationStatus,
                 rolled_up: RecommendationStatus, reason: str,
                 apply: Callable[[Override], str | None]) -> Override | None:
    dialog = OverrideDialog(heading, current, rolled_up, reason, apply, parent)
    dialog.exec()
    return dialog.override


def ask_keep_quotes(parent: QWidget | None, text: str, count: int) -> bool | None:
    """Deleting a document that holds evidence: True keeps the quotes, False deletes them,
    None cancels. Cancel is the default, so Enter never deletes anything."""
    quotes = "its quote" if count == 1 else f"its {count} quotes"
    box = QMessageBox(QMessageBox.Icon.Question, "Delete document",
                      f"{text}\n\nKeep {quotes} linked as evidence, with their citations, after "
                      "the document is gone, or delete them with it?",
                      QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # titles are not markup
    keep = box.addButton("&Keep the quotes", QMessageBox.ButtonRole.DestructiveRole)
    drop = box.addButton("Delete the &quotes too", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    keep.setAccessibleName("Delete the document, keep the quotes with their citations")
    drop.setAccessibleName("Delete the document and its quotes")
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is keep:
        return True
    if clicked is drop:
        return False
    return None
