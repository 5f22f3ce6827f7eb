//! The poster as one image, for web-views, which cannot print: the page shows it and the
//! owner presses on it to save it to their photos, as WeChat lets people save any image.

use getima_domain::api::{CodeProfile, endpoints};
use getima_ui::api;
use leptos::web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlImageElement};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A6 at 10 pixels a millimetre: sharp enough to print from a phone's photos.
const WIDTH: f64 = 1050.0;
const HEIGHT: f64 = 1480.0;

async fn image(src: &str) -> Result<HtmlImageElement, JsValue> {
    let image = HtmlImageElement::new()?;
    image.set_src(src);
    JsFuture::from(image.decode()).await?;
    Ok(image)
}

/// Draws the poster (name, business code and, when bound, payment code, short code and
/// credit code) and returns it as a PNG data URL.
pub async fn poster_png(profile: &CodeProfile) -> Result<String, JsValue> {
    let canvas: HtmlCanvasElement = leptos::prelude::document().create_element("canvas")?.dyn_into()?;
    canvas.set_width(WIDTH as u32);
    canvas.set_height(HEIGHT as u32);
    let ctx: CanvasRenderingContext2d =
        canvas.get_context("2d")?.ok_or_else(|| JsValue::from_str("no 2d context"))?.dyn_into()?;
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, WIDTH, HEIGHT);
    ctx.set_text_align("center");
    let text = |font: &str, colour: &str, line: &str, y: f64| -> Result<(), JsValue> {
        ctx.set_font(font);
        ctx.set_fill_style_str(colour);
        ctx.fill_text_with_max_width(line, WIDTH / 2.0, y, WIDTH - 80.0)
    };
    text("bold 44px sans-serif", "#06753a", "个体码 · GETIMA", 110.0)?;
    text("bold 72px sans-serif", "#111111", &profile.household.name, 220.0)?;
    let business = image(&api::url_of(&endpoints::GetCodeQr { code: profile.code.clone() })).await?;
    match &profile.household.payment {
        Some(payment) => {
            let payment_qr = image(&api::url_of(&endpoints::GetPaymentQr { code: profile.code.clone() })).await?;
            ctx.draw_image_with_html_image_element_and_dw_and_dh(&business, 60.0, 290.0, 440.0, 440.0)?;
            ctx.draw_image_with_html_image_element_and_dw_and_dh(&payment_qr, 550.0, 290.0, 440.0, 440.0)?;
            ctx.set_font("34px sans-serif");
            ctx.set_fill_style_str("#555555");
            ctx.fill_text("扫码核验 · Scan to verify", 280.0, 780.0)?;
            ctx.fill_text(&format!("{} · 收款码", payment.provider.label().zh), 770.0, 780.0)?;
        }
        None => {
            ctx.draw_image_with_html_image_element_and_dw_and_dh(&business, 245.0, 280.0, 560.0, 560.0)?;
            text("34px sans-serif", "#555555", "扫码核验 · Scan to verify", 890.0)?;
        }
    }
    text("36px sans-serif", "#111111", "扫码核验经营信息，付款请认准此码", 990.0)?;
    text("30px sans-serif", "#555555", "Scan to check this shop before you pay", 1040.0)?;
    text("bold 56px monospace", "#111111", &format!("个体码 {}", profile.short_code), 1160.0)?;
    text(
        "28px sans-serif",
        "#555555",
        "没有相机？在个体码首页输入上面的码 · No camera? Type it on Getima's home page",
        1230.0,
    )?;
    text("32px monospace", "#555555", &profile.household.uscc, 1300.0)?;
    canvas.to_data_url_with_type("image/png")
}
