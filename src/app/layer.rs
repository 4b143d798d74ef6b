//! The layer the controls describe, with seeded example values: what the picture and the
//! read-outs are drawn from. Built once per configuration (the view memoises it).

use super::state::{Config, Fixture, Op, ValueMode};
use crate::cnn::{
    conv2d_grouped, conv_trace_grouped, flip, max_pool2d, pool_trace, relu, scatter_trace, stretch,
    ConvTrace, DirectCell, FilterBank, Geometry, PoolTrace, ScatterTrace, ShapeError, SplitMix64,
    TransposeGeometry, Volume,
};

/// Small integers keep the dot product doable in one's head (the UX brief's "small integers"
/// mode): inputs 0..=3, weights −2..=2, bias −1..=1.
pub const INPUT_RANGE: (i32, i32) = (0, 3);
/// Weight range; see [`INPUT_RANGE`].
pub const WEIGHT_RANGE: (i32, i32) = (-2, 2);
/// Bias range; see [`INPUT_RANGE`].
pub const BIAS_RANGE: (i32, i32) = (-1, 1);
/// Pooling inputs: a wider range, so the maximum of a window is usually unique.
pub const POOL_INPUT_RANGE: (i32, i32) = (0, 9);

/// A generator seeded by one cell's coordinates. Each cell hashes its own coordinates, so
/// growing N, D, K or F keeps the values already on screen instead of reshuffling them.
fn cell_rng(seed: u64, salt: u64, coords: &[usize]) -> SplitMix64 {
    let mut key = seed ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    for &c in coords {
        // One SplitMix64 step per coordinate: (1, 2) and (2, 1) land far apart.
        key = SplitMix64::new(key ^ c as u64).next_u64();
    }
    SplitMix64::new(key)
}

/// A seeded small integer for one cell (see `cell_rng`).
pub fn cell_value(seed: u64, salt: u64, coords: &[usize], range: (i32, i32)) -> f32 {
    cell_rng(seed, salt, coords).int_in(range.0, range.1) as f32
}

/// A seeded real value for one cell: a pixel-like input in [0, 1) with two decimals, or a
/// Gaussian(0, σ) weight rounded to four decimals (what the page can show).
pub fn cell_real(seed: u64, salt: u64, coords: &[usize], sigma: Option<f64>) -> f32 {
    let mut rng = cell_rng(seed, salt, coords);
    match sigma {
        None => ((rng.next_f64() * 100.0).floor() / 100.0) as f32,
        Some(s) => ((rng.gaussian(0.0, s) * 10_000.0).round() / 10_000.0) as f32,
    }
}

/// The standard deviation of real-mode weights: the lecture's Caffe `weight_filler`.
pub const REAL_WEIGHT_STD: f64 = 0.01;

const INPUT_SALT: u64 = 1;
const WEIGHT_SALT: u64 = 2;
const BIAS_SALT: u64 = 3;

/// The numbers of an animated layer.
#[derive(Clone, Debug, PartialEq)]
pub struct Values {
    /// The D × N × N input.
    pub input: Volume,
    /// K filters of D × F × F, and their biases (all 0 when bias is off); `None` for
    /// pooling, which has no parameters.
    pub filters: Option<FilterBank>,
    /// The output maps over the shown geometry: K for a conv (after ReLU when it is on), D
    /// for pooling.
    pub output: Volume,
    /// For a transposed convolution, what the direct view convolves: the zero-stuffed input
    /// inside its border, and the filters rotated by 180°.
    pub direct: Option<(Volume, FilterBank)>,
}

/// The numbers of a layer small enough to animate that has no output (a filter larger than
/// the padded input, groups that do not divide the channels, an output padding too large):
/// its input and, when they can be made, its filters, so that the picture still shows the
/// numbers asked for beside "no output".
#[derive(Clone, Debug, PartialEq)]
pub struct Still {
    /// The D × N × W input, as the layer would read it.
    pub input: Volume,
    /// The filters (`None` for pooling, and when the groups do not divide the channels).
    pub filters: Option<FilterBank>,
}

/// The layer of the page: geometry always, values when it is small enough to animate.
#[derive(Clone, Debug)]
pub struct Layer {
    /// The controls it was built from.
    pub config: Config,
    /// The geometry under the chosen rounding, or why there is none.
    pub exact: Result<Geometry, ShapeError>,
    /// The geometry the picture animates (see [`Config::shown_geometry`]).
    pub shown: Option<Geometry>,
    /// Why the layer is drawn as a sketch instead of cell by cell, if it is.
    pub too_big: Option<String>,
    /// Input, filters and output, when the layer is animated.
    pub values: Option<Values>,
    /// Input and filters of a layer small enough to animate that has no output.
    pub still: Option<Still>,
    /// The transposed convolution's geometry, when the layer is one and it has an output.
    pub transpose: Option<TransposeGeometry>,
}

/// Value equality, with a shortcut for the same layer: the page hands one `Rc<Layer>` to its
/// components, and Yew compares their props on every animation step; `Rc`'s own shortcut
/// needs `Eq`, which the `f32` values rule out, so each step compared every value (~0.3 ms
/// at 64 × 64 × 8).
impl PartialEq for Layer {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
            || (self.config == other.config
                && self.exact == other.exact
                && self.shown == other.shown
                && self.too_big == other.too_big
                && self.values == other.values
                && self.still == other.still
                && self.transpose == other.transpose)
    }
}

/// What a layer's input is drawn from: two configurations with the same key have the same
/// input, value for value.
type InputKey = (Option<Fixture>, Op, ValueMode, u64, usize, usize, usize);

fn input_key(c: &Config) -> InputKey {
    (c.fixture, c.op, c.values, c.seed, c.d, c.n, c.w())
}

impl Layer {
    /// Builds the layer and, when it is animated, its values and output.
    pub fn new(config: Config) -> Result<Layer, ShapeError> {
        Self::new_after(config, None)
    }

    /// [`Layer::new`], taking the input from `previous` when that layer drew it from the same
    /// key: a change of K, F, S or P keeps the input, and at 64 × 64 × 8 drawing it again
    /// (32,768 seeded cells) was ~1 ms of a slider change.
    pub fn new_after(config: Config, previous: Option<&Layer>) -> Result<Layer, ShapeError> {
        let exact = config.geometry();
        let shown = config.shown_geometry();
        let too_big = config.too_big_to_animate();
        let kept = previous
            .filter(|p| input_key(&p.config) == input_key(&config))
            .and_then(Layer::shown_input);
        let (values, still) = match (config.shown_spec(), &too_big) {
            (Some(spec), None) => (Some(Self::values(&config, &spec, kept)?), None),
            (None, None) => {
                let filters = match config.op {
                    Op::Conv => Self::make_filters(&config).ok(),
                    Op::MaxPool => None,
                };
                let input = Self::make_input(&config, kept)?;
                (None, Some(Still { input, filters }))
            }
            _ => (None, None),
        };
        let transpose = config
            .is_transposed()
            .then(|| config.transpose_geometry().ok())
            .flatten();
        Ok(Layer {
            config,
            exact,
            shown,
            too_big,
            values,
            still,
            transpose,
        })
    }

    /// The input the layer reads: `kept` (the last layer's, drawn from the same key), the
    /// notes' figure, or seeded values.
    fn make_input(c: &Config, kept: Option<&Volume>) -> Result<Volume, ShapeError> {
        let seed = c.seed;
        Ok(match (kept, c.fixture) {
            (Some(input), _) => input.clone(),
            (None, Some(fx)) => {
                let (d, n, data) = fx.data();
                Volume::from_vec(d, n, n, data.to_vec())?
            }
            (None, None) => {
                let range = match c.op {
                    Op::Conv => INPUT_RANGE,
                    Op::MaxPool => POOL_INPUT_RANGE,
                };
                let real = c.values == ValueMode::Real;
                Volume::from_fn(c.d, c.n, c.w(), |ch, y, x| {
                    if real {
                        cell_real(seed, INPUT_SALT, &[ch, y, x], None)
                    } else {
                        cell_value(seed, INPUT_SALT, &[ch, y, x], range)
                    }
                })?
            }
        })
    }

    /// The K filters of D₁/G × F × Fw and their biases, seeded.
    fn make_filters(c: &Config) -> Result<FilterBank, ShapeError> {
        let seed = c.seed;
        let bias = c.bias;
        let groups = c.groups_in_force().max(1);
        crate::cnn::check_groups(c.d, c.k, groups)?;
        FilterBank::from_fn(
            c.k,
            c.d / groups,
            c.f,
            c.fw(),
            |k, ch, fy, fx| match c.values {
                ValueMode::Small => cell_value(seed, WEIGHT_SALT, &[k, ch, fy, fx], WEIGHT_RANGE),
                ValueMode::Real => {
                    cell_real(seed, WEIGHT_SALT, &[k, ch, fy, fx], Some(REAL_WEIGHT_STD))
                }
            },
            // Caffe's bias_filler in the lecture: constant 0.
            |k| {
                if bias && c.values == ValueMode::Small {
                    cell_value(seed, BIAS_SALT, &[k], BIAS_RANGE)
                } else {
                    0.0
                }
            },
        )
    }

    fn values(
        c: &Config,
        spec: &crate::cnn::WindowSpec,
        kept: Option<&Volume>,
    ) -> Result<Values, ShapeError> {
        let input = Self::make_input(c, kept)?;
        if c.op == Op::MaxPool {
            let output = max_pool2d(&input, spec)?.output;
            return Ok(Values {
                input,
                filters: None,
                output,
                direct: None,
            });
        }
        // Each filter spans D₁/G channels (shown_spec exists only when G divides D₁ and K).
        let groups = c.groups_in_force().max(1);
        let filters = Self::make_filters(c)?;
        // A transposed layer is the direct convolution of the zero-stuffed input with the
        // rotated filters (what `conv_transpose2d` computes, and what the picture shows).
        let direct = if c.is_transposed() {
            let t = c.transpose_geometry()?;
            Some((stretch(&input, &t)?, flip(&filters)?))
        } else {
            None
        };
        let sums = match &direct {
            Some((x, w)) => conv2d_grouped(x, w, spec, groups)?,
            None => conv2d_grouped(&input, &filters, spec, groups)?,
        };
        let output = if c.relu { relu(&sums) } else { sums };
        Ok(Values {
            input,
            filters: Some(filters),
            output,
            direct,
        })
    }

    /// The input the picture draws: the animated layer's, or the one of a layer without an
    /// output ([`Still`]).
    pub fn shown_input(&self) -> Option<&Volume> {
        match (&self.values, &self.still) {
            (Some(v), _) => Some(&v.input),
            (None, Some(s)) => Some(&s.input),
            _ => None,
        }
    }

    /// The filters the direct view slides: a transposed layer's rotated by 180°, a layer's
    /// without an output as they are ([`Still`]).
    pub fn shown_filters(&self) -> Option<&FilterBank> {
        match (&self.values, &self.still) {
            (
                Some(Values {
                    direct: Some((_, w)),
                    ..
                }),
                _,
            ) => Some(w),
            (Some(v), _) => v.filters.as_ref(),
            (None, Some(s)) => s.filters.as_ref(),
            _ => None,
        }
    }

    /// (map, output row, output column) of a position: map-major, then row-major. A map is
    /// a filter's activation map for a conv, a depth slice for pooling.
    pub fn position(&self, step: usize) -> Option<(usize, usize, usize)> {
        let g = self.shown.as_ref()?;
        self.values.as_ref()?;
        let per_map = g.positions();
        (per_map > 0 && step < per_map * self.config.maps()).then(|| {
            let (k, i) = (step / per_map, step % per_map);
            (k, i / g.out_w(), i % g.out_w())
        })
    }

    /// The position of output cell (map `k`, row `r`, column `c`): the inverse of
    /// [`Layer::position`]. `None` outside the animated output.
    pub fn step_of(&self, k: usize, r: usize, c: usize) -> Option<usize> {
        let g = self.shown.as_ref()?;
        self.values.as_ref()?;
        (k < self.config.maps() && r < g.out_h() && c < g.out_w())
            .then(|| k * g.positions() + r * g.out_w() + c)
    }

    /// The dot product at one position of a conv, for the arithmetic panel.
    /// For a transposed layer, the taps on inserted zeros and on the border are marked as
    /// padding (they read 0 and are not input).
    pub fn trace(&self, step: usize) -> Option<ConvTrace> {
        let (k, row, col) = self.position(step)?;
        let v = self.values.as_ref()?;
        let groups = self.config.groups_in_force();
        let (input, filters) = match &v.direct {
            Some((x, w)) => (x, w),
            None => (&v.input, v.filters.as_ref()?),
        };
        let mut t =
            conv_trace_grouped(input, filters, self.shown.as_ref()?, groups, k, row, col).ok()?;
        if let Some(g) = &self.transpose {
            for tap in t.channels.iter_mut().flat_map(|c| c.taps.iter_mut()) {
                let (y, x) = (tap.iy.max(0) as usize, tap.ix.max(0) as usize);
                tap.padding = !matches!(
                    (g.rows.cell(y), g.cols.cell(x)),
                    (DirectCell::Input(_), DirectCell::Input(_))
                );
            }
        }
        Some(t)
    }

    /// (map, input row, input column) of a step of the scatter view: map-major, then
    /// row-major over the input. `None` unless the layer is transposed and animated.
    pub fn scatter_position(&self, step: usize) -> Option<(usize, usize, usize)> {
        self.transpose.as_ref()?;
        self.values.as_ref()?;
        let (n, w) = (self.config.n, self.config.w());
        let per_map = n * w;
        (per_map > 0 && step < per_map * self.config.k).then(|| {
            let (k, i) = (step / per_map, step % per_map);
            (k, i / w, i % w)
        })
    }

    /// The scatter-view step of input cell (`r`, `c`) for map `k`: the inverse of
    /// [`Layer::scatter_position`].
    pub fn scatter_step_of(&self, k: usize, r: usize, c: usize) -> Option<usize> {
        self.transpose.as_ref()?;
        self.values.as_ref()?;
        let (n, w) = (self.config.n, self.config.w());
        (k < self.config.k && r < n && c < w).then(|| (k * n + r) * w + c)
    }

    /// What the input cell of scatter step `step` stamps into its map.
    pub fn scatter_trace(&self, step: usize) -> Option<ScatterTrace> {
        let (k, row, col) = self.scatter_position(step)?;
        let v = self.values.as_ref()?;
        scatter_trace(
            &v.input,
            v.filters.as_ref()?,
            self.transpose.as_ref()?,
            self.config.groups,
            k,
            row,
            col,
        )
        .ok()
    }

    /// The map being stamped at scatter step `step`, as it stands after that step: its bias
    /// plus the stamps of every input cell up to this one (row-major), on the untrimmed
    /// output ((N − 1)·S + span + a cells per axis; the trimmed output starts at (Plo, Plo)).
    /// Before ReLU. `None` unless the layer is transposed and animated.
    pub fn scatter_partial(&self, step: usize) -> Option<Volume> {
        let (k, row, col) = self.scatter_position(step)?;
        let g = self.transpose.as_ref()?;
        let v = self.values.as_ref()?;
        let w = v.filters.as_ref()?;
        let (fh, fw) = (
            g.rows.output + g.rows.pad_lo + g.rows.pad_hi,
            g.cols.output + g.cols.pad_lo + g.cols.pad_hi,
        );
        let mut acc = vec![w.bias(k).unwrap_or(0.0); fh * fw];
        let groups = self.config.groups_in_force().max(1);
        let (dg, kg) = (w.depth(), (self.config.k / groups).max(1));
        let first = k / kg * dg;
        let last = row * self.config.w() + col;
        for i in 0..=last {
            let (iy, ix) = (i / self.config.w(), i % self.config.w());
            for c in 0..dg {
                let x = v.input.get(first + c, iy, ix).unwrap_or(0.0);
                for fy in 0..w.height() {
                    for fx in 0..w.width() {
                        let oy = iy * g.rows.stride + fy * g.rows.dilation;
                        let ox = ix * g.cols.stride + fx * g.cols.dilation;
                        if let Some(cell) = acc.get_mut(oy * fw + ox) {
                            *cell += x * w.weight(k, c, fy, fx).unwrap_or(0.0);
                        }
                    }
                }
            }
        }
        Volume::from_vec(1, fh, fw, acc).ok()
    }

    /// The window and its maximum at one position of a max pooling.
    pub fn pool_trace(&self, step: usize) -> Option<PoolTrace> {
        if self.config.op != Op::MaxPool {
            return None;
        }
        let (c, row, col) = self.position(step)?;
        let v = self.values.as_ref()?;
        pool_trace(&v.input, self.shown.as_ref()?, c, row, col).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(c: Config) -> Layer {
        Layer::new(c).unwrap()
    }

    /// Whether the layer built with `after` from the layer of `before` shows that layer's
    /// input: the previous input's first value is set to 99, which no seed draws.
    fn takes_input(before: Config, after: Config) -> bool {
        let mut previous = layer(before);
        let v = &mut previous.values.as_mut().unwrap().input;
        let mut data = v.data().to_vec();
        data[0] = 99.0;
        *v = Volume::from_vec(v.depth(), v.height(), v.width(), data).unwrap();
        let built = Layer::new_after(after, Some(&previous)).unwrap();
        built.values.unwrap().input.data()[0] == 99.0
    }

    #[test]
    fn a_layer_after_one_without_an_output_takes_its_input() {
        // F 9 on 7 × 7 has no output but keeps its input (`Still`); F back to 3 reuses it.
        let base = Config::square(Op::Conv, 7, 2, 1, 3, 1, 0);
        let mut still = layer(Config { f: 9, ..base });
        assert!(still.values.is_none());
        let s = still.still.as_mut().unwrap();
        let mut data = s.input.data().to_vec();
        data[0] = 99.0;
        s.input = Volume::from_vec(2, 7, 7, data).unwrap();
        let built = Layer::new_after(base, Some(&still)).unwrap();
        assert_eq!(built.values.unwrap().input.data()[0], 99.0);
    }

    #[test]
    fn a_layer_equals_itself_without_comparing_its_values() {
        // A NaN output makes a value-by-value comparison false; the same layer is still
        // equal to itself (Yew compares the one `Rc<Layer>` on every animation step).
        let mut a = layer(Config::default());
        let v = a.values.as_mut().unwrap();
        let (d, h, w) = (v.output.depth(), v.output.height(), v.output.width());
        let mut data = v.output.data().to_vec();
        data[0] = f32::NAN;
        v.output = Volume::from_vec(d, h, w, data).unwrap();
        assert!(a == a);
        assert!(a != a.clone(), "a copy is compared value by value");
        assert_eq!(layer(Config::default()), layer(Config::default()));
    }

    #[test]
    fn a_layer_built_after_another_takes_its_input_only_when_it_would_draw_the_same() {
        let base = Config {
            n: 6,
            d: 2,
            k: 2,
            f: 3,
            s: 1,
            p: 1,
            ..Config::default()
        };
        let pool = crate::app::presets::PRESETS
            .iter()
            .find(|p| p.id == "pool-4x4")
            .unwrap()
            .config;
        for same in [
            Config { k: 5, ..base },
            Config { f: 5, p: 2, ..base },
            Config { s: 2, ..base },
            Config {
                bias: !base.bias,
                relu: true,
                ..base
            },
            Config {
                transposed: true,
                ..base
            },
            Config { groups: 2, ..base },
            Config { dil: 2, ..base },
        ] {
            assert!(
                takes_input(base, same),
                "{same:?} draws the input of {base:?}"
            );
            // Built from the unmarked layer, it is the layer built from scratch.
            assert_eq!(
                Layer::new_after(same, Some(&layer(base))).unwrap(),
                layer(same)
            );
        }
        for other in [
            Config { n: 7, ..base },
            Config { d: 3, ..base },
            Config { seed: 9, ..base },
            Config {
                rect: true,
                w_rect: 9,
                ..base
            },
            Config {
                values: ValueMode::Real,
                ..base
            },
            Config {
                op: Op::MaxPool,
                f: 2,
                s: 2,
                p: 0,
                ..base
            },
            Config {
                fixture: pool.fixture,
                ..pool
            },
        ] {
            let from = if other.fixture.is_some() {
                Config {
                    fixture: None,
                    ..pool
                }
            } else {
                base
            };
            assert!(!takes_input(from, other), "{other:?} draws its own input");
            assert_eq!(
                Layer::new_after(other, Some(&layer(from))).unwrap(),
                layer(other)
            );
        }
        // A layer drawn as a sketch (too many filters to animate, the same input key) has no
        // input to give.
        let big = Config { k: 17, ..base };
        assert!(layer(big).values.is_none());
        assert_eq!(
            Layer::new_after(base, Some(&layer(big))).unwrap(),
            layer(base)
        );
    }

    #[test]
    fn values_are_seeded_and_stable_when_the_layer_grows() {
        let a = layer(Config::default());
        let b = layer(Config {
            n: 9,
            d: 2,
            k: 3,
            ..Config::default()
        });
        let (va, vb) = (a.values.as_ref().unwrap(), b.values.as_ref().unwrap());
        assert_eq!(va.input.get(0, 3, 4), vb.input.get(0, 3, 4));
        assert_eq!(
            va.filters.as_ref().unwrap().weight(0, 0, 1, 2),
            vb.filters.as_ref().unwrap().weight(0, 0, 1, 2)
        );
        assert_eq!(a, layer(Config::default()));
        let other = layer(Config {
            seed: 2,
            ..Config::default()
        });
        assert_ne!(va.input, other.values.unwrap().input);
    }

    #[test]
    fn values_stay_in_their_ranges() {
        let l = layer(Config {
            n: 32,
            d: 3,
            k: 4,
            f: 11,
            s: 1,
            ..Config::default()
        });
        let v = l.values.unwrap();
        assert!(v.input.data().iter().all(|&x| (0.0..=3.0).contains(&x)));
        let filters = v.filters.as_ref().unwrap();
        assert!(filters.weights().iter().all(|&w| (-2.0..=2.0).contains(&w)));
        assert!(filters.biases().iter().all(|&b| (-1.0..=1.0).contains(&b)));
        for x in 0..=3 {
            assert!(v.input.data().contains(&(x as f32)));
        }
    }

    #[test]
    fn relu_clips_the_maps_but_not_the_dot_product() {
        let plain = layer(Config {
            k: 3,
            ..Config::default()
        });
        let clipped = layer(Config {
            relu: true,
            ..plain.config
        });
        let (a, b) = (
            &plain.values.unwrap().output,
            &clipped.values.as_ref().unwrap().output,
        );
        assert!(
            a.data().iter().any(|&v| v < 0.0),
            "the seed gives some negative sums"
        );
        for (x, y) in a.data().iter().zip(b.data()) {
            assert_eq!(*y, x.max(0.0));
        }
        // The trace still shows the sum before ReLU.
        let t = clipped.trace(0).unwrap();
        assert_eq!(t.total, a.data()[0]);
    }

    #[test]
    fn real_values_look_like_the_lectures_caffe_layer() {
        let l = layer(Config {
            n: 32,
            d: 3,
            k: 8,
            f: 5,
            s: 1,
            values: ValueMode::Real,
            ..Config::default()
        });
        let v = l.values.unwrap();
        let inputs = v.input.data();
        assert!(inputs.iter().all(|&x| (0.0..1.0).contains(&x)));
        let w = v.filters.as_ref().unwrap().weights();
        let mean = w.iter().map(|&x| x as f64).sum::<f64>() / w.len() as f64;
        let std =
            (w.iter().map(|&x| (x as f64 - mean).powi(2)).sum::<f64>() / w.len() as f64).sqrt();
        assert!(
            mean.abs() < 0.002 && (0.008..0.012).contains(&std),
            "mean {mean}, std {std}"
        );
        assert!(v.filters.unwrap().biases().iter().all(|&b| b == 0.0));
    }

    #[test]
    fn bias_off_means_zero_biases() {
        let l = layer(Config {
            k: 4,
            bias: false,
            ..Config::default()
        });
        assert!(l
            .values
            .unwrap()
            .filters
            .unwrap()
            .biases()
            .iter()
            .all(|&b| b == 0.0));
    }

    #[test]
    fn trace_total_is_the_output_cell_for_every_filter() {
        let l = layer(Config {
            d: 3,
            k: 2,
            p: 1,
            ..Config::default()
        });
        let out = &l.values.as_ref().unwrap().output;
        assert_eq!(out.depth(), 2);
        let positions = l.config.positions();
        assert_eq!(positions, 2 * 16);
        for step in 0..positions {
            let (k, r, c) = l.position(step).unwrap();
            let t = l.trace(step).unwrap();
            assert_eq!((t.filter, t.row, t.col), (k, r, c));
            assert_eq!(t.channels.len(), 3);
            assert_eq!(t.total, out.get(k, r, c).unwrap());
        }
        assert_eq!(l.position(positions), None);
        for step in 0..positions {
            let (k, r, c) = l.position(step).unwrap();
            assert_eq!(l.step_of(k, r, c), Some(step));
        }
        assert_eq!(l.step_of(2, 0, 0), None);
        assert_eq!(l.step_of(0, 4, 0), None);
        assert_eq!(
            l.position(16),
            Some((1, 0, 0)),
            "filter 1 starts after filter 0's 16"
        );
    }

    #[test]
    fn stride_three_is_drawn_with_the_reachable_positions() {
        let l = layer(Config {
            s: 3,
            ..Config::default()
        });
        assert!(l.exact.is_err());
        let g = l.shown.unwrap();
        assert_eq!((g.out_h(), g.out_w()), (2, 2));
        assert_eq!(g.rows.unreached, 1);
    }

    #[test]
    fn the_notes_pooling_figure_gives_6_8_3_4() {
        let c = crate::app::presets::PRESETS
            .iter()
            .find(|p| p.id == "pool-4x4")
            .unwrap()
            .config;
        let l = layer(c);
        let v = l.values.as_ref().unwrap();
        assert!(v.filters.is_none());
        assert_eq!(v.output.data(), &[6.0, 8.0, 3.0, 4.0]);
        let t = l.pool_trace(1).unwrap();
        assert_eq!((t.row, t.col, t.max), (0, 1, 8.0));
        assert_eq!(l.trace(1), None, "no dot product in a pooling layer");
    }

    #[test]
    fn pooling_padding_must_stay_below_the_window() {
        // 7 + 2·2 − 2 = 9 is odd for stride 2 as well: the padding error must still win, or
        // the picture would fall back to floor and pooling would refuse the padding.
        let c = Config {
            op: Op::MaxPool,
            f: 2,
            p: 2,
            ..Config::default()
        };
        assert!(matches!(
            c.geometry(),
            Err(ShapeError::PoolPaddingTooLarge { .. })
        ));
        let l = layer(c);
        assert!(l.values.is_none());
        let ok = layer(Config { p: 1, ..c });
        assert!(ok.values.is_some());
    }

    #[test]
    fn a_transposed_layer_is_the_cores_transposed_convolution() {
        use crate::cnn::{conv_transpose2d, DirectCell};
        let c = Config {
            d: 2,
            k: 2,
            bias: true,
            ..crate::app::presets::PRESETS
                .iter()
                .find(|p| p.id == "tconv-2x2-4x4")
                .unwrap()
                .config
        };
        let l = layer(c);
        let v = l.values.as_ref().unwrap();
        let want = conv_transpose2d(&v.input, v.filters.as_ref().unwrap(), &c.transpose_spec());
        assert_eq!(&v.output, &want.unwrap());
        assert_eq!((v.output.height(), v.output.width()), (4, 4));
        let (x, _) = v.direct.as_ref().unwrap();
        assert_eq!((x.height(), x.width()), (6, 6), "1 + 3 + 2 cells");
        assert_eq!(c.positions(), 2 * 16);
        // Output (0, 0): the window covers direct rows/columns 0–2: border, x0, inserted.
        let t = l.trace(0).unwrap();
        assert_eq!(t.total, v.output.get(0, 0, 0).unwrap());
        let real: Vec<(isize, isize)> = t.channels[0]
            .taps
            .iter()
            .filter(|tap| !tap.padding)
            .map(|tap| (tap.iy, tap.ix))
            .collect();
        assert_eq!(real, [(1, 1)], "only x[0][0] is input");
        let g = l.transpose.unwrap();
        assert_eq!(g.rows.cell(1), DirectCell::Input(0));
        // The scatter view: 2·2 input cells per map; after the last one, the map is done.
        assert_eq!(c.scatter_positions(), 2 * 4);
        assert_eq!(l.scatter_position(5), Some((1, 0, 1)));
        assert_eq!(l.scatter_step_of(1, 0, 1), Some(5));
        let full = l.scatter_partial(7).unwrap();
        assert_eq!((full.height(), full.width()), (6, 6), "4 + 2·1 trimmed");
        for r in 0..4 {
            for col in 0..4 {
                assert_eq!(full.get(0, r + 1, col + 1), v.output.get(1, r, col));
            }
        }
        let first = l.scatter_trace(4).unwrap();
        assert_eq!((first.filter, first.row, first.col), (1, 0, 0));
    }

    #[test]
    fn a_grouped_layer_draws_each_filter_against_its_group() {
        let c = Config {
            groups: 2,
            ..Config::square(Op::Conv, 5, 4, 2, 3, 1, 1)
        };
        let l = layer(c);
        let v = l.values.as_ref().unwrap();
        assert_eq!(v.filters.as_ref().unwrap().depth(), 2);
        let t = l.trace(c.positions() - 1).unwrap();
        assert_eq!(
            t.channels.iter().map(|ch| ch.channel).collect::<Vec<_>>(),
            [2, 3],
            "filter 1 reads channels 2 and 3"
        );
        assert_eq!(t.total, v.output.get(1, 4, 4).unwrap());
        // G = 3 does not divide 4: no values, and the reason is a sentence.
        let bad = layer(Config { groups: 3, ..c });
        assert!(bad.values.is_none());
        assert!(bad
            .exact
            .unwrap_err()
            .to_string()
            .contains("not divisible by G = 3"));
    }

    #[test]
    fn large_layers_have_geometry_but_no_values() {
        let l = layer(Config {
            n: 227,
            d: 3,
            k: 96,
            f: 11,
            s: 4,
            p: 0,
            ..Config::default()
        });
        assert_eq!(l.exact.as_ref().unwrap().out_h(), 55);
        assert!(l.values.is_none() && l.too_big.is_some());
        assert_eq!(l.position(0), None);
        assert_eq!(l.trace(0), None);
    }
}
