"""The neutral shape every annotation format is written from and read into.

An exporter turns :class:`DocumentRecord` objects (built from a session by
:func:`session_records`) into its format; an importer turns a file of its format back into
records, which :mod:`annotator.core.annotation_import` matches to the session's documents and
adds. Offsets in records are always code points into the document text, half-open, as
everywhere in the core; a format that counts otherwise converts in its own reader and writer.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from annotator.core.defaults import DEFAULT_CONFIDENCE
from annotator.core.store import SessionStore
from annotator.core.text import sha256_text

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
        spans = []
        for ann in store.annotations(summary.id):
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
                )
            )
        yield DocumentRecord(
            title=summary.title,
            text=text,
            spans=tuple(spans),
            # the text's own checksum: the stored one is stale if the text was changed outside
            sha256=summary.sha256 if summary.char_count == len(text) else sha256_text(text),
            source_sha256=summary.source_sha256,
            extra={"document_id": summary.id, "source_format": summary.source_format},
        )


def dumps_compact(value) -> str:
    """JSON as the exporters write it: UTF-8 characters kept, no spaces after separators."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
