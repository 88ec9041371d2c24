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
