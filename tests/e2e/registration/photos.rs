//! Photos of materials: stored in the local R2 bucket, attached on filing, seen only by their
//! applicant and the staff whose task needs them, refused before storing when they are not
//! photos or too big, and never more pages than a material takes, however many arrive at once.

use crate::accounts::{expect_error, post_as};
use crate::appeals::new_shop_owner;
use crate::attacks::at_once;
use crate::browser::{WAIT, click, element, keep_screenshot, remember_session, run, type_into};
use crate::registration::applications::{application, decide, staff, submit};
use crate::{Ctx, NamedTest};
use getima_domain::api::{Appeal, AppealQueue, Application, ErrorKind, MyApplications, PhotoRef, Photos, TaskQueue};
use getima_domain::audit::AuditAction;
use getima_domain::registration::TaskKind;
use getima_domain::registration::photos::{LONGEST_SIDE_PX, MAX_APPEAL_PHOTOS, MAX_PAGES, MAX_PHOTO_BYTES};
use getima_e2e::SendThroughDevProxy;
use getima_e2e::phone::{PHONE_UA, phone_with};
use reqwest::blocking::Response;
use serde_json::json;
use std::sync::{Mutex, MutexGuard};

pub const TESTS: &[NamedTest] = &[
    (
        "photos::a_filed_photo_is_shown_to_its_applicant_and_to_the_departments_whose_task_needs_it_alone",
        a_filed_photo_is_shown_to_its_applicant_and_to_the_departments_whose_task_needs_it_alone,
    ),
    (
        "photos::a_non_image_an_empty_or_an_oversized_upload_is_refused_and_nothing_is_stored",
        a_non_image_an_empty_or_an_oversized_upload_is_refused_and_nothing_is_stored,
    ),
    (
        "photos::ten_pages_of_one_material_sent_at_once_keep_four_and_store_no_more",
        ten_pages_of_one_material_sent_at_once_keep_four_and_store_no_more,
    ),
    (
        "photos::an_unfiled_photo_is_removed_by_its_uploader_alone_and_a_filed_one_by_nobody",
        an_unfiled_photo_is_removed_by_its_uploader_alone_and_a_filed_one_by_nobody,
    ),
    (
        "photos::a_returned_application_takes_new_photos_from_its_applicant_until_it_is_sent_again",
        a_returned_application_takes_new_photos_from_its_applicant_until_it_is_sent_again,
    ),
    (
        "photos::a_photo_taken_on_a_phone_is_shrunk_sent_with_progress_and_seen_by_the_reviewing_staff",
        a_photo_taken_on_a_phone_is_shrunk_sent_with_progress_and_seen_by_the_reviewing_staff,
    ),
    (
        "photos::an_appeal_s_photos_go_with_it_and_are_seen_by_its_owner_and_the_departments_on_it_alone",
        an_appeal_s_photos_go_with_it_and_are_seen_by_its_owner_and_the_departments_on_it_alone,
    ),
    (
        "photos::seven_photos_sent_at_once_for_one_appeal_keep_five_and_store_no_more",
        seven_photos_sent_at_once_for_one_appeal_keep_five_and_store_no_more,
    ),
];

/// Photo tests count the bucket's objects, so they take turns with each other.
pub(crate) fn storage_to_myself() -> MutexGuard<'static, ()> {
    static STORAGE: Mutex<()> = Mutex::new(());
    STORAGE.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A real PNG of `width` × `height`: a gradient, with `noise` (0–255) of pseudo-random grain
/// so it does not compress to nothing.
pub(crate) fn png(width: u32, height: u32, noise: u8) -> Vec<u8> {
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width, height).expect("a pixmap");
    let mut seed = 0x2545_F491_u32;
    for (i, pixel) in pixmap.data_mut().chunks_exact_mut(4).enumerate() {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let grain = (seed as u8) & noise;
        let (x, y) = (i as u32 % width, i as u32 / width);
        pixel.copy_from_slice(&[(x % 256) as u8 ^ grain, (y % 256) as u8 ^ grain, 180 ^ grain, 255]);
    }
    pixmap.encode_png().expect("a PNG")
}

/// A JPEG's width and height, from its first start-of-frame segment.
fn jpeg_size(bytes: &[u8]) -> (u32, u32) {
    let at =
        bytes.windows(2).position(|w| w[0] == 0xFF && (0xC0..=0xC2).contains(&w[1])).expect("a start-of-frame segment");
    let read = |i: usize| u32::from(bytes[at + i]) << 8 | u32::from(bytes[at + i + 1]);
    (read(7), read(5))
}

async fn scroll_to(client: &fantoccini::Client, css: &str) {
    let target = serde_json::to_value(element(client, css, "a part of the page").await).expect("element");
    client.execute("arguments[0].scrollIntoView({block: 'center'})", vec![target]).await.expect("script runs");
}

/// The natural width of the image at `css` once it has loaded (None if it never does).
pub(crate) async fn shown_width(client: &fantoccini::Client, css: &str) -> Option<u64> {
    let image = serde_json::to_value(element(client, css, "an image").await).expect("element");
    for _ in 0..150 {
        let width = client
            .execute("return arguments[0].complete ? arguments[0].naturalWidth : 0", vec![image.clone()])
            .await
            .expect("script runs");
        if let Some(width) = width.as_u64().filter(|&w| w > 0) {
            return Some(width);
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    None
}

fn upload(ctx: &Ctx, token: &str, bundle: &str, material: &str, media_type: &str, body: Vec<u8>) -> Response {
    ctx.http
        .post(ctx.server.url(&format!("/api/me/drafts/{bundle}/photos/{material}")))
        .bearer_auth(token)
        .header("content-type", media_type)
        .body(body)
        .send_through_dev_proxy()
        .expect("an upload")
}

pub(crate) fn uploaded(ctx: &Ctx, token: &str, bundle: &str, material: &str) -> PhotoRef {
    let response = upload(ctx, token, bundle, material, "image/png", png(64, 48, 0));
    assert_eq!(response.status(), 201, "{material}");
    response.json().expect("a photo")
}

fn draft_photos(ctx: &Ctx, token: &str, bundle: &str) -> Vec<PhotoRef> {
    let photos: Photos = ctx.get_as(token, &format!("/api/me/drafts/{bundle}/photos")).json().expect("photos");
    photos.photos
}

fn photo_status(ctx: &Ctx, token: &str, id: &str) -> u16 {
    ctx.get_as(token, &format!("/api/photos/{id}")).status().as_u16()
}

fn a_filed_photo_is_shown_to_its_applicant_and_to_the_departments_whose_task_needs_it_alone(ctx: &Ctx) {
    let _turn = storage_to_myself();
    let applicant = ctx.sign_in("13655500061").access_token;
    let id_card = uploaded(ctx, &applicant, "open-restaurant", "id_card");
    let floor_plan = uploaded(ctx, &applicant, "open-restaurant", "floor_plan");
    let signboard = uploaded(ctx, &applicant, "open-restaurant", "signboard_design");
    assert_eq!(id_card.material.zh, "经营者身份证（正反面）");
    assert_eq!(draft_photos(ctx, &applicant, "open-restaurant").len(), 3);

    let filed = submit(
        ctx,
        &applicant,
        application(ctx, "13655500061", "open-restaurant", "鹿城郑记照片面馆", "photos-filed-000001"),
    );
    let ids: Vec<&str> = filed.photos.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, [id_card.id.as_str(), floor_plan.id.as_str(), signboard.id.as_str()], "filed with the application");
    assert!(draft_photos(ctx, &applicant, "open-restaurant").is_empty(), "no longer in the draft");

    let image = ctx.get_as(&applicant, &format!("/api/photos/{}", id_card.id));
    assert_eq!(image.status(), 200);
    let header = |name: &str| image.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    assert_eq!(header("content-type"), "image/png");
    assert_eq!(header("cache-control"), "no-store", "an ID card is kept by no cache");
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(image.bytes().expect("bytes").to_vec(), png(64, 48, 0), "the very bytes uploaded");

    // 市场监管 (registration, food licence), 供电 (utility connection: the ID card), 综合执法
    // (signboard: its design), 卫健 (no task at all), another applicant.
    let (amr, power, enforcement, health) =
        (staff(ctx, "amr"), staff(ctx, "power"), staff(ctx, "enforcement"), staff(ctx, "health"));
    let stranger = ctx.sign_in("13655500062").access_token;
    let seen = |token: &str| -> Vec<u16> {
        [&id_card, &floor_plan, &signboard].iter().map(|p| photo_status(ctx, token, &p.id)).collect()
    };
    assert_eq!(seen(&amr), [200, 200, 404], "registration and the food licence need the ID card and the plan");
    assert_eq!(seen(&power), [200, 404, 404], "the utility needs the ID card alone");
    assert_eq!(seen(&enforcement), [404, 404, 200], "the signboard task needs its design alone");
    assert_eq!(seen(&health), [404, 404, 404], "a department without a task sees none");
    assert_eq!(seen(&stranger), [404, 404, 404], "another person sees none");
    assert_eq!(ctx.get(&format!("/api/photos/{}", id_card.id)).status(), 401, "nobody signed out does");
    let viewed: Vec<String> = crate::attacks::audit_log(ctx)
        .into_iter()
        .filter(|e| e.action == AuditAction::PhotoView && e.subject == format!("photo:{}", id_card.id))
        .map(|e| e.actor)
        .collect();
    assert_eq!(viewed.len(), 2, "each staff view of the ID card is audited, the applicant's own are not: {viewed:?}");

    let path = format!("/api/departments/enforcement/registration-tasks?application={}", filed.id);
    let queue: TaskQueue = ctx.get_as(&enforcement, &path).json().expect("the queue");
    let task = queue
        .tasks
        .iter()
        .find(|t| t.application_id == filed.id && t.kind == TaskKind::OutdoorSignboard)
        .expect("the signboard task is queued");
    let listed: Vec<&str> = task.photos.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(listed, [signboard.id.as_str()], "the queue lists the photos the task needs");
}

fn a_non_image_an_empty_or_an_oversized_upload_is_refused_and_nothing_is_stored(ctx: &Ctx) {
    let _turn = storage_to_myself();
    let applicant = ctx.sign_in("13655500063").access_token;
    // One photo taken, so the count below is of a bucket that exists.
    uploaded(ctx, &applicant, "open-food-shop", "id_card");
    let before = ctx.server.stored_objects();
    assert!(before > 0, "the bucket's objects are counted where they are kept");
    let refusals = [
        ("id_card", "image/jpeg", b"%PDF-1.7 a lease".to_vec(), 415, ErrorKind::UnsupportedMediaType),
        ("id_card", "image/png", b"<html><script>alert(1)</script>".to_vec(), 415, ErrorKind::UnsupportedMediaType),
        ("id_card", "image/png", Vec::new(), 400, ErrorKind::InvalidBody),
        (
            "id_card",
            "image/png",
            {
                let mut big = png(8, 8, 0);
                big.resize(MAX_PHOTO_BYTES + 1, 0);
                big
            },
            413,
            ErrorKind::PayloadTooLarge,
        ),
        // Filled in on the form, not a photo; and a material the food shop does not need.
        ("application_form", "image/png", png(8, 8, 0), 404, ErrorKind::NotFound),
        ("floor_plan", "image/png", png(8, 8, 0), 404, ErrorKind::NotFound),
    ];
    for (material, media_type, body, status, kind) in refusals {
        let response = upload(ctx, &applicant, "open-food-shop", material, media_type, body);
        assert_eq!(response.status(), status, "{material} as {media_type}");
        let error: getima_domain::api::ApiError = response.json().expect("an error");
        assert_eq!(error.error, kind);
        assert!(!error.message_zh.is_empty() && !error.message_en.is_empty(), "said in both languages");
    }
    // Sent in chunks without a declared length: read no further than the limit. On a
    // connection of its own, which the refusal leaves with the rest of the body unread.
    let mut endless = png(8, 8, 0);
    endless.resize(MAX_PHOTO_BYTES * 2, 0);
    let own_connection = reqwest::blocking::Client::builder().pool_max_idle_per_host(0).build().expect("a client");
    let chunked = own_connection
        .post(ctx.server.url("/api/me/drafts/open-food-shop/photos/id_card"))
        .bearer_auth(&applicant)
        .header("content-type", "image/png")
        .header("connection", "close")
        .body(reqwest::blocking::Body::new(std::io::Cursor::new(endless)))
        .send_through_dev_proxy()
        .expect("an upload");
    expect_error(chunked, 413, ErrorKind::PayloadTooLarge);
    let unknown = upload(ctx, &applicant, "open-casino", "id_card", "image/png", png(8, 8, 0));
    assert_eq!(unknown.status(), 404, "no such guide");
    assert_eq!(draft_photos(ctx, &applicant, "open-food-shop").len(), 1, "nothing more recorded");
    assert_eq!(ctx.server.stored_objects(), before, "nothing stored in the bucket");
}

fn ten_pages_of_one_material_sent_at_once_keep_four_and_store_no_more(ctx: &Ctx) {
    let _turn = storage_to_myself();
    let applicant = ctx.sign_in("13655500064").access_token;
    let before = ctx.server.stored_objects();
    let statuses = at_once(10, |i| {
        upload(ctx, &applicant, "open-barbershop", "id_card", "image/png", png(32 + i as u32, 32, 0)).status().as_u16()
    });
    assert_eq!(statuses.iter().filter(|&&s| s == 201).count(), MAX_PAGES as usize, "{statuses:?}");
    assert!(statuses.iter().all(|&s| s == 201 || s == 409), "the rest are told the material is full: {statuses:?}");
    assert_eq!(draft_photos(ctx, &applicant, "open-barbershop").len(), MAX_PAGES as usize);
    assert_eq!(ctx.server.stored_objects(), before + MAX_PAGES as usize, "refused pages were not kept");
}

fn an_unfiled_photo_is_removed_by_its_uploader_alone_and_a_filed_one_by_nobody(ctx: &Ctx) {
    let _turn = storage_to_myself();
    let applicant = ctx.sign_in("13655500065").access_token;
    let stranger = ctx.sign_in("13655500066").access_token;
    let before = ctx.server.stored_objects();
    let (kept, dropped) = (
        uploaded(ctx, &applicant, "open-food-shop", "premises_proof"),
        uploaded(ctx, &applicant, "open-food-shop", "id_card"),
    );
    assert_eq!(remove(ctx, &stranger, &dropped.id), 404, "not another person's");
    assert_eq!(remove(ctx, &applicant, &dropped.id), 204);
    assert_eq!(remove(ctx, &applicant, &dropped.id), 404, "gone already");
    assert_eq!(photo_status(ctx, &applicant, &dropped.id), 404);
    assert_eq!(ctx.server.stored_objects(), before + 1, "its image is gone from the bucket too");

    let filed: Application = submit(
        ctx,
        &applicant,
        application(ctx, "13655500065", "open-food-shop", "鹿城郑记照片食品店", "photos-removal-0001"),
    );
    assert_eq!(filed.photos.len(), 1);
    assert_eq!(remove(ctx, &applicant, &kept.id), 409, "a filed photo is part of the application, and says so");
    assert_eq!(photo_status(ctx, &applicant, &kept.id), 200);
}

pub(crate) fn remove(ctx: &Ctx, token: &str, id: &str) -> u16 {
    ctx.http
        .delete(ctx.server.url(&format!("/api/me/photos/{id}")))
        .bearer_auth(token)
        .send_through_dev_proxy()
        .expect("a removal")
        .status()
        .as_u16()
}

fn upload_for_appeal(ctx: &Ctx, token: &str, key: &str, body: Vec<u8>) -> Response {
    ctx.http
        .post(ctx.server.url(&format!("/api/me/appeal-drafts/{key}/photos")))
        .bearer_auth(token)
        .header("content-type", "image/png")
        .body(body)
        .send_through_dev_proxy()
        .expect("an upload")
}

fn an_appeal_s_photos_go_with_it_and_are_seen_by_its_owner_and_the_departments_on_it_alone(ctx: &Ctx) {
    let _turn = storage_to_myself();
    let (owner, uscc) = new_shop_owner(ctx, "13655500110", "鹿城照片诉求小吃店", "appeal-photo-shop-01");
    let key = "appeal-photo-000001";
    let taken: Vec<PhotoRef> = (0..2)
        .map(|i| {
            let response = upload_for_appeal(ctx, &owner, key, png(40 + i, 30, 0));
            assert_eq!(response.status(), 201);
            response.json().expect("a photo")
        })
        .collect();
    assert_eq!((taken[0].material.code.as_str(), taken[0].material.zh.as_str()), ("appeal", "问题照片"));
    let bad_key = expect_error(upload_for_appeal(ctx, &owner, "short", png(8, 8, 0)), 400, ErrorKind::InvalidBody);
    assert_eq!(bad_key.fields[0].field, "key", "{bad_key:?}");
    expect_error(upload_for_appeal(ctx, &owner, key, b"%PDF-1.7".to_vec()), 415, ErrorKind::UnsupportedMediaType);
    assert_eq!(remove(ctx, &owner, &taken[1].id), 204, "a photo is taken out before sending");

    let body = json!({ "idempotency_key": key, "category": "tax", "text": "发票系统里看不到上个月的开票记录" });
    let filed: Appeal =
        post_as(ctx, &owner, &format!("/api/me/households/{uscc}/appeals"), body.clone()).json().expect("the appeal");
    let sent: Vec<&str> = filed.photos.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(sent, [taken[0].id.as_str()], "the photo left in goes with the appeal");
    let again: Appeal =
        post_as(ctx, &owner, &format!("/api/me/households/{uscc}/appeals"), body).json().expect("the appeal");
    assert_eq!((again.id, again.photos.len()), (filed.id, 1), "a retry files nothing twice");
    expect_error(upload_for_appeal(ctx, &owner, key, png(8, 8, 0)), 409, ErrorKind::NotNow);
    assert_eq!(remove(ctx, &owner, &taken[0].id), 404, "a sent photo is part of the appeal");

    let (tax, amr) = (staff(ctx, "tax"), staff(ctx, "amr"));
    let stranger = ctx.sign_in("13655500111").access_token;
    let photo = &taken[0].id;
    let seen = |token: &str| photo_status(ctx, token, photo);
    assert_eq!((seen(&owner), seen(&tax), seen(&amr), seen(&stranger)), (200, 200, 404, 404));
    let queued: AppealQueue =
        ctx.get_as(&tax, "/api/departments/tax/appeals?whose=unassigned").json().expect("the queue");
    let listed = queued.appeals.iter().find(|a| a.id == filed.id).expect("queued at the tax office");
    assert_eq!(listed.photos.len(), 1, "the queue shows the photo");
    // Asked to help, another department sees the photos too.
    let on = |what: &str| format!("/api/departments/tax/appeals/{}/{what}", filed.id);
    assert_eq!(post_as(ctx, &tax, &on("claim"), json!(null)).status(), 200);
    let help = json!({ "department": "amr", "note": "请核对登记信息" });
    assert_eq!(post_as(ctx, &tax, &on("help"), help).status(), 200);
    assert_eq!(seen(&amr), 200);
}

fn seven_photos_sent_at_once_for_one_appeal_keep_five_and_store_no_more(ctx: &Ctx) {
    let _turn = storage_to_myself();
    let owner = ctx.sign_in("13655500112").access_token;
    let before = ctx.server.stored_objects();
    let statuses =
        at_once(7, |i| upload_for_appeal(ctx, &owner, "appeal-photo-flood-01", png(20 + i as u32, 20, 0)).status());
    let kept = statuses.iter().filter(|s| s.as_u16() == 201).count();
    assert_eq!(kept, MAX_APPEAL_PHOTOS as usize, "{statuses:?}");
    assert!(statuses.iter().all(|s| [201, 409].contains(&s.as_u16())), "the rest are told it is full: {statuses:?}");
    assert_eq!(ctx.server.stored_objects(), before + MAX_APPEAL_PHOTOS as usize, "refused photos were not kept");
}

fn a_returned_application_takes_new_photos_from_its_applicant_until_it_is_sent_again(ctx: &Ctx) {
    let _turn = storage_to_myself();
    let applicant = ctx.sign_in("13655500068").access_token;
    let stranger = ctx.sign_in("13655500069").access_token;
    let blurred = uploaded(ctx, &applicant, "open-restaurant", "id_card");
    let filed = submit(
        ctx,
        &applicant,
        application(ctx, "13655500068", "open-restaurant", "鹿城郑记补照面馆", "photos-correct-0001"),
    );
    let retake_of = |token: &str, material: &str| {
        let path = format!("/api/me/applications/{}/photos/{material}", filed.id);
        ctx.http
            .post(ctx.server.url(&path))
            .bearer_auth(token)
            .header("content-type", "image/png")
            .body(png(80, 60, 0))
            .send_through_dev_proxy()
            .expect("an upload")
    };
    let retake = |token: &str| retake_of(token, "id_card");
    expect_error(retake(&applicant), 409, ErrorKind::NothingToCorrect);
    assert_eq!(remove(ctx, &applicant, &blurred.id), 409, "a filed photo stays while the application is in review");

    let amr = staff(ctx, "amr");
    let registration = crate::registration::applications::task(&filed, TaskKind::Establishment).id;
    let returned =
        decide(ctx, &amr, "amr", registration, json!({ "decision": "return", "corrections": ["身份证照片不清晰"] }));
    assert_eq!(returned.status(), 200);
    expect_error(retake(&stranger), 404, ErrorKind::NotFound);
    // The food licence, which needs the floor plan, was not returned.
    expect_error(retake_of(&applicant, "floor_plan"), 409, ErrorKind::NothingToCorrect);
    let sharp: PhotoRef = {
        let response = retake(&applicant);
        assert_eq!(response.status(), 201);
        response.json().expect("a photo")
    };
    assert_eq!(remove(ctx, &stranger, &blurred.id), 404, "not another person's");
    assert_eq!(remove(ctx, &applicant, &blurred.id), 204, "the unclear page is taken out");
    let mine: MyApplications = ctx.get_as(&applicant, "/api/me/applications").json().expect("mine");
    let now: Vec<&str> = mine.applications[0].photos.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(now, [sharp.id.as_str()], "the application holds the retaken page alone");
    assert_eq!((photo_status(ctx, &amr, &sharp.id), photo_status(ctx, &amr, &blurred.id)), (200, 404));

    let resent = post_as(
        ctx,
        &applicant,
        &format!("/api/me/applications/{}/resubmission", filed.id),
        json!({ "note": "重拍了身份证" }),
    );
    assert_eq!(resent.status(), 200);
    expect_error(retake(&applicant), 409, ErrorKind::NothingToCorrect);
    assert_eq!(remove(ctx, &applicant, &sharp.id), 409, "once sent again, the pages are as sent");
}

fn a_photo_taken_on_a_phone_is_shrunk_sent_with_progress_and_seen_by_the_reviewing_staff(ctx: &Ctx) {
    let _turn = storage_to_myself();
    let signed_in = ctx.sign_in("13655500067");
    let applicant = signed_in.access_token.clone();
    let tokens = serde_json::to_value(&signed_in).expect("tokens");
    // Straight from a camera: larger than the server takes, so only a shrunk copy gets through.
    let camera = png(2400, 1800, 0x1F);
    assert!(camera.len() > MAX_PHOTO_BYTES, "the original alone would be refused: {} bytes", camera.len());
    let folder = getima_e2e::scratch_dir("photo");
    let file = folder.join("lease.png");
    std::fs::write(&file, &camera).expect("the photo is on the phone");
    let base = ctx.server.url("/");
    run(async || {
        let phone = phone_with(PHONE_UA).await;
        remember_session(&phone.client, &base, Some(&tokens)).await;
        phone.client.goto(&format!("{base}register/open-food-shop/apply")).await.expect("page opens");
        let input = element(&phone.client, "[data-testid='photo-input-premises_proof']", "the photo picker").await;
        input.send_keys(file.to_str().expect("a UTF-8 path")).await.expect("a photo is chosen");
        let done = phone
            .client
            .wait()
            .at_most(WAIT)
            .for_element(fantoccini::Locator::XPath(
                "//*[@data-testid='photo-status-premises_proof'][contains(., '已上传 1 张')]",
            ))
            .await;
        assert!(done.is_ok(), "the phone says the photo was sent");
        let thumbnail = shown_width(&phone.client, "[data-testid='photos-premises_proof'] img.photo__image").await;
        assert_eq!(thumbnail, Some(u64::from(LONGEST_SIDE_PX)), "the thumbnail shows what was stored");
        scroll_to(&phone.client, "[data-testid='photos-premises_proof']").await;
        keep_screenshot(&phone.client, "photo-uploaded").await;
        phone.client.clone().close().await.expect("closes");
    });
    let photos = draft_photos(ctx, &applicant, "open-food-shop");
    assert_eq!(photos.len(), 1);
    assert_eq!(photos[0].media_type, "image/jpeg", "re-encoded on the phone");
    let stored = ctx.get_as(&applicant, &format!("/api/photos/{}", photos[0].id)).bytes().expect("the photo").to_vec();
    assert_eq!(jpeg_size(&stored), (LONGEST_SIDE_PX, LONGEST_SIDE_PX * 3 / 4), "scaled to the longest side");
    assert!(stored.len() < camera.len() / 3, "{} bytes sent for {}", stored.len(), camera.len());

    let filed = submit(
        ctx,
        &applicant,
        application(ctx, "13655500067", "open-food-shop", "鹿城郑记相片食品店", "photos-browser-0001"),
    );
    assert_eq!(filed.photos.len(), 1);
    let staff_tokens =
        serde_json::to_value(ctx.session(crate::accounts::phone(getima_domain::accounts::Role::Staff, Some("amr"))))
            .expect("tokens");
    run(async || {
        let phone = phone_with(PHONE_UA).await;
        remember_session(&phone.client, &base, Some(&staff_tokens)).await;
        phone.client.goto(&format!("{base}desk/registration")).await.expect("page opens");
        // Found by its number, as staff look up one application in a long queue.
        type_into(&phone.client, "[data-testid=queue-application]", &filed.id.to_string()).await;
        let card = format!(
            "[data-testid='queued-task'][data-task='{}']",
            crate::registration::applications::task(&filed, TaskKind::Establishment).id
        );
        click(&phone.client, &format!("{card} [data-testid='open-decision']")).await;
        click(&phone.client, &format!("{card} [data-testid='filed-photos'] summary")).await;
        let loaded = shown_width(&phone.client, &format!("{card} img.photo__image")).await;
        assert_eq!(loaded, Some(u64::from(LONGEST_SIDE_PX)), "staff see the photo itself");
        scroll_to(&phone.client, &format!("{card} [data-testid='filed-photos']")).await;
        keep_screenshot(&phone.client, "desk-photo").await;
        phone.client.clone().close().await.expect("closes");
    });
}
