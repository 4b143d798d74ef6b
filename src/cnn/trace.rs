//! Per-position traces for the animation: every tap of one conv dot product, or every cell of
//! one pooling window, computed by the same code as [`conv2d`](super::conv2d) and
//! [`max_pool2d`](super::max_pool2d) so the numbers agree bit for bit.

use super::conv::{check_filters, conv_at, TapSink};
use super::error::ShapeError;
use super::geometry::{Geometry, Hw};
use super::pool::{check_pool_geometry, pool_at, CellSink};
use super::volume::{try_vec, FilterBank, Volume};

/// One multiply of a conv dot product.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tap {
    /// Filter row.
    pub fy: usize,
    /// Filter column.
    pub fx: usize,
    /// Input row read (negative or ≥ height in the padding).
    pub iy: isize,
    /// Input column read (negative or ≥ width in the padding).
    pub ix: isize,
    /// Whether the tap lies in the zero padding (or a Ceil overhang).
    pub padding: bool,
    /// The input value (0.0 in the padding).
    pub input: f32,
    /// The filter weight.
    pub weight: f32,
    /// `input · weight`, as the sum used it.
    pub product: f32,
}

/// The taps of one input channel and their sum.
#[derive(Clone, Debug, PartialEq)]
pub struct ChannelTrace {
    /// The input channel (= filter depth slice).
    pub channel: usize,
    /// Every tap, row-major over the filter.
    pub taps: Vec<Tap>,
    /// The products summed in order from 0.0.
    pub sum: f32,
}

/// The dot product behind one conv output value.
#[derive(Clone, Debug, PartialEq)]
pub struct ConvTrace {
    /// The filter (output channel).
    pub filter: usize,
    /// Output row.
    pub row: usize,
    /// Output column.
    pub col: usize,
    /// One entry per input channel, in order.
    pub channels: Vec<ChannelTrace>,
    /// The filter's bias.
    pub bias: f32,
    /// `((0.0 + sum₀) + sum₁ + …) + bias`: bit-for-bit the conv2d output value.
    pub total: f32,
}

/// Collects the taps into pre-allocated channel traces.
struct Collect(Vec<ChannelTrace>);

impl TapSink for Collect {
    fn tap(&mut self, c: usize, tap: Tap) {
        if let Some(ch) = self.0.get_mut(c) {
            // Capacity was reserved up front, so this push does not allocate.
            ch.taps.push(tap);
        }
    }
    fn channel(&mut self, c: usize, sum: f32) {
        if let Some(ch) = self.0.get_mut(c) {
            ch.sum = sum;
        }
    }
}

/// Checks an output index.
fn in_range(what: &'static str, index: usize, len: usize) -> Result<(), ShapeError> {
    if index < len {
        Ok(())
    } else {
        Err(ShapeError::OutOfRange { what, index, len })
    }
}

/// Every tap of filter `filter` at output (`row`, `col`).
///
/// `geometry` is `spec.geometry(input.height(), input.width())` for the spec given to
/// [`conv2d`](super::conv2d). Errors, in order: [`ShapeError::DepthMismatch`];
/// [`ShapeError::KernelMismatch`] (geometry kernel ≠ filter size);
/// [`ShapeError::DataLength`] if the geometry was planned for another input size (or was not
/// made by `plan_axis`); [`ShapeError::OutOfRange`] for the "filter", "output row" or
/// "output column"; [`ShapeError::Overflow`] if the trace cannot be allocated.
pub fn conv_trace(
    input: &Volume,
    filters: &FilterBank,
    geometry: &Geometry,
    filter: usize,
    row: usize,
    col: usize,
) -> Result<ConvTrace, ShapeError> {
    check_filters(
        input,
        filters,
        Hw::new(geometry.rows.kernel, geometry.cols.kernel),
    )?;
    geometry.validate(input.height(), input.width())?;
    in_range("filter", filter, filters.count())?;
    in_range("output row", row, geometry.out_h())?;
    in_range("output column", col, geometry.out_w())?;
    // The kernel equals the filters' size, so this product fits.
    let per_channel = filters.height().saturating_mul(filters.width());
    let mut channels = try_vec(input.depth(), "trace")?;
    for channel in 0..input.depth() {
        channels.push(ChannelTrace {
            channel,
            taps: try_vec(per_channel, "trace")?,
            sum: 0.0,
        });
    }
    let mut sink = Collect(channels);
    let total = conv_at(input, filters, geometry, filter, row, col, &mut sink);
    Ok(ConvTrace {
        filter,
        row,
        col,
        channels: sink.0,
        bias: filters.bias(filter).unwrap_or(0.0),
        total,
    })
}

/// One cell of a pooling window.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PoolCell {
    /// Window row.
    pub fy: usize,
    /// Window column.
    pub fx: usize,
    /// Input row read (outside `0..height` in the padding).
    pub iy: isize,
    /// Input column read (outside `0..width` in the padding).
    pub ix: isize,
    /// Whether the cell lies in the padding (or a Ceil/Same overhang).
    pub padding: bool,
    /// The input value; `f32::NEG_INFINITY` for padding.
    pub value: f32,
}

/// The window behind one max-pooling output value.
#[derive(Clone, Debug, PartialEq)]
pub struct PoolTrace {
    /// The channel.
    pub channel: usize,
    /// Output row.
    pub row: usize,
    /// Output column.
    pub col: usize,
    /// Every cell, row-major over the window.
    pub cells: Vec<PoolCell>,
    /// The maximum: exactly the max_pool2d output value.
    pub max: f32,
    /// Index into `cells` of the maximum (never a padding cell; ties → the first).
    pub argmax: usize,
}

/// Collects the cells of a window.
struct Cells(Vec<PoolCell>);

impl CellSink for Cells {
    fn cell(&mut self, cell: PoolCell) {
        // Capacity was reserved up front, so this push does not allocate.
        self.0.push(cell);
    }
}

/// Every cell of channel `channel`'s window at output (`row`, `col`).
///
/// `geometry` is `spec.geometry(input.height(), input.width())` for the spec given to
/// [`max_pool2d`](super::max_pool2d). A trace exists exactly where max_pool2d succeeds.
/// Errors, in order: [`ShapeError::DataLength`] if the geometry was planned for another input
/// size (or was not made by `plan_axis`); [`ShapeError::PoolPaddingTooLarge`] and
/// [`ShapeError::WindowAllPadding`] as in max_pool2d; [`ShapeError::OutOfRange`] for the
/// "channel", "output row" or "output column"; [`ShapeError::Overflow`] if the trace cannot
/// be allocated.
pub fn pool_trace(
    input: &Volume,
    geometry: &Geometry,
    channel: usize,
    row: usize,
    col: usize,
) -> Result<PoolTrace, ShapeError> {
    geometry.validate(input.height(), input.width())?;
    check_pool_geometry(geometry)?;
    in_range("channel", channel, input.depth())?;
    in_range("output row", row, geometry.out_h())?;
    in_range("output column", col, geometry.out_w())?;
    let n = geometry
        .rows
        .kernel
        .checked_mul(geometry.cols.kernel)
        .ok_or(ShapeError::Overflow { what: "trace" })?;
    let mut sink = Cells(try_vec(n, "trace")?);
    let best = pool_at(input, geometry, channel, row, col, &mut sink)
        .ok_or(ShapeError::WindowAllPadding { row, col })?;
    Ok(PoolTrace {
        channel,
        row,
        col,
        cells: sink.0,
        max: best.value,
        argmax: best.index,
    })
}
