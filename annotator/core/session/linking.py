"""Links between annotations, and the adjudicator's rejected spans.

Plain functions over a store: each is a method of
:class:`~annotator.core.session.store.SessionStore` (assigned in its class), so the store's API
stays one object while its code lives in modules of one concern each.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from annotator.core.errors import (
    ValidationFailed,
)
from annotator.core.models import (
    now,
)
from annotator.core.session.database import (
    stamp,
)

if TYPE_CHECKING:
    from annotator.core.session.store import SessionStore


def reject_span(store: SessionStore, document_id: int, start: int, end: int) -> None:
    """Record that no reviewer's span in ``[start, end)`` goes into the gold layer."""
    if not 0 <= start < end:
        raise ValidationFailed(f"not a span: {start}–{end}")
    store.document_summary(document_id)  # a clear error for an unknown document
    store._transact(lambda: store._db.execute(
        'INSERT OR REPLACE INTO rejected_spans (document_id, start, "end", rejected_by, '
        "rejected_at) VALUES (?, ?, ?, ?, ?)",
        [document_id, start, end, store.reviewer, stamp(now())],
    ))


def _unreject_span(store: SessionStore, document_id: int, start: int, end: int) -> None:
    store._transact(lambda: store._db.execute(
        'DELETE FROM rejected_spans WHERE document_id = ? AND start = ? AND "end" = ?',
        [document_id, start, end],
    ))


def _rejection(store: SessionStore, document_id: int, start: int, end: int) -> tuple | None:
    """``(document_id, start, end, rejected_by, rejected_at)`` of a rejected span, or None."""
    row = store._db.execute(
        'SELECT document_id, start, "end", rejected_by, rejected_at FROM rejected_spans '
        'WHERE document_id = ? AND start = ? AND "end" = ?', [document_id, start, end],
    ).fetchone()
    return tuple(row) if row else None


def _put_rejections(store: SessionStore, rows: Iterable[tuple]) -> None:
    """Write rejections ``(document_id, start, end, rejected_by, rejected_at)`` as given."""
    rows = list(rows)
    if rows:
        store._transact(lambda: store._db.conn.executemany(
            'INSERT OR REPLACE INTO rejected_spans (document_id, start, "end", rejected_by, '
            "rejected_at) VALUES (?, ?, ?, ?, ?)", rows,
        ))


def rejected_spans(store: SessionStore, document_id: int) -> list[tuple[int, int]]:
    return [tuple(row) for row in store._db.execute(
        'SELECT start, "end" FROM rejected_spans WHERE document_id = ? ORDER BY start, "end"',
        [document_id],
    )]


def add_link(store: SessionStore, source_id: int, target_id: int) -> tuple[int, int]:
    """Link two annotations of one document (an attribution to the claim it sources)."""
    source, target = store.annotation(source_id), store.annotation(target_id)
    if source_id == target_id:
        raise ValidationFailed("an annotation cannot be linked to itself")
    if source.document_id != target.document_id:
        raise ValidationFailed("only annotations of the same article can be linked")
    exists = store._db.execute(
        "SELECT 1 FROM links WHERE source_id = ? AND target_id = ?", [source_id, target_id]
    ).fetchone()
    if exists:
        raise ValidationFailed(f"annotation {source_id} is already linked to {target_id}")
    store._transact(
        lambda: store._db.execute(
            "INSERT INTO links (source_id, target_id, created_at) VALUES (?, ?, ?)",
            [source_id, target_id, stamp(now())],
        )
    )
    return source_id, target_id


def remove_link(store: SessionStore, source_id: int, target_id: int) -> None:
    store._transact(
        lambda: store._db.execute(
            "DELETE FROM links WHERE source_id = ? AND target_id = ?", [source_id, target_id]
        )
    )


def links_of(store: SessionStore, annotation_id: int) -> list[tuple[int, int]]:
    """``(source_id, target_id)`` of every link from or to an annotation."""
    ends, hidden = store._both_ends_sound()
    return store._db.execute(
        f"SELECT source_id, target_id FROM links WHERE (source_id = ? OR target_id = ?){ends} "
        "ORDER BY source_id, target_id",
        [annotation_id, annotation_id, *hidden],
    ).fetchall()


def _both_ends_sound(store: SessionStore) -> tuple[str, list]:
    """A condition on a link (or ``""``) that leaves out links to damaged annotations."""
    source, hidden = store._and_sound("source_")
    target, more = store._and_sound("target_")
    return source + target, hidden + more


def links_in_document(store: SessionStore, document_id: int) -> list[tuple[int, int]]:
    ends, hidden = store._both_ends_sound()
    return store._db.execute(
        "SELECT l.source_id, l.target_id FROM links l JOIN annotations a "
        f"ON a.id = l.source_id WHERE a.document_id = ?{ends} "
        "ORDER BY l.source_id, l.target_id",
        [document_id, *hidden],
    ).fetchall()


def _link_rows(store: SessionStore, annotation_id: int) -> list[tuple[int, int, str]]:
    """``(source_id, target_id, created_at)`` of every link from or to an annotation."""
    return [tuple(row) for row in store._db.execute(
        "SELECT source_id, target_id, created_at FROM links WHERE source_id = ? "
        "OR target_id = ? ORDER BY source_id, target_id", [annotation_id, annotation_id],
    )]


def _restore_links(store: SessionStore, links: Iterable[tuple]) -> None:
    """Put back links removed with their annotations (undo): ``(source_id, target_id)``,
    or with the time they were made, ``(source_id, target_id, created_at)``."""
    created = stamp(now())
    rows = [(*link, created) if len(link) == 2 else tuple(link) for link in links]
    if rows:
        store._transact(lambda: store._db.conn.executemany(
            "INSERT OR IGNORE INTO links (source_id, target_id, created_at) "
            "VALUES (?, ?, ?)", rows,
        ))
