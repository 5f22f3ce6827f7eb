-- The in-app inbox: what happened to a person's applications. The words are the app's (in the
-- reader's language, from the kind); a row keeps only who, what, which application and when.
CREATE TABLE notices (
  id             INTEGER PRIMARY KEY,
  person_id      INTEGER NOT NULL REFERENCES people (id),
  application_id INTEGER NOT NULL REFERENCES applications (id),
  kind           TEXT NOT NULL CHECK (kind IN ('returned', 'rejected', 'opened', 'completed')),
  created_at     TEXT NOT NULL,
  read_at        TEXT
);
CREATE INDEX notices_by_person ON notices (person_id, id);
-- An application is done once, so that is announced once.
CREATE UNIQUE INDEX notices_done_once ON notices (application_id) WHERE kind IN ('opened', 'completed');
