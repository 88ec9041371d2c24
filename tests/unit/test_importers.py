"""Reading .txt, .md and .html files into title and text: annotator.core.articles.reading."""

from __future__ import annotations

import codecs
import random
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.articles.reading import read_document
from annotator.core.articles.text_encodings import decode_text
from annotator.core.errors import DocumentError

SAMPLE_DOCS = Path(__file__).resolve().parents[2] / "sample_docs"

ARTICLE = (
    "Storm surge floods Port Veyra\n"
    "\n"
    "Seawater poured over the harbour wall on Thursday, forcing up to 3,000 households "
    "from their homes, according to the city’s emergency office. 서울 😀 Zoe\u0301.\n"
)

# A Western European paragraph as a Windows editor would have saved it.
CP1252_PARAGRAPH = (
    "Café on the Faubourg – “last orders”\r\n"
    "\r\n"
    "“Nobody expected the café to close,” said Anna Müller — the owner’s sister — on "
    "Tuesday. The mayor, José Muñoz, called the plan “naïve”; Françoise Dupré said the "
    "council’s report was “à la carte” at best. Prices rose by 5 % to €4.20.\r\n"
    "\r\n"
    "It’s the third closure in the Faubourg this year.\r\n"
)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --------------------------------------------------------------------- decode_text


def decode_bytes(data: bytes) -> tuple[str, str]:
    """The text and encoding :func:`decode_text` finds (its warnings set aside)."""
    text, encoding, _ = decode_text(data)
    return text, encoding


def test_decode_utf8() -> None:
    assert decode_bytes(ARTICLE.encode("utf-8")) == (ARTICLE, "utf-8")


def test_decode_utf8_with_bom_drops_the_bom() -> None:
    text, encoding = decode_bytes(codecs.BOM_UTF8 + ARTICLE.encode("utf-8"))
    assert text == ARTICLE
    assert encoding == "utf-8"


def test_decode_utf16_le_with_bom() -> None:
    text, encoding = decode_bytes(codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"))
    assert text == ARTICLE
    assert encoding == "utf-16-le"


def test_decode_utf16_be_with_bom() -> None:
    text, encoding = decode_bytes(codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"))
    assert text == ARTICLE
    assert encoding == "utf-16-be"


def test_decode_utf32_le_with_bom() -> None:
    text, encoding = decode_bytes(codecs.BOM_UTF32_LE + ARTICLE.encode("utf-32-le"))
    assert text == ARTICLE
    assert encoding == "utf-32-le"


def test_decode_windows_1252_exactly() -> None:
    text, _ = decode_bytes(CP1252_PARAGRAPH.encode("cp1252"))
    assert text == CP1252_PARAGRAPH


def test_decode_windows_1252_keeps_spanish_and_french_letters() -> None:
    # These bytes also decode as Windows-1250, where ñ is ń and ï is ď.
    original = "José Muñoz called the plan “naïve” — à la carte, said Françoise.\n" * 3
    text, encoding = decode_bytes(original.encode("cp1252"))
    assert text == original
    assert encoding == "cp1252"


def test_decode_windows_1250_still_reads_polish() -> None:
    original = "Zażółć gęślą jaźń — powiedział Paweł Śliwiński, prezes spółki „Łódź”.\n"
    text, encoding = decode_bytes(original.encode("cp1250"))
    assert text == original
    assert encoding == "cp1250"


def test_bom_with_invalid_bytes_is_refused() -> None:
    with pytest.raises(DocumentError, match="byte-order mark"):
        decode_bytes(codecs.BOM_UTF8 + b"ok \xff\xfe\xfd broken")


def test_random_bytes_are_refused() -> None:
    data = random.Random(20240918).randbytes(4096)
    with pytest.raises(DocumentError):
        decode_bytes(data)


def test_png_header_is_refused() -> None:
    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06"
        b"\x00\x00\x00\x5c\x72\xa8\x66\x00\x00\x00\x04gAMA\x00\x00\xb1\x8f\x0b\xfc\x61\x05"
    ) + bytes(range(256)) * 8
    with pytest.raises(DocumentError):
        decode_bytes(png)


def test_valid_utf8_full_of_nuls_is_refused_as_binary() -> None:
    with pytest.raises(DocumentError, match="binary"):
        decode_bytes(b"a\x00b\x00c\x00" * 200)


def test_stray_controls_are_exactly_the_control_characters_text_does_not_use() -> None:
    """The binary check's pattern is Unicode's Cc category less tab, the line breaks and NUL
    (NUL is counted on its own): checked over every code point."""
    import unicodedata

    from annotator.core.articles.text_encodings import _STRAY_CONTROLS

    allowed = set("\t\n\v\f\r\x00")
    expected = {
        cp for cp in range(0x110000)
        if unicodedata.category(chr(cp)) == "Cc" and chr(cp) not in allowed
    }
    found = {ord(m.group()) for m in _STRAY_CONTROLS.finditer("".join(map(chr, range(0xA0))))}
    assert found == expected
    assert not _STRAY_CONTROLS.search("".join(chr(cp) for cp in range(0xA0, 0x3000)))


def test_text_with_a_few_stray_controls_is_kept_but_many_make_it_binary() -> None:
    prose = "Officials said up to 3,000 homes were flooded. " * 40
    decode_bytes((prose + "\x1b[0m").encode())  # a stray escape sequence is not binary
    with pytest.raises(DocumentError, match="binary"):
        decode_bytes((prose[:200] + "\x07\x1b\x85" * 10).encode())


# --------------------------------------------------------------------- read_document: encodings


@pytest.mark.parametrize(
    ("prefix", "codec", "expected_encoding"),
    [
        (b"", "utf-8", "utf-8"),
        (codecs.BOM_UTF8, "utf-8", "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom"],
)
def test_read_document_in_unicode_encodings(
    tmp_path: Path, prefix: bytes, codec: str, expected_encoding: str
) -> None:
    raw = ARTICLE.replace("\n", "\r\n")
    path = write(tmp_path, "storm.txt", prefix + raw.encode(codec))
    document = read_document(path)
    assert document.text == ARTICLE  # CRLF normalised, BOM gone, everything else kept
    assert document.source_encoding == expected_encoding
    assert document.source_format == "text"
    assert document.title == "Storm surge floods Port Veyra"
    assert document.source_path == str(path.resolve())


def test_read_document_in_windows_1252(tmp_path: Path) -> None:
    path = write(tmp_path, "cafe.txt", CP1252_PARAGRAPH.encode("cp1252"))
    document = read_document(path)
    assert document.text == CP1252_PARAGRAPH.replace("\r\n", "\n")
    assert document.title == "Café on the Faubourg – “last orders”"


def test_read_document_keeps_combining_marks_as_published(tmp_path: Path) -> None:
    path = write(tmp_path, "names.txt", "Rene\u0301e and Zoe\u0301\n".encode())
    assert read_document(path).text == "Rene\u0301e and Zoe\u0301\n"


def test_read_document_removes_a_stray_nul_character(tmp_path: Path) -> None:
    body = "The harbour wall was breached at dawn, officials said. " * 4
    path = write(tmp_path, "nul.txt", b"Harbour wall\x00 breached\n" + body.encode())
    assert read_document(path).text == "Harbour wall breached\n" + body


# --------------------------------------------------------------------- read_document: refusals


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "photo.txt", random.Random(7).randbytes(8192))
    with pytest.raises(DocumentError, match="photo.txt"):
        read_document(path)


def test_png_renamed_to_html_is_refused(tmp_path: Path) -> None:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00\x01\x02\x03\x04" * 400
    path = write(tmp_path, "image.html", data)
    with pytest.raises(DocumentError):
        read_document(path)


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.txt", b"")
    with pytest.raises(DocumentError, match="empty"):
        read_document(path)


def test_whitespace_only_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "blank.md", b"  \r\n\t\n   \n")
    with pytest.raises(DocumentError, match="empty"):
        read_document(path)


def test_unsupported_suffix_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "report.odt", b"PK\x03\x04 an OpenDocument text")
    with pytest.raises(DocumentError, match="unsupported document type '.odt'"):
        read_document(path)


def test_file_without_suffix_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "README", b"text")
    with pytest.raises(DocumentError, match="unsupported"):
        read_document(path)


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="no such file"):
        read_document(tmp_path / "nowhere.txt")


def test_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "articles.txt"
    folder.mkdir()
    with pytest.raises(DocumentError, match="folder"):
        read_document(folder)


# --------------------------------------------------------------------- titles


def test_markdown_title_from_first_heading(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "heat.md",
        b"# Seoul grid strained by heatwave #\n\n*By a correspondent*\n\nBody text.\n",
    )
    document = read_document(path)
    assert document.title == "Seoul grid strained by heatwave"
    assert document.source_format == "markdown"
    # shown as a reader sees it: no heading or emphasis marks
    assert document.text == "Seoul grid strained by heatwave\n\nBy a correspondent\n\nBody text.\n"


def test_markdown_title_skips_text_before_the_heading(tmp_path: Path) -> None:
    path = write(tmp_path, "note.md", b"*Draft, do not publish*\n\n## Port reopens\n\nBody.\n")
    assert read_document(path).title == "Port reopens"


def test_markdown_without_heading_uses_first_line(tmp_path: Path) -> None:
    path = write(tmp_path, "plain.md", b"\n\nFerry services resume\nBody text.\n")
    assert read_document(path).title == "Ferry services resume"


def test_txt_title_is_the_first_non_empty_line(tmp_path: Path) -> None:
    path = write(tmp_path, "storm.txt", b"\r\n   Storm   surge hits port  \r\nBody text here.\r\n")
    assert read_document(path).title == "Storm surge hits port"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["", " ", "\t", "Port", "up to 3,000", "x" * 151]), max_size=40))
def test_first_line_title_is_the_first_non_blank_of_the_first_20_lines(lines: list[str]) -> None:
    from annotator.core.articles.reading import _first_line_title

    text = "\n".join(lines)
    first = next((line.strip() for line in text.split("\n")[:20] if line.strip()), None)
    expected = first if first is not None and len(first) <= 150 else None
    assert _first_line_title(text) == expected


def test_txt_with_a_very_long_first_line_falls_back_to_the_file_name(tmp_path: Path) -> None:
    path = write(tmp_path, "long-paragraph.txt", ("word " * 80).encode() + b"\n")
    assert read_document(path).title == "long-paragraph"


# --------------------------------------------------------------------- HTML

ARTICLE_PARAGRAPHS = (
    "The regional water authority said on Monday that the Hollin dam was safe, but two "
    "independent engineers disputed the finding in interviews with the Courier this week.",
    "According to the authority, inspections in March found cracks no wider than two "
    "millimetres in the spillway, a level it described as normal wear for its age.",
    "One of the engineers, who asked not to be named, said the cracks had grown by up to "
    "40 percent since the previous inspection, a figure the authority did not dispute.",
    "The authority said it would publish the full inspection data by the end of the month "
    "and invited residents to a public meeting at the town hall.",
)
PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Dam report questioned | The Valley Courier</title>
<style>.lede {{ color: #abcdef; font-family: Zorblaxfont; }}</style>
<script>var trackingToken = "XYZZY-SCRIPT-MARKER"; function track() {{ return 1; }}</script>
</head><body>
<nav><a href="/">NAVMARK Home</a> <a href="/sport">NAVMARK Sport</a></nav>
<article>
<h1>Engineers question the dam safety report</h1>
{"".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS[:2])}
<script>window.adSlot("INLINE-AD-MARKER");</script>
<style>.pullquote {{ border-left: 3px solid #fedcba; }}</style>
{"".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS[2:])}
</article>
<section class="comments"><h2>Comments</h2>
<div class="comment"><p>COMMENTMARK This is a cover-up, plain and simple.</p></div></section>
<footer><p>FOOTMARK Copyright The Valley Courier. All rights reserved.</p></footer>
</body></html>
"""


@pytest.fixture
def html_document(tmp_path: Path):
    return read_document(write(tmp_path, "dam.html", PAGE.encode("utf-8")))


def test_html_keeps_the_article_paragraphs(html_document) -> None:
    for paragraph in ARTICLE_PARAGRAPHS:
        assert paragraph in html_document.text
    positions = [html_document.text.index(p) for p in ARTICLE_PARAGRAPHS]
    assert positions == sorted(positions)


def test_html_title_from_h1(html_document) -> None:
    assert html_document.title == "Engineers question the dam safety report"
    assert html_document.source_format == "html"


@pytest.mark.parametrize(
    "unwanted",
    ["XYZZY-SCRIPT-MARKER", "trackingToken", "Zorblaxfont", "#abcdef", "NAVMARK",
     "INLINE-AD-MARKER", "adSlot", "#fedcba",
     "FOOTMARK", "All rights reserved", "COMMENTMARK", "<", ">"],
)
def test_html_drops_scripts_styles_navigation_comments_and_footer(
    html_document, unwanted: str
) -> None:
    assert unwanted not in html_document.text


def test_html_title_falls_back_to_the_title_element(tmp_path: Path) -> None:
    page = PAGE.replace("<h1>Engineers question the dam safety report</h1>", "")
    document = read_document(write(tmp_path, "dam.htm", page.encode("utf-8")))
    assert document.title == "Dam report questioned"


def test_html_declared_windows_1252_is_decoded(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="windows-1252"><title>Café</title></head><body><article>'
        "<h1>Café owner’s “last stand”</h1><p>Anna Müller — the owner’s sister — said the "
        "café would close on Tuesday after 40 years in the Faubourg.</p></article></body></html>"
    )
    document = read_document(write(tmp_path, "cafe.html", page.encode("cp1252")))
    assert document.title == "Café owner’s “last stand”"
    assert "Anna Müller — the owner’s sister — said the café would close" in document.text


# --------------------------------------------------------------------- the bundled samples


def test_sample_txt_imports() -> None:
    document = read_document(SAMPLE_DOCS / "harbour-flooding.txt")
    assert document.title == (
        "Storm surge swamps Port Veyra as harbour defences fail for second time in a decade"
    )
    assert document.source_format == "text"
    assert "according to the city’s emergency management office" in document.text
    assert "\r" not in document.text


def test_sample_markdown_imports_with_hangul_emoji_and_combining_mark() -> None:
    document = read_document(SAMPLE_DOCS / "seoul-heatwave.md")
    assert document.title == (
        "Seoul grid strained to the limit as heatwave pushes demand to record high"
    )
    assert document.source_format == "markdown"
    assert "기상청" in document.text
    assert "에어컨 없으면 못 살아요" in document.text
    assert "🔥" in document.text
    assert "\u0301" in document.text  # a decomposed accent, kept as published


def test_sample_html_imports_as_clean_article_text() -> None:
    document = read_document(SAMPLE_DOCS / "grain-corridor.html")
    assert document.title == (
        "Grain corridor traffic slumps as Karvonia–Ostrel customs row deepens"
    )
    text = document.text
    assert "LUDRA, Sept 18 — Grain shipments through the Selvan Strait corridor" in text
    assert "an interim arrangement to speed up inspections" in text
    assert "<" not in text
    for unwanted in ("trackPageView", "ledgerAnalytics", "font-family", "grainwatcher_77",
                     "The fee angle is the real story", "lab results Karvonia mentions",
                     "All rights reserved", "Copy link"):
        assert unwanted not in text


def test_one_damaged_character_does_not_turn_the_whole_file_into_mojibake():
    text = "Officials said “up to 3,000” people left — café.\n"
    data = text.encode("utf-8")
    damaged = data[:16] + b"\xff" + data[16:]  # inside the opening quotation mark
    decoded, encoding, warnings = decode_text(damaged)
    assert encoding == "utf-8"
    assert decoded.endswith("up to 3,000” people left — café.\n")
    assert "\ufffd" in decoded
    assert warnings == ("1 invalid UTF-8 byte sequence shown as � (U+FFFD)",)


SAVED_PAGE = Path(__file__).parent.parent / "fixtures" / "documents" / "article.html"


def test_the_html_extractor_is_installed_and_working() -> None:
    # trafilatura needs lxml's HTML cleaner (a separate package since lxml 5.2); without it
    # every page would silently fall back to the plainer extraction
    import trafilatura

    assert trafilatura.extract("<html><body><article><p>" + "Some 4,000 people came. " * 20
                               + "</p></article></body></html>")


@pytest.mark.parametrize("extractor", ["trafilatura", "fallback"])
def test_a_page_saved_from_a_browser_gives_the_article_alone(extractor, monkeypatch) -> None:
    from annotator.core.articles import html_pages

    if extractor == "fallback":
        monkeypatch.setattr(html_pages, "_trafilatura_text", lambda markup: (None, None))
    document = read_document(SAVED_PAGE)
    assert document.warnings == ()
    assert document.title == "Dunmore river levels to peak on Friday, agency says"
    assert document.source_format == "html"
    text = document.text
    assert ("The river Dunmore is expected to peak at up to 4.2 metres on Friday afternoon, "
            "according to the national water agency, the highest level recorded since the "
            "floods of 2019.\n\nSome 1,800 homes") in text  # one paragraph, one line
    for furniture in ("Subscribe", "Share on social media", "RiverWatcher", "sandbags at half",
                      "Cookie settings", "analytics", "never run", "font-family"):
        assert furniture not in text


def test_a_missing_article_extractor_is_told_and_the_page_still_read(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # `import trafilatura` now fails
    document = read_document(SAVED_PAGE)
    assert "Some 1,800 homes" in document.text
    assert "Subscribe" not in document.text
    (warning,) = document.warnings
    assert warning.startswith("the article extractor (trafilatura) cannot be loaded")
    assert "simpler extraction" in warning


def test_an_extractor_failure_is_told_and_the_page_still_read(monkeypatch) -> None:
    import trafilatura

    def broken(*args, **kwargs):
        raise RuntimeError("parser stack exhausted")

    monkeypatch.setattr(trafilatura, "extract", broken)
    document = read_document(SAVED_PAGE)
    assert "Some 1,800 homes" in document.text
    assert document.warnings == (
        "the article extractor (trafilatura) failed on this page (parser stack exhausted); the "
        "page was read with the simpler extraction, which may keep menus, captions or other "
        "text around the article",
    )


# --------------------------------------------------------------------- a named encoding

HUNGARIAN = ("A belügyminisztérium szóvivője szerint mintegy 3000 embert kellett kitelepíteni. "
             "A tűzoltóság közölte, hogy a kár elérheti a 40 millió forintot.\n")


def test_a_guessed_legacy_encoding_says_so_and_utf8_does_not(tmp_path: Path) -> None:
    guessed = read_document(write(tmp_path, "hu.txt", HUNGARIAN.encode("cp1250")))
    # statistics cannot tell Hungarian in Windows-1250 from a Western text here: the guess is
    # wrong, and the reviewer is told it was a guess
    assert guessed.text != HUNGARIAN
    assert guessed.encoding_guessed
    assert guessed.warnings == (
        "its encoding was not declared and was guessed: Western European (Windows-1252). If "
        "some letters look wrong, import it again naming its encoding",
    )
    plain = read_document(write(tmp_path, "hu-utf8.txt", HUNGARIAN.encode("utf-8")))
    assert (plain.warnings, plain.encoding_guessed) == ((), False)


@pytest.mark.parametrize("name", ["cp1250", "Windows-1250", " windows_1250 ", "CP1250"])
def test_a_named_encoding_is_read_exactly(tmp_path: Path, name: str) -> None:
    document = read_document(write(tmp_path, "hu.txt", HUNGARIAN.encode("cp1250")), name)
    assert document.text == HUNGARIAN
    assert document.source_encoding == "cp1250"
    assert (document.warnings, document.encoding_guessed) == ((), False)


@pytest.mark.parametrize(
    ("text", "codec"),
    [("Москва, 14 марта — до 3 000 человек эвакуированы, сообщил источник.\n", "cp1251"),
     ("東京、最大3,000人が避難したと関係者が語った。\n", "shift_jis"),
     ("Up to 3,000 “evacuees”, officials said.\n", "utf-16"),
     ("Up to 3,000 “evacuees”, officials said.\n", "utf-8")],
)
def test_named_encodings_of_other_scripts(tmp_path: Path, text: str, codec: str) -> None:
    data = (codecs.BOM_UTF8 if codec == "utf-8" else b"") + text.encode(codec)
    assert read_document(write(tmp_path, "a.txt", data), codec).text == text


def test_bytes_that_do_not_fit_the_named_encoding_are_refused_with_where(tmp_path: Path) -> None:
    path = write(tmp_path, "hu.txt", HUNGARIAN.encode("cp1250"))
    expected = (r"hu.txt: the file cannot be read as Unicode \(UTF-8\): the byte at offset 5 "
                r"\(0xFC\) has no meaning")
    with pytest.raises(DocumentError, match=expected):
        read_document(path, "utf-8")


@pytest.mark.parametrize(("name", "message"), [("klingon", "unknown encoding 'klingon'"),
                                               ("base64", "'base64' is not a text encoding")])
def test_an_unknown_encoding_name_is_refused(tmp_path: Path, name: str, message: str) -> None:
    with pytest.raises(DocumentError, match=message):
        read_document(write(tmp_path, "a.txt", b"plain"), name)


def test_a_page_read_in_a_named_encoding(tmp_path: Path) -> None:
    page = ("<html><head><title>Kár</title></head><body><article><h1>Árvíz</h1><p>"
            + HUNGARIAN + "</p></article></body></html>")
    path = write(tmp_path, "hu.html", page.encode("cp1250"))
    guessed = read_document(path)
    assert guessed.encoding_guessed  # no charset declared, not UTF-8
    named = read_document(path, "cp1250")
    assert HUNGARIAN.strip() in named.text
    assert (named.source_encoding, named.encoding_guessed) == ("cp1250", False)
    declared = write(tmp_path, "declared.html", page.replace(
        "<head>", '<head><meta charset="windows-1250">').encode("cp1250"))
    assert not read_document(declared).encoding_guessed


@pytest.mark.parametrize("name", ["idna", "punycode", "undefined", "unicode_escape",
                                  "raw_unicode_escape"])
def test_codecs_no_text_file_is_written_in_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(DocumentError, match="not an encoding text files are written in"):
        read_document(write(tmp_path, "a.txt", b"xn--zz plain"), name)


def test_half_a_utf16_pair_is_refused_not_imported(tmp_path: Path) -> None:
    path = write(tmp_path, "u7.txt", b"Up to +2AA- people")  # utf-7 for a lone U+D800
    with pytest.raises(DocumentError, match=r"half of a UTF-16 pair \(U\+D800\) at character 6"):
        read_document(path, "utf-7")


@pytest.mark.parametrize(
    ("data", "named", "mark"),
    [(codecs.BOM_UTF8 + "Tytuł".encode(), "cp1252", "UTF-8"),
     (codecs.BOM_UTF16_LE + "Title".encode("utf-16-le"), "utf-16-be", "UTF-16-LE"),
     (codecs.BOM_UTF16_BE + "Title".encode("utf-16-be"), "utf-8", "UTF-16-BE")],
)
def test_a_byte_order_mark_that_contradicts_the_named_encoding_is_refused(
        tmp_path: Path, data: bytes, named: str, mark: str) -> None:
    with pytest.raises(DocumentError, match=f"starts with a {mark} byte-order mark"):
        read_document(write(tmp_path, "a.txt", data), named)


@pytest.mark.parametrize(
    ("data", "named"),
    [(codecs.BOM_UTF8 + "Tytuł\n".encode(), "utf-8"),
     (codecs.BOM_UTF8 + "Tytuł\n".encode(), "utf-8-sig"),
     ("Tytuł\n".encode(), "utf-8-sig"),
     (codecs.BOM_UTF16_LE + "Tytuł\n".encode("utf-16-le"), "utf-16"),
     (codecs.BOM_UTF16_LE + "Tytuł\n".encode("utf-16-le"), "utf-16-le"),
     (codecs.BOM_UTF16_BE + "Tytuł\n".encode("utf-16-be"), "utf-16-be"),
     ("Tytuł\n".encode("utf-16-be"), "utf-16-be"),
     (codecs.BOM_UTF32_LE + "Tytuł\n".encode("utf-32-le"), "utf-32")],
)
def test_a_byte_order_mark_that_agrees_is_taken_off(tmp_path: Path, data: bytes,
                                                    named: str) -> None:
    assert read_document(write(tmp_path, "a.txt", data), named).text == "Tytuł\n"


@pytest.mark.parametrize("named", ["utf-8", "utf-8-sig"])
def test_the_offset_of_a_bad_byte_counts_the_byte_order_mark(tmp_path: Path, named: str) -> None:
    path = write(tmp_path, "a.txt", codecs.BOM_UTF8 + b"abcdef\xff")
    with pytest.raises(DocumentError, match=r"the byte at offset 9 \(0xFF\)"):
        read_document(path, named)


def test_utf8_named_as_latin1_says_it_may_be_another_encoding(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", ("Ünlü “quotes” — " * 20).encode())
    with pytest.raises(DocumentError, match="is binary data, or in another encoding"):
        read_document(path, "latin-1")


def test_a_page_whose_declared_charset_is_wrong_is_read_by_guesswork_and_says_so(
        tmp_path: Path) -> None:
    page = ('<html><head><meta charset="utf-8"><title>Kár</title></head><body><article><p>'
            + HUNGARIAN + "</p></article></body></html>")
    document = read_document(write(tmp_path, "hu.html", page.encode("cp1250")))
    assert document.encoding_guessed
    assert "was guessed" in document.warnings[0]


def test_an_extractor_that_cannot_even_load_is_told_in_one_line(monkeypatch) -> None:
    import builtins

    real_import = builtins.__import__

    def failing_import(name, *args, **kwargs):
        if name == "trafilatura":
            raise RuntimeError("lxml\nis broken")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "trafilatura", raising=False)
    monkeypatch.setattr(builtins, "__import__", failing_import)
    document = read_document(SAVED_PAGE)
    assert "Some 1,800 homes" in document.text
    assert document.warnings[0].startswith(
        "the article extractor (trafilatura) cannot be loaded (lxml is broken)")



MARKDOWN = """# Port reopens after the surge

*By a staff reporter* — **March 14**

Up to [3,000 households](https://example.org/count) were moved, \\*according\\* to
the emergency office.

- sandbags at the quay
- pumps, *some 40* of them
  1. borrowed from Ludra

> “We were lucky,” the mayor said.

| Item | Figure |
|---|---|
| homes | 3,000 |

```
raw gauge log
3.82 m
```

![a flooded street](street.png)
"""


def test_markdown_is_read_as_a_reader_sees_it(tmp_path: Path) -> None:
    document = read_document(write(tmp_path, "port.md", MARKDOWN.encode()))
    assert document.title == "Port reopens after the surge"
    assert document.text == (
        "Port reopens after the surge\n\n"
        "By a staff reporter — March 14\n\n"
        "Up to 3,000 households were moved, *according* to the emergency office.\n\n"
        "• sandbags at the quay\n"
        "• pumps, some 40 of them\n"
        "  1. borrowed from Ludra\n\n"
        "“We were lucky,” the mayor said.\n\n"
        "Item | Figure\n"
        "homes | 3,000\n\n"
        "raw gauge log\n3.82 m\n\n"
        "a flooded street\n"
    )


def test_markdown_without_a_heading_takes_its_first_written_line_as_title(tmp_path: Path) -> None:
    source = b"**Ferry** services resume\nafter the storm, the port said.\n"
    document = read_document(write(tmp_path, "a.md", source))
    assert document.title == "Ferry services resume"
    assert document.text == "Ferry services resume after the storm, the port said.\n"
    long_line = ("word " * 40).strip()
    assert read_document(write(tmp_path, "long.md", long_line.encode())).title == "long"
