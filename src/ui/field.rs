//! One hyperparameter: a labelled text box (typing and ↑/↓) plus a slider, with the sentence
//! explaining a refused value right beside it.

use crate::app::fields::Field;
use crate::tr;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props of [`NumberField`].
#[derive(Properties, PartialEq)]
pub struct NumberFieldProps {
    /// Which hyperparameter.
    pub field: Field,
    /// What the box shows (possibly invalid).
    pub text: AttrValue,
    /// The last valid value (drives the slider).
    pub value: usize,
    /// Why the text was refused, if it was.
    pub error: Option<String>,
    /// Called with every edit.
    pub on_edit: Callback<(Field, String)>,
    /// Why the field does not apply right now (e.g. K under pooling), if it does not.
    #[prop_or_default]
    pub unused: Option<AttrValue>,
}

/// A number box and a slider for one field.
#[component]
pub fn NumberField(props: &NumberFieldProps) -> Html {
    let field = props.field;
    let (min, max) = field.range();
    let key = field.key();
    let (box_id, err_id, hint_id) = (
        format!("in-{key}"),
        format!("err-{key}"),
        format!("hint-{key}"),
    );

    // The box and the slider report the same way: the field and its text.
    let oninput = props.on_edit.reform(move |e: InputEvent| {
        (field, e.target_unchecked_into::<HtmlInputElement>().value())
    });
    // ↑/↓ step the value like a native number box, stopping at the field's limits.
    let onkeydown = {
        let on_edit = props.on_edit.clone();
        let value = props.value;
        Callback::from(move |e: KeyboardEvent| {
            let next = match e.key().as_str() {
                "ArrowUp" if value < max => value + 1,
                "ArrowDown" if value > min => value - 1,
                _ => return,
            };
            e.prevent_default();
            on_edit.emit((field, next.to_string()));
        })
    };

    let invalid = props.error.is_some();
    let disabled = props.unused.is_some();
    html! {
        <div class={classes!("field", invalid.then_some("invalid"))}>
            <label for={box_id.clone()}>
                { field.label() }{ " " }<span class="sym">{ field.symbol() }</span>
            </label>
            <input
                id={box_id}
                class="num"
                type="text"
                inputmode="numeric"
                autocomplete="off"
                spellcheck="false"
                data-testid={format!("field-{key}")}
                value={props.text.clone()}
                aria-invalid={invalid.to_string()}
                {disabled}
                aria-describedby={format!("{hint_id} {err_id}")}
                oninput={oninput.clone()}
                {onkeydown}
            />
            <input
                class="slider"
                type="range"
                autocomplete="off"
                min={min.to_string()}
                max={max.to_string()}
                step="1"
                value={props.value.to_string()}
                aria-label={tr!("field.slider", field.label(), field.symbol())}
                data-testid={format!("slider-{key}")}
                {disabled}
                oninput={oninput.clone()}
            />
            <p id={hint_id} class="hint">
                { props.unused.clone().map_or_else(|| format!("{} ({min}–{max})", field.hint()), |u| u.to_string()) }
            </p>
            <p id={err_id} class="error" data-testid={format!("error-{key}")} aria-live="polite">
                { props.error.clone().unwrap_or_default() }
            </p>
        </div>
    }
}
