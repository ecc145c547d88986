"""The date a tracker reports the position at ("as at"), read from the tracker itself.

Officers put it in the title block ("Position as at 30 September 2017",
"Q2 2017/18 update", "Updated: 14/12/2017"), sometimes in the sheet name, often
in the file name ("plan_Q3_2017-18.xlsx"). A title line counts only when it says
it is a position or update date, so "Plan agreed March 2016" is not taken for
one; a file or sheet name is read whole. Quarters are read as tracker cells are
(``desktop.trackers.values``): a financial-year quarter ends on its last day.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from desktop.trackers.values import parse_due

_CUE = re.compile(r"\b(?:as\s+at|as\s+of|position|updated?|progress|quarter|q[1-4]|"
                  r"reporting\s+(?:date|period)|date|report)\b", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d")


def _date_in(text: str) -> date | None:
    if not _YEAR.search(text):  # "Updated monthly" or "31/12" names no position date
        return None
    found, problem = parse_due(text)
    return found if problem is None else None


def position_date(title_lines: list[str], sheet: str | None,
                  path: Path | str) -> tuple[date | None, str]:
    """The position date and where it was read ("title", "sheet", "file name"; "" when none)."""
    for line in title_lines:
        if _CUE.search(line):
            found = _date_in(line)
            if found:
                return found, "title"
    if sheet:
        found = _date_in(sheet.replace("_", " "))
        if found:
            return found, "sheet"
    found = _date_in(Path(path).stem.replace("_", " "))
    if found:
        return found, "file name"
    return None, ""
