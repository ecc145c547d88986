"""Finding dates and date ranges in English council and Ofsted prose.

Handles "13 June 2017", "Thursday, 3rd March 2020", "12 th January 2023",
"12th of January 2023", "January 12, 2023", "03/11/2021" (day first, as in
England), "2023-01-12", and ranges such as "27 February to 23 March 2017",
"15th-17th May 2018", "1 and 2 March 2022", "31 January and 1 February
2018", "24 April 2017 to 18 May 2017". Impossible dates (31 February) are
skipped, never raised. Every pattern is linear: bounded repeats, no nesting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11,
    "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)
_WEEKDAY = r"(?:Mon|Tues|Tue|Wednes|Wed|Thurs|Thur|Thu|Fri|Satur|Sat|Sun)(?:day)?\.?,?\s+"
_ORD = r"(?:\s?(?:st|nd|rd|th))?"
_YEAR = r"(?:19|20)\d\d"
_DAY = r"(?<!\d)\d{1,2}"
_JOIN = r"\s*(?:-|\u2013|\u2014|to|until|till|and|&)\s*"

_RANGE = (
    rf"(?:{_WEEKDAY})?(?P<d1>{_DAY}){_ORD}"
    rf"(?:\s+(?:of\s+)?(?P<m1>{_MONTH})\.?(?:,?\s+(?P<y1>{_YEAR}))?)?"
    rf"{_JOIN}(?:{_WEEKDAY})?(?P<d2>{_DAY}){_ORD}\s+(?:of\s+)?(?P<m2>{_MONTH})\.?,?\s+(?P<y2>{_YEAR})"
)
_DMY = rf"(?:{_WEEKDAY})?(?P<d>{_DAY}){_ORD}\s+(?:of\s+)?(?P<m>{_MONTH})\.?,?\s+(?P<y>{_YEAR})"
_MDY = rf"(?P<mm>{_MONTH})\.?\s+(?P<dd>{_DAY}){_ORD},\s*(?P<yy>{_YEAR})"
_NUMERIC = r"(?<![\d/.])(?P<nd>\d{1,2})[/.](?P<nm>\d{1,2})[/.](?P<ny>(?:19|20)?\d\d)(?![\d/.])"
_ISO = r"(?<!\d)(?P<iy>(?:19|20)\d\d)-(?P<im>\d\d)-(?P<id>\d\d)(?!\d)"

_ANY_DATE = re.compile(
    rf"\b(?:{_RANGE}|{_DMY}|{_MDY})\b|{_NUMERIC}|{_ISO}", re.IGNORECASE
)
_QUARTER = re.compile(
    r"\b(?:Quarter|Qtr|Q)\s?(?P<q>[1-4])\b[^\n\d]{0,12}?(?P<y>20\d\d)\s?[/-]\s?(?P<y2>\d\d(?:\d\d)?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class DateSpan:
    """A date or range found at ``text[start:end]``; ``first == last`` for one day."""

    start: int
    end: int
    first: date
    last: date

    @property
    def is_range(self) -> bool:
        return self.first != self.last


def make_date(year: int | str, month: int | str, day: int | str) -> date | None:
    """A date, or None when the parts do not form one (31 February, year 0)."""
    try:
        y, m, d = int(year), _month_number(month), int(day)
        if y < 100:
            y += 2000
        if not 1990 <= y <= 2099 or m is None:
            return None
        return date(y, m, d)
    except (ValueError, TypeError, OverflowError):
        return None


def _month_number(month: int | str) -> int | None:
    if isinstance(month, int):
        return month
    if month.isdigit():
        return int(month)
    return MONTHS.get(month.lower().rstrip("."))


def _span_from_match(match: re.Match[str]) -> DateSpan | None:
    g = match.groupdict()
    if g["d2"] is not None:
        last = make_date(g["y2"], g["m2"], g["d2"])
        if last is None:
            return None
        first = make_date(g["y1"] or last.year, g["m1"] or last.month, g["d1"])
        if first is not None and first > last and g["m1"] and not g["y1"]:
            # "30 December to 2 January 2018": the first day is in the year before.
            first = make_date(last.year - 1, g["m1"] or last.month, g["d1"])
        if first is None or first > last:
            # Not a real range ("item 5 to 2 March"): keep the date that parses.
            return DateSpan(match.start("d2"), match.end(), last, last)
        return DateSpan(match.start(), match.end(), first, last)
    if g["d"] is not None:
        one = make_date(g["y"], g["m"], g["d"])
    elif g["dd"] is not None:
        one = make_date(g["yy"], g["mm"], g["dd"])
    elif g["nd"] is not None:
        one = make_date(g["ny"], g["nm"], g["nd"])
    else:
        one = make_date(g["iy"], g["im"], g["id"])
    if one is None:
        return None
    return DateSpan(match.start(), match.end(), one, one)


def find_dates(text: str) -> list[DateSpan]:
    """Every date or range in ``text``, in order; unparseable ones skipped."""
    spans = []
    for match in _ANY_DATE.finditer(text):
        span = _span_from_match(match)
        if span is not None:
            spans.append(span)
    return spans


def first_date(text: str) -> DateSpan | None:
    """The first date or range in ``text``, or None."""
    for match in _ANY_DATE.finditer(text):
        span = _span_from_match(match)
        if span is not None:
            return span
    return None


def parse_date(text: str) -> date | None:
    """The first single date in ``text`` (the start of a range), or None."""
    span = first_date(text)
    return span.first if span else None


def find_quarter(text: str) -> tuple[date, date] | None:
    """A financial-year quarter ("Quarter 4 2016/17", "Q2 2021-22") as its dates.

    English councils count quarters from April: Q1 is April-June and Q4 is
    January-March of the second calendar year.
    """
    match = _QUARTER.search(text)
    if not match:
        return None
    quarter, start_year = int(match["q"]), int(match["y"])
    second = match["y2"]
    end_year = int(second) if len(second) == 4 else (start_year // 100) * 100 + int(second)
    if end_year != start_year + 1:
        return None
    starts = {1: (start_year, 4), 2: (start_year, 7), 3: (start_year, 10), 4: (end_year, 1)}
    year, month = starts[quarter]
    first = date(year, month, 1)
    last_month = month + 2
    last = date(year + (last_month > 12), (last_month - 1) % 12 + 1, 1)
    # Last day of the quarter: the day before the next quarter begins.
    next_start = date(last.year + (last.month == 12), last.month % 12 + 1, 1)
    return first, date.fromordinal(next_start.toordinal() - 1)


# A visit "on 16 May and 20 May" or "16 to 17 May" with no year: letters leave it to the letter's date.
_YEARLESS_RANGE = re.compile(
    rf"(?P<d1>{_DAY}){_ORD}(?:\s+(?:of\s+)?(?P<m1>{_MONTH}))?{_JOIN}(?P<d2>{_DAY}){_ORD}\s+(?:of\s+)?"
    rf"(?P<m2>{_MONTH})\b(?!\.?,?\s+{_YEAR})",
    re.IGNORECASE)


def yearless_span(text: str, year_of: date) -> DateSpan | None:
    """The first day range without a year in ``text``, in the year of ``year_of`` (the letter's
    date); a visit is never after its letter, so a later day belongs to the year before."""
    match = _YEARLESS_RANGE.search(text)
    if match is None:
        return None
    first_month = match.group("m1") or match.group("m2")
    for year in (year_of.year, year_of.year - 1):
        first = make_date(year, first_month, match.group("d1"))
        last = make_date(year, match.group("m2"), match.group("d2"))
        if first is None or last is None or first > last:
            return None
        if last <= year_of:
            return DateSpan(match.start(), match.end(), first, last)
    return None

