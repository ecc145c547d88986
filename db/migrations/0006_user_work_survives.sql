-- User work outlives what it points at.
--
-- THE RULE (tests/core/test_schema_rules.py checks it for every table):
-- no ON DELETE CASCADE that starts at a document, a passage or a
-- recommendation may reach a row the user made. User-made rows are:
-- evidence (quotes), recommendation_notes, action_recommendations (links),
-- suggestion_dismissals, actions, action_updates, action_due_changes, and
-- recommendations themselves (a report's recommendation carries the user's
-- override, status and hand edits). Such references are plain REFERENCES
-- (a delete that would orphan them fails, so the code must decide what
-- happens, and puts what goes in the trash) or ON DELETE SET NULL (the row
-- stays, with its source frozen as a citation). Only rows the app derives
-- again by itself (passages, the FTS index, duplicate bands, judgements,
-- recommendation_support) may cascade.
--
-- SQLite cannot change a foreign key in place, so the tables are rebuilt. The
-- migration runs inside one transaction with foreign_keys ON (it cannot be
-- turned off there), where DROP TABLE deletes every row first and fires the
-- old cascades. So every new table is built beside the old one under a *_new
-- name that refers to recommendations_new; the old children are dropped
-- before the old parent (nothing refers to it by then, so nothing cascades);
-- renaming recommendations_new then rewrites the children's references to
-- the final name.

CREATE TABLE recommendations_new (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: a trashed one comes back with its id
    document_id          INTEGER REFERENCES documents(id) ON DELETE SET NULL,  -- the report that made it; NULL once removed
    cited_in_document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,  -- a paper that listed it
    position             INTEGER NOT NULL DEFAULT 0,
    label                TEXT NOT NULL,
    text                 TEXT NOT NULL,
    kind                 TEXT NOT NULL DEFAULT 'recommendation',
    authority            TEXT,
    issued               TEXT,
    status               TEXT NOT NULL DEFAULT 'not_started',
    source_passage_id    INTEGER REFERENCES passages(id) ON DELETE SET NULL,
    origin               TEXT NOT NULL DEFAULT 'extracted',   -- extracted | manual
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    status_source        TEXT NOT NULL DEFAULT 'rolled_up',
    status_reason        TEXT NOT NULL DEFAULT '',
    council_status       TEXT,
    council_status_source TEXT NOT NULL DEFAULT '',
    -- frozen when its report is deleted: "Ofsted inspection report, 13 June 2017"
    source_citation      TEXT NOT NULL DEFAULT '',
    -- 1: re-reading its report no longer finds these words (kept, not deleted)
    gone_from_source     INTEGER NOT NULL DEFAULT 0,
    -- JSON list of fields the user changed by hand (label, text): re-reading leaves them alone
    edited_fields        TEXT NOT NULL DEFAULT '[]'
);
INSERT INTO recommendations_new (
    id, document_id, cited_in_document_id, position, label, text, kind, authority, issued,
    status, source_passage_id, origin, created_at, updated_at, status_source, status_reason,
    council_status, council_status_source)
SELECT id, document_id, cited_in_document_id, position, label, text, kind, authority, issued,
    status, source_passage_id, origin, created_at, updated_at, status_source, status_reason,
    council_status, council_status_source
FROM recommendations;

CREATE TABLE recommendation_support_new (
    recommendation_id INTEGER NOT NULL REFERENCES recommendations_new(id) ON DELETE CASCADE,
    passage_id        INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
    PRIMARY KEY (recommendation_id, passage_id)
);
INSERT INTO recommendation_support_new SELECT recommendation_id, passage_id FROM recommendation_support;

CREATE TABLE recommendation_notes_new (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    recommendation_id INTEGER NOT NULL REFERENCES recommendations_new(id),
    kind              TEXT NOT NULL DEFAULT 'note',
    text              TEXT NOT NULL,
    created_at        TEXT NOT NULL
);
INSERT INTO recommendation_notes_new SELECT id, recommendation_id, kind, text, created_at
    FROM recommendation_notes;

CREATE TABLE action_recommendations_new (
    action_id         INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    recommendation_id INTEGER NOT NULL REFERENCES recommendations_new(id),
    PRIMARY KEY (action_id, recommendation_id)
);
INSERT INTO action_recommendations_new SELECT action_id, recommendation_id FROM action_recommendations;

CREATE TABLE evidence_new (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    recommendation_id INTEGER REFERENCES recommendations_new(id),
    action_id         INTEGER REFERENCES actions(id) ON DELETE CASCADE,
    passage_id        INTEGER REFERENCES passages(id) ON DELETE SET NULL,
    document_id       INTEGER REFERENCES documents(id) ON DELETE SET NULL,
    quote             TEXT NOT NULL,
    span_start        INTEGER,
    span_end          INTEGER,
    page              INTEGER,
    label             TEXT,
    citation          TEXT NOT NULL DEFAULT '',
    document_title    TEXT NOT NULL DEFAULT '',
    document_type     TEXT,
    document_date     TEXT,
    stance            TEXT NOT NULL CHECK (stance IN ('progress', 'concern', 'context')),
    note              TEXT NOT NULL DEFAULT '',
    origin            TEXT NOT NULL DEFAULT 'manual',
    needs_review      INTEGER NOT NULL DEFAULT 0,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    CHECK (recommendation_id IS NOT NULL OR action_id IS NOT NULL)
);
INSERT INTO evidence_new SELECT id, recommendation_id, action_id, passage_id, document_id, quote,
    span_start, span_end, page, label, citation, document_title, document_type, document_date,
    stance, note, origin, needs_review, created_at, updated_at FROM evidence;

-- A dismissal outlives its passage (SET NULL) so that restoring the paper
-- from the trash can put it back; it then hides nothing.
CREATE TABLE suggestion_dismissals_new (
    recommendation_id INTEGER NOT NULL REFERENCES recommendations_new(id),
    passage_id        INTEGER REFERENCES passages(id) ON DELETE SET NULL,
    dismissed_at      TEXT NOT NULL,
    PRIMARY KEY (recommendation_id, passage_id)
);
INSERT INTO suggestion_dismissals_new SELECT recommendation_id, passage_id, dismissed_at
    FROM suggestion_dismissals;

DROP TABLE recommendation_support;
DROP TABLE recommendation_notes;
DROP TABLE action_recommendations;
DROP TABLE evidence;
DROP TABLE suggestion_dismissals;
DROP TABLE recommendations;

ALTER TABLE recommendations_new RENAME TO recommendations;
ALTER TABLE recommendation_support_new RENAME TO recommendation_support;
ALTER TABLE recommendation_notes_new RENAME TO recommendation_notes;
ALTER TABLE action_recommendations_new RENAME TO action_recommendations;
ALTER TABLE evidence_new RENAME TO evidence;
ALTER TABLE suggestion_dismissals_new RENAME TO suggestion_dismissals;

CREATE INDEX recommendations_document ON recommendations(document_id, position);
CREATE INDEX recommendations_cited_in ON recommendations(cited_in_document_id);
CREATE INDEX recommendations_authority ON recommendations(authority, issued);
CREATE INDEX recommendation_support_passage ON recommendation_support(passage_id);
CREATE INDEX recommendation_notes_recommendation ON recommendation_notes(recommendation_id);
CREATE INDEX action_recommendations_recommendation ON action_recommendations(recommendation_id);
CREATE INDEX evidence_recommendation ON evidence(recommendation_id);
CREATE INDEX evidence_action ON evidence(action_id);
CREATE INDEX evidence_passage ON evidence(passage_id);
CREATE INDEX evidence_document ON evidence(document_id);

-- Foreign keys that had no index, so every deleted passage scanned these tables.
CREATE INDEX recommendations_source_passage ON recommendations(source_passage_id);
CREATE INDEX judgements_source_passage ON judgements(source_passage_id);
CREATE INDEX action_updates_passage ON action_updates(passage_id);
CREATE INDEX suggestion_dismissals_passage ON suggestion_dismissals(passage_id);

-- The trash: what the user deleted, with every row needed to bring it back
-- exactly (same ids). Purged after 30 days.
CREATE TABLE trash (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT NOT NULL CHECK (kind IN ('document', 'recommendation', 'action', 'evidence')),
    item_id     INTEGER NOT NULL,              -- the id the item had (and gets back)
    label       TEXT NOT NULL,                 -- what the user saw: a title, "Recommendation 3", a quote
    deleted_at  TEXT NOT NULL,                 -- ISO timestamp (UTC)
    snapshot    TEXT NOT NULL                  -- JSON: {"table": [row, ...], ..., "relink": {...}}
);
CREATE INDEX trash_deleted_at ON trash(deleted_at);
