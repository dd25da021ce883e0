-- audit trail and last activity
ALTER TABLE client ADD COLUMN last_activity_at DATETIME;
UPDATE client SET last_activity_at = updated_at;
CREATE INDEX ix_client_last_activity ON client (last_activity_at);
CREATE TABLE audit_event (
    id        INTEGER PRIMARY KEY,
    at        DATETIME NOT NULL,
    client_id INTEGER,
    action    TEXT NOT NULL,
    area      TEXT NOT NULL DEFAULT 'client'
);
CREATE INDEX ix_audit_event_client ON audit_event (client_id, at);
