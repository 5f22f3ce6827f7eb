-- The market desk and lotteries. A booking gets a pass (the text of its QR, shown at the market
-- to be checked in) and remembers a draw gave it; a no-show, like a cancellation, frees the stall
-- for a walk-in, so one holder per stall-session now counts only bookings still held. Enough
-- no-shows suspend a person from a market's bookings. A lottery publishes its seed's hash when it
-- opens and the seed when it is drawn; its entries carry their weight and, once drawn, their rank
-- and stall.
ALTER TABLE stall_bookings ADD COLUMN pass TEXT;
UPDATE stall_bookings SET pass = lower(hex(randomblob(10)));
CREATE UNIQUE INDEX stall_bookings_by_pass ON stall_bookings (pass);
ALTER TABLE stall_bookings ADD COLUMN drawn INTEGER NOT NULL DEFAULT 0 CHECK (drawn IN (0, 1));
ALTER TABLE stall_bookings ADD COLUMN checked_in_at TEXT;
ALTER TABLE stall_bookings ADD COLUMN absent_at TEXT;
-- When the day-before text went out (at most once).
ALTER TABLE stall_bookings ADD COLUMN reminded_at TEXT;
DROP INDEX stall_bookings_one_holder;
CREATE UNIQUE INDEX stall_bookings_one_holder ON stall_bookings (stall_id, session_id)
  WHERE status IN ('booked', 'checked_in');
CREATE INDEX stall_bookings_no_shows ON stall_bookings (person_id, market_id, absent_at) WHERE status = 'no_show';

CREATE TABLE stall_suspensions (
  id         INTEGER PRIMARY KEY,
  person_id  INTEGER NOT NULL REFERENCES people (id),
  market_id  INTEGER NOT NULL REFERENCES markets (id),
  -- The first day they may book again.
  until_day  TEXT NOT NULL,
  -- The no-show that tipped it over.
  booking_id INTEGER NOT NULL UNIQUE REFERENCES stall_bookings (id),
  created_at TEXT NOT NULL
);
CREATE INDEX stall_suspensions_by_person ON stall_suspensions (person_id, market_id, until_day);

CREATE TABLE stall_lotteries (
  id              INTEGER PRIMARY KEY,
  market_id       INTEGER NOT NULL REFERENCES markets (id),
  zone_id         INTEGER NOT NULL REFERENCES market_zones (id),
  session_id      INTEGER NOT NULL REFERENCES market_sessions (id),
  -- Local time, YYYY-MM-DD HH:MM.
  cutoff          TEXT NOT NULL,
  priority_weight INTEGER NOT NULL CHECK (priority_weight BETWEEN 1 AND 5),
  commitment      TEXT NOT NULL,
  -- Secret until the draw; read only by the draw and, once drawn_at is set, by everyone.
  seed            TEXT NOT NULL,
  opened_by       INTEGER NOT NULL REFERENCES people (id),
  opened_at       TEXT NOT NULL,
  drawn_at        TEXT,
  -- Which of two draws fired at once won: the later statements of a draw's batch check it.
  draw_token      TEXT,
  UNIQUE (zone_id, session_id)
);
CREATE INDEX stall_lotteries_by_session ON stall_lotteries (session_id);

CREATE TABLE lottery_entries (
  id              INTEGER PRIMARY KEY,
  lottery_id      INTEGER NOT NULL REFERENCES stall_lotteries (id),
  person_id       INTEGER NOT NULL REFERENCES people (id),
  idempotency_key TEXT NOT NULL,
  target_group    TEXT CHECK (target_group IN ('low_income', 'disabled', 'veteran', 'hard_to_employ')),
  weight          INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 5),
  applied_at      TEXT NOT NULL,
  -- Set by the draw for winners: their rank and the stall they were given.
  rank            INTEGER,
  stall_id        INTEGER REFERENCES stalls (id),
  UNIQUE (lottery_id, person_id),
  UNIQUE (person_id, idempotency_key)
);
CREATE INDEX lottery_entries_by_person ON lottery_entries (person_id);
