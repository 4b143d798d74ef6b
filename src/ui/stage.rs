//! The canvas: input with its zero-padding, filter and output, repainted when the layer, the
//! step, the focus or the available room changes. Pointing at a cell highlights what it
//! relates to; clicking an output cell jumps there; clicking (tapping) an input cell or a
//! weight pins its highlight, which touch screens need.

use super::hooks::use_room;
use super::live::{Live, Part, Writer};
use crate::app::layer::Layer;
use crate::app::relations::{describe, step_focus, Focus};
use crate::app::state::Theme;
use crate::render::{canvas, scene};
use crate::tr;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
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
}

/// The position on screen when an event comes: the short path's, if it has moved on since
/// the stage rendered at `step`.
fn shown_step(live: &Option<Rc<Live>>, step: usize) -> usize {
    live.as_ref().map_or(step, |l| l.step_or(step))
}

/// The frame at `step`, built around the panels whose bitmaps `frames` holds (a render's
/// and the short path's).
fn frame_scene(
    frames: &RefCell<canvas::Frames>,
    layer: &Layer,
    view: scene::View,
    step: usize,
    focus: Option<Focus>,
    room: (f64, f64),
    theme: Theme,
) -> scene::Scene {
    let mut frames = frames.borrow_mut();
    let dpr = canvas::device_pixel_ratio();
    scene::build_kept(
        layer,
        view,
        step,
        focus,
        room,
        &scene::Palette::of(theme),
        &mut |c, b| frames.holds(c, b, dpr),
    )
}

/// Paints `scene` on the stage's canvas (an error goes to the console: the page stays).
fn paint(
    canvas: &NodeRef,
    clip: &NodeRef,
    scene: &Rc<scene::Scene>,
    frames: &RefCell<canvas::Frames>,
) {
    if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
        let clip = clip.cast::<HtmlElement>();
        if let Err(e) = canvas::paint_frame(&c, clip.as_ref(), scene, &mut frames.borrow_mut()) {
            web_sys::console::error_1(&e);
        }
    }
}

/// The animated picture and its legend.
#[component]
pub fn Stage(props: &StageProps) -> Html {
    let canvas_ref = use_node_ref();
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
    let avail_w = if w > 0.0 { w } else { 900.0 };
    // Leave room for the read-outs and the transport above and the dot product below; a
    // short window still gets a usable stage.
    let reserved = if props.embed { 110.0 } else { 220.0 };
    let avail_h = if h > 0.0 {
        (h - reserved).max(if props.embed { 200.0 } else { 360.0 })
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
    let step = shown_step(&props.live, props.step);
    // The short path's writer, made anew with each render, paints what a render at that
    // position would: the same scene.
    if let Some(live) = &props.live {
        let (canvas_ref, clip_ref, frames) = (canvas_ref.clone(), clip_ref.clone(), frames.clone());
        let (layer, theme) = (props.layer.clone(), props.theme);
        let room = (avail_w as u32 as f64, avail_h as u32 as f64);
        let writer: Writer = Rc::new(move |step| {
            let scene = frame_scene(&frames, &layer, view, step, focus, room, theme);
            paint(&canvas_ref, &clip_ref, &Rc::new(scene), &frames);
        });
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
                props.theme,
            ),
            |(layer, view, step, focus, w, h, theme)| {
                let room = (*w as f64, *h as f64);
                frame_scene(frames, layer, *view, *step, *focus, room, *theme)
            },
        )
    };
    {
        let (canvas_ref, clip_ref, frames) = (canvas_ref.clone(), clip_ref.clone(), frames.clone());
        use_effect_with(scene.clone(), move |scene| {
            paint(&canvas_ref, &clip_ref, scene, &frames)
        });
    }

    let onclick = {
        let scene = scene.clone();
        let layer = props.layer.clone();
        let on_seek = props.on_seek.clone();
        let pinned = pinned.clone();
        // (Only the scatter view, which has no short path, reads the step here.)
        Callback::from(move |e: MouseEvent| {
            let hit = scene.layout.hit(e.offset_x() as f64, e.offset_y() as f64);
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
            hover.set(scene.layout.hit(e.offset_x() as f64, e.offset_y() as f64));
        })
    };
    // PNG export of the current frame, at the screen's pixel density.
    let onpng = {
        let canvas_ref = canvas_ref.clone();
        let scene = scene.clone();
        let (c, live) = (props.layer.config, props.live.clone());
        Callback::from(move |_: MouseEvent| {
            let name = format!(
                "convscope-{}x{}x{}-f{}-s{}-p{}-step{}.png",
                c.w(),
                c.n,
                c.d,
                c.f,
                c.s,
                c.p,
                shown_step(&live, step) + 1
            );
            let Some(c) = canvas_ref.cast::<HtmlCanvasElement>() else {
                return;
            };
            let (Ok(url), Some(doc)) = (
                canvas::picture_url(&c, &scene),
                web_sys::window().and_then(|w| w.document()),
            ) else {
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
    // The layout goes on data attributes so browser tests can aim at cells.
    let lay = &scene.layout;
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
                <canvas
                    ref={canvas_ref}
                    role="img"
                    aria-label={label}
                    data-testid="stage"
                    data-cell={lay.cell.to_string()}
                    data-output-x={lay.maps.first().map(|m| m.0.to_string())}
                    data-output-y={lay.maps.first().map(|m| m.1.to_string())}
                    data-input-x={lay.slices.first().map(|m| m.0.to_string())}
                    data-input-y={lay.slices.first().map(|m| m.1.to_string())}
                    data-filter-x={lay.filters.first().map(|m| m.0.to_string())}
                    data-filter-y={lay.filters.first().map(|m| m.1.to_string())}
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
            <button type="button" class="png" data-testid="png" onclick={onpng}>{ tr!("stage.png") }</button>
            <ul class="legend" aria-label={tr!("stage.legend")}>
                <li><span class="swatch input"></span>{ tr!("legend.input") }</li>
                <li><span class="swatch padding"></span>{ tr!("legend.padding") }</li>
                if props.layer.transpose.is_some() {
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
