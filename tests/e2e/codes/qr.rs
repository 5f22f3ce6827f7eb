//! The QR images, rasterised and read back by a real decoder.

use crate::codes::profile;
use crate::{Ctx, NamedTest};
use getima_domain::api::DemoCase;
use resvg::{tiny_skia, usvg};

pub const TESTS: &[NamedTest] = &[
    ("qr::business_code_qr_decodes_to_the_code_url", business_code_qr_decodes_to_the_code_url),
    ("qr::payment_qr_decodes_to_the_bound_payment_url", payment_qr_decodes_to_the_bound_payment_url),
];

/// Renders an SVG `scale` times its size, on white.
fn rasterise(svg: &str, scale: impl Fn(usvg::Size) -> f32) -> tiny_skia::Pixmap {
    let tree = usvg::Tree::from_str(svg, &usvg::Options::default()).expect("a well-formed SVG");
    let size = tree.size();
    let scale = scale(size);
    let (w, h) = ((size.width() * scale).ceil() as u32, (size.height() * scale).ceil() as u32);
    let mut pixmap = tiny_skia::Pixmap::new(w, h).expect("non-empty image");
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap
}

fn grey(pixel: &[u8]) -> u8 {
    ((u32::from(pixel[0]) + u32::from(pixel[1]) + u32::from(pixel[2])) / 3) as u8
}

/// Renders an SVG at a phone-camera-like scale and decodes every QR in it.
pub fn decode(svg: &str) -> Vec<String> {
    let pixmap = rasterise(svg, |_| 2.0);
    let (w, pixels) = (pixmap.width() as usize, pixmap.data());
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(w, pixmap.height() as usize, |x, y| {
        grey(&pixels[(y * w + x) * 4..])
    });
    image.detect_grids().into_iter().map(|grid| grid.decode().expect("a readable QR").1).collect()
}

/// A camera's view of the QR in `svg`: a 640×480 grey scene with the code about 300 px wide
/// in the middle, as one frame of Y4M — the video format Chromium's fake camera plays.
pub fn camera_video(svg: &str) -> Vec<u8> {
    let (width, height) = (640, 480);
    let code = rasterise(svg, |size| 300.0 / size.width().max(size.height()));
    let (left, top) = ((width - code.width() as usize) / 2, (height - code.height() as usize) / 2);
    let mut video = format!("YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\nFRAME\n").into_bytes();
    for y in 0..height {
        for x in 0..width {
            let inside =
                (left..left + code.width() as usize).contains(&x) && (top..top + code.height() as usize).contains(&y);
            let i = ((y - top.min(y)) * code.width() as usize + (x - left.min(x))) * 4;
            video.push(if inside { grey(&code.data()[i..]) } else { 110 });
        }
    }
    // No colour: both chroma planes at their midpoint.
    video.resize(video.len() + 2 * (width / 2) * (height / 2), 128);
    video
}

fn svg(ctx: &Ctx, path: &str) -> String {
    let response = ctx.get(path);
    assert_eq!(response.status(), 200, "{path}");
    assert_eq!(response.headers()["content-type"], "image/svg+xml");
    response.text().expect("SVG text")
}

fn business_code_qr_decodes_to_the_code_url(ctx: &Ctx) {
    for n in [0, 8] {
        let demo = ctx.demo(DemoCase::Ordinary, n);
        let decoded = decode(&svg(ctx, &format!("/api/codes/{}/qr.svg", demo.code)));
        assert_eq!(decoded, vec![demo.url.clone()]);
    }
}

fn payment_qr_decodes_to_the_bound_payment_url(ctx: &Ctx) {
    let with_payment = ctx
        .demo
        .iter()
        .filter(|d| d.case == DemoCase::Ordinary)
        .map(|d| (d, profile(ctx, &d.code)))
        .find(|(_, p)| p.household.payment.is_some())
        .expect("some ordinary demo household has a payment code");
    let (demo, profile) = with_payment;
    let decoded = decode(&svg(ctx, &format!("/api/codes/{}/payment-qr.svg", demo.code)));
    assert_eq!(decoded, vec![profile.household.payment.expect("bound").url]);

    let unbound = ctx
        .demo
        .iter()
        .filter(|d| d.case == DemoCase::Ordinary)
        .find(|d| crate::codes::profile(ctx, &d.code).household.payment.is_none())
        .expect("some ordinary demo household has no payment code");
    let (status, body) = crate::codes::error(ctx.get(&format!("/api/codes/{}/payment-qr.svg", unbound.code)));
    assert_eq!((status, body.error), (404, getima_domain::api::ErrorKind::NoPaymentCode));
}
