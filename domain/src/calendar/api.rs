//! The working-day calendar as the API shows it and admins edit it.

use crate::calendar::workdays::DayKind;
use serde::{Deserialize, Serialize};

/// A day that differs from the plain Mon–Fri rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct CalendarDay {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub kind: DayKind,
    pub name: String,
}

/// `GET /api/calendar/{year}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct CalendarYear {
    pub year: i32,
    /// Whether the official arrangement for this year is loaded; without it, only weekends
    /// are days off and deadlines may come out early.
    pub arranged: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Working days in the year, counted on this calendar.
    pub working_days: u32,
    pub days: Vec<CalendarDay>,
}

/// `PUT /api/admin/calendar/days/{date}`: set a special day, or with `kind` absent make it
/// an ordinary day again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CalendarDayChange {
    #[serde(default)]
    pub kind: Option<DayKind>,
    #[serde(default)]
    pub name: String,
}

/// `PUT /api/admin/calendar/years/{year}`: mark a year's arrangement as loaded (or not).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ArrangementChange {
    pub arranged: bool,
    /// Where the arrangement comes from (the State Council notice), when arranged.
    #[serde(default)]
    pub source: String,
}

pub const MAX_SOURCE_CHARS: usize = 200;

/// The area's endpoints (see [`crate::api::contract::endpoints!`]).
pub mod endpoints {
    #[allow(unused_imports)]
    use super::*;
    #[allow(unused_imports)]
    use crate::api::contract::*;
    use crate::calendar::Date;

    endpoints! {
        calendar [] {
            GetCalendarYear: Get "/api/calendar/{year}" { year: i32 }
                () => 200 Json CalendarYear, PUBLIC, "A year's holidays and make-up working days";
            SetCalendarDay: Put "/api/admin/calendar/days/{date}" { date: Date }
                CalendarDayChange => 200 Json CalendarYear, ADMIN, "Make a day a holiday, a make-up working day, or ordinary";
            SetArrangement: Put "/api/admin/calendar/years/{year}" { year: i32 }
                ArrangementChange => 200 Json CalendarYear, ADMIN, "Mark a year's official arrangement as loaded";
        }
    }
}
