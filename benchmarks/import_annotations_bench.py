"""Benchmark of importing annotation records whose spans all share one quote.

    python benchmarks/import_annotations_bench.py                     2,000 / 4,000 / 100,000
    python benchmarks/import_annotations_bench.py --spans 1000 5000   other sizes
    python benchmarks/import_annotations_bench.py --json out.json     also write the figures

For N spans the article is ``"ab " * N`` and every span tags one ``"ab"`` (so each span's
quote occurs N times), as a colleague's JSON Lines file that carries the article would. Two
cases, each imported once into a fresh session file in a temporary folder:

* ``identical``: the session lacks the article; the file's text becomes it, so every span
  keeps its offsets (:func:`run_identical`).
* ``changed``: the session holds a corrected version of the article (a lead paragraph added
  before it, found by the checksum of its original file); the file carries its old text, so
  every span is shifted past the lead (:func:`run_changed`).
* ``by_quote``: the same corrected article, but the file carries no text (as a CSV, or a W3C
  file of another tool): every span is looked for by its quote and the text around it
  (:func:`run_by_quote`).

Each case reports its time in seconds, how many spans were added and how many landed where they
belong (in ``by_quote`` every ``"ab"`` has the same context, so which one a span lands on cannot
be told: only that none is lost). The exit status is 1 when a span was lost or misplaced (a
correctness failure), never for a slow figure. The functions can be called in-process
(``run_identical(2000)``), as ``benchmarks/run.py`` may.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from annotator.core.articles.reading import ImportedDocument
from annotator.core.articles.text import sha256_text
from annotator.core.formats.import_records import import_records
from annotator.core.formats.records import DocumentRecord, SpanRecord, context_of
from annotator.core.session.store import SessionStore

LEAD = "A lead paragraph added by the editors.\n\n"
SOURCE_SHA = "ab" * 32  # the checksum of the "original file" both versions share


def article(spans: int) -> str:
    return "ab " * spans


def record(spans: int) -> DocumentRecord:
    """The file's document: the article with ``spans`` spans, one on each ``"ab"``."""
    text = article(spans)
    items = []
    for n in range(spans):
        start, end = 3 * n, 3 * n + 2
        prefix, suffix = context_of(text, start, end)
        items.append(SpanRecord(start=start, end=end, label="claim", quote="ab", prefix=prefix,
                                suffix=suffix, key=str(n)))
    return DocumentRecord(title="Many", text=text, spans=tuple(items),
                          source_sha256=SOURCE_SHA)


def _timed_import(session: Path, records: list[DocumentRecord],
                  prepare=None) -> tuple[float, int, SessionStore]:
    store = SessionStore.open(session, create=True, reviewer="bench")
    if prepare is not None:
        prepare(store)
    began = time.perf_counter()
    report = import_records(store, records)
    return time.perf_counter() - began, report.added, store


def run_identical(spans: int, folder: Path | None = None) -> dict:
    """Import ``spans`` spans into a session that lacks the article; times and checks it."""
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        seconds, added, store = _timed_import(Path(tmp) / "s.sqlite", [record(spans)])
        with store:
            starts = sorted(a.start for a in store.annotations())
        right = sum(1 for n, start in enumerate(starts) if start == 3 * n)
    return {"case": "identical", "spans": spans, "seconds": round(seconds, 3), "added": added,
            "placed_right": right}


def _corrected(spans: int):
    def add(store: SessionStore) -> None:
        store.add_document(ImportedDocument(title="Many", text=LEAD + article(spans),
                                            source_format="text", source_sha256=SOURCE_SHA))
    return add


def run_changed(spans: int, folder: Path | None = None) -> dict:
    """Import ``spans`` spans, with the file's text, into a session whose article gained a
    lead paragraph."""
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        seconds, added, store = _timed_import(Path(tmp) / "s.sqlite", [record(spans)],
                                              _corrected(spans))
        with store:
            starts = sorted(a.start for a in store.annotations())
        right = sum(1 for n, start in enumerate(starts) if start == len(LEAD) + 3 * n)
    return {"case": "changed", "spans": spans, "seconds": round(seconds, 3), "added": added,
            "placed_right": right}


def run_by_quote(spans: int, folder: Path | None = None) -> dict:
    """Import ``spans`` spans, without the file's text, into a session whose article gained a
    lead paragraph: each is looked for by its quote."""
    textless = replace(record(spans), text=None, source_sha256=None,
                       sha256=sha256_text(article(spans)))
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        seconds, added, store = _timed_import(Path(tmp) / "s.sqlite", [textless],
                                              _corrected(spans))
        store.close()
    return {"case": "by_quote", "spans": spans, "seconds": round(seconds, 3), "added": added,
            "placed_right": None}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spans", type=int, nargs="+", default=[2000, 4000, 100_000])
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    results = []
    for spans in args.spans:
        for run in (run_identical, run_changed, run_by_quote):
            result = run(spans)
            results.append(result)
            right = result["placed_right"]
            print(f"{result['case']:>9}  {spans:>9,} spans  {result['seconds']:>9.3f} s  "
                  f"{result['added']:,} added"
                  + ("" if right is None else f", {right:,} where they belong"), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    sound = all(r["added"] == r["spans"] and r["placed_right"] in (None, r["spans"])
                for r in results)
    return 0 if sound else 1


if __name__ == "__main__":
    sys.exit(main())
