//! The exhaustive sweep of issue #7: every input side N in 1..=12 (square, and rectangles), F in
//! 1..=7, S in 1..=4, P in 0..=3, D in {1, 3}, dilation 1..=2, every rounding policy, conv and
//! max pooling. Each layer either equals the naive reference of `tests/common` or is refused
//! with a typed error that has a sentence; never a panic, never an arithmetic overflow (the test
//! profile keeps overflow checks on). The same configuration then goes through the page's own
//! path (Config → Layer → read-outs → scene), which must agree.

mod common;

use common::{bits, ref_conv, ref_pool, Case, ROUNDINGS};
use convscope::app::fields::Field;
use convscope::app::layer::Layer;
use convscope::app::state::{Config, Op};
use convscope::app::text;
use convscope::cnn::{conv2d, max_pool2d, Padding, ShapeError};
use convscope::render::scene;

/// The input shapes (height, width): every square side 1..=12 and some rectangles.
fn shapes() -> Vec<(usize, usize)> {
    (1..=12)
        .map(|n| (n, n))
        .chain([(1, 5), (5, 1), (3, 8), (8, 3), (7, 12), (12, 7)])
        .collect()
}

/// The errors a layer may be refused with: each names what is wrong with the shape.
fn typed(e: &ShapeError) -> bool {
    let shape = matches!(
        e,
        ShapeError::DoesNotFit(_)
            | ShapeError::KernelTooLarge { .. }
            | ShapeError::PoolPaddingTooLarge { .. }
            | ShapeError::WindowAllPadding { .. }
    );
    shape && !e.to_string().trim().is_empty()
}

/// The page's configuration for a case.
fn config(c: &Case, op: Op, p: usize) -> Config {
    let square = Config {
        op,
        n: c.h,
        d: c.depth,
        k: c.k,
        f: c.fh,
        s: c.sh,
        p,
        rounding: c.rounding,
        ..Config::default()
    }
    .with(Field::Dil, c.dh);
    if c.h == c.w {
        square
    } else {
        square.with_rect(true).with(Field::W, c.w)
    }
}

/// Runs one case through the core and the page's path; returns whether the core computed it.
fn check(c: &Case, op: Op, p: usize) -> bool {
    let x = c.input();
    let spec = c.spec();
    let computed = match op {
        Op::Conv => {
            let f = c.filters();
            match (conv2d(&x, &f, &spec), ref_conv(&x, &f, c)) {
                (Ok(out), Some(want)) => {
                    assert_eq!(bits(out.data()), bits(&want), "{c:?}");
                    true
                }
                (Err(e), None) => {
                    assert!(typed(&e), "{c:?}: {e:?}");
                    false
                }
                (got, want) => panic!("{c:?}: core {got:?}, reference {want:?}"),
            }
        }
        Op::MaxPool => match (max_pool2d(&x, &spec), ref_pool(&x, c)) {
            (Ok(out), Some((want, argmax))) => {
                assert_eq!(bits(out.output.data()), bits(&want), "{c:?}");
                assert_eq!(out.argmax, argmax, "{c:?}");
                true
            }
            (Err(e), None) => {
                assert!(typed(&e), "{c:?}: {e:?}");
                false
            }
            (got, want) => panic!("{c:?}: core {got:?}, reference {want:?}"),
        },
    };

    // The page: a layer is always built (a sentence when there is no output), it agrees with
    // the core, and its picture and read-outs can be drawn.
    let cfg = config(c, op, p);
    let layer = Layer::new(cfg).unwrap_or_else(|e| panic!("{cfg:?}: the page shows only {e}"));
    assert_eq!(layer.exact.is_ok(), computed, "{cfg:?}: {:?}", layer.exact);
    if let Err(e) = &layer.exact {
        assert!(typed(e), "{cfg:?}: {e:?}");
    }
    let formula = text::formula(&cfg, &layer.exact);
    assert_eq!(formula.fits, computed, "{cfg:?}");
    assert!(!formula.shape.is_empty() && !formula.expr.is_empty());
    if let (Some(v), Some(shown)) = (&layer.values, cfg.shown_spec()) {
        // The page's output is the reference over the page's own values (under the floor it
        // falls back to when the lecture's rule finds a remainder).
        let same = Case {
            rounding: shown.rounding,
            ..c.clone()
        };
        let want = match op {
            Op::Conv => ref_conv(&v.input, v.filters.as_ref().unwrap(), &same),
            Op::MaxPool => ref_pool(&v.input, &same).map(|(o, _)| o),
        };
        assert_eq!(
            Some(bits(v.output.data())),
            want.map(|w| bits(&w)),
            "{cfg:?}"
        );
    }
    let last = cfg.positions().saturating_sub(1);
    for step in [0, last] {
        assert!(!text::status(&layer, step).is_empty(), "{cfg:?}");
        let sc = scene::build(&layer, step, None, 900.0, 700.0, &scene::Palette::CONTRAST);
        assert!(sc.layout.width > 0.0 && sc.layout.height > 0.0, "{cfg:?}");
    }
    computed
}

#[test]
fn every_small_layer_equals_the_reference_or_is_refused_with_a_sentence() {
    let (mut cases, mut computed) = (0, 0);
    for (h, w) in shapes() {
        for f in 1..=7 {
            for s in 1..=4 {
                for p in 0..=3 {
                    for depth in [1, 3] {
                        for dil in 1..=2 {
                            for rounding in ROUNDINGS {
                                for op in [Op::Conv, Op::MaxPool] {
                                    let c = Case {
                                        depth,
                                        k: 2,
                                        h,
                                        w,
                                        fh: f,
                                        fw: f,
                                        sh: s,
                                        sw: s,
                                        dh: dil,
                                        dw: dil,
                                        pad: Padding::uniform(p),
                                        rounding,
                                        seed: (cases as u64) << 8 | 7,
                                    };
                                    computed += usize::from(check(&c, op, p));
                                    cases += 1;
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    assert_eq!(cases, 18 * 7 * 4 * 4 * 2 * 2 * 4 * 2);
    // Both outcomes are exercised in volume, not just one of them.
    assert!(
        computed > cases / 3 && computed < cases,
        "{computed} of {cases}"
    );
    println!("sweep: {cases} layers, {computed} computed, the rest refused with a sentence");
}

/// Found by the sweep: a pooling window that holds only padding (N = 1, F = 2 at dilation 2,
/// under SAME, or with P = 1) made `Layer::new` fail, and the page replaced the read-outs,
/// the transport and the picture with one sentence. Now the read-outs say why there is no
/// output, like any other impossible shape.
#[test]
fn a_pooling_window_of_only_padding_is_a_sentence_in_the_read_outs() {
    use convscope::cnn::Rounding;
    for (rounding, p) in [
        (Rounding::Same, 0),
        (Rounding::Strict, 1),
        (Rounding::Floor, 1),
        (Rounding::Ceil, 1),
    ] {
        let cfg = Config {
            op: Op::MaxPool,
            n: 1,
            f: 2,
            s: 1,
            p,
            rounding,
            ..Config::default()
        }
        .with(Field::Dil, 2);
        let layer = Layer::new(cfg).unwrap_or_else(|e| panic!("{rounding:?}: {e}"));
        assert_eq!(
            layer.exact,
            Err(ShapeError::WindowAllPadding { row: 0, col: 0 }),
            "{rounding:?}"
        );
        assert_eq!(cfg.positions(), 0);
        let formula = text::formula(&cfg, &layer.exact);
        assert!(!formula.fits);
        assert!(
            formula
                .note
                .as_deref()
                .unwrap_or("")
                .contains("only padding"),
            "{rounding:?}: {:?}",
            formula.note
        );
        assert!(!text::status(&layer, 0).is_empty());
    }
}
