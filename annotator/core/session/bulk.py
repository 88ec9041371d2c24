"""Reading and writing many rows at once: what a merge of whole sessions needs, at the speed of
``executemany``, through public methods of the store (each is a method of
:class:`~annotator.core.session.store.SessionStore`; plain functions over it here).

The writes trust what they are given to have been checked against the session already (the
merge validates every annotation with :func:`~annotator.core.session.damaged_rows.read_annotation`
against the document's text and the session's labels); they run inside :meth:`write` or
:meth:`~annotator.core.session.store.SessionStore.transaction`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from annotator.core.articles.text import check_document_size, sha256_text
from annotator.core.models import now
from annotator.core.session.damaged_rows import ANNOTATION_COLUMNS, ANNOTATION_FIELDS
from annotator.core.session.database import stamp

if TYPE_CHECKING:
    from annotator.core.session.store import SessionStore

T = TypeVar("T")
_REJECTION_COLUMNS = 'document_id, start, "end", rejected_by, rejected_at'


def write(store: SessionStore, work: Callable[[], T]) -> T:
    """Run ``work`` (which changes the session through the store's methods) as one transaction:
    all of it is written or none. On a store that keeps working in memory, a write the disk
    refuses moves the session into memory and ``work`` runs again, so it must start from
    zero and change nothing outside the session until it returns."""

    def batched() -> T:
        if store._batch:
            return work()
        store._batch = True
        try:
            return work()
        except BaseException:
            store._texts.clear()
            store._label_names = None
            raise
        finally:
            store._batch = False

    return store._transact(batched)


def _joined(store: SessionStore, work: Callable[[], T]) -> T:
    """Run ``work`` as part of the open :func:`write` (no savepoint of its own, for speed), or
    in a transaction of its own."""
    return work() if store._batch else store._transact(work)


def document_row(source: Any, text: str, *, position: int, status: str | None = None) -> dict:
    """A new row of the documents table: ``source`` has the title and the source details (an
    imported document, or another session's document summary)."""
    row = {
        "title": source.title,
        "text": text,
        "sha256": sha256_text(text),
        "char_count": len(text),
        "source_path": source.source_path,
        "source_format": source.source_format,
        "source_encoding": source.source_encoding,
        "source_sha256": source.source_sha256,
        "imported_at": stamp(now()),
        "position": position,
        "last_offset": 0,
        **provenance_row(getattr(source, "provenance", None)),
    }
    if status is not None:
        row["status"] = status
    return row


def provenance_row(provenance: Any) -> dict:
    """The documents table's provenance columns for a
    :class:`~annotator.core.articles.provenance.Provenance` (all empty for ``None``)."""
    if provenance is None:
        return {"url": None, "outlet": None, "authors": "[]", "published": None,
                "retrieved": None}
    return {
        "url": provenance.url,
        "outlet": provenance.outlet,
        "authors": json.dumps(list(provenance.authors), ensure_ascii=False),
        "published": provenance.published.isoformat() if provenance.published else None,
        "retrieved": provenance.retrieved.isoformat() if provenance.retrieved else None,
    }


def next_position(store: SessionStore) -> int:
    """The list position after the last document's."""
    return store._db.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM documents").fetchone()[0]


def insert_document(store: SessionStore, source: Any, text: str, *, status: str | None = None,
                    position: int | None = None) -> int:
    """Add a document (at ``position``, or after the others; and to the search index) without
    looking for one with the same text; returns its id. A text over the size limit is
    refused."""
    check_document_size(text)
    position = next_position(store) if position is None else position
    row = document_row(source, text, position=position, status=status)

    def work() -> int:
        doc_id = store._db["documents"].insert(row).last_pk
        store._index_document(doc_id, row["title"], row["text"])
        return doc_id

    return _joined(store, work)


def next_annotation_id(store: SessionStore) -> int:
    """The id the next annotation gets (after the highest ever given)."""
    conn = store._db.conn
    counter = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'annotations'").fetchone()
    highest = conn.execute("SELECT COALESCE(MAX(id), 0) FROM annotations").fetchone()[0]
    return max(counter[0] if counter else 0, highest) + 1


def insert_annotation_rows(store: SessionStore, rows: list[tuple]) -> None:
    """Write checked annotation rows, in :data:`ANNOTATION_FIELDS` order, with their ids."""
    if rows:
        marks = ", ".join("?" * len(ANNOTATION_FIELDS))
        _joined(store, lambda: store._db.conn.executemany(
            f"INSERT INTO annotations ({ANNOTATION_COLUMNS}) VALUES ({marks})", rows))


def stored_rows(store: SessionStore, document_id: int) -> list[sqlite3.Row]:
    """Every annotation row of a document as stored (damaged ones too), by id, read by name."""
    cursor = store._db.conn.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(
        f"SELECT {ANNOTATION_COLUMNS} FROM annotations WHERE document_id = ? ORDER BY id",
        [document_id],
    ).fetchall()


def annotators(store: SessionStore) -> dict[int, set[str]]:
    """Who has annotated each document: ``{document_id: {reviewer, ...}}``."""
    found: dict[int, set[str]] = {}
    for doc_id, reviewer in store._db.execute(
            "SELECT DISTINCT document_id, reviewer FROM annotations"):
        found.setdefault(doc_id, set()).add(reviewer)
    return found


def span_keys(store: SessionStore, document_id: int,
              reviewers: set[str]) -> dict[tuple, int]:
    """``(start, end, label, reviewer) -> id`` of a document's annotations by these reviewers."""
    if not reviewers:
        return {}
    sql = 'SELECT start, "end", label, reviewer, id FROM annotations WHERE document_id = ?'
    params: list[Any] = [document_id]
    if len(reviewers) <= 200:
        sql += f" AND reviewer IN ({', '.join('?' * len(reviewers))})"
        params.extend(sorted(reviewers))
    return {(s, e, label, who): i for s, e, label, who, i in store._db.execute(sql, params)}


def annotation_span_keys(store: SessionStore, document_id: int) -> set[tuple]:
    """``(start, end, label, reviewer)`` of every annotation of a document: what an import
    checks a new annotation against (the same span, label and reviewer is already there)."""
    return set(store._db.execute(
        'SELECT start, "end", label, reviewer FROM annotations WHERE document_id = ?',
        [document_id]).fetchall())


def add_links(store: SessionStore, pairs: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Link annotations ``(source_id, target_id)``, leaving links already there as they are;
    returns the links made."""
    pairs = sorted(set(pairs))
    if not pairs:
        return []
    conn = store._db.conn
    sources = sorted({source for source, _ in pairs})
    there = {tuple(row) for chunk in (sources[n:n + 500] for n in range(0, len(sources), 500))
             for row in conn.execute("SELECT source_id, target_id FROM links WHERE source_id IN "
                                     f"({', '.join('?' * len(chunk))})", chunk)}
    new = [pair for pair in pairs if pair not in there]
    created = stamp(now())
    _joined(store, lambda: conn.executemany(
        "INSERT INTO links (source_id, target_id, created_at) VALUES (?, ?, ?)",
        [(s, t, created) for s, t in new]))
    return new


def rejection_rows(store: SessionStore) -> list[tuple]:
    """``(document_id, start, end, rejected_by, rejected_at)`` of every rejected span (none from
    a session older than the adjudication)."""
    try:
        return store._db.execute(
            f"SELECT {_REJECTION_COLUMNS} FROM rejected_spans ORDER BY document_id, start, \"end\""
        ).fetchall()
    except sqlite3.OperationalError:  # no such table
        return []


def add_rejections(store: SessionStore, rows: Iterable[tuple]) -> list[tuple[int, int, int]]:
    """Add rejected spans ``(document_id, start, end, rejected_by, rejected_at)``; a span rejected
    already keeps its own record. Returns the spans added, ``(document_id, start, end)``."""
    rows = list(rows)
    if not rows:
        return []
    known = {tuple(row[:3]) for row in rejection_rows(store)}
    new = []
    for row in rows:
        if tuple(row[:3]) not in known:
            known.add(tuple(row[:3]))
            new.append(tuple(row))
    _joined(store, lambda: store._db.conn.executemany(
        f"INSERT INTO rejected_spans ({_REJECTION_COLUMNS}) VALUES (?, ?, ?, ?, ?)", new))
    return [row[:3] for row in new]
