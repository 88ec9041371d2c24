"""Read a document file into title and normalised text: ``.txt``, ``.md``, ``.html``, ``.docx``
and ``.pdf``.

Encodings are detected (byte-order marks, then strict UTF-8, then charset-normalizer, whose
guess is flagged as one), or named by the reviewer (:data:`ENCODINGS`). HTML is
reduced to the article's readable text by trafilatura, with BeautifulSoup as the fallback for
pages too small for it, and for pages trafilatura cannot read well (nested deeper than
:data:`TRAFILATURA_MAX_DEPTH`, where it loses text, or with more than
:data:`TRAFILATURA_MAX_ELEMENTS` elements, where its time grows with their square), which the
import's warnings then name; nothing is fetched and no script runs. Markdown nested deeper than
markdown-it-py follows is read as plain text, with a warning. Every text is held to one size
limit (:func:`~.text.check_document_size`), which Word files and PDFs check as
they are read. Word documents are read with
python-docx (the body's paragraphs and tables, in order), PDFs with pypdf (the text layer, page
by page); both libraries are imported only when such a file is read.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import io
import logging
import re
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.core.articles.text import (
    MAX_DOCUMENT_BYTES,
    TextBudget,
    check_document_size,
    normalise_text,
)
from annotator.core.errors import DocumentError
from annotator.core.regular_file import read_regular_file

MAX_TITLE_CHARS = 200
MAX_LINE_TITLE = 150  # a first line longer than this is a paragraph, not a title
# How deep markdown-it-py follows nested blocks (a list item takes two levels, a quote one);
# its parser recurses, so this stays well under Python's recursion limit.
MARKDOWN_MAX_NESTING = 50

FORMATS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}

# Byte-order marks, longest first (the UTF-32-LE mark begins with the UTF-16-LE one).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# The C0 and C1 control characters (Unicode category Cc) that do not belong in text: all but
# tab, line feed, vertical tab, form feed and carriage return, and NUL, which is counted apart.
_STRAY_CONTROLS = re.compile("[\x01-\x08\x0e-\x1f\x7f-\x9f]")
_DAMAGE = re.compile("\ufffd+")

# The encodings offered when the reviewer names a file's encoding, by Python's name for each
# (any other encoding Python knows may be named too): the common ones of news text, by region.
ENCODINGS: tuple[tuple[str, str], ...] = (
    ("utf-8", "Unicode (UTF-8)"),
    ("utf-16", "Unicode (UTF-16, with a byte-order mark)"),
    ("utf-16-le", "Unicode (UTF-16 LE)"),
    ("utf-16-be", "Unicode (UTF-16 BE)"),
    ("cp1252", "Western European (Windows-1252)"),
    ("iso8859-15", "Western European (ISO-8859-15)"),
    ("mac-roman", "Western European (Mac Roman)"),
    ("cp1250", "Central European (Windows-1250)"),
    ("iso8859-2", "Central European (ISO-8859-2)"),
    ("cp1257", "Baltic (Windows-1257)"),
    ("cp1251", "Cyrillic (Windows-1251)"),
    ("koi8-r", "Russian (KOI8-R)"),
    ("koi8-u", "Ukrainian (KOI8-U)"),
    ("cp1253", "Greek (Windows-1253)"),
    ("cp1254", "Turkish (Windows-1254)"),
    ("cp1255", "Hebrew (Windows-1255)"),
    ("cp1256", "Arabic (Windows-1256)"),
    ("shift_jis", "Japanese (Shift JIS)"),
    ("euc_jp", "Japanese (EUC-JP)"),
    ("euc_kr", "Korean (EUC-KR)"),
    ("gb18030", "Chinese, simplified (GB18030)"),
    ("big5", "Chinese, traditional (Big5)"),
)
_ENCODING_TITLES = dict(ENCODINGS)
# Codecs Python counts as text encodings that no text file is written in.
_NOT_FILE_ENCODINGS = frozenset(
    ("idna", "punycode", "undefined", "unicode-escape", "raw-unicode-escape")
)
# The encodings each byte-order mark allows the reviewer to name.
_BOM_ALLOWS = {
    "utf-8": ("utf-8", "utf-8-sig"),
    "utf-16-le": ("utf-16", "utf-16-le"),
    "utf-16-be": ("utf-16", "utf-16-be"),
    "utf-32-le": ("utf-32", "utf-32-le"),
    "utf-32-be": ("utf-32", "utf-32-be"),
}
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def encoding_name(name: str) -> str:
    """Python's name of a text encoding (``Windows-1250`` gives ``cp1250``); a
    :class:`DocumentError` for a name it does not know or that is no text encoding."""
    try:
        info = codecs.lookup(name.strip())
    except LookupError:
        raise DocumentError(
            f"unknown encoding {name!r} (for example utf-8, cp1252, cp1250, iso8859-2, cp1251 "
            "or shift_jis)"
        ) from None
    if not getattr(info, "_is_text_encoding", True):  # base64, zlib, rot13 and the like
        raise DocumentError(f"{name!r} is not a text encoding")
    if info.name.replace("_", "-") in _NOT_FILE_ENCODINGS:
        raise DocumentError(f"{name!r} is not an encoding text files are written in")
    return info.name


def encoding_title(name: str) -> str:
    """How the reviewer is shown an encoding: ``Central European (Windows-1250)``."""
    with contextlib.suppress(LookupError):
        name = codecs.lookup(name).name
    return _ENCODING_TITLES.get(name, name)


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
    encoding_guessed: bool = False  # read in a legacy encoding told by statistics alone

    def __post_init__(self) -> None:
        check_document_size(self.text)  # whatever it was read from: one limit for every text


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a text file's bytes; returns ``(text, encoding)``.

    Raises :class:`DocumentError` for bytes that are not text in any encoding we can tell.
    """
    text, encoding, _ = decode_text(data)
    return text, encoding


def decode_text(
    data: bytes, encoding: str | None = None
) -> tuple[str, str, tuple[str, ...]]:
    """Decode a text file's bytes; returns ``(text, encoding, warnings)``.

    With ``encoding`` (the reviewer's word for it) the bytes are read in it and nothing else.
    Otherwise it is found out: a byte-order mark, then UTF-8, then a legacy encoding, which is a
    guess and says so in the warnings. UTF-8 with a few damaged bytes (a truncated download, a
    bad copy) is read as UTF-8 with each damaged byte shown as U+FFFD, and a warning that says
    how many there were, rather than being misread as some single-byte encoding from top to
    bottom.
    """
    if encoding is not None:
        text, codec = decode_as(data, encoding)
        return text, codec, ()
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
            text, encoding = western, "cp1252"
            return text, encoding, (guessed_encoding_warning(encoding),)
        from charset_normalizer import from_bytes

        matches = from_bytes(data)
        best = matches.best()
        if best is None:
            raise DocumentError(
                "the file is not text in any encoding we can recognise (is it a binary file?)"
            ) from None
        best = _prefer_windows_1252(matches, best)
        text, encoding = str(best), best.encoding
        if _LONE_SURROGATE.search(text):  # (utf-7, say) half a UTF-16 pair is not text
            raise DocumentError(
                "the file is not text in any encoding we can recognise") from None
        if encoding not in ("ascii", "utf_8"):
            warnings = (guessed_encoding_warning(encoding),)
    if _looks_binary(text):
        raise DocumentError("the file holds binary data, not text")
    return text, encoding, warnings


GUESSED_ENCODING = "its encoding was not declared and was guessed"


def _same_encoding(a: str | None, b: str | None) -> bool:
    try:
        return bool(a and b) and codecs.lookup(a).name == codecs.lookup(b).name
    except LookupError:
        return False


def guessed_encoding_warning(encoding: str) -> str:
    return (f"{GUESSED_ENCODING}: {encoding_title(encoding)}. If some letters look wrong, "
            "import it again naming its encoding")


def decode_as(data: bytes, encoding: str) -> tuple[str, str]:
    """The bytes read in the encoding the reviewer named; returns ``(text, Python's name of
    it)``. A :class:`DocumentError` says where the bytes do not fit it."""
    codec = encoding_name(encoding)
    title = encoding_title(codec)
    # a byte-order mark that agrees with the name is taken off, and the rest read in the exact
    # encoding it marks (UTF-16 LE, say, for "utf-16")
    skipped, codec_used = 0, "utf-8" if codec == "utf-8-sig" else codec
    for bom, marked in _BOMS:
        if data.startswith(bom):
            if codec not in _BOM_ALLOWS[marked]:
                raise DocumentError(
                    f"the file starts with a {marked.upper()} byte-order mark, so it is not "
                    f"{title} text (import it without naming an encoding)"
                )
            skipped, codec_used = len(bom), marked
            break
    try:
        text = data[skipped:].decode(codec_used)
    except UnicodeDecodeError as exc:
        at = exc.start + skipped
        raise DocumentError(
            f"the file cannot be read as {title}: the byte at offset {at:,} "
            f"(0x{data[at]:02X}) has no meaning in it"
        ) from None
    except UnicodeError as exc:  # codecs that fail in other ways
        raise DocumentError(f"the file cannot be read as {title} ({exc})") from None
    surrogate = _LONE_SURROGATE.search(text)
    if surrogate:
        raise DocumentError(
            f"read as {title}, the file holds half of a UTF-16 pair "
            f"(U+{ord(surrogate.group()):04X}) at character {surrogate.start():,}, which is "
            "not text"
        )
    if _looks_binary(text):
        raise DocumentError(
            f"read as {title}, the file holds control characters that text does not have: it "
            "is binary data, or in another encoding"
        )
    return text, codec


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
    controls = len(_STRAY_CONTROLS.findall(sample))
    nuls = sample.count("\x00")
    return (controls + nuls) / len(sample) > 0.01


def read_document(path: str | Path, encoding: str | None = None) -> ImportedDocument:
    """Read a ``.txt``, ``.md``, ``.html``, ``.docx`` or ``.pdf`` file into an
    :class:`ImportedDocument`; a ``.txt``, ``.md`` or ``.html`` file in ``encoding`` if one is
    named (a Word file or a PDF says its own)."""
    path = Path(path)
    name = path.name
    source_format = FORMATS.get(path.suffix.lower())
    if source_format is None:
        known = ", ".join(sorted(FORMATS))
        raise DocumentError(f"{name}: unsupported document type {path.suffix or '(none)'!r}; "
                            f"the annotator reads {known}")
    data = read_regular_file(path, MAX_DOCUMENT_BYTES, DocumentError, "a document")
    try:
        document = parse_document(data, source_format, fallback_title=path.stem,
                                  encoding=encoding)
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
        encoding_guessed=document.encoding_guessed,
    )


def parse_document(
    data: bytes, source_format: str, *, fallback_title: str, encoding: str | None = None
) -> ImportedDocument:
    """Turn a file's bytes of the given format into title and normalised text (text and HTML
    in ``encoding`` when it is named)."""
    warnings: tuple[str, ...] = ()
    read_as: str | None = None  # the encoding the text was read in
    if source_format in ("docx", "pdf") and not data:
        raise DocumentError("the document is empty (the file has no content at all)")
    if source_format == "docx":
        title, raw = _docx_text(data)
    elif source_format == "pdf":
        title, raw, warnings = _pdf_text(data)
    elif source_format == "html":
        title, raw, read_as, warnings = _html_text(data, encoding)
    else:
        raw, read_as, warnings = decode_text(data, encoding)
        title = None
        if source_format == "markdown":
            read = _markdown_text(normalise_text(raw))
            if read is None:  # nested too deep: as plain text, rather than lose some of it
                warnings += (
                    f"the Markdown nests lists or quotes more than {MARKDOWN_MAX_NESTING} "
                    "levels deep, deeper than the Markdown reader follows without losing "
                    "text; the file was read as plain text, marks and all",
                )
            else:
                title, raw = read
    text = normalise_text(raw)
    if not text or text.isspace():
        raise DocumentError("the document is empty (it has no text to annotate)")
    if source_format in ("text", "markdown", "docx", "pdf"):
        title = _clean_title(title) or _first_line_title(text)
    return ImportedDocument(
        title=_clean_title(title) or fallback_title,
        text=text,
        source_format=source_format,
        source_encoding=read_as,
        source_sha256=hashlib.sha256(data).hexdigest(),
        warnings=warnings,
        encoding_guessed=any(w.startswith(GUESSED_ENCODING) for w in warnings),
    )


def pasted_document(text: str, title: str | None = None) -> ImportedDocument:
    """A document made of text pasted from the clipboard (``source_format`` ``clipboard``);
    its ``source_sha256`` is that of the pasted text's UTF-8 bytes."""
    normalised = normalise_text(text)
    if not normalised.strip():
        raise DocumentError("the clipboard holds no text to make an article of")
    return ImportedDocument(
        title=_clean_title(title) or _clean_title(_first_line_title(normalised)) or "Pasted text",
        text=normalised,
        source_format="clipboard",
        source_sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
    )


def suggested_title(text: str) -> str:
    """The title a pasted text would get if the reviewer gave none."""
    return _clean_title(_first_line_title(normalise_text(text[:20000]))) or "Pasted text"


def _first_line_title(text: str) -> str | None:
    """The first non-blank line among the first 20, if it is short enough to be a title (read
    line by line, without splitting, and copying, the rest of a long text)."""
    start = 0
    for _ in range(20):
        end = text.find("\n", start)
        line = (text[start:] if end < 0 else text[start:end]).strip()
        if line:
            return line if len(line) <= MAX_LINE_TITLE else None
        if end < 0:
            return None
        start = end + 1
    return None


def _markdown_text(source: str) -> tuple[str | None, str] | None:
    """The title (the first heading, else the first line written, if short) and the text of a
    Markdown document as a reader sees it: no ``#``, ``*`` or ``>`` marks, links and images as
    their words, each heading, paragraph, list item (with its bullet or number), quote and
    table row a line, a blank line between blocks; code keeps its lines. Parsed as CommonMark
    (with tables) by markdown-it-py.

    None when the blocks nest :data:`MARKDOWN_MAX_NESTING` levels deep: markdown-it-py skips
    whatever lies deeper, and the rest of the file with it, without a word."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"maxNesting": MARKDOWN_MAX_NESTING}).enable("table")
    tokens = parser.parse(source)
    if any(token.level >= MARKDOWN_MAX_NESTING - 1 for token in tokens):
        return None
    first_line: str | None = None  # without a heading, the title is the first line written
    blocks: list[tuple[str, bool]] = []  # (text, whether a list item or table row: those
    # follow one another on the next line, other blocks after a blank line)
    title: str | None = None
    lists: list[str] = []  # the kinds of the lists being read (bullet, ordered), innermost last
    pending_item = ""
    row: list[str] = []
    for index, token in enumerate(tokens):
        kind = token.type
        before = tokens[index - 1].type if index else ""
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists.append(kind)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            marker = f"{token.info}{token.markup}" if lists[-1] == "ordered_list_open" else "•"
            pending_item = "  " * (len(lists) - 1) + marker + " "
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            blocks.append((" | ".join(row), True))
        elif kind == "inline":
            words = _markdown_inline(token)
            if first_line is None and words:
                line = token.content.split("\n", 1)[0]
                first_line = "".join(_markdown_inline(t) for t in parser.parseInline(line))
            if before in ("th_open", "td_open"):
                row.append(words)
            elif pending_item:
                blocks.append((pending_item + words, True))
                pending_item = ""
            else:
                blocks.append((words, bool(lists)))
                if title is None and before == "heading_open":
                    title = words
        elif kind in ("fence", "code_block"):
            blocks.append((token.content.rstrip("\n"), False))
        elif kind == "html_block":
            from bs4 import BeautifulSoup

            words = BeautifulSoup(token.content, "html.parser").get_text(" ", strip=True)
            if words:
                blocks.append((words, False))
    parts = []
    for n, (words, item) in enumerate(blocks):
        if n:
            parts.append("\n" if item and blocks[n - 1][1] else "\n\n")
        parts.append(words)
    if title is None and first_line and len(first_line) <= MAX_LINE_TITLE:
        title = first_line
    return title, "".join(parts) + "\n" if parts else ""


def _markdown_inline(token) -> str:
    parts = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")  # a paragraph wrapped in the source is one line
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)  # its words (the alt text)
    return "".join(parts).strip()


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


def _html_text(
    data: bytes, encoding: str | None = None
) -> tuple[str | None, str, str, tuple[str, ...]]:
    """The readable article text of an HTML page, its title, the encoding it was read in (the
    one named, else the page's own or a guess), and warnings: a guessed encoding, or an article
    extractor that could not be used."""
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
            any(data.startswith(bom) for bom, _ in _BOMS)
            or _same_encoding(read_as, "utf-8") or _same_encoding(read_as, "ascii")
            or _same_encoding(read_as, dammit.declared_html_encoding)
        )
        if not told:
            warnings = (guessed_encoding_warning(read_as),)
    if _looks_binary(markup):
        raise DocumentError("the file holds binary data, not an HTML page")
    soup = BeautifulSoup(markup, "html.parser")
    title = _html_title(soup)
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
    return title, text, read_as, warnings


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


# --------------------------------------------------------------------- Word (.docx)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, and encrypted .docx (an OLE container)
_NOT_DOCX = "the file is not a Word (.docx) document or is damaged"
# Elements that hold paragraphs: tables (row by row, cell by cell) and content controls.
_DOCX_CONTAINERS = frozenset(
    _W + tag for tag in ("tbl", "tr", "tc", "sdt", "sdtContent", "customXml", "ins", "moveTo")
)
# Inside a paragraph: deleted text, text boxes and drawings are not part of the running text.
_DOCX_SKIPPED = frozenset(
    [_W + tag for tag in ("pPr", "rPr", "del", "moveFrom", "drawing", "pict", "object",
                          "txbxContent", "instrText", "delText", "fldData")]
    + [_MC + "AlternateContent"]
)
_DOCX_TITLE_STYLES = frozenset(("title", "heading 1"))


def _docx_text(data: bytes) -> tuple[str | None, str]:
    """The title (None if the document has none) and text of a Word document's body."""
    _check_docx_container(data)
    try:
        import docx
        from docx.opc.constants import RELATIONSHIP_TYPE

        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        styles = _docx_paragraph_styles(document)
        paragraphs: list[str] = []
        styled_title: str | None = None
        budget = TextBudget()  # stops at the limit, before a zip bomb's text is all built
        for paragraph in _docx_paragraphs(body):
            text = _docx_paragraph_text(paragraph).rstrip()
            if not text.strip():
                continue
            paragraphs.append(budget.take(text))
            if styled_title is None and _docx_style_name(paragraph, styles) in _DOCX_TITLE_STYLES:
                styled_title = text
        try:
            core = document.part.package.part_related_by(RELATIONSHIP_TYPE.CORE_PROPERTIES)
            core_title = core.core_properties.title
        except Exception:  # noqa: BLE001 - none (python-docx would invent "Word Document")
            core_title = None  # or a damaged one: it only costs the title
    except DocumentError:
        raise
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 - zipfile, lxml and python-docx raise all kinds of things
        raise DocumentError(_NOT_DOCX) from None
    title = core_title if core_title and core_title.strip() else styled_title
    return title, "\n\n".join(paragraphs)


def _check_docx_container(data: bytes) -> None:
    """Refuse, with a sentence that says why, what is not a .docx zip package at all."""
    if data.startswith(_OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise DocumentError(
                "the Word document is protected with a password; open it in Word, remove the "
                "password (File > Info > Protect Document), save it and import it again"
            )
        raise DocumentError(
            "the file is not a Word (.docx) document (it looks like an old .doc file); "
            "open it in Word or LibreOffice, save it as .docx and import that"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(max(info.file_size, 0) for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise DocumentError(_NOT_DOCX) from None
    limit = 5 * MAX_DOCUMENT_BYTES
    if unpacked > limit:
        raise DocumentError(
            f"the Word document unpacks to {unpacked / 1e6:,.0f} MB, more than the "
            f"{limit / 1e6:,.0f} MB a document may have"
        )


def _docx_paragraphs(element) -> Iterator:
    """The ``w:p`` elements under a body (or cell), in document order, tables row by row."""
    for child in element:
        if child.tag == _W + "p":
            yield child
        elif child.tag in _DOCX_CONTAINERS:
            yield from _docx_paragraphs(child)


def _docx_paragraph_text(paragraph) -> str:
    """A paragraph's visible text: runs, hyperlinks, fields' results and insertions, with tabs
    and line breaks; deletions, field codes and text boxes left out."""
    parts: list[str] = []

    def walk(element) -> None:
        for child in element:
            tag = child.tag
            if tag == _W + "t":
                parts.append(child.text or "")
            elif tag in (_W + "tab", _W + "ptab"):
                parts.append("\t")
            elif tag == _W + "br":
                if child.get(_W + "type") in (None, "textWrapping"):
                    parts.append("\n")
            elif tag == _W + "cr":
                parts.append("\n")
            elif tag == _W + "noBreakHyphen":
                parts.append("-")
            elif tag not in _DOCX_SKIPPED:
                walk(child)

    walk(paragraph)
    return "".join(parts)


def _docx_paragraph_styles(document) -> dict[str, str]:
    """Paragraph style ids to their (lower-case) names: "Heading1" or a localised id such as
    "berschrift1" to "heading 1", since Word stores built-in names in English."""
    names: dict[str, str] = {}
    try:
        element = document.styles.element
    except Exception:  # noqa: BLE001 - a damaged styles part only costs the styled title
        return names
    for style in element.iterchildren(_W + "style"):
        if style.get(_W + "type") not in (None, "paragraph"):
            continue
        name = style.find(_W + "name")
        style_id = style.get(_W + "styleId")
        if style_id and name is not None and name.get(_W + "val"):
            names[style_id] = name.get(_W + "val").lower()
    return names


def _docx_style_name(paragraph, styles: dict[str, str]) -> str | None:
    properties = paragraph.find(_W + "pPr")
    style = properties.find(_W + "pStyle") if properties is not None else None
    style_id = style.get(_W + "val") if style is not None else None
    return styles.get(style_id, (style_id or "").lower()) if style_id else None


# --------------------------------------------------------------------- PDF

_PDF_DAMAGED = (
    "the PDF is damaged and cannot be read; open it in a PDF viewer, print or save it to a "
    "new PDF and import that"
)
_PDF_NO_TEXT = (
    "the PDF has no text layer (it is a scanned image); run OCR on it first, then import "
    "the result"
)
_PDF_PASSWORD = (
    "the PDF is protected with a password; open it in a PDF viewer with the password, save "
    "an unprotected copy and import that"
)
_BLANK_LINES = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)
_PRODUCER_PREFIX = re.compile(
    r"^\s*Microsoft\s+(?:Office\s+)?(?:Word|PowerPoint|Excel)\s*-\s*", re.IGNORECASE
)
_FILE_NAME_TITLE = re.compile(
    r"^[^/\\]*\.(?:docx?|dotx?|rtf|odt|txt|md|pdf|pages|indd|html?|xlsx?|pptx?|qxp)$",
    re.IGNORECASE,
)
_PLACEHOLDER_TITLE = re.compile(
    r"^(?:untitled|document|doc|title|presentation|microsoft word)[\s_-]*\d*$", re.IGNORECASE
)


class _QuietLogger:
    """Raise a logger's level above CRITICAL while any thread is inside the block: pypdf
    reports every oddity of a damaged file through ``logging``, which would reach stderr."""

    def __init__(self, name: str) -> None:
        self._logger = logging.getLogger(name)
        self._lock = threading.Lock()
        self._depth = 0
        self._saved = logging.NOTSET

    @contextlib.contextmanager
    def __call__(self) -> Iterator[None]:
        with self._lock:
            if self._depth == 0:
                self._saved = self._logger.level
                self._logger.setLevel(logging.CRITICAL + 1)
            self._depth += 1
        try:
            yield
        finally:
            with self._lock:
                self._depth -= 1
                if self._depth == 0:
                    self._logger.setLevel(self._saved)


_quiet_pypdf = _QuietLogger("pypdf")
_quiet_bs4 = _QuietLogger("bs4.dammit")


def _pdf_text(data: bytes) -> tuple[str | None, str, tuple[str, ...]]:
    """The title (None if it has no usable one), text and warnings of a PDF's text layer."""
    if b"%PDF-" not in data[:1024]:
        raise DocumentError("the file is not a PDF document (it has no PDF header)")
    with _quiet_pypdf():
        try:
            return _pdf_read(data)
        except DocumentError:
            raise
        except MemoryError:
            raise
        except Exception:  # noqa: BLE001 - pypdf's parser raises far more than PdfReadError
            raise DocumentError(_PDF_DAMAGED) from None


def _pdf_read(data: bytes) -> tuple[str | None, str, tuple[str, ...]]:
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        try:
            # Most "secured" PDFs only restrict printing or copying and open without a password.
            if reader.decrypt("") == PasswordType.NOT_DECRYPTED:
                raise DocumentError(_PDF_PASSWORD)
        except DependencyError:
            raise DocumentError(
                "the PDF is encrypted with AES, which needs the 'cryptography' Python package "
                "to be read; install it, or save an unencrypted copy and import that"
            ) from None
    pages: list[str] = []
    blank: list[int] = []
    failed: list[int] = []
    count = 0
    budget = TextBudget()  # stops at the limit, page by page
    for number, page in enumerate(reader.pages, 1):
        count = number
        try:
            text = page.extract_text()
        except FileNotDecryptedError:
            raise DocumentError(_PDF_PASSWORD) from None
        except MemoryError:
            raise
        except Exception:  # noqa: BLE001 - one damaged page should not lose the others
            failed.append(number)
            continue
        text = _TRAILING_SPACE.sub("", normalise_text(text or "")).strip()
        if text:
            pages.append(budget.take(text))
        else:
            blank.append(number)
    if count == 0:
        raise DocumentError("the PDF has no pages")
    if not pages:
        raise DocumentError(_PDF_DAMAGED if failed else _PDF_NO_TEXT)
    warnings: list[str] = []
    if failed:
        warnings.append(f"{_pages(failed)} could not be read and {_are(failed)} missing from "
                        "the text")
    if blank:
        warnings.append(f"{_pages(blank)} {_have(blank)} no text layer (blank or scanned "
                        f"{'page' if len(blank) == 1 else 'pages'}) and {_are(blank)} missing "
                        "from the text")
    text = _BLANK_LINES.sub("\n\n", "\n\n".join(pages))
    return _pdf_title(reader), text, tuple(warnings)


def _pages(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"page {numbers[0]}"
    shown = ", ".join(str(n) for n in numbers[:10])
    more = f" and {len(numbers) - 10} more" if len(numbers) > 10 else ""
    return f"pages {shown}{more}"


def _are(numbers: list[int]) -> str:
    return "is" if len(numbers) == 1 else "are"


def _have(numbers: list[int]) -> str:
    return "has" if len(numbers) == 1 else "have"


def _pdf_title(reader) -> str | None:
    """The Info dictionary's /Title, unless it is an editor's file name or a placeholder."""
    try:
        metadata = reader.metadata
        title = metadata.title if metadata is not None else None
    except Exception:  # noqa: BLE001 - a damaged Info dictionary only costs the title
        return None
    if not isinstance(title, str):
        return None
    title = _PRODUCER_PREFIX.sub("", " ".join(title.replace("\x00", "").split()))
    if not title or _FILE_NAME_TITLE.match(title) or _PLACEHOLDER_TITLE.match(title):
        return None
    return title
