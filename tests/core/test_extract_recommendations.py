"""Recommendation lists in reports and letters of many shapes (own fixtures, generated PDFs)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from desktop.domain.documents import DocType, DocumentMetadata
from desktop.domain.recommendations import RecommendationKind as Kind
from desktop.extract.findings import extract_findings
from desktop.extract.metadata import detect_metadata
from desktop.extract.recommendations import heading_kind
from desktop.ingest import read_document, split_passages

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "findings"


def findings_of(path: Path, doc_type: DocType | None = None):
    extracted = read_document(path)
    passages = split_passages(extracted.text, extracted.page_starts)
    metadata = detect_metadata(extracted.text, extracted.title_hint)
    if doc_type is not None:
        metadata = DocumentMetadata(doc_type=doc_type, authority=metadata.authority, date=metadata.date)
    return extract_findings(passages, metadata), passages


def labels_and_texts(findings):
    return [(r.label, r.text) for r in findings.recommendations]


def test_sif_numbered_in_brackets_across_a_page_footer_and_run_together_lines():
    findings, passages = findings_of(FIXTURES / "sif_wiltshire.txt")
    recs = findings.recommendations
    assert [r.label for r in recs] == ["1", "2", "3", "4", "14", "15"]
    assert recs[1].text == ("Improve the timeliness of initial child protection conferences so that plans "
                            "to protect children are agreed without delay.")
    assert all("Inspection report" not in r.text for r in recs)
    assert recs[3].text.startswith("Ensure that pathway plans") and recs[3].text.endswith("change.")
    assert {r.kind for r in recs} == {Kind.RECOMMENDATION}


def test_sif_findings_marked_recommendation_back_the_matching_item():
    findings, passages = findings_of(FIXTURES / "sif_wiltshire.txt")
    backing = {r.label: [passages[s].label for s in r.supporting_passages] for r in findings.recommendations}
    assert backing["1"] == ["10"]  # return home interviews
    assert backing["2"] == ["11"]  # child protection conferences
    assert backing["3"] == ["12"]  # supervision
    assert backing["4"] == []  # no finding names pathway plans
    assert backing["14"] == ["16"] and backing["15"] == ["17"]  # the LSCB's own part


def test_ilacs_square_bullets_wrapped_line_and_sub_points():
    findings, _ = findings_of(FIXTURES / "ilacs_bradford.txt")
    texts = labels_and_texts(findings)
    assert [label for label, _ in texts] == ["1", "2", "3", "4"]
    assert texts[1][1] == "The quality and use of chronologies to inform assessments and plans."
    assert texts[2][1] == ("Management oversight of children's plans, including: the rigour of review; "
                           "contingency planning.")
    assert texts[3][1].startswith("Placement sufficiency")


def test_ilacs_dash_bullets_under_other_wording_without_full_stops():
    findings, _ = findings_of(FIXTURES / "ilacs_cumbria_dash.txt")
    texts = [r.text for r in findings.recommendations]
    assert texts == ["Permanence planning for children in long-term foster care, so that decisions are made "
                     "without delay", "The support offered to care leavers who are in custody",
                     "Return home interviews for children who go missing"]


def test_focused_visit_priority_actions_and_areas_for_improvement():
    findings, _ = findings_of(FIXTURES / "focused_visit_hertfordshire.txt")
    assert findings.judgements == []
    kinds = [(r.kind, r.label) for r in findings.recommendations]
    assert kinds == [(Kind.PRIORITY_ACTION, "1"), (Kind.AREA_FOR_IMPROVEMENT, "1"), (Kind.AREA_FOR_IMPROVEMENT, "2")]
    assert findings.recommendations[0].text.endswith("up-to-date risk assessment.")


def test_jtai_letter_lead_in_then_lower_case_items():
    findings, _ = findings_of(FIXTURES / "jtai_kent.txt")
    recs = findings.recommendations
    assert [r.kind for r in recs] == [Kind.AREA_FOR_IMPROVEMENT] * 3
    assert recs[0].text.startswith("the consistency of information sharing")
    assert recs[2].text == "the oversight of multi-agency plans by strategic leaders."


def test_officer_report_quotes_areas_for_improvement_with_r_numbers_not_its_own_resolutions():
    findings, _ = findings_of(FIXTURES / "officer_report_norfolk.txt")
    assert findings.cited_inspection_date.isoformat() == "2019-07-08"
    assert labels_and_texts(findings) == [
        ("R1", "The quality of plans for children in need, so that they are specific and measurable."),
        ("R2", "The consistency of supervision for personal advisers."),
        ("R3", "Sufficiency of placements for older children."),
    ]
    assert [j.grade for j in findings.judgements][-1] == "Good"


def test_contents_heading_and_other_numbered_lists_are_not_recommendations_and_a_cut_list_keeps_its_items():
    findings, _ = findings_of(FIXTURES / "hostile_toc_and_lists.txt")
    recs = findings.recommendations
    assert [r.label for r in recs] == ["1", "2"]
    assert recs[0].text.startswith("Ensure that all children at risk of harm")
    assert recs[1].text.endswith("recorded on")  # the file stops mid-item: what is there is kept


def test_minutes_that_talk_about_recommendations_give_none():
    findings, _ = findings_of(FIXTURES / "minutes_lancashire.txt")
    assert findings.recommendations == [] and findings.judgements == []


def test_a_monitoring_letter_with_a_recommendations_heading_gives_none():
    findings, _ = findings_of(FIXTURES / "sif_wiltshire.txt", DocType.MONITORING_VISIT)
    assert findings.recommendations == []


@pytest.mark.parametrize("line, kind", [
    ("Recommendations", "recommendation"),
    ("Recommendations for improvement", "recommendation"),
    ("4. Recommendations:", "recommendation"),
    ("What needs to improve in this local authority?", "improvement"),
    ("What needs to improve in this local authority's services?", "improvement"),
    ("What the local authority needs to improve", "improvement"),
    ("What does the LSCB need to improve?", "improvement"),
    ("Areas for priority action", "priority"),
    ("Priority and immediate action", "priority"),
    ("Areas for improvement:", "improvement"),
    ("Recommendations\t8", None),
    ("Recommendations 8", None),
    ("What does the local authority need to improve? 4", None),
    ("The recommendations were accepted by the board.", None),
    ("(Recommendation)", None),
])
def test_headings_in_other_words(line, kind):
    assert heading_kind(line) == kind


# --- PDFs made here: columns, page furniture, bullets broken over lines and pages ---

def _pdf(path: Path, pages: list[list[tuple[float, str]]],
         header: str = "Inspection of Rutland local authority children's services") -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    for number, lines in enumerate(pages, start=1):
        pdf.setFont("Helvetica", 9)
        pdf.drawString(40, height - 30, header)
        y = {40.0: height - 70, 310.0: height - 70}
        for x, text in lines:
            pdf.drawString(x, y[x], text)
            y[x] -= 13
        pdf.drawString(290, 25, str(number))
        pdf.showPage()
    pdf.save()
    return path


def _bullet(x: float, mark: str, text: str, width: int = 48) -> list[tuple[float, str]]:
    wrapped = textwrap.wrap(text, width)
    return [(x, f"{mark} {wrapped[0]}")] + [(x, "   " + rest) for rest in wrapped[1:]]


ITEMS = ("The timeliness of child protection strategy meetings when risk to a child first escalates.",
         "The quality of supervision records, so that managers' direction to social workers is clear.",
         "Sufficiency of local homes for children in care who have complex needs.")


def test_two_column_pdf_bullets_come_out_whole(tmp_path):
    left = [(40.0, "Judgement Grade"), (40.0, "Overall effectiveness Good"), (40.0, ""),
            (40.0, "What needs to improve?")]
    for text in ITEMS:
        left += _bullet(40.0, "\u25aa", text)
    right = [(310.0, line) for line in textwrap.wrap(
        "Leaders know their services well and have improved the front door since the last inspection. "
        "Children are seen quickly and their plans are reviewed.", 48)]
    findings, _ = findings_of(_pdf(tmp_path / "two.pdf", [left + right]), DocType.INSPECTION_REPORT)
    assert [r.text for r in findings.recommendations] == list(ITEMS)


def test_numbered_item_across_a_pdf_page_break_without_furniture(tmp_path):
    first = [(40.0, "Recommendations"), (40.0, "")]
    first += _bullet(40.0, "1.", "Ensure that all children who go missing are offered a return home interview.")
    first += [(40.0, "2. Ensure that the quality assurance function of independent reviewing"),
              (40.0, "officers is well embedded and")]
    second = [(40.0, "purposeful, and that their challenge is acted upon."),
              (40.0, "3. Improve performance information so that leaders understand practice."),
              (40.0, ""), (40.0, "Summary for children and young people"),
              (40.0, "4. Children told inspectors that they know their social workers.")]
    findings, _ = findings_of(_pdf(tmp_path / "break.pdf", [first, second]), DocType.INSPECTION_REPORT)
    recs = findings.recommendations
    assert [r.label for r in recs] == ["1", "2", "3"]
    assert recs[1].text == ("Ensure that the quality assurance function of independent reviewing officers is "
                            "well embedded and purposeful, and that their challenge is acted upon.")
