"""The suggester's proposals kept in a session, and the reviewers' decisions on them.

Plain functions over a store: each is a method of
:class:`~annotator.core.session.store.SessionStore` (assigned in its class), so the store's API
stays one object while its code lives in modules of one concern each.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from annotator.core.errors import (
    AnnotatorError,
    NotFound,
    ValidationFailed,
)
from annotator.core.models import (
    StoredSuggestion,
    now,
)
from annotator.core.session.checks import table_declares
from annotator.core.session.database import (
    stamp,
)

if TYPE_CHECKING:
    from annotator.core.session.store import SessionStore


def add_suggestions(store: SessionStore, document_id: int, suggestions: Iterable[Any],
                    rules: str | None) -> int:
    """Keep the suggester's proposals for a document (objects with ``start``, ``end``,
    ``label``, ``reason`` and ``rule``) as pending, and that they were made by ``rules``;
    returns how many are new. A span already proposed with that label, whatever became of
    it (accepted, rejected), is not proposed again. With ``rules`` None the run is not
    recorded yet (a part of many: the last part names the rules)."""
    text = store.document_text(document_id)
    rows = []
    for s in suggestions:
        if not 0 <= s.start < s.end <= len(text):
            raise ValidationFailed(f"a suggestion {s.start}–{s.end} lies outside document "
                                   f"{document_id} ({len(text):,} characters)")
        rows.append((document_id, s.start, s.end, text[s.start:s.end], s.label, s.reason,
                     s.rule))

    def work() -> int:
        added = _rows_changed(
            store, 'INSERT OR IGNORE INTO suggestions (document_id, start, "end", quote, label, '
            "reason, rule) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        if rules is None:
            return added
        store._db.execute(
            "INSERT OR REPLACE INTO suggestion_runs (document_id, rules, made_at) "
            "VALUES (?, ?, ?)", [document_id, rules, stamp(now())])
        return added

    return store._transact(work)


def _rows_changed(store: SessionStore, statement: str, rows: list[tuple]) -> int:
    """Run ``statement`` for each of ``rows`` (one ``executemany``); how many rows it inserted
    or changed."""
    before = store._db.execute("SELECT total_changes()").fetchone()[0]
    store._db.conn.executemany(statement, rows)
    return store._db.execute("SELECT total_changes()").fetchone()[0] - before


def decide_suggestion(store: SessionStore, suggestion_id: int, status: str,
                      annotation_id: int | None = None) -> None:
    """Record a reviewer's decision on a suggestion: ``accepted`` (with the annotation it
    became), ``rejected`` (it is never proposed again), or ``pending`` again (undone)."""
    decide_suggestions(store, [(suggestion_id, annotation_id)], status)


def decide_suggestions(store: SessionStore, decisions: Iterable[tuple[int, int | None]],
                       status: str) -> None:
    """:func:`decide_suggestion` for many suggestions at once (``(suggestion id, annotation
    id or None)`` each), in one statement run for each; all or none."""
    if status not in ("pending", "accepted", "rejected"):
        raise ValidationFailed(f"{status!r} is not a decision on a suggestion")
    decided = status != "pending"
    by, at = (store.reviewer, stamp(now())) if decided else (None, None)
    rows = [(status, by, at, annotation_id, suggestion_id)
            for suggestion_id, annotation_id in decisions]

    def work() -> None:
        changed = _rows_changed(
            store, "UPDATE suggestions SET status = ?, decided_by = ?, decided_at = ?, "
            "annotation_id = ? WHERE id = ?", rows)
        if changed != len(rows):
            known = {row[0] for row in store._db.execute(
                "SELECT id FROM suggestions WHERE id IN (SELECT value FROM json_each(?))",
                [json.dumps([row[4] for row in rows])])}
            missing = next(row[4] for row in rows if row[4] not in known)
            raise NotFound(f"the session has no suggestion {missing}")

    store._transact(work)


def suggestion(store: SessionStore, suggestion_id: int) -> StoredSuggestion:
    """One suggestion, whatever became of it; :class:`NotFound` if the session has none of
    that id (or its row was damaged by another program)."""
    row = store._db.execute(
        'SELECT id, document_id, start, "end", label, reason, rule, status FROM suggestions '
        "WHERE id = ?", [suggestion_id]).fetchone()
    if row is None:
        raise NotFound(f"the session has no suggestion {suggestion_id}")
    found = StoredSuggestion._make(row)
    if not _sound(found):
        raise NotFound(f"suggestion {suggestion_id} is damaged")
    return found


def _sound(row: StoredSuggestion) -> bool:
    """Whether a suggestion's row holds what its fields say (another program may have changed
    it): whole numbers for ids and a span, text for the rest."""
    return all(type(value) is int for value in row[:4]) and 0 <= row.start < row.end \
        and all(isinstance(value, str) for value in row[4:])


def suggestion_rules(store: SessionStore, document_id: int) -> str | None:
    """The rules a document's suggestions were last made with, or ``None`` if none were."""
    row = store._db.execute("SELECT rules FROM suggestion_runs WHERE document_id = ?",
                           [document_id]).fetchone()
    return row[0] if row else None


_PENDING = (
    "FROM suggestions s JOIN documents d ON d.id = s.document_id "
    "WHERE s.status = 'pending' {where} AND NOT EXISTS (SELECT 1 FROM annotations a "
    'WHERE a.document_id = s.document_id AND a.start = s.start AND a."end" = s."end" '
    "AND a.label = s.label)"
)


def count_pending_suggestions(store: SessionStore, document_ids: Iterable[int] = ()) -> int:
    """How many suggestions of the documents named (all by default) nobody has decided on:
    counted by SQLite, without reading them (a row another program damaged counts here while
    :func:`pending_suggestions` leaves it out)."""
    ids = sorted(set(document_ids))
    where = f"AND s.document_id IN ({', '.join('?' * len(ids))})" if ids else ""
    return store._db.execute(
        "SELECT count(*) " + _PENDING.format(where=where)
        + ' AND s.start >= 0 AND s."end" <= d.char_count', ids).fetchone()[0]


def pending_suggestion_rows(store: SessionStore, document_id: int) -> int:
    """How many of a document's suggestions nobody has decided on, counted from the index: at
    least as many as :func:`pending_suggestions` returns (a span annotated by hand since is
    counted here), and quick however many there are."""
    return store._db.execute(
        "SELECT count(*) FROM suggestions WHERE document_id = ? AND status = 'pending'",
        [document_id]).fetchone()[0]


# the suggestions table as the program makes it: SQLite holds every value's type and the span's
# order, and a row can be wrong only in its quote (the text or the row changed outside)
_TYPED = ("strict", "document_id integer not null", "start integer not null",
          '"end" integer not null', "quote text not null", "label text not null",
          "reason text not null", "rule text not null", "status text not null",
          'check ("end" > start)', "check (start >= 0)")


def pending_suggestions(store: SessionStore,
                        document_id: int | None = None) -> list[StoredSuggestion]:
    """The suggestions nobody has decided on (of one document, or all), in the order of the
    documents and then of the text; a span already annotated with the same label (by hand,
    say) is not pending any more. A row that no longer holds its quote at its span (the text
    was changed, or the row, by another program) is left out."""
    where, params = ("AND s.document_id = ?", [document_id]) if document_id is not None \
        else ("", [])
    rows = store._db.execute(
        'SELECT s.id, s.document_id, s.start, s."end", s.label, s.reason, s.rule, s.status, '
        "s.quote " + _PENDING.format(where=where)
        + ' ORDER BY d.position, d.id, s.start, s."end", s.label', params)
    pending, texts = [], {}
    make = StoredSuggestion._make
    # then every row is sound but for its quote
    typed = table_declares(store, "suggestions", _TYPED)
    for *values, quote in rows:
        found = make(values)
        if not typed and (not _sound(found) or not isinstance(quote, str)):
            continue
        document = found.document_id
        if document not in texts:
            try:
                texts[document] = store.document_text(document)
            except AnnotatorError:
                texts[document] = ""
        if found.end > len(texts[document]) or texts[document][found.start:found.end] != quote:
            continue
        pending.append(found)
    return pending
