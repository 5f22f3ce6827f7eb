//! Photos of materials: uploaded to the draft of a bundle (R2 for the image, D1 for whose it
//! is), attached to the application in its filing batch, and shown only to the uploader and to
//! staff of a department whose task on that application needs the material.

use crate::audit::{self, Entry};
use crate::context::Ctx;
use crate::http::{Failure, Outcome};
use crate::{clock, d1, limits, random};
use getima_domain::api::{ApiError, ErrorKind, Named, Photo, PhotoRef, PhotoUpload, Photos, endpoints};
use getima_domain::audit::AuditAction;
use getima_domain::limits::PHOTOS_PER_PERSON;
use getima_domain::people::Role;
use getima_domain::photos::{self, MAX_PAGES};
use serde::Deserialize;
use worker::{Bucket, HttpMetadata};

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

/// Checks the bytes and the material, counts the upload, stores the image, then records it
/// only while the material has room: pages sent at once never exceed [`MAX_PAGES`], and an
/// image whose record was refused is deleted again.
pub async fn upload(ctx: Ctx<endpoints::UploadDraftPhoto>, upload: PhotoUpload) -> Outcome<PhotoRef> {
    let caller = ctx.caller()?;
    let config = &ctx.config;
    let kind = photos::check_photo(&upload.0)?;
    let (bundle, material) = (ctx.params.bundle.as_str(), ctx.params.material.as_str());
    #[derive(Deserialize)]
    struct Material {
        name_zh: String,
        name_en: String,
    }
    let named = config
        .db
        .prepare(
            "SELECT m.name_zh, m.name_en FROM registration_materials m
              WHERE m.code = ?2 AND m.photo = 1 AND EXISTS (
                SELECT 1 FROM registration_bundle_tasks t JOIN registration_task_materials tm ON tm.kind = t.kind
                 WHERE t.bundle = ?1 AND tm.material = m.code)",
        )
        .bind(&[bundle.into(), material.into()])?
        .first::<Material>(None)
        .await?
        .ok_or_else(|| {
            ApiError::new(ErrorKind::NotFound)
                .with_message("这项办事不需要这份材料的照片。", "This guide takes no photo of that material.")
        })?;
    limits::take_one(config, &format!("person:{}", caller.person_id), PHOTOS_PER_PERSON).await?;
    let id = random::hex::<16>()?;
    let bytes = u32::try_from(upload.0.len()).map_err(|_| Failure::internal("a checked photo's size"))?;
    let metadata = HttpMetadata { content_type: Some(kind.media_type().into()), ..Default::default() };
    config.photos.put(object_key(&id), upload.0).http_metadata(metadata).execute().await?;
    let uploaded_at = clock::timestamp();
    let recorded = config
        .db
        .prepare(
            "INSERT INTO application_photos (id, person_id, bundle, material, media_type, bytes, uploaded_at)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7
              WHERE (SELECT count(*) FROM application_photos
                      WHERE person_id = ?2 AND bundle = ?3 AND material = ?4 AND application_id IS NULL) < ?8",
        )
        .bind(&[
            id.as_str().into(),
            d1::int(caller.person_id),
            bundle.into(),
            material.into(),
            kind.media_type().into(),
            bytes.into(),
            uploaded_at.as_str().into(),
            MAX_PAGES.into(),
        ])?
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
        return Err(photos::too_many_pages().into());
    }
    Ok(PhotoRef {
        id,
        material: Named { code: material.into(), zh: named.name_zh, en: named.name_en },
        media_type: kind.media_type().into(),
        bytes,
        uploaded_at,
    })
}

/// Deletes an image no record points at. A failure leaves an unreachable object behind,
/// which is logged rather than shown: the request's own answer is what matters.
async fn forget(bucket: &Bucket, id: &str) {
    if let Err(error) = bucket.delete(object_key(id)).await {
        worker::console_error!("photo {id}: unrecorded image not deleted: {error}");
    }
}

/// Removes an unfiled photo of the caller's: once filed, it is part of the application.
pub async fn remove(ctx: Ctx<endpoints::RemoveDraftPhoto>, _: ()) -> Outcome<()> {
    let caller = ctx.caller()?;
    let removed = ctx
        .config
        .db
        .prepare("DELETE FROM application_photos WHERE id = ?1 AND person_id = ?2 AND application_id IS NULL")
        .bind(&[ctx.params.photo.as_str().into(), d1::int(caller.person_id)])?
        .run()
        .await?;
    if !d1::changed(&removed)? {
        return Err(no_such_photo());
    }
    forget(&ctx.config.photos, &ctx.params.photo).await;
    Ok(())
}

/// The image, for its uploader or for staff of a department with a task on its application
/// that needs this material; anyone else is told there is no such photo. Staff views are
/// audited: these are ID cards and leases.
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
                 WHERE t.application_id = p.application_id AND t.department = ?3))",
        )
        .bind(&[ctx.params.photo.as_str().into(), d1::int(caller.person_id), d1::text_or_null(department)])?
        .first::<Row>(None)
        .await?
        .ok_or_else(no_such_photo)?;
    if row.own == 0 {
        let entry = Entry::always(caller.person_id, AuditAction::PhotoView, format!("photo:{}", ctx.params.photo));
        audit::statement(&ctx.config, entry)?.run().await?;
    }
    let object = ctx
        .config
        .photos
        .get(object_key(&ctx.params.photo))
        .execute()
        .await?
        .ok_or_else(|| Failure::internal(format!("photo {} has a record but no image", ctx.params.photo)))?;
    let body = object.body().ok_or_else(|| Failure::internal("a photo without a body"))?;
    Ok(Photo { media_type: row.media_type, bytes: body.bytes().await? })
}
