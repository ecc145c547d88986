"""Use cases: export the briefing PDF, the pre-meeting note PDF, and the tables (CSV/XLSX).

Every export is written to a temporary file beside the target and moved into
place only when complete (``os.replace``), so a failed or cancelled export never
leaves half a file, and never damages a file already there. A killed export
cannot clean up after itself: its hidden partial file goes on the next export.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from desktop.domain.dates import uk_date
from desktop.domain.errors import Cancelled, UserFacingError
from desktop.export.model import SECTIONS, STATUS_ORDER, BriefingData, NoteData, QuestionItem, status_label
from desktop.export.text import one_line, plural
from desktop.storage.workspace import Workspace

Progress = Callable[[float, str], None]
CancelCheck = Callable[[], bool]
TABLES = ("recommendations", "actions", "evidence")
TABLE_SUFFIXES = (".csv", ".xlsx")
DEFAULT_TITLE = "Progress on inspection recommendations"  # the cover names the authority below it
MAX_FIELD = 300  # characters of a title, committee, meeting, name or marking
logger = logging.getLogger(__name__)


class ExportError(UserFacingError):
    """An export that cannot be written as asked."""


# A briefing on children's services names councils' failings and often children's
# circumstances: it is marked as sensitive unless the councillor chooses otherwise.
DEFAULT_MARKING = "OFFICIAL-SENSITIVE"


@dataclass(frozen=True)
class BriefingOptions:
    """What a briefing covers and what its cover says. Empty tuples mean "all"."""

    authority: str | None = None
    recommendation_ids: tuple[int, ...] = ()
    document_ids: tuple[int, ...] = ()  # inspections: their recommendations (made or quoted)
    statuses: tuple[str, ...] = ()  # recommendation statuses to include
    title: str = ""
    committee: str = ""
    meeting: str = ""
    prepared_by: str = ""
    marking: str = DEFAULT_MARKING  # printed at the top and bottom of every page; "" for none
    sections: frozenset[str] = field(default_factory=lambda: frozenset(SECTIONS))
    prepared_on: date | None = None  # default today
    meeting_date: date | None = None  # the meeting's date: the position is taken at it by default
    as_at: date | None = None  # take the position at this date (default the meeting's, else today)

    def position_date(self, today: date) -> date:
        return self.as_at or self.meeting_date or today

    def checked(self) -> BriefingOptions:
        unknown = set(self.sections) - set(SECTIONS)
        if unknown:
            raise ExportError(f"“{sorted(unknown)[0]}” is not a section; use {', '.join(SECTIONS)}.")
        statuses = tuple(s.strip().lower().replace(" ", "_") for s in self.statuses)
        for status in statuses:
            if status not in STATUS_ORDER:
                raise ExportError(f"“{status}” is not a status; use {', '.join(STATUS_ORDER)}.")
        return replace(self, statuses=statuses, authority=_authority(self.authority),
                       title=_field(self.title), committee=_field(self.committee), meeting=_field(self.meeting),
                       prepared_by=_field(self.prepared_by), marking=_field(self.marking))


def _authority(value: str | None) -> str | None:
    """The council as the app names it ("gloucestershire" -> "Gloucestershire"); None for all."""
    from desktop.extract.authority import canonical_name

    typed = one_line(value)
    return (canonical_name(typed) or typed) if typed else None


def _field(value: object) -> str:
    return one_line(value)[:MAX_FIELD]


# -- writing safely ------------------------------------------------------------------

def check_target(out_path: Path | str, *, overwrite: bool, suffixes: tuple[str, ...]) -> Path:
    """The file to write; refuses an existing file (unless ``overwrite``) and a missing folder."""
    target = Path(out_path).expanduser()
    if not target.suffix and len(suffixes) == 1:
        target = target.with_suffix(suffixes[0])
    if target.suffix.lower() not in suffixes:
        raise ExportError(f"{target.name} should end in {' or '.join(suffixes)}.")
    if target.is_dir():
        raise ExportError(f"{target} is a folder; give a file name.")
    if not target.parent.is_dir():
        raise ExportError(f"The folder {target.parent} does not exist.")
    if target.exists() and not overwrite:
        raise ExportError(f"{target} already exists; choose another name, or allow replacing it "
                          "(--force).")
    return target


def _os_message(target: Path, error: OSError) -> str:
    if isinstance(error, PermissionError) or error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"Cannot write in the folder {target.parent}: permission denied."
    if error.errno == errno.ENOSPC:
        return f"The disk holding {target.parent} is full; nothing was written."
    return f"Cannot write {target.name} in the folder {target.parent}: {error.strerror or error}."


PARTIAL_MARK = ".partial"
STALE_PARTIAL_S = 3600  # a partial whose writer cannot be named is stale after this long


def _partial_writer(entry: Path, target: Path) -> int | None:
    """The process id in a partial's name (".brief.1234-x1y2.partial.pdf"), if it has one."""
    rest = entry.name[len(f".{target.stem}."):]
    pid, dash, _ = rest.partition("-")
    return int(pid) if dash and pid.isdigit() else None


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, but is someone else's
    return True


def clear_stale_partials(target: Path) -> list[Path]:
    """Remove partial files a killed export left beside ``target`` (hidden, named after it).

    A partial whose writer is still running (another export of the same file) is left
    alone; so is one of this process, whose own export cleans up after itself. Where a
    process cannot be asked about (Windows), a partial goes once it is an hour old.
    """
    removed = []
    pattern = f".{glob.escape(target.stem)}.*{PARTIAL_MARK}{glob.escape(target.suffix)}"
    for entry in target.parent.glob(pattern):
        pid = _partial_writer(entry, target)
        try:
            if pid is not None and sys.platform != "win32":
                if pid == os.getpid() or _process_alive(pid):
                    continue
            elif time.time() - entry.stat().st_mtime < STALE_PARTIAL_S:
                continue
            entry.unlink()
            removed.append(entry)
        except OSError:
            pass  # in use or gone already: the next export tries again
    return removed


@contextlib.contextmanager
def atomic_write(target: Path, *, overwrite: bool) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; move it into place only if the block succeeds.

    The partial file is hidden and carries this process's id, so that a partial left
    by an export that was killed is recognised, and removed, on the next export.
    """
    clear_stale_partials(target)
    try:
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}.{os.getpid()}-",
                                        suffix=f"{PARTIAL_MARK}{target.suffix}")
        os.close(handle)
    except OSError as error:
        raise ExportError(_os_message(target, error)) from error
    tmp = Path(name)
    try:
        yield tmp
        if target.exists() and not overwrite:  # appeared while we worked
            raise ExportError(f"{target} appeared while exporting; it was left as it is.")
        os.replace(tmp, target)
    except OSError as error:
        raise ExportError(_os_message(target, error)) from error
    finally:
        tmp.unlink(missing_ok=True)


def _render_safely(render: Callable[[], object], what: str) -> None:
    """Turn reportlab's rare layout failures into a sentence (and keep the details in the log)."""
    from reportlab.platypus.doctemplate import LayoutError

    try:
        render()
    except LayoutError as error:
        logger.exception("layout failed")
        raise ExportError(f"The {what} could not be laid out ({error}); please report this.") from error


# -- the briefing --------------------------------------------------------------------

def briefing_data(ws: Workspace, options: BriefingOptions, *, progress: Progress | None = None,
                  cancel: CancelCheck | None = None) -> BriefingData:
    from desktop.services import export_gather as gather
    from desktop.services.clocks import plan_clocks
    from desktop.services.rollup import rules_table

    options = options.checked()
    prepared = options.prepared_on or date.today()
    position = options.position_date(prepared)
    as_at = past_date(position, prepared)
    today = position  # overdue and "no evidence for 12 months" are measured from the position date
    report = progress or (lambda fraction, words: None)
    report(0.0, "Choosing recommendations")
    scope = gather.Scope(options.authority, tuple(options.recommendation_ids), tuple(options.document_ids))
    recs = gather.known_by(gather.selected_recommendations(ws, scope), as_at, ws)
    left_out = gather.LeftOut()
    items = gather.recommendation_items(ws, recs, today=today, progress=report, cancel=cancel,
                                        share=(0.02, 0.3), as_at=as_at, left_out=left_out)
    if options.statuses:
        items = [i for i in items if i.status in options.statuses]
    labels = {i.id: i.heading for i in items}
    filtered = bool(options.recommendation_ids or options.document_ids or options.statuses)
    report(0.3, "Reading judgements and overdue actions")
    # Chosen recommendations: their actions only. A whole authority: its actions, linked or not.
    overdue = gather.overdue_actions(ws, today, rec_ids=set(labels) if filtered or options.authority else None,
                                     authority=None if filtered else options.authority, labels=labels,
                                     as_at=as_at)
    history = [g for g in gather.inspections(ws, options.authority, {i.authority for i in items})
               if not gather_after(g.date, as_at)]
    clocks = plan_clocks(ws, authority=options.authority, as_at=position)
    authorities = {(i.authority or "").casefold() for i in items}
    if not options.authority and authorities:
        clocks = [c for c in clocks if (c.authority or "").casefold() in authorities]
    return BriefingData(
        title=options.title or DEFAULT_TITLE, prepared_on=prepared, as_at=position,
        left_out=left_out.words(as_at), clocks=tuple(clocks), rules=tuple(rules_table()),
        authority=options.authority, committee=options.committee, meeting=options.meeting,
        prepared_by=options.prepared_by, marking=options.marking, scope=_scope(items, options),
        recommendations=tuple(items), inspections=tuple(history), overdue_actions=tuple(overdue),
        sources=tuple(gather.sources(ws, items)), sections=frozenset(options.sections))


def past_date(position: date, today: date) -> date | None:
    """The as-at date to filter by: None when the position is today or later (nothing to leave out)."""
    return position if position < today else None


def gather_after(when: date | None, as_at: date | None) -> bool:
    return as_at is not None and when is not None and when > as_at


def _scope(items, options: BriefingOptions) -> str:
    groups = list(dict.fromkeys(i.group for i in items if i.group))
    text = plural(len(items), "recommendation")
    if len(groups) == 1:
        text += f" from the {groups[0][0].lower()}{groups[0][1:]}"
    elif groups:
        text += f" from {len(groups)} inspections"
    if options.statuses:
        text += "; statuses: " + ", ".join(status_label(s).lower() for s in options.statuses)
    return text


def export_briefing(ws: Workspace, out_path: Path | str, options: BriefingOptions, *,
                    progress: Progress | None = None, cancel: CancelCheck | None = None,
                    overwrite: bool = False) -> Path:
    """Write the briefing PDF; returns the path written. Raises Cancelled if cancelled."""
    from desktop.export.briefing import render_briefing

    target = check_target(out_path, overwrite=overwrite, suffixes=(".pdf",))
    report = progress or (lambda fraction, words: None)
    data = briefing_data(ws, options, progress=report, cancel=cancel)
    if cancel and cancel():
        raise Cancelled()
    with atomic_write(target, overwrite=overwrite) as tmp:
        _render_safely(lambda: render_briefing(data, str(tmp), progress=report, cancel=cancel,
                                               progress_range=(0.3, 0.98)), "briefing")
    report(1.0, f"Saved {target.name}")
    return target


# -- the pre-meeting note ----------------------------------------------------------

def councils_covered(ws: Workspace, options: BriefingOptions) -> list[str]:
    """The councils whose recommendations a briefing with these options would hold, so that
    a briefing of every council in the workspace is asked for, not given by default."""
    from desktop.services import export_gather as gather

    scope = gather.Scope(options.authority, tuple(options.recommendation_ids), tuple(options.document_ids))
    named = {r.authority.strip(): None for r in gather.selected_recommendations(ws, scope) if r.authority}
    return sorted(named, key=str.casefold)


def note_data(ws: Workspace, *, since: date, authority: str | None = None, today: date | None = None,
              title: str = "", committee: str = "", meeting: str = "", prepared_by: str = "",
              marking: str = "", as_at: date | None = None) -> NoteData:
    from desktop.services import export_gather as gather
    from desktop.services.as_at import actions_as_at

    prepared = today or date.today()
    position = as_at or prepared
    authority = _authority(authority)
    if since > position:
        what = f"the “as at” date ({uk_date(position)})" if as_at else "today"
        raise ExportError(f"“Since” ({uk_date(since)}) is after {what}; choose an earlier date.")
    filter_at = past_date(position, prepared)
    recs = gather.known_by(gather.selected_recommendations(ws, gather.Scope(authority)), filter_at, ws)
    items = gather.recommendation_items(ws, recs, today=position, as_at=filter_at)
    labels = {i.id: i.heading for i in items}
    concerns = [i for i in items if i.status == "concern" or any(a.status == "off_track" for a in i.actions)]
    actions = []
    for action in actions_as_at(ws, filter_at):
        if authority and not (gather.same_authority(action.authority, authority)
                              or any(i in labels for i in action.recommendation_ids)):
            continue
        remark = _action_remark(ws, action, position, since, looking_back=filter_at is not None)
        if remark:
            actions.append(gather.action_item(action, position, labels, remark))
    actions.sort(key=lambda a: (a.due or date.max, a.reference))
    fresh = [replace(q, about=i.heading) for i in items for q in i.quotes
             if q.document_date is not None and q.document_date >= since]
    fresh.sort(key=lambda q: q.document_date or date.min, reverse=True)  # all dated (filtered above)
    questions = [QuestionItem(i.heading, n.text) for i in items for n in i.notes
                 if n.kind == "question"]
    return NoteData(
        title=_field(title) or ("Pre-meeting note" + (f": {authority}" if authority else "")),
        prepared_on=prepared, since=since, as_at=position, authority=authority, meeting=_field(meeting),
        committee=_field(committee), prepared_by=_field(prepared_by), marking=_field(marking),
        concerns=tuple(concerns), actions=tuple(actions), new_evidence=tuple(fresh),
        questions=tuple(questions))


def _action_remark(ws: Workspace, action, as_at: date, since: date, *, looking_back: bool = False) -> str:
    """Why an action belongs in the note ("" when it does not): it became overdue, or its due
    date moved later, after ``since`` and by ``as_at``."""
    from desktop.domain.as_at import became_overdue_within
    from desktop.services.actions import due_history

    reasons = []
    if became_overdue_within(action, since, as_at):
        reasons.append(f"Overdue since {uk_date(action.due)}")
    if action.slips:
        for change in due_history(ws, action.id):
            changed = change.changed_at[:10]
            slipped = change.old_due is not None and (change.new_due is None or change.new_due > change.old_due)
            by_then = changed <= as_at.isoformat() or not looking_back
            if since.isoformat() < changed and by_then and slipped:
                old = one_line(change.old_due_text) or uk_date(change.old_due, "no date")
                new = one_line(change.new_due_text) or uk_date(change.new_due, "no date")
                reasons.append(f"due date moved from {old} to {new} on {uk_date(date.fromisoformat(changed))}")
    text = "; ".join(reasons)
    return text[:1].upper() + text[1:]


def export_note(ws: Workspace, out_path: Path | str, *, since: date, authority: str | None = None,
                overwrite: bool = False, title: str = "", committee: str = "", meeting: str = "",
                prepared_by: str = "", marking: str = "", today: date | None = None,
                progress: Progress | None = None, cancel: CancelCheck | None = None,
                as_at: date | None = None) -> Path:
    """Write the one- or two-page pre-meeting note; returns the path written."""
    from desktop.export.note import render_note

    target = check_target(out_path, overwrite=overwrite, suffixes=(".pdf",))
    report = progress or (lambda fraction, words: None)
    report(0.0, "Reading what changed")
    data = note_data(ws, since=since, authority=authority, today=today, title=title, committee=committee,
                     meeting=meeting, prepared_by=prepared_by, marking=marking, as_at=as_at)
    with atomic_write(target, overwrite=overwrite) as tmp:
        _render_safely(lambda: render_note(data, str(tmp), progress=report, cancel=cancel,
                                           progress_range=(0.5, 0.98)), "note")
    report(1.0, f"Saved {target.name}")
    return target


# -- tables --------------------------------------------------------------------------

def export_table(ws: Workspace, which: str, out_path: Path | str, *, overwrite: bool = False,
                 authority: str | None = None, today: date | None = None) -> Path:
    """Write the recommendations, actions or evidence table as CSV or XLSX (by the file's suffix)."""
    from desktop.export.tables import write_table
    from desktop.services.export_tables import table

    if which not in TABLES:
        raise ExportError(f"“{which}” is not a table; use {', '.join(TABLES)}.")
    target = check_target(out_path, overwrite=overwrite, suffixes=TABLE_SUFFIXES)
    data = table(ws, which, authority=authority, today=today)
    with atomic_write(target, overwrite=overwrite) as tmp:
        write_table(data, tmp)
    return target
