//! Working days 工作日 for statutory time limits (限时办结) and SLAs, under the State Council's
//! yearly holiday arrangement: holidays off even on weekdays, make-up days (调休上班) worked even
//! on weekends, otherwise Monday to Friday.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::ops::Bound::{Excluded, Included};
use time::macros::format_description;
use time::{Date, Duration, Weekday};

/// The official 2026 arrangement, as published on 2025-11-04.
pub const OFFICIAL_2026_CSV: &str = include_str!("../../../data/cn-workday-calendar-2026.csv");

/// Largest `n` [`WorkCalendar::add_working_days`] honours (about 40 years); larger values are clamped.
pub const MAX_WORKING_DAYS: u32 = 10_000;

/// The longest name `calendar_days.name` accepts, in characters.
pub const MAX_NAME_CHARS: usize = 40;

/// How a special day departs from the Monday-to-Friday week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// A day off, even on a weekday.
    Holiday,
    /// A make-up working day, even on a weekend.
    Workday,
}

impl DayKind {
    /// The value as stored in D1 and sent over the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Holiday => "holiday",
            Self::Workday => "workday",
        }
    }

    /// Reads the value [`Self::as_str`] writes.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "holiday" => Some(Self::Holiday),
            "workday" => Some(Self::Workday),
            _ => None,
        }
    }
}

/// One row of an arrangement, e.g. 2026-02-14 workday 春节调休上班.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecialDay {
    pub date: Date,
    pub kind: DayKind,
    pub name: String,
}

/// Why a day cannot be recorded as special.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecialDayProblem {
    /// Empty, longer than [`MAX_NAME_CHARS`], or with hidden characters in it.
    BadName,
    /// A make-up working day only ever falls on a weekend; on a weekday it is a mistyped date.
    WorkdayOnWeekday,
}

impl crate::validation::Bilingual for SpecialDayProblem {
    fn bilingual(&self) -> (String, String) {
        match self {
            Self::BadName => (
                format!("请填写名称，最多{MAX_NAME_CHARS}字，不含换行或看不见的字符"),
                format!(
                    "Name the day in up to {MAX_NAME_CHARS} characters, without line breaks or invisible characters"
                ),
            ),
            Self::WorkdayOnWeekday => (
                "调休上班日只会在周六或周日，请检查日期".into(),
                "A make-up working day falls on a Saturday or Sunday; check the date".into(),
            ),
        }
    }
}

impl SpecialDay {
    /// A special day, if it can be one: a name of 1 to 40 characters, and a make-up working
    /// day only on a weekend.
    pub fn new(date: Date, kind: DayKind, name: &str) -> Result<Self, SpecialDayProblem> {
        let name = name.trim();
        if !(1..=MAX_NAME_CHARS).contains(&name.chars().count())
            || name.chars().any(crate::validation::is_hidden_or_breaking)
        {
            return Err(SpecialDayProblem::BadName);
        }
        if kind == DayKind::Workday && !is_weekend(date) {
            return Err(SpecialDayProblem::WorkdayOnWeekday);
        }
        Ok(Self { date, kind, name: name.to_string() })
    }
}

/// Which days are worked, given the special days and the years whose arrangement is loaded.
#[derive(Debug, Clone, Default)]
pub struct WorkCalendar {
    special_days: BTreeMap<Date, DayKind>,
    arranged_years: BTreeSet<i32>,
}

impl WorkCalendar {
    /// A calendar honouring every special day given, whatever its year.
    // Not only those of arranged years: a notice can reach into the year before (2012's had
    // 2011-12-31 worked), and a day an admin entered beats none.
    pub fn new(days: impl IntoIterator<Item = SpecialDay>, arranged_years: impl IntoIterator<Item = i32>) -> Self {
        Self {
            special_days: days.into_iter().map(|day| (day.date, day.kind)).collect(),
            arranged_years: arranged_years.into_iter().collect(),
        }
    }

    /// Whether the official arrangement for `year` is loaded; the admin screen warns when not.
    pub fn has_arrangement(&self, year: i32) -> bool {
        self.arranged_years.contains(&year)
    }

    /// Whether offices work on `date`.
    pub fn is_working_day(&self, date: Date) -> bool {
        match self.special_days.get(&date) {
            Some(kind) => *kind == DayKind::Workday,
            None => !is_weekend(date),
        }
    }

    /// The deadline "within `n` working days" of `start`: `start` never counts, `n = 0` returns it unchanged.
    // Clamping `n` to MAX_WORKING_DAYS bounds the loop; the result stops at time's last date.
    pub fn add_working_days(&self, start: Date, n: u32) -> Date {
        let mut date = start;
        let mut remaining = n.min(MAX_WORKING_DAYS);
        while remaining > 0 {
            let Some(next) = date.next_day() else { break };
            date = next;
            if self.is_working_day(date) {
                remaining -= 1;
            }
        }
        date
    }

    /// Working days in `(from, to]`, negated when `to` is before `from`; it inverts
    /// [`Self::add_working_days`].
    pub fn working_days_between(&self, from: Date, to: Date) -> i64 {
        if to < from {
            return -self.working_days_between(to, from);
        }
        // Whole weeks hold five weekdays each, so only the last few days need stepping
        // through; special days then correct the count. No span, however long, loops long.
        let days = (to - from).whole_days();
        let whole_weeks = days / 7;
        let rest_start = from + Duration::weeks(whole_weeks);
        let mut count = whole_weeks * 5;
        count += (1..=days % 7).filter(|&offset| !is_weekend(rest_start + Duration::days(offset))).count() as i64;
        for (&date, &kind) in self.special_days.range((Excluded(from), Included(to))) {
            match (kind, is_weekend(date)) {
                (DayKind::Holiday, false) => count -= 1,
                (DayKind::Workday, true) => count += 1,
                _ => {}
            }
        }
        count
    }
}

fn is_weekend(date: Date) -> bool {
    matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// A line of an arrangement CSV that cannot be read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvError {
    /// 1-based, counting comments and blank lines, as an editor shows it.
    pub line: usize,
    pub problem: CsvProblem,
}

/// What is wrong with a line of an arrangement CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CsvProblem {
    /// The first line that is not a comment must be `date,kind,name`.
    MissingHeader,
    /// A row must have exactly three comma-separated fields.
    FieldCount,
    /// The date is not a real `YYYY-MM-DD` date.
    BadDate(String),
    /// The kind is neither `holiday` nor `workday`.
    UnknownKind(String),
    /// The name is empty or longer than `calendar_days.name` allows.
    BadName,
    /// A make-up working day on Monday to Friday changes nothing, so it is a mistyped date.
    WorkdayOnWeekday,
    /// The date already appeared on an earlier line.
    Duplicate { first_line: usize },
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let line = self.line;
        write!(f, "第 {line} 行：")?;
        match &self.problem {
            CsvProblem::MissingHeader => {
                write!(f, "缺少表头 date,kind,name / line {line}: expected the header date,kind,name")
            }
            CsvProblem::FieldCount => {
                write!(f, "应为 日期,类型,名称 三列 / line {line}: expected three fields date,kind,name")
            }
            CsvProblem::BadDate(date) => {
                write!(f, "日期「{date}」无效，应为 YYYY-MM-DD / line {line}: '{date}' is not a YYYY-MM-DD date")
            }
            CsvProblem::UnknownKind(kind) => write!(
                f,
                "类型「{kind}」应为 holiday（放假）或 workday（调休上班）/ line {line}: kind '{kind}' is neither holiday nor workday"
            ),
            CsvProblem::BadName => write!(
                f,
                "名称应为 1 至 {MAX_NAME_CHARS} 个字 / line {line}: the name must have 1 to {MAX_NAME_CHARS} characters"
            ),
            CsvProblem::WorkdayOnWeekday => write!(
                f,
                "调休上班日应在周末，日期可能输错 / line {line}: a make-up working day must fall on a weekend; is the date mistyped?"
            ),
            CsvProblem::Duplicate { first_line } => {
                write!(f, "日期与第 {first_line} 行重复 / line {line}: the date already appears on line {first_line}")
            }
        }
    }
}

impl std::error::Error for CsvError {}

/// Reads an arrangement CSV: `#` comments, the header `date,kind,name`, then one row a day.
pub fn parse_csv(text: &str) -> Result<Vec<SpecialDay>, CsvError> {
    let date_format = format_description!("[year]-[month]-[day]");
    // Spreadsheets saving "CSV UTF-8" prepend a byte-order mark.
    let mut lines = text
        .trim_start_matches('\u{feff}')
        .lines()
        .enumerate()
        .map(|(index, line)| (index + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'));

    match lines.next() {
        Some((_, "date,kind,name")) => {}
        Some((line, _)) => return Err(CsvError { line, problem: CsvProblem::MissingHeader }),
        None => return Err(CsvError { line: text.lines().count() + 1, problem: CsvProblem::MissingHeader }),
    }

    let mut first_lines = BTreeMap::new();
    let mut days = Vec::new();
    for (line, row) in lines {
        let error = |problem| CsvError { line, problem };
        let fields: Vec<&str> = row.split(',').map(str::trim).collect();
        let [date, kind, name] = fields[..] else { return Err(error(CsvProblem::FieldCount)) };
        let date = Date::parse(date, date_format).map_err(|_| error(CsvProblem::BadDate(date.to_string())))?;
        let kind = DayKind::parse(kind).ok_or_else(|| error(CsvProblem::UnknownKind(kind.to_string())))?;
        let day = SpecialDay::new(date, kind, name).map_err(|problem| {
            error(match problem {
                SpecialDayProblem::BadName => CsvProblem::BadName,
                SpecialDayProblem::WorkdayOnWeekday => CsvProblem::WorkdayOnWeekday,
            })
        })?;
        if let Some(&first_line) = first_lines.get(&date) {
            return Err(error(CsvProblem::Duplicate { first_line }));
        }
        first_lines.insert(date, line);
        days.push(day);
    }
    Ok(days)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn official_2026() -> WorkCalendar {
        WorkCalendar::new(parse_csv(OFFICIAL_2026_CSV).unwrap(), [2026])
    }

    fn days_from(first: Date, last: Date) -> impl Iterator<Item = Date> {
        std::iter::successors(Some(first), move |&date| date.next_day().filter(|&next| next <= last))
    }

    #[test]
    fn spring_festival_days_off_are_not_working_days() {
        let calendar = official_2026();
        for date in days_from(date!(2026 - 02 - 15), date!(2026 - 02 - 23)) {
            assert!(!calendar.is_working_day(date), "{date}");
        }
        // Saturdays 02-14 and 02-28 are worked instead; the Friday before and Tuesday after are ordinary.
        for date in [date!(2026 - 02 - 13), date!(2026 - 02 - 14), date!(2026 - 02 - 24), date!(2026 - 02 - 28)] {
            assert!(calendar.is_working_day(date), "{date}");
        }
        assert!(!calendar.is_working_day(date!(2026 - 03 - 01)), "an ordinary Sunday");
    }

    #[test]
    fn national_day_week_and_its_make_up_days() {
        let calendar = official_2026();
        let days_off = days_from(date!(2026 - 09 - 25), date!(2026 - 09 - 27))
            .chain(days_from(date!(2026 - 10 - 01), date!(2026 - 10 - 07)));
        for date in days_off {
            assert!(!calendar.is_working_day(date), "{date}");
        }
        assert!(calendar.is_working_day(date!(2026 - 09 - 20)), "Sunday make-up day");
        assert!(calendar.is_working_day(date!(2026 - 10 - 10)), "Saturday make-up day");
        assert!(!calendar.is_working_day(date!(2026 - 10 - 11)), "an ordinary Sunday");
    }

    #[test]
    fn three_working_days_from_the_eve_of_spring_festival() {
        // Filed Friday 02-13. After it: Sat 02-14 make-up = 1; Sun 02-15 .. Mon 02-23 off;
        // Tue 02-24 = 2; Wed 02-25 = 3.
        let calendar = official_2026();
        assert_eq!(calendar.add_working_days(date!(2026 - 02 - 13), 3), date!(2026 - 02 - 25));
        assert_eq!(calendar.working_days_between(date!(2026 - 02 - 13), date!(2026 - 02 - 25)), 3);
    }

    #[test]
    fn ten_working_days_across_national_day() {
        // Filed Friday 09-18. After it: Sat 09-19 off; Sun 09-20 make-up = 1; Mon 09-21 .. Thu 09-24
        // = 2..5; Fri 09-25 .. Sun 09-27 Mid-Autumn off; Mon 09-28 .. Wed 09-30 = 6..8;
        // Thu 10-01 .. Wed 10-07 off; Thu 10-08 = 9; Fri 10-09 = 10.
        let calendar = official_2026();
        assert_eq!(calendar.add_working_days(date!(2026 - 09 - 18), 10), date!(2026 - 10 - 09));
        // Filed Wednesday 09-23. After it: Thu 09-24 = 1; Mon 09-28 .. Wed 09-30 = 2..4;
        // Thu 10-08 = 5; Fri 10-09 = 6; Sat 10-10 make-up = 7; Sun 10-11 off; Mon 10-12 .. Wed 10-14 = 8..10.
        assert_eq!(calendar.add_working_days(date!(2026 - 09 - 23), 10), date!(2026 - 10 - 14));
    }

    #[test]
    fn the_new_year_make_up_sunday_is_the_first_working_day_of_2026() {
        // Wed 2025-12-31, then Thu 01-01 .. Sat 01-03 off and Sun 01-04 worked.
        let calendar = official_2026();
        assert_eq!(calendar.add_working_days(date!(2025 - 12 - 31), 1), date!(2026 - 01 - 04));
    }

    #[test]
    fn there_are_248_working_days_in_2026() {
        // 261 weekdays, less 19 weekday holidays, plus 6 weekend make-up days.
        assert_eq!(official_2026().working_days_between(date!(2025 - 12 - 31), date!(2026 - 12 - 31)), 248);
    }

    #[test]
    fn a_year_without_an_arrangement_counts_weekends_only() {
        let calendar = official_2026();
        assert!(calendar.has_arrangement(2026));
        assert!(!calendar.has_arrangement(2027));
        for date in days_from(date!(2027 - 01 - 01), date!(2027 - 12 - 31)) {
            assert_eq!(calendar.is_working_day(date), !is_weekend(date), "{date}");
        }
        // Fri 2027-01-01 is worked without an arrangement; then Mon 01-04 .. Thu 01-07.
        assert_eq!(calendar.add_working_days(date!(2026 - 12 - 31), 5), date!(2027 - 01 - 07));
    }

    #[test]
    fn zero_working_days_leaves_the_date_unchanged() {
        let calendar = official_2026();
        assert_eq!(calendar.add_working_days(date!(2026 - 02 - 15), 0), date!(2026 - 02 - 15));
    }

    #[test]
    fn a_huge_number_of_working_days_is_clamped_not_looped_over() {
        let calendar = official_2026();
        let start = date!(2026 - 01 - 01);
        assert_eq!(calendar.add_working_days(start, u32::MAX), calendar.add_working_days(start, MAX_WORKING_DAYS));
        assert_eq!(calendar.add_working_days(Date::MAX, 1), Date::MAX);
        assert_eq!(
            calendar.working_days_between(Date::MIN, Date::MAX),
            -calendar.working_days_between(Date::MAX, Date::MIN)
        );
    }

    #[test]
    fn working_days_between_inverts_add_working_days() {
        let calendar = official_2026();
        for start in days_from(date!(2025 - 12 - 01), date!(2027 - 01 - 31)) {
            for n in 0..40 {
                let deadline = calendar.add_working_days(start, n);
                assert_eq!(calendar.working_days_between(start, deadline), i64::from(n), "{start} + {n}");
                assert_eq!(calendar.working_days_between(deadline, start), -i64::from(n), "{start} + {n}");
                if n > 0 {
                    // The earliest such date: a working day, with one fewer working day before it.
                    assert!(calendar.is_working_day(deadline), "{start} + {n}");
                    assert_eq!(
                        calendar.working_days_between(start, deadline.previous_day().unwrap()),
                        i64::from(n - 1)
                    );
                }
            }
        }
    }

    #[test]
    fn working_days_between_agrees_with_counting_day_by_day() {
        let calendar = official_2026();
        let from = date!(2025 - 12 - 20);
        let mut counted = 0;
        for to in days_from(from.next_day().unwrap(), date!(2027 - 01 - 10)) {
            counted += i64::from(calendar.is_working_day(to));
            assert_eq!(calendar.working_days_between(from, to), counted, "{to}");
        }
        assert_eq!(calendar.working_days_between(from, from), 0);
    }

    #[test]
    fn the_official_2026_csv_parses() {
        let days = parse_csv(OFFICIAL_2026_CSV).unwrap();
        assert_eq!(days.len(), 39);
        assert_eq!(days.iter().filter(|day| day.kind == DayKind::Holiday).count(), 33);
        assert_eq!(days.iter().filter(|day| day.kind == DayKind::Workday).count(), 6);
        assert!(days.iter().all(|day| day.date.year() == 2026));
        assert_eq!(
            days[4],
            SpecialDay { date: date!(2026 - 02 - 14), kind: DayKind::Workday, name: "春节调休上班".to_string() }
        );
    }

    #[test]
    fn bad_csv_rows_are_refused_with_their_line_number() {
        let header = "# comment\ndate,kind,name\n2026-01-01,holiday,元旦\n";
        let problem_on_line_4 = |row: &str| {
            let error = parse_csv(&format!("{header}{row}\n")).unwrap_err();
            assert_eq!(error.line, 4, "{row}");
            error.problem
        };
        assert_eq!(problem_on_line_4("2026-02-30,holiday,春节"), CsvProblem::BadDate("2026-02-30".to_string()));
        assert_eq!(problem_on_line_4("2026-2-14,workday,春节调休上班"), CsvProblem::BadDate("2026-2-14".to_string()));
        assert_eq!(problem_on_line_4("2026-02-14,makeup,春节调休上班"), CsvProblem::UnknownKind("makeup".to_string()));
        assert_eq!(problem_on_line_4("2026-02-14,workday"), CsvProblem::FieldCount);
        assert_eq!(problem_on_line_4("2026-02-14,workday,春节,调休"), CsvProblem::FieldCount);
        assert_eq!(problem_on_line_4("2026-02-14,workday,"), CsvProblem::BadName);
        assert_eq!(problem_on_line_4(&format!("2026-02-14,workday,{}", "长".repeat(41))), CsvProblem::BadName);
        assert_eq!(problem_on_line_4("2026-02-13,workday,春节调休上班"), CsvProblem::WorkdayOnWeekday);
        assert_eq!(problem_on_line_4("2026-01-01,holiday,元旦"), CsvProblem::Duplicate { first_line: 3 });

        assert_eq!(parse_csv("# only a comment\n2026-01-01,holiday,元旦\n").unwrap_err().line, 2);
        assert_eq!(
            parse_csv("# only a comment\n").unwrap_err(),
            CsvError { line: 2, problem: CsvProblem::MissingHeader }
        );
        let message = parse_csv(&format!("{header}2026-01-02,vacation,元旦\n")).unwrap_err().to_string();
        assert!(message.starts_with("第 4 行：") && message.contains("line 4: kind 'vacation'"), "{message}");
    }

    #[test]
    fn the_migration_seeds_exactly_the_official_2026_csv() {
        let migration = include_str!("../../../migrations/0003_working_days.sql");
        let (_, values) =
            migration.split_once("INSERT INTO calendar_days (date, kind, name, updated_at) VALUES").unwrap();
        let (values, _) = values.split_once(';').unwrap();
        let seeded: BTreeSet<&str> =
            values.lines().map(|line| line.trim().trim_end_matches(',')).filter(|line| !line.is_empty()).collect();
        let expected: BTreeSet<String> = parse_csv(OFFICIAL_2026_CSV)
            .unwrap()
            .iter()
            .map(|day| {
                format!("('{}', '{}', '{}', '2025-11-04')", day.date, day.kind.as_str(), day.name.replace('\'', "''"))
            })
            .collect();
        assert_eq!(seeded, expected.iter().map(String::as_str).collect());
        assert!(migration.contains("(2026, '国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04)', '2025-11-04')"));
    }

    #[test]
    fn day_kinds_round_trip_through_their_wire_strings() {
        for kind in [DayKind::Holiday, DayKind::Workday] {
            assert_eq!(DayKind::parse(kind.as_str()), Some(kind));
            assert_eq!(serde_json::to_string(&kind).unwrap(), format!("\"{}\"", kind.as_str()));
        }
        assert_eq!(DayKind::parse("Holiday"), None);
    }
}
