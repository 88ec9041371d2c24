"""annotator export --format claimreview: the rated claims as ClaimReview JSON-LD, or one
sentence naming what each claim lacks, and nothing written."""

from __future__ import annotations

import json

from annotator.core.articles.provenance import Provenance
from annotator.core.articles.reading import ImportedDocument
from annotator.core.session.store import SessionStore

TEXT = "The bridge cost 4 million, according to the council. Rents doubled, she said."


def make_session(path):
    with SessionStore.open(path, create=True, reviewer="ana") as store:
        summary, _ = store.add_document(ImportedDocument(
            title="Bridge", text=TEXT, source_format="text",
            provenance=Provenance(url="https://post.example/bridge", outlet="Valley Post")))
        claim = store.add_annotation(summary.id, 0, 25, "claim")
        source = store.add_annotation(summary.id, 27, 51, "attribution")
        store.add_link(source.id, claim.id)
        store.update_annotation(claim.id, verdict="false")
        return claim.id


def test_claim_reviews_are_written_with_the_organisation_and_addresses(cli):
    session = cli.cwd / "s.sqlite"
    claim_id = make_session(session)
    out = cli.cwd / "reviews.json"
    result = cli.ok("export", session, "--format", "claimreview", "-o", out,
                    "--url-template", "https://desk.example/checks/{claim_id}",
                    "--org-name", "The Desk", "--org-url", "https://desk.example")
    assert "exported 1 claim reviews" in result.stderr
    [review] = json.loads(out.read_text(encoding="utf-8"))
    assert review["@type"] == "ClaimReview"
    assert review["url"] == f"https://desk.example/checks/{claim_id}"
    assert review["reviewRating"]["alternateName"] == "False"
    assert review["author"] == {"@type": "Organization", "name": "The Desk",
                                "url": "https://desk.example"}
    assert review["itemReviewed"]["appearance"]["url"] == "https://post.example/bridge"
    assert review["itemReviewed"]["author"]["name"] == "the council"


def test_what_a_claim_lacks_is_named_and_nothing_is_written(cli):
    session = cli.cwd / "s.sqlite"
    claim_id = make_session(session)
    out = cli.cwd / "reviews.json"
    result = cli.run("export", session, "--format", "claimreview", "-o", out)
    assert result.returncode != 0
    assert f"claim {claim_id} lacks url, author.name" in result.stderr
    assert len(result.stderr_lines) == 1 and not out.exists()


def test_publishing_options_belong_to_claimreview(cli):
    session = cli.cwd / "s.sqlite"
    make_session(session)
    result = cli.run("export", session, "--org-name", "Desk")
    assert result.returncode == 2 and "--format claimreview" in result.stderr


def test_exported_claim_reviews_read_back_as_the_same_claims(cli):
    session = cli.cwd / "s.sqlite"
    claim_id = make_session(session)
    out = cli.cwd / "reviews.json"
    cli.ok("export", session, "--format", "claimreview", "-o", out,
           "--url-template", "https://desk.example/checks/{claim_id}", "--org-name", "The Desk")
    other = cli.cwd / "other.sqlite"
    result = cli.ok("import-fact-checks", other, out)
    assert "1 published claim read from reviews.json" in result.stdout
    again = cli.ok("import-fact-checks", other, out)
    assert "0 published claims" in again.stdout and "1 the session had already" in again.stdout
    with SessionStore.open(other) as store:
        [ref] = store.reference_claims().values()
    assert ref.claim_reviewed == TEXT[:25] and ref.verdict == "False"
    assert ref.url == f"https://desk.example/checks/{claim_id}"
    assert ref.appearance_urls == ("https://post.example/bridge",)


def test_claims_lists_matches_across_articles_and_published_checks(cli, tmp_path):
    session = cli.cwd / "s.sqlite"
    claim_id = make_session(session)
    page = tmp_path / "check.html"
    page.write_text(
        '<html><head><script type="application/ld+json">{"@context": "https://schema.org", '
        '"@type": "ClaimReview", "claimReviewed": "The bridge cost 4 million", '
        '"url": "https://checks.example/1", "reviewRating": {"alternateName": "False"}}'
        "</script></head><body>A fact-check.</body></html>", encoding="utf-8")
    cli.ok("import-fact-checks", session, page)
    [claim] = json.loads(cli.ok("claims", session, "--json").stdout)
    assert claim["id"] == claim_id and claim["verdict"] == "false"
    assert [m["id"] for m in claim["matches"]] == ["ref:1"] and claim["same_as"] is None
    assert "matches: ref:1" in cli.ok("claims", session).stdout


def test_a_file_without_claim_reviews_is_one_sentence(cli, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"@type": "NewsArticle"}', encoding="utf-8")
    result = cli.run("import-fact-checks", cli.cwd / "s.sqlite", bad)
    assert result.returncode != 0 and "holds no ClaimReview" in result.stderr
    assert len(result.stderr_lines) == 1 and not (cli.cwd / "s.sqlite").exists()
