"""A dialog whose OK first checks or stores what was typed, staying open with the reason if refused."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLayout, QVBoxLayout, QWidget

from desktop.domain.errors import UserFacingError
from desktop.ui.widgets.plain_labels import error_label


class CheckedDialog(QDialog):
    """Subclasses build their fields, call ``finish(...)``, and in ``accept`` call ``refused``."""

    def finish(self, *parts: QWidget | QLayout, stretch: QWidget | None = None) -> None:
        """Lay out ``parts`` above the (hidden) reason line and the OK/Cancel buttons."""
        self.error_label = error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for part in parts:
            if isinstance(part, QLayout):
                layout.addLayout(part)
            else:
                layout.addWidget(part, 1 if part is stretch else 0)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def show_problem(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(True)

    def refused(self, attempt: Callable[[], str | None]) -> bool:
        """Run ``attempt`` (None means done, else the reason); shows the reason if refused."""
        try:
            problem = attempt()
        except UserFacingError as error:
            problem = str(error)
        if problem:
            self.show_problem(problem)
            return True
        return False
