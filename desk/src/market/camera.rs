//! The phone's camera reading what a vendor shows at check-in: a booking pass or a stall's
//! printed code. The shared scan button (`getima_ui::scan`) reads only business codes and
//! opens them; this one hands the text back to the desk, through the same camera reader.

use getima_domain::stalls::read_scan;
use getima_ui::prefs::{Lang, tr, use_prefs};
use getima_ui::scan::{read_frame, start_camera, stop_camera};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_bindgen::JsValue;
use std::time::Duration;

/// As often as the shared scanner reads a frame: instant to a person, light on a slow phone.
const FRAME_INTERVAL: Duration = Duration::from_millis(250);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Starting,
    Looking,
    NotAPass,
    NoCamera,
}

impl Status {
    fn words(self) -> (&'static str, &'static str) {
        match self {
            Self::Starting => ("正在打开相机…", "Opening the camera…"),
            Self::Looking => {
                ("把摊主的预约码或摊位码放进框内", "Hold the vendor's pass or the stall's code inside the frame")
            }
            Self::NotAPass => (
                "这不是预约码或摊位码。请扫摊主手机上的预约码。",
                "That is not a pass or a stall code. Scan the pass on the vendor's phone.",
            ),
            Self::NoCamera => (
                "相机打不开。请关闭后在下方输入预约码。",
                "The camera would not open. Close this and type the pass below.",
            ),
        }
    }
}

/// The camera, full screen, until a frame holds a pass or a stall code: `read` gets its text.
#[component]
pub fn PassCamera(
    read: impl Fn(String) + Copy + Send + Sync + 'static,
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
            stop_camera(&camera);
        }
    };
    on_cleanup(stop);
    close_button.on_load(|button| {
        let _ = button.focus();
    });
    video.on_load(move |element| {
        spawn_local(async move {
            let Ok(opened) = start_camera(element).await else { return status.set(Status::NoCamera) };
            // Closed while the camera was starting: nothing is left to hold it, so end it now.
            if camera.try_set_value(Some(opened.clone())).is_some() {
                stop_camera(&opened);
                return;
            }
            status.set(Status::Looking);
            let each_frame = move || {
                let Some(text) = read_frame(&opened) else { return };
                if read_scan(&text).is_some() {
                    stop();
                    read(text);
                } else {
                    status.set(Status::NotAPass);
                }
            };
            if let Some(Some(orphan)) = timer.try_set_value(set_interval_with_handle(each_frame, FRAME_INTERVAL).ok()) {
                orphan.clear();
            }
        });
    });
    let lang = use_prefs().lang;
    let words = move || {
        let (zh, en) = status.get().words();
        if lang.get() == Lang::En { en } else { zh }
    };
    view! {
        <div
            class="scanner"
            role="dialog"
            aria-modal="true"
            aria-label=tr("扫码签到", "Check in by scan")
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
            <p
                class=move || {
                    if matches!(status.get(), Status::NotAPass | Status::NoCamera) {
                        "scanner__status entry__error"
                    } else {
                        "scanner__status"
                    }
                }
                role="status"
                data-testid="scan-status"
            >
                {words}
            </p>
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
