//! Fully connected (FC) layers.

use super::error::ShapeError;
use super::volume::{element_count, try_vec};

/// A fully connected layer: `y = W·x + b`, with W of `outputs × inputs` (row-major: weight
/// (o, i) is `weights[o·inputs + i]`) and one bias per output.
///
/// The input is a flattened volume in its CHW order ([`Volume::data`](super::Volume::data)).
#[derive(Clone, Debug, PartialEq)]
pub struct Dense {
    inputs: usize,
    outputs: usize,
    weights: Vec<f32>,
    bias: Vec<f32>,
}

impl Dense {
    /// Weight count, or ZeroSize / Overflow.
    fn weight_count(inputs: usize, outputs: usize) -> Result<usize, ShapeError> {
        element_count(
            &[(inputs, "FC inputs"), (outputs, "FC outputs")],
            "number of FC weights",
        )
    }

    /// A layer over existing weights (outputs × inputs) and biases (outputs). Errors:
    /// [`ShapeError::ZeroSize`], [`ShapeError::Overflow`], [`ShapeError::DataLength`].
    pub fn new(
        inputs: usize,
        outputs: usize,
        weights: Vec<f32>,
        bias: Vec<f32>,
    ) -> Result<Self, ShapeError> {
        let n = Self::weight_count(inputs, outputs)?;
        if weights.len() != n {
            return Err(ShapeError::DataLength {
                what: "FC weights",
                expected: n,
                got: weights.len(),
            });
        }
        if bias.len() != outputs {
            return Err(ShapeError::DataLength {
                what: "FC biases",
                expected: outputs,
                got: bias.len(),
            });
        }
        Ok(Dense {
            inputs,
            outputs,
            weights,
            bias,
        })
    }

    /// A layer with weight (out, in) = `w(out, in)` and bias out = `b(out)`, called in storage
    /// order. Errors: [`ShapeError::ZeroSize`], [`ShapeError::Overflow`].
    pub fn from_fn(
        inputs: usize,
        outputs: usize,
        mut w: impl FnMut(usize, usize) -> f32,
        b: impl FnMut(usize) -> f32,
    ) -> Result<Self, ShapeError> {
        let n = Self::weight_count(inputs, outputs)?;
        let mut weights = try_vec(n, "number of FC weights")?;
        for o in 0..outputs {
            for i in 0..inputs {
                weights.push(w(o, i));
            }
        }
        let mut bias = try_vec(outputs, "FC outputs")?;
        bias.extend((0..outputs).map(b));
        Ok(Dense {
            inputs,
            outputs,
            weights,
            bias,
        })
    }

    /// Number of inputs (length of the flattened input volume).
    pub fn inputs(&self) -> usize {
        self.inputs
    }

    /// Number of outputs (e.g. 10 class scores).
    pub fn outputs(&self) -> usize {
        self.outputs
    }

    /// `W·x + b`: output o is `((0.0 + w[o,0]·x[0]) + w[o,1]·x[1] + …) + b[o]`.
    /// Error: [`ShapeError::DataLength`] if `x.len() != inputs`.
    pub fn forward(&self, x: &[f32]) -> Result<Vec<f32>, ShapeError> {
        if x.len() != self.inputs {
            return Err(ShapeError::DataLength {
                what: "FC input values",
                expected: self.inputs,
                got: x.len(),
            });
        }
        let mut out = try_vec(self.outputs, "FC outputs")?;
        for (row, b) in self.weights.chunks_exact(self.inputs).zip(&self.bias) {
            let dot = row.iter().zip(x).fold(0.0f32, |acc, (w, v)| acc + w * v);
            out.push(dot + b);
        }
        Ok(out)
    }

    /// Number of parameters, `inputs·outputs + outputs` (32·32·3 → 10: 30,730).
    pub fn param_count(&self) -> u64 {
        // Both are lengths of existing vectors, so they fit a u64 and so does their sum.
        (self.weights.len() as u64).saturating_add(self.bias.len() as u64)
    }
}
