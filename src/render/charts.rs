//! Charts and heatmaps on a canvas through plotters (wasm32 only).
//!
//! Every position, tick and colour was decided in [`crate::app::charts`] (pure, tested
//! natively); this sizes the canvas for the screen and draws. plotters-canvas draws at the
//! canvas buffer's size, so every coordinate, stroke and font is scaled by the device pixel
//! ratio here. Errors come back as a sentence, never a panic.

use super::shown::Drawing;
use crate::app::charts::{
    ColorScale, HeatmapLayout, LabelAlign, LabelPlace, SizeChartLayout, SizePoint, Sweep,
};
use crate::app::state::Theme;
use crate::cnn::Volume;
use crate::render::scene::{Palette, Rgba};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::{Clamped, JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlElement, ImageData};

/// The charts' colours in one theme: the page's panel behind them, its text and rules,
/// and the page's "fits" green and "never reached" purple for the points.
#[derive(Clone, Copy, PartialEq)]
pub struct ChartInk {
    /// The panel behind the chart (also fills hollow markers and parts cells).
    pub(crate) bg: RGBColor,
    /// Text and the current point's ring.
    pub(crate) ink: RGBColor,
    /// Tick labels.
    pub(crate) muted: RGBColor,
    /// Axes and map outlines.
    pub(crate) axis: RGBColor,
    /// Horizontal grid lines.
    pub(crate) grid: RGBColor,
    /// The line through the points, behind them.
    pub(crate) trend: RGBColor,
    /// Points where the layer fits (Okabe–Ito bluish green).
    pub(crate) fit: RGBColor,
    /// Hollow markers where it does not fit (Okabe–Ito reddish purple).
    pub(crate) misfit: RGBColor,
}

impl ChartInk {
    /// The colours of a resolved theme: text, labels and the two point colours are the
    /// stage's [`Palette`]; the background matches `--panel` in style.css, and the rules
    /// are fainter greys of the same theme.
    pub fn of(theme: Theme) -> ChartInk {
        let pal = Palette::of(theme);
        let rgb = |c: Rgba| RGBColor(c.r, c.g, c.b);
        let grey = |v: u8| RGBColor(v, v, v);
        let (bg, axis, grid, trend) = match theme {
            Theme::Dark => (
                RGBColor(0x1B, 0x1E, 0x24),
                grey(0x8A),
                RGBColor(0x33, 0x37, 0x3F),
                RGBColor(0x5A, 0x5E, 0x66),
            ),
            Theme::Contrast => (grey(0xFF), grey(0x00), grey(0xBD), grey(0x80)),
            Theme::Light | Theme::Auto => (
                grey(0xFF),
                grey(0x9A),
                RGBColor(0xE6, 0xE6, 0xE3),
                grey(0xC4),
            ),
        };
        ChartInk {
            bg,
            ink: rgb(pal.text),
            muted: rgb(pal.muted),
            axis,
            grid,
            trend,
            fit: rgb(pal.active),
            misfit: rgb(pal.unreached),
        }
    }
}

use super::canvas::device_pixel_ratio;

/// A JavaScript exception as text.
pub(crate) fn js_text(e: JsValue) -> String {
    e.as_string().unwrap_or_else(|| format!("{e:?}"))
}

/// A plotters error as text.
pub(crate) fn plot_err(e: impl std::fmt::Display) -> String {
    format!("chart drawing failed: {e}")
}

/// Sizes `canvas` to `w` × `h` CSS pixels with a buffer of that × the device pixel ratio, and
/// returns the ratio (the heatmaps' and the real-image view's bitmaps alike).
pub(crate) fn prepare(canvas: &HtmlCanvasElement, w: f64, h: f64) -> Result<f64, String> {
    let dpr = device_pixel_ratio();
    let (bw, bh) = ((w * dpr).round() as u32, (h * dpr).round() as u32);
    if canvas.width() != bw || canvas.height() != bh {
        canvas.set_width(bw);
        canvas.set_height(bh);
    }
    css_size(&canvas.style(), w, h)?;
    Ok(dpr)
}

/// Sets an element's CSS width and height to `w` × `h` pixels.
fn css_size(style: &web_sys::CssStyleDeclaration, w: f64, h: f64) -> Result<(), String> {
    style
        .set_property("width", &format!("{w}px"))
        .map_err(js_text)?;
    style
        .set_property("height", &format!("{h}px"))
        .map_err(js_text)
}

/// [`prepare`] for a canvas inside `frame`, which clips it: a store that holds the picture and
/// is at most twice its size each way ([`crate::render::scene::kept_store`]), made at this
/// pixel ratio, is kept with the CSS size it was made with, and `frame` takes the picture's
/// CSS size. Setting a canvas's size reallocates and clears its store; the activation maps'
/// canvas changed size on every change of K (~2.7 ms a change in a profile).
pub(crate) fn prepare_kept(
    canvas: &HtmlCanvasElement,
    frame: &HtmlElement,
    w: f64,
    h: f64,
) -> Result<f64, String> {
    let dpr = device_pixel_ratio();
    let need = ((w * dpr).round() as u32, (h * dpr).round() as u32);
    let have = (canvas.width(), canvas.height());
    let made_at = canvas.get_attribute("data-store-dpr");
    let keep = made_at.as_deref() == Some(dpr.to_string().as_str())
        && crate::render::scene::kept_store(have, need, 4) == have;
    if !keep {
        prepare(canvas, w, h)?;
        canvas
            .set_attribute("data-store-dpr", &dpr.to_string())
            .map_err(js_text)?;
    }
    css_size(&frame.style(), w, h)?;
    Ok(dpr)
}

/// CSS-pixel quantities to buffer pixels.
#[derive(Clone, Copy)]
struct Scale(f64);

impl Scale {
    /// A coordinate.
    fn px(self, v: f64) -> i32 {
        (v * self.0).round() as i32
    }

    /// A size or stroke width, at least one buffer pixel.
    fn size(self, v: f64) -> u32 {
        (v * self.0).round().max(1.0) as u32
    }

    /// A sans-serif font of `size` CSS pixels. `FontFamily`, not the string "sans-serif":
    /// plotters lower-cases a family given as text, which links Unicode's case tables (17 KB).
    fn font(self, size: f64, color: &RGBColor) -> TextStyle<'static> {
        (FontFamily::SansSerif, size * self.0)
            .into_font()
            .color(color)
    }
}

/// The plotting area for `canvas` filled with the panel's colour (which also clears the last
/// frame).
pub(crate) fn root(
    canvas: &HtmlCanvasElement,
    bg: RGBColor,
) -> Result<DrawingArea<CanvasBackend, plotters::coord::Shift>, String> {
    let backend = CanvasBackend::with_canvas_object(canvas.clone())
        .ok_or_else(|| "this browser gives no 2D canvas".to_string())?;
    let root = backend.into_drawing_area();
    root.fill(&bg).map_err(plot_err)?;
    Ok(root)
}

/// The canvas's 2D context (the one plotters-canvas draws on).
fn context_2d(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, String> {
    canvas
        .get_context("2d")
        .map_err(js_text)?
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
        .ok_or_else(|| "this browser gives no 2D canvas".to_string())
}

/// Fills a grid of cells straight into the canvas buffer with one `putImageData`: cell
/// (r, c) covers buffer pixels `x_edges[c]..x_edges[c + 1]` × `y_edges[r]..y_edges[r + 1]`
/// (edges ascending, in buffer pixels) in the opaque colour `colour(r, c)`.
fn put_cells(
    ctx: &CanvasRenderingContext2d,
    x_edges: &[i32],
    y_edges: &[i32],
    colour: impl Fn(usize, usize) -> [u8; 3],
) -> Result<(), String> {
    let (Some(&x0), Some(&x1), Some(&y0), Some(&y1)) = (
        x_edges.first(),
        x_edges.last(),
        y_edges.first(),
        y_edges.last(),
    ) else {
        return Ok(());
    };
    let (w, h) = ((x1 - x0).max(0) as usize, (y1 - y0).max(0) as usize);
    if w == 0 || h == 0 {
        return Ok(());
    }
    // One row of pixels per cell row, then copied down the cell's height.
    let mut rgba = vec![0u8; w * h * 4];
    for (r, ys) in y_edges.windows(2).enumerate() {
        let (top, bottom) = ((ys[0] - y0) as usize, (ys[1] - y0) as usize);
        if top >= bottom {
            continue;
        }
        let row = &mut rgba[top * w * 4..(top + 1) * w * 4];
        for (c, xs) in x_edges.windows(2).enumerate() {
            let [red, green, blue] = colour(r, c);
            let (left, right) = ((xs[0] - x0) as usize, (xs[1] - x0) as usize);
            for px in row[left * 4..right * 4].chunks_exact_mut(4) {
                px.copy_from_slice(&[red, green, blue, 255]);
            }
        }
        for y in top + 1..bottom {
            rgba.copy_within(top * w * 4..(top + 1) * w * 4, y * w * 4);
        }
    }
    let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&rgba), w as u32, h as u32)
        .map_err(js_text)?;
    ctx.put_image_data(&image, x0 as f64, y0 as f64)
        .map_err(js_text)
}

/// Draws output size against the swept hyperparameter: filled circles where the layer fits,
/// hollow diamonds at the floor size where it does not, nothing where no window fits, and a
/// ring with a label around the current value.
pub fn paint_size_chart(
    canvas: &HtmlCanvasElement,
    layout: &SizeChartLayout,
    series: &[SizePoint],
    sweep: Sweep,
    ink: ChartInk,
) -> Result<(), String> {
    let s = Scale(prepare(canvas, layout.width, layout.height)?);
    let drawing = Drawing::on(canvas);
    let root = root(drawing.surface(), ink.bg)?;
    // Integer coordinates (plotters gives f64 axes no custom ticks): x in tenths, so the
    // domain can run half a step past the first and last value.
    let (x0, x1) = layout.x_domain();
    let tenths = |x: f64| (x * 10.0).round() as i32;
    let x_keys: Vec<i32> = layout
        .x_ticks()
        .into_iter()
        .map(|x| tenths(x as f64))
        .collect();
    let y_keys: Vec<i32> = layout.y_ticks().into_iter().map(|y| y as i32).collect();
    let mut chart = ChartBuilder::on(&root)
        .margin_top(s.px(layout.top))
        .margin_right(s.px(layout.width - layout.right))
        .x_label_area_size(s.px(layout.height - layout.bottom))
        .y_label_area_size(s.px(layout.left))
        .build_cartesian_2d(
            (tenths(x0)..tenths(x1)).with_key_points(x_keys),
            (0..layout.y_max as i32).with_key_points(y_keys),
        )
        .map_err(plot_err)?;
    let x_label = |v: &i32| (v / 10).to_string();
    let y_label = |v: &i32| v.to_string();
    chart
        .configure_mesh()
        .disable_x_mesh()
        .bold_line_style(ink.grid.stroke_width(s.size(1.0)))
        .light_line_style(TRANSPARENT)
        .axis_style(ink.axis.stroke_width(s.size(1.0)))
        .set_all_tick_mark_size(s.px(4.0))
        .x_label_formatter(&x_label)
        .y_label_formatter(&y_label)
        .label_style(s.font(12.5, &ink.muted))
        .axis_desc_style(s.font(13.5, &ink.ink))
        .x_desc(sweep.axis_label())
        .y_desc(crate::tr!("chart.y"))
        .draw()
        .map_err(plot_err)?;

    let at = |p: &SizePoint| p.y().map(|y| (tenths(p.x as f64), y as i32));
    chart
        .draw_series(LineSeries::new(
            series.iter().filter_map(at),
            ink.trend.stroke_width(s.size(1.5)),
        ))
        .map_err(plot_err)?;
    let r = s.px(5.0);
    chart
        .draw_series(
            series
                .iter()
                .filter(|p| p.fits())
                .filter_map(at)
                .map(|c| Circle::new(c, r, ink.fit.filled())),
        )
        .map_err(plot_err)?;
    let d = s.px(6.5);
    let diamond = vec![(0, -d), (d, 0), (0, d), (-d, 0), (0, -d)];
    chart
        .draw_series(series.iter().filter(|p| !p.fits()).filter_map(at).map(|c| {
            EmptyElement::at(c)
                + Polygon::new(diamond.clone(), ink.bg.filled())
                + PathElement::new(diamond.clone(), ink.misfit.stroke_width(s.size(2.0)))
        }))
        .map_err(plot_err)?;

    if let Some((p, c)) = series
        .iter()
        .find(|p| p.current)
        .and_then(|p| Some((p, at(p)?)))
    {
        let text = match p.size {
            Some(w) => format!("{} = {}: W₂ = {w}", sweep.symbol(), p.x),
            None => format!(
                "{} = {}: {}",
                sweep.symbol(),
                p.x,
                crate::tr!("shape.not_fit")
            ),
        };
        let (h, v, dx, dy) = match layout.label_place(p.x, p.y().unwrap_or(0)) {
            LabelPlace::Above(LabelAlign::Start) => {
                (HPos::Left, VPos::Bottom, -s.px(8.0), -s.px(15.0))
            }
            LabelPlace::Above(LabelAlign::Middle) => (HPos::Center, VPos::Bottom, 0, -s.px(15.0)),
            LabelPlace::Above(LabelAlign::End) => {
                (HPos::Right, VPos::Bottom, s.px(8.0), -s.px(15.0))
            }
            LabelPlace::Right => (HPos::Left, VPos::Center, s.px(16.0), 0),
            LabelPlace::Left => (HPos::Right, VPos::Center, -s.px(16.0), 0),
        };
        let style = s.font(13.0, &ink.ink).pos(Pos::new(h, v));
        // A white backing keeps the label legible over grid lines and the trend line.
        let (w, ht) = root.estimate_text_size(&text, &style).map_err(plot_err)?;
        let (w, ht, pad) = (w as i32, ht as i32, s.px(3.0));
        let x0 = match h {
            HPos::Left => dx,
            HPos::Center => dx - w / 2,
            HPos::Right => dx - w,
        };
        let y0 = match v {
            VPos::Top => dy,
            VPos::Center => dy - ht / 2,
            VPos::Bottom => dy - ht,
        };
        chart
            .draw_series(std::iter::once(
                EmptyElement::at(c)
                    + Circle::new((0, 0), s.px(10.0), ink.ink.stroke_width(s.size(2.0)))
                    + Rectangle::new(
                        [(x0 - pad, y0 - pad), (x0 + w + pad, y0 + ht + pad)],
                        ink.bg.mix(0.9).filled(),
                    )
                    + Text::new(text, (dx, dy), style),
            ))
            .map_err(plot_err)?;
    }
    root.present().map_err(plot_err)
}

/// Draws the K activation maps of `output` side by side in one shared diverging colour
/// scale, each titled "map k", and a legend bar from the minimum to the maximum.
///
/// `frame`, the canvas's parent, clips it to the picture: the canvas keeps its store across
/// neighbouring sizes ([`prepare_kept`]).
pub fn paint_heatmaps(
    canvas: &HtmlCanvasElement,
    frame: &HtmlElement,
    layout: &HeatmapLayout,
    output: &Volume,
    scale: &ColorScale,
    ink: ChartInk,
) -> Result<(), String> {
    let s = Scale(prepare_kept(canvas, frame, layout.width, layout.height)?);
    let drawing = Drawing::on(canvas);
    let root = root(drawing.surface(), ink.bg)?;
    let cell = layout.cell;
    let (rows, cols) = (layout.rows, layout.cols);
    let title = s
        .font(13.0, &ink.ink)
        .pos(Pos::new(HPos::Left, VPos::Center));
    let ctx = context_2d(drawing.surface())?;
    for (k, b) in layout.maps.iter().enumerate() {
        root.draw(&Text::new(
            crate::tr!("scene.map", k),
            (s.px(b.x), s.px(b.title_y)),
            title.clone(),
        ))
        .map_err(plot_err)?;
        // The cells as one bitmap: a plotters rectangle per cell took ~0.8 s for 16 maps of
        // 64 × 64; the same pixels from a buffer take a few milliseconds. Cell edges are at
        // the same rounded buffer pixels as before.
        let x_edges: Vec<i32> = (0..=cols).map(|c| s.px(b.x + c as f64 * cell)).collect();
        let y_edges: Vec<i32> = (0..=rows).map(|r| s.px(b.y + r as f64 * cell)).collect();
        let colours: Vec<[u8; 3]> = (0..rows * cols)
            .map(|i| scale.rgb(output.get(k, i / cols, i % cols).unwrap_or(f32::NAN)))
            .collect();
        put_cells(&ctx, &x_edges, &y_edges, |r, c| colours[r * cols + c])?;
        // Cell borders while cells are large enough to count; an outline always.
        if cell >= 10.0 {
            let line = ink.bg.stroke_width(s.size(1.0));
            for i in 1..rows {
                let y = s.px(b.y + i as f64 * cell);
                root.draw(&PathElement::new(
                    vec![(s.px(b.x), y), (s.px(b.x + cols as f64 * cell), y)],
                    line,
                ))
                .map_err(plot_err)?;
            }
            for i in 1..cols {
                let x = s.px(b.x + i as f64 * cell);
                root.draw(&PathElement::new(
                    vec![(x, s.px(b.y)), (x, s.px(b.y + rows as f64 * cell))],
                    line,
                ))
                .map_err(plot_err)?;
            }
        }
        root.draw(&Rectangle::new(
            [
                (s.px(b.x), s.px(b.y)),
                (
                    s.px(b.x + cols as f64 * cell),
                    s.px(b.y + rows as f64 * cell),
                ),
            ],
            ink.axis.stroke_width(s.size(1.0)),
        ))
        .map_err(plot_err)?;
    }

    // The legend: one slice per CSS pixel, from the minimum (left) to the maximum (right),
    // also as one bitmap.
    let (lx, ly, lw, lh) = layout.legend;
    let slices = lw.round().max(1.0) as usize;
    let x_edges: Vec<i32> = (0..=slices)
        .map(|i| s.px(lx + lw * i as f64 / slices as f64))
        .collect();
    let colours: Vec<[u8; 3]> = (0..slices)
        .map(|i| scale.rgb(scale.value_at((i as f64 + 0.5) / slices as f64)))
        .collect();
    put_cells(&ctx, &x_edges, &[s.px(ly), s.px(ly + lh)], |_, c| {
        colours[c]
    })?;
    root.draw(&Rectangle::new(
        [(s.px(lx), s.px(ly)), (s.px(lx + lw), s.px(ly + lh))],
        ink.axis.stroke_width(s.size(1.0)),
    ))
    .map_err(plot_err)?;
    for t in scale.ticks() {
        let x = lx + lw * t.at;
        let h = if t.at <= 0.0 {
            HPos::Left
        } else if t.at >= 1.0 {
            HPos::Right
        } else {
            HPos::Center
        };
        root.draw(&PathElement::new(
            vec![(s.px(x), s.px(ly + lh)), (s.px(x), s.px(ly + lh + 4.0))],
            ink.ink.stroke_width(s.size(1.0)),
        ))
        .map_err(plot_err)?;
        root.draw(&Text::new(
            t.label,
            (s.px(x), s.px(ly + lh + 6.0)),
            s.font(12.5, &ink.ink).pos(Pos::new(h, VPos::Top)),
        ))
        .map_err(plot_err)?;
    }
    root.present().map_err(plot_err)
}
