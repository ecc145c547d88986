"""Evidence in the Reader: highlights of linked quotes, and linking from a selection.

``ReaderEvidenceMixin`` is the part of ``EvidenceController`` that marks the shown
document's linked quotes (with their tooltips and status-bar notes) and links the
selected words, by Ctrl+L or the context menu, to recommendations or actions.
"""

from __future__ import annotations

import sqlite3

from desktop.domain.errors import UserFacingError
from desktop.services import evidence as evidence_service
from desktop.ui.dialogs import link_evidence_dialog, messages
from desktop.ui.dialogs.link_evidence_dialog import LinkChoice, LinkTarget
from desktop.ui.evidence_commands import LinkEvidenceCommand
from desktop.ui.evidence_naming import _plural, action_title, recommendation_title
from desktop.ui.undoable_controller import STATUS_MESSAGE_MS
from desktop.ui.widgets import reader_evidence
from desktop.ui.widgets.reader_evidence import Mark, QuoteTarget

RECENT_TARGETS = 8
NO_PLACE = ("Select the words to link in the Reader (or put the cursor in a passage), "
            "then choose Link to recommendation or action.")


class ReaderEvidenceMixin:
    """The Reader's evidence marks and linking, on the evidence controller."""

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
            citation = evidence_service.passage_citation(self.ws, target.passage)
        except (UserFacingError, sqlite3.Error):
            citation = document.title
        ws = self.ws

        def apply(choice: LinkChoice) -> str | None:
            try:
                created = evidence_service.link_evidence(
                    ws, passage_id=target.passage.id, stance=choice.stance.value,
                    recommendation_ids=choice.recommendation_ids, action_ids=choice.action_ids,
                    quote=target.quote, span_start=target.start, span_end=target.end,
                    note=choice.note, other_authority=choice.other_authority)
            except (UserFacingError, sqlite3.Error) as error:
                return str(error)
            self._push(LinkEvidenceCommand(ws, created, f"link {_plural(len(created), 'quote')}",
                                           self._changed, self._failed))
            return None

        choice = link_evidence_dialog.ask_link(
            self.window, target.quote, citation, self.link_targets(document.authority), apply,
            stance=self._last_stance, notice=target.notice,
            authority=self._document_of(target.passage.document_id).authority)
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
                "recommendation", rec.id, recommendation_title(rec), rec.text,
                authority=rec.authority)
        for action in self._actions.values():
            # The same council the service checks: the action's own, else its first recommendation's.
            first_rec = self._recs.get(action.recommendation_ids[0]) if action.recommendation_ids else None
            everything[("action", action.id)] = LinkTarget(
                "action", action.id, action_title(action),
                "\n".join(p for p in (action.title, action.description) if p),
                authority=action.authority or (first_rec.authority if first_rec else None))
        first = [everything[key] for key in recent if key in everything]
        first = [LinkTarget(t.kind, t.id, t.title, t.detail, recent=True, authority=t.authority)
                 for t in first]
        rest = [t for key, t in everything.items() if key not in set(recent)]
        return first + rest
