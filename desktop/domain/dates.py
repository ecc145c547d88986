"""Dates in and out: what users type, what the workspace stores, what people and JSON see.

Stored and JSON dates are ISO (2017-06-13). People see UK dates: "13 Jun 2017" in
tables, "13 June 2017" in sentences. People may type a date the way they write it
("1/1/18", "1 Jan 2018", "2018-01-01"); the window and the CLI read it the same way.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import UTC, date, datetime

_MONTHS = {name: number for number, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
    ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
    ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
    ("dec", "december")), start=1) for name in names}
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s*[\s/\-]\s*([a-z]+)\.?,?\s*[\s/\-]?\s*(\d{2}|\d{4})")
_MONTH_DAY_YEAR = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
EXAMPLE = "13/06/2017, 13 Jun 2017 or 2017-06-13"


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def uk_date(value: date | None, empty: str = "") -> str:
    """8 June 2018 (no leading zero), as British council papers write dates."""
    return f"{value.day} {value:%B %Y}" if value else empty


def short_uk_date(value: date | None, empty: str = "") -> str:
    """13 Jun 2017: a UK date narrow enough for a table column."""
    return f"{value.day} {value:%b %Y}" if value else empty


def written_with_date(written: str, understood: date | None) -> str:
    """A date as the paper wrote it, with the date it was read as beside it when they differ.

    "Q4 2017 (31 Dec 2017)"; a plain date shows as a UK date; "ongoing" stays as it is.
    """
    written = " ".join((written or "").split())
    if understood is None:
        return written
    if not written:
        return short_uk_date(understood)
    try:
        same = parse_user_date(written) == understood
    except ValueError:
        same = False
    return short_uk_date(understood) if same else f"{written} ({short_uk_date(understood)})"


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if len(text) == 2 else year  # "18" is 2018: papers are this century


def _checked(year: int, month: int, day: int, typed: str) -> date:
    if not 1 <= month <= 12:
        raise ValueError(f"“{typed}” is not a date: there is no month {month}; write the day "
                         f"first, as in {EXAMPLE}.")
    if not 1 <= year <= 9999:
        raise ValueError(f"“{typed}” is not a date: the year is not possible.")
    last = monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValueError(f"“{typed}” is not a date: there is no {day} {_MONTH_NAMES[month - 1]} "
                         f"{year} ({_MONTH_NAMES[month - 1]} has {last} days that year).")
    return date(year, month, day)


def parse_user_date(text: str) -> date | None:
    """The date a person typed, UK day-first; empty means none.

    Accepts 13/6/17, 13/06/2017, 13.06.2017, 13 Jun 2017, 13th June 2017, June 13, 2017 and
    2017-06-13. Raises ValueError with a sentence saying what is wrong, e.g. for 31/2/2018.
    """
    typed = str(text)  # quoted in messages exactly as typed
    lowered = " ".join(typed.split()).lower()
    if not lowered:
        return None
    if match := _ISO.fullmatch(lowered):
        year, month, day = (int(part) for part in match.groups())
        return _checked(year, month, day, typed)
    if match := _NUMERIC.fullmatch(lowered):
        day_text, month_text, year_text = match.groups()
        return _checked(_year(year_text), int(month_text), int(day_text), typed)
    for pattern, day_first in ((_DAY_MONTH_YEAR, True), (_MONTH_DAY_YEAR, False)):
        if match := pattern.fullmatch(lowered):
            day_text, month_name, year_text = match.groups() if day_first else \
                (match.group(2), match.group(1), match.group(3))
            named = _MONTHS.get(month_name)
            if named is None:
                break
            return _checked(_year(year_text), named, int(day_text), typed)
    raise ValueError(f"“{typed}” is not a date; write it like {EXAMPLE}.")


def timestamp_now() -> str:
    """When a row was made or changed, as stored: UTC, ISO 8601, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def stored_date(value: str | None) -> date | None:
    """A stored ISO date; anything else (a file edited by another tool) reads as no date."""
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def typed_date(value: object, what: str = "date") -> date | None:
    """A date the user typed (see ``parse_user_date``; empty means none).

    Raises ValueError with a sentence naming ``what`` and the text typed for anything else.
    """
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return parse_user_date(str(value))
    except ValueError as error:
        raise ValueError(f"The {what} {error}") from None
