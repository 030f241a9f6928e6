-- Where exports go is decided by the user and kept here, inside the encrypted file; config.toml may only
-- propose a destination. `identity` names the place and how it is reached (the folder, or the WebDAV base
-- URL with user, sign-in and the CA bundle's fingerprint), `destination` is the outbox key of that place,
-- `kinds` the export kinds sent by themselves, and exports up to `since_export_id` were there before the
-- confirmation: they are sent only if the user chose to send the waiting ones.
CREATE TABLE sync_binding (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    identity TEXT NOT NULL,
    destination TEXT NOT NULL,
    kinds TEXT NOT NULL,
    since_export_id INTEGER NOT NULL DEFAULT 0,
    confirmed_at TEXT NOT NULL
);
