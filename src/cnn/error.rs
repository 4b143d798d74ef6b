//! Why a layer cannot be built: [`ShapeError`], whose `Display` is a sentence for a student
//! with the numbers filled in.

use std::fmt;

use super::geometry::{Axis, Hw};

/// Everything that can be wrong with a layer's shapes or data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShapeError {
    /// A size that must be at least 1 is 0; `what` names it ("input height", "filter width",
    /// "filter count", "volume depth", "FC inputs", …).
    ZeroSize {
        /// The size that is 0.
        what: &'static str,
    },
    /// A stride of 0: the window would never move.
    ZeroStride {
        /// The axis with stride 0.
        axis: Axis,
    },
    /// A dilation of 0 (the contiguous filter is dilation 1 here).
    ZeroDilation {
        /// The axis with dilation 0.
        axis: Axis,
    },
    /// The filter's span is larger than the padded input along `axis`.
    KernelTooLarge {
        /// The axis.
        axis: Axis,
        /// The filter's effective extent `dilation·(F − 1) + 1`.
        span: usize,
        /// `input + pad_lo + pad_hi`.
        padded: usize,
    },
    /// Under [`Rounding::Strict`](super::Rounding::Strict), the windows do not fit a whole
    /// number of times.
    DoesNotFit(NotFit),
    /// The filters' depth differs from the input's depth.
    DepthMismatch {
        /// The input's depth.
        input: usize,
        /// The filters' depth.
        filters: usize,
    },
    /// The spec's kernel size differs from the filters' size.
    KernelMismatch {
        /// The kernel size in the [`WindowSpec`](super::WindowSpec) or geometry.
        spec: Hw,
        /// The filters' height × width.
        filters: Hw,
    },
    /// A buffer or count has the wrong length; `what` names it.
    DataLength {
        /// What has the wrong length ("input values", "filter weights", "FC input", …).
        what: &'static str,
        /// The length required.
        expected: usize,
        /// The length given.
        got: usize,
    },
    /// A size is too large to compute (or to allocate); `what` names it.
    Overflow {
        /// The quantity that overflowed.
        what: &'static str,
    },
    /// A pooling pad is not smaller than the window's span, so an edge window could hold
    /// only padding. (PyTorch is stricter: pad ≤ kernel/2.)
    PoolPaddingTooLarge {
        /// The axis.
        axis: Axis,
        /// The offending pad (top/bottom or left/right).
        pad: usize,
        /// The window's span.
        span: usize,
    },
    /// The pooling window at output (`row`, `col`) reads only padding, so it has no maximum
    /// (possible with dilation or a Ceil/Same overhang).
    WindowAllPadding {
        /// Output row of the first such window (row-major).
        row: usize,
        /// Output column of that window.
        col: usize,
    },
    /// A number of groups that does not divide the input depth or the filter count, so the
    /// channels (or the filters) cannot be split into equal groups.
    GroupsDoNotDivide {
        /// Which count: [`GroupCount::InputDepth`] or [`GroupCount::Filters`].
        what: GroupCount,
        /// That count (D₁ or K).
        value: usize,
        /// The number of groups G.
        groups: usize,
    },
    /// Grouped filters whose depth is not D₁/G.
    GroupDepthMismatch {
        /// The input depth D₁.
        input: usize,
        /// The number of groups G.
        groups: usize,
        /// The filters' depth.
        filters: usize,
    },
    /// A transposed convolution's output padding `a` is neither smaller than the stride nor
    /// smaller than the dilation (PyTorch's rule; Torch7's `adjW < dW`).
    OutputPaddingTooLarge {
        /// The axis.
        axis: Axis,
        /// The output padding a.
        output_padding: usize,
        /// The stride S.
        stride: usize,
        /// The dilation d.
        dilation: usize,
    },
    /// A transposed convolution whose padding trims away its whole output:
    /// `(N − 1)·S + span + a ≤ Plo + Phi`.
    TransposeNoOutput {
        /// The axis.
        axis: Axis,
        /// `(N − 1)·S + span + a`, the output before the padding trims it.
        full: usize,
        /// `Plo + Phi`, what the padding trims.
        trimmed: usize,
    },
    /// An index (filter, channel, output row or column) is out of range.
    OutOfRange {
        /// What was indexed ("filter", "channel", "output row", "output column").
        what: &'static str,
        /// The index given.
        index: usize,
        /// The number of valid indices.
        len: usize,
    },
}

/// Which count a number of groups must divide.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GroupCount {
    /// The input depth D₁ (each group takes D₁/G channels).
    InputDepth,
    /// The number of filters K (each group has K/G filters).
    Filters,
}

/// Why the windows do not fit under the lecture's rule, with what would fit instead.
///
/// For the axis: `(input + pad_lo + pad_hi − span) / stride + 1` is not a whole number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotFit {
    /// The axis that does not fit.
    pub axis: Axis,
    /// Input length N.
    pub input: usize,
    /// Effective kernel extent `dilation·(F − 1) + 1`.
    pub span: usize,
    /// Stride S.
    pub stride: usize,
    /// Padding before the input (top/left).
    pub pad_lo: usize,
    /// Padding after the input (bottom/right).
    pub pad_hi: usize,
    /// `input + pad_lo + pad_hi − span`.
    pub numerator: usize,
    /// `numerator % stride` (> 0).
    pub remainder: usize,
    /// Padded cells at the bottom/right that the last window does not reach (= remainder).
    pub unreached: usize,
    /// Up to 4 smallest symmetric paddings P < span with `(input + 2P − span) % stride == 0`
    /// and `input + 2P ≥ span` (may be empty: e.g. an odd `input − span` never fits an even
    /// stride with symmetric padding). A padding of a whole span or more would leave windows
    /// at the edges reading only zeros (and pooling refuses it), so it is no advice.
    pub fitting_paddings: Vec<usize>,
    /// Up to 6 smallest strides S' ≤ numerator that divide `numerator` (1 always does), so
    /// that the current padding fits. Divisors are searched up to 4096; `numerator` itself
    /// is added when fewer were found.
    pub fitting_strides: Vec<usize>,
}

/// Largest candidate stride tried by trial division in [`NotFit::fitting_strides`].
const STRIDE_SEARCH: usize = 4096;

impl NotFit {
    /// Builds the explanation and its suggestions. `remainder` must be `numerator % stride`.
    #[allow(clippy::too_many_arguments)] // every field of the explanation
    pub(crate) fn new(
        axis: Axis,
        input: usize,
        span: usize,
        stride: usize,
        pad_lo: usize,
        pad_hi: usize,
        numerator: usize,
        remainder: usize,
    ) -> Self {
        NotFit {
            axis,
            input,
            span,
            stride,
            pad_lo,
            pad_hi,
            numerator,
            remainder,
            unreached: remainder,
            fitting_paddings: fitting_paddings(input, span, stride),
            fitting_strides: fitting_strides(numerator),
        }
    }

    /// The non-integer output `numerator/stride + 1`.
    pub fn exact_output(&self) -> f64 {
        self.numerator as f64 / self.stride.max(1) as f64 + 1.0
    }

    /// The non-integer output as the sentence writes it: two decimals, more when two would
    /// make it look whole ("2.33", "100.999").
    pub fn exact_output_text(&self) -> String {
        let stride = self.stride.max(1);
        decimal(self.numerator / stride + 1, self.remainder, stride)
    }
}

/// Up to 4 smallest symmetric paddings below the span that fit; solved arithmetically (no
/// search loop), in u128 so that no usize input can overflow.
fn fitting_paddings(input: usize, span: usize, stride: usize) -> Vec<usize> {
    let (n, f, s) = (input as u128, span as u128, stride.max(1) as u128);
    let limit = f.saturating_sub(1);
    // We need 2P ≡ r (mod s) with r = (span − input) mod s.
    let r = (f % s + s - n % s) % s;
    let (p0, period) = if s % 2 == 1 {
        // 2 is invertible modulo an odd s: its inverse is (s + 1)/2.
        ((r * s.div_ceil(2)) % s, s)
    } else if r % 2 == 0 {
        ((r / 2) % (s / 2), s / 2)
    } else {
        return Vec::new();
    };
    // And input + 2P ≥ span.
    let p_min = f.saturating_sub(n).div_ceil(2);
    let mut p = if p0 >= p_min {
        p0
    } else {
        p0 + (p_min - p0).div_ceil(period) * period
    };
    let mut out = Vec::new();
    while out.len() < 4 && p <= limit {
        match usize::try_from(p) {
            // Only suggest paddings whose padded size is itself representable.
            Ok(pu) if n + 2 * p <= usize::MAX as u128 => out.push(pu),
            _ => break,
        }
        p += period;
    }
    out
}

/// Up to 6 smallest divisors of `numerator` (≥ 1).
fn fitting_strides(numerator: usize) -> Vec<usize> {
    let n = numerator.max(1);
    let mut out: Vec<usize> = (1..=n.min(STRIDE_SEARCH))
        .filter(|&d| n.is_multiple_of(d))
        .take(6)
        .collect();
    if out.len() < 6 && n > STRIDE_SEARCH {
        out.push(n);
    }
    out
}

/// `q + num/den` as a decimal for a student: two decimals, or more when two would make it
/// look whole; trailing zeros dropped. `0 < num < den`.
fn decimal(q: usize, num: usize, den: usize) -> String {
    let (num, den) = (num as u128, den.max(1) as u128);
    let mut scale: u128 = 1;
    for digits in 1..=18u32 {
        scale *= 10;
        let rounded = (num * scale * 2 + den) / (den * 2);
        if digits >= 2 && rounded != 0 && rounded != scale {
            // `rounded ≤ scale ≤ 10^18` fits a u64, whose formatting the page has already.
            let frac = format!("{:0width$}", rounded as u64, width = digits as usize);
            return format!("{q}.{}", frac.trim_end_matches('0'));
        }
    }
    // Closer to a whole number than 18 digits can show: truncate instead of rounding.
    let frac = format!("{:018}", (num * scale / den) as u64);
    format!("{q}.{}", frac.trim_end_matches('0'))
}

/// "a", "a or b", "a, b or c".
fn or_list(items: &[usize]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => {
            let head: Vec<String> = init.iter().map(|v| v.to_string()).collect();
            format!("{} or {last}", head.join(", "))
        }
    }
}

/// "1 row", "3 rows".
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

impl fmt::Display for NotFit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pads = if self.pad_lo == self.pad_hi {
            format!("2·{}", self.pad_lo)
        } else {
            format!("{} + {}", self.pad_lo, self.pad_hi)
        };
        let exact = self.exact_output_text();
        write!(
            f,
            "({} − {} + {pads}) / {} + 1 = {exact} is not a whole number: along the {}, \
             the windows never reach the last {} of the padded input.",
            self.input,
            self.span,
            self.stride,
            self.axis,
            count(self.unreached, self.axis.noun()),
        )?;
        // Stride 1 always fits, so there is always a stride to suggest.
        let strides = or_list(&self.fitting_strides);
        if self.fitting_paddings.is_empty() {
            write!(
                f,
                " No equal padding on both sides fits stride {}, but stride S = {strides} would.",
                self.stride
            )
        } else {
            write!(
                f,
                " Padding P = {} would fit, as would stride S = {strides}.",
                or_list(&self.fitting_paddings)
            )
        }
    }
}

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShapeError::ZeroSize { what } => {
                write!(f, "The {what} is 0; it must be at least 1.")
            }
            ShapeError::ZeroStride { axis } => write!(
                f,
                "The {axis} stride is 0; the window must move at least 1 {} per step.",
                axis.noun()
            ),
            ShapeError::ZeroDilation { axis } => write!(
                f,
                "The {axis} dilation is 0; use 1 for a filter without gaps \
                 (what the CS231n notes call dilation 0)."
            ),
            ShapeError::KernelTooLarge { axis, span, padded } => write!(
                f,
                "The filter spans {} but the padded input has only {} along the {axis}: \
                 it is larger than the input.",
                count(*span, axis.noun()),
                count(*padded, axis.noun()),
            ),
            ShapeError::DoesNotFit(nf) => nf.fmt(f),
            ShapeError::DepthMismatch { input, filters } => write!(
                f,
                "The filters have depth {filters} but the input has depth {input}; \
                 a filter always spans the full depth of its input."
            ),
            ShapeError::KernelMismatch { spec, filters } => write!(
                f,
                "The layer expects {}×{} filters but the filters are {}×{}.",
                spec.h, spec.w, filters.h, filters.w
            ),
            ShapeError::DataLength {
                what,
                expected,
                got,
            } => write!(f, "Expected {expected} for the {what}, but got {got}."),
            ShapeError::Overflow { what } => write!(
                f,
                "The {what} is too large to compute or to hold in memory."
            ),
            ShapeError::PoolPaddingTooLarge { axis, pad, span } => write!(
                f,
                "A pooling padding of {pad} along the {axis} is not smaller than the window \
                 span {span}, so an edge window could cover only padding (PyTorch even \
                 requires padding ≤ kernel/2)."
            ),
            ShapeError::WindowAllPadding { row, col } => write!(
                f,
                "The pooling window at output row {row}, column {col} covers only padding, \
                 so it has no maximum."
            ),
            ShapeError::GroupsDoNotDivide {
                what,
                value,
                groups,
            } => match what {
                GroupCount::InputDepth => write!(
                    f,
                    "The input depth D₁ = {value} is not divisible by G = {groups}: its channels \
                     cannot be split into {groups} equal groups."
                ),
                GroupCount::Filters => write!(
                    f,
                    "K = {value} filters cannot be split into G = {groups} equal groups: K must \
                     be divisible by G as well."
                ),
            },
            ShapeError::GroupDepthMismatch {
                input,
                groups,
                filters,
            } => write!(
                f,
                "With G = {groups} groups each filter spans D₁/G = {} channels of the input's \
                 {input}, but the filters have depth {filters}.",
                input / (*groups).max(1)
            ),
            ShapeError::OutputPaddingTooLarge {
                axis,
                output_padding,
                stride,
                dilation,
            } => write!(
                f,
                "The output padding a = {output_padding} along the {axis} must be smaller than \
                 the stride S = {stride} or the dilation d = {dilation} (PyTorch's rule): it only \
                 picks which of the input sizes that a stride-{stride} convolution maps to one \
                 output size the transposed one gives back."
            ),
            ShapeError::TransposeNoOutput {
                axis,
                full,
                trimmed,
            } => write!(
                f,
                "Along the {axis}, (N − 1)·S + span + a = {} but the padding trims {}: \
                 nothing of the output is left.",
                count(*full, axis.noun()),
                count(*trimmed, axis.noun()),
            ),
            ShapeError::OutOfRange { what, index, len } => {
                if *len == 0 {
                    write!(f, "There is no {what} {index}: there are none.")
                } else {
                    write!(
                        f,
                        "There is no {what} {index}: valid ones are 0 to {}.",
                        len - 1
                    )
                }
            }
        }
    }
}

impl std::error::Error for ShapeError {}
