//! What a cell relates to: the receptive field of an output, the outputs an input feeds, the
//! inputs a weight multiplies. Pure geometry over the shown layer, used by the scene's
//! highlights and the sentence describing them.

use super::layer::Layer;
use super::state::Op;
use super::text::channel_label;
use crate::cnn::group_of;
use crate::{plural, tr};

/// What the pointer (or a tap) points at: the scene highlights its relations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Focus {
    /// Output cell (row `r`, column `c`) of map `k`: its receptive field is outlined.
    Output {
        /// Map (filter) index.
        k: usize,
        /// Output row.
        r: usize,
        /// Output column.
        c: usize,
    },
    /// Cell (`py`, `px`) of input slice `ch`, in padded coordinates (padding included): every
    /// output it feeds is outlined.
    Input {
        /// Input channel.
        ch: usize,
        /// Row in the padded input.
        py: usize,
        /// Column in the padded input.
        px: usize,
    },
    /// Weight (`fy`, `fx`) of the active filter's slice `ch`: every input it multiplies, over
    /// all positions, is outlined.
    Weight {
        /// Input channel.
        ch: usize,
        /// Filter row.
        fy: usize,
        /// Filter column.
        fx: usize,
    },
}

/// The cells a focus relates to, in scene terms: input cells (channel, padded row, padded
/// column), output cells (map, row, column) and the filter taps involved.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Related {
    /// Input cells, padded coordinates.
    pub inputs: Vec<(usize, usize, usize)>,
    /// Output cells.
    pub outputs: Vec<(usize, usize, usize)>,
    /// Filter taps (channel, row, column) of the active filter.
    pub weights: Vec<(usize, usize, usize)>,
}

/// What a focus relates to under `layer`'s shown geometry:
/// - an output cell: the input cells of its receptive field on every channel;
/// - an input cell: every output it feeds, in every map (through which taps);
/// - a weight: every input cell it multiplies, one per output position.
pub fn related(layer: &Layer, focus: Focus) -> Related {
    let Some(g) = layer.shown else {
        return Related::default();
    };
    let (d, k_all) = (layer.config.d, layer.config.maps());
    // Pooling works on each slice alone: map k reads only slice k, slice ch feeds only map ch;
    // in a grouped conv map k reads only the channels of its group.
    let pool = layer.config.op == Op::MaxPool;
    let groups = layer.config.groups_in_force();
    let linked = |ch: usize, k: usize| {
        if pool {
            ch == k
        } else {
            group_of(k, k_all, d, groups).is_none_or(|(_, chans)| chans.contains(&ch))
        }
    };
    let mut rel = Related::default();
    match focus {
        Focus::Output { k, r, c } => {
            for ch in (0..d).filter(|&ch| linked(ch, k)) {
                for fy in 0..g.rows.kernel {
                    for fx in 0..g.cols.kernel {
                        rel.inputs.push((
                            ch,
                            r * g.rows.stride + fy * g.rows.dilation,
                            c * g.cols.stride + fx * g.cols.dilation,
                        ));
                    }
                }
            }
            rel.outputs.push((k, r, c));
        }
        Focus::Input { ch, py, px } => {
            let (rows, cols) = (g.rows.readers(py), g.cols.readers(px));
            for &(r, fy) in &rows {
                for &(c, fx) in &cols {
                    for k in (0..k_all).filter(|&k| linked(ch, k)) {
                        rel.outputs.push((k, r, c));
                    }
                    if !pool {
                        rel.weights.push((ch, fy, fx));
                    }
                }
            }
            rel.inputs.push((ch, py, px));
        }
        Focus::Weight { .. } if pool => {}
        Focus::Weight { ch, fy, fx } => {
            for r in 0..g.out_h() {
                for c in 0..g.out_w() {
                    rel.inputs.push((
                        ch,
                        r * g.rows.stride + fy * g.rows.dilation,
                        c * g.cols.stride + fx * g.cols.dilation,
                    ));
                }
            }
            rel.weights.push((ch, fy, fx));
        }
    }
    rel
}

/// Cells of the padded input as drawn, (rows, columns): padding, input, padding and any
/// ceil overhang.
pub fn padded_dims(layer: &Layer) -> (usize, usize) {
    let c = &layer.config;
    match layer.shown {
        Some(g) => (
            g.rows.padded() + g.rows.overhang,
            g.cols.padded() + g.cols.overhang,
        ),
        None => {
            let p = c.padding();
            (p.top + c.n + p.bottom, p.left + c.w() + p.right)
        }
    }
}

/// Moves a keyboard focus: arrows within the panel, `[` / `]` to the previous / next panel
/// (input, filter, output), `c` to the next channel or map. `None` when the key means
/// nothing here (so the page may use it).
pub fn step_focus(layer: &Layer, focus: Focus, key: &str) -> Option<Focus> {
    let c = &layer.config;
    let pool = c.op == Op::MaxPool;
    let (rows, cols) = padded_dims(layer);
    let (oh, ow) = layer.shown.map_or((0, 0), |g| (g.out_h(), g.out_w()));
    let (dr, dc): (isize, isize) = match key {
        "ArrowUp" => (-1, 0),
        "ArrowDown" => (1, 0),
        "ArrowLeft" => (0, -1),
        "ArrowRight" => (0, 1),
        _ => (0, 0),
    };
    let clamp =
        |v: usize, d: isize, n: usize| (v as isize + d).clamp(0, n.max(1) as isize - 1) as usize;
    // The panels in order; pooling has no filter panel, a misfit no output panel.
    let panels = |f: Focus| match f {
        Focus::Input { .. } => 0,
        Focus::Weight { .. } => 1,
        Focus::Output { .. } => 2,
    };
    let make = |panel: usize| match panel {
        0 => Some(Focus::Input {
            ch: 0,
            py: 0,
            px: 0,
        }),
        1 if !pool => Some(Focus::Weight {
            ch: 0,
            fy: 0,
            fx: 0,
        }),
        2 if oh > 0 => Some(Focus::Output { k: 0, r: 0, c: 0 }),
        _ => None,
    };
    match key {
        "ArrowUp" | "ArrowDown" | "ArrowLeft" | "ArrowRight" => Some(match focus {
            Focus::Input { ch, py, px } => Focus::Input {
                ch,
                py: clamp(py, dr, rows),
                px: clamp(px, dc, cols),
            },
            Focus::Weight { ch, fy, fx } => Focus::Weight {
                ch,
                fy: clamp(fy, dr, c.f),
                fx: clamp(fx, dc, c.fw()),
            },
            Focus::Output { k, r, c: col } => Focus::Output {
                k,
                r: clamp(r, dr, oh),
                c: clamp(col, dc, ow),
            },
        }),
        "]" | "[" => {
            let step = if key == "]" { 1 } else { 2 };
            let mut p = panels(focus);
            for _ in 0..3 {
                p = (p + step) % 3;
                if let Some(f) = make(p) {
                    return Some(f);
                }
            }
            Some(focus)
        }
        "c" => Some(match focus {
            Focus::Input { ch, py, px } => Focus::Input {
                ch: (ch + 1) % c.d.max(1),
                py,
                px,
            },
            Focus::Weight { ch, fy, fx } => Focus::Weight {
                ch: (ch + 1) % c.d.max(1),
                fy,
                fx,
            },
            Focus::Output { k, r, c: col } => Focus::Output {
                k: (k + 1) % c.maps().max(1),
                r,
                c: col,
            },
        }),
        _ => None,
    }
}

/// One sentence about a focus, for the line under the picture and screen readers.
pub fn describe(layer: &Layer, focus: Focus) -> String {
    let rel = related(layer, focus);
    if let Some(s) = super::transpose_text::describe(layer, focus, &rel) {
        return s;
    }
    let d = layer.config.d;
    let pad = layer.shown.map_or(0, |g| g.rows.pad_lo);
    let padc = layer.shown.map_or(0, |g| g.cols.pad_lo);
    // Padded coordinates as the student sees them: input rows/columns from 0, padding outside.
    let at = |py: usize, px: usize| -> String {
        let (y, x) = (py as isize - pad as isize, px as isize - padc as isize);
        let (h, w) = (layer.config.n as isize, layer.config.w() as isize);
        if (0..h).contains(&y) && (0..w).contains(&x) {
            tr!("rel.at", y, x)
        } else {
            // A real minus sign, as everywhere else on the page.
            let signed = |v: isize| v.to_string().replace('-', "−");
            tr!("rel.at_padding", signed(y), signed(x))
        }
    };
    match focus {
        Focus::Output { k, r, c } if layer.config.op == Op::MaxPool => tr!(
            "rel.pool_output",
            channel_label(k, d),
            r,
            c,
            plural!(rel.inputs.len(), "unit.cell")
        ),
        Focus::Input { ch, py, px } if layer.config.op == Op::MaxPool => {
            let n = rel.outputs.len();
            if n == 0 {
                tr!("rel.pool_input_none", channel_label(ch, d), at(py, px))
            } else {
                tr!(
                    "rel.pool_input",
                    channel_label(ch, d),
                    at(py, px),
                    plural!(n, "unit.window")
                )
            }
        }
        Focus::Weight { .. } if layer.config.op == Op::MaxPool => tr!("rel.pool_weight").into(),
        Focus::Output { k, r, c } => {
            // A grouped filter reads only its group's D₁/G channels.
            let d = d / layer.config.groups_in_force().max(1);
            let taps = rel.inputs.len() / d.max(1);
            let pads = rel
                .inputs
                .iter()
                .filter(|&&(_, py, px)| {
                    let (y, x) = (py as isize - pad as isize, px as isize - padc as isize);
                    let (h, w) = (layer.config.n as isize, layer.config.w() as isize);
                    !((0..h).contains(&y) && (0..w).contains(&x))
                })
                .count();
            let pads = pads / d.max(1);
            let (taps, d) = (plural!(taps, "unit.in_cell"), plural!(d, "unit.channel"));
            if pads > 0 {
                tr!("rel.output_padding", k, r, c, taps, d, pads)
            } else {
                tr!("rel.output", k, r, c, taps, d)
            }
        }
        Focus::Input { ch, py, px } => {
            // A grouped channel feeds only the K/G maps of its group.
            let maps = layer.config.k / layer.config.groups_in_force().max(1);
            let per_map = rel.outputs.len() / maps.max(1);
            let name = channel_label(ch, d);
            match per_map {
                0 => tr!("rel.input_unread", name, at(py, px)),
                // Each of its outputs in a map reads it through a different tap, so it meets
                // as many weights as outputs (`rel.weights` holds one per output of a map).
                n => tr!(
                    "rel.input",
                    name,
                    at(py, px),
                    plural!(n, "unit.out_cell"),
                    plural!(maps, "unit.map")
                ),
            }
        }
        Focus::Weight { ch, fy, fx } => {
            let n = plural!(rel.inputs.len(), "unit.in_cell");
            tr!("rel.weight", channel_label(ch, d), fy, fx, n)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::state::Config;

    fn layer(n: usize, d: usize, k: usize, f: usize, s: usize, p: usize) -> Layer {
        Layer::new(Config {
            n,
            d,
            k,
            f,
            s,
            p,
            ..Config::default()
        })
        .unwrap()
    }

    #[test]
    fn an_output_reads_its_window_on_every_channel() {
        let l = layer(7, 3, 2, 3, 2, 1);
        let rel = related(&l, Focus::Output { k: 1, r: 1, c: 2 });
        assert_eq!(rel.inputs.len(), 27);
        // Row 1 with stride 2 starts at padded row 2; column 2 at padded column 4.
        assert!(rel.inputs.contains(&(0, 2, 4)) && rel.inputs.contains(&(2, 4, 6)));
        assert!(!rel.inputs.contains(&(0, 5, 4)));
        assert_eq!(rel.outputs, vec![(1, 1, 2)]);
        let s = describe(&l, Focus::Output { k: 0, r: 0, c: 0 });
        assert_eq!(s, "Output map 0, row 0, column 0 reads 9 input cells per channel, on 3 channels (its receptive field), 5 of them zero-padding.");
    }

    #[test]
    fn an_input_feeds_the_outputs_whose_windows_cover_it() {
        // 7×7, F3, S2, P0: input (2, 2) lies in the windows of outputs rows {0,1} × cols {0,1}.
        let l = layer(7, 1, 2, 3, 2, 0);
        let rel = related(
            &l,
            Focus::Input {
                ch: 0,
                py: 2,
                px: 2,
            },
        );
        let mut outs = rel.outputs.clone();
        outs.sort();
        assert_eq!(
            outs,
            vec![
                (0, 0, 0),
                (0, 0, 1),
                (0, 1, 0),
                (0, 1, 1),
                (1, 0, 0),
                (1, 0, 1),
                (1, 1, 0),
                (1, 1, 1)
            ]
        );
        // …through four different taps: (2,2) of window (0,0), (2,0) of (0,1), (0,2), (0,0).
        assert_eq!(rel.weights.len(), 4);
        let s = describe(
            &l,
            Focus::Input {
                ch: 0,
                py: 2,
                px: 2,
            },
        );
        assert_eq!(s, "Input c0 row 2, column 2 feeds 4 output cells per map, in 2 maps, each through a different weight.");
        // With S = 3 the last column is never read.
        let l = layer(7, 1, 1, 3, 3, 0);
        assert!(related(
            &l,
            Focus::Input {
                ch: 0,
                py: 0,
                px: 6
            }
        )
        .outputs
        .is_empty());
        assert!(describe(
            &l,
            Focus::Input {
                ch: 0,
                py: 0,
                px: 6
            }
        )
        .contains("never read"));
    }

    /// Found in review: "on each of the 1 channel(s)", "1 output cell(s)", "1 input cells" (a
    /// 1×1 convolution): each count now takes its own word, in both languages.
    #[test]
    fn one_of_a_thing_is_said_in_the_singular() {
        use crate::app::i18n::{with_lang, Lang};
        let l = layer(3, 1, 1, 1, 1, 0);
        let output = Focus::Output { k: 0, r: 1, c: 1 };
        let input = Focus::Input {
            ch: 0,
            py: 1,
            px: 1,
        };
        let weight = Focus::Weight {
            ch: 0,
            fy: 0,
            fx: 0,
        };
        let said = |l: &Layer, focus| {
            [Lang::En, Lang::Ko].map(|lang| with_lang(lang, || describe(l, focus)))
        };
        assert_eq!(
            said(&l, output),
            [
                "Output map 0, row 1, column 1 reads 1 input cell per channel, on 1 channel (its receptive field).",
                "출력 맵 0의 1행 1열은 채널 1개 각각에서 입력 1칸을 읽습니다 (수용 영역).",
            ]
        );
        assert_eq!(
            said(&l, input),
            [
                "Input c0 row 1, column 1 feeds 1 output cell per map, in 1 map, each through a different weight.",
                "입력 c0 1행 1열은 맵 1개 각각에서 출력 1칸에 쓰이며, 칸마다 다른 가중치를 거칩니다.",
            ]
        );
        assert_eq!(
            said(&l, weight)[0],
            "Weight c0 row 0, column 0 multiplies 9 input cells, one per output position: the same weight everywhere (parameter sharing)."
        );
        // A 3 × 3 input under a 3 × 3 filter: one output, so each weight meets one input.
        let one = layer(3, 1, 1, 3, 1, 0);
        assert!(said(&one, weight)[0].contains("multiplies 1 input cell, one per"));
        let pool = |f, s| {
            Layer::new(Config {
                op: crate::app::state::Op::MaxPool,
                n: 4,
                d: 1,
                f,
                s,
                ..Config::default()
            })
            .unwrap()
        };
        assert_eq!(
            said(&pool(1, 1), Focus::Output { k: 0, r: 0, c: 0 }),
            [
                "Pooled c0 row 0, column 0 is the max of 1 cell of slice c0 (its window).",
                "풀링된 c0의 0행 0열은 슬라이스 c0의 1칸(그 윈도우) 중 최댓값입니다.",
            ]
        );
        assert_eq!(
            said(&pool(2, 2), input)[0],
            "Input c0 row 1, column 1 is in 1 pooling window of its own slice; pooling never mixes slices."
        );
        assert_eq!(
            said(&pool(2, 1), input),
            [
                "Input c0 row 1, column 1 is in 4 pooling windows of its own slice; pooling never mixes slices.",
                "입력 c0 1행 1열은 자기 슬라이스의 풀링 윈도우 4개에 속합니다. 풀링은 슬라이스를 섞지 않습니다.",
            ]
        );
    }

    #[test]
    fn pooling_relates_each_slice_only_to_its_own_map() {
        let l = Layer::new(Config {
            op: crate::app::state::Op::MaxPool,
            n: 4,
            d: 2,
            f: 2,
            s: 2,
            ..Config::default()
        })
        .unwrap();
        let rel = related(&l, Focus::Output { k: 1, r: 0, c: 1 });
        assert_eq!(rel.inputs, vec![(1, 0, 2), (1, 0, 3), (1, 1, 2), (1, 1, 3)]);
        let rel = related(
            &l,
            Focus::Input {
                ch: 0,
                py: 3,
                px: 3,
            },
        );
        assert_eq!(rel.outputs, vec![(0, 1, 1)]);
        assert!(rel.weights.is_empty());
        assert!(describe(&l, Focus::Output { k: 0, r: 0, c: 0 }).contains("max of 4 cells"));
    }

    #[test]
    fn the_keyboard_moves_a_focus_within_and_across_panels() {
        let l = layer(7, 2, 3, 3, 2, 1);
        let start = Focus::Output { k: 0, r: 0, c: 0 };
        assert_eq!(
            step_focus(&l, start, "ArrowRight"),
            Some(Focus::Output { k: 0, r: 0, c: 1 })
        );
        assert_eq!(
            step_focus(&l, start, "ArrowUp"),
            Some(start),
            "stops at the edge"
        );
        let last = Focus::Output { k: 0, r: 3, c: 3 };
        assert_eq!(step_focus(&l, last, "ArrowDown"), Some(last));
        assert_eq!(
            step_focus(&l, start, "c"),
            Some(Focus::Output { k: 1, r: 0, c: 0 })
        );
        assert_eq!(
            step_focus(&l, Focus::Output { k: 2, r: 0, c: 0 }, "c"),
            Some(start)
        );
        assert_eq!(
            step_focus(&l, start, "]"),
            Some(Focus::Input {
                ch: 0,
                py: 0,
                px: 0
            })
        );
        assert_eq!(
            step_focus(
                &l,
                Focus::Input {
                    ch: 0,
                    py: 8,
                    px: 8
                },
                "ArrowDown"
            ),
            Some(Focus::Input {
                ch: 0,
                py: 8,
                px: 8
            }),
            "7 + 2 padded rows: 8 is the last"
        );
        assert_eq!(
            step_focus(
                &l,
                Focus::Input {
                    ch: 1,
                    py: 0,
                    px: 0
                },
                "]"
            ),
            Some(Focus::Weight {
                ch: 0,
                fy: 0,
                fx: 0
            })
        );
        assert_eq!(
            step_focus(
                &l,
                Focus::Weight {
                    ch: 0,
                    fy: 0,
                    fx: 0
                },
                "["
            ),
            Some(Focus::Input {
                ch: 0,
                py: 0,
                px: 0
            })
        );
        assert_eq!(
            step_focus(&l, start, " "),
            None,
            "Space belongs to the page"
        );
        // Pooling has no filter panel: ] from the input goes to the output.
        let p = Layer::new(Config {
            op: Op::MaxPool,
            ..l.config
        })
        .unwrap();
        assert_eq!(
            step_focus(
                &p,
                Focus::Input {
                    ch: 0,
                    py: 0,
                    px: 0
                },
                "]"
            ),
            Some(start)
        );
    }

    #[test]
    fn a_weight_multiplies_one_input_per_position() {
        let l = layer(7, 3, 1, 3, 2, 1);
        let rel = related(
            &l,
            Focus::Weight {
                ch: 1,
                fy: 0,
                fx: 0,
            },
        );
        assert_eq!(rel.inputs.len(), 16, "4 × 4 positions");
        assert!(rel
            .inputs
            .iter()
            .all(|&(ch, py, px)| ch == 1 && py % 2 == 0 && px % 2 == 0));
        assert!(describe(
            &l,
            Focus::Weight {
                ch: 1,
                fy: 0,
                fx: 0
            }
        )
        .contains("16 input cells"));
    }
}
