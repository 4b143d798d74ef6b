//! Elementwise activations.

use super::volume::Volume;

/// ReLU, `max(0, x)` elementwise; same shape as the input.
///
/// Negative values and −0.0 become +0.0; NaN stays NaN (it is passed through rather than
/// hidden, so a broken value stays visible).
pub fn relu(input: &Volume) -> Volume {
    input.map(|x| if x.is_nan() || x > 0.0 { x } else { 0.0 })
}
