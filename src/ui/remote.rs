//! ConvScope driven from outside: mounted by the JavaScript API into a host page's element,
//! or embedded in a frame and driven by `postMessage`. Both use [`crate::app::remote`]'s verbs;
//! every step is announced (a `convscope:step` event on the host element, or a message to the
//! parent frame) so a slide framework can follow along.

use super::{App, AppProps};
use crate::app::remote::Command;
use crate::app::state::{Edge, Msg, Viz};
use crate::app::url;
use gloo_events::EventListener;
use js_sys::{Object, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The link between a mounted app and its handle: the app's dispatcher once it runs, the
/// latest state (for `set`, which merges), and commands sent before the first render.
#[derive(Default)]
pub struct Control {
    dispatcher: RefCell<Option<UseReducerDispatcher<super::live::Shown>>>,
    latest: RefCell<Viz>,
    pending: RefCell<Vec<Msg>>,
}

impl Control {
    /// Runs `command`; returns the sentences about values of a `set` that were not used.
    pub fn run(&self, command: &Command) -> Vec<String> {
        let (msg, notices) = command.message(&self.latest.borrow());
        // The app applies the same pure transition when it renders; doing it here too keeps
        // `query()` and the next `set` right in between.
        let next = self.latest.borrow().apply(msg.clone());
        if let Some(next) = next {
            *self.latest.borrow_mut() = next;
        }
        match &*self.dispatcher.borrow() {
            Some(d) => d.dispatch(msg),
            None => self.pending.borrow_mut().push(msg),
        }
        notices
    }

    /// Called by the app on every tick of its short path (`super::live`): the position the
    /// state will take at the next message.
    pub fn follow(&self, step: usize) {
        self.latest.borrow_mut().step = step;
    }

    /// The end the picture on screen is at, when a step by `delta` cannot move it.
    pub fn edge(&self, delta: isize) -> Option<Edge> {
        let latest = self.latest.borrow();
        latest.edge(latest.step, delta)
    }

    /// Whether the app is the slide view (`embed=1`): only that hands a frame's keys back.
    pub fn embedded(&self) -> bool {
        self.latest.borrow().embed
    }

    /// Called by the app on every render: the dispatcher to use and the state it shows.
    pub fn attach(&self, dispatcher: UseReducerDispatcher<super::live::Shown>, viz: &Viz) {
        *self.latest.borrow_mut() = viz.clone();
        for msg in self.pending.borrow_mut().drain(..) {
            dispatcher.dispatch(msg);
        }
        *self.dispatcher.borrow_mut() = Some(dispatcher);
    }
}

/// Where a mounted app lives.
#[derive(Clone)]
pub struct Host {
    /// The element it renders into; `convscope:step` events are dispatched on it.
    pub element: web_sys::Element,
    /// The initial settings, as a query string.
    pub query: String,
    /// The handle's side of the link.
    pub control: Rc<Control>,
}

impl PartialEq for Host {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.control, &other.control)
    }
}

/// The object announcing a step: `{ step, positions, playing, query }` (step counted from 1).
// Two callers in `announce`: kept out of line, one copy in the wasm.
#[inline(never)]
fn step_detail(viz: &Viz, step: usize) -> JsValue {
    let o = Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &v);
    };
    set("step", JsValue::from_f64((step + 1) as f64));
    set("positions", JsValue::from_f64(viz.positions() as f64));
    set("playing", JsValue::from_bool(viz.playing));
    set("query", JsValue::from_str(&url::to_query(viz)));
    o.into()
}

/// Announces position `step` of `viz` (its own, or the one the animation's short path has
/// reached): to the host element when mounted, to the parent window when embedded in a
/// frame, nowhere otherwise.
pub fn announce(viz: &Viz, step: usize, host: Option<&Host>) {
    if let Some(h) = host {
        let init = web_sys::CustomEventInit::new();
        init.set_detail(&step_detail(viz, step));
        if let Ok(e) = web_sys::CustomEvent::new_with_event_init_dict("convscope:step", &init) {
            let _ = h.element.dispatch_event(&e);
        }
        return;
    }
    let Some(w) = web_sys::window() else {
        return;
    };
    if let Ok(Some(parent)) = w.parent() {
        // A page on its own is its own parent: no message, and no detail built for it (this
        // runs on every animation step).
        if parent != w {
            let detail = step_detail(viz, step);
            let _ = Reflect::set(&detail, &"type".into(), &"convscope".into());
            let _ = Reflect::set(&detail, &"event".into(), &"step".into());
            // Only positions and settings travel, so any embedding page may read them.
            let _ = parent.post_message(&detail, "*");
        }
    }
}

/// A key pressed at an end of the positions (`edge`): the slides around ConvScope may take
/// it. A mounted app tells its host element (`convscope:edge`, whose page sees the key
/// itself); an embedded frame posts `{ type: "convscope", event: "edge", edge }` to its parent
/// and gives the focus back to it, so a clicker's next press moves the slides even when the
/// deck does not listen; only as the slide view (`embed`): a framed full page (a course page,
/// a notebook) keeps its focus. A page on its own has nothing to hand the key to: `false`.
pub fn hand_back(edge: Edge, host: Option<&Host>, embed: bool) -> bool {
    if let Some(h) = host {
        let init = web_sys::CustomEventInit::new();
        let detail = Object::new();
        let _ = Reflect::set(&detail, &"edge".into(), &edge.name().into());
        init.set_detail(&detail);
        if let Ok(e) = web_sys::CustomEvent::new_with_event_init_dict("convscope:edge", &init) {
            let _ = h.element.dispatch_event(&e);
        }
        return true;
    }
    let Some(w) = web_sys::window() else {
        return false;
    };
    match w.parent() {
        Ok(Some(parent)) if embed && parent != w => {
            let message = Object::new();
            for (k, v) in [
                ("type", "convscope"),
                ("event", "edge"),
                ("edge", edge.name()),
            ] {
                let _ = Reflect::set(&message, &k.into(), &v.into());
            }
            let _ = parent.post_message(&message, "*");
            // Allowed across origins (`focus` is one of the few); the key press is the user
            // activation Chromium asks for.
            let _ = parent.focus();
            true
        }
        _ => false,
    }
}

/// The command in a `message` event's data: `{ type: "convscope", command: "step" }`, with
/// `config` (a query string or an object of keys) for `set`. Anything else is not for us.
fn command_of(data: &JsValue) -> Option<Result<Command, String>> {
    let get = |k: &str| Reflect::get(data, &JsValue::from_str(k)).ok();
    if get("type")?.as_string()? != "convscope" {
        return None;
    }
    // A message for us without a command is answered too (as an unknown one).
    let verb = get("command")
        .and_then(|c| c.as_string())
        .unwrap_or_default();
    let config = get("config").map(|c| config_query(&c));
    Some(Command::parse(&verb, config.as_deref()))
}

/// A config given as a query string or as an object of keys, as a query string.
pub fn config_query(config: &JsValue) -> String {
    if let Some(s) = config.as_string() {
        return s;
    }
    let Some(obj) = config.dyn_ref::<Object>() else {
        return String::new();
    };
    let pairs: Vec<(String, String)> = Object::entries(obj)
        .iter()
        .filter_map(|e| {
            let pair = e.dyn_into::<js_sys::Array>().ok()?;
            let key = pair.get(0).as_string()?;
            let v = pair.get(1);
            let value = v
                .as_string()
                .or_else(|| v.as_f64().map(|n| n.to_string()))
                .or_else(|| v.as_bool().map(|b| if b { "1" } else { "0" }.to_string()))?;
            Some((key, value))
        })
        .collect();
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

/// In a frame, takes commands from `postMessage`; answers a refused one, or a `set` whose
/// values were not all used (the sentences `mount`'s `set` returns), with an `error`
/// message to the sender.
#[hook]
pub fn use_post_message(control: Rc<Control>, enabled: bool) {
    use_effect_with(enabled, move |&enabled| {
        let listener = web_sys::window().filter(|_| enabled).map(|w| {
            EventListener::new(&w, "message", move |e| {
                let Some(e) = e.dyn_ref::<web_sys::MessageEvent>() else {
                    return;
                };
                let refused = match command_of(&e.data()) {
                    Some(Ok(cmd)) => Some(control.run(&cmd).join(" ")).filter(|s| !s.is_empty()),
                    Some(Err(why)) => Some(why),
                    None => None,
                };
                if let (Some(why), Some(src)) = (refused, e.source()) {
                    let reply = Object::new();
                    let _ = Reflect::set(&reply, &"type".into(), &"convscope".into());
                    let _ = Reflect::set(&reply, &"error".into(), &why.into());
                    let _ = Reflect::apply(
                        &Reflect::get(&src, &"postMessage".into())
                            .ok()
                            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
                            .unwrap_or_else(|| js_sys::Function::new_no_args("")),
                        &src,
                        &js_sys::Array::of2(&reply, &"*".into()),
                    );
                }
            })
        });
        move || drop(listener)
    });
}

/// What `mount` returns to JavaScript: drive the mounted ConvScope, or remove it. The binary
/// (`src/main.rs`) exports it, not this library, so the real-image view's wasm, which links
/// the same library, does not carry the whole app.
pub struct Handle {
    control: Rc<Control>,
    app: Option<yew::AppHandle<App>>,
    /// The host's element, if mounting made it focusable (undone when destroyed).
    focusable: Option<web_sys::Element>,
}

impl Handle {
    /// One position forward.
    pub fn step(&self) {
        self.control.run(&Command::Step);
    }
    /// One position back.
    pub fn back(&self) {
        self.control.run(&Command::Back);
    }
    /// Start the animation.
    pub fn play(&self) {
        self.control.run(&Command::Play);
    }
    /// Stop the animation.
    pub fn pause(&self) {
        self.control.run(&Command::Pause);
    }
    /// The first position.
    pub fn first(&self) {
        self.control.run(&Command::First);
    }
    /// The last position.
    pub fn last(&self) {
        self.control.run(&Command::Last);
    }
    /// Changes the settings named in `config` (a query string or an object with the
    /// address's keys); returns the sentences about values that were not used.
    pub fn set(&self, config: JsValue) -> js_sys::Array {
        self.control
            .run(&Command::Set(config_query(&config)))
            .into_iter()
            .map(JsValue::from)
            .collect()
    }
    /// The settings as a query string (what a link to this frame would carry).
    pub fn query(&self) -> String {
        url::to_query(&self.control.latest.borrow())
    }
    /// Removes ConvScope from its element.
    pub fn destroy(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        if let Some(e) = self.focusable.take() {
            let _ = e.remove_attribute("tabindex");
        }
    }
}

/// Renders ConvScope into `element` with the settings of `query` (the address's keys), once
/// the string table of its language is installed; else the sentence saying why not.
pub async fn mount(element: web_sys::Element, query: String) -> Result<Handle, String> {
    let viz = url::from_query(&query, super::browser_lang()).viz;
    // Like the page, it renders once its language's sentences are here (none are built in).
    super::assets::page_tables(viz.lang).await?;
    let control = Rc::new(Control::default());
    *control.latest.borrow_mut() = viz;
    // Its keys are heard inside the element only: focusable, a click on its picture or its
    // text (not themselves focusable) gives it the keys rather than leave them on the body.
    let focusable = (!element.has_attribute("tabindex"))
        .then(|| {
            element
                .set_attribute("tabindex", "-1")
                .ok()
                .map(|_| element.clone())
        })
        .flatten();
    let host = Host {
        element: element.clone(),
        query,
        control: control.clone(),
    };
    let app =
        yew::Renderer::<App>::with_root_and_props(element, AppProps { host: Some(host) }).render();
    Ok(Handle {
        control,
        app: Some(app),
        focusable,
    })
}
