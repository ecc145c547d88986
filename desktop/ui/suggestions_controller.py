"""Suggested evidence in the window: for the selected recommendation, and for all.

``SuggestionsMixin`` is the part of ``EvidenceController`` that fills the
suggestions panel (a moment after the selection settles), accepts and dismisses
suggestions (undoable), and runs "Suggest for all" in the background with
progress and Cancel.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence

from desktop.domain.errors import Cancelled, UserFacingError, plain_reason
from desktop.domain.evidence import Suggestion
from desktop.ui.dialogs import messages
from desktop.ui.evidence_commands import DismissCommand, LinkEvidenceCommand
from desktop.ui.evidence_naming import EDIT_ERRORS, _plural, recommendation_title
from desktop.ui.tasks import TaskContext
from desktop.ui.undoable_controller import STATUS_MESSAGE_MS, each_until_failure

SUGGEST_DELAY_MS = 150  # wait for arrow keys to settle before looking for suggestions
SUGGESTION_LIMIT = 10


def _suggest_all_job(limit: int):
    def job(context: TaskContext):
        from desktop.services import suggestions

        def progress(done, total=None, *_rest) -> None:
            context.report(int(done), int(total or 0), None)

        return suggestions.suggest_all(context.workspace, limit=limit, progress=progress,
                                       cancel=context.cancelled)
    return job


class SuggestionsMixin:
    """The suggestions panel and "Suggest for all", on the evidence controller."""

    # -- suggestions -------------------------------------------------------------
    def _suggest_heading(self, rec_id: int | None) -> str:
        rec = self._recs.get(rec_id) if rec_id is not None else None
        return f"Suggested evidence for {recommendation_title(rec)}" if rec else "Suggested evidence"

    def show_suggestions(self, rec_id: int | None = None, fresh: bool = False) -> None:
        """Suggestions for the selected recommendation (from "Suggest for all" when it ran)."""
        rec_id = rec_id if rec_id is not None else self.tab.current_id()
        panel = self.tab.suggestions
        if rec_id is None or self.ws is None:
            panel.show_suggestions(None, [])
            return
        found = None if fresh else self._suggested.get(rec_id)
        if found is None:
            try:
                from desktop.services import suggestions

                started = time.perf_counter()
                found = suggestions.suggest(self.ws, rec_id, limit=SUGGESTION_LIMIT)
                self.last_suggest_ms = (time.perf_counter() - started) * 1000
            except (UserFacingError, sqlite3.Error, ImportError) as error:
                panel.show_message(rec_id, self._suggest_heading(rec_id),
                                   f"Cannot look for suggestions: {error}")
                return
            self._suggested[rec_id] = list(found)
        panel.show_suggestions(rec_id, found, self._suggest_heading(rec_id), self.writable())

    def accept_suggestion(self, rec_id: int, suggestion: Suggestion, stance: str) -> None:
        if not self.writable():
            return
        try:
            from desktop.services import suggestions

            created = suggestions.accept(self.ws, rec_id, suggestion.passage_id, stance)
        except (UserFacingError, sqlite3.Error) as error:
            messages.show_error(self.window, "Cannot accept the suggestion", str(error))
            return
        self._forget_suggestion(rec_id, suggestion.passage_id)
        self._push(LinkEvidenceCommand(self.ws, [created], "accept suggestion", self._changed,
                                       self._failed))
        self.reload()
        self.window.statusBar().showMessage(
            f"Linked the passage as {stance}. Edit > Undo unlinks it.", STATUS_MESSAGE_MS)

    def dismiss_suggestions(self, rec_id: int, items: Sequence[Suggestion]) -> None:
        if not self.writable():
            return
        from desktop.services import suggestions

        def dismiss(item: Suggestion) -> int:
            suggestions.dismiss(self.ws, rec_id, item.passage_id)
            self._forget_suggestion(rec_id, item.passage_id)
            return item.passage_id

        dismissed = each_until_failure(self.window, "Cannot dismiss the suggestion", items, dismiss,
                                       EDIT_ERRORS)
        if dismissed:
            self._push(DismissCommand(self.ws, rec_id, dismissed,
                                      f"dismiss {_plural(len(dismissed), 'suggestion')}",
                                      self._changed, self._failed))
            self.window.statusBar().showMessage(
                f"Dismissed {_plural(len(dismissed), 'suggestion')}; not suggested again "
                "(Edit > Undo brings it back).", STATUS_MESSAGE_MS)
        self.show_suggestions(rec_id)

    def _forget_suggestion(self, rec_id: int, passage_id: int) -> None:
        if rec_id in self._suggested:
            self._suggested[rec_id] = [s for s in self._suggested[rec_id] if s.passage_id != passage_id]

    def suggest_all(self) -> None:
        """Find suggestions for every recommendation in the background, with progress."""
        if self.ws is None or self._suggest_handle is not None:
            return
        self.tab.suggestions.show_running(True)
        self._suggest_handle = self.window.runner.submit(
            "suggest for all", _suggest_all_job(SUGGESTION_LIMIT), self.ws,
            on_progress=self._suggest_progress, on_result=self._suggest_done,
            on_error=self._suggest_failed)

    def cancel_suggest_all(self) -> None:
        if self._suggest_handle is not None:
            self._suggest_handle.cancel()

    def _suggest_progress(self, done: int, total: int, _detail) -> None:
        if self._suggest_handle is not None:
            self.tab.suggestions.show_running(True, done, total)

    def _suggest_done(self, result) -> None:
        self._suggest_handle = None
        self.tab.suggestions.show_running(False)
        found = dict(result or {})
        self._suggested.update({rec_id: list(items) for rec_id, items in found.items()})
        with_some = sum(1 for items in found.values() if items)
        total = sum(len(items) for items in found.values())
        self.window.statusBar().showMessage(
            f"Found {_plural(total, 'suggestion')} for {_plural(with_some, 'recommendation')}.",
            STATUS_MESSAGE_MS)
        self.show_suggestions()

    def _suggest_failed(self, error) -> None:
        self._suggest_handle = None
        self.tab.suggestions.show_running(False)
        if isinstance(error, Cancelled):
            self.window.statusBar().showMessage("Stopped suggesting; nothing was changed.",
                                                STATUS_MESSAGE_MS)
            return
        messages.show_error(self.window, "Cannot suggest evidence", plain_reason(error))

    def _check_workspace(self) -> None:
        """Another workspace was opened: forget what was suggested in the old one."""
        if self.ws is not self._ws_seen:
            self._ws_seen = self.ws
            self._suggested.clear()
            if self._suggest_handle is not None:
                self._suggest_handle.cancel()
