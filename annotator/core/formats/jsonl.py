"""JSON Lines in doccano's shape: one document per line, its spans as ``[start, end, label]``.

Each line is what doccano's sequence-labelling export writes, ``{"text": ..., "label": [[0, 2,
"claim"], ...]}``, with this program's own fields beside it on the same line: ``title``,
``sha256``, ``source_sha256`` and ``annotations``, one full object per span in the order of
``label`` (``id`` holds the span's key, so that ``links`` survive a round trip). doccano keeps
fields it does not know as the example's metadata, and its offsets count code points, as Python's
do, so no conversion is needed either way.

:func:`read` also takes doccano's own exports (checked against doccano's
``backend/data_export``): the sequence-labelling export (``"label": [[start, end, label], ...]``),
the older ``"labels"`` spelling, the intent-detection export (``"entities"`` as the same triples)
and the relation-extraction export (``"entities": [{"id", "label", "start_offset",
"end_offset"}]`` with ``"relations": [{"from_id", "to_id", "type"}]``, which become links). The
spans of ``label`` are the truth when both are present; an ``annotations`` object adds the fields
doccano does not carry to the span it matches (same start, end and label), so a file annotated
further in doccano and exported again keeps what this program wrote.

Label definitions. A line also carries ``label_definitions``: the title, colour, description and
shortcut of each label its spans use, ``[{"name": "claim", "title": "Claim", "color":
"#0072B2", "description": "…", "shortcut": "C"}]`` (description and shortcut only when the label
has them; left out on a line without spans, and for a label the session does not declare), so
that importing the file into another session brings the labels back as they were. Only the
labels of the line are written, so each line stands on its own without repeating the whole set.
:func:`read` returns them in the record's ``extra["labels"]`` (see
:mod:`annotator.core.formats._shared`); doccano keeps the field as metadata.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

from annotator.core.defaults import DEFAULT_CONFIDENCE
from annotator.core.errors import AnnotatorError, FormatError
from annotator.core.formats._json_stream import COMPACT, Streamed, write_json
from annotator.core.formats._shared import (
    Bad,
    document_title,
    is_int,
    label_definitions,
    load_json,
    open_target,
    read_bytes,
    read_documents,
    read_label_definitions,
    refused_document,
    review_fields,
    span_in,
    str_field,
    str_list,
    text_document,
    text_too_large,
)
from annotator.core.formats.records import DocumentRecord, SpanRecord

NAME = "jsonl"
DESCRIPTION = "JSON Lines in doccano's shape (one document per line, spans as [start, end, label])"
SUFFIX = ".jsonl"

_SPAN_KEYS = ("label", "labels", "entities")  # where doccano's exports keep the spans
DEFINITIONS_KEY = "label_definitions"  # the definitions of the labels a line uses


# ------------------------------------------------------------------------------------ write


def write(records: Iterable[DocumentRecord], target: str | Path | TextIO, *, labels=()) -> int:
    """Write one line per document to ``target`` (a path or an open text stream); returns the
    number of spans written. Each line carries the definitions of the ``labels`` (the session's
    label set) that its spans use."""
    definitions = {definition["name"]: definition for definition in label_definitions(labels)}
    with open_target(target) as out:
        count = 0
        for record in records:
            write_json(out, _document_object(record, definitions), separators=COMPACT)
            out.write("\n")
            count += len(record.spans)
        return count


def _document_object(
    record: DocumentRecord, definitions: dict[str, dict[str, str]]
) -> dict[str, Any]:
    """The line of one document, its two lists of spans left to be drawn as it is written."""
    if record.text is None and record.spans:
        raise AnnotatorError(
            f"“{record.title}” has no text, and a JSON Lines export needs the text of every "
            "document with annotations"
        )
    line = {
        "text": record.text or "",
        "label": Streamed([span.start, span.end, span.label] for span in record.spans),
        "title": record.title,
        "sha256": record.sha256,
        "source_sha256": record.source_sha256,
        "annotations": Streamed(_span_object(span) for span in record.spans),
    }
    used = dict.fromkeys(span.label for span in record.spans)
    defined = [definitions[name] for name in definitions if name in used]
    if defined:
        line[DEFINITIONS_KEY] = defined
    return line


def _span_object(span: SpanRecord) -> dict[str, Any]:
    return {
        "id": span.key,
        "start": span.start,
        "end": span.end,
        "label": span.label,
        "quote": span.quote,
        "confidence": span.confidence,
        "note": span.note,
        **review_fields(span),
    }


# ------------------------------------------------------------------------------------ read


def read(path: str | Path) -> list[DocumentRecord]:
    """The documents of a JSON Lines file (ours or doccano's), one per non-blank line.

    Raises :class:`FormatError`, naming the file and the line, for anything that is not a
    document of this shape.
    """
    path = Path(path)
    data = read_bytes(path)
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FormatError(f"{path}, line {line}: the file is not UTF-8 text") from None
    # split on "\n" only: a JSON string never holds a raw line break, but the text may hold
    # U+2028 and friends, which str.splitlines would cut at
    lines = enumerate(content.split("\n"), start=1)
    return read_documents(
        path, "line", ((number, line) for number, line in lines if line.strip()), _read_line
    )


def _read_line(line: str, path: Path, number: int) -> DocumentRecord:
    try:
        obj = load_json(line)
    except ValueError as exc:
        message = getattr(exc, "msg", None) or str(exc)
        raise Bad(f"the line is not valid JSON ({message})") from None
    except RecursionError:
        raise Bad("the line is nested too deeply to be a document") from None
    if not isinstance(obj, dict):
        raise Bad("the line is not a JSON object (a document with “text” and “label”)")
    text = obj.get("text")
    if not isinstance(text, str):
        raise Bad("the document has no “text” string")
    fallback = f"{path.stem}, line {number}"
    refused = text_too_large(text)
    if refused:  # before its spans are read: refused on its own, the other lines go on
        title = document_title(obj.get("title"), text[:10_000], fallback)
        return refused_document(title, refused, {"line": number})

    details = _annotation_objects(obj.get("annotations"), text)
    span_key = next((key for key in _SPAN_KEYS if key in obj), None)
    if span_key is not None:
        details = _merge(_doccano_spans(obj, span_key, text), details)
    extra: dict[str, Any] = {"line": number}
    definitions = read_label_definitions(obj.get(DEFINITIONS_KEY))
    if definitions:
        extra["labels"] = definitions
    return text_document(obj, text, details, fallback_title=fallback, extra=extra)


def _doccano_spans(obj: dict, key: str, text: str) -> list[SpanRecord]:
    """The spans of doccano's ``label`` / ``labels`` / ``entities``, with links from
    ``relations``."""
    items = obj[key]
    if not isinstance(items, list):
        raise Bad(f"“{key}” is not a list of spans")
    spans: list[SpanRecord] = []
    for n, item in enumerate(items, start=1):
        if isinstance(item, str):
            raise Bad(
                f"“{key}” holds categories, not spans (a doccano text-classification export?)"
            )
        if isinstance(item, list):
            if len(item) != 3:
                raise Bad(f"span {n} of “{key}” is not a [start, end, label] triple")
            start, end, label = item
            span_id = None
        elif isinstance(item, dict):
            start, end = item.get("start_offset"), item.get("end_offset")
            label, span_id = item.get("label"), item.get("id")
        else:
            raise Bad(f"span {n} of “{key}” is neither [start, end, label] nor an object")
        start, end = _offsets(start, end, text, f"span {n} of “{key}”")
        label = _label(label, f"span {n} of “{key}”")
        spans.append(span_in(text, start, end, label, key=_key(span_id)))
    relations = obj.get("relations")
    if relations is None or not spans:
        return spans
    if not isinstance(relations, list):
        raise Bad("“relations” is not a list")
    keys = {span.key for span in spans if span.key is not None}
    links: dict[str, list[str]] = {}
    for n, relation in enumerate(relations, start=1):
        if not isinstance(relation, dict):
            raise Bad(f"relation {n} is not an object")
        source, target = _key(relation.get("from_id")), _key(relation.get("to_id"))
        if source not in keys or target not in keys:
            raise Bad(f"relation {n} joins spans the line does not have")
        if target not in links.setdefault(source, []):
            links[source].append(target)
    return [
        span if span.key not in links else replace(span, links=tuple(links[span.key]))
        for span in spans
    ]


def _annotation_objects(items: Any, text: str) -> list[SpanRecord]:
    """Our ``annotations`` objects, checked against the text."""
    if items is None:
        return []
    if not isinstance(items, list):
        raise Bad("“annotations” is not a list")
    spans = []
    for n, item in enumerate(items, start=1):
        where = f"annotation {n}"
        of = f"of {where}"
        if not isinstance(item, dict):
            raise Bad(f"{where} is not an object")
        start, end = _offsets(item.get("start"), item.get("end"), text, where)
        label = _label(item.get("label"), where)
        quote = item.get("quote")
        if quote is not None and quote != text[start:end]:
            raise Bad(f"the quote of {where} does not match the text at {start}–{end}")
        confidence = item.get("confidence", DEFAULT_CONFIDENCE)
        if confidence is None:
            confidence = DEFAULT_CONFIDENCE
        if not is_int(confidence) or not 1 <= confidence <= 5:
            raise Bad(f"the confidence of {where} is not a whole number from 1 to 5")
        spans.append(
            span_in(
                text,
                start,
                end,
                label,
                key=_key(item.get("id")),
                confidence=confidence,
                note=str_field(item, "note", of) or "",
                reviewer=str_field(item, "reviewer", of),
                verdict=str_field(item, "verdict", of),
                evidence=str_list(item, "evidence", of),
                created_at=str_field(item, "created_at", of),
                updated_at=str_field(item, "updated_at", of),
                links=str_list(item, "links", of, numbers=True),
            )
        )
    return spans


def _merge(spans: list[SpanRecord], details: list[SpanRecord]) -> list[SpanRecord]:
    """Each span of ``label`` with the first unused ``annotations`` object at the same place and
    label; objects that match no span (removed in doccano) are dropped."""
    unused: dict[tuple[int, int, str], list[SpanRecord]] = {}
    for detail in details:
        unused.setdefault((detail.start, detail.end, detail.label), []).append(detail)
    merged = []
    for span in spans:
        matches = unused.get((span.start, span.end, span.label))
        if not matches:
            merged.append(span)
            continue
        detail = matches.pop(0)
        links = detail.links + tuple(link for link in span.links if link not in detail.links)
        merged.append(replace(detail, key=detail.key or span.key, links=links))
    return merged


# ------------------------------------------------------------------------------------ helpers


def _offsets(start: Any, end: Any, text: str, where: str) -> tuple[int, int]:
    if not is_int(start) or not is_int(end):
        raise Bad(f"{where} has no whole-number start and end")
    if not 0 <= start < end <= len(text):
        raise Bad(f"{where} runs from {start} to {end}, outside the text ({len(text)} characters)")
    return start, end


def _label(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Bad(f"{where} has no label")
    return value


def _key(value: Any) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (str, int)):
        return str(value)
    raise Bad(f"the id {value!r} is neither a string nor a number")
