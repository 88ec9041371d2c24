"""Bring annotations read from a file (any format, as records) into a session.

Each document of the file is matched to one of the session's: by the SHA-256 of its text, then
by the SHA-256 of its original file, and, when the file holds no text of its own, by its title.
A document the session does not have is added when the file carries its text (unless that
text is larger than a document may have: then it is refused on its own and listed).

Each span is then placed (see :class:`_FileText`). When the file's text is the session's (or
its checksum is), its offsets are the truth: a span stays exactly where they say. When the text
changed, spans before the first difference and after the last keep their place in the text
around them, and the others are found again by their quote (:mod:`.quote_finder`:
the occurrence whose surroundings best match the span's recorded context, then the one nearest
where the text around it moved, tolerating differences of white space), in bounded work per
span. What cannot be placed, and what a reader left out, is reported, never guessed. Adding is
all or nothing, and an annotation the session already has (same document, span, label and
reviewer) is skipped, so importing a file twice changes nothing.

    report = import_records(store, brat.read("exports/"), reviewer="amira")
    print(report.summary())
"""

from __future__ import annotations

import bisect
import json
import re
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import pydantic

from annotator.core.articles.reading import ImportedDocument
from annotator.core.articles.text import normalise_text, sha256_text
from annotator.core.defaults import (
    MAX_EVIDENCE_URLS,
    MAX_NOTE_CHARS,
    MAX_REVIEWER_CHARS,
    WEB_ADDRESS,
)
from annotator.core.errors import FormatError, ValidationFailed, validation_message
from annotator.core.formats._shared import parse_time, text_too_large
from annotator.core.formats.quote_finder import QuoteFinder, shared_head, shared_tail
from annotator.core.formats.records import DocumentRecord, SpanRecord
from annotator.core.models import Annotation, Label, now
from annotator.core.session.damaged_rows import ANNOTATION_FIELDS
from annotator.core.session.database import stamp
from annotator.core.session.store import SessionStore
from annotator.core.wording import counted

_FAR = 1 << 62  # an offset past any text
CERTAIN_QUOTE = 24  # a quote this long is taken to say where it is (see _FileText)
# colours for labels a file brings that the session does not have (after the Okabe–Ito set)
EXTRA_COLOURS = ("#009E73", "#56B4E9", "#D55E00", "#F0E442", "#7F7F7F", "#8C564B", "#17BECF")
_LABEL_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")
_REMOVED = re.compile("\r(?=\n)|\x00")  # what normalise_text drops after the start
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")  # as the Label model asks (fullmatch)


@dataclass(frozen=True)
class Unplaced:
    """A span of the file that was not added, and why."""

    document: str
    quote: str
    reason: str


@dataclass
class ImportReport:
    """What an import did: documents matched and added, spans added, skipped and not placed."""

    documents_matched: int = 0
    documents_added: int = 0
    added: int = 0
    duplicates: int = 0
    moved: int = 0  # placed again by their quote because the text had changed
    shifted: int = 0  # moved with the unchanged text around them (the file carries the text)
    realigned: int = 0  # placed by their quote because their offsets did not hold it
    labels_added: list[str] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    new_document_ids: list[int] = field(default_factory=list)
    annotation_ids: Sequence[int] = ()  # the ids of the annotations added
    links: list[tuple[int, int]] = field(default_factory=list)

    def summary(self) -> str:
        """A few lines for standard error or a message box."""
        docs = self.documents_matched + self.documents_added
        lines = [
            f"{counted(self.added, 'annotation')} added to {counted(docs, 'document')}"
            + (f" ({self.documents_added:,} new)" if self.documents_added else "")
        ]
        if self.moved:
            lines.append(f"{self.moved:,} placed again by their quote (the text had changed)")
        if self.shifted:
            lines.append(f"{self.shifted:,} moved with the text around them (the text had "
                         "changed)")
        if self.realigned:
            lines.append(
                f"{self.realigned:,} placed by their quote (their offsets did not hold it)"
            )
        if self.duplicates:
            lines.append(f"{self.duplicates:,} already in the session, skipped")
        if self.labels_added:
            lines.append("labels added: " + ", ".join(self.labels_added))
        if self.unplaced:
            lines.append(f"{len(self.unplaced):,} could not be placed:")
            for item in self.unplaced[:20]:
                quote = item.quote if len(item.quote) <= 50 else item.quote[:49] + "…"
                shown = f"“{quote}”: " if quote else ""
                lines.append(f"  {item.document}: {shown}{item.reason}")
            if len(self.unplaced) > 20:
                lines.append(f"  … and {len(self.unplaced) - 20:,} more")
        return "\n".join(lines)


def import_records(
    store: SessionStore,
    records: Iterable[DocumentRecord],
    *,
    reviewer: str | None = None,
    source_format: str = "imported",
    create_documents: bool = True,
) -> ImportReport:
    """Match each record's document, place its spans and add them (see the module text).

    ``reviewer`` (if given) is recorded as the reviewer of every annotation, whatever the file
    says; otherwise each span keeps its own, or the store's reviewer when it has none.
    """
    records = list(records)
    _check_text(records)
    with store.transaction():  # labels, documents and annotations: all or nothing
        return _import(store, records, reviewer, source_format, create_documents)


def _check_text(records: list[DocumentRecord]) -> None:
    """Refuse, before anything is written, text that is not valid Unicode (a lone surrogate
    from a JSON escape such as ``\\ud800``), which SQLite cannot store."""
    for record in records:
        pieces = [record.title, record.text or ""]
        for span in record.spans:
            pieces += [span.quote, span.note, span.label, span.reviewer or ""]
        try:
            "".join(pieces).encode("utf-8")  # all at once: nothing to name, most often
            continue
        except UnicodeEncodeError:
            pass
        for piece in pieces:
            try:
                piece.encode("utf-8")
            except UnicodeEncodeError as exc:
                bad = piece[exc.start]
                raise FormatError(
                    f"“{record.title[:60]}” holds {bad!r} (U+{ord(bad):04X}), half of a "
                    "character pair on its own: the file is not valid Unicode"
                ) from None


def _import(store, records, reviewer, source_format, create_documents) -> ImportReport:
    report = ImportReport()
    label_map = _label_map(store, records, report)
    documents = _DocumentIndex(store)
    rows = _Rows(store)
    for record in records:
        refused = record.extra.get("refused") or (
            text_too_large(record.text) if record.text is not None else None
        )
        if refused:  # a document the file carries but that cannot be one: the rest goes on
            report.unplaced.append(Unplaced(record.title, "", refused))
            continue
        doc_id, _how = documents.match(record)
        if doc_id is None and record.text is not None and create_documents:
            doc_id = documents.add(record, source_format)
            report.documents_added += 1
            report.new_document_ids.append(doc_id)
        elif doc_id is not None:
            report.documents_matched += 1
        for skipped in record.extra.get("skipped", ()):  # listed, matched or not
            report.unplaced.append(Unplaced(record.title, "", f"left out by the reader: "
                                            f"{skipped}"))
        if doc_id is None:
            reason = (
                "its document is not in the session"
                if record.text is None
                else "its document is not in the session and was not added"
            )
            report.unplaced.extend(Unplaced(record.title, s.quote, reason) for s in record.spans)
            continue
        text = store.document_text(doc_id)
        file_text = _FileText(record, text)
        for span, placed in file_text.place_all(record.spans):
            if placed is None:
                report.unplaced.append(
                    Unplaced(record.title, span.quote, "its quote is not in the document")
                )
                continue
            start, end, by_quote = placed
            if (start, end) != file_text.offsets(span):
                if not by_quote:
                    report.shifted += 1
                elif file_text.changed:
                    report.moved += 1
                else:
                    report.realigned += 1
            label = label_map.get(span.label)
            if label is None:
                report.unplaced.append(
                    Unplaced(record.title, span.quote, f"the label {span.label!r} is not usable")
                )
                continue
            problem = rows.add(doc_id, text, start, end, label, span,
                               reviewer or span.reviewer or store.reviewer)
            if problem is not None:
                report.unplaced.append(Unplaced(record.title, span.quote, problem))
    report.added, report.duplicates, report.annotation_ids, report.links = rows.finish()
    return report


class _Rows:
    """The rows an import adds, checked one at a time as the model would check them and
    written a batch at a time (inside the import's one transaction), each given its id as it
    is made: no model is kept, nor a row once written.

    A row of the values an import gives is checked in plain Python (:func:`_plain_row`); only
    a row that check does not pass is read by the :class:`~annotator.core.models.Annotation`
    model, which then says what is wrong (the span is listed as not placed) or gives the
    values as it keeps them. An annotation the session (or the file, earlier) already has
    (same document, span, label and reviewer) is skipped."""

    BATCH = 5000

    def __init__(self, store: SessionStore) -> None:
        self.store = store
        self.verdicts = store.verdict_keys()
        self.labels = store.label_names()  # after the import's labels were added
        self.first_id = self.next_id = store.next_annotation_id()
        self.batch: list[tuple] = []
        self.held: dict[int, set[tuple]] = {}  # per document: (start, end, label, reviewer)
        self.duplicates = 0
        self.ids: dict[str, int | None] = {}  # a span's key in the file -> its id (None: a dup.)
        self.links: list[tuple[int | None, tuple[str, ...]]] = []  # (id, the keys it links to)

    def add(self, doc_id: int, text: str, start: int, end: int, label: str, span: SpanRecord,
            who: str) -> str | None:
        """Add the annotation of ``span`` placed at ``start``–``end``; the reason it cannot be
        added, if the model refuses it."""
        created_at, updated_at = span.created_at, span.updated_at
        same_time = not updated_at or updated_at == created_at
        created = _plain_stamp(created_at) or stamp(_time(created_at))
        updated = created if same_time else _plain_stamp(updated_at) or stamp(_time(updated_at))
        row = _plain_row(doc_id, start, end, text, label, span, who, created, updated,
                         self.verdicts, self.labels)
        if row is None:
            row = self._modelled(doc_id, start, end, text, label, span, who, created, updated)
            if isinstance(row, str):
                return row
        seen = self.held.get(doc_id)
        if seen is None:  # what the document holds already, read once
            seen = self.held[doc_id] = self.store.annotation_span_keys(doc_id)
        key = (row[1], row[2], row[4], row[9])
        if key in seen:
            self.duplicates += 1
            new_id = None
        else:
            seen.add(key)
            new_id = self.next_id
            self.next_id += 1
            self.batch.append((new_id, *row))
            if len(self.batch) >= self.BATCH:
                self.store.insert_annotation_rows(self.batch)
                self.batch = []
        if span.key is not None:
            self.ids[span.key] = new_id
        if span.links:
            self.links.append((new_id, span.links))
        return None

    def _modelled(self, doc_id, start, end, text, label, span, who, created, updated
                  ) -> tuple | str:
        """The row of an annotation as the model reads it, or what the model says is wrong
        (``created`` and ``updated``: the times as the store writes them)."""
        data = {
            "document_id": doc_id, "start": start, "end": end, "quote": text[start:end],
            "label": label, "confidence": span.confidence, "note": span.note,
            "verdict": span.verdict, "evidence": span.evidence, "reviewer": who,
            "created_at": datetime.fromisoformat(created),
            "updated_at": datetime.fromisoformat(updated), "origin": "imported",
        }
        if span.claim_reviewed is not None or span.fact_check_url is not None:
            data["claim_reviewed"] = span.claim_reviewed
            data["fact_check_url"] = span.fact_check_url
        try:
            Annotation.model_validate(data, context={"verdicts": self.verdicts})
        except pydantic.ValidationError as exc:
            return validation_message(exc)
        try:  # as the store checks what it adds: the text and the session's labels too
            annotation = Annotation.model_validate(
                data, context={"text": text, "labels": self.labels, "verdicts": self.verdicts})
        except pydantic.ValidationError as exc:
            raise ValidationFailed(validation_message(exc)) from None
        row = self.store._row(annotation)
        return tuple(row[name] for name in ANNOTATION_FIELDS[1:])

    def finish(self) -> tuple[int, int, range, list[tuple[int, int]]]:
        """Write what is left; the count added, duplicates skipped, the ids given and the
        links made (pairs of ids)."""
        if self.batch:
            self.store.insert_annotation_rows(self.batch)
            self.batch = []
        ids = self.ids
        pairs = {
            (source, ids[target]) for source, targets in self.links if source is not None
            for target in targets
            if target in ids and ids[target] is not None and ids[target] != source
        }
        made = self.store.add_links(pairs) if pairs else []
        added = self.next_id - self.first_id
        return added, self.duplicates, range(self.first_id, self.next_id), made


# a time with its zone that the store writes back as it is, but for the digits of its second
# (milliseconds, see stamp()) and the sign of a zero offset
_STAMP = re.compile(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{3})(?:\d{3})?)?([+-]\d\d:\d\d)")


def _plain_stamp(value: str | None) -> str | None:
    """The time ``value`` says as the store writes it (``stamp(_time(value))``) when it is an
    ISO 8601 time with a zone of the usual shape (found without parsing and writing it again),
    else ``None``."""
    match = _STAMP.fullmatch(value) if type(value) is str else None
    if match is None:
        return None
    try:
        datetime.fromisoformat(value)  # a real date and time, the offset under a day
    except ValueError:
        return None
    moment, millis, offset = match.groups()
    return f"{moment}.{millis or '000'}{'+00:00' if offset == '-00:00' else offset}"


def _plain_row(doc_id: int, start: int, end: int, text: str, label: str, span: SpanRecord,
               who: str, created: str, updated: str, verdicts: frozenset[str],
               labels: frozenset[str]) -> tuple | None:
    """The row (:data:`ANNOTATION_FIELDS` but the id) of an annotation whose values the
    :class:`~annotator.core.models.Annotation` model takes exactly as they are, checked
    against the text and the session's labels and verdicts as the store checks what it adds:
    the model's rules, in plain Python, for the values an import gives. ``None`` when not:
    the model then reads them and says what is wrong."""
    confidence, note, verdict, evidence = span.confidence, span.note, span.verdict, span.evidence
    if not (
        span.claim_reviewed is None and span.fact_check_url is None  # else the model reads them
        and type(start) is int and type(end) is int and 0 <= start < end <= len(text)
        and label in labels
        and type(confidence) is int and 1 <= confidence <= 5
        and type(note) is str and len(note) <= MAX_NOTE_CHARS
        and (verdict is None or verdict in verdicts)
        and type(who) is str and 0 < len(who) <= MAX_REVIEWER_CHARS and who.strip() != ""
        and (evidence == () or _plain_evidence(evidence))
    ):
        return None
    quote = text[start:end]
    if quote.strip() == "":
        return None
    return (doc_id, start, end, quote, label, confidence, note, verdict,
            json.dumps(list(evidence)) if evidence else "[]", who, created, updated, "imported",
            None, None)


def _plain_evidence(urls: object) -> bool:
    """A tuple of web addresses the model keeps as they are (no white space around them)."""
    return type(urls) is tuple and len(urls) <= MAX_EVIDENCE_URLS and all(
        type(url) is str and url and url == url.strip() and WEB_ADDRESS.match(url)
        for url in urls
    )


class _FileText:
    """How the spans of one record are placed in the session's text of its document.

    When the file carries the article's text (the session's document was made from it, or its
    text, once normalised, is the session's), the file's offsets are the truth: a span whose
    quote is at its offsets stays there exactly (offsets into a text with carriage returns or
    NULs are first mapped to the normalised text). A file without text whose checksum is the
    document's is read the same way.

    Only when the text differs (``changed``) are spans placed again: one in the part before
    the first difference keeps its offsets, one in the part after the last difference is
    shifted by the change in length (both found in one pass over the two texts), and one in
    between is placed by its quote and context (:func:`locate`). A span whose offsets do not
    hold its quote in an unchanged (or unknown) text is placed by its quote too.

    A quote is looked for nearest its old place moved by as much as the text around it moved.
    Spans are placed in text order, first those that can tell their place (offsets that hold,
    a recorded context, a long quote), each expected where the last one placed with certainty
    (an anchor) would put it; then the short quotes without context, each moved as its nearest
    anchor was. So the spans of a file without text or context (a CSV) follow an article that
    gained a paragraph, instead of each falling on the occurrence nearest its old offsets.
    """

    def __init__(self, record: DocumentRecord, text: str) -> None:
        self.text = text
        self.finder = QuoteFinder(text)
        self.removed: Sequence[int] = ()  # offsets of the file's text that normalising removed
        self.head = self.tail_from = self.shift = 0
        self.delta = 0  # how far the last span placed with certainty moved
        self.anchors: list[tuple[int, int]] = []  # (old start, delta) of each span so placed
        self.aligned = False  # whether head, tail_from and shift were measured
        if record.text is not None:
            cleaned = _clean(record.text)
            self.changed = cleaned != text
            if cleaned is not record.text:
                self.removed = _removed_offsets(record.text)
            if self.changed and record.text:
                self.head = shared_head(cleaned, text)
                tail = shared_tail(cleaned, text, min(len(cleaned), len(text)) - self.head)
                self.tail_from = len(cleaned) - tail
                self.shift = len(text) - len(cleaned)
                self.aligned = True
        else:
            self.changed = bool(record.sha256) and record.sha256 != sha256_text(text)

    def offsets(self, span: SpanRecord) -> tuple[int, int]:
        """The span's offsets in the file's text once normalised (what normalising removed
        taken out)."""
        if not self.removed:
            return span.start, span.end
        return (span.start - bisect.bisect_left(self.removed, span.start),
                span.end - bisect.bisect_left(self.removed, span.end))

    def place_all(
        self, spans: Iterable[SpanRecord]
    ) -> list[tuple[SpanRecord, tuple[int, int, bool] | None]]:
        """Each span (in text order) with where it goes (see :meth:`place`)."""
        ordered = sorted(spans, key=lambda span: (span.start, span.end))
        placed: list[tuple[int, int, bool] | None] = [None] * len(ordered)
        later = []
        for i, span in enumerate(ordered):
            if len(span.quote) >= CERTAIN_QUOTE or len(span.prefix) + len(span.suffix) >= 8 \
                    or not self.changed:
                placed[i] = self.place(span)
            else:
                later.append(i)
        anchors, self.anchors = self.anchors, []  # sorted by old start; kept as they are
        for i in later:
            old = self.offsets(ordered[i])[0]
            at = bisect.bisect_left(anchors, (old,))
            near = anchors[max(0, at - 1) : at + 1]
            if near:
                self.delta = min(near, key=lambda anchor: abs(anchor[0] - old))[1]
            placed[i] = self.place(ordered[i])
        return list(zip(ordered, placed, strict=True))

    def place(self, span: SpanRecord) -> tuple[int, int, bool] | None:
        """Where ``span`` goes, and whether it was found by its quote; ``None`` if nowhere."""
        start, end = self.offsets(span)
        old_start = start
        if self.changed:
            if self.aligned and end <= self.head:
                pass  # before the first difference: the same place
            elif self.aligned and start >= self.tail_from:
                start, end = start + self.shift, end + self.shift
            else:
                start = end = -1  # looked for by its quote
        quote = normalise_text(span.quote) if "\r" in span.quote else span.quote
        if 0 <= start < end <= len(self.text) and self.text[start:end] == quote:
            self._anchor(old_start, start - old_start)
            return start, end, False
        old_start = min(max(old_start, 0), _FAR)  # a huge number from a file is only "far"
        found = locate(self.text, span, exact_allowed=not self.changed, finder=self.finder,
                       expected=old_start + self.delta)
        if found is None:
            return None
        certain = (self.finder.matched_context and len(span.prefix) + len(span.suffix) >= 8
                   or len(quote) >= CERTAIN_QUOTE)
        if certain:
            self._anchor(old_start, found[0] - old_start)
        return (*found, True)

    def _anchor(self, old_start: int, delta: int) -> None:
        self.delta = delta
        self.anchors.append((old_start, delta))


def _removed_offsets(raw: str) -> array:
    """The offsets of ``raw`` whose characters :func:`normalise_text` drops: the carriage
    return of each CR LF, every NUL, and the byte-order marks (and NULs) it starts with."""
    lead = len(raw) - len(raw.lstrip("\ufeff\x00"))
    removed = array("q", range(lead))  # 8 bytes an offset: a text may have millions of CRs
    removed.extend(m.start() for m in _REMOVED.finditer(raw, lead))
    return removed


def locate(
    text: str,
    span: SpanRecord,
    *,
    exact_allowed: bool = True,
    scale: float = 1.0,
    finder: QuoteFinder | None = None,
    expected: int | None = None,
) -> tuple[int, int] | None:
    """Where ``span`` belongs in ``text``: its own offsets if they still hold its quote (and
    ``exact_allowed``), else the occurrence of its quote that :class:`QuoteFinder` chooses by
    context, nearest ``expected`` (by default its old place, scaled by ``scale``), else
    ``None``. ``finder`` (over ``text``) is reused across the spans of one document."""
    quote = normalise_text(span.quote) if "\r" in span.quote else span.quote
    if not quote.strip():
        return None
    still_there = 0 <= span.start < span.end <= len(text) and text[span.start : span.end] == quote
    if still_there and exact_allowed:
        return span.start, span.end
    if expected is None:
        start = min(max(span.start, 0), _FAR)  # a huge number from a file is only "far"
        expected = start if still_there else round(start * scale)
    finder = finder if finder is not None else QuoteFinder(text)
    return finder.find(quote, span.prefix, span.suffix, expected)


def _time(value: str | None) -> datetime:
    """The time ``value`` says, if it is an ISO 8601 time with a zone; else now."""
    stamp = parse_time(value) if value else None
    return stamp if stamp is not None and stamp.tzinfo is not None else now()


class _DocumentIndex:
    """The session's documents by text checksum, original-file checksum and title."""

    def __init__(self, store: SessionStore) -> None:
        self.store = store
        self.by_sha: dict[str, int] = {}
        self.by_source: dict[str, int] = {}
        self.by_title: dict[str, list[int]] = {}
        for doc in store.documents(counts=False):
            self._remember(doc.id, doc.sha256, doc.source_sha256, doc.title)

    def _remember(self, doc_id: int, sha: str, source: str | None, title: str) -> None:
        self.by_sha[sha] = doc_id
        if source:
            self.by_source.setdefault(source, doc_id)
        self.by_title.setdefault(title.casefold(), []).append(doc_id)

    def match(self, record: DocumentRecord) -> tuple[int | None, str]:
        """The session document for ``record`` and how it was found: ``"text"`` when its text
        is the same, ``"source"`` or ``"title"`` when the text may differ."""
        if record.text is not None:
            sha = sha256_text(_clean(record.text))
            if sha in self.by_sha:
                return self.by_sha[sha], "text"
        elif record.sha256 and record.sha256 in self.by_sha:
            return self.by_sha[record.sha256], "text"
        if record.source_sha256 and record.source_sha256 in self.by_source:
            return self.by_source[record.source_sha256], "source"
        if record.sha256 and record.sha256 in self.by_sha:
            return self.by_sha[record.sha256], "source"
        if record.text is None:
            titled = self.by_title.get(record.title.casefold(), [])
            if len(titled) == 1:
                return titled[0], "title"
        return None, ""

    def add(self, record: DocumentRecord, source_format: str) -> int:
        text = _clean(record.text or "")
        if not text.strip():
            raise ValidationFailed(f"“{record.title}” has no text to add")
        summary, _ = self.store.add_document(
            ImportedDocument(
                title=(record.title or "Untitled").strip()[:200] or "Untitled",
                text=text,
                source_format=source_format,
                source_sha256=record.source_sha256,
            )
        )
        self._remember(summary.id, summary.sha256, summary.source_sha256, summary.title)
        return summary.id


def _clean(text: str) -> str:
    return normalise_text(text) if "\r" in text or "\x00" in text else text


def _label_map(store: SessionStore, records: list[DocumentRecord], report: ImportReport):
    """Each label name of the file -> the session's label for it, adding labels it lacks.

    A label the session has (by name, or by a name or title that differs only in case) keeps
    the session's title and colour. A label it lacks is added with the title, colour,
    description and key of its definition in the records' ``extra["labels"]`` (see
    :mod:`annotator.core.formats._shared`), each where it fits the session: a title of 1 to 80
    characters (white space made single spaces, a longer one shortened), a ``#RRGGBB``
    colour, a key that is one letter, not J, K, N or L, and not taken; else the file's own
    name, one of ``EXTRA_COLOURS`` and no key."""
    labels = store.labels()
    known = {label.name: label.name for label in labels}
    lowered = {label.name.casefold(): label.name for label in labels}
    lowered.update({label.title.casefold(): label.name for label in labels})
    definitions = _label_definitions(records)
    fallbacks = 0  # fallback colours given so far
    mapping: dict[str, str] = {}
    new: list[Label] = []
    for name in sorted({span.label for record in records for span in record.spans}):
        if name in known:
            mapping[name] = name
        elif name.casefold() in lowered:
            mapping[name] = lowered[name.casefold()]
        else:
            slug = re.sub(r"[^a-z0-9_-]+", "_", name.strip().casefold()).strip("_-")
            if slug and not slug[0].isalpha():
                slug = "l_" + slug
            slug = slug[:40]
            if not _LABEL_NAME.match(slug or ""):
                continue
            if slug not in known:
                definition = definitions.get(name) or definitions.get(name.casefold(), {})
                colour = _fitting_colour(definition.get("color"))
                if colour is None:
                    colour = EXTRA_COLOURS[fallbacks % len(EXTRA_COLOURS)]
                    fallbacks += 1
                shortcut = _fitting_key(definition.get("shortcut"))  # if free: add_labels
                description = definition.get("description")
                new.append(
                    Label(
                        name=slug,
                        title=_fitting_title(definition.get("title"))
                        or name.strip()[:80]
                        or slug,
                        color=colour,
                        shortcut=shortcut,
                        description=description if isinstance(description, str) else "",
                    )
                )
                known[slug] = slug
                lowered[name.casefold()] = slug
            mapping[name] = slug
    if new:
        report.labels_added = [label.name for label in store.add_labels(new)]
    return mapping


def _label_definitions(records: list[DocumentRecord]) -> dict[str, dict]:
    """The label definitions of the records' ``extra["labels"]`` by name (and by the name in
    lower case, for a file whose spans spell it otherwise); the first of a name wins."""
    found: dict[str, dict] = {}
    for record in records:
        items = record.extra.get("labels") if isinstance(record.extra, dict) else None
        if not isinstance(items, list):
            continue
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                found.setdefault(item["name"], item)
                found.setdefault(item["name"].casefold(), item)
    return found


def _fitting_title(value: object) -> str | None:
    """A label title the model takes (1–80 characters, white space as single spaces)."""
    if not isinstance(value, str):
        return None
    title = " ".join(value.split())
    if len(title) > 80:
        title = title[:79].rstrip() + "…"
    return title or None


def _fitting_colour(value: object) -> str | None:
    return value if isinstance(value, str) and _COLOUR.fullmatch(value) else None


def _fitting_key(value: object) -> str | None:
    """A keyboard key for a new label: one letter A–Z (kept if free, see ``add_labels``)."""
    if not isinstance(value, str) or len(value.strip()) != 1:
        return None
    key = value.strip().upper()
    return key if len(key) == 1 and "A" <= key <= "Z" else None
