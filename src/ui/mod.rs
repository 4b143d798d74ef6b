//! The Yew front end (wasm32 only): a thin layer that renders [`crate::app`] state and turns
//! DOM events into [`Msg`]s. No arithmetic lives here.

mod charts;
mod code;
mod decode;
mod field;
mod hooks;
mod lab;
mod options;
mod readouts;
mod share;
mod stack;
mod stage;
mod transport;

use crate::app::fields::Field;
use crate::app::layer::Layer;
use crate::app::state::{Msg, Op, Viz};
use crate::app::text;
use crate::app::url;
use gloo_events::EventListener;
use gloo_timers::callback::Interval;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

impl Reducible for Viz {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        // Returning the same Rc when nothing changed lets Yew skip the re-render.
        self.apply(msg).map_or(self, Rc::new)
    }
}

/// Mounts the app into `#app`, replacing the loading message, with a panic hook that shows a
/// message and a reload button instead of a frozen page.
pub fn start() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let message = format!("{info}");
        web_sys::console::error_1(&message.clone().into());
        show_fatal(&message);
    }));
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(root) = document.get_element_by_id("app") else {
        return;
    };
    root.set_inner_html("");
    yew::Renderer::<App>::with_root(root).render();
}

/// Reveals the `#fatal` panel of `index.html` with `detail` (text only, never HTML).
fn show_fatal(detail: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(text) = document.get_element_by_id("fatal-text") {
        text.set_text_content(Some(&format!(
            "Something went wrong inside ConvScope ({detail}). Reload to start again."
        )));
    }
    if let Some(panel) = document.get_element_by_id("fatal") {
        let _ = panel.remove_attribute("hidden");
    }
}

/// What a key does anywhere on the page (slide clickers send arrows and Page Up/Down).
fn key_msg(key: &str) -> Option<Msg> {
    Some(match key {
        " " | "k" => Msg::TogglePlay,
        "ArrowRight" | "PageDown" => Msg::StepBy(1),
        "ArrowLeft" | "PageUp" => Msg::StepBy(-1),
        "Home" => Msg::First,
        "End" => Msg::Last,
        "+" | "=" => Msg::Faster,
        "-" | "_" => Msg::Slower,
        _ => return None,
    })
}

/// The message for a key pressed on the page, unless a control owns that key: text boxes and
/// sliders own every key, a focused button owns Space and Enter.
fn page_key(e: &web_sys::KeyboardEvent) -> Option<Msg> {
    if e.ctrl_key() || e.meta_key() || e.alt_key() {
        return None;
    }
    let tag = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .map(|el| el.tag_name())
        .unwrap_or_default();
    let key = e.key();
    // The focused picture owns the keys that move its cell focus.
    let canvas_key = matches!(
        key.as_str(),
        "ArrowUp" | "ArrowDown" | "ArrowLeft" | "ArrowRight" | "Enter" | "Escape" | "[" | "]" | "c"
    );
    if matches!(tag.as_str(), "INPUT" | "SELECT" | "TEXTAREA")
        || (tag == "BUTTON" && (key == " " || key == "Enter"))
        || (tag == "CANVAS" && canvas_key)
    {
        return None;
    }
    key_msg(&key)
}

/// The query string of the page's address, `""` when there is none.
fn location_query() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// Writes the state into the address bar without adding a history entry.
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

/// A short description of a layer for links: "7×7×1, 1 filter 3×3, S 2".
fn share_title(c: &crate::app::state::Config) -> String {
    match c.op {
        Op::Conv => format!(
            "{}×{}×{}, {} filter(s) {}×{}, S {}, P {}",
            c.w(),
            c.n,
            c.d,
            c.k,
            c.fw(),
            c.f,
            c.s,
            c.p
        ),
        Op::MaxPool => format!(
            "max pool {}×{} S {} on {}×{}×{}",
            c.fw(),
            c.f,
            c.s,
            c.w(),
            c.n,
            c.d
        ),
    }
}

/// The page.
#[component]
pub fn App() -> Html {
    // The address restores the page once, at start; notices say what it could not use.
    let restored = use_memo((), |_| url::from_query(&location_query()));
    let viz = {
        let restored = restored.clone();
        use_reducer(move || restored.viz.clone())
    };
    let notices = {
        let restored = restored.clone();
        use_state(move || restored.notices.clone())
    };
    // The real-image view's built-in picture travels in the link too (`img=`).
    let image = {
        let restored = restored.clone();
        use_state_eq(move || restored.image)
    };
    let query = url::to_query_with_image(&viz, *image);
    use_effect_with(query, |q| replace_query(q));
    let layer = use_memo(viz.config, |c| Layer::new(*c).map(Rc::new));

    // The ticker exists only while playing; dropping it on pause or speed change cancels it.
    {
        let dispatcher = viz.dispatcher();
        let period_ms = (1000.0 / viz.steps_per_second()).round() as u32;
        use_effect_with((viz.playing, period_ms), move |&(playing, ms)| {
            let ticker = playing.then(|| Interval::new(ms, move || dispatcher.dispatch(Msg::Tick)));
            move || drop(ticker)
        });
    }

    // Keyboard control for the whole page, except while typing in a control.
    {
        let dispatcher = viz.dispatcher();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                // Not passive: Space must not also scroll the page, arrows must not scroll.
                let options = gloo_events::EventListenerOptions::enable_prevent_default();
                EventListener::new_with_options(&w, "keydown", options, move |e| {
                    if let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() {
                        if let Some(msg) = page_key(e) {
                            e.prevent_default();
                            dispatcher.dispatch(msg);
                        }
                    }
                })
            });
            move || drop(listener)
        });
    }

    let on_edit = {
        let d = viz.dispatcher();
        Callback::from(move |(field, text): (Field, String)| d.dispatch(Msg::Edit(field, text)))
    };
    let on_msg = {
        let d = viz.dispatcher();
        Callback::from(move |m: Msg| d.dispatch(m))
    };

    let c = viz.config;
    // Why a field does not apply right now, shown in place of its hint (and it is disabled).
    let unused = move |f: Field| -> Option<AttrValue> {
        let why = match f {
            Field::K if c.op == Op::MaxPool => "pooling keeps the depth: D₂ = D₁",
            Field::W | Field::Fw | Field::Sw if !c.rect => "follows N, F, S: tick “rectangular”",
            Field::P if c.pads.is_some() => "set per side below",
            Field::Pt | Field::Pl | Field::Pb | Field::Pr if c.pads.is_none() => {
                "equal to P: tick “padding per side”"
            }
            _ => return None,
        };
        Some(AttrValue::from(why))
    };
    let field_html = |f: Field| {
        html! {
            <field::NumberField
                field={f}
                text={viz.texts[f.index()].clone()}
                value={viz.config.get(f)}
                error={viz.errors[f.index()].as_ref().map(|e| e.to_string())}
                on_edit={on_edit.clone()}
                unused={unused(f)}
            />
        }
    };
    let fields = Field::MAIN.iter().map(|&f| field_html(f));
    let toggle = |label: &'static str, id: &'static str, on: bool, make: fn(bool) -> Msg| {
        let on_msg = on_msg.clone();
        let onchange = Callback::from(move |e: Event| {
            on_msg.emit(make(
                e.target_unchecked_into::<web_sys::HtmlInputElement>()
                    .checked(),
            ))
        });
        html! {
            <label class="toggle">
                <input type="checkbox" data-testid={id} checked={on} {onchange} />
                <span>{ label }</span>
            </label>
        }
    };
    let more_open = !c.is_square() || c.rect;
    let more = html! {
        <details class="more" open={more_open}>
            <summary data-testid="more">{ "More: rectangular input and filter, padding per side, dilation" }</summary>
            <div class="more-body">
                <div class="more-group">
                    { toggle("rectangular (W, Fw, Sw on their own)", "rect", c.rect, Msg::SetRect) }
                    <div class="fields">
                        { field_html(Field::W) }{ field_html(Field::Fw) }{ field_html(Field::Sw) }
                    </div>
                </div>
                <div class="more-group">
                    { toggle("padding per side", "per-side", c.pads.is_some(), Msg::SetPerSide) }
                    <div class="fields">
                        { field_html(Field::Pt) }{ field_html(Field::Pl) }{ field_html(Field::Pb) }{ field_html(Field::Pr) }
                    </div>
                </div>
                <div class="more-group">
                    <div class="fields">{ field_html(Field::Dil) }</div>
                </div>
            </div>
        </details>
    };

    // Shared by the full page and the embedded view.
    let transport = || {
        html! {
            <transport::Transport
                step={viz.step}
                positions={viz.positions()}
                playing={viz.playing}
                speed={viz.steps_per_second()}
                on_msg={on_msg.clone()}
            />
        }
    };
    let arithmetic = |layer: &Layer| {
        html! {
            <readouts::DotProductPanel
                dot={layer.trace(viz.step).as_ref().map(|t| text::dot_product(t, layer.config.relu))}
                pool={layer.pool_trace(viz.step).map(|t| text::pool_max(&t, layer.config.d))}
                status={text::status(layer, viz.step)}
            />
        }
    };

    // Embedded in a slide: the picture, the formula, the transport; nothing else.
    {
        let embed = viz.embed;
        use_effect_with(embed, move |&embed| {
            if let Some(root) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element())
            {
                let _ = if embed {
                    root.set_attribute("data-embed", "1")
                } else {
                    root.remove_attribute("data-embed")
                };
            }
        });
    }
    if viz.embed {
        return match &*layer {
            Ok(layer) => {
                let formula = text::formula(&layer.config, &layer.exact);
                let full = format!(
                    "?{}",
                    url::to_query(&Viz {
                        embed: false,
                        ..(*viz).clone()
                    })
                );
                html! {
                    <main class="embed">
                        <div class="embed-bar">
                            <a class="brand" href={full} target="_blank" rel="noopener" title="Open the full ConvScope">{ "ConvScope ↗" }</a>
                            <span class="embed-formula" data-testid="formula">{ &formula.expr }</span>
                            <span class="embed-shape" data-testid="output-shape">{ &formula.shape }</span>
                        </div>
                        { transport() }
                        <stage::Stage layer={layer.clone()} step={viz.step} on_seek={on_msg.reform(Msg::Seek)} embed=true />
                        { arithmetic(layer) }
                    </main>
                }
            }
            Err(e) => html! { <p class="error" role="alert">{ e.to_string() }</p> },
        };
    }

    let body = match &*layer {
        Ok(layer) => {
            let formula = text::formula(&layer.config, &layer.exact);
            let costs = text::costs(&layer.config, &layer.exact);
            html! {
                <>
                    <readouts::Readouts formula={formula} costs={costs} />
                    { transport() }
                    <stage::Stage layer={layer.clone()} step={viz.step} on_seek={on_msg.reform(Msg::Seek)} />
                    { arithmetic(layer) }
                    <code::CodePanel config={layer.config} on_msg={on_msg.clone()} />
                    <stack::StackTable
                        stack={viz.stack.clone()}
                        rounding={viz.config.rounding}
                        current={viz.config}
                        error={viz.stack_error.clone()}
                        on_msg={on_msg.clone()}
                    />
                    <section class="charts" aria-label="Charts"><charts::SizeChart config={layer.config} on_msg={on_msg.clone()} /><charts::Heatmaps layer={layer.clone()} /></section>
                </>
            }
        }
        // Unreachable with the field limits, but a sentence beats a blank page.
        Err(e) => html! { <p class="error" role="alert">{ e.to_string() }</p> },
    };

    html! {
        <>
            <header class="top">
                <h1>{ "ConvScope" }</h1>
                <p class="tagline">{ "The convolution layer of CS231n lecture 5, one dot product at a time." }</p>
                <a class="to-lab" href="#real-image" data-testid="to-lab">{ crate::app::image_text::JUMP }</a>
                <share::Share viz={(*viz).clone()} title={share_title(&viz.config)} />
            </header>
            <main>
                if !notices.is_empty() {
                    <div class="url-notice" role="status" data-testid="url-notice">
                        <p>{ "Some settings in the link were not used:" }</p>
                        <ul>{ for notices.iter().map(|n| html! { <li>{ n }</li> }) }</ul>
                        <button type="button" onclick={{ let notices = notices.clone(); Callback::from(move |_: MouseEvent| notices.set(Vec::new())) }}>{ "Dismiss" }</button>
                    </div>
                }
                <section class="controls" aria-label="Hyperparameters">
                    <div class="fields">{ for fields }</div>
                    { more }
                    <options::LayerOptions config={viz.config} on_msg={on_msg.clone()} />
                </section>
                { body }
                <lab::RealImage image={*image} on_image={{ let image = image.clone(); Callback::from(move |b| image.set(b)) }} />
            </main>
            <footer class="foot">
                <p>
                    { "Keys: Space play/pause · ← → step · Home/End first/last · + − speed. " }
                    { "Values are seeded: the same settings always show the same numbers. Small integers (inputs 0–3, weights −2–2) can be checked by hand." }
                </p>
            </footer>
        </>
    }
}
