"""Property: whatever the user does (link, note, override, dismiss, import, re-read papers,
delete a paper, restore from the trash, import a tracker of the same or another plan), the
rows the user made never shrink or change except by an explicit delete of that very row,
and a restore from the trash brings rows back exactly."""

from __future__ import annotations

import shutil
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.domain.errors import UserFacingError
from desktop.services import documents as documents_service
from desktop.services import evidence as evidence_service
from desktop.services import recommendations as rec_service
from desktop.services import suggestions
from desktop.services import trash as trash_service
from desktop.services.actions import add_action
from desktop.services.findings import extract_again
from desktop.services.importing import import_file
from desktop.services.rollup import override_status
from desktop.storage.workspace import open_workspace
from tests.samples import sample

USER_TABLES = ("evidence", "recommendation_notes", "action_recommendations",
               "suggestion_dismissals", "actions")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A workspace holding the 2017 report and a later letter, imported once."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    with open_workspace(path) as ws:
        import_file(ws, sample("000"))
        import_file(ws, sample("001"))
        ws.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def _user_rows(ws) -> Counter:
    """What the user made, as the user would recognise it (not where it points)."""
    rows: Counter = Counter()
    for eid, rid, aid, quote, stance in ws.conn.execute(
            "SELECT id, recommendation_id, action_id, quote, stance FROM evidence"):
        rows[("quote", eid, rid, aid, quote, stance)] += 1
    for nid, rid, text in ws.conn.execute("SELECT id, recommendation_id, text FROM recommendation_notes"):
        rows[("note", nid, rid, text)] += 1
    for aid, rid in ws.conn.execute("SELECT action_id, recommendation_id FROM action_recommendations"):
        rows[("link", aid, rid)] += 1
    for (rid,) in ws.conn.execute("SELECT recommendation_id FROM suggestion_dismissals"):
        rows[("dismissal", rid)] += 1
    for rid, status in ws.conn.execute(
            "SELECT id, status FROM recommendations WHERE status_source = 'user'"):
        rows[("override", rid, status)] += 1
    for row in ws.conn.execute("SELECT id, title, owner, due_text, status, plan_id FROM actions "
                               "WHERE origin = 'manual'"):  # typed in: no tracker may change it
        rows[("action", *row)] += 1
    return rows


def _everything(ws) -> dict:
    tables = ("documents", "passages", "recommendations", "recommendation_support", "judgements",
              *USER_TABLES)
    return {t: sorted(map(tuple, ws.conn.execute(f"SELECT * FROM {t}").fetchall()),
                      key=repr) for t in tables}


OPS = st.lists(st.tuples(
    st.sampled_from(["link", "note", "override", "dismiss", "action", "import", "extract",
                     "delete", "delete_all", "restore", "unlink", "tracker", "tracker_other"]),
    st.integers(0, 10_000)), min_size=1, max_size=12)


@settings(max_examples=25, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ops=OPS)
def test_user_work_survives_any_sequence(template, tmp_path, ops):
    _survives(template, tmp_path, ops)


def test_trackers_of_the_same_and_another_plan_leave_user_work_alone(template, tmp_path):
    """The tracker steps, in an order the random sequences may not reach in a short run."""
    _survives(template, tmp_path, [("link", 1), ("action", 2), ("note", 3), ("tracker", 0),
                                   ("tracker_other", 1), ("tracker", 1), ("delete", 3), ("restore", 0),
                                   ("tracker", 2), ("tracker_other", 5), ("extract", 0)])
    with open_workspace(next(tmp_path.glob("w*.sqlite"))) as ws:
        plans = ws.conn.execute("SELECT count(DISTINCT plan_id) FROM actions WHERE plan_id IS NOT NULL")
        assert plans.fetchone()[0] == 2  # the two plans stayed apart


def _survives(template, tmp_path, ops) -> None:
    path = tmp_path / f"w{abs(hash(tuple(ops)))}.sqlite"
    shutil.copy(template, path)
    with open_workspace(path) as ws:
        for op, n in ops:
            before, explicit = _user_rows(ws), Counter()
            try:
                explicit = _apply(ws, op, n, before)
            except UserFacingError as refusal:  # refused with a plain message, changing nothing
                assert _user_rows(ws) == before, refusal
            lost = before - _user_rows(ws) - explicit
            assert not lost, f"{op} lost {lost}"
        assert ws.conn.execute("PRAGMA foreign_key_check").fetchall() == []


def _apply(ws, op, n, before) -> Counter:
    """Do one user operation; returns the user rows it deleted on purpose."""
    recs = rec_service.list_recommendations(ws)
    docs = documents_service.list_documents(ws)
    passages = [r[0] for r in ws.conn.execute("SELECT id FROM passages ORDER BY id")]
    rec = recs[n % len(recs)] if recs else None
    if op == "link" and rec and passages:
        evidence_service.link_evidence(ws, passage_id=passages[n % len(passages)], stance="progress",
                                       recommendation_ids=[rec.id], other_authority=True)
    elif op == "note" and rec:
        rec_service.add_note(ws, rec.id, f"note {n}")
    elif op == "override" and rec:
        override_status(ws, rec.id, "in_progress", "seen it")
        return Counter({k: v for k, v in before.items() if k[:2] == ("override", rec.id)})
    elif op == "dismiss" and rec and passages:
        suggestions.dismiss(ws, rec.id, passages[(n * 7) % len(passages)])
    elif op == "action" and rec:
        add_action(ws, f"Action {n}", recommendation_ids=[rec.id])
    elif op == "import":
        import_file(ws, sample("002" if n % 2 else "001"))
    elif op == "extract":
        extract_again(ws)
    elif op in ("delete", "delete_all") and docs:
        doc = docs[n % len(docs)]
        snapshot = _everything(ws)
        impact = documents_service.delete_document(ws, doc.id,
                                                   delete_recommendations=op == "delete_all")
        if n % 3 == 0:  # straight back out of the trash: exactly as before
            item = trash_service.list_trash(ws)[0]
            trash_service.restore_from_trash(ws, item.id)
            # (unless a copy took over as the original meanwhile, or a pack's count was redone)
            if not impact.duplicates_released and doc.parent_id is None:
                assert _everything(ws) == snapshot
        elif op == "delete_all":  # the user ticked that its recommendations go too
            gone = {r.id for r in recs} - {r.id for r in rec_service.list_recommendations(ws)}
            return Counter({k: v for k, v in before.items()
                            if k[0] != "quote" and k[1] in gone or k[0] == "note" and k[2] in gone
                            or k[0] == "quote" and k[2] in gone or k[0] == "link" and k[2] in gone})
    elif op == "restore":
        items = trash_service.list_trash(ws)
        if items:
            trash_service.restore_from_trash(ws, items[n % len(items)].id)
    elif op in ("tracker", "tracker_other") and rec and rec.document_id is not None:
        _import_tracker(ws, op == "tracker_other", n, rec.document_id)
    elif op == "unlink":
        quotes = evidence_service.list_evidence(ws)
        if quotes:
            quote = quotes[n % len(quotes)]
            evidence_service.delete_evidence(ws, quote.id)
            return Counter({k: v for k, v in before.items() if k[0] == "quote" and k[1] == quote.id})
    return Counter()


def _import_tracker(ws, other_plan: bool, n: int, against: int) -> None:
    """A quarter's tracker of the improvement plan, or one of another plan numbered alike."""
    from datetime import date
    from pathlib import Path

    from desktop.services.tracker_import import apply_tracker_import, plan_tracker_import
    from tests import tracker_files
    from tests.trackers.test_tracker_plans import other_plan_rows

    folder = Path(ws.path).parent
    if other_plan:
        path = tracker_files.write_simple_csv(folder / "send_plan.csv", other_plan_rows())
    else:
        path = tracker_files.write_simple_csv(folder / "improvement_plan.csv",
                                              tracker_files.tracker_rows(1 + n % 2))
    plan = plan_tracker_import(ws, path, against_document_id=against, as_at=date(2018, 1 + n % 12, 1))
    apply_tracker_import(ws, plan)
