//! The Yew front end (wasm32 only): a thin layer that renders [`crate::app`] state and turns
//! DOM events into [`Msg`]s. No arithmetic lives here.

mod assets;
mod charts;
mod code;
mod code_view;
mod decode;
mod field;
mod gif;
mod highlight;
mod hooks;
mod lab;
pub use gif::save as gif_save;
pub use lab::LabRoot;
mod lab_slot;
mod live;
mod looks;
mod options;
mod quiz;
mod readouts;
pub mod remote;
mod share;
mod stack;
mod stage;
pub mod stage_worker;
mod transport;

use crate::app::fields::Field;
use crate::app::i18n::{self, Lang};
use crate::app::layer::Layer;
use crate::app::quiz::Kind as QuizKind;
use crate::app::state::{Msg, Op, Viz};
use crate::app::text;
use crate::app::transpose_text;
use crate::app::url;
use gloo_events::EventListener;
use gloo_timers::callback::Interval;
use hooks::use_system_theme;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::tr;

/// The browser's preferred language, for a link without `lang`.
pub(crate) fn browser_lang() -> Lang {
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .and_then(|l| Lang::parse(&l))
        .unwrap_or_default()
}

/// Mounts the app into `#app`, replacing the loading message, with a panic hook that shows a
/// message and a reload button instead of a frozen page.
pub fn start() {
    set_panic_hook();
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    // Only ConvScope's own page: a course page that loads the module for `mount` may have an
    // unrelated #app.
    let Some(root) = document
        .query_selector("#app[data-convscope]")
        .ok()
        .flatten()
    else {
        return;
    };
    // The page waits for its language's table (fetched, not built in; `boot.js` started the
    // fetch beside the wasm), so it never shows a key or flashes English first.
    let lang = url::from_query(&location_query(), browser_lang()).viz.lang;
    wasm_bindgen_futures::spawn_local(async move {
        match assets::page_tables(lang).await {
            Ok(()) => {
                root.set_inner_html("");
                yew::Renderer::<App>::with_root(root).render();
            }
            // The panel's title and button in the page's language too.
            Err(sentence) => i18n::with_lang(lang, || show_fatal(&sentence)),
        }
    });
}

/// Shows a panic's message in the `#fatal` panel with a reload button, instead of a frozen
/// page (the page's wasm and the real-image view's each set it).
pub(crate) fn set_panic_hook() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let message = format!("{info}");
        web_sys::console::error_1(&message.clone().into());
        show_fatal(&tr!("fatal.text", message));
    }));
}

/// Renders the real-image view into `element`: what the view's own wasm
/// (`src/bin/convscope-lab.rs`) exports as `mount_lab`. `image` is a built-in picture's id,
/// `lang` a language code, `table` that language's table when it is not English.
pub fn mount_lab(
    element: web_sys::Element,
    image: &str,
    lang: &str,
    table: Option<String>,
    on_image: Callback<crate::app::images::Builtin>,
) -> yew::AppHandle<LabRoot> {
    let image = crate::app::images::Builtin::from_id(image).unwrap_or_default();
    lab::mount(
        element,
        image,
        Lang::parse(lang).unwrap_or_default(),
        table,
        on_image,
    )
}

/// Reveals the `#fatal` panel of `index.html` with `detail` (text only, never HTML).
/// Shows `sentence` in the `#fatal` panel (its title and button in the current language).
fn show_fatal(sentence: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(text) = document.get_element_by_id("fatal-text") {
        text.set_text_content(Some(sentence));
    }
    if let Some(h) = document.query_selector("#fatal h2").ok().flatten() {
        h.set_text_content(Some(tr!("fatal.title")));
    }
    if let Some(b) = document.get_element_by_id("fatal-reload") {
        b.set_text_content(Some(tr!("fatal.reload")));
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
    let target = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    let tag = target.as_ref().map(|el| el.tag_name()).unwrap_or_default();
    let key = e.key();
    // The focused picture owns the keys that move its cell focus.
    let canvas_key = matches!(
        key.as_str(),
        "ArrowUp" | "ArrowDown" | "ArrowLeft" | "ArrowRight" | "Enter" | "Escape" | "[" | "]" | "c"
    );
    // The transport's scrubber steps as the page does, so a clicker works after a drag on it
    // (and hands the key back at an end); other inputs own their keys.
    let scrubber = target.is_some_and(|el| el.class_name().split(" ").any(|c| c == "scrubber"));
    if (matches!(tag.as_str(), "INPUT" | "SELECT" | "TEXTAREA") && !scrubber)
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

/// A short description of a layer for links: "7×7×1, 1 filter 3×3, S 2".
fn share_title(c: &crate::app::state::Config) -> String {
    match c.op {
        Op::Conv => {
            let conv = tr!(
                "share.title_conv",
                format!("{}×{}×{}", c.w(), c.n, c.d),
                crate::plural!(c.k, "unit.filter"),
                format!("{}×{}", c.fw(), c.f),
                c.s,
                c.p
            );
            // Through the table too (it was English on the Korean page).
            if c.is_transposed() {
                tr!("share.title_tconv", conv, c.opad)
            } else {
                conv
            }
        }
        Op::MaxPool => tr!(
            "share.title_pool",
            format!("{}×{}", c.fw(), c.f),
            c.s,
            format!("{}×{}×{}", c.w(), c.n, c.d)
        ),
    }
}

/// Props of [`App`].
#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// Set when the JavaScript API mounted ConvScope into a host page's element: the settings
    /// come from it, not from the address, which stays the host's.
    #[prop_or_default]
    pub host: Option<remote::Host>,
}

/// The page.
#[component]
pub fn App(props: &AppProps) -> Html {
    let host = props.host.clone();
    // The address (or the host's settings) restores the page once, at start; notices say
    // what it could not use.
    let start_query = {
        let host = host.clone();
        use_memo((), move |_| {
            host.as_ref()
                .map_or_else(location_query, |h| h.query.clone())
        })
    };
    let restored = {
        let query = start_query.clone();
        use_memo((), move |_| url::from_query(&query, browser_lang()))
    };
    let viz = {
        let restored = restored.clone();
        use_reducer(move || live::Shown {
            viz: Rc::new(restored.viz.clone()),
            live: Rc::default(),
        })
    };
    let live = viz.live.clone();
    // Remote control: the handle of a mounted app, or postMessage to this frame.
    let control = {
        let own = host.as_ref().map(|h| h.control.clone());
        use_memo((), move |_| own.unwrap_or_default())
    };
    {
        let (control, dispatcher, state) =
            ((*control).clone(), viz.dispatcher(), (*viz.viz).clone());
        use_effect(move || control.attach(dispatcher, &state));
    }
    remote::use_post_message((*control).clone(), host.is_none());
    {
        let host = host.clone();
        let key = (viz.step, viz.playing, viz.positions(), viz.config);
        let state = (*viz.viz).clone();
        use_effect_with(key, move |_| {
            remote::announce(&state, state.step, host.as_ref())
        });
    }
    {
        // The short path's ticks are announced too (and followed by a mounted app's handle).
        let (host, control, state) = (host.clone(), (*control).clone(), viz.viz.clone());
        let writer: live::Writer = Rc::new(move |step| {
            control.follow(step);
            remote::announce(&state, step, host.as_ref());
        });
        live.set(live::Part::Announce, Some(writer));
    }
    // The real-image view's built-in picture travels in the link too (`img=`).
    let image = {
        let restored = restored.clone();
        use_state_eq(move || restored.image)
    };
    let query = url::to_query_with_image(&viz, *image);
    // The same frame in the slide view, fitted to the window: a projector's page.
    let present = format!("?{query}{}embed=1", if query.is_empty() { "" } else { "&" });
    let mounted = host.is_some();
    use_effect_with(query, move |q| {
        if !mounted {
            hooks::write_address(q)
        }
    });
    // A language other than English is fetched when chosen (the size budget); until its table
    // is here the page stays in English, and if it cannot come, a notice says why.
    let refresh = use_force_update();
    let lang_failed = use_state(|| None::<String>);
    {
        let lang_failed = lang_failed.clone();
        use_effect_with(viz.lang, move |&wanted| {
            if !i18n::loaded(wanted) {
                wasm_bindgen_futures::spawn_local(async move {
                    match assets::table(wanted).await {
                        Ok(()) => refresh.force_update(),
                        Err(why) => lang_failed.set(Some(tr!(
                            "lang.load_failed",
                            wanted.name(),
                            why,
                            i18n::shown(wanted).name()
                        ))),
                    }
                });
            }
        });
    }
    let lang = i18n::shown(viz.lang);
    // Every sentence below is written in the page's language.
    i18n::set_lang(lang);
    // The link's notices, written again in the page's language after a switch, until dismissed.
    let dismissed = use_state_eq(|| false);
    let notices = {
        let (restored, query) = (restored.clone(), start_query.clone());
        use_memo((lang, (*lang_failed).clone()), move |(lang, failed)| {
            let mut all = if *lang == restored.viz.lang {
                restored.notices.clone()
            } else {
                url::notices_in(&query, *lang)
            };
            all.extend(failed.clone());
            all
        })
    };
    let notices: &[String] = if *dismissed { &[] } else { &notices };
    // The last layer built, whose input the next can take (`Layer::new_after`).
    let last_layer = use_mut_ref(|| None::<Rc<Layer>>);
    let layer = use_memo((viz.config, lang), |(c, _)| {
        let previous = last_layer.borrow_mut().take();
        let layer = Layer::new_after(*c, previous.as_deref()).map(Rc::new);
        *last_layer.borrow_mut() = layer.as_ref().ok().cloned();
        layer
    });
    // The views that write a tick themselves: the picture, the transport and the read-out
    // under the picture (a dot product, a pooling window or the scatter view's stamp; not a
    // quiz's, whose ticks take the reducer).
    let short = viz.playing && viz.quiz.is_none() && layer.is_ok();
    live.rendered(short.then(|| viz.viz.clone()));
    let live_for = |on: bool| on.then(|| live.clone());
    let shown_layer: Option<Rc<Layer>> = (*layer).as_ref().ok().cloned();
    let theme = use_system_theme(viz.theme);
    {
        // The document's language (screen readers, fonts) and colour scheme follow the state,
        // and its `data-embed` the embedded view (one effect: each costs code in the wasm).
        let (theme, embed) = (viz.theme, viz.embed);
        let element = host.as_ref().map(|h| h.element.clone());
        use_effect_with((lang, theme, embed), move |&(lang, theme, embed)| {
            let document = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element());
            if let Some(root) = &document {
                let _ = if embed {
                    root.set_attribute("data-embed", "1")
                } else {
                    root.remove_attribute("data-embed")
                };
            }
            // The tab's title in the page's language (index.html's is English); a host
            // page's title is its own.
            if let (None, Some(d)) = (&element, web_sys::window().and_then(|w| w.document())) {
                d.set_title(tr!("page.title"));
            }
            // Mounted: only the host element is ours to mark.
            if let Some(root) = element.or(document) {
                let _ = root.set_attribute("lang", lang.code());
                let _ = root.set_attribute("data-theme", theme.code());
            }
        });
    }

    // The ticker exists only while playing; dropping it on pause or speed change cancels it.
    {
        let (dispatcher, live) = (viz.dispatcher(), live.clone());
        let period_ms = (1000.0 / viz.steps_per_second()).round() as u32;
        use_effect_with((viz.playing, period_ms), move |&(playing, ms)| {
            let ticker = playing.then(|| {
                Interval::new(ms, move || {
                    if !live.tick() {
                        dispatcher.dispatch(Msg::Tick)
                    }
                })
            });
            move || drop(ticker)
        });
    }

    // Keyboard control for the whole page (or, mounted, for the host element), except while
    // typing in a control.
    {
        let dispatcher = viz.dispatcher();
        let (control, host) = ((*control).clone(), host.clone());
        let element = host.as_ref().map(|h| h.element.clone());
        use_effect_with((), move |_| {
            let target: Option<web_sys::EventTarget> = match element {
                Some(e) => Some(e.into()),
                None => web_sys::window().map(Into::into),
            };
            let listener = target.map(|w| {
                // Not passive: Space must not also scroll the page, arrows must not scroll.
                let options = gloo_events::EventListenerOptions::enable_prevent_default();
                EventListener::new_with_options(&w, "keydown", options, move |e| {
                    if let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() {
                        if let Some(msg) = page_key(e) {
                            // A step that cannot move is the slides' around a frame or a
                            // mount (`remote::hand_back`): their key, its default action left
                            // alone. A page on its own keeps it (Page Down must not scroll).
                            let edge = match msg {
                                Msg::StepBy(d) => control.edge(d),
                                _ => None,
                            };
                            let embed = control.embedded();
                            if !edge.is_some_and(|e| remote::hand_back(e, host.as_ref(), embed)) {
                                e.prevent_default();
                                dispatcher.dispatch(msg);
                            }
                        }
                    }
                })
            });
            move || drop(listener)
        });
    }

    // One callback for the page's lifetime (the dispatcher never changes): a new one on every
    // render would make every child's props unequal, so each animation step re-rendered the
    // fields, options, code panel, stack table, charts and the real-image view.
    let on_edit = {
        let d = viz.dispatcher();
        (*use_memo((), move |_| {
            Callback::from(move |(field, text): (Field, String)| d.dispatch(Msg::Edit(field, text)))
        }))
        .clone()
    };
    let on_msg = {
        let d = viz.dispatcher();
        (*use_memo((), move |_| Callback::from(move |m: Msg| d.dispatch(m)))).clone()
    };
    let on_seek = {
        let d = viz.dispatcher();
        (*use_memo((), move |_| {
            Callback::from(move |i: usize| d.dispatch(Msg::Seek(i)))
        }))
        .clone()
    };
    let on_image = {
        let image = image.clone();
        (*use_memo((), move |_| Callback::from(move |b| image.set(b)))).clone()
    };

    // Which rows of the stack table show this layer: the table re-renders only when they (or
    // the stack) change, not on every control.
    let selected = use_memo(
        (viz.stack.clone(), viz.config.rounding, viz.config),
        |(stack, rounding, config)| -> Rc<[bool]> {
            crate::app::stack::highlighted(&crate::app::stack::rows(stack, *rounding), config)
                .into()
        },
    );
    let selected: Rc<[bool]> = (*selected).clone();

    // The keyboard focus around the quiz: opening it moves the focus into it (not when the
    // page opens on a quiz link: a slide's frame must not take its deck's focus), and ending
    // it gives the focus back to "Quiz me" (its panel, with the focus, is gone).
    let quiz_start = use_node_ref();
    let seen_without_quiz = use_mut_ref(|| false);
    let quiz_takes_focus = *seen_without_quiz.borrow();
    if viz.quiz.is_none() {
        *seen_without_quiz.borrow_mut() = true;
    }
    hooks::use_focus(u32::from(viz.quiz.is_some()), quiz_start.clone(), false);

    let c = viz.config;
    // Why a field does not apply right now, shown in place of its hint (and it is disabled).
    let unused = move |f: Field| -> Option<AttrValue> {
        let why = match f {
            Field::K if c.op == Op::MaxPool => tr!("unused.k_pool"),
            Field::W | Field::Fw | Field::Sw if !c.rect => tr!("unused.rect"),
            Field::P if c.pads.is_some() => tr!("unused.p_per_side"),
            Field::Pt | Field::Pl | Field::Pb | Field::Pr if c.pads.is_none() => {
                tr!("unused.sides")
            }
            f => return transpose_text::unused_hint(&c, f).map(AttrValue::from),
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
            <summary data-testid="more">{ tr!("more.summary") }</summary>
            <div class="more-body">
                <div class="more-group">
                    { toggle(tr!("more.rect"), "rect", c.rect, Msg::SetRect) }
                    <div class="fields">
                        { field_html(Field::W) }{ field_html(Field::Fw) }{ field_html(Field::Sw) }
                    </div>
                </div>
                <div class="more-group">
                    { toggle(tr!("more.per_side"), "per-side", c.pads.is_some(), Msg::SetPerSide) }
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
    let (transposed_label, scatter_label, tconv_summary) = transpose_text::control_labels();
    let tconv_open = c.transposed || c.groups > 1;
    let tconv = html! {
        <details class="more tconv" open={tconv_open}>
            <summary data-testid="tconv-more">{ tconv_summary }</summary>
            <div class="more-body">
                <div class="more-group">
                    { toggle(transposed_label, "transposed", c.transposed, Msg::SetTransposed) }
                    { toggle(scatter_label, "scatter", viz.scatter, Msg::SetScatter) }
                    <div class="fields">{ field_html(Field::Opad) }</div>
                </div>
                <div class="more-group">
                    <div class="fields">{ field_html(Field::G) }</div>
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
                live={live_for(short)}
            />
        }
    };
    let arithmetic = |layer: &Layer| {
        // The scatter view steps over input cells: its read-out is the stamp, not a dot product.
        if viz.scattering() {
            let stamp = transpose_text::scatter_lines(layer, viz.step);
            let status = stamp
                .as_ref()
                .map_or_else(|| text::status(layer, 0), |s| s.2.clone());
            return html! {
                <readouts::DotProductPanel
                    dot={None::<text::DotProduct>}
                    scatter={stamp.map(|(target, lines, _)| (target, lines))}
                    status={status}
                    playing={viz.playing}
                    live={live_for(short).zip(shown_layer.clone())}
                />
            };
        }
        html! {
            <readouts::DotProductPanel
                dot={layer.trace(viz.step).as_ref().map(|t| text::dot_product(t, layer.config.relu))}
                pool={layer.pool_trace(viz.step).map(|t| text::pool_max(&t, layer.config.d))}
                transposed={layer.transpose.is_some()}
                status={text::status(layer, viz.step)}
                playing={viz.playing}
                live={live_for(short).zip(shown_layer.clone())}
            />
        }
    };

    // Quiz mode: the question first; the picture (for a next-cell question) and the
    // read-outs only once it is answered, so nothing on screen gives the answer away.
    if let Some(q) = &viz.quiz {
        let hidden = viz.answer_hidden();
        let content = match &*layer {
            Ok(layer) => {
                let show_stage = !hidden || q.question.kind == QuizKind::NextCell;
                let formula = text::formula(&layer.config, &layer.exact);
                let costs = text::costs(&layer.config, &layer.exact);
                html! {
                    <>
                        <quiz::QuizPanel quiz={q.clone()} on_msg={on_msg.clone()} take_focus={quiz_takes_focus} />
                        if !hidden {
                            <readouts::Readouts formula={formula} costs={costs} />
                            { transport() }
                        }
                        if show_stage {
                            <stage::Stage layer={layer.clone()} step={viz.step} live={live_for(short)} on_seek={on_seek.clone()} embed={viz.embed} theme={theme} />
                        } else {
                            <p class="quiz-hidden">{ tr!("quiz.hidden") }</p>
                        }
                        if !hidden { { arithmetic(layer) } }
                    </>
                }
            }
            Err(e) => html! { <p class="error" role="alert">{ text::error(e) }</p> },
        };
        return if viz.embed {
            html! { <main class="embed">{ content }</main> }
        } else {
            html! {
                <div class="lang-root" key={lang.code()}>
                    <header class="top">
                        <h1>{ "ConvScope" }</h1>
                        <p class="tagline">{ tr!("app.tagline") }</p>
                        <looks::Looks lang={lang} theme={viz.theme} on_msg={on_msg.clone()} />
                        <share::Share viz={(*viz.viz).clone()} title={tr!("quiz.start")} />
                    </header>
                    <main>{ content }</main>
                </div>
            }
        };
    }
    if viz.embed {
        return match &*layer {
            Ok(layer) => {
                let formula = text::formula(&layer.config, &layer.exact);
                let full = format!(
                    "?{}",
                    url::to_query(&Viz {
                        embed: false,
                        ..(*viz.viz).clone()
                    })
                );
                html! {
                    <main class="embed">
                        <div class="embed-bar">
                            if mounted {
                                <span class="brand">{ "ConvScope" }</span>
                            } else {
                                // The frame's page heading (a page needs one; a mount's host has its own).
                                <h1><a class="brand" href={full} target="_blank" rel="noopener" title={tr!("embed.open_full")}>{ "ConvScope ↗" }</a></h1>
                            }
                            <span class="embed-formula" data-testid="formula">{ &formula.expr }</span>
                            <span class={classes!("embed-shape", (!formula.fits).then_some("misfit"))} data-testid="output-shape">{ &formula.shape }</span>
                        </div>
                        // A slide with a mistyped link says so, rather than silently showing the defaults.
                        if !notices.is_empty() {
                            <p class="url-notice embed-notice" role="status" data-testid="url-notice">{ notices.join(" ") }</p>
                        }
                        { transport() }
                        <stage::Stage layer={layer.clone()} step={viz.step} live={live_for(short)} scatter={viz.scattering()} on_seek={on_seek.clone()} embed=true theme={theme} />
                        { arithmetic(layer) }
                    </main>
                }
            }
            Err(e) => html! { <p class="error" role="alert">{ text::error(e) }</p> },
        };
    }

    let body = match &*layer {
        Ok(layer) => {
            let formula = text::formula(&layer.config, &layer.exact);
            let costs = text::costs(&layer.config, &layer.exact);
            html! {
                <>
                    <readouts::Readouts formula={formula} costs={costs} label={Some(AttrValue::from(transpose_text::formula_label(&layer.config)))} />
                    { transport() }
                    <stage::Stage layer={layer.clone()} step={viz.step} live={live_for(short)} scatter={viz.scattering()} on_seek={on_seek.clone()} theme={theme} speed={viz.steps_per_second()} />
                    { arithmetic(layer) }
                    <code::CodePanel config={layer.config} on_msg={on_msg.clone()} />
                    <stack::StackTable
                        stack={viz.stack.clone()}
                        rounding={viz.config.rounding}
                        selected={selected.clone()}
                        error={viz.stack_error.clone()}
                        refused={viz.stack_refusals()}
                        on_msg={on_msg.clone()}
                    />
                    <section class="charts" aria-label={tr!("charts.label")}><charts::SizeChart config={layer.config} on_msg={on_msg.clone()} theme={theme} /><charts::Heatmaps layer={layer.clone()} theme={theme} /></section>
                </>
            }
        }
        // Unreachable with the field limits, but a sentence beats a blank page.
        Err(e) => html! { <p class="error" role="alert">{ text::error(e) }</p> },
    };

    // Keyed by language, so a language switch redraws every component in the new language.
    html! {
        <div class="lang-root" key={lang.code()}>
            <header class="top">
                <h1>{ "ConvScope" }</h1>
                <p class="tagline">{ tr!("app.tagline") }</p>
                <looks::Looks lang={lang} theme={viz.theme} on_msg={on_msg.clone()} />
                <button type="button" class="quiz-start" data-testid="quiz-start" ref={quiz_start}
                    onclick={on_msg.reform(move |_: MouseEvent| Msg::QuizStart(c.seed))}>{ tr!("quiz.start") }</button>
                <a class="to-lab" href="#real-image" data-testid="to-lab">{ crate::app::image_text::jump() }</a>
                if !mounted {
                    <a class="to-lab" href={present} target="_blank" rel="noopener" title={tr!("present.title")} data-testid="present">{ tr!("present.link") }</a>
                }
                <share::Share viz={(*viz.viz).clone()} title={share_title(&viz.config)} live={Some(live.clone())} />
            </header>
            <main>
                if !notices.is_empty() {
                    <div class="url-notice" role="status" data-testid="url-notice">
                        <p>{ tr!("notice.intro") }</p>
                        <ul>{ for notices.iter().map(|n| html! { <li>{ n }</li> }) }</ul>
                        <button type="button" onclick={{ let dismissed = dismissed.clone(); Callback::from(move |_: MouseEvent| dismissed.set(true)) }}>{ tr!("notice.dismiss") }</button>
                    </div>
                }
                <section class="controls" aria-label={tr!("controls.label")}>
                    <div class="fields">{ for fields }</div>
                    { more }
                    { tconv }
                    <options::LayerOptions config={viz.config} on_msg={on_msg.clone()} />
                </section>
                { body }
                <lab_slot::LabSlot image={*image} eager={restored.image != Default::default()} on_image={on_image.clone()} />
            </main>
            <footer class="foot">
                <p>
                    { tr!("foot.keys") }{ " " }{ tr!("foot.seeded") }
                </p>
            </footer>
        </div>
    }
}
