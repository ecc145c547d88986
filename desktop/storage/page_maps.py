"""Where each passage of a PDF paper lies on its pages (tables passage_pages and page_maps)."""

from __future__ import annotations

from collections.abc import Iterable

from desktop.storage.workspace import Workspace


def passage_signature(ws: Workspace, document_id: int) -> str:
    """Changes whenever the paper's text or passages are read again."""
    count, ids, starts, ends = ws.conn.execute(
        'SELECT count(*), coalesce(sum(id), 0), coalesce(sum(start), 0), coalesce(sum("end"), 0) '
        "FROM passages WHERE document_id = ?", (document_id,)).fetchone()
    length = ws.conn.execute("SELECT coalesce(length(text), 0) FROM document_text WHERE document_id = ?",
                             (document_id,)).fetchone()
    return f"{count}:{ids}:{starts}:{ends}:{length[0] if length else 0}"


def stored_page_map(ws: Workspace, document_id: int) -> str | None:
    row = ws.conn.execute("SELECT signature FROM page_maps WHERE document_id = ?",
                          (document_id,)).fetchone()
    return row[0] if row else None


def passage_sheets(ws: Workspace, document_id: int) -> list[tuple[int, int, int, int]]:
    """(passage id, sheet, char start, char end) in reading order."""
    return ws.conn.execute(
        "SELECT pp.passage_id, pp.sheet, pp.char_start, pp.char_end FROM passage_pages pp "
        "JOIN passages p ON p.id = pp.passage_id WHERE pp.document_id = ? ORDER BY p.seq, pp.sheet",
        (document_id,)).fetchall()


def replace_passage_sheets(ws: Workspace, document_id: int, signature: str,
                           rows: Iterable[tuple[int, int, int, int]]) -> None:
    """Store a paper's passage ranges. Call inside the caller's transaction."""
    ws.conn.execute("DELETE FROM passage_pages WHERE document_id = ?", (document_id,))
    ws.conn.executemany(
        "INSERT OR REPLACE INTO passage_pages (passage_id, document_id, sheet, char_start, char_end) "
        "VALUES (?, ?, ?, ?, ?)",
        [(passage_id, document_id, sheet, start, end) for passage_id, sheet, start, end in rows])
    ws.conn.execute("INSERT OR REPLACE INTO page_maps (document_id, signature) VALUES (?, ?)",
                    (document_id, signature))
