"""Reading tracker cells: due dates, statuses, RAG ratings, recommendation references."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.actions import ActionStatus, Rag
from desktop.trackers.values import (
    cell_text,
    parse_due,
    parse_rag,
    parse_recommendation_refs,
    parse_status,
)

TODAY = date(2024, 5, 15)


@pytest.mark.parametrize("text, expected", [
    ("31/03/2024", date(2024, 3, 31)),
    ("31-3-24", date(2024, 3, 31)),
    ("31.03.2024", date(2024, 3, 31)),
    ("1/4/2024", date(2024, 4, 1)),  # day first, as in England
    ("31 March 2024", date(2024, 3, 31)),
    ("31st March 2024", date(2024, 3, 31)),
    ("31st of March, 2024", date(2024, 3, 31)),
    ("31-Mar-24", date(2024, 3, 31)),
    ("March 31, 2024", date(2024, 3, 31)),
    ("2024-03-31", date(2024, 3, 31)),
    ("2024-03-31 00:00:00", date(2024, 3, 31)),
    ("March 2024", date(2024, 3, 31)),
    ("Mar-24", date(2024, 3, 31)),
    ("Sept 2023", date(2023, 9, 30)),
    ("Feb 2024", date(2024, 2, 29)),  # a leap year's end of February
    ("end of June 2024", date(2024, 6, 30)),
    ("By end of June 2024", date(2024, 6, 30)),
    ("03/2024", date(2024, 3, 31)),
    ("Q2 2023", date(2023, 6, 30)),  # calendar quarter
    ("Q4 2023", date(2023, 12, 31)),
    ("Quarter 1 2024", date(2024, 3, 31)),
    ("Q2 2023/24", date(2023, 9, 30)),  # UK financial year: Q1 is April to June
    ("Q4 2023-24", date(2024, 3, 31)),
    ("Q1 2024/2025", date(2024, 6, 30)),
    ("2023/24 Q3", date(2023, 12, 31)),
    ("2023/24", date(2024, 3, 31)),  # a financial year ends on 31 March
    ("2024", date(2024, 12, 31)),
    ("Summer 2024", date(2024, 8, 31)),
    ("Autumn term 2024", date(2024, 12, 31)),
    ("H1 2025", date(2025, 6, 30)),
    ("this month", date(2024, 5, 31)),
    ("next quarter", date(2024, 9, 30)),
    ("end of financial year", date(2025, 3, 31)),
])
def test_due_dates_in_uk_formats(text, expected):
    assert parse_due(text, TODAY) == (expected, None)


@pytest.mark.parametrize("text", ["ongoing", "Ongoing", "Continuous", "TBC", "n/a", "N/A",
                                  "Monthly", "Complete", "", "  ", "-", "Ongoing - reviewed"])
def test_not_dates_but_not_mistakes_either(text):
    assert parse_due(text, TODAY) == (None, None)


def test_excel_date_cells_and_serial_numbers():
    assert parse_due(datetime(2024, 3, 31, 0, 0)) == (date(2024, 3, 31), None)
    assert parse_due(date(2024, 3, 31)) == (date(2024, 3, 31), None)
    assert parse_due(45382) == (date(2024, 3, 31), None)
    assert parse_due(45382.0) == (date(2024, 3, 31), None)
    assert parse_due("45382") == (date(2024, 3, 31), None)
    assert parse_due(float("nan")) == (None, None)
    assert parse_due(None) == (None, None)


@pytest.mark.parametrize("text", ["31/13/2023", "31/02/2024", "garbage", "within 6 months", "3.5"])
def test_unreadable_due_dates_are_flagged_with_the_text(text):
    due, flag = parse_due(text, TODAY)
    assert due is None
    assert flag == f"due date \u201c{text}\u201d is not a date"


def test_the_exact_flag_for_an_impossible_month():
    assert parse_due("31/13/2023") == (None, "due date \u201c31/13/2023\u201d is not a date")


def test_a_date_without_a_year_says_so():
    due, flag = parse_due("end of March", TODAY)
    assert due is None and "has no year" in flag


def test_several_dates_take_the_latest_and_say_so():
    due, flag = parse_due("31/12/2023 revised to 31/03/2024", TODAY)
    assert due == date(2024, 3, 31)
    assert "more than one date" in flag and "31 March 2024" in flag


def test_a_long_flag_shortens_the_text():
    due, flag = parse_due("x" * 500)
    assert due is None and len(flag) < 120


@pytest.mark.parametrize("text, expected", [
    ("On track", ActionStatus.ON_TRACK),
    ("In progress", ActionStatus.ON_TRACK),
    ("Ongoing", ActionStatus.ON_TRACK),
    ("Partially complete", ActionStatus.ON_TRACK),
    ("Complete", ActionStatus.COMPLETE),
    ("Completed", ActionStatus.COMPLETE),
    ("Complete(d)", ActionStatus.COMPLETE),
    ("Achieved", ActionStatus.COMPLETE),
    ("Complete - embedded", ActionStatus.COMPLETE),
    ("Completed March 2024 \u2013 see board report", ActionStatus.COMPLETE),
    ("Not started", ActionStatus.NOT_STARTED),
    ("Not yet due", ActionStatus.NOT_STARTED),
    ("At risk", ActionStatus.AT_RISK),
    ("Slight delay", ActionStatus.AT_RISK),
    ("Delayed", ActionStatus.OFF_TRACK),
    ("Behind", ActionStatus.OFF_TRACK),
    ("Off track", ActionStatus.OFF_TRACK),
    ("Slipped", ActionStatus.OFF_TRACK),
    ("Not on track", ActionStatus.OFF_TRACK),
    ("ON TRACK", ActionStatus.ON_TRACK),
    ("Green", ActionStatus.ON_TRACK),  # RAG words in a status column
    ("Amber", ActionStatus.AT_RISK),
    ("Red", ActionStatus.OFF_TRACK),
    ("Blue", ActionStatus.COMPLETE),
])
def test_council_status_wordings(text, expected):
    assert parse_status(text) is expected


@pytest.mark.parametrize("text", ["", "Awaiting panel", "Not complete", "see note", "42"])
def test_unclear_statuses_are_none(text):
    assert parse_status(text) is None


@pytest.mark.parametrize("text, expected", [
    ("R", Rag.RED), ("Red", Rag.RED), ("RED", Rag.RED),
    ("A", Rag.AMBER), ("Amber", Rag.AMBER), ("Yellow", Rag.AMBER),
    ("G", Rag.GREEN), ("Green", Rag.GREEN),
    ("B", Rag.BLUE), ("Blue", Rag.BLUE),
    ("A/G", Rag.AMBER), ("Amber/Green", Rag.AMBER), ("Amber-Green", Rag.AMBER), ("G/A", Rag.AMBER),
    ("R/A", Rag.RED), ("AG", Rag.AMBER),
    ("RAG: G", Rag.GREEN), ("Amber (was Red)", Rag.AMBER),
    ("FF0000", Rag.RED), ("FFC000", Rag.AMBER), ("FFFF00", Rag.AMBER), ("00B050", Rag.GREEN),
    ("92D050", Rag.GREEN), ("0070C0", Rag.BLUE), ("00B0F0", Rag.BLUE), ("C00000", Rag.RED),
    ("FFFF0000", Rag.RED), ("#00B050", Rag.GREEN),
    ("FFC7CE", Rag.RED), ("FFEB9C", Rag.AMBER), ("C6EFCE", Rag.GREEN),  # Excel's pale fills
    ("\U0001f7e2", Rag.GREEN),
])
def test_rag_words_letters_and_fill_colours(text, expected):
    assert parse_rag(text) is expected


@pytest.mark.parametrize("text", ["", "Purple", "FFFFFF", "D9D9D9", "000000", "7030A0", "Complete",
                                  "n/a"])
def test_not_rag_ratings(text):
    assert parse_rag(text) is None


@pytest.mark.parametrize("text, expected", [
    ("Rec 3", ("3",)),
    ("R3", ("3",)),
    ("3, 5", ("3", "5")),
    ("Recommendation 12", ("12",)),
    ("Recs 1-3", ("1", "2", "3")),
    ("Recs 1\u20133, 6", ("1", "2", "3", "6")),
    ("1 & 2", ("1", "2")),
    ("R3/R4", ("3", "4")),
    ("Rec. 4", ("4",)),
    ("Rec 3 and Rec 5", ("3", "5")),
    ("Recommendations 2, 4 and 7", ("2", "4", "7")),
    ("3", ("3",)),
    ("This answers Ofsted recommendation 3 from the 2019 inspection", ("3",)),
    ("Area for improvement 2", ("2",)),
    ("Rec 3, rec 3", ("3",)),
])
def test_recommendation_references(text, expected):
    assert parse_recommendation_refs(text) == expected


@pytest.mark.parametrize("text", ["", "Improve supervision", "2023", "Leaders should ensure that"])
def test_no_recommendation_reference(text):
    assert parse_recommendation_refs(text) == ()


def test_a_huge_range_is_not_spelt_out():
    assert parse_recommendation_refs("Recs 1-900") == ("1", "900")


def test_cell_text():
    assert cell_text(None) == ""
    assert cell_text(3.0) == "3"
    assert cell_text(datetime(2024, 3, 31)) == "2024-03-31"
    assert cell_text(float("nan")) == ""
    assert cell_text("  x ") == "x"


# ---------------------------------------------------------------- never raise

cells = st.one_of(
    st.text(max_size=300),
    st.text(alphabet="0123456789/-.: QqRrHh", max_size=40),
    st.from_regex(r"(?:Q[1-4] )?\d{1,4}[/.-]\d{1,4}(?:[/.-]\d{1,5})?", fullmatch=True),
    st.integers(min_value=-10**12, max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.datetimes(),
    st.none(),
    st.booleans(),
)


@settings(max_examples=400, deadline=None)
@given(cells)
def test_value_parsers_never_raise(value):
    due, flag = parse_due(value, TODAY)
    assert due is None or isinstance(due, date)
    assert flag is None or isinstance(flag, str)
    assert parse_status(value) is None or isinstance(parse_status(value), ActionStatus)
    assert parse_rag(value) is None or isinstance(parse_rag(value), Rag)
    refs = parse_recommendation_refs(value)
    assert isinstance(refs, tuple) and all(isinstance(r, str) and r for r in refs)


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1995, 1, 1), max_value=date(2099, 12, 31)))
def test_every_real_date_reads_back(day):
    assert parse_due(day.strftime("%d/%m/%Y")) == (day, None)
    assert parse_due(f"{day.day} {day:%B %Y}") == (day, None)
    assert parse_due(day.isoformat()) == (day, None)
