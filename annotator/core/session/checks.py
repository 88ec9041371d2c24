"""The store's checks of what it reads: which rows of a session break its rules.

Functions that :class:`annotator.core.session.store.SessionStore` takes as its methods: they
find, once, the rows another program changed so that they break the session's rules (see
:mod:`annotator.core.session.damaged_rows`), and give every query of annotations the condition
that leaves the damaged ones out.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from annotator.core.defaults import MAX_NOTE_CHARS, MAX_REVIEWER_CHARS, ORIGINS
from annotator.core.errors import DamagedRowError
from annotator.core.models import DocumentSummary, Label
from annotator.core.session.damaged_rows import (
    ANNOTATION_COLUMNS,
    ANNOTATION_FIELDS,
    DamagedRow,
    SessionDamage,
    aware_stamp,
    looks_sound,
    read_annotation,
    read_document_summary,
    read_label,
    text_changed,
)

if TYPE_CHECKING:
    from annotator.core.session.store import SessionStore

SUMMARY_COLUMNS = (
    "d.id, d.title, d.sha256, d.char_count, d.source_path, d.source_format, d.source_encoding, "
    "d.source_sha256, d.imported_at, d.position, d.last_offset, d.status, d.url, d.outlet, "
    "d.authors, d.published, d.retrieved"
)

# what the quick check asks of an annotation (parameters: the text's length, the label names as
# JSON): a sound span and label (read from the index), and values of the right types
_SHAPE = (
    "typeof(start) = 'integer' AND typeof(\"end\") = 'integer' AND start >= 0 "
    "AND \"end\" > start AND \"end\" <= ? AND label IN (SELECT value FROM json_each(?)) "
    "AND typeof(quote) = 'text' AND typeof(note) = 'text' AND typeof(reviewer) = 'text' "
    "AND typeof(confidence) = 'integer' AND confidence BETWEEN 1 AND 5 "
    "AND (verdict IS NULL OR typeof(verdict) = 'text')"
)
# The same for a table whose types SQLite itself holds (STRICT, NOT NULL): the span and the
# label alone, which its covering index answers without reading the rows.
_SPAN_SHAPE = (
    "start >= 0 AND \"end\" > start AND \"end\" <= ? "
    "AND label IN (SELECT value FROM json_each(?))"
)
# What looks_sound asks that SQLite can answer, for a table whose types it holds (parameters:
# the text's length and the label names as JSON). The lengths of the note and the
# reviewer are counted in bytes, at least their characters (length() of a text stops at a NUL),
# so a row this passes passes looks_sound's tests of them.
_FULL_SHAPE = (
    _SPAN_SHAPE + " AND confidence BETWEEN 1 AND 5 AND evidence = '[]' "
    f"AND length(CAST(note AS BLOB)) <= {MAX_NOTE_CHARS} "
    f"AND length(CAST(reviewer AS BLOB)) BETWEEN 1 AND {MAX_REVIEWER_CHARS} "
    # a verdict key's shape (defaults.VERDICT_KEY), as the model reads a row without a scale
    "AND (verdict IS NULL OR (length(verdict) BETWEEN 1 AND 40 AND verdict GLOB '[a-z]*' "
    "AND verdict NOT GLOB '*[^a-z0-9_]*')) "
    f"AND origin IN ({', '.join(repr(name) for name in ORIGINS)}) "
    "AND claim_reviewed IS NULL AND fact_check_url IS NULL"
)
_HELD_BY_SQLITE = ("strict", "start integer not null", '"end" integer not null',
                   "quote text not null", "label text not null", "note text not null",
                   "reviewer text not null", "confidence integer not null")


# ------------------------------------------------------------------ damaged rows


def damage(store: SessionStore) -> SessionDamage:
    """What the session holds that breaks its rules (rows changed by another program), found
    once: annotations and documents left out, labels and documents shown repaired.

    Every annotation is checked against its document's text: about a second for 60,000
    annotations on a busy machine. A store opened with ``defer_integrity_check`` (the
    window's) runs only a quick check of what it reads until this has been run or its
    result given with :meth:`adopt_damage` (the window runs it off the GUI thread)."""
    if store._damage is None:
        store._damage = store._scan_for_damage(thorough=True)
    return store._damage


def adopt_damage(store: SessionStore, found: SessionDamage) -> None:
    """Use ``found``, the damage found in this session by another store (in another
    thread), as this store's own."""
    store._damage = found


def checked_damage(store: SessionStore) -> SessionDamage | None:
    """The full check's result if it has been made (or adopted), else None: for a reader of
    the same file to adopt rather than check every row again."""
    return store._damage


def _known_damage(store: SessionStore) -> SessionDamage:
    """The thorough check's result; before it, in a store that defers it, a quick check's:
    documents and labels as the thorough one finds them, and the annotations whose span,
    label or types would break the window (read from the index alone)."""
    if store._damage is not None:
        return store._damage
    if not store._defer_damage:
        return store.damage()
    if store._early_damage is None:
        store._early_damage = store._scan_for_damage(thorough=False)
    return store._early_damage


def _sound(store: SessionStore, alias: str = "") -> tuple[str, list]:
    """A condition (or ``""``) and its parameters that leave out the damaged annotations;
    every query of annotations uses it, so that no damaged row reaches the window, an
    export or the figures."""
    hidden = store._known_damage().hidden_ids
    if not hidden:
        return "", []
    return f"{alias}id NOT IN (SELECT value FROM json_each(?))", [json.dumps(hidden)]


def _and_sound(store: SessionStore, alias: str = "") -> tuple[str, list]:
    condition, params = store._sound(alias)
    return (f" AND {condition}" if condition else ""), params


def _read_labels(store: SessionStore) -> tuple[list[Label], list[DamagedRow]]:
    labels, damaged = [], []
    for row in store._db.query("SELECT * FROM labels ORDER BY position, name"):
        label, problem = read_label(row)
        if label is not None:
            labels.append(label)
        if problem is not None:
            damaged.append(problem)
    return labels, damaged


def _scan_for_damage(store: SessionStore, *, thorough: bool) -> SessionDamage:
    """Read every row once: labels, documents, and each document's annotations against its
    text (quickly; the model names what is wrong with the few that fail). Not
    ``thorough``: the annotations' spans, labels and types only, from the index."""
    found = SessionDamage()
    labels, repaired = store._read_labels()
    found.repaired.extend(repaired)
    names = frozenset(label.name for label in labels)
    hidden: list[int] = []
    sound: list[tuple[int, Any]] = []
    for row in store._db.query(
        f"SELECT {SUMMARY_COLUMNS}, typeof(d.text) = 'text' AS has_text "
        "FROM documents d ORDER BY d.position, d.id"
    ):
        has_text = row.pop("has_text")
        summary, problem = read_document_summary(row)
        if summary is not None and not has_text:
            summary, problem = None, DamagedRow(
                "document", row["id"], "it has no text (its annotations are left out with it)")
        if summary is None:
            found.documents[row["id"]] = problem
            hidden.extend(r[0] for r in store._db.execute(
                "SELECT id FROM annotations WHERE document_id = ?", [row["id"]]))
            continue
        if problem is not None:
            found.repaired.append(problem)
        sound.append((summary.id, row["char_count"]))
    for document_id, recorded in sound:
        if not thorough:
            store._quick_scan(document_id, recorded, names, found)
            continue
        (text,) = store._db.execute(
            "SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()
        if recorded != len(text):
            found.repaired.append(text_changed(document_id, recorded, len(text)))
        if store._types_held_by_sqlite():
            # one document: reading the table through is quicker than through an index
            store._thorough_scan(document_id, text, names, found, whole_table=len(sound) == 1)
            continue
        for row in store._db.execute(
            f"SELECT {ANNOTATION_COLUMNS} FROM annotations WHERE document_id = ?",
            [document_id],
        ):
            if not looks_sound(row, text, names):
                store._check_row(row, text, names, found)
    found.hidden_ids = tuple(sorted({*found.annotations, *hidden}))
    return found


def _check_row(store: SessionStore, row: tuple, text: str, names: frozenset[str],
               found: SessionDamage) -> None:
    """The model's reading of a row (in ``ANNOTATION_COLUMNS`` order) that a quick test
    did not pass: damaged, or a value the model takes after all."""
    result = read_annotation(
        dict(zip(ANNOTATION_FIELDS, row, strict=True)), text=text, labels=names)
    if isinstance(result, DamagedRow):
        found.annotations[row[0]] = result


def _thorough_scan(
    store, document_id: int, text: str, names: frozenset[str], found: SessionDamage,
    *, whole_table: bool = False,
) -> None:
    """:func:`looks_sound` for the annotations of a document in a table whose types SQLite
    holds: SQLite tests the values it can (without reading the notes), Python the quote
    against the text, white space and the times; a row that fails either is read by the
    model (:meth:`_check_row`)."""
    params = [document_id, len(text), json.dumps(sorted(names))]
    of_document = "+document_id = ?" if whole_table else "document_id = ?"  # + : no index
    # coalesce: a NULL makes the test NULL, which NOT keeps NULL: such a row is a suspect
    for row in store._db.execute(
        f"SELECT {ANNOTATION_COLUMNS} FROM annotations "
        f"WHERE {of_document} AND NOT coalesce(({_FULL_SHAPE}), 0)", params,
    ):
        store._check_row(row, text, names, found)
    aware = aware_stamp
    for ann_id, start, end, quote, reviewer, created, updated in store._db.execute(
        'SELECT id, start, "end", quote, reviewer, created_at, updated_at FROM annotations '
        f"WHERE {of_document} AND coalesce(({_FULL_SHAPE}), 0)", params,
    ):
        if (text[start:end] == quote and not quote.isspace() and not reviewer.isspace()
                and aware(created) and (updated == created or aware(updated))):
            continue
        row = store._db.execute(
            f"SELECT {ANNOTATION_COLUMNS} FROM annotations WHERE id = ?", [ann_id]
        ).fetchone()
        store._check_row(row, text, names, found)


def _quick_scan(
    store, document_id: int, recorded: Any, names: frozenset[str], found: SessionDamage
) -> None:
    """The annotations of a document whose span, label or values' types are wrong (what
    would break the window), found with SQLite: the span and label from the index."""
    # the text itself (kept for the view, which shows one of them next), not a count of it
    length = len(store.document_text(document_id))
    if recorded != length:
        found.repaired.append(text_changed(document_id, recorded, length))
    if store._types_held_by_sqlite():
        suspects = _off_span_or_label(store, document_id, length, names)
    else:
        # coalesce: a NULL makes the test NULL, which NOT keeps NULL: such a row is a suspect
        suspects = [row[0] for row in store._db.execute(
            f"SELECT id FROM annotations WHERE document_id = ? AND NOT coalesce(({_SHAPE}), 0)",
            [document_id, length, json.dumps(sorted(names))],
        )]
    if not suspects:
        return
    (text,) = store._db.execute(
        "SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()
    for start in range(0, len(suspects), 500):
        chunk = suspects[start:start + 500]
        for row in store._db.query(
            f"SELECT {ANNOTATION_COLUMNS} FROM annotations "
            f"WHERE id IN ({', '.join('?' * len(chunk))})", chunk,
        ):
            result = read_annotation(row, text=text, labels=names)
            if isinstance(result, DamagedRow):  # (a value the model takes is kept)
                found.annotations[row["id"]] = result


def _off_span_or_label(store: SessionStore, document_id: int, length: int,
                       names: frozenset[str]) -> list[int]:
    """The annotations of a document (in a table whose types SQLite holds) with a span outside
    its text or a label the session lacks. The spans are read from the document's index; the
    labels from the label index, as the ranges between the session's label names (a few empty
    ranges, not a test of each row: a 100,000-annotation article opens some 15 ms sooner)."""
    suspects = [row[0] for row in store._db.execute(
        'SELECT id FROM annotations WHERE document_id = ? AND NOT (start >= 0 AND "end" > start '
        'AND "end" <= ?)', [document_id, length])]
    ordered = sorted(names)
    if ordered:
        ranges = " OR ".join(["label < ?", *["(label > ? AND label < ?)"] * (len(ordered) - 1),
                              "label > ?"])
        bounds = [ordered[0], *[name for pair in zip(ordered, ordered[1:], strict=False)
                                for name in pair], ordered[-1]]
    else:
        ranges, bounds = "1", []
    # the whole table's, through the label index, and only the ids, which that index holds
    # (asked for the document too, SQLite reads the table through instead): none at all in a
    # sound session
    unknown_labels = [row[0] for row in store._db.execute(
        f"SELECT id FROM annotations WHERE {ranges}", bounds)]
    for chunk in range(0, len(unknown_labels), 500):
        ids = unknown_labels[chunk:chunk + 500]
        suspects.extend(row[0] for row in store._db.execute(
            f"SELECT id FROM annotations WHERE id IN ({', '.join('?' * len(ids))}) "
            "AND document_id = ?", [*ids, document_id]))
    return sorted(set(suspects))


def _types_held_by_sqlite(store: SessionStore) -> bool:
    """Whether the annotations table is still the program's (``STRICT``, its columns
    ``NOT NULL``): then no value of a wrong type can be in it, whatever wrote it, and the
    quick check need only look at the spans and labels (the full one looks at the rest)."""
    return table_declares(store, "annotations", _HELD_BY_SQLITE)


def table_declares(store: SessionStore, table: str, parts: tuple[str, ...]) -> bool:
    """Whether ``table`` is still declared with each of ``parts`` (lower case, single spaces):
    another program may have re-created it without its types or constraints."""
    row = store._db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table]
    ).fetchone()
    sql = " ".join((row[0] if row and isinstance(row[0], str) else "").lower().split())
    return all(part in sql for part in parts)


def _summary_of(store: SessionStore, row: dict) -> DocumentSummary:
    summary, problem = read_document_summary(row)
    if summary is None:
        assert problem is not None
        raise DamagedRowError(f"the session's {problem.sentence}")
    return summary
