"""The main window: one workspace, four tabs, menus, status bar and imports."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget

from desktop import __version__
from desktop.domain.errors import UserFacingError, WorkspaceError
from desktop.services import documents as documents_service
from desktop.services.workspaces import (
    after_opening,
    create_workspace,
    open_named_or_default,
    save_workspace_copy,
)
from desktop.storage.workspace import Workspace, open_workspace
from desktop.ui import settings
from desktop.ui.actions_controller import ActionsController
from desktop.ui.briefing_controller import BriefingController
from desktop.ui.commands import EditDocumentCommand
from desktop.ui.dialogs import file_dialogs, messages
from desktop.ui.dialogs.edit_document import EditDocumentDialog, current_values
from desktop.ui.evidence_controller import EvidenceController
from desktop.ui.import_controller import ImportController
from desktop.ui.menus import build_menus
from desktop.ui.recommendation_controller import RecommendationController
from desktop.ui.tabs.actions_tab import ActionsTab
from desktop.ui.tabs.briefing_tab import BriefingTab
from desktop.ui.tabs.library_tab import LibraryTab
from desktop.ui.tabs.reader_tab import ReaderTab
from desktop.ui.tabs.recommendations_tab import RecommendationsTab
from desktop.ui.tabs.search_tab import SearchTab
from desktop.ui.tasks import TaskRunner
from desktop.ui.widgets.drop_paths import DropImportMixin
from desktop.ui.widgets.import_status import ImportStatus
from desktop.ui.widgets.tooltips import plain_tooltip

LIBRARY_TAB, READER_TAB, RECOMMENDATIONS_TAB, ACTIONS_TAB, SEARCH_TAB = range(5)
APP_NAME = "Scrutiny Desk"
STATUS_MESSAGE_MS = 8000


class MainWindow(DropImportMixin, QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.workspace: Workspace | None = None
        self.undo_stack = QUndoStack(self)
        self.runner = TaskRunner(self)
        self.last_import_dialog = None
        self.setAcceptDrops(True)
        self.setAccessibleName("Scrutiny Desk")

        self.library = LibraryTab()
        self.library.describe_findings = self._describe_findings
        self.reader = ReaderTab()
        self.recommendations_tab = RecommendationsTab()
        self.actions_tab = ActionsTab()
        self.search_tab = SearchTab()
        self.briefing_tab = BriefingTab()
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Sections")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.library, "&Library")
        self.tabs.addTab(self.reader, "&Reader")
        self.tabs.addTab(self.recommendations_tab, "Re&commendations")
        self.tabs.addTab(self.actions_tab, "&Actions")
        self.tabs.addTab(self.search_tab, "&Search")
        self.tabs.addTab(self.briefing_tab, "&Briefing")
        self.setCentralWidget(self.tabs)

        self.import_status = ImportStatus()
        self.imports = ImportController(self.runner, self.import_status, self)
        self.imports.finished.connect(self._import_finished)
        self.imports.failed.connect(self._import_failed)
        self._build_status_bar()
        self.actions_ = build_menus(self, self.undo_stack)
        self._connect_tabs()
        self.recommendations = RecommendationController(self)
        self.evidence = EvidenceController(self)
        self.actions_controller = ActionsController(self)
        self.briefing = BriefingController(self, self.briefing_tab)
        from desktop.ui.backup_controller import BackupController

        self.backups = BackupController(self)  # File > Back up now / Restore; outside changes
        from desktop.ui.original_controller import OriginalController

        self.originals = OriginalController(self)  # File > Open original file; keeping old files
        from desktop.ui.page_controller import PageController

        self.page_controller = PageController(self)  # the Reader's page view: originals, passage ranges
        self._update_title()
        self._set_workspace_actions()
        self._restore_state()

    # -- building --------------------------------------------------------

    def _describe_findings(self, doc_id: int) -> str:
        """The Library's "Found" line for a paper; blank when it cannot be read just now."""
        from desktop.services.findings_summary import summarise_findings

        if self.workspace is None:
            return ""
        try:
            return summarise_findings(self.workspace, doc_id).describe()
        except (UserFacingError, sqlite3.Error):
            return ""

    def _build_status_bar(self) -> None:
        self.workspace_label = QLabel()
        self.workspace_label.setTextFormat(Qt.TextFormat.PlainText)
        self.workspace_label.setAccessibleName("Workspace file")
        self.count_label = QLabel()
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label.setAccessibleName("Number of documents")
        bar = self.statusBar()
        bar.addWidget(self.workspace_label)
        bar.addWidget(self.count_label)
        bar.addPermanentWidget(self.import_status)

    def _connect_tabs(self) -> None:
        self.library.open_document.connect(self.open_document)
        self.library.edit_document.connect(self.edit_details)
        self.library.delete_document.connect(self.delete_current)
        welcome = self.library.welcome
        welcome.import_samples.connect(self.import_samples)
        welcome.import_files.connect(self.import_files)
        welcome.import_folder.connect(self.import_folder)
        self.search_tab.open_hit.connect(self.open_passage)

    def _restore_state(self) -> None:
        geometry = settings.load_state("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1200, 760)
        self.library.restore_layout(settings.load_state("library/splitter"),
                                    settings.load_state("library/header"))
        self.reader.restore_layout(settings.load_state("reader/splitter"))

    def _save_state(self) -> None:
        settings.save_state("window/geometry", self.saveGeometry())
        settings.save_state("library/splitter", self.library.splitter.saveState())
        settings.save_state("reader/splitter", self.reader.splitter.saveState())
        settings.save_state("library/header", self.library.view.header().saveState())

    # -- workspace -------------------------------------------------------
    def open_initial(self, path: Path | str | None) -> None:
        """Open the named or default workspace; an error leaves the window usable."""
        try:
            workspace = open_named_or_default(path)
        except WorkspaceError as error:
            messages.show_error(self, "Cannot open the workspace", str(error))
            return
        self._switch_to(workspace)

    def open_workspace_path(self, path: Path | str) -> bool:
        """Open an existing workspace; on error say why and keep the current one open.

        Never creates one: a moved or deleted file must not come back empty
        (File > New is the way to start a workspace).
        """
        path = Path(path).expanduser()
        try:
            workspace = open_workspace(path, create=False)
            after_opening(workspace)  # the daily backup; trash items over 30 days go
        except WorkspaceError as error:
            if not path.exists():
                settings.forget_workspace(path)
            messages.show_error(self, "Cannot open the workspace", str(error))
            return False
        self._switch_to(workspace)
        return True

    def _switch_to(self, workspace: Workspace) -> None:
        if self.imports.running:
            self.imports.cancel_and_wait()
        if self.workspace is not None:
            self.workspace.close()
        self.workspace = workspace
        self.undo_stack.clear()
        self.reader.clear()
        settings.remember_workspace(workspace.path)
        self._update_title()
        self._set_workspace_actions()
        self.search_tab.set_workspace(workspace, [])
        self.reload_documents()
        if workspace.backup_path:
            self.statusBar().showMessage(
                f"Upgraded the workspace; the old version was kept as {workspace.backup_path.name}.",
                STATUS_MESSAGE_MS)
        self.backups.workspace_opened(workspace)
        self.originals.workspace_opened(workspace)  # files of papers imported before they were kept

    def new_workspace(self) -> None:
        path = file_dialogs.choose_new_workspace(self)
        if path is None:
            return
        try:
            workspace = create_workspace(path)
        except WorkspaceError as error:
            messages.show_error(self, "Cannot create the workspace", str(error))
            return
        self._switch_to(workspace)

    def choose_workspace(self) -> None:
        path = file_dialogs.choose_workspace_to_open(self)
        if path is not None:
            self.open_workspace_path(path)

    def fill_recent_menu(self) -> None:
        menu = self.actions_.recent_menu
        menu.clear()
        recent = settings.recent_workspaces()
        for number, path in enumerate(recent, start=1):
            action = menu.addAction(f"&{number} {path.name}")
            action.setToolTip(plain_tooltip(str(path), limit=None))
            action.triggered.connect(lambda _checked=False, p=path: self.open_workspace_path(p))
        if not recent:
            menu.addAction("No recent workspaces").setEnabled(False)

    def save_copy(self) -> None:
        if self.workspace is None:
            return
        target = file_dialogs.choose_copy_target(self, f"{self.workspace.path.stem} copy.sqlite")
        if target is None:
            return
        try:
            # The save dialog has already asked before replacing an existing file.
            saved = save_workspace_copy(self.workspace, target, overwrite=True)
        except WorkspaceError as error:
            messages.show_error(self, "Cannot save a copy", str(error))
            return
        self.statusBar().showMessage(f"Saved a copy as {saved}", STATUS_MESSAGE_MS)

    def _update_title(self) -> None:
        if self.workspace is None:
            self.setWindowTitle(APP_NAME)
            self.workspace_label.setText("No workspace open")
            return
        name = self.workspace.path.stem
        suffix = " (read-only)" if self.workspace.read_only else ""
        self.setWindowTitle(f"{name}{suffix} — {APP_NAME}")
        self.workspace_label.setText(f"{self.workspace.path.name}{suffix}")
        self.workspace_label.setToolTip(plain_tooltip(str(self.workspace.path), limit=None))

    def _set_workspace_actions(self) -> None:
        writable = self.workspace is not None and not self.workspace.read_only
        for action in self.actions_.writing_actions():
            action.setEnabled(writable)
        self.actions_.save_copy.setEnabled(self.workspace is not None)
        self.library.set_read_only(not writable)
        self._set_delete_allowed()

    def _set_delete_allowed(self) -> None:
        """No deleting while an import writes: it would wait on, or break, the import."""
        writable = self.workspace is not None and not self.workspace.read_only
        importing = self.imports.running
        self.actions_.delete_document.setEnabled(writable and not importing)
        self.library.details.allow_delete(not importing)

    def reload_documents(self) -> None:
        if self.workspace is None:
            return
        documents = documents_service.list_documents(self.workspace)
        authorities = documents_service.known_authorities(self.workspace)
        self.library.set_documents(documents, authorities)
        self.search_tab.set_authorities(authorities)
        self.evidence.forget_suggestions()
        # Its table's reset and selection refresh the statuses and the evidence shown.
        self.recommendations.reload()
        self.evidence.mark_reader()
        self.actions_controller.reload()
        self.briefing.reload()
        count = len(documents)
        self.count_label.setText(f"{count} document{'s' if count != 1 else ''}")

    # -- tabs ------------------------------------------------------------
    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
        if index == SEARCH_TAB:
            self.search_tab.focus_query()

    def open_document(self, doc_id: int) -> bool:
        if self.workspace is None:
            return False
        try:
            document = documents_service.get_document(self.workspace, doc_id)
            passages = documents_service.document_passages(self.workspace, doc_id)
        except UserFacingError as error:
            messages.show_error(self, "Cannot open the document", str(error))
            return False
        titles = None
        if document.child_ids:
            titles = {d.id: d.title for d in (self.library.model.document(i) for i in document.child_ids) if d}
        self.reader.show_document(document, passages, titles,
                                  documents_service.ocr_pages(self.workspace, doc_id),
                                  documents_service.faint_word_spans(self.workspace, passages))
        self.tabs.setCurrentWidget(self.reader)
        self.originals.say_if_not_held(doc_id)
        return True

    def open_passage(self, doc_id: int, passage_id: int) -> bool:
        """Open the passage's document in the Reader, scrolled to it and selected."""
        shown = self.reader.document
        if (shown is None or shown.id != doc_id) and not self.open_document(doc_id):
            return False
        self.tabs.setCurrentWidget(self.reader)
        return self.reader.open_passage(passage_id)

    def find_in_document(self) -> None:
        """Ctrl+F: find in the view shown (the Reader's text, or the tab's filter box)."""
        shown = self.tabs.currentWidget()
        if shown is self.search_tab:
            self.search_tab.focus_query()
            return
        box = getattr(shown, "filter_edit", None) or getattr(shown, "text_filter", None)
        if box is not None:
            box.setFocus()
            box.selectAll()
            return
        self.tabs.setCurrentWidget(self.reader)
        self.reader.open_find()

    def find_next(self) -> None:
        if self.tabs.currentWidget() is self.reader:
            self.reader.find_next()

    def find_previous(self) -> None:
        if self.tabs.currentWidget() is self.reader:
            self.reader.find_previous()

    def show_about(self) -> None:
        messages.show_about(self, f"About {APP_NAME}", (
            f"{APP_NAME} {__version__}\n\nKeeps, reads and searches the papers of children's "
            "services scrutiny: inspection reports, visit letters, minutes, officer reports and "
            "agenda packs. Everything stays in one file on this computer; nothing is sent anywhere."))

    # -- editing ---------------------------------------------------------
    def current_document_id(self) -> int | None:
        """The document a document command means: the one read, or the one picked in the Library."""
        shown = self.tabs.currentWidget()
        if shown is self.reader:
            return self.reader.document.id if self.reader.document is not None else None
        return self.library.selected_document_id() if shown is self.library else None

    def edit_details(self, doc_id: int | None = None) -> None:
        doc_id = doc_id if isinstance(doc_id, int) and not isinstance(doc_id, bool) \
            else self.current_document_id()
        if self.workspace is None or doc_id is None or self.workspace.read_only:
            return
        ws = self.workspace
        try:
            document = documents_service.get_document(ws, doc_id)
            authorities = documents_service.known_authorities(ws)
        except UserFacingError as error:
            messages.show_error(self, "Cannot edit the details", str(error))
            return
        shown = current_values(document)

        def apply(changes: dict[str, object]) -> str | None:
            try:
                updated = documents_service.edit_document(ws, doc_id, changes)
            except UserFacingError as error:
                return str(error)
            before = {name: shown[name] for name in changes}
            self.undo_stack.push(EditDocumentCommand(
                ws, doc_id, before, dict(changes), document.title,
                self._document_changed, self._edit_failed))
            self._document_changed(updated)
            return None

        dialog = EditDocumentDialog(document, authorities, apply, self)
        dialog.exec()

    def _document_changed(self, document) -> None:
        self.reload_documents()
        if self.reader.document is not None and self.reader.document.id == document.id:
            self.open_document(document.id)

    def _edit_failed(self, message: str) -> None:
        """An undo or redo could not be stored (busy, read-only, document gone)."""
        self.statusBar().showMessage(message, STATUS_MESSAGE_MS)
        messages.show_error(self, "Cannot undo or redo the change", message)

    def delete_current(self, doc_id: int | None = None) -> None:
        explicit = isinstance(doc_id, int) and not isinstance(doc_id, bool)
        shown = self.tabs.currentWidget()
        if not explicit and shown in (self.recommendations_tab, self.actions_tab):
            # Delete on a list of recommendations or actions means those, never a document.
            if shown.selected_ids():
                shown.delete_requested.emit(shown.selected_ids())
            return
        doc_id = doc_id if explicit else self.current_document_id()
        if self.workspace is None or doc_id is None or self.workspace.read_only:
            return
        if self.imports.running:
            messages.show_error(self, "Cannot delete yet",
                                "An import is running; delete the document when it has finished.")
            return
        try:
            impact = documents_service.deletion_impact(self.workspace, doc_id)
        except UserFacingError as error:
            messages.show_error(self, "Cannot delete", str(error))
            return
        text = impact.describe() + " It can be restored from Edit > Trash for 30 days."
        keep_quotes = self.evidence.confirm_deletion(doc_id, text)  # asks about its quotes too
        if keep_quotes is None:
            return
        drop_recommendations = False
        if impact.recommendations_kept:  # the user may tick that they go too
            from desktop.ui.dialogs.trash_dialog import ask_recommendations_go_too

            with_them = documents_service.deletion_impact(self.workspace, doc_id,
                                                          delete_recommendations=True)
            drop_recommendations = ask_recommendations_go_too(self, impact, with_them)
            if drop_recommendations is None:
                return
        try:
            documents_service.delete_document(self.workspace, doc_id, keep_quotes=keep_quotes,
                                              delete_recommendations=drop_recommendations)
        except UserFacingError as error:
            messages.show_error(self, "Cannot delete", str(error))
            return
        shown = self.reader.document
        if shown is not None and (shown.id == doc_id or shown.parent_id == doc_id):
            self.reader.clear()
        self.reload_documents()
        self.statusBar().showMessage(f"Deleted “{impact.document.title}”.", STATUS_MESSAGE_MS)

    def show_trash(self) -> None:
        """Edit > Trash…: restore what was deleted; the window shows it again at once."""
        if self.workspace is None:
            return
        from desktop.ui.dialogs.trash_dialog import show_trash

        show_trash(self, self.workspace, self.reload_documents)

    # -- importing -------------------------------------------------------
    def import_paths(self, paths: list[Path]):
        """Start importing files/folders in the background; returns the task handle."""
        if self.workspace is None or self.workspace.read_only or not paths:
            return None
        handle = self.imports.start(self.workspace, [Path(p) for p in paths])
        self._set_delete_allowed()
        return handle

    def import_files(self) -> None:
        paths = file_dialogs.choose_files_to_import(self)
        if paths:
            self.import_paths(paths)

    def import_folder(self) -> None:
        folder = file_dialogs.choose_folder_to_import(self)
        if folder is not None:
            self.import_paths([folder])

    def import_samples(self) -> None:
        from desktop.services.importing import sample_paper_paths

        self.import_paths(sample_paper_paths())

    def _import_finished(self, summary, workspace_path) -> None:
        self._set_delete_allowed()
        if self.workspace is None or workspace_path != self.workspace.path:
            return  # the user moved to another workspace meanwhile
        self.reload_documents()
        self.statusBar().showMessage("Import: " + summary.describe() + ".", STATUS_MESSAGE_MS)
        from desktop.ui.dialogs.import_results import ImportResultsDialog

        dialog = ImportResultsDialog(summary, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_import_dialog = dialog
        dialog.open()  # window-modal but not blocking: the window keeps working

    def _import_failed(self, message: str) -> None:
        self._set_delete_allowed()
        self.reload_documents()
        messages.show_error(self, "Import stopped", message)

    # -- closing ---------------------------------------------------------
    def closeEvent(self, event) -> None:
        self._save_state()
        if self.imports.running:
            self.imports.cancel_and_wait()
        if getattr(self, "ocr", None) is not None:  # OCR runs on its own thread (ui/ocr_controller.py)
            self.ocr.cancel_and_wait()
        self.originals.close()  # stops looking for old files; removes the private copies
        self.runner.wait()
        if self.workspace is not None:
            self.workspace.close()
            self.workspace = None
        super().closeEvent(event)
