"""Open a workspace file: recognise it, refuse what is not ours, migrate, configure.

A workspace is one SQLite file marked with our ``application_id``. Its schema
is the ordered SQL files in ``db/migrations``, applied through sqlite-utils'
``Migrations``; ``user_version`` mirrors how many have been applied so that a
file from a newer version of the app is refused before anything is written.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from desktop.domain.errors import WorkspaceError
from desktop.paths import migrations_dir


def _import_sqlite_utils():
    """sqlite-utils imports pandas and numpy, when installed, only to map their value
    types; that costs half a second of start-up, and the app never stores pandas or numpy
    values through it. So it is loaded as if they were absent (unless already loaded);
    pandas itself still imports normally later, where trackers and tables need it."""
    hidden = [name for name in ("pandas", "numpy") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import name` fail
    try:
        from sqlite_utils import Database
        from sqlite_utils.migrations import Migrations
    finally:
        for name in hidden:
            if sys.modules.get(name, False) is None:
                del sys.modules[name]
    return Database, Migrations


Database, Migrations = _import_sqlite_utils()

APPLICATION_ID = 0x53445331  # "SDS1"
SQLITE_MAGIC = b"SQLite format 3\x00"
MIGRATION_SET = "scrutiny_desk"


def migration_files() -> list[Path]:
    files = sorted(migrations_dir().glob("[0-9][0-9][0-9][0-9]_*.sql"))
    if not files:
        raise WorkspaceError(f"The app is incomplete: no schema found in {migrations_dir()}.")
    return files


def schema_version() -> int:
    """The schema version this build of the app writes."""
    return int(migration_files()[-1].name[:4])


def _sql_statements(script: str) -> list[str]:
    """Split a script into statements (trigger bodies stay whole)."""
    statements, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            if pending.strip():
                statements.append(pending.strip())
            pending = ""
    if pending.strip() and not pending.strip().startswith("--"):
        statements.append(pending.strip())
    return statements


def _build_migrations() -> Migrations:
    migrations = Migrations(MIGRATION_SET)
    for path in migration_files():
        number = int(path.name[:4])

        def apply(db: Database, path: Path = path, number: int = number) -> None:
            for statement in _sql_statements(path.read_text(encoding="utf-8")):
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {number}")
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")

        migrations(name=path.stem)(apply)
    return migrations


ID_CHUNK = 500  # ids per IN (...) list: well under SQLite's limit on bound parameters


def id_chunks(ids) -> Iterator[tuple[list, str]]:
    """``ids`` in slices small enough for one query, each with its "?,?,..." placeholders."""
    ids = list(ids)
    for start in range(0, len(ids), ID_CHUNK):
        part = ids[start:start + ID_CHUNK]
        yield part, ",".join("?" * len(part))


@dataclass
class Workspace:
    """An open workspace: one connection, used from one thread only."""

    path: Path
    db: Database
    read_only: bool = False
    backup_path: Path | None = field(default=None)

    @property
    def conn(self) -> sqlite3.Connection:
        return self.db.conn

    @contextlib.contextmanager
    def write(self) -> Iterator["Workspace"]:
        """One write transaction, all or nothing.

        BEGIN IMMEDIATE takes the write lock up front (waiting out the busy
        timeout), so two connections writing at once queue instead of one
        failing half-way. SQLite errors become a message for the user.
        """
        if self.read_only:
            raise WorkspaceError(f"{self.path.name} is open read-only; changes cannot be saved.")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise WorkspaceError(_write_failure_message(self.path, error)) from error
        try:
            yield self
        except BaseException as error:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            # A big write (an import) can fill the disk before COMMIT, while
            # SQLite spills pages: the same plain message as at COMMIT.
            if isinstance(error, sqlite3.OperationalError) and _is_storage_failure(error):
                raise WorkspaceError(_write_failure_message(self.path, error)) from error
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as error:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise WorkspaceError(_write_failure_message(self.path, error)) from error

    @contextlib.contextmanager
    def bulk_writes(self) -> Iterator["Workspace"]:
        """Many small transactions in a row (an import): sync to disk less often.

        In WAL mode synchronous=NORMAL still keeps the file consistent through any
        crash; a power cut can only forget the last few imported files, which a
        new import brings back. Edits made by hand keep the full sync.
        """
        self.conn.execute("PRAGMA synchronous = NORMAL")
        try:
            yield self
        finally:
            self.conn.execute("PRAGMA synchronous = FULL")

    def reopen(self) -> "Workspace":
        """Another connection to the same file, for a worker thread."""
        return open_workspace(self.path, create=False, read_only=self.read_only)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Workspace":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _is_storage_failure(error: sqlite3.Error) -> bool:
    """The disk or the file refused the write (not a bug in the SQL)."""
    text = str(error).lower()
    return any(word in text for word in ("full", "disk i/o", "readonly", "read-only", "locked", "busy"))


def _write_failure_message(path: Path, error: sqlite3.Error) -> str:
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return (f"{path.name} is busy with another change (perhaps an import); "
                "nothing was changed, try again in a moment.")
    if "readonly" in text or "read-only" in text:
        return f"{path.name} cannot be written to (read-only); nothing was changed."
    if "full" in text:
        return f"The disk holding {path.name} is full; nothing was changed."
    if "disk i/o" in text:  # e.g. a file-size limit, a failing or removed drive
        return (f"{path.name} could not be written: the disk refused the change (it may be full, "
                "or the drive was removed); nothing was changed.")
    return f"Could not save the change to {path.name} ({error}); nothing was changed."


def _check_is_sqlite(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise WorkspaceError(f"Cannot read {path.name}: {error.strerror or error}.") from error
    if head and head != SQLITE_MAGIC:
        raise WorkspaceError(
            f"{path.name} is not a Scrutiny Desk workspace (it is not an SQLite file). "
            "It has been left untouched."
        )


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection, also on read-only media (a CD, a read-only share or folder).

    A workspace in WAL mode is read through a -shm file beside it, which such
    a folder cannot hold. When no changes wait in a -wal file the database
    file alone is complete, so it is then opened as immutable, needing none.
    """
    uri = path.resolve().as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise WorkspaceError(
            f"{path.name} is in a folder that cannot be written to, and it was not closed properly "
            f"(recent changes wait in {wal.name}). Copy both files to a folder you can write to "
            "and open the copy.")
    return sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None)


def _connect(path: Path, read_only: bool) -> sqlite3.Connection:
    try:
        if read_only:
            conn = _connect_read_only(path)
        else:
            conn = sqlite3.connect(str(path), isolation_level=None)
        conn.execute("PRAGMA busy_timeout = 10000")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")  # an edit is on disk once it is made
        return conn
    except sqlite3.Error as error:
        raise WorkspaceError(f"Cannot open {path.name}: {error}.") from error


def _inspect(conn: sqlite3.Connection, path: Path) -> int:
    """The file's schema version; raises if the file is someone else's database."""
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise WorkspaceError(
            f"{path.name} is not a Scrutiny Desk workspace or is damaged ({error}). "
            "It has been left untouched."
        ) from error
    if app_id != APPLICATION_ID and (app_id != 0 or tables):
        raise WorkspaceError(
            f"{path.name} is an SQLite database, but not a Scrutiny Desk workspace. "
            "It has been left untouched."
        )
    if version > schema_version():
        raise WorkspaceError(
            f"{path.name} was saved by a newer version of Scrutiny Desk (schema {version}; "
            f"this version knows up to {schema_version()}). Please update the app; "
            "the file has been left untouched."
        )
    return version


def _backup_before_migration(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.schema{version}-{stamp}.bak{path.suffix}")
    with sqlite3.connect(str(target)) as copy:
        conn.backup(copy)
    copy.close()
    return target


def open_workspace(path: Path | str, *, create: bool = True, read_only: bool = False) -> Workspace:
    """Open (or create) the workspace at ``path``, migrating it to this version's schema.

    Raises WorkspaceError, with a message for the user, when the file is not a
    workspace, is from a newer version, or cannot be opened. Such a file is
    never written to.
    """
    path = Path(path).expanduser()
    if path.is_dir():
        raise WorkspaceError(f"{path} is a folder; choose a workspace file (.sqlite).")
    if path.exists():
        _check_is_sqlite(path)
    elif not create:
        raise WorkspaceError(f"There is no workspace at {path}. Check the name, or import "
                             "papers into it to create it.")
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise WorkspaceError(f"Cannot create the folder {path.parent}: {error.strerror}.") from error

    # SQLite writes its -wal and -shm files beside the workspace: a writable
    # file in a folder that cannot be written to can only be read.
    read_only = read_only or (path.exists() and not (os.access(path, os.W_OK)
                                                     and os.access(path.parent, os.W_OK)))
    conn = _connect(path, read_only)
    try:
        version = _inspect(conn, path)
        db = Database(conn)
        migrations = _build_migrations()
        backup = None
        if migrations.pending(db):
            if read_only:
                raise WorkspaceError(
                    f"{path.name} needs upgrading to this version, but it is read-only. "
                    "Copy it somewhere writable and open the copy."
                )
            if version > 0:
                backup = _backup_before_migration(conn, path, version)
            migrations.apply(db)
        if not read_only:
            conn.execute("PRAGMA journal_mode = WAL")
        return Workspace(path=path, db=db, read_only=read_only, backup_path=backup)
    except WorkspaceError:
        conn.close()
        raise
    except sqlite3.Error as error:
        conn.close()
        raise WorkspaceError(f"Cannot open {path.name}: {error}.") from error


def save_copy(workspace: Workspace, target: Path | str, *, overwrite: bool = False) -> Path:
    """Write a consistent copy of the workspace (SQLite's online backup) to ``target``.

    An existing file is replaced only with ``overwrite``; the copy is written
    beside the target first, so a failure never leaves half a file in its place.
    """
    target = Path(target).expanduser()
    if target.is_dir():
        raise WorkspaceError(f"{target} is a folder; give a file name for the copy.")
    if target.exists() and not overwrite:
        raise WorkspaceError(f"{target} already exists; choose another name (or allow overwriting).")
    if target.exists() and target.resolve() == workspace.path.resolve():
        raise WorkspaceError("Choose a different file for the copy.")
    if not target.parent.is_dir():
        raise WorkspaceError(f"The folder {target.parent} does not exist.")
    tmp = target.with_name(target.name + ".partial")
    try:
        with sqlite3.connect(str(tmp)) as copy:
            workspace.conn.backup(copy)
        copy.close()
        tmp.replace(target)
    except (OSError, sqlite3.Error) as error:
        tmp.unlink(missing_ok=True)
        reason = getattr(error, "strerror", None) or error
        raise WorkspaceError(f"Could not save a copy to {target}: {reason}.") from error
    return target
