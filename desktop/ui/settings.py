"""What the window remembers between runs: geometry, splitters, recent workspaces.

Everything goes through QSettings under organisation "ScrutinyDesk", application
"Scrutiny Desk". Setting SCRUTINY_DESK_SETTINGS_DIR stores them as INI files in
that folder instead (tests and screenshots use it, never the user's settings).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QCoreApplication, QSettings

ORGANISATION = "ScrutinyDesk"
APPLICATION = "Scrutiny Desk"
SETTINGS_DIR_ENV = "SCRUTINY_DESK_SETTINGS_DIR"
MAX_RECENT = 8
_RECENT_KEY = "workspaces/recent"


def configure_settings() -> None:
    """Name the app for QSettings; honour SCRUTINY_DESK_SETTINGS_DIR."""
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    folder = os.environ.get(SETTINGS_DIR_ENV)
    if folder:
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder)


def _settings() -> QSettings:
    # The default format is INI when configure_settings was pointed at a folder.
    return QSettings(QSettings.defaultFormat(), QSettings.Scope.UserScope,
                     ORGANISATION, APPLICATION)


def recent_workspaces() -> list[Path]:
    value = _settings().value(_RECENT_KEY, [])
    if isinstance(value, str):  # QSettings gives a bare string for a one-item list
        value = [value]
    return [Path(v) for v in (value or []) if v]


def remember_workspace(path: Path) -> list[Path]:
    """Put ``path`` first in the recent list; returns the new list."""
    path = Path(path).resolve()
    recent = [path] + [p for p in recent_workspaces() if p != path]
    recent = recent[:MAX_RECENT]
    _settings().setValue(_RECENT_KEY, [str(p) for p in recent])
    return recent


def forget_workspace(path: Path) -> None:
    recent = [p for p in recent_workspaces() if p != Path(path).resolve()]
    _settings().setValue(_RECENT_KEY, [str(p) for p in recent])


def save_state(key: str, state: QByteArray) -> None:
    """Geometry or splitter/header state, stored as bytes."""
    _settings().setValue(f"state/{key}", state)


def load_state(key: str) -> QByteArray | None:
    value = _settings().value(f"state/{key}")
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def text_size() -> int:
    """How many steps larger (or smaller, below 0) the user made the text; 0 by default."""
    try:
        return int(_settings().value("view/text_size", 0))
    except (TypeError, ValueError):
        return 0


def set_text_size(steps: int) -> None:
    _settings().setValue("view/text_size", int(steps))


def reader_view() -> str:
    """"page" or "text": how the Reader last showed a paper that has pages."""
    value = _settings().value("view/reader_view", "page")
    return value if value in ("page", "text") else "page"


def set_reader_view(view: str) -> None:
    _settings().setValue("view/reader_view", "page" if view == "page" else "text")
