"""Rows a session should not hold: read safely, shown where they can be, named where they cannot.

The program never writes a row that breaks a session's rules (the models check everything, and
the tables are STRICT with CHECK constraints). Another program can: a table re-created without
its constraints by sqlite3, sqlite-utils or Datasette, then edited. Every row the store reads
goes through this module, so that such a row never reaches the window, an export, the agreement
figures or a merge as if it were sound:

* an **annotation** that breaks a rule (a span outside its text, a quote that is not the text
  at its span, no label, a confidence of 99, a time that is not one, …) is *left out*, and named;
* a **label** with a bad colour, key or title is *repaired* (grey, no key, its name) and named;
* a **document** with a bad status or reading position is *repaired* (not started, the top);
  one whose text was changed outside the program is shown with its text as it is now (its
  annotations that no longer fit it are left out); one with no text at all is *left out*.

    found = read_annotation(row, text=text, labels=names)
    if isinstance(found, DamagedRow):
        print(found.sentence)       # annotation 12: start -5: input should be ... 0
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pydantic

from annotator.core.defaults import (
    MAX_NOTE_CHARS,
    MAX_REVIEWER_CHARS,
    ORIGINS,
    STATUSES,
    VERDICT_KEY,
)
from annotator.core.models import Annotation, DocumentSummary, Label

MAX_NAMED = 3  # damaged rows named in a summary sentence
REPAIRED_COLOR = "#808080"
# what a document's field is shown as when the stored value breaks a rule
_DOCUMENT_DEFAULTS: dict[str, Any] = {
    "status": "not_started",
    "last_offset": 0,
    "position": 0,
    "char_count": 0,
    "imported_at": "1970-01-01T00:00:00+00:00",
    "source_format": "text",
    "source_path": None,
    "source_encoding": None,
    "source_sha256": None,
}


@dataclass(frozen=True)
class DamagedRow:
    """A row that breaks a rule of the session: what it is, and what is wrong with it.

    ``repaired``: the row is shown, with a default in place of the bad value (a label's
    colour, a document's status); otherwise it is left out.
    """

    kind: str  # "annotation", "document", "label"
    key: Any  # its id (a label: its name)
    problem: str
    repaired: bool = False

    @property
    def sentence(self) -> str:
        key = f"“{self.key}”" if self.kind == "label" else str(self.key)
        return f"{self.kind} {key}: {self.problem}"


@dataclass
class SessionDamage:
    """Everything damaged in a session, as found by the store's scan."""

    annotations: dict[int, DamagedRow] = field(default_factory=dict)  # left out
    documents: dict[int, DamagedRow] = field(default_factory=dict)  # left out
    repaired: list[DamagedRow] = field(default_factory=list)  # shown, with defaults
    hidden_ids: tuple[int, ...] = ()  # every annotation left out (with those of documents)

    def __bool__(self) -> bool:
        return bool(self.annotations or self.documents or self.repaired)

    def rows(self) -> list[DamagedRow]:
        return [*self.documents.values(), *self.annotations.values(), *self.repaired]

    def summary(self) -> str:
        """One sentence for the reviewer (empty when nothing is damaged)."""
        parts = []
        for rows, verb in (
            (list(self.documents.values()), "left out"),
            ([self.annotations[key] for key in sorted(self.annotations)], "left out"),
            (self.repaired, "shown repaired"),
        ):
            if not rows:
                continue
            kinds = sorted({row.kind for row in rows})
            noun = _counted(len(rows), kinds[0] if len(kinds) == 1 else "row")
            named = "; ".join(row.sentence for row in rows[:MAX_NAMED])
            more = f"; and {len(rows) - MAX_NAMED:,} more" if len(rows) > MAX_NAMED else ""
            parts.append(f"{noun} of this session {'is' if len(rows) == 1 else 'are'} damaged "
                         f"and {verb} ({named}{more})")
        return "; ".join(parts) + "." if parts else ""


def _counted(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def problem_of(exc: pydantic.ValidationError) -> str:
    """The first thing pydantic found wrong, with the value, as a short phrase."""
    error = exc.errors()[0]
    message = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
    message = message[:1].lower() + message[1:]
    fields = [str(part) for part in error.get("loc", ()) if part != "__root__"]
    if fields and error.get("type") != "value_error":
        return f"{'.'.join(fields)} {_shown(error.get('input'))}: {message}"
    return message


def read_annotation(
    row: Mapping[str, Any], *, text: str | None = None, labels: frozenset[str] | None = None
) -> Annotation | DamagedRow:
    """The annotation a row holds, checked against its document's text and the session's
    labels when given, or what is wrong with it."""
    context = {key: value for key, value in (("text", text), ("labels", labels))
               if value is not None}
    try:
        return Annotation.model_validate(dict(row), context=context or None)
    except pydantic.ValidationError as exc:
        return DamagedRow("annotation", row.get("id"), problem_of(exc))
    except (TypeError, ValueError) as exc:  # a value no validator expected
        return DamagedRow("annotation", row.get("id"), str(exc) or type(exc).__name__)


# An annotation row's columns, in the order every query reads them (the model's field names):
# the one list the store, its queries, its checks and the merge use.
ANNOTATION_FIELDS = (
    "id", "document_id", "start", "end", "quote", "label", "confidence", "note", "verdict",
    "evidence", "reviewer", "created_at", "updated_at", "origin", "claim_reviewed",
    "fact_check_url",
)


def annotation_columns(alias: str = "", fields: tuple[str, ...] = ANNOTATION_FIELDS) -> str:
    """``fields`` as a SQL column list (``end`` quoted), each after ``alias`` (``"a."``)."""
    return ", ".join(alias + (f'"{name}"' if name == "end" else name) for name in fields)


ANNOTATION_COLUMNS = annotation_columns()


def looks_sound(row: tuple, text: str, labels: frozenset[str]) -> bool:
    """A quick test of a row (in :data:`ANNOTATION_FIELDS` order) that passes only rows the
    model accepts: the scan of a large session validates with the model only the rows this
    does not pass (and a link list, which this leaves to the model)."""
    (_, _, start, end, quote, label, confidence, note, verdict, evidence, reviewer, created,
     updated, origin, claim_reviewed, fact_check_url) = row
    return (
        type(start) is int and type(end) is int and 0 <= start < end <= len(text)
        and type(quote) is str and text[start:end] == quote and not quote.isspace()
        and label in labels and type(confidence) is int and 1 <= confidence <= 5
        and type(note) is str and len(note) <= MAX_NOTE_CHARS
        and (verdict is None or (type(verdict) is str and VERDICT_KEY.match(verdict) is not None))
        and evidence == "[]" and origin in ORIGINS
        and claim_reviewed is None and fact_check_url is None  # else the model reads them
        and type(reviewer) is str and 0 < len(reviewer) <= MAX_REVIEWER_CHARS
        and not reviewer.isspace() and aware_stamp(created) and aware_stamp(updated)
    )


def aware_stamp(value: Any) -> bool:
    if type(value) is not str:
        return False
    try:
        return datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False


def text_changed(document_id: int, recorded: Any, length: int) -> DamagedRow:
    """A document whose text is no longer as long as recorded: changed outside the program."""
    shown = f"{recorded:,}" if type(recorded) is int else _shown(recorded)
    return DamagedRow(
        "document", document_id,
        f"its text was changed outside the program ({shown} characters recorded, {length:,} "
        "now); its annotations are checked against the text as it is now", repaired=True)


def read_label(row: Mapping[str, Any]) -> tuple[Label | None, DamagedRow | None]:
    """A label row as a label (a bad title, colour, key, position or description replaced by
    a default), with what was repaired; ``None`` for a row without a usable name."""
    data = dict(row)
    quick = quick_label(data)
    if quick is not None:
        return quick, None
    try:
        return Label.model_validate(data), None
    except pydantic.ValidationError as exc:
        first = problem_of(exc)
        bad = {str(error["loc"][0]) for error in exc.errors() if error.get("loc")}
    name = data.get("name")
    if "name" in bad or not isinstance(name, str):
        return None, DamagedRow("label", name, first)
    defaults = {"title": name, "color": REPAIRED_COLOR, "shortcut": None, "position": 0,
                "description": ""}
    repaired = data | {key: defaults[key] for key in bad if key in defaults}
    try:
        label = Label.model_validate(repaired)
    except pydantic.ValidationError as exc:
        return None, DamagedRow("label", name, problem_of(exc))
    return label, DamagedRow("label", name, first, repaired=True)


def read_document_summary(
    row: Mapping[str, Any],
) -> tuple[DocumentSummary | None, DamagedRow | None]:
    """A document row (without its text) as a summary, a bad status, position, time or
    source detail replaced by a default, with what was repaired; ``None`` when it cannot be
    shown at all."""
    data = dict(row)
    quick = quick_document_summary(data)
    if quick is not None:
        return quick, None
    key = data.get("id")
    try:
        return DocumentSummary.model_validate(data), None
    except pydantic.ValidationError as exc:
        first = problem_of(exc)
        bad = {str(error["loc"][0]) for error in exc.errors() if error.get("loc")}
    if "title" in bad and isinstance(key, int):
        data["title"] = f"document {key}"
        bad.discard("title")
    if not bad <= set(_DOCUMENT_DEFAULTS):
        return None, DamagedRow("document", key, first)
    data |= {name: _DOCUMENT_DEFAULTS[name] for name in bad}
    try:
        summary = DocumentSummary.model_validate(data)
    except pydantic.ValidationError as exc:
        return None, DamagedRow("document", key, problem_of(exc))
    return summary, DamagedRow("document", key, first, repaired=True)


# ------------------------------------------------------------------ rows read without the model
# Opening a session reads its labels and documents. Rows as the program writes them are read
# here in plain Python, the model's classes made with ``model_construct``: the models' validators
# are then built only when something is validated (after the window has been painted), not at
# each start. A row these do not pass, or whose values they cannot vouch for, goes to the model,
# which repairs it or names what is wrong. ``tests/unit/test_quick_rows.py`` checks that whatever
# they pass, the model reads the same.

_LABEL_NAME = re.compile(r"[a-z][a-z0-9_-]{0,39}")
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
_KEY = re.compile(r"[A-Z]")
_SHA256 = re.compile(r"[0-9a-f]{64}")
# a timestamp as :func:`annotator.core.session.database.stamp` writes it (UTC or an offset)
_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3}(?:\d{3})?)?[+-]\d{2}:\d{2}")
_PROVENANCE = ("url", "outlet", "authors", "published", "retrieved")
_SUMMARY_TEXTS = ("source_path", "source_encoding", "source_sha256")


def quick_label(data: Mapping[str, Any]) -> Label | None:
    """The label a row holds when every value is already as the model keeps it, else ``None``."""
    name, title, color = data.get("name"), data.get("title"), data.get("color")
    shortcut = data.get("shortcut")
    position, description = data.get("position", 0), data.get("description", "")
    if not (type(name) is str and _LABEL_NAME.fullmatch(name)
            and type(title) is str and 1 <= len(title) <= 80
            and type(color) is str and _COLOUR.fullmatch(color)
            and (shortcut is None or (type(shortcut) is str and _KEY.fullmatch(shortcut)))
            and type(position) is int and type(description) is str):
        return None
    return Label.model_construct(name=name, title=title, color=color, shortcut=shortcut,
                                 position=position, description=description)


def quick_document_summary(data: Mapping[str, Any]) -> DocumentSummary | None:
    """The summary a document row holds (without its text) when every value is already as the
    model keeps it and it records no provenance (which the model cleans), else ``None``."""
    values = {name: data.get(name, default) for name, default in (
        ("id", None), ("title", None), ("sha256", None), ("char_count", None),
        ("source_path", None), ("source_format", None), ("source_encoding", None),
        ("source_sha256", None), ("position", 0), ("last_offset", 0),
        ("status", "not_started"), ("annotation_count", 0))}
    imported_at = data.get("imported_at")
    if not (type(values["id"]) is int and type(values["title"]) is str
            and type(values["sha256"]) is str and _SHA256.fullmatch(values["sha256"])
            and type(values["char_count"]) is int and values["char_count"] >= 0
            and type(values["source_format"]) is str
            and all(values[name] is None or type(values[name]) is str
                    for name in _SUMMARY_TEXTS)
            and type(values["position"]) is int
            and type(values["last_offset"]) is int and values["last_offset"] >= 0
            and values["status"] in STATUSES and type(values["annotation_count"]) is int
            and type(imported_at) is str and _STAMP.fullmatch(imported_at)
            and all(data.get(name) in (None, "[]") if name == "authors"
                    else data.get(name) is None for name in _PROVENANCE)
            and data.get("label_counts") is None):
        return None
    try:
        imported = datetime.fromisoformat(imported_at)
    except ValueError:  # a month 13, a 25th hour: the model names it
        return None
    return DocumentSummary.model_construct(**values, imported_at=imported)
