-- Applications about a business already registered: a change of name, premises or trade, a
-- suspension (until a day at most three years on), trading again, or closing. The approval of
-- the last task applies it to the household, whose public page shows it at once.
ALTER TABLE applications ADD COLUMN target_household_id INTEGER REFERENCES households (id);
ALTER TABLE applications ADD COLUMN new_name TEXT CHECK (new_name IS NULL OR length(new_name) BETWEEN 1 AND 30);
ALTER TABLE applications ADD COLUMN new_address_id INTEGER REFERENCES standard_addresses (id);
ALTER TABLE applications ADD COLUMN new_trade_code TEXT REFERENCES trades (code);
ALTER TABLE applications ADD COLUMN suspend_until TEXT;
CREATE INDEX applications_by_target ON applications (target_household_id) WHERE target_household_id IS NOT NULL;
