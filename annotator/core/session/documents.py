"""Documents of a session: adding, listing, finding (full-text search), removing and
putting back, progress and reading position.

Plain functions over a store: each is a method of
:class:`~annotator.core.session.store.SessionStore` (assigned in its class), so the store's API
stays one object while its code lives in modules of one concern each.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from annotator.core.articles.text import check_document_size, sha256_text
from annotator.core.defaults import STATUSES
from annotator.core.errors import (
    DamagedRowError,
    NotFound,
    ValidationFailed,
)
from annotator.core.models import (
    Annotation,
    Document,
    DocumentSummary,
)
from annotator.core.session.bulk import provenance_row
from annotator.core.session.checks import SUMMARY_COLUMNS
from annotator.core.session.database import (
    stamp,
)

if TYPE_CHECKING:
    from annotator.core.articles.provenance import Provenance
    from annotator.core.articles.reading import ImportedDocument
    from annotator.core.session.store import SessionStore


class RemovedDocument(NamedTuple):
    """All that went with a removed document, for :meth:`SessionStore._restore_document`: its
    annotations, the links between them ``(source_id, target_id, created_at)`` and the
    adjudicator's rejections in it ``(start, end, rejected_by, rejected_at)``, as stored."""

    document: Document
    annotations: list[Annotation]
    links: list[tuple[int, int, str]]
    rejections: list[tuple[int, int, str, str]]


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


_SQLITE_INTEGERS = range(-(2**63), 2**63)


def _require_storable(item_id: int, kind: str) -> None:
    """An id SQLite cannot even hold (beyond its 64-bit integers) names nothing in a session."""
    if isinstance(item_id, int) and item_id not in _SQLITE_INTEGERS:
        raise NotFound(f"the session has no {kind} {item_id}")


def add_document(store: SessionStore, document: ImportedDocument) -> tuple[DocumentSummary, bool]:
    """Add an imported document; returns it and whether it was new.

    A document whose text the session already holds (same SHA-256) is not added twice:
    the existing one is returned with ``False``. A text over the size limit of a document
    (:func:`~annotator.core.articles.text.check_document_size`) is refused, whatever it was read
    from.
    """
    check_document_size(document.text)
    existing = _id_of_text(store, sha256_text(document.text))
    if existing is not None:
        return store.document_summary(existing), False
    return store.document_summary(store.insert_document(document, document.text)), True


def _id_of_text(store: SessionStore, sha256: str) -> int | None:
    row = store._db.execute("SELECT id FROM documents WHERE sha256 = ?", [sha256]).fetchone()
    return row[0] if row else None


def document_with_text(store: SessionStore, sha256: str) -> DocumentSummary | None:
    """The document whose text has this SHA-256 (one indexed look-up), or None (also when it is
    damaged: see :meth:`damage`)."""
    found = _id_of_text(store, sha256)
    if found is None or found in store._known_damage().documents:
        return None
    return store.document_summary(found)


def documents(store: SessionStore, *, counts: bool = True) -> list[DocumentSummary]:
    """Every document of the session, in list order, with its annotation count.

    With ``counts=False`` the counts are left at 0 (see :meth:`annotation_counts`), which
    saves reading the whole annotation index of a large session.
    """
    left_out = store._known_damage().documents
    if counts:
        sound, hidden = store._and_sound("a.")
        rows = store._db.query(
            f"SELECT {SUMMARY_COLUMNS}, COUNT(a.id) AS annotation_count "
            f"FROM documents d LEFT JOIN annotations a ON a.document_id = d.id{sound} "
            "GROUP BY d.id ORDER BY d.position, d.id", hidden
        )
    else:
        rows = store._db.query(
            f"SELECT {SUMMARY_COLUMNS} FROM documents d ORDER BY d.position, d.id"
        )
    return [store._summary_of(row) for row in rows if row["id"] not in left_out]


def set_document_status(store: SessionStore, document_id: int, status: str) -> str:
    """Set a document's progress (``not_started``, ``in_progress``, ``done``); returns the
    status it had."""
    if status not in STATUSES:
        raise ValidationFailed(f"unknown status {status!r} (one of: {', '.join(STATUSES)})")
    before = store.document_summary(document_id).status
    store._transact(
        lambda: store._db.execute(
            "UPDATE documents SET status = ? WHERE id = ?", [status, document_id]
        )
    )
    return before


def find_documents(store: SessionStore, words: str) -> list[int]:
    """Ids of the documents whose title or text has every word of ``words``, in list order.

    The search uses the session's full-text index (SQLite FTS5 through sqlite-utils): case
    and accents are ignored, and each word also finds the words it begins (“minist” finds
    “ministry”); a quoted phrase finds those words in a row.
    """
    query = fts_query(words)
    if not query:
        return [d.id for d in store.documents(counts=False)]
    found = {
        row["id"] for row in store._db["documents"].search(query, columns=["id"])
    }
    found.update(_found_in_provenance(store, words))
    return [row[0] for row in store._db.execute(
        "SELECT id FROM documents ORDER BY position, id") if row[0] in found]


def _found_in_provenance(store: SessionStore, words: str) -> set[int]:
    """Ids of the documents whose address, outlet or authors hold every word (ignoring case):
    "courier" finds the articles of The Lowland Courier."""
    terms = [(phrase or word).strip().casefold() for phrase, word in
             re.findall(r'"([^"]*)"|(\S+)', words)]
    terms = [term for term in terms if term]
    if not terms:
        return set()
    where = " AND ".join(["instr(lower(coalesce(url, '') || ' ' || coalesce(outlet, '') "
                          "|| ' ' || authors), ?) > 0"] * len(terms))
    return {row[0] for row in store._db.execute(
        f"SELECT id FROM documents WHERE {where}", terms)}


def set_document_provenance(store: SessionStore, document_id: int,
                            provenance: Provenance) -> Provenance:
    """Set where an article came from (its address, outlet, authors, dates); returns what it
    had before."""
    before = store.document_summary(document_id).provenance
    row = provenance_row(provenance)
    store._transact(lambda: store._db.execute(
        "UPDATE documents SET url = ?, outlet = ?, authors = ?, published = ?, retrieved = ? "
        "WHERE id = ?", [*row.values(), document_id]))
    return before


def _mend_search_index(store: SessionStore) -> None:
    """Rebuild the full-text index if it does not hold exactly the session's documents
    (documents added or removed by another program, such as sqlite-utils)."""
    # as many entries as documents, and none for a document that is gone: one query
    (out_of_step,) = store._db.execute(
        "SELECT (SELECT COUNT(*) FROM documents_fts_docsize) "
        "!= (SELECT COUNT(*) FROM documents) OR EXISTS (SELECT 1 FROM "
        "documents_fts_docsize WHERE id NOT IN (SELECT id FROM documents))"
    ).fetchone()
    if out_of_step:
        store.rebuild_search_index()


def rebuild_search_index(store: SessionStore) -> None:
    """Index every document's title and text again (what `sqlite-utils rebuild-fts` does)."""
    store._transact(lambda: store._db.execute(
        "INSERT INTO documents_fts (documents_fts) VALUES ('rebuild')"
    ))


def _index_document(store: SessionStore, doc_id: int, title: str, text: str, *,
                    remove: bool = False) -> None:
    """Add a document to the full-text index, or take it out (inside a transaction)."""
    if remove:
        store._db.execute(
            "INSERT INTO documents_fts (documents_fts, rowid, title, text) "
            "VALUES ('delete', ?, ?, ?)",
            [doc_id, title, text],
        )
    else:
        store._db.execute(
            "INSERT INTO documents_fts (rowid, title, text) VALUES (?, ?, ?)",
            [doc_id, title, text],
        )


def document_summary(store: SessionStore, document_id: int) -> DocumentSummary:
    _require_storable(document_id, "document")
    store._require_sound_document(document_id)
    sound, hidden = store._and_sound("a.")
    row = next(
        store._db.query(
            f"SELECT {SUMMARY_COLUMNS}, "
            f"(SELECT COUNT(*) FROM annotations a WHERE a.document_id = d.id{sound}) "
            "AS annotation_count FROM documents d WHERE d.id = ?",
            [*hidden, document_id],
        ),
        None,
    )
    if row is None:
        raise NotFound(f"the session has no document {document_id}")
    return store._summary_of(row)


def _require_sound_document(store: SessionStore, document_id: int) -> None:
    problem = store._known_damage().documents.get(document_id)
    if problem is not None:
        raise DamagedRowError(f"the session's {problem.sentence}")


def document(store: SessionStore, document_id: int) -> Document:
    """A document with its text (its ``annotation_count`` is not counted: 0)."""
    _require_storable(document_id, "document")
    row = next(
        store._db.query(f"SELECT {SUMMARY_COLUMNS} FROM documents d WHERE d.id = ?",
                       [document_id]),
        None,
    )
    if row is None:
        raise NotFound(f"the session has no document {document_id}")
    text = store.document_text(document_id)
    summary = store._summary_of(row)
    if summary.char_count != len(text):  # the text was changed outside the program
        summary = summary.model_copy(update={"char_count": len(text),
                                             "sha256": sha256_text(text)})
    # the summary was read (and checked) by the store, and the text fits it: the model need
    # not check them again
    return Document.model_construct(**dict(summary), text=text)


def document_text(store: SessionStore, document_id: int) -> str:
    text = store._texts.get(document_id)
    if text is None:
        _require_storable(document_id, "document")
        row = store._db.execute(
            "SELECT text FROM documents WHERE id = ?", [document_id]
        ).fetchone()
        if row is None:
            raise NotFound(f"the session has no document {document_id}")
        text = row[0]
        if not isinstance(text, str):
            store._require_sound_document(document_id)
            raise DamagedRowError(f"the session's document {document_id} has no text")
        if len(store._texts) >= 4:
            store._texts.pop(next(iter(store._texts)))
        store._texts[document_id] = text
    return text


def remove_document(store: SessionStore, document_id: int) -> RemovedDocument:
    """Remove a document with its annotations, their links and the adjudicator's rejections
    in it; returns them all, for :meth:`_restore_document`."""
    document = store.document(document_id)
    annotations = store.annotations(document_id)
    links = [tuple(row) for row in store._db.execute(
        "SELECT l.source_id, l.target_id, l.created_at FROM links l JOIN annotations a "
        "ON a.id = l.source_id WHERE a.document_id = ? ORDER BY l.source_id, l.target_id",
        [document_id],
    )]
    rejections = [tuple(row) for row in store._db.execute(
        'SELECT start, "end", rejected_by, rejected_at FROM rejected_spans '
        'WHERE document_id = ? ORDER BY start, "end"',
        [document_id],
    )]

    def work() -> None:
        store._index_document(document_id, document.title, document.text, remove=True)
        store._db.execute("DELETE FROM documents WHERE id = ?", [document_id])

    store._transact(work)
    store._texts.pop(document_id, None)
    return RemovedDocument(document, annotations, links, rejections)


def _restore_document(store: SessionStore,
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
    annotations = [store._validated(a.model_dump(), document.text) for a in annotations]
    if store._document_exists(document.id):
        raise ValidationFailed(f"document {document.id} already exists")
    def work() -> None:
        store._db["documents"].insert(row)
        store._index_document(document.id, document.title, document.text)
        store._db["annotations"].insert_all(
            (store._row(a) for a in annotations), batch_size=500
        )
        store._db.conn.executemany(
            "INSERT INTO links (source_id, target_id, created_at) VALUES (?, ?, ?)", links
        )
        store._db.conn.executemany(
            'INSERT INTO rejected_spans (document_id, start, "end", rejected_by, rejected_at) '
            "VALUES (?, ?, ?, ?, ?)",
            [(document.id, *rejection) for rejection in rejections],
        )

    store._transact(work)


def set_last_offset(store: SessionStore, document_id: int, offset: int) -> None:
    """Remember where the reviewer was reading in a document (a code-point offset)."""
    store._transact(
        lambda: store._db.execute(
            "UPDATE documents SET last_offset = ? WHERE id = ?",
            [max(0, int(offset)), document_id],
        )
    )


def _document_exists(store: SessionStore, document_id: int) -> bool:
    return (
        store._db.execute("SELECT 1 FROM documents WHERE id = ?", [document_id]).fetchone()
        is not None
    )


def _has_documents(store: SessionStore) -> bool:
    return store._db.execute("SELECT 1 FROM documents LIMIT 1").fetchone() is not None
