-- The working-day calendar 工作日历 that statutory time limits (限时办结) and SLAs count in.
-- calendar_days: the days that depart from the Monday-to-Friday week: 'holiday' = off even on a
--   weekday, 'workday' = make-up working day 调休上班 even on a weekend.
-- calendar_years: the years whose official arrangement is loaded; a year without a row here
--   counts only weekends as days off, and the admin screen says so.
-- The seed is generated from data/cn-workday-calendar-2026.csv (State Council General Office
-- notice of 2025-11-04); from then on admins edit both tables in the app.
-- A test in domain/src/workdays.rs keeps this seed and the CSV from drifting apart.

CREATE TABLE calendar_days (
  date       TEXT PRIMARY KEY CHECK (length(date) = 10),
  kind       TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
  updated_at TEXT NOT NULL
);

CREATE TABLE calendar_years (
  year         INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
  source       TEXT NOT NULL,
  published_at TEXT NOT NULL
);

INSERT INTO calendar_days (date, kind, name, updated_at) VALUES
  ('2026-01-01', 'holiday', '元旦', '2025-11-04'),
  ('2026-01-02', 'holiday', '元旦', '2025-11-04'),
  ('2026-01-03', 'holiday', '元旦', '2025-11-04'),
  ('2026-01-04', 'workday', '元旦调休上班', '2025-11-04'),
  ('2026-02-14', 'workday', '春节调休上班', '2025-11-04'),
  ('2026-02-15', 'holiday', '春节', '2025-11-04'),
  ('2026-02-16', 'holiday', '春节', '2025-11-04'),
  ('2026-02-17', 'holiday', '春节', '2025-11-04'),
  ('2026-02-18', 'holiday', '春节', '2025-11-04'),
  ('2026-02-19', 'holiday', '春节', '2025-11-04'),
  ('2026-02-20', 'holiday', '春节', '2025-11-04'),
  ('2026-02-21', 'holiday', '春节', '2025-11-04'),
  ('2026-02-22', 'holiday', '春节', '2025-11-04'),
  ('2026-02-23', 'holiday', '春节', '2025-11-04'),
  ('2026-02-28', 'workday', '春节调休上班', '2025-11-04'),
  ('2026-04-04', 'holiday', '清明节', '2025-11-04'),
  ('2026-04-05', 'holiday', '清明节', '2025-11-04'),
  ('2026-04-06', 'holiday', '清明节', '2025-11-04'),
  ('2026-05-01', 'holiday', '劳动节', '2025-11-04'),
  ('2026-05-02', 'holiday', '劳动节', '2025-11-04'),
  ('2026-05-03', 'holiday', '劳动节', '2025-11-04'),
  ('2026-05-04', 'holiday', '劳动节', '2025-11-04'),
  ('2026-05-05', 'holiday', '劳动节', '2025-11-04'),
  ('2026-05-09', 'workday', '劳动节调休上班', '2025-11-04'),
  ('2026-06-19', 'holiday', '端午节', '2025-11-04'),
  ('2026-06-20', 'holiday', '端午节', '2025-11-04'),
  ('2026-06-21', 'holiday', '端午节', '2025-11-04'),
  ('2026-09-20', 'workday', '国庆节调休上班', '2025-11-04'),
  ('2026-09-25', 'holiday', '中秋节', '2025-11-04'),
  ('2026-09-26', 'holiday', '中秋节', '2025-11-04'),
  ('2026-09-27', 'holiday', '中秋节', '2025-11-04'),
  ('2026-10-01', 'holiday', '国庆节', '2025-11-04'),
  ('2026-10-02', 'holiday', '国庆节', '2025-11-04'),
  ('2026-10-03', 'holiday', '国庆节', '2025-11-04'),
  ('2026-10-04', 'holiday', '国庆节', '2025-11-04'),
  ('2026-10-05', 'holiday', '国庆节', '2025-11-04'),
  ('2026-10-06', 'holiday', '国庆节', '2025-11-04'),
  ('2026-10-07', 'holiday', '国庆节', '2025-11-04'),
  ('2026-10-10', 'workday', '国庆节调休上班', '2025-11-04');

INSERT INTO calendar_years (year, source, published_at) VALUES
  (2026, '国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04)', '2025-11-04');
