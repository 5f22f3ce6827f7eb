//! Solving the proof of work a busy network is asked for (`getima_domain::pow`), in slices
//! with the page kept answering in between.

use getima_domain::accounts::pow::{Challenge, Proof, search};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Nonces tried between two turns of the page's event loop: a few milliseconds' work.
const SLICE: u64 = 2_048;

/// Finds the nonce that solves `challenge`.
pub async fn solve(challenge: &Challenge) -> Proof {
    let mut from = 0;
    loop {
        if let Some(nonce) = search(challenge, from, SLICE) {
            return Proof { challenge: challenge.text.clone(), nonce };
        }
        from += SLICE;
        next_turn().await;
    }
}

/// Lets the page handle what is waiting (taps, painting) before going on.
async fn next_turn() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let scheduled = web_sys::window().map(|w| w.set_timeout_with_callback(resolve.unchecked_ref()));
        if !matches!(scheduled, Some(Ok(_))) {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = JsFuture::from(promise).await;
}
