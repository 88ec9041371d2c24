"""Rotating backups of a session: compact copies in a folder beside it, and restoring one.

``review.sqlite`` keeps its backups in ``review.sqlite.backups/``, named
``review-20261125T130812Z-auto.sqlite``; the newest :data:`KEEP` are kept. A backup is made when
a session is opened for writing (at most one an hour), before an upgrade of its format, and before
a backup is restored over it.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

KEEP = 5
AUTO_INTERVAL = timedelta(hours=1)
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}T\d{9})Z-(?P<reason>[a-z0-9-]+)\.sqlite$")


@dataclass(frozen=True)
class Backup:
    path: Path
    created_at: datetime
    reason: str
    size: int

    def describe(self) -> str:
        local = self.created_at.astimezone().strftime("%d %b %Y %H:%M:%S")
        return f"{local} · {self.reason} · {self.size / 1024:,.0f} KB"


def backup_folder(session: Path) -> Path:
    return session.with_name(session.name + ".backups")


def list_backups(session: Path) -> list[Backup]:
    """The session's backups, newest first."""
    folder = backup_folder(session)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob("*.sqlite"):
        match = _NAME.match(path.name)
        if not match:
            continue
        stamp = match["stamp"]  # 20261125T130812512: seconds, then milliseconds
        try:  # read by hand: datetime.strptime loads its module and a locale at each start
            created = datetime(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:8]),
                               int(stamp[9:11]), int(stamp[11:13]), int(stamp[13:15]),
                               int(stamp[15:]) * 1000, tzinfo=timezone.utc)
        except ValueError:  # a name that only looks like a backup's (a month 13)
            continue
        found.append(Backup(path, created, match["reason"], path.stat().st_size))
    return sorted(found, key=lambda b: b.created_at, reverse=True)


_WRITING = threading.Lock()  # one backup at a time in this process (the hourly one runs in a
# thread of its own, and its leftovers must not be swept away while it writes)


def write_backup(conn: sqlite3.Connection, session: Path, reason: str) -> Path:
    """Write a compact copy of the open session (``VACUUM INTO``) and prune old ones."""
    with _WRITING:
        return _write_backup(conn, session, reason)


def _write_backup(conn: sqlite3.Connection, session: Path, reason: str) -> Path:
    folder = backup_folder(session)
    folder.mkdir(exist_ok=True)
    now = datetime.now(timezone.utc)
    stamp = now.strftime("%Y%m%dT%H%M%S") + f"{now.microsecond // 1000:03d}Z"
    target = folder / f"{session.stem}-{stamp}-{reason}.sqlite"
    # Written under a name list_backups ignores, then renamed: a backup cut short (a crash, a
    # kill) never passes for the newest good one.
    partial = folder / f".{target.name}.partial"
    try:
        conn.execute("VACUUM INTO ?", [str(partial)])
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
        for leftover in folder.glob(f".{session.stem}-*.partial*"):
            leftover.unlink(missing_ok=True)
    prune(session, keep=KEEP, spare=target)
    return target


def needs_auto_backup(session: Path, now: datetime | None = None) -> bool:
    backups = list_backups(session)
    now = now or datetime.now(timezone.utc)
    return not backups or now - backups[0].created_at >= AUTO_INTERVAL


def prune(session: Path, *, keep: int = KEEP, spare: Path | None = None) -> None:
    for backup in list_backups(session)[keep:]:
        if backup.path != spare:
            backup.path.unlink(missing_ok=True)
