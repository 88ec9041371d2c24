"""CSV export: one row per annotation, RFC 4180, UTF-8, in the columns of the product contract.

A cell a spreadsheet would run as a formula (one starting with ``=``, ``+``, ``-``, ``@``, tab or
carriage return) gets a leading apostrophe, as OWASP advises; ``formula_safe=False`` writes every
cell exactly as stored, for pipelines that read the CSV with pandas rather than a spreadsheet.
"""

from __future__ import annotations

import csv
import sys
import threading
from pathlib import Path
from typing import TextIO

from annotator.core.errors import AnnotatorError
from annotator.core.output_file import write_whole
from annotator.core.store import SessionStore

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
    """Export to a file (written whole, then moved into place) or, with ``None``, to stdout.

    A device or a pipe (``/dev/null``, a FIFO) is written straight to; a symbolic link is
    followed, so the file it points to is replaced and the link stays.
    """
    if path is None:
        return write_csv(store, sys.stdout, document_id=document_id, formula_safe=formula_safe,
                         reviewer=reviewer)
    return write_whole(
        Path(path),
        lambda out: write_csv(
            store, out, document_id=document_id, formula_safe=formula_safe, cancel=cancel,
            reviewer=reviewer,
        ),
        encoding="utf-8-sig" if excel else "utf-8",
    )
