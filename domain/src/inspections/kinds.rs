//! What this area adds to the shared vocabularies: its error kinds (`ErrorKind`) and its
//! audit actions (`AuditAction`), gathered with every other area's by `crate::gather!`.

/// This area's audit actions.
macro_rules! inspections_audit {
    (gather!($($args:tt)*) { $($rows:tt)* }) => {
        gather! { $($args)* {
            $($rows)*
            InspectionRecord = "inspection.record", "记录检查", "Recorded an inspection";
        } }
    };
}
pub(crate) use inspections_audit;
