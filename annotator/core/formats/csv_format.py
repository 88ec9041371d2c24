"""The annotator's own CSV (``csv`` and ``excel-csv``): written straight from SQL, read back.

Writing: one row per annotation, RFC 4180, UTF-8, in the columns of the product contract, straight
from SQL (that is what makes a large export fast). A cell a spreadsheet would run as a formula (one
starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) gets a leading apostrophe, as
OWASP advises; ``formula_safe=False`` writes every cell exactly as stored, for pipelines that read
the CSV with pandas rather than a spreadsheet.

Reading: a CSV holds no document text, so its documents are found in the session by the
``document_sha256`` column (then by title), and a span whose offsets no longer hold its text is
placed again by its quote. A cell the export protected against formulas is read back without that
apostrophe, so a CSV exported either way comes back as it was.
"""

from __future__ import annotations

import csv
import io
import sys
import threading
from pathlib import Path
from typing import TextIO

from annotator.core.errors import AnnotatorError, FormatError
from annotator.core.formats._shared import read_bytes, whole_number
from annotator.core.formats.records import DocumentRecord, SpanRecord
from annotator.core.output_file import write_stdout, write_whole
from annotator.core.session.store import SessionStore

CSV_COLUMNS: tuple[str, ...] = (
    "annotation_id",
    "document_id",
    "document_title",
    "document_sha256",
    "start",
    "end",
    "text",
    "label",
    "confidence",
    "note",
    "reviewer",
    "created_at",
    "updated_at",
    # beyond the contract's columns
    "verdict",
    "evidence_urls",
    "linked_ids",
    "origin",
    "document_url",
    "document_outlet",
    "document_author",
    "document_published",
    "same_as",
    "claim_reviewed",
    "fact_check_url",
)
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
BATCH = 2000


class ExportCancelled(AnnotatorError):
    """The reviewer cancelled an export; nothing was written."""


def neutralise_cell(value: str) -> str:
    """Prefix ``'`` to a cell that a spreadsheet would otherwise evaluate as a formula.

    A cell whose apostrophes are followed by a formula character gets one more, so that the
    apostrophe added can always be told from the text's own: :func:`restore_cell` undoes this.
    """
    if _after_apostrophes(value) in FORMULA_TRIGGERS:
        return "'" + value
    return value


def restore_cell(value: str) -> str:
    """A cell as stored, from one that :func:`neutralise_cell` wrote."""
    if value.startswith("'") and _after_apostrophes(value) in FORMULA_TRIGGERS:
        return value[1:]
    return value


def _after_apostrophes(value: str) -> str:
    rest = value.lstrip("'")
    return rest[0] if rest else ""


def write_csv(
    store: SessionStore,
    out: TextIO,
    *,
    document_id: int | None = None,
    formula_safe: bool = True,
    cancel: threading.Event | None = None,
    reviewer: str | None = None,
) -> int:
    """Write the annotations (of one document, or all) to ``out``; returns the row count.

    Setting ``cancel`` stops the export between batches with :class:`ExportCancelled`.
    """
    store.damage()  # every row checked: a damaged one is left out (see damaged_rows)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    rows = store.export_rows(
        document_id, neutralise=FORMULA_TRIGGERS if formula_safe else (), reviewer=reviewer
    )
    count = 0
    while batch := rows.fetchmany(BATCH):
        if cancel is not None and cancel.is_set():
            raise ExportCancelled("the export was cancelled")
        writer.writerows(batch)
        count += len(batch)
    return count


def export_csv(
    store: SessionStore,
    path: str | Path | None,
    *,
    document_id: int | None = None,
    formula_safe: bool = True,
    excel: bool = False,
    cancel: threading.Event | None = None,
    reviewer: str | None = None,
) -> int:
    """Export to a file (written whole, then moved into place) or, with ``None``, to standard
    output; ``excel`` begins it with a UTF-8 byte-order mark, for spreadsheets.

    A device or a pipe (``/dev/null``, a FIFO) is written straight to; a symbolic link is
    followed, so the file it points to is replaced and the link stays.
    """
    def write(out: TextIO) -> int:
        return write_csv(store, out, document_id=document_id, formula_safe=formula_safe,
                         cancel=cancel, reviewer=reviewer)

    encoding = "utf-8-sig" if excel else "utf-8"
    if path is None:
        return write_stdout(write, encoding=encoding)
    if Path(path).is_dir():
        raise AnnotatorError(f"{path}: is a folder; give a file name for the CSV")
    return write_whole(Path(path), write, encoding=encoding)

NAME = "csv"
DESCRIPTION = "CSV, one row per annotation (the columns of the export)"
SUFFIX = ".csv"
REQUIRED = ("document_title", "document_sha256", "start", "end", "text", "label")


def read(path: str | Path) -> list[DocumentRecord]:
    """The documents and spans of an annotation CSV (UTF-8, with or without a byte-order mark)."""
    path = Path(path)
    data = read_bytes(path)
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        with io.StringIO(data.decode("utf-8-sig"), newline="") as source:
            del data
            reader = csv.DictReader(source)
            columns = reader.fieldnames or []
            missing = [c for c in REQUIRED if c not in columns]
            if missing:
                raise FormatError(
                    f"{path.name}: not an annotation CSV (no column {', '.join(missing)}; "
                    f"expected the columns {', '.join(CSV_COLUMNS[:13])})"
                )
            documents: dict[tuple[str, str], list[SpanRecord]] = {}
            for row in reader:
                line = reader.line_num
                key = (row["document_sha256"] or "", restore_cell(row["document_title"]))
                documents.setdefault(key, []).append(_span(row, path.name, line))
    except FormatError:
        raise
    except UnicodeDecodeError:
        raise FormatError(f"{path.name}: not UTF-8 text (is it an annotation CSV?)") from None
    except csv.Error as exc:
        raise FormatError(f"{path.name}: not a readable CSV ({exc})") from None
    return [
        DocumentRecord(title=title, text=None, spans=tuple(spans), sha256=sha or None)
        for (sha, title), spans in documents.items()
    ]


def _span(row: dict, name: str, line: int) -> SpanRecord:
    start, end = whole_number(row["start"] or ""), whole_number(row["end"] or "")
    confidence = whole_number(row.get("confidence") or "3")
    if start is None or end is None or confidence is None:
        raise FormatError(
            f"{name}, line {line}: start, end and confidence must be whole numbers (digits "
            "alone)"
        )
    return SpanRecord(
        start=start,
        end=end,
        label=restore_cell(row["label"] or ""),
        quote=restore_cell(row["text"] or ""),
        confidence=confidence,
        note=restore_cell(row.get("note") or ""),
        reviewer=restore_cell(row.get("reviewer") or "") or None,
        verdict=row.get("verdict") or None,
        evidence=tuple((row.get("evidence_urls") or "").split()),
        created_at=row.get("created_at") or None,
        updated_at=row.get("updated_at") or None,
        key=row.get("annotation_id") or None,
        links=tuple((row.get("linked_ids") or "").split()),
        claim_reviewed=restore_cell(row.get("claim_reviewed") or "") or None,
        fact_check_url=restore_cell(row.get("fact_check_url") or "") or None,
    )
