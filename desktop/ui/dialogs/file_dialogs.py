"""File choosers, behind functions so that tests can replace them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

PAPERS_FILTER = "Papers (*.pdf *.docx *.txt *.md *.html *.htm);;All files (*)"
WORKSPACE_FILTER = "Scrutiny Desk workspaces (*.sqlite);;All files (*)"


def choose_files_to_import(parent: QWidget | None) -> list[Path]:
    names, _ = QFileDialog.getOpenFileNames(parent, "Import papers", "", PAPERS_FILTER)
    return [Path(n) for n in names]


def choose_folder_to_import(parent: QWidget | None) -> Path | None:
    name = QFileDialog.getExistingDirectory(parent, "Import a folder of papers")
    return Path(name) if name else None


def choose_workspace_to_open(parent: QWidget | None) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, "Open workspace", "", WORKSPACE_FILTER)
    return Path(name) if name else None


def choose_new_workspace(parent: QWidget | None) -> Path | None:
    # No "replace?" question: a new workspace never overwrites a file (create_workspace refuses).
    name, _ = QFileDialog.getSaveFileName(parent, "New workspace", "workspace.sqlite",
                                          WORKSPACE_FILTER,
                                          options=QFileDialog.Option.DontConfirmOverwrite)
    return Path(name) if name else None


def choose_copy_target(parent: QWidget | None, suggested: str) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, "Save a copy of the workspace", suggested,
                                          WORKSPACE_FILTER)
    return Path(name) if name else None


def choose_export_target(parent: QWidget | None, caption: str, suggested: str,
                         name_filter: str) -> Path | None:
    # The caller asks before replacing: it may add the suffix, which changes the file.
    name, _ = QFileDialog.getSaveFileName(parent, caption, suggested, name_filter,
                                          options=QFileDialog.Option.DontConfirmOverwrite)
    return Path(name) if name else None
