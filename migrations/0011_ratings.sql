-- 好差评: after an application is done its applicant rates the service once; a low rating
-- opens a rectification task for the head of each department that handled it. Decided tasks
-- keep when and whether late, for the public per-department statistics.
ALTER TABLE application_tasks ADD COLUMN decided_on TEXT;
ALTER TABLE application_tasks ADD COLUMN decided_late INTEGER CHECK (decided_late IN (0, 1));

CREATE TABLE application_ratings (
  application_id INTEGER PRIMARY KEY REFERENCES applications (id),
  score          INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
  -- getima_domain::registration::RatingTag values, comma-separated.
  tags           TEXT NOT NULL DEFAULT '',
  comment        TEXT NOT NULL DEFAULT '' CHECK (length(comment) <= 300),
  rated_at       TEXT NOT NULL
);

CREATE TABLE rectifications (
  id             INTEGER PRIMARY KEY,
  application_id INTEGER NOT NULL REFERENCES applications (id),
  department     TEXT NOT NULL REFERENCES departments (code),
  opened_at      TEXT NOT NULL,
  closed_at      TEXT,
  closed_by      INTEGER REFERENCES people (id),
  note           TEXT NOT NULL DEFAULT '',
  UNIQUE (application_id, department)
);
CREATE INDEX rectifications_open ON rectifications (department, closed_at);

-- Tasks decided before this migration: their day from the timeline (whether late is unknown).
UPDATE application_tasks
   SET decided_on = (SELECT substr(max(e.at), 1, 10) FROM application_events e
                      WHERE e.task_id = application_tasks.id AND e.event IN ('approved', 'rejected'))
 WHERE status IN ('approved', 'rejected');
