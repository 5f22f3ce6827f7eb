-- Applications and the departments' tasks they fan out to. An application's status is derived
-- from its tasks' (getima_domain::registration::ApplicationStatus) and never stored.
CREATE TABLE applications (
  id               INTEGER PRIMARY KEY,
  applicant_id     INTEGER NOT NULL REFERENCES people (id),
  bundle           TEXT NOT NULL REFERENCES registration_bundles (slug),
  -- Made once per submission by the app: a retry with it files nothing new.
  idempotency_key  TEXT NOT NULL CHECK (length(idempotency_key) BETWEEN 16 AND 64),
  shop_name        TEXT NOT NULL CHECK (length(shop_name) BETWEEN 1 AND 30),
  county_code      TEXT NOT NULL REFERENCES counties (code),
  trade_code       TEXT NOT NULL REFERENCES trades (code),
  address_id       INTEGER NOT NULL REFERENCES standard_addresses (id),
  operator_name    TEXT NOT NULL,
  -- Personal data sealed (AES-256-GCM) with its fingerprint (HMAC), as on households, so the
  -- household an approval creates can be claimed and matched like any other.
  id_number_hash   TEXT NOT NULL,
  id_number_sealed TEXT NOT NULL,
  phone_hash       TEXT NOT NULL,
  phone_sealed     TEXT NOT NULL,
  submitted_at     TEXT NOT NULL,
  -- The household the approval of the whole application created.
  household_id     INTEGER UNIQUE REFERENCES households (id),
  UNIQUE (applicant_id, idempotency_key)
);
CREATE INDEX applications_by_applicant ON applications (applicant_id, id);

CREATE TABLE application_tasks (
  id             INTEGER PRIMARY KEY,
  application_id INTEGER NOT NULL REFERENCES applications (id),
  kind           TEXT NOT NULL REFERENCES registration_task_kinds (kind),
  department     TEXT NOT NULL REFERENCES departments (code),
  status         TEXT NOT NULL CHECK (status IN ('in_review', 'returned', 'approved', 'rejected')),
  -- The statutory clock (getima_domain::registration::Clock): limit, days used before
  -- corrections stopped it, and since when it runs (NULL while stopped or decided).
  limit_days     INTEGER NOT NULL CHECK (limit_days >= 0),
  used_days      INTEGER NOT NULL DEFAULT 0 CHECK (used_days >= 0),
  running_since  TEXT,
  -- The clock's last day while it runs, kept for sorting queues by deadline.
  due_on         TEXT,
  -- The day the cron trigger found it overdue and raised it to the department's head.
  escalated_on   TEXT,
  CHECK ((running_since IS NULL) = (due_on IS NULL)),
  CHECK ((status = 'in_review') = (running_since IS NOT NULL)),
  UNIQUE (application_id, kind)
);
CREATE INDEX application_tasks_queue ON application_tasks (department, status, due_on);

-- The timeline: append-only, who did what and when.
CREATE TABLE application_events (
  id             INTEGER PRIMARY KEY,
  application_id INTEGER NOT NULL REFERENCES applications (id),
  task_id        INTEGER REFERENCES application_tasks (id),
  -- NULL: the system (the cron trigger's escalation).
  actor_id       INTEGER REFERENCES people (id),
  event          TEXT NOT NULL CHECK (event IN ('submitted', 'approved', 'returned', 'rejected', 'escalated')),
  note           TEXT NOT NULL DEFAULT '',
  at             TEXT NOT NULL
);
CREATE INDEX application_events_by_application ON application_events (application_id, id);
