"""The session store: one SQLite file per review session, written through sqlite-utils.

Every method that changes the session commits before it returns (WAL journal, one transaction
per call), so a crash or a kill loses nothing that a method had returned from. Everything that
enters the store is validated by the pydantic models first.

    with SessionStore.open("review.sqlite", create=True) as store:
        doc, _ = store.import_file("article.txt")
        ann = store.add_annotation(doc.id, 0, 12, "claim", confidence=4)
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import pydantic

from annotator.core.articles.reading import ImportedDocument, read_document
from annotator.core.articles.text import check_document_size, sha256_text
from annotator.core.defaults import DEFAULT_CONFIDENCE, STATUSES, default_reviewer
from annotator.core.errors import (
    AnnotatorError,
    DamagedRowError,
    NotFound,
    SessionError,
    ValidationFailed,
    validation_message,
)
from annotator.core.labels import DEFAULT_LABELS
from annotator.core.models import (
    Annotation,
    Document,
    DocumentSummary,
    Label,
    StoredSuggestion,
    now,
)
from annotator.core.output_file import check_target
from annotator.core.session.backups import Backup, list_backups, needs_auto_backup, write_backup
from annotator.core.session.checks import ANNOTATION_COLUMNS, SUMMARY_COLUMNS
from annotator.core.session.damaged_rows import DamagedRow, SessionDamage, read_annotation
from annotator.core.session.database import (
    SessionWriteError,
    backup_in_background,
    check_columns,
    check_header,
    check_session,
    connect,
    create_session,
    initialise,
    migrate,
    page_problem,
    stamp,
    unwritable,
    write_error,
)
from annotator.core.session.locking import SessionInUse, SessionLock
from annotator.core.session.names import (
    existing_session_file,
    is_database,
    session_of,
    session_path,
)
from annotator.core.session.queries import LONG_SPAN, SessionQueries
from annotator.core.session.schema import (
    SCHEMA_VERSION,
)
from annotator.core.session.sqlite_utils_import import sqlite_utils
from annotator.core.spans import SpanRow
from annotator.core.wording import counted

__all__ = ["LONG_SPAN", "SessionStore", "SessionWriteError"]

RESERVED_KEYS = frozenset("JKNL")  # next/previous annotation, next figure, link
T = TypeVar("T")


class RemovedDocument(NamedTuple):
    """All that went with a removed document, for :meth:`SessionStore.restore_document`: its
    annotations, the links between them ``(source_id, target_id, created_at)`` and the
    adjudicator's rejections in it ``(start, end, rejected_by, rejected_at)``, as stored."""

    document: Document
    annotations: list[Annotation]
    links: list[tuple[int, int, str]]
    rejections: list[tuple[int, int, str, str]]


class SessionStore(SessionQueries):
    """A review session: documents, annotations, labels and metadata in one SQLite file.

    Open it with :meth:`open`. A store opened for writing holds the session's lock (see
    :mod:`annotator.core.session.locking`); one opened with ``read_only=True`` (or that fell back to
    read-only) refuses every change with a :class:`SessionError` saying why.
    """

    def __init__(
        self,
        db: sqlite_utils.Database,
        path: Path,
        reviewer: str,
        *,
        read_only_reason: str | None = None,
        lock: SessionLock | None = None,
        keep_in_memory: bool = False,
    ) -> None:
        self._db = db
        self._file_db = db
        self.path = path
        self.reviewer = reviewer
        self.read_only_reason = read_only_reason
        self.unsaved_reason: str | None = None
        self._lock = lock
        self._keep_in_memory = keep_in_memory
        self._texts: dict[int, str] = {}
        self._label_names: frozenset[str] | None = None
        self._long_cache: dict[int, list[SpanRow]] = {}
        self._damage: SessionDamage | None = None  # found on the first read (see damage())
        self._early_damage: SessionDamage | None = None
        self._defer_damage = False
        self._backup_thread: threading.Thread | None = None
        self._batch = False  # inside transaction(): changes join one transaction

    # ------------------------------------------------------------------ opening and closing

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        create: bool = False,
        reviewer: str | None = None,
        read_only: bool = False,
        fallback_read_only: bool = False,
        keep_in_memory: bool = False,
        auto_backup: bool = True,
        defer_integrity_check: bool = False,
    ) -> SessionStore:
        """Open the session at ``path``; with ``create=True`` a missing file is created.

        ``path`` is followed to the real file if it is a symbolic link; it must be a regular
        file with one name (no hard links; see :mod:`annotator.core.session.names`).

        ``read_only`` opens it for reading only, as one snapshot: everything the store returns
        is the session as it was when it was opened. ``fallback_read_only`` opens it read-only,
        rather than failing, when it cannot be written (a read-only file or folder, another
        program holding it, or a lock that cannot be written on a full disk); such a store reads
        the latest committed state at each read. ``keep_in_memory`` keeps working in memory when
        a write fails (a full disk, media gone read-only) until :meth:`flush` can write
        everything. An automatic
        backup is written in the background. ``defer_integrity_check`` leaves SQLite's page
        check of a large file to :meth:`check_integrity` (the window runs it after the first
        paint, off the GUI thread).

        Raises :class:`SessionError` with a message for the reviewer when the file is missing,
        is not a session, is damaged, was written by a newer version, contains code, or cannot
        be written. A file that is refused is never changed.
        """
        path = session_path(path)  # the real file: one lock and one journal, whatever its name
        name = str(path)
        owner = session_of(path, itself=False, in_backups=False)
        if owner is not None:  # s.sqlite-wal made into a session would be taken for a log
            raise SessionError(f"{name} is {owner[1]} of the session {owner[0]}, not a session")
        exists = existing_session_file(path)  # a regular file with one name, or nothing yet
        if not exists:
            if not create or read_only:
                raise SessionError(f"{name}: no such session file")
            if not path.parent.is_dir():
                raise SessionError(f"{name}: the folder {path.parent} does not exist")
            if not os.access(path.parent, os.W_OK):
                raise SessionError(f"{name} cannot be created: its folder is read-only")
        else:
            check_header(path)
        reason = "opened for reading only" if read_only else unwritable(path, exists)
        if reason is not None and not (read_only or fallback_read_only):
            raise SessionError(f"{name} cannot be changed: {reason}")
        lock = None
        if reason is None:
            lock = SessionLock(path)
            try:
                lock.acquire(reviewer or "")
            except SessionInUse as busy:
                if not fallback_read_only or not exists:
                    raise SessionError(f"{name} is already open: {busy.holder} has it") from None
                reason = f"{busy.holder} has it open"
                lock = None
            except OSError as exc:
                if not fallback_read_only or not exists:
                    raise SessionError(
                        f"{name} cannot be locked ({exc.strerror or exc})"
                    ) from None
                reason = f"it cannot be locked for writing ({exc.strerror or exc})"
                lock = None
        if lock is not None and not exists:
            try:  # under the lock: no other program is making it now
                if existing_session_file(path):
                    check_header(path)  # made by another program before we took the lock
                else:
                    create_session(path)
                lock.hold_file()
            except SessionInUse as busy:
                lock.release()
                raise SessionError(f"{name} is already open: {busy.holder} has it") from None
            except BaseException:
                lock.release()
                raise
        try:
            conn = connect(path, read_only=reason is not None, snapshot=read_only)
        except sqlite3.Error as exc:
            if lock:
                lock.release()
            raise SessionError(f"{name} cannot be opened ({exc})") from None
        try:
            store = cls._prepare(
                conn, path, create=create, reviewer=reviewer, read_only_reason=reason,
                lock=lock, keep_in_memory=keep_in_memory, auto_backup=auto_backup,
                check_pages=not defer_integrity_check,
            )
        except BaseException:
            conn.close()
            if lock:
                lock.release()
            raise
        store._defer_damage = defer_integrity_check
        return store

    @classmethod
    def _prepare(
        cls,
        conn: sqlite3.Connection,
        path: Path,
        *,
        create: bool,
        reviewer: str | None,
        read_only_reason: str | None,
        lock: SessionLock | None,
        keep_in_memory: bool,
        auto_backup: bool,
        check_pages: bool,
    ) -> SessionStore:
        name = str(path)
        try:
            # A shared file must not be able to run anything: no functions from its schema, and
            # (where this Python can ask for it) SQLite's defensive mode.
            conn.execute("PRAGMA trusted_schema = OFF")
            if hasattr(conn, "setconfig") and hasattr(sqlite3, "SQLITE_DBCONFIG_DEFENSIVE"):
                conn.setconfig(sqlite3.SQLITE_DBCONFIG_DEFENSIVE, True)
            db = sqlite_utils.Database(conn, execute_plugins=False)
            objects = [tuple(row) for row in conn.execute("SELECT type, name FROM sqlite_master")]
        except sqlite3.DatabaseError as exc:
            raise SessionError(f"{name} is not a session file or is damaged ({exc})") from None
        if not objects:
            if not create or read_only_reason is not None:
                raise SessionError(f"{name} is an empty database, not an annotator session")
            initialise(db)
        else:
            version = check_session(db, name, objects, check_pages=check_pages)
            if version < SCHEMA_VERSION:
                if read_only_reason is not None:
                    # Read an upgraded copy in memory; the file itself is left as it is.
                    memory = sqlite3.connect(":memory:")
                    conn.backup(memory)
                    conn.close()
                    conn = memory
                    db = sqlite_utils.Database(conn, execute_plugins=False)
                else:
                    write_backup(conn, path, f"before-upgrade-to-v{SCHEMA_VERSION}")
                migrate(db, name, version)
            check_columns(db, name)
        if read_only_reason is None:
            try:
                mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                conn.execute("PRAGMA synchronous = NORMAL")
            except sqlite3.OperationalError as exc:
                raise SessionError(f"{name} cannot be written ({exc})") from None
            if str(mode).lower() != "wal":
                raise SessionError(f"{name} cannot be written (the journal could not be set up)")
        conn.execute("PRAGMA foreign_keys = ON")
        store = cls(
            db, path, (reviewer or "").strip() or default_reviewer(),
            read_only_reason=read_only_reason, lock=lock, keep_in_memory=keep_in_memory,
        )
        if read_only_reason is None:
            store._mend_search_index()
        if auto_backup and read_only_reason is None and store._has_documents():
            with contextlib.suppress(OSError):
                if needs_auto_backup(path):
                    store._backup_thread = backup_in_background(path, "auto")
        return store

    def check_integrity(self) -> str | None:
        """SQLite's quick check of every page, from a connection of its own (so it may run in
        another thread); returns what is wrong, or None when the file is sound."""
        try:
            conn = connect(self.path, read_only=True)
        except (sqlite3.Error, SessionError) as exc:
            return str(exc)
        try:
            return page_problem(conn)
        finally:
            conn.close()

    def find_damage_apart(self) -> SessionDamage:
        """The session's damage (see :meth:`damage`) found through a connection of its own, so
        that it may run in another thread; give the result to :meth:`adopt_damage`."""
        with SessionStore.open(self.path, read_only=True, auto_backup=False,
                               defer_integrity_check=True) as reader:
            return reader.damage()

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    @property
    def saved_to_disk(self) -> bool:
        """False while changes are kept in memory because the file could not be written."""
        return self._db is self._file_db

    def close(self) -> None:
        if self._backup_thread is not None:
            self._backup_thread.join()
            self._backup_thread = None
        if self._db is not self._file_db:
            self._db.close()
        self._file_db.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> SessionStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ------------------------------------------------------------------ backups and copies

    def backup(self, reason: str = "manual") -> Path:
        """Write a compact copy of the session into its backups folder; returns its path."""
        try:
            return write_backup(self._db.conn, self.path, reason)
        except (OSError, sqlite3.Error) as exc:
            raise SessionError(f"the backup could not be written ({exc})") from None

    def backups(self) -> list[Backup]:
        return list_backups(self.path)

    def save_copy(self, target: str | Path) -> Path:
        """Write the session as it is now (in memory too) to another file.

        The target may be another SQLite file (an older copy), but never this session by any of
        its names, nor a file of any session (``-wal``, ``.lock``, ...), nor a read-only file.
        """
        target = Path(target).expanduser().absolute()
        if os.path.realpath(target) == str(self.path) or _same_file(target, self.path):
            raise SessionError("a copy cannot be written over the session itself")
        if target.exists() and not target.is_file():
            raise SessionError(f"{target} is not a file; choose a file name for the copy")
        try:
            check_target(target, what="a copy", database_ok=True)
        except AnnotatorError as exc:
            raise SessionError(str(exc)) from None
        target = Path(os.path.realpath(target))
        # An older copy that a program has open is not replaced under its feet: its lock is
        # taken for as long as the copy is written.
        lock = SessionLock(target) if is_database(target) else None
        if lock is not None:
            try:
                lock.acquire(self.reviewer)
            except SessionInUse as busy:
                raise SessionError(
                    f"{target} is open: {busy.holder} has it; close it there or choose another "
                    "file name for the copy"
                ) from None
            except OSError as exc:
                raise SessionError(f"{target} could not be written ({exc.strerror})") from None
        partial = target.with_name(f".{target.name}.partial")
        partial.unlink(missing_ok=True)
        try:
            self._db.conn.execute("VACUUM INTO ?", [str(partial)])
            partial.replace(target)
        except (OSError, sqlite3.Error) as exc:
            partial.unlink(missing_ok=True)
            raise SessionError(f"{target} could not be written ({exc})") from None
        finally:
            if lock is not None:
                lock.release()
        return target

    def restore_backup(self, backup: str | Path) -> None:
        """Replace the session's content with a backup's (after backing up the current state).

        The backup must be a session this version can read; an older one is upgraded.
        """
        backup = Path(backup)
        self._require_writable()
        if not self.saved_to_disk:
            raise SessionError("the session has unsaved changes; save them before restoring")
        with SessionStore.open(backup, read_only=True, auto_backup=False):
            pass  # refuses a file that is not a readable session, with a clear message
        safety = self.backup("before-restore")
        conn = self._file_db.conn
        try:
            source = connect(session_path(backup), read_only=True)
            try:
                source.backup(conn)
            finally:
                source.close()
            db = sqlite_utils.Database(conn, execute_plugins=False)
            version = check_session(db, str(self.path), [
                tuple(row) for row in conn.execute("SELECT type, name FROM sqlite_master")
            ])
            if version < SCHEMA_VERSION:
                migrate(db, str(self.path), version)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = ON")
        except (sqlite3.Error, SessionError) as exc:
            raise SessionError(
                f"the backup could not be restored ({exc}); the session before the attempt "
                f"is kept in {safety}"
            ) from None
        self._texts.clear()
        self._label_names = None
        self._damage = self._early_damage = None

    # ------------------------------------------------------------------ keeping work in memory

    def flush(self) -> bool:
        """Write changes kept in memory to the file; True when everything is on disk."""
        if self.saved_to_disk:
            return True
        try:
            self._db.conn.backup(self._file_db.conn)
        except sqlite3.Error as exc:
            self.unsaved_reason = write_error(self.path, exc).reason
            return False
        self._db.close()
        self._db = self._file_db
        self.unsaved_reason = None
        return True

    def _detach(self, reason: str) -> None:
        memory = sqlite3.connect(":memory:")
        self._file_db.conn.backup(memory)
        memory.execute("PRAGMA foreign_keys = ON")
        self._db = sqlite_utils.Database(memory, execute_plugins=False)
        self.unsaved_reason = reason

    # ------------------------------------------------------------------ metadata

    def metadata(self) -> dict[str, str]:
        return {row["key"]: row["value"] for row in self._db["metadata"].rows}

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self._db.execute("SELECT value FROM metadata WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        self._transact(
            lambda: self._db["metadata"].upsert({"key": key, "value": value}, pk="key")
        )

    @property
    def schema_version(self) -> int:
        return int(self.get_meta("schema_version", "0") or 0)

    @property
    def last_document_id(self) -> int | None:
        value = self.get_meta("last_document_id")
        if value is None or not value.isdigit():
            return None
        doc_id = int(value)
        left_out = self._known_damage().documents
        usable = self._document_exists(doc_id) and doc_id not in left_out
        return doc_id if usable else None

    @last_document_id.setter
    def last_document_id(self, document_id: int | None) -> None:
        self.set_meta("last_document_id", "" if document_id is None else str(document_id))

    # ------------------------------------------------------------------ labels

    def labels(self) -> list[Label]:
        """The session's labels in order (one changed outside the program so that it breaks a
        rule is shown with a default colour, key or title: see :meth:`damage`)."""
        return self._read_labels()[0]

    def replace_labels(self, labels: Iterable[Label]) -> list[Label]:
        """Set the session's labels: their titles, colours, keys and order, new labels, and
        labels removed. The three default labels always stay; a label still in use cannot be
        removed. Returns the labels as they were (to undo)."""
        labels = [label.model_copy(update={"position": n}) for n, label in enumerate(labels)]
        names = [label.name for label in labels]
        if len(set(names)) != len(names):
            raise ValidationFailed("two labels have the same name")
        missing = [label.name for label in DEFAULT_LABELS if label.name not in names]
        if missing:
            raise ValidationFailed(f"the label {missing[0]!r} is one of the defaults and stays")
        keys = [label.shortcut for label in labels if label.shortcut]
        if len(set(keys)) != len(keys):
            raise ValidationFailed("two labels have the same key")
        reserved = sorted(set(keys) & RESERVED_KEYS)
        if reserved:
            raise ValidationFailed(
                f"the key {reserved[0]} is taken by navigation (J, K, N and L are reserved)"
            )
        before = self.labels()
        for gone in {label.name for label in before} - set(names):
            used = self._db.execute(
                "SELECT COUNT(*) FROM annotations WHERE label = ?", [gone]
            ).fetchone()[0]
            if used:
                raise ValidationFailed(
                    f"the label {gone!r} is used by {counted(used, 'annotation')} and cannot be "
                    "removed"
                )

        def work() -> None:
            self._db.execute(
                f"DELETE FROM labels WHERE name NOT IN ({', '.join('?' * len(names))})", names
            )
            for label in labels:
                self._db["labels"].upsert(label.model_dump(), pk="name")

        self._transact(work)
        self._label_names = None
        # an annotation's label may be one of the session's now
        self._damage = self._early_damage = None
        return before

    def label_names(self) -> frozenset[str]:
        if self._label_names is None:
            self._label_names = frozenset(label.name for label in self.labels())
        return self._label_names

    # ------------------------------------------------------------------ documents

    def add_document(self, document: ImportedDocument) -> tuple[DocumentSummary, bool]:
        """Add an imported document; returns it and whether it was new.

        A document whose text the session already holds (same SHA-256) is not added twice:
        the existing one is returned with ``False``. A text over the size limit of a document
        (:func:`~annotator.core.articles.text.check_document_size`) is refused, whatever it was read
        from.
        """
        check_document_size(document.text)
        sha = sha256_text(document.text)
        existing = self._db.execute("SELECT id FROM documents WHERE sha256 = ?", [sha]).fetchone()
        if existing:
            return self.document_summary(existing[0]), False
        position = self._db.execute(
            "SELECT COALESCE(MAX(position), -1) + 1 FROM documents"
        ).fetchone()[0]
        row = {
            "title": document.title,
            "text": document.text,
            "sha256": sha,
            "char_count": len(document.text),
            "source_path": document.source_path,
            "source_format": document.source_format,
            "source_encoding": document.source_encoding,
            "source_sha256": document.source_sha256,
            "imported_at": stamp(now()),
            "position": position,
            "last_offset": 0,
        }
        def work() -> int:
            doc_id = self._db["documents"].insert(row).last_pk
            self._index_document(doc_id, row["title"], row["text"])
            return doc_id

        doc_id = self._transact(work)
        return self.document_summary(doc_id), True

    def import_file(self, path: str | Path) -> tuple[DocumentSummary, bool]:
        """Read a document file and add it (see :meth:`add_document`)."""
        return self.add_document(read_document(path))

    def documents(self, *, counts: bool = True) -> list[DocumentSummary]:
        """Every document of the session, in list order, with its annotation count.

        With ``counts=False`` the counts are left at 0 (see :meth:`annotation_counts`), which
        saves reading the whole annotation index of a large session.
        """
        left_out = self._known_damage().documents
        if counts:
            sound, hidden = self._and_sound("a.")
            rows = self._db.query(
                f"SELECT {SUMMARY_COLUMNS}, COUNT(a.id) AS annotation_count "
                f"FROM documents d LEFT JOIN annotations a ON a.document_id = d.id{sound} "
                "GROUP BY d.id ORDER BY d.position, d.id", hidden
            )
        else:
            rows = self._db.query(
                f"SELECT {SUMMARY_COLUMNS} FROM documents d ORDER BY d.position, d.id"
            )
        return [self._summary_of(row) for row in rows if row["id"] not in left_out]

    def set_document_status(self, document_id: int, status: str) -> str:
        """Set a document's progress (``not_started``, ``in_progress``, ``done``); returns the
        status it had."""
        if status not in STATUSES:
            raise ValidationFailed(f"unknown status {status!r} (one of: {', '.join(STATUSES)})")
        before = self.document_summary(document_id).status
        self._transact(
            lambda: self._db.execute(
                "UPDATE documents SET status = ? WHERE id = ?", [status, document_id]
            )
        )
        return before

    def find_documents(self, words: str) -> list[int]:
        """Ids of the documents whose title or text has every word of ``words``, in list order.

        The search uses the session's full-text index (SQLite FTS5 through sqlite-utils): case
        and accents are ignored, and each word also finds the words it begins (“minist” finds
        “ministry”); a quoted phrase finds those words in a row.
        """
        query = fts_query(words)
        if not query:
            return [d.id for d in self.documents(counts=False)]
        return [
            row["id"] for row in self._db["documents"].search(
                query, columns=["id", "position"], order_by="position, id"
            )
        ]

    def _mend_search_index(self) -> None:
        """Rebuild the full-text index if it does not hold exactly the session's documents
        (documents added or removed by another program, such as sqlite-utils)."""
        # as many entries as documents, and none for a document that is gone: one query
        (out_of_step,) = self._db.execute(
            "SELECT (SELECT COUNT(*) FROM documents_fts_docsize) "
            "!= (SELECT COUNT(*) FROM documents) OR EXISTS (SELECT 1 FROM "
            "documents_fts_docsize WHERE id NOT IN (SELECT id FROM documents))"
        ).fetchone()
        if out_of_step:
            self.rebuild_search_index()

    def rebuild_search_index(self) -> None:
        """Index every document's title and text again (what `sqlite-utils rebuild-fts` does)."""
        self._transact(lambda: self._db.execute(
            "INSERT INTO documents_fts (documents_fts) VALUES ('rebuild')"
        ))

    def _index_document(self, doc_id: int, title: str, text: str, *, remove: bool = False) -> None:
        """Add a document to the full-text index, or take it out (inside a transaction)."""
        if remove:
            self._db.execute(
                "INSERT INTO documents_fts (documents_fts, rowid, title, text) "
                "VALUES ('delete', ?, ?, ?)",
                [doc_id, title, text],
            )
        else:
            self._db.execute(
                "INSERT INTO documents_fts (rowid, title, text) VALUES (?, ?, ?)",
                [doc_id, title, text],
            )

    def document_summary(self, document_id: int) -> DocumentSummary:
        _require_storable(document_id, "document")
        self._require_sound_document(document_id)
        sound, hidden = self._and_sound("a.")
        row = next(
            self._db.query(
                f"SELECT {SUMMARY_COLUMNS}, "
                f"(SELECT COUNT(*) FROM annotations a WHERE a.document_id = d.id{sound}) "
                "AS annotation_count FROM documents d WHERE d.id = ?",
                [*hidden, document_id],
            ),
            None,
        )
        if row is None:
            raise NotFound(f"the session has no document {document_id}")
        return self._summary_of(row)

    def _require_sound_document(self, document_id: int) -> None:
        problem = self._known_damage().documents.get(document_id)
        if problem is not None:
            raise DamagedRowError(f"the session's {problem.sentence}")

    def document(self, document_id: int) -> Document:
        """A document with its text (its ``annotation_count`` is not counted: 0)."""
        _require_storable(document_id, "document")
        row = next(
            self._db.query(f"SELECT {SUMMARY_COLUMNS} FROM documents d WHERE d.id = ?",
                           [document_id]),
            None,
        )
        if row is None:
            raise NotFound(f"the session has no document {document_id}")
        text = self.document_text(document_id)
        summary = self._summary_of(row)
        if summary.char_count != len(text):  # the text was changed outside the program
            summary = summary.model_copy(update={"char_count": len(text),
                                                 "sha256": sha256_text(text)})
        return Document(**summary.model_dump(), text=text)

    def document_text(self, document_id: int) -> str:
        text = self._texts.get(document_id)
        if text is None:
            _require_storable(document_id, "document")
            row = self._db.execute(
                "SELECT text FROM documents WHERE id = ?", [document_id]
            ).fetchone()
            if row is None:
                raise NotFound(f"the session has no document {document_id}")
            text = row[0]
            if not isinstance(text, str):
                self._require_sound_document(document_id)
                raise DamagedRowError(f"the session's document {document_id} has no text")
            if len(self._texts) >= 4:
                self._texts.pop(next(iter(self._texts)))
            self._texts[document_id] = text
        return text

    def remove_document(self, document_id: int) -> RemovedDocument:
        """Remove a document with its annotations, their links and the adjudicator's rejections
        in it; returns them all, for :meth:`restore_document`."""
        document = self.document(document_id)
        annotations = self.annotations(document_id)
        links = [tuple(row) for row in self._db.execute(
            "SELECT l.source_id, l.target_id, l.created_at FROM links l JOIN annotations a "
            "ON a.id = l.source_id WHERE a.document_id = ? ORDER BY l.source_id, l.target_id",
            [document_id],
        )]
        rejections = [tuple(row) for row in self._db.execute(
            'SELECT start, "end", rejected_by, rejected_at FROM rejected_spans '
            'WHERE document_id = ? ORDER BY start, "end"',
            [document_id],
        )]

        def work() -> None:
            self._index_document(document_id, document.title, document.text, remove=True)
            self._db.execute("DELETE FROM documents WHERE id = ?", [document_id])

        self._transact(work)
        self._texts.pop(document_id, None)
        return RemovedDocument(document, annotations, links, rejections)

    def restore_document(
        self,
        document: Document,
        annotations: Iterable[Annotation] = (),
        links: Iterable[tuple[int, int, str]] = (),
        rejections: Iterable[tuple[int, int, str, str]] = (),
    ) -> None:
        """Put back a removed document, with the same id, and what went with it (see
        :class:`RemovedDocument`, which unpacks into these arguments), as they were, all in
        one transaction."""
        row = document.model_dump(exclude={"annotation_count", "label_counts"})
        row["imported_at"] = stamp(document.imported_at)
        annotations = [self._validated(a.model_dump(), document.text) for a in annotations]
        if self._document_exists(document.id):
            raise ValidationFailed(f"document {document.id} already exists")
        def work() -> None:
            self._db["documents"].insert(row)
            self._index_document(document.id, document.title, document.text)
            self._db["annotations"].insert_all(
                (self._row(a) for a in annotations), batch_size=500
            )
            self._db.conn.executemany(
                "INSERT INTO links (source_id, target_id, created_at) VALUES (?, ?, ?)", links
            )
            self._db.conn.executemany(
                'INSERT INTO rejected_spans (document_id, start, "end", rejected_by, rejected_at) '
                "VALUES (?, ?, ?, ?, ?)",
                [(document.id, *rejection) for rejection in rejections],
            )

        self._transact(work)

    def set_last_offset(self, document_id: int, offset: int) -> None:
        """Remember where the reviewer was reading in a document (a code-point offset)."""
        self._transact(
            lambda: self._db.execute(
                "UPDATE documents SET last_offset = ? WHERE id = ?",
                [max(0, int(offset)), document_id],
            )
        )

    # ------------------------------------------------------------------ annotations

    def add_annotation(
        self,
        document_id: int,
        start: int,
        end: int,
        label: str,
        *,
        confidence: int = DEFAULT_CONFIDENCE,
        note: str = "",
        reviewer: str | None = None,
    ) -> Annotation:
        """Tag ``text[start:end]`` of a document; returns the stored annotation with its id."""
        text = self.document_text(document_id)
        stamp = now()
        annotation = self._validated(
            {
                "document_id": document_id,
                "start": start,
                "end": end,
                "quote": text[start:end] if 0 <= start < end <= len(text) else "",
                "label": label,
                "confidence": confidence,
                "note": note,
                "reviewer": reviewer if reviewer is not None else self.reviewer,
                "created_at": stamp,
                "updated_at": stamp,
            },
            text,
        )
        duplicate = self._duplicate_of(annotation)
        if duplicate is not None:
            quote = annotation.quote if len(annotation.quote) <= 40 else annotation.quote[:39] + "…"
            raise ValidationFailed(
                f"“{quote}” is already tagged as {annotation.label} (annotation {duplicate})"
            )
        new_id = self._transact(
            lambda: self._db["annotations"].insert(self._row(annotation)).last_pk
        )
        return annotation.model_copy(update={"id": new_id})

    def add_annotations(
        self, annotations: Iterable[Annotation], links: Iterable[tuple[int, int]] = ()
    ) -> tuple[list[Annotation], int, list[tuple[int, int]]]:
        """Add many annotations (and links between them) in one transaction: all or nothing.

        ``links`` are pairs of positions in ``annotations`` (source, target). An annotation the
        session already holds (same document, span, label and reviewer) is skipped, so adding the
        same file twice changes nothing. Returns the added annotations with their ids, how many
        were skipped, and the links made (pairs of ids).
        """
        checked: list[Annotation] = []
        for annotation in annotations:
            text = self.document_text(annotation.document_id)
            data = annotation.model_dump()
            data["id"] = None
            checked.append(self._validated(data, text))
        links = list(links)
        added: list[Annotation | None] = []
        skipped = 0
        made_links: list[tuple[int, int]] = []

        def work() -> None:
            nonlocal skipped
            seen: set[tuple] = set()
            insert = columns = None  # one INSERT statement for every row (all of one shape)
            for annotation in checked:
                key = (annotation.document_id, annotation.start, annotation.end,
                       annotation.label, annotation.reviewer)
                if key in seen or self._duplicate_of(annotation) is not None:
                    added.append(None)
                    skipped += 1
                    continue
                seen.add(key)
                row = self._row(annotation)
                if insert is None:
                    columns = list(row)
                    insert = (
                        f"INSERT INTO annotations ({', '.join(f'[{c}]' for c in columns)}) "
                        f"VALUES ({', '.join('?' for _ in columns)})"
                    )
                new_id = self._db.execute(insert, [row[c] for c in columns]).lastrowid
                added.append(annotation.model_copy(update={"id": new_id}))
            stamp_now = stamp(now())
            pairs = {
                (added[s].id, added[t].id)
                for s, t in links
                if 0 <= s < len(added) and 0 <= t < len(added) and s != t
                and added[s] is not None and added[t] is not None
            }
            made_links.extend(sorted(pairs))
            if pairs:
                self._db["links"].insert_all(
                    ({"source_id": s, "target_id": t, "created_at": stamp_now}
                     for s, t in sorted(pairs)),
                    ignore=True,
                )

        self._transact(work)
        return [a for a in added if a is not None], skipped, made_links

    def _duplicate_of(self, annotation: Annotation) -> int | None:
        """The id of an annotation with the same document, span, label and reviewer."""
        row = self._db.execute(
            'SELECT id FROM annotations WHERE document_id = ? AND start = ? AND "end" = ? '
            "AND label = ? AND reviewer = ?",
            [annotation.document_id, annotation.start, annotation.end, annotation.label,
             annotation.reviewer],
        ).fetchone()
        return row[0] if row else None

    def annotation(self, annotation_id: int) -> Annotation:
        _require_storable(annotation_id, "annotation")
        row = next(
            self._db.query(
                f"SELECT {ANNOTATION_COLUMNS} FROM annotations WHERE id = ?", [annotation_id]
            ),
            None,
        )
        if row is None:
            raise NotFound(f"the session has no annotation {annotation_id}")
        damaged = self._known_damage().annotations.get(annotation_id)
        found = damaged or read_annotation(row)
        if isinstance(found, DamagedRow):
            raise DamagedRowError(f"the session's {found.sentence}")
        return found

    def annotations(self, document_id: int | None = None) -> list[Annotation]:
        """The annotations of one document (or of all), in reading order."""
        if document_id is None:
            sound, hidden = self._sound("a.")
            rows = self._db.query(
                f"SELECT {', '.join('a.' + c.strip() for c in ANNOTATION_COLUMNS.split(','))} "
                "FROM annotations a JOIN documents d ON d.id = a.document_id "
                + (f"WHERE {sound} " if sound else "")
                + 'ORDER BY d.position, a.document_id, a.start, a."end", a.id', hidden
            )
        else:
            sound, hidden = self._and_sound()
            rows = self._db.query(
                f"SELECT {ANNOTATION_COLUMNS} FROM annotations WHERE document_id = ?{sound} "
                'ORDER BY start, "end", id',
                [document_id, *hidden],
            )
        found = (read_annotation(row) for row in rows)
        return [annotation for annotation in found if isinstance(annotation, Annotation)]

    # ------------------------------------------------------------------ adjudication

    # ------------------------------------------------------------------ suggestions
    def add_suggestions(self, document_id: int, suggestions: Iterable[Any], rules: str) -> int:
        """Keep the suggester's proposals for a document (objects with ``start``, ``end``,
        ``label``, ``reason`` and ``rule``) as pending, and that they were made by ``rules``;
        returns how many are new. A span already proposed with that label, whatever became of
        it (accepted, rejected), is not proposed again."""
        text = self.document_text(document_id)
        rows = []
        for s in suggestions:
            if not 0 <= s.start < s.end <= len(text):
                raise ValidationFailed(f"a suggestion {s.start}–{s.end} lies outside document "
                                       f"{document_id} ({len(text):,} characters)")
            rows.append((document_id, s.start, s.end, text[s.start:s.end], s.label, s.reason,
                         s.rule))

        def work() -> int:
            before = self._db.execute("SELECT total_changes()").fetchone()[0]
            self._db.conn.executemany(
                'INSERT OR IGNORE INTO suggestions (document_id, start, "end", quote, label, '
                "reason, rule) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
            added = self._db.execute("SELECT total_changes()").fetchone()[0] - before
            self._db.execute(
                "INSERT OR REPLACE INTO suggestion_runs (document_id, rules, made_at) "
                "VALUES (?, ?, ?)", [document_id, rules, stamp(now())])
            return added

        return self._transact(work)

    def decide_suggestion(self, suggestion_id: int, status: str,
                          annotation_id: int | None = None) -> None:
        """Record a reviewer's decision on a suggestion: ``accepted`` (with the annotation it
        became), ``rejected`` (it is never proposed again), or ``pending`` again (undone)."""
        if status not in ("pending", "accepted", "rejected"):
            raise ValidationFailed(f"{status!r} is not a decision on a suggestion")
        decided = status != "pending"
        changed = self._transact(lambda: self._db.execute(
            "UPDATE suggestions SET status = ?, decided_by = ?, decided_at = ?, "
            "annotation_id = ? WHERE id = ?",
            [status, self.reviewer if decided else None, stamp(now()) if decided else None,
             annotation_id, suggestion_id]).rowcount)
        if not changed:
            raise NotFound(f"the session has no suggestion {suggestion_id}")

    def suggestion_rules(self, document_id: int) -> str | None:
        """The rules a document's suggestions were last made with, or ``None`` if none were."""
        row = self._db.execute("SELECT rules FROM suggestion_runs WHERE document_id = ?",
                               [document_id]).fetchone()
        return row[0] if row else None

    def pending_suggestions(self, document_id: int | None = None) -> list[StoredSuggestion]:
        """The suggestions nobody has decided on (of one document, or all), in the order of the
        documents and then of the text; a span already annotated with the same label (by hand,
        say) is not pending any more. A row that no longer holds its quote at its span (the text
        was changed, or the row, by another program) is left out."""
        where, params = ("AND s.document_id = ?", [document_id]) if document_id is not None \
            else ("", [])
        rows = self._db.execute(
            'SELECT s.id, s.document_id, s.start, s."end", s.label, s.reason, s.rule, s.status, '
            "s.quote FROM suggestions s JOIN documents d ON d.id = s.document_id "
            f"WHERE s.status = 'pending' {where} AND NOT EXISTS (SELECT 1 FROM annotations a "
            'WHERE a.document_id = s.document_id AND a.start = s.start AND a."end" = s."end" '
            "AND a.label = s.label) ORDER BY d.position, d.id, s.start, s.\"end\", s.label",
            params)
        fields = list(StoredSuggestion.model_fields)
        pending, texts = [], {}
        for row in rows:
            *values, quote = row
            start, end, document = values[2], values[3], values[1]
            if not all(isinstance(v, int) for v in (start, end, document)) or not all(
                    isinstance(v, str) for v in (*values[4:7], quote)):
                continue
            if document not in texts:
                try:
                    texts[document] = self.document_text(document)
                except AnnotatorError:
                    texts[document] = ""
            if not 0 <= start < end <= len(texts[document]) \
                    or texts[document][start:end] != quote:
                continue
            pending.append(StoredSuggestion.model_construct(**dict(zip(fields, values,
                                                                        strict=True))))
        return pending

    def reject_span(self, document_id: int, start: int, end: int) -> None:
        """Record that no reviewer's span in ``[start, end)`` goes into the gold layer."""
        if not 0 <= start < end:
            raise ValidationFailed(f"not a span: {start}–{end}")
        self.document_summary(document_id)  # a clear error for an unknown document
        self._transact(lambda: self._db.execute(
            'INSERT OR REPLACE INTO rejected_spans (document_id, start, "end", rejected_by, '
            "rejected_at) VALUES (?, ?, ?, ?, ?)",
            [document_id, start, end, self.reviewer, stamp(now())],
        ))

    def unreject_span(self, document_id: int, start: int, end: int) -> None:
        self._transact(lambda: self._db.execute(
            'DELETE FROM rejected_spans WHERE document_id = ? AND start = ? AND "end" = ?',
            [document_id, start, end],
        ))

    def rejected_spans(self, document_id: int) -> list[tuple[int, int]]:
        return [tuple(row) for row in self._db.execute(
            'SELECT start, "end" FROM rejected_spans WHERE document_id = ? ORDER BY start, "end"',
            [document_id],
        )]

    def update_annotation(
        self,
        annotation_id: int,
        *,
        label: str | None = None,
        confidence: int | None = None,
        note: str | None = None,
        verdict: str | None | object = ...,
        evidence: Iterable[str] | None = None,
    ) -> Annotation:
        """Change an annotation's label, confidence, note, verdict (``None`` clears it) or
        evidence links; returns the new version."""
        current = self.annotation(annotation_id)
        changes: dict[str, Any] = {}
        if label is not None:
            changes["label"] = label
        if confidence is not None:
            changes["confidence"] = confidence
        if note is not None:
            changes["note"] = note
        if verdict is not ...:
            changes["verdict"] = verdict
        if evidence is not None:
            changes["evidence"] = tuple(evidence)
        if not changes:
            return current
        data = current.model_dump() | changes | {"updated_at": now()}
        text = self.document_text(current.document_id)
        return self.replace_annotation(self._validated(data, text))

    def replace_annotation(self, annotation: Annotation) -> Annotation:
        """Write every field of an existing annotation as given (used to undo a change)."""
        if annotation.id is None:
            raise ValidationFailed("an annotation without an id cannot replace another")
        text = self.document_text(annotation.document_id)
        annotation = self._validated(annotation.model_dump(), text)
        def work() -> int:
            cursor = self._db.execute(
                'UPDATE annotations SET start = ?, "end" = ?, quote = ?, label = ?, '
                "confidence = ?, note = ?, verdict = ?, evidence = ?, reviewer = ?, "
                "created_at = ?, updated_at = ? WHERE id = ? AND document_id = ?",
                [
                    annotation.start,
                    annotation.end,
                    annotation.quote,
                    annotation.label,
                    annotation.confidence,
                    annotation.note,
                    annotation.verdict,
                    json.dumps(list(annotation.evidence)),
                    annotation.reviewer,
                    stamp(annotation.created_at),
                    stamp(annotation.updated_at),
                    annotation.id,
                    annotation.document_id,
                ],
            )
            return cursor.rowcount

        if self._transact(work) != 1:
            raise NotFound(f"the session has no annotation {annotation.id}")
        return annotation

    # ------------------------------------------------------------------ links

    def add_link(self, source_id: int, target_id: int) -> tuple[int, int]:
        """Link two annotations of one document (an attribution to the claim it sources)."""
        source, target = self.annotation(source_id), self.annotation(target_id)
        if source_id == target_id:
            raise ValidationFailed("an annotation cannot be linked to itself")
        if source.document_id != target.document_id:
            raise ValidationFailed("only annotations of the same article can be linked")
        exists = self._db.execute(
            "SELECT 1 FROM links WHERE source_id = ? AND target_id = ?", [source_id, target_id]
        ).fetchone()
        if exists:
            raise ValidationFailed(f"annotation {source_id} is already linked to {target_id}")
        self._transact(
            lambda: self._db.execute(
                "INSERT INTO links (source_id, target_id, created_at) VALUES (?, ?, ?)",
                [source_id, target_id, stamp(now())],
            )
        )
        return source_id, target_id

    def remove_link(self, source_id: int, target_id: int) -> None:
        self._transact(
            lambda: self._db.execute(
                "DELETE FROM links WHERE source_id = ? AND target_id = ?", [source_id, target_id]
            )
        )

    def links_of(self, annotation_id: int) -> list[tuple[int, int]]:
        """``(source_id, target_id)`` of every link from or to an annotation."""
        ends, hidden = self._both_ends_sound()
        return self._db.execute(
            f"SELECT source_id, target_id FROM links WHERE (source_id = ? OR target_id = ?){ends} "
            "ORDER BY source_id, target_id",
            [annotation_id, annotation_id, *hidden],
        ).fetchall()

    def _both_ends_sound(self) -> tuple[str, list]:
        """A condition on a link (or ``""``) that leaves out links to damaged annotations."""
        source, hidden = self._and_sound("source_")
        target, more = self._and_sound("target_")
        return source + target, hidden + more

    def links_in_document(self, document_id: int) -> list[tuple[int, int]]:
        ends, hidden = self._both_ends_sound()
        return self._db.execute(
            "SELECT l.source_id, l.target_id FROM links l JOIN annotations a "
            f"ON a.id = l.source_id WHERE a.document_id = ?{ends} "
            "ORDER BY l.source_id, l.target_id",
            [document_id, *hidden],
        ).fetchall()

    def restore_links(self, links: Iterable[tuple[int, int]]) -> None:
        """Put back links removed with their annotations (undo)."""
        links = list(links)
        if not links:
            return
        created = stamp(now())

        def work() -> None:
            for source_id, target_id in links:
                self._db.execute(
                    "INSERT OR IGNORE INTO links (source_id, target_id, created_at) "
                    "VALUES (?, ?, ?)",
                    [source_id, target_id, created],
                )

        self._transact(work)

    def delete_annotation(self, annotation_id: int) -> Annotation:
        """Delete an annotation; returns it as it was, for :meth:`restore_annotation`."""
        annotation = self.annotation(annotation_id)
        self._transact(
            lambda: self._db.execute("DELETE FROM annotations WHERE id = ?", [annotation_id])
        )
        return annotation

    def delete_annotations(self, annotation_ids: Iterable[int]) -> None:
        """Delete many annotations (and their links) in one transaction."""
        ids = list(annotation_ids)

        def work() -> None:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                self._db.execute(
                    f"DELETE FROM annotations WHERE id IN ({', '.join('?' * len(chunk))})", chunk
                )

        if ids:
            self._transact(work)

    def restore_annotations(
        self, annotations: Iterable[Annotation], links: Iterable[tuple[int, int]] = ()
    ) -> None:
        """Put back many deleted annotations with their ids, and links between them, in one
        transaction (redo of an import)."""
        checked = [
            self._validated(a.model_dump(), self.document_text(a.document_id))
            for a in annotations
        ]
        if any(a.id is None for a in checked):
            raise ValidationFailed("an annotation without an id cannot be restored")
        links = list(links)
        created = stamp(now())

        def work() -> None:
            self._db["annotations"].insert_all(
                (self._row(a) for a in checked), batch_size=500
            )
            self._db["links"].insert_all(
                ({"source_id": s, "target_id": t, "created_at": created} for s, t in links),
                ignore=True,
            )

        self._transact(work)

    def restore_annotation(self, annotation: Annotation) -> Annotation:
        """Put back a deleted annotation exactly as it was, with the same id."""
        if annotation.id is None:
            raise ValidationFailed("an annotation without an id cannot be restored")
        text = self.document_text(annotation.document_id)
        annotation = self._validated(annotation.model_dump(), text)
        exists = self._db.execute(
            "SELECT 1 FROM annotations WHERE id = ?", [annotation.id]
        ).fetchone()
        if exists:
            raise ValidationFailed(f"annotation {annotation.id} already exists")
        self._transact(lambda: self._db["annotations"].insert(self._row(annotation)))
        return annotation

    # ------------------------------------------------------------------ internals

    def _validated(self, data: dict[str, Any], text: str) -> Annotation:
        try:
            return Annotation.model_validate(
                data, context={"text": text, "labels": self.label_names()}
            )
        except pydantic.ValidationError as exc:
            raise ValidationFailed(validation_message(exc)) from None

    @staticmethod
    def _row(annotation: Annotation) -> dict[str, Any]:
        row = annotation.model_dump()
        if row["id"] is None:
            del row["id"]
        row["created_at"] = stamp(annotation.created_at)
        row["updated_at"] = stamp(annotation.updated_at)
        row["evidence"] = json.dumps(list(annotation.evidence))
        return row

    def _document_exists(self, document_id: int) -> bool:
        return (
            self._db.execute("SELECT 1 FROM documents WHERE id = ?", [document_id]).fetchone()
            is not None
        )

    @contextlib.contextmanager
    def transaction(self):
        """Several changes as one: inside the block every change of the store joins one
        transaction, committed when the block ends, or rolled back entirely if it raises."""
        self._require_writable()
        if self._batch:
            yield
            return
        self._batch = True
        try:
            try:
                with self._db.atomic():
                    yield
            except sqlite3.IntegrityError as exc:
                raise ValidationFailed(
                    f"the change breaks a rule of the session file ({exc})"
                ) from None
            except sqlite3.DatabaseError as exc:
                raise write_error(self.path, exc) from None
        except BaseException:
            # what the block read or cached may have been rolled back
            self._texts.clear()
            self._label_names = None
            raise
        finally:
            self._batch = False
            self._long_cache.clear()

    def _transact(self, work: Callable[[], T]) -> T:
        """Run ``work`` (which writes through ``self._db``) in one committed transaction
        (or, inside :meth:`transaction`, as a part of that one)."""
        self._require_writable()
        self._long_cache.clear()
        if self._batch:
            try:
                return self._run(work)
            except _WriteFailed as failure:
                raise failure.error from None
        try:
            return self._run(work)
        except _WriteFailed as failure:
            if not self._keep_in_memory or not self.saved_to_disk:
                raise failure.error from None
            try:
                self._detach(failure.error.reason)
            except sqlite3.Error:
                raise failure.error from None
            try:
                return self._run(work)
            except _WriteFailed as again:
                raise again.error from None

    def _run(self, work: Callable[[], T]) -> T:
        try:
            with self._db.atomic():
                return work()
        except sqlite3.IntegrityError as exc:
            message = f"the change breaks a rule of the session file ({exc})"
            raise ValidationFailed(message) from None
        except sqlite3.OperationalError as exc:
            raise _WriteFailed(write_error(self.path, exc)) from None
        except sqlite3.DatabaseError as exc:  # disk I/O errors, a file damaged while open
            raise _WriteFailed(write_error(self.path, exc)) from None

    def _require_writable(self) -> None:
        if self.read_only_reason is not None:
            raise SessionError(
                f"{self.path.name} is open read-only ({self.read_only_reason}); "
                "the change was not saved"
            )

    def _has_documents(self) -> bool:
        return self._db.execute("SELECT 1 FROM documents LIMIT 1").fetchone() is not None


def fts_query(words: str) -> str:
    """A reviewer's search words as an FTS5 query: every word (or "quoted phrase") must occur,
    each as the beginning of a word; nothing typed can be read as FTS syntax."""
    parts = re.findall(r'"([^"]*)"|(\S+)', words)
    terms = []
    for phrase, word in parts:
        term = (phrase or word).replace('"', "").strip()
        if re.search(r"\w", term):  # a lone mark has no word to look for
            terms.append('"' + term + '"*')
    return " ".join(terms)


class _WriteFailed(Exception):
    def __init__(self, error: SessionWriteError) -> None:
        super().__init__(str(error))
        self.error = error


_SQLITE_INTEGERS = range(-(2**63), 2**63)


def _require_storable(item_id: int, kind: str) -> None:
    """An id SQLite cannot even hold (beyond its 64-bit integers) names nothing in a session."""
    if isinstance(item_id, int) and item_id not in _SQLITE_INTEGERS:
        raise NotFound(f"the session has no {kind} {item_id}")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
