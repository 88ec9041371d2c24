"""Suggestions made in another process for the window: the same as the suggester's, and named
and read back without loading the rules in the window's process."""

from __future__ import annotations

import pickle
import subprocess
import sys

import pytest

from annotator.core.background_suggestions import (
    SuggestedSpan,
    SuggestionProcess,
    WorkerStopped,
    suggest_text,
)
from annotator.core.suggestions.session import make_suggester, rules_fingerprint

TEXT = ("Up to 3,000 people 😀 left their homes, officials said on Tuesday.\r\n\n"
        "Some 40% of the harvest was lost, according to the farmers' union.")


def test_the_suggestions_are_the_suggesters_in_plain_rows():
    labels = ("estimate", "attribution", "claim")
    found, rules = suggest_text(TEXT, labels)
    suggester = make_suggester()
    expected = suggester.suggest(TEXT, labels)
    assert found and all(type(row) is SuggestedSpan for row in found)
    assert found == [(s.start, s.end, s.label, s.reason, s.rule) for s in expected]
    assert rules == rules_fingerprint(suggester, labels)
    only, _ = suggest_text(TEXT, ("estimate",))
    assert only == [row for row in found if row.label == "estimate"]


def test_the_suggestion_process_answers_job_after_job_and_starts_again_if_it_ended():
    process = SuggestionProcess()
    try:
        labels = ("estimate", "attribution")
        first = process.suggest(TEXT, labels)
        assert first == suggest_text(TEXT, labels)
        assert process.suggest("No figures here.", labels)[0] == []
        pid = process._process.pid
        process._process.kill()
        process._process.wait()
        assert process.suggest(TEXT, labels) == first  # a new process
        assert process._process.pid != pid
    finally:
        process.close()
    assert process._process is None


def test_a_failed_job_is_one_sentence_and_the_process_goes_on():
    process = SuggestionProcess()
    try:
        with pytest.raises(WorkerStopped, match="the suggestion process failed: RulesError"):
            process.suggest(TEXT, ("verdict",))
        assert process.suggest(TEXT, ("estimate",))[0]
    finally:
        process.close()


def test_results_are_read_without_loading_the_rules():
    found, _ = suggest_text(TEXT, ("estimate",))
    code = (
        "import pickle, sys\n"
        f"rows = pickle.loads({pickle.dumps(found)!r})\n"
        "assert rows and rows[0].start >= 0\n"
        "print(sorted(m for m in sys.modules if m.startswith('annotator.core.suggestions')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"
