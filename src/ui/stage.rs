//! The canvas: input with its zero-padding, filter and output, repainted when the layer, the
//! step, the focus or the available room changes. Pointing at a cell highlights what it
//! relates to; clicking an output cell jumps there; clicking (tapping) an input cell or a
//! weight pins its highlight, which touch screens need.

use super::hooks::use_room;
use super::live::{Live, Part, Writer};
use super::stage_worker::Remote;
use crate::app::layer::Layer;
use crate::app::relations::{describe, step_focus, Focus};
use crate::app::state::Theme;
use crate::render::{canvas, scene};
use crate::tr;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlCanvasElement, HtmlElement};
use yew::prelude::*;

/// Props of [`Stage`].
#[derive(Properties, PartialEq)]
pub struct StageProps {
    /// The layer to draw.
    pub layer: Rc<Layer>,
    /// The current position.
    pub step: usize,
    /// Called with the position of a clicked output cell.
    pub on_seek: Callback<usize>,
    /// Embedded in a slide: the picture gets nearly the whole frame.
    #[prop_or_default]
    pub embed: bool,
    /// The colour scheme being shown (already resolved from "system").
    pub theme: Theme,
    /// The scatter view of a transposed layer (`step` then counts input cells).
    #[prop_or_default]
    pub scatter: bool,
    /// The animation's short path, when it takes this state's ticks: the picture then
    /// follows it without a render, and a render of the stage's own (a pointer, a resize)
    /// draws the position it has reached.
    #[prop_or_default]
    pub live: Option<Rc<Live>>,
    /// The animation's speed, steps a second: a saved GIF's pace.
    #[prop_or(1.0)]
    pub speed: f64,
}

/// A saved picture's name without its ending: "convscope-7x7x1-f3-s2-p0".
fn file_stem(c: &crate::app::state::Config) -> String {
    format!(
        "convscope-{}x{}x{}-f{}-s{}-p{}",
        c.w(),
        c.n,
        c.d,
        c.f,
        c.s,
        c.p
    )
}

/// The position on screen when an event comes: the short path's, if it has moved on since
/// the stage rendered at `step`.
fn shown_step(live: &Option<Rc<Live>>, step: usize) -> usize {
    live.as_ref().map_or(step, |l| l.step_or(step))
}

/// What a frame is drawn from, besides the layer and the position.
#[derive(Clone, Copy)]
pub(crate) struct Frame {
    pub view: scene::View,
    pub focus: Option<Focus>,
    pub room: (f64, f64),
    /// The picture must fit `room` (a slide's frame, which should not scroll): small cells
    /// may not take two screens' height.
    pub fit: bool,
    pub theme: Theme,
}

/// The frame at `step` for a painter on this thread, around the panels whose bitmaps it
/// holds at pixel ratio `dpr`.
fn here_scene(
    frames: &mut canvas::Frames,
    layer: &Layer,
    step: usize,
    f: Frame,
    dpr: f64,
) -> scene::Scene {
    let palette = scene::Palette::of(f.theme);
    let (view, focus, room) = (f.view, f.focus, f.room);
    let screens = if f.fit { 1.0 } else { 2.0 };
    scene::build_kept(
        layer,
        view,
        step,
        focus,
        room,
        screens,
        &palette,
        &mut |c, b, zoom| frames.holds(c, b, dpr * zoom),
    )
}

/// The size, in CSS pixels, of the frame at `step`: what a canvas sized to it
/// (`canvas::Sizing::Store`) takes at one pixel per CSS pixel (zoomed in a slide's frame).
pub(crate) fn frame_size(layer: &Layer, step: usize, f: Frame) -> (u32, u32) {
    let scene = here_scene(&mut canvas::Frames::default(), layer, step, f, 1.0);
    let (w, h, z) = (scene.layout.width, scene.layout.height, scene.layout.zoom);
    ((w.ceil() * z).round() as u32, (h.ceil() * z).round() as u32)
}

/// The point under a pointer event, in the picture's own pixels (the layout's): the canvas
/// shows them `zoom` times larger in a slide's frame.
fn at(e: &MouseEvent, lay: &scene::Layout) -> (f64, f64) {
    (
        f64::from(e.offset_x()) / lay.zoom,
        f64::from(e.offset_y()) / lay.zoom,
    )
}

/// Paints the frame at `step` on `canvas` from this thread (the page's, or the worker's): the
/// render's `scene` when given, else one built around the panels `frames` holds.
pub(crate) fn paint_here(
    canvas: &HtmlCanvasElement,
    sizing: canvas::Sizing,
    frames: &mut canvas::Frames,
    (layer, step, f): (&Layer, usize, Frame),
    scene: Option<&Rc<scene::Scene>>,
    dpr: f64,
) -> Result<(), JsValue> {
    let scene = match scene {
        Some(s) => s.clone(),
        None => Rc::new(here_scene(frames, layer, step, f, dpr)),
    };
    canvas::paint_frame(canvas, sizing, &scene, frames, dpr)
}

/// The animation's ticks painted by a worker (`ui::stage_worker`) on a canvas of their own,
/// stacked over the stage's: a render (a slider, a pointer, a pause) paints the stage's
/// canvas on this thread as before and hides the worker's; a tick posts its frame, and the
/// worker's canvas is shown from the first frame it paints. Until the worker has shown a
/// frame once (it is still loading; and without a worker) a tick paints the stage's canvas
/// here too; after that, the render's frame stays up the few milliseconds the worker takes.
/// Steady play thus paints nothing on this thread, a slider change is not kept waiting for a
/// worker that builds the layer again, and the tick after it does not paint here either (it
/// drew the new layer's settled part afresh, ~3 ms of this thread a slider change; a tick
/// falling between a press and its frame would delay that frame as much).
struct Ticks {
    remote: Remote,
    /// The worker's canvas: shown, hidden, or waiting for its frame ([`Show`]).
    show: Rc<Show>,
}

/// Whether the worker's canvas is on screen: [`Show::HIDDEN`], [`Show::ON`], or the first
/// frame number whose painting shows it; and whether it has shown a frame yet.
pub(crate) struct Show {
    from: Cell<u32>,
    canvas: HtmlCanvasElement,
    warm: Cell<bool>,
}

impl Show {
    const HIDDEN: u32 = u32::MAX;
    const ON: u32 = 0;

    /// The page asked the worker for frame `seq`: noted on its canvas (`convscopeWanted`, which
    /// the tests wait for) and, if the canvas is hidden, awaited to show it. Whether this
    /// thread can leave the frame to the worker: its canvas shows, or will once painted, the
    /// worker having shown frames before (the picture then waits for it: `convscopeAwaited`).
    fn asked(&self, seq: u32) -> bool {
        let _ = js_sys::Reflect::set(&self.canvas, &"convscopeWanted".into(), &seq.into());
        if self.from.get() == Self::HIDDEN {
            self.from.set(seq);
            if self.warm.get() {
                self.awaited(seq);
            }
        }
        self.from.get() == Self::ON || self.warm.get()
    }

    /// Whether the next frame should be reported painted: while the canvas is hidden or
    /// awaits a frame, or when the page sets the canvas's `convscopeReport` (the tests, to
    /// know what it shows). A report is a task on this thread, ~0.17 ms of an animation step
    /// of ~3.3 (PERFORMANCE.md, session 28), for a canvas that shows.
    fn wants_report(&self) -> bool {
        self.from.get() != Self::ON
            || js_sys::Reflect::get(&self.canvas, &"convscopeReport".into())
                .is_ok_and(|v| v.is_truthy())
    }

    /// Notes on the canvas the frame the picture waits for (0: none), which the tests read.
    fn awaited(&self, seq: u32) {
        let _ = js_sys::Reflect::set(&self.canvas, &"convscopeAwaited".into(), &seq.into());
    }

    /// Hides the worker's canvas (a render painted the stage's).
    fn hide(&self) {
        match self.from.replace(Self::HIDDEN) {
            Self::ON => {
                let _ = self.canvas.set_attribute("class", "ticks");
            }
            Self::HIDDEN => {}
            _ => self.awaited(0),
        }
    }

    /// The worker has painted frame `n`: noted on its canvas (`convscopePainted`), which is
    /// shown if that is the frame awaited.
    pub(crate) fn painted(&self, n: u32) {
        let _ = js_sys::Reflect::set(&self.canvas, &"convscopePainted".into(), &n.into());
        let from = self.from.get();
        if from != Self::ON && from != Self::HIDDEN && n >= from {
            self.from.set(Self::ON);
            self.warm.set(true);
            self.awaited(0);
            let _ = self.canvas.set_attribute("class", "ticks on");
        }
    }
}

/// What painting the stage takes: its canvas, the frame that clips it, what this thread
/// painted, the worker's canvas and the worker (when there is one), and the layer. The
/// render's effect and the short path's writer each hold one.
#[derive(Clone)]
struct Target {
    canvas: NodeRef,
    clip: NodeRef,
    frames: Rc<RefCell<canvas::Frames>>,
    ticks_canvas: NodeRef,
    ticks: Rc<RefCell<Option<Option<Ticks>>>>,
    layer: Rc<Layer>,
}

impl Target {
    /// Paints the frame at `step` on the stage's canvas from this thread (an error goes to
    /// the console: the page stays). `scene` is the render's; a tick has none.
    fn here(&self, step: usize, f: Frame, scene: Option<&Rc<scene::Scene>>) {
        let Some(c) = self.canvas.cast::<HtmlCanvasElement>() else {
            return;
        };
        let clip = self.clip.cast::<HtmlElement>();
        let sizing = canvas::Sizing::Page(clip.as_ref());
        let dpr = canvas::device_pixel_ratio();
        let mut frames = self.frames.borrow_mut();
        let done = paint_here(&c, sizing, &mut frames, (&self.layer, step, f), scene, dpr);
        if let Err(e) = done {
            web_sys::console::error_1(&e);
        }
        if let (Some(t), Some(scene)) = (self.ticks_canvas.cast::<HtmlElement>(), scene) {
            let _ = canvas::size_css(&t, None, scene);
        }
    }

    /// A render: paints here and hides the worker's canvas. The worker gets a new layer with
    /// the next tick, not now: building it beside this frame, on a 2-core machine, delayed a
    /// slider change's frame while the animation played.
    fn render(&self, step: usize, f: Frame, scene: &Rc<scene::Scene>) {
        self.here(step, f, Some(scene));
        if let Some(Some(t)) = &*self.ticks.borrow() {
            t.show.hide();
        }
    }

    /// A tick: posts the frame to the worker (started at the first tick), and paints here
    /// too while the worker has not yet shown a frame (or has failed).
    fn tick(&self, step: usize, f: Frame) {
        let mut ticks = self.ticks.borrow_mut();
        if ticks.is_none() {
            *ticks = Some(self.ticks_canvas.cast::<HtmlCanvasElement>().and_then(|c| {
                let show = Rc::new(Show {
                    from: Cell::new(Show::HIDDEN),
                    canvas: c.clone(),
                    warm: Cell::new(false),
                });
                let remote = Remote::start(&c, show.clone())?;
                Some(Ticks { remote, show })
            }));
        }
        let theirs = match &mut *ticks {
            Some(Some(t)) if !t.remote.failed() => {
                let report = t.show.wants_report();
                t.show.asked(t.remote.frame(&self.layer, step, f, report))
            }
            // A worker that failed: hidden, let go, and this thread paints every tick.
            Some(Some(t)) => {
                t.show.hide();
                *ticks = Some(None);
                false
            }
            _ => false,
        };
        drop(ticks);
        if !theirs {
            self.here(step, f, None);
        }
    }
}

/// The animated picture and its legend.
#[component]
pub fn Stage(props: &StageProps) -> Html {
    // In a slide's frame the deck may scale the frame up: drawn for that scale (read at each
    // render: a deck sets it once a slide shows).
    if props.embed {
        canvas::measure_frame_scale();
    }
    let canvas_ref = use_node_ref();
    let ticks_ref = use_node_ref();
    let clip_ref = use_node_ref();
    let wrap_ref = use_node_ref();
    let hover = use_state_eq(|| None::<Focus>);
    let pinned = use_state_eq(|| None::<Focus>);
    // A pin belongs to one layer: drop it when the layer changes under it.
    {
        let pinned = pinned.clone();
        use_effect_with(props.layer.config, move |_| pinned.set(None));
    }
    let focus = (*pinned).or(*hover);

    let (w, h) = use_room(wrap_ref.clone());
    // In a slide's frame, which should not scroll, the picture takes the height the rest
    // leaves (the bar and transport above, the dot product below, whose height follows the
    // layer and the frame's font size): measured after a render that changed it. And the
    // width there is, measured then too: `use_room` measures at mount and at a resize, and
    // at mount the frame's `#app` still had the page's max-width (1280 px), which
    // `data-embed` lifts only after the first render (a wider frame kept ~1222 px).
    let others = use_state_eq(|| (0u32, 0u32));
    {
        let (others, clip, wrap, embed) = (
            others.clone(),
            clip_ref.clone(),
            wrap_ref.clone(),
            props.embed,
        );
        use_effect(move || {
            // The app's own box (the page's #app, or the element a host page mounted it in).
            let clip = clip.cast::<HtmlElement>().filter(|_| embed);
            let app = clip
                .as_ref()
                .and_then(|c| c.closest("main").ok()??.parent_element());
            if let (Some(clip), Some(app), Some(wrap)) = (clip, app, wrap.cast::<HtmlElement>()) {
                let rest = app.get_bounding_client_rect().height()
                    - clip.get_bounding_client_rect().height();
                others.set((rest.max(0.0).ceil() as u32, wrap.client_width() as u32));
            }
        });
    }
    let avail_w = match (props.embed, others.1, w) {
        (true, wide, _) if wide > 0 => f64::from(wide),
        (_, _, w) if w > 0.0 => w,
        _ => 900.0,
    };
    // Leave room for the read-outs and the transport above and the dot product below; a
    // short window still gets a usable stage.
    let reserved = match (props.embed, others.0) {
        (true, 0) => 110.0,
        (true, rest) => f64::from(rest) + 1.0,
        (false, _) => 220.0,
    };
    let avail_h = if h > 0.0 {
        (h - reserved).max(if props.embed { 120.0 } else { 360.0 })
    } else {
        640.0
    };
    let view = if props.scatter {
        scene::View::Scatter
    } else {
        scene::View::Direct
    };
    // What the last frame drew, so a step repaints only what changed, and the panels' kept
    // bitmaps (see `canvas::Frames`): the scene leaves out the shapes of a panel held there.
    // The effect paints in the same task as this render, so every bitmap the scene counts on
    // (`Frames::holds` keeps it for the frame) is still there, at the same pixel ratio.
    let frames = use_mut_ref(canvas::Frames::default);
    // The worker painting the ticks: not tried yet (`None`), none (`Some(None)`), or one.
    let ticks = use_mut_ref(|| None::<Option<Ticks>>);
    let step = shown_step(&props.live, props.step);
    let room = (avail_w as u32 as f64, avail_h as u32 as f64);
    let frame = Frame {
        view,
        focus,
        room,
        fit: props.embed,
        theme: props.theme,
    };
    let target = Target {
        canvas: canvas_ref.clone(),
        clip: clip_ref.clone(),
        frames: frames.clone(),
        ticks_canvas: ticks_ref.clone(),
        ticks: ticks.clone(),
        layer: props.layer.clone(),
    };
    // The short path's writer, made anew with each render, paints what a render at that
    // position would: the same scene.
    if let Some(live) = &props.live {
        let target = target.clone();
        let writer: Writer = Rc::new(move |step| target.tick(step, frame));
        live.set(Part::Stage, Some(writer));
    }
    let scene = {
        let frames = &frames;
        use_memo(
            (
                props.layer.clone(),
                view,
                step,
                focus,
                avail_w as u32,
                avail_h as u32,
                props.embed,
                props.theme,
            ),
            |(layer, _, step, ..)| {
                let dpr = canvas::device_pixel_ratio();
                here_scene(&mut frames.borrow_mut(), layer, *step, frame, dpr)
            },
        )
    };
    use_effect_with(scene.clone(), move |scene| {
        target.render(step, frame, scene)
    });

    let onclick = {
        let scene = scene.clone();
        let layer = props.layer.clone();
        let on_seek = props.on_seek.clone();
        let pinned = pinned.clone();
        // (Only the scatter view, which has no short path, reads the step here.)
        Callback::from(move |e: MouseEvent| {
            let (x, y) = at(&e, &scene.layout);
            let hit = scene.layout.hit(x, y);
            if scene.layout.scatter {
                // The scatter view steps over input cells: a click stamps that cell.
                let k = layer.scatter_position(step).map_or(0, |p| p.0);
                if let Some(i) = match hit {
                    Some(Focus::Input { py, px, .. }) => layer.scatter_step_of(k, py, px),
                    _ => None,
                } {
                    on_seek.emit(i);
                }
                return;
            }
            match hit {
                Some(Focus::Output { k, r, c }) => {
                    pinned.set(None);
                    if let Some(i) = layer.step_of(k, r, c) {
                        on_seek.emit(i);
                    }
                }
                // A second click on the same cell (or one on empty canvas) lets go.
                Some(f) if *pinned != Some(f) => pinned.set(Some(f)),
                _ => pinned.set(None),
            }
        })
    };
    let onmousemove = {
        let scene = scene.clone();
        let hover = hover.clone();
        Callback::from(move |e: MouseEvent| {
            let (x, y) = at(&e, &scene.layout);
            hover.set(scene.layout.hit(x, y));
        })
    };
    // PNG export of the current frame, at the screen's pixel density.
    let onpng = {
        let (layer, live) = (props.layer.clone(), props.live.clone());
        Callback::from(move |_: MouseEvent| {
            let step = shown_step(&live, step);
            let name = format!("{}-step{}.png", file_stem(&layer.config), step + 1);
            // The frame painted afresh on a canvas of its own, exactly its size: the stage's
            // may be a worker's, a frame behind, or keep a larger store.
            let mut frames = canvas::Frames::default();
            let dpr = canvas::device_pixel_ratio();
            let (Ok(out), Some(doc)) = (
                canvas::new_canvas(),
                web_sys::window().and_then(|w| w.document()),
            ) else {
                return;
            };
            let at = (&*layer, step, frame);
            let painted = paint_here(&out, canvas::Sizing::Store, &mut frames, at, None, dpr);
            let (Ok(()), Ok(url)) = (painted, out.to_data_url()) else {
                return;
            };
            if let Ok(a) = doc.create_element("a") {
                let _ = a.set_attribute("href", &url);
                let _ = a.set_attribute("download", &name);
                if let Ok(a) = a.dyn_into::<web_sys::HtmlElement>() {
                    a.click();
                }
            }
        })
    };
    // The whole animation as a GIF: made by the view's wasm (`super::gif`), which writes how
    // it goes in the sentence beside the button.
    let gif_status = use_node_ref();
    let ongif = {
        let (layer, status) = (props.layer.clone(), gif_status.clone());
        let (scatter, speed, theme) = (props.scatter, props.speed, props.theme);
        Callback::from(move |_: MouseEvent| {
            let Some(status) = status.cast::<web_sys::Element>() else {
                return;
            };
            // The layer, its view and the colours shown, as an address.
            let mut viz = crate::app::state::Viz::new(layer.config);
            (viz.scatter, viz.theme) = (scatter, theme);
            let name = format!("{}.gif", file_stem(&layer.config));
            let delay = (100.0 / speed.max(0.5)).round().clamp(2.0, 200.0);
            let (w, h) = frame.room;
            let query = crate::app::url::to_query(&viz);
            wasm_bindgen_futures::spawn_local(async move {
                let lang = crate::app::i18n::lang();
                // The view's wasm carries no page sentences: hand it this language's table.
                let table = super::assets::table_text(lang)
                    .await
                    .map_or(JsValue::UNDEFINED, JsValue::from);
                let args: js_sys::Array = [
                    JsValue::from(query),
                    w.into(),
                    h.into(),
                    delay.into(),
                    name.into(),
                    status.clone().into(),
                    lang.code().into(),
                    table,
                ]
                .iter()
                .collect();
                // The view's wasm answers with a promise of the whole run: a failure on the
                // way (its wasm trapped) is said too, and frees the button.
                let run = match super::code::call("gif_save", args).await {
                    Ok(p) => wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(p))
                        .await
                        .map_err(|e| super::assets::describe(&e)),
                    Err(why) => Err(why),
                };
                if let Err(why) = run {
                    status.set_text_content(Some(&tr!("gif.failed", why)));
                    let _ = status.remove_attribute("data-busy");
                }
            });
        })
    };
    // Keyboard: the canvas is focusable; arrows move a focus over the cells, [ and ] switch
    // panels, c the channel or map, Enter jumps to an output cell, Escape lets go.
    let here = move |layer: &Layer, step: usize| {
        layer.position(step).map_or(
            Focus::Input {
                ch: 0,
                py: 0,
                px: 0,
            },
            |(k, r, c)| Focus::Output { k, r, c },
        )
    };
    let onkeydown = {
        let layer = props.layer.clone();
        let pinned = pinned.clone();
        let on_seek = props.on_seek.clone();
        let live = props.live.clone();
        let scatter = props.scatter;
        Callback::from(move |e: KeyboardEvent| {
            let step = shown_step(&live, step);
            let cur = (*pinned).unwrap_or_else(|| here(&layer, step));
            match e.key().as_str() {
                "Escape" => pinned.set(None),
                // The scatter view's steps are input cells, not output cells.
                "Enter" if scatter => {}
                "Enter" => {
                    if let Some(i) = match cur {
                        Focus::Output { k, r, c } => layer.step_of(k, r, c),
                        _ => None,
                    } {
                        on_seek.emit(i);
                    }
                }
                key => {
                    if let Some(f) = step_focus(&layer, cur, key) {
                        e.prevent_default();
                        pinned.set(Some(f));
                    }
                }
            }
        })
    };
    let onfocus = {
        let layer = props.layer.clone();
        let pinned = pinned.clone();
        let live = props.live.clone();
        Callback::from(move |_: FocusEvent| {
            let step = shown_step(&live, step);
            if pinned.is_none() && layer.values.is_some() {
                pinned.set(Some(here(&layer, step)));
            }
        })
    };
    let onmouseleave = {
        let hover = hover.clone();
        Callback::from(move |_: MouseEvent| hover.set(None))
    };
    let focus_text = match focus {
        _ if props.scatter => crate::app::transpose_text::scatter_point().into(),
        Some(f) if props.layer.values.is_some() => describe(&props.layer, f),
        // In a slide the hint would take the picture's room; a focus still gets its sentence.
        _ if props.layer.values.is_some() && !props.embed => tr!("stage.hint").into(),
        _ => String::new(),
    };
    // The layout goes on data attributes so browser tests can aim at cells: in CSS pixels
    // (the layout's, zoomed in a slide's frame), and the zoom.
    let lay = &scene.layout;
    let css = |v: f64| (v * lay.zoom).to_string();
    let c = &props.layer.config;
    let label = tr!(
        "stage.label",
        format!("{}×{}×{}", c.w(), c.n, c.d),
        c.p,
        c.k,
        format!("{}×{}×{}", c.fw(), c.f, c.d),
        c.s
    );
    html! {
        <section class="stage" aria-label={tr!("stage.section")}>
            <div class="canvas-wrap" ref={wrap_ref}>
                // Sized to the picture; the canvas's store may be a little larger (kept across
                // a change of K, see `canvas::paint_frame`) and is clipped here.
                <div class="canvas-clip" ref={clip_ref}>
                // The worker's canvas for the animation's ticks (`Ticks`), over the stage's.
                <canvas ref={ticks_ref} class="ticks" aria-hidden="true" />
                <canvas
                    ref={canvas_ref}
                    role="img"
                    aria-label={label}
                    data-testid="stage"
                    data-cell={css(lay.cell)}
                    data-zoom={lay.zoom.to_string()}
                    data-output-x={lay.maps.first().map(|m| css(m.0))}
                    data-output-y={lay.maps.first().map(|m| css(m.1))}
                    data-input-x={lay.slices.first().map(|m| css(m.0))}
                    data-input-y={lay.slices.first().map(|m| css(m.1))}
                    data-filter-x={lay.filters.first().map(|m| css(m.0))}
                    data-filter-y={lay.filters.first().map(|m| css(m.1))}
                    tabindex="0"
                    aria-describedby="focus-text"
                    {onclick}
                    {onmousemove}
                    {onmouseleave}
                    {onkeydown}
                    {onfocus}
                />
                </div>
            </div>
            <p class="focus-line" id="focus-text" data-testid="focus-text" aria-live="polite">{ focus_text }</p>
            if !props.embed {
            <div class="saves">
                <button type="button" class="png" data-testid="png" onclick={onpng}>{ tr!("stage.png") }</button>
                <button type="button" class="png" data-testid="gif" onclick={ongif}>{ tr!("stage.gif") }</button>
                <span class="gif-status" data-testid="gif-status" role="status" ref={gif_status}></span>
            </div>
            <ul class="legend" aria-label={tr!("stage.legend")}>
                <li><span class="swatch input"></span>{ tr!("legend.input") }</li>
                <li><span class="swatch padding"></span>{ tr!("legend.padding") }</li>
                // The scatter view stamps the input as it is: no zeros inserted to name.
                if props.layer.transpose.is_some() && !props.scatter {
                    <li><span class="swatch inserted"></span>{ crate::app::transpose_text::inserted_legend() }</li>
                }
                <li><span class="swatch active"></span>{ tr!("legend.active") }</li>
                <li><span class="swatch unreached"></span>{ tr!("legend.unreached") }</li>
                <li><span class="swatch focus"></span>{ tr!("legend.focus") }</li>
            </ul>
            }
        </section>
    }
}
