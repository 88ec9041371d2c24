"""Several reviewers from the command line: `annotator merge` and `annotator agree`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from annotator.core.articles.reading import ImportedDocument
from annotator.core.session.store import SessionStore

TEXT = ("Up to 3,000 troops were moved, according to the ministry. "
        "A source said some 4,000 more could follow.")


def at(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


def reviewer_session(path: Path, reviewer: str, spans: list[tuple[str, str]]) -> Path:
    with SessionStore.open(path, create=True, reviewer=reviewer) as store:
        doc, _ = store.add_document(ImportedDocument(title="Troops", text=TEXT,
                                                     source_format="text"))
        for phrase, label in spans:
            store.add_annotation(doc.id, *at(phrase), label)
    return path


ANA = [("Up to 3,000", "estimate"), ("according to the ministry", "attribution"),
       ("some 4,000", "estimate")]
BO = [("Up to 3,000", "estimate"), ("according to the ministry", "claim"),
      ("some 4,000 more", "estimate")]


def two_reviewers(cli) -> Path:
    session = cli.cwd / "both.sqlite"
    with SessionStore.open(session, create=True) as store:
        doc, _ = store.add_document(ImportedDocument(title="Troops", text=TEXT,
                                                     source_format="text"))
        for reviewer, spans in (("ana", ANA), ("bo", BO)):
            for phrase, label in spans:
                store.add_annotation(doc.id, *at(phrase), label, reviewer=reviewer)
    return session


def test_agree_prints_a_table_of_labels_and_pairs(cli):
    result = cli.ok("agree", two_reviewers(cli))
    assert "Agreement of 2 reviewers: ana, bo" in result.stdout
    assert "Pairs" in result.stdout and "estimate" in result.stdout


def test_agree_as_csv_and_json_give_the_same_figures(cli):
    session = two_reviewers(cli)
    rows = list(csv.DictReader(io.StringIO(cli.ok("agree", session, "--format", "csv").stdout)))
    pair_all = next(r for r in rows if r["scope"] == "pair" and r["label"] == "all")
    # exact matches: only "Up to 3,000" (1 of 3 each side): P = R = F1 = 1/3
    assert float(pair_all["exact_f1"]) == round(1 / 3, 6)
    assert (pair_all["tp"], pair_all["a_only"], pair_all["b_only"]) == ("1", "2", "2")
    data = json.loads(cli.ok("agree", session, "--format", "json").stdout)
    assert data["reviewers"] == ["ana", "bo"]
    pair = next(p for p in data["pairs"] if p["label"] == "all")
    assert pair["exact"]["tp"] == 1


def test_agree_with_one_reviewer_says_so_with_exit_status_1(cli):
    session = reviewer_session(cli.cwd / "one.sqlite", "ana", ANA)
    result = cli.run("agree", session)
    assert result.returncode == 1, str(result)
    assert "annotator: " in result.stderr and "two reviewers" in result.stderr


def test_merge_then_agree_then_merge_again(cli):
    ana = reviewer_session(cli.cwd / "ana.sqlite", "ana", ANA)
    bo = reviewer_session(cli.cwd / "bo.sqlite", "bo", BO)
    before = ana.read_bytes(), bo.read_bytes()
    team = cli.cwd / "team.sqlite"
    result = cli.ok("merge", team, ana, bo)
    assert "annotations: 6 added" in result.stderr, str(result)
    assert (ana.read_bytes(), bo.read_bytes()) == before  # the inputs are only read
    with SessionStore.open(team, read_only=True) as store:
        assert len(store.documents()) == 1
        assert sorted(a.reviewer for a in store.annotations()) == ["ana"] * 3 + ["bo"] * 3
    data = json.loads(cli.ok("agree", team, "--format", "json").stdout)
    assert data["reviewers"] == ["ana", "bo"]
    again = cli.ok("merge", team, ana, bo, "--json")
    counts = json.loads(again.stdout)
    assert counts["annotations_added"] == 0 and counts["duplicates"] == 6


def test_merge_refuses_a_bad_input_before_writing_anything(cli):
    ana = reviewer_session(cli.cwd / "ana.sqlite", "ana", ANA)
    notes = cli.cwd / "notes.txt"
    notes.write_text("not a session", encoding="utf-8")
    team = cli.cwd / "team.sqlite"
    result = cli.run("merge", team, ana, notes)
    assert result.returncode == 1 and "notes.txt" in result.stderr, str(result)
    assert not team.exists()


def test_info_counts_each_reviewers_annotations(cli):
    session = two_reviewers(cli)
    assert "Reviewers  ana 3, bo 3" in cli.ok("info", session).stdout
    data = json.loads(cli.ok("info", session, "--json").stdout)
    assert data["reviewers"] == {"ana": 3, "bo": 3}


def test_info_tells_how_far_adjudication_has_come(cli):
    session = two_reviewers(cli)
    # three stretches: "Up to 3,000" agreed; the ministry (attribution or claim) and "some
    # 4,000" against "some 4,000 more" disagreed
    assert ("Adjudication 3 items (2 disagreements): 0 decided, 3 open (2 disagreements)"
            in cli.ok("info", session).stdout)
    with SessionStore.open(session) as store:
        doc = store.documents()[0].id
        store.add_annotation(doc, *at("Up to 3,000"), "estimate", reviewer="gold")
        store.reject_span(doc, *at("according to the ministry"))
    data = json.loads(cli.ok("info", session, "--json").stdout)
    assert data["adjudication"] == {"items": 3, "disagreements": 2, "open": 1,
                                    "open_disagreements": 1}
    assert "2 decided, 1 open (1 disagreement)" in cli.ok("info", session).stdout


def test_info_of_a_single_reviewers_session_has_no_adjudication(cli):
    session = reviewer_session(cli.cwd / "one.sqlite", "ana", ANA)
    assert "Adjudication" not in cli.ok("info", session).stdout
    assert json.loads(cli.ok("info", session, "--json").stdout)["adjudication"] is None


def test_naming_a_reviewer_who_never_annotated_is_an_error(cli):
    session = two_reviewers(cli)
    for args in (("agree", session, "--reviewer", "ana", "--reviewer", "nobody"),
                 ("export", session, "--reviewer", "nobody")):
        result = cli.run(*args)
        assert result.returncode == 1, str(result)
        assert result.stderr_lines == [
            "annotator: error: no reviewer named 'nobody' has annotated in this session "
            "(its reviewers: ana, bo)"], str(result)
