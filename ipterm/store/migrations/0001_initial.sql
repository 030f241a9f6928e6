-- The whole coordination domain. Dates are ISO-8601 text, booleans 0/1.

CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    person_name TEXT NOT NULL,
    national_id TEXT,
    birth_date TEXT,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'closed')),
    coordinator TEXT NOT NULL DEFAULT '',
    plan_start TEXT,
    plan_end TEXT,
    next_revision TEXT,
    resources TEXT NOT NULL DEFAULT '',
    needs TEXT NOT NULL DEFAULT '',
    collaboration TEXT NOT NULL DEFAULT '',
    meeting_cadence_days INTEGER NOT NULL DEFAULT 120,
    created_at TEXT,
    updated_at TEXT,
    closed_on TEXT
);
CREATE UNIQUE INDEX cases_national_id ON cases(national_id) WHERE national_id IS NOT NULL;
CREATE INDEX cases_next_revision ON cases(next_revision);

CREATE TABLE related_persons (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    relation TEXT NOT NULL DEFAULT '',
    contact TEXT NOT NULL DEFAULT '',
    is_guardian INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX related_persons_case ON related_persons(case_id);

CREATE TABLE members (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT 'service' CHECK (kind IN ('person', 'relative', 'advocate', 'service')),
    organisation TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    contributes TEXT NOT NULL DEFAULT '',
    has_decision_authority INTEGER NOT NULL DEFAULT 0,
    is_coordinator INTEGER NOT NULL DEFAULT 0,
    last_confirmed TEXT,
    active INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX members_case ON members(case_id);
CREATE INDEX members_last_confirmed ON members(last_confirmed) WHERE active = 1;

CREATE TABLE goals (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES goals(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    is_own_words INTEGER NOT NULL DEFAULT 1,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'achieved', 'paused', 'dropped')),
    evaluate_by TEXT,
    position INTEGER NOT NULL DEFAULT 0,
    created_on TEXT
);
CREATE INDEX goals_case ON goals(case_id);
CREATE INDEX goals_evaluate_by ON goals(evaluate_by) WHERE status = 'active';

CREATE TABLE measures (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    what TEXT NOT NULL,
    scope TEXT NOT NULL DEFAULT '',
    how TEXT NOT NULL DEFAULT '',
    responsible_member_id INTEGER REFERENCES members(id) ON DELETE SET NULL,
    from_date TEXT,
    to_date TEXT,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('planned', 'active', 'ended', 'stopped')),
    last_confirmed TEXT,
    evaluate_by TEXT,
    service_decision TEXT NOT NULL DEFAULT ''
);
CREATE INDEX measures_case ON measures(case_id);
CREATE INDEX measures_open_evaluate ON measures(evaluate_by) WHERE status IN ('planned', 'active');
CREATE INDEX measures_open_confirmed ON measures(last_confirmed) WHERE status IN ('planned', 'active');
CREATE INDEX measures_unclear ON measures(case_id)
    WHERE responsible_member_id IS NULL AND status IN ('planned', 'active');

CREATE TABLE measure_goals (
    measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
    goal_id INTEGER NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
    PRIMARY KEY (measure_id, goal_id)
) WITHOUT ROWID;
CREATE INDEX measure_goals_goal ON measure_goals(goal_id);

CREATE TABLE evaluations (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    goal_id INTEGER REFERENCES goals(id) ON DELETE CASCADE,
    measure_id INTEGER REFERENCES measures(id) ON DELETE CASCADE,
    evaluated_on TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('achieved', 'continue', 'change', 'stop')),
    comment TEXT NOT NULL DEFAULT '',
    meeting_id INTEGER REFERENCES meetings(id) ON DELETE SET NULL,
    CHECK (goal_id IS NOT NULL OR measure_id IS NOT NULL)
);
CREATE INDEX evaluations_case ON evaluations(case_id);

CREATE TABLE consents (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    given_on TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('written', 'oral', 'digital')),
    covers_plan INTEGER NOT NULL DEFAULT 1,
    sections TEXT NOT NULL DEFAULT '[]',
    own_measures_only INTEGER NOT NULL DEFAULT 0,
    scope_text TEXT NOT NULL DEFAULT '',
    expires_on TEXT,
    original_location TEXT NOT NULL DEFAULT '',
    given_by TEXT NOT NULL DEFAULT '',
    withdrawn_on TEXT
);
CREATE INDEX consents_case ON consents(case_id);
CREATE INDEX consents_expires ON consents(expires_on) WHERE withdrawn_on IS NULL;

CREATE TABLE consent_recipients (
    consent_id INTEGER NOT NULL REFERENCES consents(id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    PRIMARY KEY (consent_id, member_id)
) WITHOUT ROWID;

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    starts_at TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'running', 'closed', 'cancelled')),
    agenda TEXT NOT NULL DEFAULT '[]',
    minutes_writer TEXT NOT NULL DEFAULT '',
    next_meeting_on TEXT,
    summary TEXT NOT NULL DEFAULT '',
    closed_at TEXT
);
CREATE INDEX meetings_case ON meetings(case_id, starts_at);
CREATE INDEX meetings_starts ON meetings(starts_at);

CREATE TABLE meeting_participants (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    attendance TEXT NOT NULL DEFAULT 'invited' CHECK (attendance IN ('invited', 'present', 'absent', 'apologies')),
    why_invited TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (meeting_id, member_id)
) WITHOUT ROWID;

CREATE TABLE meeting_lines (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    written_at TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX meeting_lines_meeting ON meeting_lines(meeting_id, position);

CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    meeting_id INTEGER REFERENCES meetings(id) ON DELETE SET NULL,
    text TEXT NOT NULL,
    decided_on TEXT NOT NULL,
    alternatives TEXT NOT NULL DEFAULT '',
    person_view TEXT NOT NULL DEFAULT '',
    person_present INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX decisions_case ON decisions(case_id);

CREATE TABLE action_items (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    meeting_id INTEGER REFERENCES meetings(id) ON DELETE SET NULL,
    measure_id INTEGER REFERENCES measures(id) ON DELETE SET NULL,
    text TEXT NOT NULL,
    owner_member_id INTEGER REFERENCES members(id) ON DELETE SET NULL,
    due_on TEXT,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
    done_on TEXT
);
CREATE INDEX action_items_case ON action_items(case_id);
CREATE INDEX action_items_open_due ON action_items(due_on) WHERE status = 'open';

CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    written_at TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'other' CHECK (kind IN ('phone', 'email', 'visit', 'meeting', 'other')),
    text TEXT NOT NULL
);
CREATE INDEX notes_case ON notes(case_id, written_at);

CREATE TABLE coordinator_history (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    coordinator TEXT NOT NULL,
    from_date TEXT NOT NULL,
    to_date TEXT,
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX coordinator_history_case ON coordinator_history(case_id);

CREATE TABLE assessments (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    assessed_on TEXT NOT NULL,
    area TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    reference TEXT NOT NULL DEFAULT ''
);

CREATE TABLE service_decisions (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    system TEXT NOT NULL,
    reference TEXT NOT NULL,
    decided_on TEXT,
    description TEXT NOT NULL DEFAULT ''
);

-- Append-only: what changed, when. Kept when a case is deleted, so no foreign key.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    case_id INTEGER,
    action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    changes TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_case ON audit_log(case_id, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;

-- Full-text search over names, goals, measures and notes. One row per searchable thing; names go in
-- `title` so they can be ranked on their own. rowid = id * 8 + kind number keeps rows of different
-- tables apart.
CREATE VIRTUAL TABLE search_index USING fts5(
    title, body, kind UNINDEXED, case_id UNINDEXED, ref_id UNINDEXED,
    tokenize = 'unicode61', prefix = '2 3'
);

CREATE TRIGGER cases_fts_insert AFTER INSERT ON cases BEGIN
    INSERT INTO search_index(rowid, title, body, kind, case_id, ref_id)
    VALUES (new.id * 8 + 0, new.person_name, '', 'case', new.id, new.id);
END;
CREATE TRIGGER cases_fts_update AFTER UPDATE OF person_name ON cases BEGIN
    UPDATE search_index SET title = new.person_name WHERE rowid = new.id * 8 + 0;
END;
CREATE TRIGGER cases_fts_delete AFTER DELETE ON cases BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 0;
END;

CREATE TRIGGER members_fts_insert AFTER INSERT ON members BEGIN
    INSERT INTO search_index(rowid, title, body, kind, case_id, ref_id)
    VALUES (new.id * 8 + 1, new.name, new.role || ' ' || new.organisation, 'member', new.case_id, new.id);
END;
CREATE TRIGGER members_fts_update AFTER UPDATE OF name, role, organisation ON members BEGIN
    UPDATE search_index SET title = new.name, body = new.role || ' ' || new.organisation
    WHERE rowid = new.id * 8 + 1;
END;
CREATE TRIGGER members_fts_delete AFTER DELETE ON members BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 1;
END;

CREATE TRIGGER goals_fts_insert AFTER INSERT ON goals BEGIN
    INSERT INTO search_index(rowid, title, body, kind, case_id, ref_id)
    VALUES (new.id * 8 + 2, '', new.text, 'goal', new.case_id, new.id);
END;
CREATE TRIGGER goals_fts_update AFTER UPDATE OF text ON goals BEGIN
    UPDATE search_index SET body = new.text WHERE rowid = new.id * 8 + 2;
END;
CREATE TRIGGER goals_fts_delete AFTER DELETE ON goals BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 2;
END;

CREATE TRIGGER measures_fts_insert AFTER INSERT ON measures BEGIN
    INSERT INTO search_index(rowid, title, body, kind, case_id, ref_id)
    VALUES (new.id * 8 + 3, '', new.what || ' ' || new.scope || ' ' || new.how, 'measure', new.case_id, new.id);
END;
CREATE TRIGGER measures_fts_update AFTER UPDATE OF what, scope, how ON measures BEGIN
    UPDATE search_index SET body = new.what || ' ' || new.scope || ' ' || new.how
    WHERE rowid = new.id * 8 + 3;
END;
CREATE TRIGGER measures_fts_delete AFTER DELETE ON measures BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 3;
END;

CREATE TRIGGER notes_fts_insert AFTER INSERT ON notes BEGIN
    INSERT INTO search_index(rowid, title, body, kind, case_id, ref_id)
    VALUES (new.id * 8 + 4, '', new.text, 'note', new.case_id, new.id);
END;
CREATE TRIGGER notes_fts_update AFTER UPDATE OF text ON notes BEGIN
    UPDATE search_index SET body = new.text WHERE rowid = new.id * 8 + 4;
END;
CREATE TRIGGER notes_fts_delete AFTER DELETE ON notes BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 4;
END;
