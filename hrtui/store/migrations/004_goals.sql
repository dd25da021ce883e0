-- goals: co-created goals, step-down ladders, safer-use strategies, revisions
CREATE TABLE goal (
    id              INTEGER PRIMARY KEY,
    client_id       INTEGER NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL
                    CHECK (kind IN ('reduce', 'safer', 'stepdown', 'abstinence', 'life')),
    status          TEXT NOT NULL DEFAULT 'active'
                    CHECK (status IN ('active', 'progressing', 'achieved', 'revised', 'paused')),
    title           TEXT NOT NULL,
    client_words    TEXT NOT NULL DEFAULT '',
    why_it_matters  TEXT NOT NULL DEFAULT '',
    steps           TEXT NOT NULL DEFAULT '',
    helpers         TEXT NOT NULL DEFAULT '',
    obstacles       TEXT NOT NULL DEFAULT '',
    working_when    TEXT NOT NULL DEFAULT '',
    counselor_note  TEXT NOT NULL DEFAULT '',
    substance       TEXT,
    baseline_amount REAL,
    target_amount   REAL,
    unit            TEXT,
    period          TEXT
                    CHECK (period IS NULL OR period IN ('per_use_day', 'per_week', 'use_days_per_week')),
    life_area       TEXT,
    start_on        DATE NOT NULL,
    review_on       DATE,
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL
);
CREATE INDEX ix_goal_client ON goal (client_id, status);
CREATE TABLE goal_factor (
    goal_id    INTEGER NOT NULL REFERENCES goal (id) ON DELETE CASCADE,
    factor_id  INTEGER NOT NULL REFERENCES factor (id) ON DELETE CASCADE,
    PRIMARY KEY (goal_id, factor_id)
);
CREATE TABLE goal_step (
    id         INTEGER PRIMARY KEY,
    goal_id    INTEGER NOT NULL REFERENCES goal (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    starts_on  DATE NOT NULL,
    amount     REAL NOT NULL,
    unit       TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ix_goal_step_goal ON goal_step (goal_id, position);
CREATE TABLE goal_strategy (
    id        INTEGER PRIMARY KEY,
    goal_id   INTEGER NOT NULL REFERENCES goal (id) ON DELETE CASCADE,
    concern   TEXT NOT NULL,
    label     TEXT NOT NULL,
    custom    BOOLEAN NOT NULL DEFAULT 0,
    note      TEXT NOT NULL DEFAULT '',
    added_on  DATE NOT NULL
);
CREATE INDEX ix_goal_strategy_goal ON goal_strategy (goal_id);
CREATE TABLE goal_revision (
    id          INTEGER PRIMARY KEY,
    goal_id     INTEGER NOT NULL REFERENCES goal (id) ON DELETE CASCADE,
    revised_on  DATE NOT NULL,
    reason      TEXT NOT NULL,
    changes     TEXT NOT NULL DEFAULT '{}',
    review_id   INTEGER,
    created_at  DATETIME NOT NULL
);
CREATE INDEX ix_goal_revision_goal ON goal_revision (goal_id, revised_on);
