-- Legal advice (法律咨询) escalates through three tiers: the local legal office (基层所干部),
-- public lawyers (公职律师), professional lawyers (专业律师). Each tier is a role an admin
-- grants to staff; a legal appeal is claimed only at its tier, and referred up with a reason.
-- SQLite changes a CHECK only by copying the table.
CREATE TABLE person_roles_next (
  person_id  INTEGER NOT NULL REFERENCES people (id),
  role       TEXT NOT NULL CHECK (role IN ('owner', 'vendor', 'market_manager', 'staff',
               'department_head', 'admin', 'legal_officer', 'public_lawyer', 'lawyer')),
  granted_at TEXT NOT NULL,
  PRIMARY KEY (person_id, role)
);
INSERT INTO person_roles_next (person_id, role, granted_at)
  SELECT person_id, role, granted_at FROM person_roles;
DROP TABLE person_roles;
ALTER TABLE person_roles_next RENAME TO person_roles;

-- The tier answering a legal appeal now (1 to 3); none for any other appeal, nor for one
-- passed to another department, which answers it as an ordinary appeal (those already
-- elsewhere stay ordinary).
ALTER TABLE appeals ADD COLUMN legal_tier INTEGER CHECK (legal_tier BETWEEN 1 AND 3);
UPDATE appeals SET legal_tier = 1
 WHERE category = 'legal' AND department = (SELECT department FROM appeal_categories WHERE code = 'legal');

CREATE TABLE appeal_events_next (
  id              INTEGER PRIMARY KEY,
  appeal_id       INTEGER NOT NULL REFERENCES appeals (id),
  actor_id        INTEGER REFERENCES people (id),
  event           TEXT NOT NULL CHECK (event IN ('submitted', 'claimed', 'replied', 'closed', 'reopened',
                                                 'transferred', 'escalated', 'message', 'help_requested',
                                                 'helped', 'reassigned', 'referred')),
  -- The acting staff member's department; for a help request, the department asked.
  department      TEXT REFERENCES departments (code),
  note            TEXT NOT NULL DEFAULT '',
  at              TEXT NOT NULL,
  idempotency_key TEXT
);
INSERT INTO appeal_events_next (id, appeal_id, actor_id, event, department, note, at, idempotency_key)
  SELECT id, appeal_id, actor_id, event, department, note, at, idempotency_key FROM appeal_events;
DROP TABLE appeal_events;
ALTER TABLE appeal_events_next RENAME TO appeal_events;
CREATE INDEX appeal_events_by_appeal ON appeal_events (appeal_id, id);
CREATE UNIQUE INDEX appeal_events_once ON appeal_events (actor_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
