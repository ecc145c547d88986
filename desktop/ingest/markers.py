"""How a line announces itself: list markers, numbers and headings.

Shared by the normaliser (which must not glue a new item onto the line above)
and the splitter (which turns each marker into a passage label). All patterns
are anchored at the start of a line and linear-time.
"""

from __future__ import annotations

import re

# Symbol bullets are unambiguous: a line starting with one is always an item.
SYMBOL_BULLETS = "•●▪■◼◾◽◻□◦‣⁃∙·○►▶➢➤✓✔❖♦◆"

# "•", "▪ " ... or "*", "-", "–", "—", "o" followed by a space. The latter can
# also start a wrapped line ("– the board"), so the normaliser treats them as
# weak markers.
BULLET_RE = re.compile(
    rf"(?P<mark>[{SYMBOL_BULLETS}]|[*\-–—o](?=[ \t]))[ \t]*(?=\S)"
)
WEAK_BULLETS = frozenset("*-–—o")

# "26. ", "1) ", "5.3 ", "5.3. ", "2.1.4 " (one level needs "." or ")" so that
# "12 children ..." stays a sentence).
NUMBERED_RE = re.compile(
    r"(?P<num>\d{1,3}(?:\.\d{1,3}){1,3})\.?[ \t]+(?=\S)"
    r"|(?P<one>\d{1,3})[.)][ \t]+(?=\S)"
)

# "(a) ", "(iv) ", "(B) ", "a) ", "ii) ", "b. ".
LETTERED_RE = re.compile(
    r"\((?P<paren>[a-zA-Z]|[ivxlc]{1,6}|[IVXLC]{1,6})\)[ \t]+(?=\S)"
    r"|(?P<half>[a-z]|[ivxlc]{1,6})[.)][ \t]+(?=\S)"
)

# Markdown "# Heading".
MD_HEADING_RE = re.compile(r"#{1,6}[ \t]+(?=\S)")

_CLOSERS = "\"'”’)]"

# Words a wrapped line can end on but a finished sentence or heading cannot.
_CONTINUATION_WORDS = frozenset(
    "and or of the a an to in on at by for from with that which who whose than as is are "
    "was were be been has have had not but nor into onto its their our your this these "
    "those per via including between such so".split()
)


# These look only at the end of a line: a regex search anchored with "$" would
# try every position of the line, and they run on every line of every PDF.
def ends_sentence(line: str) -> bool:
    """True for "... care.", "... (Recommendation).", "... as follows:"."""
    stripped = line.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in ".!?:;"


def ends_mid_sentence(line: str) -> bool:
    """True for a line ending in a comma or in a word like "and", "of", "the"."""
    if not line:
        return False
    if line[-1] == ",":
        return True
    last = line[line.rfind(" ") + 1:]
    return last.lower() in _CONTINUATION_WORDS


_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")
_SMALL_WORDS = frozenset(
    "a an and as at but by for from in into of on or the to with vs via per".split()
)


def starts_item(line: str) -> tuple[bool, bool]:
    """(is an item, is a strong marker) for a line already stripped of spaces."""
    if not line:
        return False, False
    match = BULLET_RE.match(line)
    if match:
        return True, match.group("mark") not in WEAK_BULLETS
    if line[0] == "(" and LETTERED_RE.match(line):
        return True, True
    if line[0] == "#" and MD_HEADING_RE.match(line):
        return True, True
    if NUMBERED_RE.match(line) or LETTERED_RE.match(line):
        return True, False
    return False, False


def is_title_case(text: str) -> bool:
    """True for "ELECTION OF VICE CHAIR" and "Quality of Practice"."""
    words = _WORD_RE.findall(text)
    if not words:
        return False
    if text.upper() == text:
        return True
    significant = [w for w in words if w.lower() not in _SMALL_WORDS]
    if not significant:
        return False
    capitalised = sum(1 for w in significant if w[0].isupper())
    return capitalised * 4 >= len(significant) * 3


def looks_like_heading(text: str, *, numbered: bool = False) -> bool:
    """A short line with no closing full stop: a heading, not a sentence.

    Sentence-case headings ("Local leadership") are common in Ofsted reports,
    so they count when short; a numbered line must be title or upper case to
    be a heading ("1. ELECTION OF VICE CHAIR") rather than a numbered item.
    """
    if len(text) > 90 or text[-1] in ".,;" or ends_mid_sentence(text):
        return False
    words = text.split()
    if len(words) > 12:
        return False
    first_letter = next((ch for ch in text if ch.isalpha()), "")
    if not first_letter or not first_letter.isupper():
        return False
    if is_title_case(text):
        return True
    # A longer question in sentence case is more often a sentence than a heading.
    return not numbered and len(words) <= (5 if text.endswith("?") else 8)
