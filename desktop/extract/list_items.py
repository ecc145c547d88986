"""How one line of a report reads inside a list: item marker, page furniture, tidy text.

Shared by the recommendation and judgement extractors. Everything works on a
single passage's text (one line of the normalised document), with anchored,
bounded regexes, so the cost is linear in the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.extract._text import strip_markup
from desktop.ingest.markers import BULLET_RE, ends_mid_sentence, ends_sentence

# "1. ", "1) ", "(1) ", "3.2 ", "R1 ", "R1: ", "Recommendation 4: ".
_NUMBER_MARK = re.compile(
    r"(?:\((?P<paren>\d{1,3})\)"
    r"|(?P<dotted>\d{1,3}(?:\.\d{1,3}){1,2})\.?"
    r"|(?P<plain>\d{1,3})[.):]"
    r"|(?P<r>R|Rec\.?)\s?(?P<rnum>\d{1,3})[.):]?"
    r"|Recommendation\s+(?P<word>\d{1,3})\s*[.):\-\u2013]?)"
    r"[ \t]+(?=\S)",
    re.IGNORECASE,
)

_WHITESPACE = re.compile(r"\s+")

# Lines a PDF repeats on every page: page numbers, running headers and footers.
_FURNITURE = re.compile(
    r"(?:page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?"
    r"|page\s+\d{1,3}.{0,80}"
    r"|inspection report:.{0,160}"
    r"|.{0,120}\b(?:inspection|report|ofsted|children['\u2019]s services)\b.{0,120}?(?:19|20)\d\d\s+\d{1,3}"
    r"|(?:https?://)?www\.[\w./-]{3,80}"
    r"|ofsted|\u00a9 crown copyright.{0,10}",
    re.IGNORECASE,
)

# A table-of-contents entry: "Recommendations\t8", "Recommendations ..... 8", "Summary 3".
_CONTENTS_ENTRY = re.compile(r".{1,120}?(?:\t|\.{3,}|\s)\s*\d{1,3}")

# Words a recommendation usually starts with: it tells someone to do something.
IMPERATIVES = frozenset("""
ensure take continue improve devise implement strengthen embed hold further enhance review develop
evaluate consolidate raise deliver establish increase reduce provide make monitor undertake complete
secure use work promote introduce address extend identify consider agree clarify build audit analyse
assess set prioritise publish report record revise update support engage challenge maintain tackle
expand create put give offer seek share scrutinise oversee collate gather track align adopt apply
check commission confirm demonstrate design enable encourage explore focus follow involve keep learn
manage measure plan prepare produce recruit reinforce resolve respond retain urgently immediately
swiftly act bring carry conduct coordinate define determine direct embed enforce increase inform
invest limit listen minimise obtain prevent protect reconsider refresh remedy require restructure
review safeguard see simplify stabilise streamline test train understand ensure all work
""".split())


@dataclass(frozen=True, slots=True)
class ItemMark:
    """The marker that opens a list item, and where its text starts."""

    style: str  # "numbered" or "bullet"
    label: str  # as printed for numbers ("1", "R1", "3.2"); the bullet character otherwise
    number: int | None  # for checking that a numbered list runs on (1, 2, 3 ...)
    text_start: int


def clean(text: str) -> str:
    """One line without markup debris, with single spaces."""
    if "<" in text:
        text = strip_markup(text)
    return _WHITESPACE.sub(" ", text).strip()


def item_mark(line: str) -> ItemMark | None:
    """The list marker ``line`` starts with, if any."""
    if not line:
        return None
    match = BULLET_RE.match(line)
    if match:
        return ItemMark("bullet", match.group("mark"), None, match.end())
    if not (line[0].isdigit() or line[0] in "(Rr"):
        return None
    match = _NUMBER_MARK.match(line)
    if not match:
        return None
    if match.group("paren") or match.group("plain") or match.group("word"):
        digits = match.group("paren") or match.group("plain") or match.group("word")
        return ItemMark("numbered", digits, int(digits), match.end())
    if match.group("dotted"):
        dotted = match.group("dotted")
        return ItemMark("numbered", dotted, int(dotted.rsplit(".", 1)[1]), match.end())
    prefix = "R" if match.group("r").upper() == "R" else match.group("r")
    return ItemMark("numbered", f"{prefix}{match.group('rnum')}", int(match.group("rnum")), match.end())


def is_furniture(line: str) -> bool:
    """True for a page number, running header or footer repeated by a PDF."""
    return len(line) <= 200 and _FURNITURE.fullmatch(line) is not None


def is_contents_entry(line: str) -> bool:
    """True for "Recommendations\t8" or "Summary of findings 3": a line ending in a page number."""
    return len(line) <= 130 and not ends_sentence(line) and _CONTENTS_ENTRY.fullmatch(line) is not None


def starts_with_imperative(text: str) -> bool:
    """True for "Ensure that ...", "Urgently review ...": the way a recommendation opens."""
    first = text.split(" ", 1)[0].strip(",:;").lower()
    return first in IMPERATIVES


def continues(previous: str, line: str) -> bool:
    """True when ``line`` carries on the sentence of ``previous`` (a page or PDF line break)."""
    if not line or not previous:
        return False
    first = line[0]
    if first.islower() or first in ",;)":
        return True
    return not ends_sentence(previous) and ends_mid_sentence(previous)


def join_parts(parts: list[str]) -> str:
    """Lines of one item as one text; a word broken with a hyphen stays joined."""
    text = ""
    for part in parts:
        if not text:
            text = part
        elif text.endswith("-") and part[:1].islower():
            text += part
        else:
            text += " " + part
    return text.strip()
