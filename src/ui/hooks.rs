//! Hooks shared by the canvas components.

use gloo_events::EventListener;
use web_sys::HtmlElement;
use yew::prelude::*;

/// The inner width of the element behind `node` and the window's inner height, kept up to date
/// across window resizes ((0, 0) until it is mounted): the room a canvas may use.
#[hook]
pub fn use_room(node: NodeRef) -> (f64, f64) {
    let room = use_state_eq(|| (0.0f64, 0.0f64));
    {
        let room = room.clone();
        use_effect_with((), move |_| {
            let measure = move || {
                let height = web_sys::window()
                    .and_then(|w| w.inner_height().ok())
                    .and_then(|h| h.as_f64())
                    .unwrap_or(0.0);
                if let Some(el) = node.cast::<HtmlElement>() {
                    room.set((el.client_width() as f64, height));
                }
            };
            measure();
            let listener =
                web_sys::window().map(|w| EventListener::new(&w, "resize", move |_| measure()));
            move || drop(listener)
        });
    }
    *room
}
