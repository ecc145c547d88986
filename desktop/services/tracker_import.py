"""Import the council's improvement-plan tracker (CSV or XLSX) as actions.

Two steps, so the window can show a preview and ask before anything is saved:

- ``plan_tracker_import`` reads the file, maps its columns, resolves the
  recommendation references against an inspection, and works out what each row
  would do: a new action, a change to one already held (matched by reference,
  else by title), no change, or a conflict with something typed in the app.
  It writes nothing.
- ``apply_tracker_import`` does it in one transaction (Cancel leaves nothing):
  new actions, changed fields, and what a re-import reports (status, RAG, due
  date, update text) as a new dated progress update. Nothing is duplicated;
  fields edited in the app are kept unless the user says to overwrite them.

Rows that cannot be read in full are imported with what was read, and their
problems stored on the action as flags; rows with nothing to import are
skipped, and the summary says why.

This module holds the two steps and their results (``ImportPlan``,
``TrackerImportSummary``); linking rows to recommendations is in
``tracker_linking`` and matching rows to actions in ``tracker_matching``, whose
public names are re-exported here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from desktop.domain.actions import ActionStatus, Rag, TrackerRow
from desktop.domain.dates import iso, uk_date
from desktop.domain.errors import Cancelled, UserFacingError
from desktop.services.tracker_linking import (
    QUOTE_MARGIN,
    QUOTE_MIN_SCORE,
    _authority_of_tracker,
    _linker,
    inspections_for_linking,
    names_a_held_council,
    tracker_names_council,
)
from desktop.services.tracker_matching import RowDecision, _decide, choose_plan
from desktop.storage import actions as store
from desktop.storage import documents as doc_store
from desktop.storage.workspace import Workspace

__all__ = ["MappingError", "RowDecision", "ImportPlan", "TrackerImportSummary",
           "plan_tracker_import", "apply_tracker_import", "inspections_for_linking",
           "summary_json", "plan_json", "REPORTED", "QUOTE_MIN_SCORE", "QUOTE_MARGIN",
           "CancelCheck", "Progress"]

CancelCheck = Callable[[], bool]
Progress = Callable[[int, int], None]

# Of the fields a tracker row sets on an action, what a re-import reports as a dated progress update when it changes.
REPORTED = ("status", "rag", "due_text")
_CHECK_CANCEL_EVERY = 500


class MappingError(UserFacingError):
    """A column mapping that names a field or a column the tracker does not have."""


# -- the plan -------------------------------------------------------------------

@dataclass
class ImportPlan:
    path: Path
    sheet: str | None
    sheets: list[str]
    header_row: int
    headers: list[str]
    mapping: dict[str, int]  # field -> column index (0-based)
    rows: list[TrackerRow]
    skipped: list[tuple[int, str]]  # (row number, why)
    authority: str | None
    against_document_id: int | None
    notes: list[str]  # what the user should know (which inspection refs were read against)
    decisions: list[RowDecision]
    links: dict[int, tuple[int, ...]]  # row number -> recommendation ids
    not_in_tracker: int = 0  # imported actions held that this tracker does not list
    overwrite_conflicts: bool = False  # what the decisions were worked out for
    plan_id: int | None = None  # the plan it updates; None: it starts a new one
    as_at: date | None = None  # the position date every update it records carries
    as_at_source: str = ""  # where that was read: title, sheet, file name, given; "" none
    names_council: bool = True  # False: no inspection was pre-chosen; the user must pick it
    remembered_against: int | None = None  # the inspection chosen last time for this plan
    held_in_plan: int = 0  # actions the plan it updates already holds
    confirmed: frozenset = frozenset()  # (row number, field) the user said to take

    @property
    def wants_links(self) -> bool:
        return any(r.recommendation_refs or r.recommendation_quote for r in self.rows)

    @property
    def linked_rows(self) -> int:
        return sum(1 for r in self.rows if self.links.get(r.row_number))

    @property
    def warnings(self) -> list[str]:
        """What must be confirmed before importing: it would link nothing, or duplicate."""
        found = []
        if self.wants_links and not self.linked_rows:
            found.append("No row links to a recommendation: check which inspection the "
                         "tracker's references mean before importing.")
        if self.plan_id is not None and len(self.new) > self.held_in_plan:
            found.append(f"It would add {len(self.new)} new actions to a plan that holds "
                         f"{self.held_in_plan}: this may be another plan, or its rows may have "
                         "been renumbered; check the plan before importing.")
        return found

    def link_line(self) -> str:
        unlinked = len(self.rows) - self.linked_rows
        return (f"{self.linked_rows} row{'s' if self.linked_rows != 1 else ''} link to "
                f"recommendations; {unlinked} do{'es' if unlinked == 1 else ''} not.")

    @property
    def new(self) -> list[TrackerRow]:
        return [d.row for d in self.decisions if d.is_new]

    @property
    def changed(self) -> list[tuple[int, TrackerRow, tuple[str, ...]]]:
        return [(d.action_id, d.row, d.changed_fields) for d in self.decisions
                if d.action_id is not None and not d.held_back and d.changed_fields]

    @property
    def unchanged(self) -> list[tuple[int, TrackerRow]]:
        return [(d.action_id, d.row) for d in self.decisions
                if d.action_id is not None and not d.held_back and not d.changed_fields]

    @property
    def held_back(self) -> list[RowDecision]:
        """Rows that are another plan's actions, not confirmed: they change nothing."""
        return [d for d in self.decisions if d.held_back]

    @property
    def to_confirm(self) -> list[tuple[RowDecision, str, object, object]]:
        """What the user is asked to confirm, one line each: (decision, field, app, tracker);
        field "plan" is a row that is another plan's action."""
        return [(d, name, app, tracker) for d in self.decisions
                for name, app, tracker in d.to_confirm]

    @property
    def conflicts(self) -> list[tuple[int, str, object, object]]:
        return [(d.action_id, name, app, tracker) for d in self.decisions if d.action_id is not None
                for name, app, tracker in d.conflicts]

    @property
    def flagged(self) -> list[RowDecision]:
        return [d for d in self.decisions if d.flags]

    def describe(self) -> str:
        """What importing would do, for a dry run or the preview."""
        lines = [_read_line(self)] + self.notes + [self.link_line()]
        lines += [f"Warning: {w}" for w in self.warnings]
        held_back = len(self.held_back)
        lines.append(f"Would import {len(self.new)}, update {len(self.changed)}, leave "
                     f"{len(self.unchanged)} unchanged; {len(self.flagged)} flagged, "
                     f"{len(self.skipped)} skipped"
                     + (f", {held_back} held back (another plan's actions)" if held_back else "")
                     + ".")
        lines += [f"  {reason}" for reason in _reasons(self)]
        return "\n".join(lines)


@dataclass
class TrackerImportSummary:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    flagged: int = 0
    skipped: int = 0
    reasons: list[str] = field(default_factory=list)
    conflicts_kept: int = 0
    plan_id: int | None = None
    action_ids: list[int] = field(default_factory=list)  # every action the tracker listed
    notes: list[str] = field(default_factory=list)
    file_name: str = ""
    held_back: int = 0  # rows that are another plan's actions, left alone (also in skipped)
    import_id: int | None = None  # the record `actions undo-import` takes

    def describe(self) -> str:
        counts = (f"{self.imported} imported, {self.updated} updated, {self.unchanged} unchanged, "
                  f"{self.flagged} flagged, {self.skipped} skipped")
        if self.conflicts_kept:
            counts += (f"; {self.conflicts_kept} change{'s' if self.conflicts_kept != 1 else ''} "
                       "from the tracker not applied because you edited those fields in the app")
        if self.held_back:
            counts += (f"; {self.held_back} row{'s' if self.held_back != 1 else ''} of another "
                       "plan's actions left alone")
        lines = [f"{self.file_name}: {counts}." if self.file_name else counts + "."]
        if self.import_id is not None:
            lines.append(f"Recorded as tracker import {self.import_id}; to take it back: "
                         f"scrutiny-desk actions undo-import {self.import_id}.")
        lines += self.notes
        lines += [f"  {reason}" for reason in self.reasons]
        return "\n".join(lines)


def _read_line(plan: ImportPlan) -> str:
    where = f" (sheet “{plan.sheet}”)" if plan.sheet else ""
    return (f"Read {plan.path.name}{where}: {len(plan.rows) + len(plan.skipped)} rows under the "
            f"header in row {plan.header_row}.")


def _reasons(plan: ImportPlan) -> list[str]:
    """Why rows were skipped or flagged, and which edits were kept or replaced, by row."""
    reasons = [(n, f"Row {n}: skipped, {why}") for n, why in plan.skipped]
    for decision in plan.decisions:
        for flag in decision.flags:
            reasons.append((decision.row.row_number,
                            f"Row {decision.row.row_number}: flagged, {flag}"))
    for decision in plan.decisions:
        number = decision.row.row_number
        if decision.other_plan is not None:
            what = (f"Row {number}: it is action {decision.action_id} of plan "
                    f"{decision.other_plan}, another plan")
            reasons.append((number, f"{what}; updated, as you confirmed" if decision.taken else
                            f"{what}; not imported, so that plan is not changed (tick it in the "
                            "window, or import again with --overwrite-edits, to update it)"))
        for name, app, tracker in decision.conflicts:
            label = _FIELD_WORDS.get(name, name)
            if name in decision.changes:
                reasons.append((number, f"Row {number}: the tracker's “{_show(tracker)}” "
                                        f"replaces your {label} “{_show(app)}”"))
            elif not decision.held_back:
                reasons.append((number, f"Row {number}: kept your {label} “{_show(app)}” (the "
                                        f"tracker says “{_show(tracker)}”); import again choosing "
                                        "to overwrite your edits to take the tracker's"))
    return [text for _, text in sorted(reasons, key=lambda r: r[0])]


_FIELD_WORDS = {"due_text": "due date", "rag": "RAG rating", "reference": "reference"}


def _show(value: object) -> str:
    if value is None or value == "":
        return "none"
    if isinstance(value, (ActionStatus, Rag)):
        return value.label
    text = str(value)
    for status in ActionStatus:
        if text == status.value:
            return status.label
    return text if len(text) <= 60 else text[:59] + "…"


# -- reading the file -----------------------------------------------------------

def _resolve_mapping(headers: list[str], samples: list[list[str]], mapping: dict[str, int] | None,
                     map_columns: dict[str, str] | None) -> dict[str, int]:
    """The guess from the headers (and the first rows), with the user's choices over it."""
    from desktop.trackers.mapping import FIELDS, guess_mapping

    chosen = dict(mapping) if mapping is not None else dict(guess_mapping(headers, samples))
    for name, column in (map_columns or {}).items():
        wanted = name.strip().lower().replace("-", "_").replace(" ", "_")
        if wanted not in FIELDS:
            raise MappingError(f"“{name}” is not a field a tracker column can hold; use one of: "
                               + ", ".join(FIELDS) + ".")
        index = _column_index(headers, column)
        chosen = {f: i for f, i in chosen.items() if i != index}  # a column holds one field
        chosen[wanted] = index
    bad = [f for f, i in chosen.items() if f not in FIELDS or not 0 <= i < len(headers)]
    if bad:
        raise MappingError(f"The mapping names {', '.join(bad)}, which this tracker cannot hold.")
    return chosen


def _column_index(headers: list[str], column: str) -> int:
    text = " ".join(str(column).split())
    if text.isdigit() and 1 <= int(text) <= len(headers):
        return int(text) - 1
    for index, header in enumerate(headers):
        if " ".join(header.split()).lower() == text.lower():
            return index
    raise MappingError(f"The tracker has no column “{column}”. Its columns are {_listed(headers)}.")


def _listed(headers: list[str]) -> str:
    return "; ".join(f"{n}: {h or '(no header)'}" for n, h in enumerate(headers, start=1))


def plan_tracker_import(ws: Workspace, path: Path | str, *, sheet: str | None = None,
                        mapping: dict[str, int] | None = None,
                        against_document_id: int | None = None,
                        map_columns: dict[str, str] | None = None,
                        authority: str | None = None,
                        overwrite_conflicts: bool = False,
                        cancel: CancelCheck | None = None,
                        today: date | None = None,
                        plan_id: int | None = None,
                        as_at: date | None = None,
                        new_plan: bool = False,
                        confirmed: frozenset = frozenset()) -> ImportPlan:
    """Read the tracker and work out what importing it would do. Writes nothing.

    ``mapping`` (field -> 0-based column) replaces the guess from the headers;
    ``map_columns`` (field -> header text or 1-based column number, as typed on
    the command line) changes single fields of it. ``plan_id`` names the plan it
    updates and ``new_plan`` makes it start one; neither: the plan is chosen (the one
    the file was last imported as, or the one its rows are).
    """
    from desktop.trackers.read import list_sheets, read_table
    from desktop.trackers.rows import parse_rows

    path = Path(path).expanduser()
    table = read_table(path, sheet, cancel=cancel)
    try:
        sheets = list_sheets(path)
    except UserFacingError:
        sheets = [table.sheet] if table.sheet else []
    chosen = _resolve_mapping(table.headers, [cells for _, cells in table.rows[:200]], mapping,
                              map_columns)
    if not {"title", "description", "reference"} & set(chosen):
        raise MappingError(f"No column of {path.name} was recognised as the actions. Say which "
                           "column holds them (on the command line: --map title=COLUMN). "
                           f"Its columns are {_listed(table.headers)}.")
    parsed = parse_rows(table, chosen, today=today)
    if not parsed.rows:
        why = "; ".join(f"row {n}: {reason}" for n, reason in parsed.skipped[:3])
        raise UserFacingError(f"{path.name} has no actions to import"
                              + (f" ({why}{'; …' if len(parsed.skipped) > 3 else ''})." if why
                                 else ": there are no rows under its header."))
    against = None
    if against_document_id is not None:
        against = doc_store.get_document(ws, against_document_id)
        if against is None:
            raise UserFacingError(f"There is no document {against_document_id} in this workspace "
                                  "(see: scrutiny-desk documents).")
    tracker_authority = _authority_of_tracker(ws, path, table.sheet, against, authority)
    names_council = (tracker_names_council(path, table.sheet, table.title_lines, against, authority)
                     or names_a_held_council(ws, path, table.sheet, table.title_lines))
    notes: list[str] = []
    linker, against_id = _linker(ws, parsed.rows, against, tracker_authority, notes,
                                 choose_default=names_council)
    links, link_flags = {}, {}
    for row in parsed.rows:
        links[row.row_number], link_flags[row.row_number] = linker.resolve(row)
    if tracker_authority is None and linker.recs:
        tracker_authority = next((r.authority for r in linker.recs if r.authority), None)
    if plan_id is not None and not store.plan_exists(ws, plan_id):
        raise UserFacingError(f"There is no plan {plan_id} in this workspace (see: scrutiny-desk "
                              "actions list --json, field plan_id).")
    from desktop.trackers.position_date import position_date

    if as_at is not None:
        as_at_source = "given"
    else:
        as_at, as_at_source = position_date(table.title_lines, table.sheet, path)
    if as_at is not None:
        notes.append(f"Position as at {uk_date(as_at)} (read from the {as_at_source})."
                     if as_at_source != "given" else f"Position as at {uk_date(as_at)}.")
    if new_plan and plan_id is None:
        chosen_plan, why_plan = None, "It starts a new plan, as chosen."
    else:
        chosen_plan, why_plan = choose_plan(ws, path.name, parsed.rows, tracker_authority, plan_id)
    notes.append(why_plan)
    remembered = store.plan_against(ws, chosen_plan) if chosen_plan is not None else None
    if not names_council and against is None and remembered is not None:
        last = doc_store.get_document(ws, remembered)
        notes.append("Last time this plan's references were read against "
                     + (f"“{last.title}” (document {remembered})." if last else
                        f"document {remembered}."))
    decisions, _, not_listed = _decide(ws, parsed.rows, tracker_authority, links, link_flags,
                                       overwrite_conflicts, chosen_plan, confirmed)
    if tracker_authority is None and store.actions_with_an_authority(ws):
        notes.append("It was compared only with actions that have no council, so another "
                     "council's actions are never changed by it; to update a council's actions, "
                     "choose the inspection the tracker answers.")
    if not_listed and any(not d.is_new for d in decisions):
        notes.append(f"{not_listed} action{'s' if not_listed != 1 else ''} imported before "
                     f"{'are' if not_listed != 1 else 'is'} not in this tracker; "
                     f"{'they were' if not_listed != 1 else 'it was'} left as "
                     f"{'they are' if not_listed != 1 else 'it is'}.")
    return ImportPlan(path=path, sheet=table.sheet, sheets=sheets, header_row=table.header_row,
                      headers=list(table.headers), mapping=chosen, rows=list(parsed.rows),
                      skipped=list(parsed.skipped), authority=tracker_authority,
                      against_document_id=against_id, notes=notes, decisions=decisions,
                      links=links, not_in_tracker=not_listed,
                      overwrite_conflicts=overwrite_conflicts, plan_id=chosen_plan,
                      as_at=as_at, as_at_source=as_at_source, names_council=names_council,
                      remembered_against=remembered, confirmed=frozenset(confirmed),
                      held_in_plan=store.plan_size(ws, chosen_plan) if chosen_plan else 0)


# -- applying it --------------------------------------------------------------------

def _report_text(changes: dict[str, Any]) -> str:
    """Words for an update that has no text of its own: what the tracker now reports."""
    parts = []
    if "status" in changes:
        parts.append(f"status {ActionStatus(changes['status']).label.lower()}")
    if "rag" in changes:
        parts.append(f"RAG {Rag(changes['rag']).label.lower()}" if changes["rag"] else "no RAG")
    if "due_text" in changes:
        parts.append(f"due {changes['due_text']}")
    return ("The tracker now reports " + ", ".join(parts) + ".") if parts else ""


def _new_action(decision: RowDecision, plan_id: int, position: int,
                authority: str | None) -> store.NewAction:
    row, values = decision.row, decision.changes
    return store.NewAction(
        title=values.get("title") or f"Row {row.row_number}", reference=values.get("reference", ""),
        description=values.get("description", ""), owner=values.get("owner", ""),
        authority=authority, due=row.due, due_text=values.get("due_text", ""),
        original_due=row.due, original_due_text=values.get("due_text", "") if row.due else "",
        status=values.get("status") or ActionStatus.NOT_STARTED.value, rag=values.get("rag"),
        flags=decision.flags, origin="imported", plan_id=plan_id, position=position,
        source_row=row.row_number)


def _first_update(decision: RowDecision, action_id: int, today: date, source: str,
                  as_at: date | None = None) -> store.NewUpdate | None:
    if not decision.new_update_text:
        return None
    row, values = decision.row, decision.changes
    return store.NewUpdate(action_id=action_id, text=decision.new_update_text,
                           date=row.update_date or as_at or today, status=values.get("status"),
                           rag=values.get("rag"), due=row.due, due_text=values.get("due_text"),
                           source=source)


def _apply_change(ws: Workspace, decision: RowDecision, held: store.MatchRow, plan_id: int,
                  position: int, authority: str | None, today: date, source: str,
                  as_at: date | None = None, newer_held: bool = False) -> bool:
    """Change one matched action; True when something the user would see changed.

    ``newer_held``: a tracker of a later date has already been imported for it, so
    this older one only files its update in the history and changes no field.
    Another plan's action (confirmed by the user) stays where it is in its plan.
    """
    row, changes = decision.row, decision.changes
    if newer_held:
        changes = {}
    stored: dict[str, object] = dict(changes)
    if "due_text" in changes:
        stored["due"] = row.due
        if held.due != row.due or held.due_text != changes["due_text"]:
            if held.due_text or held.due:
                store.insert_due_change(ws, held.id, held.due, held.due_text, row.due,
                                        changes["due_text"], as_at)
            if held.original_due is None and row.due is not None:
                stored.update(original_due=row.due, original_due_text=changes["due_text"])
    taken = [name for name, _app, _tracker in decision.conflicts if name in changes]
    if taken:  # the tracker's value now stands: it is no longer the user's edit
        stored["edited_fields"] = tuple(f for f in held.edited_fields if f not in taken)
    if held.authority is None and authority:
        stored["authority"] = authority
    if stored:
        store.update_action(ws, held.id, stored)
    elif decision.changed_fields:  # a new update or link changes the action too
        store.touch_action(ws, held.id)
    # Where it now sits in the plan, and what this reading of the row found to check:
    # bookkeeping, so an unchanged action keeps its "last changed" time.
    if decision.other_plan is None:
        store.place_action(ws, held.id, plan_id=plan_id, position=position,
                           source_row=row.row_number,
                           flags=decision.flags if tuple(decision.flags) != tuple(held.flags)
                           else None)
    reported = {k: v for k, v in changes.items() if k in REPORTED}
    if reported or decision.new_update_text:
        store.insert_update(ws, store.NewUpdate(
            action_id=held.id, text=decision.new_update_text or _report_text(reported),
            date=row.update_date or as_at or today, status=reported.get("status"),
            rag=reported.get("rag"),
            due=row.due if "due_text" in reported else None, due_text=reported.get("due_text"),
            source=source))
    if decision.new_links:
        store.link_many(ws, [(held.id, r) for r in decision.new_links])
    return bool(decision.changed_fields)


def apply_tracker_import(ws: Workspace, plan: ImportPlan, *, overwrite_conflicts: bool = False,
                         progress: Progress | None = None, cancel: CancelCheck | None = None,
                         today: date | None = None,
                         confirmed: frozenset | None = None) -> TrackerImportSummary:
    """Import the planned rows in one transaction; Cancel (``cancel()`` true) keeps nothing.

    The rows are matched again inside the transaction, so edits made since the
    plan was shown are respected. ``confirmed`` (default: the plan's) holds the
    (row number, field) pairs the user ticked: edited fields to replace, and
    ("plan") rows that are another plan's actions to update. Everything the import
    does is recorded (:mod:`desktop.services.tracker_history`), so it can be undone.
    """
    from desktop.services import tracker_history as history

    today = today or date.today()
    confirmed = plan.confirmed if confirmed is None else frozenset(confirmed)
    report = progress or (lambda done, total: None)
    source = plan.path.name
    summary = TrackerImportSummary(skipped=len(plan.skipped), file_name=plan.path.name,
                                   notes=list(plan.notes))
    total = len(plan.rows)
    link_flags = {d.row.row_number: tuple(f for f in d.flags if f not in d.row.flags)
                  for d in plan.decisions}
    digest = history.file_digest(plan.path)
    from desktop.services.backups import backup_before

    backup_before(ws, "tracker-import")  # a tracker can change many actions at once
    with ws.write():
        decisions, held, _ = _decide(ws, plan.rows, plan.authority, plan.links, link_flags,
                                     overwrite_conflicts, plan.plan_id, confirmed)
        details: dict[str, Any] = dict(name=plan.path.name, source_file=str(plan.path), sheet=plan.sheet,
                                       authority=plan.authority, against_document_id=plan.against_document_id)
        existing = plan.plan_id if plan.plan_id is not None and store.plan_exists(ws, plan.plan_id) else None
        reused = existing is not None
        record = history.ImportRecorder(ws, plan, digest, reused, [
            d.action_id for d in decisions if d.action_id is not None and not d.held_back])
        if existing is not None:
            plan_id = existing
            store.reuse_plan(ws, plan_id, **details)
        else:
            plan_id = store.insert_plan(ws, **details)
        record.start(plan_id)
        # An older tracker imported after a newer one changes no field the newer one set.
        latest = store.latest_tracker_dates(ws, [d.action_id for d in decisions
                                                 if d.action_id is not None])
        first_updates: list[store.NewUpdate] = []
        new_links: list[tuple[int, int]] = []
        for position, decision in enumerate(decisions):
            if position % _CHECK_CANCEL_EVERY == 0:
                if cancel and cancel():
                    raise Cancelled()
                report(position, total)
            if decision.held_back:
                summary.skipped += 1
                summary.held_back += 1
                continue
            if decision.flags:
                summary.flagged += 1
            if decision.action_id is None:  # a new action
                action_id = store.insert_action(ws, _new_action(decision, plan_id, position,
                                                                plan.authority))
                record.created(action_id)
                summary.imported += 1
                summary.action_ids.append(action_id)
                update = _first_update(decision, action_id, today, source, plan.as_at)
                if update:
                    first_updates.append(update)
                new_links += [(action_id, r) for r in decision.new_links]
                continue
            summary.action_ids.append(decision.action_id)
            newest = latest.get(decision.action_id)
            if _apply_change(ws, decision, held[decision.action_id], plan_id, position,
                             plan.authority, today, source, plan.as_at,
                             newer_held=bool(plan.as_at and newest and newest > plan.as_at)):
                summary.updated += 1
            else:
                summary.unchanged += 1
            record.linked(decision.action_id, decision.new_links)
            summary.conflicts_kept += sum(1 for name, _a, _t in decision.conflicts
                                          if name not in decision.changes)
        store.insert_updates(ws, first_updates)
        store.link_many(ws, new_links)
        summary.plan_id = plan_id
        if cancel and cancel():
            raise Cancelled()
        summary.import_id = record.finish(summary)
    report(total, total)
    final = replace(plan, decisions=decisions, overwrite_conflicts=overwrite_conflicts,
                    confirmed=confirmed)
    summary.reasons = _reasons(final)
    return summary


# -- JSON for the command line -----------------------------------------------------

def summary_json(summary: TrackerImportSummary) -> dict:
    return {"imported": summary.imported, "updated": summary.updated,
            "unchanged": summary.unchanged, "flagged": summary.flagged,
            "skipped": summary.skipped, "conflicts_kept": summary.conflicts_kept,
            "reasons": summary.reasons, "notes": summary.notes, "plan_id": summary.plan_id,
            "import_id": summary.import_id, "held_back": summary.held_back}


def _taken(decision: RowDecision, name: str) -> bool:
    return decision.taken if name == "plan" else name in decision.changes


def plan_json(plan: ImportPlan) -> dict:
    return {"file": str(plan.path), "sheet": plan.sheet, "sheets": plan.sheets,
            "header_row": plan.header_row, "headers": plan.headers, "mapping": plan.mapping,
            "authority": plan.authority, "against_document_id": plan.against_document_id,
            "plan_id": plan.plan_id, "as_at": iso(plan.as_at), "as_at_source": plan.as_at_source,
            "names_council": plan.names_council, "remembered_against": plan.remembered_against,
            "linked_rows": plan.linked_rows, "unlinked_rows": len(plan.rows) - plan.linked_rows,
            "warnings": plan.warnings,
            "new": len(plan.new), "changed": len(plan.changed), "unchanged": len(plan.unchanged),
            "flagged": len(plan.flagged), "skipped": len(plan.skipped),
            "conflicts": [{"action_id": a, "field": f, "app": _show(app), "tracker": _show(t)}
                          for a, f, app, t in plan.conflicts],
            "to_confirm": [{"row": d.row.row_number, "action_id": d.action_id, "field": f,
                            "app": _show(app), "tracker": _show(t), "taken": _taken(d, f)}
                           for d, f, app, t in plan.to_confirm],
            "held_back": len(plan.held_back),
            "notes": plan.notes, "reasons": _reasons(plan)}
