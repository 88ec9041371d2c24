"""Sessions changed by another program (sqlite3, sqlite-utils, Datasette): one bad value each.

A session's tables are STRICT with CHECK constraints, so the program cannot write such values;
another program can, by copying a table to one without the constraints (what these helpers do,
through the sqlite3 module) and then writing anything into it.

    path = tampered_session(tmp_path, "negative_start")
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from annotator.core.articles.importing import import_file
from annotator.core.session.store import SessionStore

ARTICLE = (
    "Harbour report\n\n"
    "The minister said 3,000 homes were evacuated, according to the emergency office.\n"
)
# the first annotation (id 1) is the one tampered with; the others stay sound
SPANS = (("3,000 homes", "estimate"), ("The minister said", "attribution"),
         ("according to the emergency office", "attribution"))
REVIEWERS = ("ana", "jonas")

# variant -> the SQL that damages the session (after the tables lost their constraints)
VARIANTS: dict[str, str] = {
    "start_after_end": 'UPDATE annotations SET start = 30, "end" = 10 WHERE id = 1',
    "negative_start": "UPDATE annotations SET start = -5 WHERE id = 1",
    "end_past_text": 'UPDATE annotations SET "end" = 1000000000 WHERE id = 1',
    "null_label": "UPDATE annotations SET label = NULL WHERE id = 1",
    "unknown_label": "UPDATE annotations SET label = 'gossip' WHERE id = 1",
    "confidence_99": "UPDATE annotations SET confidence = 99 WHERE id = 1",
    "text_in_start": "UPDATE annotations SET start = 'abc' WHERE id = 1",
    "quote_mismatch": "UPDATE annotations SET quote = 'X' || substr(quote, 2) WHERE id = 1",
    "evidence_not_json": "UPDATE annotations SET evidence = 'not json [' WHERE id = 1",
    "bad_created_at": "UPDATE annotations SET created_at = 'yesterday' WHERE id = 1",
    "verdict_bogus": "UPDATE annotations SET verdict = 'not a verdict!' WHERE id = 1",
    "null_reviewer": "UPDATE annotations SET reviewer = NULL WHERE id = 1",
    "huge_note": "UPDATE annotations SET note = printf('%.*c', 200001, 'n') WHERE id = 1",
    "bad_status": "UPDATE documents SET status = 'weird' WHERE id = 1",
    "bad_label_colour": "UPDATE labels SET color = 'red' WHERE name = 'estimate'",
    "bad_label_shortcut": "UPDATE labels SET shortcut = 'ctrl+q' WHERE name = 'estimate'",
    "null_text": "UPDATE documents SET text = NULL WHERE id = 1",
    "wrong_char_count": "UPDATE documents SET char_count = 3 WHERE id = 1",
    # the text changed outside the program, as the README allows, and the index rebuilt
    "text_changed": (
        "UPDATE documents SET text = replace(text, 'emergency office', 'emergency services "
        "office') WHERE id = 1; "
        "INSERT INTO documents_fts (documents_fts) VALUES ('rebuild')"
    ),
}
# the variants that damage annotation 1 itself (the others damage a document or a label)
ANNOTATION_VARIANTS = tuple(v for v in VARIANTS if VARIANTS[v].startswith("UPDATE annotations"))


def _loosen(conn: sqlite3.Connection, table: str) -> None:
    """Re-create ``table`` with the same columns and rows but no types, CHECKs or NOT NULLs."""
    columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
    key = "id INTEGER PRIMARY KEY AUTOINCREMENT" if "id" in columns else None
    if table == "labels":
        key = "name PRIMARY KEY"
    others = [f'"{c}"' for c in columns if c not in ("id", "name") or key is None]
    definition = ", ".join([key, *others] if key else others)
    names = ", ".join(f'"{c}"' for c in columns)
    indexes = [row[0] for row in conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        [table])]
    conn.execute(f"CREATE TABLE {table}_loose ({definition})")
    conn.execute(f"INSERT INTO {table}_loose ({names}) SELECT {names} FROM {table}")
    conn.execute(f"DROP TABLE {table}")
    conn.execute(f"ALTER TABLE {table}_loose RENAME TO {table}")
    for sql in indexes:
        conn.execute(sql)


def sound_session(folder: Path, name: str = "session.sqlite") -> Path:
    """A session of one article, tagged by two reviewers."""
    article = folder / "harbour.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    path = folder / name
    with SessionStore.open(path, create=True, reviewer=REVIEWERS[0]) as store:
        document, _ = import_file(store, article)
        text = store.document_text(document.id)
        for reviewer in REVIEWERS:
            for quote, label in SPANS:
                start = text.index(quote)
                store.add_annotation(document.id, start, start + len(quote), label,
                                     reviewer=reviewer, note="checked")
    return path


def tamper(path: Path, variant: str) -> Path:
    """Damage the session at ``path`` as ``variant`` says (see :data:`VARIANTS`)."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        with conn:
            for table in ("labels", "documents", "annotations"):
                _loosen(conn, table)
            conn.executescript(VARIANTS[variant])
    finally:
        conn.close()
    return path


def tampered_session(folder: Path, variant: str, name: str = "session.sqlite") -> Path:
    return tamper(sound_session(folder, name), variant)
