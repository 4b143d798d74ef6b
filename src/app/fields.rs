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
        let value: f64 = parse_decimal(t).ok_or_else(|| FieldError::NotANumber {
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

impl FieldError {
    /// The sentence away from the field's box (a notice about a page address): there the
    /// dilation is named in words, since its symbol d alone reads like the depth D.
    pub fn away_from_box(&self) -> String {
        self.sentence(match self.field() {
            Field::Dil => tr!("field.dil.word"),
            field => field.symbol(),
        })
    }

    /// The field concerned.
    fn field(&self) -> Field {
        match self {
            FieldError::Empty { field }
            | FieldError::NotANumber { field, .. }
            | FieldError::NotWhole { field, .. }
            | FieldError::OutOfRange { field, .. } => *field,
        }
    }

    /// The sentence, with the field named `name` where its symbol would stand.
    fn sentence(&self, name: &str) -> String {
        let range = |field: Field| {
            let (min, max) = field.range();
            tr!("field.err.range", min, max)
        };
        match self {
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
                tr!("field.err.not_whole", name, text, range(*field))
            }
            FieldError::OutOfRange { text, min, max, .. } => {
                tr!("field.err.out_of_range", name, text, min, max)
            }
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.sentence(self.field().symbol()))
    }
}

/// Reads a number as `str::parse::<f64>` does, with the same grammar (a sign; digits with an
/// optional point; an optional exponent; `inf`, `infinity` or `nan` in any case), but without
/// std's float parser: its correctly rounded algorithm and tables cost the page ~9 KB gzipped
/// of wasm (PERFORMANCE.md, "Size"). The result is std's, bit for bit, for up to 15
/// significant digits with a decimal exponent within ±22 (one exact product or quotient, as in
/// Clinger's fast path): every number a person types into these boxes. Beyond that it is
/// within a few units in the last place.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let (negative, rest) = match text.as_bytes().first()? {
        b'+' => (false, &text[1..]),
        b'-' => (true, &text[1..]),
        _ => (false, text),
    };
    let value = if rest.eq_ignore_ascii_case("inf") || rest.eq_ignore_ascii_case("infinity") {
        f64::INFINITY
    } else if rest.eq_ignore_ascii_case("nan") {
        f64::NAN
    } else {
        decimal(rest.as_bytes())?
    };
    Some(if negative { -value } else { value })
}

/// `digits[.digits][e[+-]digits]`, at least one digit before the exponent.
fn decimal(b: &[u8]) -> Option<f64> {
    // The first 19 significant digits (they fit a u64) and the power of ten they are scaled by.
    let (mut mantissa, mut kept, mut exp, mut digits) = (0u64, 0u32, 0i64, 0usize);
    let mut i = 0;
    let mut take = |d: u8, fraction: bool, mantissa: &mut u64, exp: &mut i64| {
        if *mantissa == 0 && d == 0 {
            // A leading zero: only its place counts.
            *exp -= i64::from(fraction);
        } else if kept < 19 {
            *mantissa = *mantissa * 10 + u64::from(d);
            kept += 1;
            *exp -= i64::from(fraction);
        } else {
            // Past 19 digits: an integer digit still scales, a fraction digit is dropped.
            *exp += i64::from(!fraction);
        }
    };
    while let Some(d) = b.get(i).filter(|c| c.is_ascii_digit()) {
        take(d - b'0', false, &mut mantissa, &mut exp);
        (i, digits) = (i + 1, digits + 1);
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while let Some(d) = b.get(i).filter(|c| c.is_ascii_digit()) {
            take(d - b'0', true, &mut mantissa, &mut exp);
            (i, digits) = (i + 1, digits + 1);
        }
    }
    if digits == 0 {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        let sign = match b.get(i) {
            Some(b'-') => {
                i += 1;
                -1
            }
            Some(b'+') => {
                i += 1;
                1
            }
            _ => 1,
        };
        let start = i;
        let mut e: i64 = 0;
        while let Some(d) = b.get(i).filter(|c| c.is_ascii_digit()) {
            // Saturates far beyond any f64 (1e400 is already infinite).
            e = (e * 10 + i64::from(d - b'0')).min(1_000_000);
            i += 1;
        }
        if i == start {
            return None;
        }
        exp += sign * e;
    }
    if i != b.len() {
        return None;
    }
    Some(scale(mantissa, exp))
}

/// `mantissa · 10^exp`.
fn scale(mantissa: u64, exp: i64) -> f64 {
    const POW10: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    if mantissa == 0 {
        return 0.0;
    }
    // Both factors exact below 2^53 and 1e22, so one correctly rounded operation: std's bits.
    let mut v = mantissa as f64;
    let mut e = exp;
    while e > 22 && v.is_finite() {
        v *= POW10[22];
        e -= 22;
    }
    while e < -22 && v != 0.0 {
        v /= POW10[22];
        e += 22;
    }
    let p = POW10[e.unsigned_abs().min(22) as usize];
    if e >= 0 {
        v * p
    } else {
        v / p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_numbers_as_std_does() {
        // The grammar: the same texts are numbers, with the same values.
        let texts = [
            "0",
            "-0",
            "+4",
            "7",
            "3.0",
            "2.",
            ".5",
            "0.05",
            "1e1",
            "1E+1",
            "1e-3",
            "12.5e2",
            "0.1",
            "0.2",
            "0.3",
            "1.7976931348623157e308",
            "1e400",
            "1e-400",
            "inf",
            "-Infinity",
            "NaN",
            "nan",
            "+inf",
            "99999999999999999999999",
            "0.000000000000000000001",
            "123456789012345",
            "3.0000000000000001",
            "",
            " 5",
            "5 ",
            "abc",
            "3x",
            "0x10",
            ".",
            "e5",
            "1e",
            "1e+",
            "--1",
            "+-1",
            "1..2",
            "1.2.3",
            "٣",
            "３",
            "1_0",
            "infinite",
            "in",
        ];
        for t in texts {
            let std = t.parse::<f64>().ok();
            let ours = parse_decimal(t);
            assert_eq!(ours.is_some(), std.is_some(), "{t:?}");
            if let (Some(a), Some(b)) = (ours, std) {
                // Outside the fast path (1.797…e308 has 17 digits) a few ulps may differ.
                let close = a == b || (a - b).abs() <= 1e-15 * b.abs();
                assert!(
                    close || (a.is_nan() && b.is_nan()),
                    "{t:?}: {a:e} against std's {b:e}"
                );
            }
        }
        // Bit for bit within the fast path: up to 15 significant digits, exponents within ±22.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: u64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) % n
        };
        for _ in 0..20_000 {
            let len = 1 + next(15) as usize;
            let digits: String = (0..len)
                .map(|_| char::from(b'0' + next(10) as u8))
                .collect();
            let point = next(len as u64 + 1) as usize;
            // The written exponent minus the fraction's digits is the power of ten applied.
            let power = next(45) as i64 - 22;
            let text = format!(
                "{}{}.{}e{}",
                if next(2) == 0 { "-" } else { "" },
                &digits[..point],
                &digits[point..],
                power + (len - point) as i64
            );
            let std: f64 = text.parse().unwrap();
            assert_eq!(
                parse_decimal(&text).map(f64::to_bits),
                Some(std.to_bits()),
                "{text}"
            );
        }
    }

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
