"""schema.org ClaimReview JSON-LD: written from claims with a verdict, read from published
fact-checks, and read back as written."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.errors import FormatError, IncompleteClaimReviews
from annotator.core.factcheck import claimreview as cr
from annotator.core.factcheck.claimreview import (
    PublishableClaim,
    ReferenceClaim,
    claimreview,
    missing,
    read_fact_checks,
    write_claimreviews,
)
from annotator.core.factcheck.verdict_scales import STANDARD

COMPLETE = PublishableClaim(
    claim_id=12,
    claim_reviewed="The council spent £4m on the bridge",
    verdict_title=STANDARD.title_of("mostly_true"),
    rating_value=STANDARD.rating_of("mostly_true"),
    best_rating=STANDARD.best_rating,
    worst_rating=STANDARD.worst_rating,
    url="https://checks.example.org/claims/12",
    organisation_name="Example Checks",
    organisation_url="https://checks.example.org",
    date_published=date(2024, 3, 5),
    article_url="https://news.example.com/2024/03/bridge",
    outlet_name="The Daily Example",
    article_date=date(2024, 3, 1),
    claim_author="Jane Councillor",
)


def written(claims) -> list[dict]:
    out = io.StringIO()
    write_claimreviews(claims, out)
    return json.loads(out.getvalue())


# ------------------------------------------------------------------------------------ writing


def test_a_complete_claim_is_written_as_a_claimreview():
    assert claimreview(COMPLETE) == {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://checks.example.org/claims/12",
        "claimReviewed": "The council spent £4m on the bridge",
        "reviewRating": {"@type": "Rating", "alternateName": "Mostly true", "ratingValue": 4,
                         "bestRating": 5, "worstRating": 1},
        "author": {"@type": "Organization", "name": "Example Checks",
                   "url": "https://checks.example.org"},
        "datePublished": "2024-03-05",
        "itemReviewed": {
            "@type": "Claim",
            "appearance": {"@type": "NewsArticle",
                           "url": "https://news.example.com/2024/03/bridge",
                           "publisher": {"@type": "Organization", "name": "The Daily Example"}},
            "datePublished": "2024-03-01",
            "author": {"@type": "Person", "name": "Jane Councillor"},
        },
    }


def test_what_is_unknown_about_the_appearance_is_left_out():
    bare = replace(COMPLETE, organisation_url=None, article_url=None, outlet_name=None,
                   article_date=None, claim_author=None)
    review = claimreview(bare)
    assert review["itemReviewed"] == {"@type": "Claim"}
    assert review["author"] == {"@type": "Organization", "name": "Example Checks"}
    outlet_only = claimreview(replace(bare, outlet_name="Radio X", claim_author="Ministry",
                                      claim_author_is_organisation=True))
    assert outlet_only["itemReviewed"] == {
        "@type": "Claim",
        "appearance": {"@type": "NewsArticle",
                       "publisher": {"@type": "Organization", "name": "Radio X"}},
        "author": {"@type": "Organization", "name": "Ministry"}}


def test_a_complete_claim_lacks_nothing():
    assert missing(COMPLETE) == []


@pytest.mark.parametrize(("changes", "lacks"), [
    ({"claim_reviewed": "  "}, ["claimReviewed"]),
    ({"verdict_title": None}, ["reviewRating.alternateName"]),
    ({"rating_value": None}, ["reviewRating.ratingValue (the verdict has no rating)"]),
    ({"best_rating": None, "worst_rating": float("nan")},
     ["reviewRating.bestRating", "reviewRating.worstRating"]),
    ({"rating_value": 9}, ["reviewRating.ratingValue (outside worstRating to bestRating)"]),
    ({"rating_value": True}, ["reviewRating.ratingValue (the verdict has no rating)"]),
    ({"url": None}, ["url"]),
    ({"url": "checks.example.org/12"}, ["url (not a web address)"]),
    ({"organisation_name": ""}, ["author.name"]),
    ({"date_published": None}, ["datePublished"]),
    ({"date_published": "2024-03-05"}, ["datePublished"]),
    ({"claim_reviewed": None, "url": None, "date_published": None},
     ["claimReviewed", "url", "datePublished"]),
])
def test_missing_names_each_required_property_a_claim_lacks(changes, lacks):
    assert missing(replace(COMPLETE, **changes)) == lacks


def test_an_incomplete_claim_is_refused_one_at_a_time_too():
    with pytest.raises(IncompleteClaimReviews, match="claim 12 lacks url"):
        claimreview(replace(COMPLETE, url=""))


def test_nothing_is_written_when_any_claim_lacks_something_and_each_is_named(tmp_path):
    claims = [COMPLETE, replace(COMPLETE, claim_id=15, url=None),
              replace(COMPLETE, claim_id=16),
              replace(COMPLETE, claim_id=17, rating_value=None, date_published=None)]
    out = io.StringIO()
    with pytest.raises(IncompleteClaimReviews) as caught:
        write_claimreviews(claims, out)
    assert out.getvalue() == ""
    assert caught.value.missing == {
        15: ["url"],
        17: ["reviewRating.ratingValue (the verdict has no rating)", "datePublished"]}
    assert str(caught.value) == (
        "Nothing was written: 2 claims lack what a ClaimReview needs (claim 15 lacks url; "
        "claim 17 lacks reviewRating.ratingValue (the verdict has no rating), datePublished).")
    target = tmp_path / "checks.json"
    with pytest.raises(IncompleteClaimReviews, match="1 claim lacks"):
        write_claimreviews([replace(COMPLETE, url=None)], target)
    assert not target.exists()


def test_the_file_is_a_json_array_in_utf8_not_escaped_and_the_same_each_time(tmp_path):
    target = tmp_path / "checks.json"
    claims = [COMPLETE, replace(COMPLETE, claim_id=13, claim_reviewed="물가가 두 배로 올랐다 🚀")]
    assert write_claimreviews(claims, target) == 2
    data = target.read_bytes()
    assert "물가가 두 배로 올랐다 🚀".encode() in data and b"\\u" not in data
    assert [r["claimReviewed"] for r in json.loads(data)] == [COMPLETE.claim_reviewed,
                                                              "물가가 두 배로 올랐다 🚀"]
    assert list(json.loads(data)[0]) == ["@context", "@type", "url", "claimReviewed",
                                         "reviewRating", "author", "datePublished",
                                         "itemReviewed"]
    write_claimreviews(claims, target)
    assert target.read_bytes() == data
    assert write_claimreviews([], tmp_path / "none.json") == 0
    assert json.loads((tmp_path / "none.json").read_text()) == []


def test_text_is_written_on_one_line_without_surrounding_space():
    review = claimreview(replace(COMPLETE, claim_reviewed="  a\n\u00a0claim \n",
                                 url=" https://x.org/1 "))
    assert (review["claimReviewed"], review["url"]) == ("a claim", "https://x.org/1")


# ------------------------------------------------------------------------------------ reading

GOOGLE_EXAMPLE = """{
  "@context": "https://schema.org",
  "@type": "ClaimReview",
  "url": "https://example.com/news/science/worldisflat.html",
  "claimReviewed": "The world is flat",
  "itemReviewed": {
    "@type": "Claim",
    "author": {"@type": "Organization", "name": "Square World Society",
               "sameAs": "https://example.flatworlders.com/we-know-that-the-world-is-flat"},
    "datePublished": "2016-06-20",
    "appearance": {"@type": "OpinionNewsArticle",
                   "url": "https://example.com/news/a122121",
                   "headline": "Square Earth - Flat earthers for the Internet age",
                   "datePublished": "2016-06-22",
                   "author": {"@type": "Person", "name": "T. Tellme"},
                   "publisher": {"@type": "Organization", "name": "Skeptical News"}}
  },
  "author": {"@type": "Organization", "name": "Example.com science watch"},
  "reviewRating": {"@type": "Rating", "ratingValue": "1", "bestRating": "5",
                   "worstRating": "1", "alternateName": "False"}
}"""

FLAT = ReferenceClaim(
    claim_reviewed="The world is flat", verdict="False", rating_value=1, best_rating=5,
    worst_rating=1, url="https://example.com/news/science/worldisflat.html",
    organisation_name="Example.com science watch", organisation_url=None, date_published=None,
    appearance_urls=("https://example.com/news/a122121",), claim_author="Square World Society",
    claim_date=date(2016, 6, 20))


def test_a_published_claimreview_is_read_as_a_reference_claim():
    assert read_fact_checks(GOOGLE_EXAMPLE) == [FLAT]
    assert read_fact_checks(GOOGLE_EXAMPLE.encode("utf-8")) == [FLAT]
    assert read_fact_checks(GOOGLE_EXAMPLE.encode("utf-16")) == [FLAT]
    assert read_fact_checks(b"\xef\xbb\xbf" + GOOGLE_EXAMPLE.encode()) == [FLAT]


def review(claim: str, **extra) -> dict:
    return {"@type": "ClaimReview", "claimReviewed": claim, **extra}


@pytest.mark.parametrize("document", [
    [review("one"), review("two")],
    {"@context": "https://schema.org", "@graph": [review("one"), review("two")]},
    [{"@context": "http://schema.org/", "@graph": [review("one")]},
     {"@graph": [{"@type": "Organization", "name": "x"}, review("two")]}],
    [{**review("one"), "@type": ["ClaimReview", "WebContent"]},
     {**review("two"), "@type": "http://schema.org/ClaimReview"}],
    [{**review("one"), "@type": "schema:ClaimReview"},
     {**review("two"), "@type": "https://schema.org/ClaimReview", "@context": {
         "@vocab": "https://schema.org/"}}],
    {"@context": "https://schema.org", "@type": "WebPage", "name": "Fact check",
     "mainEntity": review("one"), "hasPart": {"@type": "ItemList",
                                              "itemListElement": [review("two")]}},
    {"@type": "DataFeed", "dataFeedElement": [{"@type": "DataFeedItem", "item": [
        review("one"), review("two")]}]},
])
def test_claimreviews_are_found_however_the_json_ld_holds_them(document):
    assert [c.claim_reviewed for c in read_fact_checks(json.dumps(document))] == ["one", "two"]


def test_a_web_page_is_read_for_its_json_ld_blocks():
    page = f"""<!doctype html><html><head><title>Fact check</title>
    <script type="application/ld+json">{{ not json }}</script>
    <script type='application/ld+json'>{{"@type": "WebSite", "name": "Checks"}}</script>
    <script type=application/ld+json>{GOOGLE_EXAMPLE}</script>
    <script>var x = {{"@type": "ClaimReview", "claimReviewed": "a script"}};</script>
    </head><body><p>The world is flat? No.</p></body></html>"""
    assert read_fact_checks(page) == [FLAT]
    assert read_fact_checks(b"\n  " + page.encode()) == [FLAT]
    with pytest.raises(FormatError, match="holds no ClaimReview"):
        read_fact_checks("<html><body>No data</body></html>")


def test_nodes_referred_to_by_id_are_looked_up():
    document = {"@context": "https://schema.org", "@graph": [
        {"@type": "ClaimReview", "@id": "#review", "claimReviewed": "Taxes doubled",
         "itemReviewed": {"@id": "#claim"}, "author": {"@id": "#org"},
         "reviewRating": {"@id": "#rating"}},
        {"@type": "Claim", "@id": "#claim", "author": {"@type": "Person", "name": "A. Mayor"},
         "appearance": [{"@id": "https://news.example/1"}, "https://news.example/2",
                        {"@type": "VideoObject", "url": "https://video.example/3"}]},
        {"@type": "Organization", "@id": "#org", "name": "Desk", "url": "https://desk.example"},
        {"@type": "Rating", "@id": "#rating", "ratingValue": 2, "alternateName": "Mostly false"},
    ]}
    [claim] = read_fact_checks(json.dumps(document))
    assert claim.claim_author == "A. Mayor"
    assert claim.appearance_urls == ("https://news.example/1", "https://news.example/2",
                                     "https://video.example/3")
    assert (claim.organisation_name, claim.organisation_url) == ("Desk", "https://desk.example")
    assert (claim.verdict, claim.rating_value) == ("Mostly false", 2)


@pytest.mark.parametrize(("rating", "expected"), [
    ({"ratingValue": 3, "bestRating": 5, "worstRating": 1}, ("3", 3, 5, 1)),
    ({"ratingValue": "2.5", "bestRating": " 5 ", "worstRating": "0"}, ("2.5", 2.5, 5, 0)),
    ({"ratingValue": 4.0, "alternateName": ["", "Mostly true"]}, ("Mostly true", 4, None, None)),
    ({"ratingValue": "high", "name": "Misleading"}, ("Misleading", None, None, None)),
    ({"ratingValue": True, "bestRating": "1e999"}, (None, None, None, None)),
    ({"alternateName": {"@value": "Falso", "@language": "es"}}, ("Falso", None, None, None)),
])
def test_ratings_are_read_from_numbers_or_numeric_strings(rating, expected):
    [claim] = read_fact_checks(json.dumps(review("c", reviewRating=rating)))
    assert (claim.verdict, claim.rating_value, claim.best_rating, claim.worst_rating) == expected


def test_the_older_form_and_odd_values_are_read_where_they_make_sense():
    old = review("Crime doubled", itemReviewed={
        "@type": "CreativeWork", "url": "https://news.example/crime",
        "author": {"@type": "Person", "name": ["Ann", "Bob"]},
        "datePublished": "2019-04-02T10:00:00Z"},
        datePublished="2019-04-05T09:30:00+02:00", author="A Desk", url=["https://d.example/1"])
    [claim] = read_fact_checks(json.dumps(old))
    assert claim.appearance_urls == ("https://news.example/crime",)
    assert claim.claim_author == "Ann"
    assert (claim.claim_date, claim.date_published) == (date(2019, 4, 2), date(2019, 4, 5))
    assert (claim.organisation_name, claim.url) == ("A Desk", "https://d.example/1")
    assert read_fact_checks(json.dumps(review("c", datePublished="last week")))[0] \
        .date_published is None


def test_the_claim_text_may_come_from_the_claim_and_a_review_without_one_is_left_out():
    document = [review("", itemReviewed={"@type": "Claim", "name": "Named claim"}),
                {"@type": "ClaimReview", "url": "https://d.example/empty"},
                review("  spaced\n  out  ")]
    assert [c.claim_reviewed for c in read_fact_checks(json.dumps(document))] == [
        "Named claim", "spaced out"]
    with pytest.raises(FormatError, match=r"None of the 1 ClaimReviews .* \(claimReviewed\)\.$"):
        read_fact_checks(json.dumps({"@type": "ClaimReview", "url": "https://d.example/x"}))


@pytest.mark.parametrize(("data", "message"), [
    ("", "not valid JSON \\(Expecting value at line 1, column 1\\)"),
    ('{"@type": "ClaimReview",', "not valid JSON"),
    (b'{"claimReviewed": "\xff"}', "not text in UTF-8"),
    ("[" * 200_000 + "]" * 200_000, "nests its JSON too deeply"),
    ('{"a": ' + "9" * 5000 + "}", "cannot be read as JSON"),
    ("{}", "holds no ClaimReview"),
    ('[{"@type": "Review", "claimReviewed": "x"}, 3, "ClaimReview"]', "holds no ClaimReview"),
])
def test_what_cannot_be_read_is_one_clear_sentence(data, message):
    with pytest.raises(FormatError, match=message):
        read_fact_checks(data)


def test_huge_inputs_are_refused_before_they_are_parsed(monkeypatch):
    with pytest.raises(FormatError, match="more than the 50,000,000 that are read"):
        read_fact_checks(b" " * (cr.MAX_INPUT_BYTES + 1))
    monkeypatch.setattr(cr, "MAX_REVIEWS", 3)
    with pytest.raises(FormatError, match="more than 3 ClaimReviews"):
        read_fact_checks(json.dumps([review(str(i)) for i in range(4)]))
    assert len(read_fact_checks(json.dumps([review(str(i)) for i in range(3)]))) == 3


def test_a_long_text_is_cut():
    [claim] = read_fact_checks(json.dumps(review("x" * (cr.MAX_TEXT_CHARS + 5))))
    assert len(claim.claim_reviewed) == cr.MAX_TEXT_CHARS


# ------------------------------------------------------------------------------------ round trip

ODD = st.characters(
    whitelist_categories=("Lu", "Ll", "Lo", "Mn", "Nd", "So", "Zs", "Po"),
    whitelist_characters="\u0301\u0308\U0001F600\U0001F680\u200d\U0001F3F3\ufe0f")
HANGUL = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
odd_text = st.text(st.one_of(ODD, HANGUL), min_size=1, max_size=60) \
    .map(lambda t: " ".join(t.split())).filter(bool)
path = st.text(st.one_of(HANGUL, st.sampled_from("abc-_~%/")), min_size=1, max_size=20)
dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))


@st.composite
def publishable(draw, claim_id: int) -> PublishableClaim:
    worst = draw(st.integers(-5, 5))
    best = draw(st.integers(worst + 1, worst + 10))
    return PublishableClaim(
        claim_id=claim_id,
        claim_reviewed=draw(odd_text),
        verdict_title=draw(odd_text),
        rating_value=draw(st.integers(worst, best)),
        best_rating=best,
        worst_rating=worst,
        url=f"https://checks.example.org/{draw(path)}",
        organisation_name=draw(odd_text),
        organisation_url=draw(st.none() | st.just("https://checks.example.org")),
        date_published=draw(dates),
        article_url=draw(st.none() | path.map(lambda p: f"https://news.example/{p}")),
        outlet_name=draw(st.none() | odd_text),
        article_date=draw(st.none() | dates),
        claim_author=draw(st.none() | odd_text),
        claim_author_is_organisation=draw(st.booleans()),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 5).flatmap(lambda n: st.tuples(*(publishable(i) for i in range(n)))))
def test_what_is_written_is_read_back_the_same(claims):
    out = io.StringIO()
    write_claimreviews(claims, out)
    read = read_fact_checks(out.getvalue().encode("utf-8"))
    assert [ReferenceClaim(
        claim_reviewed=c.claim_reviewed, verdict=c.verdict_title, rating_value=c.rating_value,
        best_rating=c.best_rating, worst_rating=c.worst_rating, url=c.url,
        organisation_name=c.organisation_name, organisation_url=c.organisation_url,
        date_published=c.date_published,
        appearance_urls=(c.article_url,) if c.article_url else (),
        claim_author=c.claim_author, claim_date=c.article_date) for c in claims] == read


@pytest.mark.parametrize("address", [
    "javascript:alert(1)", "file:///etc/passwd", "data:text/html,<b>x</b>", "  ", "news/1.html",
])
def test_an_address_that_is_no_web_address_is_not_read(address):
    item = review("one", url=address, itemReviewed={"@type": "Claim", "appearance": address},
                  author={"@type": "Organization", "name": "Desk", "url": address})
    (claim,) = read_fact_checks(json.dumps(item))
    assert (claim.url, claim.organisation_url, claim.appearance_urls) == (None, None, ())
