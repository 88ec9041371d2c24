"""W3C Web Annotation Data Model: one JSON-LD ``AnnotationCollection`` per export.

What is written (https://www.w3.org/TR/annotation-model/, section numbers from there)::

    {"@context": ["http://www.w3.org/ns/anno.jsonld",
                  {"fca": "https://factcheck-annotator.invalid/ns#",
                   "fca:labels": {"@container": "@list"}}],
     "id": "urn:uuid:…", "type": "AnnotationCollection", "label": "…", "total": 2,
     "generator": {"type": "Software", "name": "factcheck-annotator 0.1.0"},
     "fca:labels": [{"type": "fca:Label", "fca:name": "claim", "fca:title": "Claim",
                     "fca:color": "#0072B2", "fca:description": "…", "fca:shortcut": "C"}],
     "fca:documents": [{"id": "ni:///sha-256;…", "type": "Text", "format": "text/plain",
                        "fca:title": "…", "fca:sha256": "…", "fca:sourceSha256": "…",
                        "fca:text": "…the whole text…"}],
     "first": {"id": "urn:uuid:…", "type": "AnnotationPage", "partOf": "urn:uuid:…",
               "startIndex": 0, "items": [
        {"id": "urn:uuid:…", "type": "Annotation", "motivation": "tagging",
         "created": "2024-05-01T09:30:00.000Z", "modified": "2024-05-01T09:31:12.250Z",
         "creator": {"type": "Person", "name": "Ana Reviewer"},
         "body": [{"type": "TextualBody", "purpose": "tagging", "value": "claim"},
                  {"type": "TextualBody", "purpose": "commenting", "value": "the note",
                   "format": "text/plain"},
                  {"type": "SpecificResource", "purpose": "linking",
                   "source": "https://example.org/evidence"}],
         "target": {"source": "ni:///sha-256;…",
                    "selector": [{"type": "TextQuoteSelector", "exact": "…",
                                  "prefix": "…", "suffix": "…"},
                                 {"type": "TextPositionSelector", "start": 2, "end": 6}]},
         "fca:key": "17", "fca:confidence": 4, "fca:verdict": "mostly_false",
         "fca:links": ["urn:uuid:…"]}]}}

Choices, so that the file is both plain W3C and a lossless copy of the session:

* **Standard bodies stay standard.** The label is a ``TextualBody`` with purpose ``tagging``
  (and the annotation's motivation is ``tagging``), the note a ``TextualBody`` with purpose
  ``commenting`` (only when there is one), each evidence URL a ``SpecificResource`` body with
  purpose ``linking`` (3.2, 4.1; the motivations are those of 3.3.5). A W3C client that knows
  nothing of this program shows the tag, the comment and the links.
* **What W3C has no term for goes in an extension namespace** (``fca:``, declared by a second
  ``@context`` entry after ``anno.jsonld``, as the Annotation Vocabulary's extension section
  describes): the confidence (1–5), the verdict (the machine value, e.g. ``mostly_false``), the
  annotation's key in the session, its links to other annotations, its origin, and a claim's
  wording as checked and its fact-check's address (``fca:claimReviewed``, ``fca:factCheckUrl``,
  where they are set). ``fca:links`` holds the
  *ids* (IRIs) of the linked annotations, so the links mean something to a JSON-LD processor
  too; on reading they are turned back into keys.
* **Identifiers are stable.** An annotation's ``id`` is a name-based UUID (version 5) of its
  document's SHA-256 and its key, so exporting the same session twice gives the same ids. A
  document is named by the SHA-256 of its text as an RFC 6920 ``ni:///sha-256;…`` URI (the
  registered scheme for naming content by its hash; base64url, no padding), which is the
  ``source`` of each target.
* **The text travels with the annotations.** ``fca:documents`` on the collection lists each
  document (title, SHA-256 of the text, SHA-256 of the original file, and the full text in
  ``fca:text``) under the same ``ni:`` id that the targets use as ``source``, so the file can be
  imported into a session that does not have the documents.
* **The labels travel too.** ``fca:labels`` on the collection lists the session's labels in
  its order (declared an ordered ``@list`` in the extension context): each one's name (the
  value of the tagging bodies), title, colour, and description and keyboard shortcut when it
  has them, so that importing the file into another session brings the labels back as they
  were. On reading they are returned in each record's ``extra["labels"]`` (see
  :mod:`annotator.core.formats._shared`); a malformed entry is passed over, never an error.
* **Times** are written in UTC with ``Z``: the model says ``created``/``modified`` MUST be an
  xsd:dateTime "with the UTC timezone expressed as Z" (3.3.1). On reading they come back as ISO
  8601 with ``+00:00`` (the same instant; a record made in another time zone keeps its instant,
  not its offset).

Offsets. The Text Position Selector (4.2.5) counts "characters" from 0, start included and end
excluded, and says the text must be "selected and normalized in the same way as for the Text
Quote Selector before counting", where (4.2.4) "the selection of the text MUST be in terms of
unicode code points (the 'character number'), not in terms of code units"; the normalisation
asked for is removing markup and replacing character entities, not Unicode normalisation (NFC).
That is exactly this program's convention: code points of the stored text, which is never
NFC-normalised, so offsets are written as they are (an emoji counts 1, a combining accent 1).
(https://github.com/w3c/web-annotation/issues/206 asked what a "character position" counts;
the sentence above is the Recommendation's answer. Tools built on JavaScript string indexes,
which count UTF-16 code units, disagree with it after any emoji.)

Reading accepts this program's files and also W3C annotations from other tools: a collection
(with its pages embedded), a page, a JSON list of annotations or one annotation. The label is
taken from a ``tagging`` (or ``classifying``) TextualBody, else from a purpose-less TextualBody of
a tagging annotation, else the annotation's first motivation stands as its label (so a plain
highlight or comment still comes in, labelled ``highlighting`` or ``commenting``); an annotation
with several tags gives one span per tag. Positions come from a TextPositionSelector and
quote/prefix/suffix from a TextQuoteSelector. A document whose text is not in the file is
returned with ``text=None``, and its spans are placed again by their quote when imported; a
``source`` of ``ni:///sha-256;…`` (the digest in base64url, as RFC 6920 says, or in hex, as
some tools write it) gives the record that checksum, so it matches the session's article. An
annotation whose target has no text selector cannot be placed: it is left out and named in the
document's ``extra["skipped"]``, which the import lists (whether or not its document is found).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import uuid
from collections.abc import Iterable, Sequence
from datetime import timezone
from pathlib import Path
from typing import Any, TextIO

from annotator import __version__
from annotator.core.articles.text import sha256_text
from annotator.core.defaults import DEFAULT_CONFIDENCE
from annotator.core.errors import FormatError
from annotator.core.formats._json_stream import Streamed, write_json
from annotator.core.formats._shared import (
    Bad,
    label_definitions,
    load_json,
    open_target,
    parse_time,
    read_bytes,
    read_label_definitions,
    refused_document,
    text_too_large,
)
from annotator.core.formats.quote_finder import QuoteFinder
from annotator.core.formats.records import DocumentRecord, SpanRecord, context_of
from annotator.core.models import Label

NAME = "w3c"
DESCRIPTION = "W3C Web Annotation (JSON-LD): an AnnotationCollection with the documents' texts"
SUFFIX = ".jsonld"

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
NAMESPACE = "https://factcheck-annotator.invalid/ns#"
PREFIX = "fca"
# The motivations (and body purposes) the model defines (3.3.5).
MOTIVATIONS = frozenset(
    {
        "assessing", "bookmarking", "classifying", "commenting", "describing", "editing",
        "highlighting", "identifying", "linking", "moderating", "questioning", "replying",
        "tagging",
    }
)
# extension terms whose order means something: JSON-LD reads them as ordered lists
_LIST_TERMS = {f"{PREFIX}:labels": {"@container": "@list"}}
_UUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, NAMESPACE)
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
# RFC 6920: base64url without padding (43 characters); other tools write the hex digest
_NI_SHA256 = re.compile(r"^ni://[^/]*/sha-256;([A-Za-z0-9_-]{43}|[0-9A-Fa-f]{64})(?:\?.*)?$")


# ------------------------------------------------------------------------------ writing


def write(
    records: Iterable[DocumentRecord],
    target: str | Path | TextIO,
    *,
    labels: Sequence[Label] = (),
) -> int:
    """Write ``records`` as one AnnotationCollection to ``target`` (a path, written whole and
    then moved into place, or an open text stream); returns the number of annotations."""
    collection = build_collection(records, labels)
    with open_target(target) as out:
        write_json(out, collection, indent=2)
        out.write("\n")
    return collection["total"]


def build_collection(
    records: Iterable[DocumentRecord], labels: Sequence[Label] = ()
) -> dict[str, Any]:
    """The AnnotationCollection for ``records`` (and the definitions of ``labels``), as
    JSON-ready data but for its annotations, which are made one by one as the page's
    ``items`` list (a :class:`~annotator.core.formats._json_stream.Streamed`) is written."""
    documents = []
    # each record's spans, with the document they target and the scope of their ids
    parts: list[tuple[DocumentRecord, str, str]] = []
    seen: set[str] = set()
    for number, record in enumerate(records):
        sha = _document_sha(record)
        source = document_iri(sha, record.title)
        scope = sha or source
        if source in seen:  # the same text twice: one resource, annotation ids kept apart
            parts.append((record, source, f"{scope}:{number}"))
            continue
        seen.add(source)
        entry: dict[str, Any] = {"id": source, "type": "Text", "format": "text/plain"}
        entry[f"{PREFIX}:title"] = record.title
        if sha:
            entry[f"{PREFIX}:sha256"] = sha
        if record.source_sha256:
            entry[f"{PREFIX}:sourceSha256"] = record.source_sha256
        if record.text is not None:
            entry[f"{PREFIX}:text"] = record.text
        documents.append(entry)
        parts.append((record, source, scope))
    total = sum(len(record.spans) for record, _, _ in parts)
    collection_id = _urn("collection", *(doc["id"] for doc in documents))
    collection: dict[str, Any] = {
        "@context": [ANNO_CONTEXT, {PREFIX: NAMESPACE, **_LIST_TERMS}],
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": _collection_label(documents, total),
        "total": total,
        "generator": {"type": "Software", "name": f"factcheck-annotator {__version__}"},
    }
    definitions = label_definitions(labels)
    if definitions:
        collection[f"{PREFIX}:labels"] = [
            {"type": f"{PREFIX}:Label", **{f"{PREFIX}:{k}": v for k, v in d.items()}}
            for d in definitions
        ]
    collection[f"{PREFIX}:documents"] = documents
    if total:  # a page MUST hold at least one annotation; an empty collection has none
        page_id = _urn("page", collection_id, "1")
        collection["first"] = {
            "id": page_id,
            "type": "AnnotationPage",
            "partOf": collection_id,
            "startIndex": 0,
            "items": Streamed(
                _annotation(span, source, scope, span_number)
                for record, source, scope in parts
                for span_number, span in enumerate(record.spans)
            ),
        }
        collection["last"] = page_id
    return collection


def document_iri(sha256: str | None, title: str = "") -> str:
    """The IRI a document is named by: ``ni:///sha-256;…`` (RFC 6920) of its text's SHA-256."""
    if sha256 and _SHA256.match(sha256):
        digest = base64.urlsafe_b64encode(bytes.fromhex(sha256)).decode("ascii").rstrip("=")
        return f"ni:///sha-256;{digest}"
    return _urn("document", title)


def annotation_iri(document: str, key: str) -> str:
    """The stable id of the annotation with ``key`` in the document with checksum ``document``."""
    return _urn("annotation", document, key)


def _annotation(span: SpanRecord, source: str, document: str, number: int) -> dict[str, Any]:
    key = span.key if span.key is not None else f"#{number}"
    annotation: dict[str, Any] = {
        "id": annotation_iri(document, key),
        "type": "Annotation",
        "motivation": "tagging",
    }
    created, modified = _utc(span.created_at), _utc(span.updated_at)
    if created:
        annotation["created"] = created
    if modified:
        annotation["modified"] = modified
    if span.reviewer:
        annotation["creator"] = {"type": "Person", "name": span.reviewer}
    body: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "tagging", "value": span.label}
    ]
    if span.note:
        body.append(
            {"type": "TextualBody", "purpose": "commenting", "value": span.note,
             "format": "text/plain"}
        )
    body.extend(
        {"type": "SpecificResource", "purpose": "linking", "source": url} for url in span.evidence
    )
    annotation["body"] = body
    annotation["target"] = {
        "source": source,
        "selector": [
            {"type": "TextQuoteSelector", "exact": span.quote, "prefix": span.prefix,
             "suffix": span.suffix},
            {"type": "TextPositionSelector", "start": span.start, "end": span.end},
        ],
    }
    if span.key is not None:
        annotation[f"{PREFIX}:key"] = span.key
    annotation[f"{PREFIX}:confidence"] = span.confidence
    if span.verdict is not None:
        annotation[f"{PREFIX}:verdict"] = span.verdict
    if span.origin is not None:
        annotation[f"{PREFIX}:origin"] = span.origin
    if span.claim_reviewed is not None:
        annotation[f"{PREFIX}:claimReviewed"] = span.claim_reviewed
    if span.fact_check_url is not None:
        annotation[f"{PREFIX}:factCheckUrl"] = span.fact_check_url
    if span.links:
        annotation[f"{PREFIX}:links"] = [annotation_iri(document, link) for link in span.links]
    return annotation


def _document_sha(record: DocumentRecord) -> str | None:
    if record.sha256:
        return record.sha256
    if record.text is not None:
        return sha256_text(record.text)
    return None


def _collection_label(documents: list[dict[str, Any]], total: int) -> str:
    if len(documents) == 1:
        return f"Fact-check annotations: {documents[0][f'{PREFIX}:title']}"
    return f"Fact-check annotations: {total:,} in {len(documents):,} documents"


def _urn(*parts: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_UUID_NAMESPACE, chr(31).join(parts))}"


def _utc(value: str | None) -> str | None:
    """An ISO 8601 time with a zone as xsd:dateTime in UTC with ``Z`` (None if not one)."""
    stamp = parse_time(value) if value else None
    if stamp is None or stamp.tzinfo is None:
        return None
    stamp = stamp.astimezone(timezone.utc)
    spec = "milliseconds" if stamp.microsecond % 1000 == 0 else "microseconds"
    return stamp.replace(tzinfo=None).isoformat(timespec=spec) + "Z"


# ------------------------------------------------------------------------------ reading


def read(path: str | Path) -> list[DocumentRecord]:
    """The documents and spans of a W3C annotation file (see the module text for what is
    accepted); raises :class:`FormatError` with one sentence naming the file and the place."""
    path = Path(path)
    raw = read_bytes(path)
    try:
        data = load_json(raw.decode("utf-8-sig"))
    except Bad as bad:
        raise FormatError(f"{path}: {bad}") from None
    except UnicodeDecodeError:
        raise FormatError(f"{path}: is not UTF-8 text, so not a JSON-LD file") from None
    except json.JSONDecodeError as exc:
        raise FormatError(
            f"{path}: is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise FormatError(f"{path}: is nested too deeply to be an annotation file") from None
    try:
        return _Reader(path).records(data)
    except FormatError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError) as exc:
        # a shape the checks below did not foresee: still one sentence, never a traceback
        raise FormatError(f"{path}: is not a W3C annotation file this program can read ({exc})") \
            from None


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, problem: str) -> FormatError:
        return FormatError(f"{self.path}: {where}: {problem}")

    # -- the container -------------------------------------------------------------------

    def records(self, data: Any) -> list[DocumentRecord]:
        documents: list[dict[str, Any]] = []
        labels: list[dict[str, str]] = []
        if isinstance(data, list):
            annotations = data
        elif isinstance(data, dict):
            kinds = _types(data)
            if "AnnotationCollection" in kinds:
                documents = self.documents(data)
                listed = _ext(data, "labels")
                if isinstance(listed, dict):  # as a JSON-LD processor may write a list
                    listed = listed.get("@list")
                labels = read_label_definitions(listed, _ext)
                annotations = self.collection_items(data)
            elif "AnnotationPage" in kinds:
                annotations = self.page_items(data, "the annotation page")
            elif "Annotation" in kinds:
                annotations = [data]
            else:
                raise FormatError(
                    f"{self.path}: is JSON but not a W3C annotation, annotation page or "
                    "annotation collection (no such “type”)"
                )
        else:
            raise FormatError(f"{self.path}: holds a JSON {type(data).__name__}, not annotations")
        records = self.assemble(documents, annotations)
        if labels:
            for record in records:
                record.extra["labels"] = labels
        return records

    def collection_items(self, collection: dict[str, Any]) -> list[Any]:
        first = collection.get("first")
        if first is None and "items" in collection:
            # not the model's shape (a collection's annotations are in its pages), but some
            # tools write them straight into the collection: read them, never drop them
            return self.page_items(collection, "the collection")
        if first is None:
            total = collection.get("total", 0)
            if total not in (0, None):
                raise self.fail("the collection", f"says it has {total} annotations but no pages")
            return []
        items: list[Any] = []
        page, number, seen = first, 1, set()
        while page is not None:
            if isinstance(page, str):
                raise self.fail(
                    f"page {number}",
                    f"is only a link ({page}); its annotations are not in the file",
                )
            if not isinstance(page, dict):
                raise self.fail(f"page {number}", "is not a JSON object")
            if id(page) in seen:
                break
            seen.add(id(page))
            items.extend(self.page_items(page, f"page {number}"))
            page = page.get("next")
            number += 1
        return items

    def page_items(self, page: dict[str, Any], where: str) -> list[Any]:
        items = page.get("items")
        if not isinstance(items, list):
            raise self.fail(where, "has no “items” list of annotations")
        return items

    def documents(self, collection: dict[str, Any]) -> list[dict[str, Any]]:
        entries = _ext(collection, "documents")
        if entries is None:
            return []
        if not isinstance(entries, list):
            raise self.fail("fca:documents", "is not a list")
        documents = []
        for number, entry in enumerate(entries, 1):
            where = f"document {number} of fca:documents"
            if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
                raise self.fail(where, "is not an object with an “id”")
            title, text = _ext(entry, "title"), _ext(entry, "text")
            sha, source_sha = _ext(entry, "sha256"), _ext(entry, "sourceSha256")
            for name, value in (("title", title), ("text", text), ("sha256", sha),
                                ("sourceSha256", source_sha)):
                if value is not None and not isinstance(value, str):
                    raise self.fail(where, f"its fca:{name} is not a string")
            if sha is not None and not _SHA256.match(sha):
                raise self.fail(where, "its fca:sha256 is not a SHA-256 in hex")
            refused = text_too_large(text) if text is not None else None
            documents.append(
                {"id": entry["id"], "title": title, "text": None if refused else text,
                 "sha256": sha, "source_sha256": source_sha, "refused": refused}
            )
        return documents

    # -- the annotations -----------------------------------------------------------------

    def assemble(
        self, documents: list[dict[str, Any]], annotations: list[Any]
    ) -> list[DocumentRecord]:
        by_source: dict[str, dict[str, Any]] = {}
        for doc in documents:
            by_source.setdefault(doc["id"], doc | {"spans": [], "skipped": []})
        parsed = [self.annotation(item, number) for number, item in enumerate(annotations, 1)]
        keys = {p["id"]: p["key"] for p in parsed if p["id"] is not None}
        for p in parsed:
            doc = by_source.get(p["source"])
            if doc is None:
                doc = by_source[p["source"]] = {
                    "id": p["source"], "title": None, "text": None, "sha256": None,
                    "source_sha256": None, "spans": [], "skipped": [],
                }
            if p["skip"]:
                doc["skipped"].append(p["skip"])
                continue
            if doc.get("refused"):
                continue  # its document is not imported, and the import says so
            spans, skip = self.spans(p, doc["text"], keys, self.finder(doc))
            doc["spans"].extend(spans)
            if skip:
                doc["skipped"].append(skip)
        records = []
        for doc in by_source.values():
            if doc.get("refused"):
                records.append(refused_document(doc["title"] or doc["id"], doc["refused"],
                                                {"id": doc["id"]}))
                continue
            sha = doc["sha256"] or _sha_of_iri(doc["id"])
            if doc["text"] is not None:
                sha = sha256_text(doc["text"])
            extra = {"id": doc["id"]}
            if doc["skipped"]:
                extra["skipped"] = doc["skipped"]
            records.append(
                DocumentRecord(
                    title=doc["title"] or doc["id"],
                    text=doc["text"],
                    spans=tuple(doc["spans"]),
                    sha256=sha,
                    source_sha256=doc["source_sha256"],
                    extra=extra,
                )
            )
        return records

    def annotation(self, item: Any, number: int) -> dict[str, Any]:
        where = f"annotation {number}"
        if not isinstance(item, dict):
            raise self.fail(where, "is not a JSON object")
        ann_id = item.get("id")
        if ann_id is not None and not isinstance(ann_id, str):
            raise self.fail(where, "its “id” is not an IRI string")
        if ann_id:
            where = f"annotation {number} ({ann_id})"
        if "Annotation" not in _types(item):
            raise self.fail(where, "its “type” is not Annotation")
        motivations = _strings(
            item.get("motivation"), self.fail(where, "its “motivation” is not a word or a list")
        )
        source, quote_sel, position_sel = self.target(item.get("target"), where)
        key = _ext(item, "key")
        if key is not None and not isinstance(key, str):
            raise self.fail(where, "its fca:key is not a string")
        confidence = _ext(item, "confidence")
        if confidence is None:
            confidence = DEFAULT_CONFIDENCE
        elif type(confidence) is not int or not 1 <= confidence <= 5:
            raise self.fail(where, f"its fca:confidence {confidence!r} is not a whole number 1–5")
        verdict = _ext(item, "verdict")
        if verdict is not None and not isinstance(verdict, str):
            raise self.fail(where, "its fca:verdict is not a string")
        checked = {}
        for field, term in (("claim_reviewed", "claimReviewed"),
                            ("fact_check_url", "factCheckUrl")):
            checked[field] = _ext(item, term)
            if checked[field] is not None and not isinstance(checked[field], str):
                raise self.fail(where, f"its fca:{term} is not a string")
        links = _ext(item, "links")
        links = _strings(links, self.fail(where, "its fca:links is not a list of ids"))
        tags, notes, evidence = self.bodies(item, motivations, where)
        skip = ""
        if quote_sel is None and position_sel is None:
            skip = f"{where}: its target has no text quote or text position selector"
        return {
            "id": ann_id,
            "key": key if key is not None else (ann_id or f"annotation-{number}"),
            "where": where,
            "source": source,
            "quote": quote_sel,
            "position": position_sel,
            "tags": tags,
            "note": "\n\n".join(notes),
            "evidence": tuple(evidence),
            "confidence": confidence,
            "verdict": verdict,
            **checked,
            "links": links,
            "reviewer": self.creator(item.get("creator"), where),
            "created": self.time(item.get("created"), where, "created"),
            "modified": self.time(item.get("modified"), where, "modified"),
            "skip": skip,
        }

    def target(
        self, target: Any, where: str
    ) -> tuple[str, dict[str, Any] | None, dict[str, Any] | None]:
        if target is None or target == []:
            raise self.fail(where, "has no “target”")
        targets = target if isinstance(target, list) else [target]
        first_source = None
        for candidate in targets:
            if isinstance(candidate, str):
                first_source = first_source or candidate
                continue
            if not isinstance(candidate, dict):
                raise self.fail(where, "its target is neither an IRI nor an object")
            source = candidate.get("source", candidate.get("id"))
            if not isinstance(source, str):
                raise self.fail(where, "its target has no “source” IRI")
            first_source = first_source or source
            quote, position = self.selectors(candidate.get("selector"), where)
            if quote is not None or position is not None:
                return source, quote, position
        if first_source is None:
            raise self.fail(where, "its target has no “source” IRI")
        return first_source, None, None

    def selectors(
        self, selector: Any, where: str
    ) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        if selector is None:
            return None, None
        selectors = selector if isinstance(selector, list) else [selector]
        quote = position = None
        for sel in selectors:
            if isinstance(sel, str):  # a selector given by IRI only
                continue
            if not isinstance(sel, dict):
                raise self.fail(where, "a selector is not a JSON object")
            kinds = _types(sel)
            if "TextQuoteSelector" in kinds and quote is None:
                exact = sel.get("exact")
                if not isinstance(exact, str) or not exact:
                    raise self.fail(where, "its TextQuoteSelector has no “exact” text")
                prefix, suffix = sel.get("prefix", ""), sel.get("suffix", "")
                if not isinstance(prefix, str) or not isinstance(suffix, str):
                    raise self.fail(where, "its TextQuoteSelector prefix or suffix is not text")
                quote = {"exact": exact, "prefix": prefix, "suffix": suffix}
            elif "TextPositionSelector" in kinds and position is None:
                start, end = sel.get("start"), sel.get("end")
                if type(start) is not int or type(end) is not int:
                    raise self.fail(
                        where, "its TextPositionSelector start and end are not whole numbers"
                    )
                if not 0 <= start <= end:
                    raise self.fail(
                        where, f"its TextPositionSelector runs from {start} to {end}"
                    )
                position = {"start": start, "end": end}
        return quote, position

    def bodies(
        self, item: dict[str, Any], motivations: list[str], where: str
    ) -> tuple[list[str], list[str], list[str]]:
        body = item.get("body")
        bodies = [] if body is None else body if isinstance(body, list) else [body]
        tags: list[str] = []
        untagged: list[str] = []
        notes: list[str] = []
        evidence: list[str] = []
        if "bodyValue" in item:
            if not isinstance(item["bodyValue"], str):
                raise self.fail(where, "its “bodyValue” is not text")
            untagged.append(item["bodyValue"])
        for b in bodies:
            if isinstance(b, str):  # an external body given by its IRI alone
                if "linking" in motivations:
                    evidence.append(b)
                continue
            if not isinstance(b, dict):
                raise self.fail(where, "a body is not a JSON object")
            purposes = _strings(b.get("purpose"), self.fail(where, "a body has a bad “purpose”"))
            kinds = _types(b)
            if "TextualBody" in kinds or ("value" in b and "source" not in b):
                value = b.get("value")
                if not isinstance(value, str):
                    raise self.fail(where, "a TextualBody has no “value” text")
                if "tagging" in purposes or "classifying" in purposes:
                    tags.append(value)
                elif "commenting" in purposes or "describing" in purposes:
                    notes.append(value)
                elif not purposes:
                    untagged.append(value)
            elif "linking" in purposes or "linking" in motivations:
                url = b.get("source", b.get("id"))
                if not isinstance(url, str):
                    raise self.fail(where, "a linking body has no IRI")
                evidence.append(url)
        if not tags and untagged and {"tagging", "classifying"} & set(motivations):
            tags, untagged = untagged[:1], untagged[1:]
        notes = untagged + notes
        if not tags:
            tags = [motivations[0] if motivations else "annotation"]
        return tags, notes, evidence

    def creator(self, creator: Any, where: str) -> str | None:
        if isinstance(creator, list):
            creator = creator[0] if creator else None
        if creator is None or isinstance(creator, str):  # an IRI tells no name
            return None
        if not isinstance(creator, dict):
            raise self.fail(where, "its “creator” is neither an IRI nor an object")
        name = creator.get("name", creator.get("nickname"))
        if isinstance(name, list):
            name = name[0] if name else None
        if name is not None and not isinstance(name, str):
            raise self.fail(where, "its creator's “name” is not text")
        return name or None

    def time(self, value: Any, where: str, name: str) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.fail(where, f"its “{name}” is not a date and time")
        stamp = parse_time(value.strip())
        if stamp is None:
            raise self.fail(where, f"its “{name}” ({value[:40]}) is not a date and time")
        if stamp.tzinfo is None:
            raise self.fail(where, f"its “{name}” ({value[:40]}) has no time zone")
        return stamp.isoformat()

    @staticmethod
    def finder(doc: dict[str, Any]) -> QuoteFinder | None:
        """One :class:`QuoteFinder` per document whose text the file holds."""
        if doc["text"] is None:
            return None
        if "finder" not in doc:
            doc["finder"] = QuoteFinder(doc["text"])
        return doc["finder"]

    def spans(
        self, p: dict[str, Any], text: str | None, keys: dict[str, str],
        finder: QuoteFinder | None = None,
    ) -> tuple[list[SpanRecord], str]:
        quote_sel, position = p["quote"], p["position"]
        exact = quote_sel["exact"] if quote_sel else None
        if position is not None:
            start, end = position["start"], position["end"]
            if text is not None and end > len(text):
                raise self.fail(
                    p["where"],
                    f"its TextPositionSelector ends at {end}, past the end of its document "
                    f"({len(text)} characters)",
                )
            if exact is None:
                if text is None:
                    return [], f"{p['where']}: it has positions but no quote, and the file " \
                        "does not hold its document's text"
                exact = text[start:end]
        elif text is not None:
            finder = finder or QuoteFinder(text)
            found = finder.find(exact, quote_sel["prefix"], quote_sel["suffix"])
            # not there as it is: the importer looks for it again (white space loosened)
            start = found[0] if found and text[found[0] : found[1]] == exact else 0
            end = start + len(exact)
        else:
            start, end = 0, len(exact)
        if not exact:
            raise self.fail(p["where"], "selects no text")
        if quote_sel is not None:
            prefix, suffix = quote_sel["prefix"], quote_sel["suffix"]
        elif text is not None:
            prefix, suffix = context_of(text, start, end)
        else:
            prefix = suffix = ""
        links = tuple(keys.get(link, link) for link in p["links"])
        spans = []
        for number, tag in enumerate(p["tags"]):
            spans.append(
                SpanRecord(
                    start=start,
                    end=end,
                    label=tag,
                    quote=exact,
                    confidence=p["confidence"],
                    note=p["note"],
                    reviewer=p["reviewer"],
                    verdict=p["verdict"],
                    claim_reviewed=p["claim_reviewed"],
                    fact_check_url=p["fact_check_url"],
                    evidence=p["evidence"],
                    created_at=p["created"],
                    updated_at=p["modified"],
                    key=p["key"] if number == 0 else f"{p['key']}#{number}",
                    links=links if number == 0 else (),
                    prefix=prefix,
                    suffix=suffix,
                )
            )
        return spans, ""


def _types(obj: dict[str, Any]) -> set[str]:
    kinds = obj.get("type", obj.get("@type"))
    if isinstance(kinds, str):
        return {kinds}
    if isinstance(kinds, list):
        return {kind for kind in kinds if isinstance(kind, str)}
    return set()


def _strings(value: Any, error: FormatError) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise error


def _ext(obj: dict[str, Any], name: str) -> Any:
    """An extension property, whether written with our prefix or as a full IRI."""
    value = obj.get(f"{PREFIX}:{name}")
    return obj.get(NAMESPACE + name) if value is None else value


def _sha_of_iri(iri: str) -> str | None:
    match = _NI_SHA256.match(iri)
    if not match:
        return None
    digest = match.group(1)
    if len(digest) == 64:
        return digest.lower()
    try:
        return base64.urlsafe_b64decode(digest + "=").hex()
    except (binascii.Error, ValueError):
        return None
