//! Applications about a registered business — change, suspension, trading again, closing —
//! filed by its owner, decided by its department, and shown on its public code page at once.

use crate::accounts::post_as;
use crate::attacks::at_once;
use crate::browser::{click, element, keep_screenshot, open_signed_in, run, text, type_into};
use crate::codes::profile;
use crate::registration::applications::{application, decide, staff, submit};
use crate::{Ctx, NamedTest};
use getima_domain::accounts::notices::NoticeKind;
use getima_domain::api::{ApiError, Application, ErrorKind, MyApplications, Notices, SessionTokens, TaskQueue};
use getima_domain::codes::households::HouseholdStatus;
use getima_domain::codes::verdict::Standing;
use getima_domain::registration::{ApplicationStatus, CarryOverKind, TaskKind};
use getima_e2e::phone::{PHONE_UA, phone_with};
use serde_json::json;

pub const TESTS: &[NamedTest] = &[
    (
        "changes::each_change_an_owner_applies_for_shows_on_the_public_page_once_approved",
        each_change_an_owner_applies_for_shows_on_the_public_page_once_approved,
    ),
    (
        "changes::bad_or_untimely_applications_are_refused_and_only_one_is_open_at_a_time",
        bad_or_untimely_applications_are_refused_and_only_one_is_open_at_a_time,
    ),
    (
        "changes::a_business_becomes_a_company_keeping_its_trade_name_and_its_page_names_the_company",
        a_business_becomes_a_company_keeping_its_trade_name_and_its_page_names_the_company,
    ),
    (
        "changes::an_owner_applies_on_a_phone_to_suspend_and_the_code_page_says_so_once_approved",
        an_owner_applies_on_a_phone_to_suspend_and_the_code_page_says_so_once_approved,
    ),
    (
        "changes::a_business_handed_to_a_new_operator_is_theirs_and_no_longer_the_old_owner_s_once_approved",
        a_business_handed_to_a_new_operator_is_theirs_and_no_longer_the_old_owner_s_once_approved,
    ),
    (
        "changes::an_account_that_gave_another_id_number_is_neither_handed_a_business_nor_can_claim_it",
        an_account_that_gave_another_id_number_is_neither_handed_a_business_nor_can_claim_it,
    ),
];

/// A shop opened for `phone` through a food-shop application: its owner's session, its credit
/// code and its business code.
fn open_shop(ctx: &Ctx, phone: &str, name: &str, key: &str) -> (SessionTokens, String, String) {
    let session = ctx.sign_in(phone);
    let owner = session.access_token.clone();
    let amr = staff(ctx, "amr");
    let filed = submit(ctx, &owner, application(ctx, phone, "open-food-shop", name, key));
    // Registered first, as on the spot at the counter; then the food filing.
    for kind in [TaskKind::Establishment, TaskKind::PrepackagedFoodFiling] {
        let task = crate::registration::applications::task(&filed, kind).id;
        assert_eq!(decide(ctx, &amr, "amr", task, json!({ "decision": "approve" })).status(), 200);
    }
    let mine: MyApplications = ctx.get_as(&owner, "/api/me/applications").json().expect("mine");
    let opened = mine.applications.into_iter().find(|a| a.id == filed.id).expect("the application");
    (session, opened.uscc.expect("a credit code"), opened.code.expect("a business code"))
}

fn file(ctx: &Ctx, token: &str, uscc: &str, body: serde_json::Value) -> reqwest::blocking::Response {
    post_as(ctx, token, &format!("/api/me/households/{uscc}/applications"), body)
}

/// The fields a 400 names, each with a message in both languages.
fn refused(response: reqwest::blocking::Response) -> Vec<String> {
    assert_eq!(response.status(), 400);
    let error: ApiError = response.json().expect("an error");
    assert!(error.fields.iter().all(|f| !f.message_zh.is_empty() && !f.message_en.is_empty()), "{error:?}");
    error.fields.into_iter().map(|f| f.field).collect()
}

/// Files `body` and has the department approve its one task.
fn file_and_approve(ctx: &Ctx, owner: &str, uscc: &str, body: serde_json::Value) -> Application {
    let filed = file(ctx, owner, uscc, body);
    assert_eq!(filed.status(), 201);
    let filed: Application = filed.json().expect("an application");
    assert_eq!(filed.tasks.len(), 1);
    let decided = decide(ctx, &staff(ctx, "amr"), "amr", filed.tasks[0].id, json!({ "decision": "approve" }));
    assert_eq!(decided.status(), 200);
    let decided: Application = decided.json().expect("the application");
    assert_eq!(decided.status, ApplicationStatus::Approved);
    decided
}

fn each_change_an_owner_applies_for_shows_on_the_public_page_once_approved(ctx: &Ctx) {
    let (session, uscc, code) = open_shop(ctx, "13655500040", "鹿城小郑茶叶店", "changes-open-00000001");
    let owner = session.access_token;
    assert_eq!(profile(ctx, &code).standing, Standing::Trading, "the page is read (and cached) before the change");

    file_and_approve(
        ctx,
        &owner,
        &uscc,
        json!({ "bundle": "change", "idempotency_key": "changes-rename-0000001", "new_name": "鹿城郑氏茶庄" }),
    );
    assert_eq!(profile(ctx, &code).household.name, "鹿城郑氏茶庄", "the new name shows at once");

    file_and_approve(
        ctx,
        &owner,
        &uscc,
        json!({
            "bundle": "suspend",
            "idempotency_key": "changes-suspend-000001",
            "suspend_until": "2027-06-30",
            "service_address": "浙江省温州市鹿城区五马街道解放街12号",
        }),
    );
    let suspended = profile(ctx, &code);
    assert_eq!((suspended.standing, suspended.household.status), (Standing::Suspended, HouseholdStatus::Suspended));

    file_and_approve(ctx, &owner, &uscc, json!({ "bundle": "resume", "idempotency_key": "changes-resume-0000001" }));
    assert_eq!(profile(ctx, &code).standing, Standing::Trading);

    file_and_approve(
        ctx,
        &owner,
        &uscc,
        json!({ "bundle": "deregister", "idempotency_key": "changes-close-00000001" }),
    );
    let closed = profile(ctx, &code);
    assert_eq!((closed.standing, closed.household.status), (Standing::Deregistered, HouseholdStatus::Deregistered));
    let page = ctx.get(&format!("/c/{code}")).text().expect("the code page");
    assert!(page.contains("注销"), "the page says it is closed");

    let notices: Notices = ctx.get_as(&owner, "/api/me/notices").json().expect("my notices");
    let done: std::collections::BTreeSet<i64> =
        notices.notices.iter().filter(|n| n.kind == NoticeKind::Completed).filter_map(|n| n.application_id).collect();
    let told = notices.notices.iter().filter(|n| n.kind == NoticeKind::Completed).count();
    assert_eq!((done.len(), told), (5, 5), "the opening's food filing and each of the four changes, told once each");
    let again = file(ctx, &owner, &uscc, json!({ "bundle": "resume", "idempotency_key": "changes-after-close-001" }));
    assert_eq!(again.status(), 409, "a closed business applies for nothing more");
}

fn a_business_becomes_a_company_keeping_its_trade_name_and_its_page_names_the_company(ctx: &Ctx) {
    let (session, uscc, code) = open_shop(ctx, "13655500044", "鹿城阿强炒粉店", "changes-open-00000004");
    let owner = session.access_token.clone();
    let unknown_kind = json!({
        "bundle": "convert-to-company", "idempotency_key": "changes-convert-bad-01",
        "company_name": "温州阿强餐饮有限公司", "carry_over": [{ "kind": "trademark", "name": "阿强" }, { "kind": "medal", "name": "金奖" }],
    });
    assert_eq!(refused(file(ctx, &owner, &uscc, unknown_kind)), ["carry_over[1].kind"]);
    let renamed_and_blank = json!({
        "bundle": "convert-to-company", "idempotency_key": "changes-convert-bad-02",
        "company_name": "温州王氏餐饮有限公司", "carry_over": [{ "kind": "patent", "name": " " }],
    });
    assert_eq!(refused(file(ctx, &owner, &uscc, renamed_and_blank)), ["company_name", "carry_over[0].name"]);
    let mine: MyApplications = ctx.get_as(&owner, "/api/me/applications").json().expect("mine");
    assert_eq!(mine.applications.len(), 1, "nothing filed but the shop's opening");

    // On the owner's phone: the name, then two items, one a trademark with its number.
    let tokens = serde_json::to_value(&session).expect("tokens");
    let base = ctx.server.url("/");
    run(async || {
        let phone_ui = phone_with(PHONE_UA).await;
        let client = &phone_ui.client;
        open_signed_in(client, &base, &tokens, &format!("me/households/{uscc}/apply")).await;
        choose_bundle(client, "convert-to-company").await;
        type_into(client, "#apply-company_name", "温州阿强餐饮有限公司").await;
        click(client, "[data-testid=carry-over-add]").await;
        click(client, "[data-testid=carry-over-add]").await;
        let items = client.find_all(fantoccini::Locator::Css("[data-testid=carry-over-item]")).await.expect("rows");
        assert_eq!(items.len(), 2);
        let inputs = |row: usize| async move {
            let row =
                &client.find_all(fantoccini::Locator::Css("[data-testid=carry-over-item]")).await.expect("rows")[row];
            row.find_all(fantoccini::Locator::Css("input")).await.expect("inputs")
        };
        inputs(0).await[0].send_keys("阿强").await.expect("typing");
        inputs(0).await[1].send_keys("第30123456号").await.expect("typing");
        let second =
            &client.find_all(fantoccini::Locator::Css("[data-testid=carry-over-item]")).await.expect("rows")[1];
        second
            .find(fantoccini::Locator::Css("option[value=honour]"))
            .await
            .expect("honour")
            .click()
            .await
            .expect("pick");
        inputs(1).await[0].send_keys("鹿城区放心消费示范店").await.expect("typing");
        keep_screenshot(client, "changes-convert-form").await;
        click(client, "[data-testid=household-submit]").await;
        let filed = text(client, "[data-testid=application][data-status=in_review]").await;
        assert!(filed.contains("个转企"), "{filed}");
        phone_ui.client.clone().close().await.expect("session closes");
    });
    let mine: MyApplications = ctx.get_as(&owner, "/api/me/applications").json().expect("mine");
    let filed = mine.applications.into_iter().next().expect("the conversion");
    assert_eq!(filed.bundle, "convert-to-company");
    let amr = staff(ctx, "amr");
    let path = format!("/api/departments/amr/registration-tasks?application={}", filed.id);
    let queue: TaskQueue = ctx.get_as(&amr, &path).json().expect("the queue");
    let task = queue.tasks.iter().find(|t| t.application_id == filed.id).expect("queued at the registration office");
    assert_eq!(task.company_name.as_deref(), Some("温州阿强餐饮有限公司"));
    let carried: Vec<(CarryOverKind, &str, &str)> =
        task.carry_over.iter().map(|c| (c.kind, c.name.as_str(), c.number.as_str())).collect();
    assert_eq!(
        carried,
        [(CarryOverKind::Trademark, "阿强", "第30123456号"), (CarryOverKind::Honour, "鹿城区放心消费示范店", "")],
        "staff see what it carries over"
    );
    let decided = decide(ctx, &amr, "amr", task.id, json!({ "decision": "approve" }));
    assert_eq!(decided.status(), 200);

    let converted = profile(ctx, &code);
    assert_eq!(converted.household.status, HouseholdStatus::Deregistered, "closed as a household");
    assert_eq!(converted.household.converted_to.as_deref(), Some("温州阿强餐饮有限公司"));
    let page = ctx.get(&format!("/c/{code}")).text().expect("the code page");
    assert!(page.contains("已转为企业") && page.contains("温州阿强餐饮有限公司"), "the page names the company");
}

fn bad_or_untimely_applications_are_refused_and_only_one_is_open_at_a_time(ctx: &Ctx) {
    let (session, uscc, _) = open_shop(ctx, "13655500041", "鹿城小郑水果店", "changes-open-00000002");
    let owner = session.access_token;
    let bad = file(
        ctx,
        &owner,
        &uscc,
        json!({ "bundle": "change", "idempotency_key": "short", "new_name": "x", "new_address_id": -3, "new_trade": "nothing" }),
    );
    assert_eq!(bad.status(), 400);
    let bad: ApiError = bad.json().expect("an error");
    let mut fields: Vec<&str> = bad.fields.iter().map(|f| f.field.as_str()).collect();
    fields.sort();
    assert_eq!(fields, ["idempotency_key", "new_address_id", "new_name", "new_trade"], "every bad field at once");
    assert!(bad.fields.iter().all(|f| !f.message_zh.is_empty() && !f.message_en.is_empty()));
    let too_long = file(
        ctx,
        &owner,
        &uscc,
        json!({
            "bundle": "suspend",
            "idempotency_key": "changes-too-long-00001",
            "suspend_until": "2031-01-01",
            "service_address": "浙江省温州市鹿城区五马街道解放街12号",
        }),
    );
    assert_eq!(too_long.status(), 400, "a suspension lasts at most three years");
    let resume_trading =
        file(ctx, &owner, &uscc, json!({ "bundle": "resume", "idempotency_key": "changes-resume-0000002" }));
    assert_eq!(resume_trading.status(), 409, "a trading business does not resume");
    let error: ApiError = resume_trading.json().expect("an error");
    assert_eq!(error.error, ErrorKind::NotNow);

    let stranger = ctx.sign_in("13655500042").access_token;
    let theirs =
        file(ctx, &stranger, &uscc, json!({ "bundle": "deregister", "idempotency_key": "changes-stranger-00001" }));
    assert_eq!(theirs.status(), 403, "only its owner applies for a business");

    // Ten different submissions at once: one is filed, the rest are told one is open.
    let answers = at_once(10, |i| {
        let body = json!({ "bundle": "deregister", "idempotency_key": format!("changes-race-{i:010}") });
        file(ctx, &owner, &uscc, body).status().as_u16()
    });
    assert_eq!(answers.iter().filter(|&&s| s == 201).count(), 1, "{answers:?}");
    assert!(answers.iter().all(|&s| s == 201 || s == 409), "{answers:?}");
    let retry =
        file(ctx, &owner, &uscc, json!({ "bundle": "deregister", "idempotency_key": "changes-race-0000000000" }));
    assert!(retry.status() == 201 || retry.status() == 409, "a retry of one key gets what that key got");
}

fn an_owner_applies_on_a_phone_to_suspend_and_the_code_page_says_so_once_approved(ctx: &Ctx) {
    let (session, uscc, code) = open_shop(ctx, "13655500043", "鹿城小郑文具店", "changes-open-00000003");
    let tokens = serde_json::to_value(&session).expect("tokens");
    let owner = session.access_token;
    let base = ctx.server.url("/");
    let queued = || -> Application {
        let mine: MyApplications = ctx.get_as(&owner, "/api/me/applications").json().expect("mine");
        mine.applications.into_iter().next().expect("the newest application")
    };
    run(async || {
        let phone_ui = phone_with(PHONE_UA).await;
        let client = &phone_ui.client;
        open_signed_in(client, &base, &tokens, "me").await;
        click(client, &format!("[href='/me/households/{uscc}/apply']")).await;
        choose_bundle(client, "suspend").await;
        // As a person sees the date field come with the choice before going on.
        element(client, ".form__group:not([hidden]) > #apply-suspend_until", "the date field").await;
        // Without a date nothing is sent, and the date field says why.
        click(client, "[data-testid=household-submit]").await;
        assert!(text(client, "[data-testid=apply-suspend_until-error]").await.contains("3年"));
        let day = element(client, "#apply-suspend_until", "the date").await;
        client
            .execute(
                "arguments[0].value = '2027-03-31'; arguments[0].dispatchEvent(new Event('input'))",
                vec![serde_json::to_value(&day).expect("element")],
            )
            .await
            .expect("pick a date");
        // The notice asks where legal documents reach the business meanwhile: the form asks it.
        assert!(text(client, "[data-testid=apply-service_address-error]").await.contains("法律文书"));
        type_into(client, "#apply-service_address", "鹿城区五马街道解放街12号").await;
        keep_screenshot(client, "changes-suspend-form").await;
        click(client, "[data-testid=household-submit]").await;
        let filed = text(client, "[data-testid=application][data-status=in_review]").await;
        assert!(filed.contains("歇业"), "{filed}");
        phone_ui.client.clone().close().await.expect("session closes");
    });
    let filed = queued();
    assert_eq!(filed.bundle, "suspend");
    decide(ctx, &staff(ctx, "amr"), "amr", filed.tasks[0].id, json!({ "decision": "approve" }));
    assert_eq!(profile(ctx, &code).standing, Standing::Suspended);
}

fn a_business_handed_to_a_new_operator_is_theirs_and_no_longer_the_old_owner_s_once_approved(ctx: &Ctx) {
    let (session, uscc, code) = open_shop(ctx, "13655500085", "鹿城郑记糕点店", "changes-open-00000085");
    let (owner, new_phone) = (session.access_token.clone(), "13655500086");
    let successor = ctx.sign_in(new_phone).access_token;
    let new_id = getima_domain::id_number::complete("33030219850505123").expect("a valid ID number");
    let hand_over = |key: &str, name: &str, id: &str, phone: &str| {
        json!({
            "bundle": "change",
            "idempotency_key": key,
            "new_operator": { "name": name, "id_number": id, "phone": phone },
        })
    };
    let bad = file(ctx, &owner, &uscc, hand_over("hand-over-bad-000001", " ", "330302199001011230", "12345"));
    assert_eq!(refused(bad), ["new_operator.name", "new_operator.id_number", "new_operator.phone"]);
    let same = file(
        ctx,
        &owner,
        &uscc,
        hand_over("hand-over-same-00001", "郑小明", &crate::registration::applications::id_number(), new_phone),
    );
    assert_eq!(refused(same), ["new_operator.id_number"], "the operator on record is no change");
    let own_phone = file(ctx, &owner, &uscc, hand_over("hand-over-phone-0001", "郑新主", &new_id, "13655500085"));
    assert_eq!(refused(own_phone), ["new_operator.phone"], "handed over to the new operator's phone, not one's own");
    let mine: MyApplications = ctx.get_as(&owner, "/api/me/applications").json().expect("mine");
    assert_eq!(mine.applications.len(), 1, "nothing filed but the opening");

    // Filed on the phone: a mistyped ID number is caught beside its field before sending.
    let tokens = serde_json::to_value(&session).expect("tokens");
    let base = ctx.server.url("/");
    run(async || {
        let phone_ui = phone_with(PHONE_UA).await;
        let client = &phone_ui.client;
        open_signed_in(client, &base, &tokens, &format!("me/households/{uscc}/apply")).await;
        choose_bundle(client, "change").await;
        click(client, "[data-testid=hand-over]").await;
        type_into(client, "[data-testid='apply-new_operator.name']", "郑新主").await;
        let mistyped = format!("{}{}", &new_id[..17], if new_id.ends_with('0') { '1' } else { '0' });
        type_into(client, "[data-testid='apply-new_operator.id_number']", &mistyped).await;
        type_into(client, "[data-testid='apply-new_operator.phone']", new_phone).await;
        click(client, "[data-testid=household-submit]").await;
        let caught = text(client, "[data-testid='apply-new_operator.id_number-error']").await;
        assert!(caught.contains("校验位"), "{caught}");
        let field = element(client, "[data-testid='apply-new_operator.id_number']", "the ID field").await;
        field.clear().await.expect("clear");
        field.send_keys(&new_id).await.expect("typing");
        keep_screenshot(client, "changes-hand-over-form").await;
        click(client, "[data-testid=household-submit]").await;
        let filed = text(client, "[data-testid=application][data-status=in_review]").await;
        assert!(filed.contains("变更"), "{filed}");
        phone_ui.client.clone().close().await.expect("session closes");
    });
    let mine: MyApplications = ctx.get_as(&owner, "/api/me/applications").json().expect("mine");
    let filed = mine.applications.into_iter().next().expect("the hand-over");
    assert_eq!(filed.bundle, "change");
    let text = serde_json::to_string(&filed).expect("JSON");
    assert!(!text.contains(&new_id) && !text.contains("55500086"), "the new operator's ID and phone are not sent back");
    let amr = staff(ctx, "amr");
    let path = format!("/api/departments/amr/registration-tasks?application={}", filed.id);
    let queue: TaskQueue = ctx.get_as(&amr, &path).json().expect("the queue");
    let queued = queue.tasks.iter().find(|t| t.application_id == filed.id).expect("in the queue");
    assert_eq!(queued.new_operator.as_deref(), Some("郑新主"), "staff see who takes over");
    assert_eq!(
        ctx.get_as(&successor, &format!("/api/me/households/{uscc}")).status(),
        403,
        "not theirs before approval"
    );
    let decided = decide(ctx, &amr, "amr", filed.tasks[0].id, json!({ "decision": "approve" }));
    assert_eq!(decided.status(), 200);

    assert_eq!(ctx.get_as(&owner, &format!("/api/me/households/{uscc}")).status(), 403, "no longer the old owner's");
    let theirs = ctx.get_as(&successor, &format!("/api/me/households/{uscc}"));
    assert_eq!(theirs.status(), 200, "the new operator's, by their phone");
    let private: getima_domain::api::PrivateHousehold = theirs.json().expect("the household");
    assert_eq!((private.operator_name.as_str(), private.operator_id_number.as_str()), ("郑新主", new_id.as_str()));
    let public = profile(ctx, &code);
    assert_eq!(public.household.operator, "郑**", "the page names the new operator, masked, at once");
    let again = file(ctx, &owner, &uscc, json!({ "bundle": "resume", "idempotency_key": "hand-over-after-00001" }));
    assert_eq!(again.status(), 403, "the old owner applies for nothing more");
}

fn an_account_that_gave_another_id_number_is_neither_handed_a_business_nor_can_claim_it(ctx: &Ctx) {
    let (session, uscc, _) = open_shop(ctx, "13655500097", "鹿城郑记干货店", "changes-open-00000097");
    let holder = ctx.sign_in("13655500098").access_token;
    let own_id = getima_domain::id_number::complete("33030219770707123").expect("a valid ID number");
    let vendor = post_as(ctx, &holder, "/api/me/vendor", json!({ "name": "郑另人", "id_number": own_id }));
    assert_eq!(vendor.status(), 200, "the phone's account carries its own ID number");
    let new_id = getima_domain::id_number::complete("33030219860606123").expect("a valid ID number");
    file_and_approve(
        ctx,
        &session.access_token,
        &uscc,
        json!({
            "bundle": "change",
            "idempotency_key": "hand-over-other-id-01",
            "new_operator": { "name": "郑新主", "id_number": new_id, "phone": "13655500098" },
        }),
    );
    let path = format!("/api/me/households/{uscc}");
    assert_eq!(ctx.get_as(&holder, &path).status(), 403, "not handed to an account of another person");
    let claim = post_as(ctx, &holder, "/api/me/households/claim", json!({ "uscc": uscc, "id_number": new_id }));
    assert_eq!(claim.status(), 403, "nor claimed by typing the new operator's ID number");
    assert_eq!(claim.json::<ApiError>().expect("an error").error, ErrorKind::ClaimMismatch);
    assert_eq!(ctx.get_as(&holder, &path).status(), 403);
}

/// Chooses what to apply for as a person does: they tap it, then see the form settle with
/// the photos it asks for (which come after, and move what is below them) before going on.
async fn choose_bundle(client: &fantoccini::Client, bundle: &str) {
    click(client, &format!("input[name=bundle][value={bundle}]")).await;
    element(client, "[data-testid=photos]:not(:has(.loading))", "the photos the choice asks for").await;
}
