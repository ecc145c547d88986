"""A tracker cell as text, and what the cell parsers share.

:func:`cell_text` turns what openpyxl or pandas gives for a cell (text, numbers,
dates, NaN) into the text a user would read. ``_MAX_CELL`` and ``_DASHES`` are
used by both the date parser (``values``) and the status/RAG/reference parsers
(``status_values``). ``cell_text`` is re-exported from ``values``.
"""

from __future__ import annotations

import math
from datetime import date, datetime

# Cells longer than this are notes, not dates or ratings; only their start is read
# so a pasted essay cannot make parsing slow.
_MAX_CELL = 600

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
