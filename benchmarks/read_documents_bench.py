"""How long reading hostile or huge articles takes, each against a plain baseline of the same run.

    python benchmarks/read_documents_bench.py [--only NAME ...] [--scale S] [--timeout SECONDS]

Cases (``--scale`` multiplies the sizes; 1 is the size named):

* ``html-5mb``: ``read_document`` of a 5 MB page of 75,000 paragraphs, against
  ``BeautifulSoup(page, "html.parser").get_text()`` of the same page.
* ``html-130mb``: the same with a 130 MB page of 1.5 million paragraphs (near the size limit).
* ``markdown-5mb``: ``read_document`` of 5 MB of ordinary Markdown (headings, paragraphs with
  emphasis and links, lists), against ``bytes.decode`` + ``normalise_text`` of the same file.
* ``markdown-5mb-parse``: the same, against markdown-it-py's parse alone (what reading adds).
* ``markdown-emphasis``: 0.9 MB of ``*a _b `` (every mark left open), against the same baseline.
* ``nested-html-20k`` / ``nested-html-100k``: a page of N nested ``<div>``, against
  ``BeautifulSoup(...).get_text()``.
* ``docx-bomb``: a small .docx whose text is 250 million characters (450,000 paragraphs of 550):
  refused at the limit; baseline: ``bytes.decode`` of a 200 MB text file.
* ``window-50mb-line`` / ``window-5mb-line``: the window opening a session whose article is
  50 MB (5 MB) on one line, until its first paint, in a fresh process (time and peak RSS),
  against the same text in lines of 1,000 characters.
* ``window-50mb-unspaced``: the same with 50 MB of Chinese without a single space.

Each case runs in a process of its own, under ``--timeout``; the report is one line a case with
the time, the baseline's time, their ratio, and the peak RSS of the window cases.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

SENTENCE = "The minister said 3,000 homes were evacuated, officials said."


# ----------------------------------------------------------------------------- inputs


def html_page(path: Path, megabytes: float) -> None:
    count = int(megabytes * 1e6 / 85)
    with path.open("w", encoding="utf-8") as out:
        out.write("<html><head><title>Evacuations</title></head><body><article>")
        for i in range(count):
            out.write(f"<p>Paragraph {i}: the minister said {i} homes were evacuated.</p>\n")
        out.write("</article></body></html>")


def markdown_file(path: Path, megabytes: float) -> None:
    block = (
        "## Section {i}\n\nThe *minister* said **{i}** homes were evacuated, according to "
        "[the agency](https://example.org/{i}). Officials said up to 3,000 left.\n\n"
        "- first point {i}\n- second point\n  - a detail\n\n> A quote, said a source.\n\n"
    )
    size = len(block.format(i=0))
    with path.open("w", encoding="utf-8") as out:
        out.write("# Evacuations\n\n")
        for i in range(int(megabytes * 1e6 / size)):
            out.write(block.format(i=i))


def nested_page(path: Path, depth: int) -> None:
    path.write_text("<html><body>" + "<div>" * depth + f"<p>{SENTENCE}</p>"
                    + "</div>" * depth + "</body></html>", "utf-8")


def docx_bomb(path: Path, paragraphs: int, width: int) -> None:
    """A .docx (a zip) whose document.xml holds ``paragraphs`` paragraphs of ``width`` letters:
    it compresses to next to nothing."""
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    files = {info.filename: source.read(info) for info in source.infolist()}
    xml = files["word/document.xml"].decode("utf-8")
    body = xml.index("<w:body>") + len("<w:body>")
    paragraph = f"<w:p><w:r><w:t>{'a' * width}</w:t></w:r></w:p>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for name, data in files.items():
            if name != "word/document.xml":
                out.writestr(name, data)
        with out.open("word/document.xml", "w") as member:
            member.write(xml[:body].encode("utf-8"))
            chunk = (paragraph * 1000).encode("utf-8")
            for _ in range(paragraphs // 1000):
                member.write(chunk)
            member.write(xml[body:].encode("utf-8"))


def one_line_text(megabytes: float, spaced: bool = True) -> str:
    sentence = SENTENCE + " 😀 서울 " if spaced else "据官员说多达三千户居民被疏散。😀"
    return sentence * int(megabytes * 1e6 / len(sentence.encode("utf-8")))


def in_lines(text: str, width: int = 1000) -> str:
    return "\n".join(text[i:i + width] for i in range(0, len(text), width))


def session_with(path: Path, text: str) -> None:
    from annotator.core.articles.reading import ImportedDocument
    from annotator.core.session.store import SessionStore

    with SessionStore.open(path, create=True, reviewer="benchmark") as store:
        store.add_document(ImportedDocument(title="Benchmark", text=text, source_format="text"))


# ----------------------------------------------------------------------------- children


def timed(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def peak_rss_mb() -> float:
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_read(path: Path) -> dict:
    from annotator.core.articles.reading import read_document
    from annotator.core.errors import DocumentError

    outcome = {}

    def work() -> None:
        try:
            document = read_document(path)
            outcome["chars"] = len(document.text)
            outcome["warnings"] = [w[:90] for w in document.warnings]
        except DocumentError as exc:
            outcome["refused"] = str(exc)[-120:]

    return {"seconds": timed(work), **outcome, "peak_rss_mb": peak_rss_mb()}


def child_markdown_it(path: Path) -> dict:
    from markdown_it import MarkdownIt

    source = path.read_bytes().decode("utf-8")
    return {"seconds": timed(lambda: MarkdownIt("commonmark").parse(source))}


def child_soup(path: Path) -> dict:
    from bs4 import BeautifulSoup

    data = path.read_bytes()
    return {"seconds": timed(lambda: BeautifulSoup(data.decode("utf-8"), "html.parser")
                             .get_text())}


def child_decode(path: Path) -> dict:
    from annotator.core.articles.text import normalise_text

    data = path.read_bytes()
    return {"seconds": timed(lambda: normalise_text(data.decode("utf-8")))}


def child_window(session: Path) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from annotator.gui.app import make_application
    from annotator.gui.main_window import MainWindow
    from annotator.gui.settings import Settings

    app = make_application()
    app.setProperty("annotator_quiet_errors", True)
    window = MainWindow(Settings(), reviewer="benchmark")
    window.resize(1400, 880)
    window.show()
    app.processEvents()

    def work() -> None:
        assert window.files.open_session(session, create=False)
        app.processEvents()
        window.article.view.viewport().repaint()

    seconds = timed(work)
    chars = len(window.article.view.text)
    return {"seconds": seconds, "chars": chars, "peak_rss_mb": peak_rss_mb()}


CHILDREN = {"read": child_read, "soup": child_soup, "decode": child_decode,
            "markdown-it": child_markdown_it, "window": child_window}


def run_child(kind: str, path: Path, timeout: float, home: Path) -> dict:
    env = dict(os.environ, XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "cfg"),
               QT_QPA_PLATFORM="offscreen")
    try:
        done = subprocess.run([sys.executable, __file__, "--child", kind, str(path)],
                              capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"seconds": None, "error": f"not done after {timeout:.0f} s"}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode or not lines:
        return {"seconds": None, "error": (done.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(lines[-1])


# ----------------------------------------------------------------------------- cases


def cases(folder: Path, scale: float):
    """``(name, make, kind, path, baseline kind, baseline path)`` of every case."""

    def file(name: str, maker, *args) -> Path:
        path = folder / name
        if not path.exists():
            maker(path, *args)
        return path

    def session(name: str, text_of) -> Path:
        path = folder / name
        if not path.exists():
            session_with(path, text_of())
        return path

    def decoded_200mb(path: Path) -> None:
        path.write_text("a" * int(200e6 * min(scale, 1)), "utf-8")

    yield ("html-5mb", lambda: (file("page.html", html_page, 5 * scale),) * 2, "read", "soup")
    yield ("html-130mb", lambda: (file("page-130.html", html_page, 130 * scale),) * 2,
           "read", "soup")
    yield ("markdown-5mb", lambda: (file("doc.md", markdown_file, 5 * scale),) * 2,
           "read", "decode")
    yield ("markdown-5mb-parse", lambda: (file("doc.md", markdown_file, 5 * scale),) * 2,
           "read", "markdown-it")
    yield ("markdown-emphasis", lambda: (
        file("emphasis.md", lambda p: p.write_text("*a _b " * int(150_000 * scale), "utf-8")),
        file("emphasis-copy.md",
             lambda p: p.write_text("*a _b " * int(150_000 * scale), "utf-8"))),
        "read", "decode")
    for depth in (20_000, 100_000):
        name = f"nested-{depth // 1000}k.html"
        yield (f"nested-html-{depth // 1000}k",
               lambda d=depth, n=name: (file(n, nested_page, int(d * scale)),) * 2,
               "read", "soup")
    yield ("docx-bomb", lambda: (file("bomb.docx", docx_bomb, int(450_000 * scale), 550),
                                 file("plain-200mb.txt", decoded_200mb)), "read", "decode")
    for megabytes in (50, 5):
        yield (f"window-{megabytes}mb-line", lambda m=megabytes: (
            session(f"line-{m}.sqlite", lambda: one_line_text(m * scale)),
            session(f"lines-{m}.sqlite", lambda: in_lines(one_line_text(m * scale))),
        ), "window", "window")
    yield ("window-50mb-unspaced", lambda: (
        session("unspaced-50.sqlite", lambda: one_line_text(50 * scale, spaced=False)),
        session("unspaced-lines-50.sqlite",
                lambda: in_lines(one_line_text(50 * scale, spaced=False))),
    ), "window", "window")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", help="run only these cases")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--folder", type=Path, help="keep the inputs here (made if missing)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, path = args.child
        print(json.dumps(CHILDREN[kind](Path(path))), flush=True)
        return 0
    with contextlib.ExitStack() as stack:
        folder = args.folder or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        folder.mkdir(parents=True, exist_ok=True)
        home = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        for name, make, kind, base_kind in cases(folder, args.scale):
            if args.only and name not in args.only:
                continue
            path, base_path = make()
            result = run_child(kind, path, args.timeout, home)
            base = run_child(base_kind, base_path, args.timeout, home)
            ratio = (f"{result['seconds'] / base['seconds']:.1f}x"
                     if result.get("seconds") and base.get("seconds") else "-")
            extra = {k: v for k, v in result.items() if k not in ("seconds",)}
            if "peak_rss_mb" in base:
                extra["baseline_peak_rss_mb"] = round(base["peak_rss_mb"])
            if "peak_rss_mb" in extra:
                extra["peak_rss_mb"] = round(extra["peak_rss_mb"])
            seconds = f"{result['seconds']:.2f} s" if result.get("seconds") else "-"
            base_seconds = f"{base['seconds']:.2f} s" if base.get("seconds") else "-"
            print(f"{name:20} {seconds:>9}  baseline {base_seconds:>9}  ratio {ratio:>7}  "
                  f"{json.dumps(extra, ensure_ascii=False)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
