"""HTML pages built to be slow or to lose text: deep nesting and very many elements are read
in time linear in the page, and no text is dropped without a word."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from annotator.core.articles import html_pages
from annotator.core.articles.reading import read_document

SENTENCE = "The minister said 3,000 homes were evacuated."


@pytest.fixture(params=["soup", "lxml"])
def parser(request, monkeypatch) -> str:
    """Each test below holds whichever parser reads the page: BeautifulSoup's (most pages) or
    lxml (pages of more than LXML_FROM_CHARS characters)."""
    monkeypatch.setattr(html_pages, "LXML_FROM_CHARS", 0 if request.param == "lxml" else 10**12)
    return request.param


def _page(tmp_path: Path, body: str, name: str = "page.html") -> Path:
    path = tmp_path / name
    path.write_text(f"<html><body>{body}</body></html>", "utf-8")
    return path


def test_deeply_nested_divs_are_read_in_linear_time(tmp_path: Path, parser) -> None:
    n = 20_000  # 0.2 MB: the simpler extraction took 18-29 s when it was quadratic
    path = _page(tmp_path, "<div>" * n + f"<p>{SENTENCE}</p>" + "</div>" * n)
    started = time.perf_counter()
    document = read_document(path)
    assert time.perf_counter() - started < 10  # about 0.5 s
    assert document.text == SENTENCE


def test_text_nested_deeper_than_the_article_extractor_reads_is_kept(
    tmp_path: Path, parser
) -> None:
    words = [f"w{i}" for i in range(2_000)]  # lxml, under trafilatura, stops at depth 255
    path = _page(tmp_path, "".join(f"<span>{word} " for word in words) + "</span>" * 2_000)
    document = read_document(path)
    assert document.text.split() == words
    (warning,) = document.warnings
    assert "nested 2,002 levels deep" in warning
    assert "simpler extraction" in warning


def test_a_page_with_more_elements_than_the_extractor_reads_quickly_is_read_simply(
    tmp_path: Path, monkeypatch, parser
) -> None:
    monkeypatch.setattr(html_pages, "TRAFILATURA_MAX_ELEMENTS", 50)
    monkeypatch.setattr(html_pages, "_trafilatura_text",
                        lambda markup: pytest.fail("the article extractor was used"))
    body = "<article>" + "".join(f"<p>{i}: {SENTENCE}</p>" for i in range(60)) + "</article>"
    document = read_document(_page(tmp_path, body))
    assert document.text.split("\n\n") == [f"{i}: {SENTENCE}" for i in range(60)]
    (warning,) = document.warnings
    assert "has 63 elements, more than the 50 the article extractor (trafilatura) reads" in warning


def test_the_simpler_extraction_keeps_its_rules(tmp_path: Path, monkeypatch, parser) -> None:
    monkeypatch.setattr(html_pages, "_trafilatura_text", lambda markup: (None, None))
    body = (
        "<nav><p>Home | World</p></nav><div class='share-bar'><p>Share this</p></div>"
        "<article><h1>Flood</h1><p>Up to\n   3,000 <b>homes</b>\tleft.</p>"
        "<pre>a  b\n  c</pre><!-- a comment --><ul><li>one</li><li>two</li></ul>"
        "<script>var x = 1;</script><p>Last<br>line</p></article><footer>(c) 2026</footer>"
    )
    document = read_document(_page(tmp_path, body))
    assert document.text.split("\n\n") == [
        "Flood", "Up to 3,000 homes left.", "a b", "c", "one", "two", "Last", "line"]


def test_menus_and_drawings_do_not_count_towards_the_extractors_bound(
    tmp_path, monkeypatch, parser
):
    monkeypatch.setattr(html_pages, "TRAFILATURA_MAX_ELEMENTS", 70)
    used = []
    monkeypatch.setattr(html_pages, "_trafilatura_text",
                        lambda markup: used.append(1) or (None, None))
    icons = "<svg>" + "<path d='M0 0'/>" * 200 + "</svg>"
    body = (f"<nav>{'<a href=#>x</a>' * 200}</nav>{icons}<article>"
            + "".join(f"<p>{i}: {SENTENCE}</p>" for i in range(60)) + "</article>")
    read_document(_page(tmp_path, body))
    assert used == [1]  # 63 elements that matter: the extractor was asked


def test_a_large_page_is_parsed_by_lxml_and_read_whole(tmp_path: Path) -> None:
    paragraphs = [f"{i}: {SENTENCE} Officials said up to {i} more left." for i in range(30_000)]
    body = "<article>" + "".join(f"<p>{p}</p>\n" for p in paragraphs) + "</article>"
    assert len(body) > html_pages.LXML_FROM_CHARS
    assert isinstance(html_pages.parse_page(body), html_pages.LxmlPage)
    document = read_document(_page(tmp_path, "<h1>Flood &amp; fire</h1>" + body))
    assert document.title == "Flood & fire"
    assert document.text.split("\n\n") == paragraphs  # the article's, without the heading


def test_a_large_page_nested_deeper_than_lxml_follows_is_parsed_by_beautifulsoup(
    tmp_path: Path,
) -> None:
    depth = html_pages.LXML_MAX_DEPTH + 500  # libxml2 would drop everything past its limit
    filler = "<p>" + "x " * (html_pages.LXML_FROM_CHARS // 2) + "</p>"
    body = filler + "<div>" * depth + f"<p>{SENTENCE}</p>" + "</div>" * depth + "<p>The end.</p>"
    assert isinstance(html_pages.parse_page(body), html_pages.SoupPage)
    document = read_document(_page(tmp_path, body))
    assert document.text.split("\n\n")[1:] == [SENTENCE, "The end."]


def test_a_large_pages_article_is_the_one_with_the_most_text_not_the_first(tmp_path, parser):
    """A page too large for the article extractor is read from its article: the story, not the
    teaser of another story listed before it (nor the comments, articles inside it, alone)."""
    paragraphs = "".join(
        f"<p>Up to <b>{n:,}</b> homes were <i>evacuated</i> in <span>district</span> {n}.</p>"
        for n in range(3_500))
    body = ("<article class='teaser'><h2>Another story</h2><p>A short teaser.</p></article>"
            f"<article><h1>The flood</h1>{paragraphs}"
            "<section><article><p>A reader's comment.</p></article></section></article>"
            "<article class='teaser'><p>A third story.</p></article>")
    document = read_document(_page(tmp_path, body))
    assert document.warnings  # read with the simpler extraction (too many elements)
    assert "A short teaser" not in document.text and "A third story" not in document.text
    assert document.text.startswith("The flood")
    assert "Up to 3,499 homes were evacuated in district 3499." in document.text
    assert "A reader's comment." in document.text


def test_articles_nested_thirty_thousand_deep_are_weighed_in_linear_time(tmp_path, parser):
    n = 30_000
    path = _page(tmp_path, "<article><p>x</p>" * n + f"<p>{SENTENCE}</p>" + "</article>" * n)
    started = time.perf_counter()
    document = read_document(path)
    # about a second (a text counted again for every article around it would take minutes)
    assert time.perf_counter() - started < 10
    assert SENTENCE in document.text
