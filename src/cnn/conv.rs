//! Convolution (cross-correlation) of a volume with a bank of filters.
//!
//! [`conv2d`] and [`conv_trace`](super::conv_trace) share one inner routine, so a trace's
//! total is bit-for-bit the output value.

use super::error::ShapeError;
use super::geometry::{Geometry, WindowSpec};
use super::trace::Tap;
use super::volume::{FilterBank, Volume};

/// Receives each tap of a dot product, and each channel's sum, as they are computed.
pub(crate) trait TapSink {
    /// One tap of channel `c`, in row-major filter order.
    fn tap(&mut self, c: usize, tap: Tap);
    /// Channel `c` is done; `sum` is its partial sum.
    fn channel(&mut self, c: usize, sum: f32);
}

/// A sink that keeps nothing (plain [`conv2d`]).
pub(crate) struct Discard;

impl TapSink for Discard {
    #[inline(always)]
    fn tap(&mut self, _: usize, _: Tap) {}
    #[inline(always)]
    fn channel(&mut self, _: usize, _: f32) {}
}

/// Output value of filter `k` at output (`oy`, `ox`). The summation order is fixed: per
/// channel in order, taps row-major from 0.0 (padding taps add `0.0·w`, so NaN/−0.0 behave the
/// same everywhere); then `((0.0 + sum₀) + sum₁) + …`, then `+ bias`.
///
/// Callers have checked depth, kernel size and indices; out-of-range reads would count as 0.
pub(crate) fn conv_at(
    input: &Volume,
    filters: &FilterBank,
    g: &Geometry,
    k: usize,
    oy: usize,
    ox: usize,
    sink: &mut impl TapSink,
) -> f32 {
    let mut total = 0.0f32;
    for c in 0..input.depth() {
        let mut sum = 0.0f32;
        for fy in 0..g.rows.kernel {
            let iy = g.rows.tap(oy, fy);
            for fx in 0..g.cols.kernel {
                let ix = g.cols.tap(ox, fx);
                let weight = filters.weight(k, c, fy, fx).unwrap_or(0.0);
                let (padding, value) = match input.get_signed(c, iy, ix) {
                    Some(v) => (false, v),
                    None => (true, 0.0),
                };
                let product = value * weight;
                sum += product;
                sink.tap(
                    c,
                    Tap {
                        fy,
                        fx,
                        iy,
                        ix,
                        padding,
                        input: value,
                        weight,
                        product,
                    },
                );
            }
        }
        sink.channel(c, sum);
        total += sum;
    }
    total + filters.bias(k).unwrap_or(0.0)
}

/// The depth and kernel checks shared by conv and its trace.
pub(crate) fn check_filters(
    input: &Volume,
    filters: &FilterBank,
    kernel: super::Hw,
) -> Result<(), ShapeError> {
    if filters.depth() != input.depth() {
        return Err(ShapeError::DepthMismatch {
            input: input.depth(),
            filters: filters.depth(),
        });
    }
    if kernel != filters.kernel() {
        return Err(ShapeError::KernelMismatch {
            spec: kernel,
            filters: filters.kernel(),
        });
    }
    Ok(())
}

/// Convolves `input` (D × H × W) with K filters (K × D × Fh × Fw plus K biases): the output is
/// K × out_h × out_w, where output (k, oy, ox) is
/// `Σ_c Σ_fy Σ_fx input[c, oy·Sh − top + fy·dh, ox·Sw − left + fx·dw] · w[k, c, fy, fx] + b[k]`
/// (cross-correlation; padding reads 0).
///
/// Errors, in order: [`ShapeError::DepthMismatch`], [`ShapeError::KernelMismatch`]
/// (`spec.kernel` ≠ the filters' size), then any error of [`WindowSpec::geometry`], and
/// [`ShapeError::Overflow`] if the output cannot be allocated.
pub fn conv2d(
    input: &Volume,
    filters: &FilterBank,
    spec: &WindowSpec,
) -> Result<Volume, ShapeError> {
    check_filters(input, filters, spec.kernel)?;
    let g = spec.geometry(input.height(), input.width())?;
    // The fast path gives the same bits; it declines only when its packed copies of the
    // input and weights cannot be allocated.
    if let Some(data) = super::direct::conv2d(input, filters, &g) {
        return Volume::from_vec(filters.count(), g.out_h(), g.out_w(), data);
    }
    Volume::from_fn(filters.count(), g.out_h(), g.out_w(), |k, oy, ox| {
        conv_at(input, filters, &g, k, oy, ox, &mut Discard)
    })
}

/// [`conv2d`] computed one output at a time by the scalar routine the traces use: the
/// reference that the fast path is tested against, bit for bit. Same results and errors.
pub fn conv2d_reference(
    input: &Volume,
    filters: &FilterBank,
    spec: &WindowSpec,
) -> Result<Volume, ShapeError> {
    check_filters(input, filters, spec.kernel)?;
    let g = spec.geometry(input.height(), input.width())?;
    Volume::from_fn(filters.count(), g.out_h(), g.out_w(), |k, oy, ox| {
        conv_at(input, filters, &g, k, oy, ox, &mut Discard)
    })
}
