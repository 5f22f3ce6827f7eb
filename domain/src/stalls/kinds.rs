//! What this area adds to the shared vocabularies: its error kinds (`ErrorKind`) and its
//! audit actions (`AuditAction`), gathered with every other area's by `crate::gather!`.

/// This area's error kinds.
macro_rules! stalls_errors {
    (gather!($($args:tt)*) { $($rows:tt)* }) => {
        gather! { $($args)* {
            $($rows)*
            /// Someone else holds this stall for this session.
            StallTaken = 409, "这个摊位这一场已被预约，请选择其他摊位。", "Someone has booked this stall for this session; choose another.";
            /// One of the zone's per-person limits (per session, per week) is reached.
            BookingLimit = 409, "已达到预约上限。", "You have reached the booking limit.";
        } }
    };
}
pub(crate) use stalls_errors;

/// This area's audit actions.
macro_rules! stalls_audit {
    (gather!($($args:tt)*) { $($rows:tt)* }) => {
        gather! { $($args)* {
            $($rows)*
            StallCheckIn = "stall.check_in", "摊位签到", "Checked a vendor in at a stall";
            StallWalkIn = "stall.walk_in", "为现场摊主安排摊位", "Gave a stall to a vendor who walked in";
            StallNoShow = "stall.no_show", "标记摊主未到场", "Marked a vendor absent";
            StallSessions = "stall.sessions", "开放市场场次", "Opened market sessions";
            StallRules = "stall.rules", "修改摊位预约规则", "Changed a zone's booking rules";
            LotteryOpen = "lottery.open", "发起摊位摇号", "Opened a stall lottery";
            LotteryDraw = "lottery.draw", "摇号开奖", "Ran a stall lottery's draw";
            StallsAdded = "stall.stalls", "批量添加摊位", "Added stalls to a zone";
            DeclarationApproved = "declaration.approve", "通过自产自销声明", "Approved a producer declaration";
            DeclarationRefused = "declaration.refuse", "退回自产自销声明", "Refused a producer declaration";
        } }
    };
}
pub(crate) use stalls_audit;
