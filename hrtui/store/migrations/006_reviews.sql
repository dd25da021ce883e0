-- relapse-review worksheets: a return to use reviewed with compassion, linked to log and goals
CREATE TABLE review (
    id                  INTEGER PRIMARY KEY,
    client_id           INTEGER NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    day                 DATE NOT NULL,
    status              TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'finished')),
    time_of_day         TEXT NOT NULL DEFAULT '',
    what_happened       TEXT NOT NULL DEFAULT '',
    place               TEXT NOT NULL DEFAULT '',
    with_whom           TEXT NOT NULL DEFAULT '',
    what_used           TEXT NOT NULL DEFAULT '',
    thoughts_before     TEXT NOT NULL DEFAULT '',
    thoughts_after      TEXT NOT NULL DEFAULT '',
    self_talk           TEXT NOT NULL DEFAULT '',
    warning_signs       TEXT NOT NULL DEFAULT '',
    what_reduced_harm   TEXT NOT NULL DEFAULT '',
    consequences        TEXT NOT NULL DEFAULT '',
    too_ambitious       TEXT CHECK (too_ambitious IS NULL OR too_ambitious IN ('yes', 'no', 'not_sure')),
    too_ambitious_note  TEXT NOT NULL DEFAULT '',
    learned             TEXT NOT NULL DEFAULT '',
    next_checkin        DATE,
    created_at          DATETIME NOT NULL,
    updated_at          DATETIME NOT NULL
);
CREATE INDEX ix_review_client ON review (client_id, day);
CREATE TABLE review_entry (
    review_id  INTEGER NOT NULL REFERENCES review (id) ON DELETE CASCADE,
    entry_id   INTEGER NOT NULL REFERENCES use_entry (id) ON DELETE CASCADE,
    PRIMARY KEY (review_id, entry_id)
);
CREATE INDEX ix_review_entry_entry ON review_entry (entry_id);
CREATE TABLE review_goal (
    review_id  INTEGER NOT NULL REFERENCES review (id) ON DELETE CASCADE,
    goal_id    INTEGER NOT NULL REFERENCES goal (id) ON DELETE CASCADE,
    PRIMARY KEY (review_id, goal_id)
);
CREATE INDEX ix_review_goal_goal ON review_goal (goal_id);
CREATE TABLE review_trigger (
    id         INTEGER PRIMARY KEY,
    review_id  INTEGER NOT NULL REFERENCES review (id) ON DELETE CASCADE,
    factor_id  INTEGER REFERENCES factor (id) ON DELETE SET NULL,
    label      TEXT NOT NULL
);
CREATE INDEX ix_review_trigger_review ON review_trigger (review_id);
CREATE TABLE review_stressor (
    id         INTEGER PRIMARY KEY,
    review_id  INTEGER NOT NULL REFERENCES review (id) ON DELETE CASCADE,
    text       TEXT NOT NULL,
    factor_id  INTEGER REFERENCES factor (id) ON DELETE SET NULL
);
CREATE INDEX ix_review_stressor_review ON review_stressor (review_id);
