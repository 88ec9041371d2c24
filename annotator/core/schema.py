"""The session file's tables, its schema version, and how a file is recognised as a session.

Every table is documented in the README ("The session file"); the DDL below is the reference.
"""

from __future__ import annotations

SCHEMA_VERSION = 1
APPLICATION_ID = 0x46434B41  # "FCKA": lets `file` and our own checks tell a session apart
APPLICATION_NAME = "factcheck-annotator"

TABLES_SQL = """
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
    imported_at     TEXT NOT NULL,
    position        INTEGER NOT NULL,
    last_offset     INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE annotations (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL CHECK (start >= 0),
    "end"       INTEGER NOT NULL CHECK ("end" > start),
    quote       TEXT NOT NULL,
    label       TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE,
    confidence  INTEGER NOT NULL DEFAULT 3 CHECK (confidence BETWEEN 1 AND 5),
    note        TEXT NOT NULL DEFAULT '',
    reviewer    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

CREATE INDEX annotations_by_document ON annotations (document_id, start, "end");
CREATE INDEX annotations_by_label ON annotations (label);
"""

EXPECTED_TABLES = frozenset({"metadata", "labels", "documents", "annotations"})
