//! Output-size arithmetic: where every window of a conv or pooling layer sits.
//!
//! One axis at a time ([`plan_axis`]): given the input length N, the kernel F, stride S,
//! dilation d and padding (Plo, Phi), the effective kernel extent is
//! `span = d·(F − 1) + 1` and the number of outputs is `(N + Plo + Phi − span)/S + 1`,
//! made whole according to a [`Rounding`].

use std::fmt;

use super::error::{NotFit, ShapeError};

/// How a non-integer `(N + Plo + Phi − span)/S + 1` becomes a whole number of outputs.
///
/// `span = dilation·(F − 1) + 1` is the effective kernel extent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Rounding {
    /// The lecture's rule: a non-integer result is an error ([`ShapeError::DoesNotFit`]).
    #[default]
    Strict,
    /// Torch7, PyTorch and Caffe convolution: `O = ⌊(N + Plo + Phi − span)/S⌋ + 1`.
    /// The last rows/columns of the padded input may never be reached
    /// ([`AxisPlan::unreached`]).
    Floor,
    /// PyTorch `ceil_mode` (and Caffe pooling): `O = ⌈(N + Plo + Phi − span)/S⌉ + 1`, then
    /// `O −= 1` once if `(O − 1)·S ≥ N + Plo`, i.e. if the last window would start in the
    /// bottom/right padding. The last window may run past the padded input; those taps read
    /// as padding ([`AxisPlan::overhang`]). As in PyTorch the correction is applied once, so
    /// with a bottom/right padding of a whole stride or more (possible for conv only; pooling
    /// requires padding < span) a window can still start in that padding.
    Ceil,
    /// TensorFlow `SAME` / ONNX `SAME_UPPER`: `O = ⌈N/S⌉`, total padding
    /// `max((O − 1)·S + span − N, 0)`, `Plo = ⌊total/2⌋`, `Phi = total − Plo` (the odd one goes
    /// bottom/right). The padding given in the [`WindowSpec`] (or to [`plan_axis`]) is
    /// **ignored**; the computed one is in the [`AxisPlan`].
    Same,
}

/// Zero padding around the input, in cells: (top, left, bottom, right).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Padding {
    /// Rows added above the input.
    pub top: usize,
    /// Columns added left of the input.
    pub left: usize,
    /// Rows added below the input.
    pub bottom: usize,
    /// Columns added right of the input.
    pub right: usize,
}

impl Padding {
    /// The same padding `p` on all four sides (the lecture's P).
    pub const fn uniform(p: usize) -> Self {
        Padding {
            top: p,
            left: p,
            bottom: p,
            right: p,
        }
    }

    /// No padding.
    pub const fn zero() -> Self {
        Self::uniform(0)
    }
}

/// A height and a width (a size, a stride or a dilation per axis).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Hw {
    /// Along the height (rows).
    pub h: usize,
    /// Along the width (columns).
    pub w: usize,
}

impl Hw {
    /// `h` rows by `w` columns.
    pub const fn new(h: usize, w: usize) -> Self {
        Hw { h, w }
    }

    /// The same value `n` on both axes.
    pub const fn square(n: usize) -> Self {
        Hw { h: n, w: n }
    }
}

/// One spatial axis of a volume.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Axis {
    /// The vertical axis (rows). Displays as "height".
    Height,
    /// The horizontal axis (columns). Displays as "width".
    Width,
}

impl Axis {
    /// What one cell along this axis is called: "row" for the height, "column" for the width.
    pub fn noun(self) -> &'static str {
        match self {
            Axis::Height => "row",
            Axis::Width => "column",
        }
    }
}

impl fmt::Display for Axis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Axis::Height => "height",
            Axis::Width => "width",
        })
    }
}

/// The hyperparameters of a sliding window (conv filter or pooling window).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct WindowSpec {
    /// Kernel size Fh × Fw (for conv it must equal the filters' size).
    pub kernel: Hw,
    /// Step between windows, per axis (≥ 1).
    pub stride: Hw,
    /// Distance between taps, per axis: 1 is a contiguous filter (CS231n's "dilation 0").
    pub dilation: Hw,
    /// Zero padding (ignored under [`Rounding::Same`], which computes its own).
    pub padding: Padding,
    /// How a non-integer output size is handled.
    pub rounding: Rounding,
}

impl WindowSpec {
    /// Square kernel f, stride s, uniform padding p, dilation 1, Strict.
    pub const fn square(f: usize, s: usize, p: usize) -> Self {
        WindowSpec {
            kernel: Hw::square(f),
            stride: Hw::square(s),
            dilation: Hw::square(1),
            padding: Padding::uniform(p),
            rounding: Rounding::Strict,
        }
    }

    /// The same spec with another rounding.
    pub const fn with_rounding(self, r: Rounding) -> Self {
        WindowSpec {
            rounding: r,
            ..self
        }
    }

    /// Plans both axes of an `in_h` × `in_w` input ([`plan_axis`] on the height, then on the
    /// width, so a height error is reported first).
    ///
    /// Also fails with [`ShapeError::Overflow`] if `out_h·out_w` does not fit a `usize`.
    pub fn geometry(&self, in_h: usize, in_w: usize) -> Result<Geometry, ShapeError> {
        let rows = plan_axis(
            Axis::Height,
            in_h,
            self.kernel.h,
            self.stride.h,
            self.dilation.h,
            self.padding.top,
            self.padding.bottom,
            self.rounding,
        )?;
        let cols = plan_axis(
            Axis::Width,
            in_w,
            self.kernel.w,
            self.stride.w,
            self.dilation.w,
            self.padding.left,
            self.padding.right,
            self.rounding,
        )?;
        rows.output
            .checked_mul(cols.output)
            .ok_or(ShapeError::Overflow {
                what: "number of output positions",
            })?;
        Ok(Geometry { rows, cols })
    }
}

/// Where the windows sit along one axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AxisPlan {
    /// Input length N along this axis.
    pub input: usize,
    /// Kernel size F along this axis.
    pub kernel: usize,
    /// Stride S (≥ 1).
    pub stride: usize,
    /// Dilation d (≥ 1; 1 is contiguous).
    pub dilation: usize,
    /// Effective padding before the input (top or left); under Same, the computed one.
    pub pad_lo: usize,
    /// Effective padding after the input (bottom or right); under Same, the computed one.
    pub pad_hi: usize,
    /// Effective kernel extent `dilation·(kernel − 1) + 1`.
    pub span: usize,
    /// Number of outputs O along this axis (≥ 1).
    pub output: usize,
    /// Cells at the end of the padded axis (`input + pad_lo + pad_hi`) that no window covers
    /// (Floor drops them); 0 when the windows fit exactly.
    pub unreached: usize,
    /// Cells beyond the padded axis that the last window reads (Ceil only); they read as
    /// padding.
    pub overhang: usize,
}

/// `a·b − c + d` in wide arithmetic, saturated to the `isize` range.
fn signed_coord(a: usize, b: usize, c: usize, d: i128) -> isize {
    let v = (a as i128)
        .saturating_mul(b as i128)
        .saturating_sub(c as i128)
        .saturating_add(d);
    // Only axes longer than isize::MAX (which no volume can have) saturate.
    isize::try_from(v).unwrap_or(if v < 0 { isize::MIN } else { isize::MAX })
}

impl AxisPlan {
    /// Length of the padded axis, `input + pad_lo + pad_hi` (saturating; a plan made by
    /// [`plan_axis`] never saturates).
    pub fn padded(&self) -> usize {
        self.input
            .saturating_add(self.pad_lo)
            .saturating_add(self.pad_hi)
    }

    /// Input coordinate of output `o`'s first tap, `o·stride − pad_lo`: negative inside the
    /// top/left padding. Saturates at the `isize` bounds.
    pub fn start(&self, o: usize) -> isize {
        signed_coord(o, self.stride, self.pad_lo, 0)
    }

    /// Input coordinate of tap `f` of output `o`, `start(o) + f·dilation`. Outside
    /// `0..input` it lies in the padding (or the Ceil overhang). Saturates at the `isize`
    /// bounds.
    pub fn tap(&self, o: usize, f: usize) -> isize {
        let offset = (f as i128).saturating_mul(self.dilation as i128);
        signed_coord(o, self.stride, self.pad_lo, offset)
    }

    /// Which output and tap read the cell at `padded` (a coordinate along the padded axis,
    /// 0 = the first padding cell): every `(o, f)` with `o·stride + f·dilation = padded`.
    /// This is the cell's "fan-out": the outputs it contributes to, and through which
    /// filter tap. Empty for a cell no window reaches.
    pub fn readers(&self, padded: usize) -> Vec<(usize, usize)> {
        (0..self.kernel)
            .filter_map(|f| {
                let offset = f.checked_mul(self.dilation)?;
                let from = padded.checked_sub(offset)?;
                (from % self.stride == 0 && from / self.stride < self.output)
                    .then_some((from / self.stride, f))
            })
            .collect()
    }
}

/// `⌈a / b⌉` for `b ≥ 1`, without the overflow of `(a + b − 1)/b`.
fn div_ceil(a: usize, b: usize) -> usize {
    a / b + usize::from(!a.is_multiple_of(b))
}

/// The effective extent of a kernel of `kernel` taps at `dilation`: `dilation·(kernel − 1) + 1`.
/// `None` for a zero kernel or on overflow.
pub fn span(kernel: usize, dilation: usize) -> Option<usize> {
    kernel.checked_sub(1)?.checked_mul(dilation)?.checked_add(1)
}

/// Plans one axis: span, effective padding, output count, unreached and overhang cells.
///
/// `axis` only names the axis in errors. Under [`Rounding::Same`], `pad_lo` and `pad_hi` are
/// ignored and computed instead.
///
/// Checks, in this order: `input` 0 → [`ShapeError::ZeroSize`]; `kernel` 0 →
/// [`ShapeError::ZeroSize`]; `stride` 0 → [`ShapeError::ZeroStride`]; `dilation` 0 →
/// [`ShapeError::ZeroDilation`]; arithmetic overflow → [`ShapeError::Overflow`];
/// span larger than the padded input → [`ShapeError::KernelTooLarge`]; under Strict, a
/// non-integer output → [`ShapeError::DoesNotFit`] (with suggested paddings and strides).
#[allow(clippy::too_many_arguments)] // the signature mirrors the formula's eight quantities
pub fn plan_axis(
    axis: Axis,
    input: usize,
    kernel: usize,
    stride: usize,
    dilation: usize,
    pad_lo: usize,
    pad_hi: usize,
    rounding: Rounding,
) -> Result<AxisPlan, ShapeError> {
    let (input_name, kernel_name, padded_name, output_name) = match axis {
        Axis::Height => (
            "input height",
            "filter height",
            "padded input height",
            "output height",
        ),
        Axis::Width => (
            "input width",
            "filter width",
            "padded input width",
            "output width",
        ),
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
    let overflow = |what| ShapeError::Overflow { what };
    let span = span(kernel, dilation).ok_or(overflow("filter span"))?;

    let (lo, hi) = if rounding == Rounding::Same {
        // The last of ⌈N/S⌉ windows must end at the padded edge.
        let last_end = (div_ceil(input, stride) - 1)
            .checked_mul(stride)
            .and_then(|v| v.checked_add(span))
            .ok_or(overflow("SAME padding"))?;
        let total = last_end.saturating_sub(input);
        (total / 2, total - total / 2)
    } else {
        (pad_lo, pad_hi)
    };
    let padded = input
        .checked_add(lo)
        .and_then(|v| v.checked_add(hi))
        .ok_or(overflow(padded_name))?;
    if span > padded {
        return Err(ShapeError::KernelTooLarge { axis, span, padded });
    }
    let numerator = padded - span;
    let remainder = numerator % stride;
    // numerator ≤ usize::MAX − 1 because span ≥ 1, so the + 1 cannot overflow; checked anyway.
    let floor_out = (numerator / stride)
        .checked_add(1)
        .ok_or(overflow(output_name))?;
    let output = match rounding {
        Rounding::Strict if remainder != 0 => {
            return Err(ShapeError::DoesNotFit(NotFit::new(
                axis, input, span, stride, lo, hi, numerator, remainder,
            )));
        }
        Rounding::Strict | Rounding::Floor => floor_out,
        Rounding::Ceil => {
            let out = if remainder == 0 {
                floor_out
            } else {
                floor_out.checked_add(1).ok_or(overflow(output_name))?
            };
            let last_start = (out - 1)
                .checked_mul(stride)
                .ok_or(overflow("last window position"))?;
            // input + lo ≤ padded, so this sum cannot overflow.
            if out > 1 && last_start >= input.saturating_add(lo) {
                out - 1
            } else {
                out
            }
        }
        Rounding::Same => div_ceil(input, stride),
    };
    let last_end = (output - 1)
        .checked_mul(stride)
        .and_then(|v| v.checked_add(span))
        .ok_or(overflow("last window position"))?;
    let (unreached, overhang) = if last_end >= padded {
        (0, last_end - padded)
    } else {
        (padded - last_end, 0)
    };
    Ok(AxisPlan {
        input,
        kernel,
        stride,
        dilation,
        pad_lo: lo,
        pad_hi: hi,
        span,
        output,
        unreached,
        overhang,
    })
}

/// The planned windows of a 2-D layer: one [`AxisPlan`] per axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Geometry {
    /// The height axis (output rows).
    pub rows: AxisPlan,
    /// The width axis (output columns).
    pub cols: AxisPlan,
}

impl Geometry {
    /// Output height (number of window positions down).
    pub fn out_h(&self) -> usize {
        self.rows.output
    }

    /// Output width (number of window positions across).
    pub fn out_w(&self) -> usize {
        self.cols.output
    }

    /// Number of window positions, `out_h·out_w` (saturating; never saturates for a geometry
    /// made by [`WindowSpec::geometry`]).
    pub fn positions(&self) -> usize {
        self.rows.output.saturating_mul(self.cols.output)
    }

    /// The effective padding (under Same, the computed one).
    pub fn padding(&self) -> Padding {
        Padding {
            top: self.rows.pad_lo,
            left: self.cols.pad_lo,
            bottom: self.rows.pad_hi,
            right: self.cols.pad_hi,
        }
    }

    /// Checks that this geometry was planned for an `in_h` × `in_w` input and is one that
    /// [`plan_axis`] produces (its fields are public, so it could be made by hand).
    pub(crate) fn validate(&self, in_h: usize, in_w: usize) -> Result<(), ShapeError> {
        for (plan, axis, in_len, what) in [
            (&self.rows, Axis::Height, in_h, "geometry's input height"),
            (&self.cols, Axis::Width, in_w, "geometry's input width"),
        ] {
            if plan.input != in_len {
                return Err(ShapeError::DataLength {
                    what,
                    expected: in_len,
                    got: plan.input,
                });
            }
            let replan = |r| {
                plan_axis(
                    axis,
                    plan.input,
                    plan.kernel,
                    plan.stride,
                    plan.dilation,
                    plan.pad_lo,
                    plan.pad_hi,
                    r,
                )
            };
            let rounds = [
                Rounding::Floor,
                Rounding::Ceil,
                Rounding::Same,
                Rounding::Strict,
            ];
            if !rounds.iter().any(|&r| replan(r).as_ref() == Ok(plan)) {
                // Report why it cannot be planned, or else that its output count is off.
                let floor = replan(Rounding::Floor)?;
                return Err(ShapeError::DataLength {
                    what: match axis {
                        Axis::Height => "geometry's output height",
                        Axis::Width => "geometry's output width",
                    },
                    expected: floor.output,
                    got: plan.output,
                });
            }
        }
        Ok(())
    }
}
