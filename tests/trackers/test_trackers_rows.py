"""From a tracker's table to tracker rows: what is read, what is flagged, what is skipped."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.actions import ActionStatus, Rag
from desktop.domain.errors import UserFacingError
from desktop.trackers.mapping import guess_mapping
from desktop.trackers.read import TrackerTable, read_table
from desktop.trackers.rows import parse_rows, title_from_description
from tests import tracker_files as tf


def _parse(path, **kwargs):
    table = read_table(path)
    return parse_rows(table, guess_mapping(table.headers, table.sample()), **kwargs)


def _table(headers, *rows, dropped=()):
    return TrackerTable(None, 1, list(headers),
                        [(n, list(cells)) for n, cells in enumerate(rows, start=2)], list(dropped))


@pytest.mark.parametrize("writer", [tf.write_simple_csv, tf.write_simple_xlsx])
def test_quarter_one_tracker_reads_as_expected(tmp_path, writer):
    parsed = _parse(writer(tmp_path / f"plan.{'csv' if writer is tf.write_simple_csv else 'xlsx'}"))
    assert parsed.skipped == []
    assert len(parsed.rows) == len(tf.EXPECTED_Q1)
    for row, expected in zip(parsed.rows, tf.EXPECTED_Q1, strict=True):
        assert row.reference == expected["reference"]
        assert (row.due.isoformat() if row.due else None) == expected["due"]
        assert (row.status.value if row.status else None) == expected["status"]
        assert (row.rag.value if row.rag else None) == expected["rag"]
        assert row.recommendation_refs == expected["refs"]
    first = parsed.rows[0]
    assert first.row_number == 2
    assert first.owner == "Head of MASH"
    assert first.due_text == "31/03/2024"
    assert first.update_text.startswith("New audit tool in place")
    assert first.flags == ()


def test_rows_that_cannot_be_read_in_full_are_kept_and_flagged(tmp_path):
    parsed = _parse(tf.write_simple_csv(tmp_path / "plan.csv"))
    by_ref = {row.reference: row for row in parsed.rows}
    bad_date = by_ref["5.1"]
    assert bad_date.due is None and bad_date.due_text == "31/13/2023"
    assert bad_date.flags == ("due date \u201c31/13/2023\u201d is not a date",)
    assert bad_date.status is ActionStatus.COMPLETE  # the rest of the row is still read
    unknown = by_ref["5.2"]
    assert unknown.status is None and unknown.status_text == "Awaiting panel"
    assert unknown.rag is None
    assert any("Awaiting panel" in f for f in unknown.flags)
    assert any("Purple" in f for f in unknown.flags)
    assert parsed.flagged == 2
    # Understood statuses are not repeated as text.
    assert by_ref["1.1"].status_text == ""


def test_quarter_two_changes(tmp_path):
    parsed = _parse(tf.write_simple_xlsx(tmp_path / "q2.xlsx", tf.tracker_rows(quarter=2)))
    by_ref = {row.reference: row for row in parsed.rows}
    assert by_ref["1.1"].status is ActionStatus.COMPLETE and by_ref["1.1"].rag is Rag.BLUE
    assert by_ref["1.2"].due == date(2024, 9, 30)
    assert by_ref["6.1"].recommendation_refs == ("6",)
    assert by_ref["6.1"].due == date(2025, 3, 31)


def test_council_layout(tmp_path):
    parsed = _parse(tf.write_council_xlsx(tmp_path / "council.xlsx"))
    assert [r.row_number for r in parsed.rows] == [7, 8, 10, 12]
    assert [r.rag for r in parsed.rows] == [Rag.GREEN, Rag.AMBER, Rag.RED, Rag.BLUE]
    assert [r.due for r in parsed.rows] == [date(2024, 3, 31), date(2024, 6, 30),
                                            date(2024, 9, 30), date(2024, 12, 31)]
    assert [r.recommendation_refs for r in parsed.rows] == [("1",), ("1",), ("2",), ("3",)]
    # The latest update column is used; where it is empty, the one before it.
    assert [r.update_text for r in parsed.rows] == [
        "42 audits completed.", "Leads start in August.", "Policy drafted.", "Embedded."]
    assert all(r.flags == () for r in parsed.rows)
    # Headings and notes are accounted for as skipped, with reasons, in row order.
    assert [n for n, _ in parsed.skipped] == [6, 11, 15, 16]
    assert "heading" in parsed.skipped[0][1] and "note" in parsed.skipped[2][1]


def test_colour_only_rag(tmp_path):
    parsed = _parse(tf.write_colour_rag_xlsx(tmp_path / "rag.xlsx"))
    assert [r.rag for r in parsed.rows] == [Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE, None]
    assert all(r.flags == () for r in parsed.rows)


def test_an_unknown_fill_colour_is_flagged_in_words():
    table = _table(["Action", "RAG"], ["Audit", "7030A0"])
    row = parse_rows(table, {"title": 0, "rag": 1}).rows[0]
    assert row.rag is None
    assert row.flags == ("the RAG cell\u2019s colour (#7030A0) is not red, amber, green or blue",)


def test_refs_in_free_text_and_quotes():
    table = _table(["Action", "Ofsted recommendation"],
                   ["Audit", "This answers recommendations 2 and 5 (2019 report)"],
                   ["Train", "Leaders should ensure that supervision is regular and reflective"],
                   ["Recruit", "see above"])
    rows = parse_rows(table, {"title": 0, "recommendation_ref": 1}).rows
    assert rows[0].recommendation_refs == ("2", "5")
    assert rows[1].recommendation_refs == () and rows[1].recommendation_quote.startswith("Leaders")
    assert rows[1].flags == ()
    assert rows[2].flags == ("recommendation \u201csee above\u201d has no recommendation number in it",)


def test_a_row_without_title_reference_or_description_is_skipped_with_a_reason():
    table = _table(["Ref", "Action", "Owner"], ["", "", "Head of MASH"], ["1.1", "Audit", "PSW"])
    parsed = parse_rows(table, {"reference": 0, "title": 1, "owner": 2})
    assert [r.reference for r in parsed.rows] == ["1.1"]
    assert parsed.skipped == [(2, "no action, description or reference "
                                  "(it has only \u201cHead of MASH\u201d)")]


def test_a_reference_alone_that_reads_like_a_heading_is_skipped():
    table = _table(["Ref", "Action"], ["Theme 2: children in care", ""], ["2.1", "Audit"])
    parsed = parse_rows(table, {"reference": 0, "title": 1})
    assert [n for n, _ in parsed.skipped] == [2] and "heading" in parsed.skipped[0][1]


def test_a_reference_alone_is_imported_and_flagged():
    table = _table(["Ref", "Action"], ["3.4", ""])
    row = parse_rows(table, {"reference": 0, "title": 1}).rows[0]
    assert row.title == "3.4" and "no action text" in row.flags[0]


def test_title_from_description_when_there_is_no_title_column():
    description = ("Review all child protection plans open longer than 18 months. Report the "
                   "findings to the improvement board.")
    table = _table(["Ref", "Description"], ["1.1", description])
    row = parse_rows(table, {"reference": 0, "description": 1}).rows[0]
    assert row.title == "Review all child protection plans open longer than 18 months"
    assert row.description == description


def test_titles_from_descriptions_are_short():
    long = "Review " + "every plan and every case file in every team " * 10
    title = title_from_description(long)
    assert len(title) <= 120 and title.endswith("\u2026") and title.startswith("Review every plan")


def test_a_paragraph_in_the_action_column_becomes_the_description():
    paragraph = ("Strengthen management oversight at the front door. " * 6).strip()
    row = parse_rows(_table(["Action"], [paragraph]), {"title": 0}).rows[0]
    assert row.title == "Strengthen management oversight at the front door"
    assert row.description == paragraph


def test_a_rag_status_column_that_gives_statuses():
    table = _table(["Action", "RAG status"], ["Audit", "Complete"], ["Train", "Amber"])
    rows = parse_rows(table, {"title": 0, "rag": 1}).rows
    assert rows[0].status is ActionStatus.COMPLETE and rows[0].rag is None and rows[0].flags == ()
    assert rows[1].rag is Rag.AMBER


def test_a_status_column_of_rag_words_gives_both():
    rows = parse_rows(_table(["Action", "Status"], ["Audit", "Green"]), {"title": 0, "status": 1}).rows
    assert rows[0].status is ActionStatus.ON_TRACK and rows[0].rag is Rag.GREEN


def test_update_dates():
    table = _table(["Action", "Update", "Updated"], ["Audit", "Done half", "14/06/2024"],
                   ["Train", "Started", "last week"])
    rows = parse_rows(table, {"title": 0, "update": 1, "update_date": 2}).rows
    assert rows[0].update_date == date(2024, 6, 14)
    assert rows[1].update_date is None
    assert rows[1].flags == ("update date \u201clast week\u201d is not a date",)


def test_relative_due_dates_use_today():
    rows = parse_rows(_table(["Action", "Due"], ["Audit", "end of this month"]),
                      {"title": 0, "due": 1}, today=date(2024, 2, 10)).rows
    assert rows[0].due == date(2024, 2, 29)


def test_control_characters_are_removed():
    row = parse_rows(_table(["Action"], ["Audit\x00 files\x07"]), {"title": 0}).rows[0]
    assert row.title == "Audit files"


def test_a_bad_mapping_is_refused_plainly():
    table = _table(["Action"], ["Audit"])
    with pytest.raises(UserFacingError, match="not a tracker field"):
        parse_rows(table, {"headline": 0})
    with pytest.raises(UserFacingError, match="has 1 column "):
        parse_rows(table, {"title": 3})


def test_short_rows_are_padded():
    table = TrackerTable(None, 1, ["Action", "Owner", "Due"], [(2, ["Audit"])])
    row = parse_rows(table, {"title": 0, "owner": 1, "due": 2}).rows[0]
    assert (row.title, row.owner, row.due, row.flags) == ("Audit", "", None, ())


def test_an_empty_latest_period_falls_back_to_the_one_before():
    headers = ["Action", "Quarter 1 RAG", "Quarter 1 Update", "Quarter 2 RAG", "Quarter 2 Update"]
    table = _table(headers, ["Audit", "Amber", "Started", "Green", "Half done"],
                   ["Train", "Red", "Course late", "", ""])
    mapping = guess_mapping(headers, table.sample())
    assert mapping == {"title": 0, "rag": 3, "update": 4}
    rows = parse_rows(table, mapping).rows
    assert [(r.rag, r.update_text) for r in rows] == [(Rag.GREEN, "Half done"),
                                                      (Rag.RED, "Course late")]
