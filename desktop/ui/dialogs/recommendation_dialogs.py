"""Add, edit and split recommendations. Each dialog sits behind a function tests replace."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from desktop.domain.recommendations import Recommendation, RecommendationKind
from desktop.ui.dialogs.checked_dialog import CheckedDialog
from desktop.ui.widgets.date_field import DateField, with_message

# Tries the values; returns None when stored, or the message saying why not.
Apply = Callable[[dict[str, object]], str | None]

BLANK = {"text": "", "label": "", "kind": RecommendationKind.RECOMMENDATION.value,
         "authority": "", "issued": ""}


def current_values(rec: Recommendation) -> dict[str, object]:
    """The editable fields as the dialog shows them (the date as ISO text)."""
    return {"text": rec.text, "label": rec.label, "kind": rec.kind.value,
            "authority": rec.authority or "",
            "issued": rec.issued.isoformat() if rec.issued else ""}


def _combo(name: str, items) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    for item in items:
        combo.addItem(item.label, item.value)
    return combo


class RecommendationDialog(CheckedDialog):
    """The fields of a recommendation; OK applies them, staying open when refused."""

    def __init__(self, title: str, initial: dict[str, object], authorities: list[str],
                 apply: Apply, parent: QWidget | None = None, *, new: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._original, self._apply, self._new = dict(initial), apply, new
        self.text_edit = QPlainTextEdit(str(initial["text"]))
        self.text_edit.setAccessibleName("Recommendation text")
        self.text_edit.setTabChangesFocus(True)
        self.label_edit = QLineEdit(str(initial["label"]))
        self.label_edit.setAccessibleName("Number or label")
        self.kind_combo = _combo("Kind", RecommendationKind)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(initial["kind"]))
        self.authority_combo = QComboBox()
        self.authority_combo.setEditable(True)
        self.authority_combo.setAccessibleName("Local authority")
        self.authority_combo.addItems(authorities)
        self.authority_combo.setCurrentText(str(initial["authority"]))
        self.issued_edit = DateField(name="Date issued")
        self.issued_edit.setText(str(initial["issued"]))
        self.issued_edit.editingFinished.emit()  # shown as a UK date
        form = QFormLayout()
        for caption, field in (("&Text", self.text_edit), ("&Number", self.label_edit),
                               ("&Kind", self.kind_combo),
                               ("&Authority", self.authority_combo), ("&Issued", with_message(self.issued_edit))):
            label = QLabel(caption)
            label.setBuddy(field)
            form.addRow(label, field)
        self.finish(form)
        self.resize(620, 420)

    def values(self) -> dict[str, object]:
        return {"text": self.text_edit.toPlainText(), "label": self.label_edit.text().strip(),
                "kind": self.kind_combo.currentData(),
                "authority": self.authority_combo.currentText().strip(),
                "issued": self.issued_edit.iso_text()}

    def changes(self) -> dict[str, object]:
        return {k: v for k, v in self.values().items() if v != self._original.get(k)}

    def accept(self) -> None:
        changes = self.changes()
        if (changes or self._new) and self.refused(
                lambda: self._apply(self.values() if self._new else changes)):
            return
        super().accept()


def edit_recommendation(parent: QWidget | None, title: str, initial: dict[str, object],
                        authorities: list[str], apply: Apply, new: bool = False) -> bool:
    """Show the dialog; True when the values were stored (``new``: all of them, else changes)."""
    dialog = RecommendationDialog(title, initial, authorities, apply, parent, new=new)
    return dialog.exec() == CheckedDialog.DialogCode.Accepted


def split_parts(text: str) -> list[str]:
    """One part per non-empty line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class SplitDialog(CheckedDialog):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Split recommendation")
        hint = QLabel("Put each part on a line of its own. Each line becomes a recommendation; "
                      "the first keeps the number, status and notes.")
        hint.setWordWrap(True)
        self.parts_edit = QPlainTextEdit(text)
        self.parts_edit.setAccessibleName("Parts, one per line")
        self.finish(hint, self.parts_edit, stretch=self.parts_edit)
        self.resize(620, 380)

    def parts(self) -> list[str]:
        return split_parts(self.parts_edit.toPlainText())

    def accept(self) -> None:
        if len(self.parts()) < 2:
            self.show_problem("Put at least two parts, each on its own line.")
            return
        super().accept()


def ask_split_parts(parent: QWidget | None, text: str) -> list[str] | None:
    """The parts the user wants, or None when cancelled."""
    # Sentences on lines of their own give a useful starting point.
    dialog = SplitDialog(text.replace(". ", ".\n"), parent)
    return dialog.parts() if dialog.exec() == CheckedDialog.DialogCode.Accepted else None
