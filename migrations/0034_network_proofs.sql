-- Proofs of work a busy network paid sign-in codes with (getima_domain::pow): each solved
-- challenge is accepted once, until it would have expired anyway.
CREATE TABLE spent_proofs (
  challenge_digest TEXT PRIMARY KEY,
  expires_at       INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX spent_proofs_by_expiry ON spent_proofs (expires_at);
