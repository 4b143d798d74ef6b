//! Configurations across the controls' ranges, end to end through the pure layers (layer,
//! read-outs, scene): never a panic, and the read-outs agree with the core and each other.

use convscope::app::fields::Field;
use convscope::app::layer::Layer;
use convscope::app::state::{Config, Msg, Op, Viz};
use convscope::app::text;
use convscope::cnn::Rounding;
use convscope::render::scene;

/// The scene's panels (blocks of shapes the painter keeps as bitmaps) are in order, apart,
/// hold every pixel their shapes touch and every part they copy, and a panel the painter may
/// draw in place (`changing`) begins and ends where no run of cells continues (the painter
/// draws such a run as a whole, fills before outlines); the others it always copies from a
/// bitmap drawn from their shapes alone.
fn check_panels(sc: &scene::Scene, what: &dyn std::fmt::Debug) {
    let mut end = 0;
    for p in &sc.panels {
        assert!(
            p.range.start >= end && p.range.end <= sc.shapes.len(),
            "{what:?}"
        );
        end = p.range.end;
        let (bx, by, bw, bh) = p.bounds;
        let inside = |x0: f64, y0: f64, x1: f64, y1: f64| {
            x0 >= bx - 1e-9 && y0 >= by - 1e-9 && x1 <= bx + bw + 1e-9 && y1 <= by + bh + 1e-9
        };
        for &(l, t, r, b) in &p.parts {
            assert!(
                l < r && t < b && inside(l, t, r, b),
                "{what:?}: part {:?}",
                (l, t, r, b)
            );
        }
        for sh in &sc.shapes[p.range.clone()] {
            // Text by its anchor (Shape::bounds estimates a generous width); the rest by
            // the bounds the painter repaints by.
            let ok = match sh {
                scene::Shape::Text { x, y, size, .. } => {
                    inside(*x, y - size / 2.0, *x, y + size / 2.0)
                }
                _ => {
                    let (x0, y0, x1, y1) = sh.bounds();
                    inside(x0, y0, x1, y1)
                }
            };
            assert!(ok, "{what:?}: {sh:?} outside the panel {:?}", p.bounds);
        }
        let run = |i: usize| sc.shapes.get(i).is_some_and(|s| s.in_cell_run());
        let edges = if p.changing {
            vec![p.range.start, p.range.end]
        } else {
            vec![]
        };
        for edge in edges {
            assert!(
                edge == 0 || !(run(edge - 1) && run(edge)),
                "{what:?}: a run of cells crosses a panel's edge at {edge}"
            );
        }
    }
}

const ROUNDINGS: [Rounding; 4] = [
    Rounding::Strict,
    Rounding::Floor,
    Rounding::Ceil,
    Rounding::Same,
];

#[test]
fn lecture_formula_holds_and_read_outs_agree_across_the_ranges() {
    let mut checked = 0;
    let sides: Vec<usize> = (1..=20)
        .chain([31, 32, 64, 65, 112, 224, 227, 512])
        .collect();
    for &n in &sides {
        for f in 1..=11 {
            for s in 1..=8 {
                for p in 0..=8 {
                    for (d, k) in [(1, 1), (3, 2)] {
                        let c = Config {
                            n,
                            d,
                            k,
                            f,
                            s,
                            p,
                            ..Config::default()
                        };
                        let layer = Layer::new(c).expect("accepted values always build a layer");
                        let formula = text::formula(&c, &layer.exact);
                        let padded = n + 2 * p;
                        match &layer.exact {
                            Ok(g) => {
                                assert_eq!((padded - f) % s, 0);
                                assert_eq!(g.out_h(), (padded - f) / s + 1);
                                assert_eq!(formula.shape, format!("{0} × {0} × {k}", g.out_h()));
                                assert!(formula.fits);
                                // Only the 1×1 case adds a sentence (depth changes).
                                assert_eq!(formula.note.is_some(), (f, s, p) == (1, 1, 0), "{c:?}");
                            }
                            Err(_) => {
                                assert!(!formula.fits);
                                assert!(formula.note.as_deref().is_some_and(|t| !t.is_empty()));
                                assert!(f > padded || (padded - f) % s != 0, "{c:?}");
                            }
                        }
                        let positions = c.positions();
                        let animated = layer.too_big.is_none();
                        assert_eq!(positions > 0, f <= padded && animated, "{c:?}");
                        assert_eq!(layer.values.is_some(), f <= padded && animated);
                        for step in [0, positions.saturating_sub(1)] {
                            assert!(!text::status(&layer, step).is_empty());
                            if let Some(t) = layer.trace(step) {
                                let (fk, r, col) = layer.position(step).unwrap();
                                let out = &layer.values.as_ref().unwrap().output;
                                assert_eq!(t.total, out.get(fk, r, col).unwrap());
                                let dot = text::dot_product(&t, false);
                                assert_eq!(dot.channels.len(), d);
                                assert!(dot.channels.iter().all(|ch| ch.terms.len() == f * f));
                            }
                        }
                        checked += 1;
                    }
                }
            }
        }
    }
    assert_eq!(checked, 28 * 11 * 8 * 9 * 2);
}

#[test]
fn every_rounding_policy_and_op_gives_an_output_or_a_sentence() {
    for n in 1..=16 {
        for f in 1..=7 {
            for s in 1..=4 {
                for p in 0..=3 {
                    for (rounding, op) in ROUNDINGS
                        .iter()
                        .flat_map(|&r| [(r, Op::Conv), (r, Op::MaxPool)])
                    {
                        let c = Config {
                            op,
                            n,
                            d: 2,
                            f,
                            s,
                            p,
                            rounding,
                            ..Config::default()
                        };
                        let layer = Layer::new(c).unwrap_or_else(|e| panic!("{c:?}: {e}"));
                        if op == Op::MaxPool {
                            if let (Some(t), Some((ch, r, col))) =
                                (layer.pool_trace(0), layer.position(0))
                            {
                                let out = &layer.values.as_ref().unwrap().output;
                                assert_eq!(t.max, out.get(ch, r, col).unwrap());
                            }
                        }
                        let formula = text::formula(&c, &layer.exact);
                        assert_eq!(formula.fits, layer.exact.is_ok(), "{c:?}");
                        if let Ok(g) = &layer.exact {
                            assert!(
                                formula.expr.ends_with(&format!("= {}", g.out_h())),
                                "{c:?}: {}",
                                formula.expr
                            );
                            if rounding == Rounding::Same {
                                assert_eq!(g.out_h(), n.div_ceil(s));
                            }
                        } else {
                            assert!(formula.note.is_some());
                        }
                        let sc = scene::build(
                            &layer,
                            c.positions().saturating_sub(1),
                            None,
                            900.0,
                            f64::INFINITY,
                            &scene::Palette::LIGHT,
                        );
                        assert!(sc.layout.width > 0.0 && sc.layout.height > 0.0);
                        check_panels(&sc, &c);
                    }
                }
            }
        }
    }
}

#[test]
fn rectangular_asymmetric_and_dilated_layers_agree_with_the_core_and_draw() {
    use convscope::app::fields::Field;
    use convscope::cnn::{conv2d, FilterBank, Volume};
    let mut checked = 0;
    for (h, w) in [(1, 5), (5, 1), (6, 9), (9, 6), (12, 12)] {
        for (f, fw) in [(1, 3), (3, 1), (2, 3), (3, 3)] {
            for (s, sw) in [(1, 2), (2, 1), (3, 3)] {
                for (pt, pl, pb, pr) in [(0, 0, 0, 0), (1, 0, 0, 2), (2, 2, 1, 1)] {
                    for dil in [1, 2] {
                        for rounding in ROUNDINGS {
                            let c = Config {
                                n: h,
                                f,
                                s,
                                rounding,
                                ..Config::default()
                            }
                            .with_rect(true)
                            .with(Field::W, w)
                            .with(Field::Fw, fw)
                            .with(Field::Sw, sw)
                            .with(Field::Pt, pt)
                            .with(Field::Pl, pl)
                            .with(Field::Pb, pb)
                            .with(Field::Pr, pr)
                            .with(Field::Dil, dil);
                            let layer = Layer::new(c).unwrap_or_else(|e| panic!("{c:?}: {e}"));
                            let formula = text::formula(&c, &layer.exact);
                            assert_eq!(formula.fits, layer.exact.is_ok());
                            if let (Some(v), Some(spec)) = (&layer.values, c.shown_spec()) {
                                // The page's output is the core's conv on the same values.
                                let input =
                                    Volume::from_vec(1, h, w, v.input.data().to_vec()).unwrap();
                                let bank: &FilterBank = v.filters.as_ref().unwrap();
                                assert_eq!(&conv2d(&input, bank, &spec).unwrap(), &v.output);
                                let last = c.positions() - 1;
                                let t = layer.trace(last).unwrap();
                                let (k, r, col) = layer.position(last).unwrap();
                                assert_eq!(t.total, v.output.get(k, r, col).unwrap());
                            }
                            let sc =
                                scene::build(&layer, 0, None, 700.0, 500.0, &scene::Palette::DARK);
                            for sh in &sc.flat() {
                                if let scene::Shape::Rect { x, y, w, h, .. } = sh {
                                    assert!(x + w <= sc.layout.width + 1e-9, "{c:?} {sh:?}");
                                    assert!(y + h <= sc.layout.height + 1e-9, "{c:?} {sh:?}");
                                }
                            }
                            check_panels(&sc, &c);
                            checked += 1;
                        }
                    }
                }
            }
        }
    }
    assert_eq!(checked, 5 * 4 * 3 * 3 * 2 * 4);
}

#[test]
fn scenes_stay_inside_their_canvas_for_the_extremes() {
    for n in [1, 2, 7, 32, 64] {
        for f in [1, 3, 11] {
            for s in [1, 3, 8] {
                for p in [0, 1, 8] {
                    for (d, k) in [(1, 1), (3, 6), (8, 16)] {
                        let c = Config {
                            n,
                            d,
                            k,
                            f,
                            s,
                            p,
                            ..Config::default()
                        };
                        let layer = Layer::new(c).unwrap();
                        for width in [320.0, 1280.0] {
                            let sc = scene::build(
                                &layer,
                                c.positions().saturating_sub(1),
                                None,
                                width,
                                700.0,
                                &scene::Palette::CONTRAST,
                            );
                            // Cells go below 6 px only for a layer too big for the room at 6 px,
                            // and never below 3 px (the layout's floor).
                            assert!(sc.layout.cell >= 3.0 && sc.layout.width > 0.0);
                            for sh in &sc.flat() {
                                if let scene::Shape::Rect { x, y, w, h, .. } = sh {
                                    assert!(*x >= 0.0 && *y >= 0.0);
                                    assert!(x + w <= sc.layout.width + 1e-9, "{c:?} {sh:?}");
                                    assert!(y + h <= sc.layout.height + 1e-9, "{c:?} {sh:?}");
                                }
                            }
                            check_panels(&sc, &c);
                            // Each input slice, each filter slice, and each map once there are
                            // values, the last map (being filled, at the last step) two in a
                            // large picture; none in the sketch of a layer too big to draw.
                            let per_map = c.positions() / k;
                            let two = per_map > 1
                                && sc.layout.width * sc.layout.height > scene::IN_PLACE_UP_TO;
                            let panels = match (&layer.values, &layer.too_big) {
                                (Some(_), _) => 2 * d + k + usize::from(two),
                                (None, Some(_)) => 0,
                                (None, None) => 2 * d,
                            };
                            assert_eq!(sc.panels.len(), panels, "{c:?}");
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

#[test]
fn a_panel_named_before_it_is_drawn_draws_what_its_name_says() {
    use convscope::app::state::ValueMode;
    use std::collections::HashMap;
    // The stage leaves out the shapes of a panel whose bitmap it keeps, found by the name the
    // scene gives the panel before drawing it (`Panel::content`): two panels with one name
    // must draw the same shapes, relative to their corners, in every layer, theme and room.
    let mut named: HashMap<(u64, u64), (u64, u64)> = HashMap::new();
    // A name carries the palette's id, not its colours: each palette has its own.
    let ids = [
        scene::Palette::LIGHT,
        scene::Palette::DARK,
        scene::Palette::CONTRAST,
    ]
    .map(|p| p.id);
    assert!(ids[0] != ids[1] && ids[1] != ids[2] && ids[0] != ids[2]);
    let mut panels = 0;
    for n in [1, 4, 7, 13] {
        for (d, k) in [(1, 1), (3, 2), (2, 5)] {
            for (f, s, p) in [(1, 1, 0), (3, 2, 1), (3, 1, 2), (5, 3, 0), (2, 2, 3)] {
                for rounding in ROUNDINGS {
                    for (op, values, seed) in [
                        (Op::Conv, ValueMode::default(), 1),
                        (Op::Conv, ValueMode::default(), 2),
                        (Op::MaxPool, ValueMode::default(), 1),
                        (Op::Conv, ValueMode::Real, 1),
                    ] {
                        let c = Config {
                            op,
                            n,
                            d,
                            k,
                            f,
                            s,
                            p,
                            rounding,
                            values,
                            seed,
                            ..Config::default()
                        };
                        let layer = Layer::new(c).unwrap();
                        for (pal, width) in [
                            (scene::Palette::LIGHT, 1280.0),
                            (scene::Palette::DARK, 1280.0),
                            (scene::Palette::LIGHT, 320.0),
                        ] {
                            for step in [0, 5, c.positions().saturating_sub(1)] {
                                let sc = scene::build(&layer, step, None, width, 700.0, &pal);
                                for (i, panel) in sc.panels.iter().enumerate() {
                                    let drawn = sc.shapes_key(i);
                                    assert_eq!(
                                        *named.entry(panel.content).or_insert(drawn),
                                        drawn,
                                        "{c:?} step {step}"
                                    );
                                    panels += 1;
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    // Far fewer names than panels: slices under another K, empty maps, rooms share them.
    assert!(
        named.len() < panels / 2,
        "{} names of {panels}",
        named.len()
    );
}

#[test]
fn a_scene_without_the_kept_panels_shapes_is_the_same_picture_otherwise() {
    let pal = scene::Palette::LIGHT;
    let layer = |k| {
        Layer::new(Config {
            n: 64,
            d: 3,
            k,
            f: 5,
            s: 1,
            p: 2,
            ..Config::default()
        })
        .unwrap()
    };
    let (k8, k9) = (layer(8), layer(9));
    let full = scene::build(&k8, 300, None, 1248.0, 640.0, &pal);
    // Slices and filter slices take turns, then the maps.
    let slices =
        |sc: &scene::Scene| -> Vec<_> { (0..3).map(|i| sc.panels[2 * i].content).collect() };
    // A change of K leaves the input slices as they were: the same names.
    let other = scene::build(&k9, 300, None, 1248.0, 640.0, &pal);
    assert_eq!(slices(&other), slices(&full));
    // Map 0, being filled at step 300, is two panels: the empty maps' picture (all share
    // one name) and part of its own complete one.
    let maps: Vec<_> = other.panels[6..].iter().map(|p| p.content).collect();
    assert_eq!(maps.len(), 1 + 9);
    assert_ne!(maps[0], maps[1]);
    assert!(!other.panels[7].parts.is_empty());
    assert!(maps
        .iter()
        .enumerate()
        .all(|(i, m)| i == 1 || *m == maps[0]));
    // Told that the painter holds them, the scene leaves their shapes out and keeps the rest.
    let mut asked = Vec::new();
    let kept = scene::build_kept(
        &k9,
        scene::View::Direct,
        300,
        None,
        (1248.0, 640.0),
        2.0,
        &pal,
        &mut |name, bounds, zoom| {
            assert_eq!(zoom, 1.0, "a page's frame is not zoomed");
            asked.push((name, bounds));
            true
        },
    );
    assert_eq!(asked.len(), 3 + 1 + 9);
    // No run of cells reaches across where a kept panel is copied (the painter draws a run
    // as a whole).
    check_panels(&kept, &"kept");
    assert_eq!(kept.layout, other.layout);
    assert_eq!(kept.panels.len(), other.panels.len());
    let mut rest = Vec::new();
    let mut at = 0;
    for (i, (a, b)) in kept.panels.iter().zip(&other.panels).enumerate() {
        assert_eq!((a.bounds, a.content), (b.bounds, b.content));
        // Every panel but the filter slices (drawn anyway: a few cells each).
        assert_eq!(a.kept, !(i < 6 && i % 2 == 1));
        assert_eq!(a.kept, a.range.is_empty());
        if a.kept {
            assert_eq!(
                asked
                    .iter()
                    .filter(|x| **x == (b.content, b.bounds))
                    .count(),
                1
            );
            rest.extend_from_slice(&other.shapes[at..b.range.start]);
            at = b.range.end;
        }
    }
    rest.extend_from_slice(&other.shapes[at..]);
    assert_eq!(kept.shapes, rest);
    assert!(
        kept.shapes.len() * 5 < other.shapes.len(),
        "{}",
        kept.shapes.len()
    );
    // A frame painted from a scene that lacks those shapes is not reused for one that has
    // them, nor for one whose kept slices are others (the painter copies by name).
    let first = other.panels[0].range.start;
    assert!(scene::reusable_prefix(&kept, &other) <= first);
    assert!(scene::reusable_prefix(&other, &kept) <= first);
    assert_eq!(scene::reusable_prefix(&kept, &kept), kept.shapes.len());
    let mut seeded = kept.clone();
    seeded.panels[0].content = (1, 2);
    assert!(scene::reusable_prefix(&kept, &seeded) <= kept.panels[0].range.start);
}
