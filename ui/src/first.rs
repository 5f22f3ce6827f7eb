//! A page's first records, drawn by the Worker into the page it answers so that they show
//! before the bundle arrives. The Worker makes the page's first GET itself, draws its answer
//! with the page's own component and embeds the answer; the bundle's first call to that
//! address then takes the embedded answer instead of asking again, so its page shows the
//! same records at once, with nothing refetched and nothing flickering.

use getima_domain::api::Api;
use leptos::prelude::*;

/// The element the Worker embeds an answer in, and the attribute naming its address.
pub const ANSWER_ID: &str = "first-answer";
pub const ANSWER_PATH: &str = "data-path";

/// Draws the records from an answer's text; none when it does not read as that answer.
type Draw = Box<dyn FnOnce(&str) -> Option<AnyView>>;

/// The GET a page makes first (none for a page whose records are its own text), and how its
/// answer is drawn.
pub struct FirstRecords {
    pub path: Option<String>,
    draw: Draw,
}

impl FirstRecords {
    /// Records that need no call: the page's own text.
    pub fn fixed<V: IntoView + 'static>(view: impl FnOnce() -> V + 'static) -> Self {
        Self { path: None, draw: Box::new(move |_| Some(view().into_any())) }
    }

    /// The records `view` draws from the answer of `endpoint` (a GET without input).
    pub fn of<E: Api, V: IntoView + 'static>(endpoint: &E, view: impl FnOnce(E::Output) -> V + 'static) -> Self {
        Self {
            path: Some(endpoint.path()),
            draw: Box::new(move |answer| serde_json::from_str(answer).ok().map(|output| view(output).into_any())),
        }
    }

    /// The records drawn from the answer's text; none when it does not read as the answer.
    pub fn draw(self, answer: &str) -> Option<AnyView> {
        (self.draw)(answer)
    }
}

/// The answer the Worker embedded for `path`, taken once: later calls ask the server.
pub fn take_answer(path: &str) -> Option<String> {
    let element = web_sys::window()?.document()?.get_element_by_id(ANSWER_ID)?;
    if element.get_attribute(ANSWER_PATH).as_deref() != Some(path) {
        return None;
    }
    element.remove();
    element.text_content()
}
