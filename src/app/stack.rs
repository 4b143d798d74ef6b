//! A stack of layers (CONV, ReLU, POOL, FC) over one input volume, as in the lecture's
//! "32 → 28 → 24" figure and its final FC layer: each layer's output volume, formula,
//! parameters and receptive field, and the explainer configuration that animates it.

use super::fields::Field;
use super::state::{Config, Op};
use super::text::{count, error, side_formula};
use crate::cnn::{conv_cost, conv_cost_grouped, dense_params, Hw, Rounding, WindowSpec};
use crate::tr;

/// One layer of the stack.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StackLayer {
    /// K filters of F × F, stride S, zero-padding P.
    Conv {
        /// Filters.
        k: usize,
        /// Filter size.
        f: usize,
        /// Stride.
        s: usize,
        /// Zero-padding.
        p: usize,
    },
    /// A depthwise convolution: one F × F filter per input channel (K = D, G = D), stride S,
    /// zero-padding P. Followed by a 1×1 CONV it is a depthwise-separable convolution.
    Depthwise {
        /// Filter size.
        f: usize,
        /// Stride.
        s: usize,
        /// Zero-padding.
        p: usize,
    },
    /// max(0, x) on every value: same shape, no parameters.
    Relu,
    /// Max pooling F × F, stride S, no padding (the lecture: padding is not common here).
    Pool {
        /// Window size.
        f: usize,
        /// Stride.
        s: usize,
    },
    /// Fully connected: the volume is flattened, then W·x + b.
    Fc {
        /// Number of outputs (classes).
        outputs: usize,
    },
}

/// A parameter of a stack layer that the table lets the user edit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Param {
    /// Filters K (conv).
    K,
    /// Window size F (conv, pool).
    F,
    /// Stride S (conv, pool).
    S,
    /// Zero-padding P (conv).
    P,
    /// FC outputs.
    Outputs,
}

/// Largest FC output count the table accepts.
pub const MAX_FC_OUTPUTS: usize = 4096;
/// Most layers in a stack (a table, not a model zoo).
pub const MAX_LAYERS: usize = 24;

impl StackLayer {
    /// The layer's name with its hyperparameters, as the table shows it.
    pub fn name(&self) -> String {
        match *self {
            StackLayer::Conv { k, f, s, p } => format!("CONV {k} × {f}×{f}, S {s}, P {p}"),
            StackLayer::Depthwise { f, s, p } => format!("DEPTHWISE CONV {f}×{f}, S {s}, P {p}"),
            StackLayer::Relu => "ReLU".into(),
            StackLayer::Pool { f, s } => format!("POOL max {f}×{f}, S {s}"),
            StackLayer::Fc { outputs } => format!("FC → {outputs}"),
        }
    }

    /// The editable parameters of this kind of layer, with their current values.
    pub fn params(&self) -> Vec<(Param, usize)> {
        match *self {
            StackLayer::Conv { k, f, s, p } => {
                vec![(Param::K, k), (Param::F, f), (Param::S, s), (Param::P, p)]
            }
            StackLayer::Depthwise { f, s, p } => {
                vec![(Param::F, f), (Param::S, s), (Param::P, p)]
            }
            StackLayer::Relu => vec![],
            StackLayer::Pool { f, s } => vec![(Param::F, f), (Param::S, s)],
            StackLayer::Fc { outputs } => vec![(Param::Outputs, outputs)],
        }
    }

    /// A copy with one parameter set from typed text, or the sentence saying why not.
    pub fn with(&self, param: Param, text: &str) -> Result<StackLayer, String> {
        let value = match param {
            Param::K => Field::K.parse(text),
            Param::F => Field::F.parse(text),
            Param::S => Field::S.parse(text),
            Param::P => Field::P.parse(text),
            Param::Outputs if !matches!(self, StackLayer::Fc { .. }) => {
                return Err(tr!("stack.err.no_param", self.name()));
            }
            Param::Outputs => {
                let t = text.trim();
                return match t.parse::<usize>() {
                    Ok(v) if (1..=MAX_FC_OUTPUTS).contains(&v) => Ok(StackLayer::Fc { outputs: v }),
                    _ => Err(tr!(
                        "stack.err.fc_outputs",
                        MAX_FC_OUTPUTS,
                        t.chars().take(24).collect::<String>()
                    )),
                };
            }
        }
        .map_err(|e| e.to_string())?;
        let mut next = *self;
        match (&mut next, param) {
            (StackLayer::Conv { k, .. }, Param::K) => *k = value,
            (
                StackLayer::Conv { f, .. }
                | StackLayer::Depthwise { f, .. }
                | StackLayer::Pool { f, .. },
                Param::F,
            ) => *f = value,
            (
                StackLayer::Conv { s, .. }
                | StackLayer::Depthwise { s, .. }
                | StackLayer::Pool { s, .. },
                Param::S,
            ) => *s = value,
            (StackLayer::Conv { p, .. } | StackLayer::Depthwise { p, .. }, Param::P) => *p = value,
            _ => return Err(tr!("stack.err.no_param", self.name())),
        }
        Ok(next)
    }
}

/// The input volume and the layers over it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Stack {
    /// Input width and height.
    pub n: usize,
    /// Input depth.
    pub d: usize,
    /// The layers, first to last.
    pub layers: Vec<StackLayer>,
}

impl Default for Stack {
    /// The lecture's figure: 32×32×3 → CONV 6 5×5 → ReLU → CONV 10 5×5 → ReLU (32 → 28 → 24).
    fn default() -> Self {
        Stack {
            n: 32,
            d: 3,
            layers: vec![
                StackLayer::Conv {
                    k: 6,
                    f: 5,
                    s: 1,
                    p: 0,
                },
                StackLayer::Relu,
                StackLayer::Conv {
                    k: 10,
                    f: 5,
                    s: 1,
                    p: 0,
                },
                StackLayer::Relu,
            ],
        }
    }
}

impl Stack {
    /// The stack and a rounding as one line, for the view's wasm, which writes the stack's
    /// code (the page's wasm does not carry the exporters: its size budget):
    /// "32,3,floor;c6,5,1,0;r;d3,1,1;p2,2;f10".
    pub fn to_text(&self, rounding: Rounding) -> String {
        let round = match rounding {
            Rounding::Strict => "strict",
            Rounding::Floor => "floor",
            Rounding::Ceil => "ceil",
            Rounding::Same => "same",
        };
        let mut out = format!("{},{},{round}", self.n, self.d);
        for layer in &self.layers {
            out.push_str(&match *layer {
                StackLayer::Conv { k, f, s, p } => format!(";c{k},{f},{s},{p}"),
                StackLayer::Depthwise { f, s, p } => format!(";d{f},{s},{p}"),
                StackLayer::Relu => ";r".into(),
                StackLayer::Pool { f, s } => format!(";p{f},{s}"),
                StackLayer::Fc { outputs } => format!(";f{outputs}"),
            });
        }
        out
    }

    /// [`Stack::to_text`] read back; `None` for any other text.
    pub fn from_text(text: &str) -> Option<(Stack, Rounding)> {
        let mut parts = text.split(';');
        let head: Vec<&str> = parts.next()?.split(',').collect();
        let [n, d, round] = head[..] else { return None };
        let rounding = match round {
            "strict" => Rounding::Strict,
            "floor" => Rounding::Floor,
            "ceil" => Rounding::Ceil,
            "same" => Rounding::Same,
            _ => return None,
        };
        let mut layers = Vec::new();
        for part in parts {
            let (kind, rest) = part.split_at_checked(1)?;
            let v: Vec<usize> = if rest.is_empty() {
                Vec::new()
            } else {
                rest.split(',')
                    .map(|x| x.parse().ok())
                    .collect::<Option<_>>()?
            };
            layers.push(match (kind, &v[..]) {
                ("c", &[k, f, s, p]) => StackLayer::Conv { k, f, s, p },
                ("d", &[f, s, p]) => StackLayer::Depthwise { f, s, p },
                ("r", &[]) => StackLayer::Relu,
                ("p", &[f, s]) => StackLayer::Pool { f, s },
                ("f", &[outputs]) => StackLayer::Fc { outputs },
                _ => return None,
            });
        }
        let stack = Stack {
            n: n.parse().ok()?,
            d: d.parse().ok()?,
            layers,
        };
        Some((stack, rounding))
    }
}

/// What flows between layers: a volume, or a flat vector after an FC layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Flow {
    /// Height × width × depth.
    Volume {
        /// Height (= width here).
        h: usize,
        /// Width.
        w: usize,
        /// Depth.
        d: usize,
    },
    /// A vector of this length.
    Flat(usize),
}

impl Flow {
    /// "28 × 28 × 6" or "10".
    pub fn text(&self) -> String {
        match *self {
            Flow::Volume { h, w, d } => format!("{w} × {h} × {d}"),
            Flow::Flat(n) => count(n as u64),
        }
    }
}

/// One row of the stack table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// Position in the stack.
    pub index: usize,
    /// The layer.
    pub layer: StackLayer,
    /// What enters it (None after an earlier error).
    pub input: Option<Flow>,
    /// What leaves it, or the sentence saying why nothing does.
    pub output: Result<Flow, String>,
    /// The size arithmetic with numbers ("(32 − 5 + 2·0) / 1 + 1 = 28", "32·32·3 = 3,072").
    pub formula: String,
    /// Learnable parameters of this layer: known from its input's depth alone, so also
    /// after an earlier size did not work out; unknown for an FC layer then (its input's
    /// length is the size's).
    pub params: Option<u64>,
    /// The parameter count written out.
    pub params_text: String,
    /// Side of the input region one output value depends on, in input cells.
    pub receptive_field: Option<usize>,
    /// The explainer configuration that animates this layer (conv and pool on a volume).
    pub config: Option<Config>,
}

/// Whether the explainer can show a layer whose input side is `h`: its N box accepts it (a
/// padded conv can grow the volume past 512, and a link to such a view would be refused).
fn shows(h: usize) -> bool {
    let (lo, hi) = Field::N.range();
    (lo..=hi).contains(&h)
}

/// Whether each row of `table` shows the explainer's layer `current` (highlighted in the
/// table): the same layer, whatever its seed, values, bias and ReLU.
pub fn highlighted(table: &[Row], current: &Config) -> Vec<bool> {
    let shows = |c: &Config| {
        Config {
            seed: current.seed,
            fixture: current.fixture,
            bias: current.bias,
            relu: current.relu,
            ..*c
        }
        .normalized()
            == current.normalized()
    };
    table
        .iter()
        .map(|row| row.config.as_ref().is_some_and(shows))
        .collect()
}

/// The table of a stack under a rounding policy (the lecture's Strict by default).
pub fn rows(stack: &Stack, rounding: Rounding) -> Vec<Row> {
    let mut flow = Some(Flow::Volume {
        h: stack.n,
        w: stack.n,
        d: stack.d,
    });
    // Receptive field r and jump j (input cells between neighbouring outputs).
    let (mut r, mut j) = (Some(1usize), 1usize);
    // The depth reaching a layer, known after a size that did not work out too.
    let mut depth = Some(stack.d);
    let mut out = Vec::with_capacity(stack.layers.len());
    for (index, &layer) in stack.layers.iter().enumerate() {
        let input = flow;
        let mut row = Row {
            index,
            layer,
            input,
            output: Err(tr!("stack.err.no_input").into()),
            formula: String::new(),
            params: None,
            params_text: "—".into(),
            receptive_field: None,
            config: None,
        };
        // A conv layer's parameters need only its input's depth.
        let weights = match (layer, depth) {
            (StackLayer::Conv { k, f, .. }, Some(d)) => Some((
                conv_cost(d, k, Hw::square(f), Hw::square(1), true),
                format!("({f}·{f}·{d})·{k} + {k}"),
            )),
            (StackLayer::Depthwise { f, .. }, Some(d)) => Some((
                conv_cost_grouped(d, d, d, Hw::square(f), Hw::square(1), true),
                format!("{f}·{f}·({d}/{d})·{d} + {d}"),
            )),
            (StackLayer::Relu, _) => {
                row.params = Some(0);
                row.params_text = "0".into();
                None
            }
            (StackLayer::Pool { .. }, _) => {
                row.params = Some(0);
                row.params_text = tr!("stack.pool_params").into();
                None
            }
            _ => None,
        };
        let mut overflow = None;
        match weights {
            Some((Ok(c), text)) => {
                row.params = Some(c.params);
                row.params_text = format!("{text} = {}", count(c.params));
            }
            Some((Err(e), _)) => overflow = Some(error(&e)),
            None => {}
        }
        depth = match layer {
            StackLayer::Conv { k, .. } => depth.map(|_| k),
            StackLayer::Fc { .. } => None,
            _ => depth,
        };
        match (input, layer) {
            (None, _) => {}
            (
                Some(Flow::Flat(_)),
                StackLayer::Conv { .. } | StackLayer::Depthwise { .. } | StackLayer::Pool { .. },
            ) => {
                row.output = Err(tr!("stack.err.flat").into());
            }
            (Some(Flow::Volume { h, d, .. }), StackLayer::Conv { k, f, s, p }) => {
                let plan = WindowSpec::square(f, s, p)
                    .with_rounding(rounding)
                    .geometry(h, h);
                row.formula =
                    side_formula(h, f, s, p, false, rounding, plan.as_ref().map(|g| &g.rows));
                row.config = shows(h).then_some(Config {
                    rounding,
                    ..Config::square(Op::Conv, h, d, k, f, s, p)
                });
                match plan {
                    Ok(g) => {
                        let o = g.out_h();
                        row.output = match conv_cost(d, k, Hw::square(f), Hw::square(o), true) {
                            Ok(_) => Ok(Flow::Volume { h: o, w: o, d: k }),
                            Err(e) => Err(error(&e)),
                        };
                        r = r.and_then(|r| r.checked_add((f - 1).checked_mul(j)?));
                        j = j.saturating_mul(s);
                    }
                    Err(e) => row.output = Err(error(&e)),
                }
            }
            (Some(Flow::Volume { h, d, .. }), StackLayer::Depthwise { f, s, p }) => {
                let plan = WindowSpec::square(f, s, p)
                    .with_rounding(rounding)
                    .geometry(h, h);
                row.formula =
                    side_formula(h, f, s, p, false, rounding, plan.as_ref().map(|g| &g.rows));
                row.config = Some(Config {
                    rounding,
                    groups: d,
                    ..Config::square(Op::Conv, h, d, d, f, s, p)
                });
                match plan {
                    Ok(g) => {
                        let o = g.out_h();
                        row.output =
                            match conv_cost_grouped(d, d, d, Hw::square(f), Hw::square(o), true) {
                                Ok(_) => Ok(Flow::Volume { h: o, w: o, d }),
                                Err(e) => Err(error(&e)),
                            };
                        r = r.and_then(|r| r.checked_add((f - 1).checked_mul(j)?));
                        j = j.saturating_mul(s);
                    }
                    Err(e) => row.output = Err(error(&e)),
                }
            }
            (Some(v @ Flow::Volume { .. }), StackLayer::Relu) => {
                row.formula = tr!("stack.relu_shape").into();
                row.output = Ok(v);
            }
            (Some(Flow::Flat(n)), StackLayer::Relu) => {
                row.formula = tr!("stack.relu_length").into();
                row.output = Ok(Flow::Flat(n));
            }
            (Some(Flow::Volume { h, d, .. }), StackLayer::Pool { f, s }) => {
                let plan = WindowSpec::square(f, s, 0)
                    .with_rounding(rounding)
                    .geometry(h, h);
                row.formula =
                    side_formula(h, f, s, 0, true, rounding, plan.as_ref().map(|g| &g.rows));
                row.config = shows(h).then_some(Config {
                    rounding,
                    ..Config::square(Op::MaxPool, h, d, 1, f, s, 0)
                });
                match plan {
                    Ok(g) => {
                        let o = g.out_h();
                        row.output = Ok(Flow::Volume { h: o, w: o, d });
                        r = r.and_then(|r| r.checked_add((f - 1).checked_mul(j)?));
                        j = j.saturating_mul(s);
                    }
                    Err(e) => row.output = Err(error(&e)),
                }
            }
            (Some(inflow), StackLayer::Fc { outputs }) => {
                let len = match inflow {
                    Flow::Volume { h, w, d } => h.checked_mul(w).and_then(|v| v.checked_mul(d)),
                    Flow::Flat(n) => Some(n),
                };
                row.formula = match inflow {
                    Flow::Volume { h, w, d } => tr!(
                        "stack.flatten",
                        format!("{w}·{h}·{d}"),
                        len.map_or(tr!("stack.overflow").into(), |l| count(l as u64)),
                        outputs
                    ),
                    Flow::Flat(n) => format!("{} → {outputs}", count(n as u64)),
                };
                match len.map(|l| (l, dense_params(l, outputs))) {
                    Some((l, Ok(pc))) => {
                        row.params = Some(pc);
                        row.params_text = format!(
                            "{} · {outputs} + {outputs} = {}",
                            count(l as u64),
                            count(pc)
                        );
                        row.output = Ok(Flow::Flat(outputs));
                        // Every output sees the whole input.
                        r = None;
                    }
                    Some((_, Err(e))) => row.output = Err(error(&e)),
                    None => row.output = Err(tr!("stack.err.flat_overflow").into()),
                }
            }
        }
        if let (Some(e), Ok(_)) = (overflow, &row.output) {
            row.output = Err(e);
        }
        if row.output.is_ok() {
            row.receptive_field = r;
        } else {
            r = None;
        }
        flow = row.output.as_ref().ok().copied();
        out.push(row);
    }
    out
}

/// Total learnable parameters: `Ok` when every layer's count is known, else `Err` with the
/// sum of those that are (an FC layer after a size that did not work out has none).
pub fn total_params(rows: &[Row]) -> Result<u64, u64> {
    let known = rows
        .iter()
        .filter_map(|r| r.params)
        .fold(0u64, |a, p| a.saturating_add(p));
    if rows.iter().all(|r| r.params.is_some()) {
        Ok(known)
    } else {
        Err(known)
    }
}

/// The total as the table writes it: "1,966", or "at least 456" when a count is unknown.
pub fn total_text(rows: &[Row]) -> String {
    match total_params(rows) {
        Ok(t) => count(t),
        Err(t) => tr!("stack.total_at_least", count(t)),
    }
}

/// A named network for the stack's menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Network {
    /// Stable id.
    pub id: &'static str,
    /// Input side.
    pub n: usize,
    /// Input depth.
    pub d: usize,
    /// Layers.
    pub layers: &'static [StackLayer],
}

impl Network {
    /// The menu entry, in the current language (table key `net.<id>`).
    pub fn title(&self) -> &'static str {
        crate::keyed_title!("net", NETWORKS, self.id)
    }

    /// The stack it describes.
    pub fn stack(&self) -> Stack {
        Stack {
            n: self.n,
            d: self.d,
            layers: self.layers.to_vec(),
        }
    }
}

const fn conv(k: usize, f: usize, s: usize, p: usize) -> StackLayer {
    StackLayer::Conv { k, f, s, p }
}

/// The lecture's networks, and a depthwise-separable block beside the full conv it replaces.
pub const NETWORKS: [Network; 6] = [
    Network {
        id: "shrink",
        n: 32,
        d: 3,
        layers: &[
            conv(6, 5, 1, 0),
            StackLayer::Relu,
            conv(10, 5, 1, 0),
            StackLayer::Relu,
        ],
    },
    Network {
        id: "keep",
        n: 32,
        d: 3,
        layers: &[
            conv(6, 5, 1, 2),
            StackLayer::Relu,
            conv(10, 5, 1, 2),
            StackLayer::Relu,
        ],
    },
    Network {
        id: "fc",
        n: 32,
        d: 3,
        layers: &[StackLayer::Fc { outputs: 10 }],
    },
    Network {
        id: "convnet",
        n: 32,
        d: 3,
        layers: &[
            conv(16, 3, 1, 1),
            StackLayer::Relu,
            StackLayer::Pool { f: 2, s: 2 },
            conv(20, 3, 1, 1),
            StackLayer::Relu,
            StackLayer::Pool { f: 2, s: 2 },
            StackLayer::Fc { outputs: 10 },
        ],
    },
    Network {
        id: "separable",
        n: 16,
        d: 32,
        layers: &[
            StackLayer::Depthwise { f: 3, s: 1, p: 1 },
            StackLayer::Relu,
            conv(64, 1, 1, 0),
            StackLayer::Relu,
        ],
    },
    Network {
        id: "full-3x3",
        n: 16,
        d: 32,
        layers: &[conv(64, 3, 1, 1), StackLayer::Relu],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_row_the_explainer_shows_is_highlighted_whatever_its_seed() {
        let stack = Stack {
            n: 32,
            d: 3,
            layers: vec![
                StackLayer::Conv {
                    k: 8,
                    f: 3,
                    s: 1,
                    p: 1,
                },
                StackLayer::Conv {
                    k: 8,
                    f: 3,
                    s: 1,
                    p: 1,
                },
                StackLayer::Pool { f: 2, s: 2 },
            ],
        };
        let table = rows(&stack, Rounding::Strict);
        let first = table[0]
            .config
            .expect("a conv on a volume has a configuration");
        let pool = table[2]
            .config
            .expect("a pool on a volume has a configuration");
        // The two convs differ in their input depth (3, then 8): only the first is this layer.
        assert_eq!(highlighted(&table, &first), vec![true, false, false]);
        assert_eq!(
            highlighted(
                &table,
                &Config {
                    seed: first.seed + 1,
                    ..first
                }
            ),
            vec![true, false, false]
        );
        assert_eq!(highlighted(&table, &pool), vec![false, false, true]);
        assert_eq!(
            highlighted(&table, &Config { k: 9, ..first }),
            vec![false, false, false]
        );
    }

    #[test]
    fn show_is_offered_only_for_layers_the_explainer_accepts() {
        // Found in the reliability sweep: a padded 1×1 conv grows 512 to 544, and "Show" on
        // the next layer loaded N = 544, which the N box and a reload refuse.
        let stack = Stack {
            n: 512,
            d: 3,
            layers: vec![
                StackLayer::Conv {
                    k: 4,
                    f: 1,
                    s: 1,
                    p: 16,
                },
                StackLayer::Conv {
                    k: 4,
                    f: 3,
                    s: 1,
                    p: 1,
                },
                StackLayer::Pool { f: 2, s: 2 },
                StackLayer::Pool { f: 2, s: 2 },
            ],
        };
        let shown: Vec<Option<usize>> = rows(&stack, Rounding::Strict)
            .iter()
            .map(|r| r.config.map(|c| c.n))
            .collect();
        assert_eq!(shown, [Some(512), None, None, Some(272)]);
    }

    fn table(id: &str) -> Vec<Row> {
        let net = NETWORKS.iter().find(|n| n.id == id).unwrap();
        rows(&net.stack(), Rounding::Strict)
    }

    fn shapes(rows: &[Row]) -> Vec<String> {
        rows.iter()
            .map(|r| r.output.as_ref().map_or("error".into(), |f| f.text()))
            .collect()
    }

    #[test]
    fn parameters_are_counted_after_a_size_that_does_not_work_out() {
        // Found in review: a stride of 2 in the first layer (14.5 is not whole) took the
        // total from 1,966 to 0, though no layer's weights depend on the size.
        let mut stack = NETWORKS[0].stack();
        stack.layers[0] = conv(6, 5, 2, 0);
        let t = rows(&stack, Rounding::Strict);
        assert_eq!(shapes(&t), ["error", "error", "error", "error"]);
        assert_eq!(
            t.iter().map(|r| r.params).collect::<Vec<_>>(),
            [Some(456), Some(0), Some(1_510), Some(0)]
        );
        assert_eq!(t[2].params_text, "(5·5·6)·10 + 10 = 1,510");
        assert_eq!(total_params(&t), Ok(1_966));
        assert_eq!(total_text(&t), "1,966");
        // An FC layer's count needs its input's length, which the size would give.
        stack.layers.push(StackLayer::Fc { outputs: 10 });
        let t = rows(&stack, Rounding::Strict);
        assert_eq!((t[4].params, t[4].params_text.as_str()), (None, "—"));
        assert_eq!(total_params(&t), Err(1_966));
        assert_eq!(total_text(&t), "at least 1,966");
        // A layer after the FC layer does not know its depth either.
        stack.layers.push(conv(4, 1, 1, 0));
        assert_eq!(rows(&stack, Rounding::Strict)[5].params, None);
    }

    #[test]
    fn a_stack_goes_to_the_views_wasm_as_text_and_back() {
        let mut stack = NETWORKS[0].stack();
        stack.layers.extend([
            StackLayer::Depthwise { f: 3, s: 1, p: 1 },
            StackLayer::Pool { f: 2, s: 2 },
            StackLayer::Fc { outputs: 10 },
        ]);
        for r in [
            Rounding::Strict,
            Rounding::Floor,
            Rounding::Ceil,
            Rounding::Same,
        ] {
            assert_eq!(
                Stack::from_text(&stack.to_text(r)),
                Some((stack.clone(), r))
            );
        }
        assert_eq!(
            stack.to_text(Rounding::Floor),
            "32,3,floor;c6,5,1,0;r;c10,5,1,0;r;d3,1,1;p2,2;f10"
        );
        for bad in [
            "",
            "32,3",
            "32,3,round",
            "32,3,floor;c6,5",
            "32,3,floor;x1",
            "a,3,floor",
        ] {
            assert_eq!(Stack::from_text(bad), None, "{bad}");
        }
    }

    #[test]
    fn each_rows_arithmetic_says_how_it_rounds() {
        // Found in review: under SAME the table read "(32 − 5 + 2·0) / 2 + 1 = 16" (14.5) and
        // under floor and ceil the brackets were missing, so the sums were false as written.
        let mut stack = NETWORKS[0].stack();
        stack.layers[0] = conv(6, 5, 2, 0);
        stack.layers.push(StackLayer::Pool { f: 2, s: 2 });
        let formulas = |stack: &Stack, r| {
            rows(stack, r)
                .iter()
                .map(|row| row.formula.clone())
                .collect::<Vec<_>>()
        };
        let strict = formulas(&stack, Rounding::Strict);
        assert_eq!(strict[0], "(32 − 5 + 2·0) / 2 + 1 = 14.5");
        let floor = formulas(&stack, Rounding::Floor);
        assert_eq!(floor[0], "⌊(32 − 5 + 2·0) / 2⌋ + 1 = 14");
        assert_eq!(floor[2], "⌊(14 − 5 + 2·0) / 1⌋ + 1 = 10");
        assert_eq!(floor[4], "⌊(10 − 2) / 2⌋ + 1 = 5");
        let ceil = formulas(&stack, Rounding::Ceil);
        assert_eq!(ceil[0], "⌈(32 − 5 + 2·0) / 2⌉ + 1 = 15");
        assert_eq!(ceil[2], "⌈(15 − 5 + 2·0) / 1⌉ + 1 = 11");
        assert_eq!(ceil[4], "⌈(11 − 2) / 2⌉ + 1 = 6");
        let same = formulas(&stack, Rounding::Same);
        assert_eq!(
            [&same[0], &same[2], &same[4]],
            ["⌈32 / 2⌉ = 16", "⌈16 / 1⌉ = 16", "⌈16 / 2⌉ = 8"]
        );
        // A size error other than a remainder has no value to write.
        stack.n = 3;
        assert_eq!(
            formulas(&stack, Rounding::Strict)[0],
            "(3 − 5 + 2·0) / 2 + 1"
        );
    }

    #[test]
    fn unpadded_convs_shrink_32_28_24() {
        let t = table("shrink");
        assert_eq!(
            shapes(&t),
            ["28 × 28 × 6", "28 × 28 × 6", "24 × 24 × 10", "24 × 24 × 10"]
        );
        assert_eq!(t[0].formula, "(32 − 5 + 2·0) / 1 + 1 = 28");
        assert_eq!(t[2].params_text, "(5·5·6)·10 + 10 = 1,510");
        assert_eq!(t[0].params, Some(456));
        assert_eq!(total_params(&t), Ok(456 + 1510));
        // Receptive fields: 5 after one 5×5 conv, 9 after two.
        assert_eq!(
            t.iter().map(|r| r.receptive_field).collect::<Vec<_>>(),
            [Some(5), Some(5), Some(9), Some(9)]
        );
        // The second conv animates on the first one's output volume.
        let c = t[2].config.unwrap();
        assert_eq!((c.n, c.d, c.k, c.f), (28, 6, 10, 5));
    }

    #[test]
    fn padding_keeps_32() {
        assert_eq!(
            shapes(&table("keep")),
            ["32 × 32 × 6", "32 × 32 × 6", "32 × 32 × 10", "32 × 32 × 10"]
        );
    }

    #[test]
    fn the_final_fc_layer_has_30730_parameters() {
        let t = table("fc");
        assert_eq!(shapes(&t), ["10"]);
        assert_eq!(t[0].formula, "flatten 32·32·3 = 3,072 → 10");
        assert_eq!(t[0].params_text, "3,072 · 10 + 10 = 30,730");
        assert_eq!(
            t[0].receptive_field, None,
            "an FC output sees the whole input"
        );
    }

    #[test]
    fn a_small_convnet_halves_twice_then_classifies() {
        let t = table("convnet");
        assert_eq!(
            shapes(&t),
            [
                "32 × 32 × 16",
                "32 × 32 × 16",
                "16 × 16 × 16",
                "16 × 16 × 20",
                "16 × 16 × 20",
                "8 × 8 × 20",
                "10"
            ]
        );
        assert_eq!(t[5].formula, "(16 − 2) / 2 + 1 = 8");
        assert_eq!(t[6].params, Some(8 * 8 * 20 * 10 + 10));
        // 3 → pool 2 (jump 2) → conv 3 adds 2·2 → pool 2: 3, 3, 4, 8, 8, 10.
        assert_eq!(
            t.iter().map(|r| r.receptive_field).collect::<Vec<_>>(),
            [Some(3), Some(3), Some(4), Some(8), Some(8), Some(10), None]
        );
        assert_eq!(t[2].config.unwrap().op, Op::MaxPool);
    }

    #[test]
    fn depthwise_separable_needs_a_seventh_of_the_parameters() {
        let t = table("separable");
        assert_eq!(
            shapes(&t),
            [
                "16 × 16 × 32",
                "16 × 16 × 32",
                "16 × 16 × 64",
                "16 × 16 × 64"
            ]
        );
        assert_eq!(t[0].params_text, "3·3·(32/32)·32 + 32 = 320");
        assert_eq!(t[2].params_text, "(1·1·32)·64 + 64 = 2,112");
        assert_eq!(total_params(&t), Ok(2_432));
        assert_eq!(total_params(&table("full-3x3")), Ok(18_496));
        assert_eq!(t[0].receptive_field, Some(3));
        let c = t[0].config.unwrap();
        assert_eq!((c.d, c.k, c.groups), (32, 32, 32));
        let dw = StackLayer::Depthwise { f: 3, s: 1, p: 1 };
        assert_eq!(
            dw.with(Param::S, "2"),
            Ok(StackLayer::Depthwise { f: 3, s: 2, p: 1 })
        );
        assert!(dw
            .with(Param::K, "4")
            .unwrap_err()
            .contains("no such parameter"));
    }

    #[test]
    fn errors_stop_the_flow_with_a_sentence() {
        let s = Stack {
            n: 7,
            d: 1,
            layers: vec![
                conv(1, 3, 3, 0),
                StackLayer::Relu,
                StackLayer::Fc { outputs: 2 },
                conv(1, 1, 1, 0),
            ],
        };
        let t = rows(&s, Rounding::Strict);
        assert!(t[0].output.as_ref().unwrap_err().contains("2.33"));
        assert!(t[1].output.as_ref().unwrap_err().contains("earlier layer"));
        // Under floor the same stack flows until the conv after the FC.
        let t = rows(&s, Rounding::Floor);
        assert_eq!(shapes(&t)[..3], ["2 × 2 × 1", "2 × 2 × 1", "2"]);
        assert!(t[3].output.as_ref().unwrap_err().contains("flattened"));
    }

    #[test]
    fn a_depthwise_row_says_why_in_the_pages_words_as_a_conv_row_does() {
        // (7 − 3) / 3 + 1 is not whole: both rows stop with the page's sentence
        // (`text::error`, in the page's language), not the core's English one.
        let one = |l| Stack {
            n: 7,
            d: 2,
            layers: vec![l],
        };
        let (dw, cv) = crate::app::i18n::with_lang(crate::app::i18n::Lang::Ko, || {
            (
                rows(
                    &one(StackLayer::Depthwise { f: 3, s: 3, p: 0 }),
                    Rounding::Strict,
                ),
                rows(&one(conv(2, 3, 3, 0)), Rounding::Strict),
            )
        });
        assert!(dw[0].output.is_err());
        assert_eq!(dw[0].output, cv[0].output);
    }

    #[test]
    fn editing_parameters_parses_like_the_fields() {
        let c = conv(6, 5, 1, 0);
        assert_eq!(c.with(Param::P, "2"), Ok(conv(6, 5, 1, 2)));
        assert!(c.with(Param::S, "0").unwrap_err().contains("outside 1–16"));
        assert!(c
            .with(Param::Outputs, "10")
            .unwrap_err()
            .contains("no such parameter"));
        let fc = StackLayer::Fc { outputs: 10 };
        assert_eq!(
            fc.with(Param::Outputs, "100"),
            Ok(StackLayer::Fc { outputs: 100 })
        );
        assert!(StackLayer::Relu
            .with(Param::K, "3")
            .unwrap_err()
            .contains("no such parameter"));
        assert!(StackLayer::Fc { outputs: 10 }
            .with(Param::Outputs, "0")
            .is_err());
        assert_eq!(
            StackLayer::Pool { f: 2, s: 2 }.params(),
            vec![(Param::F, 2), (Param::S, 2)]
        );
    }
}
