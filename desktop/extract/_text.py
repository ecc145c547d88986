"""Text preparation shared by the detectors.

Detectors read a *flattened* head of the document: markup debris removed,
typographic quotes made plain and every run of whitespace (including the
line breaks a PDF puts mid-sentence) turned into one space. That makes one
regex work on raw PDF text and on cleaned text alike.
"""

from __future__ import annotations

import re

# Enough for the title page, the letter head or the meeting header of any
# paper; detectors that need more ask for it explicitly.
HEAD_CHARS = 12_000

_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]{0,10}(?:\s[^<>]{0,80})?/?>")
# Typographic characters mapped to plain ones. Chained str.replace is far
# faster than str.translate with a dict on long texts.
_TYPOGRAPHY = (
    ("\u2018", "'"), ("\u2019", "'"), ("\u201b", "'"), ("\u2032", "'"),
    ("\u201c", '"'), ("\u201d", '"'), ("\u00a0", " "), ("\u2009", " "),
    ("\u202f", " "), ("\u2010", "-"), ("\u2011", "-"), ("\u00ad", ""),
)


def strip_markup(text: str) -> str:
    """Remove HTML-like tags (``<p>``, ``</td>``) left by table extraction."""
    return _TAG.sub(" ", text)


def plain(text: str) -> str:
    """Markup removed and typography normalised; line structure kept."""
    text = strip_markup(text)
    for fancy, simple in _TYPOGRAPHY:
        if fancy in text:
            text = text.replace(fancy, simple)
    return text


def flatten(text: str) -> str:
    """Markup removed, typography normalised, all whitespace runs one space."""
    return " ".join(plain(text).split())


def head(text: str, chars: int = HEAD_CHARS) -> str:
    """The flattened opening of ``text``; cheap on very long documents."""
    return flatten(text[:chars])


def clip(text: str, limit: int = 150) -> str:
    """Shorten to ``limit`` characters at a word boundary, marking the cut."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-\u2013") + "\u2026"
