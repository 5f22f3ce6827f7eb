-- Application forms kept on the server while they are filled in, so a closed web-view loses
-- nothing: one draft per person and bundle, as the app's JSON (never the ID number or phone),
-- removed when the application is filed.
CREATE TABLE application_drafts (
  person_id  INTEGER NOT NULL REFERENCES people (id),
  bundle     TEXT NOT NULL REFERENCES registration_bundles (slug),
  draft      TEXT NOT NULL CHECK (length(draft) <= 4000),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (person_id, bundle)
);
