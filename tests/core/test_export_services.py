"""Exporting from real workspaces: the sample papers with a plan and evidence, an empty one,
and files that must not be clobbered or left half-written."""

from __future__ import annotations

import os
import sys
from datetime import date

import pytest

from desktop.domain.errors import Cancelled, UserFacingError
from desktop.export.model import SECTION_TITLES
from desktop.services import recommendations as recs_service
from desktop.services.exporting import BriefingOptions, briefing_data, export_briefing, export_note
from tests.export_fixtures import (
    TODAY,
    embedded_font_files,
    flat,
    font_names,
    import_samples,
    pdf_outline,
    pdf_text,
    sample_workspace,
)


@pytest.fixture
def out(tmp_path):
    """A folder of its own for exported files (the workspace lives in tmp_path)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def sample(workspace):
    made = sample_workspace(workspace)
    return workspace, made


def _options(**kw) -> BriefingOptions:
    base = dict(authority="Gloucestershire", committee="Children and Families Overview and Scrutiny Committee",
                meeting="12 January 2024", prepared_by="Cllr Jane Smith", marking="OFFICIAL", prepared_on=TODAY)
    base.update(kw)
    return BriefingOptions(**base)


def test_briefing_from_the_sample_papers(sample, out):
    ws, made = sample
    path = export_briefing(ws, out / "briefing.pdf", _options())
    pages = pdf_text(path)
    text = flat("\n".join(pages))
    recs = recs_service.list_recommendations(ws, authority="Gloucestershire")
    assert len(recs) >= 25
    for rec in recs:  # every recommendation, by label, with its words
        assert f"{rec.kind.label} {rec.label}" in text
        assert flat(rec.text)[:60] in text
    for evidence in made["evidence"]:  # every quote with its citation and note
        assert flat(evidence.quote)[:80] in text
        assert evidence.citation in text
        if evidence.note:
            assert evidence.note in text
    for title in SECTION_TITLES.values():
        assert title in text
    assert "What is the average caseload now?" in text
    assert "2.1" in text and "Overdue" in text and "Moved 1 time" in text  # the slipped action
    assert "Inadequate" in text  # the 2017 judgements
    assert "Monitoring visit letter" in text and "8 June 2018" in text  # sources
    names = font_names(path)
    assert names and all("+OpenSans" in n for n in names) and embedded_font_files(path) == len(names)
    outline = [title for _, title, _ in pdf_outline(path)]
    assert sum(1 for t in outline if t.startswith("Recommendation ")) == len(recs)


def test_south_gloucestershire_is_not_in_a_gloucestershire_briefing(sample, out):
    ws, _ = sample
    text = flat("\n".join(pdf_text(export_briefing(ws, out / "b.pdf", _options()))))
    assert "South Gloucestershire" not in text


def test_options_choose_recommendations_and_statuses(sample, out):
    ws, made = sample
    chosen = made["recommendations"][:2]
    data = briefing_data(ws, _options(recommendation_ids=tuple(r.id for r in chosen)))
    assert [r.id for r in data.recommendations] == [r.id for r in chosen]
    concern = briefing_data(ws, _options(statuses=("concern",)))
    assert concern.recommendations and all(r.status == "concern" for r in concern.recommendations)
    report = made["recommendations"][0].document_id
    by_inspection = briefing_data(ws, _options(document_ids=(report,)))
    assert {r.id for r in by_inspection.recommendations} == {
        r.id for r in recs_service.list_recommendations(ws, document_id=report)}
    with pytest.raises(UserFacingError, match="not a status"):
        briefing_data(ws, _options(statuses=("bogus",)))
    with pytest.raises(UserFacingError, match="not a section"):
        briefing_data(ws, _options(sections=frozenset({"appendix"})))


def test_a_workspace_with_recommendations_but_no_evidence(workspace, out):
    import_samples(workspace)
    path = export_briefing(workspace, out / "b.pdf", _options())
    text = flat("\n".join(pdf_text(path)))
    assert text.count("No evidence has been linked yet.") >= 25
    assert "No actions are linked to this recommendation yet." in text
    assert "No actions are overdue." in text


def test_an_empty_workspace_exports_a_briefing_that_says_so(workspace, out):
    path = export_briefing(workspace, out / "b.pdf", BriefingOptions(prepared_on=TODAY))
    text = flat("\n".join(pdf_text(path)))
    assert "No recommendations match the choices made for this briefing." in text
    assert "No inspection judgements are held" in text


def test_markup_typed_by_the_user_prints_as_typed(sample, out):
    ws, made = sample
    rec = made["recommendations"][0]
    recs_service.add_note(ws, rec.id, "Ask about <b>caseloads</b> & &amp; \x07 too", "question")
    path = export_briefing(ws, out / "b.pdf", _options(title="Briefing <i>for</i> the chair & co"))
    text = flat("\n".join(pdf_text(path)))
    assert "Ask about <b>caseloads</b> & &amp; too" in text
    assert "Briefing <i>for</i> the chair & co" in text


def test_an_existing_file_is_never_replaced_without_asking(sample, out):
    ws, _ = sample
    target = out / "b.pdf"
    target.write_bytes(b"the councillor's own file")
    with pytest.raises(UserFacingError, match="already exists"):
        export_briefing(ws, target, _options())
    assert target.read_bytes() == b"the councillor's own file"
    export_briefing(ws, target, _options(), overwrite=True)
    assert target.read_bytes().startswith(b"%PDF")


def test_a_cancelled_export_leaves_no_file_and_keeps_the_old_one(sample, out):
    ws, _ = sample
    target = out / "b.pdf"
    target.write_bytes(b"old")
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(Cancelled):
        export_briefing(ws, target, _options(), overwrite=True, cancel=cancel)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in out.iterdir()) == ["b.pdf"]  # no partial file left


def test_a_failure_while_writing_leaves_nothing_behind(sample, out, monkeypatch):
    ws, _ = sample
    import desktop.export.briefing as briefing

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(briefing, "render_briefing", broken)
    with pytest.raises(UserFacingError, match="full"):
        export_briefing(ws, out / "b.pdf", _options())
    assert list(out.iterdir()) == []


def _unwritable_folder(tmp_path):
    if os.geteuid() != 0:
        folder = out / "locked"
        folder.mkdir()
        folder.chmod(0o500)
        return folder
    if sys.platform.startswith("linux") and os.path.isdir("/sys/kernel"):
        return "/sys/kernel"  # not writable even by root
    pytest.skip("no folder here is unwritable for this user")


def test_a_folder_that_cannot_be_written_gives_a_plain_message(sample, out):
    ws, _ = sample
    folder = _unwritable_folder(out)
    with pytest.raises(UserFacingError, match="permission denied"):
        export_briefing(ws, f"{folder}/b.pdf", _options())
    with pytest.raises(UserFacingError, match="does not exist"):
        export_briefing(ws, out / "missing" / "b.pdf", _options())
    with pytest.raises(UserFacingError, match="should end in .pdf"):
        export_briefing(ws, out / "b.docx", _options())


def test_progress_runs_from_start_to_finish(sample, out):
    ws, _ = sample
    seen: list[tuple[float, str]] = []
    export_briefing(ws, out / "b.pdf", _options(), progress=lambda f, m: seen.append((f, m)))
    fractions = [f for f, _ in seen]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0 and fractions == sorted(fractions)
    assert seen[-1][1] == "Saved b.pdf"


def test_pre_meeting_note(sample, out):
    ws, made = sample
    path = export_note(ws, out / "note.pdf", since=date(2017, 1, 1), authority="Gloucestershire",
                       today=TODAY, meeting="12 January 2024", marking="OFFICIAL")
    pages = pdf_text(path)
    assert 1 <= len(pages) <= 2
    text = flat("\n".join(pages))
    for heading in ("Recommendations of concern", "Actions overdue or slipped since 1 January 2017",
                    "New evidence since 1 January 2017", "Open questions"):
        assert heading in text
    assert "1 action off track (2.1)" in text
    assert "due date moved from 31/03/2018 to 30/09/2018" in text
    assert "What is the average caseload now?" in text
    assert made["evidence"][1].citation in text
    later = flat("\n".join(pdf_text(export_note(ws, out / "later.pdf", since=date(2019, 1, 1),
                                                authority="Gloucestershire", today=TODAY))))
    assert "No evidence has been linked from papers since then." in later
    with pytest.raises(UserFacingError, match="after today"):
        export_note(ws, out / "x.pdf", since=date(2030, 1, 1), today=TODAY)


def test_papers_from_an_agenda_pack_are_cited_with_the_pack_page(workspace, out):
    from desktop.domain.documents import DocType
    from desktop.services import evidence as evidence_service
    from tests.evidence_fixtures import add_document, passage_ids

    report = add_document(workspace, title="Inspection of Kent children's services", when=date(2017, 6, 13),
                          doc_type=DocType.INSPECTION_REPORT, authority="Kent",
                          paragraphs=[("1", "numbered", "Ensure that care leavers have suitable homes.")])
    rec = recs_service.add_recommendation(workspace, "Ensure that care leavers have suitable homes.",
                                          label="1", document_id=report)
    pack = add_document(workspace, title="Scrutiny committee agenda pack", doc_type=DocType.AGENDA_PACK,
                        authority="Kent", when=date(2019, 3, 14), paragraphs=[])
    paper = add_document(workspace, title="Care leavers update", doc_type=DocType.COMMITTEE_REPORT,
                         authority="Kent", when=date(2019, 3, 14), parent_id=pack, pack_page_start=17,
                         pages_per_paragraph=2,
                         paragraphs=[("2.1", "numbered", f"Paragraph {n}: care leavers now have homes.")
                                     for n in range(6)])
    evidence_service.link_evidence(workspace, passage_id=passage_ids(workspace, paper)[4], stance="progress",
                                   recommendation_ids=(rec.id,))
    path = export_briefing(workspace, out / "b.pdf", BriefingOptions(authority="Kent", prepared_on=TODAY))
    text = flat("\n".join(pdf_text(path)))
    assert "Committee report, 14 March 2019, page 3, paragraph 2.1 (agenda pack of 14 March 2019, page 19)" in text
    assert "Scrutiny committee agenda pack, 14 March 2019, page 17" in text  # Sources: where it is printed


def test_evidence_linked_to_an_action_shows_under_its_recommendation(sample, out):
    from desktop.services import evidence as evidence_service
    from tests.export_fixtures import letter_passages

    ws, made = sample
    action = made["actions"][4]  # "5.1", linked to the fifth recommendation, which has no evidence of its own
    passage = letter_passages(ws)[6]
    evidence_service.link_evidence(ws, passage_id=passage.id, stance="concern", action_ids=(action.id,))
    data = briefing_data(ws, _options(recommendation_ids=(made["recommendations"][4].id,)))
    [rec] = data.recommendations
    assert [q.action_reference for q in rec.quotes] == ["5.1"]
    text = flat("\n".join(pdf_text(export_briefing(ws, out / "b.pdf", _options(
        recommendation_ids=(made["recommendations"][4].id,))))))
    assert "linked through action 5.1" in text and flat(passage.text)[:60] in text
