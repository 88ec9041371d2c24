"""An HTML page reduced to its article's readable text: by trafilatura, with a simpler
extraction of our own as the fallback for pages too small for it and for pages it cannot read
well (nested deeper than :data:`TRAFILATURA_MAX_DEPTH`, where it loses text, or with more than
:data:`TRAFILATURA_MAX_ELEMENTS` elements, where its time grows with their square), which the
import's warnings then name.

A page is parsed by BeautifulSoup's parser (pure Python: about 3 s for 10 MB), except a large
one (over :data:`LXML_FROM_CHARS` characters), which lxml parses (libxml2's HTML parser: 100 MB
in a few seconds) unless it nests deeper than lxml follows (:data:`LXML_MAX_DEPTH` levels, past
which it would drop the rest of the page). The simpler extraction, the title and the provenance
read either tree (:class:`SoupPage`, :class:`LxmlPage`) through the same walk of events.
Nothing is fetched and no script runs. The libraries are imported only when a page is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from annotator.core.articles.provenance import PageTag, Provenance, html_provenance
from annotator.core.articles.quiet_logging import QuietLogger
from annotator.core.articles.text_encodings import (
    decode_as,
    guessed_encoding_warning,
    has_byte_order_mark,
    looks_binary,
    same_encoding,
)
from annotator.core.errors import DocumentError

_quiet_bs4 = QuietLogger("bs4.dammit")

_BLOCK_TAGS = (
    "p", "div", "section", "article", "li", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "tr", "br", "figcaption", "dd", "dt",
)
_NOISE_TAGS = (
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "button", "iframe", "svg", "canvas",
)


# trafilatura reads a page through lxml, which stops at 255 levels of nesting (the rest of
# the page is lost), and takes time that grows with the square of the elements (an XPath over
# every paragraph's text): 10,000 elements take about 0.6 s, 20,000 take 3-5 s, 40,000 27 s.
# Pages beyond either bound are read by the simpler extraction (linear), and the reviewer told.
TRAFILATURA_MAX_DEPTH = 250
TRAFILATURA_MAX_ELEMENTS = 12_000
#: pages of more characters are parsed by lxml, for speed (the two parsers differ only in how
#: they mend broken markup, which large pages have no more of than small ones)
LXML_FROM_CHARS = 1_000_000
#: how deep libxml2 follows a page's nesting (with its "huge" option); deeper pages are parsed
#: by BeautifulSoup's parser
LXML_MAX_DEPTH = 2048
# class or id words of a page's furniture: sharing, comments, promotion, navigation
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|social|comments?|related|newsletter|subscribe|promo|advert|"
    r"ads?|cookies?|breadcrumbs?|nav|menu|footer|sidebar)(?:$|[\s_-])",
    re.IGNORECASE,
)


def _is_page_furniture(name: str, attrs) -> bool:
    if not attrs or name in ("html", "body", "main", "article"):
        return False
    classes = attrs.get("class") or ""
    words = " ".join([classes if isinstance(classes, str) else " ".join(classes),
                      str(attrs.get("id") or "")])
    return bool(words.strip()) and _FURNITURE.search(words) is not None


def _is_left_out(name: str, attrs) -> bool:
    """Whether an element and everything in it is no part of the page's text: scripts, styles,
    navigation and the page's furniture (sharing bars, comments, promotion, ...)."""
    return name in _NOISE_TAGS or _is_page_furniture(name, attrs)


def html_text(
    data: bytes, encoding: str | None = None, base_url: str | None = None
) -> tuple[str | None, str, str, tuple[str, ...], Provenance]:
    """The readable article text of an HTML page, its title, the encoding it was read in (the
    one named, else the page's own or a guess), warnings (a guessed encoding, or an article
    extractor that could not be used), and where the page says it came from (``base_url``:
    where it was fetched, for relative addresses)."""
    markup, read_as, warnings = _decoded(data, encoding)
    if looks_binary(markup):
        raise DocumentError("the file holds binary data, not an HTML page")
    page = parse_page(markup)
    title = page.title()
    provenance = html_provenance(page.provenance_tags(), base_url)
    shape = _page_shape(page)
    if shape.depth > TRAFILATURA_MAX_DEPTH:
        text, problem = None, (
            f"the page is nested {shape.depth:,} levels deep, deeper than the article "
            f"extractor (trafilatura) reads without losing text"
        )
    elif shape.elements > TRAFILATURA_MAX_ELEMENTS:
        text, problem = None, (
            f"the page has {shape.elements:,} elements, more than the "
            f"{TRAFILATURA_MAX_ELEMENTS:,} the article extractor (trafilatura) reads quickly"
        )
    else:
        text, problem = _trafilatura_text(markup)
    if text and text.strip():
        # one line a paragraph in trafilatura's text: a blank line between them, as elsewhere
        text = "\n\n".join(line for line in text.split("\n") if line.strip())
    else:
        text = _plain_text(page.events(shape.root))
        if problem:
            warnings += (
                f"{problem}; the page was read with the simpler extraction, which may keep "
                "menus, captions or other text around the article",
            )
    return title, text, read_as, warnings, provenance


def _decoded(data: bytes, encoding: str | None) -> tuple[str, str, tuple[str, ...]]:
    """The page's markup, the encoding it was read in, and a warning if that was a guess."""
    from bs4 import UnicodeDammit

    if encoding is not None:
        markup, read_as = decode_as(data, encoding)
        return markup, read_as, ()
    with _quiet_bs4():  # it logs what the checks below say in one line
        dammit = UnicodeDammit(data, is_html=True)
    markup = dammit.unicode_markup
    if markup is None:
        raise DocumentError("the page's encoding cannot be recognised")
    read_as = dammit.original_encoding or "utf-8"
    # Told, not guessed: a byte-order mark, valid UTF-8, or the page's own charset when the
    # bytes were read in it (a page that declares a charset its bytes do not fit is read by
    # guesswork).
    told = (
        has_byte_order_mark(data)
        or same_encoding(read_as, "utf-8") or same_encoding(read_as, "ascii")
        or same_encoding(read_as, dammit.declared_html_encoding)
    )
    return markup, read_as, () if told else (guessed_encoding_warning(read_as),)


# ------------------------------------------------------------------------ the parsed page
_START, _TEXT, _END = 0, 1, 2
# one step of a walk over a page: (_START, name, attributes, element), (_TEXT, text, None, None)
# or (_END, name, None, element)
_Event = tuple[int, Any, Any, Any]


class LxmlPage:
    """A page as lxml parsed it."""

    def __init__(self, document) -> None:
        self.document = document

    def events(self, root) -> Iterator[_Event]:
        from lxml import etree

        for action, element in etree.iterwalk(root, events=("start", "end")):
            if action == "start":
                yield _START, element.tag, element.attrib, element
                if element.text:
                    yield _TEXT, element.text, None, None
            else:
                yield _END, element.tag, None, element
                if element.tail and element is not root:
                    yield _TEXT, element.tail, None, None

    def title(self) -> str | None:
        heading = next(self.document.iter("h1"), None)
        words = _words(heading.itertext()) if heading is not None else ""
        return words or _meta_title(self.provenance_tags()) or _first_title(
            next(self.document.iter("title"), None), lambda title: title.text)

    def provenance_tags(self) -> list[PageTag]:
        return [PageTag(element.tag, dict(element.attrib), element.text or "")
                for element in self.document.iter("meta", "link", "script")]


class SoupPage:
    """A page as BeautifulSoup's own parser read it (a page nested too deep for lxml)."""

    def __init__(self, soup) -> None:
        self.document = soup

    def events(self, root) -> Iterator[_Event]:
        from bs4 import CData, NavigableString, Tag

        stack: list[Any] = [root]
        while stack:
            node = stack.pop()
            if isinstance(node, tuple):  # an element's end
                yield _END, node[0], None, node[1]
            elif isinstance(node, Tag):
                if node is not self.document:  # the page itself is no element
                    yield _START, node.name, node.attrs, node
                    stack.append((node.name, node))
                stack.extend(reversed(node.contents))
            elif type(node) in (NavigableString, CData):  # not comments, doctypes, scripts
                yield _TEXT, str(node), None, None

    def title(self) -> str | None:
        heading = self.document.find("h1")
        words = heading.get_text(" ", strip=True) if heading else ""
        return words or _meta_title(self.provenance_tags()) or _first_title(
            self.document.title, lambda title: title.string)

    def provenance_tags(self) -> list[PageTag]:
        return [PageTag(tag.name, tag.attrs, tag.string or tag.get_text() or "")
                for tag in self.document.find_all(("meta", "link", "script"))]


def parse_page(markup: str, lxml_from_chars: int | None = None) -> LxmlPage | SoupPage:
    """The page parsed by lxml when it has ``lxml_from_chars`` characters or more (by default
    :data:`LXML_FROM_CHARS`) and lxml can follow it whole, else by BeautifulSoup's parser."""
    if len(markup) >= (LXML_FROM_CHARS if lxml_from_chars is None else lxml_from_chars):
        document = _lxml_document(markup)
        if document is not None:
            return LxmlPage(document)
    from bs4 import BeautifulSoup

    return SoupPage(BeautifulSoup(markup, "html.parser"))


def _lxml_document(markup: str):
    """The page as lxml parses it, or None when it cannot: nested deeper than
    :data:`LXML_MAX_DEPTH` levels (libxml2 then drops the rest of the page) or not a page."""
    from lxml import etree

    parser = etree.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True,
                              encoding="utf-8")
    try:
        document = etree.fromstring(markup.encode("utf-8", "replace"), parser)
    except (etree.LxmlError, ValueError):
        return None
    too_deep = any(entry.level_name == "FATAL" and "depth" in entry.message.lower()
                   for entry in parser.error_log)
    return None if too_deep else document


def _words(strings) -> str:
    return " ".join(piece for piece in (s.strip() for s in strings) if piece)


def _meta_title(tags: list[PageTag]) -> str | None:
    for tag in tags:
        if tag.name == "meta" and tag.get("property") == "og:title":
            content = tag.get("content")
            if isinstance(content, str) and content:
                return content
    return None


def _first_title(element, text_of) -> str | None:
    text = text_of(element) if element is not None else None
    return text.split(" | ")[0] if text else None


def _trafilatura_text(markup: str) -> tuple[str | None, str | None]:
    """The article's text as trafilatura extracts it (None when it finds no article), or None
    and what went wrong: the page is then still read, and the reviewer told how."""
    try:
        import trafilatura
    except Exception as exc:  # noqa: BLE001 - a dependency: only a damaged installation fails
        return None, f"the article extractor (trafilatura) cannot be loaded ({_one_line(exc)})"
    try:
        text = trafilatura.extract(
            markup,
            output_format="txt",
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            deduplicate=False,
            favor_precision=True,
        )
    except Exception as exc:  # noqa: BLE001 - told to the reviewer, and the page still read
        return None, f"the article extractor (trafilatura) failed on this page ({_one_line(exc)})"
    return text, None


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


@dataclass(frozen=True)
class _PageShape:
    elements: int  # the page's HTML elements, but for scripts, styles and furniture
    depth: int  # how deep its elements are nested (all of them)
    root: Any  # where its text is: the article with the most text, else main, else body


def _page_shape(page: LxmlPage | SoupPage) -> _PageShape:
    """Count a page's elements and their depth, and find its article, in one walk over the tree
    (iterative: a page can nest 100,000 elements). Elements inside scripts, styles and the
    page's furniture (navigation, sharing bars, ...) are not counted, nor an article there.
    The article is the ``article`` element that holds the most text (a page lists other
    stories as articles too, often before its own), else ``main``, else ``body``."""
    elements = depth = level = 0
    left_out_at = 0  # the level of the left-out element the walk is in (0: none)
    found: dict[str, Any] = {}
    articles: list[list] = []  # [characters, element], in the order they open
    open_articles: list[tuple[int, list]] = []  # (level, its entry) of the articles the walk is in
    for kind, name, attrs, element in page.events(page.document):
        if kind == _START:
            level += 1
            depth = max(depth, level)
            if not left_out_at and _is_left_out(name, attrs):
                left_out_at = level
            if not left_out_at:  # (trafilatura drops scripts, menus and the like first)
                elements += 1
                if name in ("main", "body"):
                    found.setdefault(name, element)
                elif name == "article":
                    articles.append([0, element])
                    open_articles.append((level, articles[-1]))
        elif kind == _END:
            if left_out_at == level:
                left_out_at = 0
            if open_articles and open_articles[-1][0] == level:
                _level, closed = open_articles.pop()
                if open_articles:  # an article's text is its enclosing article's too
                    open_articles[-1][1][0] += closed[0]
            level -= 1
        elif open_articles and not left_out_at:
            open_articles[-1][1][0] += len(name.strip())
    if articles:
        most = max(count for count, _element in articles)
        found["article"] = next(element for count, element in articles if count == most)
    root = next((found[name] for name in ("article", "main", "body") if name in found),
                page.document)
    return _PageShape(elements, depth, root)


def _plain_text(events: Iterator[_Event]) -> str:
    """The text of a page's walk as a browser would show it, a paragraph a line: the page's
    furniture and scripts left out, line breaks in the source as spaces (except in ``pre``), a
    blank line between blocks. In time linear in the page however deep it nests."""
    pieces: list[str] = []
    in_pre = 0  # how many pre elements the walk is inside
    level = left_out_at = 0
    first = True
    for kind, value, attrs, _element in events:
        if kind == _TEXT:
            if not left_out_at:
                # a line break in the source is a space (runs of spaces are one, below)
                pieces.append(value if in_pre else value.replace("\n", " "))
            continue
        if kind == _START:
            level += 1
            if left_out_at or (not first and _is_left_out(value, attrs)):
                left_out_at = left_out_at or level
            elif value in _BLOCK_TAGS:
                pieces.append("\n\n")
                in_pre += value == "pre"
            first = False
            continue
        if left_out_at == level:
            left_out_at = 0
        elif not left_out_at and value in _BLOCK_TAGS:
            in_pre -= value == "pre"
            pieces.append("\n\n")
        level -= 1
    paragraphs = (" ".join(line.split()) for line in "".join(pieces).split("\n"))
    return "\n\n".join(line for line in paragraphs if line)
