-- Photos of an application's materials. The image is in R2 under `photos/<id>`; this row
-- says whose it is, which material of which bundle it is a page of, and (once filed) which
-- application it belongs to. Unfiled photos belong to the uploader's draft of the bundle.
CREATE TABLE application_photos (
  id             TEXT PRIMARY KEY,
  person_id      INTEGER NOT NULL REFERENCES people (id),
  bundle         TEXT NOT NULL REFERENCES registration_bundles (slug),
  material       TEXT NOT NULL REFERENCES registration_materials (code),
  application_id INTEGER REFERENCES applications (id),
  media_type     TEXT NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'image/webp')),
  bytes          INTEGER NOT NULL CHECK (bytes > 0),
  uploaded_at    TEXT NOT NULL
);

CREATE INDEX application_photos_by_draft ON application_photos (person_id, bundle, material)
  WHERE application_id IS NULL;
CREATE INDEX application_photos_by_application ON application_photos (application_id)
  WHERE application_id IS NOT NULL;
