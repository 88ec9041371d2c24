"""Reading a file the user named, safely: only a regular file, and never more than a cap.

Every path that reads a file a reviewer (or a script) points the program at goes through
:func:`read_regular_file`, so that a device (``/dev/zero``), a FIFO or a folder gets one clear
sentence at once instead of reading without end, blocking forever or tracing back. The file is
opened with ``O_NONBLOCK`` so that opening a FIFO cannot block, then checked with ``fstat`` on
the open descriptor (no window between the check and the read), and read to at most
``limit + 1`` bytes, so a file that grows while it is read is caught too.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from annotator.core.errors import AnnotatorError

#: What a file of each kind is called in a message.
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def file_kind(mode: int) -> str:
    """What a file of ``mode`` (``st_mode``) is, in words: "a folder", "a device", ..."""
    for test, words in _KINDS:
        if test(mode):
            return words
    return "not a regular file"


def megabytes(size: int) -> str:
    """``size`` bytes in whole megabytes for a message ("200 MB")."""
    return f"{size / 1e6:,.0f} MB"


def check_regular_file(path: str | Path, error: type[AnnotatorError] = AnnotatorError) -> int:
    """The size of ``path`` if it is a regular file (following symbolic links), else ``error``.

    Does not open the file, so it never blocks; use :func:`read_regular_file` to read it.
    """
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise error(f"{path}: no such file") from None
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if not stat.S_ISREG(info.st_mode):
        raise error(f"{path}: is {file_kind(info.st_mode)}, not a regular file")
    return info.st_size


def read_regular_file(
    path: str | Path,
    limit: int,
    error: type[AnnotatorError] = AnnotatorError,
    what: str = "a file",
) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Raises ``error`` with one sentence naming the path when it does not exist, cannot be read,
    is not a regular file (a folder, device, FIFO or socket) or holds more than ``limit`` bytes
    ("... is larger than the 200 MB a document may have", with ``what`` = "a document").
    """
    path = Path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise error(f"{path}: no such file") from None
    except PermissionError:
        raise error(f"{path}: permission denied") from None
    except IsADirectoryError:
        raise error(f"{path}: is a folder, not a regular file") from None
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise error(f"{path}: is {file_kind(info.st_mode)}, not a regular file")
        if info.st_size > limit:
            raise error(_too_large(path, info.st_size, limit, what))
        chunks = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 24))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise error(_too_large(path, len(data), limit, what, grew=True))
    return data


def _too_large(path: Path, size: int, limit: int, what: str, grew: bool = False) -> str:
    size_words = f"more than {megabytes(limit)}" if grew else megabytes(size)
    return f"{path}: {size_words} is larger than the {megabytes(limit)} {what} may have"
