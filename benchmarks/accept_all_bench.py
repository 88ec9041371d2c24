"""Benchmark of deciding a long article's suggestions all at once, and of deleting one annotation
beside them.

    python benchmarks/accept_all_bench.py                  the 5,000,000-character article
    python benchmarks/accept_all_bench.py --quick          200,000 characters (a smoke run)
    python benchmarks/accept_all_bench.py --json out.json  also write the figures as JSON

The article is ``make_session.py``'s generated news article, imported into a new session and
given its suggestions (``suggest_documents``, the rules of ``annotator suggest``: some 100,000 on
the long article), in a temporary folder; that build is reported apart. Then, on a fresh copy of
the session each run, the median of ``--runs`` runs (3) of:

* ``accept_all_s``: *Annotate → Accept All Suggestions in Article*
  (``changes.accept_all_suggestions``): every pending suggestion becomes an annotation, all in one
  change;
* ``undo_s`` and ``redo_s``: that change undone (the annotations deleted, the suggestions pending
  again) and redone (the same annotations back, with their ids);
* ``baseline_s``: a bare ``sqlite3`` script that inserts the same spans into the session's
  ``annotations`` table and marks the suggestions accepted, with one ``executemany`` each (no
  check against the text, no undo);
* ``delete_ms``: the median of 50 single deletes of an annotation (``delete_annotation``, as
  *Delete* in the window) in the session with the suggestions accepted: SQLite looks up the rows
  that point at each (it read all the suggestions for each before the session had an index for
  them).

The exit status is 1 only when the undo or the redo does not leave the session as it should (a
correctness failure), never for a slow figure.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # make_session.py, beside this file (when imported, not run)
    sys.path.insert(0, str(HERE))

from make_session import generate_article  # noqa: E402

from annotator.core.articles.reading import ImportedDocument  # noqa: E402
from annotator.core.session import changes  # noqa: E402
from annotator.core.session.store import SessionStore  # noqa: E402
from annotator.core.suggestions.session import suggest_documents  # noqa: E402

FULL_CHARS, QUICK_CHARS = 5_000_000, 200_000


def build(folder: Path, chars: int) -> tuple[Path, int]:
    """A session holding the generated article and its pending suggestions."""
    path = folder / "article.sqlite"
    article = generate_article(chars, seed=0)
    with SessionStore.open(path, create=True, reviewer="benchmark", auto_backup=False) as store:
        summary, _ = store.add_document(ImportedDocument(
            title=article.title, text=article.text, source_format="text"))
        report = suggest_documents(store, [summary.id])
    return path, report.total_added


def counts(path: Path) -> tuple[int, int]:
    """(annotations, pending suggestions) in the session."""
    with sqlite3.connect(path) as conn:
        annotations = conn.execute("SELECT count(*) FROM annotations").fetchone()[0]
        pending = conn.execute(
            "SELECT count(*) FROM suggestions WHERE status = 'pending'").fetchone()[0]
    return annotations, pending


def run_ours(source: Path, work: Path) -> dict[str, float] | None:
    """Accept all, undo, redo and single deletes on a copy of ``source``; None when the undo or
    the redo left the session wrong."""
    path = work / "ours.sqlite"
    shutil.copyfile(source, path)
    _, pending = counts(path)
    figures: dict[str, float] = {}
    with SessionStore.open(path, reviewer="benchmark", auto_backup=False) as store:
        started = time.perf_counter()
        change = changes.accept_all_suggestions(store, 1)
        figures["accept_all_s"] = time.perf_counter() - started
        started = time.perf_counter()
        change.undo(store)
        figures["undo_s"] = time.perf_counter() - started
        if counts(path) != (0, pending):
            return None
        started = time.perf_counter()
        change.redo(store)
        figures["redo_s"] = time.perf_counter() - started
        if counts(path) != (pending, 0):
            return None
        ids = [a.id for a in change.annotations[:: max(1, len(change.annotations) // 50)]][:50]
        times = []
        for annotation_id in ids:
            started = time.perf_counter()
            store.delete_annotation(annotation_id)
            times.append(time.perf_counter() - started)
        figures["delete_ms"] = statistics.median(times) * 1000
    return figures


def run_baseline(source: Path, work: Path) -> float:
    """The same spans inserted and the suggestions marked, with plain ``sqlite3``."""
    path = work / "bare.sqlite"
    shutil.copyfile(source, path)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        started = time.perf_counter()
        text = conn.execute("SELECT text FROM documents WHERE id = 1").fetchone()[0]
        rows = conn.execute('SELECT id, start, "end", label FROM suggestions '
                            "WHERE document_id = 1 AND status = 'pending'").fetchall()
        stamp = "2026-01-01T00:00:00.000Z"
        conn.execute("BEGIN")
        base = conn.execute("SELECT coalesce(max(id), 0) FROM annotations").fetchone()[0]
        conn.executemany(
            'INSERT INTO annotations (id, document_id, start, "end", quote, label, confidence, '
            "reviewer, created_at, updated_at, origin) "
            "VALUES (?, 1, ?, ?, ?, ?, 3, 'benchmark', ?, ?, 'suggested')",
            [(base + k + 1, s, e, text[s:e], label, stamp, stamp)
             for k, (_id, s, e, label) in enumerate(rows)])
        conn.executemany(
            "UPDATE suggestions SET status = 'accepted', decided_by = 'benchmark', "
            "decided_at = ?, annotation_id = ? WHERE id = ?",
            [(stamp, base + k + 1, suggestion_id)
             for k, (suggestion_id, *_rest) in enumerate(rows)])
        conn.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        conn.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a 200,000-character article")
    parser.add_argument("--runs", type=int, default=3, help="runs of each (default 3)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    options = parser.parse_args(argv)
    chars = QUICK_CHARS if options.quick else FULL_CHARS
    print(f"Machine   {platform.processor() or platform.machine()}, "
          f"CPython {platform.python_version()}, SQLite {sqlite3.sqlite_version}")
    with tempfile.TemporaryDirectory(prefix="annotator-accept-") as temp:
        folder = Path(temp)
        started = time.perf_counter()
        source, suggested = build(folder, chars)
        print(f"built     a {chars:,}-character article with {suggested:,} suggestions "
              f"in {time.perf_counter() - started:.1f} s")
        ours: list[dict[str, float]] = []
        baseline: list[float] = []
        for _ in range(options.runs):
            result = run_ours(source, folder)
            if result is None:
                print("FAIL: undo or redo left the session wrong", file=sys.stderr)
                return 1
            ours.append(result)
            baseline.append(run_baseline(source, folder))
    figures = {key: statistics.median(run[key] for run in ours) for key in ours[0]}
    figures["baseline_s"] = statistics.median(baseline)
    figures["accept_all_ratio"] = figures["accept_all_s"] / figures["baseline_s"]
    figures["suggestions"] = suggested
    for key in ("accept_all_s", "undo_s", "redo_s", "baseline_s", "accept_all_ratio",
                "delete_ms"):
        print(f"{key:17s} {figures[key]:8.3f}")
    if options.json:
        options.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
