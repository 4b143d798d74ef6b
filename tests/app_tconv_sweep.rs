//! Transposed and grouped layers across the controls' ranges, end to end through the pure
//! layers (layer, read-outs, both views of the scene): never a panic, the output size is
//! s(i − 1) + a + k − 2p exactly when PyTorch's rules allow it, and what the page shows equals
//! the core's conv_transpose2d.

use convscope::app::layer::Layer;
use convscope::app::state::{Config, Msg, Op, Viz};
use convscope::app::text;
use convscope::cnn::conv_transpose2d;
use convscope::render::scene::{build_view, View};

#[test]
fn transposed_layers_across_the_ranges() {
    let mut checked = 0;
    for n in 1..=7usize {
        for f in 1..=5usize {
            for s in 1..=4usize {
                for p in 0..=4usize {
                    for a in 0..=3usize {
                        for (d, k, g) in [(1, 1, 1), (2, 4, 2)] {
                            let c = Config {
                                transposed: true,
                                opad: a,
                                groups: g,
                                ..Config::square(Op::Conv, n, d, k, f, s, p)
                            };
                            let layer = Layer::new(c).expect("accepted values build a layer");
                            let formula = text::formula(&c, &layer.exact);
                            let full = s * (n - 1) + a + f;
                            let ok = a < s && full > 2 * p;
                            assert_eq!(layer.exact.is_ok(), ok, "{c:?}");
                            if !ok {
                                assert!(!formula.fits && formula.note.is_some());
                                assert_eq!(c.positions(), 0);
                                continue;
                            }
                            let o = full - 2 * p;
                            assert_eq!(formula.shape, format!("{o} × {o} × {k}"));
                            assert!(
                                formula.expr.ends_with(&format!("= {o}")),
                                "{}",
                                formula.expr
                            );
                            // P > F − 1 crops the zero-stuffed input: exact read-outs, a sketch.
                            let crops = p + 1 > f;
                            assert_eq!(layer.too_big.is_some(), crops, "{c:?}");
                            let Some(v) = layer.values.as_ref() else {
                                continue;
                            };
                            let want = conv_transpose2d(
                                &v.input,
                                v.filters.as_ref().unwrap(),
                                &c.transpose_spec(),
                            )
                            .unwrap();
                            assert_eq!(v.output, want);
                            assert_eq!(c.positions(), o * o * k);
                            let last = c.positions() - 1;
                            let t = layer.trace(last).unwrap();
                            assert_eq!(t.total, v.output.get(k - 1, o - 1, o - 1).unwrap());
                            assert_eq!(t.channels.len(), d / g);
                            // The scatter view ends at the output (small integers: exact).
                            let sp = c.scatter_positions() - 1;
                            let partial = layer.scatter_partial(sp).unwrap();
                            for r in 0..o {
                                for col in 0..o {
                                    assert_eq!(
                                        partial.get(0, r + p, col + p),
                                        v.output.get(k - 1, r, col),
                                        "{c:?}"
                                    );
                                }
                            }
                            for (view, step) in [(View::Direct, last), (View::Scatter, sp)] {
                                let sc = build_view(
                                    &layer,
                                    view,
                                    step,
                                    None,
                                    1200.0,
                                    f64::INFINITY,
                                    &convscope::render::scene::Palette::DARK,
                                );
                                assert!(!sc.shapes.is_empty());
                            }
                            assert!(!text::status(&layer, last).is_empty());
                            checked += 1;
                        }
                    }
                }
            }
        }
    }
    assert!(checked > 1000, "{checked}");
}

#[test]
fn the_scatter_toggle_changes_the_steps_and_survives_edits() {
    let c = Config {
        transposed: true,
        opad: 1,
        ..Config::square(Op::Conv, 2, 1, 2, 3, 2, 1)
    };
    let v = Viz::new(c);
    assert_eq!(v.positions(), 2 * 16);
    let v = v.apply(Msg::Seek(20)).unwrap();
    let s = v.apply(Msg::SetScatter(true)).unwrap();
    assert_eq!((s.positions(), s.step), (2 * 4, 0));
    // Turning the layer into a plain conv leaves the scatter view with nothing to scatter.
    let plain = s.apply(Msg::SetTransposed(false)).unwrap();
    assert!(!plain.scattering());
    assert_eq!(plain.positions(), plain.config.positions());
}
