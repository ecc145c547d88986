"""Who an item is addressed to (an area SEND table's responsible body, a JTAI agency
sub-heading) is kept with it: stored, listed, exported, and filled in by re-reading."""

from __future__ import annotations

import json

from desktop.services.findings import extract_again
from desktop.services.importing import import_paths
from desktop.services.recommendations import list_recommendations
from desktop.storage.workspace import open_workspace
from tests.core.test_extract_recommendations import _pdf

SEND_PAGE = [(40.0, "Local area partnership report"),
             (40.0, "Area SEND inspection of Rutland Local Area Partnership"),
             (40.0, "Inspection dates: 18 to 22 March 2024"), (40.0, ""),
             (40.0, "Inspection outcome"),
             (40.0, "There are widespread and/or systemic failings leading to significant concerns about the"),
             (40.0, "experiences and outcomes of children and young people with special educational needs"),
             (40.0, "and/or disabilities (SEND), which the local area partnership must address urgently."),
             (40.0, ""),
             (40.0, "Areas for priority action"), (40.0, "Responsible body Areas for priority action"),
             (40.0, "Rutland County Council and"), (40.0, "NHS Leicestershire Integrated"), (40.0, "Care Board"),
             (40.0, "Area leaders need to ensure that there is a joint commissioning agreement in place."),
             (40.0, "NHS Leicestershire Integrated"), (40.0, "Care Board"),
             (40.0, "Health leaders must address the waiting times for speech and language therapy."),
             (40.0, ""), (40.0, "Areas for improvement"),
             (40.0, "Area leaders need to accelerate their plans to improve preparation for adulthood."),
             (40.0, ""), (40.0, "Local area partnership details"), (40.0, "Rutland County Council, Oakham")]

ICB = "NHS Leicestershire Integrated Care Board"


def _imported(tmp_path):
    path = _pdf(tmp_path / "rutland send.pdf", [SEND_PAGE], header="Rutland Local Area Partnership")
    ws = open_workspace(tmp_path / "w.sqlite")
    import_paths(ws, [path])
    return ws


def test_the_responsible_body_is_stored_and_listed(tmp_path, capsys):
    from desktop.cli import main

    ws = _imported(tmp_path)
    try:
        recs = list_recommendations(ws)
        assert [r.addressed_to for r in recs if r.kind.value == "priority_action"] == [
            f"Rutland County Council and {ICB}", ICB]
        assert [r.addressed_to for r in recs if r.kind.value == "area_for_improvement"] == [None]
    finally:
        ws.close()
    assert main(["recommendations", "--workspace", str(tmp_path / "w.sqlite"), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    rows = listed if isinstance(listed, list) else listed["recommendations"]
    assert ICB in [row["addressed_to"] for row in rows]


def test_re_reading_fills_it_in_for_items_stored_before_it_was_kept(tmp_path):
    ws = _imported(tmp_path)
    try:
        before = {r.id for r in list_recommendations(ws)}
        with ws.write():
            ws.conn.execute("UPDATE recommendations SET addressed_to = NULL")
        extract_again(ws)
        after = list_recommendations(ws)
        assert {r.id for r in after} == before  # same ids: links and notes stay
        assert ICB in [r.addressed_to for r in after]
    finally:
        ws.close()


def test_the_briefing_names_who_it_is_for(tmp_path):
    from datetime import date

    from desktop.services.export_gather import recommendation_items

    ws = _imported(tmp_path)
    try:
        items = recommendation_items(ws, list_recommendations(ws), today=date(2026, 1, 1))
        assert ICB in [item.addressed_to for item in items]
    finally:
        ws.close()


def test_the_boards_recommendations_are_labelled_as_the_boards_in_the_briefing(tmp_path):
    from datetime import date

    from desktop.domain.recommendations import LSCB
    from desktop.services.export_gather import rec_label, recommendation_items

    ws = _imported(tmp_path)
    try:
        with ws.write():
            ws.conn.execute("UPDATE recommendations SET addressed_to = ? WHERE label = '1' "
                            "AND kind = 'area_for_improvement'", (LSCB,))
        recs = list_recommendations(ws)
        board = next(r for r in recs if r.addressed_to == LSCB)
        item = next(i for i in recommendation_items(ws, recs, today=date(2026, 1, 1)) if i.id == board.id)
        assert item.heading == "Area for improvement 1 (LSCB)"
        assert rec_label(board) == "Area for improvement 1 (LSCB)"  # the summary tables too
        others = [i.heading for i in recommendation_items(ws, recs, today=date(2026, 1, 1)) if i.id != board.id]
        assert not any("LSCB" in heading for heading in others)
    finally:
        ws.close()


def test_the_summary_table_sets_the_boards_list_apart(tmp_path):
    from desktop.domain.recommendations import LSCB
    from desktop.services.exporting import BriefingOptions, export_briefing
    from tests.export_fixtures import flat, pdf_text

    ws = _imported(tmp_path)
    try:
        with ws.write():
            ws.conn.execute("UPDATE recommendations SET addressed_to = ? WHERE kind = 'area_for_improvement'",
                            (LSCB,))
        out = export_briefing(ws, tmp_path / "b.pdf", BriefingOptions())
    finally:
        ws.close()
    text = flat("\n".join(pdf_text(out)))
    assert f"For the {LSCB}" in text
    assert "Area for improvement 1 (LSCB)" in text
