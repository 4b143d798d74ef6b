//! One click per example of the CS231n lecture 5 notes: each preset sets every control, and
//! the page then shows the notes' numbers (the browser tests check each one).

use super::state::{Config, Fixture, Op};

/// A lecture example.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    /// A stable id (test ids, later the URL).
    pub id: &'static str,
    /// The controls it sets.
    pub config: Config,
}

impl Preset {
    /// The menu entry, in the current language (table key `preset.<id>`).
    pub fn title(&self) -> &'static str {
        crate::keyed_title!("preset", PRESETS, self.id)
    }
}

const fn conv(n: usize, d: usize, k: usize, f: usize, s: usize, p: usize) -> Config {
    Config::square(Op::Conv, n, d, k, f, s, p)
}

const fn pool(n: usize, d: usize, f: usize, s: usize) -> Config {
    Config {
        op: Op::MaxPool,
        k: 1,
        ..conv(n, d, 1, f, s, 0)
    }
}

const fn tconv(n: usize, f: usize, s: usize, p: usize, a: usize) -> Config {
    Config {
        transposed: true,
        opad: a,
        ..conv(n, 1, 1, f, s, p)
    }
}

const fn grouped(n: usize, d: usize, k: usize, f: usize, g: usize) -> Config {
    Config {
        groups: g,
        ..conv(n, d, k, f, 1, 1)
    }
}

/// The lecture's examples, in the order the notes give them, then transposed and grouped
/// convolution.
pub const PRESETS: [Preset; 22] = [
    Preset {
        id: "7x7-s1",
        config: conv(7, 1, 1, 3, 1, 0),
    },
    Preset {
        id: "7x7-s2",
        config: conv(7, 1, 1, 3, 2, 0),
    },
    Preset {
        id: "7x7-s3",
        config: conv(7, 1, 1, 3, 3, 0),
    },
    Preset {
        id: "7x7-s3-p1",
        config: conv(7, 1, 1, 3, 3, 1),
    },
    Preset {
        id: "32x32x3-k6",
        config: conv(32, 3, 6, 5, 1, 0),
    },
    Preset {
        id: "stack-28-24",
        config: conv(28, 6, 10, 5, 1, 0),
    },
    Preset {
        id: "32-pad-keeps",
        config: conv(32, 3, 6, 5, 1, 2),
    },
    Preset {
        id: "32x32x3-k10-p2",
        config: conv(32, 3, 10, 5, 1, 2),
    },
    Preset {
        id: "f3-s1-p1",
        config: conv(7, 3, 2, 3, 1, 1),
    },
    Preset {
        id: "f5-s1-p2",
        config: conv(8, 3, 2, 5, 1, 2),
    },
    Preset {
        id: "f5-s2-p",
        config: conv(11, 3, 2, 5, 2, 2),
    },
    Preset {
        id: "f1-s1-p0",
        config: conv(7, 4, 2, 1, 1, 0),
    },
    // The notes' live demo (convolutional-networks.md): two 3 × 3 × 3 filters, stride 2,
    // over a 5 × 5 × 3 input padded by 1.
    Preset {
        id: "cs231n-demo",
        config: conv(5, 3, 2, 3, 2, 1),
    },
    Preset {
        id: "caffe-conv1",
        config: conv(227, 3, 96, 11, 4, 0),
    },
    Preset {
        id: "alexnet-224",
        config: conv(224, 3, 96, 11, 4, 0),
    },
    Preset {
        id: "pool-4x4",
        config: Config {
            fixture: Some(Fixture::PoolFigure),
            ..pool(4, 1, 2, 2)
        },
    },
    Preset {
        id: "pool-alexnet",
        config: pool(55, 96, 3, 2),
    },
    Preset {
        id: "tconv-2x2-4x4",
        config: tconv(2, 3, 2, 1, 1),
    },
    Preset {
        id: "tconv-2x2-5x5",
        config: tconv(2, 3, 2, 0, 0),
    },
    Preset {
        id: "tconv-4x4-8x8",
        config: tconv(4, 4, 2, 1, 0),
    },
    Preset {
        id: "grouped-g2",
        config: grouped(7, 4, 6, 3, 2),
    },
    Preset {
        id: "depthwise",
        config: grouped(7, 4, 4, 3, 4),
    },
];

/// The preset whose controls equal `config` (ignoring the seed), if any.
pub fn matching(config: &Config) -> Option<&'static Preset> {
    let want = config.normalized();
    PRESETS.iter().find(|p| {
        Config {
            seed: config.seed,
            ..p.config
        }
        .normalized()
            == want
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::text::{costs, formula};

    fn shape(id: &str) -> (String, String) {
        let p = PRESETS.iter().find(|p| p.id == id).unwrap();
        let g = p.config.geometry();
        (formula(&p.config, &g).shape, costs(&p.config, &g).params)
    }

    #[test]
    fn presets_give_the_notes_numbers() {
        assert_eq!(shape("7x7-s1").0, "5 × 5 × 1");
        assert_eq!(shape("7x7-s2").0, "3 × 3 × 1");
        assert_eq!(shape("7x7-s3").0, "does not fit");
        assert_eq!(shape("7x7-s3-p1").0, "3 × 3 × 1");
        assert_eq!(shape("32x32x3-k6").0, "28 × 28 × 6");
        assert_eq!(shape("stack-28-24").0, "24 × 24 × 10");
        assert_eq!(shape("32-pad-keeps").0, "32 × 32 × 6");
        assert_eq!(
            shape("32x32x3-k10-p2"),
            ("32 × 32 × 10".into(), "(5·5·3)·10 + 10 = 760".into())
        );
        assert_eq!(shape("f3-s1-p1").0, "7 × 7 × 2");
        assert_eq!(shape("f5-s1-p2").0, "8 × 8 × 2");
        assert_eq!(shape("f5-s2-p").0, "6 × 6 × 2");
        assert_eq!(shape("f1-s1-p0").0, "7 × 7 × 2");
        assert_eq!(
            shape("cs231n-demo"),
            ("3 × 3 × 2".into(), "(3·3·3)·2 + 2 = 56".into())
        );
        assert_eq!(
            shape("caffe-conv1"),
            ("55 × 55 × 96".into(), "(11·11·3)·96 + 96 = 34,944".into())
        );
        assert_eq!(shape("alexnet-224").0, "does not fit");
        assert_eq!(
            shape("pool-4x4"),
            ("2 × 2 × 1".into(), "0 (pooling has no parameters)".into())
        );
        assert_eq!(shape("pool-alexnet").0, "27 × 27 × 96");
        assert_eq!(shape("tconv-2x2-4x4").0, "4 × 4 × 1");
        assert_eq!(shape("tconv-2x2-5x5").0, "5 × 5 × 1");
        assert_eq!(shape("tconv-4x4-8x8").0, "8 × 8 × 1");
        assert_eq!(
            shape("grouped-g2"),
            ("7 × 7 × 6".into(), "3·3·(4/2)·6 + 6 = 114".into())
        );
        assert_eq!(
            shape("depthwise"),
            ("7 × 7 × 4".into(), "3·3·(4/4)·4 + 4 = 40".into())
        );
    }

    #[test]
    fn a_preset_is_found_back_after_editing_away_and_back() {
        use crate::app::fields::Field;
        let c = PRESETS
            .iter()
            .find(|p| p.id == "alexnet-224")
            .unwrap()
            .config;
        assert_eq!(
            matching(&c.with(Field::N, 227)).map(|p| p.id),
            Some("caffe-conv1")
        );
    }

    #[test]
    fn ids_are_unique_and_presets_are_found_back() {
        for (i, p) in PRESETS.iter().enumerate() {
            assert!(PRESETS[..i]
                .iter()
                .all(|q| q.id != p.id && q.config != p.config));
            assert_eq!(matching(&p.config).map(|m| m.id), Some(p.id));
        }
        assert_eq!(
            matching(&Config {
                n: 9,
                ..Config::default()
            }),
            None
        );
    }
}
