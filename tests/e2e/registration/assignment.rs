//! Who holds a task (认领): reviewers take and give back tasks, the head gives them to
//! colleagues, the queue lists mine and the untaken apart, and only the holder decides.

use crate::accounts::{expect_error, phone, post_as};
use crate::attacks::{at_once, audit_log};
use crate::browser::{click, element, keep_screenshot, open_signed_in, run, text, type_into};
use crate::registration::applications::{application, decide, staff, submit, task};
use crate::{Ctx, NamedTest};
use getima_domain::accounts::Role;
use getima_domain::api::{
    ApiError, Colleagues, ErrorKind, MyApplications, SessionTokens, TaskHolder, TaskQueue, TimelineEvent,
};
use getima_domain::audit::AuditAction;
use getima_domain::registration::TaskKind;
use getima_e2e::SendThroughDevProxy;
use getima_e2e::phone::{PHONE_UA, phone_with};
use serde_json::json;

pub const TESTS: &[NamedTest] = &[
    (
        "assignment::two_reviewers_taking_one_task_at_once_leave_exactly_one_holder",
        two_reviewers_taking_one_task_at_once_leave_exactly_one_holder,
    ),
    (
        "assignment::only_the_holder_decides_a_taken_task_and_it_comes_back_to_them_after_a_correction",
        only_the_holder_decides_a_taken_task_and_it_comes_back_to_them_after_a_correction,
    ),
    ("assignment::the_queue_lists_mine_and_the_untaken_ones_apart", the_queue_lists_mine_and_the_untaken_ones_apart),
    (
        "assignment::the_head_gives_a_task_only_to_a_serving_reviewer_of_the_department",
        the_head_gives_a_task_only_to_a_serving_reviewer_of_the_department,
    ),
    (
        "assignment::a_reviewer_takes_a_task_on_a_phone_and_the_head_gives_it_to_a_colleague",
        a_reviewer_takes_a_task_on_a_phone_and_the_head_gives_it_to_a_colleague,
    ),
];

/// A new member of `department` in `role`, signed in.
fn member(ctx: &Ctx, name: &str, phone: &str, department: &str, role: &str) -> SessionTokens {
    let created = post_as(
        ctx,
        &ctx.admin,
        "/api/admin/people",
        json!({ "name": name, "phone": phone, "roles": [role], "department": department }),
    );
    assert_eq!(created.status(), 201, "{}", created.text().unwrap_or_default());
    ctx.sign_in(phone)
}

/// A new reviewer of `department`: their id and access token.
fn colleague(ctx: &Ctx, name: &str, phone: &str, department: &str) -> (i64, String) {
    let tokens = member(ctx, name, phone, department, "staff");
    (tokens.me.id, tokens.access_token)
}

fn task_path(dept: &str, task: i64, what: &str) -> String {
    format!("/api/departments/{dept}/registration-tasks/{task}/{what}")
}

fn claim(ctx: &Ctx, token: &str, dept: &str, task: i64) -> reqwest::blocking::Response {
    post_as(ctx, token, &task_path(dept, task, "claim"), json!(null))
}

fn give_back(ctx: &Ctx, token: &str, dept: &str, task: i64) -> reqwest::blocking::Response {
    ctx.http
        .delete(ctx.server.url(&task_path(dept, task, "claim")))
        .bearer_auth(token)
        .send_through_dev_proxy()
        .expect("DELETE")
}

fn assign(ctx: &Ctx, token: &str, task: i64, body: serde_json::Value) -> reqwest::blocking::Response {
    ctx.http
        .put(ctx.server.url(&task_path("amr", task, "assignee")))
        .bearer_auth(token)
        .json(&body)
        .send_through_dev_proxy()
        .expect("PUT")
}

fn queue(ctx: &Ctx, token: &str, query: &str) -> TaskQueue {
    ctx.get_as(token, &format!("/api/departments/amr/registration-tasks?{query}")).json().expect("the queue")
}

fn events(ctx: &Ctx, applicant: &str, event: TimelineEvent) -> usize {
    let mine: MyApplications = ctx.get_as(applicant, "/api/me/applications").json().expect("mine");
    mine.applications[0].timeline.iter().filter(|e| e.event == event).count()
}

fn two_reviewers_taking_one_task_at_once_leave_exactly_one_holder(ctx: &Ctx) {
    let applicant = ctx.sign_in("13655500070").access_token;
    let filed = submit(
        ctx,
        &applicant,
        application(ctx, "13655500070", "open-food-shop", "鹿城抢单食品店", "claim-race-00000001"),
    );
    let id = task(&filed, TaskKind::Establishment).id;
    let (first, second) = (staff(ctx, "amr"), colleague(ctx, "郑认领", "13655500071", "amr").1);
    let answers = at_once(10, |i| {
        let token = if i % 2 == 0 { &first } else { &second };
        (i % 2, claim(ctx, token, "amr", id).status().as_u16())
    });
    let winners: Vec<usize> = answers.iter().filter(|(_, s)| *s == 200).map(|(who, _)| *who).collect();
    assert!(!winners.is_empty() && winners.iter().all(|&w| w == winners[0]), "one reviewer holds it: {answers:?}");
    assert!(
        answers.iter().all(|&(who, s)| if who == winners[0] { s == 200 } else { s == 409 }),
        "the holder's retries are answered as theirs, the other's are refused: {answers:?}"
    );
    assert_eq!(events(ctx, &applicant, TimelineEvent::Claimed), 1, "one timeline entry");
    let subject = format!("registration-task:{id}");
    let audited =
        audit_log(ctx).iter().filter(|e| e.subject == subject && e.action == AuditAction::RegistrationAssign).count();
    assert_eq!(audited, 1, "one audit entry");
    let loser = if winners[0] == 0 { &second } else { &first };
    let refused = expect_error(claim(ctx, loser, "amr", id), 409, ErrorKind::TaskTaken);
    assert!(refused.message_zh.contains("同事") && refused.message_en.contains("colleague"), "{refused:?}");
}

fn only_the_holder_decides_a_taken_task_and_it_comes_back_to_them_after_a_correction(ctx: &Ctx) {
    let applicant = ctx.sign_in("13655500072").access_token;
    let filed = submit(
        ctx,
        &applicant,
        application(ctx, "13655500072", "open-food-shop", "鹿城经办食品店", "claim-holder-000001"),
    );
    let id = task(&filed, TaskKind::Establishment).id;
    let (amr, (holder_id, holder)) = (staff(ctx, "amr"), colleague(ctx, "郑经办", "13655500073", "amr"));
    let taken: TaskHolder = claim(ctx, &holder, "amr", id).json().expect("taken");
    assert_eq!(taken.assignee.map(|a| (a.id, a.name)), Some((holder_id, "郑经办".into())));
    let approve = json!({ "decision": "approve" });
    expect_error(decide(ctx, &amr, "amr", id, approve.clone()), 409, ErrorKind::TaskTaken);
    expect_error(give_back(ctx, &amr, "amr", id), 409, ErrorKind::TaskTaken);
    assert_eq!(claim(ctx, &staff(ctx, "tax"), "amr", id).status(), 403, "not another department's");
    let back: TaskHolder = give_back(ctx, &holder, "amr", id).json().expect("given back");
    assert_eq!(back.assignee, None);
    assert_eq!(give_back(ctx, &holder, "amr", id).status(), 200, "giving back twice changes nothing");
    assert_eq!(events(ctx, &applicant, TimelineEvent::Released), 1);

    // Deciding an untaken task takes it: the correction comes back to the same reviewer.
    let returned = decide(ctx, &amr, "amr", id, json!({ "decision": "return", "corrections": ["补营业场所照片"] }));
    assert_eq!(returned.status(), 200);
    assert_eq!(claim(ctx, &holder, "amr", id).status(), 409, "a returned task stays with who returned it");
    let sent =
        post_as(ctx, &applicant, &format!("/api/me/applications/{}/resubmission", filed.id), json!({ "note": "已补" }));
    assert_eq!(sent.status(), 200);
    let mine = queue(ctx, &amr, &format!("whose=mine&application={}", filed.id));
    let back = mine.tasks.iter().find(|t| t.id == id).expect("back in the reviewer's own queue");
    assert_eq!(back.assignee.as_ref().map(|a| a.id), Some(ctx.session(phone(Role::Staff, Some("amr"))).me.id));
    expect_error(decide(ctx, &holder, "amr", id, approve.clone()), 409, ErrorKind::TaskTaken);
    assert_eq!(decide(ctx, &amr, "amr", id, approve).status(), 200);
    expect_error(claim(ctx, &holder, "amr", id), 404, ErrorKind::NotFound);
}

fn the_queue_lists_mine_and_the_untaken_ones_apart(ctx: &Ctx) {
    let applicant = ctx.sign_in("13655500074").access_token;
    let filed = submit(
        ctx,
        &applicant,
        application(ctx, "13655500074", "open-food-shop", "鹿城分拣食品店", "claim-queue-0000001"),
    );
    let id = task(&filed, TaskKind::Establishment).id;
    let (reviewer_id, reviewer) = colleague(ctx, "郑分拣", "13655500075", "amr");
    // Looked up by its application number (the queue lists the most urgent 50 of all).
    let of_it = format!("application={}", filed.id);
    let listed = |query: &str| queue(ctx, &reviewer, &format!("{query}&{of_it}")).tasks.iter().any(|t| t.id == id);
    assert!(listed("whose=all") && listed("whose=unassigned") && listed(""), "untaken: in all and unassigned");
    assert!(!listed("whose=mine"), "not mine yet");
    assert_eq!(claim(ctx, &reviewer, "amr", id).status(), 200);
    assert!(listed("whose=mine") && listed("whose=all"), "taken: mine and still in all");
    assert!(!listed("whose=unassigned"), "no longer untaken");
    assert!(!listed("whose=mine&overdue=true"), "within its limit");
    let theirs = queue(ctx, &staff(ctx, "amr"), &format!("whose=mine&{of_it}"));
    assert!(theirs.tasks.is_empty(), "not in a colleague's own list");
    let mine = queue(ctx, &reviewer, "whose=mine");
    assert!(mine.tasks.iter().all(|t| t.assignee.as_ref().map(|a| a.id) == Some(reviewer_id)), "{mine:?}");
    assert_eq!(mine.total, 1);
    for (query, field) in
        [("whose=everyone", "whose"), ("whose=mine&overdue=maybe", "overdue"), ("application=first", "application")]
    {
        let refused = ctx.get_as(&reviewer, &format!("/api/departments/amr/registration-tasks?{query}"));
        let error = expect_error(refused, 400, ErrorKind::InvalidBody);
        assert!(error.fields.iter().any(|f| f.field == field && !f.message_en.is_empty()), "{query}: {error:?}");
    }
}

fn the_head_gives_a_task_only_to_a_serving_reviewer_of_the_department(ctx: &Ctx) {
    let head = ctx.session(phone(Role::DepartmentHead, Some("amr"))).access_token;
    let applicant = ctx.sign_in("13655500076").access_token;
    let filed = submit(
        ctx,
        &applicant,
        application(ctx, "13655500076", "open-food-shop", "鹿城指派食品店", "claim-assign-000001"),
    );
    let id = task(&filed, TaskKind::Establishment).id;
    let (given_id, given) = colleague(ctx, "郑受派", "13655500077", "amr");
    let (tax_id, _) = colleague(ctx, "税同事", "13655500078", "tax");
    let (own_id, own) = colleague(ctx, "郑自报", "13655500079", "amr");
    let own_filed =
        submit(ctx, &own, application(ctx, "13655500079", "open-food-shop", "鹿城自报食品店", "claim-assign-own-01"));
    let own_task = task(&own_filed, TaskKind::Establishment).id;

    let refusal = |response: reqwest::blocking::Response| -> ApiError {
        let error = expect_error(response, 400, ErrorKind::InvalidBody);
        assert_eq!(error.fields.len(), 1);
        assert_eq!(error.fields[0].field, "assignee");
        error
    };
    refusal(assign(ctx, &head, id, json!({ "assignee": tax_id })));
    refusal(assign(ctx, &head, id, json!({ "assignee": 987_654_321 })));
    let own_case = refusal(assign(ctx, &head, own_task, json!({ "assignee": own_id })));
    assert!(own_case.fields[0].message_en.contains("own application"), "{own_case:?}");
    expect_error(assign(ctx, &head, id, json!({ "assignee": "郑受派" })), 400, ErrorKind::InvalidBody);
    assert_eq!(assign(ctx, &given, id, json!({ "assignee": given_id })).status(), 403, "staff do not assign");
    let tax_head = member(ctx, "税负责", "13655500082", "tax", "department_head").access_token;
    let other = ctx.http.put(ctx.server.url(&task_path("amr", id, "assignee"))).bearer_auth(&tax_head);
    assert_eq!(
        other.json(&json!({ "assignee": null })).send_through_dev_proxy().expect("PUT").status(),
        403,
        "not their department"
    );
    assert_eq!(events(ctx, &applicant, TimelineEvent::Assigned), 0, "nothing refused was recorded");

    let given_to: TaskHolder = assign(ctx, &head, id, json!({ "assignee": given_id })).json().expect("assigned");
    assert_eq!(given_to.assignee.map(|a| a.id), Some(given_id));
    assert!(queue(ctx, &given, "whose=mine").tasks.iter().any(|t| t.id == id), "in their own list");
    let staff_list: Colleagues = ctx.get_as(&head, "/api/departments/amr/staff").json().expect("colleagues");
    let listed = staff_list.colleagues.iter().find(|c| c.id == given_id).expect("the colleague is listed");
    assert_eq!((listed.name.as_str(), listed.open_tasks), ("郑受派", 1));
    assert!(staff_list.colleagues.iter().all(|c| c.id != tax_id), "only this department's reviewers");
    assert_eq!(ctx.get_as(&given, "/api/departments/amr/staff").status(), 403, "for the head only");

    let pooled: TaskHolder = assign(ctx, &head, id, json!({ "assignee": null })).json().expect("back to the pool");
    assert_eq!(pooled.assignee, None);
    let untaken = queue(ctx, &head, &format!("whose=unassigned&application={}", filed.id));
    assert!(untaken.tasks.iter().any(|t| t.id == id));
    assert_eq!(events(ctx, &applicant, TimelineEvent::Assigned), 2);
    let mine: MyApplications = ctx.get_as(&applicant, "/api/me/applications").json().expect("mine");
    let text = serde_json::to_string(&mine).expect("JSON");
    assert!(!text.contains("郑受派"), "the applicant sees the department, not the reviewer's name");
}

fn a_reviewer_takes_a_task_on_a_phone_and_the_head_gives_it_to_a_colleague(ctx: &Ctx) {
    let applicant = ctx.sign_in("13655500080").access_token;
    let filed = submit(
        ctx,
        &applicant,
        application(ctx, "13655500080", "open-food-shop", "鹿城手机认领店", "claim-phone-0000001"),
    );
    let id = task(&filed, TaskKind::Establishment).id;
    let reviewer = serde_json::to_value(member(ctx, "郑手机", "13655500081", "amr", "staff")).expect("tokens");
    let head = serde_json::to_value(ctx.session(phone(Role::DepartmentHead, Some("amr")))).expect("tokens");
    let amr = ctx.session(phone(Role::Staff, Some("amr")));
    let base = ctx.server.url("/");
    let card = format!("[data-testid=queued-task][data-task='{id}']");
    run(async || {
        let phone_ui = phone_with(PHONE_UA).await;
        let client = &phone_ui.client;
        open_signed_in(client, &base, &reviewer, "desk/registration").await;
        click(client, "[data-testid=whose-unassigned]").await;
        type_into(client, "[data-testid=queue-application]", &filed.id.to_string()).await;
        assert_eq!(text(client, &format!("{card} [data-testid=holder]")).await, "未认领");
        click(client, &format!("{card} [data-testid=claim]")).await;
        let decided = text(client, "[data-testid=decided]").await;
        assert!(decided.contains("已认领：鹿城手机认领店"), "after the claim the desk said: {decided}");
        // The filters are above the sticky bar's reach once the page scrolled to the card.
        client.execute("window.scrollTo(0, 0)", vec![]).await.expect("script runs");
        click(client, "[data-testid=whose-mine]").await;
        holder_says(client, id, "经办人：我").await;
        element(client, &format!("{card} [data-testid=release]"), "the holder can give it back").await;
        let pointer = client.find_all(fantoccini::Locator::Css("[data-testid=to-mine]")).await.expect("a lookup");
        assert!(pointer.is_empty(), "no way to 我认领的 is offered once it is shown");
        keep_screenshot(client, "registration-desk-mine").await;

        open_signed_in(client, &base, &head, "desk/registration").await;
        type_into(client, "[data-testid=queue-application]", &filed.id.to_string()).await;
        holder_says(client, id, "经办人：郑手机").await;
        let decide = client.find_all(fantoccini::Locator::Css(&format!("{card} [data-testid=open-decision]"))).await;
        assert!(decide.expect("a lookup").is_empty(), "a colleague's task is theirs to decide");
        // Looked at on the first card, at the top of the page: lower down, the sticky bar
        // half-covers the buttons of the card above, which axe counts against their size.
        client.execute("window.scrollTo(0, 0)", vec![]).await.expect("script runs");
        click(client, "[data-testid=queued-task] [data-testid=open-assign]").await;
        keep_screenshot(client, "registration-desk-assign").await;
        click(client, &format!("{card} [data-testid=open-assign]")).await;
        let option = format!("{card} [data-testid=assignee] option[value='{}']", amr.me.id);
        element(client, &option, "the department's staff offered").await.click().await.expect("choose");
        click(client, &format!("{card} [data-testid=assign]")).await;
        assert!(text(client, "[data-testid=decided]").await.contains("已改派：鹿城手机认领店"));
        holder_says(client, id, &format!("经办人：{}", amr.me.name.clone().unwrap_or_default())).await;
        phone_ui.client.clone().close().await.expect("session closes");
    });
    let theirs = queue(ctx, &amr.access_token, &format!("whose=mine&application={}", filed.id));
    assert!(theirs.tasks.iter().any(|t| t.id == id), "now in the colleague's own list");
}

/// Waits for task `id`'s card to say `holder`: the queue reloads after each change and each
/// filter, so a card read at once may be the one before.
async fn holder_says(client: &fantoccini::Client, id: i64, holder: &str) {
    let css = format!("[data-testid=queued-task][data-task='{id}'] [data-testid=holder]");
    let xpath = format!("//section[@data-task='{id}']//*[@data-testid='holder'][. = '{holder}']");
    let shown = client.wait().at_most(crate::browser::WAIT).for_element(fantoccini::Locator::XPath(&xpath)).await;
    assert!(shown.is_ok(), "the card says {holder:?}, not {:?}", text(client, &css).await);
}
