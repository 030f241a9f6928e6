-- The outbox grows what delivery needs: a payload of its own (backups), the size, who is sending an item
-- (so a killed process is noticed at once), the temporary name it used (so its leftover is removed) and
-- the kind of the last error. SQLite cannot drop NOT NULL from export_id, so the table is rebuilt.
-- `file_meta` says what a file is: the working database, a backup or a case handover package.

CREATE TABLE outbox_new (
    id INTEGER PRIMARY KEY,
    export_id INTEGER REFERENCES exports(id) ON DELETE CASCADE,
    kind TEXT NOT NULL DEFAULT 'export',
    payload BLOB,
    destination TEXT NOT NULL,
    remote_name TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    size INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT NOT NULL DEFAULT '',
    error_kind TEXT NOT NULL DEFAULT '',
    claimed_by TEXT NOT NULL DEFAULT '',
    temp_name TEXT NOT NULL DEFAULT '',
    sent_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (export_id IS NOT NULL OR payload IS NOT NULL OR state = 'sent')
);

INSERT INTO outbox_new (id, export_id, kind, destination, remote_name, content_hash, size, state, attempts,
                        next_attempt_at, last_error, sent_at, created_at, updated_at)
SELECT o.id, o.export_id, coalesce(e.kind, 'export'), o.destination, o.remote_name, o.content_hash,
       coalesce(length(e.content), 0), o.state, o.attempts, o.next_attempt_at, o.last_error, o.sent_at,
       o.updated_at, o.updated_at
FROM outbox o LEFT JOIN exports e ON e.id = o.export_id;

DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE UNIQUE INDEX outbox_remote ON outbox(destination, remote_name);
CREATE INDEX outbox_due ON outbox(destination, state, next_attempt_at) WHERE state != 'sent';
CREATE INDEX outbox_export ON outbox(export_id, destination);

CREATE TABLE file_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
