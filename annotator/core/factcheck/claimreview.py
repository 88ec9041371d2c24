"""schema.org ClaimReview JSON-LD: the form in which fact-checks are published (read by Google's
Fact Check Explorer and by Meedan Check).

Writing: :func:`claimreview` builds one ClaimReview object from a :class:`PublishableClaim` (a
claim with its verdict, plain values the caller gathers from the session); :func:`missing` names
what a claim lacks of what a ClaimReview requires; :func:`write_claimreviews` writes a JSON
array of them, or nothing at all when any claim lacks something
(:class:`~annotator.core.errors.IncompleteClaimReviews`, listing each claim with what it lacks).

The rating: ``reviewRating.alternateName`` is the verdict's title, ``ratingValue`` its rating on
the desk's scale, ``bestRating`` and ``worstRating`` the scale's highest and lowest ratings
(see :mod:`annotator.core.factcheck.verdict_scales`).

Reading: :func:`read_fact_checks` finds every ClaimReview in JSON-LD as it is published: one
object, a list, an ``@graph`` (also inside a list), a ``@type`` that is a list, ClaimReviews
held in other objects' properties (a ``WebPage``'s ``mainEntity``), nodes referred to by
``@id``, and ``http``/``https`` schema.org contexts or prefixed types (``schema:ClaimReview``).
A web page (HTML) is read for its ``<script type="application/ld+json">`` blocks. Each
ClaimReview becomes a :class:`ReferenceClaim`. Input that is not JSON, holds no ClaimReview,
or is too large raises :class:`~annotator.core.errors.FormatError` with one sentence.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from annotator.core.defaults import HTTP_ADDRESS
from annotator.core.errors import FormatError, IncompleteClaimReviews

CONTEXT = "https://schema.org"
MAX_INPUT_BYTES = 50_000_000  # the largest ClaimReview file read
MAX_REVIEWS = 100_000  # the most ClaimReviews read from one file
MAX_TEXT_CHARS = 10_000  # a longer claimReviewed, title or name is cut to this
SCHEMA_PREFIXES = ("http://schema.org/", "https://schema.org/", "schema:")

# ------------------------------------------------------------------------------------ writing


@dataclass(frozen=True)
class PublishableClaim:
    """What one ClaimReview says, as plain values.

    ``claim_id`` names the claim in errors. ``claim_reviewed`` is the claim as checked;
    ``verdict_title``, ``rating_value``, ``best_rating`` and ``worst_rating`` come from the
    desk's verdict scale; ``url`` is the fact-check's own address; ``organisation_*`` the
    publishing desk. The rest describes where the claim appeared (``article_url``,
    ``outlet_name``, ``article_date``) and who made it (``claim_author``, a ``Person`` or, with
    ``claim_author_is_organisation``, an ``Organization``); each is left out when unknown.
    """

    claim_id: int | str
    claim_reviewed: str | None
    verdict_title: str | None
    rating_value: int | float | None
    best_rating: int | float | None
    worst_rating: int | float | None
    url: str | None
    organisation_name: str | None
    organisation_url: str | None = None
    date_published: date | None = None
    article_url: str | None = None
    outlet_name: str | None = None
    article_date: date | None = None
    claim_author: str | None = None
    claim_author_is_organisation: bool = False
    appearance_type: str = "NewsArticle"


def _text(value: str | None) -> str:
    """A text as written: its runs of spacing (line breaks too) made one space, as they are
    read back."""
    return " ".join(value.split()) if isinstance(value, str) else ""


def _number(value: object) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value))


def missing(claim: PublishableClaim) -> list[str]:
    """What ``claim`` lacks of a ClaimReview's required properties, by their names (with the
    reason in brackets when a value is there but unusable); empty when it can be written."""
    lacks = []
    if not _text(claim.claim_reviewed):
        lacks.append("claimReviewed")
    if not _text(claim.verdict_title):
        lacks.append("reviewRating.alternateName")
    numbers = {"ratingValue": claim.rating_value, "bestRating": claim.best_rating,
               "worstRating": claim.worst_rating}
    for name, value in numbers.items():
        if not _number(value):
            lacks.append(f"reviewRating.{name}" + (" (the verdict has no rating)"
                                                   if name == "ratingValue" else ""))
    if all(_number(v) for v in numbers.values()) and not (
            min(claim.best_rating, claim.worst_rating) <= claim.rating_value  # type: ignore
            <= max(claim.best_rating, claim.worst_rating)):  # type: ignore[type-var]
        lacks.append("reviewRating.ratingValue (outside worstRating to bestRating)")
    url = _text(claim.url)
    if not url:
        lacks.append("url")
    elif not HTTP_ADDRESS.match(url):
        lacks.append("url (not a web address)")
    if not _text(claim.organisation_name):
        lacks.append("author.name")
    if not isinstance(claim.date_published, date):
        lacks.append("datePublished")
    return lacks


def _iso(value: date) -> str:
    return value.isoformat()


def claimreview(claim: PublishableClaim) -> dict[str, Any]:
    """The ClaimReview object of ``claim`` (keys in a fixed order);
    :class:`IncompleteClaimReviews` if it lacks a required property."""
    lacks = missing(claim)
    if lacks:
        raise _incomplete({claim.claim_id: lacks})
    organisation: dict[str, Any] = {"@type": "Organization", "name": _text(claim.organisation_name)}
    if _text(claim.organisation_url):
        organisation["url"] = _text(claim.organisation_url)
    item: dict[str, Any] = {"@type": "Claim"}
    appearance: dict[str, Any] = {}
    if _text(claim.article_url):
        appearance["url"] = _text(claim.article_url)
    if _text(claim.outlet_name):
        appearance["publisher"] = {"@type": "Organization", "name": _text(claim.outlet_name)}
    if appearance:
        item["appearance"] = {"@type": claim.appearance_type or "CreativeWork", **appearance}
    if isinstance(claim.article_date, date):
        item["datePublished"] = _iso(claim.article_date)
    if _text(claim.claim_author):
        kind = "Organization" if claim.claim_author_is_organisation else "Person"
        item["author"] = {"@type": kind, "name": _text(claim.claim_author)}
    return {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": _text(claim.url),
        "claimReviewed": _text(claim.claim_reviewed),
        "reviewRating": {
            "@type": "Rating",
            "alternateName": _text(claim.verdict_title),
            "ratingValue": claim.rating_value,
            "bestRating": claim.best_rating,
            "worstRating": claim.worst_rating,
        },
        "author": organisation,
        "datePublished": _iso(claim.date_published),  # type: ignore[arg-type]
        "itemReviewed": item,
    }


def _incomplete(lacking: dict[Any, list[str]]) -> IncompleteClaimReviews:
    count = len(lacking)
    listed = "; ".join(f"claim {claim_id} lacks {', '.join(lacks)}"
                       for claim_id, lacks in lacking.items())
    subject = "1 claim lacks" if count == 1 else f"{count:,} claims lack"
    return IncompleteClaimReviews(
        f"Nothing was written: {subject} what a ClaimReview needs ({listed}).", lacking)


def claimreviews(claims: Iterable[PublishableClaim]) -> list[dict[str, Any]]:
    """The ClaimReview of each claim, or :class:`IncompleteClaimReviews` listing every claim
    that lacks something (and what)."""
    claims = list(claims)
    lacking = {c.claim_id: lacks for c in claims if (lacks := missing(c))}
    if lacking:
        raise _incomplete(lacking)
    return [claimreview(c) for c in claims]


def claimreviews_json(claims: Iterable[PublishableClaim]) -> str:
    """The claims' ClaimReviews as a JSON array (UTF-8 text, not escaped to ASCII)."""
    return json.dumps(claimreviews(claims), ensure_ascii=False, indent=2) + "\n"


def write_claimreviews(claims: Iterable[PublishableClaim], out: TextIO | Path | str) -> int:
    """Write the claims' ClaimReviews as a JSON array to ``out`` (an open text file, or a path,
    written whole under a temporary name and then moved into place); returns how many. If any
    claim lacks something, nothing is written and :class:`IncompleteClaimReviews` names them."""
    claims = list(claims)
    text = claimreviews_json(claims)  # raises before anything is opened or written
    if isinstance(out, (str, Path)):
        from annotator.core.output_file import write_whole

        write_whole(Path(out), lambda stream: stream.write(text))
    else:
        out.write(text)
    return len(claims)


# ------------------------------------------------------------------------------------ reading


@dataclass(frozen=True)
class ReferenceClaim:
    """A claim checked by a published fact-check, read from its ClaimReview.

    ``verdict`` is the rating's ``alternateName`` (else its ``ratingValue`` as text);
    ``rating_value``, ``best_rating`` and ``worst_rating`` are numbers when the file gives them
    (as numbers or numeric strings). ``appearance_urls`` are where the claim was seen.
    """

    claim_reviewed: str
    verdict: str | None = None
    rating_value: int | float | None = None
    best_rating: int | float | None = None
    worst_rating: int | float | None = None
    url: str | None = None
    organisation_name: str | None = None
    organisation_url: str | None = None
    date_published: date | None = None
    appearance_urls: tuple[str, ...] = field(default_factory=tuple)
    claim_author: str | None = None
    claim_date: date | None = None


def read_fact_checks(data: str | bytes) -> list[ReferenceClaim]:
    """Every ClaimReview in the JSON-LD ``data``, in the order they appear, as reference
    claims; a ClaimReview that does not say what claim it reviews is left out.
    :class:`FormatError` if ``data`` is not JSON, is too large, or holds no ClaimReview."""
    if len(data) > MAX_INPUT_BYTES:
        raise FormatError(
            f"The fact-check file is {len(data):,} bytes long, more than the "
            f"{MAX_INPUT_BYTES:,} that are read; split it into smaller files.")
    document = _page_json_ld(data) if _looks_like_html(data) else _load_json(data)
    reviews, nodes = _find_reviews(document)
    if not reviews:
        raise FormatError("The fact-check file holds no ClaimReview (schema.org JSON-LD with "
                          "\"@type\": \"ClaimReview\").")
    claims = [claim for review in reviews
              if (claim := _reference_claim(review, nodes)) is not None]
    if not claims:
        raise FormatError(f"None of the {len(reviews):,} ClaimReviews of the fact-check file "
                          "says what claim it reviews (claimReviewed).")
    return claims


def _looks_like_html(data: str | bytes) -> bool:
    start = data[:1000].lstrip()
    if isinstance(start, bytes):
        start = start.removeprefix(b"\xef\xbb\xbf").decode("latin-1")
    return start.removeprefix("\ufeff").lstrip().startswith("<")


SCRIPT = re.compile(r"<script\b[^>]*\btype\s*=\s*[\"']?application/ld\+json[\"']?[^>]*>(.*?)"
                    r"</script\s*>", re.IGNORECASE | re.DOTALL)


def _page_json_ld(data: str | bytes) -> list[Any]:
    """The JSON-LD blocks of a web page (its ``<script type="application/ld+json">``); a
    block that is not valid JSON is passed over, as a browser or a search engine would."""
    if isinstance(data, bytes):
        data = data.decode("utf-8", errors="replace")
    blocks = []
    for match in SCRIPT.finditer(data):
        try:
            blocks.append(_load_json(match.group(1)))
        except FormatError:
            continue
    return blocks


def _load_json(data: str | bytes) -> Any:
    try:
        return json.loads(data)
    except json.JSONDecodeError as exc:
        raise FormatError(f"The fact-check file is not valid JSON ({exc.msg} at line "
                          f"{exc.lineno}, column {exc.colno}).") from None
    except UnicodeDecodeError:
        raise FormatError("The fact-check file is not text in UTF-8 (nor UTF-16 or UTF-32), "
                          "so it cannot be JSON-LD.") from None
    except RecursionError:
        raise FormatError("The fact-check file nests its JSON too deeply to be read.") from None
    except ValueError as exc:  # e.g. a number with more digits than Python converts
        raise FormatError(f"The fact-check file cannot be read as JSON ({exc}).") from None


def _is_schema_type(value: object, wanted: str) -> bool:
    kinds = value if isinstance(value, list) else [value]
    for kind in kinds:
        if isinstance(kind, str):
            name = kind.strip()
            for prefix in SCHEMA_PREFIXES:
                if name.startswith(prefix):
                    name = name[len(prefix):]
                    break
            if name == wanted:
                return True
    return False


def _find_reviews(document: Any) -> tuple[list[dict], dict[str, dict]]:
    """The ClaimReview objects anywhere in ``document`` (in document order), and the objects
    with an ``@id`` and more, by that id (the first of each)."""
    reviews: list[dict] = []
    nodes: dict[str, dict] = {}
    stack = [document]
    while stack:
        value = stack.pop()
        if isinstance(value, list):
            stack.extend(reversed(value))
            continue
        if not isinstance(value, dict):
            continue
        node_id = value.get("@id")
        if isinstance(node_id, str) and len(value) > 1:
            nodes.setdefault(node_id, value)
        if _is_schema_type(value.get("@type", value.get("type")), "ClaimReview"):
            reviews.append(value)
            if len(reviews) > MAX_REVIEWS:
                raise FormatError(
                    f"The fact-check file holds more than {MAX_REVIEWS:,} ClaimReviews; "
                    "split it into smaller files.")
        stack.extend(v for v in reversed(value.values()) if isinstance(v, (list, dict)))
    return reviews, nodes


def _resolve(value: Any, nodes: dict[str, dict]) -> Any:
    if isinstance(value, dict) and set(value) == {"@id"} and isinstance(value["@id"], str):
        return nodes.get(value["@id"], value)
    return value


def _first(value: Any, nodes: dict[str, dict]) -> Any:
    """The first value of a property (JSON-LD allows a list), with an ``@id`` reference
    looked up."""
    if isinstance(value, list):
        value = next((v for v in value if v not in (None, "", [], {})), None)
    return _resolve(value, nodes)


def _plain(value: Any, nodes: dict[str, dict]) -> str | None:
    """A property's text: a string, a number, an ``@value`` or an object's ``name``."""
    value = _first(value, nodes)
    if isinstance(value, dict):
        value = value.get("@value", value.get("name"))
        value = _first(value, nodes)
        if isinstance(value, dict):
            value = value.get("@value")
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return _number_text(value)
    if isinstance(value, str):
        text = " ".join(value.split())
        return text[:MAX_TEXT_CHARS] or None
    return None


def _number_text(value: int | float) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _rating_number(value: Any, nodes: dict[str, dict]) -> int | float | None:
    value = _first(value, nodes)
    if isinstance(value, dict):
        value = value.get("@value")
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = value.strip()
        if not re.fullmatch(r"[+-]?(\d{1,15}(\.\d{0,15})?|\.\d{1,15})", text):
            return None
        value = float(text) if "." in text else int(text)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return int(value) if value.is_integer() else value
    return None


def _address(value: Any, nodes: dict[str, dict]) -> str | None:
    value = _first(value, nodes)
    if isinstance(value, dict):
        value = value.get("url", value.get("@id"))
        value = _first(value, nodes)
    if isinstance(value, str) and HTTP_ADDRESS.match(value.strip()):
        return value.strip()[:MAX_TEXT_CHARS]
    return None  # not a web address (a javascript: or file: one is no fact-check's address)


def _date(value: Any, nodes: dict[str, dict]) -> date | None:
    text = _plain(value, nodes)
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def _appearances(item: dict, nodes: dict[str, dict]) -> tuple[str, ...]:
    urls: list[str] = []
    for key in ("appearance", "firstAppearance"):
        values = item.get(key)
        for value in values if isinstance(values, list) else [values]:
            url = _address(value, nodes)
            if url and url not in urls:
                urls.append(url)
    # the older form: itemReviewed is the CreativeWork where the claim appeared
    if not urls and not _is_schema_type(item.get("@type"), "Claim"):
        url = _address(item.get("url"), nodes)
        if url:
            urls.append(url)
    return tuple(urls)


def _reference_claim(review: dict, nodes: dict[str, dict]) -> ReferenceClaim | None:
    claim_reviewed = _plain(review.get("claimReviewed"), nodes)
    item = _first(review.get("itemReviewed"), nodes)
    item = item if isinstance(item, dict) else {}
    if not claim_reviewed:  # a few publishers give the claim's text as the Claim's name
        claim_reviewed = _plain(item.get("text"), nodes) or _plain(item.get("name"), nodes)
    if not claim_reviewed:
        return None
    rating = _first(review.get("reviewRating"), nodes)
    rating = rating if isinstance(rating, dict) else {}
    value = _rating_number(rating.get("ratingValue"), nodes)
    verdict = (_plain(rating.get("alternateName"), nodes) or _plain(rating.get("name"), nodes)
               or (_number_text(value) if value is not None else None))
    author = _first(review.get("author"), nodes)
    organisation_url = _address(author.get("url"), nodes) if isinstance(author, dict) else None
    return ReferenceClaim(
        claim_reviewed=claim_reviewed,
        verdict=verdict,
        rating_value=value,
        best_rating=_rating_number(rating.get("bestRating"), nodes),
        worst_rating=_rating_number(rating.get("worstRating"), nodes),
        url=_address(review.get("url"), nodes),
        organisation_name=_plain(author, nodes),
        organisation_url=organisation_url,
        date_published=_date(review.get("datePublished"), nodes),
        appearance_urls=_appearances(item, nodes),
        claim_author=_plain(item.get("author"), nodes),
        claim_date=_date(item.get("datePublished"), nodes),
    )
