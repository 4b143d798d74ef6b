//! Code export and import: the current layer as PyTorch, Torch7 or Caffe, and a box that
//! reads such a snippet back into the controls.

use super::share::copy;
use crate::app::code::{export, import, Dialect};
use crate::app::state::{Config, Msg};
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
    let dialect = use_state(|| Dialect::PyTorch);
    let copied = use_state(String::new);
    let pasted = use_node_ref();
    let result = use_state(|| None::<Result<String, String>>);
    let code = export(&props.config, *dialect);
    let tabs = Dialect::ALL.iter().map(|&d| {
        let dialect = dialect.clone();
        let copied = copied.clone();
        html! {
            <button type="button" role="tab" aria-selected={(*dialect == d).to_string()}
                class={classes!("seg", (*dialect == d).then_some("on"))}
                data-testid={format!("code-{}", d.name().to_lowercase())}
                onclick={Callback::from(move |_: MouseEvent| { dialect.set(d); copied.set(String::new()); })}>
                { d.name() }
            </button>
        }
    });
    let oncopy = {
        let code = code.clone();
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            copied.set(if copy(&code) {
                "Copied.".into()
            } else {
                "Select the code and press Ctrl+C (⌘C).".into()
            });
        })
    };
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
                    let mut said = format!(
                        "Read as {}: the controls now show this layer (the input size N stays).",
                        i.dialect.name()
                    );
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
            <summary data-testid="code">{ "Code: this layer in PyTorch, Torch7 or Caffe, and back" }</summary>
            <div class="code-body">
                <div class="op" role="tablist" aria-label="Language">{ for tabs }</div>
                <pre data-testid="code-export"><code>{ code }</code></pre>
                <button type="button" class="copy" onclick={oncopy}>{ "Copy" }</button>
                <span class="copy-status" aria-live="polite">{ (*copied).clone() }</span>
                <label class="import">
                    <span>{ "Paste a layer to read it into the controls" }</span>
                    <textarea ref={pasted} rows="4" spellcheck="false" data-testid="code-import"
                        placeholder="nn.Conv2d(3, 16, kernel_size=3, stride=1, padding=1)" />
                </label>
                <button type="button" class="copy" onclick={onimport} data-testid="code-import-go">{ "Read it" }</button>
                { match &*result {
                    Some(Ok(s)) => html! { <p class="import-ok" role="status" data-testid="code-import-result">{ s }</p> },
                    Some(Err(e)) => html! { <p class="error" role="status" data-testid="code-import-result">{ e }</p> },
                    None => html! {},
                } }
            </div>
        </details>
    }
}
