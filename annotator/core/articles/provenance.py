"""Where an article came from: its web address, outlet, authors and dates.

A fact-check cites the article it checks, so the annotator keeps, for each article, the address
it was published at, the outlet, the author or authors, the date it was published and the date
it was retrieved. The readers fill what the file itself says:

- an HTML page: JSON-LD (``NewsArticle`` and its kin), then the Open Graph and ``article:`` meta
  tags, the ``author`` and date meta tags, and the canonical link (:func:`html_provenance`);
- a Word file: its core properties (author, creation date, identifier) (:func:`docx_provenance`);
- a PDF: its document information (``/Author``, ``/CreationDate``) (:func:`pdf_provenance`);
- a Markdown file: YAML front matter (:func:`split_front_matter`).

Nothing is guessed from the article's text: a field the file does not state stays empty, and the
reviewer fills it in the *Article Properties* dialog or with ``annotator import --url …``.
Everything read is cleaned (one line, bounded length) since it comes from an untrusted file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from urllib.parse import urljoin, urlsplit

MAX_FIELD_CHARS = 300  # an outlet's or an author's name, longer is not a name
MAX_URL_CHARS = 2_000
MAX_AUTHORS = 20
MAX_JSON_LD_CHARS = 2_000_000  # a page's JSON-LD block; past this it is not metadata
#: JSON-LD types whose ``url``, ``author``, ``publisher`` and ``datePublished`` describe the article
ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "askpublicnewsarticle",
    "blogposting", "socialmediaposting", "liveblogposting", "report", "scholarlyarticle",
    "techarticle", "creativework", "webpage", "itempage",
})


@dataclass(frozen=True)
class Provenance:
    """Where an article came from; every field may be unknown."""

    url: str | None = None
    outlet: str | None = None
    authors: tuple[str, ...] = ()
    published: date | None = None
    retrieved: date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "url", clean_url(self.url))
        object.__setattr__(self, "outlet", clean_name(self.outlet))
        object.__setattr__(self, "authors", clean_authors(self.authors))

    @property
    def is_empty(self) -> bool:
        return not (self.url or self.outlet or self.authors or self.published or self.retrieved)

    def filled_from(self, other: Provenance) -> Provenance:
        """This provenance, with the fields it lacks taken from ``other``."""
        return Provenance(
            url=self.url or other.url,
            outlet=self.outlet or other.outlet,
            authors=self.authors or other.authors,
            published=self.published or other.published,
            retrieved=self.retrieved or other.retrieved,
        )

    def with_changes(self, **changes) -> Provenance:
        return replace(self, **changes)

    @property
    def author_line(self) -> str:
        """The authors as one line ("Jane Doe and Ivo Marten")."""
        names = list(self.authors)
        if len(names) <= 1:
            return "".join(names)
        return ", ".join(names[:-1]) + " and " + names[-1]


# ---------------------------------------------------------------------------------- cleaning
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def clean_name(value: object) -> str | None:
    """A name as one line of at most :data:`MAX_FIELD_CHARS` characters, or ``None``."""
    if not isinstance(value, str):
        return None
    text = _SPACE.sub(" ", _CONTROL.sub(" ", value)).strip()
    if not text or _looks_like_address(text):
        return None
    return text[:MAX_FIELD_CHARS].rstrip()


def clean_authors(values: Iterable[object]) -> tuple[str, ...]:
    """Author names, cleaned, without repeats, at most :data:`MAX_AUTHORS`."""
    names: list[str] = []
    seen: set[str] = set()
    for value in values:
        name = clean_name(value)
        if name is not None and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
        if len(names) == MAX_AUTHORS:
            break
    return tuple(names)


def is_web_address(text: str) -> bool:
    """Whether ``text`` is an ``http`` or ``https`` address (what ``annotator import`` and the
    window fetch rather than read as a file). Here rather than beside the fetching, which loads
    ``urllib.request``: a command that imports files need not."""
    return text.strip().lower().startswith(("http://", "https://"))


def clean_url(value: object, base: str | None = None) -> str | None:
    """An absolute ``http`` or ``https`` address, or ``None`` (a relative one is resolved
    against ``base``)."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > MAX_URL_CHARS or _CONTROL.search(text) or " " in text:
        return None
    if base:
        text = urljoin(base, text)
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return text


def _looks_like_address(text: str) -> bool:
    return text.lower().startswith(("http://", "https://", "www.", "mailto:"))


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_PDF_DATE = re.compile(r"^D:(\d{4})(\d{2})?(\d{2})?")


def parse_date(value: object) -> date | None:
    """A date from an ISO 8601 date or time ("2026-03-05", "2026-03-05T09:30:00+01:00"), a
    PDF date ("D:20260305093000") or a ``date``/``datetime``; ``None`` when it is not one."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    match = _PDF_DATE.match(text) or _ISO_DATE.match(text)
    if match is None:
        return None
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    return found if 1900 <= found.year <= 2200 else None


# ---------------------------------------------------------------------------------- HTML
@dataclass(frozen=True)
class PageTag:
    """One ``meta``, ``link`` or ``script`` element of a page, whatever parsed it: its name, its
    attributes (a multi-valued one like ``rel`` as a list or a space-separated string) and,
    for a script, its text."""

    name: str
    attrs: Mapping[str, object]
    text: str = ""

    def get(self, key: str) -> object:
        return self.attrs.get(key)


def html_provenance(tags: Iterable[PageTag], base_url: str | None = None) -> Provenance:
    """What a page says of itself in its ``meta``, ``link`` and ``script`` elements (``tags``):
    JSON-LD first, then its meta tags and canonical link. ``base_url`` (where the page was
    fetched) resolves relative addresses and is the address when the page names none."""
    tags = list(tags)
    from_json_ld = _json_ld_provenance([t for t in tags if t.name == "script"], base_url)
    from_meta = _meta_provenance(tags, base_url)
    found = from_json_ld.filled_from(from_meta)
    if found.url is None and base_url:
        found = found.with_changes(url=clean_url(base_url))
    return found


def _meta_provenance(tags: list, base_url: str | None) -> Provenance:
    meta: dict[str, list[str]] = {}
    for tag in (t for t in tags if t.name == "meta"):
        key = (tag.get("property") or tag.get("name") or tag.get("itemprop") or "")
        content = tag.get("content")
        if isinstance(key, str) and isinstance(content, str) and content.strip():
            meta.setdefault(key.strip().lower(), []).append(content)

    def first(*keys: str) -> str | None:
        return next((meta[key][0] for key in keys if key in meta), None)

    canonical = None
    for link in (t for t in tags if t.name == "link"):
        rel = link.get("rel") or []
        rels = rel if isinstance(rel, list) else str(rel).split()
        if "canonical" in (r.lower() for r in rels):
            canonical = clean_url(link.get("href"), base_url)
            if canonical:
                break
    authors = [name for key in ("author", "article:author", "og:article:author",
                                "dc.creator", "dcterms.creator", "citation_author",
                                "parsely-author", "sailthru.author", "byl")
               for value in meta.get(key, []) for name in _split_names(value)]
    published = next((found for key in (
        "article:published_time", "og:article:published_time", "datepublished",
        "pubdate", "publishdate", "publish-date", "date", "dc.date", "dc.date.issued",
        "dcterms.created", "dcterms.issued", "citation_publication_date", "parsely-pub-date",
        "sailthru.date") for value in meta.get(key, []) if (found := parse_date(value))), None)
    return Provenance(
        url=canonical or clean_url(first("og:url", "twitter:url"), base_url),
        outlet=first("og:site_name", "application-name", "publisher", "dc.publisher",
                     "citation_publisher", "citation_journal_title"),
        authors=tuple(authors),
        published=published,
    )


def _split_names(value: str) -> list[str]:
    """Names in one meta value ("Jane Doe, Ivo Marten", "By Jane Doe and Ivo Marten")."""
    text = re.sub(r"^\s*by\s+", "", value, flags=re.IGNORECASE)
    if _looks_like_address(text.strip()):
        return []  # article:author is often the author's page, not a name
    return [part for part in re.split(r"\s*(?:[,;|]|\band\b|&)\s*", text) if part.strip()]


def _json_ld_provenance(scripts: list, base_url: str | None) -> Provenance:
    for script in scripts:
        kind = str(script.get("type") or "").split(";")[0].strip().lower()
        if kind != "application/ld+json":
            continue
        source = script.text
        if len(source) > MAX_JSON_LD_CHARS:
            continue
        try:
            data = json.loads(source)
        except (ValueError, RecursionError):
            continue  # a page's broken JSON-LD is its own business: the meta tags remain
        article = _best_article(_json_ld_objects(data))
        if article is not None:
            return _article_provenance(article, base_url)
    return Provenance()


def _json_ld_objects(data: object, depth: int = 0) -> Iterator[Mapping]:
    """Every JSON-LD object in ``data``: lists, ``@graph`` and nested values, bounded depth."""
    if depth > 12:
        return
    if isinstance(data, list):
        for item in data[:500]:
            yield from _json_ld_objects(item, depth + 1)
    elif isinstance(data, Mapping):
        yield data
        for key, value in list(data.items())[:200]:
            if isinstance(value, (list, Mapping)) and key not in ("author", "publisher"):
                yield from _json_ld_objects(value, depth + 1)


def _types(item: Mapping) -> set[str]:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.rsplit("/", 1)[-1].lower() for k in kinds if isinstance(k, str)}


def _best_article(objects: Iterable[Mapping]) -> Mapping | None:
    """The object that describes the article: a news article or its kin before a web page."""
    best, best_rank = None, 99
    for item in objects:
        kinds = _types(item) & ARTICLE_TYPES
        if not kinds:
            continue
        rank = 2 if kinds <= {"webpage", "itempage", "creativework"} else 1
        if rank < best_rank:
            best, best_rank = item, rank
    return best


def _article_provenance(article: Mapping, base_url: str | None) -> Provenance:
    url = article.get("url")
    if not isinstance(url, str):
        page = article.get("mainEntityOfPage")
        url = page.get("@id") or page.get("url") if isinstance(page, Mapping) else page
    publisher = article.get("publisher")
    if isinstance(publisher, list):
        publisher = publisher[0] if publisher else None
    outlet = publisher.get("name") if isinstance(publisher, Mapping) else publisher
    return Provenance(
        url=clean_url(url, base_url),
        outlet=outlet if isinstance(outlet, str) else None,
        authors=tuple(_person_names(article.get("author"))),
        published=parse_date(article.get("datePublished") or article.get("dateCreated")),
    )


def _person_names(value: object) -> Iterator[str]:
    items = value if isinstance(value, list) else [value]
    for item in items[:MAX_AUTHORS]:
        if isinstance(item, Mapping):
            name = item.get("name")
            if isinstance(name, str):
                yield name
        elif isinstance(item, str):
            yield from _split_names(item)


# ---------------------------------------------------------------------------------- Word, PDF
def docx_provenance(properties) -> Provenance:
    """What a Word file's core properties say (python-docx's ``document.core_properties``):
    the author, the creation date as the date published, and an identifier that is a web
    address as the article's address."""
    return Provenance(
        url=clean_url(getattr(properties, "identifier", None)),
        authors=tuple(_split_names(getattr(properties, "author", None) or "")),
        published=parse_date(getattr(properties, "created", None)),
    )


def pdf_provenance(information: Mapping | None) -> Provenance:
    """What a PDF's document information says (pypdf's ``reader.metadata``): ``/Author``,
    ``/CreationDate``, and a ``/URL`` or ``/Source`` entry that is a web address."""
    if not information:
        return Provenance()

    def text(key: str) -> str | None:
        try:
            value = information.get(key)
        except Exception:  # noqa: BLE001 - a damaged PDF's dictionary can raise anything
            return None
        return str(value) if value is not None else None

    return Provenance(
        url=clean_url(text("/URL")) or clean_url(text("/Source")),
        authors=tuple(_split_names(text("/Author") or "")),
        published=parse_date(text("/CreationDate")),
    )


# ---------------------------------------------------------------------------------- Markdown
MAX_FRONT_MATTER_CHARS = 64_000
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)",
                           re.DOTALL)
_KEYS = {
    "url": ("url", "link", "source_url", "canonical_url", "canonical", "source", "permalink"),
    "outlet": ("outlet", "publisher", "publication", "site", "site_name", "source_name",
               "newspaper"),
    "authors": ("authors", "author", "byline", "by"),
    "published": ("published", "date", "published_at", "pubdate", "publish_date",
                  "publication_date", "date_published"),
    "retrieved": ("retrieved", "accessed", "retrieved_at", "fetched"),
}


@dataclass(frozen=True)
class FrontMatter:
    """A Markdown file's YAML front matter, read: the provenance, the title, and the body
    that follows the front matter (the text to annotate)."""

    provenance: Provenance = field(default_factory=Provenance)
    title: str | None = None
    body: str = ""
    warning: str | None = None


def split_front_matter(text: str) -> FrontMatter:
    """Split YAML front matter (``---`` … ``---`` at the very start) from a Markdown text.

    Front matter that is not a YAML mapping is left in the text, with a warning, so that
    nothing is lost silently.
    """
    match = _FRONT_MATTER.match(text)
    if match is None or len(match.group(1)) > MAX_FRONT_MATTER_CHARS:
        return FrontMatter(body=text)
    import yaml

    try:
        data = yaml.safe_load(match.group(1))
    except (yaml.YAMLError, RecursionError, ValueError):
        data = None
    if not isinstance(data, Mapping):
        return FrontMatter(body=text, warning="the file starts with a front matter block that "
                           "is not YAML key: value lines, so it was kept as text")
    values = {str(key).strip().lower(): value for key, value in data.items()}

    def first(name: str) -> object:
        return next((values[key] for key in _KEYS[name] if values.get(key)), None)

    authors = first("authors")
    author_list = authors if isinstance(authors, list) else [authors]
    title = values.get("title")
    return FrontMatter(
        provenance=Provenance(
            url=clean_url(_as_text(first("url"))),
            outlet=clean_name(_as_text(first("outlet"))),
            authors=tuple(name for item in author_list
                          for name in _split_names(_as_text(item) or "")),
            published=parse_date(_as_text(first("published"))),
            retrieved=parse_date(_as_text(first("retrieved"))),
        ),
        title=clean_name(_as_text(title)),
        body=text[match.end():],
    )


def _as_text(value: object) -> str | None:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, Mapping):
        return _as_text(value.get("name"))
    return None
