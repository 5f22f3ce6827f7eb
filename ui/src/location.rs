//! Where the phone is, asked only when the person taps to add it: a one-off reading from the
//! browser's geolocation, which the WeChat and Alipay web-views pass through to the phone.

use getima_domain::api::Location;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::PositionOptions;

/// Why no location came back, to say in plain words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoLocation {
    /// The person, or the phone's settings, said no.
    Refused,
    /// The phone could not tell in time, or this browser cannot.
    Unavailable,
}

impl NoLocation {
    pub fn words(self) -> (&'static str, &'static str) {
        match self {
            Self::Refused => (
                "没有定位权限：可在手机设置中允许，或不附位置直接提交。",
                "Location is not allowed: allow it in the phone's settings, or send without it.",
            ),
            Self::Unavailable => (
                "暂时无法定位，可稍后再试，或不附位置直接提交。",
                "The phone could not find where it is; try again, or send without it.",
            ),
        }
    }
}

/// How long the phone may take to find itself before the person is told it could not.
const TIMEOUT_MS: u32 = 15_000;

/// The phone's position now (a reading up to a minute old will do), and how far off it may be
/// in metres.
pub async fn here() -> Result<(Location, f64), NoLocation> {
    let geolocation =
        web_sys::window().and_then(|w| w.navigator().geolocation().ok()).ok_or(NoLocation::Unavailable)?;
    let options = PositionOptions::new();
    options.set_enable_high_accuracy(true);
    options.set_timeout(TIMEOUT_MS);
    options.set_maximum_age(60_000);
    let mut asked = Ok(());
    let reading = js_sys::Promise::new(&mut |resolve, reject| {
        let found = Closure::once_into_js(move |position: JsValue| resolve.call1(&JsValue::NULL, &position));
        let failed = Closure::once_into_js(move |error: JsValue| reject.call1(&JsValue::NULL, &error));
        asked = geolocation.get_current_position_with_error_callback_and_options(
            found.unchecked_ref(),
            Some(failed.unchecked_ref()),
            &options,
        );
    });
    asked.map_err(|_| NoLocation::Unavailable)?;
    // web-sys types positions only behind its unstable flag: the fields are read by name.
    let field = |of: &JsValue, name: &str| js_sys::Reflect::get(of, &JsValue::from_str(name)).ok();
    match JsFuture::from(reading).await {
        Ok(position) => {
            let coords = field(&position, "coords").ok_or(NoLocation::Unavailable)?;
            let number = |name: &str| field(&coords, name).and_then(|v| v.as_f64()).ok_or(NoLocation::Unavailable);
            Ok((Location { latitude: number("latitude")?, longitude: number("longitude")? }, number("accuracy")?))
        }
        Err(error) => Err(match field(&error, "code").and_then(|c| c.as_f64()).map(|c| c as u16) {
            Some(PERMISSION_DENIED) => NoLocation::Refused,
            _ => NoLocation::Unavailable,
        }),
    }
}

/// `GeolocationPositionError.PERMISSION_DENIED`.
const PERMISSION_DENIED: u16 = 1;
