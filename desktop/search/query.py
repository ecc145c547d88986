"""Turn whatever a user types into a safe FTS5 query.

Users may type phrases in double quotes, a trailing ``*`` for prefix search,
``OR`` between alternatives and ``-word`` to exclude a word. Everything else is
quoted, so no input can reach FTS5 as syntax it would reject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_TERMS = 32
_TOKEN = re.compile(r'-?"[^"]*"?|\S+')
_WORDISH = re.compile(r"\w", re.UNICODE)
_INNER_PUNCT = re.compile(r"[^\w*]+", re.UNICODE)
# SQLite ends a query string at a NUL, so a NUL inside a quoted phrase leaves the
# phrase unterminated; other control characters are no more searchable than it is.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class QueryError(ValueError):
    """The input holds nothing that can be searched for; the message says why."""


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    match: str  # the FTS5 MATCH expression
    terms: tuple[str, ...]  # the words and phrases searched for, for display
    note: str | None = None  # e.g. "Only the first 32 words were used."


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _term(token: str) -> tuple[str, str] | None:
    """One token as (fts5 fragment, display text), or None when it holds no word."""
    negate = token.startswith("-") and len(token) > 1
    if negate:
        token = token[1:]
    if token.startswith('"'):
        phrase = token.strip('"')
        if not _WORDISH.search(phrase):
            return None
        fragment, shown = _quote(phrase), f'"{phrase}"'
    else:
        prefix = token.endswith("*")
        word = _INNER_PUNCT.sub(" ", token.replace("*", " ")).strip()
        if not _WORDISH.search(word):
            return None
        fragment = _quote(word) + ("*" if prefix and " " not in word else "")
        shown = word + ("*" if prefix else "")
    return ("NOT " + fragment if negate else fragment), ("-" + shown if negate else shown)


def parse_query(user_text: str) -> ParsedQuery:
    """Parse a search box's text; raises QueryError when nothing searchable is left."""
    pieces: list[str] = []
    exclusions: list[str] = []  # FTS5 needs something before NOT, so they go last
    shown: list[str] = []
    note = None
    pending_or = False
    # Lone surrogates (undecodable command-line bytes) cannot be encoded for SQLite.
    user_text = (user_text or "").encode("utf-8", "replace").decode("utf-8")
    user_text = _CONTROL.sub(" ", user_text)
    for token in _TOKEN.findall(user_text):
        if token in ("AND", "&&"):
            continue
        if token in ("OR", "||"):
            pending_or = bool(pieces)
            continue
        term = _term(token)
        if term is None:
            continue
        if len(shown) >= MAX_TERMS:
            note = f"Only the first {MAX_TERMS} words were searched for."
            break
        fragment, display = term
        if fragment.startswith("NOT "):
            exclusions.append(fragment)
        elif pending_or:
            pieces.append("OR " + fragment)
        else:
            pieces.append(("AND " if pieces else "") + fragment)
        pending_or = False
        shown.append(display)
    if not pieces:
        if exclusions:
            raise QueryError("Say what to search for as well as what to leave out, "
                             "e.g. fostering -adoption.")
        if user_text.strip():
            raise QueryError("There are no words to search for in that text; try a word or a phrase.")
        raise QueryError("Type a word or a phrase to search for.")
    return ParsedQuery(match=" ".join(pieces + exclusions), terms=tuple(shown), note=note)
