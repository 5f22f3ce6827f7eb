-- A change of operator (变更经营者): who takes over, sealed with a fingerprint as the
-- applicant's own details are. Its approval copies them onto the household.
ALTER TABLE applications ADD COLUMN new_operator_name TEXT;
ALTER TABLE applications ADD COLUMN new_operator_id_hash TEXT;
ALTER TABLE applications ADD COLUMN new_operator_id_sealed TEXT;
ALTER TABLE applications ADD COLUMN new_operator_phone_hash TEXT;
ALTER TABLE applications ADD COLUMN new_operator_phone_sealed TEXT;
