"""Where an article came from, as its file states it (HTML, Word, PDF, Markdown front matter)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.articles.html_pages import LxmlPage, SoupPage, parse_page
from annotator.core.articles.provenance import (
    MAX_AUTHORS,
    MAX_FIELD_CHARS,
    PageTag,
    Provenance,
    clean_url,
    docx_provenance,
    html_provenance,
    parse_date,
    pdf_provenance,
    split_front_matter,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "provenance"


def soup(markup: str) -> list[PageTag]:
    """The meta, link and script elements of a page, as the reader parses it."""
    return parse_page(markup).provenance_tags()


def lxml_tags(markup: str) -> list[PageTag]:
    """The same, as a large page is parsed."""
    return parse_page(markup, lxml_from_chars=0).provenance_tags()


def test_both_parsers_find_the_same_provenance():
    markup = (FIXTURES / "full-metadata.html").read_text(encoding="utf-8")
    by_lxml = parse_page(markup, lxml_from_chars=0)
    by_soup = parse_page(markup)
    assert isinstance(by_soup, SoupPage)
    assert isinstance(by_lxml, LxmlPage)
    base = "https://www.lowland-courier.example/news/x"
    assert html_provenance(by_lxml.provenance_tags(), base) == html_provenance(
        by_soup.provenance_tags(), base)
    assert by_lxml.title() == by_soup.title()


def test_a_page_with_every_kind_of_metadata_prefers_its_json_ld():
    page = soup((FIXTURES / "full-metadata.html").read_text(encoding="utf-8"))
    found = html_provenance(page, "https://www.lowland-courier.example/news/x")
    assert found == Provenance(
        url="https://www.lowland-courier.example/news/2026/03/harbour-dredging-bill",
        outlet="The Lowland Courier",
        authors=("Mirela Sandu", "Tomas Okafor"),
        published=date(2026, 3, 5),  # JSON-LD's date, not the meta tag's
    )


def test_meta_tags_alone_give_the_canonical_address_outlet_authors_and_date():
    page = soup("""<head>
      <link rel="canonical" href="/2026/story">
      <meta property="og:url" content="https://elsewhere.example/other">
      <meta property="og:site_name" content="Valley Post">
      <meta name="author" content="By Jane Roe and Ivo Marten">
      <meta property="article:author" content="https://valley.example/staff/jane">
      <meta property="article:published_time" content="2025-11-30T23:30:00-05:00">
    </head>""")
    found = html_provenance(page, "https://valley.example/feed/item")
    assert found.url == "https://valley.example/2026/story"
    assert found.outlet == "Valley Post"
    assert found.authors == ("Jane Roe", "Ivo Marten")
    assert found.published == date(2025, 11, 30)


def test_open_graph_address_when_there_is_no_canonical_link():
    page = soup('<meta property="og:url" content="https://news.example/a?id=1">')
    assert html_provenance(page).url == "https://news.example/a?id=1"


def test_a_page_that_names_nothing_has_the_address_it_was_fetched_from():
    assert html_provenance(soup("<p>text</p>"), "https://x.example/p") == Provenance(
        url="https://x.example/p")
    assert html_provenance(soup("<p>text</p>")).is_empty


def test_broken_json_ld_falls_back_to_the_meta_tags():
    page = soup("""<script type="application/ld+json">{"@type": "NewsArticle", </script>
                   <meta property="og:site_name" content="Harbour Times">""")
    assert html_provenance(page).outlet == "Harbour Times"


def test_json_ld_authors_as_strings_and_publisher_as_text():
    page = soup("""<script type="application/ld+json">[{"@type": "BlogPosting",
        "url": "https://blog.example/p/1", "author": "Ana Lima; Bo Chen",
        "publisher": "Field Notes", "datePublished": "2024-02-29"}]</script>""")
    assert html_provenance(page) == Provenance(
        url="https://blog.example/p/1", outlet="Field Notes", authors=("Ana Lima", "Bo Chen"),
        published=date(2024, 2, 29))


def test_hostile_values_are_cleaned_or_dropped():
    page = soup(f"""<head>
      <link rel="canonical" href="javascript:alert(1)">
      <meta property="og:site_name" content="{'A' * 5000}">
      <meta name="author" content="Line\u2028Break\u202e Name">
      <meta property="article:published_time" content="9999-99-99">
    </head>""")
    found = html_provenance(page)
    assert found.url is None
    assert found.outlet == "A" * MAX_FIELD_CHARS
    assert found.authors == ("Line Break Name",)
    assert found.published is None


def test_many_authors_are_capped_and_repeats_dropped():
    names = ", ".join(f"Writer {i}" for i in range(100))
    found = html_provenance(soup(f'<meta name="author" content="{names}, writer 0">'))
    assert len(found.authors) == MAX_AUTHORS
    assert found.authors[0] == "Writer 0"


@pytest.mark.parametrize(("value", "expected"), [
    ("2026-03-05", date(2026, 3, 5)),
    ("2026-03-05T09:30:00+01:00", date(2026, 3, 5)),
    ("D:20260305093000+01'00'", date(2026, 3, 5)),
    ("D:2026", date(2026, 1, 1)),
    (datetime(2026, 3, 5, 9, 30), date(2026, 3, 5)),
    ("March 5, 2026", None),  # nothing is guessed
    ("2026-02-30", None),
    ("", None),
    (None, None),
])
def test_dates(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(("value", "base", "expected"), [
    ("https://a.example/x", None, "https://a.example/x"),
    ("/x", "https://a.example/y/z", "https://a.example/x"),
    ("ftp://a.example/x", None, None),
    ("file:///etc/passwd", None, None),
    ("https://", None, None),
    ("https://a.example/ x", None, None),
    ("", None, None),
])
def test_addresses(value, base, expected):
    assert clean_url(value, base) == expected


def test_word_core_properties():
    properties = SimpleNamespace(author="Mirela Sandu; Tomas Okafor",
                                 created=datetime(2026, 1, 9, 8, 0),
                                 identifier="https://courier.example/a")
    assert docx_provenance(properties) == Provenance(
        url="https://courier.example/a", authors=("Mirela Sandu", "Tomas Okafor"),
        published=date(2026, 1, 9))
    assert docx_provenance(SimpleNamespace(author="", created=None, identifier=None)).is_empty


def test_pdf_document_information():
    info = {"/Author": "Ines Varga", "/CreationDate": "D:20251201120000Z",
            "/Source": "https://audit.example/report.pdf"}
    assert pdf_provenance(info) == Provenance(
        url="https://audit.example/report.pdf", authors=("Ines Varga",),
        published=date(2025, 12, 1))
    assert pdf_provenance(None).is_empty


def test_markdown_front_matter_is_read_and_taken_off_the_text():
    text = ("---\ntitle: Dredging bill doubles\nurl: https://courier.example/d\n"
            "publisher: The Lowland Courier\nauthors:\n  - Mirela Sandu\n  - Tomas Okafor\n"
            "date: 2026-03-05\nretrieved: 2026-03-06\n---\n# Dredging\n\nBody text.\n")
    front = split_front_matter(text)
    assert front.title == "Dredging bill doubles"
    assert front.body == "# Dredging\n\nBody text.\n"
    assert front.provenance == Provenance(
        url="https://courier.example/d", outlet="The Lowland Courier",
        authors=("Mirela Sandu", "Tomas Okafor"), published=date(2026, 3, 5),
        retrieved=date(2026, 3, 6))
    assert front.warning is None


def test_text_without_front_matter_is_untouched():
    for text in ("# Title\n\n---\nnot front matter\n---\n", "plain", "", "---\nno end"):
        front = split_front_matter(text)
        assert front.body == text and front.provenance.is_empty and front.warning is None


def test_front_matter_that_is_not_yaml_stays_in_the_text_with_a_warning():
    text = "---\n: [unclosed\n---\nBody\n"
    front = split_front_matter(text)
    assert front.body == text
    assert "kept as text" in front.warning


def test_front_matter_never_runs_code():
    text = "---\nx: !!python/object/apply:os.system ['echo hacked']\n---\nBody\n"
    front = split_front_matter(text)
    assert front.body == text and front.warning  # safe_load refuses the tag


def test_filling_from_another_provenance_keeps_what_is_known():
    mine = Provenance(url="https://a.example/1", authors=("A B",))
    file_says = Provenance(url="https://b.example/2", outlet="Outlet",
                           published=date(2026, 1, 1))
    assert mine.filled_from(file_says) == Provenance(
        url="https://a.example/1", outlet="Outlet", authors=("A B",),
        published=date(2026, 1, 1))
    assert Provenance(authors=("A", "B", "C")).author_line == "A, B and C"


@given(st.text(max_size=400))
def test_any_name_is_one_bounded_line(value):
    found = Provenance(outlet=value, authors=(value,))
    for name in (found.outlet, *found.authors):
        if name is not None:
            assert "\n" not in name and "\u2028" not in name
            assert 0 < len(name) <= MAX_FIELD_CHARS and name == name.strip()


# ---------------------------------------------------------------------------------- reading
def test_reading_an_html_page_keeps_its_provenance():
    from annotator.core.articles.reading import read_document

    document = read_document(FIXTURES / "full-metadata.html")
    assert document.provenance.outlet == "The Lowland Courier"
    assert document.provenance.published == date(2026, 3, 5)
    assert "as much as 40 million" in document.text


def test_reading_markdown_takes_its_front_matter_off_the_text():
    from annotator.core.articles.reading import parse_document

    data = (b"---\ntitle: Bridge repairs\nsource: https://post.example/bridge\nauthor: Ana Lima\n"
            b"date: 2026-02-01\n---\n\nThe council spent some 4 million.\n")
    document = parse_document(data, "markdown", fallback_title="file")
    assert document.title == "Bridge repairs"
    assert document.text.startswith("The council spent")
    assert document.provenance == Provenance(url="https://post.example/bridge",
                                             authors=("Ana Lima",),
                                             published=date(2026, 2, 1))


def test_plain_text_has_no_provenance():
    from annotator.core.articles.reading import parse_document

    assert parse_document(b"Some text.", "text", fallback_title="t").provenance.is_empty
