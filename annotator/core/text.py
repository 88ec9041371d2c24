"""How a document's text is normalised once, at import, and fingerprinted."""

from __future__ import annotations

import hashlib
import re

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
