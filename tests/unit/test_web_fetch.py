"""Fetching a page from a web address, against a server on 127.0.0.1 started by the test."""

from __future__ import annotations

import contextlib
import socket
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from annotator.core.articles.web import fetch_page, is_web_address, page_format
from annotator.core.errors import DocumentError

PAGE = b"<!doctype html><html><head><title>T</title></head><body><p>Hello</p></body></html>"
ROUTES: dict[str, tuple[int, dict[str, str], bytes]] = {
    "/article": (200, {"Content-Type": "text/html; charset=utf-8"}, PAGE),
    "/plain": (200, {"Content-Type": "text/plain; charset=latin-1"}, "caf\xe9".encode("latin-1")),
    "/report.pdf": (200, {"Content-Type": "application/octet-stream"}, b"%PDF-1.7\n..."),
    "/image": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n"),
    "/missing": (404, {"Content-Type": "text/html"}, b"<p>not here</p>"),
    "/broken": (500, {"Content-Type": "text/html"}, b"oops"),
    "/moved": (301, {"Location": "/article"}, b""),
    "/to-file": (302, {"Location": "file:///etc/passwd"}, b""),
    "/loop": (302, {"Location": "/loop"}, b""),
    "/huge-declared": (200, {"Content-Type": "text/html", "Content-Length": "999999999"}, b""),
    "/huge": (200, {"Content-Type": "text/html"}, b"x" * 5000),
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        if self.path == "/slow":
            threading.Event().wait(3)
        self.server.seen.append(self.headers.get("User-Agent", ""))
        status, headers, body = ROUTES.get(self.path, (404, {}, b""))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(body)

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.seen = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", httpd
    httpd.shutdown()
    httpd.server_close()


def test_a_page_is_fetched_with_its_format_charset_and_date(server):
    base, httpd = server
    page = fetch_page(f"{base}/article")
    assert page.data == PAGE
    assert page.source_format == "html" and page.charset == "utf-8"
    assert page.url == page.requested_url == f"{base}/article"
    assert page.retrieved == date.today()
    assert httpd.seen[-1].startswith("annotator/")


def test_a_redirect_is_followed_and_the_final_address_kept(server):
    base, _ = server
    page = fetch_page(f"{base}/moved")
    assert page.url == f"{base}/article" and page.requested_url == f"{base}/moved"


def test_plain_text_and_a_pdf_sent_as_bytes_are_told_apart(server):
    base, _ = server
    assert fetch_page(f"{base}/plain").source_format == "text"
    assert fetch_page(f"{base}/plain").charset == "latin-1"
    assert fetch_page(f"{base}/report.pdf").source_format == "pdf"


@pytest.mark.parametrize(("path", "words"), [
    ("/missing", "answered 404"),
    ("/broken", "answered 500"),
    ("/image", "image/png, not a web page"),
    ("/to-file", "not a web address"),
    ("/loop", "redirects more than"),
    ("/huge-declared", "larger than"),
])
def test_each_failure_is_one_sentence(server, path, words):
    base, _ = server
    with pytest.raises(DocumentError) as caught:
        fetch_page(f"{base}{path}")
    message = str(caught.value)
    assert words in message and "\n" not in message and "Traceback" not in message


def test_a_page_larger_than_the_cap_is_refused_while_reading(server):
    base, _ = server
    with pytest.raises(DocumentError, match="larger than"):
        fetch_page(f"{base}/huge", max_bytes=1000)


def test_a_slow_server_times_out(server):
    base, _ = server
    with pytest.raises(DocumentError, match="did not answer within 0.5 seconds"):
        fetch_page(f"{base}/slow", timeout=0.5)


def test_a_refused_connection():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    with pytest.raises(DocumentError, match="refused the connection"):
        fetch_page(f"http://127.0.0.1:{port}/")


@pytest.mark.parametrize("address", ["file:///etc/passwd", "ftp://a.example/x", "example.org",
                                     "javascript:alert(1)", "http://"])
def test_only_web_addresses_are_fetched(address):
    with pytest.raises(DocumentError, match="not a web address"):
        fetch_page(address)


def test_web_addresses_are_told_from_file_names():
    assert is_web_address("https://a.example/x") and is_web_address(" HTTP://a.example")
    assert not is_web_address("article.html") and not is_web_address("/tmp/https.txt")


@pytest.mark.parametrize(("media_type", "url", "data", "expected"), [
    ("text/html", "https://a/x", b"", "html"),
    ("application/xhtml+xml", "https://a/x", b"", "html"),
    ("", "https://a/x.docx", b"PK", "docx"),
    ("", "https://a/x", b"  <!DOCTYPE html><p>", "html"),
    ("application/octet-stream", "https://a/x", b"%PDF-1.4", "pdf"),
    ("video/mp4", "https://a/x.html", b"", None),
    ("", "https://a/x", b"\x00\x01", None),
])
def test_page_format(media_type, url, data, expected):
    assert page_format(media_type, url, data) == expected


def test_a_fetched_page_is_read_as_an_article_with_where_it_came_from(server):
    from annotator.core.articles.web import read_web_page

    base, _ = server
    ROUTES["/story"] = (200, {"Content-Type": "text/html; charset=utf-8"}, (
        b'<html><head><title>Dredging</title><meta property="og:site_name" content="Courier">'
        b'<link rel="canonical" href="/news/dredging"></head><body><article><h1>Dredging</h1>'
        b"<p>The bill could reach up to 40 million, according to the audit office, which has "
        b"studied the contracts for months.</p></article></body></html>"))
    document = read_web_page(f"{base}/story")
    assert "up to 40 million" in document.text
    assert document.provenance.url == f"{base}/news/dredging"  # the page's own address
    assert document.provenance.outlet == "Courier"
    assert document.provenance.retrieved == date.today()
    assert document.source_path == f"{base}/story" and document.source_format == "html"
