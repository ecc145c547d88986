"""Use case: the statutory clocks — when each council's action plan was due, and whether it came.

After a full inspection (ILACS, SIF) the council sends its action plan within
70 working days of the report's publication; after a focused visit with priority
actions, within 20 working days. Working days leave out weekends and England's
bank holidays (``desktop.domain.working_days``). A plan "came" when an
improvement or action plan paper of that council, or a tracker imported against
that inspection, is dated on or after publication.
"""

from __future__ import annotations

from datetime import date

from desktop.domain.dates import stored_date, uk_date
from desktop.domain.documents import DocType
from desktop.domain.working_days import OutsideCalendar, england
from desktop.export.model import ClockItem
from desktop.export.text import plural
from desktop.storage.workspace import Workspace

FULL_INSPECTION_DAYS = 70
PRIORITY_ACTION_DAYS = 20


def _same(a: str | None, b: str | None) -> bool:
    return (a or "").casefold() == (b or "").casefold()


def plan_clocks(ws: Workspace, *, authority: str | None = None,
                as_at: date | None = None) -> list[ClockItem]:
    """One clock per inspection or visit held that starts one, oldest first, as known on ``as_at``."""
    from desktop.storage.clocks import plan_imports, priority_action_documents
    from desktop.storage.documents import originals_of_types

    as_at = as_at or date.today()
    # Only the papers that start a clock or answer one: the Recommendations tab asks on
    # every reload, so the whole document list would cost it dearly at 10,000 papers.
    documents = originals_of_types(ws, tuple(str(t) for t in (
        DocType.INSPECTION_REPORT, DocType.FOCUSED_VISIT, DocType.IMPROVEMENT_PLAN)))
    with_priority = priority_action_documents(ws)
    plans = [d for d in documents if d.doc_type is DocType.IMPROVEMENT_PLAN and d.date is not None]
    trackers = plan_imports(ws)
    calendar = england()
    clocks = []
    for doc in documents:
        if authority and not _same(doc.authority, authority):
            continue
        if doc.doc_type is DocType.INSPECTION_REPORT:
            days, rule = FULL_INSPECTION_DAYS, f"{FULL_INSPECTION_DAYS} working days after publication"
        elif doc.doc_type is DocType.FOCUSED_VISIT and doc.id in with_priority:
            days, rule = PRIORITY_ACTION_DAYS, (f"{PRIORITY_ACTION_DAYS} working days after the "
                                                "letter (priority actions)")
        else:
            continue
        if doc.date is None or doc.date > as_at:
            continue
        try:
            due = calendar.add_working_days(doc.date, days)
        except OutsideCalendar:
            due = None
        # Candidates: the council's plan papers, and trackers imported against this inspection.
        found = [(p.date, f"{p.doc_type.label}, {uk_date(p.date)}") for p in plans
                 if _same(p.authority, doc.authority) and p.date is not None and doc.date <= p.date <= as_at]
        for against, name, when in trackers:
            day = stored_date(when)
            if against == doc.id and day is not None and doc.date <= day <= as_at:
                found.append((day, f"Tracker {name}, first dated {uk_date(day)}"))
        first = min(found, key=lambda f: f[0]) if found else None
        clocks.append(ClockItem(
            inspection=f"{doc.doc_type.label}, {uk_date(doc.date)}", authority=doc.authority,
            published=doc.date, rule=rule, due=due, plan=first[1] if first else "",
            plan_date=first[0] if first else None,
            verdict=_verdict(due, first[0] if first else None, as_at, calendar)))
    return sorted(clocks, key=lambda c: (c.published or date.min, c.inspection))


def _verdict(due: date | None, plan: date | None, as_at: date, calendar) -> str:
    if due is None:
        return "Cannot be worked out: the bank-holiday list does not cover these dates"
    if plan is not None and plan <= due:
        return "Plan held, dated by the deadline"
    if plan is not None:
        late = calendar.working_days_between(due, plan)
        return f"Plan held, dated {plural(late, 'working day')} after the deadline"
    if due >= as_at:
        return "Not yet due"
    return "No plan paper held"


def clock_json(clock: ClockItem) -> dict:
    return {"inspection": clock.inspection, "authority": clock.authority,
            "published": clock.published.isoformat() if clock.published else None,
            "rule": clock.rule, "due": clock.due.isoformat() if clock.due else None,
            "plan": clock.plan or None,
            "plan_date": clock.plan_date.isoformat() if clock.plan_date else None,
            "verdict": clock.verdict}
