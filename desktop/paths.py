"""Where things live on disk: the default workspace, bundled resources, the schema."""

from __future__ import annotations

import os
import sys
from pathlib import Path

WORKSPACE_ENV = "SCRUTINY_DESK_WORKSPACE"
WORKSPACE_SUFFIX = ".sqlite"


def _install_root() -> Path:
    """The folder holding `resources/` and `db/`: the checkout, or the PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return _install_root() / "resources"


def migrations_dir() -> Path:
    return _install_root() / "db" / "migrations"


def sample_papers_dir() -> Path:
    return resources_dir() / "sample_papers"


def user_data_dir() -> Path:
    """The per-user data folder each platform expects (no Qt needed to know it)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "ScrutinyDesk"


def default_workspace_path() -> Path:
    """The workspace used when none is named: $SCRUTINY_DESK_WORKSPACE, else the data folder."""
    named = os.environ.get(WORKSPACE_ENV)
    if named:
        return Path(named).expanduser()
    return user_data_dir() / f"workspace{WORKSPACE_SUFFIX}"
