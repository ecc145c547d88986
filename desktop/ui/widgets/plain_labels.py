"""Labels that show text exactly as written: document text is never markup."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def plain_label(accessible_name: str = "", *, selectable: bool = True) -> QLabel:
    """A word-wrapped plain-text label (titles and passages may contain `<b>` and the like)."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if accessible_name:
        label.setAccessibleName(accessible_name)
    return label


def error_label() -> QLabel:
    """Where a dialog says why it cannot accept what was typed; hidden until then."""
    label = plain_label("Problem with these details", selectable=False)
    label.setVisible(False)
    return label


def caption(text: str, buddy: QWidget | None = None) -> QLabel:
    """A bold heading over a part of a pane or dialog; its mnemonic focuses ``buddy``."""
    label = QLabel(text)
    label.setStyleSheet("font-weight: bold")
    if buddy is not None:
        label.setBuddy(buddy)
    return label
