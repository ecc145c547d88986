"""Linking a tracker's rows to the recommendations of one inspection.

Which inspection a tracker answers (chosen by the user, else the newest with
recommendations for the tracker's authority), whose plan it is, and how a row's
references ("Rec 3") or quoted recommendation text become recommendation ids,
with a flag for what could not be linked. Used by ``plan_tracker_import`` in
:mod:`desktop.services.tracker_import`, which re-exports
:func:`inspections_for_linking` and the quote thresholds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop.domain.actions import TrackerRow
from desktop.domain.dates import iso
from desktop.domain.documents import Document
from desktop.domain.errors import UserFacingError
from desktop.domain.recommendations import Recommendation
from desktop.extract.authority import best_authority
from desktop.storage import documents as doc_store
from desktop.storage import recommendations as rec_store
from desktop.storage.workspace import Workspace

QUOTE_MIN_SCORE = 0.5  # share of the quote's words found in the recommendation
QUOTE_MARGIN = 0.15  # how far the best match must lead the next to be "clearly best"


def _authority_of_tracker(ws: Workspace, path: Path, sheet: str | None,
                          against: Document | None, given: str | None) -> str | None:
    """Whose plan this is: as given, else the inspection's, else named in the file or
    sheet name, else the only authority the workspace has recommendations for."""
    if given:
        return given
    if against and against.authority:
        return against.authority
    named = best_authority(" ".join(x for x in (path.stem.replace("_", " "), sheet or "") if x))
    if named:
        return named
    held = {d.authority for d in inspections_for_linking(ws) if d.authority}
    return held.pop() if len(held) == 1 else None


def tracker_names_council(path: Path, sheet: str | None, title_lines: list[str],
                          against: Document | None, given: str | None) -> bool:
    """Whether the council is known from the user or the tracker itself, not guessed.

    Only then is an inspection chosen for its references by default; otherwise
    the user picks it, since the newest inspection of the one council held may be
    another council's plan's (and would link every "Rec 3" wrongly).
    """
    if given or (against is not None):
        return True
    text = " ".join(x for x in (path.stem.replace("_", " "), sheet or "", *title_lines) if x)
    return best_authority(text) is not None


def names_a_held_council(ws: Workspace, path: Path, sheet: str | None,
                         title_lines: list[str]) -> bool:
    """The file name, sheet or title block names the council of an inspection held
    ("Wexcombe plan.csv" beside an inspection of Wexcombe), word for word."""
    text = " ".join(x for x in (path.stem.replace("_", " "), sheet or "", *title_lines) if x)
    words = " " + " ".join(re.findall(r"[a-z0-9]+", text.lower())) + " "
    for doc in inspections_for_linking(ws):
        name = re.sub(r"\b(?:county|city|borough|metropolitan|district|council|of|the)\b", " ",
                      (doc.authority or "").lower())
        key = " ".join(re.findall(r"[a-z0-9]+", name))
        if key and f" {key} " in words:
            return True
    return False


def inspections_for_linking(ws: Workspace) -> list[Document]:
    """Reports and letters with recommendations (made there or listed there), newest first."""
    ids = rec_store.made_or_listed_in(ws)
    docs = [d for d in (doc_store.get_document(ws, i) for i in ids) if d is not None]
    return sorted(docs, key=lambda d: (d.date or date.min, d.id), reverse=True)


def _recommendations_of(ws: Workspace, document_id: int) -> list[Recommendation]:
    return rec_store.list_recommendations(ws, document_id=document_id)


def _label_key(label: str) -> str:
    key = re.sub(r"[^0-9a-z]", "", label.lower())
    key = re.sub(r"^(?:recommendation|rec|r)(?=\d)", "", key)
    return key.lstrip("0") or key


_WORD = re.compile(r"[a-z]{3,}")
_STOP = frozenset("""the and that for with are all from this their they them its has have
    which who will would should into onto within when where whether been being than then
    ensure including include such any each other more most also not only""".split())


def _content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP}


def _quote_match(quote: str, recs: list[Recommendation],
                 rec_words: dict[int, set[str]]) -> tuple[int | None, str | None]:
    """The recommendation a cell quotes, when one clearly matches best."""
    words = _content_words(quote)
    if not recs:
        return None, None
    if len(words) < 3:
        return None, f"“{_clip(quote)}” is too short to tell which recommendation it quotes"
    scored = sorted(((len(words & rec_words[r.id]) / len(words), r.id) for r in recs), reverse=True)
    best, best_id = scored[0]
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    if best >= QUOTE_MIN_SCORE and best - runner_up >= QUOTE_MARGIN:
        return best_id, None
    short = _clip(quote)
    if best < QUOTE_MIN_SCORE:
        return None, f"no recommendation of the inspection reads like “{short}”"
    return None, f"“{short}” reads like more than one recommendation; link it by hand"


def _clip(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


@dataclass
class _Linker:
    """Turns a row's references and quotes into recommendation ids of one inspection."""

    document: Document | None
    recs: list[Recommendation]

    def __post_init__(self) -> None:
        self.by_label: dict[str, int] = {}
        for rec in self.recs:  # the report's own come before those only cited in it
            self.by_label.setdefault(_label_key(rec.label), rec.id)
        self.words = {r.id: _content_words(r.text) for r in self.recs}

    def resolve(self, row: TrackerRow) -> tuple[tuple[int, ...], tuple[str, ...]]:
        if not (row.recommendation_refs or row.recommendation_quote):
            return (), ()
        if self.document is None:  # keep what the row says, so it can be linked by hand
            said = ", ".join(row.recommendation_refs) or f"“{_clip(row.recommendation_quote)}”"
            return (), (f"recommendation {said} not linked: no inspection was chosen to read "
                        "the references against",)
        found: list[int] = []
        flags: list[str] = []
        missing = []
        for ref in row.recommendation_refs:
            rec_id = self.by_label.get(_label_key(ref))
            if rec_id is None:
                missing.append(ref)
            elif rec_id not in found:
                found.append(rec_id)
        if missing:
            flags.append(f"recommendation {', '.join(missing)} is not among the "
                         f"{len(self.recs)} of “{_doc_name(self.document)}”")
        if row.recommendation_quote and not row.recommendation_refs:
            rec_id, flag = _quote_match(row.recommendation_quote, self.recs, self.words)
            if rec_id is not None and rec_id not in found:
                found.append(rec_id)
            elif flag:
                flags.append(flag)
        return tuple(found), tuple(flags)


def _doc_name(doc: Document) -> str:
    return f"{doc.title}, {iso(doc.date)}" if doc.date else doc.title


def _linker(ws: Workspace, rows: list[TrackerRow], against: Document | None,
            authority: str | None, notes: list[str],
            choose_default: bool = True) -> tuple[_Linker, int | None]:
    """The linker for the inspection chosen (``against``), else the newest for ``authority``
    (only when ``choose_default``: the tracker names its council)."""
    wants_links = any(r.recommendation_refs or r.recommendation_quote for r in rows)
    if against is not None:
        doc = against
        recs = _recommendations_of(ws, doc.id)
        if not recs:
            raise UserFacingError(f"“{_doc_name(doc)}” has no recommendations to link the "
                                  "tracker's references to; choose an inspection report or letter "
                                  "that has.")
        notes.append(f"Recommendation references were read against “{_doc_name(doc)}”.")
        return _Linker(doc, recs), doc.id
    if not wants_links:
        return _Linker(None, []), None
    if not choose_default and inspections_for_linking(ws):
        notes.append("The tracker's recommendation references were not linked: it does not name "
                     "its council, so no inspection was chosen for you; choose the inspection "
                     "they refer to.")
        return _Linker(None, []), None
    candidates = [d for d in inspections_for_linking(ws)
                  if authority is None or (d.authority or "").lower() == authority.lower()]
    if authority is None and len({d.authority for d in candidates}) > 1:
        notes.append("The tracker's recommendation references were not linked: it does not say "
                     "which authority it is for; choose the inspection they refer to.")
        return _Linker(None, []), None
    if not candidates:
        notes.append("The tracker's recommendation references were not linked: the workspace "
                     f"holds no inspection with recommendations{' for ' + authority if authority else ''}.")
        return _Linker(None, []), None
    doc = candidates[0]
    notes.append(f"Recommendation references were read against “{_doc_name(doc)}”, the newest "
                 f"inspection with recommendations{' for ' + authority if authority else ''}; "
                 "choose another if they mean an earlier one.")
    return _Linker(doc, _recommendations_of(ws, doc.id)), doc.id


@dataclass(frozen=True, slots=True)
class LinkingHint:
    """What the window's mapping step needs before any plan is worked out."""

    names_council: bool  # False: no inspection may be chosen for the user
    remembered_against: int | None  # the inspection chosen last time for the plan it updates
    plan_id: int | None
    position_date: date | None = None  # "Position as at 30 September 2017", if the file says
    position_source: str = ""  # where it was read: title, sheet, file name
    plans: tuple[tuple[int, str, str | None], ...] = ()  # (id, name, council) of the plans held


def linking_hint(ws: Workspace, path: Path, table) -> LinkingHint:
    """Whether the tracker names its council, and which inspection its plan was read against
    last time (the plan the file was last imported as, else the plan its rows are)."""
    from desktop.services.tracker_matching import choose_plan
    from desktop.storage import actions as action_store
    from desktop.trackers.mapping import guess_mapping
    from desktop.trackers.rows import parse_rows

    names = (tracker_names_council(path, table.sheet, table.title_lines, None, None)
             or names_a_held_council(ws, path, table.sheet, table.title_lines))
    rows = parse_rows(table, guess_mapping(table.headers, [c for _, c in table.rows[:200]])).rows
    authority = _authority_of_tracker(ws, path, table.sheet, None, None)
    plan_id, _ = choose_plan(ws, path.name, list(rows), authority, None)
    remembered = action_store.plan_against(ws, plan_id) if plan_id is not None else None
    from desktop.storage.action_plans import plan_choices
    from desktop.trackers.position_date import position_date

    when, source = position_date(table.title_lines, table.sheet, path)
    return LinkingHint(names, remembered, plan_id, when, source, tuple(plan_choices(ws)))
