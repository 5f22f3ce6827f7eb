-- Stall reminders go in the inbox too (issue 13), not only by text: a notice is about an
-- application or a stall booking, exactly one of them, and a booking is reminded once.
-- SQLite changes a column's NOT NULL and a CHECK only by copying the table.
CREATE TABLE notices_next (
  id               INTEGER PRIMARY KEY,
  person_id        INTEGER NOT NULL REFERENCES people (id),
  application_id   INTEGER REFERENCES applications (id),
  stall_booking_id INTEGER REFERENCES stall_bookings (id),
  kind             TEXT NOT NULL
                     CHECK (kind IN ('returned', 'rejected', 'opened', 'completed', 'stall_reminder')),
  created_at       TEXT NOT NULL,
  read_at          TEXT,
  CHECK ((application_id IS NULL) <> (stall_booking_id IS NULL)),
  -- A reminder is about a booking; every other kind about an application.
  CHECK ((kind = 'stall_reminder') = (stall_booking_id IS NOT NULL))
);
INSERT INTO notices_next (id, person_id, application_id, kind, created_at, read_at)
  SELECT id, person_id, application_id, kind, created_at, read_at FROM notices;
DROP TABLE notices;
ALTER TABLE notices_next RENAME TO notices;
CREATE INDEX notices_by_person ON notices (person_id, id);
CREATE UNIQUE INDEX notices_done_once ON notices (application_id, kind) WHERE kind IN ('opened', 'completed');
-- The reminder cron inserts into this: a run that overlaps another finds it taken and texts nobody.
CREATE UNIQUE INDEX notices_reminded_once ON notices (stall_booking_id) WHERE kind = 'stall_reminder';
