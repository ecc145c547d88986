"""Guessing which tracker column holds which field, from the headers councils use."""

from __future__ import annotations

import pytest

from desktop.trackers.mapping import FIELD_LABELS, FIELDS, guess_mapping, header_field


def test_fields_are_the_contracts_in_order_and_all_labelled():
    assert FIELDS == ("reference", "title", "description", "owner", "due", "status", "rag", "update",
                      "update_date", "recommendation_ref", "recommendation_quote")
    assert set(FIELD_LABELS) == set(FIELDS)
    assert all(label and label[0].isupper() for label in FIELD_LABELS.values())


@pytest.mark.parametrize("header, field", [
    ("Action", "title"), ("Action required", "title"), ("Actions to be taken", "title"),
    ("Lead officer", "owner"), ("Owner", "owner"), ("Responsible", "owner"), ("Lead", "owner"),
    ("Lead Officer(s)", "owner"), ("Who", "owner"),
    ("Target date", "due"), ("Deadline", "due"), ("By when", "due"), ("By when?", "due"),
    ("Timescale", "due"), ("Due", "due"), ("Target completion date", "due"),
    ("RAG", "rag"), ("RAG rating", "rag"), ("BRAG status", "rag"),
    ("Status", "status"),
    ("Progress update", "update"), ("Update", "update"), ("Commentary", "update"),
    ("Ofsted recommendation", "recommendation_ref"), ("Rec ref", "recommendation_ref"),
    ("Recommendation", "recommendation_ref"),
    ("Ref", "reference"), ("No.", "reference"), ("Action ref", "reference"),
    ("Description", "description"), ("Date of update", "update_date"),
    ("Recommendation text", "recommendation_quote"),
])
def test_one_header_at_a_time(header, field):
    assert guess_mapping([header]) == {field: 0}
    assert header_field(header) == field


def test_a_typical_tracker():
    headers = ["Ref", "Ofsted recommendation", "Action", "Lead officer", "Target date", "Status",
               "RAG", "Progress update"]
    assert guess_mapping(headers) == {
        "reference": 0, "title": 2, "owner": 3, "due": 4, "status": 5, "rag": 6, "update": 7,
        "recommendation_ref": 1}


def test_each_column_and_each_field_at_most_once():
    headers = ["Action", "Action owner", "Action ref", "Action description", "Action status",
               "Rec ref", "Ref"]
    mapping = guess_mapping(headers)
    assert len(set(mapping.values())) == len(mapping)
    assert mapping == {"reference": 2, "title": 0, "description": 3, "owner": 1, "status": 4,
                       "recommendation_ref": 5}
    # "Ref" lost to "Action ref": it is the same field, and each field is used once.
    assert 6 not in mapping.values()


def test_exact_beats_partial():
    # "Owner" is exact; "Lead for the action" only contains a synonym.
    assert guess_mapping(["Lead for the action", "Owner"])["owner"] == 1
    assert guess_mapping(["Deadline (original)", "Deadline"])["due"] == 1


def test_a_revised_date_is_the_current_due_date():
    assert guess_mapping(["Action", "Target date", "Revised target date"])["due"] == 2


def test_recommendation_column_of_numbers_or_words():
    headers = ["Action", "Recommendation"]
    numbers = [["Audit files", "Rec 3"], ["Train staff", "3, 5"], ["Recruit", "R4"]]
    assert guess_mapping(headers, numbers) == {"title": 0, "recommendation_ref": 1}
    words = [["Audit files", "Leaders should ensure that management oversight is effective"],
             ["Train staff", "Improve the quality of supervision and its recording on files"]]
    assert guess_mapping(headers, words) == {"title": 0, "recommendation_quote": 1}


def test_progress_column_of_statuses_or_of_updates():
    headers = ["Action", "Progress"]
    statuses = [["Audit", "On track"], ["Train", "Complete"], ["Recruit", "Delayed"]]
    assert guess_mapping(headers, statuses) == {"title": 0, "status": 1}
    updates = [["Audit", "42 audits completed; findings to board in June."],
               ["Train", "Course commissioned from the university."]]
    assert guess_mapping(headers, updates) == {"title": 0, "update": 1}
    assert guess_mapping(["Action", "Status", "Progress"], statuses) == {
        "title": 0, "status": 1, "update": 2}


def test_quarterly_update_columns_take_the_latest_filled():
    headers = ["Action", "Progress update Q1", "Progress update Q2", "Progress update Q3"]
    samples = [["Audit", "Started", "Half done", ""], ["Train", "Planned", "", ""]]
    assert guess_mapping(headers, samples)["update"] == 2
    assert guess_mapping(headers)["update"] == 3


def test_headers_that_name_nothing_are_left_out():
    assert guess_mapping(["Column A", "", "Something else"]) == {}
    assert guess_mapping([]) == {}


def test_long_data_cells_are_not_headers():
    assert header_field("Action plan agreed by the improvement board and reported to scrutiny") is None
    assert header_field("Head of MASH") is None
    assert header_field("31/03/2024") is None
