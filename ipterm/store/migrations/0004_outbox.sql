-- The sync outbox: exports waiting to leave the laptop, and destination secrets. Both stay encrypted.

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    export_id INTEGER NOT NULL REFERENCES exports(id) ON DELETE CASCADE,
    destination TEXT NOT NULL,
    remote_name TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT NOT NULL DEFAULT '',
    sent_at TEXT,
    updated_at TEXT NOT NULL,
    UNIQUE (destination, remote_name)
);
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);

CREATE TABLE secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
