"""A Word (.docx) document's title and text: the body's paragraphs and tables, in order, read
with python-docx (imported only when such a file is read); its size is checked as it is read."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from annotator.core.articles.provenance import Provenance, docx_provenance
from annotator.core.articles.text import MAX_DOCUMENT_BYTES, TextBudget
from annotator.core.errors import DocumentError

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


def docx_text(data: bytes) -> tuple[str | None, str, Provenance]:
    """The title (None if the document has none) and text of a Word document's body, and
    what its core properties say of where it came from."""
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
            provenance = docx_provenance(core.core_properties)
        except Exception:  # noqa: BLE001 - none (python-docx would invent "Word Document")
            core_title = None  # or a damaged one: it only costs the title
            provenance = Provenance()
    except DocumentError:
        raise
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 - zipfile, lxml and python-docx raise all kinds of things
        raise DocumentError(_NOT_DOCX) from None
    title = core_title if core_title and core_title.strip() else styled_title
    return title, "\n\n".join(paragraphs), provenance


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
