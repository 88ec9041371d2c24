"""An article's suggestions made in another process: the jobs the window's
:class:`~annotator.core.background_process.BackgroundProcess` does for suggestions.

The rules run in Python for seconds on a long article; in the window's own process they would
hold its interpreter while it opens and paints the article. So the window hands the text to its
background process and reads back :class:`SuggestedSpans`, columns of numbers that a window
reads in a millisecond (100,000 suggestions as rows of their own took 0.15 s to read, in turns
taken from the window). This module is light: the window loads it, and only the worker process
loads the suggester.

The same worker makes a long article's suggestions beside the process that asked
(:func:`suggest_in_pieces`, for ``annotator suggest``): a job ``piece`` (the
:class:`~annotator.core.suggestions.rules.Rules` themselves, so that a desk's own rules are
the ones used) is answered with the suggestions of that piece of the text.
"""

from __future__ import annotations

import threading
from array import array
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from annotator.core.background_process import BackgroundProcess

if TYPE_CHECKING:
    from annotator.core.suggestions import Suggester, Suggestion
    from annotator.core.suggestions.rules import Rules


class SuggestedSpan(NamedTuple):
    """A suggestion as it comes back (the fields of
    :class:`~annotator.core.suggestions.Suggestion`, in a plain row)."""

    start: int
    end: int
    label: str
    reason: str
    rule: str


class SuggestedSpans:
    """Suggestions in columns: their starts and ends, and for each the number of its
    ``(label, reason, rule)`` among the few an article's suggestions have. Sent between
    processes as a few arrays; :meth:`rows` gives them back as :class:`SuggestedSpan`."""

    __slots__ = ("starts", "ends", "kinds", "kind_names")

    def __init__(self, suggestions: Iterable = ()) -> None:
        self.starts, self.ends, self.kinds = array("q"), array("q"), array("l")
        self.kind_names: list[tuple[str, str, str]] = []
        numbers: dict[tuple[str, str, str], int] = {}
        for s in suggestions:
            kind = (s.label, s.reason, s.rule)
            number = numbers.get(kind)
            if number is None:
                number = numbers[kind] = len(self.kind_names)
                self.kind_names.append(kind)
            self.starts.append(s.start)
            self.ends.append(s.end)
            self.kinds.append(number)

    def __len__(self) -> int:
        return len(self.starts)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SuggestedSpans):
            return NotImplemented
        return self.rows() == other.rows()

    def rows(self, begin: int = 0, end: int | None = None, *, shift: int = 0,
             make: Callable[..., Any] = SuggestedSpan) -> list:
        """The suggestions from ``begin`` to ``end`` (all by default), in their order, as
        ``make(start, end, label, reason, rule)``, their offsets ``shift`` further on."""
        names = self.kind_names
        return [make(start + shift, stop + shift, *names[kind]) for start, stop, kind in zip(
            self.starts[begin:end], self.ends[begin:end], self.kinds[begin:end], strict=True)]

    def __getstate__(self) -> tuple:
        return (self.starts, self.ends, self.kinds, self.kind_names)

    def __setstate__(self, state: tuple) -> None:
        self.starts, self.ends, self.kinds, self.kind_names = state


class PendingSuggestions:
    """A document's pending suggestions (see
    :meth:`~annotator.core.session.store.SessionStore.pending_suggestions`) in columns, as the
    background process reads them for the window: their ids, and their spans and kinds."""

    __slots__ = ("document_id", "ids", "spans")

    def __init__(self, document_id: int, stored: Iterable = ()) -> None:
        self.document_id = document_id
        stored = list(stored)
        self.ids = array("q", [s.id for s in stored])
        self.spans = SuggestedSpans(stored)

    def __len__(self) -> int:
        return len(self.ids)

    def stored(self) -> list:
        """The suggestions as :class:`~annotator.core.models.StoredSuggestion`, in order."""
        from annotator.core.models import StoredSuggestion

        document_id = self.document_id
        return [StoredSuggestion(suggestion_id, document_id, *span) for suggestion_id, span
                in zip(self.ids, self.spans.rows(), strict=True)]

    def __getstate__(self) -> tuple:
        return (self.document_id, self.ids, self.spans)

    def __setstate__(self, state: tuple) -> None:
        self.document_id, self.ids, self.spans = state


def read_pending(path: str, document_id: int) -> PendingSuggestions:
    """A document's pending suggestions, read through a read-only connection of its own (each
    is checked against the text as it is read; the file's full check is the open store's)."""
    from annotator.core.session.store import SessionStore

    with SessionStore.open(path, read_only=True, auto_backup=False,
                           defer_integrity_check=True) as reader:
        return PendingSuggestions(document_id, reader.pending_suggestions(document_id))


_SUGGESTER: Suggester | None = None  # the default rules' suggester, made once a process


def suggest_text(text: str, labels: Sequence[str]) -> tuple[SuggestedSpans, str]:
    """The suggestions of ``labels`` for ``text`` by the default rules, and the fingerprint of
    the rules they were made with (kept per document)."""
    global _SUGGESTER
    from annotator.core.suggestions.session import make_suggester, rules_fingerprint

    if _SUGGESTER is None:
        _SUGGESTER = make_suggester()
    found = SuggestedSpans(_SUGGESTER.suggest(text, labels))
    return found, rules_fingerprint(_SUGGESTER, labels)


_PIECE_SUGGESTER: Suggester | None = None  # the suggester of the rules last sent with a piece


def suggest_piece(text: str, labels: Sequence[str], rules: Rules) -> SuggestedSpans:
    """The suggestions of ``labels`` for a piece of an article by ``rules``, with offsets into
    the piece."""
    global _PIECE_SUGGESTER
    from annotator.core.suggestions import Suggester

    if _PIECE_SUGGESTER is None or _PIECE_SUGGESTER.rules != rules:
        _PIECE_SUGGESTER = Suggester(rules)
    return SuggestedSpans(_PIECE_SUGGESTER.suggest_piece(text, labels))


#: Pieces an article has at least before a second process helps (about 2 MB: it starts in a
#: few tenths of a second, and then makes every other piece's suggestions beside this one).
HELPED_PIECES = 6


def suggest_in_pieces(suggester: Suggester, text: str, labels: Sequence[str]
                      ) -> Iterator[list[Suggestion]]:
    """What ``suggester.suggest_in_pieces(text, labels)`` yields, the same lists in the same
    order, made faster on a long article: a worker process makes the suggestions of the last
    pieces while this one makes those of the first (and the caller stores them). Should the
    worker fail or stop, the pieces it had not answered are made here: the result is the
    same, only slower."""
    from annotator.core.suggestions import Suggestion, pieces

    labels = tuple(labels)
    spans = list(pieces(text))
    if len(spans) < HELPED_PIECES:
        yield from suggester.suggest_in_pieces(text, labels)
        return
    suggester.check_labels(labels)  # an error told before any work, as without the worker
    helper = _PieceHelper(text, spans, labels, suggester.rules)
    try:
        for index, (start, end) in enumerate(spans):
            made = helper.answer(index)
            if made is None:
                found = suggester.suggest_piece(text[start:end], labels)
                yield [Suggestion(s.start + start, s.end + start, s.label, s.reason, s.rule)
                       for s in found] if start else found
            else:
                yield made.rows(shift=start, make=Suggestion)
    finally:
        helper.close()


class _PieceHelper:
    """A worker process and the thread that talks to it: it takes pieces from the end of the
    article while the caller takes them from the start, until they meet."""

    def __init__(self, text: str, spans: list[tuple[int, int]], labels: tuple[str, ...],
                 rules: Rules) -> None:
        self._text, self._spans, self._labels, self._rules = text, spans, labels, rules
        self._left = deque(range(len(spans)))  # pieces nobody has taken yet
        self._taken: set[int] = set()
        self._answers: dict[int, SuggestedSpans | None] = {}
        self._done = threading.Condition()
        self._process = BackgroundProcess(background=False)
        self._thread = threading.Thread(target=self._work, name="suggestion pieces",
                                        daemon=True)
        self._thread.start()

    def answer(self, index: int) -> SuggestedSpans | None:
        """The suggestions of piece ``index`` if the worker made them (waiting for them if it is
        making them), else ``None``: the caller makes them."""
        with self._done:
            if index not in self._taken:
                self._left.remove(index)  # the caller takes pieces in order: the first left
                return None
            while index not in self._answers:
                self._done.wait()
            return self._answers.pop(index)

    def _work(self) -> None:
        try:
            while True:
                with self._done:
                    if not self._left:
                        return
                    index = self._left.pop()
                    self._taken.add(index)
                start, end = self._spans[index]
                made = self._process.run("piece", self._text[start:end], self._labels,
                                         self._rules)
                with self._done:
                    self._answers[index] = made
                    self._done.notify_all()
        except Exception:  # noqa: BLE001, S110 - whatever stopped the worker, the caller goes on
            pass
        finally:
            with self._done:
                for index in self._taken:  # what the worker did not answer, the caller makes
                    self._answers.setdefault(index, None)
                self._done.notify_all()

    def close(self) -> None:
        """Stop the worker (at once if it is still making a piece nobody will read)."""
        with self._done:
            self._left.clear()
        if self._thread.is_alive():
            self._process.stop_now()
        self._thread.join()
        self._process.close()

