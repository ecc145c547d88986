"""The one date entry of the window: type a date as you would write it, or pick it.

"1/1/18", "1 Jan 2018" and "2018-01-01" all mean 1 January 2018 (read by the Qt-free
``desktop.domain.dates.parse_user_date``, which the command line uses too). A calendar
button (or Alt+Down) pops up a month to pick from. An impossible date ("31/2/2018") is
refused: the field says why beside it and keeps the last good date.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.dates import EXAMPLE, parse_user_date, short_uk_date


class DateField(QLineEdit):
    """A line edit that reads UK dates; ``value()`` is the date, ``iso_text()`` what to store.

    ``text()`` stays what was typed, so a dialog can hand a date it cannot read to the
    service, which refuses it with a sentence.
    """

    date_changed = Signal(object)  # the new date, or None when emptied
    refused = Signal(str)  # why the text typed is not a date

    def __init__(self, value: date | None = None, *, allow_empty: bool = True,
                 name: str = "Date", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._allow_empty = allow_empty
        self._good: date | None = None
        self._problem = ""
        self.setAccessibleName(name)
        self.setPlaceholderText("e.g. 13 Jun 2017" + (", or empty" if allow_empty else ""))
        self.setToolTip(f"Type a date such as {EXAMPLE}, or press Alt+Down to pick one.")
        self.calendar_action = QAction(self.style().standardIcon(
            QStyle.StandardPixmap.SP_FileDialogDetailedView), "Pick a date", self)
        self.calendar_action.setToolTip("Pick a date from a calendar (Alt+Down)")
        self.calendar_action.triggered.connect(self.show_calendar)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.calendar: QCalendarWidget | None = None
        self.message = QLabel()  # where the refusal is said; a form may place it
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAccessibleName(f"{name}: problem")
        self.message.setStyleSheet("color: palette(highlight);")
        self.message.hide()
        self.editingFinished.connect(self._tidy)
        width = self.fontMetrics().horizontalAdvance("30 Sep 2026") + 44  # room for the calendar button
        self.setMinimumWidth(width)
        self.set_value(value)

    # -- value -----------------------------------------------------------
    def value(self) -> date | None:
        """The date typed; raises ValueError with a sentence for text that is not one."""
        parsed = parse_user_date(self.text())
        if parsed is None and not self._allow_empty:
            raise ValueError("A date is needed here.")
        return parsed

    def iso_text(self) -> str:
        """The date as stored (ISO), or the text as typed when it is not a date."""
        try:
            parsed = self.value()
        except ValueError:
            return self.text().strip()
        return parsed.isoformat() if parsed else ""

    def set_value(self, value: date | None) -> None:
        self._good = value
        self.setText(short_uk_date(value))
        self._say("")

    def problem(self) -> str:
        return self._problem

    # QDateEdit's names, so a field can replace one without its callers changing.
    def date(self) -> QDate:
        good = self._good
        return QDate(good.year, good.month, good.day) if good else QDate()

    def setDate(self, value: QDate) -> None:  # noqa: N802 - Qt's name
        self.set_value(value.toPython() if value.isValid() else None)

    # -- typing and picking ----------------------------------------------
    def _tidy(self) -> None:
        """Show a date typed as a UK date; refuse one that cannot be."""
        try:
            parsed = self.value()
        except ValueError as error:
            self._say(str(error))
            self.refused.emit(str(error))
            return
        self._say("")
        changed = parsed != self._good
        self._good = parsed
        self.setText(short_uk_date(parsed))
        if changed:
            self.date_changed.emit(parsed)

    def _say(self, problem: str) -> None:
        self._problem = problem
        self.message.setText(problem)
        self.message.setVisible(bool(problem) and self.message.parentWidget() is not None)
        self.setToolTip(problem or f"Type a date such as {EXAMPLE}, or press Alt+Down to pick one.")

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier:
            QTimer.singleShot(0, self.show_calendar)  # after the key event is done with
            return
        super().keyPressEvent(event)

    def show_calendar(self) -> None:
        if self.calendar is None:
            self.calendar = QCalendarWidget(self)
            self.calendar.setWindowFlags(Qt.WindowType.Popup)
            self.calendar.setGridVisible(True)
            self.calendar.setAccessibleName(f"{self.accessibleName()}: calendar")
            self.calendar.activated.connect(self._picked)
            self.calendar.clicked.connect(self._picked)
        try:
            shown = self.value() or self._good or date.today()
        except ValueError:
            shown = self._good or date.today()
        self.calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))
        self.calendar.move(self.mapToGlobal(self.rect().bottomLeft()))
        self.calendar.show()
        self.calendar.setFocus()

    def _picked(self, value: QDate) -> None:
        if self.calendar is not None:
            self.calendar.hide()
        self.setText(short_uk_date(value.toPython()))
        self._tidy()
        self.setFocus()


def with_message(field: DateField) -> QWidget:
    """The field with the line that says why a date was refused beneath it (for forms)."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    row = QHBoxLayout()
    row.addWidget(field, 1)
    layout.addLayout(row)
    layout.addWidget(field.message)
    box.setFocusProxy(field)
    return box

