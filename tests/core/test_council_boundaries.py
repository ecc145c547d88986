"""Evidence stays within its council unless the user says otherwise, and letters without
paragraph numbers are cited by the paragraph counted on the page (issue 13)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from desktop.domain.documents import DocType
from desktop.services import evidence as evidence_service
from desktop.services.evidence import OtherAuthority
from desktop.services.recommendations import add_recommendation
from tests.evidence_fixtures import add_action, add_document, passage_ids


@pytest.fixture
def two_councils(workspace):
    glos = add_recommendation(workspace, "Strengthen supervision.", label="5",
                              authority="Gloucestershire", issued="2017-06-13")
    brum = add_recommendation(workspace, "Improve early help.", label="2",
                              authority="Birmingham", issued="2016-11-25")
    letter = add_document(workspace, title="Gloucestershire letter", doc_type=DocType.MONITORING_VISIT,
                          authority="Gloucestershire", when=date(2018, 6, 8),
                          paragraphs=["Supervision is now regular.", "Early help is improving."])
    return workspace, glos, brum, letter


def test_linking_to_another_councils_recommendation_is_refused_unless_confirmed(two_councils):
    ws, glos, brum, letter = two_councils
    first, second = passage_ids(ws, letter)
    made = evidence_service.link_evidence(ws, passage_id=first, stance="progress",
                                          recommendation_ids=[glos.id])
    assert len(made) == 1
    with pytest.raises(OtherAuthority, match="about Gloucestershire, but recommendation 2 .*Birmingham"):
        evidence_service.link_evidence(ws, passage_id=second, stance="progress",
                                       recommendation_ids=[brum.id])
    assert evidence_service.list_evidence(ws, recommendation_id=brum.id) == []
    action = add_action(ws, "Early help hub", recommendation_ids=(brum.id,))
    with pytest.raises(OtherAuthority):  # an action belongs to its recommendation's council
        evidence_service.link_evidence(ws, passage_id=second, stance="progress", action_ids=[action])
    crossed = evidence_service.link_evidence(ws, passage_id=second, stance="progress",
                                             recommendation_ids=[brum.id], other_authority=True)
    assert crossed[0].recommendation_id == brum.id


def test_moving_quotes_to_another_councils_paper_is_refused_unless_told(two_councils):
    ws, glos, _brum, letter = two_councils
    evidence_service.link_evidence(ws, passage_id=passage_ids(ws, letter)[0], stance="progress",
                                   recommendation_ids=[glos.id])
    other = add_document(ws, title="Birmingham letter", doc_type=DocType.MONITORING_VISIT,
                         authority="Birmingham", when=date(2018, 7, 1),
                         paragraphs=["Supervision is now regular."])
    with pytest.raises(OtherAuthority, match="about Birmingham"):
        evidence_service.move_to_revision(ws, letter, other)
    assert evidence_service.move_to_revision(ws, letter, other, other_authority=True) == (1, 0)


def test_the_command_line_needs_other_authority(two_councils, capsys):
    from desktop.cli import main

    ws, _glos, brum, letter = two_councils
    second = passage_ids(ws, letter)[1]
    path = str(ws.path)
    ws.close()
    base = ["evidence", "link", "--workspace", path, "--passage", str(second),
            "--recommendation", str(brum.id), "--stance", "progress"]
    assert main(base) == 1
    assert "--other-authority" in capsys.readouterr().err
    assert main(base + ["--other-authority", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["recommendation_id"] == brum.id


def test_unnumbered_letters_are_cited_by_the_paragraph_counted_on_the_page(workspace):
    rec = add_recommendation(workspace, "Strengthen supervision.", label="5",
                             authority="Gloucestershire", issued="2017-06-13")
    letter = add_document(workspace, title="Letter", doc_type=DocType.MONITORING_VISIT,
                          authority="Gloucestershire", when=date(2018, 6, 8), pages_per_paragraph=3,
                          paragraphs=["Dear Mr Smith", "First.", "Second.",
                                      (None, "heading", "Findings"), "Page two first.",
                                      "Page two second.", ("26", "numbered", "A numbered one.")])
    ids = passage_ids(workspace, letter)
    counted = evidence_service.link_evidence(workspace, passage_id=ids[5], stance="progress",
                                             recommendation_ids=[rec.id])[0]
    assert counted.citation == "Monitoring visit letter, 8 June 2018, page 2, paragraph 2"
    printed = evidence_service.link_evidence(workspace, passage_id=ids[6], stance="progress",
                                             recommendation_ids=[rec.id])[0]
    assert printed.citation == "Monitoring visit letter, 8 June 2018, page 3, paragraph 26"
    first = evidence_service.link_evidence(workspace, passage_id=ids[1], stance="progress",
                                           recommendation_ids=[rec.id])[0]
    assert first.citation == "Monitoring visit letter, 8 June 2018, page 1, paragraph 2"
