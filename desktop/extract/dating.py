"""Which of a document's dates is *its* date, by document type.

An inspection report is dated by publication and covers its inspection
dates; a visit letter is dated by the letter and covers the visit; minutes
and officer reports are dated by their meeting; a scorecard by the end of the
quarter it reports on. Works on flattened text (see ``_text.flatten``).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from datetime import date

from desktop.domain.documents import DocType
from desktop.extract.dates import (
    DateSpan,
    find_dates,
    find_quarter,
    first_date,
    yearless_span,
)

_I = re.IGNORECASE
_PUBLISHED = re.compile(
    r"\b(?:report published|date published|published|publication date|date of publication)\s*:?\s*", _I
)
_INSPECTED = re.compile(r"\b(?:inspection dates?|dates? of (?:the )?inspection|inspection took place)\s*:?\s*", _I)
_MEETING_FIELD = re.compile(
    r"\b(?:date of (?:the )?meeting|meeting date|meeting held on|date of report|report date|"
    r"committee date|date)\s*:?\s*",
    _I,
)
_HELD = re.compile(r"\bheld\b[^.]{0,80}?\bon\s+|\bheld\s+", _I)
_SALUTATION = re.compile(r"\bDear\b")

LETTERS = {DocType.MONITORING_VISIT, DocType.FOCUSED_VISIT, DocType.JOINT_INSPECTION}
MEETING_PAPERS = {
    DocType.COMMITTEE_REPORT, DocType.PERFORMANCE_REPORT, DocType.IMPROVEMENT_PLAN, DocType.OTHER,
}


@dataclass(frozen=True, slots=True)
class Dating:
    date: datetime.date | None = None
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None


def _date_after(pattern: re.Pattern[str], flat: str, reach: int = 60) -> DateSpan | None:
    """The date that follows a label such as "Report published:"."""
    for label in pattern.finditer(flat):
        span = first_date(flat[label.end() : label.end() + reach])
        if span is not None:
            return span
    return None


def _period(span: DateSpan | None) -> tuple[date | None, date | None]:
    return (span.first, span.last) if span else (None, None)


def date_inspection_report(flat: str) -> Dating:
    published = _date_after(_PUBLISHED, flat)
    start, end = _period(_date_after(_INSPECTED, flat, reach=80))
    # ILACS reports (2018+) do not print their publication date; the last
    # day of the inspection is the nearest date the text itself gives.
    when = published.last if published else end
    return Dating(when, start, end)


def date_letter(flat: str, title_at: int) -> Dating:
    """Letter date: the date above "Dear"; period: the first date after the title."""
    salutation = _SALUTATION.search(flat, 0, title_at + 1) or _SALUTATION.search(flat)
    letter_head = flat[: min(title_at, salutation.start() if salutation else title_at)]
    letter_date = next((s.first for s in find_dates(letter_head) if not s.is_range), None)
    visit = first_date(flat[title_at : title_at + 900])
    if visit is None and letter_date is not None:
        visit = yearless_span(flat[title_at : title_at + 900], letter_date)
    start, end = _period(visit)
    return Dating(letter_date or end, start, end)


def date_minutes(flat: str, title_at: int) -> Dating:
    held = _HELD.search(flat, title_at, title_at + 300)
    span = first_date(flat[held.end() : held.end() + 80]) if held else None
    if span is None:
        span = first_date(flat[title_at : title_at + 600]) or first_date(flat[:3000])
    return Dating(span.first if span else None)


def date_meeting_paper(flat: str, doc_type: DocType) -> Dating:
    field = _date_after(_MEETING_FIELD, flat[:3000], reach=50)
    span = field or first_date(flat[:600])
    quarter = find_quarter(flat[:600])
    if quarter and doc_type is DocType.PERFORMANCE_REPORT:
        return Dating(span.first if span else quarter[1], quarter[0], quarter[1])
    return Dating(span.first if span else None)


def date_document(flat: str, doc_type: DocType, title_at: int = 0) -> Dating:
    """The date and period of a document whose type is already known.

    ``title_at`` is where the type's signature was found in ``flat``.
    """
    if doc_type is DocType.INSPECTION_REPORT:
        return date_inspection_report(flat)
    if doc_type in LETTERS:
        return date_letter(flat, title_at)
    if doc_type is DocType.COMMITTEE_MINUTES:
        return date_minutes(flat, title_at)
    return date_meeting_paper(flat, doc_type)
