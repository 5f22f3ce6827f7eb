-- The deadline running now, kept by SQLite from the two it stands for (to claim while waiting,
-- to reply while being handled; none once answered), so the queues read it in index order
-- instead of sorting every open appeal of a department on each request.
ALTER TABLE appeals ADD COLUMN due_on TEXT
  GENERATED ALWAYS AS (CASE status WHEN 'submitted' THEN claim_due WHEN 'claimed' THEN reply_due END) VIRTUAL;

DROP INDEX appeals_queue;
CREATE INDEX appeals_queue ON appeals (department, due_on) WHERE due_on IS NOT NULL;
