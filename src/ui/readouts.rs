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

/// The texts of a dot product's caption, its channel sums' cells and its last row, as the
/// panel renders them (the short path writes the same).
fn caption(d: &DotProduct) -> String {
    tr!("read.dot_caption", d.target, d.channels.len(), d.filter)
}

fn channel_sum(sum: &str) -> String {
    format!("= {sum}")
}

fn sums_line(d: &DotProduct) -> String {
    format!("{} (bias {})", d.sums, d.bias)
}

fn term_class(padding: bool) -> Classes {
    classes!("term", padding.then_some("pad"))
}

/// The nodes the short path writes, found after a render of the panel, and what it last
/// wrote there (a write that changes nothing is left out, as Yew's diff leaves it out).
struct DotNodes {
    /// Text nodes in the order [`dot_texts`] lists their texts.
    texts: Vec<web_sys::Node>,
    /// The term spans, whose class says whether the term reads the padding.
    terms: Vec<web_sys::Element>,
    /// The texts and padding flags last written, empty before the first write.
    last: (Vec<String>, Vec<bool>),
}

impl DotNodes {
    /// The panel's nodes as a convolution's dot product renders them, or `None` when the
    /// panel shows something else.
    fn find(section: &web_sys::Element) -> Option<DotNodes> {
        let all = |sel: &str| -> Vec<web_sys::Element> {
            let list = section.query_selector_all(sel).ok();
            (0..list.as_ref().map_or(0, |l| l.length()))
                .filter_map(|i| list.as_ref()?.get(i)?.dyn_into().ok())
                .collect()
        };
        let terms = all(".channel .term");
        let mut holders = all(".target");
        holders.extend(terms.iter().cloned());
        holders.extend(all(".channel .chsum"));
        holders.extend(all(".total-row .terms"));
        holders.extend(all(".total-row .total"));
        holders.extend(all("[data-testid=dot-relu]"));
        let texts = holders
            .iter()
            .map(|e| e.first_child())
            .collect::<Option<Vec<_>>>()?;
        Some(DotNodes {
            texts,
            terms,
            last: (Vec::new(), Vec::new()),
        })
    }

    /// Writes the dot product at `step` of `layer` (the layer the panel rendered).
    fn write(&mut self, layer: &Layer, step: usize) {
        let Some(d) = layer
            .trace(step)
            .as_ref()
            .map(|t| text::dot_product(t, layer.config.relu))
        else {
            return;
        };
        let (texts, pads) = dot_texts(&d);
        if texts.len() != self.texts.len() || pads.len() != self.terms.len() {
            return;
        }
        for (i, t) in texts.iter().enumerate() {
            if self.last.0.get(i) != Some(t) {
                self.texts[i].set_node_value(Some(t));
            }
        }
        for (i, &p) in pads.iter().enumerate() {
            if self.last.1.get(i) != Some(&p) {
                self.terms[i].set_class_name(&term_class(p).to_string());
            }
        }
        self.last = (texts, pads);
    }
}

/// A dot product's texts as the panel renders them, in document order (caption, terms,
/// channel sums, the last row, ReLU), and whether each term reads the padding.
fn dot_texts(d: &DotProduct) -> (Vec<String>, Vec<bool>) {
    let terms = d.channels.iter().flat_map(|ch| &ch.terms);
    let mut texts = vec![caption(d)];
    texts.extend(terms.clone().map(|t| t.text.clone()));
    texts.extend(d.channels.iter().map(|ch| channel_sum(&ch.sum)));
    texts.push(sums_line(d));
    texts.push(d.total.clone());
    texts.extend(d.relu.clone());
    (texts, terms.map(|t| t.padding).collect())
}

/// The current output cell's dot product written out in full: one line per input channel,
/// padding taps marked, then the channel sums plus the bias.
#[component]
pub fn DotProductPanel(props: &DotProductProps) -> Html {
    let section = use_node_ref();
    {
        let section = section.clone();
        // After every render: the nodes may be new, and a render may have written them.
        let live = props.live.clone();
        use_effect(move || {
            let nodes = live
                .as_ref()
                .and_then(|_| section.get()?.dyn_into().ok())
                .and_then(|s| DotNodes::find(&s));
            if let (Some((live, layer)), Some(nodes)) = (&live, nodes) {
                let (layer, nodes) = (layer.clone(), RefCell::new(nodes));
                let writer: Writer = Rc::new(move |step| nodes.borrow_mut().write(&layer, step));
                live.set(Part::Dot, Some(writer));
            }
            move || {
                if let Some((live, _)) = live {
                    live.set(Part::Dot, None);
                }
            }
        });
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
