-- One refusal decides an application: its other departments' open tasks are closed, not left
-- in their queues, each with a timeline entry. SQLite cannot change a CHECK in place, so both
-- tables are copied into ones that allow it. The timeline (which references the tasks) is
-- set aside first, so no row ever points at a missing task and foreign keys hold throughout.
CREATE TABLE application_events_kept AS SELECT * FROM application_events;
DROP TABLE application_events;

CREATE TABLE application_tasks_next (
  id             INTEGER PRIMARY KEY,
  application_id INTEGER NOT NULL REFERENCES applications (id),
  kind           TEXT NOT NULL REFERENCES registration_task_kinds (kind),
  department     TEXT NOT NULL REFERENCES departments (code),
  status         TEXT NOT NULL CHECK (status IN ('in_review', 'returned', 'approved', 'rejected', 'closed')),
  -- The statutory clock (getima_domain::registration::Clock): limit, days used before
  -- corrections stopped it, and since when it runs (NULL while stopped, decided or closed).
  limit_days     INTEGER NOT NULL CHECK (limit_days >= 0),
  used_days      INTEGER NOT NULL DEFAULT 0 CHECK (used_days >= 0),
  running_since  TEXT,
  -- The clock's last day while it runs, kept for sorting queues by deadline.
  due_on         TEXT,
  -- The day the cron trigger found it overdue and raised it to the department's head.
  escalated_on   TEXT,
  decided_on     TEXT,
  decided_late   INTEGER CHECK (decided_late IN (0, 1)),
  -- Who holds it (认领); NULL while nobody has taken it.
  assignee_id    INTEGER REFERENCES people (id),
  CHECK ((running_since IS NULL) = (due_on IS NULL)),
  CHECK ((status = 'in_review') = (running_since IS NOT NULL)),
  UNIQUE (application_id, kind)
);
INSERT INTO application_tasks_next (id, application_id, kind, department, status, limit_days, used_days,
                                    running_since, due_on, escalated_on, decided_on, decided_late, assignee_id)
  SELECT id, application_id, kind, department, status, limit_days, used_days,
         running_since, due_on, escalated_on, decided_on, decided_late, assignee_id
    FROM application_tasks;
DROP TABLE application_tasks;
ALTER TABLE application_tasks_next RENAME TO application_tasks;
CREATE INDEX application_tasks_queue ON application_tasks (department, status, due_on);
CREATE INDEX application_tasks_by_assignee ON application_tasks (department, status, assignee_id, due_on);

CREATE TABLE application_events (
  id             INTEGER PRIMARY KEY,
  application_id INTEGER NOT NULL REFERENCES applications (id),
  task_id        INTEGER REFERENCES application_tasks (id),
  -- NULL: the system (the cron trigger's escalation, a task closed by another's refusal).
  actor_id       INTEGER REFERENCES people (id),
  event          TEXT NOT NULL
                 CHECK (event IN ('submitted', 'approved', 'returned', 'rejected', 'escalated', 'resubmitted',
                                  'claimed', 'released', 'assigned', 'closed')),
  note           TEXT NOT NULL DEFAULT '',
  at             TEXT NOT NULL
);
INSERT INTO application_events (id, application_id, task_id, actor_id, event, note, at)
  SELECT id, application_id, task_id, actor_id, event, note, at FROM application_events_kept;
DROP TABLE application_events_kept;
CREATE INDEX application_events_by_application ON application_events (application_id, id);

-- Applications refused before this: their open tasks close now, on their timelines too.
UPDATE application_tasks SET status = 'closed', running_since = NULL, due_on = NULL
 WHERE status IN ('in_review', 'returned')
   AND application_id IN (SELECT application_id FROM application_tasks WHERE status = 'rejected');
INSERT INTO application_events (application_id, task_id, actor_id, event, at)
  SELECT application_id, id, NULL, 'closed', datetime('now', '+8 hours')
    FROM application_tasks WHERE status = 'closed';
