"""The one name a session file goes by, and the files that belong to it.

SQLite keeps a session's write-ahead log (``NAME-wal``), its index (``NAME-shm``) and its rollback
journal (``NAME-journal``) *per name*, and the program keeps its write lock (``NAME.lock``) and
its backups (``NAME.backups/``) beside the file the same way. So that one session always has one
set of these, whatever name it is reached by:

- a symbolic link is followed to the real file (the lock and SQLite's files are those of the
  real file; a dangling link makes the new session at the link's target);
- a session file with more than one hard link is refused: the names would each get their own
  lock and log, and SQLite documents that two names for one database corrupt it;
- only a regular file can be a session: a folder, a device (``/dev/null``) or a named pipe is
  refused at once, before anything is opened or written beside it.

:func:`session_of` tells whether a path is a session or one of its files, so that no command
ever writes over them (an export, a copy, a report).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from annotator.core.errors import SessionError
from annotator.core.regular_file import check_regular_file

SQLITE_HEADER = b"SQLite format 3\x00"

#: What SQLite and the program keep beside a session, and what each is called in a message.
COMPANIONS = {
    "-wal": "write-ahead log",
    "-shm": "shared-memory index",
    "-journal": "rollback journal",
    ".lock": "lock file",
    ".backups": "backups folder",
}


def session_path(path: str | os.PathLike[str]) -> Path:
    """The absolute real path of the session named ``path`` (``~`` expanded, symbolic links
    followed, also a dangling one, to the file it names)."""
    given = Path(path).expanduser().absolute()
    try:
        return Path(os.path.realpath(given))
    except (OSError, ValueError) as exc:
        raise SessionError(f"{given} cannot be used as a session ({_why(exc)})") from None


def existing_session_file(path: Path) -> bool:
    """Whether the session file ``path`` (a real path) exists; raises :class:`SessionError`
    when it is not a regular file or has more than one name (hard links)."""
    try:
        os.stat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise SessionError(f"{path} cannot be used as a session ({_why(exc)})") from None
    check_regular_file(path, SessionError)
    links = os.stat(path).st_nlink
    if links > 1:
        raise SessionError(
            f"{path} has {links} names (hard links), and a session must have only one: each name "
            "would get its own lock and journal, which damages the file; open a copy instead "
            f"(cp {path.name} NEW.sqlite)"
        )
    return True


def is_database(path: Path) -> bool:
    """Whether ``path`` is a regular file that starts as an SQLite database does (read without
    blocking, so a named pipe or a device is simply not one)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        return os.read(fd, len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False
    finally:
        os.close(fd)


def session_of(
    path: str | os.PathLike[str], *, itself: bool = True, in_backups: bool = True
) -> tuple[Path, str] | None:
    """The session that ``path`` is (when ``itself``), or one of the files of, with what it is
    ("the session", "the write-ahead log", ...); None when it belongs to no session. With
    ``in_backups`` a file inside a session's backups folder counts as one of its files.

    Symbolic links are followed; a hard link to a session is recognised by its content.
    """
    try:
        real = Path(os.path.realpath(Path(path).expanduser().absolute()))
    except (OSError, ValueError):
        return None
    if itself and is_database(real):
        return real, "the session"
    for suffix, what in COMPANIONS.items():
        base = _strip(real.name, suffix)
        if base and is_database(real.with_name(base)):
            return real.with_name(base), f"the {what}"
    for folder in real.parents if in_backups else ():  # inside a session's backups folder
        base = _strip(folder.name, ".backups")
        if base and is_database(folder.with_name(base)):
            return folder.with_name(base), f"the {COMPANIONS['.backups']}"
    return None


def _strip(name: str, suffix: str) -> str:
    return name[: -len(suffix)] if name.endswith(suffix) and len(name) > len(suffix) else ""


def _why(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc)
