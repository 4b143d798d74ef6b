//! Max pooling on hand-checkable fixtures.

use convscope::cnn::{max_pool2d, Axis, Hw, Padding, Rounding, ShapeError, Volume, WindowSpec};

#[test]
fn classic_2x2_stride_2() {
    // The lecture's picture:
    // 1 1 | 2 4
    // 5 6 | 7 8      → 6 8
    // ----+----
    // 3 2 | 1 0      → 3 4
    // 1 2 | 3 4
    #[rustfmt::skip]
    let x = Volume::from_vec(1, 4, 4, vec![
        1.0, 1.0, 2.0, 4.0,
        5.0, 6.0, 7.0, 8.0,
        3.0, 2.0, 1.0, 0.0,
        1.0, 2.0, 3.0, 4.0,
    ]).unwrap();
    let p = max_pool2d(&x, &WindowSpec::square(2, 2, 0)).unwrap();
    assert_eq!(
        (p.output.depth(), p.output.height(), p.output.width()),
        (1, 2, 2)
    );
    assert_eq!(p.output.data(), &[6.0, 8.0, 3.0, 4.0]);
    assert_eq!(p.argmax, vec![(1, 1), (1, 3), (2, 0), (3, 3)]);
}

#[test]
fn depth_is_preserved_and_ties_go_to_the_first() {
    // Channel 0 is all 1: every window ties, the first cell wins. Channel 1 = the row index.
    let x = Volume::from_fn(2, 2, 4, |c, y, _| if c == 0 { 1.0 } else { y as f32 }).unwrap();
    let p = max_pool2d(&x, &WindowSpec::square(2, 2, 0)).unwrap();
    assert_eq!(p.output.depth(), 2);
    assert_eq!(p.output.data(), &[1.0, 1.0, 1.0, 1.0]);
    // Channel 0: top-left of each window; channel 1: the first cell of the bottom row.
    assert_eq!(p.argmax, vec![(0, 0), (0, 2), (1, 0), (1, 2)]);
}

#[test]
fn padding_never_wins() {
    // Input [[−1, −2], [−3, −4]], 2×2 windows, stride 1, padding 1 → 3×3; zero padding would
    // win everywhere, −∞ padding never does.
    let x = Volume::from_vec(1, 2, 2, vec![-1.0, -2.0, -3.0, -4.0]).unwrap();
    let p = max_pool2d(&x, &WindowSpec::square(2, 1, 1)).unwrap();
    #[rustfmt::skip]
    let expected = [
        -1.0, -1.0, -2.0,
        -1.0, -1.0, -2.0,
        -3.0, -3.0, -4.0,
    ];
    assert_eq!(p.output.data(), &expected);
    assert_eq!(p.argmax[8], (1, 1));
    assert_eq!(p.argmax[2], (0, 1));
}

#[test]
fn pool_112_ceil_reads_the_overhang_as_minus_infinity() {
    // Values = column index: the last Ceil window holds columns 110, 111 (and 112, outside).
    let x = Volume::from_fn(1, 112, 112, |_, _, c| c as f32).unwrap();
    let spec = WindowSpec::square(3, 2, 0);
    let floor = max_pool2d(&x, &spec.with_rounding(Rounding::Floor)).unwrap();
    assert_eq!(floor.output.width(), 55);
    assert_eq!(floor.output.get(0, 0, 54), Some(110.0));
    let ceil = max_pool2d(&x, &spec.with_rounding(Rounding::Ceil)).unwrap();
    assert_eq!(ceil.output.width(), 56);
    assert_eq!(ceil.output.get(0, 0, 55), Some(111.0));
    assert_eq!(ceil.argmax[55], (0, 111)); // rows tie: the first wins
    assert!(matches!(
        max_pool2d(&x, &spec),
        Err(ShapeError::DoesNotFit(_))
    ));
}

#[test]
fn tf_same_pooling() {
    // 6×6 with value 6y + x, 3×3 windows, stride 2, SAME: pads (0, 1); windows cover rows
    // {0..2}, {2..4}, {4..5 + padding} → maxima at rows/cols 2, 4, 5.
    let x = Volume::from_fn(1, 6, 6, |_, y, c| (6 * y + c) as f32).unwrap();
    let p = max_pool2d(
        &x,
        &WindowSpec::square(3, 2, 0).with_rounding(Rounding::Same),
    )
    .unwrap();
    let mut expected = Vec::new();
    for r in [2, 4, 5] {
        for c in [2, 4, 5] {
            expected.push((6 * r + c) as f32);
        }
    }
    assert_eq!(p.output.data(), &expected[..]);
}

#[test]
fn nan_wins_like_pytorch() {
    let x = Volume::from_vec(1, 2, 2, vec![1.0, f32::NAN, 5.0, f32::NAN]).unwrap();
    let p = max_pool2d(&x, &WindowSpec::square(2, 2, 0)).unwrap();
    assert!(p.output.data()[0].is_nan());
    assert_eq!(p.argmax, vec![(0, 1)]);
}

#[test]
fn pool_errors() {
    let x = Volume::zeros(1, 4, 4).unwrap();
    // Pad 2 with a 2×2 window: an edge window could be all padding.
    assert_eq!(
        max_pool2d(&x, &WindowSpec::square(2, 2, 2)),
        Err(ShapeError::PoolPaddingTooLarge {
            axis: Axis::Height,
            pad: 2,
            span: 2
        })
    );
    // Only the right padding too large.
    let spec = WindowSpec {
        padding: Padding {
            top: 0,
            left: 0,
            bottom: 0,
            right: 2,
        },
        ..WindowSpec::square(2, 2, 0)
    };
    assert_eq!(
        max_pool2d(&x, &spec),
        Err(ShapeError::PoolPaddingTooLarge {
            axis: Axis::Width,
            pad: 2,
            span: 2
        })
    );
    // 1×1 input, window 1×2 with dilation 2 (span 3), left/right padding 2, stride 1:
    // columns: 5 − 3 + 1 = 3 windows, starting at −2, −1, 0 with taps (−2, 0), (−1, 1), (0, 2);
    // the middle one reads only padding.
    let y = Volume::zeros(1, 1, 1).unwrap();
    let spec = WindowSpec {
        kernel: Hw::new(1, 2),
        stride: Hw::square(1),
        dilation: Hw::new(1, 2),
        padding: Padding {
            top: 0,
            left: 2,
            bottom: 0,
            right: 2,
        },
        rounding: Rounding::Strict,
    };
    assert_eq!(
        max_pool2d(&y, &spec),
        Err(ShapeError::WindowAllPadding { row: 0, col: 1 })
    );
    // Geometry errors come first.
    assert!(matches!(
        max_pool2d(&x, &WindowSpec::square(5, 1, 0)),
        Err(ShapeError::KernelTooLarge {
            span: 5,
            padded: 4,
            ..
        })
    ));
}

#[test]
fn pool_padding_is_checked_on_the_spec_before_any_geometry() {
    use convscope::cnn::{check_pool_padding, Padding, Rounding, ShapeError, WindowSpec};
    // 2×2 windows: padding 2 is refused even where the stride would not fit anyway.
    let spec = WindowSpec::square(2, 2, 2);
    assert!(matches!(
        check_pool_padding(&spec),
        Err(ShapeError::PoolPaddingTooLarge {
            pad: 2,
            span: 2,
            ..
        })
    ));
    assert_eq!(check_pool_padding(&WindowSpec::square(2, 2, 1)), Ok(()));
    // The larger pad of an axis is the one reported; dilation widens the span.
    let asym = WindowSpec {
        padding: Padding {
            top: 1,
            left: 0,
            bottom: 3,
            right: 0,
        },
        ..WindowSpec::square(3, 1, 0)
    };
    assert!(matches!(
        check_pool_padding(&asym),
        Err(ShapeError::PoolPaddingTooLarge {
            pad: 3,
            span: 3,
            ..
        })
    ));
    let dilated = WindowSpec {
        dilation: convscope::cnn::Hw::square(2),
        ..asym
    };
    assert_eq!(check_pool_padding(&dilated), Ok(()));
    // SAME computes its own padding, always below the span.
    assert_eq!(
        check_pool_padding(&spec.with_rounding(Rounding::Same)),
        Ok(())
    );
}
