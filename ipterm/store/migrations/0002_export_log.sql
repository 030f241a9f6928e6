-- Rendered exports, kept inside the encrypted database for the sync outbox.

CREATE TABLE exports (
    id INTEGER PRIMARY KEY,
    case_id INTEGER REFERENCES cases(id) ON DELETE SET NULL,
    kind TEXT NOT NULL,
    recipient_member_id INTEGER REFERENCES members(id) ON DELETE SET NULL,
    recipient_label TEXT NOT NULL DEFAULT '',
    meeting_id INTEGER REFERENCES meetings(id) ON DELETE SET NULL,
    filename TEXT NOT NULL,
    media_type TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    content BLOB NOT NULL,
    created_at TEXT NOT NULL,
    missing_items TEXT NOT NULL DEFAULT ''
);
CREATE INDEX exports_case ON exports(case_id, created_at);
