-- Consent to the privacy policy and terms (个人信息保护法 art. 13–14): which version a person
-- accepted, and when. Recorded at sign-in; a new version asks again.
ALTER TABLE people ADD COLUMN terms_version TEXT;
ALTER TABLE people ADD COLUMN terms_accepted_at TEXT;
