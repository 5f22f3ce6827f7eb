//! Appeals as an owner with an appeal and department staff met them on a 360 px phone (issue
//! 25, items 11–14 and 24): the owner told of each step in the inbox and by text, once; both
//! deadlines named wherever shown; long threads folded to their latest message; a taken appeal
//! staying where it was; the star message going once a star is chosen and the rating's comment
//! staying; and only the holder or the head passing an appeal on.

use crate::accounts::{expect_error, phone, post_as};
use crate::appeals::{claim, filed, mine, new_shop_owner, new_shop_owner_session, queue, reply, request};
use crate::attacks::at_once;
use crate::browser::{
    click, element, keep_screenshot, open_signed_in, remember_session, run, text as text_of, type_into,
};
use crate::registration::applications::{staff, texts_to};
use crate::{Ctx, NamedTest};
use fantoccini::{Client, Locator};
use getima_domain::accounts::Role;
use getima_domain::accounts::notices::NoticeKind;
use getima_domain::api::{Appeal, AppealCategories, ErrorKind, Notices, RunningDeadline};
use getima_domain::appeals::{AppealCategory, AppealDeadline, AppealEvent, AppealStatus};
use getima_domain::pages::{PREFS_COOKIE, Prefs};
use getima_e2e::phone::{PHONE_UA, Phone, cdp, phone_with};
use serde_json::json;

pub const TESTS: &[NamedTest] = &[
    (
        "appeals::the_owner_is_told_once_in_the_inbox_and_by_text_when_the_appeal_is_taken_answered_passed_on_referred_or_closed",
        the_owner_is_told_once_in_the_inbox_and_by_text_when_the_appeal_is_taken_answered_passed_on_referred_or_closed,
    ),
    (
        "appeals::only_the_holder_or_the_head_passes_an_appeal_on_and_never_staff_who_own_its_business",
        only_the_holder_or_the_head_passes_an_appeal_on_and_never_staff_who_own_its_business,
    ),
    (
        "appeals::on_a_phone_both_deadlines_are_named_alike_on_the_form_the_list_the_appeal_and_the_desk",
        on_a_phone_both_deadlines_are_named_alike_on_the_form_the_list_the_appeal_and_the_desk,
    ),
    (
        "appeals::on_a_phone_a_long_thread_folds_to_its_latest_message_and_a_taken_appeal_stays_where_it_was",
        on_a_phone_a_long_thread_folds_to_its_latest_message_and_a_taken_appeal_stays_where_it_was,
    ),
    (
        "appeals::on_a_phone_the_inbox_leads_to_the_answer_and_a_rating_keeps_its_comment_once_closed",
        on_a_phone_the_inbox_leads_to_the_answer_and_a_rating_keeps_its_comment_once_closed,
    ),
];

/// The kinds of the owner's notices about `appeal`, oldest first.
fn told(ctx: &Ctx, token: &str, appeal: i64) -> Vec<NoticeKind> {
    let inbox: Notices = ctx.get_as(token, "/api/me/notices").json().expect("my notices");
    inbox.notices.iter().rev().filter(|n| n.appeal == Some(appeal)).map(|n| n.kind).collect()
}

/// The texts sent to `phone` about `appeal` (each carries the link to it), oldest first.
fn texted(ctx: &Ctx, phone: &str, appeal: i64) -> Vec<String> {
    let link = format!("/me/appeals/{appeal}");
    texts_to(ctx, phone).into_iter().rev().filter(|text| text.ends_with(&link)).collect()
}

fn transfer(ctx: &Ctx, token: &str, dept: &str, appeal: i64, to: &str) -> reqwest::blocking::Response {
    let body = json!({ "department": to, "reason": "属于该部门职责，请其办理" });
    post_as(ctx, token, &format!("/api/departments/{dept}/appeals/{appeal}/transfer"), body)
}

/// A new member of staff of `department`, signed in.
fn colleague(ctx: &Ctx, name: &str, number: &str, department: &str) -> String {
    let person = json!({ "name": name, "phone": number, "roles": ["staff"], "department": department });
    assert_eq!(post_as(ctx, &ctx.admin, "/api/admin/people", person).status(), 201);
    ctx.sign_in(number).access_token
}

fn the_owner_is_told_once_in_the_inbox_and_by_text_when_the_appeal_is_taken_answered_passed_on_referred_or_closed(
    ctx: &Ctx,
) {
    use NoticeKind::*;
    let number = "13655503101";
    let shop = "鹿城告知诉求小吃店";
    let (token, uscc) = new_shop_owner(ctx, number, shop, "appeal-told-shop-0001");
    let words = "商场物业每月多收公摊费，找谁反映？";
    let appeal = filed(ctx, &token, &uscc, request("licensing", words, "appeal-told-00000001"));
    assert!(told(ctx, &token, appeal.id).is_empty(), "filing tells nothing: the receipt is on screen");

    // Taken: ten tries at once by its taker tell the owner once.
    let amr = staff(ctx, "amr");
    let claims = at_once(10, |_| claim(ctx, &amr, "amr", appeal.id).status().as_u16());
    assert!(claims.iter().all(|&s| s == 200), "{claims:?}");
    assert_eq!(told(ctx, &token, appeal.id), [AppealTaken]);
    let texts = texted(ctx, number, appeal.id);
    assert_eq!(texts.len(), 1, "{texts:?}");
    assert!(texts[0].contains(&appeal.receipt) && texts[0].contains("已由市场监管局受理"), "{texts:?}");

    // Passed on by its holder, ten times at once: it moves once, and is told once.
    let moved = at_once(10, |_| transfer(ctx, &amr, "amr", appeal.id, "commerce").status().as_u16());
    assert_eq!(moved.iter().filter(|&&s| s == 200).count(), 1, "{moved:?}");
    assert!(moved.iter().all(|&s| s == 200 || s == 404), "the others find it gone: {moved:?}");
    assert_eq!(told(ctx, &token, appeal.id), [AppealTaken, AppealPassedOn]);
    assert!(texted(ctx, number, appeal.id)[1].contains("已转交商务局办理"));

    // Taken there (a step of its own), then answered, ten times at once.
    let commerce = colleague(ctx, "褚商务", "13655503102", "commerce");
    assert_eq!(claim(ctx, &commerce, "commerce", appeal.id).status(), 200);
    let answer = "已协调物业，公摊费按合同面积重新核算。";
    let answers = at_once(10, |_| reply(ctx, &commerce, "commerce", appeal.id, answer).status().as_u16());
    assert!(answers.iter().all(|&s| s == 200), "a retry answers as the first did: {answers:?}");
    assert_eq!(told(ctx, &token, appeal.id), [AppealTaken, AppealPassedOn, AppealTaken, AppealAnswered]);

    // Closed by the owner's rating, ten times at once.
    let rate = json!({ "score": 5, "comment": "解决得很快" });
    let path = format!("/api/me/appeals/{}/rating", appeal.id);
    let ratings = at_once(10, |_| post_as(ctx, &token, &path, rate.clone()).status().as_u16());
    assert!(ratings.iter().all(|&s| s == 200), "{ratings:?}");
    let all = [AppealTaken, AppealPassedOn, AppealTaken, AppealAnswered, AppealClosed];
    assert_eq!(told(ctx, &token, appeal.id), all);
    let texts = texted(ctx, number, appeal.id);
    assert_eq!(texts.len(), all.len(), "one text a step: {texts:?}");
    for (text, says) in
        texts.iter().zip(["已由市场监管局受理", "已转交商务局办理", "已由商务局受理", "商务局已答复", "已办结"])
    {
        assert!(text.starts_with("【个体码】") && text.contains(&appeal.receipt) && text.contains(says), "{text}");
        assert!(text.starts_with(&format!("【个体码】您的诉求{}", appeal.receipt)), "{text}");
        for private in [words, answer, shop, number, "陈监管", "褚商务"] {
            assert!(!text.contains(private), "a text says nothing the owner or staff wrote, no shop, no name: {text}");
        }
    }

    // Referred up a tier: legal advice at the justice bureau.
    let legal = filed(ctx, &token, &uscc, request("legal", "合伙人退伙要分走设备，合法吗？", "appeal-told-00000002"));
    let officer = ctx.session(phone(Role::LegalOfficer, Some("justice"))).access_token;
    assert_eq!(claim(ctx, &officer, "justice", legal.id).status(), 200);
    let refer = json!({ "reason": "涉及合伙协议解释，请公职律师解答" });
    let path = format!("/api/departments/justice/appeals/{}/referral", legal.id);
    let referrals = at_once(10, |_| post_as(ctx, &officer, &path, refer.clone()).status().as_u16());
    assert_eq!(referrals.iter().filter(|&&s| s == 200).count(), 1, "{referrals:?}");
    assert_eq!(told(ctx, &token, legal.id), [AppealTaken, AppealReferred]);
    let texts = texted(ctx, number, legal.id);
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert!(texts[1].contains("已提请公职律师解答"), "{texts:?}");

    // The inbox names the shop and leads to the appeal; nobody else is told.
    let inbox: Notices = ctx.get_as(&token, "/api/me/notices").json().expect("my notices");
    let about: Vec<_> = inbox.notices.iter().filter(|n| n.appeal.is_some()).collect();
    assert_eq!(about.len(), 7);
    assert!(about.iter().all(|n| n.subject == shop && n.application_id.is_none() && !n.read), "{about:?}");
    assert_eq!(inbox.unread, 7 + told_of_the_shop_opening(&inbox));
    let (other, _) = crate::appeals::owner(ctx, "13800000002");
    assert!(told(ctx, &other, appeal.id).is_empty());
}

/// What the owner was told when their shop opened (before any appeal).
fn told_of_the_shop_opening(inbox: &Notices) -> u32 {
    inbox.notices.iter().filter(|n| n.application_id.is_some() && !n.read).count() as u32
}

fn only_the_holder_or_the_head_passes_an_appeal_on_and_never_staff_who_own_its_business(ctx: &Ctx) {
    let (amr, head) = (staff(ctx, "amr"), ctx.session(phone(Role::DepartmentHead, Some("amr"))).access_token);
    // A member of the market regulator's staff who runs a shop of their own.
    let staff_phone = "13655503103";
    let person = json!({ "name": "冯监管", "phone": staff_phone, "roles": ["staff"], "department": "amr" });
    assert_eq!(post_as(ctx, &ctx.admin, "/api/admin/people", person).status(), 201);
    let (own_staff, own_uscc) = new_shop_owner(ctx, staff_phone, "鹿城冯家小吃店", "appeal-own-shop-00001");
    let own = filed(ctx, &own_staff, &own_uscc, request("licensing", "我的店想增加经营项目。", "appeal-own-0000001"));
    assert_eq!(own.department.code, "amr", "their own department answers it");

    // They neither take nor pass on an appeal about their own business, waiting or taken.
    let refusal = expect_error(transfer(ctx, &own_staff, "amr", own.id, "tax"), 403, ErrorKind::Forbidden);
    assert!(refusal.message_zh.contains("自己经营") && refusal.message_en.contains("you own"), "{refusal:?}");
    expect_error(claim(ctx, &own_staff, "amr", own.id), 403, ErrorKind::Forbidden);
    assert_eq!(claim(ctx, &amr, "amr", own.id).status(), 200);
    expect_error(transfer(ctx, &own_staff, "amr", own.id, "tax"), 403, ErrorKind::Forbidden);

    // An appeal nobody holds: staff take it before passing it on; twenty tries at once by two
    // members change nothing, its deadlines included.
    let (owner, uscc) = new_shop_owner(ctx, "13655503104", "鹿城褚家面馆", "appeal-pass-shop-0001");
    let waiting = filed(ctx, &owner, &uscc, request("licensing", "年报逾期了怎么补报？", "appeal-pass-0000001"));
    let tries = at_once(20, |i| {
        let token = if i % 2 == 0 { &amr } else { &own_staff };
        transfer(ctx, token, "amr", waiting.id, "tax").json::<getima_domain::api::ApiError>().expect("a refusal")
    });
    assert!(tries.iter().all(|e| e.error == ErrorKind::NotNow && e.message_zh.contains("请先受理")), "{tries:?}");
    let unmoved = mine(ctx, &owner).into_iter().find(|a| a.id == waiting.id).expect("the owner's appeal");
    assert_eq!(
        (unmoved.department.code.as_str(), unmoved.status, &unmoved.deadlines),
        ("amr", AppealStatus::Submitted, &waiting.deadlines),
        "where it was, its deadlines running as before"
    );
    assert_eq!(unmoved.timeline.len(), 1, "nothing on its timeline: {:?}", unmoved.timeline);
    assert!(told(ctx, &owner, waiting.id).is_empty());

    // Taken, only its holder or the head passes it on: the holder and the head at once (and a
    // colleague, refused), and it moves once.
    assert_eq!(claim(ctx, &amr, "amr", waiting.id).status(), 200);
    let raced = at_once(12, |i| {
        let (token, to) = [(&amr, "tax"), (&head, "commerce"), (&own_staff, "pboc")][i % 3];
        (i % 3, transfer(ctx, token, "amr", waiting.id, to).status().as_u16())
    });
    assert_eq!(raced.iter().filter(|(_, s)| *s == 200).count(), 1, "{raced:?}");
    let colleague_refused = |(who, s): &(usize, u16)| *who != 2 || *s == 409 || *s == 404;
    assert!(raced.iter().all(colleague_refused), "a colleague who does not hold it never does: {raced:?}");
    let moved = mine(ctx, &owner).into_iter().find(|a| a.id == waiting.id).expect("the owner's appeal");
    let transfers = moved.timeline.iter().filter(|s| s.event == AppealEvent::Transferred).count();
    assert_eq!(transfers, 1, "{:?}", moved.timeline);
    assert!(["tax", "commerce"].contains(&moved.department.code.as_str()), "{:?}", moved.department);
    assert_eq!(told(ctx, &owner, waiting.id), [NoticeKind::AppealTaken, NoticeKind::AppealPassedOn]);

    // The head passes on one nobody holds, as it is.
    let another = filed(ctx, &owner, &uscc, request("licensing", "门头招牌需要审批吗？", "appeal-pass-0000002"));
    let passed = transfer(ctx, &head, "amr", another.id, "commerce");
    assert_eq!(passed.status(), 200);
    let passed: Appeal = passed.json().expect("the appeal");
    assert_eq!((passed.department.code.as_str(), passed.status), ("commerce", AppealStatus::Submitted));
}

/// The phone at 360 px, the narrowest the app serves.
async fn at_360(client: &Client) {
    let metrics = json!({ "width": 360, "height": 780, "deviceScaleFactor": 2, "mobile": true });
    cdp(client, "Emulation.setDeviceMetricsOverride", metrics).await;
}

/// A 360 px phone that remembers `tokens`, open at `path`.
async fn phone_at_360(base: &str, tokens: &serde_json::Value, path: &str) -> Phone {
    let phone_ui = phone_with(PHONE_UA).await;
    at_360(&phone_ui.client).await;
    remember_session(&phone_ui.client, base, Some(tokens)).await;
    phone_ui.client.goto(&format!("{base}{path}")).await.expect("page opens");
    phone_ui
}

/// Large text on (or off) for the pages loaded next.
async fn large_text(client: &Client, on: bool) {
    let prefs = Prefs { english: false, large_text: on };
    let cookie = format!("{PREFS_COOKIE}={}; path=/", prefs.value());
    client.execute(&format!("document.cookie = {cookie:?}"), vec![]).await.expect("cookie set");
}

/// Deadlines as a screen showed them: each by its name and day, and, unless the server's day
/// turned while the test looked (the days left then changed), word for word as in Chinese.
fn shown_alike(shown: &[String], deadlines: &[RunningDeadline], same_day: bool, what: &str) {
    assert_eq!(shown.len(), deadlines.len(), "{what}: {shown:?}");
    for (line, deadline) in shown.iter().zip(deadlines) {
        let (name, words) = (deadline.deadline.label().zh, deadline.words().0);
        assert!(line.starts_with(name) && line.contains(&deadline.due_on), "{what}: {line}");
        assert!(!same_day || *line == words, "{what}: {line} ≠ {words}");
    }
}

/// The text of every element `css` selects, in order.
async fn texts_of(client: &Client, css: &str) -> Vec<String> {
    element(client, css, "the first").await;
    let mut texts = Vec::new();
    for found in client.find_all(Locator::Css(css)).await.expect("elements") {
        texts.push(found.text().await.expect("text"));
    }
    texts
}

fn on_a_phone_both_deadlines_are_named_alike_on_the_form_the_list_the_appeal_and_the_desk(ctx: &Ctx) {
    let (session, uscc) = new_shop_owner_session(ctx, "13655503105", "鹿城期限诉求小吃店", "appeal-due-shop-00001");
    let owner_tokens = serde_json::to_value(&session).expect("tokens");
    // A department of its own (the bank's), so no other test's appeals crowd its queue.
    let person = json!({ "name": "秦金融", "phone": "13655503109", "roles": ["staff"], "department": "pboc" });
    assert_eq!(post_as(ctx, &ctx.admin, "/api/admin/people", person).status(), 201);
    let staff_tokens = serde_json::to_value(ctx.sign_in("13655503109")).expect("tokens");
    let categories: AppealCategories = ctx.get("/api/appeals/categories").json().expect("categories");
    let finance = categories.categories.iter().find(|c| c.category == AppealCategory::Finance).expect("offered");
    assert_eq!(finance.department.code, "pboc");
    let promised = format!(
        "{} · {}",
        AppealDeadline::Take.promise(finance.claim_days).0,
        AppealDeadline::Answer.promise(finance.reply_days).0
    );
    let words = "想申请创业担保贷款，需要什么条件？";
    let base = ctx.server.url("/");
    let today = || getima_domain::calendar::china_date_at(ctx.server.now_ms());
    let first_day = today();
    let seen = std::sync::Mutex::new(None);
    run(async || {
        let phone_ui = phone_at_360(&base, &owner_tokens, "me").await;
        let client = &phone_ui.client;
        click(client, &format!("[data-testid=to-household-appeal][href='/me/households/{uscc}/appeal']")).await;
        let option = "[data-testid=appeal-category]:has(input[value=finance]) [data-testid=appeal-promise]";
        assert_eq!(text_of(client, option).await, promised, "the form promises what the category gives");
        click(client, "input[name=appeal-category][value=finance]").await;
        type_into(client, "#appeal-text", words).await;
        keep_screenshot(client, "appeal-form-promise-360").await;
        click(client, "[data-testid=file-appeal]").await;
        let landed = element(client, "[data-testid=appeal][data-status=submitted]", "the filed appeal").await;
        let id = landed.attr("id").await.expect("an id").expect("an id");
        let id: i64 = id.strip_prefix("appeal-").and_then(|n| n.parse().ok()).expect("the appeal's id");
        let card = format!("#appeal-{id}");
        let shown = texts_of(client, &format!("{card} [data-testid=deadlines] li")).await;
        keep_screenshot(client, "appeal-deadlines-360-zh").await;
        large_text(client, true).await;
        client.refresh().await.expect("reloads");
        element(client, &format!("{card} [data-testid=deadlines]"), "the deadlines in large text").await;
        keep_screenshot(client, "appeal-deadlines-360-large").await;
        large_text(client, false).await;
        *seen.lock().expect("not poisoned") = Some((id, shown));
        phone_ui.client.clone().close().await.expect("session closes");
    });
    let (id, shown) = seen.into_inner().expect("not poisoned").expect("filed on the phone");
    let appeal = mine(ctx, &session.access_token).into_iter().find(|a| a.id == id).expect("filed");
    assert_eq!(appeal.text, words);
    let kinds: Vec<AppealDeadline> = appeal.deadlines.iter().map(|d| d.deadline).collect();
    assert_eq!(kinds, [AppealDeadline::Take, AppealDeadline::Answer], "waiting, both run");
    // Filed today, it is to be answered within the working days the form promised, counted on
    // the working-day calendar.
    if appeal.submitted_at.starts_with(&first_day.to_string()) && today() == first_day {
        assert_eq!(appeal.deadlines[1].days_left, i64::from(finance.reply_days), "{appeal:?}");
    }
    let seen_later = std::sync::Mutex::new(None);
    run(async || {
        let phone_ui = phone_at_360(&base, &owner_tokens, &format!("me/appeals/{id}")).await;
        let client = &phone_ui.client;
        let on_its_page = texts_of(client, &format!("#appeal-{id} [data-testid=deadlines] li")).await;
        open_signed_in(client, &base, &staff_tokens, "desk/appeals").await;
        let card = format!("[data-testid=queued-appeal][data-appeal='{id}']");
        let on_the_desk = texts_of(client, &format!("{card} [data-testid=deadlines] li")).await;
        click(client, &format!("{card} [data-testid=claim-appeal]")).await;
        element(client, &format!("{card}[data-status=claimed] [data-testid=appeal-done]"), "taken").await;
        let taken = texts_of(client, &format!("{card} [data-testid=deadlines] li")).await;
        keep_screenshot(client, "desk-appeal-deadlines-360").await;
        *seen_later.lock().expect("not poisoned") = Some((on_its_page, on_the_desk, taken));
        phone_ui.client.clone().close().await.expect("session closes");
    });
    let (on_its_page, on_the_desk, taken) = seen_later.into_inner().expect("not poisoned").expect("seen on phones");
    let same_day = today() == first_day;
    shown_alike(&shown, &appeal.deadlines, same_day, "the list names both as the form did");
    shown_alike(&on_its_page, &appeal.deadlines, same_day, "its own page names them alike");
    shown_alike(&on_the_desk, &appeal.deadlines, same_day, "the desk names them alike");
    shown_alike(&taken, &appeal.deadlines[1..], same_day, "taken, only the deadline to answer runs");
}

fn on_a_phone_a_long_thread_folds_to_its_latest_message_and_a_taken_appeal_stays_where_it_was(ctx: &Ctx) {
    let (session, uscc) = new_shop_owner_session(ctx, "13655503106", "鹿城长谈诉求小吃店", "appeal-long-shop-0001");
    let owner = session.access_token.clone();
    let owner_tokens = serde_json::to_value(&session).expect("tokens");
    // Inspections and enforcement: a queue no other test fills.
    let staff_tokens = serde_json::to_value(ctx.session(phone(Role::Staff, Some("enforcement")))).expect("tokens");
    let enforcement = staff(ctx, "enforcement");
    let talked =
        filed(ctx, &owner, &uscc, request("enforcement", "整改通知书上的期限能延长吗？", "appeal-long-00000001"));
    assert_eq!(claim(ctx, &enforcement, "enforcement", talked.id).status(), 200);
    let said = |i: usize| format!("第{i}条：材料我这周补齐，请再确认一下");
    for i in 1..=60 {
        let (who, path) = if i % 2 == 1 {
            (&owner, format!("/api/me/appeals/{}/messages", talked.id))
        } else {
            (&enforcement, format!("/api/departments/enforcement/appeals/{}/messages", talked.id))
        };
        let message = json!({ "idempotency_key": format!("appeal-long-message-{i:04}"), "text": said(i) });
        assert_eq!(post_as(ctx, who, &path, message).status(), 201);
    }
    let waiting =
        filed(ctx, &owner, &uscc, request("enforcement", "检查时扣下的秤什么时候还？", "appeal-long-00000002"));
    let base = ctx.server.url("/");
    run(async || {
        let phone_ui = phone_at_360(&base, &owner_tokens, "me/appeals").await;
        let client = &phone_ui.client;
        let card = format!("#appeal-{}", talked.id);
        assert_eq!(text_of(client, &format!("{card} [data-testid=thread-count]")).await, "留言 · 共 60 条");
        let latest = text_of(client, &format!("{card} [data-testid=thread-latest]")).await;
        assert!(latest.contains(&said(60)) && latest.starts_with("综合行政执法局"), "the latest, by whom: {latest}");
        let measured = serde_json::to_value(element(client, &card, "the appeal").await).expect("an element");
        let height = "return arguments[0].getBoundingClientRect().height";
        let folded = client.execute(height, vec![measured]).await.expect("measured").as_f64().expect("a height");
        assert!(folded < 1000.0, "a list item, not thousands of px: {folded}");
        let shown_messages = format!("{card} [data-testid=thread] li");
        assert!(!element(client, &shown_messages, "a message").await.is_displayed().await.expect("shown?"));
        keep_screenshot(client, "appeal-thread-folded-360").await;
        click(client, &format!("{card} [data-testid=thread-summary]")).await;
        let messages = client.find_all(Locator::Css(&shown_messages)).await.expect("the messages");
        assert_eq!(messages.len(), 60);
        assert!(messages[59].is_displayed().await.expect("shown?"), "opened on tap, whole");
        assert!(messages[59].text().await.expect("text").contains(&said(60)));

        // On the desk: the same thread folded; taking another appeal leaves it where it was.
        open_signed_in(client, &base, &staff_tokens, "desk/appeals").await;
        let talked_card = format!("[data-testid=queued-appeal][data-appeal='{}']", talked.id);
        let count = text_of(client, &format!("{talked_card} [data-testid=thread-count]")).await;
        assert_eq!(count, "留言 · 共 60 条");
        let card = format!("[data-testid=queued-appeal][data-appeal='{}']", waiting.id);
        let found = element(client, &card, "the waiting appeal").await;
        let found = serde_json::to_value(&found).expect("an element");
        // Scrolled to, as a person scrolls down the list to it.
        client
            .execute("arguments[0].scrollIntoView({ block: 'center' })", vec![found.clone()])
            .await
            .expect("scrolled");
        let place = "return [arguments[0].getBoundingClientRect().top, window.scrollY]";
        let before = client.execute(place, vec![found.clone()]).await.expect("where it is");
        click(client, &format!("{card} [data-testid=claim-appeal]")).await;
        let done = text_of(client, &format!("{card}[data-status=claimed] [data-testid=appeal-done]")).await;
        assert!(done.starts_with("已受理"), "{done}");
        let found = serde_json::to_value(element(client, &card, "the taken appeal").await).expect("an element");
        let after = client.execute(place, vec![found.clone()]).await.expect("where it is");
        let (before, after) = (before.as_array().expect("two"), after.as_array().expect("two"));
        let moved = (before[0].as_f64().expect("top") - after[0].as_f64().expect("top")).abs();
        assert!(moved < 2.0 && before[1] == after[1], "it stays where it was: {before:?} → {after:?}");
        let form_top = "return [document.querySelector(arguments[0]).getBoundingClientRect().top, window.innerHeight]";
        let form =
            client.execute(form_top, vec![json!(format!("{card} [data-testid=reply-form]"))]).await.expect("form");
        let form = form.as_array().expect("two");
        assert!(form[0].as_f64() < form[1].as_f64(), "its answer form is on screen: {form:?}");
        keep_screenshot(client, "desk-appeal-taken-in-place-360").await;
        phone_ui.client.clone().close().await.expect("session closes");
    });
}

fn on_a_phone_the_inbox_leads_to_the_answer_and_a_rating_keeps_its_comment_once_closed(ctx: &Ctx) {
    let number = "13655503107";
    let (session, uscc) = new_shop_owner_session(ctx, number, "鹿城评价诉求小吃店", "appeal-rate-shop-0001");
    let owner_tokens = serde_json::to_value(&session).expect("tokens");
    let amr = staff(ctx, "amr");
    let appeal =
        filed(ctx, &session.access_token, &uscc, request("licensing", "个体户年报在哪里填？", "appeal-rate-00000001"));
    assert_eq!(claim(ctx, &amr, "amr", appeal.id).status(), 200);
    let answer = "请在个体码“我的”中填报年报，六月三十日前完成。";
    assert_eq!(reply(ctx, &amr, "amr", appeal.id, answer).status(), 200);
    let comment = "答复很及时，谢谢";
    let base = ctx.server.url("/");
    run(async || {
        let phone_ui = phone_at_360(&base, &owner_tokens, "me").await;
        let client = &phone_ui.client;
        let row = format!("[data-testid=notices] a[href='/me/appeals/{}']", appeal.id);
        let rows = texts_of(client, &row).await;
        assert!(rows.len() == 2 && rows[0].contains("诉求已答复") && rows[1].contains("诉求已受理"), "{rows:?}");
        assert!(rows.iter().all(|r| r.contains("鹿城评价诉求小吃店")), "{rows:?}");
        keep_screenshot(client, "inbox-appeal-notices-360").await;
        click(client, &format!("{row}[data-kind=appeal_answered]")).await;
        let card = format!("#appeal-{}[data-status=replied]", appeal.id);
        assert!(text_of(client, &format!("{card} [data-testid=answer]")).await.contains(answer), "the answer, at once");

        // No star yet: told beside the stars; a star chosen, the message goes at once.
        click(client, &format!("{card} [data-testid=confirm-appeal]")).await;
        let star_error = format!("#appeal-rating-{}-score-error", appeal.id);
        assert_eq!(text_of(client, &star_error).await, "请选择 1 到 5 星");
        click(client, &format!("{card} .star:nth-of-type(4)")).await;
        let gone = client.find(Locator::Css(&star_error)).await;
        assert!(gone.is_err(), "the message goes once a star is chosen");
        assert!(
            client.find(Locator::Css(&format!("{card} [data-testid=error]"))).await.is_err(),
            "and nothing else stays"
        );
        type_into(client, &format!("#appeal-rating-{}-comment", appeal.id), comment).await;
        keep_screenshot(client, "appeal-rating-360").await;
        click(client, &format!("{card} [data-testid=confirm-appeal]")).await;
        let closed = format!("#appeal-{}[data-status=closed]", appeal.id);
        assert_eq!(text_of(client, &format!("{closed} [data-testid=rated]")).await, "您的评价：★★★★");
        assert_eq!(text_of(client, &format!("{closed} [data-testid=rating-comment]")).await, comment);
        keep_screenshot(client, "appeal-rated-with-comment-360").await;
        client.refresh().await.expect("reloads");
        assert_eq!(text_of(client, &format!("{closed} [data-testid=rating-comment]")).await, comment, "kept");
        large_text(client, true).await;
        client.refresh().await.expect("reloads");
        element(client, &format!("{closed} [data-testid=rating-comment]"), "the comment in large text").await;
        keep_screenshot(client, "appeal-rated-with-comment-360-large").await;
        large_text(client, false).await;
        phone_ui.client.clone().close().await.expect("session closes");
    });
    let texts = texted(ctx, number, appeal.id);
    assert_eq!(texts.len(), 3, "taken, answered, closed: {texts:?}");
    let closed = mine(ctx, &session.access_token).into_iter().find(|a| a.id == appeal.id).expect("mine");
    assert_eq!(closed.score, Some(4));
    let last = closed.timeline.last().expect("a step");
    assert_eq!((last.event, last.note.as_str()), (AppealEvent::Closed, comment));
    assert!(queue(ctx, &amr, "amr", "").appeals.iter().all(|a| a.id != appeal.id), "closed: off the queue");
}
