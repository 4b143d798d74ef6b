//! Max pooling, per channel.
//!
//! [`max_pool2d`] and [`pool_trace`](super::pool_trace) share one inner routine, so a trace's
//! maximum and argmax are exactly the pooled value and its argmax.

use super::error::ShapeError;
use super::geometry::{span, Axis, AxisPlan, Geometry, Rounding, WindowSpec};
use super::trace::PoolCell;
use super::volume::{try_vec, Volume};

/// The result of max pooling.
#[derive(Clone, Debug, PartialEq)]
pub struct Pooled {
    /// depth × out_h × out_w maxima (depth is preserved).
    pub output: Volume,
    /// Input (row, column) of each maximum: `argmax[c·out_h·out_w + oy·out_w + ox]`.
    pub argmax: Vec<(usize, usize)>,
}

/// Receives each cell of a pooling window, row-major.
pub(crate) trait CellSink {
    /// One cell (padding cells included).
    fn cell(&mut self, cell: PoolCell);
}

impl CellSink for () {
    #[inline(always)]
    fn cell(&mut self, _: PoolCell) {}
}

/// The winning cell of a window: value, index in row-major window order, input (row, col).
pub(crate) struct Best {
    pub(crate) value: f32,
    pub(crate) index: usize,
    pub(crate) at: (usize, usize),
}

/// Whether `v`, the next cell of a window in row-major order, takes over from `best` (the
/// winner so far, `None` before the first cell): strictly greater, or the first NaN.
#[inline(always)]
pub(crate) fn takes_over(v: f32, best: &Option<Best>) -> bool {
    match best {
        None => true,
        Some(b) => v > b.value || (v.is_nan() && !b.value.is_nan()),
    }
}

/// Maximum of channel `c` over the window of output (`oy`, `ox`). Padding never wins; ties go
/// to the first cell in row-major order (strict `>`); a NaN wins over numbers (as in
/// PyTorch), the first NaN over later ones. `None` if the window holds only padding.
pub(crate) fn pool_at(
    input: &Volume,
    g: &Geometry,
    c: usize,
    oy: usize,
    ox: usize,
    sink: &mut impl CellSink,
) -> Option<Best> {
    let mut best: Option<Best> = None;
    let mut index = 0;
    for fy in 0..g.rows.kernel {
        let iy = g.rows.tap(oy, fy);
        for fx in 0..g.cols.kernel {
            let ix = g.cols.tap(ox, fx);
            let value = input.get_signed(c, iy, ix);
            if let Some(v) = value {
                if takes_over(v, &best) {
                    // get_signed succeeded, so both coordinates are non-negative.
                    let at = (iy.unsigned_abs(), ix.unsigned_abs());
                    best = Some(Best {
                        value: v,
                        index,
                        at,
                    });
                }
            }
            sink.cell(PoolCell {
                fy,
                fx,
                iy,
                ix,
                padding: value.is_none(),
                value: value.unwrap_or(f32::NEG_INFINITY),
            });
            index += 1;
        }
    }
    best
}

/// Whether window `o` along this axis has a tap inside `0..input`.
fn has_input_tap(p: &AxisPlan, o: usize) -> bool {
    let start = (o as i128)
        .saturating_mul(p.stride as i128)
        .saturating_sub(p.pad_lo as i128);
    let d = p.dilation.max(1) as i128;
    // First tap at or after coordinate 0.
    let f0 = if start >= 0 { 0 } else { (-start + d - 1) / d };
    f0 < p.kernel as i128 && start.saturating_add(f0.saturating_mul(d)) < p.input as i128
}

/// The pooling padding rule on a spec alone, before any geometry is planned: on each axis the
/// larger pad must stay below the window's span, or an edge window could hold only padding.
/// SAME computes its own padding, which always satisfies it. Lets a caller put this error
/// ahead of a does-not-fit remainder; zero kernels and overflow are left to
/// [`WindowSpec::geometry`].
pub fn check_pool_padding(spec: &WindowSpec) -> Result<(), ShapeError> {
    if spec.rounding == Rounding::Same {
        return Ok(());
    }
    let p = spec.padding;
    for (axis, kernel, dilation, pad) in [
        (
            Axis::Height,
            spec.kernel.h,
            spec.dilation.h,
            p.top.max(p.bottom),
        ),
        (
            Axis::Width,
            spec.kernel.w,
            spec.dilation.w,
            p.left.max(p.right),
        ),
    ] {
        if let Some(span) = span(kernel, dilation) {
            if pad >= span {
                return Err(ShapeError::PoolPaddingTooLarge { axis, pad, span });
            }
        }
    }
    Ok(())
}

/// Pooling-specific checks on a planned geometry: every pad below the span
/// ([`ShapeError::PoolPaddingTooLarge`]), and no window made only of padding
/// ([`ShapeError::WindowAllPadding`], the first such window in row-major order). A geometry
/// that passes pools without error in [`max_pool2d`].
pub fn check_pool_geometry(g: &Geometry) -> Result<(), ShapeError> {
    for (p, axis) in [(&g.rows, Axis::Height), (&g.cols, Axis::Width)] {
        for pad in [p.pad_lo, p.pad_hi] {
            if pad >= p.span {
                return Err(ShapeError::PoolPaddingTooLarge {
                    axis,
                    pad,
                    span: p.span,
                });
            }
        }
    }
    let bad_row = (0..g.rows.output).find(|&o| !has_input_tap(&g.rows, o));
    let bad_col = (0..g.cols.output).find(|&o| !has_input_tap(&g.cols, o));
    // A window is all padding iff its rows or its columns are; report the first row-major.
    let first = match (bad_row, bad_col) {
        (Some(0), _) => Some((0, 0)),
        (_, Some(col)) => Some((0, col)),
        (Some(row), None) => Some((row, 0)),
        (None, None) => None,
    };
    match first {
        Some((row, col)) => Err(ShapeError::WindowAllPadding { row, col }),
        None => Ok(()),
    }
}

/// Max pooling of every channel: output (c, oy, ox) is the largest input value in that
/// window. Padding counts as −∞ (it never wins); ties go to the first cell in row-major window
/// order; a NaN wins (as in PyTorch).
///
/// Under [`Rounding::Same`] the computed padding is used (TensorFlow
/// ignores padded values, which is the same as −∞).
///
/// Errors: any error of [`WindowSpec::geometry`]; [`ShapeError::PoolPaddingTooLarge`] if a
/// pad is ≥ the window span (we allow pad < span; PyTorch is stricter, pad ≤ kernel/2);
/// [`ShapeError::WindowAllPadding`] if some window (with dilation or an overhang) has no
/// input cell; [`ShapeError::Overflow`] if the output cannot be allocated.
pub fn max_pool2d(input: &Volume, spec: &WindowSpec) -> Result<Pooled, ShapeError> {
    let g = spec.geometry(input.height(), input.width())?;
    check_pool_geometry(&g)?;
    // The fast path gives the same values and argmax; it declines only when it cannot allocate.
    if let Some((data, argmax)) = super::direct::max_pool2d::<true>(input, &g) {
        let output = Volume::from_vec(input.depth(), g.out_h(), g.out_w(), data)?;
        return Ok(Pooled { output, argmax });
    }
    pool_scalar(input, &g)
}

/// The maxima of [`max_pool2d`] without the argmax (what the page's output volume needs;
/// the argmax costs a third of the time). Same values and errors.
pub fn max_pool2d_values(input: &Volume, spec: &WindowSpec) -> Result<Volume, ShapeError> {
    let g = spec.geometry(input.height(), input.width())?;
    check_pool_geometry(&g)?;
    match super::direct::max_pool2d::<false>(input, &g) {
        Some((data, _)) => Volume::from_vec(input.depth(), g.out_h(), g.out_w(), data),
        None => Ok(pool_scalar(input, &g)?.output),
    }
}

/// [`max_pool2d`] computed one window at a time by the scalar routine the traces use: the
/// reference that the fast path is tested against. Same results and errors.
pub fn max_pool2d_reference(input: &Volume, spec: &WindowSpec) -> Result<Pooled, ShapeError> {
    let g = spec.geometry(input.height(), input.width())?;
    check_pool_geometry(&g)?;
    pool_scalar(input, &g)
}

/// The scalar pool over a checked geometry.
fn pool_scalar(input: &Volume, g: &Geometry) -> Result<Pooled, ShapeError> {
    let n = super::volume::element_count(
        &[
            (input.depth(), "volume depth"),
            (g.out_h(), "output height"),
            (g.out_w(), "output width"),
        ],
        "volume size",
    )?;
    let mut argmax = try_vec(n, "volume size")?;
    let output = Volume::from_fn(input.depth(), g.out_h(), g.out_w(), |c, oy, ox| {
        // check_pool_geometry ruled out windows without an input cell.
        let best = pool_at(input, g, c, oy, ox, &mut ()).unwrap_or(Best {
            value: f32::NEG_INFINITY,
            index: 0,
            at: (0, 0),
        });
        argmax.push(best.at);
        best.value
    })?;
    Ok(Pooled { output, argmax })
}
