"""Findings of the sample papers and real Ofsted PDFs, end to end; never an exception, never slow."""

from __future__ import annotations

import time
from contextlib import contextmanager
from datetime import date
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.documents import DocType, DocumentMetadata, PassageDraft, PassageKind
from desktop.domain.recommendations import RecommendationKind as Kind
from desktop.extract.findings import extract_findings
from desktop.extract.metadata import detect_metadata
from desktop.ingest import read_document, split_passages
from tests.samples import SAMPLE_PDFS, sample


@cache
def _read(path: Path):
    extracted = read_document(path)
    passages = split_passages(extracted.text, extracted.page_starts)
    metadata = detect_metadata(extracted.text, extracted.title_hint)
    return extracted.text, passages, metadata


def findings_of(path: Path):
    text, passages, metadata = _read(path)
    return extract_findings(passages, metadata), passages


def by_label(findings):
    return {r.label: r for r in findings.recommendations}


def test_2017_report_gives_19_recommendations_and_the_lscb_six_each_whole():
    findings, _ = findings_of(sample("000"))
    labels = [r.label for r in findings.recommendations]
    assert labels == [str(n) for n in range(1, 20)] + [str(n) for n in range(111, 117)]
    recs = by_label(findings)
    assert recs["1"].text.startswith("Ensure that thresholds for services")
    assert recs["12"].text.endswith("well embedded and purposeful, and that their findings and challenges are "
                                    "well considered and acted upon to improve outcomes for children.")
    assert recs["19"].text.endswith("informs robust planning for improvement.")
    assert recs["111"].text.startswith("Strengthen the range of performance information provided to the board")
    assert recs["116"].text.endswith("measured to improve outcomes for children.")
    assert all(r.kind == Kind.RECOMMENDATION for r in findings.recommendations)
    assert findings.cited_inspection_date is None


def test_2017_report_links_finding_paragraphs_to_the_recommendation_they_back():
    findings, passages = findings_of(sample("000"))
    backing = {r.label: {passages[s].label for s in r.supporting_passages} for r in findings.recommendations}
    assert "26" in backing["4"]  # strategy discussions -> strategy meetings
    assert {"30", "112"} <= backing["5"]  # "(Paragraph 30 and 112)"
    assert "109" in backing["5"]  # supervision without clear guidance
    assert "95" in backing["17"]  # bed and breakfast accommodation
    assert "89" in backing["16"]  # pathway plans
    assert "127" in backing["116"] and "133" in backing["113"]  # the LSCB's findings stay in its part
    assert not recs_text_has_reference(findings)
    every_marked = {label for labels in backing.values() for label in labels} - {"30", "112", None}
    assert len(every_marked) == 28  # each "(Recommendation)" paragraph backs exactly one


def recs_text_has_reference(findings) -> bool:
    return any("(Paragraph" in r.text for r in findings.recommendations)


def test_2017_judgement_table_five_areas_and_overall():
    findings, _ = findings_of(sample("000"))
    assert [(j.area, j.grade) for j in findings.judgements] == [
        ("Overall effectiveness", "Inadequate"),
        ("Children who need help and protection", "Inadequate"),
        ("Children looked after and achieving permanence", "Requires improvement"),
        ("Adoption performance", "Good"),
        ("Experiences and progress of care leavers", "Requires improvement"),
        ("Leadership, management and governance", "Inadequate"),
        ("Local Safeguarding Children Board", "Requires improvement"),
    ]


def test_officer_report_cites_the_2022_inspection_five_recommendations_and_its_grades():
    findings, passages = findings_of(sample("004"))
    assert findings.cited_inspection_date == date(2022, 2, 1)
    assert [r.label for r in findings.recommendations] == ["1", "2", "3", "4", "5"]
    assert findings.recommendations[0].text == ("The timeliness and application of consistent thresholds for "
                                                "child protection strategy meetings.")
    assert findings.recommendations[4].text == "How well IT systems support social workers to do their jobs."
    assert passages[findings.recommendations[2].source_passages[0]].text.endswith("case supervision and management.")
    assert [j.area for j in findings.judgements][-1] == "Overall effectiveness"
    assert {j.grade for j in findings.judgements} == {"Requires improvement to be good"}
    assert len(findings.judgements) == 4


def test_letters_and_minutes_give_nothing():
    for prefix in ("001", "002", "003"):
        findings, _ = findings_of(sample(prefix))
        assert findings.recommendations == [] and findings.judgements == [], prefix


def test_2022_report_what_needs_to_improve_and_judgements():
    findings, _ = findings_of(SAMPLE_PDFS / "gloucestershire-2022-04-01.pdf")
    recs = findings.recommendations
    assert [r.label for r in recs] == ["1", "2", "3", "4", "5"]
    assert recs[3].text == ("The timeliness with which personal advisers are allocated to children, to best "
                            "support their transition into adulthood.")
    assert [(j.area, j.grade) for j in findings.judgements] == [
        ("The impact of leaders on social work practice with children and families", "Requires improvement to be good"),
        ("The experiences and progress of children who need help and protection", "Requires improvement to be good"),
        ("The experiences and progress of children in care and care leavers", "Requires improvement to be good"),
        ("Overall effectiveness", "Requires improvement to be good"),
    ]


def test_the_2017_pdf_matches_its_text_version():
    pdf, _ = findings_of(SAMPLE_PDFS / "gloucestershire-2017-06-13.pdf")
    txt, _ = findings_of(sample("000"))
    assert [r.label for r in pdf.recommendations] == [r.label for r in txt.recommendations]
    assert [(j.area, j.grade) for j in pdf.judgements] == [(j.area, j.grade) for j in txt.judgements]


def test_newer_report_judges_care_leavers_separately():
    findings, _ = findings_of(SAMPLE_PDFS / "barnsley-2023-10-27.pdf")
    grades = {j.area: j.grade for j in findings.judgements}
    assert grades["The experiences and progress of children in care"] == "Good"
    assert grades["The experiences and progress of care leavers"] == "Good"
    assert grades["The experiences and progress of children who need help and protection"] == \
        "Requires improvement to be good"
    assert len(findings.recommendations) == 4
    assert findings.recommendations[3].text == "The record of achievements and targets within personal education plans."


def test_short_inspection_with_plain_heading_and_round_bullets():
    findings, _ = findings_of(SAMPLE_PDFS / "isle-of-wight-2019-01-07.pdf")
    assert len(findings.recommendations) == 4
    assert findings.recommendations[1].text == "The response to 16- and 17-year-olds who are homeless."
    assert ("Overall effectiveness", "Good") in [(j.area, j.grade) for j in findings.judgements]


def test_2014_report_priority_actions_then_areas_for_improvement_and_the_lscb():
    findings, _ = findings_of(SAMPLE_PDFS / "isle-of-wight-2014-11-19.pdf")
    recs = findings.recommendations
    assert [(r.label, r.kind) for r in recs[:5]] == [
        ("1", Kind.PRIORITY_ACTION), ("2", Kind.PRIORITY_ACTION), ("3", Kind.PRIORITY_ACTION),
        ("4", Kind.PRIORITY_ACTION), ("5", Kind.RECOMMENDATION)]
    assert recs[3].text == "Ensure that all children looked after are registered with a dentist."
    assert recs[10].text == "Ensure that care leavers are aware of their entitlements."
    assert [r.label for r in recs][-12:] == [str(n) for n in range(131, 143)]
    assert len(recs) == 21 + 12
    grades = {j.area: j.grade for j in findings.judgements}
    assert grades["Overall effectiveness"] == "Requires improvement"
    assert grades["Adoption performance"] == "Requires improvement"


def test_every_real_report_gives_judgements_and_recommendations():
    for path in sorted(SAMPLE_PDFS.glob("*.pdf")):
        if path.stat().st_size < 10_000:
            continue
        findings, _ = findings_of(path)
        assert findings.recommendations, path.name
        assert any(j.area == "Overall effectiveness" for j in findings.judgements), path.name
        assert all(r.text and r.text[-1] not in ",;" for r in findings.recommendations), path.name


def test_fast_enough_to_run_on_every_import():
    text, passages, metadata = _read(SAMPLE_PDFS / "gloucestershire-2017-06-13.pdf")
    extract_findings(passages, metadata)
    started = time.perf_counter()
    for _ in range(10):
        extract_findings(passages, metadata)
    per_call = (time.perf_counter() - started) / 10
    assert per_call < 0.05  # measured about 6 ms for 41 pages


_LINES = st.sampled_from([
    "Recommendations", "What needs to improve?", "Areas for priority action", "Areas for improvement",
    "1. Ensure that", "2. Improve", "(3) Take", "R4. Review", "• The quality", "o sub point", "- dash",
    "Overall effectiveness Good", "Judgement Grade", "Good", "Requires improvement to be good",
    "26. Finding paragraph. (Recommendation)", "(Recommendation)", "(Paragraph 30 and 112)",
    "Ofsted made the following five recommendations:", "inspected in February 2022", "", "and the rest",
    "Children's services in Rutland are inadequate", "Page 3", "Inspection report: X 2017 8",
])


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(st.one_of(_LINES, st.text(max_size=60)), max_size=40),
       doc_type=st.sampled_from(list(DocType)))
def test_never_raises(lines, doc_type):
    text = "\n".join(lines)
    passages = split_passages(text, ())
    with _no_fallback():
        findings = extract_findings(passages, DocumentMetadata(doc_type=doc_type))
    for rec in findings.recommendations:
        assert all(0 <= s < len(passages) for s in rec.source_passages + rec.supporting_passages)


def test_never_raises_on_passages_that_disagree_with_the_text():
    odd = [PassageDraft(label="7", kind=PassageKind.NUMBERED, page=None, start=0, end=0, text="7. Ensure x"),
           PassageDraft(label=None, kind=PassageKind.HEADING, page=None, start=0, end=0, text="(Recommendation)")]
    with _no_fallback():
        findings = extract_findings(odd, DocumentMetadata(doc_type=DocType.INSPECTION_REPORT))
    assert findings.judgements == []
    assert findings.recommendations == []  # no heading: a lone numbered line is no recommendation


@contextmanager
def _no_fallback():
    """The catch-all in extract_findings must not be what keeps these inputs from raising."""
    import desktop.extract.findings as module

    def boom(*args, **kwargs):
        raise AssertionError("extraction raised and fell back to no findings")

    original, module._log.exception = module._log.exception, boom
    try:
        yield
    finally:
        module._log.exception = original


def test_the_reprint_inside_the_agenda_pack_gives_the_same_set_despite_a_heading_run_into_a_paragraph():
    from desktop.extract.agenda import split_agenda_pack

    text = read_document(sample("002")).text
    reprints = []
    for part in split_agenda_pack(text):
        paper = text[part.start:part.end]
        metadata = detect_metadata(paper)
        found = extract_findings(split_passages(paper, ()), metadata)
        if metadata.doc_type == DocType.COMMITTEE_MINUTES:
            assert found.recommendations == []
        if found.recommendations:
            reprints.append(found)
    [reprint] = reprints
    original, _ = findings_of(sample("000"))
    assert [r.label for r in reprint.recommendations] == [r.label for r in original.recommendations]
    assert reprint.recommendations[19].text == original.recommendations[19].text  # "111. Strengthen ..." over two lines
