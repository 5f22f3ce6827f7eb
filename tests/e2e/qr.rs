//! The QR images, rasterised and read back by a real decoder.

use crate::codes::profile;
use crate::{Ctx, NamedTest};
use getima_domain::api::DemoCase;
use resvg::{tiny_skia, usvg};

pub const TESTS: &[NamedTest] = &[
    ("qr::business_code_qr_decodes_to_the_code_url", business_code_qr_decodes_to_the_code_url),
    ("qr::payment_qr_decodes_to_the_bound_payment_url", payment_qr_decodes_to_the_bound_payment_url),
];

/// Renders an SVG at a phone-camera-like scale and decodes every QR in it.
pub fn decode(svg: &str) -> Vec<String> {
    let tree = usvg::Tree::from_str(svg, &usvg::Options::default()).expect("a well-formed SVG");
    let scale = 2.0;
    let size = tree.size();
    let (w, h) = ((size.width() * scale).ceil() as u32, (size.height() * scale).ceil() as u32);
    let mut pixmap = tiny_skia::Pixmap::new(w, h).expect("non-empty image");
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    let pixels = pixmap.data();
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(w as usize, h as usize, |x, y| {
        let i = (y * w as usize + x) * 4;
        ((u32::from(pixels[i]) + u32::from(pixels[i + 1]) + u32::from(pixels[i + 2])) / 3) as u8
    });
    image.detect_grids().into_iter().map(|grid| grid.decode().expect("a readable QR").1).collect()
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
