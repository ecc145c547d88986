"""The status of each recommendation, rolled up from its actions and its evidence.

The rule is a table of (test, status, words): the code walks the table and the
window shows the same words, so what the user reads is what the code does.
The user may override the rolled-up status with a reason; the roll-up is still
computed and shown beside it.

Every recommendation's roll-up comes from three set queries (recommendations,
their actions, their evidence), so a list of hundreds costs the same few queries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from desktop.domain.dates import stored_date, uk_date
from desktop.domain.documents import DocType
from desktop.domain.errors import UserFacingError
from desktop.domain.evidence import RollUp, Stance
from desktop.domain.recommendations import RecommendationStatus as Status
from desktop.storage import evidence as store
from desktop.storage.workspace import Workspace

STALE_AFTER_DAYS = 365
# Papers written by inspectors, not by the council: their view is independent of the plan.
INDEPENDENT_TYPES = frozenset({DocType.INSPECTION_REPORT.value, DocType.MONITORING_VISIT.value,
                               DocType.FOCUSED_VISIT.value, DocType.JOINT_INSPECTION.value})
# What the council's own reporting says, mapped to the words it uses.
COUNCIL_SAYS_DONE = frozenset({"complete", "green", "blue", "on_track", "on track"})


@dataclass
class Facts:
    """What the roll-up looks at for one recommendation."""

    action_statuses: list[str] = field(default_factory=list)
    action_rags: list[str | None] = field(default_factory=list)
    # (document date, stance, document type, document title) of each piece of evidence
    evidence: list[tuple] = field(default_factory=list)
    # the newest date an action of it was reported complete, when the updates say
    completed_on: date | None = None

    def _verdicts(self) -> list[tuple]:
        return [e for e in self.evidence if e[1] in (Stance.PROGRESS, Stance.CONCERN)]

    @property
    def latest_stance(self) -> str | None:
        """The stance of the newest dated progress or concern evidence (context is not a verdict).

        Where the newest document holds both, concern wins: one worrying
        paragraph in a letter outweighs a kind one beside it.
        """
        verdicts = self._verdicts()
        if not verdicts:
            return None
        newest = max((e[0] or date.min) for e in verdicts)
        stances = {e[1] for e in verdicts if (e[0] or date.min) == newest}
        return Stance.CONCERN.value if Stance.CONCERN.value in stances else Stance.PROGRESS.value

    @property
    def newest_concern_source(self) -> str:
        """The paper behind the newest concern, for the words beside the status."""
        concerns = [e for e in self.evidence if e[1] == Stance.CONCERN]
        if not concerns:
            return ""
        newest = max(concerns, key=lambda e: e[0] or date.min)
        title = " ".join(str(newest[3] if len(newest) > 3 and newest[3] else "").split())
        when = uk_date(newest[0]) if newest[0] else ""
        return ", ".join(p for p in (title or _type_label(newest[2]), when) if p)

    @property
    def independent_progress_since_complete(self) -> bool:
        """Inspectors' evidence of progress dated on or after the actions were reported complete."""
        return any(e[1] == Stance.PROGRESS and e[2] in INDEPENDENT_TYPES
                   and (self.completed_on is None or (e[0] is not None and e[0] >= self.completed_on))
                   for e in self.evidence)

    @property
    def all_actions_complete(self) -> bool:
        return bool(self.action_statuses) and all(s == "complete" for s in self.action_statuses)

    @property
    def any_action_off_track(self) -> bool:
        return any(s == "off_track" for s in self.action_statuses) or "red" in self.action_rags

    @property
    def any_action_started(self) -> bool:
        return any(s != "not_started" for s in self.action_statuses)


@dataclass(frozen=True, slots=True)
class Rule:
    test: Callable[[Facts], bool]
    status: Status
    words: str  # the row of the table the user reads
    qualifier: str = ""  # shown beside the status label, where the label alone would mislead


NOT_YET_EVIDENCED = "actions complete, impact not yet evidenced"

# First rule that applies gives the status. Keep the words exact: they are shown to the user,
# in the window's "How is this worked out?" and in the briefing's notes.
RULES: tuple[Rule, ...] = (
    Rule(lambda f: f.latest_stance == Stance.CONCERN,
         Status.CONCERN, "The latest evidence is a concern"),
    Rule(lambda f: f.any_action_off_track,
         Status.CONCERN, "An action is off track (or rated red)"),
    Rule(lambda f: f.all_actions_complete and f.independent_progress_since_complete
         and f.latest_stance == Stance.PROGRESS,
         Status.COMPLETE, "All its actions are complete and inspectors' evidence since shows progress"),
    Rule(lambda f: f.all_actions_complete,
         Status.IN_PROGRESS, "All its actions are complete but no inspectors' evidence since shows "
         "the difference made", qualifier=NOT_YET_EVIDENCED),
    Rule(lambda f: f.latest_stance == Stance.PROGRESS,
         Status.EVIDENCE_OF_PROGRESS, "The latest evidence shows progress"),
    Rule(lambda f: f.any_action_started,
         Status.IN_PROGRESS, "Its actions are under way, with no evidence either way yet"),
    Rule(lambda f: bool(f.action_statuses),
         Status.NOT_STARTED, "It has actions, none started yet, and no evidence either way"),
    Rule(lambda f: True,
         Status.NOT_STARTED, "No actions and no evidence yet"),
)


def status_words(status: Status, qualifier: str = "") -> str:
    """"In progress (actions complete, impact not yet evidenced)"; the bare label otherwise."""
    return f"{status.label} ({qualifier})" if qualifier else status.label


def rules_table() -> list[tuple[str, str]]:
    """(when, status) rows, in the order they are tried, for the window and the briefing."""
    return [(rule.words, status_words(rule.status, rule.qualifier)) for rule in RULES]


def _rules_in_words() -> str:
    lines = [("A status you set yourself, with a reason, always comes first. Otherwise the status "
              "is the first of these that applies (context evidence does not count; where the "
              "newest paper holds both, concern outweighs progress, and the paper is named):")]
    lines += [f"{n}. {words}: {status.lower()}." for n, (words, status) in enumerate(rules_table(), 1)]
    lines.append("Beside it: what the council itself reports (its tracker's RAG or status, or its "
                 "own report), flagged when the council reports complete or green but the newest "
                 "inspectors' evidence is a concern.")
    lines.append(f"“No evidence for 12 months” shows when nothing linked is dated within "
                 f"{STALE_AFTER_DAYS} days of the date the position is taken at, and the "
                 "recommendation is older than that.")
    return "\n".join(lines)


ROLL_UP_RULES: str = _rules_in_words()


def apply_rules(facts: Facts) -> Rule:
    return next(rule for rule in RULES if rule.test(facts))


def _type_label(kind: str | None) -> str:
    return DocType(kind).label if kind is not None and kind in DocType._value2member_map_ else ""


# -- reading the facts ----------------------------------------------------------

def _council_from_actions(statuses: list[str], rags: list[str | None]) -> str | None:
    """The council's own view of a recommendation, from its actions' RAG (else status)."""
    if not statuses:
        return None
    if all(s == "complete" for s in statuses) or (rags and all(r == "blue" for r in rags)):
        return "complete"
    given = [r for r in rags if r]
    if given:
        for colour in ("red", "amber", "green", "blue"):
            if colour in given:
                return colour
    for status in ("off_track", "at_risk", "on_track", "not_started"):
        if status in statuses:
            return status.replace("_", " ")
    return None


def _disagreement(council: str | None, facts: Facts) -> str | None:
    """The plan says done or green, but the newest independent evidence is a concern."""
    if not council or council.lower() not in COUNCIL_SAYS_DONE:
        return None
    independent = [e for e in facts.evidence if e[2] in INDEPENDENT_TYPES
                   and e[1] in (Stance.PROGRESS, Stance.CONCERN)]
    if not independent:
        return None
    newest_date = max((e[0] or date.min) for e in independent)
    newest = [e for e in independent if (e[0] or date.min) == newest_date]
    if not any(e[1] == Stance.CONCERN for e in newest):
        return None
    kind = next(e[2] for e in newest if e[1] == Stance.CONCERN)
    label = DocType(kind).label.lower() if kind in DocType._value2member_map_ else "inspection"
    when = f" ({uk_date(newest_date)})" if newest_date != date.min else ""
    article = "an" if label[:1] in "aeiou" else "a"
    return (f"The council reports {council}, but the newest independent evidence, "
            f"{article} {label}{when}, is a concern.")


def _action_facts(ws: Workspace, ids: list[int] | None, as_at: date | None,
                  facts: dict[int, Facts]) -> None:
    """Each recommendation's actions as known on ``as_at`` (now when None)."""
    from desktop.services.as_at import actions_as_at

    single = ids[0] if ids is not None and len(ids) == 1 else None
    wanted = None if ids is None else set(ids)
    for action in actions_as_at(ws, as_at, recommendation_id=single):
        completed = [u.date for u in action.updates if u.status is not None
                     and u.status.value == "complete" and u.date is not None]
        for rid in action.recommendation_ids:
            if wanted is not None and rid not in wanted:
                continue
            f = facts.setdefault(rid, Facts())
            f.action_statuses.append(action.status.value)
            f.action_rags.append(action.rag.value if action.rag else None)
            if action.status.value == "complete" and completed:
                f.completed_on = max(filter(None, (f.completed_on, max(completed))))


def rollups(ws: Workspace, recommendation_ids: Iterable[int] | None = None, *,
            today: date | None = None, as_at: date | None = None) -> dict[int, RollUp]:
    """The roll-up of each recommendation (all of them when ``recommendation_ids`` is None).

    ``as_at`` takes the position on that date: actions as their updates then stood,
    evidence dated after it left out, staleness measured from it. ``today`` is the
    older name for the date staleness is measured from; ``as_at`` implies it.
    """
    today = as_at or today or date.today()
    ids = None if recommendation_ids is None else list(dict.fromkeys(int(i) for i in recommendation_ids))
    if ids == []:
        return {}
    facts: dict[int, Facts] = {}
    _action_facts(ws, ids, as_at, facts)
    for rid, doc_date, stance, doc_type, title in store.rollup_evidence(ws, ids):
        when = stored_date(doc_date)
        if as_at is not None and when is not None and when > as_at:
            continue
        facts.setdefault(rid, Facts()).evidence.append((when, stance, doc_type, title))
    cutoff = today - timedelta(days=STALE_AFTER_DAYS)
    result: dict[int, RollUp] = {}
    for rid, status, source, reason, council, issued in store.rollup_recommendations(ws, ids):
        f = facts.get(rid, Facts())
        rule = apply_rules(f)
        dated = [e[0] for e in f.evidence if e[0] is not None]
        last = max(dated) if dated else None
        user = source == "user"
        shown = _status(status) if user else rule.status
        known = [d for d in (stored_date(issued), last) if d is not None]
        stale = bool(known) and max(known) < cutoff and shown is not Status.COMPLETE
        # A stored council view is today's; as at an earlier date, the actions then say it.
        derived = _council_from_actions(f.action_statuses, f.action_rags)
        council_view = (derived or council) if as_at is not None else (council or derived)
        words = rule.words
        if rule.status is Status.CONCERN and rule is RULES[0] and f.newest_concern_source:
            words = f"{words}: {f.newest_concern_source}"
        result[rid] = RollUp(
            recommendation_id=rid, status=shown, source="user" if user else "rolled_up",
            reason=reason if user else "", rule=words, rolled_up_status=rule.status,
            last_evidence=last, stale=stale, council_status=council_view,
            disagreement=_disagreement(council_view, f),
            qualifier="" if user else rule.qualifier)
    return result


def rollup(ws: Workspace, recommendation_id: int, *, today: date | None = None,
           as_at: date | None = None) -> RollUp:
    found = rollups(ws, [recommendation_id], today=today, as_at=as_at).get(recommendation_id)
    if found is None:
        raise UserFacingError(f"There is no recommendation {recommendation_id} in this workspace.")
    return found


def _status(value: str) -> Status:
    try:
        return Status(value)
    except ValueError:
        return Status.NOT_STARTED


# -- the user's override ----------------------------------------------------------

def override_status(ws: Workspace, recommendation_id: int, status: str, reason: str) -> RollUp:
    """Set the status by hand; the reason is kept and shown beside it."""
    rollup(ws, recommendation_id)  # exists?
    try:
        chosen = Status(str(status).strip().lower())
    except ValueError:
        known = ", ".join(s.value for s in Status)
        raise UserFacingError(f"“{status}” is not a status; use one of {known}.") from None
    why = " ".join(str(reason or "").split())
    if not why:
        raise UserFacingError("Give a reason for setting the status by hand; it is shown beside it.")
    if len(why) > 2000:
        raise UserFacingError("Keep the reason under 2,000 characters.")
    with ws.write():
        store.set_status_source(ws, recommendation_id, chosen.value, "user", why)
    return rollup(ws, recommendation_id)


def clear_override(ws: Workspace, recommendation_id: int) -> RollUp:
    """Go back to the rolled-up status (stored too, for readers of the status column)."""
    current = rollup(ws, recommendation_id)
    with ws.write():
        store.set_status_source(ws, recommendation_id, current.rolled_up_status.value,
                                "rolled_up", "")
    return rollup(ws, recommendation_id)


def restore_override(ws: Workspace, before: RollUp) -> RollUp:
    """Undo of an override or of clearing one: put back the status source and reason."""
    if before.source == "user":
        return override_status(ws, before.recommendation_id, before.status.value, before.reason)
    return clear_override(ws, before.recommendation_id)
