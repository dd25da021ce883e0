-- safety (#17): withdrawal prompts kept with goals, stays before use, review kinds, coping, confidence, readiness per goal or behaviour, decisional balance
CREATE TABLE goal_safety_prompt (
    id        INTEGER PRIMARY KEY,
    goal_id   INTEGER NOT NULL REFERENCES goal (id) ON DELETE CASCADE,
    kind      TEXT NOT NULL,
    title     TEXT NOT NULL,
    text      TEXT NOT NULL DEFAULT '',
    shown_at  DATETIME NOT NULL
);
CREATE INDEX ix_goal_safety_prompt_goal ON goal_safety_prompt (goal_id, shown_at);
ALTER TABLE use_entry ADD COLUMN after_stay TEXT NOT NULL DEFAULT ''
    CHECK (after_stay IN ('', 'hospital', 'prison', 'treatment', 'other'));
ALTER TABLE review ADD COLUMN kind TEXT
    CHECK (kind IS NULL OR kind IN ('over_plan', 'heavier', 'after_break', 'pattern'));
ALTER TABLE review ADD COLUMN after_stay TEXT NOT NULL DEFAULT ''
    CHECK (after_stay IN ('', 'hospital', 'prison', 'treatment', 'other'));
ALTER TABLE review ADD COLUMN confidence INTEGER
    CHECK (confidence IS NULL OR confidence BETWEEN 0 AND 10);
CREATE TABLE review_coping (
    id         INTEGER PRIMARY KEY,
    review_id  INTEGER NOT NULL REFERENCES review (id) ON DELETE CASCADE,
    text       TEXT NOT NULL,
    tried      BOOLEAN NOT NULL DEFAULT 0
);
CREATE INDEX ix_review_coping_review ON review_coping (review_id);
ALTER TABLE readiness_rating ADD COLUMN goal_id INTEGER REFERENCES goal (id) ON DELETE SET NULL;
ALTER TABLE readiness_rating ADD COLUMN behaviour TEXT NOT NULL DEFAULT '';
CREATE TABLE decisional_balance (
    id                INTEGER PRIMARY KEY,
    client_id         INTEGER NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    made_on           DATE NOT NULL,
    behaviour         TEXT NOT NULL DEFAULT '',
    goal_id           INTEGER REFERENCES goal (id) ON DELETE SET NULL,
    using_good        TEXT NOT NULL DEFAULT '',
    using_less_good   TEXT NOT NULL DEFAULT '',
    change_good       TEXT NOT NULL DEFAULT '',
    change_less_good  TEXT NOT NULL DEFAULT '',
    created_at        DATETIME NOT NULL,
    updated_at        DATETIME NOT NULL
);
CREATE INDEX ix_decisional_balance_client ON decisional_balance (client_id, made_on);
