//! The in-app inbox, and telling applicants by text what happened to their applications (the
//! stall reminders it also holds are written by `stalls::remind`).

use crate::config::Config;
use crate::context::Ctx;
use crate::http::Outcome;
use crate::{clock, d1, sms};
use getima_domain::api::{Notice, Notices, NoticesRead, endpoints};
use getima_domain::notices::NoticeKind;
use getima_domain::pii::Field;
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
                "SELECT n.id, n.kind, n.application_id, n.stall_booking_id,
                        coalesce(a.shop_name, m.name || ' ' || st.number) AS subject,
                        se.day || ' ' || se.starts AS starts, n.created_at, n.read_at
                   FROM notices n
                   LEFT JOIN applications a ON a.id = n.application_id
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
             AND NOT EXISTS (SELECT 1 FROM application_tasks t WHERE t.application_id = ?1 AND t.status <> 'approved')"
        }
        NoticeKind::Returned | NoticeKind::Rejected => "changes() > 0",
        // A reminder is about a stall booking (`stalls::remind` writes it), never an application.
        NoticeKind::StallReminder => "false",
    };
    Ok(config
        .db
        .prepare(format!(
            "INSERT INTO notices (person_id, application_id, kind, created_at)
             SELECT applicant_id, id, ?2, ?3 FROM applications WHERE id = ?1 AND {condition}
             ON CONFLICT DO NOTHING"
        ))
        .bind(&[d1::int(application), kind.as_str().into(), clock::timestamp().into()])?)
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
