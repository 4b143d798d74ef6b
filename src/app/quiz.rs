//! Quiz mode for classrooms (`quiz=1`): before the read-outs are revealed, ConvScope asks for
//! the output size, the parameter count or the value of the next output cell, checks the
//! answer, explains the right one with the formula, and keeps a score. The questions come
//! from the seed, so a whole class with the same link gets the same questions in order.

use super::layer::Layer;
use super::state::{Config, Op, ValueMode};
use super::text::{costs, count, formula, num};
use crate::cnn::rng::SplitMix64;
use crate::{plural, tr};

/// What a question asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// The output's width (= height): `(N − F + 2P)/S + 1`.
    OutputSize,
    /// The layer's learnable parameters: `(F·F·D)·K + K`.
    Params,
    /// The value of the output cell the window visits next (small integers, by hand).
    NextCell,
}

/// One question: a layer, what to find, and (for the next cell) the step shown before it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    /// What to find.
    pub kind: Kind,
    /// The layer asked about.
    pub config: Config,
    /// For [`Kind::NextCell`]: the position whose value is asked (the picture stops one
    /// before it).
    pub step: usize,
}

/// The verdict on an answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// Whether the answer was right.
    pub correct: bool,
    /// The right answer, as text.
    pub expected: String,
    /// How to get it, with the numbers ("(7 − 3 + 2·0) / 2 + 1 = 3").
    pub working: String,
}

/// A running quiz.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quiz {
    /// The seed every question comes from.
    pub seed: u64,
    /// Questions asked so far, the current one included (from 1).
    pub round: u32,
    /// Right answers so far.
    pub right: u32,
    /// The current question.
    pub question: Question,
    /// The verdict once the current question is answered; the read-outs show then.
    pub verdict: Option<Verdict>,
    /// Why the last answer could not be read (not a number), shown next to the box.
    pub unreadable: Option<String>,
}

/// Mixes the quiz seed with the round, so each round is its own stream.
fn rng(seed: u64, round: u32) -> SplitMix64 {
    SplitMix64::new(seed ^ (u64::from(round)).wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// The `round`-th question of the quiz seeded with `seed` (deterministic).
pub fn question(seed: u64, round: u32) -> Question {
    let mut r = rng(seed, round);
    let pick = |r: &mut SplitMix64, xs: &[usize]| xs[r.next_u64() as usize % xs.len()];
    let kind = [Kind::OutputSize, Kind::Params, Kind::NextCell][round as usize % 3];
    // Layers the lecture would draw: sizes whose windows fit exactly, a filter no larger than
    // the input, a padding smaller than the filter (more reads only zeros at the edges), and
    // a stride no longer than the filter (a 1×1 filter may take every other cell).
    for _ in 0..1000 {
        let (n, f, s, p) = match kind {
            Kind::NextCell => (
                pick(&mut r, &[4, 5, 6, 7]),
                pick(&mut r, &[2, 3]),
                pick(&mut r, &[1, 2]),
                pick(&mut r, &[0, 1]),
            ),
            _ => (
                pick(&mut r, &[5, 7, 9, 11, 13, 15, 28, 32, 64, 224, 227]),
                pick(&mut r, &[1, 3, 5, 7, 11]),
                pick(&mut r, &[1, 2, 3, 4]),
                pick(&mut r, &[0, 1, 2, 3]),
            ),
        };
        let (d, k) = match kind {
            Kind::NextCell => (1, 1),
            _ => (
                pick(&mut r, &[1, 3, 6, 16]),
                pick(&mut r, &[1, 2, 6, 10, 16, 32, 64]),
            ),
        };
        let config = Config {
            seed: r.next_u64() % 1000,
            values: ValueMode::Small,
            ..Config::square(Op::Conv, n, d, k, f, s, p)
        };
        let Ok(g) = config.geometry() else { continue };
        if f > n || p >= f || s > f.max(2) || g.out_h() < 2 {
            continue;
        }
        let step = match kind {
            Kind::NextCell => {
                let positions = config.positions();
                if positions < 2 {
                    continue;
                }
                1 + r.next_u64() as usize % (positions - 1)
            }
            _ => 0,
        };
        return Question { kind, config, step };
    }
    // Unreachable with the pools above; the lecture's first example is a safe fallback.
    Question {
        kind,
        config: Config::square(Op::Conv, 7, 1, 1, 3, 1, 0),
        step: 1,
    }
}

impl Question {
    /// The question as a sentence.
    pub fn text(&self) -> String {
        let c = &self.config;
        let layer = tr!(
            "quiz.layer",
            format!("{} × {} × {}", c.n, c.n, c.d),
            plural!(c.k, "unit.filter"),
            format!("{} × {}", c.f, c.f),
            c.s,
            c.p
        );
        match self.kind {
            Kind::OutputSize => tr!("quiz.ask_size", layer),
            Kind::Params => tr!("quiz.ask_params", layer),
            Kind::NextCell => tr!("quiz.ask_cell", layer),
        }
    }

    /// The right answer and how to get it.
    pub fn solve(&self) -> (f64, String) {
        let c = &self.config;
        let g = c.geometry();
        match self.kind {
            Kind::OutputSize => {
                let f = formula(c, &g);
                let v = g.map_or(0.0, |g| g.out_w() as f64);
                (v, f.expr)
            }
            Kind::Params => {
                let k = costs(c, &g);
                let v = crate::cnn::conv_cost(
                    c.d,
                    c.k,
                    crate::cnn::Hw::square(c.f),
                    crate::cnn::Hw::square(1),
                    c.bias,
                )
                .map_or(0.0, |cost| cost.params as f64);
                (v, k.params)
            }
            Kind::NextCell => {
                let trace = Layer::new(*c).ok().and_then(|l| l.trace(self.step));
                match trace {
                    Some(t) => {
                        let d = super::text::dot_product(&t, false);
                        let terms: Vec<String> = d
                            .channels
                            .iter()
                            .flat_map(|ch| ch.terms.iter().map(|t| t.text.clone()))
                            .collect();
                        (
                            t.total as f64,
                            format!("{} + {} = {}", terms.join(" + "), d.bias, d.total),
                        )
                    }
                    None => (0.0, String::new()),
                }
            }
        }
    }

    /// Checks `answer` (what the student typed): a verdict, or why it could not be read.
    pub fn check(&self, answer: &str) -> Result<Verdict, String> {
        let t = answer.trim().replace(['−', '–'], "-").replace(',', "");
        if t.is_empty() {
            return Err(tr!("quiz.empty").into());
        }
        let given = crate::app::fields::parse_decimal(&t).ok_or_else(|| {
            tr!(
                "quiz.not_a_number",
                answer.trim().chars().take(24).collect::<String>()
            )
        })?;
        let (value, working) = self.solve();
        Ok(Verdict {
            correct: (given - value).abs() < 1e-6,
            expected: if self.kind == Kind::Params {
                count(value as u64)
            } else {
                num(value)
            },
            working,
        })
    }
}

impl Quiz {
    /// A quiz from `seed`, at its first question.
    pub fn new(seed: u64) -> Quiz {
        Quiz {
            seed,
            round: 1,
            right: 0,
            question: question(seed, 0),
            verdict: None,
            unreadable: None,
        }
    }

    /// Answers the current question (once; later answers to it change nothing).
    pub fn answer(&self, text: &str) -> Quiz {
        let mut next = self.clone();
        if self.verdict.is_some() {
            return next;
        }
        match self.question.check(text) {
            Ok(v) => {
                next.right += u32::from(v.correct);
                next.verdict = Some(v);
                next.unreadable = None;
            }
            Err(why) => next.unreadable = Some(why),
        }
        next
    }

    /// The next question.
    pub fn next(&self) -> Quiz {
        Quiz {
            round: self.round + 1,
            question: question(self.seed, self.round),
            verdict: None,
            unreadable: None,
            ..self.clone()
        }
    }

    /// "2 of 3 right".
    pub fn score(&self) -> String {
        let asked = self.round - u32::from(self.verdict.is_none());
        tr!("quiz.score", self.right, asked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_asks_the_same_questions_and_every_answer_is_computable() {
        for seed in [1, 7, 2026, 3, 4, 5, 6, 8, 9, 10] {
            let a: Vec<Question> = (0..9).map(|r| question(seed, r)).collect();
            let b: Vec<Question> = (0..9).map(|r| question(seed, r)).collect();
            assert_eq!(a, b);
            for q in &a {
                assert!(q.config.geometry().is_ok(), "{q:?}");
                // Found in review: "10 filters of 11 × 11" on a 9 × 9 input, "1 × 1 filter,
                // zero-padding 3": layers no lecture draws.
                let c = &q.config;
                assert!(c.f <= c.n && c.p < c.f && c.s <= c.f.max(2), "{q:?}");
                // "1 filter of 3 × 3", "2 filters of 3 × 3", not "filter(s)".
                let noun = if c.k == 1 {
                    "1 filter of"
                } else {
                    "filters of"
                };
                assert!(
                    q.text().contains(noun) && !q.text().contains("(s)"),
                    "{}",
                    q.text()
                );
                let (v, working) = q.solve();
                assert!(!working.is_empty(), "{q:?}");
                if q.kind == Kind::NextCell {
                    assert!(q.step >= 1 && q.step < q.config.positions());
                    assert_eq!(v, v.round(), "small integers give whole sums");
                }
            }
        }
        assert_ne!(question(1, 0), question(2, 0));
    }

    #[test]
    fn answers_are_checked_and_explained_with_the_formula() {
        let q = Question {
            kind: Kind::OutputSize,
            config: Config::square(Op::Conv, 7, 1, 1, 3, 2, 0),
            step: 0,
        };
        let right = q.check(" 3 ").unwrap();
        assert!(right.correct);
        assert_eq!(right.working, "(7 − 3 + 2·0) / 2 + 1 = 3");
        assert!(!q.check("4").unwrap().correct);
        assert_eq!(
            q.check("three").unwrap_err(),
            "“three” is not a number: type the answer as digits."
        );
        // Found in review: an empty answer was '“” is not a number'.
        assert_eq!(
            q.check("  ").unwrap_err(),
            "Type the answer first, as digits."
        );
        let p = Question {
            kind: Kind::Params,
            config: Config::square(Op::Conv, 32, 3, 10, 5, 1, 2),
            step: 0,
        };
        let v = p.check("760").unwrap();
        assert!(v.correct);
        assert_eq!(
            (v.expected.as_str(), v.working.as_str()),
            ("760", "(5·5·3)·10 + 10 = 760")
        );
        assert!(p.check("1,000").is_ok_and(|v| !v.correct));
    }

    #[test]
    fn the_next_cell_is_the_dot_product_at_that_step() {
        let q = (0..30)
            .map(|r| question(5, r))
            .find(|q| q.kind == Kind::NextCell)
            .unwrap();
        let t = Layer::new(q.config).unwrap().trace(q.step).unwrap();
        let (v, working) = q.solve();
        assert_eq!(v, t.total as f64);
        assert!(working.ends_with(&format!("= {}", num(v))), "{working}");
        assert!(q.check(&num(v)).unwrap().correct);
    }

    #[test]
    fn a_score_counts_answered_questions() {
        let mut quiz = Quiz::new(3);
        assert_eq!(quiz.score(), "0 of 0 right");
        let (v, _) = quiz.question.solve();
        quiz = quiz.answer(&num(v));
        assert_eq!(quiz.score(), "1 of 1 right");
        // A second answer to the same question changes nothing.
        assert_eq!(quiz.answer("12345"), quiz);
        quiz = quiz.next();
        assert_eq!((quiz.round, quiz.score().as_str()), (2, "1 of 1 right"));
        quiz = quiz.answer("abc");
        assert!(quiz.unreadable.is_some() && quiz.verdict.is_none());
        quiz = quiz.answer("-99999");
        assert_eq!(quiz.score(), "1 of 2 right");
    }
}
