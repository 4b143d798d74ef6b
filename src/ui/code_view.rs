//! Code in three dialects behind tabs, with a copy button: the whole stack's export (and any
//! other panel that shows code).

use super::share::copy;
use crate::app::code::Dialect;
use crate::tr;
use yew::prelude::*;

/// Props of [`CodeTabs`].
#[derive(Properties, PartialEq)]
pub struct CodeTabsProps {
    /// The code in each dialect, in [`Dialect::ALL`] order.
    pub code: [AttrValue; 3],
    /// Prefix of the test ids: `{prefix}-pytorch`, `{prefix}-export`.
    pub testid: AttrValue,
}

/// Dialect tabs, the code, and a copy button.
#[component]
pub fn CodeTabs(props: &CodeTabsProps) -> Html {
    let current = use_state(|| 0usize);
    let copied = use_state(String::new);
    let code = props.code[*current].clone();
    let tabs = Dialect::ALL.iter().enumerate().map(|(i, d)| {
        let current = current.clone();
        let copied = copied.clone();
        html! {
            <button type="button" role="tab" aria-selected={(*current == i).to_string()}
                class={classes!("seg", (*current == i).then_some("on"))}
                data-testid={format!("{}-{}", props.testid, d.name().to_ascii_lowercase())}
                onclick={Callback::from(move |_: MouseEvent| { current.set(i); copied.set(String::new()); })}>
                { d.name() }
            </button>
        }
    });
    let oncopy = {
        let code = code.clone();
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            copied.set(if copy(&code) {
                tr!("share.copied").into()
            } else {
                tr!("code.select").into()
            });
        })
    };
    html! {
        <>
            <div class="op" role="tablist" aria-label={tr!("code.dialect")}>{ for tabs }</div>
            <pre data-testid={format!("{}-export", props.testid)}><code>{ code }</code></pre>
            <button type="button" class="copy" onclick={oncopy}>{ tr!("share.copy") }</button>
            <span class="copy-status" aria-live="polite">{ (*copied).clone() }</span>
        </>
    }
}
