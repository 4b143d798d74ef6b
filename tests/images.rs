//! The real-image view, natively: the filter bank against hand-computed values, the fast
//! per-map convolution against conv2d, the test pattern under Sobel, the upload checks, the
//! view's transitions and the pipeline's caching and FC layer.

use convscope::app::image_text::UploadError;
use convscope::app::images::{
    check_bytes, check_size, gif_frames, to_volume, Builtin, Colour, Format, Picture,
};
use convscope::app::lab::{pool2, Lab, LabMsg, Pipeline, Source, FC_OUTPUTS, MAX_FILTERS};
use convscope::cnn::filters::RANDOM_STD;
use convscope::cnn::{
    conv2d, conv_map, max_pool2d, Dense, FilterBank, FilterKind, Hw, Padding, Rounding, SplitMix64,
    Volume, WindowSpec,
};
use std::rc::Rc;

fn kernel(kind: FilterKind, f: usize) -> Vec<f32> {
    kind.kernel(f, &mut SplitMix64::new(9)).unwrap()
}

/// A 1-channel image and one F × F filter, valid (no padding) stride 1.
fn apply(image: &[f32], side: usize, weights: Vec<f32>, f: usize) -> Vec<f32> {
    let input = Volume::from_vec(1, side, side, image.to_vec()).unwrap();
    let bank = FilterBank::new(1, 1, f, f, weights, vec![0.0]).unwrap();
    conv_map(
        &input,
        &bank,
        0,
        &WindowSpec::square(f, 1, 0).with_rounding(Rounding::Floor),
    )
    .unwrap()
    .into_data()
}

/// 4 × 4 image used for the hand computations below:
///  1 2 3 4
///  5 6 7 8
///  9 8 7 6
///  5 4 3 2
const IMG: [f32; 16] = [
    1., 2., 3., 4., 5., 6., 7., 8., 9., 8., 7., 6., 5., 4., 3., 2.,
];

#[test]
fn every_three_by_three_kernel_by_hand() {
    // Output (0,0) covers rows 0–2, cols 0–2: 1 2 3 / 5 6 7 / 9 8 7; (0,1): 2 3 4 / 6 7 8 /
    // 8 7 6; (1,0): 5 6 7 / 9 8 7 / 5 4 3; (1,1): 6 7 8 / 8 7 6 / 4 3 2.
    let cases: [(FilterKind, [f32; 4]); 8] = [
        (FilterKind::Identity, [6., 7., 8., 7.]),
        // Sobel x: (3−1) + 2(7−5) + (7−9) = 4; (4−2) + 2(8−6) + (6−8) = 4;
        // (7−5) + 2(7−9) + (3−5) = −4; (8−6) + 2(6−8) + (2−4) = −4.
        (FilterKind::SobelX, [4., 4., -4., -4.]),
        // Sobel y: (9 + 16 + 7) − (1 + 4 + 3) = 24; (8+14+6) − (2+6+4) = 16;
        // (5+8+3) − (5+12+7) = −8; (4+6+2) − (6+14+8) = −16.
        (FilterKind::SobelY, [24., 16., -8., -16.]),
        // Laplacian: 2 + 5 + 7 + 8 − 24 = −2; 3 + 6 + 8 + 7 − 28 = −4;
        // 6 + 9 + 7 + 4 − 32 = −6; 7 + 8 + 6 + 3 − 28 = −4.
        (FilterKind::Laplacian, [-2., -4., -6., -4.]),
        // Sharpen: 5·6 − (2+5+7+8) = 8; 35 − 24 = 11; 40 − 26 = 14; 35 − 24 = 11.
        (FilterKind::Sharpen, [8., 11., 14., 11.]),
        // Emboss −2 −1 0 / −1 1 1 / 0 1 2: −2−2−5+6+7+8+14 = 26; −4−3−6+7+8+7+12 = 21;
        // −10−6−9+8+7+4+6 = 0; −12−7−8+7+6+3+4 = −7.
        (FilterKind::Emboss, [26., 21., 0., -7.]),
        // Box: sums 48, 51, 54, 51 over 9.
        (
            FilterKind::BoxBlur,
            [48. / 9., 51. / 9., 54. / 9., 51. / 9.],
        ),
        // Gaussian 1 2 1 / 2 4 2 / 1 2 1 over 16: (1+3+9+7) + 2(2+5+7+8) + 4·6 = 88;
        // (2+4+8+6) + 2(3+6+8+7) + 28 = 96; (5+7+5+3) + 2(6+9+7+4) + 32 = 104;
        // (6+8+4+2) + 2(7+8+6+3) + 28 = 96.
        (
            FilterKind::Gaussian,
            [88. / 16., 96. / 16., 104. / 16., 96. / 16.],
        ),
    ];
    for (kind, want) in cases {
        let got = apply(&IMG, 4, kernel(kind, 3), 3);
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() < 1e-5, "{kind:?}: got {got:?}, want {want:?}");
        }
    }
}

#[test]
fn larger_kernels_grow_as_documented() {
    // Sobel x at 5: [1 4 6 4 1]ᵀ ⊗ [−1 −2 0 2 1]; row 2 is 6 × the derivative.
    let k = kernel(FilterKind::SobelX, 5);
    assert_eq!(&k[10..15], &[-6., -12., 0., 12., 6.]);
    assert_eq!(&k[0..5], &[-1., -2., 0., 2., 1.]);
    // Sobel y is its transpose.
    let ky = kernel(FilterKind::SobelY, 5);
    for y in 0..5 {
        for x in 0..5 {
            assert_eq!(ky[y * 5 + x], k[x * 5 + y]);
        }
    }
    // Blurs sum to 1 at every size; derivatives to 0.
    for f in [3, 5, 7] {
        for kind in [FilterKind::BoxBlur, FilterKind::Gaussian] {
            let s: f32 = kernel(kind, f).iter().sum();
            assert!((s - 1.0).abs() < 1e-5, "{kind:?} {f}: {s}");
        }
        for kind in [
            FilterKind::SobelX,
            FilterKind::SobelY,
            FilterKind::Laplacian,
        ] {
            assert_eq!(kernel(kind, f).iter().sum::<f32>(), 0.0, "{kind:?} {f}");
        }
    }
    // Gaussian at 5: the centre is 36/256.
    assert_eq!(kernel(FilterKind::Gaussian, 5)[12], 36.0 / 256.0);
    // The 3 × 3 kernels sit in the middle of a 7 × 7 grid of zeros.
    let l7 = kernel(FilterKind::Laplacian, 7);
    assert_eq!(l7[3 * 7 + 3], -4.0);
    assert_eq!(l7[2 * 7 + 3], 1.0);
    assert_eq!(l7.iter().filter(|&&v| v != 0.0).count(), 5);
    // Sizes outside 3, 5, 7 are refused.
    for f in [0, 1, 2, 4, 9] {
        assert!(FilterKind::Identity
            .kernel(f, &mut SplitMix64::new(1))
            .is_err());
    }
}

#[test]
fn colour_filters_split_the_kernel_over_the_channels() {
    let w = FilterKind::SobelX
        .weights(3, 3, &mut SplitMix64::new(1))
        .unwrap();
    assert_eq!(w.len(), 27);
    assert_eq!(&w[9..12], &[-1. / 3., 0., 1. / 3.]);
    // So identity on RGB is the channel mean.
    let p = Picture::new(1, 1, vec![30, 60, 240, 255]).unwrap();
    let v = to_volume(&p, Colour::Rgb).unwrap();
    let id = FilterKind::Identity
        .weights(3, 3, &mut SplitMix64::new(1))
        .unwrap();
    let bank = FilterBank::new(1, 3, 3, 3, id, vec![0.0]).unwrap();
    let out = conv_map(&v, &bank, 0, &WindowSpec::square(3, 1, 1)).unwrap();
    assert!((out.data()[0] - 110.0 / 255.0).abs() < 1e-6);
}

#[test]
fn random_weights_are_seeded_gaussians_of_std_0_01() {
    let a = FilterKind::Random
        .weights(3, 7, &mut SplitMix64::new(5))
        .unwrap();
    let b = FilterKind::Random
        .weights(3, 7, &mut SplitMix64::new(5))
        .unwrap();
    assert_eq!(a, b);
    let many: Vec<f64> = (0..200)
        .flat_map(|s| {
            FilterKind::Random
                .weights(3, 7, &mut SplitMix64::new(s))
                .unwrap()
        })
        .map(|v| v as f64)
        .collect();
    let mean = many.iter().sum::<f64>() / many.len() as f64;
    let std = (many.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / many.len() as f64).sqrt();
    assert!(mean.abs() < 0.001, "mean {mean}");
    assert!((std - RANDOM_STD).abs() < 0.0005, "std {std}");
}

#[test]
fn the_fast_map_equals_conv2d_exactly() {
    let mut rng = SplitMix64::new(42);
    for case in 0..120 {
        let d = 1 + case % 3;
        let (h, w) = (3 + case % 7, 2 + (case * 5) % 9);
        let f = [1, 2, 3][case % 3];
        let spec = WindowSpec {
            kernel: Hw::new(f, f.max(1 + case % 2)),
            stride: Hw::new(1 + case % 3, 1 + (case / 3) % 3),
            dilation: Hw::new(1 + (case / 7) % 2, 1),
            padding: Padding {
                top: case % 3,
                left: (case / 2) % 3,
                bottom: (case / 5) % 2,
                right: case % 2,
            },
            rounding: Rounding::Floor,
        };
        let input = Volume::from_fn(d, h, w, |_, _, _| rng.gaussian(0.0, 1.0) as f32).unwrap();
        let bank = FilterBank::from_fn(
            3,
            d,
            spec.kernel.h,
            spec.kernel.w,
            |_, _, _, _| rng.gaussian(0.0, 1.0) as f32,
            |k| k as f32 * 0.5 - 0.25,
        )
        .unwrap();
        let Ok(full) = conv2d(&input, &bank, &spec) else {
            assert!(conv_map(&input, &bank, 0, &spec).is_err());
            continue;
        };
        for k in 0..3 {
            let one = conv_map(&input, &bank, k, &spec).unwrap();
            assert_eq!(
                one.data(),
                full.slice(k).unwrap(),
                "case {case}, filter {k}"
            );
        }
    }
    // Errors: a filter out of range, a depth mismatch.
    let input = Volume::zeros(2, 4, 4).unwrap();
    let bank = FilterBank::zeros(1, 2, 3, 3).unwrap();
    assert!(conv_map(&input, &bank, 1, &WindowSpec::square(3, 1, 0)).is_err());
    let bank = FilterBank::zeros(1, 1, 3, 3).unwrap();
    assert!(conv_map(&input, &bank, 0, &WindowSpec::square(3, 1, 0)).is_err());
}

#[test]
fn sobel_x_on_the_test_pattern_is_strongest_on_vertical_edges() {
    let input = to_volume(&Builtin::Pattern.picture(), Colour::Grey).unwrap();
    let bank = FilterBank::new(1, 1, 3, 3, kernel(FilterKind::SobelX, 3), vec![0.0]).unwrap();
    let map = conv_map(&input, &bank, 0, &WindowSpec::square(3, 1, 1)).unwrap();
    let w = map.width();
    let at = |y: usize, x: usize| map.data()[y * w + x].abs();
    // The top left quadrant has vertical stripes (edges at x = 32, 64, 96), the top right
    // horizontal ones. Inside each quadrant (away from its borders):
    let strongest = |x0: usize, x1: usize| {
        (8..120)
            .flat_map(|y| (x0..x1).map(move |x| (y, x)))
            .map(|(y, x)| at(y, x))
            .fold(0.0f32, f32::max)
    };
    let vertical = strongest(8, 120);
    let horizontal = strongest(136, 248);
    assert!(vertical > 1.5, "vertical edges respond: {vertical}");
    assert!(horizontal < 0.01, "horizontal edges do not: {horizontal}");
    // Away from the picture's border (where the zero padding makes an edge of its own), the
    // strongest response lies on a vertical edge: there Sobel y is close to 0.
    let interior = (2..254).flat_map(|y| (2..254).map(move |x| (y, x)));
    let (y, x) = interior.fold(
        (0, 0),
        |b, p| if at(p.0, p.1) > at(b.0, b.1) { p } else { b },
    );
    let sobel_y = FilterBank::new(1, 1, 3, 3, kernel(FilterKind::SobelY, 3), vec![0.0]).unwrap();
    let ymap = conv_map(&input, &sobel_y, 0, &WindowSpec::square(3, 1, 1)).unwrap();
    let gy = ymap.data()[y * w + x].abs();
    assert!(
        gy < 0.25 * at(y, x),
        "max at ({y}, {x}): |x| {} |y| {gy}",
        at(y, x)
    );
    // Sobel y the other way round.
    let bank = FilterBank::new(1, 1, 3, 3, kernel(FilterKind::SobelY, 3), vec![0.0]).unwrap();
    let map = conv_map(&input, &bank, 0, &WindowSpec::square(3, 1, 1)).unwrap();
    let w = map.width();
    let at = |y: usize, x: usize| map.data()[y * w + x].abs();
    let left = (8..120)
        .flat_map(|y| (8..120).map(move |x| (y, x)))
        .map(|(y, x)| at(y, x))
        .fold(0.0, f32::max);
    let right = (8..120)
        .flat_map(|y| (136..248).map(move |x| (y, x)))
        .map(|(y, x)| at(y, x))
        .fold(0.0, f32::max);
    assert!(right > 1.5 && left < 0.01, "{left} {right}");
}

#[test]
fn built_in_pictures_have_their_sizes_and_content() {
    let p = Builtin::Pattern.picture();
    assert_eq!((p.width, p.height), (256, 256));
    // Stripes: column 10 dark, column 40 light in the top left.
    assert_eq!(p.rgb(10, 10), [40, 40, 40]);
    assert_eq!(p.rgb(40, 10), [215, 215, 215]);
    let d = Builtin::Digit.picture();
    assert_eq!((d.width, d.height), (28, 28));
    let ink = d.rgba.chunks(4).filter(|c| c[0] > 128).count();
    assert!((60..300).contains(&ink), "ink pixels {ink}");
    assert_eq!(d.rgb(0, 0), [0, 0, 0]);
    let photo = Builtin::Photo.picture();
    assert_eq!((photo.width, photo.height), (256, 192));
    let [r, g, b] = photo.rgb(128, 5);
    assert!(b > r && b > g, "the sky is blue: {r} {g} {b}");
    let [r, g, b] = photo.rgb(70, 150);
    assert!(r > 150 && g < 90 && b < 90, "the house is red: {r} {g} {b}");
    for b in Builtin::ALL {
        assert_eq!(Builtin::from_id(b.id()), Some(b));
    }
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/images/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn uploads_are_checked_before_decoding() {
    assert_eq!(check_bytes(&[]), Err(UploadError::Empty));
    assert_eq!(check_bytes(&fixture("empty.png")), Err(UploadError::Empty));
    assert_eq!(
        check_bytes(&fixture("notes.txt")),
        Err(UploadError::NotImage { text: true })
    );
    assert_eq!(
        check_bytes(&[0, 1, 2, 3, 200, 201]),
        Err(UploadError::NotImage { text: false })
    );
    let svg = b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"8\" height=\"8\"/>";
    assert_eq!(check_bytes(svg), Err(UploadError::Vector));
    assert!(UploadError::Vector.to_string().contains("Export it as PNG"));
    assert_eq!(gif_frames(&fixture("animated.gif")), Some(2));
    assert_eq!(
        check_bytes(&fixture("animated.gif")),
        Err(UploadError::Animated { frames: 2 })
    );
    assert_eq!(gif_frames(&fixture("still.gif")), Some(1));
    assert_eq!(check_bytes(&fixture("still.gif")), Ok(Format::Gif));
    // The damaged PNG passes the byte check: only the browser's decoder can tell.
    assert_eq!(check_bytes(&fixture("corrupt.png")), Ok(Format::Png));
    assert_eq!(check_bytes(&fixture("edge.png")), Ok(Format::Png));
    assert_eq!(
        check_size(20_000, 20_000),
        Err(UploadError::TooLarge {
            width: 20_000,
            height: 20_000
        })
    );
    assert_eq!(check_size(0, 10), Err(UploadError::NoSize));
    assert_eq!(check_size(8000, 6000), Ok(()));
    let text = UploadError::TooLarge {
        width: 20_000,
        height: 20_000,
    }
    .to_string();
    assert!(
        text.contains("20,000 × 20,000") && text.contains("400 megapixels"),
        "{text}"
    );
    // Truncated GIFs do not panic the walker.
    let gif = fixture("animated.gif");
    for n in 0..gif.len() {
        let _ = gif_frames(&gif[..n]);
    }
}

fn picture(w: usize, h: usize) -> Picture {
    let rgba = (0..w * h)
        .flat_map(|i| {
            [
                (i * 7 % 256) as u8,
                (i * 13 % 256) as u8,
                (i % 256) as u8,
                255,
            ]
        })
        .collect();
    Picture::new(w, h, rgba).unwrap()
}

#[test]
fn the_view_starts_with_eight_classic_filters_and_keeps_sixteen_at_most() {
    let lab = Lab::default();
    assert_eq!(lab.slots.len(), 8);
    assert_eq!(
        (lab.depth(), lab.f, lab.input.width(), lab.input.height()),
        (3, 3, 256, 192)
    );
    let mut s = lab.clone();
    for _ in 0..8 {
        s = s.apply(LabMsg::Add(FilterKind::Random)).unwrap();
    }
    assert_eq!(s.slots.len(), MAX_FILTERS);
    assert_eq!(s.apply(LabMsg::Add(FilterKind::Random)), None);
    // Random filters added one after another differ.
    assert_ne!(s.slots[8].weights, s.slots[9].weights);
    let one = (1..16).fold(s, |s, _| s.apply(LabMsg::Remove(0)).unwrap());
    assert_eq!(one.slots.len(), 1);
    assert_eq!(one.apply(LabMsg::Remove(0)), None, "K stays at least 1");
}

#[test]
fn typed_weights_are_used_or_refused_with_a_sentence() {
    let lab = Lab::default();
    let s = lab.apply(LabMsg::TypeWeight(0, 4, "−0,5".into())).unwrap();
    assert_eq!(s.slots[0].weights[4], -0.5);
    assert!(s.slots[0].edited);
    let bad = s.apply(LabMsg::TypeWeight(0, 4, "abc".into())).unwrap();
    assert_eq!(bad.slots[0].weights[4], -0.5);
    assert!(bad
        .weight_error
        .as_deref()
        .unwrap()
        .contains("“abc” is not a number"));
    let big = s.apply(LabMsg::TypeWeight(0, 4, "1e9".into())).unwrap();
    assert!(big.weight_error.as_deref().unwrap().contains("outside"));
    let back = bad.apply(LabMsg::Reset(0)).unwrap();
    assert_eq!(back.slots[0], lab.slots[0]);
    // The slider moves the picked weight.
    let s = lab
        .apply(LabMsg::Select(2))
        .unwrap()
        .apply(LabMsg::PickCell(13))
        .unwrap()
        .apply(LabMsg::SlideWeight(1.25))
        .unwrap();
    assert_eq!(s.slots[2].weights[13], 1.25);
    assert_eq!(s.apply(LabMsg::SlideWeight(f32::NAN)), None);
}

#[test]
fn colour_and_size_changes_carry_edited_filters() {
    let lab = Lab::default()
        .apply(LabMsg::TypeWeight(4, 0, "3".into()))
        .unwrap();
    // RGB → grey adds the channels: −1/3·2 + 3 at the top left of the edited Sobel.
    let grey = lab.apply(LabMsg::Colour(Colour::Grey)).unwrap();
    assert_eq!(grey.slots[4].weights.len(), 9);
    assert!((grey.slots[4].weights[0] - (3.0 - 2.0 / 3.0)).abs() < 1e-6);
    // Unedited ones are drawn afresh: Sobel x for one channel.
    assert_eq!(grey.slots[5].weights, kernel(FilterKind::SobelY, 3));
    // F 3 → 5 pads the edited kernel with zeros around its centre.
    let big = grey.apply(LabMsg::FilterSize(5)).unwrap();
    assert_eq!(big.slots[4].weights[6], grey.slots[4].weights[0]);
    assert_eq!(big.slots[4].weights[0], 0.0);
    assert_eq!(big.slots[5].weights, kernel(FilterKind::SobelY, 5));
    assert_eq!(big.apply(LabMsg::FilterSize(4)), None);
    // Smaller long side.
    let small = lab.apply(LabMsg::Size(64)).unwrap();
    assert_eq!((small.input.width(), small.input.height()), (64, 48));
    assert_eq!(lab.apply(LabMsg::Size(100)), None);
}

#[test]
fn uploads_replace_the_picture_and_refusals_keep_it() {
    let lab = Lab::default();
    let refused = lab.apply(LabMsg::Refused("no".into())).unwrap();
    assert_eq!(refused.picture, lab.picture);
    assert_eq!(refused.upload_error.as_deref(), Some("no"));
    let loaded = refused
        .apply(LabMsg::Loaded {
            name: "cat.png".into(),
            picture: picture(40, 30),
            original: (4000, 3000),
        })
        .unwrap();
    assert_eq!(loaded.upload_error, None);
    assert_eq!(loaded.input.width(), 40);
    assert!(matches!(loaded.source, Source::Upload { .. }));
    assert_eq!(
        loaded.caption(),
        "“cat.png”, 4000 × 3000 pixels, scaled to 40 × 30."
    );
    assert_eq!(loaded.at, (15, 20), "the window starts in the middle");
}

#[test]
fn the_window_steps_seeks_and_plays_within_the_maps() {
    let lab = Lab::new(Builtin::Digit);
    let s = lab.apply(LabMsg::Seek(0, 27)).unwrap();
    assert_eq!(s.at, (0, 27));
    let s = s.apply(LabMsg::StepBy(1)).unwrap();
    assert_eq!(s.at, (1, 0));
    let s = s.apply(LabMsg::Seek(500, 500)).unwrap();
    assert_eq!(s.at, (27, 27), "clamped into 28 × 28");
    let playing = s.apply(LabMsg::TogglePlay).unwrap();
    let stopped = playing.apply(LabMsg::Tick).unwrap();
    assert!(!stopped.playing, "stops at the last position");
    // Stride 2 halves the maps: the window is clamped.
    let s2 = s.apply(LabMsg::Stride(2)).unwrap();
    assert_eq!(s2.at, (13, 13));
    let z = s2.zoom().unwrap();
    assert_eq!((z.top, z.left), (25, 25));
    assert_eq!(z.rows.len(), 5);
    assert_eq!(z.channels[0][4][4], None, "row 28 lies in the padding");
    let t = s2.trace().unwrap();
    assert_eq!((t.row, t.col, t.filter), (13, 13, s2.selected));
}

#[test]
fn the_pipeline_recomputes_only_the_changed_map() {
    let lab = Lab::new(Builtin::Pattern);
    let mut p = Pipeline::new();
    let a = p.run(&lab).unwrap();
    assert_eq!(a.maps.len(), 8);
    assert_eq!(a.maps[0].act.width(), 256);
    assert_eq!(a.maps[0].pooled.as_ref().unwrap().width(), 128);
    let again = p.run(&lab).unwrap();
    assert!(a
        .maps
        .iter()
        .zip(&again.maps)
        .all(|(x, y)| Rc::ptr_eq(x, y)));
    let edited = lab.apply(LabMsg::TypeWeight(3, 4, "2".into())).unwrap();
    let b = p.run(&edited).unwrap();
    let same: Vec<bool> = a
        .maps
        .iter()
        .zip(&b.maps)
        .map(|(x, y)| Rc::ptr_eq(x, y))
        .collect();
    assert_eq!(same, [true, true, true, false, true, true, true, true]);
    assert_ne!(a.maps[3].conv, b.maps[3].conv, "the map changed");
    // The maps equal conv2d + ReLU of the whole bank.
    let full = conv2d(&edited.input, &edited.bank().unwrap(), &edited.spec()).unwrap();
    for k in 0..8 {
        assert_eq!(b.maps[k].conv.data(), full.slice(k).unwrap());
        assert!(b.maps[k].act.data().iter().all(|&v| v >= 0.0));
    }
    // The incremental FC scores equal a Dense layer on the flattened pooled volume.
    let fc = b.fc.as_ref().unwrap();
    assert_eq!(fc.shape, (8, 128, 128));
    let flat: Vec<f32> = b
        .maps
        .iter()
        .flat_map(|m| m.last().data().to_vec())
        .collect();
    let dense = Dense::new(
        flat.len(),
        FC_OUTPUTS,
        p.fc_weights(flat.len()).unwrap(),
        vec![0.0; FC_OUTPUTS],
    )
    .unwrap();
    for (x, y) in fc.scores.iter().zip(dense.forward(&flat).unwrap()) {
        assert!((x - y).abs() < 1e-3 * y.abs().max(1.0), "{x} vs {y}");
    }
    assert_eq!(fc.params, dense.param_count());
    // ReLU off brings back negative values; pooling off feeds the maps themselves.
    let raw = p
        .run(
            &edited
                .apply(LabMsg::Relu(false))
                .unwrap()
                .apply(LabMsg::Pool(false))
                .unwrap(),
        )
        .unwrap();
    assert!(raw.maps[4].act.data().iter().any(|&v| v < 0.0));
    assert!(raw.maps[0].pooled.is_none());
    assert_eq!(raw.fc.unwrap().shape, (8, 256, 256));
    // 8 × 512 × 512 values exceed the FC limit: a sentence instead.
    let big = edited
        .apply(LabMsg::Pool(false))
        .unwrap()
        .apply(LabMsg::Size(512))
        .unwrap()
        .apply(LabMsg::Loaded {
            name: "big.png".into(),
            picture: picture(512, 512),
            original: (512, 512),
        })
        .unwrap();
    let why = p.run(&big).unwrap().fc.unwrap_err();
    assert!(why.contains("2,097,152 values"), "{why}");
}

#[test]
fn fc_weights_have_mean_0_and_std_0_01() {
    let mut rng = SplitMix64::new(11);
    let xs: Vec<f64> = (0..200_000)
        .map(|_| convscope::app::lab::near_gaussian(rng.next_u64()) as f64)
        .collect();
    let mean = xs.iter().sum::<f64>() / xs.len() as f64;
    let std = (xs.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / xs.len() as f64).sqrt();
    assert!(mean.abs() < 1e-4, "mean {mean}");
    assert!((std - 0.01).abs() < 1e-4, "std {std}");
    // Bell-shaped: about 68% within one standard deviation (uniform would give 58%).
    let within = xs.iter().filter(|v| v.abs() < 0.01).count() as f64 / xs.len() as f64;
    assert!((within - 0.68).abs() < 0.02, "{within}");
}

#[test]
fn the_straight_pool_equals_max_pool2d() {
    let mut rng = SplitMix64::new(3);
    for (h, w) in [(2, 2), (5, 7), (8, 3), (33, 32)] {
        let v = Volume::from_fn(2, h, w, |_, _, _| rng.gaussian(0.0, 1.0) as f32).unwrap();
        let spec = WindowSpec::square(2, 2, 0).with_rounding(Rounding::Floor);
        assert_eq!(pool2(&v).unwrap(), max_pool2d(&v, &spec).unwrap().output);
    }
}

#[test]
fn a_32_by_32_colour_volume_into_ten_outputs_has_30730_parameters() {
    // Three identity filters with same padding and no pooling keep 32 × 32 × 3.
    let mut lab = Lab::default()
        .apply(LabMsg::Loaded {
            name: "tiny.png".into(),
            picture: picture(32, 32),
            original: (32, 32),
        })
        .unwrap()
        .apply(LabMsg::Pool(false))
        .unwrap();
    while lab.slots.len() > 3 {
        lab = lab.apply(LabMsg::Remove(3)).unwrap();
    }
    let out = Pipeline::new().run(&lab).unwrap();
    let fc = out.fc.unwrap();
    assert_eq!(fc.shape, (3, 32, 32));
    assert_eq!(fc.params, 30_730);
    assert_eq!(
        convscope::app::image_text::fc_summary((3, 32, 32), 10, fc.params),
        "32×32×3 → 3,072 → 10: 3,072·10 + 10 = 30,730 parameters"
    );
}

/// Every value's bits (so −0.0 and 0.0, or two NaNs, are told apart).
fn bits(v: &Volume) -> Vec<u32> {
    v.data().iter().map(|x| x.to_bits()).collect()
}

#[test]
fn a_stride_s_conv_is_the_stride_one_conv_read_every_s_cells_bit_for_bit() {
    // What lets the view read a stride's maps off the stride-1 maps: conv2d (the fast
    // path the browser runs, over the same lanes code) at stride S gives, at (y, x), the
    // very bits it gives at stride 1 at (y·S, x·S). Odd sizes, every F, padding on and off,
    // one and three channels, values of both signs with zeros, −0.0 and an exact tie.
    let mut rng = SplitMix64::new(0x5717);
    for (d, h, w) in [(3, 37, 41), (1, 64, 29), (3, 20, 20), (2, 9, 33)] {
        let data: Vec<f32> = (0..d * h * w)
            .map(|i| match i % 11 {
                0 => 0.0,
                1 => -0.0,
                2 => 0.5,
                _ => rng.gaussian(0.0, 1.0) as f32,
            })
            .collect();
        let input = Volume::from_vec(d, h, w, data).unwrap();
        for f in [3, 5, 7] {
            let k = 5;
            let weights = (0..k * d * f * f)
                .map(|_| rng.gaussian(0.0, 0.7) as f32)
                .collect();
            let bias = (0..k).map(|i| i as f32 * 0.25 - 0.5).collect();
            let bank = FilterBank::new(k, d, f, f, weights, bias).unwrap();
            for p in [0, f / 2, f - 1] {
                let one = WindowSpec::square(f, 1, p).with_rounding(Rounding::Floor);
                let Ok(full) = conv2d(&input, &bank, &one) else {
                    continue;
                };
                for s in 2..=4 {
                    let spec = WindowSpec::square(f, s, p).with_rounding(Rounding::Floor);
                    let out = conv2d(&input, &bank, &spec).unwrap();
                    let read = Volume::from_fn(k, out.height(), out.width(), |c, y, x| {
                        full.get(c, y * s, x * s).unwrap()
                    })
                    .unwrap();
                    assert_eq!(bits(&out), bits(&read), "D={d} {h}×{w} F={f} P={p} S={s}");
                }
            }
        }
    }
}

#[test]
fn a_weight_slid_gives_the_map_a_fresh_pipeline_gives() {
    // A weight edit recomputes its one map with the one-filter kernel (`conv_map`); a fresh
    // pipeline convolves every filter at once (conv2d). The bits must be the same, at every
    // filter size, padding and stride.
    let base = Lab::new(Builtin::Pattern)
        .apply(LabMsg::Relu(false))
        .unwrap()
        .apply(LabMsg::Select(2))
        .unwrap();
    for (f, same, s) in [(3, true, 1), (5, false, 2), (7, true, 3), (3, false, 1)] {
        let lab = base
            .apply(LabMsg::FilterSize(f))
            .unwrap_or_else(|| base.clone());
        let lab = lab.apply(LabMsg::Same(same)).unwrap_or(lab);
        let lab = lab.apply(LabMsg::Stride(s)).unwrap_or(lab);
        let mut slid = Pipeline::new();
        slid.run(&lab).unwrap();
        let mut at = lab.clone();
        for (i, w) in [0.75f32, -1.5, 0.1].into_iter().enumerate() {
            at = at.apply(LabMsg::PickCell(i)).unwrap_or(at);
            at = at.apply(LabMsg::SlideWeight(w)).expect("the weight moves");
            let got = slid.run(&at).unwrap();
            let fresh = Pipeline::new().run(&at).unwrap();
            assert_eq!(got.maps.len(), fresh.maps.len());
            for (k, (a, b)) in got.maps.iter().zip(&fresh.maps).enumerate() {
                let what = format!("F={f} same={same} S={s} weight {i} = {w}, map {k}");
                assert_eq!(bits(&a.conv), bits(&b.conv), "{what}");
                assert_eq!(bits(&a.act), bits(&b.act), "{what}");
            }
        }
    }
}

#[test]
fn a_stride_reached_by_sliding_gives_what_a_fresh_pipeline_gives() {
    // The pipeline keeps each stride's maps and reads a new stride off the stride-1 maps;
    // every map, pooled map, scale and FC score must be the bits a fresh pipeline computes
    // at that stride (which convolves at that stride).
    let base = Lab::new(Builtin::Pattern)
        .apply(LabMsg::Kind(2, FilterKind::Random))
        .unwrap()
        .apply(LabMsg::Relu(false))
        .unwrap();
    for (f, same) in [(3, true), (5, false), (7, true)] {
        let lab = base
            .apply(LabMsg::FilterSize(f))
            .unwrap_or_else(|| base.clone());
        let lab = lab.apply(LabMsg::Same(same)).unwrap_or(lab);
        let mut slid = Pipeline::new();
        let mut last: Option<Vec<Rc<convscope::app::lab::MapOut>>> = None;
        for s in [1, 2, 3, 4, 3, 2, 1, 4] {
            let at = lab.apply(LabMsg::Stride(s)).unwrap_or_else(|| lab.clone());
            let got = slid.run(&at).unwrap();
            let fresh = Pipeline::new().run(&at).unwrap();
            for (k, (a, b)) in got.maps.iter().zip(&fresh.maps).enumerate() {
                let what = format!("F={f} same={same} S={s} map {k}");
                assert_eq!(bits(&a.conv), bits(&b.conv), "{what}");
                assert_eq!(bits(&a.act), bits(&b.act), "{what}");
                assert_eq!(
                    a.pooled.as_ref().map(bits),
                    b.pooled.as_ref().map(bits),
                    "{what}"
                );
                assert_eq!(
                    (a.scale, a.pooled_scale),
                    (b.scale, b.pooled_scale),
                    "{what}"
                );
            }
            let (a, b) = (got.fc.unwrap(), fresh.fc.unwrap());
            let score_bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(score_bits(&a.scores), score_bits(&b.scores), "F={f} S={s}");
            assert_eq!((a.shape, a.params), (b.shape, b.params));
            last = Some(got.maps);
        }
        // Back at a stride seen before: the same maps, not recomputed ones.
        let at = lab.apply(LabMsg::Stride(4)).unwrap_or_else(|| lab.clone());
        let again = slid.run(&at).unwrap();
        let last = last.unwrap();
        assert!(again.maps.iter().zip(&last).all(|(a, b)| Rc::ptr_eq(a, b)));
    }
}

#[test]
fn the_pipeline_keeps_other_strides_only_for_the_current_filters() {
    let lab = Lab::new(Builtin::Pattern);
    let mut p = Pipeline::new();
    let one = p.run(&lab).unwrap();
    let s2 = lab.apply(LabMsg::Stride(2)).unwrap();
    p.run(&s2).unwrap();
    // A weight edit at stride 2 drops that filter's stride-1 map: back at stride 1 it is
    // recomputed, the other seven are the kept ones.
    let edited = s2.apply(LabMsg::TypeWeight(3, 4, "2".into())).unwrap();
    p.run(&edited).unwrap();
    let back = p.run(&edited.apply(LabMsg::Stride(1)).unwrap()).unwrap();
    let same: Vec<bool> = one
        .maps
        .iter()
        .zip(&back.maps)
        .map(|(a, b)| Rc::ptr_eq(a, b))
        .collect();
    assert_eq!(same, [true, true, true, false, true, true, true, true]);
    let full = conv2d(&edited.input, &edited.bank().unwrap(), &lab.spec()).unwrap();
    assert_eq!(back.maps[3].conv.data(), full.slice(3).unwrap());
    // ReLU off drops every kept map: nothing of the ReLU maps comes back.
    let raw = p.run(&edited.apply(LabMsg::Relu(false)).unwrap()).unwrap();
    assert!(raw
        .maps
        .iter()
        .zip(&back.maps)
        .all(|(a, b)| !Rc::ptr_eq(a, b)));
}

#[test]
fn a_warmed_neighbour_stride_is_what_the_slider_then_finds() {
    let lab = Lab::new(Builtin::Pattern);
    let mut p = Pipeline::new();
    let one = p.run(&lab).unwrap();
    // At stride 1 the neighbour is 2, read off the kept stride-1 maps.
    assert_eq!(p.warm_neighbour(&lab), Some(2));
    // Nothing more to warm from stride 1: the S = 2 maps are kept and S = 0 is no stride.
    assert_eq!(p.warm_neighbour(&lab), None);
    let warmed: Vec<_> = p.run(&lab).unwrap().maps;
    // Warming left stride 1 as it was...
    assert!(warmed.iter().zip(&one.maps).all(|(a, b)| Rc::ptr_eq(a, b)));
    // ...and the slider's move to S = 2 (whose maps are kept: the second warm-up above found
    // nothing to do) gives the bits a fresh pipeline computes at stride 2, FC scores included.
    let s2 = lab.apply(LabMsg::Stride(2)).unwrap();
    let mut fresh_p = Pipeline::new();
    let fresh = fresh_p.run(&s2).unwrap();
    let got = p.run(&s2).unwrap();
    for (k, (a, b)) in got.maps.iter().zip(&fresh.maps).enumerate() {
        assert_eq!(bits(&a.act), bits(&b.act), "map {k}");
        assert_eq!(
            a.pooled.as_ref().map(bits),
            b.pooled.as_ref().map(bits),
            "map {k}"
        );
    }
    let score_bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    assert_eq!(
        score_bits(&got.fc.as_ref().unwrap().scores),
        score_bits(&fresh.fc.as_ref().unwrap().scores)
    );
    // From S = 2 the next to warm is 3 (1 is kept); from the largest stride, the one below.
    assert_eq!(p.warm_neighbour(&s2), Some(3));
    let s4 = lab.apply(LabMsg::Stride(4)).unwrap();
    let mut q = Pipeline::new();
    q.run(&lab).unwrap();
    q.run(&s4).unwrap();
    assert_eq!(q.warm_neighbour(&s4), Some(3));
    // Without kept stride-1 maps (a view opened at S = 2) nothing is convolved to warm.
    let mut r = Pipeline::new();
    r.run(&s2).unwrap();
    assert_eq!(r.warm_neighbour(&s2), None);
}
