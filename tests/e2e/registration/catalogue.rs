//! The registration catalogue as admins keep it: bundles ("一类事") created and changed, time
//! limits and conditions set per kind of task, each checked field by field, audited, and
//! counted for applications filed afterwards only.

use crate::accounts::{expect_error, phone};
use crate::attacks::audit_log;
use crate::browser::{click, element, keep_screenshot, open_signed_in, run, text, type_into};
use crate::registration::applications::{application, submit, task};
use crate::{Ctx, NamedTest};
use getima_domain::accounts::Role;
use getima_domain::api::{BundleNotice, ErrorKind, RegistrationBundles, TaskNotice, TaskNotices};
use getima_domain::audit::AuditAction;
use getima_domain::registration::TaskKind;
use getima_e2e::SendThroughDevProxy;
use getima_e2e::phone::{PHONE_UA, phone_with};
use serde_json::json;

pub const TESTS: &[NamedTest] = &[
    (
        "catalogue::an_admin_chooses_from_the_library_the_materials_a_kind_of_task_asks_for",
        an_admin_chooses_from_the_library_the_materials_a_kind_of_task_asks_for,
    ),
    (
        "catalogue::an_admin_opens_a_new_bundle_and_applicants_can_file_it_at_once",
        an_admin_opens_a_new_bundle_and_applicants_can_file_it_at_once,
    ),
    (
        "catalogue::a_bundle_keeps_what_it_does_and_every_bad_field_is_named_with_nothing_stored",
        a_bundle_keeps_what_it_does_and_every_bad_field_is_named_with_nothing_stored,
    ),
    (
        "catalogue::a_changed_time_limit_counts_for_applications_filed_after_it_only",
        a_changed_time_limit_counts_for_applications_filed_after_it_only,
    ),
    (
        "catalogue::an_admin_changes_a_bundle_and_a_time_limit_on_a_phone",
        an_admin_changes_a_bundle_and_a_time_limit_on_a_phone,
    ),
];

fn put(ctx: &Ctx, token: &str, path: &str, body: serde_json::Value) -> reqwest::blocking::Response {
    ctx.http.put(ctx.server.url(path)).bearer_auth(token).json(&body).send_through_dev_proxy().expect("PUT")
}

fn bundles(ctx: &Ctx) -> RegistrationBundles {
    ctx.get("/api/registration/bundles").json().expect("bundles")
}

fn flower_shop(tasks: &[&str]) -> serde_json::Value {
    json!({
        "name_zh": "开花店",
        "name_en": "Open a flower shop",
        "summary_zh": "一次申请：设立登记、户外招牌",
        "summary_en": "One application: registration and the signboard",
        "tasks": tasks,
    })
}

fn an_admin_opens_a_new_bundle_and_applicants_can_file_it_at_once(ctx: &Ctx) {
    let path = "/api/admin/registration/bundles/open-flower-shop";
    let created = put(ctx, &ctx.admin, path, flower_shop(&["establishment", "outdoor_signboard"]));
    assert_eq!(created.status(), 200);
    let notice: BundleNotice = created.json().expect("the new guide");
    assert_eq!(
        notice.tasks.iter().map(|t| t.kind).collect::<Vec<_>>(),
        [TaskKind::Establishment, TaskKind::OutdoorSignboard]
    );
    assert!(notice.materials.iter().any(|m| m.code == "id_card"), "materials follow from the tasks");
    let listed = bundles(ctx);
    let at = |slug: &str| listed.bundles.iter().position(|b| b.slug == slug);
    assert!(at("open-flower-shop") > at("deregister"), "offered after the bundles there were");
    let ours = &listed.bundles[at("open-flower-shop").expect("offered")];
    assert_eq!(ours.limit_days, 20, "the signboard's limit is the longest");
    let guide: BundleNotice = ctx.get("/api/registration/bundles/open-flower-shop").json().expect("the guide");
    assert_eq!(guide, notice);

    let applicant = ctx.sign_in("13655500083").access_token;
    let filed = submit(
        ctx,
        &applicant,
        application(ctx, "13655500083", "open-flower-shop", "鹿城郑家花店", "flower-shop-0000001"),
    );
    assert_eq!(filed.tasks.len(), 2, "fanned out to both departments");
    assert_eq!(task(&filed, TaskKind::OutdoorSignboard).department.code, "enforcement");

    // Changed again: the same bundle, names and tasks replaced, still offered once.
    let mut renamed = flower_shop(&["establishment"]);
    renamed["name_zh"] = json!("开鲜花店");
    let changed = put(ctx, &ctx.admin, path, renamed);
    assert_eq!(changed.status(), 200);
    let listed = bundles(ctx);
    let ours: Vec<_> = listed.bundles.iter().filter(|b| b.slug == "open-flower-shop").collect();
    assert_eq!(ours.len(), 1);
    assert_eq!((ours[0].name_zh.as_str(), ours[0].tasks.as_slice()), ("开鲜花店", &[TaskKind::Establishment][..]));
    let entries = audit_log(ctx);
    let audited: Vec<_> = entries.iter().filter(|e| e.subject == "registration-bundle:open-flower-shop").collect();
    assert_eq!(audited.len(), 2, "each change audited");
    assert!(audited.iter().all(|e| e.action == AuditAction::BundleChange));
}

/// The fields a 400 names, each with a message in both languages.
fn fields_of(response: reqwest::blocking::Response) -> Vec<String> {
    let error = expect_error(response, 400, ErrorKind::InvalidBody);
    assert!(error.fields.iter().all(|f| !f.message_zh.is_empty() && !f.message_en.is_empty()), "{error:?}");
    error.fields.into_iter().map(|f| f.field).collect()
}

fn a_bundle_keeps_what_it_does_and_every_bad_field_is_named_with_nothing_stored(ctx: &Ctx) {
    let before = bundles(ctx);
    let change = |slug: &str, body: serde_json::Value| {
        put(ctx, &ctx.admin, &format!("/api/admin/registration/bundles/{slug}"), body)
    };
    assert_eq!(fields_of(change("change", flower_shop(&["establishment"]))), ["tasks"], "a change bundle stays one");
    assert_eq!(fields_of(change("open-barbershop", flower_shop(&["change"]))), ["tasks"], "an opening one stays one");
    assert_eq!(
        fields_of(change("close-twice", flower_shop(&["deregistration"]))),
        ["tasks"],
        "new ones open a business"
    );
    assert_eq!(fields_of(change("open-flower", flower_shop(&["establishment", "establishment"]))), ["tasks"]);
    assert_eq!(fields_of(change("open-flower", flower_shop(&["food_business_licence"]))), ["tasks"]);
    assert_eq!(fields_of(change("Open_Flower", flower_shop(&["establishment"]))), ["bundle"]);
    let blank = json!({ "name_zh": " ", "name_en": "x".repeat(61), "summary_zh": "一\u{200B}次", "summary_en": "ok", "tasks": [] });
    assert_eq!(fields_of(change("open-flower", blank)), ["name_zh", "name_en", "summary_zh", "tasks"]);
    let unknown = change("open-flower", flower_shop(&["establishment", "teleport"]));
    expect_error(unknown, 400, ErrorKind::InvalidBody);
    let owner = ctx.session(phone(Role::Owner, None)).access_token;
    assert_eq!(change("open-flower", flower_shop(&["establishment"])).status(), 200, "the admin may");
    assert_eq!(
        put(ctx, &owner, "/api/admin/registration/bundles/open-flower", flower_shop(&["establishment"])).status(),
        403
    );
    let after = bundles(ctx);
    // Names and tasks: the longest limit may change meanwhile, by another test's edit of a kind.
    let unchanged = |slug: &str| {
        let find = |list: &RegistrationBundles| {
            list.bundles
                .iter()
                .find(|b| b.slug == slug)
                .map(|b| (b.name_zh.clone(), b.summary_zh.clone(), b.tasks.clone()))
        };
        assert_eq!(find(&before), find(&after), "{slug} unchanged");
    };
    for slug in ["change", "open-barbershop", "close-twice", "Open_Flower"] {
        unchanged(slug);
    }

    let kind = |name: &str, body: serde_json::Value| {
        put(ctx, &ctx.admin, &format!("/api/admin/registration/task-kinds/{name}"), body)
    };
    let bad = json!({
        "limit_days": 61,
        "source_zh": "",
        "source_en": "Art. 19",
        "conditions": [{ "zh": "年满18周岁", "en": "" }],
        "materials": [],
    });
    assert_eq!(fields_of(kind("establishment", bad)), ["limit_days", "source_zh", "conditions[0].en", "materials"]);
    let fine = json!({ "limit_days": 3, "source_zh": "依据", "source_en": "Source", "conditions": [], "materials": ["id_card"] });
    expect_error(kind("teleport", fine), 404, ErrorKind::NotFound);
    let establishment: TaskNotices = ctx.get("/api/registration/task-kinds").json().expect("task kinds");
    let registration = establishment.kinds.iter().find(|k| k.kind == TaskKind::Establishment).expect("establishment");
    assert_eq!(registration.limit_days, 3, "nothing stored");
    assert!(!registration.conditions.is_empty());
}

fn a_changed_time_limit_counts_for_applications_filed_after_it_only(ctx: &Ctx) {
    let applicant = ctx.sign_in("13655500084").access_token;
    let earlier = submit(
        ctx,
        &applicant,
        application(ctx, "13655500084", "open-barbershop", "鹿城早报理发店", "limit-change-000001"),
    );
    assert_eq!(task(&earlier, TaskKind::PublicHygieneLicence).limit_days, 20);
    let change = json!({
        "limit_days": 15,
        "source_zh": "公共场所卫生管理条例实施细则（承诺制，温州市压缩至15个工作日）",
        "source_en": "Public places hygiene rules (by commitment; Wenzhou's 15 working days)",
        "conditions": [
            { "zh": "从业人员持有效健康证明", "en": "Staff hold valid health certificates" },
            { "zh": "承诺场所符合卫生规范", "en": "A commitment that the premises meet the hygiene code" },
        ],
        "materials": ["id_card", "health_certificates", "hygiene_commitment", "hygiene_rules"],
    });
    let saved = put(ctx, &ctx.admin, "/api/admin/registration/task-kinds/public_hygiene_licence", change);
    assert_eq!(saved.status(), 200);
    let saved: TaskNotice = saved.json().expect("the kind as saved");
    assert_eq!((saved.limit_days, saved.conditions.len()), (15, 2));
    assert_eq!(saved.conditions[1].en, "A commitment that the premises meet the hygiene code");
    let guide: BundleNotice = ctx.get("/api/registration/bundles/open-barbershop").json().expect("the guide");
    let hygiene = guide.tasks.iter().find(|t| t.kind == TaskKind::PublicHygieneLicence).expect("the licence");
    assert_eq!(hygiene, &saved, "the guide shows it at once");

    let later = submit(
        ctx,
        &applicant,
        application(ctx, "13655500084", "open-barbershop", "鹿城晚报理发店", "limit-change-000002"),
    );
    assert_eq!(task(&later, TaskKind::PublicHygieneLicence).limit_days, 15, "filed after: the new limit");
    let mine: getima_domain::api::MyApplications = ctx.get_as(&applicant, "/api/me/applications").json().expect("mine");
    let kept = mine.applications.iter().find(|a| a.id == earlier.id).expect("the earlier application");
    assert_eq!(task(kept, TaskKind::PublicHygieneLicence).limit_days, 20, "filed before: the limit it was filed under");
    let audited = audit_log(ctx)
        .into_iter()
        .find(|e| e.subject == "registration-task-kind:public_hygiene_licence")
        .expect("audited");
    assert!(audited.before.as_deref().is_some_and(|b| b.contains("\"limit_days\":20")), "{audited:?}");
    assert!(audited.after.as_deref().is_some_and(|a| a.contains("\"limit_days\":15")), "{audited:?}");
}

fn an_admin_changes_a_bundle_and_a_time_limit_on_a_phone(ctx: &Ctx) {
    let admin = serde_json::to_value(ctx.session(phone(Role::Admin, None))).expect("tokens");
    let base = ctx.server.url("/");
    run(async || {
        let phone_ui = phone_with(PHONE_UA).await;
        let client = &phone_ui.client;
        open_signed_in(client, &base, &admin, "desk").await;
        click(client, "[data-testid=to-catalogue]").await;
        click(client, "[data-testid=new-bundle] summary").await;
        let form = "[data-testid=new-bundle]";
        type_into(client, &format!("{form} [data-testid=new-bundle-bundle]"), "open-tea-shop").await;
        type_into(client, &format!("{form} [data-testid=new-bundle-name_en]"), "Open a tea shop").await;
        type_into(client, &format!("{form} #new-bundle-summary_zh"), "一次申请：设立登记、食品经营许可").await;
        type_into(client, &format!("{form} #new-bundle-summary_en"), "One application: registration and food licence")
            .await;
        click(client, &format!("{form} input[value=food_business_licence]")).await;
        click(client, &format!("{form} [data-testid=save-bundle]")).await;
        let missing = text(client, &format!("{form} [data-testid=new-bundle-name_zh-error]")).await;
        assert_eq!(missing, "请填写", "the blank Chinese name is named beside its field, on the phone");
        type_into(client, &format!("{form} [data-testid=new-bundle-name_zh]"), "开茶饮店").await;
        click(client, &format!("{form} [data-testid=save-bundle]")).await;
        assert_eq!(text(client, "[data-testid=catalogue-saved]").await, "已保存：开茶饮店");
        element(client, "[data-testid=bundle][data-bundle=open-tea-shop]", "the new bundle listed").await;

        let kind = "[data-testid=task-kind][data-kind=outdoor_signboard]";
        click(client, &format!("{kind} summary")).await;
        let limit = element(client, "#kind-outdoor_signboard-limit_days", "the limit").await;
        limit.clear().await.expect("clear");
        limit.send_keys("70").await.expect("typing");
        click(client, &format!("{kind} [data-testid=save-task-kind]")).await;
        let too_long = text(client, "[data-testid=kind-outdoor_signboard-limit_days-error]").await;
        assert!(too_long.contains("60"), "{too_long}");
        let limit = element(client, "#kind-outdoor_signboard-limit_days", "the limit").await;
        limit.clear().await.expect("clear");
        limit.send_keys("20").await.expect("typing");
        type_into(client, "#kind-outdoor_signboard-conditions_zh", "\n招牌不遮挡消防通道").await;
        click(client, &format!("{kind} [data-testid=save-task-kind]")).await;
        let unpaired = text(client, "[data-testid=kind-outdoor_signboard-conditions_en-error]").await;
        assert!(unpaired.contains("行数相同"), "{unpaired}");
        type_into(client, "#kind-outdoor_signboard-conditions_en", "\nThe sign keeps fire exits clear").await;
        element(client, "#kind-outdoor_signboard-conditions_en", "the conditions").await;
        client
            .execute(
                "document.querySelector('#kind-outdoor_signboard-conditions_en').scrollIntoView({block: 'center'})",
                vec![],
            )
            .await
            .expect("script runs");
        keep_screenshot(client, "desk-catalogue-task-kind").await;
        click(client, &format!("{kind} [data-testid=save-task-kind]")).await;
        let said = "//*[@data-testid='catalogue-saved'][starts-with(., '已保存：户外招牌')]";
        let saved = client.wait().at_most(crate::browser::WAIT).for_element(fantoccini::Locator::XPath(said)).await;
        assert!(saved.is_ok(), "told it is saved: {}", text(client, "[data-testid=catalogue-saved]").await);
        phone_ui.client.clone().close().await.expect("session closes");
    });
    let tea: BundleNotice = ctx.get("/api/registration/bundles/open-tea-shop").json().expect("the tea shop's guide");
    assert_eq!(
        tea.tasks.iter().map(|t| t.kind).collect::<Vec<_>>(),
        [TaskKind::Establishment, TaskKind::FoodBusinessLicence]
    );
    let kinds: TaskNotices = ctx.get("/api/registration/task-kinds").json().expect("kinds");
    let sign = kinds.kinds.iter().find(|k| k.kind == TaskKind::OutdoorSignboard).expect("the signboard");
    assert_eq!(sign.limit_days, 20);
    assert_eq!(sign.conditions.last().map(|c| c.en.as_str()), Some("The sign keeps fire exits clear"));
}

fn an_admin_chooses_from_the_library_the_materials_a_kind_of_task_asks_for(ctx: &Ctx) {
    let library: TaskNotices = ctx.get("/api/registration/task-kinds").json().expect("task kinds");
    let asked_by = |notices: &TaskNotices, code: &str| -> Vec<TaskKind> {
        notices.materials.iter().find(|m| m.code == code).map(|m| m.for_tasks.clone()).unwrap_or_default()
    };
    assert!(asked_by(&library, "id_card").contains(&TaskKind::Resumption), "the ID card, for resuming");
    assert!(!asked_by(&library, "premises_proof").contains(&TaskKind::Resumption));
    let resumption = library.kinds.iter().find(|k| k.kind == TaskKind::Resumption).expect("resumption");
    let change = |materials: serde_json::Value| {
        json!({
            "limit_days": resumption.limit_days,
            "source_zh": resumption.source_zh,
            "source_en": resumption.source_en,
            "conditions": resumption.conditions,
            "materials": materials,
        })
    };
    let path = "/api/admin/registration/task-kinds/resumption";
    for refused in [json!([]), json!(["id_card", "id_card"]), json!(["id_card", "a_teleporter"])] {
        assert_eq!(fields_of(put(ctx, &ctx.admin, path, change(refused.clone()))), ["materials"], "{refused}");
    }
    // Filled in online, but the form for resuming has no part for it: the notice would promise
    // a field nobody could fill in.
    let unfillable = put(ctx, &ctx.admin, path, change(json!(["id_card", "service_address"])));
    let error = expect_error(unfillable, 400, ErrorKind::InvalidBody);
    let said = error.field("materials").expect("said beside the materials");
    assert!(
        said.message_zh.contains("歇业期间的法律文书送达地址") && said.message_zh.contains("没有这一项"),
        "{said:?}"
    );
    let vendor = ctx.session(phone(Role::Vendor, None)).access_token;
    assert_eq!(put(ctx, &vendor, path, change(json!(["id_card"]))).status(), 403, "admins only");
    let unchanged: TaskNotices = ctx.get("/api/registration/task-kinds").json().expect("task kinds");
    assert_eq!(unchanged.materials, library.materials, "nothing stored");

    let saved = put(ctx, &ctx.admin, path, change(json!(["id_card", "business_licence", "premises_proof"])));
    assert_eq!(saved.status(), 200);
    let guide: BundleNotice = ctx.get("/api/registration/bundles/resume").json().expect("the guide");
    let codes: Vec<&str> = guide.materials.iter().map(|m| m.code.as_str()).collect();
    assert_eq!(codes, ["id_card", "business_licence", "premises_proof"], "the guide asks for it at once");
    let audited =
        audit_log(ctx).into_iter().find(|e| e.subject == "registration-task-kind:resumption").expect("audited");
    assert!(audited.after.as_deref().is_some_and(|a| a.contains("premises_proof")), "{audited:?}");
}
