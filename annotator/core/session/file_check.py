"""A session file's full check, made apart from the store that has it open (in a thread or a
process of its own, see :mod:`annotator.core.background_process`): SQLite's check of every page,
then every row against the session's rules (see :meth:`SessionStore.damage`)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import NamedTuple

from annotator.core.errors import AnnotatorError
from annotator.core.session.damaged_rows import SessionDamage


class FileCheck(NamedTuple):
    """What the full check of a session file found."""

    page_problem: str | None  # what SQLite's check of every page found; None: sound
    damage: SessionDamage | None  # the rows that break the rules; None: they could not be read


def check_session_file(path: str | Path) -> FileCheck:
    """Check the session file at ``path`` through a read-only connection of its own; hand the
    damage found to the open store with :meth:`SessionStore.adopt_damage`."""
    from annotator.core.session.store import SessionStore

    try:
        reader = SessionStore.open(path, read_only=True, auto_backup=False,
                                   defer_integrity_check=True)
    except AnnotatorError as exc:
        return FileCheck(str(exc), None)
    with reader:
        page_problem = reader.check_integrity()
        try:
            damage = reader.damage()
        except (AnnotatorError, sqlite3.Error):
            damage = None
    return FileCheck(page_problem, damage)
