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

Each input is merged in one transaction of its own: a cancel (``cancel.set()``, seen between
documents) or an error rolls back the input being merged and keeps the ones merged before it.
An annotation of an input that breaks a rule of the session (its quote not the document's text
at its span, say: a damaged file) is left out and reported, never guessed.

Speed: the store's bulk :meth:`SessionStore.add_annotations` looks every annotation up with a
query of its own and inserts it through sqlite-utils, one row at a time: about 80 µs an
annotation, 25 s or more for 20 inputs of 15,000 annotations. The merge therefore writes through
:func:`_write_input`, the one function of this module that works below the store's public
methods: inside the store's own transaction (``_transact``: read-only refusal, error messages, all
or nothing) it validates every annotation with the same :class:`Annotation` model and context
the store uses, looks duplicates up only where the session already has annotations by the same
reviewers (one query per document), and inserts each document's annotations with one
``executemany``: about 8 s for those 300,000 annotations on two cores
(``benchmarks/merge_bench.py``).
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import pydantic

from annotator.core.articles.text import check_document_size, sha256_text
from annotator.core.errors import AnnotatorError, DocumentError, SessionError, validation_message
from annotator.core.models import DocumentSummary, Label, now
from annotator.core.session.damaged_rows import DamagedRow, read_annotation
from annotator.core.session.database import stamp
from annotator.core.session.store import RESERVED_KEYS, SessionStore
from annotator.core.wording import counted

__all__ = ["InputReport", "MergeCancelled", "MergeReport", "merge_into", "merge_sessions"]

Progress = Callable[[int, int, str], Any]

# the columns read from an input, in this order (the model's field names)
_READ_COLUMNS = (
    "id", "start", "end", "quote", "label", "confidence", "note", "verdict", "evidence",
    "reviewer", "created_at", "updated_at",
)
_SELECT = (
    'SELECT id, start, "end", quote, label, confidence, note, verdict, evidence, reviewer, '
    "created_at, updated_at FROM annotations WHERE document_id = ? ORDER BY id"
)
_INSERT = (
    'INSERT INTO annotations (id, document_id, start, "end", quote, label, confidence, note, '
    "verdict, evidence, reviewer, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
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
    labels_added: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # annotations left out, and why
    annotations_read: int = 0
    damaged: list[str] = field(default_factory=list)  # the input's damaged documents, labels


@dataclass
class MergeReport:
    """What a merge did, in total and input by input (``inputs``, in the order given)."""

    out: Path
    created: bool = False
    inputs: list[InputReport] = field(default_factory=list)
    backup: Path | None = None  # the copy of the output written before merging into it

    @property
    def inputs_merged(self) -> int:
        return sum(1 for item in self.inputs if item.merged)

    @property
    def documents_added(self) -> int:
        return sum(item.documents_added for item in self.inputs)

    @property
    def documents_matched(self) -> int:
        return sum(item.documents_matched for item in self.inputs)

    @property
    def annotations_added(self) -> int:
        return sum(item.annotations_added for item in self.inputs)

    @property
    def duplicates(self) -> int:
        return sum(item.duplicates for item in self.inputs)

    @property
    def links_added(self) -> int:
        return sum(item.links_added for item in self.inputs)

    @property
    def rejections_added(self) -> int:
        return sum(item.rejections_added for item in self.inputs)

    @property
    def labels_added(self) -> list[str]:
        return [name for item in self.inputs for name in item.labels_added]

    @property
    def refused(self) -> int:
        return sum(len(item.refused) for item in self.inputs)

    def as_dict(self) -> dict[str, Any]:
        """The figures as plain data (for ``--json``)."""
        totals = {
            key: getattr(self, key)
            for key in ("inputs_merged", "documents_added", "documents_matched",
                        "annotations_added", "duplicates", "links_added", "rejections_added",
                        "labels_added", "refused")
        }
        return {
            "out": str(self.out),
            "created": self.created,
            "backup": str(self.backup) if self.backup else None,
            **totals,
            "inputs": [
                {
                    "path": str(item.path), "merged": item.merged,
                    "documents_added": item.documents_added,
                    "documents_matched": item.documents_matched,
                    "annotations_added": item.annotations_added,
                    "duplicates": item.duplicates, "links_added": item.links_added,
                    "rejections_added": item.rejections_added,
                    "labels_added": list(item.labels_added), "refused": list(item.refused),
                    "annotations_read": item.annotations_read,
                    "damaged": list(item.damaged),
                }
                for item in self.inputs
            ],
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
            store._require_writable()
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
    store._require_writable()  # a read-only store refuses with its own message
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
    target = _Target.of(store)
    done = 0
    notify(0, total, f"merging {counted(len(read), 'session')} into {store.path.name}")
    for item, entry in zip(read, report.inputs, strict=True):
        if cancel is not None and cancel.is_set():
            raise MergeCancelled(report)
        entry.labels_added = _add_labels(store, item.labels)
        damage = item.store.damage()
        entry.damaged = [row.sentence for row in [*damage.documents.values(), *damage.repaired]]
        counts = _InputCounts()

        def step(done_here: int, message: str, _base: int = done) -> None:
            notify(_base + done_here, total, message)

        work = partial(
            _write_input, store, item, store.label_names(), target, counts, step, cancel
        )
        try:
            written = store._transact(work)
        except _Cancelled:
            raise MergeCancelled(report) from None
        target.update(written)
        counts.apply(entry)
        entry.merged = True
        done += len(item.documents)
        notify(done, total, f"merged {item.store.path.name}")
    return report


@dataclass
class _Target:
    """What the merge knows of the session it writes to, as of the last input merged: its
    documents by SHA-256 and who has annotated each (only an annotation by one of them can be
    a duplicate, so the others need no look-up)."""

    by_sha: dict[str, int]
    reviewers: dict[int, set[str]]

    @classmethod
    def of(cls, store: SessionStore) -> _Target:
        reviewers: dict[int, set[str]] = {}
        for doc_id, reviewer in store._db.execute(
            "SELECT DISTINCT document_id, reviewer FROM annotations"
        ):
            reviewers.setdefault(doc_id, set()).add(reviewer)
        return cls({doc.sha256: doc.id for doc in store.documents(counts=False)}, reviewers)

    def update(self, written: _Target) -> None:
        self.by_sha.update(written.by_sha)
        for doc_id, names in written.reviewers.items():
            self.reviewers.setdefault(doc_id, set()).update(names)


@dataclass
class _InputCounts:
    documents_added: int = 0
    documents_matched: int = 0
    annotations_added: int = 0
    duplicates: int = 0
    links_added: int = 0
    rejections_added: int = 0
    annotations_read: int = 0
    refused: list[str] = field(default_factory=list)

    def reset(self) -> None:
        self.__init__()  # type: ignore[misc]

    def apply(self, entry: InputReport) -> None:
        entry.documents_added = self.documents_added
        entry.documents_matched = self.documents_matched
        entry.annotations_added = self.annotations_added
        entry.duplicates = self.duplicates
        entry.links_added = self.links_added
        entry.rejections_added = self.rejections_added
        entry.annotations_read = self.annotations_read
        entry.refused = list(self.refused)


def _add_labels(store: SessionStore, labels: list[Label]) -> list[str]:
    """Add the input's labels the session lacks (in one transaction); returns their names."""
    current = store.labels()
    known = {label.name for label in current}
    taken = {label.shortcut for label in current if label.shortcut} | set(RESERVED_KEYS)
    new: list[Label] = []
    for label in labels:
        if label.name in known:
            continue
        shortcut = label.shortcut if label.shortcut not in taken else None
        if shortcut:
            taken.add(shortcut)
        new.append(label.model_copy(update={"shortcut": shortcut}))
        known.add(label.name)
    if new:
        store.replace_labels([*current, *new])
    return [label.name for label in new]


def _write_input(
    store: SessionStore,
    item: _Input,
    names: frozenset[str],
    target: _Target,
    counts: _InputCounts,
    step: Callable[[int, str], None],
    cancel: threading.Event | None,
) -> _Target:
    """Write one input's documents, annotations and links into ``store``; returns the
    documents added and the reviewers written to, for :meth:`_Target.update`.

    Run by the store's ``_transact`` (its transaction, its refusal when read-only, its error
    messages): all of it is written or none. It may be run a second time (on a store that keeps
    working in memory after a failed write), so it starts from zero and changes nothing but the
    session until it returns.

    The one place the merge writes around the store's public methods, for speed (see the module
    text): it uses ``store._db`` (the connection, inside the open transaction) and
    ``store._index_document`` (the full-text index of a new document), and validates every
    annotation with the model and context :meth:`SessionStore.add_annotations` uses. New
    annotations get their ids here, after the highest ever given (the table's AUTOINCREMENT
    counter), so that a document's rows go in with one ``executemany``.
    """
    counts.reset()
    conn = store._db.conn
    source = item.store
    damaged_in_source = source.damage().annotations
    name = source.path.name
    written = _Target({}, {})
    id_map: dict[int, int] = {}  # the input's annotation id -> the session's
    links: list[tuple[int, int]] = []
    doc_map: dict[int, int] = {}  # the input's document id -> the session's
    texts: dict[int, int] = {}  # the session's document id -> its length
    position = conn.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM documents").fetchone()[0]
    counter = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'annotations'").fetchone()
    highest = conn.execute("SELECT COALESCE(MAX(id), 0) FROM annotations").fetchone()[0]
    next_id = max(counter[0] if counter else 0, highest) + 1
    for number, doc in enumerate(item.documents):
        if cancel is not None and cancel.is_set():
            raise _Cancelled
        text = source.document_text(doc.id)
        sha = sha256_text(text)
        doc_id = target.by_sha.get(sha) or written.by_sha.get(sha)
        rows = source._db.execute(_SELECT, [doc.id]).fetchall()  # validated below
        counts.annotations_read += len(rows)
        if doc_id is None:
            doc_id = _insert_document(store, doc, text, sha, position)
            position += 1
            written.by_sha[sha] = doc_id
            counts.documents_added += 1
        else:
            counts.documents_matched += 1
        texts[doc_id] = len(text)
        authors = {row[9] for row in rows if isinstance(row[9], str)}  # a name, if sound
        earlier = target.reviewers.get(doc_id, set()) | written.reviewers.get(doc_id, set())
        existing = _existing_keys(conn, doc_id, authors & earlier)
        written.reviewers.setdefault(doc_id, set()).update(authors)
        new_rows: list[tuple] = []
        for row in rows:
            key = (row[1], row[2], row[4], row[9])  # start, end, label, reviewer as stored
            found = existing.get(key)
            if found is not None:  # not written, so not validated either
                id_map[row[0]] = found
                counts.duplicates += 1
                continue
            data = dict(zip(_READ_COLUMNS, row, strict=True))
            data["document_id"] = doc_id
            if data["evidence"] == "[]":
                data["evidence"] = ()
            # damaged in the input (checked against its own text and labels), or breaking a
            # rule of this session: left out and reported, never guessed
            annotation = damaged_in_source.get(row[0]) or read_annotation(
                data, text=text, labels=names)
            if isinstance(annotation, DamagedRow):
                counts.refused.append(f"“{doc.title[:40]}”, {annotation.sentence}")
                continue
            evidence = json.dumps(list(annotation.evidence)) if annotation.evidence else "[]"
            new_rows.append((
                next_id, doc_id, annotation.start, annotation.end, annotation.quote,
                annotation.label, annotation.confidence, annotation.note, annotation.verdict,
                evidence, annotation.reviewer, row[10], row[11],
            ))
            existing[key] = id_map[row[0]] = next_id
            next_id += 1
        if new_rows:
            conn.executemany(_INSERT, new_rows)
            counts.annotations_added += len(new_rows)
        links.extend(source.links_in_document(doc.id))
        doc_map[doc.id] = doc_id
        step(number + 1, f"{name}: {doc.title}")
    pairs = {
        (id_map[s], id_map[t]) for s, t in links
        if s in id_map and t in id_map and id_map[s] != id_map[t]
    }
    if pairs:
        created = stamp(now())
        before = conn.total_changes
        conn.executemany(
            "INSERT OR IGNORE INTO links (source_id, target_id, created_at) VALUES (?, ?, ?)",
            [(s, t, created) for s, t in sorted(pairs)],
        )
        counts.links_added = conn.total_changes - before
    rejections = [
        (doc_map[doc], *rest) for doc, *rest in _rejected_rows(source)
        if doc in doc_map and _sound_rejection(rest, texts[doc_map[doc]])
    ]
    if rejections:  # the adjudicator's rejections; the session's own stay as they are
        before = conn.total_changes
        conn.executemany(
            'INSERT OR IGNORE INTO rejected_spans (document_id, start, "end", rejected_by, '
            "rejected_at) VALUES (?, ?, ?, ?, ?)",
            rejections,
        )
        counts.rejections_added = conn.total_changes - before
    return written


def _rejected_rows(source: SessionStore) -> list[tuple]:
    """``(document_id, start, end, rejected_by, rejected_at)`` of an input's rejected spans
    (none from a session older than the adjudication)."""
    try:
        return source._db.execute(
            'SELECT document_id, start, "end", rejected_by, rejected_at FROM rejected_spans '
            'ORDER BY document_id, start, "end"'
        ).fetchall()
    except sqlite3.OperationalError:  # no such table
        return []


def _sound_rejection(row: list, length: int) -> bool:
    start, end, by, at = row
    return (
        isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= length
        and isinstance(by, str) and isinstance(at, str)
    )


class _Cancelled(Exception):
    """Raised inside the transaction to roll it back; turned into :class:`MergeCancelled`."""


def _existing_keys(conn, document_id: int, reviewers: set[str]) -> dict[tuple, int]:
    """``(start, end, label, reviewer) -> id`` of the session's annotations of a document by
    these reviewers (the only ones an input's annotations can duplicate)."""
    if not reviewers:
        return {}
    sql = 'SELECT start, "end", label, reviewer, id FROM annotations WHERE document_id = ?'
    params: list[Any] = [document_id]
    if len(reviewers) <= 200:
        sql += f" AND reviewer IN ({', '.join('?' * len(reviewers))})"
        params.extend(sorted(reviewers))
    return {(s, e, label, who): i for s, e, label, who, i in conn.execute(sql, params)}


def _insert_document(
    store: SessionStore, doc: DocumentSummary, text: str, sha: str, position: int
) -> int:
    try:
        check_document_size(text)  # the limit every document entering a session is held to
    except DocumentError as exc:
        raise DocumentError(f"“{doc.title}”: {exc}") from None
    row = {
        "title": doc.title,
        "text": text,
        "sha256": sha,
        "char_count": len(text),
        "source_path": doc.source_path,
        "source_format": doc.source_format,
        "source_encoding": doc.source_encoding,
        "source_sha256": doc.source_sha256,
        "imported_at": stamp(now()),
        "position": position,
        "last_offset": 0,
        "status": doc.status,
    }
    doc_id = store._db["documents"].insert(row).last_pk
    store._index_document(doc_id, doc.title, text)
    return doc_id


