//! Chart data (pure): output size against S or P, heatmap colour scales.
//!
//! Everything the two charts decide (which points exist, where they go, which point a click
//! lands on, the colour of a value, the legend's ticks) lives here and is tested natively; the
//! plotters drawing in `render::charts` (wasm32 only) replays it.

use super::fields::Field;
use super::state::Config;
use super::text::num;
use crate::cnn::{Rounding, ShapeError};
use crate::tr;

/// What the size chart puts on its x axis; the other hyperparameters stay as configured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Sweep {
    /// Stride S over its whole accepted range (1–16).
    #[default]
    Stride,
    /// Zero-padding P over its whole accepted range (0–16).
    Padding,
}

impl Sweep {
    /// Both sweeps, in the order the toggle shows them.
    pub const ALL: [Sweep; 2] = [Sweep::Stride, Sweep::Padding];

    /// The control the sweep varies.
    pub const fn field(self) -> Field {
        match self {
            Sweep::Stride => Field::S,
            Sweep::Padding => Field::P,
        }
    }

    /// The x values: the control's accepted range, inclusive.
    pub const fn range(self) -> (usize, usize) {
        self.field().range()
    }

    /// The lecture's symbol, "S" or "P".
    pub const fn symbol(self) -> &'static str {
        self.field().symbol()
    }

    /// The x-axis label, "stride S" or "padding P".
    pub fn axis_label(self) -> &'static str {
        match self {
            Sweep::Stride => tr!("chart.stride_axis"),
            Sweep::Padding => tr!("chart.padding_axis"),
        }
    }

    /// A short key for values and test ids: "stride" or "padding".
    pub const fn key(self) -> &'static str {
        match self {
            Sweep::Stride => "stride",
            Sweep::Padding => "padding",
        }
    }

    /// The swept value of `config` (its current S or P).
    pub const fn value(self, config: &Config) -> usize {
        config.get(self.field())
    }
}

/// One x value of the size chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SizePoint {
    /// The stride or padding.
    pub x: usize,
    /// Output size W₂ under the configuration's rounding; `None` when it has none (under the
    /// lecture's strict rule: the windows do not fit a whole number of times).
    pub size: Option<usize>,
    /// Output size under floor rounding (what the picture animates when strict does not fit);
    /// `None` when the layer has no output at all (the filter is larger than the padded input,
    /// or any other error than "does not fit").
    pub floor: Option<usize>,
    /// Whether this is the configuration's own S or P.
    pub current: bool,
}

impl SizePoint {
    /// Whether the layer has an output size here under the current rounding.
    pub const fn fits(&self) -> bool {
        self.size.is_some()
    }

    /// The height the chart draws the point at: the size, else the floor size (hollow marker);
    /// `None` when the point is left out.
    pub fn y(&self) -> Option<usize> {
        self.size.or(self.floor)
    }

    /// The point as words, for the table: "5", "does not fit" or "no output".
    pub fn describe(&self) -> String {
        match (self.size, self.floor) {
            (Some(s), _) => s.to_string(),
            (None, Some(_)) => tr!("shape.not_fit").into(),
            (None, None) => tr!("shape.none").into(),
        }
    }
}

/// Output size W₂ for every value of the swept hyperparameter, the others as in `config`,
/// computed by the core ([`Config::geometry`], i.e. `WindowSpec::geometry`).
pub fn size_series(config: &Config, sweep: Sweep) -> Vec<SizePoint> {
    let field = sweep.field();
    let (lo, hi) = sweep.range();
    let current = sweep.value(config);
    (lo..=hi)
        .map(|x| {
            let c = config.with(field, x);
            let exact = c.geometry();
            // S and P act on the rows (and, outside rectangular mode, the columns alike).
            let size = exact.as_ref().ok().map(|g| g.out_h());
            // Only "does not fit" has a floor size; any other error means no output at all.
            let floor = match exact {
                Ok(_) | Err(ShapeError::DoesNotFit(_)) => c
                    .spec()
                    .with_rounding(Rounding::Floor)
                    .geometry(c.n, c.w())
                    .ok()
                    .map(|g| g.out_h()),
                Err(_) => None,
            };
            SizePoint {
                x,
                size,
                floor,
                current: x == current,
            }
        })
        .collect()
}

/// One sentence under the size chart: which values fit, and anything the picture cannot show.
pub fn size_summary(config: &Config, sweep: Sweep, series: &[SizePoint]) -> String {
    let Config { n, f, s, p, .. } = *config;
    let fixed = match sweep {
        Sweep::Stride => format!("N = {n}, F = {f}, P = {p}"),
        Sweep::Padding => format!("N = {n}, F = {f}, S = {s}"),
    };
    let sym = sweep.symbol();
    let mut out = match config.rounding {
        Rounding::Strict => {
            let fits: Vec<String> = series
                .iter()
                .filter(|pt| pt.fits())
                .map(|pt| pt.x.to_string())
                .collect();
            let drawn = series.iter().filter(|pt| pt.y().is_some()).count();
            match fits.len() {
                0 => tr!("chart.fits_none", fixed, sym),
                n if n == drawn => tr!("chart.fits_all", fixed, sym),
                _ => tr!("chart.fits_some", fixed, sym, list_or(&fits)),
            }
        }
        r => {
            let name = match r {
                Rounding::Ceil => "ceil",
                Rounding::Same => "SAME",
                _ => "floor",
            };
            tr!("chart.rounds", fixed, name, sym)
        }
    };
    if config.rounding == Rounding::Same && sweep == Sweep::Padding {
        out.push(' ');
        out.push_str(tr!("chart.same_padding"));
    }
    let missing: Vec<usize> = series
        .iter()
        .filter(|pt| pt.y().is_none())
        .map(|pt| pt.x)
        .collect();
    if let Some(&first) = missing.first() {
        let why = config
            .with(sweep.field(), first)
            .geometry()
            .err()
            .map_or_else(String::new, |e| format!(": {}", super::text::error(&e)));
        out.push(' ');
        out.push_str(&tr!("chart.no_point", sym, runs(&missing), why));
        if !out.ends_with('.') {
            out.push('.');
        }
    }
    out
}

/// Ascending values as runs: "0", "0–2", "0, 3–5".
pub fn runs(xs: &[usize]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < xs.len() {
        let mut j = i;
        while j + 1 < xs.len() && xs[j + 1] == xs[j] + 1 {
            j += 1;
        }
        parts.push(match j - i {
            0 => xs[i].to_string(),
            1 => format!("{}, {}", xs[i], xs[j]),
            _ => format!("{}–{}", xs[i], xs[j]),
        });
        i = j + 1;
    }
    parts.join(", ")
}

/// "1, 2 or 4".
fn list_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => tr!("list.or", rest.join(", "), last),
    }
}

/// A tick step of 1, 2 or 5 × 10ᵏ, the smallest that covers `0..=max` in at most `ticks`
/// steps (`ticks` ≥ 1).
pub fn nice_step(max: usize, ticks: usize) -> usize {
    let ticks = ticks.max(1);
    let mut base = 1usize;
    loop {
        for m in [1, 2, 5] {
            let step = base.saturating_mul(m);
            if max.div_ceil(step) <= ticks || step == usize::MAX {
                return step;
            }
        }
        base = base.saturating_mul(10);
    }
}

/// Height of the size chart in CSS pixels.
pub const SIZE_CHART_HEIGHT: f64 = 270.0;
/// Narrowest and widest size chart, CSS pixels.
pub const SIZE_CHART_WIDTH: (f64, f64) = (300.0, 560.0);

/// Where the size chart's plot sits, in CSS pixels, and its axes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SizeChartLayout {
    /// Canvas width.
    pub width: f64,
    /// Canvas height.
    pub height: f64,
    /// Left edge of the plot area (the y axis); tick labels and the axis title are left of it.
    pub left: f64,
    /// Top edge of the plot area.
    pub top: f64,
    /// Right edge of the plot area.
    pub right: f64,
    /// Bottom edge of the plot area (the x axis).
    pub bottom: f64,
    /// First x value.
    pub x_min: usize,
    /// Last x value.
    pub x_max: usize,
    /// Top of the y axis: a multiple of `y_step`, at least one step above the highest point
    /// so the current point's label has room.
    pub y_max: usize,
    /// Between two y ticks.
    pub y_step: usize,
}

impl SizeChartLayout {
    /// Room left of the plot: y tick labels and the rotated axis title.
    const LEFT: f64 = 62.0;
    /// Room right of the plot.
    const RIGHT: f64 = 18.0;
    /// Room above the plot.
    const TOP: f64 = 14.0;
    /// Room below the plot: x tick labels and the axis title.
    const BOTTOM: f64 = 50.0;

    /// The layout for `series` in `avail` CSS pixels of width (clamped to
    /// [`SIZE_CHART_WIDTH`]).
    pub fn new(series: &[SizePoint], avail: f64) -> SizeChartLayout {
        let (lo, hi) = SIZE_CHART_WIDTH;
        let width = if avail.is_finite() {
            avail.clamp(lo, hi)
        } else {
            hi
        }
        .floor();
        let height = SIZE_CHART_HEIGHT;
        let top_y = series.iter().filter_map(SizePoint::y).max().unwrap_or(1);
        let y_step = nice_step(top_y, 5);
        let y_max = (top_y / y_step + 1) * y_step;
        SizeChartLayout {
            width,
            height,
            left: Self::LEFT,
            top: Self::TOP,
            right: width - Self::RIGHT,
            bottom: height - Self::BOTTOM,
            x_min: series.first().map_or(0, |p| p.x),
            x_max: series.last().map_or(1, |p| p.x),
            y_max,
            y_step,
        }
    }

    /// The x range of the plot: half a step beyond the first and last value, so no marker
    /// sits on an edge.
    pub fn x_domain(&self) -> (f64, f64) {
        (self.x_min as f64 - 0.5, self.x_max as f64 + 0.5)
    }

    /// Horizontal pixel of value `x`.
    pub fn x_px(&self, x: f64) -> f64 {
        let (a, b) = self.x_domain();
        self.left + (x - a) / (b - a) * (self.right - self.left)
    }

    /// Vertical pixel of size `y` (0 at the bottom).
    pub fn y_px(&self, y: f64) -> f64 {
        self.bottom - y / self.y_max.max(1) as f64 * (self.bottom - self.top)
    }

    /// Pixels between two neighbouring x values.
    pub fn x_unit(&self) -> f64 {
        self.x_px(1.0) - self.x_px(0.0)
    }

    /// Labelled x values: every one, or every other one when they would be closer than 22 px.
    pub fn x_ticks(&self) -> Vec<usize> {
        let every = if self.x_unit() < 22.0 { 2 } else { 1 };
        (self.x_min..=self.x_max)
            .filter(|x| (x - self.x_min).is_multiple_of(every))
            .collect()
    }

    /// Labelled y values: 0, one step, … up to the top.
    pub fn y_ticks(&self) -> Vec<usize> {
        (0..=self.y_max).step_by(self.y_step.max(1)).collect()
    }

    /// Where the current point's label goes: above the point when there is room, else beside
    /// it on the side with more room; near either end of the x axis an "above" label is
    /// aligned to stay inside the plot.
    pub fn label_place(&self, x: usize, y: usize) -> LabelPlace {
        let (px, py) = (self.x_px(x as f64), self.y_px(y as f64));
        let width = self.right - self.left;
        if py - self.top >= 36.0 {
            let frac = (px - self.left) / width;
            LabelPlace::Above(if frac < 0.2 {
                LabelAlign::Start
            } else if frac > 0.8 {
                LabelAlign::End
            } else {
                LabelAlign::Middle
            })
        } else if px <= self.left + width / 2.0 {
            LabelPlace::Right
        } else {
            LabelPlace::Left
        }
    }

    /// The x value of the drawn point a click at (`px`, `py`) aims at: the nearest drawn
    /// point's column within half a step, anywhere from the top of the plot down through
    /// the tick labels. `None` outside, or nearest to a value with no point.
    pub fn hit(&self, series: &[SizePoint], px: f64, py: f64) -> Option<usize> {
        let slack = 10.0;
        if !(self.top - slack..=self.bottom + 24.0).contains(&py)
            || !(self.left - slack..=self.right + slack).contains(&px)
        {
            return None;
        }
        let half = self.x_unit() / 2.0;
        series
            .iter()
            .filter(|pt| pt.y().is_some())
            .map(|pt| (pt.x, (self.x_px(pt.x as f64) - px).abs()))
            .filter(|&(_, d)| d <= half)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(x, _)| x)
    }
}

/// Where the current point's label sits relative to the point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelPlace {
    /// Above the ring, aligned as given.
    Above(LabelAlign),
    /// Right of the ring, vertically centred.
    Right,
    /// Left of the ring, vertically centred.
    Left,
}

/// Horizontal alignment of a label placed above its point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelAlign {
    /// The label starts a little left of the point and runs right.
    Start,
    /// The label is centred on the point.
    Middle,
    /// The label ends a little right of the point.
    End,
}

/// Negative values of the heatmaps: the blue of the scene's palette (`Palette::LIGHT.negative`).
pub const NEGATIVE_RGB: u32 = 0x0072B2;
/// Positive values of the heatmaps: the orange of the scene's palette (`Palette::LIGHT.positive`).
pub const POSITIVE_RGB: u32 = 0xD55E00;

/// Red, green and blue of 0xRRGGBB.
pub const fn rgb_of(hex: u32) -> [u8; 3] {
    [(hex >> 16) as u8, (hex >> 8) as u8, hex as u8]
}

/// The diverging colour scale every heatmap shares: white at 0, full blue at −`half_range`,
/// full orange at +`half_range`, so equal magnitudes look equally strong on both sides.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ColorScale {
    /// Smallest value shown.
    pub min: f32,
    /// Largest value shown.
    pub max: f32,
    /// max(|min|, |max|): the magnitude drawn at full colour (0 when every value is 0).
    pub half_range: f32,
}

/// A labelled mark on the legend bar.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendTick {
    /// Position along the bar, 0 (left, the minimum) to 1 (right, the maximum).
    pub at: f64,
    /// The value there.
    pub value: f32,
    /// The value as text ([`num`]).
    pub label: String,
}

impl ColorScale {
    /// The scale of `values`, ignoring NaN and infinities; `None` if no value is finite.
    pub fn from_values(values: &[f32]) -> Option<ColorScale> {
        let mut it = values.iter().copied().filter(|v| v.is_finite());
        let first = it.next()?;
        let (min, max) = it.fold((first, first), |(lo, hi), v| (lo.min(v), hi.max(v)));
        Some(ColorScale::new(min, max))
    }

    /// The symmetric scale for values from `min` to `max` (`min` ≤ `max`).
    pub fn new(min: f32, max: f32) -> ColorScale {
        ColorScale {
            min,
            max,
            half_range: min.abs().max(max.abs()),
        }
    }

    /// The colour of `v`: white blended towards blue (negative) or orange (positive) by
    /// |v| / `half_range`, clamped; NaN is white.
    pub fn rgb(&self, v: f32) -> [u8; 3] {
        let t = if self.half_range > 0.0 && v.is_finite() {
            (v.abs() / self.half_range).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let hue = rgb_of(if v < 0.0 { NEGATIVE_RGB } else { POSITIVE_RGB });
        hue.map(|c| (255.0 + (c as f32 - 255.0) * t).round() as u8)
    }

    /// The value at position `at` (0–1) along the legend bar, which runs from `min` to `max`.
    pub fn value_at(&self, at: f64) -> f32 {
        let at = at.clamp(0.0, 1.0) as f32;
        self.min + (self.max - self.min) * at
    }

    /// The legend's labels: the minimum at the left end, the maximum at the right end, and 0
    /// where it falls when it lies inside and clear of both ends. One label when all values
    /// are equal.
    pub fn ticks(&self) -> Vec<LegendTick> {
        let tick = |at: f64, value: f32| LegendTick {
            at,
            value,
            label: num(value as f64),
        };
        if self.max <= self.min {
            return vec![tick(0.5, self.min)];
        }
        let mut out = vec![tick(0.0, self.min)];
        if self.min < 0.0 && self.max > 0.0 {
            let at = (-self.min / (self.max - self.min)) as f64;
            if (0.15..=0.85).contains(&at) {
                out.push(tick(at, 0.0));
            }
        }
        out.push(tick(1.0, self.max));
        out
    }

    /// [`ColorScale::ticks`] for a bar `bar_px` wide (at least) with labels in `font_px` type,
    /// the 0 kept only where it clears both end labels by half an em. Label widths are
    /// estimated from the page's sans-serif (DejaVu Sans: a digit 0.64 em, a minus sign 0.84,
    /// a point 0.32), whose minus sign is the widest of the usual fonts.
    pub fn ticks_clear(&self, bar_px: f64, font_px: f64) -> Vec<LegendTick> {
        let width = |s: &str| super::text::text_width(s, 0.64, 0.84, 0.32) * font_px;
        let mut ticks = self.ticks();
        if ticks.len() == 3 {
            let (lo, zero, hi) = (&ticks[0], &ticks[1], &ticks[2]);
            let (x, half, gap) = (zero.at * bar_px, width(&zero.label) / 2.0, font_px / 2.0);
            let clear =
                x - half >= width(&lo.label) + gap && bar_px - x - half >= width(&hi.label) + gap;
            if !clear {
                ticks.remove(1);
            }
        }
        ticks
    }

    /// The legend bar as a CSS `linear-gradient`, [`ColorScale::min`] at the left end and
    /// [`ColorScale::max`] at the right: a stop with [`ColorScale::rgb`]'s colour at each value
    /// where that blend bends (both ends, 0, and ±`half_range` where they fall inside), so the
    /// browser's straight-line blend between stops is the scale's own everywhere else. One
    /// colour when all values are equal.
    pub fn css_gradient(&self) -> String {
        let (lo, hi) = (self.min, self.max);
        if hi <= lo {
            let [r, g, b] = self.rgb(lo);
            return format!("linear-gradient(to right,rgb({r},{g},{b}) 0%,rgb({r},{g},{b}) 100%)");
        }
        let mut at: Vec<f32> = vec![lo, hi];
        for v in [0.0, -self.half_range, self.half_range] {
            if lo < v && v < hi {
                at.push(v);
            }
        }
        at.sort_by(f32::total_cmp);
        let stops: Vec<String> = at
            .iter()
            .map(|&v| {
                let [r, g, b] = self.rgb(v);
                let pos = (v - lo) as f64 / (hi - lo) as f64 * 100.0;
                format!("rgb({r},{g},{b}) {pos:.2}%")
            })
            .collect();
        format!("linear-gradient(to right,{})", stops.join(","))
    }

    /// "−4 … 7" (one number when all values are equal).
    pub fn range_text(&self) -> String {
        if self.max <= self.min {
            num(self.min as f64)
        } else {
            format!("{} … {}", num(self.min as f64), num(self.max as f64))
        }
    }
}

/// Where one activation map goes on the heatmap canvas, CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MapBox {
    /// Left edge of the grid.
    pub x: f64,
    /// Top edge of the grid.
    pub y: f64,
    /// Vertical middle of the title above the grid ("map k").
    pub title_y: f64,
}

/// The heatmap canvas: K maps of `rows` × `cols` cells in a wrapping grid, then the legend.
#[derive(Clone, Debug, PartialEq)]
pub struct HeatmapLayout {
    /// Canvas width.
    pub width: f64,
    /// Canvas height.
    pub height: f64,
    /// Side of one cell.
    pub cell: f64,
    /// Cells per map, down.
    pub rows: usize,
    /// Cells per map, across.
    pub cols: usize,
    /// One box per map, in filter order.
    pub maps: Vec<MapBox>,
    /// Maps per row of the grid.
    pub per_row: usize,
    /// Legend bar: left, top, width, height.
    pub legend: (f64, f64, f64, f64),
}

impl HeatmapLayout {
    /// Room between maps, across.
    pub const GAP: f64 = 20.0;
    /// Room for a map's title.
    pub const TITLE: f64 = 22.0;
    /// Legend bar width and height.
    pub const LEGEND: (f64, f64) = (260.0, 14.0);
    /// Room under the legend bar for its labels.
    pub const LEGEND_LABELS: f64 = 24.0;

    /// The layout of `k` maps of `rows` × `cols` in `avail` CSS pixels of width: cells of
    /// 1–28 px so a map is at most about 160 px (130 px from 3 maps, 100 px from 9, so many
    /// maps stay a compact grid), as many maps per row as fit.
    pub fn new(k: usize, rows: usize, cols: usize, avail: f64) -> HeatmapLayout {
        let (k, rows, cols) = (k.max(1), rows.max(1), cols.max(1));
        let side = rows.max(cols) as f64;
        let target = match k {
            1..=2 => 160.0,
            3..=8 => 130.0,
            _ => 100.0,
        };
        let cell = (target / side).floor().clamp(1.0, 28.0);
        let (map_w, map_h) = (cols as f64 * cell, rows as f64 * cell);
        let avail = if avail.is_finite() { avail } else { 600.0 };
        let per_row = (((avail + Self::GAP) / (map_w + Self::GAP)).floor() as usize).clamp(1, k);
        let grid_rows = k.div_ceil(per_row);
        let pad = 1.0;
        let maps = (0..k)
            .map(|i| {
                let (r, c) = (i / per_row, i % per_row);
                let top = pad + r as f64 * (Self::TITLE + map_h + Self::GAP / 2.0);
                MapBox {
                    x: pad + c as f64 * (map_w + Self::GAP),
                    y: top + Self::TITLE,
                    title_y: top + Self::TITLE / 2.0 - 1.0,
                }
            })
            .collect();
        let grid_h =
            grid_rows as f64 * (Self::TITLE + map_h) + (grid_rows - 1) as f64 * Self::GAP / 2.0;
        let grid_w = per_row as f64 * map_w + (per_row - 1) as f64 * Self::GAP;
        let (lw, lh) = Self::LEGEND;
        let legend = (pad + 8.0, pad + grid_h + 16.0, lw, lh);
        HeatmapLayout {
            width: (grid_w + 2.0 * pad).max(lw + 2.0 * pad + 16.0).ceil(),
            height: (legend.1 + lh + Self::LEGEND_LABELS).ceil(),
            cell,
            rows,
            cols,
            maps,
            per_row,
            legend,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(n: usize, f: usize, s: usize, p: usize) -> Config {
        Config {
            n,
            f,
            s,
            p,
            ..Config::default()
        }
    }

    fn describe(series: &[SizePoint]) -> Vec<(usize, String)> {
        series.iter().map(|p| (p.x, p.describe())).collect()
    }

    #[test]
    fn stride_sweep_of_the_lecture_example() {
        let c = cfg(7, 3, 1, 0);
        let s = size_series(&c, Sweep::Stride);
        assert_eq!(s.len(), 16);
        assert_eq!(s[0].x, 1);
        let d = describe(&s);
        assert_eq!(d[0], (1, "5".into()));
        assert_eq!(d[1], (2, "3".into()));
        assert_eq!(d[2], (3, "does not fit".into()));
        assert_eq!(d[3], (4, "2".into()));
        // (7 − 3)/S leaves a remainder for every S ≥ 5 (4 is not a multiple of S).
        assert!(s[4..].iter().all(|p| !p.fits() && p.floor == Some(1)));
        assert_eq!(s[2].floor, Some(2), "floor of 4/3 + 1");
        assert!(s[0].current && s.iter().filter(|p| p.current).count() == 1);
        assert_eq!(
            size_summary(&c, Sweep::Stride, &s),
            "With N = 7, F = 3, P = 0, S = 1, 2 or 4 fits."
        );
    }

    #[test]
    fn series_agree_with_the_core_geometry() {
        for (n, f, s, p) in [(7, 3, 2, 0), (32, 5, 1, 2), (227, 11, 4, 0), (5, 7, 1, 0)] {
            for sweep in Sweep::ALL {
                let c = cfg(n, f, s, p);
                for pt in size_series(&c, sweep) {
                    let d = c.with(sweep.field(), pt.x);
                    assert_eq!(pt.size, d.geometry().ok().map(|g| g.out_h()));
                    assert_eq!(pt.size.is_some(), pt.fits());
                    if let (Some(a), Some(b)) = (pt.size, pt.floor) {
                        assert_eq!(a, b, "strict sizes are exact, so floor agrees");
                    }
                }
            }
        }
    }

    #[test]
    fn padding_sweep_leaves_out_paddings_where_no_window_fits() {
        // A 7 × 7 filter on a 5 × 5 input needs P ≥ 1.
        let c = cfg(5, 7, 1, 1);
        let s = size_series(&c, Sweep::Padding);
        assert_eq!((s[0].x, s.last().unwrap().x), (0, 16));
        assert_eq!(s[0].y(), None);
        assert_eq!(s[0].describe(), "no output");
        assert_eq!(s[1].size, Some(1));
        assert_eq!(s[2].size, Some(3));
        assert!(s[1].current);
        assert!(size_summary(&c, Sweep::Padding, &s)
            .starts_with("With N = 5, F = 7, S = 1, every P fits."));
        let sum = size_summary(&c, Sweep::Padding, &s);
        assert!(
            sum.ends_with(
                "No point at P = 0: The filter spans 7 rows but the padded input has only 5 rows along the height: it is larger than the input."
            ),
            "{sum}"
        );
        // Too large for every stride: no point at all.
        let c = cfg(5, 7, 1, 0);
        let s = size_series(&c, Sweep::Stride);
        assert!(s.iter().all(|p| p.y().is_none()));
        let sum = size_summary(&c, Sweep::Stride, &s);
        assert!(
            sum.starts_with("With N = 5, F = 7, P = 0, no S fits"),
            "{sum}"
        );
        assert!(
            sum.contains("No point at S = 1–16: The filter spans 7"),
            "{sum}"
        );
    }

    #[test]
    fn other_roundings_have_a_size_everywhere() {
        let c = Config {
            rounding: Rounding::Floor,
            ..cfg(7, 3, 3, 0)
        };
        let s = size_series(&c, Sweep::Stride);
        assert!(s.iter().all(SizePoint::fits));
        assert_eq!(s[2].size, Some(2));
        assert_eq!(
            size_summary(&c, Sweep::Stride, &s),
            "With N = 7, F = 3, P = 0, floor rounding gives every S a whole size."
        );
        let c = Config {
            rounding: Rounding::Ceil,
            ..c
        };
        assert_eq!(size_series(&c, Sweep::Stride)[2].size, Some(3));
        let c = Config {
            rounding: Rounding::Same,
            ..c
        };
        let s = size_series(&c, Sweep::Padding);
        assert!(s.iter().all(|p| p.size == Some(3)), "SAME ignores P");
        let sum = size_summary(&c, Sweep::Padding, &s);
        assert!(sum.contains("SAME chooses its own padding"), "{sum}");
    }

    #[test]
    fn runs_of_values() {
        assert_eq!(runs(&[]), "");
        assert_eq!(runs(&[0]), "0");
        assert_eq!(runs(&[0, 1]), "0, 1");
        assert_eq!(runs(&[0, 1, 2, 5, 7, 8, 9, 10]), "0–2, 5, 7–10");
    }

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(5, 5), 1);
        assert_eq!(nice_step(6, 5), 2);
        assert_eq!(nice_step(0, 5), 1);
        assert_eq!(nice_step(23, 5), 5);
        assert_eq!(nice_step(217, 5), 50);
        assert_eq!(nice_step(249, 5), 50);
        assert_eq!(nice_step(251, 5), 100);
        assert_eq!(nice_step(usize::MAX, 1), usize::MAX);
    }

    #[test]
    fn layout_axes_and_ticks() {
        let s = size_series(&cfg(7, 3, 2, 0), Sweep::Stride);
        let l = SizeChartLayout::new(&s, 900.0);
        assert_eq!(l.width, SIZE_CHART_WIDTH.1);
        assert_eq!((l.x_min, l.x_max), (1, 16));
        assert_eq!(
            (l.y_step, l.y_max),
            (1, 6),
            "sizes up to 5, one step of headroom"
        );
        assert_eq!(l.y_ticks(), [0, 1, 2, 3, 4, 5, 6]);
        assert_eq!(l.x_ticks(), (1..=16).collect::<Vec<_>>());
        assert!((l.x_px(0.5) - l.left).abs() < 1e-9);
        assert!((l.x_px(16.5) - l.right).abs() < 1e-9);
        assert!((l.y_px(0.0) - l.bottom).abs() < 1e-9);
        assert!((l.y_px(6.0) - l.top).abs() < 1e-9);
        let narrow = SizeChartLayout::new(&s, 100.0);
        assert_eq!(narrow.width, SIZE_CHART_WIDTH.0);
        assert_eq!(
            narrow.x_ticks()[..3],
            [1, 3, 5],
            "every other value when cramped"
        );
        let big = SizeChartLayout::new(&size_series(&cfg(227, 11, 4, 0), Sweep::Stride), 500.0);
        assert_eq!((big.y_step, big.y_max), (50, 250));
        assert!(SizeChartLayout::new(&s, f64::NAN).width > 0.0);
    }

    #[test]
    fn the_current_label_stays_inside_the_plot() {
        let s = size_series(&cfg(7, 3, 1, 0), Sweep::Stride);
        let l = SizeChartLayout::new(&s, 500.0);
        // S = 1 gives 5, the highest point, one step under the top: no room above.
        assert_eq!(l.label_place(1, 5), LabelPlace::Right);
        assert_eq!(l.label_place(16, 5), LabelPlace::Left);
        assert_eq!(l.label_place(1, 1), LabelPlace::Above(LabelAlign::Start));
        assert_eq!(l.label_place(8, 3), LabelPlace::Above(LabelAlign::Middle));
        assert_eq!(l.label_place(16, 1), LabelPlace::Above(LabelAlign::End));
    }

    #[test]
    fn hit_testing_finds_the_nearest_drawn_point() {
        let s = size_series(&cfg(5, 7, 1, 1), Sweep::Padding);
        let l = SizeChartLayout::new(&s, 500.0);
        let y = l.y_px(3.0);
        assert_eq!(l.hit(&s, l.x_px(2.0), y), Some(2));
        assert_eq!(l.hit(&s, l.x_px(2.0) + 0.4 * l.x_unit(), y), Some(2));
        assert_eq!(l.hit(&s, l.x_px(2.0) + 0.6 * l.x_unit(), y), Some(3));
        // On the tick label under the axis.
        assert_eq!(l.hit(&s, l.x_px(5.0), l.bottom + 15.0), Some(5));
        // P = 0 has no point: the nearest value there is not drawn.
        assert_eq!(l.hit(&s, l.x_px(0.0), y), None);
        assert_eq!(
            l.hit(&s, l.x_px(2.0), l.bottom + 40.0),
            None,
            "the axis title"
        );
        assert_eq!(l.hit(&s, 2.0, y), None, "left of the plot");
    }

    #[test]
    fn colour_scale_is_symmetric_and_centred_on_white() {
        let sc = ColorScale::from_values(&[-4.0, 2.0, 7.0, f32::NAN]).unwrap();
        assert_eq!((sc.min, sc.max, sc.half_range), (-4.0, 7.0, 7.0));
        assert_eq!(sc.rgb(0.0), [255, 255, 255]);
        assert_eq!(sc.rgb(7.0), rgb_of(POSITIVE_RGB));
        assert_eq!(sc.rgb(-7.0), rgb_of(NEGATIVE_RGB));
        assert_eq!(sc.rgb(-100.0), rgb_of(NEGATIVE_RGB), "clamped");
        assert_eq!(sc.rgb(f32::NAN), [255, 255, 255]);
        // −4 is 4/7 of the way to full blue.
        let [r, g, b] = sc.rgb(-4.0);
        assert_eq!(r, (255.0 - 255.0 * 4.0 / 7.0_f32).round() as u8);
        assert!(g > 0x72 && b < 255 && b > 0xB2);
        assert_eq!(sc.range_text(), "−4 … 7");
        assert_eq!(ColorScale::from_values(&[]), None);
        assert_eq!(ColorScale::from_values(&[f32::INFINITY]), None);
        let flat = ColorScale::from_values(&[0.0, 0.0]).unwrap();
        assert_eq!(flat.rgb(0.0), [255, 255, 255]);
        assert_eq!(flat.range_text(), "0");
        assert_eq!(flat.ticks().len(), 1);
    }

    #[test]
    fn colours_are_the_scene_palette() {
        use crate::render::scene::Palette;
        let p = |c: crate::render::scene::Rgba| [c.r, c.g, c.b];
        assert_eq!(rgb_of(NEGATIVE_RGB), p(Palette::LIGHT.negative));
        assert_eq!(rgb_of(POSITIVE_RGB), p(Palette::LIGHT.positive));
    }

    #[test]
    fn legend_gradient_has_a_stop_where_the_blend_bends() {
        let white = "rgb(255,255,255)";
        let [r, g, b] = rgb_of(POSITIVE_RGB);
        let orange = format!("rgb({r},{g},{b})");
        let [r, g, b] = rgb_of(NEGATIVE_RGB);
        let blue = format!("rgb({r},{g},{b})");
        // ReLU'd map: white at 0 to full orange at the maximum.
        assert_eq!(
            ColorScale::new(0.0, 2.58).css_gradient(),
            format!("linear-gradient(to right,{white} 0.00%,{orange} 100.00%)")
        );
        // Both signs: white where 0 falls (4/11 of the way), full blue never reached.
        let [r, g, b] = ColorScale::new(-4.0, 7.0).rgb(-4.0);
        assert_eq!(
            ColorScale::new(-4.0, 7.0).css_gradient(),
            format!(
                "linear-gradient(to right,rgb({r},{g},{b}) 0.00%,{white} 36.36%,{orange} 100.00%)"
            )
        );
        // A half range narrower than the values (clamped beyond it): stops at ±half_range too.
        let narrow = ColorScale {
            min: -4.0,
            max: 4.0,
            half_range: 2.0,
        };
        assert_eq!(
            narrow.css_gradient(),
            format!("linear-gradient(to right,{blue} 0.00%,{blue} 25.00%,{white} 50.00%,{orange} 75.00%,{orange} 100.00%)")
        );
        // One value: one colour across.
        let flat = ColorScale::new(3.0, 3.0);
        assert_eq!(
            flat.css_gradient(),
            format!("linear-gradient(to right,{orange} 0%,{orange} 100%)")
        );
    }

    #[test]
    fn a_legends_zero_is_labelled_only_clear_of_its_ends() {
        let labels = |min: f32, max: f32| -> Vec<String> {
            ColorScale::new(min, max)
                .ticks_clear(160.0, 11.0)
                .into_iter()
                .map(|t| t.label)
                .collect()
        };
        // Symmetric: 0 in the middle, far from "−3.37" and "3.37".
        assert_eq!(labels(-3.37, 3.37), ["−3.37", "0", "3.37"]);
        // 0 at 38 % of 160 px (62 px) but "−0.00922" takes ~55 px of the left end.
        assert_eq!(labels(-0.00922, 0.0147), ["−0.00922", "0.0147"]);
        // The same place with a short minimum label keeps it.
        assert_eq!(labels(-2.0, 3.2), ["−2", "0", "3.2"]);
        // A wider bar makes room.
        let wide = ColorScale::new(-0.00922, 0.0147).ticks_clear(215.0, 11.0);
        assert_eq!(wide.len(), 3);
        // No 0 inside: the ends only.
        assert_eq!(labels(0.0, 2.58), ["0", "2.58"]);
    }

    #[test]
    fn legend_ticks_label_min_zero_and_max() {
        let t = ColorScale::new(-4.0, 7.0).ticks();
        let labels: Vec<&str> = t.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["−4", "0", "7"]);
        assert!((t[1].at - 4.0 / 11.0).abs() < 1e-6);
        assert_eq!((t[0].at, t[2].at), (0.0, 1.0));
        // 0 too close to an end would collide with the end's label.
        let t = ColorScale::new(-0.5, 20.0).ticks();
        assert_eq!(t.len(), 2);
        let t = ColorScale::new(1.5, 9.25).ticks();
        assert_eq!(
            t.iter().map(|t| t.label.clone()).collect::<Vec<_>>(),
            ["1.5", "9.25"]
        );
        let sc = ColorScale::new(-2.0, 6.0);
        assert_eq!(sc.value_at(0.25), 0.0);
        assert_eq!(sc.value_at(2.0), 6.0);
    }

    #[test]
    fn heatmap_layout_wraps_maps_into_rows() {
        let l = HeatmapLayout::new(1, 3, 3, 800.0);
        assert_eq!(l.cell, 28.0);
        assert_eq!(l.maps.len(), 1);
        assert!(l.width >= HeatmapLayout::LEGEND.0, "the legend fits");
        let l = HeatmapLayout::new(6, 32, 32, 600.0);
        assert_eq!(l.cell, 4.0);
        // 128-px maps with 20-px gaps: 4 fit in 600 px, so two rows.
        assert_eq!(l.per_row, 4);
        assert_eq!(l.maps[4].x, l.maps[0].x);
        assert!(l.maps[4].y > l.maps[3].y + 128.0);
        let last = l.maps[5];
        assert!(last.x + 128.0 <= l.width);
        assert!(l.legend.1 > last.y + 128.0, "legend below the maps");
        assert!(l.legend.1 + l.legend.3 < l.height);
        let tiny = HeatmapLayout::new(16, 96, 96, 200.0);
        assert_eq!((tiny.cell, tiny.per_row), (1.0, 1));
        let many = HeatmapLayout::new(16, 20, 20, 540.0);
        assert_eq!((many.cell, many.per_row), (5.0, 4));
        assert_eq!(tiny.maps.len(), 16);
        let zero = HeatmapLayout::new(0, 0, 0, f64::NAN);
        assert_eq!(zero.maps.len(), 1);
    }
}
