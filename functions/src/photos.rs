//! Photos, a store two areas share. Photos of materials are uploaded to the draft of a bundle
//! (R2 for the image, D1 for whose it is), attached to the application in its filing batch,
//! and shown only to the uploader and to staff of a department whose task on that application
//! needs the material. Photos sent with an appeal go the same way: uploaded under the appeal's
//! submission key, attached when it is filed, shown to its owner and to the department holding
//! it or asked to help.

use crate::audit::{self, Entry};
use crate::config::Config;
use crate::context::Ctx;
use crate::http::{Failure, Outcome};
use crate::{clock, d1, limits, random};
use getima_domain::accounts::Role;
use getima_domain::api::{ApiError, ErrorKind, Named, Photo, PhotoRef, PhotoUpload, Photos, endpoints};
use getima_domain::appeals::AppealStatus;
use getima_domain::audit::AuditAction;
use getima_domain::limits::PHOTOS_PER_PERSON;
use getima_domain::registration::photos::{self, MAX_APPEAL_PHOTOS, MAX_PAGES};
use getima_domain::registration::{TaskStatus, is_idempotency_key};
use serde::Deserialize;
use worker::wasm_bindgen::JsValue;
use worker::{Bucket, HttpMetadata};

/// The tasks `t` returned for correction (that state bound at `returned`, as [`returned`]
/// binds it) with the materials `tm` they need, to be narrowed to an application and a material.
fn returned_needing(returned: &str) -> String {
    format!(
        "SELECT 1 FROM application_tasks t
          JOIN registration_task_materials tm ON tm.kind = t.kind WHERE t.status = {returned}"
    )
}

/// A task returned for correction: the state whose materials may be photographed again.
fn returned() -> JsValue {
    d1::state(TaskStatus::Returned)
}

/// The columns a [`PhotoRow`] reads, from `application_photos p` joined to its material `m`.
pub const PHOTO_COLUMNS: &str =
    "p.id, p.material, m.name_zh AS material_zh, m.name_en AS material_en, p.media_type, p.bytes, p.uploaded_at";

#[derive(Clone, Deserialize)]
pub struct PhotoRow {
    /// What a query listing photos of several applications or tasks groups them by (its `of`
    /// column).
    #[serde(default)]
    pub of: Option<i64>,
    id: String,
    material: String,
    material_zh: String,
    material_en: String,
    media_type: String,
    bytes: u32,
    uploaded_at: String,
}

impl From<PhotoRow> for PhotoRef {
    fn from(r: PhotoRow) -> Self {
        PhotoRef {
            id: r.id,
            material: Named { code: r.material, zh: r.material_zh, en: r.material_en },
            media_type: r.media_type,
            bytes: r.bytes,
            uploaded_at: r.uploaded_at,
        }
    }
}

fn object_key(id: &str) -> String {
    format!("photos/{id}")
}

fn no_such_photo() -> Failure {
    ApiError::new(ErrorKind::NotFound).with_message("没有这张照片。", "There is no such photo.").into()
}

pub async fn list(ctx: Ctx<endpoints::ListDraftPhotos>, _: ()) -> Outcome<Photos> {
    let caller = ctx.caller()?;
    let rows = ctx
        .config
        .db
        .prepare(format!(
            "SELECT {PHOTO_COLUMNS} FROM application_photos p JOIN registration_materials m ON m.code = p.material
              WHERE p.person_id = ?1 AND p.bundle = ?2 AND p.application_id IS NULL ORDER BY p.rowid"
        ))
        .bind(&[d1::int(caller.person_id), ctx.params.bundle.as_str().into()])?
        .all()
        .await?
        .results::<PhotoRow>()?;
    Ok(Photos { photos: rows.into_iter().map(PhotoRef::from).collect() })
}

/// A material's names, if it is a photo material the target takes.
#[derive(Deserialize)]
struct Material {
    name_zh: String,
    name_en: String,
    /// Whether a task that needs it is returned for correction (always 1 for a draft).
    open: u8,
}

/// What an appeal's photos are called where a material's name would be.
const APPEAL_PHOTO: (&str, &str, &str) = ("appeal", "问题照片", "Photo of the problem");

/// The columns a [`PhotoRow`] reads from `appeal_photos p`, grouped by the appeal.
pub fn appeal_photo_columns() -> String {
    let (code, zh, en) = APPEAL_PHOTO;
    format!(
        "p.appeal_id AS of, p.id, '{code}' AS material, '{zh}' AS material_zh, '{en}' AS material_en,
         p.media_type, p.bytes, p.uploaded_at"
    )
}

/// Where an upload goes: the draft of a bundle, the caller's application while a department
/// has returned it for correction, or the appeal the caller is writing (by its submission key).
enum Target<'a> {
    Draft(&'a str),
    Returned(i64),
    Appeal(&'a str),
}

impl Target<'_> {
    fn key(&self) -> JsValue {
        match self {
            Self::Draft(bundle) | Self::Appeal(bundle) => (*bundle).into(),
            Self::Returned(application) => d1::int(*application),
        }
    }

    fn limit(&self) -> u32 {
        match self {
            Self::Draft(_) | Self::Returned(_) => MAX_PAGES,
            Self::Appeal(_) => MAX_APPEAL_PHOTOS,
        }
    }

    /// The material as the target takes it from `person`, or why it does not.
    async fn material(&self, config: &Config, material: &str, person: i64) -> Outcome<Named> {
        let query = match self {
            Self::Draft(_) => {
                // `?3`, the applicant, is bound for both targets; a draft is the caller's anyway.
                "SELECT m.name_zh, m.name_en, 1 AS open FROM registration_materials m
                  WHERE m.code = ?2 AND m.photo = 1 AND ?3 IS NOT NULL AND EXISTS (
                    SELECT 1 FROM registration_bundle_tasks t JOIN registration_task_materials tm ON tm.kind = t.kind
                     WHERE t.bundle = ?1 AND tm.material = m.code)"
                    .to_string()
            }
            Self::Returned(_) => format!(
                "SELECT m.name_zh, m.name_en,
                        EXISTS ({} AND t.application_id = a.id AND tm.material = m.code) AS open
                   FROM applications a JOIN registration_materials m ON m.code = ?2 AND m.photo = 1
                  WHERE a.id = ?1 AND a.applicant_id = ?3 AND EXISTS (
                    SELECT 1 FROM registration_bundle_tasks t JOIN registration_task_materials tm ON tm.kind = t.kind
                     WHERE t.bundle = a.bundle AND tm.material = m.code)",
                returned_needing("?4")
            ),
            Self::Appeal(key) => {
                if !is_idempotency_key(key) {
                    return Err(ApiError::invalid(
                        "key",
                        "提交编号无效，请刷新页面后重试。",
                        "Invalid submission key: reload the page and try again.",
                    )
                    .into());
                }
                let (code, zh, en) = APPEAL_PHOTO;
                return Ok(Named { code: code.into(), zh: zh.into(), en: en.into() });
            }
        };
        let named = config
            .db
            .prepare(query)
            .bind(&self.binds_for_material(vec![self.key(), material.into(), d1::int(person)]))?
            .first::<Material>(None)
            .await?
            .ok_or_else(|| {
                ApiError::new(ErrorKind::NotFound)
                    .with_message("这里不需要这份材料的照片。", "No photo of that material is taken here.")
            })?;
        if named.open == 0 {
            return Err(ApiError::new(ErrorKind::NothingToCorrect).into());
        }
        Ok(Named { code: material.into(), zh: named.name_zh, en: named.name_en })
    }

    /// Records photo `?1` of person `?2` for the target `?3` and material `?4` only while the
    /// target has fewer than `?8` pages there (and, for an application, it is still returned;
    /// for an appeal, which has no material, it is not filed yet: its placeholders after `?3`
    /// move down one).
    fn insert(&self) -> String {
        match self {
            Self::Draft(_) => {
                "INSERT INTO application_photos (id, person_id, bundle, material, media_type, bytes, uploaded_at)
                 SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7
                  WHERE (SELECT count(*) FROM application_photos
                          WHERE person_id = ?2 AND bundle = ?3 AND material = ?4 AND application_id IS NULL) < ?8"
                    .into()
            }
            Self::Returned(_) => {
                format!(
                    "INSERT INTO application_photos (id, person_id, bundle, material, application_id, media_type, bytes, uploaded_at)
                 SELECT ?1, ?2, a.bundle, ?4, a.id, ?5, ?6, ?7 FROM applications a
                  WHERE a.id = ?3 AND a.applicant_id = ?2
                    AND EXISTS ({} AND t.application_id = a.id AND tm.material = ?4)
                    AND (SELECT count(*) FROM application_photos WHERE application_id = a.id AND material = ?4) < ?8",
                    returned_needing("?9")
                )
            }
            Self::Appeal(_) => "INSERT INTO appeal_photos (id, person_id, draft_key, media_type, bytes, uploaded_at)
                 SELECT ?1, ?2, ?3, ?4, ?5, ?6
                  WHERE (SELECT count(*) FROM appeal_photos WHERE person_id = ?2 AND draft_key = ?3) < ?7
                    AND NOT EXISTS (SELECT 1 FROM appeals WHERE owner_id = ?2 AND idempotency_key = ?3)"
                .into(),
        }
    }

    /// The values [`Self::insert`] binds, from a photo's row with its material fourth.
    fn binds(&self, mut row: Vec<JsValue>) -> Vec<JsValue> {
        match self {
            Self::Appeal(_) => {
                row.remove(3);
            }
            Self::Returned(_) => row.push(returned()),
            Self::Draft(_) => {}
        }
        row
    }

    /// The values the query of [`Self::material`] binds: the target, material and person, and
    /// for an application the state its tasks must be in.
    fn binds_for_material(&self, mut row: Vec<JsValue>) -> Vec<JsValue> {
        if let Self::Returned(_) = self {
            row.push(returned());
        }
        row
    }

    /// Why a checked upload was not recorded: the target is full or, for an appeal, already
    /// sent (or, rarely, either happened in the meantime).
    async fn refusal(&self, config: &Config, person: i64) -> Outcome<Failure> {
        let Self::Appeal(key) = self else {
            return Ok(photos::too_many_pages().into());
        };
        let filed = config
            .db
            .prepare("SELECT 1 AS filed FROM appeals WHERE owner_id = ?1 AND idempotency_key = ?2")
            .bind(&[d1::int(person), (*key).into()])?
            .first::<serde_json::Value>(None)
            .await?;
        Ok(match filed {
            Some(_) => ApiError::new(ErrorKind::NotNow)
                .with_message(
                    "这件诉求已经提交，照片只能在提交前添加。",
                    "This appeal has been sent; photos can only be added before sending.",
                )
                .into(),
            None => photos::too_many_appeal_photos().into(),
        })
    }
}

pub async fn upload(ctx: Ctx<endpoints::UploadDraftPhoto>, upload: PhotoUpload) -> Outcome<PhotoRef> {
    let caller = ctx.caller()?;
    store(&ctx.config, caller.person_id, Target::Draft(&ctx.params.bundle), &ctx.params.material, upload).await
}

pub async fn upload_correction(ctx: Ctx<endpoints::UploadCorrectionPhoto>, upload: PhotoUpload) -> Outcome<PhotoRef> {
    let caller = ctx.caller()?;
    let target = Target::Returned(ctx.params.application);
    store(&ctx.config, caller.person_id, target, &ctx.params.material, upload).await
}

pub async fn upload_for_appeal(ctx: Ctx<endpoints::UploadAppealPhoto>, upload: PhotoUpload) -> Outcome<PhotoRef> {
    let caller = ctx.caller()?;
    store(&ctx.config, caller.person_id, Target::Appeal(&ctx.params.key), APPEAL_PHOTO.0, upload).await
}

/// Checks the bytes, then the material, counts the upload, stores the image, then records it
/// only while the target has room: pages sent at once never exceed its limit, and an image
/// whose record was refused is deleted again.
async fn store(
    config: &Config,
    person: i64,
    target: Target<'_>,
    material: &str,
    upload: PhotoUpload,
) -> Outcome<PhotoRef> {
    let kind = photos::check_photo(&upload.0)?;
    let named = target.material(config, material, person).await?;
    limits::take_one(config, &format!("person:{person}"), PHOTOS_PER_PERSON).await?;
    let id = random::hex::<16>()?;
    let bytes = u32::try_from(upload.0.len()).map_err(|_| Failure::internal("a checked photo's size"))?;
    let metadata = HttpMetadata { content_type: Some(kind.media_type().into()), ..Default::default() };
    config.photos.put(object_key(&id), upload.0).http_metadata(metadata).execute().await.map_err(Failure::storage)?;
    let uploaded_at = clock::timestamp();
    let recorded = config
        .db
        .prepare(target.insert())
        .bind(&target.binds(vec![
            id.as_str().into(),
            d1::int(person),
            target.key(),
            material.into(),
            kind.media_type().into(),
            bytes.into(),
            uploaded_at.as_str().into(),
            target.limit().into(),
        ]))?
        .run()
        .await;
    let recorded = match recorded {
        Ok(result) => d1::changed(&result)?,
        Err(error) => {
            forget(&config.photos, &id).await;
            return Err(error.into());
        }
    };
    if !recorded {
        forget(&config.photos, &id).await;
        return Err(target.refusal(config, person).await?);
    }
    Ok(PhotoRef { id, material: named, media_type: kind.media_type().into(), bytes, uploaded_at })
}

/// Deletes an image no record points at. A failure leaves an unreachable object behind,
/// which is logged rather than shown: the request's own answer is what matters.
async fn forget(bucket: &Bucket, id: &str) {
    if let Err(error) = bucket.delete(object_key(id)).await {
        worker::console_error!("photo {id}: unrecorded image not deleted: {error}");
    }
}

/// Removes a photo of the caller's before it is filed, or while its application is returned
/// for correction; otherwise it is part of the application or appeal as decided on.
pub async fn remove(ctx: Ctx<endpoints::RemovePhoto>, _: ()) -> Outcome<()> {
    let caller = ctx.caller()?;
    let db = &ctx.config.db;
    let (photo, person) = (JsValue::from_str(&ctx.params.photo), d1::int(caller.person_id));
    let results = db
        .batch(vec![
            db.prepare(format!(
                "DELETE FROM application_photos WHERE id = ?1 AND person_id = ?2 AND (application_id IS NULL OR EXISTS (
                   {} AND t.application_id = application_photos.application_id
                     AND tm.material = application_photos.material))",
                returned_needing("?3")
            ))
            .bind(&[photo.clone(), person.clone(), returned()])?,
            db.prepare("DELETE FROM appeal_photos WHERE id = ?1 AND person_id = ?2 AND appeal_id IS NULL")
                .bind(&[photo, person])?,
        ])
        .await?;
    if !(d1::changed(&results[0])? || d1::changed(&results[1])?) {
        // The caller's own filed page of a material no returned task asks for stays as it was
        // decided on, and they are told so; anything else is no photo of theirs.
        let filed = db
            .prepare("SELECT 1 AS filed FROM application_photos WHERE id = ?1 AND person_id = ?2 AND application_id IS NOT NULL")
            .bind(&[ctx.params.photo.as_str().into(), d1::int(caller.person_id)])?
            .first::<serde_json::Value>(None)
            .await?;
        return Err(match filed {
            Some(_) => ApiError::new(ErrorKind::PhotoNotCorrectable).into(),
            None => no_such_photo(),
        });
    }
    forget(&ctx.config.photos, &ctx.params.photo).await;
    Ok(())
}

/// The image, for its uploader, for staff of a department with a task on its application that
/// needs this material, or for staff of the department holding its appeal or asked to help
/// with it; anyone else is told there is no such photo. Staff views are audited: these are ID
/// cards, leases and people's premises.
pub async fn get(ctx: Ctx<endpoints::GetPhoto>, _: ()) -> Outcome<Photo> {
    let caller = ctx.caller()?;
    let department = caller.department.as_deref().filter(|_| caller.has_any(&[Role::Staff, Role::DepartmentHead]));
    #[derive(Deserialize)]
    struct Row {
        media_type: String,
        own: u8,
    }
    let row = ctx
        .config
        .db
        .prepare(
            "SELECT p.media_type, p.person_id = ?2 AS own FROM application_photos p
              WHERE p.id = ?1 AND (p.person_id = ?2 OR EXISTS (
                SELECT 1 FROM application_tasks t
                  JOIN registration_task_materials tm ON tm.kind = t.kind AND tm.material = p.material
                 WHERE t.application_id = p.application_id AND t.department = ?3 AND t.status <> ?4))
             UNION ALL
             SELECT p.media_type, p.person_id = ?2 AS own FROM appeal_photos p
              WHERE p.id = ?1 AND (p.person_id = ?2 OR EXISTS (
                SELECT 1 FROM appeals a WHERE a.id = p.appeal_id AND (a.department = ?3 OR (a.status <> ?5
                  AND EXISTS (SELECT 1 FROM appeal_help h WHERE h.appeal_id = a.id AND h.department = ?3)))))",
        )
        .bind(&[
            ctx.params.photo.as_str().into(),
            d1::int(caller.person_id),
            d1::text_or_null(department),
            // A task closed undecided, and an appeal closed, show their photos to nobody new.
            d1::state(TaskStatus::Closed),
            d1::state(AppealStatus::Closed),
        ])?
        .first::<Row>(None)
        .await?
        .ok_or_else(no_such_photo)?;
    if row.own == 0 {
        let entry = Entry::always(caller.person_id, AuditAction::PhotoView, format!("photo:{}", ctx.params.photo));
        audit::statement(&ctx.config, entry)?.run().await?;
    }
    // Removed between the two reads: it is gone, as it would be a moment later.
    let object = ctx
        .config
        .photos
        .get(object_key(&ctx.params.photo))
        .execute()
        .await
        .map_err(Failure::storage)?
        .ok_or_else(no_such_photo)?;
    let body = object.body().ok_or_else(no_such_photo)?;
    Ok(Photo { media_type: row.media_type, bytes: body.bytes().await.map_err(Failure::storage)? })
}

/// Unfiled photos of an application are kept while it may still be filled in; after that an
/// ID card nobody filed is not kept. An appeal is written in a sitting or two, so its unsent
/// photos go after a week. Each run removes a bounded batch per table.
const UNFILED: [(&str, &str, i64); 2] =
    [("application_photos", "application_id", 30), ("appeal_photos", "appeal_id", 7)];
const SWEEP_BATCH: u32 = 500;

/// Deletes photos left unfiled too long: the images first, then their records, so a failure
/// leaves records to try again with rather than images nobody can find.
pub async fn sweep(config: &Config) -> Outcome<()> {
    #[derive(Deserialize)]
    struct Stale {
        id: String,
    }
    for (table, filed_in, days) in UNFILED {
        let cutoff = clock::timestamp_days_ago(days);
        let stale = config
            .db
            .prepare(format!("SELECT id FROM {table} WHERE {filed_in} IS NULL AND uploaded_at < ?1 LIMIT ?2"))
            .bind(&[cutoff.as_str().into(), SWEEP_BATCH.into()])?
            .all()
            .await?
            .results::<Stale>()?;
        if stale.is_empty() {
            continue;
        }
        let keys: Vec<String> = stale.iter().map(|s| object_key(&s.id)).collect();
        config.photos.delete_multiple(keys).await.map_err(Failure::storage)?;
        let ids: Vec<&str> = stale.iter().map(|s| s.id.as_str()).collect();
        let ids = serde_json::to_string(&ids).map_err(|e| Failure::internal(e.to_string()))?;
        // Only while still unfiled: one filed meanwhile keeps its record (its image is gone,
        // and it answers 404 like any photo removed).
        config
            .db
            .prepare(format!(
                "DELETE FROM {table} WHERE id IN (SELECT value FROM json_each(?1)) AND {filed_in} IS NULL"
            ))
            .bind(&[ids.into()])?
            .run()
            .await?;
    }
    Ok(())
}
