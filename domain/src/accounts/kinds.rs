//! What this area adds to the shared vocabularies: its error kinds (`ErrorKind`) and its
//! audit actions (`AuditAction`), gathered with every other area's by `crate::gather!`.

/// This area's error kinds.
macro_rules! accounts_errors {
    (gather!($($args:tt)*) { $($rows:tt)* }) => {
        gather! { $($args)* {
            $($rows)*
            InvalidPhone = 400, "请输入11位大陆手机号。", "Enter an 11-digit mainland mobile number.";
            /// The network is busy: the request goes through with the proof of work in `challenge`
            /// solved (the app does it by itself; see `crate::pow`).
            ChallengeRequired = 429, "当前网络请求较多，正在进行安全验证，请稍候。",
                "Many requests come from this network; checking this one, please wait.";
            WrongOtp = 401, "验证码不正确。", "That code is not right.";
            OtpExpired = 401, "验证码已失效，请重新获取。", "That code has expired or was used up; request a new one.";
            NotSignedIn = 401, "请先登录。", "Please sign in first.";
            InvalidToken = 401, "登录凭证无效，请重新登录。", "Your sign-in is not valid; please sign in again.";
            TokenExpired = 401, "登录已过期，请刷新或重新登录。", "Your sign-in has expired; refresh it or sign in again.";
            SessionRevoked = 401, "您已退出登录，请重新登录。", "This session was signed out; please sign in again.";
            AccountDisabled = 403, "该账号已停用。", "This account has been disabled.";
            ClaimMismatch = 403, "身份信息与该经营户登记的经营者不符。",
                "These details do not match the registered operator of this business.";
        } }
    };
}
pub(crate) use accounts_errors;

/// This area's audit actions.
macro_rules! accounts_audit {
    (gather!($($args:tt)*) { $($rows:tt)* }) => {
        gather! { $($args)* {
            $($rows)*
            HouseholdClaim = "household.claim", "认领个体户", "Claimed a business";
            HouseholdClaimRefused = "household.claim_refused", "认领未通过", "Tried to claim a business, details did not match";
            PersonCreate = "person.create", "添加人员或角色", "Added a person or roles";
            PersonDisable = "person.disable", "停用账号", "Disabled an account";
            PersonEnable = "person.enable", "启用账号", "Enabled an account";
            PersonRename = "person.rename", "修改姓名", "Changed a name";
            PersonBecameVendor = "person.vendor", "登记为摊主", "Registered as a stall vendor";
            PersonBootstrapAdmin = "person.bootstrap_admin", "首位管理员", "Became the first admin";
        } }
    };
}
pub(crate) use accounts_audit;
