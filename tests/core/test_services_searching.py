"""Searching every passage: ranked, highlighted, filtered, never crashing."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.search.fts import SearchFilters
from desktop.search.query import QueryError
from desktop.services.importing import import_paths
from desktop.services.searching import search
from tests.samples import SAMPLES


@pytest.fixture(scope="module")
def searchable(tmp_path_factory):
    from desktop.storage.workspace import open_workspace

    ws = open_workspace(tmp_path_factory.mktemp("search") / "s.sqlite")
    import_paths(ws, sorted(SAMPLES.glob("*.txt")))
    yield ws
    ws.close()


def test_hits_are_ranked_and_highlighted(searchable):
    result = search(searchable, "care leavers")
    assert result.hits
    hit = result.hits[0]
    assert hit.snippet and hit.highlights
    highlighted = [hit.snippet[a:b].lower() for a, b in hit.highlights]
    assert any(word.startswith(("care", "leaver")) for word in highlighted)
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores, reverse=True)


def test_phrase_search_is_stricter_than_words(searchable):
    words = search(searchable, "return home interviews", limit=1000).hits
    phrase = search(searchable, '"return home interviews"', limit=1000).hits
    assert 0 < len(phrase) <= len(words)


def test_authority_filter_keeps_south_gloucestershire_apart(searchable):
    hits = search(searchable, "children", SearchFilters(authority="South Gloucestershire"), 500).hits
    assert hits and {h.authority for h in hits} == {"South Gloucestershire"}


def test_duplicates_are_left_out_unless_asked_for(searchable):
    phrase = '"return home interviews"'
    without = search(searchable, phrase, limit=1000).hits
    with_dups = search(searchable, phrase, SearchFilters(include_duplicates=True), 1000).hits
    assert len(with_dups) > len(without)


@pytest.mark.parametrize("text", ['"', "AND", "(", "*", "🙂🙂", "NEAR(", "x" * 10_000,
                                  "care " * 3000, "\x00", "' OR 1=1 --"])
def test_odd_input_gives_results_or_a_message(searchable, text):
    try:
        search(searchable, text)
    except QueryError as error:
        assert str(error)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=120))
def test_any_text_is_safe(searchable, text):
    with contextlib.suppress(QueryError):
        search(searchable, text, limit=5)


def test_every_passage_is_indexed_once(searchable):
    conn = searchable.conn
    passages = conn.execute("SELECT count(*) FROM passages").fetchone()[0]
    indexed = conn.execute("SELECT count(*) FROM passages_fts").fetchone()[0]
    assert passages == indexed
    conn.execute("INSERT INTO passages_fts(passages_fts, rank) VALUES ('integrity-check', 1)")
