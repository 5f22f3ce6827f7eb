//! Appeals of the first owner's shop in every state, with their threads.

use crate::accounts::DEMO_ACCOUNTS;
use crate::generator::{Generator, sql_date, sql_text};
use getima_domain::appeals::{AppealCategory, AppealStatus};
use getima_domain::calendar::workdays::{OFFICIAL_2026_CSV, WorkCalendar, parse_csv};
use getima_domain::calendar::{Date, add_days};

/// One demo appeal of the first owner's shop: what it is about and says, how many days ago it
/// was filed, how far it got, and (once answered) the answer.
pub struct DemoAppeal {
    pub category: AppealCategory,
    pub text: &'static str,
    pub days_ago: i64,
    pub status: AppealStatus,
    pub reply: &'static str,
}

pub const DEMO_APPEALS: [DemoAppeal; 6] = [
    DemoAppeal {
        category: AppealCategory::Tax,
        text: "我是小规模纳税人，季度销售额不到30万元，增值税是否可以免征？需要怎么申报？",
        days_ago: 0,
        status: AppealStatus::Submitted,
        reply: "",
    },
    // Nobody took it within its working day: the cron trigger raises it to the head.
    DemoAppeal {
        category: AppealCategory::Utilities,
        text: "店里三相电经常跳闸，申请增容需要准备哪些材料？多久能装好？",
        days_ago: 9,
        status: AppealStatus::Submitted,
        reply: "",
    },
    DemoAppeal {
        category: AppealCategory::PlatformFees,
        text: "外卖平台这个月把抽成从18%提到22%，事先没有通知，这样合理吗？",
        days_ago: 2,
        status: AppealStatus::Claimed,
        reply: "",
    },
    DemoAppeal {
        category: AppealCategory::Licensing,
        text: "营业执照经营范围想加上“预包装食品销售”，是否需要重新办证？",
        days_ago: 4,
        status: AppealStatus::Replied,
        reply: "不需要重新办证。请在个体码“我的”中申请变更经营范围，并同时办理仅销售预包装食品备案，当场办结。",
    },
    DemoAppeal {
        category: AppealCategory::Other,
        text: "门口的共享单车经常堵住店门，能不能请有关部门协调？",
        days_ago: 20,
        status: AppealStatus::Closed,
        reply: "已联系属地街道和运营企业，门前划定了停放区并安排每日清理。",
    },
    // Legal advice, waiting for the local legal office (the first tier).
    DemoAppeal {
        category: AppealCategory::Legal,
        text: "房东要提前解除租约，还要扣下全部押金，我该怎么维权？",
        days_ago: 1,
        status: AppealStatus::Submitted,
        reply: "",
    },
];

impl Generator<'_> {
    /// Appeals of the first owner's shop in every state, with their deadlines on the official
    /// 2026 calendar and their timelines; the amr reviewer answers those that were answered.
    pub(crate) fn appeals(&mut self) {
        let calendar = WorkCalendar::new(parse_csv(OFFICIAL_2026_CSV).expect("the official calendar"), [2026]);
        let owner_account = DEMO_ACCOUNTS.iter().position(|a| a.households.contains(&1)).expect("an owner") + 1;
        let staff = DEMO_ACCOUNTS.iter().position(|a| a.department == Some("amr")).expect("amr staff") + 1;
        let mut event = 0;
        for (n, demo) in DEMO_APPEALS.iter().enumerate() {
            let id = (n + 1).to_string();
            let filed = add_days(self.today, -demo.days_ago);
            let at = |day: Date, time: &str| sql_text(&format!("{day} {time}"));
            let (department, claim_days, reply_days) = match demo.category {
                AppealCategory::Tax => ("tax", 1, 5),
                AppealCategory::Utilities => ("power", 1, 3),
                AppealCategory::Legal => ("justice", 1, 7),
                _ => ("amr", 1, 5),
            };
            let taken = demo.status != AppealStatus::Submitted;
            let answered = matches!(demo.status, AppealStatus::Replied | AppealStatus::Closed);
            let replied_on = add_days(filed, 2);
            let closed = demo.status == AppealStatus::Closed;
            let claim_due = (!taken).then(|| calendar.add_working_days(filed, claim_days));
            let reply_due = (!answered).then(|| calendar.add_working_days(filed, reply_days));
            self.statement(
                "appeals",
                "id, household_id, owner_id, idempotency_key, category, department, assignee_id, status, text, \
                 submitted_at, claim_due, reply_due, first_reply_at, first_reply_late, replied_at, closed_at, score, \
                 legal_tier",
                &[
                    id.clone(),
                    "1".into(),
                    owner_account.to_string(),
                    sql_text(&format!("demo-appeal-{n:04}")),
                    sql_text(demo.category.as_str()),
                    sql_text(department),
                    if taken { staff.to_string() } else { "NULL".into() },
                    sql_text(demo.status.as_str()),
                    sql_text(demo.text),
                    at(filed, "10:00:00"),
                    sql_date(claim_due),
                    sql_date(reply_due),
                    if answered { at(replied_on, "16:00:00") } else { "NULL".into() },
                    // Answered two days after filing: within every category's reply deadline.
                    if answered { "0".into() } else { "NULL".into() },
                    if answered { at(replied_on, "16:00:00") } else { "NULL".into() },
                    if closed { at(add_days(replied_on, 1), "09:00:00") } else { "NULL".into() },
                    if closed { "5".into() } else { "NULL".into() },
                    demo.category.first_legal_tier().map_or_else(|| "NULL".into(), |tier| tier.to_string()),
                ],
            );
            let mut step = |generator: &mut Self,
                            actor: Option<usize>,
                            kind: &str,
                            dept: Option<&str>,
                            note: &str,
                            when: String| {
                event += 1;
                generator.statement(
                    "appeal_events",
                    "id, appeal_id, actor_id, event, department, note, at",
                    &[
                        event.to_string(),
                        id.clone(),
                        actor.map_or_else(|| "NULL".into(), |a| a.to_string()),
                        sql_text(kind),
                        dept.map_or_else(|| "NULL".into(), sql_text),
                        sql_text(note),
                        when,
                    ],
                );
            };
            step(self, Some(owner_account), "submitted", None, "", at(filed, "10:00:00"));
            if taken {
                step(self, Some(staff), "claimed", Some(department), "", at(filed, "14:00:00"));
            }
            if answered {
                step(self, Some(staff), "replied", Some(department), demo.reply, at(replied_on, "16:00:00"));
            }
            if closed {
                step(
                    self,
                    Some(owner_account),
                    "closed",
                    None,
                    "处理很及时，谢谢！",
                    at(add_days(replied_on, 1), "09:00:00"),
                );
            }
        }
    }
}
