"""Failure classes of issue 12: glued headings, lists that change kind, leading phrases, LSCB grade.

Own fixtures (PDFs laid out with a running header and page numbers, made with
reportlab) plus every real report and letter of the shared corpus against the
hand-written truth in benchmarks/gold/extraction.json.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.domain.documents import DocType
from desktop.domain.recommendations import RecommendationKind as Kind
from tests.core.test_extract_recommendations import _bullet, _pdf, findings_of

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
GOLD = REPO / "benchmarks" / "gold" / "extraction.json"

PRIORITY = ("The timeliness of child protection strategy meetings when risks to a child escalate.",
            "The capacity in social work teams and the number of children on social workers' caseloads.")
IMPROVE = ("The quality of analysis within assessments of children in need.",
           "The rationale for decisions when work steps down to early help services.",
           "The quality of supervision notes, including the reasons for decisions.")


def _kinds(findings):
    return [(r.kind, r.label) for r in findings.recommendations]


def test_heading_at_the_top_of_the_next_page_is_not_read_as_part_of_the_last_priority(tmp_path):
    first = [(40.0, "Areas for priority action")]
    for text in PRIORITY:
        first += _bullet(40.0, "\u25fc", text, 80)
    second = [(40.0, "What needs to improve in this area of social work practice")]
    for text in IMPROVE:
        second += _bullet(40.0, "\u25fc", text, 80)
    second += [(40.0, "Findings")] + _bullet(40.0, "\u25fc", "Leaders know their services well and have "
                                                "improved the front door since the last visit.", 80)
    findings, _ = findings_of(_pdf(tmp_path / "letter.pdf", [first, second]), DocType.FOCUSED_VISIT)
    assert _kinds(findings) == [(Kind.PRIORITY_ACTION, "1"), (Kind.PRIORITY_ACTION, "2"),
                                (Kind.AREA_FOR_IMPROVEMENT, "1"), (Kind.AREA_FOR_IMPROVEMENT, "2"),
                                (Kind.AREA_FOR_IMPROVEMENT, "3")]
    assert findings.recommendations[1].text == PRIORITY[1]


def test_glued_findings_heading_ends_a_bulleted_list(tmp_path):
    from desktop.domain.documents import PassageDraft, PassageKind
    from desktop.extract.recommendations import find_lists

    lines = ["Areas for priority action", "\u25fc The quality of assessments and decision-making.",
             "\u25fc The sufficiency and experience of the social work workforce, including managers. Findings",
             "\u25fc Prior to this focused visit, the local authority had identified concerns about practice.",
             "\u25fc The director of children's services took up post in January 2018."]
    passages = [PassageDraft(None, PassageKind.BULLET if line.startswith("\u25fc") else PassageKind.HEADING,
                             1, 0, 0, line) for line in lines]
    drafts = [d for rec_list in find_lists(passages, letter=True) for d in rec_list.drafts()]
    assert [(d.kind, d.label) for d in drafts] == [(Kind.PRIORITY_ACTION, "1"), (Kind.PRIORITY_ACTION, "2")]
    assert drafts[1].text.endswith("including managers.")


def test_numbered_items_that_open_with_a_phrase_before_the_verb_are_kept(tmp_path):
    page = [(40.0, "Recommendations")]
    for number, text in enumerate((
            "Ensure that all children who go missing are offered a return home interview.",
            "With the Local Safeguarding Children Board, implement a strategy for neglect.",
            "In partnership with care leavers, review the local offer and publish it.",
            "When children go missing, ensure that the learning informs their plans.",
            "Improve performance information so that leaders understand practice."), start=1):
        page += _bullet(40.0, f"{number}.", text, 90)
    page += [(40.0, ""), (40.0, "Summary for children and young people"),
             (40.0, "6. Children told inspectors that they know their social workers.")]
    findings, _ = findings_of(_pdf(tmp_path / "report.pdf", [page]), DocType.INSPECTION_REPORT)
    assert [r.label for r in findings.recommendations] == ["1", "2", "3", "4", "5"]


def test_lscb_review_grade_is_a_judgement():
    from desktop.domain.documents import PassageDraft, PassageKind
    from desktop.extract.judgements import LSCB_AREA, find_judgements

    lines = ["Children's services in Rutland are inadequate", "1. Children who need help and protection Inadequate",
             "2. Children looked after and achieving permanence Requires improvement",
             "3. Leadership, management and governance Inadequate", "Executive summary",
             "The board is chaired well.", "The Local Safeguarding Children Board requires improvement",
             "The Rutland Safeguarding Children Board requires improvement. It fulfils its duties."]
    passages = [PassageDraft(None, PassageKind.PARAGRAPH, 1, 0, 0, line) for line in lines]
    judgements = {j.area: j.grade for j in find_judgements(passages)}
    assert judgements[LSCB_AREA] == "Requires improvement"
    assert judgements["Overall effectiveness"] == "Inadequate"


# --- every real paper in the shared corpus, against what it prints ---

def _gold() -> dict:
    return {k: v for k, v in json.loads(GOLD.read_text()).items() if not k.startswith("_")}


def test_area_send_table_rows_are_items_with_their_responsible_body(tmp_path):
    page = [(40.0, "Areas for priority action"), (40.0, "Responsible body Areas for priority action"),
            (40.0, "Rutland County Council and"), (40.0, "NHS Leicestershire Integrated"), (40.0, "Care Board"),
            (40.0, "Area leaders need to ensure that there is a joint commissioning agreement in place."),
            (40.0, "Leaders should make sure that plans are completed in a timely way."),
            (40.0, "NHS Leicestershire Integrated"), (40.0, "Care Board"),
            (40.0, "Health leaders must address the waiting times for speech and language therapy."),
            (40.0, ""), (40.0, "Areas for improvement"),
            (40.0, "Area leaders need to accelerate their plans to improve preparation for adulthood."),
            (40.0, ""),
            (40.0, "Local authority leaders need to work with schools so that exclusions decrease."),
            (40.0, ""), (40.0, "Local area partnership details"), (40.0, "Rutland County Council, Oakham")]
    findings, _ = findings_of(_pdf(tmp_path / "send.pdf", [page]), DocType.JOINT_INSPECTION)
    recs = findings.recommendations
    assert _kinds(findings) == [(Kind.PRIORITY_ACTION, "1"), (Kind.PRIORITY_ACTION, "2"),
                                (Kind.AREA_FOR_IMPROVEMENT, "1"), (Kind.AREA_FOR_IMPROVEMENT, "2")]
    assert recs[0].group == "Rutland County Council and NHS Leicestershire Integrated Care Board"
    assert recs[0].text.endswith("completed in a timely way.")  # one row, two sentences
    assert recs[1].group == "NHS Leicestershire Integrated Care Board"


@pytest.mark.skipif(not CORPUS.exists(), reason="the shared corpus is not here")
@pytest.mark.parametrize("name", sorted(_gold()))
def test_real_paper_gives_exactly_the_items_it_prints(name):
    from desktop.services.preparing import prepare_file

    expected = _gold()[name]
    papers = prepare_file(CORPUS / name, "test").papers
    paper = max(papers, key=lambda p: len(p.findings.recommendations))
    for kind in Kind:
        found = [r.label for r in paper.findings.recommendations if r.kind == kind]
        assert found == expected.get(kind.value, []), kind
    if "judgements" in expected:
        assert len(paper.findings.judgements) == expected["judgements"]


def test_jtai_areas_for_improvement_under_one_subheading_per_agency(tmp_path):
    first = [(40.0, "Areas for improvement"), (40.0, "Children's social care")]
    first += _bullet(40.0, "\u25fc", "Strategy discussions are not always held when risks of harm increase.", 80)
    first += _bullet(40.0, "\u25fc", "Management oversight is not consistently effective at driving plans:", 80)
    first += _bullet(40.0, "\u2013", "plans for children at risk of exploitation drift", 80)
    first += [(40.0, "Health")]
    first += _bullet(40.0, "\u25fc", "Health visitors do not routinely complete a risk assessment tool.", 80)
    second = [(40.0, "Police")]
    second += _bullet(40.0, "\u25fc", "The frontline police response to domestic abuse needs better supervision.", 80)
    second += [(40.0, "Strengths")]
    second += _bullet(40.0, "\u25fc", "Partners in the MASH work well together to share information.", 80)
    findings, _ = findings_of(_pdf(tmp_path / "jtai.pdf", [first, second]), DocType.JOINT_INSPECTION)
    recs = findings.recommendations
    assert [(r.kind, r.label, r.group) for r in recs] == [
        (Kind.AREA_FOR_IMPROVEMENT, "1", "Children's social care"),
        (Kind.AREA_FOR_IMPROVEMENT, "2", "Children's social care"),
        (Kind.AREA_FOR_IMPROVEMENT, "3", "Health"), (Kind.AREA_FOR_IMPROVEMENT, "4", "Police")]
    assert "plans for children at risk of exploitation drift" in recs[1].text  # the dash belongs to its parent


def test_the_boards_own_list_is_addressed_to_the_board(tmp_path):
    """2013-18 reports: the authority's recommendations, then the review of the LSCB with its
    own list. Only the second is the Board's, even when the contents page names the Board."""
    from desktop.domain.recommendations import LSCB

    first = [(40.0, "Contents"), (40.0, "Summary for children and young people"),
             (40.0, "The Local Safeguarding Children Board (LSCB)"), (40.0, ""),
             (40.0, "Inspectors found that help for children is offered early and works well."), (40.0, ""),
             (40.0, "Recommendations"), (40.0, ""),
             (40.0, "1. Ensure that strategy discussions are held for every child at risk of harm."), (40.0, ""),
             (40.0, "2. Improve the quality of supervision so that plans do not drift."), (40.0, "")]
    second = [(40.0, "Most children in care live close to home and see their families."), (40.0, ""),
              (40.0, "The Local Safeguarding Children Board (LSCB)"), (40.0, ""),
              (40.0, "Executive summary"), (40.0, ""),
              (40.0, "The board meets its statutory duties but its audits are not yet used well."), (40.0, ""),
              (40.0, "Recommendations"), (40.0, ""),
              (40.0, "3. Ensure that the board's audits lead to changes in frontline practice."), (40.0, ""),
              (40.0, "4. Evaluate the training it provides, and its impact on practice."), (40.0, ""),
              (40.0, "Information about this inspection"), (40.0, ""),
              (40.0, "The inspection was carried out under section 136 of the Education and Inspections Act.")]
    findings, _ = findings_of(_pdf(tmp_path / "report.pdf", [first, second]), DocType.INSPECTION_REPORT)
    assert [(r.label, r.group) for r in findings.recommendations] == [
        ("1", None), ("2", None), ("3", LSCB), ("4", LSCB)]


@pytest.mark.skipif(not CORPUS.exists(), reason="the shared corpus is not here")
def test_a_real_reports_board_recommendations_are_the_boards():
    from desktop.domain.recommendations import LSCB
    from desktop.services.preparing import prepare_file

    papers = prepare_file(CORPUS / "pdf" / "gloucestershire-2017-06-13.pdf", "test").papers
    recs = max(papers, key=lambda p: len(p.findings.recommendations)).findings.recommendations
    assert [r.label for r in recs if r.group == LSCB] == ["111", "112", "113", "114", "115", "116"]
    assert not [r for r in recs if r.group and r.group != LSCB]
