-- Every tracker import is recorded, with each field it changed (old and new
-- value), so it can be listed and undone field by field.
--
-- action_history.action_id has no foreign key on purpose: an action moved to
-- the trash and restored comes back with its id, and its history must come
-- back with it (a cascade would have deleted it). A reused id is told apart by
-- action_created_at. Nothing cascades from a document, passage or
-- recommendation into these tables (the rule of 0006).

CREATE TABLE tracker_imports (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,   -- never reused: "undo-import 3" means one import
    plan_id             INTEGER REFERENCES action_plans(id) ON DELETE SET NULL,
    file_name           TEXT NOT NULL,
    source_file         TEXT,
    sha256              TEXT NOT NULL DEFAULT '',
    sheet               TEXT,
    as_at               TEXT,                  -- the tracker's position date (ISO)
    against_document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
    imported_at         TEXT NOT NULL,
    imported            INTEGER NOT NULL DEFAULT 0,
    updated             INTEGER NOT NULL DEFAULT 0,
    unchanged           INTEGER NOT NULL DEFAULT 0,
    flagged             INTEGER NOT NULL DEFAULT 0,
    skipped             INTEGER NOT NULL DEFAULT 0,
    plan_created        INTEGER NOT NULL DEFAULT 0,  -- 1: this import started its plan
    plan_before         TEXT,                  -- JSON: the plan row as it was before (re-import)
    undone_at           TEXT,
    undo_report         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX tracker_imports_plan ON tracker_imports(plan_id);

CREATE TABLE action_history (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    action_id         INTEGER NOT NULL,
    action_created_at TEXT NOT NULL DEFAULT '',
    import_id         INTEGER REFERENCES tracker_imports(id),
    -- field: a column of actions changed; created: the import made the action;
    -- changed: the import changed it (new_value: its edited_fields afterwards);
    -- update / due_change: a row it added (row_id); link: a recommendation it linked (row_id)
    kind              TEXT NOT NULL CHECK (kind IN ('field', 'created', 'changed', 'update',
                                                    'due_change', 'link')),
    field             TEXT NOT NULL DEFAULT '',
    old_value         TEXT,                    -- JSON, as stored in actions
    new_value         TEXT,
    row_id            INTEGER,
    changed_at        TEXT NOT NULL,
    undone_at         TEXT
);
CREATE INDEX action_history_action ON action_history(action_id, field);
CREATE INDEX action_history_import ON action_history(import_id);
