//! Where a person's work and services are, as a row of tiles (`nav.services`).

use crate::prefs::tr;
use leptos::prelude::*;

/// One tile: where it goes, its test id if tests reach it, and its words.
pub struct Tile {
    pub href: &'static str,
    pub testid: Option<&'static str>,
    pub words: (&'static str, &'static str),
}

impl Tile {
    pub const fn new(href: &'static str, testid: &'static str, words: (&'static str, &'static str)) -> Self {
        Self { href, testid: Some(testid), words }
    }
}

/// The tiles in order; `children` (tiles only some people get) come last.
#[component]
pub fn ServiceLinks(
    testid: &'static str,
    tiles: &'static [Tile],
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <nav class="services" data-testid=testid>
            {tiles
                .iter()
                .map(|tile| {
                    view! {
                        <a href=tile.href data-testid=tile.testid>
                            {tr(tile.words.0, tile.words.1)}
                        </a>
                    }
                })
                .collect_view()}
            {children.map(|children| children())}
        </nav>
    }
}
