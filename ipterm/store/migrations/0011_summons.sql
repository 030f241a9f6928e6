-- The summons (innkalling): a planned meeting's video link, what the person wants to bring up ("Hva vil du
-- ta opp?", recorded before the meeting and first on the agenda) and what must be decided that day; and the
-- written input of a member who sends apologies (forfall).

ALTER TABLE meetings ADD COLUMN video_link TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN person_points TEXT NOT NULL DEFAULT '[]';
ALTER TABLE meetings ADD COLUMN decisions_needed TEXT NOT NULL DEFAULT '[]';
ALTER TABLE meeting_participants ADD COLUMN written_input TEXT NOT NULL DEFAULT '';
