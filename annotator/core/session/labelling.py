"""A session's labels and metadata.

Plain functions over a store: each is a method of
:class:`~annotator.core.session.store.SessionStore` (assigned in its class), so the store's API
stays one object while its code lives in modules of one concern each.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from annotator.core.errors import (
    ValidationFailed,
)
from annotator.core.labels import DEFAULT_LABELS, RESERVED_KEYS
from annotator.core.models import (
    Label,
)
from annotator.core.wording import counted

if TYPE_CHECKING:
    from annotator.core.session.store import SessionStore


def metadata(store: SessionStore) -> dict[str, str]:
    return {row["key"]: row["value"] for row in store._db["metadata"].rows}


def get_meta(store: SessionStore, key: str, default: str | None = None) -> str | None:
    row = store._db.execute("SELECT value FROM metadata WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def set_meta(store: SessionStore, key: str, value: str) -> None:
    store._transact(
        lambda: store._db["metadata"].upsert({"key": key, "value": value}, pk="key")
    )


def labels(store: SessionStore) -> list[Label]:
    """The session's labels in order (one changed outside the program so that it breaks a
    rule is shown with a default colour, key or title: see :meth:`damage`)."""
    return store._read_labels()[0]


def replace_labels(store: SessionStore, labels: Iterable[Label]) -> list[Label]:
    """Set the session's labels: their titles, colours, keys and order, new labels, and
    labels removed. The three default labels always stay; a label still in use cannot be
    removed. Returns the labels as they were (to undo)."""
    labels = [label.model_copy(update={"position": n}) for n, label in enumerate(labels)]
    names = [label.name for label in labels]
    if len(set(names)) != len(names):
        raise ValidationFailed("two labels have the same name")
    missing = [label.name for label in DEFAULT_LABELS if label.name not in names]
    if missing:
        raise ValidationFailed(f"the label {missing[0]!r} is one of the defaults and stays")
    keys = [label.shortcut for label in labels if label.shortcut]
    if len(set(keys)) != len(keys):
        raise ValidationFailed("two labels have the same key")
    reserved = sorted(set(keys) & RESERVED_KEYS)
    if reserved:
        raise ValidationFailed(
            f"the key {reserved[0]} is taken by navigation (J, K, N and L are reserved)"
        )
    before = store.labels()
    for gone in {label.name for label in before} - set(names):
        used = store._db.execute(
            "SELECT COUNT(*) FROM annotations WHERE label = ?", [gone]
        ).fetchone()[0]
        if used:
            raise ValidationFailed(
                f"the label {gone!r} is used by {counted(used, 'annotation')} and cannot be "
                "removed"
            )

    def work() -> None:
        store._db.execute(
            f"DELETE FROM labels WHERE name NOT IN ({', '.join('?' * len(names))})", names
        )
        for label in labels:
            store._db["labels"].upsert(label.model_dump(), pk="name")

    store._transact(work)
    store._label_names = None
    # an annotation's label may be one of the session's now
    store._damage = store._early_damage = None
    return before


def add_labels(store: SessionStore, labels: Iterable[Label]) -> list[Label]:
    """Add the labels the session lacks (by name), after its own, in one transaction. A
    label keeps its key only where no label has it already and it is not reserved for
    navigation (:data:`~annotator.core.labels.RESERVED_KEYS`). Returns the labels added."""
    current = store.labels()
    known = {label.name for label in current}
    taken = {label.shortcut for label in current if label.shortcut} | RESERVED_KEYS
    new: list[Label] = []
    for label in labels:
        if label.name in known:
            continue
        shortcut = label.shortcut if label.shortcut not in taken else None
        if shortcut:
            taken.add(shortcut)
        new.append(label.model_copy(update={"shortcut": shortcut}))
        known.add(label.name)
    if new:
        store.replace_labels([*current, *new])
    return new


def label_names(store: SessionStore) -> frozenset[str]:
    if store._label_names is None:
        store._label_names = frozenset(label.name for label in store.labels())
    return store._label_names


# ------------------------------------------------------------------ the desk's verdict scale
VERDICT_SCALE_KEY = "verdict_scale"


def verdict_scale(store: SessionStore):
    """The session's verdict scale (a
    :class:`~annotator.core.factcheck.verdict_scales.VerdictScale`): the one the desk set, else
    the standard seven verdicts (also when the stored one cannot be read)."""
    from annotator.core.errors import AnnotatorError
    from annotator.core.factcheck.verdict_scales import STANDARD, VerdictScale

    stored = store.get_meta(VERDICT_SCALE_KEY)
    if stored is None:
        return STANDARD
    try:
        return VerdictScale.from_json(stored)
    except (AnnotatorError, ValueError):
        return STANDARD


def verdict_keys(store: SessionStore) -> frozenset[str]:
    """The keys of the session's verdicts (what a claim's verdict may be)."""
    return frozenset(store.verdict_scale().keys)


def verdicts_in_use(store: SessionStore) -> dict[str, int]:
    """How many claims have each verdict."""
    return {key: count for key, count in store._db.execute(
        "SELECT verdict, count(*) FROM annotations WHERE verdict IS NOT NULL GROUP BY verdict")}


def set_verdict_scale(store: SessionStore, scale):
    """Make ``scale`` the session's verdict scale; returns the one it replaces. A verdict that
    claims still have cannot be left out (rename it instead: its key stays, and so do the
    claims' verdicts)."""
    from annotator.core.errors import ValidationFailed

    before = store.verdict_scale()
    used = store.verdicts_in_use()
    for key in used:
        if key not in scale.keys:
            reason = before.removable(key, used) if key in before else None
            raise ValidationFailed(reason or f"{used[key]:,} claims have the verdict {key!r}, "
                                   "which the new scale leaves out")
    store.set_meta(VERDICT_SCALE_KEY, scale.to_json())
    return before
