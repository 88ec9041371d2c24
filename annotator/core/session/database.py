"""The session file itself: recognising, checking, creating, upgrading and connecting to it.

Everything here works on a bare SQLite connection before (or beside) a :class:`SessionStore`:
the checks that refuse a file that is not a session, is damaged, too new or runs code; the
creation of a new session in one piece; the ordered migrations; and the translation of SQLite's
write errors into a sentence for the reviewer.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
import threading
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from annotator import __version__
from annotator.core.errors import SessionError
from annotator.core.labels import DEFAULT_LABELS
from annotator.core.models import now
from annotator.core.session.backups import write_backup
from annotator.core.session.schema import (
    APPLICATION_ID,
    APPLICATION_NAME,
    BASE_TABLES,
    FTS_SQL,
    FTS_TABLE,
    LOOKUP_INDEXES_SQL,
    MIGRATIONS,
    REQUIRED_COLUMNS,
    SCHEMA_VERSION,
    TABLES_SQL,
    forbidden_objects,
)
from annotator.core.session.sqlite_utils_import import sqlite_utils
from annotator.core.thread_priority import lower_thread_priority

SQLITE_HEADER = b"SQLite format 3\x00"


class SessionWriteError(SessionError):
    """A change could not be written to the file; ``reason`` says why in a few words."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def stamp(value: datetime) -> str:
    """A timestamp as the session file keeps it: ISO 8601, milliseconds, time zone."""
    return value.isoformat(timespec="milliseconds")


def write_error(path: Path, exc: sqlite3.Error) -> SessionWriteError:
    message = str(exc).lower()
    if "locked" in message or "busy" in message:
        reason = "another program is writing it"
    elif "readonly" in message or "read-only" in message:
        reason = "the file or its disk is read-only"
    elif "full" in message:
        reason = "the disk is full"
    elif "disk i/o" in message:
        reason = "the disk reported an input/output error"
    else:
        reason = str(exc)
    return SessionWriteError(f"{path.name}: the change was not saved ({reason})", reason)


def unwritable(path: Path, exists: bool) -> str | None:
    """Why the session cannot be written, or None if it can."""
    if exists and not os.access(path, os.W_OK):
        return "the file is read-only"
    if not os.access(path.parent, os.W_OK):
        return "its folder is read-only"
    return None


def connect(path: Path, *, read_only: bool, snapshot: bool = False) -> sqlite3.Connection:
    """A connection to the session file ``path``.

    For reading (``read_only``) it is an ordinary connection that cannot write (``query_only``),
    so that it sees every committed change, also those still in the ``-wal`` beside the file,
    and never a page half written by another program. In a folder it cannot write, SQLite reads
    the ``-wal`` when its ``-shm`` is there too; when neither is, the file holds every change
    and no program can write it (a writer needs both), so it is read as it is
    (``immutable``); a ``-wal`` or ``-journal`` that cannot be read that way is an error, never
    an empty session. With ``snapshot`` the connection keeps one read transaction open: every
    read sees the session as it was at that moment, whatever other programs write meanwhile.
    """
    if not read_only:
        return sqlite3.connect(str(path), timeout=5.0)
    if os.access(path.parent, os.W_OK):
        conn = sqlite3.connect(str(path), timeout=5.0)
        conn.execute("PRAGMA query_only = ON")
        try:
            _first_read(conn)
        except sqlite3.OperationalError as exc:
            if not _no_room(exc):
                raise
            # a full disk: no room for the shared-memory file a reader needs beside the
            # session; read it as in a folder that cannot be written
            conn.close()
            conn = _connect_in_read_only_folder(path)
    else:
        conn = _connect_in_read_only_folder(path)
    if snapshot:
        conn.execute("BEGIN")
        _first_read(conn)  # the read transaction (and its snapshot) starts with a first read
    return conn


def _connect_in_read_only_folder(path: Path) -> sqlite3.Connection:
    uri = f"file:{quote(str(path))}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=5.0)
    try:
        _first_read(conn)
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        cause = getattr(exc, "sqlite_errorname", None)  # Python 3.11+
        if cause:
            about_the_folder = cause.startswith(("SQLITE_CANTOPEN", "SQLITE_READONLY"))
        else:
            about_the_folder = any(
                words in str(exc).lower() for words in ("unable to open", "readonly")
            )
        if not (about_the_folder or _no_room(exc)):
            raise  # busy, locked, ...: not a question of the folder's permissions
    pending = [
        journal for journal in (path.with_name(path.name + "-wal"),
                                path.with_name(path.name + "-journal"))
        if _size(journal)
    ]
    if pending:
        raise SessionError(
            f"{path} cannot be read: changes saved in {pending[0].name} beside it can only be "
            "read with write permission to its folder and room on its disk (the program that "
            "wrote them stopped before finishing); make the folder writable or free some "
            "space, or copy the session with that file to another folder"
        )
    return sqlite3.connect(uri + "&immutable=1", uri=True, timeout=5.0)


def _no_room(exc: sqlite3.Error) -> bool:
    """Whether SQLite failed for want of room on the disk (it may call that an I/O error)."""
    cause = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    return cause.startswith(("SQLITE_FULL", "SQLITE_IOERR")) or "disk i/o error" in text \
        or "database or disk is full" in text


def _first_read(conn: sqlite3.Connection) -> None:
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        raise
    except sqlite3.DatabaseError:
        pass  # not a database, or damaged: the checks that follow say so in their words


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def check_header(path: Path) -> None:
    name = str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)  # never blocks, even on a pipe put there meanwhile
        try:
            header = os.read(fd, len(SQLITE_HEADER))
        finally:
            os.close(fd)
    except PermissionError:
        raise SessionError(f"{name}: permission denied") from None
    except OSError as exc:
        raise SessionError(f"{name} cannot be read ({exc.strerror or exc})") from None
    if header and header != SQLITE_HEADER:
        raise SessionError(f"{name} is not a session file (it is not an SQLite database)")


def check_session(
    db: sqlite_utils.Database, name: str, objects: list[tuple], *, check_pages: bool = True
) -> int:
    """Check a file is a session this version can open; returns its schema version."""
    tables = {object_name for kind, object_name in objects if kind == "table"}
    if "metadata" not in tables:
        raise SessionError(f"{name} is an SQLite database but not an annotator session")
    try:
        meta = {row[0]: row[1] for row in db.execute("SELECT key, value FROM metadata")}
    except sqlite3.DatabaseError as exc:
        raise SessionError(f"{name} is damaged ({exc})") from None
    if meta.get("application") != APPLICATION_NAME:
        raise SessionError(f"{name} is an SQLite database but not an annotator session")
    forbidden = forbidden_objects(objects)
    if forbidden:
        raise SessionError(
            f"{name} contains {', '.join(forbidden)}: a session file must not run code, "
            "so it was not opened"
        )
    try:
        version = int(meta.get("schema_version", ""))
    except ValueError:
        raise SessionError(f"{name} has no readable schema version; it may be damaged") from None
    try:
        stamped = int(db.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError:
        stamped = 0
    version = max(version, stamped)  # either mark of a newer program is enough to refuse
    if version > SCHEMA_VERSION:
        raise SessionError(
            f"{name} was saved by a newer version of the annotator (session format {version}; "
            f"this version reads up to {SCHEMA_VERSION}). Please update the annotator."
        )
    if version < 1:
        raise SessionError(f"{name} has an unknown schema version {version}; it may be damaged")
    if check_pages:
        problem = page_problem(db.conn)
        if problem:
            raise SessionError(f"{name} is damaged ({problem})")
    missing = BASE_TABLES - tables
    if missing:
        raise SessionError(f"{name} is damaged: table {', '.join(sorted(missing))} is missing")
    return version


def page_problem(conn: sqlite3.Connection) -> str | None:
    """What SQLite's quick check finds wrong with the file's pages, or None."""
    try:
        problem = conn.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return None if problem == "ok" else f"SQLite integrity check: {problem}"


def backup_in_background(path: Path, reason: str) -> threading.Thread:
    """Write a backup from a connection of its own, without holding up the caller (the
    thread runs at a lower priority: a window keeps its processor)."""

    def work() -> None:
        lower_thread_priority()
        with contextlib.suppress(OSError, sqlite3.Error):
            conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
            try:
                write_backup(conn, path, reason)
            finally:
                conn.close()

    thread = threading.Thread(target=work, name="annotator-backup", daemon=True)
    thread.start()
    return thread


def check_columns(db: sqlite_utils.Database, name: str) -> None:
    """Check every table the program uses has its columns, and the search index is ours."""
    row = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", [FTS_TABLE]).fetchone()
    if row is None or row[0] != FTS_SQL:
        state = "is missing" if row is None else "is not the annotator's"
        raise SessionError(f"{name} is damaged: its search index {FTS_TABLE} {state}")
    for table, required in REQUIRED_COLUMNS.items():
        # one statement per table (sqlite-utils' ``db[table].columns`` asks four)
        present = {row[1] for row in db.execute(f'PRAGMA table_info("{table}")')}
        missing = required - present
        if missing:
            raise SessionError(
                f"{name} is damaged: table {table} lacks {', '.join(sorted(missing))}"
            )


def add_lookup_indexes(db: sqlite_utils.Database) -> None:
    """Make the indexes of :data:`LOOKUP_INDEXES_SQL` the session lacks (a session opened for
    writing: one made by an earlier version gets them here; nothing is written when it has
    them)."""
    present = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    missing = [sql for sql in LOOKUP_INDEXES_SQL if sql.split()[5] not in present]
    if missing:
        with db.atomic():
            for statement in missing:
                db.execute(statement)


def migrate(db: sqlite_utils.Database, name: str, version: int) -> None:
    """Bring a session from ``version`` up to :data:`SCHEMA_VERSION`, all or nothing."""
    try:
        with db.atomic():
            for target in range(version + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[target]:
                    db.execute(statement)
            db.execute(
                "UPDATE metadata SET value = ? WHERE key = 'schema_version'",
                [str(SCHEMA_VERSION)],
            )
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except sqlite3.Error as exc:
        raise SessionError(f"{name} could not be upgraded ({exc}); it was left as it was") from None


def create_session(path: Path) -> None:
    """Make a new, empty session at ``path`` all at once: built under a name of its own (unique
    to this process), then renamed, so that a crash never leaves half a session behind. The
    caller holds the session's lock, so no other program is making it meanwhile; a session that
    is there all the same is kept, never replaced."""
    # A name no other process uses (made by SQLite itself, so the file gets the usual mode).
    partial = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(6)}.creating")
    try:
        conn = sqlite3.connect(str(partial))
        try:
            initialise(sqlite_utils.Database(conn, execute_plugins=False))
        finally:
            conn.close()
        if not path.exists():  # another program made it meanwhile: keep theirs
            os.replace(partial, path)
    except (OSError, sqlite3.Error) as exc:
        raise SessionError(f"{path} cannot be created ({exc})") from None
    finally:
        partial.unlink(missing_ok=True)
        partial.with_name(partial.name + "-journal").unlink(missing_ok=True)


def initialise(db: sqlite_utils.Database) -> None:
    created = stamp(now())
    with db.atomic():
        for statement in (*TABLES_SQL.split(";"), *LOOKUP_INDEXES_SQL):
            if statement.strip():
                db.execute(statement)
        db["metadata"].insert_all(
            [
                {"key": "application", "value": APPLICATION_NAME},
                {"key": "schema_version", "value": str(SCHEMA_VERSION)},
                {"key": "created_at", "value": created},
                {"key": "created_with", "value": __version__},
            ]
        )
        # their fields as they are (plain values): no serializer to build for a new session
        db["labels"].insert_all(dict(label) for label in DEFAULT_LABELS)
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
