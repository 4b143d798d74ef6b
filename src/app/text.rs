//! The read-outs as text: the output-size formula with the numbers filled in, the output shape,
//! the parameter count, the dot product at the current position and the live-region sentence.

use super::layer::Layer;
use super::state::Config;
use crate::cnn::{conv_cost, ConvTrace, Hw, ShapeError};

/// A number as a student reads it: whole numbers without decimals, others with at most two.
pub fn num(v: f64) -> String {
    if !v.is_finite() {
        return if v.is_nan() {
            "NaN".into()
        } else if v > 0.0 {
            "∞".into()
        } else {
            "−∞".into()
        };
    }
    let r = (v * 100.0).round() / 100.0;
    let s = if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        let t = format!("{r:.2}");
        t.trim_end_matches('0').to_string()
    };
    // A real minus sign reads better than a hyphen; "-0" is just 0.
    if s == "-0" {
        "0".into()
    } else {
        s.replacen('-', "−", 1)
    }
}

/// A factor inside a product: negative numbers in parentheses, so "2·(−1)" is unambiguous.
fn factor(v: f32) -> String {
    let s = num(v as f64);
    if s.starts_with('−') {
        format!("({s})")
    } else {
        s
    }
}

/// The output-size read-out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Formula {
    /// "(N − F + 2·P) / S + 1 = O" with the numbers filled in.
    pub expr: String,
    /// "W2 × H2 × D2", or a short word when there is no output.
    pub shape: String,
    /// Whether the lecture's rule gives a whole number.
    pub fits: bool,
    /// When it does not fit: what goes wrong and what would fit, as sentences.
    pub note: Option<String>,
}

/// The formula read-out for a configuration.
pub fn formula(config: &Config, exact: &Result<crate::cnn::Geometry, ShapeError>) -> Formula {
    let Config { n, f, s, p, .. } = *config;
    let numer = n as i64 - f as i64 + 2 * p as i64;
    let value = numer as f64 / s as f64 + 1.0;
    let expr = format!("({n} − {f} + 2·{p}) / {s} + 1 = {}", num(value));
    match exact {
        Ok(g) => Formula {
            expr,
            shape: format!("{} × {} × 1", g.out_w(), g.out_h()),
            fits: true,
            note: None,
        },
        Err(ShapeError::DoesNotFit(nf)) => {
            let mut note = format!(
                "Does not fit: {numer} / {s} leaves a remainder of {r}, so the window never \
                 reaches the last {r} {rows} and {cols} of the padded input (struck through).",
                r = nf.remainder,
                rows = if nf.remainder == 1 { "row" } else { "rows" },
                cols = if nf.remainder == 1 {
                    "column"
                } else {
                    "columns"
                },
            );
            let fixes: Vec<String> = nf
                .fitting_paddings
                .iter()
                .map(|&q| {
                    let o = (n + 2 * q - nf.span) / s + 1;
                    format!("P = {q} ({o} × {o})")
                })
                .collect();
            if !fixes.is_empty() {
                note.push_str(&format!(
                    " With S = {s}, padding {} fits.",
                    fixes.join(" or ")
                ));
            }
            let strides: Vec<String> = nf
                .fitting_strides
                .iter()
                .filter(|&&t| t != s)
                .map(|t| t.to_string())
                .collect();
            if !strides.is_empty() {
                note.push_str(&format!(
                    " With P = {p}, stride S = {} fits.",
                    strides.join(", ")
                ));
            }
            Formula {
                expr,
                shape: "does not fit".into(),
                fits: false,
                note: Some(note),
            }
        }
        Err(e) => Formula {
            expr,
            shape: "no output".into(),
            fits: false,
            note: Some(e.to_string()),
        },
    }
}

/// "F·F·D1·K + K = total", the lecture's parameter count (one channel and one filter here).
pub fn params(config: &Config) -> String {
    let f = config.f;
    match conv_cost(1, 1, Hw::square(f), Hw::square(1), true) {
        Ok(c) => format!("{f}·{f}·1·1 + 1 = {}", c.params),
        Err(e) => e.to_string(),
    }
}

/// One product w·x of the dot product.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// "w·x" as text.
    pub text: String,
    /// Whether x lies in the zero-padding.
    pub padding: bool,
}

/// The dot product at one output position, written out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DotProduct {
    /// `out[r][c]`.
    pub target: String,
    /// Every product, row-major over the filter.
    pub terms: Vec<Term>,
    /// The bias as text.
    pub bias: String,
    /// The sum of the products, as text.
    pub sum: String,
    /// The output value, as text.
    pub total: String,
}

/// The dot product of a trace, as text.
pub fn dot_product(t: &ConvTrace) -> DotProduct {
    let terms = t
        .channels
        .iter()
        .flat_map(|c| c.taps.iter())
        .map(|tap| Term {
            text: format!("{}·{}", factor(tap.weight), factor(tap.input)),
            padding: tap.padding,
        })
        .collect();
    let sum: f32 = t.channels.iter().map(|c| c.sum).sum();
    DotProduct {
        target: format!("out[{}][{}]", t.row, t.col),
        terms,
        bias: factor(t.bias),
        sum: num(sum as f64),
        total: num(t.total as f64),
    }
}

/// The sentence the live region reads out for the current step.
pub fn status(layer: &Layer, step: usize) -> String {
    let positions = layer.shown.map_or(0, |g| g.positions());
    match (layer.position(step), layer.trace(step)) {
        (Some((r, c)), Some(t)) => {
            let pads = t
                .channels
                .iter()
                .flat_map(|c| c.taps.iter())
                .filter(|tap| tap.padding)
                .count();
            let pad_note = match pads {
                0 => String::new(),
                1 => ", 1 tap in the zero-padding".into(),
                k => format!(", {k} taps in the zero-padding"),
            };
            format!(
                "Step {} of {positions}: output row {r}, column {c} = {}{pad_note}.",
                step + 1,
                num(t.total as f64)
            )
        }
        _ => "No output position: the filter does not fit the input.".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::layer::Layer;

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(num(3.0), "3");
        assert_eq!(num(-2.0), "−2");
        assert_eq!(num(2.3333), "2.33");
        assert_eq!(num(0.5), "0.5");
        assert_eq!(num(-0.0), "0");
        assert_eq!(factor(-1.0), "(−1)");
    }

    #[test]
    fn formula_with_numbers_for_the_lecture_examples() {
        let c = Config::default();
        let f = formula(&c, &c.geometry());
        assert_eq!(f.expr, "(7 − 3 + 2·0) / 2 + 1 = 3");
        assert_eq!(f.shape, "3 × 3 × 1");
        assert!(f.fits);

        let c = Config { s: 1, ..c };
        assert_eq!(formula(&c, &c.geometry()).shape, "5 × 5 × 1");

        let c = Config { s: 3, ..c };
        let f = formula(&c, &c.geometry());
        assert_eq!(f.expr, "(7 − 3 + 2·0) / 3 + 1 = 2.33");
        assert!(!f.fits);
        let note = f.note.unwrap();
        assert!(note.contains("remainder of 1"), "{note}");
        assert!(note.contains("P = 1 (3 × 3)"), "{note}");

        let c = Config {
            n: 32,
            f: 5,
            s: 1,
            p: 2,
            seed: 1,
        };
        assert_eq!(formula(&c, &c.geometry()).shape, "32 × 32 × 1");
    }

    #[test]
    fn a_filter_larger_than_the_input_says_so() {
        let c = Config {
            n: 3,
            f: 5,
            s: 1,
            p: 0,
            seed: 1,
        };
        let f = formula(&c, &c.geometry());
        assert_eq!(f.expr, "(3 − 5 + 2·0) / 1 + 1 = −1");
        assert_eq!(f.shape, "no output");
        assert!(f.note.unwrap().contains('5'));
    }

    #[test]
    fn params_of_one_filter() {
        assert_eq!(params(&Config::default()), "3·3·1·1 + 1 = 10");
    }

    #[test]
    fn dot_product_adds_up() {
        let l = Layer::new(Config {
            p: 1,
            ..Config::default()
        })
        .unwrap();
        let d = dot_product(&l.trace(0).unwrap());
        assert_eq!(d.target, "out[0][0]");
        assert_eq!(d.terms.len(), 9);
        // The top-left window with P = 1 has its first row and column in the padding.
        assert_eq!(d.terms.iter().filter(|t| t.padding).count(), 5);
        assert!(d.terms[0].text.ends_with("·0"));
        let s = status(&l, 0);
        assert!(
            s.starts_with("Step 1 of 16: output row 0, column 0 = "),
            "{s}"
        );
        assert!(s.ends_with("5 taps in the zero-padding."), "{s}");
    }
}
