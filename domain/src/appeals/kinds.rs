//! What this area adds to the shared vocabularies: its error kinds (`ErrorKind`) and its
//! audit actions (`AuditAction`), gathered with every other area's by `crate::gather!`.

/// This area's error kinds.
macro_rules! appeals_errors {
    (gather!($($args:tt)*) { $($rows:tt)* }) => {
        gather! { $($args)* {
            $($rows)*
            /// 首问负责: another staff member claimed the appeal and answers for it.
            AppealTaken = 409, "这件诉求已由其他工作人员受理，由其负责到底。", "Another staff member has taken this appeal and answers for it.";
        } }
    };
}
pub(crate) use appeals_errors;

/// This area's audit actions.
macro_rules! appeals_audit {
    (gather!($($args:tt)*) { $($rows:tt)* }) => {
        gather! { $($args)* {
            $($rows)*
            AppealClaim = "appeal.claim", "受理诉求（首问负责）", "Took an appeal (first responder)";
            AppealReply = "appeal.reply", "答复诉求", "Answered an appeal";
            AppealTransfer = "appeal.transfer", "转交诉求", "Passed an appeal to another department";
            AppealMessage = "appeal.message", "在诉求中留言", "Wrote in an appeal's thread";
            AppealHelp = "appeal.help", "请求协办诉求", "Asked another department to help with an appeal";
            AppealAssign = "appeal.assign", "改派诉求", "Handed an appeal to a colleague";
            AppealRefer = "appeal.refer", "提请上一梯队解答法律咨询", "Referred legal advice up a tier";
            AppealRoute = "appeal.route", "修改诉求分派与时限", "Changed where an appeal category goes and its deadlines";
        } }
    };
}
pub(crate) use appeals_audit;
