-- The council's improvement plan: actions (typed in, or imported from the
-- tracker spreadsheet officers circulate), the recommendations they answer,
-- their dated progress updates, and every move of their due date.

CREATE TABLE action_plans (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,              -- the tracker's file name, or what the user called it
    source_file TEXT,
    sheet       TEXT,
    authority   TEXT,
    against_document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,  -- inspection its rec refs mean
    imported_at TEXT NOT NULL
);

CREATE TABLE actions (
    id                INTEGER PRIMARY KEY,
    plan_id           INTEGER REFERENCES action_plans(id) ON DELETE SET NULL,
    reference         TEXT NOT NULL DEFAULT '',   -- as the council numbers it: "1.2", "A3"
    title             TEXT NOT NULL,
    description       TEXT NOT NULL DEFAULT '',
    owner             TEXT NOT NULL DEFAULT '',
    authority         TEXT,
    due               TEXT,                       -- ISO date understood from due_text; NULL if none or not understood
    due_text          TEXT NOT NULL DEFAULT '',   -- as written: "31/03/2024", "Q2 2023", "ongoing"
    original_due      TEXT,                       -- the first due date held; kept when the due date moves
    original_due_text TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL DEFAULT 'not_started',  -- not_started|on_track|at_risk|off_track|complete
    rag               TEXT,                       -- red|amber|green|blue, NULL when not given
    source_row        INTEGER,                    -- the tracker row it was last read from
    flags             TEXT NOT NULL DEFAULT '[]', -- JSON list: what the import could not read, for the user to check
    edited_fields     TEXT NOT NULL DEFAULT '[]', -- JSON list of fields changed in the app (re-import asks first)
    origin            TEXT NOT NULL DEFAULT 'manual',       -- manual | imported
    position          INTEGER NOT NULL DEFAULT 0,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE INDEX actions_plan ON actions(plan_id, position);
CREATE INDEX actions_due ON actions(due);
CREATE INDEX actions_reference ON actions(reference);

CREATE TABLE action_recommendations (
    action_id         INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    recommendation_id INTEGER NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
    PRIMARY KEY (action_id, recommendation_id)
);
CREATE INDEX action_recommendations_recommendation ON action_recommendations(recommendation_id);

CREATE TABLE action_updates (
    id         INTEGER PRIMARY KEY,
    action_id  INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    date       TEXT,                   -- ISO date the update was reported (import date when the tracker gives none)
    text       TEXT NOT NULL DEFAULT '',
    status     TEXT,                   -- the status and RAG reported with it, when they changed
    rag        TEXT,
    due        TEXT,
    due_text   TEXT,
    source     TEXT NOT NULL DEFAULT 'manual',   -- manual | the tracker file name
    passage_id INTEGER REFERENCES passages(id) ON DELETE SET NULL,  -- a passage it cites
    created_at TEXT NOT NULL
);
CREATE INDEX action_updates_action ON action_updates(action_id, date);

CREATE TABLE action_due_changes (
    id          INTEGER PRIMARY KEY,
    action_id   INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    old_due     TEXT,
    old_due_text TEXT NOT NULL DEFAULT '',
    new_due     TEXT,
    new_due_text TEXT NOT NULL DEFAULT '',
    changed_at  TEXT NOT NULL
);
CREATE INDEX action_due_changes_action ON action_due_changes(action_id);
