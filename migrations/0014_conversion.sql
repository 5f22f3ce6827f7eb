-- 个转企: an application to become a company names the company and lists what it carries
-- over (a JSON array of {kind, name, number}); once approved, the household is closed as
-- a household and says which company it became.
ALTER TABLE applications ADD COLUMN company_name TEXT CHECK (company_name IS NULL OR length(company_name) <= 36);
ALTER TABLE applications ADD COLUMN carry_over TEXT
  CHECK (carry_over IS NULL OR (json_valid(carry_over) AND json_type(carry_over) = 'array'));
ALTER TABLE households ADD COLUMN converted_to TEXT;
