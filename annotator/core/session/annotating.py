"""Annotations of a session: tagging one or many, editing, deleting, reading, and the
primitives undo uses to put them back.

Plain functions over a store: each is a method of
:class:`~annotator.core.session.store.SessionStore` (assigned in its class), so the store's API
stays one object while its code lives in modules of one concern each.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pydantic

from annotator.core.defaults import DEFAULT_CONFIDENCE
from annotator.core.errors import (
    DamagedRowError,
    NotFound,
    ValidationFailed,
    validation_message,
)
from annotator.core.models import (
    Annotation,
    now,
)
from annotator.core.session.checks import ANNOTATION_COLUMNS
from annotator.core.session.damaged_rows import (
    ANNOTATION_FIELDS,
    DamagedRow,
    annotation_columns,
    read_annotation,
)
from annotator.core.session.database import (
    stamp,
)
from annotator.core.session.documents import _require_storable

if TYPE_CHECKING:
    from annotator.core.session.store import SessionStore


def add_annotation(store: SessionStore,
    document_id: int,
    start: int,
    end: int,
    label: str,
    *,
    confidence: int = DEFAULT_CONFIDENCE,
    note: str = "",
    reviewer: str | None = None,
    origin: str = "manual",
) -> Annotation:
    """Tag ``text[start:end]`` of a document; returns the stored annotation with its id
    (``origin``: see :data:`~annotator.core.defaults.ORIGINS`)."""
    text = store.document_text(document_id)
    stamp = now()
    annotation = store._validated(
        {
            "document_id": document_id,
            "start": start,
            "end": end,
            "quote": text[start:end] if 0 <= start < end <= len(text) else "",
            "label": label,
            "confidence": confidence,
            "note": note,
            "reviewer": reviewer if reviewer is not None else store.reviewer,
            "created_at": stamp,
            "updated_at": stamp,
            "origin": origin,
        },
        text,
    )
    duplicate = store._duplicate_of(annotation)
    if duplicate is not None:
        quote = annotation.quote if len(annotation.quote) <= 40 else annotation.quote[:39] + "…"
        raise ValidationFailed(
            f"“{quote}” is already tagged as {annotation.label} (annotation {duplicate})"
        )
    new_id = store._transact(
        lambda: store._db["annotations"].insert(store._row(annotation)).last_pk
    )
    return annotation.model_copy(update={"id": new_id})


def _checked_annotations(
    store: SessionStore, annotations: Iterable[Annotation | dict[str, Any]], *,
    keep_ids: bool = False,
) -> list[Annotation]:
    """Each annotation checked by the model against its document's text and the session's
    labels and verdicts (read once per document, not once a row), without an id (with its own
    if ``keep_ids``)."""
    checked: list[Annotation] = []
    contexts: dict[int, dict[str, Any]] = {}  # per document: what the model checks against
    for annotation in annotations:
        if isinstance(annotation, dict) and type(annotation.get("document_id")) is not int:
            annotation = store._validated(dict(annotation), None)  # the model reads it first
        data = dict(annotation) if isinstance(annotation, dict) else annotation.model_dump()
        if not keep_ids:
            data["id"] = None
        context = contexts.get(data["document_id"])
        if context is None:
            context = contexts[data["document_id"]] = {
                "text": store.document_text(data["document_id"]),
                "labels": store.label_names(), "verdicts": store.verdict_keys()}
        try:
            checked.append(Annotation.model_validate(data, context=context))
        except pydantic.ValidationError as exc:
            raise ValidationFailed(validation_message(exc)) from None
    return checked


def add_annotations(
    store: SessionStore, annotations: Iterable[Annotation | dict[str, Any]],
    links: Iterable[tuple[int, int]] = (),
) -> tuple[list[Annotation], int, list[tuple[int, int]]]:
    """Add many annotations (and links between them) in one transaction: all or nothing.
    Each is an :class:`Annotation` or the values of one (a dict), checked by the model.

    ``links`` are pairs of positions in ``annotations`` (source, target). An annotation the
    session already holds (same document, span, label and reviewer) is skipped, so adding the
    same file twice changes nothing. Returns the added annotations with their ids, how many
    were skipped, and the links made (pairs of ids).
    """
    checked = _checked_annotations(store, annotations)
    links = list(links)
    added: list[Annotation | None] = []
    skipped = 0
    made_links: list[tuple[int, int]] = []

    def work() -> None:
        nonlocal skipped
        held: dict[int, set[tuple]] = {}  # per document: (start, end, label, reviewer)
        rows: list[list[Any]] = []  # values in the order of ``columns``
        columns: list[str] = []
        for annotation in checked:
            seen = held.get(annotation.document_id)
            if seen is None:  # what the document holds already, read once
                seen = held[annotation.document_id] = set(store._db.execute(
                    'SELECT start, "end", label, reviewer FROM annotations '
                    "WHERE document_id = ?", [annotation.document_id]).fetchall())
            key = (annotation.start, annotation.end, annotation.label, annotation.reviewer)
            if key in seen:
                added.append(None)
                skipped += 1
                continue
            seen.add(key)
            row = store._row(annotation)
            columns = columns or list(row)
            rows.append([row[c] for c in columns])  # a list: smaller than the dict
            added.append(annotation)
        if rows:  # one INSERT statement for every row (all of one shape)
            insert = (
                f"INSERT INTO annotations ({', '.join(f'[{c}]' for c in columns)}) "
                f"VALUES ({', '.join('?' for _ in columns)})"
            )
            # AUTOINCREMENT: the new rows take rising ids above every id the table had
            before = store._db.execute("SELECT max(id) FROM annotations").fetchone()[0]
            store._db.conn.executemany(insert, rows)
            ids = iter([row[0] for row in store._db.execute(
                "SELECT id FROM annotations WHERE id > ? ORDER BY id", [before or 0])])
            for annotation in added:  # each built above for this call alone: given its id
                if annotation is not None:
                    object.__setattr__(annotation, "id", next(ids))
        stamp_now = stamp(now())
        pairs = {
            (added[s].id, added[t].id)
            for s, t in links
            if 0 <= s < len(added) and 0 <= t < len(added) and s != t
            and added[s] is not None and added[t] is not None
        }
        made_links.extend(sorted(pairs))
        if pairs:
            store._db["links"].insert_all(
                ({"source_id": s, "target_id": t, "created_at": stamp_now}
                 for s, t in sorted(pairs)),
                ignore=True,
            )

    store._transact(work)
    return [a for a in added if a is not None], skipped, made_links


def _duplicate_of(store: SessionStore, annotation: Annotation) -> int | None:
    """The id of an annotation with the same document, span, label and reviewer."""
    row = store._db.execute(
        'SELECT id FROM annotations WHERE document_id = ? AND start = ? AND "end" = ? '
        "AND label = ? AND reviewer = ?",
        [annotation.document_id, annotation.start, annotation.end, annotation.label,
         annotation.reviewer],
    ).fetchone()
    return row[0] if row else None


def annotation(store: SessionStore, annotation_id: int) -> Annotation:
    _require_storable(annotation_id, "annotation")
    row = next(
        store._db.query(
            f"SELECT {ANNOTATION_COLUMNS} FROM annotations WHERE id = ?", [annotation_id]
        ),
        None,
    )
    if row is None:
        raise NotFound(f"the session has no annotation {annotation_id}")
    damaged = store._known_damage().annotations.get(annotation_id)
    found = damaged or read_annotation(row)
    if isinstance(found, DamagedRow):
        raise DamagedRowError(f"the session's {found.sentence}")
    return found


def annotations(store: SessionStore, document_id: int | None = None) -> list[Annotation]:
    """The annotations of one document (or of all), in reading order."""
    if document_id is None:
        sound, hidden = store._sound("a.")
        rows = store._db.query(
            f"SELECT {annotation_columns('a.')} "
            "FROM annotations a JOIN documents d ON d.id = a.document_id "
            + (f"WHERE {sound} " if sound else "")
            + 'ORDER BY d.position, a.document_id, a.start, a."end", a.id', hidden
        )
    else:
        sound, hidden = store._and_sound()
        rows = store._db.query(
            f"SELECT {ANNOTATION_COLUMNS} FROM annotations WHERE document_id = ?{sound} "
            'ORDER BY start, "end", id',
            [document_id, *hidden],
        )
    found = (read_annotation(row) for row in rows)
    return [annotation for annotation in found if isinstance(annotation, Annotation)]


def update_annotation(store: SessionStore,
    annotation_id: int,
    *,
    label: str | None = None,
    confidence: int | None = None,
    note: str | None = None,
    verdict: str | None | object = ...,
    evidence: Iterable[str] | None = None,
    claim_reviewed: str | None | object = ...,
    fact_check_url: str | None | object = ...,
) -> Annotation:
    """Change an annotation's label, confidence, note, verdict (``None`` clears it),
    evidence links, the claim as checked or its fact-check's address (``None`` or empty
    clears either); returns the new version."""
    current = store.annotation(annotation_id)
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
    if claim_reviewed is not ...:
        changes["claim_reviewed"] = claim_reviewed
    if fact_check_url is not ...:
        changes["fact_check_url"] = fact_check_url
    if not changes:
        return current
    data = current.model_dump() | changes | {"updated_at": now()}
    text = store.document_text(current.document_id)
    return store._replace_annotation(store._validated(data, text))


def _replace_annotation(store: SessionStore, annotation: Annotation) -> Annotation:
    """Write every field of an existing annotation as given (used to undo a change)."""
    if annotation.id is None:
        raise ValidationFailed("an annotation without an id cannot replace another")
    text = store.document_text(annotation.document_id)
    annotation = store._validated(annotation.model_dump(), text)
    row = store._row(annotation)
    fields = [name for name in ANNOTATION_FIELDS if name not in ("id", "document_id")]
    assignments = ", ".join(f"{column} = ?" for column in annotation_columns(fields=fields)
                            .split(", "))

    def work() -> int:
        return store._db.execute(
            f"UPDATE annotations SET {assignments} WHERE id = ? AND document_id = ?",
            [*(row[name] for name in fields), annotation.id, annotation.document_id],
        ).rowcount

    if store._transact(work) != 1:
        raise NotFound(f"the session has no annotation {annotation.id}")
    return annotation


def delete_annotation(store: SessionStore, annotation_id: int) -> Annotation:
    """Delete an annotation; returns it as it was, for :meth:`_restore_annotation`."""
    annotation = store.annotation(annotation_id)
    store._transact(
        lambda: store._db.execute("DELETE FROM annotations WHERE id = ?", [annotation_id])
    )
    return annotation


def _delete_annotations(store: SessionStore, annotation_ids: Iterable[int]) -> None:
    """Delete many annotations (and their links) in one transaction."""
    ids = list(annotation_ids)

    def work() -> None:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            store._db.execute(
                f"DELETE FROM annotations WHERE id IN ({', '.join('?' * len(chunk))})", chunk
            )

    if ids:
        store._transact(work)


def _restore_annotations(
    store: SessionStore, annotations: Iterable[Annotation], links: Iterable[tuple[int, int]] = ()
) -> None:
    """Put back many deleted annotations with their ids, and links between them, in one
    transaction (redo of an import)."""
    checked = _checked_annotations(store, annotations, keep_ids=True)
    if any(a.id is None for a in checked):
        raise ValidationFailed("an annotation without an id cannot be restored")
    links = list(links)
    created = stamp(now())

    def work() -> None:
        rows = [_row(a) for a in checked]
        if rows:  # one INSERT statement for every row (all of one shape, ids included)
            columns = list(rows[0])
            store._db.conn.executemany(
                f"INSERT INTO annotations ({', '.join(f'[{c}]' for c in columns)}) "
                f"VALUES ({', '.join('?' for _ in columns)})",
                [[row[c] for c in columns] for row in rows])
        store._db["links"].insert_all(
            ({"source_id": s, "target_id": t, "created_at": created} for s, t in links),
            ignore=True,
        )

    store._transact(work)


def _restore_annotation(store: SessionStore, annotation: Annotation) -> Annotation:
    """Put back a deleted annotation exactly as it was, with the same id."""
    if annotation.id is None:
        raise ValidationFailed("an annotation without an id cannot be restored")
    text = store.document_text(annotation.document_id)
    annotation = store._validated(annotation.model_dump(), text)
    exists = store._db.execute(
        "SELECT 1 FROM annotations WHERE id = ?", [annotation.id]
    ).fetchone()
    if exists:
        raise ValidationFailed(f"annotation {annotation.id} already exists")
    store._transact(lambda: store._db["annotations"].insert(store._row(annotation)))
    return annotation


def _validated(store: SessionStore, data: dict[str, Any], text: str | None) -> Annotation:
    try:
        return Annotation.model_validate(
            data, context={"text": text, "labels": store.label_names(),
                           "verdicts": store.verdict_keys()}
        )
    except pydantic.ValidationError as exc:
        raise ValidationFailed(validation_message(exc)) from None


def _row(annotation: Annotation) -> dict[str, Any]:
    row = dict(annotation.__dict__)  # its fields (model_dump() of a flat model, faster)
    if row["id"] is None:
        del row["id"]
    row["created_at"] = stamp(annotation.created_at)
    row["updated_at"] = (row["created_at"] if annotation.updated_at is annotation.created_at
                         else stamp(annotation.updated_at))
    row["evidence"] = json.dumps(list(annotation.evidence)) if annotation.evidence else "[]"
    return row
