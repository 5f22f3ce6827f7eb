-- A shop opens when its registration is approved, and its application is done when its
-- permits are too: the applicant is told each once, so "done once" is per kind of notice.
DROP INDEX notices_done_once;
CREATE UNIQUE INDEX notices_done_once ON notices (application_id, kind) WHERE kind IN ('opened', 'completed');
