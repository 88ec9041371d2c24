"""Fetching an article from its web address: bounded, plain, and clear when it fails.

:func:`fetch_page` asks the server for the page once (following at most a few redirects, to
``http`` and ``https`` addresses only), gives up after a timeout, reads at most
:data:`MAX_PAGE_BYTES`, and runs nothing the page contains: the bytes are handed to the same
readers as a file (HTML, plain text, Markdown, PDF or Word), which keep only the text. Every way
it can fail (no network, an unknown server, a refused connection, an error page, a page too
large, something that is not an article) is one sentence in a :class:`DocumentError`.
"""

from __future__ import annotations

import socket
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass, replace
from datetime import date
from email.message import Message
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from annotator import __version__
from annotator.core.articles.provenance import is_web_address  # noqa: F401 (its home)
from annotator.core.errors import DocumentError

MAX_PAGE_BYTES = 50_000_000
TIMEOUT_SECONDS = 20.0
MAX_REDIRECTS = 5
USER_AGENT = f"annotator/{__version__} (fact-check annotation; one page on request)"
#: media types the annotator reads, and the reader each goes to
MEDIA_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
}
_SUFFIXES = {".html": "html", ".htm": "html", ".xhtml": "html", ".txt": "text",
             ".md": "markdown", ".markdown": "markdown", ".pdf": "pdf", ".docx": "docx"}


@dataclass(frozen=True)
class FetchedPage:
    """A page as the server sent it."""

    requested_url: str
    url: str  # where it was found, after redirects
    data: bytes
    source_format: str  # "html", "text", "markdown", "pdf" or "docx"
    charset: str | None
    retrieved: date

    @property
    def name(self) -> str:
        """A file-like name for the page: the last part of its address, or its host."""
        parts = urlsplit(self.url)
        return PurePosixPath(parts.path).name or parts.hostname or "page"


def fetch_page(url: str, *, timeout: float = TIMEOUT_SECONDS,
               max_bytes: int = MAX_PAGE_BYTES) -> FetchedPage:
    """Fetch ``url``; raises :class:`DocumentError` with one sentence when it cannot."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise DocumentError(f"{url!r} is not a web address (it must start with http:// or "
                            "https:// and name a server)")
    host = parts.hostname
    request = urllib.request.Request(url, headers={
        "User-Agent": USER_AGENT,
        "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,application/pdf;q=0.8,"
                  "*/*;q=0.5",
        "Accept-Encoding": "identity",
    })
    opener = urllib.request.build_opener(_WebOnlyRedirects())
    try:
        with opener.open(request, timeout=timeout) as response:
            headers: Message = response.headers
            length = headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise DocumentError(_too_large(max_bytes))
            data = _read_bounded(response, max_bytes, timeout, host)
            final_url = response.geturl() or url
    except DocumentError:
        raise
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400:
            raise DocumentError(
                f"{url} redirects more than {MAX_REDIRECTS} times, in a loop, or to an address "
                "that is not a web address; nothing was fetched from there") from None
        reason = exc.reason.splitlines()[0] if isinstance(exc.reason, str) and exc.reason else ""
        raise DocumentError(f"the server {host} answered {exc.code} {reason}".rstrip()
                            + f" for {url}") from None
    except urllib.error.URLError as exc:
        raise DocumentError(_unreachable(host, exc.reason, timeout)) from None
    except TimeoutError:
        raise DocumentError(_slow(host, timeout)) from None
    except (ConnectionError, OSError) as exc:
        raise DocumentError(_unreachable(host, exc, timeout)) from None
    media_type = headers.get_content_type() if headers.get("Content-Type") else ""
    source_format = page_format(media_type, final_url, data)
    if source_format is None:
        raise DocumentError(f"{url} gives {media_type or 'an unnamed kind of file'}, not a web "
                            "page, text, a PDF or a Word document")
    return FetchedPage(requested_url=url, url=final_url, data=data,
                       source_format=source_format, charset=headers.get_content_charset(),
                       retrieved=date.today())


def page_format(media_type: str, url: str, data: bytes) -> str | None:
    """The reader for a fetched page: by its media type, else by its address's ending, else
    by its first bytes; ``None`` for anything else (an image, a video, an archive)."""
    media_type = media_type.lower()
    if media_type in MEDIA_TYPES:
        return MEDIA_TYPES[media_type]
    if media_type and media_type not in ("application/octet-stream", "binary/octet-stream"):
        return None
    suffix = PurePosixPath(urlsplit(url).path).suffix.lower()
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    head = data[:512].lstrip().lower()
    if head.startswith(b"%pdf-"):
        return "pdf"
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return None


class _WebOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follows at most :data:`MAX_REDIRECTS` redirects, and only to ``http``/``https``."""

    max_redirections = MAX_REDIRECTS
    max_repeats = 2

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D102
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise DocumentError(f"{req.full_url} redirects to {newurl!r}, which is not a web "
                                "address; nothing was fetched from there")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _read_bounded(response, max_bytes: int, timeout: float, host: str) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        try:
            chunk = response.read(min(1 << 20, max_bytes + 1 - size))
        except TimeoutError:
            raise DocumentError(_slow(host, timeout)) from None
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise DocumentError(_too_large(max_bytes))


def _too_large(max_bytes: int) -> str:
    return (f"the page is larger than {max_bytes / 1e6:g} MB, the most the annotator fetches; "
            "save it and import the file")


def _slow(host: str, timeout: float) -> str:
    return f"the server {host} did not answer within {timeout:g} seconds"


def _unreachable(host: str, reason: object, timeout: float) -> str:
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return _slow(host, timeout)
    if isinstance(reason, socket.gaierror):
        return (f"could not find the server {host}: the computer may be offline, or the "
                "address is wrong")
    if isinstance(reason, ConnectionRefusedError):
        return f"the server {host} refused the connection"
    if isinstance(reason, ssl.SSLError):
        detail = getattr(reason, "reason", None) or "the certificate or protocol was refused"
        return f"the secure connection to {host} failed ({detail})"
    if isinstance(reason, DocumentError):
        return str(reason)
    detail = getattr(reason, "strerror", None) or str(reason) or type(reason).__name__
    return f"could not reach the server {host} ({detail})"


def read_web_page(url: str, *, timeout: float = TIMEOUT_SECONDS,
                  max_bytes: int = MAX_PAGE_BYTES, encoding: str | None = None):
    """Fetch ``url`` and read it as an article (an
    :class:`~annotator.core.articles.reading.ImportedDocument`) whose provenance holds the
    address it was found at (unless the page names its canonical one) and today's date as
    the date retrieved."""
    from annotator.core.articles.provenance import Provenance
    from annotator.core.articles.reading import parse_document

    page = fetch_page(url, timeout=timeout, max_bytes=max_bytes)
    # the server's charset is the page's encoding, as in a browser (a Word file or a PDF says
    # its own)
    named = encoding or (page.charset if page.source_format not in ("pdf", "docx") else None)
    try:
        document = parse_document(page.data, page.source_format, fallback_title=page.name,
                                  encoding=named, base_url=page.url)
    except DocumentError as exc:
        raise DocumentError(f"{page.url}: {exc}") from None
    fetched = Provenance(url=page.url, retrieved=page.retrieved)
    return replace(document, source_path=page.url,
                   provenance=document.provenance.filled_from(fetched).with_changes(
                       retrieved=page.retrieved))
