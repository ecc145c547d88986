"""detect_metadata on the sample corpus, real Ofsted PDFs and other councils' papers."""

import time
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_extract_support import PDFS, corpus_text, fixture_text, pdf_text

from desktop.domain.documents import DocType
from desktop.extract.metadata import detect_metadata

D = DocType


# --- the sample corpus -------------------------------------------------------

def test_000_sif_inspection_report_of_gloucestershire():
    meta = detect_metadata(corpus_text("000"))
    assert meta.doc_type is D.INSPECTION_REPORT
    assert meta.authority == "Gloucestershire"
    assert meta.date == date(2017, 6, 13)  # "Report published"
    assert (meta.period_start, meta.period_end) == (date(2017, 2, 27), date(2017, 3, 23))
    assert meta.title == (
        "Inspection of services for children in need of help and protection, children looked "
        "after and care leavers \u2014 Gloucestershire"
    )


def test_001_monitoring_visit_to_south_gloucestershire_not_gloucestershire():
    meta = detect_metadata(corpus_text("001"))
    assert meta.doc_type is D.MONITORING_VISIT
    assert meta.authority == "South Gloucestershire"
    assert meta.date == date(2018, 2, 23)
    assert (meta.period_start, meta.period_end) == (date(2018, 1, 31), date(2018, 2, 1))
    assert meta.title == "Monitoring visit of South Gloucestershire children's services"


def test_003_monitoring_visit_letter_date_and_visit_date():
    meta = detect_metadata(corpus_text("003"))
    assert meta.doc_type is D.MONITORING_VISIT
    assert meta.authority == "Gloucestershire"
    assert meta.date == date(2018, 6, 8)
    assert (meta.period_start, meta.period_end) == (date(2018, 5, 15), date(2018, 5, 15))


def test_004_officer_report_to_committee():
    meta = detect_metadata(corpus_text("004"))
    assert meta.doc_type is D.COMMITTEE_REPORT
    assert meta.authority == "Gloucestershire"
    assert meta.date == date(2023, 1, 12)  # "12 th January 2023"
    assert "Continuous Improvement" in meta.title
    assert len(meta.title) <= 150


# --- real Ofsted PDFs --------------------------------------------------------

REAL_PDFS = [
    # stem, authority, date the text gives, inspection period
    ("gloucestershire-2017-06-13", "Gloucestershire", date(2017, 6, 13), (date(2017, 2, 27), date(2017, 3, 23))),
    ("isle-of-wight-2014-11-19", "Isle of Wight", date(2014, 11, 19), (date(2014, 9, 16), date(2014, 10, 8))),
    ("birmingham-2016-11-25", "Birmingham", date(2016, 11, 25), (date(2016, 9, 12), date(2016, 10, 6))),
    ("bath-and-north-east-somerset-2017-07-07", "Bath and North East Somerset", date(2017, 7, 7),
     (date(2017, 4, 24), date(2017, 5, 18))),
    # 2018+ (ILACS) reports do not print a publication date: the text's date
    # is the last day of the inspection (the file name's date is not in the text).
    ("isle-of-wight-2019-01-07", "Isle of Wight", date(2018, 11, 30), (date(2018, 11, 19), date(2018, 11, 30))),
    ("gloucestershire-2022-04-01", "Gloucestershire", date(2022, 2, 18), (date(2022, 2, 7), date(2022, 2, 18))),
    ("dorset-2021-11-19", "Dorset", date(2021, 10, 8), (date(2021, 9, 27), date(2021, 10, 8))),
    ("barnsley-2023-10-27", "Barnsley", date(2023, 9, 15), (date(2023, 9, 11), date(2023, 9, 15))),
    ("bournemouth-christchurch-and-poole-2025-01-29", "Bournemouth, Christchurch and Poole", date(2024, 12, 13),
     (date(2024, 12, 2), date(2024, 12, 13))),
]


@pytest.mark.parametrize(("stem", "authority", "when", "period"), REAL_PDFS, ids=[r[0] for r in REAL_PDFS])
def test_real_ofsted_pdfs(stem, authority, when, period):
    meta = detect_metadata(pdf_text(stem))
    assert meta.doc_type is D.INSPECTION_REPORT
    assert meta.authority == authority
    assert meta.date == when
    assert (meta.period_start, meta.period_end) == period
    assert 20 < len(meta.title) <= 150
    assert meta.title.lower().startswith(("inspection of", "re-inspection of"))


def test_every_real_pdf_is_covered():
    stems = {p.stem for p in PDFS.glob("*.pdf")} - {"birmingham-2012-10-19"}  # not a PDF at all
    assert stems == {r[0] for r in REAL_PDFS}


def test_ilacs_title_names_the_authority_once():
    assert detect_metadata(pdf_text("barnsley-2023-10-27")).title == (
        "Inspection of Barnsley local authority children's services"
    )
    assert detect_metadata(pdf_text("isle-of-wight-2019-01-07")).title == (
        "Inspection of children's social care services \u2014 Isle of Wight"
    )


# --- other councils' papers (fixtures) ----------------------------------------

FIXTURES = [
    ("focused_visit_leeds.txt", D.FOCUSED_VISIT, "Leeds", date(2021, 4, 14), (date(2021, 3, 3), date(2021, 3, 4))),
    ("jtai_letter_kirklees.txt", D.JOINT_INSPECTION, "Kirklees", date(2019, 12, 20),
     (date(2019, 11, 4), date(2019, 11, 8))),
    ("ilacs_north_yorkshire.txt", D.INSPECTION_REPORT, "North Yorkshire", date(2019, 7, 26),
     (date(2019, 7, 15), date(2019, 7, 26))),
    ("sif_hull.txt", D.INSPECTION_REPORT, "Kingston upon Hull", date(2018, 7, 12),
     (date(2018, 5, 15), date(2018, 5, 17))),
    ("minutes_stockport.txt", D.COMMITTEE_MINUTES, "Stockport", date(2020, 3, 3), (None, None)),
    ("officer_report_somerset.txt", D.COMMITTEE_REPORT, "Somerset", date(2021, 11, 3), (None, None)),
    ("improvement_plan_torbay.txt", D.IMPROVEMENT_PLAN, "Torbay", date(2022, 1, 12), (None, None)),
    ("scorecard_wigan.txt", D.PERFORMANCE_REPORT, "Wigan", date(2021, 9, 30), (date(2021, 7, 1), date(2021, 9, 30))),
]


@pytest.mark.parametrize(("name", "doc_type", "authority", "when", "period"), FIXTURES, ids=[f[0] for f in FIXTURES])
def test_other_councils_papers(name, doc_type, authority, when, period):
    meta = detect_metadata(fixture_text(name))
    assert meta.doc_type is doc_type
    assert meta.authority == authority
    assert meta.date == when
    assert (meta.period_start, meta.period_end) == period
    assert 10 < len(meta.title) <= 150


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("focused_visit_leeds.txt", "Focused visit to Leeds local authority children's services"),
        ("jtai_letter_kirklees.txt",
         "Joint targeted area inspection of the multi-agency response to children's mental health in Kirklees"),
        ("minutes_stockport.txt",
         "Minutes of the meeting of the Children's Services Scrutiny Panel held on Tuesday, 3rd March 2020"),
        ("officer_report_somerset.txt", "Children's Social Care Improvement Plan - progress update"),
        ("improvement_plan_torbay.txt", "Torbay Council \u2014 Children's Services Improvement Plan 2021-2023"),
    ],
)
def test_titles_are_human(name, title):
    assert detect_metadata(fixture_text(name)).title == title


def test_title_hint_used_for_an_untitled_paper_but_not_a_draft_label():
    text = "Notes for members\n\nSome text about the service and its budget for next year."
    assert detect_metadata(text, title_hint="Briefing on home to school transport").title == (
        "Briefing on home to school transport"
    )
    assert detect_metadata(text, title_hint="BANES draft report").title == "Notes for members"


def test_an_ofsted_title_beats_a_poor_title_hint():
    meta = detect_metadata(corpus_text("001"), title_hint="Microsoft Word - letter.docx")
    assert meta.title == "Monitoring visit of South Gloucestershire children's services"


def test_minutes_that_discuss_an_inspection_stay_minutes():
    text = (
        "MINUTES of a meeting of the Corporate Parenting Panel held on 4 May 2022\n"
        "PRESENT: Cllr A (Chair)\n"
        "5. Inspection of Wirral children's services: the panel discussed the report published on 1 April 2022.\n"
    )
    meta = detect_metadata(text)
    assert meta.doc_type is D.COMMITTEE_MINUTES
    assert meta.date == date(2022, 5, 4)
    assert meta.authority == "Wirral"


def test_an_ilacs_report_recalling_earlier_visits_is_an_inspection_report():
    text = (
        "Inspection of Barnet local authority children's services\n"
        "Inspection dates: 1 to 12 March 2021\n"
        "Since the focused visit to Barnet children's services in 2019 and the monitoring visit of 2018 ...\n"
    )
    assert detect_metadata(text).doc_type is D.INSPECTION_REPORT


def test_unknown_text_is_other_with_a_short_title():
    meta = detect_metadata("The village fete raised \u00a3200 for the church roof. " * 40)
    assert meta.doc_type is D.OTHER
    assert meta.authority is None
    assert len(meta.title) <= 150


def test_empty_text():
    meta = detect_metadata("")
    assert (meta.doc_type, meta.authority, meta.date, meta.title) == (D.OTHER, None, None, "")


# --- speed and robustness ------------------------------------------------------

def test_speed_on_a_100_page_text():
    from desktop.extract.duplicates import fingerprint

    text = (corpus_text("000") * 3)[:300_000]  # ~100 pages of dense report text
    runs = 20
    started = time.perf_counter()
    for _ in range(runs):
        detect_metadata(text)
        fingerprint(text)
    per_document_ms = (time.perf_counter() - started) / runs * 1000
    # Measured ~3 ms (metadata) + ~30 ms (fingerprint of the whole text) on
    # the shared 2-core machine; generous ceiling for CI noise.
    assert per_document_ms < 150, per_document_ms


def test_metadata_cost_does_not_grow_with_length():
    short, long = corpus_text("001"), corpus_text("000") * 10  # 12k vs 1M characters
    def cost(text):
        started = time.perf_counter()
        for _ in range(20):
            detect_metadata(text)
        return (time.perf_counter() - started) / 20
    assert cost(long) < 3 * cost(short) + 0.005


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=3000), st.one_of(st.none(), st.text(max_size=200)))
def test_never_raises_on_arbitrary_text(text, hint):
    meta = detect_metadata(text, hint)
    assert len(meta.title) <= 151


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([
    "Inspection of ", "Monitoring visit of ", "Minutes of the meeting of ", " held on ", "31 February 2020",
    "15th-17th May 2018", " to ", " and ", "Report published: ", "Date of meeting:", "\n", "Agenda Item 5\n",
    "South Gloucestershire", "Hull", "Purpose of the report", "Quarter 9 2016/17", "03/13/2021", "<p>", "\u00a0",
]), max_size=60))
def test_never_raises_on_hostile_fragments(parts):
    detect_metadata("".join(parts))
