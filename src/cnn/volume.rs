//! Activation volumes (depth × height × width) and banks of filters, both row-major `f32`.

use super::error::ShapeError;
use super::geometry::Hw;

/// Product of sizes, each at least 1, or the matching error.
pub(crate) fn element_count(
    dims: &[(usize, &'static str)],
    what: &'static str,
) -> Result<usize, ShapeError> {
    let mut n: usize = 1;
    for &(d, name) in dims {
        if d == 0 {
            return Err(ShapeError::ZeroSize { what: name });
        }
        n = n.checked_mul(d).ok_or(ShapeError::Overflow { what })?;
    }
    Ok(n)
}

/// An empty vector with room for `n` items, or Overflow instead of a capacity panic or an
/// out-of-memory abort.
pub(crate) fn try_vec<T>(n: usize, what: &'static str) -> Result<Vec<T>, ShapeError> {
    let mut v = Vec::new();
    v.try_reserve_exact(n)
        .map_err(|_| ShapeError::Overflow { what })?;
    Ok(v)
}

/// A volume of activations: depth × height × width `f32` values, row-major (CHW).
///
/// The value at channel `c`, row `y`, column `x` is `data[(c·height + y)·width + x]`. Every
/// size is at least 1.
#[derive(Clone, Debug, PartialEq)]
pub struct Volume {
    depth: usize,
    height: usize,
    width: usize,
    data: Vec<f32>,
}

impl Volume {
    /// Sizes and element count, or ZeroSize / Overflow.
    fn count(depth: usize, height: usize, width: usize) -> Result<usize, ShapeError> {
        element_count(
            &[
                (depth, "volume depth"),
                (height, "volume height"),
                (width, "volume width"),
            ],
            "volume size",
        )
    }

    /// A volume of zeros. Errors: [`ShapeError::ZeroSize`] for a 0 size,
    /// [`ShapeError::Overflow`] if it is too large to count or to allocate.
    pub fn zeros(depth: usize, height: usize, width: usize) -> Result<Self, ShapeError> {
        Self::from_fn(depth, height, width, |_, _, _| 0.0)
    }

    /// A volume over existing CHW data. Errors as [`Volume::zeros`], and
    /// [`ShapeError::DataLength`] if `data.len() != depth·height·width`.
    pub fn from_vec(
        depth: usize,
        height: usize,
        width: usize,
        data: Vec<f32>,
    ) -> Result<Self, ShapeError> {
        let n = Self::count(depth, height, width)?;
        if data.len() != n {
            return Err(ShapeError::DataLength {
                what: "volume values",
                expected: n,
                got: data.len(),
            });
        }
        Ok(Volume {
            depth,
            height,
            width,
            data,
        })
    }

    /// A volume whose value at (channel `c`, row `y`, column `x`) is `f(c, y, x)`, called in
    /// CHW order. Errors as [`Volume::zeros`].
    pub fn from_fn(
        depth: usize,
        height: usize,
        width: usize,
        mut f: impl FnMut(usize, usize, usize) -> f32,
    ) -> Result<Self, ShapeError> {
        let n = Self::count(depth, height, width)?;
        let mut data = try_vec(n, "volume size")?;
        for c in 0..depth {
            for y in 0..height {
                for x in 0..width {
                    data.push(f(c, y, x));
                }
            }
        }
        Ok(Volume {
            depth,
            height,
            width,
            data,
        })
    }

    /// Number of channels (depth slices).
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// Number of rows.
    pub fn height(&self) -> usize {
        self.height
    }

    /// Number of columns.
    pub fn width(&self) -> usize {
        self.width
    }

    /// All values, CHW row-major.
    pub fn data(&self) -> &[f32] {
        &self.data
    }

    /// All values, CHW row-major, by value.
    pub fn into_data(self) -> Vec<f32> {
        self.data
    }

    /// The value at channel `c`, row `y`, column `x`; `None` outside the volume.
    pub fn get(&self, c: usize, y: usize, x: usize) -> Option<f32> {
        if c >= self.depth || y >= self.height || x >= self.width {
            return None;
        }
        // In range, so (c·H + y)·W + x < depth·height·width, which fits.
        self.data
            .get((c * self.height + y) * self.width + x)
            .copied()
    }

    /// The value at signed coordinates; `None` outside the input (i.e. in the padding) or
    /// for a channel out of range.
    pub fn get_signed(&self, c: usize, y: isize, x: isize) -> Option<f32> {
        let y = usize::try_from(y).ok()?;
        let x = usize::try_from(x).ok()?;
        self.get(c, y, x)
    }

    /// The same shape with `f` applied to every value.
    pub(crate) fn map(&self, f: impl Fn(f32) -> f32) -> Volume {
        Volume {
            depth: self.depth,
            height: self.height,
            width: self.width,
            data: self.data.iter().map(|&v| f(v)).collect(),
        }
    }

    /// One depth slice (height × width, row-major); `None` if `c` is out of range.
    pub fn slice(&self, c: usize) -> Option<&[f32]> {
        if c >= self.depth {
            return None;
        }
        let len = self.height * self.width;
        self.data.get(c * len..(c + 1) * len)
    }
}

/// K filters of depth × height × width weights each, plus one bias per filter.
///
/// Weights are stored filter-major then CHW: weight (k, c, fy, fx) is
/// `weights[((k·depth + c)·height + fy)·width + fx]`. Every size is at least 1.
#[derive(Clone, Debug, PartialEq)]
pub struct FilterBank {
    count: usize,
    depth: usize,
    height: usize,
    width: usize,
    weights: Vec<f32>,
    bias: Vec<f32>,
}

impl FilterBank {
    /// Sizes and weight count, or ZeroSize / Overflow.
    fn weight_count(
        count: usize,
        depth: usize,
        height: usize,
        width: usize,
    ) -> Result<usize, ShapeError> {
        element_count(
            &[
                (count, "filter count"),
                (depth, "filter depth"),
                (height, "filter height"),
                (width, "filter width"),
            ],
            "number of filter weights",
        )
    }

    /// A bank over existing weights (K·D·Fh·Fw, layout above) and K biases. Errors:
    /// [`ShapeError::ZeroSize`], [`ShapeError::Overflow`], [`ShapeError::DataLength`].
    pub fn new(
        count: usize,
        depth: usize,
        height: usize,
        width: usize,
        weights: Vec<f32>,
        bias: Vec<f32>,
    ) -> Result<Self, ShapeError> {
        let n = Self::weight_count(count, depth, height, width)?;
        if weights.len() != n {
            return Err(ShapeError::DataLength {
                what: "filter weights",
                expected: n,
                got: weights.len(),
            });
        }
        if bias.len() != count {
            return Err(ShapeError::DataLength {
                what: "filter biases",
                expected: count,
                got: bias.len(),
            });
        }
        Ok(FilterBank {
            count,
            depth,
            height,
            width,
            weights,
            bias,
        })
    }

    /// A bank of zero weights and zero biases. Errors: [`ShapeError::ZeroSize`],
    /// [`ShapeError::Overflow`].
    pub fn zeros(
        count: usize,
        depth: usize,
        height: usize,
        width: usize,
    ) -> Result<Self, ShapeError> {
        Self::from_fn(count, depth, height, width, |_, _, _, _| 0.0, |_| 0.0)
    }

    /// A bank with weight (k, c, fy, fx) = `w(k, c, fy, fx)` and bias k = `b(k)`, called in
    /// storage order. Errors: [`ShapeError::ZeroSize`], [`ShapeError::Overflow`].
    pub fn from_fn(
        count: usize,
        depth: usize,
        height: usize,
        width: usize,
        mut w: impl FnMut(usize, usize, usize, usize) -> f32,
        b: impl FnMut(usize) -> f32,
    ) -> Result<Self, ShapeError> {
        let n = Self::weight_count(count, depth, height, width)?;
        let mut weights = try_vec(n, "number of filter weights")?;
        for k in 0..count {
            for c in 0..depth {
                for fy in 0..height {
                    for fx in 0..width {
                        weights.push(w(k, c, fy, fx));
                    }
                }
            }
        }
        let mut bias = try_vec(count, "filter count")?;
        bias.extend((0..count).map(b));
        Ok(FilterBank {
            count,
            depth,
            height,
            width,
            weights,
            bias,
        })
    }

    /// Number of filters K (the output depth).
    pub fn count(&self) -> usize {
        self.count
    }

    /// Depth of each filter (must equal the input depth).
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// Filter height Fh.
    pub fn height(&self) -> usize {
        self.height
    }

    /// Filter width Fw.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Filter size Fh × Fw.
    pub fn kernel(&self) -> Hw {
        Hw::new(self.height, self.width)
    }

    /// All weights (layout in the type's docs).
    pub fn weights(&self) -> &[f32] {
        &self.weights
    }

    /// All biases, one per filter.
    pub fn biases(&self) -> &[f32] {
        &self.bias
    }

    /// Weight (k, c, fy, fx); `None` out of range.
    pub fn weight(&self, k: usize, c: usize, fy: usize, fx: usize) -> Option<f32> {
        if k >= self.count || c >= self.depth || fy >= self.height || fx >= self.width {
            return None;
        }
        // In range, so the index is below the (representable) weight count.
        self.weights
            .get(((k * self.depth + c) * self.height + fy) * self.width + fx)
            .copied()
    }

    /// Bias of filter k; `None` out of range.
    pub fn bias(&self, k: usize) -> Option<f32> {
        self.bias.get(k).copied()
    }

    /// Filters `ks` (in that order, repeats allowed) as a bank of their own, weights and biases
    /// copied. Errors: [`ShapeError::OutOfRange`] for a filter past the last,
    /// [`ShapeError::ZeroSize`] for no filters.
    pub fn select(&self, ks: &[usize]) -> Result<FilterBank, ShapeError> {
        let per = self.depth * self.height * self.width;
        let mut weights = Vec::with_capacity(ks.len() * per);
        let mut bias = Vec::with_capacity(ks.len());
        for &k in ks {
            let (Some(w), Some(b)) = (self.weights.get(k * per..(k + 1) * per), self.bias(k))
            else {
                return Err(ShapeError::OutOfRange {
                    what: "filter",
                    index: k,
                    len: self.count,
                });
            };
            weights.extend_from_slice(w);
            bias.push(b);
        }
        FilterBank::new(ks.len(), self.depth, self.height, self.width, weights, bias)
    }
}
