"""The suggester proposes exactly what ``tests/fixtures/suggestions/expected_output.jsonl`` holds
for the example articles and a long generated one: the same spans, labels, reasons and rules.

A change to the rules changes this on purpose: write the file again with
``python tests/fixtures/suggestions/build_expected_output.py`` and read the diff. A change meant
only to make the suggester faster must leave it as it is.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "suggestions"
_spec = importlib.util.spec_from_file_location("build_expected_output",
                                               FIXTURES / "build_expected_output.py")
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)

EXPECTED = {line["file"]: line for line in map(
    json.loads, build.EXPECTED.read_text(encoding="utf-8").splitlines())}
TEXTS = dict(build.texts())


def test_every_article_is_checked():
    assert set(EXPECTED) == set(TEXTS)
    assert sum(line["count"] for line in EXPECTED.values()) > 5_000


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_the_suggestions_are_the_expected_ones(name):
    expected, text = EXPECTED[name], TEXTS[name]
    if hashlib.sha256(text.encode()).hexdigest() != expected["sha256"]:
        pytest.fail(f"{name} changed: write expected_output.jsonl again "
                    "(tests/fixtures/suggestions/build_expected_output.py)")
    found = build.output(text)
    if "suggestions" in expected:
        assert found == expected["suggestions"]
    assert len(found) == expected["count"]
    assert build.digest(found) == expected["output_sha256"], (
        "the suggestions differ from expected_output.jsonl; if the rules were changed on "
        "purpose, write it again with tests/fixtures/suggestions/build_expected_output.py")


def test_a_long_text_read_in_pieces_gives_the_same_suggestions(monkeypatch):
    """Cut into pieces (as a long article is when its suggestions are stored), the text gives
    the suggestions it gives whole."""
    import annotator.core.suggestions as suggestions

    text = TEXTS[build.GENERATED]
    suggester = suggestions.Suggester(suggestions.load_rules())
    whole = suggester.suggest(text)
    monkeypatch.setattr(suggestions, "PIECE_CHARS", 50_000)
    pieces = list(suggester.suggest_in_pieces(text))
    assert len(pieces) > 5
    assert [s for piece in pieces for s in piece] == whole
