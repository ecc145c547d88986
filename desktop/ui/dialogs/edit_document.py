"""Correct a document's title, type, authority and dates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
)

from desktop.domain.documents import DocType, Document
from desktop.ui.dialogs.checked_dialog import CheckedDialog
from desktop.ui.widgets.date_field import DateField, with_message

DATE_FIELDS = (("date", "&Date"), ("period_start", "Period &from"), ("period_end", "Period &to"))

# Tries the changes; returns None when stored, or the message saying why not.
Apply = Callable[[dict[str, object]], str | None]


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def current_values(doc: Document) -> dict[str, object]:
    """The editable fields as the dialog shows them (dates as ISO text)."""
    return {"title": doc.title, "doc_type": str(doc.doc_type), "authority": doc.authority or "",
            "date": _iso(doc.date), "period_start": _iso(doc.period_start),
            "period_end": _iso(doc.period_end)}


class EditDocumentDialog(CheckedDialog):
    """Shows the document's fields; OK applies the changes through ``apply``.

    The dialog stays open with the reason shown when ``apply`` refuses them.
    """

    def __init__(self, doc: Document, authorities: list[str], apply: Apply, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit document details")
        self._original = current_values(doc)
        self._apply = apply

        self.title_edit = QLineEdit(doc.title)
        self.title_edit.setAccessibleName("Title")
        self.type_combo = QComboBox()
        self.type_combo.setAccessibleName("Document type")
        for kind in DocType:
            self.type_combo.addItem(kind.label, str(kind))
        self.type_combo.setCurrentIndex(self.type_combo.findData(str(doc.doc_type)))
        self.authority_combo = QComboBox()
        self.authority_combo.setEditable(True)
        self.authority_combo.setAccessibleName("Local authority")
        self.authority_combo.addItems(authorities)
        self.authority_combo.setCurrentText(doc.authority or "")
        self.date_edits: dict[str, DateField] = {}
        form = QFormLayout()
        form.addRow("&Title", self.title_edit)
        form.addRow("T&ype", self.type_combo)
        form.addRow("&Authority", self.authority_combo)
        for name, label in DATE_FIELDS:
            edit = DateField(getattr(doc, name), name=label.replace("&", ""))
            self.date_edits[name] = edit
            form.addRow(label, with_message(edit))
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if item and isinstance(item.widget(), QLabel):
                item.widget().setBuddy(form.itemAt(row, QFormLayout.ItemRole.FieldRole).widget())

        self.finish(form)
        self.resize(520, self.sizeHint().height())

    def values(self) -> dict[str, object]:
        values: dict[str, object] = {
            "title": self.title_edit.text(),
            "doc_type": self.type_combo.currentData(),
            "authority": self.authority_combo.currentText().strip(),
        }
        values.update({name: edit.iso_text() for name, edit in self.date_edits.items()})
        return values

    def changes(self) -> dict[str, object]:
        """Only the fields the user changed."""
        return {k: v for k, v in self.values().items() if v != self._original[k]}

    def accept(self) -> None:
        changes = self.changes()
        if changes and self.refused(lambda: self._apply(changes)):
            return
        super().accept()
