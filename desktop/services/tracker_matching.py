"""Matching tracker rows to the actions held, and deciding what each row does.

A row is the action with the same reference, else the same title; what it says
is compared field by field with what is held, and a difference in a field typed
or edited in the app is a conflict (kept unless the user overwrites). The
outcome for each row is a :class:`RowDecision`. Used by both steps of
:mod:`desktop.services.tracker_import`, which re-exports :class:`RowDecision`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from desktop.domain.actions import ActionStatus, Rag, TrackerRow
from desktop.storage import actions as store
from desktop.storage.workspace import Workspace

_RAG_STATUS = {Rag.RED: ActionStatus.OFF_TRACK, Rag.AMBER: ActionStatus.AT_RISK,
               Rag.GREEN: ActionStatus.ON_TRACK, Rag.BLUE: ActionStatus.COMPLETE}


@dataclass
class RowDecision:
    """What one tracker row does to the workspace."""

    row: TrackerRow
    action_id: int | None  # the action it matched; None for a new one
    changes: dict[str, Any] = field(default_factory=dict)  # field -> tracker value to store (typed per field)
    conflicts: list[tuple[str, object, object]] = field(default_factory=list)  # field, app, tracker
    new_update_text: str = ""  # the update cell when it says something new
    new_links: tuple[int, ...] = ()
    flags: tuple[str, ...] = ()  # the row's problems, stored on the action
    other_plan: int | None = None  # the action matched is another plan's (same reference and title)
    taken: bool = True  # for another plan's action: the user confirmed changing it

    @property
    def is_new(self) -> bool:
        return self.action_id is None

    @property
    def held_back(self) -> bool:
        """Another plan's action the user has not confirmed: the row changes nothing."""
        return self.other_plan is not None and not self.taken

    @property
    def to_confirm(self) -> list[tuple[str, object, object]]:
        """(field, app value, tracker value) the user is asked about: each edited field, and
        ("plan", its plan, None) for another plan's action."""
        found = list(self.conflicts)
        if self.other_plan is not None:
            found.insert(0, ("plan", self.other_plan, None))
        return found

    @property
    def changed_fields(self) -> tuple[str, ...]:
        names = list(self.changes)
        if self.new_update_text:
            names.append("update")
        if self.new_links:
            names.append("recommendations")
        return tuple(names)


# -- matching rows to actions held ------------------------------------------------

_REF_PREFIX = re.compile(r"^(?:action|ref|no)\.?\s*")
_PUNCTUATION = re.compile(r"[^\w\s]")


def _ref_key(reference: str) -> str:
    """"Action 1.2." and "1.2" are the same reference."""
    return _REF_PREFIX.sub("", " ".join(reference.lower().split()).rstrip("."))


@lru_cache(maxsize=4096)
def _title_key(title: str) -> str:
    """Titles compared without case, punctuation or spacing."""
    return " ".join(_PUNCTUATION.sub(" ", title.lower()).split())


def _row_status(row: TrackerRow) -> ActionStatus | None:
    """The row's status; a tracker with only a RAG rating says it through the colour."""
    if row.status is not None:
        return row.status
    if row.rag is not None and not row.status_text:
        return _RAG_STATUS[row.rag]
    return None


def _tracker_values(row: TrackerRow) -> dict[str, object]:
    """What the row says for each action field; empty cells say nothing (kept as held)."""
    status = _row_status(row)
    values: dict[str, object] = {
        "reference": " ".join(row.reference.split()), "title": " ".join(row.title.split()),
        "description": row.description.strip(), "owner": " ".join(row.owner.split()),
        "due_text": " ".join(row.due_text.split()),
        "status": status.value if status else None, "rag": row.rag.value if row.rag else None}
    return {k: v for k, v in values.items() if v not in (None, "")}


def _same(name: str, app: object, tracker: object, app_due: date | None, row: TrackerRow) -> bool:
    if name == "due_text" and app_due is not None and row.due is not None:
        return app_due == row.due
    if name == "title":  # the same words with other punctuation or capitals are the same title
        return _title_key(str(app)) == _title_key(str(tracker))
    if isinstance(app, str) and isinstance(tracker, str):
        return " ".join(app.split()).lower() == " ".join(tracker.split()).lower() \
            if name in ("reference", "owner") else " ".join(app.split()) == " ".join(tracker.split())
    return app == tracker


def _user_owned(held: store.MatchRow, name: str, app_value: object) -> bool:
    """Typed in the app: a field edited there, or any filled field of an action added there."""
    if name in held.edited_fields:
        return True
    return held.origin == "manual" and app_value not in (None, "")


def _match(rows: list[TrackerRow], held: list[store.MatchRow]) -> dict[int, store.MatchRow]:
    """Row number -> the action it is: by reference first, then (for the rest) by title.

    A title match is refused when the action held has a reference that another
    row of this tracker claims: that action is that row's, renumbered or not.
    """
    by_ref: dict[str, list[store.MatchRow]] = {}
    by_title: dict[str, list[store.MatchRow]] = {}
    held_ref = {a.id: _ref_key(a.reference) for a in held}
    held_title = {a.id: _title_key(a.title) for a in held}
    for action in held:  # latest plan first (match_rows' order), so its actions win
        if held_ref[action.id]:
            by_ref.setdefault(held_ref[action.id], []).append(action)
        by_title.setdefault(held_title[action.id], []).append(action)
    row_ref = {r.row_number: _ref_key(r.reference) for r in rows}
    tracker_refs = {key for key in row_ref.values() if key}
    used: set[int] = set()
    matched: dict[int, store.MatchRow] = {}

    def take(row: TrackerRow, candidates: list[store.MatchRow]) -> None:
        free = [c for c in candidates if c.id not in used]
        if not free:
            return
        title = _title_key(row.title)
        chosen = next((c for c in free if held_title[c.id] == title), free[0])
        used.add(chosen.id)
        matched[row.row_number] = chosen

    for row in rows:
        if row_ref[row.row_number] in by_ref:
            take(row, by_ref[row_ref[row.row_number]])
    for row in rows:
        if row.row_number not in matched:
            take(row, [c for c in by_title.get(_title_key(row.title), [])
                       if not (held_ref[c.id] and held_ref[c.id] in tracker_refs)])
    return matched


# A tracker not named to a plan is a re-issue of a plan held when at least this share
# of its rows are that plan's actions by both reference and title.
REISSUE_SHARE = 0.5


def choose_plan(ws: Workspace, file_name: str, rows: list[TrackerRow], authority: str | None,
                plan_id: int | None) -> tuple[int | None, str]:
    """The plan the tracker updates (None: a new one) and why, in words for the preview.

    As named; else the plan this file was last imported as; else the plan of the
    council most of whose actions the rows are (same reference and title: a
    re-issued tracker); else a new plan. Rows are only ever matched within it,
    so a tracker of another plan never overwrites this plan's "1.1".
    """
    if plan_id is not None:
        return plan_id, f"It updates plan {plan_id}, as chosen."
    last = store.plan_last_imported_from(ws, file_name)
    if last is not None:
        return last, f"It updates plan {last}, the plan {file_name} was last imported as."
    row_keys = {(_ref_key(r.reference), _title_key(r.title)) for r in rows}
    best, best_share = None, 0.0
    for candidate, keys in store.plan_keys(ws, authority).items():
        held = {(_ref_key(ref), _title_key(title)) for ref, title in keys}
        share = len(row_keys & held) / max(len(row_keys), 1)
        if share > best_share or (share == best_share and best is not None and candidate > best):
            best, best_share = candidate, share
    if best is not None and best_share >= REISSUE_SHARE:
        return best, (f"It updates plan {best}: {round(best_share * 100)}% of its rows are that "
                      "plan's actions (a re-issue of that tracker).")
    return None, "It starts a new plan: its rows are not the actions of any plan held."


def _other_plans(rows: list[TrackerRow], matched: dict[int, store.MatchRow],
                 others: list[store.MatchRow]) -> dict[int, store.MatchRow]:
    """Rows not matched in their plan that are, by reference and title both, an action of
    another plan: changing it needs the user's word (it may be a tracker saved over another)."""
    found: dict[int, store.MatchRow] = {}
    if not others:
        return found
    by_title: dict[str, list[store.MatchRow]] = {}
    for action in others:
        by_title.setdefault(_title_key(action.title), []).append(action)
    used = {a.id for a in matched.values()}
    for row in rows:
        if row.row_number in matched:
            continue
        ref = _ref_key(row.reference)
        for action in by_title.get(_title_key(row.title), []):
            held_ref = _ref_key(action.reference)
            if action.id not in used and (not ref or not held_ref or ref == held_ref):
                found[row.row_number] = action
                used.add(action.id)
                break
    return found


Confirmed = frozenset  # of (row number, field); field "plan" confirms another plan's action


def _decide(ws: Workspace, rows: list[TrackerRow], authority: str | None,
            links: dict[int, tuple[int, ...]], link_flags: dict[int, tuple[str, ...]],
            overwrite_conflicts: bool, plan_id: int | None = None,
            confirmed: Confirmed = frozenset()
            ) -> tuple[list[RowDecision], dict[int, store.MatchRow], int]:
    """Each row's decision, the actions matched (by id), and how many imported actions
    held for this plan the tracker does not list.

    A change to a field edited in the app, or to another plan's action, is made only
    when ``overwrite_conflicts`` or when (row number, field) is in ``confirmed``.
    """
    held = store.match_rows(ws, authority, plan_id)
    matched = _match(rows, held)
    others = [a for a in store.match_rows(ws, authority, any_plan=True)
              if a.plan_id is not None and a.plan_id != plan_id] \
        if any(r.row_number not in matched for r in rows) else []
    elsewhere = _other_plans(rows, matched, others)
    matched.update(elsewhere)
    ids = [a.id for a in matched.values()]
    texts = store.update_texts(ws, ids)
    linked = store.link_sets(ws, ids)
    decisions = []
    for row in rows:
        flags = tuple(dict.fromkeys((*row.flags, *link_flags.get(row.row_number, ()))))
        action = matched.get(row.row_number)
        update_text = row.update_text.strip()
        if action is None:
            decisions.append(RowDecision(row, None, _tracker_values(row), [], update_text,
                                         links.get(row.row_number, ()), flags))
            continue
        decision = RowDecision(row, action.id, flags=flags)
        if row.row_number in elsewhere:
            decision.other_plan = action.plan_id
            decision.taken = overwrite_conflicts or (row.row_number, "plan") in confirmed
        for name, value in _tracker_values(row).items():
            current = getattr(action, name)
            if _same(name, current, value, action.due, row):
                continue
            if _user_owned(action, name, current):
                decision.conflicts.append((name, current, value))
                if not (overwrite_conflicts or (row.row_number, name) in confirmed):
                    continue
            decision.changes[name] = value
        if update_text and " ".join(update_text.split()) not in texts.get(action.id, set()):
            decision.new_update_text = update_text
        decision.new_links = tuple(r for r in links.get(row.row_number, ())
                                   if r not in linked.get(action.id, set()))
        decisions.append(decision)
    matched_ids = set(ids)
    not_listed = sum(1 for a in held if a.origin == "imported" and a.id not in matched_ids)
    return decisions, {a.id: a for a in matched.values()}, not_listed
