//! What Getima's front-end bundles share: the typed API client, the session, the viewer's
//! preferences, the host (browser or mini-program web-view), and the chrome of every page.

pub mod api;
pub mod china;
pub mod chrome;
pub mod entry;
pub mod first;
pub mod forms;
pub mod host;
pub mod kit;
pub mod links;
pub mod lists;
pub mod location;
pub mod photos;
pub mod prefs;
pub mod proof;
pub mod scan;
pub mod session;
pub mod thread;
pub mod wechat;

use leptos::prelude::*;

/// Starts a bundle: drops the boot message (or the page the Worker drew), marks the host,
/// provides preferences and the session, and mounts `app`, which picks the page for this
/// address. `<html data-ready>` then says the page answers taps (`make bench` waits for it).
pub fn boot<V: IntoView + 'static>(app: fn() -> V) {
    if let Some(boot) = document().get_element_by_id("boot") {
        boot.remove();
    }
    host::mark_document();
    leptos::mount::mount_to_body(move || {
        prefs::provide();
        session::provide();
        app()
    });
    let _ = document().document_element().map(|html| html.set_attribute("data-ready", ""));
}
