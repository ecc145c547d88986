-- Pages whose text was read by OCR (a scanned page), with the engine's mean word
-- confidence (0-100). A passage is OCR text when its page is listed here for its
-- document; the Reader says "read by OCR" and a quote's citation says so too.
CREATE TABLE ocr_pages (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    page        INTEGER NOT NULL,
    confidence  REAL NOT NULL,
    PRIMARY KEY (document_id, page)
);

-- Scanned papers imported while OCR could not run (no engine, or --no-ocr): held
-- with their pages but no text until `ocr DOC_ID` reads them. The title the
-- import gave is kept so that a title the user typed meanwhile is carried over.
CREATE TABLE ocr_pending (
    document_id    INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    detected_title TEXT NOT NULL
);
