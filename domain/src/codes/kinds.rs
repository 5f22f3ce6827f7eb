//! What this area adds to the shared vocabularies: its error kinds (`ErrorKind`) and its
//! audit actions (`AuditAction`), gathered with every other area's by `crate::gather!`.

/// This area's error kinds.
macro_rules! codes_errors {
    (gather!($($args:tt)*) { $($rows:tt)* }) => {
        gather! { $($args)* {
            $($rows)*
            MalformedCode = 400, "这不是一个有效的个体码：格式不对，请重新扫码或检查输入。",
                "This is not a valid business code: it is not in the right format. Scan again or check what you typed.";
            ForgedCode = 403, "这不是一个有效的个体码：校验失败，可能是伪造或输错的码。请勿付款。",
                "This is not a valid business code: it failed verification and may be forged or mistyped. Do not pay.";
            UnknownCode = 404, "这不是一个有效的个体码：系统中没有这个码。", "This is not a valid business code: no such code exists.";
            RevokedCode = 410, "这不是一个有效的个体码：此码已被注销作废。", "This is not a valid business code: it has been revoked.";
            SupersededCode = 410, "这不是一个有效的个体码：此码已换发，旧码作废，请扫描店内的新码。",
                "This is not a valid business code: it was re-issued and this old print no longer counts. Scan the shop's new code.";
            NoPaymentCode = 404, "该经营户未绑定收款码。", "This business has not bound a payment code.";
            VersionConflict = 409, "该码已被他人更新，请刷新后重试。", "The code was changed by someone else; reload and try again.";
        } }
    };
}
pub(crate) use codes_errors;

/// This area's audit actions.
macro_rules! codes_audit {
    (gather!($($args:tt)*) { $($rows:tt)* }) => {
        gather! { $($args)* {
            $($rows)*
            CodeReissue = "code.reissue", "换发个体码", "Re-issued a business code";
            CodeRevoke = "code.revoke", "作废个体码", "Revoked a business code";
            HouseholdStatus = "household.status", "变更经营状态", "Changed a business's status";
        } }
    };
}
pub(crate) use codes_audit;
