-- Recommendations and judgements found in inspection reports and letters (or
-- typed in by hand), the finding paragraphs that back each recommendation, and
-- the user's dated notes and questions.

CREATE TABLE recommendations (
    id                   INTEGER PRIMARY KEY,
    document_id          INTEGER REFERENCES documents(id) ON DELETE CASCADE,  -- the report that made it
    cited_in_document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,  -- a paper that listed it
    position             INTEGER NOT NULL DEFAULT 0,   -- order within its inspection
    label                TEXT NOT NULL,
    text                 TEXT NOT NULL,
    kind                 TEXT NOT NULL DEFAULT 'recommendation',
    authority            TEXT,
    issued               TEXT,                         -- ISO date the inspection reported
    status               TEXT NOT NULL DEFAULT 'not_started',
    source_passage_id    INTEGER REFERENCES passages(id) ON DELETE SET NULL,
    origin               TEXT NOT NULL DEFAULT 'extracted',   -- extracted | manual
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);
CREATE INDEX recommendations_document ON recommendations(document_id, position);
CREATE INDEX recommendations_cited_in ON recommendations(cited_in_document_id);
CREATE INDEX recommendations_authority ON recommendations(authority, issued);

CREATE TABLE recommendation_support (
    recommendation_id INTEGER NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
    passage_id        INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
    PRIMARY KEY (recommendation_id, passage_id)
);
CREATE INDEX recommendation_support_passage ON recommendation_support(passage_id);

CREATE TABLE judgements (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL DEFAULT 0,
    authority   TEXT,
    date        TEXT,              -- the inspection's date
    area        TEXT NOT NULL,
    grade       TEXT NOT NULL,
    cited       INTEGER NOT NULL DEFAULT 0,   -- read from a paper quoting the inspection
    source_passage_id INTEGER REFERENCES passages(id) ON DELETE SET NULL
);
CREATE INDEX judgements_authority ON judgements(authority, date);
CREATE INDEX judgements_document ON judgements(document_id);

CREATE TABLE recommendation_notes (
    id                INTEGER PRIMARY KEY,
    recommendation_id INTEGER NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
    kind              TEXT NOT NULL DEFAULT 'note',   -- note | question
    text              TEXT NOT NULL,
    created_at        TEXT NOT NULL
);
CREATE INDEX recommendation_notes_recommendation ON recommendation_notes(recommendation_id);
