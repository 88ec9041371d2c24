"""What the format modules share: where a single-file format writes, reading a file's bytes,
titles and records for documents read from JSON, typed field readers, ISO 8601 times, and the
label definitions a file carries.

Label definitions. A format that can hold the session's labels writes them, and its reader
puts those of the file in each record's ``extra["labels"]``: a list of dicts, one per label,
``{"name", "title", "color", "description", "shortcut"}`` where ``name`` and ``title`` are
always there and the others only when the file says them (``color`` as the file wrote it, or
left out where a format's colours can be other than ``#RRGGBB``; ``shortcut`` one letter).
:func:`annotator.core.formats.import_records.import_records` uses them for the labels a session
lacks; it checks every value, so readers pass on what they find and leave out only what is not
text.
"""

from __future__ import annotations

import codecs
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from annotator.core.articles import text as document_text
from annotator.core.errors import DocumentError, FormatError
from annotator.core.formats.records import DocumentRecord, SpanRecord, context_of
from annotator.core.output_file import whole_file
from annotator.core.regular_file import megabytes, read_regular_file

TITLE_CHARS = 120  # the longest title made from a document's first line
MAX_FILE_BYTES = 1_000_000_000  # the largest annotation file (or file of a brat folder) read
MAX_NUMBER_DIGITS = 18  # the most digits of a whole number in a file (an offset, a count)
_HEX_COLOUR = re.compile(r"^#(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")


class Bad(Exception):
    """What is wrong with one item of a file (the reader adds the file and the item)."""


# ------------------------------------------------------------------------------------ write


@contextmanager
def open_target(target: str | Path | TextIO) -> Iterator[TextIO]:
    """Where a single-file format writes: an open stream as is; a path is written whole (see
    :func:`annotator.core.output_file.whole_file`)."""
    if not isinstance(target, (str, os.PathLike)):
        yield target
        return
    with whole_file(Path(target)) as out:
        yield out


def review_fields(span: SpanRecord) -> dict[str, Any]:
    """The fields of a span beside its place, label, confidence and note, as JSON-ready data
    (the tail of a JSON Lines annotation object and of Label Studio's ``meta``): its origin, and
    a claim's summary as checked and its fact-check's address, only where they are set."""
    return {
        "reviewer": span.reviewer,
        "verdict": span.verdict,
        "evidence": list(span.evidence),
        "created_at": span.created_at,
        "updated_at": span.updated_at,
        "links": list(span.links),
        **{name: value for name in ("origin", "claim_reviewed", "fact_check_url")
           if (value := getattr(span, name)) is not None},
    }


# ------------------------------------------------------------------------------------ read


def read_bytes(path: Path, limit: int | None = None, what: str = "an annotation file") -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` (by default
    ``MAX_FILE_BYTES``); a :class:`FormatError` naming the path if it does not exist, cannot be
    read, is not a regular file (a device, a FIFO: refused without reading or blocking) or is
    larger (see :func:`annotator.core.regular_file.read_regular_file`)."""
    return read_regular_file(path, MAX_FILE_BYTES if limit is None else limit, FormatError, what)


def load_json(text: str) -> Any:
    """``json.loads(text)``, with a whole number of more than ``MAX_NUMBER_DIGITS`` digits
    refused as :class:`Bad` (Python would refuse one of 4,300 with a message naming its own
    settings, and no offset or count has so many)."""
    return json.loads(text, parse_int=_json_int)


# a UTF-8 character above U+00FF: its first byte and the bytes that continue it (whether they
# make a well-formed character is left to decoding it)
_WIDE_CHARACTER = re.compile(rb"[\xc4-\xf4][\x80-\xbf]+")
_ESCAPE_BEFORE_WIDE = re.compile(rb"\\[\x80-\xff]")  # a backslash just before a non-ASCII byte


def decode_json_text(data: bytes) -> str:
    """``data.decode("utf-8-sig")`` for :func:`load_json`, which reads it as the same JSON.

    A JSON document with one character above U+00FF (an emoji in an article) would decode to
    a string of four bytes a character: 400 MB for a 100 MB export, held while it is parsed.
    So each character above U+00FF (which JSON allows only inside a string) is written as its
    JSON escape (``\\u2014``, or a surrogate pair), which the parser turns back into the same
    character, and the text stays one byte a character. Not done when a backslash stands just
    before a non-ASCII byte (an escape of it would read otherwise) or when the bytes are not
    UTF-8 (the plain decoding then raises the error, with its place)."""
    if data.isascii() or _ESCAPE_BEFORE_WIDE.search(data):
        return data.decode("utf-8-sig")
    body = memoryview(data)[3:] if data.startswith(codecs.BOM_UTF8) else data
    escapes: dict[bytes, bytes] = {}  # a text repeats its characters: each escaped once

    def escape(match: re.Match[bytes]) -> bytes:
        found = match.group()
        escaped = escapes.get(found)
        if escaped is None:  # decoding raises UnicodeDecodeError for a malformed character
            escaped = escapes[found] = json.dumps(found.decode("utf-8"))[1:-1].encode("ascii")
        return escaped

    try:
        return _WIDE_CHARACTER.sub(escape, body).decode("utf-8")
    except UnicodeDecodeError:
        pass
    finally:
        del body  # the view lets go of the bytes
    return data.decode("utf-8-sig")


def _json_int(digits: str) -> int:
    if len(digits) > MAX_NUMBER_DIGITS and len(digits.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise Bad(f"a number has {len(digits):,} digits, more than any offset or count may have")
    return int(digits)


def whole_number(value: str) -> int | None:
    """``value`` as a whole number if it is written in ASCII digits alone (at most
    ``MAX_NUMBER_DIGITS``), else ``None`` (a sign, a space, ``1_000``, ``٣``, ``²``: not an
    offset a file writes)."""
    if 0 < len(value) <= MAX_NUMBER_DIGITS and value.isascii() and value.isdigit():
        return int(value)
    return None


def text_too_large(text: str) -> str | None:
    """Why ``text`` cannot be a document
    (:func:`~annotator.core.articles.text.check_document_size`, the
    one limit every document is held to), else ``None``."""
    try:
        document_text.check_document_size(text)
    except DocumentError as exc:
        return f"{exc}, so it and its annotations were not imported"
    return None


def size_too_large(size: int) -> str | None:
    """Why a text of ``size`` UTF-8 bytes cannot be a document (see :func:`text_too_large`)."""
    limit = document_text.MAX_DOCUMENT_BYTES
    if size <= limit:
        return None
    return (f"its text ({megabytes(size)}) is larger than the {megabytes(limit)} "
            "a document may have, so it and its annotations were not imported")


def refused_document(title: str, reason: str, extra: dict[str, Any] | None = None
                     ) -> DocumentRecord:
    """A document of the file that is not imported, and why (``extra["refused"]``): the import
    lists it and goes on with the others."""
    return DocumentRecord(title=title, text=None, extra={**(extra or {}), "refused": reason})


def read_documents(
    path: Path,
    kind: str,
    items: Iterable[tuple[int, Any]],
    read_item: Callable[[Any, Path, int], DocumentRecord],
) -> list[DocumentRecord]:
    """``read_item(item, path, number)`` for each numbered item of the file (a line, a task);
    what it raises as :class:`Bad` becomes a :class:`FormatError` naming the file and the item
    (``path, line 3: …``)."""
    documents = []
    for number, item in items:
        try:
            documents.append(read_item(item, path, number))
        except Bad as bad:
            raise FormatError(f"{path}, {kind} {number}: {bad}") from None
    return documents


def split_lines(content: str) -> Iterator[str]:
    """``content.split("\n")`` one line at a time (the lines are not all held at once); the
    last as ``content`` itself when there is one line (an article of many megabytes is not
    copied). On "\n" only: a JSON string never holds a raw line break, but a text may hold
    U+2028 and friends, which str.splitlines would cut at, and brat counts lines by "\n"."""
    start = 0
    while (end := content.find("\n", start)) >= 0:
        yield content[start:end]
        start = end + 1
    yield content[start:]


def title_from(text: str) -> str | None:
    """The first non-blank line of the text, shortened: a title for a plain doccano line."""
    for line in text.split("\n", 20)[:20]:
        line = " ".join(line.split())
        if line:
            return line if len(line) <= TITLE_CHARS else line[: TITLE_CHARS - 1] + "…"
    return None


def document_title(value: Any, text: str, fallback: str) -> str:
    """``value`` if it is a title (a string, not blank), else one made from the text's first
    line, else ``fallback``."""
    if isinstance(value, str) and value.strip():
        return value
    return title_from(text) or fallback


def text_document(
    fields: dict,
    text: str,
    spans: Iterable[SpanRecord],
    *,
    fallback_title: str,
    extra: dict[str, Any],
    where: str = "",
) -> DocumentRecord:
    """The document of ``text`` with ``spans`` (put in text order), its title and checksums
    taken from ``fields`` (``title``, ``sha256``, ``source_sha256``; ``where`` says where they
    are, in the message when one is not a string)."""
    return DocumentRecord(
        title=document_title(fields.get("title"), text, fallback_title),
        text=text,
        spans=tuple(sorted(spans, key=lambda span: (span.start, span.end))),
        sha256=optional_str(fields, "sha256", where),
        source_sha256=optional_str(fields, "source_sha256", where),
        extra=extra,
    )


def span_in(text: str, start: int, end: int, label: str, **fields: Any) -> SpanRecord:
    """The span of ``text`` from ``start`` to ``end``: its quote and context taken from the
    text, the other fields as given."""
    prefix, suffix = context_of(text, start, end)
    return SpanRecord(
        start=start,
        end=end,
        label=label,
        quote=text[start:end],
        prefix=prefix,
        suffix=suffix,
        **fields,
    )


# ------------------------------------------------------------------------- typed fields


def is_int(value: Any) -> bool:
    """A whole number, and not ``True`` or ``False``."""
    return isinstance(value, int) and not isinstance(value, bool)


def optional_str(obj: dict, name: str, where: str = "") -> str | None:
    """``obj[name]``: a string or absent (``None``). ``where`` follows the quoted name in the
    message otherwise (``“sha256” in the task's data is not a string``)."""
    value = obj.get(name)
    if value is not None and not isinstance(value, str):
        raise Bad(f"“{name}” {where} is not a string" if where else f"“{name}” is not a string")
    return value


def str_field(obj: dict, name: str, where: str) -> str | None:
    """``obj[name]``: a string or absent (``None``). ``where`` follows the name in the message
    otherwise (``the note of annotation 2 is not a string``)."""
    value = obj.get(name)
    if value is not None and not isinstance(value, str):
        raise Bad(f"the {name} {where} is not a string")
    return value


def str_list(obj: dict, name: str, where: str, *, numbers: bool = False) -> tuple[str, ...]:
    """``obj[name]``: a list of strings (whole numbers too, as strings, with ``numbers``), or
    absent (empty). ``where`` as for :func:`str_field`."""
    value = obj.get(name)
    if value is None:
        return ()
    if not isinstance(value, list):
        raise Bad(f"the {name} {where} is not a list")
    items = []
    for item in value:
        if isinstance(item, str) or (numbers and is_int(item)):
            items.append(str(item))
        else:
            raise Bad(f"the {name} {where} holds something other than text")
    return tuple(items)


# ------------------------------------------------------------------------------- times


def parse_time(value: str) -> datetime | None:
    """An ISO 8601 date and time (``Z`` read as ``+00:00``), with or without a time zone;
    ``None`` if ``value`` is not one."""
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (ValueError, TypeError):
        return None


# ------------------------------------------------------------------------ label definitions


def label_definition(label: Any) -> dict[str, str]:
    """A session label (:class:`~annotator.core.models.Label`) as a definition: name, title and
    colour, and its description and shortcut when it has them."""
    definition = {"name": label.name, "title": label.title, "color": label.color}
    if label.description:
        definition["description"] = label.description
    if label.shortcut:
        definition["shortcut"] = label.shortcut
    return definition


def label_definitions(labels: Iterable[Any]) -> list[dict[str, str]]:
    """The definitions of ``labels`` in the session's order (by position)."""
    return [label_definition(label) for label in sorted(labels, key=lambda x: x.position)]


def read_label_definitions(
    items: Any, get: Callable[[dict, str], Any] = dict.get
) -> list[dict[str, str]]:
    """The definitions in ``items`` (a list of objects, each read with ``get(obj, field)`` for
    ``name``, ``title``, ``color``, ``description`` and ``shortcut``), leniently: what is not a
    list gives none, an object without a name is left out, a field that is not text is left
    out, the first definition of a name wins. A title that is missing or blank is the name."""
    if not isinstance(items, list):
        return []
    found: dict[str, dict[str, str]] = {}
    for item in items:
        if not isinstance(item, dict):
            continue
        name = get(item, "name")
        if not isinstance(name, str) or not name.strip() or name in found:
            continue
        definition = {"name": name}
        for key in ("title", "color", "description", "shortcut"):
            value = get(item, key)
            if isinstance(value, str) and value.strip():
                definition[key] = value
        definition.setdefault("title", name)
        found[name] = definition
    return list(found.values())


def hex_colour(value: Any) -> str | None:
    """``#RRGGBB`` for a colour written so (or as ``#RGB``), else ``None`` (a colour name,
    ``rgb(…)``, anything else)."""
    if not isinstance(value, str) or not _HEX_COLOUR.match(value.strip()):
        return None
    value = value.strip()
    if len(value) == 4:
        value = "#" + "".join(c * 2 for c in value[1:])
    return value
