-- use log: daily entries (no use is a recorded fact), strategies used, memory cues
CREATE TABLE use_entry (
    id          INTEGER PRIMARY KEY,
    client_id   INTEGER NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    day         DATE NOT NULL,
    substance   TEXT NOT NULL DEFAULT '',
    no_use      BOOLEAN NOT NULL DEFAULT 0,
    amount      REAL CHECK (amount IS NULL OR amount >= 0),
    unit        TEXT NOT NULL DEFAULT '',
    route       TEXT NOT NULL DEFAULT '',
    setting     TEXT NOT NULL DEFAULT '',
    with_whom   TEXT NOT NULL DEFAULT '',
    craving     INTEGER CHECK (craving IS NULL OR craving BETWEEN 0 AND 10),
    mood        TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL,
    CHECK (substance <> '' OR no_use = 1)
);
CREATE INDEX ix_use_entry_client_day ON use_entry (client_id, day);
CREATE INDEX ix_use_entry_client_substance_day ON use_entry (client_id, substance, day);
CREATE TABLE use_entry_strategy (
    entry_id  INTEGER NOT NULL REFERENCES use_entry (id) ON DELETE CASCADE,
    strategy  TEXT NOT NULL,
    PRIMARY KEY (entry_id, strategy)
);
CREATE TABLE memory_cue (
    id          INTEGER PRIMARY KEY,
    client_id   INTEGER NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    day         DATE NOT NULL,
    label       TEXT NOT NULL,
    created_at  DATETIME NOT NULL
);
CREATE INDEX ix_memory_cue_client_day ON memory_cue (client_id, day);
