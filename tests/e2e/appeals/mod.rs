//! Appeals (诉求): filed from a business and routed by category, claimed by the first
//! responder, answered, and closed or reopened by the owner — through the real local server.

pub mod open311;
pub mod steps;

use crate::accounts::{expect_error, phone, post_as};
use crate::attacks::{at_once, audit_log};
use crate::browser::{click, element, keep_screenshot, open_signed_in, run, text as text_of, type_into};
use crate::registration::applications::staff;
use crate::{Ctx, NamedTest};
use getima_domain::accounts::Role;
use getima_domain::api::{
    ApiError, Appeal, AppealCategories, AppealQueue, AppealStats, CategoryNotice, ErrorKind, MyAppeals, MyHouseholds,
};
use getima_domain::appeals::{AppealCategory, AppealEvent, AppealStatus};
use getima_domain::audit::AuditAction;
use getima_e2e::phone::{PHONE_UA, cdp, phone_with};
use serde_json::json;

/// Every suite of this area.
pub const SUITES: &[&[NamedTest]] = &[TESTS, open311::TESTS, steps::TESTS];

pub const TESTS: &[NamedTest] = &[
    (
        "appeals::every_category_says_which_department_answers_it_and_how_fast",
        every_category_says_which_department_answers_it_and_how_fast,
    ),
    (
        "appeals::an_appeal_filed_from_a_business_reaches_its_category_s_department_with_a_receipt_at_once",
        an_appeal_filed_from_a_business_reaches_its_category_s_department_with_a_receipt_at_once,
    ),
    (
        "appeals::twenty_copies_of_one_appeal_fired_at_once_file_it_once",
        twenty_copies_of_one_appeal_fired_at_once_file_it_once,
    ),
    (
        "appeals::every_bad_field_is_named_at_once_in_both_languages_and_nothing_is_filed",
        every_bad_field_is_named_at_once_in_both_languages_and_nothing_is_filed,
    ),
    (
        "appeals::of_two_staff_claiming_at_once_one_answers_for_the_appeal_to_the_end",
        of_two_staff_claiming_at_once_one_answers_for_the_appeal_to_the_end,
    ),
    (
        "appeals::the_owner_reopens_an_unsatisfying_answer_and_closes_the_next_with_a_rating",
        the_owner_reopens_an_unsatisfying_answer_and_closes_the_next_with_a_rating,
    ),
    (
        "appeals::nobody_sees_or_acts_on_an_appeal_that_is_not_theirs",
        nobody_sees_or_acts_on_an_appeal_that_is_not_theirs,
    ),
    (
        "appeals::the_cron_trigger_raises_each_overdue_appeal_to_its_head_once",
        the_cron_trigger_raises_each_overdue_appeal_to_its_head_once,
    ),
    ("appeals::an_appeal_is_raised_answered_and_rated_on_phones", an_appeal_is_raised_answered_and_rated_on_phones),
    (
        "appeals::an_appeal_passed_to_the_department_it_belongs_to_starts_there_afresh_with_the_reason_on_record",
        an_appeal_passed_to_the_department_it_belongs_to_starts_there_afresh_with_the_reason_on_record,
    ),
    (
        "appeals::fifteen_appeals_fired_at_once_by_one_owner_file_the_day_s_ten_and_no_more",
        fifteen_appeals_fired_at_once_by_one_owner_file_the_day_s_ten_and_no_more,
    ),
    (
        "appeals::the_public_statistics_count_each_department_s_appeals_without_personal_data_and_the_csv_agrees",
        the_public_statistics_count_each_department_s_appeals_without_personal_data_and_the_csv_agrees,
    ),
    (
        "appeals::a_department_asked_to_help_answers_in_the_thread_while_the_holder_keeps_the_appeal",
        a_department_asked_to_help_answers_in_the_thread_while_the_holder_keeps_the_appeal,
    ),
    (
        "appeals::the_head_hands_an_appeal_to_a_colleague_who_then_answers_for_it",
        the_head_hands_an_appeal_to_a_colleague_who_then_answers_for_it,
    ),
    (
        "appeals::legal_advice_climbs_from_the_local_office_to_public_then_professional_lawyers_each_taking_it_at_its_tier",
        legal_advice_climbs_from_the_local_office_to_public_then_professional_lawyers_each_taking_it_at_its_tier,
    ),
    (
        "appeals::an_admin_routes_a_category_to_another_department_with_deadlines_for_appeals_filed_after",
        an_admin_routes_a_category_to_another_department_with_deadlines_for_appeals_filed_after,
    ),
    (
        "appeals::on_a_phone_legal_advice_waits_for_its_tier_and_the_local_office_refers_it_up",
        on_a_phone_legal_advice_waits_for_its_tier_and_the_local_office_refers_it_up,
    ),
    (
        "appeals::on_a_phone_an_admin_changes_a_category_s_deadline_told_beside_the_field_when_it_is_wrong",
        on_a_phone_an_admin_changes_a_category_s_deadline_told_beside_the_field_when_it_is_wrong,
    ),
];

const OWNER: &str = "13800000001";
const OTHER_OWNER: &str = "13800000002";

/// The owner's token and their first business's credit code.
pub(crate) fn owner(ctx: &Ctx, phone: &str) -> (String, String) {
    let token = ctx.session(phone).access_token;
    let mine: MyHouseholds = ctx.get_as(&token, "/api/me/households").json().expect("my households");
    let uscc = mine.households.first().expect("a business").uscc.clone();
    (token, uscc)
}

pub(crate) fn request(category: &str, text: &str, key: &str) -> serde_json::Value {
    json!({ "idempotency_key": key, "category": category, "text": text })
}

pub(crate) fn file(ctx: &Ctx, token: &str, uscc: &str, body: serde_json::Value) -> reqwest::blocking::Response {
    post_as(ctx, token, &format!("/api/me/households/{uscc}/appeals"), body)
}

pub(crate) fn filed(ctx: &Ctx, token: &str, uscc: &str, body: serde_json::Value) -> Appeal {
    let response = file(ctx, token, uscc, body);
    assert_eq!(response.status(), 201);
    response.json().expect("the appeal")
}

pub(crate) fn mine(ctx: &Ctx, token: &str) -> Vec<Appeal> {
    ctx.get_as(token, "/api/me/appeals").json::<MyAppeals>().expect("my appeals").appeals
}

pub(crate) fn queue(ctx: &Ctx, token: &str, dept: &str, query: &str) -> AppealQueue {
    ctx.get_as(token, &format!("/api/departments/{dept}/appeals?{query}")).json().expect("the queue")
}

fn step(ctx: &Ctx, token: &str, path: &str, body: serde_json::Value) -> reqwest::blocking::Response {
    post_as(ctx, token, path, body)
}

pub(crate) fn claim(ctx: &Ctx, token: &str, dept: &str, appeal: i64) -> reqwest::blocking::Response {
    step(ctx, token, &format!("/api/departments/{dept}/appeals/{appeal}/claim"), json!(null))
}

pub(crate) fn reply(ctx: &Ctx, token: &str, dept: &str, appeal: i64, text: &str) -> reqwest::blocking::Response {
    step(ctx, token, &format!("/api/departments/{dept}/appeals/{appeal}/reply"), json!({ "text": text }))
}

fn every_category_says_which_department_answers_it_and_how_fast(ctx: &Ctx) {
    let list: AppealCategories = ctx.get("/api/appeals/categories").json().expect("categories");
    let offered: Vec<AppealCategory> = list.categories.iter().map(|c| c.category).collect();
    assert_eq!(offered, AppealCategory::ALL, "the plan's ten areas, in order");
    let department = |category: AppealCategory| {
        let notice = list.categories.iter().find(|c| c.category == category).expect("offered");
        notice.department.code.as_str()
    };
    assert_eq!(department(AppealCategory::Tax), "tax");
    assert_eq!(department(AppealCategory::Legal), "justice");
    assert_eq!(department(AppealCategory::SocialSecurity), "hrss");
    assert_eq!(department(AppealCategory::Utilities), "power");
    assert!(list.categories.iter().all(|c| c.claim_days <= c.reply_days && c.reply_days > 0), "{list:?}");
}

fn an_appeal_filed_from_a_business_reaches_its_category_s_department_with_a_receipt_at_once(ctx: &Ctx) {
    let (token, uscc) = owner(ctx, OWNER);
    let mut body = request("tax", "开了发票后顾客要求退款，红字发票怎么开？", "appeal-receipt-000001");
    body["location"] = json!({ "latitude": 27.9938, "longitude": 120.6994 });
    let appeal = filed(ctx, &token, &uscc, body);
    let day = appeal.submitted_at[..10].replace('-', "");
    assert_eq!(appeal.receipt, format!("SQ{day}{:06}", appeal.id), "a receipt at once");
    assert_eq!((appeal.category, appeal.status), (AppealCategory::Tax, AppealStatus::Submitted));
    assert_eq!(appeal.department.code, "tax", "routed by its category");
    assert!(appeal.due_on.is_some() && appeal.days_left.is_some_and(|d| (0..=1).contains(&d)), "{appeal:?}");
    assert_eq!(appeal.location.map(|l| l.latitude), Some(27.9938));
    let steps: Vec<(AppealEvent, &str)> = appeal.timeline.iter().map(|s| (s.event, s.by_zh.as_str())).collect();
    assert_eq!(steps, [(AppealEvent::Submitted, "经营户")]);

    let tax = staff(ctx, "tax");
    let waiting = queue(ctx, &tax, "tax", "whose=unassigned");
    let queued = waiting.appeals.iter().find(|a| a.id == appeal.id).expect("in the tax queue");
    assert_eq!(queued.text, "开了发票后顾客要求退款，红字发票怎么开？");
    let amr = staff(ctx, "amr");
    assert!(queue(ctx, &amr, "amr", "").appeals.iter().all(|a| a.id != appeal.id), "not in another department's");
    assert!(mine(ctx, &token).iter().any(|a| a.id == appeal.id), "in the owner's list");
}

fn twenty_copies_of_one_appeal_fired_at_once_file_it_once(ctx: &Ctx) {
    let (token, uscc) = owner(ctx, OTHER_OWNER);
    let before = mine(ctx, &token).len();
    let body = request("premises", "房东要求提前解约，押金不退，怎么办？", "appeal-at-once-000001");
    let answers = at_once(20, |_| {
        let response = file(ctx, &token, &uscc, body.clone());
        (response.status().as_u16(), response.json::<Appeal>().ok().map(|a| a.id))
    });
    let ids: std::collections::BTreeSet<_> = answers.iter().filter_map(|(_, id)| *id).collect();
    assert!(answers.iter().all(|(status, _)| *status == 201), "{answers:?}");
    assert_eq!(ids.len(), 1, "one appeal, every copy answered with it: {answers:?}");
    assert_eq!(mine(ctx, &token).len(), before + 1);
    let reused = file(ctx, &token, &uscc, request("premises", "另一件事情，另一件事情", "appeal-at-once-000001"));
    expect_error(reused, 409, ErrorKind::AlreadyExists);
}

fn every_bad_field_is_named_at_once_in_both_languages_and_nothing_is_filed(ctx: &Ctx) {
    // An owner of its own: another test filing at the same moment must not look like a leak.
    let (token, uscc) = new_shop_owner(ctx, "13655500109", "鹿城错填诉求面馆", "appeal-bad-fields-shop");
    let before = mine(ctx, &token).len();
    let bad = json!({
        "idempotency_key": "short",
        "category": "weather",
        "text": "  太贵  ",
        "location": { "latitude": 120.7, "longitude": 27.99 },
    });
    let error = expect_error(file(ctx, &token, &uscc, bad), 400, ErrorKind::InvalidBody);
    let fields: Vec<&str> = error.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["idempotency_key", "category", "text", "location"]);
    assert!(error.fields.iter().all(|f| !f.message_zh.is_empty() && !f.message_en.is_empty()), "{error:?}");
    let unknown = file(
        ctx,
        &token,
        &uscc,
        json!({ "idempotency_key": "appeal-unknown-field1", "category": "tax",
        "text": "发票怎么开才对", "priority": "urgent" }),
    );
    assert_eq!(unknown.status(), 400, "an unknown field is refused, not ignored");
    let hidden = file(ctx, &token, &uscc, request("tax", "发票\u{202E}怎么开才对", "appeal-hidden-chars1"));
    assert_eq!(hidden.json::<ApiError>().expect("an error").fields[0].field, "text");
    assert_eq!(mine(ctx, &token).len(), before, "nothing filed");
}

fn of_two_staff_claiming_at_once_one_answers_for_the_appeal_to_the_end(ctx: &Ctx) {
    let (token, uscc) = owner(ctx, OWNER);
    let appeal = filed(
        ctx,
        &token,
        &uscc,
        request("licensing", "食品经营许可证快到期了，延续要提前多久办？", "appeal-claims-000001"),
    );
    let amr = [staff(ctx, "amr"), ctx.session(phone(Role::DepartmentHead, Some("amr"))).access_token];
    let answers = at_once(10, |i| (i % 2, claim(ctx, &amr[i % 2], "amr", appeal.id).status().as_u16()));
    // The winner's other copies answer as the first did; every claim by the other is refused.
    let winners: std::collections::BTreeSet<usize> =
        answers.iter().filter(|(_, s)| *s == 200).map(|(who, _)| *who).collect();
    assert_eq!(winners.len(), 1, "one first responder: {answers:?}");
    let refused_unless_won = |(who, s): &(usize, u16)| winners.contains(who) == (*s == 200) && (*s == 200 || *s == 409);
    assert!(answers.iter().all(refused_unless_won), "{answers:?}");
    let winner = *winners.first().expect("a winner");
    let (holder, other) = (&amr[winner], &amr[1 - winner]);
    let mine_now = queue(ctx, holder, "amr", "whose=mine");
    let taken = mine_now.appeals.iter().find(|a| a.id == appeal.id).expect("on the holder's list");
    assert!(taken.assignee.is_some(), "staff see who answers for it");
    let claims = taken.timeline.iter().filter(|s| s.event == AppealEvent::Claimed).count();
    assert_eq!(claims, 1, "taken once, however many copies");
    assert!(queue(ctx, holder, "amr", "whose=unassigned").appeals.iter().all(|a| a.id != appeal.id));
    assert_eq!(claim(ctx, holder, "amr", appeal.id).status(), 200, "a retry by whoever took it answers as before");
    expect_error(claim(ctx, other, "amr", appeal.id), 409, ErrorKind::AppealTaken);
    expect_error(reply(ctx, other, "amr", appeal.id, "请提前30个工作日申请延续。"), 409, ErrorKind::AppealTaken);
    let empty = reply(ctx, holder, "amr", appeal.id, "   ");
    assert_eq!(expect_error(empty, 400, ErrorKind::InvalidBody).fields[0].field, "text");

    let answered = reply(ctx, holder, "amr", appeal.id, "请在有效期届满30个工作日前，在个体码“我的”中申请延续。");
    assert_eq!(answered.status(), 200);
    let answered: Appeal = answered.json().expect("the appeal");
    let again = reply(ctx, holder, "amr", appeal.id, "请在有效期届满30个工作日前，在个体码“我的”中申请延续。");
    assert_eq!(again.status(), 200, "a retried answer is not refused");
    assert_eq!((answered.status, answered.due_on.as_deref()), (AppealStatus::Replied, None), "no deadline runs");
    let events: Vec<(AppealEvent, &str)> = answered.timeline.iter().map(|s| (s.event, s.by_zh.as_str())).collect();
    assert_eq!(
        events,
        [
            (AppealEvent::Submitted, "经营户"),
            (AppealEvent::Claimed, "市场监管局"),
            (AppealEvent::Replied, "市场监管局")
        ]
    );
    let subject = format!("appeal:{}", appeal.id);
    assert_eq!(audit_log(ctx).iter().filter(|e| e.subject == subject).count(), 2, "the claim and the reply, audited");
    let seen = mine(ctx, &token).into_iter().find(|a| a.id == appeal.id).expect("the owner's appeal");
    assert_eq!(seen.status, AppealStatus::Replied);
    assert!(seen.assignee.is_none(), "the owner sees the department, not the staff member");
    assert!(seen.timeline.iter().any(|s| s.note.contains("30个工作日")), "and the answer");
}

fn the_owner_reopens_an_unsatisfying_answer_and_closes_the_next_with_a_rating(ctx: &Ctx) {
    let (token, uscc) = owner(ctx, OTHER_OWNER);
    let appeal =
        filed(ctx, &token, &uscc, request("other", "门口路灯坏了一个月，晚上顾客不敢来。", "appeal-reopen-000001"));
    let amr = staff(ctx, "amr");
    let rating = |score: u8| json!({ "score": score, "comment": "处理及时" });
    let rate = |body| step(ctx, &token, &format!("/api/me/appeals/{}/rating", appeal.id), body);
    let reopen = |reason: &str| {
        step(ctx, &token, &format!("/api/me/appeals/{}/reopening", appeal.id), json!({ "reason": reason }))
    };
    expect_error(rate(rating(5)), 409, ErrorKind::NotNow);
    expect_error(reopen("还没有人处理"), 409, ErrorKind::NotNow);
    assert_eq!(claim(ctx, &amr, "amr", appeal.id).status(), 200);
    assert_eq!(reply(ctx, &amr, "amr", appeal.id, "已转告路灯管理所。").status(), 200);

    let reopened = reopen("只是转告，没有修好");
    assert_eq!(reopened.status(), 200);
    let reopened: Appeal = reopened.json().expect("the appeal");
    assert_eq!(reopened.status, AppealStatus::Claimed, "back to the one who answered");
    assert!(reopened.due_on.is_some(), "with a new reply deadline");
    assert!(queue(ctx, &amr, "amr", "whose=mine").appeals.iter().any(|a| a.id == appeal.id), "on their list again");
    assert_eq!(reply(ctx, &amr, "amr", appeal.id, "路灯已于今天修复。").status(), 200);

    let bad = rate(json!({ "score": 0, "comment": "x\u{200B}" }));
    let fields: Vec<String> =
        expect_error(bad, 400, ErrorKind::InvalidBody).fields.into_iter().map(|f| f.field).collect();
    assert_eq!(fields, ["score", "comment"]);
    let closed = rate(rating(5));
    assert_eq!(closed.status(), 200);
    let closed: Appeal = closed.json().expect("the appeal");
    assert_eq!((closed.status, closed.score), (AppealStatus::Closed, Some(5)));
    assert_eq!(rate(rating(4)).status(), 200, "a retry answers as the first did");
    let again = mine(ctx, &token).into_iter().find(|a| a.id == appeal.id).expect("mine");
    assert_eq!(again.score, Some(5), "rated once");
    let events: Vec<AppealEvent> = again.timeline.iter().map(|s| s.event).collect();
    use AppealEvent::*;
    assert_eq!(events, [Submitted, Claimed, Replied, Reopened, Replied, Closed]);
    assert!(queue(ctx, &amr, "amr", "").appeals.iter().all(|a| a.id != appeal.id), "closed: off the queue");

    assert_eq!(reopen("又坏了").status(), 200, "within seven days of closing");
    let empty = reopen(" ");
    assert_eq!(expect_error(empty, 400, ErrorKind::InvalidBody).fields[0].field, "reason");
}

fn nobody_sees_or_acts_on_an_appeal_that_is_not_theirs(ctx: &Ctx) {
    let (token, uscc) = owner(ctx, OWNER);
    let appeal =
        filed(ctx, &token, &uscc, request("finance", "想申请创业担保贷款，需要什么条件？", "appeal-privacy-00001"));
    let (other, other_uscc) = owner(ctx, OTHER_OWNER);
    assert!(mine(ctx, &other).iter().all(|a| a.id != appeal.id), "another owner never lists it");
    let path = |what: &str| format!("/api/me/appeals/{}/{what}", appeal.id);
    expect_error(step(ctx, &other, &path("rating"), json!({ "score": 1 })), 404, ErrorKind::NotFound);
    expect_error(step(ctx, &other, &path("reopening"), json!({ "reason": "x" })), 404, ErrorKind::NotFound);
    let not_owned = file(ctx, &other, &uscc, request("tax", "替别人的店提诉求可以吗", "appeal-not-mine-00001"));
    assert_eq!(not_owned.status(), 403, "only for a business one owns");
    assert_eq!(
        file(ctx, &token, &other_uscc, request("tax", "替别人的店提诉求可以吗", "appeal-not-mine-00002")).status(),
        403
    );

    let (tax, pboc_is_elsewhere) = (staff(ctx, "tax"), "pboc");
    assert_eq!(claim(ctx, &tax, pboc_is_elsewhere, appeal.id).status(), 403, "not tax's department to act in");
    expect_error(claim(ctx, &tax, "tax", appeal.id), 404, ErrorKind::NotFound);
    assert!(queue(ctx, &tax, "tax", "").appeals.iter().all(|a| a.id != appeal.id));
    let vendor = ctx.session(phone(Role::Vendor, None)).access_token;
    assert_eq!(ctx.get_as(&vendor, "/api/departments/pboc/appeals").status(), 403, "not staff");
    for (query, field) in [("whose=everyone", "whose"), ("overdue=maybe", "overdue")] {
        let bad = ctx.get_as(&tax, &format!("/api/departments/tax/appeals?{query}"));
        assert_eq!(expect_error(bad, 400, ErrorKind::InvalidBody).fields[0].field, field, "{query}");
    }
    let owner_seen = serde_json::to_string(&mine(ctx, &token)).expect("JSON");
    let amr_staff_name = "陈监管";
    assert!(!owner_seen.contains(amr_staff_name), "an owner never sees who on the staff handled it");
}

fn the_cron_trigger_raises_each_overdue_appeal_to_its_head_once(ctx: &Ctx) {
    let power = ctx.session(phone(Role::Staff, Some("power"))).access_token;
    let overdue = |ctx: &Ctx| queue(ctx, &power, "power", "overdue=true");
    let late = overdue(ctx).appeals.into_iter().find(|a| a.text.contains("跳闸")).expect("the late demo appeal");
    assert!(late.days_left.is_some_and(|d| d < 0), "{late:?}");
    for _ in 0..2 {
        assert_eq!(ctx.get("/__scheduled?cron=*/30+*+*+*+*").status(), 200);
    }
    assert!(!ctx.server.log().contains("scheduled appeal escalation failed"), "{}", ctx.server.log_tail());
    let raised = overdue(ctx).appeals.into_iter().find(|a| a.id == late.id).expect("still overdue");
    let escalations: Vec<_> = raised.timeline.iter().filter(|s| s.event == AppealEvent::Escalated).collect();
    assert_eq!(escalations.len(), 1, "raised once, however often the trigger runs");
    assert_eq!(escalations[0].by_zh, "系统");
    assert!(raised.escalated, "marked for the head");
    let (token, _) = owner(ctx, OWNER);
    let demo = mine(ctx, &token);
    for status in AppealStatus::ALL {
        assert!(demo.iter().any(|a| a.status == *status), "a demo appeal {status:?}");
    }
    let long_closed =
        demo.iter().find(|a| a.status == AppealStatus::Closed && a.text.contains("共享单车")).expect("closed");
    assert!(!long_closed.can_reopen, "closed more than 7 days ago");
    let late =
        step(ctx, &token, &format!("/api/me/appeals/{}/reopening", long_closed.id), json!({ "reason": "又堵了" }));
    expect_error(late, 409, ErrorKind::NotNow);
}

/// The whole loop on phones: the owner raises a problem from their page, the department's
/// reviewer takes it and answers with a template, and the owner rates the answer, closing it.
fn an_appeal_is_raised_answered_and_rated_on_phones(ctx: &Ctx) {
    let owner_session = ctx.session(OTHER_OWNER);
    let uscc = owner(ctx, OTHER_OWNER).1;
    let owner_tokens = serde_json::to_value(&owner_session).expect("tokens");
    let staff_tokens = serde_json::to_value(ctx.session(phone(Role::Staff, Some("amr")))).expect("tokens");
    let base = ctx.server.url("/");
    let text = "网店平台要求我交保证金才能上架，这是规定吗？";
    let folder = getima_e2e::scratch_dir("appeal-photo");
    let screenshot = folder.join("platform-notice.png");
    std::fs::write(&screenshot, crate::registration::photos::png(900, 1600, 0x1F)).expect("the photo is on the phone");
    run(async || {
        let phone_ui = phone_with(PHONE_UA).await;
        let client = &phone_ui.client;
        open_signed_in(client, &base, &owner_tokens, "me").await;
        click(client, &format!("[data-testid=to-household-appeal][href='/me/households/{uscc}/appeal']")).await;
        // The form is whole once its categories are there: a tap before then may meet a form
        // about to be drawn again.
        element(client, "[data-testid=appeal-category]", "the categories").await;
        click(client, "[data-testid=file-appeal]").await;
        let missing = text_of(client, "[data-testid=appeal-category-error]").await;
        assert!(missing.contains("请选择"), "told beside the choice before anything is sent: {missing}");
        click(client, "input[name=appeal-category][value=platform_fees]").await;
        type_into(client, "#appeal-text", text).await;
        // Where the shop is (五马街), as the phone reports it once asked.
        cdp(client, "Browser.grantPermissions", json!({ "permissions": ["geolocation"] })).await;
        let wuma = json!({ "latitude": 28.0191, "longitude": 120.6544, "accuracy": 30 });
        cdp(client, "Emulation.setGeolocationOverride", wuma).await;
        click(client, "[data-testid=add-location]").await;
        let located = text_of(client, "[data-testid=location-added]").await;
        assert!(located.contains("30 米"), "the owner sees the location is attached, and how exact: {located}");
        let picker = element(client, "[data-testid='photo-input-appeal']", "the photo picker").await;
        picker.send_keys(screenshot.to_str().expect("a UTF-8 path")).await.expect("a photo is chosen");
        let sent = "//*[@data-testid='photo-status-appeal'][contains(., '已上传 1 张')]";
        let sent = client.wait().at_most(crate::browser::WAIT).for_element(fantoccini::Locator::XPath(sent)).await;
        sent.expect("the phone says the photo was sent");
        keep_screenshot(client, "appeal-form").await;
        click(client, "[data-testid=file-appeal]").await;
        let filed = text_of(client, "[data-testid=appeal][data-status=submitted]").await;
        assert!(filed.contains("受理编号") && filed.contains("市场监管局"), "{filed}");
        keep_screenshot(client, "appeal-filed").await;
        let landed = client.current_url().await.expect("a URL");
        let id =
            landed.fragment().and_then(|f| f.strip_prefix("appeal-")).expect("lands on the new appeal").to_string();

        open_signed_in(client, &base, &staff_tokens, "desk").await;
        click(client, "[data-testid=to-appeals]").await;
        click(client, "[data-testid=whose-unassigned]").await;
        let card = format!("[data-testid=queued-appeal][data-appeal='{id}']");
        element(client, &format!("{card}[data-status=submitted]"), "the appeal, waiting").await;
        click(client, &format!("{card} [data-testid='filed-photos'] summary")).await;
        let photo = crate::registration::photos::shown_width(client, &format!("{card} img.photo__image")).await;
        assert!(photo.is_some(), "the staff see the owner's photo");
        click(client, &format!("{card} [data-testid=claim-appeal]")).await;
        assert!(text_of(client, "[data-testid=appeal-done]").await.starts_with("已受理"));
        // Taken, it leaves the unassigned list and is among mine (the filters sit at the top).
        client.execute("window.scrollTo(0, 0)", vec![]).await.expect("scrolls");
        click(client, "[data-testid=whose-mine]").await;
        click(client, &format!("{card} .templates button")).await;
        keep_screenshot(client, "appeal-reply").await;
        click(client, &format!("{card} [data-testid=send-reply]")).await;
        let answered = "//*[@data-testid='appeal-done'][starts-with(normalize-space(.), '已答复')]";
        let said = client.wait().at_most(crate::browser::WAIT).for_element(fantoccini::Locator::XPath(answered)).await;
        said.expect("told it was answered");

        open_signed_in(client, &base, &owner_tokens, "me/appeals").await;
        let answered = format!("#appeal-{id}[data-status=replied]");
        assert!(text_of(client, &format!("{answered} [data-testid=answer]")).await.contains("已收到"));
        click(client, &format!("{answered} .star:nth-of-type(5)")).await;
        keep_screenshot(client, "appeal-answered").await;
        click(client, &format!("{answered} [data-testid=confirm-appeal]")).await;
        let closed = text_of(client, &format!("#appeal-{id}[data-status=closed] [data-testid=rated]")).await;
        assert_eq!(closed, "您的评价：★★★★★");
        phone_ui.client.clone().close().await.expect("session closes");
    });
    let (token, _) = owner(ctx, OTHER_OWNER);
    let ours = mine(ctx, &token).into_iter().find(|a| a.text == text).expect("filed once");
    assert_eq!((ours.status, ours.score, ours.category), (AppealStatus::Closed, Some(5), AppealCategory::PlatformFees));
    assert_eq!(ours.photos.len(), 1, "the photo went with it");
    let at = ours.location.expect("the location went with it");
    assert!((at.latitude - 28.0191).abs() < 1e-6 && (at.longitude - 120.6544).abs() < 1e-6, "{at:?}");
}

fn fifteen_appeals_fired_at_once_by_one_owner_file_the_day_s_ten_and_no_more(ctx: &Ctx) {
    // A new shop, so no other test's appeals count against its owner's day.
    let (token, uscc) = new_shop_owner(ctx, "13655500100", "鹿城郑家诉求多小吃店", "appeal-limit-shop-01");
    let answers = at_once(15, |i| {
        let body = request("other", &format!("第{i}件事：门口排水沟堵了"), &format!("appeal-limit-{i:08}"));
        file(ctx, &token, &uscc, body).status().as_u16()
    });
    assert_eq!(answers.iter().filter(|&&s| s == 201).count(), 10, "the day's ten: {answers:?}");
    assert_eq!(answers.iter().filter(|&&s| s == 429).count(), 5, "the rest told to wait: {answers:?}");
    assert_eq!(mine(ctx, &token).len(), 10);
    let refused = expect_error(
        file(ctx, &token, &uscc, request("other", "第十六件事：路灯不亮", "appeal-limit-extra-01")),
        429,
        ErrorKind::RateLimited,
    );
    assert!(refused.retry_after.is_some() && !refused.message_en.is_empty(), "{refused:?}");
    let first = (0..15).find(|i| {
        let again = file(
            ctx,
            &token,
            &uscc,
            request("other", &format!("第{i}件事：门口排水沟堵了"), &format!("appeal-limit-{i:08}")),
        );
        again.status() == 201
    });
    assert!(first.is_some(), "a retry of one filed still answers with it");
}

/// Someone who has just opened a shop of their own (registered and approved): their session
/// and the shop's credit code.
pub(crate) fn new_shop_owner(ctx: &Ctx, phone: &str, shop_name: &str, key: &str) -> (String, String) {
    let (session, uscc) = new_shop_owner_session(ctx, phone, shop_name, key);
    (session.access_token, uscc)
}

/// [`new_shop_owner`] with the whole session, for a phone to remember.
pub(crate) fn new_shop_owner_session(
    ctx: &Ctx,
    phone: &str,
    shop_name: &str,
    key: &str,
) -> (getima_domain::api::SessionTokens, String) {
    use crate::registration::applications::{application, decide, submit, task};
    let session = ctx.sign_in(phone);
    let token = &session.access_token;
    let opening = submit(ctx, token, application(ctx, phone, "open-food-shop", shop_name, key));
    let registration = task(&opening, getima_domain::registration::TaskKind::Establishment).id;
    assert_eq!(decide(ctx, &staff(ctx, "amr"), "amr", registration, json!({ "decision": "approve" })).status(), 200);
    let uscc = owner_of(ctx, token);
    (session, uscc)
}

fn owner_of(ctx: &Ctx, token: &str) -> String {
    let mine: MyHouseholds = ctx.get_as(token, "/api/me/households").json().expect("my households");
    mine.households.first().expect("a business").uscc.clone()
}

fn an_appeal_passed_to_the_department_it_belongs_to_starts_there_afresh_with_the_reason_on_record(ctx: &Ctx) {
    let (token, uscc) = owner(ctx, OWNER);
    let appeal =
        filed(ctx, &token, &uscc, request("other", "商场物业每月多收公摊费，找谁反映？", "appeal-transfer-00001"));
    let amr = staff(ctx, "amr");
    let transfer = |token: &str, body: serde_json::Value| {
        step(ctx, token, &format!("/api/departments/amr/appeals/{}/transfer", appeal.id), body)
    };
    assert_eq!(claim(ctx, &amr, "amr", appeal.id).status(), 200);
    let to_commerce = json!({ "department": "commerce", "reason": "属于商场物业收费，由商务局协调" });
    let desk_mate = json!({ "name": "蒋监管", "phone": "13655503108", "roles": ["staff"], "department": "amr" });
    assert_eq!(post_as(ctx, &ctx.admin, "/api/admin/people", desk_mate).status(), 201);
    let desk_mate = ctx.sign_in("13655503108").access_token;
    expect_error(transfer(&desk_mate, to_commerce.clone()), 409, ErrorKind::AppealTaken);
    let bad = transfer(&amr, json!({ "department": "amr", "reason": " " }));
    let fields: Vec<String> =
        expect_error(bad, 400, ErrorKind::InvalidBody).fields.into_iter().map(|f| f.field).collect();
    assert_eq!(fields, ["department", "reason"], "not to itself, and never without a reason");
    let nowhere = transfer(&amr, json!({ "department": "weather", "reason": "试试" }));
    assert_eq!(expect_error(nowhere, 400, ErrorKind::InvalidBody).fields[0].field, "department");

    let moved = transfer(&amr, to_commerce);
    assert_eq!(moved.status(), 200);
    let moved: Appeal = moved.json().expect("the appeal");
    assert_eq!((moved.department.code.as_str(), moved.status), ("commerce", AppealStatus::Submitted));
    assert!(moved.assignee.is_none() && moved.due_on.is_some(), "unclaimed there, its clock started again");
    let last = moved.timeline.last().expect("a step");
    assert_eq!((last.event, last.by_zh.as_str()), (AppealEvent::Transferred, "市场监管局"));
    assert_eq!(last.note, "属于商场物业收费，由商务局协调");
    expect_error(reply(ctx, &amr, "amr", appeal.id, "已处理"), 404, ErrorKind::NotFound);
    assert!(queue(ctx, &amr, "amr", "").appeals.iter().all(|a| a.id != appeal.id), "gone from amr's queue");
    let colleague = json!({ "name": "吴商务", "phone": "13655500101", "roles": ["staff"], "department": "commerce" });
    assert_eq!(post_as(ctx, &ctx.admin, "/api/admin/people", colleague).status(), 201);
    let commerce = ctx.sign_in("13655500101").access_token;
    let waiting = queue(ctx, &commerce, "commerce", "whose=unassigned");
    assert!(waiting.appeals.iter().any(|a| a.id == appeal.id), "waiting at commerce");
    let seen = mine(ctx, &token).into_iter().find(|a| a.id == appeal.id).expect("the owner's appeal");
    assert_eq!(seen.department.code, "commerce", "the owner sees where it went");
}

fn the_public_statistics_count_each_department_s_appeals_without_personal_data_and_the_csv_agrees(ctx: &Ctx) {
    let response = ctx.get("/api/appeals/stats");
    assert_eq!(response.status(), 200);
    let text = response.text().expect("the statistics");
    for demo in getima_demo::DEMO_APPEALS {
        let answer_shown = !demo.reply.is_empty() && text.contains(demo.reply);
        assert!(!text.contains(demo.text) && !answer_shown, "no appeal or answer text: {text}");
    }
    for private in ["陈监管", "13800000001"] {
        assert!(!text.contains(private), "no names or phones: found {private}");
    }
    let stats: AppealStats = serde_json::from_str(&text).expect("statistics");
    let codes: Vec<&str> = stats.departments.iter().map(|d| d.department.code.as_str()).collect();
    for department in ["amr", "tax", "power", "justice", "commerce"] {
        assert!(codes.contains(&department), "every department that answers a category: {department} in {codes:?}");
    }
    for d in &stats.departments {
        assert!(d.answered_on_time <= d.answered && d.answered <= d.received && d.closed <= d.received, "{d:?}");
        assert!(d.ratings <= d.closed, "ratings come with closing: {d:?}");
        assert!(d.satisfaction.is_none_or(|s| (1.0..=5.0).contains(&s)), "{d:?}");
        assert_eq!(d.median_hours_to_first_reply.is_some(), d.answered > 0, "{d:?}");
        assert!(d.median_hours_to_first_reply.is_none_or(|h| h >= 0.0), "{d:?}");
    }
    let amr = stats.departments.iter().find(|d| d.department.code == "amr").expect("amr");
    assert!(
        amr.received >= 3 && amr.answered >= 2 && amr.answered_on_time >= 2 && amr.closed >= 1 && amr.ratings >= 1,
        "the demo's appeals at the market regulator count: {amr:?}"
    );

    let csv = ctx.get("/api/appeals/stats.csv");
    assert_eq!(csv.status(), 200);
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    assert_eq!(csv.headers()["content-disposition"], "attachment; filename=\"stats.csv\"");
    let csv = csv.text().expect("the CSV");
    // Both come from the same counted figures (kept for a few minutes), so they agree exactly.
    assert_eq!(csv, stats.to_csv());
    assert_eq!(csv.trim_end().split("\r\n").count(), stats.departments.len() + 1, "a header and a row each");
}

fn a_department_asked_to_help_answers_in_the_thread_while_the_holder_keeps_the_appeal(ctx: &Ctx) {
    let (token, uscc) = new_shop_owner(ctx, "13655500105", "鹿城协办诉求小吃店", "appeal-help-shop-01");
    let appeal =
        filed(ctx, &token, &uscc, request("licensing", "换证时税务登记信息对不上，怎么办？", "appeal-help-000001"));
    let (amr, head, tax) =
        (staff(ctx, "amr"), ctx.session(phone(Role::DepartmentHead, Some("amr"))).access_token, staff(ctx, "tax"));
    let to = |token: &str, dept: &str, what: &str, body: serde_json::Value| {
        post_as(ctx, token, &format!("/api/departments/{dept}/appeals/{}/{what}", appeal.id), body)
    };
    let message = |key: &str, text: &str| json!({ "idempotency_key": key, "text": text });
    let owner_writes = |key: &str, text: &str| {
        post_as(ctx, &token, &format!("/api/me/appeals/{}/messages", appeal.id), message(key, text))
    };
    assert_eq!(claim(ctx, &amr, "amr", appeal.id).status(), 200);

    // The owner and the holder talk; a resend of a message is the same message.
    for _ in 0..2 {
        assert_eq!(owner_writes("appeal-help-msg-0001", "营业执照上的地址是新的").status(), 201);
    }
    let holder_said = to(&amr, "amr", "messages", message("appeal-help-msg-0002", "请提供税务登记证号"));
    assert_eq!(holder_said.status(), 201);
    expect_error(
        to(&head, "amr", "messages", message("appeal-help-msg-0003", "我来看看")),
        409,
        ErrorKind::AppealTaken,
    );
    expect_error(to(&tax, "tax", "messages", message("appeal-help-msg-0004", "还没请我们")), 404, ErrorKind::NotFound);
    // A key already used is no way to read another appeal: the demo's first appeal is the tax bureau's.
    let elsewhere = post_as(ctx, &amr, "/api/departments/amr/appeals/1/messages", message("appeal-help-msg-0002", "x"));
    expect_error(elsewhere, 409, ErrorKind::AlreadyExists);

    // Help from the tax bureau: asked once however often, and the appeal stays with its holder.
    let ask = json!({ "department": "tax", "note": "请核对该户税务登记信息" });
    for _ in 0..2 {
        let asked = to(&amr, "amr", "help", ask.clone());
        assert_eq!(asked.status(), 200);
    }
    let to_help: AppealQueue = ctx.get_as(&tax, "/api/departments/tax/appeals-to-help").json().expect("help list");
    let shown = to_help.appeals.iter().find(|a| a.id == appeal.id).expect("on the tax bureau's help list");
    assert_eq!(shown.department.code, "amr", "still the market regulator's appeal");
    let amr_list: AppealQueue = ctx.get_as(&amr, "/api/departments/amr/appeals-to-help").json().expect("amr's list");
    assert!(amr_list.appeals.iter().all(|a| a.id != appeal.id), "nobody asked amr");
    // Helping is not holding: the tax bureau neither answers, takes nor passes it on.
    expect_error(to(&tax, "tax", "reply", json!({ "text": "已核对" })), 404, ErrorKind::NotFound);
    expect_error(to(&tax, "tax", "claim", json!(null)), 404, ErrorKind::NotFound);
    let helped = to(&tax, "tax", "messages", message("appeal-help-msg-0005", "已核对，登记信息已更正"));
    assert_eq!(helped.status(), 201);

    let replied = to(&amr, "amr", "reply", json!({ "text": "税务信息已更正，可以换证了" }));
    assert_eq!(replied.status(), 200);
    let seen = mine(ctx, &token).into_iter().find(|a| a.id == appeal.id).expect("the owner's appeal");
    let steps: Vec<(AppealEvent, &str)> = seen.timeline.iter().map(|s| (s.event, s.by_zh.as_str())).collect();
    assert_eq!(
        steps,
        vec![
            (AppealEvent::Submitted, "经营户"),
            (AppealEvent::Claimed, "市场监管局"),
            (AppealEvent::Message, "经营户"),
            (AppealEvent::Message, "市场监管局"),
            (AppealEvent::HelpRequested, "请税务局协办"),
            (AppealEvent::Helped, "税务局"),
            (AppealEvent::Replied, "市场监管局"),
        ],
        "one message per key, one help request however often asked"
    );
    assert!(seen.assignee.is_none(), "the owner sees departments, never who");
    let staff_view: AppealQueue = ctx.get_as(&tax, "/api/departments/tax/appeals-to-help").json().expect("help list");
    let held = staff_view.appeals.iter().find(|a| a.id == appeal.id).and_then(|a| a.assignee.clone());
    assert!(held.is_some(), "the holder is unchanged");

    // Bad messages and requests are named and change nothing; closed is closed; others' are not theirs.
    let (bad, problem) = crate::codes::error(owner_writes("short", ""));
    assert_eq!(bad, 400);
    let named: Vec<&str> = problem.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(named, vec!["idempotency_key", "text"], "{problem:?}");
    expect_error(to(&amr, "amr", "help", json!({ "department": "amr", "note": "自己" })), 400, ErrorKind::InvalidBody);
    let unknown = to(&amr, "amr", "help", json!({ "department": "weather", "note": "天气" }));
    assert_eq!(expect_error(unknown, 400, ErrorKind::InvalidBody).fields[0].field, "department");
    let rated = post_as(ctx, &token, &format!("/api/me/appeals/{}/rating", appeal.id), json!({ "score": 5 }));
    assert_eq!(rated.status(), 200);
    expect_error(owner_writes("appeal-help-msg-0006", "谢谢"), 409, ErrorKind::NotNow);
    let (other, _) = owner(ctx, OTHER_OWNER);
    let stranger = post_as(
        ctx,
        &other,
        &format!("/api/me/appeals/{}/messages", appeal.id),
        message("appeal-help-msg-0007", "路过"),
    );
    expect_error(stranger, 404, ErrorKind::NotFound);
    let after = mine(ctx, &token).into_iter().find(|a| a.id == appeal.id).expect("the owner's appeal");
    assert_eq!(after.timeline.len(), steps.len() + 1, "only the rating was added: {:?}", after.timeline);
}

fn the_head_hands_an_appeal_to_a_colleague_who_then_answers_for_it(ctx: &Ctx) {
    use crate::registration::applications::put_as;
    let (token, uscc) = new_shop_owner(ctx, "13655500106", "鹿城改派诉求小吃店", "appeal-assign-shop-01");
    let appeal = filed(ctx, &token, &uscc, request("licensing", "年报填错了能改吗？", "appeal-assign-000001"));
    let (away, head) = (staff(ctx, "amr"), ctx.session(phone(Role::DepartmentHead, Some("amr"))).access_token);
    assert_eq!(claim(ctx, &away, "amr", appeal.id).status(), 200);
    let colleague = json!({ "name": "何监管", "phone": "13655500107", "roles": ["staff"], "department": "amr" });
    let created = post_as(ctx, &ctx.admin, "/api/admin/people", colleague);
    assert_eq!(created.status(), 201);
    let colleague: getima_domain::api::PersonState = created.json().expect("the new colleague");
    let stranger = json!({ "name": "孔税务", "phone": "13655500108", "roles": ["staff"], "department": "tax" });
    let stranger: getima_domain::api::PersonState =
        post_as(ctx, &ctx.admin, "/api/admin/people", stranger).json().expect("a tax officer");
    let path = format!("/api/departments/amr/appeals/{}/assignee", appeal.id);
    let hand = |token: &str, to: serde_json::Value| put_as(ctx, token, &path, json!({ "assignee": to }));

    expect_error(hand(&away, json!(colleague.id)), 403, ErrorKind::Forbidden);
    for nobody in [json!(null), json!(stranger.id), json!(999_999)] {
        let refused = expect_error(hand(&head, nobody.clone()), 400, ErrorKind::InvalidBody);
        assert_eq!(refused.fields[0].field, "assignee", "{nobody}");
    }
    for _ in 0..2 {
        let handed = hand(&head, json!(colleague.id));
        assert_eq!(handed.status(), 200, "as asked, however often");
        let handed: Appeal = handed.json().expect("the appeal");
        assert_eq!(handed.assignee.map(|a| a.id), Some(colleague.id));
    }
    expect_error(reply(ctx, &away, "amr", appeal.id, "我回来了"), 409, ErrorKind::AppealTaken);
    let now_theirs = ctx.sign_in("13655500107").access_token;
    assert_eq!(reply(ctx, &now_theirs, "amr", appeal.id, "可以在年报系统里更正").status(), 200);
    expect_error(hand(&head, json!(colleague.id)), 409, ErrorKind::NotNow);
    let seen = mine(ctx, &token).into_iter().find(|a| a.id == appeal.id).expect("the owner's appeal");
    let handovers = seen.timeline.iter().filter(|s| s.event == AppealEvent::Reassigned).count();
    assert_eq!(handovers, 1, "handed on once: {:?}", seen.timeline);
}

fn legal_advice_climbs_from_the_local_office_to_public_then_professional_lawyers_each_taking_it_at_its_tier(ctx: &Ctx) {
    let (token, uscc) = new_shop_owner(ctx, "13655500113", "鹿城法律咨询小吃店", "appeal-legal-shop-01");
    let text = "房东要提前收回店面，合同还有两年，我该怎么办？";
    let appeal = filed(ctx, &token, &uscc, request("legal", text, "appeal-legal-000001"));
    assert_eq!((appeal.department.code.as_str(), appeal.legal_tier), ("justice", Some(1)), "the local office first");
    let tiered = |role: Role| ctx.session(phone(role, Some("justice"))).access_token;
    let (officer, public_lawyer, lawyer) =
        (tiered(Role::LegalOfficer), tiered(Role::PublicLawyer), tiered(Role::Lawyer));
    let refer = |token: &str, reason: &str| {
        let path = format!("/api/departments/justice/appeals/{}/referral", appeal.id);
        post_as(ctx, token, &path, json!({ "reason": reason }))
    };
    let early = expect_error(claim(ctx, &public_lawyer, "justice", appeal.id), 403, ErrorKind::Forbidden);
    assert!(early.message_zh.contains("基层所干部") && early.message_en.contains("legal office"), "{early:?}");

    // A tier is a role an admin grants, with the staff role: staff without it cannot take it.
    let admin = ctx.session(phone(Role::Admin, None)).access_token;
    let colleague_phone = "13655500114";
    let grant = |roles: &[&str]| {
        let person = json!({ "name": "韩律师", "phone": colleague_phone, "roles": roles, "department": "justice" });
        post_as(ctx, &admin, "/api/admin/people", person)
    };
    let alone = expect_error(grant(&["public_lawyer"]), 400, ErrorKind::InvalidBody);
    assert_eq!(alone.fields[0].field, "roles", "{alone:?}");
    assert_eq!(grant(&["staff"]).status(), 201);
    let colleague = ctx.sign_in(colleague_phone).access_token;
    expect_error(claim(ctx, &colleague, "justice", appeal.id), 403, ErrorKind::Forbidden);

    // The local office takes it, then refers it up with a reason the owner reads.
    assert_eq!(claim(ctx, &officer, "justice", appeal.id).status(), 200);
    let blank = expect_error(refer(&officer, " "), 400, ErrorKind::InvalidBody);
    assert_eq!(blank.fields[0].field, "reason");
    expect_error(refer(&public_lawyer, "我来看看"), 409, ErrorKind::AppealTaken);
    let up: Appeal = refer(&officer, "涉及违约金计算，需要律师意见").json().expect("referred");
    assert_eq!((up.legal_tier, up.status, up.assignee.is_none()), (Some(2), AppealStatus::Submitted, true));
    expect_error(claim(ctx, &officer, "justice", appeal.id), 403, ErrorKind::Forbidden);

    // Granted the public lawyers' tier (it counts from their next request), the colleague
    // takes it there and refers it on.
    assert_eq!(grant(&["staff", "public_lawyer"]).status(), 201);
    assert_eq!(claim(ctx, &colleague, "justice", appeal.id).status(), 200);
    let top: Appeal = refer(&colleague, "需要专业律师出具书面意见").json().expect("referred");
    assert_eq!(top.legal_tier, Some(3));
    assert_eq!(claim(ctx, &lawyer, "justice", appeal.id).status(), 200);
    expect_error(refer(&lawyer, "还能再往上吗"), 409, ErrorKind::NotNow);
    assert_eq!(reply(ctx, &lawyer, "justice", appeal.id, "建议先书面催告房东，保留租金支付记录。").status(), 200);

    let seen = mine(ctx, &token).into_iter().find(|a| a.id == appeal.id).expect("the owner's appeal");
    let referred: Vec<&str> =
        seen.timeline.iter().filter(|s| s.event == AppealEvent::Referred).map(|s| s.note.as_str()).collect();
    assert_eq!(referred, ["涉及违约金计算，需要律师意见", "需要专业律师出具书面意见"], "each referral on record");
    let refused = audit_log(ctx).into_iter().filter(|e| e.action == AuditAction::AppealRefer).count();
    assert!(refused >= 2, "each referral is audited");

    // Only legal advice climbs tiers.
    let (tax_token, tax_uscc) = owner(ctx, OWNER);
    let ordinary =
        filed(ctx, &tax_token, &tax_uscc, request("tax", "发票领用数量不够用，能不能增加？", "appeal-legal-000002"));
    let path = format!("/api/departments/tax/appeals/{}/referral", ordinary.id);
    let not_legal = post_as(ctx, &staff(ctx, "tax"), &path, json!({ "reason": "请律师看看" }));
    expect_error(not_legal, 409, ErrorKind::NotNow);
}

fn an_admin_routes_a_category_to_another_department_with_deadlines_for_appeals_filed_after(ctx: &Ctx) {
    let admin = ctx.session(phone(Role::Admin, None)).access_token;
    let route = |token: &str, category: &str, body: serde_json::Value| {
        crate::registration::applications::put_as(ctx, token, &format!("/api/admin/appeal-categories/{category}"), body)
    };
    let to = |department: &str, claim: u32, reply: u32| json!({ "department": department, "claim_days": claim, "reply_days": reply });
    let all_bad = expect_error(route(&admin, "social_security", to(" ", 11, 0)), 400, ErrorKind::InvalidBody);
    let fields: Vec<&str> = all_bad.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["department", "claim_days", "reply_days"], "every field named at once");
    assert!(all_bad.fields.iter().all(|f| !f.message_zh.is_empty() && !f.message_en.is_empty()));
    let nowhere = expect_error(route(&admin, "social_security", to("nowhere", 1, 5)), 400, ErrorKind::InvalidBody);
    assert_eq!(nowhere.fields[0].field, "department");
    let slower = expect_error(route(&admin, "social_security", to("tax", 6, 5)), 400, ErrorKind::InvalidBody);
    assert_eq!(slower.fields[0].field, "claim_days", "taking it cannot take longer than answering it");
    expect_error(route(&admin, "lottery", to("tax", 1, 5)), 404, ErrorKind::NotFound);
    expect_error(route(&staff(ctx, "amr"), "social_security", to("tax", 1, 5)), 403, ErrorKind::Forbidden);
    let listed = |code: &str| {
        let all: AppealCategories = ctx.get("/api/appeals/categories").json().expect("categories");
        all.categories.into_iter().find(|c| c.category.as_str() == code).expect("the category")
    };
    assert_eq!(listed("social_security").department.code, "hrss", "nothing changed by bad input");

    let moved: CategoryNotice = route(&admin, "social_security", to("tax", 2, 8)).json().expect("the new route");
    assert_eq!((moved.department.code.as_str(), moved.claim_days, moved.reply_days), ("tax", 2, 8));
    assert_eq!(listed("social_security"), moved);
    let (token, uscc) = new_shop_owner(ctx, "13655500115", "鹿城分派诉求小吃店", "appeal-route-shop-01");
    let appeal = filed(ctx, &token, &uscc, request("social_security", "灵活就业社保怎么交？", "appeal-route-000001"));
    assert_eq!(appeal.department.code, "tax", "filed after the change, it goes where the admin sent it");
    assert_eq!(appeal.days_left, Some(2), "with the new deadline to take it");
    let recorded = audit_log(ctx)
        .into_iter()
        .any(|e| e.action == AuditAction::AppealRoute && e.subject == "appeal-category:social_security");
    assert!(recorded, "the change is audited");

    let back: CategoryNotice = route(&admin, "social_security", to("hrss", 1, 5)).json().expect("the old route");
    assert_eq!(back.department.code, "hrss");
}

fn on_a_phone_legal_advice_waits_for_its_tier_and_the_local_office_refers_it_up(ctx: &Ctx) {
    let (token, uscc) = new_shop_owner(ctx, "13655500116", "鹿城梯队咨询小吃店", "appeal-tier-shop-01");
    let appeal = filed(ctx, &token, &uscc, request("legal", "合伙人退伙要分走设备，合法吗？", "appeal-tier-000001"));
    let tokens = |role: Role| serde_json::to_value(ctx.session(phone(role, Some("justice")))).expect("tokens");
    let (officer, public_lawyer) = (tokens(Role::LegalOfficer), tokens(Role::PublicLawyer));
    let base = ctx.server.url("/");
    let card = format!("[data-testid=queued-appeal][data-appeal='{}']", appeal.id);
    run(async || {
        let phone_ui = phone_with(PHONE_UA).await;
        let client = &phone_ui.client;
        open_signed_in(client, &base, &public_lawyer, "desk/appeals").await;
        let waiting = text_of(client, &format!("{card} [data-testid=tier-note]")).await;
        assert_eq!(waiting, "由基层所干部解答", "a public lawyer sees whose turn it is, with nothing to take");
        assert!(client.find(fantoccini::Locator::Css(&format!("{card} [data-testid=claim-appeal]"))).await.is_err());

        open_signed_in(client, &base, &officer, "desk/appeals").await;
        assert_eq!(text_of(client, &format!("{card} [data-testid=legal-tier]")).await, "基层所干部");
        click(client, &format!("{card} [data-testid=claim-appeal]")).await;
        assert!(text_of(client, "[data-testid=appeal-done]").await.starts_with("已受理"));
        click(client, &format!("{card} [data-testid=refer] summary")).await;
        click(client, &format!("{card} [data-testid=send-referral]")).await;
        let missing = text_of(client, &format!("#refer-{}-reason-error", appeal.id)).await;
        assert!(!missing.is_empty(), "told beside the reason before anything is sent");
        type_into(client, &format!("#refer-{}-reason", appeal.id), "涉及合伙协议解释，请公职律师解答").await;
        keep_screenshot(client, "appeal-refer").await;
        click(client, &format!("{card} [data-testid=send-referral]")).await;
        let done = "//*[@data-testid='appeal-done'][starts-with(normalize-space(.), '已提请公职律师')]";
        let said = client.wait().at_most(crate::browser::WAIT).for_element(fantoccini::Locator::XPath(done)).await;
        said.expect("told it went up a tier");
        assert_eq!(text_of(client, &format!("{card} [data-testid=legal-tier]")).await, "公职律师");
        keep_screenshot(client, "appeal-referred").await;
        phone_ui.client.clone().close().await.expect("session closes");
    });
    let seen = mine(ctx, &token).into_iter().find(|a| a.id == appeal.id).expect("the owner's appeal");
    assert_eq!((seen.legal_tier, seen.status), (Some(2), AppealStatus::Submitted));
}

fn on_a_phone_an_admin_changes_a_category_s_deadline_told_beside_the_field_when_it_is_wrong(ctx: &Ctx) {
    let admin = serde_json::to_value(ctx.session(phone(Role::Admin, None))).expect("tokens");
    let base = ctx.server.url("/");
    let route = "[data-testid=appeal-route][data-category=enforcement]";
    run(async || {
        let phone_ui = phone_with(PHONE_UA).await;
        let client = &phone_ui.client;
        open_signed_in(client, &base, &admin, "desk/catalogue").await;
        click(client, &format!("{route} summary")).await;
        let reply = "#route-enforcement-reply_days";
        element(client, reply, "the reply deadline").await.clear().await.expect("cleared");
        type_into(client, reply, "31").await;
        click(client, &format!("{route} [data-testid=save-route]")).await;
        let wrong = text_of(client, "#route-enforcement-reply_days-error").await;
        assert!(wrong.contains("1 到 30"), "told beside the field: {wrong}");
        element(client, reply, "the reply deadline").await.clear().await.expect("cleared");
        type_into(client, reply, "6").await;
        keep_screenshot(client, "appeal-route").await;
        click(client, &format!("{route} [data-testid=save-route]")).await;
        assert!(text_of(client, "[data-testid=route-saved]").await.contains("执法检查"));
        phone_ui.client.clone().close().await.expect("session closes");
    });
    let all: AppealCategories = ctx.get("/api/appeals/categories").json().expect("categories");
    let enforcement = all.categories.iter().find(|c| c.category == AppealCategory::Enforcement).expect("listed");
    assert_eq!((enforcement.department.code.as_str(), enforcement.reply_days), ("enforcement", 6));
    let back = json!({ "department": "enforcement", "claim_days": 1, "reply_days": 5 });
    let restored =
        crate::registration::applications::put_as(ctx, &ctx.admin, "/api/admin/appeal-categories/enforcement", back)
            .status();
    assert_eq!(restored, 200);
}
