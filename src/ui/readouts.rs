//! The formula bar and the dot-product panel: text read-outs with stable test ids.

use super::highlight::{self, Shaded};
use super::hooks::use_painter;
use super::live::{Live, Part, Writer};
use crate::app::layer::Layer;
use crate::app::text::{self, Costs, DotProduct, Formula, PoolMax};
use crate::tr;
use std::cell::Cell;
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
    tr!(
        "read.dot_caption",
        d.target,
        crate::plural!(d.channels.len(), "unit.channel"),
        d.filter
    )
}

fn channel_sum(sum: &str) -> String {
    format!("= {sum}")
}

fn sums_line(d: &DotProduct) -> String {
    tr!("read.bias_sum", d.sums, d.bias).to_string()
}

fn term_class(padding: bool) -> &'static str {
    if padding {
        "term pad"
    } else {
        "term"
    }
}

/// A pooling window's cell: padding, and the one that wins the max.
fn pool_class(padding: bool, win: bool) -> &'static str {
    match (padding, win) {
        (false, false) => "term",
        (true, false) => "term pad",
        (false, true) => "term win",
        (true, true) => "term pad win",
    }
}

fn pool_caption(m: &PoolMax) -> String {
    tr!("read.pool_caption", m.target, m.channel)
}

/// Writes the scatter view's read-out at `step` of `layer` (what the input cell stamps, a
/// line per channel) into the panel, which holds another position's; `kept` as in
/// [`write_dot`].
fn write_scatter(
    section: &web_sys::Element,
    layer: &Layer,
    step: usize,
    kept: &Cell<Vec<Written>>,
) {
    let Some((target, lines, _)) = crate::app::transpose_text::scatter_lines(layer, step) else {
        return;
    };
    let count = 1 + lines.len();
    let mut nodes = panel_nodes(kept, section, ".target, .sum.scatter li", count);
    for (w, text) in nodes.iter_mut().zip(std::iter::once(&target).chain(&lines)) {
        rewrite(w, text, None);
    }
    kept.set(nodes);
}

/// Writes the pooling window at `step` of `layer` into the panel, which holds another
/// position's of the same layer (as many cells): the caption, each cell's text and class, and
/// the maximum, as the render writes them; `kept` as in [`write_dot`].
fn write_pool(section: &web_sys::Element, layer: &Layer, step: usize, kept: &Cell<Vec<Written>>) {
    let Some(m) = layer
        .pool_trace(step)
        .map(|t| text::pool_max(&t, layer.config.d))
    else {
        return;
    };
    let count = 2 + m.cells.len();
    let selector = ".target, .sum.pool .term, .sum.pool .total";
    let mut nodes = panel_nodes(kept, section, selector, count);
    let mut next = nodes.iter_mut();
    let mut put = |text: &str, class| next.next().and_then(|w| rewrite(w, text, class));
    put(&pool_caption(&m), None);
    for (i, t) in m.cells.iter().enumerate() {
        put(&t.text, Some(pool_class(t.padding, i == m.argmax)));
    }
    put(&m.max, None);
    kept.set(nodes);
}

/// A node of the panel the short path writes: the element, its text, and what this writer
/// last wrote there (the text, and for a term the class it was given).
type Written = (
    web_sys::Element,
    Option<web_sys::Node>,
    String,
    Option<&'static str>,
);

/// The panel's caption, channel labels, terms (each channel's line, or each term where the
/// browser lacks highlights) and channel sums, the last row's sums and total, and the ReLU
/// line, in document order.
fn dot_selector(lines: bool) -> &'static str {
    if lines {
        ".target, .channel th, .channel .terms, .channel .chsum, .total-row .terms, .total-row .total, [data-testid=dot-relu]"
    } else {
        ".target, .channel th, .channel .term, .channel .chsum, .total-row .terms, .total-row .total, [data-testid=dot-relu]"
    }
}

/// Writes `text`, and `class` when given, into a kept node where it does not hold them
/// already; returns its text node.
fn rewrite(w: &mut Written, text: &str, class: Option<&'static str>) -> Option<web_sys::Node> {
    let (el, node, last, last_class) = w;
    if let Some(c) = class.filter(|&c| *last_class != Some(c)) {
        el.set_class_name(c);
        *last_class = Some(c);
    }
    if last != text {
        if let Some(node) = node {
            node.set_node_value(Some(text));
        }
        text.clone_into(last);
    }
    node.clone()
}

/// The nodes a writer last wrote (`kept`, taken) if there are `count`, else the elements of
/// the panel that `selector` finds, in document order, with their first child (their text),
/// or none if there are not `count` of them.
fn panel_nodes(
    kept: &Cell<Vec<Written>>,
    section: &web_sys::Element,
    selector: &str,
    count: usize,
) -> Vec<Written> {
    let nodes = kept.take();
    if nodes.len() == count {
        return nodes;
    }
    let Ok(list) = section.query_selector_all(selector) else {
        return Vec::new();
    };
    if list.length() as usize != count {
        return Vec::new();
    }
    (0..list.length())
        .filter_map(|i| list.get(i))
        .map(|n| {
            // querySelectorAll finds elements only.
            let e: web_sys::Element = n.unchecked_into();
            let text = e.first_child();
            (e, text, String::new(), None)
        })
        .collect()
}

/// Writes the dot product at `step` of `layer` into the panel, which holds another position's
/// of the same layer (the same rows and terms): the texts and classes the render writes. A
/// grouped layer's channel labels change with the group. `lines`: the render's choice, one
/// text a channel and the highlight, else a span per term.
///
/// `kept` holds the panel's nodes between steps, with what was last written to each, so a
/// step neither searches the panel again nor writes a text or class it already holds (12 of
/// the lecture example's ~23 writes a step did). It lives as long as the writer, which every
/// render of the panel makes anew: the panel's nodes change only in such a render.
fn write_dot(
    section: &web_sys::Element,
    layer: &Layer,
    step: usize,
    kept: &Cell<Vec<Written>>,
    shaded: &Shaded,
    lines: bool,
) {
    let Some(d) = layer
        .trace(step)
        .as_ref()
        .map(|t| text::dot_product(t, layer.config.relu))
    else {
        return;
    };
    let per_row = |ch: &text::ChannelSum| if lines { 3 } else { ch.terms.len() + 2 };
    let rows: usize = d.channels.iter().map(per_row).sum();
    let count = 3 + rows + usize::from(d.relu.is_some());
    let mut nodes = panel_nodes(kept, section, dot_selector(lines), count);
    // Each channel line's text node and its padding terms, shaded once the texts are written.
    let mut spans = Vec::new();
    let mut next = nodes.iter_mut();
    let mut put = |text: &str, padding: Option<bool>| {
        next.next()
            .and_then(|w| rewrite(w, text, padding.map(term_class)))
    };
    put(&caption(&d), None);
    for ch in &d.channels {
        put(&ch.label, None);
        if lines {
            let (line, padding) = ch.line();
            if let Some(node) = put(&line, None) {
                spans.extend(padding.into_iter().map(|(a, b)| (node.clone(), a, b)));
            }
        } else {
            for t in &ch.terms {
                put(&t.text, Some(t.padding));
            }
        }
        put(&channel_sum(&ch.sum), None);
    }
    put(&sums_line(&d), None);
    put(&d.total, None);
    if let Some(r) = &d.relu {
        put(r, None);
    }
    kept.set(nodes);
    if lines {
        shaded.set(spans);
    }
}

/// The text nodes of the panel's channel lines, with each line's padding terms (as
/// [`text::ChannelSum::line`] gives them): what the render shades.
fn line_spans(section: &web_sys::Element, d: &DotProduct) -> Vec<(web_sys::Node, u32, u32)> {
    let mut spans = Vec::new();
    let Ok(list) = section.query_selector_all(".channel .terms") else {
        return spans;
    };
    for (i, ch) in d.channels.iter().enumerate() {
        if let Some(node) = list.get(i as u32).and_then(|td| td.first_child()) {
            for (a, b) in ch.line().1 {
                spans.push((node.clone(), a, b));
            }
        }
    }
    spans
}

/// The current output cell's dot product written out in full: one line per input channel,
/// padding taps marked, then the channel sums plus the bias.
#[component]
pub fn DotProductPanel(props: &DotProductProps) -> Html {
    let section = use_node_ref();
    // The padding terms this panel shades: while the animation's short path writes the panel
    // (browsers with highlights), one text a channel and a highlight; otherwise a span per
    // term. Chromium rebuilds every highlight's marks at any change to the page, which
    // repainted these lines at each slider change (+0.7 ms of paint at D 3, +2.5 at D 8), and
    // a step of the animation, which rewrites them anyway, is cheaper with one text a channel.
    let shaded = use_memo((), |_| Shaded::default());
    let lines = highlight::supported() && props.live.is_some();
    // The short path's writes wait while the panel is off screen. Yew diffs this render
    // against the last one and takes the DOM to be at the position the ticks reached: the
    // write waiting runs first.
    let seen = use_painter(section.clone());
    seen.flush();
    {
        // After every render: a render that wrote a line's text moved its ranges.
        let (section, shaded, dot) = (section.clone(), shaded.clone(), props.dot.clone());
        use_effect(move || {
            let spans = match (&dot, section.cast::<web_sys::Element>()) {
                (Some(d), Some(s)) if lines => line_spans(&s, d),
                _ => Vec::new(),
            };
            shaded.set(spans);
        });
    }
    // The short path's writer, made anew with each render: the dot product, the pooling
    // window or the scatter view's stamp.
    if let Some((live, layer)) = &props.live {
        let (section, layer, shaded) = (section.clone(), layer.clone(), shaded.clone());
        let kept = Cell::default();
        let (pooling, scatter) = (props.pool.is_some(), props.scatter.is_some());
        let write: Rc<dyn Fn(usize)> = Rc::new(move |step| {
            let Some(s) = section.get().and_then(|n| n.dyn_into().ok()) else {
                return;
            };
            if scatter {
                write_scatter(&s, &layer, step, &kept);
            } else if pooling {
                write_pool(&s, &layer, step, &kept);
            } else {
                write_dot(&s, &layer, step, &kept, &shaded, lines);
            }
        });
        let writer: Writer = Rc::new(move |step| {
            let write = write.clone();
            seen.when_seen(Box::new(move || write(step)));
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
                    { pool_caption(m) }
                </p>
                <p class="sum pool" data-testid="pool-max">
                    { "max(" }
                    { for m.cells.iter().enumerate().map(|(i, t)| html! {
                        <>
                            if i > 0 { { ", " } }
                            <span class={pool_class(t.padding, i == m.argmax)}>{ &t.text }</span>
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
                                    if lines {
                                        { ch.line().0 }
                                    } else {
                                        { for ch.terms.iter().enumerate().map(|(i, t)| html! {
                                            <>
                                                if i > 0 { { " + " } }
                                                <span class={term_class(t.padding)}>{ &t.text }</span>
                                            </>
                                        }) }
                                    }
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
