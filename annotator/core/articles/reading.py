"""Read a document file into title and normalised text: ``.txt``, ``.md``, ``.html``, ``.docx``
and ``.pdf`` (:data:`DOCUMENT_SUFFIXES`), or make one of pasted text.

This module is the entry point, and decides the titles; each kind of file has its reader:
:mod:`.text_encodings` (the encoding of a text file's bytes, detected or named by the reviewer),
:mod:`.markdown_files`, :mod:`.html_pages`, :mod:`.docx_files` and :mod:`.pdf_files`. Every
text is held to one size limit (:func:`~.text.check_document_size`), which Word files and PDFs
check as they are read. The libraries that read Markdown, HTML, Word files and PDFs are
imported only when such a file is read.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

from annotator.core.articles.docx_files import docx_text
from annotator.core.articles.html_pages import html_text
from annotator.core.articles.markdown_files import (
    MARKDOWN_MAX_NESTING,
    MarkdownText,
    markdown_text,
)
from annotator.core.articles.pdf_files import pdf_text
from annotator.core.articles.provenance import Provenance, split_front_matter
from annotator.core.articles.text import (
    MAX_DOCUMENT_BYTES,
    check_document_size,
    normalise_text,
)
from annotator.core.articles.text_encodings import GUESSED_ENCODING, decode_text
from annotator.core.errors import DocumentError
from annotator.core.regular_file import read_regular_file

MAX_TITLE_CHARS = 200
MAX_LINE_TITLE = 150  # a first line longer than this is a paragraph, not a title

# the file name endings of the documents the annotator reads, and the kind of each
DOCUMENT_SUFFIXES: dict[str, str] = {
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
    provenance: Provenance = field(default_factory=Provenance)  # where the file says it is from

    def __post_init__(self) -> None:
        check_document_size(self.text)  # whatever it was read from: one limit for every text


def read_document(path: str | Path, encoding: str | None = None) -> ImportedDocument:
    """Read a ``.txt``, ``.md``, ``.html``, ``.docx`` or ``.pdf`` file into an
    :class:`ImportedDocument`; a ``.txt``, ``.md`` or ``.html`` file in ``encoding`` if one is
    named (a Word file or a PDF says its own)."""
    path = Path(path)
    name = path.name
    source_format = DOCUMENT_SUFFIXES.get(path.suffix.lower())
    if source_format is None:
        known = ", ".join(sorted(DOCUMENT_SUFFIXES))
        raise DocumentError(f"{name}: unsupported document type {path.suffix or '(none)'!r}; "
                            f"the annotator reads {known}")
    data = read_regular_file(path, MAX_DOCUMENT_BYTES, DocumentError, "a document")
    try:
        document = parse_document(data, source_format, fallback_title=path.stem,
                                  encoding=encoding)
    except DocumentError as exc:
        raise DocumentError(f"{name}: {exc}") from None
    return replace(document, source_path=str(path.resolve()))


def parse_document(
    data: bytes, source_format: str, *, fallback_title: str, encoding: str | None = None,
    base_url: str | None = None,
) -> ImportedDocument:
    """Turn a file's bytes of the given format into title, normalised text and provenance
    (text and HTML in ``encoding`` when it is named; ``base_url``: where a page was fetched)."""
    warnings: tuple[str, ...] = ()
    read_as: str | None = None  # the encoding the text was read in
    provenance = Provenance()
    if source_format in ("docx", "pdf") and not data:
        raise DocumentError("the document is empty (the file has no content at all)")
    if source_format == "docx":
        title, raw, provenance = docx_text(data)
    elif source_format == "pdf":
        title, raw, warnings, provenance = pdf_text(data)
    elif source_format == "html":
        title, raw, read_as, warnings, provenance = html_text(data, encoding, base_url)
    else:
        raw, read_as, warnings = decode_text(data, encoding)
        title = None
        if source_format == "markdown":
            front = split_front_matter(normalise_text(raw))
            provenance, title = front.provenance, front.title
            warnings += (front.warning,) if front.warning else ()
            read = markdown_text(front.body)
            if read is None:  # nested too deep: as plain text, rather than lose some of it
                warnings += (
                    f"the Markdown nests lists or quotes more than {MARKDOWN_MAX_NESTING} "
                    "levels deep, deeper than the Markdown reader follows without losing "
                    "text; the file was read as plain text, marks and all",
                )
            else:
                title, raw = title or _markdown_title(read), read.text
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
        provenance=provenance,
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


def _markdown_title(read: MarkdownText) -> str | None:
    """The first heading, else the first line written if it is short enough to be a title."""
    if read.heading is None and read.first_line and len(read.first_line) <= MAX_LINE_TITLE:
        return read.first_line
    return read.heading


def _clean_title(title: str | None) -> str | None:
    if not title:
        return None
    title = " ".join(title.split())
    return title[:MAX_TITLE_CHARS] or None
