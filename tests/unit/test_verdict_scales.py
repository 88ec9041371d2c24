"""The desk's verdict scale: validation, presets, the dialog's edits and the stored JSON."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.defaults import VERDICTS
from annotator.core.errors import ValidationFailed, VerdictScaleError
from annotator.core.factcheck.verdict_scales import (
    MAX_VERDICTS,
    POLITIFACT,
    PRESETS,
    STANDARD,
    THREE,
    Verdict,
    VerdictScale,
    preset,
)


def scale(*items: tuple[str, str, int | None]) -> VerdictScale:
    return VerdictScale(tuple(Verdict(k, t, "#123456", r) for k, t, r in items))


# ------------------------------------------------------------------------------------ presets


def test_the_standard_preset_is_todays_seven_verdicts_unchanged():
    assert STANDARD.titles == VERDICTS
    assert list(STANDARD.keys) == list(VERDICTS)
    assert [STANDARD.rating_of(k) for k in STANDARD.keys] == [None, 5, 4, 3, 2, 1, None]
    assert (STANDARD.best_rating, STANDARD.worst_rating) == (5, 1)
    assert [v.key for v in STANDARD.rated] == ["true", "mostly_true", "mixed", "mostly_false",
                                               "false"]


def test_the_politifact_and_three_verdict_presets():
    assert [(v.title, v.rating) for v in POLITIFACT] == [
        ("True", 6), ("Mostly True", 5), ("Half True", 4), ("Mostly False", 3), ("False", 2),
        ("Pants on Fire", 1)]
    assert [(v.title, v.rating) for v in THREE] == [("True", 3), ("Misleading", 2),
                                                    ("False", 1)]
    assert preset("three") is THREE
    with pytest.raises(VerdictScaleError, match="standard, politifact, three"):
        preset("snopes")


@pytest.mark.parametrize("name", list(PRESETS))
def test_each_preset_has_distinct_lower_case_colours(name):
    colours = [v.color for v in PRESETS[name]]
    assert len(set(colours)) == len(colours)
    assert all(c == c.lower() and len(c) == 7 for c in colours)


# ------------------------------------------------------------------------------------ rules


@pytest.mark.parametrize(("items", "message"), [
    ((("a", "A", 1), ("a", "B", 2)), "two verdicts have the key 'a'"),
    ((("a", "True", 1), ("b", " true ", 2)), "two verdicts are called"),
    ((("a", "A", 1), ("b", "B", 1)), "the same rating, 1"),
    ((("a", "A", 1), ("b", "B", None)), "at least two verdicts with a rating"),
    ((), "at least two verdicts with a rating"),
])
def test_a_scale_breaking_a_rule_is_refused_in_one_sentence(items, message):
    with pytest.raises(VerdictScaleError, match=message):
        scale(*items)


@pytest.mark.parametrize(("args", "message"), [
    (("A", "x", "#123456", 1), "cannot be a verdict's key"),
    (("a b", "x", "#123456", 1), "cannot be a verdict's key"),
    (("a", "   ", "#123456", 1), "needs a title"),
    (("a", "x" * 81, "#123456", 1), "more than 80"),
    (("a", "x\ny", "#123456", 1), None),
    (("a", "x\x07", "#123456", 1), "control character"),
    (("a", "x", "red", 1), "write it as #rrggbb"),
    (("a", "x", "#12345", 1), "write it as #rrggbb"),
    (("a", "x", "#123456", 1.5), "whole number"),
    (("a", "x", "#123456", True), "whole number"),
])
def test_a_verdict_breaking_a_rule_is_refused(args, message):
    if message is None:  # a line break is spacing: the title is tidied, not refused
        assert Verdict(*args).title == "x y"
        return
    with pytest.raises(VerdictScaleError, match=message):
        Verdict(*args)


def test_the_error_is_a_value_error_and_a_validation_failure():
    with pytest.raises(ValueError):
        Verdict("a", "", "#123456")
    assert issubclass(VerdictScaleError, ValidationFailed)


def test_a_title_is_tidied_and_a_colour_kept_in_lower_case():
    verdict = Verdict("a", "  Mostly   true ", "#ABCDEF", 3)
    assert (verdict.title, verdict.color) == ("Mostly true", "#abcdef")


def test_too_many_verdicts_are_refused():
    items = [(f"v{i}", f"V{i}", i) for i in range(MAX_VERDICTS + 1)]
    with pytest.raises(VerdictScaleError, match=f"at most {MAX_VERDICTS}"):
        scale(*items)


def test_ratings_need_not_be_consecutive_or_in_the_scales_order():
    odd = scale(("worst", "Worst", -2), ("meh", "Meh", None), ("best", "Best", 10))
    assert (odd.best_rating, odd.worst_rating) == (10, -2)
    assert odd.rating_of("meh") is None
    assert odd.title_of("best") == "Best"


def test_an_unknown_key_is_named():
    with pytest.raises(VerdictScaleError, match="no verdict 'nope'"):
        STANDARD.rating_of("nope")
    assert "true" in STANDARD and "nope" not in STANDARD
    assert STANDARD.key_for_title("  mostly TRUE") == "mostly_true"
    assert STANDARD.key_for_title("Pants on Fire") is None


# ------------------------------------------------------------------------------------ edits


def test_renaming_keeps_the_key_so_claims_keep_their_verdict():
    renamed = STANDARD.renamed("mixed", "Half true")
    assert renamed.keys == STANDARD.keys
    assert renamed.title_of("mixed") == "Half true"
    assert renamed.rating_of("mixed") == 3
    assert STANDARD.title_of("mixed") == "Mixed"  # the scale itself is unchanged


def test_renaming_onto_another_verdicts_title_is_refused():
    with pytest.raises(VerdictScaleError, match="two verdicts are called 'False'"):
        STANDARD.renamed("true", "False")


def test_editing_the_colour_and_the_rating():
    edited = THREE.edited("misleading", color="#009E73", rating=None)
    assert edited.get("misleading") == Verdict("misleading", "Misleading", "#009e73", None)
    with pytest.raises(VerdictScaleError, match="at least two verdicts with a rating"):
        edited.edited("true", rating=None)
    with pytest.raises(VerdictScaleError, match="same rating"):
        THREE.edited("true", rating=1)


def test_reordering_names_each_verdict_once():
    order = ["false", "misleading", "true"]
    assert THREE.reordered(order).keys == tuple(order)
    with pytest.raises(VerdictScaleError, match="leaves out the verdict 'Misleading'"):
        THREE.reordered(["false", "true"])
    with pytest.raises(VerdictScaleError, match="no verdict 'nope'"):
        THREE.reordered(["false", "true", "nope"])
    with pytest.raises(VerdictScaleError, match="names a verdict twice"):
        THREE.reordered(["false", "true", "misleading", "true"])
    assert THREE.moved("false", 0).keys == ("false", "true", "misleading")
    assert THREE.moved("true", 99).keys == ("misleading", "false", "true")


def test_adding_gives_a_fresh_unique_key_from_the_title():
    bigger, key = THREE.added("Needs context", rating=4)
    assert key == "needs_context"
    assert bigger.keys[-1] == "needs_context"
    assert bigger.best_rating == 4
    again, key2 = bigger.added("Needs   context!")
    assert key2 == "needs_context_2"
    with pytest.raises(VerdictScaleError, match="two verdicts are called"):
        bigger.added("NEEDS CONTEXT")


@pytest.mark.parametrize(("title", "key"), [
    ("Faux à moitié", "faux_a_moitie"),
    ("50/50", "v_50_50"),
    ("거짓", "verdict"),
    ("🔥 Pants on fire 🔥", "pants_on_fire"),
    ("x" * 60, "x" * 36),
])
def test_the_fresh_key_is_an_ascii_slug(title, key):
    assert STANDARD.fresh_key(title) == key


def test_the_fresh_key_avoids_a_key_already_taken():
    assert STANDARD.fresh_key("True") == "true_2"
    assert STANDARD.fresh_key("Mostly-true") == "mostly_true_2"


def test_an_added_verdict_gets_a_colour_the_scale_lacks_and_can_be_placed():
    bigger, key = THREE.added("Satire", position=1)
    assert bigger.keys == ("true", "satire", "misleading", "false")
    assert bigger.get(key).color not in {v.color for v in THREE}
    assert bigger.rating_of(key) is None


def test_a_verdict_in_use_is_not_removable_and_the_sentence_says_why():
    assert STANDARD.removable("mixed", {"true", "false"}) is None
    reason = STANDARD.removable("mixed", {"mixed": 3, "true": 1})
    assert reason == ("“Mixed” cannot be removed: 3 claims have it. Give them another verdict "
                      "first, or rename it.")
    assert "1 claim has it" in STANDARD.removable("mixed", {"mixed": 1})
    assert STANDARD.removable("mixed", {"mixed": 0}) is None
    assert "claims have it" in STANDARD.removable("true", ["true"])
    assert "no verdict 'nope'" in STANDARD.removable("nope")
    with pytest.raises(VerdictScaleError, match="3 claims have it"):
        STANDARD.removed("mixed", {"mixed": 3})
    smaller = STANDARD.removed("mixed", {"true": 2})
    assert "mixed" not in smaller and len(smaller) == 6


def test_the_last_two_rated_verdicts_are_not_removable():
    two = THREE.removed("misleading")
    assert "at least two verdicts with a rating" in two.removable("true")
    with pytest.raises(VerdictScaleError):
        two.removed("false")
    assert STANDARD.removed("unverified").removed("not_checkable").rated == STANDARD.rated


# ------------------------------------------------------------------------------------ JSON


@pytest.mark.parametrize("name", list(PRESETS))
def test_a_scale_survives_its_json(name):
    text = PRESETS[name].to_json()
    assert VerdictScale.from_json(text) == PRESETS[name]
    assert VerdictScale.from_json(text.encode()) == PRESETS[name]
    assert json.loads(text)["version"] == 1


titles = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=30) \
    .filter(lambda t: t.strip())


@settings(max_examples=80, deadline=None)
@given(st.lists(titles, min_size=1, max_size=12,
                unique_by=lambda t: " ".join(t.split()).casefold()), titles)
def test_any_scale_of_odd_titles_survives_its_json(names, new_title):
    current = THREE
    for number, name in enumerate(names):
        if current.key_for_title(name) is None:
            current, key = current.added(name, rating=10 + number)
            assert current.title_of(key) == " ".join(name.split())
    assert VerdictScale.from_json(current.to_json()) == current
    if current.key_for_title(new_title) is None:
        renamed = current.renamed("misleading", new_title)
        assert renamed.keys == current.keys
        assert VerdictScale.from_json(renamed.to_json()) == renamed


@pytest.mark.parametrize(("text", "message"), [
    ("{", "not valid JSON \\(line 1, column 2\\)"),
    ("[]", "not a JSON object with a list of verdicts"),
    ('{"verdicts": {}}', "not a JSON object with a list of verdicts"),
    ('{"version": 2, "verdicts": []}', "of version 2"),
    ('{"verdicts": [{"key": "a"}]}', "verdict 1 of the stored scale lacks"),
    ('{"verdicts": [1]}', "verdict 1 of the stored scale lacks"),
    ('{"verdicts": [{"key": "a", "title": "A", "color": "#000000", "rating": 1}]}',
     "at least two verdicts with a rating"),
    ("[" * 100_000, "not valid JSON"),
    (" " * 1_000_001, "more than a scale can be"),
])
def test_a_stored_scale_that_cannot_be_read_says_so(text, message):
    with pytest.raises(VerdictScaleError, match=message):
        VerdictScale.from_json(text)
