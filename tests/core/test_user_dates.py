"""Dates as people type and read them: the parser the window and the CLI share."""

from datetime import date

import pytest

from desktop.domain.dates import parse_user_date, short_uk_date, typed_date, written_with_date


@pytest.mark.parametrize("typed", ["1/1/18", "01/01/2018", "1 Jan 2018", "1st January 2018",
                                   "2018-01-01", "1.1.2018", "January 1, 2018", " 1  jan 2018 "])
def test_the_ways_people_write_a_date_all_read_as_that_date(typed):
    assert parse_user_date(typed) == date(2018, 1, 1)


def test_day_comes_first_as_in_the_uk():
    assert parse_user_date("4/9/18") == date(2018, 9, 4)


@pytest.mark.parametrize("typed, says", [("31/2/2018", "there is no 31 February 2018"),
                                         ("2018-13-01", "there is no month 13"),
                                         ("soon", "is not a date"),
                                         ("1 Smarch 2018", "is not a date")])
def test_an_impossible_date_is_refused_with_a_sentence(typed, says):
    with pytest.raises(ValueError, match=says):
        parse_user_date(typed)


def test_the_cli_reads_dates_the_same_way_and_names_the_field():
    assert typed_date("13 Jun 2017", "issue date") == date(2017, 6, 13)
    with pytest.raises(ValueError, match="issue date “30/2/2017”"):
        typed_date("30/2/2017", "issue date")


def test_table_dates_are_short_uk_dates():
    assert short_uk_date(date(2017, 6, 13)) == "13 Jun 2017"
    assert short_uk_date(None, "undated") == "undated"


def test_due_dates_show_as_written_with_the_date_read_beside_them():
    assert written_with_date("Q4 2017", date(2017, 12, 31)) == "Q4 2017 (31 Dec 2017)"
    assert written_with_date("31/12/2017", date(2017, 12, 31)) == "31 Dec 2017"
    assert written_with_date("2017-10-31", date(2017, 10, 31)) == "31 Oct 2017"
    assert written_with_date("ongoing", None) == "ongoing"
    assert written_with_date("", date(2017, 10, 31)) == "31 Oct 2017"
