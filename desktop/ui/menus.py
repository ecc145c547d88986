"""The window's actions and menus; every action has a shortcut or a mnemonic."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu


@dataclass
class WindowActions:
    new_workspace: QAction
    open_workspace: QAction
    save_copy: QAction
    import_files: QAction
    import_folder: QAction
    import_samples: QAction
    import_tracker: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    find: QAction
    find_next: QAction
    find_previous: QAction
    edit_details: QAction
    delete_document: QAction
    show_library: QAction
    show_reader: QAction
    show_recommendations: QAction
    show_actions: QAction
    show_search: QAction
    about: QAction
    recent_menu: QMenu
    link_evidence: QAction | None = None  # the Reader's selection as evidence (EvidenceController)
    add_from_reader: QAction | None = None  # the Reader's selection as a recommendation (RecommendationController)
    suggest_all: QAction | None = None
    move_quotes: QAction | None = None  # a document's quotes to its revised version
    trash: QAction | None = None  # Edit > Trash…: restore what was deleted

    def writing_actions(self) -> list[QAction]:
        """Disabled while the workspace is read-only."""
        return [self.import_files, self.import_folder, self.import_samples, self.import_tracker,
                self.edit_details, self.delete_document] \
            + [a for a in (self.link_evidence, self.add_from_reader, self.move_quotes) if a is not None]


def _action(window: QMainWindow, text: str, shortcut=None, slot=None, tip: str = "") -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    if slot is not None:
        action.triggered.connect(slot)
    window.addAction(action)  # shortcuts work even when the menu bar is hidden
    return action


def build_menus(window, undo_stack) -> WindowActions:
    """Create the actions wired to ``window``'s slots and put them in menus."""
    w = window
    a = WindowActions(
        new_workspace=_action(w, "&New workspace…", QKeySequence.StandardKey.New,
                              w.new_workspace, "Start an empty workspace file"),
        open_workspace=_action(w, "&Open workspace…", QKeySequence.StandardKey.Open,
                               w.choose_workspace, "Open another workspace file"),
        save_copy=_action(w, "Save a &copy…", "Ctrl+Shift+S", w.save_copy,
                          "Save a copy of this workspace, e.g. as a backup"),
        import_files=_action(w, "&Import files…", "Ctrl+I", w.import_files,
                             "Import PDF, Word, text or web-page papers"),
        import_folder=_action(w, "Import &folder…", None, w.import_folder,
                              "Import every paper in a folder and its subfolders"),
        import_samples=_action(w, "Import sa&mple papers", None, w.import_samples,
                               "Import the sample papers that come with the app"),
        import_tracker=_action(w, "Import action &tracker…", "Ctrl+Shift+I",
                               lambda: w.actions_controller.import_tracker(),
                               "Import the council's improvement plan spreadsheet (CSV or Excel)"),
        quit=_action(w, "&Quit", QKeySequence.StandardKey.Quit, w.close),
        undo=undo_stack.createUndoAction(w, "&Undo"),
        redo=undo_stack.createRedoAction(w, "&Redo"),
        find=_action(w, "&Find in this view…", QKeySequence.StandardKey.Find, w.find_in_document),
        find_next=_action(w, "Find &next", "F3", w.find_next),
        find_previous=_action(w, "Find pre&vious", "Shift+F3", w.find_previous),
        edit_details=_action(w, "&Edit document details…", "F2", w.edit_details,
                             "Correct the title, type, authority or dates"),
        delete_document=_action(w, "&Delete document…", QKeySequence.StandardKey.Delete,
                                w.delete_current, "Delete the document (asks first)"),
        show_library=_action(w, "&Library", "Ctrl+1", lambda: w.show_tab(0)),
        show_reader=_action(w, "&Reader", "Ctrl+2", lambda: w.show_tab(1)),
        show_recommendations=_action(w, "Re&commendations", "Ctrl+3", lambda: w.show_tab(2)),
        show_actions=_action(w, "&Actions", "Ctrl+4", lambda: w.tabs.setCurrentWidget(w.actions_tab)),
        show_search=_action(w, "&Search", "Ctrl+5", lambda: w.show_tab(w.tabs.indexOf(w.search_tab))),
        about=_action(w, "&About Scrutiny Desk", None, w.show_about),
        recent_menu=QMenu("Open &recent", w),
    )
    a.undo.setShortcut(QKeySequence("Ctrl+Z"))
    a.redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    for action in (a.undo, a.redo):
        w.addAction(action)
    a.quit.setMenuRole(QAction.MenuRole.QuitRole)
    a.about.setMenuRole(QAction.MenuRole.AboutRole)
    a.recent_menu.aboutToShow.connect(w.fill_recent_menu)

    bar = w.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addActions([a.new_workspace, a.open_workspace])
    file_menu.addMenu(a.recent_menu)
    file_menu.addAction(a.save_copy)
    file_menu.addSeparator()
    file_menu.addActions([a.import_files, a.import_folder, a.import_samples, a.import_tracker])
    export_menu = file_menu.addMenu("&Export")  # the Briefing tab's options apply
    for text, key, name, tip in (
            ("&Briefing (PDF)…", "Ctrl+E", "export_briefing", "Save a PDF briefing for the committee"),
            ("Pre-meeting &note (PDF)…", None, "export_note", "Save a one-page note of what changed"),
            ("&Table (XLSX or CSV)…", None, "export_table", "Save recommendations, actions or evidence")):
        export_menu.addAction(_action(w, text, key, lambda _c=False, n=name: w.briefing.from_menu(n), tip))
    file_menu.addSeparator()
    file_menu.addAction(a.quit)
    edit_menu = bar.addMenu("&Edit")
    edit_menu.addActions([a.undo, a.redo])
    edit_menu.addSeparator()
    edit_menu.addActions([a.find, a.find_next, a.find_previous])
    edit_menu.addSeparator()
    edit_menu.addActions([a.edit_details, a.delete_document])
    a.trash = _action(w, "&Trash…", None, w.show_trash,
                      "What was deleted in the last 30 days, to restore or delete for good")
    edit_menu.addAction(a.trash)
    edit_menu.addAction(_action(w, "Undo tracker im&port…", None,
                                lambda: w.actions_controller.undo_tracker_import(),
                                "Take back a tracker import, keeping what you changed since"))
    from desktop.ui.reextract_controller import ReExtractController

    w.reextract = ReExtractController(w)
    edit_menu.addAction(_action(w, "Read papers &again for recommendations", None, w.reextract.start,
                                "Update recommendations from the papers held, keeping your work"))
    from desktop.ui.ocr_controller import OcrController

    w.ocr = OcrController(w)
    edit_menu.addAction(_action(w, "Read scanned paper with &OCR", None, w.ocr.start,
                                "Read the text of a paper imported as \u201cneeds OCR\u201d"))
    edit_menu.addAction(_action(w, "Cance&l OCR", None, w.ocr.cancel,
                                "Stop reading the scanned paper; pages read so far are kept"))
    a.link_evidence = _action(w, "&Link to recommendation or action…", "Ctrl+L",
                              lambda: w.evidence.link_from_reader(),
                              "Link the words selected in the Reader as evidence")
    a.add_from_reader = _action(w, "Add selection as recommendation or &area…", "Ctrl+Shift+R",
                                lambda: w.recommendations.add_from_reader(),
                                "Add the words selected in the Reader as a recommendation, priority "
                                "action or area for improvement, linked to their passage")
    a.suggest_all = _action(w, "Su&ggest evidence for all recommendations", None,
                            lambda: w.evidence.suggest_all(),
                            "Find passages that may be evidence, for every recommendation")
    a.move_quotes = _action(w, "&Move quotes to a revised version…", None,
                            lambda: w.evidence.move_to_revision(),
                            "Move the evidence quoted from this document to a corrected or "
                            "revised version of it")
    edit_menu.addSeparator()
    edit_menu.addActions([a.link_evidence, a.add_from_reader, a.suggest_all, a.move_quotes])
    view_menu = bar.addMenu("&View")
    view_menu.addActions([a.show_library, a.show_reader, a.show_recommendations, a.show_actions,
                          a.show_search])
    view_menu.addAction(_action(w, "&Briefing", "Ctrl+6", lambda: w.tabs.setCurrentWidget(w.briefing_tab)))
    help_menu = bar.addMenu("&Help")
    help_menu.addAction(a.about)
    from desktop.ui import window_help  # guide, shortcuts list, toolbar, text size

    window_help.install(w, a, edit_menu, view_menu, help_menu)
    return a
