-- Who holds a department's task (认领): NULL while nobody has taken it. Only its holder decides
-- it; they give it back, or the head gives it to a colleague.
ALTER TABLE application_tasks ADD COLUMN assignee_id INTEGER REFERENCES people (id);
CREATE INDEX application_tasks_by_assignee ON application_tasks (department, status, assignee_id, due_on);

-- Taking, giving back and assigning are steps on the timeline too. SQLite cannot change a
-- CHECK in place, so the append-only timeline is copied into a table that allows them.
CREATE TABLE application_events_next (
  id             INTEGER PRIMARY KEY,
  application_id INTEGER NOT NULL REFERENCES applications (id),
  task_id        INTEGER REFERENCES application_tasks (id),
  -- NULL: the system (the cron trigger's escalation).
  actor_id       INTEGER REFERENCES people (id),
  event          TEXT NOT NULL
                 CHECK (event IN ('submitted', 'approved', 'returned', 'rejected', 'escalated', 'resubmitted',
                                  'claimed', 'released', 'assigned')),
  note           TEXT NOT NULL DEFAULT '',
  at             TEXT NOT NULL
);
INSERT INTO application_events_next (id, application_id, task_id, actor_id, event, note, at)
  SELECT id, application_id, task_id, actor_id, event, note, at FROM application_events;
DROP TABLE application_events;
ALTER TABLE application_events_next RENAME TO application_events;
CREATE INDEX application_events_by_application ON application_events (application_id, id);
