"""Judgement tables in their printed shapes: tab rows, area and grade on two lines, sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.extract.judgements import canonical_grade, find_judgements
from desktop.ingest import read_document, split_passages

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "findings"


def table_of(text: str):
    return [(j.area, j.grade) for j in find_judgements(split_passages(text, ()))]


def table_of_file(name: str):
    extracted = read_document(FIXTURES / name)
    return [(j.area, j.grade) for j in find_judgements(split_passages(extracted.text, extracted.page_starts))]


def test_sif_table_with_a_grade_on_its_own_line_and_the_overall_sentence():
    assert table_of_file("sif_wiltshire.txt") == [
        ("Overall effectiveness", "Requires improvement to be good"),
        ("Children who need help and protection", "Requires improvement"),
        ("Children looked after and achieving permanence", "Good"),
        ("Adoption performance", "Outstanding"),
        ("Experiences and progress of care leavers", "Requires improvement"),
        ("Leadership, management and governance", "Requires improvement"),
        ("Local Safeguarding Children Board", "Good"),  # the review's grade, from its part's heading
    ]


def test_ilacs_tab_table_with_care_leavers_apart():
    table = table_of_file("ilacs_bradford.txt")
    assert ("The experiences and progress of care leavers", "Good") in table
    assert ("The experiences and progress of children who need help and protection", "Inadequate") in table
    assert table[-1] == ("Overall effectiveness", "Inadequate")
    assert len(table) == 5  # the section's own "...: inadequate" line later is not read again


def test_ilacs_area_then_grade_lines_as_a_pdf_gives_them():
    text = ("Inspection of Rutland local authority children's services\nJudgement Grade\n"
            "The impact of leaders on social work practice with children and families\nOutstanding\n"
            "The experiences and progress of children who need help and protection\nGood\n"
            "The experiences and progress of children in care and care leavers\n"
            "Requires improvement to be good\nOverall effectiveness Good\n"
            "Leaders are ambitious for children.\n")
    assert table_of(text) == [
        ("The impact of leaders on social work practice with children and families", "Outstanding"),
        ("The experiences and progress of children who need help and protection", "Good"),
        ("The experiences and progress of children in care and care leavers", "Requires improvement to be good"),
        ("Overall effectiveness", "Good"),
    ]


def test_old_reports_adequate_and_require_improvement_and_markup_cells():
    text = ("The overall judgement is that children's services are adequate\n"
            "1. Children who need help and protection\t<p>Require improvement</p>\n"
            "2. Leadership, management and governance\tAdequate\n"
            "Summary of findings\n")
    assert table_of(text) == [
        ("Overall effectiveness", "Adequate"),
        ("Children who need help and protection", "Requires improvement"),
        ("Leadership, management and governance", "Adequate"),
    ]


def test_sentences_ending_in_a_grade_are_not_a_table():
    text = ("Most foster carers said the support they receive is good.\n"
            "Leaders told us performance is good\n"
            "The council's finances are adequate\n"
            "- 55% of measures evidence Good\n")
    assert table_of(text) == []


def test_a_letter_without_a_table_has_no_judgements():
    assert table_of_file("focused_visit_hertfordshire.txt") == []


@pytest.mark.parametrize("printed, grade", [
    ("requires improvement to be good", "Requires improvement to be good"),
    ("Require Improvement", "Requires improvement"),
    ("INADEQUATE", "Inadequate"),
    ("adequate", "Adequate"),
    ("Outstanding", "Outstanding"),
])
def test_grades_are_canonical(printed, grade):
    assert canonical_grade(printed) == grade
