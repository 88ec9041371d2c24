"""How a document's text is normalised once, at import, fingerprinted, and how large it may be."""

from __future__ import annotations

import hashlib
import re

from annotator.core.errors import DocumentError

#: The most a document may hold: its file (read no further than this), and its text in UTF-8,
#: whatever it was read from (a small Word file or PDF can unpack to far more text).
MAX_DOCUMENT_BYTES = 200_000_000
#: The most characters a document's text may have (each takes at least one UTF-8 byte).
MAX_DOCUMENT_CHARS = MAX_DOCUMENT_BYTES

_NEWLINES = re.compile(r"\r\n?")


def normalise_text(raw: str) -> str:
    """Newlines to ``\\n`` and NUL characters removed; nothing else changes.

    Unicode normalisation (NFC) is deliberately not applied: the reviewer sees the text as
    published, combining marks included, and offsets count the code points as they are.
    """
    text = _NEWLINES.sub("\n", raw)
    if "\x00" in text:
        text = text.replace("\x00", "")
    # A byte-order mark is never content (and Qt would drop one at the start of a text).
    return text.lstrip("\ufeff")


def sha256_text(text: str) -> str:
    """The SHA-256 of the text's UTF-8 bytes, in hex: the document's fingerprint."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _megabytes(size: int) -> str:
    return f"{size / 1e6:,.0f} MB"


def check_document_size(text: str) -> None:
    """Refuse (:class:`DocumentError`) a text over the limit of a document: more than
    :data:`MAX_DOCUMENT_CHARS` characters or :data:`MAX_DOCUMENT_BYTES` bytes of UTF-8.

    Every document passes here on its way into a session, whatever it was read from.
    """
    chars = len(text)
    if chars > MAX_DOCUMENT_CHARS:
        raise DocumentError(_too_large(f"{chars:,} characters"))
    if chars * 4 <= MAX_DOCUMENT_BYTES or text.isascii():  # cannot be over: no need to count
        return
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_DOCUMENT_BYTES:
        raise DocumentError(_too_large(f"{_megabytes(size)} of UTF-8"))


def _too_large(size: str) -> str:
    return (f"the text is {size}, more than the {_megabytes(MAX_DOCUMENT_BYTES)} "
            f"({MAX_DOCUMENT_CHARS:,} characters) a document may have")


class TextBudget:
    """Counts the characters of a text while it is extracted piece by piece (the paragraphs of
    a Word file, the pages of a PDF) and stops the extraction, with a :class:`DocumentError`,
    as soon as they pass :data:`MAX_DOCUMENT_CHARS`, before the whole text is built."""

    def __init__(self) -> None:
        self.chars = 0

    def take(self, piece: str) -> str:
        """``piece``, counted; a :class:`DocumentError` once the text is over the limit."""
        self.chars += len(piece)
        if self.chars > MAX_DOCUMENT_CHARS:
            raise DocumentError(
                f"the text is more than the {MAX_DOCUMENT_CHARS:,} characters a document may "
                "have (the file unpacks to far more text than it holds)"
            )
        return piece
