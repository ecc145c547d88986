"""Turning document text into something reportlab shows exactly as written.

reportlab's Paragraph reads a small XML-like markup (``<b>``, ``<font>``,
``&amp;``...). Text from papers and from the user is data, never markup: it is
escaped here, control characters are dropped, and the invisible characters that
reorder text (bidi overrides) are shown as a visible code instead of acting.
"""

from __future__ import annotations

import re
from datetime import date
from xml.sax.saxutils import escape

# C0 and C1 control characters other than tab and line breaks.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Embeddings, overrides and isolates make a viewer reorder what follows; they are
# shown as their code point so a reader can see something odd was in the text.
_BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
# Marks and zero-width characters that are harmless but have no glyph: dropped.
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff\ufffe]")
# Characters papers use that the embedded font lacks, and a faithful stand-in.
_STAND_INS = str.maketrans({
    "\u2192": "->", "\u2190": "<-", "\u2194": "<->", "\u21d2": "=>",
    "\u2713": "\u221a", "\u2714": "\u221a", "\u2717": "\u00d7", "\u2718": "\u00d7",
    "\u25cf": "\u2022", "\u25aa": "\u2022", "\u25a0": "\u2022", "\u25e6": "\u2022",
    "\u25cb": "o", "\u27a2": "\u2022", "\uf0b7": "\u2022", "\uf0a7": "\u2022",
    "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u202f": " ",
})
_ODD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069"
                  r"\ufeff\ufffe]")
ELLIPSIS = "\u2026"


def clean(text: object) -> str:
    """Plain text fit to print: no control characters, visible bidi codes, stand-in glyphs."""
    value = "" if text is None else str(text)
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if _ODD.search(value):  # rare: most text needs only the stand-ins
        value = _INVISIBLE.sub("", _CONTROL.sub("", value))
        value = _BIDI_CONTROLS.sub(lambda m: f"[U+{ord(m.group()):04X}]", value)
    return value.translate(_STAND_INS)


def markup(text: object, *, keep_lines: bool = True) -> str:
    """``text`` as Paragraph markup that displays literally (``<b>`` shows as ``<b>``)."""
    value = escape(clean(text))
    if keep_lines:
        value = "<br/>".join(line.strip() for line in value.split("\n"))
    return value


def one_line(text: object) -> str:
    """Plain text on one line (line breaks and runs of spaces become single spaces)."""
    return " ".join(clean(text).split())


def shorten(text: object, limit: int) -> str:
    """At most ``limit`` characters on one line, cut at a word and ended with an ellipsis."""
    value = one_line(text)
    if len(value) <= limit:
        return value
    cut = value[:limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-\u2013") + ELLIPSIS


def short_date(value: date | None, empty: str = "") -> str:
    """8 Jun 2018: for table cells."""
    return f"{value.day} {value:%b %Y}" if value else empty


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (many or word + 's')}"
