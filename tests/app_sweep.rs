//! Every value the controls accept, end to end through the pure layers (layer, read-outs,
//! scene): never a panic, and the read-outs agree with the core and with each other.

use convscope::app::fields::Field;
use convscope::app::layer::Layer;
use convscope::app::state::{Config, Msg, Viz};
use convscope::app::text;
use convscope::render::scene;

fn range(f: Field) -> std::ops::RangeInclusive<usize> {
    let (lo, hi) = f.range();
    lo..=hi
}

#[test]
fn every_accepted_configuration_builds_and_reads_out_consistently() {
    let mut checked = 0;
    for n in range(Field::N) {
        for f in range(Field::F) {
            for s in range(Field::S) {
                for p in range(Field::P) {
                    let c = Config {
                        n,
                        f,
                        s,
                        p,
                        seed: 7,
                    };
                    let layer = Layer::new(c).expect("accepted values always build a layer");
                    let formula = text::formula(&c, &layer.exact);
                    let padded = n + 2 * p;
                    match &layer.exact {
                        Ok(g) => {
                            // The lecture's formula, exactly.
                            assert_eq!((padded - f) % s, 0);
                            assert_eq!(g.out_h(), (padded - f) / s + 1);
                            assert_eq!(formula.shape, format!("{0} × {0} × 1", g.out_h()));
                            assert!(formula.fits && formula.note.is_none());
                        }
                        Err(_) => {
                            assert!(!formula.fits);
                            assert!(formula.note.as_deref().is_some_and(|t| !t.is_empty()));
                            assert!(f > padded || (padded - f) % s != 0, "{c:?}");
                        }
                    }
                    let positions = c.positions();
                    assert_eq!(positions > 0, f <= padded, "{c:?}");
                    assert_eq!(layer.output.is_some(), positions > 0);
                    for step in [0, positions.saturating_sub(1)] {
                        let status = text::status(&layer, step);
                        assert!(!status.is_empty());
                        if let Some(t) = layer.trace(step) {
                            let (r, col) = layer.position(step).unwrap();
                            let out = layer.output.as_ref().unwrap().get(0, r, col).unwrap();
                            assert_eq!(t.total, out);
                            assert_eq!(text::dot_product(&t).terms.len(), f * f);
                        }
                    }
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, 32 * 11 * 8 * 9);
}

#[test]
fn scenes_stay_inside_their_canvas_for_the_extremes() {
    for n in [1, 2, 7, 32] {
        for f in [1, 3, 11] {
            for s in [1, 3, 8] {
                for p in [0, 1, 8] {
                    let c = Config {
                        n,
                        f,
                        s,
                        p,
                        seed: 1,
                    };
                    let layer = Layer::new(c).unwrap();
                    for width in [320.0, 1280.0] {
                        let sc = scene::build(&layer, c.positions().saturating_sub(1), width);
                        assert!(sc.layout.cell >= 6.0 && sc.layout.width > 0.0);
                        for sh in &sc.shapes {
                            if let scene::Shape::Rect { x, y, w, h, .. } = sh {
                                assert!(*x >= 0.0 && *y >= 0.0);
                                assert!(x + w <= sc.layout.width + 1e-9, "{c:?} {sh:?}");
                                assert!(y + h <= sc.layout.height + 1e-9, "{c:?} {sh:?}");
                            }
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn typing_garbage_in_every_field_never_changes_the_picture() {
    let start = Viz::default();
    for field in Field::ALL {
        for junk in [
            "",
            " ",
            "-1",
            "0.5",
            "abc",
            "1e9",
            "NaN",
            "∞",
            "99999999999999999999999",
            "3x",
        ] {
            let v = start
                .apply(Msg::Edit(field, junk.into()))
                .unwrap_or_else(|| start.clone());
            assert!(
                v.errors[field.index()].is_some(),
                "{field:?} accepted {junk:?}"
            );
            assert_eq!(v.texts[field.index()], junk, "the box keeps what was typed");
            assert_eq!(v.config, start.config, "{field:?} {junk:?}");
        }
    }
}
