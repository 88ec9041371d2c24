"""The plain baselines that ``run.py`` measures the annotator's exports and annotation imports
against: what a short script with nothing but the standard library does to write (or read) the
same information in each annotation format.

    python benchmarks/format_baselines.py export FORMAT SESSION OUT
    python benchmarks/format_baselines.py import FORMAT FILE DATABASE

Exports. Each one reads the session with ``sqlite3`` (the documents in list order, then each
document's annotation rows in reading order, with their links) and writes every field the
annotator writes for a span, with the library a script would use for that format:

* ``csv`` / ``excel-csv``: ``csv.writer`` over a single SQL join (UTF-8, or UTF-8 with a
  byte-order mark), the contract's columns;
* ``jsonl``: one ``json.dumps`` per document line, doccano's ``label`` triples and one object
  per annotation (key, place, label, quote, confidence, note, reviewer, verdict, evidence,
  times, links);
* ``w3c``: one ``json.dumps(..., indent=2)`` of an AnnotationCollection with the documents'
  texts and one Annotation per span (its name-based UUID, UTC times with ``Z``, the tagging,
  commenting and linking bodies, a TextQuoteSelector with 32 characters of context either side
  and a TextPositionSelector, confidence, verdict, links);
* ``brat``: per document the ``.txt``, an ``.ann`` of ``T`` lines (split at line breaks),
  ``A`` lines (confidence, verdict) and ``#`` notes (note, reviewer, times, evidence; escaped
  with ``str.translate``), ``R`` lines for links, and a ``.meta.json``; ``annotation.conf``;
* ``labelstudio``: one ``json.dumps`` of the task list, each task's annotations grouped by
  reviewer, each span a ``labels`` result (with our fields in its ``meta``), a ``rating``
  result and, with a note, a ``textarea`` result.

What the annotator does on top (checking each row, writing the label definitions and the
labeling configuration, writing each file whole under a temporary name) is its own cost.

Imports. Each one parses the file with the plain library (``json.loads`` per line, ``json.load``,
splitting brat's lines at tabs) into the rows of the session's ``annotations`` table, adds the
document when the database lacks one with its SHA-256 (hashing the text, as a session stores
it), and inserts the rows with one ``executemany`` into a table of the same columns, in one
transaction. ``run.py`` prepares the database with the session's own ``documents`` and
``annotations`` tables (and, for the import into a session that has the article, the article).
"""

from __future__ import annotations

import base64
import csv
import hashlib
import json
import re
import sqlite3
import sys
import uuid
from datetime import datetime, timezone
from pathlib import Path

CONTEXT = 32
NAMESPACE = "https://factcheck-annotator.invalid/ns#"
UUIDS = uuid.uuid5(uuid.NAMESPACE_URL, NAMESPACE)
SEP = chr(31)
RUNS = re.compile("[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")  # brat fragments
ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
CSV_COLUMNS = ["annotation_id", "document_id", "document_title", "document_sha256", "start",
               "end", "text", "label", "confidence", "note", "reviewer", "created_at",
               "updated_at"]
INSERT = ('INSERT INTO annotations (document_id, start, "end", quote, label, confidence, note, '
          "verdict, evidence, reviewer, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


# ------------------------------------------------------------------------------ exports


def documents(conn: sqlite3.Connection) -> list[tuple]:
    return conn.execute(
        "SELECT id, title, text, sha256, source_sha256 FROM documents ORDER BY position, id"
    ).fetchall()


def rows(conn: sqlite3.Connection, document_id: int):
    return conn.execute(
        'SELECT a.id, a.start, a."end", a.quote, a.label, a.confidence, a.note, a.verdict, '
        "a.evidence, a.reviewer, a.created_at, a.updated_at, "
        "(SELECT group_concat(target_id, ' ') FROM links WHERE source_id = a.id) "
        'FROM annotations a WHERE a.document_id = ? ORDER BY a.start, a."end", a.id',
        [document_id],
    )


def export_csv(conn: sqlite3.Connection, out_path: Path, encoding: str = "utf-8") -> None:
    cursor = conn.execute(
        'SELECT a.id, a.document_id, d.title, d.sha256, a.start, a."end", a.quote, a.label, '
        "a.confidence, a.note, a.reviewer, a.created_at, a.updated_at "
        "FROM annotations a JOIN documents d ON d.id = a.document_id "
        'ORDER BY d.position, a.document_id, a.start, a."end", a.id'
    )
    with out_path.open("w", encoding=encoding, newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        writer.writerows(cursor)


def export_jsonl(conn: sqlite3.Connection, out_path: Path) -> None:
    with out_path.open("w", encoding="utf-8", newline="") as out:
        for doc_id, title, text, sha, source_sha in documents(conn):
            spans = [
                {"id": str(aid), "start": s, "end": e, "label": label, "quote": quote,
                 "confidence": confidence, "note": note, "reviewer": reviewer,
                 "verdict": verdict, "evidence": json.loads(evidence), "created_at": created,
                 "updated_at": updated, "links": links.split() if links else []}
                for (aid, s, e, quote, label, confidence, note, verdict, evidence, reviewer,
                     created, updated, links) in rows(conn, doc_id)
            ]
            line = {"text": text, "label": [[x["start"], x["end"], x["label"]] for x in spans],
                    "title": title, "sha256": sha, "source_sha256": source_sha,
                    "annotations": spans}
            out.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")


def utc(stamp: str) -> str:
    moment = datetime.fromisoformat(stamp).astimezone(timezone.utc).replace(tzinfo=None)
    return moment.isoformat(timespec="milliseconds") + "Z"


def export_w3c(conn: sqlite3.Connection, out_path: Path) -> None:
    docs, items = [], []
    for doc_id, title, text, sha, source_sha in documents(conn):
        digest = base64.urlsafe_b64encode(bytes.fromhex(sha)).decode().rstrip("=")
        source = f"ni:///sha-256;{digest}"
        docs.append({"id": source, "type": "Text", "format": "text/plain", "fca:title": title,
                     "fca:sha256": sha, "fca:sourceSha256": source_sha, "fca:text": text})
        for (aid, s, e, quote, label, confidence, note, verdict, evidence, reviewer, created,
             updated, links) in rows(conn, doc_id):
            body = [{"type": "TextualBody", "purpose": "tagging", "value": label}]
            if note:
                body.append({"type": "TextualBody", "purpose": "commenting", "value": note,
                             "format": "text/plain"})
            body += [{"type": "SpecificResource", "purpose": "linking", "source": url}
                     for url in json.loads(evidence)]
            item = {
                "id": f"urn:uuid:{uuid.uuid5(UUIDS, SEP.join(('annotation', sha, str(aid))))}",
                "type": "Annotation", "motivation": "tagging",
                "created": utc(created), "modified": utc(updated),
                "creator": {"type": "Person", "name": reviewer},
                "body": body,
                "target": {"source": source, "selector": [
                    {"type": "TextQuoteSelector", "exact": quote,
                     "prefix": text[max(0, s - CONTEXT):s], "suffix": text[e:e + CONTEXT]},
                    {"type": "TextPositionSelector", "start": s, "end": e}]},
                "fca:key": str(aid), "fca:confidence": confidence,
            }
            if verdict is not None:
                item["fca:verdict"] = verdict
            if links:
                item["fca:links"] = [
                    f"urn:uuid:{uuid.uuid5(UUIDS, SEP.join(('annotation', sha, key)))}"
                    for key in links.split()
                ]
            items.append(item)
    collection_id = f"urn:uuid:{uuid.uuid5(UUIDS, SEP.join(d['id'] for d in docs))}"
    collection = {
        "@context": ["http://www.w3.org/ns/anno.jsonld", {"fca": NAMESPACE}],
        "id": collection_id, "type": "AnnotationCollection",
        "label": f"Fact-check annotations: {len(items):,}", "total": len(items),
        "fca:documents": docs,
        "first": {"id": collection_id + "/1", "type": "AnnotationPage",
                  "partOf": collection_id, "startIndex": 0, "items": items},
    }
    with out_path.open("w", encoding="utf-8", newline="") as out:
        out.write(json.dumps(collection, ensure_ascii=False, indent=2) + "\n")


def export_brat(conn: sqlite3.Connection, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    labels: set[str] = set()
    for number, (doc_id, title, text, sha, source_sha) in enumerate(documents(conn), 1):
        name = f"{number:03d}-document"
        (folder / f"{name}.txt").write_text(text, encoding="utf-8", newline="")
        t_lines, a_lines, notes, links_of, tids = [], [], [], [], {}
        for (aid, s, e, _quote, label, confidence, note, verdict, evidence, reviewer, created,
             updated, links) in rows(conn, doc_id):
            tid = f"T{len(t_lines) + 1}"
            tids[str(aid)] = tid
            labels.add(label)
            fragments = [m.span() for m in RUNS.finditer(text, s, e)] or [(s, e)]
            offsets = ";".join(f"{a} {b}" for a, b in fragments)
            shown = " ".join(text[a:b] for a, b in fragments)
            t_lines.append(f"{tid}\t{label} {offsets}\t{shown}")
            a_lines.append(f"A{len(a_lines) + 1}\tConfidence {tid} {confidence}")
            if verdict is not None:
                a_lines.append(f"A{len(a_lines) + 1}\tVerdict {tid} {verdict}")
            values = [("AnnotatorNotes", note), ("Reviewer", reviewer), ("Created", created),
                      ("Updated", updated)] + [("Evidence", url) for url in json.loads(evidence)]
            for kind, value in values:
                if value:
                    notes.append(f"#{len(notes) + 1}\t{kind} {tid}\t{value.translate(ESCAPES)}")
            if links:
                links_of.append((tid, links.split()))
        r_lines = [f"R{n}\tLink Arg1:{tid} Arg2:{tids[key]}"
                   for n, (tid, key) in enumerate(((tid, key) for tid, keys in links_of
                                                   for key in keys if key in tids), 1)]
        with (folder / f"{name}.ann").open("w", encoding="utf-8", newline="") as out:
            out.write("".join(line + "\n" for line in t_lines + a_lines + notes + r_lines))
        meta = {"title": title, "sha256": sha, "source_sha256": source_sha}
        (folder / f"{name}.meta.json").write_text(json.dumps(meta, ensure_ascii=False) + "\n",
                                                  encoding="utf-8")
    conf = "[entities]\n" + "".join(f"{label}\n" for label in sorted(labels))
    (folder / "annotation.conf").write_text(conf + "\n[relations]\nLink\tArg1:<ENTITY>, "
                                            "Arg2:<ENTITY>\n", encoding="utf-8")


def export_labelstudio(conn: sqlite3.Connection, out_path: Path) -> None:
    tasks = []
    for number, (doc_id, title, text, sha, source_sha) in enumerate(documents(conn), 1):
        by_reviewer: dict[str, list] = {}
        for (aid, s, e, quote, label, confidence, note, verdict, evidence, reviewer, created,
             updated, links) in rows(conn, doc_id):
            region = str(aid)
            results = by_reviewer.setdefault(reviewer, [])
            results.append({
                "id": region, "from_name": "label", "to_name": "text", "type": "labels",
                "value": {"start": s, "end": e, "text": quote, "labels": [label]},
                "origin": "manual",
                "meta": {"factcheck": {"key": region, "reviewer": reviewer, "verdict": verdict,
                                       "evidence": json.loads(evidence), "created_at": created,
                                       "updated_at": updated,
                                       "links": links.split() if links else []}},
            })
            results.append({
                "id": region, "from_name": "confidence", "to_name": "text", "type": "rating",
                "value": {"start": s, "end": e, "text": quote, "rating": confidence},
                "origin": "manual",
            })
            if note:
                results.append({
                    "id": region, "from_name": "note", "to_name": "text", "type": "textarea",
                    "value": {"start": s, "end": e, "text": [note]}, "origin": "manual",
                })
        annotations = [
            {"id": n, "result": results, "was_cancelled": False, "ground_truth": False,
             "reviewer": reviewer}
            for n, (reviewer, results) in enumerate(by_reviewer.items(), 1)
        ]
        tasks.append({"id": number, "data": {"text": text, "title": title, "sha256": sha,
                                             "source_sha256": source_sha},
                      "annotations": annotations, "predictions": []})
    with out_path.open("w", encoding="utf-8", newline="") as out:
        out.write(json.dumps(tasks, ensure_ascii=False, separators=(",", ":")) + "\n")


# ------------------------------------------------------------------------------ imports


def document_id(conn: sqlite3.Connection, title: str, text: str) -> int:
    """The database's document with this text (by SHA-256), added when it has none."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    found = conn.execute("SELECT id FROM documents WHERE sha256 = ?", [digest]).fetchone()
    if found:
        return found[0]
    return conn.execute(
        "INSERT INTO documents (title, text, sha256, char_count, source_format, imported_at, "
        "position) VALUES (?, ?, ?, ?, 'text', ?, 1)",
        [title, text, digest, len(text), datetime.now(timezone.utc).isoformat()],
    ).lastrowid


def import_jsonl(conn: sqlite3.Connection, path: Path) -> None:
    with path.open(encoding="utf-8") as source:
        for line in source:
            if not line.strip():
                continue
            obj = json.loads(line)
            doc = document_id(conn, obj.get("title") or "", obj["text"])
            conn.executemany(INSERT, [
                (doc, a["start"], a["end"], a["quote"], a["label"], a["confidence"], a["note"],
                 a["verdict"], json.dumps(a["evidence"]), a["reviewer"], a["created_at"],
                 a["updated_at"])
                for a in obj["annotations"]
            ])


def import_labelstudio(conn: sqlite3.Connection, path: Path) -> None:
    with path.open(encoding="utf-8") as source:
        tasks = json.load(source)
    for task in tasks:
        data = task["data"]
        doc = document_id(conn, data.get("title") or "", data["text"])
        regions: dict[str, dict] = {}
        for annotation in task["annotations"]:
            for result in annotation["result"]:
                if result.get("type") == "relation":
                    continue
                region = regions.setdefault(result["id"], {})
                value = result["value"]
                if result["type"] == "labels":
                    region.update(value, meta=result.get("meta", {}).get("factcheck", {}))
                elif result["type"] == "rating":
                    region["rating"] = value["rating"]
                else:
                    region["note"] = "\n".join(value["text"])
        conn.executemany(INSERT, [
            (doc, r["start"], r["end"], r["text"], r["labels"][0], r.get("rating", 3),
             r.get("note", ""), r["meta"].get("verdict"), json.dumps(r["meta"].get("evidence", [])),
             r["meta"].get("reviewer"), r["meta"].get("created_at"), r["meta"].get("updated_at"))
            for r in regions.values()
        ])


def unescape(value: str) -> str:
    return re.sub(r"\\([\\tnr])", lambda m: {"t": "\t", "n": "\n", "r": "\r"}.get(
        m.group(1), "\\"), value)


def import_brat(conn: sqlite3.Connection, folder: Path) -> None:
    kinds = {"AnnotatorNotes": "note", "Reviewer": "reviewer", "Created": "created_at",
             "Updated": "updated_at"}
    for ann in sorted(folder.glob("*.ann")):
        text = ann.with_suffix(".txt").read_text(encoding="utf-8")
        meta = json.loads(ann.with_suffix(".meta.json").read_text(encoding="utf-8"))
        doc = document_id(conn, meta.get("title") or ann.stem, text)
        spans: dict[str, dict] = {}
        with ann.open(encoding="utf-8", newline="") as source:
            for line in source:
                fields = line.rstrip("\n").split("\t")
                if line[0] == "T":
                    label, _, offsets = fields[1].partition(" ")
                    places = [tuple(map(int, part.split())) for part in offsets.split(";")]
                    start, end = places[0][0], places[-1][1]
                    spans[fields[0]] = {"start": start, "end": end, "label": label,
                                        "quote": text[start:end], "confidence": 3, "note": "",
                                        "verdict": None, "evidence": []}
                elif line[0] == "A":
                    kind, tid, value = fields[1].split(" ")
                    spans[tid]["confidence" if kind == "Confidence" else "verdict"] = (
                        int(value) if kind == "Confidence" else value)
                elif line[0] == "#":
                    kind, tid = fields[1].split(" ")
                    value = unescape(fields[2])
                    if kind == "Evidence":
                        spans[tid]["evidence"].append(value)
                    else:
                        spans[tid][kinds[kind]] = value
        conn.executemany(INSERT, [
            (doc, s["start"], s["end"], s["quote"], s["label"], s["confidence"], s["note"],
             s["verdict"], json.dumps(s["evidence"]), s.get("reviewer"), s.get("created_at"),
             s.get("updated_at"))
            for s in spans.values()
        ])


EXPORTS = {
    "csv": export_csv,
    "excel-csv": lambda conn, out: export_csv(conn, out, "utf-8-sig"),
    "jsonl": export_jsonl,
    "w3c": export_w3c,
    "brat": export_brat,
    "labelstudio": export_labelstudio,
}
IMPORTS = {"jsonl": import_jsonl, "brat": import_brat, "labelstudio": import_labelstudio}


def main(argv: list[str]) -> int:
    action, fmt, source, target = argv
    if action == "export":
        conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        EXPORTS[fmt](conn, Path(target))
    else:
        conn = sqlite3.connect(target)
        with conn:  # one transaction
            IMPORTS[fmt](conn, Path(source))
    conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
