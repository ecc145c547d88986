-- Evidence: quoted passages linked to a recommendation or an action, with a
-- stance; suggestions the user dismissed; and the user's override of a
-- recommendation's rolled-up status.

CREATE TABLE evidence (
    id                INTEGER PRIMARY KEY,
    recommendation_id INTEGER REFERENCES recommendations(id) ON DELETE CASCADE,
    action_id         INTEGER REFERENCES actions(id) ON DELETE CASCADE,
    passage_id        INTEGER REFERENCES passages(id) ON DELETE SET NULL,   -- NULL once its document is deleted and the quote kept
    document_id       INTEGER REFERENCES documents(id) ON DELETE SET NULL,
    quote             TEXT NOT NULL,
    span_start        INTEGER,          -- character span of the quote within the passage text
    span_end          INTEGER,
    page              INTEGER,
    label             TEXT,             -- the passage's paragraph label
    citation          TEXT NOT NULL DEFAULT '',  -- frozen: "Monitoring visit letter, 8 June 2018, page 3, paragraph 12"
    document_title    TEXT NOT NULL DEFAULT '',  -- frozen, so a kept quote still says where it came from
    document_type     TEXT,
    document_date     TEXT,
    stance            TEXT NOT NULL CHECK (stance IN ('progress', 'concern', 'context')),
    note              TEXT NOT NULL DEFAULT '',
    origin            TEXT NOT NULL DEFAULT 'manual',  -- manual | suggestion
    needs_review      INTEGER NOT NULL DEFAULT 0,      -- 1: its document was replaced and the words were not found again
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    CHECK (recommendation_id IS NOT NULL OR action_id IS NOT NULL)
);
CREATE INDEX evidence_recommendation ON evidence(recommendation_id);
CREATE INDEX evidence_action ON evidence(action_id);
CREATE INDEX evidence_passage ON evidence(passage_id);
CREATE INDEX evidence_document ON evidence(document_id);

CREATE TABLE suggestion_dismissals (
    recommendation_id INTEGER NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
    passage_id        INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
    dismissed_at      TEXT NOT NULL,
    PRIMARY KEY (recommendation_id, passage_id)
);

-- status: the user's status when status_source = 'user'; otherwise the roll-up
-- is computed on read (desktop/services/rollup.py) and this column is ignored.
ALTER TABLE recommendations ADD COLUMN status_source TEXT NOT NULL DEFAULT 'rolled_up';
ALTER TABLE recommendations ADD COLUMN status_reason TEXT NOT NULL DEFAULT '';
-- What the council itself reports (an officer report's or tracker's status), shown beside the roll-up.
ALTER TABLE recommendations ADD COLUMN council_status TEXT;
ALTER TABLE recommendations ADD COLUMN council_status_source TEXT NOT NULL DEFAULT '';
UPDATE recommendations SET status_source = 'user', status_reason = 'Set before roll-up existed'
    WHERE status <> 'not_started';
