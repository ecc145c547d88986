"""Understanding the cells of an improvement-plan tracker.

Councils write the same things many ways. These functions read one cell each
and never raise: whatever they cannot understand they return as ``None`` (or,
for due dates, with a flag message the user will see), so the row can still be
imported with what was read.

Due dates
---------
Day-first numeric dates as written in England ("31/03/2024", "31-3-24",
"31.03.2024"), "31 March 2024", "31st Mar 24", ISO dates, Excel date cells
(``datetime``) and Excel serial numbers (45382). A month alone means the end of
that month ("March 2024", "Sept 2023", "end of June 2024", "Mar-24").

Quarters: "Q2 2023" is a *calendar* quarter (April to June 2023, due 30 June
2023). Written with a financial year ("Q2 2023/24", "Q2 2023-24", "2023/24 Q2")
it is a UK public-sector *financial* quarter, where Q1 is April to June, so
"Q2 2023/24" is due 30 September 2023 and "Q4 2023/24" 31 March 2024. A
financial year alone ("2023/24") is due at its end, 31 March 2024; a bare year
("2024") at 31 December. "Spring/Summer/Autumn 2024" end on 31 May, 31 August
and 30 November; with "term" they are school terms (end of April, July and
December). "H1 2024"/"H2 2024" end on 30 June and 31 December.

"Ongoing", "continuous", "TBC", "n/a" and the like are not dates and not
mistakes either: they give ``(None, None)``. When a cell holds several dates
("31/12/2023 revised to 31/03/2024") the latest is used, with a flag, because
trackers usually add the new date beside the one that slipped.
"""

from __future__ import annotations

import colorsys
import math
import re
from calendar import monthrange
from datetime import date, datetime, timedelta

from desktop.domain.actions import ActionStatus, Rag

__all__ = ["parse_due", "parse_status", "parse_rag", "parse_recommendation_refs",
           "cell_text", "describe_date"]

# Cells longer than this are notes, not dates or ratings; only their start is read
# so a pasted essay cannot make parsing slow.
_MAX_CELL = 600

_MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11,
    "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (r"(?P<{}>january|february|march|april|may|june|july|august|september|october"
          r"|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)")

# Excel counts days from 30 December 1899 (allowing for its 1900 leap-year bug);
# only serials between 1970 and 2100 are taken as dates, so that a plain number
# such as a reference or a year is never mistaken for one.
_EXCEL_EPOCH = date(1899, 12, 30)
_SERIAL_MIN, _SERIAL_MAX = 25569, 73415

_NO_DATE_WORDS = re.compile(
    r"\b(?:on\s?going|continuous(?:ly)?|continual|continuing|tbc|tba|tbd|n\s*/\s*a|"
    r"not applicable|to be (?:confirmed|agreed|decided|determined)|various|"
    r"weekly|fortnightly|monthly|quarterly|termly|annual(?:ly)?|yearly|"
    r"immediate(?:ly)?|asap|business as usual|bau|rolling|as (?:required|needed)|"
    r"complete[d]?|achieved|in place|none|nil|no date)\b")
_ONLY_PUNCTUATION = re.compile(r"[\s\-\u2013\u2014_.?/\\*]*")

_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2010": "-",
                         "\u2011": "-", "\u2212": "-", "\u00a0": " ", "\u2019": "'",
                         "\u2018": "'"})


def cell_text(value: object) -> str:
    """The text of a cell as a user would read it ("" for empty and NaN)."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def describe_date(day: date) -> str:
    """A date as written in English council papers: "31 March 2024"."""
    return f"{day.day} {day:%B %Y}"


# --------------------------------------------------------------------------- due dates


def parse_due(text: object, today: date | None = None) -> tuple[date | None, str | None]:
    """Read a due date cell: ``(the date understood, a flag message or None)``.

    ``text`` may also be an Excel date cell (``datetime``/``date``) or an Excel
    serial number. ``today`` anchors relative phrases ("end of this month",
    "next quarter"); it defaults to the real date.
    """
    try:
        return _parse_due(text, today)
    except (ValueError, OverflowError, TypeError):  # defensive: a cell must never stop an import
        return None, _not_a_date(text)


def _not_a_date(text: object) -> str:
    return f"due date \u201c{_short(cell_text(text))}\u201d is not a date"


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _parse_due(value: object, today: date | None) -> tuple[date | None, str | None]:
    if value is None or isinstance(value, bool):
        return (None, None) if value is None else (None, _not_a_date(value))
    if isinstance(value, datetime):
        return value.date(), None
    if isinstance(value, date):
        return value, None
    if isinstance(value, (int, float)):
        if isinstance(value, float) and math.isnan(value):
            return None, None
        day = _from_serial(float(value))
        return (day, None) if day else (None, _not_a_date(value))
    original = str(value).strip()
    text = original[:_MAX_CELL].translate(_DASHES).lower()
    text = " ".join(text.split())
    if not text or _ONLY_PUNCTUATION.fullmatch(text):
        return None, None
    serial = re.fullmatch(r"(\d{5})(?:\.0+)?", text)
    if serial:
        day = _from_serial(float(serial.group(1)))
        return (day, None) if day else (None, _not_a_date(original))

    found, impossible = _find_dates(text, today or date.today())
    if not found:
        if impossible:
            return None, _not_a_date(original)
        if _NO_DATE_WORDS.search(text):
            return None, None
        if _has_day_month_without_year(text):
            return None, f"due date \u201c{_short(original)}\u201d has no year"
        return None, _not_a_date(original)
    latest = max(found)
    if impossible:
        return latest, (f"due date \u201c{_short(original)}\u201d could not be read in full; "
                        f"{describe_date(latest)} is used")
    if len(set(found)) > 1:
        return latest, (f"due date \u201c{_short(original)}\u201d has more than one date; "
                        f"the latest, {describe_date(latest)}, is used")
    return latest, None


def _from_serial(number: float) -> date | None:
    if not (_SERIAL_MIN <= number <= _SERIAL_MAX):
        return None
    return _EXCEL_EPOCH + timedelta(days=int(number))


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000
    if not 1990 <= year <= 2100:
        raise ValueError(f"year {year} out of range")
    return year


def _month_end(year: int, month: int) -> date:
    return date(year, month, monthrange(year, month)[1])


def _quarter_end(year: int, quarter: int) -> date:
    return _month_end(year, quarter * 3)


def _financial_quarter_end(start_year: int, quarter: int) -> date:
    # UK financial year: Q1 Apr-Jun, Q2 Jul-Sep, Q3 Oct-Dec (all start_year), Q4 Jan-Mar.
    if quarter == 4:
        return date(start_year + 1, 3, 31)
    return _month_end(start_year, 3 + quarter * 3)


def _financial_years(first: str, second: str) -> int:
    """The start year of "2023/24" or "2023-2024"; ValueError when not consecutive."""
    start = _year(first)
    end = _year(second) if len(second) == 4 else (start // 100) * 100 + int(second)
    if end != start + 1:
        raise ValueError("not a financial year")
    return start


_Y = r"(?P<{}>\d{{4}}|\d{{2}})"
_FY = r"(?:fy\s*)?(?P<fy1>(?:19|20)\d\d)\s*[/-]\s*(?P<fy2>\d{4}|\d{2})(?!\d)"
_QUARTER = r"(?:q|quarter\s*)(?P<q>[1-4])"

# Ordered most specific first: a span claimed by an earlier pattern is not read again.
_DATE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [(name, re.compile(rx)) for name, rx in [
    ("iso", r"(?<!\d)(?P<y>(?:19|20)\d\d)-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
            r"(?:[ t]\d{1,2}:\d\d(?::\d\d(?:\.\d+)?)?)?(?![\d-])"),
    ("dmy", r"(?<![\d/.-])(?P<d>\d{1,2})(?P<sep>[/.-])(?P<m>\d{1,2})(?P=sep)" + _Y.format("y")
            + r"(?![\d/.-]|\.\d)"),
    ("d_month_y", r"(?<!\d)(?P<d>\d{1,2})(?:st|nd|rd|th)?[\s-]*(?:of\s+)?" + _MONTH.format("m")
                  + r"\b\.?[\s,'-]*" + _Y.format("y") + r"(?!\d)"),
    ("month_d_y", r"\b" + _MONTH.format("m") + r"\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+"
                  + r"(?P<y>\d{4})(?!\d)"),
    ("fy_quarter", r"\b" + _QUARTER + r"[\s,-]*(?:of\s+)?" + _FY),
    ("fy_quarter", _FY + r"[\s,-]*" + _QUARTER + r"\b"),
    ("quarter", r"\b" + _QUARTER + r"[\s,/-]*(?:of\s+)?" + _Y.format("y") + r"(?![\d/])"),
    ("quarter", r"(?<!\d)(?P<y>(?:19|20)\d\d)[\s-]*" + _QUARTER + r"\b"),
    ("half", r"\bh(?P<h>[12])[\s-]*(?P<y>(?:19|20)\d\d)(?![\d/])"),
    ("season", r"\b(?P<season>spring|summer|autumn)(?P<term>\s+term)?[\s,-]*(?P<y>(?:19|20)\d\d)"
               r"(?![\d/])"),
    ("month_y", r"\b" + _MONTH.format("m") + r"\b\.?[\s,'/-]*" + _Y.format("y") + r"(?![\d/])"),
    ("fy", r"(?<![\d/])" + _FY + r"(?![\d/])"),
    ("m_y", r"(?<![\d/.-])(?P<m>\d{1,2})[/.-](?P<y>(?:19|20)\d\d)(?![\d/.-])"),
    ("year", r"(?<![\d/.£$,-])(?P<y>(?:19|20)\d\d)(?![\d/.,%-]|\.\d)"),
    ("this_month", r"\b(?:end of |by |within )?(?:the |this )month(?: end)?\b|\bmonth[ -]end\b"),
    ("next_month", r"\b(?:end of )?next month\b"),
    ("this_quarter", r"\b(?:end of )?(?:the |this )quarter\b"),
    ("next_quarter", r"\b(?:end of )?next quarter\b"),
    ("financial_year_end", r"\b(?:end of (?:the |this )?financial year|financial year[ -]end)\b"),
    ("this_year", r"\b(?:end of (?:the |this )year|year[ -]end|calendar year end)\b"),
]]

_SEASON_END = {("spring", False): (5, 31), ("summer", False): (8, 31), ("autumn", False): (11, 30),
               ("spring", True): (4, 30), ("summer", True): (7, 31), ("autumn", True): (12, 31)}


def _find_dates(text: str, today: date) -> tuple[list[date], bool]:
    """Every date in ``text``; and whether something shaped like a date was impossible."""
    claimed: list[tuple[int, int]] = []
    found: list[date] = []
    impossible = False
    for name, pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < b and a < end for a, b in claimed):
                continue
            claimed.append((start, end))
            try:
                found.append(_date_from(name, match, today))
            except ValueError:
                impossible = True
    return found, impossible


def _date_from(name: str, match: re.Match[str], today: date) -> date:
    group = match.groupdict()
    if name in ("iso", "dmy"):
        return date(_year(group["y"]), int(group["m"]), int(group["d"]))
    if name in ("d_month_y", "month_d_y"):
        return date(_year(group["y"]), _MONTHS[group["m"]], int(group["d"]))
    if name == "fy_quarter":
        return _financial_quarter_end(_financial_years(group["fy1"], group["fy2"]), int(group["q"]))
    if name == "quarter":
        return _quarter_end(_year(group["y"]), int(group["q"]))
    if name == "half":
        return _month_end(_year(group["y"]), 6 * int(group["h"]))
    if name == "season":
        month, day = _SEASON_END[(group["season"], bool(group["term"]))]
        return date(_year(group["y"]), month, day)
    if name == "month_y":
        return _month_end(_year(group["y"]), _MONTHS[group["m"]])
    if name == "fy":
        return date(_financial_years(group["fy1"], group["fy2"]) + 1, 3, 31)
    if name == "m_y":
        return _month_end(_year(group["y"]), int(group["m"]))
    if name == "year":
        return date(_year(group["y"]), 12, 31)
    return _relative(name, today)


def _relative(name: str, today: date) -> date:
    if name == "this_month":
        return _month_end(today.year, today.month)
    if name == "next_month":
        year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
        return _month_end(year, month)
    quarter = (today.month - 1) // 3 + 1
    if name == "this_quarter":
        return _quarter_end(today.year, quarter)
    if name == "next_quarter":
        return _quarter_end(today.year + 1, 1) if quarter == 4 else _quarter_end(today.year, quarter + 1)
    if name == "financial_year_end":
        return date(today.year if today.month <= 3 else today.year + 1, 3, 31)
    return date(today.year, 12, 31)  # this_year


_DAY_MONTH = re.compile(r"(?<!\d)\d{1,2}(?:st|nd|rd|th)?\s*(?:of\s+)?" + _MONTH.format("m") + r"\b"
                        r"|\b(?:end|start|beginning|middle|mid|early|late)\s+(?:of\s+)?"
                        + _MONTH.format("n") + r"\b"
                        r"|(?<![\d/])\d{1,2}/\d{1,2}(?![\d/])|^" + _MONTH.format("o") + r"$")


def _has_day_month_without_year(text: str) -> bool:
    return bool(_DAY_MONTH.search(text))


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
