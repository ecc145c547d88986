"""Start the window: QApplication set-up and ``run_app``.

The window is shown first and the workspace is opened just after, so that
start-up stays quick with thousands of documents.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from desktop import __version__
from desktop.paths import resources_dir
from desktop.ui.settings import APPLICATION, configure_settings


def application_icon() -> QIcon:
    path = resources_dir() / "icons" / "scrutiny-desk.svg"
    return QIcon(str(path)) if path.exists() else QIcon()


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, configured once (tests reuse pytest-qt's)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    configure_settings()
    app.setApplicationDisplayName(APPLICATION)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(application_icon())
    _apply_style_sheet(app)
    return app


def _apply_style_sheet(app: QApplication) -> None:
    """Optional tweaks that keep the system palette and font size (no colours)."""
    path = resources_dir() / "style" / "app.qss"
    if path.exists():
        sheet = path.read_text(encoding="utf-8")
        if app.styleSheet() != sheet:  # re-polishing every widget is not free
            app.setStyleSheet(sheet)


def run_app(workspace_path: str | Path | None = None) -> int:
    """Show the window on ``workspace_path`` (or the default workspace); returns the exit code."""
    app = create_application()
    from desktop.ui.main_window import MainWindow

    window = MainWindow()
    window.show()
    QTimer.singleShot(0, lambda: _open_initial(window, workspace_path))
    return app.exec()


# Smoke tests of a built bundle set this: the window opens its workspace, says
# so on stderr, then closes itself as if the user had closed it.
QUIT_AFTER_START_ENV = "SCRUTINY_DESK_QUIT_AFTER_START"


def _open_initial(window, workspace_path: str | Path | None) -> None:
    window.open_initial(workspace_path)
    if os.environ.get(QUIT_AFTER_START_ENV):
        if sys.stderr is not None:  # a windowed program on Windows has no stderr
            print(f"started: {window.windowTitle()}", file=sys.stderr, flush=True)
        QTimer.singleShot(0, window.close)
