"""The installed ``annotator`` command, end to end: import, export, info and their errors.

Every run is a real subprocess (see ``conftest.py``); annotations are added through the core
API in this process, exactly as the window would add them, and read back through the command.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import random
import shlex
import shutil
import sqlite3
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest

import annotator
from annotator.core.session.store import SessionStore

SAMPLE_DOCS = Path(__file__).resolve().parents[2] / "sample_docs"
ERROR_PREFIX = "annotator: error:"
COLUMNS = [
    "annotation_id",
    "document_id",
    "document_title",
    "document_sha256",
    "start",
    "end",
    "text",
    "label",
    "confidence",
    "note",
    "reviewer",
    "created_at",
    "updated_at",
]
LABELS = ("claim", "estimate", "attribution")
REVIEWER = "e2e-reviewer"
BOM = b"\xef\xbb\xbf"

# Small articles written for these tests.
ARTICLE_TXT = """\
Harbour authority says flood barrier will be finished by 2027

LORNMOUTH, May 3 — The new flood barrier at Lornmouth harbour will be completed by the end of \
2027, the port authority said on Monday. Up to 400 workers will be employed on the site, \
according to a spokesperson for the contractor.

Residents of the lower town have asked for the work to begin before the winter storms.
"""
TITLE_TXT = "Harbour authority says flood barrier will be finished by 2027"

ARTICLE_MD = """\
# Night trains return to the coast line 🚆

*By a staff reporter*

Passenger numbers on the coastal night service 🌙 rose by some 20 to 30 percent in the first \
month, said a researcher at the regional transport institute. Tickets sold out on 🎫 most \
weekends.
"""
TITLE_MD = "Night trains return to the coast line 🚆"

ARTICLE_HTML = """\
<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Market hall reopens | The Weekly Crier</title>
  <script>document.title = "should never run";</script>
</head>
<body>
  <nav><a href="/">Home</a> · <a href="/news">News</a></nav>
  <article>
    <h1>Market hall reopens after two-year repair</h1>
    <p>The covered market hall in Aldbridge reopened on Saturday after repairs costing
    approximately 2.4 million euros, the town council said.</p>
    <p>About 60 traders have returned so far, according to the market association, and the
    council expects the remaining stalls to be let by the autumn.</p>
  </article>
  <footer>© The Weekly Crier</footer>
</body>
</html>
"""
TITLE_HTML = "Market hall reopens after two-year repair"

NOTE_TRICKY = 'Checked against the tender, see "Annex B", page 3\nsecond line of the note'
NOTE_FORMULA = '=HYPERLINK("http://example.invalid/","click me")'
NOTE_MINUS = "-5% on weekdays, per the timetable"


def write_articles(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "txt": folder / "harbour.txt",
        "md": folder / "night-trains.md",
        "html": folder / "market-hall.html",
    }
    files["txt"].write_text(ARTICLE_TXT, encoding="utf-8")
    files["md"].write_text(ARTICLE_MD, encoding="utf-8")
    files["html"].write_text(ARTICLE_HTML, encoding="utf-8")
    return files


def info_json(cli, session: Path) -> dict:
    result = cli.ok("info", session, "--json")
    return json.loads(result.stdout)


def parse_csv(text: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def assert_one_line_error(result, *fragments: str) -> None:
    assert result.returncode != 0, str(result)
    assert len(result.stderr_lines) == 1, str(result)
    line = result.stderr_lines[0]
    assert line.startswith(ERROR_PREFIX), str(result)
    for fragment in fragments:
        assert fragment in line, str(result)


def assert_usage_error(result) -> None:
    assert result.returncode == 2, str(result)
    assert "Usage:" in result.stderr, str(result)
    assert "Error:" in result.stderr, str(result)


def folder_snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


# ---------------------------------------------------------------------------- a session to read


@dataclass
class AnnotatedSession:
    path: Path
    doc_ids: dict[str, int]  # "txt" / "md" / "html" -> document id
    texts: dict[int, str]
    titles: dict[int, str]
    annotations: dict[int, object] = field(default_factory=dict)  # id -> Annotation

    def label_counts(self, document_id: int | None = None) -> dict[str, int]:
        counts = Counter(
            a.label
            for a in self.annotations.values()
            if document_id is None or a.document_id == document_id
        )
        return {label: counts.get(label, 0) for label in LABELS}


def span(text: str, quote: str, after: int = 0) -> tuple[int, int]:
    start = text.index(quote, after)
    return start, start + len(quote)


@pytest.fixture
def annotated(cli, tmp_path: Path) -> AnnotatedSession:
    files = write_articles(tmp_path / "articles")
    session = cli.cwd / "review.sqlite"
    cli.ok("import", session, files["txt"], files["md"], files["html"])

    with SessionStore.open(session, reviewer=REVIEWER) as store:
        by_format = {doc.source_format: doc for doc in store.documents()}
        doc_ids = {
            "txt": by_format["text"].id,
            "md": by_format["markdown"].id,
            "html": by_format["html"].id,
        }
        texts = {doc_id: store.document_text(doc_id) for doc_id in doc_ids.values()}
        titles = {doc.id: doc.title for doc in store.documents()}
        result = AnnotatedSession(session, doc_ids, texts, titles)

        txt = texts[doc_ids["txt"]]
        md = texts[doc_ids["md"]]
        html = texts[doc_ids["html"]]
        emoji_at = md.index("🌙")
        wanted = [
            (doc_ids["txt"], span(txt, "The new flood barrier at Lornmouth harbour will be "
                                       "completed by the end of 2027"), "claim", 4, NOTE_TRICKY),
            (doc_ids["txt"], span(txt, "Up to 400 workers"), "estimate", 2, NOTE_FORMULA),
            (doc_ids["txt"], span(txt, "according to a spokesperson for the contractor"),
             "attribution", 5, ""),
            # Spans after astral characters: code-point offsets, not UTF-16 ones.
            (doc_ids["md"], span(md, "some 20 to 30 percent", emoji_at), "estimate", 3,
             NOTE_MINUS),
            (doc_ids["md"], span(md, "Tickets sold out", emoji_at), "claim", 1, "📌 follow up"),
            (doc_ids["md"], span(md, "🎫"), "claim", 2, "the emoji itself"),
            (doc_ids["html"], span(html, "reopened on Saturday"), "claim", 3, "+ council minutes"),
        ]
        for doc_id, (start, end), label, confidence, note in wanted:
            ann = store.add_annotation(doc_id, start, end, label, confidence=confidence, note=note)
            result.annotations[ann.id] = ann
    return result


# ---------------------------------------------------------------------------- import


def test_import_creates_the_session_and_prints_one_line_per_document(cli, tmp_path: Path):
    files = write_articles(tmp_path / "articles")
    session = cli.cwd / "new-session.sqlite"
    assert not session.exists()

    result = cli.ok("import", session, files["txt"], files["md"], files["html"])

    assert session.is_file()
    assert result.stderr_lines == [], str(result)
    lines = result.stdout.splitlines()
    assert len(lines) == 3, str(result)
    for line, key in zip(lines, ("txt", "md", "html"), strict=True):
        assert files[key].name in line, str(result)
        assert "already" not in line, str(result)

    info = info_json(cli, session)
    docs = info["documents"]
    assert [d["title"] for d in docs] == [TITLE_TXT, TITLE_MD, TITLE_HTML]
    assert [d["format"] for d in docs] == ["text", "markdown", "html"]
    assert sum(info["annotations"].values()) == 0

    with SessionStore.open(session) as store:
        txt_id = docs[0]["id"]
        # Plain text is stored as published: only newlines could change, and these are \n.
        assert store.document_text(txt_id) == ARTICLE_TXT
        html_text = store.document_text(docs[2]["id"])
        assert "reopened on Saturday" in html_text
        assert "should never run" not in html_text
        for doc in docs:
            text = store.document_text(doc["id"])
            assert doc["characters"] == len(text)
            assert doc["sha256"] == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_importing_the_same_file_again_does_not_duplicate_it(cli, tmp_path: Path):
    files = write_articles(tmp_path / "articles")
    session = cli.cwd / "s.sqlite"
    cli.ok("import", session, files["txt"], files["md"], files["html"])
    before = info_json(cli, session)

    again = cli.ok("import", session, files["txt"])
    assert len(again.stdout.splitlines()) == 1, str(again)
    assert "already" in again.stdout, str(again)
    assert files["txt"].name in again.stdout, str(again)

    # The same text under another name is the same document too.
    copy = tmp_path / "articles" / "harbour-copy.txt"
    copy.write_bytes(files["txt"].read_bytes())
    again = cli.ok("import", session, copy, files["md"])
    assert [("already" in line) for line in again.stdout.splitlines()] == [True, True]

    after = info_json(cli, session)
    assert len(after["documents"]) == 3
    assert [d["id"] for d in after["documents"]] == [d["id"] for d in before["documents"]]
    assert [d["sha256"] for d in after["documents"]] == [d["sha256"] for d in before["documents"]]


def test_import_the_bundled_sample_articles(cli):
    samples = sorted(p for p in SAMPLE_DOCS.iterdir() if p.is_file())
    assert samples, f"no sample articles in {SAMPLE_DOCS}"
    session = cli.cwd / "samples.sqlite"

    result = cli.ok("import", session, *samples)

    assert len(result.stdout.splitlines()) == len(samples), str(result)
    info = info_json(cli, session)
    assert len(info["documents"]) == len(samples)
    for doc in info["documents"]:
        assert doc["title"].strip()
        assert doc["characters"] > 500
    header, rows = parse_csv(cli.ok("export", session).stdout)
    assert header[: len(COLUMNS)] == COLUMNS
    assert rows == []


# ---------------------------------------------------------------------------- export


def check_rows_match_session(rows: list[dict[str, str]], annotated: AnnotatedSession) -> None:
    assert len(rows) == len(annotated.annotations)
    assert sorted(int(r["annotation_id"]) for r in rows) == sorted(annotated.annotations)
    for row in rows:
        ann = annotated.annotations[int(row["annotation_id"])]
        doc_id = int(row["document_id"])
        text = annotated.texts[doc_id]
        start, end = int(row["start"]), int(row["end"])
        assert doc_id == ann.document_id
        assert (start, end) == (ann.start, ann.end)
        assert text[start:end] == row["text"]
        assert row["document_title"] == annotated.titles[doc_id]
        assert row["document_sha256"] == hashlib.sha256(text.encode("utf-8")).hexdigest()
        assert row["label"] == ann.label
        assert int(row["confidence"]) == ann.confidence
        assert row["reviewer"] == REVIEWER
        for column in ("created_at", "updated_at"):
            stamp = datetime.fromisoformat(row[column])
            assert stamp.tzinfo is not None, f"{column} {row[column]!r} has no time zone"


def test_export_raw_csv_to_stdout(cli, annotated: AnnotatedSession):
    result = cli.ok("export", annotated.path, "--format", "csv", "--raw")

    assert not result.stdout_bytes.startswith(BOM)
    assert result.stdout_bytes.startswith(b"annotation_id,document_id,")
    assert result.stdout_bytes.split(b"\n", 1)[0].endswith(b"\r"), "RFC 4180 ends lines in CRLF"
    header, rows = parse_csv(result.stdout)
    assert header[: len(COLUMNS)] == COLUMNS
    check_rows_match_session(rows, annotated)
    for row in rows:
        assert row["note"] == annotated.annotations[int(row["annotation_id"])].note

    notes = {row["note"] for row in rows}
    assert NOTE_TRICKY in notes  # comma, double quote and newline survive the round trip
    assert NOTE_FORMULA in notes  # --raw: exactly as stored

    # A span after an emoji is counted in code points (UTF-16 would be one more per emoji).
    md_text = annotated.texts[annotated.doc_ids["md"]]
    row = next(r for r in rows if r["text"] == "some 20 to 30 percent")
    assert int(row["start"]) == md_text.index("some 20 to 30 percent")
    assert "🌙" in md_text[: int(row["start"])]
    row = next(r for r in rows if r["text"] == "🎫")
    assert int(row["end"]) - int(row["start"]) == 1


def test_export_neutralises_formulas_unless_raw(cli, annotated: AnnotatedSession):
    result = cli.ok("export", annotated.path)

    header, rows = parse_csv(result.stdout)
    assert header[: len(COLUMNS)] == COLUMNS
    assert len(rows) == len(annotated.annotations)
    by_note = {annotated.annotations[int(r["annotation_id"])].note: r for r in rows}
    assert by_note[NOTE_FORMULA]["note"] == "'" + NOTE_FORMULA
    assert by_note[NOTE_MINUS]["note"] == "'" + NOTE_MINUS
    assert by_note["+ council minutes"]["note"] == "'+ council minutes"
    assert by_note[NOTE_TRICKY]["note"] == NOTE_TRICKY
    assert by_note["📌 follow up"]["note"] == "📌 follow up"
    assert by_note[""]["note"] == ""
    for row in rows:
        # Numbers and quotes are left alone: none of these starts like a formula.
        text = annotated.texts[int(row["document_id"])]
        assert text[int(row["start"]) : int(row["end"])] == row["text"]
        assert row["confidence"] in {"1", "2", "3", "4", "5"}


def test_export_to_a_file_writes_what_stdout_gets(cli, annotated: AnnotatedSession):
    out = cli.cwd / "out.csv"
    result = cli.ok("export", annotated.path, "--format", "csv", "-o", out)

    assert result.stdout == "", "the CSV goes to the file, nothing to standard output"
    assert "Traceback" not in result.stderr
    data = out.read_bytes()
    assert not data.startswith(BOM)
    header, rows = parse_csv(data.decode("utf-8"))
    assert header[: len(COLUMNS)] == COLUMNS
    check_rows_match_session(rows, annotated)

    stdout_rows = parse_csv(cli.ok("export", annotated.path).stdout)[1]
    assert rows == stdout_rows
    assert sorted(p.name for p in cli.cwd.iterdir() if "partial" in p.name) == []

    raw_out = cli.cwd / "raw.csv"
    cli.ok("export", annotated.path, "--raw", "--output", raw_out)
    raw_rows = parse_csv(raw_out.read_text(encoding="utf-8"))[1]
    assert NOTE_FORMULA in {r["note"] for r in raw_rows}


def test_export_one_document(cli, annotated: AnnotatedSession):
    for key in ("txt", "md", "html"):
        doc_id = annotated.doc_ids[key]
        result = cli.ok("export", annotated.path, "--raw", "--document", str(doc_id))
        header, rows = parse_csv(result.stdout)
        assert header[: len(COLUMNS)] == COLUMNS
        expected = sorted(i for i, a in annotated.annotations.items() if a.document_id == doc_id)
        assert sorted(int(r["annotation_id"]) for r in rows) == expected
        assert {int(r["document_id"]) for r in rows} == {doc_id}
        text = annotated.texts[doc_id]
        for row in rows:
            assert text[int(row["start"]) : int(row["end"])] == row["text"]


def test_export_excel_csv_starts_with_a_bom(cli, annotated: AnnotatedSession):
    out = cli.cwd / "for-excel.csv"
    cli.ok("export", annotated.path, "--format", "excel-csv", "-o", out)

    data = out.read_bytes()
    assert data.startswith(BOM + b"annotation_id,")
    assert data.count(BOM) == 1
    header, rows = parse_csv(data.decode("utf-8-sig"))
    assert header[: len(COLUMNS)] == COLUMNS
    check_rows_match_session(rows, annotated)

    piped = cli.ok("export", annotated.path, "--format", "excel-csv")
    assert piped.stdout_bytes.startswith(BOM + b"annotation_id,")
    assert parse_csv(piped.stdout_bytes.decode("utf-8-sig"))[1] == rows


# ---------------------------------------------------------------------------- info


def test_info_names_every_document(cli, annotated: AnnotatedSession):
    result = cli.ok("info", annotated.path)

    assert result.stderr_lines == [], str(result)
    for title in (TITLE_TXT, TITLE_MD, TITLE_HTML):
        assert title in result.stdout, str(result)
    for label in LABELS:
        assert label in result.stdout, str(result)


def test_info_json_counts_annotations_per_label(cli, annotated: AnnotatedSession):
    info = info_json(cli, annotated.path)

    assert info["labels"] == list(LABELS)
    assert info["annotations"] == annotated.label_counts()
    assert info["annotations"] == {"claim": 4, "estimate": 2, "attribution": 1}
    assert info["schema_version"] >= 1
    docs = {d["id"]: d for d in info["documents"]}
    assert set(docs) == set(annotated.doc_ids.values())
    for doc_id, doc in docs.items():
        assert doc["title"] == annotated.titles[doc_id]
        assert doc["characters"] == len(annotated.texts[doc_id])
        assert doc["annotations"] == annotated.label_counts(doc_id)


# ---------------------------------------------------------------------------- errors


@pytest.mark.parametrize("command", [["info"], ["info", "--json"], ["export"]])
def test_a_missing_session_is_one_line_error(cli, command: list[str]):
    session = cli.cwd / "no-such-session.sqlite"
    result = cli.run(*command, session)

    assert_one_line_error(result, "no-such-session.sqlite")
    assert not session.exists(), "reading a session must not create it"
    assert list(cli.cwd.iterdir()) == []


@pytest.fixture
def good_doc(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text("Bridge reopens\n\nThe bridge reopened on Friday, officials said.\n")
    return path


ALL_COMMANDS = ["info", "info --json", "export", "export --raw -o out.csv", "import"]


def run_on_session(cli, command: str, session: Path, good_doc: Path):
    verb, *options = command.split()
    if verb == "import":
        return cli.run("import", session, good_doc)
    return cli.run(verb, session, *options)


@pytest.mark.parametrize("command", ALL_COMMANDS)
def test_a_text_file_is_not_a_session(cli, command: str, good_doc: Path):
    session = cli.cwd / "notes.txt"
    session.write_text("These are my notes, not a session.\n", encoding="utf-8")
    before = folder_snapshot(cli.cwd)

    result = run_on_session(cli, command, session, good_doc)

    assert_one_line_error(result, "notes.txt")
    assert folder_snapshot(cli.cwd) == before, "the file must be left exactly as it was"


@pytest.mark.parametrize("command", ALL_COMMANDS)
def test_an_unrelated_sqlite_database_is_not_a_session(cli, command: str, good_doc: Path):
    session = cli.cwd / "inventory.sqlite"
    with sqlite3.connect(session) as conn:
        conn.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)")
        conn.executemany("INSERT INTO items (name) VALUES (?)", [("lamp",), ("desk",)])
    conn.close()
    before = folder_snapshot(cli.cwd)

    result = run_on_session(cli, command, session, good_doc)

    assert_one_line_error(result, "inventory.sqlite")
    assert folder_snapshot(cli.cwd) == before, "the database must be left exactly as it was"
    with sqlite3.connect(session) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    conn.close()
    assert tables == ["items"]


@pytest.mark.parametrize("command", ALL_COMMANDS)
def test_a_session_from_a_newer_version_is_refused(cli, command: str, good_doc: Path,
                                                   tmp_path: Path):
    files = write_articles(tmp_path / "articles")
    session = cli.cwd / "future.sqlite"
    cli.ok("import", session, files["txt"])
    with sqlite3.connect(session) as conn:
        (current,) = conn.execute(
            "SELECT value FROM metadata WHERE key = 'schema_version'"
        ).fetchone()
        conn.execute(
            "UPDATE metadata SET value = ? WHERE key = 'schema_version'", [str(int(current) + 1)]
        )
    conn.close()
    before = folder_snapshot(cli.cwd)

    result = run_on_session(cli, command, session, good_doc)

    assert_one_line_error(result, "newer")
    assert folder_snapshot(cli.cwd) == before, "a newer session must be left exactly as it was"


def binary_bytes() -> bytes:
    rng = random.Random(20240503)
    chunks = []
    for _ in range(64):
        chunks.append(bytes(rng.randrange(256) for _ in range(60)))
        chunks.append(b"\x00\x00\x00\x00")
    return b"".join(chunks)


BAD_DOCUMENTS = {
    "missing": None,
    "binary": binary_bytes(),
    "empty": b"",
    "blank": b"  \n\n\t \r\n",
    "unsupported": b"PK\x03\x04 slides, not an article\n",
    "damaged-pdf": b"%PDF-1.4\nnot really a PDF, but the suffix says so\n",
}
BAD_NAMES = {
    "missing": "not-there.txt",
    "binary": "random-bytes.txt",
    "empty": "empty.txt",
    "blank": "blank.txt",
    "unsupported": "slides.pptx",
    "damaged-pdf": "report.pdf",
}


def make_bad_document(folder: Path, kind: str) -> Path:
    path = folder / BAD_NAMES[kind]
    data = BAD_DOCUMENTS[kind]
    if data is not None:
        path.write_bytes(data)
    return path


@pytest.mark.parametrize("kind", sorted(BAD_DOCUMENTS))
def test_a_bad_document_is_reported_and_the_good_ones_are_imported(
    cli, tmp_path: Path, kind: str
):
    files = write_articles(tmp_path / "articles")
    bad = make_bad_document(tmp_path / "articles", kind)
    session = cli.cwd / "s.sqlite"

    result = cli.run("import", session, files["txt"], bad, files["md"])

    assert_one_line_error(result, bad.name)
    assert result.returncode == 1, str(result)
    imported = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(imported) == 2, str(result)
    info = info_json(cli, session)
    assert [d["title"] for d in info["documents"]] == [TITLE_TXT, TITLE_MD]


def test_several_bad_documents_give_one_line_each(cli, tmp_path: Path):
    files = write_articles(tmp_path / "articles")
    bads = [make_bad_document(tmp_path / "articles", kind) for kind in sorted(BAD_DOCUMENTS)]
    session = cli.cwd / "s.sqlite"

    result = cli.run("import", session, *bads[:2], files["html"], *bads[2:])

    assert result.returncode != 0, str(result)
    assert len(result.stderr_lines) == len(bads), str(result)
    for line, bad in zip(result.stderr_lines, bads, strict=True):
        assert line.startswith(ERROR_PREFIX), str(result)
        assert bad.name in line, str(result)
    info = info_json(cli, session)
    assert [d["title"] for d in info["documents"]] == [TITLE_HTML]


def test_export_of_an_unknown_document_is_one_line_error(cli, annotated: AnnotatedSession):
    result = cli.run("export", annotated.path, "--document", "999")
    assert_one_line_error(result, "999")
    assert result.stdout == ""

    out = cli.cwd / "never.csv"
    result = cli.run("export", annotated.path, "--document", "999", "-o", out)
    assert_one_line_error(result, "999")
    assert not out.exists()


def test_export_into_a_missing_folder_is_one_line_error(cli, annotated: AnnotatedSession):
    out = cli.cwd / "no-such-folder" / "out.csv"
    result = cli.run("export", annotated.path, "-o", out)
    assert_one_line_error(result, "out.csv")
    assert not out.parent.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["frobnicate"],
        ["export", "{session}", "--format", "xml"],
        ["export", "{session}", "--document", "first"],
        ["import"],
        ["import", "{session}"],
        ["info"],
        ["--no-such-option"],
    ],
    ids=lambda args: " ".join(args),
)
def test_bad_usage_is_a_usage_error(cli, annotated: AnnotatedSession, args: list[str]):
    before = annotated.path.read_bytes()
    result = cli.run(*(a.replace("{session}", str(annotated.path)) for a in args))
    assert_usage_error(result)
    assert annotated.path.read_bytes() == before


# ---------------------------------------------------------------------------- version and help


def test_version(cli):
    for flag in ("--version", "-V"):
        result = cli.ok(flag)
        assert annotator.__version__ in result.stdout, str(result)
        assert len(result.stdout.splitlines()) == 1, str(result)


def test_python_dash_m_annotator_help(cli):
    result = cli.run("--help", command=[sys.executable, "-m", "annotator"])
    assert result.returncode == 0, str(result)
    assert "Usage:" in result.stdout
    for command in ("open", "import", "export", "info"):
        assert command in result.stdout, str(result)
    assert result.stderr_lines == [], str(result)


@pytest.mark.parametrize("command", ["import", "export", "info", "open"])
def test_command_help(cli, command: str):
    result = cli.ok(command, "--help")
    assert "Usage:" in result.stdout


# ---------------------------------------------------------------------------- broken pipe


@pytest.fixture
def big_session(cli) -> Path:
    """A session with 2,000 annotations: far more CSV than a pipe buffer holds."""
    sentence = "Officials said that up to {n:,} sandbags were handed out on day {n}. "
    article = cli.cwd / "long.txt"
    article.write_text(
        "A long day of sandbags\n\n" + "".join(sentence.format(n=n) for n in range(2000)),
        encoding="utf-8",
    )
    session = cli.cwd / "big.sqlite"
    cli.ok("import", session, article)
    note = "A deliberately long note so that the export is well over a megabyte. " * 6
    with SessionStore.open(session, reviewer=REVIEWER) as store:
        (doc,) = store.documents()
        text = store.document_text(doc.id)
        at = 0
        for n in range(2000):
            quote = f"up to {n:,} sandbags"
            start = text.index(quote, at)
            at = start + len(quote)
            store.add_annotation(doc.id, start, at, LABELS[n % 3], note=note)
        assert sum(store.count_annotations().values()) == 2000
    return session


def test_export_into_a_closed_pipe_ends_quietly(cli, big_session: Path):
    proc = cli.popen("export", big_session, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        first = proc.stdout.readline()
        assert first.startswith(b"annotation_id,document_id,")
        proc.stdout.close()  # like `| head -1`: the reader goes away
        returncode = proc.wait(timeout=cli.timeout)
        stderr = proc.stderr.read().decode("utf-8", "replace")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stderr.close()
    assert "Traceback" not in stderr, stderr
    assert "Exception ignored" not in stderr, stderr
    assert stderr.strip() == "", stderr
    assert returncode == 0, stderr


@pytest.mark.skipif(shutil.which("sh") is None or shutil.which("head") is None,
                    reason="needs a POSIX shell and head")
def test_export_piped_into_head(cli, big_session: Path):
    pipeline = f"{shlex.join(cli.argv('export', big_session))} | head -n 1"
    completed = subprocess.run(
        ["sh", "-c", pipeline], cwd=cli.cwd, env=cli.env, stdin=subprocess.DEVNULL,
        capture_output=True, timeout=cli.timeout, check=False,
    )
    stderr = completed.stderr.decode("utf-8", "replace")
    assert completed.returncode == 0, stderr
    [header] = completed.stdout.decode("utf-8").splitlines()
    assert header.startswith(",".join(COLUMNS) + ",")
    assert "Traceback" not in stderr, stderr
    assert stderr.strip() == "", stderr
