"""A PDF's title and text: its text layer, page by page, read with pypdf (imported only when a
PDF is read); its size is checked as it is read. Pages that cannot be read, or have no text,
are named in the warnings."""

from __future__ import annotations

import io
import re

from annotator.core.articles.provenance import Provenance, pdf_provenance
from annotator.core.articles.quiet_logging import QuietLogger
from annotator.core.articles.text import TextBudget, normalise_text
from annotator.core.errors import DocumentError
from annotator.core.wording import noun_for

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


_quiet_pypdf = QuietLogger("pypdf")


def pdf_text(data: bytes) -> tuple[str | None, str, tuple[str, ...], Provenance]:
    """The title (None if it has no usable one), text and warnings of a PDF's text layer, and
    what its document information says of where it came from."""
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


def _pdf_read(data: bytes) -> tuple[str | None, str, tuple[str, ...], Provenance]:
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
        warnings.append(f"{_pages(failed)} could not be read and "
                        f"{noun_for(len(failed), 'is', 'are')} missing from the text")
    if blank:
        warnings.append(f"{_pages(blank)} {noun_for(len(blank), 'has', 'have')} no text layer "
                        f"(blank or scanned {noun_for(len(blank), 'page')}) and "
                        f"{noun_for(len(blank), 'is', 'are')} missing from the text")
    text = _BLANK_LINES.sub("\n\n", "\n\n".join(pages))
    return _pdf_title(reader), text, tuple(warnings), _pdf_provenance(reader)


def _pdf_provenance(reader) -> Provenance:
    try:
        return pdf_provenance(reader.metadata)
    except Exception:  # noqa: BLE001 - a damaged information dictionary costs only this
        return Provenance()


def _pages(numbers: list[int]) -> str:
    """"page 3", or "pages 1, 2, 5" (the first ten, then how many more)."""
    shown = ", ".join(str(n) for n in numbers[:10])
    more = f" and {len(numbers) - 10} more" if len(numbers) > 10 else ""
    return f"{noun_for(len(numbers), 'page')} {shown}{more}"


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
