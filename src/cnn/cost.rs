//! Parameter, compute and memory counts of layers (the lecture's "number of parameters").

use super::error::ShapeError;
use super::geometry::Hw;

/// What a conv layer costs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConvCost {
    /// `Fh·Fw·D1` weights in one filter.
    pub weights_per_filter: u64,
    /// `(Fh·Fw·D1)·K` weights in all.
    pub weights: u64,
    /// K biases (0 without bias).
    pub biases: u64,
    /// `weights + biases` (32×32×3, ten 5×5 filters: 760).
    pub params: u64,
    /// Multiply-accumulates of one forward pass, `weights_per_filter·out_h·out_w·K`.
    pub macs: u64,
    /// Output values, `out_h·out_w·K`.
    pub output_elems: u64,
    /// Output memory, `output_elems·4` bytes (f32).
    pub output_bytes: u64,
}

/// `v` as a u64, or Overflow (only on targets with usize wider than 64 bits).
fn wide(v: usize, what: &'static str) -> Result<u64, ShapeError> {
    u64::try_from(v).map_err(|_| ShapeError::Overflow { what })
}

/// `a·b` or Overflow.
fn mul(a: u64, b: u64, what: &'static str) -> Result<u64, ShapeError> {
    a.checked_mul(b).ok_or(ShapeError::Overflow { what })
}

/// Checks a size is at least 1 and widens it.
fn size(v: usize, what: &'static str) -> Result<u64, ShapeError> {
    if v == 0 {
        return Err(ShapeError::ZeroSize { what });
    }
    wide(v, what)
}

/// The cost of a conv layer with `filters` (K) filters of `kernel` over an input of depth
/// `in_depth` (D1), producing `out` positions: `(Fh·Fw·D1)·K` weights, K biases (0 when
/// `bias` is false), MACs `= weights_per_filter·out_h·out_w·K`, output elements
/// `out_h·out_w·K`, bytes `= elements·4` (f32).
///
/// Errors: [`ShapeError::ZeroSize`] for any 0 ("input depth", "filter count",
/// "filter height", "filter width", "output height", "output width");
/// [`ShapeError::Overflow`] if a count does not fit a u64.
pub fn conv_cost(
    in_depth: usize,
    filters: usize,
    kernel: Hw,
    out: Hw,
    bias: bool,
) -> Result<ConvCost, ShapeError> {
    conv_cost_grouped(in_depth, filters, 1, kernel, out, bias)
}

/// The cost of a grouped conv layer: as [`conv_cost`], but each filter spans only D1/G
/// channels, so `weights_per_filter = Fh·Fw·(D1/G)` and the layer has `Fh·Fw·(D1/G)·K + K`
/// parameters (a depthwise 3×3 layer on 32 channels: 3·3·1·32 + 32 = 320).
///
/// Errors: those of [`conv_cost`], and those of [`check_groups`](super::check_groups).
pub fn conv_cost_grouped(
    in_depth: usize,
    filters: usize,
    groups: usize,
    kernel: Hw,
    out: Hw,
    bias: bool,
) -> Result<ConvCost, ShapeError> {
    size(in_depth, "input depth")?;
    size(filters, "filter count")?;
    super::groups::check_groups(in_depth, filters, groups)?;
    let d = size(in_depth / groups, "input depth")?;
    let k = size(filters, "filter count")?;
    let fh = size(kernel.h, "filter height")?;
    let fw = size(kernel.w, "filter width")?;
    let oh = size(out.h, "output height")?;
    let ow = size(out.w, "output width")?;
    let weights_per_filter = mul(mul(fh, fw, "weights per filter")?, d, "weights per filter")?;
    let weights = mul(weights_per_filter, k, "number of weights")?;
    let biases = if bias { k } else { 0 };
    let params = weights.checked_add(biases).ok_or(ShapeError::Overflow {
        what: "number of parameters",
    })?;
    let output_elems = mul(mul(oh, ow, "output size")?, k, "output size")?;
    let macs = mul(weights_per_filter, output_elems, "number of multiply-adds")?;
    let output_bytes = mul(output_elems, 4, "output memory")?;
    Ok(ConvCost {
        weights_per_filter,
        weights,
        biases,
        params,
        macs,
        output_elems,
        output_bytes,
    })
}

/// Parameters of an FC layer, `inputs·outputs + outputs` (32×32×3 → 10: 30,730).
///
/// Errors: [`ShapeError::ZeroSize`] ("FC inputs", "FC outputs"), [`ShapeError::Overflow`].
pub fn dense_params(inputs: usize, outputs: usize) -> Result<u64, ShapeError> {
    let i = size(inputs, "FC inputs")?;
    let o = size(outputs, "FC outputs")?;
    mul(i, o, "number of FC parameters")?
        .checked_add(o)
        .ok_or(ShapeError::Overflow {
            what: "number of FC parameters",
        })
}
