"""Reading status, RAG and recommendation-reference cells of a tracker.

:func:`parse_status` maps the many wordings councils use ("Complete(d)", "on
target", "slipped") to an :class:`ActionStatus`; :func:`parse_rag` reads a RAG
rating from words, letters, emoji or a fill colour's hex; and
:func:`parse_recommendation_refs` lists the recommendation numbers a cell names
("Recs 1, 3-5"). Like the date parser they never raise: what they cannot
understand is ``None`` (or an empty tuple). All three are re-exported from
:mod:`desktop.trackers.values`.
"""

from __future__ import annotations

import colorsys
import re

from desktop.domain.actions import ActionStatus, Rag
from desktop.trackers.cells import _DASHES, _MAX_CELL, cell_text

# --------------------------------------------------------------------------- status

def _words(text: object) -> str:
    """Lower-case words only: "Complete(d) – see note" -> "complete d see note"."""
    raw = cell_text(text)[:_MAX_CELL].translate(_DASHES).lower()
    return " ".join(re.sub(r"[^a-z0-9/]+", " ", raw).split())


_S = ActionStatus
# Whole-cell wordings councils use. Checked first: most status cells are one of these.
_STATUS_EXACT: dict[str, ActionStatus] = {}
for _status, _wordings in {
    _S.NOT_STARTED: ["not started", "not yet started", "yet to start", "not commenced",
                     "not yet commenced", "not begun", "not due", "not yet due", "planned",
                     "pending", "to start", "scheduled", "future", "future action", "new",
                     "not started yet", "waiting to start", "awaiting start"],
    _S.ON_TRACK: ["on track", "on target", "on schedule", "in progress", "progressing", "ongoing",
                  "on going", "underway", "under way", "started", "good progress", "in hand",
                  "progress", "work in progress", "wip", "green", "g", "active", "on track green",
                  "partially complete", "partially completed", "partially achieved", "partly met",
                  "partially met", "substantially complete", "nearly complete", "almost complete",
                  "mostly complete", "making progress", "progress made", "continuing", "open"],
    _S.AT_RISK: ["at risk", "risk", "amber", "a", "slipping", "some slippage", "minor slippage",
                 "slight delay", "minor delay", "some delay", "some delays", "concern",
                 "some concerns", "concerns", "needs attention", "requires attention",
                 "limited progress", "partially on track", "amber green", "amber red",
                 "potential delay", "at risk of delay", "risk of delay", "slightly behind",
                 "behind but recoverable", "a/g", "g/a"],
    _S.OFF_TRACK: ["off track", "off target", "not on track", "delayed", "behind", "behind schedule",
                   "behind target", "slipped", "slippage", "overdue", "stalled", "red", "r",
                   "not achieved", "not met", "not delivered", "failed", "significant delay",
                   "significantly delayed", "significant slippage", "no progress", "late",
                   "missed", "deadline missed", "past due", "r/a", "a/r", "blocked"],
    _S.COMPLETE: ["complete", "completed", "achieved", "done", "closed", "finished", "delivered",
                  "implemented", "fully implemented", "met", "embedded", "complete embedded",
                  "completed and embedded", "complete and embedded", "signed off", "blue", "b",
                  "fully achieved", "fully met", "complete blue", "completed blue", "actioned",
                  "resolved", "fully complete", "in place", "business as usual", "bau"],
}.items():
    for _wording in _wordings:
        _STATUS_EXACT[_wording] = _status

# When the cell says more than a label ("Completed March 2024 – see report"), the first
# of these phrases that occurs decides. Qualified phrases come before the plain words
# they contain, so "partially complete" is not read as "complete".
_STATUS_PHRASES: list[tuple[re.Pattern[str], ActionStatus | None]] = [
    (re.compile(rx), status) for rx, status in [
        (r"\bnot (?:yet )?(?:complete|completed|finished|closed|fully)\b", None),  # says little
        (r"\bincomplete\b", None),
        (r"\b(?:not (?:yet )?(?:started|commenced|begun|due)|yet to (?:start|begin|commence))\b",
         _S.NOT_STARTED),
        (r"\b(?:partially|partly|substantially|nearly|almost|mostly|largely) "
         r"(?:complete|completed|achieved|met|implemented|delivered)\b", _S.ON_TRACK),
        (r"\b(?:slight|slightly|minor|some|small|potential|possible|risk of) "
         r"(?:delay|delays|delayed|slippage|slipping|behind)\b", _S.AT_RISK),
        (r"\bnot (?:on track|on target|achieved|met|delivered|progressing)\b", _S.OFF_TRACK),
        (r"\bno progress\b", _S.OFF_TRACK),
        (r"\bat risk\b", _S.AT_RISK),
    ]
]
_STATUS_WORDS: list[tuple[re.Pattern[str], ActionStatus]] = [
    (re.compile(rx), status) for rx, status in [
        (r"\b(?:complete|completed|achieved|done|closed|finished|delivered|implemented|embedded"
         r"|signed off|actioned|resolved)\b", _S.COMPLETE),
        (r"\b(?:off track|off target|delayed|delays?|behind|slipped|slippage|overdue|stalled"
         r"|failed|missed|blocked)\b", _S.OFF_TRACK),
        (r"\b(?:slipping|concerns?|amber)\b", _S.AT_RISK),
        (r"\b(?:on track|on target|on schedule|in progress|progressing|underway|under way"
         r"|ongoing|on going|started|in hand|green)\b", _S.ON_TRACK),
        (r"\b(?:planned|pending|scheduled)\b", _S.NOT_STARTED),
        (r"\bred\b", _S.OFF_TRACK),
        (r"\bblue\b", _S.COMPLETE),
    ]
]


def parse_status(text: object) -> ActionStatus | None:
    """The action status a tracker's wording means, or None when it is not clear.

    RAG words in a status column are read as statuses too (green: on track,
    amber: at risk, red: off track, blue: complete).
    """
    words = _words(text)
    if not words:
        return None
    if words in _STATUS_EXACT:
        return _STATUS_EXACT[words]
    if words.replace("/", " ") in _STATUS_EXACT:
        return _STATUS_EXACT[words.replace("/", " ")]
    for pattern, status in _STATUS_PHRASES:
        if pattern.search(words):
            return status
    earliest: tuple[int, ActionStatus] | None = None
    for pattern, status in _STATUS_WORDS:
        match = pattern.search(words)
        if match and (earliest is None or match.start() < earliest[0]):
            earliest = (match.start(), status)
    if earliest:
        return earliest[1]
    rag = parse_rag(text)
    return _RAG_STATUS.get(rag) if rag else None


# --------------------------------------------------------------------------- RAG

_RAG_ORDER = [Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE]  # worst first
_RAG_STATUS = {Rag.RED: _S.OFF_TRACK, Rag.AMBER: _S.AT_RISK, Rag.GREEN: _S.ON_TRACK,
               Rag.BLUE: _S.COMPLETE}
_RAG_TOKENS: dict[str, Rag] = {
    "r": Rag.RED, "red": Rag.RED,
    "a": Rag.AMBER, "amber": Rag.AMBER, "yellow": Rag.AMBER, "orange": Rag.AMBER, "y": Rag.AMBER,
    "g": Rag.GREEN, "green": Rag.GREEN,
    "b": Rag.BLUE, "blue": Rag.BLUE,
}
_RAG_EMOJI = {"\U0001f534": Rag.RED, "\U0001f7e0": Rag.AMBER, "\U0001f7e1": Rag.AMBER,
              "\U0001f7e2": Rag.GREEN, "\U0001f535": Rag.BLUE}
_HEX = re.compile(r"#?(?:[0-9a-f]{2})?(?P<rgb>[0-9a-f]{6})")
_RAG_WORD = re.compile(r"\b(red|amber|green|blue|yellow)\b")
_RAG_LABELLED = re.compile(r"\brag(?: rating| status)?\s*[:=-]?\s*([rag])\b")


def parse_rag(text: object) -> Rag | None:
    """The RAG rating a cell means: a word, letter(s) or a fill colour in hex.

    "R", "Red", "Amber", "Green", "Blue" (BRAG: blue is complete); combined
    ratings such as "A/G" or "R/A" give the worse of the two; cell colours such
    as "FF0000", "FFC000", "00B050", "0070C0" (or ARGB "FFFF0000") are read by
    hue, so pale conditional-formatting fills work too. None when unclear.
    """
    raw = cell_text(text)[:_MAX_CELL].strip()
    if not raw:
        return None
    for char in raw:
        if char in _RAG_EMOJI:
            return _RAG_EMOJI[char]
    lowered = raw.lower()
    hex_colour = _HEX.fullmatch(lowered)
    if hex_colour:  # how read.py passes on a cell that is only a fill colour
        return _rag_from_colour(hex_colour.group("rgb"))
    words = _words(lowered).replace("/", " ")
    tokens = [t for t in re.split(r"\s+|\bto\b|\band\b", words) if t]
    if tokens and all(t in _RAG_TOKENS for t in tokens):
        return _worst(_RAG_TOKENS[t] for t in tokens)
    if words in ("ag", "ga", "ra", "ar"):
        return _worst(_RAG_TOKENS[c] for c in words)
    labelled = _RAG_LABELLED.search(words)
    if labelled:
        return _RAG_TOKENS[labelled.group(1)]
    word = _RAG_WORD.search(words)
    return _RAG_TOKENS[word.group(1)] if word else None


def _worst(rags) -> Rag:
    return min(rags, key=_RAG_ORDER.index)


def _rag_from_colour(rgb: str) -> Rag | None:
    red, green, blue = (int(rgb[i:i + 2], 16) / 255 for i in (0, 2, 4))
    hue, saturation, value = colorsys.rgb_to_hsv(red, green, blue)
    if saturation < 0.15 or value < 0.2:  # white, greys, black: no rating
        return None
    degrees = hue * 360
    if degrees < 15 or degrees >= 330:
        return Rag.RED
    if degrees < 70:
        return Rag.AMBER  # orange to yellow
    if degrees < 170:
        return Rag.GREEN
    if degrees < 270:
        return Rag.BLUE
    return None  # purples and pinks are not RAG colours


# --------------------------------------------------------------------------- recommendation refs

_REF_KEY = (r"(?:recommendations?|recs?|r|priority actions?|pa|areas? for (?:priority action|"
            r"improvement)|afi|number|no|#)")
_REF_ITEM = r"\d{1,3}[a-z]?(?![\d])"
_REF_SEP = r"\s*(?:,|&|\band\b|/|;|\+|-|\bto\b)\s*(?:" + _REF_KEY + r"\s*\.?\s*)?"
_REF_LIST = re.compile(r"(?<![a-z0-9])" + _REF_KEY + r"\s*\.?\s*:?\s*(?P<list>"
                       + _REF_ITEM + r"(?:" + _REF_SEP + _REF_ITEM + r")*)")
_ONLY_REFS = re.compile(r"\s*" + _REF_ITEM + r"(?:" + _REF_SEP + _REF_ITEM + r")*\s*[.;,]?\s*")
_REF_PIECE = re.compile(r"(" + _REF_ITEM + r")|(-|\bto\b)")
_MAX_RANGE = 30


def parse_recommendation_refs(text: object) -> tuple[str, ...]:
    """The recommendation labels a cell names, in order, without repeats.

    "Rec 3" -> ("3",); "R3/R4" -> ("3", "4"); "3, 5" and "1 & 2" list them;
    "Recs 1-3" -> ("1", "2", "3"); "Recommendation 12" -> ("12",). In free text
    only numbers after a word such as "Rec" or "Recommendation" count, so a year
    or a count elsewhere in the sentence is not taken for a reference.
    """
    raw = cell_text(text)[:2000].translate(_DASHES).lower()
    if not raw.strip():
        return ()
    lists = [m.group("list") for m in _REF_LIST.finditer(raw)]
    if not lists and _ONLY_REFS.fullmatch(raw):
        lists = [raw]
    labels: list[str] = []
    for chunk in lists:
        for label in _expand(chunk):
            if label not in labels:
                labels.append(label)
    return tuple(labels)


def _expand(chunk: str) -> list[str]:
    """Numbers in a list such as "1-3, 5" with ranges spelt out."""
    out: list[str] = []
    pending_range = False
    for number, dash in _REF_PIECE.findall(re.sub(r"\b" + _REF_KEY + r"\s*\.?", " ", chunk)):
        if dash:
            pending_range = bool(out)
            continue
        label = number.lstrip("0") or "0"
        if pending_range and out[-1].isdigit() and label.isdigit():
            first, last = int(out[-1]), int(label)
            if 0 < last - first <= _MAX_RANGE:
                out.extend(str(n) for n in range(first + 1, last + 1))
                pending_range = False
                continue
        out.append(label)
        pending_range = False
    return out
