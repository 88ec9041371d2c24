"""Crash-safety soak: kill a process that is editing a session with SIGKILL, again and again.

The session store promises that every method that changes the session commits before it
returns, so a crash loses nothing a method had returned from. This harness checks that promise
from the outside, through the store's public methods only:

* ``python benchmarks/crash_soak.py worker SESSION --seed N`` opens the session (creating it,
  with a built-in article, the first time) and edits it forever: random annotations are created,
  relabelled, re-rated, annotated with awkward notes, deleted, and undone and redone through the
  worker's own undo and redo stacks of inverse store operations, as the window's undo stack
  does. Before each store call it prints ``BEGIN <json>`` (what it is about to do) and after the
  call returns ``ACK <json>`` (the effect on the set of annotations, ``{"op": "put",
  "annotation": {...}}`` or ``{"op": "del", "id": N}``), one flushed line each. A change the
  store refuses (ValidationFailed) is answered with ``NACK`` and must leave no trace.

* ``soak()`` (and ``python benchmarks/crash_soak.py run``) starts the worker, lets it work for a
  random moment, kills it with SIGKILL, and checks that the session opens, that SQLite's
  integrity check passes and that the annotations in the file are exactly those of a model
  built by applying every acknowledged effect; the one operation in flight when the kill
  landed (a BEGIN without its ACK) may be either absent or complete, never half done.

    python benchmarks/crash_soak.py run --kills 300 --seed 7

Standard library and the project only; no Qt.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from annotator.core.articles.reading import ImportedDocument
from annotator.core.articles.text import normalise_text
from annotator.core.errors import ValidationFailed
from annotator.core.models import Annotation
from annotator.core.session.store import SessionStore

SCRIPT = Path(__file__).resolve()
LABELS = ("claim", "estimate", "attribution")
REVIEWER = "soak-worker"
FIELDS = (
    "id",
    "document_id",
    "start",
    "end",
    "quote",
    "label",
    "confidence",
    "note",
    "reviewer",
    "created_at",
    "updated_at",
)
TIMESTAMP_FIELDS = ("created_at", "updated_at")
FIRST_ACK_TIMEOUT = 20.0
MAX_ANNOTATIONS = 150  # above this, the worker deletes more than it creates
UNDO_LIMIT = 500

ARTICLE_TITLE = "Harbour district flooding: what we know"
ARTICLE = """\
Harbour district flooding: what we know

Up to 3,000 households in the harbour district were told to leave their homes on Tuesday night, \
according to the city's emergency office, after the river rose faster than forecast. "We have \
never seen the water come up this quickly," said Min-jun Park, who runs a noodle bar on the \
quay. His sign, 바다 국수 ("sea noodles"), was half under water by midnight 🌊.

The regional weather service said the surge peaked at 3.82 metres, "the highest reading since \
1961", although an independent hydrologist, Dr. Zoe\u0301 Marchetti, put the figure closer to \
3.6 metres and called the official estimate "premature". Officials estimate the damage at \
between €40 million and €55 million; insurers have not yet published a number.

According to a statement from the mayor's office, roughly 120 volunteers filled 18,000 \
sandbags on Wednesday. Residents of Seoul-ro (서울로) reported that the drains had been blocked \
for weeks, a claim the public works department denied, saying every drain in the district was \
cleared in March.

The national rail operator said trains would run on a reduced timetable until at least Friday. \
A spokesperson added that about 40 per cent of services were cancelled, but passengers' groups \
say the true share is "closer to two thirds" 🚆.
"""

NOTES = (
    "",
    "Check against the emergency office's press release.",
    'He said, "no comment," and hung up.',
    "Figures, commas, and more commas: 3,000, 18,000, €40,000,000",
    "First line\nsecond line\n\nfourth line after a blank one",
    "Windows newline\r\nand a tab\there",
    "Emoji 🔥🥵🌊 and Hangul 서울 and a combining mark: Zoe\u0301",
    "Quotes of every kind: 'single', \"double\", “curly”, «guillemets», `backticks`",
    "Back\\slash, semicolon; pipe | and a trailing space ",
    "Zero\u200bwidth space and a flag 🇰🇷 and a family 👨‍👩‍👧",
    "=SUM(A1:A3) looks like a formula, which the CSV export must not run",
    "   leading spaces",
    "SQL-ish '); DROP TABLE annotations; --",
)
NOTE_WORDS = (
    "source",
    "unverified",
    "figure",
    "official",
    "estimate",
    "claims",
    "서울",
    "🔥",
    "Zoe\u0301",
    '"quoted"',
    "comma,",
    "line\n",
    "per cent",
    "according",
    "to",
    "the",
)


# ---------------------------------------------------------------------------------- worker


def _emit(kind: str, payload: dict[str, Any]) -> None:
    sys.stdout.write(f"{kind} {json.dumps(payload, ensure_ascii=False)}\n")
    sys.stdout.flush()


def _ann_json(annotation: Annotation) -> dict[str, Any]:
    return annotation.model_dump(mode="json")


def _word_starts(text: str) -> list[int]:
    return [i for i, c in enumerate(text) if not c.isspace() and (i == 0 or text[i - 1].isspace())]


def _random_span(rng: random.Random, text: str, words: list[int]) -> tuple[int, int]:
    """A random ``[start, end)`` whose quote does not start or end with white space."""
    while True:
        if rng.random() < 0.5:
            # A word-aligned span of one to a dozen words, as a reviewer would select.
            start = rng.choice(words)
            end = start
            for _ in range(rng.randint(1, 12)):
                while end < len(text) and not text[end].isspace():
                    end += 1
                while end < len(text) and text[end].isspace() and rng.random() < 0.9:
                    end += 1
        else:
            # Any code-point span, which may split a word (or a base from its combining mark).
            start = rng.randrange(len(text))
            end = min(len(text), start + rng.randint(1, 200))
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            return start, end


def _random_note(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.04:
        # A long note, about 20 KB.
        parts: list[str] = []
        size = 0
        target = rng.randint(18_000, 22_000)
        while size < target:
            word = rng.choice(NOTE_WORDS)
            parts.append(word)
            size += len(word.encode()) + 1
        return " ".join(parts)
    if roll < 0.15:
        return " ".join(rng.choice(NOTES) for _ in range(rng.randint(2, 4)))
    return rng.choice(NOTES)


class Worker:
    """Random edits through the store, with an undo stack of inverse store operations."""

    def __init__(self, store: SessionStore, document_id: int, rng: random.Random) -> None:
        self.store = store
        self.document_id = document_id
        self.text = store.document_text(document_id)
        self.words = _word_starts(self.text)
        self.rng = rng
        self.annotations: dict[int, Annotation] = {a.id: a for a in store.annotations()}
        # Commands: ("create", ann) | ("delete", ann) | ("update", before, after)
        self.undo_stack: list[tuple] = []
        self.redo_stack: list[tuple] = []
        self.seq = 0

    # -- the operations, each one store call between a BEGIN and an ACK (or a NACK)

    def _call(self, action: str, intent: dict[str, Any], call: Callable[[], Any]) -> Any:
        """BEGIN, the store call, then ACK; a refusal (ValidationFailed) prints NACK instead.

        Returns the store call's result, or None when the store refused the change (the store
        promises that a refused change leaves the session as it was; the driver checks it).
        """
        self.seq += 1
        _emit("BEGIN", {"seq": self.seq, "action": action, **intent})
        try:
            result = call()
        except ValidationFailed as exc:
            _emit("NACK", {"seq": self.seq, "action": action, "error": str(exc)})
            return None
        if intent["op"] == "del":
            del self.annotations[intent["id"]]
            _emit("ACK", {"seq": self.seq, "op": "del", "id": intent["id"]})
        else:
            self.annotations[result.id] = result
            _emit("ACK", {"seq": self.seq, "op": "put", "annotation": _ann_json(result)})
        return result

    def _delete(self, action: str, annotation_id: int) -> Annotation | None:
        return self._call(
            action,
            {"op": "del", "id": annotation_id},
            lambda: self.store.delete_annotation(annotation_id),
        )

    def _replace(self, action: str, annotation: Annotation) -> Annotation | None:
        return self._call(
            action,
            {"op": "put", "annotation": _ann_json(annotation)},
            lambda: self.store._replace_annotation(annotation),
        )

    def _restore(self, action: str, annotation: Annotation) -> Annotation | None:
        return self._call(
            action,
            {"op": "put", "annotation": _ann_json(annotation)},
            lambda: self.store._restore_annotation(annotation),
        )

    def _push(self, command: tuple) -> None:
        self.undo_stack.append(command)
        if len(self.undo_stack) > UNDO_LIMIT:
            del self.undo_stack[0]
        self.redo_stack.clear()

    def _taken(self, start: int, end: int, label: str, but: int | None = None) -> bool:
        """Does another annotation already tag this very span with this label?"""
        return any(
            a.start == start and a.end == end and a.label == label and a.id != but
            for a in self.annotations.values()
        )

    def create(self) -> None:
        label = self.rng.choice(LABELS)
        start, end = _random_span(self.rng, self.text, self.words)
        while self._taken(start, end, label):  # the store refuses the same tag twice
            start, end = _random_span(self.rng, self.text, self.words)
        fields = {
            "document_id": self.document_id,
            "start": start,
            "end": end,
            "label": label,
            "confidence": self.rng.randint(1, 5),
            "note": _random_note(self.rng) if self.rng.random() < 0.3 else "",
        }
        annotation = self._call(
            "create",
            {"op": "create", "fields": {**fields, "reviewer": self.store.reviewer}},
            lambda: self.store.add_annotation(
                self.document_id,
                start,
                end,
                label,
                confidence=fields["confidence"],
                note=fields["note"],
            ),
        )
        if annotation is not None:
            self._push(("create", annotation))

    def update(self, field: str) -> None:
        annotation_id = self.rng.choice(sorted(self.annotations))
        before = self.annotations[annotation_id]
        if field == "label":
            value: Any = self.rng.choice(LABELS)
            if self._taken(before.start, before.end, value, but=annotation_id):
                return
        elif field == "confidence":
            value = self.rng.randint(1, 5)
        else:
            value = _random_note(self.rng)
        after = self._call(
            field,
            {"op": "update", "id": annotation_id, "changes": {field: value}},
            lambda: self.store.update_annotation(annotation_id, **{field: value}),
        )
        if after is not None:
            self._push(("update", before, after))

    def delete(self) -> None:
        annotation_id = self.rng.choice(sorted(self.annotations))
        deleted = self._delete("delete", annotation_id)
        if deleted is not None:
            self._push(("delete", deleted))

    def undo(self) -> None:
        command = self.undo_stack.pop()
        if command[0] == "create":
            done = self._delete("undo-create", command[1].id)
        elif command[0] == "delete":
            done = self._restore("undo-delete", command[1])
        else:
            done = self._replace("undo-update", command[1])
        if done is None:  # refused: as a window would, forget the history
            self.undo_stack.clear()
            self.redo_stack.clear()
        else:
            self.redo_stack.append(command)

    def redo(self) -> None:
        command = self.redo_stack.pop()
        if command[0] == "create":
            done = self._restore("redo-create", command[1])
        elif command[0] == "delete":
            done = self._delete("redo-delete", command[1].id)
        else:
            done = self._replace("redo-update", command[2])
        if done is None:
            self.undo_stack.clear()
            self.redo_stack.clear()
        else:
            self.undo_stack.append(command)

    def step(self) -> None:
        count = len(self.annotations)
        choices: list[tuple[float, Callable[[], None]]] = [
            (20.0 if count < MAX_ANNOTATIONS else 2.0, self.create)
        ]
        if count:
            choices += [
                (12.0, lambda: self.update("confidence")),
                (12.0, lambda: self.update("note")),
                (10.0, lambda: self.update("label")),
                (10.0 if count < MAX_ANNOTATIONS else 40.0, self.delete),
            ]
        if self.undo_stack:
            choices.append((18.0, self.undo))
        if self.redo_stack:
            choices.append((25.0, self.redo))
        weights = [w for w, _ in choices]
        action = self.rng.choices([f for _, f in choices], weights=weights)[0]
        action()


def open_worker_session(path: Path) -> tuple[SessionStore, int]:
    """Open (or create) the session and make sure it holds the built-in article."""
    store = SessionStore.open(path, create=True, reviewer=REVIEWER)
    document = ImportedDocument(
        title=ARTICLE_TITLE, text=normalise_text(ARTICLE), source_format="text"
    )
    summary, _ = store.add_document(document)
    return store, summary.id


def run_worker(path: Path, seed: int, limit: int | None = None) -> None:
    store, document_id = open_worker_session(path)
    worker = Worker(store, document_id, random.Random(seed))
    _emit("READY", {"seed": seed, "annotations": len(worker.annotations)})
    done = 0
    while limit is None or done < limit:
        worker.step()
        done += 1
    store.close()


# ---------------------------------------------------------------------------------- checking


class Violation(Exception):
    """The session after a kill is not what the acknowledged operations promise."""


Model = dict[int, dict[str, Any]]


def _when(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc)
    if isinstance(value, str):
        text = value[:-1] + "+00:00" if value.endswith("Z") else value
        try:
            return datetime.fromisoformat(text).astimezone(timezone.utc)
        except ValueError:
            return value
    return value


def canonical(annotation: dict[str, Any]) -> dict[str, Any]:
    """An annotation as a plain dict of its fields, timestamps as aware datetimes (to compare)."""
    row = {name: annotation.get(name) for name in FIELDS}
    for name in TIMESTAMP_FIELDS:
        row[name] = _when(row[name])
    return row


def apply_effect(model: Model, effect: dict[str, Any]) -> None:
    """Apply one ACKed effect (``put`` or ``del``) to the model."""
    if effect["op"] == "put":
        row = canonical(effect["annotation"])
        model[row["id"]] = row
    elif effect["op"] == "del":
        model.pop(int(effect["id"]), None)
    else:
        raise ValueError(f"unknown effect {effect['op']!r}")


def read_state(path: Path) -> tuple[Model, dict[int, str]]:
    """Checks (a) and (b): the session opens and passes the integrity check; its annotations.

    Returns the annotations by id (canonical dicts) and the documents' texts by id.
    """
    try:
        store = SessionStore.open(path, reviewer="soak-checker")
    except Exception as exc:  # noqa: BLE001 - any failure to open is the finding
        raise Violation(f"the session does not open: {type(exc).__name__}: {exc}") from None
    try:
        annotations = store.annotations()
        texts = {d.id: store.document_text(d.id) for d in store.documents()}
    except Exception as exc:  # noqa: BLE001
        raise Violation(f"the session's annotations cannot be read: {exc}") from None
    finally:
        store.close()
    conn = sqlite3.connect(str(path))
    try:
        result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as exc:
        raise Violation(f"PRAGMA integrity_check failed: {exc}") from None
    finally:
        conn.close()
    if result != ["ok"]:
        raise Violation(f"PRAGMA integrity_check: {'; '.join(result[:10])}")
    state = {a.id: canonical(a.model_dump(mode="json")) for a in annotations}
    return state, texts


def _short(value: Any, limit: int = 120) -> str:
    text = repr(value.isoformat() if isinstance(value, datetime) else value)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} chars)"


def describe_difference(
    expected: Model,
    found: Model,
    history: dict[int, str] | None = None,
    limit: int = 5,
) -> str:
    """Which annotation ids differ between two states, field by field.

    ``history`` optionally says, by id, which acknowledged operation last touched it.
    """
    history = history or {}
    lines: list[str] = []
    for ann_id in sorted(expected.keys() | found.keys()):
        want, got = expected.get(ann_id), found.get(ann_id)
        if want == got:
            continue
        if got is None:
            line = (
                f"annotation {ann_id} is missing (expected {want['label']} "
                f"{want['start']}-{want['end']} {_short(want['quote'], 60)})"
            )
        elif want is None:
            line = (
                f"annotation {ann_id} is unexpected (found {got['label']} "
                f"{got['start']}-{got['end']} {_short(got['quote'], 60)})"
            )
        else:
            fields = [
                f"{name}: expected {_short(want[name])}, found {_short(got[name])}"
                for name in FIELDS
                if want[name] != got[name]
            ]
            line = f"annotation {ann_id} differs: " + "; ".join(fields)
        if ann_id in history:
            line += f"; last acknowledged change: {history[ann_id]}"
        lines.append(line)
        if len(lines) >= limit:
            lines.append("...")
            break
    return "\n  ".join(lines) if lines else "(no difference)"


def _others_equal(model: Model, found: Model, skip: set[int]) -> bool:
    keys = (model.keys() | found.keys()) - skip
    return all(model.get(k) == found.get(k) for k in keys)


def _matches_in_flight(
    model: Model, found: Model, pending: dict[str, Any], texts: dict[int, str]
) -> bool:
    """Does ``found`` equal the model with the in-flight operation ``pending`` applied?"""
    op = pending["op"]
    if op in ("put", "del"):
        applied = dict(model)
        apply_effect(applied, pending)
        return found == applied
    if op == "update":
        ann_id = int(pending["id"])
        before, after = model.get(ann_id), found.get(ann_id)
        if before is None or after is None or not _others_equal(model, found, {ann_id}):
            return False
        want = before | {k: v for k, v in pending["changes"].items()}
        same = all(after[k] == want[k] for k in FIELDS if k != "updated_at")
        return same and after["updated_at"] >= before["updated_at"]
    if op == "create":
        extra = found.keys() - model.keys()
        if len(extra) != 1 or not _others_equal(model, found, extra):
            return False
        got = found[next(iter(extra))]
        fields = pending["fields"]
        text = texts.get(fields["document_id"], "")
        return (
            all(got[k] == v for k, v in fields.items())
            and got["quote"] == text[fields["start"] : fields["end"]]
            and isinstance(got["created_at"], datetime)
            and got["created_at"] == got["updated_at"]
        )
    raise ValueError(f"unknown operation in flight {op!r}")


def verify(
    path: Path,
    model: Model,
    pending: dict[str, Any] | None = None,
    round_no: int = 0,
    history: dict[int, str] | None = None,
) -> Model:
    """Check the session after a kill against the model; returns the verified state.

    ``model`` is the previous verified state with every acknowledged effect applied;
    ``pending`` is the BEGIN payload of an operation that was not acknowledged, if any: the
    file may then hold the model either without that operation or with it complete.
    Raises :class:`Violation` with a readable account of the first difference (``history``,
    by id, the last acknowledged operation of this round, to name it in that account).
    """
    where = f"round {round_no}: " if round_no else ""
    if not path.exists() and not model and pending is None:
        return {}
    try:
        found, texts = read_state(path)
    except Violation as exc:
        raise Violation(f"{where}{exc}") from None
    if found == model:
        return found
    if pending is not None and _matches_in_flight(model, found, pending, texts):
        return found
    message = f"{where}the session does not hold what was acknowledged\n  "
    message += describe_difference(model, found, history)
    if pending is not None:
        message += (
            "\n  (an operation was in flight and is neither absent nor complete: "
            f"{_short(pending, 400)})"
        )
    raise Violation(message)


# ---------------------------------------------------------------------------------- driver


class _Reader(threading.Thread):
    """Collects a pipe's complete lines; notes the first ACK."""

    def __init__(self, stream: Any) -> None:
        super().__init__(daemon=True)
        self.stream = stream
        self.lines: list[bytes] = []
        self.partial = b""
        self.first_ack = threading.Event()

    def run(self) -> None:
        for line in iter(self.stream.readline, b""):
            if not line.endswith(b"\n"):
                self.partial = line  # cut off by the kill: the line was never complete
                break
            self.lines.append(line)
            if line.startswith(b"ACK ") and not self.first_ack.is_set():
                self.first_ack.set()
        self.stream.close()


class _Tail(threading.Thread):
    """Keeps the last few kilobytes of a pipe (the worker's stderr)."""

    def __init__(self, stream: Any, keep: int = 8192) -> None:
        super().__init__(daemon=True)
        self.stream, self.keep, self.data = stream, keep, b""

    def run(self) -> None:
        for chunk in iter(lambda: self.stream.read1(65536), b""):
            self.data = (self.data + chunk)[-self.keep :]
        self.stream.close()


def parse_output(lines: list[bytes], round_no: int) -> tuple[list[dict], dict | None, list[dict]]:
    """The acknowledged effects in order, the unanswered BEGIN (if any), the refusals (NACK).

    A refused change (NACK) must leave the session as it was: it adds nothing to the model.
    """
    effects: list[dict] = []
    refused: list[dict] = []
    pending: dict | None = None
    for raw in lines:
        kind, _, body = raw.decode("utf-8").rstrip("\n").partition(" ")
        if kind == "BEGIN":
            if pending is not None:
                raise Violation(f"round {round_no}: BEGIN {pending['seq']} was never acknowledged")
            pending = json.loads(body)
        elif kind in ("ACK", "NACK"):
            effect = json.loads(body)
            if pending is None or effect.get("seq") != pending.get("seq"):
                raise Violation(f"round {round_no}: {kind} without its BEGIN: {_short(effect)}")
            if kind == "ACK":
                effects.append(effect | {"action": pending.get("action")})
            else:
                refused.append(effect)
            pending = None
    return effects, pending, refused


def run_round(path: Path, seed: int, delay: float, round_no: int) -> tuple[list[bytes], bool]:
    """Start a worker, let it work ``delay`` seconds after its first ACK, SIGKILL it.

    Returns its complete stdout lines and whether it acknowledged anything before the timeout.
    """
    env = dict(os.environ, PYTHONUNBUFFERED="1", PYTHONDONTWRITEBYTECODE="1")
    proc = subprocess.Popen(
        [sys.executable, str(SCRIPT), "worker", str(path), "--seed", str(seed)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    out, err = _Reader(proc.stdout), _Tail(proc.stderr)
    out.start()
    err.start()
    started = False
    try:
        deadline = time.monotonic() + FIRST_ACK_TIMEOUT
        while time.monotonic() < deadline and proc.poll() is None:
            if out.first_ack.wait(0.05):
                started = True
                break
        if started:
            end = time.monotonic() + delay
            while proc.poll() is None and time.monotonic() < end:
                time.sleep(min(0.02, max(0.0, end - time.monotonic())))
        exited = proc.poll()
        if exited is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        out.join(10)
        err.join(10)
    if exited is not None:
        tail = err.data.decode("utf-8", "replace").strip()[-3000:]
        raise Violation(
            f"round {round_no}: the worker (seed {seed}) stopped by itself with exit code "
            f"{exited} before it was killed\n{tail}"
        )
    return out.lines, started


def soak(
    session_path: str | Path,
    kills: int,
    seed: int,
    max_delay: float,
    *,
    progress: Callable[[int, dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Kill a worker editing ``session_path`` ``kills`` times, verifying the file after each.

    Returns ``{"kills", "acknowledged", "mid_operation", "in_flight_completed",
    "startup_timeouts", "refused", "annotations", "elapsed"}`` (``in_flight_completed``: kills
    that landed after the store call had written its change but before the ACK was printed;
    ``refused``: changes the store refused with ValidationFailed, by action). Raises
    :class:`Violation` at the first round whose file is not what the acknowledged operations
    promise.
    """
    path = Path(session_path)
    rng = random.Random(seed)
    began = time.monotonic()
    model: Model = read_state(path)[0] if path.exists() else {}
    stats: dict[str, Any] = {
        "kills": 0,
        "acknowledged": 0,
        "mid_operation": 0,
        "in_flight_completed": 0,
        "startup_timeouts": 0,
        "refused": {},
    }
    for round_no in range(1, kills + 1):
        round_seed = rng.randrange(2**31)
        delay = rng.uniform(0.05, max(0.05, max_delay))
        lines, started = run_round(path, round_seed, delay, round_no)
        effects, pending, refused = parse_output(lines, round_no)
        expected = dict(model)
        history: dict[int, str] = {}
        for effect in effects:
            apply_effect(expected, effect)
            ann_id = effect["id"] if effect["op"] == "del" else effect["annotation"]["id"]
            history[int(ann_id)] = f"{effect['action']} (operation {effect['seq']} of the worker)"
        model = verify(path, expected, pending, round_no, history)
        stats["kills"] += 1
        stats["acknowledged"] += len(effects)
        stats["mid_operation"] += pending is not None
        for nack in refused:
            stats["refused"][nack["action"]] = stats["refused"].get(nack["action"], 0) + 1
            stats["refusal_example"] = nack["error"]
        stats["in_flight_completed"] += pending is not None and model != expected
        stats["startup_timeouts"] += not started
        stats["last_round"] = {
            "acknowledged": len(effects),
            "in_flight": pending and pending.get("action"),
            "completed": pending is not None and model != expected,
        }
        if progress is not None:
            progress(round_no, stats)
    stats["annotations"] = len(model)
    stats["elapsed"] = time.monotonic() - began
    return stats


def summary(stats: dict[str, Any]) -> str:
    text = (
        f"{stats['kills']:,} kills, {stats['acknowledged']:,} acknowledged changes, "
        f"{stats['mid_operation']:,} mid-operation, all recovered (integrity ok, nothing "
        f"acknowledged lost) in {stats['elapsed']:.0f} s"
    )
    if stats.get("refused"):
        counts = ", ".join(f"{n} {action}" for action, n in sorted(stats["refused"].items()))
        text += f"; the store refused {counts} (e.g. {stats.get('refusal_example', '')!r})"
    if stats.get("startup_timeouts"):
        text += f" ({stats['startup_timeouts']} workers never got going before the timeout)"
    return text


# ---------------------------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    worker = commands.add_parser("worker", help="edit a session until killed (used by run)")
    worker.add_argument("session", type=Path)
    worker.add_argument("--seed", type=int, default=0)
    worker.add_argument("--limit", type=int, default=None, help="stop after this many edits")
    run = commands.add_parser("run", help="kill a worker again and again, checking each time")
    run.add_argument("--kills", type=int, default=100)
    run.add_argument("--seed", type=int, default=None, help="default: chosen at random")
    run.add_argument("--max-delay", type=float, default=1.0, help="seconds (default 1.0)")
    run.add_argument("--session", type=Path, default=None, help="default: a temporary file")
    run.add_argument("-v", "--verbose", action="store_true", help="one line per kill")
    args = parser.parse_args(argv)

    if args.command == "worker":
        run_worker(args.session, args.seed, args.limit)
        return 0

    seed = args.seed if args.seed is not None else random.randrange(2**31)
    scratch = None
    if args.session is None:
        scratch = Path(tempfile.mkdtemp(prefix="crash-soak-"))
        path = scratch / "soak.sqlite"
    else:
        path = args.session
    print(f"crash soak: {args.kills} kills, seed {seed}, session {path}", file=sys.stderr)

    def progress(round_no: int, stats: dict[str, Any]) -> None:
        if args.verbose:
            last = stats["last_round"]
            flight = last["in_flight"]
            if flight:
                flight += " (written)" if last["completed"] else " (not written)"
            print(
                f"  kill {round_no}: {last['acknowledged']} acknowledged, "
                f"in flight: {flight or 'nothing'}",
                file=sys.stderr,
            )
        if round_no % max(1, args.kills // 10) == 0:
            print(
                f"  {round_no}/{args.kills}: {stats['acknowledged']:,} acknowledged, "
                f"{stats['mid_operation']} mid-operation",
                file=sys.stderr,
            )

    try:
        stats = soak(path, args.kills, seed, args.max_delay, progress=progress)
    except Violation as exc:
        print(f"VIOLATION (seed {seed}): {exc}", file=sys.stderr)
        print(f"the session file is kept for inspection: {path}", file=sys.stderr)
        return 1
    print(summary(stats))
    if scratch is not None:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
