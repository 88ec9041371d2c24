"""annotator import: where each article came from, from the file, the page or the command line;
and web addresses fetched from a server on 127.0.0.1 started by the test."""

from __future__ import annotations

import json
import socket
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

PAGE = (b"<html><head><title>Tunnel costs</title>"
        b'<meta property="og:site_name" content="Valley Post">'
        b'<meta name="author" content="Ana Lima">'
        b'<meta property="article:published_time" content="2026-04-02T08:00:00Z">'
        b"</head><body><article><h1>Tunnel costs</h1><p>The tunnel could cost up to 2 billion, "
        b"according to the transport ministry, which expects work to take about ten years."
        b"</p></article></body></html>")


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        body, status = (PAGE, 200) if self.path == "/tunnel" else (b"gone", 404)
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def documents(cli, session):
    return json.loads(cli.ok("info", session, "--json").stdout)["documents"]


def test_a_web_address_is_fetched_and_keeps_where_it_came_from(cli, server):
    session = cli.cwd / "s.sqlite"
    result = cli.ok("import", session, f"{server}/tunnel")
    assert "imported" in result.stdout and "Tunnel costs" in result.stdout
    [doc] = documents(cli, session)
    assert doc["url"] == f"{server}/tunnel" and doc["outlet"] == "Valley Post"
    assert doc["authors"] == ["Ana Lima"] and doc["published"] == "2026-04-02"
    assert doc["retrieved"] == date.today().isoformat()


def test_the_command_line_sets_provenance_over_the_file(cli, tmp_path):
    article = tmp_path / "bridge.md"
    article.write_text("---\nauthor: Someone Else\noutlet: First Outlet\n---\n"
                       "# Bridge\n\nSome 300 people crossed daily, officials said.\n",
                       encoding="utf-8")
    session = cli.cwd / "s.sqlite"
    cli.ok("import", session, article, "--url", "https://post.example/bridge",
           "--author", "Ana Lima", "--author", "Bo Chen", "--published", "2026-02-01")
    [doc] = documents(cli, session)
    assert doc["url"] == "https://post.example/bridge"
    assert doc["outlet"] == "First Outlet"  # the file's, as the command line named none
    assert doc["authors"] == ["Ana Lima", "Bo Chen"] and doc["published"] == "2026-02-01"
    # importing it again with another outlet sets it on the article already there
    result = cli.ok("import", session, article, "--outlet", "Second Outlet")
    assert "already in the session" in result.stdout
    assert documents(cli, session)[0]["outlet"] == "Second Outlet"


@pytest.mark.parametrize(("args", "words"), [
    (["--url", "ftp://x.example/a"], "not a web address"),
    (["--published", "05/03/2026"], "YYYY-MM-DD"),
])
def test_bad_values_are_refused_in_one_sentence(cli, tmp_path, args, words):
    article = tmp_path / "a.txt"
    article.write_text("Text.", encoding="utf-8")
    result = cli.run("import", cli.cwd / "s.sqlite", article, *args)
    assert result.returncode != 0 and words in result.stderr
    assert not (cli.cwd / "s.sqlite").exists()


def test_an_unreachable_address_is_one_line_and_the_rest_is_imported(cli, tmp_path, server):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    article = tmp_path / "a.txt"
    article.write_text("Officials said some 40 people left.", encoding="utf-8")
    session = cli.cwd / "s.sqlite"
    result = cli.run("import", session, f"http://127.0.0.1:{port}/x", f"{server}/missing",
                     article)
    assert result.returncode == 1
    assert len(result.stderr_lines) == 2
    assert "refused the connection" in result.stderr and "answered 404" in result.stderr
    assert len(documents(cli, session)) == 1
