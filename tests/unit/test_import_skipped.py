"""What an annotation file holds but the import cannot add is listed, never dropped in
silence: annotations a reader left out (a W3C target without text selectors), also when their
document is not in the session, and W3C documents named by a hex ``ni:`` checksum."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.core.articles.text import sha256_text
from annotator.core.formats.session_io import import_annotations

TEXT = "The minister said 3,000 homes were evacuated, officials said."


def other_tool_file(path: Path, source: str, selectors: list[dict]) -> Path:
    """A W3C file as another tool writes it: one annotation per selector, no texts."""
    items = [
        {"id": f"https://example.org/anno/{n}", "type": "Annotation", "motivation": "tagging",
         "body": {"type": "TextualBody", "purpose": "tagging", "value": "claim"},
         "target": {"source": source, "selector": selector}}
        for n, selector in enumerate(selectors, 1)
    ]
    path.write_text(json.dumps({"@context": "http://www.w3.org/ns/anno.jsonld",
                                "type": "AnnotationPage", "items": items}), encoding="utf-8")
    return path


XPATH = {"type": "XPathSelector", "value": "/html/body/p[2]"}
RANGE = {"type": "RangeSelector",
         "startSelector": {"type": "XPathSelector", "value": "/p[1]"},
         "endSelector": {"type": "XPathSelector", "value": "/p[2]"}}


def test_annotations_without_text_selectors_of_an_unknown_document_are_listed(
    tmp_path: Path, store, add_text
) -> None:
    add_text(TEXT, title="Homes")
    path = other_tool_file(tmp_path / "other.jsonld", "https://example.com/article",
                           [XPATH, RANGE])
    report = import_annotations(store, path, "w3c")
    assert report.added == 0 and len(report.unplaced) == 2
    assert all("no text quote or text position selector" in u.reason for u in report.unplaced)
    assert "2 could not be placed" in report.summary()


def test_a_hex_ni_source_naming_a_session_article_matches_it(tmp_path: Path, store,
                                                             add_text) -> None:
    add_text(TEXT, title="Homes")
    quote = {"type": "TextQuoteSelector", "exact": "3,000 homes", "prefix": "said ",
             "suffix": " were"}
    for source in ("ni:///sha-256;" + sha256_text(TEXT), "ni:///sha-256;"
                   + sha256_text(TEXT).upper(), "ni://example.org/sha-256;" + sha256_text(TEXT)):
        path = other_tool_file(tmp_path / "hex.jsonld", source, [quote, XPATH])
        report = import_annotations(store, path, "w3c")
        assert report.documents_matched == 1, source
        assert [(a.start, a.quote) for a in store.annotations()] == [
            (TEXT.index("3,000"), "3,000 homes")]
        assert len(report.unplaced) == 1  # the XPath one, listed
        store.delete_annotation(store.annotations()[0].id)


def test_a_collection_with_its_annotations_in_items_lists_those_it_cannot_place(tmp_path):
    import json

    from annotator.core.formats.session_io import read_annotations

    collection = {
        "@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection",
        "items": [{"type": "Annotation",
                   "body": {"type": "TextualBody", "value": "claim", "purpose": "tagging"},
                   "target": {"source": "http://example.org/page",
                              "selector": {"type": "XPathSelector", "value": "/p[1]"}}}],
    }
    path = tmp_path / "other-tool.json"
    path.write_text(json.dumps(collection), encoding="utf-8")
    _fmt, records = read_annotations(path, "w3c")
    assert records[0].extra["skipped"] == [
        "annotation 1: its target has no text quote or text position selector"]
