//! The phone's camera reading what a vendor shows at check-in: a booking pass or a stall's
//! printed code. The shared scan button (`getima_ui::scan`) reads only business codes and
//! opens them; this one hands the text back to the desk, through the same camera dialog.

use getima_domain::stalls::read_scan;
use getima_ui::scan::{CameraDialog, Status};
use leptos::prelude::*;

/// What the check-in camera says: a pass or a stall code is what it is looking for, and a
/// camera it cannot open leaves typing the pass.
fn words(status: Status) -> (&'static str, &'static str) {
    match status {
        Status::Starting => ("正在打开相机…", "Opening the camera…"),
        Status::Looking | Status::Found => {
            ("把摊主的预约码或摊位码放进框内", "Hold the vendor's pass or the stall's code inside the frame")
        }
        Status::NotACode => (
            "这不是预约码或摊位码。请扫摊主手机上的预约码。",
            "That is not a pass or a stall code. Scan the pass on the vendor's phone.",
        ),
        Status::Denied | Status::NoCamera | Status::NotLoaded | Status::WeChatFailed => {
            ("相机打不开。请关闭后在下方输入预约码。", "The camera would not open. Close this and type the pass below.")
        }
    }
}

/// The camera, full screen, until a frame holds a pass or a stall code: `read` gets its text.
#[component]
pub fn PassCamera(
    read: impl Fn(String) + Copy + Send + Sync + 'static,
    close: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <CameraDialog
            label=("扫码签到", "Check in by scan")
            words
            take=|text| read_scan(text).is_some()
            found=read
            close
        />
    }
}
