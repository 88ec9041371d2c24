"""Rows added in bulk (by an import or a merge), taken out again and put back: the store's side
of :class:`~annotator.core.session.changes.RowsAdded`.

:class:`Additions` names what was added (ids and keys only, so a merge of 300,000 annotations
records little); :func:`take_out` reads those rows as they are, deletes them and returns them as a
:class:`Snapshot`; :func:`put_back` writes a snapshot again with the same ids. Each runs in one
transaction. Plain functions over a store (they are the store's private ``_take_out`` and
``_put_back``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from annotator.core.models import Label

if TYPE_CHECKING:
    from annotator.core.session.store import SessionStore

_CHUNK = 500


@dataclass
class Additions:
    """What an import or a merge added to a session."""

    documents: list[int] = field(default_factory=list)
    annotations: list[int] = field(default_factory=list)
    links: list[tuple[int, int]] = field(default_factory=list)  # (source_id, target_id)
    rejections: list[tuple[int, int, int]] = field(default_factory=list)  # (document, start, end)
    labels_before: list[Label] | None = None  # None: the labels did not change
    labels_after: list[Label] = field(default_factory=list)
    reference_claims: list[int] = field(default_factory=list)  # published fact-checks' claims
    marks: list[int] = field(default_factory=list)  # claims given a same-claim mark

    @property
    def empty(self) -> bool:
        return not (self.documents or self.annotations or self.links or self.rejections
                    or self.reference_claims or self.marks or self.labels_before is not None)

    def extend(self, other: Additions) -> None:
        """Add what a later step added (a merge's next input)."""
        self.documents += other.documents
        self.annotations += other.annotations
        self.links += other.links
        self.rejections += other.rejections
        self.reference_claims += other.reference_claims
        self.marks += other.marks
        if other.labels_before is not None:
            if self.labels_before is None:
                self.labels_before = other.labels_before
            self.labels_after = other.labels_after


@dataclass
class Snapshot:
    """The rows of :class:`Additions` as they were stored, to be written back."""

    additions: Additions
    documents: list[dict]
    annotations: list[dict]
    links: list[tuple]
    rejections: list[tuple]
    reference_claims: list[dict] = field(default_factory=list)
    marks: list[tuple] = field(default_factory=list)


def _chunks(items: list) -> list[list]:
    return [items[n:n + _CHUNK] for n in range(0, len(items), _CHUNK)]


def _marks(items: list) -> str:
    return ", ".join("?" * len(items))


def _read(store: SessionStore, additions: Additions) -> Snapshot:
    db = store._db
    documents = [
        row for chunk in _chunks(additions.documents)
        for row in db.query(f"SELECT * FROM documents WHERE id IN ({_marks(chunk)})", chunk)
    ]
    annotations = [
        row for chunk in _chunks(additions.annotations)
        for row in db.query(f"SELECT * FROM annotations WHERE id IN ({_marks(chunk)})", chunk)
    ]
    links = [
        tuple(row) for source, target in additions.links
        for row in db.execute("SELECT source_id, target_id, created_at FROM links "
                              "WHERE source_id = ? AND target_id = ?", [source, target])
    ]
    rejections = [
        tuple(row) for span in additions.rejections
        for row in db.execute(
            'SELECT document_id, start, "end", rejected_by, rejected_at FROM rejected_spans '
            'WHERE document_id = ? AND start = ? AND "end" = ?', list(span))
    ]
    reference_claims = [
        row for chunk in _chunks(additions.reference_claims)
        for row in db.query(f"SELECT * FROM reference_claims WHERE id IN ({_marks(chunk)})",
                            chunk)
    ]
    marks = [
        tuple(row) for chunk in _chunks(additions.marks)
        for row in db.execute("SELECT claim_id, same_as, reference_id, marked_by, marked_at "
                              f"FROM same_claims WHERE claim_id IN ({_marks(chunk)})", chunk)
    ]
    return Snapshot(additions, documents, annotations, links, rejections, reference_claims,
                    marks)


def take_out(store: SessionStore, additions: Additions) -> Snapshot:
    """Delete exactly what ``additions`` names (and put the labels back as they were before);
    returns the rows as they were, for :func:`put_back`."""
    snapshot = _read(store, additions)

    def work() -> None:
        conn = store._db.conn
        for chunk in _chunks(additions.marks):
            conn.execute(f"DELETE FROM same_claims WHERE claim_id IN ({_marks(chunk)})", chunk)
        conn.executemany("DELETE FROM links WHERE source_id = ? AND target_id = ?",
                         additions.links)
        conn.executemany('DELETE FROM rejected_spans WHERE document_id = ? AND start = ? '
                         'AND "end" = ?', additions.rejections)
        for chunk in _chunks(additions.annotations):
            conn.execute(f"DELETE FROM annotations WHERE id IN ({_marks(chunk)})", chunk)
        for chunk in _chunks(additions.reference_claims):
            conn.execute(f"DELETE FROM reference_claims WHERE id IN ({_marks(chunk)})", chunk)
        for row in snapshot.documents:
            store._index_document(row["id"], row["title"], row["text"], remove=True)
            conn.execute("DELETE FROM documents WHERE id = ?", [row["id"]])
        if additions.labels_before is not None:
            store.replace_labels(additions.labels_before)

    with store.transaction():
        store._transact(work)
    for row in snapshot.documents:
        store._texts.pop(row["id"], None)
    return snapshot


def put_back(store: SessionStore, snapshot: Snapshot) -> None:
    """Write the rows of a snapshot again, with their ids, in one transaction."""
    additions = snapshot.additions

    def work() -> None:
        conn = store._db.conn
        if additions.labels_before is not None:
            store.replace_labels(additions.labels_after)
        for row in snapshot.documents:
            store._db["documents"].insert(row)
            store._index_document(row["id"], row["title"], row["text"])
        if snapshot.annotations:
            columns = list(snapshot.annotations[0])
            conn.executemany(
                f"INSERT INTO annotations ({', '.join(f'[{c}]' for c in columns)}) "
                f"VALUES ({_marks(columns)})",
                [[row[c] for c in columns] for row in snapshot.annotations],
            )
        conn.executemany("INSERT INTO links (source_id, target_id, created_at) VALUES (?, ?, ?)",
                         snapshot.links)
        conn.executemany('INSERT INTO rejected_spans (document_id, start, "end", rejected_by, '
                         "rejected_at) VALUES (?, ?, ?, ?, ?)", snapshot.rejections)
        for row in snapshot.reference_claims:
            store._db["reference_claims"].insert(row)
        conn.executemany("INSERT INTO same_claims (claim_id, same_as, reference_id, marked_by, "
                         "marked_at) VALUES (?, ?, ?, ?, ?)", snapshot.marks)

    with store.transaction():
        store._transact(work)
