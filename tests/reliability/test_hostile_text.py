"""Every parser of text a user types or a file brings: any input gives an answer or a plain refusal.

Property-based (hypothesis): search queries, typed dates, document and
recommendation edits (title, authority, type, dates, labels), dates and
authorities found in papers, list markers and headings, and the tracker's
spreadsheet cells. Inputs mix arbitrary Unicode with the characters that
break naive code: quotes, FTS5 operators, NUL and other controls, right-to-left
overrides, surrogates, byte-order marks and huge strings. Each parser must
also stay fast on long hostile input (no catastrophic regex backtracking).
"""

from __future__ import annotations

import argparse
import contextlib
import math
import time
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.domain.errors import UserFacingError

HOSTILE_PIECES = [
    '"', "'", "*", "-", "(", ")", ":", "^", "AND", "OR", "NOT", "NEAR", "NEAR(", "\\", "%", "_",
    "\x00", "\x07", "\x1b[31m", "\r", "\n", "\t", "\u2028", "\u202e", "\u202d", "\u200f", "\ufeff",
    "\ufffd", "\udc80", "<script>alert(1)</script>", "<b>", "&amp;", "Rec 3", "R3/R4", "1-3", "31/13/2023",
    "Q2 2023/24", "2023-02-30", "0000-00-00", "99999-01-01", "Gloucestershire", "BANES", "26.", "(iv)",
    "•", "#", "🔴", "🟢", "FFC000", "e\u0301", "İ", "ß", "\u0130", "Ⅻ", "١٢٣", "𝟙𝟚", "9" * 30,
]
hostile_text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=200),
    st.lists(st.sampled_from(HOSTILE_PIECES), max_size=30).map(" ".join),
    st.lists(st.sampled_from(HOSTILE_PIECES), max_size=30).map("".join),
)
# What a window's text box can hold: anything but lone surrogates (which only
# undecodable command-line bytes produce; see the CLI test below).
typed_text = hostile_text.map(lambda text: text.encode("utf-8", "replace").decode("utf-8"))
EXAMPLES = settings(max_examples=250, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# Strings built to make a backtracking regex take exponential time.
LONG_HOSTILE = [
    "1," * 20_000 + "x", "rec " * 10_000 + "!", "R1/" * 10_000, "1 - " * 10_000 + "q",
    "(" * 50_000, '"' * 50_000, "a" * 200_000, "Q2 " * 20_000, "31/" * 20_000, "- " * 50_000,
    "\u202e" * 50_000, "Recommendation 1 and " * 5_000, "1.1.1." * 20_000, "March " * 20_000,
    "\n" * 100_000, "•\n" * 50_000, "Gloucestershire County Council " * 5_000,
]


def _fast(function, text: str, limit_s: float = 2.0) -> None:
    started = time.monotonic()
    with contextlib.suppress(UserFacingError, ValueError):
        function(text)
    spent = time.monotonic() - started
    assert spent < limit_s, f"{function.__qualname__} took {spent:.1f} s on {text[:40]!r}…"


@pytest.fixture(scope="module")
def held(tmp_path_factory):
    """A workspace holding one document, reused by every example (cleaned as it goes)."""
    from desktop.services.importing import import_paths
    from desktop.storage.workspace import open_workspace
    from tests.reliability import papers

    folder = tmp_path_factory.mktemp("typed")
    ws = open_workspace(folder / "typed.sqlite")
    summary = import_paths(ws, [papers.write_txt(folder, 42, count=40)])
    ws.doc_id = summary.document_ids[0]
    yield ws
    ws.close()


# -- search -----------------------------------------------------------------------------

@EXAMPLES
@given(text=hostile_text)
def test_any_search_is_answered_or_refused_plainly(held, text):
    from desktop.search.query import QueryError
    from desktop.services.searching import search

    try:
        result = search(held, text, limit=5)
    except QueryError as error:
        assert str(error).endswith(".")
        return
    for hit in result.hits:
        assert hit.document_id == held.doc_id and isinstance(hit.snippet, str)


# -- typed dates and edits --------------------------------------------------------------

@EXAMPLES
@given(value=st.one_of(hostile_text, st.dates().map(str), st.integers().map(str)))
def test_typed_dates_are_dates_or_a_sentence_naming_the_input(value):
    from desktop.domain.dates import stored_date, typed_date

    try:
        parsed = typed_date(value, "meeting date")
    except ValueError as error:
        assert "meeting date" in str(error) and str(value) in str(error)
    else:
        assert parsed is None or isinstance(parsed, date)
    assert stored_date(value) is None or isinstance(stored_date(value), date)


@EXAMPLES
@given(title=typed_text, authority=typed_text, when=typed_text, kind=typed_text)
def test_document_edits_are_saved_as_typed_or_refused(held, title, authority, when, kind):
    from desktop.services.documents import InvalidEdit, edit_document, get_document

    before = get_document(held, held.doc_id)
    for changes in ({"title": title}, {"authority": authority}, {"date": when}, {"doc_type": kind}):
        try:
            after = edit_document(held, held.doc_id, changes)
        except InvalidEdit as error:
            assert str(error)
            assert get_document(held, held.doc_id) == before  # a refusal changes nothing
            continue
        if "title" in changes:
            assert after.title == " ".join(title.split())[:500]
        before = after


@EXAMPLES
@given(text=typed_text, label=typed_text, issued=typed_text, authority=typed_text)
def test_recommendations_are_saved_as_typed_or_refused(held, text, label, issued, authority):
    from desktop.services.recommendations import add_recommendation, delete_recommendation

    try:
        added = add_recommendation(held, text, label=label, issued=issued, authority=authority)
    except UserFacingError as error:
        assert str(error)
        return
    assert added.text == text.strip()[:20_000]
    assert added.label == (" ".join(label.split())[:20] or added.label)
    delete_recommendation(held, added.id)


@pytest.mark.parametrize("command", [["edit", "1", "--title", "Bad \udcff name"],
                                     ["recommendations", "add", "Bad \udcff text"]])
def test_undecodable_command_line_text_gets_a_message(tmp_path, capsys, command):
    from desktop.cli import main
    from desktop.services.importing import import_paths
    from desktop.storage.workspace import open_workspace
    from tests.reliability import papers

    workspace = tmp_path / "cli.sqlite"
    with open_workspace(workspace) as ws:
        import_paths(ws, [papers.write_txt(tmp_path, 43, count=5)])
    try:
        code = main([*command, "--workspace", str(workspace)])
    except UnicodeError as error:
        pytest.fail(f"traceback instead of a message: {error!r}")
    err = capsys.readouterr().err
    assert code == 1 and "not valid UTF-8" in err and "Traceback" not in err
    with open_workspace(workspace, create=False) as ws:
        assert "\udcff" not in repr(ws.conn.execute("SELECT title FROM documents").fetchall())


@EXAMPLES
@given(text=hostile_text)
def test_document_type_arguments_are_a_type_or_a_usage_error(text):
    from desktop.cli import doc_type_argument
    from desktop.domain.documents import DocType

    try:
        assert DocType(doc_type_argument(text))
    except argparse.ArgumentTypeError as error:
        assert "is not a document type" in str(error)


# -- what papers bring ------------------------------------------------------------------

@EXAMPLES
@given(text=hostile_text)
def test_dates_found_in_text_are_real_dates_within_the_text(text):
    from desktop.extract.dates import find_dates, find_quarter, parse_date

    for span in find_dates(text):
        assert 0 <= span.start <= span.end <= len(text)
        assert isinstance(span.first, date)
    assert parse_date(text) is None or isinstance(parse_date(text), date)
    quarter = find_quarter(text)
    assert quarter is None or quarter[0] <= quarter[1]


@EXAMPLES
@given(text=hostile_text)
def test_authorities_found_are_known_names(text):
    from desktop.extract.authority import canonical_name, detect_authority, find_mentions

    named = canonical_name(text)
    assert named is None or canonical_name(named) == named
    found = detect_authority(text)
    assert found is None or canonical_name(found) == found
    for mention in find_mentions(text):
        assert 0 <= mention.start < mention.end <= len(text)


@EXAMPLES
@given(text=hostile_text)
def test_list_markers_and_headings_answer_for_any_line(text):
    from desktop.extract.list_items import clean, item_mark
    from desktop.ingest import markers

    line = text.strip()
    is_item, strong = markers.starts_item(line)
    assert isinstance(is_item, bool) and isinstance(strong, bool) and (is_item or not strong)
    assert isinstance(markers.is_title_case(line), bool)
    assert isinstance(markers.ends_sentence(line), bool)
    assert isinstance(markers.ends_mid_sentence(line), bool)
    if line:
        assert isinstance(markers.looks_like_heading(line), bool)
    mark = item_mark(line)
    assert mark is None or isinstance(mark.label, str)
    assert isinstance(clean(text), str)


# -- spreadsheet cells (the tracker import) ---------------------------------------------

cells = st.one_of(
    hostile_text, st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.dates(), st.datetimes(), st.decimals(allow_nan=False).map(float),
)


@EXAMPLES
@given(cell=cells, today=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 1, 1)))
def test_tracker_cells_never_stop_an_import(cell, today):
    from desktop.domain.actions import ActionStatus, Rag
    from desktop.trackers import values

    due, flag = values.parse_due(cell, today)
    assert due is None or (isinstance(due, date) and not isinstance(due, datetime))
    assert flag is None or (isinstance(flag, str) and flag)
    assert values.parse_status(cell) is None or isinstance(values.parse_status(cell), ActionStatus)
    assert values.parse_rag(cell) is None or isinstance(values.parse_rag(cell), Rag)
    refs = values.parse_recommendation_refs(cell)
    assert isinstance(refs, tuple) and all(isinstance(r, str) and r for r in refs)
    text = values.cell_text(cell)
    assert isinstance(text, str)
    if isinstance(cell, float) and math.isnan(cell):
        assert text == ""


# -- speed on long hostile input --------------------------------------------------------

def _parsers():
    from desktop.domain.dates import typed_date
    from desktop.extract.authority import detect_authority, find_mentions
    from desktop.extract.dates import find_dates, find_quarter
    from desktop.extract.list_items import item_mark
    from desktop.ingest import markers
    from desktop.search.query import parse_query
    from desktop.trackers import values

    return [parse_query, typed_date, find_dates, find_quarter, detect_authority, find_mentions,
            item_mark, markers.starts_item, markers.is_title_case,
            values.parse_due, values.parse_status, values.parse_rag, values.parse_recommendation_refs]


@pytest.mark.parametrize("text", LONG_HOSTILE, ids=lambda t: repr(t[:12]))
def test_parsers_stay_fast_on_long_hostile_input(text):
    for parser in _parsers():
        _fast(parser, text)
