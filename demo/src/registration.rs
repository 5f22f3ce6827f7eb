//! Applications to open a shop in every state, filed by the vendor account, with their
//! tasks, timelines and notices.

use crate::accounts::DEMO_ACCOUNTS;
use crate::codes::COUNTIES;
use crate::generator::{Generator, sql_date, sql_text};
use getima_domain::accounts::Role;
use getima_domain::accounts::notices::NoticeKind;
use getima_domain::calendar::add_days;
use getima_domain::calendar::workdays::{OFFICIAL_2026_CSV, WorkCalendar, parse_csv};
use getima_domain::pii::Field;
use getima_domain::registration::{Clock, TaskKind, TaskStatus, correct_by};

/// The departments and statutory limits of the task kinds the demo applications use, as
/// migration 0006 seeds them (a test holds the two together).
pub(crate) const DEMO_TASKS: [(TaskKind, &str, u32); 5] = [
    (TaskKind::Establishment, "amr", 3),
    (TaskKind::FoodBusinessLicence, "amr", 10),
    (TaskKind::OutdoorSignboard, "enforcement", 20),
    (TaskKind::UtilityConnection, "power", 5),
    (TaskKind::PrepackagedFoodFiling, "amr", 0),
];

/// One demo application of the vendor account, whose shop is not open yet: its bundle, shop,
/// how many days ago it was filed, and each task's status.
struct DemoApplication {
    bundle: &'static str,
    shop: &'static str,
    days_ago: i64,
    tasks: &'static [(TaskKind, TaskStatus)],
}

const DEMO_APPLICATIONS: [DemoApplication; 6] = [
    DemoApplication {
        bundle: "open-restaurant",
        shop: "鹿城示例面馆",
        days_ago: 0,
        tasks: &[
            (TaskKind::Establishment, TaskStatus::InReview),
            (TaskKind::FoodBusinessLicence, TaskStatus::InReview),
            (TaskKind::OutdoorSignboard, TaskStatus::InReview),
            (TaskKind::UtilityConnection, TaskStatus::InReview),
        ],
    },
    // Long past its three working days: the cron trigger raises it to the head.
    DemoApplication {
        bundle: "open-food-shop",
        shop: "鹿城示例小吃店",
        days_ago: 30,
        tasks: &[
            (TaskKind::Establishment, TaskStatus::InReview),
            (TaskKind::PrepackagedFoodFiling, TaskStatus::Approved),
        ],
    },
    DemoApplication {
        bundle: "open-food-shop",
        shop: "鹿城示例副食店",
        days_ago: 6,
        tasks: &[
            (TaskKind::Establishment, TaskStatus::Returned),
            (TaskKind::PrepackagedFoodFiling, TaskStatus::InReview),
        ],
    },
    DemoApplication {
        bundle: "open-food-shop",
        shop: "鹿城示例食品店",
        days_ago: 12,
        tasks: &[
            (TaskKind::Establishment, TaskStatus::Rejected),
            (TaskKind::PrepackagedFoodFiling, TaskStatus::Closed),
        ],
    },
    // Closed with nothing refused: its applicant withdrew it.
    DemoApplication {
        bundle: "open-food-shop",
        shop: "鹿城示例茶饮店",
        days_ago: 4,
        tasks: &[(TaskKind::Establishment, TaskStatus::Closed), (TaskKind::PrepackagedFoodFiling, TaskStatus::Closed)],
    },
    // Returned 45 days ago and never corrected, long past its last day to be: the cron trigger
    // deems it withdrawn and its name is free again.
    DemoApplication {
        bundle: "open-food-shop",
        shop: "鹿城示例烧烤店",
        days_ago: 90,
        tasks: &[
            (TaskKind::Establishment, TaskStatus::Returned),
            (TaskKind::PrepackagedFoodFiling, TaskStatus::InReview),
        ],
    },
];

impl Generator<'_> {
    /// Applications in every state, filed by the vendor account in Lucheng, with their tasks'
    /// clocks on the official 2026 calendar and their timelines.
    pub(crate) fn applications(&mut self) {
        let calendar = WorkCalendar::new(parse_csv(OFFICIAL_2026_CSV).expect("the official calendar"), [2026]);
        let applicant = DEMO_ACCOUNTS.iter().position(|a| a.roles.contains(&Role::Vendor)).expect("a vendor") + 1;
        let staff = DEMO_ACCOUNTS.iter().position(|a| a.department == Some("amr")).expect("amr staff") + 1;
        let (operator, division) = ("郑示例", COUNTIES[0].division);
        let (_, id_number) = self.operator_identity(999, division);
        // The operator's phone on an application is its applicant's own.
        let phone = DEMO_ACCOUNTS[applicant - 1].phone.to_string();
        let mut task_id = 1;
        for (n, demo) in DEMO_APPLICATIONS.iter().enumerate() {
            let id = (n + 1).to_string();
            let filed = add_days(self.today, -demo.days_ago);
            let at = sql_text(&format!("{filed} 09:30:00"));
            let [id_hash, id_sealed] = self.protected(Field::IdNumber, &id_number);
            let [phone_hash, phone_sealed] = self.protected(Field::Phone, &phone);
            self.statement(
                "applications",
                "id, applicant_id, bundle, idempotency_key, shop_name, county_code, trade_code, address_id, \
                 operator_name, id_number_hash, id_number_sealed, phone_hash, phone_sealed, submitted_at",
                &[
                    id.clone(),
                    applicant.to_string(),
                    sql_text(demo.bundle),
                    sql_text(&format!("demo-application-{n:04}")),
                    sql_text(demo.shop),
                    sql_text(division),
                    sql_text("food_retail"),
                    "1".into(),
                    sql_text(operator),
                    id_hash,
                    id_sealed,
                    phone_hash,
                    phone_sealed,
                    at.clone(),
                ],
            );
            self.event(&id, None, Some(applicant), "submitted", &[], &at);
            let withdrawn = demo.tasks.iter().all(|&(_, status)| status == TaskStatus::Closed);
            for &(kind, status) in demo.tasks {
                let &(_, department, limit) = DEMO_TASKS.iter().find(|(k, ..)| *k == kind).expect("a demo task kind");
                let clock = Clock::accept(limit, filed, &calendar);
                // Decided or returned half-way to the deadline.
                let decided = add_days(filed, demo.days_ago / 2);
                let (used, since, due) = match status {
                    TaskStatus::InReview => (0, clock.running_since, clock.due(&calendar)),
                    _ => (clock.pause(&calendar, decided).used_days, None, None),
                };
                let finished = matches!(status, TaskStatus::Approved | TaskStatus::Rejected);
                let late = clock.due(&calendar).is_some_and(|last| decided > last);
                // The amr reviewer decided what was decided, and took the restaurant's food licence.
                let taken = status == TaskStatus::InReview && kind == TaskKind::FoodBusinessLicence;
                let decided_by_staff =
                    matches!(status, TaskStatus::Approved | TaskStatus::Returned | TaskStatus::Rejected);
                let holder = (department == "amr" && (taken || decided_by_staff)).then_some(staff);
                let correct_by = (status == TaskStatus::Returned).then(|| correct_by(decided, &calendar));
                self.statement(
                    "application_tasks",
                    "id, application_id, kind, department, status, limit_days, used_days, running_since, due_on, \
                     decided_on, decided_late, assignee_id, correct_by",
                    &[
                        task_id.to_string(),
                        id.clone(),
                        sql_text(kind.as_str()),
                        sql_text(department),
                        sql_text(status.as_str()),
                        limit.to_string(),
                        used.to_string(),
                        sql_date(since),
                        sql_date(due),
                        sql_date(finished.then_some(decided)),
                        if finished { u8::from(late).to_string() } else { "NULL".into() },
                        holder.map_or("NULL".into(), |id| id.to_string()),
                        sql_date(correct_by),
                    ],
                );
                let decided_at = sql_text(&format!("{decided} 15:00:00"));
                let task = Some(task_id);
                match status {
                    TaskStatus::InReview if taken => self.event(&id, task, Some(staff), "claimed", &[], &at),
                    TaskStatus::InReview => {}
                    TaskStatus::Approved => self.event(&id, task, Some(staff), "approved", &[], &decided_at),
                    TaskStatus::Closed if withdrawn => {}
                    // Closed when the registration was refused, the same afternoon.
                    TaskStatus::Closed => self.event(&id, task, None, "closed", &[], &decided_at),
                    TaskStatus::Returned => {
                        self.event(
                            &id,
                            task,
                            Some(staff),
                            "returned",
                            &["补充租赁合同第2页", "身份证背面照片不清晰"],
                            &decided_at,
                        );
                        self.notice(applicant, &id, NoticeKind::Returned, &decided_at);
                    }
                    TaskStatus::Rejected => {
                        self.event(
                            &id,
                            task,
                            Some(staff),
                            "rejected",
                            &["经营场所为住宅，未取得利害关系业主同意"],
                            &decided_at,
                        );
                        self.notice(applicant, &id, NoticeKind::Rejected, &decided_at);
                        // A refused applicant rates the service low: the head has a rectification.
                        self.statement(
                            "application_ratings",
                            "application_id, score, tags, comment, rated_at",
                            &[
                                id.clone(),
                                "2".into(),
                                sql_text("round_trips,unclear"),
                                sql_text("材料要求没有一次讲清楚"),
                                decided_at.clone(),
                            ],
                        );
                        self.statement(
                            "rectifications",
                            "application_id, department, opened_at",
                            &[id.clone(), sql_text(department), decided_at.clone()],
                        );
                    }
                }
                task_id += 1;
            }
            if withdrawn {
                let at = sql_text(&format!("{} 11:00:00", add_days(filed, demo.days_ago / 2)));
                self.event(&id, None, Some(applicant), "withdrawn", &[], &at);
            }
        }
    }
}
