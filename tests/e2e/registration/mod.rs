//! Registration and licensing: the guides (一次性告知) and the name check, through the real
//! local server and on a phone.

pub mod applications;
pub mod assignment;
pub mod catalogue;
pub mod changes;
pub mod phone;
pub mod photos;
pub mod ratings;

use crate::accounts::phone;
use crate::browser::{
    click, element, keep_screenshot, off_runtime, open_signed_in, remember_session, run, text, type_into,
};
use crate::{Ctx, NamedTest};
use getima_domain::accounts::Role;
use getima_domain::api::{Addresses, BundleNotice, DemoCase, MyApplications, NameCheck, RegistrationBundles};
use getima_domain::registration::TaskKind;
use getima_e2e::SendThroughDevProxy;
use getima_e2e::phone::{PHONE_UA, phone_with};

/// Every suite of this area.
pub const SUITES: &[&[NamedTest]] = &[
    TESTS,
    applications::TESTS,
    assignment::TESTS,
    catalogue::TESTS,
    changes::TESTS,
    phone::TESTS,
    photos::TESTS,
    ratings::TESTS,
];

pub const TESTS: &[NamedTest] = &[
    (
        "registration::every_bundle_is_offered_with_its_departments_tasks_and_longest_time_limit",
        every_bundle_is_offered_with_its_tasks_and_longest_time_limit,
    ),
    (
        "registration::a_guide_says_every_task_s_department_limit_and_law_and_each_material_once",
        a_guide_says_every_task_s_department_limit_and_law_and_each_material_once,
    ),
    ("registration::an_unknown_guide_is_a_404_in_both_languages", an_unknown_guide_is_a_404_in_both_languages),
    (
        "registration::the_name_check_refuses_forbidden_words_and_names_taken_in_the_county_and_trade",
        the_name_check_refuses_forbidden_words_and_taken_names,
    ),
    (
        "registration::the_name_check_names_an_unknown_county_or_trade_as_the_bad_field",
        the_name_check_names_an_unknown_county_or_trade_as_the_bad_field,
    ),
    (
        "registration::a_phone_goes_from_the_home_page_to_everything_a_restaurant_needs",
        a_phone_goes_from_the_home_page_to_everything_a_restaurant_needs,
    ),
    (
        "registration::staff_return_an_application_with_one_list_and_the_applicant_sends_it_again_corrected",
        staff_return_an_application_with_one_list_and_the_applicant_sends_it_again_corrected,
    ),
    (
        "registration::a_half_filled_form_comes_back_after_the_web_view_is_closed",
        a_half_filled_form_comes_back_after_the_web_view_is_closed,
    ),
    (
        "registration::a_noodle_shop_applied_for_and_decided_on_phones_ends_in_a_code_that_scans_as_genuine",
        a_noodle_shop_applied_for_and_decided_on_phones_ends_in_a_code_that_scans_as_genuine,
    ),
    (
        "registration::an_applicant_withdraws_on_the_phone_only_after_being_told_what_it_does",
        an_applicant_withdraws_on_the_phone_only_after_being_told_what_it_does,
    ),
];

fn bundle(ctx: &Ctx, slug: &str) -> BundleNotice {
    let response = ctx.get(&format!("/api/registration/bundles/{slug}"));
    assert_eq!(response.status(), 200, "{slug}");
    response.json().expect("a bundle notice")
}

fn every_bundle_is_offered_with_its_tasks_and_longest_time_limit(ctx: &Ctx) {
    let list: RegistrationBundles = ctx.get("/api/registration/bundles").json().expect("bundles");
    let find = |slug: &str| list.bundles.iter().find(|b| b.slug == slug).unwrap_or_else(|| panic!("{slug} offered"));
    let restaurant = find("open-restaurant");
    use TaskKind::*;
    assert_eq!(restaurant.tasks, vec![Establishment, FoodBusinessLicence, OutdoorSignboard, UtilityConnection]);
    assert_eq!(restaurant.limit_days, 20, "the signboard's 20 working days are the longest");
    assert_eq!(find("open-food-shop").tasks, vec![Establishment, PrepackagedFoodFiling]);
    assert_eq!(find("open-barbershop").tasks, vec![Establishment, PublicHygieneLicence]);
    assert_eq!(find("convert-to-company").tasks, vec![Conversion]);
    for (slug, kind) in
        [("change", Change), ("suspend", Suspension), ("resume", Resumption), ("deregister", Deregistration)]
    {
        assert_eq!(find(slug).tasks, vec![kind], "{slug}");
    }
    assert_eq!(list.bundles[0].slug, "open-restaurant", "offered in the admins' order");
}

fn a_guide_says_every_task_s_department_limit_and_law_and_each_material_once(ctx: &Ctx) {
    let notice = bundle(ctx, "open-restaurant");
    assert_eq!(notice.name_zh, "开餐馆");
    let task = |kind| notice.tasks.iter().find(|t| t.kind == kind).unwrap_or_else(|| panic!("{kind:?}"));
    let registration = task(TaskKind::Establishment);
    assert_eq!((registration.department.code.as_str(), registration.limit_days), ("amr", 3));
    assert!(registration.source_zh.contains("市场主体登记管理条例") && registration.source_zh.contains("第十九条"));
    assert!(registration.source_en.contains("art. 19"));
    let food = task(TaskKind::FoodBusinessLicence);
    assert_eq!(food.limit_days, 10);
    assert!(food.source_zh.contains("食品经营许可和备案管理办法"));
    assert_eq!(task(TaskKind::OutdoorSignboard).department.code, "enforcement");
    assert_eq!(task(TaskKind::UtilityConnection).department.code, "power");
    assert!(notice.tasks.iter().all(|t| !t.conditions.is_empty()), "every task says its conditions");

    let codes: Vec<&str> = notice.materials.iter().map(|m| m.code.as_str()).collect();
    let mut unique = codes.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), codes.len(), "each material once: {codes:?}");
    let id_card = notice.materials.iter().find(|m| m.code == "id_card").expect("the ID card");
    assert!(id_card.photo);
    assert_eq!(
        id_card.for_tasks,
        vec![TaskKind::Establishment, TaskKind::FoodBusinessLicence, TaskKind::UtilityConnection],
        "and which tasks need it"
    );
    assert_eq!(
        bundle(ctx, "open-food-shop")
            .tasks
            .iter()
            .find(|t| t.kind == TaskKind::PrepackagedFoodFiling)
            .map(|t| t.limit_days),
        Some(0),
        "filed on the spot"
    );
}

fn an_unknown_guide_is_a_404_in_both_languages(ctx: &Ctx) {
    for slug in ["open-casino", "OPEN-RESTAURANT", "%E5%BC%80%E9%A4%90%E9%A6%86", "a%00b"] {
        let response = ctx.get(&format!("/api/registration/bundles/{slug}"));
        assert_eq!(response.status(), 404, "{slug}");
        let error: serde_json::Value = response.json().expect("an error body");
        assert_eq!(error["message_zh"], "没有这项办事指南。", "{slug}");
        assert_eq!(error["message_en"], "There is no such guide.", "{slug}");
    }
}

fn name_check(ctx: &Ctx, name: &str, county: &str, trade: &str) -> reqwest::blocking::Response {
    ctx.http
        .get(ctx.server.url("/api/registration/name-check"))
        .query(&[("name", name), ("county", county), ("trade", trade)])
        .send_through_dev_proxy()
        .expect("name check")
}

fn the_name_check_refuses_forbidden_words_and_taken_names(ctx: &Ctx) {
    let free: NameCheck = name_check(ctx, " 鹿城小郑面馆 ", "330302", "catering").json().expect("JSON");
    assert_eq!((free.name.as_str(), free.available, free.reason_zh), ("鹿城小郑面馆", true, None));

    let forbidden: NameCheck = name_check(ctx, "中华面馆", "330302", "catering").json().expect("JSON");
    assert!(!forbidden.available);
    assert!(forbidden.reason_zh.expect("a reason").contains("中华"));
    assert!(forbidden.reason_en.expect("in English too").contains("中华"));

    // A demo shop's own name, county and trade: taken. In another trade it is free.
    let shop = crate::codes::profile(ctx, &ctx.demo(DemoCase::Ordinary, 0).code);
    let household = &shop.household;
    let (name, county, trade) = (household.name.clone(), household.county.code.clone(), household.trade.code.clone());
    let taken: NameCheck = name_check(ctx, &name, &county, &trade).json().expect("JSON");
    assert!(!taken.available, "{name} is taken in {county} / {trade}");
    assert!(taken.reason_zh.expect("a reason").contains("同一行业已有这个名称"));
    let other_trade = if trade == "eyewear" { "repair" } else { "eyewear" };
    let elsewhere: NameCheck = name_check(ctx, &name, &county, other_trade).json().expect("JSON");
    assert!(elsewhere.available, "the same name in another trade is free");
}

fn the_name_check_names_an_unknown_county_or_trade_as_the_bad_field(ctx: &Ctx) {
    for (county, trade, field) in [("110101", "catering", "county"), ("330302", "casino", "trade"), ("", "", "county")]
    {
        let response = name_check(ctx, "鹿城小郑面馆", county, trade);
        assert_eq!(response.status(), 400, "{county} {trade}");
        let error: serde_json::Value = response.json().expect("an error body");
        assert_eq!(error["fields"][0]["field"], field, "{error}");
        assert!(!error["fields"][0]["message_zh"].as_str().unwrap_or_default().is_empty());
        assert!(!error["fields"][0]["message_en"].as_str().unwrap_or_default().is_empty());
    }
    let missing = ctx.get("/api/registration/name-check?name=x");
    assert_eq!(missing.status(), 400, "a missing field is refused, not guessed");
}

fn a_phone_goes_from_the_home_page_to_everything_a_restaurant_needs(ctx: &Ctx) {
    let home = ctx.server.url("/");
    run(async || {
        let phone = phone_with(PHONE_UA).await;
        let client = &phone.client;
        client.goto(&home).await.expect("page opens");
        click(client, "[data-testid=to-guides]").await;
        assert!(text(client, "[data-testid=bundles]").await.contains("开餐馆"));
        keep_screenshot(client, "registration-guides").await;
        click(client, "[data-testid=bundles] a[href='/register/open-restaurant']").await;
        let tasks = text(client, "[data-testid=notice-tasks]").await;
        for words in
            ["个体工商户设立登记", "食品经营许可", "10 个工作日", "户外招牌设置", "水电气网联合报装", "第十九条"]
        {
            assert!(tasks.contains(words), "{words} in {tasks}");
        }
        let materials = text(client, "[data-testid=notice-materials]").await;
        assert_eq!(materials.matches("经营者身份证").count(), 1, "the ID card once: {materials}");
        keep_screenshot(client, "registration-guide-restaurant").await;
        phone.client.clone().close().await.expect("session closes");
    });
}

/// The whole 开餐馆 bundle on phones: the applicant fills the form (a mistyped ID number is
/// caught on the phone, nothing sent), each department's staff approve their task at their
/// desk, and the applicant's page then leads to the new shop's code, whose QR reads back.
fn a_noodle_shop_applied_for_and_decided_on_phones_ends_in_a_code_that_scans_as_genuine(ctx: &Ctx) {
    let applicant = ctx.sign_in("13655500030");
    let applicant_json = serde_json::to_value(&applicant).expect("tokens");
    let found: Addresses = ctx.get("/api/registration/addresses?county=330302&q=").json().expect("Lucheng's addresses");
    let premises = found.addresses.first().expect("a standard address").full_text.clone();
    let typed: String = premises.chars().take(4).collect();
    let mine = || -> MyApplications {
        ctx.get_as(&applicant.access_token, "/api/me/applications").json().expect("my applications")
    };
    let base = ctx.server.url("/");
    let shop = "鹿城阿福面馆";
    run(async || {
        let phone_ui = phone_with(PHONE_UA).await;
        let client = &phone_ui.client;
        open_signed_in(client, &base, &applicant_json, "register/open-restaurant").await;
        click(client, "[data-testid=to-apply]").await;
        element(client, "#apply-county option[value='330302']", "Lucheng offered").await.click().await.expect("choose");
        element(client, "#apply-trade option[value='catering']", "catering offered")
            .await
            .click()
            .await
            .expect("choose");
        type_into(client, "#apply-shop_name", shop).await;
        let verdict = client
            .wait()
            .at_most(crate::browser::WAIT)
            .for_element(fantoccini::Locator::XPath("//*[@data-testid='name-verdict'][contains(., '名称可以使用')]"))
            .await;
        assert!(verdict.is_ok(), "the name is checked as typed: {}", text(client, "[data-testid=name-verdict]").await);
        type_into(client, "#apply-address_id", &typed).await;
        click(client, "[data-testid=address-options] button").await;
        type_into(client, "#apply-operator_name", "郑阿福").await;
        type_into(client, "#apply-id_number", "330302199001011230").await;
        type_into(client, "#apply-phone", "13655500030").await;
        click(client, "[data-testid=apply-submit]").await;
        let caught = text(client, "[data-testid=apply-id_number-error]").await;
        assert!(caught.contains("校验位"), "a bad check digit is caught on the phone: {caught}");
        assert!(off_runtime(|| mine().applications.is_empty()), "and nothing was sent");
        keep_screenshot(client, "registration-apply-form").await;
        let field = element(client, "#apply-id_number", "ID field").await;
        field.clear().await.expect("clear");
        let valid = getima_domain::id_number::complete("33030219900101123").expect("a valid ID number");
        field.send_keys(&valid).await.expect("typing");
        // The restaurant's food safety manager is its operator: one tap fills it in.
        click(client, "[data-testid=manager-is-operator]").await;
        click(client, "[data-testid=apply-submit]").await;
        let card = text(client, "[data-testid=application][data-status=in_review]").await;
        assert!(card.contains(shop) && card.contains("个工作日"), "filed, with countdowns: {card}");
        keep_screenshot(client, "registration-my-applications").await;

        let filed = off_runtime(mine).applications.into_iter().next().expect("one application");
        for (department, staff) in
            [("amr", phone(Role::Staff, Some("amr"))), ("enforcement", "13900000008"), ("power", "13900000009")]
        {
            let tokens = serde_json::to_value(ctx.session(staff)).expect("tokens");
            open_signed_in(client, &base, &tokens, "desk").await;
            click(client, "[data-testid=to-registration-tasks]").await;
            for task in filed.tasks.iter().filter(|t| t.department.code == department) {
                let card = format!("[data-testid=queued-task][data-task='{}']", task.id);
                assert!(text(client, &card).await.contains(shop), "{department} sees the task in its queue");
                click(client, &format!("{card} [data-testid=open-decision]")).await;
                click(client, &format!("{card} input[value=approve]")).await;
                if department == "amr" {
                    keep_screenshot(client, "registration-desk-decision").await;
                }
                click(client, &format!("{card} [data-testid=decide]")).await;
                assert!(text(client, "[data-testid=decided]").await.contains(shop), "{department} is told it is done");
            }
        }

        open_signed_in(client, &base, &applicant_json, "me/applications").await;
        let approved = text(client, "[data-testid=application][data-status=approved]").await;
        assert!(approved.contains("已办结"), "{approved}");
        keep_screenshot(client, "registration-approved").await;
        // Done: the applicant rates the service there and then.
        click(client, "[data-testid=rating-form] input[value='5']").await;
        click(client, "[data-testid=rating-form] input[value=quick]").await;
        click(client, "[data-testid=rate]").await;
        assert_eq!(text(client, "[data-testid=rated]").await, "您的评价：★★★★★");
        click(client, "[data-testid=my-code]").await;
        element(client, "[data-testid=verified]", "the new shop's code page verifies").await;
        assert!(text(client, "h1").await.contains(shop));
        phone_ui.client.clone().close().await.expect("session closes");
    });
    let opened = mine().applications.into_iter().next().expect("the application");
    let code = opened.code.expect("a business code");
    let profile = crate::codes::profile(ctx, &code);
    assert_eq!(profile.standing, getima_domain::codes::verdict::Standing::Trading, "genuine and trading");
    let svg = ctx.get(&format!("/api/codes/{code}/qr.svg")).text().expect("its QR");
    assert_eq!(crate::codes::qr::decode(&svg), vec![profile.url], "its QR reads back to its page");
}

/// A correction round on phones: staff return the registration task with two corrections in
/// one list, the applicant sees both, says what was fixed, and the task is back in review.
fn staff_return_an_application_with_one_list_and_the_applicant_sends_it_again_corrected(ctx: &Ctx) {
    let applicant = ctx.sign_in("13655500031");
    let applicant_json = serde_json::to_value(&applicant).expect("tokens");
    let found: Addresses = ctx.get("/api/registration/addresses?county=330304&q=").json().expect("addresses");
    let filed = crate::accounts::post_as(
        ctx,
        &applicant.access_token,
        "/api/registration/applications",
        serde_json::json!({
            "bundle": "open-food-shop",
            "idempotency_key": "phone-correction-0001",
            "shop_name": "瓯海梅姐糖果铺",
            "county": "330304",
            "trade": "food_retail",
            "address_id": found.addresses.first().expect("an Ouhai address").id,
            "operator_name": "林小梅",
            "id_number": getima_domain::id_number::complete("33030419920202123").expect("an ID number"),
            "phone": "13655500031",
        }),
    );
    assert_eq!(filed.status(), 201);
    let filed: getima_domain::api::Application = filed.json().expect("the application");
    let registration = filed.tasks.iter().find(|t| t.kind == TaskKind::Establishment).expect("registration").id;
    let staff = serde_json::to_value(ctx.session(phone(Role::Staff, Some("amr")))).expect("tokens");
    let base = ctx.server.url("/");
    run(async || {
        let phone_ui = phone_with(PHONE_UA).await;
        let client = &phone_ui.client;
        open_signed_in(client, &base, &staff, "desk/registration").await;
        let card = format!("[data-testid=queued-task][data-task='{registration}']");
        click(client, &format!("{card} [data-testid=open-decision]")).await;
        let radios = client.find_all(fantoccini::Locator::Css(&format!("{card} input[type=radio]"))).await;
        radios.expect("three choices")[1].click().await.expect("choose return");
        // A return with nothing listed is refused beside the list.
        click(client, &format!("{card} [data-testid=decide]")).await;
        let empty = text(client, &format!("[data-testid='decision-{registration}-corrections-error']")).await;
        assert!(empty.contains("逐条列出"), "{empty}");
        type_into(client, &format!("#decision-{registration}-corrections"), "补充租赁合同第2页\n身份证照片不清晰")
            .await;
        click(client, &format!("{card} [data-testid=decide]")).await;
        assert!(text(client, "[data-testid=decided]").await.contains("瓯海梅姐糖果铺"));

        // The applicant hears of it in the inbox on their page, which leads to the list.
        open_signed_in(client, &base, &applicant_json, "me").await;
        let notice = text(client, "[data-testid=notices] [data-kind=returned]").await;
        assert!(notice.contains("瓯海梅姐糖果铺") && notice.contains("需要补正"), "{notice}");
        assert_eq!(text(client, "[data-testid=unread]").await, "1");
        keep_screenshot(client, "registration-inbox").await;
        click(client, "[data-testid=notices] [data-kind=returned]").await;
        let asked =
            text(client, "[data-testid=application][data-status=needs_correction] [data-testid=corrections]").await;
        assert!(asked.contains("补充租赁合同第2页") && asked.contains("身份证照片不清晰"), "one list: {asked}");
        keep_screenshot(client, "registration-corrections").await;
        type_into(client, &format!("#resubmit-{}-note", filed.id), "已补交合同第2页，重新拍摄身份证").await;
        click(client, "[data-testid=resubmit]").await;
        let again = text(client, "[data-testid=application][data-status=in_review]").await;
        assert!(again.contains("瓯海梅姐糖果铺") && again.contains("个工作日"), "back in review: {again}");
        phone_ui.client.clone().close().await.expect("session closes");
    });
}

fn a_half_filled_form_comes_back_after_the_web_view_is_closed(ctx: &Ctx) {
    let tokens = serde_json::to_value(ctx.sign_in("13655500032")).expect("tokens");
    let base = ctx.server.url("/");
    run(async || {
        let form = format!("{base}register/open-barbershop/apply");
        let first = phone_with(PHONE_UA).await;
        remember_session(&first.client, &base, Some(&tokens)).await;
        first.client.goto(&form).await.expect("page opens");
        element(&first.client, "#apply-county option[value='330303']", "Longwan").await.click().await.expect("choose");
        type_into(&first.client, "#apply-shop_name", "龙湾阿强理发店").await;
        type_into(&first.client, "#apply-operator_name", "陈阿强").await;
        let saved = first
            .client
            .wait()
            .at_most(crate::browser::WAIT)
            .for_element(fantoccini::Locator::XPath("//*[@data-testid='draft-status'][contains(., '已自动保存')]"))
            .await;
        assert!(saved.is_ok(), "the form says it was kept");
        first.client.clone().close().await.expect("the web-view closes");

        let again = phone_with(PHONE_UA).await;
        remember_session(&again.client, &base, Some(&tokens)).await;
        again.client.goto(&form).await.expect("page opens");
        let name = element(&again.client, "#apply-shop_name", "the name").await;
        let value = name.prop("value").await.expect("value").unwrap_or_default();
        assert_eq!(value, "龙湾阿强理发店", "what was typed is back");
        let county = element(&again.client, "#apply-county", "the county").await;
        assert_eq!(county.prop("value").await.expect("value").as_deref(), Some("330303"));
        again.client.clone().close().await.expect("session closes");
    });
}

fn an_applicant_withdraws_on_the_phone_only_after_being_told_what_it_does(ctx: &Ctx) {
    let applicant = ctx.sign_in("13655500099");
    let body = crate::registration::applications::application(
        ctx,
        "13655500099",
        "open-food-shop",
        "鹿城郑家不开了小吃店",
        "withdraw-on-phone-01",
    );
    crate::registration::applications::submit(ctx, &applicant.access_token, body);
    let tokens = serde_json::to_value(&applicant).expect("tokens");
    let base = ctx.server.url("/");
    run(async || {
        let phone_ui = phone_with(PHONE_UA).await;
        let client = &phone_ui.client;
        open_signed_in(client, &base, &tokens, "me/applications").await;
        click(client, "[data-testid=application][data-status=in_review] [data-testid=withdraw-ask]").await;
        let told = text(client, "[data-testid=withdraw] [role=alert]").await;
        assert!(told.contains("名称不再为您保留"), "what withdrawing does, before it is done: {told}");
        keep_screenshot(client, "registration-withdraw-ask").await;
        click(client, "[data-testid=withdraw-cancel]").await;
        click(client, "[data-testid=withdraw-ask]").await;
        click(client, "[data-testid=withdraw-confirm]").await;
        let card = text(client, "[data-testid=application][data-status=withdrawn]").await;
        assert!(card.contains("已撤回") && card.contains("已终止"), "{card}");
        keep_screenshot(client, "registration-withdrawn").await;
        phone_ui.client.clone().close().await.expect("session closes");
    });
    let mine: MyApplications = ctx.get_as(&applicant.access_token, "/api/me/applications").json().expect("mine");
    assert_eq!(mine.applications[0].status, getima_domain::registration::ApplicationStatus::Withdrawn);
}
