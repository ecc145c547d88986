-- The original files, kept in the workspace so that a paper's pages can be shown
-- (and the file opened) after the source file has been moved or deleted.
--
-- A file is held once, by its SHA-256: documents.sha256 names it, and every paper
-- of an agenda pack shares its pack's hash, so one row serves the whole pack.
-- No foreign key: a document in the trash keeps its original until the trash is
-- purged and nothing else names the hash (desktop/storage/originals.py).
CREATE TABLE originals (
    sha256        TEXT PRIMARY KEY,
    source_format TEXT NOT NULL,              -- pdf | docx | text | html
    byte_count    INTEGER NOT NULL,
    data          BLOB NOT NULL,
    stored_at     TEXT NOT NULL
);

-- Where each passage of a PDF paper lies on its pages: the page of the file
-- (0-based sheet) and the character range in that page's pdfium text
-- (PdfTextPage.get_text_range() indices). A passage that runs over a page break
-- has one row per page. Derived from the original and the text, so it cascades.
CREATE TABLE passage_pages (
    passage_id  INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sheet       INTEGER NOT NULL,
    char_start  INTEGER NOT NULL,
    char_end    INTEGER NOT NULL,
    PRIMARY KEY (passage_id, sheet)
);
CREATE INDEX passage_pages_document ON passage_pages(document_id, sheet);

-- A paper whose passage_pages were worked out, and from which text and passages
-- (a signature): re-reading the paper changes the signature, so they are redone.
CREATE TABLE page_maps (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    signature   TEXT NOT NULL
);

-- Files imported before originals were kept: after this migration the app looks
-- for each at the path it came from and keeps it when its SHA-256 still matches
-- (desktop/services/originals.py, backfill_originals). A file not found stays listed, so a
-- drive plugged in later still counts; a changed file is dropped from the list.
CREATE TABLE originals_wanted (
    sha256 TEXT PRIMARY KEY,
    source TEXT NOT NULL
);
INSERT OR IGNORE INTO originals_wanted (sha256, source)
    SELECT sha256, source FROM documents WHERE parent_id IS NULL;
