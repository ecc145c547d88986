"""Help for a first-time user: the user guide (F1), the keyboard shortcuts, the toolbar, text size.

The shortcuts list is read from the window's menus each time it is shown, so an item
any part of the app adds appears in it without this module knowing about it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QToolBar,
    QVBoxLayout,
)

from desktop.paths import resources_dir
from desktop.ui import settings

GUIDE_FILE = "user-guide.md"
TEXT_STEP_POINTS = 1
MAX_TEXT_STEPS = 8
# Shortcuts that are not menu items: said in the list all the same.
OTHER_SHORTCUTS = (
    ("Anywhere", "Open the menu whose name has that letter underlined", "Alt+letter"),
    ("Anywhere", "Pick a date from a calendar in a date box", "Alt+Down"),
    ("Tables", "Open the selected row", "Enter"),
)


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").rstrip(".")


def shortcut_rows(window) -> list[tuple[str, str, str]]:
    """(menu, item, keys) for every menu item with a shortcut, in menu order."""
    rows: list[tuple[str, str, str]] = []

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), f"{path} > {_plain(action.menu().title())}")
            elif not action.isSeparator():
                keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText)
                                 for k in action.shortcuts() if not k.isEmpty())
                if keys:
                    rows.append((path, _plain(action.text()), keys))

    for top in window.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu(), _plain(top.menu().title()))
    return rows + list(OTHER_SHORTCUTS)


class ShortcutsDialog(QDialog):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.setWindowTitle("Keyboard shortcuts")
        rows = shortcut_rows(window)
        self.table = QTableWidget(len(rows), 3)
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(["Menu", "What it does", "Keys"])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(720, 560)


def guide_text() -> str:
    path = resources_dir() / "guide" / GUIDE_FILE
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ("# User guide\n\nThe guide that comes with the app could not be found. "
                "Reinstalling the app puts it back.")


class GuideDialog(QDialog):
    """The user guide, shipped with the app and shown offline; read-only."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.setWindowTitle("Scrutiny Desk user guide")
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("User guide")
        self.browser.setOpenExternalLinks(False)
        self.browser.setMarkdown(guide_text())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(760, 640)


def show_modeless(dialog: QDialog) -> QDialog:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


# -- text size -----------------------------------------------------------------------------

_applied_points = 0.0  # how far every font is now from its own size


def apply_text_size(steps: int) -> int:
    """Scale the whole app's text by ``steps`` points from its usual size; remembered.

    The style sheet stops a new application font reaching widgets already built, so
    each widget's font moves by the same amount (keeping headings larger than text).
    """
    global _applied_points
    app = QApplication.instance()
    steps = max(-3, min(MAX_TEXT_STEPS, steps))
    target = float(steps * TEXT_STEP_POINTS)
    by = target - _applied_points
    if by:
        font = app.font()
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() + by)
            app.setFont(font)  # widgets built from now on start at the new size
        # Read every font before changing any: a child follows its parent's change.
        fonts = [(w, w.font(), w.property("textSizeApplied")) for w in app.allWidgets()]
        for widget, own, was in fonts:
            if own.pointSizeF() > 0 and was != target:
                own.setPointSizeF(own.pointSizeF() + target - (was if was is not None else _applied_points))
                widget.setFont(own)
                widget.setProperty("textSizeApplied", target)
        _applied_points = target
    settings.set_text_size(steps)
    return steps


def _action(window, text: str, keys, slot, tip: str = "") -> QAction:
    action = QAction(text, window)
    if keys:
        action.setShortcuts([QKeySequence(k) for k in keys])
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.triggered.connect(slot)
    window.addAction(action)
    return action


def install(window, actions, edit_menu: QMenu, view_menu: QMenu, help_menu: QMenu) -> None:
    """Add search-everything, text size, the guide, the shortcuts list and the toolbar."""
    w = window

    def search_everything() -> None:
        w.search_box.setFocus()
        w.search_box.selectAll()

    def run_search_box() -> None:
        w.search_tab.query_edit.setText(w.search_box.text())
        w.tabs.setCurrentWidget(w.search_tab)
        w.search_tab.run_search()
        w.search_tab.view.setFocus()

    w.search_everything = _action(w, "Search &all papers…", ["Ctrl+Shift+F"], search_everything,
                                  "Search the words of every paper held")
    edit_menu.insertAction(actions.find_next, w.search_everything)

    # Ctrl+Shift: Ctrl+plus and Ctrl+minus zoom the Reader's page view when it has focus.
    size_menu = view_menu.addMenu("&Text size")
    steps = [settings.text_size()]

    def change(by: int | None) -> None:
        steps[0] = apply_text_size(0 if by is None else steps[0] + by)

    size_menu.addAction(_action(w, "&Larger", ["Ctrl+Shift+=", "Ctrl+Shift++"], lambda: change(1),
                                "Make the text in every view larger"))
    size_menu.addAction(_action(w, "&Smaller", ["Ctrl+Shift+-"], lambda: change(-1),
                                "Make the text in every view smaller"))
    size_menu.addAction(_action(w, "&Normal size", ["Ctrl+Shift+0"], lambda: change(None),
                                "Text at the computer's usual size"))
    if steps[0]:
        steps[0] = apply_text_size(steps[0])

    guide = _action(w, "User &guide", ["F1"], lambda: show_modeless(GuideDialog(w)),
                    "How to do each task, step by step")
    keys = _action(w, "&Keyboard shortcuts", ["Ctrl+/"], lambda: show_modeless(ShortcutsDialog(w)),
                   "Every keyboard shortcut of the window")
    first = help_menu.actions()[0] if help_menu.actions() else None
    help_menu.insertActions(first, [guide, keys])
    if first is not None:
        help_menu.insertSeparator(first)

    bar = QToolBar("Main tasks", w)
    bar.setObjectName("main_tasks")
    bar.setMovable(False)
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    actions.import_files.setIconText("Import")
    bar.addAction(actions.import_files)
    w.search_box = QLineEdit()
    w.search_box.setAccessibleName("Search all papers")
    w.search_box.setPlaceholderText("Search all papers (Ctrl+Shift+F)")
    w.search_box.setClearButtonEnabled(True)
    w.search_box.setMinimumWidth(w.search_box.fontMetrics().horizontalAdvance(
        w.search_box.placeholderText()) + 40)
    w.search_box.setMaximumWidth(w.search_box.minimumWidth() * 2)  # the tasks stay together
    w.search_box.returnPressed.connect(run_search_box)
    bar.addWidget(w.search_box)
    if actions.link_evidence is not None:
        actions.link_evidence.setIconText("Link evidence")
        bar.addAction(actions.link_evidence)
    briefing = QAction("Briefing", w)
    briefing.setToolTip("Prepare a briefing for the committee (Ctrl+6)")
    briefing.triggered.connect(lambda: w.tabs.setCurrentWidget(w.briefing_tab))
    bar.addAction(briefing)
    w.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    w.main_toolbar = bar
