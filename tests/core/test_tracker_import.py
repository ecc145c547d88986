"""Importing the council's tracker: linking to the 2017 report's recommendations,
re-importing next quarter's version, conflicts with edits, flags, bad files, cancel."""

from __future__ import annotations

import shutil
import time
from datetime import date

import pytest

from desktop.domain.actions import ActionStatus, Rag
from desktop.domain.errors import Cancelled, UserFacingError
from desktop.services import actions as actions_service
from desktop.services import tracker_import as importer
from desktop.storage.workspace import open_workspace
from tests import tracker_files
from tests.samples import sample

TODAY = date(2024, 7, 1)
REPORT_ID = 1  # the 2017 Gloucestershire inspection report, the only paper imported


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory):
    """A workspace holding the 2017 report (built once, copied for each test)."""
    from desktop.services.importing import import_paths

    path = tmp_path_factory.mktemp("corpus") / "template.sqlite"
    ws = open_workspace(path)
    import_paths(ws, [sample("000")])
    ws.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    ws.close()
    return path


@pytest.fixture
def ws(corpus_file, tmp_path):
    path = tmp_path / "ws.sqlite"
    shutil.copy(corpus_file, path)
    workspace = open_workspace(path)
    yield workspace
    workspace.close()


def rec_ids(ws) -> dict[str, int]:
    """The 2017 report's recommendations by label."""
    return {label: rec_id for rec_id, label in ws.conn.execute(
        "SELECT id, label FROM recommendations WHERE document_id = ?", (REPORT_ID,))}


def by_reference(ws) -> dict[str, object]:
    return {a.reference: a for a in actions_service.list_actions(ws)}


def counts(ws) -> tuple[int, int, int, int]:
    return tuple(ws.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in
                 ("actions", "action_updates", "action_recommendations", "action_plans"))


def import_file(ws, path, **options):
    overwrite = options.pop("overwrite_conflicts", False)
    plan = importer.plan_tracker_import(ws, path, today=TODAY, **options)
    return importer.apply_tracker_import(ws, plan, overwrite_conflicts=overwrite, today=TODAY)


@pytest.mark.parametrize("writer", [tracker_files.write_simple_csv, tracker_files.write_simple_xlsx])
def test_first_import_reads_links_and_flags(ws, tmp_path, writer):
    path = writer(tmp_path / f"plan.{'csv' if 'csv' in writer.__name__ else 'xlsx'}")
    summary = import_file(ws, path, against_document_id=REPORT_ID)
    assert (summary.imported, summary.updated, summary.unchanged, summary.flagged,
            summary.skipped) == (7, 0, 0, 2, 0)
    assert any("31/13/2023" in r for r in summary.reasons)
    assert any("Awaiting panel" in r for r in summary.reasons)

    recs = rec_ids(ws)
    actions = by_reference(ws)
    assert list(actions) == ["1.1", "1.2", "2.1", "3.1", "4.1", "5.1", "5.2"]
    for expected in tracker_files.EXPECTED_Q1:
        action = actions[expected["reference"]]
        assert (action.due.isoformat() if action.due else None) == expected["due"]
        assert action.recommendation_ids == tuple(sorted(recs[r] for r in expected["refs"]))
        assert action.origin == "imported" and action.authority == "Gloucestershire"
        if expected["status"]:
            assert action.status.value == expected["status"]
        if expected["rag"]:
            assert action.rag.value == expected["rag"]
    assert actions["2.1"].due_text == "Q2 2024/25"  # as written
    assert actions["4.1"].due is None and actions["4.1"].due_text == "Ongoing"
    assert actions["5.1"].flags and "31/13/2023" in actions["5.1"].flags[0]
    assert len(actions["5.2"].flags) == 2 and actions["5.2"].status is ActionStatus.NOT_STARTED
    # The update column becomes the first progress update, dated the import day.
    [update] = actions["1.1"].updates
    assert update.text.startswith("New audit tool") and update.date == TODAY
    assert update.source == path.name
    assert actions["3.1"].updates == ()  # nothing written in the update cell


def test_reimport_records_changes_as_updates_and_duplicates_nothing(ws, tmp_path):
    import_file(ws, tracker_files.write_simple_csv(tmp_path / "Q1.csv"), against_document_id=REPORT_ID)
    before = by_reference(ws)
    with ws.write():  # an old "last changed" time, to see which actions the re-import touches
        ws.conn.execute("UPDATE actions SET updated_at = '2024-01-01T00:00:00+00:00'")
    second = tracker_files.write_simple_xlsx(tmp_path / "Q2.xlsx", tracker_files.tracker_rows(2))
    plan = importer.plan_tracker_import(ws, second, against_document_id=REPORT_ID, today=TODAY)
    assert [r.reference for r in plan.new] == ["6.1"]
    assert {before_id for before_id, _, _ in plan.changed} == {
        before[r].id for r in ("1.1", "1.2", "3.1", "4.1")}
    assert counts(ws)[0] == 7  # planning writes nothing
    summary = importer.apply_tracker_import(ws, plan, today=date(2024, 9, 30))
    assert (summary.imported, summary.updated, summary.unchanged) == (1, 4, 3)

    after = by_reference(ws)
    assert len(after) == 8 and {a.id for a in before.values()} <= {a.id for a in after.values()}
    done = after["1.1"]
    assert done.status is ActionStatus.COMPLETE and done.rag is Rag.BLUE
    assert len(done.updates) == 2  # one new update, the first one kept
    newest = done.updates[0]
    assert newest.text == "Audit programme embedded; signed off by board."
    assert newest.date == date(2024, 9, 30) and newest.status is ActionStatus.COMPLETE
    slipped = after["1.2"]
    assert slipped.due == date(2024, 9, 30) and slipped.original_due == date(2024, 6, 30)
    assert slipped.slips == 1 and slipped.slipped_days == 92
    assert slipped.updates[0].due == date(2024, 9, 30)
    assert after["4.1"].updates[0].text == "Third home now has planning consent."
    assert after["4.1"].status is ActionStatus.OFF_TRACK
    # Rows that did not change are untouched: same fields, no new update.
    for reference in ("2.1", "5.1", "5.2"):
        assert after[reference].updates == before[reference].updates
        assert after[reference].status == before[reference].status
    assert after["6.1"].recommendation_ids == (rec_ids(ws)["6"],)

    # The same file again changes nothing at all.
    updates = counts(ws)[1]
    again = import_file(ws, second, against_document_id=REPORT_ID)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 8)
    assert counts(ws)[:3] == (8, updates, counts(ws)[2])
    stamps = dict(ws.conn.execute("SELECT reference, updated_at FROM actions"))
    assert [r for r, stamp in stamps.items() if stamp.startswith("2024-01-01")] == ["2.1", "5.1", "5.2"]


def test_fields_edited_in_the_app_are_kept_unless_overwritten(ws, tmp_path):
    import_file(ws, tracker_files.write_simple_csv(tmp_path / "Q1.csv"), against_document_id=REPORT_ID)
    first = by_reference(ws)["1.1"]
    actions_service.edit_action(ws, first.id, {"status": "at_risk", "owner": "Ann Jones"})
    second = tracker_files.write_simple_csv(tmp_path / "Q2.csv", tracker_files.tracker_rows(2))

    plan = importer.plan_tracker_import(ws, second, against_document_id=REPORT_ID, today=TODAY)
    assert (first.id, "status", "at_risk", "complete") in plan.conflicts
    assert (first.id, "owner", "Ann Jones", "Head of MASH") in plan.conflicts
    summary = importer.apply_tracker_import(ws, plan, today=TODAY)
    kept = actions_service.get_action(ws, first.id)
    assert kept.status is ActionStatus.AT_RISK and kept.owner == "Ann Jones"
    assert kept.rag is Rag.BLUE  # not edited in the app, so the tracker's change is taken
    assert summary.conflicts_kept == 2
    assert any("kept your status “At risk”" in r for r in summary.reasons)
    assert kept.updates[0].status is None and kept.updates[0].rag is Rag.BLUE

    summary = import_file(ws, second, against_document_id=REPORT_ID, overwrite_conflicts=True)
    taken = actions_service.get_action(ws, first.id)
    assert taken.status is ActionStatus.COMPLETE and taken.owner == "Head of MASH"
    assert "status" not in taken.edited_fields and summary.conflicts_kept == 0
    assert summary.updated == 1 and len(taken.updates) == 3


def test_action_typed_by_hand_is_matched_by_title_and_not_overwritten(ws, tmp_path):
    typed = actions_service.add_action(
        ws, "Improve the sufficiency of local placements for children in care!",
        owner="DCS", status="at_risk")
    summary = import_file(ws, tracker_files.write_simple_csv(tmp_path / "Q1.csv"),
                          against_document_id=REPORT_ID)
    assert (summary.imported, summary.updated) == (6, 1)
    action = actions_service.get_action(ws, typed.id)
    assert action.reference == "4.1"  # the empty field is filled from the tracker
    assert action.owner == "DCS" and action.status is ActionStatus.AT_RISK
    assert summary.conflicts_kept == 2 and action.rag is Rag.RED
    assert len(actions_service.list_actions(ws)) == 7


def test_without_a_chosen_inspection_the_newest_for_the_authority_is_used(ws, tmp_path):
    named = tracker_files.write_simple_csv(tmp_path / "Gloucestershire plan.csv")
    summary = import_file(ws, named)
    assert any("newest inspection with recommendations for Gloucestershire" in n
               for n in summary.notes)
    assert by_reference(ws)["3.1"].recommendation_ids == tuple(
        sorted(rec_ids(ws)[x] for x in ("3", "4")))
    assert [d.id for d in importer.inspections_for_linking(ws)] == [REPORT_ID]


def test_a_tracker_that_does_not_name_its_council_links_nothing_by_default(ws, tmp_path):
    """Issue 13: no inspection is pre-chosen; the preview warns, and says what links."""
    plan = importer.plan_tracker_import(ws, tracker_files.write_simple_csv(tmp_path / "plan.csv"),
                                        today=TODAY)
    assert plan.names_council is False and plan.against_document_id is None
    assert plan.linked_rows == 0 and plan.warnings and "No row links" in plan.warnings[0]
    assert "0 rows link to recommendations; 7 do not." in plan.describe()
    assert any("choose the inspection" in n for n in plan.notes)
    chosen = importer.plan_tracker_import(ws, plan.path, against_document_id=REPORT_ID,
                                          today=TODAY)
    assert chosen.linked_rows == 7 and not chosen.warnings
    importer.apply_tracker_import(ws, chosen, today=TODAY)
    # Next time, the choice made for this plan is offered.
    again = importer.plan_tracker_import(ws, plan.path, today=TODAY)
    assert again.remembered_against == REPORT_ID


def test_no_inspection_held_keeps_the_references_as_flags(workspace, tmp_path):
    summary = import_file(workspace, tracker_files.write_simple_csv(tmp_path / "plan.csv"))
    assert summary.imported == 7 and summary.flagged == 7
    assert any("no inspection with recommendations" in n for n in summary.notes)
    action = by_reference(workspace)["3.1"]
    assert action.recommendation_ids == () and "recommendation 3, 4 not linked" in action.flags[0]


def test_unknown_reference_is_flagged(ws, tmp_path):
    rows = tracker_files.tracker_rows()[:2]
    rows[1]["Ofsted recommendation"] = "Rec 42"
    summary = import_file(ws, tracker_files.write_simple_csv(tmp_path / "plan.csv", rows),
                          against_document_id=REPORT_ID)
    assert summary.flagged == 1
    assert "recommendation 42 is not among the" in by_reference(ws)["1.2"].flags[0]


def test_quote_column_links_by_the_recommendation_words(ws, tmp_path):
    rows = [
        {"Action": "Threshold workshops for partners", "Recommendation text":
         "Thresholds for services are consistently understood and applied"},
        {"Action": "Permanence tracking", "Recommendation text":
         "the importance of permanency planning is understood by all staff"},
        {"Action": "Something vague", "Recommendation text": "Improve things"},
    ]
    summary = import_file(ws, tracker_files.write_simple_csv(tmp_path / "quotes.csv", rows),
                          against_document_id=REPORT_ID)
    recs = rec_ids(ws)
    actions = {a.title: a for a in actions_service.list_actions(ws)}
    assert actions["Threshold workshops for partners"].recommendation_ids == (recs["1"],)
    assert actions["Permanence tracking"].recommendation_ids == (recs["10"],)
    assert actions["Something vague"].recommendation_ids == () and summary.flagged == 1


def test_council_layout_colours_and_merged_cells(ws, tmp_path):
    summary = import_file(ws, tracker_files.write_council_xlsx(tmp_path / "council.xlsx"),
                          against_document_id=REPORT_ID)
    assert (summary.imported, summary.flagged) == (4, 0)
    assert summary.skipped == 4 and any("heading across the table" in r for r in summary.reasons)
    actions = by_reference(ws)
    recs = rec_ids(ws)
    assert actions["1.2"].recommendation_ids == (recs["1"],)  # merged down from 1.1
    assert [actions[r].rag for r in ("1.1", "1.2", "2.1", "3.1")] == [
        Rag.GREEN, Rag.AMBER, Rag.RED, Rag.BLUE]
    assert actions["3.1"].status is ActionStatus.COMPLETE  # the colour says it
    assert actions["1.1"].due == date(2024, 3, 31)
    assert actions["1.1"].updates[0].text == "42 audits completed."


def test_mapping_by_header_or_number(ws, tmp_path):
    path = tracker_files.write_simple_csv(tmp_path / "plan.csv")
    plan = importer.plan_tracker_import(ws, path, map_columns={"owner": "8", "update": "Lead officer"})
    assert plan.mapping["owner"] == 7 and plan.mapping["update"] == 3
    with pytest.raises(importer.MappingError, match="recommendation_quote"):
        importer.plan_tracker_import(ws, path, map_columns={"colour": "RAG"})
    with pytest.raises(importer.MappingError, match="1: Ref; 2: Ofsted recommendation"):
        importer.plan_tracker_import(ws, path, map_columns={"owner": "Nobody"})


@pytest.mark.parametrize("writer", [
    tracker_files.write_not_a_spreadsheet, tracker_files.write_empty,
    tracker_files.write_password_protected_xlsx, tracker_files.write_truncated_xlsx,
    tracker_files.write_old_xls, tracker_files.write_word_document_as_xlsx])
def test_bad_files_give_clear_errors_and_change_nothing(ws, tmp_path, writer):
    import_file(ws, tracker_files.write_simple_csv(tmp_path / "good.csv"), against_document_id=REPORT_ID)
    before = counts(ws)
    path = writer(tmp_path / "tracker.xlsx")
    with pytest.raises(UserFacingError) as caught:
        importer.plan_tracker_import(ws, path)
    message = str(caught.value)
    assert "tracker.xlsx" in message and "Traceback" not in message
    assert counts(ws) == before


def test_unknown_against_document_is_refused(ws, tmp_path):
    path = tracker_files.write_simple_csv(tmp_path / "plan.csv")
    with pytest.raises(UserFacingError, match="no document 99"):
        importer.plan_tracker_import(ws, path, against_document_id=99)
    assert counts(ws) == (0, 0, 0, 0)


def test_cancel_leaves_nothing(ws, tmp_path):
    import_file(ws, tracker_files.write_simple_csv(tmp_path / "Q1.csv"), against_document_id=REPORT_ID)
    before = counts(ws)
    snapshot = ws.conn.execute("SELECT id, status, rag, due_text FROM actions ORDER BY id").fetchall()
    plan = importer.plan_tracker_import(
        ws, tracker_files.write_simple_csv(tmp_path / "Q2.csv", tracker_files.tracker_rows(2)),
        against_document_id=REPORT_ID)
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) > 1  # let it start, then cancel

    with pytest.raises(Cancelled):
        importer.apply_tracker_import(ws, plan, cancel=cancel)
    assert counts(ws) == before
    assert ws.conn.execute("SELECT id, status, rag, due_text FROM actions ORDER BY id").fetchall() == snapshot
    assert not ws.conn.in_transaction


def test_progress_is_reported(ws, tmp_path):
    plan = importer.plan_tracker_import(ws, tracker_files.write_simple_csv(tmp_path / "p.csv"),
                                        against_document_id=REPORT_ID)
    seen = []
    importer.apply_tracker_import(ws, plan, progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 7) and seen[-1] == (7, 7)


def test_undo_of_an_imported_action_restores_it(ws, tmp_path):
    import_file(ws, tracker_files.write_simple_csv(tmp_path / "Q1.csv"), against_document_id=REPORT_ID)
    action = by_reference(ws)["3.1"]
    snap = actions_service.delete_action(ws, action.id)
    assert actions_service.restore_action(ws, snap) == action


@pytest.mark.slow
def test_fifty_thousand_rows(workspace, tmp_path):
    import csv

    path = tmp_path / "big.csv"
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(tracker_files.SIMPLE_HEADERS)
        for n in range(1, 50_001):
            writer.writerow([f"{n // 10}.{n % 10}", f"Rec {n % 9 + 1}", f"Action number {n}",
                             f"Officer {n % 40}", f"{n % 28 + 1}/{n % 12 + 1}/2024", "On track",
                             "Green", f"Update {n}"])
    started = time.perf_counter()
    summary = import_file(workspace, path)
    first = time.perf_counter() - started
    assert summary.imported == 50_000
    started = time.perf_counter()
    again = import_file(workspace, path)
    second = time.perf_counter() - started
    assert again.unchanged == 50_000 and again.imported == 0
    print(f"\n50,000-row CSV: first import {first:.1f} s, re-import {second:.1f} s")
    assert first < 120 and second < 120  # generous: the test machine is shared


def test_no_rows_or_no_action_column_is_explained(ws, tmp_path):
    header_only = tmp_path / "header only.csv"
    header_only.write_text("Ref,Action,Owner\n", encoding="utf-8")
    with pytest.raises(UserFacingError, match="no actions to import"):
        importer.plan_tracker_import(ws, header_only)
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("Foo,Bar,Baz\n1,Audit files,3\n", encoding="utf-8")
    with pytest.raises(importer.MappingError, match="1: Foo; 2: Bar; 3: Baz"):
        importer.plan_tracker_import(ws, unknown)
    summary = import_file(ws, unknown, map_columns={"title": "Bar", "reference": "1"})
    assert summary.imported == 1 and by_reference(ws)["1"].title == "Audit files"
    assert counts(ws)[3] == 1  # one plan: the refused attempts recorded nothing


def test_a_tracker_naming_no_council_never_changes_another_councils_actions(ws, tmp_path):
    from desktop.services.importing import import_paths
    from tests.samples import SAMPLE_PDFS

    import_file(ws, tracker_files.write_simple_csv(tmp_path / "Q1.csv"), against_document_id=REPORT_ID)
    before = {a.reference: (a.status, a.updates) for a in actions_service.list_actions(ws)}
    import_paths(ws, [SAMPLE_PDFS / "dorset-2021-11-19.pdf"])  # a second council
    # The same references ("1.1", ...) in a tracker that does not say whose it is.
    summary = import_file(ws, tracker_files.write_simple_csv(tmp_path / "plan.csv",
                                                             tracker_files.tracker_rows(2)))
    assert summary.imported == len(tracker_files.tracker_rows(2)) and summary.updated == 0
    assert any("another council's actions are never changed" in n for n in summary.notes)
    gloucestershire = {a.reference: (a.status, a.updates) for a in actions_service.list_actions(ws)
                       if a.authority == "Gloucestershire"}
    assert gloucestershire == before
