"""Evidence in the window: link from the Reader, list and edit, suggest, roll up.

Wires the Reader (context menu, Ctrl+L, highlights and their tooltips), the
recommendation detail (evidence list and roll-up panel), the suggestions
panel and the Recommendations table's status column to the evidence, rollup
and suggestions services. Every change goes on the undo stack; every slot
catches UserFacingError and says why, so nothing raises out of a slot.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QTextCursor

from desktop.domain.errors import Cancelled, UserFacingError
from desktop.domain.evidence import Evidence, RollUp, Stance, Suggestion
from desktop.domain.recommendations import Recommendation
from desktop.services import evidence as evidence_service
from desktop.services import recommendations as recs
from desktop.services import rollup as rollup_service
from desktop.ui.dialogs import evidence_dialogs, link_evidence_dialog, messages
from desktop.ui.dialogs.link_evidence_dialog import LinkChoice, LinkTarget
from desktop.ui.evidence_commands import (
    DismissCommand,
    EditEvidenceCommand,
    LinkEvidenceCommand,
    OverrideCommand,
    StanceAndNote,
    UnlinkEvidenceCommand,
)
from desktop.ui.models.recommendations_model import short_text
from desktop.ui.tasks import TaskContext
from desktop.ui.undoable_controller import STATUS_MESSAGE_MS, UndoableController, each_until_failure
from desktop.ui.widgets import reader_evidence
from desktop.ui.widgets.reader_evidence import Mark, QuoteTarget

SUGGEST_DELAY_MS = 150  # wait for arrow keys to settle before looking for suggestions
SUGGESTION_LIMIT = 10
RECENT_TARGETS = 8
EDIT_ERRORS = (UserFacingError, sqlite3.Error)  # a change that cannot be stored, said plainly
NO_PLACE = ("Select the words to link in the Reader (or put the cursor in a passage), "
            "then choose Link to recommendation or action.")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def recommendation_title(rec: Recommendation) -> str:
    where = ", ".join(p for p in (rec.authority or "", rec.issued.isoformat()[:4] if rec.issued else "") if p)
    heading = f"{rec.kind.label} {rec.label}".strip()
    return f"{heading} ({where}): {short_text(rec.text, 110)}" if where else \
        f"{heading}: {short_text(rec.text, 110)}"


def action_title(action) -> str:
    reference = f" {action.reference}" if action.reference else ""
    owner = f" ({action.owner})" if action.owner else ""
    return f"Action{reference}{owner}: {short_text(action.title, 110)}"


def _suggest_all_job(limit: int):
    def job(context: TaskContext):
        from desktop.services import suggestions

        def progress(done, total=None, *_rest) -> None:
            context.report(int(done), int(total or 0), None)

        return suggestions.suggest_all(context.workspace, limit=limit, progress=progress,
                                       cancel=context.cancelled)
    return job


class EvidenceController(UndoableController):
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

    def reload(self, documents_changed: bool = False) -> None:
        """Everything evidence touches: the detail, the table's statuses, the Reader's marks.

        ``documents_changed`` (an import or a deletion) also forgets suggestions found
        before, since new papers may hold better ones."""
        if documents_changed:
            self._suggested.clear()
        self.refresh_statuses()
        self.show_current(self.tab.current_id())
        self.mark_reader()

    # -- the Reader ---------------------------------------------------------
    def mark_reader(self) -> None:
        """Highlight the shown document's linked quotes."""
        self._marks = []
        passages = self.reader.outline_model.passages()
        if self.ws is not None and self.reader.document is not None and passages:
            if not self._recs:
                self._load_targets()
            try:
                held = evidence_service.evidence_for_passages(self.ws, [p.id for p in passages])
            except (UserFacingError, sqlite3.Error):
                held = {}
            self._marks = reader_evidence.reader_marks(self.reader.layout_, passages, held,
                                                       self.describe)
        self.reader.set_evidence_marks(reader_evidence.extra_selections(self.reader.text_view,
                                                                        self._marks))

    def marks(self) -> list[Mark]:
        return list(self._marks)

    def _cursor_moved(self) -> None:
        """Selecting or moving into a linked quote says what it is linked to (status bar)."""
        if not self._marks:
            return
        cursor = self.reader.text_view.textCursor()
        found = reader_evidence.marks_at(self._marks, cursor.selectionStart()) \
            or reader_evidence.marks_at(self._marks, cursor.position())
        if found:
            text = reader_evidence.describe_marks(found).replace("\n", " ")
            self.window.statusBar().showMessage(text, STATUS_MESSAGE_MS)

    def quote_target(self) -> QuoteTarget | None:
        """The selected words, or the passage under the context menu or the cursor."""
        cursor = self.reader.text_view.textCursor()
        position = self.reader.menu_position
        return reader_evidence.quote_target(
            self.reader.layout_, self.reader.outline_model.passages(), cursor.selectionStart(),
            cursor.selectionEnd(), position if position is not None else cursor.position())

    def link_from_reader(self) -> None:
        """Ctrl+L or the Reader's context menu: link the selection as evidence."""
        if self.ws is None:
            return
        if self.ws.read_only:
            messages.show_error(self.window, "Cannot link evidence",
                                "This workspace is open read-only, so nothing can be linked.")
            return
        if self.window.tabs.currentWidget() is not self.reader or self.reader.document is None:
            self.window.statusBar().showMessage(NO_PLACE, STATUS_MESSAGE_MS)
            return
        target = self.quote_target()
        if target is None:
            messages.show_error(self.window, "Nothing to link", NO_PLACE)
            return
        self._load_targets()
        document = self.reader.document
        try:
            citation = evidence_service.citation_for(self._document_of(target.passage.document_id),
                                                     target.passage)
        except (UserFacingError, sqlite3.Error):
            citation = document.title
        ws = self.ws

        def apply(choice: LinkChoice) -> str | None:
            try:
                created = evidence_service.link_evidence(
                    ws, passage_id=target.passage.id, stance=choice.stance.value,
                    recommendation_ids=choice.recommendation_ids, action_ids=choice.action_ids,
                    quote=target.quote, span_start=target.start, span_end=target.end,
                    note=choice.note)
            except (UserFacingError, sqlite3.Error) as error:
                return str(error)
            self._push(LinkEvidenceCommand(ws, created, f"link {_plural(len(created), 'quote')}",
                                           self._changed, self._failed))
            return None

        choice = link_evidence_dialog.ask_link(
            self.window, target.quote, citation, self.link_targets(document.authority), apply,
            stance=self._last_stance, notice=target.notice)
        if choice is not None:
            self._last_stance = choice.stance
            count = len(choice.recommendation_ids) + len(choice.action_ids)
            self.reload()
            self.window.statusBar().showMessage(
                f"Linked the quote to {_plural(count, 'recommendation or action')} as "
                f"{choice.stance.value}. Edit > Undo unlinks it.", STATUS_MESSAGE_MS)

    def _document_of(self, doc_id: int):
        from desktop.services import documents as documents_service

        return documents_service.get_document(self.ws, doc_id)

    def link_targets(self, authority: str | None) -> list[LinkTarget]:
        """Recently linked first, then the document's authority's, then the rest."""
        recent: list[tuple[str, int]] = []
        try:
            for item in sorted(evidence_service.list_evidence(self.ws), key=lambda e: e.created,
                               reverse=True):
                key = ("recommendation", item.recommendation_id) if item.recommendation_id \
                    else ("action", item.action_id)
                if key not in recent:
                    recent.append(key)
                if len(recent) >= RECENT_TARGETS:
                    break
        except (UserFacingError, sqlite3.Error):
            recent = []
        everything: dict[tuple[str, int], LinkTarget] = {}
        local = (authority or "").casefold()
        ranked = sorted(self._recs.values(), key=lambda r: (
            (r.authority or "").casefold() != local if local else False,
            (r.authority or "").casefold(), -(r.issued.toordinal() if r.issued else 0), r.position))
        for rec in ranked:
            everything[("recommendation", rec.id)] = LinkTarget(
                "recommendation", rec.id, recommendation_title(rec), rec.text)
        for action in self._actions.values():
            everything[("action", action.id)] = LinkTarget(
                "action", action.id, action_title(action),
                "\n".join(p for p in (action.title, action.description) if p))
        first = [everything[key] for key in recent if key in everything]
        first = [LinkTarget(t.kind, t.id, t.title, t.detail, recent=True) for t in first]
        rest = [t for key, t in everything.items() if key not in set(recent)]
        return first + rest

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
        messages.show_error(self.window, "Cannot suggest evidence", str(error) or type(error).__name__)

    def _check_workspace(self) -> None:
        """Another workspace was opened: forget what was suggested in the old one."""
        if self.ws is not self._ws_seen:
            self._ws_seen = self.ws
            self._suggested.clear()
            if self._suggest_handle is not None:
                self._suggest_handle.cancel()

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
        names = [f"{d.date.isoformat() if d.date else 'undated'} · {d.doc_type.label} · {d.title}"
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
