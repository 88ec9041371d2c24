"""Suggestions made in another process for the window: the same as the suggester's, and named
and read back without loading the rules in the window's process."""

from __future__ import annotations

import pickle
import subprocess
import sys
import time

import pytest

from annotator.core import background_process, background_suggestions
from annotator.core.background_process import BackgroundProcess, WorkerStopped
from annotator.core.background_suggestions import SuggestedSpan, SuggestedSpans, suggest_text
from annotator.core.suggestions import RulesError
from annotator.core.suggestions.session import make_suggester, rules_fingerprint

TEXT = ("Up to 3,000 people 😀 left their homes, officials said on Tuesday.\r\n\n"
        "Some 40% of the harvest was lost, according to the farmers' union.")


def test_the_suggestions_are_the_suggesters_in_plain_rows():
    labels = ("estimate", "attribution", "claim")
    found, rules = suggest_text(TEXT, labels)
    suggester = make_suggester()
    expected = suggester.suggest(TEXT, labels)
    rows = found.rows()
    assert rows and all(type(row) is SuggestedSpan for row in rows)
    assert rows == [(s.start, s.end, s.label, s.reason, s.rule) for s in expected]
    assert rules == rules_fingerprint(suggester, labels)
    only, _ = suggest_text(TEXT, ("estimate",))
    assert only.rows() == [row for row in rows if row.label == "estimate"]


def test_suggested_spans_keep_each_suggestion_in_order_and_travel_as_a_few_arrays():
    rows = [SuggestedSpan(0, 5, "estimate", "bound: 'up to'", "bound"),
            SuggestedSpan(3, 9, "attribution", "said + source", "said"),
            SuggestedSpan(7, 8, "estimate", "bound: 'up to'", "bound"),
            SuggestedSpan(2**40, 2**40 + 1, "claim", "figure", "figure")]
    spans = SuggestedSpans(rows)
    assert len(spans) == 4 and spans.rows() == rows
    assert len(spans.kind_names) == 3  # each (label, reason, rule) kept once
    assert spans.rows(1, 3) == rows[1:3] and spans.rows(3) == rows[3:]
    assert spans.rows(0, 2, shift=10, make=lambda *f: f) == [
        (10, 15, "estimate", "bound: 'up to'", "bound"),
        (13, 19, "attribution", "said + source", "said")]
    again = pickle.loads(pickle.dumps(spans, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == spans and again.rows() == rows
    assert again != SuggestedSpans(rows[:3]) and SuggestedSpans() == SuggestedSpans([])
    assert len(pickle.dumps(SuggestedSpans(rows * 1000))) < 60 * len(rows) * 1000


def test_the_background_process_answers_job_after_job_and_starts_again_if_it_ended():
    process = BackgroundProcess()
    try:
        labels = ("estimate", "attribution")
        first = process.run("suggest", TEXT, labels)
        assert first == suggest_text(TEXT, labels)
        assert len(process.run("suggest", "No figures here.", labels)[0]) == 0
        pid = process.pid
        process._process.kill()
        process._process.wait()
        assert process.run("suggest", TEXT, labels) == first  # a new process
        assert process.pid != pid
    finally:
        process.close()
    assert process.pid is None


def test_a_failed_job_is_one_sentence_and_the_process_goes_on():
    process = BackgroundProcess()
    try:
        with pytest.raises(RulesError, match="no suggestions are made for verdict"):
            process.run("suggest", TEXT, ("verdict",))  # the program's own error, as itself
        with pytest.raises(WorkerStopped, match="the background process failed: KeyError"):
            process.run("no such job")
        assert len(process.run("suggest", TEXT, ("estimate",))[0])
    finally:
        process.close()


def test_results_are_read_without_loading_the_rules():
    found, _ = suggest_text(TEXT, ("estimate",))
    code = (
        "import pickle, sys\n"
        f"found = pickle.loads({pickle.dumps(found)!r})\n"
        "assert found.rows() and found.rows()[0].start >= 0\n"
        "print(sorted(m for m in sys.modules if m.startswith('annotator.core.suggestions')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"


# --------------------------------------------------------------- a long article's pieces

_PARAGRAPHS = [
    "Up to 3,000 people left their homes, officials said on Tuesday.",
    "Some 40% of the harvest was lost, according to the farmers' union.",
    "“We expect between 15 and 20 ships,” said Jane Doe, a researcher at the institute.",
    "Hundreds of residents gathered outside the court, the police said.",
    "The ministry will raise spending by nearly 20 percent next year, analysts say.",
]
LONG_TEXT = "\n\n".join(_PARAGRAPHS * 12)


@pytest.fixture
def small_pieces(monkeypatch):
    """Pieces of a few hundred characters, so that a short text has many."""
    import annotator.core.suggestions as suggestions

    monkeypatch.setattr(suggestions, "PIECE_CHARS", 400)


def _answered_by_worker(monkeypatch) -> list[int]:
    """The pieces the worker answers, from now on; the caller waits (up to 20 s) for its first
    answer before taking its own first piece (these pieces are made faster than the worker
    starts)."""
    answered: list[int] = []
    original = background_suggestions._PieceHelper.answer

    def answer(self, index):
        waited = time.monotonic()
        while index == 0 and not self._answers and self._thread.is_alive() \
                and time.monotonic() - waited < 20:
            time.sleep(0.01)
        rows = original(self, index)
        if rows is not None:
            answered.append(index)
        return rows

    monkeypatch.setattr(background_suggestions._PieceHelper, "answer", answer)
    return answered


def test_a_long_articles_pieces_are_made_in_two_processes_with_the_same_result(
        small_pieces, monkeypatch):
    suggester = make_suggester()
    labels = ("estimate", "attribution", "claim")
    expected = list(suggester.suggest_in_pieces(LONG_TEXT, labels))
    assert len(expected) >= background_suggestions.HELPED_PIECES
    answered = _answered_by_worker(monkeypatch)
    found = list(background_suggestions.suggest_in_pieces(suggester, LONG_TEXT, labels))
    assert found == expected  # the same lists, in the same order
    assert answered and answered[-1] == len(expected) - 1  # the worker made the last pieces


def test_the_pieces_are_made_by_the_callers_own_rules(small_pieces, monkeypatch, tmp_path):
    extra = tmp_path / "desk.toml"
    extra.write_text('[attribution]\nreporting_verbs = ["gathered"]\n', encoding="utf-8")
    suggester = make_suggester(rules_file=extra)
    expected = list(suggester.suggest_in_pieces(LONG_TEXT, ("attribution",)))
    assert expected != list(make_suggester().suggest_in_pieces(LONG_TEXT, ("attribution",)))
    answered = _answered_by_worker(monkeypatch)
    assert list(background_suggestions.suggest_in_pieces(
        suggester, LONG_TEXT, ("attribution",))) == expected
    assert answered


def test_a_worker_that_cannot_start_or_stops_leaves_the_pieces_to_the_caller(
        small_pieces, monkeypatch):
    suggester = make_suggester()
    expected = list(suggester.suggest_in_pieces(LONG_TEXT))

    def cannot_start(*, background):
        raise WorkerStopped("the background process cannot be started (no such file)")

    monkeypatch.setattr(background_process, "start_worker", cannot_start)
    assert list(background_suggestions.suggest_in_pieces(
        suggester, LONG_TEXT, ("estimate", "attribution", "claim"))) == expected

    def stops_at_once(*, background):
        return subprocess.Popen([sys.executable, "-c", "pass"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    monkeypatch.setattr(background_process, "start_worker", stops_at_once)
    assert list(background_suggestions.suggest_in_pieces(
        suggester, LONG_TEXT, ("estimate", "attribution", "claim"))) == expected


def test_a_piece_the_worker_fails_on_is_made_by_the_caller(small_pieces, monkeypatch):
    suggester = make_suggester()
    expected = list(suggester.suggest_in_pieces(LONG_TEXT))
    real_send = background_process.send

    def send_a_bad_job(stream, job):
        name, (piece, _labels, rules) = job
        real_send(stream, (name, (piece, ("verdict",), rules)))  # the worker answers an error

    monkeypatch.setattr(background_process, "send", send_a_bad_job)
    answered = _answered_by_worker(monkeypatch)
    assert list(background_suggestions.suggest_in_pieces(
        suggester, LONG_TEXT, ("estimate", "attribution", "claim"))) == expected
    assert answered == []


def test_labels_not_suggested_are_refused_before_any_work(small_pieces, monkeypatch):
    monkeypatch.setattr(background_suggestions, "_PieceHelper", None)  # never started
    with pytest.raises(RulesError, match="no suggestions are made for verdict"):
        list(background_suggestions.suggest_in_pieces(make_suggester(), LONG_TEXT,
                                                      ("estimate", "verdict")))
