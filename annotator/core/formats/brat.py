"""brat standoff format: a folder with a ``.txt`` and an ``.ann`` per document.

The target is a folder. For each document it gets, under a name made from the document's
position and title (``003-storm-surge-in-seoul``: ASCII letters and digits only, so safe on any
file system and stable for a given session)::

    003-storm-surge-in-seoul.txt        the document text, exactly, UTF-8, "\\n" newlines
    003-storm-surge-in-seoul.ann        the annotations (below)
    003-storm-surge-in-seoul.meta.json  title, SHA-256 of the text and of the original file

and, once for the folder, ``annotation.conf`` (the session's labels as entity types, a ``Link``
relation, the ``Confidence`` and ``Verdict`` attributes, and overlapping spans allowed) and
``visual.conf`` (label titles and colours), so that brat can open the folder as a collection.
Export into an empty folder: files of an earlier export with other names are left as they are,
and reading the folder would read them too.

Reading gives each record the labels of the folder's ``visual.conf`` in its ``extra["labels"]``
(see :mod:`annotator.core.formats._shared`): each type of the ``[labels]`` section with its
first display name as the title (``source_ref | Source (ref) ✓``), and the ``bgColor`` of the
``[drawing]`` section as its colour when it is ``#RRGGBB`` or ``#RGB`` (brat's colour names are
passed over). brat has no place for a label's description or keyboard key. The file is read
leniently, as other tools write it too: a line that cannot be understood is passed over, and a
file that cannot be read or decoded gives no labels.

The ``.ann`` lines (fields separated by a tab; https://brat.nlplab.org/standoff.html)::

    T1	claim 2 6	fire                       a span: label, start, end, its text
    T2	estimate 2 6;7 9	fire 서울           a span across a newline: one fragment per line
    A1	Confidence T1 4                     confidence, 1-5 (declared with Value:1|2|3|4|5)
    A2	Verdict T1 mostly_false             the verdict, when there is one
    #1	AnnotatorNotes T1	Check the\\tfigure\\nwith the city   the note, escaped (below)
    #2	Reviewer T1	Ana Reviewer
    #3	Created T1	2024-05-01T09:30:00.000+00:00
    #4	Updated T1	2024-05-01T09:31:12.250+00:00
    #5	Evidence T1	https://example.org/source   one line per evidence link
    R1	Link Arg1:T2 Arg2:T1                a link from T2 to T1

``AnnotatorNotes`` is the comment type brat's own editor writes; ``Reviewer``, ``Created``,
``Updated`` and ``Evidence`` are further comment types of ours (a ``#`` line of any type on a
span is valid brat and is shown as a comment on it). brat reads the ``.ann`` line by line and a
comment cannot hold a line break, so the note and the other ``#`` values are escaped: ``\\`` is
written ``\\\\``, a tab ``\\t``, a newline ``\\n``, a carriage return ``\\r``, and any other
character that Python counts as a line break (``\\x0b \\x0c \\x1c \\x1d \\x1e \\x85 \\u2028
\\u2029``) as ``\\uXXXX``. The escapes are undone on reading when the ``.meta.json`` beside the
``.ann`` says the file is ours; the notes of other brat files are taken as they are.

Offsets. brat's offsets are character offsets into the ``.txt`` as decoded from UTF-8, start
included and end excluded (standoff.html); its server (``server/src/annotation.py``) reads the
text with ``codecs.open(..., encoding='utf8')`` and checks each span as
``document_text[start:end]``, i.e. Python string indexes: Unicode code points, as here (an
emoji counts 1, a combining accent 1; no normalisation). The ``.txt`` is therefore written as
the exact stored text, "\\n" newlines, no byte-order mark, and offsets are written unchanged.
(brat's browser client indexes JavaScript strings, UTF-16 code units, and is known to draw
spans after an emoji one place off: https://github.com/nlplab/brat/issues/1115. The file is
right; the display is brat's.)

Line breaks in spans. The text field of a ``T`` line must be exactly the spanned text, and brat
forbids a line break in it, so a span containing line breaks is written as discontinuous
fragments, one per line, whose texts are joined by one space as brat requires
(``DISCONT_SEP``): ``T2\\testimate 2 6;7 9\\tfire 서울``. A span that begins or ends with a line
break gets an empty fragment at its true start or end (``0 0;1 4``), so its extent survives. On
reading, a discontinuous ``T`` becomes one span from its first start to its last end when the
gaps between its fragments hold only line breaks; a truly discontinuous span (a gap with text in
it, from another brat project) cannot be one annotation here and is left out, and named in the
document's ``extra["skipped"]``.

Keys. A key must name a span within the whole file it was read from (here: the folder), and
brat's ids repeat in every ``.ann``, so on reading a span is keyed by its file's name and its
brat id (``001-seoul-fire:T2``), and its links name the same keys; they survive the round
trip. Every relation (``R``) line between two spans is read as a link, whatever its type.
Other line types (events, normalisations, equivalences) are ignored.
"""

from __future__ import annotations

import codecs
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from annotator.core.articles.text import sha256_text
from annotator.core.defaults import DEFAULT_CONFIDENCE, VERDICTS
from annotator.core.errors import AnnotatorError, FormatError
from annotator.core.formats._shared import (
    hex_colour,
    read_bytes,
    refused_document,
    size_too_large,
    split_lines,
    whole_number,
)
from annotator.core.formats.records import DocumentRecord, SpanRecord, context_of
from annotator.core.models import Label
from annotator.core.regular_file import check_regular_file

NAME = "brat"
DESCRIPTION = "brat standoff: a folder with a .txt and an .ann file per document"
SUFFIX = ""

GENERATOR = "factcheck-annotator"
DISCONT_SEP = " "  # brat joins the texts of a discontinuous span's fragments with one space
# What Python's str.splitlines() (and so brat's line reader) counts as a line break.
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_FRAGMENT = re.compile(f"[^{re.escape(LINE_BREAKS)}]+")
# what escape() writes for a character: \\ \t \n \r, and \uXXXX for the other line breaks
_ESCAPES = {ord("\\"): "\\\\", ord("\t"): "\\t", ord("\n"): "\\n", ord("\r"): "\\r"} | {
    ord(char): f"\\u{ord(char):04x}" for char in LINE_BREAKS if char not in "\n\r"
}
_ESCAPED = re.compile(r"\\(\\|t|n|r|u[0-9a-fA-F]{4})")
_ID = re.compile(r"^([A-Za-z]+|#[A-Za-z]*|\*)([0-9]*)(.*)$")
_PLAIN_ID = re.compile(r"[A-Za-z#][0-9]+")  # an id as brat writes it: T12, A3, #7
_COMMENT_FIELDS = ("AnnotatorNotes", "Reviewer", "Created", "Updated", "Evidence")
_DRAWING_DEFAULTS = ("SPAN_DEFAULT", "ARC_DEFAULT", "ATTRIBUTE_DEFAULT")
MAX_CONF_BYTES = 1_000_000  # a visual.conf larger than this is not read


# ------------------------------------------------------------------------------ writing


def write(
    records: Iterable[DocumentRecord], target: str | Path, *, labels: Sequence[Label] = ()
) -> int:
    """Write each document as ``.txt`` + ``.ann`` + ``.meta.json`` into the folder ``target``
    (created if need be), with ``annotation.conf`` and ``visual.conf``; returns the number of
    spans written."""
    folder = Path(target)
    if folder.exists() and not folder.is_dir():
        raise AnnotatorError(f"{folder}: is a file; a brat export is written into a folder")
    records = list(records)
    for record in records:  # every document checked before a file is written
        if record.text is None:
            raise AnnotatorError(f"“{record.title}” has no text, and brat needs each document's")
        check_spans(record)
    width = max(3, len(str(len(records))))
    names = [document_name(n, record.title, width) for n, record in enumerate(records, 1)]
    used_labels = [span.label for record in records for span in record.spans]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, record in zip(names, records, strict=True):
            meta = {
                "generator": GENERATOR,
                "title": record.title,
                "sha256": record.sha256 or sha256_text(record.text or ""),
                "source_sha256": record.source_sha256,
                "escapes": "backslash",
            }
            _write_file(folder / f"{name}.txt", record.text or "")
            _write_file(folder / f"{name}.ann", (line + "\n" for line in ann_lines(record)))
            _write_file(folder / f"{name}.meta.json", json.dumps(meta, ensure_ascii=False) + "\n")
        _write_file(folder / "annotation.conf", annotation_conf(labels, used_labels))
        _write_file(folder / "visual.conf", visual_conf(labels))
    except OSError as exc:
        raise AnnotatorError(f"{folder}: cannot write the export ({exc.strerror or exc})") \
            from None
    return len(used_labels)


def document_name(number: int, title: str, width: int = 3) -> str:
    """A file name (without suffix) for document ``number``: its position, then its title in
    ASCII letters, digits and hyphens (``007-storm-surge``); never empty, never a path."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_title).strip("-").lower()[:60].strip("-")
    return f"{number:0{width}d}-{slug or 'document'}"


def ann_text(record: DocumentRecord) -> str:
    """The ``.ann`` file of one document (its text must be in the record)."""
    check_spans(record)
    return "".join(line + "\n" for line in ann_lines(record))


def check_spans(record: DocumentRecord) -> None:
    """Raise :class:`AnnotatorError` for the first span that brat cannot hold: one whose quote
    is not the text at its offsets, a label or verdict with white space in it."""
    text = record.text or ""
    for span in record.spans:
        if not 0 <= span.start < span.end <= len(text) or text[span.start : span.end] != span.quote:
            quote = span.quote if len(span.quote) <= 40 else span.quote[:39] + "…"
            raise AnnotatorError(
                f"“{record.title}”: the annotation “{quote}” does not match the document's text "
                f"at {span.start}–{span.end}"
            )
        if not span.label or any(c.isspace() for c in span.label):
            raise AnnotatorError(f"the label {span.label!r} cannot be a brat type (no spaces)")
        if span.verdict is not None and (
            not span.verdict or any(c.isspace() for c in span.verdict)
        ):
            raise AnnotatorError(f"the verdict {span.verdict!r} cannot be a brat value")


def ann_lines(record: DocumentRecord) -> Iterator[str]:
    """The lines of the ``.ann`` file of one document whose spans :func:`check_spans` passed:
    the text-bound annotations (``T``), their attributes (``A``: confidence, verdict), their
    notes (``#``: note, reviewer, times, evidence), then the links between them (``R``)."""
    text = record.text or ""
    spans = record.spans
    for number, span in enumerate(spans, 1):
        fragments = line_fragments(text, span.start, span.end)
        offsets = ";".join(f"{a} {b}" for a, b in fragments)
        shown = DISCONT_SEP.join(text[a:b] for a, b in fragments)
        yield f"T{number}\t{span.label} {offsets}\t{shown}"
    attributes = 0
    for number, span in enumerate(spans, 1):
        attributes += 1
        yield f"A{attributes}\tConfidence T{number} {span.confidence}"
        if span.verdict is not None:
            attributes += 1
            yield f"A{attributes}\tVerdict T{number} {span.verdict}"
    notes = 0
    for number, span in enumerate(spans, 1):
        values = [("AnnotatorNotes", span.note), ("Reviewer", span.reviewer),
                  ("Created", span.created_at), ("Updated", span.updated_at)]
        values += [("Evidence", url) for url in span.evidence]
        for kind, value in values:
            if value:
                notes += 1
                yield f"#{notes}\t{kind} T{number}\t{escape(value)}"
    ids: dict[str, str] = {}
    for number, span in enumerate(spans, 1):
        if span.key is not None:
            ids.setdefault(span.key, f"T{number}")
    relations = 0
    for number, span in enumerate(spans, 1):
        for link in span.links:
            if link in ids:
                relations += 1
                yield f"R{relations}\tLink Arg1:T{number} Arg2:{ids[link]}"


def line_fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` as brat fragments: the runs between line breaks, plus an empty
    fragment at ``start`` or ``end`` when the span begins or ends with a line break."""
    fragments = [m.span() for m in _FRAGMENT.finditer(text, start, end)]
    if not fragments:
        return [(start, start), (end, end)]
    if fragments[0][0] != start:
        fragments.insert(0, (start, start))
    if fragments[-1][1] != end:
        fragments.append((end, end))
    return fragments


def annotation_conf(labels: Sequence[Label], used: Iterable[str] = ()) -> str:
    """brat's ``annotation.conf``: the labels as entity types, links, confidence and verdict."""
    names = [label.name for label in sorted(labels, key=lambda label: label.position)]
    names += sorted(set(used) - set(names))
    lines = [
        "# Written by factcheck-annotator: the session's labels, its links and the",
        "# confidence and verdict of each annotation.",
        "[entities]",
        *names,
        "",
        "[relations]",
        "Link\tArg1:<ENTITY>, Arg2:<ENTITY>",
        "# annotations may overlap in any way",
        "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>",
        "",
        "[events]",
        "",
        "[attributes]",
        "Confidence\tArg:<ENTITY>, Value:1|2|3|4|5",
        "Verdict\tArg:<ENTITY>, Value:" + "|".join(VERDICTS),
        "",
    ]
    return "\n".join(lines)


def visual_conf(labels: Sequence[Label]) -> str:
    """brat's ``visual.conf``: each label's title and colour."""
    ordered = sorted(labels, key=lambda label: label.position)
    lines = ["[labels]"]
    for label in ordered:
        title = re.sub(r"[|\s]+", " ", label.title).strip() or label.name
        lines.append(f"{label.name} | {title}")
    lines += ["Link | Link", "", "[drawing]"]
    lines += [f"{label.name}\tbgColor:{label.color}" for label in ordered]
    lines.append("")
    return "\n".join(lines)


def escape(value: str) -> str:
    """A value on one line: backslash, tab and line breaks written as backslash escapes."""
    return value.translate(_ESCAPES)


def unescape(value: str) -> str:
    """The inverse of :func:`escape` (a backslash before anything else stays as it is)."""
    simple = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}

    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        return simple[code] if code in simple else chr(int(code[1:], 16))

    return _ESCAPED.sub(one, value)


def _write_file(path: Path, content: str | Iterable[str]) -> None:
    """Write ``content`` (a string, or strings one after another) to a file beside ``path``,
    then move it into place."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as out:
            if isinstance(content, str):
                out.write(content)
            else:
                out.writelines(content)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


# ------------------------------------------------------------------------------ reading


def read(path: str | Path) -> list[DocumentRecord]:
    """The documents of a brat folder (every ``.ann`` in it, in name order, each with the
    ``.txt`` of the same name) or of a single ``.ann`` file; raises :class:`FormatError` with
    one sentence naming the file and line for anything it cannot read."""
    path = Path(path)
    if path.is_dir():
        # every .ann but a folder: one that is a device or a FIFO is refused when read
        anns = sorted(p for p in path.glob("*.ann") if not p.is_dir())
        if not anns:
            raise FormatError(f"{path}: has no .ann files, so it is not a brat folder")
    elif path.exists() or path.is_symlink():
        check_regular_file(path, FormatError)  # a device or a FIFO: refused, never read
        if path.suffix.lower() != ".ann":
            raise FormatError(f"{path}: is not a brat .ann file (or a folder of them)")
        anns = [path]
    else:
        raise FormatError(f"{path}: there is no such file or folder")
    records = [_read_document(ann) for ann in anns]
    labels = read_visual_conf(anns[0].parent / "visual.conf")
    if labels:
        for record in records:
            record.extra["labels"] = labels
    return records


def read_visual_conf(path: Path) -> list[dict[str, str]]:
    """The label definitions of a brat ``visual.conf`` (see the module text); none when there
    is no such file or it cannot be read."""
    try:
        content = read_bytes(path, MAX_CONF_BYTES, "a visual.conf").decode("utf-8-sig")
    except (FormatError, UnicodeDecodeError):  # missing, not a regular file, too large
        return []
    return parse_visual_conf(content)


def parse_visual_conf(content: str) -> list[dict[str, str]]:
    """The label definitions in the text of a ``visual.conf``; lines it cannot understand, and
    sections other than ``[labels]`` and ``[drawing]``, are passed over."""
    titles: dict[str, str] = {}
    colours: dict[str, str] = {}
    section = ""
    for line in content.split("\n"):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip().lower()
            continue
        if section == "labels":
            parts = [part.strip() for part in line.split("|")]
            name = parts[0]
            if _conf_type(name) and name not in titles:
                titles[name] = next((part for part in parts[1:] if part), name)
        elif section == "drawing":
            name, _, rest = line.replace("\t", " ").partition(" ")
            if not _conf_type(name) or name in _DRAWING_DEFAULTS:
                continue
            for setting in rest.split(","):
                key, _, value = setting.partition(":")
                colour = hex_colour(value) if key.strip() == "bgColor" else None
                if colour is not None:
                    colours.setdefault(name, colour)
    definitions = []
    for name in [*titles, *(name for name in colours if name not in titles)]:
        definition = {"name": name, "title": titles.get(name, name)}
        if name in colours:
            definition["color"] = colours[name]
        definitions.append(definition)
    return definitions


def _conf_type(name: str) -> bool:
    """A type name as brat writes one (no white space, no macro ``<…>``)."""
    return bool(name) and not any(c.isspace() for c in name) and not name.startswith("<")


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FormatError(
            f"{path}: is not UTF-8 text (byte {exc.start} cannot be decoded), as brat requires"
        ) from None


def _utf8_lines(path: Path, data: bytes) -> Iterator[str]:
    """The lines of ``data`` (split at "\\n"), each decoded as it is read: an .ann file whose
    quotes have characters above U+00FF would decode to four bytes a character, whole. The
    file is checked to be UTF-8 first (a :class:`FormatError` as :func:`_decode` says it)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for at in range(0, len(data), 1 << 20):
            decoder.decode(data[at : at + (1 << 20)])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        _decode(path, data)  # raises, saying where
    return (line.decode("utf-8") for line in _byte_lines(data))


def _byte_lines(data: bytes) -> Iterator[bytes]:
    start = 0
    while (end := data.find(b"\n", start)) >= 0:
        yield data[start:end]
        start = end + 1
    yield data[start:]


def _read_meta(path: Path) -> dict[str, Any] | None:
    if not path.is_file():  # none (or a device, a FIFO: not read)
        return None
    try:
        meta = json.loads(_decode(path, read_bytes(path, MAX_CONF_BYTES, "a .meta.json")))
    except json.JSONDecodeError as exc:
        raise FormatError(f"{path}: is not valid JSON ({exc.msg} at line {exc.lineno})") \
            from None
    if not isinstance(meta, dict):
        raise FormatError(f"{path}: is not a JSON object of document details")
    for key in ("title", "sha256", "source_sha256", "generator", "escapes"):
        if meta.get(key) is not None and not isinstance(meta[key], str):
            raise FormatError(f"{path}: its “{key}” is not text")
    return meta


def _read_document(ann: Path) -> DocumentRecord:
    stem = ann.name[: -len(ann.suffix)]
    txt = ann.with_name(stem + ".txt")
    if not txt.exists() and not txt.is_symlink():
        raise FormatError(f"{ann}: the text file {txt.name} that should be beside it is missing")
    meta = _read_meta(ann.with_name(stem + ".meta.json"))
    refused = size_too_large(check_regular_file(txt, FormatError))
    if refused:  # before it is read: refused on its own, the other documents go on
        return refused_document((meta or {}).get("title") or stem, refused, {"name": stem})
    text = _decode(txt, read_bytes(txt))
    ours = meta is not None and meta.get("escapes") == "backslash"
    parser = _AnnParser(ann, text, ours)
    parser.parse(_utf8_lines(ann, read_bytes(ann)))
    extra: dict[str, Any] = {}
    if parser.skipped:
        extra["skipped"] = parser.skipped
    return DocumentRecord(
        title=(meta or {}).get("title") or stem,
        text=text,
        spans=tuple(parser.spans()),
        sha256=sha256_text(text),
        source_sha256=(meta or {}).get("source_sha256"),
        name=stem,
        extra=extra,
    )


class _AnnParser:
    """The lines of one ``.ann`` file, checked against its text."""

    def __init__(self, path: Path, text: str, ours: bool) -> None:
        self.path = path
        self.stem = path.stem
        self.text = text
        self.ours = ours
        self.seen: set[str] = set()
        self.order: list[str] = []
        self.spans_by_id: dict[str, dict[str, Any]] = {}
        self.skipped_ids: set[str] = set()
        self.skipped: list[str] = []
        self.links: list[tuple[str, str]] = []

    def fail(self, line: int, problem: str) -> FormatError:
        return FormatError(f"{self.path}, line {line}: {problem}")

    def parse(self, content: str | Iterable[str]) -> None:
        """Read the file's text (or its lines, split at "\\n")."""
        pending: list[tuple[int, str, str]] = []
        lines = split_lines(content) if isinstance(content, str) else content
        for number, line in enumerate(lines, 1):
            line = line.removesuffix("\r")
            if not line or line.isspace():
                continue
            ann_id, tab, rest = line.partition("\t")
            if not tab:
                raise self.fail(number, "no tab after the annotation id, so not a brat line")
            if not _PLAIN_ID.fullmatch(ann_id):  # else read by _ID
                match = _ID.match(ann_id)
                if not match or (not match.group(2) and ann_id != "*"):
                    raise self.fail(number, f"“{ann_id[:20]}” is not a brat annotation id")
            if ann_id != "*":
                if ann_id in self.seen:
                    raise self.fail(number, f"the id {ann_id} is used twice")
                self.seen.add(ann_id)
            kind = ann_id[0]
            if kind == "T":
                self.textbound(number, ann_id, rest)
            elif kind in "AMR#":
                pending.append((number, ann_id, rest))
            # E (events), N (normalisations), * (equivalences) and others: ignored
        for number, ann_id, rest in pending:
            if ann_id[0] in "AM":
                self.attribute(number, ann_id, rest)
            elif ann_id[0] == "R":
                self.relation(number, ann_id, rest)
            else:
                self.comment(number, rest)

    def textbound(self, number: int, tid: str, rest: str) -> None:
        data, _, shown = rest.partition("\t")
        label, _, offsets = data.partition(" ")
        if not label or not offsets.strip():
            raise self.fail(number, f"{tid} has no type and offsets (“TYPE START END”)")
        fragments = []
        for part in offsets.split(";"):
            numbers = [whole_number(piece) for piece in part.split()]
            if len(numbers) != 2 or None in numbers:
                raise self.fail(number, f"{tid} has offsets “{offsets[:40]}”, not “START END” "
                                "in digits")
            a, b = numbers
            if a > b:
                raise self.fail(number, f"{tid} starts at {a}, after its end {b}")
            if b > len(self.text):
                raise self.fail(
                    number,
                    f"{tid} ends at {b}, past the end of the text ({len(self.text)} characters)",
                )
            fragments.append((a, b))
        pieces_text = [self.text[a:b] for a, b in fragments]
        expected = DISCONT_SEP.join(pieces_text)
        if shown and not (shown.startswith(expected) or shown.startswith("".join(pieces_text))):
            found = shown if len(shown) <= 40 else shown[:39] + "…"
            raise self.fail(
                number,
                f"the text of {tid} (“{found}”) is not the text at {offsets} in "
                f"{self.path.with_suffix('.txt').name}",
            )
        ordered = sorted(fragments)
        for (_, end), (start, _) in zip(ordered, ordered[1:], strict=False):
            if start < end:
                raise self.fail(number, f"the fragments of {tid} overlap")
            if any(c not in LINE_BREAKS for c in self.text[end:start]):
                self.skip(tid, f"line {number}: {tid} is discontinuous (text between its parts)")
                return
        start, end = ordered[0][0], ordered[-1][1]
        if start == end:
            self.skip(tid, f"line {number}: {tid} covers no text")
            return
        self.order.append(tid)
        self.spans_by_id[tid] = {
            "start": start, "end": end, "label": label, "confidence": DEFAULT_CONFIDENCE,
            "verdict": None, "note": [], "reviewer": None, "created": None, "updated": None,
            "evidence": [],
        }

    def skip(self, tid: str, reason: str) -> None:
        self.skipped_ids.add(tid)
        self.skipped.append(f"{self.path.name}, {reason}")

    def span_for(self, number: int, ann_id: str, target: str) -> dict[str, Any] | None:
        """The span ``target`` names; None when it was left out or is not a span (an event)."""
        if target in self.spans_by_id:
            return self.spans_by_id[target]
        if target in self.skipped_ids or not target.startswith("T"):
            return None
        raise self.fail(number, f"{ann_id} refers to {target}, which the file does not define")

    def attribute(self, number: int, ann_id: str, rest: str) -> None:
        parts = rest.partition("\t")[0].split()
        if len(parts) not in (2, 3):
            raise self.fail(number, f"{ann_id} is not “NAME TARGET [VALUE]”")
        name, target = parts[0], parts[1]
        value = parts[2] if len(parts) == 3 else None
        span = self.span_for(number, ann_id, target)
        if span is None:
            return
        if name == "Confidence":
            if value is None or value not in ("1", "2", "3", "4", "5"):
                raise self.fail(number, f"the confidence of {target} is {value!r}, not 1 to 5")
            span["confidence"] = int(value)
        elif name == "Verdict":
            if value is None:
                raise self.fail(number, f"the verdict of {target} has no value")
            span["verdict"] = value
        # other attributes (negation, speculation, …) have no place here: ignored

    def relation(self, number: int, ann_id: str, rest: str) -> None:
        parts = rest.partition("\t")[0].split()
        args = [p.partition(":") for p in parts[1:]]
        if len(parts) != 3 or any(not sep or not role or not ref for role, sep, ref in args):
            raise self.fail(number, f"{ann_id} is not “TYPE Arg1:ID Arg2:ID”")
        roles = {role: ref for role, _, ref in args}
        source = roles.get("Arg1", args[0][2])
        target = roles.get("Arg2", args[1][2])
        if self.span_for(number, ann_id, source) is None:
            return
        if self.span_for(number, ann_id, target) is None:
            return
        if source != target and (source, target) not in self.links:
            self.links.append((source, target))

    def comment(self, number: int, rest: str) -> None:
        data, _, value = rest.partition("\t")
        parts = data.split()
        if len(parts) != 2:
            raise self.fail(number, "a # line is not “TYPE TARGET<tab>TEXT”")
        kind, target = parts
        if kind not in _COMMENT_FIELDS:
            return
        span = self.span_for(number, f"the {kind} line", target)
        if span is None:
            return
        if self.ours and "\\" in value:
            value = unescape(value)
        if kind == "AnnotatorNotes":
            span["note"].append(value)
        elif kind == "Evidence":
            if value:
                span["evidence"].append(value)
        else:
            span[kind.lower()] = value or None

    def key(self, tid: str) -> str:
        return f"{self.stem}:{tid}"

    def spans(self) -> list[SpanRecord]:
        links: dict[str, list[str]] = {}
        for source, target in self.links:
            links.setdefault(source, []).append(target)
        records = []
        for tid in self.order:
            s = self.spans_by_id.pop(tid)  # let go once its record is made
            start, end = s["start"], s["end"]
            prefix, suffix = context_of(self.text, start, end)
            targets = links.get(tid)
            records.append(
                SpanRecord(  # positional, in the order of the fields (the fastest way)
                    start, end, s["label"], self.text[start:end], s["confidence"],
                    "\n\n".join(s["note"]), s["reviewer"], s["verdict"], tuple(s["evidence"]),
                    s["created"], s["updated"], self.key(tid),
                    tuple(self.key(t) for t in sorted(targets, key=_id_number)) if targets else (),
                    prefix, suffix,
                )
            )
        return records


def _id_number(ann_id: str) -> tuple[int, str, str]:
    """An id's place in numeric order, without reading its digits as a number (there may be
    thousands of them)."""
    digits = re.sub("[^0-9]", "", ann_id).lstrip("0")
    return (len(digits), digits, ann_id)
