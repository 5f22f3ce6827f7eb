//! Photos of materials on a phone: shrunk in the browser before sending, uploaded with
//! progress, and shown only through the signed-in session (an `<img>` cannot send the token,
//! so each is fetched and shown from an object URL).

use crate::api::Failure;
use crate::chrome::{ErrorNote, Loading};
use crate::prefs::{Lang, named, tr, use_prefs};
use crate::session::use_session;
use getima_domain::api::{Named, PhotoRef, endpoints};
use getima_domain::photos::{JPEG_QUALITY, LONGEST_SIDE_PX, MAX_PAGES, MAX_PHOTO_BYTES, too_many_pages};
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

/// The photos of `materials` for the draft of `bundle`: what is uploaded so far, and a
/// picker for each.
#[component]
pub fn DraftPhotos(bundle: String, materials: Vec<Named>) -> impl IntoView {
    let session = use_session();
    let slug = bundle.clone();
    let uploaded = LocalResource::new(move || {
        let bundle = slug.clone();
        async move { session.call(&endpoints::ListDraftPhotos { bundle }, &()).await }
    });
    view! {
        <section class="photos" data-testid="photos">
            <h2 class="photos__title">{tr("材料照片", "Photos of the materials")}</h2>
            <p class="photos__hint">
                {tr(
                    "每项最多 4 张。拍全四角、文字清楚；照片会先在手机上压缩再上传，只有您和审核的工作人员能看到。",
                    "Up to 4 each. Get all four corners in and the text sharp; photos are made smaller on this phone before sending, and only you and the reviewing staff can see them.",
                )}
            </p>
            <Suspense fallback=Loading>
                {move || {
                    let (bundle, materials) = (bundle.clone(), materials.clone());
                    Suspend::new(async move {
                        match uploaded.await {
                            Ok(uploaded) => {
                                materials
                                    .into_iter()
                                    .map(|material| {
                                        let initial: Vec<PhotoRef> = uploaded
                                            .photos
                                            .iter()
                                            .filter(|p| p.material.code == material.code)
                                            .cloned()
                                            .collect();
                                        view! { <PhotoPicker bundle=bundle.clone() material initial /> }
                                    })
                                    .collect_view()
                                    .into_any()
                            }
                            Err(failure) => view! { <ErrorNote failure=Signal::stored(Some(failure)) /> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

/// One material's pages: those uploaded, with a way to remove each, and a way to add more
/// while there is room, showing how far each upload has got.
#[component]
fn PhotoPicker(bundle: String, material: Named, initial: Vec<PhotoRef>) -> impl IntoView {
    let session = use_session();
    let lang = use_prefs().lang;
    let photos = RwSignal::new(initial);
    let progress = RwSignal::new(None::<f64>);
    let failure = RwSignal::new(None::<Failure>);
    let code = material.code.clone();
    let upload = Action::new_local(move |files: &Vec<File>| {
        let (files, bundle, material) = (files.clone(), bundle.clone(), code.clone());
        async move {
            failure.set(None);
            let mut added = 0;
            for file in files {
                if photos.with_untracked(Vec::len) >= MAX_PAGES as usize {
                    failure.set(Some(Failure::Api(too_many_pages())));
                    break;
                }
                progress.set(Some(0.0));
                let blob = shrink(&file).await;
                let report: Rc<dyn Fn(f64)> = Rc::new(move |share| progress.set(Some(share)));
                let endpoint = endpoints::UploadDraftPhoto { bundle: bundle.clone(), material: material.clone() };
                match session.upload(&endpoint, blob, report).await {
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
            added
        }
    });
    let remove = Action::new_local(move |id: &String| {
        let photo = id.clone();
        async move {
            failure.set(None);
            match session.call(&endpoints::RemoveDraftPhoto { photo: photo.clone() }, &()).await {
                Ok(()) => photos.update(|p| p.retain(|x| x.id != photo)),
                Err(refused) => failure.set(Some(refused)),
            }
        }
    });
    let busy = move || upload.pending().get() || remove.pending().get();
    let full = move || photos.with(Vec::len) >= MAX_PAGES as usize;
    let code = material.code.clone();
    let input_id = format!("photo-{code}");
    let name = named(material);
    let status = move || {
        let en = lang.get() == Lang::En;
        match (progress.get(), upload.value().get()) {
            (Some(share), _) => {
                let percent = (share * 100.0).round() as u32;
                Some(if en { format!("Uploading… {percent}%") } else { format!("正在上传… {percent}%") })
            }
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
                <span class="photos__count">{move || format!(" {}/{MAX_PAGES}", photos.with(Vec::len))}</span>
            </legend>
            <ul class="photos__list">
                <For each=move || photos.get() key=|p| p.id.clone() let:photo>
                    {
                        let id = photo.id.clone();
                        view! {
                            <li class="photos__item">
                                <PhotoThumb photo />
                                <button
                                    type="button"
                                    class="photos__remove"
                                    data-testid="photo-remove"
                                    disabled=busy
                                    on:click=move |_| {
                                        remove.dispatch(id.clone());
                                    }
                                >
                                    {tr("删除", "Remove")}
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
                aria-busy=move || upload.pending().get().to_string()
            >
                {move || {
                    if full() { tr("已满 4 张", "4 of 4 added")() } else { tr("拍照或选择照片", "Take or choose a photo")() }
                }}
            </label>
            <p class="photos__status" role="status" aria-live="polite" data-testid=format!("photo-status-{code}")>
                {move || {
                    progress
                        .get()
                        .map(|share| {
                            view! {
                                <progress
                                    class="photos__progress"
                                    max="1"
                                    value=share
                                    aria-label=tr("上传进度", "Upload progress")
                                ></progress>
                            }
                        })
                }}
                {status}
            </p>
            <ErrorNote failure=failure.into() />
        </fieldset>
    }
}

/// Photos already filed, behind their count: each is fetched only once the list is opened,
/// so a long list costs nothing on a slow link until someone looks. With `say_none`, an
/// application without photos says so.
#[component]
pub fn FiledPhotos(photos: Vec<PhotoRef>, #[prop(optional)] say_none: bool) -> impl IntoView {
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
    view! {
        <details class="photos__filed" data-testid="filed-photos" on:toggle=move |_| shown.set(true)>
            <summary>{tr("材料照片", "Photos of materials")} {format!(" ({count})")}</summary>
            <Show when=move || shown.get()>
                <ul class="photos__list">
                    {photos
                        .clone()
                        .into_iter()
                        .map(|photo| {
                            let name = named(photo.material.clone());
                            view! {
                                <li class="photos__item">
                                    <PhotoThumb photo />
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

/// A photo fetched with the session and shown small; a tap shows it across the screen.
#[component]
pub fn PhotoThumb(photo: PhotoRef) -> impl IntoView {
    let session = use_session();
    let id = photo.id.clone();
    let url = LocalResource::new(move || {
        let photo = id.clone();
        async move { session.image_url(&endpoints::GetPhoto { photo }).await }
    });
    on_cleanup(move || {
        if let Some(Ok(object)) = url.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&object);
        }
    });
    let open = RwSignal::new(false);
    let name = named(photo.material);
    view! {
        <button
            type="button"
            class="photo"
            class:photo--open=move || open.get()
            aria-expanded=move || open.get().to_string()
            data-testid="photo"
            on:click=move |_| open.update(|o| *o = !*o)
        >
            {move || match url.get() {
                Some(Ok(src)) => view! { <img class="photo__image" src=src alt=name() /> }.into_any(),
                Some(Err(_)) => {
                    view! { <span class="photo__missing">{tr("照片未能加载", "The photo did not load")}</span> }
                        .into_any()
                }
                None => view! { <span class="photo__missing">{tr("加载中…", "Loading…")}</span> }.into_any(),
            }}
        </button>
    }
}
