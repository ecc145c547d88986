-- Documents, their text, their passages and the full-text index over passages.
-- Dates are ISO strings (YYYY-MM-DD) or NULL.

CREATE TABLE documents (
    id              INTEGER PRIMARY KEY,
    parent_id       INTEGER REFERENCES documents(id) ON DELETE CASCADE,
    position        INTEGER NOT NULL DEFAULT 0,      -- order of a child in its pack
    title           TEXT NOT NULL,
    doc_type        TEXT NOT NULL DEFAULT 'other',
    authority       TEXT,
    date            TEXT,
    period_start    TEXT,
    period_end      TEXT,
    pages           INTEGER NOT NULL DEFAULT 0,
    passage_count   INTEGER NOT NULL DEFAULT 0,
    pack_page_start INTEGER,                          -- first page of a child in its pack
    sha256          TEXT NOT NULL,
    source          TEXT NOT NULL,                    -- path the file was imported from
    source_format   TEXT NOT NULL,
    duplicate_of    INTEGER REFERENCES documents(id) ON DELETE SET NULL,
    fingerprint     BLOB,                             -- near-duplicate signature
    edited_fields   TEXT NOT NULL DEFAULT '',         -- metadata the user corrected by hand
    imported_at     TEXT NOT NULL
);
-- A file is held once; children of a pack share their pack's hash.
CREATE UNIQUE INDEX documents_file_sha ON documents(sha256) WHERE parent_id IS NULL;
CREATE INDEX documents_parent ON documents(parent_id, position);
CREATE INDEX documents_duplicate ON documents(duplicate_of);
CREATE INDEX documents_authority_date ON documents(authority, date);

CREATE TABLE document_text (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    text        TEXT NOT NULL,
    page_starts TEXT NOT NULL DEFAULT '[]'            -- JSON list of offsets
);

CREATE TABLE passages (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    label       TEXT,
    kind        TEXT NOT NULL,
    page        INTEGER,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    text        TEXT NOT NULL
);
CREATE UNIQUE INDEX passages_document_seq ON passages(document_id, seq);

-- Candidate keys for near-duplicate lookup (locality-sensitive hashing bands).
CREATE TABLE duplicate_bands (
    band        TEXT NOT NULL,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE
);
CREATE INDEX duplicate_bands_band ON duplicate_bands(band);
CREATE INDEX duplicate_bands_document ON duplicate_bands(document_id);

CREATE VIRTUAL TABLE passages_fts USING fts5(
    text, label,
    content='passages', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER passages_ai AFTER INSERT ON passages BEGIN
    INSERT INTO passages_fts(rowid, text, label) VALUES (new.id, new.text, new.label);
END;
CREATE TRIGGER passages_ad AFTER DELETE ON passages BEGIN
    INSERT INTO passages_fts(passages_fts, rowid, text, label)
        VALUES ('delete', old.id, old.text, old.label);
END;
CREATE TRIGGER passages_au AFTER UPDATE ON passages BEGIN
    INSERT INTO passages_fts(passages_fts, rowid, text, label)
        VALUES ('delete', old.id, old.text, old.label);
    INSERT INTO passages_fts(rowid, text, label) VALUES (new.id, new.text, new.label);
END;
