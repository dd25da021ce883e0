-- sessions: one per meeting, its counselor-only note and dated addenda, the next appointment, and every disclosure of the record
CREATE TABLE session (
    id              INTEGER PRIMARY KEY,
    client_id       INTEGER NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    day             DATE NOT NULL,
    started_at      DATETIME NOT NULL,
    length_minutes  INTEGER CHECK (length_minutes IS NULL OR length_minutes BETWEEN 1 AND 720),
    kind            TEXT NOT NULL DEFAULT 'in_person'
                    CHECK (kind IN ('in_person', 'outreach', 'phone', 'video')),
    place           TEXT NOT NULL DEFAULT '',
    present         TEXT NOT NULL DEFAULT '',
    started_by      TEXT NOT NULL DEFAULT 'counselor' CHECK (started_by IN ('counselor', 'auto')),
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL
);
CREATE UNIQUE INDEX ix_session_client_day ON session (client_id, day);
CREATE TABLE session_note (
    session_id    INTEGER PRIMARY KEY REFERENCES session (id) ON DELETE CASCADE,
    structure     TEXT NOT NULL CHECK (structure IN ('dap', 'soap', 'birp')),
    status        TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'signed')),
    data          TEXT NOT NULL DEFAULT '',
    subjective    TEXT NOT NULL DEFAULT '',
    objective     TEXT NOT NULL DEFAULT '',
    behavior      TEXT NOT NULL DEFAULT '',
    intervention  TEXT NOT NULL DEFAULT '',
    response      TEXT NOT NULL DEFAULT '',
    assessment    TEXT NOT NULL DEFAULT '',
    plan          TEXT NOT NULL DEFAULT '',
    signed_at     DATETIME,
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL
);
CREATE TABLE session_addendum (
    id          INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES session (id) ON DELETE CASCADE,
    text        TEXT NOT NULL,
    written_at  DATETIME NOT NULL
);
CREATE INDEX ix_session_addendum_session ON session_addendum (session_id, written_at);
CREATE TABLE appointment (
    id              INTEGER PRIMARY KEY,
    client_id       INTEGER NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    day             DATE NOT NULL,
    at_time         TEXT NOT NULL DEFAULT '',
    kind            TEXT NOT NULL DEFAULT 'in_person'
                    CHECK (kind IN ('in_person', 'outreach', 'phone', 'video')),
    place           TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'planned'
                    CHECK (status IN ('planned', 'replaced', 'cancelled')),
    session_id      INTEGER,
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL
);
CREATE INDEX ix_appointment_client ON appointment (client_id, status, day, at_time);
CREATE INDEX ix_appointment_day ON appointment (status, day);
CREATE TABLE disclosure (
    id             INTEGER PRIMARY KEY,
    client_id      INTEGER NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    disclosed_at   DATETIME NOT NULL,
    what           TEXT NOT NULL,
    recipient      TEXT NOT NULL,
    purpose        TEXT NOT NULL,
    consent        TEXT NOT NULL CHECK (consent IN ('yes', 'no', 'not_needed'))
);
CREATE INDEX ix_disclosure_client ON disclosure (client_id, disclosed_at);
