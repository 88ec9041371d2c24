"""Claims checked before: the claims that say the same thing in other words, best first."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.factcheck.claim_matching import (
    DEFAULT_THRESHOLD,
    Claim,
    ClaimIndex,
    Match,
    content_words,
    score,
)

# ------------------------------------------------------------------------------------ words


@pytest.mark.parametrize(("text", "words"), [
    ("The council spent 4 million on the bridge", ["council", "spend", "4000000", "bridg"]),
    ("Four million was spent by the council", ["4000000", "spend", "council"]),
    ("£4m", ["4000000"]),
    ("4,000,000 dollars", ["4000000", "dollar"]),
    ("It costs $1.2bn", ["cost", "1200000000"]),
    ("twenty-five thousand people", ["25000", "peopl"]),
    ("one hundred and twenty jobs", ["120", "job"]),
    ("Unemployment fell to 3.9%", ["unemployment", "decrease", "3.9", "percent"]),
    ("unemployment dropped to 3,9 per cent", ["unemployment", "decrease", "3.9", "percent"]),
    ("Crime went up, the mayor said", ["crim", "increase", "mayor"]),
    ("Vaccines do not cause autism", ["vaccin", "not", "caus", "autism"]),
    ("물가가 두 배로 올랐다", ["물가가", "두", "배로", "올랐다"]),
    ("", []),
    ("It is what it is, they said.", []),
])
def test_content_words_keep_what_a_claim_says(text, words):
    assert content_words(text) == words


# ------------------------------------------------------------------------------------ score

SAME = [
    ("The council spent 4 million on the bridge",
     "Four million was spent by the council on the bridge repairs"),
    ("Unemployment fell to 3.9% in March",
     "In March the unemployment rate dropped to 3.9 per cent"),
    ("The mayor said crime rose by 20 percent last year",
     "Crime went up 20% last year, according to the mayor"),
    ("Vaccines cause autism", "Autism is caused by vaccines"),
    ("The minister claimed 5,000 nurses were hired in 2023",
     "5000 nurses were hired in 2023, the minister claimed"),
    ("The city has 12,000 homeless people",
     "There are twelve thousand homeless people in the city"),
    ("The hospital waiting list grew to 7.6 million",
     "Waiting lists at hospitals increased to 7.6m"),
    ("The school budget was cut by £3m", "The school's budget was reduced by 3 million pounds"),
    ("More than 2,000 people died of the flu last winter",
     "The flu killed over 2000 people last winter"),
    ("Half of all teachers plan to quit within five years",
     "Within 5 years, half of teachers plan to quit"),
]
DIFFERENT = [
    # the figure
    ("The council spent 4 million on the bridge", "The council spent 9 million on the bridge"),
    ("Unemployment fell to 3.9% in March", "Unemployment fell to 4.2% in March"),
    ("The government built 300,000 new homes in 2022",
     "The government built 300,000 new homes in 2019"),
    ("The hospital waiting list grew to 7.6 million",
     "The hospital waiting list grew to 6.4 million"),
    # the actor, the object, the place
    ("The council spent 4 million on the bridge",
     "The government spent 4 million on the bridge"),
    ("The minister claimed 5,000 nurses were hired in 2023",
     "The minister claimed 5,000 teachers were hired in 2023"),
    ("The mayor said crime rose by 20 percent last year",
     "The mayor said taxes rose by 20 percent last year"),
    ("Petrol prices doubled since 2020", "Bread prices doubled since 2020"),
    ("Inflation was 5% in Germany in 2023", "Inflation was 5% in France in 2023"),
    ("Vaccines cause autism", "Vaccines cause infertility"),
    # another claim altogether
    ("The council spent 4 million on the bridge", "The bridge will open in June"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_a_claim_in_other_words_scores_above_the_threshold(a, b):
    assert score(a, b) >= DEFAULT_THRESHOLD + 10
    assert score(b, a) == pytest.approx(score(a, b))


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_a_claim_sharing_words_but_not_the_figure_or_the_actor_scores_below(a, b):
    assert score(a, b) < DEFAULT_THRESHOLD


def test_scores_lie_between_0_and_100():
    assert score("Vaccines cause autism", "vaccines CAUSE autism!") == 100
    assert score("", "Vaccines cause autism") == 0
    assert score("the of and", "the of and") == 0


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80), st.text(max_size=80))
def test_any_two_texts_score_between_0_and_100_either_way(a, b):
    value = score(a, b)
    assert 0 <= value <= 100
    assert score(b, a) == pytest.approx(value)


# ------------------------------------------------------------------------------------ index

DESK = [
    Claim(1, "The council spent 4 million on the bridge", article_id="a"),
    Claim(2, "Four million was spent by the council on the bridge repairs", article_id="b"),
    Claim(3, "The council spent £4m on the bridge, a spokesman said", article_id="c"),
    Claim(4, "The council spent 9 million on the bridge", article_id="b"),
    Claim(5, "The government spent 4 million on the bridge", article_id="c"),
    Claim(6, "The bridge will open in June", article_id="a"),
    Claim(7, "Officials say the council paid 4,000,000 for the bridge", article_id="a"),
    Claim(8, "Unemployment fell to 3.9% in March", article_id="d"),
    Claim(9, "Vaccines cause autism", article_id=None),  # a published fact-check's claim
]


@pytest.fixture
def desk() -> ClaimIndex:
    return ClaimIndex(DESK)


def ids(matches: list[Match]) -> list:
    return [m.claim_id for m in matches]


def test_similar_lists_the_same_claim_in_other_words_best_first(desk):
    found = desk.similar("The council spent 4 million on the bridge", exclude_ids=[1])
    assert ids(found) == [3, 7, 2]
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)
    assert found[0] == Match(3, 100, "c")
    assert all(DEFAULT_THRESHOLD <= m.score <= 100 for m in found)


def test_the_claims_of_an_article_are_left_out_when_asked(desk):
    found = desk.similar(DESK[0].text, exclude_ids=[1], exclude_article="a")
    assert ids(found) == [3, 2]
    assert ids(desk.similar_to(1)) == [3, 2]
    assert ids(desk.similar_to(1, other_articles=False)) == [3, 7, 2]


def test_limit_and_threshold(desk):
    assert ids(desk.similar(DESK[0].text, exclude_ids=[1], limit=1)) == [3]
    everything = desk.similar(DESK[0].text, exclude_ids=[1], threshold=0, limit=None)
    assert {1, 4, 5}.isdisjoint(ids(desk.similar(DESK[0].text, exclude_ids=[1])))
    assert {4, 5} <= set(ids(everything))
    assert ids(desk.similar(DESK[0].text, exclude_ids=[1], threshold=100)) == [3, 7]


def test_nothing_is_listed_for_an_empty_or_unrelated_text(desk):
    assert desk.similar("") == []
    assert desk.similar("the of and") == []
    assert desk.similar("Penguins can fly backwards") == []
    assert ClaimIndex().similar("Vaccines cause autism") == []
    assert ClaimIndex().all_matches() == {}


def test_a_reference_claim_without_an_article_is_found(desk):
    assert desk.similar("Autism is caused by vaccines, a post claims") == [Match(9, 97, None)]


def test_all_matches_lists_each_claim_with_the_others_it_matches(desk):
    matches = desk.all_matches(DEFAULT_THRESHOLD)
    assert ids(matches[1]) == [3, 7, 2]
    assert ids(matches[2]) == [1, 3, 7]
    assert 4 not in matches and 5 not in matches and 9 not in matches
    separate = desk.all_matches(DEFAULT_THRESHOLD, other_articles=True)
    assert ids(separate[1]) == [3, 2] and 1 not in ids(separate[7])
    assert ids(desk.all_matches(DEFAULT_THRESHOLD, limit=1)[1]) == [3]


def test_claims_can_be_added_replaced_and_removed(desk):
    desk.add(Claim(10, "The council paid 4 million for the bridge repairs", "e"))
    assert 10 in ids(desk.similar_to(1))
    desk.add(Claim(10, "Penguins can fly backwards", "e"))  # its text edited
    assert 10 not in ids(desk.similar_to(1))
    desk.remove(3)
    desk.remove(3)  # nothing to remove: no error
    assert 3 not in desk and len(desk) == len(DESK)
    assert ids(desk.similar_to(1)) == [2]
    assert 3 not in desk.all_matches()


WORDS = ["council", "government", "mayor", "spent", "cut", "raised", "million", "billion",
         "bridge", "road", "school", "hospital", "nurses", "teachers", "2019", "2020", "4", "9",
         "12", "percent", "crime", "rose", "fell"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8), min_size=1,
                max_size=30), st.integers(50, 90))
def test_all_matches_agrees_with_a_lookup_of_each_claim(texts, threshold):
    index = ClaimIndex(Claim(i, " ".join(words), i % 3) for i, words in enumerate(texts))
    everything = index.all_matches(threshold)
    for claim_id in range(len(texts)):
        expected = index.similar_to(claim_id, other_articles=False, limit=None,
                                    threshold=threshold)
        assert everything.get(claim_id, []) == expected
    assert all(claim_id in ids(everything[other])
               for claim_id, matches in everything.items() for other in ids(matches))


def test_ten_thousand_claims_are_matched_and_paraphrases_found():
    rng = random.Random(3)
    actors = ["council", "government", "mayor", "police", "ministry", "university"]
    things = ["bridge", "road", "school", "hospital", "library", "stadium", "tram", "park"]
    places = ["Leeds", "Lagos", "Lyon", "Lima", "Lisbon", "Leipzig", "Lusaka", "Lahore"]
    claims, paraphrases = [], {}
    for i in range(10_000):
        actor, thing, place = rng.choice(actors), rng.choice(things), rng.choice(places)
        figure, year = rng.randint(2, 99), rng.randint(2000, 2024)
        claims.append(Claim(i, f"The {actor} in {place} spent {figure} million on the {thing} "
                               f"in {year}", i // 10))
        if i % 500 == 0:
            paraphrases[i] = Claim(f"p{i}", f"In {year}, {figure}m was spent by the {actor} on "
                                            f"the {thing} in {place}, a report says", "p")
    index = ClaimIndex(claims + list(paraphrases.values()))
    for original, paraphrase in paraphrases.items():
        assert original in ids(index.similar_to(paraphrase.id))
    matches = index.all_matches(other_articles=True)
    assert all(original in ids(matches[p.id]) for original, p in paraphrases.items())


_VOCABULARY = ["went", "up", "per", "cent", "the", "a", "rose", "rising", "three", "twenty",
               "hundred", "and", "million", "1,200", "3,5", "%", "unemployment", "claims",
               "Cases", "studies", "x", "é", "Ölpreis", "denied", "go", "down", "more", "than"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_VOCABULARY), max_size=30), st.randoms())
def test_content_words_are_the_same_whether_a_word_form_was_kept_or_not(words, rnd):
    from annotator.core.factcheck import claim_matching

    text = " ".join(words)
    claim_matching._PLAIN_FORMS.clear()
    original_most = claim_matching._MOST_PLAIN_FORMS
    claim_matching._MOST_PLAIN_FORMS = 0  # nothing kept: every form worked out afresh
    try:
        fresh = claim_matching.content_words(text)
    finally:
        claim_matching._MOST_PLAIN_FORMS = original_most
    other = " ".join(rnd.sample(_VOCABULARY, 10))
    claim_matching.content_words(other)  # forms kept from another text
    assert claim_matching.content_words(text) == fresh
    assert claim_matching.content_words(text) == fresh  # and from this one


def test_a_word_that_starts_a_phrase_is_read_with_the_next_word_each_time():
    from annotator.core.factcheck.claim_matching import content_words

    content_words("Prices went nowhere, per annum.")  # the words alone, seen first
    assert content_words("Prices went up") == content_words("Prices increased")
    assert content_words("5 per cent") == content_words("5 percent")
