"""Which local authority a document is about.

Every name and alias goes into one alternation, longest first, so that at
any position the longest name wins: "South Gloucestershire" is consumed
whole and never also counted as "Gloucestershire"; word edges that also
refuse hyphens keep "York" out of "North Yorkshire" and "Stoke" out of
"Stoke-on-Trent". A mention counts more when it sits where papers name
their subject ("Inspection of X children's services", "X County Council",
the title block) and nothing when it is part of a postal address (Ofsted's
own letterhead says "Westminster" and "Manchester").
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from desktop.extract import _text
from desktop.extract.authorities_data import ALIASES, ALL_AUTHORITIES

TITLE_ZONE = 300  # characters of flattened head that hold a title block
_SUBJECT_WEIGHT = 8
_TITLE_WEIGHT = 5


def _spelling_variants(name: str) -> set[str]:
    """Ways papers write the same name: "&" for "and", hyphens, no comma."""
    variants = {name, name.replace(",", "")}
    for v in list(variants):
        variants.add(v.replace(" and ", " & "))
        variants.add(v.replace(" upon ", "-upon-"))
        variants.add(v.replace("-on-", " on "))
        variants.add(v.replace("St ", "St. "))
    return variants


def _build_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for name in ALL_AUTHORITIES:
        for variant in _spelling_variants(name):
            lookup[variant.lower()] = name
    for alias, name in ALIASES.items():
        for variant in _spelling_variants(alias):
            lookup.setdefault(variant.lower(), name)
    return lookup


_LOOKUP = _build_lookup()
_PREFIX = 3  # names are grouped by their first three characters


def _build_matchers() -> dict[str, re.Pattern[str]]:
    """One small alternation per three-letter prefix, longest name first.

    One alternation of all ~400 spellings costs ~20 ms on a long head; a
    cheap scan for capitalised words plus a dictionary lookup is ~10x faster.
    """
    groups: dict[str, list[str]] = defaultdict(list)
    for spelling in _LOOKUP:
        groups[spelling[:_PREFIX]].append(spelling)
    return {
        prefix: re.compile(
            "(?:"
            + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(names, key=len, reverse=True))
            + r")(?![\w-])",
            re.IGNORECASE,
        )
        for prefix, names in groups.items()
    }


_MATCHERS = _build_matchers()
# The capital comes first and the "no word character before it" check after
# it: a pattern that opens with a character class gets the engine's fast
# scan, one that opens with a lookbehind is tried at every offset.
_WORD_START = re.compile(r"[A-Z](?<![\w-].)[A-Za-z&. ]{2}")

_BEFORE_SUBJECT = re.compile(
    r"(?:inspection of|visit (?:of|to)|services (?:for children )?in|children in|"
    r"council of|borough of|city of|county of|inspection in|in respect of|report on)\s*(?:the\s+)?$",
    re.IGNORECASE,
)
_AFTER_SUBJECT = re.compile(
    r"^'?s?\s*(?:local authority|children's services|children's social care|"
    r"(?:metropolitan |county |city |borough |district )*council|safeguarding|"
    r"children and families|local safeguarding)",
    re.IGNORECASE,
)
# "working with Bradford", "neighbouring Calderdale": a partner, not the subject.
_BEFORE_PARTNER = re.compile(
    r"\b(?:with|neighbouring|alongside|including|such as|like|than|compared to|and)\s+(?:the\s+)?$", re.IGNORECASE
)
_POSTAL = re.compile(r"^,?\s*(?:London\b|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b)")


@dataclass(frozen=True, slots=True)
class AuthorityMention:
    start: int
    end: int
    name: str  # canonical


def canonical_name(name: str) -> str | None:
    """The canonical authority for a name or alias, or None if unknown."""
    return _LOOKUP.get(re.sub(r"\s+", " ", name.strip()).lower())


def typed_authority(value: object) -> str | None:
    """A council the user typed, under its usual name when known ("leeds" -> "Leeds"),
    else as typed on one line; None when blank."""
    typed = " ".join(str(value or "").split())
    return (canonical_name(typed) or typed) if typed else None


def find_mentions(flat: str) -> list[AuthorityMention]:
    """Every authority named in flattened text, longest names first."""
    mentions: list[AuthorityMention] = []
    resume = 0  # a name found consumes its words: no match inside it
    # Only capitalised words can start a name: lower-case "reading" or
    # "bury" is a verb, not a council.
    for word in _WORD_START.finditer(flat):
        if word.start() < resume:
            continue
        matcher = _MATCHERS.get(word.group().lower())
        match = matcher.match(flat, word.start()) if matcher else None
        if match is None:
            continue
        found = match.group()
        name = _LOOKUP.get(" ".join(found.split()).lower())
        if name is not None and not _short_alias_in_lowercase(found):
            mentions.append(AuthorityMention(match.start(), match.end(), name))
            resume = match.end()
    return mentions


def _short_alias_in_lowercase(found: str) -> bool:
    # Acronyms ("BCP", "BANES") only count written in capitals.
    return found.lower() in {"bcp", "banes", "b&nes"} and not found.isupper()


def _weight(flat: str, mention: AuthorityMention) -> int:
    after = flat[mention.end : mention.end + 40]
    if _POSTAL.match(after):
        return 0
    before = flat[max(0, mention.start - 40) : mention.start]
    subject = _BEFORE_SUBJECT.search(before) or _AFTER_SUBJECT.match(after)
    if not subject and _BEFORE_PARTNER.search(before):
        return 0
    weight = 1
    if subject:
        weight += _SUBJECT_WEIGHT
    if mention.start < TITLE_ZONE:
        weight += _TITLE_WEIGHT
    return weight


def _scores(flat: str, mentions: list[AuthorityMention]) -> dict[str, int]:
    scores: dict[str, int] = defaultdict(int)
    for mention in mentions:
        scores[mention.name] += _weight(flat, mention)
    return dict(scores)


def detect_authority(text: str, *, chars: int = _text.HEAD_CHARS * 2) -> str | None:
    """The authority the document is about, by canonical name, or None.

    Reads the first ``chars`` characters only: the subject of a paper is
    always named on its first pages.
    """
    return best_authority(_text.head(text, chars))


def best_authority(flat: str) -> str | None:
    """Highest-scoring authority in flattened text; earliest wins a tie."""
    mentions = find_mentions(flat)
    scores = {name: score for name, score in _scores(flat, mentions).items() if score > 0}
    if not scores:
        return None
    first_seen: dict[str, int] = {}
    for mention in mentions:
        first_seen.setdefault(mention.name, mention.start)
    return max(scores, key=lambda n: (scores[n], -first_seen[n]))
