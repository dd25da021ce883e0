-- intake: factors, substance baselines, readiness ratings, AUDIT-C, custom vocabulary
CREATE TABLE vocab_term (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    grp         TEXT NOT NULL DEFAULT '',
    label       TEXT NOT NULL COLLATE NOCASE,
    created_at  DATETIME NOT NULL,
    UNIQUE (kind, grp, label)
);
CREATE TABLE factor (
    id          INTEGER PRIMARY KEY,
    client_id   INTEGER NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    grp         TEXT NOT NULL CHECK (grp IN ('internal', 'external')),
    category    TEXT NOT NULL,
    description TEXT NOT NULL,
    effect      TEXT NOT NULL CHECK (effect IN ('risk', 'strength')),
    weight      INTEGER NOT NULL DEFAULT 1 CHECK (weight BETWEEN 0 AND 3),
    note        TEXT NOT NULL DEFAULT '',
    noted_on    DATE NOT NULL,
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL
);
CREATE INDEX ix_factor_client ON factor (client_id, grp, category);
CREATE TABLE substance_baseline (
    id            INTEGER PRIMARY KEY,
    client_id     INTEGER NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    substance     TEXT NOT NULL,
    routes        TEXT NOT NULL DEFAULT '',
    amount        REAL,
    unit          TEXT NOT NULL,
    days_per_week REAL,
    last_use      DATE,
    what_it_does  TEXT NOT NULL DEFAULT '',
    taken_on      DATE NOT NULL,
    created_at    DATETIME NOT NULL
);
CREATE INDEX ix_baseline_client ON substance_baseline (client_id, substance, taken_on);
CREATE TABLE readiness_rating (
    id            INTEGER PRIMARY KEY,
    client_id     INTEGER NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    rated_on      DATE NOT NULL,
    importance    INTEGER NOT NULL CHECK (importance BETWEEN 0 AND 10),
    confidence    INTEGER NOT NULL CHECK (confidence BETWEEN 0 AND 10),
    readiness     INTEGER NOT NULL CHECK (readiness BETWEEN 0 AND 10),
    why_not_lower TEXT NOT NULL DEFAULT '',
    one_up        TEXT NOT NULL DEFAULT '',
    created_at    DATETIME NOT NULL
);
CREATE INDEX ix_readiness_client ON readiness_rating (client_id, rated_on);
CREATE TABLE auditc_result (
    id          INTEGER PRIMARY KEY,
    client_id   INTEGER NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    taken_on    DATE NOT NULL,
    q1          INTEGER NOT NULL CHECK (q1 BETWEEN 0 AND 4),
    q2          INTEGER NOT NULL CHECK (q2 BETWEEN 0 AND 4),
    q3          INTEGER NOT NULL CHECK (q3 BETWEEN 0 AND 4),
    cutoff      INTEGER CHECK (cutoff IN (3, 4)),
    created_at  DATETIME NOT NULL
);
CREATE INDEX ix_auditc_client ON auditc_result (client_id, taken_on);
