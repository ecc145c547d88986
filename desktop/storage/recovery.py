"""Recover what can still be read from a damaged workspace into a new file.

Python's sqlite3 has no `.recover`; instead each table is read row by row, in rowid
order, and what reads is written into a freshly made workspace (same schema, through
the real migrations). A row that cannot be read is skipped and counted; search indexes
are rebuilt from the recovered rows by the new file's own triggers.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop.domain.errors import WorkspaceError


def _copyable_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
    return [name for name, _ in rows
            if not name.startswith("sqlite_") and name not in virtual
            and not any(name.startswith(v + "_") for v in virtual)
            and not name.startswith("_sqlite_migrations")]


def _read_rows(damaged: sqlite3.Connection, table: str) -> tuple[list[str], list[tuple], int]:
    columns = [row[1] for row in damaged.execute(f'PRAGMA table_info("{table}")')]
    rows, lost = [], 0
    try:
        cursor = damaged.execute(f'SELECT rowid, * FROM "{table}" ORDER BY rowid')
        while True:
            try:
                row = cursor.fetchone()
            except sqlite3.DatabaseError:
                lost += 1
                break  # the rest of this table's b-tree cannot be walked
            if row is None:
                break
            rows.append(row[1:])
    except sqlite3.DatabaseError:
        lost += 1
    return columns, rows, lost


def recover_into(damaged_path: Path, target: Path) -> dict:
    """Copy every readable row of ``damaged_path`` into the new workspace ``target``.

    Returns {table: rows recovered} plus "_unreadable": how many tables lost rows.
    """
    from desktop.storage.workspace import display_name, open_workspace

    target = Path(target).expanduser()
    if target.exists():
        raise WorkspaceError(f"{display_name(target)} already exists; choose a new file name.")
    damaged = sqlite3.connect(f"{Path(damaged_path).resolve().as_uri()}?mode=ro", uri=True)
    report: dict = {"_unreadable": 0}
    try:
        fresh = open_workspace(target, create=True)
        try:
            new_tables = set(_copyable_tables(fresh.conn))
            fresh.conn.execute("PRAGMA foreign_keys = OFF")  # rows arrive in any order
            with fresh.write():
                for table in _copyable_tables(damaged):
                    if table not in new_tables:
                        continue
                    columns, rows, lost = _read_rows(damaged, table)
                    keep = [c for c in columns
                            if c in {r[1] for r in fresh.conn.execute(f'PRAGMA table_info("{table}")')}]
                    index = [columns.index(c) for c in keep]
                    names = ", ".join(f'"{c}"' for c in keep)
                    marks = ", ".join("?" * len(keep))
                    fresh.conn.execute(f'DELETE FROM "{table}"')  # e.g. rows seeded by a migration
                    for row in rows:
                        fresh.conn.execute(f'INSERT OR IGNORE INTO "{table}" ({names}) VALUES ({marks})',
                                           [row[i] for i in index])
                    report[table] = len(rows)
                    report["_unreadable"] += 1 if lost else 0
            fresh.conn.execute("PRAGMA foreign_keys = ON")
        finally:
            fresh.close()
    except sqlite3.DatabaseError as error:
        raise WorkspaceError(f"Could not recover from {display_name(damaged_path)}: {error}.") from error
    finally:
        damaged.close()
    return report
