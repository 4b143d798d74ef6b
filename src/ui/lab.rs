//! The real-image view (wasm32 only): a thin Yew layer over [`crate::app::lab`]. It renders
//! the state, turns events into [`LabMsg`]s, asks the browser to decode uploads
//! ([`super::decode`]) and paints bitmaps and charts ([`crate::render::bitmap`]).
//!
//! Split into components with narrow props and one stable callback, so that dragging a
//! weight re-renders only the editor, the zoom, the one changed map and the FC chart.

use super::decode::decode;
use super::hooks::use_painter;
use crate::app::i18n::{self, Lang};
use crate::app::image_text::{self as t, UploadError};
use crate::app::images::{Builtin, Colour};
use crate::app::lab::{
    Lab, LabMsg, MapOut, Pipeline, Slot, Source, Zoom, MAX_FILTERS, MAX_STRIDE, SIZES,
};
use crate::app::state::Theme;
use crate::app::text::{self, channel_label, dot_product, num, DotProduct};
use crate::cnn::{FilterKind, Volume};
use crate::render::bitmap;
use gloo_events::EventListener;
use gloo_timers::callback::{Interval, Timeout};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{File, FileList, HtmlCanvasElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

thread_local! {
    /// Each view's latest state, by the ConvScope it belongs to (its root element: the page's
    /// `#app`, or an element the JavaScript API mounted into; one wasm serves them all). The
    /// page re-keys everything on a language switch, which re-mounts the view (this wasm stays
    /// loaded); the new mount starts from here, so a student's picture, edited filters and
    /// window survive the switch.
    static KEPT: RefCell<Vec<(Option<web_sys::Element>, Lab)>> = const { RefCell::new(Vec::new()) };
}

/// Takes the state kept for the ConvScope at `root`.
fn take_kept(root: &Option<web_sys::Element>) -> Option<Lab> {
    KEPT.with(|k| {
        let mut k = k.borrow_mut();
        let i = k.iter().position(|(r, _)| r == root)?;
        Some(k.swap_remove(i).1)
    })
}

/// Keeps `lab` as the latest state of the ConvScope at `root`.
fn keep(root: Option<web_sys::Element>, lab: Lab) {
    KEPT.with(|k| {
        let mut k = k.borrow_mut();
        match k.iter_mut().find(|(r, _)| *r == root) {
            Some(slot) => slot.1 = lab,
            None => k.push((root, lab)),
        }
    });
}

impl Reducible for Lab {
    type Action = LabMsg;

    fn reduce(self: Rc<Self>, msg: LabMsg) -> Rc<Self> {
        self.apply(msg).map_or(self, Rc::new)
    }
}

/// Logs a drawing error (the page stays usable; the console says why a canvas is blank).
fn report(result: Result<(), String>) {
    if let Err(e) = result {
        web_sys::console::error_1(&e.into());
    }
}

/// An `Rc` compared by address: a map or volume is "changed" when it was recomputed, so the
/// component repaints only then (and never compares 65,536 floats).
#[derive(Clone)]
struct Same<T>(Rc<T>);

impl<T> PartialEq for Same<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The files of a FileList.
fn files_of(list: Option<FileList>) -> Vec<File> {
    let Some(list) = list else {
        return Vec::new();
    };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// The value of the `<select>` an event came from.
fn select_value(e: &Event) -> String {
    e.target_unchecked_into::<HtmlSelectElement>().value()
}

/// The value of the `<input>` an event came from.
fn input_value<E: AsRef<Event>>(e: &E) -> String {
    e.as_ref()
        .target_unchecked_into::<HtmlInputElement>()
        .value()
}

/// A filter's name: "4: Sobel x (vertical edges)", "(edited)" once a weight was changed.
fn filter_name(i: usize, s: &Slot) -> String {
    format!(
        "{i}: {}{}",
        t::filter_label(s.kind),
        if s.edited { t::edited() } else { String::new() }
    )
}

/// Props of [`RealImage`].
#[derive(Properties, PartialEq)]
pub struct RealImageProps {
    /// The built-in picture to start with (from the link).
    pub image: Builtin,
    /// Called when another built-in picture is chosen (the link follows it).
    pub on_image: Callback<Builtin>,
    /// The root of the ConvScope this view belongs to, which its kept state is filed under.
    #[prop_or_default]
    pub root: Option<web_sys::Element>,
}

/// The real-image section: picture, filters, activation maps, pooling, zoom and FC.
#[component]
pub fn RealImage(props: &RealImageProps) -> Html {
    let lab = {
        let (image, root) = (props.image, props.root.clone());
        use_reducer(move || {
            let kept = take_kept(&root);
            // A state from before a re-mount, unless it was playing: a view that starts
            // moving by itself after a language switch would surprise.
            kept.map_or_else(
                || Lab::new(image),
                |l| Lab {
                    playing: false,
                    ..l
                },
            )
        })
    };
    {
        // After every render (a clone is a few Rc counts and the filters' weights; comparing
        // states would compare pictures value by value).
        let (lab, root) = (lab.clone(), props.root.clone());
        use_effect(move || keep(root, (*lab).clone()));
    }
    let pipeline = use_mut_ref(Pipeline::new);
    let reading = use_state_eq(|| false);
    let output = pipeline.borrow_mut().run(&lab).map_err(|e| e.to_string());
    let on_msg = {
        let d = lab.dispatcher();
        use_callback((), move |m: LabMsg, _| d.dispatch(m))
    };

    // Once the view has been still for a moment, the maps of the stride next to this one are
    // made and kept (`Pipeline::warm_neighbour`): cold, the stride slider's first move took
    // two or three frames (its maps, FC shares and the browser's first compile of that code).
    // Every render drops the pending one, so a drag or the player never waits for it.
    {
        let warm = use_mut_ref(|| None::<Timeout>);
        let (pipeline, lab) = (pipeline.clone(), (*lab).clone());
        use_effect(move || {
            *warm.borrow_mut() = Some(Timeout::new(400, move || {
                pipeline.borrow_mut().warm_neighbour(&lab);
            }));
        });
    }

    // The player: a tick while playing.
    {
        let d = lab.dispatcher();
        use_effect_with(lab.playing, move |&playing| {
            let ticker = playing.then(|| Interval::new(150, move || d.dispatch(LabMsg::Tick)));
            move || drop(ticker)
        });
    }

    // Uploads, from the file picker, a drop or a paste.
    let on_files = {
        let d = lab.dispatcher();
        let reading = reading.clone();
        use_callback((), move |files: Vec<File>, _| {
            let refuse = |name: &str, e: UploadError| LabMsg::Refused(t::upload_refused(name, &e));
            match files.len() {
                0 => d.dispatch(refuse("", UploadError::NoFile)),
                1 => {
                    let file = files[0].clone();
                    let (d, reading) = (d.clone(), reading.clone());
                    reading.set(true);
                    wasm_bindgen_futures::spawn_local(async move {
                        let name = file.name();
                        match decode(file).await {
                            Ok(x) => d.dispatch(LabMsg::Loaded {
                                name,
                                picture: x.picture,
                                original: x.original,
                            }),
                            Err(e) => d.dispatch(refuse(&name, e)),
                        }
                        reading.set(false);
                    });
                }
                n => d.dispatch(refuse("", UploadError::Several { files: n })),
            }
        })
    };
    // Pasting a picture anywhere on the page (text pastes are left to the text boxes).
    {
        let on_files = on_files.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "paste", move |e| {
                    let files = e
                        .dyn_ref::<web_sys::ClipboardEvent>()
                        .and_then(|e| e.clipboard_data())
                        .map(|d| files_of(d.files()))
                        .unwrap_or_default();
                    if !files.is_empty() {
                        on_files.emit(files);
                    }
                })
            });
            move || drop(listener)
        });
    }
    let on_image = {
        let (on_msg, up) = (on_msg.clone(), props.on_image.clone());
        use_callback(up, move |b: Builtin, up| {
            on_msg.emit(LabMsg::Builtin(b));
            up.emit(b);
        })
    };

    let g = lab.geometry().ok();
    let (oh, ow) = g.map(|g| (g.out_h(), g.out_w())).unwrap_or((0, 0));
    let source = match &lab.source {
        Source::Builtin(b) => Ok(*b),
        Source::Upload { name, .. } => Err(t::short_name(name)),
    };
    let names: Vec<String> = lab
        .slots
        .iter()
        .enumerate()
        .map(|(i, s)| filter_name(i, s))
        .collect();

    // The maps' canvases keep one store across strides (`bitmap::put_rgba_kept`).
    let store = lab.map_store().unwrap_or((oh, ow));
    let maps = match &output {
        Ok(out) => {
            let tiles = out.maps.iter().enumerate().map(|(k, m)| {
                html! {
                    <MapTile
                        key={k}
                        index={k}
                        name={names[k].clone()}
                        map={Same(m.clone())}
                        store={store}
                        marker={(k == lab.selected).then_some(lab.at)}
                        on_msg={on_msg.clone()}
                    />
                }
            });
            let m0 = out.maps.first();
            let shape = m0
                .map(|m| (m.act.height(), m.act.width()))
                .unwrap_or((0, 0));
            let pooled = m0
                .and_then(|m| m.pooled.as_ref())
                .map(|p| (p.height(), p.width()));
            html! {
                <div class="lab-maps-wrap">
                    <h3 class="lab-maps-title" data-testid="lab-maps-title">{ t::maps_title(shape, out.maps.len(), lab.relu, pooled) }</h3>
                    <div class="lab-maps" data-testid="lab-maps">{ for tiles }</div>
                </div>
            }
        }
        Err(e) => html! { <p class="error" role="alert">{ e }</p> },
    };
    let fc = match output.as_ref().map(|o| &o.fc) {
        Ok(Ok(fc)) => html! {
            <div class="lab-fc">
                <h3>{ t::fc_title() }</h3>
                <p data-testid="lab-fc-summary">{ t::fc_summary(fc.shape, fc.scores.len(), fc.params) }</p>
                <Bars scores={fc.scores.clone()} />
                <p class="chart-note">{ t::fc_note() }</p>
            </div>
        },
        Ok(Err(why)) => html! {
            <div class="lab-fc"><h3>{ t::fc_title() }</h3><p data-testid="lab-fc-summary">{ why }</p></div>
        },
        Err(_) => html! {},
    };

    html! {
        // Inside the page's section (`super::lab_slot`), under its title.
        <>
            <p class="tagline">{ t::intro() }</p>
            <div class="lab-top">
                <Controls
                    source={source}
                    reading={*reading}
                    upload_error={lab.upload_error.clone()}
                    colour={lab.colour}
                    size={lab.size}
                    f={lab.f}
                    stride={lab.stride}
                    same={lab.same}
                    relu={lab.relu}
                    pool={lab.pool}
                    on_msg={on_msg.clone()}
                    on_files={on_files.clone()}
                    on_image={on_image}
                />
                <Picture input={Same(lab.input.clone())} zoom={lab.zoom()} caption={lab.caption()} on_msg={on_msg.clone()} />
                <ZoomPanel
                    zoom={lab.zoom()}
                    dot={lab.trace().map(|tr| dot_product(&tr, lab.relu))}
                    status={t::zoom_status(names.get(lab.selected).map(|s| s.as_str()).unwrap_or(""), lab.at, (oh, ow))}
                    playing={lab.playing}
                    row={ow}
                    on_msg={on_msg.clone()}
                />
            </div>
            <div class="lab-middle">
                <div class="lab-filters">
                    <FilterList
                        names={names.clone()}
                        selected={lab.selected}
                        on_msg={on_msg.clone()}
                    />
                    if let Some(slot) = lab.slots.get(lab.selected) {
                        <Editor
                            index={lab.selected}
                            name={names[lab.selected].clone()}
                            slot={slot.clone()}
                            f={lab.f}
                            depth={lab.depth()}
                            cell={lab.cell}
                            error={lab.weight_error.clone()}
                            on_msg={on_msg.clone()}
                        />
                    }
                </div>
                { maps }
            </div>
            { fc }
        </>
    }
}

/// Props of [`LabRoot`].
#[derive(Properties, PartialEq)]
pub struct LabRootProps {
    /// The built-in picture to start with.
    pub image: Builtin,
    /// The page's language.
    pub lang: Lang,
    /// Called when another built-in picture is chosen.
    pub on_image: Callback<Builtin>,
    /// The element the view is mounted in: its page's `data-theme` colours the charts.
    pub host: web_sys::Element,
}

/// The view as its own app, in its own wasm: sets the language, follows the page's theme
/// (given to the charts as a context), then renders [`RealImage`].
#[component]
pub fn LabRoot(props: &LabRootProps) -> Html {
    i18n::set_lang(props.lang);
    let theme = super::hooks::use_page_theme(props.host.clone());
    html! {
        <ContextProvider<Theme> context={theme}>
            <RealImage image={props.image} on_image={props.on_image.clone()}
                root={props.host.closest("[data-convscope], .convscope").ok().flatten()} />
        </ContextProvider<Theme>>
    }
}

/// The charts' colours in the page's theme (light outside a [`LabRoot`]).
#[hook]
fn use_ink() -> bitmap::ChartInk {
    bitmap::ChartInk::of(use_context::<Theme>().unwrap_or(Theme::Light))
}

/// Renders the real-image view into `element` (the page's section hands it over; see
/// `src/bin/convscope-lab.rs`). `table` is the language's table (the wasm carries none).
pub fn mount(
    element: web_sys::Element,
    image: Builtin,
    lang: Lang,
    table: Option<String>,
    on_image: Callback<Builtin>,
) -> yew::AppHandle<LabRoot> {
    super::set_panic_hook();
    // The view's own sentences travel in this wasm only (the page's does not carry them).
    i18n::install_view();
    // The page hands over the table it reads itself, so a refusal here is a bug to log.
    if let Some(Err(e)) = table.map(|t| i18n::install(lang, t)) {
        web_sys::console::error_1(
            &format!("{}.txt line {}: {}", lang.code(), e.line, e.why).into(),
        );
    }
    let lang = i18n::shown(lang);
    let props = LabRootProps {
        image,
        lang,
        on_image,
        host: element.clone(),
    };
    apart_from_the_page();
    yew::Renderer::<LabRoot>::with_root_and_props(element, props).render()
}

/// An app with nothing in it, for [`apart_from_the_page`].
#[component]
fn Nothing() -> Html {
    Html::default()
}

/// Yew marks the elements of each app with its root's number, counted from 1 in each wasm,
/// and finds an event's handlers from the capturing listener on its own root. This view is
/// mounted inside the page's app, which is another wasm with its own Yew: with equal
/// numbers, the page took the view's events for its own (a key in the zoom also moved the
/// explainer's cell focus). Mounting throwaway roots once, before the first real one, moves
/// this wasm's numbers past any the page uses (its own app, and a few `mount()`s).
fn apart_from_the_page() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        for _ in 0..64 {
            if let Ok(el) = document.create_element("div") {
                yew::Renderer::<Nothing>::with_root(el).render().destroy();
            }
        }
    });
}

/// Props of [`Controls`].
#[derive(Properties, PartialEq)]
struct ControlsProps {
    /// The built-in picture, or the name of the upload.
    source: Result<Builtin, String>,
    reading: bool,
    upload_error: Option<String>,
    colour: Colour,
    size: usize,
    f: usize,
    stride: usize,
    same: bool,
    relu: bool,
    pool: bool,
    on_msg: Callback<LabMsg>,
    on_files: Callback<Vec<File>>,
    on_image: Callback<Builtin>,
}

/// The picture menu, the upload, and the layer's settings.
#[component]
fn Controls(p: &ControlsProps) -> Html {
    let on_msg = &p.on_msg;
    let on_pick = {
        let on_files = p.on_files.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let files = files_of(input.files());
            // Cleared, so choosing the same file again is a change too.
            input.set_value("");
            if !files.is_empty() {
                on_files.emit(files);
            }
        })
    };
    let on_drop = {
        let on_files = p.on_files.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            on_files.emit(files_of(e.data_transfer().and_then(|d| d.files())));
        })
    };
    let on_drag_over = Callback::from(|e: DragEvent| e.prevent_default());
    let on_image = {
        let up = p.on_image.clone();
        Callback::from(move |e: Event| {
            if let Some(b) = Builtin::from_id(&select_value(&e)) {
                up.emit(b);
            }
        })
    };
    let current = match &p.source {
        Ok(b) => b.id(),
        Err(_) => "upload",
    };
    let on_select = |make: fn(&str) -> Option<LabMsg>| {
        let on_msg = on_msg.clone();
        Callback::from(move |e: Event| {
            if let Some(m) = make(&select_value(&e)) {
                on_msg.emit(m);
            }
        })
    };
    let on_stride = {
        let on_msg = on_msg.clone();
        Callback::from(move |e: InputEvent| {
            if let Ok(n) = input_value(&e).parse() {
                on_msg.emit(LabMsg::Stride(n));
            }
        })
    };
    let toggle = |id: &'static str, label: &'static str, on: bool, make: fn(bool) -> LabMsg| {
        let on_msg = on_msg.clone();
        let onchange = Callback::from(move |e: Event| {
            on_msg.emit(make(
                e.target_unchecked_into::<HtmlInputElement>().checked(),
            ))
        });
        html! {
            <label class="toggle"><input type="checkbox" data-testid={id} checked={on} {onchange} /><span>{ label }</span></label>
        }
    };
    html! {
        <div class="lab-controls">
            <label class="lab-field">{ t::picture() }
                <select autocomplete="off" data-testid="lab-image" onchange={on_image}>
                    { for Builtin::ALL.iter().map(|b| html! {
                        <option value={b.id()} selected={current == b.id()}>{ t::builtin_label(*b) }</option>
                    }) }
                    if let Err(name) = &p.source {
                        <option value="upload" selected=true>{ t::yours(name) }</option>
                    }
                </select>
            </label>
            <div class="drop" data-testid="lab-drop" ondrop={on_drop} ondragover={on_drag_over}>
                <p>{ t::drop_hint() }</p>
                <input type="file" accept="image/*" data-testid="lab-file" aria-label={t::choose()} onchange={on_pick} />
                if p.reading { <p class="lab-reading" role="status">{ t::reading() }</p> }
            </div>
            if let Some(e) = &p.upload_error {
                <p class="lab-upload-error" role="alert" data-testid="lab-upload-error">{ e }</p>
            }
            <div class="lab-row">
                <label class="lab-field">{ t::colour() }
                    <select autocomplete="off" data-testid="lab-colour" onchange={on_select(|v| Some(LabMsg::Colour(if v == "grey" { Colour::Grey } else { Colour::Rgb })))}>
                        <option value="rgb" selected={p.colour == Colour::Rgb}>{ "RGB (D = 3)" }</option>
                        <option value="grey" selected={p.colour == Colour::Grey}>{ t::grey() }</option>
                    </select>
                </label>
                <label class="lab-field">{ t::long_side() }
                    <select autocomplete="off" data-testid="lab-size" onchange={on_select(|v| v.parse().ok().map(LabMsg::Size))}>
                        { for SIZES.iter().map(|&n| html! { <option value={n.to_string()} selected={p.size == n}>{ format!("≤ {n} px") }</option> }) }
                    </select>
                </label>
            </div>
            <div class="lab-row">
                <label class="lab-field">{ t::filter_size() }
                    <select autocomplete="off" data-testid="lab-f" onchange={on_select(|v| v.parse().ok().map(LabMsg::FilterSize))}>
                        { for [3usize, 5, 7].iter().map(|&n| html! { <option value={n.to_string()} selected={p.f == n}>{ format!("{n} × {n}") }</option> }) }
                    </select>
                </label>
                <label class="lab-field">{ format!("S = {} ", p.stride) }
                    <input type="range" autocomplete="off" min="1" max={MAX_STRIDE.to_string()} step="1" value={p.stride.to_string()}
                        data-testid="lab-stride" aria-label={t::stride()} oninput={on_stride} />
                </label>
            </div>
            <div class="lab-row">
                { toggle("lab-same", t::same(), p.same, LabMsg::Same) }
                { toggle("lab-relu", "ReLU", p.relu, LabMsg::Relu) }
                { toggle("lab-pool", t::pool(), p.pool, LabMsg::Pool) }
            </div>
            <p class="chart-note">{ t::colour_note() }</p>
        </div>
    }
}

/// Props of [`Picture`].
#[derive(Properties, PartialEq)]
struct PictureProps {
    input: Same<Volume>,
    zoom: Option<Zoom>,
    caption: String,
    on_msg: Callback<LabMsg>,
}

/// The input picture with the window on it; a click moves the window there.
#[component]
fn Picture(p: &PictureProps) -> Html {
    let canvas = use_node_ref();
    {
        let canvas = canvas.clone();
        use_effect_with(p.input.clone(), move |v| {
            if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                report(bitmap::paint_input(&c, &v.0));
            }
        });
    }
    let v = &p.input.0;
    let (h, w) = (v.height() as f64, v.width() as f64);
    let onclick = {
        let on_msg = p.on_msg.clone();
        Callback::from(move |e: MouseEvent| {
            let el: web_sys::Element = e.target_unchecked_into();
            let r = el.get_bounding_client_rect();
            if r.width() > 0.0 && r.height() > 0.0 {
                let x = ((e.offset_x() as f64) / r.width() * w).floor() as isize;
                let y = ((e.offset_y() as f64) / r.height() * h).floor() as isize;
                on_msg.emit(LabMsg::SeekInput(y, x));
            }
        })
    };
    let window = p.zoom.as_ref().map(|z| {
        format!(
            "left:{}%;top:{}%;width:{}%;height:{}%",
            z.left as f64 / w * 100.0,
            z.top as f64 / h * 100.0,
            z.f as f64 / w * 100.0,
            z.f as f64 / h * 100.0
        )
    });
    html! {
        <figure class="lab-picture">
            <div class="bitmap-wrap">
                <canvas ref={canvas} class="bitmap" data-testid="lab-input" {onclick}
                    role="img" aria-label={t::input_label(v.width(), v.height(), v.depth())} />
                if let Some(style) = window { <div class="lab-window" style={style} aria-hidden="true"></div> }
            </div>
            <figcaption data-testid="lab-caption">{ &p.caption }</figcaption>
        </figure>
    }
}

/// Props of [`ZoomPanel`].
#[derive(Properties, PartialEq)]
struct ZoomProps {
    zoom: Option<Zoom>,
    dot: Option<DotProduct>,
    status: String,
    playing: bool,
    /// Positions per output row (the down arrow moves by this many).
    row: usize,
    on_msg: Callback<LabMsg>,
}

/// The window and a ring around it, per channel, with the pixel values, then the dot
/// product; arrows and Space drive it.
#[component]
fn ZoomPanel(p: &ZoomProps) -> Html {
    let on_key = {
        let (on_msg, row) = (p.on_msg.clone(), p.row as isize);
        Callback::from(move |e: KeyboardEvent| {
            let m = match e.key().as_str() {
                "ArrowRight" => LabMsg::StepBy(1),
                "ArrowLeft" => LabMsg::StepBy(-1),
                "ArrowDown" => LabMsg::StepBy(row),
                "ArrowUp" => LabMsg::StepBy(-row),
                " " => LabMsg::TogglePlay,
                _ => return,
            };
            // The page's own keys drive the explainer above; these belong to the zoom.
            e.prevent_default();
            e.stop_propagation();
            on_msg.emit(m);
        })
    };
    let msg = |m: LabMsg| {
        let on_msg = p.on_msg.clone();
        Callback::from(move |_: MouseEvent| on_msg.emit(m.clone()))
    };
    let grids = p.zoom.as_ref().map(|z| {
        let depth = z.channels.len();
        html! {
            <div class="zoom-grids">
                { for (0..depth).map(|c| html! { <ZoomGrid zoom={z.clone()} channel={c} /> }) }
            </div>
        }
    });
    let dot = p.dot.as_ref().map(|d| {
        // One line per row of the window (padding terms read w·0), as the grids above lay it
        // out: while a row fits on its line (F = 3 with the usual numbers, at the widths the
        // style sheet gives the zoom), the card's height depends on F and the channels, not
        // on the numbers, so stepping the window or sliding the stride does not move
        // everything below it. One string per line: the explainer above shades each term;
        // here a 3-channel 7 × 7 window would be 147 elements.
        let f = p.zoom.as_ref().map_or(0, |z| z.f);
        let terms = |ch: &crate::app::text::ChannelSum| {
            let lines = text::window_rows(&ch.terms, f);
            lines.into_iter().map(|l| html! { <span class="lab-terms">{ l }</span> }).collect::<Html>()
        };
        // What the longest sum needs, set once on the table (the cells inherit the custom
        // property); the style sheet keeps the column at least its usual width. The fixed
        // table takes its columns' widths from the first row.
        let sums: Vec<&str> = d.channels.iter().map(|ch| ch.sum.as_str()).collect();
        let sum_width = format!("--sum-width:{:.1}ch", text::sum_column_ch(&sums, &d.total));
        html! {
            <div class="lab-dot">
                <p class="lab-dot-target" data-testid="lab-dot-target">{ t::dot_target(&d.target, d.channels.len(), &d.filter) }</p>
                <table style={sum_width}>
                    <tbody>
                        { for d.channels.iter().map(|ch| html! {
                            <tr><th scope="row">{ &ch.label }</th><td>{ terms(ch) }</td><td class="lab-sum">{ format!("= {}", ch.sum) }</td></tr>
                        }) }
                        <tr class="lab-out">
                            <th scope="row">{ "out" }</th>
                            <td><span class="lab-terms">{ format!("{} (bias\u{a0}{})", d.sums, d.bias) }</span></td>
                            <td class="lab-sum">{ "= " }<strong data-testid="lab-dot-total">{ &d.total }</strong></td>
                        </tr>
                        if let Some(r) = &d.relu {
                            <tr><th scope="row">{ "ReLU" }</th><td>{ r }</td><td></td></tr>
                        }
                    </tbody>
                </table>
            </div>
        }
    });
    html! {
        <div class="lab-zoom" role="group" tabindex="0" onkeydown={on_key} data-testid="lab-zoom" aria-label={t::zoom_heading()}>
            <div class="lab-transport">
                <button type="button" onclick={msg(LabMsg::StepBy(-1))} aria-label={t::previous()}>{ "◀" }</button>
                <button type="button" data-testid="lab-play" onclick={msg(LabMsg::TogglePlay)}>{ if p.playing { t::pause() } else { t::play() } }</button>
                <button type="button" onclick={msg(LabMsg::StepBy(1))} aria-label={t::next()}>{ "▶" }</button>
            </div>
            <p class="lab-status" data-testid="lab-status">{ &p.status }</p>
            { grids.unwrap_or_default() }
            { dot.unwrap_or_default() }
            <p class="chart-note">{ t::zoom_note() }</p>
        </div>
    }
}

/// Props of [`ZoomGrid`].
#[derive(Properties, PartialEq)]
struct ZoomGridProps {
    zoom: Zoom,
    channel: usize,
}

/// One channel of the zoom as a small canvas: each pixel's grey and value, the window
/// outlined, the padding light grey. A canvas rather than a table: 25–81 cells per channel would
/// be as many elements to diff on every step.
#[component]
fn ZoomGrid(p: &ZoomGridProps) -> Html {
    let canvas = use_node_ref();
    // Scrolled above the maps (at 1280 × 860 the dot product and the maps fill the screen), the
    // grids paint up to 150 ms later (or when they come into view), not in the frame that
    // shows a stride or window change: ~0.7 ms of its task.
    let painter = use_painter(canvas.clone());
    {
        let canvas = canvas.clone();
        use_effect_with((p.zoom.clone(), p.channel), move |(z, c)| {
            let (z, c) = (z.clone(), *c);
            painter.paint(move || {
                if let Some(el) = canvas.cast::<HtmlCanvasElement>() {
                    report(bitmap::paint_zoom(&el, &z, c));
                }
            });
        });
    }
    let z = &p.zoom;
    let rows = z.channels.get(p.channel).cloned().unwrap_or_default();
    let pad = rows.iter().flatten().filter(|v| v.is_none()).count();
    let window: Vec<String> = rows
        .iter()
        .zip(&z.rows)
        .flat_map(|(vals, &y)| {
            vals.iter()
                .zip(&z.cols)
                .filter(move |(_, &x)| z.in_window(y, x))
                .map(|(v, _)| format!("{:.2}", v.unwrap_or(0.0)))
        })
        .collect();
    let name = channel_label(p.channel, z.channels.len());
    html! {
        <figure class="zoom-grid">
            <figcaption>{ &name }</figcaption>
            <canvas ref={canvas} data-testid={format!("lab-zoom-{}", p.channel)} data-pad={pad.to_string()}
                role="img" aria-label={t::zoom_label(&name, &window.join(" "))} />
        </figure>
    }
}

/// Props of [`FilterList`].
#[derive(Properties, PartialEq)]
struct FilterListProps {
    /// Each filter's name.
    names: Vec<String>,
    selected: usize,
    on_msg: Callback<LabMsg>,
}

/// The K filters (select one to edit it, remove it) and "Add filter".
#[component]
fn FilterList(p: &FilterListProps) -> Html {
    let add_kind = use_state_eq(|| FilterKind::Random);
    let msg = |m: LabMsg| {
        let on_msg = p.on_msg.clone();
        Callback::from(move |_: MouseEvent| on_msg.emit(m.clone()))
    };
    let rows = p.names.iter().enumerate().map(|(i, name)| {
        html! {
            <li class={classes!((i == p.selected).then_some("selected"))}>
                <button type="button" class="lab-filter-name" data-testid={format!("lab-filter-{i}")}
                    aria-pressed={(i == p.selected).to_string()} onclick={msg(LabMsg::Select(i))}>{ name }</button>
                <button type="button" aria-label={t::remove_filter(i)} disabled={p.names.len() == 1} onclick={msg(LabMsg::Remove(i))}>{ "×" }</button>
            </li>
        }
    });
    let on_add_kind = {
        let add_kind = add_kind.clone();
        Callback::from(move |e: Event| {
            if let Some(k) = FilterKind::from_id(&select_value(&e)) {
                add_kind.set(k);
            }
        })
    };
    let full = p.names.len() >= MAX_FILTERS;
    html! {
        <>
            <h3>{ format!("{} K = {}", t::filters(), p.names.len()) }</h3>
            <ol class="lab-filter-list">{ for rows }</ol>
            <div class="lab-row">
                <select autocomplete="off" data-testid="lab-add-kind" aria-label={t::new_kind()} onchange={on_add_kind}>
                    { for FilterKind::ALL.iter().map(|k| html! { <option value={k.id()} selected={*k == *add_kind}>{ t::filter_label(*k) }</option> }) }
                </select>
                <button type="button" data-testid="lab-add" disabled={full} onclick={msg(LabMsg::Add(*add_kind))}>{ t::add() }</button>
            </div>
            if full { <p class="chart-note">{ t::full() }</p> }
        </>
    }
}

/// Props of [`Editor`].
#[derive(Properties, PartialEq)]
struct EditorProps {
    index: usize,
    name: String,
    slot: Slot,
    f: usize,
    depth: usize,
    /// The weight the slider moves.
    cell: usize,
    error: Option<String>,
    on_msg: Callback<LabMsg>,
}

/// The weights of the selected filter: one grid per channel, the bias, a slider for the
/// focused weight, and Reset.
#[component]
fn Editor(p: &EditorProps) -> Html {
    let (i, f, depth) = (p.index, p.f, p.depth);
    let grids = (0..depth).map(|c| {
        let rows = (0..f).map(|y| {
            let cells = (0..f).map(|x| {
                let idx = (c * f + y) * f + x;
                let onchange = {
                    let on_msg = p.on_msg.clone();
                    Callback::from(move |e: Event| {
                        on_msg.emit(LabMsg::TypeWeight(i, idx, input_value(&e)))
                    })
                };
                let onfocus = {
                    let on_msg = p.on_msg.clone();
                    Callback::from(move |_: FocusEvent| on_msg.emit(LabMsg::PickCell(idx)))
                };
                html! {
                    <td class={classes!((idx == p.cell).then_some("picked"))}>
                        <input type="text" inputmode="decimal" size="5" autocomplete="off"
                            data-testid={format!("lab-w-{c}-{y}-{x}")}
                            aria-label={t::weight_label(&channel_label(c, depth), y, x)}
                            value={num(p.slot.weights[idx] as f64)} {onchange} {onfocus} />
                    </td>
                }
            });
            html! { <tr>{ for cells }</tr> }
        });
        html! {
            <table class="weights">
                <caption>{ channel_label(c, depth) }</caption>
                <tbody>{ for rows }</tbody>
            </table>
        }
    });
    let w = p.slot.weights.get(p.cell).copied().unwrap_or(0.0);
    let range = (w.abs().ceil() as f64).max(2.0);
    let on_slide = {
        let on_msg = p.on_msg.clone();
        Callback::from(move |e: InputEvent| {
            if let Ok(v) = input_value(&e).parse::<f32>() {
                on_msg.emit(LabMsg::SlideWeight(v));
            }
        })
    };
    let on_bias = {
        let on_msg = p.on_msg.clone();
        Callback::from(move |e: Event| on_msg.emit(LabMsg::TypeBias(i, input_value(&e))))
    };
    let on_reset = {
        let on_msg = p.on_msg.clone();
        Callback::from(move |_: MouseEvent| on_msg.emit(LabMsg::Reset(i)))
    };
    let on_kind = {
        let on_msg = p.on_msg.clone();
        Callback::from(move |e: Event| {
            if let Some(k) = FilterKind::from_id(&select_value(&e)) {
                on_msg.emit(LabMsg::Kind(i, k));
            }
        })
    };
    let (c, rest) = (p.cell / (f * f), p.cell % (f * f));
    html! {
        <div class="lab-editor" data-testid="lab-editor">
            <h4>{ t::weights_of(&p.name) }</h4>
            <label class="lab-field">{ t::kind() }
                <select autocomplete="off" data-testid="lab-kind" onchange={on_kind}>
                    { for FilterKind::ALL.iter().map(|k| html! { <option value={k.id()} selected={*k == p.slot.kind}>{ t::filter_label(*k) }</option> }) }
                </select>
            </label>
            <div class="weight-grids">{ for grids }</div>
            <div class="lab-row">
                <label class="lab-field">{ t::bias() }
                    <input type="text" inputmode="decimal" size="5" autocomplete="off" data-testid="lab-bias" value={num(p.slot.bias as f64)} onchange={on_bias} />
                </label>
                <button type="button" data-testid="lab-reset" onclick={on_reset}>{ t::reset() }</button>
            </div>
            <label class="lab-field lab-slider">
                { format!("{}[{}][{}] = {} ", channel_label(c, depth), rest / f, rest % f, num(w as f64)) }
                <input type="range" autocomplete="off" data-testid="lab-slider" min={(-range).to_string()} max={range.to_string()} step="0.01"
                    value={w.to_string()} oninput={on_slide} />
            </label>
            if let Some(e) = &p.error {
                <p class="lab-error" role="alert" data-testid="lab-weight-error">{ e }</p>
            }
        </div>
    }
}

/// Props of [`MapTile`].
#[derive(Properties, PartialEq)]
struct MapTileProps {
    index: usize,
    name: String,
    map: Same<MapOut>,
    /// The size of the map canvas's store (height, width): the map at stride 1
    /// ([`Lab::map_store`]); the pooled canvas's is half that.
    store: (usize, usize),
    /// The zoomed position, on the selected filter's map.
    marker: Option<(usize, usize)>,
    on_msg: Callback<LabMsg>,
}

/// A map's and its pooled map's pixels, each `None` without a finite value.
type Pixels = (Option<Rc<Vec<u8>>>, Option<Rc<Vec<u8>>>);

/// The pixels of `m`: kept from an earlier paint of the same map (the pipeline hands out
/// the same `Rc` when the stride slider goes back to a stride, `Pipeline`), else coloured
/// now and kept, for at most the newest [`MAX_STRIDE`] maps that the pipeline still holds
/// (a `Weak` keeps neither the map's values alive nor its address free for another map).
/// The bytes depend on the map and its scale only, so they are what colouring afresh gives.
fn pixels(kept: &RefCell<Vec<(std::rc::Weak<MapOut>, Pixels)>>, m: &Rc<MapOut>) -> Pixels {
    let mut kept = kept.borrow_mut();
    kept.retain(|(k, _)| k.strong_count() > 0);
    if let Some(i) = kept
        .iter()
        .position(|(k, _)| std::ptr::eq(k.as_ptr(), Rc::as_ptr(m)))
    {
        let hit = kept.remove(i);
        let px = hit.1.clone();
        kept.push(hit);
        return px;
    }
    let colour = |v: &Volume, s: &Option<crate::app::charts::ColorScale>| {
        s.as_ref().map(|s| Rc::new(bitmap::map_rgba(v, s)))
    };
    let px = (
        colour(&m.act, &m.scale),
        m.pooled.as_ref().and_then(|p| colour(p, &m.pooled_scale)),
    );
    if kept.len() >= MAX_STRIDE {
        kept.remove(0);
    }
    kept.push((Rc::downgrade(m), px.clone()));
    px
}

/// One activation map (a bitmap), its legend and its pooled map; a click selects
/// the filter and moves the window there.
#[component]
fn MapTile(p: &MapTileProps) -> Html {
    let map_ref = use_node_ref();
    let pooled_ref = use_node_ref();
    let tile_ref = use_node_ref();
    // A tile below the fold (the view's second row of maps at 1280 × 860) paints up to 150 ms
    // after a change or when it comes into view, as the page's charts do.
    let painter = use_painter(tile_ref.clone());
    let kept = use_mut_ref(Vec::new);
    {
        let (map_ref, pooled_ref) = (map_ref.clone(), pooled_ref.clone());
        let kept = kept.clone();
        use_effect_with((p.map.clone(), p.store), move |(m, store)| {
            let (m, (sh, sw)) = (m.clone(), *store);
            painter.paint(move || {
                let (map, pooled) = pixels(&kept, &m.0);
                let m = &m.0;
                if let (Some(rgba), Some(c)) = (map, map_ref.cast::<HtmlCanvasElement>()) {
                    let (w, h) = (m.act.width(), m.act.height());
                    report(bitmap::put_rgba_kept(&c, (sw, sh), w, h, &rgba));
                }
                if let (Some(rgba), Some(c), Some(pm)) = (
                    pooled,
                    pooled_ref.cast::<HtmlCanvasElement>(),
                    m.pooled.as_ref(),
                ) {
                    let (w, h) = (pm.width(), pm.height());
                    report(bitmap::put_rgba_kept(&c, (sw / 2, sh / 2), w, h, &rgba));
                }
            });
        });
    }
    let m = &p.map.0;
    let (h, w) = (m.act.height(), m.act.width());
    let onclick = {
        let (on_msg, k) = (p.on_msg.clone(), p.index);
        Callback::from(move |e: MouseEvent| {
            let el: web_sys::Element = e.target_unchecked_into();
            let r = el.get_bounding_client_rect();
            if r.width() > 0.0 && r.height() > 0.0 {
                let x = ((e.offset_x() as f64) / r.width() * w as f64)
                    .floor()
                    .max(0.0) as usize;
                let y = ((e.offset_y() as f64) / r.height() * h as f64)
                    .floor()
                    .max(0.0) as usize;
                on_msg.emit(LabMsg::Select(k));
                on_msg.emit(LabMsg::Seek(y.min(h - 1), x.min(w - 1)));
            }
        })
    };
    let marker = p.marker.map(|(r, c)| {
        format!(
            "left:{}%;top:{}%;width:{}%;height:{}%",
            c as f64 / w as f64 * 100.0,
            r as f64 / h as f64 * 100.0,
            100.0 / w as f64,
            100.0 / h as f64
        )
    });
    let (min, max) = m
        .scale
        .map(|s| (num(s.min as f64), num(s.max as f64)))
        .unwrap_or_default();
    html! {
        <figure ref={tile_ref} class={classes!("map-tile", p.marker.is_some().then_some("selected"))} data-testid={format!("lab-map-{}", p.index)}
            data-min={min.clone()} data-max={max.clone()}>
            <figcaption>{ &p.name }</figcaption>
            <div class="bitmap-wrap">
                <canvas ref={map_ref} class="bitmap" {onclick} role="img" aria-label={t::map_label(&p.name, h, w, &min, &max)} />
                if let Some(style) = marker { <div class="lab-marker" style={style} aria-hidden="true"></div> }
            </div>
            if let Some(s) = &m.scale { <Legend scale={*s} /> }
            if let Some(pm) = &m.pooled {
                <div class="pooled">
                    <canvas ref={pooled_ref} class="bitmap" role="img" aria-label={t::pooled_label(&p.name, pm.height(), pm.width())} />
                    <span class="chart-note">{ t::pooled_note(pm.height(), pm.width(), &m.pooled_scale.map(|s| s.range_text()).unwrap_or_default()) }</span>
                </div>
            }
        </figure>
    }
}

/// Props of [`Legend`].
#[derive(Properties, PartialEq)]
struct LegendProps {
    scale: crate::app::charts::ColorScale,
}

/// A map's colour scale: a bar as wide as the map, its colours a CSS gradient
/// ([`ColorScale::css_gradient`](crate::app::charts::ColorScale::css_gradient)), and the
/// minimum, 0 (where it falls inside, clear of the ends) and the maximum under it. Markup
/// rather than a canvas: it takes the map's width at every page width, its text is the
/// page's, and a new map whose range did not move (a stride, most weights) leaves it
/// untouched. Hidden from screen readers: the map's own label says its range.
#[component]
fn Legend(p: &LegendProps) -> Html {
    // The 0 label only where it clears the end labels on the narrowest bar (the tiles'
    // grid is at least 160 px a column; the labels are 11 px).
    let ticks = p.scale.ticks_clear(160.0, 11.0);
    let last = ticks.len().saturating_sub(1);
    html! {
        <div class="legend-scale" aria-hidden="true">
            <div class="legend-bar" style={format!("background:{}", p.scale.css_gradient())}></div>
            <div class="legend-ticks">
                { for ticks.iter().enumerate().map(|(i, t)| {
                    // The ends sit inside the bar's ends; a middle label centres on its value.
                    let style = if ticks.len() == 1 {
                        "left:50%;transform:translateX(-50%)".to_string()
                    } else if i == 0 {
                        "left:0".to_string()
                    } else if i == last {
                        "right:0".to_string()
                    } else {
                        format!("left:{:.2}%;transform:translateX(-50%)", t.at * 100.0)
                    };
                    html! { <span {style}>{ &t.label }</span> }
                }) }
            </div>
        </div>
    }
}

/// Props of [`Bars`].
#[derive(Properties, PartialEq)]
struct BarsProps {
    scores: Vec<f32>,
}

/// The FC scores as a bar chart.
#[component]
fn Bars(p: &BarsProps) -> Html {
    let canvas = use_node_ref();
    let ink = use_ink();
    let painter = use_painter(canvas.clone());
    {
        let canvas = canvas.clone();
        use_effect_with((p.scores.clone(), ink), move |(s, ink)| {
            let (s, ink) = (s.clone(), *ink);
            painter.paint(move || {
                if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                    report(bitmap::paint_bars(&c, &s, 420.0, ink));
                }
            });
        });
    }
    let label = p
        .scores
        .iter()
        .enumerate()
        .map(|(i, s)| format!("{i}: {}", num(*s as f64)))
        .collect::<Vec<_>>()
        .join(", ");
    html! {
        <canvas ref={canvas} data-testid="lab-fc-bars" role="img" aria-label={t::bars_label(&label)} data-scores={label} />
    }
}
