//! The animation's ticks painted off the main thread. With software raster (no GPU) a 2D
//! canvas's drawing and raster run on the thread that draws, and a step's painting was
//! 0.6–0.8 ms of the lecture example's main-thread step (PERFORMANCE.md, sessions 24–25).
//! `stage::Ticks` hands a canvas stacked over the stage's to a worker
//! (`transferControlToOffscreen`) that runs this same wasm module (compiled once and posted,
//! not fetched again) with `www/stage-worker.js`: the worker rebuilds the layer from its query
//! and paints each tick's frame with the same painter (`render::canvas`, its off-screen
//! canvases `OffscreenCanvas`es). Renders (a slider, a pointer, a pause) still paint the
//! stage's own canvas on the page's thread: a worker that built the layer again for every
//! slider change kept the picture waiting ~12 ms longer on two cores.
//!
//! A page that cannot (no `OffscreenCanvas` transfer, a build without the module's glue named
//! in a `modulepreload` link, such as the single-file build or the JS API), or whose worker
//! fails, paints the ticks on the stage's canvas as before.

use super::stage::{paint_here, Frame, Show};
use crate::app::i18n::{self, Lang};
use crate::app::layer::Layer;
use crate::app::relations::Focus;
use crate::app::state::{Config, Theme, Viz};
use crate::app::url;
use crate::render::{canvas, scene};
use js_sys::{Array, Reflect};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, Worker};

/// A frame as posted, in whole numbers: sequence, step, view (bit 0: scatter; bit 1: fitted
/// to the frame, [`Frame::fit`]), the focus's kind and its three
/// numbers, the room's width and height, theme, the device pixel ratio's bits as two halves
/// (exactly the page's ratio, which sizes the canvas in CSS), and whether to report it
/// painted.
fn encode(seq: u32, step: usize, f: Frame, dpr: f64, report: bool) -> String {
    let (k, a, b, c) = match f.focus {
        None => (0, 0, 0, 0),
        Some(Focus::Output { k, r, c }) => (1, k, r, c),
        Some(Focus::Input { ch, py, px }) => (2, ch, py, px),
        Some(Focus::Weight { ch, fy, fx }) => (3, ch, fy, fx),
    };
    let theme = Theme::ALL.iter().position(|t| *t == f.theme).unwrap_or(0);
    let view = u8::from(f.view == scene::View::Scatter) | u8::from(f.fit) << 1;
    let (w, h) = (f.room.0 as u32, f.room.1 as u32);
    let (hi, lo) = (dpr.to_bits() >> 32, dpr.to_bits() as u32);
    let report = u8::from(report);
    format!("{seq} {step} {view} {k} {a} {b} {c} {w} {h} {theme} {hi} {lo} {report}")
}

/// The page's side: the worker painting one stage's ticks.
pub struct Remote {
    worker: Worker,
    seq: u32,
    /// The configuration of the layer the worker holds.
    config: Option<Config>,
    failed: Rc<Cell<bool>>,
    _listen: Closure<dyn FnMut(Array)>,
}

impl Drop for Remote {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// The glue of the page's module, from the `modulepreload` link Trunk writes for it.
fn glue_url() -> Option<String> {
    let doc = web_sys::window()?.document()?;
    let link = doc
        .query_selector("link[rel=modulepreload][href*=convscope-][href$='.js']")
        .ok()??;
    link.get_attribute("href")
}

impl Remote {
    /// Hands `canvas` to a new worker, or `None` when this page cannot (then `canvas` is
    /// untouched). Each frame the worker has painted goes to `show` ([`Show::painted`]); a
    /// failure is said in the console and noted ([`Remote::failed`]): the stage then paints
    /// the ticks.
    pub(crate) fn start(canvas: &HtmlCanvasElement, show: Rc<Show>) -> Option<Remote> {
        let glue = glue_url()?;
        let worker = Worker::new("stage-worker.js").ok()?;
        let Ok(offscreen) = canvas.transfer_control_to_offscreen() else {
            worker.terminate();
            return None;
        };
        let tables = |l: Lang| i18n::source(l).map_or(JsValue::UNDEFINED, JsValue::from);
        let init = Array::of5(
            &glue.into(),
            &wasm_bindgen::module(),
            &offscreen,
            &i18n::lang().code().into(),
            &tables(i18n::lang()),
        );
        if i18n::lang() != Lang::En {
            init.push(&tables(Lang::En));
        }
        let failed = Rc::new(Cell::new(false));
        let fail = failed.clone();
        // One listener for both events (the closure type is one the page already has): a
        // message's data is the number of the frame painted, or why painting failed; an
        // error event (the script did not load) has none.
        let listen = Closure::<dyn FnMut(Array)>::new(move |e: Array| {
            let data = Reflect::get(&e, &"data".into()).unwrap_or_default();
            match data.as_f64() {
                Some(n) => show.painted(n as u32),
                None if !fail.replace(true) => {
                    let why = data.as_string();
                    let why = why.unwrap_or_else(|| "the stage's worker did not start".into());
                    web_sys::console::error_1(&why.into());
                }
                None => {}
            }
        });
        worker.set_onmessage(Some(listen.as_ref().unchecked_ref()));
        worker.set_onerror(Some(listen.as_ref().unchecked_ref()));
        worker
            .post_message_with_transfer(&init, &Array::of1(&offscreen))
            .ok()?;
        Some(Remote {
            worker,
            seq: 0,
            config: None,
            failed,
            _listen: listen,
        })
    }

    /// Whether the worker failed (to start, or while painting).
    pub(crate) fn failed(&self) -> bool {
        self.failed.get()
    }

    /// Posts `layer`'s query if the worker holds another layer.
    fn layer(&mut self, layer: &Layer) {
        if self.config != Some(layer.config) {
            let query = url::to_query(&Viz::new(layer.config));
            let _ = self.worker.post_message(&JsValue::from(&query));
            self.config = Some(layer.config);
        }
    }

    /// Posts a frame: the layer's query when it changed, then the position. Returns the
    /// frame's sequence number; with `report`, the worker posts it back once the frame is
    /// painted (the canvas's `convscopePainted` then takes it).
    pub(crate) fn frame(&mut self, layer: &Layer, step: usize, f: Frame, report: bool) -> u32 {
        self.layer(layer);
        self.seq += 1;
        let text = encode(self.seq, step, f, canvas::device_pixel_ratio(), report);
        let _ = self.worker.post_message(&text.into());
        self.seq
    }
}

/// The worker's side: its canvas, what it painted, and the layer.
struct Painter {
    canvas: HtmlCanvasElement,
    frames: canvas::Frames,
    layer: Option<Rc<Layer>>,
}

thread_local! {
    static PAINTER: RefCell<Option<Painter>> = const { RefCell::new(None) };
}

fn focus_of(f: &[u32]) -> Option<Focus> {
    let [k, a, b, c] = [f[0], f[1], f[2], f[3]].map(|v| v as usize);
    match k {
        1 => Some(Focus::Output { k: a, r: b, c }),
        2 => Some(Focus::Input {
            ch: a,
            py: b,
            px: c,
        }),
        3 => Some(Focus::Weight {
            ch: a,
            fy: b,
            fx: c,
        }),
        _ => None,
    }
}

/// A message to the worker (see [`Remote`]): the canvas and the tables, a layer's query, or
/// a frame. Returns the frame's sequence number once painted if the page asked for it, else
/// `undefined`; an error's text when painting failed.
pub fn on_message(msg: JsValue) -> JsValue {
    PAINTER.with(|p| {
        let mut p = p.borrow_mut();
        if let Some(text) = msg.as_string() {
            let Some(p) = p.as_mut() else {
                return JsValue::UNDEFINED;
            };
            // A layer's query starts with a key, a frame with its number.
            let f: Vec<u32> = text
                .split(' ')
                .map_while(|t| t.parse::<u32>().ok())
                .collect();
            if f.len() < 13 {
                let config = url::from_query(&text, i18n::lang()).viz.config;
                // With the last layer's input when it draws the same (a change of K, F, S, P).
                p.layer = Layer::new_after(config, p.layer.as_deref())
                    .ok()
                    .map(Rc::new);
                return JsValue::UNDEFINED;
            }
            let report = if f[12] == 1 {
                f[0].into()
            } else {
                JsValue::UNDEFINED
            };
            let Some(layer) = p.layer.clone() else {
                return report;
            };
            let frame = Frame {
                view: if f[2] & 1 == 1 {
                    scene::View::Scatter
                } else {
                    scene::View::Direct
                },
                fit: f[2] & 2 == 2,
                focus: focus_of(&f[3..7]),
                room: (f64::from(f[7]), f64::from(f[8])),
                theme: Theme::ALL[(f[9] as usize).min(Theme::ALL.len() - 1)],
            };
            let at = (&*layer, f[1] as usize, frame);
            let sizing = canvas::Sizing::Store;
            let dpr = f64::from_bits(u64::from(f[10]) << 32 | u64::from(f[11]));
            return match paint_here(&p.canvas, sizing, &mut p.frames, at, None, dpr) {
                Ok(()) => report,
                Err(e) => super::assets::describe(&e).into(),
            };
        }
        let init: Array = msg.unchecked_into();
        let lang = init.get(3).as_string().and_then(|c| Lang::parse(&c));
        let lang = lang.unwrap_or(Lang::En);
        for (l, text) in [(lang, init.get(4)), (Lang::En, init.get(5))] {
            if let Some(text) = text.as_string() {
                let _ = i18n::install(l, text);
            }
        }
        i18n::set_lang(lang);
        *p = Some(Painter {
            canvas: init.get(2).unchecked_into(),
            frames: canvas::Frames::default(),
            layer: None,
        });
        JsValue::UNDEFINED
    })
}
