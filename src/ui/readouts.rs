//! The formula bar and the dot-product panel: text read-outs with stable test ids.

use super::live::{Live, Part, Writer};
use crate::app::layer::Layer;
use crate::app::text::{self, Costs, DotProduct, Formula, PoolMax};
use crate::tr;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Props of [`Readouts`].
#[derive(Properties, PartialEq)]
pub struct ReadoutsProps {
    /// The output-size formula.
    pub formula: Formula,
    /// Parameters, multiply-adds and memory.
    pub costs: Costs,
    /// What the formula computes (the convolution's or the transposed convolution's).
    /// (the plain convolution's when not given).
    #[prop_or_default]
    pub label: Option<AttrValue>,
}

/// Output size (formula with numbers), output volume, parameters, multiply-adds and memory;
/// a sentence when the rounding policy has something to say.
#[component]
pub fn Readouts(props: &ReadoutsProps) -> Html {
    let f = &props.formula;
    let c = &props.costs;
    let item = |label: String, value: String, id: &'static str| {
        html! {
            <div class="readout">
                <span class="label">{ label }</span>
                <span class="value" data-testid={id}>{ value }</span>
            </div>
        }
    };
    html! {
        <section class={classes!("readouts", (!f.fits).then_some("misfit"))} aria-label={tr!("read.section")}>
            <div class="readout main">
                <span class="label" data-testid="formula-label">{ props.label.clone().unwrap_or_else(|| tr!("read.size").into()) }</span>
                <span class="value formula" data-testid="formula">{ &f.expr }</span>
            </div>
            <div class="readout main">
                <span class="label">{ tr!("read.volume") }</span>
                <span class="value" data-testid="output-shape">{ &f.shape }</span>
            </div>
            { item(c.params_label.clone(), c.params.clone(), "param-count") }
            { item(c.work_label.clone(), c.work.clone(), "macs") }
            { item(tr!("read.memory").into(), c.memory.clone(), "memory") }
            if let Some(note) = &f.note {
                <p class="fit-note" data-testid="fit-note" role="status">{ note }</p>
            }
        </section>
    }
}

/// Props of [`DotProductPanel`].
#[derive(Properties, PartialEq)]
pub struct DotProductProps {
    /// The dot product at the current position, if there is one (a conv).
    pub dot: Option<DotProduct>,
    /// The pooling window at the current position, if there is one (max pooling).
    #[prop_or_default]
    pub pool: Option<PoolMax>,
    /// The sentence for screen readers.
    pub status: AttrValue,
    /// The animation is playing: the live region stays empty, since eight sentences a second
    /// would drown a screen reader; a pause then announces the step it stopped on, and a step
    /// taken by hand is announced.
    #[prop_or_default]
    pub playing: bool,
    /// A transposed layer's direct view: the shaded terms read inserted or border zeros.
    #[prop_or_default]
    pub transposed: bool,
    /// The scatter view's read-out: (what the input cell does, one line per channel).
    #[prop_or_default]
    pub scatter: Option<(String, Vec<String>)>,
    /// The animation's short path and the layer, when the short path takes this state's
    /// ticks: the dot product's text then follows it without a render.
    #[prop_or_default]
    pub live: Option<(Rc<Live>, Rc<Layer>)>,
}

// The dot product's caption, channel sums, last row and term classes, as the panel renders
// them: `write_dot`, the short path's writer, writes the same.

fn caption(d: &DotProduct) -> String {
    tr!("read.dot_caption", d.target, d.channels.len(), d.filter)
}

fn channel_sum(sum: &str) -> String {
    format!("= {sum}")
}

fn sums_line(d: &DotProduct) -> String {
    format!("{} (bias {})", d.sums, d.bias)
}

fn term_class(padding: bool) -> &'static str {
    if padding {
        "term pad"
    } else {
        "term"
    }
}

/// The panel's nodes the short path writes, in document order, with what it last wrote to
/// each: found once per render, so a step neither searches the panel again nor writes a text
/// or a class it already holds (about half the terms stay the same from one step to the next).
struct DotNodes {
    /// Each element, its text node, and the text and class last written there.
    nodes: Vec<(
        web_sys::Element,
        Option<web_sys::Node>,
        String,
        Option<&'static str>,
    )>,
}

impl DotNodes {
    /// The panel's caption, terms, sums and ReLU line, if it holds `count` of them.
    fn find(section: &web_sys::Element, count: usize) -> Option<DotNodes> {
        let list = section
            .query_selector_all(
                ".target, .channel .term, .channel .chsum, .total-row .terms, .total-row .total, [data-testid=dot-relu]",
            )
            .ok()?;
        if list.length() as usize != count {
            return None;
        }
        let nodes = (0..list.length())
            .filter_map(|i| list.get(i))
            .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
            .map(|e| {
                let text = e.first_child();
                (e, text, String::new(), None)
            })
            .collect::<Vec<_>>();
        (nodes.len() == count).then_some(DotNodes { nodes })
    }

    /// Writes `text` (and `class`, if given) to node `i`, where it differs from the last write.
    fn put(&mut self, i: usize, text: &str, class: Option<&'static str>) {
        let Some((el, node, last, last_class)) = self.nodes.get_mut(i) else {
            return;
        };
        if class.is_some() && *last_class != class {
            el.set_class_name(class.unwrap_or_default());
            *last_class = class;
        }
        if last != text {
            if let Some(node) = node {
                node.set_node_value(Some(text));
            }
            text.clone_into(last);
        }
    }
}

/// Writes the dot product at `step` of `layer` into the panel, which holds another position's
/// of the same layer (the same rows and terms): the texts and classes the render writes.
/// `found` keeps the panel's nodes between calls (see [`DotNodes`]).
fn write_dot(
    section: &web_sys::Element,
    layer: &Layer,
    step: usize,
    found: &RefCell<Option<DotNodes>>,
) {
    let Some(d) = layer
        .trace(step)
        .as_ref()
        .map(|t| text::dot_product(t, layer.config.relu))
    else {
        return;
    };
    // In document order: the caption, each channel's terms and sum, the last row, ReLU.
    let terms: usize = d.channels.iter().map(|ch| ch.terms.len() + 1).sum();
    let count = 3 + terms + usize::from(d.relu.is_some());
    let mut found = found.borrow_mut();
    if found.as_ref().is_none_or(|f| f.nodes.len() != count) {
        *found = DotNodes::find(section, count);
    }
    let Some(nodes) = found.as_mut() else {
        return;
    };
    let mut i = 0;
    let mut put = |text: &str, class: Option<&'static str>| {
        nodes.put(i, text, class);
        i += 1;
    };
    put(&caption(&d), None);
    for ch in &d.channels {
        for t in &ch.terms {
            put(&t.text, Some(term_class(t.padding)));
        }
        put(&channel_sum(&ch.sum), None);
    }
    put(&sums_line(&d), None);
    put(&d.total, None);
    if let Some(r) = &d.relu {
        put(r, None);
    }
}

/// The current output cell's dot product written out in full: one line per input channel,
/// padding taps marked, then the channel sums plus the bias.
#[component]
pub fn DotProductPanel(props: &DotProductProps) -> Html {
    let section = use_node_ref();
    // The short path's writer, made anew with each render.
    if let Some((live, layer)) = &props.live {
        let (section, layer) = (section.clone(), layer.clone());
        let found = RefCell::new(None);
        let writer: Writer = Rc::new(move |step| {
            if let Some(s) = section.get().and_then(|n| n.dyn_into().ok()) {
                write_dot(&s, &layer, step, &found);
            }
        });
        live.set(Part::Dot, Some(writer));
    }
    html! {
        <section class="dot" aria-label={tr!("read.dot_section")} ref={section}>
            <p class="sr-only" aria-live="polite" data-testid="status">{ if props.playing { AttrValue::default() } else { props.status.clone() } }</p>
            if let Some((target, lines)) = &props.scatter {
                <p class="target" data-testid="scatter-target">{ target }</p>
                <ul class="sum scatter" data-testid="scatter-lines">
                    { for lines.iter().map(|l| html! { <li>{ l }</li> }) }
                </ul>
                <p class="hint">{ crate::app::transpose_text::scatter_hint() }</p>
            } else if let Some(m) = &props.pool {
                <p class="target" data-testid="dot-target">
                    { tr!("read.pool_caption", m.target, m.channel) }
                </p>
                <p class="sum pool" data-testid="pool-max">
                    { "max(" }
                    { for m.cells.iter().enumerate().map(|(i, t)| html! {
                        <>
                            if i > 0 { { ", " } }
                            <span class={classes!("term", t.padding.then_some("pad"), (i == m.argmax).then_some("win"))}>{ &t.text }</span>
                        </>
                    }) }
                    { ") = " }
                    <strong class="total" data-testid="dot-total">{ &m.max }</strong>
                </p>
                <p class="hint">{ tr!("read.pool_hint") }</p>
            } else if let Some(d) = &props.dot {
                <p class="target" data-testid="dot-target">
                    { caption(d) }
                </p>
                <table class="sum" data-testid="dot-product">
                    <tbody>
                        { for d.channels.iter().map(|ch| html! {
                            <tr class="channel">
                                <th scope="row">{ &ch.label }</th>
                                <td class="terms">
                                    { for ch.terms.iter().enumerate().map(|(i, t)| html! {
                                        <>
                                            if i > 0 { { " + " } }
                                            <span class={term_class(t.padding)}>{ &t.text }</span>
                                        </>
                                    }) }
                                </td>
                                <td class="chsum">{ channel_sum(&ch.sum) }</td>
                            </tr>
                        }) }
                        <tr class="total-row">
                            <th scope="row">{ "out" }</th>
                            <td class="terms">{ sums_line(d) }</td>
                            <td class="chsum">{ "= " }<strong class="total" data-testid="dot-total">{ &d.total }</strong></td>
                        </tr>
                        if let Some(r) = &d.relu {
                            <tr class="relu-row">
                                <th scope="row">{ "ReLU" }</th>
                                <td class="terms" data-testid="dot-relu">{ r }</td>
                                <td></td>
                            </tr>
                        }
                    </tbody>
                </table>
                if props.transposed {
                    <p class="hint">{ crate::app::transpose_text::dot_hint() }</p>
                } else {
                    <p class="hint">{ tr!("read.dot_hint") }</p>
                }
            } else {
                <p class="hint" data-testid="dot-none">{ props.status.clone() }</p>
            }
        </section>
    }
}
