"""`annotator suggest`: suggestions made and kept, written as JSON Lines, and measured against
reviewed spans (the hand-checked gold of tests/fixtures/suggestions)."""

from __future__ import annotations

import json
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "suggestions"
ROOT = Path(__file__).resolve().parents[2]

ARTICLE = ("Harbour flooding\n\nUp to 3,000 homes 😀 were evacuated, according to the city. "
           "한국 officials said some 4,000 people left.\r\nThe mayor said repairs would cost "
           "between $60 million and $90 million.\n")


def test_suggest_keeps_and_writes_the_pending_suggestions(cli):
    Path(cli.cwd / "a.txt").write_text(ARTICLE, encoding="utf-8", newline="")
    cli.ok("import", "s.sqlite", "a.txt")
    first = cli.ok("suggest", "s.sqlite", "-o", "out.jsonl", "--labels", "estimate,attribution")
    assert "new suggestions in 1 document" in first.stderr
    rows = [json.loads(line) for line in (cli.cwd / "out.jsonl").read_text("utf-8").splitlines()]
    assert [(r["text"], r["label"]) for r in rows] == [
        ("Up to 3,000", "estimate"), ("according to the city", "attribution"),
        ("한국 officials said", "attribution"), ("some 4,000", "estimate"),
        ("The mayor said", "attribution"), ("between $60 million and $90 million", "estimate"),
    ]
    text = json.loads(cli.ok("export", "s.sqlite", "--format", "jsonl").stdout)["text"]
    for row in rows:  # code points, half-open, into the stored text (CRLF made LF)
        assert text[row["start"]:row["end"]] == row["text"]
        assert row["document_id"] == 1 and row["reason"]
    again = cli.ok("suggest", "s.sqlite", "-o", "-", "--labels", "estimate,attribution")
    assert again.stderr.startswith("0 new suggestions")
    assert [json.loads(line) for line in again.stdout.splitlines()] == rows


def test_suggest_refuses_what_it_cannot_do_in_one_line(cli):
    Path(cli.cwd / "a.txt").write_text(ARTICLE, encoding="utf-8")
    cli.ok("import", "s.sqlite", "a.txt")
    unknown = cli.run("suggest", "s.sqlite", "7")
    assert unknown.returncode == 1 and unknown.stderr_lines == [
        "annotator: error: the session has no document 7"]
    bad = cli.run("suggest", "s.sqlite", "--labels", "verdict")
    assert bad.returncode == 2 and "choose from estimate, attribution, claim" in bad.stderr
    rules = cli.cwd / "rules.toml"
    rules.write_text("[attribution\n", encoding="utf-8")
    broken = cli.run("suggest", "s.sqlite", "--rules", rules)
    assert broken.returncode == 1 and "is not a valid rules file" in broken.stderr
    assert "Traceback" not in broken.stderr


def test_evaluate_measures_the_rules_against_reviewed_spans_and_writes_nothing(cli):
    from annotator.core.articles.reading import read_document

    lines = []
    for line in (FIXTURES / "gold.jsonl").read_text("utf-8").splitlines():
        gold = json.loads(line)
        text = read_document(ROOT / gold["file"]).text
        lines.append(json.dumps({"title": gold["file"], "text": text, "label": [
            [s["start"], s["end"], s["label"]] for s in gold["spans"]]}, ensure_ascii=False))
    (cli.cwd / "gold.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    cli.ok("import-annotations", "s.sqlite", "gold.jsonl")
    before = (cli.cwd / "s.sqlite").read_bytes()
    table = cli.ok("suggest", "s.sqlite", "--evaluate", "--labels", "estimate,attribution")
    scores = {}
    for row in table.stdout.splitlines()[1:]:
        label, mode, precision, recall, *_ = row.split()
        scores[label, mode] = (float(precision), float(recall))
    # the aim: a gold span counts as found when a suggestion covers its core
    for label in ("estimate", "attribution"):
        precision, recall = scores[label, "core"]
        assert recall >= 0.9 and precision >= 0.8, (label, precision, recall)
    assert (cli.cwd / "s.sqlite").read_bytes() == before


def test_a_refused_output_file_leaves_the_session_unchanged(cli):
    Path(cli.cwd / "a.txt").write_text(ARTICLE, encoding="utf-8")
    cli.ok("import", "s.sqlite", "a.txt")
    refused = cli.run("suggest", "s.sqlite", "-o", "s.sqlite")
    assert refused.returncode == 1 and "must not replace" in refused.stderr
    listed = cli.ok("suggest", "s.sqlite", "--labels", "estimate")
    assert listed.stderr.startswith("3 new suggestions")  # none had been stored before


def test_closed_standard_output_is_one_sentence(cli):
    import subprocess

    Path(cli.cwd / "a.txt").write_text(ARTICLE, encoding="utf-8")
    cli.ok("import", "s.sqlite", "a.txt")
    command = " ".join(f"'{part}'" for part in cli.argv("export", "s.sqlite"))
    done = subprocess.run(["sh", "-c", command + " >&-"], cwd=cli.cwd, env=cli.env,
                          capture_output=False, stderr=subprocess.PIPE, timeout=60)
    assert done.returncode == 1
    assert done.stderr.decode().strip() == (
        "annotator: error: the output cannot be written (standard output is closed)")
