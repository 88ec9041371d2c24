"""One size limit for every document's text, whatever it was read from: a small Word file or
PDF that unpacks to more text, or a text handed to the store directly (an annotation file's
article), is refused with one sentence, and extraction stops at the limit."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from annotator.core.articles import docx_files, text
from annotator.core.articles.reading import ImportedDocument, read_document
from annotator.core.errors import DocumentError
from annotator.core.session.store import SessionStore
from tests.fixtures.documents.make_documents import make_pdf


@pytest.fixture
def small_limit(monkeypatch):
    """A document may hold 1,000 characters / bytes of UTF-8 (instead of 200 MB)."""
    monkeypatch.setattr(text, "MAX_DOCUMENT_CHARS", 1_000)
    monkeypatch.setattr(text, "MAX_DOCUMENT_BYTES", 1_000)


def _docx(paragraphs: int, words: str) -> bytes:
    document = docx.Document()
    for _ in range(paragraphs):
        document.add_paragraph(words)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_word_file_whose_text_is_over_the_limit_is_refused_early(
    tmp_path: Path, small_limit, monkeypatch
) -> None:
    paragraph = "Up to 3,000 households were evacuated, officials said."  # 55 characters
    path = tmp_path / "bomb.docx"
    path.write_bytes(_docx(400, paragraph))  # 22,000 characters: far over 1,000
    assert path.stat().st_size < 1_000_000
    read = []
    original = docx_files._docx_paragraph_text

    def counting(paragraph):
        read.append(1)
        return original(paragraph)

    monkeypatch.setattr(docx_files, "_docx_paragraph_text", counting)
    with pytest.raises(DocumentError, match="bomb.docx: the text is more than the 1,000 char"):
        read_document(path)
    assert len(read) < 25  # it stopped at the limit instead of reading all 400 paragraphs


def test_a_word_file_at_the_limit_is_read(tmp_path: Path, small_limit) -> None:
    path = tmp_path / "ok.docx"
    path.write_bytes(_docx(10, "Up to 3,000 households were evacuated, officials said."))
    assert read_document(path).text.count("households") == 10


def test_a_pdf_whose_text_is_over_the_limit_is_refused_page_by_page(
    tmp_path: Path, small_limit
) -> None:
    page = "Up to 3,000 households were evacuated, officials said. " * 5
    path = tmp_path / "long.pdf"
    path.write_bytes(make_pdf([page] * 20))
    with pytest.raises(DocumentError, match="long.pdf: the text is more than the 1,000 char"):
        read_document(path)


def test_a_text_file_over_the_limit_in_characters_is_refused(tmp_path: Path, small_limit):
    path = tmp_path / "long.txt"
    path.write_text("word " * 300, "utf-16")  # 1,500 characters in 3,002 bytes of UTF-16
    with pytest.raises(DocumentError, match="long.txt: the text is 1,500 characters, more than"):
        read_document(path)


def test_the_limit_counts_the_text_in_utf8_bytes(small_limit) -> None:
    ImportedDocument(title="t", text="é" * 500, source_format="text")  # 1,000 bytes: at the limit
    with pytest.raises(DocumentError, match="the text is 0 MB of UTF-8, more than the 0 MB"):
        ImportedDocument(title="t", text="é" * 501, source_format="text")
    with pytest.raises(DocumentError, match="UTF-8"):
        ImportedDocument(title="t", text="😀" * 251, source_format="text")  # 251 chars, 1,004 B


def test_the_store_refuses_a_text_over_the_limit_whatever_brings_it(
    tmp_path: Path, small_limit
) -> None:
    class Carried:  # what an annotation file or another program could hand to the store
        title = "Carried in"
        text = "x" * 1_001
        source_path = source_encoding = source_sha256 = None
        source_format = "jsonl"

    with SessionStore.open(tmp_path / "s.sqlite", create=True) as store:
        with pytest.raises(DocumentError, match="the text is 1,001 characters, more than"):
            store.add_document(Carried())
        assert store.documents() == []
        Carried.text = "x" * 1_000
        summary, created = store.add_document(Carried())
        assert created and summary.char_count == 1_000
