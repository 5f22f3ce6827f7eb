//! Applications: filing a bundle (a task per department, each on its statutory clock), retries
//! that file once, each department's queue and decisions, and who may see what.

use crate::accounts::{expect_error, phone, post_as};
use crate::attacks::at_once;
use crate::{Ctx, NamedTest};
use getima_domain::accounts::Role;
use getima_domain::accounts::notices::NoticeKind;
use getima_domain::api::{
    Addresses, ApiError, Application, DevInbox, ErrorKind, MyApplications, Notices, TaskQueue, TimelineEvent,
};
use getima_domain::registration::{ApplicationStatus, TaskKind, TaskStatus};
use getima_e2e::SendThroughDevProxy;
use serde_json::json;

pub const TESTS: &[NamedTest] = &[
    (
        "applications::a_restaurant_application_fans_out_to_four_departments_each_on_its_own_clock",
        a_restaurant_application_fans_out_to_four_departments_each_on_its_own_clock,
    ),
    (
        "applications::every_bad_field_is_named_at_once_and_nothing_is_filed",
        every_bad_field_is_named_at_once_and_nothing_is_filed,
    ),
    (
        "applications::twenty_copies_of_one_submission_fired_at_once_file_it_once",
        twenty_copies_of_one_submission_fired_at_once_file_it_once,
    ),
    (
        "applications::a_return_stops_the_clock_and_a_refusal_decides_the_application",
        a_return_stops_the_clock_and_a_refusal_decides_the_application,
    ),
    (
        "applications::only_the_task_s_own_department_decides_it_and_only_once",
        only_the_task_s_own_department_decides_it_and_only_once,
    ),
    ("applications::an_applicant_sees_only_their_own_applications", an_applicant_sees_only_their_own_applications),
    (
        "applications::the_cron_trigger_escalates_each_overdue_task_once_for_its_head_to_see",
        the_cron_trigger_escalates_each_overdue_task_once_for_its_head_to_see,
    ),
    (
        "applications::a_corrected_application_goes_back_to_review_with_what_was_left_of_its_clock",
        a_corrected_application_goes_back_to_review_with_what_was_left_of_its_clock,
    ),
    (
        "applications::applicants_are_told_in_their_inbox_and_by_text_when_returned_refused_or_registered",
        applicants_are_told_in_their_inbox_and_by_text_when_returned_refused_or_registered,
    ),
    (
        "applications::a_draft_is_kept_for_its_author_alone_without_id_number_or_phone_until_filed",
        a_draft_is_kept_for_its_author_alone_without_id_number_or_phone_until_filed,
    ),
    (
        "applications::approving_the_registration_opens_the_shop_with_a_genuine_code_and_each_permit_joins_its_page_when_approved",
        approving_the_registration_opens_the_shop_with_a_genuine_code_and_each_permit_joins_its_page_when_approved,
    ),
    (
        "applications::one_refusal_closes_the_other_departments_tasks_and_leaves_their_queues",
        one_refusal_closes_the_other_departments_tasks_and_leaves_their_queues,
    ),
    (
        "applications::a_name_is_held_while_its_application_is_handled_by_one_filing_of_many_and_freed_by_a_refusal",
        a_name_is_held_while_its_application_is_handled_by_one_filing_of_many_and_freed_by_a_refusal,
    ),
    (
        "applications::an_applicant_withdraws_an_application_once_however_often_it_is_sent_and_its_name_is_freed",
        an_applicant_withdraws_an_application_once_however_often_it_is_sent_and_its_name_is_freed,
    ),
    (
        "applications::a_withdrawal_leaves_what_was_approved_and_a_decided_application_cannot_be_withdrawn",
        a_withdrawal_leaves_what_was_approved_and_a_decided_application_cannot_be_withdrawn,
    ),
    (
        "applications::what_a_restaurant_s_notice_says_is_filled_in_online_is_required_and_each_department_sees_its_own",
        what_a_restaurant_s_notice_says_is_filled_in_online_is_required_and_each_department_sees_its_own,
    ),
    (
        "applications::the_operator_applies_in_person_with_the_phone_they_signed_in_with_and_their_own_id_number",
        the_operator_applies_in_person_with_the_phone_they_signed_in_with_and_their_own_id_number,
    ),
    (
        "applications::fifteen_applications_fired_at_once_by_one_person_leave_exactly_three_open",
        fifteen_applications_fired_at_once_by_one_person_leave_exactly_three_open,
    ),
    (
        "applications::a_return_nobody_corrects_in_time_lapses_once_and_its_name_is_free_again",
        a_return_nobody_corrects_in_time_lapses_once_and_its_name_is_free_again,
    ),
    (
        "applications::the_number_an_applicant_is_shown_finds_their_application_on_the_desk",
        the_number_an_applicant_is_shown_finds_their_application_on_the_desk,
    ),
    (
        "applications::a_shop_registered_before_its_food_licence_is_never_shown_as_trading_and_says_what_it_may_not_do",
        a_shop_registered_before_its_food_licence_is_never_shown_as_trading_and_says_what_it_may_not_do,
    ),
    (
        "applications::a_registered_applicant_is_greeted_by_the_operator_s_name",
        a_registered_applicant_is_greeted_by_the_operator_s_name,
    ),
];

/// A checksum-valid ID number (GB 11643) for an operator born in 1990.
pub(crate) fn id_number() -> String {
    getima_domain::id_number::complete("33030219900101123").expect("a valid ID number")
}

pub(crate) fn address(ctx: &Ctx, county: &str) -> i64 {
    let found: Addresses =
        ctx.get(&format!("/api/registration/addresses?county={county}&q=")).json().expect("addresses");
    found.addresses.first().unwrap_or_else(|| panic!("{county} has standard addresses")).id
}

/// A submission of `bundle` for a new shop named `name` in Lucheng, under `key`, by the person
/// signed in with `phone` as its operator (the operator's phone is the applicant's own).
pub(crate) fn application(ctx: &Ctx, phone: &str, bundle: &str, name: &str, key: &str) -> serde_json::Value {
    let mut body = json!({
        "bundle": bundle,
        "idempotency_key": key,
        "shop_name": name,
        "county": "330302",
        "trade": "catering",
        "address_id": address(ctx, "330302"),
        "operator_name": "郑小明",
        "id_number": id_number(),
        "phone": phone,
    });
    // What a restaurant's notice says is filled in online: its food safety manager (here the
    // operator) and the premises' utility accounts.
    if bundle == "open-restaurant" {
        body["food_safety_manager"] = json!({ "name": "郑小明", "id_number": id_number(), "phone": phone });
        body["utility_accounts"] = json!({ "water": "", "power": "3300123456", "gas": "" });
    }
    body
}

pub(crate) fn submit(ctx: &Ctx, token: &str, body: serde_json::Value) -> Application {
    let response = post_as(ctx, token, "/api/registration/applications", body);
    assert_eq!(response.status(), 201);
    response.json().expect("an application")
}

pub(crate) fn staff(ctx: &Ctx, department: &str) -> String {
    ctx.session(phone(Role::Staff, Some(department))).access_token
}

pub(crate) fn decide(
    ctx: &Ctx,
    token: &str,
    dept: &str,
    task: i64,
    body: serde_json::Value,
) -> reqwest::blocking::Response {
    post_as(ctx, token, &format!("/api/departments/{dept}/registration-tasks/{task}/decision"), body)
}

pub(crate) fn task(application: &Application, kind: TaskKind) -> &getima_domain::api::ApplicationTask {
    application.tasks.iter().find(|t| t.kind == kind).unwrap_or_else(|| panic!("{kind:?} in {application:?}"))
}

fn a_restaurant_application_fans_out_to_four_departments_each_on_its_own_clock(ctx: &Ctx) {
    let applicant = ctx.sign_in("13655500001").access_token;
    let filed = submit(
        ctx,
        &applicant,
        application(ctx, "13655500001", "open-restaurant", "鹿城郑记面馆", "fan-out-0000000001"),
    );
    assert_eq!(filed.status, ApplicationStatus::InReview);
    let departments: Vec<(TaskKind, &str)> = filed.tasks.iter().map(|t| (t.kind, t.department.code.as_str())).collect();
    assert_eq!(
        departments,
        vec![
            (TaskKind::Establishment, "amr"),
            (TaskKind::FoodBusinessLicence, "amr"),
            (TaskKind::OutdoorSignboard, "enforcement"),
            (TaskKind::UtilityConnection, "power"),
        ]
    );
    for task in &filed.tasks {
        assert_eq!(task.status, TaskStatus::InReview);
        assert!(task.due_on.is_some(), "{:?} has a deadline", task.kind);
        assert_eq!(task.days_left, Some(i64::from(task.limit_days)), "{:?}: the whole limit is left today", task.kind);
    }
    assert_eq!(filed.timeline.len(), 1);
    assert_eq!((filed.timeline[0].event, filed.timeline[0].by_zh.as_str()), (TimelineEvent::Submitted, "申请人"));

    let path = format!("/api/departments/amr/registration-tasks?application={}", filed.id);
    let its_own: TaskQueue = ctx.get_as(&staff(ctx, "amr"), &path).json().expect("its tasks");
    let mine: Vec<TaskKind> = its_own.tasks.iter().map(|t| t.kind).collect();
    assert_eq!(mine, vec![TaskKind::Establishment, TaskKind::FoodBusinessLicence], "sooner deadline first");
    let queue: TaskQueue =
        ctx.get_as(&staff(ctx, "amr"), "/api/departments/amr/registration-tasks").json().expect("the queue");
    assert!(queue.tasks.windows(2).all(|w| w[0].due_on <= w[1].due_on), "the whole queue by deadline");
    assert!(queue.tasks.len() <= 50 && queue.total as usize >= queue.tasks.len(), "a phone's worth, and the count");
    let overdue: TaskQueue = ctx
        .get_as(&staff(ctx, "amr"), "/api/departments/amr/registration-tasks?overdue=true")
        .json()
        .expect("the overdue list");
    assert!(overdue.tasks.iter().all(|t| t.days_left <= 0), "only tasks past their last day: {overdue:?}");
}

fn every_bad_field_is_named_at_once_and_nothing_is_filed(ctx: &Ctx) {
    let applicant = ctx.sign_in("13655500002").access_token;
    let mut body = application(ctx, "13655500002", "open-restaurant", "中华面馆", "short");
    body["trade"] = json!("casino");
    body["id_number"] = json!("330302199001011230");
    body["phone"] = json!("12345");
    body["operator_name"] = json!("");
    body["address_id"] = json!(address(ctx, "330381"));
    let response = post_as(ctx, &applicant, "/api/registration/applications", body);
    assert_eq!(response.status(), 400);
    let error: serde_json::Value = response.json().expect("an error");
    let mut fields: Vec<&str> =
        error["fields"].as_array().expect("fields").iter().filter_map(|f| f["field"].as_str()).collect();
    fields.sort();
    assert_eq!(
        fields,
        ["address_id", "id_number", "idempotency_key", "operator_name", "phone", "shop_name", "trade"],
        "{error}"
    );
    let mut body = application(ctx, "13655500002", "change", "鹿城郑记小吃", "not-a-new-shop-0001");
    body["county"] = json!("110101");
    let response = post_as(ctx, &applicant, "/api/registration/applications", body);
    assert_eq!(response.status(), 400);
    let error: serde_json::Value = response.json().expect("an error");
    let fields: Vec<&str> =
        error["fields"].as_array().expect("fields").iter().filter_map(|f| f["field"].as_str()).collect();
    assert!(fields.contains(&"bundle") && fields.contains(&"county"), "{error}");
    let mine: MyApplications = ctx.get_as(&applicant, "/api/me/applications").json().expect("mine");
    assert!(mine.applications.is_empty(), "nothing was filed");
}

fn twenty_copies_of_one_submission_fired_at_once_file_it_once(ctx: &Ctx) {
    let applicant = ctx.sign_in("13655500003").access_token;
    let body = application(ctx, "13655500003", "open-food-shop", "鹿城郑记食品店", "retried-submission-0001");
    let filed = at_once(20, |_| post_as(ctx, &applicant, "/api/registration/applications", body.clone()));
    let ids: Vec<i64> = filed
        .into_iter()
        .map(|r| {
            assert_eq!(r.status(), 201);
            r.json::<Application>().expect("an application").id
        })
        .collect();
    assert!(ids.windows(2).all(|w| w[0] == w[1]), "one application: {ids:?}");
    let mine: MyApplications = ctx.get_as(&applicant, "/api/me/applications").json().expect("mine");
    assert_eq!(mine.applications.len(), 1);
    assert_eq!(mine.applications[0].tasks.len(), 2, "its two tasks, once each");
    assert_eq!(mine.applications[0].timeline.len(), 1, "filed once on its timeline");

    let mut other = body.clone();
    other["bundle"] = json!("open-barbershop");
    let reused = post_as(ctx, &applicant, "/api/registration/applications", other);
    assert_eq!(reused.status(), 409, "a key reused for another submission is refused");
    let mine: MyApplications = ctx.get_as(&applicant, "/api/me/applications").json().expect("mine");
    assert_eq!(mine.applications[0].tasks.len(), 2, "and adds nothing to the first");
}

fn a_return_stops_the_clock_and_a_refusal_decides_the_application(ctx: &Ctx) {
    let applicant = ctx.sign_in("13655500004").access_token;
    let amr = staff(ctx, "amr");
    let filed = submit(
        ctx,
        &applicant,
        application(ctx, "13655500004", "open-food-shop", "鹿城小郑食品店", "decisions-000000001"),
    );
    let registration = task(&filed, TaskKind::Establishment).id;

    let returned = decide(
        ctx,
        &amr,
        "amr",
        registration,
        json!({ "decision": "return", "corrections": ["补充租赁合同第2页", "身份证照片不清晰"] }),
    );
    assert_eq!(returned.status(), 200);
    let returned: Application = returned.json().expect("the application");
    assert_eq!(returned.status, ApplicationStatus::NeedsCorrection);
    let stopped = task(&returned, TaskKind::Establishment);
    assert_eq!((stopped.status, stopped.due_on.as_deref(), stopped.days_left), (TaskStatus::Returned, None, None));
    let entry = returned.timeline.last().expect("a timeline entry");
    assert_eq!((entry.event, entry.by_zh.as_str()), (TimelineEvent::Returned, "市场监管局"));
    assert_eq!(entry.note, "补充租赁合同第2页\n身份证照片不清晰", "one consolidated list");

    let no_reason =
        decide(ctx, &amr, "amr", task(&filed, TaskKind::PrepackagedFoodFiling).id, json!({ "decision": "reject" }));
    assert_eq!(no_reason.status(), 400, "a refusal says why");
    let refused = decide(
        ctx,
        &amr,
        "amr",
        task(&filed, TaskKind::PrepackagedFoodFiling).id,
        json!({ "decision": "reject", "note": "经营场所不在该地址" }),
    );
    let refused: Application = refused.json().expect("the application");
    assert_eq!(refused.status, ApplicationStatus::Rejected, "one refusal decides it");
}

fn resubmit(ctx: &Ctx, token: &str, application: i64, note: &str) -> reqwest::blocking::Response {
    post_as(ctx, token, &format!("/api/me/applications/{application}/resubmission"), json!({ "note": note }))
}

fn a_corrected_application_goes_back_to_review_with_what_was_left_of_its_clock(ctx: &Ctx) {
    let applicant = ctx.sign_in("13655500011").access_token;
    let amr = staff(ctx, "amr");
    let filed = submit(
        ctx,
        &applicant,
        application(ctx, "13655500011", "open-food-shop", "鹿城小郑杂货店", "corrections-0000001"),
    );
    let registration = task(&filed, TaskKind::Establishment);
    let corrections = json!({ "decision": "return", "corrections": ["补充租赁合同第2页"] });
    assert_eq!(decide(ctx, &amr, "amr", registration.id, corrections).status(), 200);

    let blank = resubmit(ctx, &applicant, filed.id, "   ");
    assert_eq!(blank.status(), 400);
    let blank: ApiError = blank.json().expect("an error");
    assert_eq!(blank.fields[0].field, "note");
    assert!(blank.fields[0].message_en.contains("corrected"));
    let stranger = ctx.sign_in("13655500012").access_token;
    assert_eq!(resubmit(ctx, &stranger, filed.id, "已补交").status(), 404, "not someone else's to send");

    // Ten taps at once send it once.
    let answers = at_once(10, |_| resubmit(ctx, &applicant, filed.id, "已补交租赁合同第2页").status().as_u16());
    assert_eq!(answers.iter().filter(|&&s| s == 200).count(), 1, "{answers:?}");
    assert!(answers.iter().all(|&s| s == 200 || s == 409), "{answers:?}");
    let mine: MyApplications = ctx.get_as(&applicant, "/api/me/applications").json().expect("mine");
    let again = mine.applications.iter().find(|a| a.id == filed.id).expect("the application");
    assert_eq!(again.status, ApplicationStatus::InReview);
    let running = task(again, TaskKind::Establishment);
    assert_eq!(running.status, TaskStatus::InReview);
    // Returned and corrected on the day it was filed: no working day used, so the whole limit
    // is left and the deadline is the first one again.
    assert_eq!(
        (running.due_on.as_deref(), running.days_left),
        (registration.due_on.as_deref(), registration.days_left)
    );
    let steps: Vec<TimelineEvent> = again.timeline.iter().map(|e| e.event).collect();
    assert_eq!(steps.iter().filter(|&&e| e == TimelineEvent::Resubmitted).count(), 1, "{steps:?}");
    assert_eq!(again.timeline.last().map(|e| e.note.as_str()), Some("已补交租赁合同第2页"));

    let nothing_left = resubmit(ctx, &applicant, filed.id, "再交一次");
    assert_eq!(nothing_left.status(), 409);
    let nothing_left: ApiError = nothing_left.json().expect("an error");
    assert_eq!(nothing_left.error, ErrorKind::NothingToCorrect);
}

/// The texts the dev inbox holds for `phone`, newest first.
pub(crate) fn texts_to(ctx: &Ctx, phone: &str) -> Vec<String> {
    let inbox: DevInbox = ctx.get(&format!("/api/dev/inbox?phone={phone}")).json().expect("the phone's texts");
    inbox.messages.into_iter().map(|m| m.text).collect()
}

fn applicants_are_told_in_their_inbox_and_by_text_when_returned_refused_or_registered(ctx: &Ctx) {
    // The operator's phone on the application is the applicant's own.
    let contact = "13655500013";
    let applicant = ctx.sign_in(contact).access_token;
    let amr = staff(ctx, "amr");
    let with_contact = |name: &str, key: &str| application(ctx, contact, "open-food-shop", name, key);
    let returned = submit(ctx, &applicant, with_contact("鹿城小郑炒货店", "notices-00000000001"));
    let corrections = json!({ "decision": "return", "corrections": ["门头照片不清晰"] });
    decide(ctx, &amr, "amr", task(&returned, TaskKind::Establishment).id, corrections);
    let opened = submit(ctx, &applicant, with_contact("鹿城小郑糕点店", "notices-00000000002"));
    for kind in [TaskKind::Establishment, TaskKind::PrepackagedFoodFiling] {
        assert_eq!(decide(ctx, &amr, "amr", task(&opened, kind).id, json!({ "decision": "approve" })).status(), 200);
    }
    // Approving again changes nothing and tells nobody twice.
    decide(ctx, &amr, "amr", opened.tasks[0].id, json!({ "decision": "approve" }));

    let inbox: Notices = ctx.get_as(&applicant, "/api/me/notices").json().expect("my notices");
    let told: Vec<(NoticeKind, &str)> = inbox.notices.iter().map(|n| (n.kind, n.subject.as_str())).collect();
    assert_eq!(
        told,
        vec![
            (NoticeKind::Completed, "鹿城小郑糕点店"),
            (NoticeKind::Opened, "鹿城小郑糕点店"),
            (NoticeKind::Returned, "鹿城小郑炒货店")
        ],
        "registered when the registration is approved, done when the filing is too"
    );
    assert_eq!(inbox.unread, 3);
    // Besides the sign-in code, one text each, to the phone on the application.
    let texts: Vec<String> = texts_to(ctx, contact).into_iter().filter(|t| !t.contains("验证码")).collect();
    assert_eq!(texts.len(), 3, "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("鹿城小郑糕点店") && t.contains("已登记")), "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("鹿城小郑糕点店") && t.contains("已办结")), "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("鹿城小郑炒货店") && t.contains("补正")), "{texts:?}");
    assert!(texts.iter().all(|t| !t.contains("门头照片")), "what to correct stays in the app: {texts:?}");

    let stranger = ctx.sign_in("13655500014").access_token;
    let theirs: Notices = ctx.get_as(&stranger, "/api/me/notices").json().expect("their notices");
    assert!(theirs.notices.is_empty(), "nobody else sees them");
    let read = post_as(ctx, &stranger, "/api/me/notices/read", json!({ "up_to": inbox.notices[0].id }));
    assert_eq!(read.status(), 204);
    let still: Notices = ctx.get_as(&applicant, "/api/me/notices").json().expect("my notices");
    assert_eq!(still.unread, 3, "another person cannot mark mine read");
    let read = post_as(ctx, &applicant, "/api/me/notices/read", json!({ "up_to": inbox.notices[1].id }));
    assert_eq!(read.status(), 204);
    let after: Notices = ctx.get_as(&applicant, "/api/me/notices").json().expect("my notices");
    assert_eq!((after.unread, after.notices[1].read, after.notices[0].read), (1, true, false), "up to the one seen");
    let bad = post_as(ctx, &applicant, "/api/me/notices/read", json!({ "up_to": "all" }));
    assert_eq!(bad.status(), 400);
}

pub(crate) fn put_as(ctx: &Ctx, token: &str, path: &str, body: serde_json::Value) -> reqwest::blocking::Response {
    ctx.http.put(ctx.server.url(path)).bearer_auth(token).json(&body).send_through_dev_proxy().expect("PUT")
}

fn a_draft_is_kept_for_its_author_alone_without_id_number_or_phone_until_filed(ctx: &Ctx) {
    let author = ctx.sign_in("13655500015").access_token;
    let path = "/api/me/drafts/open-food-shop";
    let draft =
        json!({ "shop_name": "鹿城小郑卤味店", "county": "330302", "trade": "food_retail", "operator_name": "郑小明" });
    assert_eq!(ctx.get_as(&author, path).status(), 404, "none yet");
    assert_eq!(put_as(ctx, &author, path, draft.clone()).status(), 204);
    let kept: serde_json::Value = ctx.get_as(&author, path).json().expect("the draft");
    assert_eq!((kept["shop_name"].as_str(), kept["operator_name"].as_str()), (Some("鹿城小郑卤味店"), Some("郑小明")));

    let stranger = ctx.sign_in("13655500016").access_token;
    assert_eq!(ctx.get_as(&stranger, path).status(), 404, "nobody else's draft is readable");
    let with_id = put_as(ctx, &author, path, json!({ "shop_name": "x", "id_number": id_number() }));
    assert_eq!(with_id.status(), 400, "an ID number is never kept");
    let too_long = put_as(ctx, &author, path, json!({ "shop_name": "长".repeat(61) }));
    assert_eq!(too_long.status(), 400);
    assert_eq!(too_long.json::<ApiError>().expect("an error").fields[0].field, "shop_name");
    assert_eq!(put_as(ctx, &author, "/api/me/drafts/open-a-bank", draft).status(), 404);
    let still: serde_json::Value = ctx.get_as(&author, path).json().expect("the draft");
    assert_eq!(still, kept, "refused saves change nothing");

    submit(ctx, &author, application(ctx, "13655500015", "open-food-shop", "鹿城小郑卤味店", "drafts-00000000001"));
    assert_eq!(ctx.get_as(&author, path).status(), 404, "filing it removes the draft");
}

fn approving_the_registration_opens_the_shop_with_a_genuine_code_and_each_permit_joins_its_page_when_approved(
    ctx: &Ctx,
) {
    let applicant = ctx.sign_in("13655500008").access_token;
    let amr = staff(ctx, "amr");
    let filed = submit(
        ctx,
        &applicant,
        application(ctx, "13655500008", "open-food-shop", "鹿城小郑副食店", "opens-a-shop-000001"),
    );
    let approve = json!({ "decision": "approve" });
    // 登记 on the spot: the registration alone opens the shop, the food filing still in review.
    assert_eq!(decide(ctx, &amr, "amr", task(&filed, TaskKind::Establishment).id, approve.clone()).status(), 200);
    let mine: MyApplications = ctx.get_as(&applicant, "/api/me/applications").json().expect("mine");
    let opened = mine.applications.iter().find(|a| a.id == filed.id).expect("the application");
    assert_eq!(opened.status, ApplicationStatus::InReview, "the filing is still being handled");
    let uscc = opened.uscc.clone().expect("a credit code");
    assert_eq!(getima_domain::uscc::parse(&uscc).as_deref(), Ok(uscc.as_str()), "a valid credit code");
    assert_eq!(getima_domain::uscc::division(&uscc), "330302", "of the county applied in");

    let code = opened.code.clone().expect("a business code");
    let kinds = |profile: &getima_domain::api::CodeProfile| -> Vec<String> {
        profile.household.licences.iter().map(|l| format!("{:?}", l.kind)).collect()
    };
    let profile = crate::codes::profile(ctx, &code);
    assert_eq!(profile.household.name, "鹿城小郑副食店");
    assert_eq!(profile.household.uscc, uscc);
    // Genuine, but not green while the filing it needs to sell food is still being decided.
    assert_eq!(profile.standing, getima_domain::codes::verdict::Standing::LicencePending, "it scans as genuine");
    let awaited = getima_domain::api::AwaitedLicence {
        kind: getima_domain::codes::households::LicenceKind::PrepackagedFoodFiling,
        pending: true,
    };
    assert_eq!(profile.household.awaited_licences, [awaited]);
    assert!(!kinds(&profile).iter().any(|k| k.contains("Prepackaged")), "no filing yet: {:?}", kinds(&profile));
    let svg = ctx.get(&format!("/api/codes/{code}/qr.svg")).text().expect("its QR");
    assert_eq!(crate::codes::qr::decode(&svg), vec![profile.url.clone()], "and its QR reads back");

    let filing = task(&filed, TaskKind::PrepackagedFoodFiling).id;
    assert_eq!(decide(ctx, &amr, "amr", filing, approve).status(), 200);
    let mine: MyApplications = ctx.get_as(&applicant, "/api/me/applications").json().expect("mine");
    let done = mine.applications.iter().find(|a| a.id == filed.id).expect("the application");
    assert_eq!(done.status, ApplicationStatus::Approved);
    assert_eq!((done.uscc.as_deref(), done.code.as_deref()), (Some(uscc.as_str()), Some(code.as_str())), "opened once");
    let profile = crate::codes::profile(ctx, &code);
    assert!(kinds(&profile).iter().any(|k| k.contains("Prepackaged")), "the filing joins its page at once");
    assert_eq!(profile.standing, getima_domain::codes::verdict::Standing::Trading, "and it is trading");

    let owned: serde_json::Value = ctx.get_as(&applicant, "/api/me/households").json().expect("my households");
    let names: Vec<&str> =
        owned["households"].as_array().expect("list").iter().filter_map(|h| h["name"].as_str()).collect();
    assert_eq!(names, vec!["鹿城小郑副食店"], "the applicant owns exactly the one shop");
}

fn only_the_task_s_own_department_decides_it_and_only_once(ctx: &Ctx) {
    let applicant = ctx.sign_in("13655500005").access_token;
    let filed = submit(
        ctx,
        &applicant,
        application(ctx, "13655500005", "open-food-shop", "鹿城郑家食品店", "departments-0000001"),
    );
    let registration = task(&filed, TaskKind::Establishment).id;
    let (amr, tax) = (staff(ctx, "amr"), staff(ctx, "tax"));
    let approve = json!({ "decision": "approve" });
    assert_eq!(decide(ctx, &tax, "amr", registration, approve.clone()).status(), 403, "not tax's department");
    assert_eq!(decide(ctx, &tax, "tax", registration, approve.clone()).status(), 404, "not a task of tax");
    assert_eq!(decide(ctx, &applicant, "amr", registration, approve.clone()).status(), 403, "not staff");
    // Staff never decide their own application.
    let colleague = "13655500009";
    let created = post_as(
        ctx,
        &ctx.admin,
        "/api/admin/people",
        json!({ "name": "郑同事", "phone": colleague, "roles": ["staff"], "department": "amr" }),
    );
    assert_eq!(created.status(), 201);
    let colleague = ctx.sign_in(colleague).access_token;
    let own = submit(
        ctx,
        &colleague,
        application(ctx, "13655500009", "open-food-shop", "鹿城郑同事食品店", "own-decision-000001"),
    );
    let refused = decide(ctx, &colleague, "amr", own.tasks[0].id, approve.clone());
    assert_eq!(refused.status(), 403, "not one's own application");
    let head = ctx.session(phone(Role::DepartmentHead, Some("amr"))).access_token;
    let answers = at_once(10, |i| {
        let token = if i % 2 == 0 { &amr } else { &head };
        decide(ctx, token, "amr", registration, approve.clone()).status().as_u16()
    });
    assert_eq!(answers.iter().filter(|&&s| s == 200).count(), 1, "decided once: {answers:?}");
    assert!(answers.iter().all(|&s| s == 200 || s == 404), "{answers:?}");
    let mine: MyApplications = ctx.get_as(&applicant, "/api/me/applications").json().expect("mine");
    let approvals = mine.applications[0].timeline.iter().filter(|e| e.event == TimelineEvent::Approved).count();
    assert_eq!(approvals, 1, "one timeline entry");
    let subject = format!("registration-task:{registration}");
    let entries = crate::attacks::audit_log(ctx).iter().filter(|e| e.subject == subject).count();
    assert_eq!(entries, 1, "one audit entry");
}

fn an_applicant_sees_only_their_own_applications(ctx: &Ctx) {
    let (a, b) = (ctx.sign_in("13655500006").access_token, ctx.sign_in("13655500007").access_token);
    let filed =
        submit(ctx, &a, application(ctx, "13655500006", "open-barbershop", "鹿城郑师傅理发店", "own-applications-001"));
    let theirs: MyApplications = ctx.get_as(&b, "/api/me/applications").json().expect("b's list");
    assert!(theirs.applications.iter().all(|x| x.id != filed.id), "b never sees a's application");
    let mine: MyApplications = ctx.get_as(&a, "/api/me/applications").json().expect("a's list");
    assert_eq!(mine.applications.iter().map(|x| x.id).collect::<Vec<_>>(), vec![filed.id]);
    let text = serde_json::to_string(&mine).expect("JSON");
    assert!(!text.contains(&id_number()) && !text.contains("55500006"), "personal data is not sent back");
}

fn the_cron_trigger_escalates_each_overdue_task_once_for_its_head_to_see(ctx: &Ctx) {
    let head = ctx.session(phone(Role::DepartmentHead, Some("amr"))).access_token;
    let vendor = ctx.session(phone(Role::Vendor, None)).access_token;
    let overdue = |ctx: &Ctx| -> TaskQueue {
        ctx.get_as(&head, "/api/departments/amr/registration-tasks?overdue=true").json().expect("the overdue list")
    };
    let late = overdue(ctx).tasks.into_iter().find(|t| t.shop_name == "鹿城示例小吃店").expect("the late demo task");
    assert!(late.days_left < 0, "{late:?}");
    for _ in 0..2 {
        let fired = ctx.get("/__scheduled?cron=*/30+*+*+*+*");
        assert_eq!(fired.status(), 200);
    }
    assert!(!ctx.server.log().contains("scheduled escalation failed"), "{}", ctx.server.log_tail());
    let raised = overdue(ctx).tasks.into_iter().find(|t| t.id == late.id).expect("still on the head's list");
    assert!(raised.escalated, "flagged for the head");

    let mine: MyApplications = ctx.get_as(&vendor, "/api/me/applications").json().expect("the vendor's applications");
    let by_shop =
        |shop: &str| mine.applications.iter().find(|a| a.shop_name == shop).unwrap_or_else(|| panic!("{shop}"));
    let escalations: Vec<_> =
        by_shop("鹿城示例小吃店").timeline.iter().filter(|e| e.event == TimelineEvent::Escalated).collect();
    assert_eq!(escalations.len(), 1, "raised once, however often the trigger runs");
    assert_eq!(escalations[0].by_zh, "系统");
    assert!(
        by_shop("鹿城示例面馆").timeline.iter().all(|e| e.event != TimelineEvent::Escalated),
        "tasks within their limit are left alone"
    );
    // The demo applications show every state.
    assert_eq!(by_shop("鹿城示例面馆").status, ApplicationStatus::InReview);
    assert_eq!(by_shop("鹿城示例副食店").status, ApplicationStatus::NeedsCorrection);
    assert_eq!(by_shop("鹿城示例食品店").status, ApplicationStatus::Rejected);
    assert_eq!(by_shop("鹿城示例茶饮店").status, ApplicationStatus::Withdrawn);
}

fn a_name_is_held_while_its_application_is_handled_by_one_filing_of_many_and_freed_by_a_refusal(ctx: &Ctx) {
    let name = "鹿城同名小吃店";
    let available = |ctx: &Ctx| -> bool {
        let path = format!("/api/registration/name-check?name={name}&county=330302&trade=catering");
        let check: getima_domain::api::NameCheck = ctx.get(&path).json().expect("a name check");
        check.available
    };
    assert!(available(ctx), "free to begin with");
    let phones = ["13655500087", "13655500088", "13655500089", "13655500090"];
    let applicants: Vec<String> = phones.iter().map(|p| ctx.sign_in(p).access_token).collect();
    let answers = at_once(applicants.len(), |i| {
        let body = application(ctx, phones[i], "open-food-shop", name, &format!("same-name-at-once-{i:02}"));
        let response = post_as(ctx, &applicants[i], "/api/registration/applications", body);
        let status = response.status().as_u16();
        (status, if status == 400 { response.json::<ApiError>().ok() } else { None })
    });
    assert_eq!(answers.iter().filter(|(s, _)| *s == 201).count(), 1, "one filing of many: {answers:?}");
    for (_, refused) in answers.iter().filter(|(s, _)| *s != 201) {
        let refused = refused.as_ref().expect("a 400 naming the field");
        assert_eq!(refused.fields.iter().map(|f| f.field.as_str()).collect::<Vec<_>>(), ["shop_name"]);
    }
    assert!(!available(ctx), "held while it is handled");
    let winner = answers.iter().position(|(s, _)| *s == 201).expect("the one filed");
    let mine: MyApplications = ctx.get_as(&applicants[winner], "/api/me/applications").json().expect("mine");
    let filed = mine.applications.into_iter().find(|a| a.shop_name == name).expect("the filed application");
    let refusal = json!({ "decision": "reject", "note": "经营场所不符合要求" });
    assert_eq!(decide(ctx, &staff(ctx, "amr"), "amr", task(&filed, TaskKind::Establishment).id, refusal).status(), 200);
    assert!(available(ctx), "freed by the refusal");
}

fn one_refusal_closes_the_other_departments_tasks_and_leaves_their_queues(ctx: &Ctx) {
    let applicant = ctx.sign_in("13655500093").access_token;
    let filed = submit(
        ctx,
        &applicant,
        application(ctx, "13655500093", "open-restaurant", "鹿城郑家拒办餐馆", "closed-by-refusal-01"),
    );
    let enforcement = ctx.session("13900000008").access_token;
    let signboards = |ctx: &Ctx| -> TaskQueue {
        let path = format!("/api/departments/enforcement/registration-tasks?application={}", filed.id);
        ctx.get_as(&enforcement, &path).json().expect("the enforcement queue")
    };
    assert_eq!(signboards(ctx).total, 1, "the signboard waits at enforcement");
    let amr = staff(ctx, "amr");
    let licence = task(&filed, TaskKind::FoodBusinessLicence).id;
    let returned = json!({ "decision": "return", "corrections": ["补充健康证明"] });
    assert_eq!(decide(ctx, &amr, "amr", licence, returned).status(), 200);
    let refusal = json!({ "decision": "reject", "note": "经营场所为住宅，未取得利害关系业主同意" });
    let refused = decide(ctx, &amr, "amr", task(&filed, TaskKind::Establishment).id, refusal);
    assert_eq!(refused.status(), 200);
    let refused: Application = refused.json().expect("the application");
    assert_eq!(refused.status, ApplicationStatus::Rejected);
    for kind in [TaskKind::FoodBusinessLicence, TaskKind::OutdoorSignboard, TaskKind::UtilityConnection] {
        let closed = task(&refused, kind);
        assert_eq!((closed.status, closed.due_on.as_deref()), (TaskStatus::Closed, None), "{kind:?} closes");
    }
    let closings: Vec<_> = refused.timeline.iter().filter(|e| e.event == TimelineEvent::Closed).collect();
    assert_eq!(closings.len(), 3, "one timeline entry each");
    assert!(closings.iter().all(|e| e.by_zh == "系统"), "{closings:?}");
    assert_eq!(signboards(ctx).total, 0, "gone from the other departments' queues");
    let signboard = task(&refused, TaskKind::OutdoorSignboard).id;
    let approve = json!({ "decision": "approve" });
    assert_eq!(decide(ctx, &enforcement, "enforcement", signboard, approve).status(), 404, "nothing left to decide");
    let again = resubmit(ctx, &applicant, filed.id, "已补健康证明");
    assert_eq!(again.status(), 409, "a refused application is not corrected");

    // With nothing else open, the refusal still reaches the applicant.
    let shop = submit(
        ctx,
        &applicant,
        application(ctx, "13655500093", "open-food-shop", "鹿城郑家拒办食品店", "closed-by-refusal-02"),
    );
    let filing = task(&shop, TaskKind::PrepackagedFoodFiling).id;
    assert_eq!(decide(ctx, &amr, "amr", filing, json!({ "decision": "approve" })).status(), 200);
    let refusal = json!({ "decision": "reject", "note": "名称与他人在先权利冲突" });
    assert_eq!(decide(ctx, &amr, "amr", task(&shop, TaskKind::Establishment).id, refusal).status(), 200);
    let notices: Notices = ctx.get_as(&applicant, "/api/me/notices").json().expect("my notices");
    let refusals = notices.notices.iter().filter(|n| n.kind == NoticeKind::Rejected).count();
    assert_eq!(refusals, 2, "each refusal is told: {notices:?}");
}

fn withdraw(ctx: &Ctx, token: &str, application: i64) -> reqwest::blocking::Response {
    post_as(ctx, token, &format!("/api/me/applications/{application}/withdrawal"), json!(null))
}

fn an_applicant_withdraws_an_application_once_however_often_it_is_sent_and_its_name_is_freed(ctx: &Ctx) {
    let name = "鹿城郑家撤回小吃店";
    let available = || -> bool {
        let path = format!("/api/registration/name-check?name={name}&county=330302&trade=catering");
        ctx.get(&path).json::<getima_domain::api::NameCheck>().expect("a name check").available
    };
    let applicant = ctx.sign_in("13655500094").access_token;
    let filed = submit(ctx, &applicant, application(ctx, "13655500094", "open-food-shop", name, "withdrawn-000000001"));
    let amr = staff(ctx, "amr");
    let registration = task(&filed, TaskKind::Establishment).id;
    let returned = json!({ "decision": "return", "corrections": ["补充租赁合同"] });
    assert_eq!(decide(ctx, &amr, "amr", registration, returned).status(), 200);
    assert!(!available(), "held while it is handled");

    let stranger = ctx.sign_in("13655500095").access_token;
    assert_eq!(withdraw(ctx, &stranger, filed.id).status(), 404, "nobody else's application is withdrawn");
    assert_eq!(withdraw(ctx, &amr, filed.id).status(), 404, "not by staff either");
    let answers = at_once(10, |_| {
        let response = withdraw(ctx, &applicant, filed.id);
        (response.status().as_u16(), response.json::<Application>().ok().map(|a| a.status))
    });
    assert!(answers.iter().all(|a| *a == (200, Some(ApplicationStatus::Withdrawn))), "each copy answers: {answers:?}");

    let mine: MyApplications = ctx.get_as(&applicant, "/api/me/applications").json().expect("mine");
    let withdrawn = mine.applications.iter().find(|a| a.id == filed.id).expect("the application");
    assert_eq!(withdrawn.status, ApplicationStatus::Withdrawn);
    assert!(withdrawn.tasks.iter().all(|t| t.status == TaskStatus::Closed && t.due_on.is_none()), "{withdrawn:?}");
    let entries: Vec<_> = withdrawn.timeline.iter().filter(|e| e.event == TimelineEvent::Withdrawn).collect();
    assert_eq!(entries.len(), 1, "withdrawn once, however often it was sent");
    assert_eq!(entries[0].by_zh, "申请人");
    let subject = format!("application:{}", filed.id);
    assert_eq!(crate::attacks::audit_log(ctx).iter().filter(|e| e.subject == subject).count(), 1, "audited once");

    assert!(available(), "the name is free again");
    let filing = task(&filed, TaskKind::PrepackagedFoodFiling).id;
    assert_eq!(decide(ctx, &amr, "amr", filing, json!({ "decision": "approve" })).status(), 404, "nothing to decide");
    let queue: TaskQueue = ctx
        .get_as(&amr, &format!("/api/departments/amr/registration-tasks?application={}", filed.id))
        .json()
        .expect("the queue");
    assert_eq!(queue.total, 0, "gone from the queue");
    let again = resubmit(ctx, &applicant, filed.id, "已补交租赁合同");
    assert_eq!(again.status(), 409, "a withdrawn application is not sent again");
}

fn a_withdrawal_leaves_what_was_approved_and_a_decided_application_cannot_be_withdrawn(ctx: &Ctx) {
    let applicant = ctx.sign_in("13655500096").access_token;
    let amr = staff(ctx, "amr");
    let approve = json!({ "decision": "approve" });
    let filed = submit(
        ctx,
        &applicant,
        application(ctx, "13655500096", "open-food-shop", "鹿城郑家半撤店", "withdrawn-000000002"),
    );
    assert_eq!(decide(ctx, &amr, "amr", task(&filed, TaskKind::Establishment).id, approve.clone()).status(), 200);
    let response = withdraw(ctx, &applicant, filed.id);
    assert_eq!(response.status(), 200);
    let withdrawn: Application = response.json().expect("the application");
    assert_eq!(withdrawn.status, ApplicationStatus::Withdrawn);
    assert_eq!(task(&withdrawn, TaskKind::Establishment).status, TaskStatus::Approved, "the registration stands");
    assert_eq!(task(&withdrawn, TaskKind::PrepackagedFoodFiling).status, TaskStatus::Closed);
    let code = withdrawn.code.clone().expect("the shop it opened");
    // Registered, without the filing it withdrew: its page says it may not sell food.
    let profile = crate::codes::profile(ctx, &code);
    assert_eq!(profile.standing, getima_domain::codes::verdict::Standing::LicencePending);
    assert!(profile.household.awaited_licences.iter().all(|l| !l.pending), "not coming");

    let decided = submit(
        ctx,
        &applicant,
        application(ctx, "13655500096", "open-food-shop", "鹿城郑家办结店", "withdrawn-000000003"),
    );
    for t in &decided.tasks {
        assert_eq!(decide(ctx, &amr, "amr", t.id, approve.clone()).status(), 200);
    }
    let refused = withdraw(ctx, &applicant, decided.id);
    assert_eq!(refused.status(), 409);
    let error: ApiError = refused.json().expect("an error");
    assert_eq!(error.error, ErrorKind::NothingToWithdraw);
    assert!(!error.message_zh.is_empty() && !error.message_en.is_empty(), "{error:?}");
}

/// The fields a refusal names, in order.
fn fields_of(response: reqwest::blocking::Response) -> Vec<String> {
    let error: ApiError = response.json().expect("an error body");
    error.fields.into_iter().map(|f| f.field).collect()
}

fn what_a_restaurant_s_notice_says_is_filled_in_online_is_required_and_each_department_sees_its_own(ctx: &Ctx) {
    let phone = "13655525001";
    let applicant = ctx.sign_in(phone).access_token;
    let notice: getima_domain::api::BundleNotice =
        ctx.get("/api/registration/bundles/open-restaurant").json().expect("the notice");
    use getima_domain::registration::OnlineMaterial;
    assert_eq!(
        notice.online_materials(),
        [OnlineMaterial::ApplicationForm, OnlineMaterial::FoodSafetyManager, OnlineMaterial::UtilityAccounts],
        "what the notice marks 在线填写"
    );
    let mut body = application(ctx, phone, "open-restaurant", "鹿城郑记水饺馆", "online-parts-000001");
    let complete = body.clone();
    body.as_object_mut().expect("an object").remove("food_safety_manager");
    body.as_object_mut().expect("an object").remove("utility_accounts");
    let missing = post_as(ctx, &applicant, "/api/registration/applications", body);
    assert_eq!(missing.status(), 400);
    assert_eq!(
        fields_of(missing),
        ["food_safety_manager.name", "food_safety_manager.id_number", "food_safety_manager.phone", "utility_accounts"],
        "each part the notice asks for, named"
    );
    let mut bad = complete.clone();
    bad["utility_accounts"]["water"] = json!("水表");
    bad["food_safety_manager"]["phone"] = json!("12345");
    assert_eq!(
        fields_of(post_as(ctx, &applicant, "/api/registration/applications", bad)),
        ["food_safety_manager.phone", "utility_accounts.water"]
    );
    let mine: MyApplications = ctx.get_as(&applicant, "/api/me/applications").json().expect("mine");
    assert!(mine.applications.is_empty(), "nothing filed yet");

    let mut body = complete;
    let manager_id = getima_domain::id_number::complete("33030219880808123").expect("an ID number");
    body["food_safety_manager"] = json!({ "name": "林安全", "id_number": manager_id, "phone": "13655525099" });
    body["utility_accounts"] = json!({ "water": "0577 1234 56", "power": "3300987654", "gas": "" });
    let filed = submit(ctx, &applicant, body);
    let queued = |department: &str| -> Vec<getima_domain::api::QueuedTask> {
        let path = format!("/api/departments/{department}/registration-tasks?application={}", filed.id);
        let queue: TaskQueue = ctx.get_as(&staff(ctx, department), &path).json().expect("the queue");
        queue.tasks
    };
    for task in queued("amr") {
        match task.kind {
            TaskKind::FoodBusinessLicence => {
                let manager = task.food_safety_manager.expect("the food licence's reviewer sees the manager");
                assert_eq!((manager.name.as_str(), manager.phone.as_str()), ("林安全", "13655525099"));
                assert!(manager.id_number.contains('*') && !manager.id_number.contains(&manager_id[6..14]), "masked");
                assert_eq!(task.utility_accounts, None);
            }
            _ => assert_eq!((task.food_safety_manager, task.utility_accounts), (None, None), "{:?}", task.kind),
        }
    }
    let power = queued("power");
    let accounts = power[0].utility_accounts.clone().expect("the connection's reviewer sees the accounts");
    assert_eq!(
        (accounts.water.as_str(), accounts.power.as_str(), accounts.gas.as_str()),
        ("0577123456", "3300987654", "")
    );
    assert_eq!(power[0].food_safety_manager, None);
    assert!(queued("enforcement").iter().all(|t| t.food_safety_manager.is_none() && t.utility_accounts.is_none()));

    let mut shop = application(ctx, phone, "open-food-shop", "鹿城郑记炒货店", "online-parts-000002");
    shop["food_safety_manager"] = json!({ "name": "林安全", "id_number": manager_id, "phone": "13655525099" });
    assert_eq!(
        fields_of(post_as(ctx, &applicant, "/api/registration/applications", shop)),
        ["food_safety_manager"],
        "a food shop's notice does not ask for one"
    );
}

fn the_operator_applies_in_person_with_the_phone_they_signed_in_with_and_their_own_id_number(ctx: &Ctx) {
    let phone = "13655525002";
    let applicant = ctx.sign_in(phone).access_token;
    let someone_else = application(ctx, "13655525003", "open-food-shop", "鹿城冒名食品店", "in-person-00000001");
    let refused = post_as(ctx, &applicant, "/api/registration/applications", someone_else);
    assert_eq!(refused.status(), 400);
    let error: ApiError = refused.json().expect("an error");
    let said = error.field("phone").expect("said beside the phone");
    assert!(said.message_zh.contains("登录") && said.message_en.contains("signed in with"), "{said:?}");

    // An account that gave its ID number (as a vendor) applies as that person only.
    let vendor = "13655525004";
    let token = ctx.sign_in(vendor).access_token;
    let own_id = getima_domain::id_number::complete("33030219910303123").expect("an ID number");
    let became = post_as(ctx, &token, "/api/me/vendor", json!({ "name": "郑本人", "id_number": own_id }));
    assert_eq!(became.status(), 200);
    let as_another = application(ctx, vendor, "open-food-shop", "鹿城郑本人食品店", "in-person-00000002");
    assert_eq!(fields_of(post_as(ctx, &token, "/api/registration/applications", as_another)), ["id_number"]);
    let mut as_myself = application(ctx, vendor, "open-food-shop", "鹿城郑本人食品店", "in-person-00000003");
    as_myself["id_number"] = json!(own_id);
    submit(ctx, &token, as_myself);
    let filed =
        submit(ctx, &applicant, application(ctx, phone, "open-food-shop", "鹿城本人食品店", "in-person-00000004"));
    assert_eq!(filed.status, ApplicationStatus::InReview, "with the phone they signed in with");
    // An account that gave no ID number is held to the one its first filing gave.
    let mut made_up = application(ctx, phone, "open-food-shop", "鹿城别人食品店", "in-person-00000005");
    made_up["id_number"] = json!(getima_domain::id_number::complete("33030219920202123").expect("an ID number"));
    assert_eq!(fields_of(post_as(ctx, &applicant, "/api/registration/applications", made_up)), ["id_number"]);

    // Two operators named at once by a new account: one is filed, the other told why.
    let newcomer = ctx.sign_in("13655525009").access_token;
    let answers = at_once(2, |i| {
        let name = format!("鹿城同时{}食品店", ["甲", "乙"][i]);
        let mut body = application(ctx, "13655525009", "open-food-shop", &name, &format!("two-operators-{i:04}"));
        body["id_number"] = json!(getima_domain::id_number::complete(&format!("3303021993030312{i}")).expect("an ID"));
        let answer = post_as(ctx, &newcomer, "/api/registration/applications", body);
        (answer.status().as_u16(), answer.text().expect("a body"))
    });
    let filed = answers.iter().filter(|(status, _)| *status == 201).count();
    let refused: Vec<ApiError> = answers
        .iter()
        .filter(|(status, _)| *status == 400)
        .filter_map(|(_, body)| serde_json::from_str(body).ok())
        .collect();
    assert_eq!((filed, refused.len()), (1, 1), "{answers:?}");
    assert_eq!(refused[0].fields.iter().map(|f| f.field.as_str()).collect::<Vec<_>>(), ["id_number"]);
}

fn fifteen_applications_fired_at_once_by_one_person_leave_exactly_three_open(ctx: &Ctx) {
    use getima_domain::registration::MAX_OPEN_APPLICATIONS;
    let phone = "13655525005";
    let applicant = ctx.sign_in(phone).access_token;
    let names = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸", "子", "丑", "寅", "卯", "辰"];
    // Made-up operators, fired at once: none is filed.
    let made_up = at_once(15, |i| {
        let mut body = application(
            ctx,
            phone,
            "open-food-shop",
            &format!("鹿城冒{}食品店", names[i]),
            &format!("made-up-op-{i:08}"),
        );
        body["phone"] = json!(format!("1390000{:04}", 7100 + i));
        post_as(ctx, &applicant, "/api/registration/applications", body).status().as_u16()
    });
    assert!(made_up.iter().all(|&s| s == 400), "{made_up:?}");
    // The applicant's own, fired at once: the most open at a time, the rest told why.
    let answers = at_once(15, |i| {
        let body = application(
            ctx,
            phone,
            "open-food-shop",
            &format!("鹿城占{}食品店", names[i]),
            &format!("hold-names-{i:08}"),
        );
        let response = post_as(ctx, &applicant, "/api/registration/applications", body);
        let status = response.status().as_u16();
        (status, (status != 201).then(|| response.json::<ApiError>().expect("an error").error))
    });
    let filed = answers.iter().filter(|(s, _)| *s == 201).count();
    assert_eq!(filed, MAX_OPEN_APPLICATIONS as usize, "{answers:?}");
    assert!(
        answers.iter().filter(|(s, _)| *s != 201).all(|a| *a == (409, Some(ErrorKind::TooManyOpenApplications))),
        "{answers:?}"
    );
    let mine: MyApplications = ctx.get_as(&applicant, "/api/me/applications").json().expect("mine");
    assert_eq!(mine.applications.len(), MAX_OPEN_APPLICATIONS as usize, "only those were filed");
    // A retry of one filed still answers with it; a new one is refused until a place is free.
    let kept = answers.iter().position(|(s, _)| *s == 201).expect("one filed");
    let retry = application(
        ctx,
        phone,
        "open-food-shop",
        &format!("鹿城占{}食品店", names[kept]),
        &format!("hold-names-{kept:08}"),
    );
    assert_eq!(post_as(ctx, &applicant, "/api/registration/applications", retry).status(), 201);
    let another = || application(ctx, phone, "open-food-shop", "鹿城第四家食品店", "hold-names-fourth01");
    expect_error(
        post_as(ctx, &applicant, "/api/registration/applications", another()),
        409,
        ErrorKind::TooManyOpenApplications,
    );
    let withdrawn =
        post_as(ctx, &applicant, &format!("/api/me/applications/{}/withdrawal", mine.applications[0].id), json!({}));
    assert_eq!(withdrawn.status(), 200);
    assert_eq!(post_as(ctx, &applicant, "/api/registration/applications", another()).status(), 201, "a place is free");
}

fn a_return_nobody_corrects_in_time_lapses_once_and_its_name_is_free_again(ctx: &Ctx) {
    let vendor_phone = phone(Role::Vendor, None);
    let vendor = ctx.session(vendor_phone).access_token;
    let shop = "鹿城示例烧烤店";
    let name_free = || -> bool {
        let path = format!("/api/registration/name-check?name={shop}&county=330302&trade=food_retail");
        let check: getima_domain::api::NameCheck = ctx.get(&path).json().expect("a name check");
        check.available
    };
    // Runs side by side, as overlapping cron runs would, and again after.
    let runs = at_once(4, |_| ctx.get("/__scheduled?cron=*/30+*+*+*+*").status().as_u16());
    assert!(runs.iter().all(|&s| s == 200), "{runs:?}");
    assert_eq!(ctx.get("/__scheduled?cron=*/30+*+*+*+*").status(), 200);
    assert!(!ctx.server.log().contains("lapse of uncorrected returns failed"), "{}", ctx.server.log_tail());
    let mine: MyApplications = ctx.get_as(&vendor, "/api/me/applications").json().expect("the vendor's applications");
    let by_shop =
        |name: &str| mine.applications.iter().find(|a| a.shop_name == name).unwrap_or_else(|| panic!("{name}"));
    let lapsed = by_shop(shop);
    assert_eq!(lapsed.status, ApplicationStatus::Withdrawn, "deemed withdrawn");
    assert!(lapsed.tasks.iter().all(|t| t.status == TaskStatus::Closed), "{:?}", lapsed.tasks);
    let entries: Vec<_> = lapsed.timeline.iter().filter(|e| e.event == TimelineEvent::Lapsed).collect();
    assert_eq!(entries.len(), 1, "once, however often the trigger runs");
    assert_eq!(entries[0].by_zh, "系统");
    assert!(name_free(), "the name it held is free again");
    let texts = texts_to(ctx, vendor_phone).iter().filter(|t| t.contains(shop) && t.contains("逾期未补正")).count();
    assert_eq!(texts, 1, "its applicant is told once by text");
    // A return still within its time keeps its name and says until when.
    let waiting = by_shop("鹿城示例副食店");
    assert_eq!(waiting.status, ApplicationStatus::NeedsCorrection);
    let last_day = waiting.tasks.iter().find_map(|t| t.correct_by.clone()).expect("its last day to correct");
    assert!(last_day > getima_domain::calendar::china_date_at(ctx.server.now_ms()).to_string(), "{last_day}");
}

fn the_number_an_applicant_is_shown_finds_their_application_on_the_desk(ctx: &Ctx) {
    let phone = "13655525006";
    let applicant = ctx.sign_in(phone).access_token;
    let filed =
        submit(ctx, &applicant, application(ctx, phone, "open-food-shop", "鹿城申请号食品店", "number-shown-00001"));
    let shown = getima_domain::registration::application_number(filed.id);
    let query = format!("/api/departments/amr/registration-tasks?application={shown}");
    let found: TaskQueue = ctx.get_as(&staff(ctx, "amr"), &query).json().expect("the queue");
    assert!(!found.tasks.is_empty() && found.tasks.iter().all(|t| t.application_id == filed.id), "{found:?}");
    let typed = getima_domain::registration::parse_application_number(&format!("申请号 {shown}"));
    assert_eq!(typed, Some(filed.id), "as staff type what the applicant reads out");
}

fn a_shop_registered_before_its_food_licence_is_never_shown_as_trading_and_says_what_it_may_not_do(ctx: &Ctx) {
    use getima_domain::codes::verdict::Standing;
    let phone = "13655525007";
    let applicant = ctx.sign_in(phone).access_token;
    let filed =
        submit(ctx, &applicant, application(ctx, phone, "open-restaurant", "鹿城未许可餐馆", "licence-awaited-001"));
    let amr = staff(ctx, "amr");
    let approve = json!({ "decision": "approve" });
    assert_eq!(decide(ctx, &amr, "amr", task(&filed, TaskKind::Establishment).id, approve.clone()).status(), 200);
    let food = task(&filed, TaskKind::FoodBusinessLicence).id;
    let returned = json!({ "decision": "return", "corrections": ["补充平面布局图"] });
    assert_eq!(decide(ctx, &amr, "amr", food, returned).status(), 200);
    let mine: MyApplications = ctx.get_as(&applicant, "/api/me/applications").json().expect("mine");
    let code = mine.applications[0].code.clone().expect("registered: a business code");
    let profile = crate::codes::profile(ctx, &code);
    assert_eq!(profile.standing, Standing::LicencePending, "registered, but not green");
    assert_eq!(
        profile.household.awaited_licences,
        [getima_domain::api::AwaitedLicence {
            kind: getima_domain::codes::households::LicenceKind::FoodBusiness,
            pending: true
        }]
    );
    // The page the Worker renders says so before any script runs.
    let html = ctx.get(&format!("/c/{code}")).text().expect("the page");
    assert!(html.contains("verdict--pending") && html.contains("食品经营许可办理中，暂不可经营餐饮"), "{html}");
    assert!(!html.contains("正常经营"), "never the trading words");

    let resent = post_as(
        ctx,
        &applicant,
        &format!("/api/me/applications/{}/resubmission", filed.id),
        json!({ "note": "已补平面图" }),
    );
    assert_eq!(resent.status(), 200);
    assert_eq!(decide(ctx, &amr, "amr", food, approve).status(), 200);
    let licensed = crate::codes::profile(ctx, &code);
    assert_eq!((licensed.standing, licensed.household.awaited_licences.len()), (Standing::Trading, 0), "once granted");
}

fn a_registered_applicant_is_greeted_by_the_operator_s_name(ctx: &Ctx) {
    let phone = "13655525008";
    let applicant = ctx.sign_in(phone).access_token;
    let unnamed: getima_domain::api::Me = ctx.get_as(&applicant, "/api/me").json().expect("me");
    assert_eq!(unnamed.name, None);
    let filed =
        submit(ctx, &applicant, application(ctx, phone, "open-food-shop", "鹿城有名食品店", "greeted-by-name-01"));
    let registration = task(&filed, TaskKind::Establishment).id;
    assert_eq!(decide(ctx, &staff(ctx, "amr"), "amr", registration, json!({ "decision": "approve" })).status(), 200);
    let named: getima_domain::api::Me = ctx.get_as(&applicant, "/api/me").json().expect("me");
    assert_eq!(named.name.as_deref(), Some("郑小明"), "the operator they registered as");
}
