"""Menus, shortcuts, accessibility, remembered settings and status-bar widgets."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QComboBox, QLineEdit

from desktop.ui import settings
from desktop.ui.widgets.highlight import highlighted_document
from desktop.ui.widgets.import_status import ImportStatus


def test_every_menu_action_has_a_shortcut_or_mnemonic(make_window, workspace_path):
    window = make_window(workspace_path)
    menus = [a.menu() for a in window.menuBar().actions()]
    assert [a.text() for a in window.menuBar().actions()] == ["&File", "&Edit", "&View", "&Help"]
    for menu in menus:
        for action in menu.actions():
            if action.isSeparator():
                continue
            assert "&" in action.text() or not action.shortcut().isEmpty(), action.text()
    shortcuts = {a.text().replace("&", ""): a.shortcut().toString() for m in menus for a in m.actions()}
    assert shortcuts["Open workspace…"] == "Ctrl+O"
    assert shortcuts["Save a copy…"] == "Ctrl+Shift+S"
    assert shortcuts["Import files…"] == "Ctrl+I"
    assert shortcuts["Edit document details…"] == "F2"
    assert shortcuts["Recommendations"] == "Ctrl+3"
    assert shortcuts["Actions"] == "Ctrl+4"
    assert shortcuts["Search"] == "Ctrl+5"
    assert shortcuts["Briefing"] == "Ctrl+6"
    assert window.actions_.undo.shortcut().toString() == "Ctrl+Z"
    assert window.actions_.redo.shortcut().toString() == "Ctrl+Shift+Z"


def test_widgets_that_matter_have_accessible_names(make_window, workspace_path):
    window = make_window(workspace_path)
    kinds = (QLineEdit, QComboBox, QAbstractItemView, QAbstractButton)
    unnamed = [w for kind in kinds for w in window.findChildren(kind)
               if not w.accessibleName() and not w.objectName().startswith("qt_")
               and w.parent() is not None and w.window() is window
               and type(w).__name__ not in ("QToolButton", "QHeaderView", "QTabBar")]
    assert not unnamed, [type(w).__name__ + ":" + getattr(w, "text", lambda: "")() for w in unnamed]


def test_geometry_and_recent_workspaces_are_remembered(make_window, workspace_path, tmp_path,
                                                       temp_settings):
    window = make_window(workspace_path)
    window.show()
    window.resize(720, 520)  # inside the offscreen screen (800x600)
    window.reader.splitter.setSizes([200, 480])
    size, splitter = window.size(), window.reader.splitter.sizes()
    window.close()
    assert list(temp_settings.rglob("*.ini")), "settings written in the temporary folder"
    again = make_window(workspace_path)
    again.show()
    assert again.size() == size
    assert again.reader.splitter.sizes() == splitter
    assert settings.recent_workspaces() == [workspace_path.resolve()]
    again.fill_recent_menu()
    recent = again.actions_.recent_menu.actions()
    assert recent[0].text() == "&1 council-papers.sqlite"


def test_settings_never_go_to_the_users_store(temp_settings):
    assert QSettings.defaultFormat() == QSettings.Format.IniFormat
    store = settings._settings()
    assert store.fileName().startswith(str(temp_settings))


def test_snippets_are_plain_text_with_highlighted_spans(qapp):
    from PySide6.QtGui import QFont

    text = "a <b>return</b> home interview"
    document = highlighted_document(text, ((5, 11),), QFont())
    assert document.toPlainText() == text
    cursor = QTextCursor(document)
    cursor.setPosition(7)
    assert cursor.charFormat().fontWeight() == 700  # inside "return"
    cursor.setPosition(1)
    assert cursor.charFormat().fontWeight() != 700


def test_import_status_shows_files_and_pages(qtbot):
    status = ImportStatus()
    qtbot.addWidget(status)
    status.start("Preparing to import 3 items…")
    status.show_progress(1, 3, 12, 40, "dorset-2021.pdf")
    assert status.files_bar.value() == 1 and status.files_bar.maximum() == 3
    assert status.pages_bar.value() == 12 and status.pages_bar.maximum() == 40
    assert status.label.text() == "Importing dorset-2021.pdf"
    with qtbot.waitSignal(status.cancel_requested, timeout=1000):
        status.cancel_button.click()
    assert not status.cancel_button.isEnabled()


def test_highlights_stay_on_the_words_after_an_emoji(qapp):
    from PySide6.QtGui import QFont

    text = "📌 Notes 𝔸 then return home interviews"
    start = text.index("return")
    document = highlighted_document(text, ((start, start + len("return")),), QFont())
    cursor = QTextCursor(document)
    bold = []
    for position in range(document.characterCount() - 1):  # UTF-16 positions
        cursor.setPosition(position + 1)  # charFormat is the format of the unit before
        if cursor.charFormat().fontWeight() == 700:
            cursor.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
            bold.append(cursor.selectedText())
    assert "".join(bold) == "return"


def test_first_start_gives_the_lists_most_of_the_width(make_window, workspace_path):
    from desktop.ui.models.documents_model import COL_PASSAGES, COL_TITLE

    window = make_window(workspace_path)
    window.resize(1100, 700)  # a laptop-sized window
    window.show()
    window.library.stack.setCurrentIndex(1)
    library = window.library.splitter.sizes()
    assert library[0] >= 0.6 * sum(library)
    header = window.library.view.header()
    assert not any(header.isSectionHidden(c) for c in range(header.count()))
    assert header.sectionSize(COL_TITLE) >= 60  # a small window; the title takes what is left
    assert header.sectionSize(COL_PASSAGES) >= header.fontMetrics().horizontalAdvance("Passages")
    assert header.length() <= window.library.view.viewport().width() + 2  # no column off the edge
    window.tabs.setCurrentIndex(1)
    reader = window.reader.splitter.sizes()
    assert reader[0] >= 0.25 * sum(reader)


def test_a_saved_state_that_squeezes_the_list_is_ignored(make_window, workspace_path):
    from PySide6.QtWidgets import QSplitter, QWidget

    squeezed = QSplitter()
    squeezed.addWidget(QWidget())
    squeezed.addWidget(QWidget())
    squeezed.setSizes([150, 900])
    settings.save_state("library/splitter", squeezed.saveState())
    settings.save_state("reader/splitter", squeezed.saveState())
    window = make_window(workspace_path)
    window.resize(780, 560)
    window.show()
    window.library.stack.setCurrentIndex(1)
    library = window.library.splitter.sizes()
    assert library[0] >= 0.6 * sum(library)
    reader = window.reader.splitter.sizes()
    assert reader[0] >= 0.25 * sum(reader)
