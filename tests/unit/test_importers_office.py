"""Reading .docx and .pdf files into title and text: annotator.core.articles.reading."""

from __future__ import annotations

import hashlib
import io
import logging
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from pypdf import PdfReader, PdfWriter

from annotator.core.articles import reading
from annotator.core.articles.importing import import_file
from annotator.core.articles.reading import DOCUMENT_SUFFIXES, parse_document, read_document
from annotator.core.errors import DocumentError
from annotator.core.session.store import SessionStore
from tests.fixtures.documents.make_documents import IMAGE_ONLY, make_pdf

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "documents"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def encrypted(pdf: bytes, user_password: str, owner_password: str | None = None) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password, owner_password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PAGE_ONE = "Harbour wall breached (again)\nUp to 3,000 households left, officials said.   "
PAGE_TWO = "According to the port authority,\nrepairs will take 6 months."
TWO_PAGES = make_pdf([PAGE_ONE, PAGE_TWO], title="Port Veyra flood report")


def test_the_pdf_helper_writes_a_file_pypdf_reads_strictly() -> None:
    reader = PdfReader(io.BytesIO(TWO_PAGES), strict=True)
    assert len(reader.pages) == 2
    assert reader.metadata.title == "Port Veyra flood report"


def test_document_suffixes_include_docx_and_pdf() -> None:
    assert DOCUMENT_SUFFIXES[".docx"] == "docx"
    assert DOCUMENT_SUFFIXES[".pdf"] == "pdf"


def test_importing_the_module_does_not_load_python_docx_or_pypdf() -> None:
    code = ("import sys, annotator.core.articles.reading; "
            "print('docx' in sys.modules, 'pypdf' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=Path(__file__).resolve().parents[2])
    assert result.stdout.split() == ["False", "False"]


# --------------------------------------------------------------------- DOCX


def article_docx(*, core_title: str | None = "Storm surge floods Port Veyra") -> bytes:
    document = docx.Document()
    if core_title is not None:
        document.core_properties.title = core_title
    section = document.sections[0]
    section.header.paragraphs[0].text = "HEADERMARK The Port Veyra Courier"
    section.footer.paragraphs[0].text = "FOOTERMARK page 1"
    document.add_heading("Port Veyra under water 🌊", level=1)
    lede = document.add_paragraph("Seawater poured over the harbour wall, forcing ")
    lede.add_run("up to 3,000").bold = True
    lede.add_run(" households out, according to the emergency office.")
    document.add_paragraph("")
    document.add_paragraph("서울 시민 😀 sent help; Zoe\u0301 counted 40 boats.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "District"
    table.cell(0, 1).text = "Evacuated"
    table.cell(1, 0).text = "Old Harbour"
    table.cell(1, 1).text = "about 1,200"
    document.add_paragraph("   ")
    document.add_paragraph("The mayor said\tthe wall would be rebuilt.")
    document.add_comment(lede.runs[0], text="COMMENTMARK check this figure", author="Ed")
    return docx_bytes(document)


DOCX_TEXT = (
    "Port Veyra under water 🌊\n\n"
    "Seawater poured over the harbour wall, forcing up to 3,000 households out, according "
    "to the emergency office.\n\n"
    "서울 시민 😀 sent help; Zoe\u0301 counted 40 boats.\n\n"
    "District\n\nEvacuated\n\nOld Harbour\n\nabout 1,200\n\n"
    "The mayor said\tthe wall would be rebuilt."
)


def test_docx_text_in_document_order_with_the_table_in_place(tmp_path: Path) -> None:
    data = article_docx()
    document = read_document(write(tmp_path, "storm.docx", data))
    assert document.text == DOCX_TEXT
    assert document.title == "Storm surge floods Port Veyra"
    assert document.source_format == "docx"
    assert document.source_encoding is None
    assert document.source_sha256 == hashlib.sha256(data).hexdigest()
    assert document.warnings == ()


@pytest.mark.parametrize("unwanted", ["HEADERMARK", "FOOTERMARK", "COMMENTMARK"])
def test_docx_leaves_out_headers_footers_and_comments(unwanted: str) -> None:
    assert unwanted not in parse_document(article_docx(), "docx", fallback_title="x").text


def test_docx_title_falls_back_to_the_first_heading_1() -> None:
    document = parse_document(article_docx(core_title=None), "docx", fallback_title="x")
    assert document.title == "Port Veyra under water 🌊"


def test_docx_blank_title_property_is_ignored() -> None:
    document = parse_document(article_docx(core_title="   "), "docx", fallback_title="x")
    assert document.title == "Port Veyra under water 🌊"


def test_docx_title_style_counts_as_a_title_even_after_other_text() -> None:
    document = docx.Document()
    document.add_paragraph("EMBARGOED until 06:00")
    document.add_heading("Ferry services resume", level=0)  # style "Title"
    document.add_paragraph("Body.")
    parsed = parse_document(docx_bytes(document), "docx", fallback_title="x")
    assert parsed.title == "Ferry services resume"


def test_docx_without_headings_uses_the_first_line() -> None:
    document = docx.Document()
    document.add_paragraph("")
    document.add_paragraph("Ferry   services resume")
    document.add_paragraph("Body text.")
    parsed = parse_document(docx_bytes(document), "docx", fallback_title="x")
    assert parsed.title == "Ferry services resume"
    assert parsed.text == "Ferry   services resume\n\nBody text."


def test_docx_with_a_long_first_paragraph_falls_back_to_the_file_name(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("word " * 60)
    assert read_document(write(tmp_path, "memo.docx", docx_bytes(document))).title == "memo"


def test_docx_reads_tracked_insertions_and_leaves_out_deletions() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Officials said ")
    deletion = OxmlElement("w:del")
    deletion.set(qn("w:id"), "1")
    deletion.set(qn("w:author"), "Ed")
    removed = OxmlElement("w:r")
    removed_text = OxmlElement("w:delText")
    removed_text.text = "5,000"
    removed.append(removed_text)
    deletion.append(removed)
    insertion = OxmlElement("w:ins")
    insertion.set(qn("w:id"), "2")
    insertion.set(qn("w:author"), "Ed")
    added = OxmlElement("w:r")
    added_text = OxmlElement("w:t")
    added_text.text = "3,000"
    added.append(added_text)
    insertion.append(added)
    paragraph._p.append(deletion)
    paragraph._p.append(insertion)
    paragraph.add_run(" left.")
    text = parse_document(docx_bytes(document), "docx", fallback_title="x").text
    assert text == "Officials said 3,000 left."


def test_docx_nested_table_is_read_in_place() -> None:
    document = docx.Document()
    document.add_paragraph("Before.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Outer"
    inner = table.cell(0, 1).add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "Inner"
    document.add_paragraph("After.")
    text = parse_document(docx_bytes(document), "docx", fallback_title="x").text
    assert text == "Before.\n\nOuter\n\nInner\n\nAfter."


def test_docx_without_text_is_refused_as_empty(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("")
    path = write(tmp_path, "blank.docx", docx_bytes(document))
    with pytest.raises(DocumentError, match=r"^blank\.docx: the document is empty"):
        read_document(path)


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Plain text saved with the wrong name.\n", "is not a Word \\(.docx\\) document or is "
                                                     "damaged"),
        (_zip({"notes.txt": b"hello"}), "is not a Word \\(.docx\\) document or is damaged"),
        (_zip({"[Content_Types].xml": b"<Types"}), "is not a Word \\(.docx\\) document"),
        (OLE_HEADER + b"WordDocument".ljust(64, b"\0") * 8,
         "not a Word \\(.docx\\) document \\(it looks like an old .doc file\\)"),
        (OLE_HEADER + "EncryptionInfo".encode("utf-16-le") + bytes(50)
         + "EncryptedPackage".encode("utf-16-le") + bytes(400),
         "protected with a password"),
        (b"\x00", "is not a Word \\(.docx\\) document or is damaged"),
        (b"", "the document is empty"),
    ],
    ids=["text", "zip-without-word", "broken-package", "doc", "encrypted", "one-byte", "empty"],
)
def test_not_a_docx_is_refused_clearly(tmp_path: Path, data: bytes, message: str) -> None:
    path = write(tmp_path, "article.docx", data)
    with pytest.raises(DocumentError, match=f"^article\\.docx: .*{message}") as raised:
        read_document(path)
    assert raised.value.__cause__ is None
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize("keep", [0.25, 0.5, 0.9, 0.99])
def test_truncated_docx_is_refused_clearly(tmp_path: Path, keep: float) -> None:
    data = article_docx()
    path = write(tmp_path, "cut.docx", data[: int(len(data) * keep)])
    message = r"^cut\.docx: the file is not a Word \(.docx\) document or is damaged$"
    with pytest.raises(DocumentError, match=message):
        read_document(path)


def test_docx_with_a_damaged_part_is_refused_clearly(tmp_path: Path) -> None:
    source = zipfile.ZipFile(io.BytesIO(article_docx()))
    files = {info.filename: source.read(info) for info in source.infolist()}
    files["word/document.xml"] = files["word/document.xml"][:500]  # XML cut short
    path = write(tmp_path, "broken.docx", _zip(files))
    with pytest.raises(DocumentError, match="not a Word \\(.docx\\) document or is damaged"):
        read_document(path)


def test_docx_over_the_size_limit_is_refused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(reading, "MAX_DOCUMENT_BYTES", 1_000)
    path = write(tmp_path, "big.docx", article_docx())
    with pytest.raises(DocumentError, match="big.docx: .* MB is larger than"):
        read_document(path)


def test_docx_import_through_the_store(store: SessionStore, tmp_path: Path) -> None:
    data = article_docx()
    path = write(tmp_path, "storm.docx", data)
    summary, created = import_file(store, path)
    assert created is True
    assert summary.source_format == "docx"
    assert summary.source_sha256 == hashlib.sha256(data).hexdigest()
    assert summary.source_encoding is None
    assert summary.title == "Storm surge floods Port Veyra"
    assert store.document_text(summary.id) == DOCX_TEXT
    start = DOCX_TEXT.index("up to 3,000")
    assert store.add_annotation(summary.id, start, start + 11, "estimate").quote == "up to 3,000"


# --------------------------------------------------------------------- PDF


def test_pdf_text_page_by_page_and_title(tmp_path: Path) -> None:
    path = write(tmp_path, "flood.pdf", TWO_PAGES)
    document = read_document(path)
    assert document.text == (
        "Harbour wall breached (again)\nUp to 3,000 households left, officials said.\n\n"
        "According to the port authority,\nrepairs will take 6 months."
    )
    assert document.title == "Port Veyra flood report"
    assert document.source_format == "pdf"
    assert document.source_encoding is None
    assert document.source_sha256 == hashlib.sha256(TWO_PAGES).hexdigest()
    assert document.warnings == ()


def test_pdf_runs_of_blank_lines_are_collapsed() -> None:
    pdf = make_pdf(["One.\n\n\n\n\nTwo.   \n\n\nThree."])
    text = parse_document(pdf, "pdf", fallback_title="x").text
    assert "\n\n\n" not in text
    assert text.startswith("One.")
    assert text.endswith("Three.")
    assert " \n" not in text


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Microsoft Word - flood-report.docx", "Harbour wall breached (again)"),
        ("Microsoft Word - Port Veyra flood report", "Port Veyra flood report"),
        ("Untitled", "Harbour wall breached (again)"),
        ("   ", "Harbour wall breached (again)"),
        (None, "Harbour wall breached (again)"),
        ("  Port   Veyra\tflood report ", "Port Veyra flood report"),
    ],
)
def test_pdf_title(title: str | None, expected: str) -> None:
    pdf = make_pdf([PAGE_ONE, PAGE_TWO], title=title)
    assert parse_document(pdf, "pdf", fallback_title="x").title == expected


def test_pdf_with_a_long_first_line_and_no_title_uses_the_file_name(tmp_path: Path) -> None:
    path = write(tmp_path, "scan-2024.pdf", make_pdf(["word " * 40]))
    assert read_document(path).title == "scan-2024"


@pytest.mark.parametrize("pages", [[IMAGE_ONLY], [b""], [IMAGE_ONLY, b"", "   "]],
                         ids=["image", "empty-stream", "several"])
def test_pdf_without_a_text_layer_is_refused(tmp_path: Path, pages: list) -> None:
    path = write(tmp_path, "scan.pdf", make_pdf(pages, title="Scanned letter"))
    with pytest.raises(DocumentError) as raised:
        read_document(path)
    assert str(raised.value) == (
        "scan.pdf: the PDF has no text layer (it is a scanned image); run OCR on it first, "
        "then import the result"
    )


def test_pdf_with_some_pages_without_text_imports_with_a_warning() -> None:
    pdf = make_pdf([PAGE_ONE, IMAGE_ONLY, PAGE_TWO])
    document = parse_document(pdf, "pdf", fallback_title="x")
    assert "According to the port authority" in document.text
    assert document.warnings == (
        "page 2 has no text layer (blank or scanned page) and is missing from the text",
    )


def test_pdf_without_pages_is_refused() -> None:
    with pytest.raises(DocumentError, match="the PDF has no pages"):
        parse_document(make_pdf([]), "pdf", fallback_title="x")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"This is not a PDF at all, just text.\n" * 20, "the file is not a PDF document"),
        (bytes(range(256)) * 20, "the file is not a PDF document"),
        (b"%PDF-1.7\n" + bytes(range(256)) * 20, "the PDF is damaged and cannot be read"),
        (b"%PDF-1.4\n%%EOF\n", "the PDF is damaged and cannot be read"),
        (TWO_PAGES[: len(TWO_PAGES) // 2], "the PDF is damaged and cannot be read"),
        (b"", "the document is empty"),
    ],
    ids=["text", "binary", "garbage-after-header", "header-only", "truncated", "empty"],
)
def test_unreadable_pdf_is_refused_clearly(tmp_path: Path, data: bytes, message: str) -> None:
    path = write(tmp_path, "report.pdf", data)
    with pytest.raises(DocumentError, match=f"^report\\.pdf: {message}") as raised:
        read_document(path)
    assert raised.value.__cause__ is None


def test_pdf_that_needs_a_password_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "secret.pdf", encrypted(TWO_PAGES, "secret"))
    with pytest.raises(DocumentError, match="^secret.pdf: the PDF is protected with a password"):
        read_document(path)


def test_pdf_with_only_an_owner_password_opens() -> None:
    document = parse_document(encrypted(TWO_PAGES, "", "owner-only"), "pdf", fallback_title="x")
    assert document.text.startswith("Harbour wall breached (again)\n")
    assert document.title == "Port Veyra flood report"


def test_pdf_warnings_from_pypdf_do_not_reach_the_log(tmp_path: Path, caplog, capfd) -> None:
    broken_xref = TWO_PAGES.replace(b"startxref\n", b"startxref\n9")  # wrong offset: recovered
    caplog.set_level(logging.DEBUG)
    document = parse_document(broken_xref, "pdf", fallback_title="x")
    assert document.text.startswith("Harbour wall breached (again)")
    with pytest.raises(DocumentError):
        parse_document(b"%PDF-1.7\n" + bytes(range(256)) * 20, "pdf", fallback_title="x")
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]
    assert capfd.readouterr().err == ""
    assert logging.getLogger("pypdf").level == logging.NOTSET  # restored after the read


def test_pypdf_would_have_warned_about_the_broken_xref(caplog) -> None:
    """The check above means something: pypdf does log for this file when left alone."""
    broken_xref = TWO_PAGES.replace(b"startxref\n", b"startxref\n9")
    with caplog.at_level(logging.WARNING):
        PdfReader(io.BytesIO(broken_xref)).pages[0].extract_text()
    assert [r for r in caplog.records if r.name.startswith("pypdf")]


def test_pdf_import_through_the_store(store: SessionStore, tmp_path: Path) -> None:
    summary, _ = import_file(store, write(tmp_path, "flood.pdf", TWO_PAGES))
    assert summary.source_format == "pdf"
    assert summary.source_sha256 == hashlib.sha256(TWO_PAGES).hexdigest()


# --------------------------------------------------------------------- the fixture documents


@pytest.mark.parametrize("name", ["article.docx", "article.pdf"])
def test_fixture_documents_import(name: str) -> None:
    path = FIXTURES / name
    assert path.stat().st_size < 50_000
    document = read_document(path)
    assert document.title == "Chemical plant fire forces evacuation of Dunmore riverside districts"
    assert document.source_format == name.rsplit(".", 1)[1]
    flowing = " ".join(document.text.split())  # the PDF breaks lines inside paragraphs
    assert ("forced the evacuation of up to 3,000 residents overnight, according to the "
            "ministry of the interior.") in flowing
    assert "Firefighters brought the blaze under control shortly after 4 a.m." in flowing
    assert document.warnings == ()


def test_fixture_docx_keeps_its_paragraphs() -> None:
    text = read_document(FIXTURES / "article.docx").text
    assert text.startswith(
        "Chemical plant fire forces evacuation of Dunmore riverside districts\n\n"
        "By a staff reporter\n\nDUNMORE, March 14 - A fire at the Kelvar Chemicals plant"
    )
    assert text.count("\n\n") == 5
