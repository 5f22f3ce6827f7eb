-- Appeals (诉求): an owner raises a problem about their business; the category routes it to a
-- department; the first staff member to claim it (首问负责) answers for it until it is closed
-- or formally transferred. Claim and reply deadlines are working days per category.
CREATE TABLE appeal_categories (
  code        TEXT PRIMARY KEY CHECK (code IN ('licensing', 'finance', 'social_security', 'tax', 'legal',
                                               'premises', 'enforcement', 'utilities', 'platform_fees', 'other')),
  department  TEXT NOT NULL REFERENCES departments (code),
  name_zh     TEXT NOT NULL,
  name_en     TEXT NOT NULL,
  -- Open311's service description, in both languages.
  summary_zh  TEXT NOT NULL,
  summary_en  TEXT NOT NULL,
  claim_days  INTEGER NOT NULL CHECK (claim_days BETWEEN 0 AND 10),
  reply_days  INTEGER NOT NULL CHECK (reply_days BETWEEN 1 AND 30),
  position    INTEGER NOT NULL
);

INSERT INTO appeal_categories VALUES
  ('licensing', 'amr', '证照办理', 'Licences and registration',
   '登记、许可、年报等证照问题', 'Registration, permits, annual reports', 1, 5, 1),
  ('finance', 'pboc', '融资贷款', 'Loans and finance',
   '贷款、担保、支付结算', 'Loans, guarantees, payments', 1, 5, 2),
  ('social_security', 'hrss', '社保就业', 'Social security and jobs',
   '参保、就业补贴、用工', 'Social insurance, job subsidies, hiring', 1, 5, 3),
  ('tax', 'tax', '税费', 'Tax and fees',
   '申报、发票、减免政策', 'Filing, invoices, relief', 1, 5, 4),
  ('legal', 'justice', '法律咨询', 'Legal advice',
   '合同、纠纷、维权', 'Contracts, disputes, rights', 1, 7, 5),
  ('premises', 'commerce', '经营场所', 'Premises',
   '租赁、场地、商圈管理', 'Leases, sites, shopping districts', 1, 5, 6),
  ('enforcement', 'enforcement', '执法检查', 'Inspections and enforcement',
   '检查、处罚、整改', 'Inspections, penalties, rectification', 1, 5, 7),
  ('utilities', 'power', '用电用水', 'Power and water',
   '接电、停电、电费', 'Connections, outages, bills', 1, 3, 8),
  ('platform_fees', 'amr', '平台收费', 'Platform fees',
   '外卖、电商平台收费与规则', 'Delivery and e-commerce platform fees and rules', 1, 5, 9),
  ('other', 'amr', '其他', 'Other',
   '其他经营中遇到的问题', 'Anything else about running the business', 1, 5, 10);

CREATE TABLE appeals (
  id               INTEGER PRIMARY KEY,
  household_id     INTEGER NOT NULL REFERENCES households (id),
  owner_id         INTEGER NOT NULL REFERENCES people (id),
  idempotency_key  TEXT NOT NULL,
  category         TEXT NOT NULL REFERENCES appeal_categories (code),
  -- The department answering now (a transfer changes it), and who claimed it there.
  department       TEXT NOT NULL REFERENCES departments (code),
  assignee_id      INTEGER REFERENCES people (id),
  status           TEXT NOT NULL CHECK (status IN ('submitted', 'claimed', 'replied', 'closed')),
  text             TEXT NOT NULL,
  latitude         REAL CHECK (latitude BETWEEN -90 AND 90),
  longitude        REAL CHECK (longitude BETWEEN -180 AND 180),
  submitted_at     TEXT NOT NULL,
  -- Deadlines (YYYY-MM-DD) while they run: claim until claimed, reply until replied.
  claim_due        TEXT,
  reply_due        TEXT,
  first_reply_at   TEXT,
  replied_at       TEXT,
  closed_at        TEXT,
  score            INTEGER CHECK (score BETWEEN 1 AND 5),
  -- The day the cron trigger raised it to the head, for the deadline now running.
  escalated_on     TEXT,
  CHECK ((latitude IS NULL) = (longitude IS NULL)),
  CHECK ((status = 'submitted') = (assignee_id IS NULL)),
  UNIQUE (owner_id, idempotency_key)
);
CREATE INDEX appeals_queue ON appeals (department, status, reply_due);
CREATE INDEX appeals_by_owner ON appeals (owner_id, id);

-- Every step, append-only: who (NULL: the system), what, when, and a note.
CREATE TABLE appeal_events (
  id          INTEGER PRIMARY KEY,
  appeal_id   INTEGER NOT NULL REFERENCES appeals (id),
  actor_id    INTEGER REFERENCES people (id),
  event       TEXT NOT NULL CHECK (event IN ('submitted', 'claimed', 'replied', 'closed', 'reopened',
                                             'transferred', 'escalated')),
  department  TEXT REFERENCES departments (code),
  note        TEXT NOT NULL DEFAULT '',
  at          TEXT NOT NULL
);
CREATE INDEX appeal_events_by_appeal ON appeal_events (appeal_id, id);
