"""Dates as English councils and Ofsted write them, including hostile ones."""

from datetime import date

import pytest

from desktop.extract.dates import find_dates, find_quarter, make_date, parse_date


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("13 June 2017", date(2017, 6, 13)),
        ("Thursday 15 June 2017", date(2017, 6, 15)),
        ("held on Tuesday, 3rd March 2020 at 6pm", date(2020, 3, 3)),
        ("Meeting Date: 12 th January 2023", date(2023, 1, 12)),
        ("the 12th of January 2023", date(2023, 1, 12)),
        ("13th July 2017", date(2017, 7, 13)),
        ("1 Sept. 2021", date(2021, 9, 1)),
        ("January 12, 2023", date(2023, 1, 12)),
        ("Date: 03/11/2021", date(2021, 11, 3)),  # day first, as in England
        ("03.11.21", date(2021, 11, 3)),
        ("2023-01-12", date(2023, 1, 12)),
    ],
)
def test_single_dates(written, expected):
    assert parse_date(written) == expected


@pytest.mark.parametrize(
    ("written", "first", "last"),
    [
        ("27 February to 23 March 2017", date(2017, 2, 27), date(2017, 3, 23)),
        ("15th-17th May 2018", date(2018, 5, 15), date(2018, 5, 17)),
        ("1 and 2 March 2022", date(2022, 3, 1), date(2022, 3, 2)),
        ("31 January and 1 February 2018", date(2018, 1, 31), date(2018, 2, 1)),
        ("24 April 2017 to 18 May 2017", date(2017, 4, 24), date(2017, 5, 18)),
        ("16 September 2014 \u2013 8 October 2014", date(2014, 9, 16), date(2014, 10, 8)),
        ("11 to 15 September 2023", date(2023, 9, 11), date(2023, 9, 15)),
        ("Tuesday 3 and Wednesday 4 March 2020", date(2020, 3, 3), date(2020, 3, 4)),
        ("30 December to 2 January 2018", date(2017, 12, 30), date(2018, 1, 2)),
    ],
)
def test_ranges(written, first, last):
    (span,) = find_dates(written)
    assert (span.first, span.last) == (first, last)
    assert span.is_range


@pytest.mark.parametrize("impossible", ["31 February 2020", "30/02/2021", "2021-13-01", "0 May 2020", "45 June 2019"])
def test_impossible_dates_are_skipped_not_raised(impossible):
    assert find_dates(impossible) == []
    assert parse_date(impossible) is None


def test_impossible_date_does_not_hide_the_next_one():
    assert parse_date("on 31/02/2021, then on 5/6/21") == date(2021, 6, 5)


def test_a_number_before_a_date_is_not_a_range():
    (span,) = find_dates("see item 5 to 2 March 2022")
    assert (span.first, span.last) == (date(2022, 3, 2), date(2022, 3, 2))


def test_make_date_refuses_nonsense():
    assert make_date(2020, "Febtember", 1) is None
    assert make_date(1850, 1, 1) is None


@pytest.mark.parametrize(
    ("written", "first", "last"),
    [
        ("Quarter 4 2016/17", date(2017, 1, 1), date(2017, 3, 31)),
        ("Q2 2021-22", date(2021, 7, 1), date(2021, 9, 30)),
        ("Qtr 1 2019/2020", date(2019, 4, 1), date(2019, 6, 30)),
        ("Q3 2023/24", date(2023, 10, 1), date(2023, 12, 31)),
    ],
)
def test_financial_quarters(written, first, last):
    assert find_quarter(written) == (first, last)


def test_not_a_quarter():
    assert find_quarter("Q4 2016/19") is None
    assert find_quarter("no quarter here") is None


def test_visit_days_without_a_year_take_the_letter_s_year():
    from datetime import date

    from desktop.domain.documents import DocType
    from desktop.extract.dating import date_document

    flat = ("8 June 2018 Ms Jane Smith Director of Children's Services Rutland County Council Dear Ms Smith "
            "Monitoring visit to Rutland children's services This letter summarises the findings of the "
            "monitoring visit on 16 May and 20 May. The visit was the third.")
    at = flat.index("Monitoring visit")
    dating = date_document(flat, DocType.MONITORING_VISIT, at)
    assert (dating.date, dating.period_start, dating.period_end) == (date(2018, 6, 8), date(2018, 5, 16),
                                                                       date(2018, 5, 20))
    january = flat.replace("8 June 2018", "9 January 2019")  # a December visit, a January letter
    assert date_document(january.replace("16 May and 20 May", "10 and 11 December"), DocType.MONITORING_VISIT,
                         january.index("Monitoring visit")).period_start == date(2018, 12, 10)
