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
from pathlib import Path
from typing import Any, TextIO

from annotator.core.defaults import DEFAULT_CONFIDENCE
from annotator.core.errors import AnnotatorError, FormatError
from annotator.core.formats._json_stream import COMPACT, Streamed, write_json
from annotator.core.formats._shared import (
    Bad,
    decode_json_text,
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
    split_lines,
    str_field,
    str_list,
    text_document,
    text_too_large,
)
from annotator.core.formats.records import CONTEXT_CHARS, DocumentRecord, SpanRecord

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
        content = decode_json_text(data)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FormatError(f"{path}, line {line}: the file is not UTF-8 text") from None
    del data  # not kept while the lines are parsed (nor is a copy of each line made)
    content = content.rstrip("\n")
    lines = enumerate(split_lines(content), start=1)
    return read_documents(
        path, "line",
        ((number, line) for number, line in lines if line and not line.isspace()), _read_line,
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

    # each list taken out of the line's object, so that its items go as they are read
    details = _annotation_objects(obj.pop("annotations", None), text)
    span_key = next((key for key in _SPAN_KEYS if key in obj), None)
    if span_key is not None:
        spans = _merge(_doccano_spans(obj, span_key, text), details, text)
    else:
        spans = [_record(text, start, end, label, fields) for start, end, label, fields in details]
    extra: dict[str, Any] = {"line": number}
    definitions = read_label_definitions(obj.get(DEFINITIONS_KEY))
    if definitions:
        extra["labels"] = definitions
    return text_document(obj, text, spans, fallback_title=fallback, extra=extra)


# A span is checked as it is read, and its record built once, after the spans of ``label`` and
# the ``annotations`` objects are merged. Until then a doccano span is (start, end, label, key,
# links) and an annotation object is (start, end, label, its other fields in the order of
# SpanRecord's: confidence, note, reviewer, verdict, evidence, created_at, updated_at, key,
# links; then claim_reviewed and fact_check_url).
_Doccano = tuple[int, int, str, "str | None", tuple[str, ...]]
_Details = tuple[int, str, "str | None", "str | None", tuple[str, ...], "str | None",
                 "str | None", "str | None", tuple[str, ...], "str | None", "str | None"]
_Object = tuple[int, int, str, _Details]


def _doccano_spans(obj: dict, key: str, text: str) -> list[_Doccano]:
    """The spans of doccano's ``label`` / ``labels`` / ``entities``, with links from
    ``relations``."""
    items = obj[key]
    if not isinstance(items, list):
        raise Bad(f"“{key}” is not a list of spans")
    spans: list[_Doccano] = []
    size = len(text)
    for n, item in enumerate(items, start=1):
        if type(item) is list and len(item) == 3:
            start, end, label = item
            span_id = None
        elif isinstance(item, str):
            raise Bad(
                f"“{key}” holds categories, not spans (a doccano text-classification export?)"
            )
        elif isinstance(item, list):
            raise Bad(f"span {n} of “{key}” is not a [start, end, label] triple")
        elif isinstance(item, dict):
            start, end = item.get("start_offset"), item.get("end_offset")
            label, span_id = item.get("label"), item.get("id")
        else:
            raise Bad(f"span {n} of “{key}” is neither [start, end, label] nor an object")
        if not (type(start) is int and type(end) is int and 0 <= start < end <= size):
            _offsets(start, end, text, f"span {n} of “{key}”")
        if type(label) is not str or not label.strip():
            _label(label, f"span {n} of “{key}”")
        spans.append((start, end, label, None if span_id is None else _key(span_id), ()))
    relations = obj.get("relations")
    if relations is None or not spans:
        return spans
    if not isinstance(relations, list):
        raise Bad("“relations” is not a list")
    keys = {span[3] for span in spans if span[3] is not None}
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
        (*span[:4], tuple(links[span[3]])) if span[3] in links else span for span in spans
    ]


def _annotation_objects(items: Any, text: str) -> list[_Object]:
    """Our ``annotations`` objects, checked against the text."""
    if items is None:
        return []
    if not isinstance(items, list):
        raise Bad("“annotations” is not a list")
    spans: list[_Object] = []
    size = len(text)
    for n, item in enumerate(items, start=1):
        items[n - 1] = None  # let go once read (the list is the reader's alone)
        if not isinstance(item, dict):
            raise Bad(f"annotation {n} is not an object")
        get = item.get
        start, end, label = get("start"), get("end"), get("label")
        if not (type(start) is int and type(end) is int and 0 <= start < end <= size):
            _offsets(start, end, text, f"annotation {n}")
        if type(label) is not str or not label.strip():
            _label(label, f"annotation {n}")
        quote = get("quote")
        if quote is not None and quote != text[start:end]:
            raise Bad(f"the quote of annotation {n} does not match the text at {start}–{end}")
        confidence = get("confidence")
        if confidence is None:
            confidence = DEFAULT_CONFIDENCE
        elif type(confidence) is not int or not 1 <= confidence <= 5:
            raise Bad(f"the confidence of annotation {n} is not a whole number from 1 to 5")
        key = _key(get("id"))
        note, who, verdict, evidence, created, updated, links = (
            get("note"), get("reviewer"), get("verdict"), get("evidence"), get("created_at"),
            get("updated_at"), get("links"))
        if not (
            (note is None or type(note) is str) and (who is None or type(who) is str)
            and (verdict is None or type(verdict) is str)
            and (evidence is None or (type(evidence) is list and not evidence))
            and (created is None or type(created) is str)
            and (updated is None or type(updated) is str)
            and (links is None or (type(links) is list and not links))
        ):  # the fields read one by one, in this order: the first wrong one is named
            of = f"of annotation {n}"
            note, who, verdict = (str_field(item, name, of) for name in _TEXT_FIELDS)
            evidence = str_list(item, "evidence", of)
            created, updated = (str_field(item, name, of) for name in _TIME_FIELDS)
            links = str_list(item, "links", of, numbers=True)
        claim_reviewed, fact_check_url = get("claim_reviewed"), get("fact_check_url")
        if not ((claim_reviewed is None or type(claim_reviewed) is str)
                and (fact_check_url is None or type(fact_check_url) is str)):
            claim_reviewed, fact_check_url = (str_field(item, name, f"of annotation {n}")
                                              for name in _CLAIM_FIELDS)
        spans.append((start, end, label, (
            confidence, note or "", who, verdict, tuple(evidence or ()), created, updated, key,
            tuple(links or ()), claim_reviewed, fact_check_url)))
    return spans


_TEXT_FIELDS = ("note", "reviewer", "verdict")
_CLAIM_FIELDS = ("claim_reviewed", "fact_check_url")
_TIME_FIELDS = ("created_at", "updated_at")


def _merge(spans: list[_Doccano], details: list[_Object], text: str) -> list[SpanRecord]:
    """Each span of ``label`` with the first unused ``annotations`` object at the same place and
    label; objects that match no span (removed in doccano) are dropped."""
    unused: dict[tuple[int, int, str], list[_Details]] = {}
    for start, end, label, fields in reversed(details):  # reversed: the first is popped first
        unused.setdefault((start, end, label), []).append(fields)
    merged = []
    for start, end, label, key, links in spans:
        matches = unused.get((start, end, label))
        if not matches:
            fields = (DEFAULT_CONFIDENCE, "", None, None, (), None, None, key, links, None, None)
        else:
            fields = matches.pop()
            if (key and not fields[7]) or links:
                kept = fields[8]
                fields = (*fields[:7], fields[7] or key,
                          kept + tuple(link for link in links if link not in kept), *fields[9:])
        merged.append(_record(text, start, end, label, fields))
    return merged


def _record(text: str, start: int, end: int, label: str, fields: _Details) -> SpanRecord:
    """The record of a span of ``text`` (its quote and context taken from the text)."""
    return SpanRecord(start, end, label, text[start:end], *fields[:9],
                      text[max(0, start - CONTEXT_CHARS) : start], text[end : end + CONTEXT_CHARS],
                      claim_reviewed=fields[9], fact_check_url=fields[10])


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
