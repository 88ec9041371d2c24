"""Writing an export file whole: under a temporary name, then moved into place.

A failed or cancelled export never leaves half a file. A device or a pipe (``/dev/null``, a
FIFO) is written straight to (it cannot be replaced); a symbolic link is followed, so the file
it points to is replaced and the link stays. Line ends are written as given (no translation).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO, TypeVar

from annotator.core.errors import AnnotatorError

T = TypeVar("T")
SQLITE_HEADER = b"SQLite format 3\x00"


@contextlib.contextmanager
def whole_file(path: Path, *, encoding: str = "utf-8") -> Iterator[TextIO]:
    """A text stream whose content replaces ``path`` once the block ends without an error.

    An existing SQLite database (a session, most likely) is never replaced by an export.
    """
    if _is_database(path):
        raise AnnotatorError(
            f"{path}: is an SQLite database (a session?), which an export must not replace; "
            "choose another file name"
        )
    if path.exists() and not path.is_file():
        try:
            with path.open("w", encoding=encoding, newline="") as out:
                yield out
        except OSError as exc:
            raise _failed(path, exc) from None
        return
    path = path.resolve() if path.is_symlink() else path
    partial = path.with_name(f".{path.name}.partial")
    try:
        with partial.open("w", encoding=encoding, newline="") as out:
            yield out
        partial.replace(path)
    except OSError as exc:
        raise _failed(path, exc) from None
    finally:
        partial.unlink(missing_ok=True)


def write_whole(path: Path, write: Callable[[TextIO], T], *, encoding: str = "utf-8") -> T:
    """Run ``write(stream)`` into ``path`` as described above; returns what ``write`` returns."""
    with whole_file(path, encoding=encoding) as out:
        return write(out)


def _is_database(path: Path) -> bool:
    try:
        with path.open("rb") as existing:
            return existing.read(16) == SQLITE_HEADER
    except OSError:
        return False  # missing, a folder, unreadable: the write itself will tell


def _failed(path: Path, exc: OSError) -> AnnotatorError:
    return AnnotatorError(f"{path}: cannot write the export ({exc.strerror or exc})")
