-- Exact limits, sign-in codes and sessions in D1: each is changed by one conditional
-- statement, so concurrent requests can never count past a limit or use a code twice.

-- One row per limit, subject and fixed window, raised by a conditional upsert.
CREATE TABLE rate_counters (
  name         TEXT NOT NULL,
  subject      TEXT NOT NULL,
  window_start INTEGER NOT NULL,
  count        INTEGER NOT NULL CHECK (count >= 0),
  expires_at   INTEGER NOT NULL,
  PRIMARY KEY (name, subject, window_start)
) WITHOUT ROWID;
CREATE INDEX rate_counters_by_expiry ON rate_counters (expires_at);

-- The one live sign-in code per phone (keyed fingerprint), stored as a digest.
CREATE TABLE sign_in_codes (
  phone_hash    TEXT PRIMARY KEY,
  digest        TEXT NOT NULL,
  wrong_guesses INTEGER NOT NULL DEFAULT 0,
  expires_at    INTEGER NOT NULL
);

CREATE TABLE sessions (
  id             TEXT PRIMARY KEY,
  person_id      INTEGER NOT NULL REFERENCES people (id),
  refresh_digest TEXT NOT NULL UNIQUE,
  expires_at     INTEGER NOT NULL,
  created_at     TEXT NOT NULL
);
CREATE INDEX sessions_by_person ON sessions (person_id);

-- Refresh tokens already exchanged: one presented again was copied, and ends its session.
CREATE TABLE spent_refresh_tokens (
  digest     TEXT PRIMARY KEY,
  session_id TEXT NOT NULL,
  spent_at   INTEGER NOT NULL
);
CREATE INDEX spent_refresh_tokens_by_time ON spent_refresh_tokens (spent_at);

-- Who acted, as they were named when they acted: a later rename does not rewrite the log.
-- Rows from before this migration can only get the names people have now.
ALTER TABLE audit_log ADD COLUMN actor_name TEXT;
UPDATE audit_log SET actor_name = (SELECT name FROM people WHERE people.id = audit_log.actor_id);
