//! The CNN core: output-size arithmetic, convolution (grouped and transposed too), ReLU,
//! max pooling, fully connected layers, parameter counts and per-position traces for the
//! animation, and a bank of classic image filters ([`filters`]). Std only.
//!
//! # Conventions
//!
//! - A [`Volume`] is depth × height × width, stored row-major as `f32` (CHW): the value at
//!   channel `c`, row `y`, column `x` is `data[(c·H + y)·W + x]`.
//! - A [`FilterBank`] holds K filters of D × Fh × Fw weights (same layout, filter-major) plus
//!   K biases. A filter always spans the full input depth (D = input depth).
//! - [`Padding`] is (top, left, bottom, right); the padding may be asymmetric.
//! - Stride and dilation are given per axis ([`Hw`]). Dilation 1 is a contiguous filter
//!   (PyTorch, Torch7 and conv_arithmetic count this way); the CS231n notes call the same
//!   thing "dilation 0". The effective extent of a filter is `span = dilation·(F − 1) + 1`.
//! - The operation is cross-correlation (the filter is not flipped), as in every framework.
//! - How a non-integer `(N + Plo + Phi − span)/S + 1` is handled is the [`Rounding`]: the
//!   lecture's [`Rounding::Strict`] rejects it, the frameworks floor, ceil or pad "SAME".
//!
//! No function here panics, whatever its inputs: sizes use checked arithmetic and report
//! [`ShapeError::Overflow`], and allocations that cannot be made report the same error.

pub mod activation;
pub mod conv;
pub mod cost;
pub mod dense;
mod direct;
pub mod error;
pub mod filters;
pub mod geometry;
pub mod groups;
mod lanes;
pub mod pool;
pub mod rng;
pub mod trace;
pub mod transpose;
pub mod volume;

pub use activation::relu;
pub use conv::{conv2d, conv2d_reference};
pub use cost::{conv_cost, conv_cost_grouped, dense_params, ConvCost};
pub use dense::Dense;
pub use error::{GroupCount, NotFit, ShapeError};
pub use filters::{conv_map, FilterKind};
pub use geometry::{plan_axis, span, Axis, AxisPlan, Geometry, Hw, Padding, Rounding, WindowSpec};
pub use groups::{check_groups, conv2d_grouped, conv_trace_grouped, group_of};
pub use pool::{
    check_pool_geometry, check_pool_padding, max_pool2d, max_pool2d_reference, max_pool2d_values,
    Pooled,
};
pub use rng::SplitMix64;
pub use trace::{conv_trace, pool_trace, ChannelTrace, ConvTrace, PoolCell, PoolTrace, Tap};
pub use transpose::{
    adjoint_filters, conv_transpose2d, flip, plan_transpose_axis, scatter_trace, stretch,
    DirectCell, ScatterTrace, Stamp, TransposeAxis, TransposeGeometry, TransposeSpec,
};
pub use volume::{FilterBank, Volume};
