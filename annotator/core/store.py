"""The session store: one SQLite file per review session, written through sqlite-utils.

Every method that changes the session commits before it returns (WAL journal, one transaction
per call), so a crash or a kill loses nothing that a method had returned from. Everything that
enters the store is validated by the pydantic models first.

    with SessionStore.open("review.sqlite", create=True) as store:
        doc, _ = store.import_file("article.txt")
        ann = store.add_annotation(doc.id, 0, 12, "claim", confidence=4)
"""

from __future__ import annotations

import getpass
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import pydantic
import sqlite_utils

from annotator import __version__
from annotator.core.errors import NotFound, SessionError, ValidationFailed, validation_message
from annotator.core.importers import ImportedDocument, read_document
from annotator.core.labels import DEFAULT_CONFIDENCE, DEFAULT_LABELS
from annotator.core.models import Annotation, Document, DocumentSummary, Label, now
from annotator.core.schema import (
    APPLICATION_ID,
    APPLICATION_NAME,
    EXPECTED_TABLES,
    SCHEMA_VERSION,
    TABLES_SQL,
)
from annotator.core.text import sha256_text

SQLITE_HEADER = b"SQLite format 3\x00"
_ANNOTATION_COLUMNS = (
    'id, document_id, start, "end", quote, label, confidence, note, reviewer, created_at, '
    "updated_at"
)
_SUMMARY_COLUMNS = (
    "d.id, d.title, d.sha256, d.char_count, d.source_path, d.source_format, d.source_encoding, "
    "d.imported_at, d.position, d.last_offset"
)


def default_reviewer() -> str:
    """The operating-system user name, the reviewer's name until they choose another."""
    try:
        name = getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in this environment
        name = ""
    return name.strip() or "reviewer"


def _stamp(value: datetime) -> str:
    return value.isoformat(timespec="milliseconds")


class SessionStore:
    """A review session: documents, annotations, labels and metadata in one SQLite file."""

    def __init__(self, db: sqlite_utils.Database, path: Path, reviewer: str) -> None:
        self._db = db
        self.path = path
        self.reviewer = reviewer
        self._texts: dict[int, str] = {}
        self._label_names: frozenset[str] | None = None

    # ------------------------------------------------------------------ opening and closing

    @classmethod
    def open(
        cls, path: str | Path, *, create: bool = False, reviewer: str | None = None
    ) -> SessionStore:
        """Open the session at ``path``; with ``create=True`` a missing file is created.

        Raises :class:`SessionError` with a message for the reviewer when the file is missing,
        is not a session, is damaged, was written by a newer version, or cannot be written.
        """
        path = Path(path).expanduser()
        name = str(path)
        if path.is_dir():
            raise SessionError(f"{name} is a folder, not a session file")
        exists = path.exists()
        if not exists:
            if not create:
                raise SessionError(f"{name}: no such session file")
            if not path.parent.is_dir():
                raise SessionError(f"{name}: the folder {path.parent} does not exist")
        else:
            _check_header(path)
        try:
            conn = sqlite3.connect(str(path), timeout=5.0)
        except sqlite3.Error as exc:
            raise SessionError(f"{name} cannot be opened ({exc})") from None
        try:
            store = cls._prepare(conn, path, create=create, reviewer=reviewer)
        except BaseException:
            conn.close()
            raise
        return store

    @classmethod
    def _prepare(
        cls, conn: sqlite3.Connection, path: Path, *, create: bool, reviewer: str | None
    ) -> SessionStore:
        name = str(path)
        try:
            # A shared file must not be able to run anything: no functions from its schema.
            conn.execute("PRAGMA trusted_schema = OFF")
            db = sqlite_utils.Database(conn, execute_plugins=False)
            tables = set(db.table_names())
        except sqlite3.DatabaseError as exc:
            raise SessionError(f"{name} is not a session file or is damaged ({exc})") from None
        if not tables:
            if not create:
                raise SessionError(f"{name} is an empty database, not an annotator session")
            _initialise(db)
        else:
            _check_session(db, name, tables)
        try:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.OperationalError as exc:
            raise SessionError(f"{name} cannot be written ({exc})") from None
        if str(mode).lower() != "wal":
            raise SessionError(f"{name} cannot be written (the journal could not be set up)")
        return cls(db, path, (reviewer or "").strip() or default_reviewer())

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> SessionStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ------------------------------------------------------------------ metadata

    def metadata(self) -> dict[str, str]:
        return {row["key"]: row["value"] for row in self._db["metadata"].rows}

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self._db.execute("SELECT value FROM metadata WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        with self._write():
            self._db["metadata"].upsert({"key": key, "value": value}, pk="key")

    @property
    def schema_version(self) -> int:
        return int(self.get_meta("schema_version", "0") or 0)

    @property
    def last_document_id(self) -> int | None:
        value = self.get_meta("last_document_id")
        if value is None or not value.isdigit():
            return None
        doc_id = int(value)
        return doc_id if self._document_exists(doc_id) else None

    @last_document_id.setter
    def last_document_id(self, document_id: int | None) -> None:
        self.set_meta("last_document_id", "" if document_id is None else str(document_id))

    # ------------------------------------------------------------------ labels

    def labels(self) -> list[Label]:
        rows = self._db.query("SELECT * FROM labels ORDER BY position, name")
        return [Label.model_validate(row) for row in rows]

    def label_names(self) -> frozenset[str]:
        if self._label_names is None:
            self._label_names = frozenset(
                row[0] for row in self._db.execute("SELECT name FROM labels")
            )
        return self._label_names

    # ------------------------------------------------------------------ documents

    def add_document(self, document: ImportedDocument) -> tuple[DocumentSummary, bool]:
        """Add an imported document; returns it and whether it was new.

        A document whose text the session already holds (same SHA-256) is not added twice:
        the existing one is returned with ``False``.
        """
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
            "imported_at": _stamp(now()),
            "position": position,
            "last_offset": 0,
        }
        with self._write():
            doc_id = self._db["documents"].insert(row).last_pk
        return self.document_summary(doc_id), True

    def import_file(self, path: str | Path) -> tuple[DocumentSummary, bool]:
        """Read a document file and add it (see :meth:`add_document`)."""
        return self.add_document(read_document(path))

    def documents(self) -> list[DocumentSummary]:
        """Every document of the session, in list order, with its annotation count."""
        rows = self._db.query(
            f"SELECT {_SUMMARY_COLUMNS}, COUNT(a.id) AS annotation_count "
            "FROM documents d LEFT JOIN annotations a ON a.document_id = d.id "
            "GROUP BY d.id ORDER BY d.position, d.id"
        )
        return [DocumentSummary.model_validate(row) for row in rows]

    def document_summary(self, document_id: int) -> DocumentSummary:
        row = next(
            self._db.query(
                f"SELECT {_SUMMARY_COLUMNS}, "
                "(SELECT COUNT(*) FROM annotations a WHERE a.document_id = d.id) "
                "AS annotation_count FROM documents d WHERE d.id = ?",
                [document_id],
            ),
            None,
        )
        if row is None:
            raise NotFound(f"the session has no document {document_id}")
        return DocumentSummary.model_validate(row)

    def document(self, document_id: int) -> Document:
        """A document with its text."""
        summary = self.document_summary(document_id)
        return Document(**summary.model_dump(), text=self.document_text(document_id))

    def document_text(self, document_id: int) -> str:
        text = self._texts.get(document_id)
        if text is None:
            row = self._db.execute(
                "SELECT text FROM documents WHERE id = ?", [document_id]
            ).fetchone()
            if row is None:
                raise NotFound(f"the session has no document {document_id}")
            text = row[0]
            if len(self._texts) >= 4:
                self._texts.pop(next(iter(self._texts)))
            self._texts[document_id] = text
        return text

    def remove_document(self, document_id: int) -> tuple[Document, list[Annotation]]:
        """Remove a document and its annotations; returns both, for :meth:`restore_document`."""
        document = self.document(document_id)
        annotations = self.annotations(document_id)
        with self._write():
            self._db.execute("DELETE FROM documents WHERE id = ?", [document_id])
        self._texts.pop(document_id, None)
        return document, annotations

    def restore_document(self, document: Document, annotations: Iterable[Annotation] = ()) -> None:
        """Put back a removed document, with the same id, and its annotations."""
        row = document.model_dump(exclude={"annotation_count"})
        row["imported_at"] = _stamp(document.imported_at)
        annotations = [self._validated(a.model_dump(), document.text) for a in annotations]
        if self._document_exists(document.id):
            raise ValidationFailed(f"document {document.id} already exists")
        with self._write():
            self._db["documents"].insert(row)
            self._db["annotations"].insert_all(
                (self._row(a) for a in annotations), batch_size=500
            )

    def set_last_offset(self, document_id: int, offset: int) -> None:
        """Remember where the reviewer was reading in a document (a code-point offset)."""
        with self._write():
            self._db.execute(
                "UPDATE documents SET last_offset = ? WHERE id = ?",
                [max(0, int(offset)), document_id],
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
        with self._write():
            new_id = self._db["annotations"].insert(self._row(annotation)).last_pk
        return annotation.model_copy(update={"id": new_id})

    def annotation(self, annotation_id: int) -> Annotation:
        row = next(
            self._db.query(
                f"SELECT {_ANNOTATION_COLUMNS} FROM annotations WHERE id = ?", [annotation_id]
            ),
            None,
        )
        if row is None:
            raise NotFound(f"the session has no annotation {annotation_id}")
        return Annotation.model_validate(row)

    def annotations(self, document_id: int | None = None) -> list[Annotation]:
        """The annotations of one document (or of all), in reading order."""
        if document_id is None:
            rows = self._db.query(
                f"SELECT {', '.join('a.' + c.strip() for c in _ANNOTATION_COLUMNS.split(','))} "
                "FROM annotations a JOIN documents d ON d.id = a.document_id "
                'ORDER BY d.position, a.document_id, a.start, a."end", a.id'
            )
        else:
            rows = self._db.query(
                f"SELECT {_ANNOTATION_COLUMNS} FROM annotations WHERE document_id = ? "
                'ORDER BY start, "end", id',
                [document_id],
            )
        return [Annotation.model_validate(row) for row in rows]

    def count_annotations(self, document_id: int | None = None) -> dict[str, int]:
        """Annotation counts per label (every label of the session, zeros included)."""
        counts = dict.fromkeys((label.name for label in self.labels()), 0)
        where, params = ("WHERE document_id = ?", [document_id]) if document_id else ("", [])
        for label, count in self._db.execute(
            f"SELECT label, COUNT(*) FROM annotations {where} GROUP BY label", params
        ):
            counts[label] = count
        return counts

    def update_annotation(
        self,
        annotation_id: int,
        *,
        label: str | None = None,
        confidence: int | None = None,
        note: str | None = None,
    ) -> Annotation:
        """Change an annotation's label, confidence or note; returns the new version."""
        current = self.annotation(annotation_id)
        changes: dict[str, Any] = {}
        if label is not None:
            changes["label"] = label
        if confidence is not None:
            changes["confidence"] = confidence
        if note is not None:
            changes["note"] = note
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
        with self._write():
            cursor = self._db.execute(
                'UPDATE annotations SET start = ?, "end" = ?, quote = ?, label = ?, '
                "confidence = ?, note = ?, reviewer = ?, created_at = ?, updated_at = ? "
                "WHERE id = ? AND document_id = ?",
                [
                    annotation.start,
                    annotation.end,
                    annotation.quote,
                    annotation.label,
                    annotation.confidence,
                    annotation.note,
                    annotation.reviewer,
                    _stamp(annotation.created_at),
                    _stamp(annotation.updated_at),
                    annotation.id,
                    annotation.document_id,
                ],
            )
            if cursor.rowcount != 1:
                raise NotFound(f"the session has no annotation {annotation.id}")
        return annotation

    def delete_annotation(self, annotation_id: int) -> Annotation:
        """Delete an annotation; returns it as it was, for :meth:`restore_annotation`."""
        annotation = self.annotation(annotation_id)
        with self._write():
            self._db.execute("DELETE FROM annotations WHERE id = ?", [annotation_id])
        return annotation

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
        with self._write():
            self._db["annotations"].insert(self._row(annotation))
        return annotation

    def export_rows(self, document_id: int | None = None) -> Iterator[tuple]:
        """Rows of the CSV export, in its column order (see :mod:`annotator.core.export_csv`)."""
        where, params = ("WHERE a.document_id = ?", [document_id]) if document_id else ("", [])
        return self._db.execute(
            "SELECT a.id, a.document_id, d.title, d.sha256, a.start, a.\"end\", a.quote, "
            "a.label, a.confidence, a.note, a.reviewer, a.created_at, a.updated_at "
            f"FROM annotations a JOIN documents d ON d.id = a.document_id {where} "
            'ORDER BY d.position, a.document_id, a.start, a."end", a.id',
            params,
        )

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
        row["created_at"] = _stamp(annotation.created_at)
        row["updated_at"] = _stamp(annotation.updated_at)
        return row

    def _document_exists(self, document_id: int) -> bool:
        return (
            self._db.execute("SELECT 1 FROM documents WHERE id = ?", [document_id]).fetchone()
            is not None
        )

    @contextmanager
    def _write(self) -> Iterator[None]:
        """A transaction that commits when the block ends, with write errors made readable."""
        try:
            with self._db.atomic():
                yield
        except sqlite3.IntegrityError as exc:
            message = f"the change breaks a rule of the session file ({exc})"
            raise ValidationFailed(message) from None
        except sqlite3.OperationalError as exc:
            raise _write_error(self.path, exc) from None


def _write_error(path: Path, exc: sqlite3.Error) -> SessionError:
    message = str(exc)
    if "locked" in message or "busy" in message:
        return SessionError(f"{path.name} is in use by another program; the change was not saved")
    if "readonly" in message or "read-only" in message:
        return SessionError(f"{path.name} is read-only; the change was not saved")
    if "full" in message:
        return SessionError(f"the disk holding {path.name} is full; the change was not saved")
    return SessionError(f"{path.name}: the change was not saved ({message})")


def _check_header(path: Path) -> None:
    name = str(path)
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except PermissionError:
        raise SessionError(f"{name}: permission denied") from None
    except OSError as exc:
        raise SessionError(f"{name} cannot be read ({exc.strerror or exc})") from None
    if header and header != SQLITE_HEADER:
        raise SessionError(f"{name} is not a session file (it is not an SQLite database)")


def _check_session(db: sqlite_utils.Database, name: str, tables: set[str]) -> None:
    if "metadata" not in tables:
        raise SessionError(f"{name} is an SQLite database but not an annotator session")
    try:
        meta = {row["key"]: row["value"] for row in db["metadata"].rows}
        problem = db.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise SessionError(f"{name} is damaged ({exc})") from None
    if meta.get("application") != APPLICATION_NAME:
        raise SessionError(f"{name} is an SQLite database but not an annotator session")
    try:
        version = int(meta.get("schema_version", ""))
    except ValueError:
        raise SessionError(f"{name} has no readable schema version; it may be damaged") from None
    if version > SCHEMA_VERSION:
        raise SessionError(
            f"{name} was saved by a newer version of the annotator (session format {version}; "
            f"this version reads up to {SCHEMA_VERSION}). Please update the annotator."
        )
    if problem != "ok":
        raise SessionError(f"{name} is damaged (SQLite integrity check: {problem})")
    missing = EXPECTED_TABLES - tables
    if missing:
        raise SessionError(f"{name} is damaged: table {', '.join(sorted(missing))} is missing")


def _initialise(db: sqlite_utils.Database) -> None:
    stamp = _stamp(now())
    with db.atomic():
        for statement in TABLES_SQL.split(";"):
            if statement.strip():
                db.execute(statement)
        db["metadata"].insert_all(
            [
                {"key": "application", "value": APPLICATION_NAME},
                {"key": "schema_version", "value": str(SCHEMA_VERSION)},
                {"key": "created_at", "value": stamp},
                {"key": "created_with", "value": __version__},
            ]
        )
        db["labels"].insert_all(label.model_dump() for label in DEFAULT_LABELS)
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
