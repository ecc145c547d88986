"""Splitting agenda packs into their papers."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_extract_support import corpus_text, fixture_text, pdf_text

from desktop.domain.documents import DocType
from desktop.extract.agenda import PackPart, detect_pack_metadata, split_agenda_pack
from desktop.extract.duplicates import fingerprint, is_duplicate
from desktop.extract.metadata import detect_metadata

D = DocType


def papers(text: str) -> list[tuple[PackPart, object]]:
    return [(part, detect_metadata(text[part.start : part.end])) for part in split_agenda_pack(text)]


@pytest.fixture(scope="module")
def pack_002():
    text = corpus_text("002")
    return text, papers(text)


def test_002_parts_cover_the_pack_in_order_without_gaps(pack_002):
    text, found = pack_002
    parts = [part for part, _ in found]
    assert parts[0].start == 0 and parts[-1].end == len(text)
    for before, after in zip(parts, parts[1:], strict=False):
        assert before.end == after.start
    assert all(part.end - part.start > 800 for part in parts)


def test_002_minutes_of_the_june_meeting(pack_002):
    _, found = pack_002
    _, minutes = found[0]
    assert minutes.doc_type is D.COMMITTEE_MINUTES
    assert minutes.date == date(2017, 6, 15)
    assert minutes.authority == "Gloucestershire"


def test_002_inspection_report_copy_is_a_duplicate_of_000(pack_002):
    text, found = pack_002
    reports = [(p, m) for p, m in found if m.doc_type is D.INSPECTION_REPORT]
    assert len(reports) == 1
    part, meta = reports[0]
    assert meta.date == date(2017, 6, 13)
    assert meta.authority == "Gloucestershire"
    assert is_duplicate(fingerprint(text[part.start : part.end]), fingerprint(corpus_text("000")))
    # The report starts at its title page, not in the minutes before it.
    assert "Meeting concluded" not in text[part.start : part.end][:2000]


def test_002_performance_report_and_scorecard(pack_002):
    text, found = pack_002
    performance = [(p, m) for p, m in found if m.doc_type is D.PERFORMANCE_REPORT]
    assert len(performance) == 2
    (report_part, report), (card_part, card) = performance
    assert "2016/17 Performance" in text[report_part.start : report_part.end][:200]
    assert report.date == date(2017, 7, 13)
    assert "Scorecard" in text[card_part.start : card_part.end][:200]
    assert (card.period_start, card.period_end) == (date(2017, 1, 1), date(2017, 3, 31))  # Quarter 4 2016/17


def test_002_types_in_order(pack_002):
    _, found = pack_002
    assert [m.doc_type for _, m in found][:4] == [
        D.COMMITTEE_MINUTES, D.INSPECTION_REPORT, D.PERFORMANCE_REPORT, D.PERFORMANCE_REPORT,
    ]


def test_002_pack_metadata(pack_002):
    text, found = pack_002
    meta = detect_pack_metadata(text, [part for part, _ in found])
    assert meta.doc_type is D.AGENDA_PACK
    assert meta.authority == "Gloucestershire"
    assert meta.date == date(2017, 7, 13)  # the meeting, not the minutes of the last one
    assert meta.title == "Children and Families Overview and Scrutiny Committee \u2014 agenda pack, 13 July 2017"


@pytest.mark.parametrize("prefix", ["000", "001", "003", "004"])
def test_single_documents_are_not_packs(prefix):
    assert split_agenda_pack(corpus_text(prefix)) == []


@pytest.mark.parametrize(
    "stem",
    ["gloucestershire-2022-04-01", "barnsley-2023-10-27", "dorset-2021-11-19", "isle-of-wight-2014-11-19",
     "bournemouth-christchurch-and-poole-2025-01-29"],
)
def test_running_page_headers_do_not_split_a_report(stem):
    # ILACS reports repeat their title at the top of every page.
    assert split_agenda_pack(pdf_text(stem)) == []


@pytest.mark.parametrize(
    "name",
    ["focused_visit_leeds.txt", "jtai_letter_kirklees.txt", "minutes_stockport.txt", "officer_report_somerset.txt",
     "improvement_plan_torbay.txt", "scorecard_wigan.txt", "sif_hull.txt", "ilacs_north_yorkshire.txt"],
)
def test_fixture_documents_are_not_packs(name):
    assert split_agenda_pack(fixture_text(name)) == []


def test_leeds_pack_with_agenda_item_stamps():
    text = fixture_text("pack_leeds.txt")
    found = papers(text)
    kinds = [m.doc_type for _, m in found]
    assert kinds[1:] == [D.COMMITTEE_MINUTES, D.FOCUSED_VISIT, D.PERFORMANCE_REPORT]
    # The front sheet is kept as a part of its own, before the first stamp.
    front, _ = found[0]
    assert front.start == 0 and "Agenda Item" not in text[front.start : front.end]
    for part, _ in found[1:]:
        assert text[part.start : part.end].startswith("Agenda Item")
    assert found[1][1].date == date(2021, 4, 14)
    assert found[2][1].authority == "Leeds"
    assert found[3][1].title == "Children's services performance report, quarter 4 2020/21"
    meta = detect_pack_metadata(text, [p for p, _ in found])
    assert (meta.authority, meta.date) == ("Leeds", date(2021, 6, 9))


def test_pack_built_from_three_papers_of_another_council():
    names = ("minutes_stockport.txt", "officer_report_somerset.txt", "focused_visit_leeds.txt")
    pieces = [fixture_text(n) for n in names]
    padding = "\nThe panel noted the information and asked for a further update in six months.\n" * 10
    text = "".join(piece + padding for piece in pieces)
    kinds = [m.doc_type for _, m in papers(text)]
    assert kinds == [D.COMMITTEE_MINUTES, D.COMMITTEE_REPORT, D.FOCUSED_VISIT]


def test_a_report_that_mentions_a_monitoring_visit_mid_text_is_not_split():
    body = "Progress has been made on caseloads and supervision in every team this quarter.\n" * 30
    text = (
        "Report to: Children's Scrutiny Committee\nDate of meeting: 5 May 2022\n\nPurpose of the report\n"
        + body
        + "Monitoring visit of Walsall children's services\nThe outcome of the visit is summarised below.\n"
        + body
    )
    assert split_agenda_pack(text) == []


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=4000))
def test_never_raises_on_arbitrary_text(text):
    parts = split_agenda_pack(text)
    assert parts == [] or len(parts) >= 2
    for part in parts:
        assert 0 <= part.start < part.end <= len(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from([
    "Agenda Item 5\n", "Agenda Item 5\n", "MINUTES of a meeting of the Panel held on 3 March 2020\n",
    "Monitoring visit of Hull children's services\n", "Purpose of the report\n", "1. Purpose\n",
    "Performance Scorecard\n", "x" * 900 + "\n", "Dear Sir\n", "\n\n", "Page 4\n",
]), max_size=30))
def test_never_raises_on_hostile_layouts(lines):
    text = "".join(lines)
    parts = split_agenda_pack(text)
    if parts:
        detect_pack_metadata(text, parts)


def test_a_pack_paper_without_a_title_line_is_named_by_its_purpose_and_dated_by_the_meeting():
    """Issue 16: not "To provide the budget outturn figures..." and undated."""
    from datetime import date

    from desktop.services.preparing import prepare_file
    from tests.samples import sample

    papers = prepare_file(sample("002"), "test").papers
    budget = next(p for p in papers if "outturn" in p.metadata.title.lower())
    assert budget.metadata.title == "Budget outturn figures for the 2016/17 revenue budgets"
    assert budget.metadata.date == date(2017, 7, 13)  # the pack's meeting
    minutes = next(p for p in papers if p.metadata.title.startswith("Minutes"))
    assert minutes.metadata.date == date(2017, 6, 15)  # a paper's own date is kept


def test_a_purpose_sentence_loses_its_opening_verb():
    from desktop.extract.title import report_title

    text = "Report to Cabinet\n\n1. Purpose\n\nTo present members with the annual report of the fostering service.\n"
    assert report_title(text, " ".join(text.split())) == "Annual report of the fostering service"
