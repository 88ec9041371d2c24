"""Who has a session open for writing: an advisory lock file beside the session.

The session is named by its real path (see :mod:`annotator.core.session.names`), so a symbolic
link to it finds the same lock. ``review.sqlite.lock`` is locked with ``flock`` for as long as
a program writes the session, and says who that is (user, host, process, since when). The
operating system releases the lock when the process ends, however it ends, so a crash or a kill
never leaves a stale lock behind. Where ``flock`` does not exist (Windows) the lock is a no-op
and SQLite's own locking still applies.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import platform
from datetime import datetime, timezone
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX
    fcntl = None  # type: ignore[assignment]


def _host() -> str:
    """This computer's name, as the lock records it (``platform.node()``: the host name, without
    loading the socket module at each start)."""
    return platform.node()


def lock_path(session: Path) -> Path:
    return session.with_name(session.name + ".lock")


class SessionInUse(Exception):
    """Another program holds the session's write lock; ``holder`` says who."""

    def __init__(self, holder: str) -> None:
        super().__init__(holder)
        self.holder = holder


class SessionLock:
    """The write lock of one session file."""

    def __init__(self, session: Path) -> None:
        self.session = session
        self.path = lock_path(session)
        self._fd: int | None = None
        self._file_fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, reviewer: str = "") -> None:
        """Take the lock, or raise :class:`SessionInUse` naming who has it."""
        if fcntl is None or self._fd is not None:
            return
        for _ in range(20):
            # never through a symbolic link planted at the lock's name
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _describe(_read(fd))
                os.close(fd)
                raise SessionInUse(holder) from None
            except OSError:
                os.close(fd)
                raise
            if _same_file(fd, self.path):
                break
            # The holder released (and removed) the file between our open and our lock: the
            # lock we got is on a file nobody else will look at. Try again on the new one.
            os.close(fd)
        else:  # pragma: no cover - twenty lost races in a row
            raise SessionInUse("another program (the lock keeps changing hands)")
        info = {
            "user": _user(),
            "reviewer": reviewer,
            "host": _host(),
            "pid": os.getpid(),
            "since": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
        try:
            os.ftruncate(fd, 0)
            os.write(fd, json.dumps(info).encode("utf-8"))
        except OSError:  # a full disk: let go at once rather than hold a lock that says nothing
            with contextlib.suppress(OSError):
                os.unlink(self.path)
            os.close(fd)
            raise
        self._fd = fd
        if self.session.exists():
            try:
                self.hold_file()
            except BaseException:
                self.release()
                raise

    def hold_file(self) -> None:
        """Lock the session file itself too (``flock`` follows the file, not its name), so that
        a program that reaches it by another name (it was renamed, or linked, while open) is
        refused as well; SQLite's own locks are of another kind and are not disturbed."""
        if fcntl is None or self._file_fd is not None:
            return
        fd = os.open(self.session, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise SessionInUse("another program, which opened it under another name") from None
        except OSError:
            os.close(fd)
            raise
        self._file_fd = fd

    def release(self) -> None:
        if self._file_fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._file_fd)
            self._file_fd = None
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            os.unlink(self.path)
        with contextlib.suppress(OSError):
            os.close(self._fd)
        self._fd = None


def _same_file(fd: int, path: Path) -> bool:
    try:
        on_disk = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (held.st_dev, held.st_ino) == (on_disk.st_dev, on_disk.st_ino)


def _read(fd: int) -> dict:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        return json.loads(os.read(fd, 4096).decode("utf-8") or "{}")
    except (OSError, ValueError):
        return {}


def _describe(info: dict) -> str:
    who = info.get("reviewer") or info.get("user") or "another program"
    where = info.get("host")
    pid = info.get("pid")
    since = str(info.get("since", ""))[:16].replace("T", " ")
    details = ", ".join(
        part for part in (
            f"on {where}" if where and where != _host() else "",
            f"process {pid}" if pid else "",
            f"since {since} UTC" if since else "",
        ) if part
    )
    return f"{who} ({details})" if details else who


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001
        return ""
