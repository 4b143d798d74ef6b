//! Code export and import: the current layer as PyTorch, Torch7 or Caffe, and a box that
//! reads such a snippet back into the controls.

use super::code_view::CodeTabs;
use crate::app::code::{export, import, Dialect};
use crate::app::state::{Config, Msg};
use crate::tr;
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

/// The code panel.
#[component]
pub fn CodePanel(props: &CodePanelProps) -> Html {
    let pasted = use_node_ref();
    let result = use_state(|| None::<Result<String, String>>);
    let code = Dialect::ALL.map(|d| AttrValue::from(export(&props.config, d)));
    let onimport = {
        let pasted = pasted.clone();
        let result = result.clone();
        let on_msg = props.on_msg.clone();
        let base = props.config;
        Callback::from(move |_: MouseEvent| {
            let text = pasted
                .cast::<HtmlTextAreaElement>()
                .map(|t| t.value())
                .unwrap_or_default();
            match import(&text, &base) {
                Ok(i) => {
                    let mut said = tr!("code.read_as", i.dialect.name());
                    for n in &i.notes {
                        said.push(' ');
                        said.push_str(n);
                    }
                    on_msg.emit(Msg::Load(Config {
                        seed: base.seed,
                        ..i.config
                    }));
                    result.set(Some(Ok(said)));
                }
                Err(e) => result.set(Some(Err(e))),
            }
        })
    };
    html! {
        <details class="code-panel">
            <summary data-testid="code">{ tr!("code.summary") }</summary>
            <div class="code-body">
                <CodeTabs testid="code" {code} />
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
