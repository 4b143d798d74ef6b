//! The formula bar and the dot-product panel: text read-outs with stable test ids.

use crate::app::text::{DotProduct, Formula};
use yew::prelude::*;

/// Props of [`Readouts`].
#[derive(Properties, PartialEq)]
pub struct ReadoutsProps {
    /// The output-size formula.
    pub formula: Formula,
    /// The parameter count, written out.
    pub params: AttrValue,
}

/// Output size (formula with numbers), output volume and parameter count; the does-not-fit
/// sentence when the lecture's rule gives no whole number.
#[component]
pub fn Readouts(props: &ReadoutsProps) -> Html {
    let f = &props.formula;
    html! {
        <section class={classes!("readouts", (!f.fits).then_some("misfit"))} aria-label="Output size">
            <div class="readout">
                <span class="label">{ "output size (N − F + 2P) / S + 1" }</span>
                <span class="value formula" data-testid="formula">{ &f.expr }</span>
            </div>
            <div class="readout">
                <span class="label">{ "output volume W₂ × H₂ × D₂" }</span>
                <span class="value" data-testid="output-shape">{ &f.shape }</span>
            </div>
            <div class="readout">
                <span class="label">{ "parameters F·F·D₁·K + K" }</span>
                <span class="value" data-testid="param-count">{ props.params.clone() }</span>
            </div>
            if let Some(note) = &f.note {
                <p class="fit-note" data-testid="fit-note" role="status">{ note }</p>
            }
        </section>
    }
}

/// Props of [`DotProductPanel`].
#[derive(Properties, PartialEq)]
pub struct DotProductProps {
    /// The dot product at the current position, if there is one.
    pub dot: Option<DotProduct>,
    /// The sentence for screen readers.
    pub status: AttrValue,
}

/// The current output cell's dot product written out in full, padding taps marked.
#[component]
pub fn DotProductPanel(props: &DotProductProps) -> Html {
    html! {
        <section class="dot" aria-label="Dot product at the current position">
            <p class="sr-only" aria-live="polite" data-testid="status">{ props.status.clone() }</p>
            if let Some(d) = &props.dot {
                <p class="sum" data-testid="dot-product">
                    <span class="target">{ format!("{} = ", d.target) }</span>
                    { for d.terms.iter().enumerate().map(|(i, t)| html! {
                        <>
                            if i > 0 { { " + " } }
                            <span class={classes!("term", t.padding.then_some("pad"))}>{ &t.text }</span>
                        </>
                    }) }
                    { format!(" + b({})", d.bias) }
                    <br />
                    <span class="target">{ "= " }</span>
                    { format!("{} + {} = ", d.sum, d.bias) }
                    <strong class="total" data-testid="dot-total">{ &d.total }</strong>
                </p>
                <p class="hint">{ "w·x for each filter weight w and the input x under it; shaded terms read zero-padding." }</p>
            }
        </section>
    }
}
