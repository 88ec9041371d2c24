"""Published fact-checks read into a session, and claims marked as the same claim as another.

Reference claims (``reference_claims``) come from ClaimReview files
(:func:`~annotator.core.factcheck.claimreview.read_fact_checks`): claims that other articles'
claims are matched against, but that are not annotations of any article. A reviewer can mark a
claim as the same claim as another claim of the session or as a reference claim
(``same_claims``); the CSV's ``same_as`` column and ``annotator claims`` show it. Each function is
a method of :class:`~annotator.core.session.store.SessionStore`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from annotator.core.errors import NotFound, ValidationFailed
from annotator.core.models import now

if TYPE_CHECKING:
    from collections.abc import Iterable

    from annotator.core.factcheck.claimreview import ReferenceClaim
    from annotator.core.session.store import SessionStore

CLAIM_LABEL = "claim"
T = TypeVar("T")


@dataclass(frozen=True)
class SameAs:
    """What a claim was marked as the same claim as: a claim of the session, or a reference
    claim (exactly one of the two)."""

    claim_id: int | None = None
    reference_id: int | None = None

    def __str__(self) -> str:
        return str(self.claim_id) if self.claim_id is not None else f"ref:{self.reference_id}"


def add_reference_claims(store: SessionStore, claims: Iterable[ReferenceClaim],
                         source: str) -> tuple[int, int]:
    """Keep published fact-checks' claims, read from the file named ``source``; returns how
    many were new and how many the session had already (the same claim at the same address)."""
    stamp = now().isoformat()
    rows = [
        (c.claim_reviewed, c.verdict, c.rating_value, c.best_rating, c.worst_rating, c.url,
         c.organisation_name, c.date_published.isoformat() if c.date_published else None,
         json.dumps(list(c.appearance_urls), ensure_ascii=False), c.claim_author,
         c.claim_date.isoformat() if c.claim_date else None, source, stamp)
        for c in claims
    ]

    def work() -> int:
        known = {(text, url) for text, url in store._db.execute(
            "SELECT claim_reviewed, url FROM reference_claims")}
        fresh = []
        for row in rows:
            if (row[0], row[5]) not in known:
                known.add((row[0], row[5]))
                fresh.append(row)
        store._db.conn.executemany(
            "INSERT INTO reference_claims (claim_reviewed, verdict, rating_value, best_rating, "
            "worst_rating, url, organisation, published, appearances, claim_author, claim_date, "
            "source, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", fresh)
        return len(fresh)

    added = store._transact(work)
    return added, len(rows) - added


def reference_claims(store: SessionStore) -> dict[int, ReferenceClaim]:
    """Every reference claim, by id, in the order they were read."""
    from annotator.core.articles.provenance import clean_url, parse_date
    from annotator.core.factcheck.claimreview import ReferenceClaim

    found = {}
    for row in store._db.execute(
            "SELECT id, claim_reviewed, verdict, rating_value, best_rating, worst_rating, url, "
            "organisation, published, appearances, claim_author, claim_date "
            "FROM reference_claims ORDER BY id"):
        (ref_id, text, verdict, value, best, worst, url, organisation, published, appearances,
         author, claim_date) = row
        if not isinstance(text, str) or not text.strip():
            continue  # a row another program emptied: nothing to match against
        try:
            urls = tuple(u for u in json.loads(appearances) if isinstance(u, str))
        except (TypeError, ValueError):
            urls = ()
        found[ref_id] = ReferenceClaim(
            claim_reviewed=text, verdict=verdict if isinstance(verdict, str) else None,
            rating_value=_number(value), best_rating=_number(best),
            worst_rating=_number(worst), url=clean_url(url),
            organisation_name=organisation if isinstance(organisation, str) else None,
            date_published=parse_date(published), appearance_urls=urls,
            claim_author=author if isinstance(author, str) else None,
            claim_date=parse_date(claim_date))
    return found


def _number(value: object) -> int | float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return int(value) if float(value).is_integer() else value


def set_same_as(store: SessionStore, claim_id: int, same: SameAs | None) -> SameAs | None:
    """Mark a claim as the same claim as another (``None``: as no other); returns what it was
    marked as before."""
    claim = store.annotation(claim_id)
    if claim.label != CLAIM_LABEL:
        raise ValidationFailed(f"annotation {claim_id} is not a claim")
    if same is not None:
        if (same.claim_id is None) == (same.reference_id is None):
            raise ValidationFailed("a claim is the same as one other claim")
        if same.claim_id is not None:
            other = store.annotation(same.claim_id)
            if other.label != CLAIM_LABEL or other.id == claim_id:
                raise ValidationFailed(f"annotation {same.claim_id} is not another claim")
        elif not store._db.execute("SELECT 1 FROM reference_claims WHERE id = ?",
                                   [same.reference_id]).fetchone():
            raise NotFound(f"the session has no reference claim {same.reference_id}")
    before = same_as(store, claim_id)

    def work() -> None:
        store._db.execute("DELETE FROM same_claims WHERE claim_id = ?", [claim_id])
        if same is not None:
            store._db.execute(
                "INSERT INTO same_claims (claim_id, same_as, reference_id, marked_by, marked_at) "
                "VALUES (?, ?, ?, ?, ?)",
                [claim_id, same.claim_id, same.reference_id, store.reviewer, now().isoformat()])

    store._transact(work)
    return before


def same_as(store: SessionStore, claim_id: int) -> SameAs | None:
    """What a claim was marked as the same claim as, or ``None``."""
    return all_same_as(store, [claim_id]).get(claim_id)


def all_same_as(store: SessionStore, claim_ids: Iterable[int] | None = None) -> dict[int, SameAs]:
    """What each claim (of those given, or all) was marked as the same claim as."""
    rows = store._db.execute("SELECT claim_id, same_as, reference_id FROM same_claims")
    wanted = None if claim_ids is None else set(claim_ids)
    return {claim: SameAs(other if isinstance(other, int) else None,
                          ref if isinstance(ref, int) else None)
            for claim, other, ref in rows
            if (wanted is None or claim in wanted) and (other is None) != (ref is None)}


# a same_claims row as stored: (claim_id, same_as, reference_id, marked_by, marked_at)
MarkRow = tuple[int, int | None, int | None, str, str]


def _mark_rows(store: SessionStore, annotation_ids: Iterable[int]) -> list[MarkRow]:
    """Every same-claim mark from or to the annotations given, as stored: what deleting them
    takes away (the marks cascade), for :func:`_restore_marks`."""
    ids = sorted(set(annotation_ids))
    rows: list[MarkRow] = []
    for start in range(0, len(ids), 400):
        chunk = ids[start:start + 400]
        marks = ", ".join("?" * len(chunk))
        rows += [tuple(row) for row in store._db.execute(
            "SELECT claim_id, same_as, reference_id, marked_by, marked_at FROM same_claims "
            f"WHERE claim_id IN ({marks}) OR same_as IN ({marks}) ORDER BY claim_id",
            chunk + chunk)]
    return rows


def _restore_marks(store: SessionStore, rows: Iterable[MarkRow]) -> None:
    """Put back same-claim marks as they were stored (undoing a deletion); a mark whose claim
    is marked otherwise by now is left as it is."""
    rows = list(rows)
    if rows:
        store._transact(lambda: store._db.conn.executemany(
            "INSERT OR IGNORE INTO same_claims (claim_id, same_as, reference_id, marked_by, "
            "marked_at) VALUES (?, ?, ?, ?, ?)", rows))


# ------------------------------------------------------------------ many rows at once (a merge)


def _joined(store: SessionStore, work: Callable[[], T]) -> T:
    """Run ``work`` as part of the open :meth:`SessionStore.write`, or on its own."""
    return work() if store._batch else store._transact(work)


def reference_claim_rows(store: SessionStore) -> list[dict]:
    """Every reference claim as stored, in the order read (none from a session older than
    them)."""
    try:
        return list(store._db.query("SELECT * FROM reference_claims ORDER BY id"))
    except sqlite3.OperationalError:
        return []


def same_claim_rows(store: SessionStore) -> list[MarkRow]:
    """Every same-claim mark as stored (none from a session older than them)."""
    try:
        return [tuple(row) for row in store._db.execute(
            "SELECT claim_id, same_as, reference_id, marked_by, marked_at FROM same_claims "
            "ORDER BY claim_id")]
    except sqlite3.OperationalError:
        return []


_REFERENCE_COLUMNS = ("claim_reviewed", "verdict", "rating_value", "best_rating",
                      "worst_rating", "url", "organisation", "published", "appearances",
                      "claim_author", "claim_date", "source", "imported_at")


def add_reference_claim_rows(store: SessionStore, rows: Iterable[dict],
                             ) -> tuple[dict[int, int], list[int]]:
    """Keep reference claims as another session stored them, leaving out those this session
    has (the same claim at the same address) and rows another program broke; returns the id
    each row has here (its own or the one already there), and the ids added."""
    rows = list(rows)

    def work() -> tuple[dict[int, int], list[int]]:
        known = {(text, url): ref_id for ref_id, text, url in store._db.execute(
            "SELECT id, claim_reviewed, url FROM reference_claims")}
        ids: dict[int, int] = {}
        added: list[int] = []
        for row in rows:
            text, url = row.get("claim_reviewed"), row.get("url")
            if not (isinstance(text, str) and text.strip() and isinstance(row.get("source"), str)
                    and isinstance(row.get("imported_at"), str)):
                continue
            found = known.get((text, url))
            if found is None:
                values = [row.get(column) for column in _REFERENCE_COLUMNS]
                if not isinstance(values[8], str):
                    values[8] = "[]"
                cursor = store._db.execute(
                    f"INSERT INTO reference_claims ({', '.join(_REFERENCE_COLUMNS)}) VALUES "
                    f"({', '.join('?' * len(_REFERENCE_COLUMNS))})", values)
                found = known[text, url] = cursor.lastrowid
                added.append(found)
            ids[row["id"]] = found
        return ids, added

    return _joined(store, work)


def add_same_claim_rows(store: SessionStore, rows: Iterable[MarkRow]) -> list[int]:
    """Keep same-claim marks made in another session, its ids already turned into this
    session's: a claim marked here already keeps its own mark, and a mark whose ends are not
    claims here is left out. Returns the claims marked."""
    rows = [row for row in rows if isinstance(row[3], str) and isinstance(row[4], str)
            and (row[1] is None) != (row[2] is None) and row[0] != row[1]]

    def work() -> list[int]:
        ends = sorted({row[0] for row in rows} | {row[1] for row in rows if row[1] is not None})
        claims: set[int] = set()
        for start in range(0, len(ends), 500):
            chunk = ends[start:start + 500]
            claims.update(claim for (claim,) in store._db.execute(
                f"SELECT id FROM annotations WHERE label = ? AND id IN "
                f"({', '.join('?' * len(chunk))})", [CLAIM_LABEL, *chunk]))
        marked = {claim for (claim,) in store._db.execute("SELECT claim_id FROM same_claims")}
        references = {ref for (ref,) in store._db.execute("SELECT id FROM reference_claims")}
        new = []
        for row in rows:
            sound = row[1] in claims if row[1] is not None else row[2] in references
            if row[0] in claims and row[0] not in marked and sound:
                marked.add(row[0])
                new.append(row)
        store._db.conn.executemany(
            "INSERT INTO same_claims (claim_id, same_as, reference_id, marked_by, marked_at) "
            "VALUES (?, ?, ?, ?, ?)", new)
        return [row[0] for row in new]

    return _joined(store, work) if rows else []
