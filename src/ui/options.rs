//! The lecture's presets, the rounding policy and the bias switch.

use crate::app::presets::{matching, PRESETS};
use crate::app::state::{Config, Msg, Op, ValueMode};
use crate::app::text::rounding_label;
use crate::cnn::Rounding;
use crate::tr;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

const ROUNDINGS: [(Rounding, &str); 4] = [
    (Rounding::Strict, "strict"),
    (Rounding::Floor, "floor"),
    (Rounding::Ceil, "ceil"),
    (Rounding::Same, "same"),
];

/// Props of [`LayerOptions`].
#[derive(Properties, PartialEq)]
pub struct LayerOptionsProps {
    /// The current controls.
    pub config: Config,
    /// Where the choices go.
    pub on_msg: Callback<Msg>,
}

/// Presets menu, rounding policy and bias switch.
#[component]
pub fn LayerOptions(props: &LayerOptionsProps) -> Html {
    let c = props.config;
    let seed = c.seed;
    let onpreset = {
        let on_msg = props.on_msg.clone();
        Callback::from(move |e: Event| {
            let id = e.target_unchecked_into::<HtmlSelectElement>().value();
            // "Custom" only labels a hand-made configuration: there is nothing to load.
            if let Some(p) = PRESETS.iter().find(|p| p.id == id) {
                on_msg.emit(Msg::Load(Config { seed, ..p.config }));
            }
        })
    };
    let onrounding = props.on_msg.reform(|e: Event| {
        let v = e.target_unchecked_into::<HtmlSelectElement>().value();
        let r = ROUNDINGS
            .iter()
            .find(|(_, key)| *key == v)
            .map_or(Rounding::Strict, |(r, _)| *r);
        Msg::SetRounding(r)
    });
    let onrelu = props
        .on_msg
        .reform(|e: Event| Msg::SetRelu(e.target_unchecked_into::<HtmlInputElement>().checked()));
    let onvalues = props.on_msg.reform(|e: Event| {
        let v = e.target_unchecked_into::<HtmlSelectElement>().value();
        Msg::SetValues(if v == "real" {
            ValueMode::Real
        } else {
            ValueMode::Small
        })
    });
    let onbias = props
        .on_msg
        .reform(|e: Event| Msg::SetBias(e.target_unchecked_into::<HtmlInputElement>().checked()));
    let current = matching(&c).map_or("custom", |p| p.id);
    let op_button = |op: Op, label: &'static str, id: &'static str| {
        let on_msg = props.on_msg.clone();
        html! {
            <button
                type="button"
                class={classes!("seg", (c.op == op).then_some("on"))}
                aria-pressed={(c.op == op).to_string()}
                data-testid={id}
                onclick={Callback::from(move |_: MouseEvent| on_msg.emit(Msg::SetOp(op)))}
            >{ label }</button>
        }
    };
    html! {
        <div class="options">
            <div class="op" role="group" aria-label={tr!("opt.layer")}>
                { op_button(Op::Conv, tr!("opt.conv"), "op-conv") }
                { op_button(Op::MaxPool, tr!("opt.pool"), "op-pool") }
            </div>
            <label class="preset">
                <span>{ tr!("opt.example") }</span>
                <select autocomplete="off" data-testid="preset" onchange={onpreset}>
                    <option value="custom" selected={current == "custom"} disabled=true>{ tr!("opt.custom") }</option>
                    { for PRESETS.iter().map(|p| html! {
                        <option value={p.id} selected={current == p.id}>{ p.title() }</option>
                    }) }
                </select>
            </label>
            <label class="rounding">
                <span>{ tr!("opt.rounding") }</span>
                <select autocomplete="off" data-testid="rounding" onchange={onrounding} disabled={c.is_transposed()}>
                    { for ROUNDINGS.iter().map(|(r, key)| html! {
                        <option value={*key} selected={c.rounding == *r}>{ rounding_label(*r) }</option>
                    }) }
                </select>
            </label>
            <label class="values">
                <span>{ tr!("opt.values") }</span>
                <select autocomplete="off" data-testid="values" onchange={onvalues}>
                    <option value="small" selected={c.values == ValueMode::Small}>{ tr!("opt.values_small") }</option>
                    <option value="real" selected={c.values == ValueMode::Real}>{ tr!("opt.values_real") }</option>
                </select>
            </label>
            <label class="bias">
                <input type="checkbox" data-testid="bias" checked={c.bias} disabled={c.op == Op::MaxPool} onchange={onbias} />
                <span>{ tr!("opt.bias") }</span>
            </label>
            <label class="bias">
                <input type="checkbox" data-testid="relu" checked={c.relu} disabled={c.op == Op::MaxPool} onchange={onrelu} />
                <span>{ tr!("opt.relu") }</span>
            </label>
        </div>
    }
}
