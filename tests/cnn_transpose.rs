//! Transposed and grouped convolution: against deliberately naive references (a scatter
//! loop for the transpose, a per-group loop for groups; neither shares code with the core),
//! the adjoint property ⟨conv(x), y⟩ = ⟨x, conv_transpose(y)⟩, the output-size formula,
//! PyTorch's output-padding rule, and the parameter counts of grouped layers.

use convscope::cnn::{
    adjoint_filters, conv2d, conv2d_grouped, conv_cost_grouped, conv_trace_grouped,
    conv_transpose2d, flip, plan_transpose_axis, stretch, Axis, DirectCell, FilterBank, GroupCount,
    Hw, Padding, Rounding, ShapeError, SplitMix64, TransposeSpec, Volume, WindowSpec,
};
use proptest::prelude::*;

/// Small integers, so every sum is exact in f32 whatever the order.
fn ints(rng: &mut SplitMix64, n: usize) -> Vec<f32> {
    (0..n).map(|_| rng.int_in(-3, 3) as f32).collect()
}

fn volume(rng: &mut SplitMix64, d: usize, h: usize, w: usize) -> Volume {
    Volume::from_vec(d, h, w, ints(rng, d * h * w)).unwrap()
}

fn bank(rng: &mut SplitMix64, k: usize, d: usize, fh: usize, fw: usize) -> FilterBank {
    let b = ints(rng, k);
    FilterBank::new(k, d, fh, fw, ints(rng, k * d * fh * fw), b).unwrap()
}

/// The transposed convolution by its definition: every input cell adds its value times the
/// filter into the output, S apart, then the padding trims the edges. PyTorch's weight
/// layout: w[c_in][k_out_in_group][fy][fx].
#[allow(clippy::too_many_arguments)]
fn scatter_reference(
    x: &Volume,
    w: &FilterBank, // direct orientation: K × (D/G)
    s: Hw,
    d: Hw,
    pad: Padding,
    a: Hw,
    groups: usize,
) -> Option<Volume> {
    let (fh, fw) = (w.height(), w.width());
    let full_h = (x.height() - 1) * s.h + d.h * (fh - 1) + 1 + a.h;
    let full_w = (x.width() - 1) * s.w + d.w * (fw - 1) + 1 + a.w;
    if full_h <= pad.top + pad.bottom || full_w <= pad.left + pad.right {
        return None;
    }
    let (oh, ow) = (full_h - pad.top - pad.bottom, full_w - pad.left - pad.right);
    let k = w.count();
    let (dg, kg) = (x.depth() / groups, k / groups);
    let mut out = vec![0f32; k * oh * ow];
    for c in 0..x.depth() {
        let g = c / dg;
        for ko in g * kg..(g + 1) * kg {
            for iy in 0..x.height() {
                for ix in 0..x.width() {
                    for fy in 0..fh {
                        for fx in 0..fw {
                            let py = (iy * s.h + fy * d.h) as i64 - pad.top as i64;
                            let px = (ix * s.w + fx * d.w) as i64 - pad.left as i64;
                            if py < 0 || px < 0 || py >= oh as i64 || px >= ow as i64 {
                                continue;
                            }
                            let v = x.get(c, iy, ix).unwrap()
                                * w.weight(ko, c - g * dg, fy, fx).unwrap();
                            out[(ko * oh + py as usize) * ow + px as usize] += v;
                        }
                    }
                }
            }
        }
    }
    for ko in 0..k {
        for i in 0..oh * ow {
            out[ko * oh * ow + i] += w.bias(ko).unwrap();
        }
    }
    Some(Volume::from_vec(k, oh, ow, out).unwrap())
}

/// Grouped convolution by its definition, straight from the formula.
fn grouped_reference(x: &Volume, w: &FilterBank, spec: &WindowSpec, groups: usize) -> Volume {
    let g = spec.geometry(x.height(), x.width()).unwrap();
    let (dg, kg) = (x.depth() / groups, w.count() / groups);
    Volume::from_fn(w.count(), g.out_h(), g.out_w(), |k, oy, ox| {
        let grp = k / kg;
        let mut total = 0.0;
        for c in 0..dg {
            for fy in 0..w.height() {
                for fx in 0..w.width() {
                    let iy = (oy * spec.stride.h + fy * spec.dilation.h) as i64
                        - spec.padding.top as i64;
                    let ix = (ox * spec.stride.w + fx * spec.dilation.w) as i64
                        - spec.padding.left as i64;
                    if iy >= 0 && ix >= 0 {
                        if let Some(v) = x.get(grp * dg + c, iy as usize, ix as usize) {
                            total += v * w.weight(k, c, fy, fx).unwrap();
                        }
                    }
                }
            }
        }
        total + w.bias(k).unwrap()
    })
    .unwrap()
}

fn dot(a: &Volume, b: &Volume) -> f64 {
    assert_eq!(
        (a.depth(), a.height(), a.width()),
        (b.depth(), b.height(), b.width())
    );
    a.data()
        .iter()
        .zip(b.data())
        .map(|(&x, &y)| x as f64 * y as f64)
        .sum()
}

#[test]
fn the_standard_output_sizes() {
    // (N, F, S, P, a) → O = S(N − 1) + a + F − 2P.
    for (n, f, s, p, a, o) in [
        (2, 3, 2, 1, 1, 4),  // the 2×2 → 4×4 of the issue
        (2, 3, 1, 0, 0, 4),  // no zeros inserted: "full" convolution
        (2, 3, 2, 0, 0, 5),  // conv_arithmetic's 2×2 → 5×5
        (3, 3, 2, 1, 0, 5),  // DCGAN-like: 3 → 5
        (4, 4, 2, 1, 0, 8),  // DCGAN's 4×4 kernel, stride 2: doubles
        (5, 3, 1, 1, 0, 5),  // stride 1, P = 1 keeps the size
        (7, 2, 2, 0, 0, 14), // the 2×2 "unpooling"-like upsampling
        (4, 3, 2, 1, 1, 8),  // output_padding makes 3×3/S2/P1 exactly double
    ] {
        let g = TransposeSpec::square(f, s, p, a).geometry(n, n).unwrap();
        assert_eq!((g.out_h(), g.out_w()), (o, o), "{n} {f} {s} {p} {a}");
        assert_eq!(g.direct.out_h(), o);
        assert_eq!(g.rows.stretched, (n - 1) * s + 1);
        assert_eq!(g.rows.zeros_between(), s - 1);
        assert_eq!(g.rows.border_lo, (f - 1 - p) as isize);
        assert_eq!(g.rows.border_hi, (f - 1 - p + a) as isize);
    }
}

#[test]
fn two_by_two_to_four_by_four_is_drawn_as_the_issue_says() {
    // 2×2, F 3, S 2, P 1, a 1: x0 0 x1 with 1 border before and 2 after.
    let g = TransposeSpec::square(3, 2, 1, 1).geometry(2, 2).unwrap();
    let cells: Vec<DirectCell> = (0..6).map(|q| g.rows.cell(q)).collect();
    assert_eq!(
        cells,
        [
            DirectCell::Border,
            DirectCell::Input(0),
            DirectCell::Inserted,
            DirectCell::Input(1),
            DirectCell::Border,
            DirectCell::Border,
        ]
    );
    assert_eq!(g.rows.direct_of(1), Some(3));
    // Scatter: input 1 writes outputs 1·2 + f − 1 = 1, 2, 3 through taps 0, 1, 2.
    assert_eq!(
        (0..3).map(|f| g.rows.scatter(1, f)).collect::<Vec<_>>(),
        [Some(1), Some(2), Some(3)]
    );
    assert_eq!(g.rows.scatter(0, 0), None, "trimmed by the padding");
}

#[test]
fn output_padding_follows_pytorchs_rule() {
    // a < S, or a < d.
    assert!(plan_transpose_axis(Axis::Width, 2, 3, 2, 1, 1, 1, 1).is_ok());
    let e = plan_transpose_axis(Axis::Width, 2, 3, 2, 1, 1, 1, 2).unwrap_err();
    assert_eq!(
        e,
        ShapeError::OutputPaddingTooLarge {
            axis: Axis::Width,
            output_padding: 2,
            stride: 2,
            dilation: 1
        }
    );
    assert_eq!(
        e.to_string(),
        "The output padding a = 2 along the width must be smaller than the stride S = 2 or \
         the dilation d = 1 (PyTorch's rule): it only picks which of the input sizes that a \
         stride-2 convolution maps to one output size the transposed one gives back."
    );
    // Stride 1 allows no output padding, unless the dilation does.
    assert!(plan_transpose_axis(Axis::Height, 3, 3, 1, 1, 0, 0, 1).is_err());
    assert!(plan_transpose_axis(Axis::Height, 3, 3, 1, 2, 0, 0, 1).is_ok());
    // The case PyTorch reports: a = 2, S = 2, d = (2, 3): the height fails, the width passes.
    let spec = TransposeSpec {
        dilation: Hw::new(2, 3),
        ..TransposeSpec::square(5, 2, 1, 2)
    };
    assert!(matches!(
        spec.geometry(73, 97),
        Err(ShapeError::OutputPaddingTooLarge {
            axis: Axis::Height,
            ..
        })
    ));
}

#[test]
fn padding_that_trims_everything_says_so() {
    let e = TransposeSpec::square(1, 1, 1, 0)
        .geometry(2, 2)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "Along the height, (N − 1)·S + span + a = 2 rows but the padding trims 2 rows: \
         nothing of the output is left."
    );
    assert!(matches!(
        TransposeSpec::square(3, 2, 0, 0).geometry(0, 2),
        Err(ShapeError::ZeroSize { .. })
    ));
    assert!(matches!(
        TransposeSpec::square(3, 0, 0, 0).geometry(2, 2),
        Err(ShapeError::ZeroStride { .. })
    ));
    // Absurd sizes report an overflow instead of panicking.
    assert!(matches!(
        TransposeSpec::square(3, usize::MAX, 0, 0).geometry(3, 3),
        Err(ShapeError::Overflow { .. })
    ));
}

#[test]
fn padding_beyond_span_crops_the_stretched_input() {
    // N 3, F 2, S 2, P 2: full 4 + 2 = 6, trimmed 4 → 2; border 1 − 2 = −1 crops one cell.
    let g = TransposeSpec::square(2, 2, 2, 0).geometry(3, 3).unwrap();
    assert!(g.crops());
    assert_eq!((g.rows.crop_lo(), g.rows.kept(), g.out_h()), (1, 3, 2));
    assert_eq!(g.rows.direct_len(), 3);
    assert_eq!(
        (0..3).map(|q| g.rows.cell(q)).collect::<Vec<_>>(),
        [
            DirectCell::Inserted,
            DirectCell::Input(1),
            DirectCell::Inserted
        ]
    );
    let mut rng = SplitMix64::new(5);
    let x = volume(&mut rng, 1, 3, 3);
    let w = bank(&mut rng, 1, 1, 2, 2);
    let spec = TransposeSpec::square(2, 2, 2, 0);
    assert_eq!(
        conv_transpose2d(&x, &w, &spec).unwrap(),
        scatter_reference(
            &x,
            &w,
            spec.stride,
            spec.dilation,
            spec.padding,
            spec.output_padding,
            1
        )
        .unwrap()
    );
}

#[test]
fn a_hand_checked_transposed_convolution() {
    // 1 channel, 2×2 input [1 2; 3 4], 2×2 filter [1 0; 0 1], stride 2, no padding: each
    // input stamps a scaled identity into its own 2×2 block.
    let x = Volume::from_vec(1, 2, 2, vec![1.0, 2.0, 3.0, 4.0]).unwrap();
    let w = FilterBank::new(1, 1, 2, 2, vec![1.0, 0.0, 0.0, 1.0], vec![0.5]).unwrap();
    let y = conv_transpose2d(&x, &w, &TransposeSpec::square(2, 2, 0, 0)).unwrap();
    assert_eq!(
        y.data(),
        &[
            1.5, 0.5, 2.5, 0.5, //
            0.5, 1.5, 0.5, 2.5, //
            3.5, 0.5, 4.5, 0.5, //
            0.5, 3.5, 0.5, 4.5,
        ]
    );
    // Stride 1 with a 3×3 filter of ones: the "full" convolution sums overlapping stamps.
    let w = FilterBank::new(1, 1, 3, 3, vec![1.0; 9], vec![0.0]).unwrap();
    let y = conv_transpose2d(&x, &w, &TransposeSpec::square(3, 1, 0, 0)).unwrap();
    assert_eq!(y.get(0, 0, 0), Some(1.0));
    assert_eq!(y.get(0, 1, 1), Some(10.0), "all four inputs overlap here");
    assert_eq!(y.get(0, 3, 3), Some(4.0));
}

#[test]
fn the_trace_of_the_direct_view_is_the_output_bit_for_bit() {
    let mut rng = SplitMix64::new(11);
    let x = Volume::from_fn(4, 3, 2, |_, _, _| rng.next_f64() as f32 - 0.5).unwrap();
    let w = FilterBank::from_fn(
        6,
        2,
        3,
        2,
        |_, _, _, _| (rng.next_f64() as f32 - 0.5) * 0.1,
        |_| 0.25,
    )
    .unwrap();
    let spec = TransposeSpec {
        kernel: Hw::new(3, 2),
        stride: Hw::new(2, 3),
        dilation: Hw::new(1, 2),
        padding: Padding {
            top: 1,
            left: 0,
            bottom: 2,
            right: 1,
        },
        output_padding: Hw::new(1, 2),
        groups: 2,
    };
    let y = conv_transpose2d(&x, &w, &spec).unwrap();
    let g = spec.geometry(3, 2).unwrap();
    let (sx, fw) = (stretch(&x, &g).unwrap(), flip(&w).unwrap());
    for k in 0..6 {
        for r in 0..g.out_h() {
            for c in 0..g.out_w() {
                let t = conv_trace_grouped(&sx, &fw, &g.direct, 2, k, r, c).unwrap();
                assert_eq!(t.total.to_bits(), y.get(k, r, c).unwrap().to_bits());
                // Filters 0–2 read channels 0–1, filters 3–5 channels 2–3.
                let first = if k < 3 { 0 } else { 2 };
                assert_eq!(
                    t.channels.iter().map(|c| c.channel).collect::<Vec<_>>(),
                    [first, first + 1]
                );
            }
        }
    }
}

#[test]
fn grouped_errors_are_sentences() {
    let x = Volume::zeros(3, 4, 4).unwrap();
    let w = FilterBank::zeros(4, 1, 3, 3).unwrap();
    let spec = WindowSpec::square(3, 1, 0);
    let e = conv2d_grouped(&x, &w, &spec, 2).unwrap_err();
    assert_eq!(
        e,
        ShapeError::GroupsDoNotDivide {
            what: GroupCount::InputDepth,
            value: 3,
            groups: 2
        }
    );
    assert_eq!(
        e.to_string(),
        "The input depth D₁ = 3 is not divisible by G = 2: its channels cannot be split into 2 equal groups."
    );
    let x4 = Volume::zeros(4, 4, 4).unwrap();
    let w3 = FilterBank::zeros(3, 2, 3, 3).unwrap();
    assert_eq!(
        conv2d_grouped(&x4, &w3, &spec, 2).unwrap_err().to_string(),
        "K = 3 filters cannot be split into G = 2 equal groups: K must be divisible by G as well."
    );
    let e = conv2d_grouped(&x4, &w, &spec, 2).unwrap_err();
    assert_eq!(
        e.to_string(),
        "With G = 2 groups each filter spans D₁/G = 2 channels of the input's 4, but the filters have depth 1."
    );
    assert!(matches!(
        conv2d_grouped(&x4, &w, &spec, 0),
        Err(ShapeError::ZeroSize { .. })
    ));
    assert!(matches!(
        conv_trace_grouped(
            &x4,
            &FilterBank::zeros(4, 2, 3, 3).unwrap(),
            &spec.geometry(4, 4).unwrap(),
            2,
            4,
            0,
            0
        ),
        Err(ShapeError::OutOfRange { what: "filter", .. })
    ));
}

#[test]
fn grouped_parameter_counts() {
    let params = |d, k, g, f| {
        conv_cost_grouped(d, k, g, Hw::square(f), Hw::square(1), true)
            .unwrap()
            .params
    };
    // F·F·(D₁/G)·K + K.
    assert_eq!(params(32, 64, 1, 3), 3 * 3 * 32 * 64 + 64); // 18,496
    assert_eq!(params(32, 64, 2, 3), 3 * 3 * 16 * 64 + 64); // 9,280
    assert_eq!(params(32, 32, 32, 3), 3 * 3 * 32 + 32); // depthwise: 320
    assert_eq!(params(4, 8, 4, 3), 3 * 3 * 8 + 8); // depth multiplier 2: 80
                                                   // AlexNet conv2: 27×27×96 → 256 filters 5×5 in 2 groups: 307,456 (the paper's two GPUs).
    assert_eq!(params(96, 256, 2, 5), 307_456);
    // Depthwise-separable 3×3 on 32 → 64: 320 + (1·1·32·64 + 64) = 2,432 against 18,496.
    assert_eq!(params(32, 32, 32, 3) + params(32, 64, 1, 1), 2_432);
    assert!(conv_cost_grouped(3, 4, 2, Hw::square(3), Hw::square(1), true).is_err());
}

#[test]
fn depthwise_is_one_convolution_per_channel() {
    let mut rng = SplitMix64::new(3);
    let x = volume(&mut rng, 3, 6, 5);
    let w = bank(&mut rng, 3, 1, 3, 3);
    let spec = WindowSpec::square(3, 1, 1);
    let y = conv2d_grouped(&x, &w, &spec, 3).unwrap();
    for c in 0..3 {
        let xc = Volume::from_vec(1, 6, 5, x.slice(c).unwrap().to_vec()).unwrap();
        let wc = FilterBank::new(
            1,
            1,
            3,
            3,
            w.weights()[c * 9..(c + 1) * 9].to_vec(),
            vec![w.bias(c).unwrap()],
        )
        .unwrap();
        assert_eq!(
            conv2d(&xc, &wc, &spec).unwrap().data(),
            y.slice(c).unwrap(),
            "channel {c}"
        );
    }
}

#[derive(Clone, Debug)]
struct Case {
    d: usize,
    k: usize,
    g: usize,
    h: usize,
    w: usize,
    f: Hw,
    s: Hw,
    dil: Hw,
    pad: Padding,
    seed: u64,
}

fn case() -> impl Strategy<Value = Case> {
    (
        (1usize..=3, 1usize..=3, 1usize..=3),
        (1usize..=6, 1usize..=6),
        (
            1usize..=3,
            1usize..=3,
            1usize..=3,
            1usize..=3,
            1usize..=2,
            1usize..=2,
        ),
        (0usize..=3, 0usize..=3, 0usize..=3, 0usize..=3),
        any::<u64>(),
    )
        .prop_map(
            |((g, dg, kg), (h, w), (fh, fw, sh, sw, dh, dw), (t, l, b, r), seed)| Case {
                d: g * dg,
                k: g * kg,
                g,
                h,
                w,
                f: Hw::new(fh, fw),
                s: Hw::new(sh, sw),
                dil: Hw::new(dh, dw),
                pad: Padding {
                    top: t,
                    left: l,
                    bottom: b,
                    right: r,
                },
                seed,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// conv_transpose2d equals the scatter definition for every valid output padding.
    #[test]
    fn transpose_matches_the_scatter_reference(c in case(), ah in 0usize..3, aw in 0usize..3) {
        let mut rng = SplitMix64::new(c.seed);
        let x = volume(&mut rng, c.d, c.h, c.w);
        let w = bank(&mut rng, c.k, c.d / c.g, c.f.h, c.f.w);
        let spec = TransposeSpec {
            kernel: c.f,
            stride: c.s,
            dilation: c.dil,
            padding: c.pad,
            output_padding: Hw::new(ah, aw),
            groups: c.g,
        };
        let got = conv_transpose2d(&x, &w, &spec);
        // The height is checked before the width; per axis, a before the output size.
        let axes = [
            (Axis::Height, ah, c.s.h, c.dil.h, c.h, c.f.h, c.pad.top + c.pad.bottom),
            (Axis::Width, aw, c.s.w, c.dil.w, c.w, c.f.w, c.pad.left + c.pad.right),
        ];
        for (axis, a, s, d, n, f, trim) in axes {
            if a >= s && a >= d {
                prop_assert!(matches!(got, Err(ShapeError::OutputPaddingTooLarge { axis: e, .. }) if e == axis), "{got:?}");
                return Ok(());
            }
            if (n - 1) * s + d * (f - 1) + 1 + a <= trim {
                prop_assert!(matches!(got, Err(ShapeError::TransposeNoOutput { axis: e, .. }) if e == axis), "{got:?}");
                return Ok(());
            }
        }
        let want = scatter_reference(&x, &w, c.s, c.dil, c.pad, Hw::new(ah, aw), c.g);
        prop_assert_eq!(got.unwrap(), want.unwrap());
    }

    /// The transposed convolution is the adjoint of the convolution with the same stride,
    /// padding, dilation and groups: ⟨conv(x), y⟩ = ⟨x, conv_transpose(y)⟩.
    #[test]
    fn transpose_is_the_adjoint_of_conv(c in case()) {
        let fwd = WindowSpec {
            kernel: c.f,
            stride: c.s,
            dilation: c.dil,
            padding: c.pad,
            rounding: Rounding::Floor,
        };
        let Ok(geo) = fwd.geometry(c.h, c.w) else { return Ok(()) };
        let mut rng = SplitMix64::new(c.seed);
        let x = volume(&mut rng, c.d, c.h, c.w);
        let wf = FilterBank::new(
            c.k,
            c.d / c.g,
            c.f.h,
            c.f.w,
            ints(&mut rng, c.k * (c.d / c.g) * c.f.h * c.f.w),
            vec![0.0; c.k],
        )
        .unwrap();
        let y = volume(&mut rng, c.k, geo.out_h(), geo.out_w());
        let cx = conv2d_grouped(&x, &wf, &fwd, c.g).unwrap();
        // The output padding that gives back the input size: Floor's remainder (< S).
        let a = Hw::new(
            c.h + c.pad.top + c.pad.bottom - geo.rows.span - (geo.out_h() - 1) * c.s.h,
            c.w + c.pad.left + c.pad.right - geo.cols.span - (geo.out_w() - 1) * c.s.w,
        );
        let tspec = TransposeSpec {
            kernel: c.f,
            stride: c.s,
            dilation: c.dil,
            padding: c.pad,
            output_padding: a,
            groups: c.g,
        };
        let ty = conv_transpose2d(&y, &adjoint_filters(&wf, c.g).unwrap(), &tspec).unwrap();
        prop_assert_eq!((ty.depth(), ty.height(), ty.width()), (c.d, c.h, c.w));
        prop_assert_eq!(dot(&cx, &y), dot(&x, &ty));
    }

    /// Grouped conv equals the per-group definition, and its trace equals it bit for bit.
    #[test]
    fn grouped_matches_the_reference(c in case(), real in any::<bool>()) {
        let spec = WindowSpec {
            kernel: c.f,
            stride: c.s,
            dilation: c.dil,
            padding: c.pad,
            rounding: Rounding::Floor,
        };
        let Ok(geo) = spec.geometry(c.h, c.w) else { return Ok(()) };
        let mut rng = SplitMix64::new(c.seed);
        let (x, w) = if real {
            (
                Volume::from_fn(c.d, c.h, c.w, |_, _, _| rng.next_f64() as f32).unwrap(),
                FilterBank::from_fn(c.k, c.d / c.g, c.f.h, c.f.w, |_, _, _, _| rng.gaussian(0.0, 0.01) as f32, |_| 0.0).unwrap(),
            )
        } else {
            (volume(&mut rng, c.d, c.h, c.w), bank(&mut rng, c.k, c.d / c.g, c.f.h, c.f.w))
        };
        let y = conv2d_grouped(&x, &w, &spec, c.g).unwrap();
        if !real {
            prop_assert_eq!(&y, &grouped_reference(&x, &w, &spec, c.g));
        }
        for k in 0..c.k {
            let t = conv_trace_grouped(&x, &w, &geo, c.g, k, geo.out_h() - 1, 0).unwrap();
            prop_assert_eq!(t.total.to_bits(), y.get(k, geo.out_h() - 1, 0).unwrap().to_bits());
        }
    }
}

#[test]
fn the_scatter_trace_adds_up_to_the_output() {
    use convscope::cnn::scatter_trace;
    let mut rng = SplitMix64::new(21);
    let x = volume(&mut rng, 4, 3, 2);
    let w = bank(&mut rng, 6, 2, 3, 2);
    let spec = TransposeSpec {
        kernel: Hw::new(3, 2),
        stride: Hw::new(2, 1),
        dilation: Hw::new(1, 2),
        padding: Padding {
            top: 1,
            left: 1,
            bottom: 2,
            right: 0,
        },
        output_padding: Hw::new(1, 1),
        groups: 2,
    };
    let g = spec.geometry(3, 2).unwrap();
    let y = conv_transpose2d(&x, &w, &spec).unwrap();
    for k in 0..6 {
        let mut acc = vec![w.bias(k).unwrap(); g.out_h() * g.out_w()];
        for r in 0..3 {
            for c in 0..2 {
                let t = scatter_trace(&x, &w, &g, 2, k, r, c).unwrap();
                assert_eq!(
                    t.stamps.len(),
                    2 * 3 * 2,
                    "two channels of its group, 3×2 taps"
                );
                for s in &t.stamps {
                    assert_eq!(
                        s.channel / 2,
                        k / 3,
                        "a filter stamps only its group's channels"
                    );
                    if let Some((oy, ox)) = s.out {
                        assert_eq!((s.full.0 - 1, s.full.1 - 1), (oy, ox));
                        acc[oy * g.out_w() + ox] += s.product;
                    }
                }
            }
        }
        assert_eq!(acc, y.slice(k).unwrap(), "map {k}");
    }
    assert!(matches!(
        scatter_trace(&x, &w, &g, 2, 0, 3, 0),
        Err(ShapeError::OutOfRange {
            what: "input row",
            ..
        })
    ));
}
