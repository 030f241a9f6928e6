-- "delvis nådd" (partly achieved) becomes an evaluation outcome of its own. SQLite cannot change a CHECK
-- constraint in place, so the table is rebuilt with the same columns and rows; nothing refers to it.
CREATE TABLE evaluations_new (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    goal_id INTEGER REFERENCES goals(id) ON DELETE CASCADE,
    measure_id INTEGER REFERENCES measures(id) ON DELETE CASCADE,
    evaluated_on TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('achieved', 'partly_achieved', 'continue', 'change', 'stop')),
    comment TEXT NOT NULL DEFAULT '',
    meeting_id INTEGER REFERENCES meetings(id) ON DELETE SET NULL,
    CHECK (goal_id IS NOT NULL OR measure_id IS NOT NULL)
);
INSERT INTO evaluations_new (id, case_id, goal_id, measure_id, evaluated_on, outcome, comment, meeting_id)
    SELECT id, case_id, goal_id, measure_id, evaluated_on, outcome, comment, meeting_id FROM evaluations;
DROP TABLE evaluations;
ALTER TABLE evaluations_new RENAME TO evaluations;
CREATE INDEX evaluations_case ON evaluations(case_id);
