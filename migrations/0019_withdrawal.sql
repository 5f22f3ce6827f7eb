-- An applicant may withdraw (撤回) an application still being handled: its open tasks close
-- and the timeline records the withdrawal. SQLite cannot change a CHECK in place, so the
-- timeline (which nothing references) is copied into a table that allows the new entry.
CREATE TABLE application_events_next (
  id             INTEGER PRIMARY KEY,
  application_id INTEGER NOT NULL REFERENCES applications (id),
  task_id        INTEGER REFERENCES application_tasks (id),
  -- NULL: the system (the cron trigger's escalation, a task closed by another's refusal).
  actor_id       INTEGER REFERENCES people (id),
  event          TEXT NOT NULL
                 CHECK (event IN ('submitted', 'approved', 'returned', 'rejected', 'escalated', 'resubmitted',
                                  'claimed', 'released', 'assigned', 'closed', 'withdrawn')),
  note           TEXT NOT NULL DEFAULT '',
  at             TEXT NOT NULL
);
INSERT INTO application_events_next (id, application_id, task_id, actor_id, event, note, at)
  SELECT id, application_id, task_id, actor_id, event, note, at FROM application_events;
DROP TABLE application_events;
ALTER TABLE application_events_next RENAME TO application_events;
CREATE INDEX application_events_by_application ON application_events (application_id, id);
