//! A small seeded random number generator for reproducible example values (same seed, same
//! numbers, on every platform: the UI puts the seed in the URL).

/// The SplitMix64 generator (Steele, Lea & Flood 2014; the seeding generator of xoshiro).
///
/// Every method uses only integer operations and IEEE-754 `+ − × ÷ √`, which are exactly
/// rounded, so the sequence is bit-identical on every platform, native or wasm (the Gaussian
/// uses its own logarithm and cosine rather than the platform's libm for this reason).
#[derive(Clone, Debug)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator starting from `seed` (any value, 0 included).
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        // The algorithm is defined with wrapping (mod 2^64) arithmetic.
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform value in [0, 1): the top 53 bits of [`next_u64`](Self::next_u64) over 2^53.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A uniform integer in `lo..=hi` (the bounds are swapped if `lo > hi`). Uses the high
    /// bits of a 64×64-bit product, whose bias (< 2^-32) is negligible.
    pub fn int_in(&mut self, lo: i32, hi: i32) -> i32 {
        let (lo, hi) = if lo > hi { (hi, lo) } else { (lo, hi) };
        // At most 2^32 values, so this fits a u64 and the offset fits an i64.
        let count = (i64::from(hi) - i64::from(lo) + 1) as u64;
        let offset = ((u128::from(self.next_u64()) * u128::from(count)) >> 64) as i64;
        i32::try_from(i64::from(lo) + offset).unwrap_or(hi)
    }

    /// A normal sample with the given mean and standard deviation (Box–Muller, one sample per
    /// two uniforms). The first uniform is taken in (0, 1] so its logarithm is finite.
    pub fn gaussian(&mut self, mean: f64, std: f64) -> f64 {
        let u1 = 1.0 - self.next_f64();
        let u2 = self.next_f64();
        let radius = (-2.0 * ln(u1)).sqrt();
        mean + std * radius * cos_turns(u2)
    }
}

/// Natural logarithm of a positive finite `x`, from exactly rounded operations only (so it is
/// the same everywhere). Accurate to about 1 ulp; 0 or less gives −∞ / NaN.
pub(crate) fn ln(x: f64) -> f64 {
    if x.is_nan() || x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return f64::NEG_INFINITY;
    }
    if x.is_infinite() {
        return x;
    }
    // ln 2 split so that e·LN2_HI is exact (fdlibm's constants).
    const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
    const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
    const TWO_54: f64 = 18_014_398_509_481_984.0;
    let (mut bits, mut e) = (x.to_bits(), 0i64);
    if bits >> 52 == 0 {
        // Subnormal: scale into the normal range first.
        bits = (x * TWO_54).to_bits();
        e = -54;
    }
    e += ((bits >> 52) & 0x7ff) as i64 - 1023;
    let mut m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    if m > std::f64::consts::SQRT_2 {
        m *= 0.5;
        e += 1;
    }
    // ln m = 2·atanh(s) = 2(s + s³/3 + s⁵/5 + …) with s = (m − 1)/(m + 1), |s| ≤ 0.172.
    let f = m - 1.0;
    let s = f / (2.0 + f);
    let z = s * s;
    let mut series = 0.0;
    for k in (1..=10).rev() {
        series = (series + 1.0 / (2 * k + 1) as f64) * z;
    }
    let ln_m = 2.0 * s * (1.0 + series);
    let e = e as f64;
    e * LN2_HI + (ln_m + e * LN2_LO)
}

/// `sin x` and `cos x` for |x| ≤ π/4 by Taylor series (truncation error below 1e-17).
fn sin_cos_small(x: f64) -> (f64, f64) {
    let z = x * x;
    let (mut s, mut c) = (0.0, 0.0);
    // Horner from the highest term: sin to x¹⁷/17!, cos to x¹⁶/16!.
    for k in (1..=8).rev() {
        let n = (2 * k) as f64;
        s = (1.0 - s) * z / ((n + 1.0) * n);
        c = (1.0 - c) * z / (n * (n - 1.0));
    }
    (x * (1.0 - s), 1.0 - c)
}

/// `cos(2π·u)` for `u` in [0, 1), reduced by quarter turns so that only |x| ≤ π/4 reaches the
/// series.
pub(crate) fn cos_turns(u: f64) -> f64 {
    let t = (u - u.floor()) * 4.0;
    let quarter = (t as u64).min(3);
    let r = t - quarter as f64;
    // cos and sin of the angle within the quarter, r·π/2.
    let (cos_a, sin_a) = if r <= 0.5 {
        let (s, c) = sin_cos_small(r * std::f64::consts::FRAC_PI_2);
        (c, s)
    } else {
        let (s, c) = sin_cos_small((1.0 - r) * std::f64::consts::FRAC_PI_2);
        (s, c)
    };
    match quarter {
        0 => cos_a,
        1 => -sin_a,
        2 => -cos_a,
        _ => sin_a,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_matches_std() {
        let mut rng = SplitMix64::new(7);
        for _ in 0..10_000 {
            let x = 1.0 - rng.next_f64();
            let (ours, std) = (ln(x), x.ln());
            assert!(
                (ours - std).abs() <= 4.0 * f64::EPSILON * std.abs().max(1e-300),
                "{x}"
            );
        }
        assert_eq!(ln(1.0), 0.0);
        assert_eq!(ln(0.0), f64::NEG_INFINITY);
        assert!(ln(-1.0).is_nan());
        let tiny = f64::from_bits(1);
        assert!((ln(tiny) - tiny.ln()).abs() < 1e-12);
    }

    #[test]
    fn cos_matches_std() {
        let mut rng = SplitMix64::new(9);
        for _ in 0..10_000 {
            let u = rng.next_f64();
            let ours = cos_turns(u);
            let std = (2.0 * std::f64::consts::PI * u).cos();
            assert!((ours - std).abs() < 1e-15, "{u}: {ours} vs {std}");
        }
        assert_eq!(cos_turns(0.0), 1.0);
        assert_eq!(cos_turns(0.5), -1.0);
    }
}
