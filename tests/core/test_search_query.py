"""Whatever a user types becomes a safe FTS5 query, or a clear message."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.search.query import MAX_TERMS, QueryError, parse_query


def _fts_accepts(match: str) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(text, tokenize='porter unicode61')")
    conn.execute("INSERT INTO t VALUES ('care leavers and children in care')")
    conn.execute("SELECT * FROM t WHERE t MATCH ?", (match,)).fetchall()


@pytest.mark.parametrize("text, expected", [
    ("care leavers", '"care" AND "leavers"'),
    ('"care leavers"', '"care leavers"'),
    ("leav*", '"leav"*'),
    ("care OR protection", '"care" OR "protection"'),
    ("care AND leavers", '"care" AND "leavers"'),
    ("care -leavers", '"care" NOT "leavers"'),
    ("-leavers care", '"care" NOT "leavers"'),
    ('"unclosed phrase', '"unclosed phrase"'),
])
def test_operators_users_expect(text, expected):
    assert parse_query(text).match == expected


@pytest.mark.parametrize("text", ["", "   ", "AND", "(", ")", "*", '"', '""', "🙂", "-", "OR OR"])
def test_nothing_searchable_gives_a_message(text):
    with pytest.raises(QueryError) as caught:
        parse_query(text)
    assert "search" in str(caught.value).lower()


def test_very_long_input_is_cut_with_a_note():
    parsed = parse_query("word " * 10_000)
    assert len(parsed.terms) == MAX_TERMS
    assert parsed.note and str(MAX_TERMS) in parsed.note
    _fts_accepts(parsed.match)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=200))
def test_any_input_is_a_valid_fts_query_or_a_query_error(text):
    try:
        parsed = parse_query(text)
    except QueryError:
        return
    _fts_accepts(parsed.match)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(['"', "*", "(", ")", "AND", "OR", "NOT", "-", "NEAR", ":", "^",
                                 "care", "x", "🙂", "'", "{", "}", "+"]), max_size=12))
def test_fts_syntax_fragments_never_escape_quoting(tokens):
    try:
        parsed = parse_query(" ".join(tokens))
    except QueryError:
        return
    _fts_accepts(parsed.match)


@pytest.mark.parametrize("text", ['"a\x00b"', '"child\x00 protection"', "care\x00leavers", '"\x1bcare"'])
def test_control_characters_inside_phrases_never_break_the_query(text):
    # A NUL ends SQLite's copy of the query string, which left the phrase unterminated.
    match = parse_query(text).match
    assert "\x00" not in match
    _fts_accepts(match)
