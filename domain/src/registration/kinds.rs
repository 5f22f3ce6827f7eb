//! What this area adds to the shared vocabularies: its error kinds (`ErrorKind`) and its
//! audit actions (`AuditAction`), gathered with every other area's by `crate::gather!`.

/// This area's error kinds.
macro_rules! registration_errors {
    (gather!($($args:tt)*) { $($rows:tt)* }) => {
        gather! { $($args)* {
            $($rows)*
            /// An application about a business its status rules out (suspending a closed one), or
            /// one filed while another for it is still being handled.
            NotNow = 409, "这个个体户目前不能办理此事项。", "This cannot be applied for this business now.";
            /// A resubmission of an application no department returned, already sent again, or refused.
            NothingToCorrect = 409, "这份申请没有待补正的内容。", "This application has nothing waiting to be corrected.";
            /// Every task of the application is decided: there is nothing left to withdraw.
            NothingToWithdraw = 409, "这份申请已办理完毕，无法撤回。", "This application is already decided and cannot be withdrawn.";
            /// A task another reviewer holds: only they decide it, until they give it back or the
            /// head reassigns it.
            TaskTaken = 409, "这项待办已由同事认领，请联系其本人或部门负责人。",
                "A colleague has taken this task; ask them or the head of department.";
            /// The most applications to open a business one person may have open at once
            /// (`registration::MAX_OPEN_APPLICATIONS`) are being handled.
            TooManyOpenApplications = 409, "您已有3份开店申请正在办理，请等其中一份办结或撤回后再提交。",
                "You already have 3 applications to open a business being handled; wait until one is done or withdraw one first.";
            /// A filed photo of a material no returned task asks to correct: it stays as decided on.
            PhotoNotCorrectable = 409, "这项材料没有被要求补正，已提交的照片不能删除或更换。",
                "No department asked to correct this material, so its filed photos cannot be removed or replaced.";
        } }
    };
}
pub(crate) use registration_errors;

/// This area's audit actions.
macro_rules! registration_audit {
    (gather!($($args:tt)*) { $($rows:tt)* }) => {
        gather! { $($args)* {
            $($rows)*
            RegistrationDecide = "registration.decide", "办理登记许可事项", "Decided a registration task";
            RegistrationAssign = "registration.assign", "认领或指派登记许可待办", "Took, gave back or assigned a registration task";
            RegistrationWithdraw = "registration.withdraw", "撤回登记许可申请", "Withdrew a registration application";
            BundleChange = "registration.bundle", "修改一类事", "Changed a registration bundle";
            TaskKindChange = "registration.task_kind", "修改事项时限与条件", "Changed a task kind's time limit or conditions";
            RectificationClose = "rectification.close", "完成差评整改", "Closed a rectification after a low rating";
            PhotoView = "photo.view", "查看申请材料或诉求照片", "Viewed a photo of an application or an appeal";
        } }
    };
}
pub(crate) use registration_audit;
