-- The file's bytes become the last column of originals. An import streams a file
-- into its row (INSERT ... zeroblob(n), then incremental blob writes); SQLite keeps
-- a zeroblob unexpanded only when it is the record's last column, so with `data`
-- before `stored_at` a 256 MB pack took 256 MB of memory before a byte was written
-- (measured: 527 MB peak against 16 MB with `data` last).
CREATE TABLE originals_streamed (
    sha256        TEXT PRIMARY KEY,
    source_format TEXT NOT NULL,              -- pdf | docx | text | html
    byte_count    INTEGER NOT NULL,
    stored_at     TEXT NOT NULL,
    data          BLOB NOT NULL
);
INSERT INTO originals_streamed (sha256, source_format, byte_count, stored_at, data)
    SELECT sha256, source_format, byte_count, stored_at, data FROM originals;
DROP TABLE originals;
ALTER TABLE originals_streamed RENAME TO originals;

-- 0008 listed the files to look for at the moment it ran; papers imported after it
-- but before an import kept its file (a build between the two) were on no list, so
-- they could never get their original back. List them too: the backfill keeps each
-- one whose file is still where it came from, unchanged (desktop/services/originals.py).
INSERT OR IGNORE INTO originals_wanted (sha256, source)
    SELECT d.sha256, d.source FROM documents d
    WHERE d.parent_id IS NULL
      AND NOT EXISTS (SELECT 1 FROM originals o WHERE o.sha256 = d.sha256);
