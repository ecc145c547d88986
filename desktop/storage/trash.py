"""The trash: deleted items kept as a JSON snapshot of every row needed to put them back.

A snapshot is ``{"rows": {table: [row, ...]}, "relink": {table: [row, ...]}}``.
``rows`` are inserted again with their ids; ``relink`` holds rows that stayed
behind (a kept quote, a kept recommendation) with the references the delete
cleared, which are set again where they are still clear.
"""

from __future__ import annotations

import base64
import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from desktop.domain.dates import timestamp_now as now
from desktop.storage.workspace import Workspace, id_chunks, inserted_id

PURGE_AFTER_DAYS = 30

# Parents before children, so foreign keys hold while rows go back in.
RESTORE_ORDER = ("documents", "document_text", "ocr_pages", "ocr_pending", "passages", "duplicate_bands", "judgements",
                 "recommendations", "recommendation_support", "recommendation_notes", "actions",
                 "action_recommendations", "action_updates", "action_due_changes", "evidence",
                 "suggestion_dismissals")
# Tables whose rows have their own id; a restore refuses if one was taken since.
WITH_IDS = {"documents", "passages", "judgements", "recommendations", "recommendation_notes",
            "actions", "action_updates", "action_due_changes", "evidence"}


@dataclass(frozen=True, slots=True)
class TrashItem:
    id: int
    kind: str
    item_id: int
    label: str
    deleted_at: str


class RestoreConflict(Exception):
    """What the snapshot would restore is taken by something made since."""


def rows_where(ws: Workspace, table: str, where: str, params=()) -> list[dict]:
    cursor = ws.conn.execute(f"SELECT * FROM {table} WHERE {where}", tuple(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def rows_in(ws: Workspace, table: str, column: str, ids) -> list[dict]:
    """Rows whose ``column`` is one of ``ids`` (any number of them)."""
    found: list[dict] = []
    for part, marks in id_chunks(sorted(set(ids))):
        found += rows_where(ws, table, f"{column} IN ({marks})", part)
    return found


def _encode_bytes(value):
    """A BLOB (a document's near-duplicate fingerprint) kept in the JSON snapshot."""
    if isinstance(value, bytes):
        return {"$bytes": base64.b64encode(value).decode("ascii")}
    raise TypeError(f"cannot keep {type(value).__name__} in the trash")


def _decode_bytes(value: dict):
    return base64.b64decode(value["$bytes"]) if set(value) == {"$bytes"} else value


def put(ws: Workspace, kind: str, item_id: int, label: str, snapshot: dict) -> int:
    cursor = ws.conn.execute(
        "INSERT INTO trash (kind, item_id, label, deleted_at, snapshot) VALUES (?,?,?,?,?)",
        (kind, item_id, label[:300], now(), json.dumps(snapshot, default=_encode_bytes)))
    return inserted_id(cursor)


def list_items(ws: Workspace) -> list[TrashItem]:
    return [TrashItem(*row) for row in ws.conn.execute(
        "SELECT id, kind, item_id, label, deleted_at FROM trash ORDER BY deleted_at DESC, id DESC")]


def get_item(ws: Workspace, trash_id: int) -> tuple[TrashItem, dict] | None:
    row = ws.conn.execute("SELECT id, kind, item_id, label, deleted_at, snapshot FROM trash "
                          "WHERE id = ?", (trash_id,)).fetchone()
    return (TrashItem(*row[:5]), json.loads(row[5], object_hook=_decode_bytes)) if row else None


def remove(ws: Workspace, trash_id: int) -> None:
    ws.conn.execute("DELETE FROM trash WHERE id = ?", (trash_id,))


def remove_for(ws: Workspace, kind: str, item_id: int) -> None:
    """The item came back another way (undo in the window): it leaves the trash."""
    ws.conn.execute("DELETE FROM trash WHERE kind = ? AND item_id = ?", (kind, item_id))


def empty(ws: Workspace) -> int:
    return ws.conn.execute("DELETE FROM trash").rowcount


def _cutoff(days: int) -> str:
    return (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds")


def has_old_items(ws: Workspace, days: int = PURGE_AFTER_DAYS) -> bool:
    """Read first, so an ordinary start takes no write lock."""
    try:
        return ws.conn.execute("SELECT 1 FROM trash WHERE deleted_at < ? LIMIT 1",
                               (_cutoff(days),)).fetchone() is not None
    except sqlite3.OperationalError:
        return False  # a read-only workspace of an older version has no trash yet


def purge_older_than(ws: Workspace, days: int = PURGE_AFTER_DAYS) -> int:
    cutoff = _cutoff(days)
    return ws.conn.execute("DELETE FROM trash WHERE deleted_at < ?", (cutoff,)).rowcount


def _insert(ws: Workspace, table: str, row: dict, *, ignore: bool = False) -> None:
    names = list(row)
    verb = "INSERT OR IGNORE" if ignore else "INSERT"
    ws.conn.execute(f"{verb} INTO {table} ({', '.join(names)}) VALUES ({','.join('?' * len(names))})",
                    [row[n] for n in names])


def conflicts(ws: Workspace, snapshot: dict) -> list[str]:
    """Plain descriptions of what stands in the way of putting the snapshot back."""
    problems = []
    rows = snapshot.get("rows", {})
    for table in WITH_IDS & set(rows):
        taken = len(rows_in(ws, table, "id", [r["id"] for r in rows[table]]))
        if taken:
            problems.append(f"{taken} {table.replace('_', ' ')} id{'s' if taken != 1 else ''}")
    for doc in rows.get("documents", []):
        if doc.get("parent_id") is None and ws.conn.execute(
                "SELECT 1 FROM documents WHERE sha256 = ? AND parent_id IS NULL",
                (doc["sha256"],)).fetchone():
            problems.append("the same file, imported again as another document")
    return problems


def restore(ws: Workspace, snapshot: dict) -> None:
    """Put every row back with its id and set cleared references again (call inside a write)."""
    problems = conflicts(ws, snapshot)
    if problems:
        raise RestoreConflict("; ".join(problems))
    rows = snapshot.get("rows", {})
    for table in RESTORE_ORDER:
        batch = rows.get(table, [])
        if table == "documents":  # a pack before its papers
            batch = sorted(batch, key=lambda r: (r.get("parent_id") is not None, r["id"]))
        keys = _foreign_keys(ws, table) if batch else []
        for row in batch:
            row = _fitted(ws, table, row, keys)
            if row is None:
                continue
            if table == "suggestion_dismissals":
                ws.conn.execute("DELETE FROM suggestion_dismissals WHERE recommendation_id = ? "
                                "AND passage_id IS NULL AND dismissed_at = ?",
                                (row["recommendation_id"], row["dismissed_at"]))
            _insert(ws, table, row, ignore=table in LINKS)
    passage_ids = [r["id"] for r in rows.get("passages", [])]
    for part, marks in id_chunks(passage_ids):  # new passages are indexed by hand, as on import
        ws.conn.execute(f"INSERT INTO passages_fts (rowid, text, label) SELECT id, text, label "
                        f"FROM passages WHERE id IN ({marks})", part)
    _relink(ws, snapshot.get("relink", {}))


# Rows that only join two others: when one end has gone for good, the row is not put back.
LINKS = {"recommendation_support", "duplicate_bands", "action_recommendations",
         "suggestion_dismissals"}


def _foreign_keys(ws: Workspace, table: str) -> list[tuple[str, str, str]]:
    """(column, parent table, on delete) of each foreign key of ``table``."""
    return [(fk[3], fk[2], fk[6]) for fk in ws.conn.execute(f"PRAGMA foreign_key_list({table})")]


def _fitted(ws: Workspace, table: str, row: dict, keys) -> dict | None:
    """The row as it can go back now: a reference to something gone for good is cleared
    where the schema allows it (the row keeps its frozen citation); a link row whose end
    has gone is dropped; otherwise the restore is refused."""
    row = dict(row)
    for column, parent, on_delete in keys:
        value = row.get(column)
        if value is None or _exists(ws, parent, value):
            continue
        if on_delete == "SET NULL":
            row[column] = None
        elif table in LINKS:
            return None
        else:
            what = {"recommendations": "recommendation", "actions": "action",
                    "documents": "paper", "passages": "passage"}.get(parent, parent)
            raise RestoreConflict(f"the {what} it belonged to has been deleted; restore that first")
    return row


def _exists(ws: Workspace, table: str, row_id) -> bool:
    return ws.conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row_id,)).fetchone() is not None


def _relink(ws: Workspace, relink: dict) -> None:
    for row in relink.get("evidence", []):
        ws.conn.execute("UPDATE evidence SET passage_id = ?, document_id = ? WHERE id = ? "
                        "AND passage_id IS NULL AND document_id IS NULL",
                        (row["passage_id"], row["document_id"], row["id"]))
    for row in relink.get("recommendations", []):
        ws.conn.execute(
            "UPDATE recommendations SET document_id = coalesce(document_id, ?), "
            "cited_in_document_id = coalesce(cited_in_document_id, ?), "
            "source_passage_id = coalesce(source_passage_id, ?), source_citation = ? WHERE id = ?",
            (row["document_id"], row["cited_in_document_id"], row["source_passage_id"],
             row.get("source_citation", ""), row["id"]))
    for row in relink.get("action_updates", []):
        ws.conn.execute("UPDATE action_updates SET passage_id = ? WHERE id = ? AND passage_id IS NULL",
                        (row["passage_id"], row["id"]))
    for table in ("suggestion_dismissals", "recommendation_support"):
        keys = _foreign_keys(ws, table)
        for row in relink.get(table, []):
            row = _fitted(ws, table, row, keys)
            if row is None:
                continue
            if table == "suggestion_dismissals":
                ws.conn.execute("DELETE FROM suggestion_dismissals WHERE recommendation_id = ? "
                                "AND passage_id IS NULL AND dismissed_at = ?",
                                (row["recommendation_id"], row["dismissed_at"]))
            _insert(ws, table, row, ignore=True)


# -- what a delete takes, captured before it goes ----------------------------

REC_CHILDREN = ("recommendation_support", "recommendation_notes", "action_recommendations",
                "evidence", "suggestion_dismissals")


def capture_recommendations(ws: Workspace, rec_ids) -> dict[str, list[dict]]:
    """The recommendations and every row hanging on them."""
    rows = {"recommendations": rows_in(ws, "recommendations", "id", rec_ids)}
    for table in REC_CHILDREN:
        rows[table] = rows_in(ws, table, "recommendation_id", rec_ids)
    return rows


def delete_recommendation_rows(ws: Workspace, rec_ids) -> None:
    """Delete recommendations with what hangs on them, children first (nothing cascades to
    user work, so a delete that forgot one would fail rather than lose it)."""
    for part, marks in id_chunks(sorted(set(rec_ids))):
        for table in REC_CHILDREN:
            ws.conn.execute(f"DELETE FROM {table} WHERE recommendation_id IN ({marks})", part)
        ws.conn.execute(f"DELETE FROM recommendations WHERE id IN ({marks})", part)


def holding_user_work(ws: Workspace, rec_ids, *, hand_made_counts: bool = True) -> set[int]:
    """Those of ``rec_ids`` the user has put work into: evidence, notes, action links,
    dismissals, a status override, a hand edit, or (``hand_made_counts``) typed in by hand."""
    held: set[int] = set()
    hand_made = " OR origin = 'manual'" if hand_made_counts else ""
    for part, marks in id_chunks(sorted(set(rec_ids))):
        for table in ("evidence", "recommendation_notes", "action_recommendations",
                      "suggestion_dismissals"):
            held |= {r[0] for r in ws.conn.execute(
                f"SELECT DISTINCT recommendation_id FROM {table} WHERE recommendation_id IN ({marks})",
                part)}
        held |= {r[0] for r in ws.conn.execute(
            f"SELECT id FROM recommendations WHERE id IN ({marks}) AND (status_source = 'user' "
            f"OR edited_fields <> '[]'{hand_made})", part)}
    return held


def capture_document(ws: Workspace, doc_ids: list[int], doomed_recs, *,
                     quotes_go: bool) -> dict:
    """Rows of documents (a pack with its papers) and the recommendations going with them;
    and the references into them that kept rows lose."""
    passages = rows_in(ws, "passages", "document_id", doc_ids)
    passage_ids = [p["id"] for p in passages]
    rows = {
        "documents": rows_in(ws, "documents", "id", doc_ids),
        "document_text": rows_in(ws, "document_text", "document_id", doc_ids),
        "ocr_pages": rows_in(ws, "ocr_pages", "document_id", doc_ids),
        "ocr_pending": rows_in(ws, "ocr_pending", "document_id", doc_ids),
        "passages": passages,
        "duplicate_bands": rows_in(ws, "duplicate_bands", "document_id", doc_ids),
        "judgements": rows_in(ws, "judgements", "document_id", doc_ids),
    }
    for table, found in capture_recommendations(ws, doomed_recs).items():
        rows[table] = found
    doomed = set(doomed_recs)
    quotes = [e for e in rows_in(ws, "evidence", "document_id", doc_ids)
              if e["recommendation_id"] not in doomed]
    if quotes_go:
        rows["evidence"] = rows["evidence"] + quotes
        quotes = []
    taken = {e["id"] for e in rows["evidence"]}
    quotes += [e for e in rows_in(ws, "evidence", "passage_id", passage_ids)
               if e["id"] not in taken and e["document_id"] not in doc_ids]
    kept_recs = [r for r in rows_in(ws, "recommendations", "document_id", doc_ids)
                 + rows_in(ws, "recommendations", "cited_in_document_id", doc_ids)
                 + rows_in(ws, "recommendations", "source_passage_id", passage_ids)
                 if r["id"] not in doomed]
    relink = {
        "evidence": [{"id": e["id"], "passage_id": e["passage_id"], "document_id": e["document_id"]}
                     for e in quotes],
        "recommendations": [{"id": r["id"], "document_id": r["document_id"],
                             "cited_in_document_id": r["cited_in_document_id"],
                             "source_passage_id": r["source_passage_id"],
                             "source_citation": r["source_citation"]}
                            for r in {r["id"]: r for r in kept_recs}.values()],
        "action_updates": [{"id": u["id"], "passage_id": u["passage_id"]}
                           for u in rows_in(ws, "action_updates", "passage_id", passage_ids)],
        "suggestion_dismissals": [d for d in rows_in(ws, "suggestion_dismissals", "passage_id",
                                                     passage_ids)
                                  if d["recommendation_id"] not in doomed],
        "recommendation_support": [s for s in rows_in(ws, "recommendation_support", "passage_id",
                                                      passage_ids)
                                   if s["recommendation_id"] not in doomed],
    }
    return {"rows": rows, "relink": relink}


def freeze_citations(ws: Workspace, rec_ids, citation_of) -> None:
    """Kept recommendations remember the paper they came from: ``citation_of(doc_id)``."""
    for rec in rows_in(ws, "recommendations", "id", rec_ids):
        source = rec["document_id"] or rec["cited_in_document_id"]
        if source is not None and not rec["source_citation"]:
            ws.conn.execute("UPDATE recommendations SET source_citation = ? WHERE id = ?",
                            (citation_of(source), rec["id"]))


def capture_action(ws: Workspace, action_id: int) -> dict[str, list[dict]]:
    """An action with its links, updates, due-date history and quotes."""
    rows = {"actions": rows_in(ws, "actions", "id", [action_id])}
    for table in ("action_recommendations", "action_updates", "action_due_changes", "evidence"):
        rows[table] = rows_in(ws, table, "action_id", [action_id])
    return rows
