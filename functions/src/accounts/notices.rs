//! The in-app inbox, and telling applicants and appeal owners by text what happened to their
//! applications and appeals (the stall reminders it also holds are written by `stalls::remind`).

use crate::config::Config;
use crate::context::Ctx;
use crate::http::Outcome;
use crate::{accounts::sms, clock, d1};
use getima_domain::accounts::Role;
use getima_domain::accounts::notices::NoticeKind;
use getima_domain::api::{Notice, Notices, NoticesRead, endpoints};
use getima_domain::appeals::{appeal_text as appeal_message, receipt};
use getima_domain::calendar::parse_date;
use getima_domain::pii::Field;
use getima_domain::registration::TaskStatus;
use serde::Deserialize;
use worker::D1PreparedStatement;

/// How many notices the inbox shows.
const LATEST: u32 = 30;

pub async fn mine(ctx: Ctx<endpoints::ListMyNotices>, _: ()) -> Outcome<Notices> {
    #[derive(Deserialize)]
    struct Row {
        id: i64,
        kind: String,
        application_id: Option<i64>,
        stall_booking_id: Option<i64>,
        appeal_id: Option<i64>,
        subject: String,
        starts: Option<String>,
        created_at: String,
        read_at: Option<String>,
    }
    #[derive(Deserialize)]
    struct Unread {
        unread: u32,
    }
    let db = &ctx.config.db;
    let person = d1::int(ctx.caller()?.person_id);
    let results = db
        .batch(vec![
            db.prepare(
                "SELECT n.id, n.kind, n.application_id, n.stall_booking_id, n.appeal_id,
                        coalesce(a.shop_name, m.name || ' ' || st.number, h.name) AS subject,
                        se.day || ' ' || se.starts AS starts, n.created_at, n.read_at
                   FROM notices n
                   LEFT JOIN applications a ON a.id = n.application_id
                   LEFT JOIN appeals ap ON ap.id = n.appeal_id
                   LEFT JOIN households h ON h.id = ap.household_id
                   LEFT JOIN stall_bookings b ON b.id = n.stall_booking_id
                   LEFT JOIN markets m ON m.id = b.market_id
                   LEFT JOIN stalls st ON st.id = b.stall_id
                   LEFT JOIN market_sessions se ON se.id = b.session_id
                  WHERE n.person_id = ?1 ORDER BY n.id DESC LIMIT ?2",
            )
            .bind(&[person.clone(), LATEST.into()])?,
            db.prepare("SELECT count(*) AS unread FROM notices WHERE person_id = ?1 AND read_at IS NULL")
                .bind(&[person])?,
        ])
        .await?;
    let notices = results[0]
        .results::<Row>()?
        .into_iter()
        .map(|r| {
            Ok(Notice {
                id: r.id,
                kind: d1::known(NoticeKind::parse(&r.kind), "notice kind", &r.kind)?,
                application_id: r.application_id,
                stall_booking: r.stall_booking_id,
                appeal: r.appeal_id,
                subject: r.subject,
                starts: r.starts,
                at: r.created_at,
                read: r.read_at.is_some(),
            })
        })
        .collect::<Outcome<_>>()?;
    let unread = d1::first_row::<Unread>(&results[1], "unread count")?.unread;
    Ok(Notices { notices, unread })
}

pub async fn read(ctx: Ctx<endpoints::MarkNoticesRead>, body: NoticesRead) -> Outcome<()> {
    let caller = ctx.caller()?;
    ctx.config
        .db
        .prepare("UPDATE notices SET read_at = ?3 WHERE person_id = ?1 AND id <= ?2 AND read_at IS NULL")
        .bind(&[d1::int(caller.person_id), d1::int(body.up_to), clock::timestamp().into()])?
        .run()
        .await?;
    Ok(())
}

/// Tells the applicant of `application` about it in the inbox. A return or refusal is told
/// only if the statement just before it in the batch changed something (so a decision that
/// did not happen tells nobody); a business opened, and an application done (every task
/// approved, of a change or of an opened business), are each told once, when they are.
pub fn statement(config: &Config, application: i64, kind: NoticeKind) -> Outcome<D1PreparedStatement> {
    let condition = match kind {
        NoticeKind::Opened => "household_id IS NOT NULL",
        NoticeKind::Completed => {
            "coalesce(target_household_id, household_id) IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM application_tasks t WHERE t.application_id = ?1 AND t.status <> ?4)"
        }
        NoticeKind::Returned | NoticeKind::Rejected => "changes() > 0",
        // A reminder is about a stall booking (`stalls::remind` writes it), and the rest about
        // an appeal (`appeal_statement`), never an application.
        NoticeKind::StallReminder
        | NoticeKind::AppealTaken
        | NoticeKind::AppealAnswered
        | NoticeKind::AppealPassedOn
        | NoticeKind::AppealReferred
        | NoticeKind::AppealClosed => "false",
    };
    let mut bound = vec![d1::int(application), kind.as_str().into(), clock::timestamp().into()];
    if kind == NoticeKind::Completed {
        // Done: every task granted.
        bound.push(d1::state(TaskStatus::GRANTED));
    }
    Ok(config
        .db
        .prepare(format!(
            "INSERT INTO notices (person_id, application_id, kind, created_at)
             SELECT applicant_id, id, ?2, ?3 FROM applications WHERE id = ?1 AND {condition}
             ON CONFLICT DO NOTHING"
        ))
        .bind(&bound)?)
}

/// Texts the application's contact phone what its notice says. The inbox already holds it,
/// so a text that cannot be sent is logged (without the number) and not retried.
pub async fn text(config: &Config, application: i64, kind: NoticeKind) {
    send_text(config, application, kind.as_str(), |shop| kind.text_message(shop)).await;
}

/// Texts the applicant that a return went uncorrected past its last day and the application
/// is deemed withdrawn (its timeline says so too).
pub async fn text_lapsed(config: &Config, application: i64) {
    send_text(config, application, "lapsed", |shop| Some(getima_domain::registration::lapsed_text(shop))).await;
}

/// Texts the application's contact phone what `message` makes of its shop's name; `what`
/// names it in the log should it fail.
async fn send_text(config: &Config, application: i64, what: &str, message: impl Fn(&str) -> Option<String>) {
    #[derive(Deserialize)]
    struct Contact {
        shop_name: String,
        phone_sealed: String,
    }
    let contact = async {
        config
            .db
            .prepare("SELECT shop_name, phone_sealed FROM applications WHERE id = ?1")
            .bind(&[d1::int(application)])?
            .first::<Contact>(None)
            .await
    };
    let sent = match contact.await {
        Ok(Some(contact)) => {
            match (config.pii.open(Field::Phone, &contact.phone_sealed), message(&contact.shop_name)) {
                (Some(phone), Some(message)) => sms::send(config, &phone, &message).await.is_ok(),
                _ => false,
            }
        }
        _ => false,
    };
    if !sent {
        worker::console_error!("notice text not sent: application {application}, {what}");
    }
}

/// Tells the owner of `appeal` in the inbox of the step the statement just before it in the
/// batch wrote on its timeline, if it wrote one: the notice names that step, so a step is told
/// once, whoever tries it again or at the same moment.
pub fn appeal_statement(config: &Config, appeal: i64, kind: NoticeKind) -> Outcome<D1PreparedStatement> {
    Ok(config
        .db
        .prepare(
            "INSERT INTO notices (person_id, appeal_id, appeal_event_id, kind, created_at)
             SELECT a.owner_id, a.id, (SELECT max(e.id) FROM appeal_events e WHERE e.appeal_id = a.id), ?2, ?3
               FROM appeals a WHERE a.id = ?1 AND changes() > 0
             ON CONFLICT DO NOTHING",
        )
        .bind(&[d1::int(appeal), kind.as_str().into(), clock::timestamp().into()])?)
}

/// Texts the owner of `appeal` what its notice says, with the link to it under `origin`: sent
/// by the one request whose step was written, after its batch. The inbox already holds it, so a
/// text that cannot be sent is logged (without the number) and not retried.
pub async fn appeal_text(config: &Config, origin: &str, appeal: i64, kind: NoticeKind) {
    #[derive(Deserialize)]
    struct Owner {
        submitted_at: String,
        department: String,
        legal_tier: Option<u8>,
        phone_sealed: Option<String>,
    }
    let owner = async {
        config
            .db
            .prepare(
                "SELECT a.submitted_at, d.name_zh AS department, a.legal_tier, p.phone_sealed
                   FROM appeals a JOIN departments d ON d.code = a.department JOIN people p ON p.id = a.owner_id
                  WHERE a.id = ?1",
            )
            .bind(&[d1::int(appeal)])?
            .first::<Owner>(None)
            .await
    };
    let sent = match owner.await {
        Ok(Some(owner)) => {
            let filed = owner.submitted_at.get(..10).and_then(parse_date);
            // Referred up, it went to the next tier of the same department.
            let to = match (kind, owner.legal_tier.and_then(Role::for_legal_tier)) {
                (NoticeKind::AppealReferred, Some(tier)) => tier.label().zh.to_string(),
                _ => owner.department,
            };
            let link = format!("{origin}/me/appeals/{appeal}");
            let text = filed.and_then(|day| appeal_message(kind, &receipt(day, appeal), &to, &link));
            match (owner.phone_sealed, text) {
                (Some(sealed), Some(text)) => match config.pii.open(Field::Phone, &sealed) {
                    Some(phone) => sms::send(config, &phone, &text).await.is_ok(),
                    None => false,
                },
                // Signed up through WeChat, with no phone: the inbox tells them.
                (None, Some(_)) => true,
                (_, None) => false,
            }
        }
        _ => false,
    };
    if !sent {
        worker::console_error!("notice text not sent: appeal {appeal}, {}", kind.as_str());
    }
}
