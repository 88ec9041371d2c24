"""Writing a file the user named: checked first, then written whole.

:func:`check_target` refuses, in one sentence, what no command may write over: a session (by any
of its names), the files SQLite and the program keep beside a session (``-wal``, ``-shm``,
``-journal``, ``.lock``, the ``.backups`` folder), and a read-only file (its mode has no write
permission, which also holds for root). :func:`whole_file` writes under a temporary name, then
moves the file into place, so a failed or cancelled export never leaves half a file. A device or
a pipe (``/dev/null``, a FIFO) is written straight to (it cannot be replaced); a symbolic link is
followed, so the file it points to is replaced and the link stays. Line ends are written as given
(no translation).
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO, TypeVar

from annotator.core.errors import AnnotatorError
from annotator.core.session.names import session_of

T = TypeVar("T")
_WRITE_BITS = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH


def check_target(path: Path, *, what: str = "an export", database_ok: bool = False) -> None:
    """Refuse ``path`` as a place to write ``what`` when it belongs to a session or is
    read-only. ``database_ok`` lets an SQLite file other than a session's own files be
    replaced (a copy of a session over an older copy)."""
    owner = session_of(path, itself=not database_ok)
    if owner is not None:
        session, role = owner
        if role == "the session":
            raise AnnotatorError(
                f"{path}: is an SQLite database (a session?), which {what} must not replace; "
                "choose another file name"
            )
        raise AnnotatorError(
            f"{path}: is {role} of the session {session}, which {what} must not replace; "
            "choose another file name"
        )
    try:
        info = path.stat()
    except OSError:
        return  # missing (or unreachable): the write itself will tell
    if stat.S_ISREG(info.st_mode) and (
        not info.st_mode & _WRITE_BITS or not os.access(path, os.W_OK)
    ):
        raise AnnotatorError(
            f"{path}: the file is read-only, so {what} does not replace it; choose another "
            "file name or make it writable"
        )


@contextlib.contextmanager
def whole_file(path: Path, *, encoding: str = "utf-8") -> Iterator[TextIO]:
    """A text stream whose content replaces ``path`` once the block ends without an error.

    ``path`` is checked first (see :func:`check_target`).
    """
    check_target(path)
    if path.exists() and not path.is_file():
        try:
            with path.open("w", encoding=encoding, newline="") as out:
                yield out
        except OSError as exc:
            raise _failed(path, exc) from None
        return
    path = Path(os.path.realpath(path)) if path.is_symlink() else path.absolute()
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


def write_stdout(write: Callable[[TextIO], T], *, encoding: str = "utf-8") -> T:
    """Run ``write(stream)`` on standard output, in ``encoding`` (``utf-8-sig`` begins with a
    byte-order mark), line ends as given; returns what ``write`` returns. Standard output stays
    open. When it takes no more (the reader went away, the disk is full), what is still
    buffered for it goes to the null device and the error is raised."""
    stream = io.TextIOWrapper(sys.stdout.buffer, encoding=encoding, newline="",
                              write_through=False)
    try:
        result = write(stream)
        stream.flush()
    except OSError:
        discard_stdout()  # so that letting go of the stream below does not fail again
        raise
    finally:
        stream.detach()
    return result


def discard_stdout() -> None:
    """Send whatever is still to be written to standard output to the null device."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def write_bytes_whole(path: Path, data: bytes, *, what: str = "the file") -> None:
    """Write ``data`` to ``path`` checked and whole, as :func:`whole_file` does for text."""
    check_target(path, what=what)
    path = Path(os.path.realpath(path)) if path.is_symlink() else path.absolute()
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_bytes(data)
        partial.replace(path)
    except OSError as exc:
        raise AnnotatorError(f"{path}: cannot be written ({exc.strerror or exc})") from None
    finally:
        partial.unlink(missing_ok=True)


def _failed(path: Path, exc: OSError) -> AnnotatorError:
    return AnnotatorError(f"{path}: cannot write the export ({exc.strerror or exc})")
