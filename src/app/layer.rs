//! The layer the controls describe, with seeded example values: what the picture and the
//! read-outs are drawn from. Built once per configuration (the view memoises it).

use super::state::Config;
use crate::cnn::{
    conv2d, conv_trace, ConvTrace, FilterBank, Geometry, ShapeError, SplitMix64, Volume,
};

/// Small integers keep the dot product doable in one's head (the UX brief's "small integers"
/// mode): inputs 0..=3, weights −2..=2, bias −1..=1.
pub const INPUT_RANGE: (i32, i32) = (0, 3);
/// Weight range; see [`INPUT_RANGE`].
pub const WEIGHT_RANGE: (i32, i32) = (-2, 2);
/// Bias range; see [`INPUT_RANGE`].
pub const BIAS_RANGE: (i32, i32) = (-1, 1);

/// A seeded small integer for one cell. Each cell hashes its own coordinates, so growing N or F
/// keeps the values already on screen instead of reshuffling them.
pub fn cell_value(seed: u64, salt: u64, a: usize, b: usize, range: (i32, i32)) -> f32 {
    let key = seed
        ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ ((a as u64) << 32 | b as u64).wrapping_mul(0xD1B5_4A32_D192_ED03);
    SplitMix64::new(key).int_in(range.0, range.1) as f32
}

const INPUT_SALT: u64 = 1;
const WEIGHT_SALT: u64 = 2;
const BIAS_SALT: u64 = 3;

/// The single-channel, single-filter layer of the first page.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
    /// The controls it was built from.
    pub config: Config,
    /// The geometry under the lecture's rule, or why there is none.
    pub exact: Result<Geometry, ShapeError>,
    /// The geometry the picture animates (see [`Config::shown_geometry`]).
    pub shown: Option<Geometry>,
    /// The N×N input (depth 1).
    pub input: Volume,
    /// One F×F filter and its bias.
    pub filters: FilterBank,
    /// The activation map over the shown geometry.
    pub output: Option<Volume>,
}

impl Layer {
    /// Builds the layer, its values and its output.
    pub fn new(config: Config) -> Result<Layer, ShapeError> {
        let seed = config.seed;
        let input = Volume::from_fn(1, config.n, config.n, |_, y, x| {
            cell_value(seed, INPUT_SALT, y, x, INPUT_RANGE)
        })?;
        let filters = FilterBank::from_fn(
            1,
            1,
            config.f,
            config.f,
            |_, _, fy, fx| cell_value(seed, WEIGHT_SALT, fy, fx, WEIGHT_RANGE),
            |k| cell_value(seed, BIAS_SALT, k, 0, BIAS_RANGE),
        )?;
        let exact = config.geometry();
        let shown = config.shown_geometry();
        let output = match config.shown_spec() {
            Some(spec) => Some(conv2d(&input, &filters, &spec)?),
            None => None,
        };
        Ok(Layer {
            config,
            exact,
            shown,
            input,
            filters,
            output,
        })
    }

    /// Output (row, column) of a position in row-major order.
    pub fn position(&self, step: usize) -> Option<(usize, usize)> {
        let g = self.shown.as_ref()?;
        (step < g.positions()).then(|| (step / g.out_w(), step % g.out_w()))
    }

    /// The dot product at one position, for the arithmetic panel.
    pub fn trace(&self, step: usize) -> Option<ConvTrace> {
        let (row, col) = self.position(step)?;
        conv_trace(
            &self.input,
            &self.filters,
            self.shown.as_ref()?,
            0,
            row,
            col,
        )
        .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_seeded_and_stable_when_n_grows() {
        let a = Layer::new(Config::default()).unwrap();
        let b = Layer::new(Config {
            n: 9,
            ..Config::default()
        })
        .unwrap();
        assert_eq!(a.input.get(0, 3, 4), b.input.get(0, 3, 4));
        let again = Layer::new(Config::default()).unwrap();
        assert_eq!(a, again);
        let other = Layer::new(Config {
            seed: 2,
            ..Config::default()
        })
        .unwrap();
        assert_ne!(a.input, other.input);
    }

    #[test]
    fn values_stay_in_their_ranges() {
        let l = Layer::new(Config {
            n: 32,
            f: 11,
            ..Config::default()
        })
        .unwrap();
        assert!(l.input.data().iter().all(|&v| (0.0..=3.0).contains(&v)));
        assert!(l
            .filters
            .weights()
            .iter()
            .all(|&v| (-2.0..=2.0).contains(&v)));
        // Over 1024 cells every value of 0..=3 appears.
        for v in 0..=3 {
            assert!(l.input.data().contains(&(v as f32)));
        }
    }

    #[test]
    fn trace_total_is_the_output_cell() {
        let l = Layer::new(Config::default()).unwrap();
        let out = l.output.as_ref().unwrap();
        for step in 0..9 {
            let (r, c) = l.position(step).unwrap();
            assert_eq!(l.trace(step).unwrap().total, out.get(0, r, c).unwrap());
        }
        assert_eq!(l.position(9), None);
    }

    #[test]
    fn stride_three_is_drawn_with_the_reachable_positions() {
        let l = Layer::new(Config {
            s: 3,
            ..Config::default()
        })
        .unwrap();
        assert!(l.exact.is_err());
        let g = l.shown.unwrap();
        assert_eq!((g.out_h(), g.out_w()), (2, 2));
        assert_eq!(g.rows.unreached, 1);
    }
}
