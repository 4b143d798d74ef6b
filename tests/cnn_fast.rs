//! The fast conv and pool paths (packed, register-blocked, vectorised) against the scalar
//! reference, bit for bit, on shapes that exercise every tail: K not a multiple of the
//! filter block, widths not a multiple of the 8-column tile (16 for one filter), strides 1–3 (the stride-split
//! layout), dilations, asymmetric padding, Ceil overhangs and SAME.

use convscope::cnn::{
    conv2d, conv2d_reference, conv_map, max_pool2d, max_pool2d_reference, max_pool2d_values,
    FilterBank, Hw, Padding, Rounding, SplitMix64, Volume, WindowSpec,
};
use proptest::prelude::*;

const ROUNDINGS: [Rounding; 3] = [Rounding::Floor, Rounding::Ceil, Rounding::Same];

#[derive(Clone, Debug)]
struct Case {
    d: usize,
    k: usize,
    h: usize,
    w: usize,
    kernel: Hw,
    stride: Hw,
    dilation: Hw,
    pad: Padding,
    rounding: Rounding,
    seed: u64,
}

impl Case {
    fn spec(&self) -> WindowSpec {
        WindowSpec {
            kernel: self.kernel,
            stride: self.stride,
            dilation: self.dilation,
            padding: self.pad,
            rounding: self.rounding,
        }
    }

    /// Gaussian values with exact ties, −0.0 and the odd NaN or infinity, so a summation
    /// order, tie or NaN rule that differs shows up in the bits.
    fn input(&self) -> Volume {
        let mut rng = SplitMix64::new(self.seed);
        Volume::from_fn(self.d, self.h, self.w, |_, _, _| match rng.int_in(0, 99) {
            0 => f32::NAN,
            1 => f32::NEG_INFINITY,
            2 => -0.0,
            3..=20 => rng.int_in(-2, 2) as f32,
            _ => rng.gaussian(0.0, 1.0) as f32,
        })
        .unwrap()
    }

    fn filters(&self) -> FilterBank {
        let mut rng = SplitMix64::new(self.seed ^ 0xBEEF);
        let mut b = rng.clone();
        FilterBank::from_fn(
            self.k,
            self.d,
            self.kernel.h,
            self.kernel.w,
            |_, _, _, _| rng.gaussian(0.0, 0.5) as f32,
            |_| b.gaussian(0.0, 1.0) as f32,
        )
        .unwrap()
    }
}

fn case() -> impl Strategy<Value = Case> {
    (
        (1..=5usize, 1..=11usize, 1..=21usize, 1..=41usize),
        (1..=5usize, 1..=5usize, 1..=3usize, 1..=3usize),
        (1..=3usize, 1..=3usize),
        (0..=3usize, 0..=3usize, 0..=3usize, 0..=3usize),
        (0..3usize, any::<u64>()),
    )
        .prop_map(
            |((d, k, h, w), (fh, fw, sh, sw), (dh, dw), (t, l, b, r), (ri, seed))| Case {
                d,
                k,
                h,
                w,
                kernel: Hw::new(fh, fw),
                stride: Hw::new(sh, sw),
                dilation: Hw::new(dh, dw),
                pad: Padding {
                    top: t,
                    left: l,
                    bottom: b,
                    right: r,
                },
                rounding: ROUNDINGS[ri],
                seed,
            },
        )
}

/// Bits, with every NaN made one value (a NaN's payload is not part of the contract).
fn bits(v: &[f32]) -> Vec<u32> {
    v.iter()
        .map(|x| if x.is_nan() { u32::MAX } else { x.to_bits() })
        .collect()
}

/// The fast pooling paths (with and without the argmax) give the reference's bits and
/// positions, or the same error.
fn pool_matches_reference(x: &Volume, spec: &WindowSpec) -> Result<(), TestCaseError> {
    match (max_pool2d(x, spec), max_pool2d_reference(x, spec)) {
        (Ok(fast), Ok(slow)) => {
            prop_assert_eq!(bits(fast.output.data()), bits(slow.output.data()));
            prop_assert_eq!(fast.argmax, slow.argmax);
            let values = max_pool2d_values(x, spec).unwrap();
            prop_assert_eq!(bits(values.data()), bits(slow.output.data()));
        }
        (Err(a), Err(b)) => prop_assert_eq!(a, b),
        (a, b) => prop_assert!(false, "fast {:?} but reference {:?}", a.err(), b.err()),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn fast_conv_is_bitwise_the_reference(c in case()) {
        let (x, f) = (c.input(), c.filters());
        match (conv2d(&x, &f, &c.spec()), conv2d_reference(&x, &f, &c.spec())) {
            (Ok(fast), Ok(slow)) => {
                prop_assert_eq!(
                    (fast.depth(), fast.height(), fast.width()),
                    (slow.depth(), slow.height(), slow.width())
                );
                prop_assert_eq!(bits(fast.data()), bits(slow.data()));
            }
            (Err(a), Err(b)) => prop_assert_eq!(a, b),
            (a, b) => prop_assert!(false, "fast {:?} but reference {:?}", a.err(), b.err()),
        }
    }

    /// One map alone (`conv_map`, the one-filter kernel the real-image view's weight slider
    /// runs) is the reference's map, bit for bit: its 16-column tiles have tails of their
    /// own, and widths here reach 41.
    #[test]
    fn one_filter_map_is_bitwise_the_reference(c in case()) {
        let (x, f) = (c.input(), c.filters());
        let k = (c.seed % c.k as u64) as usize;
        if let Ok(slow) = conv2d_reference(&x, &f, &c.spec()) {
            let one = conv_map(&x, &f, k, &c.spec());
            prop_assert!(one.is_ok(), "{:?}", one.err());
            let one = one.unwrap();
            prop_assert_eq!((one.depth(), one.height(), one.width()), (1, slow.height(), slow.width()));
            prop_assert_eq!(bits(one.data()), bits(slow.slice(k).unwrap()));
        }
    }

    #[test]
    fn fast_pool_is_the_reference(c in case()) {
        let x = c.input();
        pool_matches_reference(&x, &c.spec())?;
    }
}

/// The 2×2, stride-2 windows (the common pool, which has its own vector path), on inputs
/// made mostly of ties: +0.0 against −0.0 (which one wins shows in the bits), equal
/// numbers and NaNs.
fn pool_2x2_case() -> impl Strategy<Value = (Case, bool)> {
    (
        (1..=3usize, 2..=9usize, 2..=45usize),
        (0..=1usize, 0..=1usize, 0..=1usize, 0..=1usize),
        (0..3usize, any::<u64>(), any::<bool>()),
    )
        .prop_map(|(size, pad, (ri, seed, ties))| {
            let window = (Hw::square(2), Hw::square(2), Hw::square(1));
            (pool_case(size, window, pad, ri, seed), ties)
        })
}

/// A pooling case: input (depth, height, width), window (kernel, stride, dilation), padding
/// (top, left, bottom, right), rounding (an index into `ROUNDINGS`) and seed.
fn pool_case(
    (d, h, w): (usize, usize, usize),
    (kernel, stride, dilation): (Hw, Hw, Hw),
    (top, left, bottom, right): (usize, usize, usize, usize),
    ri: usize,
    seed: u64,
) -> Case {
    Case {
        d,
        k: 1,
        h,
        w,
        kernel,
        stride,
        dilation,
        pad: Padding {
            top,
            left,
            bottom,
            right,
        },
        rounding: ROUNDINGS[ri],
        seed,
    }
}

/// Values from {+0.0, −0.0, 1, −1, NaN}: nearly every window has a tie. Without `nan`, a
/// zero in the NaN's place: the fast paths redo a row with a NaN tap by tap, so only ties
/// without one reach the order in which their passes take the maxima.
fn tied_input(c: &Case, nan: bool) -> Volume {
    let mut rng = SplitMix64::new(c.seed);
    Volume::from_fn(c.d, c.h, c.w, |_, _, _| match rng.int_in(0, 9) {
        0..=2 => 0.0,
        3..=5 => -0.0,
        6 => 1.0,
        7 => -1.0,
        8 => {
            if nan {
                f32::NAN
            } else {
                0.0
            }
        }
        _ => rng.gaussian(0.0, 1.0) as f32,
    })
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn fast_pool_2x2_stride_2_is_the_reference((c, ties) in pool_2x2_case()) {
        let x = if ties { tied_input(&c, true) } else { c.input() };
        pool_matches_reference(&x, &c.spec())?;
    }
}

/// Windows other than 2×2 with stride 2, with runs of at least four interior windows (the
/// path that keeps each input row's maxima for the output rows that share it), a third of
/// them 3×3 with stride 2 (which has a path of its own): on plain values, on ties with and
/// without NaNs, and on values with a rare NaN and both infinities (a row whose only "NaN"
/// is +∞ − ∞ in the sum that looks for one).
fn pool_window_case() -> impl Strategy<Value = (Case, u8)> {
    (
        (1..=3usize, 3..=12usize, 8..=45usize),
        (
            2..=4usize,
            2..=4usize,
            1..=3usize,
            1..=3usize,
            1..=2usize,
            1..=2usize,
        ),
        (0..=1usize, 0..=1usize, 0..=1usize, 0..=1usize),
        (0..3usize, any::<u64>(), 0..4u8, any::<bool>()),
    )
        .prop_map(
            |(size, (fh, fw, sh, sw, dh, dw), pad, (ri, seed, kind, three))| {
                let window = if three {
                    (Hw::square(3), Hw::square(2), Hw::square(1))
                } else {
                    (Hw::new(fh, fw), Hw::new(sh, sw), Hw::new(dh, dw))
                };
                (pool_case(size, window, pad, ri, seed), kind)
            },
        )
}

/// Gaussian values with, now and then, a NaN, +∞ or −∞.
fn rare_specials(c: &Case) -> Volume {
    let mut rng = SplitMix64::new(c.seed);
    Volume::from_fn(c.d, c.h, c.w, |_, _, _| match rng.int_in(0, 199) {
        0 => f32::NAN,
        1..=3 => f32::INFINITY,
        4..=6 => f32::NEG_INFINITY,
        _ => rng.gaussian(0.0, 1.0) as f32,
    })
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn fast_pool_other_windows_is_the_reference((c, kind) in pool_window_case()) {
        let x = match kind {
            0 => {
                let mut rng = SplitMix64::new(c.seed);
                Volume::from_fn(c.d, c.h, c.w, |_, _, _| rng.gaussian(0.0, 1.0) as f32).unwrap()
            }
            1 => tied_input(&c, true),
            2 => tied_input(&c, false),
            _ => rare_specials(&c),
        };
        pool_matches_reference(&x, &c.spec())?;
    }
}

/// The benchmark's workloads B, C and D cut down (C: all 16 blocks of filters over a 3-channel
/// input; D: its depth on a 9 × 9 input), fast against reference: the
/// large-channel and many-tile cases the random shapes above rarely reach.
#[test]
fn benchmark_shapes_match_the_reference() {
    for (d, n, k, f, p) in [
        (3, 32, 10, 5, 2),
        (64, 9, 64, 3, 1),
        (3, 37, 13, 3, 1),
        (3, 30, 64, 3, 1),
    ] {
        let c = Case {
            d,
            k,
            h: n,
            w: n,
            kernel: Hw::square(f),
            stride: Hw::square(1),
            dilation: Hw::square(1),
            pad: Padding::uniform(p),
            rounding: Rounding::Floor,
            seed: 5,
        };
        let (x, fb) = (c.input(), c.filters());
        let fast = conv2d(&x, &fb, &c.spec()).unwrap();
        let slow = conv2d_reference(&x, &fb, &c.spec()).unwrap();
        assert_eq!(
            bits(fast.data()),
            bits(slow.data()),
            "{d}x{n}x{n}, K={k}, F={f}"
        );
    }
}

/// The sign of a zero at the two places the fast path adds instead of starting from 0.0:
/// one channel only (the output is `(0.0 + sum) + bias`) and the first channel of several
/// (its totals start at `0.0 + sum`). With +0.0 inputs, a filter of negative weights makes
/// every product −0.0, so a channel sum that starts from its first product is −0.0; the
/// reference's running total starts at +0.0 and ends +0.0, and with a −0.0 bias the output
/// shows which: +0.0 it must be (`sum + bias` alone would give −0.0).
#[test]
fn zero_sums_keep_the_reference_sign() {
    for (d, k) in [(1, 5), (2, 4), (3, 9)] {
        let x = Volume::from_fn(d, 6, 19, |_, _, _| 0.0).unwrap();
        // Filters 0, 2, 4, … negative (−0.0 products), the others positive (+0.0).
        let f = FilterBank::from_fn(
            k,
            d,
            3,
            3,
            |kk, c, fy, fx| {
                let w = 1.0 + (c + fy + fx) as f32 / 4.0;
                if kk % 2 == 0 {
                    -w
                } else {
                    w
                }
            },
            |_| -0.0,
        )
        .unwrap();
        let spec = WindowSpec {
            kernel: Hw::square(3),
            stride: Hw::square(1),
            dilation: Hw::square(1),
            padding: Padding::uniform(1),
            rounding: Rounding::Floor,
        };
        let fast = conv2d(&x, &f, &spec).unwrap();
        let slow = conv2d_reference(&x, &f, &spec).unwrap();
        assert_eq!(bits(fast.data()), bits(slow.data()), "depth {d}, K = {k}");
        assert!(
            slow.data().iter().all(|v| v.to_bits() == 0),
            "depth {d}: all +0.0"
        );
    }
}
