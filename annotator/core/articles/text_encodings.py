"""The encoding of a text file's bytes: told by a byte-order mark, read as strict UTF-8 (or UTF-8
with a few damaged bytes), or guessed (Windows-1252 when it reads as clean prose, else
charset-normalizer), a guess that the warnings say is one; or named by the reviewer
(:data:`ENCODINGS` are the ones offered) and then read in that encoding and nothing else.
"""

from __future__ import annotations

import codecs
import contextlib
import re

from annotator.core.errors import DocumentError

# how a warning about a guessed encoding begins
GUESSED_ENCODING = "its encoding was not declared and was guessed"
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
            if looks_binary(text):
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
    if looks_binary(text):
        raise DocumentError("the file holds binary data, not text")
    return text, encoding, warnings


def same_encoding(a: str | None, b: str | None) -> bool:
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
    if looks_binary(text):
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


def has_byte_order_mark(data: bytes) -> bool:
    """Whether the bytes start with a Unicode byte-order mark (UTF-8, UTF-16 or UTF-32)."""
    return any(data.startswith(bom) for bom, _ in _BOMS)


def looks_binary(text: str) -> bool:
    """Whether more than 1% of the text's start is control characters text does not have."""
    sample = text[:65536]
    if not sample:
        return False
    controls = len(_STRAY_CONTROLS.findall(sample))
    nuls = sample.count("\x00")
    return (controls + nuls) / len(sample) > 0.01
