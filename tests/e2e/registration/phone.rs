//! Registration as a first-time applicant and an amr reviewer do it on a 360 px phone in
//! Chinese (issue 25): typing key by key and checking after each key that the same field keeps
//! the focus and the page stays where it was, tapping what is on screen, and looking at each
//! screen in large text too.

use crate::accounts::expect_error;
use crate::browser::{WAIT, click, element, keep_screenshot, off_runtime, remember_session, run, text, type_into};
use crate::registration::applications::{application, decide, staff, submit, task};
use crate::registration::photos::{remove, storage_to_myself, uploaded};
use crate::{Ctx, NamedTest};
use fantoccini::{Client, Locator};
use getima_domain::accounts::sessions::{SESSION_ENDED_STORAGE_KEY, SESSION_STORAGE_KEY};
use getima_domain::api::{Addresses, ErrorKind, MyApplications, SessionTokens};
use getima_domain::registration::{TaskKind, application_number};
use getima_e2e::SendThroughDevProxy;
use getima_e2e::phone::{PHONE_UA, cdp, phone_with};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

pub const TESTS: &[NamedTest] = &[
    (
        "registration_phone::a_newcomer_is_asked_plainly_to_sign_in_and_the_header_s_sign_in_comes_back_to_the_form",
        a_newcomer_is_asked_plainly_to_sign_in_and_the_header_s_sign_in_comes_back_to_the_form,
    ),
    (
        "registration_phone::a_restaurant_is_applied_for_key_by_key_without_the_field_losing_focus_or_the_page_jumping",
        a_restaurant_is_applied_for_key_by_key_without_the_field_losing_focus_or_the_page_jumping,
    ),
    (
        "registration_phone::a_reviewer_must_choose_a_decision_reads_a_photo_full_screen_and_is_told_where_a_taken_task_went",
        a_reviewer_must_choose_a_decision_reads_a_photo_full_screen_and_is_told_where_a_taken_task_went,
    ),
    (
        "registration_phone::a_returned_application_offers_to_remove_only_the_photos_the_department_asked_for",
        a_returned_application_offers_to_remove_only_the_photos_the_department_asked_for,
    ),
    (
        "registration_phone::a_shop_awaiting_its_food_licence_is_not_green_and_its_credit_code_shows_whole_in_large_text",
        a_shop_awaiting_its_food_licence_is_not_green_and_its_credit_code_shows_whole_in_large_text,
    ),
    (
        "registration_phone::an_owner_has_one_poster_button_for_the_个体码_and_is_greeted_by_name_without_the_claim_form",
        an_owner_has_one_poster_button_for_the_business_code_and_is_greeted_by_name_without_the_claim_form,
    ),
];

/// The narrowest phone the issue was tried on.
const WIDTH: u32 = 360;

/// Makes the page a 360 × 780 phone. The test phone's own 390 px come back with every page
/// load, so this follows each one.
async fn narrow(client: &Client) {
    let metrics = json!({ "width": WIDTH, "height": 780, "deviceScaleFactor": 3, "mobile": true });
    cdp(client, "Emulation.setDeviceMetricsOverride", metrics).await;
    let width = script(client, "return window.innerWidth", vec![]).await;
    assert_eq!(width, json!(WIDTH), "the page is {WIDTH} px wide");
}

/// Opens `url` on the 360 px phone.
async fn open(client: &Client, url: &str) {
    client.goto(url).await.unwrap_or_else(|e| panic!("{url} opens: {e}"));
    narrow(client).await;
}

async fn script(client: &Client, js: &str, args: Vec<Value>) -> Value {
    client.execute(js, args).await.unwrap_or_else(|e| panic!("{js}: {e}"))
}

async fn scroll_y(client: &Client) -> f64 {
    script(client, "return window.scrollY", vec![]).await.as_f64().expect("a number")
}

/// Whether what `css` selects lies wholly on the screen as it is now.
async fn on_screen(client: &Client, css: &str) -> bool {
    let target = serde_json::to_value(element(client, css, "an element").await).expect("element");
    let js = "const r = arguments[0].getBoundingClientRect();
              return r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth;";
    script(client, js, vec![target]).await == Value::Bool(true)
}

/// Types `typed` into the field `css` the way a person does: puts the caret in it, then one
/// key at a time, resting after each as long as a person might. After every key the very same
/// field (not one drawn again in its place) still has the focus, and the page has not moved.
async fn type_key_by_key(client: &Client, css: &str, typed: &str, rest: Duration) {
    let field = element(client, css, "the field").await;
    // This very element, told apart from any drawn again in its place (which would also leave
    // the handle typed into stale).
    script(client, "document.querySelectorAll('[data-typed-here]').forEach(e => delete e.dataset.typedHere);", vec![])
        .await;
    let handle = serde_json::to_value(&field).expect("element");
    script(client, "arguments[0].dataset.typedHere = 'yes'", vec![handle]).await;
    // What a tap on the field does. (WebDriver's emulated tap on a phone leaves the plain
    // letters and digits typed after it nowhere when a button had the focus before.)
    let tap = "arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus()";
    script(client, tap, vec![serde_json::to_value(&field).expect("element")]).await;
    let at = scroll_y(client).await;
    for key in typed.chars() {
        field
            .send_keys(&key.to_string())
            .await
            .unwrap_or_else(|e| panic!("{css} was still there to type {key:?}: {e}"));
        tokio::time::sleep(rest).await;
        let still = script(client, "return document.activeElement.dataset.typedHere === 'yes'", vec![]).await;
        assert_eq!(still, Value::Bool(true), "{css} kept the focus after typing {key:?}");
        let now = scroll_y(client).await;
        assert!((now - at).abs() < 2.0, "the page stayed put while typing {key:?} in {css}: {at} → {now}");
    }
    let value = element(client, css, "the field").await.prop("value").await.expect("its value").unwrap_or_default();
    assert!(value.ends_with(typed), "{css} holds what was typed: {value:?}");
}

/// Waits until the element with `testid` says `words`.
async fn says(client: &Client, testid: &str, words: &str) {
    let path = format!("//*[@data-testid='{testid}'][contains(., '{words}')]");
    if client.wait().at_most(WAIT).for_element(Locator::XPath(&path)).await.is_err() {
        panic!("{testid} never said {words}: {:?}", text(client, &format!("[data-testid={testid}]")).await);
    }
}

/// Taps the top bar's 大字 (large text) button.
async fn large_text(client: &Client) {
    script(client, "window.scrollTo(0, 0)", vec![]).await;
    click(client, "[data-testid=large-text-toggle]").await;
    element(client, "html.large-text", "large text on").await;
}

/// Nothing on the page is wider than the phone, and no text of `css` is cut off.
async fn shows_whole(client: &Client, css: &str) {
    let target = serde_json::to_value(element(client, css, "the text").await).expect("element");
    let js = "const e = arguments[0]; const r = e.getBoundingClientRect();
              let clipped = e.scrollWidth > e.clientWidth + 1 || r.right > window.innerWidth + 1 || r.left < 0;
              for (let a = e.parentElement; a; a = a.parentElement) {
                const s = getComputedStyle(a), ar = a.getBoundingClientRect();
                if (s.overflowX !== 'visible' && (r.right > ar.right + 1 || r.left < ar.left - 1)) clipped = true;
              }
              return !clipped && document.documentElement.scrollWidth <= document.documentElement.clientWidth;";
    assert_eq!(script(client, js, vec![target]).await, Value::Bool(true), "{css} shows whole at {WIDTH} px");
}

/// The height of each element `css` selects.
async fn heights(client: &Client, css: &str) -> Vec<f64> {
    let js = "return [...document.querySelectorAll(arguments[0])].map(e => e.getBoundingClientRect().height)";
    let found = script(client, js, vec![json!(css)]).await;
    found.as_array().expect("a list").iter().filter_map(Value::as_f64).collect()
}

fn a_newcomer_is_asked_plainly_to_sign_in_and_the_header_s_sign_in_comes_back_to_the_form(ctx: &Ctx) {
    let newcomer = "13655525011";
    let (base, http, server) = (ctx.server.url("/"), ctx.http.clone(), &ctx.server);
    run(async || {
        let phone = phone_with(PHONE_UA).await;
        let client = &phone.client;
        open(client, &format!("{base}register/open-restaurant")).await;
        click(client, "[data-testid=to-apply]").await;
        element(client, "[data-testid=sign-in-prompt]", "asked to sign in").await;
        narrow(client).await;
        let asked = text(client, "[data-testid=sign-in-prompt]").await;
        assert!(asked.contains("请先登录") && asked.contains("回到这一页"), "{asked}");
        assert!(!asked.contains("过期"), "a newcomer's sign-in never expired: {asked}");
        keep_screenshot(client, "registration-sign-in-first").await;
        // The header's 登录, tapped as a person would: it comes back here afterwards.
        let link = element(client, "[data-testid=account]", "the header's sign-in").await;
        let href = link.attr("href").await.expect("href").unwrap_or_default();
        assert_eq!(href, "/sign-in?next=%2Fregister%2Fopen-restaurant%2Fapply");
        link.click().await.expect("tap");
        element(client, "[data-testid=phone]", "the sign-in page").await;
        narrow(client).await;
        type_into(client, "[data-testid=phone]", newcomer).await;
        click(client, "[data-testid=accept-terms]").await;
        click(client, "[data-testid=request-code]").await;
        element(client, "[data-testid=code]", "code field").await;
        let otp = off_runtime(|| server.latest_otp(&http, newcomer));
        type_into(client, "[data-testid=code]", &otp).await;
        click(client, "[data-testid=sign-in]").await;
        element(client, "[data-testid=apply-form]", "back on the form").await;
        narrow(client).await;
        let url = client.current_url().await.expect("a url");
        assert_eq!(url.path(), "/register/open-restaurant/apply");
        // Only a session the server ended is called expired.
        script(
            client,
            "localStorage.removeItem(arguments[0]); localStorage.setItem(arguments[1], '1')",
            vec![SESSION_STORAGE_KEY.into(), SESSION_ENDED_STORAGE_KEY.into()],
        )
        .await;
        client.refresh().await.expect("reload");
        element(client, "[data-testid=sign-in-prompt]", "asked to sign in").await;
        narrow(client).await;
        assert!(text(client, "[data-testid=sign-in-prompt]").await.contains("登录已过期"));
        keep_screenshot(client, "registration-sign-in-expired").await;
        phone.client.clone().close().await.expect("session closes");
    });
}

fn a_restaurant_is_applied_for_key_by_key_without_the_field_losing_focus_or_the_page_jumping(ctx: &Ctx) {
    let me = "13655525010";
    let tokens = serde_json::to_value(ctx.sign_in(me)).expect("tokens");
    let found: Addresses = ctx.get("/api/registration/addresses?county=330302&q=").json().expect("addresses");
    let premises = found.addresses.iter().max_by_key(|a| a.full_text.chars().count()).expect("an address");
    let typed: String = premises.full_text.chars().skip(6).take(4).collect();
    let shop = "鹿城郑记小馄饨店";
    let base = ctx.server.url("/");
    let mine = || -> MyApplications {
        let token = tokens["access_token"].as_str().expect("a token");
        ctx.get_as(token, "/api/me/applications").json().expect("mine")
    };
    run(async || {
        let phone = phone_with(PHONE_UA).await;
        let client = &phone.client;
        remember_session(client, &base, Some(&tokens)).await;
        open(client, &format!("{base}register/open-restaurant/apply")).await;
        element(client, "[data-testid=apply-form]", "the form").await;
        // What must be filled in is marked, for eyes and for screen readers.
        for field in ["county", "trade", "shop_name", "address_id", "operator_name", "id_number", "phone"] {
            let css = format!("[id='apply-{field}']");
            let required = element(client, &css, field).await.attr("aria-required").await.expect("attr");
            assert_eq!(required.as_deref(), Some("true"), "{field} is marked required");
            let label = text(client, &format!("label[for='apply-{field}']")).await;
            assert!(label.contains('*'), "{field}'s label shows it is required: {label}");
        }
        // Every part the notice marks 在线填写 is on the form.
        element(client, "[data-testid=food-safety-manager]", "the food safety manager's part").await;
        element(client, "[data-testid=utility-accounts]", "the utility accounts' part").await;
        element(client, "#apply-county option[value='330302']", "Lucheng").await.click().await.expect("choose");
        element(client, "#apply-trade option[value='catering']", "catering").await.click().await.expect("choose");
        // Slowly, as a thumb types: the name check and the address search answer in between.
        type_key_by_key(client, "#apply-shop_name", shop, Duration::from_millis(600)).await;
        let free = client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::XPath("//*[@data-testid='name-verdict'][contains(., '名称可以使用')]"))
            .await;
        assert!(free.is_ok(), "the name is checked: {}", text(client, "[data-testid=name-verdict]").await);
        type_key_by_key(client, "#apply-address_id", &typed, Duration::from_millis(600)).await;
        let option = format!("//*[@data-testid='address-options']//button[.='{}']", premises.full_text);
        client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::XPath(&option))
            .await
            .expect("offered")
            .click()
            .await
            .expect("tap");
        // The chosen address shows whole: the door number is not cut off.
        assert_eq!(text(client, "[data-testid=address-chosen] p").await, premises.full_text);
        shows_whole(client, "[data-testid=address-chosen] p").await;
        type_key_by_key(client, "#apply-operator_name", "郑小明", Duration::from_millis(50)).await;
        // A mistyped check digit, caught on the phone.
        type_into(client, "#apply-id_number", "330302199001011230").await;
        type_into(client, "#apply-phone", me).await;
        click(client, "[data-testid=manager-is-operator]").await;
        type_key_by_key(client, "[id='apply-utility_accounts.power']", "3300123456", Duration::from_millis(50)).await;
        keep_screenshot(client, "registration-apply-360").await;
        click(client, "[data-testid=apply-submit]").await;
        // The person is taken to the field, its own message beside it, not left at the button.
        element(client, "[data-testid=apply-id_number-error]", "the ID number's message").await;
        let deadline = Instant::now() + WAIT;
        while script(client, "return document.activeElement.id", vec![]).await != json!("apply-id_number") {
            assert!(Instant::now() < deadline, "the ID number field was focused after the refusal");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(on_screen(client, "#apply-id_number").await, "and it is on screen");
        assert!(text(client, "[data-testid=apply-id_number-error]").await.contains("校验位"));
        let listed = text(client, "[data-testid=form-problems]").await;
        assert!(listed.contains("经营者身份证号") && !listed.contains("请检查填写的内容"), "{listed}");
        keep_screenshot(client, "registration-apply-refused-360").await;
        assert!(off_runtime(|| mine().applications.is_empty()), "nothing was sent");
        let field = element(client, "#apply-id_number", "the ID number").await;
        field.clear().await.expect("clear");
        let valid = getima_domain::id_number::complete("33030219900101123").expect("a valid ID number");
        field.send_keys(&valid).await.expect("typing");
        click(client, "[data-testid=manager-is-operator]").await;
        click(client, "[data-testid=apply-submit]").await;
        // Filed: the number staff search by, said first and on the application itself.
        element(client, "[data-testid=just-filed]", "told it was filed").await;
        narrow(client).await;
        let said = text(client, "[data-testid=just-filed-number]").await;
        let card = text(client, "[data-testid=application] [data-testid=application-number]").await;
        assert_eq!(said, card);
        let filed = off_runtime(mine).applications.into_iter().next().expect("filed");
        assert_eq!(said, application_number(filed.id));
        keep_screenshot(client, "registration-filed-360").await;
        large_text(client).await;
        shows_whole(client, "[data-testid=just-filed]").await;
        keep_screenshot(client, "registration-filed-360-large").await;
        open(client, &format!("{base}register/open-restaurant/apply")).await;
        element(client, "[data-testid=apply-form]", "the form").await;
        keep_screenshot(client, "registration-apply-360-large").await;
        phone.client.clone().close().await.expect("session closes");
    });
}

fn a_reviewer_must_choose_a_decision_reads_a_photo_full_screen_and_is_told_where_a_taken_task_went(ctx: &Ctx) {
    let phone_number = "13655525012";
    let applicant = ctx.sign_in(phone_number).access_token;
    let filed = {
        let _turn = storage_to_myself();
        uploaded(ctx, &applicant, "open-food-shop", "id_card");
        submit(
            ctx,
            &applicant,
            application(ctx, phone_number, "open-food-shop", "鹿城看证食品店", "desk-phone-0000001"),
        )
    };
    let id = task(&filed, TaskKind::Establishment).id;
    let reviewer =
        serde_json::to_value(ctx.session(crate::accounts::phone(getima_domain::accounts::Role::Staff, Some("amr"))))
            .expect("tokens");
    let card = format!("[data-testid=queued-task][data-task='{id}']");
    let base = ctx.server.url("/");
    let still_in_review = || {
        let mine: MyApplications = ctx.get_as(&applicant, "/api/me/applications").json().expect("mine");
        mine.applications[0].tasks.iter().all(|t| t.status == getima_domain::registration::TaskStatus::InReview)
    };
    run(async || {
        let phone = phone_with(PHONE_UA).await;
        let client = &phone.client;
        remember_session(client, &base, Some(&reviewer)).await;
        open(client, &format!("{base}desk/registration")).await;
        // The filter of one's own tasks is not called 我的, the header's word for the account.
        assert_eq!(text(client, "[data-testid=whose-mine]").await, "我认领的");
        assert_eq!(text(client, "[data-testid=account]").await, "我的");
        click(client, "[data-testid=whose-unassigned]").await;
        type_key_by_key(
            client,
            "[data-testid=queue-application]",
            &application_number(filed.id),
            Duration::from_millis(50),
        )
        .await;
        click(client, &format!("{card} [data-testid=claim]")).await;
        // Gone from 未认领, and the reviewer is told where it went and taken there.
        let told = text(client, "[data-testid=decided]").await;
        assert!(told.contains("已认领") && told.contains("我认领的"), "{told}");
        assert!(on_screen(client, "[data-testid=to-mine]").await, "the way there is on screen");
        click(client, "[data-testid=to-mine]").await;
        let pressed = element(client, "[data-testid=whose-mine]", "the filter").await.attr("aria-pressed").await;
        assert_eq!(pressed.expect("attr").as_deref(), Some("true"));
        click(client, &format!("{card} [data-testid=open-decision]")).await;
        // Nothing is chosen for the reviewer, and 确认 alone decides nothing.
        let checked = script(
            client,
            "return document.querySelectorAll('[data-testid=decision-form] input:checked').length",
            vec![],
        )
        .await;
        assert_eq!(checked, json!(0), "no decision chosen beforehand");
        click(client, &format!("{card} [data-testid=decide]")).await;
        let unchosen = "//*[@data-testid='decision-unchosen'][contains(., '请先选择办理结果')]";
        assert!(
            client.wait().at_most(WAIT).for_element(Locator::XPath(unchosen)).await.is_ok(),
            "told beside the choices"
        );
        assert!(off_runtime(still_in_review), "nothing was decided");
        // Each decision row and the send button are large enough for a thumb.
        for height in heights(client, &format!("{card} .choice-row")).await {
            assert!(height >= 44.0, "a decision row of {height} px");
        }
        assert!(heights(client, &format!("{card} [data-testid=decide]")).await[0] >= 44.0);
        keep_screenshot(client, "registration-desk-unchosen-360").await;
        // The ID card opens across the whole screen, and larger still to read it.
        click(client, &format!("{card} [data-testid=filed-photos] summary")).await;
        click(client, &format!("{card} [data-testid=photo]")).await;
        element(client, "[data-testid=photo-viewer] img", "the photo, opened").await;
        let width = |client: &Client| {
            let client = client.clone();
            async move {
                let js =
                    "return document.querySelector('[data-testid=photo-viewer] img').getBoundingClientRect().width";
                script(&client, js, vec![]).await.as_f64().expect("a width")
            }
        };
        let opened = width(client).await;
        assert!(opened >= f64::from(WIDTH) - 1.0, "as wide as the phone, not {opened} px");
        keep_screenshot(client, "registration-desk-photo-360").await;
        click(client, "[data-testid=photo-zoom]").await;
        let enlarged = width(client).await;
        assert!(enlarged >= 2.0 * f64::from(WIDTH), "enlarged to read the small print: {enlarged} px");
        click(client, "[data-testid=photo-close]").await;
        let closed = client.find_all(Locator::Css("[data-testid=photo-viewer]")).await.expect("a lookup");
        assert!(closed.is_empty(), "closed again");
        click(client, &format!("{card} input[value=approve]")).await;
        large_text(client).await;
        for height in heights(client, &format!("{card} .choice-row")).await {
            assert!(height >= 44.0, "a decision row of {height} px in large text");
        }
        keep_screenshot(client, "registration-desk-decision-360-large").await;
        click(client, &format!("{card} [data-testid=decide]")).await;
        says(client, "decided", "已办理：鹿城看证食品店").await;
        phone.client.clone().close().await.expect("session closes");
    });
}

fn a_returned_application_offers_to_remove_only_the_photos_the_department_asked_for(ctx: &Ctx) {
    let phone_number = "13655525013";
    let session = ctx.sign_in(phone_number);
    let applicant = session.access_token.clone();
    let _turn = storage_to_myself();
    let id_card = uploaded(ctx, &applicant, "open-restaurant", "id_card");
    let design = uploaded(ctx, &applicant, "open-restaurant", "signboard_design");
    let filed = submit(
        ctx,
        &applicant,
        application(ctx, phone_number, "open-restaurant", "鹿城补招牌面馆", "correct-only-asked-1"),
    );
    let signboard = task(&filed, TaskKind::OutdoorSignboard).id;
    let returned = json!({ "decision": "return", "corrections": ["招牌设计图需标明尺寸"] });
    assert_eq!(decide(ctx, &staff(ctx, "enforcement"), "enforcement", signboard, returned).status(), 200);
    // The ID card was not asked for: its removal is refused, saying why.
    let refused = ctx
        .http
        .delete(ctx.server.url(&format!("/api/me/photos/{}", id_card.id)))
        .bearer_auth(&applicant)
        .send_through_dev_proxy()
        .expect("a removal");
    let error = expect_error(refused, 409, ErrorKind::PhotoNotCorrectable);
    assert!(error.message_zh.contains("没有被要求补正"), "{error:?}");
    let session = serde_json::to_value(&session).expect("tokens");
    let base = ctx.server.url("/");
    run(async || {
        let phone = phone_with(PHONE_UA).await;
        let client = &phone.client;
        remember_session(client, &base, Some(&session)).await;
        open(client, &format!("{base}me/applications")).await;
        let card = "[data-testid=application][data-status=needs_correction]";
        assert!(text(client, &format!("{card} [data-testid=correct-by]")).await.contains("逾期视为撤回"));
        let asked = format!("{card} [data-testid=correction-photos] [data-testid='photos-signboard_design']");
        element(client, &format!("{asked} [data-testid=photo-remove]"), "the asked-for page can be removed").await;
        let pickers = client
            .find_all(Locator::Css(&format!("{card} [data-testid=correction-photos] fieldset")))
            .await
            .expect("a lookup");
        let mut offered = Vec::new();
        for picker in pickers {
            offered.push(picker.attr("data-testid").await.expect("attr").unwrap_or_default());
        }
        offered.sort();
        assert_eq!(offered, ["photos-premises_proof", "photos-shopfront_photo", "photos-signboard_design"]);
        click(client, &format!("{card} [data-testid=filed-photos] summary")).await;
        says(client, "filed-photos", "经营者身份证").await;
        let kept = text(client, &format!("{card} [data-testid=filed-photos]")).await;
        assert!(kept.contains("经营者身份证") && !kept.contains("删除"), "the rest are to look at only: {kept}");
        keep_screenshot(client, "registration-correction-photos-360").await;
        click(client, &format!("{asked} [data-testid=photo-remove]")).await;
        let gone = client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::XPath("//*[@data-testid='photos-signboard_design']//legend[contains(., '0/')]"))
            .await;
        assert!(gone.is_ok(), "the asked-for page is removed");
        phone.client.clone().close().await.expect("session closes");
    });
    assert_eq!(remove(ctx, &applicant, &design.id), 404, "gone");
    assert_eq!(remove(ctx, &applicant, &id_card.id), 409, "and the ID card stays");
}

/// A restaurant of `phone` registered (its registration approved), its food licence returned,
/// everything else still in review: its owner's session and its business code.
fn registered_awaiting_food_licence(ctx: &Ctx, phone: &str, shop: &str, key: &str) -> (SessionTokens, String) {
    let session = ctx.sign_in(phone);
    let applicant = session.access_token.clone();
    let filed = submit(ctx, &applicant, application(ctx, phone, "open-restaurant", shop, key));
    let amr = staff(ctx, "amr");
    let approve = json!({ "decision": "approve" });
    assert_eq!(decide(ctx, &amr, "amr", task(&filed, TaskKind::Establishment).id, approve).status(), 200);
    let returned = json!({ "decision": "return", "corrections": ["补充平面布局图"] });
    assert_eq!(decide(ctx, &amr, "amr", task(&filed, TaskKind::FoodBusinessLicence).id, returned).status(), 200);
    let mine: MyApplications = ctx.get_as(&applicant, "/api/me/applications").json().expect("mine");
    (session, mine.applications[0].code.clone().expect("a business code"))
}

fn a_shop_awaiting_its_food_licence_is_not_green_and_its_credit_code_shows_whole_in_large_text(ctx: &Ctx) {
    let phone_number = "13655525014";
    let (session, code) = registered_awaiting_food_licence(ctx, phone_number, "鹿城等证面馆", "awaiting-licence-01");
    let owner = serde_json::to_value(&session).expect("tokens");
    let base = ctx.server.url("/");
    run(async || {
        let phone = phone_with(PHONE_UA).await;
        let client = &phone.client;
        remember_session(client, &base, Some(&owner)).await;
        open(client, &format!("{base}c/{code}")).await;
        let verdict = "html:not(:has(#getima-data)) [data-testid=verified]";
        let banner = element(client, verdict, "the app's verdict").await;
        assert_eq!(banner.attr("data-standing").await.expect("attr").as_deref(), Some("pending"));
        let said = banner.text().await.expect("text");
        assert!(said.contains("食品经营许可办理中，暂不可经营餐饮") && !said.contains("正常经营"), "{said}");
        let colour = script(
            client,
            &format!("return getComputedStyle(document.querySelector('{verdict}')).backgroundColor"),
            vec![],
        )
        .await;
        assert_ne!(colour, json!("rgb(5, 128, 63)"), "not the trading green");
        assert!(text(client, "[data-testid=awaited-licence]").await.contains("办理中"));
        keep_screenshot(client, "registration-code-awaiting-licence-360").await;
        large_text(client).await;
        shows_whole(client, "[data-testid=uscc]").await;
        keep_screenshot(client, "registration-code-awaiting-licence-360-large").await;
        // The credit code on "me" too, in large text.
        open(client, &format!("{base}me")).await;
        shows_whole(client, "[data-testid=my-households] .mono").await;
        keep_screenshot(client, "registration-me-owner-360-large").await;
        phone.client.clone().close().await.expect("session closes");
    });
}

fn an_owner_has_one_poster_button_for_the_business_code_and_is_greeted_by_name_without_the_claim_form(ctx: &Ctx) {
    let phone_number = "13655525015";
    let session = ctx.sign_in(phone_number);
    let applicant = session.access_token.clone();
    let filed = submit(
        ctx,
        &applicant,
        application(ctx, phone_number, "open-food-shop", "鹿城一张海报店", "one-poster-000001"),
    );
    let amr = staff(ctx, "amr");
    for kind in [TaskKind::Establishment, TaskKind::PrepackagedFoodFiling] {
        assert_eq!(decide(ctx, &amr, "amr", task(&filed, kind).id, json!({ "decision": "approve" })).status(), 200);
    }
    let mine: MyApplications = ctx.get_as(&applicant, "/api/me/applications").json().expect("mine");
    let code = mine.applications[0].code.clone().expect("a business code");
    let owner = serde_json::to_value(&session).expect("tokens");
    let base = ctx.server.url("/");
    run(async || {
        let phone = phone_with(PHONE_UA).await;
        let client = &phone.client;
        remember_session(client, &base, Some(&owner)).await;
        // "Me" first: it learns the account owns a shop now, and greets them by name.
        open(client, &format!("{base}me")).await;
        element(client, "[data-testid=my-households] a", "the owner's shop").await;
        let greeted =
            client.wait().at_most(WAIT).for_element(Locator::XPath("//*[@data-testid='me']/h1[.='郑小明']")).await;
        assert!(greeted.is_ok(), "greeted by the operator's name: {}", text(client, "[data-testid=me] h1").await);
        let form = client.find_all(Locator::Css("[data-testid=claim-form]")).await.expect("a lookup");
        assert!(form.is_empty(), "no claim form for someone who owns their shop");
        keep_screenshot(client, "registration-me-owner-360").await;
        click(client, "[data-testid=claim-another]").await;
        element(client, "[data-testid=claim-form]", "claiming another is a tap away").await;
        open(client, &format!("{base}c/{code}")).await;
        element(client, "html:not(:has(#getima-data)) [data-testid=owner-services]", "the owner's services").await;
        let page = text(client, "main").await;
        assert!(!page.contains("企业码"), "our word is 个体码: {page}");
        let posters = client.find_all(Locator::Css("a[href$='/poster']")).await.expect("a lookup");
        assert_eq!(posters.len(), 1, "one way to the poster");
        // No payment code is bound: the poster offers none.
        assert_eq!(posters[0].text().await.expect("text"), "打印个体码海报");
        keep_screenshot(client, "registration-owner-code-360").await;
        posters[0].click().await.expect("tap");
        element(client, "[data-testid=poster]", "the poster").await;
        narrow(client).await;
        let payment = client.find_all(Locator::Css("[data-testid=poster] img[alt='收款码 QR']")).await.expect("lookup");
        assert!(payment.is_empty(), "no payment half without a payment code");
        phone.client.clone().close().await.expect("session closes");
    });
}
