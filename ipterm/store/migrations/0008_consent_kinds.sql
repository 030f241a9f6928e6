-- Consent by kind of information. Every shareable item gets a kind (health, NAV and economy, child
-- welfare, school, housing, family matters): its own where the coordinator set one, else its responsible
-- service's sector. A consent names the kinds and the services whose items it shares, and may name
-- recipients outside the group (a sister, a grandparent).
--
-- Existing consents keep their meaning: every kind, and "own measures only" now reads "only what the
-- recipient's own service is responsible for". Members get a sector guessed from their service's name
-- (the same words `ipterm.domain.scoping.guess_sector` uses); the coordinator can change it.

ALTER TABLE members ADD COLUMN sector TEXT CHECK (sector IN ('health', 'nav', 'child_welfare', 'school', 'housing', 'family'));
ALTER TABLE goals ADD COLUMN info_kind TEXT;
ALTER TABLE measures ADD COLUMN info_kind TEXT;
ALTER TABLE decisions ADD COLUMN info_kind TEXT;
ALTER TABLE decisions ADD COLUMN service_member_id INTEGER REFERENCES members(id) ON DELETE SET NULL;
ALTER TABLE action_items ADD COLUMN info_kind TEXT;
ALTER TABLE notes ADD COLUMN info_kind TEXT;
ALTER TABLE meeting_lines ADD COLUMN info_kind TEXT;
ALTER TABLE meetings ADD COLUMN agenda_kinds TEXT NOT NULL DEFAULT '{}';
ALTER TABLE consents ADD COLUMN kinds TEXT NOT NULL DEFAULT '["health", "nav", "child_welfare", "school", "housing", "family"]';
ALTER TABLE consents ADD COLUMN service_member_ids TEXT NOT NULL DEFAULT '[]';

CREATE TABLE consent_related_recipients (
    consent_id INTEGER NOT NULL REFERENCES consents(id) ON DELETE CASCADE,
    related_id INTEGER NOT NULL REFERENCES related_persons(id) ON DELETE CASCADE,
    PRIMARY KEY (consent_id, related_id)
) WITHOUT ROWID;

UPDATE members SET sector = CASE
    WHEN lower(organisation || ' ' || role) LIKE '%skolehelse%' OR lower(organisation || ' ' || role) LIKE '%helsestasjon%'
        OR lower(organisation || ' ' || role) LIKE '%helsesykepleie%' THEN 'health'
    WHEN lower(organisation || ' ' || role) LIKE '%barnevern%' THEN 'child_welfare'
    WHEN lower(organisation || ' ' || role) LIKE '%nav%' OR lower(organisation || ' ' || role) LIKE '%vta%'
        OR lower(organisation || ' ' || role) LIKE '%arbeidssenter%' THEN 'nav'
    WHEN lower(organisation || ' ' || role) LIKE '%bolig%' THEN 'housing'
    WHEN lower(organisation || ' ' || role) LIKE '%skole%' OR lower(organisation || ' ' || role) LIKE '%skule%'
        OR lower(organisation || ' ' || role) LIKE '%barnehage%' OR lower(organisation || ' ' || role) LIKE '%ppt%'
        OR lower(organisation || ' ' || role) LIKE '%pedagogisk%'
        OR lower(organisation || ' ' || role) LIKE '%lærer%' OR lower(organisation || ' ' || role) LIKE '%laerer%'
        THEN 'school'
    WHEN lower(organisation || ' ' || role) LIKE '%bup%' OR lower(organisation || ' ' || role) LIKE '%dps%'
        OR lower(organisation || ' ' || role) LIKE '%lege%' OR lower(organisation || ' ' || role) LIKE '%helse%'
        OR lower(organisation || ' ' || role) LIKE '%sykehus%' OR lower(organisation || ' ' || role) LIKE '%psyk%'
        OR lower(organisation || ' ' || role) LIKE '%rus%' OR lower(organisation || ' ' || role) LIKE '%fysio%'
        OR lower(organisation || ' ' || role) LIKE '%ergo%' OR lower(organisation || ' ' || role) LIKE '%logoped%'
        OR lower(organisation || ' ' || role) LIKE '%habilitering%'
        OR lower(organisation || ' ' || role) LIKE '%hjemmetjenest%'
        OR lower(organisation || ' ' || role) LIKE '%sykepleie%' OR lower(organisation || ' ' || role) LIKE '%avlastning%'
        OR lower(organisation || ' ' || role) LIKE '%funksjonshemmede%' THEN 'health'
    ELSE NULL END
WHERE kind = 'service';
