"""The session store: one SQLite file per review session, written through sqlite-utils.

Every method that changes the session commits before it returns (WAL journal, one transaction
per call), so a crash or a kill loses nothing that a method had returned from. Everything that
enters the store is validated by the pydantic models first.

This module opens, closes, backs up and runs transactions; what a session holds is read and
written by plain functions in modules of one concern each, which the class takes as its methods
(:mod:`.documents`, :mod:`.annotating`, :mod:`.linking`, :mod:`.labelling`, :mod:`.suggesting`,
:mod:`.bulk`, :mod:`.rows`, the read-only queries of :mod:`.queries` and the checks of what is read
in :mod:`.checks`). A change the window can undo is made through :mod:`.changes`, which records
how to undo and redo it.

    with SessionStore.open("review.sqlite", create=True) as store:
        doc, _ = store.add_document(read_document("article.txt"))
        ann = store.add_annotation(doc.id, 0, 12, "claim", confidence=4)
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from annotator.core.defaults import default_reviewer
from annotator.core.errors import (
    AnnotatorError,
    SessionError,
    ValidationFailed,
)
from annotator.core.output_file import check_target
from annotator.core.session import annotating as _annotating
from annotator.core.session import bulk as _bulk
from annotator.core.session import checks as _checks
from annotator.core.session import documents as _documents
from annotator.core.session import fact_checks as _fact_checks
from annotator.core.session import labelling as _labelling
from annotator.core.session import linking as _linking
from annotator.core.session import queries as _queries
from annotator.core.session import suggesting as _suggesting
from annotator.core.session.backups import Backup, list_backups, needs_auto_backup, write_backup
from annotator.core.session.damaged_rows import (
    SessionDamage,
)
from annotator.core.session.database import (
    SessionWriteError,
    add_lookup_indexes,
    backup_in_background,
    check_columns,
    check_header,
    check_session,
    connect,
    create_session,
    initialise,
    migrate,
    page_problem,
    unwritable,
    write_error,
)
from annotator.core.session.documents import RemovedDocument, fts_query
from annotator.core.session.locking import SessionInUse, SessionLock
from annotator.core.session.names import (
    existing_session_file,
    is_database,
    session_of,
    session_path,
)
from annotator.core.session.queries import LONG_SPAN
from annotator.core.session.rows import put_back, take_out
from annotator.core.session.schema import (
    SCHEMA_VERSION,
)
from annotator.core.session.sqlite_utils_import import sqlite_utils
from annotator.core.spans import SpanRow

__all__ = ["LONG_SPAN", "RemovedDocument", "SessionStore", "SessionWriteError", "fts_query"]

T = TypeVar("T")


class SessionStore:
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

    # read-only queries: see annotator.core.session.queries
    annotation_counts = _queries.annotation_counts
    statistics = _queries.statistics
    count_annotations = _queries.count_annotations
    spans_between = _queries.spans_between
    _long_spans = _queries._long_spans
    annotation_count = _queries.annotation_count
    annotation_keys = _queries.annotation_keys
    annotation_rows = _queries.annotation_rows
    annotation_ids = _queries.annotation_ids
    annotation_rows_by_id = _queries.annotation_rows_by_id
    labelled_quotes = _queries.labelled_quotes
    reviewers = _queries.reviewers
    require_reviewers = _queries.require_reviewers
    reviewer_counts = _queries.reviewer_counts
    neighbour = _queries.neighbour
    stored_annotation_rows = _queries.stored_annotation_rows
    export_rows = _queries.export_rows

    # the checks of what is read (damaged rows): see annotator.core.session.checks
    damage = _checks.damage
    adopt_damage = _checks.adopt_damage
    checked_damage = _checks.checked_damage
    _known_damage = _checks._known_damage
    _sound = _checks._sound
    _and_sound = _checks._and_sound
    _read_labels = _checks._read_labels
    _scan_for_damage = _checks._scan_for_damage
    _check_row = _checks._check_row
    _thorough_scan = _checks._thorough_scan
    _quick_scan = _checks._quick_scan
    _types_held_by_sqlite = _checks._types_held_by_sqlite
    _summary_of = _checks._summary_of

    # documents: see annotator.core.session.documents
    add_document = _documents.add_document
    document_with_text = _documents.document_with_text
    documents = _documents.documents
    set_document_status = _documents.set_document_status
    set_document_provenance = _documents.set_document_provenance
    find_documents = _documents.find_documents
    _mend_search_index = _documents._mend_search_index
    rebuild_search_index = _documents.rebuild_search_index
    _index_document = _documents._index_document
    document_summary = _documents.document_summary
    _require_sound_document = _documents._require_sound_document
    document = _documents.document
    document_text = _documents.document_text
    remove_document = _documents.remove_document
    _restore_document = _documents._restore_document
    set_last_offset = _documents.set_last_offset
    _document_exists = _documents._document_exists
    _has_documents = _documents._has_documents

    # annotating: see annotator.core.session.annotating
    add_annotation = _annotating.add_annotation
    add_annotations = _annotating.add_annotations
    _duplicate_of = _annotating._duplicate_of
    annotation = _annotating.annotation
    annotations = _annotating.annotations
    update_annotation = _annotating.update_annotation
    _replace_annotation = _annotating._replace_annotation
    delete_annotation = _annotating.delete_annotation
    _delete_annotations = _annotating._delete_annotations
    _restore_annotations = _annotating._restore_annotations
    _restore_annotation = _annotating._restore_annotation
    _validated = _annotating._validated
    _row = staticmethod(_annotating._row)

    # linking: see annotator.core.session.linking
    reject_span = _linking.reject_span
    _unreject_span = _linking._unreject_span
    _rejection = _linking._rejection
    _put_rejections = _linking._put_rejections
    rejected_spans = _linking.rejected_spans
    add_link = _linking.add_link
    remove_link = _linking.remove_link
    links_of = _linking.links_of
    _both_ends_sound = _linking._both_ends_sound
    links_in_document = _linking.links_in_document
    _link_rows = _linking._link_rows
    _restore_links = _linking._restore_links

    # labelling: see annotator.core.session.labelling
    metadata = _labelling.metadata
    get_meta = _labelling.get_meta
    set_meta = _labelling.set_meta
    labels = _labelling.labels
    replace_labels = _labelling.replace_labels
    add_labels = _labelling.add_labels
    label_names = _labelling.label_names
    verdict_scale = _labelling.verdict_scale
    verdict_keys = _labelling.verdict_keys
    verdicts_in_use = _labelling.verdicts_in_use
    set_verdict_scale = _labelling.set_verdict_scale

    # suggesting: see annotator.core.session.suggesting
    add_suggestions = _suggesting.add_suggestions
    decide_suggestion = _suggesting.decide_suggestion
    decide_suggestions = _suggesting.decide_suggestions
    suggestion = _suggesting.suggestion
    suggestion_rules = _suggesting.suggestion_rules
    pending_suggestions = _suggesting.pending_suggestions
    pending_suggestion_rows = _suggesting.pending_suggestion_rows
    count_pending_suggestions = _suggesting.count_pending_suggestions

    # published fact-checks and claims marked the same: see annotator.core.session.fact_checks
    add_reference_claims = _fact_checks.add_reference_claims
    reference_claims = _fact_checks.reference_claims
    set_same_as = _fact_checks.set_same_as
    same_as = _fact_checks.same_as
    all_same_as = _fact_checks.all_same_as
    _mark_rows = _fact_checks._mark_rows
    _restore_marks = _fact_checks._restore_marks
    reference_claim_rows = _fact_checks.reference_claim_rows
    same_claim_rows = _fact_checks.same_claim_rows
    add_reference_claim_rows = _fact_checks.add_reference_claim_rows
    add_same_claim_rows = _fact_checks.add_same_claim_rows

    # many rows at once (a merge): see annotator.core.session.bulk
    write = _bulk.write
    insert_document = _bulk.insert_document
    next_position = _bulk.next_position
    next_annotation_id = _bulk.next_annotation_id
    insert_annotation_rows = _bulk.insert_annotation_rows
    stored_rows = _bulk.stored_rows
    annotators = _bulk.annotators
    span_keys = _bulk.span_keys
    annotation_span_keys = _bulk.annotation_span_keys
    add_links = _bulk.add_links
    rejection_rows = _bulk.rejection_rows
    add_rejections = _bulk.add_rejections

    _take_out = take_out  # rows an import or a merge added, taken out (undo) ...
    _put_back = put_back  # ... and put back (redo): see annotator.core.session.rows

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
        lock, reason = _lock_for_writing(path, exists, reason, reviewer, fallback_read_only)
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
            if objects:
                try:
                    add_lookup_indexes(db)
                except sqlite3.OperationalError as exc:
                    raise SessionError(f"{name} cannot be written ({exc})") from None
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
            add_lookup_indexes(db)
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
        value = "" if document_id is None else str(document_id)
        if self.get_meta("last_document_id") != value:  # reopened where it was left: no write
            self.set_meta("last_document_id", value)

    # ------------------------------------------------------------------ labels

    # ------------------------------------------------------------------ documents

    # ------------------------------------------------------------------ annotations

    # ------------------------------------------------------------------ adjudication

    # ------------------------------------------------------------------ suggestions
    # ------------------------------------------------------------------ links

    # ------------------------------------------------------------------ internals

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

    def require_writable(self) -> None:
        """Raise :class:`SessionError` saying why, when the session is open read-only."""
        self._require_writable()

    def _require_writable(self) -> None:
        if self.read_only_reason is not None:
            raise SessionError(
                f"{self.path.name} is open read-only ({self.read_only_reason}); "
                "the change was not saved"
            )


def _lock_for_writing(
    path: Path, exists: bool, reason: str | None, reviewer: str | None, fallback_read_only: bool
) -> tuple[SessionLock | None, str | None]:
    """Take the session's lock when it is to be written (and create a missing file under it);
    returns the lock, or None and why the session is opened read-only instead."""
    name = str(path)
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
    return lock, reason


class _WriteFailed(Exception):
    def __init__(self, error: SessionWriteError) -> None:
        super().__init__(str(error))
        self.error = error


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
