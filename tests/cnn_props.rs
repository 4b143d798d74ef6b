//! Property tests: conv2d and max_pool2d against a deliberately naive reference that loops
//! over every output and computes every coordinate straight from the formulas (it shares no
//! code with the core), plus trace/forward agreement and "no panic for any usize".

mod common;

use common::{at, bits, ref_conv, ref_pool, Case, ROUNDINGS};
use convscope::cnn::{
    conv2d, conv_cost, conv_trace, max_pool2d, plan_axis, pool_trace, Axis, Hw, Padding, Rounding,
    ShapeError, WindowSpec,
};
use proptest::prelude::*;

fn case() -> impl Strategy<Value = Case> {
    (
        (1..=3usize, 1..=3usize, 1..=9usize, 1..=9usize),
        (1..=4usize, 1..=4usize, 1..=3usize, 1..=3usize),
        (1..=2usize, 1..=2usize),
        (0..=3usize, 0..=3usize, 0..=3usize, 0..=3usize),
        (0..4usize, any::<u64>()),
    )
        .prop_map(
            |((depth, k, h, w), (fh, fw, sh, sw), (dh, dw), (t, l, b, r), (ri, seed))| Case {
                depth,
                k,
                h,
                w,
                fh,
                fw,
                sh,
                sw,
                dh,
                dw,
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn conv2d_matches_the_naive_reference(c in case()) {
        let (x, f) = (c.input(), c.filters());
        let expected = ref_conv(&x, &f, &c);
        match conv2d(&x, &f, &c.spec()) {
            Ok(out) => {
                let expected = expected.expect("core gave an output the reference says is impossible");
                let (oh, _, _) = c.rows().unwrap();
                let (ow, _, _) = c.cols().unwrap();
                prop_assert_eq!((out.depth(), out.height(), out.width()), (c.k, oh, ow));
                prop_assert_eq!(bits(out.data()), bits(&expected));
            }
            Err(e) => {
                prop_assert!(expected.is_none(), "core error {e:?} for a possible shape");
                let shape_error =
                    matches!(e, ShapeError::DoesNotFit(_) | ShapeError::KernelTooLarge { .. });
                prop_assert!(shape_error, "unexpected error {:?}", e);
                prop_assert!(!e.to_string().is_empty());
            }
        }
    }

    #[test]
    fn geometry_matches_the_reference(c in case()) {
        match c.spec().geometry(c.h, c.w) {
            Ok(g) => {
                let (oh, t, b) = c.rows().expect("reference: impossible rows");
                let (ow, l, r) = c.cols().expect("reference: impossible cols");
                prop_assert_eq!((g.out_h(), g.out_w()), (oh, ow));
                prop_assert_eq!(g.padding(), Padding { top: t, left: l, bottom: b, right: r });
                for (p, n, f, s, d, lo, hi, o) in [
                    (g.rows, c.h, c.fh, c.sh, c.dh, t, b, oh),
                    (g.cols, c.w, c.fw, c.sw, c.dw, l, r, ow),
                ] {
                    let span = d * (f - 1) + 1;
                    let padded = n + lo + hi;
                    let end = (o - 1) * s + span;
                    prop_assert_eq!(p.span, span);
                    prop_assert_eq!(p.padded(), padded);
                    prop_assert_eq!(p.unreached, padded.saturating_sub(end));
                    prop_assert_eq!(p.overhang, end.saturating_sub(padded));
                    prop_assert_eq!(p.start(o - 1), ((o - 1) * s) as isize - lo as isize);
                    if c.rounding != Rounding::Ceil {
                        prop_assert_eq!(p.overhang, 0);
                    }
                }
            }
            Err(ShapeError::DoesNotFit(nf)) => {
                prop_assert_eq!(c.rounding, Rounding::Strict);
                prop_assert!(nf.remainder > 0 && nf.remainder < nf.stride);
                prop_assert_eq!(nf.numerator % nf.stride, nf.remainder);
                for &p in &nf.fitting_paddings {
                    prop_assert!(p < nf.span);
                    prop_assert!(nf.input + 2 * p >= nf.span);
                    prop_assert_eq!((nf.input + 2 * p - nf.span) % nf.stride, 0);
                }
                // The smallest fitting padding is the smallest one below the span there is.
                let smallest = (0..nf.span)
                    .find(|&p| nf.input + 2 * p >= nf.span
                        && (nf.input + 2 * p - nf.span) % nf.stride == 0);
                prop_assert_eq!(nf.fitting_paddings.first().copied(), smallest);
                for &s in &nf.fitting_strides {
                    prop_assert_eq!(nf.numerator % s, 0);
                }
                prop_assert_eq!(nf.fitting_strides[0], 1);
            }
            Err(e) => {
                prop_assert!(c.rows().is_none() || c.cols().is_none(), "{e:?}");
            }
        }
    }

    #[test]
    fn max_pool2d_matches_the_naive_reference(c in case()) {
        let x = c.input();
        let expected = ref_pool(&x, &c);
        match max_pool2d(&x, &c.spec()) {
            Ok(p) => {
                let (out, arg) = expected.expect("core pooled where the reference cannot");
                prop_assert_eq!(p.output.depth(), c.depth);
                prop_assert_eq!(bits(p.output.data()), bits(&out));
                prop_assert_eq!(p.argmax, arg);
            }
            Err(e) => {
                prop_assert!(expected.is_none(), "core error {e:?} for a possible pool");
                prop_assert!(!e.to_string().is_empty());
            }
        }
    }

    #[test]
    fn conv_trace_is_bitwise_the_output(c in case()) {
        let (x, f) = (c.input(), c.filters());
        let spec = c.spec();
        let Ok(out) = conv2d(&x, &f, &spec) else { return Ok(()) };
        let g = spec.geometry(c.h, c.w).unwrap();
        for k in 0..c.k {
            for r in 0..g.out_h() {
                for col in 0..g.out_w() {
                    let t = conv_trace(&x, &f, &g, k, r, col).unwrap();
                    prop_assert_eq!(Some(t.total.to_bits()), out.get(k, r, col).map(f32::to_bits));
                    let mut total = 0.0f32;
                    for (ch, ct) in t.channels.iter().enumerate() {
                        prop_assert_eq!(ct.channel, ch);
                        prop_assert_eq!(ct.taps.len(), c.fh * c.fw);
                        let mut sum = 0.0f32;
                        for tap in &ct.taps {
                            let inside = at(&x, ch, tap.iy as i64, tap.ix as i64);
                            prop_assert_eq!(tap.padding, inside.is_none());
                            prop_assert_eq!(tap.input.to_bits(), inside.unwrap_or(0.0).to_bits());
                            prop_assert_eq!(Some(tap.weight), f.weight(k, ch, tap.fy, tap.fx));
                            prop_assert_eq!(tap.product.to_bits(), (tap.input * tap.weight).to_bits());
                            sum += tap.product;
                        }
                        prop_assert_eq!(sum.to_bits(), ct.sum.to_bits());
                        total += ct.sum;
                    }
                    prop_assert_eq!((total + t.bias).to_bits(), t.total.to_bits());
                }
            }
        }
    }

    #[test]
    fn pool_trace_agrees_with_max_pool2d(c in case()) {
        let x = c.input();
        let spec = c.spec();
        let g = spec.geometry(c.h, c.w);
        match max_pool2d(&x, &spec) {
            Ok(p) => {
                let g = g.unwrap();
                let (oh, ow) = (g.out_h(), g.out_w());
                for ch in 0..c.depth {
                    for r in 0..oh {
                        for col in 0..ow {
                            let t = pool_trace(&x, &g, ch, r, col).unwrap();
                            let i = (ch * oh + r) * ow + col;
                            prop_assert_eq!(t.max.to_bits(), p.output.data()[i].to_bits());
                            let cell = t.cells[t.argmax];
                            prop_assert!(!cell.padding);
                            prop_assert_eq!((cell.iy as usize, cell.ix as usize), p.argmax[i]);
                            prop_assert_eq!(cell.value.to_bits(), t.max.to_bits());
                            // Nothing before the argmax reaches the max; nothing after exceeds it.
                            for (j, other) in t.cells.iter().enumerate() {
                                let ok = if j < t.argmax {
                                    other.value < t.max
                                } else {
                                    other.value <= t.max
                                };
                                prop_assert!(ok, "cell {} beats the argmax {}", j, t.argmax);
                                prop_assert_eq!(other.padding, other.value == f32::NEG_INFINITY);
                            }
                        }
                    }
                }
            }
            Err(e) => {
                // A trace exists exactly where max_pool2d succeeds.
                if let Ok(g) = g {
                    prop_assert_eq!(pool_trace(&x, &g, 0, 0, 0).unwrap_err(), e);
                }
            }
        }
    }

    #[test]
    fn plan_axis_never_panics(
        n in any::<usize>(), f in any::<usize>(), s in any::<usize>(), d in any::<usize>(),
        lo in any::<usize>(), hi in any::<usize>(), ri in 0..4usize, small in any::<bool>(),
    ) {
        // Half the cases near zero, where most branches are.
        let m = |v: usize| if small { v % 12 } else { v };
        let (n, f, s, d, lo, hi) = (m(n), m(f), m(s), m(d), m(lo), m(hi));
        let r = ROUNDINGS[ri];
        match plan_axis(Axis::Width, n, f, s, d, lo, hi, r) {
            Ok(p) => {
                prop_assert!(p.output >= 1);
                let _ = (p.start(p.output - 1), p.tap(p.output - 1, p.kernel - 1), p.padded());
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
        let _ = WindowSpec::square(f, s, lo).with_rounding(r).geometry(n, hi);
        let _ = conv_cost(n, f, Hw::new(s, d), Hw::new(lo, hi), small);
    }
}
