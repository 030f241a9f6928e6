-- Drafts: forms and the half-typed meeting line that were open when the terminal closed (SIGTERM, SIGHUP)
-- or the app locked itself. Inside the encrypted database like everything else; offered back on the next
-- start and deleted once taken or thrown away.

CREATE TABLE drafts (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    case_id INTEGER REFERENCES cases(id) ON DELETE CASCADE,
    payload TEXT NOT NULL,
    saved_at TEXT NOT NULL
);
