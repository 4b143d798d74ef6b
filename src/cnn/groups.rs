//! Grouped convolution (`groups` in PyTorch, `group` in Caffe): the D₁ input channels are
//! split into G equal groups and the K filters into G equal groups; filter k sees only the
//! D₁/G channels of its own group g = k / (K/G). G = 1 is the ordinary convolution; G = D₁
//! (with K a multiple of D₁) is a *depthwise* convolution, one small filter per channel.
//!
//! Each group is computed by [`conv2d`] on its own slice of channels and filters, so a
//! grouped layer is exactly G ordinary layers side by side, and [`conv_trace_grouped`]'s
//! total equals [`conv2d_grouped`]'s output bit for bit.

use super::conv::conv2d;
use super::error::{GroupCount, ShapeError};
use super::geometry::{Geometry, WindowSpec};
use super::trace::{conv_trace, ConvTrace};
use super::volume::{FilterBank, Volume};

/// Checks that `groups` (G ≥ 1) divides both the input depth D₁ and the filter count K.
///
/// Errors, in order: [`ShapeError::ZeroSize`] ("number of groups"), then
/// [`ShapeError::GroupsDoNotDivide`] for the input depth, then for the filters.
pub fn check_groups(in_depth: usize, filters: usize, groups: usize) -> Result<(), ShapeError> {
    if groups == 0 {
        return Err(ShapeError::ZeroSize {
            what: "number of groups",
        });
    }
    if !in_depth.is_multiple_of(groups) {
        return Err(ShapeError::GroupsDoNotDivide {
            what: GroupCount::InputDepth,
            value: in_depth,
            groups,
        });
    }
    if !filters.is_multiple_of(groups) {
        return Err(ShapeError::GroupsDoNotDivide {
            what: GroupCount::Filters,
            value: filters,
            groups,
        });
    }
    Ok(())
}

/// The group checks shared by the grouped conv and its trace: G divides D₁ and K, and the
/// filters are D₁/G deep.
fn check(input: &Volume, filters: &FilterBank, groups: usize) -> Result<(), ShapeError> {
    check_groups(input.depth(), filters.count(), groups)?;
    if filters.depth() * groups != input.depth() {
        return Err(ShapeError::GroupDepthMismatch {
            input: input.depth(),
            groups,
            filters: filters.depth(),
        });
    }
    Ok(())
}

/// Group `g`'s channels of `input` (D₁/G of them, in order).
fn input_group(input: &Volume, g: usize, per: usize) -> Result<Volume, ShapeError> {
    Volume::from_fn(per, input.height(), input.width(), |c, y, x| {
        input.get(g * per + c, y, x).unwrap_or(0.0)
    })
}

/// Group `g`'s filters (K/G of them, in order) with their biases.
fn filter_group(filters: &FilterBank, g: usize, per: usize) -> Result<FilterBank, ShapeError> {
    FilterBank::from_fn(
        per,
        filters.depth(),
        filters.height(),
        filters.width(),
        |k, c, fy, fx| filters.weight(g * per + k, c, fy, fx).unwrap_or(0.0),
        |k| filters.bias(g * per + k).unwrap_or(0.0),
    )
}

/// Convolves `input` (D₁ × H × W) with K filters of (D₁/G) × Fh × Fw in G groups: output map
/// k is `Σ_{c < D₁/G} input[g·D₁/G + c] ⋆ w[k, c] + b[k]` with g = k / (K/G), otherwise exactly
/// as [`conv2d`] (which it calls once per group; G = 1 is `conv2d` itself).
///
/// Errors, in order: [`ShapeError::ZeroSize`] for G = 0; [`ShapeError::GroupsDoNotDivide`];
/// [`ShapeError::GroupDepthMismatch`] when the filters are not D₁/G deep; then any error of
/// [`conv2d`].
pub fn conv2d_grouped(
    input: &Volume,
    filters: &FilterBank,
    spec: &WindowSpec,
    groups: usize,
) -> Result<Volume, ShapeError> {
    check(input, filters, groups)?;
    if groups == 1 {
        return conv2d(input, filters, spec);
    }
    let (din, kout) = (input.depth() / groups, filters.count() / groups);
    let mut parts = Vec::new();
    parts
        .try_reserve_exact(groups)
        .map_err(|_| ShapeError::Overflow {
            what: "number of groups",
        })?;
    for g in 0..groups {
        parts.push(conv2d(
            &input_group(input, g, din)?,
            &filter_group(filters, g, kout)?,
            spec,
        )?);
    }
    let (h, w) = (parts[0].height(), parts[0].width());
    Volume::from_fn(filters.count(), h, w, |k, y, x| {
        parts[k / kout].get(k % kout, y, x).unwrap_or(0.0)
    })
}

/// Every tap of filter `filter` at output (`row`, `col`) of a grouped convolution: one
/// channel trace per channel of the filter's group, labelled with the input channel it reads
/// (`g·D₁/G + c`). Its total is bit for bit [`conv2d_grouped`]'s output value.
///
/// `geometry` is `spec.geometry(input.height(), input.width())`. Errors: those of
/// [`conv2d_grouped`]'s group checks, [`ShapeError::OutOfRange`] for the "filter", then those
/// of [`conv_trace`].
pub fn conv_trace_grouped(
    input: &Volume,
    filters: &FilterBank,
    geometry: &Geometry,
    groups: usize,
    filter: usize,
    row: usize,
    col: usize,
) -> Result<ConvTrace, ShapeError> {
    check(input, filters, groups)?;
    if groups == 1 {
        return conv_trace(input, filters, geometry, filter, row, col);
    }
    if filter >= filters.count() {
        return Err(ShapeError::OutOfRange {
            what: "filter",
            index: filter,
            len: filters.count(),
        });
    }
    let (din, kout) = (input.depth() / groups, filters.count() / groups);
    let g = filter / kout;
    let mut t = conv_trace(
        &input_group(input, g, din)?,
        &filter_group(filters, g, kout)?,
        geometry,
        filter % kout,
        row,
        col,
    )?;
    t.filter = filter;
    for ch in &mut t.channels {
        ch.channel += g * din;
    }
    Ok(t)
}

/// The group of filter `k` among `filters` filters in `groups` groups, and the input channels
/// it reads: `(g, g·D₁/G .. (g + 1)·D₁/G)`. `None` when G does not divide D₁ and K, or `k` is
/// out of range.
pub fn group_of(
    k: usize,
    filters: usize,
    in_depth: usize,
    groups: usize,
) -> Option<(usize, std::ops::Range<usize>)> {
    check_groups(in_depth, filters, groups).ok()?;
    (k < filters).then(|| {
        let g = k / (filters / groups);
        let per = in_depth / groups;
        (g, g * per..(g + 1) * per)
    })
}
