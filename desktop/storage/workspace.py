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
import stat
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

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


if TYPE_CHECKING:  # the type checker reads the real classes; at run time, the hidden import
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations
else:
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
            # Migrations are applied by name, so one numbered below the newest applied
            # can arrive later; the version recorded never goes backwards.
            current = db.execute("PRAGMA user_version").fetchone()[0]
            db.execute(f"PRAGMA user_version = {max(number, current)}")
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")

        migrations(name=path.stem)(apply)
    return migrations


_own_commits = 0  # writes this process committed, on any of its connections
_own_commits_lock = threading.Lock()


def _note_own_commit() -> None:
    global _own_commits
    with _own_commits_lock:
        _own_commits += 1


def own_commits() -> int:
    """How many writes this process has committed, on all its connections: a window that sees
    the workspace change (data_version, which its own connection's writes leave alone) tells
    its background jobs' writes from another window's by this less its connection's commits."""
    return _own_commits


Row = dict[str, Any]  # a stored row by column name: SQLite's values carry no Python type


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The rowid an INSERT just gave its row (sqlite3 types it as possibly None)."""
    rowid = cursor.lastrowid
    if rowid is None:
        raise WorkspaceError("The workspace did not take the new row; try again.")
    return rowid


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
    backup_path: Path | None = field(default=None)  # the backup taken before a migration
    # Things the user must be told about this opening (a -wal moved aside, damage found).
    notices: list[str] = field(default_factory=list)
    damaged: str | None = None  # the plain message when quick_check found damage
    commits: int = 0  # writes committed on this connection (own_commits() counts every connection)

    @property
    def conn(self) -> sqlite3.Connection:
        return self.db.conn

    @contextlib.contextmanager
    def write(self) -> Iterator[Workspace]:
        """One write transaction, all or nothing.

        BEGIN IMMEDIATE takes the write lock up front (waiting out the busy
        timeout), so two connections writing at once queue instead of one
        failing half-way. SQLite errors become a message for the user.
        """
        if self.damaged:
            raise WorkspaceError(self.damaged)
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
            if isinstance(error, sqlite3.DatabaseError) and is_corruption(error):
                raise WorkspaceError(damaged_message(self.path)) from error
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as error:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise WorkspaceError(_write_failure_message(self.path, error)) from error
        self.commits += 1
        _note_own_commit()

    @contextlib.contextmanager
    def bulk_writes(self) -> Iterator[Workspace]:
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

    def reopen(self) -> Workspace:
        """Another connection to the same file, for a worker thread."""
        return open_workspace(self.path, create=False, read_only=self.read_only)

    def data_version(self) -> int:
        """Changes whenever another connection commits (cheap: no file read)."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def close(self) -> None:
        if getattr(self, "_closed", False):
            return
        self._closed = True
        self.db.close()
        _forget_open(self.path)

    def __enter__(self) -> Workspace:
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
        return (f"The workspace is busy in another window; try again. ({path.name} is busy "
                "with another change, perhaps an import; nothing was changed.)")
    if "readonly" in text or "read-only" in text:
        return f"{path.name} cannot be written to (read-only); nothing was changed."
    if "full" in text:
        return f"The disk holding {path.name} is full; nothing was changed."
    if "disk i/o" in text:  # e.g. a file-size limit, a failing or removed drive
        return (f"{path.name} could not be written: the disk refused the change (it may be full, "
                "or the drive was removed); nothing was changed.")
    return f"Could not save the change to {path.name} ({error}); nothing was changed."


# Resolved paths this process holds connections to. Closing ANY ordinary file handle on
# a database file drops every POSIX lock this process holds on it (SQLite's documented
# pitfall), so such a file is never opened with ordinary file I/O while it is in here.
_OPEN_PATHS: dict[str, int] = {}
_OPEN_LOCK = threading.Lock()


def _key(path: Path) -> str:
    return os.path.realpath(path)


def held_by_this_process(path: Path) -> bool:
    with _OPEN_LOCK:
        return _OPEN_PATHS.get(_key(path), 0) > 0


def _remember_open(path: Path) -> None:
    with _OPEN_LOCK:
        _OPEN_PATHS[_key(path)] = _OPEN_PATHS.get(_key(path), 0) + 1


def _forget_open(path: Path) -> None:
    with _OPEN_LOCK:
        count = _OPEN_PATHS.get(_key(path), 0) - 1
        if count > 0:
            _OPEN_PATHS[_key(path)] = count
        else:
            _OPEN_PATHS.pop(_key(path), None)


def is_corruption(error: BaseException) -> bool:
    text = str(error).lower()
    return "malformed" in text or "corrupt" in text


def damaged_message(path: Path) -> str:
    return (f"{display_name(path)} is damaged, so it is open read-only and nothing more can be "
            "saved into it. Restore the newest backup (File > Restore from backup…, or "
            "`scrutiny-desk backups` then `restore`), or recover what can still be read into a "
            "new file (`scrutiny-desk recover --to FILE`).")


def display_name(path: Path) -> str:
    from desktop.domain.file_names import shown_file_name

    return shown_file_name(Path(path).name)


def _refuse_special_file(path: Path) -> None:
    """A FIFO or a device would block or misbehave as a database: refuse it at once (stat
    only; nothing is opened)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        raise WorkspaceError(f"Cannot read {display_name(path)}: {error.strerror or error}.") from error
    if not stat.S_ISREG(mode):
        raise WorkspaceError(f"{display_name(path)} is not an ordinary file (it is a device, a pipe "
                             "or a socket), so it cannot be a workspace. Nothing was opened.")


def _check_is_sqlite(path: Path) -> None:
    if held_by_this_process(path):
        return  # already recognised, and reading it now would drop our locks on it
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
        conn = _connect_read_only(path) if read_only else sqlite3.connect(str(path), isolation_level=None)
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
    """A proper backup in the Backups folder (kept by the same retention rule)."""
    from desktop.storage.backups import write_backup

    return write_backup(conn, path, f"before upgrade from schema {version}")


def _private_new_file(path: Path) -> None:
    """Create the workspace file readable by its owner only, before SQLite fills it."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    except OSError as error:
        raise WorkspaceError(f"Cannot create {display_name(path)}: {error.strerror}.") from error


def _set_aside_foreign_wal(path: Path) -> list[str]:
    """Before SQLite can replay it: a -wal that is not this file's goes aside."""
    from desktop.storage import safe_open

    if held_by_this_process(path) or not safe_open.wal_is_foreign(path):
        return []
    return safe_open.move_wal_aside(path)


QUICK_CHECK_MAX_BYTES = 256 * 1024 * 1024


def _unclean_shutdown(path: Path) -> bool:
    from desktop.storage import safe_open

    return not held_by_this_process(path) and safe_open.has_pending_wal(path)


def open_workspace(path: Path | str, *, create: bool = True, read_only: bool = False) -> Workspace:
    """Open (or create) the workspace at ``path``, migrating it to this version's schema.

    Raises WorkspaceError, with a message for the user, when the file is not a
    workspace, is from a newer version, or cannot be opened. Such a file is
    never written to. A damaged workspace opens read-only, with ``damaged`` set.
    """
    path = Path(path).expanduser()
    if path.is_dir():
        raise WorkspaceError(f"{path} is a folder; choose a workspace file (.sqlite).")
    notices: list[str] = []
    check_damage = False
    if path.exists():
        _refuse_special_file(path)
        _check_is_sqlite(path)
        notices = _set_aside_foreign_wal(path)
        # quick_check reads every page once (about 2 ms a megabyte): done on the first
        # opening in this process, and always after an unclean shutdown.
        check_damage = _unclean_shutdown(path) or (
            not held_by_this_process(path) and os.stat(path).st_size < QUICK_CHECK_MAX_BYTES)
    elif not create:
        raise WorkspaceError(f"There is no workspace at {path}. Check the name, or import "
                             "papers into it to create it.")
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise WorkspaceError(f"Cannot create the folder {path.parent}: {error.strerror}.") from error
        _private_new_file(path)

    # SQLite writes its -wal and -shm files beside the workspace: a writable
    # file in a folder that cannot be written to can only be read.
    read_only = read_only or (path.exists() and not (os.access(path, os.W_OK)
                                                     and os.access(path.parent, os.W_OK)))
    conn = _connect(path, read_only)
    try:
        try:
            version = _inspect(conn, path)
        except WorkspaceError as error:
            if not is_corruption(error.__cause__ or error):
                raise
            version, check_damage = schema_version(), True
        if check_damage and not _whole(conn):
            return _open_damaged(conn, path, notices)
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
        _remember_open(path)
        return Workspace(path=path, db=db, read_only=read_only, backup_path=backup, notices=notices)
    except WorkspaceError:
        conn.close()
        raise
    except sqlite3.DatabaseError as error:
        if is_corruption(error) and _still_open(conn) and not _whole(conn):
            return _open_damaged(conn, path, notices)
        conn.close()
        raise WorkspaceError(f"Cannot open {path.name}: {error}.") from error


def _still_open(conn: sqlite3.Connection) -> bool:
    try:
        conn.execute("SELECT 1")
        return True
    except sqlite3.Error:
        return False


def _whole(conn: sqlite3.Connection) -> bool:
    from desktop.storage.safe_open import quick_check

    return quick_check(conn)


def _open_damaged(conn: sqlite3.Connection, path: Path, notices: list[str]) -> Workspace:
    """Reopen read-only, so nothing more is written into a damaged file."""
    conn.close()
    conn = _connect(path, True)
    _remember_open(path)
    message = damaged_message(path)
    return Workspace(path=path, db=Database(conn), read_only=True, notices=[*notices, message],
                     damaged=message)


def _refuse_copy_target(source: Path, target: Path) -> None:
    """Never write a copy over a device, a pipe, or the workspace's own -wal/-shm."""
    own = {os.path.realpath(source.with_name(source.name + side)) for side in ("-wal", "-shm")}
    if os.path.realpath(target) in own:
        raise WorkspaceError(f"{display_name(target)} is the workspace's own working file; "
                             "choose a different file for the copy.")
    if os.path.lexists(target):
        mode = os.stat(target).st_mode
        if not stat.S_ISREG(mode):
            raise WorkspaceError(f"{display_name(target)} is not an ordinary file (a device or a "
                                 "pipe); choose a file name for the copy.")


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
    _refuse_copy_target(workspace.path, target)
    from desktop.storage.backups import snapshot_to

    try:
        snapshot_to(workspace.conn, target)
    except WorkspaceError as error:
        raise WorkspaceError(f"Could not save a copy to {display_name(target)}: "
                             f"{str(error).rsplit(': ', 1)[-1]}") from error
    return target
