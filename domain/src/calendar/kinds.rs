//! What this area adds to the shared vocabularies: its error kinds (`ErrorKind`) and its
//! audit actions (`AuditAction`), gathered with every other area's by `crate::gather!`.

/// This area's audit actions.
macro_rules! calendar_audit {
    (gather!($($args:tt)*) { $($rows:tt)* }) => {
        gather! { $($args)* {
            $($rows)*
            CalendarDay = "calendar.day", "修改工作日历", "Changed a calendar day";
            CalendarArrangement = "calendar.arrangement", "发布年度节假日安排", "Set a year's holiday arrangement";
        } }
    };
}
pub(crate) use calendar_audit;
