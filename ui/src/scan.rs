//! Scanning a business code with the phone: WeChat's own scanner inside the mini-program,
//! the phone's camera elsewhere, and no button where neither can work.
//!
//! Neither the camera reader (`scanner/`) nor WeChat's bridge is part of a bundle: each is its
//! own module, fetched the first time someone taps scan, so the page a scan opens stays small.

use crate::host::Host;
use crate::links::go;
use crate::prefs::{Lang, tr, use_prefs};
use getima_domain::codes::CodeToken;
use js_sys::{Array, Function, Object, Promise, Reflect};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlVideoElement, MediaDeviceInfo, MediaDeviceKind};

/// The mini-program page that runs `wx.scanCode` and reopens the web-view at what it read
/// (`miniprogram/pages/scan`).
const MINI_PROGRAM_SCANNER: &str = "/pages/scan/scan";
/// How often a camera frame is read: often enough to feel instant, rarely enough to leave
/// a slow phone's CPU to the video.
const FRAME_INTERVAL: Duration = Duration::from_millis(250);

#[wasm_bindgen]
extern "C" {
    /// `import(url)`, defined by the page's boot script (ui/index.html): the CSP forbids
    /// evaluating script from strings, and a module of our own would be one more request
    /// before every bundle starts.
    #[wasm_bindgen(js_namespace = window, js_name = getimaImport)]
    fn import_module(url: &str) -> Promise;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scanner {
    WeChat,
    Camera,
}

/// What a scanner is doing; each scanner says it in its own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Starting,
    Looking,
    NotACode,
    Found,
    Denied,
    NoCamera,
    NotLoaded,
    WeChatFailed,
}

impl Status {
    /// What the business-code scanner says.
    fn words(self) -> (&'static str, &'static str) {
        match self {
            Self::Starting => ("正在打开相机…", "Opening the camera…"),
            Self::Looking => ("把店里的个体码放进框内", "Hold the shop's code inside the frame"),
            Self::NotACode => (
                "这不是个体码。请扫店里张贴的个体码。",
                "That is not a business code. Scan the code on the shop's poster.",
            ),
            Self::Found => ("已识别，正在打开…", "Read. Opening…"),
            Self::Denied => (
                "没有相机权限。请在手机设置中允许使用相机，或关闭后输入海报上的码。",
                "No camera permission. Allow the camera in your phone's settings, or close and type the code on the poster.",
            ),
            Self::NoCamera => (
                "相机打不开。请关闭后输入海报上的码。",
                "The camera would not open. Close this and type the code on the poster.",
            ),
            Self::NotLoaded => (
                "扫码功能没有加载成功。请检查网络，刷新页面后再试，或输入海报上的码。",
                "The scanner did not load. Check the network and reload the page, or type the code on the poster.",
            ),
            Self::WeChatFailed => (
                "无法打开微信扫一扫，请输入海报上的码。",
                "WeChat's scanner did not open. Type the code on the poster instead.",
            ),
        }
    }

    pub fn is_problem(self) -> bool {
        matches!(self, Self::NotACode | Self::Denied | Self::NoCamera | Self::NotLoaded | Self::WeChatFailed)
    }
}

/// Whether the phone has a camera the page can ask for.
async fn camera_scanner() -> Option<Scanner> {
    let navigator = window().navigator();
    // Absent outside secure contexts and in old web-views.
    if Reflect::get(&navigator, &"mediaDevices".into()).ok()?.is_undefined() {
        return None;
    }
    let devices = JsFuture::from(navigator.media_devices().ok()?.enumerate_devices().ok()?).await.ok()?;
    Array::from(&devices)
        .iter()
        .any(|device| device.unchecked_into::<MediaDeviceInfo>().kind() == MediaDeviceKind::Videoinput)
        .then_some(Scanner::Camera)
}

/// An on-demand module's address as the build wrote it into the page, content hash included.
fn asset(name: &str) -> Result<String, JsValue> {
    document()
        .query_selector(&format!("meta[name={name}]"))?
        .and_then(|meta| meta.get_attribute("content"))
        .ok_or_else(|| JsValue::from_str(name))
}

async fn load(name: &str) -> Result<JsValue, JsValue> {
    JsFuture::from(import_module(&asset(name)?)).await
}

fn get(target: &JsValue, key: &str) -> Result<JsValue, JsValue> {
    Reflect::get(target, &key.into())
}

/// The camera reader (`getima-scanner`), loaded and started on first use: its `Camera` class.
async fn camera_reader() -> Result<JsValue, JsValue> {
    let module = load("getima-qr-reader").await?;
    let init: Function = get(&module, "default")?.dyn_into()?;
    let options = Object::new();
    Reflect::set(&options, &"module_or_path".into(), &asset("getima-qr-reader-wasm")?.into())?;
    JsFuture::from(init.call1(&JsValue::NULL, &options)?.dyn_into::<Promise>()?).await?;
    get(&module, "Camera")
}

/// Calls `method` of a `Camera` from the reader module.
fn call(camera: &JsValue, method: &str) -> Result<JsValue, JsValue> {
    get(camera, method)?.dyn_into::<Function>()?.call0(camera)
}

/// The back camera playing into `video`, from the reader's `Camera` class; a refusal is told
/// apart from a missing camera.
async fn open_camera(class: &JsValue, video: HtmlVideoElement) -> Result<JsValue, Status> {
    let open: Function = get(class, "open").and_then(|f| f.dyn_into()).map_err(|_| Status::NotLoaded)?;
    let opening = open.call1(class, &video).and_then(|p| p.dyn_into::<Promise>()).map_err(|_| Status::NoCamera)?;
    JsFuture::from(opening).await.map_err(|e| match get(&e, "name").ok().and_then(|name| name.as_string()).as_deref() {
        Some("NotAllowedError" | "SecurityError") => Status::Denied,
        _ => Status::NoCamera,
    })
}

/// Hands over to the mini-program's scanner page through WeChat's web-view bridge; `failed`
/// runs if WeChat refuses. The scan page opens what it reads at `open(code)`, whose prefix it
/// is given (`/c/` on the public pages, `/desk/inspect/` on the desk).
async fn open_wechat_scanner(open: fn(&str) -> String, failed: impl FnOnce() + 'static) -> Result<(), JsValue> {
    wechat_scanner(&format!("open={}", js_sys::encode_uri_component(&open(""))), failed).await
}

/// Hands a market desk's check-in over to the mini-program's scanner page, which reopens the
/// desk at `/desk/markets/{market}?session={session}&scanned=…` with the pass or stall code it
/// read; `failed` runs if WeChat refuses.
pub async fn wechat_check_in_scanner(
    market: i64,
    session: i64,
    failed: impl FnOnce() + 'static,
) -> Result<(), JsValue> {
    wechat_scanner(&format!("checkin={}", js_sys::encode_uri_component(&format!("{market}/{session}"))), failed).await
}

async fn wechat_scanner(query: &str, failed: impl FnOnce() + 'static) -> Result<(), JsValue> {
    let wx = get(&load("getima-wechat-sdk").await?, "default")?;
    let mini_program = get(&wx, "miniProgram")?;
    let navigate: Function = get(&mini_program, "navigateTo")?.dyn_into()?;
    let options = Object::new();
    let page = format!("{MINI_PROGRAM_SCANNER}?{query}");
    Reflect::set(&options, &"url".into(), &page.into())?;
    Reflect::set(&options, &"fail".into(), &Closure::once_into_js(failed))?;
    navigate.call1(&mini_program, &options)?;
    Ok(())
}

/// The scan button, shown only where a scanner works; a scanned code opens `open(code)`.
#[component]
pub fn ScanButton(open: fn(&str) -> String) -> impl IntoView {
    // Plain signals rather than a resource and an action: this sits on the page a scan
    // opens, where every generic instance costs bytes on a slow link.
    // The mini-program is known at once; a camera only once the browser has listed devices.
    let in_mini_program = Host::in_wechat_mini_program();
    let available = RwSignal::new(in_mini_program.then_some(Some(Scanner::WeChat)));
    if !in_mini_program {
        spawn_local(async move { available.set(Some(camera_scanner().await)) });
    }
    let camera = RwSignal::new(false);
    let scan_button = NodeRef::<html::Button>::new();
    // Back to a page left by opening a scanned code: the browser may restore it as it was,
    // scanner and all, with its camera long gone.
    let _ = window_event_listener(leptos::ev::pageshow, move |event| {
        if event.persisted() {
            camera.set(false);
        }
    });
    let close = move || {
        camera.set(false);
        // Focus returns to where it was, once the button is enabled again.
        request_animation_frame(move || {
            if let Some(button) = scan_button.get_untracked() {
                let _ = button.focus();
            }
        });
    };
    let handing_over = RwSignal::new(false);
    let problem = RwSignal::new(None::<Status>);
    let to_wechat = move || {
        problem.set(None);
        handing_over.set(true);
        spawn_local(async move {
            let failed = move || problem.set(Some(Status::WeChatFailed));
            if open_wechat_scanner(open, failed).await.is_err() {
                problem.set(Some(Status::WeChatFailed));
            }
            handing_over.set(false);
        });
    };
    let busy = move || handing_over.get() || camera.get();
    // Says which scanner the phone turned out to have, for tests and styles alike.
    let kind = move || match available.get() {
        None => "checking",
        Some(None) => "none",
        Some(Some(Scanner::WeChat)) => "wechat",
        Some(Some(Scanner::Camera)) => "camera",
    };
    view! {
        <div data-testid="scanner" data-scanner=kind>
            {move || {
                available
                    .get()
                    .flatten()
                    .map(|scanner| {
                        view! {
                            <button
                                type="button"
                                node_ref=scan_button
                                class="scan"
                                data-testid="scan"
                                disabled=busy
                                aria-busy=move || busy().to_string()
                                on:click=move |_| match scanner {
                                    Scanner::WeChat => to_wechat(),
                                    Scanner::Camera => camera.set(true),
                                }
                            >
                                <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
                                    <path
                                        d="M3 8V3h5M16 3h5v5M21 16v5h-5M8 21H3v-5M3 12h18"
                                        fill="none"
                                        stroke="currentColor"
                                        stroke-width="2"
                                    />
                                </svg>
                                {tr("扫一扫", "Scan a code")}
                            </button>
                        }
                    })
            }}
        </div>
        <StatusNote status=Signal::derive(move || problem.get()) words=Status::words />
        <Show when=move || camera.get()>
            <CameraDialog
                label=("扫一扫", "Scan a code")
                words=Status::words
                take=|text| CodeToken::read_link(text).is_ok()
                found=move |text| {
                    if let Ok(code) = CodeToken::read_link(&text) {
                        go(&open(&code.to_string()));
                    }
                }
                close
            />
        </Show>
    }
}

#[component]
fn StatusNote(status: Signal<Option<Status>>, words: fn(Status) -> (&'static str, &'static str)) -> impl IntoView {
    let lang = use_prefs().lang;
    move || {
        status.get().map(|status| {
            let (zh, en) = words(status);
            let text = if lang.get() == Lang::En { en } else { zh };
            view! {
                <p
                    class=if status.is_problem() { "scanner__status entry__error" } else { "scanner__status" }
                    role="status"
                    data-testid="scan-status"
                    data-status=format!("{status:?}")
                >
                    {text}
                </p>
            }
        })
    }
}

/// The camera, full screen, in a dialog named `label`, reading frames until one holds what
/// `take` is looking for: then the camera stops and `found` gets the text. `words` says each
/// status in the scanner's own terms.
#[component]
pub fn CameraDialog(
    label: (&'static str, &'static str),
    words: fn(Status) -> (&'static str, &'static str),
    take: fn(&str) -> bool,
    found: impl Fn(String) + Copy + 'static,
    close: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let video = NodeRef::<html::Video>::new();
    let close_button = NodeRef::<html::Button>::new();
    let status = RwSignal::new(Status::Starting);
    let camera = StoredValue::new_local(None::<JsValue>);
    let timer = StoredValue::new_local(None::<IntervalHandle>);
    // The camera light goes off the moment the scanner closes, however it closes.
    let stop = move || {
        if let Some(timer) = timer.try_get_value().flatten() {
            timer.clear();
        }
        if let Some(Some(camera)) = camera.try_get_value() {
            let _ = call(&camera, "close");
        }
    };
    on_cleanup(stop);
    close_button.on_load(|button| {
        let _ = button.focus();
    });
    video.on_load(move |element| {
        spawn_local(async move {
            let Ok(class) = camera_reader().await else { return status.set(Status::NotLoaded) };
            // Closed while the reader loaded: the camera is not asked for at all.
            if camera.is_disposed() {
                return;
            }
            let opened = match open_camera(&class, element).await {
                Ok(opened) => opened,
                Err(problem) => return status.set(problem),
            };
            // Closed while the camera was starting: nothing is left to hold it, so end it now.
            if let Some(Some(orphan)) = camera.try_set_value(Some(opened.clone())) {
                let _ = call(&orphan, "close");
                return;
            }
            status.set(Status::Looking);
            let read = move || {
                let Some(text) = call(&opened, "read").ok().and_then(|text| text.as_string()) else { return };
                if take(&text) {
                    status.set(Status::Found);
                    stop();
                    found(text);
                } else {
                    status.set(Status::NotACode);
                }
            };
            if let Some(Some(orphan)) = timer.try_set_value(set_interval_with_handle(read, FRAME_INTERVAL).ok()) {
                orphan.clear();
            }
        });
    });
    view! {
        <div
            class="scanner"
            role="dialog"
            aria-modal="true"
            aria-label=tr(label.0, label.1)
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    close();
                }
            }
        >
            // WeChat's older Android engine (X5) plays a video full screen unless told inline.
            <video
                node_ref=video
                class="scanner__video"
                autoplay
                playsinline
                webkit-playsinline=""
                x5-playsinline=""
                prop:muted=true
            ></video>
            <div class="scanner__frame" aria-hidden="true"></div>
            <StatusNote status=Signal::derive(move || Some(status.get())) words />
            <button
                type="button"
                node_ref=close_button
                class="scanner__close"
                data-testid="scan-close"
                on:click=move |_| close()
            >
                {tr("关闭", "Close")}
            </button>
        </div>
    }
}
