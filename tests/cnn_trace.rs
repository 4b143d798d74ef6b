//! Per-position traces: the taps of one dot product and the cells of one pooling window.

use convscope::cnn::{
    conv2d, conv_trace, max_pool2d, pool_trace, FilterBank, Hw, Padding, Rounding, ShapeError,
    Volume, WindowSpec,
};

/// Two 3×3 channels: c0 = [[1,2,0],[0,1,2],[2,0,1]], c1 = [[1,1,1],[0,0,0],[1,1,1]].
fn two_channels() -> Volume {
    #[rustfmt::skip]
    let data = vec![
        1.0, 2.0, 0.0,  0.0, 1.0, 2.0,  2.0, 0.0, 1.0,
        1.0, 1.0, 1.0,  0.0, 0.0, 0.0,  1.0, 1.0, 1.0,
    ];
    Volume::from_vec(2, 3, 3, data).unwrap()
}

/// Filter 0: c0 [[1,0],[0,1]], c1 [[1,1],[1,1]], bias −1; filter 1 as in cnn_conv.rs.
fn two_filters() -> FilterBank {
    #[rustfmt::skip]
    let w = vec![
        1.0, 0.0, 0.0, 1.0,   1.0, 1.0, 1.0, 1.0,
        0.0, 1.0, 1.0, 0.0,  -1.0, 0.0, 0.0, 1.0,
    ];
    FilterBank::new(2, 2, 2, 2, w, vec![-1.0, 2.0]).unwrap()
}

#[test]
fn conv_trace_multi_channel() {
    let (x, f) = (two_channels(), two_filters());
    let spec = WindowSpec::square(2, 1, 0);
    let g = spec.geometry(3, 3).unwrap();
    // Filter 0 at (0,1): c0 window [[2,0],[1,2]] · diag = 2 + 2 = 4; c1 [[1,1],[0,0]] → 2;
    // 4 + 2 − 1 = 5.
    let t = conv_trace(&x, &f, &g, 0, 0, 1).unwrap();
    assert_eq!((t.filter, t.row, t.col), (0, 0, 1));
    assert_eq!(t.channels.len(), 2);
    assert_eq!(t.channels[0].channel, 0);
    assert_eq!(t.channels[0].sum, 4.0);
    assert_eq!(t.channels[1].sum, 2.0);
    assert_eq!((t.bias, t.total), (-1.0, 5.0));
    let taps = &t.channels[0].taps;
    assert_eq!(taps.len(), 4);
    // Row-major over the filter.
    let coords: Vec<_> = taps.iter().map(|p| (p.fy, p.fx, p.iy, p.ix)).collect();
    assert_eq!(
        coords,
        vec![(0, 0, 0, 1), (0, 1, 0, 2), (1, 0, 1, 1), (1, 1, 1, 2)]
    );
    let inputs: Vec<_> = taps.iter().map(|p| p.input).collect();
    assert_eq!(inputs, vec![2.0, 0.0, 1.0, 2.0]);
    let products: Vec<_> = taps.iter().map(|p| p.product).collect();
    assert_eq!(products, vec![2.0, 0.0, 0.0, 2.0]);
    assert!(taps.iter().all(|p| !p.padding));
    // Every position agrees with conv2d.
    let out = conv2d(&x, &f, &spec).unwrap();
    for k in 0..2 {
        for r in 0..2 {
            for c in 0..2 {
                let t = conv_trace(&x, &f, &g, k, r, c).unwrap();
                assert_eq!(Some(t.total), out.get(k, r, c));
            }
        }
    }
}

#[test]
fn conv_trace_marks_padding_taps() {
    // 1×2×2 input [[1, 2], [3, 4]], 2×2 filter of ones, padding 1 → 3×3; position (0,0) sees
    // only input (0,0) in its bottom-right tap.
    let x = Volume::from_vec(1, 2, 2, vec![1.0, 2.0, 3.0, 4.0]).unwrap();
    let f = FilterBank::from_fn(1, 1, 2, 2, |_, _, _, _| 1.0, |_| 0.5).unwrap();
    let g = WindowSpec::square(2, 1, 1).geometry(2, 2).unwrap();
    let t = conv_trace(&x, &f, &g, 0, 0, 0).unwrap();
    let taps = &t.channels[0].taps;
    let pads: Vec<_> = taps.iter().map(|p| p.padding).collect();
    assert_eq!(pads, vec![true, true, true, false]);
    assert_eq!((taps[0].iy, taps[0].ix), (-1, -1));
    assert_eq!(
        (taps[0].input, taps[0].weight, taps[0].product),
        (0.0, 1.0, 0.0)
    );
    assert_eq!(t.total, 1.5);
    // Bottom-right corner: input (1,1) = 4 in the top-left tap.
    let t = conv_trace(&x, &f, &g, 0, 2, 2).unwrap();
    assert_eq!((t.channels[0].taps[0].iy, t.channels[0].taps[3].ix), (1, 2));
    assert_eq!(t.total, 4.5);
}

#[test]
fn conv_trace_errors() {
    let (x, f) = (two_channels(), two_filters());
    let g = WindowSpec::square(2, 1, 0).geometry(3, 3).unwrap();
    assert_eq!(
        conv_trace(&x, &f, &g, 2, 0, 0),
        Err(ShapeError::OutOfRange {
            what: "filter",
            index: 2,
            len: 2
        })
    );
    assert_eq!(
        conv_trace(&x, &f, &g, 0, 2, 0),
        Err(ShapeError::OutOfRange {
            what: "output row",
            index: 2,
            len: 2
        })
    );
    assert_eq!(
        conv_trace(&x, &f, &g, 0, 0, 7),
        Err(ShapeError::OutOfRange {
            what: "output column",
            index: 7,
            len: 2
        })
    );
    // A geometry for another filter size.
    let g3 = WindowSpec::square(3, 1, 0).geometry(3, 3).unwrap();
    assert_eq!(
        conv_trace(&x, &f, &g3, 0, 0, 0),
        Err(ShapeError::KernelMismatch {
            spec: Hw::square(3),
            filters: Hw::square(2)
        })
    );
    // A geometry planned for a 4×4 input.
    let g4 = WindowSpec::square(2, 1, 0).geometry(4, 3).unwrap();
    assert_eq!(
        conv_trace(&x, &f, &g4, 0, 0, 0),
        Err(ShapeError::DataLength {
            what: "geometry's input height",
            expected: 3,
            got: 4
        })
    );
    // Filters of the wrong depth.
    let one = Volume::zeros(1, 3, 3).unwrap();
    assert_eq!(
        conv_trace(&one, &f, &g, 0, 0, 0),
        Err(ShapeError::DepthMismatch {
            input: 1,
            filters: 2
        })
    );
    // A hand-made geometry that plan_axis would not produce.
    let mut bad = g;
    bad.cols.output = 5;
    assert!(matches!(
        conv_trace(&x, &f, &bad, 0, 0, 4),
        Err(ShapeError::DataLength {
            what: "geometry's output width",
            expected: 2,
            got: 5
        })
    ));
    let mut zero = g;
    zero.rows.stride = 0;
    assert!(matches!(
        conv_trace(&x, &f, &zero, 0, 0, 0),
        Err(ShapeError::ZeroStride { .. })
    ));
    // Traces accept every rounding's geometry.
    for r in [Rounding::Floor, Rounding::Ceil, Rounding::Same] {
        let g = WindowSpec::square(2, 2, 0)
            .with_rounding(r)
            .geometry(3, 3)
            .unwrap();
        assert!(conv_trace(&x, &f, &g, 1, 0, 0).is_ok());
    }
}

#[test]
fn pool_trace_classic() {
    #[rustfmt::skip]
    let x = Volume::from_vec(1, 4, 4, vec![
        1.0, 1.0, 2.0, 4.0,
        5.0, 6.0, 7.0, 8.0,
        3.0, 2.0, 1.0, 0.0,
        1.0, 2.0, 3.0, 4.0,
    ]).unwrap();
    let g = WindowSpec::square(2, 2, 0).geometry(4, 4).unwrap();
    let t = pool_trace(&x, &g, 0, 0, 0).unwrap();
    let values: Vec<_> = t.cells.iter().map(|c| c.value).collect();
    assert_eq!(values, vec![1.0, 1.0, 5.0, 6.0]);
    assert_eq!((t.max, t.argmax), (6.0, 3));
    assert_eq!((t.cells[3].iy, t.cells[3].ix), (1, 1));
    let t = pool_trace(&x, &g, 0, 1, 0).unwrap();
    assert_eq!((t.max, t.argmax), (3.0, 0));
    assert_eq!(
        pool_trace(&x, &g, 1, 0, 0),
        Err(ShapeError::OutOfRange {
            what: "channel",
            index: 1,
            len: 1
        })
    );
    assert!(matches!(
        pool_trace(&x, &g, 0, 0, 2),
        Err(ShapeError::OutOfRange {
            what: "output column",
            ..
        })
    ));
}

#[test]
fn pool_trace_padding_cells() {
    let x = Volume::from_vec(1, 2, 2, vec![-1.0, -2.0, -3.0, -4.0]).unwrap();
    let spec = WindowSpec::square(2, 1, 1);
    let g = spec.geometry(2, 2).unwrap();
    let t = pool_trace(&x, &g, 0, 2, 2).unwrap();
    // Window rows 1..2, cols 1..2: only (1,1) = −4 is input.
    let pads: Vec<_> = t.cells.iter().map(|c| c.padding).collect();
    assert_eq!(pads, vec![false, true, true, true]);
    assert_eq!(t.cells[1].value, f32::NEG_INFINITY);
    assert_eq!((t.max, t.argmax), (-4.0, 0));
    let p = max_pool2d(&x, &spec).unwrap();
    assert_eq!(p.output.get(0, 2, 2), Some(t.max));
    // The same errors as max_pool2d for a geometry it rejects.
    let wide = WindowSpec {
        padding: Padding::uniform(2),
        ..spec
    };
    let g = wide.geometry(2, 2).unwrap();
    assert!(matches!(
        pool_trace(&x, &g, 0, 0, 0),
        Err(ShapeError::PoolPaddingTooLarge {
            pad: 2,
            span: 2,
            ..
        })
    ));
    let g = WindowSpec::square(2, 1, 0).geometry(2, 3).unwrap();
    assert!(matches!(
        pool_trace(&x, &g, 0, 0, 0),
        Err(ShapeError::DataLength {
            expected: 2,
            got: 3,
            ..
        })
    ));
}
