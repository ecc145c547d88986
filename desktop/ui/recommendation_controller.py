"""What the Recommendations tab's actions do: store changes, undoably, and refresh.

Every slot catches UserFacingError (workspace busy with an import, read-only,
bad input) and shows its message: nothing raises out of a slot.
"""

from __future__ import annotations

import sqlite3

from desktop.domain.errors import UserFacingError
from desktop.domain.recommendations import Recommendation
from desktop.extract.list_items import item_mark
from desktop.services import documents as documents_service
from desktop.services import recommendations as recs
from desktop.ui.dialogs import messages, recommendation_dialogs
from desktop.ui.models.recommendations_model import make_rows
from desktop.ui.recommendation_commands import (
    EditRecommendationCommand,
    SnapshotCommand,
)
from desktop.ui.undoable_controller import UndoableController, confirm_and_delete


def _describe(rec: Recommendation) -> str:
    return f"{rec.kind.label.lower()} {rec.label}".strip()


def passage_marks(recommendations: list[Recommendation]) -> dict[int, tuple[str, str]]:
    """Passage id -> (short badge, description) for passages that are or back recommendations."""
    made: dict[int, list[Recommendation]] = {}
    backed: dict[int, list[Recommendation]] = {}
    for rec in recommendations:
        if rec.source_passage_id is not None:
            made.setdefault(rec.source_passage_id, []).append(rec)
        for passage_id in rec.supporting_passage_ids:
            backed.setdefault(passage_id, []).append(rec)
    marks = {}
    for passage_id in made.keys() | backed.keys():
        badges, lines = [], []
        if passage_id in made:
            labels = ", ".join(r.label for r in made[passage_id])
            badges.append(f"[R {labels}]")
            lines += [f"{r.kind.label} {r.label}: {r.text}" for r in made[passage_id]]
        if passage_id in backed:
            labels = ", ".join(r.label for r in backed[passage_id])
            badges.append(f"[evidence for {labels}]")
            lines += [f"Backs {_describe(r)}: {r.text}" for r in backed[passage_id]]
        marks[passage_id] = (" ".join(badges), "\n".join(lines))
    return marks


class RecommendationController(UndoableController):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.tab = window.recommendations_tab
        self._recommendations: list[Recommendation] = []
        tab, detail = self.tab, self.tab.detail
        tab.add_requested.connect(self.add)
        tab.edit_requested.connect(self.edit)
        tab.merge_requested.connect(self.merge)
        tab.split_requested.connect(self.split)
        tab.delete_requested.connect(self.delete)
        tab.current_changed.connect(self.show_detail)
        detail.open_passage.connect(window.open_passage)
        tab.gap_open_requested.connect(window.open_passage)
        detail.note_added.connect(self.add_note)
        detail.note_deleted.connect(self.delete_note)
        window.reader.document_shown.connect(self.mark_reader)

    # -- showing ---------------------------------------------------------
    def reload(self, select: list[int] | None = None) -> None:
        """Read recommendations and judgements again (after imports, edits, deletions)."""
        self.tab.set_writable(self.writable())
        if self.ws is None:
            self._recommendations = []
            self.tab.set_rows([])
            self.tab.history.set_history([])
            self.tab.history.set_clocks([])
            return
        self._recommendations = recs.list_recommendations(self.ws)
        wanted = {r.document_id for r in self._recommendations} \
            | {r.cited_in_document_id for r in self._recommendations}
        documents = documents_service.documents_by_id(self.ws, wanted)
        self.tab.set_rows(make_rows(self._recommendations, documents))  # shows the detail
        self.tab.set_gaps(self._gaps(documents))
        self.tab.history.set_history(recs.judgement_history(self.ws))
        self.tab.history.set_clocks(self._clocks())
        if select is not None:
            self.tab.select_ids(select)
        self.mark_reader()

    def _gaps(self, documents: dict) -> list[tuple[int, str, str, int | None]]:
        """Where a paper's numbered list skips numbers, to be checked against the paper."""
        from desktop.services.findings_summary import summarise_findings

        found = []
        try:
            for doc_id, doc in sorted(documents.items()):
                for gap in summarise_findings(self.ws, doc_id).gaps:
                    found.append((doc_id, doc.title, gap.describe(), gap.passage_id))
        except (UserFacingError, sqlite3.Error):
            return []
        return found

    def _clocks(self) -> list:
        """When each inspection's action plan was due (shown under the judgement history)."""
        from desktop.services.clocks import plan_clocks

        try:
            return plan_clocks(self.ws)
        except (UserFacingError, sqlite3.Error):
            return []

    def show_detail(self, rec_id: int | None) -> None:
        detail = None
        if rec_id is not None and self.ws is not None:
            try:
                detail = recs.recommendation_detail(self.ws, rec_id)
            except UserFacingError:
                detail = None  # deleted meanwhile: the next reload drops its row
        self.tab.detail.show_detail(detail, self.writable())

    def mark_reader(self) -> None:
        self.window.reader.set_marks(passage_marks(self._recommendations))

    # -- storing ---------------------------------------------------------
    def _snapshot_command(self, before, after, text: str) -> SnapshotCommand:
        return SnapshotCommand(self.ws, before, after, text, self._changed, self._failed)

    def _authorities(self) -> list[str]:
        try:
            return documents_service.known_authorities(self.ws)
        except UserFacingError:
            return []

    def add(self) -> None:
        if not self.writable():
            return
        ws = self.ws
        initial = dict(recommendation_dialogs.BLANK)
        initial["authority"] = self.tab.authority_filter.currentData() or ""

        def apply(values: dict[str, object]) -> str | None:
            try:
                rec = recs.add_recommendation(
                    ws, str(values["text"]), label=str(values["label"]), kind=str(values["kind"]),
                    authority=str(values["authority"]) or None, issued=values["issued"] or None)
                snap = recs.snapshot(ws, rec.id)
            except UserFacingError as error:
                return str(error)
            self._push(self._snapshot_command([], [snap], f"add {_describe(rec)}"))
            self.reload([rec.id])
            return None

        recommendation_dialogs.edit_recommendation(self.window, "Add recommendation", initial,
                                                   self._authorities(), apply, new=True)

    def add_from_reader(self) -> None:
        """The words selected in the Reader as a new recommendation, priority action or area for
        improvement (the dialog asks which), linked to their passage; "3. Ensure ..." gives label 3."""
        reader = self.window.reader
        if not self.writable():
            return
        target = self.window.evidence.quote_target() if reader.document is not None else None
        if target is None:
            messages.show_error(self.window, "Nothing to add",
                                "Open a paper in the Reader and select the words of the item first.")
            return
        words = " ".join(target.passage.text[target.start:target.end].split())
        mark = item_mark(words)
        label = mark.label if mark is not None and mark.style == "numbered" else ""
        text = words[mark.text_start:].strip() if mark is not None else words
        ws, document, passage_id = self.ws, reader.document, target.passage.id
        initial = dict(recommendation_dialogs.BLANK)
        initial.update(text=text, label=label, authority=document.authority or "",
                       issued=document.date.isoformat() if document.date else "")

        def apply(values: dict[str, object]) -> str | None:
            try:
                rec = recs.add_recommendation(
                    ws, str(values["text"]), label=str(values["label"]), kind=str(values["kind"]),
                    authority=str(values["authority"]) or None, issued=values["issued"] or None,
                    document_id=document.id, passage_id=passage_id)
                snap = recs.snapshot(ws, rec.id)
            except UserFacingError as error:
                return str(error)
            self._push(self._snapshot_command([], [snap], f"add {_describe(rec)}"))
            self.reload([rec.id])
            return None

        recommendation_dialogs.edit_recommendation(self.window, "Add from the Reader", initial,
                                                   self._authorities(), apply, new=True)

    def edit(self, rec_id: int) -> None:
        if not self.writable():
            return
        ws = self.ws
        rec = self._read_or_say("Cannot edit the recommendation",
                                lambda: recs.get_recommendation(ws, rec_id))
        if rec is None:
            return
        shown = recommendation_dialogs.current_values(rec)

        def apply(changes: dict[str, object]) -> str | None:
            return self._store_edit(rec, {name: shown[name] for name in changes}, changes)

        recommendation_dialogs.edit_recommendation(self.window, f"Edit {_describe(rec)}", shown,
                                                   self._authorities(), apply)

    def _store_edit(self, rec: Recommendation, before: dict, after: dict) -> str | None:
        try:
            recs.edit_recommendation(self.ws, rec.id, after)
        except UserFacingError as error:
            return str(error)
        self._push(EditRecommendationCommand(self.ws, rec.id, before, dict(after),
                                             f"edit {_describe(rec)}", self._changed, self._failed))
        self.reload([rec.id])
        return None

    def _attempt(self, title: str, change) -> None:
        """Run ``change`` (which pushes its own command); show why it could not be stored."""
        try:
            change()
        except (UserFacingError, sqlite3.Error) as error:
            self.reload()
            messages.show_error(self.window, title, str(error))

    def merge(self, rec_ids: list[int]) -> None:
        if not self.writable() or len(rec_ids) < 2:
            return

        def change() -> None:
            kept, before = recs.merge_recommendations(self.ws, rec_ids)
            after = [recs.snapshot(self.ws, kept.id)]
            self._push(self._snapshot_command(before, after, f"merge {len(rec_ids)} recommendations"))
            self.reload([kept.id])

        self._attempt("Cannot merge", change)

    def split(self, rec_id: int) -> None:
        if not self.writable():
            return
        rec = self._read_or_say("Cannot split", lambda: recs.get_recommendation(self.ws, rec_id))
        if rec is None:
            return
        parts = recommendation_dialogs.ask_split_parts(self.window, rec.text)
        if not parts:
            return

        def change() -> None:
            ids, before = recs.split_recommendation(self.ws, rec_id, parts)
            after = [recs.snapshot(self.ws, i) for i in ids]
            self._push(self._snapshot_command([before], after, f"split {_describe(rec)}"))
            self.reload(ids)

        self._attempt("Cannot split", change)

    def delete(self, rec_ids: list[int]) -> None:
        if not self.writable() or not rec_ids:
            return
        deleted = confirm_and_delete(self.window, rec_ids, "recommendation", "their notes",
                                     lambda rec_id: recs.delete_recommendation(self.ws, rec_id))
        if deleted is None:
            return
        if deleted:
            self._push(self._snapshot_command(deleted, [], f"delete {len(deleted)} recommendation"
                                              + ("s" if len(deleted) != 1 else "")))
        self.reload([])

    def _note_change(self, rec_id: int, text: str, change) -> bool:
        try:
            before = recs.snapshot(self.ws, rec_id)
            change()
            after = recs.snapshot(self.ws, rec_id)
        except UserFacingError as error:
            messages.show_error(self.window, "Cannot change the notes", str(error))
            return False
        self._push(self._snapshot_command([before], [after], text))
        self.reload([rec_id])
        return True

    def add_note(self, rec_id: int, kind: str, text: str) -> None:
        if self.writable() and self._note_change(
                rec_id, f"add {kind}", lambda: recs.add_note(self.ws, rec_id, text, kind)):
            self.tab.detail.note_edit.clear()

    def delete_note(self, rec_id: int, note_id: int) -> None:
        if self.writable():
            self._note_change(rec_id, "delete note", lambda: recs.delete_note(self.ws, note_id))
