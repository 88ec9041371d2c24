"""`annotator export --format F` and `annotator import-annotations`, as installed commands."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from annotator.core.articles.importing import import_file
from annotator.core.session.store import SessionStore

from .test_cli import annotated, assert_one_line_error  # noqa: F401 - a fixture

FIXTURES_DOCUMENTS = Path(__file__).parent.parent / "fixtures" / "documents"

FORMATS = ["csv", "excel-csv", "jsonl", "w3c", "brat", "labelstudio"]


def annotations_of(session: Path) -> list[tuple]:
    with SessionStore.open(session, read_only=True) as store:
        titles = {d.id: d.title for d in store.documents()}
        return sorted(
            (titles[a.document_id], a.start, a.end, a.quote, a.label, a.confidence, a.note,
             a.reviewer, a.verdict, a.evidence, a.created_at, a.updated_at)
            for a in store.annotations()
        )


def target_for(cli, fmt: str) -> Path:
    return cli.cwd / ("exported" if fmt == "brat" else f"exported.{fmt}")


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_then_import_into_a_fresh_session_gives_identical_annotations(
    cli, annotated, fmt  # noqa: F811
):
    target = target_for(cli, fmt)
    result = cli.ok("export", annotated.path, "--format", fmt, "-o", target)
    assert "exported 7 annotations" in result.stderr, str(result)

    fresh = cli.cwd / "fresh.sqlite"
    if fmt in ("csv", "excel-csv"):
        # a CSV holds no article text: the fresh session needs the articles first
        with SessionStore.open(annotated.path, read_only=True) as source, \
                SessionStore.open(fresh, create=True) as store:
            from annotator.core.articles.reading import ImportedDocument

            for doc in source.documents():
                store.add_document(ImportedDocument(
                    title=doc.title, text=source.document_text(doc.id),
                    source_format=doc.source_format))
    result = cli.ok("import-annotations", fresh, target, "--format", fmt)
    assert "7 annotations added" in result.stderr, str(result)
    assert annotations_of(fresh) == annotations_of(annotated.path)

    again = cli.ok("import-annotations", fresh, target, "--format", fmt)
    assert "7 already in the session" in again.stderr, str(again)
    assert len(annotations_of(fresh)) == 7


def test_the_format_is_told_from_the_file_name(cli, annotated):  # noqa: F811
    out = cli.cwd / "a.jsonld"
    cli.ok("export", annotated.path, "--format", "w3c", "-o", out)
    fresh = cli.cwd / "fresh.sqlite"
    result = cli.ok("import-annotations", fresh, out)
    assert "3 new" in result.stderr, str(result)


def test_reviewer_option_records_whose_annotations_a_file_holds(cli, annotated):  # noqa: F811
    out = cli.cwd / "a.jsonl"
    cli.ok("export", annotated.path, "--format", "jsonl", "-o", out)
    fresh = cli.cwd / "fresh.sqlite"
    cli.ok("import-annotations", fresh, out, "--reviewer", "Reviewer Two")
    assert {row[7] for row in annotations_of(fresh)} == {"Reviewer Two"}


def test_jsonl_and_w3c_go_to_standard_output(cli, annotated):  # noqa: F811
    result = cli.ok("export", annotated.path, "--format", "jsonl")
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert all("text" in json.loads(line) for line in lines)
    result = cli.ok("export", annotated.path, "--format", "w3c")
    assert json.loads(result.stdout)["type"] == "AnnotationCollection"


def test_brat_needs_a_folder(cli, annotated):  # noqa: F811
    result = cli.run("export", annotated.path, "--format", "brat")
    assert_one_line_error(result, "brat", "-o FOLDER")


def test_spans_are_placed_again_when_the_article_changed(cli, annotated):  # noqa: F811
    out = cli.cwd / "a.csv"
    cli.ok("export", annotated.path, "-o", out)
    edited = cli.cwd / "edited.sqlite"
    with SessionStore.open(annotated.path, read_only=True) as source, \
            SessionStore.open(edited, create=True) as store:
        from annotator.core.articles.reading import ImportedDocument

        for doc in source.documents():
            text = "UPDATE: this story was corrected.\n\n" + source.document_text(doc.id)
            store.add_document(ImportedDocument(title=doc.title, text=text,
                                                source_format=doc.source_format))
    result = cli.ok("import-annotations", edited, out)
    assert "7 placed again by their quote" in result.stderr, str(result)
    shift = len("UPDATE: this story was corrected.\n\n")
    before = [(row[0], row[1] + shift, row[3]) for row in annotations_of(annotated.path)]
    assert [(row[0], row[1], row[3]) for row in annotations_of(edited)] == before


def test_what_cannot_be_placed_is_listed_with_exit_status_1(cli, annotated):  # noqa: F811
    out = cli.cwd / "a.csv"
    cli.ok("export", annotated.path, "-o", out)
    empty = cli.cwd / "empty.sqlite"
    result = cli.run("import-annotations", empty, out)
    assert result.returncode == 1, str(result)
    assert "7 could not be placed" in result.stderr
    assert "its document is not in the session" in result.stderr


@pytest.mark.parametrize("content, fragment", [
    ("not json at all\n", "line 1"),
    ('{"text": "abc", "label": [[0, 99, "claim"]]}\n', "line 1"),
])
def test_a_broken_annotation_file_is_one_line_and_changes_nothing(cli, annotated, content,  # noqa: F811
                                                                  fragment):
    bad = cli.cwd / "bad.jsonl"
    bad.write_text(content, encoding="utf-8")
    before = annotated.path.read_bytes()
    result = cli.run("import-annotations", annotated.path, bad)
    assert_one_line_error(result, "bad.jsonl", fragment)
    assert annotated.path.read_bytes() == before


def test_an_unknown_file_type_asks_for_the_format(cli, annotated):  # noqa: F811
    odd = cli.cwd / "annotations.dat"
    odd.write_text("x", encoding="utf-8")
    result = cli.run("import-annotations", annotated.path, odd)
    assert_one_line_error(result, "annotations.dat", "--format")


@pytest.mark.parametrize("name", ["article.html", "article.docx", "article.pdf"])
def test_saved_page_word_and_pdf_articles_import_and_their_annotations_round_trip(cli, name):
    session = cli.cwd / "office.sqlite"
    source = cli.cwd / name
    shutil.copy(FIXTURES_DOCUMENTS / name, source)
    result = cli.ok("import", session, source)
    assert "imported" in result.stdout
    with SessionStore.open(session, reviewer="desk") as store:
        (doc,) = store.documents()
        text = store.document_text(doc.id)
        figure = "up to 4.2 metres" if name.endswith(".html") else "up to 3,000"
        start = text.index(figure)
        store.add_annotation(doc.id, start, start + len(figure), "estimate", note="hedged")
        source_at = text.index("according to")
        store.add_annotation(doc.id, source_at, source_at + 12, "attribution", confidence=5)
    for fmt in FORMATS:
        target = target_for(cli, fmt)
        cli.ok("export", session, "--format", fmt, "-o", target)
        copy = cli.cwd / f"copy-{fmt}.sqlite"
        with SessionStore.open(copy, create=True) as store:
            import_file(store, source)
        cli.ok("import-annotations", copy, target, "--format", fmt)
        assert annotations_of(copy) == annotations_of(session), fmt


def test_import_prints_a_documents_warnings_on_standard_error(cli):
    damaged = cli.cwd / "damaged.txt"
    damaged.write_bytes("Officials said “up to 3,000” left. One bad byte \xff here.\n"
                        .encode().replace(b"\xc3\xbf", b"\xff"))
    result = cli.ok("import", cli.cwd / "w.sqlite", damaged)
    assert "imported" in result.stdout
    assert result.stderr_lines == [
        "annotator: warning: damaged.txt: 1 invalid UTF-8 byte sequence shown as � (U+FFFD)"
    ], str(result)


HUNGARIAN = "A tűzoltóság szóvivője szerint mintegy 3000 embert kellett kitelepíteni.\n"


def test_import_says_a_guessed_encoding_and_reads_a_named_one(cli):
    article = cli.cwd / "hu.txt"
    article.write_bytes(HUNGARIAN.encode("cp1250"))
    session = cli.cwd / "hu.sqlite"
    guessed = cli.ok("import", session, article)
    assert guessed.stderr_lines == [
        "annotator: warning: hu.txt: its encoding was not declared and was guessed: Western "
        "European (Windows-1252). If some letters look wrong, import it again naming its "
        "encoding with --encoding NAME"
    ], str(guessed)
    named = cli.ok("import", session, article, "--encoding", "Windows-1250")
    assert named.stderr_lines == [], str(named)
    with SessionStore.open(session, read_only=True) as store:
        texts = [store.document(d.id).text for d in store.documents()]
        encodings = [d.source_encoding for d in store.documents()]
    assert texts[1] == HUNGARIAN and texts[0] != HUNGARIAN
    assert encodings == ["cp1252", "cp1250"]


def test_import_with_an_encoding_the_file_does_not_fit_or_that_does_not_exist(cli):
    article = cli.cwd / "hu.txt"
    article.write_bytes(HUNGARIAN.encode("cp1250"))
    session = cli.cwd / "hu.sqlite"
    wrong = cli.run("import", session, article, "--encoding", "utf-8")
    assert wrong.returncode == 1
    assert wrong.stderr_lines == [
        "annotator: error: hu.txt: the file cannot be read as Unicode (UTF-8): the byte at "
        "offset 3 (0xFB) has no meaning in it"
    ], str(wrong)
    assert not session.exists()
    for command in ("import", "open"):  # refused before any session or window is opened
        unknown = cli.run(command, session, article, "--encoding", "klingon")
        assert unknown.returncode == 2, str(unknown)
        assert "unknown encoding 'klingon'" in unknown.stderr
        assert not session.exists()


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export_of_one_reviewers_annotations(cli, annotated, fmt):  # noqa: F811
    from annotator.core.review.adjudication import accept

    with SessionStore.open(annotated.path) as store:
        first = store.annotations()[0]
        gold, _ = accept(store, first.id)
    result = cli.ok("export", annotated.path, "--format", fmt, "--reviewer", "gold")
    if fmt == "csv":
        import csv
        import io

        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert [(int(r["start"]), r["reviewer"]) for r in rows] == [(gold.start, "gold")]
    else:
        spans = [span for line in result.stdout.splitlines()
                 for span in json.loads(line)["annotations"]]
        assert [(s["start"], s["end"], s["reviewer"]) for s in spans] == [
            (gold.start, gold.end, "gold")]


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "w3c", "labelstudio"])
def test_an_export_never_replaces_a_session(cli, annotated, fmt):  # noqa: F811
    before = annotated.path.read_bytes()
    result = cli.run("export", annotated.path, "--format", fmt, "-o", annotated.path)
    assert_one_line_error(result, "is an SQLite database", "choose another file name")
    assert annotated.path.read_bytes() == before
    assert cli.ok("info", annotated.path).stdout.startswith("Session")


def test_a_refused_import_creates_no_session(cli, tmp_path):
    result = cli.run("import-annotations", cli.cwd / "new.sqlite", cli.cwd / "not-there.jsonl")
    assert_one_line_error(result, "not-there.jsonl")
    binary = cli.cwd / "bin.txt"
    binary.write_bytes(b"\x00\x01\x02\x03" * 100)
    result = cli.run("import", cli.cwd / "new2.sqlite", binary)
    assert_one_line_error(result, "bin.txt")
    assert not (cli.cwd / "new.sqlite").exists() and not (cli.cwd / "new2.sqlite").exists()


def test_an_empty_annotation_file_is_an_error(cli, annotated):  # noqa: F811
    empty = cli.cwd / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    result = cli.run("import-annotations", annotated.path, empty)
    assert_one_line_error(result, "empty.jsonl", "holds no documents or annotations")


def test_a_lone_surrogate_is_a_format_error_and_nothing_is_written(cli, annotated):  # noqa: F811
    odd = cli.cwd / "odd.jsonl"
    odd.write_text('{"text": "fine text", "label": [[0, 4, "claim"]]}\n'
                   '{"text": "a\\ud800b", "label": [[0, 3, "claim"]]}\n', encoding="utf-8")
    before = info_of(cli, annotated.path)
    result = cli.run("import-annotations", annotated.path, odd)
    assert result.returncode == 1, str(result)
    assert_one_line_error(result, "not valid Unicode")
    assert info_of(cli, annotated.path) == before


def test_an_empty_page_is_one_line(cli):
    page = cli.cwd / "empty.html"
    page.write_bytes(b"")
    result = cli.run("import", cli.cwd / "s.sqlite", page)
    assert_one_line_error(result, "empty.html", "empty")


def info_of(cli, session):
    data = json.loads(cli.ok("info", session, "--json").stdout)
    return data["annotations"], len(data["documents"]), data["labels"]
