"""Which column of a tracker holds which field: a guess the user can change.

Councils head the same columns many ways ("Lead officer", "Responsible",
"Owner"; "Target date", "Deadline", "By when"). :func:`guess_mapping` matches
headers against the wordings below, exact matches before partial ones, each
column used once. A few headers are ambiguous on their own ("Recommendation"
may hold "3" or the recommendation's words; "Progress" may hold "On track" or a
paragraph), so the guess can look at some of the rows too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from desktop.trackers.values import parse_recommendation_refs, parse_status

FIELDS: tuple[str, ...] = (
    "reference", "title", "description", "owner", "due", "status", "rag", "update",
    "update_date", "recommendation_ref", "recommendation_quote",
)

# Shown in the mapping dialog, one per field, in plain English.
FIELD_LABELS: dict[str, str] = {
    "reference": "Action number (the council's reference)",
    "title": "Action (what will be done)",
    "description": "More detail about the action",
    "owner": "Owner (lead officer)",
    "due": "Due date (target date or deadline)",
    "status": "Status (on track, complete\u2026)",
    "rag": "RAG rating (red, amber, green, blue)",
    "update": "Progress update",
    "update_date": "Date of the progress update",
    "recommendation_ref": "Recommendation number(s) it answers",
    "recommendation_quote": "Recommendation it answers, in words",
}

# Header wordings per field, already normalised (see _normalise). Order does not
# matter; an exact match always beats a partial one.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "reference": ("ref", "reference", "action ref", "action reference", "action no", "action number",
                  "no", "number", "id", "action id", "item", "item no", "item number", "ref no",
                  "reference number", "action plan ref", "priority ref", "line", "line no"),
    "title": ("action", "actions", "action required", "actions required", "action title",
              "what we will do", "what will we do", "what will be done", "what", "task", "activity",
              "key action", "key actions", "action to be taken", "actions to be taken",
              "improvement action", "improvement actions", "deliverable", "deliverables",
              "action summary", "planned action", "planned actions", "milestone", "objective"),
    "description": ("description", "detail", "details", "action detail", "action details",
                    "action description", "how", "how will we do it", "how we will do this",
                    "how will this be achieved", "narrative", "further detail", "tasks",
                    "sub actions", "steps"),
    "owner": ("owner", "action owner", "owners", "lead", "lead officer", "lead officers",
              "responsible", "responsible officer", "responsible person", "responsibility",
              "who", "by whom", "lead manager", "accountable officer", "accountable", "lead person",
              "officer", "service lead", "senior responsible officer", "sro", "lead responsible",
              "responsible lead", "accountable lead", "named lead", "lead officer s"),
    "due": ("due", "due date", "target date", "deadline", "by when", "when", "timescale",
            "timescales", "timeframe", "time frame", "completion date", "target completion date",
            "date due", "end date", "target", "target completion", "date for completion",
            "expected completion", "expected completion date", "to be completed by", "due by",
            "completion by", "revised target date", "revised date", "revised deadline"),
    "status": ("status", "progress status", "current status", "action status", "overall status",
               "delivery status", "status of action", "completion status", "progress rating"),
    "rag": ("rag", "rag rating", "rag status", "brag", "brag rating", "brag status", "rating",
            "colour", "current rag", "rag rating current", "overall rag", "rag current"),
    "update": ("update", "updates", "progress update", "latest update", "progress", "commentary",
               "comments", "comment", "progress commentary", "progress to date", "progress made",
               "update on progress", "evidence of progress", "evidence", "notes", "position statement",
               "current position", "latest position", "progress narrative", "progress report",
               "progress comments", "update commentary", "impact", "what has been done",
               "progress and impact", "impact and evidence"),
    "update_date": ("update date", "date of update", "last updated", "date updated", "updated",
                    "date last updated", "as at", "date of last update", "last update", "updated on",
                    "review date", "date reviewed", "last reviewed"),
    "recommendation_ref": ("rec ref", "rec", "recs", "rec no", "rec number", "recommendation ref",
                           "recommendation reference", "recommendation number", "recommendation no",
                           "ofsted rec", "ofsted rec ref", "ofsted recommendation ref",
                           "ofsted recommendation number", "ofsted ref", "ofsted recommendation",
                           "ofsted recommendations", "recommendation", "recommendations",
                           "linked recommendation", "linked recommendations", "inspection recommendation",
                           "area for improvement", "areas for improvement", "afi", "priority action",
                           "recommendation s", "related recommendation", "ofsted reference"),
    "recommendation_quote": ("recommendation text", "ofsted recommendation text",
                             "recommendation wording", "what ofsted said", "ofsted finding",
                             "ofsted findings", "finding", "findings", "recommendation detail",
                             "recommendation details", "area for improvement text",
                             "what ofsted told us", "inspection finding"),
}

# Headers that may mean either of two fields; the rows decide (see _resolve_ambiguous).
_REF_OR_QUOTE = {"recommendation", "recommendations", "ofsted recommendation", "ofsted recommendations",
                 "linked recommendation", "linked recommendations", "inspection recommendation",
                 "area for improvement", "areas for improvement", "priority action",
                 "recommendation s", "related recommendation"}
_STATUS_OR_UPDATE = {"progress"}

# Fields that trackers often repeat by period ("RAG Q1", "RAG Q2", "Progress update
# Q1", "Progress update Q2"): the latest (rightmost) filled one is the current one.
_LATEST_WINS = {"status", "rag", "update", "update_date", "due"}

_EXACT, _PARTIAL = 100, 50


def _normalise(header: str) -> str:
    text = str(header).lower().replace("(s)", "").replace("&", " and ")
    text = re.sub(r"[^a-z0-9#]+", " ", text)
    return " ".join(text.split())


def _contains(words: list[str], phrase: list[str]) -> bool:
    size = len(phrase)
    return any(words[i:i + size] == phrase for i in range(len(words) - size + 1))


def _scores(header: str) -> dict[str, int]:
    """How well a header names each field: exact 100+, partial 50+, absent 0."""
    norm = _normalise(header)
    if not norm:
        return {}
    words = norm.split()
    scores: dict[str, int] = {}
    for field, synonyms in SYNONYMS.items():
        best = 0
        for synonym in synonyms:
            if norm == synonym:
                best = max(best, _EXACT + len(synonym))
            elif _contains(words, synonym.split()):
                # longer phrases are more specific; extra words in the header count against
                best = max(best, _PARTIAL + len(synonym) - len(words))
        if best:
            if field == "due" and re.search(r"\b(revised|current|new|latest)\b", norm):
                best += 60  # a revised date supersedes the original one
            scores[field] = best
    return scores


def header_field(header: str) -> str | None:
    """The field a header most plainly names, or None (used to find the header row)."""
    scores = _scores(header)
    if not scores:
        return None
    norm = _normalise(header)
    best = max(scores, key=scores.__getitem__)
    # A long cell that merely contains "action" is data, not a header.
    if scores[best] < _EXACT and len(norm.split()) > 5:
        return None
    return best


def guess_mapping(headers: Sequence[str], samples: Sequence[Sequence[str]] | None = None
                  ) -> dict[str, int]:
    """Field -> column index for the columns the headers (and sample rows) suggest.

    Each column is used at most once and each field at most once; fields with no
    likely column are left out. ``samples`` (some data rows, cells as text) settle
    ambiguous headers: a "Recommendation" column of numbers is the reference, of
    sentences the quote; a "Progress" column of "On track" is the status.
    """
    samples = [list(row) for row in (samples or [])][:200]
    candidates: list[tuple[int, int, str, int]] = []  # (score, tie-break, field, column)
    for column, header in enumerate(headers):
        scores = _scores(header)
        norm = _normalise(header)
        values = [row[column].strip() for row in samples if column < len(row) and row[column].strip()]
        scores = _resolve_ambiguous(norm, scores, values, headers)
        for field, score in scores.items():
            if field in _LATEST_WINS and values:
                tie = column  # rightmost filled column first
            elif field in _LATEST_WINS and not samples:
                tie = column
            else:
                tie = -column  # otherwise the leftmost
            if samples and not values:
                score -= 5  # an empty column is a weaker guess than a filled one
            candidates.append((score, tie, field, column))
    mapping: dict[str, int] = {}
    used: set[int] = set()
    for score, _tie, field, column in sorted(candidates, reverse=True):
        if field in mapping or column in used or score <= 0:
            continue
        mapping[field] = column
        used.add(column)
    return {field: mapping[field] for field in FIELDS if field in mapping}


def _resolve_ambiguous(norm: str, scores: dict[str, int], values: list[str],
                       headers: Sequence[str]) -> dict[str, int]:
    scores = dict(scores)
    if norm in _REF_OR_QUOTE and values and _mostly_words(values):
        scores["recommendation_quote"] = scores.pop("recommendation_ref", _EXACT + len(norm))
    if norm in _STATUS_OR_UPDATE:
        statuses = sum(1 for v in values if len(v) <= 30 and parse_status(v) is not None)
        has_status_column = any(_normalise(h) in SYNONYMS["status"] for h in headers)
        if values and statuses >= max(1, len(values) * 0.6) and not has_status_column:
            scores["status"] = scores.pop("update", _EXACT + len(norm))
        elif not values and not has_status_column and not _has_exact(headers, "update", norm):
            scores["status"] = _PARTIAL  # a weak second choice the user can change
    return scores


def _has_exact(headers: Sequence[str], field: str, skip: str) -> bool:
    return any(_normalise(h) in SYNONYMS[field] and _normalise(h) != skip for h in headers)


def _mostly_words(values: list[str]) -> bool:
    """True when most cells read as prose rather than reference numbers."""
    prose = sum(1 for v in values if len(v) > 40 or (not parse_recommendation_refs(v)
                                                      and len(v.split()) >= 3))
    return prose > len(values) / 2
