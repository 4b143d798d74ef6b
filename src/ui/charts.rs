//! Chart components: output size against S or P, activation-map heatmaps.
//!
//! Both repaint their canvas in an effect when their data or the available width changes,
//! as [`super::stage::Stage`] does, but when they are off screen (below the picture, most of
//! the time) up to 150 ms later, a few times a second during a drag; the arithmetic is in
//! [`crate::app::charts`].

use super::hooks::{use_painter, use_room};
use crate::app::charts::{
    size_series, size_summary, ColorScale, HeatmapLayout, SizeChartLayout, Sweep, SIZE_CHART_WIDTH,
};
use crate::app::layer::Layer;
use crate::app::state::{Config, Msg, Theme};
use crate::app::text::num;
use crate::render::charts as draw;
use crate::tr;
use std::rc::Rc;
use web_sys::{HtmlCanvasElement, HtmlElement};
use yew::prelude::*;

/// Logs a drawing failure; the rest of the page keeps working.
fn report(result: Result<(), String>) {
    if let Err(e) = result {
        web_sys::console::error_1(&e.into());
    }
}

/// Props of [`SizeChart`].
#[derive(Properties, PartialEq)]
pub struct SizeChartProps {
    /// The current controls; the chart varies S or P and keeps the rest.
    pub config: Config,
    /// Where a click on a point sends `Msg::Edit(S or P, value)`.
    pub on_msg: Callback<Msg>,
    /// The resolved theme: the chart's colours follow the page's.
    pub theme: Theme,
}

/// Output size W₂ against stride S or padding P, with a toggle for the axis, a click on a
/// point to choose that value, and a table with the same numbers.
#[component]
pub fn SizeChart(props: &SizeChartProps) -> Html {
    let sweep = use_state_eq(Sweep::default);
    let wrap_ref = use_node_ref();
    let canvas_ref = use_node_ref();
    let width = use_room(wrap_ref.clone()).0;
    let series = use_memo((props.config, *sweep), |(c, s)| size_series(c, *s));
    let layout = use_memo((series.clone(), width as u32), |(series, w)| {
        let avail = if *w > 0 {
            *w as f64
        } else {
            SIZE_CHART_WIDTH.1
        };
        SizeChartLayout::new(series, avail)
    });
    let painter = use_painter(canvas_ref.clone());
    {
        let canvas_ref = canvas_ref.clone();
        use_effect_with(
            (series.clone(), layout.clone(), *sweep, props.theme),
            move |(series, layout, sweep, theme)| {
                let (series, layout, sweep, ink) = (
                    series.clone(),
                    layout.clone(),
                    *sweep,
                    draw::ChartInk::of(*theme),
                );
                painter.paint(move || {
                    if let Some(c) = canvas_ref.cast::<HtmlCanvasElement>() {
                        report(draw::paint_size_chart(&c, &layout, &series, sweep, ink));
                    }
                });
            },
        );
    }

    let s = *sweep;
    let field = s.field();
    let onclick = {
        let (series, layout, on_msg) = (series.clone(), layout.clone(), props.on_msg.clone());
        Callback::from(move |e: MouseEvent| {
            if let Some(x) = layout.hit(&series, e.offset_x() as f64, e.offset_y() as f64) {
                on_msg.emit(Msg::Edit(field, x.to_string()));
            }
        })
    };
    let onmousemove = {
        let (series, layout, canvas_ref) = (series.clone(), layout.clone(), canvas_ref.clone());
        Callback::from(move |e: MouseEvent| {
            let hit = layout.hit(&series, e.offset_x() as f64, e.offset_y() as f64);
            if let Some(c) = canvas_ref.cast::<HtmlElement>() {
                let cursor = if hit.is_some() { "pointer" } else { "default" };
                let _ = c.style().set_property("cursor", cursor);
            }
        })
    };
    let toggle = Sweep::ALL.iter().map(|&option| {
        let onclick = {
            let sweep = sweep.clone();
            Callback::from(move |_: MouseEvent| sweep.set(option))
        };
        html! {
            <button type="button" data-sweep={option.key()} aria-pressed={(option == s).to_string()} {onclick}>
                { option.axis_label() }
            </button>
        }
    });
    let set_row = |x: usize| {
        props
            .on_msg
            .reform(move |_: MouseEvent| Msg::Edit(field, x.to_string()))
    };
    let rows = series.iter().map(|p| {
        html! {
            <tr class={classes!(p.current.then_some("current"))} aria-current={p.current.then_some("true")}>
                <th scope="row">
                    <button type="button" class="set" onclick={set_row(p.x)}>{ format!("{} = {}", s.symbol(), p.x) }</button>
                    if p.current { <span class="cur">{ " " }{ tr!("chart.current") }</span> }
                </th>
                <td>{ p.describe() }</td>
            </tr>
        }
    });

    let c = &props.config;
    let sym = s.symbol();
    let fixed = match s {
        Sweep::Stride => format!("N = {}, F = {}, P = {}", c.n, c.f, c.p),
        Sweep::Padding => format!("N = {}, F = {}, S = {}", c.n, c.f, c.s),
    };
    let (lo, hi) = s.range();
    let now = series.iter().find(|p| p.current).map(|p| p.describe());
    let label = tr!(
        "chart.label",
        s.axis_label(),
        lo,
        hi,
        fixed,
        sym,
        s.value(c),
        now.unwrap_or_default()
    );
    let any_misfit = series.iter().any(|p| !p.fits() && p.floor.is_some());
    html! {
        <section class="chart-panel size-panel" aria-labelledby="size-chart-title">
            <div class="chart-head">
                <h2 id="size-chart-title">{ tr!("chart.title", sym) }</h2>
                <div class="sweep" role="group" aria-label={tr!("chart.axis_group")} data-testid="size-chart-sweep">
                    { for toggle }
                </div>
            </div>
            <div class="chart-wrap" ref={wrap_ref}>
                <canvas
                    ref={canvas_ref}
                    role="img"
                    aria-label={label}
                    data-testid="size-chart"
                    data-sweep={s.key()}
                    data-plot-left={layout.left.to_string()}
                    data-plot-right={layout.right.to_string()}
                    data-plot-top={layout.top.to_string()}
                    data-plot-bottom={layout.bottom.to_string()}
                    data-x-min={layout.x_min.to_string()}
                    data-x-max={layout.x_max.to_string()}
                    data-y-max={layout.y_max.to_string()}
                    {onclick}
                    {onmousemove}
                />
            </div>
            <ul class="legend chart-legend" aria-label={tr!("chart.legend")}>
                <li><span class="mk fit"></span>{ tr!("chart.fits") }</li>
                if any_misfit {
                    <li><span class="mk misfit"></span>{ tr!("chart.misfit") }</li>
                }
                <li><span class="mk ring"></span>{ tr!("chart.ring", sym) }</li>
            </ul>
            <p class="chart-note" data-testid="size-summary">{ size_summary(c, s, &series) }</p>
            <details class="chart-table">
                <summary>{ tr!("chart.table", sym) }</summary>
                <table data-testid="size-table">
                    <thead>
                        <tr>
                            <th scope="col">{ s.axis_label() }</th>
                            <th scope="col">{ tr!("chart.y") }</th>
                        </tr>
                    </thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </details>
        </section>
    }
}

/// Props of [`Heatmaps`].
#[derive(Properties, PartialEq)]
pub struct HeatmapsProps {
    /// The layer whose activation maps are drawn (when it is animated).
    pub layer: Rc<Layer>,
    /// The resolved theme: titles, outlines and legend follow the page's colours.
    pub theme: Theme,
}

/// The K activation maps as small heatmaps in one shared blue–white–orange scale, with a
/// legend from the smallest to the largest value.
#[component]
pub fn Heatmaps(props: &HeatmapsProps) -> Html {
    let wrap_ref = use_node_ref();
    let canvas_ref = use_node_ref();
    let clip_ref = use_node_ref();
    let width = use_room(wrap_ref.clone()).0;
    let scale = use_memo(props.layer.clone(), |layer| {
        layer
            .values
            .as_ref()
            .and_then(|v| ColorScale::from_values(v.output.data()))
    });
    let layout = use_memo((props.layer.clone(), width as u32), |(layer, w)| {
        let avail = if *w > 0 { *w as f64 } else { 600.0 };
        layer.values.as_ref().map(|v| {
            let o = &v.output;
            HeatmapLayout::new(o.depth(), o.height(), o.width(), avail)
        })
    });
    let painter = use_painter(wrap_ref.clone());
    {
        let (canvas_ref, clip_ref) = (canvas_ref.clone(), clip_ref.clone());
        use_effect_with(
            (
                props.layer.clone(),
                layout.clone(),
                scale.clone(),
                props.theme,
            ),
            move |(layer, layout, scale, theme)| {
                let (layer, layout, scale, ink) = (
                    layer.clone(),
                    layout.clone(),
                    scale.clone(),
                    draw::ChartInk::of(*theme),
                );
                painter.paint(move || {
                    if let (Some(c), Some(frame), Some(v), Some(l), Some(sc)) = (
                        canvas_ref.cast::<HtmlCanvasElement>(),
                        clip_ref.cast::<HtmlElement>(),
                        layer.values.as_ref(),
                        layout.as_ref().as_ref(),
                        scale.as_ref().as_ref(),
                    ) {
                        report(draw::paint_heatmaps(&c, &frame, l, &v.output, sc, ink));
                    }
                });
            },
        );
    }

    let layer = &props.layer;
    let body = match (layer.values.as_ref(), *scale) {
        (Some(v), Some(sc)) => {
            let o = &v.output;
            let (k, h, w) = (o.depth(), o.height(), o.width());
            let label = tr!(
                "heat.label",
                k,
                format!("{h} × {w}"),
                num(sc.min as f64),
                num(sc.max as f64)
            );
            html! {
                <>
                    // Sized to the picture; the canvas's store may be larger (kept across a
                    // change of K, see `draw::prepare_kept`) and is clipped here.
                    <div class="canvas-clip" ref={clip_ref}>
                        <canvas ref={canvas_ref} role="img" aria-label={label} data-testid="heatmaps"
                            data-maps={k.to_string()} />
                    </div>
                    <p class="heatmap-legend" data-testid="heatmap-legend">
                        { tr!("heat.scale") }{ " " }
                        <span class="min">{ num(sc.min as f64) }</span>
                        { " … " }
                        <span class="max">{ num(sc.max as f64) }</span>
                        { " " }{ tr!("heat.colours") }
                    </p>
                </>
            }
        }
        _ => {
            let why = if layer.too_big.is_some() {
                tr!("heat.too_big").to_string()
            } else {
                tr!("heat.none", crate::app::text::why_none(layer))
            };
            html! { <p class="chart-note" data-testid="heatmaps-none">{ why }</p> }
        }
    };
    // Pooling's output is pooled slices, not activation maps.
    let noun = match layer.config.op {
        crate::app::state::Op::Conv => tr!("heat.maps"),
        crate::app::state::Op::MaxPool => tr!("heat.pooled"),
    };
    let title = match layer.values.as_ref() {
        Some(v) => format!(
            "{noun} ({} × {} × {})",
            v.output.width(),
            v.output.height(),
            v.output.depth()
        ),
        None => noun.into(),
    };
    html! {
        <section class="chart-panel heatmaps-panel" aria-labelledby="heatmaps-title">
            <div class="chart-head">
                <h2 id="heatmaps-title">{ title }</h2>
            </div>
            <div class="chart-wrap" ref={wrap_ref}>{ body }</div>
        </section>
    }
}
