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

This module holds the due-date parser; the cell text,
status, RAG and recommendation-reference parsers are in ``cells`` and
``status_values`` and are re-exported here, so ``from desktop.trackers.values
import ...`` keeps working for all of them.
"""

from __future__ import annotations

import math
import re
from calendar import monthrange
from datetime import date, datetime, timedelta

from desktop.domain.dates import uk_date
from desktop.extract.dates import MONTHS as _MONTHS
from desktop.trackers.cells import _DASHES, _MAX_CELL, cell_text
from desktop.trackers.status_values import parse_rag, parse_recommendation_refs, parse_status

__all__ = ["parse_due", "parse_status", "parse_rag", "parse_recommendation_refs",
           "cell_text"]

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
                        f"{uk_date(latest)} is used")
    if len(set(found)) > 1:
        return latest, (f"due date \u201c{_short(original)}\u201d has more than one date; "
                        f"the latest, {uk_date(latest)}, is used")
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
