//! The layer stack: a table of CONV, ReLU, POOL and FC layers with each output volume, its
//! arithmetic, parameters and receptive field; "Show" animates a layer in the explainer.

use super::code::LazyCode;
use crate::app::fields::Field;
use crate::app::stack::{rows, total_text, Param, Stack, StackLayer, NETWORKS};
use crate::app::state::{Msg, StackBox, StackRefusal};
use crate::cnn::Rounding;
use crate::tr;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Props of [`StackTable`].
#[derive(Properties, PartialEq)]
pub struct StackTableProps {
    /// The stack.
    pub stack: Stack,
    /// The rounding policy of the page (the table follows it).
    pub rounding: Rounding,
    /// Whether each row of `rows(stack, rounding)` shows the explainer's layer (highlighted):
    /// the explainer's whole configuration here would re-render the table (~140 elements and
    /// the stack's code in three languages) on every change of a control, K included.
    pub selected: Rc<[bool]>,
    /// Why the last change to the stack as a whole was refused (a layer too many).
    pub error: Option<String>,
    /// The boxes showing a refused text, with their sentences.
    pub refused: Vec<StackRefusal>,
    /// Where edits go.
    pub on_msg: Callback<Msg>,
}

fn param_label(p: Param) -> &'static str {
    match p {
        Param::K => "K",
        Param::F => "F",
        Param::S => "S",
        Param::P => "P",
        Param::Outputs => "outputs",
    }
}

/// A small text box committing on change (Enter or leaving the box), so a half-typed value
/// never redraws the table under the user's fingers. A refused text stays in the box, marked
/// invalid and described by its sentence ([`refusal`], in the same cell).
fn small_input(
    label: String,
    value: usize,
    testid: String,
    refused: Option<&StackRefusal>,
    onchange: Callback<Event>,
) -> Html {
    let shown = refused.map_or_else(|| value.to_string(), |r| r.text.clone());
    html! {
        <label class="mini">
            <span>{ label.rsplit(' ').next().unwrap_or("").to_string() }</span>
            <input type="text" inputmode="numeric" autocomplete="off" value={shown}
                aria-label={label} aria-invalid={refused.map(|_| "true")}
                aria-describedby={refused.map(|_| format!("{testid}-error"))}
                data-testid={testid} {onchange} />
        </label>
    }
}

/// The sentence of a refused box, `small_input`'s description; an alert, since it appears
/// with its text.
fn refusal(testid: String, refused: Option<&StackRefusal>) -> Html {
    let Some(r) = refused else {
        return Html::default();
    };
    let id = format!("{testid}-error");
    html! { <p class="error why" role="alert" id={id.clone()} data-testid={id}>{ &r.why }</p> }
}

/// The stack table with its controls.
#[component]
pub fn StackTable(props: &StackTableProps) -> Html {
    // The code is made in the view's wasm once its disclosure is opened.
    let open = use_state_eq(|| false);
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let table = rows(&props.stack, props.rounding);
    let refused = |at: StackBox| props.refused.iter().find(|r| r.at == at);
    let send = |m: Msg| props.on_msg.reform(move |_: MouseEvent| m.clone());
    let text_msg = |make: fn(String) -> Msg| {
        props
            .on_msg
            .reform(move |e: Event| make(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let onnetwork = {
        let on_msg = props.on_msg.clone();
        Callback::from(move |e: Event| {
            let id = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(n) = NETWORKS.iter().find(|n| n.id == id) {
                on_msg.emit(Msg::StackLoad(n.stack()));
            }
        })
    };
    let current_net = NETWORKS
        .iter()
        .find(|n| n.stack() == props.stack)
        .map_or("custom", |n| n.id);
    let len = table.len();
    let body = table.iter().enumerate().map(|(at, row)| {
        let i = row.index;
        let params = row.layer.params();
        let boxes = params.iter().map(|&(p, v)| {
            let on_msg = props.on_msg.clone();
            let onchange = Callback::from(move |e: Event| {
                on_msg.emit(Msg::StackEdit(i, p, e.target_unchecked_into::<HtmlInputElement>().value()))
            });
            small_input(
                tr!("stack.param_label", i + 1, param_label(p)),
                v,
                format!("stack-{i}-{}", param_label(p)),
                refused(StackBox::Layer(i, p)),
                onchange,
            )
        });
        let whys = params.iter().map(|&(p, _)| {
            refusal(format!("stack-{i}-{}", param_label(p)), refused(StackBox::Layer(i, p)))
        });
        let selected = props.selected.get(at).copied().unwrap_or(false);
        let show = row.config.map(|c| {
            let on_msg = props.on_msg.clone();
            html! {
                <button type="button" class="show" data-testid={format!("stack-show-{i}")}
                    aria-label={tr!("stack.show_label", i + 1)}
                    onclick={Callback::from(move |_: MouseEvent| {
                        on_msg.emit(Msg::Load(c));
                        if let Some(w) = web_sys::window() {
                            w.scroll_to_with_x_and_y(0.0, 0.0);
                        }
                    })}>{ tr!("stack.show") }</button>
            }
        });
        let kind = match row.layer {
            StackLayer::Conv { .. } => "CONV",
            StackLayer::Depthwise { .. } => "DW CONV",
            StackLayer::Relu => "ReLU",
            StackLayer::Pool { .. } => "POOL",
            StackLayer::Fc { .. } => "FC",
        };
        html! {
            <tr class={classes!(selected.then_some("selected"), row.output.is_err().then_some("bad"))}>
                <td class="num">{ i + 1 }</td>
                <th scope="row">{ kind }</th>
                <td class="params">{ for boxes }{ for whys }</td>
                <td class="out" data-testid={format!("stack-out-{i}")}>
                    { match &row.output { Ok(f) => f.text(), Err(e) => e.clone() } }
                </td>
                <td class="formula">{ &row.formula }</td>
                <td class="pc" data-testid={format!("stack-params-{i}")}>{ &row.params_text }</td>
                <td class="rf" data-testid={format!("stack-rf-{i}")}>
                    { match (&row.output, row.receptive_field) {
                        (Ok(_), Some(r)) => format!("{r} × {r}"),
                        (Ok(_), None) => tr!("stack.whole_input").into(),
                        (Err(_), _) => "—".into(),
                    } }
                </td>
                <td class="actions">
                    { show }
                    <button type="button" onclick={send(Msg::StackMove(i, -1))} disabled={i == 0}
                        aria-label={tr!("stack.up", i + 1)}>{ "↑" }</button>
                    <button type="button" onclick={send(Msg::StackMove(i, 1))} disabled={i + 1 == len}
                        aria-label={tr!("stack.down", i + 1)}>{ "↓" }</button>
                    <button type="button" onclick={send(Msg::StackRemove(i))}
                        aria-label={tr!("stack.remove", i + 1)} data-testid={format!("stack-remove-{i}")}>{ "✕" }</button>
                </td>
            </tr>
        }
    });
    let add = |layer: StackLayer, label: &'static str, id: &'static str| {
        html! { <button type="button" data-testid={id} onclick={send(Msg::StackAdd(layer))}>{ label }</button> }
    };
    html! {
        <section class="stack" aria-labelledby="stack-title">
            <div class="stack-head">
                <h2 id="stack-title">{ tr!("stack.title") }</h2>
                <label class="network">
                    <span>{ tr!("stack.network") }</span>
                    <select autocomplete="off" data-testid="network" onchange={onnetwork}>
                        <option value="custom" selected={current_net == "custom"} disabled=true>{ tr!("stack.custom") }</option>
                        { for NETWORKS.iter().map(|n| html! {
                            <option value={n.id} selected={current_net == n.id}>{ n.title() }</option>
                        }) }
                    </select>
                </label>
            </div>
            <div class="table-wrap">
                <table data-testid="stack-table">
                    <thead>
                        <tr>
                            <th scope="col">{ "#" }</th>
                            <th scope="col">{ tr!("stack.col.layer") }</th>
                            <th scope="col">{ tr!("stack.col.hyper") }</th>
                            <th scope="col">{ tr!("stack.col.output") }</th>
                            <th scope="col">{ tr!("stack.col.arith") }</th>
                            <th scope="col">{ tr!("stack.col.params") }</th>
                            <th scope="col">{ tr!("stack.col.rf") }</th>
                            <th scope="col"><span class="sr-only">{ tr!("stack.col.actions") }</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        <tr class="input-row">
                            <td class="num">{ 0 }</td>
                            <th scope="row">{ "INPUT" }</th>
                            <td class="params">
                                { small_input(tr!("stack.input_n").into(), props.stack.n, "stack-n".into(), refused(StackBox::Input(Field::N)), text_msg(|t| Msg::StackInput(Field::N, t))) }
                                { small_input(tr!("stack.input_d").into(), props.stack.d, "stack-d".into(), refused(StackBox::Input(Field::D)), text_msg(|t| Msg::StackInput(Field::D, t))) }
                                { refusal("stack-n".into(), refused(StackBox::Input(Field::N))) }
                                { refusal("stack-d".into(), refused(StackBox::Input(Field::D))) }
                            </td>
                            <td class="out">{ format!("{0} × {0} × {1}", props.stack.n, props.stack.d) }</td>
                            <td></td><td class="pc">{ "0" }</td><td class="rf">{ "1 × 1" }</td><td></td>
                        </tr>
                        { for body }
                    </tbody>
                    <tfoot>
                        <tr>
                            <td colspan="5">{ tr!("stack.total") }</td>
                            <td class="pc" data-testid="stack-total">{ total_text(&table) }</td>
                            <td colspan="2"></td>
                        </tr>
                    </tfoot>
                </table>
            </div>
            <div class="stack-add" role="group" aria-label={tr!("stack.add_label")}>
                <span>{ tr!("stack.add") }</span>
                { add(StackLayer::Conv { k: 8, f: 3, s: 1, p: 1 }, "+ CONV", "stack-add-conv") }
                { add(StackLayer::Depthwise { f: 3, s: 1, p: 1 }, "+ DW CONV", "stack-add-dw") }
                { add(StackLayer::Relu, "+ ReLU", "stack-add-relu") }
                { add(StackLayer::Pool { f: 2, s: 2 }, "+ POOL", "stack-add-pool") }
                { add(StackLayer::Fc { outputs: 10 }, "+ FC", "stack-add-fc") }
            </div>
            <p class="error" data-testid="stack-error" aria-live="polite">{ props.error.clone().unwrap_or_default() }</p>
            <p class="hint">{ tr!("stack.hint") }</p>
            <details class="code-panel stack-code">
                <summary data-testid="stack-code" onclick={ontoggle}>{ tr!("stack.code") }</summary>
                <div class="code-body">
                    <LazyCode testid="stack-code" function="stack_export" argument={AttrValue::from(props.stack.to_text(props.rounding))} open={*open} />
                </div>
            </details>
        </section>
    }
}
