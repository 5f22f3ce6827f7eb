//! The audit trail's vocabulary: every audited write names its action from this list.

use crate::households::{Label, vocabulary};
use serde::{Deserialize, Serialize};

vocabulary! {
    /// What an audited write did.
    AuditAction {
        CodeReissue = "code.reissue", "换发个体码", "Re-issued a business code";
        CodeRevoke = "code.revoke", "作废个体码", "Revoked a business code";
        HouseholdStatus = "household.status", "变更经营状态", "Changed a business's status";
        HouseholdClaim = "household.claim", "认领个体户", "Claimed a business";
        HouseholdClaimRefused = "household.claim_refused", "认领未通过", "Tried to claim a business, details did not match";
        InspectionRecord = "inspection.record", "记录检查", "Recorded an inspection";
        PersonCreate = "person.create", "添加人员或角色", "Added a person or roles";
        PersonDisable = "person.disable", "停用账号", "Disabled an account";
        PersonEnable = "person.enable", "启用账号", "Enabled an account";
        PersonRename = "person.rename", "修改姓名", "Changed a name";
        PersonBecameVendor = "person.vendor", "登记为摊主", "Registered as a stall vendor";
        PersonBootstrapAdmin = "person.bootstrap_admin", "首位管理员", "Became the first admin";
        CalendarDay = "calendar.day", "修改工作日历", "Changed a calendar day";
        CalendarArrangement = "calendar.arrangement", "发布年度节假日安排", "Set a year's holiday arrangement";
    }
}
