//! Code export and import: the current layer as PyTorch, Torch7 or Caffe, and a box that
//! reads such a snippet back into the controls. The exporters and the importer
//! (`app::code`) run in the real-image view's wasm, which the panel fetches when it is first
//! opened (`code_export`, `code_import` in `src/bin/convscope-lab.rs`): the page's own wasm
//! stays within its size budget (PERFORMANCE.md, "Size").

use super::assets;
use super::code_view::CodeTabs;
use crate::app::i18n;
use crate::app::state::{Config, Msg, Viz};
use crate::app::url;
use crate::tr;
use js_sys::{Array, Function, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Props of [`CodePanel`].
#[derive(Properties, PartialEq)]
pub struct CodePanelProps {
    /// The current controls.
    pub config: Config,
    /// Where an import goes.
    pub on_msg: Callback<Msg>,
}

/// Calls the view module's `name` with `args`: its answer, or why there is none.
pub(crate) async fn call(name: &str, args: Array) -> Result<JsValue, String> {
    let module = assets::lab().await?;
    let f: Function = Reflect::get(&module, &name.into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(|| format!("{name} is missing"))?;
    f.apply(&JsValue::NULL, &args)
        .map_err(|e| assets::describe(&e))
}

/// Props of [`LazyCode`].
#[derive(Properties, PartialEq)]
pub struct LazyCodeProps {
    /// Test ids of the tabs (`{testid}-export`, `{testid}-pytorch`, …).
    pub testid: AttrValue,
    /// The view module's exporter, called with (`argument`, language, its sentences).
    pub function: &'static str,
    /// What to export (a layer's address, a stack's text); a change asks again.
    pub argument: AttrValue,
    /// Whether its disclosure is open: nothing is fetched or made before.
    pub open: bool,
}

/// Code made by the view's wasm, fetched when its disclosure first opens: the page's own
/// wasm carries no exporter (its size budget), and a closed panel makes nothing.
#[component]
pub fn LazyCode(props: &LazyCodeProps) -> Html {
    // The export of what is shown, once opened; or why it failed.
    let code = use_state(|| None::<Result<[AttrValue; 3], String>>);
    {
        let (code, function) = (code.clone(), props.function);
        use_effect_with(
            (props.open, props.argument.clone()),
            move |(open, argument)| {
                if *open {
                    let argument = argument.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        let lang = i18n::lang();
                        let table = assets::table_text(lang)
                            .await
                            .map_or(JsValue::UNDEFINED, JsValue::from);
                        let args =
                            Array::of3(&argument.as_str().into(), &lang.code().into(), &table);
                        let got = call(function, args).await;
                        code.set(Some(got.map(|texts| {
                            let texts: Array = texts.unchecked_into();
                            [0, 1, 2].map(|i| {
                                AttrValue::from(texts.get(i).as_string().unwrap_or_default())
                            })
                        })));
                    });
                }
            },
        );
    }
    match &*code {
        Some(Ok(code)) => html! { <CodeTabs testid={props.testid.clone()} code={code.clone()} /> },
        Some(Err(e)) => html! { <p class="error" role="status">{ tr!("code.unavailable", e) }</p> },
        None => html! { <p class="chart-note">{ tr!("code.loading") }</p> },
    }
}

/// The code panel.
#[component]
pub fn CodePanel(props: &CodePanelProps) -> Html {
    let pasted = use_node_ref();
    let open = use_state_eq(|| false);
    let result = use_state(|| None::<Result<String, String>>);
    let query = url::to_query(&Viz::new(props.config));
    let shown = AttrValue::from(query.clone());
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let onimport = {
        let pasted = pasted.clone();
        let result = result.clone();
        let on_msg = props.on_msg.clone();
        Callback::from(move |_: MouseEvent| {
            let text = pasted
                .cast::<HtmlTextAreaElement>()
                .map(|t| t.value())
                .unwrap_or_default();
            let (result, on_msg, query) = (result.clone(), on_msg.clone(), query.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let lang = i18n::lang();
                // The view's wasm carries no page sentences: hand it this language's table.
                let table = assets::table_text(lang)
                    .await
                    .map_or(JsValue::UNDEFINED, JsValue::from);
                let args = Array::of4(&text.into(), &query.into(), &lang.code().into(), &table);
                match call("code_import", args).await {
                    Ok(got) => {
                        let got: Array = got.unchecked_into();
                        let imported = got.get(1).as_string().unwrap_or_default();
                        on_msg.emit(Msg::Load(url::from_query(&imported, lang).viz.config));
                        result.set(Some(Ok(got.get(0).as_string().unwrap_or_default())));
                    }
                    Err(e) => result.set(Some(Err(e))),
                }
            });
        })
    };
    html! {
        <details class="code-panel">
            <summary data-testid="code" onclick={ontoggle}>{ tr!("code.summary") }</summary>
            <div class="code-body">
                <LazyCode testid="code" function="code_export" argument={shown} open={*open} />
                <label class="import">
                    <span>{ tr!("code.paste") }</span>
                    <textarea ref={pasted} rows="4" spellcheck="false" autocomplete="off" data-testid="code-import"
                        placeholder="nn.Conv2d(3, 16, kernel_size=3, stride=1, padding=1)" />
                </label>
                <button type="button" class="copy" onclick={onimport} data-testid="code-import-go">{ tr!("code.read") }</button>
                { match &*result {
                    Some(Ok(s)) => html! { <p class="import-ok" role="status" data-testid="code-import-result">{ s }</p> },
                    Some(Err(e)) => html! { <p class="error" role="status" data-testid="code-import-result">{ e }</p> },
                    None => html! {},
                } }
            </div>
        </details>
    }
}
