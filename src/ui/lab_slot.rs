//! The real-image view's place on the page. The view is its own wasm
//! (`src/bin/convscope-lab.rs`: its code, its own Yew and the English table, ~177 KB
//! gzipped), fetched only when its section comes within a screen of the viewport, or at once
//! when the link names a picture (`img=`), so a page that never scrolls down does not load it
//! (the size budget, PERFORMANCE.md "Size"). Until then the section shows its title and a
//! sentence; if loading fails, it says why and offers to try again.

use super::assets;
use crate::app::i18n::{self, Lang};
use crate::app::image_text as t;
use crate::app::images::Builtin;
use crate::tr;
use js_sys::{Array, Function, Reflect};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};
use yew::prelude::*;

/// Props of [`LabSlot`].
#[derive(Properties, PartialEq)]
pub struct LabSlotProps {
    /// The built-in picture to start with (from the link).
    pub image: Builtin,
    /// Called when another built-in picture is chosen (the link follows it).
    pub on_image: Callback<Builtin>,
    /// Load at once rather than when the section comes near: the link named a picture
    /// (`img=`), so it is a link to this view.
    #[prop_or_default]
    pub eager: bool,
}

#[derive(Clone, PartialEq)]
enum Status {
    Waiting,
    Loading,
    Ready,
    Failed(String),
}

/// The view mounted by the other wasm, and the callback it was given (alive until then).
struct Mounted {
    handle: JsValue,
    _on_image: Closure<dyn Fn(String)>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        let destroy = Reflect::get(&self.handle, &"destroy".into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok());
        if let Some(f) = destroy {
            let _ = f.call0(&self.handle);
        }
    }
}

/// Loads the view's module and mounts it into `mount`.
async fn load(
    lang: Lang,
    image: Builtin,
    on_image: Callback<Builtin>,
    mount: NodeRef,
) -> Result<Mounted, String> {
    let module = assets::lab().await?;
    // The view's wasm carries no page sentences, like the page's: hand it the fetched table.
    let table: JsValue = assets::table_text(lang).await?.into();
    let mount_lab: Function = Reflect::get(&module, &"mount_lab".into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or("mount_lab is missing")?;
    let element = mount.cast::<Element>().ok_or("the section is gone")?;
    let on_image = Closure::<dyn Fn(String)>::new(move |id: String| {
        if let Some(b) = Builtin::from_id(&id) {
            on_image.emit(b);
        }
    });
    let args = Array::of5(
        &element,
        &image.id().into(),
        &lang.code().into(),
        &table,
        on_image.as_ref(),
    );
    let handle = mount_lab
        .apply(&JsValue::NULL, &args)
        .map_err(|e| assets::describe(&e))?;
    Ok(Mounted {
        handle,
        _on_image: on_image,
    })
}

/// A callback that runs at most once, shared by the observer and the fallback.
type Once = Rc<RefCell<Option<Box<dyn FnOnce()>>>>;

type Watch = (
    IntersectionObserver,
    Closure<dyn FnMut(Array, IntersectionObserver)>,
);

/// Calls `open` once `target` comes within a screen of the viewport (at once where the
/// browser has no IntersectionObserver).
fn watch(target: &NodeRef, open: impl FnOnce() + 'static) -> Option<Watch> {
    let open: Once = Rc::new(RefCell::new(Some(Box::new(open))));
    let fire = move || {
        let f = open.borrow_mut().take();
        if let Some(f) = f {
            f();
        }
    };
    let Some(element) = target.cast::<Element>() else {
        fire();
        return None;
    };
    let on_change = {
        let fire = fire.clone();
        move |entries: Array, observer: IntersectionObserver| {
            let seen = entries.iter().any(|e| {
                e.unchecked_into::<IntersectionObserverEntry>()
                    .is_intersecting()
            });
            if seen {
                observer.disconnect();
                fire();
            }
        }
    };
    let callback = Closure::<dyn FnMut(Array, IntersectionObserver)>::new(on_change);
    let init = IntersectionObserverInit::new();
    init.set_root_margin("100% 0px");
    match IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &init) {
        Ok(observer) => {
            observer.observe(&element);
            Some((observer, callback))
        }
        Err(_) => {
            fire();
            None
        }
    }
}

/// The real-image section: loads the view when it comes near, then hosts it.
#[component]
pub fn LabSlot(props: &LabSlotProps) -> Html {
    let section = use_node_ref();
    let mount = use_node_ref();
    let status = use_state(|| Status::Waiting);
    let attempt = use_state(|| 0u32);
    {
        let (section, mount, status) = (section.clone(), mount.clone(), status.clone());
        let (image, on_image, lang) = (props.image, props.on_image.clone(), i18n::lang());
        let eager = props.eager;
        use_effect_with(*attempt, move |_| {
            let mounted: Rc<RefCell<Option<Mounted>>> = Rc::default();
            let alive = Rc::new(Cell::new(true));
            let open = {
                let (mounted, alive) = (mounted.clone(), alive.clone());
                move || {
                    status.set(Status::Loading);
                    wasm_bindgen_futures::spawn_local(async move {
                        let result = load(lang, image, on_image, mount).await;
                        if !alive.get() {
                            return; // the section went away meanwhile; `result` drops (unmounts)
                        }
                        match result {
                            Ok(m) => {
                                *mounted.borrow_mut() = Some(m);
                                status.set(Status::Ready);
                            }
                            Err(e) => status.set(Status::Failed(e)),
                        }
                    });
                }
            };
            let watching = if eager {
                open();
                None
            } else {
                watch(&section, open)
            };
            move || {
                alive.set(false);
                if let Some((observer, _)) = &watching {
                    observer.disconnect();
                }
                drop(watching);
                mounted.borrow_mut().take();
            }
        });
    }
    let note = match &*status {
        Status::Ready => html! {},
        Status::Failed(why) => {
            let retry = {
                let (attempt, status) = (attempt.clone(), status.clone());
                Callback::from(move |_: MouseEvent| {
                    status.set(Status::Waiting);
                    attempt.set(*attempt + 1);
                })
            };
            html! {
                <p class="lab-load error" role="alert" data-testid="lab-load-error">
                    { tr!("labslot.load_failed", why) }{ " " }
                    <button type="button" onclick={retry}>{ tr!("labslot.retry") }</button>
                </p>
            }
        }
        Status::Waiting | Status::Loading => html! {
            <p class="lab-load" data-testid="lab-loading">{ tr!("labslot.loading") }</p>
        },
    };
    html! {
        <section class="lab" id="real-image" aria-labelledby="lab-title" data-testid="lab" ref={section}>
            <h2 id="lab-title">{ t::title() }</h2>
            { note }
            <div class="lab-mount" ref={mount}></div>
        </section>
    }
}
