"""The neutral shape every annotation format is written from and read into.

An exporter turns :class:`DocumentRecord` objects (built from a session by
:func:`session_records`) into its format; an importer turns a file of its format back into
records, which :mod:`annotator.core.formats.import_records` matches to the session's documents and
adds. Offsets in records are always code points into the document text, half-open, as
everywhere in the core; a format that counts otherwise converts in its own reader and writer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from annotator.core.articles.text import sha256_text
from annotator.core.defaults import (
    DEFAULT_CONFIDENCE,
    MAX_EVIDENCE_URLS,
    MAX_NOTE_CHARS,
    MAX_REVIEWER_CHARS,
    ORIGINS,
    VERDICT_KEY,
    WEB_ADDRESS,
)
from annotator.core.session.store import SessionStore

CONTEXT_CHARS = 32  # characters of context kept either side of a quote (prefix / suffix)


@dataclass(frozen=True)
class SpanRecord:
    """One annotation as a format carries it.

    ``key`` names the annotation within its file (the session's annotation id on export), so
    that ``links`` (the keys of the annotations this one is linked to) survive a round trip.
    ``prefix`` and ``suffix`` are the text either side of the quote, used to find the span
    again when the document's text differs.
    """

    start: int
    end: int
    label: str
    quote: str
    confidence: int = DEFAULT_CONFIDENCE
    note: str = ""
    reviewer: str | None = None
    verdict: str | None = None
    evidence: tuple[str, ...] = ()
    created_at: str | None = None  # ISO 8601 with time zone
    updated_at: str | None = None
    key: str | None = None
    links: tuple[str, ...] = ()
    prefix: str = ""
    suffix: str = ""
    # where the annotation came from in its session (defaults.ORIGINS); not compared, as an
    # annotation read back from a file is "imported" in the session it goes into
    origin: str | None = field(default=None, compare=False)
    # a claim's summary as checked and its fact-check's address (ClaimReview's claimReviewed
    # and url); carried by the CSV alone, so not compared either
    claim_reviewed: str | None = field(default=None, compare=False)
    fact_check_url: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class DocumentRecord:
    """One document of an annotation file: what identifies it, its text if the format has it,
    and its spans."""

    title: str
    text: str | None
    spans: tuple[SpanRecord, ...] = ()
    sha256: str | None = None  # SHA-256 of the text as stored (UTF-8)
    source_sha256: str | None = None  # SHA-256 of the original file's bytes
    name: str | None = None  # a file name the format uses for it (brat), if any
    extra: dict = field(default_factory=dict, compare=False)


def context_of(text: str, start: int, end: int) -> tuple[str, str]:
    """The ``CONTEXT_CHARS`` characters before and after ``text[start:end]``."""
    return text[max(0, start - CONTEXT_CHARS) : start], text[end : end + CONTEXT_CHARS]


def session_records(
    store: SessionStore, document_ids: Iterable[int] | None = None, *,
    reviewer: str | None = None,
) -> Iterator[DocumentRecord]:
    """Every document of the session (or those given), in the session's order, with its
    annotations (all, or one reviewer's) sorted by position."""
    wanted = None if document_ids is None else set(document_ids)
    store.damage()  # every row checked: a damaged one is left out (see damaged_rows)
    for summary in store.documents(counts=False):
        if wanted is not None and summary.id not in wanted:
            continue
        text = store.document_text(summary.id)
        links: dict[int, list[str]] = {}
        for source, target in store.links_in_document(summary.id):
            links.setdefault(source, []).append(str(target))
        yield DocumentRecord(
            title=summary.title,
            text=text,
            spans=_document_spans(store, summary.id, text, links, reviewer),
            # the text's own checksum: the stored one is stale if the text was changed outside
            sha256=summary.sha256 if summary.char_count == len(text) else sha256_text(text),
            source_sha256=summary.source_sha256,
            extra={"document_id": summary.id, "source_format": summary.source_format},
        )


def _document_spans(
    store: SessionStore, document_id: int, text: str, links: dict[int, list[str]],
    reviewer: str | None,
) -> tuple[SpanRecord, ...]:
    """The spans of one document, read straight from its rows; when a row is one that the
    :class:`~annotator.core.models.Annotation` model would refuse or change (a session edited
    by another program), the whole document is read again through the model, which says
    what is wrong the way every other reader does."""
    spans = []
    for row in store.stored_annotation_rows(document_id, reviewer=reviewer):
        span = plain_span(row, text, links)
        if span is None:
            return _validated_spans(store, document_id, text, links, reviewer)
        spans.append(span)
    return tuple(spans)


def _validated_spans(
    store: SessionStore, document_id: int, text: str, links: dict[int, list[str]],
    reviewer: str | None,
) -> tuple[SpanRecord, ...]:
    spans = []
    for ann in store.annotations(document_id):
        if reviewer is not None and ann.reviewer != reviewer:
            continue
        prefix, suffix = context_of(text, ann.start, ann.end)
        spans.append(
            SpanRecord(
                start=ann.start,
                end=ann.end,
                label=ann.label,
                quote=ann.quote,
                confidence=ann.confidence,
                note=ann.note,
                reviewer=ann.reviewer,
                verdict=ann.verdict,
                evidence=ann.evidence,
                created_at=ann.created_at.isoformat(),
                updated_at=ann.updated_at.isoformat(),
                key=str(ann.id),
                links=tuple(sorted(links.get(ann.id or 0, ()), key=int)),
                prefix=prefix,
                suffix=suffix,
                origin=ann.origin,
                claim_reviewed=ann.claim_reviewed,
                fact_check_url=ann.fact_check_url,
            )
        )
    return tuple(spans)


# a stored time that the model reads and writes back unchanged but for its fraction of a second
# and the sign of a zero offset
_PLAIN_TIME = re.compile(
    r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?([+-]\d\d:\d\d)"
)


def plain_span(row: tuple, text: str, links: dict[int, list[str]]) -> SpanRecord | None:
    """The span of a stored annotation row (:data:`ANNOTATION_COLUMNS` order) exactly as
    building an :class:`~annotator.core.models.Annotation` from the row would give it, or
    ``None`` when the row is not one of the plain well-formed rows this program writes (the
    model then decides: it may refuse the row, or read a value in a way of its own).

    Building a model for each of 100,000 rows costs more than the rest of an export; these
    checks are the model's rules for the values the store writes, done in plain Python."""
    (ann_id, _document_id, start, end, quote, label, confidence, note, verdict, evidence,
     who, created, updated, origin, claim_reviewed, fact_check_url) = row
    if not (
        claim_reviewed is None and fact_check_url is None  # else the model reads them
        and type(start) is int and type(end) is int and 0 <= start < end
        and type(ann_id) is int and type(quote) is str and type(label) is str
        and type(confidence) is int and 1 <= confidence <= 5
        and type(note) is str and len(note) <= MAX_NOTE_CHARS
        and (verdict is None or (type(verdict) is str and VERDICT_KEY.match(verdict) is not None))
        and type(who) is str and 0 < len(who) <= MAX_REVIEWER_CHARS and not who.isspace()
        and origin in ORIGINS
    ):
        return None
    urls = _plain_evidence(evidence)
    created_at = _plain_time(created)
    updated_at = created_at if updated == created else _plain_time(updated)
    if urls is None or created_at is None or updated_at is None:
        return None
    prefix, suffix = context_of(text, start, end)
    targets = links.get(ann_id)
    return SpanRecord(
        start=start,
        end=end,
        label=label,
        quote=quote,
        confidence=confidence,
        note=note,
        reviewer=who,
        verdict=verdict,
        evidence=urls,
        created_at=created_at,
        updated_at=updated_at,
        key=str(ann_id),
        links=tuple(sorted(targets, key=int)) if targets else (),
        prefix=prefix,
        suffix=suffix,
        origin=origin,
    )


def _plain_evidence(value: object) -> tuple[str, ...] | None:
    """The evidence links of a stored JSON list of web addresses, as the model keeps them."""
    if value == "[]":
        return ()
    if type(value) is not str:
        return None
    try:
        urls = json.loads(value)
    except ValueError:
        return None
    if type(urls) is not list or not all(type(url) is str for url in urls):
        return None
    kept = tuple(url.strip() for url in urls if url.strip())
    if len(kept) > MAX_EVIDENCE_URLS or not all(WEB_ADDRESS.match(url) for url in kept):
        return None
    return kept


def _plain_time(value: object) -> str | None:
    """A stored time with its zone as the model writes it back (``datetime.isoformat()``:
    microseconds, or none when they are 0; a zero offset as ``+00:00``)."""
    match = _PLAIN_TIME.fullmatch(value) if type(value) is str else None
    if match is None:
        return None
    try:
        datetime.fromisoformat(value)  # a real date and time, the offset under a day
    except ValueError:
        return None
    moment, fraction, offset = match.groups()
    if fraction and fraction.strip("0"):
        moment = f"{moment}.{fraction.ljust(6, '0')}"
    return moment + ("+00:00" if offset == "-00:00" else offset)
