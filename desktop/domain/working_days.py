"""Working days in England: weekdays that are not bank holidays.

The statutory clocks (an action plan within 70 working days of an inspection
report) count working days. The bank holidays are data, shipped in
``resources/calendars/bank_holidays_england.json`` (from the GOV.UK list), so a
new or moved holiday is a change of data, not of code.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path


class OutsideCalendar(ValueError):
    """A date the bank-holiday list does not cover: counting there would be a guess."""


@dataclass(frozen=True, slots=True)
class Calendar:
    holidays: frozenset[date]
    first: date
    last: date
    source: str = ""

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.holidays

    def add_working_days(self, start: date, days: int) -> date:
        """The date ``days`` working days after ``start`` (``start`` itself not counted)."""
        if days < 0:
            raise ValueError("Count forward only.")
        if start < self.first:
            raise OutsideCalendar(f"The bank-holiday list starts on {self.first.isoformat()}.")
        day, left = start, days
        while left:
            day += timedelta(days=1)
            if day > self.last:
                raise OutsideCalendar(f"The bank-holiday list ends on {self.last.isoformat()}.")
            if self.is_working_day(day):
                left -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative when end is earlier)."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(1 for n in range(1, (end - start).days + 1)
                   if self.is_working_day(start + timedelta(days=n)))


def calendar_from(holidays: Iterable[date], first: date, last: date, source: str = "") -> Calendar:
    return Calendar(frozenset(holidays), first, last, source)


@lru_cache(maxsize=1)
def england() -> Calendar:
    """England's calendar, read once from the shipped list."""
    from desktop.paths import resources_dir

    return load_calendar(resources_dir() / "calendars" / "bank_holidays_england.json")


def load_calendar(path: Path) -> Calendar:
    data = json.loads(path.read_text(encoding="utf-8"))
    days = [date.fromisoformat(e["date"]) for e in data["events"]]
    covers = data.get("covers") or {}
    first = date.fromisoformat(covers["from"]) if covers.get("from") else min(days)
    last = date.fromisoformat(covers["to"]) if covers.get("to") else max(days)
    return calendar_from(days, first, last, data.get("source", ""))
