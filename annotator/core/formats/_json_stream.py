"""Writing one JSON value whose long lists are encoded a batch at a time.

An export of 100,000 annotations as one JSON document (a Label Studio task, a W3C collection, a
JSON Lines line) would otherwise build every annotation's object, then the whole text of the
document, before writing a byte. :func:`write_json` writes exactly what ``json.dumps(value,
ensure_ascii=False, ...)`` would, but a list given as :class:`Streamed` is drawn from its
iterator and encoded :data:`BATCH` items at a time, so only one batch is held at once::

    write_json(out, {"text": text, "items": Streamed(item(span) for span in spans)})

How: the value is encoded with each :class:`Streamed` list standing as a unique marker string
(through the encoder's ``default``); the text is written up to each marker, and the list's
items in its place, indented as ``json.dumps`` indents them. A marker cannot be mistaken for
data: it holds a random UUID, and between two unescaped quotes it can only be a whole string
value.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any, TextIO

BATCH = 1000  # items encoded at once
COMPACT = (",", ":")  # the separators of JSON written without spaces


class Streamed:
    """A JSON list whose items come from an iterator (read once, while it is written)."""

    def __init__(self, items: Iterable[Any]) -> None:
        self.items = items


def write_json(
    out: TextIO,
    value: Any,
    *,
    indent: int | None = None,
    separators: tuple[str, str] | None = None,
) -> None:
    """Write ``json.dumps(value, ensure_ascii=False, indent=indent, separators=separators)`` to
    ``out``, each :class:`Streamed` list in ``value`` drawn and encoded a batch at a time."""
    encoder = json.JSONEncoder(ensure_ascii=False, indent=indent, separators=separators)
    streams: dict[str, Streamed] = {}

    def marker(obj: Any) -> str:
        if not isinstance(obj, Streamed):
            raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")
        name = f"\x00{uuid.uuid4().hex}"
        streams[name] = obj
        return name

    skeleton = json.JSONEncoder(
        ensure_ascii=False, indent=indent, separators=separators, default=marker
    ).encode(value)
    tokens = sorted((skeleton.index(encoder.encode(name)), name) for name in streams)
    written = 0
    for at, name in tokens:  # in the order they stand in the text
        out.write(skeleton[written:at])
        line = skeleton[skeleton.rfind("\n", 0, at) + 1 : at]
        outer = line[: len(line) - len(line.lstrip(" "))]
        _write_list(out, encoder, streams[name].items, None if indent is None else outer)
        written = at + len(encoder.encode(name))
    out.write(skeleton[written:])


def _write_list(
    out: TextIO, encoder: json.JSONEncoder, items: Iterable[Any], outer: str | None
) -> None:
    """Write the list of ``items`` as ``encoder`` would (``outer``: the indentation of the line
    the list starts on, or ``None`` when the encoder does not indent)."""
    out.write("[")
    first = True
    for batch in _batches(items):
        text = encoder.encode(batch)
        if outer is None:
            out.write(text[1:-1] if first else encoder.item_separator + text[1:-1])
        else:  # "[\n  a,\n  b\n]" -> each line moved in to where the list stands
            out.write(("\n" if first else encoder.item_separator + "\n") + outer)
            out.write(text[2:-2].replace("\n", "\n" + outer))
        first = False
    if outer is not None and not first:
        out.write("\n" + outer)
    out.write("]")


def _batches(items: Iterable[Any]) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(islice(iterator, BATCH)):
        yield batch
