-- Public-interest stalls (摊位预约): a market's zones, each with its manager's rules; the stalls
-- of a zone; the market's sessions (a day and a time window); and bookings of a stall for a
-- session. The database itself keeps the promises: one holder per stall-session (a partial
-- unique index), one booking per idempotency key, and limits checked inside the booking's own
-- INSERT, which D1 runs one at a time.
CREATE TABLE market_zones (
  id              INTEGER PRIMARY KEY,
  market_id       INTEGER NOT NULL REFERENCES markets (id),
  name            TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('self_produced', 'fair_price', 'common_prosperity', 'ordinary')),
  mode            TEXT NOT NULL CHECK (mode IN ('instant', 'lottery')),
  window_days     INTEGER NOT NULL CHECK (window_days BETWEEN 0 AND 60),
  per_session     INTEGER NOT NULL CHECK (per_session BETWEEN 1 AND 5),
  per_week        INTEGER NOT NULL CHECK (per_week BETWEEN 1 AND 21),
  cancel_hours    INTEGER NOT NULL CHECK (cancel_hours BETWEEN 0 AND 168),
  no_show_limit   INTEGER NOT NULL CHECK (no_show_limit BETWEEN 1 AND 10),
  no_show_days    INTEGER NOT NULL CHECK (no_show_days BETWEEN 1 AND 365),
  suspension_days INTEGER NOT NULL CHECK (suspension_days BETWEEN 0 AND 365),
  position        INTEGER NOT NULL
);
CREATE INDEX market_zones_by_market ON market_zones (market_id, position);

CREATE TABLE stalls (
  id        INTEGER PRIMARY KEY,
  zone_id   INTEGER NOT NULL REFERENCES market_zones (id),
  number    TEXT NOT NULL,
  size_m2   REAL NOT NULL CHECK (size_m2 > 0),
  -- Per session, in fen (分).
  fee_fen   INTEGER NOT NULL CHECK (fee_fen >= 0),
  -- What it has: a space-separated list of power, water, canopy.
  amenities TEXT NOT NULL DEFAULT '',
  UNIQUE (zone_id, number)
);

CREATE TABLE market_sessions (
  id        INTEGER PRIMARY KEY,
  market_id INTEGER NOT NULL REFERENCES markets (id),
  day       TEXT NOT NULL,
  starts    TEXT NOT NULL CHECK (starts GLOB '[0-2][0-9]:[0-5][0-9]'),
  ends      TEXT NOT NULL CHECK (ends GLOB '[0-2][0-9]:[0-5][0-9]' AND ends > starts),
  -- The Monday of its week: per-week limits count by it.
  week      TEXT NOT NULL,
  UNIQUE (market_id, day, starts)
);

CREATE TABLE stall_bookings (
  id              INTEGER PRIMARY KEY,
  stall_id        INTEGER NOT NULL REFERENCES stalls (id),
  session_id      INTEGER NOT NULL REFERENCES market_sessions (id),
  person_id       INTEGER NOT NULL REFERENCES people (id),
  idempotency_key TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('booked', 'checked_in', 'cancelled', 'no_show')),
  -- Copied from the stall's zone and the session, so the limits count from one index.
  market_id       INTEGER NOT NULL REFERENCES markets (id),
  zone_id         INTEGER NOT NULL REFERENCES market_zones (id),
  public_interest INTEGER NOT NULL CHECK (public_interest IN (0, 1)),
  week            TEXT NOT NULL,
  booked_at       TEXT NOT NULL,
  cancelled_at    TEXT,
  UNIQUE (person_id, idempotency_key)
);
CREATE UNIQUE INDEX stall_bookings_one_holder ON stall_bookings (stall_id, session_id) WHERE status <> 'cancelled';
CREATE INDEX stall_bookings_by_person ON stall_bookings (person_id, market_id, week);
CREATE INDEX stall_bookings_by_session ON stall_bookings (session_id);
