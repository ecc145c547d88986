"""Add and edit an action, report progress on it, link it to recommendations.

The fields of an action live in ``ActionFields``, shared by the dialog and the
Actions tab's detail pane. Each dialog sits behind a function that tests replace.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)

from desktop.domain.actions import Action, ActionStatus, Rag
from desktop.domain.dates import uk_date
from desktop.ui.dialogs.checked_dialog import CheckedDialog
from desktop.ui.widgets.date_field import DateField, with_message
from desktop.ui.widgets.plain_labels import plain_label
from desktop.ui.widgets.tooltips import plain_tooltip

# Tries the values; returns None when stored, or the message saying why not.
Apply = Callable[[dict[str, object]], str | None]

FIELDS = ("reference", "title", "description", "owner", "due_text", "status", "rag", "authority")
BLANK: dict[str, object] = {"reference": "", "title": "", "description": "", "owner": "",
                            "due_text": "", "status": ActionStatus.NOT_STARTED.value, "rag": None,
                            "authority": None}
NO_RAG = "Not given"
NO_CHANGE = "No change"


def current_values(action: Action) -> dict[str, object]:
    """The editable fields as the service takes them (RAG and authority None when unset)."""
    return {"reference": action.reference, "title": action.title,
            "description": action.description, "owner": action.owner,
            "due_text": action.due_text, "status": action.status.value,
            "rag": action.rag.value if action.rag else None, "authority": action.authority}


def changed_values(before: dict[str, object], after: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in after.items() if v != before.get(k)}


def due_hint(text: str, today: date | None = None) -> str:
    """How the app understands a due date as typed: said next to the field."""
    text = text.strip()
    if not text:
        return "No due date."
    from desktop.services.actions import parse_due  # pure; imported late to keep start-up quick

    try:
        when, problem = parse_due(text, today)
    except Exception:  # noqa: BLE001 - a hint must never break typing
        when, problem = None, None
    if when is not None:
        return f"Understood as {uk_date(when)}."
    if problem:
        return f"Kept as written; {problem[0].lower()}{problem[1:]}"
    return "Kept as written; no single date, so never counted as overdue."


def _combo(name: str, items: list[tuple[str, object]]) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    for text, data in items:
        combo.addItem(text, data)
    return combo


def status_combo(name: str = "Status", none_text: str | None = None) -> QComboBox:
    items = [(none_text, None)] if none_text else []
    return _combo(name, items + [(s.label, s.value) for s in ActionStatus])


def rag_combo(name: str = "RAG rating", none_text: str = NO_RAG) -> QComboBox:
    return _combo(name, [(none_text, None)] + [(r.label, r.value) for r in Rag])


def _select(combo: QComboBox, value: object) -> None:
    found = combo.findData(value)
    combo.setCurrentIndex(max(found, 0))


class ActionFields(QWidget):
    """The editable fields of an action, as a form; ``edited`` fires on every change."""

    edited = Signal()

    def __init__(self, owners: list[str] = (), authorities: list[str] = (), parent=None, *,
                 compact: bool = False) -> None:
        super().__init__(parent)
        self.reference_edit = QLineEdit()
        self.reference_edit.setAccessibleName("Reference")
        self.reference_edit.setPlaceholderText("As the plan numbers it, e.g. 1.2")
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName("Action")
        self.title_edit.setPlaceholderText("What the council will do")
        self.description_edit = QPlainTextEdit()
        self.description_edit.setAccessibleName("Description")
        self.description_edit.setTabChangesFocus(True)
        if compact:  # in the detail pane the lists below need the room
            self.description_edit.setMaximumHeight(self.fontMetrics().lineSpacing() * 4)
        self.owner_combo = QComboBox()
        self.owner_combo.setEditable(True)
        self.owner_combo.setAccessibleName("Owner")
        self.owner_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.due_edit = QLineEdit()
        self.due_edit.setAccessibleName("Due")
        self.due_edit.setPlaceholderText("31/03/2024, Q2 2024, ongoing…")
        self.due_hint = plain_label("How the due date is understood", selectable=False)
        self.due_hint.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.status_combo = status_combo()
        self.rag_combo = rag_combo()
        self.authority_combo = QComboBox()
        self.authority_combo.setEditable(True)
        self.authority_combo.setAccessibleName("Local authority")
        self.authority_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.set_choices(owners, authorities)
        for combo in (self.owner_combo, self.authority_combo):  # where the name is typed
            combo.lineEdit().setAccessibleName(combo.accessibleName())

        form = QFormLayout(self)
        if compact:
            form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for caption, field in (("Reference", self.reference_edit), ("Acti&on", self.title_edit),
                               ("Descri&ption", self.description_edit), ("O&wner", self.owner_combo),
                               ("D&ue", self.due_edit), ("", self.due_hint),
                               ("Status", self.status_combo), ("RA&G", self.rag_combo),
                               ("Authorit&y", self.authority_combo)):
            label = QLabel(caption)
            label.setBuddy(field)
            form.addRow(label, field)
        for signal in (self.reference_edit.textChanged, self.title_edit.textChanged,
                       self.description_edit.textChanged, self.owner_combo.editTextChanged,
                       self.due_edit.textChanged, self.status_combo.currentIndexChanged,
                       self.rag_combo.currentIndexChanged, self.authority_combo.editTextChanged):
            signal.connect(self.edited)
        self.due_edit.textChanged.connect(self._show_due_hint)

    def set_choices(self, owners, authorities) -> None:
        for combo, items in ((self.owner_combo, owners), (self.authority_combo, authorities)):
            text = combo.currentText()
            combo.blockSignals(True)
            combo.clear()
            combo.addItems([i for i in items if i])
            combo.setCurrentText(text)
            combo.blockSignals(False)

    def set_values(self, values: dict[str, object]) -> None:
        for widget in (self.reference_edit, self.title_edit, self.description_edit, self.owner_combo,
                       self.due_edit, self.status_combo, self.rag_combo, self.authority_combo):
            widget.blockSignals(True)
        self.reference_edit.setText(str(values.get("reference") or ""))
        self.title_edit.setText(str(values.get("title") or ""))
        self.description_edit.setPlainText(str(values.get("description") or ""))
        self.owner_combo.setCurrentText(str(values.get("owner") or ""))
        self.due_edit.setText(str(values.get("due_text") or ""))
        _select(self.status_combo, values.get("status") or ActionStatus.NOT_STARTED.value)
        _select(self.rag_combo, values.get("rag"))
        self.authority_combo.setCurrentText(str(values.get("authority") or ""))
        for edit in (self.reference_edit, self.title_edit, self.due_edit):
            edit.setCursorPosition(0)  # a long title shows its start, not its end
        for widget in (self.reference_edit, self.title_edit, self.description_edit, self.owner_combo,
                       self.due_edit, self.status_combo, self.rag_combo, self.authority_combo):
            widget.blockSignals(False)
        self._show_due_hint()

    def values(self) -> dict[str, object]:
        return {"reference": self.reference_edit.text().strip(),
                "title": self.title_edit.text().strip(),
                "description": self.description_edit.toPlainText().strip(),
                "owner": self.owner_combo.currentText().strip(),
                "due_text": self.due_edit.text().strip(),
                "status": self.status_combo.currentData(),
                "rag": self.rag_combo.currentData(),
                "authority": self.authority_combo.currentText().strip() or None}

    def set_editable(self, editable: bool) -> None:
        for widget in (self.reference_edit, self.title_edit, self.due_edit):
            widget.setReadOnly(not editable)
        self.description_edit.setReadOnly(not editable)
        for combo in (self.owner_combo, self.status_combo, self.rag_combo, self.authority_combo):
            combo.setEnabled(editable)

    def _show_due_hint(self, *_args) -> None:
        self.due_hint.setText(due_hint(self.due_edit.text()))


class ActionDialog(CheckedDialog):
    """All the fields of an action; OK applies them (all when new, else the changes)."""

    def __init__(self, title: str, initial: dict[str, object], owners: list[str],
                 authorities: list[str], apply: Apply, parent: QWidget | None = None, *,
                 new: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._original, self._apply, self._new = dict(initial), apply, new
        self.fields = ActionFields(owners, authorities)
        self.fields.set_values(initial)
        self.finish(self.fields, stretch=self.fields)
        self.fields.title_edit.setFocus()
        self.resize(600, 460)

    def values(self) -> dict[str, object]:
        return self.fields.values()

    def changes(self) -> dict[str, object]:
        return changed_values(self._original, self.values())

    def accept(self) -> None:
        if not self.values()["title"]:
            self.show_problem("Give the action a title: what the council will do.")
            return
        changes = self.changes()
        if (changes or self._new) and self.refused(
                lambda: self._apply(self.values() if self._new else changes)):
            return
        super().accept()


def edit_action(parent: QWidget | None, title: str, initial: dict[str, object], owners: list[str],
                authorities: list[str], apply: Apply, new: bool = False) -> bool:
    """Show the dialog; True when the values were stored."""
    dialog = ActionDialog(title, initial, owners, authorities, apply, parent, new=new)
    return dialog.exec() == CheckedDialog.DialogCode.Accepted


@dataclass(frozen=True, slots=True)
class CitablePassage:
    """The passage open in the Reader, offered for an update to cite."""

    passage_id: int
    description: str  # "Monitoring visit letter (2018-06-08), p. 3, para 12"
    text: str


class UpdateDialog(CheckedDialog):
    """A dated progress report; status and RAG given here also become the action's."""

    def __init__(self, action: Action, apply: Apply, citable: CitablePassage | None = None,
                 parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Report progress on {action.reference or action.title[:40]}".strip())
        self._apply = apply
        today = today or date.today()
        about = plain_label("Action")
        about.setText(action.title)
        self.date_edit = DateField(today, allow_empty=False, name="Date of the update")
        self.text_edit = QPlainTextEdit()
        self.text_edit.setAccessibleName("What was reported")
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setPlaceholderText("What officers reported, or what you found")
        self.status_combo = status_combo("New status", NO_CHANGE)
        self.rag_combo = rag_combo("New RAG rating", NO_CHANGE)
        self.cite_check = QCheckBox()
        self.cite_check.setAccessibleName("Cite the passage open in the Reader")
        self._citable = citable
        if citable is not None:
            self.cite_check.setText(f"C&ite {citable.description}")
            self.cite_check.setToolTip(plain_tooltip(citable.text))
        else:
            self.cite_check.setText("C&ite a passage: open it in the Reader first")
            self.cite_check.setEnabled(False)
        form = QFormLayout()
        for caption, field in (("", about), ("&Date", with_message(self.date_edit)), ("&Report", self.text_edit),
                               ("&Status", self.status_combo), ("R&AG", self.rag_combo),
                               ("", self.cite_check)):
            label = QLabel(caption)
            label.setBuddy(field)
            form.addRow(label, field)
        self.finish(form)
        self.text_edit.setFocus()
        self.resize(560, 380)

    def values(self) -> dict[str, object]:
        try:
            when = self.date_edit.value()
        except ValueError:
            when = None  # refused in accept, with the field's sentence
        cite = self._citable is not None and self.cite_check.isChecked()
        return {"text": self.text_edit.toPlainText().strip(),
                "date": when,
                "status": self.status_combo.currentData(), "rag": self.rag_combo.currentData(),
                "passage_id": self._citable.passage_id if cite else None}

    def accept(self) -> None:
        values = self.values()
        try:
            self.date_edit.value()
        except ValueError as error:
            self.show_problem(str(error))
            return
        if not (values["text"] or values["status"] or values["rag"] or values["passage_id"]):
            self.show_problem("Write what was reported, or choose a new status or RAG rating.")
            return
        if self.refused(lambda: self._apply(values)):
            return
        super().accept()


def add_update(parent: QWidget | None, action: Action, apply: Apply,
               citable: CitablePassage | None = None) -> bool:
    dialog = UpdateDialog(action, apply, citable, parent)
    return dialog.exec() == CheckedDialog.DialogCode.Accepted


ChoiceIdRole = Qt.ItemDataRole.UserRole + 1


class LinkDialog(CheckedDialog):
    """Tick the recommendations an action answers; type to narrow the list."""

    def __init__(self, choices: list[tuple[int, str]], linked: set[int],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Link to recommendations")
        self.filter_edit = QLineEdit()
        self.filter_edit.setAccessibleName("Only recommendations containing")
        self.filter_edit.setPlaceholderText("Type words or a number to narrow the list")
        self.filter_edit.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Recommendations to link")
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        for rec_id, text in choices:
            item = QListWidgetItem(text)
            item.setData(ChoiceIdRole, rec_id)
            item.setToolTip(plain_tooltip(text))
            linked_already = rec_id in linked
            item.setFlags((item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                          & ~(Qt.ItemFlag.ItemIsEnabled if linked_already else Qt.ItemFlag.NoItemFlags))
            item.setCheckState(Qt.CheckState.Checked if linked_already else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        if not choices:
            self.list.addItem("There are no recommendations in this workspace yet.")
        self.filter_edit.textChanged.connect(self._narrow)
        caption = QLabel("&Find:")
        caption.setBuddy(self.filter_edit)
        hint = plain_label(selectable=False)
        hint.setText("Ticked recommendations are linked when you press OK; greyed ones are "
                     "linked already (unlink them in the action's details).")
        self.finish(caption, self.filter_edit, self.list, hint, stretch=self.list)
        self.resize(640, 480)

    def _narrow(self, text: str) -> None:
        words = text.casefold().split()
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setHidden(not all(w in item.text().casefold() for w in words))

    def chosen(self) -> list[int]:
        ids = []
        for row in range(self.list.count()):
            item = self.list.item(row)
            if (item.flags() & Qt.ItemFlag.ItemIsEnabled and item.data(ChoiceIdRole) is not None
                    and item.checkState() == Qt.CheckState.Checked):
                ids.append(item.data(ChoiceIdRole))
        return ids

    def accept(self) -> None:
        if not self.chosen():
            self.show_problem("Tick at least one recommendation, or press Cancel.")
            return
        super().accept()


def choose_recommendations(parent: QWidget | None, choices: list[tuple[int, str]],
                           linked: set[int]) -> list[int]:
    """The recommendation ids the user ticked (empty when cancelled)."""
    dialog = LinkDialog(choices, linked, parent)
    return dialog.chosen() if dialog.exec() == CheckedDialog.DialogCode.Accepted else []
