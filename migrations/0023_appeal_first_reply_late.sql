-- Whether an appeal's first answer came after the reply deadline running then, kept at that
-- answer (a reopening sets a new deadline, but the first answer's timeliness stays what it was):
-- the public statistics' on-time rate.
ALTER TABLE appeals ADD COLUMN first_reply_late INTEGER CHECK (first_reply_late IN (0, 1));

-- Appeals answered before: late if raised as overdue between being taken and first answered
-- (a raise before being taken was about the claim deadline).
UPDATE appeals
   SET first_reply_late = EXISTS (SELECT 1 FROM appeal_events e
                                   WHERE e.appeal_id = appeals.id AND e.event = 'escalated'
                                     AND e.at <= appeals.first_reply_at
                                     AND e.at >= (SELECT min(c.at) FROM appeal_events c
                                                   WHERE c.appeal_id = appeals.id AND c.event = 'claimed'))
 WHERE first_reply_at IS NOT NULL;
