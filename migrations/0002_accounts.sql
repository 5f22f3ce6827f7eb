-- People, roles, departments, markets, ownership, inspections and the audit log.
-- Phones, ID numbers and WeChat openids are stored as a keyed fingerprint (to look up by)
-- and an AES-GCM sealed copy (to show to those entitled); see getima_domain::pii.

CREATE TABLE departments (
  code    TEXT PRIMARY KEY,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL
);

INSERT INTO departments (code, name_zh, name_en) VALUES
  ('amr', '市场监管局', 'Administration for Market Regulation'),
  ('hrss', '人力社保局', 'Human Resources and Social Security Bureau'),
  ('tax', '税务局', 'Tax Bureau'),
  ('pboc', '人民银行', 'People''s Bank of China'),
  ('justice', '司法局', 'Justice Bureau'),
  ('enforcement', '综合行政执法局', 'Comprehensive Administrative Law Enforcement Bureau'),
  ('commerce', '商务局', 'Commerce Bureau'),
  ('power', '供电公司', 'State Grid power supply company');

CREATE TABLE markets (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('farmers', 'night', 'creative')),
  county_code TEXT NOT NULL REFERENCES counties (code),
  address     TEXT NOT NULL
);

CREATE TABLE people (
  id               INTEGER PRIMARY KEY,
  name             TEXT,
  phone_hash       TEXT UNIQUE,
  phone_sealed     TEXT,
  id_number_hash   TEXT,
  id_number_sealed TEXT,
  wechat_hash      TEXT UNIQUE,
  -- Staff and department heads work in exactly one department.
  department_code  TEXT REFERENCES departments (code),
  disabled_at      TEXT,
  created_at       TEXT NOT NULL,
  CHECK (phone_hash IS NOT NULL OR wechat_hash IS NOT NULL),
  CHECK ((phone_hash IS NULL) = (phone_sealed IS NULL)),
  CHECK ((id_number_hash IS NULL) = (id_number_sealed IS NULL))
);

CREATE TABLE person_roles (
  person_id  INTEGER NOT NULL REFERENCES people (id),
  role       TEXT NOT NULL CHECK (role IN ('owner', 'vendor', 'market_manager', 'staff',
               'department_head', 'admin')),
  granted_at TEXT NOT NULL,
  PRIMARY KEY (person_id, role)
);

CREATE TABLE market_managers (
  person_id INTEGER NOT NULL REFERENCES people (id),
  market_id INTEGER NOT NULL REFERENCES markets (id),
  PRIMARY KEY (person_id, market_id)
);

CREATE TABLE household_owners (
  household_id INTEGER NOT NULL REFERENCES households (id),
  person_id    INTEGER NOT NULL REFERENCES people (id),
  bound_at     TEXT NOT NULL,
  bound_by     TEXT NOT NULL CHECK (bound_by IN ('claim', 'registration', 'seed')),
  PRIMARY KEY (household_id, person_id)
);
CREATE INDEX household_owners_by_person ON household_owners (person_id);

ALTER TABLE households ADD COLUMN operator_phone_hash TEXT;
ALTER TABLE households ADD COLUMN operator_phone_sealed TEXT;
ALTER TABLE households ADD COLUMN operator_id_hash TEXT;
ALTER TABLE households ADD COLUMN operator_id_sealed TEXT;

CREATE TABLE inspections (
  id              INTEGER PRIMARY KEY,
  household_id    INTEGER NOT NULL REFERENCES households (id),
  department_code TEXT NOT NULL REFERENCES departments (code),
  inspector_id    INTEGER NOT NULL REFERENCES people (id),
  inspected_on    TEXT NOT NULL,
  result          TEXT NOT NULL CHECK (result IN ('compliant', 'rectify', 'violation')),
  notes           TEXT NOT NULL,
  created_at      TEXT NOT NULL
);
CREATE INDEX inspections_by_household ON inspections (household_id, id);

-- Append-only: every write by staff, heads, managers and admins.
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  actor_id    INTEGER NOT NULL REFERENCES people (id),
  action      TEXT NOT NULL,
  subject     TEXT NOT NULL,
  before_json TEXT,
  after_json  TEXT,
  at          TEXT NOT NULL
);
