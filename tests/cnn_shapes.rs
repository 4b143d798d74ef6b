//! Output-size arithmetic, parameter counts and error messages: every numeric example of the
//! CS231n Lecture 5 notes and of the framework notes (prior-art §4).

use convscope::cnn::{
    conv2d, conv_cost, dense_params, max_pool2d, plan_axis, Axis, AxisPlan, Dense, FilterBank, Hw,
    NotFit, Padding, Rounding, ShapeError, Volume, WindowSpec,
};

/// One axis with symmetric padding and dilation 1.
fn plan(n: usize, f: usize, s: usize, p: usize, r: Rounding) -> Result<AxisPlan, ShapeError> {
    plan_axis(Axis::Height, n, f, s, 1, p, p, r)
}

fn out(n: usize, f: usize, s: usize, p: usize, r: Rounding) -> usize {
    plan(n, f, s, p, r).unwrap().output
}

fn not_fit(n: usize, f: usize, s: usize, p: usize) -> NotFit {
    match plan(n, f, s, p, Rounding::Strict) {
        Err(ShapeError::DoesNotFit(nf)) => nf,
        other => panic!("expected DoesNotFit, got {other:?}"),
    }
}

#[test]
fn lecture_7x7_with_3x3_filter() {
    // (7 − 3)/1 + 1 = 5 and (7 − 3)/2 + 1 = 3.
    assert_eq!(out(7, 3, 1, 0, Rounding::Strict), 5);
    assert_eq!(out(7, 3, 2, 0, Rounding::Strict), 3);
    let g = WindowSpec::square(3, 2, 0).geometry(7, 7).unwrap();
    assert_eq!((g.out_h(), g.out_w(), g.positions()), (3, 3, 9));
}

#[test]
fn lecture_stride_3_does_not_fit() {
    // (7 − 3)/3 + 1 = 2.33: numerator 4, remainder 1.
    let nf = not_fit(7, 3, 3, 0);
    assert_eq!(nf.axis, Axis::Height);
    assert_eq!((nf.input, nf.span, nf.stride), (7, 3, 3));
    assert_eq!((nf.numerator, nf.remainder, nf.unreached), (4, 1, 1));
    // P = 1: (7 + 2 − 3)/3 + 1 = 3. P = 4 fits too, (7 + 8 − 3)/3 + 1 = 5, but a padding
    // of a whole filter or more leaves windows of zeros at the edges: no advice.
    assert_eq!(nf.fitting_paddings, vec![1]);
    // 4 is divisible by 1, 2 and 4.
    assert_eq!(nf.fitting_strides, vec![1, 2, 4]);
    assert!((nf.exact_output() - 7.0 / 3.0).abs() < 1e-12);
    let msg = ShapeError::DoesNotFit(nf).to_string();
    assert_eq!(
        msg,
        "(7 − 3 + 2·0) / 3 + 1 = 2.33 is not a whole number: along the height, the windows \
         never reach the last 1 row of the padded input. Padding P = 1 would fit, as would stride \
         S = 1, 2 or 4."
    );
    // Torch/PyTorch/Caffe floor it: 2 outputs, the last row is never read.
    let floor = plan(7, 3, 3, 0, Rounding::Floor).unwrap();
    assert_eq!((floor.output, floor.unreached, floor.overhang), (2, 1, 0));
    // Ceil keeps a third window that starts inside the input and overhangs by 2.
    let ceil = plan(7, 3, 3, 0, Rounding::Ceil).unwrap();
    assert_eq!((ceil.output, ceil.unreached, ceil.overhang), (3, 0, 2));
}

#[test]
fn zero_padding_makes_strides_1_2_3_fit() {
    // With P = 1 the padded 9×9 input fits strides 1, 2 and 3: 7, 4 and 3 outputs.
    assert_eq!(out(7, 3, 1, 1, Rounding::Strict), 7);
    assert_eq!(out(7, 3, 2, 1, Rounding::Strict), 4);
    assert_eq!(out(7, 3, 3, 1, Rounding::Strict), 3);
}

#[test]
fn lecture_32x32x3_six_5x5_filters() {
    let input = Volume::zeros(3, 32, 32).unwrap();
    let filters = FilterBank::zeros(6, 3, 5, 5).unwrap();
    let out = conv2d(&input, &filters, &WindowSpec::square(5, 1, 0)).unwrap();
    assert_eq!((out.depth(), out.height(), out.width()), (6, 28, 28));
    // Stacking without padding shrinks by 4 each time: 32 → 28 → 24.
    let second = FilterBank::zeros(10, 6, 5, 5).unwrap();
    let out2 = conv2d(&out, &second, &WindowSpec::square(5, 1, 0)).unwrap();
    assert_eq!((out2.depth(), out2.height(), out2.width()), (10, 24, 24));
    // P = 2 keeps 32.
    assert_eq!(out_of(32, 5, 1, 2), 32);
}

fn out_of(n: usize, f: usize, s: usize, p: usize) -> usize {
    out(n, f, s, p, Rounding::Strict)
}

#[test]
fn lecture_ten_5x5_filters_pad_2() {
    // (32 + 2·2 − 5)/1 + 1 = 32 → 32×32×10.
    let input = Volume::zeros(3, 32, 32).unwrap();
    let filters = FilterBank::zeros(10, 3, 5, 5).unwrap();
    let out = conv2d(&input, &filters, &WindowSpec::square(5, 1, 2)).unwrap();
    assert_eq!((out.depth(), out.height(), out.width()), (10, 32, 32));
    // 5·5·3 + 1 = 76 per filter, 760 in all.
    let c = conv_cost(3, 10, Hw::square(5), Hw::square(32), true).unwrap();
    assert_eq!(c.weights_per_filter, 75);
    assert_eq!((c.weights, c.biases, c.params), (750, 10, 760));
    assert_eq!(c.output_elems, 32 * 32 * 10);
    assert_eq!(c.output_bytes, 32 * 32 * 10 * 4);
    assert_eq!(c.macs, 75 * 32 * 32 * 10);
    let no_bias = conv_cost(3, 10, Hw::square(5), Hw::square(32), false).unwrap();
    assert_eq!((no_bias.biases, no_bias.params), (0, 750));
}

#[test]
fn common_settings_keep_the_size() {
    for n in 1..=64 {
        assert_eq!(out_of(n, 3, 1, 1), n, "F3 S1 P1, N = {n}");
        assert_eq!(out_of(n, 1, 1, 0), n, "F1 S1 P0, N = {n}");
        assert_eq!(out_of(n, 5, 1, 2), n, "F5 S1 P2, N = {n}");
    }
}

#[test]
fn f5_s2_whatever_fits() {
    // 32 − 5 = 27 is odd, so no symmetric padding fits stride 2; divisors of 27 do.
    let nf = not_fit(32, 5, 2, 0);
    assert!(nf.fitting_paddings.is_empty());
    assert_eq!(nf.fitting_strides, vec![1, 3, 9, 27]);
    let msg = ShapeError::DoesNotFit(nf).to_string();
    assert!(msg.contains("(32 − 5 + 2·0) / 2 + 1 = 14.5"), "{msg}");
    assert!(
        msg.contains("No equal padding on both sides fits stride 2"),
        "{msg}"
    );
    assert!(msg.contains("S = 1, 3, 9 or 27"), "{msg}");
    // 31 − 5 = 26 is even: P = 0, 1, 2, 3 all fit.
    assert_eq!(out_of(31, 5, 2, 0), 14);
    assert_eq!(out_of(31, 5, 2, 2), 16);
}

#[test]
fn torch_floor_formula() {
    // owidth = floor((width + 2·padW − kW)/dW + 1) whenever the kernel fits.
    for n in 1..=20usize {
        for f in 1..=6usize {
            for s in 1..=4usize {
                for p in 0..=3usize {
                    let r = plan(n, f, s, p, Rounding::Floor);
                    if n + 2 * p < f {
                        assert!(matches!(r, Err(ShapeError::KernelTooLarge { .. })));
                    } else {
                        let torch = ((n + 2 * p - f) as f64 / s as f64 + 1.0).floor() as usize;
                        assert_eq!(r.unwrap().output, torch, "{n} {f} {s} {p}");
                    }
                }
            }
        }
    }
}

#[test]
fn caffe_conv1_227() {
    // (227 − 11)/4 + 1 = 55; 11·11·3·96 + 96 = 34,944 parameters.
    assert_eq!(out_of(227, 11, 4, 0), 55);
    let c = conv_cost(3, 96, Hw::square(11), Hw::square(55), true).unwrap();
    assert_eq!(c.params, 34_944);
    assert_eq!(c.weights_per_filter, 363);
    assert_eq!(c.macs, 363 * 55 * 55 * 96);
    // One real filter over the real input size.
    let input = Volume::zeros(3, 227, 227).unwrap();
    let one = FilterBank::zeros(1, 3, 11, 11).unwrap();
    let o = conv2d(&input, &one, &WindowSpec::square(11, 4, 0)).unwrap();
    assert_eq!((o.height(), o.width()), (55, 55));
}

#[test]
fn alexnet_224_does_not_fit() {
    // (224 − 11)/4 + 1 = 54.25.
    let nf = not_fit(224, 11, 4, 0);
    assert_eq!((nf.numerator, nf.remainder), (213, 1));
    // 213 is odd: no symmetric padding fits stride 4.
    assert!(nf.fitting_paddings.is_empty());
    assert_eq!(nf.fitting_strides, vec![1, 3, 71, 213]);
    let msg = ShapeError::DoesNotFit(nf).to_string();
    assert!(
        msg.starts_with("(224 − 11 + 2·0) / 4 + 1 = 54.25 is not"),
        "{msg}"
    );
    let floor = plan(224, 11, 4, 0, Rounding::Floor).unwrap();
    assert_eq!((floor.output, floor.unreached), (54, 1));
}

#[test]
fn pool_112_floor_and_ceil() {
    // (112 − 3)/2 + 1 = 55.5: floor 55 (PyTorch default), ceil 56 (Caffe, ceil_mode).
    let f = plan(112, 3, 2, 0, Rounding::Floor).unwrap();
    assert_eq!((f.output, f.unreached, f.overhang), (55, 1, 0));
    let c = plan(112, 3, 2, 0, Rounding::Ceil).unwrap();
    assert_eq!((c.output, c.unreached, c.overhang), (56, 0, 1));
    assert_eq!(c.start(55), 110);
    let input = Volume::zeros(1, 112, 112).unwrap();
    let spec = WindowSpec::square(3, 2, 0);
    let pf = max_pool2d(&input, &spec.with_rounding(Rounding::Floor)).unwrap();
    let pc = max_pool2d(&input, &spec.with_rounding(Rounding::Ceil)).unwrap();
    assert_eq!(pf.output.height(), 55);
    assert_eq!(pc.output.width(), 56);
}

#[test]
fn tf_same_6_3_2() {
    // ⌈6/2⌉ = 3; total = (3 − 1)·2 + 3 − 6 = 1 → 0 top/left, 1 bottom/right.
    let a = plan_axis(Axis::Width, 6, 3, 2, 1, 0, 0, Rounding::Same).unwrap();
    assert_eq!((a.output, a.pad_lo, a.pad_hi, a.padded()), (3, 0, 1, 7));
    assert_eq!((a.unreached, a.overhang), (0, 0));
    // The padding in the spec is ignored under Same.
    let spec = WindowSpec {
        padding: Padding::uniform(5),
        ..WindowSpec::square(3, 2, 0)
    }
    .with_rounding(Rounding::Same);
    let g = spec.geometry(6, 6).unwrap();
    assert_eq!(
        g.padding(),
        Padding {
            top: 0,
            left: 0,
            bottom: 1,
            right: 1
        }
    );
    assert_eq!((g.out_h(), g.out_w()), (3, 3));
    // Stride 1, odd kernel: ⌊F/2⌋ on each side.
    let s = plan_axis(Axis::Height, 5, 3, 1, 1, 0, 0, Rounding::Same).unwrap();
    assert_eq!((s.output, s.pad_lo, s.pad_hi), (5, 1, 1));
    // Even kernel: the odd one goes bottom/right.
    let e = plan_axis(Axis::Height, 5, 4, 1, 1, 0, 0, Rounding::Same).unwrap();
    assert_eq!((e.output, e.pad_lo, e.pad_hi), (5, 1, 2));
    // A 1×1 kernel with stride 2 over 6: no padding, the last column is never read.
    let u = plan_axis(Axis::Width, 6, 1, 2, 1, 0, 0, Rounding::Same).unwrap();
    assert_eq!((u.output, u.pad_lo, u.pad_hi, u.unreached), (3, 0, 0, 1));
}

#[test]
fn cs231n_demo_and_10_3_2() {
    // The CS231n demo: (5 − 3 + 2)/2 + 1 = 3.
    assert_eq!(out_of(5, 3, 2, 1), 3);
    // (10 − 3)/2 + 1 = 4.5: invalid under the lecture's rule, 4 when floored.
    let nf = not_fit(10, 3, 2, 0);
    assert!((nf.exact_output() - 4.5).abs() < 1e-12);
    assert_eq!(nf.fitting_paddings, Vec::<usize>::new());
    assert!(ShapeError::DoesNotFit(nf)
        .to_string()
        .contains("= 4.5 is not"));
    assert_eq!(out(10, 3, 2, 0, Rounding::Floor), 4);
}

#[test]
fn dilation() {
    // span = 2·(3 − 1) + 1 = 5; (7 − 5)/1 + 1 = 3.
    let a = plan_axis(Axis::Width, 7, 3, 1, 2, 0, 0, Rounding::Strict).unwrap();
    assert_eq!((a.span, a.output), (5, 3));
    assert_eq!((a.tap(2, 0), a.tap(2, 1), a.tap(2, 2)), (2, 4, 6));
}

#[test]
fn ceil_drops_a_window_starting_in_the_padding() {
    // N 5, F 2, S 2, P 1: ⌈5/2⌉ + 1 = 4, but window 3 would start at 3·2 − 1 = 5, in the
    // bottom padding: dropped, as in PyTorch → 3 (= floor here), 1 padded row unreached.
    let c = plan(5, 2, 2, 1, Rounding::Ceil).unwrap();
    assert_eq!((c.output, c.unreached, c.overhang), (3, 1, 0));
    assert_eq!(plan(5, 2, 2, 1, Rounding::Floor).unwrap().output, 3);
    // Without padding the extra window starts at 4, inside the input: kept, overhang 1.
    let k = plan(5, 2, 2, 0, Rounding::Ceil).unwrap();
    assert_eq!((k.output, k.overhang), (3, 1));
    assert_eq!(plan(5, 2, 2, 0, Rounding::Floor).unwrap().output, 2);
}

#[test]
fn axis_plan_coordinates() {
    let a = plan(5, 3, 2, 1, Rounding::Strict).unwrap();
    assert_eq!((a.start(0), a.start(1), a.start(2)), (-1, 1, 3));
    assert_eq!(a.tap(0, 0), -1);
    assert_eq!(a.tap(2, 2), 5);
    assert_eq!(a.padded(), 7);
    // Saturates instead of overflowing.
    assert_eq!(a.start(usize::MAX), isize::MAX);
    assert_eq!(Axis::Height.to_string(), "height");
    assert_eq!(Axis::Width.noun(), "column");
}

#[test]
fn fully_connected_params() {
    // 32·32·3 = 3072 inputs → 10 scores: 30,720 weights + 10 biases.
    assert_eq!(dense_params(3072, 10).unwrap(), 30_730);
    let fc = Dense::from_fn(3072, 10, |_, _| 0.0, |_| 0.0).unwrap();
    assert_eq!(fc.param_count(), 30_730);
    assert_eq!((fc.inputs(), fc.outputs()), (3072, 10));
}

#[test]
fn geometry_axes_are_independent() {
    let spec = WindowSpec {
        kernel: Hw::new(3, 2),
        stride: Hw::new(1, 2),
        dilation: Hw::new(1, 1),
        padding: Padding {
            top: 1,
            left: 0,
            bottom: 0,
            right: 1,
        },
        rounding: Rounding::Strict,
    };
    // Rows: (4 + 1 − 3)/1 + 1 = 3; columns: (5 + 1 − 2)/2 + 1 = 3.
    let g = spec.geometry(4, 5).unwrap();
    assert_eq!((g.out_h(), g.out_w()), (3, 3));
    assert_eq!(g.padding(), spec.padding);
    // A height error is reported before a width error.
    let bad = WindowSpec::square(3, 3, 0).geometry(7, 0).unwrap_err();
    assert!(matches!(bad, ShapeError::DoesNotFit(ref nf) if nf.axis == Axis::Height));
}

// ---- every error variant, with its numbers in the message ----

fn msg(e: &ShapeError) -> String {
    let m = e.to_string();
    assert!(!m.is_empty());
    assert!(m.ends_with('.'), "{m}");
    m
}

#[test]
fn plan_axis_check_order() {
    let r = Rounding::Strict;
    assert_eq!(
        plan_axis(Axis::Height, 0, 0, 0, 0, 0, 0, r),
        Err(ShapeError::ZeroSize {
            what: "input height"
        })
    );
    assert_eq!(
        plan_axis(Axis::Width, 5, 0, 0, 0, 0, 0, r),
        Err(ShapeError::ZeroSize {
            what: "filter width"
        })
    );
    assert_eq!(
        plan_axis(Axis::Width, 5, 3, 0, 0, 0, 0, r),
        Err(ShapeError::ZeroStride { axis: Axis::Width })
    );
    assert_eq!(
        plan_axis(Axis::Width, 5, 3, 1, 0, 0, 0, r),
        Err(ShapeError::ZeroDilation { axis: Axis::Width })
    );
    assert_eq!(
        plan_axis(Axis::Width, 5, 3, 1, usize::MAX, 0, 0, r),
        Err(ShapeError::Overflow {
            what: "filter span"
        })
    );
    // Kernel too large is reported before "does not fit".
    assert_eq!(
        plan_axis(Axis::Height, 10, 11, 4, 1, 0, 0, r),
        Err(ShapeError::KernelTooLarge {
            axis: Axis::Height,
            span: 11,
            padded: 10
        })
    );
}

#[test]
fn error_messages_have_their_numbers() {
    let m = msg(&ShapeError::ZeroSize {
        what: "input height",
    });
    assert_eq!(m, "The input height is 0; it must be at least 1.");
    let m = msg(&ShapeError::ZeroStride { axis: Axis::Width });
    assert!(
        m.contains("width stride is 0") && m.contains("1 column"),
        "{m}"
    );
    let m = msg(&ShapeError::ZeroDilation { axis: Axis::Height });
    assert!(
        m.contains("height dilation is 0") && m.contains("dilation 0"),
        "{m}"
    );
    let m = msg(&plan(10, 11, 1, 0, Rounding::Floor).unwrap_err());
    assert_eq!(
        m,
        "The filter spans 11 rows but the padded input has only 10 rows along the height: \
         it is larger than the input."
    );
    let m = msg(&ShapeError::DepthMismatch {
        input: 3,
        filters: 2,
    });
    assert!(m.contains("depth 2") && m.contains("depth 3"), "{m}");
    let m = msg(&ShapeError::KernelMismatch {
        spec: Hw::new(3, 3),
        filters: Hw::new(5, 4),
    });
    assert!(m.contains("3×3") && m.contains("5×4"), "{m}");
    let e = Volume::from_vec(1, 2, 2, vec![0.0; 3]).unwrap_err();
    assert_eq!(
        e,
        ShapeError::DataLength {
            what: "volume values",
            expected: 4,
            got: 3
        }
    );
    assert_eq!(msg(&e), "Expected 4 for the volume values, but got 3.");
    let m = msg(&ShapeError::Overflow {
        what: "padded input height",
    });
    assert!(
        m.contains("padded input height") && m.contains("too large"),
        "{m}"
    );
    let m = msg(&ShapeError::PoolPaddingTooLarge {
        axis: Axis::Width,
        pad: 2,
        span: 2,
    });
    assert!(m.contains("padding of 2") && m.contains("span 2"), "{m}");
    let m = msg(&ShapeError::WindowAllPadding { row: 0, col: 1 });
    assert!(m.contains("row 0, column 1"), "{m}");
    let m = msg(&ShapeError::OutOfRange {
        what: "filter",
        index: 5,
        len: 2,
    });
    assert_eq!(m, "There is no filter 5: valid ones are 0 to 1.");
    let m = msg(&ShapeError::OutOfRange {
        what: "channel",
        index: 0,
        len: 0,
    });
    assert!(m.contains("channel 0"), "{m}");
    let nf = not_fit(7, 3, 3, 0);
    assert!(msg(&ShapeError::DoesNotFit(nf)).contains("2.33"));
    // Asymmetric padding is written out as lo + hi.
    let a = plan_axis(Axis::Width, 7, 3, 3, 1, 1, 0, Rounding::Strict).unwrap_err();
    let m = msg(&a);
    assert!(m.starts_with("(7 − 3 + 1 + 0) / 3 + 1 = 2.67"), "{m}");
    assert!(m.contains("last 2 columns"), "{m}");
    // A ShapeError is a std error.
    let boxed: Box<dyn std::error::Error> = Box::new(a);
    assert!(!boxed.to_string().is_empty());
}

#[test]
fn errors_are_reachable_through_the_api() {
    let x = Volume::zeros(3, 4, 4).unwrap();
    let f2 = FilterBank::zeros(1, 2, 3, 3).unwrap();
    assert_eq!(
        conv2d(&x, &f2, &WindowSpec::square(3, 1, 0)),
        Err(ShapeError::DepthMismatch {
            input: 3,
            filters: 2
        })
    );
    let f3 = FilterBank::zeros(1, 3, 3, 3).unwrap();
    assert_eq!(
        conv2d(&x, &f3, &WindowSpec::square(2, 1, 0)),
        Err(ShapeError::KernelMismatch {
            spec: Hw::square(2),
            filters: Hw::square(3)
        })
    );
    assert!(matches!(
        conv2d(&x, &f3, &WindowSpec::square(3, 2, 0)),
        Err(ShapeError::DoesNotFit(_))
    ));
    assert_eq!(
        Volume::zeros(1, 0, 3),
        Err(ShapeError::ZeroSize {
            what: "volume height"
        })
    );
    assert_eq!(
        FilterBank::zeros(0, 1, 3, 3),
        Err(ShapeError::ZeroSize {
            what: "filter count"
        })
    );
    assert_eq!(
        FilterBank::new(2, 1, 1, 1, vec![1.0, 2.0], vec![0.0]),
        Err(ShapeError::DataLength {
            what: "filter biases",
            expected: 2,
            got: 1
        })
    );
    assert_eq!(
        FilterBank::new(2, 1, 1, 1, vec![1.0], vec![0.0, 0.0]),
        Err(ShapeError::DataLength {
            what: "filter weights",
            expected: 2,
            got: 1
        })
    );
    assert_eq!(
        Dense::new(2, 1, vec![1.0], vec![0.0]),
        Err(ShapeError::DataLength {
            what: "FC weights",
            expected: 2,
            got: 1
        })
    );
    assert_eq!(
        Dense::new(2, 1, vec![1.0, 1.0], vec![]),
        Err(ShapeError::DataLength {
            what: "FC biases",
            expected: 1,
            got: 0
        })
    );
    assert_eq!(
        Dense::new(0, 1, vec![], vec![0.0]),
        Err(ShapeError::ZeroSize { what: "FC inputs" })
    );
    assert_eq!(
        dense_params(3, 0),
        Err(ShapeError::ZeroSize { what: "FC outputs" })
    );
    assert_eq!(
        conv_cost(0, 1, Hw::square(1), Hw::square(1), true),
        Err(ShapeError::ZeroSize {
            what: "input depth"
        })
    );
    assert_eq!(
        conv_cost(1, 1, Hw::square(1), Hw::new(1, 0), true),
        Err(ShapeError::ZeroSize {
            what: "output width"
        })
    );
}

#[test]
fn huge_values_overflow_instead_of_panicking() {
    let m = usize::MAX;
    for r in [
        Rounding::Strict,
        Rounding::Floor,
        Rounding::Ceil,
        Rounding::Same,
    ] {
        // N + 2P overflows.
        assert!(
            matches!(
                plan_axis(Axis::Height, m, 3, 1, 1, 1, 1, r),
                Err(ShapeError::Overflow { .. })
            ) || r == Rounding::Same
        );
        // A span that overflows.
        assert!(matches!(
            plan_axis(Axis::Width, 5, m, 1, 2, 0, 0, r),
            Err(ShapeError::Overflow { .. })
        ));
        // Huge but representable sizes plan without overflow or panic.
        let a = plan_axis(Axis::Width, m - 10, 3, m / 2, 1, 0, 0, r);
        if let Ok(a) = a {
            let _ = (a.start(a.output - 1), a.tap(a.output - 1, 2), a.padded());
        }
    }
    // Ceil: the start of the extra window does not fit a usize.
    assert!(matches!(
        plan_axis(Axis::Width, m - 1, 1, m - 1, 1, 0, 0, Rounding::Ceil),
        Ok(_) | Err(ShapeError::Overflow { .. })
    ));
    // SAME with N = usize::MAX: no padding is needed for F = 1.
    let s = plan_axis(Axis::Height, m, 1, 1, 1, 0, 0, Rounding::Same).unwrap();
    assert_eq!(s.output, m);
    // SAME needing padding past usize::MAX.
    assert!(matches!(
        plan_axis(Axis::Height, m, 3, 1, 1, 0, 0, Rounding::Same),
        Err(ShapeError::Overflow { .. })
    ));
    // out_h·out_w does not fit.
    let big = WindowSpec::square(1, 1, 0).geometry(m, m);
    assert!(matches!(big, Err(ShapeError::Overflow { .. })));

    assert!(matches!(
        Volume::zeros(m, 2, 1),
        Err(ShapeError::Overflow { .. })
    ));
    // Countable but impossible to allocate.
    assert!(matches!(
        Volume::zeros(1 << 20, 1 << 20, 1 << 20),
        Err(ShapeError::Overflow { .. })
    ));
    assert!(matches!(
        FilterBank::zeros(m, m, 1, 1),
        Err(ShapeError::Overflow { .. })
    ));
    assert!(matches!(
        Dense::from_fn(m, 2, |_, _| 0.0, |_| 0.0),
        Err(ShapeError::Overflow { .. })
    ));
    assert!(matches!(
        dense_params(m, 2),
        Err(ShapeError::Overflow { .. })
    ));
    assert!(matches!(
        conv_cost(m, m, Hw::square(m), Hw::square(m), true),
        Err(ShapeError::Overflow { .. })
    ));
    // A huge-stride "does not fit" still explains itself without looping or overflowing.
    let e = plan_axis(Axis::Width, 7, 3, m, 1, 0, 0, Rounding::Strict).unwrap_err();
    let ShapeError::DoesNotFit(nf) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(nf.fitting_strides, vec![1, 2, 4]);
    assert!(msg(&e).contains("18446744073709551615") || usize::BITS != 64);
    let e = plan_axis(Axis::Width, m - 1, 1, m - 3, 1, 0, 0, Rounding::Strict).unwrap_err();
    let ShapeError::DoesNotFit(nf) = &e else {
        panic!("{e:?}")
    };
    assert!(nf.fitting_strides.len() <= 6 && nf.fitting_strides[0] == 1);
    assert!(nf.fitting_paddings.len() <= 4);
    let _ = msg(&e);
}

#[test]
fn readers_are_the_outputs_whose_windows_cover_a_cell() {
    use convscope::cnn::{plan_axis, Axis, Rounding};
    // 7 cells, F 3, S 2: windows start at 0, 2, 4. Cell 2 is read by output 0 (tap 2) and
    // output 1 (tap 0); cell 6 only by output 2 (tap 2); cell 1 only by output 0 (tap 1).
    let a = plan_axis(Axis::Width, 7, 3, 2, 1, 0, 0, Rounding::Strict).unwrap();
    assert_eq!(a.readers(2), vec![(1, 0), (0, 2)]);
    assert_eq!(a.readers(6), vec![(2, 2)]);
    assert_eq!(a.readers(1), vec![(0, 1)]);
    // Floor with 7/3/3: the last cell (6) is never reached.
    let f = plan_axis(Axis::Width, 7, 3, 3, 1, 0, 0, Rounding::Floor).unwrap();
    assert_eq!(f.readers(6), vec![]);
    // Dilation 2, F 3 spans 5, three outputs: cell 3 is read only by output 1 (tap 1), as
    // output 3 (tap 0) does not exist.
    let d = plan_axis(Axis::Height, 7, 3, 1, 2, 0, 0, Rounding::Strict).unwrap();
    assert_eq!(d.readers(3), vec![(1, 1)]);
    assert_eq!(d.readers(4), vec![(2, 1), (0, 2)]);
    // Every reader really maps back to the cell, for a sweep of small plans.
    for n in 1..10 {
        for k in 1..4 {
            for s in 1..4 {
                for dil in 1..3 {
                    for p in 0..3 {
                        let Ok(a) = plan_axis(Axis::Width, n, k, s, dil, p, p, Rounding::Floor)
                        else {
                            continue;
                        };
                        let mut count = 0;
                        for cell in 0..a.padded() {
                            for (o, f) in a.readers(cell) {
                                assert_eq!(o * s + f * dil, cell);
                                assert!(o < a.output && f < k);
                                count += 1;
                            }
                        }
                        // Each output reads each tap exactly once.
                        assert_eq!(count, a.output * k);
                    }
                }
            }
        }
    }
}
