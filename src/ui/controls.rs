//! The controls section: the hyperparameter fields, the two "more" panels and the layer
//! options. Its own component so an animation step, which changes only the position, skips
//! it with one comparison of its props instead of rebuilding and diffing ~20 fields' markup.

use super::{field, options};
use crate::app::fields::{Field, FieldError};
use crate::app::state::{Config, Msg, Op};
use crate::app::transpose_text;
use crate::tr;
use yew::prelude::*;

/// Props of [`Controls`]: the parts of the state the controls show.
#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    /// The last valid value of every control.
    pub config: Config,
    /// What each box shows now (indexed by [`Field::index`]).
    pub texts: [String; 16],
    /// Why a box's text was refused (indexed by [`Field::index`]).
    pub errors: [Option<FieldError>; 16],
    /// The scatter view of a transposed convolution is on.
    pub scatter: bool,
    /// Where typed values go.
    pub on_edit: Callback<(Field, String)>,
    /// Where the switches and menus go.
    pub on_msg: Callback<Msg>,
}

/// The fields, the "more" panels and the layer options.
#[component]
pub fn Controls(props: &ControlsProps) -> Html {
    let c = props.config;
    // Why a field does not apply right now, shown in place of its hint (and it is disabled).
    let unused = move |f: Field| -> Option<AttrValue> {
        let why = match f {
            Field::K if c.op == Op::MaxPool => tr!("unused.k_pool"),
            Field::W | Field::Fw | Field::Sw if !c.rect => tr!("unused.rect"),
            Field::P if c.pads.is_some() => tr!("unused.p_per_side"),
            Field::Pt | Field::Pl | Field::Pb | Field::Pr if c.pads.is_none() => {
                tr!("unused.sides")
            }
            f => return transpose_text::unused_hint(&c, f).map(AttrValue::from),
        };
        Some(AttrValue::from(why))
    };
    let field_html = |f: Field| {
        html! {
            <field::NumberField
                field={f}
                text={props.texts[f.index()].clone()}
                value={c.get(f)}
                error={props.errors[f.index()].as_ref().map(|e| e.to_string())}
                on_edit={props.on_edit.clone()}
                unused={unused(f)}
            />
        }
    };
    let fields = Field::MAIN.iter().map(|&f| field_html(f));
    let toggle = |label: &'static str, id: &'static str, on: bool, make: fn(bool) -> Msg| {
        let on_msg = props.on_msg.clone();
        let onchange = Callback::from(move |e: Event| {
            on_msg.emit(make(
                e.target_unchecked_into::<web_sys::HtmlInputElement>()
                    .checked(),
            ))
        });
        html! {
            <label class="toggle">
                <input type="checkbox" data-testid={id} checked={on} {onchange} />
                <span>{ label }</span>
            </label>
        }
    };
    let more_open = !c.is_square() || c.rect;
    let more = html! {
        <details class="more" open={more_open}>
            <summary data-testid="more">{ tr!("more.summary") }</summary>
            <div class="more-body">
                <div class="more-group">
                    { toggle(tr!("more.rect"), "rect", c.rect, Msg::SetRect) }
                    <div class="fields">
                        { field_html(Field::W) }{ field_html(Field::Fw) }{ field_html(Field::Sw) }
                    </div>
                </div>
                <div class="more-group">
                    { toggle(tr!("more.per_side"), "per-side", c.pads.is_some(), Msg::SetPerSide) }
                    <div class="fields">
                        { field_html(Field::Pt) }{ field_html(Field::Pl) }{ field_html(Field::Pb) }{ field_html(Field::Pr) }
                    </div>
                </div>
                <div class="more-group">
                    <div class="fields">{ field_html(Field::Dil) }</div>
                </div>
            </div>
        </details>
    };
    let (transposed_label, scatter_label, tconv_summary) = transpose_text::control_labels();
    let tconv_open = c.transposed || c.groups > 1;
    let tconv = html! {
        <details class="more tconv" open={tconv_open}>
            <summary data-testid="tconv-more">{ tconv_summary }</summary>
            <div class="more-body">
                <div class="more-group">
                    { toggle(transposed_label, "transposed", c.transposed, Msg::SetTransposed) }
                    { toggle(scatter_label, "scatter", props.scatter, Msg::SetScatter) }
                    <div class="fields">{ field_html(Field::Opad) }</div>
                </div>
                <div class="more-group">
                    <div class="fields">{ field_html(Field::G) }</div>
                </div>
            </div>
        </details>
    };
    html! {
        <section class="controls" aria-label={tr!("controls.label")}>
            <div class="fields">{ for fields }</div>
            { more }
            { tconv }
            <options::LayerOptions config={c} on_msg={props.on_msg.clone()} />
        </section>
    }
}
