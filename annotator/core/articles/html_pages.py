"""An HTML page reduced to its article's readable text: by trafilatura, with BeautifulSoup as
the fallback for pages too small for it and for pages it cannot read well (nested deeper than
:data:`TRAFILATURA_MAX_DEPTH`, where it loses text, or with more than
:data:`TRAFILATURA_MAX_ELEMENTS` elements, where its time grows with their square), which the
import's warnings then name. Nothing is fetched and no script runs. Both libraries are imported
only when a page is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from annotator.core.articles.provenance import Provenance, html_provenance
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


_SPACES = re.compile(r"\s+")
# trafilatura reads a page through lxml, which stops at 255 levels of nesting (the rest of
# the page is lost), and takes time that grows with the square of the elements (an XPath over
# every paragraph's text): 10,000 elements take about 0.6 s, 20,000 take 3-5 s, 40,000 27 s.
# Pages beyond either bound are read by the simpler extraction (linear), and the reviewer told.
TRAFILATURA_MAX_DEPTH = 250
TRAFILATURA_MAX_ELEMENTS = 12_000
# class or id words of a page's furniture: sharing, comments, promotion, navigation
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|social|comments?|related|newsletter|subscribe|promo|advert|"
    r"ads?|cookies?|breadcrumbs?|nav|menu|footer|sidebar)(?:$|[\s_-])",
    re.IGNORECASE,
)


def _is_page_furniture(tag) -> bool:
    if tag.name in ("html", "body", "main", "article"):
        return False
    attrs = getattr(tag, "attrs", None) or {}
    words = " ".join([*attrs.get("class", []), str(attrs.get("id", ""))])
    return bool(words.strip()) and _FURNITURE.search(words) is not None


def html_text(
    data: bytes, encoding: str | None = None, base_url: str | None = None
) -> tuple[str | None, str, str, tuple[str, ...], Provenance]:
    """The readable article text of an HTML page, its title, the encoding it was read in (the
    one named, else the page's own or a guess), warnings (a guessed encoding, or an article
    extractor that could not be used), and where the page says it came from (``base_url``:
    where it was fetched, for relative addresses)."""
    from bs4 import BeautifulSoup, UnicodeDammit

    warnings: tuple[str, ...] = ()
    if encoding is not None:
        markup, read_as = decode_as(data, encoding)
    else:
        with _quiet_bs4():  # it logs what the checks below say in one line
            dammit = UnicodeDammit(data, is_html=True)
        markup = dammit.unicode_markup
        if markup is None:
            raise DocumentError("the page's encoding cannot be recognised")
        read_as = dammit.original_encoding or "utf-8"
        # Told, not guessed: a byte-order mark, valid UTF-8, or the page's own charset when the
        # bytes were read in it (a page that declares a charset its bytes do not fit is read
        # by guesswork).
        told = (
            has_byte_order_mark(data)
            or same_encoding(read_as, "utf-8") or same_encoding(read_as, "ascii")
            or same_encoding(read_as, dammit.declared_html_encoding)
        )
        if not told:
            warnings = (guessed_encoding_warning(read_as),)
    if looks_binary(markup):
        raise DocumentError("the file holds binary data, not an HTML page")
    soup = BeautifulSoup(markup, "html.parser")
    title = _html_title(soup)
    provenance = html_provenance(soup, base_url)
    shape = _page_shape(soup)
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
        text = _soup_text(shape.root)
        if problem:
            warnings += (
                f"{problem}; the page was read with the simpler extraction, which may keep "
                "menus, captions or other text around the article",
            )
    return title, text, read_as, warnings, provenance


def _html_title(soup) -> str | None:
    heading = soup.find("h1")
    if heading and heading.get_text(strip=True):
        return heading.get_text(" ", strip=True)
    meta = soup.find("meta", attrs={"property": "og:title"})
    if meta and meta.get("content"):
        return str(meta["content"])
    if soup.title and soup.title.string:
        return soup.title.string.split(" | ")[0]
    return None


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
    root: Any  # where its text is: the first article, else main, else body (or the page)


def _page_shape(soup) -> _PageShape:
    """Count a page's elements and their depth, and find its article, in one walk over the tree
    (iterative: a page can nest 100,000 elements). Elements inside scripts, styles and the
    page's furniture (navigation, sharing bars, ...) are not counted, nor an article there."""
    from bs4 import Tag

    elements = depth = 0
    found: dict[str, Any] = {}
    stack = [(soup, 0, False)]
    while stack:
        tag, level, furniture = stack.pop()
        depth = max(depth, level)
        furniture = furniture or tag.name in _NOISE_TAGS or _is_page_furniture(tag)
        if not furniture:  # (trafilatura drops scripts, menus and the like before its work)
            elements += 1
            if tag.name in ("article", "main", "body"):
                found.setdefault(tag.name, tag)
        stack.extend((child, level + 1, furniture) for child in reversed(tag.contents)
                     if isinstance(child, Tag))
    root = found.get("article") or found.get("main") or found.get("body") or soup
    return _PageShape(elements - 1, depth, root)  # the page itself is no element


def _soup_text(root) -> str:
    """The text of a page below ``root`` as a browser would show it, a paragraph a line: the
    page's furniture and scripts left out, line breaks in the source as spaces (except in
    ``pre``), a blank line between blocks. One walk over the tree, in time linear in the page
    however deep it nests."""
    from bs4 import CData, NavigableString, Tag

    pieces: list[str] = []
    in_pre = 0  # how many pre elements the walk is inside
    stack: list[Any] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, str) and not isinstance(node, NavigableString):  # a tag's end
            if node == "pre":
                in_pre -= 1
            pieces.append("\n\n")
        elif isinstance(node, Tag):
            if node is not root and (node.name in _NOISE_TAGS or _is_page_furniture(node)):
                continue
            if node.name in _BLOCK_TAGS:
                pieces.append("\n\n")
                stack.append(node.name)  # closes the block after its contents
                in_pre += node.name == "pre"
            stack.extend(reversed(node.contents))
        elif type(node) in (NavigableString, CData):  # not comments, doctypes, scripts
            pieces.append(str(node) if in_pre else _SPACES.sub(" ", node))
    paragraphs = (" ".join(line.split()) for line in "".join(pieces).split("\n"))
    return "\n\n".join(line for line in paragraphs if line)
