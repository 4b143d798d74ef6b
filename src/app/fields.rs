//! The hyperparameter controls (N, D, K, F, S, P, and the advanced W, Fw, Sw, per-side
//! padding and dilation): labels, limits, parsing.
//!
//! The limits cover every network of the lecture (AlexNet's 227×227×3 input, 96 filters); a
//! value outside them is refused with a sentence, never clamped, and the last valid value stays
//! in force. Layers too large to animate legibly still get exact read-outs (see
//! [`super::state::ANIMATION_LIMITS`]).

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
    pub const fn label(self) -> &'static str {
        match self {
            Field::N => "Input size",
            Field::D => "Depth",
            Field::K => "Filters",
            Field::F => "Filter size",
            Field::S => "Stride",
            Field::P => "Padding",
            Field::W => "Input width",
            Field::Fw => "Filter width",
            Field::Sw => "Stride along width",
            Field::Pt => "Padding top",
            Field::Pl => "Padding left",
            Field::Pb => "Padding bottom",
            Field::Pr => "Padding right",
            Field::Dil => "Dilation",
            Field::G => "Groups",
            Field::Opad => "Output padding",
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
    pub const fn hint(self) -> &'static str {
        match self {
            Field::N => "width and height of the input, in cells",
            Field::D => "channels of the input (3 for RGB)",
            Field::K => "filters, one activation map each",
            Field::F => "width and height of the filter window",
            Field::S => "cells the window moves per step",
            Field::P => "rings of zeros around the input",
            Field::W => "columns of the input (N is then its rows)",
            Field::Fw => "columns of the filter (F is then its rows)",
            Field::Sw => "columns per step (S is then rows per step)",
            Field::Pt => "rows of zeros above",
            Field::Pl => "columns of zeros on the left",
            Field::Pb => "rows of zeros below",
            Field::Pr => "columns of zeros on the right",
            Field::Dil => "1 = contiguous; d leaves d − 1 cells between taps",
            Field::G => "1 = every filter sees every channel; D₁ = depthwise",
            Field::Opad => "transposed only: extra rows/columns at the bottom/right, < S",
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
            format!("a whole number from {min} to {max}")
        };
        match self {
            FieldError::Empty { field } => write!(
                f,
                "{} {} is empty: enter {}.",
                field.label(),
                field.symbol(),
                range(*field)
            ),
            FieldError::NotANumber { field, text } => {
                write!(f, "“{text}” is not a number: enter {}.", range(*field))
            }
            FieldError::NotWhole { field, text } => write!(
                f,
                "{} must be a whole number of cells, not {text}: enter {}.",
                field.symbol(),
                range(*field)
            ),
            FieldError::OutOfRange {
                field,
                text,
                min,
                max,
            } => write!(
                f,
                "{} = {text} is outside {min}–{max}, the range ConvScope accepts.",
                field.symbol()
            ),
        }
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
