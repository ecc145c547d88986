"""What the Actions tab does: store changes undoably, import trackers, and refresh.

The main window creates one ``ActionsController``; it connects the Actions tab,
its detail pane and dialogs to the services, pushes every change on the
window's undo stack, runs tracker imports on the window's TaskRunner, and fills
the "Actions answering it" list in the Recommendations tab's detail.

Every slot catches UserFacingError (workspace busy with an import, read-only,
bad input) and shows its message: nothing raises out of a slot.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from functools import partial

from PySide6.QtCore import Qt, QTimer

from desktop.domain.actions import Action
from desktop.domain.dates import short_uk_date
from desktop.domain.errors import UserFacingError
from desktop.services import actions as actions_service
from desktop.services import documents as documents_service
from desktop.services import recommendations as recs
from desktop.services import tracker_history
from desktop.ui import action_commands, settings
from desktop.ui.dialogs import action_dialogs, messages
from desktop.ui.models.actions_model import RecommendationName, recommendation_names
from desktop.ui.undoable_controller import STATUS_MESSAGE_MS, UndoableController, confirm_and_delete

SPLITTER_KEY = "actions/splitter"


def _describe(action: Action) -> str:
    return f"action {action.reference}" if action.reference else f"“{action.title[:60]}”"


class ActionsController(UndoableController):
    def __init__(self, window, tab=None) -> None:
        super().__init__(window)
        self.tab = tab if tab is not None else window.actions_tab
        self.today: date | None = None  # tests fix "today"; None means the real date
        self.last_import_dialog = None
        self.last_undo_dialog = None
        self._names: dict[int, RecommendationName] = {}
        tab, detail = self.tab, self.tab.detail
        tab.add_requested.connect(self.add)
        tab.edit_requested.connect(self.edit)
        tab.delete_requested.connect(self.delete)
        tab.import_requested.connect(self.import_tracker)
        tab.current_changed.connect(self.show_detail)
        detail.save_requested.connect(self.save_fields)
        detail.flags_cleared.connect(self.clear_flags)
        detail.link_requested.connect(self.link)
        detail.unlink_requested.connect(self.unlink)
        detail.add_update_requested.connect(self.add_update)
        detail.delete_update_requested.connect(self.delete_update)
        detail.open_recommendation.connect(self.open_recommendation)
        detail.open_passage.connect(self.open_passage)
        rec_tab = getattr(window, "recommendations_tab", None)
        self._rec_actions = getattr(getattr(rec_tab, "detail", None), "actions_section", None)
        if rec_tab is not None:
            rec_tab.current_changed.connect(self.show_recommendation_actions)
        if self._rec_actions is not None:
            self._rec_actions.open_action.connect(self.open_action)
        # Undoing a change elsewhere (a recommendation deleted, say) can change what the
        # table shows: read it again when the tab is next shown.
        self._stale = False
        self.tab.restore_layout(settings.load_state(SPLITTER_KEY))
        self.tab.splitter.splitterMoved.connect(self._save_layout)
        window.undo_stack.indexChanged.connect(self._mark_stale)
        window.tabs.currentChanged.connect(self._tab_shown)

    def _today(self) -> date:
        return self.today or date.today()

    # -- showing ---------------------------------------------------------
    def _save_layout(self, *_args) -> None:
        settings.save_state(SPLITTER_KEY, self.tab.splitter.saveState())

    def _mark_stale(self, *_args) -> None:
        self._stale = True

    def _tab_shown(self, _index: int) -> None:
        if self._stale and self.window.tabs.currentWidget() is self.tab:
            self.reload()

    def reload(self, select: list[int] | None = None) -> None:
        """Read actions again (after switching workspace, imports, edits, undo)."""
        self._stale = False
        self.tab.set_writable(self.writable())
        if self.ws is None:
            self._names = {}
            self.tab.set_actions([], {})
            self.show_recommendation_actions(None)
            return
        try:
            actions = actions_service.list_actions(self.ws, today=self._today())
            self._names = recommendation_names(recs.list_recommendations(self.ws))
            owners = actions_service.owners(self.ws)
            authorities = documents_service.known_authorities(self.ws)
        except (UserFacingError, sqlite3.Error) as error:
            self.window.statusBar().showMessage(f"Cannot read the actions: {error}", STATUS_MESSAGE_MS)
            return
        self.tab.detail.set_choices(owners, authorities)
        self.tab.set_actions(actions, self._names, self._today())  # shows the detail
        if select is not None:
            self.tab.select_ids(select)
        self.show_recommendation_actions(self.window.recommendations_tab.current_id()
                                         if hasattr(self.window, "recommendations_tab") else None)

    def show_detail(self, action_id: int | None) -> None:
        pending = self._pending_edit(action_id)
        if pending is not None:  # moving away does not lose what was typed
            QTimer.singleShot(0, partial(self._save_pending, *pending))
        action, history, imported = None, [], []
        if action_id is not None and self.ws is not None:
            try:
                action = actions_service.get_action(self.ws, action_id)
                history = actions_service.due_history(self.ws, action_id)
                imported = tracker_history.history_lines(tracker_history.history_of_action(self.ws, action_id))
            except UserFacingError:
                action = None  # deleted meanwhile: the next reload drops its row
        self.tab.detail.show_action(action, self._names, history, self.writable(), self._today(),
                                    imported=imported)

    def _pending_edit(self, next_id: int | None) -> tuple[int, dict] | None:
        """Edits typed in the pane for an action the user is moving away from."""
        detail = self.tab.detail
        if detail.action is None or detail.action.id == next_id or not self.writable():
            return None
        changes = detail.changes()
        return (detail.action.id, changes) if changes else None

    def _save_pending(self, action_id: int, changes: dict) -> None:
        """Store edits left in the pane (undoably), after the selection has settled: storing
        reloads the table, which must not happen inside its selection-changed signal."""
        if not self.writable():
            return
        problem = self._store_edit(action_id, changes, select=None)
        if problem:
            messages.show_error(self.window, "Cannot save the changes", problem)

    def show_recommendation_actions(self, rec_id: int | None) -> None:
        if self._rec_actions is None:
            return
        if rec_id is None or self.ws is None:
            self._rec_actions.show_actions(None)
            return
        try:
            found = actions_service.actions_for_recommendation(self.ws, rec_id)
        except (UserFacingError, sqlite3.Error):
            found = None
        self._rec_actions.show_actions(found, self._today())

    def open_action(self, action_id: int) -> None:
        self.window.tabs.setCurrentWidget(self.tab)
        self.tab.reveal(action_id)

    def open_recommendation(self, rec_id: int) -> None:
        rec_tab = self.window.recommendations_tab
        self.window.tabs.setCurrentWidget(rec_tab)
        rec_tab.select_ids([rec_id])
        if rec_tab.current_id() != rec_id:  # hidden by its filters
            for combo in (rec_tab.authority_filter, rec_tab.source_filter, rec_tab.kind_filter,
                          rec_tab.status_filter):
                combo.setCurrentIndex(0)
            rec_tab.text_filter.clear()
            rec_tab.select_ids([rec_id])

    def open_passage(self, passage_id: int) -> None:
        from desktop.storage.documents import get_passage

        passage = get_passage(self.ws, passage_id) if self.ws is not None else None
        if passage is None:
            messages.show_error(self.window, "Cannot open the passage",
                                "The passage this update cites is no longer in the workspace "
                                "(its document was deleted).")
            return
        self.window.open_passage(passage.document_id, passage_id)

    # -- storing ---------------------------------------------------------
    def _owners_and_authorities(self) -> tuple[list[str], list[str]]:
        try:
            return actions_service.owners(self.ws), documents_service.known_authorities(self.ws)
        except UserFacingError:
            return [], []

    def add(self) -> None:
        if not self.writable():
            return
        ws = self.ws
        initial = dict(action_dialogs.BLANK)
        filters = self.tab.filters_now()
        linked = (filters.recommendation_id,) if filters.recommendation_id is not None else ()

        def apply(values: dict[str, object]) -> str | None:
            try:
                action = actions_service.add_action(
                    ws, str(values["title"]), reference=str(values["reference"]),
                    description=str(values["description"]), owner=str(values["owner"]),
                    due_text=str(values["due_text"]), status=values["status"], rag=values["rag"],
                    authority=values["authority"] or None, recommendation_ids=linked,
                    today=self.today)
                snap = actions_service.snapshot_action(ws, action.id)
            except UserFacingError as error:
                return str(error)
            self._push(action_commands.add_command(ws, snap, self._changed, self._failed))
            self.reload([action.id])
            return None

        owners, authorities = self._owners_and_authorities()
        action_dialogs.edit_action(self.window, "Add action", initial, owners, authorities,
                                   apply, new=True)

    def edit(self, action_id: int) -> None:
        if not self.writable():
            return
        action = self._read_or_say("Cannot edit the action",
                                   lambda: actions_service.get_action(self.ws, action_id))
        if action is None:
            return

        def apply(changes: dict[str, object]) -> str | None:
            return self._store_edit(action_id, changes)

        owners, authorities = self._owners_and_authorities()
        action_dialogs.edit_action(self.window, f"Edit {_describe(action)}",
                                   action_dialogs.current_values(action), owners, authorities, apply)

    def _store_edit(self, action_id: int, changes: dict[str, object], what: str = "edit",
                    select: list[int] | None | str = "same") -> str | None:
        """Store ``changes`` undoably; returns why not. ``select``: what to select afterwards
        (the action itself by default; None keeps the selection as it is)."""
        ws = self.ws
        try:
            before = actions_service.snapshot_action(ws, action_id)
            actions_service.edit_action(ws, action_id, changes, today=self.today)
            after = actions_service.snapshot_action(ws, action_id)
        except UserFacingError as error:
            return str(error)
        self._push(action_commands.edit_command(ws, before, after, self._changed, self._failed, what))
        self.reload([action_id] if select == "same" else select)
        return None

    def save_fields(self, action_id: int, changes: dict) -> None:
        if not self.writable():
            return
        problem = self._store_edit(action_id, changes)
        if problem:
            messages.show_error(self.window, "Cannot save the changes", problem)

    def clear_flags(self, action_id: int) -> None:
        if not self.writable():
            return
        problem = self._store_edit(action_id, {"flags": ()}, "mark as checked")
        if problem:
            messages.show_error(self.window, "Cannot mark the action as checked", problem)

    def delete(self, action_ids: list[int]) -> None:
        if not self.writable() or not action_ids:
            return
        deleted = confirm_and_delete(
            self.window, action_ids, "action",
            "their progress updates and any evidence linked to them",
            lambda action_id: actions_service.delete_action(self.ws, action_id))
        if deleted is None:
            return
        if deleted:
            self._push(action_commands.delete_command(self.ws, deleted, self._changed, self._failed))
        self.reload([])

    def _snapshot_change(self, action_id: int, title: str, change, make_command) -> bool:
        """Snapshot, ``change()``, snapshot again, push; says why when it cannot be stored."""
        ws = self.ws
        try:
            before = actions_service.snapshot_action(ws, action_id)
            change()
            after = actions_service.snapshot_action(ws, action_id)
        except (UserFacingError, sqlite3.Error) as error:
            self.reload([action_id])
            messages.show_error(self.window, title, str(error))
            return False
        self._push(make_command(ws, before, after, self._changed, self._failed))
        self.reload([action_id])
        return True

    def link(self, action_id: int) -> None:
        if not self.writable():
            return
        try:
            action = actions_service.get_action(self.ws, action_id)
            recommendations = recs.list_recommendations(self.ws)
        except UserFacingError as error:
            messages.show_error(self.window, "Cannot link", str(error))
            return
        names = self._names or recommendation_names(recommendations)
        # The action's own authority first, newest inspections first within it.
        recommendations.sort(key=lambda r: (r.authority != action.authority and action.authority
                                            is not None, -(r.issued.toordinal() if r.issued else 0)))
        choices = [(r.id, names[r.id].full if r.id in names else r.text) for r in recommendations]
        chosen = action_dialogs.choose_recommendations(self.window, choices,
                                                       set(action.recommendation_ids))
        if not chosen:
            return

        def change() -> None:
            for rec_id in chosen:
                actions_service.link_recommendation(self.ws, action_id, rec_id)

        self._snapshot_change(action_id, "Cannot link", change,
                              lambda *a: action_commands.link_command(*a, count=len(chosen)))

    def unlink(self, action_id: int, rec_ids: list[int]) -> None:
        if not self.writable() or not rec_ids:
            return

        def change() -> None:
            for rec_id in rec_ids:
                actions_service.unlink_recommendation(self.ws, action_id, rec_id)

        self._snapshot_change(action_id, "Cannot unlink", change,
                              lambda *a: action_commands.unlink_command(*a, count=len(rec_ids)))

    def _citable_passage(self) -> action_dialogs.CitablePassage | None:
        """The passage selected in the Reader, for an update to cite."""
        reader = getattr(self.window, "reader", None)
        if reader is None or reader.document is None:
            return None
        passage_id = reader.current_passage_id()
        if passage_id is None:
            return None
        from desktop.storage.documents import get_passage

        passage = get_passage(self.ws, passage_id)
        if passage is None:
            return None
        document = reader.document
        when = f" ({short_uk_date(document.date)})" if document.date else ""
        place = ", ".join(p for p in (f"p. {passage.page}" if passage.page else "",
                                      f"para {passage.label}" if passage.label else "") if p)
        return action_dialogs.CitablePassage(passage.id, f"{document.title}{when}"
                                             + (f", {place}" if place else ""), passage.text)

    def add_update(self, action_id: int) -> None:
        if not self.writable():
            return
        action = self._read_or_say("Cannot report progress",
                                   lambda: actions_service.get_action(self.ws, action_id))
        if action is None:
            return
        ws = self.ws

        def apply(values: dict[str, object]) -> str | None:
            def change() -> None:
                actions_service.add_update(ws, action_id, str(values["text"]), date=values["date"],
                                           status=values["status"], rag=values["rag"],
                                           passage_id=values["passage_id"])
            try:
                before = actions_service.snapshot_action(ws, action_id)
                change()
                after = actions_service.snapshot_action(ws, action_id)
            except UserFacingError as error:
                return str(error)
            self._push(action_commands.add_update_command(ws, before, after, self._changed,
                                                          self._failed))
            self.reload([action_id])
            return None

        action_dialogs.add_update(self.window, action, apply, self._citable_passage())

    def delete_update(self, action_id: int, update_id: int) -> None:
        if not self.writable():
            return
        self._snapshot_change(action_id, "Cannot delete the update",
                              lambda: actions_service.delete_update(self.ws, update_id),
                              action_commands.delete_update_command)

    # -- importing -------------------------------------------------------
    def import_tracker(self, path=None) -> None:
        """Open the tracker import dialog (it runs the import in the background)."""
        if not self.writable():
            return
        from desktop.ui.dialogs.tracker_import_dialog import TrackerImportDialog

        dialog = TrackerImportDialog(self.ws, self.window.runner, self.window, path=path,
                                     today=self.today)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(self._tracker_imported)
        dialog.undone.connect(self._tracker_import_undone)
        self.last_import_dialog = dialog
        dialog.open()  # window-modal, not blocking: the import runs behind it

    def undo_tracker_import(self) -> None:
        """Edit > Undo tracker import…: choose an import and take it back (write lane)."""
        if not self.writable():
            return
        from desktop.ui.dialogs.tracker_import_undo import UndoTrackerImportDialog

        dialog = UndoTrackerImportDialog(self.ws, self.window.runner, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.undone.connect(self._tracker_import_undone)
        self.last_undo_dialog = dialog
        dialog.open()

    def _tracker_import_undone(self, report) -> None:
        self.reload()
        self.window.statusBar().showMessage(report.describe().splitlines()[0], STATUS_MESSAGE_MS)

    def _tracker_imported(self, summary) -> None:
        self.window.tabs.setCurrentWidget(self.tab)
        self.reload()
        headline = summary.describe().splitlines()[0]  # the counts; the dialog lists the rest
        self.window.statusBar().showMessage("Tracker import: " + headline, STATUS_MESSAGE_MS)
