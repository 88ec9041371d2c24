"""Benchmark of merging reviewers' session files, against a bare sqlite3 copy.

    python benchmarks/merge_bench.py                  20 reviewers x 500 articles
    python benchmarks/merge_bench.py --quick          3 reviewers x 20 articles (a smoke run)
    python benchmarks/merge_bench.py --json out.json  also write the figures as JSON

The reviewer files are built first, in a temporary folder, through the store's public API (one
``add_document`` per article, then one bulk ``add_annotations`` per file): the same generated
news articles (3,000 to 6,000 characters each, from ``make_session.py``'s generator) in every
file, and in each file one reviewer's 20 to 40 annotations per article, drawn from a shared
"true" set of the article (its sentences as claims, its figures as estimates, its sources as
attributions) and perturbed: some spans missed, some boundaries moved by a word, now and then
another label, a few spans of the reviewer's own, notes, verdicts, evidence and links from an
attribution to its claim. So the reviewers overlap as real ones do, and none duplicates
another (each annotation carries its reviewer).

Then, the median of ``--runs`` runs (3) of each into a fresh output file:

* ``merge_s``: ``annotator.core.review.merge.merge_sessions(OUT, inputs)``: documents matched by
  SHA-256, labels united, every annotation validated and checked for a duplicate, links remapped.
* ``baseline_s``: a bare sqlite3 script that ATTACHes each input and copies its rows with
  ``INSERT ... SELECT`` into the same schema (documents by SHA-256, ids shifted so that links
  still hold; no validation, no duplicate check).

The build time is reported apart. The exit status is 1 only when the merge did not add every
annotation of the inputs (a correctness failure), never for a slow figure.
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import json
import os
import platform
import random
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote as url_quote

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # make_session.py, beside this file (when imported, not run)
    sys.path.insert(0, str(HERE))

from make_session import NOTES, Article, generate_article  # noqa: E402

from annotator.core.articles.reading import ImportedDocument  # noqa: E402
from annotator.core.models import Annotation, now  # noqa: E402
from annotator.core.review.merge import merge_sessions  # noqa: E402
from annotator.core.session.schema import TABLES_SQL  # noqa: E402
from annotator.core.session.store import SessionStore  # noqa: E402

LABELS = ("claim", "estimate", "attribution")
FIRST_NAMES = (
    "amira", "jonas", "zoë", "min-jun", "chloé", "søren", "ana", "ravi", "fatima", "tomás",
    "hélène", "łukasz", "grace", "mariana", "jürgen", "ingrid", "kwame", "lan", "björn", "josé",
)
VERDICT_CHOICES = ("unverified", "true", "mostly_true", "mixed", "mostly_false", "false")

Span = tuple[int, int, str]
_WORD = re.compile(r"\S+")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------- the data


@dataclass
class Truth:
    """An article, its spans worth tagging, and the links between them (attribution -> claim)."""

    article: Article
    spans: list[Span]
    links: list[tuple[int, int]]  # positions in ``spans``
    words: list[tuple[int, int]]


def make_truth(article: Article, rng: random.Random) -> Truth:
    """The article's "true" annotations: about 30 spans from its sentences, figures, sources."""
    spans: list[Span] = []
    links: list[tuple[int, int]] = []
    order = list(range(len(article.sentences)))
    rng.shuffle(order)
    wanted = rng.randint(26, 34)
    for index in order:
        if len(spans) >= wanted:
            break
        start, end, inner = article.sentences[index]
        claim = None
        if inner or rng.random() < 0.3:
            claim = len(spans)
            spans.append((start, end, "claim"))
        for span in inner:
            if rng.random() < 0.8:
                if span[2] == "attribution" and claim is not None:
                    links.append((len(spans), claim))
                spans.append(span)
    text = article.text
    keep = [i for i, (s, e, _) in enumerate(spans) if text[s:e].strip() == text[s:e] != ""]
    renumber = {old: new for new, old in enumerate(keep)}
    return Truth(
        article,
        [spans[i] for i in keep],
        [(renumber[s], renumber[t]) for s, t in links if s in renumber and t in renumber],
        [(m.start(), m.end()) for m in _WORD.finditer(text)],
    )


def _nudge(truth: Truth, span: Span, rng: random.Random) -> Span:
    """The span with one boundary moved by a word (a reviewer's slightly different choice)."""
    start, end, label = span
    words = truth.words
    starts = [w[0] for w in words]
    first = bisect.bisect_left(starts, start)
    last = max(first, bisect.bisect_left(starts, end) - 1)
    roll = rng.random()
    if roll < 0.25 and last > first:
        end = words[last - 1][1]  # one word less at the end
    elif roll < 0.5 and last > first:
        start = words[first + 1][0]  # one word less at the start
    elif roll < 0.75 and last + 1 < len(words):
        end = words[last + 1][1]  # one word more at the end
    elif first > 0:
        start = words[first - 1][0]  # one word more at the start
    return start, end, label


def reviewer_annotations(
    truth: Truth, reviewer: str, rng: random.Random
) -> tuple[list[dict], list[tuple[int, int]]]:
    """One reviewer's 20-40 annotations of an article (as dicts for :class:`Annotation`) and
    their links (positions in that list)."""
    text = truth.article.text
    chosen: dict[Span, int] = {}
    picked: list[tuple[Span, int]] = []  # (span, index in truth or -1)
    for index, span in enumerate(truth.spans):
        if rng.random() < 0.12:
            continue  # missed
        if rng.random() < 0.2:
            span = _nudge(truth, span, rng)
        if rng.random() < 0.04:
            span = (span[0], span[1], rng.choice(LABELS))
        picked.append((span, index))
    for _ in range(rng.randint(0, 5)):  # spans of the reviewer's own
        first = rng.randrange(len(truth.words))
        last = min(len(truth.words) - 1, first + rng.randint(0, 6))
        picked.append(((truth.words[first][0], truth.words[last][1], rng.choice(LABELS)), -1))
    annotations: list[dict] = []
    by_truth: dict[int, int] = {}
    stamp = now()
    for span, index in picked:
        start, end, label = span
        quote = text[start:end]
        if span in chosen or not quote.strip() or quote.strip() != quote or len(annotations) >= 40:
            continue
        chosen[span] = len(annotations)
        if index >= 0:
            by_truth[index] = len(annotations)
        verdict = rng.choice(VERDICT_CHOICES) if label == "claim" and rng.random() < 0.3 else None
        evidence = (
            (f"https://example.org/check/{rng.randrange(10**6)}",) if verdict and rng.random() < 0.5
            else ()
        )
        annotations.append({
            "start": start, "end": end, "quote": quote, "label": label,
            "confidence": rng.randint(1, 5),
            "note": rng.choice(NOTES) if rng.random() < 0.2 else "",
            "verdict": verdict, "evidence": evidence, "reviewer": reviewer,
            "created_at": stamp, "updated_at": stamp,
        })
    links = [
        (by_truth[s], by_truth[t]) for s, t in truth.links if s in by_truth and t in by_truth
    ]
    return annotations, links


def build_reviewer(path: Path, truths: list[Truth], number: int, seed: int) -> tuple[int, int]:
    """Write one reviewer's session; returns (annotations, links) written."""
    reviewer = f"{FIRST_NAMES[number % len(FIRST_NAMES)]}.{number:02d}"
    rng = random.Random(f"reviewer-{seed}-{number}")
    with SessionStore.open(path, create=True, reviewer=reviewer, auto_backup=False) as store:
        pending: list[Annotation] = []
        links: list[tuple[int, int]] = []
        for truth in truths:
            article = truth.article
            summary, _ = store.add_document(
                ImportedDocument(title=article.title, text=article.text, source_format="text")
            )
            annotations, pairs = reviewer_annotations(truth, reviewer, rng)
            base = len(pending)
            pending.extend(Annotation(document_id=summary.id, **a) for a in annotations)
            links.extend((base + s, base + t) for s, t in pairs)
        added, skipped, made = store.add_annotations(pending, links)
        if skipped:
            raise AssertionError(f"{path.name}: {skipped} duplicate annotations were generated")
    return len(added), len(made)


def build_inputs(folder: Path, reviewers: int, articles: int, seed: int) -> dict:
    rng = random.Random(f"articles-{seed}")
    truths = []
    for number in range(articles):
        article = generate_article(rng.randint(3000, 6000), seed=seed * 100_000 + number)
        truths.append(make_truth(article, rng))
    paths, annotations, links = [], 0, 0
    for number in range(reviewers):
        path = folder / f"reviewer-{number:02d}.sqlite"
        added, made = build_reviewer(path, truths, number, seed)
        paths.append(path)
        annotations += added
        links += made
    return {
        "paths": paths,
        "annotations": annotations,
        "links": links,
        "characters": sum(len(t.article.text) for t in truths),
    }


# ---------------------------------------------------------------------------------- the baseline


def baseline_merge(out: Path, inputs: list[Path]) -> int:
    """Copy every input into a new file of the same schema with bare sqlite3; returns the
    number of annotations copied."""
    conn = sqlite3.connect(str(out), isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.executescript(TABLES_SQL)
    doc_columns = (
        "title, text, sha256, char_count, source_path, source_format, source_encoding, "
        "source_sha256, imported_at, position, last_offset, status"
    )
    for path in inputs:
        conn.execute("ATTACH ? AS src", [f"file:{url_quote(str(path))}?mode=ro"])
        conn.execute("BEGIN")
        conn.execute("INSERT OR IGNORE INTO labels SELECT * FROM src.labels")
        (last_doc,) = conn.execute("SELECT COALESCE(MAX(id), 0) FROM documents").fetchone()
        conn.execute(
            f"INSERT OR IGNORE INTO documents ({doc_columns}) SELECT {doc_columns} "
            "FROM src.documents ORDER BY position"
        )
        conn.execute(
            "INSERT INTO documents_fts (rowid, title, text) SELECT id, title, text "
            "FROM documents WHERE id > ?",
            [last_doc],
        )
        (shift,) = conn.execute("SELECT COALESCE(MAX(id), 0) FROM annotations").fetchone()
        conn.execute(
            'INSERT INTO annotations (id, document_id, start, "end", quote, label, confidence, '
            "note, verdict, evidence, reviewer, created_at, updated_at) "
            'SELECT a.id + ?, d.id, a.start, a."end", a.quote, a.label, a.confidence, a.note, '
            "a.verdict, a.evidence, a.reviewer, a.created_at, a.updated_at "
            "FROM src.annotations a JOIN src.documents s ON s.id = a.document_id "
            "JOIN documents d ON d.sha256 = s.sha256",
            [shift],
        )
        conn.execute(
            "INSERT INTO links SELECT source_id + ?, target_id + ?, created_at FROM src.links",
            [shift, shift],
        )
        conn.execute("COMMIT")
        conn.execute("DETACH src")
    (copied,) = conn.execute("SELECT COUNT(*) FROM annotations").fetchone()
    conn.close()
    return copied


# ---------------------------------------------------------------------------------- running


def _remove_session(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal", ".lock"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    shutil.rmtree(path.with_name(path.name + ".backups"), ignore_errors=True)


def machine() -> dict:
    model = platform.processor() or ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "cpus": os.cpu_count(),
        "cpu": model,
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
    }


def run(reviewers: int, articles: int, runs: int, seed: int, mode: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="merge-bench-") as tmp:
        folder = Path(tmp)
        log(f"building {reviewers} reviewer files of {articles} articles ...")
        started = time.perf_counter()
        built = build_inputs(folder, reviewers, articles, seed)
        build_s = time.perf_counter() - started
        log(f"  {built['annotations']:,} annotations, {built['links']:,} links in {build_s:.1f} s")
        inputs = built["paths"]
        merge_runs, baseline_runs = [], []
        report = None
        for number in range(runs):
            out = folder / f"merged-{number}.sqlite"
            started = time.perf_counter()
            report = merge_sessions(out, inputs)
            merge_runs.append(time.perf_counter() - started)
            log(f"  merge run {number + 1}: {merge_runs[-1]:.2f} s")
            _remove_session(out)
            plain = folder / f"baseline-{number}.sqlite"
            started = time.perf_counter()
            copied = baseline_merge(plain, inputs)
            baseline_runs.append(time.perf_counter() - started)
            log(f"  baseline run {number + 1}: {baseline_runs[-1]:.2f} s")
            if copied != built["annotations"]:
                raise AssertionError(f"the baseline copied {copied:,} annotations")
            _remove_session(plain)
    assert report is not None
    merge_s = statistics.median(merge_runs)
    baseline_s = statistics.median(baseline_runs)
    return {
        "mode": mode,
        "reviewers": reviewers,
        "articles": articles,
        "characters": built["characters"],
        "input_annotations": built["annotations"],
        "input_links": built["links"],
        "annotations_merged": report.annotations_added,
        "duplicates": report.duplicates,
        "links_merged": report.links_added,
        "documents": report.documents_added + report.documents_matched,
        "documents_added": report.documents_added,
        "build_s": round(build_s, 3),
        "merge_s": round(merge_s, 3),
        "merge_runs_s": [round(x, 3) for x in merge_runs],
        "baseline_s": round(baseline_s, 3),
        "baseline_runs_s": [round(x, 3) for x in baseline_runs],
        "ratio": round(merge_s / baseline_s, 2) if baseline_s else None,
        "annotations_per_s": round(report.annotations_added / merge_s) if merge_s else None,
        "machine": machine(),
    }


def table(figures: dict) -> str:
    rows = [
        ("merge (s, median)", f"{figures['merge_s']:.2f}"),
        ("baseline sqlite3 copy (s, median)", f"{figures['baseline_s']:.2f}"),
        ("ratio merge / baseline", f"{figures['ratio']:.1f}"),
        ("annotations merged", f"{figures['annotations_merged']:,}"
         f" of {figures['input_annotations']:,}"),
        ("links merged", f"{figures['links_merged']:,} of {figures['input_links']:,}"),
        ("annotations per second", f"{figures['annotations_per_s']:,}"),
        ("build of the inputs (s)", f"{figures['build_s']:.1f}"),
    ]
    width = max(len(name) for name, _ in rows)
    m = figures["machine"]
    lines = [
        f"{figures['reviewers']} reviewers x {figures['articles']} articles "
        f"({figures['characters']:,} characters per file) — {m['cpus']} CPU(s), {m['cpu']}, "
        f"Python {m['python']}, SQLite {m['sqlite']}",
        f"{'metric':<{width}}  value",
        f"{'-' * width}  -----",
    ]
    lines += [f"{name:<{width}}  {value}" for name, value in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reviewers", type=int, default=20, help="reviewer files (default 20)")
    parser.add_argument("--articles", type=int, default=500, help="articles per file (500)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each (default 3)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--quick", action="store_true", help="3 reviewers x 20 articles")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures here")
    args = parser.parse_args(argv)
    reviewers, articles, mode = args.reviewers, args.articles, "full"
    if args.quick:
        reviewers, articles, mode = 3, 20, "quick"
    if reviewers < 1 or articles < 1 or args.runs < 1:
        parser.error("--reviewers, --articles and --runs must be at least 1")
    figures = run(reviewers, articles, args.runs, args.seed, mode)
    print(table(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n",
                             encoding="utf-8")
    if figures["annotations_merged"] != figures["input_annotations"]:
        print(
            f"FAIL: {figures['annotations_merged']:,} annotations merged, "
            f"{figures['input_annotations']:,} in the inputs",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
