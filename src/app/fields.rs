//! The hyperparameter controls (N, D, K, F, S, P, and the advanced W, Fw, Sw, per-side
//! padding and dilation): labels, limits, parsing.
//!
//! The limits cover every network of the lecture (AlexNet's 227×227×3 input, 96 filters); a
//! value outside them is refused with a sentence, never clamped, and the last valid value stays
//! in force. Layers too large to animate legibly still get exact read-outs (see
//! [`super::state::ANIMATION_LIMITS`]).

use crate::tr;
use std::fmt;

/// One hyperparameter control.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// Input width and height N.
    N,
    /// Input depth D (D₁): 3 for an RGB image.
    D,
    /// Number of filters K (= output depth D₂).
    K,
    /// Filter width and height F.
    F,
    /// Stride S.
    S,
    /// Zero-padding P on every side.
    P,
    /// Input width W, when the input is rectangular (N is then its height).
    W,
    /// Filter width Fw, when the filter is rectangular (F is then its height).
    Fw,
    /// Stride along the width Sw, when strides differ per axis (S is then the row stride).
    Sw,
    /// Zero-padding above the input, when padding differs per side.
    Pt,
    /// Zero-padding left of the input.
    Pl,
    /// Zero-padding below the input.
    Pb,
    /// Zero-padding right of the input.
    Pr,
    /// Dilation: 1 is a contiguous filter, d leaves d − 1 cells between taps.
    Dil,
    /// Groups G: the channels and the filters split into G groups (G = D₁: depthwise).
    G,
    /// Output padding a of a transposed convolution (PyTorch `output_padding`).
    Opad,
}

impl Field {
    /// Every field, in the order the controls are laid out.
    pub const ALL: [Field; 16] = [
        Field::N,
        Field::D,
        Field::K,
        Field::F,
        Field::S,
        Field::P,
        Field::W,
        Field::Fw,
        Field::Sw,
        Field::Pt,
        Field::Pl,
        Field::Pb,
        Field::Pr,
        Field::Dil,
        Field::G,
        Field::Opad,
    ];
    /// The fields of the main row; the others sit under "More: rectangular, padding per
    /// side, dilation".
    pub const MAIN: [Field; 6] = [Field::N, Field::D, Field::K, Field::F, Field::S, Field::P];

    /// Position of the field in [`Field::ALL`] (and in per-field arrays).
    pub const fn index(self) -> usize {
        match self {
            Field::N => 0,
            Field::D => 1,
            Field::K => 2,
            Field::F => 3,
            Field::S => 4,
            Field::P => 5,
            Field::W => 6,
            Field::Fw => 7,
            Field::Sw => 8,
            Field::Pt => 9,
            Field::Pl => 10,
            Field::Pb => 11,
            Field::Pr => 12,
            Field::Dil => 13,
            Field::G => 14,
            Field::Opad => 15,
        }
    }

    /// The visible label, in the lecture's vocabulary.
    pub fn label(self) -> &'static str {
        match self {
            Field::N => tr!("field.n.label"),
            Field::D => tr!("field.d.label"),
            Field::K => tr!("field.k.label"),
            Field::F => tr!("field.f.label"),
            Field::S => tr!("field.s.label"),
            Field::P => tr!("field.p.label"),
            Field::W => tr!("field.w.label"),
            Field::Fw => tr!("field.fw.label"),
            Field::Sw => tr!("field.sw.label"),
            Field::Pt => tr!("field.pt.label"),
            Field::Pl => tr!("field.pl.label"),
            Field::Pb => tr!("field.pb.label"),
            Field::Pr => tr!("field.pr.label"),
            Field::Dil => tr!("field.dil.label"),
            Field::G => tr!("field.g.label"),
            Field::Opad => tr!("field.opad.label"),
        }
    }

    /// The lecture's symbol for the field.
    pub const fn symbol(self) -> &'static str {
        match self {
            Field::N => "N",
            Field::D => "D",
            Field::K => "K",
            Field::F => "F",
            Field::S => "S",
            Field::P => "P",
            Field::W => "W",
            Field::Fw => "Fw",
            Field::Sw => "Sw",
            Field::Pt => "Pt",
            Field::Pl => "Pl",
            Field::Pb => "Pb",
            Field::Pr => "Pr",
            Field::Dil => "d",
            Field::G => "G",
            Field::Opad => "a",
        }
    }

    /// A short key for element ids and (later) the URL.
    pub const fn key(self) -> &'static str {
        match self {
            Field::N => "n",
            Field::D => "d",
            Field::K => "k",
            Field::F => "f",
            Field::S => "s",
            Field::P => "p",
            Field::W => "w",
            Field::Fw => "fw",
            Field::Sw => "sw",
            Field::Pt => "pt",
            Field::Pl => "pl",
            Field::Pb => "pb",
            Field::Pr => "pr",
            Field::Dil => "dil",
            Field::G => "g",
            Field::Opad => "opad",
        }
    }

    /// One line saying what the field means.
    pub fn hint(self) -> &'static str {
        match self {
            Field::N => tr!("field.n.hint"),
            Field::D => tr!("field.d.hint"),
            Field::K => tr!("field.k.hint"),
            Field::F => tr!("field.f.hint"),
            Field::S => tr!("field.s.hint"),
            Field::P => tr!("field.p.hint"),
            Field::W => tr!("field.w.hint"),
            Field::Fw => tr!("field.fw.hint"),
            Field::Sw => tr!("field.sw.hint"),
            Field::Pt => tr!("field.pt.hint"),
            Field::Pl => tr!("field.pl.hint"),
            Field::Pb => tr!("field.pb.hint"),
            Field::Pr => tr!("field.pr.hint"),
            Field::Dil => tr!("field.dil.hint"),
            Field::G => tr!("field.g.hint"),
            Field::Opad => tr!("field.opad.hint"),
        }
    }

    /// Inclusive limits: wide enough for AlexNet (227×227×3, 96 filters of 11×11, stride 4)
    /// and VGG-sized depths, small enough that every count fits comfortably in a u64.
    pub const fn range(self) -> (usize, usize) {
        match self {
            Field::N => (1, 512),
            Field::D => (1, 2048),
            Field::K => (1, 2048),
            Field::F => (1, 31),
            Field::S | Field::Sw => (1, 16),
            Field::P | Field::Pt | Field::Pl | Field::Pb | Field::Pr => (0, 16),
            Field::W => (1, 512),
            Field::Fw => (1, 31),
            Field::Dil => (1, 8),
            Field::G => (1, 2048),
            Field::Opad => (0, 15),
        }
    }

    /// Parses what the user typed into this field.
    pub fn parse(self, text: &str) -> Result<usize, FieldError> {
        let (min, max) = self.range();
        let t = text.trim();
        if t.is_empty() {
            return Err(FieldError::Empty { field: self });
        }
        // Accept what a number box can hand over ("3", "3.0", "1e1") but only whole numbers.
        let value: f64 = t.parse().map_err(|_| FieldError::NotANumber {
            field: self,
            text: t.chars().take(24).collect(),
        })?;
        if !value.is_finite() || value.fract() != 0.0 {
            return Err(FieldError::NotWhole {
                field: self,
                text: t.chars().take(24).collect(),
            });
        }
        if value < min as f64 || value > max as f64 {
            return Err(FieldError::OutOfRange {
                field: self,
                text: t.chars().take(24).collect(),
                min,
                max,
            });
        }
        // In range, so the cast is exact.
        Ok(value as usize)
    }
}

/// Why a typed value was refused. Its `Display` is the sentence shown next to the field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldError {
    /// The box is empty (e.g. after Backspace).
    Empty {
        /// The field concerned.
        field: Field,
    },
    /// Not a number at all.
    NotANumber {
        /// The field concerned.
        field: Field,
        /// What was typed (shortened).
        text: String,
    },
    /// A number, but not a whole one.
    NotWhole {
        /// The field concerned.
        field: Field,
        /// What was typed (shortened).
        text: String,
    },
    /// A whole number outside the field's limits.
    OutOfRange {
        /// The field concerned.
        field: Field,
        /// What was typed (shortened).
        text: String,
        /// Smallest accepted value.
        min: usize,
        /// Largest accepted value.
        max: usize,
    },
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let range = |field: Field| {
            let (min, max) = field.range();
            tr!("field.err.range", min, max)
        };
        f.write_str(&match self {
            FieldError::Empty { field } => tr!(
                "field.err.empty",
                field.label(),
                field.symbol(),
                range(*field)
            ),
            FieldError::NotANumber { field, text } => {
                tr!("field.err.not_number", text, range(*field))
            }
            FieldError::NotWhole { field, text } => {
                tr!("field.err.not_whole", field.symbol(), text, range(*field))
            }
            FieldError::OutOfRange {
                field,
                text,
                min,
                max,
            } => tr!("field.err.out_of_range", field.symbol(), text, min, max),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_whole_numbers_in_range() {
        assert_eq!(Field::N.parse("7"), Ok(7));
        assert_eq!(Field::N.parse(" 227 "), Ok(227));
        assert_eq!(Field::K.parse("96"), Ok(96));
        assert_eq!(Field::P.parse("0"), Ok(0));
        assert_eq!(Field::S.parse("2.0"), Ok(2));
    }

    #[test]
    fn refuses_bad_text_with_a_sentence() {
        let e = Field::N.parse("").unwrap_err();
        assert_eq!(
            e.to_string(),
            "Input size N is empty: enter a whole number from 1 to 512."
        );
        let e = Field::S.parse("0").unwrap_err();
        assert_eq!(
            e.to_string(),
            "S = 0 is outside 1–16, the range ConvScope accepts."
        );
        let e = Field::F.parse("abc").unwrap_err();
        assert_eq!(
            e.to_string(),
            "“abc” is not a number: enter a whole number from 1 to 31."
        );
        let e = Field::P.parse("1.5").unwrap_err();
        assert!(matches!(e, FieldError::NotWhole { .. }));
        assert!(matches!(
            Field::N.parse("1e9"),
            Err(FieldError::OutOfRange { .. })
        ));
        assert!(matches!(
            Field::N.parse("-3"),
            Err(FieldError::OutOfRange { .. })
        ));
        assert!(matches!(
            Field::N.parse("NaN"),
            Err(FieldError::NotWhole { .. })
        ));
        assert!(matches!(
            Field::N.parse("inf"),
            Err(FieldError::NotWhole { .. })
        ));
    }
}
