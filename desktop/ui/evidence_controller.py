"""Evidence in the window: link from the Reader, list and edit, suggest, roll up.

Wires the Reader (context menu, Ctrl+L, highlights and their tooltips), the
recommendation detail (evidence list and roll-up panel), the suggestions
panel and the Recommendations table's status column to the evidence, rollup
and suggestions services. Every change goes on the undo stack; every slot
catches UserFacingError and says why, so nothing raises out of a slot.

Reader marks and linking are in ``reader_evidence_controller``, suggestions in
``suggestions_controller`` and the names of link targets in ``evidence_naming``;
each is a part of ``EvidenceController``, which holds the rest.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QTextCursor

from desktop.domain.dates import short_uk_date
from desktop.domain.errors import UserFacingError
from desktop.domain.evidence import Evidence, RollUp, Stance, Suggestion
from desktop.domain.recommendations import Recommendation
from desktop.services import evidence as evidence_service
from desktop.services import recommendations as recs
from desktop.services import rollup as rollup_service
from desktop.ui.dialogs import evidence_dialogs, messages
from desktop.ui.evidence_commands import (
    EditEvidenceCommand,
    OverrideCommand,
    StanceAndNote,
    UnlinkEvidenceCommand,
)
from desktop.ui.evidence_naming import EDIT_ERRORS, _plural, action_title, recommendation_title
from desktop.ui.reader_evidence_controller import NO_PLACE, RECENT_TARGETS, ReaderEvidenceMixin
from desktop.ui.suggestions_controller import (
    SUGGEST_DELAY_MS,
    SUGGESTION_LIMIT,
    SuggestionsMixin,
)
from desktop.ui.undoable_controller import STATUS_MESSAGE_MS, UndoableController, each_until_failure
from desktop.ui.widgets import reader_evidence
from desktop.ui.widgets.reader_evidence import Mark

# Names that lived here before the split stay importable from here.
__all__ = ["EDIT_ERRORS", "NO_PLACE", "RECENT_TARGETS", "SUGGESTION_LIMIT", "SUGGEST_DELAY_MS",
           "EvidenceController", "action_title", "recommendation_title"]


class EvidenceController(ReaderEvidenceMixin, SuggestionsMixin, UndoableController):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.reader = window.reader
        self.tab = window.recommendations_tab
        self.detail = self.tab.detail
        self._recs: dict[int, Recommendation] = {}
        self._actions: dict[int, object] = {}
        self._marks: list[Mark] = []
        self._last_stance = Stance.PROGRESS
        self._suggested: dict[int, list[Suggestion]] = {}  # from "Suggest for all", per recommendation
        self._suggest_handle = None
        self._ws_seen = None
        self.last_suggest_ms: float | None = None
        self._suggest_timer = QTimer(self)
        self._suggest_timer.setSingleShot(True)
        self._suggest_timer.setInterval(SUGGEST_DELAY_MS)
        self._suggest_timer.timeout.connect(self.show_suggestions)
        self._connect()
        window.installEventFilter(self)  # to stop "Suggest for all" before the window waits on it

    def eventFilter(self, watched, event) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.cancel_suggest_all()
        return False

    def _connect(self) -> None:
        link = getattr(self.window.actions_, "link_evidence", None)
        if link is not None:
            self.reader.context_actions.append(link)
        add = getattr(self.window.actions_, "add_from_reader", None)
        if add is not None:  # the Reader's other use of a selection: a recommendation of its own
            self.reader.context_actions.append(add)
        self.reader.document_shown.connect(self.mark_reader)
        self.reader.text_view.cursorPositionChanged.connect(self._cursor_moved)
        self._tooltips = reader_evidence.MarkTooltips(self.reader.text_view, lambda: self._marks)
        self.tab.current_changed.connect(self.show_current)
        self.tab.model.modelReset.connect(self.refresh_statuses)
        evidence = self.detail.evidence_list
        evidence.open_requested.connect(self.open_evidence)
        evidence.edit_requested.connect(self.edit)
        evidence.restance_requested.connect(self.restance)
        evidence.unlink_requested.connect(self.unlink)
        evidence.checked_requested.connect(self.mark_checked)
        rollup = self.detail.rollup_panel
        rollup.override_requested.connect(self.override)
        rollup.clear_requested.connect(self.clear_override)
        rollup.explain_requested.connect(self.explain)
        panel = self.tab.suggestions
        panel.refresh_requested.connect(lambda rec_id: self.show_suggestions(rec_id, fresh=True))
        panel.accept_requested.connect(self.accept_suggestion)
        panel.dismiss_requested.connect(self.dismiss_suggestions)
        panel.open_requested.connect(self.window.open_passage)
        panel.suggest_all_requested.connect(self.suggest_all)
        panel.cancel_requested.connect(self.cancel_suggest_all)

    # -- reading what is held ---------------------------------------------
    def _load_targets(self) -> None:
        """Recommendations and actions by id, to name what evidence is linked to."""
        self._recs, self._actions = {}, {}
        if self.ws is None:
            return
        try:
            self._recs = {r.id: r for r in recs.list_recommendations(self.ws)}
            from desktop.services import actions as actions_service

            self._actions = {a.id: a for a in actions_service.list_actions(self.ws)}
        except (UserFacingError, sqlite3.Error, ImportError):
            pass  # names fall back to numbers; the lists themselves report their own errors

    def describe(self, evidence: Evidence) -> str:
        """What a piece of evidence is linked to, in one line."""
        if evidence.recommendation_id is not None:
            rec = self._recs.get(evidence.recommendation_id)
            return recommendation_title(rec) if rec else f"recommendation {evidence.recommendation_id}"
        action = self._actions.get(evidence.action_id)
        return action_title(action) if action else f"action {evidence.action_id}"

    def _changed(self, _ids: list[int]) -> None:
        """After an undo or redo: what may be suggested changed too (links, dismissals)."""
        self._suggested.clear()
        self.reload()

    def forget_suggestions(self) -> None:
        """An import or a deletion: new papers may hold better suggestions than those found."""
        self._suggested.clear()

    def reload(self) -> None:
        """Everything evidence touches: the detail, the table's statuses, the Reader's marks."""
        self.refresh_statuses()
        self.show_current(self.tab.current_id())
        self.mark_reader()

    # -- the recommendation detail --------------------------------------------
    def show_current(self, rec_id: int | None) -> None:
        """Evidence and roll-up of the selected recommendation; suggestions a moment later."""
        evidence: list[Evidence] = []
        rollup: RollUp | None = None
        if rec_id is not None and self.ws is not None:
            try:
                evidence = evidence_service.list_evidence(self.ws, recommendation_id=rec_id)
                rollup = rollup_service.rollups(self.ws, [rec_id]).get(rec_id)
            except (UserFacingError, sqlite3.Error):
                evidence, rollup = [], None
        writable = self.writable()
        self.detail.evidence_list.set_evidence(evidence, writable, self._describe_via_action)
        self.detail.rollup_panel.show_rollup(rollup, writable)
        self.tab.suggestions.show_message(rec_id, self._suggest_heading(rec_id),
                                          "Looking for passages…" if rec_id is not None else
                                          "Select one recommendation to see passages in later "
                                          "papers that may be evidence for it.")
        if rec_id is not None:
            self._suggest_timer.start()
        else:
            self._suggest_timer.stop()

    def _describe_via_action(self, evidence: Evidence) -> str:
        """In a recommendation's list, only evidence on one of its actions needs naming."""
        if evidence.recommendation_id is None and evidence.action_id is not None:
            return "Via " + self.describe(evidence)
        return ""

    def refresh_statuses(self) -> None:
        """The table's Status column shows rolled-up statuses (or the user's override)."""
        self._check_workspace()
        self._load_targets()  # the table was reset: recommendations may have changed
        model = self.tab.model
        if not hasattr(model, "set_rollups"):
            return
        if self.ws is None:
            model.set_rollups({})
            return
        try:
            model.set_rollups(rollup_service.rollups(self.ws))
        except (UserFacingError, sqlite3.Error):
            model.set_rollups({})

    def open_evidence(self, evidence: Evidence) -> None:
        """Open the Reader at the quote, with exactly the quoted words selected."""
        if evidence.passage_id is None or evidence.document_id is None:
            messages.show_error(self.window, "Cannot open the quote",
                                "Its document was deleted; the quote and its citation were kept: "
                                f"{evidence.citation or evidence.document_title}.")
            return
        if not self.window.open_passage(evidence.document_id, evidence.passage_id):
            return
        for mark in self._marks:
            if mark.evidence.id == evidence.id:
                cursor = QTextCursor(self.reader.text_view.document())
                cursor.setPosition(mark.start)
                cursor.setPosition(mark.end, QTextCursor.MoveMode.KeepAnchor)
                self.reader.text_view.setTextCursor(cursor)
                self.reader.text_view.centerCursor()
                break

    def edit(self, evidence: Evidence) -> None:
        if not self.writable():
            return
        ws = self.ws

        def apply(change: evidence_dialogs.EvidenceEdit) -> str | None:
            try:
                after = evidence_service.edit_evidence(ws, evidence.id, stance=change.stance.value,
                                                       note=change.note)
            except (UserFacingError, sqlite3.Error) as error:
                return str(error)
            self._push(EditEvidenceCommand(ws, [StanceAndNote.of(evidence)], [StanceAndNote.of(after)],
                                           "edit evidence", self._changed, self._failed))
            return None

        if evidence_dialogs.ask_edit(self.window, evidence, self.describe(evidence), apply):
            self.reload()
            self.detail.evidence_list.select_ids([evidence.id])

    def restance(self, items: Sequence[Evidence], stance: str) -> None:
        if not self.writable() or not items:
            return
        after = self._edit_each(items, "Cannot change the stance", f"mark evidence as {stance}",
                                stance=stance)
        self.reload()
        self.detail.evidence_list.select_ids([a.evidence_id for a in after])

    def mark_checked(self, items: Sequence[Evidence]) -> None:
        """A quote re-attached to a revised document was looked at and is right."""
        if not self.writable() or not items:
            return
        self._edit_each(items, "Cannot mark the quote checked", "mark quote checked",
                        needs_review=False)
        self.reload()

    def _edit_each(self, items: Sequence[Evidence], title: str, text: str,
                   **changes) -> list[StanceAndNote]:
        """Edit each piece of evidence (one undo step for them all); what they became."""
        def edit(item: Evidence) -> tuple[StanceAndNote, StanceAndNote]:
            changed = evidence_service.edit_evidence(self.ws, item.id, **changes)
            return StanceAndNote.of(item), StanceAndNote.of(changed)

        pairs = each_until_failure(self.window, title, items, edit, EDIT_ERRORS)
        before, after = [b for b, _a in pairs], [a for _b, a in pairs]
        if after:
            self._push(EditEvidenceCommand(self.ws, before, after, text, self._changed,
                                           self._failed))
        return after

    def unlink(self, items: Sequence[Evidence]) -> None:
        if not self.writable() or not items:
            return
        removed = each_until_failure(self.window, "Cannot unlink", items,
                                     lambda item: evidence_service.delete_evidence(self.ws, item.id),
                                     EDIT_ERRORS)
        if removed:
            self._push(UnlinkEvidenceCommand(self.ws, removed, f"unlink {_plural(len(removed), 'quote')}",
                                             self._changed, self._failed))
            self.window.statusBar().showMessage(
                f"Unlinked {_plural(len(removed), 'quote')}. Edit > Undo links it again.",
                STATUS_MESSAGE_MS)
        self.reload()

    # -- roll-up ---------------------------------------------------------------
    def _rollup(self, rec_id: int) -> RollUp | None:
        try:
            return rollup_service.rollups(self.ws, [rec_id]).get(rec_id)
        except (UserFacingError, sqlite3.Error) as error:
            messages.show_error(self.window, "Cannot read the status", str(error))
            return None

    def override(self, rec_id: int) -> None:
        if not self.writable():
            return
        before = self._rollup(rec_id)
        if before is None:
            return
        rec = self._recs.get(rec_id)
        heading = recommendation_title(rec) if rec else f"Recommendation {rec_id}"
        ws = self.ws

        def apply(choice: evidence_dialogs.Override) -> str | None:
            try:
                after = rollup_service.override_status(ws, rec_id, choice.status.value, choice.reason)
            except (UserFacingError, sqlite3.Error) as error:
                return str(error)
            self._push(OverrideCommand(ws, before, after, "override status", self._changed,
                                       self._failed))
            return None

        if evidence_dialogs.ask_override(self.window, heading, before.status, before.rolled_up_status,
                                         before.reason, apply):
            self.reload()

    def clear_override(self, rec_id: int) -> None:
        if not self.writable():
            return
        before = self._rollup(rec_id)
        if before is None or before.source != "user":
            return
        try:
            after = rollup_service.clear_override(self.ws, rec_id)
        except (UserFacingError, sqlite3.Error) as error:
            messages.show_error(self.window, "Cannot clear the override", str(error))
            return
        self._push(OverrideCommand(self.ws, before, after, "clear status override", self._changed,
                                   self._failed))
        self.reload()

    def explain(self, rec_id: int) -> None:
        rollup = self._rollup(rec_id) if rec_id and self.ws is not None else None
        from desktop.ui.widgets.rollup_panel import explanation

        messages.show_about(self.window, "How the status is worked out",
                            explanation(rollup, rollup_service.ROLL_UP_RULES))

    # -- deleting documents -------------------------------------------------------
    def move_to_revision(self) -> None:
        """Move the quotes of the document picked to the version that replaces it."""
        from PySide6.QtWidgets import QInputDialog

        from desktop.services import documents as documents_service

        doc_id = self.window.current_document_id()
        if doc_id is None or not self.writable():
            return
        try:
            old = documents_service.get_document(self.ws, doc_id)
            count = evidence_service.evidence_count_in_document(self.ws, doc_id)
            others = [d for d in documents_service.list_documents(self.ws)
                      if d.id != doc_id and not d.child_ids
                      and (old.authority is None or d.authority == old.authority)]
        except (UserFacingError, sqlite3.Error) as error:
            messages.show_error(self.window, "Cannot move the quotes", str(error))
            return
        if not count:
            messages.show_error(self.window, "No quotes to move",
                                f"No evidence is quoted from “{old.title}”.")
            return
        others.sort(key=lambda d: (d.date is None, -(d.date.toordinal() if d.date else 0)))
        names = [f"{short_uk_date(d.date, 'undated')} · {d.doc_type.label} · {d.title}"
                 for d in others]
        if not names:
            messages.show_error(self.window, "No revised version held",
                                "Import the revised version first, then move the quotes to it.")
            return
        chosen, ok = QInputDialog.getItem(
            self.window, "Move quotes to a revised version",
            f"{count} quote{'s' if count != 1 else ''} from “{old.title}”. Which document "
            "replaces it? Quotes move to the same words where they still stand; the rest stay "
            "and are marked for you to check.", names, 0, False)
        if not ok:
            return
        new = others[names.index(chosen)]
        try:
            moved, review = evidence_service.move_to_revision(self.ws, doc_id, new.id)
        except (UserFacingError, sqlite3.Error) as error:
            messages.show_error(self.window, "Cannot move the quotes", str(error))
            return
        self.reload()
        self.window.statusBar().showMessage(
            f"Moved {moved} quote{'s' if moved != 1 else ''} to “{new.title}”"
            + (f"; {review} to check (not found in it)." if review else "."), STATUS_MESSAGE_MS)

    def confirm_deletion(self, doc_id: int, text: str) -> bool | None:
        """Ask before deleting a document: None to stop, else whether to keep its quotes."""
        try:
            count = evidence_service.evidence_count_in_document(self.ws, doc_id)
        except (UserFacingError, sqlite3.Error):
            count = 0
        if count:
            return evidence_dialogs.ask_keep_quotes(self.window, text, count)
        return True if messages.confirm(self.window, "Delete document", text, "&Delete") else None
