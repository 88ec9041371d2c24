"""The session file's tables, its schema version, its migrations, and what a session may contain.

Every table is documented in the README ("The session file"); the DDL below is the reference for a
new session. An older session is brought up to date by :data:`MIGRATIONS`, one version at a time,
after a backup of it has been made.
"""

from __future__ import annotations

SCHEMA_VERSION = 6
APPLICATION_ID = 0x46434B41  # "FCKA": lets `file` and our own checks tell a session apart
APPLICATION_NAME = "factcheck-annotator"

# the annotations table: a claim's verdict is a key of the session's verdict scale (checked
# by the store, since the desk chooses its scale), its origin one of defaults.ORIGINS; a claim's
# summary as checked (ClaimReview's claimReviewed; empty: the claim's text) and the address of
# its published fact-check (ClaimReview's url)
CLAIM_CHECK_COLUMNS_SQL = """,
    claim_reviewed TEXT,
    fact_check_url TEXT"""
ANNOTATIONS_SQL = """CREATE TABLE annotations (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL CHECK (start >= 0),
    "end"       INTEGER NOT NULL CHECK ("end" > start),
    quote       TEXT NOT NULL,
    label       TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE,
    confidence  INTEGER NOT NULL DEFAULT 3 CHECK (confidence BETWEEN 1 AND 5),
    note        TEXT NOT NULL DEFAULT '',
    verdict     TEXT,
    evidence    TEXT NOT NULL DEFAULT '[]',
    reviewer    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    origin      TEXT NOT NULL DEFAULT 'manual'
                CHECK (origin IN ('manual', 'suggested', 'suggested-relabelled', 'imported',
                                  'merged'))""" + CLAIM_CHECK_COLUMNS_SQL + """
) STRICT"""
# the annotations table as version 5 made it (its migration makes the table again)
_ANNOTATIONS_V5_SQL = ANNOTATIONS_SQL.replace(CLAIM_CHECK_COLUMNS_SQL, "", 1)
ANNOTATION_INDEXES_SQL = """\
CREATE INDEX annotations_by_document ON annotations (document_id, start, "end", id, label);
CREATE INDEX annotations_by_label ON annotations (label);
CREATE INDEX annotations_by_length ON annotations (document_id, ("end" - start));"""

# published fact-checks read in: claims matched against, not annotations of any article
REFERENCE_CLAIMS_SQL = """CREATE TABLE reference_claims (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    claim_reviewed TEXT NOT NULL,
    verdict        TEXT,
    rating_value   REAL,
    best_rating    REAL,
    worst_rating   REAL,
    url            TEXT,
    organisation   TEXT,
    published      TEXT,
    appearances    TEXT NOT NULL DEFAULT '[]',
    claim_author   TEXT,
    claim_date     TEXT,
    source         TEXT NOT NULL,
    imported_at    TEXT NOT NULL,
    UNIQUE (claim_reviewed, url)
) STRICT"""
# a claim a reviewer marked as the same claim as another (of the session, or published)
SAME_CLAIMS_SQL = """CREATE TABLE same_claims (
    claim_id     INTEGER PRIMARY KEY REFERENCES annotations(id) ON DELETE CASCADE,
    same_as      INTEGER REFERENCES annotations(id) ON DELETE CASCADE,
    reference_id INTEGER REFERENCES reference_claims(id) ON DELETE CASCADE,
    marked_by    TEXT NOT NULL,
    marked_at    TEXT NOT NULL,
    CHECK ((same_as IS NULL) != (reference_id IS NULL)),
    CHECK (same_as IS NULL OR same_as != claim_id)
) STRICT"""

TABLES_SQL = (
    """
CREATE TABLE metadata (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE labels (
    name        TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    color       TEXT NOT NULL,
    shortcut    TEXT,
    position    INTEGER NOT NULL,
    description TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE documents (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    title           TEXT NOT NULL,
    text            TEXT NOT NULL,
    sha256          TEXT NOT NULL UNIQUE,
    char_count      INTEGER NOT NULL,
    source_path     TEXT,
    source_format   TEXT NOT NULL,
    source_encoding TEXT,
    source_sha256   TEXT,
    imported_at     TEXT NOT NULL,
    position        INTEGER NOT NULL,
    last_offset     INTEGER NOT NULL DEFAULT 0,
    status          TEXT NOT NULL DEFAULT 'not_started'
                    CHECK (status IN ('not_started', 'in_progress', 'done')),
    url             TEXT,
    outlet          TEXT,
    authors         TEXT NOT NULL DEFAULT '[]',
    published       TEXT,
    retrieved       TEXT
) STRICT;

"""
    + ANNOTATIONS_SQL + ";\n\n" + ANNOTATION_INDEXES_SQL + "\n"
    + """

CREATE TABLE links (
    source_id  INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
    target_id  INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (source_id, target_id),
    CHECK (source_id != target_id)
) STRICT;

CREATE INDEX links_by_target ON links (target_id);

CREATE TABLE rejected_spans (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL CHECK (start >= 0),
    "end"       INTEGER NOT NULL CHECK ("end" > start),
    rejected_by TEXT NOT NULL,
    rejected_at TEXT NOT NULL,
    PRIMARY KEY (document_id, start, "end")
) STRICT;

CREATE VIRTUAL TABLE [documents_fts] USING FTS5 (
    [title], [text],
    tokenize='unicode61 remove_diacritics 2',
    content=[documents]
);

CREATE TABLE suggestions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start         INTEGER NOT NULL CHECK (start >= 0),
    "end"         INTEGER NOT NULL CHECK ("end" > start),
    quote         TEXT NOT NULL,
    label         TEXT NOT NULL,
    reason        TEXT NOT NULL,
    rule          TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'accepted', 'rejected')),
    decided_by    TEXT,
    decided_at    TEXT,
    annotation_id INTEGER REFERENCES annotations(id) ON DELETE SET NULL,
    UNIQUE (document_id, start, "end", label)
) STRICT;

CREATE INDEX suggestions_by_document ON suggestions (document_id, status, start);

CREATE TABLE suggestion_runs (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    rules       TEXT NOT NULL,
    made_at     TEXT NOT NULL
) STRICT;

"""
    + REFERENCE_CLAIMS_SQL + ";\n\n" + SAME_CLAIMS_SQL + ";\n"
)

EXPECTED_TABLES = frozenset(
    {"metadata", "labels", "documents", "annotations", "links", "rejected_spans",
     "documents_fts", "suggestions", "suggestion_runs", "reference_claims", "same_claims"}
)
# the full-text index of the documents' titles and texts, kept by the store itself (a session
# holds no triggers): its SQL as created, checked on opening so that nothing else goes by its name
FTS_TABLE = "documents_fts"
FTS_SQL = (
    "CREATE VIRTUAL TABLE [documents_fts] USING FTS5 (\n    [title], [text],\n"
    "    tokenize='unicode61 remove_diacritics 2',\n    content=[documents]\n)"
)
# the tables a session of any version has (later ones arrive with their migrations)
BASE_TABLES = frozenset({"metadata", "labels", "documents", "annotations"})

def _rebuilt_annotations() -> tuple[str, ...]:
    """The statements that make the annotations table again from its current definition (SQLite
    cannot drop a CHECK): the rows copied with their ids, the id counter kept (an id is never
    handed out twice), the indexes made again. Run with foreign keys off, as migrations are."""
    columns = ('id, document_id, start, "end", quote, label, confidence, note, verdict, '
               "evidence, reviewer, created_at, updated_at")
    return (
        _ANNOTATIONS_V5_SQL.replace("CREATE TABLE annotations (",
                                    "CREATE TABLE annotations_new (", 1),
        f"INSERT INTO annotations_new ({columns}) SELECT {columns} FROM annotations",
        "CREATE TEMP TABLE annotations_counter AS "
        "SELECT seq FROM sqlite_sequence WHERE name = 'annotations'",
        "DROP TABLE annotations",
        "ALTER TABLE annotations_new RENAME TO annotations",
        "INSERT INTO sqlite_sequence (name, seq) SELECT 'annotations', 0 "
        "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'annotations')",
        "UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT max(seq) FROM "
        "temp.annotations_counter), 0)) WHERE name = 'annotations'",
        "DROP TABLE temp.annotations_counter",
        *(statement.strip() for statement in ANNOTATION_INDEXES_SQL.split(";")
          if statement.strip()),
    )


#: Indexes on the columns that point at an annotation, made in every session a program opens
#: for writing (they change nothing a version reads, so a session keeps its version): SQLite
#: looks up the rows that refer to an annotation it deletes, and without them it read every
#: suggestion of the session for each (16 ms an annotation beside 100,000 suggestions; hours to
#: undo accepting them all). Partial: of the rows that point somewhere.
LOOKUP_INDEXES_SQL = (
    "CREATE INDEX IF NOT EXISTS suggestions_by_annotation ON suggestions (annotation_id) "
    "WHERE annotation_id IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS same_claims_by_same_as ON same_claims (same_as) "
    "WHERE same_as IS NOT NULL",
)

# MIGRATIONS[n] turns a session at version n - 1 into one at version n.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    # 2: the SHA-256 of the original file's bytes, beside that of the extracted text
    # a claim's verdict and its evidence (a JSON list of URLs), each document's progress,
    # links between annotations (an attribution to the claim it sources),
    # and an index that answers "the spans in this stretch of text" without reading the table
    2: (
        "ALTER TABLE documents ADD COLUMN source_sha256 TEXT",
        "ALTER TABLE annotations ADD COLUMN verdict TEXT CHECK (verdict IN ('unverified', "
        "'true', 'mostly_true', 'mixed', 'mostly_false', 'false', 'not_checkable'))",
        "ALTER TABLE annotations ADD COLUMN evidence TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE documents ADD COLUMN status TEXT NOT NULL DEFAULT 'not_started' "
        "CHECK (status IN ('not_started', 'in_progress', 'done'))",
        "DROP INDEX IF EXISTS annotations_by_document",
        "CREATE INDEX annotations_by_document "
        'ON annotations (document_id, start, "end", id, label)',
        'CREATE INDEX annotations_by_length ON annotations (document_id, ("end" - start))',
        "CREATE TABLE links (source_id INTEGER NOT NULL REFERENCES annotations(id) "
        "ON DELETE CASCADE, target_id INTEGER NOT NULL REFERENCES annotations(id) "
        "ON DELETE CASCADE, created_at TEXT NOT NULL, PRIMARY KEY (source_id, target_id), "
        "CHECK (source_id != target_id)) STRICT",
        "CREATE INDEX links_by_target ON links (target_id)",
    ),
    # 3: full-text search over the documents' titles and texts, and the adjudicator's
    # rejections (a stretch where no reviewer's span goes into the gold layer)
    3: (
        "CREATE TABLE rejected_spans (document_id INTEGER NOT NULL REFERENCES documents(id) "
        'ON DELETE CASCADE, start INTEGER NOT NULL CHECK (start >= 0), "end" INTEGER NOT NULL '
        'CHECK ("end" > start), rejected_by TEXT NOT NULL, rejected_at TEXT NOT NULL, '
        'PRIMARY KEY (document_id, start, "end")) STRICT',
        FTS_SQL,
        "INSERT INTO documents_fts (documents_fts) VALUES ('rebuild')",
    ),
    # 4: the suggester's proposals, pending until a reviewer accepts or rejects them (a
    # rejection is kept, so that the span is never proposed again), and when each document's
    # suggestions were made and by which rules
    4: (
        "CREATE TABLE suggestions (id INTEGER PRIMARY KEY AUTOINCREMENT, "
        "document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE, "
        'start INTEGER NOT NULL CHECK (start >= 0), "end" INTEGER NOT NULL CHECK ("end" > start), '
        "quote TEXT NOT NULL, label TEXT NOT NULL, reason TEXT NOT NULL, rule TEXT NOT NULL, "
        "status TEXT NOT NULL DEFAULT 'pending' "
        "CHECK (status IN ('pending', 'accepted', 'rejected')), decided_by TEXT, "
        "decided_at TEXT, annotation_id INTEGER REFERENCES annotations(id) ON DELETE SET NULL, "
        'UNIQUE (document_id, start, "end", label)) STRICT',
        "CREATE INDEX suggestions_by_document ON suggestions (document_id, status, start)",
        "CREATE TABLE suggestion_runs (document_id INTEGER PRIMARY KEY REFERENCES "
        "documents(id) ON DELETE CASCADE, rules TEXT NOT NULL, made_at TEXT NOT NULL) STRICT",
    ),
    # 5: where each article came from (its address, outlet, authors as a JSON list, the dates
    # it was published and retrieved, as YYYY-MM-DD), where each annotation came from, a
    # desk's own verdicts, published fact-checks and claims marked the same
    5: (
        "ALTER TABLE documents ADD COLUMN url TEXT",
        "ALTER TABLE documents ADD COLUMN outlet TEXT",
        "ALTER TABLE documents ADD COLUMN authors TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE documents ADD COLUMN published TEXT",
        "ALTER TABLE documents ADD COLUMN retrieved TEXT",
        # the annotations table made again: without the fixed list of verdicts (a desk's
        # scale has its own), with each annotation's origin; ids and their counter kept
        *_rebuilt_annotations(),
        # published fact-checks read in (claims matched against, not annotations of an
        # article), and which claims a reviewer marked as the same claim as another
        REFERENCE_CLAIMS_SQL,
        SAME_CLAIMS_SQL,
    ),
    # 6: a claim's summary as checked and the address of its published fact-check (both
    # empty for every claim made before: ClaimReview then uses the claim's text and the
    # address template, as it did)
    6: (
        "ALTER TABLE annotations ADD COLUMN claim_reviewed TEXT",
        "ALTER TABLE annotations ADD COLUMN fact_check_url TEXT",
    ),
}

# The columns the program reads and writes, table by table (a session may have more).
REQUIRED_COLUMNS: dict[str, frozenset[str]] = {
    "metadata": frozenset({"key", "value"}),
    "labels": frozenset({"name", "title", "color", "shortcut", "position", "description"}),
    "documents": frozenset({
        "id", "title", "text", "sha256", "char_count", "source_path", "source_format",
        "source_encoding", "source_sha256", "imported_at", "position", "last_offset", "status",
        "url", "outlet", "authors", "published", "retrieved",
    }),
    "links": frozenset({"source_id", "target_id", "created_at"}),
    "suggestions": frozenset({"id", "document_id", "start", "end", "quote", "label", "reason",
                              "rule",
                              "status", "decided_by", "decided_at", "annotation_id"}),
    "suggestion_runs": frozenset({"document_id", "rules", "made_at"}),
    "reference_claims": frozenset({
        "id", "claim_reviewed", "verdict", "rating_value", "best_rating", "worst_rating", "url",
        "organisation", "published", "appearances", "claim_author", "claim_date", "source",
        "imported_at"}),
    "same_claims": frozenset({"claim_id", "same_as", "reference_id", "marked_by", "marked_at"}),
    "rejected_spans": frozenset({"document_id", "start", "end", "rejected_by", "rejected_at"}),
    "annotations": frozenset({
        "id", "document_id", "start", "end", "quote", "label", "confidence", "note", "verdict",
        "evidence", "reviewer", "created_at", "updated_at", "origin", "claim_reviewed",
        "fact_check_url",
    }),
}

# Schema objects that could run code when the file is read or written.
FORBIDDEN_OBJECT_TYPES = frozenset({"trigger", "view"})


def forbidden_objects(schema_rows: list[tuple[str, str]]) -> list[str]:
    """Describe the triggers and views among ``(type, name)`` rows of ``sqlite_master``."""
    return [f"{kind} “{name}”" for kind, name in schema_rows if kind in FORBIDDEN_OBJECT_TYPES]
