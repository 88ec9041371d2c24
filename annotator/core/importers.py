"""Read a document file into title and normalised text: ``.txt``, ``.md`` and ``.html``.

Encodings are detected (byte-order marks, then strict UTF-8, then charset-normalizer). HTML is
reduced to the article's readable text by trafilatura, with BeautifulSoup as the fallback for
pages too small for it; nothing is fetched and no script runs.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from annotator.core.errors import DocumentError
from annotator.core.text import normalise_text

MAX_DOCUMENT_BYTES = 200 * 1024 * 1024
MAX_TITLE_CHARS = 200

FORMATS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}

# Byte-order marks, longest first (the UTF-32-LE mark begins with the UTF-16-LE one).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v\x00")
_DAMAGE = re.compile("\ufffd+")


@dataclass(frozen=True)
class ImportedDocument:
    """A document read from a file, ready for :meth:`SessionStore.add_document`."""

    title: str
    text: str
    source_format: str
    source_path: str | None = None
    source_encoding: str | None = None
    source_sha256: str | None = None
    warnings: tuple[str, ...] = ()


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a text file's bytes; returns ``(text, encoding)``.

    Raises :class:`DocumentError` for bytes that are not text in any encoding we can tell.
    """
    text, encoding, _ = decode_text(data)
    return text, encoding


def decode_text(data: bytes) -> tuple[str, str, tuple[str, ...]]:
    """Decode a text file's bytes; returns ``(text, encoding, warnings)``.

    UTF-8 with a few damaged bytes (a truncated download, a bad copy) is read as UTF-8 with each
    damaged byte shown as U+FFFD, and a warning that says how many there were, rather than being
    misread as some single-byte encoding from top to bottom.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding, ()
            except UnicodeDecodeError as exc:
                raise DocumentError(
                    f"the file starts with a {encoding.upper()} byte-order mark but is not "
                    f"valid {encoding.upper()} (byte {exc.start + len(bom)})"
                ) from None
    warnings: tuple[str, ...] = ()
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        damaged = _damaged_utf8(data)
        if damaged is not None:
            text, bad = damaged
            encoding = "utf-8"
            noun = "sequence" if bad == 1 else "sequences"
            warnings = (f"{bad} invalid UTF-8 byte {noun} shown as � (U+FFFD)",)
            if _looks_binary(text):
                raise DocumentError("the file holds binary data, not text") from None
            return text, encoding, warnings
        western = _plausible_windows_1252(data)
        if western is not None:
            return western, "cp1252", ()
        from charset_normalizer import from_bytes

        matches = from_bytes(data)
        best = matches.best()
        if best is None:
            raise DocumentError(
                "the file is not text in any encoding we can recognise (is it a binary file?)"
            ) from None
        best = _prefer_windows_1252(matches, best)
        text, encoding = str(best), best.encoding
    if _looks_binary(text):
        raise DocumentError("the file holds binary data, not text")
    return text, encoding, warnings


def _damaged_utf8(data: bytes) -> tuple[str, int] | None:
    """``(text, damaged sequences)`` if ``data`` is UTF-8 with rare damage, else None.

    It counts as UTF-8 when it has valid multi-byte characters and no more damaged sequences
    than valid ones (or only a few): text in a single-byte encoding such as Windows-1252 next
    to never forms a valid multi-byte UTF-8 sequence, while a damaged UTF-8 file keeps most.
    """
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    bad = len(_DAMAGE.findall(text))  # one damaged spot may give several U+FFFD in a row
    good = sum(1 for ch in text if ord(ch) > 127) - replaced - data.count(b"\xef\xbf\xbd")
    if good >= 1 and bad <= max(3, good):
        return text, bad
    return None


def _plausible_windows_1252(data: bytes) -> str | None:
    """The text as Windows-1252, if that reads as clean prose (the commonest legacy encoding
    of Western news text, which statistical detection confuses with Mac and DOS code pages
    on short articles); None otherwise."""
    from charset_normalizer.md import mess_ratio

    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    sample = text[:100_000]
    return text if mess_ratio(sample, maximum_threshold=1.0) <= 0.05 else None


def _prefer_windows_1252(matches, best):
    """Windows-1252 when it is as good a guess as the best one (the ranking then falls on
    cp1250 by list order, which turns a Western article's "ñ" into "ń" and "ï" into "ď")."""
    for match in matches:
        if (
            match.encoding == "cp1252"
            and match.chaos == best.chaos
            and match.coherence == best.coherence
        ):
            return match
    return best


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    if not sample:
        return False
    controls = sum(
        1 for ch in sample if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc"
    )
    nuls = sample.count("\x00")
    return (controls + nuls) / len(sample) > 0.01


def read_document(path: str | Path) -> ImportedDocument:
    """Read a ``.txt``, ``.md`` or ``.html`` file into an :class:`ImportedDocument`."""
    path = Path(path)
    name = path.name
    source_format = FORMATS.get(path.suffix.lower())
    if source_format is None:
        known = ", ".join(sorted(FORMATS))
        raise DocumentError(f"{name}: unsupported document type {path.suffix or '(none)'!r}; "
                            f"the annotator reads {known}")
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise DocumentError(f"{name}: is a folder, not a document")
        if size > MAX_DOCUMENT_BYTES:
            raise DocumentError(
                f"{name}: {size / 1e6:.0f} MB is larger than the "
                f"{MAX_DOCUMENT_BYTES / 1e6:.0f} MB a document may have"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise DocumentError(f"{path}: no such file") from None
    except PermissionError:
        raise DocumentError(f"{path}: permission denied") from None
    except IsADirectoryError:
        raise DocumentError(f"{name}: is a folder, not a document") from None
    except OSError as exc:
        raise DocumentError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        document = parse_document(data, source_format, fallback_title=path.stem)
    except DocumentError as exc:
        raise DocumentError(f"{name}: {exc}") from None
    return ImportedDocument(
        title=document.title,
        text=document.text,
        source_format=document.source_format,
        source_path=str(path.resolve()),
        source_encoding=document.source_encoding,
        source_sha256=document.source_sha256,
        warnings=document.warnings,
    )


def parse_document(data: bytes, source_format: str, *, fallback_title: str) -> ImportedDocument:
    """Turn a file's bytes of the given format into title and normalised text."""
    warnings: tuple[str, ...] = ()
    if source_format == "html":
        title, raw, encoding = _html_text(data)
    else:
        raw, encoding, warnings = decode_text(data)
        title = None
    text = normalise_text(raw)
    if not text.strip():
        raise DocumentError("the document is empty (it has no text to annotate)")
    if source_format == "markdown":
        title = _markdown_title(text)
    elif source_format == "text":
        title = _first_line_title(text)
    return ImportedDocument(
        title=_clean_title(title) or fallback_title,
        text=text,
        source_format=source_format,
        source_encoding=encoding,
        source_sha256=hashlib.sha256(data).hexdigest(),
        warnings=warnings,
    )


def _first_line_title(text: str) -> str | None:
    for line in text.split("\n", 20)[:20]:
        line = line.strip()
        if line:
            return line if len(line) <= 150 else None
    return None


_MD_HEADING = re.compile(r"^\s{0,3}#{1,2}\s+(.+?)\s*#*\s*$", re.MULTILINE)


def _markdown_title(text: str) -> str | None:
    match = _MD_HEADING.search(text[:20000])
    return match.group(1) if match else _first_line_title(text)


def _clean_title(title: str | None) -> str | None:
    if not title:
        return None
    title = " ".join(title.split())
    return title[:MAX_TITLE_CHARS] or None


_BLOCK_TAGS = (
    "p", "div", "section", "article", "li", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "tr", "br", "figcaption", "dd", "dt",
)
_NOISE_TAGS = (
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "button", "iframe", "svg", "canvas",
)


def _html_text(data: bytes) -> tuple[str | None, str, str]:
    """The readable article text of an HTML page, its title and the encoding it was read in."""
    from bs4 import BeautifulSoup, UnicodeDammit

    dammit = UnicodeDammit(data, is_html=True)
    markup = dammit.unicode_markup
    if markup is None:
        raise DocumentError("the page's encoding cannot be recognised")
    if _looks_binary(markup):
        raise DocumentError("the file holds binary data, not an HTML page")
    soup = BeautifulSoup(markup, "html.parser")
    title = _html_title(soup)
    text = _trafilatura_text(markup)
    if not text or not text.strip():
        text = _soup_text(soup)
    return title, text, dammit.original_encoding or "utf-8"


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


def _trafilatura_text(markup: str) -> str | None:
    try:
        import trafilatura
    except ImportError:  # pragma: no cover - a dependency, but degrade rather than fail
        return None
    try:
        return trafilatura.extract(
            markup,
            output_format="txt",
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            deduplicate=False,
            favor_precision=True,
        )
    except Exception:  # noqa: BLE001 - the extractor's failure is not the reviewer's problem
        return None


def _soup_text(soup) -> str:
    for tag in soup(_NOISE_TAGS):
        tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    for tag in root.find_all(_BLOCK_TAGS):
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    lines = [" ".join(line.split()) for line in root.get_text().split("\n")]
    paragraphs: list[str] = []
    for line in lines:
        if line:
            paragraphs.append(line)
    return "\n\n".join(paragraphs)
