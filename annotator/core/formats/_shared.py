"""What the format modules share: where a single-file format writes, reading a file's bytes,
titles and records for documents read from JSON, typed field readers, ISO 8601 times.

The readers of one item of a file (a JSON line, a Label Studio task) raise :class:`Bad` with
what is wrong; the format's ``read`` adds the file and the item and raises ``FormatError``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from annotator.core.errors import FormatError
from annotator.core.interchange import DocumentRecord, SpanRecord, context_of
from annotator.core.output_file import whole_file

TITLE_CHARS = 120  # the longest title made from a document's first line


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
    (the tail of a JSON Lines annotation object and of Label Studio's ``meta``)."""
    return {
        "reviewer": span.reviewer,
        "verdict": span.verdict,
        "evidence": list(span.evidence),
        "created_at": span.created_at,
        "updated_at": span.updated_at,
        "links": list(span.links),
    }


# ------------------------------------------------------------------------------------ read


def read_bytes(path: Path, problem: str = "cannot read the file") -> bytes:
    """The bytes of ``path``; a :class:`FormatError` "``path``: ``problem`` (why)" if it cannot
    be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise FormatError(f"{path}: {problem} ({exc.strerror or exc})") from None


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


# ------------------------------------------------------------------------------- text


def common_prefix(a: str, b: str) -> int:
    """How many characters ``a`` and ``b`` share at their start."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n
