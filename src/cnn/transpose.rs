//! Transposed convolution (PyTorch `nn.ConvTranspose2d`, Torch7
//! `nn.SpatialFullConvolution`, Caffe `Deconvolution`; also called fractionally strided
//! convolution, wrongly "deconvolution").
//!
//! Along one axis, with input length N, kernel F, stride S, dilation d, padding (Plo, Phi)
//! and output padding a, the output length is
//!
//! `O = (N − 1)·S + span + a − Plo − Phi`, `span = d·(F − 1) + 1`
//!
//! (for a square layer `s(i − 1) + a + k − 2p`). It is computed as the *direct* convolution
//! that the animation shows: insert S − 1 zeros between neighbouring input cells, surround
//! the result with a border of `span − 1 − Plo` zeros before and `span − 1 − Phi + a` after
//! ([`stretch`]), and slide the filter, rotated by 180° ([`flip`]), over it with stride 1 and
//! no further padding. Equivalently (the *scatter* view) every
//! input cell adds a copy of the filter scaled by its value into the output, S cells apart,
//! and the padding trims Plo/Phi cells off the edges.
//!
//! Filters are given as for the convolution the layer produces: K filters (one per output
//! channel) of (D₁/G) × Fh × Fw, plus K biases. Weight (k, c, fy, fx) of that bank is
//! PyTorch's `ConvTranspose2d.weight[g·D₁/G + c][k − g·K/G][fy][fx]` with g = k / (K/G).
//! [`adjoint_filters`] turns the filters of a forward convolution into the bank of its
//! transpose (its gradient with respect to the input).

use super::error::ShapeError;
use super::geometry::{Axis, Geometry, Hw, Padding, Rounding, WindowSpec};
use super::groups::{check_groups, conv2d_grouped};
use super::volume::{FilterBank, Volume};

/// The hyperparameters of a transposed convolution.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TransposeSpec {
    /// Kernel size Fh × Fw (must equal the filters' size).
    pub kernel: Hw,
    /// Stride S per axis: S − 1 zeros go between neighbouring input cells.
    pub stride: Hw,
    /// Dilation per axis (1 = contiguous).
    pub dilation: Hw,
    /// The padding P of the matching convolution: it trims the output.
    pub padding: Padding,
    /// Output padding a per axis (PyTorch `output_padding`, Torch7 `adjW`/`adjH`): extra
    /// output rows/columns at the bottom/right; a < S or a < d.
    pub output_padding: Hw,
    /// Number of groups G (1 = every output channel sees every input channel).
    pub groups: usize,
}

impl TransposeSpec {
    /// Square kernel f, stride s, padding p on every side, output padding a, dilation 1,
    /// one group.
    pub const fn square(f: usize, s: usize, p: usize, a: usize) -> Self {
        TransposeSpec {
            kernel: Hw::square(f),
            stride: Hw::square(s),
            dilation: Hw::square(1),
            padding: Padding::uniform(p),
            output_padding: Hw::square(a),
            groups: 1,
        }
    }

    /// Plans both axes of an `in_h` × `in_w` input (the height first, so its error is
    /// reported first) and the direct convolution that computes the layer.
    ///
    /// Errors per axis, in order: [`ShapeError::ZeroSize`] (input, filter),
    /// [`ShapeError::ZeroStride`], [`ShapeError::ZeroDilation`],
    /// [`ShapeError::OutputPaddingTooLarge`], [`ShapeError::Overflow`],
    /// [`ShapeError::TransposeNoOutput`].
    pub fn geometry(&self, in_h: usize, in_w: usize) -> Result<TransposeGeometry, ShapeError> {
        let rows = plan_transpose_axis(
            Axis::Height,
            in_h,
            self.kernel.h,
            self.stride.h,
            self.dilation.h,
            self.padding.top,
            self.padding.bottom,
            self.output_padding.h,
        )?;
        let cols = plan_transpose_axis(
            Axis::Width,
            in_w,
            self.kernel.w,
            self.stride.w,
            self.dilation.w,
            self.padding.left,
            self.padding.right,
            self.output_padding.w,
        )?;
        let direct = WindowSpec {
            kernel: self.kernel,
            stride: Hw::square(1),
            dilation: self.dilation,
            // The border is part of the direct input (see `stretch`), so no padding here.
            padding: Padding::zero(),
            // Stride 1 always fits.
            rounding: Rounding::Strict,
        }
        .geometry(rows.direct_len(), cols.direct_len())?;
        Ok(TransposeGeometry { rows, cols, direct })
    }
}

/// One axis of a transposed convolution.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TransposeAxis {
    /// Input length N.
    pub input: usize,
    /// Kernel size F.
    pub kernel: usize,
    /// Stride S (≥ 1).
    pub stride: usize,
    /// Dilation d (≥ 1).
    pub dilation: usize,
    /// Padding Plo (trims the output's start).
    pub pad_lo: usize,
    /// Padding Phi (trims the output's end).
    pub pad_hi: usize,
    /// Output padding a (< S or < d).
    pub output_padding: usize,
    /// The kernel's extent `d·(F − 1) + 1`.
    pub span: usize,
    /// Output length `(N − 1)·S + span + a − Plo − Phi` (≥ 1).
    pub output: usize,
    /// Length of the input with S − 1 zeros between neighbours: `(N − 1)·S + 1`.
    pub stretched: usize,
    /// Border before the stretched input, `span − 1 − Plo`; negative when the padding is
    /// larger than `span − 1` and crops the stretched input itself.
    pub border_lo: isize,
    /// Border after it, `span − 1 − Phi + a` (the output padding goes here).
    pub border_hi: isize,
}

impl TransposeAxis {
    /// Zeros inserted between neighbouring input cells: S − 1.
    pub fn zeros_between(&self) -> usize {
        self.stride - 1
    }

    /// Cells of the stretched input cropped at the start (when Plo > span − 1).
    pub fn crop_lo(&self) -> usize {
        self.border_lo.min(0).unsigned_abs()
    }

    /// Cells of the stretched input cropped at the end.
    pub fn crop_hi(&self) -> usize {
        self.border_hi.min(0).unsigned_abs()
    }

    /// Zero border before the stretched input (0 when it crops instead).
    pub fn border_lo(&self) -> usize {
        self.border_lo.max(0).unsigned_abs()
    }

    /// Zero border after the stretched input (0 when it crops instead).
    pub fn border_hi(&self) -> usize {
        self.border_hi.max(0).unsigned_abs()
    }

    /// Length of the stretched input that the direct convolution reads, after cropping.
    pub fn kept(&self) -> usize {
        self.stretched
            .saturating_sub(self.crop_lo())
            .saturating_sub(self.crop_hi())
    }

    /// Length of the direct convolution's input, border included: `output + span − 1`
    /// (its stride-1 windows then give exactly the output).
    pub fn direct_len(&self) -> usize {
        // output ≥ 1 and output + span − 1 ≤ the planned full length, so this fits.
        self.output + (self.span - 1)
    }

    /// What sits at coordinate `q` of the direct convolution's padded input (0 = the first
    /// border cell).
    pub fn cell(&self, q: usize) -> DirectCell {
        let Some(u) = q.checked_sub(self.border_lo()) else {
            return DirectCell::Border;
        };
        if u >= self.kept() {
            return DirectCell::Border;
        }
        let v = u + self.crop_lo();
        if v.is_multiple_of(self.stride) {
            DirectCell::Input(v / self.stride)
        } else {
            DirectCell::Inserted
        }
    }

    /// The direct-input coordinate of input cell `i`, if it is not cropped.
    pub fn direct_of(&self, i: usize) -> Option<usize> {
        (i < self.input)
            .then(|| i * self.stride)
            .and_then(|v| v.checked_sub(self.crop_lo()))
            .filter(|&u| u < self.kept())
            .map(|u| u + self.border_lo())
    }

    /// The output cells that input cell `i` writes through tap `f` in the scatter view:
    /// output `i·S + f·d − Plo`, when it lies inside the output.
    pub fn scatter(&self, i: usize, f: usize) -> Option<usize> {
        (i * self.stride + f * self.dilation)
            .checked_sub(self.pad_lo)
            .filter(|&o| o < self.output)
    }
}

/// What one cell of the direct convolution's input holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DirectCell {
    /// Input cell number `i` along this axis.
    Input(usize),
    /// One of the S − 1 zeros inserted between two input cells.
    Inserted,
    /// The zero border: `span − 1 − P` before, `span − 1 − P + a` after.
    Border,
}

/// `(N − 1)·S + span + a − Plo − Phi` along one axis, with the direct convolution's borders.
///
/// `axis` only names the axis in errors. Checks, in order: input 0 or kernel 0 →
/// [`ShapeError::ZeroSize`]; stride 0 → [`ShapeError::ZeroStride`]; dilation 0 →
/// [`ShapeError::ZeroDilation`]; `a ≥ S` and `a ≥ d` → [`ShapeError::OutputPaddingTooLarge`]
/// (PyTorch's rule); arithmetic overflow → [`ShapeError::Overflow`]; an output of 0 or less →
/// [`ShapeError::TransposeNoOutput`].
#[allow(clippy::too_many_arguments)] // the formula's eight quantities
pub fn plan_transpose_axis(
    axis: Axis,
    input: usize,
    kernel: usize,
    stride: usize,
    dilation: usize,
    pad_lo: usize,
    pad_hi: usize,
    output_padding: usize,
) -> Result<TransposeAxis, ShapeError> {
    let (input_name, kernel_name) = match axis {
        Axis::Height => ("input height", "filter height"),
        Axis::Width => ("input width", "filter width"),
    };
    if input == 0 {
        return Err(ShapeError::ZeroSize { what: input_name });
    }
    if kernel == 0 {
        return Err(ShapeError::ZeroSize { what: kernel_name });
    }
    if stride == 0 {
        return Err(ShapeError::ZeroStride { axis });
    }
    if dilation == 0 {
        return Err(ShapeError::ZeroDilation { axis });
    }
    if output_padding >= stride && output_padding >= dilation {
        return Err(ShapeError::OutputPaddingTooLarge {
            axis,
            output_padding,
            stride,
            dilation,
        });
    }
    let overflow = |what| ShapeError::Overflow { what };
    let span = super::geometry::span(kernel, dilation).ok_or(overflow("filter span"))?;
    let stretched = (input - 1)
        .checked_mul(stride)
        .and_then(|v| v.checked_add(1))
        .ok_or(overflow("stretched input"))?;
    let full = (stretched - 1)
        .checked_add(span)
        .and_then(|v| v.checked_add(output_padding))
        .ok_or(overflow("transposed output"))?;
    let trimmed = pad_lo
        .checked_add(pad_hi)
        .ok_or(overflow("transposed padding"))?;
    if full <= trimmed {
        return Err(ShapeError::TransposeNoOutput {
            axis,
            full,
            trimmed,
        });
    }
    let signed = |v: usize| isize::try_from(v).map_err(|_| overflow("transposed border"));
    let edge = signed(span - 1)?;
    Ok(TransposeAxis {
        input,
        kernel,
        stride,
        dilation,
        pad_lo,
        pad_hi,
        output_padding,
        span,
        output: full - trimmed,
        stretched,
        border_lo: edge - signed(pad_lo)?,
        border_hi: (edge - signed(pad_hi)?)
            .checked_add(signed(output_padding)?)
            .ok_or(overflow("transposed border"))?,
    })
}

/// The planned transposed convolution: both axes and the direct convolution that computes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TransposeGeometry {
    /// The height axis.
    pub rows: TransposeAxis,
    /// The width axis.
    pub cols: TransposeAxis,
    /// The direct convolution (stride 1, the spec's dilation, no padding) over the output of
    /// [`stretch`], whose output is the layer's output.
    pub direct: Geometry,
}

impl TransposeGeometry {
    /// Output height.
    pub fn out_h(&self) -> usize {
        self.rows.output
    }

    /// Output width.
    pub fn out_w(&self) -> usize {
        self.cols.output
    }

    /// Whether the padding is larger than `span − 1` on some side, so it crops the stretched
    /// input instead of only trimming the border.
    pub fn crops(&self) -> bool {
        self.rows.border_lo < 0
            || self.rows.border_hi < 0
            || self.cols.border_lo < 0
            || self.cols.border_hi < 0
    }
}

/// The direct convolution's input: the input with S − 1 zeros inserted between neighbouring
/// cells (per axis), inside its zero border (`span − 1 − Plo` before, `span − 1 − Phi + a`
/// after; where the padding is larger than `span − 1` it crops the stretched input instead).
/// [`TransposeAxis::cell`] says what each of its cells is; its size is
/// `direct_len` × `direct_len` of the two axes.
///
/// Errors: [`ShapeError::DataLength`] if `g` was planned for another input size;
/// [`ShapeError::Overflow`] if it cannot be allocated.
pub fn stretch(input: &Volume, g: &TransposeGeometry) -> Result<Volume, ShapeError> {
    for (plan, len, what) in [
        (&g.rows, input.height(), "geometry's input height"),
        (&g.cols, input.width(), "geometry's input width"),
    ] {
        if plan.input != len {
            return Err(ShapeError::DataLength {
                what,
                expected: len,
                got: plan.input,
            });
        }
    }
    Volume::from_fn(
        input.depth(),
        g.rows.direct_len(),
        g.cols.direct_len(),
        |c, y, x| match (g.rows.cell(y), g.cols.cell(x)) {
            (DirectCell::Input(iy), DirectCell::Input(ix)) => input.get(c, iy, ix).unwrap_or(0.0),
            _ => 0.0,
        },
    )
}

/// The same filters rotated by 180° (each slice flipped up–down and left–right), biases
/// unchanged: what the direct convolution slides over the stretched input.
///
/// Errors: [`ShapeError::Overflow`] if the copy cannot be allocated.
pub fn flip(filters: &FilterBank) -> Result<FilterBank, ShapeError> {
    let (fh, fw) = (filters.height(), filters.width());
    FilterBank::from_fn(
        filters.count(),
        filters.depth(),
        fh,
        fw,
        |k, c, fy, fx| {
            filters
                .weight(k, c, fh - 1 - fy, fw - 1 - fx)
                .unwrap_or(0.0)
        },
        |k| filters.bias(k).unwrap_or(0.0),
    )
}

/// The transposed convolution of `input` (D₁ × H × W) with K filters of (D₁/G) × Fh × Fw
/// (the module docs give the layout) plus K biases: K × out_h × out_w, where
/// out_h = `(H − 1)·Sh + span_h + a_h − top − bottom` and likewise for the width.
///
/// Computed as [`conv2d_grouped`] of [`stretch`]`(input)` with
/// [`flip`]`(filters)` over `geometry.direct`, so
/// [`conv_trace_grouped`](super::conv_trace_grouped) on the same three gives every output
/// value bit for bit.
///
/// Errors, in order: the group errors of [`check_groups`] and
/// [`ShapeError::GroupDepthMismatch`]; [`ShapeError::KernelMismatch`]; any error of
/// [`TransposeSpec::geometry`]; [`ShapeError::Overflow`].
pub fn conv_transpose2d(
    input: &Volume,
    filters: &FilterBank,
    spec: &TransposeSpec,
) -> Result<Volume, ShapeError> {
    check_groups(input.depth(), filters.count(), spec.groups)?;
    if filters.depth().checked_mul(spec.groups) != Some(input.depth()) {
        return Err(ShapeError::GroupDepthMismatch {
            input: input.depth(),
            groups: spec.groups,
            filters: filters.depth(),
        });
    }
    if spec.kernel != filters.kernel() {
        return Err(ShapeError::KernelMismatch {
            spec: spec.kernel,
            filters: filters.kernel(),
        });
    }
    let g = spec.geometry(input.height(), input.width())?;
    let direct = WindowSpec {
        kernel: spec.kernel,
        stride: Hw::square(1),
        dilation: spec.dilation,
        padding: Padding::zero(),
        rounding: Rounding::Strict,
    };
    conv2d_grouped(&stretch(input, &g)?, &flip(filters)?, &direct, spec.groups)
}

/// The filters of the transposed convolution that is the adjoint of
/// [`conv2d_grouped`]`(·, filters, spec, groups)`: for K forward
/// filters of (D₁/G) deep, D₁ filters of (K/G) deep, with weight (c, k', fy, fx) equal to the
/// forward weight (g·K/G + k', c − g·D₁/G, fy, fx), g = c / (D₁/G), and zero biases. With the
/// same stride, padding and dilation, and the output padding that restores the input size,
/// `⟨conv(x), y⟩ = ⟨x, conv_transpose(y)⟩` for every x and y: the transposed convolution is
/// the convolution's gradient with respect to its input.
///
/// Errors: [`ShapeError::ZeroSize`] or [`ShapeError::GroupsDoNotDivide`] for the filter
/// count; [`ShapeError::Overflow`].
pub fn adjoint_filters(filters: &FilterBank, groups: usize) -> Result<FilterBank, ShapeError> {
    check_groups(filters.count(), filters.count(), groups)?;
    let dg = filters.depth();
    let kg = filters.count() / groups;
    FilterBank::from_fn(
        dg * groups,
        kg,
        filters.height(),
        filters.width(),
        |c, k, fy, fx| {
            let g = c / dg;
            filters
                .weight(g * kg + k, c - g * dg, fy, fx)
                .unwrap_or(0.0)
        },
        |_| 0.0,
    )
}

/// One stamp of the scatter view: input cell (`channel`, row, column) times weight (`fy`,
/// `fx`) of a filter, added into one output cell.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stamp {
    /// The input channel.
    pub channel: usize,
    /// Filter row (not rotated: the scatter view uses the filter as stored).
    pub fy: usize,
    /// Filter column.
    pub fx: usize,
    /// The output cell (row, column) written, or `None` when the padding trims it away.
    pub out: Option<(usize, usize)>,
    /// The untrimmed output coordinate, `i·S + f·d` per axis (the trimmed output starts at
    /// (Plo, Plo) of it).
    pub full: (usize, usize),
    /// The input value.
    pub input: f32,
    /// The weight.
    pub weight: f32,
    /// `input · weight`.
    pub product: f32,
}

/// What one input cell adds to one output map in the scatter view.
#[derive(Clone, Debug, PartialEq)]
pub struct ScatterTrace {
    /// The output map (filter) k.
    pub filter: usize,
    /// Input row.
    pub row: usize,
    /// Input column.
    pub col: usize,
    /// One stamp per channel of the filter's group and per weight, channel-major then
    /// row-major over the filter.
    pub stamps: Vec<Stamp>,
}

/// The scatter view of one input position (`row`, `col`) for output map `filter`: every
/// channel of the filter's group multiplies its value there by the whole filter slice, and
/// each product lands on output `(row·Sh + fy·dh − top, col·Sw + fx·dw − left)` unless the
/// padding trims it. Summing the stamps of every input position, plus the bias, gives the
/// output of [`conv_transpose2d`] (up to the order of the float additions).
///
/// Errors: the group errors of [`conv_transpose2d`]; [`ShapeError::DataLength`] if `g` was
/// planned for another input size; [`ShapeError::OutOfRange`] for the "filter", "input row"
/// or "input column".
pub fn scatter_trace(
    input: &Volume,
    filters: &FilterBank,
    g: &TransposeGeometry,
    groups: usize,
    filter: usize,
    row: usize,
    col: usize,
) -> Result<ScatterTrace, ShapeError> {
    check_groups(input.depth(), filters.count(), groups)?;
    if filters.depth().checked_mul(groups) != Some(input.depth()) {
        return Err(ShapeError::GroupDepthMismatch {
            input: input.depth(),
            groups,
            filters: filters.depth(),
        });
    }
    if (g.rows.input, g.cols.input) != (input.height(), input.width()) {
        return Err(ShapeError::DataLength {
            what: "geometry's input size",
            expected: input.height().saturating_mul(input.width()),
            got: g.rows.input.saturating_mul(g.cols.input),
        });
    }
    for (what, index, len) in [
        ("filter", filter, filters.count()),
        ("input row", row, input.height()),
        ("input column", col, input.width()),
    ] {
        if index >= len {
            return Err(ShapeError::OutOfRange { what, index, len });
        }
    }
    let (dg, kg) = (filters.depth(), filters.count() / groups);
    let first = filter / kg * dg;
    let mut stamps = Vec::new();
    for c in 0..dg {
        let x = input.get(first + c, row, col).unwrap_or(0.0);
        for fy in 0..filters.height() {
            for fx in 0..filters.width() {
                let w = filters.weight(filter, c, fy, fx).unwrap_or(0.0);
                let full = (
                    row * g.rows.stride + fy * g.rows.dilation,
                    col * g.cols.stride + fx * g.cols.dilation,
                );
                stamps.push(Stamp {
                    channel: first + c,
                    fy,
                    fx,
                    out: g.rows.scatter(row, fy).zip(g.cols.scatter(col, fx)),
                    full,
                    input: x,
                    weight: w,
                    product: x * w,
                });
            }
        }
    }
    Ok(ScatterTrace {
        filter,
        row,
        col,
        stamps,
    })
}
