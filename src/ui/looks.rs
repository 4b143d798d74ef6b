//! The language and colour-scheme menus in the page header.

use crate::app::i18n::Lang;
use crate::app::state::{Msg, Theme};
use crate::tr;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Props of [`Looks`].
#[derive(Properties, PartialEq)]
pub struct LooksProps {
    /// The interface language.
    pub lang: Lang,
    /// The colour scheme.
    pub theme: Theme,
    /// Where the choices go.
    pub on_msg: Callback<Msg>,
}

/// Two small menus: language and theme.
#[component]
pub fn Looks(props: &LooksProps) -> Html {
    let onlang = props.on_msg.reform(|e: Event| {
        let v = e.target_unchecked_into::<HtmlSelectElement>().value();
        Msg::SetLang(Lang::parse(&v).unwrap_or_default())
    });
    let ontheme = props.on_msg.reform(|e: Event| {
        let v = e.target_unchecked_into::<HtmlSelectElement>().value();
        Msg::SetTheme(Theme::parse(&v).unwrap_or_default())
    });
    html! {
        <div class="looks">
            <label>
                <span>{ tr!("looks.lang") }</span>
                <select autocomplete="off" data-testid="lang" onchange={onlang}>
                    { for Lang::ALL.iter().map(|l| html! {
                        // Each language names itself, so a reader can always find their own.
                        <option value={l.code()} lang={l.code()} selected={*l == props.lang}>{ l.name() }</option>
                    }) }
                </select>
            </label>
            <label>
                <span>{ tr!("looks.theme") }</span>
                <select autocomplete="off" data-testid="theme" onchange={ontheme}>
                    { for Theme::ALL.iter().map(|t| html! {
                        <option value={t.code()} selected={*t == props.theme}>{ t.label() }</option>
                    }) }
                </select>
            </label>
        </div>
    }
}
