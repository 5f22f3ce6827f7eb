-- What the one-time notice says is filled in online now has its place on the application:
-- the food safety manager a food business licence asks for (name; ID number and phone sealed
-- like the operator's, never looked up, so no fingerprint), the premises' existing water, power
-- and gas account numbers a connection asks for, and where legal documents reach a suspended
-- business. Each department's reviewer sees what its task asks for.
ALTER TABLE applications ADD COLUMN food_safety_manager_name TEXT;
ALTER TABLE applications ADD COLUMN food_safety_manager_id_sealed TEXT;
ALTER TABLE applications ADD COLUMN food_safety_manager_phone_sealed TEXT;
ALTER TABLE applications ADD COLUMN water_account TEXT;
ALTER TABLE applications ADD COLUMN power_account TEXT;
ALTER TABLE applications ADD COLUMN gas_account TEXT;
ALTER TABLE applications ADD COLUMN service_address TEXT;

-- A return left uncorrected past its last day (getima_domain::registration::correct_by) is
-- deemed withdrawn by the cron trigger, so a name is not held by an application nobody
-- pursues. The day is set when a task is returned; the index finds the lapsed ones.
ALTER TABLE application_tasks ADD COLUMN correct_by TEXT;
CREATE INDEX application_tasks_correct_by ON application_tasks (correct_by) WHERE status = 'returned';
-- Returns made before this: four weeks from the latest return, at least the fifteen working
-- days (holidays included) an applicant is now given.
UPDATE application_tasks
   SET correct_by = (SELECT date(max(e.at), '+28 days') FROM application_events e
                      WHERE e.task_id = application_tasks.id AND e.event = 'returned')
 WHERE status = 'returned';

-- The timeline says when that happened. SQLite cannot change a CHECK in place, so the
-- timeline (which nothing references) is copied into a table that allows the new entry.
CREATE TABLE application_events_next (
  id             INTEGER PRIMARY KEY,
  application_id INTEGER NOT NULL REFERENCES applications (id),
  task_id        INTEGER REFERENCES application_tasks (id),
  -- NULL: the system (the cron trigger's escalation or lapse, a task closed by another's refusal).
  actor_id       INTEGER REFERENCES people (id),
  event          TEXT NOT NULL
                 CHECK (event IN ('submitted', 'approved', 'returned', 'rejected', 'escalated', 'resubmitted',
                                  'claimed', 'released', 'assigned', 'closed', 'withdrawn', 'lapsed')),
  note           TEXT NOT NULL DEFAULT '',
  at             TEXT NOT NULL
);
INSERT INTO application_events_next (id, application_id, task_id, actor_id, event, note, at)
  SELECT id, application_id, task_id, actor_id, event, note, at FROM application_events;
DROP TABLE application_events;
ALTER TABLE application_events_next RENAME TO application_events;
CREATE INDEX application_events_by_application ON application_events (application_id, id);
