//! Photos of materials, and of the problem an appeal is about, on a phone: shrunk in the
//! browser before sending, uploaded with progress, and shown only through the signed-in session (an `<img>` cannot send the token,
//! so each is fetched and shown from an object URL).

use crate::api::Failure;
use crate::chrome::{ErrorNote, Loading};
use crate::prefs::{Lang, named, tr, use_prefs};
use crate::session::use_session;
use getima_domain::api::{BundleNotice, Named, PhotoRef, endpoints};
use getima_domain::registration::TaskKind;
use getima_domain::registration::photos::{
    JPEG_QUALITY, LONGEST_SIDE_PX, MAX_APPEAL_PHOTOS, MAX_PAGES, MAX_PHOTO_BYTES, too_many_appeal_photos,
    too_many_pages,
};
use leptos::prelude::*;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, CanvasRenderingContext2d, File, HtmlCanvasElement, HtmlInputElement, ImageBitmap};

/// The photo to send for `file`: scaled down to [`LONGEST_SIDE_PX`] as JPEG. The original
/// goes instead when it is already smaller, or when this browser cannot read it (the server
/// then says what it accepts).
pub async fn shrink(file: &File) -> Blob {
    let original: Blob = file.clone().into();
    match shrunk(file).await {
        Ok(small) if small.size() < original.size() || original.size() > MAX_PHOTO_BYTES as f64 => small,
        _ => original,
    }
}

async fn shrunk(file: &File) -> Result<Blob, JsValue> {
    let window = window();
    let bitmap: ImageBitmap = JsFuture::from(window.create_image_bitmap_with_blob(file)?).await?.dyn_into()?;
    let (width, height) = (bitmap.width(), bitmap.height());
    let scale = (f64::from(LONGEST_SIDE_PX) / f64::from(width.max(height).max(1))).min(1.0);
    let (to_width, to_height) = ((f64::from(width) * scale).round(), (f64::from(height) * scale).round());
    let canvas: HtmlCanvasElement = document().create_element("canvas")?.dyn_into()?;
    canvas.set_width(to_width as u32);
    canvas.set_height(to_height as u32);
    let context: CanvasRenderingContext2d =
        canvas.get_context("2d")?.ok_or_else(|| JsValue::from_str("no 2d context"))?.dyn_into()?;
    context.draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, to_width, to_height)?;
    bitmap.close();
    let mut encoding = Ok(());
    let encoded = js_sys::Promise::new(&mut |resolve, _| {
        encoding = canvas.to_blob_with_type_and_encoder_options(&resolve, "image/jpeg", &JsValue::from(JPEG_QUALITY));
    });
    encoding?;
    // `toBlob` hands over null when the canvas cannot be encoded.
    JsFuture::from(encoded).await?.dyn_into::<Blob>()
}

/// How many uploads a form's pickers have under way, so the form waits for them before
/// filing (a page still on its way would otherwise be left out of the application).
#[derive(Clone, Copy)]
struct UploadsUnderWay(RwSignal<u32>);

/// Counts the uploads of the pickers inside the calling component; the signal says whether
/// any is under way.
pub fn track_uploads() -> Signal<bool> {
    let under_way = RwSignal::new(0u32);
    provide_context(UploadsUnderWay(under_way));
    Signal::derive(move || under_way.get() > 0)
}

/// Said beside a form's send button while its photos are still uploading.
#[component]
pub fn UploadsPending(uploading: Signal<bool>) -> impl IntoView {
    move || {
        uploading.get().then(|| {
            view! {
                <p class="form__hint" role="status" data-testid="uploads-pending">
                    {tr(
                        "照片上传完成后即可提交。",
                        "You can send once the photos have finished uploading.",
                    )}
                </p>
            }
        })
    }
}

/// Where the pages a picker adds go.
#[derive(Clone)]
enum Target {
    Draft(String),
    /// An application of the viewer's, returned for correction.
    Returned(i64),
    /// The appeal being written, by its submission key.
    Appeal(String),
}

impl Target {
    fn limit(&self) -> u32 {
        match self {
            Self::Draft(_) | Self::Returned(_) => MAX_PAGES,
            Self::Appeal(_) => MAX_APPEAL_PHOTOS,
        }
    }

    /// What is said when the target has no room left.
    fn full(&self) -> getima_domain::api::ApiError {
        match self {
            Self::Draft(_) | Self::Returned(_) => too_many_pages(),
            Self::Appeal(_) => too_many_appeal_photos(),
        }
    }
}

/// A picker for each of `materials`, starting from the pages in `uploaded`.
fn pickers(target: Target, materials: Vec<Named>, uploaded: Vec<PhotoRef>) -> impl IntoView {
    materials
        .into_iter()
        .map(|material| {
            let initial: Vec<PhotoRef> =
                uploaded.iter().filter(|p| p.material.code == material.code).cloned().collect();
            view! { <PhotoPicker target=target.clone() material initial /> }
        })
        .collect_view()
}

/// The photos for the draft of `bundle`: a picker for each material of it taken as a photo,
/// with what is uploaded so far.
#[component]
pub fn DraftPhotos(bundle: String) -> impl IntoView {
    let session = use_session();
    let lang = use_prefs().lang;
    let slug = bundle.clone();
    let loaded = LocalResource::new(move || {
        let bundle = slug.clone();
        async move {
            let (notice, uploaded) = futures::future::join(
                crate::api::call(&endpoints::GetBundle { bundle: bundle.clone() }, &()),
                session.call(&endpoints::ListDraftPhotos { bundle }, &()),
            )
            .await;
            Ok::<_, Failure>((notice?.photo_materials(), uploaded?.photos))
        }
    });
    view! {
        <section class="photos" data-testid="photos">
            <h2 class="photos__title">{tr("材料照片", "Photos of the materials")}</h2>
            <p class="photos__hint">
                {move || {
                    if lang.get() == Lang::En {
                        format!(
                            "Up to {MAX_PAGES} each. Get all four corners in and the text sharp; photos are made smaller on this phone before sending, and only you and the reviewing staff can see them.",
                        )
                    } else {
                        format!(
                            "每项最多 {MAX_PAGES} 张。拍全四角、文字清楚；照片会先在手机上压缩再上传，只有您和审核的工作人员能看到。",
                        )
                    }
                }}
            </p>
            // Not in a <Suspense>: each new page's thumbnail loading would put every picker
            // back behind its fallback, and the page would jump.
            {move || match loaded.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Ok((materials, uploaded))) => {
                    pickers(Target::Draft(bundle.clone()), materials, uploaded).into_any()
                }
                Some(Err(failure)) => view! { <ErrorNote failure=Signal::stored(Some(failure)) /> }.into_any(),
            }}
        </section>
    }
}

/// The photos of an application returned for correction: a picker to retake, add or remove
/// pages of each material the returning departments' tasks (`returned`) ask for; the pages of
/// every other material stay as filed, to look at only.
#[component]
pub fn CorrectionPhotos(
    application: i64,
    bundle: String,
    photos: Vec<PhotoRef>,
    returned: Vec<TaskKind>,
) -> impl IntoView {
    let notice = LocalResource::new(move || {
        let bundle = bundle.clone();
        async move { crate::api::call(&endpoints::GetBundle { bundle }, &()).await }
    });
    let split = move |notice: BundleNotice| {
        let asked: Vec<Named> = notice
            .materials
            .iter()
            .filter(|m| m.photo && m.for_tasks.iter().any(|kind| returned.contains(kind)))
            .map(|m| Named { code: m.code.clone(), zh: m.name_zh.clone(), en: m.name_en.clone() })
            .collect();
        let kept: Vec<PhotoRef> =
            photos.iter().filter(|p| !asked.iter().any(|m| m.code == p.material.code)).cloned().collect();
        let retaken = photos.iter().filter(|p| asked.iter().any(|m| m.code == p.material.code)).cloned().collect();
        (asked, retaken, kept)
    };
    view! {
        <section class="photos" data-testid="correction-photos">
            <h3 class="photos__title">{tr("需要补正的材料照片", "Photos to correct")}</h3>
            <p class="photos__hint">
                {tr(
                    "只有部门要求补正的材料可以重拍、补充或删除；其他材料照片保持原样。",
                    "Only the materials a department asked to correct can be retaken, added to or removed; the others stay as sent.",
                )}
            </p>
            // Not in a <Suspense>, for the reason DraftPhotos gives.
            {move || match notice.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Ok(notice)) => {
                    let (asked, retaken, kept) = split(notice);
                    view! {
                        {asked
                            .is_empty()
                            .then(|| {
                                view! {
                                    <p class="photos__hint" data-testid="no-photos-to-correct">
                                        {tr("没有需要重拍的照片。", "No photos need retaking.")}
                                    </p>
                                }
                            })}
                        {pickers(Target::Returned(application), asked, retaken)}
                        <FiledPhotos
                            photos=kept
                            title=("其他材料照片（无需补正）", "Other photos (nothing to correct)")
                        />
                    }
                        .into_any()
                }
                Some(Err(failure)) => view! { <ErrorNote failure=Signal::stored(Some(failure)) /> }.into_any(),
            }}
        </section>
    }
}

/// Photos of the problem for the appeal being written under `key`: added before it is sent,
/// and sent with it.
#[component]
pub fn AppealPhotos(key: String) -> impl IntoView {
    let lang = use_prefs().lang;
    let material = Named { code: "appeal".into(), zh: "问题照片".into(), en: "Photos of the problem".into() };
    view! {
        <section class="photos" data-testid="appeal-photos">
            <p class="photos__hint">
                {move || {
                    if lang.get() == Lang::En {
                        format!(
                            "Optional: up to {MAX_APPEAL_PHOTOS} photos of the problem. They are made smaller on this phone before sending; only you and the staff handling it can see them.",
                        )
                    } else {
                        format!(
                            "可选：最多 {MAX_APPEAL_PHOTOS} 张照片，会先在手机上压缩再上传，只有您和办理的工作人员能看到。",
                        )
                    }
                }}
            </p>
            <PhotoPicker target=Target::Appeal(key) material initial=Vec::new() />
        </section>
    }
}

/// One material's pages: those uploaded, with a way to remove each, and a way to add more
/// while there is room, showing how far each upload has got.
#[component]
fn PhotoPicker(target: Target, material: Named, initial: Vec<PhotoRef>) -> impl IntoView {
    let session = use_session();
    let lang = use_prefs().lang;
    let photos = RwSignal::new(initial);
    let progress = RwSignal::new(None::<f64>);
    let failure = RwSignal::new(None::<Failure>);
    let code = material.code.clone();
    let under_way = use_context::<UploadsUnderWay>().map(|u| u.0);
    let limit = target.limit();
    let upload = Action::new_local(move |files: &Vec<File>| {
        let (files, target, material) = (files.clone(), target.clone(), code.clone());
        async move {
            failure.set(None);
            if let Some(count) = under_way {
                count.update(|n| *n += 1);
            }
            let mut added = 0;
            for file in files {
                if photos.with_untracked(Vec::len) >= limit as usize {
                    failure.set(Some(Failure::Api(target.full())));
                    break;
                }
                progress.set(Some(0.0));
                let blob = shrink(&file).await;
                let report: Rc<dyn Fn(f64)> = Rc::new(move |share| progress.set(Some(share)));
                let material = material.clone();
                let sent = match target.clone() {
                    Target::Draft(bundle) => {
                        session.upload(&endpoints::UploadDraftPhoto { bundle, material }, blob, report).await
                    }
                    Target::Returned(application) => {
                        session.upload(&endpoints::UploadCorrectionPhoto { application, material }, blob, report).await
                    }
                    Target::Appeal(key) => session.upload(&endpoints::UploadAppealPhoto { key }, blob, report).await,
                };
                match sent {
                    Ok(photo) => {
                        photos.update(|p| p.push(photo));
                        added += 1;
                    }
                    Err(refused) => {
                        failure.set(Some(refused));
                        break;
                    }
                }
            }
            progress.set(None);
            if let Some(count) = under_way {
                count.update(|n| *n = n.saturating_sub(1));
            }
            added
        }
    });
    let remove = Action::new_local(move |id: &String| {
        let photo = id.clone();
        async move {
            failure.set(None);
            match session.call(&endpoints::RemovePhoto { photo: photo.clone() }, &()).await {
                Ok(()) => photos.update(|p| p.retain(|x| x.id != photo)),
                Err(refused) => failure.set(Some(refused)),
            }
        }
    });
    let busy = move || upload.pending().get() || remove.pending().get();
    let full = move || photos.with(Vec::len) >= limit as usize;
    let code = material.code.clone();
    let input_id = format!("photo-{code}");
    let name = named(material);
    let status = move || {
        let en = lang.get() == Lang::En;
        match (progress.get(), upload.value().get()) {
            (Some(_), _) => Some(if en { "Uploading…".to_string() } else { "正在上传…".to_string() }),
            (None, Some(added)) if added > 0 && failure.get().is_none() => {
                Some(if en { format!("{added} uploaded.") } else { format!("已上传 {added} 张。") })
            }
            _ => None,
        }
    };
    view! {
        <fieldset class="photos__material" data-testid=format!("photos-{code}")>
            <legend class="photos__legend">
                {name}
                <span class="photos__count">{move || format!(" {}/{limit}", photos.with(Vec::len))}</span>
            </legend>
            <ul class="photos__list">
                <For each=move || photos.get().into_iter().enumerate() key=|(_, p)| p.id.clone() let:((page, photo))>
                    {
                        let id = photo.id.clone();
                        let page = page + 1;
                        view! {
                            <li class="photos__item">
                                <PhotoThumb photo page />
                                <button
                                    type="button"
                                    class="photos__remove"
                                    data-testid="photo-remove"
                                    disabled=busy
                                    on:click=move |_| {
                                        remove.dispatch(id.clone());
                                    }
                                >
                                    {move || {
                                        if lang.get() == Lang::En {
                                            format!("Remove page {page}")
                                        } else {
                                            format!("删除第 {page} 张")
                                        }
                                    }}
                                </button>
                            </li>
                        }
                    }
                </For>
            </ul>
            <input
                id=input_id.clone()
                class="visually-hidden photos__input"
                type="file"
                accept="image/*"
                multiple
                data-testid=format!("photo-input-{code}")
                disabled=move || busy() || full()
                on:change=move |ev| {
                    let input: HtmlInputElement = event_target(&ev);
                    let Some(list) = input.files() else { return };
                    let files: Vec<File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
                    input.set_value("");
                    if !files.is_empty() {
                        upload.dispatch(files);
                    }
                }
            />
            <label
                for=input_id
                class="weui-btn weui-btn_default photos__add"
                class:photos__add--off=move || busy() || full()
            >
                {move || match (full(), lang.get() == Lang::En) {
                    (true, true) => format!("{limit} of {limit} added"),
                    (true, false) => format!("已满 {limit} 张"),
                    (false, _) => tr("拍照或选择照片", "Take or choose a photo")().to_string(),
                }}
            </label>
            {move || {
                progress
                    .get()
                    .map(|share| {
                        view! {
                            <div class="photos__meter" aria-hidden="true">
                                <progress class="photos__progress" max="1" value=share></progress>
                                <span>{format!("{}%", (share * 100.0).round() as u32)}</span>
                            </div>
                        }
                    })
            }}
            <p class="photos__status" role="status" aria-live="polite" data-testid=format!("photo-status-{code}")>
                {status}
            </p>
            <ErrorNote failure=failure.into() />
        </fieldset>
    }
}

/// Photos already filed, behind their count: each is fetched only once the list is opened,
/// so a long list costs nothing on a slow link until someone looks. With `say_none`, an
/// application without photos says so. Titled as materials unless `title` says otherwise.
#[component]
pub fn FiledPhotos(
    photos: Vec<PhotoRef>,
    #[prop(optional)] say_none: bool,
    #[prop(optional)] title: Option<(&'static str, &'static str)>,
) -> impl IntoView {
    let count = photos.len();
    if count == 0 {
        return say_none
            .then(|| {
                view! {
                    <p class="shop__trade" data-testid="no-photos">
                        {tr("没有提交材料照片。", "No photos of materials were sent.")}
                    </p>
                }
            })
            .into_any();
    }
    let shown = RwSignal::new(false);
    let title = title.unwrap_or(("材料照片", "Photos of materials"));
    view! {
        <details class="photos__filed" data-testid="filed-photos" on:toggle=move |_| shown.set(true)>
            <summary>{tr(title.0, title.1)} {format!(" ({count})")}</summary>
            <Show when=move || shown.get()>
                <ul class="photos__list">
                    {photos
                        .iter()
                        .enumerate()
                        .map(|(i, photo)| {
                            let page = 1
                                + photos[..i].iter().filter(|p| p.material.code == photo.material.code).count();
                            let (photo, name) = (photo.clone(), named(photo.material.clone()));
                            view! {
                                <li class="photos__item">
                                    <PhotoThumb photo page />
                                    <span class="photos__caption">{name}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </Show>
        </details>
    }
    .into_any()
}

/// A photo fetched with the session and shown small; a tap opens it over the whole screen,
/// as wide as the phone, and 放大 makes it larger still to read an ID card's or a lease's small
/// print (moving around it with a finger).
#[component]
pub fn PhotoThumb(photo: PhotoRef, page: usize) -> impl IntoView {
    let session = use_session();
    let id = photo.id.clone();
    let url = LocalResource::new(move || {
        let photo = id.clone();
        async move { session.image_url(&endpoints::GetPhoto { photo }).await }
    });
    let open = RwSignal::new(false);
    let zoomed = RwSignal::new(false);
    let lang = use_prefs().lang;
    let material = named(photo.material);
    // Said in three places (the image, the dialog, its title): a signal is shared by all.
    let name = Signal::derive(move || {
        if lang.get() == Lang::En {
            format!("{}, page {page}", material())
        } else {
            format!("{}第 {page} 张", material())
        }
    });
    let thumb = NodeRef::<leptos::html::Button>::new();
    let close_button = NodeRef::<leptos::html::Button>::new();
    let close = move || {
        open.set(false);
        zoomed.set(false);
        if let Some(thumb) = thumb.get_untracked() {
            let _ = thumb.focus();
        }
    };
    let image = move |class: &'static str| match url.get() {
        Some(Ok(src)) => view! { <img class=class src=src.as_str().to_string() alt=name.get() /> }.into_any(),
        Some(Err(_)) => {
            view! { <span class="photo__missing">{tr("照片未能加载", "The photo did not load")}</span> }.into_any()
        }
        None => view! { <span class="photo__missing">{tr("加载中…", "Loading…")}</span> }.into_any(),
    };
    view! {
        <button
            type="button"
            class="photo"
            aria-haspopup="dialog"
            data-testid="photo"
            node_ref=thumb
            on:click=move |_| {
                open.set(true);
                request_animation_frame(move || {
                    if let Some(button) = close_button.get_untracked() {
                        let _ = button.focus();
                    }
                });
            }
        >
            {move || image("photo__image")}
        </button>
        <Show when=move || open.get()>
            <div
                class="photo-viewer"
                role="dialog"
                aria-modal="true"
                aria-label=name
                data-testid="photo-viewer"
                on:keydown=move |ev| {
                    if ev.key() == "Escape" {
                        close();
                    }
                }
            >
                <div class="photo-viewer__bar">
                    <span class="photo-viewer__name">{name}</span>
                    <button
                        type="button"
                        class="photo-viewer__button"
                        aria-pressed=move || zoomed.get().to_string()
                        data-testid="photo-zoom"
                        on:click=move |_| zoomed.update(|z| *z = !*z)
                    >
                        {move || if zoomed.get() { tr("适合屏幕", "Fit the screen")() } else { tr("放大", "Enlarge")() }}
                    </button>
                    <button
                        type="button"
                        class="photo-viewer__button"
                        data-testid="photo-close"
                        node_ref=close_button
                        on:click=move |_| close()
                    >
                        {tr("关闭", "Close")}
                    </button>
                </div>
                <div class="photo-viewer__frame" class:photo-viewer__frame--zoomed=move || zoomed.get()>
                    {move || image("photo-viewer__image")}
                </div>
            </div>
        </Show>
    }
}
