-- Meeting templates: who is invited, who writes the minutes, which agenda sections. A template with no
-- case is global; invitees are then matched by role or organisation words, otherwise by member id.

CREATE TABLE meeting_templates (
    id INTEGER PRIMARY KEY,
    case_id INTEGER REFERENCES cases(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    invitee_member_ids TEXT NOT NULL DEFAULT '[]',
    invitee_roles TEXT NOT NULL DEFAULT '[]',
    minutes_writer TEXT NOT NULL DEFAULT '',
    agenda_sections TEXT NOT NULL DEFAULT '[]',
    place TEXT NOT NULL DEFAULT ''
);
CREATE INDEX meeting_templates_case ON meeting_templates(case_id);
