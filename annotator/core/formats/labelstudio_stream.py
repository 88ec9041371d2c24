"""Reading a Label Studio export a result at a time (see :mod:`.labelstudio`).

An export of 100,000 spans is one JSON list whose results, loaded whole, take several times
the file's size. So a file is read in two walks of ijson's events: the first builds each task
without the lists of results of its annotations (a :class:`Results` stands for each, with
how many items it holds), which are drawn, one result at a time, from a second walk as each
annotation is read. A file that the streaming parser cannot read exactly as ``json.loads``
would (not UTF-8, not valid JSON, a lone surrogate escape, a number of too many digits, deep
nesting, NaN) is read whole as before, which says what is wrong in the same words.
"""

from __future__ import annotations

import codecs
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ijson

from annotator.core.errors import FormatError
from annotator.core.formats._shared import MAX_FILE_BYTES, MAX_NUMBER_DIGITS
from annotator.core.regular_file import check_regular_file

_RESULT_PREFIXES = frozenset(
    f"{task}{key}.item.result" for task in ("item.", "") for key in ("annotations", "completions")
)
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")  # half of a character pair, escaped
_MAX_DEPTH = 200  # deeper nesting is read whole (json.loads may refuse it)
_CHUNK = 1 << 20
_NUMBER_LIMIT = 10**MAX_NUMBER_DIGITS


class Results:
    """The result list of one annotation, drawn from the file when it is read (see above)."""

    def __init__(self, streams: _ResultStreams, prefix: str, seq: int) -> None:
        self.streams, self.prefix, self.seq = streams, prefix, seq

    def __iter__(self) -> Iterator[Any]:
        return self.streams.items(self)


class _ResultStreams:
    """The second walk of the file: the items of each result list in file order, by prefix."""

    def __init__(self, path: Path, skip: int) -> None:
        self.path, self.skip = path, skip
        self.counts: dict[str, list[int]] = {}  # prefix -> the size of each of its lists
        self.open: dict[str, tuple[Any, Iterator[Any], int]] = {}  # prefix -> file, items, seq
        self.files: list[Any] = []

    def marker(self, prefix: str, count: int) -> Results:
        sizes = self.counts.setdefault(prefix, [])
        sizes.append(count)
        return Results(self, prefix, len(sizes) - 1)

    def items(self, results: Results) -> Iterator[Any]:
        prefix, seq = results.prefix, results.seq
        there = self.open.pop(prefix, None)
        if there is None or there[2] > seq:  # not open yet, or past this list: from the start
            source = self._file()
            there = (source, ijson.items(source, f"{prefix}.item", use_float=True), 0)
        _source, items, at = there
        sizes = self.counts[prefix]
        for _ in range(sum(sizes[at:seq])):  # the lists before this one, not read
            next(items)
        self.open[prefix] = (_source, items, seq + 1)
        for _ in range(sizes[seq]):
            yield next(items)

    def _file(self) -> Any:
        source = open(self.path, "rb")  # noqa: SIM115 - closed by close()
        self.files.append(source)
        source.seek(self.skip)
        return source

    def close(self) -> None:
        for source in self.files:
            source.close()
        self.files.clear()
        self.open.clear()


def streamed_tasks(path: Path) -> tuple[Any, _ResultStreams] | None:
    """The tasks of the file (a list, or one task) with a :class:`Results` for each result
    list, and the streams they are drawn from; ``None`` when the file is to be read whole."""
    try:
        size = check_regular_file(path, FormatError)
    except FormatError:
        return None
    if size > MAX_FILE_BYTES:
        return None
    try:
        skip = _plain_utf8(path)
        if skip is None:
            return None
        streams = _ResultStreams(path, skip)
        with open(path, "rb") as source:
            source.seek(skip)
            tasks = _skeleton(ijson.parse(source, use_float=True), streams)
    except (OSError, ijson.JSONError, ijson.IncompleteJSONError, StopIteration):
        return None
    if tasks is None:
        return None
    return tasks[0], streams


def _plain_utf8(path: Path) -> int | None:
    """How many bytes the file's byte-order mark takes (0 or 3) when it is UTF-8 without an
    escaped half of a character pair, else ``None``."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as source:
        skip = 3 if source.read(3) == codecs.BOM_UTF8 else 0
        source.seek(skip)
        tail = b""
        while chunk := source.read(_CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                return None
            if _SURROGATE_ESCAPE.search(tail + chunk[:8]) or _SURROGATE_ESCAPE.search(chunk):
                return None
            tail = chunk[-8:]
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return None
    return skip


def _skeleton(events: Iterator[tuple[str, str, Any]], streams: _ResultStreams) -> list | None:
    """The file's value built from its events, each result list replaced by a marker; in a
    list of one item, or ``None`` when the file is to be read whole."""
    builder = ijson.ObjectBuilder()
    depth = 0
    for prefix, event, value in events:
        if event == "start_map" or event == "start_array":
            if prefix in _RESULT_PREFIXES:
                if event == "start_map":
                    return None  # not a list: read whole, which says so
                count = _count_items(events)
                if count is None:
                    return None
                builder.event("null", streams.marker(prefix, count))
                continue
            depth += 1
            if depth > _MAX_DEPTH:
                return None
        elif event == "end_map" or event == "end_array":
            depth -= 1
        elif event == "number" and not _plain_number(value):
            return None
        builder.event(event, value)
    return [builder.value]


def _count_items(events: Iterator[tuple[str, str, Any]]) -> int | None:
    """The number of items of the list just begun, its events passed over; ``None`` when it
    holds what the file is to be read whole for."""
    count, depth = 0, 1
    for _prefix, event, value in events:
        if event == "start_map" or event == "start_array":
            count += depth == 1
            depth += 1
            if depth > _MAX_DEPTH:
                return None
        elif event == "end_map" or event == "end_array":
            depth -= 1
            if depth == 0:
                return count
        elif event != "map_key":
            count += depth == 1
            if event == "number" and not _plain_number(value):
                return None
    return None


def _plain_number(value: Any) -> bool:
    """A number ``json.loads`` reads the same (a whole number of at most
    ``MAX_NUMBER_DIGITS`` digits, or a finite float)."""
    if type(value) is int:
        return -_NUMBER_LIMIT < value < _NUMBER_LIMIT
    return type(value) is float and math.isfinite(value)
