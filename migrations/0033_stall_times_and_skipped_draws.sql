-- Issue 25, stalls. A zone's manager sets when booking closes (hours before a session starts;
-- 0: when it starts), how long after a session ends a vendor may still be checked in, and how
-- its fees are paid at check-in. The rules themselves are getima_domain::stalls::ZoneRules;
-- the statements bind the moments they give.
ALTER TABLE market_zones ADD COLUMN book_until_hours INTEGER NOT NULL DEFAULT 0
  CHECK (book_until_hours BETWEEN 0 AND 72);
ALTER TABLE market_zones ADD COLUMN check_in_grace_minutes INTEGER NOT NULL DEFAULT 30
  CHECK (check_in_grace_minutes BETWEEN 0 AND 240);
ALTER TABLE market_zones ADD COLUMN fee_payment TEXT NOT NULL DEFAULT 'cash_or_scan'
  CHECK (fee_payment IN ('cash_or_scan', 'cash', 'scan'));

-- A draw passes over an entry whose vendor is suspended at the draw, whom a stall would take
-- over a per-session or weekly limit, or who no longer holds a valid producer declaration; the
-- stall goes to the next entry. Why is published with the entry, so a re-run agrees. The
-- lottery keeps how many stalls were free to draw.
ALTER TABLE lottery_entries ADD COLUMN skipped TEXT
  CHECK (skipped IN ('suspended', 'over_limit', 'no_declaration'));
ALTER TABLE stall_lotteries ADD COLUMN places INTEGER CHECK (places >= 0);
