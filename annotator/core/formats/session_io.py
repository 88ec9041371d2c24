"""Export a session's annotations in any format, and bring an annotation file back in.

This is the one entry point the command line and the window use::

    export_annotations(store, "w3c", Path("out.jsonld"))
    report = import_annotations(store, Path("out.jsonld"), "w3c", reviewer="amira")

A file is written whole under a temporary name and then moved into place (a failed or
cancelled export never leaves half a file); ``brat`` writes a folder, whose files are each
replaced the same way.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.errors import AnnotatorError, FormatError
from annotator.core.formats import ANNOTATION_FORMATS, format_module
from annotator.core.formats.csv_format import ExportCancelled, export_csv
from annotator.core.formats.records import DocumentRecord, session_records
from annotator.core.output_file import check_target, write_stdout, write_whole
from annotator.core.regular_file import check_regular_file
from annotator.core.session.store import SessionStore

if TYPE_CHECKING:
    from annotator.core.formats.import_records import ImportReport

FOLDER_FORMATS = frozenset({"brat"})
# what a file's name says about its format, for import without --format (a .json file is told
# by its first bytes: Label Studio's tasks or W3C annotations)
_FORMAT_OF_SUFFIX: dict[str, str | None] = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".jsonld": "w3c",
    ".json": None,
    ".ann": "brat",
}
# the file name endings of the annotation files the program reads
ANNOTATION_FILE_SUFFIXES: tuple[str, ...] = tuple(_FORMAT_OF_SUFFIX)


def suffix_of(fmt: str) -> str:
    """The file name ending an export in ``fmt`` gets (``""`` for a folder)."""
    return format_module(fmt).SUFFIX


def guess_format(path: str | Path) -> str | None:
    """The format a file or folder most likely holds, or ``None``."""
    path = Path(path)
    if path.is_dir():
        return "brat" if any(path.glob("*.ann")) else None
    if _FORMAT_OF_SUFFIX.get(path.suffix.lower()):
        return _FORMAT_OF_SUFFIX[path.suffix.lower()]
    if path.suffix.lower() == ".json" and path.is_file():  # never open a FIFO or a device
        try:
            with path.open("rb") as source:
                head = source.read(4096).lstrip()
        except OSError:
            return None
        if head.startswith(b"["):
            return "labelstudio"
        if b"anno.jsonld" in head or b'"Annotation' in head:
            return "w3c"
    return None


def export_annotations(
    store: SessionStore,
    fmt: str,
    target: Path | None,
    *,
    document_id: int | None = None,
    formula_safe: bool = True,
    cancel: threading.Event | None = None,
    reviewer: str | None = None,
) -> int:
    """Write the annotations (of one document, or all; of one reviewer, or everyone's) in
    ``fmt`` to ``target`` (standard output when ``None``); returns how many were written.
    An unknown document or reviewer is refused with a :class:`NotFound`."""
    if fmt not in ANNOTATION_FORMATS:
        raise FormatError(f"unknown format {fmt!r} (one of: {', '.join(ANNOTATION_FORMATS)})")
    if document_id is not None:
        store.document_summary(document_id)
    if reviewer is not None:
        store.require_reviewers([reviewer])
    if fmt in ("csv", "excel-csv"):
        return export_csv(
            store, target, document_id=document_id, formula_safe=formula_safe,
            excel=fmt == "excel-csv", cancel=cancel, reviewer=reviewer,
        )
    module = format_module(fmt)
    ids = None if document_id is None else [document_id]
    records = _cancellable(session_records(store, ids, reviewer=reviewer), cancel)
    labels = store.labels()
    if fmt in FOLDER_FORMATS:
        if target is None:
            raise FormatError(f"the {fmt} format writes a folder: give one with -o FOLDER")
        return _write_folder(module, records, Path(target), labels)
    if target is None:
        return write_stdout(lambda out: module.write(records, out, labels=labels))
    count = write_whole(Path(target), lambda out: module.write(records, out, labels=labels))
    target = Path(target)
    if fmt == "labelstudio" and target.is_file():
        # the project's labeling configuration, to paste into Label Studio before importing
        config = module.labeling_config(labels)
        write_whole(target.with_name(f"{target.stem}.config.xml"), lambda out: out.write(config))
    return count


def read_annotations(path: str | Path, fmt: str | None = None) -> tuple[str, list[DocumentRecord]]:
    """Read an annotation file (or a brat folder); returns its format and its records."""
    path = Path(path)
    if not path.exists():
        raise FormatError(f"{path}: no such file or folder")
    if not path.is_dir():
        check_regular_file(path, FormatError)  # a device, a FIFO: one sentence, never read
    fmt = fmt or guess_format(path)
    if fmt is None and path.is_dir():
        raise FormatError(f"{path.name}: a folder with no brat .ann files in it")
    if fmt is None:
        raise FormatError(
            f"{path.name}: the format cannot be told from the name; give it with --format "
            f"(one of: {', '.join(ANNOTATION_FORMATS)})"
        )
    if fmt not in ANNOTATION_FORMATS:
        raise FormatError(f"unknown format {fmt!r} (one of: {', '.join(ANNOTATION_FORMATS)})")
    if path.is_dir() and fmt not in FOLDER_FORMATS:
        raise FormatError(f"{path}: is a folder; only the brat format is read from a folder")
    records = format_module(fmt).read(path)
    if not records:
        raise FormatError(f"{path.name}: holds no documents or annotations")
    return fmt, records


def import_annotations(
    store: SessionStore, path: str | Path, fmt: str | None = None, *, reviewer: str | None = None
) -> ImportReport:
    """Read an annotation file and add what it holds to the session (see
    :func:`annotator.core.formats.import_records.import_records`)."""
    from annotator.core.formats.import_records import import_records  # only when importing

    fmt, records = read_annotations(path, fmt)
    return import_records(store, records, reviewer=reviewer, source_format=fmt)


def _cancellable(records, cancel: threading.Event | None):
    for record in records:
        if cancel is not None and cancel.is_set():
            raise ExportCancelled("the export was cancelled")
        yield record


def _write_folder(module, records, folder: Path, labels) -> int:
    """Write a folder format into a fresh folder beside ``folder``, then move each file in."""
    folder = Path(os.path.realpath(folder.expanduser()))  # "." and ".." get their real names
    if folder.exists() and not folder.is_dir():
        raise AnnotatorError(f"{folder}: is a file; the brat format writes a folder")
    if folder == folder.parent:
        raise AnnotatorError(
            f"{folder}: is the root of the file system; give the brat export a folder of its own"
        )
    check_target(folder, what="an export")
    partial = folder.with_name(f".{folder.name}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    try:
        partial.mkdir(parents=True)
        count = module.write(records, partial, labels=labels)
        for item in sorted(partial.iterdir()):
            check_target(folder / item.name, what="an export")
        folder.mkdir(parents=True, exist_ok=True)
        for item in sorted(partial.iterdir()):
            os.replace(item, folder / item.name)
    except OSError as exc:
        raise AnnotatorError(f"{folder}: cannot write the export ({exc.strerror or exc})") from None
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return count
