//! 好差评: a done application rated once by its applicant; a low rating reaching the head of
//! each department that handled it; the public per-department statistics.

use crate::accounts::{phone, post_as};
use crate::attacks::at_once;
use crate::registration::applications::{application, decide, staff, submit};
use crate::{Ctx, NamedTest};
use getima_domain::accounts::Role;
use getima_domain::api::{ApiError, ErrorKind, Rectifications, RegistrationStats};
use getima_domain::registration::RatingTag;
use serde_json::json;

pub const TESTS: &[NamedTest] = &[
    (
        "ratings::a_done_application_is_rated_once_and_a_low_rating_reaches_each_department_head",
        a_done_application_is_rated_once_and_a_low_rating_reaches_each_department_head,
    ),
    (
        "ratings::the_public_statistics_count_each_department_s_work_without_personal_data",
        the_public_statistics_count_each_department_s_work_without_personal_data,
    ),
];

fn rate(ctx: &Ctx, token: &str, application: i64, body: serde_json::Value) -> reqwest::blocking::Response {
    post_as(ctx, token, &format!("/api/me/applications/{application}/rating"), body)
}

fn a_done_application_is_rated_once_and_a_low_rating_reaches_each_department_head(ctx: &Ctx) {
    let applicant = ctx.sign_in("13655500050").access_token;
    let filed = submit(
        ctx,
        &applicant,
        application(ctx, "13655500050", "open-food-shop", "鹿城小郑干货店", "ratings-0000000001"),
    );
    let low = json!({ "score": 2, "tags": ["slow", "round_trips"], "comment": "跑了两趟" });
    let early = rate(ctx, &applicant, filed.id, low.clone());
    assert_eq!(early.status(), 409, "not before it is done");
    assert_eq!(early.json::<ApiError>().expect("an error").error, ErrorKind::NotNow);
    let amr = staff(ctx, "amr");
    for task in &filed.tasks {
        assert_eq!(decide(ctx, &amr, "amr", task.id, json!({ "decision": "approve" })).status(), 200);
    }

    let bad =
        rate(ctx, &applicant, filed.id, json!({ "score": 0, "tags": ["slow", "slow"], "comment": "慢".repeat(301) }));
    assert_eq!(bad.status(), 400);
    let bad: ApiError = bad.json().expect("an error");
    let fields: Vec<&str> = bad.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["score", "tags", "comment"], "every bad field at once");
    let unknown_tag = rate(ctx, &applicant, filed.id, json!({ "score": 3, "tags": ["rude"] }));
    assert_eq!(unknown_tag.status(), 400);
    let stranger = ctx.sign_in("13655500051").access_token;
    assert_eq!(rate(ctx, &stranger, filed.id, low.clone()).status(), 404, "only its applicant rates it");

    let answers = at_once(10, |_| rate(ctx, &applicant, filed.id, low.clone()).status().as_u16());
    assert_eq!(answers.iter().filter(|&&s| s == 201).count(), 1, "rated once: {answers:?}");
    assert!(answers.iter().all(|&s| s == 201 || s == 409), "{answers:?}");

    let head = ctx.session(phone(Role::DepartmentHead, Some("amr"))).access_token;
    let list: Rectifications =
        ctx.get_as(&head, "/api/departments/amr/rectifications").json().expect("the head's list");
    let item = list.rectifications.iter().find(|r| r.application_id == filed.id).expect("the low rating reached amr");
    assert_eq!((item.score, item.comment.as_str()), (2, "跑了两趟"));
    assert_eq!(item.tags, vec![RatingTag::Slow, RatingTag::RoundTrips]);
    assert_eq!(ctx.get_as(&amr, "/api/departments/amr/rectifications").status(), 403, "for the head, not staff");
    let other_head = ctx.get_as(&head, "/api/departments/tax/rectifications");
    assert_eq!(other_head.status(), 403, "nor another department's head");

    let close = |note: &str| {
        post_as(ctx, &head, &format!("/api/departments/amr/rectifications/{}/close", item.id), json!({ "note": note }))
    };
    assert_eq!(close(" ").status(), 400, "saying what was put right");
    assert_eq!(close("已约谈窗口人员，材料清单改为一次告知").status(), 200);
    assert_eq!(close("again").status(), 404, "closed once");
    let after: Rectifications = ctx.get_as(&head, "/api/departments/amr/rectifications").json().expect("the list");
    let closed = after.rectifications.iter().find(|r| r.id == item.id).expect("still listed");
    assert!(closed.closed_at.is_some() && closed.note.contains("一次告知"));

    let good = ctx.sign_in("13655500052").access_token;
    let filed =
        submit(ctx, &good, application(ctx, "13655500052", "open-food-shop", "鹿城小郑粮油店", "ratings-0000000002"));
    for task in &filed.tasks {
        decide(ctx, &amr, "amr", task.id, json!({ "decision": "approve" }));
    }
    assert_eq!(rate(ctx, &good, filed.id, json!({ "score": 5, "tags": ["quick"] })).status(), 201);
    let after: Rectifications = ctx.get_as(&head, "/api/departments/amr/rectifications").json().expect("the list");
    assert!(after.rectifications.iter().all(|r| r.application_id != filed.id), "a good rating opens nothing");
}

fn the_public_statistics_count_each_department_s_work_without_personal_data(ctx: &Ctx) {
    let response = ctx.get("/api/registration/stats");
    assert_eq!(response.status(), 200);
    let text = response.text().expect("the statistics");
    for private in ["郑示例", "鹿城示例", "郑小明", "材料要求没有一次讲清楚"] {
        assert!(!text.contains(private), "no names, shops or comments: found {private}");
    }
    let stats: RegistrationStats = serde_json::from_str(&text).expect("statistics");
    let codes: Vec<&str> = stats.departments.iter().map(|d| d.department.code.as_str()).collect();
    for department in ["amr", "enforcement", "health", "power"] {
        assert!(codes.contains(&department), "{department} in {codes:?}");
    }
    for d in &stats.departments {
        assert!(d.on_time <= d.decided && d.decided <= d.received, "{d:?}");
        assert!(d.satisfaction.is_none_or(|s| (1.0..=5.0).contains(&s)), "{d:?}");
    }
    let amr = stats.departments.iter().find(|d| d.department.code == "amr").expect("amr");
    assert!(amr.decided >= 2 && amr.ratings >= 1, "the demo's decided and rated work counts: {amr:?}");
}
