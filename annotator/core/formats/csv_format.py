"""Reading the annotator's own CSV export back (``csv`` and ``excel-csv``).

The CSV is written by :mod:`annotator.core.export_csv` straight from SQL (that is what makes a
large export fast); this module reads it. A CSV holds no document text, so its documents are
found in the session by the ``document_sha256`` column (then by title), and a span whose offsets
no longer hold its text is placed again by its quote.

A cell that the export protected against spreadsheet formulas (a leading ``'`` before ``=``,
``+``, ``-``, ``@``, tab or carriage return) is read back without that apostrophe, so a CSV
exported either way comes back as it was.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

from annotator.core.errors import FormatError
from annotator.core.export_csv import CSV_COLUMNS, restore_cell
from annotator.core.formats._shared import read_bytes, whole_number
from annotator.core.interchange import DocumentRecord, SpanRecord

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
    )
