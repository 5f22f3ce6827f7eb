//! The signed-in person: who they are, registering as a vendor, and signing out.

pub(crate) mod admin;
pub(crate) mod notices;
pub(crate) mod owners;
pub(crate) mod proofs;
pub(crate) mod sign_in;
pub(crate) mod sms;

use crate::audit::{self, Entry};
use crate::context::Ctx;
use crate::context::{Incoming, run};
use crate::cron::Job;
use crate::http::Outcome;
use crate::{clock, d1, people, random, sessions};
use getima_domain::accounts::api::endpoints::Endpoint;
use getima_domain::accounts::{Role, valid_name};
use getima_domain::api::{AllValid, Me, VendorRequest, endpoints, field};
use getima_domain::audit::AuditAction;
use getima_domain::id_number;
use getima_domain::pii::Field;
use worker::Response;

pub async fn me(ctx: Ctx<endpoints::GetMe>, _: ()) -> Outcome<Me> {
    let person = people::existing(&ctx.config, ctx.caller()?.person_id).await?;
    Ok(person.me(&ctx.config))
}

pub async fn sign_out(ctx: Ctx<endpoints::SignOut>, _: ()) -> Outcome<()> {
    sessions::end(&ctx.config, ctx.caller()?).await
}

/// A signed-in person registers as a stall vendor with name and ID number.
pub async fn become_vendor(ctx: Ctx<endpoints::BecomeVendor>, body: VendorRequest) -> Outcome<Me> {
    let config = &ctx.config;
    let caller = ctx.caller()?;
    let (name, id_number) =
        (field("name", valid_name(&body.name)), field("id_number", id_number::parse(&body.id_number))).all_valid()?;
    let db = &config.db;
    let pid = d1::int(caller.person_id);
    let mut statements = vec![
        // The name is what the audit trail shows for this person's acts, so changing it is
        // itself recorded, under the name it replaces.
        audit::rename_statement(config, caller.person_id, &name)?,
        db.prepare("UPDATE people SET name = ?2, id_number_hash = ?3, id_number_sealed = ?4 WHERE id = ?1").bind(&[
            pid.clone(),
            name.as_str().into(),
            config.pii.fingerprint(Field::IdNumber, &id_number).into(),
            config.pii.seal(Field::IdNumber, &id_number, random::bytes()?).into(),
        ])?,
    ];
    statements.push(people::grant(db, caller.person_id, Role::Vendor, clock::today().to_string().into())?);
    let subject = format!("person:{}", caller.person_id);
    statements
        .push(audit::statement(config, Entry::if_changed(caller.person_id, AuditAction::PersonBecameVendor, subject))?);
    db.batch(statements).await?;
    Ok(people::existing(config, caller.person_id).await?.me(config))
}

/// Forgets expired limits, sign-in codes and sessions.
pub(crate) const CRON: &[Job] = &[Job {
    what: "sweep of expired limits, sign-in codes and sessions",
    run: |config| Box::pin(sessions::sweep(config)),
}];

/// Runs this area's endpoints: the router hands each request over by its area.
pub(crate) async fn serve(endpoint: Endpoint, incoming: Incoming) -> Outcome<Response> {
    match endpoint {
        Endpoint::RequestOtp => run(incoming, sign_in::request_otp).await,
        Endpoint::SignIn => run(incoming, sign_in::with_phone).await,
        Endpoint::WechatSignIn => run(incoming, sign_in::with_wechat).await,
        Endpoint::Refresh => run(incoming, sign_in::refresh).await,
        Endpoint::SignOut => run(incoming, sign_out).await,
        Endpoint::GetMe => run(incoming, me).await,
        Endpoint::BecomeVendor => run(incoming, become_vendor).await,
        Endpoint::ReadDevInbox => run(incoming, sms::inbox).await,
        Endpoint::ListMyHouseholds => run(incoming, owners::mine).await,
        Endpoint::ClaimHousehold => run(incoming, owners::claim).await,
        Endpoint::GetMyHousehold => run(incoming, owners::private).await,
        Endpoint::ListMyNotices => run(incoming, notices::mine).await,
        Endpoint::MarkNoticesRead => run(incoming, notices::read).await,
        Endpoint::CreatePerson => run(incoming, admin::create_person).await,
        Endpoint::SetPersonDisabled => run(incoming, admin::set_person_disabled).await,
        Endpoint::ReadAudit => run(incoming, admin::audit_log).await,
    }
}
