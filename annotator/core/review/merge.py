"""Merge several reviewers' session files into one session.

    report = merge_sessions(Path("team.sqlite"), [Path("amira.sqlite"), Path("jonas.sqlite")])
    print(report.summary())

Every input is opened read-only (so a session open in a window can still be merged) and is never
changed. All of them are opened, checked and read for their documents and labels before anything
is written: one input that is not a session stops the merge with the store's own message, and the
output is then neither created nor changed.

Documents are matched by the SHA-256 of their text; a document the output lacks is added with its
title, source details and progress (a document the output has keeps its own progress). Labels are
the union: a label the output lacks is added with its title, colour and key (without the key if
the output already uses it); a label the output has keeps its own title and colour. Annotations
keep their reviewer, confidence, note, verdict, evidence and times; one the output already holds
(same document, span, label and reviewer) is skipped, and links between annotations are carried
over to the new ids (and to the existing copies of skipped ones), so merging the same input
twice changes nothing, and ``merge OUT A B`` then ``merge OUT C`` gives what ``merge OUT A B C``
gives. An adjudicator's rejected spans come along too (a span the output has rejected already
keeps its own record); the gold layer is annotations of the reviewer ``gold``, merged as any.
Published fact-checks' claims read into an input (``reference_claims``) come along unless the
output has them (the same claim at the same address), and so do its claims' same-claim marks
(``same_claims``), with the ids the merge gave (a claim the output has marked keeps its mark).

Each input is merged in one transaction of its own: a cancel (``cancel.set()``, seen between
documents) or an error rolls back the input being merged and keeps the ones merged before it.
An annotation of an input that breaks a rule of the session (its quote not the document's text
at its span, say: a damaged file) is left out and reported, never guessed.

Speed: the store's :meth:`SessionStore.add_annotations` looks every annotation up with a query
of its own and inserts it through sqlite-utils, one row at a time: about 80 µs an annotation,
25 s or more for 20 inputs of 15,000 annotations. The merge therefore writes through the store's
bulk methods (:mod:`annotator.core.session.bulk`) inside one :meth:`SessionStore.write` per
input: it validates every annotation with the same :class:`Annotation` model and context the
store uses, looks duplicates up only where the session already has annotations by the same
reviewers (one query per document), and inserts each document's annotations with one
``executemany`` (``benchmarks/merge_bench.py``).

What a merge added (documents, annotations, links, rejections, labels) is recorded in the report
(``MergeReport.additions``), so :func:`merge_change` can take exactly that out again (undo) and
put it back (redo), with no backup needed.
"""

from __future__ import annotations

import dataclasses
import json
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from operator import attrgetter
from pathlib import Path
from typing import Any

import pydantic

from annotator.core.articles.text import sha256_text
from annotator.core.errors import AnnotatorError, DocumentError, SessionError, validation_message
from annotator.core.models import DocumentSummary, Label
from annotator.core.session.changes import RowsAdded
from annotator.core.session.damaged_rows import ANNOTATION_FIELDS, DamagedRow, read_annotation
from annotator.core.session.rows import Additions
from annotator.core.session.store import SessionStore
from annotator.core.wording import counted

__all__ = ["InputReport", "MergeCancelled", "MergeReport", "merge_into", "merge_sessions"]

Progress = Callable[[int, int, str], Any]

MAX_REPORTED = 20  # refused annotations listed in the summary


class MergeCancelled(AnnotatorError):
    """The merge was cancelled; ``report`` says what was merged before (whole inputs only)."""

    def __init__(self, report: MergeReport) -> None:
        merged = report.inputs_merged
        super().__init__(
            "the merge was cancelled"
            + (
                f"; {merged} of {counted(len(report.inputs), 'session')} had been merged and "
                "are kept"
                if merged else "; nothing was merged"
            )
        )
        self.report = report


# the figures counted for each input (and summed over them in MergeReport)
COUNTERS = ("documents_added", "documents_matched", "annotations_added", "duplicates",
            "links_added", "rejections_added", "annotations_read", "reference_claims_added",
            "marks_added")


@dataclass
class InputReport:
    """What the merge took from one input."""

    path: Path
    merged: bool = False
    documents_added: int = 0
    documents_matched: int = 0
    annotations_added: int = 0
    duplicates: int = 0
    links_added: int = 0
    rejections_added: int = 0  # the adjudicator's rejected spans
    annotations_read: int = 0
    reference_claims_added: int = 0  # published fact-checks' claims the session lacked
    marks_added: int = 0  # claims marked as the same claim as another
    labels_added: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # annotations left out, and why
    damaged: list[str] = field(default_factory=list)  # the input's damaged documents, labels

    def counted(self, counts: InputReport) -> None:
        """Take the figures (and refusals) counted while writing this input."""
        for name in COUNTERS:
            setattr(self, name, getattr(counts, name))
        self.refused = list(counts.refused)

    def as_dict(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "path": str(self.path)}


@dataclass
class MergeReport:
    """What a merge did, in total and input by input (``inputs``, in the order given)."""

    out: Path
    created: bool = False
    inputs: list[InputReport] = field(default_factory=list)
    backup: Path | None = None  # the copy of the output written before merging into it
    additions: Additions = field(default_factory=Additions)  # what was added (see merge_change)

    @property
    def inputs_merged(self) -> int:
        return sum(1 for item in self.inputs if item.merged)

    def __getattr__(self, name: str) -> int:  # documents_added, ...: summed over the inputs
        if name in COUNTERS:
            return sum(getattr(item, name) for item in self.inputs)
        raise AttributeError(name)

    @property
    def labels_added(self) -> list[str]:
        return [name for item in self.inputs for name in item.labels_added]

    @property
    def refused(self) -> int:
        return sum(len(item.refused) for item in self.inputs)

    def as_dict(self) -> dict[str, Any]:
        """The figures as plain data (for ``--json``)."""
        totals = {key: getattr(self, key)
                  for key in ("inputs_merged", *COUNTERS, "labels_added", "refused")}
        return {
            "out": str(self.out),
            "created": self.created,
            "backup": str(self.backup) if self.backup else None,
            **totals,
            "inputs": [item.as_dict() for item in self.inputs],
        }

    def summary(self) -> str:
        """A few lines for standard error or a message box."""
        lines = [
            f"{self.inputs_merged:,} of {counted(len(self.inputs), 'session')} merged into "
            f"{self.out.name}" + (" (new)" if self.created else ""),
            f"documents: {self.documents_added:,} added, {self.documents_matched:,} matched by "
            "their text",
            f"annotations: {self.annotations_added:,} added, {self.duplicates:,} already there "
            "(skipped)",
        ]
        if self.links_added:
            lines.append(f"links: {self.links_added:,} added")
        if self.rejections_added:
            lines.append(f"rejected spans (adjudication): {self.rejections_added:,} added")
        if self.reference_claims_added:
            lines.append(f"published fact-checks' claims: {self.reference_claims_added:,} added")
        if self.marks_added:
            lines.append(f"claims marked the same as another: {self.marks_added:,} added")
        if self.labels_added:
            lines.append("labels added: " + ", ".join(self.labels_added))
        for item in self.inputs:
            lines.append(
                f"  {item.path.name}: {item.annotations_added:,} added, "
                f"{item.duplicates:,} already there"
                + (f", {len(item.refused):,} refused" if item.refused else "")
                + ("" if item.merged else " (not merged)")
            )
        for item in self.inputs:
            lines.extend(f"  {item.path.name}: damaged {why}" for why in item.damaged)
        refused = [(item.path.name, why) for item in self.inputs for why in item.refused]
        if refused:
            lines.append(f"{counted(len(refused), 'annotation')} left out (they break a session "
                         "rule):")
            lines.extend(f"  {name}: {why}" for name, why in refused[:MAX_REPORTED])
            if len(refused) > MAX_REPORTED:
                lines.append(f"  … and {len(refused) - MAX_REPORTED:,} more")
        if self.backup:
            lines.append(f"the session before the merge is kept in {self.backup}")
        return "\n".join(lines)


# ------------------------------------------------------------------------------ the entry points


def merge_sessions(
    out: str | Path,
    inputs: Sequence[str | Path],
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> MergeReport:
    """Merge the sessions ``inputs`` into ``out`` (created if missing); see the module text.

    Raises :class:`SessionError` when an input is ``out`` itself or cannot be opened as a session
    (before anything is written), when ``out`` cannot be created or is open elsewhere;
    :class:`MergeCancelled` when ``cancel`` is set (whole inputs merged before it are kept).
    ``progress(done, total, message)`` is called as documents are merged.
    """
    out_path = Path(out).expanduser().absolute()
    paths = _checked_inputs(out_path, inputs)
    sources = _open_inputs(paths)
    try:
        read = [_read_input(source) for source in sources]  # before the output is touched
        created = not out_path.exists()
        store = SessionStore.open(out_path, create=True, auto_backup=False)
        try:
            store.require_writable()
            report = _merge(store, read, progress, cancel, backup=True, created=created)
        finally:
            store.close()
    finally:
        for source in sources:
            source.close()
    return report


def merge_into(
    store: SessionStore,
    inputs: Sequence[str | Path | SessionStore],
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    backup: bool = True,
) -> MergeReport:
    """Merge ``inputs`` (paths, or stores already open) into the open, writable ``store``.

    What the window uses to merge into the session it has open (from the thread that owns the
    store's connection). Paths are opened read-only, every one before anything is written, and
    closed again. With ``backup`` (the default), a session that already has documents is backed
    up first (``<session>.backups/<name>-<time>-before-merge.sqlite``).
    """
    store.require_writable()  # a read-only store refuses with its own message
    if not inputs:
        raise SessionError("name at least one session to merge")
    for item in inputs:
        path = item.path if isinstance(item, SessionStore) else Path(item).expanduser().absolute()
        if _same_file(path, store.path):
            raise SessionError(_same_message(path))
    owned = _open_inputs(
        [Path(item).expanduser().absolute() for item in inputs
         if not isinstance(item, SessionStore)]
    )
    try:
        opened = iter(owned)
        sources = [item if isinstance(item, SessionStore) else next(opened) for item in inputs]
        read = [_read_input(source) for source in sources]  # every input read before any write
        return _merge(store, read, progress, cancel, backup=backup, created=False)
    finally:
        for source in owned:
            source.close()


# ------------------------------------------------------------------------------ checking inputs


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def _same_message(path: Path) -> str:
    return (
        f"{path} is the session being merged into; a session cannot be merged into itself "
        "(name it once, as the output)"
    )


def _checked_inputs(out: Path, inputs: Iterable[str | Path]) -> list[Path]:
    paths = [Path(item).expanduser().absolute() for item in inputs]
    if not paths:
        raise SessionError("name at least one session to merge")
    for path in paths:
        if _same_file(path, out):
            raise SessionError(_same_message(path))
    return paths


def _open_inputs(paths: list[Path]) -> list[SessionStore]:
    """Open every input read-only, or none: the first one that fails closes the others."""
    sources: list[SessionStore] = []
    try:
        for path in paths:
            sources.append(SessionStore.open(path, read_only=True, auto_backup=False))
    except BaseException:
        for source in sources:
            source.close()
        raise
    return sources


@dataclass
class _Input:
    """An input as read before anything is written."""

    store: SessionStore
    labels: list[Label]
    documents: list[DocumentSummary]


def _read_input(source: SessionStore) -> _Input:
    try:
        return _Input(source, source.labels(), source.documents(counts=False))
    except pydantic.ValidationError as exc:
        raise SessionError(
            f"{source.path} is damaged: {validation_message(exc)}; nothing was merged"
        ) from None


# ------------------------------------------------------------------------------ merging


def _merge(
    store: SessionStore,
    read: list[_Input],
    progress: Progress | None,
    cancel: threading.Event | None,
    *,
    backup: bool,
    created: bool,
) -> MergeReport:
    report = MergeReport(out=store.path, created=created)
    report.inputs = [InputReport(path=item.store.path) for item in read]
    total = sum(len(item.documents) for item in read)
    notify = progress or (lambda done, total, message: None)
    if backup and store.documents(counts=False):
        report.backup = store.backup("before-merge")
    target = _Target({doc.sha256: doc.id for doc in store.documents(counts=False)},
                     store.annotators())
    done = 0
    notify(0, total, f"merging {counted(len(read), 'session')} into {store.path.name}")
    for item, entry in zip(read, report.inputs, strict=True):
        if cancel is not None and cancel.is_set():
            raise MergeCancelled(report)
        labels_before = store.labels()
        entry.labels_added = [label.name for label in store.add_labels(item.labels)]
        if entry.labels_added:
            report.additions.extend(Additions(labels_before=labels_before,
                                              labels_after=store.labels()))
        damage = item.store.damage()
        entry.damaged = [row.sentence for row in [*damage.documents.values(), *damage.repaired]]
        counts = InputReport(item.store.path)

        def step(done_here: int, message: str, _base: int = done) -> None:
            notify(_base + done_here, total, message)

        work = partial(
            _write_input, store, item, store.label_names(), target, counts, step, cancel
        )
        try:
            written, added = store.write(work)
        except _Cancelled:
            raise MergeCancelled(report) from None
        target.update(written)
        report.additions.extend(added)
        entry.counted(counts)
        entry.merged = True
        done += len(item.documents)
        notify(done, total, f"merged {item.store.path.name}")
    return report


def merge_change(
    store: SessionStore,
    inputs: Sequence[str | Path | SessionStore],
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> RowsAdded:
    """:func:`merge_into` as a change that can be undone and redone (see
    :mod:`annotator.core.session.changes`): undo takes out exactly what the merge added, redo
    puts it back. The session is backed up first, like any backup (kept with its last few). A
    cancelled merge takes out what it had added, and says so."""
    store.backup("before-merge")
    try:
        report = merge_into(store, inputs, progress=progress, cancel=cancel, backup=False)
    except MergeCancelled as cancelled:
        RowsAdded(cancelled.report.additions).undo(store)  # nothing half-merged stays
        raise AnnotatorError("the merge was cancelled; the session is as it was") from None
    return RowsAdded(report.additions, f"Merge {counted(len(inputs), 'Session')}", report)


@dataclass
class _Target:
    """What the merge knows of the session it writes to, as of the last input merged: its
    documents by SHA-256 and who has annotated each (only an annotation by one of them can be
    a duplicate, so the others need no look-up)."""

    by_sha: dict[str, int]
    reviewers: dict[int, set[str]]

    def update(self, written: _Target) -> None:
        self.by_sha.update(written.by_sha)
        for doc_id, names in written.reviewers.items():
            self.reviewers.setdefault(doc_id, set()).update(names)


def _write_input(
    store: SessionStore,
    item: _Input,
    names: frozenset[str],
    target: _Target,
    counts: InputReport,
    step: Callable[[int, str], None],
    cancel: threading.Event | None,
) -> tuple[_Target, Additions]:
    """Write one input's documents, annotations, links, rejections, reference claims and
    same-claim marks into ``store``; returns the documents added and the reviewers written to
    (for :meth:`_Target.update`), and what was added.

    Run by :meth:`SessionStore.write` (one transaction: all of it is written or none). It may be
    run a second time (on a store that keeps working in memory after a failed write), so it
    starts from zero and changes nothing but the session until it returns. New annotations get
    their ids here, after the highest ever given, so that a document's rows go in with one
    ``executemany``.
    """
    counts.__init__(counts.path)  # type: ignore[misc]
    source = item.store
    damaged_in_source = source.damage().annotations
    written = _Target({}, {})
    added = Additions()
    id_map: dict[int, int] = {}  # the input's annotation id -> the session's
    links: list[tuple[int, int]] = []
    doc_map: dict[int, int] = {}  # the input's document id -> the session's
    texts: dict[int, int] = {}  # the session's document id -> its length
    next_id = store.next_annotation_id()
    position = store.next_position()
    for number, doc in enumerate(item.documents):
        if cancel is not None and cancel.is_set():
            raise _Cancelled
        text = source.document_text(doc.id)
        sha = sha256_text(text)
        doc_id = target.by_sha.get(sha) or written.by_sha.get(sha)
        rows = source.stored_rows(doc.id)  # validated below
        counts.annotations_read += len(rows)
        if doc_id is None:
            doc_id = _insert_document(store, doc, text, position)
            position += 1
            written.by_sha[sha] = doc_id
            added.documents.append(doc_id)
            counts.documents_added += 1
        else:
            counts.documents_matched += 1
        texts[doc_id] = len(text)
        authors = {row["reviewer"] for row in rows if isinstance(row["reviewer"], str)}
        earlier = target.reviewers.get(doc_id, set()) | written.reviewers.get(doc_id, set())
        existing = store.span_keys(doc_id, authors & earlier)
        written.reviewers.setdefault(doc_id, set()).update(authors)
        new_rows = _new_rows(rows, existing, id_map, next_id, doc, doc_id, text, names,
                             damaged_in_source, counts)
        added.annotations.extend(row[_ID] for row in new_rows)
        next_id += len(new_rows)
        store.insert_annotation_rows(new_rows)
        counts.annotations_added += len(new_rows)
        links.extend(source.links_in_document(doc.id))
        doc_map[doc.id] = doc_id
        step(number + 1, f"{source.path.name}: {doc.title}")
    added.links = store.add_links(
        (id_map[s], id_map[t]) for s, t in links
        if s in id_map and t in id_map and id_map[s] != id_map[t]
    )
    counts.links_added = len(added.links)
    added.rejections = store.add_rejections(  # the session's own rejections stay as they are
        (doc_map[doc], *rest) for doc, *rest in source.rejection_rows()
        if doc in doc_map and _sound_rejection(rest, texts[doc_map[doc]])
    )
    counts.rejections_added = len(added.rejections)
    references, added.reference_claims = store.add_reference_claim_rows(
        source.reference_claim_rows())
    counts.reference_claims_added = len(added.reference_claims)
    added.marks = store.add_same_claim_rows(_marks(source.same_claim_rows(), id_map, references))
    counts.marks_added = len(added.marks)
    return written, added


def _marks(rows: Iterable[tuple], claims: dict[int, int], references: dict[int, int],
           ) -> list[tuple]:
    """An input's same-claim marks with the session's ids: of its claims merged (or found
    here already) and of its reference claims; a mark whose ends did not come along is left
    out."""
    marks = []
    for claim, other, reference, by, at in rows:
        if claim not in claims:
            continue
        if other is not None and other in claims:
            marks.append((claims[claim], claims[other], None, by, at))
        elif other is None and reference in references:
            marks.append((claims[claim], None, references[reference], by, at))
    return marks


def _new_rows(rows: list, existing: dict[tuple, int], id_map: dict[int, int], next_id: int,
              doc: DocumentSummary, doc_id: int, text: str, names: frozenset[str],
              damaged: dict[int, DamagedRow], counts: InputReport) -> list[tuple]:
    """The rows of one document of an input that the session lacks, as its rows (ids from
    ``next_id`` on); a duplicate is mapped to the session's copy, a damaged row refused."""
    new_rows: list[tuple] = []
    for row in rows:
        key = (row["start"], row["end"], row["label"], row["reviewer"])  # as stored
        found = existing.get(key)
        if found is not None:  # not written, so not validated either
            id_map[row["id"]] = found
            counts.duplicates += 1
            continue
        new_row = _checked_row(row, doc_id, next_id, text, names, damaged.get(row["id"]))
        if isinstance(new_row, DamagedRow):
            counts.refused.append(f"“{doc.title[:40]}”, {new_row.sentence}")
            continue
        new_rows.append(new_row)
        existing[key] = id_map[row["id"]] = next_id
        next_id += 1
    return new_rows


_FIELDS = attrgetter(*ANNOTATION_FIELDS)  # an annotation's values in the row's order
_ID, _EVIDENCE, _CREATED, _UPDATED, _ORIGIN = (
    ANNOTATION_FIELDS.index(name)
    for name in ("id", "evidence", "created_at", "updated_at", "origin"))


def _checked_row(row, doc_id: int, new_id: int, text: str, names: frozenset[str],
                 damaged: DamagedRow | None) -> tuple | DamagedRow:
    """An input's annotation row as a row of the session (its document and id there), or what
    is wrong with it: damaged in the input (checked against its own text and labels), or
    breaking a rule of this session. Never guessed."""
    data = dict(zip(ANNOTATION_FIELDS, row, strict=True))
    data["document_id"] = doc_id
    if data["evidence"] == "[]":
        data["evidence"] = ()
    annotation = damaged or read_annotation(data, text=text, labels=names)
    if isinstance(annotation, DamagedRow):
        return annotation
    values = list(_FIELDS(annotation))
    values[_ID] = new_id
    values[_EVIDENCE] = json.dumps(list(annotation.evidence)) if annotation.evidence else "[]"
    values[_CREATED], values[_UPDATED] = row[_CREATED], row[_UPDATED]  # the times as stored
    values[_ORIGIN] = "merged"
    return tuple(values)


def _sound_rejection(row: list, length: int) -> bool:
    start, end, by, at = row
    return (
        isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= length
        and isinstance(by, str) and isinstance(at, str)
    )


class _Cancelled(Exception):
    """Raised inside the transaction to roll it back; turned into :class:`MergeCancelled`."""


def _insert_document(store: SessionStore, doc: DocumentSummary, text: str, position: int) -> int:
    try:
        return store.insert_document(doc, text, status=doc.status, position=position)
    except DocumentError as exc:
        raise DocumentError(f"“{doc.title}”: {exc}") from None
