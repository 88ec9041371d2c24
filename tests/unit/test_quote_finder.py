"""Finding a quote again in a changed text (annotator.core.formats.quote_finder): the best context
wins, then the nearest place, and the work per span stays bounded however often the quote
recurs."""

from __future__ import annotations

from annotator.core.formats import quote_finder
from annotator.core.formats.quote_finder import QuoteFinder, shared_head, shared_tail
from annotator.core.formats.records import context_of


def test_the_exact_context_wins_over_a_nearer_occurrence() -> None:
    text = "the figure was 3,000 in May. Later the figure was 3,000 again."
    second = text.rindex("3,000")
    found = QuoteFinder(text).find("3,000", "Later the figure was ", " again.", expected=0)
    assert found == (second, second + 5)


def test_without_context_the_nearest_occurrence_wins() -> None:
    text = "3,000 and 3,000 and 3,000"
    assert QuoteFinder(text).find("3,000", expected=11) == (10, 15)
    assert QuoteFinder(text).find("3,000", expected=25) == (20, 25)


def test_a_paragraph_moved_far_away_is_found_by_its_context() -> None:
    filler = "".join(f"Line {i}: the agency said 12 percent.\n" for i in range(3000))
    moved = "Its own words: the minister said 12 percent, in March.\n"
    text = moved + filler  # the paragraph was at the end, now it is first
    old = filler + moved
    at = old.index("12 percent, in March")
    prefix, suffix = context_of(old, at, at + 10)
    found = QuoteFinder(text).find("12 percent", prefix, suffix, expected=at)
    assert found == (text.index("12 percent, in March"), text.index("12 percent, in March") + 10)
    assert abs(at - found[0]) > quote_finder.WINDOW


def test_white_space_may_differ_when_the_quote_is_not_there_as_it_is() -> None:
    text = "some 4,000\nmore could\nfollow"
    assert QuoteFinder(text).find("4,000 more could follow") == (5, len(text))


def test_the_work_per_span_is_bounded_however_often_the_quote_recurs(monkeypatch) -> None:
    text = "ab " * 20_000
    changed = "x" + text  # every span's offsets are one off
    calls = {"compared": 0}
    compare = QuoteFinder._context_is

    def counted(self, *args):
        calls["compared"] += 1
        return compare(self, *args)

    monkeypatch.setattr(QuoteFinder, "_context_is", counted)
    finder = QuoteFinder(changed)
    spans = 2_000
    for n in range(spans):
        start = 3 * n * 10
        prefix, suffix = context_of(text, start, start + 2)
        assert finder.find("ab", prefix, suffix, start) is not None
    assert calls["compared"] <= spans * 2 * quote_finder.NEAR_OCCURRENCES
    assert calls["compared"] < spans * 40  # nearly always the first or second looked at


def test_shared_head_and_tail_of_long_texts() -> None:
    a = "x" * 200_000 + "A" + "y" * 100_000
    b = "x" * 200_000 + "BB" + "y" * 100_000
    assert shared_head(a, b) == 200_000
    assert shared_tail(a, b, min(len(a), len(b)) - 200_000) == 100_000
    assert shared_head("abc", "abc") == 3 and shared_tail("abc", "abc", 0) == 0
    assert shared_head("", "abc") == 0


def test_only_the_context_near_the_quote_is_compared() -> None:
    text = "x" * 100_000 + "12 percent" + "y" * 100_000
    finder = QuoteFinder(text)
    found = finder.find("12 percent", "z" * 1_000_000 + "x" * 64, "y" * 64 + "z" * 1_000_000)
    assert found == (100_000, 100_010) and finder.matched_context
