//! Hooks shared by the components: room, theme and visibility for the canvases, the address
//! bar.

use crate::app::state::Theme;
use gloo_events::EventListener;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{
    Element, HtmlElement, IntersectionObserver, IntersectionObserverEntry, MutationObserver,
    MutationObserverInit,
};
use yew::prelude::*;

/// Paints a canvas now when it is on screen; off screen, the newest paint asked for waits,
/// and runs at the first of: [`DEFER_MS`] after the first paint waiting in this wasm, the
/// address about to be written (the page's wasm, at most every [`ADDRESS_EVERY_MS`]), or the
/// canvas coming on screen. The frame that shows a change carries only what can be seen, and
/// a held arrow key or a drag paints the charts below the picture a few times a second, not
/// at every change: at N = 64 they cost ~3 ms of main thread a change, and on a CPU half as
/// fast as this host's a held key then kept the main thread busy and the changes waiting
/// (PERFORMANCE.md, "Off-screen canvases painted a few times a second"). From
/// [`use_painter`].
#[derive(Clone)]
pub struct Painter {
    /// Whether the element is on screen, as the browser last reported it.
    on_screen: Rc<Cell<bool>>,
    /// The newest paint asked for off screen and not yet run; a newer one replaces it.
    waiting: Waiting,
}

/// A painter's paint waiting for its time or for its canvas to come on screen.
type Waiting = Rc<RefCell<Option<Box<dyn FnOnce()>>>>;

/// How long the first off-screen paint waits, with every one asked for meanwhile: several of
/// a held key's changes (one every ~33 ms) or a drag's. Not set again by later changes, so a
/// stream of them (the real-image view's player ticks every 150 ms) cannot hold the paints
/// off; and shorter than [`ADDRESS_EVERY_MS`], so that a change's paints run before its
/// address is written in the real-image view's wasm too, which has its own painters and no
/// address to flush them (a picture chosen there reaches the address through the page).
const DEFER_MS: i32 = 150;

impl Painter {
    /// Runs `paint` now or later (see [`Painter`]).
    pub fn paint(&self, paint: impl FnOnce() + 'static) {
        self.paint_boxed(Box::new(paint));
    }

    /// One copy of the scheduling for every caller (a generic one cost ~1 kB of wasm each).
    fn paint_boxed(&self, paint: Box<dyn FnOnce()>) {
        if self.on_screen.get() {
            // A paint still waiting is older than this one: it must not run over it later.
            self.waiting.take();
            paint();
            return;
        }
        if self.waiting.replace(Some(paint)).is_none() {
            DEFERRED.with_borrow_mut(|slots| slots.push(self.waiting.clone()));
        }
        // The timer set for the first paint waiting serves every later one.
        if TIMER.get().is_some() {
            return;
        }
        let set = RUNNER.with(|run| {
            web_sys::window()?
                .set_timeout_with_callback_and_timeout_and_arguments_0(
                    run.as_ref().unchecked_ref(),
                    DEFER_MS,
                )
                .ok()
        });
        match set {
            Some(timer) => TIMER.set(Some(timer)),
            // No timer to be had: paint at once rather than leave this and every later
            // paint waiting.
            None => paint_waiting(),
        }
    }

    /// Runs `write` now when the element is on screen; off screen it waits, the newest
    /// replacing the last, until the element comes on screen, [`Painter::flush`] or a print,
    /// with no timer: for what nobody sees until it is scrolled to (the running animation's dot
    /// product below the picture: ~1 ms of layout and paint a step, PERFORMANCE.md, session
    /// 36).
    pub fn when_seen(&self, write: Box<dyn FnOnce()>) {
        if self.on_screen.get() {
            self.waiting.take();
            write();
        } else {
            self.waiting.replace(Some(write));
        }
    }

    /// Runs the write waiting, if any.
    pub fn flush(&self) {
        run_waiting(&self.waiting);
    }
}

/// Runs the paint waiting in `slot`, if any (taken first: a paint may ask for another).
fn run_waiting(slot: &Waiting) {
    let paint = slot.take();
    if let Some(paint) = paint {
        paint();
    }
}

/// Runs every paint waiting for its time: when the timer fires, or before the address is
/// written.
fn paint_waiting() {
    if let Some(timer) = TIMER.take() {
        // Harmless from the timer's own callback; needed from the address's.
        if let Some(w) = web_sys::window() {
            w.clear_timeout_with_handle(timer);
        }
    }
    for slot in DEFERRED.take() {
        run_waiting(&slot);
    }
}

thread_local! {
    /// The painters with a paint waiting for its time (one that came on screen meanwhile
    /// has run its own: its slot is then empty).
    static DEFERRED: RefCell<Vec<Waiting>> = const { RefCell::new(Vec::new()) };
    /// The timer of the paints waiting, while one is set.
    static TIMER: Cell<Option<i32>> = const { Cell::new(None) };
    /// The timer's callback, made once: a closure made per call costs its own glue in the
    /// wasm.
    static RUNNER: Closure<dyn FnMut()> = Closure::new(paint_waiting);
}

/// A [`Painter`] for the canvas behind `node`: on screen until the browser first reports,
/// and always where there is no IntersectionObserver. The visibility is a cell, not a
/// state: scrolling re-renders nothing, it only decides when the next paint happens.
#[hook]
pub fn use_painter(node: NodeRef) -> Painter {
    let painter = use_memo((), |_| Painter {
        on_screen: Rc::new(Cell::new(true)),
        waiting: Rc::default(),
    });
    let painter = (*painter).clone();
    {
        let (seen, waiting) = (painter.on_screen.clone(), painter.waiting.clone());
        let shown = waiting.clone();
        use_effect_with((), move |_| {
            let watch = node.cast::<Element>().and_then(|element| {
                let callback =
                    Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
                        // The newest entry says where the element is now.
                        if let Some(e) = entries.iter().last() {
                            let on = e
                                .unchecked_into::<IntersectionObserverEntry>()
                                .is_intersecting();
                            seen.set(on);
                            // Come on screen: its paint waiting runs now.
                            if on {
                                run_waiting(&shown);
                            }
                        }
                    });
                let observer = IntersectionObserver::new(callback.as_ref().unchecked_ref()).ok()?;
                observer.observe(&element);
                Some((observer, callback))
            });
            // A print (or a PDF for a handout) shows the page whole, off screen parts too:
            // what waits is written first, or the running animation's dot product would be
            // printed at the step it was last seen at.
            let print = web_sys::window()
                .map(|w| EventListener::new(&w, "beforeprint", move |_| run_waiting(&waiting)));
            move || {
                drop(print);
                if let Some((observer, _callback)) = watch {
                    observer.disconnect();
                }
            }
        });
    }
    painter
}

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

/// The theme to draw: `theme`, or for [`Theme::Auto`] what the system prefers, followed live
/// (the media queries `prefers-contrast: more` and `prefers-color-scheme: dark`).
#[hook]
pub fn use_system_theme(theme: Theme) -> Theme {
    let query = |q: &str| web_sys::window().and_then(|w| w.match_media(q).ok().flatten());
    let read = move || {
        let on = |q: &str| query(q).is_some_and(|m| m.matches());
        (
            on("(prefers-color-scheme: dark)"),
            on("(prefers-contrast: more)"),
        )
    };
    let system = use_state_eq(read);
    {
        let system = system.clone();
        use_effect_with((), move |_| {
            // Both queries report changes; re-read both on either.
            let listeners: Vec<EventListener> =
                ["(prefers-color-scheme: dark)", "(prefers-contrast: more)"]
                    .iter()
                    .filter_map(|q| query(q))
                    .map(|m| {
                        let system = system.clone();
                        EventListener::new(&m, "change", move |_| system.set(read()))
                    })
                    .collect();
            move || drop(listeners)
        });
    }
    let (dark, contrast) = *system;
    theme.resolve(dark, contrast)
}

/// The theme of the page around `element` (its closest `data-theme`), followed live and
/// resolved like [`use_system_theme`]: the real-image view is an app of its own, mounted into
/// the page's section, and learns the page's theme this way.
#[hook]
pub fn use_page_theme(element: Element) -> Theme {
    let read = |el: &Element| {
        el.closest("[data-theme]")
            .ok()
            .flatten()
            .and_then(|t| t.get_attribute("data-theme"))
            .and_then(|code| Theme::parse(&code))
            .unwrap_or_default()
    };
    let chosen = {
        let el = element.clone();
        use_state_eq(move || read(&el))
    };
    {
        let chosen = chosen.clone();
        use_effect_with(element, move |el| {
            let target = el.closest("[data-theme]").ok().flatten();
            let el = el.clone();
            let changed = Closure::<dyn FnMut()>::new(move || chosen.set(read(&el)));
            let observer = MutationObserver::new(changed.as_ref().unchecked_ref()).ok();
            if let (Some(o), Some(t)) = (&observer, &target) {
                let init = MutationObserverInit::new();
                init.set_attributes(true);
                init.set_attribute_filter(&js_sys::Array::of1(&"data-theme".into()));
                let _ = o.observe_with_options(t, &init);
            }
            move || {
                if let Some(o) = observer {
                    o.disconnect();
                }
                drop(changed);
            }
        });
    }
    use_system_theme(*chosen)
}

/// How often, at most, the address bar is rewritten while the settings keep changing.
const ADDRESS_EVERY_MS: i32 = 200;

/// What [`write_address`] has still to write: (the query waiting for the timer, if one is
/// set; whether anything was written yet). One address bar per page, so one per thread.
type Address = (Option<String>, bool);

thread_local! {
    static ADDRESS: RefCell<Address> = const { RefCell::new((None, false)) };
}

/// Whether the page shows its `#fatal` panel: a panic (this wasm's or the real-image view's)
/// or an error `boot.js` caught mid-frame. The address then stays as it was last written: a
/// change still waiting (for its timer, or for the page to be hidden, which Reload does) is
/// dropped, so Reload starts from the state before the failure, not from one that may cause
/// it again.
fn page_stopped() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("fatal"))
        .is_some_and(|panel| !panel.has_attribute("hidden"))
}

/// Writes the query waiting in [`ADDRESS`], if any. The off-screen paints waiting run first:
/// a state whose paint panics must not reach the address, or Reload would start from it
/// again.
fn flush_address() {
    if page_stopped() {
        return;
    }
    paint_waiting();
    if page_stopped() {
        return;
    }
    if let Some(q) = ADDRESS.with_borrow_mut(|(pending, _)| pending.take()) {
        replace_query(&q);
    }
}

/// Keeps the address bar's query equal to `query`. The first query, at start, is written at
/// once, so a link that loads is normalised before anything else; later ones at most every
/// [`ADDRESS_EVERY_MS`], after the frame the change paints. `history.replaceState` costs
/// Chromium 1–3 ms of main thread a call, which a slider change paid before its frame, and
/// a drag sent it sixty times a second. The last change is always written, and one still
/// waiting is written when the page is hidden (a link followed within the 200 ms).
pub fn write_address(query: &str) {
    // None: write now; Some(true): the first change since the last write, set the timer.
    let schedule = ADDRESS.with_borrow_mut(|(pending, started)| {
        if !*started {
            *started = true;
            return None;
        }
        Some(pending.replace(query.to_owned()).is_none())
    });
    let Some(w) = web_sys::window() else {
        return;
    };
    match schedule {
        None => {
            replace_query(query);
            // Registered once, with the first write.
            EventListener::new(&w, "pagehide", |_| flush_address()).forget();
        }
        Some(true) => {
            let tick = Closure::once_into_js(flush_address);
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                tick.unchecked_ref(),
                ADDRESS_EVERY_MS,
            );
        }
        Some(false) => {}
    }
}

/// Writes `query` into the address bar without adding a history entry.
fn replace_query(query: &str) {
    let Some(w) = web_sys::window() else {
        return;
    };
    let path = w.location().pathname().unwrap_or_default();
    let url = if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    };
    if let Ok(history) = w.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// Moves the keyboard focus to `target` after each render in which `key` changed, and after
/// the first only when `at_mount`: where a control the focus was on has gone (the quiz's
/// answer box, its "Next question", the quiz itself), so the focus does not fall to `<body>`.
/// Nothing happens while `target` is not on the page.
#[hook]
pub fn use_focus(key: u32, target: NodeRef, at_mount: bool) {
    let mounted = use_mut_ref(|| at_mount);
    use_effect_with(key, move |_| {
        if mounted.replace(true) {
            if let Some(el) = target.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    });
}
