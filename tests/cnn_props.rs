//! Property tests: conv2d and max_pool2d against a deliberately naive reference that loops
//! over every output and computes every coordinate straight from the formulas (it shares no
//! code with the core), plus trace/forward agreement and "no panic for any usize".

use convscope::cnn::{
    conv2d, conv_cost, conv_trace, max_pool2d, plan_axis, pool_trace, Axis, FilterBank, Hw,
    Padding, Rounding, ShapeError, SplitMix64, Volume, WindowSpec,
};
use proptest::prelude::*;

const ROUNDINGS: [Rounding; 4] = [
    Rounding::Strict,
    Rounding::Floor,
    Rounding::Ceil,
    Rounding::Same,
];

/// The reference plan of one axis: (outputs, pad_lo, pad_hi), or None if no output exists.
fn ref_axis(
    n: usize,
    f: usize,
    s: usize,
    d: usize,
    lo: usize,
    hi: usize,
    r: Rounding,
) -> Option<(usize, usize, usize)> {
    let span = d * (f - 1) + 1;
    if r == Rounding::Same {
        let o = n.div_ceil(s);
        let need = (o - 1) * s + span;
        let total = need.saturating_sub(n);
        return Some((o, total / 2, total - total / 2));
    }
    let padded = n + lo + hi;
    if padded < span {
        return None;
    }
    let num = padded - span;
    let o = match r {
        Rounding::Strict if !num.is_multiple_of(s) => return None,
        Rounding::Ceil => {
            let mut o = num.div_ceil(s) + 1;
            if (o - 1) * s >= n + lo {
                o -= 1;
            }
            o
        }
        _ => num / s + 1,
    };
    Some((o, lo, hi))
}

#[derive(Clone, Debug)]
struct Case {
    depth: usize,
    k: usize,
    h: usize,
    w: usize,
    fh: usize,
    fw: usize,
    sh: usize,
    sw: usize,
    dh: usize,
    dw: usize,
    pad: Padding,
    rounding: Rounding,
    seed: u64,
}

impl Case {
    fn spec(&self) -> WindowSpec {
        WindowSpec {
            kernel: Hw::new(self.fh, self.fw),
            stride: Hw::new(self.sh, self.sw),
            dilation: Hw::new(self.dh, self.dw),
            padding: self.pad,
            rounding: self.rounding,
        }
    }

    /// Values in quarters, with ties and negatives (and sometimes −0.0).
    fn input(&self) -> Volume {
        let mut rng = SplitMix64::new(self.seed);
        Volume::from_fn(self.depth, self.h, self.w, |_, _, _| {
            let v = rng.int_in(-8, 8);
            if v == 0 && rng.int_in(0, 1) == 1 {
                -0.0
            } else {
                v as f32 / 4.0
            }
        })
        .unwrap()
    }

    fn filters(&self) -> FilterBank {
        let mut rng = SplitMix64::new(self.seed ^ 0xF00D);
        let mut rng2 = rng.clone();
        FilterBank::from_fn(
            self.k,
            self.depth,
            self.fh,
            self.fw,
            |_, _, _, _| rng.gaussian(0.0, 1.0) as f32,
            |_| rng2.int_in(-3, 3) as f32 / 2.0,
        )
        .unwrap()
    }

    fn rows(&self) -> Option<(usize, usize, usize)> {
        ref_axis(
            self.h,
            self.fh,
            self.sh,
            self.dh,
            self.pad.top,
            self.pad.bottom,
            self.rounding,
        )
    }

    fn cols(&self) -> Option<(usize, usize, usize)> {
        ref_axis(
            self.w,
            self.fw,
            self.sw,
            self.dw,
            self.pad.left,
            self.pad.right,
            self.rounding,
        )
    }
}

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

/// The input value at signed coordinates, or None in the padding.
fn at(x: &Volume, c: usize, y: i64, xx: i64) -> Option<f32> {
    if y < 0 || xx < 0 || y >= x.height() as i64 || xx >= x.width() as i64 {
        return None;
    }
    Some(x.data()[(c * x.height() + y as usize) * x.width() + xx as usize])
}

/// Naive conv: same summation order as documented (per channel from 0.0, then + bias).
fn ref_conv(x: &Volume, f: &FilterBank, c: &Case) -> Option<Vec<f32>> {
    let (oh, top, _) = c.rows()?;
    let (ow, left, _) = c.cols()?;
    let mut out = Vec::new();
    for k in 0..c.k {
        for oy in 0..oh {
            for ox in 0..ow {
                let mut total = 0.0f32;
                for ch in 0..c.depth {
                    let mut sum = 0.0f32;
                    for fy in 0..c.fh {
                        for fx in 0..c.fw {
                            let y = (oy * c.sh) as i64 - top as i64 + (fy * c.dh) as i64;
                            let xx = (ox * c.sw) as i64 - left as i64 + (fx * c.dw) as i64;
                            let w = f.weights()[((k * c.depth + ch) * c.fh + fy) * c.fw + fx];
                            sum += at(x, ch, y, xx).unwrap_or(0.0) * w;
                        }
                    }
                    total += sum;
                }
                out.push(total + f.biases()[k]);
            }
        }
    }
    Some(out)
}

/// Naive max pool: None when the layer is impossible (shape, pad ≥ span, all-padding window).
#[allow(clippy::type_complexity)]
fn ref_pool(x: &Volume, c: &Case) -> Option<(Vec<f32>, Vec<(usize, usize)>)> {
    let (oh, top, bottom) = c.rows()?;
    let (ow, left, right) = c.cols()?;
    let (span_h, span_w) = (c.dh * (c.fh - 1) + 1, c.dw * (c.fw - 1) + 1);
    if top >= span_h || bottom >= span_h || left >= span_w || right >= span_w {
        return None;
    }
    let (mut out, mut arg) = (Vec::new(), Vec::new());
    for ch in 0..c.depth {
        for oy in 0..oh {
            for ox in 0..ow {
                let mut best: Option<(f32, (usize, usize))> = None;
                for fy in 0..c.fh {
                    for fx in 0..c.fw {
                        let y = (oy * c.sh) as i64 - top as i64 + (fy * c.dh) as i64;
                        let xx = (ox * c.sw) as i64 - left as i64 + (fx * c.dw) as i64;
                        if let Some(v) = at(x, ch, y, xx) {
                            if best.is_none_or(|(b, _)| v > b) {
                                best = Some((v, (y as usize, xx as usize)));
                            }
                        }
                    }
                }
                let (v, a) = best?;
                out.push(v);
                arg.push(a);
            }
        }
    }
    Some((out, arg))
}

fn bits(v: &[f32]) -> Vec<u32> {
    v.iter().map(|x| x.to_bits()).collect()
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
                    prop_assert!(nf.input + 2 * p >= nf.span);
                    prop_assert_eq!((nf.input + 2 * p - nf.span) % nf.stride, 0);
                }
                // The smallest fitting padding is the smallest one there is.
                let smallest = (0..=2 * nf.span.max(nf.stride))
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
