"""Undoable changes to evidence and to status overrides, for the window's undo stack.

Like the recommendation commands, each is pushed after its change was stored
once, so its first redo does nothing. Links and unlinks put back whole
Evidence rows (``restore_evidence`` keeps their ids, so later commands that
name those ids still find them); edits store the old and new stance and note;
overrides store the roll-up before and after.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from desktop.domain.evidence import Evidence, RollUp
from desktop.services import evidence as evidence_service
from desktop.services import rollup as rollup_service
from desktop.storage.workspace import Workspace
from desktop.ui.stored_command import Changed, Failed, StoredOnceCommand


class LinkEvidenceCommand(StoredOnceCommand):
    """Evidence just linked (by hand or by accepting a suggestion); undo unlinks it."""

    def __init__(self, ws: Workspace, created: Sequence[Evidence], text: str,
                 on_changed: Changed, on_failed: Failed) -> None:
        super().__init__(text, on_changed, on_failed)
        self._ws, self._evidence = ws, list(created)

    def _forward(self) -> list[int]:
        self._evidence = [evidence_service.restore_evidence(self._ws, e) for e in self._evidence]
        return [e.id for e in self._evidence]

    def _backward(self) -> list[int]:
        for item in self._evidence:
            evidence_service.delete_evidence(self._ws, item.id)
        return []


class UnlinkEvidenceCommand(StoredOnceCommand):
    """Evidence just unlinked (``removed`` as it was); undo puts it back."""

    def __init__(self, ws: Workspace, removed: Sequence[Evidence], text: str,
                 on_changed: Changed, on_failed: Failed) -> None:
        super().__init__(text, on_changed, on_failed)
        self._ws, self._evidence = ws, list(removed)

    def _forward(self) -> list[int]:
        for item in self._evidence:
            evidence_service.delete_evidence(self._ws, item.id)
        return []

    def _backward(self) -> list[int]:
        self._evidence = [evidence_service.restore_evidence(self._ws, e) for e in self._evidence]
        return [e.id for e in self._evidence]


@dataclass(frozen=True, slots=True)
class StanceAndNote:
    evidence_id: int
    stance: str
    note: str
    needs_review: bool = False

    @classmethod
    def of(cls, evidence: Evidence) -> StanceAndNote:
        return cls(evidence.id, evidence.stance.value, evidence.note, evidence.needs_review)


class EditEvidenceCommand(StoredOnceCommand):
    """Stance and note of one or more pieces of evidence, before and after."""

    def __init__(self, ws: Workspace, before: Sequence[StanceAndNote],
                 after: Sequence[StanceAndNote], text: str, on_changed: Changed,
                 on_failed: Failed) -> None:
        super().__init__(text, on_changed, on_failed)
        self._ws, self._before, self._after = ws, list(before), list(after)

    def _put(self, values: list[StanceAndNote]) -> list[int]:
        for value in values:
            evidence_service.edit_evidence(self._ws, value.evidence_id, stance=value.stance,
                                           note=value.note, needs_review=value.needs_review)
        return [v.evidence_id for v in values]

    def _forward(self) -> list[int]:
        return self._put(self._after)

    def _backward(self) -> list[int]:
        return self._put(self._before)


class OverrideCommand(StoredOnceCommand):
    """An override set, changed or cleared: the roll-up before and after, as stored."""

    def __init__(self, ws: Workspace, before: RollUp, after: RollUp, text: str,
                 on_changed: Changed, on_failed: Failed) -> None:
        super().__init__(text, on_changed, on_failed)
        self._ws, self._before, self._after = ws, before, after

    def _forward(self) -> list[int]:
        rollup_service.restore_override(self._ws, self._after)
        return [self._after.recommendation_id]

    def _backward(self) -> list[int]:
        rollup_service.restore_override(self._ws, self._before)
        return [self._before.recommendation_id]


class DismissCommand(StoredOnceCommand):
    """Suggestions just dismissed for a recommendation; undo offers them again."""

    def __init__(self, ws: Workspace, recommendation_id: int, passage_ids: Sequence[int], text: str,
                 on_changed: Changed, on_failed: Failed) -> None:
        super().__init__(text, on_changed, on_failed)
        self._ws, self._rec_id, self._passage_ids = ws, recommendation_id, list(passage_ids)

    def _forward(self) -> list[int]:
        from desktop.services import suggestions

        for passage_id in self._passage_ids:
            suggestions.dismiss(self._ws, self._rec_id, passage_id)
        return [self._rec_id]

    def _backward(self) -> list[int]:
        from desktop.services import suggestions

        for passage_id in self._passage_ids:
            suggestions.undismiss(self._ws, self._rec_id, passage_id)
        return [self._rec_id]
