"""The session's read-only queries that the window, the exports and the statistics ask many
times: spans in a stretch of text, table rows and keys, counts, neighbours, export rows.

Functions that :class:`.store.SessionStore` takes as its methods, kept apart so that the store
module holds what changes a session and this one what only reads it. Everything here reads
through ``store._db`` and never writes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from annotator.core.errors import NotFound, ValidationFailed
from annotator.core.models import Annotation
from annotator.core.session.checks import ANNOTATION_COLUMNS
from annotator.core.session.damaged_rows import (
    ANNOTATION_FIELDS,
    annotation_columns,
    read_annotation,
)
from annotator.core.spans import SpanRow

if TYPE_CHECKING:
    from annotator.core.session.store import SessionStore

# the annotation table's row (see annotation_rows): fields of the one list of an annotation's
# (a name not in it fails here), quote and note cut to 2,000 characters
_ROW_FIELDS = tuple(ANNOTATION_FIELDS[ANNOTATION_FIELDS.index(name)] for name in (
    "id", "document_id", "start", "end", "quote", "label", "confidence", "verdict", "note",
    "reviewer"))
_ROW_COLUMNS = ", ".join(
    f"substr({name}, 1, 2000)" if name in ("quote", "note") else annotation_columns(fields=(name,))
    for name in _ROW_FIELDS
)
# what the annotation table can be sorted by
_SORTABLE = {
    "quote": "a.quote COLLATE NOCASE",
    "label": "a.label",
    "confidence": "a.confidence",
    "verdict": "a.verdict",
    "note": "a.note COLLATE NOCASE",
    "reviewer": "a.reviewer COLLATE NOCASE",
}
LONG_SPAN = 2048


def _scope(
    document_id: int | None, reviewer: str | None, alias: str = "",
    sound: tuple[str, list] = ("", []),
) -> tuple[str, list]:
    """The ``WHERE`` clause (or nothing) and its parameters that keep the annotations of one
    document and/or of one reviewer (and, with ``sound``, only the sound ones: see
    :func:`~annotator.core.session.checks._sound`); ``alias`` is the annotations
    table's, with its dot."""
    conditions, params = ([sound[0]], list(sound[1])) if sound[0] else ([], [])
    if document_id:
        conditions.append(f"{alias}document_id = ?")
        params.append(document_id)
    if reviewer is not None:
        conditions.append(f"{alias}reviewer = ?")
        params.append(reviewer)
    return ("WHERE " + " AND ".join(conditions)) if conditions else "", params


# ------------------------------------------------------------------ counts and spans


def annotation_counts(
    store: SessionStore, reviewer: str | None = None
) -> dict[int, dict[str, int]]:
    """The number of annotations per label of each document that has any (of one
    reviewer's annotations, if given)."""
    counts: dict[int, dict[str, int]] = {}
    where, params = _scope(None, reviewer, sound=store._sound())
    for document_id, label, count in store._db.execute(
        f"SELECT document_id, label, COUNT(*) FROM annotations {where} "
        "GROUP BY document_id, label",
        params,
    ):
        counts.setdefault(document_id, {})[label] = count
    return counts


def statistics(
    store, document_id: int | None = None, *, reviewer: str | None = None
) -> dict[str, Any]:
    """Counts for charts, of one document or of the session, of everyone's annotations or
    of one reviewer's:

    ``labels`` {label: n}, ``confidence`` {label: [n at 1, …, n at 5]}, and ``documents``
    [(title, {label: n})] in list order (every document, whatever ``document_id``)."""
    where, params = _scope(document_id, reviewer, sound=store._sound())
    names = [label.name for label in store.labels()]
    labels = dict.fromkeys(names, 0)
    confidence = {name: [0] * 5 for name in names}
    for label, level, count in store._db.execute(
        f"SELECT label, confidence, COUNT(*) FROM annotations {where} "
        "GROUP BY label, confidence",
        params,
    ):
        labels[label] = labels.get(label, 0) + count
        if 1 <= level <= 5:
            confidence.setdefault(label, [0] * 5)[level - 1] += count
    per_document = store.annotation_counts(reviewer)
    documents = [(d.title, per_document.get(d.id, {})) for d in store.documents(counts=False)]
    return {"labels": labels, "confidence": confidence, "documents": documents}


def count_annotations(store: SessionStore, document_id: int | None = None) -> dict[str, int]:
    """Annotation counts per label (every label of the session, zeros included)."""
    counts = dict.fromkeys((label.name for label in store.labels()), 0)
    where, params = _scope(document_id, None, sound=store._sound())
    for label, count in store._db.execute(
        f"SELECT label, COUNT(*) FROM annotations {where} GROUP BY label", params
    ):
        counts[label] = count
    return counts


def spans_between(store: SessionStore, document_id: int, start: int, end: int) -> list[SpanRow]:
    """``(start, end, id, label)`` of the spans that overlap ``[start, end)``, in reading order.

    This is the query the article view paints from: it reads only the index, whatever the
    number of annotations, because a span longer than :data:`LONG_SPAN` is looked up in a
    small per-document list instead.
    """
    sound, hidden = store._and_sound()
    rows = store._db.execute(
        'SELECT start, "end", id, label FROM annotations WHERE document_id = ? '
        f'AND start >= ? AND start < ? AND "end" > ?{sound} ORDER BY start, "end", id',
        [document_id, start - LONG_SPAN + 1, max(end, start + 1), start, *hidden],
    ).fetchall()
    stop = max(end, start + 1)
    long = [s for s in store._long_spans(document_id) if s[0] < stop and s[1] > start]
    if long:
        rows = sorted(set(rows).union(long))
    return rows


def _long_spans(store: SessionStore, document_id: int) -> list[SpanRow]:
    found = store._long_cache.get(document_id)
    if found is None:
        sound, hidden = store._and_sound()
        found = store._db.execute(
            'SELECT start, "end", id, label FROM annotations WHERE document_id = ? '
            f'AND "end" - start >= ?{sound}',
            [document_id, LONG_SPAN, *hidden],
        ).fetchall()
        store._long_cache[document_id] = found
    return found


def annotation_count(store: SessionStore, document_id: int) -> int:
    sound, hidden = store._and_sound()
    return store._db.execute(
        f"SELECT COUNT(*) FROM annotations WHERE document_id = ?{sound}", [document_id, *hidden]
    ).fetchone()[0]


def annotation_keys(store: SessionStore, document_id: int) -> list[tuple[int, int, int]]:
    """``(start, end, id)`` of every annotation of a document, in reading order (read from
    the index alone: about 60 ms for 100,000 annotations)."""
    sound, hidden = store._and_sound()
    return store._db.execute(
        f'SELECT start, "end", id FROM annotations WHERE document_id = ?{sound} '
        'ORDER BY start, "end", id',
        [document_id, *hidden],
    ).fetchall()


def annotation_rows(
    store,
    document_id: int,
    *,
    after: tuple[int, int, int] | None = None,
    offset: int = 0,
    limit: int = 50,
) -> list[tuple]:
    """Plain rows for a table, in reading order: ``(id, document_id, start, end, quote,
    label, confidence, verdict, note, reviewer)``, quote and note cut to 2,000 characters.

    From the annotation whose ``(start, end, id)`` is ``after`` on (a page that costs the
    same anywhere in the document), or from row ``offset``.
    """
    columns = _ROW_COLUMNS
    sound, hidden = store._and_sound()
    if after is not None:
        return store._db.execute(
            f"SELECT {columns} FROM annotations WHERE document_id = ?{sound} "
            'AND (start, "end", id) >= (?, ?, ?) ORDER BY start, "end", id LIMIT ?',
            [document_id, *hidden, *after, limit],
        ).fetchall()
    return store._db.execute(
        f"SELECT {columns} FROM annotations WHERE document_id = ?{sound} "
        'ORDER BY start, "end", id LIMIT ? OFFSET ?',
        [document_id, *hidden, limit, offset],
    ).fetchall()


def annotation_ids(
    store,
    document_id: int | None,
    *,
    label: str | None = None,
    min_confidence: int | None = None,
    reviewer: str | None = None,
    words: str = "",
    order: str | None = None,
    descending: bool = False,
) -> list[int]:
    """Ids of the annotations of one document (or of all) that pass the filters, sorted by
    ``order`` (a column of the table: quote, label, confidence, verdict, note, reviewer;
    ties and ``None`` in reading order). ``words``: every word in the quote or the note."""
    sound, hidden = store._sound("a.")
    where, params = ([sound], hidden) if sound else ([], [])
    if document_id is not None:
        where.append("a.document_id = ?")
        params.append(document_id)
    if label:
        where.append("a.label = ?")
        params.append(label)
    if min_confidence:
        where.append("a.confidence >= ?")
        params.append(min_confidence)
    if reviewer:
        where.append("a.reviewer = ?")
        params.append(reviewer)
    for word in words.split():
        where.append("(instr(lower(a.quote), ?) > 0 OR instr(lower(a.note), ?) > 0)")
        params.extend([word.casefold()] * 2)
    reading = 'd.position, a.document_id, a.start, a."end", a.id'
    if order is not None:
        if order not in _SORTABLE:
            raise ValidationFailed(f"the table cannot be sorted by {order!r}")
        direction = "DESC" if descending else "ASC"
        ordering = f"{_SORTABLE[order]} {direction}, {reading}"
    else:
        ordering = reading
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    return [
        row[0] for row in store._db.execute(
            "SELECT a.id FROM annotations a JOIN documents d ON d.id = a.document_id "
            f"{clause} ORDER BY {ordering}",
            params,
        )
    ]


def labelled_quotes(store: SessionStore, label: str) -> list[tuple[int, int, str, str | None]]:
    """``(id, document_id, quote, verdict)`` of every annotation with ``label``, in the order
    of the documents and then of the text: plain rows, quick to read for a whole session
    (100,000 annotations as models take seconds)."""
    sound, hidden = store._sound("a.")
    return store._db.execute(
        "SELECT a.id, a.document_id, a.quote, a.verdict "
        "FROM annotations a JOIN documents d ON d.id = a.document_id WHERE a.label = ?"
        + (f" AND {sound}" if sound else "")
        + ' ORDER BY d.position, a.document_id, a.start, a."end", a.id', [label, *hidden],
    ).fetchall()


def annotation_rows_by_id(store: SessionStore, ids: list[int]) -> list[tuple]:
    """The table rows (see :meth:`annotation_rows`) of these annotations, in this order."""
    if not ids:
        return []
    marks = ", ".join("?" * len(ids))
    sound, hidden = store._and_sound()
    found = {
        row[0]: row for row in store._db.execute(
            f"SELECT {_ROW_COLUMNS} FROM annotations WHERE id IN ({marks}){sound}",
            [*ids, *hidden],
        )
    }
    return [found[i] for i in ids if i in found]


def reviewers(store: SessionStore) -> list[str]:
    """Everyone who has annotated in this session, by name."""
    where, params = _scope(None, None, sound=store._sound())
    return [
        row[0] for row in store._db.execute(
            f"SELECT DISTINCT reviewer FROM annotations {where} "
            "ORDER BY reviewer COLLATE NOCASE", params
        )
    ]


def require_reviewers(store: SessionStore, names: Iterable[str]) -> list[str]:
    """The session's reviewers; raises :class:`NotFound` naming the first of ``names``
    that has no annotation in it."""
    everyone = store.reviewers()
    unknown = next((name for name in names if name not in everyone), None)
    if unknown is not None:
        known = ", ".join(everyone) or "none yet"
        raise NotFound(
            f"no reviewer named {unknown!r} has annotated in this session "
            f"(its reviewers: {known})"
        )
    return everyone


def reviewer_counts(store: SessionStore) -> dict[str, int]:
    """How many annotations each reviewer (and the gold layer) has, by name."""
    where, params = _scope(None, None, sound=store._sound())
    return {
        row[0]: row[1] for row in store._db.execute(
            f"SELECT reviewer, COUNT(*) FROM annotations {where} GROUP BY reviewer "
            "ORDER BY reviewer COLLATE NOCASE", params
        )
    }


def neighbour(
    store,
    document_id: int,
    after: tuple[int, int, int],
    *,
    backwards: bool = False,
    label: str | None = None,
) -> Annotation | None:
    """The next annotation in reading order after ``after`` = ``(start, end, id)`` (or the
    previous one), optionally only of one label; wraps around the document."""
    compare, order = ("<", "DESC") if backwards else (">", "ASC")
    sound, hidden = store._and_sound()
    where = "document_id = ?" + (" AND label = ?" if label else "") + sound
    params: list[Any] = [document_id, *([label] if label else []), *hidden]
    ordering = f'ORDER BY start {order}, "end" {order}, id {order} LIMIT 1'
    for extra, extra_params in (
        (f' AND (start, "end", id) {compare} (?, ?, ?)', list(after)),
        ("", []),  # wrap around
    ):
        row = next(
            store._db.query(
                f"SELECT {ANNOTATION_COLUMNS} FROM annotations WHERE {where}{extra} "
                + ordering,
                params + extra_params,
            ),
            None,
        )
        if row is not None:
            found = read_annotation(row)
            return found if isinstance(found, Annotation) else None
    return None


def stored_annotation_rows(
    store, document_id: int, *, reviewer: str | None = None
) -> sqlite3.Cursor:
    """The annotations of one document (all, or one reviewer's) as stored: plain tuples in
    :data:`ANNOTATION_COLUMNS` order, in reading order, without the damaged ones but not
    built into models (for reading a large document's annotations in bulk; see
    :func:`annotator.core.formats.records.session_records`)."""
    where, params = _scope(document_id, reviewer, sound=store._sound())
    return store._db.execute(
        f'SELECT {ANNOTATION_COLUMNS} FROM annotations {where} ORDER BY start, "end", id',
        params,
    )


def export_rows(
    store, document_id: int | None = None, *, neutralise: tuple[str, ...] = (),
    reviewer: str | None = None,
) -> sqlite3.Cursor:
    """Rows of the CSV export in its column order (see
    :mod:`~annotator.core.formats.csv_format`).

    Free-text cells that start with one of ``neutralise`` get a leading apostrophe, done by
    SQLite so that a large export runs at the speed of the CSV writer.
    """
    params: list[Any] = []

    def text(column: str) -> str:
        if not neutralise:
            return column
        params.extend(neutralise)
        params.extend(neutralise)
        marks = ", ".join("?" * len(neutralise))
        # a formula character first, or after apostrophes the cell starts with (so that
        # reading it back tells the one added from the text's own: see
        # export_csv.neutralise_cell); the cheap test first, for speed
        quote = "''''"
        return (
            f"CASE WHEN substr({column}, 1, 1) IN ({marks}) THEN {quote} || {column} "
            f"WHEN substr({column}, 1, 1) = {quote} "
            f"AND substr(ltrim({column}, {quote}), 1, 1) IN ({marks}) "
            f"THEN {quote} || {column} ELSE {column} END"
        )

    columns = (
        f'a.id, a.document_id, {text("d.title")}, d.sha256, a.start, a."end", '
        f"{text('a.quote')}, {text('a.label')}, a.confidence, {text('a.note')}, "
        f"{text('a.reviewer')}, a.created_at, a.updated_at, a.verdict, "
        "(SELECT group_concat(value, ' ') FROM json_each(a.evidence)), "
        "(SELECT group_concat(target_id, ' ') FROM "
        "(SELECT target_id FROM links WHERE source_id = a.id ORDER BY target_id)), "
        f"a.origin, {text('d.url')}, {text('d.outlet')}, "
        + text("CASE WHEN json_valid(d.authors) AND json_type(d.authors) = 'array' THEN "
               "(SELECT group_concat(value, '; ') FROM json_each(d.authors)) END")
        + ", d.published, "
        "(SELECT coalesce(CAST(s.same_as AS TEXT), 'ref:' || s.reference_id) "
        "FROM same_claims s WHERE s.claim_id = a.id), "
        f"{text('a.claim_reviewed')}, {text('a.fact_check_url')}"
    )
    where, scope_params = _scope(document_id, reviewer, "a.", store._sound("a."))
    params.extend(scope_params)
    return store._db.execute(
        f"SELECT {columns} FROM annotations a JOIN documents d ON d.id = a.document_id "
        f'{where} ORDER BY d.position, a.document_id, a.start, a."end", a.id',
        params,
    )
