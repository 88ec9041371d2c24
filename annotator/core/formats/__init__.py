"""Annotation formats: each module writes :class:`~annotator.core.formats.records.DocumentRecord`
objects to its format and reads them back.

Every format module has the same small interface::

    NAME: str                 # as on the command line: --format NAME
    DESCRIPTION: str          # one line for menus and --help
    SUFFIX: str               # the file name ending it is saved with ("" for a folder)
    def write(records, target, *, labels) -> int    # returns the number of spans written
    def read(path) -> list[DocumentRecord]          # raises FormatError with one clear sentence

``target`` is a path (a folder for brat) or, for single-file formats, an open text stream.
``labels`` is the session's label set (``list[Label]``), for formats that declare them.
"""

from __future__ import annotations

import importlib
from types import ModuleType

# format name -> module under annotator.core.formats
FORMAT_MODULES: dict[str, str] = {
    "csv": "csv_format",
    "excel-csv": "csv_format",
    "jsonl": "jsonl",
    "w3c": "w3c",
    "brat": "brat",
    "labelstudio": "labelstudio",
}

# the format names, as the command line takes them (--format NAME) and menus list them
ANNOTATION_FORMATS: tuple[str, ...] = tuple(FORMAT_MODULES)


def format_module(name: str) -> ModuleType:
    """The module that writes and reads format ``name``."""
    return importlib.import_module(f"annotator.core.formats.{FORMAT_MODULES[name]}")
