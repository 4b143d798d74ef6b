//! A bank of classic image filters (identity, blurs, sharpen, Sobel, Laplacian, emboss and
//! random Gaussian weights), and a fast way to apply one filter of a [`FilterBank`] to a
//! whole image.
//!
//! Every kernel is F × F with F odd (3, 5 or 7), written in the layout of the rest of the
//! core: row-major, `kernel[fy·F + fx]`, cross-correlated (not flipped) with the input. So
//! Sobel x, `[−1 0 1; −2 0 2; −1 0 1]`, is positive where the image gets brighter to the right.

use super::conv::check_filters;
use super::error::ShapeError;
use super::geometry::WindowSpec;
use super::rng::SplitMix64;
use super::volume::{element_count, try_vec, FilterBank, Volume};

/// The smallest filter size the bank offers.
pub const MIN_SIZE: usize = 3;
/// The largest filter size the bank offers.
pub const MAX_SIZE: usize = 7;
/// The standard deviation of [`FilterKind::Random`] weights: the lecture's Caffe
/// `weight_filler { type: "gaussian" std: 0.01 }`.
pub const RANDOM_STD: f64 = 0.01;

/// One of the classic filters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FilterKind {
    /// 1 in the centre: the output is the input (its channel average on a colour image).
    Identity,
    /// Every weight 1/F²: the mean of the window.
    BoxBlur,
    /// Binomial weights (1 2 1 ⊗ 1 2 1 / 16 at F = 3): a Gaussian-like blur.
    Gaussian,
    /// `[0 −1 0; −1 5 −1; 0 −1 0]` in the centre: the pixel plus its difference from its
    /// neighbours.
    Sharpen,
    /// Horizontal derivative smoothed vertically (`[−1 0 1; −2 0 2; −1 0 1]` at F = 3):
    /// strongest on vertical edges.
    SobelX,
    /// Sobel x transposed: strongest on horizontal edges.
    SobelY,
    /// `[0 1 0; 1 −4 1; 0 1 0]` in the centre: the second derivative, edges in every
    /// direction.
    Laplacian,
    /// `[−2 −1 0; −1 1 1; 0 1 2]` in the centre: a relief lit from the top left.
    Emboss,
    /// Independent Gaussian(0, 0.01²) weights ([`RANDOM_STD`]), as a freshly initialised
    /// layer.
    Random,
}

impl FilterKind {
    /// Every kind, in the order the page lists them.
    pub const ALL: [FilterKind; 9] = [
        FilterKind::Identity,
        FilterKind::BoxBlur,
        FilterKind::Gaussian,
        FilterKind::Sharpen,
        FilterKind::SobelX,
        FilterKind::SobelY,
        FilterKind::Laplacian,
        FilterKind::Emboss,
        FilterKind::Random,
    ];

    /// A short stable name (for links and tests): `identity`, `box`, `gauss`, `sharpen`,
    /// `sobel-x`, `sobel-y`, `laplacian`, `emboss`, `random`.
    pub fn id(self) -> &'static str {
        match self {
            FilterKind::Identity => "identity",
            FilterKind::BoxBlur => "box",
            FilterKind::Gaussian => "gauss",
            FilterKind::Sharpen => "sharpen",
            FilterKind::SobelX => "sobel-x",
            FilterKind::SobelY => "sobel-y",
            FilterKind::Laplacian => "laplacian",
            FilterKind::Emboss => "emboss",
            FilterKind::Random => "random",
        }
    }

    /// The kind whose [`FilterKind::id`] is `id`.
    pub fn from_id(id: &str) -> Option<FilterKind> {
        FilterKind::ALL.into_iter().find(|k| k.id() == id)
    }

    /// The F × F kernel of this kind (row-major). Deterministic kinds ignore `rng`;
    /// [`FilterKind::Random`] draws F² samples from it.
    ///
    /// The blurs and Sobel grow with F (box: 1/F²; Gaussian: binomial rows; Sobel: a binomial
    /// smoothing column times a binomial derivative row, `[1 4 6 4 1]ᵀ ⊗ [−1 −2 0 2 1]` at
    /// F = 5); identity, sharpen, Laplacian and emboss keep their 3 × 3 kernel in the centre
    /// of an F × F grid of zeros.
    ///
    /// Error: [`ShapeError::OutOfRange`] unless F is 3, 5 or 7.
    pub fn kernel(self, f: usize, rng: &mut SplitMix64) -> Result<Vec<f32>, ShapeError> {
        if !(MIN_SIZE..=MAX_SIZE).contains(&f) || f.is_multiple_of(2) {
            return Err(ShapeError::OutOfRange {
                what: "filter size (3, 5 or 7)",
                index: f,
                len: MAX_SIZE + 1,
            });
        }
        let outer = |col: &[f64], row: &[f64], scale: f64| -> Vec<f32> {
            col.iter()
                .flat_map(|&a| row.iter().map(move |&b| (a * b * scale) as f32))
                .collect()
        };
        let centred = |k3: [f32; 9]| -> Vec<f32> {
            let mut k = vec![0.0f32; f * f];
            let o = f / 2 - 1;
            for y in 0..3 {
                for x in 0..3 {
                    k[(o + y) * f + o + x] = k3[y * 3 + x];
                }
            }
            k
        };
        Ok(match self {
            FilterKind::Identity => centred([0., 0., 0., 0., 1., 0., 0., 0., 0.]),
            FilterKind::BoxBlur => vec![1.0 / (f * f) as f32; f * f],
            FilterKind::Gaussian => {
                let b = binomial(f - 1);
                let s: f64 = b.iter().sum();
                outer(&b, &b, 1.0 / (s * s))
            }
            FilterKind::Sharpen => centred([0., -1., 0., -1., 5., -1., 0., -1., 0.]),
            FilterKind::SobelX => outer(&binomial(f - 1), &derivative(f), 1.0),
            FilterKind::SobelY => outer(&derivative(f), &binomial(f - 1), 1.0),
            FilterKind::Laplacian => centred([0., 1., 0., 1., -4., 1., 0., 1., 0.]),
            FilterKind::Emboss => centred([-2., -1., 0., -1., 1., 1., 0., 1., 2.]),
            FilterKind::Random => (0..f * f)
                .map(|_| rng.gaussian(0.0, RANDOM_STD) as f32)
                .collect(),
        })
    }

    /// The D × F × F weights of one filter of this kind for a `depth`-channel input (CHW).
    ///
    /// A deterministic kernel is shared by the channels and divided by `depth`, so on an RGB
    /// image the filter sees the average of R, G and B and its outputs keep the range of the
    /// greyscale case (identity gives the grey image). Random draws every weight on its own.
    /// Errors as [`FilterKind::kernel`], and [`ShapeError::ZeroSize`] for depth 0.
    pub fn weights(
        self,
        depth: usize,
        f: usize,
        rng: &mut SplitMix64,
    ) -> Result<Vec<f32>, ShapeError> {
        if depth == 0 {
            return Err(ShapeError::ZeroSize {
                what: "filter depth",
            });
        }
        if self == FilterKind::Random {
            let mut out = Vec::new();
            for _ in 0..depth {
                out.extend(self.kernel(f, rng)?);
            }
            return Ok(out);
        }
        let k = self.kernel(f, rng)?;
        let d = depth as f32;
        Ok((0..depth)
            .flat_map(|_| k.iter().map(move |&w| w / d))
            .collect())
    }
}

/// Row `n` of Pascal's triangle: `binomial(2) = [1, 2, 1]`.
fn binomial(n: usize) -> Vec<f64> {
    let mut row = vec![1.0];
    for _ in 0..n {
        let mut next = vec![1.0; row.len() + 1];
        for i in 1..row.len() {
            next[i] = row[i - 1] + row[i];
        }
        row = next;
    }
    row
}

/// The Sobel derivative row of length `f`: `binomial(f − 2)` convolved with `[−1, 1]`, i.e.
/// `[−1, 0, 1]` at 3 and `[−1, −2, 0, 2, 1]` at 5.
fn derivative(f: usize) -> Vec<f64> {
    let b = binomial(f - 2);
    (0..f)
        .map(|i| {
            let right = b.get(i.wrapping_sub(1)).copied().unwrap_or(0.0);
            let left = b.get(i).copied().unwrap_or(0.0);
            right - left
        })
        .collect()
}

/// Output map `k` of [`conv2d`](super::conv2d)`(input, filters, spec)`, as a 1 × out_h ×
/// out_w volume: a fast kernel for one filter ([`FilterBank::select`]) that makes conv2d's
/// sums in conv2d's order, so the same bits, ~2.5× as fast as conv2d on a bank of one.
/// If the kernel's packed copies cannot be allocated, the map is computed filter tap by filter
/// tap over whole rows instead (each weight multiplies a contiguous run of the input), in the
/// same order of sums, so for finite weights every value still equals conv2d's (a zero's sign
/// aside).
///
/// Errors, in order: [`ShapeError::DepthMismatch`], [`ShapeError::KernelMismatch`],
/// [`ShapeError::OutOfRange`] for `k`, any error of [`WindowSpec::geometry`], and
/// [`ShapeError::Overflow`] if the map cannot be allocated.
pub fn conv_map(
    input: &Volume,
    filters: &FilterBank,
    k: usize,
    spec: &WindowSpec,
) -> Result<Volume, ShapeError> {
    check_filters(input, filters, spec.kernel)?;
    if k >= filters.count() {
        return Err(ShapeError::OutOfRange {
            what: "filter",
            index: k,
            len: filters.count(),
        });
    }
    let g = spec.geometry(input.height(), input.width())?;
    let (oh, ow) = (g.out_h(), g.out_w());
    // The one-filter kernel on a bank of this one filter: the same bits as conv2d (the same
    // sums in the same order), several times faster than the tap loops below, which remain
    // for when its packed copies cannot be allocated.
    let one = filters.select(&[k]).ok();
    if let Some(data) = one.and_then(|one| super::direct::conv2d_one(input, &one, &g)) {
        return Volume::from_vec(1, oh, ow, data);
    }
    conv_map_rows(input, filters, k, &g)
}

/// [`conv_map`]'s fallback, tap by tap over whole rows; the caller has checked the shapes.
fn conv_map_rows(
    input: &Volume,
    filters: &FilterBank,
    k: usize,
    g: &super::geometry::Geometry,
) -> Result<Volume, ShapeError> {
    let (oh, ow) = (g.out_h(), g.out_w());
    let n = element_count(&[(oh, "output height"), (ow, "output width")], "map size")?;
    let mut total = try_vec::<f32>(n, "map size")?;
    total.resize(n, 0.0);
    let mut part = try_vec::<f32>(n, "map size")?;
    part.resize(n, 0.0);
    let (h, w) = (input.height() as isize, input.width() as isize);
    let stride = g.cols.stride.max(1);
    for c in 0..input.depth() {
        let plane = input.slice(c).unwrap_or(&[]);
        part.fill(0.0);
        for fy in 0..g.rows.kernel {
            for fx in 0..g.cols.kernel {
                let weight = filters.weight(k, c, fy, fx).unwrap_or(0.0);
                // Columns whose tap lands inside the input: ix = x0 + ox·stride in 0..w.
                let x0 = g.cols.tap(0, fx);
                let s = stride as isize;
                let lo = if x0 >= 0 { 0 } else { (-x0 + s - 1) / s };
                let hi = if x0 >= w { 0 } else { (w - 1 - x0) / s + 1 };
                let (lo, hi) = (lo.max(0) as usize, (hi.max(0) as usize).min(ow));
                if lo >= hi {
                    continue;
                }
                let first = (x0 + lo as isize * s) as usize;
                let count = hi - lo;
                for oy in 0..oh {
                    let iy = g.rows.tap(oy, fy);
                    if iy < 0 || iy >= h {
                        continue;
                    }
                    let row = &plane[iy as usize * w as usize + first..];
                    let out = &mut part[oy * ow + lo..oy * ow + hi];
                    // Plain index loops: the release build optimises for size, and at that
                    // level iterator adapters (zip, step_by) are not always inlined.
                    if stride == 1 {
                        let row = &row[..count];
                        let mut i = 0;
                        while i < count {
                            out[i] += row[i] * weight;
                            i += 1;
                        }
                    } else {
                        let mut i = 0;
                        while i < count {
                            out[i] += row[i * stride] * weight;
                            i += 1;
                        }
                    }
                }
            }
        }
        let mut i = 0;
        while i < n {
            total[i] += part[i];
            i += 1;
        }
    }
    let bias = filters.bias(k).unwrap_or(0.0);
    let mut i = 0;
    while i < n {
        total[i] += bias;
        i += 1;
    }
    Volume::from_vec(1, oh, ow, total)
}
#[cfg(test)]
mod tests {
    use super::*;

    fn k3(kind: FilterKind) -> Vec<f32> {
        kind.kernel(3, &mut SplitMix64::new(1)).unwrap()
    }

    #[test]
    fn select_copies_the_named_filters_in_order() {
        let bank = FilterBank::from_fn(
            3,
            2,
            1,
            2,
            |k, c, _, x| (k * 10 + c * 2 + x) as f32,
            |k| k as f32,
        )
        .unwrap();
        let picked = bank.select(&[2, 0, 2]).unwrap();
        assert_eq!(picked.count(), 3);
        assert_eq!(picked.weights()[..4], bank.weights()[8..12]);
        assert_eq!(picked.weights()[4..8], bank.weights()[..4]);
        assert_eq!(picked.biases(), &[2.0, 0.0, 2.0]);
        assert!(matches!(
            bank.select(&[1, 3]),
            Err(ShapeError::OutOfRange {
                index: 3,
                len: 3,
                ..
            })
        ));
        assert!(bank.select(&[]).is_err());
    }

    #[test]
    fn the_row_fallback_equals_conv2d() {
        let mut rng = SplitMix64::new(7);
        for (d, n, f, s, p) in [
            (3, 9, 3, 1, 1),
            (2, 9, 5, 2, 2),
            (1, 7, 4, 3, 0),
            (4, 6, 1, 1, 0),
        ] {
            let input = Volume::from_fn(d, n, n, |_, _, _| rng.gaussian(0.0, 1.0) as f32).unwrap();
            let bank = FilterBank::from_fn(
                2,
                d,
                f,
                f,
                |_, _, _, _| rng.gaussian(0.0, 1.0) as f32,
                |k| k as f32 - 0.5,
            )
            .unwrap();
            let spec = WindowSpec::square(f, s, p);
            let full = super::super::conv2d(&input, &bank, &spec).unwrap();
            let g = spec.geometry(n, n).unwrap();
            for k in 0..2 {
                let rows = conv_map_rows(&input, &bank, k, &g).unwrap();
                assert_eq!(
                    rows.data(),
                    full.slice(k).unwrap(),
                    "{d} {n} {f} {s} {p} filter {k}"
                );
                assert_eq!(
                    conv_map(&input, &bank, k, &spec).unwrap().data(),
                    full.slice(k).unwrap()
                );
            }
        }
    }

    #[test]
    fn the_derivative_and_binomial_rows() {
        assert_eq!(binomial(2), vec![1.0, 2.0, 1.0]);
        assert_eq!(derivative(3), vec![-1.0, 0.0, 1.0]);
        assert_eq!(derivative(5), vec![-1.0, -2.0, 0.0, 2.0, 1.0]);
        assert_eq!(derivative(7), vec![-1.0, -4.0, -5.0, 0.0, 5.0, 4.0, 1.0]);
    }

    #[test]
    fn three_by_three_kernels_are_the_textbook_ones() {
        assert_eq!(
            k3(FilterKind::SobelX),
            [-1., 0., 1., -2., 0., 2., -1., 0., 1.]
        );
        assert_eq!(
            k3(FilterKind::SobelY),
            [-1., -2., -1., 0., 0., 0., 1., 2., 1.]
        );
        assert_eq!(
            k3(FilterKind::Gaussian),
            [1., 2., 1., 2., 4., 2., 1., 2., 1.].map(|v| v / 16.0)
        );
    }
}
