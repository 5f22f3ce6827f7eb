-- Photos sent with an appeal. The image is in R2 under `photos/<id>`, beside those of
-- applications; this row says whose it is and, once the appeal is filed, which appeal holds it.
-- Before filing, a photo waits under the submission key of the appeal being written.
CREATE TABLE appeal_photos (
  id          TEXT PRIMARY KEY,
  person_id   INTEGER NOT NULL REFERENCES people (id),
  draft_key   TEXT NOT NULL,
  appeal_id   INTEGER REFERENCES appeals (id),
  media_type  TEXT NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'image/webp')),
  bytes       INTEGER NOT NULL CHECK (bytes > 0),
  uploaded_at TEXT NOT NULL
);

CREATE INDEX appeal_photos_by_draft ON appeal_photos (person_id, draft_key);
CREATE INDEX appeal_photos_by_appeal ON appeal_photos (appeal_id) WHERE appeal_id IS NOT NULL;
CREATE INDEX appeal_photos_unsent ON appeal_photos (uploaded_at) WHERE appeal_id IS NULL;
