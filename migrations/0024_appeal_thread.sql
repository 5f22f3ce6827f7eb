-- An appeal's thread is its timeline: messages between the owner and the staff answering for
-- it are steps like any other, and so are help asked of another department (协办), that
-- department's answer, and the head handing the appeal to a colleague. A message carries its author's idempotency key, so a resend is one message.
-- SQLite changes a CHECK only by copying the table.
CREATE TABLE appeal_events_next (
  id              INTEGER PRIMARY KEY,
  appeal_id       INTEGER NOT NULL REFERENCES appeals (id),
  actor_id        INTEGER REFERENCES people (id),
  event           TEXT NOT NULL CHECK (event IN ('submitted', 'claimed', 'replied', 'closed', 'reopened',
                                                 'transferred', 'escalated', 'message', 'help_requested',
                                                 'helped', 'reassigned')),
  -- The acting staff member's department; for a help request, the department asked.
  department      TEXT REFERENCES departments (code),
  note            TEXT NOT NULL DEFAULT '',
  at              TEXT NOT NULL,
  idempotency_key TEXT
);
INSERT INTO appeal_events_next (id, appeal_id, actor_id, event, department, note, at)
  SELECT id, appeal_id, actor_id, event, department, note, at FROM appeal_events;
DROP TABLE appeal_events;
ALTER TABLE appeal_events_next RENAME TO appeal_events;
CREATE INDEX appeal_events_by_appeal ON appeal_events (appeal_id, id);
CREATE UNIQUE INDEX appeal_events_once ON appeal_events (actor_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;

-- Help asked of another department: whoever answers for the appeal keeps it (首问负责); the
-- department asked answers in the thread, which marks its help given.
CREATE TABLE appeal_help (
  appeal_id   INTEGER NOT NULL REFERENCES appeals (id),
  department  TEXT NOT NULL REFERENCES departments (code),
  asked_by    INTEGER NOT NULL REFERENCES people (id),
  note        TEXT NOT NULL,
  asked_at    TEXT NOT NULL,
  answered_at TEXT,
  PRIMARY KEY (appeal_id, department)
);
CREATE INDEX appeal_help_by_department ON appeal_help (department, answered_at);
