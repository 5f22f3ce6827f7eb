-- Own-produce zones (自产自销区) are for those who grow or make what they sell: a vendor declares
-- what and where, and the market's manager approves it for a year. One declaration waits per
-- vendor and market at a time; a refused or ageing one may be followed by another.
CREATE TABLE producer_declarations (
  id              INTEGER PRIMARY KEY,
  person_id       INTEGER NOT NULL REFERENCES people (id),
  market_id       INTEGER NOT NULL REFERENCES markets (id),
  idempotency_key TEXT NOT NULL,
  produce         TEXT NOT NULL,
  origin          TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  reason          TEXT,
  declared_at     TEXT NOT NULL,
  decided_by      INTEGER REFERENCES people (id),
  decided_at      TEXT,
  -- The last day an approval lets its vendor book own-produce stalls.
  valid_until     TEXT,
  UNIQUE (person_id, idempotency_key)
);
CREATE UNIQUE INDEX producer_declarations_one_waiting ON producer_declarations (person_id, market_id)
  WHERE status = 'pending';
CREATE INDEX producer_declarations_by_person ON producer_declarations (person_id, market_id, status);
CREATE INDEX producer_declarations_by_market ON producer_declarations (market_id, status, id);

-- Fee waivers (摊位费减免): the target groups a zone waives the fee for, space-separated. A
-- booking keeps what it costs and the group it was waived for, so a later change of fee or
-- rule does not rewrite what was agreed.
ALTER TABLE market_zones ADD COLUMN fee_waived_for TEXT NOT NULL DEFAULT '';
ALTER TABLE stall_bookings ADD COLUMN fee_fen INTEGER CHECK (fee_fen >= 0);
ALTER TABLE stall_bookings ADD COLUMN waived_for TEXT
  CHECK (waived_for IN ('low_income', 'disabled', 'veteran', 'hard_to_employ'));
UPDATE stall_bookings SET fee_fen = (SELECT st.fee_fen FROM stalls st WHERE st.id = stall_bookings.stall_id);
