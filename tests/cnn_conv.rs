//! Convolution, ReLU and FC on small fixtures whose values are worked out by hand.

use convscope::cnn::{
    conv2d, relu, Dense, FilterBank, Hw, Padding, Rounding, ShapeError, Volume, WindowSpec,
};

/// The 4×4 single-channel input used below:
/// ```text
/// 1 2 3 0
/// 0 1 2 3
/// 3 0 1 2
/// 2 3 0 1
/// ```
fn x4() -> Volume {
    #[rustfmt::skip]
    let data = vec![
        1.0, 2.0, 3.0, 0.0,
        0.0, 1.0, 2.0, 3.0,
        3.0, 0.0, 1.0, 2.0,
        2.0, 3.0, 0.0, 1.0,
    ];
    Volume::from_vec(1, 4, 4, data).unwrap()
}

/// The vertical-edge filter [[1, 0, −1]] × 3 rows, with a bias.
fn edge(bias: f32) -> FilterBank {
    FilterBank::from_fn(1, 1, 3, 3, |_, _, _, fx| 1.0 - fx as f32, |_| bias).unwrap()
}

#[test]
fn edge_filter_stride_1_no_padding() {
    // out = (left column sum) − (right column sum) of each 3×3 window:
    // (0,0): (1+0+3) − (3+2+1) = −2   (0,1): (2+1+0) − (0+3+2) = −2
    // (1,0): (0+3+2) − (2+1+0) =  2   (1,1): (1+0+3) − (3+2+1) = −2
    let out = conv2d(&x4(), &edge(0.0), &WindowSpec::square(3, 1, 0)).unwrap();
    assert_eq!((out.depth(), out.height(), out.width()), (1, 2, 2));
    assert_eq!(out.data(), &[-2.0, -2.0, 2.0, -2.0]);
}

#[test]
fn edge_filter_stride_2_pad_1_floor_with_bias() {
    // (4 + 2 − 3)/2 + 1 = 2.5 → floor 2. Windows start at −1 and 1; bias +1.
    // (0,0): rows −1..1, cols −1..1: left col (x = −1) is padding: 0; right col x = 1: 0+2+1 = 3
    //        → −3 + 1 = −2
    // (0,1): cols 1..3: x = 1: 0+2+1 = 3; x = 3: 0+0+3 = 3 → 0 + 1 = 1
    // (1,0): rows 1..3: x = −1: 0; x = 1: 1+0+3 = 4 → −4 + 1 = −3
    // (1,1): x = 1: 4; x = 3: 3+2+1 = 6 → −2 + 1 = −1
    let spec = WindowSpec::square(3, 2, 1);
    assert!(matches!(
        conv2d(&x4(), &edge(1.0), &spec),
        Err(ShapeError::DoesNotFit(_))
    ));
    let out = conv2d(&x4(), &edge(1.0), &spec.with_rounding(Rounding::Floor)).unwrap();
    assert_eq!(out.data(), &[-2.0, 1.0, -3.0, -1.0]);
}

#[test]
fn stride_2_with_bias() {
    // Filter [[1, 2], [3, 4]], bias 1, stride 2 over the four 2×2 blocks:
    // [[1,2],[0,1]] → 1 + 4 + 0 + 4 = 9 → 10     [[3,0],[2,3]] → 3 + 0 + 6 + 12 = 21 → 22
    // [[3,0],[2,3]] → 22                          [[1,2],[0,1]] → 10
    let f = FilterBank::new(1, 1, 2, 2, vec![1.0, 2.0, 3.0, 4.0], vec![1.0]).unwrap();
    let out = conv2d(&x4(), &f, &WindowSpec::square(2, 2, 0)).unwrap();
    assert_eq!(out.data(), &[10.0, 22.0, 22.0, 10.0]);
}

#[test]
fn asymmetric_padding() {
    // 2×2 box filter, padding top 1 and right 1 only: rows (4 + 1 − 2) + 1 = 4, cols the same.
    // Window (oy, ox) covers rows oy−1..oy and columns ox..ox+1 (row −1 and column 4 are 0):
    // oy 0: row 0 pairs:          1+2=3, 2+3=5, 3+0=3, 0+pad=0
    // oy 1: rows 0,1:   1+2+0+1=4, 2+3+1+2=8, 3+0+2+3=8, 0+3=3
    // oy 2: rows 1,2:   0+1+3+0=4, 1+2+0+1=4, 2+3+1+2=8, 3+2=5
    // oy 3: rows 2,3:   3+0+2+3=8, 0+1+3+0=4, 1+2+0+1=4, 2+1=3
    let f = FilterBank::from_fn(1, 1, 2, 2, |_, _, _, _| 1.0, |_| 0.0).unwrap();
    let spec = WindowSpec {
        padding: Padding {
            top: 1,
            left: 0,
            bottom: 0,
            right: 1,
        },
        ..WindowSpec::square(2, 1, 0)
    };
    let out = conv2d(&x4(), &f, &spec).unwrap();
    #[rustfmt::skip]
    let expected = [
        3.0, 5.0, 3.0, 0.0,
        4.0, 8.0, 8.0, 3.0,
        4.0, 4.0, 8.0, 5.0,
        8.0, 4.0, 4.0, 3.0,
    ];
    assert_eq!(out.data(), &expected);
}

/// Two 3×3 channels: c0 = [[1,2,0],[0,1,2],[2,0,1]], c1 = [[1,1,1],[0,0,0],[1,1,1]].
fn two_channels() -> Volume {
    #[rustfmt::skip]
    let data = vec![
        1.0, 2.0, 0.0,  0.0, 1.0, 2.0,  2.0, 0.0, 1.0,
        1.0, 1.0, 1.0,  0.0, 0.0, 0.0,  1.0, 1.0, 1.0,
    ];
    Volume::from_vec(2, 3, 3, data).unwrap()
}

/// Filter 0: c0 [[1,0],[0,1]], c1 [[1,1],[1,1]], bias −1.
/// Filter 1: c0 [[0,1],[1,0]], c1 [[−1,0],[0,1]], bias 2.
fn two_filters() -> FilterBank {
    #[rustfmt::skip]
    let w = vec![
        1.0, 0.0, 0.0, 1.0,   1.0, 1.0, 1.0, 1.0,
        0.0, 1.0, 1.0, 0.0,  -1.0, 0.0, 0.0, 1.0,
    ];
    FilterBank::new(2, 2, 2, 2, w, vec![-1.0, 2.0]).unwrap()
}

#[test]
fn multi_channel_multi_filter() {
    // Filter 0 (diagonal of c0 + sum of c1 − 1):
    // (0,0): (1+1) + 2 − 1 = 3   (0,1): (2+2) + 2 − 1 = 5
    // (1,0): (0+0) + 2 − 1 = 1   (1,1): (1+1) + 2 − 1 = 3
    // Filter 1 (anti-diagonal of c0 + (bottom-right − top-left) of c1 + 2):
    // (0,0): (2+0) + (0−1) + 2 = 3   (0,1): (0+1) + (0−1) + 2 = 2
    // (1,0): (1+2) + (1−0) + 2 = 6   (1,1): (2+0) + (1−0) + 2 = 5
    let out = conv2d(
        &two_channels(),
        &two_filters(),
        &WindowSpec::square(2, 1, 0),
    )
    .unwrap();
    assert_eq!((out.depth(), out.height(), out.width()), (2, 2, 2));
    assert_eq!(out.data(), &[3.0, 5.0, 1.0, 3.0, 3.0, 2.0, 6.0, 5.0]);
    assert_eq!(out.slice(1), Some(&[3.0, 2.0, 6.0, 5.0][..]));
    assert_eq!(out.get(0, 1, 0), Some(1.0));
}

#[test]
fn one_by_one_conv_changes_depth_only() {
    // 3 channels → 2: filter 0 sums the channels, filter 1 is c0 − c1 + 0.5.
    let x = Volume::from_fn(3, 2, 2, |c, y, x| {
        10f32.powi(c as i32) * (y * 2 + x + 1) as f32
    })
    .unwrap();
    let f = FilterBank::new(
        2,
        3,
        1,
        1,
        vec![1.0, 1.0, 1.0, 1.0, -1.0, 0.0],
        vec![0.0, 0.5],
    )
    .unwrap();
    let out = conv2d(&x, &f, &WindowSpec::square(1, 1, 0)).unwrap();
    assert_eq!((out.depth(), out.height(), out.width()), (2, 2, 2));
    // c0 = 1 2 3 4, c1 = 10 20 30 40, c2 = 100 200 300 400.
    assert_eq!(
        out.data(),
        &[111.0, 222.0, 333.0, 444.0, -8.5, -17.5, -26.5, -35.5]
    );
}

#[test]
fn dilated_filter() {
    // 1×5 row 1 2 3 4 5, filter [1, 1] with dilation 2: taps x and x + 2 → 1+3, 2+4, 3+5.
    let x = Volume::from_vec(1, 1, 5, vec![1.0, 2.0, 3.0, 4.0, 5.0]).unwrap();
    let f = FilterBank::new(1, 1, 1, 2, vec![1.0, 1.0], vec![0.0]).unwrap();
    let spec = WindowSpec {
        kernel: Hw::new(1, 2),
        dilation: Hw::new(1, 2),
        ..WindowSpec::square(1, 1, 0)
    };
    let out = conv2d(&x, &f, &spec).unwrap();
    assert_eq!(out.data(), &[4.0, 6.0, 8.0]);
}

#[test]
fn same_and_ceil_pad_with_zeros() {
    // 1×4 row 1 2 3 4, filter [1, 1, 1], stride 2.
    let x = Volume::from_vec(1, 1, 4, vec![1.0, 2.0, 3.0, 4.0]).unwrap();
    let f = FilterBank::new(1, 1, 1, 3, vec![1.0; 3], vec![0.0]).unwrap();
    let spec = WindowSpec {
        kernel: Hw::new(1, 3),
        stride: Hw::new(1, 2),
        ..WindowSpec::square(1, 1, 0)
    };
    // SAME: ⌈4/2⌉ = 2, total pad (2−1)·2 + 3 − 4 = 1 → right only: [1+2+3, 3+4+0].
    let same = conv2d(&x, &f, &spec.with_rounding(Rounding::Same)).unwrap();
    assert_eq!(same.data(), &[6.0, 7.0]);
    // Ceil: ⌈1/2⌉ + 1 = 2, the second window overhangs by 1 and reads 0 there.
    let ceil = conv2d(&x, &f, &spec.with_rounding(Rounding::Ceil)).unwrap();
    assert_eq!(ceil.data(), &[6.0, 7.0]);
    // Floor drops it.
    let floor = conv2d(&x, &f, &spec.with_rounding(Rounding::Floor)).unwrap();
    assert_eq!(floor.data(), &[6.0]);
}

#[test]
fn relu_clamps_negatives() {
    let v = Volume::from_vec(1, 1, 5, vec![-2.0, -0.0, 0.0, 3.5, f32::NAN]).unwrap();
    let r = relu(&v);
    assert_eq!(&r.data()[..4], &[0.0, 0.0, 0.0, 3.5]);
    assert!(r.data()[1].is_sign_positive());
    assert!(r.data()[4].is_nan());
    assert_eq!((r.depth(), r.height(), r.width()), (1, 1, 5));
}

#[test]
fn dense_forward_on_a_flattened_volume() {
    // W = [[1, 2, 3, 4], [−1, 0, 1, 0]], b = [0.5, −1]; x = volume 1×2×2 = [1, 1, 2, 0] (CHW).
    // y0 = 1 + 2 + 6 + 0 + 0.5 = 9.5; y1 = −1 + 0 + 2 + 0 − 1 = 0.
    let fc = Dense::new(
        4,
        2,
        vec![1.0, 2.0, 3.0, 4.0, -1.0, 0.0, 1.0, 0.0],
        vec![0.5, -1.0],
    )
    .unwrap();
    let v = Volume::from_vec(1, 2, 2, vec![1.0, 1.0, 2.0, 0.0]).unwrap();
    assert_eq!(fc.forward(v.data()).unwrap(), vec![9.5, 0.0]);
    assert_eq!(fc.param_count(), 10);
    assert_eq!(
        fc.forward(&[1.0]),
        Err(ShapeError::DataLength {
            what: "FC input values",
            expected: 4,
            got: 1
        })
    );
    let g = Dense::from_fn(3, 2, |o, i| (o * 3 + i) as f32, |o| o as f32).unwrap();
    // Rows [0, 1, 2] and [3, 4, 5]; x = [1, 1, 1] → 3 + 0, 12 + 1.
    assert_eq!(g.forward(&[1.0, 1.0, 1.0]).unwrap(), vec![3.0, 13.0]);
}

#[test]
fn volume_and_filter_accessors() {
    let v = Volume::from_fn(2, 2, 3, |c, y, x| (c * 100 + y * 10 + x) as f32).unwrap();
    assert_eq!(v.get(1, 1, 2), Some(112.0));
    assert_eq!(v.get(2, 0, 0), None);
    assert_eq!(v.get_signed(0, -1, 0), None);
    assert_eq!(v.get_signed(0, 1, 3), None);
    assert_eq!(v.get_signed(1, 0, 1), Some(101.0));
    assert_eq!(v.slice(0), Some(&[0.0, 1.0, 2.0, 10.0, 11.0, 12.0][..]));
    assert_eq!(v.slice(2), None);
    assert_eq!(v.clone().into_data().len(), 12);
    let f = two_filters();
    assert_eq!((f.count(), f.depth(), f.height(), f.width()), (2, 2, 2, 2));
    assert_eq!(f.kernel(), Hw::square(2));
    assert_eq!(f.weight(1, 1, 0, 0), Some(-1.0));
    assert_eq!(f.weight(2, 0, 0, 0), None);
    assert_eq!((f.bias(1), f.bias(2)), (Some(2.0), None));
    assert_eq!(f.weights().len(), 16);
    assert_eq!(f.biases(), &[-1.0, 2.0]);
}
