"""How a document's text is normalised at import and fingerprinted: annotator.core.articles.text."""

from __future__ import annotations

import hashlib
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.articles.text import normalise_text, sha256_text


def test_crlf_becomes_lf() -> None:
    assert normalise_text("one\r\ntwo\r\n") == "one\ntwo\n"


def test_lone_cr_becomes_lf() -> None:
    assert normalise_text("one\rtwo\r") == "one\ntwo\n"


def test_cr_cr_lf_becomes_two_newlines() -> None:
    assert normalise_text("a\r\r\nb") == "a\n\nb"


def test_lf_is_left_alone() -> None:
    assert normalise_text("one\n\ntwo") == "one\n\ntwo"


def test_nul_characters_are_removed() -> None:
    assert normalise_text("a\x00b\x00\x00c") == "abc"


def test_bom_at_start_is_removed() -> None:
    assert normalise_text("\ufeffHeadline\r\nBody") == "Headline\nBody"


def test_bom_inside_the_text_is_kept() -> None:
    assert normalise_text("a\ufeffb") == "a\ufeffb"


def test_nfc_is_not_applied() -> None:
    decomposed = "Zoe\u0301 and Rene\u0301e"
    result = normalise_text(decomposed)
    assert result == decomposed
    assert len(normalise_text("e\u0301")) == 2
    assert result != unicodedata.normalize("NFC", decomposed)


def test_other_characters_are_untouched() -> None:
    text = "  Tabs\tand spaces  ·  서울 😀 \u2028 \x0c end  "
    assert normalise_text(text) == text


def test_normalised_text_has_no_cr_or_nul() -> None:
    result = normalise_text("\r\n\x00\r x \r\x00\n")
    assert "\r" not in result
    assert "\x00" not in result
    assert result == "\n\n x \n\n"


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "\r", "\n", "\x00", "😀", "e\u0301", "\ufeff"])).map("".join)
)
def test_normalising_twice_changes_nothing_more(raw: str) -> None:
    once = normalise_text(raw)
    assert "\r" not in once and "\x00" not in once
    assert not once.startswith("\ufeff")  # Qt would drop it and shift every offset
    assert normalise_text(once) == once


def test_sha256_is_of_the_utf8_bytes() -> None:
    text = "서울 😀 Zoe\u0301"
    assert sha256_text(text) == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_sha256_of_empty_text() -> None:
    assert sha256_text("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_sha256_is_lowercase_hex_of_64() -> None:
    digest = sha256_text("anything")
    assert len(digest) == 64
    assert digest == digest.lower()
    int(digest, 16)


def test_sha256_tells_nfc_from_nfd() -> None:
    assert sha256_text("caf\u00e9") != sha256_text("cafe\u0301")
