-- The owner of an appeal is told in the inbox (and by text) when it is taken up, answered,
-- passed on, referred up a tier or closed (issue 25, item 11). A notice is now about an
-- application, a stall booking or an appeal, exactly one; an appeal's notice names the step on
-- its timeline it tells of, so a step is told once however often it is tried.
-- SQLite changes a CHECK only by copying the table.
CREATE TABLE notices_next (
  id               INTEGER PRIMARY KEY,
  person_id        INTEGER NOT NULL REFERENCES people (id),
  application_id   INTEGER REFERENCES applications (id),
  stall_booking_id INTEGER REFERENCES stall_bookings (id),
  appeal_id        INTEGER REFERENCES appeals (id),
  appeal_event_id  INTEGER REFERENCES appeal_events (id),
  kind             TEXT NOT NULL
                     CHECK (kind IN ('returned', 'rejected', 'opened', 'completed', 'stall_reminder',
                                     'appeal_taken', 'appeal_answered', 'appeal_passed_on', 'appeal_referred',
                                     'appeal_closed')),
  created_at       TEXT NOT NULL,
  read_at          TEXT,
  CHECK ((application_id IS NOT NULL) + (stall_booking_id IS NOT NULL) + (appeal_id IS NOT NULL) = 1),
  -- A reminder is about a booking; an appeal's notice about an appeal and one of its steps;
  -- every other kind about an application.
  CHECK ((kind = 'stall_reminder') = (stall_booking_id IS NOT NULL)),
  CHECK ((kind LIKE 'appeal\_%' ESCAPE '\') = (appeal_id IS NOT NULL)),
  CHECK ((appeal_id IS NULL) = (appeal_event_id IS NULL))
);
INSERT INTO notices_next (id, person_id, application_id, stall_booking_id, kind, created_at, read_at)
  SELECT id, person_id, application_id, stall_booking_id, kind, created_at, read_at FROM notices;
DROP TABLE notices;
ALTER TABLE notices_next RENAME TO notices;
CREATE INDEX notices_by_person ON notices (person_id, id);
CREATE UNIQUE INDEX notices_done_once ON notices (application_id, kind) WHERE kind IN ('opened', 'completed');
CREATE UNIQUE INDEX notices_reminded_once ON notices (stall_booking_id) WHERE kind = 'stall_reminder';
-- One notice per step of an appeal.
CREATE UNIQUE INDEX notices_told_once ON notices (appeal_event_id) WHERE appeal_event_id IS NOT NULL;
